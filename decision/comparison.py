"""Every ranking method side by side (`--method all`): how far they agree, and a consensus.

Agreement is Kendall's tau-b and Spearman's rho between each pair of methods' rankings (ties
allowed); the consensus is Borda (points m - rank summed over methods, higher is better) and
Copeland (pairwise majority: wins minus losses over the other alternatives, higher is better).
A method that cannot run on the data is listed under `skipped` with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from decision.errors import NotApplicable
from decision.methods.registry import METHODS
from decision.model import Study
from decision.ranking import Ranking, choose, competition_ranks, evaluate
from decision.tables import ALTERNATIVE, Table, frame_table, table
from decision.weights import Weights, derive


def average_ranks(ranks: np.ndarray) -> np.ndarray:
    """Competition ranks turned into average (fractional) ranks: ties share the mean position."""
    r = np.asarray(ranks, dtype=float)
    order = np.argsort(r, kind="stable")
    out = np.empty_like(r)
    sorted_r = r[order]
    # mean position of each tie group: positions start+1 .. start+count average start + (count + 1) / 2
    _, start, counts = np.unique(sorted_r, return_index=True, return_counts=True)
    out[order] = np.repeat(start + (counts + 1) / 2, counts)
    return out


def _tied_pairs(values: np.ndarray) -> int:
    """How many pairs share a value: sum of c(c - 1)/2 over the groups of equal values."""
    counts = np.unique(values, return_counts=True)[1].astype(np.int64)
    return int((counts * (counts - 1) // 2).sum())


def _inversions(codes: np.ndarray) -> int:
    """How many pairs i < j have codes[i] > codes[j] (codes: integers 0..u-1).

    Bottom-up merge counting, all blocks of a level at once: at width w, each element of a right
    block counts the elements of its left neighbour that exceed it, by a search in the sorted
    left blocks (keys offset by block pair). O(m log^2 m), no m x m matrix."""
    m = codes.size
    u = int(codes.max()) + 1 if m else 1
    position = np.arange(m, dtype=np.int64)
    total, width = 0, 1
    while width < m:
        block = position // width
        pair, right = block >> 1, (block & 1).astype(bool)
        key = pair * u + codes
        left = np.sort(key[~right])
        end = np.searchsorted(left, (pair[right] + 1) * u, side="left")  # end of the pair's left block
        upto = np.searchsorted(left, key[right], side="right")  # ... of its values <= this one
        total += int((end - upto).sum())
        width *= 2
    return total


def _kendall_tau_b_pairwise(a: np.ndarray, b: np.ndarray) -> float:
    i, j = np.triu_indices(len(a), k=1)
    sa, sb = np.sign(a[i] - a[j]), np.sign(b[i] - b[j])
    concordance = float((sa * sb).sum())
    untied_a, untied_b = float(np.count_nonzero(sa)), float(np.count_nonzero(sb))
    if untied_a == 0 or untied_b == 0:
        return float("nan")
    return concordance / np.sqrt(untied_a * untied_b)


def kendall_tau_b(a: np.ndarray, b: np.ndarray) -> float:
    """Kendall's tau-b of two rankings (Kendall 1945): ties in either ranking are allowed.

    tau_b = (C - D) / sqrt((T - X)(T - Y)) over the T = m(m-1)/2 pairs, X (Y) tied in a (b);
    null (nan) when one ranking is all ties. Counted in O(m log^2 m) (Knight 1966): sorted by
    (a, b), the discordant pairs D are the inversions of b, and C - D = T - X - Y + Z - 2D with Z
    the pairs tied in both. Integer counts: the same figure as the sum over all pairs.
    Non-finite values take the pairwise sum."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if not (np.isfinite(a).all() and np.isfinite(b).all()):
        return _kendall_tau_b_pairwise(a, b)
    m = a.size
    total = m * (m - 1) // 2
    tied_a, tied_b = _tied_pairs(a), _tied_pairs(b)
    untied_a, untied_b = float(total - tied_a), float(total - tied_b)
    if untied_a == 0 or untied_b == 0:
        return float("nan")
    order = np.lexsort((b, a))
    sa, sb = a[order], b[order]
    starts = np.flatnonzero(np.r_[True, (sa[1:] != sa[:-1]) | (sb[1:] != sb[:-1])])
    both = np.diff(np.r_[starts, m]).astype(np.int64)
    tied_both = int((both * (both - 1) // 2).sum())
    codes = np.unique(b, return_inverse=True)[1].reshape(-1)[order].astype(np.int64)
    concordance = float(total - tied_a - tied_b + tied_both - 2 * _inversions(codes))
    return concordance / np.sqrt(untied_a * untied_b)


def spearman_rho(a: np.ndarray, b: np.ndarray) -> float:
    """Spearman's rho: Pearson correlation of the average ranks; nan when one ranking is all ties."""
    ra, rb = average_ranks(a) - 0.0, average_ranks(b) - 0.0
    ra, rb = ra - ra.mean(), rb - rb.mean()
    denominator = np.sqrt((ra * ra).sum() * (rb * rb).sum())
    return float((ra * rb).sum() / denominator) if denominator > 0 else float("nan")


def borda(rank_table: np.ndarray) -> np.ndarray:
    """Borda points per alternative: sum over methods of (m - rank). rank_table is (methods, m)."""
    m = rank_table.shape[1]
    return (m - rank_table).sum(axis=0).astype(float)


def copeland(rank_table: np.ndarray, *, block: int = 512) -> np.ndarray:
    """Copeland score per alternative: pairwise majority wins minus losses over the methods.

    A majority relation need not be transitive, so every pair is looked at (O(k m^2)), but each
    pair once (the net preference is antisymmetric), in square blocks of small integers: memory
    stays bounded whatever m."""
    table = np.asarray(rank_table)
    k, m = table.shape
    # Whole ranks 0..2^15-1 (so differences too) and vote counts fit in int16; anything else: floats.
    whole = table.size == 0 or (np.array_equal(table, np.round(table)) and table.min() >= 0 and table.max() < 2**15)
    small = np.int16 if whole and k < 2**15 else np.float64
    ranks = table.astype(small)
    out = np.zeros(m)  # whole numbers, exact
    for a in range(0, m, block):
        rows = ranks[:, a:a + block, None]
        for b in range(a, m, block):
            columns = ranks[:, None, b:b + block]
            net = np.zeros((rows.shape[1], columns.shape[2]), dtype=small)  # methods preferring row minus column
            for method in range(k):
                net += np.sign(columns[method] - rows[method])
            wins = np.sign(net)
            out[a:a + block] += wins.sum(axis=1)
            if b != a:
                out[b:b + block] -= wins.sum(axis=0)
    return out


@dataclass(frozen=True)
class Comparison:
    rankings: tuple[Ranking, ...]
    skipped: dict[str, str]
    alternatives: tuple[str, ...]

    @property
    def rank_table(self) -> np.ndarray:
        return np.array([r.ranks for r in self.rankings])

    @property
    def methods(self) -> tuple[str, ...]:
        return tuple(r.method for r in self.rankings)

    def pairwise(self, measure) -> np.ndarray:
        """measure(a, b) for every pair of methods (k, k); both measures are symmetric, so each pair
        once; NaN where a measure is undefined (a method that ties every alternative)."""
        ranks, k = self.rank_table, len(self.rankings)
        out = np.full((k, k), np.nan)
        for i in range(k):
            for j in range(i, k):
                out[i, j] = out[j, i] = measure(ranks[i], ranks[j])
        return out

    def agreement(self, measure) -> dict[str, dict[str, float | None]]:
        """`pairwise` as JSON: rounded to 12 digits, None where undefined."""
        values, methods = self.pairwise(measure), self.methods
        return {a: {b: None if np.isnan(values[i, j]) else round(float(values[i, j]), 12)
                    for j, b in enumerate(methods)} for i, a in enumerate(methods)}

    @cached_property
    def _consensus(self) -> dict[str, np.ndarray]:
        """Borda and Copeland scores (computed once: Copeland looks at every pair of alternatives)."""
        ranks = self.rank_table
        return {"borda": borda(ranks), "copeland": copeland(ranks)}

    def consensus(self) -> dict[str, list[dict]]:
        out = {}
        for name, score in self._consensus.items():
            ranks = competition_ranks(score)
            order = np.argsort(-score, kind="stable")
            out[name] = [{"alternative": self.alternatives[i], "score": float(score[i]), "rank": int(ranks[i])} for i in order]
        return out

    def tables(self) -> dict[str, Table]:
        """`ranks` and `scores` by method (and the consensus ranks), `consensus` (first places,
        Borda points, Copeland score and their ranks), `kendall` and `spearman` (method by method).
        Alternatives in the study's order. Built once (shared: a presenter must not change them)."""
        return dict(self._tables)

    @cached_property
    def _tables(self) -> dict[str, Table]:
        methods, names = self.methods, list(self.alternatives)
        ranks = self.rank_table
        borda_score, copeland_score = self._consensus["borda"], self._consensus["copeland"]
        borda_rank, copeland_rank = competition_ranks(borda_score), competition_ranks(copeland_score)
        out = {
            "ranks": Table("Rank of each alternative by method (1 = best), and by the consensus of all methods",
                           _frame(np.column_stack([ranks.T, borda_rank, copeland_rank]), names,
                                  [*methods, "borda", "copeland"])),
            "scores": frame_table("Score of each alternative by method (each method's own figure and scale)",
                                  {m: r.scores for m, r in zip(methods, self.rankings)}, names, ALTERNATIVE),
            "consensus": frame_table(
                "Consensus of all methods: first places (methods ranking the alternative first), Borda points "
                "(number of alternatives - rank, summed over methods), Copeland score (pairwise majority wins minus "
                "losses), and their ranks",
                {"first places": (ranks == 1).sum(axis=0), "borda points": borda_score, "borda rank": borda_rank,
                 "copeland score": copeland_score, "copeland rank": copeland_rank}, names, ALTERNATIVE),
        }
        for name, measure, caption in (("kendall", kendall_tau_b, "Kendall's tau-b"),
                                       ("spearman", spearman_rho, "Spearman's rho")):
            out[name] = table(f"Agreement between methods: {caption} of their rankings (NaN: a method ties every "
                              "alternative)", self.pairwise(measure), methods, methods)
        return out

    def to_dict(self) -> dict:
        return {
            "methods": [r.to_dict() for r in self.rankings],
            "skipped": dict(self.skipped),
            "agreement": {"kendall": self.agreement(kendall_tau_b), "spearman": self.agreement(spearman_rho)},
            "consensus": self.consensus(),
        }

    def to_frame(self):
        """One row per alternative: each method's score and rank, then the consensus ranks (a view of
        the `scores` and `ranks` tables, for notebooks)."""
        import pandas as pd

        tables = self.tables()
        scores, ranks = tables["scores"].frame, tables["ranks"].frame
        frame = pd.DataFrame({"alternative": self.alternatives})
        for k, m in enumerate(self.methods):
            frame[f"{m} score"] = scores.iloc[:, k].to_numpy()
            frame[f"{m} rank"] = ranks.iloc[:, k].to_numpy()
        frame["borda rank"], frame["copeland rank"] = ranks.iloc[:, -2].to_numpy(), ranks.iloc[:, -1].to_numpy()
        return frame


def _frame(values: np.ndarray, alternatives: list, columns: list):
    """A DataFrame by alternative with these columns (names may repeat: a method may be called 'borda')."""
    import pandas as pd  # lazily: a table is built when a presenter asks for it

    frame = pd.DataFrame(values, index=alternatives, columns=columns)
    frame.index.name = ALTERNATIVE
    return frame


def compare_all(study: Study, *, weighting: str | None = None, weights: Weights | None = None) -> Comparison:
    """Rank with every registered method at its default parameters, with the same weights."""
    study.require_complete()
    if weights is None:
        weights = derive(study, choose(study, None, weighting)[1])
    rankings, skipped = [], {}
    for method, spec in METHODS.items():
        try:
            rankings.append(evaluate(study, method, dict(spec.parameters), weights))
        except NotApplicable as exc:
            skipped[method] = str(exc)
    return Comparison(tuple(rankings), skipped, tuple(study.alternative_names))

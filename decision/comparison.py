"""Every ranking method side by side (`--method all`): how far they agree, and a consensus.

Agreement is Kendall's tau-b and Spearman's rho between each pair of methods' rankings (ties
allowed); the consensus is Borda (points m - rank summed over methods, higher is better) and
Copeland (pairwise majority: wins minus losses over the other alternatives, higher is better).
A method that cannot run on the data is listed under `skipped` with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from decision.errors import InputError
from decision.methods.registry import METHODS
from decision.model import Study
from decision.ranking import Ranking, competition_ranks, rank
from decision.weights import Weights, derive


def average_ranks(ranks: np.ndarray) -> np.ndarray:
    """Competition ranks turned into average (fractional) ranks: ties share the mean position."""
    r = np.asarray(ranks, dtype=float)
    order = np.argsort(r, kind="stable")
    out = np.empty_like(r)
    sorted_r = r[order]
    positions = np.arange(1, len(r) + 1, dtype=float)
    # mean position of each tie group
    _, start, counts = np.unique(sorted_r, return_index=True, return_counts=True)
    for s, c in zip(start, counts):
        positions[s:s + c] = positions[s:s + c].mean()
    out[order] = positions
    return out


def kendall_tau_b(a: np.ndarray, b: np.ndarray) -> float:
    """Kendall's tau-b of two rankings (Kendall 1945): ties in either ranking are allowed.

    Pairwise over the m(m-1)/2 pairs; null (nan) when one ranking is all ties."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    i, j = np.triu_indices(len(a), k=1)
    sa, sb = np.sign(a[i] - a[j]), np.sign(b[i] - b[j])
    concordance = float((sa * sb).sum())
    untied_a, untied_b = float(np.count_nonzero(sa)), float(np.count_nonzero(sb))
    if untied_a == 0 or untied_b == 0:
        return float("nan")
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


def copeland(rank_table: np.ndarray) -> np.ndarray:
    """Copeland score per alternative: pairwise majority wins minus losses over the methods."""
    wins = np.zeros((rank_table.shape[1],) * 2)
    for ranks in rank_table:
        wins += ranks[:, None] < ranks[None, :]
    return np.sign(wins - wins.T).sum(axis=1)


@dataclass(frozen=True)
class Comparison:
    rankings: tuple[Ranking, ...]
    skipped: dict[str, str]
    alternatives: tuple[str, ...]

    @property
    def rank_table(self) -> np.ndarray:
        return np.array([r.ranks for r in self.rankings])

    def agreement(self, measure) -> dict[str, dict[str, float | None]]:
        table = {}
        for a in self.rankings:
            table[a.method] = {}
            for b in self.rankings:
                value = measure(a.ranks, b.ranks)
                table[a.method][b.method] = None if np.isnan(value) else round(float(value), 12)
        return table

    def consensus(self) -> dict[str, list[dict]]:
        out = {}
        for name, score in (("borda", borda(self.rank_table)), ("copeland", copeland(self.rank_table))):
            ranks = competition_ranks(score)
            order = np.argsort(-score, kind="stable")
            out[name] = [{"alternative": self.alternatives[i], "score": float(score[i]), "rank": int(ranks[i])} for i in order]
        return out

    def to_dict(self) -> dict:
        return {
            "methods": [r.to_dict() for r in self.rankings],
            "skipped": dict(self.skipped),
            "agreement": {"kendall": self.agreement(kendall_tau_b), "spearman": self.agreement(spearman_rho)},
            "consensus": self.consensus(),
        }

    def to_frame(self):
        """One row per alternative: each method's score and rank, then the consensus ranks."""
        import pandas as pd

        frame = pd.DataFrame({"alternative": self.alternatives})
        for r in self.rankings:
            frame[f"{r.method} score"] = r.scores
            frame[f"{r.method} rank"] = r.ranks
        for name, rows in self.consensus().items():
            by_name = {row["alternative"]: row["rank"] for row in rows}
            frame[f"{name} rank"] = frame["alternative"].map(by_name)
        return frame


def compare_all(study: Study, *, weighting: str | None = None, weights: Weights | None = None) -> Comparison:
    """Rank with every registered method at its default parameters, with the same weights."""
    if weights is None:
        weights = derive(study, weighting or study.settings.get("weights") or "direct")
    rankings, skipped = [], {}
    for method in METHODS:
        try:
            rankings.append(rank(study, method, weights=weights))
        except InputError as exc:
            skipped[method] = "; ".join(exc.problems).split(": cannot rank this study: ")[-1]
    return Comparison(tuple(rankings), skipped, tuple(study.alternative_names))

"""SMAA-2 (Lahdelma & Salminen 2001): what the ranking looks like across every plausible weight and score.

Over N samples of weights w (and of scores x where they are uncertain), each evaluated by the
method, with ranks from its utilities:

  rank acceptability  b_i^r = share of samples in which alternative i has rank r;
  holistic            a_i = sum_r alpha_r b_i^r, with meta-weights alpha_1 = 1 >= ... >= alpha_m >= 0
                      (default: rank-order centroid weights rescaled to alpha_1 = 1; or linear
                      (m - r)/(m - 1), or inverse 1/r);
  central weights     w_i^c = the mean weight vector of the samples in which i ranks first;
  confidence factor   p_i^c = share of score samples (a second pass, its own streams) in which i
                      ranks first when the weights are its central weights (Lahdelma & Salminen 2001);
  pairwise winning    c_ik = share of samples in which i ranks before k (Leskinen et al. 2006;
                      Tervonen & Lahdelma 2007).

Ties (utilities within a relative 1e-9, as in the command's competition ranks) are broken at
random in expectation: the g alternatives of a tie each take 1/g of each of the g ranks they span,
and half a pairwise win each; without ties every share is 0 or 1. Each index is a mean of
per-sample shares, so its Monte Carlo standard error is the sample standard deviation over
sqrt(N); a central weight is a ratio of means, whose error is the usual delta-method one,
sqrt(sum_s x_s^2 (w_s - w^c)^2) / sum_s x_s with x_s the sample's first-rank share (Cochran 1977).

Samples are evaluated a whole block at a time (`blocks.BLOCK`), each block reduced at once to
sums; blocks are folded in block order, whatever the chunking and engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from decision.robustness import blocks as B
from decision.robustness.problem import Problem
from decision.robustness.engines import LocalEngine
from decision.tables import ALTERNATIVE, Table, frame_table, matrix

META_WEIGHTS = ("centroid", "linear", "inverse")
RTOL = 1e-9
PAIRWISE_CELLS = 4_000_000  # pairwise comparisons held at once


def meta_weights(m: int, kind: str = "centroid") -> np.ndarray:
    """alpha_1..alpha_m of the holistic acceptability, alpha_1 = 1, non-increasing."""
    r = np.arange(1, m + 1, dtype=float)
    if kind == "centroid":
        tail = np.cumsum((1.0 / r)[::-1])[::-1]  # sum_{i=r}^m 1/i
        return tail / tail[0]
    if kind == "linear":
        return (m - r) / (m - 1) if m > 1 else np.ones(1)
    if kind == "inverse":
        return 1.0 / r
    raise ValueError(f"unknown meta-weights {kind!r} (known: {', '.join(META_WEIGHTS)})")


def positions(u: np.ndarray, rtol: float = RTOL):
    """For utilities (k, m), higher better: `order` (alternatives best first), and for each place
    p of that order the first and last place of its tie group (`start`, `end`), all (k, m)."""
    k, m = u.shape
    order = np.argsort(-u, axis=1, kind="stable")
    place = np.broadcast_to(np.arange(m), (k, m))
    if m < 2:
        return order, np.zeros((k, m), dtype=np.intp), np.zeros((k, m), dtype=np.intp)
    z = np.take_along_axis(u, order, axis=1)
    tie = z[:, :-1] - z[:, 1:] <= rtol * np.maximum(np.abs(z[:, :-1]), np.abs(z[:, 1:]))  # 0 <= 0 when both are 0
    if not tie.any():
        return order, np.array(place), np.array(place)
    opens = np.ones((k, m), dtype=bool)
    opens[:, 1:] = ~tie
    closes = np.ones((k, m), dtype=bool)
    closes[:, :-1] = ~tie
    start = np.maximum.accumulate(np.where(opens, place, 0), axis=1)
    end = np.minimum.accumulate(np.where(closes, place, m - 1)[:, ::-1], axis=1)[:, ::-1]
    return order, start, end


def first_shares(u: np.ndarray, rtol: float = RTOL) -> np.ndarray:
    """Each alternative's share of first rank in each sample, (k, m): 1, 0, or 1/g in a tie of g."""
    k, m = u.shape
    top = u.max(axis=1, keepdims=True)
    near = top - u <= rtol * np.maximum(np.abs(top), np.abs(u))  # the best itself, and any tied with it
    if np.count_nonzero(near) == k:  # one per row: nobody ties for first, one-hot
        return (np.arange(m) == np.argmax(u, axis=1)[:, None]).astype(float)
    order, start, end = positions(u, rtol)
    x = np.zeros(u.shape)
    np.put_along_axis(x, order, np.where(start == 0, 1.0 / (end - start + 1), 0.0), axis=1)
    return x


def _rank_sums(order, start, end, m: int):
    """Sums over samples of the rank shares and of their squares, each (m alternatives, m ranks)."""
    size = end - start + 1
    tied = (size > 1).any(axis=1)
    plain = order[~tied]
    counts = np.bincount((plain * m + np.arange(m)).ravel(), minlength=m * m).reshape(m, m).astype(float)
    squares = counts.copy()
    if tied.any():
        a, s, e = order[tied].ravel(), start[tied].ravel(), end[tied].ravel()
        share = 1.0 / (e - s + 1)
        for out, weight in ((counts, share), (squares, share * share)):
            diff = (np.bincount(a * (m + 1) + s, weights=weight, minlength=m * (m + 1))
                    - np.bincount(a * (m + 1) + e + 1, weights=weight, minlength=m * (m + 1)))
            out += np.cumsum(diff.reshape(m, m + 1), axis=1)[:, :m]
    return counts, squares


def _pairwise_sums(order, start, end, m: int):
    """Sums over samples of 1 (i before k), 1/2 (tied) or 0, and of their squares, (m, m)."""
    tied = (end > start).any(axis=1)
    before, after = np.triu_indices(m, 1)  # places p < q: the alternative at p wins over the one at q
    plain = order[~tied]
    wins = np.bincount((plain[:, before] * m + plain[:, after]).ravel(), minlength=m * m).reshape(m, m).astype(float)
    ties = np.zeros((m, m))
    if tied.any():
        level = np.empty(order[tied].shape, dtype=np.intp)
        np.put_along_axis(level, order[tied], start[tied], axis=1)
        step = max(1, PAIRWISE_CELLS // (m * m))
        for first in range(0, level.shape[0], step):
            rows = level[first:first + step]
            wins += (rows[:, :, None] < rows[:, None, :]).sum(axis=0)
            ties += (rows[:, :, None] == rows[:, None, :]).sum(axis=0)
        np.fill_diagonal(ties, 0.0)
    return wins + 0.5 * ties, wins + 0.25 * ties


def reduce_block(u: np.ndarray, w: np.ndarray, alpha: np.ndarray) -> dict:
    """One block's utilities (k, m) and weights (k, n) as the sums the indices are made of."""
    k, m = u.shape
    order, start, end = positions(u)
    if not (end != start).any():
        return _reduce_untied(order, w, alpha)
    size = end - start + 1
    acc, acc2 = _rank_sums(order, start, end, m)
    cumulative = np.concatenate([[0.0], np.cumsum(alpha)])
    h = (cumulative[end + 1] - cumulative[start]) / size  # holistic value of the alternative in each place
    x = np.zeros((k, m))
    np.put_along_axis(x, order, np.where(start == 0, 1.0 / size, 0.0), axis=1)
    x2 = x * x
    pw, pw2 = _pairwise_sums(order, start, end, m)
    return {
        "n": np.array(float(k)),
        "acceptability": acc, "acceptability2": acc2,
        "holistic": np.bincount(order.ravel(), weights=h.ravel(), minlength=m),
        "holistic2": np.bincount(order.ravel(), weights=(h * h).ravel(), minlength=m),
        "xw": x.T @ w, "x2": x2.sum(axis=0), "x2w": x2.T @ w, "x2w2": x2.T @ (w * w),
        "pairwise": pw, "pairwise2": pw2,
    }


def _reduce_untied(order: np.ndarray, w: np.ndarray, alpha: np.ndarray) -> dict:
    """reduce_block for a block without ties (the usual case): every share is 0 or 1, so the sums
    of squares equal the sums, holistic values follow from the rank counts, and the first-rank
    shares are one-hot."""
    k, m = order.shape
    acc = np.bincount((order * m + np.arange(m)).ravel(), minlength=m * m).reshape(m, m).astype(float)
    x = np.zeros((k, m))
    x[np.arange(k), order[:, 0]] = 1.0
    xw = x.T @ w
    before, after = np.triu_indices(m, 1)
    wins = np.bincount((order[:, before] * m + order[:, after]).ravel(), minlength=m * m).reshape(m, m).astype(float)
    return {
        "n": np.array(float(k)),
        "acceptability": acc, "acceptability2": acc.copy(),
        "holistic": acc @ alpha, "holistic2": acc @ (alpha * alpha),
        "xw": xw, "x2": acc[:, 0].copy(), "x2w": xw.copy(), "x2w2": x.T @ (w * w),
        "pairwise": wins, "pairwise2": wins.copy(),
    }


def first_pass(problem: Problem, seed: int, samples: int, start: int, stop: int, alpha) -> list[dict]:
    """Blocks start..stop of the first pass (weights, and scores where uncertain), each reduced."""
    out = []
    for index in range(start, stop):
        rng = B.generator(seed, B.FIRST, index)
        k = B.block_size(samples, index)
        w = problem.weights.draw(rng, k)
        x = problem.draw_scores(rng, k) if problem.uncertain else problem.scores
        out.append(reduce_block(problem.evaluate(w, x), w, np.asarray(alpha)))
    return out


def confidence_pass(problem: Problem, seed: int, samples: int, start: int, stop: int, central) -> list[dict]:
    """Blocks start..stop of the confidence pass: score samples, each alternative at its central
    weights; sums of its first-rank shares and their squares (NaN rows: no central weights)."""
    central = np.asarray(central, dtype=float)
    m = central.shape[0]
    out = []
    for index in range(start, stop):
        rng = B.generator(seed, B.CONFIDENCE, index)
        k = B.block_size(samples, index)
        x = problem.draw_scores(rng, k)
        first, first2 = np.zeros(m), np.zeros(m)
        defined = np.flatnonzero(~np.isnan(central).any(axis=1))
        for i, u in zip(defined, problem.evaluate.many(central[defined], x)):  # a loop over alternatives
            share = first_shares(u)[:, i]
            first[i], first2[i] = share.sum(), (share * share).sum()
        out.append({"n": np.array(float(k)), "confidence": first, "confidence2": first2})
    return out


def _fold(engine, task, problem, seed, samples, extra, per_chunk, progress, stage) -> dict:
    """Run `task` over every block in chunks on `engine`; fold the block sums in block order."""
    count = B.block_count(samples)
    if not per_chunk:
        per_chunk = getattr(engine, "default_chunks", 1) or max(1, count // (4 * getattr(engine, "workers", 1)))
    ranges = B.chunks(count, per_chunk)
    shared = engine.share(problem)
    total, pending, following, done = None, {}, 0, 0
    if progress:
        progress(stage, 0, samples)
    for index, partials in engine.map(task, ((shared, seed, samples, a, b, extra) for a, b in ranges)):
        pending[index] = partials
        done += sum(int(p["n"]) for p in partials)
        while following in pending:
            for partial in pending.pop(following):
                total = partial if total is None else {key: total[key] + partial[key] for key in total}
            following += 1
        if progress:
            progress(stage, done, samples)
    return total


def _standard_error(total, total2, n):
    """Standard error of a mean of per-sample values, from their sum and sum of squares."""
    if n < 2:
        return np.full(np.shape(total), np.nan)
    mean = total / n
    variance = np.maximum(total2 - n * mean * mean, 0.0) / (n - 1)
    return np.sqrt(variance / n)


@dataclass(frozen=True)
class SMAAResult:
    """The SMAA-2 indices, each with its Monte Carlo standard error. Arrays are indexed by
    alternative (and rank or criterion); NaN where an index is undefined (no central weights for
    an alternative that never ranks first, the diagonal of pairwise winning)."""

    alternatives: tuple[str, ...]
    criteria: tuple[str, ...]
    method: str
    weight_info: str
    distribution: str
    samples: int
    seed: int
    meta: str
    uncertain_scores: bool
    parameters: dict  # the method's parameters
    acceptability: np.ndarray  # (m, m ranks)
    holistic: np.ndarray  # (m,)
    central_weights: np.ndarray  # (m, n)
    confidence: np.ndarray  # (m,)
    pairwise: np.ndarray  # (m, m)
    se_acceptability: np.ndarray
    se_holistic: np.ndarray
    se_central_weights: np.ndarray
    se_confidence: np.ndarray
    se_pairwise: np.ndarray

    @property
    def score_distribution(self) -> str | None:
        """How the scores were drawn; None when no score is uncertain (they were not drawn)."""
        return self.distribution if self.uncertain_scores else None

    @property
    def acceptability_error(self) -> float:
        """The largest Monte Carlo standard error of the rank acceptabilities (NaN from one sample)."""
        return float(np.nanmax(self.se_acceptability)) if self.samples > 1 else float("nan")

    def tables(self) -> dict[str, Table]:
        """`acceptability` (each rank's share, holistic, confidence), `central_weights`,
        `pairwise_winning` (row before column), each with its standard errors (`..._error`); NaN
        where an index is undefined. Alternatives in the study's order."""
        names, crits = list(self.alternatives), list(self.criteria)
        ranks = [f"rank {r + 1}" for r in range(len(names))]

        def by_rank(shares, holistic, confidence):
            return {**dict(zip(ranks, np.asarray(shares).T)), "holistic": holistic, "confidence": confidence}

        what = (f"{self.samples:,} samples from seed {self.seed}, {self.method}, weight information "
                f"{self.weight_info}")
        return {
            "acceptability": frame_table(
                f"Rank acceptability: the share of samples in which each alternative takes each rank; holistic "
                f"acceptability ({self.meta} meta-weights); confidence factor at its central weights ({what})",
                by_rank(self.acceptability, self.holistic, self.confidence), names, ALTERNATIVE),
            "central_weights": matrix("Central weights: the mean weights of the samples in which the alternative "
                                     "ranks first (NaN: it never does)", self.central_weights, names, crits),
            "pairwise_winning": matrix("Pairwise winning: the share of samples in which the row alternative ranks "
                                      "before the column one", self.pairwise, names, names),
            "acceptability_error": frame_table("Monte Carlo standard errors of the acceptability table",
                                               by_rank(self.se_acceptability, self.se_holistic, self.se_confidence),
                                               names, ALTERNATIVE),
            "central_weights_error": matrix("Monte Carlo standard errors of the central weights",
                                           self.se_central_weights, names, crits),
            "pairwise_winning_error": matrix("Monte Carlo standard errors of pairwise winning", self.se_pairwise,
                                            names, names),
        }

    def to_frame(self):
        """The `acceptability` table with the alternatives as a column (for notebooks)."""
        return self.tables()["acceptability"].frame.reset_index()

    def central_weights_frame(self):
        return self.tables()["central_weights"].frame.reset_index()

    def pairwise_frame(self):
        return self.tables()["pairwise_winning"].frame

    def runner_up(self, first: int) -> int | None:
        """The alternative other than `first` with the highest second-rank acceptability (the first
        listed on a tie), or None with a single alternative."""
        if len(self.alternatives) < 2:
            return None
        second = np.where(np.arange(len(self.alternatives)) == first, -np.inf, self.acceptability[:, 1])
        return int(np.argmax(second))

    def to_dict(self) -> dict:
        names, crits = self.alternatives, self.criteria

        def number(x):
            return None if not np.isfinite(x) else float(x)

        def by_alternative(values):
            return {a: number(v) for a, v in zip(names, values)}

        def pairs(matrix):
            return {a: {b: number(matrix[i, j]) for j, b in enumerate(names) if j != i} for i, a in enumerate(names)}

        def weights(matrix):
            return {a: (None if np.isnan(matrix[i]).any() else {c: float(v) for c, v in zip(crits, matrix[i])})
                    for i, a in enumerate(names)}

        return {
            "samples": self.samples,
            "seed": self.seed,
            "method": self.method,
            "parameters": dict(self.parameters),
            "weight_info": self.weight_info,
            "score_distribution": self.score_distribution,
            "holistic_meta_weights": self.meta,
            "acceptability": {a: [number(v) for v in row] for a, row in zip(names, self.acceptability)},
            "holistic": by_alternative(self.holistic),
            "central_weights": weights(self.central_weights),
            "confidence": by_alternative(self.confidence),
            "pairwise_winning": pairs(self.pairwise),
            "standard_error": {
                "acceptability": {a: [number(v) for v in row] for a, row in zip(names, self.se_acceptability)},
                "holistic": by_alternative(self.se_holistic),
                "central_weights": weights(self.se_central_weights),
                "confidence": by_alternative(self.se_confidence),
                "pairwise_winning": pairs(self.se_pairwise),
            },
        }


Progress = Callable[[str, int, int], None]


def first_pass_sums(problem: Problem, *, samples: int, seed: int, engine=None, chunk_blocks: int | None = None,
                    meta: str = "centroid", progress: Progress | None = None) -> dict:
    """The first pass (weights, and scores where uncertain) folded into sums over all samples."""
    alpha = meta_weights(len(problem.alternatives), meta)
    return _fold(engine or LocalEngine(), first_pass, problem, int(seed), int(samples), alpha, chunk_blocks,
                 progress, "acceptability")


def confidence_factors(problem: Problem, central, *, samples: int, seed: int, engine=None,
                       chunk_blocks: int | None = None, progress: Progress | None = None):
    """Confidence factors (m,) and their standard errors at the central weights (m, n) (NaN rows:
    none); exact, with error 0, when no score is uncertain."""
    central = np.asarray(central, dtype=float)
    m = central.shape[0]
    defined = ~np.isnan(central).any(axis=1)
    if not problem.uncertain:
        confidence = np.full(m, np.nan)
        for i in np.flatnonzero(defined):
            confidence[i] = first_shares(problem.evaluate(central[i][None, :], problem.scores))[0, i]
        return confidence, np.where(defined, 0.0, np.nan)
    t = _fold(engine or LocalEngine(), confidence_pass, problem, int(seed), int(samples), central, chunk_blocks,
              progress, "confidence")
    count = float(t["n"])
    confidence = np.where(defined, t["confidence"] / count, np.nan)
    se = np.where(defined, _standard_error(t["confidence"], t["confidence2"], count), np.nan)
    return confidence, se


def smaa(problem: Problem, *, samples: int = 10_000, seed: int = 0, engine=None, chunk_blocks: int | None = None,
         meta: str = "centroid", progress: Progress | None = None) -> SMAAResult:
    """SMAA-2 over `samples` samples from `seed`. `engine` (default: this process) evaluates the
    blocks; `chunk_blocks` blocks make one chunk (default: the engine's). `progress(stage, done,
    total)` is called as chunks finish, for the stages 'acceptability' and 'confidence'."""
    samples, seed = int(samples), int(seed)
    if samples < 1:
        raise ValueError("samples must be at least 1")
    options = dict(samples=samples, seed=seed, engine=engine, chunk_blocks=chunk_blocks, progress=progress)
    t = first_pass_sums(problem, meta=meta, **options)
    count = float(t["n"])
    first = t["acceptability"][:, 0]  # the sum of first-rank shares x_s
    ranked_first = first > 0
    safe = np.where(ranked_first, first, 1.0)[:, None]
    central = np.where(ranked_first[:, None], t["xw"] / safe, np.nan)
    with np.errstate(invalid="ignore"):
        spread = t["x2w2"] - 2 * central * t["x2w"] + central * central * t["x2"][:, None]
        se_central = np.where(ranked_first[:, None], np.sqrt(np.maximum(spread, 0.0)) / safe, np.nan)
    confidence, se_confidence = confidence_factors(problem, central, **options)
    pairwise = t["pairwise"] / count
    se_pairwise = _standard_error(t["pairwise"], t["pairwise2"], count)
    np.fill_diagonal(pairwise, np.nan)
    np.fill_diagonal(se_pairwise, np.nan)
    return SMAAResult(
        alternatives=problem.alternatives, criteria=problem.criteria, method=problem.method,
        weight_info=problem.weights.kind, distribution=problem.distribution, samples=samples, seed=seed, meta=meta,
        uncertain_scores=problem.uncertain, parameters=dict(problem.evaluate.parameters),
        acceptability=t["acceptability"] / count, holistic=t["holistic"] / count, central_weights=central,
        confidence=confidence, pairwise=pairwise,
        se_acceptability=_standard_error(t["acceptability"], t["acceptability2"], count),
        se_holistic=_standard_error(t["holistic"], t["holistic2"], count),
        se_central_weights=se_central, se_confidence=se_confidence, se_pairwise=se_pairwise,
    )

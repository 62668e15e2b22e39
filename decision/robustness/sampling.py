"""Samplers of weights and scores for SMAA, each drawing a whole block of k samples at once.

Weights (what the analysts know about them, `--weight-info`):
  none       uniform on the simplex {w >= 0, sum w = 1}: Dirichlet(1, ..., 1), drawn as normalized
             standard exponentials (normalized uniforms are not uniform on the simplex);
  ordinal    uniform on {w_a >= w_b whenever a ranks before b}: a uniform simplex sample sorted in
             decreasing order and handed out by rank (the standard SMAA sampler; Lahdelma,
             Hokkanen & Salminen 1998). Criteria of equal rank share their places in a random
             order, which is uniform on the union of the orderings they allow;
  intervals  uniform on {low <= w <= high, sum w = 1}, by hit-and-run (Smith 1984; Tervonen,
             van Valkenhoef, Basturk & Postmus 2013): rejection accepts almost nothing when the
             intervals are tight. Each sample ends its own chain started from the same interior
             point, so samples are independent (and Monte Carlo standard errors valid).

Scores: uniform between ScoresLow and ScoresHigh, cell by cell and independently, or triangular
with its mode at Scores. A cell without uncertainty (low = high) keeps its score.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

WEIGHT_INFO = ("none", "ordinal", "intervals")
SCORE_DISTRIBUTIONS = ("uniform", "triangular")


def simplex(rng: np.random.Generator, k: int, n: int) -> np.ndarray:
    """k weight vectors uniform on the simplex, (k, n)."""
    e = rng.standard_exponential((k, n))
    return e / e.sum(axis=1, keepdims=True)


def ordinal(rng: np.random.Generator, k: int, ranks) -> np.ndarray:
    """k weight vectors uniform on the region where a better rank (smaller number) never has a
    smaller weight, (k, n)."""
    ranks = np.asarray(ranks, dtype=float)
    n = ranks.size
    descending = -np.sort(-simplex(rng, k, n), axis=1)
    dense = np.unique(ranks, return_inverse=True)[1].reshape(-1)
    if np.unique(dense).size == n:  # no ties: one fixed order
        order = np.broadcast_to(np.argsort(dense, kind="stable"), (k, n))
    else:  # tied criteria take their places in a random order, sample by sample
        order = np.argsort(dense[None, :] + rng.random((k, n)), axis=1, kind="stable")
    w = np.empty((k, n))
    np.put_along_axis(w, order, descending, axis=1)
    return w


def hit_and_run_steps(n: int) -> int:
    """Steps of each chain: about (n - 1)^3 (Tervonen et al. 2013 found thinning of that order
    enough for uniformity), at least 100 and at most 2,000."""
    return int(min(2000, max(100, (n - 1) ** 3)))


def interior_point(low, high) -> np.ndarray:
    """A point of {low <= w <= high, sum w = 1}: each weight the same fraction of its way from low
    to high. Raises ValueError when the set is empty."""
    low, high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    width = high - low
    if (width < 0).any() or low.sum() > 1 + 1e-12 or high.sum() < 1 - 1e-12:
        raise ValueError("the weight intervals admit no weights summing to 1")
    total = width.sum()
    fraction = 0.0 if total <= 0 else min(1.0, max(0.0, (1.0 - low.sum()) / total))
    return low + fraction * width


def hit_and_run(rng: np.random.Generator, k: int, low, high, steps: int | None = None) -> np.ndarray:
    """k weight vectors uniform on {low <= w <= high, sum w = 1}, (k, n).

    Directions are uniform in coordinates scaled by the interval widths (an affine map keeps the
    uniform distribution uniform, and the scaled polytope is rounder than the original when the
    widths differ); along the chord through the current point the next point is uniform.
    """
    low, high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    n = low.size
    steps = hit_and_run_steps(n) if steps is None else int(steps)
    width = high - low
    x = np.repeat(interior_point(low, high)[None, :], k, axis=0)
    scale = width @ width
    if scale == 0 or n < 2:
        return x
    for _ in range(steps):
        z = rng.standard_normal((k, n))
        d = width * (z - (z @ width)[:, None] / scale * width)  # sums to 0: stays on sum w = 1
        with np.errstate(divide="ignore", invalid="ignore"):
            to_high, to_low = (high - x) / d, (low - x) / d
        positive, negative = d > 0, d < 0
        t_max = np.where(positive, to_high, np.where(negative, to_low, np.inf)).min(axis=1)
        t_min = np.where(positive, to_low, np.where(negative, to_high, -np.inf)).max(axis=1)
        t = t_min + (t_max - t_min) * rng.random(k)
        x += t[:, None] * d
        np.clip(x, low, high, out=x)
    return x


@dataclass(frozen=True)
class WeightModel:
    """What is known about the weights: `kind` none, ordinal (with `ranks`) or intervals (with
    `low`, `high`). Plain data, so that it travels to cluster workers."""

    kind: str
    n: int
    ranks: tuple[float, ...] | None = None
    low: tuple[float, ...] | None = None
    high: tuple[float, ...] | None = None
    steps: int | None = None  # hit-and-run steps; None: hit_and_run_steps(n)

    def __post_init__(self):
        if self.kind not in WEIGHT_INFO:
            raise ValueError(f"unknown weight information {self.kind!r} (known: {', '.join(WEIGHT_INFO)})")
        if self.kind == "ordinal" and (self.ranks is None or len(self.ranks) != self.n):
            raise ValueError("ordinal weight information needs one rank per criterion")
        if self.kind == "intervals":
            if self.low is None or self.high is None or len(self.low) != self.n or len(self.high) != self.n:
                raise ValueError("interval weight information needs one low and one high per criterion")
            interior_point(self.low, self.high)

    def draw(self, rng: np.random.Generator, k: int) -> np.ndarray:
        if self.kind == "none":
            return simplex(rng, k, self.n)
        if self.kind == "ordinal":
            return ordinal(rng, k, self.ranks)
        return hit_and_run(rng, k, self.low, self.high, self.steps)


def uniform_scores(rng: np.random.Generator, k: int, low, high) -> np.ndarray:
    """k score matrices, each cell uniform on [low, high], (k, m, n)."""
    low, high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    return low + (high - low) * rng.random((k,) + low.shape)


def triangular_scores(rng: np.random.Generator, k: int, low, mode, high) -> np.ndarray:
    """k score matrices, each cell triangular on [low, high] with its mode at `mode`, (k, m, n),
    by the inverse distribution function (numpy's triangular refuses cells with low = high)."""
    a, c, b = (np.asarray(v, dtype=float) for v in (low, mode, high))
    width = b - a
    u = rng.random((k,) + a.shape)
    safe = np.where(width > 0, width, 1.0)
    split = (c - a) / safe  # F(mode)
    left = a + np.sqrt(u * width * (c - a))
    right = b - np.sqrt((1.0 - u) * width * (b - c))
    return np.where(width > 0, np.where(u < split, left, right), a)

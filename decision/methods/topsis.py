"""TOPSIS (Hwang & Yoon 1981): closeness to the ideal under vector normalization.

r_ij = x_ij / sqrt(sum_i x_ij^2); weighted v_ij = w_j r_ij. The ideal A+ takes, per criterion,
the largest v where more is better and the smallest where less is better; the anti-ideal A- the
opposite. With Euclidean distances d+_i = ||v_i - A+|| and d-_i = ||v_i - A-||, the score is the
relative closeness C_i = d-_i / (d+_i + d-_i) in [0, 1], higher is better. A criterion whose
scores are all zero contributes nothing; when all alternatives coincide (d+ = d- = 0), C = 0.5.
"""

from __future__ import annotations

import numpy as np

from decision.methods._batch import as_batch


def topsis(scores, weights, *, maximize) -> np.ndarray:
    """Relative closeness (k, m) for scores (m, n) or (k, m, n) and weights (k, n)."""
    x, w = as_batch(scores, weights)
    norm = np.sqrt((x * x).sum(axis=1, keepdims=True))
    r = np.divide(x, norm, out=np.zeros_like(x), where=norm > 0)
    v = r * w[:, None, :]
    maximize = np.asarray(maximize, dtype=bool)
    best = np.where(maximize, v.max(axis=1), v.min(axis=1))[:, None, :]
    worst = np.where(maximize, v.min(axis=1), v.max(axis=1))[:, None, :]
    d_best = np.sqrt(((v - best) ** 2).sum(axis=2))
    d_worst = np.sqrt(((v - worst) ** 2).sum(axis=2))
    total = d_best + d_worst
    return np.divide(d_worst, total, out=np.full_like(total, 0.5), where=total > 0)


def arguments(study) -> dict:
    """The keyword arguments of `topsis` for the study (robustness samples with them too)."""
    return {"maximize": study.maximize}


def evaluate(study, weights):
    """The facade's adapter: relative closeness of the study's alternatives."""
    return topsis(study.scores, weights[None, :], **arguments(study))[0], {}


# The method contract (decision/methods/registry.py).
BATCHED = True
batched = topsis

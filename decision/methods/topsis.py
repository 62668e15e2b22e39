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
from decision.tables import matrix, per_alternative, per_criterion


def parts(scores, weights, *, maximize):
    """(v, ideal, anti-ideal, d+, d-) for scores (m, n) or (k, m, n) and weights (k, n): the weighted
    normalized matrix (k, m, n), A+ and A- (k, 1, n), the distances to them (k, m)."""
    x, w = as_batch(scores, weights)
    norm = np.sqrt((x * x).sum(axis=1, keepdims=True))
    r = np.divide(x, norm, out=np.zeros_like(x), where=norm > 0)
    v = r * w[:, None, :]
    maximize = np.asarray(maximize, dtype=bool)
    best = np.where(maximize, v.max(axis=1), v.min(axis=1))[:, None, :]
    worst = np.where(maximize, v.min(axis=1), v.max(axis=1))[:, None, :]
    d_best = np.sqrt(((v - best) ** 2).sum(axis=2))
    d_worst = np.sqrt(((v - worst) ** 2).sum(axis=2))
    return v, best, worst, d_best, d_worst


def closeness(d_best, d_worst) -> np.ndarray:
    """C = d- / (d+ + d-), 0.5 where both are 0 (every alternative alike)."""
    total = d_best + d_worst
    return np.divide(d_worst, total, out=np.full_like(total, 0.5), where=total > 0)


def topsis(scores, weights, *, maximize) -> np.ndarray:
    """Relative closeness (k, m) for scores (m, n) or (k, m, n) and weights (k, n)."""
    _, _, _, d_best, d_worst = parts(scores, weights, maximize=maximize)
    return closeness(d_best, d_worst)


def arguments(study) -> dict:
    """The keyword arguments of `topsis` for the study (robustness samples with them too)."""
    return {"maximize": study.maximize}


def evaluate(study, weights):
    """The facade's adapter: relative closeness of the study's alternatives, and the working: the
    weighted normalized matrix, the ideal and anti-ideal, and the distances to them."""
    v, best, worst, d_best, d_worst = (a[0] for a in parts(study.scores, weights[None, :], **arguments(study)))
    alternatives, criteria = study.alternative_names, study.criterion_names
    tables = {
        "weighted": matrix("Weighted normalized matrix v_ij = w_j x_ij / sqrt(sum_i x_ij^2)", v, alternatives, criteria),
        "ideal": per_criterion("Ideal A+: the best v_j of each criterion (largest where more is better, smallest "
                               "where less is better)", "A+", best, criteria),
        "anti_ideal": per_criterion("Anti-ideal A-: the worst v_j of each criterion", "A-", worst, criteria),
        "D_plus": per_alternative("D+: Euclidean distance of each alternative to the ideal", "D+", d_best, alternatives),
        "D_minus": per_alternative("D-: Euclidean distance of each alternative to the anti-ideal (closeness "
                                   "C = D- / (D+ + D-), the score)", "D-", d_worst, alternatives),
    }
    return closeness(d_best, d_worst), {"tables": tables}


# The method contract (decision/methods/registry.py).
BATCHED = True
batched = topsis

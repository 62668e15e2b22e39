"""MAVT: the additive multi-attribute value model.

Each criterion's score x is mapped to a value in [0, 1] by a linear value function over its
scale low..high: v = (x - low) / (high - low) where more is better, (high - x) / (high - low)
where less is better; a criterion whose scale has zero width (all alternatives equal and no
low/high given) gives every alternative the value 0. The overall value is the weighted sum
V = sum_j w_j v_j, higher is better (Keeney & Raiffa 1976; Belton & Stewart 2002, ch. 5).
"""

from __future__ import annotations

import numpy as np

from decision.methods._batch import as_batch, weighted_sum
from decision.tables import matrix


def values(scores, *, low, high, maximize) -> np.ndarray:
    """The single-criterion values v in [0, 1], same shape as `scores`."""
    x = np.asarray(scores, dtype=float)
    low = np.asarray(low, dtype=float)
    width = np.asarray(high, dtype=float) - low
    safe = np.where(width > 0, width, 1.0)
    v = (x - low) / safe
    v = np.where(np.asarray(maximize, dtype=bool), v, 1.0 - v)
    return np.where(width > 0, v, 0.0)


def mavt(scores, weights, *, low, high, maximize) -> np.ndarray:
    """Overall values (k, m) for scores (m, n) or (k, m, n) and weights (k, n)."""
    x, w = as_batch(scores, weights)
    v = values(x, low=low, high=high, maximize=maximize)
    return weighted_sum(v, w)


def arguments(study) -> dict:
    """The keyword arguments of `mavt` for the study (robustness samples with them too)."""
    low, high = study.value_scale()
    return {"low": low, "high": high, "maximize": study.maximize}


def evaluate(study, weights):
    """The facade's adapter: overall values of the study's alternatives over its value scales, and
    the working: the values v_ij and the contributions w_j v_ij (a row sums to the overall value)."""
    args = arguments(study)
    score = mavt(study.scores, weights[None, :], **args)[0]
    v = values(np.asarray(study.scores, dtype=float), **args)
    alternatives, criteria = study.alternative_names, study.criterion_names
    tables = {
        "values": matrix("Partial values v_ij in [0, 1]: each score on its criterion's linear value function over "
                         "low..high (1 = best)", v, alternatives, criteria),
        "contributions": matrix("Contributions w_j v_ij: each criterion's share of the overall value "
                                "(a row sums to the score)", v * np.asarray(weights, dtype=float), alternatives, criteria),
    }
    return score, {"tables": tables}


def linear(scores, *, low, high, maximize) -> np.ndarray:
    """The single-criterion values, shaped like the scores: V = sum_j w_j v_j is linear in the weights."""
    return values(np.asarray(scores, dtype=float), low=low, high=high, maximize=maximize)


def affine(*, low, high, maximize) -> tuple[np.ndarray, np.ndarray]:
    """(a, b) per criterion with v_j = a_j x + b_j: each value function is linear on its scale, which
    is fixed in advance (a scale of zero width gives a = b = 0)."""
    low, high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    width = high - low
    safe = np.where(width > 0, width, 1.0)
    maximize = np.asarray(maximize, dtype=bool)
    slope = np.where(width > 0, np.where(maximize, 1.0, -1.0) / safe, 0.0)
    offset = np.where(width > 0, np.where(maximize, -low, high) / safe, 0.0)
    return slope, offset


# The method contract (decision/methods/registry.py).
BATCHED = True
batched = mavt

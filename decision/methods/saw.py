"""SAW: simple additive weighting with linear (max) normalization (MacCrimmon 1968; Hwang & Yoon 1981).

Each score is first divided by the best score of its criterion, so that the best alternative
gets 1 and the others their ratio to it: r_ij = x_ij / max_i x_ij where more is better, and
r_ij = min_i x_ij / x_ij where less is better. The score is the weighted sum of the normalized
values, score_i = sum_j w_j r_ij, higher is better (the WSM part of WASPAS, Zavadskas et al.
2012, is the same figure).

The ratios assume a ratio scale with a natural zero. A `min` criterion needs every score
positive (min/x is undefined at 0 and reverses the order for negatives); a `max` criterion needs
its largest score positive (x/max divides by zero, or reverses the order, otherwise). The method
refuses other data (NotApplicable, naming the criterion). Negative scores under a positive
maximum are allowed: the ratio stays increasing in the score.
"""

from __future__ import annotations

import numpy as np

from decision.errors import NotApplicable
from decision.methods._batch import as_batch, weighted_sum
from decision.tables import matrix


def _check(x, maximize, names=None) -> None:
    """NotApplicable unless every criterion can be normalized, in every sample of x (k, m, n)."""
    n = x.shape[2]
    names = list(names) if names is not None else [f"criterion {j + 1}" for j in range(n)]
    problems = []
    for j in range(n):
        column = x[:, :, j]
        if maximize[j] and not (column.max(axis=1) > 0).all():
            problems.append(f"'{names[j]}' is 'max' but its largest score is not positive ({column.max(axis=1).min():g})")
        elif not maximize[j] and not (column > 0).all():
            problems.append(f"'{names[j]}' is 'min' and has a score that is not positive ({column.min():g})")
    if problems:
        raise NotApplicable("SAW divides by the best score of each criterion, so it needs positive scores: "
                            + "; ".join(problems))


def normalized(scores, *, maximize) -> np.ndarray:
    """The linearly (max) normalized values r, same shape as `scores` (..., m, n)."""
    x = np.asarray(scores, dtype=float)
    maximize = np.asarray(maximize, dtype=bool)
    best = np.where(maximize, x.max(axis=-2, keepdims=True), x.min(axis=-2, keepdims=True))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(maximize, x / best, best / x)


def saw(scores, weights, *, maximize, names=None) -> np.ndarray:
    """SAW scores (k, m) for scores (m, n) or (k, m, n) and weights (k, n).

    `names` (optional) are the criterion names used in the NotApplicable message.
    """
    x, w = as_batch(scores, weights)
    maximize = np.broadcast_to(np.asarray(maximize, dtype=bool), (x.shape[2],))
    _check(x, maximize, names)
    r = normalized(x, maximize=maximize)
    return weighted_sum(r, w)


def arguments(study) -> dict:
    """The keyword arguments of `saw` for the study (robustness samples with them too)."""
    return {"maximize": study.maximize, "names": tuple(study.criterion_names)}


def evaluate(study, weights):
    """The facade's adapter: SAW scores of the study's alternatives, and the working: the normalized
    matrix r_ij and the weighted one w_j r_ij."""
    args = arguments(study)
    score = saw(study.scores, weights[None, :], **args)[0]
    r = normalized(np.asarray(study.scores, dtype=float), maximize=args["maximize"])
    alternatives, criteria = study.alternative_names, study.criterion_names
    tables = {
        "normalized": matrix("Normalized matrix r_ij: x_ij / max_i x_ij where more is better, min_i x_ij / x_ij "
                             "where less is better (1 = best)", r, alternatives, criteria),
        "weighted": matrix("Weighted matrix w_j r_ij (a row sums to the score)",
                           r * np.asarray(weights, dtype=float), alternatives, criteria),
    }
    return score, {"tables": tables}


def linear(scores, *, maximize, names=None) -> np.ndarray:
    """The normalized values, shaped like the scores: the weighted sum is linear in the weights."""
    return normalized(np.asarray(scores, dtype=float), maximize=maximize)


def score_floor(scores, i: int, j: int, low: float, high: float, *, maximize, names=None) -> float:
    """How low score (i, j) may move: the scale's low end, but above zero where the ratios need it
    positive (a 'min' criterion, or a 'max' one whose other scores are none of them positive)."""
    others = np.delete(scores[:, j], i)
    maximize = bool(np.broadcast_to(maximize, (scores.shape[1],))[j])
    if maximize and others.size and others.max() > 0:
        return low
    return max(low, 1e-9 * max(abs(high), 1.0))


# The method contract (decision/methods/registry.py).
BATCHED = True
batched = saw

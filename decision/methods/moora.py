"""MOORA, the ratio system (Brauers & Zavadskas 2006; Brauers & Zavadskas 2010, Appendix C).

Vector normalization per criterion, r_ij = x_ij / sqrt(sum_i x_ij^2); the score is the weighted
sum of the ratios of the `max` criteria minus that of the `min` criteria,

    y_i = sum_{j max} w_j r_ij - sum_{j min} w_j r_ij,

higher is better. `min` criteria are subtracted, never inverted. The published ratio system is
unweighted (w_j = 1, importance expressed by sub-criteria); with weights summing to 1 the score is
the weighted version, and equal weights give the published y divided by n (same ranking). y may be
negative. A criterion whose scores are all zero has no ratios (0/0) and contributes nothing.

Computed through scikit-criteria 0.10: `VectorScaler(target="matrix")` (RatioMOORA does not
normalize inside), then `RatioMOORA`, which multiplies the ratios by the weights signed by the
objectives and sums them (the weights are used as given, not re-normalized).
"""

from __future__ import annotations

import numpy as np
from decision.methods._batch import decision_matrix, named_inputs
from decision.tables import matrix, per_alternative


def moora(scores, weights, *, maximize, alternatives=None, criteria=None) -> tuple[np.ndarray, dict]:
    """Ratio-system scores y (m,) of scores (m, n) under weights (n,), and extras: the tables."""
    x, w, maximize, alternatives, criteria = named_inputs(scores, weights, maximize, alternatives, criteria)
    m = len(x)
    norm = np.sqrt((x * x).sum(axis=0))
    keep = norm > 0  # an all-zero criterion has no ratios and adds nothing
    # The working, from the definition (scikit-criteria gives only y): y = benefit sum - cost sum.
    ratios = np.divide(x, norm, out=np.full_like(x, np.nan), where=keep)
    weighted = np.where(keep, ratios * w, 0.0)
    tables = {
        "normalized": matrix("Normalized matrix r_ij = x_ij / sqrt(sum_i x_ij^2) (none where every score of the "
                             "criterion is 0)", ratios, alternatives, criteria),
        "benefit_sum": per_alternative("Benefit sum: sum of w_j r_ij over the criteria where more is better",
                                       "benefit sum", weighted[:, maximize].sum(axis=1), alternatives),
        "cost_sum": per_alternative("Cost sum: sum of w_j r_ij over the criteria where less is better (y = benefit "
                                    "sum - cost sum, the score)", "cost sum", weighted[:, ~maximize].sum(axis=1),
                                    alternatives),
    }
    if not keep.any():
        return np.zeros(m), {"tables": tables}

    from skcriteria.agg.moora import RatioMOORA
    from skcriteria.preprocessing.scalers import VectorScaler

    dm = decision_matrix(x, w, maximize, alternatives, criteria, keep)
    dm = VectorScaler(target="matrix").transform(dm)  # the ratios r_ij; weights untouched
    return np.asarray(RatioMOORA().evaluate(dm).e_.score, dtype=float).reshape(m), {"tables": tables}


def evaluate(study, weights):
    """The facade's adapter: ratio-system scores of the study's alternatives."""
    return moora(study.scores, weights, maximize=study.maximize,
                 alternatives=study.alternative_names, criteria=study.criterion_names)


# The method contract (decision/methods/registry.py): scikit-criteria computes it, one ranking a call.
BATCHED = False

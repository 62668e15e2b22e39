"""COPRAS: complex proportional assessment (Zavadskas, Kaklauskas & Šarka 1994; Podvezko 2011, Eqs. 8-11).

Sum normalization per criterion, weighted: d_ij = w_j x_ij / sum_k x_kj, each alternative's share of
the criterion. The shares of the `max` criteria add up to S+_i = sum_{j max} d_ij, those of the `min`
criteria to S-_i = sum_{j min} d_ij; `min` criteria are kept apart, never inverted. The score is the
relative significance

    Q_i = S+_i + sum_k S-_k / (S-_i * sum_k (1 / S-_k)),

higher is better (a small cost share earns a large second term); the utility degree
N_i = Q_i / max_k Q_k * 100 % goes in `extra` with S+ and S-. Without `min` criteria the second
term is absent and Q_i = S+_i, the weighted sum of the sum-normalized scores (Podvezko 2011).

Scores must be >= 0 (NotApplicable otherwise, naming the criterion): shares of a total need
non-negative parts. A criterion whose scores are all zero, or whose weight is zero, has no shares
and is left out. When there are `min` criteria, an alternative with S-_i = 0 (zero on all of them)
makes Q undefined: NotApplicable, naming it.

Computed through scikit-criteria 0.10: `SumScaler(target="matrix")`, then `COPRAS`, whose
significance min(S-) sum S- / (S-_i sum (min(S-)/S-)) is the formula above multiplied through by
min(S-); its `score` is N. COPRAS refuses data without `min` criteria: there Q = S+ comes from
`WeightedSumModel` on the same sum-normalized matrix.
"""

from __future__ import annotations

import numpy as np

from decision.errors import NotApplicable
from decision.methods._batch import ByName, decision_matrix, named_inputs
from decision.tables import per_alternative


def copras(scores, weights, *, maximize, alternatives=None, criteria=None) -> tuple[np.ndarray, dict]:
    """Relative significances Q (m,) of scores (m, n) under weights (n,); N, S+ and S- as extras."""
    x, w, maximize, alternatives, criteria = named_inputs(scores, weights, maximize, alternatives, criteria)
    m = len(x)
    lowest = x.min(axis=0)
    negative = [f"criterion '{criteria[j]}' has {lowest[j]:g}" for j in np.flatnonzero(lowest < 0)]
    if negative:
        raise NotApplicable("COPRAS shares each criterion's total among the alternatives, so scores must be >= 0: "
                            + "; ".join(negative))
    keep = (x.sum(axis=0) > 0) & (w > 0)  # no total to share, or no weight: no shares
    if not keep.any():
        raise NotApplicable("COPRAS: every weighted criterion has all scores 0, so there is nothing to share")
    costs = keep & ~maximize
    if costs.any():
        no_cost = [alternatives[i] for i in np.flatnonzero(~(x[:, costs].sum(axis=1) > 0))]
        if no_cost:
            names = ", ".join(f"'{a}'" for a in no_cost)
            raise NotApplicable(f"COPRAS divides by each alternative's share of the 'min' criteria, and {names} "
                                f"scores 0 on all of them")

    from skcriteria.agg.copras import COPRAS
    from skcriteria.agg.simple import WeightedSumModel
    from skcriteria.preprocessing.scalers import SumScaler

    dm = decision_matrix(x, w, maximize, alternatives, criteria, keep)
    dm = SumScaler(target="matrix").transform(dm)  # x_ij / sum_k x_kj; weights untouched
    if costs.any():
        result = COPRAS().evaluate(dm)
        q = np.asarray(result.e_.significances, dtype=float)
        s_plus = np.asarray(result.e_.S_max, dtype=float)
        s_minus = np.asarray(result.e_.S_min, dtype=float)
    else:
        q = np.asarray(WeightedSumModel().evaluate(dm).e_.score, dtype=float).reshape(m)
        s_plus, s_minus = q, np.zeros(m)
    utility = q / q.max() * 100.0
    extra = {
        "utility_degree": ByName(alternatives, utility),
        "S_plus": ByName(alternatives, s_plus),
        "S_minus": ByName(alternatives, s_minus),
        "tables": {
            "S_plus": per_alternative("S+_i: sum of the weighted shares d_ij = w_j x_ij / sum_k x_kj over the criteria "
                                      "where more is better", "S+", s_plus, alternatives),
            "S_minus": per_alternative("S-_i: the same over the criteria where less is better (Q_i = S+_i + sum_k S-_k "
                                       "/ (S-_i sum_k 1 / S-_k), the score; Q = S+ without such criteria)", "S-",
                                       s_minus, alternatives),
        },
    }
    return q, extra


def evaluate(study, weights):
    """The facade's adapter: relative significances of the study's alternatives."""
    return copras(study.scores, weights, maximize=study.maximize,
                  alternatives=study.alternative_names, criteria=study.criterion_names)


# The method contract (decision/methods/registry.py): scikit-criteria computes it, one ranking a call.
BATCHED = False

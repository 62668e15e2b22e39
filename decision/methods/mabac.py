"""MABAC: multi-attributive border approximation area comparison (Pamučar & Ćirović 2015).

Min-max normalization per criterion, with the direction built in: t_ij = (x_ij - x_j^-) /
(x_j^+ - x_j^-) for a `max` criterion and t_ij = (x_ij - x_j^+) / (x_j^- - x_j^+) for a `min`
criterion (x^+ and x^- the largest and smallest score), so 1 is always the best. Weighted matrix
v_ij = w_j (t_ij + 1); border approximation area g_j = (prod_i v_ij)^(1/m), the geometric mean;
distances q_ij = v_ij - g_j (upper area when positive, lower when negative). The score is the total
distance S_i = sum_j q_ij, higher is better; it is positive above the border, negative below.

A criterion on which all alternatives score the same has no min-max scale (0/0): it is given
t = 0, so v_ij = g_j = w_j and it contributes nothing (any constant t gives the same).

Computed through scikit-criteria 0.10: `MinMaxInverter` (exactly the normalization above; its
warning about constant criteria, and numpy's 0/0 warning, are silenced because the case is handled
on purpose), then `MABAC`, which refuses `min` criteria, expects t already normalized and computes
v, g and S as above. Never 1/x before a min-max scaler: that is another normalization with other
rankings.
"""

from __future__ import annotations

import warnings

import numpy as np
from decision.methods._batch import decision_matrix, named_inputs
from decision.tables import matrix, per_criterion


def mabac(scores, weights, *, maximize, alternatives=None, criteria=None) -> tuple[np.ndarray, dict]:
    """Total distances S (m,) of scores (m, n) under weights (n,), and the border approximation area."""
    x, w, maximize, alternatives, criteria = named_inputs(scores, weights, maximize, alternatives, criteria)
    m = len(x)

    from skcriteria.agg.mabac import MABAC
    from skcriteria.preprocessing.invert_objectives import MinMaxInverter

    dm = decision_matrix(x, w, maximize, alternatives, criteria)
    with warnings.catch_warnings(), np.errstate(invalid="ignore"):
        warnings.filterwarnings("ignore", message="Some criteria are constant", category=UserWarning)
        dm = MinMaxInverter().transform(dm)  # t_ij; a constant criterion becomes 0
    result = MABAC().evaluate(dm)
    border = np.asarray(result.e_.border_approximation_area, dtype=float)
    score = np.asarray(result.e_.score, dtype=float).reshape(m)
    # The working: V and Q from the definition on the library's t (it exposes only g and S).
    v = w * (np.asarray(dm.matrix, dtype=float) + 1.0)
    tables = {
        "V": matrix("Weighted matrix v_ij = w_j (t_ij + 1), t_ij the min-max normalized score (1 = best)",
                    v, alternatives, criteria),
        "G": per_criterion("Border approximation area g_j = (prod_i v_ij)^(1/m)", "G", border, criteria),
        "Q": matrix("Distances from the border q_ij = v_ij - g_j (a row sums to the score S_i)", v - border,
                    alternatives, criteria),
    }
    return score, {"border_approximation_area": {c: float(g) for c, g in zip(criteria, border)}, "tables": tables}


def evaluate(study, weights):
    """The facade's adapter: total distances of the study's alternatives from the border."""
    return mabac(study.scores, weights, maximize=study.maximize,
                 alternatives=study.alternative_names, criteria=study.criterion_names)


# The method contract (decision/methods/registry.py): scikit-criteria computes it, one ranking a call.
BATCHED = False

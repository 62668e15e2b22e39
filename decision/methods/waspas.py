"""WASPAS: weighted aggregated sum product assessment (Zavadskas, Turskis, Antucheviciene & Zakarevicius 2012).

Linear max normalization per criterion: r_ij = x_ij / max_k x_kj for a `max` criterion and
r_ij = min_k x_kj / x_ij for a `min` criterion (1 is always the best). On these values the weighted
sum Q1_i = sum_j w_j r_ij (WSM) and the weighted product Q2_i = prod_j r_ij^(w_j) (WPM) are joined
into the joint criterion

    Q_i = lambda * Q1_i + (1 - lambda) * Q2_i,

higher is better; lambda in [0, 1], default 0.5 (lambda = 1 is WSM, 0 is WPM). Q1 and Q2 go in
`extra`. Every score must be positive (NotApplicable otherwise, naming the criterion): min/x needs
x > 0, and the product part takes powers of the ratios.

Computed through scikit-criteria 0.10: `InvertMinimize` (1/x on `min` criteria) then
`MaxAbsScaler(target="matrix")` (divide by the column maximum) give exactly r above, (1/x)/(1/min)
= min/x; then `WASPAS(lambda_value=lambda)`, which does not normalize inside and refuses `min`
criteria and scores <= 0. Its WPM part is 10 ** (a log10 sum); the extra `WPM` is that value.
"""

from __future__ import annotations


import numpy as np

from decision.methods._batch import ByName, decision_matrix, named_inputs, unit_interval
from decision.tables import per_alternative
from decision.methods.wpm import require_positive

DEFAULT_LAMBDA = 0.5


def check_lambda(value) -> float:
    """lambda as a float in [0, 1], or InputError (a number or a numeric text is accepted)."""
    return unit_interval("lambda", value)


def waspas(scores, weights, *, maximize, lam=DEFAULT_LAMBDA, alternatives=None,
           criteria=None) -> tuple[np.ndarray, dict]:
    """Joint criteria Q (m,) of scores (m, n) under weights (n,); WSM and WPM as extras."""
    lam = check_lambda(lam)
    x, w, maximize, alternatives, criteria = named_inputs(scores, weights, maximize, alternatives, criteria)
    m = len(x)
    require_positive(x, "WASPAS", alternatives, criteria)

    from skcriteria.agg.waspas import WASPAS
    from skcriteria.preprocessing.invert_objectives import InvertMinimize
    from skcriteria.preprocessing.scalers import MaxAbsScaler

    dm = decision_matrix(x, w, maximize, alternatives, criteria)
    dm = MaxAbsScaler(target="matrix").transform(InvertMinimize().transform(dm))  # x/max; min/x
    result = WASPAS(lambda_value=lam).evaluate(dm)
    wsm = np.asarray(result.e_.wsm_scores, dtype=float).reshape(m)
    wpm = 10.0 ** np.asarray(result.e_.log10_wpm_scores, dtype=float).reshape(m)
    extra = {
        "WSM": ByName(alternatives, wsm),
        "WPM": ByName(alternatives, wpm),
        "tables": {
            "Q1": per_alternative("Q1_i = sum_j w_j r_ij: the weighted sum (WSM) of the linearly normalized values "
                                  "(x / max where more is better, min / x where less is better)", "Q1", wsm, alternatives),
            "Q2": per_alternative(f"Q2_i = prod_j r_ij^(w_j): the weighted product (WPM) of the same values (Q = "
                                  f"lambda Q1 + (1 - lambda) Q2, lambda = {lam:g}, the score)", "Q2", wpm, alternatives),
        },
    }
    return np.asarray(result.e_.score, dtype=float).reshape(m), extra


def evaluate(study, weights, **parameters):
    """The facade's adapter: joint criteria of the study's alternatives (parameter `lambda`)."""
    return waspas(study.scores, weights, maximize=study.maximize, lam=parameters.get("lambda", DEFAULT_LAMBDA),
                  alternatives=study.alternative_names, criteria=study.criterion_names)


# The method contract (decision/methods/registry.py): scikit-criteria computes it, one ranking a call.
BATCHED = False

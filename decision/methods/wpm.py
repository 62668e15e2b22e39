"""WPM: the weighted product model (Bridgman 1922; Miller & Starr 1969; Triantaphyllou 2000, ch. 2).

No normalization: each alternative's score is the product of its raw scores raised to the criterion
weights, with the sign of the exponent set by the direction,

    P_i = prod_{j max} x_ij^(w_j) * prod_{j min} x_ij^(-w_j),

higher is better. A `min` criterion enters as x^(-w) = (1/x)^w, which is what the method means by
a cost (Triantaphyllou's ratio form P(A_K/A_L) = prod_j (a_Kj/a_Lj)^(w_j) is P_K/P_L with the ratio
inverted for costs). Every score must be positive (NotApplicable otherwise, naming the criterion):
a power of zero or of a negative number is no product of ratios. The score depends on the units
of each criterion only through a common factor, so the ranking does not.

Computed through scikit-criteria 0.10: `InvertMinimize` (x -> 1/x on `min` criteria, exactly the
x^(-w) above, not a substitute for it), then `WeightedProductModel`, which refuses `min` criteria
and returns sum_j w_j log10(x_ij) instead of the product: the score is 10 ** that, and the log10
is kept in `extra`.
"""

from __future__ import annotations

import numpy as np

from decision.errors import NotApplicable
from decision.methods._batch import ByName, decision_matrix, named_inputs
from decision.tables import matrix


def require_positive(x: np.ndarray, method: str, alternatives: list[str], criteria: list[str]) -> None:
    """NotApplicable naming every criterion with a score <= 0 (and the first alternative that has one)."""
    bad = [j for j in range(x.shape[1]) if np.any(~(x[:, j] > 0))]
    if bad:
        parts = []
        for j in bad:
            i = int(np.argmax(~(x[:, j] > 0)))
            parts.append(f"criterion '{criteria[j]}' has {x[i, j]:g} for '{alternatives[i]}'")
        raise NotApplicable(f"{method} needs every score > 0: " + "; ".join(parts))


def wpm(scores, weights, *, maximize, alternatives=None, criteria=None) -> tuple[np.ndarray, dict]:
    """Weighted products (m,) of scores (m, n) under weights (n,), and extras keyed by alternative."""
    x, w, maximize, alternatives, criteria = named_inputs(scores, weights, maximize, alternatives, criteria)
    m = len(x)
    require_positive(x, "WPM", alternatives, criteria)

    from skcriteria.agg.simple import WeightedProductModel
    from skcriteria.preprocessing.invert_objectives import InvertMinimize

    dm = decision_matrix(x, w, maximize, alternatives, criteria)
    dm = InvertMinimize().transform(dm)  # x^(-w) = (1/x)^w: the method's own treatment of costs
    log10_product = np.asarray(WeightedProductModel().evaluate(dm).e_.score, dtype=float)
    product = 10.0 ** log10_product
    # The working, from the definition (scikit-criteria gives only the log10 sum): a row's product is the score.
    factors = x ** np.where(maximize, w, -w)
    tables = {"factors": matrix("Weighted factors x_ij^(w_j) where more is better, x_ij^(-w_j) where less is better "
                                "(a row's product is the score)", factors, alternatives, criteria)}
    return product, {"log10_product": ByName(alternatives, log10_product), "tables": tables}


def evaluate(study, weights):
    """The facade's adapter: weighted products of the study's alternatives."""
    return wpm(study.scores, weights, maximize=study.maximize,
               alternatives=study.alternative_names, criteria=study.criterion_names)


# The method contract (decision/methods/registry.py): scikit-criteria computes it, one ranking a call.
BATCHED = False

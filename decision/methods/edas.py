"""EDAS: evaluation based on distance from average solution (Keshavarz Ghorabaee et al. 2015).

The average solution AV_j = mean_i x_ij is the reference; distances from it are relative to it. For
a `max` criterion the positive distance is PDA_ij = max(0, x_ij - AV_j) / AV_j and the negative
distance NDA_ij = max(0, AV_j - x_ij) / AV_j; for a `min` criterion the two numerators swap (being
below average is the good side). No other normalization. Weighted sums SP_i = sum_j w_j PDA_ij and
SN_i = sum_j w_j NDA_ij are normalized as NSP_i = SP_i / max_k SP_k and NSN_i = 1 - SN_i / max_k SN_k;
the score is the appraisal score AS_i = (NSP_i + NSN_i) / 2 in [0, 1], higher is better.

Every criterion's average must be positive (NotApplicable otherwise, naming the criterion): the
distances divide by it, and a negative average turns them around. When no alternative is above
(below) average on any weighted criterion, SP (SN) is zero for all and NSP = 0 (NSN = 1).

Computed through scikit-criteria 0.10: `EDAS` on the raw scores (its PDA/NDA are the method's own
normalization). Its one departure from the paper, adding 1e-5 to every average when any average is
zero, is never reached: such data is refused first.
"""

from __future__ import annotations

import numpy as np

from decision.errors import NotApplicable
from decision.methods._batch import decision_matrix, named_inputs
from decision.tables import matrix, per_alternative, per_criterion


def edas(scores, weights, *, maximize, alternatives=None, criteria=None) -> tuple[np.ndarray, dict]:
    """Appraisal scores AS (m,) of scores (m, n) under weights (n,), and the average solution."""
    x, w, maximize, alternatives, criteria = named_inputs(scores, weights, maximize, alternatives, criteria)
    m, n = x.shape
    average = x.mean(axis=0)
    bad = [f"criterion '{criteria[j]}' averages {average[j]:g}" for j in range(n) if not average[j] > 0]
    if bad:
        raise NotApplicable("EDAS measures distances relative to each criterion's average, which must be > 0: "
                            + "; ".join(bad))

    from skcriteria.agg.edas import EDAS

    dm = decision_matrix(x, w, maximize, alternatives, criteria)
    score = np.asarray(EDAS().evaluate(dm).e_.score, dtype=float).reshape(m)
    return score, {"average_solution": {c: float(a) for c, a in zip(criteria, average)},
                   "tables": tables(x, w, maximize, average, alternatives, criteria)}


def tables(x, w, maximize, average, alternatives, criteria) -> dict:
    """The working, from the definition (scikit-criteria gives only AS): AV, PDA, NDA, SP, SN, NSP,
    NSN, with AS = (NSP + NSN) / 2."""
    above, below = np.maximum(0.0, x - average) / average, np.maximum(0.0, average - x) / average
    pda, nda = np.where(maximize, above, below), np.where(maximize, below, above)
    sp, sn = pda @ w, nda @ w
    nsp = sp / sp.max() if sp.max() > 0 else np.zeros_like(sp)
    nsn = 1.0 - sn / sn.max() if sn.max() > 0 else np.ones_like(sn)
    return {
        "AV": per_criterion("Average solution AV_j = mean_i x_ij", "AV", average, criteria),
        "PDA": matrix("Positive distance from average PDA_ij: max(0, x_ij - AV_j) / AV_j where more is better, "
                      "max(0, AV_j - x_ij) / AV_j where less is better", pda, alternatives, criteria),
        "NDA": matrix("Negative distance from average NDA_ij: max(0, AV_j - x_ij) / AV_j where more is better, "
                      "max(0, x_ij - AV_j) / AV_j where less is better", nda, alternatives, criteria),
        "SP": per_alternative("SP_i = sum_j w_j PDA_ij", "SP", sp, alternatives),
        "SN": per_alternative("SN_i = sum_j w_j NDA_ij", "SN", sn, alternatives),
        "NSP": per_alternative("NSP_i = SP_i / max_k SP_k (0 when every SP is 0)", "NSP", nsp, alternatives),
        "NSN": per_alternative("NSN_i = 1 - SN_i / max_k SN_k (1 when every SN is 0); the score AS_i = "
                               "(NSP_i + NSN_i) / 2", "NSN", nsn, alternatives),
    }


def evaluate(study, weights):
    """The facade's adapter: appraisal scores of the study's alternatives."""
    return edas(study.scores, weights, maximize=study.maximize,
                alternatives=study.alternative_names, criteria=study.criterion_names)


# The method contract (decision/methods/registry.py): scikit-criteria computes it, one ranking a call.
BATCHED = False

"""Objective weights: computed from the Scores matrix alone (m alternatives x n criteria).

`entropy` (Shannon entropy weights; Zeleny 1982, Hwang & Yoon 1981):
    p_ij = x_ij / sum_i x_ij,  E_j = -(1 / ln m) sum_i p_ij ln p_ij,  d_j = 1 - E_j,
    w_j = d_j / sum_k d_k.
    A term with p_ij = 0 counts 0 (the limit of p ln p). Scores must be >= 0, every column must
    have a positive sum, and m >= 2. Direction plays no part: the entropy measures how unevenly
    the scores spread over the alternatives, whichever end is better (the published examples,
    e.g. Zavadskas & Podvezko 2016 with cost criteria, are computed on the raw columns).

`critic` (Diakoulaki, Mavrotas & Papayannakis 1995, Computers & Operations Research 22(7)
763-770):
    r_ij = (x_ij - worst_j) / (best_j - worst_j), best and worst the largest and smallest
    observed scores, swapped for `min` criteria (direction respected, as in the paper's
    ideal/anti-ideal normalization);
    C_j = sigma_j sum_k (1 - rho_jk), sigma_j the standard deviation of column j of r, rho the
    Pearson correlation; w_j = C_j / sum_k C_k.
    sigma is the population standard deviation (divisor m); the sample one (m - 1) gives the
    same weights, since the factor sqrt(m / (m - 1)) is common to every criterion and cancels.
    A criterion on which every alternative scores the same carries no information: weight 0,
    and it is left out of the other criteria's conflict sums (its correlations are undefined),
    as if it were absent. Needs at least two criteria that vary and are not perfectly
    correlated.

`merec` (Keshavarz-Ghorabaee, Amiri, Zavadskas, Turskis & Antucheviciene 2021, "Determination
of objective weights using a new method based on the removal effects of criteria (MEREC)",
Symmetry 13(4) 525):
    n_ij = min_k x_kj / x_ij for `max` criteria, x_ij / max_k x_kj for `min` criteria;
    S_i = ln(1 + (1/n) sum_j |ln n_ij|);  S'_ij = ln(1 + (1/n) sum_{k != j} |ln n_ik|);
    E_j = sum_i |S'_ij - S_i|;  w_j = E_j / sum_k E_k.
    Needs positive scores (logarithms).

The numeric cores (`entropy_weights`, `critic_weights`, `merec_weights`) take arrays and raise
NotApplicable with the reason; the procedures turn that into an InputError naming the workbook.
"""

from __future__ import annotations

import numpy as np

from decision.errors import InputError, NotApplicable, Problem, option
from decision.model import Study
from decision.weights.rank_based import reject_unknown
from decision.weights.result import Weights


def _name(names, j: int) -> str:
    return f"'{names[j]}'" if names is not None else f"column {j + 1}"


def _matrix(matrix) -> np.ndarray:
    x = np.asarray(matrix, dtype=float)
    if x.ndim != 2 or x.shape[0] < 1 or x.shape[1] < 1:
        raise NotApplicable("needs a matrix of scores (alternatives x criteria)")
    return x


def entropy_weights(matrix, names=None) -> np.ndarray:
    """Shannon entropy weights of an (m, n) matrix of non-negative scores."""
    x = _matrix(matrix)
    m = x.shape[0]
    if m < 2:
        raise NotApplicable("entropy weights need at least two alternatives")
    for j in range(x.shape[1]):
        if (x[:, j] < 0).any():
            raise NotApplicable(f"entropy weights need scores >= 0; {_name(names, j)} has {x[:, j].min():g}")
        if x[:, j].sum() == 0:
            raise NotApplicable(f"entropy weights need a positive sum in every column; {_name(names, j)} is all zero")
    p = x / x.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(p > 0, p * np.log(p), 0.0)
    entropy = -plogp.sum(axis=0) / np.log(m)
    divergence = np.clip(1.0 - entropy, 0.0, None)  # rounding can leave a uniform column at -1e-16
    if divergence.sum() <= 0:
        raise NotApplicable("every criterion scores all alternatives alike (entropy 1 everywhere): nothing to weigh by")
    return divergence / divergence.sum()


def critic_weights(matrix, maximize, names=None) -> np.ndarray:
    """CRITIC weights of an (m, n) matrix; `maximize` (n,) says which end of each column is best."""
    x = _matrix(matrix)
    maximize = np.asarray(maximize, dtype=bool)
    low, high = x.min(axis=0), x.max(axis=0)
    spread = high - low
    varies = spread > 0
    r = np.zeros_like(x)
    r[:, varies] = (x[:, varies] - low[varies]) / spread[varies]
    flip = varies & ~maximize
    r[:, flip] = 1.0 - r[:, flip]
    sigma = r.std(axis=0)
    information = np.zeros(x.shape[1])
    if varies.sum() >= 2:
        rho = np.corrcoef(r[:, varies], rowvar=False)
        information[varies] = sigma[varies] * (1.0 - rho).sum(axis=1)
    if not information.sum() > 0:
        if varies.sum() < 2:
            raise NotApplicable("CRITIC weights need at least two criteria whose scores vary across the alternatives")
        raise NotApplicable("CRITIC weights are undefined: the criteria that vary are perfectly correlated")
    return information / information.sum()


def merec_weights(matrix, maximize, names=None) -> np.ndarray:
    """MEREC weights of an (m, n) matrix of positive scores; `maximize` (n,) per criterion."""
    x = _matrix(matrix)
    maximize = np.asarray(maximize, dtype=bool)
    for j in range(x.shape[1]):
        if (x[:, j] <= 0).any():
            raise NotApplicable(f"MEREC weights need scores > 0 (it takes logarithms); {_name(names, j)} has {x[:, j].min():g}")
    n = x.shape[1]
    normalized = np.where(maximize, x.min(axis=0) / x, x / x.max(axis=0))
    magnitude = np.abs(np.log(normalized))
    total = np.log(1.0 + magnitude.sum(axis=1) / n)
    without = np.log(1.0 + (magnitude.sum(axis=1, keepdims=True) - magnitude) / n)
    effect = np.abs(without - total[:, None]).sum(axis=0)
    if not effect.sum() > 0:
        raise NotApplicable("MEREC weights are undefined: no criterion's scores vary across the alternatives")
    return effect / effect.sum()


def _objective(study: Study, method: str, core, parameters: dict, uses_direction: bool):

    reject_unknown(method, parameters)
    if study.scores is None:
        raise InputError(study.problem(f"missing sheet (needed by {option('weighting')} {method})", sheet="Scores"))
    args = (study.scores, study.maximize) if uses_direction else (study.scores,)
    try:
        values = core(*args, names=study.criterion_names)
    except NotApplicable as exc:
        raise InputError(Problem(str(exc), file=study.label, sheet="Scores", option="weighting", key=method)) from None
    return Weights(method, tuple(study.criterion_names), values)


def entropy(study: Study, **parameters):
    """Shannon entropy weights of the study's Scores."""
    return _objective(study, "entropy", entropy_weights, parameters, uses_direction=False)


def critic(study: Study, **parameters):
    """CRITIC weights (Diakoulaki et al. 1995) of the study's Scores, respecting each direction."""
    return _objective(study, "critic", critic_weights, parameters, uses_direction=True)


def merec(study: Study, **parameters):
    """MEREC weights (Keshavarz-Ghorabaee et al. 2021) of the study's Scores."""
    return _objective(study, "merec", merec_weights, parameters, uses_direction=True)

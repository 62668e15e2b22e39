"""WSM: the weighted sum model over raw scores (Fishburn 1967; Triantaphyllou 2000, ch. 2).

The score of alternative i is the weighted sum of its raw values, score_i = sum_j w_j x_ij,
higher is better. The values are added as they are, without normalization, so the method is
meaningful only when every criterion is measured in the same unit and more is better on each.
It refuses a study with `min` criteria (NotApplicable, naming them): a raw cost cannot be added
to a raw benefit; `saw` (which normalizes and inverts them), `mavt` or `topsis` can rank such a
study.
"""

from __future__ import annotations

import numpy as np

from decision.errors import NotApplicable
from decision.methods._batch import as_batch, weighted_sum
from decision.tables import matrix


def _refuse_min(maximize, names=None) -> None:
    maximize = np.asarray(maximize, dtype=bool)
    if maximize.all():
        return
    names = list(names) if names is not None else [f"criterion {j + 1}" for j in range(maximize.size)]
    found = ", ".join(f"'{names[j]}'" for j in np.flatnonzero(~maximize))
    raise NotApplicable(
        f"WSM adds raw values and needs every criterion to be 'max' (more is better); {found} "
        f"{'is' if (~maximize).sum() == 1 else 'are'} 'min': use saw, mavt or topsis instead"
    )


def wsm(scores, weights, *, maximize, names=None) -> np.ndarray:
    """Weighted sums (k, m) for scores (m, n) or (k, m, n) and weights (k, n).

    `names` (optional) are the criterion names used in the NotApplicable message.
    """
    _refuse_min(maximize, names)
    x, w = as_batch(scores, weights)
    return weighted_sum(x, w)


def arguments(study) -> dict:
    """The keyword arguments of `wsm` for the study (robustness samples with them too)."""
    return {"maximize": study.maximize, "names": tuple(study.criterion_names)}


def evaluate(study, weights):
    """The facade's adapter: weighted sums of the study's raw scores, and the working: the
    normalized matrix (the raw scores: WSM does not normalize) and the weighted one w_j x_ij."""
    score = wsm(study.scores, weights[None, :], **arguments(study))[0]
    x = np.asarray(study.scores, dtype=float)
    alternatives, criteria = study.alternative_names, study.criterion_names
    tables = {
        "normalized": matrix("Normalized matrix: the raw scores x_ij as they are (WSM does not normalize)",
                             x, alternatives, criteria),
        "weighted": matrix("Weighted matrix w_j x_ij (a row sums to the score)",
                           x * np.asarray(weights, dtype=float), alternatives, criteria),
    }
    return score, {"tables": tables}


def linear(scores, *, maximize, names=None) -> np.ndarray:
    """The raw scores (a copy): the weighted sum is linear in the weights."""
    return np.asarray(scores, dtype=float).copy()


def affine(*, maximize, names=None) -> tuple[np.ndarray, np.ndarray]:
    """(a, b) = (1, 0) per criterion: the raw scores are added as they are."""
    n = len(names) if names is not None else np.size(maximize)
    return np.ones(n), np.zeros(n)


# The method contract (decision/methods/registry.py).
BATCHED = True
batched = wsm

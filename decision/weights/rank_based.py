"""Weights from an importance ranking: rank order centroid, rank sum and rank reciprocal.

The ranking is the Criteria column `rank` (1 = most important). With n criteria in positions
k = 1..n (1 = most important), the position weights are

- `roc`, rank order centroid (Barron & Barrett 1996, Management Science 42(11) 1515-1523):
  w_k = (1/n) * sum_{i=k..n} 1/i, the centroid of the simplex of weight vectors ordered like the
  ranking;
- `rank-sum` (Stillwell, Seaver & Edwards 1981, Organizational Behavior and Human Performance
  28(1) 62-77): w_k = 2 (n + 1 - k) / (n (n + 1)), i.e. n + 1 - k normalized;
- `rank-reciprocal` (Stillwell, Seaver & Edwards 1981): w_k = (1/k) / sum_{i=1..n} 1/i.

Only the order of the ranks matters: the criteria are sorted by rank and take the positions
1..n in that order. Ties: criteria sharing a rank share the positions they occupy between them,
each getting the average of those positions' weights; so 1, 1, 3 (competition ranks) and 1, 1, 2
(dense ranks) both mean "two criteria tied first, then the third", and the weights still sum to
1. A rank must be a whole number from 1 to n; a blank rank is an error (rank every criterion).
"""

from __future__ import annotations

import math

import numpy as np

from decision.errors import InputError, Problem, option
from decision.model import Study
from decision.weights.result import Weights

SCHEMES = ("roc", "rank-sum", "rank-reciprocal")


def position_weights(n: int, scheme: str) -> np.ndarray:
    """The weights of positions 1..n (1 = most important) under `scheme`; they sum to 1."""
    k = np.arange(1, n + 1, dtype=float)
    if scheme == "roc":
        reciprocals = 1.0 / k
        return np.cumsum(reciprocals[::-1])[::-1] / n
    if scheme == "rank-sum":
        return 2.0 * (n + 1 - k) / (n * (n + 1))
    if scheme == "rank-reciprocal":
        return (1.0 / k) / np.sum(1.0 / k)
    raise ValueError(f"unknown rank weighting scheme {scheme!r} (known: {', '.join(SCHEMES)})")


def rank_weights(ranks, scheme: str) -> np.ndarray:
    """Weights for criteria with importance `ranks` (1 = most important; ties allowed).

    Criteria are placed in rank order; tied criteria get the mean weight of the positions they
    occupy together.
    """
    ranks = np.asarray(ranks, dtype=float)
    n = ranks.size
    by_position = position_weights(n, scheme)
    order = np.argsort(ranks, kind="stable")
    weights = np.empty(n)
    start = 0
    while start < n:
        stop = start
        while stop < n and ranks[order[stop]] == ranks[order[start]]:
            stop += 1
        weights[order[start:stop]] = by_position[start:stop].mean()
        start = stop
    return weights


# --- shared by the weighting procedures -----------------------------------------------------


def reject_unknown(method: str, parameters: dict, known: tuple[str, ...] = ()) -> None:
    """InputError naming each parameter that `method` does not take."""
    if parameters:
        takes = f"known: {', '.join(known)}" if known else "it takes none"
        raise InputError([Problem(f"not a parameter of the weighting method '{method}' ({takes})",
                                  option="parameters", key=name) for name in parameters])


def checked_ranks(study: Study, needed_by: str) -> list[float]:
    """The Criteria column `rank`, each a whole number from 1 to n; InputError naming every cell
    that is blank or out of place (`needed_by`: what needs them, for the message)."""
    n = len(study.criteria)
    problems = []
    for c in study.criteria:
        if c.rank is None:
            reason = f"rank of '{c.name}' is blank ({needed_by} needs every criterion ranked, 1 = most important)"
        elif not math.isfinite(c.rank) or not float(c.rank).is_integer():
            reason = f"rank of '{c.name}' must be a whole number, found {c.rank:g}"
        elif not 1 <= c.rank <= n:
            reason = f"rank of '{c.name}' must be from 1 to {n} (the number of criteria), found {c.rank:g}"
        else:
            continue
        problems.append(study.problem(reason, sheet="Criteria", row=c.name, column="rank"))
    if problems:
        raise InputError(problems)
    return [float(c.rank) for c in study.criteria]


def _weights_from_ranks(study: Study, scheme: str, parameters: dict):

    reject_unknown(scheme, parameters)
    values = rank_weights(checked_ranks(study, f"{option('weighting')} {scheme}"), scheme)
    return Weights(scheme, tuple(study.criterion_names), values)


def roc(study: Study, **parameters):
    """Rank order centroid weights (Barron & Barrett 1996) from the Criteria column `rank`."""
    return _weights_from_ranks(study, "roc", parameters)


def rank_sum(study: Study, **parameters):
    """Rank sum weights (Stillwell, Seaver & Edwards 1981) from the Criteria column `rank`."""
    return _weights_from_ranks(study, "rank-sum", parameters)


def rank_reciprocal(study: Study, **parameters):
    """Rank reciprocal weights (Stillwell, Seaver & Edwards 1981) from the Criteria column `rank`."""
    return _weights_from_ranks(study, "rank-reciprocal", parameters)

"""VIKOR: compromise ranking by group utility and individual regret (Opricovic 1998; Opricovic &
Tzeng 2004).

Per criterion j the best value f*_j is the largest score where more is better and the smallest
where less is better, the worst f-_j the opposite. With weights w (summing to 1):

    S_i = sum_j w_j (f*_j - f_ij) / (f*_j - f-_j)      group utility (weighted Manhattan distance)
    R_i = max_j w_j (f*_j - f_ij) / (f*_j - f-_j)      individual regret (weighted Chebyshev distance)
    Q_i = v (S_i - S*) / (S- - S*) + (1 - v) (R_i - R*) / (R- - R*)

where S* = min S, S- = max S, R* = min R, R- = max R, and v in [0, 1] (parameter `v`, default
0.5) is the weight of the strategy of the majority. The score is Q, lower is better.

Compromise solution (Opricovic & Tzeng 2004, step 5). Let a' be the best by Q and a'' the second,
and DQ = 1/(m - 1) for m alternatives.
  C1 acceptable advantage: Q(a'') - Q(a') >= DQ;
  C2 acceptable stability: a' is also best by S or by R.
If both hold, the compromise set is {a'}; if only C2 fails, it is {a', a''}; if C1 fails, it is
every alternative a with Q(a) - Q(a') < DQ (whether C2 holds or not). The set is listed best
first by Q.

Degenerate cases:
  - a criterion on which every alternative scores the same (f*_j = f-_j) does not separate them:
    its term is 0 for everyone (it adds nothing to S or R);
  - when every S is the same (S- = S*, to 1e-12 relative) the S part of Q is 0 for everyone,
    likewise for R; if both, every Q is 0 and every alternative is in the compromise set;
  - with m = 2, DQ = 1: a single compromise needs Q values 0 and 1 (one alternative best on both S
    and R), otherwise both are in the set;
  - with a single alternative (m = 1) Q = 0 and the set is that alternative;
  - ties are broken by the order of the alternatives; Q, S and R are compared to 1e-12.
"""

from __future__ import annotations

import numpy as np

from decision.methods._batch import ByName, as_batch, unit_interval
from decision.tables import per_alternative

TOLERANCE = 1e-12


def check_v(v) -> float:
    """The weight v of the majority strategy as a float in [0, 1]; InputError otherwise."""
    return unit_interval("v", v)


def _rescale(a: np.ndarray) -> np.ndarray:
    """(a - min) / (max - min) along the alternatives (axis 1); 0 where all are equal (to 1e-12,
    relative: a difference at the level of rounding error is not a difference)."""
    low, high = a.min(axis=1, keepdims=True), a.max(axis=1, keepdims=True)
    width = high - low
    equal = width <= TOLERANCE * np.maximum(np.abs(low), np.abs(high))
    return np.divide(a - low, width, out=np.zeros_like(a), where=~equal)


def measures(scores, weights, *, maximize, v=0.5) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(Q, S, R), each (k, m), for scores (m, n) or (k, m, n) and weights (k, n)."""
    v = check_v(v)
    x, w = as_batch(scores, weights)
    maximize = np.asarray(maximize, dtype=bool)
    best = np.where(maximize, x.max(axis=1), x.min(axis=1))[:, None, :]
    worst = np.where(maximize, x.min(axis=1), x.max(axis=1))[:, None, :]
    width = best - worst
    gap = np.divide(best - x, width, out=np.zeros_like(x), where=width != 0)  # in [0, 1]
    # S and R criterion by criterion, in place: no (k, m, n) temporary when the scores are fixed.
    k, m, n = max(x.shape[0], w.shape[0]), x.shape[1], x.shape[2]
    s, r, term = np.zeros((k, m)), np.zeros((k, m)), np.empty((k, m))
    for j in range(n):
        np.multiply(w[:, j, None], gap[:, :, j], out=term)
        s += term
        if j == 0:
            r[...] = term
        else:
            np.maximum(r, term, out=r)
    q = v * _rescale(s) + (1.0 - v) * _rescale(r)
    return q, s, r


def vikor(scores, weights, *, maximize, v=0.5) -> np.ndarray:
    """Q (k, m), lower is better, for scores (m, n) or (k, m, n) and weights (k, n)."""
    return measures(scores, weights, maximize=maximize, v=v)[0]


def compromise_set(q, s, r) -> list[int]:
    """Indexes of the compromise solutions for one ranking (Q, S, R each (m,)), best Q first."""
    q, s, r = (np.asarray(a, dtype=float) for a in (q, s, r))
    order = np.argsort(q, kind="stable")
    if q.size < 2:
        return [int(i) for i in order]
    dq = 1.0 / (q.size - 1)
    first, second = order[0], order[1]
    advantage = q[second] - q[first] >= dq - TOLERANCE
    stability = s[first] <= s.min() + TOLERANCE or r[first] <= r.min() + TOLERANCE
    if advantage and stability:
        return [int(first)]
    if advantage:
        return [int(first), int(second)]
    return [int(i) for i in order if q[i] - q[first] < dq - TOLERANCE]


def arguments(study, v=0.5) -> dict:
    """The keyword arguments of `vikor` for the study (robustness samples with them too)."""
    return {"maximize": study.maximize, "v": check_v(v)}


def evaluate(study, weights, v=0.5):
    """The facade's adapter: Q of the study's alternatives, with S, R and the compromise set."""
    q, s, r = (a[0] for a in measures(study.scores, weights[None, :], **arguments(study, v)))
    names = study.alternative_names
    extra = {
        "S": ByName(names, s),
        "R": ByName(names, r),
        "compromise_set": [names[i] for i in compromise_set(q, s, r)],
        "tables": {
            "S": per_alternative("Group utility S_i = sum_j w_j (f*_j - f_ij) / (f*_j - f-_j)", "S", s, names),
            "R": per_alternative("Individual regret R_i = max_j w_j (f*_j - f_ij) / (f*_j - f-_j)", "R", r, names),
            "Q": per_alternative(f"Compromise index Q_i = v (S_i - S*) / (S- - S*) + (1 - v) (R_i - R*) / (R- - R*), "
                                 f"v = {check_v(v):g} (the score, lower is better)", "Q", q, names),
        },
    }
    return q, extra


# The method contract (decision/methods/registry.py).
BATCHED = True
batched = vikor

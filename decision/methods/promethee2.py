"""PROMETHEE II: net outranking flows (Brans & Vincke 1985; Brans, Vincke & Mareschal 1986).

For each criterion j and pair of alternatives (a, b), d_j(a, b) is the difference of their
scores in the criterion's direction (g(a) - g(b) where more is better, g(b) - g(a) where less is
better), and the criterion's preference function turns it into a degree of preference
P_j(a, b) = F_j(d) in [0, 1], with F_j(d) = 0 for d <= 0. The functions (the Criterion fields
`preference`, `q`, `p`, `s`; Brans & Vincke's types I-VI):

    usual     F = 1 if d > 0
    ushape    F = 1 if d > q                         (indifference threshold q)
    vshape    F = d / p if 0 < d <= p, 1 if d > p    (preference threshold p; p = 0 is `usual`)
    level     F = 1/2 if q < d <= p, 1 if d > p
    linear    F = (d - q) / (p - q) if q < d <= p, 1 if d > p
    gaussian  F = 1 - exp(-d^2 / (2 s^2)) if d > 0

(Brans & Vincke 1985 write the level and linear functions with a second parameter measured from
q, i.e. our p is their q + p for level and s + r for linear; `p` here is the threshold itself.)
With weights w summing to 1, pi(a, b) = sum_j w_j P_j(a, b); the leaving and entering flows are
phi+(a) = sum_b pi(a, b) / (m - 1) and phi-(a) = sum_b pi(b, a) / (m - 1), and the score is the
net flow phi = phi+ - phi-, in [-1, 1], higher is better. A single alternative has net flow 0.

Computation. The net flow is a weighted sum of per-criterion net flows
phi_j(a) = sum_b [P_j(a, b) - P_j(b, a)] / (m - 1), so for fixed scores the per-criterion flows are
computed once and any number of weight samples is a matrix product. For usual, ushape, vshape,
level and linear, phi_j(a) needs no m x m matrix: it depends only on how many other scores lie
below g(a) - p, in [g(a) - p, g(a) - q), in (g(a) + q, g(a) + p] and above g(a) + p, and on the sums
of the scores in the two middle intervals; sorting the scores and taking prefix sums gives every
flow in O(m log m). The Gaussian function has no such shortcut: it uses the pairwise
differences, O(m^2) time, in blocks of bounded memory. A difference exactly equal to a threshold
does not exceed it (with integer scores and thresholds this is exact); when scores or thresholds
are not exactly representable in binary, a difference within rounding error of a threshold may
fall on either side of it.
"""

from __future__ import annotations

import numpy as np

from decision.errors import NotApplicable
from decision.methods._batch import as_batch, weighted_sum
from decision.tables import per_alternative

FUNCTIONS = ("usual", "ushape", "vshape", "level", "linear", "gaussian")
NEEDS = {"usual": (), "ushape": ("q",), "vshape": ("p",), "level": ("q", "p"), "linear": ("q", "p"), "gaussian": ("s",)}
_GAUSSIAN_BLOCK = 4_000_000  # pairwise differences held at once


def _thresholds(preference, q, p, s, n, names=None):
    """Per-criterion (function, q, p, s) checked; NotApplicable naming the criterion otherwise."""
    names = list(names) if names is not None else [f"criterion {j + 1}" for j in range(n)]
    functions = ["usual"] * n if preference is None else [f or "usual" for f in preference]
    given = {}
    for key, values in (("q", q), ("p", p), ("s", s)):
        a = np.full(n, np.nan) if values is None else np.array([np.nan if v is None else v for v in values], dtype=float)
        given[key] = a
    if len(functions) != n or any(a.shape != (n,) for a in given.values()):
        raise ValueError(f"expected {n} preference functions and thresholds, one per criterion")
    problems = []
    for j, f in enumerate(functions):
        if f not in NEEDS:
            problems.append(f"'{names[j]}': unknown preference function '{f}' (known: {', '.join(FUNCTIONS)})")
            continue
        for key in NEEDS[f]:
            value = given[key][j]
            if not np.isfinite(value) or value < 0 or (key == "s" and value == 0):
                problems.append(f"'{names[j]}': preference '{f}' needs a {'positive' if key == 's' else 'non-negative'} "
                                f"threshold '{key}', found {'none' if np.isnan(value) else f'{value:g}'}")
        if f in ("level", "linear") and given["q"][j] > given["p"][j]:
            problems.append(f"'{names[j]}': q {given['q'][j]:g} must not exceed p {given['p'][j]:g}")
    if problems:
        raise NotApplicable("PROMETHEE preference functions: " + "; ".join(problems))
    return functions, given["q"], given["p"], given["s"]


def _count_below(values: np.ndarray, queries: np.ndarray, *, inclusive: bool) -> np.ndarray:
    """How many of `values` (..., m) lie below each of `queries` (..., r), row by row: strictly
    below, or at or below when `inclusive`. O((m + r) log(m + r)) per row, all rows at once."""
    m = values.shape[-1]
    both = np.concatenate([values, queries], axis=-1)
    is_query = np.zeros(both.shape, dtype=bool)
    is_query[..., m:] = True
    # At equal keys a query sorts before the values (strict) or after them (inclusive).
    order = np.lexsort((is_query if inclusive else ~is_query, both), axis=-1)
    sorted_is_query = np.take_along_axis(is_query, order, axis=-1)
    values_before = np.cumsum(~sorted_is_query, axis=-1)
    shape = queries.shape
    where = order[sorted_is_query].reshape(shape) - m  # each query's own position
    counts = np.empty(shape, dtype=np.intp)
    np.put_along_axis(counts, where, values_before[sorted_is_query].reshape(shape), axis=-1)
    return counts


def _piecewise_parts(y: np.ndarray, q: np.ndarray, p: np.ndarray, level: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(leaving, entering) sums sum_b F(y_a - y_b) and sum_b F(y_b - y_a) (not yet divided by m - 1)
    for rows y (..., m), each row with its own q, p (..., 1) and kind (level: 1/2 between q and p;
    else linear ramp)."""
    m = y.shape[-1]
    y = y - y.min(axis=-1, keepdims=True)  # exact for exactly representable data; keeps prefix sums small
    z = np.sort(y, axis=-1)
    prefix = np.concatenate([np.zeros(z.shape[:-1] + (1,)), np.cumsum(z, axis=-1)], axis=-1)

    def total(lo, hi):  # sum of z[lo:hi] row by row
        return np.take_along_axis(prefix, hi, axis=-1) - np.take_along_axis(prefix, lo, axis=-1)

    width = p - q
    ramp = np.divide(1.0, width, out=np.zeros_like(width), where=width > 0)
    # a preferred to b: d = y_a - y_b; F = 1 below y_a - p, ramp or 1/2 on [y_a - p, y_a - q).
    full = _count_below(z, y - p, inclusive=False)
    some = _count_below(z, y - q, inclusive=False)
    ramp_sum = (y - q) * (some - full) - total(full, some)
    leaving = full + np.where(level, 0.5 * (some - full), ramp * ramp_sum)
    # b preferred to a: d = y_b - y_a; F = 1 above y_a + p, ramp or 1/2 on (y_a + q, y_a + p].
    upto_p = _count_below(z, y + p, inclusive=True)
    upto_q = _count_below(z, y + q, inclusive=True)
    ramp_sum = total(upto_q, upto_p) - (y + q) * (upto_p - upto_q)
    entering = (m - upto_p) + np.where(level, 0.5 * (upto_p - upto_q), ramp * ramp_sum)
    return leaving, entering


def _piecewise_flows(y: np.ndarray, q: np.ndarray, p: np.ndarray, level: np.ndarray) -> np.ndarray:
    """Net flows sum_b [F(y_a - y_b) - F(y_b - y_a)] (not yet divided by m - 1): leaving - entering."""
    leaving, entering = _piecewise_parts(y, q, p, level)
    return leaving - entering


def _gaussian_flows(y: np.ndarray, s: np.ndarray) -> np.ndarray:
    """Net flows (not yet divided by m - 1) for rows y (B, m) with Gaussian parameters s (B, 1)."""
    out = np.empty_like(y)
    m = y.shape[-1]
    block = max(1, _GAUSSIAN_BLOCK // max(1, m * m))
    for start in range(0, y.shape[0], block):
        rows = y[start:start + block]
        d = rows[:, :, None] - rows[:, None, :]
        sigma = s[start:start + block, :, None]
        f = -np.expm1(-(d * d) / (2.0 * sigma * sigma))
        out[start:start + block] = (np.sign(d) * f).sum(axis=2)
    return out


def _gaussian_parts(y: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(leaving, entering) sums (not yet divided by m - 1) for rows y (B, m) with Gaussian parameters
    s (B, 1): the pairwise differences, for the tables of one ranking (the batched path needs only
    their difference, `_gaussian_flows`)."""
    leaving, entering = np.empty_like(y), np.empty_like(y)
    rows, m = y.shape
    block = max(1, _GAUSSIAN_BLOCK // max(1, rows * m))  # alternatives a at once
    for start in range(0, m, block):
        d = y[:, start:start + block, None] - y[:, None, :]  # y_a - y_b
        f = -np.expm1(-(d * d) / (2.0 * s[:, :, None] ** 2))
        leaving[:, start:start + block] = np.where(d > 0, f, 0.0).sum(axis=2)  # F(y_a - y_b)
        entering[:, start:start + block] = np.where(d < 0, f, 0.0).sum(axis=2)  # F(y_b - y_a)
    return leaving, entering


def _setup(x: np.ndarray, maximize, preference, q, p, s, names):
    """The scores in each criterion's direction, one row per sample and criterion (k, n, m), and
    each criterion's function as (gaussian, lo, hi, level, s): usual = linear with q = p = 0;
    ushape = linear with p = q; vshape = linear with q = 0."""
    n = x.shape[2]
    functions, q, p, s = _thresholds(preference, q, p, s, n, names)
    maximize = np.broadcast_to(np.asarray(maximize, dtype=bool), (n,))
    y = np.where(maximize, x, -x).transpose(0, 2, 1)
    gaussian = np.array([f == "gaussian" for f in functions])
    lo = np.array([q[j] if f in ("ushape", "level", "linear") else 0.0 for j, f in enumerate(functions)])
    hi = np.array([q[j] if f == "ushape" else p[j] if f in ("vshape", "level", "linear") else 0.0
                   for j, f in enumerate(functions)])
    level = np.array([f == "level" for f in functions])
    return y, gaussian, lo, hi, level, s


def flows(scores, *, maximize, preference=None, q=None, p=None, s=None, names=None) -> np.ndarray:
    """Per-criterion net flows phi_j, shape (k, m, n), for scores (m, n) or (k, m, n)."""
    x = np.asarray(scores, dtype=float)
    if x.ndim == 2:
        x = x[None]
    k, m, n = x.shape
    y, gaussian, lo, hi, level, s = _setup(x, maximize, preference, q, p, s, names)  # y: (k, n, m)
    out = np.zeros_like(y)
    if m < 2:
        return out.transpose(0, 2, 1)
    piecewise = ~gaussian
    if piecewise.any():
        out[:, piecewise] = _piecewise_flows(y[:, piecewise], lo[piecewise, None], hi[piecewise, None],
                                             level[piecewise, None])
    if gaussian.any():
        rows = y[:, gaussian].reshape(-1, m)
        sigma = np.broadcast_to(s[gaussian, None], (k, int(gaussian.sum()), 1)).reshape(-1, 1)
        out[:, gaussian] = _gaussian_flows(rows, sigma).reshape(k, -1, m)
    return out.transpose(0, 2, 1) / (m - 1)


def flow_parts(scores, *, maximize, preference=None, q=None, p=None, s=None, names=None) -> tuple[np.ndarray, np.ndarray]:
    """Per-criterion leaving and entering flows phi+_j(a) = sum_b P_j(a, b) / (m - 1) and
    phi-_j(a) = sum_b P_j(b, a) / (m - 1), each (m, n), for one score matrix (m, n): the tables of a
    ranking (phi_j = phi+_j - phi-_j; the batched path computes only that difference)."""
    x = np.asarray(scores, dtype=float)[None]
    _, m, n = x.shape
    y, gaussian, lo, hi, level, s = _setup(x, maximize, preference, q, p, s, names)
    y = y[0]  # (n, m)
    leaving, entering = np.zeros_like(y), np.zeros_like(y)
    if m < 2:
        return leaving.T, entering.T
    piecewise = ~gaussian
    if piecewise.any():
        leaving[piecewise], entering[piecewise] = _piecewise_parts(y[piecewise], lo[piecewise, None],
                                                                   hi[piecewise, None], level[piecewise, None])
    if gaussian.any():
        leaving[gaussian], entering[gaussian] = _gaussian_parts(y[gaussian], s[gaussian, None])
    return leaving.T / (m - 1), entering.T / (m - 1)


def promethee2(scores, weights, *, maximize, preference=None, q=None, p=None, s=None, names=None) -> np.ndarray:
    """Net flows (k, m) for scores (m, n) or (k, m, n) and weights (k, n).

    `preference` holds one function name per criterion (default all `usual`), `q`, `p`, `s` one
    threshold per criterion (None or NaN where the function does not use it); `names` (optional)
    name the criteria in the NotApplicable message about missing or invalid thresholds.
    """
    x, w = as_batch(scores, weights)
    phi = flows(x, maximize=maximize, preference=preference, q=q, p=p, s=s, names=names)
    return weighted_sum(phi, w)


def arguments(study) -> dict:
    """The keyword arguments of `promethee2` for the study (robustness samples with them too)."""
    c = study.criteria
    return {"maximize": study.maximize, "preference": tuple(x.preference for x in c), "q": tuple(x.q for x in c),
            "p": tuple(x.p for x in c), "s": tuple(x.s for x in c), "names": tuple(study.criterion_names)}


def evaluate(study, weights):
    """The facade's adapter: net flows of the study's alternatives under its preference functions,
    and the working: the leaving, entering and net flows."""
    args = arguments(study)
    net = promethee2(study.scores, weights[None, :], **args)[0]
    leaving, entering = (a @ np.asarray(weights, dtype=float) for a in flow_parts(study.scores, **args))
    names = study.alternative_names
    tables = {
        "leaving": per_alternative("Leaving (positive) flow phi+(a) = sum_b pi(a, b) / (m - 1): how much a outranks "
                                   "the others", "phi+", leaving, names),
        "entering": per_alternative("Entering (negative) flow phi-(a) = sum_b pi(b, a) / (m - 1): how much the "
                                    "others outrank a", "phi-", entering, names),
        "net": per_alternative("Net flow phi(a) = phi+(a) - phi-(a) (the score)", "phi", net, names),
    }
    return net, {"tables": tables}


def linear(scores, **arguments) -> np.ndarray:
    """The per-criterion net flows, shaped like the scores: the net flow is their weighted sum."""
    x = np.asarray(scores, dtype=float)
    return flows(x, **arguments) if x.ndim == 3 else flows(x, **arguments)[0]


def score_kinks(others, j: int, *, q=None, p=None, **arguments) -> list[np.ndarray]:
    """Where a preference function bends as one score on criterion j moves: the other scores -+ q
    and -+ p (a positive threshold of the criterion)."""
    out = []
    for values in (q, p):
        t = None if values is None else values[j]
        if t is not None and np.isfinite(t) and t > 0:
            out += [others - t, others + t]
    return out


# The method contract (decision/methods/registry.py).
BATCHED = True
batched = promethee2

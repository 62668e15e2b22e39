"""The aid-allocation model as a PuLP problem.

Variables: units x_i per category; for a category with a strength curve, the amounts d_ij taken
from its segments (and binaries z_ij where the curve is not concave, see `curves`); for the robust
objective, the worst-case strength t. Rows: `budget`, `risk` (each limit that is set), `link<j>`
(ratio x units of a category - units of what it requires <= 0), `curve<i>` (sum_j d_ij = x_i),
`fill<i>_<j>`/`open<i>_<j>` (segment order), and `scenario<s>` (t <= strength under scenario s)
or, when usage is minimized at a given strength, `floor<s>` (strength under s >= floor).

Expressions are built with `LpAffineExpression([(var, coef), ...])`, never Python `sum` or
repeated `+=`, which PuLP makes slow (DESIGN.md, Performance notes).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pulp

from decision.allocation.curves import segments
from decision.allocation.problem import AidProblem
from decision.model import AidCategory

LIMITS = ("budget", "risk")
GOALS = ("strength",) + LIMITS  # maximize strength, or minimize what is used of a limit
# Workbook numbers typed as 3 may arrive as 2.9999999999: forgive that much before ceil/floor.
_NOISE = 1e-9


def unit_bounds(category: AidCategory) -> tuple[float, float]:
    """min..max units; for whole units, the whole numbers inside (may be empty: lo > hi)."""
    lo, hi = float(category.min_units), float(category.max_units)
    if category.integer:
        lo, hi = float(math.ceil(lo - _NOISE)), float(math.floor(hi + _NOISE))
    return lo, hi


def per_unit(categories: Sequence[AidCategory], limit: str) -> list[float]:
    """What one unit of each category uses of `limit` ("budget" or "risk")."""
    attr = {"budget": "unit_cost", "risk": "risk_per_unit"}[limit]
    return [float(getattr(c, attr)) for c in categories]


def usage(categories: Sequence[AidCategory], limit: str, units) -> float:
    """How much of `limit` ("budget" or "risk") a package (units per category) uses."""
    return math.fsum(a * n for a, n in zip(per_unit(categories, limit), units))


def variables(categories: Sequence[AidCategory], *, relax: bool = False) -> list[pulp.LpVariable]:
    """Units bought per category. Named x0, x1, ... because PuLP mangles and may merge odd names."""
    out = []
    for i, c in enumerate(categories):
        lo, hi = unit_bounds(c)
        kind = pulp.LpInteger if c.integer and not relax else pulp.LpContinuous
        out.append(pulp.LpVariable(f"x{i}", lowBound=lo, upBound=hi, cat=kind))
    return out


def expression(xs: Sequence[pulp.LpVariable], coefs: Sequence[float], extra=()) -> pulp.LpAffineExpression:
    """sum coef * x, plus any (variable, coef) pairs in `extra`."""
    return pulp.LpAffineExpression(list(zip(xs, coefs)) + list(extra))


def _row(problem: pulp.LpProblem, pairs, sense, name: str, rhs: float) -> None:
    problem.addConstraint(pulp.LpConstraint(pulp.LpAffineExpression(pairs), sense, name, float(rhs)))


@dataclass
class Model:
    """A built problem and the handles the callers read back."""

    problem: pulp.LpProblem
    xs: list[pulp.LpVariable]
    rows: tuple[str, ...]  # names of the strengths in `strengths` (the objective's scenarios)
    strengths: list[pulp.LpAffineExpression]
    binaries: bool  # a non-concave curve needed binaries


def add_limits(problem: pulp.LpProblem, xs, p: AidProblem, excess: dict | None = None) -> None:
    """`budget` and `risk` rows for each limit that is set; `excess` variables may exceed them."""
    for name, limit in p.limits.items():
        if limit is None:
            continue
        extra = [(excess[name], -1.0)] if excess and name in excess else []
        problem.addConstraint(pulp.LpConstraint(expression(xs, per_unit(p.categories, name), extra),
                                                pulp.LpConstraintLE, name, float(limit)))


def add_links(problem: pulp.LpProblem, xs, p: AidProblem) -> None:
    """ratio x units of the category <= units of what it requires."""
    for j, (a, b, ratio) in enumerate(p.links):
        _row(problem, [(xs[a], ratio), (xs[b], -1.0)], pulp.LpConstraintLE, f"link{j}", 0.0)


def add_value(problem: pulp.LpProblem, xs, p: AidProblem, *, relax: bool) -> tuple[list, bool]:
    """Strength expressions, one per objective row (scenario), and whether binaries were needed."""
    carriers: list[pulp.LpVariable] = []  # the variables that carry strength: x_i, or the d_ij of a curve
    owner: list[int] = []
    slope: list[float] = []
    binaries = False
    for i, c in enumerate(p.categories):
        seg = segments(c, unit_bounds(c)[1])
        if seg is None:
            carriers.append(xs[i])
            owner.append(i)
            slope.append(float(c.strength_per_unit))
            continue
        ds = [pulp.LpVariable(f"d{i}_{j}", lowBound=0.0, upBound=float(length)) for j, length in enumerate(seg.lengths)]
        _row(problem, [(d, 1.0) for d in ds] + [(xs[i], -1.0)], pulp.LpConstraintEQ, f"curve{i}", 0.0)
        if not seg.concave:
            binaries = True
            kind = pulp.LpContinuous if relax else pulp.LpInteger
            for j in range(len(ds) - 1):
                z = pulp.LpVariable(f"z{i}_{j}", lowBound=0, upBound=1, cat=kind)
                _row(problem, [(ds[j], 1.0), (z, -float(seg.lengths[j]))], pulp.LpConstraintGE, f"fill{i}_{j}", 0.0)
                _row(problem, [(ds[j + 1], 1.0), (z, -float(seg.lengths[j + 1]))], pulp.LpConstraintLE, f"open{i}_{j}", 0.0)
        carriers += ds
        owner += [i] * len(ds)
        slope += [float(v) for v in seg.slopes]
    _, weights = p.rows()
    coefs = weights[:, np.asarray(owner, dtype=int)] * np.asarray(slope, dtype=float) if carriers else np.zeros((len(weights), 0))
    strengths = [pulp.LpAffineExpression([(v, float(a)) for v, a in zip(carriers, row) if a != 0]) for row in coefs]
    return strengths, binaries


def build_model(p: AidProblem, *, relax: bool = False, goal: str = "strength", floor: float | None = None) -> Model:
    """The model of `p`: maximize its strength (the worst case over scenarios when robust), or
    minimize what is used of a limit (`goal` "budget"/"risk"), then with every objective row's
    strength >= `floor` when given. `relax=True` drops integrality (the LP relaxation)."""
    if goal not in GOALS:
        raise ValueError(f"goal must be one of {GOALS}, not {goal!r}")
    maximize = goal == "strength"
    problem = pulp.LpProblem("aid_allocation", pulp.LpMaximize if maximize else pulp.LpMinimize)
    xs = variables(p.categories, relax=relax)
    names, _ = p.rows()
    strengths, binaries = [], False
    if maximize or floor is not None:
        strengths, binaries = add_value(problem, xs, p, relax=relax)
    if maximize and len(strengths) == 1:
        problem.setObjective(strengths[0])
    elif maximize:  # robust: maximize t, t <= strength of every scenario
        t = pulp.LpVariable("worst_case")
        problem.setObjective(pulp.LpAffineExpression([(t, 1.0)]))
        for s, e in enumerate(strengths):
            _row(problem, list(e.items()) + [(t, -1.0)], pulp.LpConstraintGE, f"scenario{s}", 0.0)
    else:
        problem.setObjective(expression(xs, per_unit(p.categories, goal)))
        for s, e in enumerate(strengths):
            _row(problem, list(e.items()), pulp.LpConstraintGE, f"floor{s}", floor)
    add_limits(problem, xs, p)
    add_links(problem, xs, p)
    return Model(problem, xs, names, strengths, binaries)

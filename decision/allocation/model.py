"""The aid-allocation model as a PuLP problem: one variable per category, two limits.

Expressions are built with `LpAffineExpression([(var, coef), ...])`, never Python `sum` or
repeated `+=`, which PuLP makes slow (DESIGN.md, Performance notes).
"""

from __future__ import annotations

import math
from typing import Sequence

import pulp

from decision.model import AidCategory

LIMITS = ("budget", "risk")
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


def build(categories: Sequence[AidCategory], budget: float, risk_cap: float, *, relax: bool = False):
    """(problem, variables): maximize strength within the budget and the risk cap.

    `relax=True` drops integrality (keeping the whole-number bounds): the LP relaxation.
    """
    problem = pulp.LpProblem("aid_allocation", pulp.LpMaximize)
    xs = variables(categories, relax=relax)
    problem += expression(xs, [float(c.strength_per_unit) for c in categories])
    for name, limit in (("budget", budget), ("risk", risk_cap)):
        problem += pulp.LpConstraint(expression(xs, per_unit(categories, name)), pulp.LpConstraintLE, name, float(limit))
    return problem, xs

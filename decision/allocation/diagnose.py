"""Why a plan is infeasible, in a planner's words, and how far the limits must move.

Relaxations come from an elastic model: the limits may be exceeded by relaxation variables,
whose (weighted) total is minimized. The figures are then recomputed from the plan the solver
found (its cost and risk less the limits), so that raising the limits by them admits that plan
exactly rather than up to the solver's tolerance.
"""

from __future__ import annotations

import math
from typing import Sequence

import pulp

from decision.allocation.model import LIMITS, expression, per_unit, unit_bounds, variables
from decision.allocation.solve import solve, units
from decision.errors import NoSolution
from decision.model import AidCategory

_WORDS = {"budget": ("cost", "the budget"), "risk": ("carry risk", "the risk cap")}


def num(x: float) -> str:
    """A number for a sentence: 120, 0.3, 1234567.5 (no float noise, no exponent below 1e10)."""
    return f"{x:.10g}"


def bound_conflicts(categories: Sequence[AidCategory]) -> list[str]:
    """Whole-unit categories whose min..max holds no whole number: no limit can fix those."""
    out = []
    for c in categories:
        lo, hi = unit_bounds(c)
        if lo > hi:
            out.append(f"{c.name}: only whole units can be bought, but none lies between "
                       f"min_units {num(c.min_units)} and max_units {num(c.max_units)}")
    return out


def _elastic(categories, limits: dict[str, float], weights: dict[str, float], solver) -> dict[str, float] | None:
    """Minimize sum(weight * excess) over the limits in `weights`; the others stay hard.

    Returns the excess of each limit in the plan found (0 where within the limit), or None when
    no plan exists even so. Integrality is kept: an integer model's relaxation must be integer.
    """
    problem = pulp.LpProblem("aid_relaxation", pulp.LpMinimize)
    xs = variables(categories)
    slack = {k: pulp.LpVariable(f"relax_{k}", lowBound=0) for k in weights}
    problem += pulp.LpAffineExpression([(slack[k], w) for k, w in weights.items()])
    for name in LIMITS:
        extra = [(slack[name], -1.0)] if name in slack else []
        problem += pulp.LpConstraint(expression(xs, per_unit(categories, name), extra),
                                     pulp.LpConstraintLE, name, limits[name])
    if solve(problem, solver) != "optimal":
        return None
    plan = units(xs, categories)
    return {name: max(math.fsum(a * n for a, n in zip(per_unit(categories, name), plan)) - limits[name], 0.0)
            for name in LIMITS}


def joint_relaxation(categories, limits, solver) -> dict[str, float] | None:
    """Raise both limits, minimizing the sum of relative changes (change / limit).

    A zero limit has no relative change: any increase of it counts as infinitely larger than a
    change of a positive limit, so zero limits are relaxed as little as possible first.
    """
    zero = [k for k in LIMITS if limits[k] <= 0]
    first = dict.fromkeys(LIMITS, 0.0)
    if zero:
        found = _elastic(categories, limits, {k: float(k in zero) for k in LIMITS}, solver)
        if found is None:
            return None
        first.update({k: found[k] for k in zero})
    raised = {k: limits[k] + first[k] for k in LIMITS}
    found = _elastic(categories, raised, {k: 1.0 / limits[k] for k in LIMITS if k not in zero}, solver)
    if found is None:
        return None
    return {k: first[k] + found[k] for k in LIMITS}


def relaxations(categories, budget, risk_cap, solver) -> dict:
    """{"budget": x, "risk": y, "joint": {...}}: x raises the budget alone (0 when the budget is
    not in conflict; None when raising it alone cannot help), likewise y; "joint" moves both."""
    limits = {"budget": float(budget), "risk": float(risk_cap)}
    joint = joint_relaxation(categories, limits, solver)
    out: dict = {}
    for name in LIMITS:
        alone = _elastic(categories, limits, {name: 1.0}, solver)
        if alone is not None:
            out[name] = alone[name]
        else:
            out[name] = 0.0 if joint is not None and joint[name] == 0 else None
    out["joint"] = joint
    return out


def no_solution(categories: Sequence[AidCategory], budget: float, risk_cap: float, solver: str) -> NoSolution:
    """The NoSolution("infeasible", reasons, relaxations) to raise for an infeasible plan."""
    conflicts = bound_conflicts(categories)
    if conflicts:
        return NoSolution("infeasible", conflicts, {"budget": None, "risk": None, "joint": None})
    reasons = []
    for name, limit in (("budget", budget), ("risk", risk_cap)):
        needed = math.fsum(a * unit_bounds(c)[0] for a, c in zip(per_unit(categories, name), categories))
        if needed > limit:
            what, which = _WORDS[name]
            reasons.append(f"the minimum purchases {what} {num(needed)} but {which} is {num(limit)}")
    if not reasons:  # the solver and the arithmetic disagree: say so rather than guess
        reasons.append(f"the solver ({solver}) found no plan within the budget {num(budget)} "
                       f"and the risk cap {num(risk_cap)}")
    return NoSolution("infeasible", reasons, relaxations(categories, budget, risk_cap, solver))

"""Why a plan is infeasible, in a planner's words, and how far the limits must move.

Relaxations come from an elastic model: the limits may be exceeded by relaxation variables,
whose (weighted) total is minimized; bounds, whole units and prerequisites (links) stay hard. The
figures are then recomputed from the plan the solver found (its cost and risk less the limits),
so that raising the limits by them admits that plan exactly rather than up to the solver's
tolerance.
"""

from __future__ import annotations


import numpy as np
import pulp

from decision.allocation.minimum import bound_conflicts, least_units, num
from decision.allocation.model import LIMITS, add_limits, add_links, usage, variables
from decision.allocation.problem import AidProblem
from decision.allocation.solve import units
from decision.lp import solve
from decision.errors import NoSolution

__all__ = ["bound_conflicts", "joint_relaxation", "no_solution", "num", "relaxations"]

# Each elastic solve of a diagnosis has its own limit: the command's may be spent by the time a
# plan proves infeasible, and the reasons are worth more than the seconds.
DIAGNOSIS_SECONDS = 10.0

_WORDS = {"budget": ("cost", "the budget"), "risk": ("carry risk", "the risk cap")}


def _limits(p: AidProblem) -> dict[str, float]:
    return {k: v for k, v in p.limits.items() if v is not None}


def _elastic(p: AidProblem, limits: dict[str, float], weights: dict[str, float], solver) -> dict[str, float] | None:
    """Minimize sum(weight * excess) over the limits in `weights`; the others stay hard.

    Returns the excess of each limit in the plan found (0 where within the limit), or None when
    no plan exists even so. Integrality is kept: an integer model's relaxation must be integer.
    """
    problem = pulp.LpProblem("aid_relaxation", pulp.LpMinimize)
    xs = variables(p.categories)
    excess = {k: pulp.LpVariable(f"relax_{k}", lowBound=0) for k in weights}
    problem.setObjective(pulp.LpAffineExpression([(excess[k], w) for k, w in weights.items()]))
    add_limits(problem, xs, p.with_limits(**limits), excess)
    add_links(problem, xs, p)
    if solve(problem, solver, time_limit=DIAGNOSIS_SECONDS, shared=False) != "optimal":
        return None
    plan = units(xs, p.categories)
    return {name: max(usage(p.categories, name, plan) - limits[name], 0.0)
            for name in limits}


def joint_relaxation(p: AidProblem, limits: dict[str, float], solver) -> dict[str, float] | None:
    """Raise the limits together, minimizing the sum of relative changes (change / limit).

    A zero limit has no relative change: any increase of it counts as infinitely larger than a
    change of a positive limit, so zero limits are relaxed as little as possible first.
    """
    zero = [k for k in limits if limits[k] <= 0]
    first = dict.fromkeys(limits, 0.0)
    if zero:
        found = _elastic(p, limits, {k: float(k in zero) for k in limits}, solver)
        if found is None:
            return None
        first.update({k: found[k] for k in zero})
    raised = {k: limits[k] + first[k] for k in limits}
    found = _elastic(p, raised, {k: 1.0 / limits[k] for k in limits if k not in zero}, solver)
    if found is None:
        return None
    return {k: first[k] + found[k] for k in limits}


def relaxations(p: AidProblem, solver) -> dict:
    """{"budget": x, "risk": y, "joint": {...}}: x raises the budget alone (0 when the budget is
    not in conflict; None when raising it alone cannot help), likewise y; "joint" moves both."""
    limits = _limits(p)
    joint = joint_relaxation(p, limits, solver)
    out: dict = {}
    for name in LIMITS:
        if name not in limits:
            out[name] = 0.0
            continue
        alone = _elastic(p, limits, {name: 1.0}, solver)
        if alone is not None:
            out[name] = alone[name]
        else:
            out[name] = 0.0 if joint is not None and joint[name] == 0 else None
    out["joint"] = None if joint is None else {k: joint.get(k, 0.0) for k in LIMITS}
    return out


def no_solution(p: AidProblem, solver: str) -> NoSolution:
    """The NoSolution("infeasible", reasons, relaxations) to raise for an infeasible plan."""
    conflicts = bound_conflicts(p.categories)
    least, link_conflicts = (None, []) if conflicts else least_units(p)
    conflicts += link_conflicts
    if conflicts:
        return NoSolution("infeasible", conflicts, {"budget": None, "risk": None, "joint": None})
    lows = np.array([lo for lo in least], dtype=float)
    raised = bool(p.links) and any(lows[i] > float(np.ceil(c.min_units - 1e-9) if c.integer else c.min_units)
                                   for i, c in enumerate(p.categories))
    reasons = []
    for name, limit in _limits(p).items():
        needed = usage(p.categories, name, lows)
        if needed > limit:
            what, which = _WORDS[name]
            also = " (with the units their prerequisites require)" if raised else ""
            reasons.append(f"the minimum purchases{also} {what} {num(needed)} but {which} is {num(limit)}")
    if not reasons:  # the solver and the arithmetic disagree: say so rather than guess
        limits = " and ".join(f"{_WORDS[k][1]} {num(v)}" for k, v in _limits(p).items())
        reasons.append(f"the solver ({solver}) found no plan within {limits or 'the bounds'}")
    return NoSolution("infeasible", reasons, relaxations(p, solver))

"""What the budget and the risk cap are worth: LP shadow prices and the gain of a re-solve.

Prices come from an LP, never from a MILP (PuLP's HiGHS returns 0 duals for integer models and
CBC something else again). An integer model takes them from its LP relaxation, not from the LP
with the integers fixed at the optimum: when every category is bought in whole units (as in the
shipped study) fixing them leaves no variable free, and every price is then 0 or an arbitrary
degenerate dual. The relaxation's price is the marginal rate of the continuous approximation,
which is why `gain` (an actual integer re-solve with the limit raised by `step`) goes with it.
"""

from __future__ import annotations

import math
from typing import Sequence

from decision.allocation.model import LIMITS, build, per_unit
from decision.allocation.solve import prices, solve, units
from decision.model import AidCategory

DEFAULT_STEP = 0.10  # of each limit: big enough to buy a whole unit of something, usually


def is_integer(categories: Sequence[AidCategory]) -> bool:
    return any(c.integer for c in categories)


def lp_prices(categories, budget, risk_cap, solver, problem=None) -> tuple[dict[str, float], str]:
    """(prices, prices_from); `problem` is the already solved model when it is an LP."""
    if not is_integer(categories) and problem is not None:
        return prices(problem), "lp"
    relaxed, _ = build(categories, budget, risk_cap, relax=True)
    if solve(relaxed, solver) != "optimal":  # cannot happen: the MILP was feasible
        raise RuntimeError(f"the LP relaxation did not solve to optimality with {solver}")
    return prices(relaxed), "lp-relaxation" if is_integer(categories) else "lp"


def step_for(limit_name: str, limit: float, fraction: float, categories: Sequence[AidCategory]) -> float:
    """`fraction` of the limit; for a zero limit, what one unit of the least demanding category needs."""
    if limit > 0:
        return fraction * limit
    positive = [v for v in per_unit(categories, limit_name) if v > 0]
    return min(positive) if positive else 1.0


def objective_of(categories, xs) -> tuple[list, float]:
    """(units, strength) of a solved model, the strength recomputed from the rounded units."""
    u = units(xs, categories)
    return u, math.fsum(c.strength_per_unit * n for c, n in zip(categories, u))


def gains(categories, budget, risk_cap, solver, objective, steps: dict[str, float]) -> dict[str, float]:
    """Optimal strength gained when each limit alone rises by its step (>= 0 by monotonicity)."""
    out = {}
    for name in LIMITS:
        b = budget + steps[name] if name == "budget" else budget
        r = risk_cap + steps[name] if name == "risk" else risk_cap
        problem, xs = build(categories, b, r)
        if solve(problem, solver) != "optimal":  # cannot happen: a looser feasible model
            raise RuntimeError(f"the re-solve with a larger {name} failed with {solver}")
        out[name] = max(objective_of(categories, xs)[1] - objective, 0.0)
    return out

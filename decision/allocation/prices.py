"""What the budget and the risk cap are worth: LP shadow prices and the gain of a re-solve.

Prices come from an LP, never from a MILP (PuLP's HiGHS returns 0 duals for integer models and
CBC something else again). An integer model takes them from its LP relaxation, not from the LP
with the integers fixed at the optimum: when every category is bought in whole units (as in the
shipped study) fixing them leaves no variable free, and every price is then 0 or an arbitrary
degenerate dual. The relaxation's price is the marginal rate of the continuous approximation,
which is why `gain` (an actual integer re-solve with the limit raised by `step`) goes with it.
"""

from __future__ import annotations

from typing import Sequence

from decision.allocation.model import LIMITS, build, per_unit
from decision.allocation.solve import objective_of, prices, solve
from decision.model import AidCategory

# 10% of each limit: a change a planner would discuss, and in a typical study enough for an
# integer model to buy a whole unit more of something (a tiny step would mostly gain nothing).
DEFAULT_STEP = 0.10


def is_integer(categories: Sequence[AidCategory]) -> bool:
    return any(c.integer for c in categories)


def lp_prices(categories, budget, risk_cap, solver, solved) -> tuple[dict[str, float], str]:
    """(prices, prices_from): from `solved` (the optimal model) when it is an LP, else the relaxation."""
    if not is_integer(categories):
        return prices(solved), "lp"
    relaxed, _ = build(categories, budget, risk_cap, relax=True)
    if solve(relaxed, solver) != "optimal":  # cannot happen: the MILP was feasible
        raise RuntimeError(f"the LP relaxation did not solve to optimality with {solver}")
    return prices(relaxed), "lp-relaxation"


def step_for(limit_name: str, limit: float, fraction: float, categories: Sequence[AidCategory]) -> float:
    """`fraction` of the limit; for a zero limit, what one unit of the least demanding category needs."""
    if limit > 0:
        return fraction * limit
    positive = [v for v in per_unit(categories, limit_name) if v > 0]
    return min(positive) if positive else 1.0


def gains(categories, budget, risk_cap, solver, objective, steps: dict[str, float]) -> dict[str, float]:
    """Optimal strength gained when each limit alone rises by its step (>= 0 by monotonicity)."""
    out = {}
    for name in LIMITS:
        b = budget + steps[name] if name == "budget" else budget
        r = risk_cap + steps[name] if name == "risk" else risk_cap
        problem, xs = build(categories, b, r)
        if solve(problem, solver) != "optimal":  # cannot happen: a looser feasible model
            raise RuntimeError(f"the re-solve with a larger {name} failed with {solver}")
        out[name] = max(objective_of(xs, categories)[1] - objective, 0.0)
    return out

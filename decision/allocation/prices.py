"""What the budget and the risk cap are worth: LP shadow prices and the gain of a re-solve.

Prices come from an LP, never from a MILP (PuLP's HiGHS returns 0 duals for integer models and
CBC something else again). An integer model -- whole units, or binaries for a non-concave curve --
takes them from its LP relaxation, not from the LP with the integers fixed at the optimum: when
every category is bought in whole units (as in the shipped study) fixing them leaves no variable
free, and every price is then 0 or an arbitrary degenerate dual. The relaxation's price is the
marginal rate of the continuous approximation (for a non-concave curve, of its concave envelope:
the incremental formulation's relaxation), which is why `gain` (an actual re-solve with the limit
raised by `step`) goes with it. Under the robust objective the price is the marginal worst-case
strength: the dual of the limit in max t s.t. t <= strength of each scenario.
"""

from __future__ import annotations

from typing import Sequence

from decision.allocation.model import LIMITS, Model, build_model, per_unit
from decision.allocation.problem import AidProblem
from decision.allocation.solve import evaluate, prices, units
from decision.lp import checked, solve
from decision.errors import NoSolution
from decision.model import AidCategory

# 10% of each limit: a change a planner would discuss, and in a typical study enough for an
# integer model to buy a whole unit more of something (a tiny step would mostly gain nothing).
DEFAULT_STEP = 0.10


def lp_prices(p: AidProblem, solver: str, solved: Model) -> tuple[dict[str, float], str]:
    """(prices, prices_from): from `solved` (the optimal model) when it is an LP, else the relaxation."""
    if not (p.integer or solved.binaries):
        return prices(solved.problem), "lp"
    relaxed = build_model(p, relax=True)
    # an LP (no whole units): it cannot run long, so the command's time limit, perhaps spent on the
    # package itself, does not govern it
    if checked(solve(relaxed.problem, solver, shared=False), solver, "the LP relaxation") != "optimal":
        raise RuntimeError(f"the LP relaxation did not solve to optimality with {solver}")
    return prices(relaxed.problem), "lp-relaxation"


def step_for(limit_name: str, limit: float, fraction: float, categories: Sequence[AidCategory]) -> float:
    """`fraction` of the limit; for a zero limit, what one unit of the least demanding category needs."""
    if limit > 0:
        return fraction * limit
    positive = [v for v in per_unit(categories, limit_name) if v > 0]
    return min(positive) if positive else 1.0


def optimum(p: AidProblem, solver: str) -> float | None:
    """The optimal objective of `p` (of the plan found, when the time limit stopped the solve), or
    None when it has no plan."""
    model = build_model(p)
    if checked(solve(model.problem, solver), solver, f"budget {p.budget:.10g}, risk cap {p.risk_cap:.10g}") == "infeasible":
        return None
    return evaluate(p, units(model.xs, p.categories))[0]


def gains(p: AidProblem, solver: str, objective: float, steps: dict[str, float]) -> dict[str, float | None]:
    """Optimal strength gained when each limit alone rises by its step (>= 0 by monotonicity); None
    where the time limit on solving ran out before the re-solve found a plan (the package itself
    stands: the gain is an aside)."""
    out = {}
    for name in LIMITS:
        try:
            value = optimum(p.with_limits(**{name: p.limits[name] + steps[name]}), solver)
        except NoSolution as exc:
            if exc.status != "stopped":
                raise
            out[name] = None
            continue
        if value is None:  # a looser model of a feasible one: only the solver's tolerances say infeasible
            out[name] = None  # (CBC did, in a hypothesis case): no gain measured, as when time runs out
            continue
        out[name] = max(value - objective, 0.0)
    return out

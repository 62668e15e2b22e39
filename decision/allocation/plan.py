"""The entry points: the optimal aid package for a study, or for plain arguments."""

from __future__ import annotations

import math
from typing import Sequence

from decision.allocation.diagnose import no_solution
from decision.allocation.model import build, per_unit, unit_bounds
from decision.allocation.prices import DEFAULT_STEP, gains, lp_prices, step_for
from decision.allocation.result import Allocation, Limit, Purchase
from decision.allocation.solve import check_solver, objective_of, solve
from decision.errors import InputError
from decision.model import AidCategory, Study


def allocate(study: Study, *, budget: float | None = None, risk_cap: float | None = None,
             solver: str = "highs", price_step: float | None = None) -> Allocation:
    """The study's optimal aid package; `budget`/`risk_cap` override its Settings."""
    budget = study.budget if budget is None else budget
    risk_cap = study.risk_cap if risk_cap is None else risk_cap
    missing = [k for k, v in (("budget", budget), ("risk_cap", risk_cap)) if v is None]
    if missing:
        raise InputError([f"{study.label}: Settings: missing setting '{k}' (needed by allocation)" for k in missing])
    return solve_allocation(study.aid, budget, risk_cap, solver=solver, price_step=price_step)


def solve_allocation(categories: Sequence[AidCategory], budget: float, risk_cap: float, *,
                     solver: str = "highs", price_step: float | None = None) -> Allocation:
    """Maximize total strength within the budget and the risk cap.

    `price_step` is the fraction of each limit by which it is raised to measure `gain`
    (default 0.10). Raises NoSolution("infeasible", ...) with reasons and relaxations, and
    InputError for a negative or non-finite limit, an unknown solver or a bad step.
    """
    categories = tuple(categories)
    budget, risk_cap, fraction = _checked(budget, risk_cap, price_step)
    check_solver(solver)
    problem, xs = build(categories, budget, risk_cap)
    # A whole-unit category with no whole number in min..max: infeasible before any solve.
    empty = any(lo > hi for lo, hi in map(unit_bounds, categories))
    status = "infeasible" if empty else solve(problem, solver)
    if status == "infeasible":
        raise no_solution(categories, budget, risk_cap, solver)
    if status != "optimal":  # unbounded cannot happen with finite max_units: a solver failure
        raise RuntimeError(f"the {solver} solver returned '{status}' for the aid allocation")
    plan, objective = objective_of(xs, categories)
    prices, prices_from = lp_prices(categories, budget, risk_cap, solver, problem)
    steps = {"budget": step_for("budget", budget, fraction, categories),
             "risk": step_for("risk", risk_cap, fraction, categories)}
    gain = gains(categories, budget, risk_cap, solver, objective, steps)
    purchases = tuple(
        Purchase(c.name, c.unit, n, float(c.unit_cost * n), float(c.strength_per_unit * n), float(c.risk_per_unit * n))
        for c, n in zip(categories, plan)
    )

    def limit(name, value):
        used = math.fsum(a * n for a, n in zip(per_unit(categories, name), plan))
        return Limit(value, used, prices[name], steps[name], gain[name])

    return Allocation("optimal", objective, purchases, limit("budget", budget), limit("risk", risk_cap),
                      prices_from, solver)


def _checked(budget, risk_cap, price_step) -> tuple[float, float, float]:
    """Limits as floats >= 0 (the workbook schema's rule, applied to overrides too)."""
    problems, out = [], []
    for name, value in (("budget", budget), ("risk_cap", risk_cap)):
        try:
            value = float(value)
        except (TypeError, ValueError):
            problems.append(f"{name}: expected a number, found {value!r}")
            continue
        if not math.isfinite(value) or value < 0:
            problems.append(f"{name}: expected a finite number >= 0, found {value:g}")
        out.append(value)
    fraction = DEFAULT_STEP if price_step is None else price_step
    if isinstance(fraction, bool) or not (isinstance(fraction, (int, float)) and math.isfinite(fraction) and fraction > 0):
        problems.append(f"price_step: expected a fraction of the limit > 0, found {fraction!r}")
    if problems:
        raise InputError(problems)
    return out[0], out[1], float(fraction)

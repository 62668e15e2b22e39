"""The entry points: the optimal aid package of an AidProblem, or of plain arguments (a study's
problem, its scenario and its completion are the pipeline's: `decision.pipeline.aid`)."""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from decision.allocation.curves import is_concave, strengths
from decision.allocation.diagnose import no_solution
from decision.allocation.model import build_model, unit_bounds, usage
from decision.allocation.prices import DEFAULT_STEP, gains, lp_prices, step_for
from decision.allocation.problem import AidProblem, make_problem
from decision.allocation.result import Allocation, Limit, LinkUse, Purchase
from decision.allocation.minimum import num
from decision.allocation.solve import evaluate, units
from decision.lp import check_solver, checked, solve
from decision.errors import InputError
from decision.model import AidCategory, AidLink


def solve_allocation(categories: Sequence[AidCategory], budget: float, risk_cap: float, *,
                     solver: str = "highs", price_step: float | None = None, links: Sequence[AidLink] = (),
                     scenarios: Sequence[str] = (), effects=None, scenario: str | None = None) -> Allocation:
    """Maximize total strength within the budget and the risk cap.

    `links` are prerequisites, `effects` (scenarios x categories) multiply each category's strength
    under each of `scenarios`, and `scenario` names the one to maximize or is "robust" (the worst
    case). `price_step` is the fraction of each limit by which it is raised to measure `gain`
    (default 0.10). Raises NoSolution("infeasible", ...) with reasons and relaxations, and
    InputError for a negative or non-finite limit, an unknown solver or a bad step.
    """
    budget, risk_cap, _ = checked_limits(budget, risk_cap, price_step)
    p = make_problem(categories, budget, risk_cap, links=links, scenarios=scenarios, effects=effects, objective=scenario)
    return solve_problem(p, solver=solver, price_step=price_step, scenario_from="option" if scenario else None)


def where(p: AidProblem) -> str:
    """The limits a solve ran under, for a sentence."""
    def level(v):
        return "unlimited" if v is None else num(v)

    return f"budget {level(p.budget)}, risk cap {level(p.risk_cap)}"


def solved_model(p: AidProblem, solver: str):
    """The model of `p`, solved to optimality (or stopped by the time limit with a plan: see
    `model.problem.solution_gap`); NoSolution when no package is feasible, when the solver fails
    or when the time runs out before any package is found."""
    model = build_model(p)
    empty = any(lo > hi for lo, hi in map(unit_bounds, p.categories))
    status = "infeasible" if empty else checked(solve(model.problem, solver), solver, where(p))
    if status == "infeasible":
        raise no_solution(p, solver)
    return model


def solve_problem(p: AidProblem, *, solver: str = "highs", price_step: float | None = None,
                  scenario_from: str | None = None, solved=None) -> Allocation:
    """The optimal package of `p` with its prices, gains, links and strength under each scenario;
    `solved`: the model of `p` already solved by `solved_model` (not solved again)."""
    budget, risk_cap, fraction = checked_limits(p.budget, p.risk_cap, price_step)
    check_solver(solver)
    model = solved if solved is not None else solved_model(p, solver)
    plan = units(model.xs, p.categories)
    objective, by_row = evaluate(p, plan)
    prices, prices_from = lp_prices(p, solver, model)
    steps = {"budget": step_for("budget", budget, fraction, p.categories),
             "risk": step_for("risk", risk_cap, fraction, p.categories)}
    gain = gains(p, solver, objective, steps)
    gap, status = model.problem.solution_gap, model.problem.solution_status
    return Allocation(status, objective, purchases(p, plan), *_limits(p, plan, prices, steps, gain), prices_from,
                      solver, **describe(p, plan, by_row, scenario_from), gap=gap)


def purchases(p: AidProblem, plan) -> tuple[Purchase, ...]:
    """One line per category; strength under the objective's scenario (robust: the worst case's)."""
    names, weights = p.rows()
    f = strengths(p.categories, plan)
    row = int(np.argmin(weights @ f)) if len(f) else 0
    return tuple(Purchase(c.name, c.unit, n, float(c.unit_cost * n), float(weights[row, i] * f[i]),
                          float(c.risk_per_unit * n)) for i, (c, n) in enumerate(zip(p.categories, plan)))


def _limits(p: AidProblem, plan, prices, steps, gain) -> tuple[Limit, Limit]:
    def limit(name):
        used = usage(p.categories, name, plan)
        return Limit(p.limits[name], used, prices[name], steps[name], gain[name])

    return limit("budget"), limit("risk")


def describe(p: AidProblem, plan, by_row, scenario_from) -> dict:
    """The Allocation fields that say which strength was maximized, and how the links and curves stand."""
    names, _ = p.rows()
    by_scenario = p.by_scenario(plan)
    worst = names[int(np.argmin(by_row))] if p.robust and by_scenario else None
    links = tuple(LinkUse(p.categories[a].name, p.categories[b].name, ratio, ratio * plan[a], plan[b])
                  for a, b, ratio in p.links)
    curves = {c.name: ("concave" if is_concave(c) else "non-concave") for c in p.categories if c.curve}
    return {"scenario": p.objective, "scenario_from": scenario_from, "by_scenario": by_scenario,
            "worst_case": worst, "links": links, "curves": curves}


def checked_limits(budget, risk_cap, price_step) -> tuple[float, float, float]:
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

"""The entry points: the optimal aid package for a study, or for plain arguments."""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from decision.allocation.curves import is_concave, strengths
from decision.allocation.diagnose import no_solution
from decision.allocation.model import build_model, unit_bounds, usage
from decision.allocation.prices import DEFAULT_STEP, gains, lp_prices, step_for
from decision.allocation.problem import AidProblem, make_problem, resolve_objective
from decision.allocation.result import Allocation, Limit, LinkUse, Purchase
from decision.allocation.minimum import num
from decision.allocation.solve import evaluate, units
from decision.lp import check_solver, checked, solve
from decision.errors import InputError
from decision.model import AidCategory, AidLink, Study


def study_limits(study: Study, budget=None, risk_cap=None) -> tuple[float, float]:
    """The limits: the arguments where given, else the study's Settings (InputError when neither)."""
    budget = study.budget if budget is None else budget
    risk_cap = study.risk_cap if risk_cap is None else risk_cap
    missing = [k for k, v in (("budget", budget), ("risk_cap", risk_cap)) if v is None]
    if missing:
        raise InputError([f"{study.label}: Settings: missing setting '{k}' (needed by allocation)" for k in missing])
    budget, risk_cap, _ = _checked(budget, risk_cap, None)
    return budget, risk_cap


def study_problem(study: Study, budget=None, risk_cap=None, scenario: str | None = None) -> AidProblem:
    """The study's AidProblem: its categories, limits, links and scenarios; `scenario` as given
    (None: the Aid sheet's strength; see `choose_scenario` for the command's default)."""
    budget, risk_cap = study_limits(study, budget, risk_cap)
    return make_problem(study.aid, budget, risk_cap, links=study.aid_links, scenarios=tuple(study.alternative_names),
                        effects=study.aid_effects, objective=scenario)


def choose_scenario(study: Study, p: AidProblem, scenario: str | None, solver: str) -> tuple[str | None, str | None]:
    """(objective, where it came from): the --scenario given ("option"); else, when AidEffects makes
    strength depend on the scenario, the one MAVT ranks first ("mavt"); else (None, None)."""
    if scenario is not None:
        return resolve_objective(scenario, p.scenarios), "option"
    if study.aid_effects is None:
        return None, None
    if not (study.alternatives and study.criteria and study.scores is not None):
        raise InputError(f"{study.label}: AidEffects: the strength of aid depends on the scenario: choose one with "
                         "--scenario NAME or --scenario robust, or give the ranking sheets (Alternatives, Criteria, "
                         "Scores) so that the scenario MAVT ranks first is used")
    from decision.allocation.scores import with_allocation_scores
    from decision.ranking import rank

    filled = with_allocation_scores(study, budget=p.budget, risk_cap=p.risk_cap, solver=solver)
    return rank(filled, "mavt").top, "mavt"


def allocate(study: Study, *, budget: float | None = None, risk_cap: float | None = None,
             solver: str = "highs", price_step: float | None = None, scenario: str | None = None) -> Allocation:
    """The study's optimal aid package; `budget`/`risk_cap` override its Settings. `scenario`: a
    scenario's name or "robust"; by default the scenario MAVT ranks first when AidEffects is given."""
    check_solver(solver)
    p = study_problem(study, budget, risk_cap)
    objective, source = choose_scenario(study, p, scenario, solver)
    return solve_problem(p.with_objective(objective), solver=solver, price_step=price_step, scenario_from=source)


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
    budget, risk_cap, _ = _checked(budget, risk_cap, price_step)
    p = make_problem(categories, budget, risk_cap, links=links, scenarios=scenarios, effects=effects, objective=scenario)
    return solve_problem(p, solver=solver, price_step=price_step, scenario_from="option" if scenario else None)


def where(p: AidProblem) -> str:
    """The limits a solve ran under, for a sentence."""
    def level(v):
        return "unlimited" if v is None else num(v)

    return f"budget {level(p.budget)}, risk cap {level(p.risk_cap)}"


def _solved_model(p: AidProblem, solver: str):
    """The model of `p`, solved to optimality (or stopped by the time limit with a plan: see
    `model.problem.solution_gap`); NoSolution when no package is feasible, when the solver fails
    or when the time runs out before any package is found."""
    model = build_model(p)
    empty = any(lo > hi for lo, hi in map(unit_bounds, p.categories))
    status = "infeasible" if empty else checked(solve(model.problem, solver), solver, where(p))
    if status == "infeasible":
        raise no_solution(p, solver)
    return model


def optimal_units(p: AidProblem, solver: str = "highs") -> list[float | int]:
    """The optimal package of `p` (units per category), without prices; NoSolution when none."""
    return units(_solved_model(p, solver).xs, p.categories)


def solve_problem(p: AidProblem, *, solver: str = "highs", price_step: float | None = None,
                  scenario_from: str | None = None) -> Allocation:
    """The optimal package of `p` with its prices, gains, links and strength under each scenario."""
    budget, risk_cap, fraction = _checked(p.budget, p.risk_cap, price_step)
    check_solver(solver)
    model = _solved_model(p, solver)
    plan = units(model.xs, p.categories)
    objective, by_row = evaluate(p, plan)
    prices, prices_from = lp_prices(p, solver, model)
    steps = {"budget": step_for("budget", budget, fraction, p.categories),
             "risk": step_for("risk", risk_cap, fraction, p.categories)}
    gain = gains(p, solver, objective, steps)
    gap = model.problem.solution_gap
    status = "optimal" if gap == 0.0 else "stopped"
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

"""Where the study meets the optimizer: its aid problem and its packages, each solved once per run.

`Packages` is the memory of one run: the recommended package, the packages per scenario, the
robust one and the scores of a criterion with source = allocation all read the same solved
models, so that no package is solved twice for the same data.
"""

from __future__ import annotations

import dataclasses

from decision.allocation.plan import checked_limits, solve_problem, solved_model
from decision.allocation.problem import ROBUST, AidProblem, make_problem
from decision.allocation.result import Allocation
from decision.allocation.solve import evaluate, units
from decision.errors import InputError, NoSolution
from decision.lp import check_solver
from decision.model import Study


def study_limits(study: Study, budget=None, risk_cap=None) -> tuple[float, float]:
    """The limits: the arguments where given, else the study's Settings (InputError when neither)."""
    budget = study.budget if budget is None else budget
    risk_cap = study.risk_cap if risk_cap is None else risk_cap
    missing = [k for k, v in (("budget", budget), ("risk_cap", risk_cap)) if v is None]
    if missing:
        raise InputError([study.problem(f"missing setting '{k}' (needed by allocation)", sheet="Settings") for k in missing])
    budget, risk_cap, _ = checked_limits(budget, risk_cap, None)
    return budget, risk_cap


def study_problem(study: Study, budget=None, risk_cap=None, scenario: str | None = None) -> AidProblem:
    """The study's AidProblem: its categories, limits, links and scenarios; `scenario` as given
    (None: the Aid sheet's strength; see `choose_scenario` for the command's default)."""
    budget, risk_cap = study_limits(study, budget, risk_cap)
    return make_problem(study.aid, budget, risk_cap, links=study.aid_links, scenarios=tuple(study.alternative_names),
                        effects=study.aid_effects, objective=scenario)


class Packages:
    """The study's aid packages within one run's limits, each solved once: `strength(objective)`
    needs one solve, `allocation(objective)` adds the prices and gains to the same solved model.
    An objective is None (the Aid sheet's strength), a scenario's name, or ROBUST."""

    def __init__(self, study: Study, *, budget=None, risk_cap=None, solver: str = "highs",
                 price_step: float | None = None):
        self.study = study
        self.solver = check_solver(solver)
        self.price_step = price_step
        self.problem = study_problem(study, budget, risk_cap)
        self._models: dict = {}
        self._allocations: dict = {}

    def model(self, objective: str | None):
        """The solved model for `objective`; its NoSolution (infeasible, failed, out of time) is kept
        and raised again, so an impossible package is not solved and diagnosed twice."""
        if objective not in self._models:
            try:
                self._models[objective] = solved_model(self.problem.with_objective(objective), self.solver)
            except NoSolution as exc:
                self._models[objective] = exc
        found = self._models[objective]
        if isinstance(found, NoSolution):
            raise found
        return found

    @property
    def stopped(self) -> list:
        """The objectives whose package the time limit stopped before it was proven optimal."""
        return [o for o, m in self._models.items() if not isinstance(m, NoSolution)
                and m.problem.solution_status == "stopped"]

    def package(self, objective: str | None) -> tuple[float, list]:
        """(strength, units) of the optimal package for `objective`."""
        q = self.problem.with_objective(objective)
        plan = units(self.model(objective).xs, q.categories)
        return evaluate(q, plan)[0], plan

    def strength(self, objective: str | None) -> float:
        return self.package(objective)[0]

    def allocation(self, objective: str | None, scenario_from: str | None = None) -> Allocation:
        if objective not in self._allocations:
            q = self.problem.with_objective(objective)
            self._allocations[objective] = solve_problem(q, solver=self.solver, price_step=self.price_step,
                                                          solved=self.model(objective))
        return dataclasses.replace(self._allocations[objective], scenario_from=scenario_from)


def scenario_packages(study: Study, packages: Packages) -> dict[str, Allocation]:
    """The package optimized for each scenario and the robust one (empty without AidEffects)."""
    if study.aid_effects is None:
        return {}
    return {s: packages.allocation(s) for s in (*study.alternative_names, ROBUST)}

"""What the Allocation sheet shows beyond the recommended package, computed before layout: the
package of every scenario and the robust one, the frontiers of strength against risk and against
budget (with the greedy order of buy), and, when a criterion takes its scores from the
allocation, where the top-ranked scenario changes with the budget.
"""

from __future__ import annotations

from dataclasses import dataclass

from decision.allocation.frontier import Frontier, frontier
from decision.errors import InputError
from decision.model import Study
from decision.pipeline.aid import Packages, scenario_packages
from decision.pipeline.sweep import Sweep, sweep_budget

# Frontier points in the report: enough to show the shape, few enough to keep it quick.
POINTS = 15
SWEEP_POINTS = 12


@dataclass(frozen=True)
class AidAnalysis:
    packages: dict  # scenario (and "robust") -> Allocation.to_dict(); empty without AidEffects
    risk: Frontier
    budget: Frontier
    sweep: Sweep | None = None
    sweep_skipped: str | None = None  # why no sweep, when one was wanted


def aid_analysis(study: Study, plan: dict, packages: Packages, *, risk_cap=None, ranked: bool = True) -> AidAnalysis:
    """Everything beside `plan` (the recommended package's to_dict()), with the run's `packages`
    (the recommended one among them is not solved again); `ranked`: the ranking was computed."""
    solver = packages.solver
    p = packages.problem.with_objective(plan["scenario"])
    by_scenario = {name: a.to_dict() for name, a in scenario_packages(study, packages).items()}
    known = packages.package(plan["scenario"])
    risk = frontier(p, "risk", POINTS, solver=solver, greedy=False, known=known)
    money = frontier(p, "budget", POINTS, solver=solver, known=known)
    sweep, skipped = None, None
    if study.allocation_criteria and ranked:
        try:
            sweep = sweep_budget(study, SWEEP_POINTS, risk_cap=risk_cap, solver=solver)
        except InputError as exc:
            skipped = "; ".join(exc.problems)
    return AidAnalysis(by_scenario, risk, money, sweep, skipped)

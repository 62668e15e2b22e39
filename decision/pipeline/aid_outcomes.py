"""What the Allocation sheet shows beyond the recommended package, computed before layout: the
package of every scenario and the robust one, the frontiers of strength against risk and against
budget (with the greedy order of buy), and, when a criterion takes its scores from the
allocation, where the top-ranked scenario changes with the budget.
"""

from __future__ import annotations

from dataclasses import dataclass

from decision.allocation.frontier import Frontier, frontier
from decision.errors import InputError, NoSolution
from decision.model import Study
from decision.pipeline.aid import Packages, scenario_packages
from decision.pipeline.sweep import Sweep, sweep_budget

# Frontier points in the report: enough to show the shape, few enough to keep it quick.
POINTS = 15
SWEEP_POINTS = 12


@dataclass(frozen=True)
class AidAnalysis:
    packages: dict  # scenario (and "robust") -> Allocation.to_dict(); empty without AidEffects
    risk: Frontier | None  # None: not computed (see the report's warnings)
    budget: Frontier | None
    sweep: Sweep | None = None
    sweep_skipped: str | None = None  # why no sweep, when one was wanted


def aid_analysis(study: Study, plan: dict, packages: Packages, *, risk_cap=None,
                 ranked: bool = True) -> tuple[AidAnalysis, list[tuple[str, tuple[str, ...]]]]:
    """Everything beside `plan` (the recommended package's to_dict()), with the run's `packages`
    (the recommended one among them is not solved again); `ranked`: the ranking was computed.
    Each part stands alone: one that the time limit or the solver stops is left out, and the
    returned (section, reasons) pairs say which and why, beside the parts that a stop left unproven."""
    solver = packages.solver
    p = packages.problem.with_objective(plan["scenario"])
    problems: list[tuple[str, tuple[str, ...]]] = []

    def part(section, compute):
        try:
            return compute()
        except NoSolution as exc:  # the time limit ran out, or the solver failed
            problems.append((section, tuple(exc.reasons)))
            return None

    by_scenario = part("packages per scenario", lambda: {name: a.to_dict()
                                                          for name, a in scenario_packages(study, packages).items()})
    known = packages.package(plan["scenario"]) if plan["status"] == "optimal" else None  # a stopped one may lie below
    risk = part("risk frontier", lambda: frontier(p, "risk", POINTS, solver=solver, greedy=False, known=known))
    money = part("budget frontier", lambda: frontier(p, "budget", POINTS, solver=solver, known=known))
    for f in (risk, money):
        if f is not None and (f.status == "stopped" or f.unsettled or not all(q.proven for q in f.points)):
            problems.append((f"proof of the {f.axis} frontier", (
                f"the time limit on solving stopped {f.stopped} solves and left {f.unreached} grid values unsolved, "
                f"and {f.unsettled} solves could not be settled within the solver's tolerances: its points are not "
                "all proven non-dominated",)))
    sweep, skipped = None, None
    if study.allocation_criteria and ranked:
        try:
            sweep = part("budget sweep", lambda: sweep_budget(study, SWEEP_POINTS, risk_cap=risk_cap, solver=solver))
        except InputError as exc:
            skipped = "; ".join(exc.lines)
        if sweep is not None and sweep.stopped:
            problems.append(("proof of the budget sweep", (
                f"the time limit on solving stopped {sweep.stopped} of its solves: those strengths are of the best "
                "packages found, not proven optimal",)))
    return AidAnalysis(by_scenario or {}, risk, money, sweep, skipped), problems

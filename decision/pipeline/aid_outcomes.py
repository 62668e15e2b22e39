"""What the Allocation sheet shows beyond the recommended package, computed before layout: the
package of every scenario and the robust one, the frontiers of strength against risk and against
budget (with the greedy order of buy), and, when a criterion takes its scores from the
allocation, where the top-ranked scenario changes with the budget.
"""

from __future__ import annotations

from dataclasses import dataclass

from decision.allocation.frontier import Frontier, frontier
from decision.allocation.result import Allocation
from decision.errors import InputError, NoSolution
from decision.model import Study
from decision.pipeline.aid import Packages, scenario_packages
from decision.pipeline.sweep import Sweep, sweep_budget
from decision.tables import Table, frame_table, objects, table

# Frontier points in the report: enough to show the shape, few enough to keep it quick.
POINTS = 15
SWEEP_POINTS = 12


@dataclass(frozen=True)
class AidAnalysis:
    packages: dict[str, Allocation]  # scenario (and "robust") -> its package; empty without AidEffects
    risk: Frontier | None  # None: not computed (see the report's warnings)
    budget: Frontier | None
    sweep: Sweep | None = None
    sweep_skipped: str | None = None  # why no sweep, when one was wanted

    def tables(self) -> dict[str, Table]:
        """The packages side by side (when there are any): `package_units` (category by package),
        `package_figures` (each package's strength under every scenario, what it uses of the budget
        and the risk cap, and their prices) and `package_costs` (package by category). The
        frontiers and the sweep present themselves (Frontier.tables, Sweep.tables)."""
        if not self.packages:
            return {}
        names = list(self.packages)
        plans = list(self.packages.values())
        categories = [x.category for x in plans[0].purchases]
        scenarios = list(plans[0].by_scenario)
        figures = {f"strength under {s}": [a.by_scenario[s] for a in plans] for s in scenarios}
        figures.update({"budget used": [a.budget.used for a in plans], "risk used": [a.risk.used for a in plans],
                        "price of the budget": [a.budget.shadow_price for a in plans],
                        "price of the risk cap": [a.risk.shadow_price for a in plans]})
        return {
            "package_units": frame_table("Units of each category in each package (each maximizes the strength under "
                                         "its scenario; robust the worst case)",
                                         {s: objects([x.units for x in a.purchases]) for s, a in zip(names, plans)},
                                         categories, "category"),
            "package_figures": table("Each package's strength under every scenario, what it uses of the budget and "
                                     "the risk cap, and their prices (strength per unit)",
                                     [figures[k] for k in figures], list(figures), names),
            "package_costs": frame_table("Cost of each package by category",
                                         {c: [a.purchases[k].cost for a in plans] for k, c in enumerate(categories)},
                                         names, "package"),
        }


def aid_analysis(study: Study, plan: Allocation, packages: Packages, *, risk_cap=None,
                 ranked: bool = True) -> tuple[AidAnalysis, list[tuple[str, tuple[str, ...]]]]:
    """Everything beside `plan` (the recommended package), with the run's `packages`
    (the recommended one among them is not solved again); `ranked`: the ranking was computed.
    Each part stands alone: one that the time limit or the solver stops is left out, and the
    returned (section, reasons) pairs say which and why, beside the parts that a stop left unproven."""
    solver = packages.solver
    p = packages.problem.with_objective(plan.scenario)
    problems: list[tuple[str, tuple[str, ...]]] = []

    def part(section, compute):
        try:
            return compute()
        except NoSolution as exc:  # the time limit ran out, or the solver failed
            problems.append((section, tuple(exc.reasons)))
            return None

    by_scenario = part("packages per scenario", lambda: dict(scenario_packages(study, packages)))
    known = packages.package(plan.scenario) if plan.status == "optimal" else None  # a stopped one may lie below
    risk = part("risk frontier", lambda: frontier(p, "risk", POINTS, solver=solver, greedy=False, known=known))
    money = part("budget frontier", lambda: frontier(p, "budget", POINTS, solver=solver, known=known))
    for f in (risk, money):
        if f is not None and (f.status == "stopped" or f.unsettled or f.unproven):
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

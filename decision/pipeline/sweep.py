"""Which scenario ranks first as the aid budget varies (`decision allocate --sweep budget`).

At each budget of a grid, every scenario's optimal aid package is found (its strength under that
scenario's AidEffects multipliers), the criterion with source = allocation takes those strengths,
and MAVT ranks the scenarios (MAVT, as for the default scenario of `allocate`: numpy only). Where
the top-ranked scenario differs between two neighbouring budgets, bisection narrows the budget at
which it changes. The grid runs from the least cost of any allowed package to the least cost at
which every scenario's strength stops growing; the risk cap stays as set.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from decision.allocation.frontier import SolveCounter, best_package, best_strength, efficient_point, least_usage
from decision.allocation.diagnose import no_solution
from decision.allocation.solve import evaluate
from decision.errors import InputError, Problem, bad_option, option
from decision.limits import MAX_POINTS
from decision.model import Study
from decision.pipeline.aid import study_problem
from decision.pipeline.completion import complete
from decision.ranking import rank
from decision.tables import Table, frame_table

Progress = Callable[[str, int, int], None]
METHOD = "mavt"


@dataclass(frozen=True)
class SweepPoint:
    budget: float
    strengths: dict  # scenario -> its optimal strength at this budget
    scores: dict  # scenario -> MAVT overall value
    top: str


@dataclass(frozen=True)
class Sweep:
    points: tuple[SweepPoint, ...]  # the grid, by increasing budget
    changes: tuple[dict, ...]  # {"below", "at", "from", "to"}: the top changes between these budgets
    risk_cap: float
    budget: float | None  # the study's own budget
    solves: int
    notes: tuple[str, ...] = field(default_factory=tuple)
    stopped: int = 0  # solves stopped by the time limit: those strengths are of plans found, not proven optimal

    def to_dict(self) -> dict:
        return {"status": "stopped" if self.stopped else "optimal", "sweep": "budget", "method": METHOD, "risk": {"limit": self.risk_cap},
                "budget": {"limit": self.budget},
                "points": [{"budget": q.budget, "top": q.top, "strengths": dict(q.strengths), "scores": dict(q.scores)}
                           for q in self.points],
                "changes": [dict(c) for c in self.changes], "notes": list(self.notes), "solves": self.solves}

    @property
    def scenarios(self) -> tuple[str, ...]:
        return tuple(self.points[0].strengths) if self.points else ()

    def tables(self) -> dict[str, Table]:
        """`points` (at each budget: the top-ranked scenario, each scenario's optimal strength and its
        MAVT value) and `changes` (between which budgets the top changes, from whom to whom)."""
        q, names = self.points, self.scenarios
        return {
            "points": frame_table(
                f"The scenario {METHOD.upper()} ranks first at each budget, each scenario's optimal strength there "
                "(its own package) and its overall value",
                {"budget": [x.budget for x in q], "top": [x.top for x in q],
                 **{f"strength: {s}": [x.strengths[s] for x in q] for s in names},
                 **{f"value: {s}": [x.scores[s] for x in q] for s in names}}),
            "changes": frame_table("Where the top-ranked scenario changes: still the old top at `below`, the new one "
                                   "at `at`", {key: [c[key] for c in self.changes]
                                               for key in ("below", "at", "from", "to")}),
        }

    def to_frame(self):
        """The `points` table (for notebooks)."""
        return self.tables()["points"].frame


def sweep_budget(study: Study, points: int = 20, *, risk_cap=None, solver: str = "highs",
                 progress: Progress | None = None) -> Sweep:
    """The top-ranked scenario across budgets (see the module's docstring)."""
    if isinstance(points, bool) or not isinstance(points, (int, np.integer)) or not 2 <= points <= MAX_POINTS:
        raise InputError(bad_option("points", f"expected a whole number from 2 to {MAX_POINTS:,} for a sweep, found {points!r}"))
    if not (study.alternatives and study.criteria and study.scores is not None):
        raise InputError(Problem(f"{option('sweep')} budget ranks the scenarios: it needs the ranking sheets "
                                 "(Alternatives, Criteria, Scores)", file=study.label))
    p = study_problem(study, budget=study.budget if study.budget is not None else 0.0, risk_cap=risk_cap)
    scenarios = tuple(study.alternative_names)
    objectives = scenarios if study.aid_effects is not None else (scenarios[0],)
    counter = SolveCounter(solver)
    free = p.with_limits(budget=None)
    least = least_usage(free, "budget", None, counter)
    if least is None:
        raise no_solution(free, solver)
    highest = least[0]
    for s in objectives:
        q = free.with_objective(s)
        top, plan = best_package(q, counter)
        highest = max(highest, efficient_point(q, "budget", None, top, counter, fallback=plan).budget)
    notes = []
    if not study.allocation_criteria:
        notes.append("no criterion takes its scores from the allocation (Criteria source = allocation): "
                      "the ranking does not depend on the budget")
    if study.aid_effects is None:
        notes.append("no AidEffects: every scenario gets the same package and the same strength")

    def at(budget: float) -> SweepPoint:
        values = []
        for s in objectives:
            q = p.with_limits(budget=budget).with_objective(s)
            v = best_strength(q, counter)
            if v is None:  # in exact arithmetic the least package fits every budget of the grid: the
                counter.unsettled += 1  # solver could not settle it; the least package's strength stands in
                v = evaluate(q, least[1])[0]
            values.append(v)
        strengths = np.array(values if len(values) == len(scenarios) else values * len(scenarios))
        filled = complete(study, strengths=strengths)
        ranked = rank(filled, METHOD)
        return SweepPoint(float(budget), dict(zip(scenarios, map(float, strengths))),
                          dict(zip(scenarios, map(float, ranked.scores))), ranked.top)

    grid = np.linspace(least[0], highest, points)
    found = []
    for k, b in enumerate(grid):
        found.append(at(float(b)))
        if progress:
            progress("sweep", k + 1, len(grid))
    changes = []
    tolerance = max((highest - least[0]) * 1e-4, 1e-9)
    for a, b in zip(found, found[1:]):
        if a.top == b.top:
            continue
        lo, hi = a, b
        while hi.budget - lo.budget > tolerance:  # the top changes somewhere in (lo, hi]
            middle = at((lo.budget + hi.budget) / 2)
            lo, hi = (middle, hi) if middle.top == lo.top else (lo, middle)
        changes.append({"below": lo.budget, "at": hi.budget, "from": lo.top, "to": hi.top})
    if counter.unsettled:
        notes.append(f"{counter.unsettled} solves could not be settled within the solver's tolerances (numbers of very "
                     "different sizes): the least package's strength stands in for them")
    return Sweep(tuple(found), tuple(changes), p.risk_cap, study.budget, counter.solves, tuple(notes), counter.stopped)

"""The efficient frontier of strength against escalation risk (or against budget), by the
epsilon-constraint method, with the package at each point.

The axis's range comes from a payoff table (Mavrotas 2009, Appl. Math. Comput. 213: 455-465): from
the least risk (or cost) any allowed package uses, to the least risk (or cost) at which the
greatest strength is reached with that limit lifted; the other limit stays as set. N equally
spaced values e of that range are taken from the top down. For each, the greatest strength V with
usage <= e is found, then the least usage with strength >= V (a lexicographic second solve, so
that the point is non-dominated: no package is as strong with less usage). A point found at e
with usage u < e is also the answer for every grid value in [u, e], which are skipped (the
"bypass" of Mavrotas's AUGMECON). Points are returned by increasing usage with strictly rising
strength: the non-dominated ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from decision.allocation.diagnose import no_solution
from decision.allocation.greedy import greedy_order
from decision.allocation.model import LIMITS, build_model, unit_bounds, usage
from decision.allocation.problem import AidProblem
from decision.allocation.minimum import num
from decision.allocation.solve import evaluate, units
from decision.lp import checked, solve
from decision.errors import InputError, NoSolution, bad_option
from decision.limits import MAX_POINTS
from decision.tables import Table, frame_table, objects

AXES = LIMITS
# A second-stage floor sits this far (relative) below the first stage's strength: solvers return
# values to about 1e-9 (CBC through a text file to about 8 digits).
_FLOOR_RTOL = 1e-7

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class FrontierPoint:
    budget: float  # used by the package
    risk: float
    strength: float  # the objective (robust: the worst case over scenarios)
    units: tuple  # per category, in the problem's order
    by_scenario: dict = field(default_factory=dict)
    proven: bool = True  # False: a solve behind it was stopped by the time limit (not proven non-dominated)

    def usage(self, axis: str) -> float:
        return self.budget if axis == "budget" else self.risk


@dataclass(frozen=True)
class Frontier:
    axis: str  # "risk" or "budget": what the strength is traded against
    scenario: str | None
    categories: tuple[str, ...]
    points: tuple[FrontierPoint, ...]  # by increasing usage, strength strictly rising
    grid: tuple[float, ...]  # the epsilon values, increasing
    best: tuple[float | None, ...]  # the greatest strength with usage <= each grid value (None: not reached in time)
    limit: float | None  # the problem's own limit on the axis (where the plan stands)
    other: float | None  # the other limit, kept throughout
    solves: int
    greedy: object | None = None  # a GreedyOrder beside a budget frontier
    stopped: int = 0  # solves stopped by the time limit: their points are not proven non-dominated
    unreached: int = 0  # grid values the time limit left without a solve
    unsettled: int = 0  # solves the solver could not settle within its tolerances (extreme numbers)

    @property
    def status(self) -> str:
        return "stopped" if self.stopped or self.unreached else "optimal"

    @property
    def unproven(self) -> int:
        """Points not proven non-dominated (a solve behind them stopped, or not settled)."""
        return sum(not q.proven for q in self.points)

    def comparison(self) -> list[dict]:
        """At each grid budget: the exact integer optimum beside the greedy order's strength."""
        if self.greedy is None:
            return []
        out = []
        for b, v in zip(self.grid, self.best):
            if v is None:
                continue
            g = self.greedy.strength_at(b)
            beats = g is None or v > g + 1e-9 * max(1.0, abs(v))
            out.append({"budget": b, "exact": v, "greedy": g, "exact_beats_greedy": bool(beats)})
        return out

    def to_dict(self) -> dict:
        other = "risk" if self.axis == "budget" else "budget"
        doc = {
            "status": self.status,
            "frontier": self.axis,
            "scenario": self.scenario,
            "limit": self.limit,
            other: {"limit": self.other},
            "grid": list(self.grid),
            "points": [{"budget": p.budget, "risk": p.risk, "strength": p.strength, "by_scenario": dict(p.by_scenario),
                        "allocation": [{"category": c, "units": u} for c, u in zip(self.categories, p.units)],
                        "proven": p.proven}
                       for p in self.points],
            "solves": self.solves,
        }
        if self.status == "stopped":
            doc["stopped"] = {"solves": self.stopped, "unreached": self.unreached}
        if self.unsettled:
            doc["unsettled"] = self.unsettled
        if self.greedy is not None:
            rows = self.comparison()
            doc["greedy"] = self.greedy.to_dict()
            doc["comparison"] = rows
            doc["exact_beats_greedy_at"] = [r["budget"] for r in rows if r["exact_beats_greedy"]]
        return doc

    def tables(self) -> dict[str, Table]:
        """`points` (the non-dominated packages by increasing usage: budget, risk, strength, `units: C`
        of each category C, proven), `grid` (each level of the axis and the greatest strength within
        it, NaN: not reached in time) and, beside a budget frontier, `comparison` (the exact optimum
        against the greedy order at each grid budget; greedy None below the least package)."""
        q = self.points
        units = {f"units: {c}": objects([p.units[k] for p in q]) for k, c in enumerate(self.categories)}
        other = "risk" if self.axis == "budget" else "budget"
        out = {
            "points": frame_table(
                f"The efficient frontier of strength against {self.axis} ({other} limit {self.other}): the "
                "non-dominated packages by increasing use, with the units of each category",
                {"budget": [p.budget for p in q], "risk": [p.risk for p in q], "strength": [p.strength for p in q],
                 **units, "proven": [p.proven for p in q]}),
            "grid": frame_table(f"The levels of {self.axis} solved, and the greatest strength within each",
                                {self.axis: list(self.grid),
                                 "strength": [float("nan") if v is None else v for v in self.best]}),
        }
        if self.greedy is not None:
            rows = self.comparison()
            out["comparison"] = frame_table(
                "The exact optimum against the greedy order at each budget of the grid",
                {"budget": [r["budget"] for r in rows], "exact": [r["exact"] for r in rows],
                 "greedy": objects([r["greedy"] for r in rows]),
                 "exact beats greedy": [r["exact_beats_greedy"] for r in rows]})
        return out

    def to_frame(self):
        """The `points` table without `proven`, a column per category named after it (for notebooks)."""
        import pandas as pd

        points = self.tables()["points"]
        columns = ["budget", "risk", "strength", *(f"units: {c}" for c in self.categories)]
        return pd.DataFrame(points.rows(columns), columns=["budget", "risk", "strength", *self.categories])


class SolveCounter:
    """Runs models with one solver and counts the solves, and those stopped by the time limit
    (the frontier and the sweep report both)."""

    def __init__(self, solver):
        self.solver, self.solves, self.stopped = solver, 0, 0
        self.unsettled = 0  # points the solver could not settle within its tolerances (taken unproven)

    def run(self, model, where: str) -> str:
        """"optimal", "stopped" or "infeasible"; NoSolution when the solver failed or ran out of time."""
        self.solves += 1
        status = checked(solve(model.problem, self.solver), self.solver, where)
        self.stopped += status == "stopped"
        return status


def _checked(axis: str, points) -> int:
    if axis not in AXES:
        raise InputError(bad_option("axis", f"expected risk or budget, found '{axis}'"))
    if isinstance(points, bool) or not isinstance(points, (int, np.integer)) or not 1 <= points <= MAX_POINTS:
        raise InputError(bad_option("points", f"expected a whole number from 1 to {MAX_POINTS:,}, found {points!r}"))
    return int(points)


def _at(axis: str, level: float | None) -> str:
    return f"{axis} {'unlimited' if level is None else num(level)}"


def least_usage(p: AidProblem, axis: str, floor: float | None, counter: SolveCounter):
    """(usage, units) of the package using least of `axis`, with every strength >= floor if given;
    None when there is none."""
    model = build_model(p, goal=axis, floor=floor)
    if counter.run(model, _at(axis, p.limits[axis])) == "infeasible":
        return None
    plan = units(model.xs, p.categories)
    return usage(p.categories, axis, plan), plan


def best_package(p: AidProblem, counter: SolveCounter, axis: str = "budget"):
    """(strength, units) of the strongest package of `p` within its limits (the plan found, when the
    time limit stopped the solve), or None when no package fits."""
    model = build_model(p)
    if counter.run(model, _at(axis, p.limits[axis])) == "infeasible":
        return None
    plan = units(model.xs, p.categories)
    return evaluate(p, plan)[0], plan


def best_strength(p: AidProblem, counter: SolveCounter, axis: str = "budget") -> float | None:
    """The greatest strength of `p` within its limits (see `best_package`), or None."""
    found = best_package(p, counter, axis)
    return None if found is None else found[0]


def _point(p: AidProblem, plan, proven: bool = True) -> FrontierPoint:
    return FrontierPoint(usage(p.categories, "budget", plan), usage(p.categories, "risk", plan),
                         evaluate(p, plan)[0], tuple(plan), p.by_scenario(plan), proven)


def efficient_point(p: AidProblem, axis: str, limit: float | None, strength: float, counter: SolveCounter,
                    since: int | None = None, fallback=None):
    """The least-usage package with strength >= `strength`.

    The floor is first the strength itself, so that the package found uses exactly what that
    strength needs: a floor a hair lower lets a continuous category shave its units, and the
    frontier's grid, spread up to that usage, then falls a hair below the budgets whole units use
    exactly, where HiGHS's presolve can fail. Only when the exact floor is out of the solver's
    reach (CBC returns values through a text file to about 8 digits) is it lowered by the solvers'
    tolerance. The point is proven unless a solve was stopped by the time limit since the count
    `since` (default: this call's start; give the count before the first stage's solve). Where
    extreme numbers (costs of 1e-9 beside 1e9) put both floors beyond the solver's tolerances, the
    first stage's own package `fallback` is the point, marked as not proven."""
    q = p.with_limits(**{axis: limit})
    stopped = counter.stopped if since is None else since
    found = least_usage(q, axis, strength, counter)
    if found is None:
        found = least_usage(q, axis, strength - _FLOOR_RTOL * max(1.0, abs(strength)), counter)
    if found is None:  # in exact arithmetic the first stage's package qualifies
        if fallback is None:
            raise RuntimeError(f"the second stage of the {axis} frontier found no package ({counter.solver})")
        counter.unsettled += 1
        return _point(p, fallback, proven=False)
    return _point(p, found[1], proven=counter.stopped == stopped)


def frontier(p: AidProblem, axis: str = "risk", points: int = 20, *, solver: str = "highs",
             progress: Progress | None = None, greedy: bool = True, known=None) -> Frontier:
    """The non-dominated (usage of `axis`, strength) points of `p`, the other limit kept. Beside a
    budget frontier, the greedy order of buy (`greedy=True`). `known`: (strength, units) of `p`'s
    optimal package at its own limits, already solved by the caller (a grid value equal to that
    limit is not solved again). NoSolution when no package is allowed even with `axis` unlimited."""
    points = _checked(axis, points)
    counter = SolveCounter(solver)
    free = p.with_limits(**{axis: None})
    if any(lo > hi for lo, hi in map(unit_bounds, p.categories)):
        raise no_solution(free, solver)
    least = least_usage(free, axis, None, counter)
    if least is None:
        raise no_solution(free, solver)
    lowest = least[0]
    since = counter.stopped
    top, top_plan = best_package(free, counter, axis)
    highest_point = efficient_point(p, axis, None, top, counter, since, top_plan)
    highest = max(highest_point.usage(axis), lowest)
    grid = np.linspace(lowest, highest, points) if points > 1 else np.array([highest])
    found = [highest_point]
    best: list[float | None] = [None] * len(grid)
    best[-1] = highest_point.strength
    total = len(grid)
    unreached = 0
    for k in range(len(grid) - 2, -1, -1):
        if progress:
            progress("frontier", total - 1 - k, total)
        eps = float(grid[k])
        last = found[-1]
        if eps >= last.usage(axis) - 1e-12 * max(1.0, abs(eps)):  # the bypass: the same point
            best[k] = last.strength
            continue
        try:
            since = counter.stopped
            at_limit = known is not None and p.limits[axis] is not None and eps == p.limits[axis]
            found_here = known if at_limit else best_package(p.with_limits(**{axis: eps}), counter, axis)
            if found_here is None:  # in exact arithmetic the least-usage package fits every grid value:
                counter.unsettled += 1  # the solver could not settle it; the value stays unsolved (None)
                continue
            value = found_here[0]
            point = efficient_point(p, axis, eps, value, counter, since, found_here[1])
        except NoSolution as exc:
            if exc.status != "stopped":
                raise
            unreached = k + 1  # the time ran out: the grid values from here down stay unsolved
            break
        best[k] = value
        found.append(point)
    if progress:
        progress("frontier", total, total)
    found.sort(key=lambda q: (q.usage(axis), -q.strength))
    kept: list[FrontierPoint] = []
    for q in found:
        if not kept or q.strength > kept[-1].strength + 1e-9 * max(1.0, abs(q.strength)):
            kept.append(q)
    order = None
    if greedy and axis == "budget":
        order = greedy_order(p, solver=solver)
    return Frontier(axis, p.objective, tuple(c.name for c in p.categories), tuple(kept),
                    tuple(float(g) for g in grid), tuple(best), p.limits[axis],
                    p.limits["risk" if axis == "budget" else "budget"], counter.solves, order, counter.stopped,
                    unreached, counter.unsettled)

"""Aid allocation at scale: HiGHS beside CBC on a large robust MILP, model building beside solving, and a frontier beside single solves.

1. A synthetic problem of 1,000 whole-unit categories, each with a 5-segment strength curve (about
   30% of them not concave, so with binaries), 200 prerequisite links and 5 scenarios under the
   robust objective (max t, t <= strength under each scenario), solved by HiGHS and by CBC with a
   120 s limit each: the time taken and the optimality gap reached.
2. Building that model with PuLP (LpAffineExpression throughout) as a fraction of the HiGHS solve
   time (goal: at most 0.25), and of the LP relaxation's solve for scale.
3. `decision allocate --frontier risk --points 50` on the shipped study as a whole process, against
   50 solves of the same model in-process (what the frontier would cost if it were just its points).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np
from timing import Comparison, compare, process

from decision.allocation import make_problem
from decision.pipeline import study_problem
from decision.allocation.model import build_model
from decision.lp import solve, solve_with_gap
from decision.model import AidCategory, AidLink
from decision.workbook.read import read_study
from decision.workbook.shipped import shipped_study

PY = sys.executable
DECISION = str(Path(PY).parent / "decision")
TIME_LIMIT = 120.0


def synthetic(k: int = 1000, links: int = 200, scenarios: int = 5, seed: int = 0, not_concave: float = 0.3):
    """The benchmark's problem, the same for every run (seeded)."""
    rng = np.random.default_rng(seed)
    cats = []
    for i in range(k):
        hi = int(rng.integers(5, 21))
        units = np.array(sorted(rng.choice(np.arange(1, hi), size=4, replace=False).tolist()) + [hi], dtype=float)
        slopes = np.sort(rng.uniform(0.5, 10, 5))[::-1]
        if rng.random() < not_concave:  # a slow start, then the steepest segment: increasing returns
            slopes[:2] = slopes[1] * 0.3, slopes[0]
        strength = np.cumsum(np.diff(np.concatenate([[0.0], units])) * slopes)
        cats.append(AidCategory(f"c{i}", "unit", float(rng.integers(10, 500)), 0.0, float(hi), True, 0.0,
                                float(rng.uniform(0, 3)), tuple(zip(units.tolist(), strength.tolist()))))
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < links:
        a, b = (int(v) for v in rng.integers(0, k, 2))
        if a != b:
            pairs.add((a, b))
    prerequisites = [AidLink(f"c{a}", f"c{b}", float(rng.uniform(0.2, 1.0))) for a, b in sorted(pairs)]
    names = tuple(f"S{j}" for j in range(scenarios))
    effects = rng.uniform(0.5, 1.5, (scenarios, k))
    budget = 0.3 * sum(c.unit_cost * c.max_units for c in cats)
    risk = 0.3 * sum(c.risk_per_unit * c.max_units for c in cats)
    return make_problem(cats, budget, risk, links=prerequisites, scenarios=names, effects=effects, objective="robust")


def _timed(fn):
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def greedy_scale():
    """The greedy order of buy with an ammunition-like category (10,000,000 rounds at 0.001, all
    bought under the risk cap) beside the shipped study's (about 40 purchases): building runs of
    identical purchases at once makes its cost independent of the number of units. Also the whole
    budget frontier (its solves and the greedy order) of each."""
    from decision.allocation.frontier import frontier
    from decision.allocation.greedy import greedy_order

    cats = (AidCategory("air defense", "battery", 100, 1, 10, True, 5, 1),
            AidCategory("training", "cohort", 10, 0, 20, False, 1, 0.2),
            AidCategory("ammunition", "round", 0.001, 0, 10_000_000, True, 0.0002, 1e-7))
    ammunition = make_problem(cats, 600, 5)
    study = read_study(shipped_study(), needs=("ranking", "allocation"))
    shipped = study_problem(study).with_objective(study.alternative_names[0])
    purchases = len(greedy_order(ammunition).steps)
    rows = [compare(f"greedy order, {purchases:,} purchases / shipped study's", lambda: greedy_order(ammunition),
                    lambda: greedy_order(shipped), "shipped study", repeats=5, goal="<= 10 (independent of units)"),
            compare("budget frontier with greedy order, ammunition / shipped", lambda: frontier(ammunition, "budget"),
                    lambda: frontier(shipped, "budget"), "shipped study", repeats=3)]
    for r in rows:  # ratios only: the times alone say little on a shared machine
        yield f"{r.name:<56} {r.ratio:7.2f}x {r.baseline_name}" + (f"  goal: {r.goal}" if r.goal else "")


def run():
    yield from greedy_scale()
    p = synthetic()
    builds = [_timed(lambda: build_model(p))[0] for _ in range(3)]
    build = statistics.median(builds)
    model = build_model(p)
    size = f"{len(model.problem.variables()):,} variables, {len(model.problem.constraints):,} rows"
    results = {}
    for solver in ("highs", "cbc"):
        model = build_model(p)
        seconds, (status, gap) = _timed(lambda: solve_with_gap(model.problem, solver, time_limit=TIME_LIMIT))
        results[solver] = (seconds, status, gap, model.problem.objective.value())
    for solver, (seconds, status, gap, value) in results.items():
        shown = "n/a" if gap is None else f"{100 * gap:.3f}%"
        worth = "no plan found" if value is None else f"{value:,.2f}"  # CBC without preprocessing may find none
        yield (f"{solver:<6} robust MILP ({size}): {status} after {seconds:.1f} s "
               f"(limit {TIME_LIMIT:g} s), worst-case strength {worth}, gap {shown}")
    yield Comparison("CBC time / HiGHS time (same model, same limit)", results["cbc"][0], results["highs"][0], "HiGHS")
    # The MILP solve stops at the time limit, so "build / MILP solve" mostly measures the limit; the
    # LP relaxation is solved to optimality and gives the stricter, meaningful ratio. Both are shown.
    row = Comparison("model building / HiGHS MILP solve (time-limited)", build, results["highs"][0], "HiGHS solve",
                     goal="<= 0.25")
    yield row
    relaxed = build_model(p, relax=True)
    lp_seconds, _ = _timed(lambda: solve(relaxed.problem, "highs"))
    lp_row = Comparison("model building / HiGHS LP-relaxation solve", build, lp_seconds, "LP solve", goal="<= 0.25")
    yield lp_row
    for r in (row, lp_row):
        yield f"{r.name:<48} = {r.ratio:.4f} ({'goal met' if r.ratio <= 0.25 else 'goal NOT met'})"

    study = read_study(shipped_study(), needs=("ranking", "allocation"))
    shipped = study_problem(study).with_objective(study.alternative_names[0])

    def fifty_solves():
        for _ in range(50):
            solve(build_model(shipped).problem, "highs")

    from decision.allocation.frontier import frontier

    solves = frontier(shipped, "risk", 50).solves
    yield compare(f"frontier in-process (50 points, {solves} solves)", lambda: frontier(shipped, "risk", 50),
                  fifty_solves, "50 x one solve", repeats=3)
    yield compare("decision allocate --frontier risk --points 50", process(DECISION, "allocate", "--frontier", "risk",
                                                                          "--points", "50", "--json"),
                  fifty_solves, "50 x one solve", repeats=3)

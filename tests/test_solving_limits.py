"""Solving that neither crashes nor hangs (issue 10): the frontier on a small study that once
crashed HiGHS, a failed solve retried then refused with exit 3, one time limit per command shared
by its solves, and bounded --points and --samples."""

from __future__ import annotations

import json

import numpy as np
import pytest

from decision.allocation import frontier as F
from decision import lp as S
from decision.allocation.solve import units
from decision.allocation.model import build_model
from decision.allocation.problem import make_problem
from decision.clock import solving_time
from decision.errors import NoSolution
from decision.model import AidCategory
from tests.workbooks import run, write

SMALL = {
    "Alternatives": [["alternative"], ["A"], ["B"], ["C"]],
    "Criteria": [["criterion", "direction", "weight", "low", "high"],
                 ["c1", "max", 1, 0, 10], ["c2", "min", 2, 0, 10], ["c3", "max", 3, 0, 10]],
    "Scores": [["alternative", "c1", "c2", "c3"], ["A", 7, 3, 5], ["B", 4, 2, 8], ["C", 9, 6, 4]],
    "Aid": [["category", "unit", "unit_cost", "min_units", "max_units", "integer", "strength_per_unit", "risk_per_unit"],
            ["Air", "u", 10, 0, 5, "yes", 3, 1], ["Guns", "u", 20, 0, 4, "yes", 5, 2],
            ["Train", "u", 2, 0, 20, "no", 0.5, 0.1]],
    "Settings": [["setting", "value"], ["budget", 100], ["risk_cap", 8]],
}


def errors(err: str) -> list[str]:
    """The lines of stderr other than warnings (SMALL's weights 1, 2, 3 are normalized, with a warning)."""
    return [line for line in err.splitlines() if not line.startswith("warning:")]


def small_problem():
    cats = [AidCategory("Air", "u", 10, 0, 5, True, 3, 1), AidCategory("Guns", "u", 20, 0, 4, True, 5, 2),
            AidCategory("Train", "u", 2, 0, 20, False, 0.5, 0.1)]
    return make_problem(cats, 100, 8)


def hard_problem(k: int = 200):
    """A two-limit knapsack of 200 whole-unit categories: HiGHS and CBC find a plan at once and
    need a tenth of a second or more to prove it optimal, so a limit of 0.03 s stops them."""
    rng = np.random.default_rng(3)
    costs, strengths, risks = (rng.integers(1000, 2000, k) for _ in range(3))
    cats = [AidCategory(f"c{i}", "u", float(c), 0, 50, True, float(s), float(r))
            for i, (c, s, r) in enumerate(zip(costs, strengths, risks))]
    return make_problem(cats, 123457.0, 119876.0)


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_the_small_study_at_15_points_traces_its_budget_frontier_and_writes_its_report(tmp_path, capsys, solver):
    """Regression: `allocate --frontier budget --points 15` ended in 'no package within budget 50 on
    the frontier (highs)', exit 1, and `report` with it."""
    wb = write(tmp_path / "small.xlsx", SMALL)
    code, out, err = run(capsys, "allocate", wb, "--frontier", "budget", "--points", "15", "--solver", solver, "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["status"] == "optimal" and all(q["proven"] for q in doc["points"])
    assert doc["grid"][-1] == pytest.approx(100, abs=1e-9)  # the top: exactly what the strongest package costs
    assert doc["points"][-1]["strength"] == pytest.approx(27)
    code, _, err = run(capsys, "report", wb, "-o", tmp_path / f"small_{solver}.xlsx")
    assert code == 0, err
    assert (tmp_path / f"small_{solver}.xlsx").stat().st_size > 0


def test_the_frontier_top_is_what_the_strongest_package_costs_exactly():
    """The second stage's floor was the strength less 1e-7 of it, so the continuous category shaved
    its units and the top fell to 99.9999924: grid budgets then fell a hair below what whole units
    cost (49.9999946 for 5 x 10), where HiGHS's presolve ends in 'Solve error'."""
    f = F.frontier(small_problem(), "budget", 15)
    assert f.grid[-1] == pytest.approx(100, abs=1e-9)
    assert f.grid[7] == pytest.approx(50, abs=1e-9)


def test_a_failed_highs_solve_is_retried_without_presolve():
    """The limit a hair below a whole-unit package: HiGHS's presolve leaves a bound violated and
    reports 'Solve error'; the retry without presolve solves it."""
    model = build_model(small_problem().with_limits(budget=49.9999946))
    assert S.solve(model.problem, "highs") == "optimal"
    assert units(model.xs, small_problem().categories)[:2] in ([5, 0], [4, 0])


def test_a_solver_failing_twice_is_exit_3_naming_the_other_solver(tmp_path, capsys, monkeypatch):
    calls = []

    def failing(problem, solver, time_limit, presolve=True):
        calls.append(presolve)
        return "failed", None

    monkeypatch.setattr(S, "_run_with_gap", failing)
    wb = write(tmp_path / "small.xlsx", SMALL)
    code, out, err = run(capsys, "allocate", wb, "--json")
    assert code == 3
    assert calls == [True, False]  # once as asked, once without presolve
    line = "solver highs failed at budget 100, risk cap 8 (status failed): try --solver cbc"
    assert errors(err) == [line]
    assert json.loads(out) == {"status": "failed", "errors": [line]}
    code, out, err = run(capsys, "allocate", wb, "--frontier", "budget", "--solver", "cbc")
    assert code == 3
    assert errors(err) == ["solver cbc failed at budget unlimited (status failed): try --solver highs"]


@pytest.mark.parametrize("with_preprocessing, expected", [("infeasible", "infeasible"), ("optimal", "failed")])
def test_a_cbc_crash_is_infeasible_only_when_its_preprocessing_says_so(monkeypatch, with_preprocessing, expected):
    """CBC runs without its preprocessing and crashes where its bound tightening proves a model
    infeasible (decision.lp); the model is solved again with the preprocessing, whose "infeasible"
    then stands, and any other answer is a failure (retried once without presolve, as ever)."""
    calls = []

    def run(problem, solver, time_limit, log, presolve=True, preprocess=False):
        calls.append((presolve, preprocess))
        return with_preprocessing if preprocess else "crashed"

    monkeypatch.setattr(S, "_run", run)
    model = build_model(small_problem())
    assert S.solve(model.problem, "cbc") == expected
    assert calls == [(True, False), (True, True)] + ([(False, False), (False, True)] if expected == "failed" else [])


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_a_solve_stopped_by_the_time_limit_keeps_its_plan_and_says_how_far_it_may_be(solver):
    p = hard_problem()
    model = build_model(p)
    with solving_time(0.03) as clock:
        status = S.solve(model.problem, solver)
    assert status == "stopped"
    assert clock.remaining() <= 0.03
    gap = model.problem.solution_gap
    assert gap is None or gap > 0
    plan = units(model.xs, p.categories)
    assert sum(c.unit_cost * n for c, n in zip(p.categories, plan)) <= p.budget * (1 + 1e-9)


def test_the_time_limit_is_shared_by_the_solves_of_a_command():
    p = hard_problem()
    with solving_time(0.03) as clock:
        S.solve(build_model(p).problem, "highs")
        spent = clock.spent
        assert S.solve(build_model(p).problem, "highs") == "timeout"  # nothing left: not even started
        assert clock.spent == pytest.approx(spent, abs=0.01)
    with pytest.raises(NoSolution) as info, solving_time(1e-9):
        F.frontier(p, "budget", 5)
    assert info.value.status == "stopped"
    assert "ran out before highs found a package" in info.value.reasons[0]


def test_a_frontier_under_the_time_limit_marks_its_points_as_not_proven(monkeypatch):
    """Solve 4 (a grid value's first stage) is stopped with its plan; solve 7 finds the time gone:
    the points from 4 on are unproven, and the grid values left are counted as unreached."""
    real, calls = S.solve, []

    def clocked(problem, solver, **options):
        calls.append(1)
        status = real(problem, solver, **options)
        return {4: "stopped", 7: "timeout"}.get(len(calls), status)

    monkeypatch.setattr(F, "solve", clocked)
    f = F.frontier(small_problem(), "budget", 15)
    assert f.status == "stopped" and f.stopped == 1 and f.unreached > 0
    assert [q.proven for q in f.points].count(False) == 1
    assert sum(v is None for v in f.best) == f.unreached
    doc = f.to_dict()
    assert doc["status"] == "stopped" and doc["stopped"] == {"solves": 1, "unreached": f.unreached}
    assert json.dumps(doc, allow_nan=False)


def test_allocate_stopped_by_the_time_limit_exits_0_with_a_warning_and_the_gap(tmp_path, capsys):
    p = hard_problem()
    rows = [["category", "unit", "unit_cost", "min_units", "max_units", "integer", "strength_per_unit", "risk_per_unit"]]
    rows += [[c.name, "u", c.unit_cost, 0, 50, "yes", c.strength_per_unit, c.risk_per_unit] for c in p.categories]
    content = {"Aid": rows, "Settings": [["setting", "value"], ["budget", p.budget], ["risk_cap", p.risk_cap],
                                         ["time_limit", 0.03]]}
    wb = write(tmp_path / "hard.xlsx", content)
    code, out, err = run(capsys, "allocate", wb, "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["status"] == "stopped" and (doc["gap"] is None or doc["gap"] > 0)
    assert err.startswith("warning: the time limit of 0.03 s on solving stopped a solve")
    code, out, err = run(capsys, "--time-limit", "600", "allocate", wb, "--json")  # the option overrides Settings
    assert code == 0 and json.loads(out)["status"] == "optimal" and json.loads(out)["gap"] == 0.0


@pytest.mark.parametrize("args, line", [
    (("robustness", "--samples", "1000000000000"), "--samples: at most 30,000,000 (found 1,000,000,000,000)"),
    (("allocate", "--frontier", "budget", "--points", "1001"), "--points: at most 1,000 (found 1,001)"),
    (("allocate", "--sweep", "budget", "--points", "1000000000"), "--points: at most 1,000 (found 1,000,000,000)"),
    (("--time-limit", "0", "allocate"), "--time-limit: expected seconds > 0 and at most 86,400, found 0"),
    (("--time-limit", "1e9", "allocate"), "--time-limit: expected seconds > 0 and at most 86,400, found 1e+09"),
])
def test_sizes_and_times_beyond_their_bounds_are_refused_at_once(capsys, args, line):
    code, out, err = run(capsys, *args, "--json")
    assert code == 2
    assert err.splitlines() == [line]
    assert json.loads(out) == {"status": "invalid", "errors": [line]}


def test_smaa_chunks_are_made_as_they_are_taken():
    from decision.robustness import blocks as B

    ranges = B.chunks(B.block_count(30_000_000_000), 1)
    assert next(iter(ranges)) == (0, 1)  # a list of three million ranges would take seconds and a gigabyte

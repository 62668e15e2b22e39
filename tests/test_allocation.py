"""The aid allocation: a hand-solved LP, solver agreement, prices, scipy's MILP, infeasibility."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scipy.optimize import LinearConstraint, milp

from decision.allocation import Allocation, solve_allocation
from decision.pipeline import allocate
from decision.allocation.model import build_model, unit_bounds
from decision.allocation.problem import make_problem
from decision.lp import solve
from decision.errors import InputError, NoSolution
from decision.model import AidCategory, Study

SOLVERS = ("highs", "cbc")
# CBC hands its solution back through a text file with about 8 significant digits.
TOL = 1e-6


def cat(name, cost, strength, risk, lo=0.0, hi=10.0, integer=False, unit="unit"):
    return AidCategory(name, unit, cost, lo, hi, integer, strength, risk)


# Two categories, a fractional knapsack with two limits.
HAND = (cat("air defense", cost=2, strength=3, risk=1), cat("training", cost=1, strength=2, risk=2))


def close(a, b, tol=TOL):
    return math.isclose(a, b, rel_tol=tol, abs_tol=tol)


# --- a hand-solved LP ------------------------------------------------------------------------

@pytest.mark.parametrize("solver", SOLVERS)
def test_hand_solved_lp(solver):
    """max 3x + 2y  s.t. budget 2x + y <= 10, risk x + 2y <= 8, 0 <= x, y <= 10.

    Strength per unit of budget is 1.5 for x and 2 for y, per unit of risk 3 for x and 1 for y:
    each limit prefers a different category, so at the optimum both bind. Solving
    2x + y = 10, x + 2y = 8 gives x = 4, y = 2 (within bounds), strength 12 + 4 = 16.
    Duals: the objective gradient is a combination of the two binding rows,
    (3, 2) = u (2, 1) + v (1, 2), i.e. 2u + v = 3 and u + 2v = 2, so u = 4/3, v = 1/3; both >= 0,
    which proves optimality (and 10 u + 8 v = 16 = the objective, strong duality).
    The vertex stays optimal while x, y >= 0, so raising the budget by 10% (to 11) moves it to
    x = 14/3, y = 5/3 and gains exactly u * 1 = 4/3; the risk cap by 10% (to 8.8) gains v * 0.8.
    """
    a = solve_allocation(HAND, 10, 8, solver=solver)
    assert a.status == "optimal" and a.prices_from == "lp" and a.solver == solver
    assert close(a.objective, 16)
    assert [close(p.units, u) for p, u in zip(a.purchases, (4, 2))] == [True, True]
    assert close(a.budget.shadow_price, 4 / 3) and close(a.risk.shadow_price, 1 / 3)
    assert close(a.budget.used, 10) and close(a.risk.used, 8) and close(a.budget.slack, 0)
    assert close(a.budget.step, 1) and close(a.budget.gain, 4 / 3)
    assert close(a.risk.step, 0.8) and close(a.risk.gain, 0.8 / 3)


def test_raw_dual_signs_differ_by_solver():
    """Why prices take the magnitude: PuLP 3.3.2 reports the same dual as -4/3 (HiGHS), +4/3 (CBC)."""
    raw = {}
    for solver in SOLVERS:
        problem = build_model(make_problem(HAND, 10, 8)).problem
        assert solve(problem, solver) == "optimal"
        raw[solver] = problem.constraints["budget"].pi
    assert close(raw["highs"], -4 / 3) and close(raw["cbc"], 4 / 3)


def test_constraints_are_named_budget_and_risk():
    model = build_model(make_problem(HAND, 10, 8))
    problem, xs = model.problem, model.xs
    assert set(problem.constraints) == {"budget", "risk"} and len(xs) == 2


# --- solvers agree ---------------------------------------------------------------------------

INSTANCES = [
    (HAND, 10, 8),
    (tuple(cat(c.name, c.unit_cost, c.strength_per_unit, c.risk_per_unit, integer=True) for c in HAND), 9, 8),
    ((cat("a", 30, 2, 1, 1.2, 10, True), cat("b", 10, 1, 3, 2, 10, True)), 100, 10),
    ((cat("a", 7, 5, 2, 0, 4, True), cat("b", 3, 2, 1, 0, 6.5), cat("c", 11, 9, 4, 1, 3, True)), 40, 12),
    ((cat("a", 2.5, 1, 0), cat("b", 4, 3, 0.5, 0, 3, True)), 0, 0),
]


@pytest.mark.parametrize("categories, budget, risk", INSTANCES)
def test_highs_and_cbc_agree(categories, budget, risk):
    h, c = (solve_allocation(categories, budget, risk, solver=s) for s in SOLVERS)
    assert close(h.objective, c.objective)
    assert close(h.budget.gain, c.budget.gain) and close(h.risk.gain, c.risk.gain)
    assert h.prices_from == c.prices_from


def test_integer_model_prices_come_from_the_relaxation():
    """Prices of the LP relaxation: 0.0625 and 0.125 here, while the integer plan has slack."""
    a = solve_allocation(INSTANCES[2][0], 100, 10)
    assert a.prices_from == "lp-relaxation"
    assert [p.units for p in a.purchases] == [2, 2] and close(a.objective, 6)
    assert close(a.budget.slack, 20) and close(a.risk.slack, 2)
    assert a.budget.shadow_price > 0 and a.risk.shadow_price > 0
    # one more battery (30) needs more than the 10% step; the gain is the re-solve's
    assert close(a.budget.gain, 2) and close(a.risk.gain, 1)


# --- random instances ------------------------------------------------------------------------

def quarters(lo, hi):
    return st.integers(int(lo * 4), int(hi * 4)).map(lambda k: k / 4)


@st.composite
def categories(draw, integer=st.booleans(), with_minimum=True, size=(1, 5)):
    out = []
    for i in range(draw(st.integers(*size))):
        lo = draw(quarters(0, 3)) if with_minimum and draw(st.booleans()) else 0.0
        out.append(cat(f"c{i}", cost=draw(quarters(0.25, 40)), strength=draw(quarters(0, 10)),
                       risk=draw(quarters(0, 5)), lo=lo, hi=lo + draw(quarters(0, 12)), integer=draw(integer)))
    return tuple(out)


def cheap_settings(n=25):
    return settings(max_examples=n, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def value(cats, budget, risk, solver="highs"):
    try:
        return solve_allocation(cats, budget, risk, solver=solver).objective
    except NoSolution:
        return None


@cheap_settings()
@given(cats=categories(integer=st.just(False), with_minimum=False), budget=quarters(1, 200),
       risk=quarters(1, 40), solver=st.sampled_from(SOLVERS))
def test_lp_prices_match_finite_differences(cats, budget, risk, solver):
    """The optimal strength is concave in each limit, so whatever the step e,
    (V(b+e) - V(b)) / e <= any dual <= (V(b) - V(b-e)) / e; at a non-kink both are the price."""
    a = solve_allocation(cats, budget, risk, solver=solver)
    for name, limit in (("budget", budget), ("risk", risk)):
        price = getattr(a, name).shadow_price
        assert price >= 0
        eps = 1e-2 * limit
        up = value(cats, *((budget + eps, risk) if name == "budget" else (budget, risk + eps)), solver)
        down = value(cats, *((budget - eps, risk) if name == "budget" else (budget, risk - eps)), solver)
        slack = 1e-4 * (1 + a.objective) / eps
        assert (up - a.objective) / eps <= price + slack
        if down is not None:
            assert price <= (a.objective - down) / eps + slack


def scipy_optimum(cats, budget, risk):
    """scipy.optimize.milp (HiGHS inside scipy) on the same model, gap 0; None when infeasible."""
    bounds = np.array([unit_bounds(c) for c in cats])
    if (bounds[:, 0] > bounds[:, 1]).any():
        return None
    a = np.array([[c.unit_cost for c in cats], [c.risk_per_unit for c in cats]])
    res = milp(-np.array([c.strength_per_unit for c in cats]), integrality=[int(c.integer) for c in cats],
               bounds=(bounds[:, 0], bounds[:, 1]), constraints=LinearConstraint(a, -np.inf, [budget, risk]),
               options={"mip_rel_gap": 0})
    assert res.status in (0, 2), res.message  # optimal or infeasible
    return -res.fun if res.status == 0 else None


@cheap_settings(40)
@given(cats=categories(), budget=quarters(0, 150), risk=quarters(0, 30), solver=st.sampled_from(SOLVERS))
def test_optimum_matches_scipy_milp(cats, budget, risk, solver):
    expected = scipy_optimum(cats, budget, risk)
    if expected is None:
        with pytest.raises(NoSolution):
            solve_allocation(cats, budget, risk, solver=solver)
        return
    a = solve_allocation(cats, budget, risk, solver=solver)
    assert close(a.objective, expected, 1e-6)
    # CBC's solution file carries about 8 significant digits: 99.000001 of a budget of 99
    assert a.budget.used <= budget * (1 + 1e-7) + 1e-7 and a.risk.used <= risk * (1 + 1e-7) + 1e-7
    for p, c in zip(a.purchases, cats):
        lo, hi = unit_bounds(c)
        assert lo <= p.units <= hi
        assert isinstance(p.units, int) if c.integer else isinstance(p.units, float)
    assert a.budget.gain >= 0 and a.risk.gain >= 0


# --- infeasible plans ------------------------------------------------------------------------

MIN = (cat("air defense", 30, 2, 1, 2, 10, True), cat("training", 10, 1, 3, 2, 10))  # minimum: cost 80, risk 8


def no_solution(*args, **kw) -> NoSolution:
    with pytest.raises(NoSolution) as info:
        solve_allocation(*args, **kw)
    assert info.value.status == "infeasible"
    return info.value


@pytest.mark.parametrize("solver", SOLVERS)
def test_budget_conflict(solver):
    e = no_solution(MIN, 50, 20, solver=solver)
    assert e.reasons == ["the minimum purchases cost 80 but the budget is 50"]
    assert e.relaxations == {"budget": 30.0, "risk": 0.0, "joint": {"budget": 30.0, "risk": 0.0}}
    assert e.to_dict()["status"] == "infeasible"


@pytest.mark.parametrize("solver", SOLVERS)
def test_risk_conflict(solver):
    e = no_solution(MIN, 100, 5, solver=solver)
    assert e.reasons == ["the minimum purchases carry risk 8 but the risk cap is 5"]
    assert e.relaxations == {"budget": 0.0, "risk": 3.0, "joint": {"budget": 0.0, "risk": 3.0}}


@pytest.mark.parametrize("solver", SOLVERS)
def test_both_conflict_and_zero_limits(solver):
    e = no_solution(MIN, 40, 3, solver=solver)
    assert e.reasons == ["the minimum purchases cost 80 but the budget is 40",
                         "the minimum purchases carry risk 8 but the risk cap is 3"]
    assert e.relaxations == {"budget": None, "risk": None, "joint": {"budget": 40.0, "risk": 5.0}}
    e = no_solution(MIN, 0, 0, solver=solver)
    assert e.relaxations["joint"] == {"budget": 80.0, "risk": 8.0}


def test_no_whole_number_between_the_bounds():
    e = no_solution((cat("air defense", 30, 2, 1, 1.2, 1.8, True),), 100, 10)
    assert e.reasons == ["air defense: only whole units can be bought, but none lies between "
                         "min_units 1.2 and max_units 1.8"]
    assert e.relaxations == {"budget": None, "risk": None, "joint": None}


@cheap_settings(30)
@given(cats=categories(size=(1, 4)), budget=quarters(0, 60), risk=quarters(0, 12), solver=st.sampled_from(SOLVERS))
def test_reported_relaxations_make_the_plan_feasible(cats, budget, risk, solver):
    """The minimum purchases use the least of both limits, so the amounts are known exactly."""
    bounds = [unit_bounds(c) for c in cats]
    assume(all(lo <= hi for lo, hi in bounds))
    need_b = math.fsum(c.unit_cost * lo for c, (lo, _) in zip(cats, bounds)) - budget
    need_r = math.fsum(c.risk_per_unit * lo for c, (lo, _) in zip(cats, bounds)) - risk
    assume(need_b > 0 or need_r > 0)
    e = no_solution(cats, budget, risk, solver=solver)
    assert len(e.reasons) == (need_b > 0) + (need_r > 0)
    joint = e.relaxations["joint"]
    assert close(joint["budget"], max(need_b, 0)) and close(joint["risk"], max(need_r, 0))
    solve_allocation(cats, budget + joint["budget"], risk + joint["risk"], solver=solver)
    for name, need, other in (("budget", need_b, need_r), ("risk", need_r, need_b)):
        alone = e.relaxations[name]
        if other > 0:  # the other limit conflicts too: this one alone cannot help, or needs no change
            assert alone == (None if need > 0 else 0.0)
        else:
            assert close(alone, need)
            args = (budget + alone, risk) if name == "budget" else (budget, risk + alone)
            solve_allocation(cats, *args, solver=solver)


# --- edges, shapes, silence ------------------------------------------------------------------

def test_empty_package():
    a = solve_allocation((), 100, 10)
    assert a.objective == 0 and a.purchases == () and a.budget.used == 0 and a.budget.gain == 0
    a = solve_allocation(HAND, 0, 0)  # no minimum purchases: buying nothing is the plan
    assert a.objective == 0 and all(p.units == 0 for p in a.purchases)
    assert a.budget.step == 1  # a zero limit steps by what one unit of the cheapest category needs


@pytest.mark.parametrize("kw, fragment", [
    ({"budget": -1}, "budget: expected a finite number >= 0, found -1"),
    ({"risk_cap": float("inf")}, "risk_cap: expected a finite number >= 0"),
    ({"budget": "lots"}, "budget: expected a number, found 'lots'"),
    ({"solver": "glpk"}, "unknown solver 'glpk'"),
    ({"price_step": 0}, "price_step"),
])
def test_bad_arguments_are_input_errors(kw, fragment):
    args = {"budget": 10, "risk_cap": 8, **kw}
    with pytest.raises(InputError) as info:
        solve_allocation(HAND, args.pop("budget"), args.pop("risk_cap"), **args)
    assert fragment in str(info.value)


def test_allocate_reads_the_study_settings_and_overrides():
    study = Study("s", aid=HAND, settings={"budget": 10.0, "risk_cap": 8.0})
    assert close(allocate(study).objective, 16)
    assert close(allocate(study, budget=11).objective, 16 + 4 / 3)
    assert close(allocate(study, price_step=0.5).budget.step, 5)
    with pytest.raises(InputError, match="missing setting 'risk_cap'"):
        allocate(Study("s", aid=HAND, settings={"budget": 10.0}))


def plain(x):
    """Only JSON's own types, all the way down."""
    if isinstance(x, dict):
        return all(isinstance(k, str) and plain(v) for k, v in x.items())
    if isinstance(x, list):
        return all(map(plain, x))
    return x is None or type(x) in (str, int, float, bool)


def test_to_dict_and_to_frame():
    a = solve_allocation(INSTANCES[3][0], 40, 12)
    assert isinstance(a, Allocation)
    d = a.to_dict()
    assert plain(d) and json.loads(json.dumps(d)) == d
    assert {"status", "objective", "allocation", "budget", "risk", "prices_from"} <= set(d)
    assert set(d["allocation"][0]) == {"category", "units", "cost", "strength", "risk"}
    assert {"limit", "used", "shadow_price"} <= set(d["budget"]) and {"step", "gain"} <= set(d["risk"])
    assert [type(r["units"]) for r in d["allocation"]] == [int, float, int]
    frame = a.to_frame()
    assert list(frame.columns) == ["category", "unit", "units", "cost", "strength", "risk"]
    assert list(frame["category"]) == ["a", "b", "c"] and close(frame["strength"].sum(), a.objective)


@pytest.mark.parametrize("solver", SOLVERS)
def test_nothing_on_stdout(solver, capfd):
    solve_allocation(HAND, 10, 8, solver=solver)
    solve_allocation(INSTANCES[3][0], 40, 12, solver=solver)
    with pytest.raises(NoSolution):
        solve_allocation(MIN, 40, 3, solver=solver)
    out, _ = capfd.readouterr()
    assert out == ""

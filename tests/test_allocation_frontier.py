"""The efficient frontier (epsilon-constraint) and the greedy order of buy.

Ground truth: on small whole-unit instances every package is enumerated (no solver), which gives
the true non-dominated set and the best strength at every limit; on continuous instances an
independent scipy.optimize.milp model (tests/test_allocation_model.py) checks each point. The greedy
order is checked against the continuous knapsack, where buying by value per unit of weight is
optimal (Dantzig 1957; Rosetta Code "Knapsack problem/Continuous": 349.378 at 15 kg), and against
the bounded knapsack, where it is not (Rosetta Code "Knapsack problem/Bounded": 1010 at 400 dag).
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from decision.allocation import make_problem
from decision.allocation.frontier import frontier
from decision.allocation.greedy import greedy_order
from decision.errors import InputError, NoSolution
from decision.model import AidLink
from tests.test_allocation_model import CONTINUOUS, bounded_categories, cat, curves, quarters, scipy_optimum

SOLVERS = ("highs", "cbc")


def enumerate_packages(cats, links, effects, objective, scenarios):
    """Every whole-unit package within the bounds and links: (units (N, k), budget, risk, strength)."""
    axes = [np.arange(math.ceil(c.min_units - 1e-9), math.floor(c.max_units + 1e-9) + 1) for c in cats]
    x = np.array(list(itertools.product(*axes)), dtype=float).reshape(-1, len(cats))
    index = {c.name: i for i, c in enumerate(cats)}
    ok = np.ones(len(x), dtype=bool)
    for link in links:
        ok &= x[:, index[link.requires]] >= link.ratio * x[:, index[link.category]] - 1e-9
    x = x[ok]
    f = np.stack([np.interp(x[:, i], *zip(*((0.0, 0.0), *c.curve))) if c.curve else c.strength_per_unit * x[:, i]
                  for i, c in enumerate(cats)], axis=1)
    if effects is None or not scenarios:
        strength = f.sum(axis=1)
    elif objective == "robust":
        strength = (f @ np.asarray(effects).T).min(axis=1)
    else:
        strength = f @ np.asarray(effects)[scenarios.index(objective)] if objective else f.sum(axis=1)
    budget = x @ [c.unit_cost for c in cats]
    risk = x @ [c.risk_per_unit for c in cats]
    return x, budget, risk, strength


@st.composite
def small_instances(draw):
    """Up to 4 whole-unit categories of up to 5 units, with curves, links and scenarios."""
    k = draw(st.integers(1, 4))
    cats = []
    for i in range(k):
        lo = float(draw(st.integers(0, 1)))
        hi = lo + draw(st.integers(0, 4))
        curve = draw(curves(hi, draw(st.booleans()))) if draw(st.booleans()) else ()
        cats.append(cat(f"c{i}", draw(quarters(0.25, 10)), draw(quarters(0, 6)), draw(quarters(0, 3)), lo, hi,
                        True, curve))
    pairs = draw(st.lists(st.tuples(st.integers(0, k - 1), st.integers(0, k - 1)), max_size=2, unique=True))
    links = tuple(AidLink(f"c{a}", f"c{b}", draw(quarters(0.25, 1))) for a, b in pairs if a != b)
    s = draw(st.integers(0, 3))
    scenarios = tuple(f"S{j}" for j in range(s))
    effects = [[draw(quarters(0, 2)) for _ in range(k)] for _ in range(s)] if s else None
    objective = draw(st.sampled_from([None, "robust", *scenarios]))
    return cats, links, scenarios, effects, objective


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=small_instances(), axis=st.sampled_from(["risk", "budget"]), points=st.integers(1, 12),
       other=st.floats(0.2, 1.0), solver=st.sampled_from(SOLVERS))
def test_frontier_is_monotone_non_dominated_and_exact_at_the_grid(case, axis, points, other, solver):
    cats, links, scenarios, effects, objective = case
    x, budget, risk, strength = enumerate_packages(cats, links, effects, objective, scenarios)
    assume(len(x))
    usage, kept = (risk, budget) if axis == "risk" else (budget, risk)
    limit = float(np.round(kept.min() + other * (kept.max() - kept.min()), 2)) + 1e-6  # the other limit
    within = kept <= limit
    assume(within.any())
    limits = {"budget": None, "risk": None, ("budget" if axis == "risk" else "risk"): limit}
    p = make_problem(cats, limits["budget"], limits["risk"], links=links, scenarios=scenarios, effects=effects,
                     objective=objective)
    f = frontier(p, axis, points, solver=solver)
    u, v = usage[within], strength[within]
    tol = 1e-6
    # monotone: usage and strength both strictly rise along the frontier
    assert all(a.usage(axis) < b.usage(axis) + tol and a.strength < b.strength for a, b in zip(f.points, f.points[1:]))
    for q in f.points:
        # a real package of the instance ...
        assert any(np.allclose(row, q.units) for row in x[within])
        # ... that no package dominates
        dominated = (u <= q.usage(axis) + tol) & (v >= q.strength - tol) & ((u < q.usage(axis) - tol) | (v > q.strength + tol))
        assert not dominated.any()
    # the ends: the least usage of any package (one point: only the top), and the greatest strength
    assert len(f.grid) == points and (points == 1 or f.grid[0] == pytest.approx(u.min(), abs=1e-6))
    assert f.points[-1].strength == pytest.approx(v.max(), abs=1e-6)
    # the best strength at each grid value is the enumerated one
    for e, best in zip(f.grid, f.best):
        assert best == pytest.approx(v[u <= e + 1e-7].max(), abs=1e-6)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000))
def test_continuous_frontier_points_are_non_dominated(seed):
    """Continuous units: at each point's usage no model does better (scipy milp), and with a little
    less usage strength is lost (so nothing equally strong uses less)."""
    rng = np.random.default_rng(seed)
    k = int(rng.integers(2, 6))
    cats = tuple(cat(f"c{i}", float(rng.integers(1, 20)), float(rng.integers(0, 10)), float(rng.integers(0, 5)),
                     0.0, float(rng.integers(1, 8))) for i in range(k))
    budget = float(sum(c.unit_cost * c.max_units for c in cats)) * 0.6
    f = frontier(make_problem(cats, budget, None), "risk", 8)
    for q in f.points:
        assert q.strength == pytest.approx(scipy_optimum(cats, budget, q.risk), rel=1e-6, abs=1e-6)
        if q.risk > 1e-6:
            assert scipy_optimum(cats, budget, q.risk * (1 - 1e-3)) < q.strength - 1e-9


def test_frontier_arguments_and_infeasible_plans():
    p = make_problem((cat("a", 1, 1, 1, lo=2, hi=3),), 1, 10)
    with pytest.raises(InputError, match="axis: expected risk or budget"):
        frontier(p, "cost")
    with pytest.raises(InputError, match="points: "):
        frontier(p, "risk", 0)
    with pytest.raises(NoSolution) as info:  # the minimum purchases cost 2: no risk level helps
        frontier(p, "risk", 5)
    assert info.value.reasons == ["the minimum purchases cost 2 but the budget is 1"]


# --- the greedy order of buy -----------------------------------------------------------------

def test_greedy_is_optimal_for_the_continuous_knapsack():
    """Dantzig (1957): by value per kg, cutting the last item, is optimal; Rosetta Code's 15 kg: 349.378."""
    cats = tuple(cat(n, 1.0, v / w, 0.0, 0, w) for n, w, v in CONTINUOUS)
    order = greedy_order(make_problem(cats, 15, None))
    assert order.strength_at(15) == pytest.approx(95 + 90 + 56 + 45 + 67 * 3.5 / 3.7)
    assert [s.category for s in order.steps][:3] == ["salami"] * 3  # 31.7 per kg, the best ratio
    f = frontier(make_problem(cats, 15, None), "budget", 9)
    rows = f.comparison()
    assert rows and not any(r["exact_beats_greedy"] for r in rows)
    assert all(r["greedy"] == pytest.approx(r["exact"]) for r in rows)


def test_exact_beats_greedy_on_the_bounded_knapsack():
    """Rosetta Code's bounded knapsack: the optimum at 400 dag is 1010; buying by value per dag stops short."""
    order = greedy_order(make_problem(bounded_categories(), 400, 0))
    assert order.strength_at(400) < 1010
    assert order.steps[0].category == "map"  # 150 per 9 dag: the best ratio
    ratios = [s.ratio for s in order.steps]
    assert ratios == sorted(ratios, reverse=True)  # linear values: the order falls in ratio


def test_greedy_buys_prerequisites_with_what_needs_them_and_respects_the_risk_cap():
    """weapons (cost 4, 5 per unit) need 0.5 training (cost 1, 0.5 per unit, whole units): the first
    weapon comes with one training (cost 5, gain 5.5, ratio 1.1); the second needs no more training.
    Risk: 1 per weapon, cap 2.5 -- a third weapon is never bought."""
    cats = (cat("weapons", 4, 5, 1, hi=5, integer=True), cat("training", 1, 0.5, 0, hi=10, integer=True))
    order = greedy_order(make_problem(cats, None, 2.5, links=[AidLink("weapons", "training", 0.5)]))
    first, second = order.steps[:2]
    assert first.bought == {"weapons": 1.0, "training": 1.0} and first.gain == pytest.approx(5.5)
    assert second.bought == {"weapons": 1.0} and second.ratio == pytest.approx(5 / 4)
    assert sum(s.bought.get("weapons", 0) for s in order.steps) == 2
    assert all(s.risk <= 2.5 for s in order.steps)
    assert order.strength_at(3.9) is not None and order.strength_at(3.9) == order.start_strength


@pytest.mark.parametrize("budget", [0, 4, 8.5, 20])
def test_greedy_plan_is_feasible_and_never_beats_the_exact_optimum(budget):
    cats = (cat("a", 3, 0, 1, hi=4, integer=True, curve=[(0, 0), (1, 1), (2, 6), (4, 8)]),
            cat("b", 2, 1.5, 0.5, hi=6), cat("c", 5, 4, 2, lo=1, hi=3, integer=True))
    p = make_problem(cats, budget, 5)
    order = greedy_order(p)
    g = order.strength_at(budget)
    if budget < order.start_budget:
        assert g is None
        return
    exact = scipy_optimum(cats, budget, 5)
    assert g <= exact + 1e-9

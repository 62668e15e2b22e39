"""The greedy order of buy at scale: runs of identical purchases are built as one Step (`repeat`),
and the order is the same as buying one purchase at a time.

The reference below is the algorithm as it was before (one purchase per pass, one Step per
purchase), copied with its `strength_at` and `runs` (one constant changed: see the tie in reference_order); random small problems (whole and
continuous units, concave and non-concave curves, prerequisites with ratios, risk caps, scenarios
under one scenario and under the robust worst case) must give the same purchases, the same runs and
the same strength at every budget. An ammunition-like category (10 million rounds at 0.001) must
take well under a second, where the reference takes minutes (the time limit here only catches a hang).
"""

from __future__ import annotations

import math
import time

import numpy as np
import pytest

from decision.allocation import make_problem
from decision.allocation.curves import strengths
from decision.allocation.diagnose import no_solution
from decision.allocation.greedy import GreedyOrder, Step, greedy_order
from decision.allocation.minimum import least_units, raise_to_links
from decision.allocation.model import unit_bounds
from decision.allocation.solve import evaluate
from decision.errors import NoSolution
from decision.model import AidCategory, AidLink

# --- the reference: the order one purchase at a time, as greedy.py built it before -------------------

_TOL = 1e-9


def _ref_next_size(c, x, hi):
    if c.integer:
        return 1.0 if x + 1 <= hi + _TOL else 0.0
    stops = [math.floor(x + _TOL) + 1.0, hi]
    stops += [u for u, _ in c.curve if u > x + _TOL]
    return max(min(stops) - x, 0.0)


def _ref_with_prerequisites(p, x, hi):
    y, _, settled = raise_to_links(p, x, hi)
    return y if settled and not (y > hi + _TOL).any() else None


def reference_order(p, *, solver="highs"):
    """(start (budget, risk, strength), [Step per purchase]): greedy_order before runs were built at once."""
    cats = p.categories
    cost = np.array([c.unit_cost for c in cats], dtype=float)
    risk = np.array([c.risk_per_unit for c in cats], dtype=float)
    hi = np.array([unit_bounds(c)[1] for c in cats], dtype=float)
    x, conflicts = least_units(p)
    cap = math.inf if p.risk_cap is None else p.risk_cap
    if conflicts or any(lo > h for lo, h in map(unit_bounds, cats)) or float(risk @ x) > cap * (1 + _TOL) + _TOL:
        raise no_solution(p.with_limits(budget=None), solver)
    value, by_row = evaluate(p, x)
    _, weights = p.rows()
    f = strengths(cats, x)
    start = (float(cost @ x), float(risk @ x), value)
    steps = []
    while True:
        best = None
        for i, c in enumerate(cats):
            size = _ref_next_size(c, x[i], hi[i])
            if size <= _TOL:
                continue
            y = x.copy()
            y[i] += size
            y = _ref_with_prerequisites(p, y, hi) if p.links else y
            if y is None or float(risk @ y) > cap * (1 + _TOL) + _TOL:
                continue
            spend = float(cost @ (y - x))
            changed = np.flatnonzero(y != x)
            f_changed = strengths([cats[j] for j in changed], y[changed])
            rows_y = by_row + weights[:, changed] @ (f_changed - f[changed])
            gain = float(rows_y.min()) - value
            if gain <= _TOL * max(1.0, abs(value)) or spend <= 0:
                continue
            # The one change: equal rates within 1e-9, not 1e-12 (greedy._TIE). Ties keep the earlier
            # category, as intended; at 1e-12 the float noise accumulated over a long order (about
            # 2e-12 after 85 purchases in one case found) decided some exact ties instead, and building
            # runs at once accumulates different noise.
            if best is None or gain / spend > best[0] * (1 + 1e-9):
                best = (gain / spend, i, y, spend, gain, changed, f_changed, rows_y)
        if best is None:
            break
        _, i, y, spend, gain, changed, f_changed, by_row = best
        f[changed] = f_changed
        bought = {cats[j].name: float(y[j] - x[j]) for j in np.flatnonzero(y - x > _TOL)}
        divisible = not any(cats[j].integer for j in np.flatnonzero(y - x > _TOL))
        x, value = y, value + gain
        steps.append(Step(cats[i].name, bought, spend, gain, float(cost @ x), float(risk @ x), value, divisible))
    return start, steps


def reference_strength_at(start, steps, budget):
    slack = 1e-9 * max(1.0, abs(budget))
    if budget < start[0] - slack:
        return None
    value, spent = start[2], start[0]
    for step in steps:
        if step.budget > budget + slack:
            if step.divisible and step.cost > 0:
                value += step.gain * (budget - spent) / step.cost
            break
        value, spent = step.strength, step.budget
    return value


def reference_runs(steps):
    out = []
    for k, s in enumerate(steps, start=1):
        last = out[-1] if out else None
        if last and last["step"] == s.bought and math.isclose(last["ratio"], s.ratio, rel_tol=1e-9):
            last.update(last=k, cost=last["cost"] + s.cost, gain=last["gain"] + s.gain, budget=s.budget,
                        risk=s.risk, strength=s.strength)
            last["bought"] = {c: n + s.bought[c] for c, n in last["bought"].items()}
            continue
        out.append({"first": k, "last": k, "step": dict(s.bought), "bought": dict(s.bought), "cost": s.cost,
                    "gain": s.gain, "ratio": s.ratio, "budget": s.budget, "risk": s.risk, "strength": s.strength})
    for run in out:
        del run["step"]
    return out


def merge_float_noise(runs):
    """The reference's runs with neighbours merged where `bought` differs only by float noise (e.g.
    0.3 and 0.29999999999999993 of a continuous prerequisite): runs() now counts those as one."""
    out = []
    for r in runs:
        last = out[-1] if out else None
        if last and last["_per"].keys() == r["_per"].keys() and all(
                math.isclose(last["_per"][c], r["_per"][c], rel_tol=1e-9, abs_tol=1e-12) for c in r["_per"]) \
                and math.isclose(last["ratio"], r["ratio"], rel_tol=1e-9):
            last.update(last=r["last"], cost=last["cost"] + r["cost"], gain=last["gain"] + r["gain"],
                        budget=r["budget"], risk=r["risk"], strength=r["strength"])
            last["bought"] = {c: v + r["bought"][c] for c, v in last["bought"].items()}
            continue
        out.append(dict(r))
    for r in out:
        del r["_per"]
    return out


# --- comparing ------------------------------------------------------------------------------------


def close(a, b, tol=1e-9):
    return math.isclose(a, b, rel_tol=tol, abs_tol=tol * max(1.0, abs(a), abs(b)))


def same_runs(new, old):
    assert [(r["first"], r["last"]) for r in new] == [(r["first"], r["last"]) for r in old]
    for a, b in zip(new, old):
        assert a["bought"].keys() == b["bought"].keys()
        assert all(close(a["bought"][c], b["bought"][c]) for c in a["bought"])
        for key in ("cost", "gain", "ratio", "budget", "risk", "strength"):
            assert close(a[key], b[key]), (key, a, b)


def budgets_to_try(start, steps, rng):
    """Every cumulative budget of the reference, just below and above it, midway, and random ones."""
    marks = [start[0]] + [s.budget for s in steps]
    if len(marks) > 300:  # the reference's strength_at walks the purchases: keep it quadratic in 300
        keep = set(rng.choice(len(marks), 250, replace=False).tolist()) | set(range(25)) | \
            set(range(len(marks) - 25, len(marks)))
        marks = [m for k, m in enumerate(marks) if k in keep]
    out = set(marks)
    for a, b in zip(marks, marks[1:]):
        out |= {(a + b) / 2, a + (b - a) * rng.random()}
    out |= {m - 1e-6 for m in marks} | {m + 1e-6 for m in marks}
    top = marks[-1]
    out |= {start[0] - 1.0, top + 1.0, top * 2 + 1} | set(rng.uniform(start[0], top + 1e-9, 20).tolist())
    return sorted(out)


def check_same_order(p, rng, *, stats=None):
    """greedy_order(p) against the reference: same purchases, runs and strength at every budget."""
    try:
        start, ref = reference_order(p)
    except NoSolution as e:
        with pytest.raises(NoSolution) as info:
            greedy_order(p)
        assert info.value.reasons == e.reasons
        return
    order = greedy_order(p)
    assert isinstance(order, GreedyOrder)
    assert all(close(a, b) for a, b in zip((order.start_budget, order.start_risk, order.start_strength), start))
    assert sum(s.repeat for s in order.compact) == len(order.steps) == len(ref)
    for new, old in zip(order.steps, ref):
        assert new.category == old.category and new.divisible == old.divisible and new.repeat == 1
        assert new.bought.keys() == old.bought.keys()
        assert all(close(new.bought[c], old.bought[c]) for c in new.bought)
        for key in ("cost", "gain", "budget", "risk", "strength"):
            assert close(getattr(new, key), getattr(old, key)), (key, new, old)
    old_runs = reference_runs(ref)
    for r, s in zip(old_runs, [ref[r["first"] - 1] for r in old_runs]):
        r["_per"] = s.bought
    new_runs = order.runs()
    noisy = len(merge_float_noise([dict(r) for r in old_runs])) != len(old_runs)
    expected = merge_float_noise(old_runs)
    same_runs(new_runs, expected)
    for b in budgets_to_try(start, ref, rng):
        want, got = reference_strength_at(start, ref, b), order.strength_at(b)
        assert (want is None) == (got is None), b
        if want is not None:
            assert close(got, want), (b, got, want)
    if stats is not None:
        stats["orders"] += 1
        stats["purchases"] += len(ref)
        stats["steps"] += len(order.compact)
        stats["noisy"] += noisy


# --- random problems ------------------------------------------------------------------------------


def random_curve(rng, hi, integer):
    """Cumulative strength at 1..4 points, the last at `hi`; concave or not; fractional points only for
    continuous units (and sometimes for whole ones)."""
    n = int(rng.integers(1, 5))
    if integer and rng.random() < 0.8:
        inner = sorted(set(rng.integers(1, max(2, int(hi)), n - 1).tolist())) if hi >= 2 else []
    else:
        inner = sorted(set((np.round(rng.uniform(0.25, hi, n - 1) * 4) / 4).tolist()))
    units = [u for u in inner if 0 < u < hi] + [hi]
    slopes = rng.choice([0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0], len(units))
    if rng.random() < 0.5:
        slopes = np.sort(slopes)[::-1]
    strength = np.cumsum(np.diff(np.concatenate([[0.0], units])) * slopes)
    return tuple((float(u), float(s)) for u, s in zip(units, strength))


def random_problem(rng, *, big=False):
    k = int(rng.integers(1, 5))
    cats = []
    for i in range(k):
        integer = bool(rng.random() < 0.6)
        lo = float(rng.choice([0, 0, 0, 1, 2] if integer else [0, 0, 0.5, 1, 1.5]))
        top = 400 if big else 30
        hi = lo + float(rng.integers(0, top + 1))
        if not integer and rng.random() < 0.3:
            hi += 0.5
        cost = float(rng.choice([0.25, 0.5, 1, 2, 3, 5, 7]))
        per_unit = float(rng.choice([0, 0.5, 1, 2, 3, 4.5]))
        risk = float(rng.choice([0, 0, 0.1, 0.25, 0.5, 1]))
        curve = random_curve(rng, hi, integer) if hi > 0 and rng.random() < 0.4 else ()
        cats.append(AidCategory(f"c{i}", "unit", cost, lo, hi, integer, per_unit, risk, curve))
    links = []
    if k > 1 and rng.random() < 0.5:
        pairs = set()
        for _ in range(int(rng.integers(1, k + 1))):
            a, b = (int(v) for v in rng.choice(k, 2, replace=False))
            if rng.random() < 0.8 and a > b:
                a, b = b, a  # mostly no cycles
            pairs.add((a, b))
        links = [AidLink(f"c{a}", f"c{b}", float(rng.choice([0.25, 0.3, 0.5, 1, 1.5, 2, 3]))) for a, b in sorted(pairs)]
    scenarios, effects, objective = (), None, None
    if rng.random() < 0.5:
        s = int(rng.integers(2, 4))
        scenarios = tuple(f"S{j}" for j in range(s))
        effects = rng.choice([0.0, 0.5, 1.0, 1.0, 1.2, 2.0], (s, k))
        objective = str(rng.choice(["robust", "robust", "S0", "none"]))
        objective = None if objective == "none" else objective
    risk_cap = None
    if rng.random() < 0.6:
        total = sum(c.risk_per_unit * c.max_units for c in cats)
        risk_cap = float(np.round(rng.uniform(0, total + 1) * 4) / 4)
    return make_problem(cats, None, risk_cap, links=links, scenarios=scenarios, effects=effects, objective=objective)


@pytest.mark.parametrize("chunk", range(8))
def test_same_order_as_one_purchase_at_a_time_on_random_problems(chunk):
    rng = np.random.default_rng(1000 + chunk)
    stats = {"orders": 0, "purchases": 0, "steps": 0, "noisy": 0}
    for _ in range(60):
        check_same_order(random_problem(rng), rng, stats=stats)
    assert stats["orders"] >= 30  # most random problems have an order (the rest are infeasible)
    assert stats["steps"] < stats["purchases"]  # runs were built at once


@pytest.mark.parametrize("chunk", range(3))
def test_same_order_on_random_problems_with_long_runs(chunk):
    """Up to 400 units a category: long runs cut by curve points, caps, links and rivals."""
    rng = np.random.default_rng(2000 + chunk)
    stats = {"orders": 0, "purchases": 0, "steps": 0, "noisy": 0}
    for _ in range(25):
        check_same_order(random_problem(rng, big=True), rng, stats=stats)
    assert stats["steps"] * 5 < stats["purchases"]


# --- the cases that end a run, one by one ---------------------------------------------------------


def cat(name, cost, strength, risk=0.0, lo=0.0, hi=10.0, integer=True, curve=()):
    return AidCategory(name, "unit", cost, lo, hi, integer, strength, risk, tuple(curve))


@pytest.mark.parametrize("ratio, integer", [(0.5, True), (0.3, True), (2, True), (0.001, True), (0.3, False),
                                            (0.25, False)])
def test_a_prerequisite_with_a_ratio(ratio, integer):
    """Every second weapon needs one more training (0.5, whole units), every 1000th round one more
    crate (0.001), each weapon 0.3 of a continuous training: bundles that differ from purchase to
    purchase are never merged, and those that repeat are."""
    cats = (cat("weapons", 4, 5, hi=300), cat("training", 1, 0.5, hi=2000, integer=integer))
    p = make_problem(cats, None, None, links=[AidLink("weapons", "training", ratio)])
    check_same_order(p, np.random.default_rng(0))
    order = greedy_order(p)
    if ratio in (2, 0.001) or not integer:  # the same bundle every time, or for 999 purchases in 1000
        assert len(order.compact) <= 5


def test_a_rival_that_needs_what_the_bundle_brings_overtakes_it():
    """Weapons need 2 training cohorts each, drones 30: weapons (with their cohorts) have the better rate
    until enough cohorts are there that a drone needs only a few more; then drones overtake, part way
    through what would otherwise be one run of weapons (after 14: 30 - 28 = 2 cohorts to add)."""
    cats = (cat("weapons", 10, 10, hi=50), cat("training", 5, 0.05, hi=1000), cat("drones", 10, 12, hi=20))
    links = [AidLink("weapons", "training", 2), AidLink("drones", "training", 30)]
    p = make_problem(cats, None, None, links=links)
    check_same_order(p, np.random.default_rng(0))
    assert [(r["first"], r["last"], r["bought"]) for r in greedy_order(p).runs()][:2] == [
        (1, 14, {"weapons": 14.0, "training": 28.0}), (15, 15, {"drones": 1.0, "training": 2.0})]
    for effects in ([[1.0, 1.0, 1.0], [0.8, 1.5, 1.1]], [[1.0, 2.0, 0.9], [1.2, 0.5, 1.3]]):
        q = make_problem(cats, None, None, links=links, scenarios=("S0", "S1"), effects=effects, objective="robust")
        check_same_order(q, np.random.default_rng(0))


def test_a_rival_that_needs_what_is_bought():
    """Guns need 100 rounds each. The first 300 rounds add 1 each (0.1 beyond): rounds first, while a
    gun with the rounds it still needs gets cheaper as rounds are bought, until it needs none (after
    100 rounds, a change in its rate); then the rest of the 300, then guns, then rounds again. Under
    the worst case of two scenarios the cheaper gun overtakes the rounds part way."""
    cats = (cat("guns", 50, 40, hi=5), cat("rounds", 1, 0, hi=1000, curve=[(300, 300), (1000, 370)]))
    p = make_problem(cats, None, None, links=[AidLink("guns", "rounds", 100)])
    check_same_order(p, np.random.default_rng(0))
    order = greedy_order(p)
    assert [(r["first"], r["last"], r["bought"]) for r in order.runs()] == [
        (1, 300, {"rounds": 300.0}), (301, 303, {"guns": 3.0}), (304, 305, {"guns": 2.0, "rounds": 200.0}),
        (306, 805, {"rounds": 500.0})]
    assert len(order.compact) < 10
    for effects in ([[1.0, 1.0], [3.0, 0.5]], [[1.0, 1.2], [2.0, 0.7]], [[0.5, 1.0], [1.5, 0.9]]):
        q = make_problem(cats, None, None, links=[AidLink("guns", "rounds", 100)], scenarios=("S0", "S1"),
                         effects=effects, objective="robust")
        check_same_order(q, np.random.default_rng(0))


def test_robust_objective_stops_where_the_worst_case_changes():
    """Two scenarios: a adds 1 under S0 and 3 under S1, b the reverse. Under the worst case each
    purchase's gain changes when the other scenario becomes the worst."""
    cats = (cat("a", 1, 1, hi=200, curve=[(50, 50), (200, 80)]), cat("b", 1.1, 1, hi=200, integer=False),
            cat("c", 2, 1, hi=100))
    effects = [[1.0, 3.0, 1.0], [3.0, 1.0, 1.5]]
    for objective in ("robust", "S0", "S1", None):
        p = make_problem(cats, None, 150, scenarios=("S0", "S1"), effects=effects, objective=objective)
        check_same_order(p, np.random.default_rng(1))


def test_ties_keep_the_first_category_and_curve_points_end_runs():
    cats = (cat("a", 2, 2, hi=40, curve=[(10, 10), (25, 40), (40, 45)]), cat("b", 1, 1, hi=40, integer=False),
            cat("c", 1, 1, 0.5, hi=40))
    check_same_order(make_problem(cats, None, 12.5), np.random.default_rng(2))


def test_steps_per_purchase_are_made_on_demand():
    order = greedy_order(make_problem((cat("rounds", 0.001, 0.0002, hi=10_000_000),), None, None))
    assert len(order.compact) == 1 and order.compact[0].repeat == 10_000_000
    assert len(order.steps) == 10_000_000
    first, last = order.steps[0], order.steps[-1]
    assert first.bought == {"rounds": 1.0} and first.repeat == 1 and first.budget == pytest.approx(0.001)
    assert last.strength == pytest.approx(2000) and order.steps[4999].strength == pytest.approx(1.0)
    assert order.strength_at(1.0005) == pytest.approx(0.2)  # 1000 whole rounds fit, not 1000.5
    assert order.runs() == [{"first": 1, "last": 10_000_000, "bought": {"rounds": 10_000_000.0},
                             "cost": pytest.approx(10_000), "gain": pytest.approx(2000), "ratio": pytest.approx(0.2),
                             "budget": pytest.approx(10_000), "risk": 0.0, "strength": pytest.approx(2000)}]
    doc = order.to_dict()
    assert doc["steps"][0]["repeat"] == 10_000_000 and doc["steps"][0]["cost"] == 0.001
    frame = order.to_frame()
    assert frame["repeat"].tolist() == [10_000_000]


# --- scale ----------------------------------------------------------------------------------------


def ammunition_problem(risk_per_round, *, objective=None):
    """The test workbooks' two categories (tests/workbooks.py BASE: a battery, a continuous training
    cohort; risk cap 5) and 10 million rounds of ammunition at 0.001, strength 0.0002 each."""
    cats = (AidCategory("air defense", "battery", 100, 1, 10, True, 5, 1),
            AidCategory("training", "cohort", 10, 0, 20, False, 1, 0.2),
            AidCategory("ammunition", "round", 0.001, 0, 10_000_000, True, 0.0002, risk_per_round))
    effects = [[1.0, 1.0, 1.0], [1.2, 0.8, 1.1]] if objective else None
    return make_problem(cats, 600, 5, scenarios=("S0", "S1") if objective else (), effects=effects,
                        objective=objective)


@pytest.mark.parametrize("risk_per_round, rounds", [(1e-5, 400_000), (1e-7, 10_000_000)])
@pytest.mark.parametrize("objective", [None, "robust"])
def test_ammunition_builds_in_few_steps(risk_per_round, rounds, objective):
    """400,000 rounds until the risk cap, or all 10 million: one pass each, not one per round. (The
    time limit only catches a hang; timings belong in bench/.)"""
    p = ammunition_problem(risk_per_round, objective=objective)
    start = time.perf_counter()
    order = greedy_order(p)
    assert time.perf_counter() - start < 5.0
    assert len(order.compact) <= 10
    bought = sum(s.bought.get("ammunition", 0) * s.repeat for s in order.compact)
    assert bought == rounds
    assert order.runs()[0]["bought"] == {"ammunition": float(rounds)} or objective == "robust"
    per_round = 0.0002 if objective is None else 0.0002  # the worst case of 1.0 and 1.1
    assert order.strength_at(100 + 0.001 * 1000) == pytest.approx(5 + 1000 * per_round)


def test_ammunition_matches_one_purchase_at_a_time_on_a_smaller_scale():
    """The same problem with 20,000 rounds, against the reference (which takes about a second)."""
    cats = (AidCategory("air defense", "battery", 100, 1, 10, True, 5, 1),
            AidCategory("training", "cohort", 10, 0, 20, False, 1, 0.2),
            AidCategory("ammunition", "round", 0.001, 0, 20_000, True, 0.0002, 0.0002))
    for objective in (None, "robust"):
        effects = [[1.0, 1.0, 1.0], [1.2, 0.8, 1.1]]
        p = make_problem(cats, 600, 5, scenarios=("S0", "S1"), effects=effects, objective=objective)
        check_same_order(p, np.random.default_rng(3))

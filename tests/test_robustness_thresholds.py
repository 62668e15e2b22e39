"""Thresholds: a case solved by hand, every method against a brute-force scan of the weight (and
of each score), the bracketed search against the closed form, and the L1 linear program against
a hand-derived greedy solution and a random search that never beats it."""

from __future__ import annotations

import numpy as np
import pytest

from decision.model import Alternative, Criterion, Study
from decision.robustness import thresholds as T
from decision.robustness.problem import Evaluator, evaluator

ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]


def value_evaluator(n: int) -> Evaluator:
    """MAVT over values on 0..1, every criterion max: utilities = w . v."""
    return Evaluator("mavt", {"low": np.zeros(n), "high": np.ones(n), "maximize": np.ones(n, dtype=bool)})


class Searched(Evaluator):
    """The same method, but hiding that it is linear: thresholds fall back to the bracketed search."""

    def linear(self, scores):
        return None


# --- by hand -------------------------------------------------------------------------------------


def test_two_by_two_by_hand():
    """Values A = (1, 0), B = (0.3, 0.8), weights (0.7, 0.3): U_A = 0.7, U_B = 0.45, A first.
    Weight t on criterion 1 (1 - t on 2): U_A = t, U_B = 0.8 - 0.5 t, equal at t = 8/15, so A stays
    first for t > 8/15: lowering w1 from 0.7 flips at 8/15 (distance 1/6), raising it never does;
    criterion 2 mirrors it (raising w2 flips at 7/15). L1: the tie needs w1 = 8/15, so 1/6 of
    weight moves from criterion 1 to 2, an L1 change of 1/3.
    Scores on 0..1 (one at a time): A's first value falls to B's 0.45 at 0.7 x = 0.45, x = 9/14;
    B's first value must rise to 0.7 x + 0.24 = 0.7, x = 23/35; B's second would need
    0.21 + 0.3 x = 0.7, x = 49/30 > 1: none; A's second only helps A."""
    ev, values, w = value_evaluator(2), np.array([[1.0, 0.0], [0.3, 0.8]]), np.array([0.7, 0.3])
    t1, t2 = T.weight_thresholds(ev, values, w, ["c1", "c2"])
    assert t1.up is None and t1.down.value == pytest.approx(8 / 15) and t1.down.distance == pytest.approx(1 / 6)
    assert t1.down.new_top == 1 and t1.nearest is t1.down
    assert t2.down is None and t2.up.value == pytest.approx(7 / 15) and t2.up.new_top == 1
    least = T.min_weight_change(ev, values, w)
    assert least.distance == pytest.approx(1 / 3, abs=1e-9) and least.new_top == 1
    assert least.weights == pytest.approx([8 / 15, 7 / 15], abs=1e-9)
    cells = {(s.alternative, s.criterion): s for s in T.score_thresholds(ev, values, w, [0, 0], [1, 1], ["A", "B"], ["c1", "c2"])}
    assert cells["A", "c1"].down.value == pytest.approx(9 / 14) and cells["A", "c1"].up is None
    assert cells["B", "c1"].up.value == pytest.approx(23 / 35) and cells["B", "c1"].up.new_top == 1
    assert cells["B", "c2"].nearest is None and cells["A", "c2"].nearest is None
    # the bracketed search finds the same, to about 1e-13 of the range
    searched = Searched(ev.method, ev.arguments)
    s1, s2 = T.weight_thresholds(searched, values, w, ["c1", "c2"])
    assert abs(s1.down.value - 8 / 15) < 1e-12 and s1.up is None and abs(s2.up.value - 7 / 15) < 1e-12


def test_nothing_changes_a_dominating_top_and_one_criterion_has_no_thresholds():
    ev, values, w = value_evaluator(3), np.array([[0.9, 0.8, 0.7], [0.1, 0.2, 0.3]]), np.array([0.2, 0.3, 0.5])
    assert all(t.nearest is None for t in T.weight_thresholds(ev, values, w, ["a", "b", "c"]))
    least = T.min_weight_change(ev, values, w)
    assert least.distance is None and least.new_top is None and least.reason is None
    one = T.weight_thresholds(value_evaluator(1), np.array([[0.4], [0.6]]), np.array([1.0]), ["a"])
    assert one[0].nearest is None


def test_a_tie_at_the_current_weights_is_a_change_at_distance_zero():
    """A = (1, 0), B = (0, 1) at w = (1/2, 1/2): tied, A listed first; any rise of w2 puts B ahead."""
    t1, t2 = T.weight_thresholds(value_evaluator(2), np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([0.5, 0.5]), "ab")
    assert t1.down.distance == 0 and t2.up.distance == 0 and t1.down.new_top == 1


# --- against brute force -------------------------------------------------------------------------


def variants():
    from decision.workbook.read import read_study

    return read_study(ROOT / "criteria" / "settlement_variants.xlsx")


def positive_study(seed: int, maximize_only=False) -> Study:
    rng = np.random.default_rng(seed)
    m, n = 5, 4
    scores = np.round(rng.uniform(1, 10, (m, n)), 1)
    directions = ["max"] * n if maximize_only else ["max", "min", "max", "min"]
    weights = rng.dirichlet(np.ones(n))
    criteria = tuple(Criterion(f"c{j}", directions[j], float(weights[j]), low=0.5, high=10.0) for j in range(n))
    return Study(name="s", alternatives=tuple(Alternative(f"a{i}") for i in range(m)), criteria=criteria, scores=scores)


CASES = [("variants", "mavt"), ("variants", "topsis"), ("variants", "vikor"), ("variants", "promethee2"),
         ("positive", "saw"), ("positive", "topsis"), ("positive", "vikor"), ("maxonly", "wsm"),
         ("positive", "mavt")]


def case(name, method, seed=0):
    study = variants() if name == "variants" else positive_study(seed, maximize_only=name == "maxonly")
    return study, evaluator(study, method)


@pytest.mark.parametrize("name, method", CASES)
@pytest.mark.parametrize("seed", [0, 1])
def test_weight_thresholds_match_a_brute_force_scan(name, method, seed):
    """Each criterion's weight scanned over 40,001 points of [0, 1] (others in proportion), the
    method evaluated at each: the first change below and above the current weight lies within one
    step of the threshold, with the same new top, and no change where there is no threshold."""
    study, ev = case(name, method, seed)
    w = study.weights
    got = T.weight_thresholds(ev, study.scores, w, study.criterion_names)
    top = T.top_of(ev(w[None, :], study.scores)[0])
    t = np.linspace(0.0, 1.0, 40_001)
    step = t[1]
    for j, threshold in enumerate(got):
        rest = np.delete(w, j) / (1 - w[j])
        path = np.insert(np.outer(1 - t, rest), j, t, axis=1)
        found, who = T.ahead(ev(path, study.scores), top)
        below, above = np.flatnonzero(found & (t < w[j])), np.flatnonzero(found & (t > w[j]))
        for direction, hits, pick in ((threshold.down, below, -1), (threshold.up, above, 0)):
            if direction is None:
                assert hits.size == 0, (study.criterion_names[j], t[hits[pick]])
                continue
            assert hits.size > 0
            nearest = hits[pick]
            assert abs(t[nearest] - direction.value) <= step + 1e-12
            assert who[nearest] == direction.new_top


@pytest.mark.parametrize("name, method", CASES)
def test_score_thresholds_match_a_brute_force_scan(name, method):
    """Each score scanned alone over 4,001 points of its scale: the first change each way lies
    within one step of the threshold, with the same new top."""
    study, ev = case(name, method)
    w = study.weights
    low, high = study.value_scale()
    got = T.score_thresholds(ev, study.scores, w, low, high, study.alternative_names, study.criterion_names)
    top = T.top_of(ev(w[None, :], study.scores)[0])
    for cell in got:
        i, j = study.alternative_names.index(cell.alternative), study.criterion_names.index(cell.criterion)
        floor = T._floor(ev, study.scores, i, j, low[j], high[j])
        x = np.linspace(floor, high[j], 4_001)
        step = x[1] - x[0]
        batch = np.repeat(study.scores[None], x.size, axis=0)
        batch[:, i, j] = x
        found, who = T.ahead(ev(w[None, :], batch), top)
        x0 = study.scores[i, j]
        below, above = np.flatnonzero(found & (x < x0)), np.flatnonzero(found & (x > x0))
        for direction, hits, pick in ((cell.down, below, -1), (cell.up, above, 0)):
            if direction is None:
                assert hits.size == 0, (cell, x[hits[pick]])
                continue
            assert hits.size > 0, cell
            nearest = hits[pick]
            assert abs(x[nearest] - direction.value) <= step + 1e-9 * max(1, abs(x0))
            assert who[nearest] == direction.new_top


@pytest.mark.parametrize("method", ["mavt", "saw", "promethee2"])
def test_bracketed_search_equals_the_closed_form(method):
    study = variants() if method != "saw" else positive_study(3)
    ev = evaluator(study, method)
    exact = T.weight_thresholds(ev, study.scores, study.weights, study.criterion_names)
    searched = T.weight_thresholds(Searched(ev.method, ev.arguments), study.scores, study.weights, study.criterion_names)
    for a, b in zip(exact, searched):
        for x, y in ((a.down, b.down), (a.up, b.up)):
            assert (x is None) == (y is None)
            if x is not None:
                assert abs(x.value - y.value) < 1e-9 and x.new_top == y.new_top


# --- L1 --------------------------------------------------------------------------------------------


def greedy_l1(gain: np.ndarray, w: np.ndarray) -> float | None:
    """By hand: to make gain . w' >= 0 with the least sum |w' - w| on the simplex, move weight from
    the criteria with the smallest gain to the one with the largest; moving d costs 2d and raises
    gain . w by d (g_max - g_j). Take from the smallest gains first until the deficit is covered."""
    deficit = -float(gain @ w)
    if deficit <= 0:
        return 0.0
    q = int(np.argmax(gain))
    moved = 0.0
    for j in np.argsort(gain):
        if j == q or gain[j] >= gain[q]:
            break
        rate = gain[q] - gain[j]
        d = min(w[j], deficit / rate)
        moved += d
        deficit -= d * rate
        if deficit <= 1e-15:
            return 2 * moved
    return None


@pytest.mark.parametrize("name, method", [("variants", "mavt"), ("variants", "promethee2"), ("positive", "saw"),
                                          ("positive", "mavt"), ("maxonly", "wsm")])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_l1_minimum_equals_the_greedy_solution_and_random_search_never_beats_it(name, method, seed):
    study, ev = case(name, method, seed)
    w = study.weights
    least = T.min_weight_change(ev, study.scores, w)
    a = ev.linear(study.scores)
    top = T.top_of(a @ w)
    by_hand = [greedy_l1(a[c] - a[top], w) for c in range(a.shape[0]) if c != top]
    by_hand = [d for d in by_hand if d is not None]
    if least.distance is None:
        assert not by_hand
        return
    assert least.distance == pytest.approx(min(by_hand), abs=1e-9)
    assert least.weights.sum() == pytest.approx(1) and (least.weights >= -1e-12).all()
    assert np.abs(least.weights - w).sum() == pytest.approx(least.distance, abs=1e-9)
    u = a @ least.weights
    assert u[least.new_top] >= u[top] - 1e-9  # a tie (or better) at the optimum
    rng = np.random.default_rng(seed)
    anywhere = rng.dirichlet(np.ones(w.size), 100_000)
    step = rng.random((100_000, 1)) * 0.6
    near = (1 - step) * w + step * rng.dirichlet(np.ones(w.size), 100_000)  # on the simplex, near w
    for trial in (anywhere, near):
        assert np.allclose(trial.sum(axis=1), 1)
        found, _ = T.ahead(ev(trial, study.scores), top)
        if found.any():
            assert np.abs(trial[found] - w).sum(axis=1).min() >= least.distance - 1e-9


def test_l1_is_not_computed_for_methods_that_are_not_linear_in_the_weights():
    study = variants()
    least = T.min_weight_change(evaluator(study, "topsis"), study.scores, study.weights)
    assert least.distance is None and "not linear" in least.reason

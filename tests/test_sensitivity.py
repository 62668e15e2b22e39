"""Weight sensitivity (decision/robustness/sensitivity.py): a published worked example, cases by
hand, the crossovers against a bisection on the ranking and against the threshold analysis's flip
weights, the lines against MAVT's scores, the edge cases, and a property over random studies."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from decision.methods import mavt as M
from decision.model import Alternative, Criterion, IncompleteStudy, Study
from decision.ranking import rank
from decision.robustness import thresholds as T
from decision.robustness.problem import evaluator
from decision.robustness.sensitivity import POINTS, Crossover, from_values, weight_sensitivity
from decision.weights import Weights
from decision.workbook.read import read_study
from tests import workbooks as W

ROOT = Path(__file__).resolve().parents[1]


def study_of(scores, weights, *, names=None, low=0.0, high=1.0, directions=None) -> Study:
    """A study on fixed value scales (low..high), so that MAVT's values are (x - low) / (high - low)."""
    scores = np.asarray(scores, dtype=float)
    m, n = scores.shape
    names = names or [f"a{i}" for i in range(m)]
    directions = directions or ["max"] * n
    criteria = tuple(Criterion(f"c{j}", directions[j], float(weights[j]), low=low, high=high) for j in range(n))
    return Study(name="s", alternatives=tuple(Alternative(a) for a in names), criteria=criteria, scores=scores)


@pytest.fixture(scope="module")
def studies(tmp_path_factory):
    """The test workbook W.BASE and both shipped studies, read from their files."""
    base = W.base(tmp_path_factory.mktemp("sens"))
    return {"base": read_study(base), "scenarios": read_study(ROOT / "criteria" / "settlement_scenarios.xlsx"),
            "variants": read_study(ROOT / "criteria" / "settlement_variants.xlsx")}


STUDIES = ["base", "scenarios", "variants"]


def path_weights(w: np.ndarray, j: int, t) -> np.ndarray:
    """The weights with criterion j at t (an array: one row each), the others in proportion (equal
    shares when they are all zero), written out independently of the module."""
    t = np.atleast_1d(np.asarray(t, dtype=float))
    others = np.delete(w, j)
    rest = others / others.sum() if others.sum() > 0 else np.full(others.size, 1.0 / others.size)
    return np.insert(np.outer(1.0 - t, rest), j, t, axis=1)


def ranked_top(study: Study, w: np.ndarray, j: int, t: float) -> str:
    """The ranking's first alternative (decision.ranking.rank, MAVT) with criterion j at weight t."""
    weights = Weights("direct", tuple(study.criterion_names), path_weights(w, j, t)[0])
    return rank(study, "mavt", weights=weights).top


# --- a published worked example --------------------------------------------------------------------


def test_goodwin_and_wright_office_location_weight_on_turnover():
    """Goodwin & Wright, Decision Analysis for Management Judgment, ch. 3 (SMART), the office
    location problem. p. 44: Addison Square's values (closeness to customers 100, visibility 60,
    image 100, size 75, comfort 0, car parking 90) and weights (32, 26, 23, 10, 6, 3; aggregate
    80.8). pp. 47-48, "Sensitivity analysis", Figure 3.7 ("Sensitivity analysis for weight placed
    on turnover"): the owner's weights are turnover 81 and working conditions 19, turnover made of
    closeness to customers, visibility and image (swing weights 100, 80, 70: p. 43, Figure 3.5, and
    the leaf weights 32, 26, 23 = 81 x 40, 32, 28 %), working conditions of size, comfort and car
    parking (30, 20, 10, normalized to 50, 33.3 and 16.7 on p. 47). Elton Street's benefits are
    81.7 at a turnover weight of 0 and 60.4 at 100; "Elton Street gives the highest value of
    benefits as long as the weight placed on turnover is less than 52.1. If the weight is above
    this figure then Addison Square (A) has the highest value".

    Moving the weight of the turnover node with the weights inside each node fixed is the
    two-criterion additive model over the nodes' values, so the study has the criteria turnover and
    working conditions, on 0..100. Addison's node values come from its printed values: turnover
    (100 x 100 + 60 x 80 + 100 x 70) / 250 = 87.2, working conditions (75 x 30 + 0 x 20 + 90 x 10) /
    60 = 52.5. (Table 3.2, the other offices' values, was not available to us: Figure 3.7 says none
    of them is ever first, so Addison and Elton carry the figure's crossover.)"""
    leaves_turnover, swings_turnover = np.array([100, 60, 100]), np.array([100, 80, 70])
    leaves_conditions, swings_conditions = np.array([75, 0, 90]), np.array([30, 20, 10])
    addison = (leaves_turnover @ swings_turnover / swings_turnover.sum(),
               leaves_conditions @ swings_conditions / swings_conditions.sum())
    assert addison == pytest.approx((87.2, 52.5))
    # p. 44 once more: the aggregate 80.8 of Addison with the rounded leaf weights
    p44 = from_values([np.r_[leaves_turnover, leaves_conditions] / 100], [32, 26, 23, 10, 6, 3],
                      alternatives=["Addison Square"], criteria=list("abcdef"))
    assert 100 * p44.scores[0] == pytest.approx(80.8)

    study = Study(name="offices", alternatives=(Alternative("Addison Square"), Alternative("Elton Street")),
                  criteria=(Criterion("turnover", "max", 81, low=0, high=100),
                            Criterion("working conditions", "max", 19, low=0, high=100)),
                  scores=np.array([addison, (60.4, 81.7)]))
    result = weight_sensitivity(study, study.weights)
    turnover = result["turnover"]
    assert turnover.current == pytest.approx(0.81)
    assert 100 * turnover.values[0, 1] == pytest.approx(81.7) and 100 * turnover.values[-1, 1] == pytest.approx(60.4)
    assert len(turnover.crossovers) == 1
    crossing = turnover.crossovers[0]
    assert round(100 * crossing.weight, 1) == 52.1  # the figure's 52.1
    assert crossing.weight == pytest.approx(29.2 / 56)
    assert (crossing.from_, crossing.to) == ("Elton Street", "Addison Square")
    assert result.top == "Addison Square"
    # "it will take a fairly large change in this weight": 0.81 - 0.521; with two criteria both
    # weights move along one path, and the brief shows the larger
    assert result["working conditions"].crossovers[0].weight == pytest.approx(1 - 29.2 / 56)
    assert result.focus.criterion == "turnover" and result.focus.distance == pytest.approx(0.81 - 29.2 / 56)


# --- by hand ------------------------------------------------------------------------------------------


def test_two_alternatives_by_hand():
    """Values A = (1, 0), B = (0.3, 0.8), weights (0.7, 0.3) (the thresholds' case): with t on
    criterion 1, U_A = t, U_B = 0.8 - 0.5 t, equal at 8/15: B first below, A above; on criterion 2
    the mirror image, crossing at 7/15 from A to B."""
    result = from_values([[1.0, 0.0], [0.3, 0.8]], [0.7, 0.3], alternatives="AB", criteria=["c1", "c2"])
    c1, c2 = result.lines
    assert c1.intercept == pytest.approx([0.0, 0.8]) and c1.slope == pytest.approx([1.0, -0.5])
    assert c1.crossovers == (Crossover(pytest.approx(8 / 15), "B", "A"),)
    assert c2.crossovers == (Crossover(pytest.approx(7 / 15), "A", "B"),)
    assert result.top == "A" and result.scores == pytest.approx([0.7, 0.45])


def test_grid_json_and_tables():
    study = study_of([[1.0, 0.0, 0.5], [0.3, 0.8, 0.1], [0.2, 0.2, 0.9]], [0.5, 0.3, 0.2], names=["A", "B", "C"])
    result = weight_sensitivity(study, study.weights)
    assert POINTS == 101 and result.grid.size == 101
    assert result.grid.tolist() == [k / 100 for k in range(101)]  # 0.07 is 0.07, not 0.07000000000000001
    doc = json.loads(json.dumps(result.to_dict()))
    assert list(doc) == ["c0", "c1", "c2"]
    for name, entry in doc.items():
        assert list(entry) == ["current", "weights", "values", "crossovers"]
        assert entry["weights"] == [k / 100 for k in range(101)]
        assert list(entry["values"]) == ["A", "B", "C"] and all(len(v) == 101 for v in entry["values"].values())
        for c in entry["crossovers"]:
            assert list(c) == ["weight", "from", "to"] and type(c["weight"]) is float
    raw = result.to_dict()
    assert type(raw["c0"]["current"]) is float and type(raw["c0"]["values"]["A"][3]) is float
    assert raw["c0"]["crossovers"] == [c.to_dict() for c in result["c0"].crossovers]
    tables = result.tables()
    assert list(tables) == ["values: c0", "values: c1", "values: c2", "key points: c0", "key points: c1",
                            "key points: c2", "crossovers"]
    for line in result.lines:  # the key points: 0, each crossover, the current weight, 1, with the lines' values
        points = tables[f"key points: {line.criterion}"].frame
        assert points.index[0] == 0.0 and points.index[-1] == 1.0 and line.current in points.index
        assert all(any(abs(w - c.weight) < 1e-12 for w in points.index) for c in line.crossovers)
        assert points[list(result.alternatives)].to_numpy() == pytest.approx(line.at(points.index.to_numpy()))
    frame = tables["values: c1"].frame
    assert frame.shape == (101, 3) and list(frame.columns) == ["A", "B", "C"] and frame.index.name == "weight"
    assert frame.to_numpy() == pytest.approx(result["c1"].values)
    crossings = tables["crossovers"].frame
    assert list(crossings.columns) == ["criterion", "current weight", "crossover weight", "from", "to"]
    assert len(crossings) == sum(len(line.crossovers) for line in result.lines)
    json.dumps({k: t.to_dict() for k, t in tables.items()})
    assert "0.3" in tables["values: c1"].caption and "mavt" not in tables["values: c1"].caption.lower()


# --- against MAVT, a bisection on the ranking, and the thresholds -------------------------------------


@pytest.mark.parametrize("name", STUDIES)
def test_lines_are_mavt_at_the_current_weight_and_on_the_grid(studies, name):
    """At its current weight every criterion's line gives MAVT's scores (decision.ranking.rank),
    and on the grid the values MAVT computes at the path's weights, the others in proportion."""
    study = studies[name]
    result = weight_sensitivity(study, study.weights)
    ranking = rank(study, "mavt")
    assert ranking.top == result.top
    for j, line in enumerate(result.lines):
        assert line.current == pytest.approx(study.weights[j])
        assert line.at(line.current) == pytest.approx(ranking.scores, abs=1e-12)
        on_path = M.mavt(study.scores, path_weights(study.weights, j, result.grid), **M.arguments(study))
        assert line.values == pytest.approx(on_path, abs=1e-12)


def bisected_changes(study: Study, w: np.ndarray, j: int) -> list[tuple[float, str, str]]:
    """Every change of the ranking's top as criterion j's weight moves over [0, 1]: a scan of 401
    weights (MAVT's batched function), each change then narrowed to 1e-9 by bisection on
    decision.ranking.rank; (weight, top below, top above). An end of the range is scanned just
    inside it (a tie exactly there, which the ranking breaks by the order of the alternatives, is
    no change: nothing lies beyond), unless the current weight is there."""
    t = np.linspace(0.0, 1.0, 401)
    t[0], t[-1] = (0.0 if w[j] == 0 else 1e-12), (1.0 if w[j] == 1 else 1.0 - 1e-12)
    u = M.mavt(study.scores, path_weights(w, j, t), **M.arguments(study))
    tops = np.argmax(u, axis=1)
    out = []
    for k in np.flatnonzero(tops[1:] != tops[:-1]):
        low, high = float(t[k]), float(t[k + 1])
        below, above = ranked_top(study, w, j, low), ranked_top(study, w, j, high)
        while high - low > 1e-9:
            mid = (low + high) / 2
            if ranked_top(study, w, j, mid) == below:
                low = mid
            else:
                high = mid
        assert ranked_top(study, w, j, high) == above  # one change per scan step
        out.append(((low + high) / 2, below, above))
    return out


@pytest.mark.parametrize("name", STUDIES)
def test_crossovers_match_a_bisection_on_the_ranking(studies, name):
    study = studies[name]
    result = weight_sensitivity(study, study.weights)
    found = 0
    for j, line in enumerate(result.lines):
        expected = bisected_changes(study, study.weights, j)
        assert len(line.crossovers) == len(expected), line.criterion
        for c, (weight, below, above) in zip(line.crossovers, expected):
            assert abs(c.weight - weight) < 1e-9 and (c.from_, c.to) == (below, above)
        found += len(expected)
    assert found > 0


def nearest_each_way(line, top: str):
    """The crossovers that the threshold analysis reports from the current weight: the first above
    (or at it, when the top there hands over) and the last below (or at it, when it takes over)."""
    eps, now = 1e-12, line.current
    up = [c for c in line.crossovers if c.weight > now + eps or (abs(c.weight - now) <= eps and c.from_ == top)]
    down = [c for c in line.crossovers if c.weight < now - eps or (abs(c.weight - now) <= eps and c.to == top)]
    return (down[-1] if down else None), (up[0] if up else None)


def near_twins(line) -> bool:
    """Two alternatives whose lines agree within 1e-9 at both ends: the module takes them for one
    line, where the thresholds' exact arithmetic may find a crossing that rounding alone places."""
    ends = np.stack([line.intercept, line.intercept + line.slope], axis=1)
    close = (np.abs(ends[:, None, :] - ends[None, :, :]) <= 1e-9).all(axis=2)
    return bool(np.triu(close, 1).any())


def assert_thresholds_agree(study: Study, w: np.ndarray, *, new_tops: bool = True, skip_twins: bool = False):
    """Each crossover next to the current weight is the threshold analysis's flip weight that way,
    and where the thresholds find none there is no crossover that way. `skip_twins` (random
    studies): leave out what rounding alone decides for the thresholds' exact arithmetic, i.e. a
    criterion with two lines tied at both ends, and a study whose alternatives tie now."""
    ev = evaluator(study, "mavt")
    result = weight_sensitivity(study, w)
    names = study.alternative_names
    top = names[T.top_of(ev(w[None, :] / w.sum(), study.scores)[0])]
    if skip_twins and top != result.top:  # a tie now that rounding breaks one way for the thresholds
        u = result.scores
        assert abs(u[names.index(top)] - u[names.index(result.top)]) <= 1e-9
        return
    if skip_twins and np.sort(result.scores)[-2] >= result.scores.max() - 1e-9:
        return  # the first two tie now: the thresholds find changes at distance 0 both ways, as rounding falls
    assert top == result.top
    for threshold, line in zip(T.weight_thresholds(ev, study.scores, w / w.sum(), study.criterion_names), result.lines):
        if skip_twins and near_twins(line):
            continue
        down, up = nearest_each_way(line, top)
        for change, crossing, side in ((threshold.down, down, "from_"), (threshold.up, up, "to")):
            if change is not None and min(change.value, 1 - change.value) < 1e-9 < abs(change.value - line.current):
                change = None  # a tie at the far end, moved a hair inside by the thresholds' rounding
            assert (change is None) == (crossing is None), (line.criterion, change, crossing)
            if change is not None:
                assert abs(change.value - crossing.weight) <= 1e-12
                if new_tops:
                    assert names[change.new_top] == getattr(crossing, side)


@pytest.mark.parametrize("name", STUDIES)
def test_crossovers_are_the_threshold_flip_weights(studies, name):
    study = studies[name]
    assert_thresholds_agree(study, study.weights)
    result = weight_sensitivity(study, study.weights)
    flips = [t.nearest for t in T.weight_thresholds(evaluator(study, "mavt"), study.scores, study.weights,
                                                     study.criterion_names)]
    for flip, line in zip(flips, result.lines):
        assert (flip is None) == (line.nearest is None)
        if flip is not None:
            assert line.nearest.weight == pytest.approx(flip.value, abs=1e-12)


# --- edge cases ---------------------------------------------------------------------------------------


def test_a_criterion_at_weight_one_leaves_the_others_equal_shares():
    """Weights (1, 0, 0): moving criterion 0 down, the others have no proportions; they share the
    rest equally (as the thresholds do), so the line at 0 is the mean of the other values."""
    scores = [[1.0, 0.0, 0.0], [0.6, 1.0, 0.2], [0.0, 0.3, 1.0]]
    study = study_of(scores, [1.0, 0.0, 0.0])
    result = weight_sensitivity(study, study.weights)
    first = result["c0"]
    assert first.current == 1.0
    assert first.intercept == pytest.approx(np.mean(np.asarray(scores)[:, 1:], axis=1))
    assert first.at(1.0) == pytest.approx([1.0, 0.6, 0.0])
    # U_a0 = t, U_a1 = 0.6, U_a2 = 0.65 - 0.65 t: a2 first until it meets a1 at 0.05 / 0.65 = 1/13,
    # then a1 until a0 meets it at 0.6
    assert [(round(c.weight, 12), c.from_, c.to) for c in first.crossovers] == [
        (round(0.05 / 0.65, 12), "a2", "a1"), (0.6, "a1", "a0")]
    # moving a zero-weight criterion: the others' proportions are (1, 0)
    second = result["c1"]
    assert second.intercept == pytest.approx([1.0, 0.6, 0.0])
    assert_thresholds_agree(study, study.weights)


def test_a_single_criterion_has_lines_through_zero_and_no_crossover():
    result = from_values([[0.4], [0.6]], [3.0], alternatives="AB", criteria=["only"])
    line = result["only"]
    assert line.current == 1.0 and line.intercept == pytest.approx([0.0, 0.0])
    assert line.values[-1] == pytest.approx([0.4, 0.6]) and line.crossovers == ()
    assert result.focus.criterion == "only" and result.focus.holds and result.focus.distance is None


def test_tied_alternatives_never_cross_and_the_first_listed_holds():
    """B is A's twin: their lines coincide, so the top never passes between them; C crosses."""
    scores = [[0.9, 0.1], [0.9, 0.1], [0.2, 0.8]]
    result = from_values(scores, [0.5, 0.5], alternatives="ABC", criteria=["x", "y"])
    assert result["x"].values[:, 0] == pytest.approx(result["x"].values[:, 1])
    assert [(c.from_, c.to) for c in result["x"].crossovers] == [("C", "A")]
    assert [(c.from_, c.to) for c in result["y"].crossovers] == [("A", "C")]
    assert result.top == "A"


def test_all_lines_equal_no_crossover_and_the_largest_weight_is_shown():
    result = from_values([[0.5, 0.2, 0.7]] * 3, [0.2, 0.5, 0.3], alternatives="ABC", criteria=["x", "y", "z"])
    assert all(line.crossovers == () for line in result.lines)
    assert result.focus.criterion == "y" and result.focus.holds and result.focus.crossover is None
    assert result.top == "A"
    # and all lines zero (no scale for the tie tolerance)
    zero = from_values(np.zeros((3, 2)), [1, 1], alternatives="ABC", criteria=["x", "y"])
    assert all(line.crossovers == () for line in zero.lines) and zero.focus.criterion == "x"


def test_a_tie_at_the_current_weight_is_a_crossover_there():
    """A = (1, 0), B = (0, 1) at w = (1/2, 1/2): tied now; 0.5 is a grid point, where both lines
    give 0.5; the focus is at distance 0."""
    result = from_values([[1.0, 0.0], [0.0, 1.0]], [0.5, 0.5], alternatives="AB", criteria=["x", "y"])
    assert result["x"].crossovers == (Crossover(0.5, "B", "A"),)
    assert result["y"].crossovers == (Crossover(0.5, "A", "B"),)
    assert result["x"].values[50] == pytest.approx([0.5, 0.5])
    assert result.focus.criterion == "x" and result.focus.distance == 0.0 and not result.focus.holds  # tie: first
    study = study_of([[1.0, 0.0], [0.0, 1.0]], [0.5, 0.5])
    assert_thresholds_agree(study, study.weights)


def test_a_tie_at_an_end_is_a_crossover_only_at_the_current_weight():
    """Values a0 = (1, 0.75), a1 = (0.5, 1), a2 = (0.75, 1) (less is better on 0..4: scores
    (0, 1), (2, 0), (1, 0)), weights (0, 1). Criterion c0 at 0: a1 and a2 tie now (a1 listed first,
    the top), and any rise of the weight puts a2 ahead: a crossover at 0, distance 0; a0 takes over
    at 0.5. Criterion c1 at 1: the mirror image, ending in the same tie at 1. With the weights
    (1, 1) instead, the tie at the far end of c1's range is no crossover: nothing lies beyond."""
    scores = [[0, 1], [2, 0], [1, 0]]
    study = study_of(scores, [0, 1], low=0.0, high=4.0, directions=["min", "min"])
    result = weight_sensitivity(study, study.weights)
    assert [(c.weight, c.from_, c.to) for c in result["c0"].crossovers] == [(0.0, "a1", "a2"), (0.5, "a2", "a0")]
    assert [(c.weight, c.from_, c.to) for c in result["c1"].crossovers] == [(0.5, "a0", "a2"), (1.0, "a2", "a1")]
    assert result.top == "a1" and result.focus.distance == 0.0
    assert_thresholds_agree(study, study.weights)
    even = study_of(scores, [1, 1], low=0.0, high=4.0, directions=["min", "min"])
    moved = weight_sensitivity(even, even.weights)
    assert [(c.weight, c.to) for c in moved["c1"].crossovers] == [(0.5, "a2")]
    assert_thresholds_agree(even, even.weights)


def test_lines_meeting_at_one_point_make_one_crossover():
    """A = (0, 1), B = (0.5, 0.5), C = (1, 0) on criterion x: U_A = 1 - t, U_B = 0.5, U_C = t all
    meet at 0.5; the top goes from A to C there (B is first nowhere)."""
    study = study_of([[0.0, 1.0], [0.5, 0.5], [1.0, 0.0]], [0.3, 0.7], names=["A", "B", "C"])
    result = weight_sensitivity(study, study.weights)
    assert result["c0"].crossovers == (Crossover(0.5, "A", "C"),)
    assert_thresholds_agree(study, study.weights)


def test_lines_equal_but_for_rounding_do_not_cross():
    """0.1 + 0.2 is not 0.3 in floating point: A = (0.1 + 0.2, 0.3) and B = (0.3, 0.1 + 0.2) differ
    by one unit in the last place, and their lines, equal within the tie tolerance at both ends,
    are the same line: no crossover at a weight that rounding alone decides."""
    result = from_values([[0.1 + 0.2, 0.3], [0.3, 0.1 + 0.2]], [0.5, 0.5], alternatives="AB", criteria=["x", "y"])
    assert all(line.crossovers == () for line in result.lines)


def test_focus_is_the_crossover_nearest_its_current_weight():
    """Three criteria: x crosses 0.3 away, y 0.05 away, z never; y is shown."""
    result = from_values([[1.0, 0.0, 0.5], [0.0, 1.0, 0.5]], [0.5, 0.45, 0.05], alternatives="AB",
                         criteria=["x", "y", "z"])
    by = {line.criterion: line for line in result.lines}
    assert by["z"].crossovers == ()
    distances = {k: abs(line.nearest.weight - line.current) for k, line in by.items() if line.nearest}
    assert result.focus.criterion == min(distances, key=distances.get)
    assert result.focus.crossover == by[result.focus.criterion].nearest


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="values must be"):
        from_values([[1.0, 2.0]], [0.5, 0.5], alternatives="AB", criteria="xy")
    with pytest.raises(ValueError, match="weights must be"):
        from_values([[1.0, 2.0]], [0.0, 0.0], alternatives="A", criteria="xy")
    with pytest.raises(ValueError, match="points"):
        from_values([[1.0, 2.0]], [1, 1], alternatives="A", criteria="xy", points=1)
    incomplete = Study(name="s", alternatives=(Alternative("A"), Alternative("B")),
                       criteria=(Criterion("x", "max", 1.0), Criterion("y", "max", 1.0, source="allocation")),
                       scores=np.array([[1.0, np.nan], [0.0, np.nan]]))
    with pytest.raises(IncompleteStudy):
        weight_sensitivity(incomplete, [0.5, 0.5])


def test_weights_object_and_the_settings_method_do_not_matter(studies):
    """A `Weights` works as well as its numbers; the lines are MAVT's whatever Settings `method` says."""
    study = studies["variants"]
    settled = dataclasses.replace(study, settings={**study.settings, "method": "topsis"})
    a = weight_sensitivity(study, Weights("direct", tuple(study.criterion_names), study.weights))
    b = weight_sensitivity(settled, study.weights)
    assert a.to_dict() == b.to_dict()


# --- a property over random small studies ----------------------------------------------------------


@st.composite
def small_studies(draw):
    m = draw(st.integers(2, 4))
    n = draw(st.integers(1, 4))
    scores = draw(st.lists(st.lists(st.integers(0, 4), min_size=n, max_size=n), min_size=m, max_size=m))
    weights = draw(st.lists(st.integers(0, 5), min_size=n, max_size=n).filter(lambda w: sum(w) > 0))
    directions = draw(st.lists(st.sampled_from(["max", "min"]), min_size=n, max_size=n))
    return study_of(scores, weights, low=0.0, high=4.0, directions=directions)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(study=small_studies())
@example(study=study_of([[2, 2, 0], [3, 0, 0], [0, 4, 4]], [4, 2, 1], low=0.0, high=4.0,
                        directions=["max"] * 3))  # three alternatives tied now (found by CI)
def test_every_crossover_flips_the_grids_argmax_and_no_flip_goes_unmarked(study):
    """On each criterion's grid: the argmax at the grid points on either side of a crossover differ
    (the top below is first just below, the top above just above, when nothing else crosses between
    them); wherever the argmax changes between neighbouring grid points, a crossover lies there
    or the two alternatives are tied; and the crossovers next to the current weight are the
    threshold analysis's flip weights."""
    result = weight_sensitivity(study, study.weights)
    grid, margin = result.grid, 1e-6
    for line in result.lines:
        values = line.values
        best = np.argmax(values, axis=1)
        weights = [c.weight for c in line.crossovers]
        assert weights == sorted(weights) and all(0 < w < 1 or w == line.current for w in weights)
        for c in line.crossovers:
            left, right = np.flatnonzero(grid < c.weight - margin), np.flatnonzero(grid > c.weight + margin)
            if left.size == 0 or right.size == 0:
                continue
            k, r = left[-1], right[0]
            assert best[k] != best[r], (line.criterion, c)
            alone = sum(grid[k] - margin <= w <= grid[r] + margin for w in weights) == 1
            if alone:
                i, o = study.alternative_names.index(c.from_), study.alternative_names.index(c.to)
                assert values[k, i] >= values[k].max() - 1e-12 and values[r, o] >= values[r].max() - 1e-12
        for k in np.flatnonzero(best[1:] != best[:-1]):
            a, b = best[k], best[k + 1]
            marked = any(grid[k] - margin <= w <= grid[k + 1] + margin for w in weights)
            tied = min(abs(values[k, a] - values[k, b]), abs(values[k + 1, a] - values[k + 1, b])) <= 1e-9
            assert marked or tied, (line.criterion, grid[k])
    assert_thresholds_agree(study, study.weights, new_tops=False, skip_twins=True)

"""The optional allocation sheets (AidCurve, AidLinks, AidEffects), the Criteria column `source`,
and the ranking facade filling an allocation criterion: read right, one exact line per problem."""

from __future__ import annotations

import numpy as np
import pytest

import tests.workbooks as W
from decision.pipeline import allocate
from decision.pipeline.ranked import rank_study
from decision.errors import InputError
from decision.model import AidLink
from decision.ranking import rank
from decision.workbook.read import read_study

CURVE = [["category", "units", "strength"],
         ["air defense", 10, 35], ["air defense", 4, 20], ["air defense", 0, 0], ["Training", 20, 18]]
LINKS = [["category", "requires", "ratio"], ["air defense", "training", 2]]
EFFECTS = [["category", "Guarantees", "Zone", "Baseline"], ["air defense", 1.2, 0.8, 1]]


def read(tmp_path, needs=("ranking", "allocation"), **changes):
    return read_study(W.base(tmp_path, **changes), needs=needs)


def errors(tmp_path, needs=("ranking", "allocation"), **changes) -> list[str]:
    with pytest.raises(InputError) as info:
        read(tmp_path, needs, **changes)
    return info.value.lines


def test_a_v1_workbook_has_no_curves_links_or_effects(tmp_path):
    study = read(tmp_path)
    assert study.aid_links == () and study.aid_effects is None
    assert all(c.curve == () for c in study.aid) and all(c.source == "" for c in study.criteria)


def test_the_sheets_are_read(tmp_path):
    study = read(tmp_path, AidCurve=CURVE, AidLinks=LINKS, AidEffects=EFFECTS)
    air, training = study.aid
    assert air.curve == ((0.0, 0.0), (4.0, 20.0), (10.0, 35.0))  # sorted, starting at (0, 0)
    assert training.curve == ((0.0, 0.0), (20.0, 18.0))
    assert air.strength(2) == 10 and air.strength(7) == 27.5 and training.strength(5) == 4.5
    assert study.aid_links == (AidLink("air defense", "training", 2.0),)
    np.testing.assert_array_equal(study.aid_effects, [[1.2, 1], [0.8, 1], [1, 1]])  # training: no row, 1
    assert study.warnings == ()


def test_blank_optional_sheets_count_as_absent(tmp_path):
    study = read(tmp_path, AidCurve=[CURVE[0]], AidLinks=[LINKS[0]], AidEffects=[EFFECTS[0]])
    assert study.aid_links == () and study.aid_effects is None


@pytest.mark.parametrize("changes, expected", [
    ({"AidCurve": [*CURVE[:2], ["air defence", 4, 20]]},
     ["study.xlsx: AidCurve!A3: 'air defence' is not a category in Aid (closest: 'air defense')"]),
    ({"AidCurve": [*CURVE[:2], ["air defense", 10, 40]]},
     ["study.xlsx: AidCurve!B3: 10 units of 'air defense' appear twice (also row 2)"]),
    ({"AidCurve": [*CURVE[:2], ["air defense", 0, 3]]},
     ["study.xlsx: AidCurve!C3: a curve starts at (0, 0): the strength of 0 units of 'air defense' must be 0, found 3"]),
    ({"AidCurve": [CURVE[0], ["air defense", 8, 30]]},
     ["study.xlsx: AidCurve!B2: the curve of 'air defense' ends at 8 units but max_units is 10 (Aid!E2): "
      "add a point at 10 units or beyond"]),
    ({"AidCurve": [CURVE[0], ["air defense", -1, 3]]},
     ["study.xlsx: AidCurve!B2: 'units' must be >= 0, found -1"]),
    ({"AidLinks": [*LINKS, ["air defense", "training", 3]]},
     ["study.xlsx: AidLinks!A3: 'air defense' requires 'training' twice (also row 2)"]),
    ({"AidLinks": [LINKS[0], ["training", "Training", 3]]},
     ["study.xlsx: AidLinks!B2: 'training' cannot require itself"]),
    ({"AidLinks": [LINKS[0], ["training", "air defense", 0]]},
     ["study.xlsx: AidLinks!C2: 'ratio' must be > 0, found 0"]),
    ({"AidLinks": [LINKS[0], ["training", "weapons", 1]]},
     ["study.xlsx: AidLinks!B2: 'weapons' is not a category in Aid"]),
    ({"AidEffects": [["item", "Guarantees", "Zone", "Baseline"], ["air defense", 1, 1, 1]]},
     ["study.xlsx: AidEffects!A1: the first column must be 'category', found 'item'"]),
    ({"AidEffects": [["category", "Guarantee", "Zone"], ["air defense", 1, 1]]},
     ["study.xlsx: AidEffects!B1: column 'Guarantee' matches no alternative (closest: 'Guarantees')",
      "study.xlsx: AidEffects!D1: alternative 'Guarantees' has no column",
      "study.xlsx: AidEffects!E1: alternative 'Baseline' has no column"]),
    ({"AidEffects": [*EFFECTS, ["training", 1, None, 1]]},
     ["study.xlsx: AidEffects!C3: blank multiplier of 'training' under 'Zone': expected a number >= 0 (1 = no change)"]),
    ({"AidEffects": [*EFFECTS, ["training", 1, -0.5, 1]]},
     ["study.xlsx: AidEffects!C3: a multiplier must be >= 0, found -0.5"]),
    ({"AidEffects": [*EFFECTS, ["Air Defense", 1, 1, 1]]},
     ["study.xlsx: AidEffects!A3: category 'air defense' appears twice (also row 2)"]),
    ({"AidEffects": [*EFFECTS, ["weapons", 1, 1, 1]]},
     ["study.xlsx: AidEffects!A3: 'weapons' is not a category in Aid"]),
    ({"Aid": None, "AidLinks": LINKS},
     ["study.xlsx: Aid: missing sheet (needed by allocation)", "study.xlsx: AidLinks: needs the Aid sheet "
      "(its rows name aid categories)"]),
])
def test_one_exact_line_per_problem(tmp_path, changes, expected):
    assert errors(tmp_path, **changes) == expected


def test_effects_need_the_alternatives(tmp_path):
    assert errors(tmp_path, needs=("allocation",), Alternatives=None, AidEffects=EFFECTS) == [
        "study.xlsx: AidEffects: needs the Alternatives sheet (its columns name the alternatives)"]


# --- a criterion whose scores come from the allocation ------------------------------------------

CRITERIA = [*W.BASE["Criteria"], ["aid strength", "max", 0.2, "strength points", None, None]]
CRITERIA[0] = [*CRITERIA[0], "source"]
CRITERIA[-1] = [*CRITERIA[-1], "allocation"]
SOURCED = {"Criteria": CRITERIA, "AidEffects": [["category", "Guarantees", "Zone", "Baseline"],
                                                ["air defense", 1.5, 1, 0.5], ["training", 1, 2, 1]]}


def test_a_criterion_from_the_allocation_has_no_scores_column(tmp_path):
    study = read(tmp_path, needs=("ranking",), **SOURCED)
    assert [c.source for c in study.criteria] == ["", "", "", "allocation"]
    assert study.allocation_criteria == [3]
    assert np.isnan(study.scores[:, 3]).all() and not np.isnan(study.scores[:, :3]).any()


def test_ranking_fills_it_with_each_scenarios_optimal_strength(tmp_path):
    """BASE's aid: air defense a (cost 100, 1..10 whole units, strength 5, risk 1) and training t
    (cost 10, 0..20, strength 1, risk 0.2); budget 600, risk cap 5, so a + 0.2 t <= 5.
    Guarantees (x1.5, x1): a = 5 gives 37.5; a = 4, t = 5 gives 35; fewer a less: 37.5.
    Zone (x1, x2): a = 1, t = 20 (cost 300, risk 5) gives 5 + 40 = 45, each a more costs 5 t (-10 + 5).
    Baseline (x0.5, x1): a = 1, t = 20 gives 2.5 + 20 = 22.5.
    MAVT then values them on the observed range 22.5..45 with raw weight 0.2 (of 1.2)."""
    study = read(tmp_path, needs=("ranking",), **SOURCED)
    ranked = rank_study(study, "mavt")
    full = read(tmp_path, **SOURCED)
    strengths = [allocate(full, scenario=s).objective for s in full.alternative_names]
    assert strengths == pytest.approx([37.5, 45, 22.5])
    v = (np.array([37.5, 45, 22.5]) - 22.5) / (45 - 22.5)
    base = rank(read(tmp_path, needs=("ranking",)), "mavt")  # the other criteria, weights 0.4/0.35/0.25
    np.testing.assert_allclose(ranked.scores, (base.scores + 0.2 * v) / 1.2)


def test_its_scores_column_is_an_error(tmp_path):
    scores = [row + [s] for row, s in zip(W.BASE["Scores"], ["aid strength", 1, 2, 3])]
    assert errors(tmp_path, needs=("ranking",), Scores=scores, **SOURCED) == [
        "study.xlsx: Scores!E1: criterion 'aid strength' takes its scores from the allocation "
        "(Criteria source = allocation): remove this column"]


def test_ranking_then_needs_aid_and_settings(tmp_path):
    assert errors(tmp_path, needs=("ranking",), Aid=None, Settings=None, **SOURCED) == [
        "study.xlsx: Aid: missing sheet (needed by criterion 'aid strength' (source = allocation))",
        "study.xlsx: Settings: missing sheet (needed by criterion 'aid strength' (source = allocation))",
        "study.xlsx: AidEffects: needs the Aid sheet (its rows name aid categories)"]
    assert errors(tmp_path, needs=("ranking",), Settings=[["setting", "value"], ["budget", 600]], **SOURCED) == [
        "study.xlsx: Settings: missing setting 'risk_cap' (needed by allocation)"]


def test_a_strength_outside_the_stated_scale_is_an_error(tmp_path):
    criteria = [list(r) for r in CRITERIA]
    criteria[-1][4:6] = [0, 20]
    study = read(tmp_path, needs=("ranking",), **{**SOURCED, "Criteria": criteria})
    with pytest.raises(InputError) as info:
        rank_study(study)
    assert info.value.lines[0].startswith(
        "study.xlsx: Criteria!E5:F5: the aid strength 37.5 under 'Guarantees' lies outside the scale 0..20 of "
        "'aid strength' (source = allocation)")


@pytest.mark.parametrize("procedure", ["entropy", "critic", "merec"])
def test_objective_weights_see_the_filled_scores(tmp_path, procedure):
    """Objective weights are computed from the scores: those of an allocation criterion must be the
    filled strengths, not the NaN placeholders (which gave entropy a weight of 0.77 for it)."""
    from decision.model import IncompleteStudy
    from decision.pipeline import complete, weights_of
    from decision.weights import derive

    study = read(tmp_path, needs=("ranking",), **SOURCED)
    filled = complete(study)
    assert not np.isnan(filled.scores).any()
    np.testing.assert_allclose(weights_of(study, procedure).values, derive(filled, procedure).values)
    assert np.isfinite(weights_of(study, procedure).values).all()
    with pytest.raises(IncompleteStudy):  # the analysis itself takes complete studies only
        derive(study, procedure)


def test_objective_weights_without_a_feasible_plan_are_an_input_error(tmp_path):
    from decision.pipeline import weights_of as derive

    study = read(tmp_path, needs=("ranking",), Settings=[["setting", "value"], ["budget", 50], ["risk_cap", 5]],
                 **SOURCED)
    with pytest.raises(InputError) as info:
        derive(study, "entropy")
    assert info.value.lines == ["study.xlsx: entropy weights need the scores of 'aid strength' (source = "
                                   "allocation), but no aid package fits: the minimum purchases cost 100 but the "
                                   "budget is 50"]
    assert derive(study, "direct").values.shape == (4,)  # weights that do not read the scores need no plan

"""The reader: one exact error line per problem, naming the cell, all problems at once."""

from __future__ import annotations

import copy
import json
import zipfile

import numpy as np
import pytest

from decision.workbook.read import read_study
from tests import workbooks as W
from tests.workbooks import errors_of


def test_valid_workbook_reads_every_sheet(tmp_path):
    study = read_study(W.base(tmp_path), needs=("ranking", "allocation"))
    assert study.alternative_names == ["Guarantees", "Zone", "Baseline"]
    assert study.criterion_names == ["deterrence", "escalation", "cost"]
    np.testing.assert_array_equal(study.scores, [[8, 6, 30], [6, 3, 50], [2, 5, 10]])
    np.testing.assert_allclose(study.weights, [0.4, 0.35, 0.25])
    assert list(study.maximize) == [True, False, False]
    low, high = study.value_scale()
    np.testing.assert_array_equal(low, [0, 0, 10])  # cost: observed range 10..50
    np.testing.assert_array_equal(high, [10, 10, 50])
    assert [a.name for a in study.aid] == ["air defense", "training"]
    assert study.aid[0].integer and not study.aid[1].integer
    assert study.settings == {"budget": 600, "risk_cap": 5}
    assert study.warnings == ()
    assert len(study.sha256) == 64


def test_names_match_ignoring_case_and_spaces(tmp_path):
    content = W.sheets()
    content["scores "] = content.pop("Scores")
    content["scores "][0] = [" Alternative", "DETERRENCE ", "Escalation", "cost"]
    content["scores "][1][0] = " guarantees "
    content["Criteria"][0][1] = "Direction"
    study = read_study(W.write(tmp_path / "s.xlsx", content))
    assert study.scores[0].tolist() == [8, 6, 30]


def test_extra_sheets_and_columns_are_ignored(tmp_path):
    content = W.sheets()
    content["Notes"] = [["anything", "goes"]]
    content["Alternatives"] = [row + [x] for row, x in zip(content["Alternatives"], ["owner", "a", "b", "c"])]
    assert read_study(W.write(tmp_path / "s.xlsx", content)).alternative_names[0] == "Guarantees"


def test_weights_not_summing_to_one_are_normalized_with_a_warning(tmp_path):
    criteria = copy.deepcopy(W.BASE["Criteria"])
    for row, w in zip(criteria[1:], (40, 35, 25)):
        row[2] = w
    study = read_study(W.base(tmp_path, Criteria=criteria))
    np.testing.assert_allclose(study.weights, [0.4, 0.35, 0.25])
    assert study.warnings == ("study.xlsx: Criteria!C2:C4: weights sum to 100, not 1; normalized to sum 1",)


def test_blank_weight_column_is_allowed_for_other_weighting_methods(tmp_path):
    criteria = [row[:2] + [None] + row[3:] if i else row for i, row in enumerate(W.BASE["Criteria"])]
    study = read_study(W.base(tmp_path, Criteria=criteria))
    assert not study.has_weights


# --- one test per bad input, asserting its exact line ------------------------------------


def test_text_in_a_number_cell(tmp_path):
    scores = copy.deepcopy(W.BASE["Scores"])
    scores[2][2] = "high"
    assert errors_of(W.base(tmp_path, Scores=scores)) == ["study.xlsx: Scores!C3: expected a number, found 'high'"]


def test_blank_score(tmp_path):
    scores = copy.deepcopy(W.BASE["Scores"])
    scores[3][3] = None
    assert errors_of(W.base(tmp_path, Scores=scores)) == [
        "study.xlsx: Scores!D4: blank score of 'Baseline' on 'cost': expected a number"
    ]


def test_non_finite_number(tmp_path):
    scores = copy.deepcopy(W.BASE["Scores"])
    scores[1][1] = "inf"
    assert errors_of(W.base(tmp_path, Scores=scores)) == ["study.xlsx: Scores!B2: expected a finite number, found 'inf'"]


def test_formula_without_cached_value(tmp_path):
    scores = copy.deepcopy(W.BASE["Scores"])
    scores[1][3] = "=B2*2"  # openpyxl writes no cached value
    assert errors_of(W.base(tmp_path, Scores=scores)) == [
        "study.xlsx: Scores!D2: expected a number, found the formula '=B2*2' without a computed value"
    ]


def test_missing_sheet(tmp_path):
    assert errors_of(W.base(tmp_path, Scores=None)) == ["study.xlsx: Scores: missing sheet (needed by ranking)"]


def test_missing_sheet_with_a_typo(tmp_path):
    content = W.sheets()
    content["Scroes"] = content.pop("Scores")
    assert errors_of(W.write(tmp_path / "s.xlsx", content)) == [
        "s.xlsx: Scores: missing sheet (needed by ranking) (found 'Scroes': a typo?)"
    ]


def test_allocation_sheets_needed_only_by_allocation(tmp_path):
    path = W.base(tmp_path, Aid=None, Settings=None)
    read_study(path)  # ranking alone is fine
    assert errors_of(path, needs=("allocation",)) == [
        "study.xlsx: Aid: missing sheet (needed by allocation)",
        "study.xlsx: Settings: missing sheet (needed by allocation)",
    ]


def test_missing_column_with_a_typo(tmp_path):
    criteria = copy.deepcopy(W.BASE["Criteria"])
    criteria[0][1] = "directon"
    assert errors_of(W.base(tmp_path, Criteria=criteria)) == [
        "study.xlsx: Criteria!B1: missing column 'direction' (found 'directon': a typo?)"
    ]


def test_missing_column_without_a_lookalike(tmp_path):
    criteria = [row[:1] + row[2:] for row in W.BASE["Criteria"]]
    assert errors_of(W.base(tmp_path, Criteria=criteria)) == ["study.xlsx: Criteria!F1: missing column 'direction'"]


def test_duplicate_names(tmp_path):
    alternatives = copy.deepcopy(W.BASE["Alternatives"]) + [["zone ", "again"]]
    assert errors_of(W.base(tmp_path, Alternatives=alternatives)) == [
        "study.xlsx: Alternatives!A5: duplicate alternative 'zone' (also row 3)"
    ]


def test_unknown_alternative_in_scores(tmp_path):
    scores = copy.deepcopy(W.BASE["Scores"]) + [["Zoen", 1, 1, 1]]
    assert errors_of(W.base(tmp_path, Scores=scores)) == [
        "study.xlsx: Scores!A5: 'Zoen' is not an alternative in Alternatives (closest: 'Zone')"
    ]


def test_scores_column_matching_no_criterion(tmp_path):
    scores = [row + [x] for row, x in zip(W.BASE["Scores"], ["deterence", 1, 2, 3])]
    assert errors_of(W.base(tmp_path, Scores=scores)) == [
        "study.xlsx: Scores!E1: column 'deterence' matches no criterion (closest: 'deterrence')"
    ]


def test_criterion_without_scores(tmp_path):
    criteria = copy.deepcopy(W.BASE["Criteria"]) + [["sovereignty", "max", 0.1, "", 0, 10]]
    assert errors_of(W.base(tmp_path, Criteria=criteria)) == ["study.xlsx: Scores!E1: criterion 'sovereignty' has no column"]


def test_alternative_without_scores(tmp_path):
    alternatives = copy.deepcopy(W.BASE["Alternatives"]) + [["Ceasefire", ""]]
    assert errors_of(W.base(tmp_path, Alternatives=alternatives)) == [
        "study.xlsx: Scores!A5: alternative 'Ceasefire' has no row"
    ]


def test_negative_weight(tmp_path):
    criteria = copy.deepcopy(W.BASE["Criteria"])
    criteria[2][2] = -0.1
    assert errors_of(W.base(tmp_path, Criteria=criteria)) == ["study.xlsx: Criteria!C3: 'weight' must be >= 0, found -0.1"]


def test_all_zero_weights(tmp_path):
    criteria = [row[:2] + [0] + row[3:] if i else row for i, row in enumerate(W.BASE["Criteria"])]
    assert errors_of(W.base(tmp_path, Criteria=criteria)) == ["study.xlsx: Criteria!C2:C4: weights are all zero"]


def test_partly_blank_weights(tmp_path):
    criteria = copy.deepcopy(W.BASE["Criteria"])
    criteria[3][2] = None
    assert errors_of(W.base(tmp_path, Criteria=criteria)) == [
        "study.xlsx: Criteria!C4: blank weight: give every criterion a weight, or leave them all blank"
    ]


def test_bad_direction(tmp_path):
    criteria = copy.deepcopy(W.BASE["Criteria"])
    criteria[1][1] = "maximize"
    assert errors_of(W.base(tmp_path, Criteria=criteria)) == [
        "study.xlsx: Criteria!B2: 'direction' must be one of max, min, found 'maximize'"
    ]


def test_low_not_below_high(tmp_path):
    criteria = copy.deepcopy(W.BASE["Criteria"])
    criteria[1][4:6] = [10, 10]
    assert errors_of(W.base(tmp_path, Criteria=criteria)) == ["study.xlsx: Criteria!E2: low 10 must be below high 10"]


def test_score_outside_its_scale(tmp_path):
    scores = copy.deepcopy(W.BASE["Scores"])
    scores[1][1] = 12
    assert errors_of(W.base(tmp_path, Scores=scores)) == [
        "study.xlsx: Scores!B2: 12 is outside the scale 0..10 of 'deterrence'"
    ]


def test_min_units_above_max_units(tmp_path):
    aid = copy.deepcopy(W.BASE["Aid"])
    aid[1][3:5] = [5, 2]
    assert errors_of(W.base(tmp_path, Aid=aid)) == ["study.xlsx: Aid!E2: max_units 2 is below min_units 5"]


def test_integer_must_be_yes_or_no(tmp_path):
    aid = copy.deepcopy(W.BASE["Aid"])
    aid[1][5] = "maybe"
    assert errors_of(W.base(tmp_path, Aid=aid)) == ["study.xlsx: Aid!F2: 'integer' must be yes or no, found 'maybe'"]


def test_unknown_setting(tmp_path):
    settings = copy.deepcopy(W.BASE["Settings"]) + [["bugdet", 5]]
    assert errors_of(W.base(tmp_path, Settings=settings)) == [
        "study.xlsx: Settings!A4: unknown setting 'bugdet' (did you mean 'budget'?)"
    ]


def test_not_an_xlsx(tmp_path):
    csv = tmp_path / "scores.xlsx"
    csv.write_text("alternative,deterrence\nA,1\n")
    assert errors_of(csv) == ["scores.xlsx: not an Excel workbook (.xlsx): it is a text file (a CSV renamed to .xlsx?)"]
    other = tmp_path / "other.xlsx"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("hello.txt", "hi")
    assert errors_of(other) == ["other.xlsx: not an Excel workbook (.xlsx): it is a zip archive without a workbook"]
    assert errors_of(tmp_path / "missing.xlsx") == ["missing.xlsx: no such file"]


def test_uncertainty_ranges(tmp_path):
    low = [["alternative", "deterrence", "escalation", "cost"], ["Guarantees", 6, None, 25], ["Zone", 7, 2, None]]
    high = [["alternative", "deterrence", "escalation", "cost"], ["Guarantees", 9, 7, 35]]
    errors = errors_of(W.base(tmp_path, ScoresLow=low, ScoresHigh=high))
    assert errors == ["study.xlsx: ScoresLow!B3: 7 is above the score 6 (Scores!B3)"]
    low[2][1] = 5
    study = read_study(W.base(tmp_path, ScoresLow=low, ScoresHigh=high))
    np.testing.assert_array_equal(study.scores_low, [[6, 6, 25], [5, 2, 50], [2, 5, 10]])
    np.testing.assert_array_equal(study.scores_high, [[9, 7, 35], [6, 3, 50], [2, 5, 10]])
    assert errors_of(W.base(tmp_path, ScoresLow=low)) == [
        "study.xlsx: ScoresLow: given without ScoresHigh: give both sheets, or neither"
    ]


def test_pairwise_reciprocal_and_in_range(tmp_path):
    good = [[None, "deterrence", "escalation", "cost"], ["deterrence", 1, 3, 5], ["escalation", None, 1, 2], ["cost", 0.2, 0.5, 1]]
    study = read_study(W.base(tmp_path, Pairwise=good))
    np.testing.assert_allclose(study.pairwise[1, 0], 1 / 3)  # blank filled with the reciprocal
    bad = copy.deepcopy(good)
    bad[2][1] = 0.5  # should be 1/3
    bad[1][3] = 12
    assert errors_of(W.base(tmp_path, Pairwise=bad)) == [
        "study.xlsx: Pairwise!D2: judgement 12 is outside 1/9..9",
        "study.xlsx: Pairwise!B3: not reciprocal: 0.5 here but 3 in Pairwise!C2 (expected 0.3333)",
    ]
    tolerant = copy.deepcopy(good)
    tolerant[2][1] = 0.33  # 1/3 to a relative tolerance of 1e-2
    tolerant[1][3], tolerant[3][1] = 9, 0.11  # 0.11 stands for 1/9
    read_study(W.base(tmp_path, Pairwise=tolerant))


def test_promethee_preference_needs_its_thresholds(tmp_path):
    criteria = [row + extra for row, extra in zip(W.BASE["Criteria"], [["preference", "q", "p"], ["linear", 1, None], ["level", 2, 1], ["", None, None]])]
    assert errors_of(W.base(tmp_path, Criteria=criteria)) == [
        "study.xlsx: Criteria!I2: preference 'linear' needs the threshold 'p'",
        "study.xlsx: Criteria!H3: q 2 must be below p 1",
    ]
    criteria[1][-2:] = [None, None]
    assert errors_of(W.base(tmp_path, Criteria=criteria))[:2] == [
        "study.xlsx: Criteria!H2: preference 'linear' needs the threshold 'q'",
        "study.xlsx: Criteria!I2: preference 'linear' needs the threshold 'p'",
    ]


def test_every_problem_is_reported_together(tmp_path):
    """All the single-problem cases above, in one workbook: each line appears."""
    content = W.sheets()
    content["Criteria"][1][1] = "maximize"
    content["Criteria"][2][2] = -0.1
    content["Scores"][2][2] = "high"
    content["Scores"][1][3] = "=B2*2"
    content["Scores"].append(["Zoen", 1, 1, 1])
    content["Aid"][1][3:5] = [5, 2]
    content["Settings"].append(["bugdet", 5])
    errors = errors_of(W.write(tmp_path / "all.xlsx", content), needs=("ranking", "allocation"))
    assert errors == [
        "all.xlsx: Criteria!B2: 'direction' must be one of max, min, found 'maximize'",
        "all.xlsx: Criteria!C3: 'weight' must be >= 0, found -0.1",
        "all.xlsx: Scores!D2: expected a number, found the formula '=B2*2' without a computed value",
        "all.xlsx: Scores!C3: expected a number, found 'high'",
        "all.xlsx: Scores!A5: 'Zoen' is not an alternative in Alternatives (closest: 'Zone')",
        "all.xlsx: Aid!E2: max_units 2 is below min_units 5",
        "all.xlsx: Settings!A4: unknown setting 'bugdet' (did you mean 'budget'?)",
    ]


def test_settings_method_and_weights_must_be_known(tmp_path):
    settings = copy.deepcopy(W.BASE["Settings"]) + [["method", "topsys"], ["weights", "nope"]]
    assert errors_of(W.base(tmp_path, Settings=settings)) == [
        "study.xlsx: Settings!B4: unknown method 'topsys' (did you mean 'topsis'?)",
        "study.xlsx: Settings!B5: unknown weights 'nope' (known: direct, equal, swing, roc, rank-sum, "
        "rank-reciprocal, ahp, entropy, critic, merec)",
    ]


def test_a_bad_setting_value_is_reported_once(tmp_path):
    settings = [["setting", "value"], ["budget", True], ["risk_cap", 5]]
    errors = errors_of(W.base(tmp_path, Settings=settings))
    assert len(errors) == 1 and errors[0].startswith("study.xlsx: Settings!B2: ")


def test_weights_whose_sum_overflows_are_refused(tmp_path):
    criteria = [row[:2] + [1e308] + row[3:] if i else row for i, row in enumerate(W.BASE["Criteria"])]
    assert errors_of(W.base(tmp_path, Criteria=criteria)) == [
        "study.xlsx: Criteria!C2:C4: the weights are too large to add up (their sum overflows); scale them down"
    ]


def test_weight_intervals_without_any_criterion_name_are_bad_input_not_a_bug(tmp_path, capsys):
    """Every criterion name blank beside weight_low/weight_high columns: the interval check indexed
    the first named row and crashed (exit 1)."""
    criteria = [["criterion", "direction", "weight", "weight_low", "weight_high"],
                [None, "max", 0.5, 0.1, 0.9], [None, "min", 0.5, 0.1, 0.9]]
    code, out, err = W.run(capsys, "validate", W.base(tmp_path, Criteria=criteria), "--json")
    assert code == 2 and json.loads(out)["status"] == "invalid"
    assert "internal error" not in err

"""Numbers and sizes (docs/bad-input.md, "Numbers and sizes"): every documented range is accepted
at its edge and refused just beyond it, at its cell, with one exact line; text beyond its limit
likewise; and a 40 MB cell is refused in bounded memory."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from decision.errors import InputError
from decision.limits import (MAX_LIMIT, MAX_MAGNITUDE, MAX_NAME_LENGTH, MAX_SAMPLES, MAX_SCORE_MAGNITUDE,
                             MAX_TEXT_LENGTH, MAX_TIME_LIMIT, MAX_UNITS, MIN_MAGNITUDE, MIN_SCORE_MAGNITUDE)
from decision.workbook import schema as S
from decision.workbook.read import read_study
from tests import hostile as H
from tests.workbooks import BASE, base, errors_of, run

ALLOCATION = ("ranking", "allocation")
AID_HEADER = BASE["Aid"][0]


def aid(**air_defense):
    """The base Aid sheet with the first category's cells changed by column name."""
    row = list(BASE["Aid"][1])
    for column, value in air_defense.items():
        row[AID_HEADER.index(column)] = value
    return [AID_HEADER, row, BASE["Aid"][2]]


def settings(**values):
    return [["setting", "value"], *([k, v] for k, v in {"budget": 600, "risk_cap": 5, **values}.items())]


def read(path):
    return read_study(path, needs=ALLOCATION)


def test_the_documented_bounds():
    """The numbers the docs state are the ones the reader applies."""
    assert (MAX_UNITS, MIN_MAGNITUDE, MAX_MAGNITUDE) == (1e9, 1e-9, 1e9)
    assert (MIN_SCORE_MAGNITUDE, MAX_SCORE_MAGNITUDE, MAX_LIMIT) == (1e-15, 1e15, 1e15)
    assert (MAX_SAMPLES, MAX_TIME_LIMIT, MAX_NAME_LENGTH, MAX_TEXT_LENGTH) == (30_000_000, 86_400, 1_000, 32_767)
    assert [S.bound(x) for x in (1e9, 1e-9, 1e15, 1e-15, 30_000_000, 86_400.0)] == \
        ["1e9", "1e-9", "1e15", "1e-15", "30,000,000", "86,400"]


# --- Aid, AidCurve, AidLinks, AidEffects ------------------------------------------------------------


@pytest.mark.parametrize("column, value", [
    ("unit_cost", 1e-9), ("unit_cost", 1e9),
    ("min_units", 0), ("max_units", 1e9),
    ("strength_per_unit", 0), ("strength_per_unit", 1e-9), ("strength_per_unit", 1e9),
    ("risk_per_unit", 0), ("risk_per_unit", 1e-9), ("risk_per_unit", 1e9),
])
def test_aid_numbers_at_their_bounds_are_read(tmp_path, column, value):
    study = read(base(tmp_path, Aid=aid(**{column: value})))
    assert getattr(study.aid[0], column) == value


def test_min_units_at_the_bound_is_read(tmp_path):
    study = read(base(tmp_path, Aid=aid(min_units=1e9, max_units=1e9)))
    assert (study.aid[0].min_units, study.aid[0].max_units) == (1e9, 1e9)


@pytest.mark.parametrize("column, value, line", [
    ("max_units", 1e300, "Aid!E2: 'max_units' must be at most 1e9, found 1e300"),
    ("max_units", 1_000_000_001, "Aid!E2: 'max_units' must be at most 1e9, found 1,000,000,001"),
    ("min_units", 1_000_000_001, "Aid!D2: 'min_units' must be at most 1e9, found 1,000,000,001"),
    ("unit_cost", 9.9e-10, "Aid!C2: 'unit_cost' must be between 1e-9 and 1e9, found 9.9e-10"),
    ("unit_cost", 1_000_000_001, "Aid!C2: 'unit_cost' must be between 1e-9 and 1e9, found 1,000,000,001"),
    ("strength_per_unit", 1e308, "Aid!G2: 'strength_per_unit' must be 0 or between 1e-9 and 1e9, found 1e308"),
    ("strength_per_unit", 9.9e-10, "Aid!G2: 'strength_per_unit' must be 0 or between 1e-9 and 1e9, found 9.9e-10"),
    ("risk_per_unit", 1_000_000_001, "Aid!H2: 'risk_per_unit' must be 0 or between 1e-9 and 1e9, found 1,000,000,001"),
    ("risk_per_unit", 1e-300, "Aid!H2: 'risk_per_unit' must be 0 or between 1e-9 and 1e9, found 1e-300"),
])
def test_aid_numbers_beyond_their_bounds_are_refused_at_their_cell(tmp_path, column, value, line):
    assert errors_of(base(tmp_path, Aid=aid(**{column: value})), ALLOCATION) == [f"study.xlsx: {line}"]


def test_mixed_unit_costs_beyond_the_range_each_get_their_line(tmp_path):
    rows = [AID_HEADER, ["air defense", "battery", 1e-12, 1, 10, "yes", 5, 1], ["training", "cohort", 1e12, 0, 20, "no", 1, 0.2]]
    assert errors_of(base(tmp_path, Aid=rows), ALLOCATION) == [
        "study.xlsx: Aid!C2: 'unit_cost' must be between 1e-9 and 1e9, found 1e-12",
        "study.xlsx: Aid!C3: 'unit_cost' must be between 1e-9 and 1e9, found 1,000,000,000,000",
    ]


def curve(units, strength):
    return [["category", "units", "strength"], ["training", units, strength], ["training", 20, 30]]


def test_curve_points_at_their_bounds_are_read(tmp_path):
    study = read(base(tmp_path, Aid=aid(max_units=1e9), AidCurve=[
        ["category", "units", "strength"], ["air defense", 1e-9, 1e-9], ["air defense", 1e9, 1e9]]))
    assert study.aid[0].curve == ((0.0, 0.0), (1e-9, 1e-9), (1e9, 1e9))


@pytest.mark.parametrize("units, strength, line", [
    (9.9e-10, 1, "AidCurve!B2: 'units' must be 0 or between 1e-9 and 1e9, found 9.9e-10"),
    (10, 1e308, "AidCurve!C2: 'strength' must be 0 or between 1e-9 and 1e9, found 1e308"),
    (10, 1_000_000_001, "AidCurve!C2: 'strength' must be 0 or between 1e-9 and 1e9, found 1,000,000,001"),
    (1e10, 5, "AidCurve!B2: 'units' must be 0 or between 1e-9 and 1e9, found 10,000,000,000"),
])
def test_curve_points_beyond_their_bounds_are_refused(tmp_path, units, strength, line):
    assert errors_of(base(tmp_path, AidCurve=curve(units, strength)), ALLOCATION) == [f"study.xlsx: {line}"]


def test_a_curve_segment_steeper_than_a_per_unit_strength_is_refused(tmp_path):
    """Points within their own ranges can still make a slope of 1e17 (1e8 strength over 1e-9
    units), on which HiGHS failed every frontier; a slope of exactly 1e9 is read."""
    steep = [["category", "units", "strength"], ["air defense", 1e-9, 1e8], ["air defense", 10, 1e9]]
    assert errors_of(base(tmp_path, AidCurve=steep), ALLOCATION) == [
        "study.xlsx: AidCurve!C2: the curve of 'air defense' goes from 0 to 100,000,000 in strength between 0 and "
        "1e-9 units: 1e17 per unit, beyond the limit of 1e9 that strength_per_unit has (the solvers cannot represent "
        "steeper slopes)"]
    falling = [["category", "units", "strength"], ["air defense", 1, 5], ["air defense", 1.5, 1e9], ["air defense", 10, 0]]
    assert errors_of(base(tmp_path, "b.xlsx", AidCurve=falling), ALLOCATION)[0].startswith(
        "b.xlsx: AidCurve!C3: the curve of 'air defense' goes from 5 to 1,000,000,000 in strength between 1 and 1.5 "
        "units: 1,999,999,990 per unit")
    edge = [["category", "units", "strength"], ["air defense", 1, 1e9], ["air defense", 10, 1e9]]
    assert read(base(tmp_path, "c.xlsx", AidCurve=edge)).aid[0].curve[1] == (1.0, 1e9)


@pytest.mark.parametrize("ratio", [1e-9, 1e9])
def test_link_ratios_at_their_bounds_are_read(tmp_path, ratio):
    study = read(base(tmp_path, AidLinks=[["category", "requires", "ratio"], ["air defense", "training", ratio]]))
    assert study.aid_links[0].ratio == ratio


@pytest.mark.parametrize("ratio, found", [(1e12, "1,000,000,000,000"), (9.9e-10, "9.9e-10")])
def test_link_ratios_beyond_their_bounds_are_refused(tmp_path, ratio, found):
    path = base(tmp_path, AidLinks=[["category", "requires", "ratio"], ["air defense", "training", ratio]])
    assert errors_of(path, ALLOCATION) == [f"study.xlsx: AidLinks!C2: 'ratio' must be between 1e-9 and 1e9, found {found}"]


def effects(*multipliers):
    return [["category", "Guarantees", "Zone", "Baseline"], ["air defense", *multipliers]]


def test_effect_multipliers_at_their_bounds_are_read(tmp_path):
    study = read(base(tmp_path, AidEffects=effects(1e9, 1e-9, 0)))
    assert study.aid_effects[:, 0].tolist() == [1e9, 1e-9, 0.0]


@pytest.mark.parametrize("value, found", [(1e300, "1e300"), (1_000_000_001, "1,000,000,001"), (9.9e-10, "9.9e-10")])
def test_effect_multipliers_beyond_their_bounds_are_refused(tmp_path, value, found):
    path = base(tmp_path, AidEffects=effects(1, value, 1))
    assert errors_of(path, ALLOCATION) == [
        f"study.xlsx: AidEffects!C2: a multiplier must be 0 or between 1e-9 and 1e9, found {found}"]


# --- scores and scales ----------------------------------------------------------------------------


def scores(cost_of_zone, sheet="Scores"):
    rows = [list(r) for r in BASE["Scores"]]
    rows[2][3] = cost_of_zone
    return {sheet: rows}


@pytest.mark.parametrize("value", [1e15, -1e15, 1e-15, -1e-15, 0])
def test_scores_at_their_bounds_are_read(tmp_path, value):
    study = read_study(base(tmp_path, **scores(value)))
    assert study.scores[1, 2] == value


@pytest.mark.parametrize("value, found", [
    (1e308, "1e308"), (-1e308, "-1e308"), (1_000_000_000_000_001, "1,000,000,000,000,001"), (-1.5e15, "-1,500,000,000,000,000"),
    (9.9e-16, "9.9e-16"), (-1e-300, "-1e-300"),
])
def test_scores_beyond_their_bounds_are_refused(tmp_path, value, found):
    assert errors_of(base(tmp_path, **scores(value))) == [
        f"study.xlsx: Scores!D3: a score must be 0 or between 1e-15 and 1e15 in magnitude, found {found}"]


@pytest.mark.parametrize("sheet", ["ScoresLow", "ScoresHigh"])
def test_uncertainty_beyond_the_bound_is_refused(tmp_path, sheet):
    other = "ScoresHigh" if sheet == "ScoresLow" else "ScoresLow"
    changes = {**scores(1e16 if sheet == "ScoresHigh" else -1e16, sheet), other: [list(r) for r in BASE["Scores"]]}
    found = "1e16" if sheet == "ScoresHigh" else "-1e16"
    assert errors_of(base(tmp_path, **changes)) == [
        f"study.xlsx: {sheet}!D3: a score must be 0 or between 1e-15 and 1e15 in magnitude, found {found}"]


def test_a_scale_beyond_the_bound_is_refused_once(tmp_path):
    rows = [list(r) for r in BASE["Criteria"]]
    rows[1][5] = 1e16  # high of deterrence, its low given: no 'high is blank' line besides
    assert errors_of(base(tmp_path, Criteria=rows)) == [
        "study.xlsx: Criteria!F2: 'high' must be 0 or between 1e-15 and 1e15 in magnitude, found 1e16"]
    rows[1][4:6] = [-1e15, 1e15]
    assert read_study(base(tmp_path, "ok.xlsx", Criteria=rows)).criteria[0].low == -1e15


def test_overflowing_scores_no_longer_reach_the_methods(tmp_path, capsys):
    """Scores of 1e308 made `rank --method all --json` print NaN: now exit 2, one JSON document."""
    rows = [list(r) for r in BASE["Scores"]]
    for row in rows[1:]:
        row[3] = 1e308
    code, out, err = run(capsys, "rank", base(tmp_path, Scores=rows), "--method", "all", "--json")
    lines = [f"study.xlsx: Scores!D{r}: a score must be 0 or between 1e-15 and 1e15 in magnitude, found 1e308"
             for r in (2, 3, 4)]
    assert code == 2
    assert json.loads(out) == {"status": "invalid", "errors": lines}
    assert err.splitlines() == lines


# --- Settings -------------------------------------------------------------------------------------


def test_limits_and_counts_at_their_bounds_are_read(tmp_path):
    study = read(base(tmp_path, Settings=settings(budget=1e15, risk_cap=1e15, samples=30_000_000, time_limit=86_400)))
    assert (study.budget, study.risk_cap, study.settings["samples"], study.time_limit) == (1e15, 1e15, 30_000_000, 86_400)


@pytest.mark.parametrize("key, value, line", [
    ("budget", 1e16, "Settings!B2: 'budget' must be at most 1e15, found 1e16"),
    ("risk_cap", 1_000_000_000_000_001, "Settings!B3: 'risk_cap' must be at most 1e15, found 1,000,000,000,000,001"),
    ("samples", 30_000_001, "Settings!B4: 'samples' must be at most 30,000,000, found 30,000,001"),
    ("samples", 1_000_000_000, "Settings!B4: 'samples' must be at most 30,000,000, found 1,000,000,000"),
    ("time_limit", 86_400.5, "Settings!B4: 'time_limit' must be at most 86,400, found 86,400.5"),
    ("time_limit", 0, "Settings!B4: 'time_limit' must be > 0, found 0"),
    ("time_limit", -5, "Settings!B4: 'time_limit' must be > 0, found -5"),
    ("time_limit", "soon", "Settings!B4: expected a number, found 'soon'"),
])
def test_settings_beyond_their_bounds_are_refused_at_their_cell(tmp_path, key, value, line):
    path = base(tmp_path, Settings=settings(**{key: value}))
    assert errors_of(path, ALLOCATION) == [f"study.xlsx: {line}"]


def test_time_limit_is_seconds_and_blank_is_not_set(tmp_path):
    assert read(base(tmp_path, Settings=settings(time_limit=0.5))).time_limit == 0.5
    assert read(base(tmp_path, "blank.xlsx", Settings=settings(time_limit=None))).time_limit is None
    assert read(base(tmp_path, "absent.xlsx")).time_limit is None
    assert "time_limit" in [s.name for s in S.SETTINGS_KEYS]


def test_validate_json_on_a_range_error_is_one_document(tmp_path, capsys):
    path = base(tmp_path, Aid=aid(max_units=1e300), Settings=settings(samples=1_000_000_000))
    code, out, err = run(capsys, "validate", path, "--json")
    lines = ["study.xlsx: Aid!E2: 'max_units' must be at most 1e9, found 1e300",
             "study.xlsx: Settings!B4: 'samples' must be at most 30,000,000, found 1,000,000,000"]
    assert code == 2
    assert json.loads(out) == {"status": "invalid", "errors": lines}  # one document, nothing else on stdout
    assert err.splitlines() == lines


# --- text -----------------------------------------------------------------------------------------


def long_name(n: int) -> str:
    return ("Zone " * n)[:n - 1] + "!"


def renamed(name: str, *sheets: str) -> dict:
    """The base study with the alternative 'Zone' renamed in the given sheets."""
    out = H.study()
    for sheet in sheets:
        for row in out[sheet]:
            if row and row[0] == "Zone":
                row[0] = name
    return out


def write(tmp_path, content, name="study.xlsx"):
    """Inline strings (openpyxl would cut text at 32,767 characters without a word)."""
    return H.write(tmp_path / name, H.package(content))


def test_a_name_of_1000_characters_is_read(tmp_path):
    name = long_name(MAX_NAME_LENGTH)
    study = read_study(write(tmp_path, renamed(name, "Alternatives", "Scores")))
    assert study.alternative_names[1] == name


def test_a_name_over_1000_characters_is_refused_at_each_cell(tmp_path):
    name = long_name(MAX_NAME_LENGTH + 1)
    content = renamed(name, "Alternatives", "Scores")
    content["AidEffects"] = [["category", "Guarantees", name, "Baseline"], ["air defense", 1, 1, 1]]
    preview = repr(name[:57] + "...")
    assert errors_of(write(tmp_path, content)) == [
        f"study.xlsx: {where}: expected a name of at most 1,000 characters, found 1,001 ({preview})"
        for where in ("Alternatives!A3", "Scores!A3", "AidEffects!C1")]


@pytest.mark.parametrize("sheet, where", [("Criteria", "Criteria!A2"), ("Aid", "Aid!A2")])
def test_criterion_and_category_names_over_1000_characters_are_refused(tmp_path, sheet, where):
    content = H.study()
    content[sheet][1][0] = "x" * 1_500
    lines = errors_of(write(tmp_path, content), ALLOCATION)
    assert f"study.xlsx: {where}: expected a name of at most 1,000 characters, found 1,500 ('{'x' * 57}...')" in lines
    assert not [line for line in lines if f"{where}:" in line and "expected a name" not in line]


def test_a_criterion_name_in_a_scores_header_over_1000_characters_is_refused(tmp_path):
    content = H.study()
    content["Criteria"][1][0] = content["Scores"][0][1] = "y" * 1_001
    assert errors_of(write(tmp_path, content)) == [
        f"study.xlsx: {where}: expected a name of at most 1,000 characters, found 1,001 ('{'y' * 57}...')"
        for where in ("Criteria!A2", "Scores!B1")]


def test_text_of_32767_characters_is_read(tmp_path):
    content = H.study()
    content["Alternatives"][2][1] = "d" * MAX_TEXT_LENGTH
    assert read_study(write(tmp_path, content)).alternatives[1].description == "d" * MAX_TEXT_LENGTH


@pytest.mark.parametrize("sheet, row, col, where", [
    ("Alternatives", 2, 1, "Alternatives!B3"),  # a description
    ("Scores", 2, 3, "Scores!D3"),  # text in a number cell: this line only, not 'expected a number'
    ("Criteria", 1, 3, "Criteria!D2"),  # a unit
])
def test_text_over_32767_characters_is_refused_at_its_cell(tmp_path, sheet, row, col, where):
    content = H.study()
    content[sheet][row][col] = "t" * (MAX_TEXT_LENGTH + 1)
    assert errors_of(write(tmp_path, content)) == [
        f"study.xlsx: {where}: expected text of at most 32,767 characters (Excel's limit), found 32,768 ('{'t' * 57}...')"]


def test_long_text_in_rationale_and_in_an_ignored_column_is_refused(tmp_path):
    content = H.study()
    content["Rationale"] = [["alternative", "deterrence"], ["Zone", "r" * 40_000]]
    content["Criteria"] = [row + [value] for row, value in zip(content["Criteria"], ["notes", "n" * 50_000, None, None])]
    assert errors_of(write(tmp_path, content)) == [
        f"study.xlsx: Criteria!G2: expected text of at most 32,767 characters (Excel's limit), found 50,000 ('{'n' * 57}...')",
        f"study.xlsx: Rationale!B2: expected text of at most 32,767 characters (Excel's limit), found 40,000 ('{'r' * 57}...')",
    ]


# --- a 40 MB cell, in bounded memory ------------------------------------------------------------------

MEASURE = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stderr.write(done.stderr)
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def forty_megabytes(line_breaks: bool) -> str:
    """40,000,000 characters that do not compress (a zip bomb would be refused before this check);
    with a line break in every fourth character or so, as in pasted documents."""
    text = base64.b64encode(os.urandom(30_000_000)).decode("ascii")
    return text.translate(str.maketrans("ABCDEFGHIJKLMNOP", "\n" * 16)) if line_breaks else text


@pytest.mark.slow
@pytest.mark.parametrize("cell", ["name", "text"])
@pytest.mark.parametrize("command", ["validate", "report"])
def test_a_40_mb_cell_is_refused_in_bounded_memory(tmp_path, cell, command):
    """Before, a 40 MB name with line breaks took 1.8 GB: the message escaped the whole name."""
    content = H.study()
    row, col, where = (2, 0, "Alternatives!A3") if cell == "name" else (2, 1, "Alternatives!B3")
    content["Alternatives"][row][col] = forty_megabytes(line_breaks=cell == "name")
    path = write(tmp_path, content)
    args = ["validate", path] if command == "validate" else ["report", path, "-o", tmp_path / "x.xlsx"]
    decision = Path(sys.executable).with_name("decision")
    done = subprocess.run([sys.executable, "-c", MEASURE, str(decision), *map(str, args)],
                          capture_output=True, text=True, timeout=300)
    code, peak_kb = map(int, done.stdout.split())
    what = "a name of at most 1,000" if cell == "name" else "text of at most 32,767"
    assert peak_kb < 1_000_000, f"peak resident memory {peak_kb:,} kB"
    assert code == 2
    assert f"study.xlsx: {where}: expected {what} characters" in done.stderr
    assert "found 40,000,000 (" in done.stderr
    assert not (tmp_path / "x.xlsx").exists()

"""Broken cells: what spreadsheet programs and people put in a criteria workbook. Each case is read
with a warning saying what was assumed, or refused with one line naming the cell (docs/bad-input.md).
"""

from __future__ import annotations

import copy
import datetime as dt
import json

import numpy as np
import pytest

from decision.cli import main
from decision.errors import InputError
from decision.workbook.read import number_from_text, read_study
from tests import hostile as H
from tests import workbooks as W
from tests.workbooks import errors_of
from tests.hostile import Error, Formula


def build(tmp_path, name="study.xlsx", *, extra=None, merged=None, **changes):
    sheets = H.study(**changes)
    for title, ranges in (merged or {}).items():
        sheets[title] = H.sheet_xml(sheets[title], merged=ranges)
    return H.write(tmp_path / name, H.package(sheets, extra=extra))


def scores_with(**cells) -> list[list]:
    """BASE's Scores with cells replaced, e.g. D2=value."""
    scores = copy.deepcopy(W.BASE["Scores"])
    for ref, value in cells.items():
        scores[int(ref[1:]) - 1][ord(ref[0]) - ord("A")] = value
    return scores


# --- values that are not what they look like ------------------------------------------------


@pytest.mark.parametrize("value, line", [
    (Formula("B2*2"), "Scores!D2: expected a number, found the formula '=B2*2' without a computed value"),
    (Formula("1/0", Error("#DIV/0!")), "Scores!D2: expected a number, found the error value #DIV/0!"),
    (Error("#N/A"), "Scores!D2: expected a number, found the error value #N/A"),
    (True, "Scores!D2: expected a number, found the boolean TRUE"),
    (dt.datetime(2024, 3, 1), "Scores!D2: expected a number, found the date 2024-03-01 (a number formatted as a date?)"),
    ("high", "Scores!D2: expected a number, found 'high'"),
    ("1,234,5", "Scores!D2: expected a number, found '1,234,5'"),
    ("1" * 400, "Scores!D2: expected a finite number, found '" + "1" * 57 + "...'"),
    (int("9" * 400), "Scores!D2: expected a finite number, found '" + "9" * 57 + "...'"),
], ids=["formula without cached value", "cached error", "error value", "boolean", "date", "text", "ambiguous separators",
        "huge number as text", "huge integer"])
def test_values_that_are_not_numbers(tmp_path, value, line):
    assert errors_of(build(tmp_path, Scores=scores_with(D2=value))) == [f"study.xlsx: {line}"]


def test_a_number_formatted_as_a_date(tmp_path):
    """A serial number with a date style (numFmt 14) arrives as a date: an error, with the hint."""
    styles = (f'<styleSheet xmlns="{H.MAIN}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" '
              'applyNumberFormat="1"/></cellXfs></styleSheet>')
    sheets = H.study()
    sheets["Scores"] = H.sheet_xml(sheets["Scores"]).replace('<c r="D2"><v>30</v></c>', '<c r="D2" s="1"><v>45352</v></c>')
    path = H.write(tmp_path / "date.xlsx", H.package(sheets, extra={"xl/styles.xml": styles}))
    assert errors_of(path) == ["date.xlsx: Scores!D2: expected a number, found the date 2024-03-01 (a number formatted "
                               "as a date?)"]


def test_formulas_with_cached_values_are_read(tmp_path):
    """What the spreadsheet program last computed is the value; array formulas too."""
    sheets = H.study(Scores=scores_with(B2=Formula("4*2", 8), D2=Formula("SUM(1,29)", 30)))
    sheets["Scores"] = H.sheet_xml(sheets["Scores"]).replace(
        '<c r="B3"><v>6</v></c>', '<c r="B3"><f t="array" ref="B3">{6}</f><v>6</v></c>')
    study = read_study(H.write(tmp_path / "f.xlsx", H.package(sheets)))
    np.testing.assert_array_equal(study.scores, [[8, 6, 30], [6, 3, 50], [2, 5, 10]])
    assert study.warnings == ()
    sheets["Scores"] = sheets["Scores"].replace("{6}</f><v>6</v>", "{6}</f>")  # the array formula's value not saved
    assert errors_of(H.write(tmp_path / "g.xlsx", H.package(sheets))) == [
        "g.xlsx: Scores!B3: expected a number, found the formula '={6}' without a computed value"]


def test_error_value_where_text_is_expected(tmp_path):
    alternatives = copy.deepcopy(W.BASE["Alternatives"])
    alternatives[2][0] = Error("#REF!")
    assert errors_of(build(tmp_path, Alternatives=alternatives)) == [
        "study.xlsx: Alternatives!A3: expected text, found the error value #REF!",
        "study.xlsx: Scores!A3: 'Zone' is not an alternative in Alternatives",
    ]


# --- numbers typed as text: read, saying what was assumed -------------------------------------


@pytest.mark.parametrize("text, number, taking", [
    ("30", 30, ""),
    (" 30 ", 30, ""),
    ("12%", 0.12, ", taking '%' as per cent"),
    ("12,5 %", 0.125, ", taking ',' as the decimal separator and '%' as per cent"),
    ("1,234", 1234, ", taking ',' as a thousands separator"),
    ("1,234,567.5", 1234567.5, ", taking ',' as a thousands separator"),
    ("1\u00a0234", 1234, ", taking non-breaking spaces as thousands separators"),
    ("1\u202f234,5", 1234.5, ", taking narrow non-breaking spaces as thousands separators and ',' as the decimal separator"),
    ("1 234 567", 1234567, ", taking spaces as thousands separators"),
    ("1.234.567", 1234567, ", taking '.' as a thousands separator"),
    ("1.234,5", 1234.5, ", taking '.' as a thousands separator and ',' as the decimal separator"),
    ("12,5", 12.5, ", taking ',' as the decimal separator"),
    ("1'234", 1234, ", taking apostrophes as thousands separators"),
    ("\u22125", -5, ""),
])
def test_numbers_stored_as_text_are_read_with_a_warning(tmp_path, text, number, taking):
    study = read_study(build(tmp_path, Scores=scores_with(D2=text)))
    assert study.scores[0, 2] == pytest.approx(number, rel=1e-15)
    assert study.warnings == (
        f"study.xlsx: Scores!D2: the number {text.strip()!r} is stored as text; read as {number:.15g}{taking}",)


@pytest.mark.parametrize("text", ["", "%", "1_000", "1,23,4", "1,234,5", "1.234.56", "12 %%", "€5", "5 EUR", "--5"])
def test_text_that_is_not_a_number(text):
    assert number_from_text(text)[0] is None


def test_names_with_non_breaking_spaces_match(tmp_path):
    scores = copy.deepcopy(W.BASE["Scores"])
    scores[2][0] = "\u00a0Zone\u00a0"
    scores[0][2] = "escalation\u00a0"
    study = read_study(build(tmp_path, Scores=scores))
    assert study.scores[1].tolist() == [6, 3, 50] and study.warnings == ()


# --- layout ----------------------------------------------------------------------------------


def test_merged_cells_are_read_as_the_spreadsheet_stores_them(tmp_path):
    """Only the first cell of a merged range holds a value; the others read blank, with a warning,
    and a blank score is then an error naming its cell."""
    alternatives = copy.deepcopy(W.BASE["Alternatives"])
    alternatives[3][1] = None  # Baseline's description merged into Zone's
    scores = scores_with(B3=None)
    path = build(tmp_path, Alternatives=alternatives, Scores=scores, merged={"Alternatives": ["B3:B4"], "Scores": ["B2:B3"]})
    with pytest.raises(InputError) as info:
        read_study(path)
    assert info.value.lines == ["study.xlsx: Scores!B3: blank score of 'Zone' on 'deterrence': expected a number"]
    path = build(tmp_path, Alternatives=alternatives, merged={"Alternatives": ["B3:B4"], "Notes": ["A1:D1"]},
                 Notes=[["Notes on this study"]])  # a sheet the reader does not read: nothing said of it
    study = read_study(path)
    assert study.warnings == (
        "study.xlsx: Alternatives!B3:B4: merged cells: only B3 holds a value, the others read as blank",)
    assert [a.description for a in study.alternatives] == ["binding guarantees", "buffer zone", ""]


def test_extra_blank_rows_and_columns_are_ignored(tmp_path):
    alternatives = [W.BASE["Alternatives"][0], [None], *W.BASE["Alternatives"][1:3], [None, None], [None],
                    W.BASE["Alternatives"][3]]
    scores = [row[:2] + [None] + row[2:] for row in W.BASE["Scores"]]  # a blank column between criteria
    scores = scores[:2] + [[None] * 5] + scores[2:]
    criteria = [row + [None, None] for row in W.BASE["Criteria"]]
    study = read_study(build(tmp_path, Alternatives=alternatives, Scores=scores, Criteria=criteria))
    np.testing.assert_array_equal(study.scores, [[8, 6, 30], [6, 3, 50], [2, 5, 10]])
    assert study.alternative_names == ["Guarantees", "Zone", "Baseline"] and study.warnings == ()


def test_header_not_in_row_one(tmp_path):
    criteria = [[None] * 6] + W.BASE["Criteria"]
    assert errors_of(build(tmp_path, Criteria=criteria)) == [
        "study.xlsx: Criteria!A1: row 1 is blank: the column names must be in row 1"]


@pytest.mark.parametrize("sheet, cell, typo, line", [
    ("Criteria", (0, 1), "directon", "Criteria!B1: missing column 'direction' (found 'directon': a typo?)"),
    ("Criteria", (0, 2), "wieght", "Criteria!C1: missing column 'weight' (found 'wieght': a typo?)"),
    ("Alternatives", (0, 0), "alternatve", "Alternatives!A1: missing column 'alternative' (found 'alternatve': a typo?)"),
    ("Scores", (0, 1), "deterence", "Scores!B1: column 'deterence' matches no criterion (closest: 'deterrence')"),
    ("Scores", (2, 0), "Zoen", "Scores!A3: 'Zoen' is not an alternative in Alternatives (closest: 'Zone')"),
])
def test_header_typos_suggest_the_closest_name(tmp_path, sheet, cell, typo, line):
    rows = copy.deepcopy(W.BASE[sheet])
    rows[cell[0]][cell[1]] = typo
    assert errors_of(build(tmp_path, **{sheet: rows}))[0] == f"study.xlsx: {line}"


def test_a_misspelt_sheet_name(tmp_path):
    sheets = H.study()
    sheets["Scroes"] = sheets.pop("Scores")
    path = H.write(tmp_path / "s.xlsx", H.package(sheets))
    assert errors_of(path) == ["s.xlsx: Scores: missing sheet (needed by ranking) (found 'Scroes': a typo?)"]


# --- the same thing twice, or missing ----------------------------------------------------------


def test_the_same_criterion_twice(tmp_path):
    criteria = copy.deepcopy(W.BASE["Criteria"]) + [["Deterrence ", "max", 0.1, "", 0, 10]]
    assert errors_of(build(tmp_path, Criteria=criteria)) == [
        "study.xlsx: Criteria!A5: duplicate criterion 'Deterrence' (also row 2)"]
    scores = [row + [row[1]] for row in W.BASE["Scores"]]
    assert errors_of(build(tmp_path, Scores=scores)) == [
        "study.xlsx: Scores!E1: criterion 'deterrence' appears twice (also Scores!B1)"]


def test_a_criterion_with_no_scores(tmp_path):
    criteria = copy.deepcopy(W.BASE["Criteria"]) + [["sovereignty", "max", 0.1, "", 0, 10]]
    assert errors_of(build(tmp_path, Criteria=criteria)) == ["study.xlsx: Scores!E1: criterion 'sovereignty' has no column"]
    scores = [row + [value] for row, value in zip(W.BASE["Scores"], ["sovereignty", None, None, None])]
    assert errors_of(build(tmp_path, Criteria=criteria, Scores=scores)) == [
        f"study.xlsx: Scores!E{r}: blank score of '{a}' on 'sovereignty': expected a number"
        for r, a in ((2, "Guarantees"), (3, "Zone"), (4, "Baseline"))]


def test_an_alternative_with_no_scores(tmp_path):
    alternatives = copy.deepcopy(W.BASE["Alternatives"]) + [["Ceasefire", ""]]
    assert errors_of(build(tmp_path, Alternatives=alternatives)) == [
        "study.xlsx: Scores!A5: alternative 'Ceasefire' has no row"]
    scores = copy.deepcopy(W.BASE["Scores"]) + [["Ceasefire"]]
    assert errors_of(build(tmp_path, Alternatives=alternatives, Scores=scores)) == [
        f"study.xlsx: Scores!{c}5: blank score of 'Ceasefire' on '{name}': expected a number"
        for c, name in (("B", "deterrence"), ("C", "escalation"), ("D", "cost"))]


def test_sheets_with_headers_only_or_nothing(tmp_path, capsys):
    """An empty Settings sheet used to raise IndexError (exit 1) under `allocate`."""
    for settings in ([], [["setting", "value"]]):
        path = build(tmp_path, Settings=settings)
        code = main(["allocate", str(path), "--json"])
        out, err = capsys.readouterr()
        assert code == 2 and "Traceback" not in err and json.loads(out)["status"] == "invalid", err


def test_low_given_without_a_high_column(tmp_path):
    """A `low` column without `high` used to raise StopIteration (exit 1)."""
    criteria = [row[:5] for row in W.BASE["Criteria"]]
    assert errors_of(build(tmp_path, Criteria=criteria)) == [
        "study.xlsx: Criteria!F2: 'high' is blank but 'low' is given: give both, or neither",
        "study.xlsx: Criteria!F3: 'high' is blank but 'low' is given: give both, or neither",
    ]


# --- text that would fool a terminal or a report --------------------------------------------


def test_control_characters_and_bidi_overrides_are_removed_with_a_warning(tmp_path):
    alternatives = copy.deepcopy(W.BASE["Alternatives"])
    alternatives[1][0] = "Guaran\u202etees\u0085"
    study = read_study(build(tmp_path, Alternatives=alternatives))
    assert study.alternative_names[0] == "Guarantees"
    assert study.warnings == ("study.xlsx: Alternatives!A2: control characters removed from 1 cell of text",)


def test_a_name_with_a_line_break_stays_on_one_line(tmp_path):
    scores = copy.deepcopy(W.BASE["Scores"]) + [["Zo\nen\n" + "x" * 200, 1, 1, 1]]
    line, = errors_of(build(tmp_path, Scores=scores))
    assert "\n" not in line and "\r" not in line
    assert line == ("study.xlsx: Scores!A5: 'Zo\\nen\\n" + "x" * 51 + "...' is not an alternative in Alternatives")


def test_names_that_look_like_terminal_markup(tmp_path, capsys):
    """rich reads '[/bold]' as a closing tag: printed as a name it raised MarkupError (exit 1)."""
    alternatives = copy.deepcopy(W.BASE["Alternatives"])
    scores = copy.deepcopy(W.BASE["Scores"])
    alternatives[1][0] = scores[1][0] = "[/bold] Guarantees [link=file:///etc/passwd]"
    path = build(tmp_path, Alternatives=alternatives, Scores=scores)
    for command in (["rank"], ["rank", "--method", "all"]):
        code = main([command[0], str(path), *command[1:]])
        out, err = capsys.readouterr()
        assert code == 0, err
        assert "[/bold]" in out


# --- sizes that the reader refuses to allocate --------------------------------------------------


def test_pairwise_matrix_larger_than_the_cell_limit(tmp_path):
    """400 criteria and a Pairwise sheet: the 160,000-judgement matrix is refused before allocating."""
    n = 400
    criteria = [["criterion", "direction", "weight"]] + [[f"c{j}", "max", 1] for j in range(n)]
    scores = [["alternative"] + [f"c{j}" for j in range(n)]] + [[a] + [1.0] * n for a in ("Guarantees", "Zone", "Baseline")]
    pairwise = [[None] + [f"c{j}" for j in range(n)]] + [[f"c{j}", 1] for j in range(n)]
    assert errors_of(build(tmp_path, Criteria=criteria, Scores=scores, Pairwise=pairwise)) == [
        "study.xlsx: Pairwise: 400 criteria need a 400 x 400 matrix of judgements, more than the limit of 100,000 "
        "cells (max_cells)"]


def test_scores_matrix_larger_than_the_cell_limit(tmp_path):
    alternatives = [["alternative"]] + [[f"a{i}"] for i in range(400)]
    criteria = [["criterion", "direction", "weight"]] + [[f"c{j}", "max", 1] for j in range(300)]
    scores = [["alternative", "c0"], ["a0", 1]]
    assert errors_of(build(tmp_path, Alternatives=alternatives, Criteria=criteria, Scores=scores)) == [
        "study.xlsx: Scores: 400 alternatives x 300 criteria need 120,000 scores, more than the limit of 100,000 cells "
        "(max_cells)"]


PAIRWISE = [["criterion", "deterrence", "escalation", "cost"], ["deterrence", 1, 2, 3],
            ["escalation", None, 1, 2], ["cost", None, None, 1]]
EFFECTS = [["category", "Guarantees", "Zone", "Baseline"], ["air defense", 1, 1, 1]]


def _with(rows, row, *values):
    out = copy.deepcopy(rows)
    out[row] = out[row] + list(values)
    return out


@pytest.mark.parametrize("sheets, line", [
    ({"Scores": _with(W.BASE["Scores"], 1, 99)}, "Scores!E1: values below a blank header: name the criterion"),
    ({"Scores": [r + [None, 7] if k == 2 else r for k, r in enumerate(W.BASE["Scores"])]},
     "Scores!F1: values below a blank header: name the criterion"),
    ({"Pairwise": _with(PAIRWISE, 1, 7)}, "Pairwise!E1: values below a blank header: name the criterion"),
    ({"Pairwise": PAIRWISE[:2] + [[None, 1, 1, 1]] + PAIRWISE[2:]},
     "Pairwise!A3: values in a row without a criterion name"),
    ({"AidEffects": _with(EFFECTS, 1, None, 2)}, "AidEffects!F1: values below a blank header: name the alternative"),
])
def test_values_without_a_name_are_reported_not_dropped(tmp_path, sheets, line):
    """A value under a blank (or absent) header cell, or in a row without a name, belongs to
    nothing the reader knows: each grid sheet says where, rather than reading on without it."""
    path = W.write(tmp_path / "study.xlsx", W.sheets(**sheets))
    assert errors_of(path, needs=("ranking", "allocation")) == [f"study.xlsx: {line}"]


@pytest.mark.parametrize("value, found", [
    (True, "the boolean TRUE"),
    (dt.date(2026, 1, 1), "the date 2026-01-01 (a number formatted as a date?)"),
    ("#N/A", "the error value #N/A"),
])
def test_a_setting_says_what_its_value_should_be(tmp_path, value, found):
    """A Settings value is converted by its setting's kind: a budget that is not a number says
    'expected a number' (it said 'expected text', the kind of the whole column)."""
    settings = [["setting", "value"], ["budget", value], ["risk_cap", 5]]
    path = W.write(tmp_path / "study.xlsx", W.sheets(Settings=settings))
    assert errors_of(path, needs=("allocation",)) == [f"study.xlsx: Settings!B2: expected a number, found {found}"]

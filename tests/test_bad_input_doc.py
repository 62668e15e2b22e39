"""docs/bad-input.md, "Numbers and sizes", says what the tool prints: every line quoted in its table
is reproduced here, exactly, and every reproduction here is quoted there (issue 10)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests import hostile as H
from tests.test_input_ranges import aid, settings
from tests.workbooks import BASE, errors_of, run, sheets, write

DOC = Path(__file__).resolve().parents[1] / "docs" / "bad-input.md"
ALLOCATION = ("ranking", "allocation")


def documented() -> list[str]:
    """The lines quoted in the table of the section "Numbers and sizes"."""
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("## Numbers and sizes"):]
    section = section[:section.index("\n## ", 3)] if "\n## " in section[3:] else section
    table = "\n".join(line for line in section.splitlines() if line.startswith("|"))
    return [q for q in re.findall(r"`([^`]+)`", table) if ": " in q and (q.startswith("study.xlsx: ") or q.startswith("--"))]


def scores_with(row: int, col: int, value):
    out = [list(r) for r in BASE["Scores"]]
    out[row][col] = value
    return out


def criteria_with(row: int, col: int, value):
    out = [list(r) for r in BASE["Criteria"]]
    out[row][col] = value
    return out


def alternatives_with(row: int, col: int, value):
    content = H.study()
    content["Alternatives"][row][col] = value
    return content


WORKBOOKS = {  # line -> the sheets that make it (openpyxl for ordinary values, hostile.py for long text)
    "study.xlsx: Aid!E2: 'max_units' must be at most 1e9, found 1e300": sheets(Aid=aid(max_units=1e300)),
    "study.xlsx: Aid!C2: 'unit_cost' must be between 1e-9 and 1e9, found 1e-12": sheets(Aid=aid(unit_cost=1e-12)),
    "study.xlsx: AidLinks!C2: 'ratio' must be between 1e-9 and 1e9, found 1,000,000,000,000":
        sheets(AidLinks=[["category", "requires", "ratio"], ["air defense", "training", 1e12]]),
    "study.xlsx: Aid!G2: 'strength_per_unit' must be 0 or between 1e-9 and 1e9, found 1e308":
        sheets(Aid=aid(strength_per_unit=1e308)),
    "study.xlsx: AidCurve!C2: 'strength' must be 0 or between 1e-9 and 1e9, found 1e308":
        sheets(AidCurve=[["category", "units", "strength"], ["training", 10, 1e308], ["training", 20, 30]]),
    "study.xlsx: AidEffects!C2: a multiplier must be 0 or between 1e-9 and 1e9, found 1e300":
        sheets(AidEffects=[["category", "Guarantees", "Zone", "Baseline"], ["air defense", 1, 1e300, 1]]),
    "study.xlsx: AidCurve!C2: the curve of 'air defense' goes from 0 to 100,000,000 in strength between 0 and 1e-9 "
    "units: 1e17 per unit, beyond the limit of 1e9 that strength_per_unit has (the solvers cannot represent steeper "
    "slopes)":
        sheets(AidCurve=[["category", "units", "strength"], ["air defense", 1e-9, 1e8], ["air defense", 10, 1e9]]),
    "study.xlsx: Scores!D3: a score must be 0 or between 1e-15 and 1e15 in magnitude, found 1e308":
        sheets(Scores=scores_with(2, 3, 1e308)),
    "study.xlsx: Criteria!F2: 'high' must be 0 or between 1e-15 and 1e15 in magnitude, found 1e16":
        sheets(Criteria=criteria_with(1, 5, 1e16)),
    "study.xlsx: Settings!B2: 'budget' must be at most 1e15, found 1e16": sheets(Settings=settings(budget=1e16)),
    "study.xlsx: Settings!B4: 'samples' must be at most 30,000,000, found 1,000,000,000":
        sheets(Settings=settings(samples=1_000_000_000)),
    "study.xlsx: Settings!B4: 'time_limit' must be at most 86,400, found 86,400.5":
        sheets(Settings=settings(time_limit=86_400.5)),
}
LONG_TEXT = {
    "study.xlsx: Alternatives!A3: expected a name of at most 1,000 characters, found 1,001 "
    "('Zone Zone Zone Zone Zone Zone Zone Zone Zone Zone Zone Zo...')": (2, 0, ("Zone " * 201)[:1001]),
    "study.xlsx: Alternatives!B3: expected text of at most 32,767 characters (Excel's limit), found 32,768 "
    "('ttttttttttttttttttttttttttttttttttttttttttttttttttttttttt...')": (2, 1, "t" * 32_768),
}
OPTIONS = {
    "--budget: at most 1e15 (found 1e16)": ["allocate", "--budget", "1e16"],
    "--samples: at most 30,000,000 (found 1,000,000,000,000)": ["robustness", "--samples", "1000000000000"],
    "--points: at most 1,000 (found 1,001)": ["allocate", "--frontier", "risk", "--points", "1001"],
    "--time-limit: expected seconds > 0 and at most 86,400, found 0": ["--time-limit", "0", "allocate"],
}


def test_every_documented_line_has_its_case_here_and_every_case_is_documented():
    assert sorted(documented()) == sorted([*WORKBOOKS, *LONG_TEXT, *OPTIONS])


@pytest.mark.parametrize("line", WORKBOOKS)
def test_the_documented_workbook_line_is_printed(tmp_path, line):
    assert line in errors_of(write(tmp_path / "study.xlsx", WORKBOOKS[line]), ALLOCATION)


@pytest.mark.parametrize("line", LONG_TEXT)
def test_the_documented_text_line_is_printed(tmp_path, line):
    row, col, value = LONG_TEXT[line]
    path = H.write(tmp_path / "study.xlsx", H.package(alternatives_with(row, col, value)))
    assert line in errors_of(path, ALLOCATION)


@pytest.mark.parametrize("line", OPTIONS)
def test_the_documented_option_line_is_printed(capsys, line):
    code, _, err = run(capsys, *OPTIONS[line])
    assert code == 2 and err.splitlines() == [line]

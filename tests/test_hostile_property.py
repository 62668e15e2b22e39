"""Property: whatever is done to a valid workbook (cells changed to other types, rows, columns and
sheets deleted or renamed, bytes of the archive flipped), the command answers with exit 0, 2 or 3,
one JSON document on stdout, no traceback, in bounded time."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from decision.cli import main
from tests import hostile as H
from tests.hostile import Error, Formula

NAME = st.text(alphabet=st.sampled_from("abcXYZ 019_-[]/\u00a0é'\"%,."), min_size=1, max_size=12)
CELL_VALUES = st.one_of(
    st.none(), st.just(""), st.just("   "), st.booleans(), st.integers(-10**20, 10**20),
    st.floats(allow_nan=False, allow_infinity=False), st.sampled_from(["12%", "1,234", "1\u00a0234", "1,5", "high",
                                                                        "[/bold]", "=1+1", "#N/A", "max", "min", "yes"]),
    st.builds(Error, st.sampled_from(["#DIV/0!", "#N/A", "#REF!", "#VALUE!"])),
    st.builds(Formula, st.just("1/0")), st.builds(Formula, st.just("A1*2"), st.floats(0, 10)),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)), NAME)


@st.composite
def studies(draw) -> dict:
    """A valid study: 2-5 alternatives, 1-5 criteria on 0..10 scales, 1-3 aid categories."""
    alternatives = draw(st.lists(NAME, min_size=2, max_size=5, unique_by=lambda s: s.strip().casefold())
                        .filter(lambda names: all(n.strip() for n in names)))
    criteria = draw(st.lists(NAME, min_size=1, max_size=5, unique_by=lambda s: s.strip().casefold())
                    .filter(lambda names: all(n.strip() for n in names)))
    score = st.floats(0, 10, allow_nan=False)
    return {
        "Alternatives": [["alternative", "description"]] + [[a, draw(NAME)] for a in alternatives],
        "Criteria": [["criterion", "direction", "weight", "low", "high"]]
                    + [[c, draw(st.sampled_from(["max", "min"])), draw(st.floats(0.01, 10)), 0, 10] for c in criteria],
        "Scores": [["alternative", *criteria]] + [[a, *(draw(score) for _ in criteria)] for a in alternatives],
        "Aid": [["category", "unit", "unit_cost", "min_units", "max_units", "integer", "strength_per_unit",
                 "risk_per_unit"]]
               + [[f"aid {k}", "unit", draw(st.floats(1, 100)), 0, draw(st.integers(0, 20)), draw(st.sampled_from(["yes", "no"])),
                   draw(st.floats(0, 10)), draw(st.floats(0, 5))] for k in range(draw(st.integers(1, 3)))],
        "Settings": [["setting", "value"], ["budget", draw(st.floats(0, 1000))], ["risk_cap", draw(st.floats(0, 50))]],
    }


@st.composite
def corruptions(draw, sheets: dict) -> tuple[dict, list]:
    """Apply 0-4 changes to the sheets; return them and the byte-level changes for the archive."""
    sheets = {title: [list(row) for row in rows] for title, rows in sheets.items()}
    for _ in range(draw(st.integers(0, 4))):
        title = draw(st.sampled_from(sorted(sheets)))
        rows = sheets[title]
        kind = draw(st.sampled_from(["cell", "cell", "cell", "delete row", "delete column", "delete sheet",
                                     "rename sheet", "rename header", "duplicate row", "blank rows"]))
        if kind == "cell" and rows:
            r = draw(st.integers(0, len(rows) - 1))
            c = draw(st.integers(0, max(len(rows[r]), 1)))
            rows[r] = rows[r] + [None] * (c + 1 - len(rows[r]))
            rows[r][c] = draw(CELL_VALUES)
        elif kind == "delete row" and rows:
            del rows[draw(st.integers(0, len(rows) - 1))]
        elif kind == "delete column" and rows:
            c = draw(st.integers(0, max(len(r) for r in rows)))
            sheets[title] = [row[:c] + row[c + 1:] for row in rows]
        elif kind == "delete sheet" and len(sheets) > 1:
            del sheets[title]
        elif kind == "rename sheet":
            new = draw(st.sampled_from(["scores", "Scroes", " Criteria ", "Sheet1", "Aid", "X" * 31, "Settings"]))
            if new not in sheets:
                sheets[new] = sheets.pop(title)
        elif kind == "rename header" and rows and rows[0]:
            rows[0][draw(st.integers(0, len(rows[0]) - 1))] = draw(NAME)
        elif kind == "duplicate row" and rows:
            rows.append(list(rows[draw(st.integers(0, len(rows) - 1))]))
        elif kind == "blank rows":
            rows.extend([[None]] * draw(st.integers(1, 3)) + [[draw(CELL_VALUES)]])
    flips = draw(st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(1, 255)), max_size=3))
    return sheets, flips


COMMANDS = [["validate"], ["rank"], ["rank", "--method", "topsis"], ["weights"], ["allocate"]]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_any_corrupted_workbook_gets_exit_0_2_or_3_and_one_json_document(data):
    sheets, flips = data.draw(studies().flatmap(corruptions))
    command = data.draw(st.sampled_from(COMMANDS))
    archive = bytearray(H.package(sheets))
    for where, xor in flips:
        archive[int(where * len(archive))] ^= xor
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "study.xlsx"
        path.write_bytes(bytes(archive))
        out, err = io.StringIO(), io.StringIO()
        start = time.perf_counter()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main([command[0], str(path), *command[1:], "--json"])
        elapsed = time.perf_counter() - start
        assert path.read_bytes() == bytes(archive)  # the input is never modified
    event(f"exit {code}")
    assert code in (0, 2, 3), err.getvalue()
    assert "Traceback" not in err.getvalue() and "internal error" not in err.getvalue()
    doc = json.loads(out.getvalue())  # exactly one JSON document
    assert (doc.get("status") in ("invalid",)) == (code == 2)
    if code == 2:
        assert doc["errors"] and all("\n" not in line for line in doc["errors"])
    assert elapsed < 30

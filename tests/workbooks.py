"""Build small criteria workbooks in tests: a valid base that each test breaks in one place."""

from __future__ import annotations

import copy
from pathlib import Path

import openpyxl

BASE = {
    "Alternatives": [
        ["alternative", "description"],
        ["Guarantees", "binding guarantees"],
        ["Zone", "buffer zone"],
        ["Baseline", "neither"],
    ],
    "Criteria": [
        ["criterion", "direction", "weight", "unit", "low", "high"],
        ["deterrence", "max", 0.4, "0-10", 0, 10],
        ["escalation", "min", 0.35, "0-10", 0, 10],
        ["cost", "min", 0.25, "EUR bn", None, None],
    ],
    "Scores": [
        ["alternative", "deterrence", "escalation", "cost"],
        ["Guarantees", 8, 6, 30],
        ["Zone", 6, 3, 50],
        ["Baseline", 2, 5, 10],
    ],
    "Aid": [
        ["category", "unit", "unit_cost", "min_units", "max_units", "integer", "strength_per_unit", "risk_per_unit"],
        ["air defense", "battery", 100, 1, 10, "yes", 5, 1],
        ["training", "cohort", 10, 0, 20, "no", 1, 0.2],
    ],
    "Settings": [
        ["setting", "value"],
        ["budget", 600],
        ["risk_cap", 5],
    ],
}


def sheets(**changes) -> dict:
    """A deep copy of BASE with whole sheets replaced (None removes a sheet)."""
    out = copy.deepcopy(BASE)
    for name, rows in changes.items():
        if rows is None:
            out.pop(name, None)
        else:
            out[name] = rows
    return out


def write(path: Path, content: dict) -> Path:
    """Write `content` ({sheet: rows}) to an .xlsx at `path`; values go in as given (a str starting
    with '=' becomes a formula, as a user typing it would make one)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in content.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
    wb.save(path)
    return path


def base(tmp_path: Path, name: str = "study.xlsx", **changes) -> Path:
    return write(tmp_path / name, sheets(**changes))


def run(capsys, *args) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `decision ARGS` run in-process."""
    from decision.cli import main

    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def errors_of(path, needs=("ranking",)) -> list[str]:
    """The problem lines of reading `path`, which must fail."""
    import pytest

    from decision.errors import InputError
    from decision.workbook.read import read_study

    with pytest.raises(InputError) as info:
        read_study(path, needs=needs)
    return info.value.lines

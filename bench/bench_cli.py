"""Whole-process times of the command on the shipped study, beside `python -c "import skcriteria"`."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from timing import compare, process

PY = sys.executable
DECISION = str(Path(PY).parent / "decision")


def run():
    baseline = process(PY, "-c", "import skcriteria")
    out = Path(tempfile.mkdtemp()) / "report.xlsx"
    for label, args in (
        ("decision validate", ["validate"]),
        ("decision rank", ["rank", "--json"]),
        ("decision rank --method topsis", ["rank", "--method", "topsis", "--json"]),
        ("decision allocate", ["allocate", "--json"]),
        ("decision report", ["report", "-o", str(out), "--force"]),
    ):
        yield compare(label, process(DECISION, *args), baseline, "import skcriteria", repeats=5)

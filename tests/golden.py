"""Golden files: what the `decision` command prints and writes today, recorded so that a refactor
that changes any of it is caught (issue 11, item 1).

Each golden file, `tests/golden/<study>.<group>.json`, holds one command group run on one study:

- studies: the two shipped studies; `tests.workbooks.BASE`; BASE plus a criterion whose scores come
  from the allocation (Criteria `source` = `allocation`, with AidEffects so that the scenarios'
  strengths differ); and two failures (a text score: exit 2; a budget below the minimum purchase:
  exit 3);
- groups: `validate`, `rank` (every method and `all`), `weights` (every procedure, and AHP by the
  geometric mean), `allocate` (default, `--scenario robust`, both frontiers, the budget sweep),
  `robustness` (2,000 samples under each `--weight-info`), `report` (every non-empty cell of every
  sheet).

A command is recorded with its exit code, stdout (the parsed document when it is JSON, else its
lines), its stderr lines, and Python warnings other than deprecations, if any (a user would see
them). Refusals (exit 2, 3) are recorded like results: they are behaviour too.

Normalized, and nothing else: the temporary folder the generated workbooks and reports are written
to (`<tmp>`) and the repository's folder (`<repo>`) in every string; in the report, the time written
(`<time written>`, Summary and Inputs sheets), the versions of the tool and its libraries
(`<version>`, Inputs sheet), and the SHA-256 of a workbook that openpyxl wrote for this run
(`<sha256 of a generated workbook>`, Summary and Inputs: the workbook's zip holds the time it was
written, so its bytes differ from run to run; the shipped studies' hashes are kept). Floats are
stored as produced and compared with a relative tolerance (`first_difference`).

    python -m tests.golden --update [NAME ...]   rewrite the golden files (all, or the named ones)
    python -m tests.golden [NAME ...]            compare, printing the first difference of each
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import math
import sys
import tempfile
import warnings
from pathlib import Path

import tests.workbooks as W

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
REL_TOL = 1e-9
ABS_TOL = 1e-12  # an exact 0 against 1e-17 from another summation order is still equal
MONOTONE_DOWN = ("solves",)  # solver-call counts: may fall (fewer solves), never rise
SAMPLES = "2000"

# --- the studies ---------------------------------------------------------------------------------

# BASE plus "negotiating position": its scores are each scenario's optimal aid strength (no Scores
# column), on a 0..100 scale that holds every strength the budgets swept reach (at most 62.5).
# AidEffects make the scenarios' strengths differ (the shape of tests/test_allocation_cli.SWEEP).
ALLOCATION_CRITERION = W.sheets(
    Criteria=[["criterion", "direction", "weight", "unit", "low", "high", "source"],
              *[[*row, None] for row in W.BASE["Criteria"][1:]],
              ["negotiating position", "max", 0.4, "strength points", 0, 100, "allocation"]],
    AidEffects=[["category", "Guarantees", "Zone", "Baseline"],
                ["air defense", 2, 0.5, 1], ["training", 0.5, 3, 1]],
)
TEXT_SCORE = W.sheets(Scores=[W.BASE["Scores"][0], ["Guarantees", 8, "high", 30], *W.BASE["Scores"][2:]])
INFEASIBLE = W.sheets(Settings=[["setting", "value"], ["budget", 50], ["risk_cap", 5]])  # a battery costs 100

# name -> a committed workbook (Path) or the content to write with tests.workbooks.write (dict)
STUDIES: dict[str, Path | dict] = {
    "scenarios": ROOT / "criteria" / "settlement_scenarios.xlsx",
    "variants": ROOT / "criteria" / "settlement_variants.xlsx",
    "base": W.BASE,
    "base_allocation": ALLOCATION_CRITERION,
    "text_score": TEXT_SCORE,
    "infeasible_budget": INFEASIBLE,
}


def _rank_commands():
    from decision.methods.registry import METHODS

    return [["rank", "WB", "--method", m, "--json"] for m in [*METHODS, "all"]]


def _weights_commands():
    from decision.weights import REGISTRY

    return [*(["weights", "WB", "--method", m, "--json"] for m in REGISTRY),
            ["weights", "WB", "--method", "ahp", "--param", "priority=geometric", "--json"]]


def _allocate_commands():
    return [["allocate", "WB", *extra, "--json"] for extra in
            ([], ["--scenario", "robust"], ["--frontier", "risk"], ["--frontier", "budget"], ["--sweep", "budget"])]


def _robustness_commands():
    return [["robustness", "WB", "--json", "--samples", SAMPLES, "--weight-info", info]
            for info in ("none", "ordinal", "intervals")]


GROUPS = {
    "validate": lambda: [["validate", "WB", "--json"]],
    "rank": _rank_commands,
    "weights": _weights_commands,
    "allocate": _allocate_commands,
    "robustness": _robustness_commands,
    "report": None,  # the report's cells: see _report
}
FULL = tuple(GROUPS)
# The failures: the same document on stdout with --json, and the lines people read without it.
ONLY = {
    "text_score": {"validate": lambda: [["validate", "WB", "--json"], ["validate", "WB"]]},
    "infeasible_budget": {"allocate": lambda: [["allocate", "WB", "--json"], ["allocate", "WB"]]},
}


def names() -> list[str]:
    """Every golden file's name, `<study>.<group>`."""
    out = []
    for study in STUDIES:
        groups = ONLY.get(study, dict.fromkeys(FULL))
        out += [f"{study}.{group}" for group in groups]
    return out


def path_of(name: str) -> Path:
    return GOLDEN / f"{name}.json"


# --- running a command in-process ----------------------------------------------------------------

class _Normalizer:
    def __init__(self, tmp: Path):
        self.pairs = [(str(p), "<tmp>") for p in {tmp, tmp.resolve()}]
        self.pairs += [(str(p), "<repo>") for p in {ROOT, ROOT.resolve()}]
        self.pairs.sort(key=lambda pair: -len(pair[0]))  # the longest first

    def text(self, s: str) -> str:
        for old, new in self.pairs:
            s = s.replace(old, new)
        return s

    def __call__(self, value):
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self(v) for v in value]
        if isinstance(value, dict):
            return {self.text(k): self(v) for k, v in value.items()}
        return value


def run(args: list[str]) -> dict:
    """`decision ARGS` in-process: exit code, stdout (parsed when JSON), stderr lines, and Python
    warnings other than deprecations (sorted, once each; none: no key)."""
    from decision.cli import main

    out, err = io.StringIO(), io.StringIO()
    with warnings.catch_warnings(record=True) as caught, \
            contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        warnings.simplefilter("always")
        code = main([str(a) for a in args])
    record = {"exit": code, "stderr": err.getvalue().splitlines()}
    text = out.getvalue()
    try:
        record["stdout"], record["stdout_format"] = json.loads(text), "json"
    except ValueError:
        record["stdout"], record["stdout_format"] = text.splitlines(), "text"
    shown = sorted({f"{w.category.__name__}: {w.message}" for w in caught
                    if not issubclass(w.category, (DeprecationWarning, PendingDeprecationWarning))})
    if shown:
        record["python_warnings"] = shown
    return record


# --- the report ------------------------------------------------------------------------------------

PROVENANCE_KEPT = ("Input file", "SHA-256")  # the other label rows of the Inputs sheet's first block
TIME_LABEL = "Written (UTC)"  # the Summary and Inputs sheets


def _cell_value(value):
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)  # JSON has no NaN; the report writes "n/a" for these anyway
    return value


def report_cells(path: Path, generated_sha256: str | None = None) -> dict:
    """Every non-empty cell of the report at `path`, per sheet, as [coordinate, value] in row order.

    Replaced by a placeholder, so that their cells are still known to be there: the value beside
    a "Written (UTC)" label (any sheet), the values of the Inputs sheet's first block other than the
    input file and its SHA-256 (the versions of the tool and its libraries), and
    `generated_sha256` (the hash of a workbook written for this run) wherever it appears."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    sheets = {}
    for ws in wb.worksheets:
        cells = []
        in_provenance = ws.title == "Inputs"  # from its title to the first blank row
        for row in ws.iter_rows():
            values = [(c.coordinate, c.value) for c in row if c.value is not None]
            if in_provenance and not values and row[0].row > 2:
                in_provenance = False
            label = row[0].value
            for coordinate, value in values:
                beside_label = coordinate == f"B{row[0].row}" and isinstance(label, str)
                if beside_label and label == TIME_LABEL:
                    value = "<time written>"
                elif beside_label and in_provenance and label not in PROVENANCE_KEPT:
                    value = "<version>"
                elif generated_sha256 and isinstance(value, str):
                    value = value.replace(generated_sha256, "<sha256 of a generated workbook>")
                cells.append([coordinate, _cell_value(value)])
        sheets[ws.title] = cells
    return {"sheet_order": wb.sheetnames, "sheets": sheets}


# --- one golden file -----------------------------------------------------------------------------

def _command_key(args: list[str]) -> str:
    return "decision " + " ".join(args)


def compute(name: str) -> dict:
    """The current content of golden file `name`, normalized and as JSON would give it back."""
    study, group = name.split(".")
    source = STUDIES[study]
    with tempfile.TemporaryDirectory(prefix="golden-") as folder:
        tmp = Path(folder)
        normalize = _Normalizer(tmp)
        if isinstance(source, dict):
            workbook = W.write(tmp / f"{study}.xlsx", source)
        else:
            workbook = source
        doc = {"workbook": normalize(str(workbook)), "generated_workbook": isinstance(source, dict)}
        if group == "report":
            out = tmp / "report.xlsx"
            args = ["report", "WB", "-o", str(out)]
            record = run([str(workbook) if a == "WB" else a for a in args])
            if out.exists():
                generated = hashlib.sha256(workbook.read_bytes()).hexdigest() if isinstance(source, dict) else None
                record.update(report_cells(out, generated))
            doc["commands"] = {_command_key(args): record}
        else:
            commands = ONLY.get(study, GROUPS)[group]()
            doc["commands"] = {_command_key(args): run([str(workbook) if a == "WB" else a for a in args])
                               for args in commands}
        doc = normalize(doc)
    return json.loads(dump(doc))  # tuples as lists, exactly what the file holds


def _encode(value, depth: int) -> str:
    """JSON with sorted keys and an indent of 1, except that a list of scalars stays on one line
    when it is a pair (a report cell's [coordinate, value]: a diff names the cell) or short."""
    if isinstance(value, dict):
        if not value:
            return "{}"
        pad = " " * (depth + 1)
        items = [f"{pad}{json.dumps(k, ensure_ascii=False)}: {_encode(value[k], depth + 1)}" for k in sorted(value)]
        return "{\n" + ",\n".join(items) + "\n" + " " * depth + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        if not any(isinstance(v, (dict, list)) for v in value):
            flat = json.dumps(value, ensure_ascii=False, allow_nan=False)
            if len(value) <= 2 or len(flat) <= 100:
                return flat
        pad = " " * (depth + 1)
        return "[\n" + ",\n".join(pad + _encode(v, depth + 1) for v in value) + "\n" + " " * depth + "]"
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def dump(doc) -> str:
    return _encode(doc, 0) + "\n"


def update(selected: list[str]) -> None:
    GOLDEN.mkdir(exist_ok=True)
    for name in selected:
        path_of(name).write_text(dump(compute(name)), encoding="utf-8")
        print(f"wrote {path_of(name).relative_to(ROOT)}", flush=True)


# --- comparing -----------------------------------------------------------------------------------

def _floats_equal(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=ABS_TOL)


def _step(path: str, key) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    if isinstance(key, str) and key.isidentifier():
        return f"{path}.{key}"
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"


def _show(value) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 200 else text[:197] + "..."


def first_difference(golden, current, path: str = "$", key: str | None = None) -> str | None:
    """Where `current` first departs from `golden` (the JSON path and both values), or None.

    Dicts must have the same keys (compared in sorted order), lists the same length (element by
    element first, so the first differing element is named before a length mismatch), strings,
    booleans, None and whole numbers (int) must be equal, and an int is not a float (JSON prints
    `1` and `1.0` differently). Floats are equal within a relative tolerance of 1e-9 (REL_TOL; and
    an absolute 1e-12, ABS_TOL, so that 0 against 1e-17 from another summation order passes), so
    an equivalent summation order does not fail.

    One exception, for the refactor of the solving: under a key named "solves" (solver calls in the
    frontier and sweep JSON), the current number may be lower than or equal to the golden one (fewer
    solves are welcome), never higher.
    """
    if key in MONOTONE_DOWN and _is_number(golden) and _is_number(current):
        if current <= golden:
            return None
        return f"{path}: {current!r} solves, more than the golden {golden!r} (solves may only go down)"
    if isinstance(golden, bool) or isinstance(current, bool) or golden is None or current is None:
        if type(golden) is type(current) and golden == current:
            return None
        return f"{path}: golden {_show(golden)}, current {_show(current)}"
    if type(golden) is not type(current):
        return (f"{path}: golden {_show(golden)} ({type(golden).__name__}), "
                f"current {_show(current)} ({type(current).__name__})")
    if isinstance(golden, dict):
        for k in sorted(set(golden) | set(current)):
            if k not in current:
                return f"{_step(path, k)}: missing (golden {_show(golden[k])})"
            if k not in golden:
                return f"{_step(path, k)}: not in the golden file (current {_show(current[k])})"
            found = first_difference(golden[k], current[k], _step(path, k), k)
            if found:
                return found
        return None
    if isinstance(golden, list):
        for i, (g, c) in enumerate(zip(golden, current)):
            found = first_difference(g, c, _step(path, i))
            if found:
                return found
        if len(golden) != len(current):
            extra = (f"first extra {_show(current[len(golden)])}" if len(current) > len(golden)
                     else f"first missing {_show(golden[len(current)])}")
            return f"{path}: {len(golden)} items in the golden file, {len(current)} now ({extra})"
        return None
    if isinstance(golden, float):
        if _floats_equal(golden, current):
            return None
        return f"{path}: golden {golden!r}, current {current!r} (beyond a relative tolerance of {REL_TOL:g})"
    if golden == current:
        return None
    return f"{path}: golden {_show(golden)}, current {_show(current)}"


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check(name: str) -> str | None:
    """The first difference between golden file `name` and what the command does now, or None."""
    path = path_of(name)
    if not path.exists():
        return f"{path.relative_to(ROOT)} is missing: run python -m tests.golden --update {name}"
    found = first_difference(json.loads(path.read_text(encoding="utf-8")), compute(name))
    return None if found is None else f"{path.relative_to(ROOT)}: {found}"


def main(argv: list[str]) -> int:
    updating = "--update" in argv
    selected = [a for a in argv if a != "--update"] or names()
    unknown = sorted(set(selected) - set(names()))
    if unknown:
        print(f"unknown golden files: {', '.join(unknown)} (known: {', '.join(names())})", file=sys.stderr)
        return 2
    if updating:
        update(selected)
        return 0
    failed = 0
    for name in selected:
        found = check(name)
        print(f"{name}: {found or 'same'}", flush=True)
        failed += found is not None
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""`decision allocate --export-model PATH`: the model as an .lp or .mps file for another solver.

PuLP writes the file (LP with its Maximize/Minimize section; free MPS with an OBJSENSE section,
which plain MPS lacks), and a comment block first says what each variable means, since PuLP's
names (x0, d0_1, ...) cannot carry the categories' names safely. Written atomically.
"""

from __future__ import annotations

from pathlib import Path

from decision.allocation.model import build_model
from decision.allocation.problem import AidProblem
from decision.errors import InputError, option
from decision.xlsx_out import save_atomically

FORMATS = (".lp", ".mps")


def model_format(path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise InputError(f"{option('export_model')}: {path}: the file name must end in .lp or .mps")
    return suffix


def legend(p: AidProblem) -> list[str]:
    """What the variables and rows are, one line each."""
    lines = [f"decision aid allocation: maximize {'the worst-case strength over the scenarios' if p.robust else 'strength'}"
             + (f" under scenario '{p.objective}'" if p.objective and not p.robust else ""),
             "rows: budget, risk (limits); link<j> (prerequisites); curve<i>, fill<i>_<j>, open<i>_<j> (strength "
             "curves); scenario<s> (robust: worst_case <= strength under scenario s)"]
    lines += [f"x{i} = units of {c.name}" + (f"; d{i}_<j> = units on segment j of its strength curve" if c.curve else "")
              for i, c in enumerate(p.categories)]
    if p.robust:
        lines += [f"scenario{s} = {name}" for s, name in enumerate(p.scenarios)]
    return lines


def export_model(p: AidProblem, path) -> Path:
    """Write the model of `p` to `path` (.lp or .mps); returns the path."""
    suffix = model_format(path)
    model = build_model(p)
    path = Path(path)

    def write(tmp):
        if suffix == ".lp":
            model.problem.writeLP(tmp)
            mark = "\\ "
        else:
            model.problem.writeMPS(tmp, with_objsense=True)
            mark = "* "
        body = Path(tmp).read_text(encoding="utf-8")
        comments = "".join(f"{mark}{' '.join(line.split())}\n" for line in legend(p))  # one line each, whatever the names hold
        Path(tmp).write_text(comments + body, encoding="utf-8")

    save_atomically(path, write)
    return path

"""The two kinds of failure a user causes, as opposed to bugs, and the one shape of a problem.

`InputError` (exit 2) carries every `Problem` found. A problem says what was wrong and where, as
precisely as its finder knows: the file, the sheet and cell (the reader), or the row and column it
concerns (an analysis, which knows a criterion and a field but not the workbook's layout; the study
maps them to a cell with the reader's record), or the option (a parameter's name such as
`weight_info`). Its printed line (DESIGN.md: `settlement.xlsx: Scores!C4: ...`) is made from those
fields; an option is printed as the running command names it (`--weight-info`), or as the
parameter's own name outside a command. `NoSolution` (exit 3) says why an optimization has no answer
and what would make it feasible. Anything else that escapes is a bug (exit 1).
"""

from __future__ import annotations

import contextlib
import re
from contextvars import ContextVar
from dataclasses import dataclass, fields
from typing import Callable, Iterable

_MARK = re.compile("\u27e6([a-z_]+)\u27e7")
_NAMES: ContextVar[Callable[[str], str] | None] = ContextVar("option_names", default=None)


def option(name: str) -> str:
    """The option `name` (a parameter, e.g. `weight_info`) inside a message: printed as the running
    command's flag for it, or as the parameter's name when no command runs."""
    return f"\u27e6{name}\u27e7"


def named(text: str) -> str:
    """`text` with each option in it printed as the running command names it."""
    names = _NAMES.get()
    return _MARK.sub(lambda m: names(m[1]) if names else m[1], text)


@contextlib.contextmanager
def option_names(names: Callable[[str], str]):
    """While a command runs: how it names each option (`weight_info` -> `--weight-info`)."""
    token = _NAMES.set(names)
    try:
        yield
    finally:
        _NAMES.reset(token)


@dataclass(frozen=True)
class Problem:
    """One thing wrong, with None where a field does not apply. `cell` may be a range (`C2:C7`);
    `row` and `column` name what an analysis found wrong where it knows no cell (a criterion and a
    field such as `rank`); `option` is a parameter's name, `key` the key of a key=value option."""

    message: str
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    row: str | None = None
    column: str | None = None
    option: str | None = None
    key: str | None = None  # the key of a key=value option (a method's parameter `lambda`)

    @property
    def where(self) -> str | None:
        """`Sheet!C4`, or the sheet alone when no cell is known."""
        if self.sheet is None:
            return None
        return f"{self.sheet}!{self.cell}" if self.cell else self.sheet

    def __str__(self) -> str:
        subject = option(self.option) + (f" {self.key}" if self.key else "") if self.option else None
        parts = [self.file, self.where, subject, self.message]
        return named(": ".join(p for p in parts if p))

    def to_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)} | {"line": str(self)}


def bad_option(name: str, message: str, key: str | None = None) -> Problem:
    """A problem with the option `name` (a parameter's name; `key` for a key=value option)."""
    return Problem(message, option=name, key=key)


def as_problem(problem: Problem | str) -> Problem:
    return problem if isinstance(problem, Problem) else Problem(problem)


class InputError(Exception):
    """Bad input: a workbook, a file or an argument. Holds every problem found."""

    def __init__(self, problems: Problem | str | Iterable[Problem | str]):
        if isinstance(problems, (str, Problem)):
            problems = [problems]
        self.problems = [as_problem(p) for p in problems]
        super().__init__(self.problems)

    @property
    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]

    def __str__(self) -> str:
        return "\n".join(self.lines)


class NoSolution(Exception):
    """The optimization has no answer: infeasible, the solver failed twice ("failed"), or the time
    limit ran out before any plan was found ("stopped"); with the reasons, as problems."""

    def __init__(self, status: str, reasons: Problem | str | Iterable[Problem | str], relaxations: dict | None = None):
        self.status = status
        self.problems = [as_problem(r) for r in ([reasons] if isinstance(reasons, (str, Problem)) else reasons)]
        self.relaxations = relaxations
        super().__init__(self.problems)

    @property
    def reasons(self) -> list[str]:
        """The problems' lines."""
        return [str(p) for p in self.problems]

    def __str__(self) -> str:
        return "; ".join(self.reasons)

    def to_dict(self) -> dict:
        out = {"status": self.status, "errors": self.reasons}
        if self.relaxations is not None:
            out["relaxations"] = self.relaxations
        return out


class NotApplicable(Exception):
    """A method cannot run on this data (e.g. WSM with `min` criteria); the reason is for people."""

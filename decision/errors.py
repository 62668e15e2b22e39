"""The two kinds of failure a user causes, as opposed to bugs.

`InputError` (exit 2) carries every problem found, each already a line for people in DESIGN.md's
format (`settlement.xlsx: Scores!C4: ...`). `NoSolution` (exit 3) says why an optimization has no
answer and what would make it feasible. Anything else that escapes is a bug (exit 1).
"""

from __future__ import annotations


class InputError(Exception):
    """Bad input: a workbook, a file or an argument. Holds one line per problem."""

    def __init__(self, problems):
        if isinstance(problems, str):
            problems = [problems]
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class NoSolution(Exception):
    """The optimization has no answer: infeasible, the solver failed twice ("failed"), or the time
    limit ran out before any plan was found ("stopped"); with the reasons."""

    def __init__(self, status: str, reasons, relaxations: dict | None = None):
        self.status = status
        self.reasons = [reasons] if isinstance(reasons, str) else list(reasons)
        self.relaxations = relaxations
        super().__init__("; ".join(self.reasons))

    def to_dict(self) -> dict:
        out = {"status": self.status, "errors": self.reasons}
        if self.relaxations is not None:
            out["relaxations"] = self.relaxations
        return out


class NotApplicable(Exception):
    """A method cannot run on this data (e.g. WSM with `min` criteria); the reason is for people."""

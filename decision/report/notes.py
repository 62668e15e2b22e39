"""How a section that could not be computed appears: that it is missing, and why."""

from __future__ import annotations

from decision.report import words
from decision.pipeline.outcomes import Failure
from decision.report.cells import BOLD, SheetWriter


def not_computed(w: SheetWriter, failure: Failure) -> None:
    """A bold 'not computed' line, each reason on its own line, and what would fix an infeasible plan;
    the sheet ends there (its widths are set)."""
    w.ws.cell(row=w.row, column=1).font = BOLD
    w.note(f"The {failure.section} could not be computed:")
    for reason in failure.reasons:
        w.note(reason)
    fix = words.relaxations(failure.relaxations)
    if fix:
        w.note(fix)
    w.finish()

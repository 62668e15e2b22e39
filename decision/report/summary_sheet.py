"""The Summary sheet: the one-page brief a decision-maker reads first, printed on one A4 landscape page.

The same brief as the PDF (`decision.brief.content.brief`), in its order: the question, the answer,
how sure, the weights used, the aid package (recommended and robust), the limits, the caveat.
Provenance and solver details are on the Inputs and Allocation sheets.
"""

from __future__ import annotations

from decision.brief.content import brief
from decision.pipeline.outcomes import ReportData
from decision.report import words
from decision.report.cells import SheetWriter

ONE_PAGE = True  # layout.print_setup scales the brief onto one page, whatever its length
WEIGHT = "0.000"
WARNINGS_SHOWN = 5  # the rest: on stderr and the other sheets


def write(ws, data: ReportData) -> None:
    w = SheetWriter(ws)
    b = brief(data)
    w.title(f"Decision report: {b.title}")
    for line in (b.byline, b.classification):
        if line:
            w.note(line)
    w.gap()
    for key, section in zip(("answer", "how sure", "weights", "package", "limits"), b.sections):
        w.heading(section.heading)
        for sentence in section.sentences:
            w.note(sentence)
        if key == "how sure" and data.comparison is not None and data.rankings is not None:
            w.note(words.all_methods(data.rankings.primary, data.comparison)[1])
        if key == "weights" and data.rankings is not None:
            weights_table(w, data)
        elif section.table is not None:
            text_table(w, section.table)
        for sentence in section.notes:
            w.note(sentence)
        if key == "package" and data.allocation is None:
            failure = data.failure("allocation")
            fix = words.relaxations(failure.relaxations) if failure is not None else None
            if fix:
                w.note(f"What would make a package feasible: {fix}")
        w.gap()
    w.heading("Caveat")
    w.note(b.caveat or "The workbook gives no caveat (About sheet, topic 'caveat').")
    problems = [*data.warnings, *data.study.warnings]
    if problems:
        w.gap()
        w.heading("Warnings")
        for line in problems[:WARNINGS_SHOWN]:
            w.note(line)
        if len(problems) > WARNINGS_SHOWN:
            w.note(f"... and {len(problems) - WARNINGS_SHOWN} more (printed by the command; see the other sheets).")
    w.gap()
    w.note("How each figure was reached: the Ranking, Methods, Weights, Robustness and Allocation sheets; where the "
           "report came from (file, SHA-256, versions): the Inputs sheet.")
    w.finish(fixed={1: 34, 2: 24, 3: 24, 4: 30, 5: 24})


def weights_table(w: SheetWriter, data: ReportData) -> None:
    """The weights used, as numbers, in two column pairs beyond four criteria (the page's height)."""
    used = data.rankings.primary.weights
    pairs = list(zip(used.criteria, map(float, used.values)))
    if len(pairs) <= 4:
        w.table(["criterion", "weight"], [list(p) for p in pairs], [None, WEIGHT])
        return
    half = (len(pairs) + 1) // 2
    left, right = pairs[:half], pairs[half:] + [(None, None)] * (2 * half - len(pairs))
    w.table(["criterion", "weight", "", "criterion", "weight"], [[*a, None, *b] for a, b in zip(left, right)],
            [None, WEIGHT, None, None, WEIGHT])  # an empty column between the pairs


def text_table(w: SheetWriter, table) -> None:
    """A table of the brief, its figures already written for people."""
    header = [column.split(" (")[0] for column in table.columns]  # 'recommended': the sentence above names its scenario
    w.table(header, [list(row) for row in table.rows])  # aligned by the layout, like every table


__all__ = ["ONE_PAGE", "write"]

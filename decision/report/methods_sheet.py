"""The Methods sheet: every ranking method side by side, how far they agree, the consensus, and
how each method reached its scores on this study: its working, the intermediate tables the method
returns (`extra["tables"]`, decision/tables.py), so the report shows the figures the code
computed and cannot drift from it.
"""

from __future__ import annotations

from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.utils import get_column_letter

from decision.comparison import Comparison
from decision.methods.registry import METHODS
from decision.tables import ALTERNATIVE
from decision.report import words
from decision.pipeline.outcomes import ReportData
from decision.report.cells import BOLD, SCORE, WHOLE, SheetWriter, Table
from decision.report.charts import bar_chart, place, plot_columns
from decision.report.notes import not_computed

CHART_ROWS = 22  # rows kept free for a chart of the default size (10 cm)
# A method's working is shown for studies of at most this many scores (alternatives x criteria): a
# dozen methods with several tables each multiply the cells, and openpyxl writes about 50,000 a second.
WORKING_SCORES = 2_000


def write(ws, data: ReportData) -> None:
    w = SheetWriter(ws)
    w.title(f"Methods: {data.study.name}")
    if data.comparison is None:
        return not_computed(w, data.failure("ranking"))
    c, primary = data.comparison, data.rankings.primary
    w.note(f"Every ranking method, each at its default parameters, with the same {primary.weights.method} weights "
           f"as the Ranking sheet. Rank 1 is best; alternatives that tie share a rank.")
    w.gap()
    order = [int(i) for i in primary.order]
    ranks = ranks_table(w, c, order)
    ws.freeze_panes = ws.cell(row=ranks.first_row, column=2)
    w.gap()
    skipped(w, c)
    w.gap()
    scores_table(w, c, order)
    w.gap()
    consensus = consensus_table(w, c, order)
    chart_at = w.row + 1
    w.row += CHART_ROWS
    for title, name, words_ in (
        ("Agreement between methods: Kendall's tau-b", "kendall",
         "Kendall's tau-b of two methods' rankings: 1 = the same order, 0 = unrelated, -1 = reversed; "
         "pairs of alternatives that one method ties count for neither. n/a: a method ties every alternative."),
        ("Agreement between methods: Spearman's rho", "spearman",
         "Spearman's rho: the correlation of the two methods' ranks (ties at their average rank); "
         "1 = the same order, -1 = reversed."),
    ):
        w.gap()
        agreement_table(w, c, name, title, words_)
    w.gap()
    working(w, c, order)
    w.finish(fixed={1: max(16, min(max(w.widths.get(1, 0), 12), 40) + 2)})
    chart = bar_chart("Methods ranking each alternative first", "alternative", "number of methods")
    chart.legend = None
    chart.y_axis.scaling.min = 0
    chart.y_axis.majorUnit = 1
    plot_columns(chart, ws, consensus, 2, 2)
    place(ws, chart, chart_at, 1)


def ranks_table(w: SheetWriter, c: Comparison, order: list[int]) -> Table:
    w.heading("Rank of each alternative by method, and by the consensus of all methods")
    header = ["alternative", *(r.method.upper() for r in c.rankings), "Borda", "Copeland"]
    return w.table(header, _rows(c.tables()["ranks"], order), [None] + [WHOLE] * (len(header) - 1))


def _rows(t, order: list[int], columns=None) -> list[list]:
    """The table's rows in `order` (positions in the study's order), each led by its alternative."""
    rows = t.rows(columns)
    return [[t.frame.index[i], *rows[i]] for i in order]


def skipped(w: SheetWriter, c: Comparison) -> None:
    if not c.skipped:
        w.note("Every method could run on this study.")
        return
    w.heading("Methods that could not run on this study, and why")
    for method, reason in c.skipped.items():
        w.note(reason if reason.startswith(method.upper()) else f"{method.upper()}: {reason}")


def scores_table(w: SheetWriter, c: Comparison, order: list[int]) -> Table:
    w.heading("Score of each alternative by method")
    lower = [r.method.upper() for r in c.rankings if not r.higher_is_better]
    exception = f", except {words.and_list(lower)} (lower is better)" if lower else ""
    w.note(f"Each method's own figure (see 'How each method scores' below); higher is better{exception}. "
           "Scores of different methods are on different scales: compare ranks across methods, scores within one.")
    header = ["alternative", *(r.method.upper() for r in c.rankings)]
    return w.table(header, _rows(c.tables()["scores"], order), [None] + [SCORE] * len(c.rankings))


def consensus_table(w: SheetWriter, c: Comparison, order: list[int]) -> Table:
    w.heading("Consensus of all methods")
    w.note("Borda count: each method gives an alternative (number of alternatives - its rank) points; the points "
           "are added. Copeland: an alternative beats another when more methods rank it higher; its score is wins "
           "minus losses. Higher is better for both. First places: how many methods rank the alternative first.")
    rows = _rows(c.tables()["consensus"], order,
                 ["first places", "borda points", "borda rank", "copeland score", "copeland rank"])
    return w.table(["alternative", "first places", "Borda points", "Borda rank", "Copeland score",
                    "Copeland rank"], rows, [None, WHOLE, "0", WHOLE, "0", WHOLE])


def agreement_table(w: SheetWriter, c: Comparison, name: str, title: str, words_: str) -> Table:
    w.heading(title)
    w.note(words_)
    names = [r.method.upper() for r in c.rankings]
    rows = [[label, *row] for label, row in zip(names, c.tables()[name].rows())]
    table = w.table(["method", *names], rows, [None] + ["0.00"] * len(names))
    first, last = get_column_letter(table.first_col + 1), get_column_letter(table.last_col)
    w.ws.conditional_formatting.add(
        f"{first}{table.first_row}:{last}{table.last_row}",
        ColorScaleRule(start_type="num", start_value=-1, start_color="F8696B", mid_type="num", mid_value=0,
                       mid_color="FFFFFF", end_type="num", end_value=1, end_color="63BE7B"))
    return table


def working(w: SheetWriter, c: Comparison, order: list[int]) -> None:
    """Each method's intermediate tables, in the order it computes them; alternatives in the order
    of the Ranking sheet. Consecutive one-column tables (a figure per alternative) share one table,
    as do consecutive one-row ones (a figure per criterion); each caption says what its figures are."""
    w.heading("How each method scores: its working on this study")
    scores = len(c.alternatives) * max((t.frame.shape[1] for r in c.rankings
                                        for t in r.working.values()), default=0)
    if scores > WORKING_SCORES:
        w.note(f"The study has more than {WORKING_SCORES:,} scores, too many to lay each method's tables out here: "
               "the command decision rank --method M --json gives them (extra.tables).")
    else:
        w.note("The intermediate figures each method computes on the way to its score, with the weights above "
               "(the tables of decision rank --json, extra.tables); rows in the order of the Ranking sheet; "
               "n/a: a figure that does not exist.")
    for r in c.rankings:
        w.gap()
        heading_line(w, r.method)
        if scores <= WORKING_SCORES:
            for group in groups(list(r.working.values())):
                group_table(w, group, [c.alternatives[i] for i in order])
    for method in c.skipped:
        w.gap()
        heading_line(w, method, skipped=True)


def heading_line(w: SheetWriter, method: str, skipped: bool = False) -> None:
    spec = METHODS[method]
    better = "higher" if spec.higher_is_better else "lower"
    row = w.row
    w.note(f"{method.upper()}: score = {spec.score_name}, {better} is better"
           + (" (not run on this study: see above)" if skipped else ""))
    w.ws.cell(row=row, column=1).font = BOLD


def kind(t) -> str:
    """'column' (one figure per alternative), 'row' (one figure per criterion) or 'matrix'."""
    by_alternative = t.frame.index.name == ALTERNATIVE
    if by_alternative and t.frame.shape[1] == 1:
        return "column"
    return "matrix" if by_alternative else "row"


def groups(tables: list) -> list[list]:
    """The tables in order, consecutive 'column' tables together, and consecutive 'row' tables over
    the same columns together; a matrix alone."""
    out: list[list] = []
    for t in tables:
        last = out[-1] if out else None
        if last and kind(t) == kind(last[0]) != "matrix" and (
                kind(t) == "column" or list(t.frame.columns) == list(last[0].frame.columns)):
            last.append(t)
        else:
            out.append([t])
    return out


def group_table(w: SheetWriter, group: list, alternatives: list[str]) -> None:
    """The captions (each names its figure), then one table for the group."""
    first = group[0]
    what = kind(first)
    for t in group:
        w.note(t.caption)
    if what == "row":
        header = [None, *first.frame.columns]
        rows = [[t.frame.index[0], *t.frame.to_numpy()[0].tolist()] for t in group]
    else:
        frames = [t.frame.reindex(alternatives) for t in group]
        header = [ALTERNATIVE, *(column for f in frames for column in f.columns)]
        rows = [[name, *(v for f in frames for v in f.to_numpy()[i].tolist())] for i, name in enumerate(alternatives)]
    w.table(header, rows, [None] + [SCORE] * (len(header) - 1))
    w.gap()

"""The Ranking sheet: scores and ranks by each method, the weights, MAVT's value contributions, a chart."""

from __future__ import annotations

from decision.report import words
from decision.pipeline.outcomes import Rankings, ReportData
from decision.report.cells import PLAIN, SCORE, WHOLE, SheetWriter, Table
from decision.report.charts import bar_chart, place, plot_columns
from decision.report.notes import not_computed


def write(ws, data: ReportData) -> None:
    w = SheetWriter(ws)
    w.title(f"Ranking: {data.study.name}")
    if data.rankings is None:
        return not_computed(w, data.failure("ranking"))
    r = data.rankings
    others = " and ".join(words.method_name(o) for o in r.others)
    opinion = "a second opinion" if len(r.others) == 1 else "second opinions"
    w.note(f"Ranked by {words.method_name(r.primary)} with {r.primary.weights.method} weights; "
           f"{others} as {opinion}, with the same weights.")
    table = scores_table(w, r)
    ws.freeze_panes = ws.cell(row=table.first_row, column=2)
    w.gap()
    weights_table(w, data)
    w.gap()
    contributions = contributions_table(w, data)
    w.finish(fixed={1: max(16, min(max(w.widths.get(1, 0), 12), 40) + 2)})
    chart = bar_chart("Overall value (MAVT), stacked by criterion", "alternative", "overall value (0..1)",
                      stacked=True)
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0.0, 1.0
    plot_columns(chart, ws, contributions, 2, contributions.last_col - 1)
    place(ws, chart, w.row + 1, 1)  # below the tables: on screen after them, and on the printed page


def scores_table(w: SheetWriter, r: Rankings) -> Table:
    header = ["alternative"]
    for ranking in r.all:
        header += [f"{words.method_name(ranking)} {words.score_name(ranking)}", f"{words.method_name(ranking)} rank"]
    scores = r.tables()["scores"]
    rows = [[name, *row] for name, row in zip(scores.frame.index, scores.rows())]
    return w.table(header, rows, [None] + [SCORE, WHOLE] * len(r.all))


def weights_table(w: SheetWriter, data: ReportData) -> Table:
    r = data.rankings
    w.heading(f"Weights used ({r.primary.weights.method}), and the value scale each refers to")
    weights = r.tables()["weights"].rows(["weight", "scale low", "scale high"])
    rows = [[c.name, c.direction, *figures, c.unit] for c, figures in zip(data.study.criteria, weights)]
    return w.table(["criterion", "direction", "weight", "scale low", "scale high", "unit"], rows,
                   [None, None, SCORE, PLAIN, PLAIN, None])


def contributions_table(w: SheetWriter, data: ReportData) -> Table:
    r = data.rankings
    w.heading("Value contributions: weight x single-criterion value (0..1); a row adds up to the MAVT overall value")
    contributions = r.tables()["contributions"]
    rows = [[name, *row] for name, row in zip(contributions.frame.index, contributions.rows())]
    return w.table(["alternative", *contributions.frame.columns], rows,
                   [None] + [SCORE] * len(contributions.frame.columns))

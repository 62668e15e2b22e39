"""The Robustness sheet: how likely each rank is across plausible weights and scores (SMAA-2), and
how far the weights or scores must move before the first alternative changes.

Tables first (each chart draws from one, so it stays live), charts below them: rank acceptability
as stacked bars, the room each weight has before the top changes as a tornado.
"""

from __future__ import annotations

import numpy as np

from decision.pipeline.outcomes import ReportData
from decision.report.cells import PLAIN, SCORE, SHARE, SheetWriter, Table
from openpyxl.chart.series import SeriesLabel

from decision.report.charts import bar_chart, place, plot_columns, plot_line, scatter_chart
from decision.report.notes import not_computed

PERCENT = SHARE
NEAREST_SCORES = 10  # score thresholds listed: the nearest ones
CHART_ROWS = 22  # rows a chart of the default size (10 cm) covers, and a gap
SMALL_CHART_ROWS = 20  # rows a 9 cm chart covers, and a gap
FLIP, BOUND = "C00000", "BFBFBF"  # tornado bars: ending where the top changes / at 0 or 1 with no change
LINE_COLOURS = ("1F4E79", "E07B00", "2E8B57", "B03A60", "8B4513", "5B9BD5", "D4A017", "5A5A5A")  # per alternative; not the frontiers' marker colours

WEIGHT_INFO = {
    "none": "weights uniform over every combination summing to 1 (no weight information)",
    "ordinal": "weights uniform over every combination that respects the criteria's ranks (Criteria rank)",
    "intervals": "weights uniform within the Criteria weight_low..weight_high intervals",
}


def write(ws, data: ReportData) -> None:
    w = SheetWriter(ws)
    w.title(f"Robustness: {data.study.name}")
    r = getattr(data, "robustness", None)
    if r is None:  # the ranking's failure when robustness failed for the same reason
        return not_computed(w, data.failure("robustness") or data.failure("ranking"))
    s = r.smaa
    m = len(s.alternatives)
    scores = ("scores uniform between ScoresLow and ScoresHigh" if s.uncertain_scores
              else "scores as given (the workbook has no ScoresLow/ScoresHigh)")
    w.note(f"SMAA-2 (Lahdelma & Salminen 2001) with {s.method.upper()}: {s.samples:,} samples from seed {s.seed} "
           f"(Settings samples and seed); {WEIGHT_INFO[s.weight_info]}; {scores}.")
    w.note(f"Each share is an estimate: its Monte Carlo standard error is at most {100 * s.acceptability_error:.2f} "
           "percentage points.")
    w.gap()
    w.heading("Rank acceptability: the share of samples in which each alternative takes each rank")
    tables = r.tables()
    shares = tables["acceptability"]
    order = np.argsort(-shares.frame["holistic"].to_numpy(), kind="stable")
    acceptability = w.table(
        ["alternative", *(f"rank {k + 1}" for k in range(m)), "holistic acceptability", "confidence factor"],
        [[name, *row[:-1], _share(row[-1])] for name, row in _ordered(shares, order)],
        [None] + [PERCENT] * m + [PERCENT, PERCENT])
    ws.freeze_panes = ws.cell(row=acceptability.first_row, column=2)
    w.note("Holistic acceptability weighs the ranks 1, 2, ... by meta-weights (rank-order centroid, 1 for rank 1). "
           "The confidence factor is the share of score samples in which the alternative ranks first with its "
           "central weights (n/a: it never ranks first).")
    w.gap()
    w.heading("Central weights: the typical weights under which each alternative ranks first")
    w.table(["alternative", *s.criteria],
            [[name, *map(_share, row)] for name, row in _ordered(tables["central_weights"], order)],
            [None] + [SCORE] * len(s.criteria))
    w.gap()
    w.heading("Pairwise winning: the share of samples in which the row alternative ranks before the column one")
    w.table(["alternative", *(s.alternatives[i] for i in order)],
            [[name, *(_share(row[k]) for k in order)] for name, row in _ordered(tables["pairwise_winning"], order)],
            [None] + [PERCENT] * m)
    w.gap()
    tornado = thresholds(w, r, tables)
    lines = sensitivity(w, r, tables)
    w.finish(fixed={1: max(16, min(max(w.widths.get(1, 0), 12), 40) + 2)})
    row = w.row + 1
    chart = bar_chart("Rank acceptability", "alternative", "share of samples", stacked=True)
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0.0, 1.0
    chart.y_axis.number_format = "0%"
    plot_columns(chart, ws, acceptability, 2, 1 + m)
    place(ws, chart, row, 1)
    row += CHART_ROWS
    if tornado is not None:
        place(ws, tornado_chart(ws, tornado, r), row, 1)
        row += CHART_ROWS
    for k, (criterion, table, marks) in enumerate(lines):  # one under another: all inside the print area
        place(ws, sensitivity_chart(ws, criterion, table, marks, r), row + k * SMALL_CHART_ROWS, 1)


def _share(x):
    return None if x is None or not np.isfinite(x) else float(x)


def _ordered(t, order) -> list[tuple]:
    """(alternative, row of plain values) of a table by alternative, in `order` (positions)."""
    rows = t.rows()
    return [(t.frame.index[i], rows[i]) for i in order]


def _missing(x) -> bool:
    return x is None or x != x  # None, or NaN


def thresholds(w: SheetWriter, r, tables) -> Table | None:
    """The weight thresholds (the tornado's data), the L1 minimum and the nearest score thresholds."""
    names = r.alternatives
    if r.thresholds is None:
        w.heading("Thresholds")
        for note in r.notes:
            w.note(note)
        return None
    top = names[r.top]
    w.heading(f"Weight thresholds: how far each weight can move (the others in proportion) before "
              f"'{top}' stops ranking first")
    weights = tables["weight_thresholds"]
    columns = ["weight", "room to lower", "room to raise", "lowered to", "raised to", "new top"]
    by_room = sorted(zip(weights.frame.index, weights.frame["room"].tolist(), weights.rows(columns)),
                     key=lambda row: row[1])
    rows = [[criterion, weight, lower, rise, "none" if _missing(lowered) else lowered,
             "none" if _missing(raised) else raised, "-" if _missing(new_top) else new_top]
            for criterion, _, (weight, lower, rise, lowered, raised, new_top) in by_room]
    marks = [[None if _missing(lowered) else lower, lower if _missing(lowered) else None,
              None if _missing(raised) else rise, rise if _missing(raised) else None]
             for _, _, (_, lower, rise, lowered, raised, _) in by_room]
    table = w.table(["criterion", "weight", "room to lower", "room to raise", "lowered to", "raised to", "new top",
                     "lowered: top changes", "lowered: to 0, no change", "raised: top changes", "raised: to 1, no change"],
                    [row + mark for row, mark in zip(rows, marks)],
                    [None, SCORE, SCORE, SCORE, SCORE, SCORE, None, SCORE, SCORE, SCORE, SCORE])
    w.note("'none': no weight in that direction changes the first alternative (the room runs to 0 or 1). The last "
           "four columns split the room by how it ends, for the chart: where the top changes, or at the bound.")
    w.gap()
    least = r.min_change
    if least.distance is not None:  # the words go in a note: a long sentence would widen a table column
        change = tables["min_weight_change"].frame["change"]
        changes = ", ".join(f"{c} {d:+.3f}" for c, d in zip(change.index, change.tolist()) if abs(d) > 5e-4)
        w.label("Smallest change of weights", least.distance, None, SCORE)
        w.note(f"The least total change of weights (the sum of absolute changes) at which "
               f"'{names[least.new_top]}' ties with '{top}': {changes}.")
    elif least.reason:
        w.label("Smallest change of weights", "not computed")
        w.note(least.reason)
    else:
        w.label("Smallest change of weights", "none")
        w.note(f"'{top}' ranks first whatever the weights.")
    w.gap()
    near = tables["nearest_scores"].rows(["alternative", "criterion", "score", "flip score", "change",
                                          "share of scale", "new top"])[:NEAREST_SCORES]
    w.heading("Scores nearest to changing the first alternative (each moved alone within its scale)")
    if near:
        w.table(["alternative", "criterion", "score", "moved to", "change", "share of scale", "new top"], near,
                [None, None, PLAIN, SCORE, SCORE, PERCENT, None])
    else:
        w.note("No single score, moved alone within its scale, changes the first alternative.")
    return table


def tornado_chart(ws, table: Table, r):
    """Horizontal bars from the current weight down and up: dark red where the bar ends at a weight
    that changes the top, grey where it runs to 0 or 1 with no change; the narrowest room on top."""
    chart = bar_chart(f"Room each weight has before '{r.alternatives[r.top]}' stops ranking first "
                      "(red: the top changes there; grey: no change up to the bound)",
                      "criterion", "change of weight")
    chart.type = "bar"
    chart.grouping = "clustered"
    chart.overlap = 100
    chart.gapWidth = 40
    chart.x_axis.scaling.orientation = "maxMin"  # the first row (narrowest room) at the top
    chart.x_axis.tickLblPos = "low"  # criterion names at the left edge, clear of the bars
    chart.y_axis.number_format = "0.00"
    plot_columns(chart, ws, table, 8, 11)
    for series, colour in zip(chart.series, (FLIP, BOUND, FLIP, BOUND)):
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour
    return chart


def sensitivity(w: SheetWriter, r, tables) -> list[tuple[str, Table, Table]]:
    """Per criterion, the alternatives' overall values at the weights worth reading (0, crossovers,
    the current weight, 1): the data of a small chart each."""
    if r.sensitivity is None:
        return []
    w.heading("Weight sensitivity: each alternative's overall value as one weight moves from 0 to 1 (MAVT)")
    w.note("The additive value model (MAVT) whatever the ranking method, as Hiview and Expert Choice draw it: the "
           "criterion's weight moves, the other weights keep their proportions. The lines are straight, so the "
           "values at these weights draw them exactly; a crossover is a weight at which the first alternative "
           "changes (where a weight threshold above exists, it is that threshold).")
    out = []
    names = list(r.alternatives)
    for line in r.sensitivity.lines:
        frame = tables[f"sensitivity key points: {line.criterion}"].frame
        w.gap()
        w.heading(f"Weight of {line.criterion} (now {line.current:.3f})")
        rows = [[float(weight), *map(float, values[:-1]), values[-1] or None]
                for weight, values in zip(frame.index, frame.itertuples(index=False))]
        values = w.table([f"weight of {line.criterion}", *names, "where"], rows, [SCORE] * (1 + len(names)) + [None])
        marks = [["current weight", float(line.current), 0.0], ["current weight", float(line.current), 1.0]]
        for c in line.crossovers:  # a blank row between two crossovers: the chart draws separate lines
            marks += [[None, None, None], [f"{c.from_} to {c.to}", float(c.weight), 0.0],
                      [f"{c.from_} to {c.to}", float(c.weight), 1.0]]
        w.gap()
        out.append((line.criterion, values, w.table(["mark", "at weight", "value axis"], marks,
                                                    [None, SCORE, SCORE])))
    focus = r.sensitivity.focus
    if focus is not None and focus.holds:
        w.note(f"No weight of any one criterion changes the first alternative: '{r.alternatives[r.top]}' holds.")
    return out


def sensitivity_chart(ws, criterion: str, table: Table, marks: Table, r):
    """The alternatives' value lines over the weight of `criterion` (0..1 on both axes), the current
    weight a dashed black line, each crossover a dashed dark red one (lines, not markers: marker
    colours are the frontiers')."""
    chart = scatter_chart(f"MAVT value as the weight of {criterion} moves", f"weight of {criterion}", "overall value")
    chart.width, chart.height = 16, 9
    chart.legend.position = "b"  # beside the plot, five names would leave it no room
    for axis in (chart.x_axis, chart.y_axis):
        axis.scaling.min, axis.scaling.max = 0.0, 1.0
        axis.majorUnit, axis.number_format = 0.25, "0.00"
    for k in range(len(r.alternatives)):
        plot_line(chart, ws, table, 1, 2 + k, LINE_COLOURS[k % len(LINE_COLOURS)])
    current = plot_line(chart, ws, marks, 2, 3, "000000", dash="dash", last_row=marks.first_row + 1)
    current.tx = SeriesLabel(v="current weight")
    if marks.last_row > marks.first_row + 1:
        crossing = plot_line(chart, ws, marks, 2, 3, FLIP, dash="sysDash", first_row=marks.first_row + 3)
        crossing.tx = SeriesLabel(v="crossover")
    return chart

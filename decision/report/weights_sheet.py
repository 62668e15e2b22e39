"""The Weights sheet: how the ranking's weights were derived, what every other weighting procedure
gives on the same workbook (and why some cannot run), and for AHP the judgements, their
consistency and the judgements to revisit first.
"""

from __future__ import annotations

from openpyxl.styles import Alignment

from decision.pipeline.outcomes import ReportData, WeightOptions
from decision.report.cells import BOLD, PLAIN, RATE, SCORE, SheetWriter, Table
from decision.report.charts import bar_chart, place, plot_columns
from decision.weights import Weights
from decision.weights.ahp import INCONSISTENT_ABOVE

CHART_ROWS = 17  # rows a 7.5 cm chart covers, kept free beside and below it

# How each procedure turns the workbook into weights, in a decision-maker's words.
HOW = {
    "direct": "the weights typed in the Criteria sheet's weight column, scaled to sum to 1",
    "equal": "every criterion weighs the same, 1 / number of criteria",
    "swing": ("swing weighting: the most valued swing from the worst to the best end of a scale got 100 points, "
              "each other swing its points against it (Criteria column swing); the points scaled to sum to 1"),
    "roc": ("rank order centroid (Barron & Barrett 1996) from the importance ranks in the Criteria column rank "
            "(1 = most important)"),
    "rank-sum": "rank sum weights (Stillwell, Seaver & Edwards 1981) from the importance ranks in the Criteria column rank",
    "rank-reciprocal": ("rank reciprocal weights (Stillwell, Seaver & Edwards 1981) from the importance ranks in the "
                        "Criteria column rank"),
    "ahp": "AHP (Saaty 1980): the principal eigenvector of the pairwise judgements in the Pairwise sheet",
    "entropy": ("entropy weights, computed from the scores alone: a criterion weighs more the more unevenly the "
                "alternatives score on it"),
    "critic": ("CRITIC (Diakoulaki et al. 1995), computed from the scores alone: spread of each criterion times its "
               "conflict (low correlation) with the others"),
    "merec": ("MEREC (Keshavarz-Ghorabaee et al. 2021), computed from the scores alone: how much removing a criterion "
              "changes the alternatives' overall performance"),
}
# The Criteria column each procedure reads, shown beside the weights it gives.
INPUT = {"direct": ("weight as typed", "weight"), "swing": ("swing points", "swing"), "roc": ("rank", "rank"),
         "rank-sum": ("rank", "rank"), "rank-reciprocal": ("rank", "rank")}


def write(ws, data: ReportData) -> None:
    w = SheetWriter(ws)
    study, options = data.study, data.weightings
    w.title(f"Weights: {study.name}")
    used = options.weights
    if used is None:
        w.ws.cell(row=w.row, column=1).font = BOLD
        w.note(f"The ranking's weights ({options.used}) could not be derived: {options.skipped[options.used]}")
        w.gap()
        chart = None
    else:
        w.note(f"The ranking uses {options.used} weights: {HOW.get(options.used, options.used)}.")
        w.gap()
        chart = used_table(w, data, used)
    comparison_table(w, options)
    w.gap()
    data_driven(w, data, options)
    skipped(w, options)
    ahp = options.derived.get("ahp")
    if study.pairwise is not None:
        w.gap()
        ahp_section(w, data, ahp, options.ahp_geometric, options.skipped.get("ahp"))
    w.finish(fixed={1: max(16, min(max(w.widths.get(1, 0), 12), 40) + 2)})
    if chart is not None:
        place(ws, *chart)


def used_table(w: SheetWriter, data: ReportData, used: Weights):
    """The weights the ranking uses, with the Criteria input they come from; a chart beside it."""
    w.heading(f"Weights used by the ranking ({used.method})")
    header = ["criterion", "direction", "weight"]
    column = INPUT.get(used.method)
    if column:
        header.append(column[0])
    rows = []
    for j, c in enumerate(data.study.criteria):
        row = [c.name, c.direction, float(used.values[j])]
        if column:
            row.append(getattr(c, column[1]))
        rows.append(row)
    table = w.table(header, rows, [None, None, SCORE, PLAIN])
    chart = bar_chart(f"Weights used ({used.method})", "criterion", "weight (sum 1)")
    chart.legend = None
    chart.y_axis.scaling.min = 0
    chart.width, chart.height = 16, 7.5
    plot_columns(chart, w.ws, table, 3, 3)
    w.row = max(w.row, table.header_row + CHART_ROWS)  # the chart sits beside the table; keep below it clear
    return chart, table.header_row, len(header) + 2


def comparison_table(w: SheetWriter, options: WeightOptions) -> Table:
    w.heading("The weights every applicable procedure gives on this workbook")
    w.note("One column per weighting procedure; each column sums to 1. Where the columns differ, the ranking "
           "depends on how the weights were elicited: the Methods sheet ranks with the weights used.")
    procedures = list(options.derived)
    criteria = next(iter(options.derived.values())).criteria
    header = ["criterion", *(f"{p} (used)" if p == options.used else p for p in procedures)]
    rows = [[name, *(float(options.derived[p].values[j]) for p in procedures)] for j, name in enumerate(criteria)]
    return w.table(header, rows, [None] + [SCORE] * len(procedures))


DATA_DRIVEN = ("entropy", "critic", "merec")


def data_driven(w: SheetWriter, data: ReportData, options: WeightOptions) -> None:
    """Entropy, CRITIC and MEREC describe how the scores spread, not what anyone values: say so
    beside them, and that with two alternatives they are degenerate."""
    shown = [p for p in DATA_DRIVEN if p in options.derived]
    if not shown:
        return
    m = len(data.study.alternatives)
    w.note(f"{', '.join(p if p != 'critic' else 'CRITIC' for p in shown)}: data-driven weights. They describe how "
           "the alternatives' scores spread on each criterion, not how much the decision-maker values the criterion; "
           "use them as a check on the elicited weights, not in their place.")
    if m <= 2:
        w.note(f"With {m} alternatives they are degenerate: every criterion's scores are a single difference, so the "
               "weights follow the size of that difference (one criterion can take most of the weight and another "
               "almost none) and say nothing about importance.")


def skipped(w: SheetWriter, options: WeightOptions) -> None:
    others = {p: reason for p, reason in options.skipped.items() if p != options.used}
    if not others:
        w.note("Every weighting procedure could run on this workbook.")
        return
    w.heading("Procedures that cannot run on this workbook, and why")
    for procedure, reason in others.items():
        w.note(f"{procedure}: {reason}")


def ahp_section(w: SheetWriter, data: ReportData, ahp: Weights | None, geometric: Weights | None,
                reason: str | None) -> None:
    study = data.study
    w.heading("AHP: the pairwise judgements and their consistency")
    if ahp is None:
        w.note(f"AHP could not be computed: {reason}")
        return
    d = ahp.details
    w.note("Each judgement says how many times more important the row criterion is than the column criterion "
           "(Saaty's 1-9 scale; 1/3 means the column is 3 times as important). As typed in the Pairwise sheet.")
    names = study.criterion_names
    # The report derives AHP weights by the principal eigenvector (derive's default). Beside them, the
    # row geometric mean: the other usual derivation, with its own consistency measure (GCI) shown
    # below Saaty's CR. Where the two disagree, the judgements are shaky.
    w.table(["criterion", *names, "AHP weight", "row geometric mean"],
            [[name, *map(float, study.pairwise[i]), float(ahp.values[i]), float(geometric.values[i])]
             for i, name in enumerate(names)],
            [None] + [RATE] * len(names) + [SCORE, SCORE])
    w.gap()
    n = len(names)
    consistency = ahp.tables()["consistency"].frame["value"]
    cr = consistency["consistency_ratio"]
    figure(w, "Priorities", d["priority"], "how the weights were taken from the judgements")
    figure(w, "lambda_max", consistency["lambda_max"], f"the principal eigenvalue; {n} for perfectly consistent "
           "judgements", RATE)
    figure(w, "Consistency index (CI)", consistency["consistency_index"], "(lambda_max - n) / (n - 1)", RATE)
    figure(w, "Random index (RI)", consistency["random_index"], f"from the {d['random_index_table']} table of random "
           f"indexes, for n = {n}", RATE)
    figure(w, "Consistency ratio (CR)", cr, "CI / RI", RATE)
    if d["inconsistent"]:
        verdict = (f"CR {cr:.3f} is above {INCONSISTENT_ABOVE:.2f}: the judgements are inconsistent (Saaty's 10% "
                   "rule); revisit those at the top of the list below before relying on these weights.")
    else:
        verdict = f"CR {cr:.3f} is at most {INCONSISTENT_ABOVE:.2f}: acceptably consistent (Saaty's 10% rule)."
    figure(w, "Inconsistent?", bool(d["inconsistent"]), verdict)
    g = geometric.details
    gci = geometric.tables()["consistency"].frame["value"]["geometric_consistency_index"]
    threshold = g["geometric_consistency_threshold"]
    figure(w, "Geometric consistency index (GCI)", gci,
           "the consistency measure of the row geometric mean: 2 / ((n - 1)(n - 2)) x the sum, over each pair once "
           "(above the diagonal), of ln(judgement / the ratio the row geometric means imply) squared "
           "(Aguaron & Moreno-Jimenez 2003)", RATE)
    if threshold is None:
        words_gci = "Two criteria are always consistent: no threshold applies."
    elif g["geometric_inconsistent"]:
        words_gci = f"GCI {gci:.3f} is above {threshold:.2f}, the threshold matching Saaty's 10% for n = {n}."
    else:
        words_gci = f"GCI {gci:.3f} is at most {threshold:.2f}, the threshold matching Saaty's 10% for n = {n}."
    figure(w, "GCI threshold", threshold, words_gci, RATE)
    w.gap()
    w.heading("Judgements to revisit, the furthest from the derived weights first")
    w.note("Implied: the judgement that would agree with the weights (weight of the row criterion / weight of the "
           "column criterion). Off by: how many times the judgement is larger or smaller than that.")
    rows = ahp.tables()["revisit"].rows(["row", "column", "judgement", "implied", "off by"])
    w.table(["row criterion", "column criterion", "judgement", "implied", "off by"], rows,
            [None, None, RATE, RATE, "0.00"])


def figure(w: SheetWriter, label: str, value, words: str, fmt: str | None = None) -> None:
    """A bold label, its value, and what it means in words spilling over the empty cells to the right
    (not measured, so that the words do not widen a column of the tables above)."""
    w.cell(w.row, 1, label).font = BOLD
    w.cell(w.row, 2, value, fmt)
    w.cell(w.row, 3, words, measure=False).alignment = Alignment(indent=1)
    w.row += 1

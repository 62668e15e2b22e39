"""The Summary sheet: what a decision-maker reads first, as label | value | in words."""

from __future__ import annotations

from openpyxl.styles import Alignment

from decision.report import words
from decision.pipeline.outcomes import Failure, ReportData
from decision.report.cells import AMOUNT, MONEY, SCORE, SheetWriter, price_format, units_format

WORDS_WIDTH = 90


def write(ws, data: ReportData) -> None:
    w = SheetWriter(ws)
    w.title(f"Decision report: {data.study.name}")
    w.label("Study", data.study.name)
    w.label("Input workbook", data.provenance.input_file, f"SHA-256 {data.provenance.sha256}")
    w.label("Written (UTC)", data.provenance.written_at)
    w.gap()
    w.heading("Ranking of the alternatives")
    ranking(w, data)
    w.gap()
    w.heading("Recommended aid package")
    allocation(w, data)
    if data.failures or data.study.warnings:
        w.gap()
        w.heading("Warnings")
        for line in [*data.warnings, *data.study.warnings]:
            w.label("warning", None, line)
    ws.freeze_panes = "A2"
    w.finish(fixed={2: 34, 3: WORDS_WIDTH})
    align(ws)


def align(ws) -> None:
    """Labels, values and words top-aligned on a line; the words set off from a right-aligned number."""
    for row in ws.iter_rows(min_row=3, max_col=3):
        for cell in row:
            wrap = cell.column == 3 or bool(cell.alignment.wrap_text)
            cell.alignment = Alignment(horizontal=cell.alignment.horizontal, vertical="top", wrap_text=wrap,
                                       indent=1 if cell.column == 3 else 0)


def ranking(w: SheetWriter, data: ReportData) -> None:
    if data.rankings is None:
        failed(w, data.failure("ranking"))
        return
    primary = data.rankings.primary
    how, what = words.method_name(primary), words.score_name(primary)
    top = int(primary.order[0])
    w.label(f"Ranks first under {how}", primary.alternatives[top], words.lead(primary))
    w.label(f"Its {what}", float(primary.scores[top]), None, SCORE)
    w.label("Lead over the second", primary.margin, f"in points of {what}"
            + (" (0..1 scale)" if primary.method == "mavt" else ""), SCORE)
    for other in data.rankings.others:
        agrees, sentence = words.agreement(primary, other)
        w.label(f"Does {words.method_name(other)} agree?", agrees, sentence)
    if data.comparison is not None:
        count, sentence = words.all_methods(primary, data.comparison)
        w.label("Across all methods", count, sentence)


def allocation(w: SheetWriter, data: ReportData) -> None:
    plan = data.allocation
    if plan is None:
        failed(w, data.failure("allocation"))
        return
    units = {c.name: c.unit for c in data.study.aid}
    purchases = plan.tables()["purchases"].frame
    w.table(["category", "units", "unit"],
            [[category, n, units.get(category, "")] for category, n in zip(purchases.index, purchases["units"])],
            row_fmts=[[None, units_format(n)] for n in purchases["units"]])
    w.gap()
    under = f" under '{plan.scenario}'" if plan.scenario else ""
    w.label("Total strength", plan.objective,
            f"the negotiating strength of the package{under} (Aid: strength per unit or AidCurve, times AidEffects)",
            AMOUNT)
    units = {name: data.study.setting_units.get(words.SETTING_OF[name]) for name in ("budget", "risk")}
    w.label("Budget used", plan.budget.used, words.usage("budget", plan.budget, units["budget"]), MONEY)
    w.label("Risk used", plan.risk.used, words.usage("risk", plan.risk, units["risk"]), AMOUNT)
    w.label("Price of the budget", plan.budget.shadow_price,
            words.price("budget", plan.budget, plan.prices_from, units["budget"]), price_format(plan.budget.shadow_price))
    w.label("Price of the risk cap", plan.risk.shadow_price,
            words.price("risk", plan.risk, plan.prices_from, units["risk"]), price_format(plan.risk.shadow_price))
    w.label("Prices from", plan.prices_from, words.prices_from(plan.prices_from))


def failed(w: SheetWriter, failure: Failure) -> None:
    w.label("Not computed", failure.section, "; ".join(failure.reasons))
    fix = words.relaxations(failure.relaxations)
    if fix:
        w.label("What would fix it", None, fix)

"""The Allocation sheet: the aid package, the limits and what they are worth, a chart of cost."""

from __future__ import annotations

from decision.report import words
from decision.report.analyses import ReportData
from decision.report.cells import AMOUNT, BOLD, MONEY, RATE, SheetWriter, Table, units_format
from decision.report.charts import bar_chart, place, plot_columns
from decision.report.notes import not_computed

LIMIT_NAMES = {"budget": "budget", "risk": "risk cap"}


def write(ws, data: ReportData) -> None:
    w = SheetWriter(ws)
    w.title(f"Aid allocation: {data.study.name}")
    plan = data.allocation
    if plan is None:
        not_computed(w, data.failure("allocation"))
        w.finish()
        return
    w.note(f"Status: {plan['status']}. The package below has the greatest total negotiating strength, "
           f"{words.num(plan['objective'])}, within the budget and the escalation-risk cap "
           f"(solver: {plan.get('solver', 'n/a')}).")
    package = package_table(w, data)
    ws.freeze_panes = ws.cell(row=package.first_row, column=2)
    w.gap()
    limits_table(w, plan)
    w.gap()
    w.note(words.prices_from(plan["prices_from"]))
    for name in ("budget", "risk"):
        w.note(words.price(name, plan[name], plan["prices_from"], data.study.setting_units.get(words.SETTING_OF[name])))
    w.finish()
    currency = data.study.setting_units.get("budget") or "budget currency"
    chart = bar_chart("Cost by aid category", "aid category", f"cost ({currency})")
    chart.legend = None
    plot_columns(chart, ws, package, 4, 4)
    place(ws, chart, w.row + 1, 1)


def package_table(w: SheetWriter, data: ReportData) -> Table:
    """One row per category (the chart's data), then a bold total row outside the chart's range."""
    units = {c.name: c.unit for c in data.study.aid}
    rows = [[p["category"], units.get(p["category"], ""), p["units"], p["cost"], p["strength"], p["risk"]]
            for p in data.allocation["allocation"]]
    formats = [[None, None, units_format(p["units"]), MONEY, AMOUNT, AMOUNT] for p in data.allocation["allocation"]]
    table = w.table(["category", "unit", "units", "cost", "strength", "risk"], rows, row_fmts=formats)
    total = w.line(["total", None, None, sum(r[3] for r in rows), sum(r[4] for r in rows), sum(r[5] for r in rows)],
                   [None, None, None, MONEY, AMOUNT, AMOUNT])
    for col in range(1, 7):
        w.ws.cell(row=total, column=col).font = BOLD
    return table


def limits_table(w: SheetWriter, plan: dict) -> Table:
    w.heading("Limits: what the package uses of each, and what more of it would buy")
    rows = [[LIMIT_NAMES[k], plan[k]["limit"], plan[k]["used"], plan[k]["shadow_price"], plan[k]["step"],
             plan[k]["gain"]] for k in ("budget", "risk")]
    return w.table(["limit", "limit value", "used", "shadow price (strength per unit)", "step", "gain (re-solve)"],
                   rows, [None, AMOUNT, AMOUNT, RATE, AMOUNT, AMOUNT])

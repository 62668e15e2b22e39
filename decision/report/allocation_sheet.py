"""The Allocation sheet: the recommended package, the limits and what they are worth; the package of
every scenario and the robust one (stacked bars of their cost); the frontiers of strength against
risk and against budget (scatter charts) with the greedy order of buy; where the top-ranked
scenario changes with the budget."""

from __future__ import annotations

from decision.allocation.result import Allocation
from decision.report import words
from decision.pipeline.outcomes import ReportData
from decision.report.cells import AMOUNT, BOLD, MONEY, SHARE, SheetWriter, Table, price_format, units_format
from decision.report.charts import bar_chart, place, plot_columns, plot_staircase, plot_xy, scatter_chart
from decision.report.notes import not_computed

LIMIT_NAMES = {"budget": "budget", "risk": "risk cap"}
CHART_ROWS = 21  # rows a 10 cm chart covers
# Each frontier's markers, and its staircase, in colours no other part of the report uses.
FRONTIER_COLOURS = {"risk": ("7030A0", "C9B3DE"), "budget": ("0E7C7B", "9FD6D5")}


def write(ws, data: ReportData) -> None:
    w = SheetWriter(ws)
    w.title(f"Aid allocation: {data.study.name}")
    plan = data.allocation
    if plan is None:
        return not_computed(w, data.failure("allocation"))
    w.note(f"Status: {plan.status}. The package below has the greatest total negotiating strength, "
           f"{words.num(plan.objective)}{scenario_words(plan)}, within the budget and the escalation-risk cap "
           f"(solver: {plan.solver}).")
    package = package_table(w, data)
    ws.freeze_panes = ws.cell(row=package.first_row, column=2)
    w.gap()
    limits_table(w, plan)
    w.gap()
    w.note(words.prices_from(plan.prices_from))
    for name, limit in (("budget", plan.budget), ("risk", plan.risk)):
        w.note(words.price(name, limit, plan.prices_from, data.study.setting_units.get(words.SETTING_OF[name])))
    for line in model_notes(plan):
        w.note(line)
    currency = data.study.setting_units.get("budget") or "budget currency"
    charts = []
    chart = bar_chart("Cost by aid category", "aid category", f"cost ({currency})")
    chart.legend = None
    plot_columns(chart, ws, package, 4, 4)
    charts.append(chart)
    aid = data.aid
    if aid is not None:
        if aid.packages:
            w.gap()
            charts.append(packages_section(w, aid, currency))
        if aid.risk is not None:
            w.gap()
            charts.append(frontier_section(w, aid.risk, "risk", "escalation risk used (risk points)", staircase(data)))
        if aid.budget is not None:
            w.gap()
            charts.append(frontier_section(w, aid.budget, "budget", f"budget used ({currency})", staircase(data)))
            w.gap()
            greedy_section(w, aid.budget)
        if aid.sweep is not None or aid.sweep_skipped:
            w.gap()
            sweep_section(w, aid)
    w.finish()
    row = w.row + 1
    for chart in charts:
        place(ws, chart, row, 1)
        row += CHART_ROWS


def scenario_words(plan: Allocation) -> str:
    if plan.scenario is None:
        return ""
    if plan.scenario == "robust":
        return f" in the worst case over the scenarios (robust; the worst is {plan.worst_case})"
    why = ", the scenario MAVT ranks first" if plan.scenario_from == "mavt" else ""
    return f" under the scenario {plan.scenario}{why}"


def model_notes(plan: Allocation) -> list[str]:
    """How the curves were modelled and how the prerequisites stand, in words."""
    out = []
    concave = [c for c, kind in plan.curves.items() if kind == "concave"]
    other = [c for c, kind in plan.curves.items() if kind != "concave"]
    if concave:
        out.append(f"Strength curves with diminishing returns ({', '.join(concave)}) are solved as a linear programme.")
    if other:
        out.append(f"Strength curves that are not concave ({', '.join(other)}) use binaries that fill their segments "
                   "in order; their prices come from the relaxation, the concave envelope of the curve.")
    for link in plan.links:
        state = "binding" if link.binding else "not binding"
        out.append(f"Prerequisite: {link.requires} >= {words.num(link.ratio)} x {link.category}: "
                   f"{words.num(link.bought)} bought, {words.num(link.required)} required ({state}).")
    return out


def package_table(w: SheetWriter, data: ReportData) -> Table:
    """One row per category (the chart's data), then a bold total row outside the chart's range."""
    units = {c.name: c.unit for c in data.study.aid}
    tables = data.allocation.tables()
    purchases = tables["purchases"]
    rows = [[category, units.get(category, ""), *row]
            for category, row in zip(purchases.frame.index, purchases.rows(["units", "cost", "strength", "risk"]))]
    formats = [[None, None, units_format(row[2]), MONEY, AMOUNT, AMOUNT] for row in rows]
    table = w.table(["category", "unit", "units", "cost", "strength", "risk"], rows, row_fmts=formats)
    total = w.line(["total", None, None, *tables["total"].rows(["cost", "strength", "risk"])[0]],
                   [None, None, None, MONEY, AMOUNT, AMOUNT])
    for col in range(1, 7):
        w.ws.cell(row=total, column=col).font = BOLD
    w.keep(table.header_row, total)
    return table


def limits_table(w: SheetWriter, plan: Allocation) -> Table:
    w.heading("Limits: what the package uses of each, and what more of it would buy")
    limits = plan.tables()["limits"]
    rows = [[LIMIT_NAMES[k], *row[:-1], None if row[-1] != row[-1] else row[-1]]  # gain NaN: not re-solved
            for k, row in zip(limits.frame.index,
                              limits.rows(["limit", "used", "share used", "shadow price", "step", "gain"]))]
    size = {"budget": MONEY, "risk cap": AMOUNT}
    return w.table(["limit", "limit value", "used", "share used", "shadow price (strength per unit)", "step",
                    "gain (re-solve)"], rows,
                   row_fmts=[[None, size[row[0]], size[row[0]], SHARE, price_format(row[4]), size[row[0]], AMOUNT]
                             for row in rows])


def packages_section(w: SheetWriter, aid, currency: str):
    """Units per scenario's package (and robust), their strength under every scenario, their prices;
    then their cost by category, the stacked bars' data."""
    tables = aid.tables()
    names = list(aid.packages)
    w.heading("Packages per scenario: each maximizes the strength under its scenario; robust maximizes the worst case")
    units = tables["package_units"]
    rows = [[c, *row] for c, row in zip(units.frame.index, units.rows())]
    w.table(["units of", *names], rows, row_fmts=[[None, *map(units_format, row[1:])] for row in rows])
    figures = tables["package_figures"]
    for label, row in zip(figures.frame.index, figures.rows()):
        fmts = ([price_format(x) for x in row] if label.startswith("price of")
                else [MONEY if label.startswith("budget") else AMOUNT] * len(names))
        w.line([label, *row], [None, *fmts])
    prices_from = next(iter(aid.packages.values())).prices_from
    w.note("Prices: extra strength (the package's own objective; robust: the worst case) per unit of the limit, "
           f"from {words.PRICE_SOURCES.get(prices_from, prices_from)}.")
    w.gap()
    w.heading(f"Cost of each package by category ({currency})")
    costs = tables["package_costs"]
    cost = w.table(["package", *costs.frame.columns], [[s, *row] for s, row in zip(costs.frame.index, costs.rows())],
                   [None, *[MONEY] * len(costs.frame.columns)])
    chart = bar_chart("Packages per scenario: cost by aid category", "package", f"cost ({currency})", stacked=True)
    plot_columns(chart, w.ws, cost, 2, cost.last_col)
    return chart


def staircase(data: ReportData) -> bool:
    """Whether the frontiers are staircases: every category bought in whole units, so the greatest
    strength holds from one point to the next and then jumps."""
    return bool(data.study.aid) and all(c.integer for c in data.study.aid)


def frontier_section(w: SheetWriter, f, axis: str, axis_words: str, stairs: bool = False):
    """The non-dominated packages by increasing use of `axis`, and their scatter chart."""
    what = "escalation risk" if axis == "risk" else "budget"
    other = "budget" if axis == "risk" else "risk cap"
    w.heading(f"Efficient frontier: the greatest strength at each level of {what} ({other} {words.num(f.other)} kept)")
    w.note(f"Epsilon-constraint method: {len(f.grid)} levels of {what} from the least any allowed package uses to the "
           f"least at which strength stops growing; each point is a package no other package beats on both "
           f"(strength at least as high with less {what}). The plan's own limit is {words.num(f.limit)}.")
    header = [axis, "budget" if axis == "risk" else "risk", "strength", *f.categories]
    rows = f.tables()["points"].rows([*header[:3], *(f"units: {c}" for c in f.categories)])
    usage = {"budget": MONEY, "risk": AMOUNT}
    fmts = [[usage[header[0]], usage[header[1]], AMOUNT, *(units_format(u) for u in row[3:])] for row in rows]
    table = w.table(header, rows, row_fmts=fmts)
    chart = scatter_chart(f"Strength against {what}: the efficient frontier", axis_words, "strength")
    markers, line = FRONTIER_COLOURS[axis]
    if stairs:
        plot_staircase(chart, w.ws, table, 1, 3, line)
    plot_xy(chart, w.ws, table, 1, 3, markers)
    chart.x_axis.number_format = chart.y_axis.number_format = "#,##0"
    chart.legend = None
    return chart


def greedy_section(w: SheetWriter, f) -> None:
    """The order of buy and, at each budget of the frontier's grid, the exact optimum beside it."""
    order = f.greedy
    if order is None:
        return
    w.heading("Greedy order of buy: most strength per unit of money first (integer units, risk cap kept)")
    w.note(f"Start from the least package allowed (cost {words.num(order.start_budget)}, strength "
           f"{words.num(order.start_strength)}); each step buys what adds most strength per unit of money, with the "
           "prerequisites it needs. At a budget the greedy plan is the steps that fit.")
    runs = order.tables()["runs"].rows(["first", "last", "bought", "cost", "gain", "ratio", "budget", "risk",
                                        "strength"])  # purchases that repeat one another, as one row
    w.table(["steps", "buys", "cost", "strength gained", "per unit of money", "budget so far", "risk so far",
             "strength so far"],
            [[str(first) if first == last else f"{first}-{last}",
              ", ".join(f"{words.num(n)} {c}" for c, n in bought.items()), *figures]
             for first, last, bought, *figures in runs],
            row_fmts=[[None, None, MONEY, AMOUNT, price_format(run[5]), MONEY, AMOUNT, AMOUNT] for run in runs])
    w.gap()
    comparison = f.tables()["comparison"].rows(["budget", "exact", "greedy", "exact beats greedy"])
    beats = [budget for budget, _, _, beats in comparison if beats]
    w.heading("Exact integer optimum against the greedy order, at each budget of the frontier's grid")
    w.table(["budget", "exact strength", "greedy strength", "exact beats greedy"], comparison,
            [MONEY, AMOUNT, AMOUNT, None])
    w.note("The exact optimum beats the greedy order at the budgets " + ", ".join(words.num(b) for b in beats) + "."
           if beats else "The greedy order is as good as the exact optimum at every budget of the grid.")


def sweep_section(w: SheetWriter, aid) -> None:
    w.heading("Which scenario ranks first as the budget varies (MAVT, aid strength from each scenario's own package)")
    if aid.sweep is None:
        w.note(f"Not computed: {aid.sweep_skipped}")
        return
    sweep = aid.sweep
    names = sweep.scenarios
    tables = sweep.tables()
    w.table(["budget", "ranks first", *(f"strength: {s}" for s in names)],
            tables["points"].rows(["budget", "top", *(f"strength: {s}" for s in names)]),
            [MONEY, None, *[AMOUNT] * len(names)])
    changes = tables["changes"].rows(["at", "below", "to", "from"])
    for at, below, to, former in changes:
        w.note(f"From a budget of {words.num(at)} (above {words.num(below)}), {to} ranks first instead of {former}.")
    if not changes:
        w.note("The top-ranked scenario does not change over the budgets swept.")

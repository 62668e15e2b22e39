"""Native Excel charts (bars, and scatter for frontiers) over tables already on a sheet (they stay
live if a reader edits them)."""

from __future__ import annotations

from openpyxl.chart import BarChart, Reference, ScatterChart, Series

from decision.report.cells import Table


def bar_chart(title: str, x_title: str, y_title: str, *, stacked: bool = False) -> BarChart:
    """A column chart with titled, visible axes (openpyxl leaves `delete` unset and Excel hides them)."""
    chart = BarChart()
    chart.type = "col"
    chart.title = title
    chart.x_axis.title = x_title
    chart.y_axis.title = y_title
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    if stacked:
        chart.grouping = "stacked"
        chart.overlap = 100
    chart.width, chart.height = 20, 10
    return chart


def plot_columns(chart: BarChart, ws, table: Table, first_col: int, last_col: int) -> BarChart:
    """One series per column first_col..last_col of `table` (titled by its header), over its first column."""
    data = Reference(ws, min_col=first_col, max_col=last_col, min_row=table.header_row, max_row=table.last_row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=table.first_col, min_row=table.first_row, max_row=table.last_row))
    return chart


def place(ws, chart: BarChart, row: int, col: int) -> None:
    from openpyxl.utils import get_column_letter

    ws.add_chart(chart, f"{get_column_letter(col)}{row}")


def scatter_chart(title: str, x_title: str, y_title: str) -> ScatterChart:
    """An XY chart with titled, visible axes (openpyxl leaves `delete` unset and Excel hides them)."""
    chart = ScatterChart()
    chart.title = title
    chart.style = 13
    chart.x_axis.title = x_title
    chart.y_axis.title = y_title
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.width, chart.height = 20, 10
    return chart


def plot_xy(chart: ScatterChart, ws, table: Table, x_col: int, y_col: int, *, lines: bool = False) -> Series:
    """One series: column y_col (titled by its header) against column x_col; markers only unless
    `lines` (a frontier of whole-unit packages has nothing in between its points)."""
    xs = Reference(ws, min_col=x_col, min_row=table.first_row, max_row=table.last_row)
    ys = Reference(ws, min_col=y_col, min_row=table.header_row, max_row=table.last_row)
    series = Series(ys, xs, title_from_data=True)
    series.marker.symbol = "circle"
    series.marker.size = 7
    if not lines:
        series.graphicalProperties.line.noFill = True
    chart.series.append(series)
    return series

"""Native Excel charts (bars, and scatter for frontiers) over tables already on a sheet (they stay
live if a reader edits them).

Scatter series carry their colours: the marker's fill and outline set explicitly (LibreOffice
draws a marker that inherits a series' 'no line' as nothing at all), a colour per series that
nothing else in the report uses, and a marker big enough to see on the printed page."""

from __future__ import annotations

from openpyxl.chart import BarChart, Reference, ScatterChart, Series
from openpyxl.chart.data_source import AxDataSource, NumDataSource, NumRef
from openpyxl.chart.marker import Marker
from openpyxl.chart.series import SeriesLabel, XYSeries
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.utils import get_column_letter, quote_sheetname

from decision.report.cells import Table
from decision.report.layout import layout_of

MARKER_SIZE = 10  # points
LINE_WIDTH = 19050  # EMU: 1.5 pt


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


def place(ws, chart, row: int, col: int) -> None:
    """Anchor `chart` at (row, col); it is a block of the printed page (layout.py)."""
    ws.add_chart(chart, f"{get_column_letter(col)}{row}")
    layout_of(ws).chart(row, col, chart.width, chart.height)


def scatter_chart(title: str, x_title: str, y_title: str) -> ScatterChart:
    """An XY chart with titled, visible axes (openpyxl leaves `delete` unset and Excel hides them)."""
    chart = ScatterChart()
    chart.title = title
    chart.scatterStyle = "lineMarker"
    chart.x_axis.title = x_title
    chart.y_axis.title = y_title
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.width, chart.height = 20, 10
    return chart


def plot_xy(chart: ScatterChart, ws, table: Table, x_col: int, y_col: int, colour: str) -> Series:
    """One series of markers only: column y_col (titled by its header) against column x_col, each
    point a filled circle of `colour` (RRGGBB)."""
    xs = Reference(ws, min_col=x_col, min_row=table.first_row, max_row=table.last_row)
    ys = Reference(ws, min_col=y_col, min_row=table.header_row, max_row=table.last_row)
    series = Series(ys, xs, title_from_data=True)
    series.marker = Marker(symbol="circle", size=MARKER_SIZE)
    series.marker.graphicalProperties = GraphicalProperties(solidFill=colour)
    series.marker.graphicalProperties.line.solidFill = colour
    series.graphicalProperties.line.noFill = True
    series.smooth = False
    chart.series.append(series)
    return series


def plot_line(chart: ScatterChart, ws, table: Table, x_col: int, y_col: int, colour: str, *,
              dash: str | None = None, first_row: int | None = None, last_row: int | None = None) -> Series:
    """One series drawn as a line without markers: column y_col (titled by its header) against
    x_col over the table's rows (or first_row..last_row); a blank row breaks the line."""
    first, last = first_row or table.first_row, last_row or table.last_row
    xs = Reference(ws, min_col=x_col, min_row=first, max_row=last)
    ys = Reference(ws, min_col=y_col, min_row=first, max_row=last)
    series = Series(ys, xs, title=str(ws.cell(row=table.header_row, column=y_col).value))
    series.marker = Marker(symbol="none")
    series.graphicalProperties = GraphicalProperties()
    series.graphicalProperties.line.solidFill = colour
    series.graphicalProperties.line.width = LINE_WIDTH
    if dash:
        series.graphicalProperties.line.prstDash = dash
    series.smooth = False
    chart.series.append(series)
    return series


def plot_staircase(chart: ScatterChart, ws, table: Table, x_col: int, y_col: int, colour: str,
                   title: str = "greatest strength") -> XYSeries:
    """A line without markers through (x1, y1), (x2, y1), (x2, y2), (x3, y2), ...: a quantity that
    holds from one point of the table to the next and then jumps (the greatest strength of whole-unit
    packages at each level of a limit). The references pick the table's cells in that order (unions
    of ranges: (x1:x2, x2:x3, ..., xn) against (y1, y1:y2, ..., y(n-1):yn)), so the chart stays live."""
    first, last = table.first_row, table.last_row
    sheet = quote_sheetname(ws.title)

    def cells(col: int, a: int, b: int | None = None) -> str:
        letter = get_column_letter(col)
        return f"{sheet}!${letter}${a}" + (f":${letter}${b}" if b is not None else "")

    xs = [cells(x_col, r, r + 1) for r in range(first, last)] + [cells(x_col, last)]
    ys = [cells(y_col, first)] + [cells(y_col, r, r + 1) for r in range(first, last)]
    series = XYSeries(xVal=AxDataSource(numRef=NumRef(f=f"({','.join(xs)})")),
                      yVal=NumDataSource(numRef=NumRef(f=f"({','.join(ys)})")),
                      tx=SeriesLabel(v=title))
    series.marker = Marker(symbol="none")
    series.graphicalProperties = GraphicalProperties()
    series.graphicalProperties.line.solidFill = colour
    series.graphicalProperties.line.width = LINE_WIDTH
    series.smooth = False
    chart.series.append(series)
    return series

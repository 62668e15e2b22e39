"""How a report sheet prints: A4 landscape, one page wide, the title row repeated, a print area,
and manual page breaks so that no block (a table, a chart, a paragraph) straddles two pages.

`SheetWriter` (cells.py) and `charts.place` record a sheet's blocks and tables here as they write;
`build.py` calls `print_setup(ws)` once the sheet is written. The rows a printed page holds are
estimated conservatively (fewer than fit) from the paper, the margins, the fit-to-width scale
(from the column widths) and the row heights, so that a page never overflows into a break of the
program's own: where the estimate is low, a page ends early; nothing is cut.

Also here: every table's header cells aligned like their column's values (numbers right, text
left; a text cell such as 'none' in a column of numbers right too), so that a printed figure
stands under its own heading.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from numbers import Real
from weakref import WeakKeyDictionary

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break, RowBreak
from openpyxl.worksheet.properties import PageSetupProperties

PAPER = (841.89, 595.28)  # A4 landscape, points
MARGINS = PageMargins(left=0.5, right=0.5, top=0.75, bottom=0.75, header=0.3, footer=0.3)  # inches
PRINT_WIDTH = PAPER[0] - 72 * (MARGINS.left + MARGINS.right)
# The body between the margins, less a safety share (LibreOffice and Excel round differently).
PRINT_HEIGHT = 0.97 * (PAPER[1] - 72 * (MARGINS.top + MARGINS.bottom))
# Points per unit of column width: Excel draws a unit as 7 px (5.25 pt) with Calibri 11, and so
# does LibreOffice with Carlito (Calibri's metric twin); without either, LibreOffice falls back to
# a wider font, draws every column wider, shrinks the page more and fills it less: never overfull.
# Narrower columns mean a larger fit-to-width scale, hence fewer rows a page: the safe side.
CHAR_PT = 5.25
DEFAULT_WIDTH = 9.0  # a column in the print area that the sheet left unsized
ROW_PT = 15.0  # openpyxl's default row height
LINE_PT = 15.0  # a line of wrapped text
CHARS_PER_UNIT = 1.2  # characters of wrapped text a unit of column width holds (Calibri, on average)
CM_PT = 72 / 2.54
TITLE_ROWS = "1:1"  # the sheet's title, on top of every printed page
HOLD = Alignment(vertical="top")


@dataclass
class Layout:
    """What a sheet's writers recorded: blocks of rows that must print on one page, charts, tables."""

    blocks: list[tuple[int, int]] = field(default_factory=list)
    charts: list[tuple[int, int, float, float]] = field(default_factory=list)  # row, column, width, height (cm)
    tables: list = field(default_factory=list)  # cells.Table: header_row, last_row, first_col, last_col

    def block(self, first: int, last: int) -> None:
        if last >= first:
            self.blocks.append((first, last))

    def chart(self, row: int, col: int, width_cm: float, height_cm: float) -> None:
        self.charts.append((row, col, float(width_cm), float(height_cm)))


_LAYOUTS: WeakKeyDictionary = WeakKeyDictionary()


def layout_of(ws) -> Layout:
    """The layout recorded for `ws` (a new one the first time)."""
    if ws not in _LAYOUTS:
        _LAYOUTS[ws] = Layout()
    return _LAYOUTS[ws]


def print_setup(ws, *, one_page: bool = False) -> None:
    """Page setup, header alignment, row heights of wrapped text, print area and page breaks;
    `one_page`: the whole sheet scaled onto one page (the Summary), no breaks."""
    layout = layout_of(ws)
    align_headers(ws, layout.tables)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_margins = PageMargins(left=MARGINS.left, right=MARGINS.right, top=MARGINS.top, bottom=MARGINS.bottom,
                                  header=MARGINS.header, footer=MARGINS.footer)
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, (1 if one_page else 0)
    ws.print_title_rows = TITLE_ROWS
    last_col = last_column(ws, layout)
    for col in range(1, last_col + 1):  # LibreOffice's default width is not Excel's: size every column
        if _width(ws, col) is None:
            ws.column_dimensions[get_column_letter(col)].width = DEFAULT_WIDTH
    heights = row_heights(ws, last_col)
    blocks = blocks_in_rows(layout, heights)
    last_row = max([ws.max_row, *(last for _, last in blocks)])
    for row in range(len(heights), last_row + 1):  # rows below the cells, under a chart: LibreOffice
        ws.row_dimensions[row].height = ROW_PT     # ignores a break among rows that hold no cell, so
        ws.cell(row=row, column=1).alignment = HOLD  # each gets an empty one, styled so that it is written
        heights.append(ROW_PT)
    ws.print_area = f"A1:{get_column_letter(last_col)}{last_row}"
    ws.row_breaks = RowBreak()
    if one_page:
        return
    for row in page_breaks(heights, blocks, page_height(ws, last_col, heights)):
        ws.row_breaks.append(Break(id=row))


def _width(ws, col: int) -> float | None:
    """The width set on a column, None when never set (openpyxl reads 13 then, and writes nothing)."""
    dim = ws.column_dimensions.get(get_column_letter(col))
    return dim.width if dim is not None and "width" in dict(dim) else None


def width_pt(ws, col: int) -> float:
    return CHAR_PT * (_width(ws, col) or DEFAULT_WIDTH)


def last_column(ws, layout: Layout) -> int:
    """The last column of the print area: the cells', or further where a chart reaches (its width
    over the narrowest columns the programs may draw)."""
    last = ws.max_column
    for _, col, width_cm, _ in layout.charts:
        room, c = width_cm * CM_PT, col
        while True:
            room -= width_pt(ws, c)
            if room <= 0:
                break
            c += 1
        last = max(last, c)
    return last


def scale(ws, last_col: int) -> float:
    """The fit-to-width scale, estimated high (hence the page estimated short)."""
    width = sum(width_pt(ws, col) for col in range(1, last_col + 1))
    return min(1.0, PRINT_WIDTH / width)


def page_height(ws, last_col: int, heights: list[float]) -> float:
    """The sheet points below the repeated title row that one printed page holds."""
    return PRINT_HEIGHT / scale(ws, last_col) - heights[1]


def row_heights(ws, last_col: int) -> list[float]:
    """Each row's height in points (index 0 unused): as set, else from its font size and its wrapped
    text, which is then set on the row so that both programs draw it as estimated."""
    merged = {(r.min_row, r.min_col): r.max_col for r in ws.merged_cells.ranges}
    by_row: dict[int, list] = {}
    for (row, col), cell in ws._cells.items():  # the cells written (iter_rows would create the others)
        if col <= last_col and cell.value is not None:
            by_row.setdefault(row, []).append(cell)
    heights = [0.0]
    for row in range(1, ws.max_row + 1):
        dim = ws.row_dimensions[row]
        if dim.height:
            heights.append(float(dim.height))
            continue
        height, lines = ROW_PT, 1
        for cell in by_row.get(row, ()):
            height = max(height, 1.35 * (cell.font.sz or 11))
            if cell.alignment.wrap_text and isinstance(cell.value, str):
                last = merged.get((row, cell.column), cell.column)
                units = sum(width_pt(ws, c) for c in range(cell.column, last + 1)) / CHAR_PT
                lines = max(lines, sum(math.ceil(max(1, len(part)) / (CHARS_PER_UNIT * units))
                                       for part in cell.value.split("\n")))
        if lines > 1:
            height = max(height, LINE_PT * lines)
            dim.height = height
        heights.append(height)
    return heights


def blocks_in_rows(layout: Layout, heights: list[float]) -> list[tuple[int, int]]:
    """The recorded blocks and the charts' rows (a chart covers the rows down to its height),
    overlapping ones merged, in order."""
    spans = list(layout.blocks)
    for row, _, _, height_cm in layout.charts:
        room, last = height_cm * CM_PT, row
        while True:
            room -= heights[last] if last < len(heights) else ROW_PT
            if room <= 0:
                break
            last += 1
        spans.append((row, last))
    merged: list[list[int]] = []
    for first, last in sorted(spans):
        if merged and first <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return [(first, last) for first, last in merged]


def page_breaks(heights: list[float], blocks: list[tuple[int, int]], page: float) -> list[int]:
    """The rows after which a page ends: a block that does not fit in what is left of a page starts
    the next one (a block taller than a page starts a page and runs on)."""
    starts = {first: last for first, last in blocks}
    breaks, used = [], 0.0
    for row in range(2, len(heights)):
        if row in starts and used > 0:
            need = sum(heights[row:starts[row] + 1])
            if used + need > page:
                breaks.append(row - 1)
                used = 0.0
        if used > 0 and used + heights[row] > page:
            breaks.append(row - 1)
            used = 0.0
        used += heights[row]
    return breaks


def _is_number(value) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def align_headers(ws, tables) -> None:
    """Each table column aligned one way, header included: right when it holds a number, else left."""
    for t in tables:
        for col in range(t.first_col, t.last_col + 1):
            values = [ws.cell(row=r, column=col).value for r in range(t.first_row, t.last_row + 1)]
            side = "right" if any(_is_number(v) for v in values) else "left"
            for r in range(t.header_row, t.last_row + 1):
                cell = ws.cell(row=r, column=col)
                a = cell.alignment
                cell.alignment = Alignment(horizontal=side, vertical=a.vertical, wrap_text=a.wrap_text,
                                           indent=a.indent, shrink_to_fit=a.shrink_to_fit,
                                           text_rotation=a.text_rotation)

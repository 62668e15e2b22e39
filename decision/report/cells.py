"""Typed cell writing: workbook text stays text (never a formula), numbers stay numbers.

`SheetWriter` lays a sheet out top to bottom (titles, label rows, tables) and remembers how wide
each column's content is, so that `finish` can size columns and wrap only the long text. It also
records the sheet's blocks for printing (layout.py): each run of rows between two gaps (a heading,
its sentences and its table stay together) and each table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Integral, Real

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from decision.report.layout import layout_of
from decision.xlsx_out import put_text

FONT = "Calibri"  # openpyxl's default; a bold font without a name prints in a serif fallback in LibreOffice
TITLE = Font(name=FONT, bold=True, size=14)
BOLD = Font(name=FONT, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
WRAP = Alignment(wrap_text=True, vertical="top")
MAX_WIDTH = 50  # characters; longer text wraps
NOTE_WIDTH = 100  # a note spills over the empty cells to its right, up to this many characters

# Number formats, by what the number is.
SCORE = "0.000"  # weights, scores and values on a 0..1 scale
WEIGHT = SCORE
MONEY = "#,##0"  # costs and budgets, in the Settings' currency unit
SHARE = "0.0%"  # acceptabilities, confidence, shares of a limit or of a scale
PLAIN = "General"
WHOLE = "0"
RATE = "0.000"  # a ratio: AHP judgements and consistency figures
AMOUNT = "#,##0.00##"  # strength, risk, fractional units: 2 to 4 decimals


def units_format(units) -> str:
    """Whole-unit purchases show whole numbers, fractional ones decimals."""
    return WHOLE if isinstance(units, Integral) else AMOUNT


def money_format(x) -> str:
    """Money as typed: whole amounts with thousands separators, fractional ones with their decimals."""
    whole = isinstance(x, Real) and math.isfinite(float(x)) and float(x) == int(x)
    return MONEY if whole else AMOUNT


def price_format(x) -> str:
    """A price (extra strength per unit of a limit, per unit of money) to about three significant
    digits: 1,234; 12.3; 1.23; 0.123; 0.012; below 0.01 in scientific notation."""
    try:
        size = abs(float(x))
    except (TypeError, ValueError):
        return PLAIN
    if size == 0 or not math.isfinite(size):
        return WHOLE
    if size >= 100:
        return "#,##0"
    if size >= 10:
        return "#,##0.0"
    if size >= 1:
        return "0.00"
    if size >= 0.01:
        return "0.000"
    return "0.00E+00"


def put(cell, value, fmt: str | None = None) -> None:
    """Write `value` by its kind: str (and anything else) through put_text, numbers with `fmt`."""
    if value is None or (isinstance(value, str) and value == ""):
        cell.value = None
    elif isinstance(value, bool):
        put_text(cell, "yes" if value else "no")
    elif isinstance(value, Real) and not math.isfinite(float(value)):
        put_text(cell, "n/a")
    elif isinstance(value, Integral):
        cell.value = int(value)
        cell.number_format = fmt or WHOLE
    elif isinstance(value, Real):
        cell.value = float(value)
        cell.number_format = fmt or PLAIN
    else:
        put_text(cell, value)


@dataclass(frozen=True)
class Table:
    """Where a table landed: its header row, data rows and columns (1-based, inclusive)."""

    header_row: int
    first_row: int
    last_row: int
    first_col: int
    last_col: int


class SheetWriter:
    """A cursor over one worksheet: each call writes at `row` and moves down."""

    def __init__(self, ws):
        self.ws = ws
        self.row = 1
        self.widths: dict[int, int] = {}
        self.measured: set[tuple[int, int]] = set()  # table and label cells: the ones `finish` may wrap
        self.layout = layout_of(ws)
        self.run: int | None = None  # the first row of the block being written (None: at a gap)

    def cell(self, row: int, col: int, value, fmt: str | None = None, *, measure: bool = True):
        cell = self.ws.cell(row=row, column=col)
        put(cell, value, fmt)
        if self.run is None or row < self.run:
            self.run = row
        if measure and cell.value is not None:
            shown = len(str(cell.value)) if not isinstance(cell.value, float) else len(f"{cell.value:.4g}") + 2
            self.widths[col] = max(self.widths.get(col, 0), shown)
            self.measured.add((row, col))
        return cell

    def title(self, text: str) -> None:
        self.cell(self.row, 1, text, measure=False).font = TITLE
        self.row += 1
        self.gap()

    def heading(self, text: str) -> None:
        self.cell(self.row, 1, text, measure=False).font = BOLD
        self.row += 1

    def note(self, text: str) -> None:
        """A sentence in column A that spills to the right (a very long one wraps across A:H)."""
        cell = self.cell(self.row, 1, text, measure=False)
        if len(text) > NOTE_WIDTH:
            self.ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=8)
            cell.alignment = WRAP
            self.ws.row_dimensions[self.row].height = 15 * math.ceil(len(text) / NOTE_WIDTH)
        self.row += 1

    def gap(self) -> None:
        """An empty row; the rows since the last gap are one block (they print on one page)."""
        self.end_block()
        self.row += 1

    def end_block(self) -> None:
        if self.run is not None:
            self.layout.block(self.run, self.row - 1)
            self.run = None

    def keep(self, first: int, last: int) -> None:
        """Rows `first`..`last` print on one page (beyond the runs between gaps)."""
        self.layout.block(first, last)

    def line(self, values, fmts=()) -> int:
        """One row of values from column A; returns its row number."""
        fmts = list(fmts) + [None] * (len(values) - len(fmts))
        for col, (value, fmt) in enumerate(zip(values, fmts), start=1):
            self.cell(self.row, col, value, fmt)
        self.row += 1
        return self.row - 1

    def label(self, label: str, value=None, words: str | None = None, fmt: str | None = None) -> int:
        """A bold label, its value and (optionally) what it means in words."""
        row = self.line([label, value, words], [None, fmt, None])
        self.ws.cell(row=row, column=1).font = BOLD
        return row

    def table(self, header, rows, fmts=(), row_fmts=None) -> Table:
        """A header row (bold, shaded) and data rows; `fmts` gives each column's number format
        (`row_fmts`, one list per row, where a column mixes whole and fractional numbers)."""
        start = self.line(header)
        for col in range(1, len(header) + 1):
            cell = self.ws.cell(row=start, column=col)
            cell.font, cell.fill = BOLD, HEADER_FILL
        rows = list(rows)
        for values, row_fmt in zip(rows, row_fmts or [fmts] * len(rows)):
            self.line(values, row_fmt)
        table = Table(start, start + 1, self.row - 1, 1, len(header))
        self.layout.tables.append(table)
        self.layout.block(start, table.last_row)
        return table

    def finish(self, *, minimum: int = 10, fixed: dict[int, int] | None = None) -> None:
        """Size the columns to their content (capped) and wrap the text longer than the cap."""
        self.end_block()
        fixed = fixed or {}
        for col, width in self.widths.items():
            self.ws.column_dimensions[get_column_letter(col)].width = fixed.get(col, max(minimum, min(width, MAX_WIDTH) + 2))
        for col, width in fixed.items():
            self.ws.column_dimensions[get_column_letter(col)].width = width
        rows: dict[int, int] = {}
        for row, col in sorted(self.measured):
            cell = self.ws.cell(row=row, column=col)
            limit = fixed.get(col, MAX_WIDTH)
            if isinstance(cell.value, str) and len(cell.value) > limit:
                rows[row] = max(rows.get(row, 1), math.ceil(len(cell.value) / (1.25 * limit)))
        for row, lines in rows.items():  # Excel does not grow a row for wrapped text by itself
            self.ws.row_dimensions[row].height = 15 * lines
            for col in range(1, self.ws.max_column + 1):
                if (row, col) in self.measured:
                    cell = self.ws.cell(row=row, column=col)
                    cell.alignment = Alignment(horizontal=cell.alignment.horizontal, wrap_text=True, vertical="top")

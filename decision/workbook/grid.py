"""The grid sheets (Scores, ScoresLow, ScoresHigh, Rationale, Pairwise, AidEffects), read one way:
the header row names the columns, the first column names the rows. Names that match nothing, names
given twice, names with no column or no row, values below a blank header or beyond the last one
are reported here; each sheet only says its names in its own words (`Axis`) and converts its cells."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from decision.model import normalize
from decision.workbook.cells import Hints, Problems, describe, is_blank, ref, shown
from decision.workbook.sheets import data_rows


@dataclass(frozen=True)
class Axis:
    """The names along one side of a grid sheet, and how its messages say them."""

    thing: str  # what a name names: 'criterion', 'alternative', 'category'
    names: Sequence[str]  # the names it may hold, in the study's order
    unknown: str  # a name that matches none; fields {shown} (quoted), {text} (stripped), {described}, {hint}
    hint: str = ""  # the closest name, fields {typo} and {typo_shown}: ' (closest: {typo_shown})'; '' seeks none
    say_first: bool = False  # a name given twice says where it came first

    def no_match(self, value, hints: Hints) -> str:
        hint = ""
        if self.hint:
            typo = hints.closest(str(value), self.names)
            hint = self.hint.format(typo=typo, typo_shown=shown(typo)) if typo else ""
        return self.unknown.format(shown=shown(value), text=str(value).strip(), described=describe(value), hint=hint)


def corner_ok(title: str, rows, name: str, p: Problems) -> bool:
    """Whether the first header cell holds `name` (what the first column names); an error there if not."""
    header = rows[0] if rows else ()
    if not header or is_blank(header[0]) or normalize(header[0]) != name:
        found = f", found {describe(header[0])}" if header and not is_blank(header[0]) else ""
        p.error(ref(title, 1, 0), f"the first column must be '{name}'{found}")
        return False
    return True


def unnamed_columns(title: str, rows, what: str, p: Problems) -> None:
    """An error for each column of a grid sheet that holds values below a blank or absent header
    cell: those values would otherwise be dropped without a word."""
    header = rows[0] if rows else ()
    filled = {i for r in rows[1:] for i, v in enumerate(r) if i > 0 and not is_blank(v)}
    for i in sorted(filled):
        if i >= len(header) or is_blank(header[i]):
            p.error(ref(title, 1, i), f"values below a blank header: name the {what}")


class Grid:
    """A grid sheet's names placed: `columns` maps a sheet column to its name's index in
    `across.names`. Making one reports the unnamed columns and the header row's problems; the rows
    are placed (and their problems reported) as `named_rows` reaches them, so that a caller reading
    cells row by row reports in the sheet's order. One `Hints` budget serves the whole sheet."""

    def __init__(self, title: str, rows, across: Axis, down: Axis, p: Problems):
        self.title, self.rows, self.across, self.down, self.p = title, rows, across, down, p
        self.header = rows[0] if rows else ()
        self.hints = Hints()
        self.columns: dict[int, int] = {}  # sheet column -> name index
        self.column_of: dict[int, int] = {}  # name index -> sheet column
        self.row_of: dict[int, int] = {}  # name index -> row number
        self.rows_ok = True  # every row with values names a row of the grid, once
        unnamed_columns(title, rows, across.thing, p)
        index = _index(across.names)
        for i, value in enumerate(self.header[1:], start=1):
            if is_blank(value):
                continue
            k = self._name(across, index, value, ref(title, 1, i), self.column_of, lambda at: ref(title, 1, at))
            if k is not None:
                self.column_of[k] = i
                self.columns[i] = k

    def _name(self, axis: Axis, index, value, where: str, placed, first) -> int | None:
        """The index of the name `value` gives, or None after saying why (unknown, or given before)."""
        k = index.get(normalize(value))
        if k is None:
            self.p.error(where, axis.no_match(value, self.hints))
            return None
        if k in placed:
            also = f" (also {first(placed[k])})" if axis.say_first else ""
            self.p.error(where, f"{axis.thing} '{axis.names[k]}' appears twice{also}")
            return None
        return k

    def named_rows(self):
        """(row number, row, name index) for each row with values whose first cell names a row of
        the grid; every other row with values is reported when reached."""
        index = _index(self.down.names)
        article = "an" if self.down.thing[0] in "aeiou" else "a"
        for number, row in data_rows(self.rows):
            value = row[0] if row else None
            where = ref(self.title, number, 0)
            if is_blank(value):
                self.p.error(where, f"values in a row without {article} {self.down.thing} name")
                k = None
            else:
                k = self._name(self.down, index, value, where, self.row_of, lambda at: f"row {at}")
            if k is None:
                self.rows_ok = False
                continue
            self.row_of[k] = number
            yield number, row, k

    def cells(self, named):
        """(row's name index, column's name index, cell, value) of every named column of each row of
        `named` (from `named_rows`), row by row."""
        for number, row, k in named:
            for i, j in self.columns.items():
                yield k, j, ref(self.title, number, i), (row[i] if i < len(row) else None)

    def missing_columns(self) -> None:
        """An error, beyond the last header, for each name with no column."""
        missing = [name for j, name in enumerate(self.across.names) if j not in self.column_of]
        for k, name in enumerate(missing):
            self.p.error(ref(self.title, 1, len(self.header) + k), f"{self.across.thing} '{name}' has no column")

    def missing_rows(self) -> None:
        """An error, below the last row, for each name with no row."""
        missing = [name for j, name in enumerate(self.down.names) if j not in self.row_of]
        for k, name in enumerate(missing):
            self.p.error(ref(self.title, len(self.rows) + 1 + k, 0), f"{self.down.thing} '{name}' has no row")

    @property
    def complete(self) -> bool:
        """Every name has its column and its row."""
        return len(self.column_of) == len(self.across.names) and len(self.row_of) == len(self.down.names)


def _index(names) -> dict[str, int]:
    return {normalize(name): k for k, name in enumerate(names)}

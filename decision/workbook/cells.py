"""Cell conversion for the workbook reader: what a cell holds, said in a message; numbers typed as
text; a cell converted by its schema column; the Problems collector every reader reports to."""

from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass, field

from decision.errors import Problem
from decision.model import closest, normalize
from decision.workbook import schema as S
from decision.workbook.files import Uncached, printable
from openpyxl.utils import get_column_letter

# --- messages: where, and what was found ---------------------------------------------------


def cell(row: int, col: int) -> str:
    """`C4` from 1-based row and 0-based column index."""
    return f"{get_column_letter(col + 1)}{row}"


def ref(sheet: str, row: int, col: int) -> str:
    """`Sheet!C4` from 1-based row and 0-based column index."""
    return f"{sheet}!{cell(row, col)}"


_CELL = re.compile(r"\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?")


def located(label: str, where: str, message: str) -> Problem:
    """The problem `message` at `where` (`Sheet!C4`, `Sheet!C2:C7`, or a sheet), made printable
    (one line, whatever a cell held)."""
    sheet, bang, address = where.rpartition("!")
    if not bang or not _CELL.fullmatch(address):
        sheet, address = where, None
    return Problem(printable(message), file=printable(label), sheet=printable(sheet), cell=address)


def shown(value, limit: int = 60) -> str:
    """A cell's text quoted for a message: escaped (one line, no control characters) and cut short."""
    text = str(value).strip()
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def describe(value) -> str:
    if isinstance(value, Uncached):
        return f"the formula {shown(value.formula)} without a computed value"
    if isinstance(value, bool):
        return f"the boolean {str(value).upper()}"
    if isinstance(value, _dt.datetime):
        if value.time() == _dt.time(0):
            return f"the date {value.date().isoformat()} (a number formatted as a date?)"
        return f"the date and time {value.isoformat(sep=' ')}"
    if isinstance(value, _dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, _dt.time):
        return f"the time {value.isoformat()} (a number formatted as a time?)"
    if isinstance(value, _dt.timedelta):
        return f"the duration {value} (a number formatted as a duration?)"
    if isinstance(value, str) and value.startswith("#"):
        return f"the error value {shown(value, 20)[1:-1]}"
    if isinstance(value, str):
        return shown(value)
    return repr(value)


def figure(x) -> str:
    """A number found in a cell, for a message: exact and short, thousands separated
    ('1,000,000,001', '0.1', '1e300', '1e-12')."""
    if isinstance(x, int) and not isinstance(x, bool):
        return f"{x:,}"
    text = repr(float(x))
    if "e" in text:
        mantissa, exponent = text.split("e")
        return f"{mantissa.removesuffix('.0')}e{int(exponent)}"
    whole, _, fraction = text.partition(".")
    return f"{int(whole):,}" + ("" if fraction == "0" else f".{fraction}")


def out_of_range(number: float, *, minimum=None, positive=False, maximum=None, magnitude=None) -> str | None:
    """What `number` must be when it is beyond a documented bound ('must be at most 1e9'), else None.
    `magnitude` (least, most): the number is 0 or least <= |number| <= most."""
    if maximum is not None and number > maximum:
        return f"must be at most {S.bound(maximum)}"
    if magnitude is not None:
        least, most = magnitude
        size = abs(number)
        if size > most or 0 < size < least:
            signed = "" if positive or (minimum is not None and minimum >= 0) else " in magnitude"
            return f"must be {'' if positive else '0 or '}between {S.bound(least)} and {S.bound(most)}{signed}"
    return None


@dataclass
class Problems:
    label: str
    errors: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)  # cells refused whole (check_sizes): nothing more is said of them

    def error(self, where: str, message: str) -> None:
        if where not in self.refused:
            self.errors.append(located(self.label, where, message))

    def warn(self, where: str, message: str) -> None:
        if where not in self.refused:
            self.warnings.append(str(located(self.label, where, message)))


class Hints:
    """`closest` for the first few unknown names of a sheet only: each call compares against every
    candidate, and ten thousand misspelt names against ten thousand criteria would take minutes
    for hints nobody reads."""

    def __init__(self, budget: int = 20):
        self.budget = budget

    def closest(self, name: str, candidates) -> str | None:
        if self.budget <= 0:
            return None
        self.budget -= 1
        return closest(name, candidates)


# --- cell conversion ----------------------------------------------------------------------


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


SPACES = " \t\r\n\u00a0\u202f\u2009"  # also non-breaking, narrow non-breaking and thin spaces
_GROUPED = re.compile(r"([+-]?)(\d{1,3})([,. \u00a0\u202f\u2009'\u2019])(\d{3}(?:\3\d{3})*)(?:([.,])(\d+))?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d*,\d+")
_SEPARATOR_NAMES = {" ": "spaces", "\u00a0": "non-breaking spaces", "\u202f": "narrow non-breaking spaces",
                    "\u2009": "thin spaces", "'": "apostrophes", "\u2019": "apostrophes"}


def number_from_text(text: str) -> tuple[float | None, list[str]]:
    """A number typed as text, and what had to be assumed to read it: a per cent sign, thousands
    separators ('1,234', '1 234' with non-breaking spaces, '1.234.567'), a decimal comma ('1,5').
    A single group after a comma ('1,234') is read as thousands: the warning says so."""
    t = text.strip(SPACES).replace("\u2212", "-")
    assumed = []
    percent = t.endswith("%")
    if percent:
        t = t[:-1].rstrip(SPACES)
    number = None
    if t and "_" not in t:
        try:
            number = float(t)
        except ValueError:
            pass
    if number is None:
        grouped = _GROUPED.fullmatch(t)
        if grouped and grouped.group(3) != grouped.group(5):
            sign, head, sep, groups, point, fraction = grouped.groups()
            digits = head + groups.replace(sep, "")
            number = float(f"{sign}{digits}.{fraction}" if fraction else f"{sign}{digits}")
            name = _SEPARATOR_NAMES.get(sep)
            assumed.append(f"{name} as thousands separators" if name else f"'{sep}' as a thousands separator")
            if point == ",":
                assumed.append("',' as the decimal separator")
        elif _DECIMAL_COMMA.fullmatch(t):
            number = float(t.replace(",", "."))
            assumed.append("',' as the decimal separator")
    if number is not None and percent:
        number /= 100
        assumed.append("'%' as per cent")
    return number, assumed


def as_number(value, where: str, p: Problems):
    """A finite float, or None after reporting the problem. Numeric text is accepted with a warning
    saying what was assumed to read it."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        p.error(where, f"expected a number, found {describe(value)}")
        return None
    if isinstance(value, str):
        if value.strip().startswith("#"):
            p.error(where, f"expected a number, found {describe(value)}")
            return None
        number, assumed = number_from_text(value)
        if number is None:
            p.error(where, f"expected a number, found {shown(value)}")
            return None
        if math.isfinite(number):
            taking = f", taking {' and '.join(assumed)}" if assumed else ""
            p.warn(where, f"the number {shown(value)} is stored as text; read as {number:.15g}{taking}")
    else:
        try:
            number = float(value)
        except OverflowError:  # an integer of hundreds of digits
            number = math.inf
    if not math.isfinite(number):
        p.error(where, f"expected a finite number, found {shown(value)}")
        return None
    return number


def as_text(value, where: str, p: Problems):
    if isinstance(value, str):
        if value.startswith("#") and value.strip() in {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"}:
            p.error(where, f"expected text, found {describe(value)}")
            return None
        return value.strip()
    if isinstance(value, (Uncached, bool, _dt.datetime, _dt.date, _dt.time)):
        p.error(where, f"expected text, found {describe(value)}")
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def cell_value(column: S.Column, value, where: str, p: Problems):
    """Convert one record cell by its column's kind; None when blank (if allowed) or wrong."""
    if is_blank(value):
        if not column.blank_ok:
            p.error(where, f"'{column.name}' is blank")
        return None
    if column.kind == S.ANY:
        return value
    if column.kind == S.NUMBER:
        number = as_number(value, where, p)
        if number is None:
            return None
        if column.positive and number <= 0:
            p.error(where, f"'{column.name}' must be > 0, found {number:g}")
            return None
        if column.minimum is not None and number < column.minimum:
            p.error(where, f"'{column.name}' must be >= {column.minimum:g}, found {number:g}")
            return None
        rule = out_of_range(number, minimum=column.minimum, positive=column.positive, maximum=column.maximum,
                            magnitude=column.magnitude)
        if rule:
            p.error(where, f"'{column.name}' {rule}, found {figure(number)}")
            return None
        return number
    if column.kind == S.YESNO:
        key = normalize(value) if not isinstance(value, bool) else str(value).lower()
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value in (0, 1):
            key = str(int(value))
        if key not in S.YES_WORDS:
            p.error(where, f"'{column.name}' must be yes or no, found {describe(value)}")
            return None
        return S.YES_WORDS[key]
    text = as_text(value, where, p)
    if text is None:
        return None
    if column.kind == S.CHOICE:
        key = normalize(text)
        if key not in column.choices:
            p.error(where, f"'{column.name}' must be one of {', '.join(column.choices)}, found {shown(text)}")
            return None
        return key
    return text

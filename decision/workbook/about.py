"""The About sheet: the study's identity (title, author, organisation, date, classification, caveat)
and its other topics, kept as notes.

The sheet is optional and never an error: a problem in it is a warning, and the cell (or, without
the `topic` and `text` columns, the whole sheet) is ignored, so that no workbook is refused for
what it says about itself. Topics are matched ignoring case and surrounding spaces; a known topic
given twice keeps the first. Text is kept as typed (a number or a date in a text cell is written
out as text); `date` takes a date cell, or text, parsed when it is typed as YYYY-MM-DD.
"""

from __future__ import annotations

import datetime as _dt
import re

from decision.limits import MAX_TEXT_LENGTH
from decision.model import ABOUT_TOPICS, About, closest, normalize
from decision.workbook import schema as S
from decision.workbook.cells import Hints, Problems, describe, is_blank, ref, shown
from decision.workbook.files import RawWorkbook, Uncached
from decision.workbook.sheets import data_rows

ERROR_VALUES = {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
YEARS = (1000, 9999)  # a whole number in the date cell within these is a year, kept as text


def is_about_sheet(title: str) -> bool:
    """Whether `title` names the About sheet (case and surrounding spaces ignored)."""
    return normalize(title) == normalize(S.ABOUT.name)


def read_about(raw: RawWorkbook, p: Problems) -> About:
    """The study's identity from the About sheet; About() when there is none or it cannot be read.
    Only warnings: never an error."""
    titles = [title for title in raw.sheets if is_about_sheet(title)]
    if not titles:
        return About()
    title = titles[0]
    if len(titles) > 1:
        p.warn(title, f"{len(titles)} sheets match this name: {', '.join(shown(t) for t in titles)}; only the "
                      "first is read")
    rows = raw.sheets[title]
    columns = _columns(title, rows, p)
    if columns is None:
        return About()
    topic_col, text_col = columns
    known: dict[str, object] = {}
    first: dict[str, str] = {}  # topic -> the cell that gave it
    notes: list[tuple[str, str]] = []
    hints = Hints()
    for number, row in data_rows(rows):
        topic_cell = row[topic_col] if topic_col < len(row) else None
        value = row[text_col] if text_col < len(row) else None
        if is_blank(value):
            continue  # not given (the template lists the topics with their text blank)
        topic_where, where = ref(title, number, topic_col), ref(title, number, text_col)
        topic = _text(topic_cell, topic_where, p) or ""
        key = normalize(topic)
        if key in ABOUT_TOPICS:
            if key in first:
                p.warn(topic_where, f"topic '{key}' given twice (also {first[key]}): the first is kept")
                continue
            text = _date(value, where, p) if key == "date" else _text(value, where, p)
            if text not in (None, ""):
                known[key], first[key] = text, topic_where
            continue
        text = _text(value, where, p)
        if text:
            typo = hints.closest(topic, ABOUT_TOPICS) if 0 < len(topic) <= 100 else None
            if typo:
                p.warn(topic_where, f"topic {shown(topic)} kept as a note (did you mean '{typo}'?)")
            notes.append((topic, text))
    return About(**known, notes=tuple(notes))


def _columns(title: str, rows, p: Problems) -> tuple[int, int] | None:
    """The columns `topic` and `text` (0-based) from row 1; None, with one warning unless the sheet is
    blank, when either is missing."""
    header = rows[0] if rows else ()
    found: dict[str, int] = {}
    others: list[str] = []
    for i, value in enumerate(header):
        if isinstance(value, str) and not is_blank(value):
            key = normalize(value)
            if key in ("topic", "text"):
                found.setdefault(key, i)
            else:
                others.append(value.strip())
    missing = [name for name in ("topic", "text") if name not in found]
    if not missing:
        return found["topic"], found["text"]
    if any(not is_blank(v) for row in rows for v in row):
        typos = [(name, closest(name, others[:1000])) for name in missing]
        said = " and ".join(f"'{name}'" + (f" (found {shown(typo)}: a typo?)" if typo else "") for name, typo in typos)
        p.warn(title, f"no column{'s' if len(missing) > 1 else ''} {said} in row 1: the sheet is ignored")
    return None


def _text(value, where: str, p: Problems) -> str | None:
    """A cell's text as typed: text stripped (cut at Excel's limit), a number or a date written out;
    None, with a warning, for a formula without a computed value or an error value."""
    if value is None:
        return ""
    if isinstance(value, Uncached) or (isinstance(value, str) and value.strip() in ERROR_VALUES):
        p.warn(where, f"expected text, found {describe(value)}: ignored")
        return None
    if isinstance(value, str):
        text = value.strip()
        if len(text) > MAX_TEXT_LENGTH:
            p.warn(where, f"text of {len(text):,} characters cut to {MAX_TEXT_LENGTH:,} (Excel's limit)")
            text = text[:MAX_TEXT_LENGTH]
        return text
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(value, ".15g")
    return str(value)


def _date(value, where: str, p: Problems) -> _dt.date | str | None:
    """The date: a date cell's date, text typed as YYYY-MM-DD parsed, other text as typed, a year
    as text; any other number as text, with a warning (a date serial without a date format?)."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = _text(value, where, p)
        if not (float(value).is_integer() and YEARS[0] <= value <= YEARS[1]):
            p.warn(where, f"'date' is the number {text}, kept as text: format the cell as a date, or type the date "
                          "as YYYY-MM-DD")
        return text
    text = _text(value, where, p)
    if text and _ISO_DATE.fullmatch(text):
        try:
            return _dt.date.fromisoformat(text)
        except ValueError:
            p.warn(where, f"'date' {shown(text)} is not a valid date: kept as typed")
    return text

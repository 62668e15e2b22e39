"""Sheets of a workbook as the reader finds them: a sheet by its name, the notes on the file and the
sizes of its cells (checked before anything reads them), and the record sheets (header in row 1, one
record per row) converted by the schema's columns."""

from __future__ import annotations

import dataclasses

from decision.limits import MAX_NAME_LENGTH, MAX_TEXT_LENGTH
from decision.model import closest, normalize
from decision.workbook import schema as S
from decision.workbook.cells import Problems, cell_value, is_blank, ref, shown
from decision.workbook.files import RawWorkbook


def find_sheet(raw: RawWorkbook, name: str, p: Problems | None = None):
    """The rows of the sheet named `name` (case and spaces ignored), or None. Two such sheets (Excel
    allows 'Scores' beside 'Scores ') are an error when `p` is given. Only the sheets
    `is_schema_sheet` accepts are read from the file."""
    found = [(title, rows) for title, rows in raw.sheets.items() if normalize(title) == normalize(name)]
    if len(found) > 1 and p is not None:
        p.error(name, f"{len(found)} sheets match this name: {', '.join(shown(t) for t, _ in found)}; rename all but one")
    return found[0] if found else None


def is_schema_sheet(title: str) -> bool:
    """Whether the reader reads this sheet; the others are listed but not parsed (nor counted
    against the cell limit)."""
    return normalize(title) in _SCHEMA_SHEETS


_SCHEMA_SHEETS = {normalize(n) for n in S.SHEET_NAMES + S.ALLOCATION_SHEETS}


def missing_sheet(raw: RawWorkbook, name: str, needed_by: str, p: Problems) -> None:
    typo = closest(name, [t for t in (raw.titles or raw.sheets) if normalize(t) not in _SCHEMA_SHEETS][:1000])
    hint = f" (found '{typo}': a typo?)" if typo else ""
    p.error(name, f"missing sheet (needed by {needed_by}){hint}")


def header_map(title: str, rows, expected: list[str], required: set[str], p: Problems) -> dict[str, int] | None:
    """Map expected column names to 0-based indexes from row 1; report missing/duplicate columns."""
    header = rows[0] if rows else ()
    if all(is_blank(v) for v in header) and len(rows) > 1 and not all(is_blank(v) for v in rows[1]):
        p.error(ref(title, 1, 0), "row 1 is blank: the column names must be in row 1")
        return None
    found: dict[str, int] = {}
    unknown: dict[str, int] = {}
    for i, value in enumerate(header):
        if is_blank(value) or not isinstance(value, str):
            continue
        key = normalize(value)
        if key in found:
            p.error(ref(title, 1, i), f"column {shown(value)} appears twice (also {ref(title, 1, found[key])})")
            continue
        if key in {normalize(e) for e in expected}:
            found[key] = i
        else:
            unknown[value.strip()] = i
    ok = True
    for name in expected:
        if name in required and name not in found:
            ok = False
            typo = closest(name, list(unknown)[:1000])
            if typo:
                p.error(ref(title, 1, unknown[typo]), f"missing column '{name}' (found '{typo}': a typo?)")
            else:
                p.error(ref(title, 1, len(header)), f"missing column '{name}'")
    return found if ok else None


def is_empty_sheet(rows) -> bool:
    """Nothing below the header row and right of the first column: a sheet left as the template made it."""
    return all(is_blank(v) for row in rows[1:] for v in row[1:])


def data_rows(rows):
    """(row number, row) for every non-blank row after the header."""
    for number, row in enumerate(rows[1:], start=2):
        if not all(is_blank(v) for v in row):
            yield number, row


def read_records(title: str, rows, sheet: S.RecordSheet, p: Problems):
    """Records as dicts of converted values, each with '_row'; None if the header is unusable."""
    names = [c.name for c in sheet.columns]
    columns = header_map(title, rows, names, {c.name for c in sheet.columns if c.required}, p)
    if columns is None:
        return None
    records = []
    seen: dict[str, int] = {}
    for number, row in data_rows(rows):
        record = {"_row": number, "_bad": set()}
        for column in sheet.columns:
            i = columns.get(column.name)
            if i is None:
                record[column.name] = None
                continue
            value = row[i] if i < len(row) else None
            before = len(p.errors)
            record[column.name] = cell_value(column, value, ref(title, number, i), p)
            if len(p.errors) > before:
                record["_bad"].add(column.name)
        key = record.get(sheet.key)
        if key is not None:
            norm = normalize(key)
            if norm in seen:
                p.error(ref(title, number, columns[sheet.key]), f"duplicate {sheet.key} '{key}' (also row {seen[norm]})")
                continue
            seen[norm] = number
        records.append(record)
    if not records:
        p.error(title, f"no {sheet.key or 'record'} rows below the header")
    return records



def header_index(rows, name: str) -> int:
    """The column named `name`; where it would go (after the last) when the sheet lacks it."""
    header = rows[0] if rows else ()
    return next((i for i, v in enumerate(header) if isinstance(v, str) and normalize(v) == name), len(header))



MERGED_SHOWN = 10  # merged ranges warned about per sheet


def file_notes(raw: RawWorkbook, p: Problems) -> None:
    """What the reader assumed about the file: macros ignored, hidden sheets read, merged cells."""
    p.warnings.extend(raw.warnings)
    for title in raw.hidden:
        if title in raw.sheets:
            p.warn(title, "hidden sheet (read like any other)")
    for title, ranges in raw.merged.items():
        for cell_range in ranges[:MERGED_SHOWN]:
            first = cell_range.split(":")[0]
            p.warn(f"{title}!{cell_range}", f"merged cells: only {first} holds a value, the others read as blank")
        if len(ranges) > MERGED_SHOWN:
            p.warn(title, f"{len(ranges) - MERGED_SHOWN:,} more merged ranges, read the same way")


# Cells that hold names (of alternatives, criteria, aid categories, settings): the key columns of
# the record sheets, and the header row and first column of the grid sheets.
_NAME_COLUMNS = {normalize(sheet): columns for sheet, columns in (
    ("Alternatives", ("alternative",)), ("Criteria", ("criterion",)), ("Aid", ("category",)),
    ("Settings", ("setting",)), (S.AID_CURVE.name, ("category",)), (S.AID_LINKS.name, ("category", "requires")))}
_ABOUT = normalize(S.ABOUT.name)
_GRID_SHEETS = {normalize(s.name) for s in S.MATRIX_SHEETS} | {normalize("Pairwise"), normalize(S.AID_EFFECTS_NAME)}


def check_sizes(raw: RawWorkbook, p: Problems) -> RawWorkbook:
    """Refuse, at its cell, a name longer than MAX_NAME_LENGTH characters and any text longer than
    MAX_TEXT_LENGTH (Excel's own limit), before anything else reads them. A refused cell is cut to
    that length, so that no later message copies megabytes of text (escaping a 40 MB name for a
    message took gigabytes), and nothing more is said about it."""
    sheets = {}
    for title, rows in raw.sheets.items():
        kind = normalize(title)
        if kind == _ABOUT:  # never an error: about.py cuts a text too long, with a warning
            sheets[title] = rows
            continue
        grid = kind in _GRID_SHEETS
        header = rows[0] if rows else ()
        keys = {i for i, v in enumerate(header) if isinstance(v, str) and len(v) <= MAX_NAME_LENGTH
                and normalize(v) in _NAME_COLUMNS.get(kind, ())}
        out = []
        for number, row in enumerate(rows, start=1):
            if not any(isinstance(v, str) and len(v) > MAX_NAME_LENGTH for v in row):
                out.append(row)
                continue
            row = list(row)
            for i, value in enumerate(row):
                if not isinstance(value, str) or len(value) <= MAX_NAME_LENGTH:
                    continue
                where = ref(title, number, i)
                is_name = (number == 1 or i == 0) if grid else (number > 1 and i in keys)
                size = len(value.strip()) if len(value) <= MAX_TEXT_LENGTH else len(value)
                preview = shown(value[:100])
                if is_name and size > MAX_NAME_LENGTH:
                    p.error(where, f"expected a name of at most {MAX_NAME_LENGTH:,} characters, found {size:,} "
                                   f"({preview})")
                    row[i] = value[:MAX_TEXT_LENGTH].strip()[:MAX_NAME_LENGTH]
                elif size > MAX_TEXT_LENGTH:
                    p.error(where, f"expected text of at most {MAX_TEXT_LENGTH:,} characters (Excel's limit), found "
                                   f"{size:,} ({preview})")
                    row[i] = value[:MAX_TEXT_LENGTH]
                else:
                    continue
                p.refused.add(where)
            out.append(tuple(row))
        sheets[title] = out
    return dataclasses.replace(raw, sheets=sheets)

"""Opening a workbook file: refuse what is not an .xlsx with a message a person understands, and
read each sheet as a grid of cached values (formulas without a cached value marked as such)."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from decision.errors import InputError


@dataclass(frozen=True)
class Uncached:
    """A formula cell whose value the spreadsheet program never computed (or never saved)."""

    formula: str


@dataclass
class RawWorkbook:
    label: str  # how messages name the file
    sha256: str
    sheets: dict[str, list[tuple]]  # sheet title -> rows of values (None for blank)
    hidden: tuple[str, ...] = ()


def _kind_of(data: bytes) -> str:
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "it is an old binary .xls workbook or another OLE file: save it as .xlsx"
    if not data:
        return "the file is empty"
    if data[:4] == b"PK\x03\x04" or data[:4] == b"PK\x05\x06":
        return "it is a damaged zip archive"
    sample = data[:4096]
    try:
        sample.decode("utf-8")
        return "it is a text file (a CSV renamed to .xlsx?)"
    except UnicodeDecodeError:
        return "it is not a zip archive"


def read_bytes(path: Path, label: str) -> bytes:
    if not path.exists():
        raise InputError(f"{label}: no such file")
    if path.is_dir():
        raise InputError(f"{label}: is a folder, not a workbook")
    try:
        return path.read_bytes()
    except PermissionError:
        raise InputError(f"{label}: cannot be read: permission denied") from None
    except OSError as exc:
        raise InputError(f"{label}: cannot be read: {exc.strerror or exc}") from None


def open_workbook(path) -> RawWorkbook:
    """Read every sheet of an .xlsx into memory, as cached values; raise InputError if it is not one."""
    path = Path(path)
    label = path.name
    data = read_bytes(path, label)
    not_xlsx = f"{label}: not an Excel workbook (.xlsx): "
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError(not_xlsx + _kind_of(data)) from None
    with archive:
        if "xl/workbook.xml" not in archive.namelist():
            raise InputError(not_xlsx + "it is a zip archive without a workbook")
    values = _load(data, not_xlsx, data_only=True)
    formulas = _load(data, not_xlsx, data_only=False)
    try:
        sheets = {}
        hidden = []
        for ws in values.worksheets:
            if ws.sheet_state != "visible":
                hidden.append(ws.title)
            sheets[ws.title] = _grid(ws, formulas[ws.title])
    finally:
        values.close()
        formulas.close()
    return RawWorkbook(label, hashlib.sha256(data).hexdigest(), sheets, tuple(hidden))


def _load(data: bytes, not_xlsx: str, *, data_only: bool):
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, EOFError) as exc:
        # The parser's own failures on malformed input; our bugs are not raised from here.
        raise InputError(not_xlsx + f"it cannot be parsed ({type(exc).__name__}: {exc})") from None
    except Exception as exc:  # openpyxl's InvalidFileException and XML parser errors
        name = type(exc).__name__
        if name in {"InvalidFileException", "XMLSyntaxError", "ParseError", "ExpatError"} or "xml" in type(exc).__module__:
            raise InputError(not_xlsx + f"it cannot be parsed ({name}: {exc})") from None
        raise


def _grid(ws, formula_ws) -> list[tuple]:
    """Rows of cached values; a formula without a cached value becomes `Uncached`."""
    rows = []
    formula_rows = formula_ws.iter_rows(values_only=True)
    for row in ws.iter_rows(values_only=True):
        frow = next(formula_rows, ())
        if any(v is None for v in row) and any(isinstance(f, str) and f.startswith("=") for f in frow):
            row = tuple(
                Uncached(frow[i]) if v is None and i < len(frow) and isinstance(frow[i], str) and frow[i].startswith("=") else v
                for i, v in enumerate(row)
            )
        rows.append(tuple(row))
    # Trailing blank rows carry nothing.
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    return rows

"""Opening a workbook file safely: refuse what is not an .xlsx, what is damaged and what is hostile
(zip bombs, XML entity attacks, absurd sizes) with one line a person understands, before any parser
does work proportional to an inflated size; then read the sheets asked for as grids of cached
values (a formula without a cached value marked as such).

The order is the defence: (1) the file itself (exists, regular, size); (2) the zip's central
directory (declared sizes and ratios, member count, compression, encryption), which bounds what
inflating can produce, because `zipfile` never inflates a member beyond its declared size; (3) every
XML part scanned as bytes (a DTD is refused as unsafe, elements are counted against a limit) before
openpyxl parses anything, so the refusal does not depend on which XML parser openpyxl uses; (4)
openpyxl, read-only, each sheet read sparsely with the cells in use counted as they arrive.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import posixpath
import re
import stat
import warnings
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from decision.errors import InputError, option

MB = 1_000_000


@dataclass(frozen=True)
class Limits:
    """What the reader accepts; beyond it a workbook is refused before it is parsed.

    A criteria workbook is tens of kB inflating to well under 1 MB, compressed 2-8:1, holding a
    few hundred to a few thousand cells. The limits are two orders of magnitude above that and
    below what would take the reader more than seconds or hundreds of MB: openpyxl parses about
    40,000-100,000 XML elements a second. Raise them with the command's global options
    `--max-size`, `--max-ratio` and `--max-cells` for a large file you trust.
    """

    max_size: int = 100 * MB  # bytes: the file, and all its parts inflated together
    max_ratio: float = 200.0  # inflated / compressed size of a part that inflates beyond RATIO_FLOOR
    max_cells: int = 100_000  # cells in use in the sheets read; XML elements are capped in proportion

    @property
    def max_elements(self) -> int:
        return ELEMENTS_PER_CELL * self.max_cells + ELEMENTS_BESIDE_CELLS


DEFAULT_LIMITS = Limits()
RATIO_FLOOR = 1 * MB  # a part inflating to less cannot hurt, whatever its ratio (Apache POI: 100 kB)
ELEMENTS_PER_CELL = 4  # a cell is 2-3 elements (<c><v>, <c><f><v>, <c><is><t>), a row one more
ELEMENTS_BESIDE_CELLS = 100_000  # styles, theme, relationships: a few thousand in Excel's files
MAX_MEMBERS = 10_000  # parts in the zip; Excel writes 10-100
MAX_SHEETS = 1_000
MAX_ROW, MAX_COLUMN = 1_048_576, 16_384  # a spreadsheet's last cell, XFD1048576

ZIP_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}  # the only ones OOXML packages use

# What the parser raises on malformed input. Only calls into zipfile/openpyxl are guarded with it
# (never our own code), so a bug of ours still escapes as a bug (exit 1).
# Each type was seen raised by zipfile or openpyxl on a damaged or fuzzed workbook (tests/test_hostile_*).
PARSER_FAILURES = (
    zipfile.BadZipFile,  # bad CRC, bad local header
    zlib.error,  # a corrupted deflate stream
    EOFError,  # a deflate stream cut short
    NotImplementedError,  # zipfile: a compression method it lacks
    OSError,  # openpyxl's "File contains no valid workbook part" is an IOError
    KeyError,  # a part the manifest or a relationship names is missing
    IndexError,  # a shared-string index past the table
    ValueError,  # bad numbers, dates, booleans in cells or properties
    TypeError,  # openpyxl's typed descriptors refuse a missing or mistyped attribute
    SyntaxError,  # xml.etree.ElementTree.ParseError
)


@dataclass(frozen=True)
class Uncached:
    """A formula cell whose value the spreadsheet program never computed (or never saved)."""

    formula: str


@dataclass
class RawWorkbook:
    label: str  # how messages name the file
    sha256: str
    sheets: dict[str, list[tuple]]  # sheet title -> rows of values (None for blank), the sheets read
    hidden: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()  # every sheet, read or not
    merged: dict[str, tuple[str, ...]] = field(default_factory=dict)  # title -> merged ranges ('B2:B4')
    warnings: tuple[str, ...] = ()  # whole lines: what the reader assumed about the file
    limits: Limits = DEFAULT_LIMITS


# --- the file --------------------------------------------------------------------------------


def printable(text: str) -> str:
    """Text safe on one line of a terminal: control and bidi-override characters escaped."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def megabytes(n: float) -> str:
    return f"{n / MB:,.1f} MB" if n >= MB / 10 else f"{n:,.0f} bytes"


def read_bytes(path: Path, label: str, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The whole file, refusing what is not a regular file or is larger than the size limit."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(f"{label}: no such file") from None
    except PermissionError:
        raise InputError(f"{label}: cannot be read: permission denied") from None
    except OSError as exc:
        raise InputError(f"{label}: cannot be read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{label}: is a folder, not a workbook")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{label}: is not a regular file (a device, pipe or socket), not a workbook")
    if info.st_size > limits.max_size:
        raise InputError(f"{label}: refused: the file is {megabytes(info.st_size)}, beyond the limit of "
                         f"{megabytes(limits.max_size)} (raise it with {option('max_size')} if the file is trusted)")
    try:
        with open(path, "rb") as f:
            data = f.read(limits.max_size + 1)
    except PermissionError:
        raise InputError(f"{label}: cannot be read: permission denied") from None
    except OSError as exc:
        raise InputError(f"{label}: cannot be read: {exc.strerror or exc}") from None
    if len(data) > limits.max_size:  # it grew while we looked
        raise InputError(f"{label}: refused: the file is larger than the limit of {megabytes(limits.max_size)} "
                         f"(raise it with {option('max_size')} if the file is trusted)")
    return data


def _kind_of(data: bytes) -> str:
    """What a file that is not a zip archive is, as far as its first bytes tell."""
    if not data:
        return "the file is empty"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return ("it is an old binary .xls workbook, a password-protected workbook, or another OLE file: "
                "save it as .xlsx (without a password)")
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"):
        return "it is a damaged zip archive (truncated or corrupted in transit?)"
    sample = data[:4096]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        sample = sample.decode("utf-16", errors="replace").encode("utf-8")  # Excel's "Unicode text" export
    if sample.lstrip()[:1] == b"<":
        return "it is an XML or HTML file (a spreadsheet saved as XML or web page?): save it as .xlsx"
    if b"\x00" not in sample:
        try:
            sample.decode("utf-8")
            return "it is a text file (a CSV renamed to .xlsx?)"
        except UnicodeDecodeError:
            if len(sample) == 4096:  # a multi-byte character cut at the end of the sample
                try:
                    sample[:-3].decode("utf-8")
                    return "it is a text file (a CSV renamed to .xlsx?)"
                except UnicodeDecodeError:
                    pass
    return "it is not a zip archive"


def _kind_of_zip(names: set[str], archive: zipfile.ZipFile) -> str | None:
    """Why a zip archive is not an .xlsx workbook, or None if it looks like one."""
    if "xl/workbook.xml" in names:
        return None
    if "xl/workbook.bin" in names:
        return "it is a binary .xlsb workbook: save it as .xlsx"
    if "mimetype" in names:
        try:
            with archive.open("mimetype") as f:
                mimetype = f.read(100).decode("ascii", "replace")
        except PARSER_FAILURES + (RuntimeError,):
            mimetype = ""
        if "opendocument.spreadsheet" in mimetype:
            return "it is an OpenDocument spreadsheet (.ods): save it as .xlsx"
        if "opendocument" in mimetype:
            return "it is an OpenDocument file, not a spreadsheet"
    if "word/document.xml" in names:
        return "it is a Word document"
    if "ppt/presentation.xml" in names:
        return "it is a PowerPoint presentation"
    return "it is a zip archive without a workbook"


def _check_archive(data: bytes, label: str, limits: Limits) -> zipfile.ZipFile:
    """Open the zip and check its central directory against the limits, before inflating anything."""
    not_xlsx = f"{label}: not an Excel workbook (.xlsx): "
    if data.count(b"PK\x01\x02") > MAX_MEMBERS:  # central directory entries; parsing them costs time
        raise InputError(f"{label}: refused: the archive lists more than {MAX_MEMBERS:,} parts (a workbook has tens)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except zipfile.BadZipFile:
        raise InputError(not_xlsx + _kind_of(data)) from None
    except PARSER_FAILURES as exc:
        raise InputError(not_xlsx + f"it is a damaged zip archive ({_reason(exc)})") from None
    kind = _kind_of_zip({i.filename for i in infos}, archive)
    if kind:
        archive.close()
        raise InputError(not_xlsx + kind)
    problems = []
    total = 0
    for info in infos:
        name = printable(info.filename)
        if info.flag_bits & 0x1:
            problems.append(f"{label}: cannot be read: the part {name} is encrypted (save the workbook without a password)")
        elif info.compress_type not in ZIP_METHODS:
            problems.append(f"{label}: cannot be read: the part {name} is compressed with a method spreadsheet "
                            f"programs never use (zip method {info.compress_type})")
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            ratio = info.file_size / max(info.compress_size, 1)
            problems.append(f"{label}: refused: the part {name} inflates {ratio:,.0f}:1 ({megabytes(info.compress_size)} "
                            f"to {megabytes(info.file_size)}), beyond the limit of {limits.max_ratio:,.0f}:1: a zip bomb? "
                            f"(raise it with {option('max_ratio')} if the file is trusted)")
    if total > limits.max_size:
        problems.append(f"{label}: refused: its parts inflate to {megabytes(total)}, beyond the limit of "
                        f"{megabytes(limits.max_size)}: a zip bomb? (raise it with {option('max_size')} if the file is trusted)")
    if problems:
        archive.close()
        raise InputError(problems)
    return archive


# --- the XML parts, as bytes, before any parser ------------------------------------------------


@dataclass
class Scan:
    elements: dict[str, int] = field(default_factory=dict)  # part -> elements
    formulas: set[str] = field(default_factory=set)  # parts holding a formula element
    sheets: int = 0  # <sheet> elements: sheets the workbook declares


_DECLARED_ENCODING = re.compile(rb"\s*<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9._\-]{1,40})[\"']")
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?f[\s/>]")
_SHEET = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?sheet[\s/>]")
_PROBE = "<!DOCTYPE>"


def _scannable(head: bytes) -> str | None:
    """How to read a part's bytes for the scan: None (as they are) or the codec to decode with.
    Markup is ASCII in UTF-8 and every ASCII-compatible encoding; UTF-16 and odd declared
    encodings are decoded first, so that an encoding cannot hide a DTD from the scan."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if head.startswith(b"<\x00"):
        return "utf-16-le"
    if head.startswith(b"\x00<"):
        return "utf-16-be"
    match = _DECLARED_ENCODING.match(head.removeprefix(codecs.BOM_UTF8))
    if match:
        name = match.group(1).decode("ascii")
        try:
            if _PROBE.encode(name) != _PROBE.encode("ascii"):
                return name
        except (LookupError, UnicodeError, ValueError):
            return name  # decoding fails below and the part is refused as unreadable
    return None


def _is_xml(head: bytes) -> bool:
    for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        head = head.removeprefix(bom)
    stripped = head.lstrip(b" \t\r\n\x00")
    return stripped[:1] in (b"<", b"")


def _read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str, size: int | None = None) -> bytes:
    """A part's bytes (the first `size`, or all: never more than its declared size)."""
    try:
        with archive.open(info) as f:
            return f.read() if size is None else f.read(size)
    except PARSER_FAILURES + (RuntimeError,) as exc:
        raise InputError(f"{label}: damaged workbook: the part {printable(info.filename)} cannot be read "
                         f"({_reason(exc)})") from None


def _scan(archive: zipfile.ZipFile, label: str, limits: Limits) -> Scan:
    """Refuse DTDs (XML entity attacks need one; spreadsheet programs never write one, and the
    Open Packaging Conventions, ECMA-376 Part 2 §8.1.4 rule M1.18, require a reader to treat one as
    an error) and count elements, part by part, before openpyxl parses anything."""
    scan = Scan()
    unsafe, unreadable, malformed = [], [], {}
    for info in archive.infolist():
        if info.is_dir():
            continue
        head = _read_part(archive, info, label, 4096)
        if not _is_xml(head):
            continue
        data = raw = _read_part(archive, info, label) if len(head) == 4096 else head
        codec = _scannable(head)
        if codec is not None:
            try:
                data = data.decode(codec, errors="replace").encode("utf-8")
            except LookupError:
                unreadable.append(f"{label}: cannot be read: the part {printable(info.filename)} declares an unknown "
                                  f"character encoding ({printable(codec)})")
                continue
        name = printable(info.filename)
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            entity = "declares XML entities" if b"<!ENTITY" in data else "declares a document type (DTD)"
            external = " that load external files" if re.search(rb"<!ENTITY[^>]{0,2000}?\b(SYSTEM|PUBLIC)\b", data) else ""
            unsafe.append(f"{label}: refused as unsafe: the part {name} {entity}{external}; spreadsheet programs never "
                          "write them, XML attacks (entity expansion, external entities) do")
            continue
        scan.elements[info.filename] = data.count(b"<") - data.count(b"</")  # declarations, comments: a few more
        if sum(scan.elements.values()) > limits.max_elements:
            break  # refused below; no need to look further
        if _FORMULA.search(data):
            scan.formulas.add(info.filename)
        scan.sheets += len(_SHEET.findall(data))
        problem = _not_well_formed(raw)
        if problem:
            malformed[info.filename] = problem
    if unsafe or unreadable:
        raise InputError(unsafe + unreadable)
    total = sum(scan.elements.values())
    if total > limits.max_elements:
        part, most = max(scan.elements.items(), key=lambda kv: kv[1])
        raise InputError(f"{label}: refused: its XML parts hold {total:,} elements ({printable(part)}: {most:,}), beyond "
                         f"the limit of {limits.max_elements:,} ({ELEMENTS_PER_CELL} per cell of the {limits.max_cells:,}-cell "
                         f"limit, and {ELEMENTS_BESIDE_CELLS:,}; raise it with {option('max_cells')} if the file is trusted)")
    if scan.sheets > MAX_SHEETS:
        raise InputError(f"{label}: refused: it declares {scan.sheets:,} sheets, beyond the limit of {MAX_SHEETS:,}")
    if malformed:
        titles = _sheet_titles(archive)
        raise InputError([f"{label}: damaged workbook: "
                          + (f"the sheet {printable(titles[part])!r} ({printable(part)})" if part in titles
                             else f"the part {printable(part)}")
                          + f" is not well-formed XML ({problem})" for part, problem in malformed.items()])
    return scan


def _not_well_formed(data: bytes) -> str | None:
    """Why expat rejects the part, or None. No handlers are set: nothing is built, C speed; and
    with no DTD (refused above) there is nothing to expand."""
    parser = expat.ParserCreate()
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        return f"{expat.ErrorString(exc.code)}: line {exc.lineno}, column {exc.offset}"
    return None


def _sheet_titles(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part -> sheet title, from xl/workbook.xml and its relationships (best effort: only
    to name a damaged sheet in a message)."""
    from xml.etree import ElementTree

    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except PARSER_FAILURES:
        return {}
    rid = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    targets = {r.get("Id"): r.get("Target") or "" for r in rels}
    out = {}
    for sheet in workbook.iter("{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheet"):
        target = targets.get(sheet.get(rid))
        if target:
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            out[part] = sheet.get("name") or ""
    return out


def _notes(archive: zipfile.ZipFile, label: str) -> list[str]:
    """Warnings about what the file holds that the reader leaves alone."""
    names = archive.namelist()
    notes = []
    macros = [n for n in names if n.lower().endswith("vbaproject.bin")]
    if macros:
        notes.append(f"{label}: macros ignored ({printable(macros[0])}): only cell values are read, nothing is run")
    if any(n.startswith("xl/externalLinks/") for n in names):
        notes.append(f"{label}: links to other workbooks ignored: the values cached when the file was last saved are "
                     "read, the linked files are not opened")
    return notes


# --- openpyxl --------------------------------------------------------------------------------


def _reason(exc: BaseException) -> str:
    """The innermost cause of a parser failure, on one short line."""
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    text = printable(text)
    return text if len(text) <= 160 else text[:157] + "..."


def _damaged(label: str, where: str, exc: BaseException) -> InputError:
    cause = exc
    while cause.__cause__ is not None or cause.__context__ is not None:
        cause = cause.__cause__ or cause.__context__
    if cause.__class__.__module__.startswith("defusedxml"):  # never reached after the scan; kept as a backstop
        return InputError(f"{label}: refused as unsafe: {where}: {_reason(exc)}")
    return InputError(f"{label}: damaged workbook: {where} cannot be read ({_reason(exc)})")


def _load(data: bytes, label: str, *, data_only: bool):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl's notes on unsupported extensions are not for our users
            return load_workbook(io.BytesIO(data), read_only=True, data_only=data_only, keep_links=False)
    except PARSER_FAILURES + (InvalidFileException,) as exc:
        raise _damaged(label, "its structure (workbook, styles or shared strings)", exc) from None


class _SheetCells:
    """(row, column, value, data type) of every cell of a read-only sheet, in file order, sparse
    (openpyxl's own row iteration pads every row to the sheet's declared width, which a hostile
    file sets to 16,384 columns); after iteration, `merged` holds the sheet's merged ranges.
    It drives openpyxl's worksheet parser as its read-only sheets do (private API: openpyxl is
    pinned to 3.1.x, and tests/test_hostile_* exercise every path)."""

    def __init__(self, ws, label: str, *, data_only: bool):
        self.ws, self.label, self.data_only = ws, label, data_only
        self.merged: tuple[str, ...] = ()

    def _failure(self, exc) -> InputError:
        return _damaged(self.label, f"the sheet {printable(self.ws.title)!r}", exc)

    def __iter__(self):
        from openpyxl.worksheet._reader import WorkSheetParser

        ws = self.ws
        try:
            source = ws._get_source()
            parser = WorkSheetParser(source, ws._shared_strings, data_only=self.data_only, epoch=ws.parent.epoch,
                                     date_formats=ws.parent._date_formats,
                                     timedelta_formats=ws.parent._timedelta_formats)
            rows = parser.parse()
        except PARSER_FAILURES as exc:
            raise self._failure(exc) from None
        try:
            while True:
                try:
                    _, cells = next(rows)
                except StopIteration:
                    break
                except PARSER_FAILURES as exc:
                    raise self._failure(exc) from None
                for cell in cells:
                    yield cell["row"], cell["column"], cell["value"], cell["data_type"]
        finally:
            source.close()
        if parser.merged_cells is not None:
            self.merged = tuple(str(m.ref) for m in parser.merged_cells.mergeCell)


_HIDDEN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


class _Grid:
    """One sheet's cells in use, counted against the workbook's cell limit as they arrive."""

    def __init__(self, title: str, label: str, budget: list[int], limits: Limits):
        self.title, self.label, self.budget, self.limits = title, label, budget, limits
        self.rows: dict[int, dict[int, object]] = {}
        self.widths: dict[int, int] = {}
        self.widths_total = 0
        self.last_row = 0
        self.cleaned: list[str] = []

    @property
    def in_use(self) -> int:
        """Cells up to each row's last value, and one per blank row above the last value."""
        return self.widths_total + self.last_row - len(self.rows)

    def put(self, r: int, c: int, value) -> None:
        from openpyxl.utils import get_column_letter

        if not (1 <= r <= MAX_ROW and 1 <= c <= MAX_COLUMN):
            raise InputError(f"{self.label}: damaged workbook: the sheet {printable(self.title)!r} has a cell at "
                             f"row {r}, column {c}, outside a spreadsheet's A1:XFD1048576")
        if isinstance(value, str) and _HIDDEN_TEXT.search(value):
            value = _HIDDEN_TEXT.sub("", value)
            self.cleaned.append(f"{get_column_letter(c)}{r}")
        before = self.in_use
        row = self.rows.get(r)
        if row is None:
            row = self.rows[r] = {}
        width = self.widths.get(r, 0)
        if c > width:
            self.widths_total += c - width
            self.widths[r] = c
        row[c] = value
        self.last_row = max(self.last_row, r)
        self.budget[0] += self.in_use - before
        if self.budget[0] > self.limits.max_cells:
            raise InputError(f"{self.label}: refused: the sheets read hold more than {self.limits.max_cells:,} cells in use "
                             f"(reached at {printable(self.title)}!{get_column_letter(c)}{r}; cells count up to each row's "
                             f"last value and down to the sheet's last row): raise the limit with {option('max_cells')} if the "
                             "file is trusted")

    def grid(self) -> list[tuple]:
        out = []
        for r in range(1, self.last_row + 1):
            row = self.rows.get(r)
            if not row:
                out.append(())
                continue
            values = [None] * self.widths[r]
            for c, v in row.items():
                values[c - 1] = v
            out.append(tuple(values))
        return out


def _read_sheet(ws, formula_ws, label: str, budget: list[int], limits: Limits):
    """A sheet's rows of cached values; `formula_ws` (the same sheet loaded with formulas) marks the
    formulas whose cached value is missing, which read as blank in `ws`."""
    grid = _Grid(ws.title, label, budget, limits)
    cells = _SheetCells(ws, label, data_only=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl's notes (a date serial out of range reads as #VALUE!)
        for r, c, value, _ in cells:
            if value is not None:
                grid.put(r, c, value)
        if formula_ws is not None:
            for r, c, value, kind in _SheetCells(formula_ws, label, data_only=False):
                if kind == "f" and grid.rows.get(r, {}).get(c) is None:
                    text = value if isinstance(value, str) else getattr(value, "text", None) or "=" + type(value).__name__
                    grid.put(r, c, Uncached(text))
    return grid.grid(), cells.merged, grid.cleaned


def open_workbook(path, *, limits: Limits | None = None, wanted=None, optional=None) -> RawWorkbook:
    """Check and read a workbook file; raise InputError (every problem a line) if it is not a readable,
    safe .xlsx within the limits. `wanted(title)` chooses the sheets read (default: all).
    `optional(title)` chooses sheets read besides them, after them and each against a cell limit of
    its own, that can never refuse the file: one that cannot be read (damaged, beyond the cell
    limit) is left out with a note (the About sheet: no workbook is refused for what it says about
    itself)."""
    limits = limits or DEFAULT_LIMITS
    path = Path(path)
    label = printable(path.name)
    data = read_bytes(path, label, limits)
    archive = _check_archive(data, label, limits)
    with archive:
        scan = _scan(archive, label, limits)
        notes = _notes(archive, label)
    values = _load(data, label, data_only=True)
    formulas = None
    try:
        titles = [ws.title for ws in values.worksheets]
        seen = set()
        for title in titles:
            if title in seen:
                raise InputError(f"{label}: damaged workbook: two sheets are named {printable(title)!r}")
            seen.add(title)
        hidden = tuple(ws.title for ws in values.worksheets if ws.sheet_state != "visible")
        chosen = [ws for ws in values.worksheets if wanted is None or wanted(ws.title)]
        extra = [ws for ws in values.worksheets
                 if optional is not None and optional(ws.title) and not (wanted is None or wanted(ws.title))]
        if any(ws._worksheet_path in scan.formulas for ws in chosen + extra):
            formulas = _load(data, label, data_only=False)
        sheets, merged = {}, {}
        budget = [0]
        for k, ws in enumerate(chosen + extra):
            strict = k < len(chosen)
            formula_ws = formulas[ws.title] if formulas is not None and ws._worksheet_path in scan.formulas else None
            try:
                rows, merges, cleaned = _read_sheet(ws, formula_ws, label, budget if strict else [0], limits)
            except InputError as exc:
                if strict:
                    raise
                reason = exc.lines[0].removeprefix(f"{label}: ")
                notes.append(f"{label}: {printable(ws.title)}: not read, and ignored: {reason}")
                continue
            sheets[ws.title] = rows
            if merges:
                merged[ws.title] = merges
            if cleaned:
                notes.append(f"{label}: {printable(ws.title)}!{cleaned[0]}: control characters removed from "
                             f"{len(cleaned)} cell{'s' if len(cleaned) > 1 else ''} of text")
    finally:
        values.close()
        if formulas is not None:
            formulas.close()
    return RawWorkbook(label, hashlib.sha256(data).hexdigest(), sheets, hidden, tuple(titles), merged, tuple(notes),
                       limits)

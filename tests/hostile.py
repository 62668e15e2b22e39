"""Build bad workbooks for the hostile-input tests by writing their XML directly into a zip.

openpyxl writes about 50,000 cells a second and never writes what a hostile file holds (a DTD, a
cell beyond XFD, a part that inflates a thousandfold), so these files are assembled by hand:
`package` takes sheets as rows of Python values or as raw XML, and any extra parts.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter

from tests import workbooks as W

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MACRO_WORKBOOK_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


class Formula:
    """A formula cell: `cached` is the value the spreadsheet program saved (None: never computed)."""

    def __init__(self, text: str, cached=None):
        self.text, self.cached = text, cached


class Error:
    """An error value such as #DIV/0!, as a spreadsheet program saves it (t="e")."""

    def __init__(self, code: str):
        self.code = code


def cell(ref: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, Formula):
        cached = value.cached
        if cached is None:
            return f'<c r="{ref}"><f>{escape(value.text)}</f></c>'
        if isinstance(cached, Error):
            return f'<c r="{ref}" t="e"><f>{escape(value.text)}</f><v>{escape(cached.code)}</v></c>'
        if isinstance(cached, str):
            return f'<c r="{ref}" t="str"><f>{escape(value.text)}</f><v>{escape(cached)}</v></c>'
        return f'<c r="{ref}"><f>{escape(value.text)}</f><v>{cached!r}</v></c>'
    if isinstance(value, Error):
        return f'<c r="{ref}" t="e"><v>{escape(value.code)}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if isinstance(value, (dt.date, dt.datetime)):
        return f'<c r="{ref}" t="d"><v>{value.isoformat()}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'


def sheet_xml(rows, *, merged=(), first_row: int = 1, extra_rows: str = "") -> str:
    """A worksheet from rows of values (None: no cell); `merged` ranges such as 'A1:C1'."""
    out = [DECLARATION, f'<worksheet xmlns="{MAIN}"><sheetData>']
    for r, row in enumerate(rows, start=first_row):
        cells = "".join(cell(f"{get_column_letter(c)}{r}", v) for c, v in enumerate(row, start=1))
        out.append(f'<row r="{r}">{cells}</row>')
    out.append(extra_rows)
    out.append("</sheetData>")
    if merged:
        out.append(f'<mergeCells count="{len(merged)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merged)
                   + "</mergeCells>")
    out.append("</worksheet>")
    return "".join(out)


def package(sheets: dict, *, extra: dict | None = None, hidden=(), workbook_type: str = WORKBOOK_TYPE,
            overrides: dict | None = None, compression=zipfile.ZIP_DEFLATED) -> bytes:
    """An .xlsx: `sheets` maps titles to rows (lists) or to worksheet XML (str/bytes); `extra` adds
    parts by name; `overrides` adds content types by part name."""
    titles = list(sheets)
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{workbook_type}"/>'
        + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{SHEET_TYPE}"/>'
                  for i in range(1, len(titles) + 1))
        + "".join(f'<Override PartName="{k}" ContentType="{v}"/>' for k, v in (overrides or {}).items())
        + "</Types>")
    root_rels = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}">'
                 f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    workbook = (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>'
                + "".join(f'<sheet name={quoteattr(t)} sheetId="{i}"'
                          + (' state="hidden"' if t in hidden else "") + f' r:id="rId{i}"/>'
                          for i, t in enumerate(titles, start=1))
                + "</sheets></workbook>")
    workbook_rels = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}">'
                     + "".join(f'<Relationship Id="rId{i}" Type="{RELS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                               for i in range(1, len(titles) + 1))
                     + "</Relationships>")
    parts = {"[Content_Types].xml": content_types, "_rels/.rels": root_rels, "xl/workbook.xml": workbook,
             "xl/_rels/workbook.xml.rels": workbook_rels}
    for i, title in enumerate(titles, start=1):
        content = sheets[title]
        parts[f"xl/worksheets/sheet{i}.xml"] = content if isinstance(content, (str, bytes)) else sheet_xml(content)
    parts.update(extra or {})
    return zipped(parts, compression)


def zipped(parts: dict, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buffer.getvalue()


def study(**changes) -> dict:
    """The tests' valid base study (tests.workbooks.BASE) as {sheet: rows}, with whole sheets replaced."""
    return W.sheets(**changes)


def write(path, data: bytes):
    path.write_bytes(data)
    return path

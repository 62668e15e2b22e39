"""The workbook reader's safety: what the checks cost on a real workbook, and how fast hostile ones are refused.

Each line is a ratio against a baseline timed in the same run:
- the shipped study read by `open_workbook` (size and ratio checks, byte scan of every XML part,
  sparse sheets) against openpyxl alone reading every sheet twice (cached values and formulas), as
  the reader did before;
- a zip bomb (a part inflating to 500 MB) and a billion-laughs part refused, against reading the
  shipped study: a refusal costs less than reading a small workbook, nothing like the inflated
  content; a million-row sheet refused, against merely inflating its parts;
- ten thousand criteria (about 70,000 cells) read, against openpyxl alone reading them twice.
"""

from __future__ import annotations

import io
import sys
import tempfile
import zipfile
from pathlib import Path

from timing import compare

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from decision.errors import InputError  # noqa: E402
from decision.workbook.files import open_workbook  # noqa: E402
from tests import hostile as H  # noqa: E402

SHIPPED = ROOT / "criteria" / "settlement_scenarios.xlsx"


def openpyxl_twice(path):
    """The reader before: load read-only twice (values, formulas) and iterate every sheet."""
    from openpyxl import load_workbook

    def read():
        for data_only in (True, False):
            wb = load_workbook(path, read_only=True, data_only=data_only)
            for ws in wb.worksheets:
                for _ in ws.iter_rows(values_only=True):
                    pass
            wb.close()
    return read


def inflate(path):
    """The least any reader does: inflate every part."""
    def read():
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                z.read(name)
    return read


def refusal(path):
    def refuse():
        try:
            open_workbook(path)
        except InputError:
            return
        raise AssertionError(f"{path.name} was not refused")
    return refuse


def fixtures(folder: Path) -> dict[str, Path]:
    sheets = H.study()
    out = {}
    # a zip bomb: the Scores part goes on for 500 MB of one repeated row
    head, tail = H.sheet_xml(sheets["Scores"]).split("</sheetData>")
    chunk = b"<row><c><v>0</v></c></row>" * 40_000
    out["bomb"] = folder / "bomb.xlsx"
    with zipfile.ZipFile(io.BytesIO(H.package(sheets))) as z, zipfile.ZipFile(out["bomb"], "w", zipfile.ZIP_DEFLATED) as w:
        for info in z.infolist():
            if info.filename != "xl/worksheets/sheet3.xml":
                w.writestr(info.filename, z.read(info))
        with w.open("xl/worksheets/sheet3.xml", "w", force_zip64=True) as f:
            f.write(head.encode())
            for _ in range(500):
                f.write(chunk)
            f.write(("</sheetData>" + tail).encode())
    laughs = ('<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "lol">'
              + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
              + f']><worksheet xmlns="{H.MAIN}"><sheetData><row><c t="inlineStr"><is><t>&j;</t></is></c></row>'
              "</sheetData></worksheet>")
    out["laughs"] = H.write(folder / "laughs.xlsx", H.package({**sheets, "Scores": laughs}))
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(2, 1_000_002))
    out["million"] = H.write(folder / "million.xlsx", H.package({**sheets, "Scores": H.sheet_xml(sheets["Scores"][:1],
                                                                                                  extra_rows=rows)}))
    n = 10_000
    criteria = [["criterion", "direction", "weight"]] + [[f"c{j}", "max", 1.0] for j in range(n)]
    scores = [["alternative"] + [f"c{j}" for j in range(n)]] + [[a] + [float(j % 7) for j in range(n)]
                                                                 for a in ("Guarantees", "Zone", "Baseline")]
    out["wide"] = H.write(folder / "wide.xlsx", H.package(H.study(Criteria=criteria, Scores=scores)))
    return out


def run():
    folder = Path(tempfile.mkdtemp())
    paths = fixtures(folder)
    read_shipped = lambda: open_workbook(SHIPPED)  # noqa: E731
    yield compare("open_workbook, shipped study", read_shipped, openpyxl_twice(SHIPPED),
                  "openpyxl read-only, twice", repeats=7, goal="<= 2x: the checks cost little")
    yield compare("refuse a 500 MB zip bomb", refusal(paths["bomb"]), read_shipped, "read the shipped study",
                  repeats=5, goal="<= 2x: refused from the central directory")
    yield compare("refuse a billion-laughs part", refusal(paths["laughs"]), read_shipped, "read the shipped study",
                  repeats=5, goal="<= 2x: refused by the byte scan")
    yield compare("refuse a 1,000,000-row sheet (40 MB XML)", refusal(paths["million"]), inflate(paths["million"]),
                  "inflate its parts", repeats=3, goal="<= 3x: two counting passes over the bytes, never parsed")
    yield compare("open_workbook, 10,000 criteria", lambda: open_workbook(paths["wide"]),
                  openpyxl_twice(paths["wide"]), "openpyxl read-only, twice", repeats=3,
                  goal="<= 1x: sparse rows, one parse when no formulas")

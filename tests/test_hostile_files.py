"""Hostile and broken files: each gets one clear line (exit 2) or is read with a warning; never a
traceback, never exit 1, nothing written; refused before work proportional to an inflated size.

Every test builds its bad file itself (tests/hostile.py writes the XML straight into a zip). The
table in docs/bad-input.md lists these cases with the lines asserted here.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from decision.workbook import files
from decision.workbook.files import Limits
from decision.workbook.read import read_study
from tests import hostile as H
from tests.workbooks import errors_of, run

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "criteria" / "settlement_scenarios.xlsx"


def refused(capsys, path, *options) -> list[str]:
    """Run `validate --json` and check the contract: exit 2, one JSON document, no traceback,
    the same lines on stderr; return the lines."""
    code, out, err = run(capsys, *options, "validate", path, "--json")
    assert code == 2, err
    doc = json.loads(out)
    assert doc["status"] == "invalid"
    assert "Traceback" not in err and "internal error" not in err
    assert err.strip().splitlines() == doc["errors"]
    return doc["errors"]


def valid(tmp_path, name="study.xlsx", **changes) -> Path:
    return H.write(tmp_path / name, H.package(H.study(**changes)))


# --- not a workbook --------------------------------------------------------------------------


@pytest.mark.parametrize("name, content, line", [
    ("empty.xlsx", b"", "the file is empty"),
    ("random.xlsx", bytes(range(256)) * 16, "it is not a zip archive"),
    ("old.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504,
     "it is an old binary .xls workbook, a password-protected workbook, or another OLE file: save it as .xlsx "
     "(without a password)"),
    ("scores.xlsx", "alternative;déterrence\nA;1\n".encode(), "it is a text file (a CSV renamed to .xlsx?)"),
    ("unicode.xlsx", "alternative\tdéterrence\nA\t1\n".encode("utf-16"), "it is a text file (a CSV renamed to .xlsx?)"),
    ("page.xlsx", b"<html><body><table><tr><td>1</td></tr></table></body></html>",
     "it is an XML or HTML file (a spreadsheet saved as XML or web page?): save it as .xlsx"),
])
def test_files_that_are_not_zip_archives(capsys, tmp_path, name, content, line):
    path = H.write(tmp_path / name, content)
    assert refused(capsys, path) == [f"{name}: not an Excel workbook (.xlsx): {line}"]


def test_truncated_workbook(capsys, tmp_path):
    data = H.package(H.study())
    for keep in (len(data) // 2, len(data) - 10, 30):
        path = H.write(tmp_path / "cut.xlsx", data[:keep])
        assert refused(capsys, path) == [
            "cut.xlsx: not an Excel workbook (.xlsx): it is a damaged zip archive (truncated or corrupted in transit?)"]


def test_zip_archives_that_are_not_workbooks(capsys, tmp_path):
    cases = {
        "other.xlsx": ({"hello.txt": "hi"}, "it is a zip archive without a workbook"),
        "binary.xlsx": ({"xl/workbook.bin": b"\x83\x01"}, "it is a binary .xlsb workbook: save it as .xlsx"),
        "calc.xlsx": ({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"},
                      "it is an OpenDocument spreadsheet (.ods): save it as .xlsx"),
        "letter.xlsx": ({"word/document.xml": "<w/>"}, "it is a Word document"),
    }
    for name, (parts, line) in cases.items():
        path = H.write(tmp_path / name, H.zipped(parts))
        assert refused(capsys, path) == [f"{name}: not an Excel workbook (.xlsx): {line}"]


def test_a_part_corrupted_in_transit(capsys, tmp_path):
    """One flipped byte inside a stored part: the CRC check names the part."""
    data = bytearray(H.package(H.study(), compression=zipfile.ZIP_STORED))
    at = data.index(b"Guarantees")
    data[at] ^= 0x20
    path = H.write(tmp_path / "flipped.xlsx", bytes(data))
    line, = refused(capsys, path)
    assert line.startswith("flipped.xlsx: damaged workbook: the part xl/worksheets/")
    assert line.endswith("cannot be read (Bad CRC-32 for file 'xl/worksheets/sheet1.xml')")


def test_malformed_xml_in_a_sheet(capsys, tmp_path):
    sheets = H.study()
    sheets["Scores"] = H.sheet_xml(sheets["Scores"]).replace("</row>", "</rw>", 1)
    path = H.write(tmp_path / "bad.xlsx", H.package(sheets))
    assert refused(capsys, path) == [
        "bad.xlsx: damaged workbook: the sheet 'Scores' (xl/worksheets/sheet3.xml) is not well-formed XML (mismatched "
        "tag: line 2, column 396)"]


def test_directory_missing_path_and_special_files(capsys, tmp_path):
    assert refused(capsys, tmp_path) == [f"{tmp_path.name}: is a folder, not a workbook"]
    assert refused(capsys, tmp_path / "nope.xlsx") == ["nope.xlsx: no such file"]
    fifo = tmp_path / "pipe.xlsx"
    os.mkfifo(fifo)  # reading it would block for ever
    assert refused(capsys, fifo) == ["pipe.xlsx: is not a regular file (a device, pipe or socket), not a workbook"]


def test_file_that_cannot_be_read(capsys, tmp_path, monkeypatch):
    """Tests run as root, where chmod 000 changes nothing: the permission error is simulated."""
    path = valid(tmp_path, "locked.xlsx")
    real_open = open

    def denied(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", denied)
    assert refused(capsys, path) == ["locked.xlsx: cannot be read: permission denied"]


def test_parts_encrypted_or_compressed_oddly(capsys, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out, zipfile.ZipFile(io.BytesIO(H.package(H.study()))) as z:
        for info in z.infolist():
            data = z.read(info)
            if info.filename == "xl/worksheets/sheet2.xml":
                info.compress_type = zipfile.ZIP_BZIP2  # bzip2 inflates without a bound per call
            out.writestr(info, data)
    data = bytearray(buffer.getvalue())
    entry = data.index(b"xl/worksheets/sheet1.xml", data.index(b"PK\x01\x02")) - 46  # its central directory entry
    data[entry + 8] |= 0x1  # the 'encrypted' flag, as a password-protected zip sets it
    H.write(tmp_path / "odd.xlsx", bytes(data))
    assert refused(capsys, tmp_path / "odd.xlsx") == [
        "odd.xlsx: cannot be read: the part xl/worksheets/sheet1.xml is encrypted (save the workbook without a password)",
        "odd.xlsx: cannot be read: the part xl/worksheets/sheet2.xml is compressed with a method spreadsheet programs "
        "never use (zip method 12)",
    ]


def test_two_sheets_with_one_name(capsys, tmp_path):
    sheets = H.study()
    data = H.package({**sheets, "Scores ": sheets["Scores"]})
    path = H.write(tmp_path / "twice.xlsx", data)
    assert refused(capsys, path) == ["twice.xlsx: Scores: 2 sheets match this name: 'Scores', 'Scores'; rename all but one"]


# --- macros and hidden things ------------------------------------------------------------------


def test_macro_enabled_workbook_is_read_and_its_macros_ignored(capsys, tmp_path):
    """An .xlsm: openpyxl refuses the extension by name, so the reader loads from bytes; the VBA
    project is never executed nor even parsed (its bytes are not XML)."""
    data = H.package(H.study(), workbook_type=H.MACRO_WORKBOOK_TYPE,
                     extra={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 Sub AutoOpen() Shell(...)"})
    path = H.write(tmp_path / "macros.xlsm", data)
    study = read_study(path)
    assert study.alternative_names == ["Guarantees", "Zone", "Baseline"]
    assert study.warnings == (
        "macros.xlsm: macros ignored (xl/vbaProject.bin): only cell values are read, nothing is run",)
    code, out, err = run(capsys, "validate", path, "--json")
    assert code == 0 and json.loads(out)["status"] == "valid"
    assert "warning: macros.xlsm: macros ignored" in err


def test_links_to_other_workbooks_are_not_followed(tmp_path):
    link = (f'<externalLink xmlns="{H.MAIN}"><externalBook xmlns:r="{H.RELS}" r:id="rId1"/></externalLink>')
    path = H.write(tmp_path / "linked.xlsx", H.package(H.study(), extra={"xl/externalLinks/externalLink1.xml": link}))
    assert read_study(path).warnings == (
        "linked.xlsx: links to other workbooks ignored: the values cached when the file was last saved are read, the "
        "linked files are not opened",)


def test_hidden_sheets_are_read_with_a_warning(tmp_path):
    sheets = H.study()
    sheets["Notes"] = [["secret"]]
    path = H.write(tmp_path / "hidden.xlsx", H.package(sheets, hidden=("Criteria", "Notes")))
    study = read_study(path)
    assert study.criterion_names == ["deterrence", "escalation", "cost"]
    assert study.warnings == ("hidden.xlsx: Criteria: hidden sheet (read like any other)",)


# --- XML attacks -------------------------------------------------------------------------------

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + f']>\n<worksheet xmlns="{H.MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c>'
    "</row></sheetData></worksheet>")
QUADRATIC = (
    f'<?xml version="1.0"?>\n<!DOCTYPE q [<!ENTITY a "{"a" * 50_000}">]>\n<worksheet xmlns="{H.MAIN}"><sheetData>'
    f'<row r="1"><c r="A1" t="inlineStr"><is><t>{"&a;" * 50_000}</t></is></c></row></sheetData></worksheet>')
EXTERNAL = (
    '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    f'<worksheet xmlns="{H.MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
    "</sheetData></worksheet>")
ENTITY_ATTACK = ("; spreadsheet programs never write them, XML attacks (entity expansion, external entities) do")


@pytest.mark.parametrize("attack, part, kind", [
    (BILLION_LAUGHS, "xl/worksheets/sheet3.xml", "declares XML entities"),
    (QUADRATIC, "xl/worksheets/sheet3.xml", "declares XML entities"),
    (EXTERNAL, "xl/worksheets/sheet3.xml", "declares XML entities that load external files"),
    (EXTERNAL.replace("<?xml version=\"1.0\"?>", "<?xml version=\"1.0\" encoding=\"UTF-16\"?>").encode("utf-16"),
     "xl/worksheets/sheet3.xml", "declares XML entities that load external files"),
    ('<?xml version="1.0"?><!DOCTYPE Types SYSTEM "http://example.invalid/types.dtd"><Types/>', "[Content_Types].xml",
     "declares a document type (DTD)"),
], ids=["billion laughs", "quadratic blow-up", "external entity", "external entity in UTF-16", "external DTD"])
def test_xml_attacks_are_refused_before_any_parser_runs(capsys, tmp_path, monkeypatch, attack, part, kind):
    """Refused by a byte scan before openpyxl parses anything, so the answer does not depend on
    whether openpyxl uses lxml or the standard library with defusedxml (this environment)."""
    sheets = H.study()
    if part.startswith("xl/worksheets"):
        sheets["Scores"] = attack
        data = H.package(sheets)
    else:
        data = H.package(sheets)
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            parts = {name: z.read(name) for name in z.namelist()}
        parts[part] = attack
        data = H.zipped(parts)
    path = H.write(tmp_path / "attack.xlsx", data)

    def never(*args, **kwargs):
        raise AssertionError("openpyxl was asked to parse an attack")

    monkeypatch.setattr("openpyxl.load_workbook", never)
    start = time.perf_counter()
    assert refused(capsys, path) == [f"attack.xlsx: refused as unsafe: the part {part} {kind}{ENTITY_ATTACK}"]
    assert time.perf_counter() - start < 5


def test_xml_attack_refused_whichever_parser_openpyxl_uses(tmp_path):
    """openpyxl parses with lxml when installed, else with the standard library behind defusedxml
    (OPENPYXL_DEFUSEDXML=False turns defusedxml off). Each configuration this environment can run
    refuses the billion laughs with the same line, in a fresh process."""
    sheets = H.study()
    sheets["Scores"] = BILLION_LAUGHS
    path = H.write(tmp_path / "lol.xlsx", H.package(sheets))
    script = ("import json, openpyxl.xml as x; from decision.cli import main; rc = main(['validate', %r, '--json']); "
              "print(json.dumps([rc, x.LXML, x.DEFUSEDXML]))") % str(path)
    seen = set()
    for env in ({}, {"OPENPYXL_DEFUSEDXML": "False"}, {"OPENPYXL_LXML": "False"}):
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                             env={**os.environ, **env})
        *document, last = out.stdout.strip().splitlines()
        doc = json.loads("\n".join(document))
        rc, lxml, defused = json.loads(last)
        assert rc == 2 and doc["errors"] == [
            f"lol.xlsx: refused as unsafe: the part xl/worksheets/sheet3.xml declares XML entities{ENTITY_ATTACK}"]
        assert "Traceback" not in out.stderr
        seen.add((lxml, defused))
    assert (False, True) in seen and (False, False) in seen  # defusedxml on and off; lxml is not installed


# --- zip bombs and absurd sizes ------------------------------------------------------------------


def bomb(path: Path, megabytes: int) -> Path:
    """A valid study whose Scores sheet (xl/worksheets/sheet3.xml) goes on with `megabytes` MB of
    one repeated row, deflated about 1000:1, written in chunks so the test never holds it whole."""
    sheets = H.study()
    head, tail = H.sheet_xml(sheets["Scores"]).split("</sheetData>")
    chunk = b"<row><c><v>0</v></c></row>" * 40_000  # 1 MB
    with zipfile.ZipFile(io.BytesIO(H.package(sheets))) as z, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            if info.filename != "xl/worksheets/sheet3.xml":
                out.writestr(info.filename, z.read(info))
        with out.open("xl/worksheets/sheet3.xml", "w", force_zip64=True) as f:
            f.write(head.encode())
            for _ in range(megabytes):
                f.write(chunk)
            f.write(("</sheetData>" + tail).encode())
    return path


def test_zip_bomb_is_refused_from_the_central_directory(capsys, tmp_path, monkeypatch):
    """A part inflating to 500 MB (about 0.5 MB in the file): refused on its declared sizes, before
    anything is inflated, in well under a second."""
    path = bomb(tmp_path / "bomb.xlsx", 500)
    assert path.stat().st_size < 2_000_000
    opened = []
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda self, *a, **k: opened.append(a) or (_ for _ in ()).throw(
        AssertionError("a part was inflated")))
    start = time.perf_counter()
    lines = refused(capsys, path)
    assert time.perf_counter() - start < 2 and opened == []
    assert len(lines) == 2
    assert re.fullmatch(r"bomb\.xlsx: refused: the part xl/worksheets/sheet3\.xml inflates [\d,]{3,}:1 \([\d.]+ MB to "
                        r"520\.0 MB\), beyond the limit of 200:1: a zip bomb\? \(raise it with --max-ratio if the file "
                        r"is trusted\)", lines[0]), lines[0]
    assert lines[1] == ("bomb.xlsx: refused: its parts inflate to 520.0 MB, beyond the limit of 100.0 MB: a zip bomb? "
                        "(raise it with --max-size if the file is trusted)")


def test_ratio_and_size_limits_can_be_raised(capsys, tmp_path):
    """A 5.2 MB part at ~1000:1 is refused for its ratio alone; --max-ratio lets it through to the
    next limit (its 200,000 rows of cells), and --max-size is checked the same way."""
    path = bomb(tmp_path / "dense.xlsx", 5)
    line, = refused(capsys, path)
    assert re.fullmatch(r"dense\.xlsx: refused: the part xl/worksheets/sheet3\.xml inflates [\d,]{3,}:1 \([\d,]+ bytes "
                        r"to 5\.2 MB\), beyond the limit of 200:1: a zip bomb\? \(raise it with --max-ratio if the file "
                        r"is trusted\)", line), line
    line, = refused(capsys, path, "--max-ratio", "2000")
    assert line.startswith("dense.xlsx: refused: its XML parts hold 600,") and "--max-cells" in line
    assert refused(capsys, path, "--max-ratio", "2000", "--max-size", "1") == [
        "dense.xlsx: refused: its parts inflate to 5.2 MB, beyond the limit of 1.0 MB: a zip bomb? "
        "(raise it with --max-size if the file is trusted)"]
    assert refused(capsys, path, "--max-size", "-3") == ["--max-size: expected a number > 0, found -3"]


def test_file_larger_than_the_size_limit_is_not_read(capsys, tmp_path, monkeypatch):
    path = valid(tmp_path, "big.xlsx")
    monkeypatch.setattr(files, "DEFAULT_LIMITS", Limits(max_size=1000))
    line, = errors_of(path)
    assert line == (f"big.xlsx: refused: the file is {path.stat().st_size:,} bytes, beyond the limit of 1,000 bytes "
                    "(raise it with max_size if the file is trusted)")  # read in Python: the Limits field


def test_too_many_parts_or_sheets(capsys, tmp_path):
    parts = {f"junk/{i}": b"" for i in range(files.MAX_MEMBERS + 1)}
    sheets = H.package(H.study())
    with zipfile.ZipFile(io.BytesIO(sheets)) as z:
        parts.update({n: z.read(n) for n in z.namelist()})
    path = H.write(tmp_path / "parts.xlsx", H.zipped(parts, zipfile.ZIP_STORED))
    assert refused(capsys, path) == ["parts.xlsx: refused: the archive lists more than 10,000 parts (a workbook has tens)"]
    many = {f"S{i}": [["x"]] for i in range(files.MAX_SHEETS + 1)}
    path = H.write(tmp_path / "sheets.xlsx", H.package(many))
    assert refused(capsys, path) == ["sheets.xlsx: refused: it declares 1,001 sheets, beyond the limit of 1,000"]


def test_element_flood_in_a_part_the_loader_parses(capsys, tmp_path):
    """2,000,000 styles (openpyxl builds an object for each: about a minute), compressed too little
    to look like a bomb, are counted before loading and refused."""
    styles = (f'<styleSheet xmlns="{H.MAIN}"><cellXfs>' + "".join(f'<xf numFmtId="{i % 997}" fontId="{i % 89}"/>'
                                                                   for i in range(2_000_000)) + "</cellXfs></styleSheet>")
    path = H.write(tmp_path / "styles.xlsx", H.package(H.study(), extra={"xl/styles.xml": styles}))
    start = time.perf_counter()
    assert refused(capsys, path) == [
        "styles.xlsx: refused: its XML parts hold 2,000," + refused_count(path) + " elements (xl/styles.xml: 2,000,002), "
        "beyond the limit of 500,000 (4 per cell of the 100,000-cell limit, and 100,000; raise it with --max-cells if the "
        "file is trusted)"]
    assert time.perf_counter() - start < 5


def refused_count(path) -> str:
    """The element count beyond 2,000,000 in the file (the study's own parts): the last digits."""
    with zipfile.ZipFile(path) as z:
        total = 0
        for name in z.namelist():
            data = z.read(name)
            total += data.count(b"<") - data.count(b"</")
    return f"{total - 2_000_000:03d}"


def test_a_million_rows_is_refused(capsys, tmp_path):
    """A Scores sheet of 1,000,000 alternatives: refused by the element count, before parsing."""
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(2, 1_000_002))
    sheets = H.study()
    sheets["Scores"] = H.sheet_xml(sheets["Scores"][:1], extra_rows=rows)
    path = H.write(tmp_path / "million.xlsx", H.package(sheets))
    start = time.perf_counter()
    line, = refused(capsys, path)
    assert time.perf_counter() - start < 10
    assert line.startswith("million.xlsx: refused: its XML parts hold 3,000,") and "(xl/worksheets/sheet3.xml: 3,000,0" in line


def test_cells_in_use_are_counted_as_they_arrive(capsys, tmp_path):
    """Few elements, but a value at row 900,000: the cells in use (rows down to the last value)
    pass the limit, and the refusal names the cell."""
    sheets = H.study()
    sheets["Scores"] = H.sheet_xml(sheets["Scores"], extra_rows='<row r="900000"><c r="A900000"><v>1</v></c></row>')
    path = H.write(tmp_path / "far.xlsx", H.package(sheets))
    assert refused(capsys, path) == [
        "far.xlsx: refused: the sheets read hold more than 100,000 cells in use (reached at Scores!A900000; cells count "
        "up to each row's last value and down to the sheet's last row): raise the limit with --max-cells if the file "
        "is trusted"]


def test_empty_rows_and_styled_cells_to_the_last_row_and_column_are_read(tmp_path):
    """What LibreOffice and Excel write for formatted but empty space (a row element at 1,048,576,
    an empty styled cell at XFD) is no cell in use, however far it reaches."""
    sheets = H.study()
    far = '<row r="5"><c r="XFD5" s="0"/></row><row r="1048576" ht="12" customHeight="1"/>'
    sheets["Scores"] = H.sheet_xml(sheets["Scores"], extra_rows=far)
    path = H.write(tmp_path / "far.xlsx", H.package(sheets))
    start = time.perf_counter()
    assert read_study(path).scores.shape == (3, 3)
    assert time.perf_counter() - start < 5


def test_cells_beyond_the_last_column_are_damage(capsys, tmp_path):
    sheets = H.study()
    sheets["Scores"] = H.sheet_xml(sheets["Scores"], extra_rows='<row r="7"><c r="ZZZ7"><v>1</v></c></row>')
    path = H.write(tmp_path / "wide.xlsx", H.package(sheets))
    assert refused(capsys, path) == [
        "wide.xlsx: damaged workbook: the sheet 'Scores' has a cell at row 7, column 18278, outside a spreadsheet's "
        "A1:XFD1048576"]


def test_ten_thousand_criteria_are_refused_by_the_cell_limit(capsys, tmp_path):
    """10,000 criteria over 3 alternatives hold about 70,000 cells: within the default 100,000
    but beyond --max-cells 50000, which names where the limit was reached."""
    n = 10_000
    criteria = [["criterion", "direction", "weight"]] + [[f"c{j}", "max", 1.0] for j in range(n)]
    scores = [["alternative"] + [f"c{j}" for j in range(n)]] + [[a] + [float(j % 7) for j in range(n)]
                                                                 for a in ("Guarantees", "Zone", "Baseline")]
    path = H.write(tmp_path / "wide.xlsx", H.package(H.study(Criteria=criteria, Scores=scores)))
    line, = refused(capsys, path, "--max-cells", "50000")
    assert line.startswith("wide.xlsx: refused: the sheets read hold more than 50,000 cells in use (reached at Scores!")


def test_ten_thousand_criteria_are_handled_within_the_limits(capsys, tmp_path):
    """The same workbook under the default limits is read and ranked (about 5 s here)."""
    n = 10_000
    criteria = [["criterion", "direction", "weight"]] + [[f"c{j}", "max" if j % 2 else "min", 1.0] for j in range(n)]
    scores = [["alternative"] + [f"c{j}" for j in range(n)]] + [[a] + [float((i + j) % 7) for j in range(n)]
                                                                 for i, a in enumerate(("Guarantees", "Zone", "Baseline"))]
    path = H.write(tmp_path / "wide.xlsx", H.package(H.study(Criteria=criteria, Scores=scores, Aid=None, Settings=None)))
    start = time.perf_counter()
    code, out, err = run(capsys, "rank", path, "--json")
    assert code == 0, err
    assert len(json.loads(out)["weights"]) == n
    assert time.perf_counter() - start < 60


def test_thousands_of_misspelt_names_in_the_aid_sheets_get_few_hints(capsys, tmp_path):
    """2,000 alternatives and 2,000 AidEffects columns and AidLinks rows that match nothing: every
    name gets its line, but only the first 20 of each sheet a 'closest' hint, as in Scores (each hint
    compares against every name: on all of them this took about a minute at 1,000)."""
    n = 2_000
    alternatives = [["alternative"]] + [[f"scenario {i}"] for i in range(n)]
    scores = [["alternative", "deterrence", "escalation", "cost"]] + [[f"scenario {i}", 5, 5, 20] for i in range(n)]
    effects = [["category"] + [f"scenaro {i}" for i in range(n)], ["air defense"] + [1.0] * n]
    links = [["category", "requires", "ratio"]] + [[f"air defence {i}", "training", 1] for i in range(n)]
    path = H.write(tmp_path / "many.xlsx", H.package(H.study(Alternatives=alternatives, Scores=scores,
                                                             AidEffects=effects, AidLinks=links)))
    lines = refused(capsys, path)
    for sheet, count in (("AidEffects", n + n), ("AidLinks", n)):  # AidEffects: no match, and no column
        mine = [line for line in lines if f": {sheet}!" in line]
        assert len(mine) == count
        assert sum("(closest: " in line for line in mine) == 20


# --- bugs stay bugs ------------------------------------------------------------------------------


@pytest.mark.parametrize("target, exception", [
    ("decision.workbook.criteria.check_criteria", ZeroDivisionError),
    ("decision.workbook.scores.read_matrix", KeyError),  # a type the parser's failures include
    ("decision.workbook.files._Grid.put", ValueError),  # our code inside the sheet-reading loop
    ("decision.workbook.files._scan", TypeError),
])
def test_an_internal_failure_in_the_reader_is_a_bug_not_bad_input(capsys, tmp_path, monkeypatch, target, exception):
    """Only calls into zipfile and openpyxl are guarded; a failure of our own reading code, even of
    a type the parser also raises, is reported as a bug (exit 1), never as bad input (exit 2)."""
    def broken(*args, **kwargs):
        raise exception("injected")

    monkeypatch.setattr(target, broken)
    code, out, err = run(capsys, "validate", valid(tmp_path), "--json")
    assert code == 1 and out == ""
    assert "internal error (a bug, please report it)" in err and "injected" in err and "Traceback" not in err

"""The blank template prints well: at most one page per input sheet and three of Instructions, every
sheet one page wide, no print area that would cut a filled workbook's rows, no Markdown in any cell.

LibreOffice prints; poppler's pdftotext reads each page back. Every page's footer names its sheet
(left) and the page (right), which is how pages are counted per sheet.
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook

from decision.workbook.template import INSTRUCTIONS, build_template, write_template
from tests.test_template import EXAMPLE, convert, fill_template

INSTRUCTION_PAGES = 3  # the spec's limit; every other sheet prints on one page when blank
FOOTER = re.compile(r"^\s*(?P<sheet>\S+)\s+Page (?P<page>\d+) of (?P<pages>\d+)\s*$")


def require_poppler() -> None:
    """Skip without poppler's tools, except under CI=true, where their absence fails the test."""
    missing = [tool for tool in ("pdftotext", "pdfinfo") if shutil.which(tool) is None]
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"poppler ({', '.join(missing)}) is required under CI=true")
        pytest.skip(f"poppler ({', '.join(missing)}) is not installed")


def printed(xlsx: Path, outdir: Path) -> list[str]:
    """The text of each page LibreOffice prints of `xlsx`, in order."""
    pdf = convert(xlsx, "pdf", outdir)  # skips without soffice (fails under CI=true)
    require_poppler()
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    assert pages[-1].strip() == "" and len(pages) == count + 1, (len(pages), count)
    return pages[:-1]


def sheet_of(page: str) -> str:
    """The sheet a printed page belongs to: its footer's left part."""
    lines = [line for line in page.splitlines() if line.strip()]
    match = FOOTER.match(lines[-1]) if lines else None
    assert match, f"no footer on a page: {lines[-1:]!r}"
    return match["sheet"]


def pages_per_sheet(pages: list[str]) -> Counter:
    return Counter(sheet_of(page) for page in pages)


@pytest.fixture(scope="module")
def blank(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("print") / "blank.xlsx"
    write_template(path)
    return path


# --- the page setup, read back ---------------------------------------------------------------------


def test_every_sheet_prints_one_page_wide_with_its_header_repeated(blank):
    wb = load_workbook(blank)
    with zipfile.ZipFile(blank) as z:
        assert b"Print_Area" not in z.read("xl/workbook.xml")
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), ws.title
        assert setup.orientation in ("portrait", "landscape"), ws.title
        assert not ws.print_area, ws.title  # nothing that would cut a filled sheet's rows
        assert ws.print_title_rows, ws.title
        assert ws.oddFooter.left.text == "&A" and "&P" in ws.oddFooter.right.text
    assert all(wb[name].print_title_rows == "$1:$1" for name in wb.sheetnames if name != INSTRUCTIONS)
    instructions = wb[INSTRUCTIONS]
    header = int(instructions.print_title_rows.split(":")[0].strip("$"))
    assert instructions.cell(row=header, column=1).value == "Sheet"  # the table's header row


def test_no_markdown_in_any_cell_comment_or_message():
    """Cells are read as text, not rendered: no backticks, no **, no leading #."""
    def markdown(text) -> bool:
        return isinstance(text, str) and (
            "`" in text or "**" in text or any(line.lstrip().startswith("#") for line in text.splitlines()))

    wb = build_template()
    found = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if markdown(cell.value) or (cell.comment is not None and markdown(cell.comment.text)):
                    found.append(f"{ws.title}!{cell.coordinate}")
        for dv in ws.data_validations.dataValidation:
            if any(markdown(t) for t in (dv.prompt, dv.promptTitle, dv.error, dv.errorTitle)):
                found.append(f"{ws.title} input message at {dv.sqref}")
    assert found == []


# --- printed by LibreOffice ------------------------------------------------------------------------


@pytest.mark.libreoffice
def test_the_blank_template_prints_one_page_per_sheet(blank, tmp_path):
    pages = printed(blank, tmp_path / "pdf")
    counts = pages_per_sheet(pages)
    sheets = load_workbook(blank, read_only=True).sheetnames
    assert list(counts) == sheets  # every sheet printed, in order
    assert counts[INSTRUCTIONS] <= INSTRUCTION_PAGES, counts
    assert {name: n for name, n in counts.items() if name != INSTRUCTIONS and n != 1} == {}, counts
    assert len(pages) <= INSTRUCTION_PAGES + len(sheets) - 1
    assert pages[0].lstrip().startswith("Criteria workbook")  # the Instructions' title first
    assert "`" not in "".join(pages)


@pytest.mark.libreoffice
def test_a_filled_template_prints_all_its_rows(blank, tmp_path):
    """45 alternatives, more than the template's 40 input rows: every one is printed on Alternatives
    and on Scores (no print area cuts them), and each sheet stays one page wide."""
    data = copy.deepcopy(EXAMPLE)
    names = [f"Option {k:02d} of the study" for k in range(1, 46)]
    data["alternatives"] = [{"alternative": name, "description": f"What option {k} is."}
                            for k, name in enumerate(names, start=1)]
    data["scores"] = [[k % 10, 10 - k % 10, k / 4, 1 + k % 5] for k in range(1, 46)]
    for key in ("scores_low", "scores_high", "rationale"):
        data.pop(key)
    filled = tmp_path / "filled.xlsx"
    fill_template(blank, filled, data)
    with zipfile.ZipFile(filled) as z:
        assert b"Print_Area" not in z.read("xl/workbook.xml")

    pages = printed(filled, tmp_path / "pdf")
    by_sheet: dict[str, str] = {}
    for page in pages:
        by_sheet[sheet_of(page)] = by_sheet.get(sheet_of(page), "") + page
    for sheet in ("Alternatives", "Scores"):
        missing = [name for name in names if name not in by_sheet[sheet]]
        assert missing == [], (sheet, missing)
    assert "What option 45 is." in by_sheet["Alternatives"]
    # one page wide: a row's last column is on the page of its first (45 rows fit on one page, or two)
    last = [line for line in by_sheet["Scores"].splitlines() if "Option 45 of the study" in line]
    assert len(last) == 1 and last[0].split()[-4:] == ["5", "5", "11.25", "1"], last
    assert pages_per_sheet(pages)["Scores"] <= 2

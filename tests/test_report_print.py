"""Every sheet of the report prints as well as it shows (issue 13, item 4): header cells aligned
like their column's values, a number format per quantity, no Markdown, a page setup on every
sheet; and, opened the way a reader does (LibreOffice to PDF, then poppler), no table or chart cut
by a page and every scatter series drawn in markers of a colour of its own, on the two shipped
studies and tests.workbooks.BASE."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from openpyxl.chart import ScatterChart

import tests.workbooks as W
from decision.report import write_report
from decision.report.cells import HEADER_FILL
from decision.report.layout import MARGINS, PAPER, page_breaks
from decision.workbook.read import read_study
from tests.test_report import require_libreoffice, soffice

ROOT = Path(__file__).resolve().parent.parent
STUDIES = ("scenarios", "variants", "base")
TITLES = {"Summary": "Decision report: ", "Ranking": "Ranking: ", "Methods": "Methods: ", "Weights": "Weights: ",
          "Robustness": "Robustness: ", "Allocation": "Aid allocation: ", "Inputs": "Inputs: "}


def study_path(name: str, folder: Path) -> Path:
    if name == "base":
        return W.write(folder / "base.xlsx", W.BASE)
    return ROOT / "criteria" / f"settlement_{name}.xlsx"


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("print")
    out = {}
    for name in STUDIES:
        out[name] = folder / f"{name}_report.xlsx"
        write_report(read_study(study_path(name, folder)), out[name])
    return out


@pytest.fixture(scope="module")
def books(reports) -> dict[str, openpyxl.Workbook]:
    return {name: openpyxl.load_workbook(path) for name, path in reports.items()}


# --- the workbook's cells ------------------------------------------------------------------------

def is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def effective(cell) -> str:
    """The horizontal alignment a program draws: as set, else numbers right and text left."""
    h = cell.alignment.horizontal
    if h and h != "general":
        return h
    return "right" if is_number(cell.value) else "left"


def is_header(cell) -> bool:
    return cell.fill is not None and cell.fill.fgColor is not None and cell.fill.fgColor.rgb in (
        HEADER_FILL.fgColor.rgb, "00" + HEADER_FILL.fgColor.rgb[-6:], "FF" + HEADER_FILL.fgColor.rgb[-6:])


def tables(ws) -> list[dict]:
    """Each table: its header row (shaded cells), its columns, and its data rows (down to a row
    with nothing right of column A, or the next header)."""
    out = []
    for row in ws.iter_rows():
        shaded = [c for c in row if is_header(c)]
        if not shaded:
            continue
        first, last = shaded[0].column, shaded[-1].column
        data, r = [], row[0].row + 1
        while r <= ws.max_row:
            cells = [ws.cell(row=r, column=c) for c in range(first, last + 1)]
            if is_header(cells[0]) or all(c.value is None for c in cells[1:] if last > first) \
                    or all(c.value is None for c in cells):
                break
            data.append(cells)
            r += 1
        out.append({"header": [ws.cell(row=row[0].row, column=c) for c in range(first, last + 1)], "rows": data})
    return out


@pytest.mark.parametrize("name", STUDIES)
def test_table_headers_align_like_their_values(books, name):
    wrong = []
    for ws in books[name].worksheets:
        for t in tables(ws):
            for k, head in enumerate(t["header"]):
                if head.value is None:
                    continue
                for cells in t["rows"]:
                    cell = cells[k]
                    if cell.value is not None and effective(cell) != effective(head):
                        wrong.append(f"{ws.title}!{cell.coordinate} {cell.value!r} is {effective(cell)} under "
                                     f"{head.value!r} ({effective(head)})")
    assert not wrong, "\n".join(wrong[:20])


# The number format of each quantity: (sheet, header text or pattern) -> formats allowed.
WEIGHT, MONEY, SHARE = "0.000", "#,##0", "0.0%"
PRICES = {"#,##0", "#,##0.0", "0.00", "0.000", "0.00E+00", "0"}
EXPECTED = [
    ("Ranking", r"weight", {WEIGHT}),
    ("Weights", r"weight|direct.*|equal.*|swing.*|roc.*|rank-sum.*|rank-reciprocal.*|ahp.*|entropy.*|critic.*|merec.*",
     {WEIGHT}),
    ("Robustness", r"rank \d+|holistic acceptability|confidence factor|share of scale", {SHARE}),
    ("Robustness", r"weight", {WEIGHT}),
    ("Allocation", r"cost|budget|budget so far", {MONEY}),
    ("Allocation", r"shadow price.*|per unit of money", PRICES),
    ("Summary", r"units", {"0", "#,##0.00##"}),
]


@pytest.mark.parametrize("name", STUDIES)
def test_each_quantity_has_its_number_format(books, name):
    wb = books[name]
    wrong, seen = [], set()
    for sheet, pattern, allowed in EXPECTED:
        for t in tables(wb[sheet]):
            for k, head in enumerate(t["header"]):
                if not isinstance(head.value, str) or not re.fullmatch(pattern, head.value):
                    continue
                for cells in t["rows"]:
                    cell = cells[k]
                    if is_number(cell.value):
                        seen.add((sheet, pattern))
                        if cell.number_format not in allowed:
                            wrong.append(f"{sheet}!{cell.coordinate} under {head.value!r}: {cell.number_format}")
    robustness = wb["Robustness"]
    central = [t for t in tables(robustness) if t["header"][0].value == "alternative"][1]  # central weights
    for cells in central["rows"]:
        wrong += [f"Robustness!{c.coordinate}: {c.number_format}" for c in cells[1:]
                  if is_number(c.value) and c.number_format != WEIGHT]
    for row in wb["Allocation"].iter_rows():  # the packages' prices, a row each
        if isinstance(row[0].value, str) and row[0].value.startswith("price of"):
            wrong += [f"Allocation!{c.coordinate}: {c.number_format}" for c in row[1:]
                      if is_number(c.value) and c.number_format not in PRICES]
    for ws in wb.worksheets:  # no figure anywhere to four fixed decimals
        wrong += [f"{ws.title}!{c.coordinate}: {c.number_format}" for row in ws.iter_rows() for c in row
                  if is_number(c.value) and "0.0000" in c.number_format]
    assert not wrong, "\n".join(wrong[:20])
    assert {("Ranking", EXPECTED[0][1]), ("Robustness", EXPECTED[2][1]), ("Allocation", EXPECTED[4][1]),
            ("Allocation", EXPECTED[5][1])} <= seen


@pytest.mark.parametrize("name", STUDIES)
def test_no_cell_holds_markdown(books, name):
    found = [f"{ws.title}!{c.coordinate}: {c.value[:80]!r}" for ws in books[name].worksheets
             for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and ("`" in c.value or "**" in c.value or c.value.lstrip().startswith("#"))]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("name", STUDIES)
def test_every_sheet_has_a_page_setup(books, name):
    for ws in books[name].worksheets:
        setup = ws.page_setup
        assert setup.orientation == "landscape", ws.title
        assert str(setup.paperSize) == "9", ws.title  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        tall = 1 if ws.title == "Summary" else 0  # the brief: one page; the others as tall as they are
        assert (int(setup.fitToWidth), int(setup.fitToHeight)) == (1, tall), ws.title
        assert ws.print_title_rows == "$1:$1", ws.title
        assert ws.print_area, ws.title


def test_a_block_that_does_not_fit_starts_the_next_page():
    heights = [0.0] + [10.0] * 30  # rows 1..30, row 1 the repeated title
    assert page_breaks(heights, [], 100.0) == [11, 21]
    # rows 8..14 (70 pt) would straddle the first page: it starts the second
    assert page_breaks(heights, [(8, 14)], 100.0) == [7, 17, 27]
    # a block taller than a page starts a page and runs on
    assert page_breaks(heights, [(5, 25)], 100.0) == [4, 14, 24]
    # a block at the top of a page stays there
    assert page_breaks(heights, [(2, 11)], 100.0) == [11, 21]


# --- printed by LibreOffice ----------------------------------------------------------------------

def require_poppler() -> None:
    if shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("poppler (pdftotext, pdftoppm) is required under CI=true")
        pytest.skip("poppler (pdftotext, pdftoppm) is not installed")


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
DPI = 50  # the rendering that tells drawn words from clipped ones


def page_texts(pdf: Path, folder: Path) -> list[str]:
    """Each page's text as a reader sees it, a line per baseline, left to right: the words inside the
    page's body that are drawn (LibreOffice also writes the text of a chart that begins just below a
    page, clipped off: pdftotext finds it, a rendering of the page shows nothing there)."""
    from PIL import Image

    top, bottom = 72 * MARGINS.top - 8, PAPER[1] - 72 * MARGINS.bottom + 2
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", str(pdf), str(folder / pdf.stem)], check=True)
    images = sorted(folder.glob(f"{pdf.stem}-*.pgm"), key=lambda f: int(f.stem.rsplit("-", 1)[1]))
    out = []
    for page, image in zip(xml.split("<page ")[1:], images):
        ink = np.asarray(Image.open(image)) < 160
        lines: dict[float, list] = {}
        for x0, y0, x1, y1, word in WORD.findall(page):
            x0, y0, x1, y1 = (float(v) for v in (x0, y0, x1, y1))
            box = ink[int(y0 * DPI / 72):int(y1 * DPI / 72) + 1, int(x0 * DPI / 72):int(x1 * DPI / 72) + 1]
            if top <= y0 and y1 <= bottom and box.any():
                key = next((k for k in lines if abs(k - y0) < 1.0), y0)
                lines.setdefault(key, []).append((x0, html.unescape(word)))
        out.append("\n".join(" ".join(w for _, w in sorted(words)) for _, words in sorted(lines.items())))
    return out


@pytest.fixture(scope="module")
def printed(reports, tmp_path_factory) -> dict[str, dict]:
    """Each report as LibreOffice prints it: the PDF, each page's text, and the sheet of each page
    (known by the title row that every page repeats)."""
    require_libreoffice()
    require_poppler()
    folder = tmp_path_factory.mktemp("pdf")
    done = soffice("--convert-to", "pdf", *map(str, reports.values()), outdir=folder)
    assert done.returncode == 0, done.stderr
    out = {}
    for name, path in reports.items():
        pdf = folder / f"{path.stem}.pdf"
        texts = page_texts(pdf, folder)
        sheets = []
        for text in texts:
            head = next((line for line in text.splitlines() if line.strip()), "")
            sheets.append(next((s for s, t in TITLES.items() if head.strip().startswith(t)), None))
        assert None not in sheets, f"a page of {name} without its sheet's title row"
        out[name] = {"pdf": pdf, "texts": texts, "sheets": sheets}
    return out


def flat(text: str) -> str:
    return " ".join(text.split())


def title_text(title) -> str:
    if title is None or title.tx is None or title.tx.rich is None:
        return ""
    return "".join(run.t for p in title.tx.rich.p for run in (p.r or []))


def shown(value, fmt: str) -> str:
    """A cell's value as the report's number formats show it (the few the first column uses)."""
    if not is_number(value):
        return str(value)
    if fmt == "#,##0":
        return f"{value:,.0f}"
    if fmt == "0":
        return f"{value:.0f}"
    if fmt == "0.000":
        return f"{value:.3f}"
    if fmt == "0.0%":
        return f"{100 * value:.1f}%"
    if fmt == "#,##0.00##":
        text = f"{value:,.4f}".rstrip("0")
        return text + "0" * max(0, 2 - len(text.split(".")[1]))
    return f"{value:g}"


def header_line(line: str, header: list[str]) -> bool:
    """Whether a printed line holds the header's texts, in order."""
    line, at = flat(line), 0
    for text in header:
        at = line.find(flat(text), at)
        if at < 0:
            return False
        at += len(flat(text))
    return True


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", STUDIES)
def test_no_table_is_cut_by_a_page(books, printed, name):
    """Each table's header row and last row print on one page: the last row's first cell is found
    after the header on the header's page, before the next table's header."""
    wb, p = books[name], printed[name]
    problems = []
    for ws in wb.worksheets:
        pages = [(i, text.splitlines()) for i, (text, s) in enumerate(zip(p["texts"], p["sheets"])) if s == ws.title]
        found = [(i, k) for i, lines in pages for k in range(len(lines))]
        cursor = 0
        for t in tables(ws):
            header = [str(c.value) for c in t["header"] if c.value is not None]
            if not t["rows"]:
                continue
            at = next((j for j in range(cursor, len(found))
                       if header_line(pages_line(pages, found[j]), header)), None)
            if at is None:
                problems.append(f"{ws.title}: header {header} not printed (after position {cursor})")
                continue
            page, line = found[at]
            lines = dict(pages)[page]
            last = t["rows"][-1][0]
            text = flat(shown(last.value, last.number_format))[:20]
            rest = [flat(x) for x in lines[line + 1:]]
            if not any(text in x for x in rest):
                problems.append(f"{ws.title}: the table under {header[:3]} ends on another page than its header "
                                f"(last row {text!r})")
            cursor = at + 1
    assert not problems, "\n".join(problems)


def pages_line(pages, where) -> str:
    page, k = where
    return dict(pages)[page][k]


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", STUDIES)
def test_each_chart_prints_whole_on_one_page(books, printed, name):
    """A chart's title and both axis titles are on one page of its sheet."""
    wb, p = books[name], printed[name]
    problems, charts = [], 0
    for ws in wb.worksheets:
        texts = [flat(text) for text, s in zip(p["texts"], p["sheets"]) if s == ws.title]
        for chart in ws._charts:
            charts += 1
            parts = [flat(title_text(chart.title)), flat(title_text(chart.x_axis.title)),
                     flat(title_text(chart.y_axis.title))]
            assert all(parts), parts
            if not any(all(printed_on(part, text) for part in parts) for text in texts):
                problems.append(f"{ws.title}: chart {parts[0]!r} is not whole on any page")
    assert charts >= 5
    assert not problems, "\n".join(problems)


def printed_on(part: str, text: str) -> bool:
    """Whether the page's text holds `part`: as a run of words, or (an axis title turned on its side,
    whose words pdftotext puts on lines of their own) word by word."""
    return part in text or set(part.split()) <= set(text.split())


def render(pdf: Path, page: int, folder: Path) -> np.ndarray:
    from PIL import Image

    stem = folder / f"{pdf.stem}-{page}"
    subprocess.run(["pdftoppm", "-r", "100", "-png", "-singlefile", "-f", str(page), "-l", str(page), str(pdf),
                    str(stem)], check=True, capture_output=True)
    return np.asarray(Image.open(f"{stem}.png").convert("RGB"))


def pixels(image: np.ndarray, rgb: str) -> int:
    colour = np.array([int(rgb[i:i + 2], 16) for i in (0, 2, 4)], dtype=np.uint8)
    return int(np.all(image == colour, axis=2).sum())


def point_count(reference: str) -> int:
    rows = re.findall(r"\$?[A-Z]+\$?(\d+)", reference)
    return int(rows[-1]) - int(rows[0]) + 1


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", STUDIES)
def test_scatter_markers_are_visible_in_a_colour_of_their_own(books, printed, name, tmp_path):
    """Each scatter series with markers: its marker fill and outline one colour, used by no other
    series; at 100 dpi at least 20 pixels of exactly that colour per point on the page of its chart,
    and none on any other page of the report."""
    wb, p = books[name], printed[name]
    images = {i: render(p["pdf"], i + 1, tmp_path) for i in range(len(p["texts"]))}
    colours = []
    for ws in wb.worksheets:
        for chart in ws._charts:
            if not isinstance(chart, ScatterChart):
                continue
            title = flat(title_text(chart.title))
            pages = [i for i, (text, s) in enumerate(zip(p["texts"], p["sheets"]))
                     if s == ws.title and title in flat(text)]
            assert len(pages) == 1, (title, pages)
            for series in chart.series:
                if series.marker is None or series.marker.symbol in (None, "none"):  # a line only (the staircase)
                    continue
                fill = str(series.marker.spPr.solidFill.srgbClr)
                assert str(series.marker.spPr.ln.solidFill.srgbClr) == fill
                colours.append(fill)
                points = point_count(series.xVal.numRef.f)
                counts = {i: pixels(image, fill) for i, image in images.items()}
                assert counts[pages[0]] >= 20 * points, (title, fill, counts[pages[0]], points)
                assert not [i for i, n in counts.items() if n and i != pages[0]], (title, fill, counts)
    assert len(colours) == len(set(colours))
    if name != "base":
        assert len(colours) == 2  # the frontiers of strength against risk and against budget


# --- the first page: the brief -------------------------------------------------------------------

@pytest.mark.libreoffice
@pytest.mark.parametrize("name", ["scenarios", "variants"])
def test_the_first_page_is_the_brief_and_the_summary_prints_on_one_page(books, printed, name, tmp_path):
    """Issue 13: page 1 holds the study's title, the caveat, the winner, its first-rank
    acceptability and the recommended package with its scenario; the Summary is one page; every
    printed page's footer carries the classification and the caveat."""
    from decision.pipeline.outcomes import compute
    from decision.report.footer import footer_text

    p = printed[name]
    assert p["sheets"].count("Summary") == 1 and p["sheets"][0] == "Summary"
    study = read_study(study_path(name, tmp_path))
    data = compute(study)
    first = flat(p["texts"][0])
    winner = data.rankings.primary.top
    share = data.robustness.smaa.acceptability[data.robustness.alternatives.index(winner), 0]
    for part in (study.about.title, study.about.caveat, f"{winner} ranks first",
                 f"{winner} ranks first in {100 * share:.1f}% of the samples",
                 f"the package optimized for {data.allocation.scenario}"):
        assert flat(part) in first, part
    footer = flat(footer_text(study.about))
    for page in range(1, len(p["texts"]) + 1):
        raw = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(p["pdf"]), "-"],
                             capture_output=True, text=True, check=True).stdout
        assert footer in flat(raw), page

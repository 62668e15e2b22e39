"""The brief laid out as a PDF of at most two A4 portrait pages (fpdf2, in-process).

Page 1 holds the words, in the brief's order (the question, who and when, the answer, how sure,
the weights, the aid package, the limits, the caveat); page 2 the four charts and where the
figures came from. Text is set in DejaVu Sans (the TrueType font matplotlib ships, which covers
Latin, Greek and Cyrillic), embedded as a subset, so it is selectable and searchable; the charts
are matplotlib's SVG drawn as PDF vector paths and text (no raster image).

The layout is tried at decreasing sizes (`LEVELS`) until the words fit page 1 and the whole fits
two pages; the last level cuts long lists, names and texts, so that any study fits.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from decision.brief.charts import FONT, draw, height
from decision.brief.content import Brief, Chart, Section, SensitivityChart, Table, short

PAGE_W, PAGE_H = 210.0, 297.0  # A4 portrait, mm
MARGIN = 14.0
WIDTH = PAGE_W - 2 * MARGIN
GAP = 6.0  # between the two columns of charts
INK, GREY, ACCENT, RULE = (20, 20, 20), (90, 90, 90), (0, 70, 130), (180, 180, 180)
CAVEAT_FILL = (255, 246, 214)


@dataclass(frozen=True)
class Level:
    """One try at the layout: sizes in points, chart height in mm, and what is cut (None: nothing)."""

    body: float
    heading: float
    title: float
    chart: float
    rows: int | None = None  # rows of a table shown
    names: int | None = None  # characters of a table's cell
    sentence: int | None = None  # characters of a sentence
    text: int | None = None  # characters of the title and of the byline
    caveat: int | None = None  # characters of the caveat


LEVELS = (
    Level(body=9, heading=10.5, title=16, chart=88),
    Level(body=8.5, heading=10, title=15, chart=82),
    Level(body=8, heading=9.5, title=14, chart=78, rows=14, names=60, sentence=480, text=400),
    Level(body=7.5, heading=9, title=13, chart=74, rows=8, names=40, sentence=200, text=150, caveat=1500),
    Level(body=7, heading=8.5, title=12, chart=70, rows=6, names=32, sentence=140, text=100, caveat=1000),
)
CAVEAT_CUT = " (cut to fit the page: the full caveat is on the workbook's About sheet)"


def font_files() -> dict[str, Path]:
    """DejaVu Sans in its four styles, from matplotlib's own fonts."""
    import matplotlib  # lazily: only its data path

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return {"": folder / "DejaVuSans.ttf", "B": folder / "DejaVuSans-Bold.ttf",
            "I": folder / "DejaVuSans-Oblique.ttf", "BI": folder / "DejaVuSans-BoldOblique.ttf"}


class _Document:
    """An fpdf2 document with the brief's fonts, marking and page numbers."""

    def __init__(self, brief: Brief):
        from fpdf import FPDF  # lazily: the command imports the brief only when it writes one

        class Page(FPDF):
            def header(inner):
                if brief.classification:
                    inner.set_font(FONT, "B", 7.5)
                    inner.set_text_color(*INK)
                    inner.set_xy(MARGIN, 6)
                    inner.cell(WIDTH, 4, short(brief.classification, 120), align="C")
                    inner.set_xy(MARGIN, MARGIN)

            def footer(inner):
                inner.set_y(-10)
                inner.set_font(FONT, "", 7)
                inner.set_text_color(*GREY)
                inner.cell(WIDTH, 4, f"{short(brief.title, 90)}  ·  page {inner.page_no()} of {{nb}}", align="C")

        pdf = Page(orientation="P", unit="mm", format="A4")
        for style, path in font_files().items():
            pdf.add_font(FONT, style, str(path))
        pdf.set_margins(MARGIN, MARGIN, MARGIN)
        pdf.set_auto_page_break(True, margin=13)
        pdf.alias_nb_pages()
        pdf.set_title(brief.title)
        pdf.set_author(brief.byline or "")
        pdf.set_subject("Decision brief")
        pdf.set_creator("decision")
        pdf.set_lang("en")
        self.pdf = pdf


def layout(brief: Brief) -> "FPDF":  # noqa: F821 (fpdf imported lazily)
    """The brief laid out at the first level at which it fits: the words on page 1, two pages in all."""
    drawings: dict = {}  # each chart drawn once per size, whatever the levels tried
    for level in LEVELS:
        pdf, words_end = _render(brief, level, drawings)
        if words_end == 1 and pdf.pages_count <= 2:
            return pdf
    return pdf  # the last level cuts everything long: not reached in practice


def _render(brief: Brief, level: Level, drawings: dict):
    pdf = _Document(brief).pdf
    pdf.add_page()
    _title(pdf, brief, level)
    for section in brief.sections:
        _section(pdf, section, level)
        if pdf.page_no() > 1:
            return pdf, pdf.page_no()  # the words do not fit page 1: the next level, without drawing the charts
    if brief.caveat:
        _caveat(pdf, brief.caveat, level)
    words_end = pdf.page_no()
    if words_end > 1:
        return pdf, words_end
    pdf.add_page()
    _charts(pdf, brief.charts, level, drawings)
    _source(pdf, brief.source, level)
    return pdf, words_end


WORD = 40  # characters of one word (a run without spaces) at a level that cuts


def _cut(text: str, limit: int | None) -> str:
    """`text` within `limit` characters, and none of its words longer than WORD (a word wider than
    the line breaks over several); unchanged when `limit` is None."""
    if limit is None:
        return text
    return short(re.sub(rf"\S{{{WORD + 1},}}", lambda m: m.group()[:WORD - 1] + "…", text), limit)


def _paragraph(pdf, text: str, size: float, *, style: str = "", colour=INK, after: float = 1.2, width=0) -> None:
    pdf.set_font(FONT, style, size)
    pdf.set_text_color(*colour)
    pdf.multi_cell(width, size * 0.47, text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(after)


def _title(pdf, brief: Brief, level: Level) -> None:
    if brief.classification:
        pdf.set_y(MARGIN + 1)
    _paragraph(pdf, "DECISION BRIEF", 7.5, style="B", colour=ACCENT, after=0.8)
    _paragraph(pdf, _cut(brief.title, level.text), level.title, style="B", after=1.0)
    if brief.byline:
        _paragraph(pdf, _cut(brief.byline, level.text), level.body, colour=GREY, after=0.5)
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.3)
    pdf.line(MARGIN, pdf.get_y() + 1, PAGE_W - MARGIN, pdf.get_y() + 1)
    pdf.ln(3)


def _heading(pdf, text: str, level: Level) -> None:
    pdf.ln(1.2)
    _paragraph(pdf, text, level.heading, style="B", colour=ACCENT, after=0.8)


def _section(pdf, section: Section, level: Level) -> None:
    _heading(pdf, section.heading, level)
    for sentence in section.sentences:
        _paragraph(pdf, _cut(sentence, level.sentence), level.body)
    if section.table is not None:
        _table(pdf, section.table, level)
    for sentence in section.notes:
        _paragraph(pdf, _cut(sentence, level.sentence), level.body, style="I", colour=GREY)


def _table(pdf, table: Table, level: Level) -> None:
    rows = [tuple(_cut(c, level.names) for c in row) for row in table.rows]
    if level.rows is not None and len(rows) > level.rows:
        more = len(rows) - level.rows + 1
        rows = rows[:level.rows - 1] + [(f"… and {more} more rows (see the report)",
                                         *([""] * (len(table.columns) - 1)))]
    columns, numeric = list(table.columns), list(table.numeric)
    pairs = table.side_by_side and len(columns) == 2 and len(rows) > 4  # two pairs of columns side by side
    if pairs:
        half = (len(rows) + 1) // 2
        left, right = rows[:half], rows[half:] + [("", "")] * (2 * half - len(rows))
        rows = [(*a, *b) for a, b in zip(left, right)]
        columns, numeric = columns * 2, numeric * 2
    size = level.body - 0.5
    pdf.set_font(FONT, "", size)
    widths = [_column_width(pdf, [str(columns[j]), *(row[j] for row in rows)], numeric[j]) for j in range(len(columns))]
    excess = sum(widths) - WIDTH
    if excess > 0:  # the label columns give way (their text wraps)
        labels = [j for j, n in enumerate(numeric) if not n]
        for j in labels:
            widths[j] -= excess / len(labels)
    pdf.set_font(FONT, "", size)
    pdf.set_text_color(*INK)
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.2)
    from fpdf.fonts import FontFace

    with pdf.table(width=sum(widths), col_widths=widths, align="LEFT", line_height=size * 0.48,
                   text_align=["RIGHT" if n else "LEFT" for n in numeric], borders_layout="HORIZONTAL_LINES",
                   headings_style=FontFace(emphasis="BOLD", color=GREY), padding=(0.6, 1.2)) as t:
        for row in [tuple(columns), *rows]:
            r = t.row()
            for cell in row:
                r.cell(cell)
    pdf.ln(1.5)


def _column_width(pdf, cells: list[str], numeric: bool) -> float:
    """A column as wide as its widest cell (a long header may wrap instead), within 16..80 mm (figures 60 mm)."""
    body = max((pdf.get_string_width(c) for c in cells[1:]), default=0.0)
    header = pdf.get_string_width(cells[0]) * 1.1  # bold
    wide = max(body, min(header, 60.0)) + 3.5
    return min(max(wide, 16.0), 60.0 if numeric else 80.0)


def _caveat(pdf, caveat: str, level: Level) -> None:
    _heading(pdf, "Caveat", level)
    pdf.set_fill_color(*CAVEAT_FILL)
    pdf.set_font(FONT, "", level.body)
    pdf.set_text_color(*INK)
    if level.caveat is not None:
        cut = _cut(caveat, level.caveat - len(CAVEAT_CUT))
        caveat = caveat if cut == caveat else cut + CAVEAT_CUT
    pdf.multi_cell(0, level.body * 0.47, caveat, fill=True, padding=2, align="L", new_x="LMARGIN",
                   new_y="NEXT")


def _charts(pdf, charts: tuple[Chart, ...], level: Level, drawings: dict) -> None:
    column = (WIDTH - GAP) / 2
    for k in range(0, len(charts), 2):
        pair = charts[k:k + 2]
        # bar charts side by side share the taller one's height (their captions line up); the lines keep theirs
        bars = max((height(c.data, level.chart) for c in pair if c.data is not None and not _lines(c)), default=0.0)
        top = pdf.get_y()
        bottoms = []
        for j, chart in enumerate(pair):
            x = MARGIN + j * (column + GAP)
            tall = level.chart if _lines(chart) else bars
            bottoms.append(_chart(pdf, chart, x, top, column, tall, level, drawings))
        pdf.set_xy(MARGIN, max(bottoms) + 3)


def _lines(chart: Chart) -> bool:
    return isinstance(chart.data, SensitivityChart)


def _chart(pdf, chart: Chart, x: float, y: float, width: float, tall: float, level: Level, drawings: dict) -> float:
    """One chart at (x, y), `tall` mm high: its title, the drawing, its caption; returns the y below it."""
    size = level.body - 0.5
    pdf.set_xy(x, y)
    pdf.set_font(FONT, "B", size + 0.5)
    pdf.set_text_color(*ACCENT)
    pdf.multi_cell(width, (size + 0.5) * 0.47, _cut(chart.title, level.text), align="L", new_x="LEFT", new_y="NEXT")
    if chart.data is not None:
        top = pdf.get_y() + 0.5
        key = (chart.title, width, tall)
        if key not in drawings:
            drawings[key] = draw(chart.data, width, tall)
        pdf.set_fill_color(0)  # the SVG's text inherits the fill colour where matplotlib leaves it black by default
        pdf.set_draw_color(0)
        pdf.set_text_color(0)
        pdf.image(io.BytesIO(drawings[key]), x=x, y=top, w=width, h=tall)
        pdf.set_xy(x, top + tall + 0.5)
    else:
        pdf.ln(1)
    pdf.set_font(FONT, "", size - 0.5)
    pdf.set_text_color(*(GREY if chart.data is not None else INK))
    caption = _cut(chart.caption, None if level.sentence is None else 2 * level.sentence)
    pdf.multi_cell(width, (size - 0.5) * 0.47, caption, align="L", new_x="LEFT", new_y="NEXT")
    return pdf.get_y()


def _source(pdf, source: str, level: Level) -> None:
    pdf.set_x(MARGIN)
    _paragraph(pdf, _cut(source, level.sentence), level.body - 1.5, colour=GREY)


class FpdfMessages(logging.Handler):
    """What fpdf2 logs while it lays out and writes (a glyph the font lacks, an SVG feature it
    skips), kept to be reported as warnings instead of printed."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage())

    def __enter__(self):
        self.logger = logging.getLogger("fpdf")
        self.propagate = self.logger.propagate
        self.logger.addHandler(self)
        self.logger.propagate = False
        return self

    def __exit__(self, *exc):
        self.logger.removeHandler(self)
        self.logger.propagate = self.propagate
        return False


def write_pdf(brief: Brief, path) -> list[str]:
    """Lay the brief out and write it to `path` (whole or not at all); returns what fpdf2 warned of."""
    from decision.xlsx_out import save_atomically

    with FpdfMessages() as messages:
        pdf = layout(brief)
        save_atomically(path, pdf.output)
    return [f"brief: {line}" for line in dict.fromkeys(messages.lines)]


__all__ = ["LEVELS", "layout", "write_pdf"]

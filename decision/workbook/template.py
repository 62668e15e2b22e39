"""The blank criteria workbook (`decision template PATH`): an analyst fills it without a manual.

Everything about sheets and columns comes from `schema` (names, kinds, choices, bounds, help
texts, widths, setting keys and defaults); this module only decides the look: an `Instructions`
sheet first, the optional `About` sheet (the study's identity, its six topics listed), then one
sheet per schema sheet in the order they are filled, headers bold and
frozen, input cells marked by a light fill and a thin border, drop-downs and number checks on
the input cells, and each column's help on its header (a comment) and its input cells (an
input message). Every sheet prints one page wide (see "printing" below; docs/DESIGN.md, "The
command"), and no cell holds Markdown.

Headers of the Scores-shaped and Pairwise sheets are input cells, not formulas: the reader
needs typed names, and a formula written here would have no cached value. Their drop-downs
offer the names typed in Alternatives and Criteria.
"""

from __future__ import annotations

import itertools
import math

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.fonts import DEFAULT_FONT
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins

from decision.model import ABOUT_TOPICS
from decision.workbook import schema as S
from decision.xlsx_out import put_text, save_atomically

INSTRUCTIONS = "Instructions"
RECORD_ROWS = 40  # input rows of a record sheet: 2 .. 41 (one printed page, portrait or landscape)
MATRIX_ROWS = RECORD_ROWS  # alternatives a Scores-shaped sheet has input rows for: as many as Alternatives
MATRIX_COLUMNS = 20  # criteria a Scores-shaped sheet (and Pairwise) has input columns (checks, drop-downs) for
MARKED_COLUMNS = 12  # of which marked, and printed, when blank: the printed page stays legible
MATRIX_WIDTH = 12  # width of a criterion column in a Scores-shaped sheet

# Excel's limits on data-validation texts.
PROMPT_MAX, TITLE_MAX = 255, 32

# Bold fonts name the workbook's font: without a name LibreOffice falls back to a serif one.
BOLD = Font(name=DEFAULT_FONT.name, size=DEFAULT_FONT.sz, bold=True)
HEADER_FONT = Font(name=DEFAULT_FONT.name, size=DEFAULT_FONT.sz, bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
MARKED_FILL = PatternFill("solid", bgColor="FFF2CC")  # the same, as a conditional format's fill
_thin = Side(style="thin", color="A6A6A6")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")

# The canonical words of a yes/no column: the first true and the first false word the reader knows.
YES = next(word for word, value in S.YES_WORDS.items() if value)
NO = next(word for word, value in S.YES_WORDS.items() if not value)


def fill_order() -> tuple[str, ...]:
    """Sheets in the order an analyst fills them: ranking, its optional sheets, allocation."""
    ranking, allocation = S.NEEDS["ranking"], S.NEEDS["allocation"]
    optional = tuple(n for n in S.SHEET_NAMES if n not in ranking + allocation)
    order = ranking + optional + allocation + S.ALLOCATION_SHEETS
    assert sorted(order) == sorted(S.SHEET_NAMES + S.ALLOCATION_SHEETS), order
    return order


def sheet_spec(name: str):
    """The schema object of a sheet: a RecordSheet, a MatrixSheet, or None for Pairwise and AidEffects."""
    for spec in S.RECORD_SHEETS + (S.AID_CURVE, S.AID_LINKS, S.ABOUT) + S.MATRIX_SHEETS:
        if spec.name == name:
            return spec
    return None


def needed_by(name: str) -> str:
    parts = [part for part, sheets in S.NEEDS.items() if name in sheets]
    return "needed by " + " and ".join(parts) if parts else "optional"


def kind_text(kind: str, *, choices=(), minimum=None, positive=False) -> str:
    """A column's (or setting's) kind in words: 'max or min', 'number >= 0', 'whole number > 0'."""
    if kind == S.CHOICE:
        return " or ".join(choices)
    if kind == S.YESNO:
        return f"{YES} or {NO}"
    if kind == S.TEXT:
        return "text"
    if kind == S.ANY:
        return "as its setting says"
    text = "whole number" if kind == "int" else "number"
    if positive:
        text += " > 0"
    elif minimum is not None:
        text += f" >= {minimum:g}"
    return text


def column_kind(column: S.Column) -> str:
    return kind_text(column.kind, choices=column.choices, minimum=column.minimum, positive=column.positive)


def column_presence(column: S.Column) -> str:
    if not column.required:
        return "optional column"
    return "required; cells may be blank" if column.blank_ok else "required"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def _lines(text: str, width: float) -> int:
    """Lines a wrapped text takes in a column `width` characters wide (a generous estimate)."""
    return sum(max(1, math.ceil(len(part) / max(width * 0.95, 1))) for part in text.split("\n"))


# How wide text is, in widths of a digit of the default font (Calibri 11; a column's width counts
# digits, 7 pixels each, plus 5 pixels of padding): Calibri's advance widths by class, rounded up;
# bold 5% wider. Wrapping is then estimated word by word as the spreadsheet wraps, and checked
# against LibreOffice (which prints with Carlito, Calibri's metric twin): tests/test_template_print.py.
_CHAR_UNITS = {**dict.fromkeys(" il.,:;'!|", 0.5), **dict.fromkeys('fjrt()[]-/"', 0.7), **dict.fromkeys("sz", 0.8),
               **dict.fromkeys("mw", 1.5), **dict.fromkeys("MW", 1.7)}
DIGIT_PIXELS = 7.43  # Calibri 11's digit at 96 dpi; Excel rounds it to 7 for column widths
LINE_POINTS = 15  # a line of 11-point text


def text_units(text: str, *, bold: bool = False) -> float:
    """The width of `text` in digit widths."""
    units = sum(_CHAR_UNITS.get(ch, 1.25 if ch.isupper() else 1.0) for ch in text)
    return units * (1.05 if bold else 1.0)


def wrapped_lines(text: str, width: float, *, bold: bool = False) -> int:
    """Lines a text wrapped at words takes in a column `width` characters wide."""
    room = (7 * width + 5 - 8) / DIGIT_PIXELS  # 8 pixels: the cell's margins, and some to spare
    space = text_units(" ", bold=bold)
    lines = 0
    for part in text.split("\n"):
        lines += 1
        used = 0.0
        for word in part.split():
            size = text_units(word, bold=bold)
            if used and used + space + size > room:
                lines, used = lines + 1, 0.0
            used += (space if used else 0.0) + size
            while used > room:  # a word longer than the line breaks inside it
                lines, used = lines + 1, used - room
    return lines


def text_height(texts_widths, *, bold: bool = False) -> float | None:
    """The height in points of a row whose cells hold these (text, column width) pairs, wrapped; None
    (the default height) for one line."""
    lines = max(wrapped_lines(text, width, bold=bold) for text, width in texts_widths)
    return None if lines == 1 else LINE_POINTS * lines + 3


# --- cells ----------------------------------------------------------------------------------------


def style_header(cell) -> None:
    cell.font = HEADER_FONT
    cell.fill = HEADER_FILL
    cell.border = BORDER
    cell.alignment = Alignment(vertical="top", wrap_text=True)


def style_input(cell, *, bold: bool = False) -> None:
    cell.fill = INPUT_FILL
    cell.border = BORDER
    if bold:
        cell.font = BOLD


def add_comment(cell, text: str) -> None:
    comment = Comment(text, "decision template")
    comment.width = 300
    comment.height = max(60, 16 * _lines(text, 40) + 10)
    cell.comment = comment


def validation(ws, sqref: str, *, title: str, prompt: str, type=None, formula1=None, formula2=None,
               operator=None, error: str | None = None, error_style: str = "stop") -> DataValidation:
    """A data validation with an input message (and, when it restricts the value, an error message)."""
    dv = DataValidation(
        type=type,
        formula1=formula1,
        formula2=formula2,
        operator=operator,
        allow_blank=True,
        showInputMessage=True,
        promptTitle=_clip(title, TITLE_MAX),
        prompt=_clip(prompt, PROMPT_MAX),
    )
    if type is not None:
        dv.showErrorMessage = True
        dv.errorStyle = error_style
        dv.errorTitle = _clip(title, TITLE_MAX)
        dv.error = _clip(error or prompt, PROMPT_MAX)
    dv.add(sqref)
    ws.add_data_validation(dv)
    return dv


def number_rule(kind: str, *, minimum=None, positive=False, low=None, high=None) -> dict:
    """The data-validation arguments that accept a number of this kind (blank is always allowed)."""
    type_ = "whole" if kind == "int" else "decimal"
    if low is not None and high is not None:
        return {"type": type_, "operator": "between", "formula1": f"{low:.6g}", "formula2": f"{high:.6g}"}
    if positive:
        return {"type": type_, "operator": "greaterThan", "formula1": "0"}
    if minimum is not None:
        return {"type": type_, "operator": "greaterThanOrEqual", "formula1": f"{minimum:g}"}
    # Any number: the widest range Excel and LibreOffice both accept.
    return {"type": type_, "operator": "between", "formula1": "-1E+307", "formula2": "1E+307"}


def column_rule(column: S.Column, title: str, ws, sqref: str) -> None:
    """Drop-down, number check or plain input message for a record column's input cells."""
    prompt = column.help
    if column.kind == S.CHOICE:
        choices = ", ".join(column.choices)
        validation(ws, sqref, title=title, prompt=prompt, type="list", formula1=f'"{",".join(column.choices)}"',
                   error=f"{column.name} must be one of: {choices}.")
    elif column.kind == S.YESNO:
        validation(ws, sqref, title=title, prompt=prompt, type="list", formula1=f'"{YES},{NO}"',
                   error=f"{column.name} must be {YES} or {NO}.")
    elif column.kind == S.NUMBER:
        validation(ws, sqref, title=title, prompt=prompt, **number_rule(S.NUMBER, minimum=column.minimum,
                                                                          positive=column.positive),
                   error=f"{column.name} must be a {column_kind(column)}. {column.help}")
    else:
        validation(ws, sqref, title=title, prompt=prompt)


def names_list(sheet: S.RecordSheet) -> str:
    """The input range of a record sheet's key column, as a drop-down source: Criteria!$A$2:$A$51."""
    names = [c.name for c in sheet.columns]
    letter = get_column_letter(names.index(sheet.key) + 1)
    return f"{quote_sheetname(sheet.name)}!${letter}$2:${letter}${RECORD_ROWS + 1}"


def name_rule(ws, sqref: str, sheet: S.RecordSheet, what: str) -> None:
    """Input cells for names typed as in another sheet: a drop-down of those names, warning only."""
    prompt = (f"Type {what} name exactly as in {sheet.name} (column {sheet.key}), or pick it from the list; "
              "case and surrounding spaces are ignored.")
    validation(ws, sqref, title=f"{sheet.key} name", prompt=prompt, type="list", formula1=names_list(sheet),
               error=f"Not a name in {sheet.name}: the reader will report it unless it matches one "
                     "(case and surrounding spaces ignored).",
               error_style="warning")


# --- printing -------------------------------------------------------------------------------------
# Every sheet prints one page wide (fit to width, any number of pages tall, so that a filled sheet's
# rows are never shrunk away nor cut: no print area), its header row repeated on every page, the
# sheet's name and the page number in the footer. The orientation is the one that prints the blank
# sheet on fewer pages at the larger scale, on the paper both A4 and Letter hold (A4's width,
# Letter's height), with Excel's row height (LibreOffice's rows are lower).

PAPER = (595.0, 792.0)  # points: 8.27 in x 11 in
MARGINS = dict(left=0.5, right=0.5, top=0.6, bottom=0.6, header=0.25, footer=0.25)  # inches
ROW_POINTS = 15.0  # Excel's default row height (Calibri 11)
FILL = 0.95  # the share of a page's height the estimate may fill (fonts and row heights differ)


def column_points(ws, column: int) -> float:
    """A column's printed width in points: Excel's width in characters of 7 pixels, plus 5 pixels."""
    dimension = ws.column_dimensions.get(get_column_letter(column))
    width = dimension.width if dimension is not None and dimension.width else 8.43
    return (width * 7 + 5) * 0.75


def orientation(ws, pages: int = 1) -> str:
    """'portrait' or 'landscape': the larger scale among those printing the sheet as written on at
    most `pages` pages; else the fewer pages."""
    width = sum(column_points(ws, j) for j in range(1, ws.max_column + 1))
    height = sum(ws.row_dimensions[r].height or ROW_POINTS for r in range(1, ws.max_row + 1))
    options = []
    for name, (page_w, page_h) in (("portrait", PAPER), ("landscape", PAPER[::-1])):
        usable_w = page_w - 72 * (MARGINS["left"] + MARGINS["right"])
        usable_h = (page_h - 72 * (MARGINS["top"] + MARGINS["bottom"])) * FILL
        scale = min(1.0, usable_w / width)
        options.append((max(pages, math.ceil(height * scale / usable_h)), -scale, name))
    return min(options)[2]


def print_setup(ws, *, title_rows: str = "1:1", pages: int = 1) -> None:
    """One page wide, as many tall as the rows need (the orientation aims at `pages`); `title_rows`
    repeated on every page."""
    ws.page_setup.orientation = orientation(ws, pages)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(**MARGINS)
    ws.print_title_rows = title_rows
    ws.oddFooter.left.text = "&A"
    ws.oddFooter.right.text = "Page &P of &N"
    for part in (ws.oddFooter.left, ws.oddFooter.right):
        part.size = 8


# --- sheets ---------------------------------------------------------------------------------------


def write_record_sheet(ws, sheet: S.RecordSheet) -> None:
    last = RECORD_ROWS + 1
    for j, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(j)
        header = ws.cell(row=1, column=j)
        put_text(header, column.name)
        style_header(header)
        add_comment(header, f"{column.name} ({column_kind(column)}; {column_presence(column)}): {column.help}")
        ws.column_dimensions[letter].width = column.width
        for row in range(2, last + 1):
            style_input(ws.cell(row=row, column=j))
        if sheet not in (S.SETTINGS, S.ABOUT):
            column_rule(column, column.name, ws, f"{letter}2:{letter}{last}")
    ws.freeze_panes = "A2"
    if sheet is S.SETTINGS:
        write_settings(ws)
    if sheet is S.ABOUT:
        write_about(ws)


def write_about(ws) -> None:
    """The six topics in column A, each with what it is for on its text cell (blank, to fill); the
    rows below for notes. The date cell shows a date as YYYY-MM-DD; text wraps."""
    names = [c.name for c in S.ABOUT.columns]
    topic_col, text_col = names.index("topic") + 1, names.index("text") + 1
    topic_letter, text_letter = get_column_letter(topic_col), get_column_letter(text_col)
    last = RECORD_ROWS + 1
    first_free = len(ABOUT_TOPICS) + 2
    for row, topic in enumerate(ABOUT_TOPICS, start=2):
        put_text(ws.cell(row=row, column=topic_col), topic)
        text = ws.cell(row=row, column=text_col)
        if topic == "date":
            text.number_format = "yyyy-mm-dd"
        validation(ws, f"{text_letter}{row}", title=topic, prompt=S.ABOUT_HELP[topic])
    for row in range(2, last + 1):
        ws.cell(row=row, column=text_col).alignment = WRAP_TOP
    note = ("Any other topic (a status, a source, a version) is kept as a note and shown on the report's "
            "Inputs sheet.")
    validation(ws, f"{topic_letter}{first_free}:{topic_letter}{last}", title="topic", prompt=note)
    validation(ws, f"{text_letter}{first_free}:{text_letter}{last}", title="text",
               prompt=S.ABOUT.column("text").help)


def write_settings(ws) -> None:
    """The known settings in column A, their defaults in column B, a check per setting's value."""
    names = [c.name for c in S.SETTINGS.columns]
    key_col, value_col = names.index(S.SETTINGS.key) + 1, names.index("value") + 1
    key_letter, value_letter = get_column_letter(key_col), get_column_letter(value_col)
    last = RECORD_ROWS + 1
    known = ", ".join(s.name for s in S.SETTINGS_KEYS)
    first_free = len(S.SETTINGS_KEYS) + 2
    validation(ws, f"{key_letter}2:{key_letter}{last}", title="setting",
               prompt=f"{S.SETTINGS.column('setting').help} Known: {known}.", type="list",
               formula1=f'"{",".join(s.name for s in S.SETTINGS_KEYS)}"',
               error=f"Not a known setting: the reader will report it. The known ones are {known}.",
               error_style="warning")
    for row, setting in enumerate(S.SETTINGS_KEYS, start=2):
        put_text(ws.cell(row=row, column=key_col), setting.name)
        value = ws.cell(row=row, column=value_col)
        if isinstance(setting.default, str):
            put_text(value, setting.default)
        elif setting.default is not None:
            value.value = setting.default
        default = "" if setting.default is None else f" Default: {setting.default}."
        where = f"{value_letter}{row}"
        if setting.kind == S.TEXT:
            validation(ws, where, title=setting.name, prompt=setting.help + default)
        else:
            rule = number_rule(setting.kind, minimum=setting.minimum, positive=setting.positive)
            kind = kind_text(setting.kind, minimum=setting.minimum, positive=setting.positive)
            validation(ws, where, title=setting.name, prompt=setting.help + default, **rule,
                       error=f"{setting.name} must be a {kind}.")
    if first_free <= last:
        validation(ws, f"{value_letter}{first_free}:{value_letter}{last}", title="value",
                   prompt=S.SETTINGS.column("value").help)


A_NAME = {S.ALTERNATIVES.key: "an alternative", S.CRITERIA.key: "a criterion", S.AID.key: "an aid category"}


def write_grid(ws, *, corner: str | None, comment: str, rows: S.RecordSheet, columns: S.RecordSheet,
               last_row: int) -> str:
    """A names-by-names input grid: `corner` in A1, names of `columns` typed along row 1 and names of
    `rows` down column A (each with a drop-down from its sheet), input cells in between, panes frozen.
    Returns the range of the inner cells."""
    last_col = get_column_letter(MATRIX_COLUMNS + 1)
    cell = ws.cell(row=1, column=1)
    if corner is not None:
        put_text(cell, corner)
    style_header(cell)
    add_comment(cell, comment)
    ws.column_dimensions["A"].width = rows.column(rows.key).width
    for j in range(2, MATRIX_COLUMNS + 2):
        ws.column_dimensions[get_column_letter(j)].width = MATRIX_WIDTH
    for j in range(2, MARKED_COLUMNS + 2):
        name = ws.cell(row=1, column=j)
        style_input(name, bold=True)
        name.alignment = WRAP_TOP  # a long name wraps, on the row's two lines, rather than being cut
        for row in range(2, last_row + 1):
            style_input(ws.cell(row=row, column=j))
    ws.row_dimensions[1].height = 2 * LINE_POINTS + 3
    for row in range(2, last_row + 1):
        style_input(ws.cell(row=row, column=1), bold=True)
    # The columns beyond the marked ones take the same names and checks, and are marked (by a
    # conditional format, which does not widen the printed range) once a name is typed above them.
    first_more = get_column_letter(MARKED_COLUMNS + 2)
    ws.conditional_formatting.add(f"{first_more}1:{last_col}{last_row}",
                                  FormulaRule(formula=[f"LEN({first_more}$1)>0"], fill=MARKED_FILL, border=BORDER))
    name_rule(ws, f"B1:{last_col}1", columns, A_NAME[columns.key])
    name_rule(ws, f"A2:A{last_row}", rows, A_NAME[rows.key])
    ws.freeze_panes = "B2"
    return f"B2:{last_col}{last_row}"


def write_matrix_sheet(ws, sheet: S.MatrixSheet) -> None:
    """`alternative` in A1; criterion names (typed) along row 1; alternative names down column A."""
    cells = write_grid(ws, corner=S.ALTERNATIVES.key, rows=S.ALTERNATIVES, columns=S.CRITERIA,
                       last_row=MATRIX_ROWS + 1,
                       comment=f"{sheet.name} ({needed_by(sheet.name)}): {sheet.help} Type the criterion names along "
                               "row 1 and the alternative names down column A, exactly as in Criteria and Alternatives.")
    if sheet.kind == S.NUMBER:
        validation(ws, cells, title=sheet.name, prompt=sheet.help, **number_rule(S.NUMBER),
                   error=f"{sheet.name}: expected a number.")
    else:
        validation(ws, cells, title=sheet.name, prompt=sheet.help)


def write_effects(ws) -> None:
    """`category` in A1; alternative (scenario) names along row 1; category names down column A;
    multipliers >= 0 in between."""
    cells = write_grid(ws, corner=S.AID.key, rows=S.AID, columns=S.ALTERNATIVES, last_row=RECORD_ROWS + 1,
                       comment=f"{S.AID_EFFECTS_NAME} (optional): {S.AID_EFFECTS_HELP}")
    validation(ws, cells, title="multiplier", prompt=S.AID_EFFECTS_HELP,
               **number_rule(S.NUMBER, minimum=0.0), error="A multiplier is a number >= 0.")


def pairwise_prompt() -> str:
    low = f"1/{round(1 / S.PAIRWISE_MIN):d}"
    return (f"How much more important the row's criterion is than the column's, {low} to {S.PAIRWISE_MAX:g}: "
            f"1 equal, 3 moderately, 5 strongly, 7 very strongly, 9 extremely more; {low}..1/3 the reverse "
            f"(type =1/3 or 0.33). Fill one side of the diagonal: a blank cell takes the reciprocal of its mirror.")


def write_pairwise(ws) -> None:
    """A1 blank; criterion names along row 1 and down column A; judgements between 1/9 and 9."""
    cells = write_grid(ws, corner=None, rows=S.CRITERIA, columns=S.CRITERIA, last_row=MATRIX_COLUMNS + 1,
                       comment=f"Pairwise (optional): {S.PAIRWISE_HELP}")
    low, high = S.PAIRWISE_MIN * (1 - S.PAIRWISE_RTOL), S.PAIRWISE_MAX * (1 + S.PAIRWISE_RTOL)
    validation(ws, cells, title="judgement", prompt=pairwise_prompt(),
               **number_rule(S.NUMBER, low=low, high=high),
               error=f"A judgement is a number from 1/{round(1 / S.PAIRWISE_MIN):d} (0.11) to {S.PAIRWISE_MAX:g}.")


# --- instructions ---------------------------------------------------------------------------------

INSTRUCTION_PAGES = 3  # printed pages the Instructions aim at
INSTR_COLUMNS = (("Sheet", 14), ("Column / setting", 20), ("Kind", 18), ("Required", 26), ("What to enter", 94))


def purpose_text() -> str:
    return (
        "This criteria workbook describes one decision study for the decision toolkit: the alternatives "
        "(scenarios) to rank, the criteria they are judged on with a direction and a weight, how each "
        "alternative scores on each criterion, and, for the aid allocation, the aid categories that can be "
        "bought with their cost, strength and risk per unit, under a budget and a risk cap. Fill it in Excel or "
        "LibreOffice, save it as .xlsx, then run: decision validate FILE (lists every problem at once), "
        "decision rank FILE, decision allocate FILE, decision report FILE."
    )


def order_text(order) -> str:
    """The sheets in the order they are filled, in groups of the same need, on one line each."""
    groups = [(need, [name for name in names]) for need, names in itertools.groupby(order, key=needed_by)]
    steps = [f"{', '.join(names[:-1])} and {names[-1]}" if len(names) > 1 else names[0] for _, names in groups]
    return ("Fill the sheets in this order (Alternatives and Criteria first: the other sheets use their names): "
            + "; then ".join(f"{step} ({need})" for step, (need, _) in zip(steps, groups)) + ".")


def about_text() -> str:
    return (f"The {S.ABOUT.name} sheet (optional, fill it at any time) says what the study is: its "
            f"{', '.join(ABOUT_TOPICS[:-1])} and {ABOUT_TOPICS[-1]}, one topic per row, the text beside it; topics are "
            "matched ignoring case. The title names the study in the report (blank: the workbook's file name); the caveat is "
            "printed on every page of the report and the classification in its footer. Any other topic is kept as "
            "a note, shown on the report's Inputs sheet. A problem in this sheet is a warning, never an error.")


def rules_text() -> list[str]:
    low, high = S.CRITERIA.column("low"), S.CRITERIA.column("high")
    optional = [n for n in fill_order() if needed_by(n) == "optional"]
    return [
        "Row 1 of every sheet is the header: keep its names; one record per row from row 2; blank rows are "
        "skipped. Extra sheets, and extra columns in Alternatives, Criteria, Aid and Settings, are ignored.",
        "Names of sheets, columns, alternatives and criteria are matched ignoring case and surrounding spaces; "
        "otherwise type them exactly as in Alternatives and Criteria (a name that matches nothing is an error, "
        "never silently dropped). Names must be unique.",
        f"Weights (Criteria, {S.CRITERIA.column('weight').name}): numbers >= 0, not all zero; they are normalized "
        "to sum 1 (with a warning when they did not). Give every criterion a weight, or leave them all blank "
        "when weights come from another method (Settings: weights, e.g. ahp with the Pairwise sheet).",
        f"Scale (Criteria, {low.name}/{high.name}): the worst-to-best range the values and the weights refer to; "
        f"give both or neither; a score outside it is an error. Blank: the range observed in "
        f"{', '.join(s.name for s in S.MATRIX_SHEETS if s.kind == S.NUMBER)}. "
        f"direction is {' or '.join(S.DIRECTIONS)}: {S.CRITERIA.column('direction').help}",
        "Scores: one row per alternative, one column per criterion (every criterion named in Criteria), every "
        "cell a number; a formula is fine once the spreadsheet has computed it. The grids mark "
        f"{MARKED_COLUMNS} name columns; the ones to their right, up to {MATRIX_COLUMNS}, are checked too and "
        "marked once a name is typed in row 1.",
        f"Optional sheets: {', '.join(optional)}. {S.SCORES_LOW.name} and {S.SCORES_HIGH.name} go together: "
        f"low <= score <= high, a blank cell means no uncertainty there. {S.RATIONALE.name}: text, blanks allowed. "
        f"Pairwise: AHP judgements from 1/{round(1 / S.PAIRWISE_MIN):d} to {S.PAIRWISE_MAX:g}, reciprocal, to a "
        f"relative tolerance of {S.PAIRWISE_RTOL:g} (0.11 stands for 1/9). A sheet left blank counts as "
        "absent, so optional sheets you do not use can stay.",
        "Aid and Settings are needed by allocation only: budget and risk_cap must then be given. A setting "
        "whose value is blank is not set (its default applies).",
    ]


def write_instructions(ws, order) -> int:
    """The Instructions sheet; returns the row of its table's header."""
    out = _Instructions(ws)
    out.title(f"Criteria workbook (schema v{S.SCHEMA_VERSION}): how to fill it")
    out.paragraph("What it is for", purpose_text())
    out.paragraph("Order", order_text(order))
    out.paragraph(S.ABOUT.name, about_text())
    for k, rule in enumerate(rules_text()):
        out.paragraph("Rules" if k == 0 else "", rule)
    out.legend()
    # One row per sheet, per column and per setting.
    header = out.table_header()
    for name in (S.ABOUT.name, *order):
        for line, bold in sheet_lines(name):
            out.line(line, bold=bold)
    return header


class _Instructions:
    """The Instructions sheet written top to bottom; `row` is the next row to write."""

    def __init__(self, ws):
        self.ws, self.row = ws, 1
        self.widths = [w for _, w in INSTR_COLUMNS]
        self.ncols = len(INSTR_COLUMNS)
        for j, width in enumerate(self.widths, start=1):
            ws.column_dimensions[get_column_letter(j)].width = width

    def title(self, text: str) -> None:
        title = self.ws.cell(row=self.row, column=1)
        put_text(title, text)
        title.font = Font(name=DEFAULT_FONT.name, bold=True, size=16)
        self.ws.row_dimensions[self.row].height = 24
        self.row += 2

    def paragraph(self, label: str, text: str) -> None:
        ws, row = self.ws, self.row
        head = ws.cell(row=row, column=1)
        put_text(head, label)
        head.font = BOLD
        head.alignment = WRAP_TOP
        body = ws.cell(row=row, column=2)
        put_text(body, text)
        body.alignment = WRAP_TOP
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=self.ncols)
        ws.row_dimensions[row].height = text_height([(text, sum(self.widths[1:]))])
        self.row += 1

    def legend(self) -> None:
        """What an input cell and a header look like."""
        head = self.ws.cell(row=self.row, column=1)
        put_text(head, "Legend")
        head.font = BOLD
        legend = (
            ("input cell", style_input, "Light yellow with a thin border: type here. Select a cell to see what it "
                                        "expects; drop-downs offer the allowed words and names."),
            ("header", style_header, "Bold on dark blue: a column name the reader looks for; keep it. Its comment "
                                     "says what the column holds."),
        )
        for label, style, meaning in legend:
            sample = self.ws.cell(row=self.row, column=2)
            put_text(sample, label)
            style(sample)
            text = self.ws.cell(row=self.row, column=3)
            put_text(text, meaning)
            text.alignment = WRAP_TOP
            self.ws.merge_cells(start_row=self.row, start_column=3, end_row=self.row, end_column=self.ncols)
            self.row += 1
        self.row += 1

    def table_header(self) -> int:
        """The table's header row (repeated on every printed page); returns its row."""
        for j, (name, _) in enumerate(INSTR_COLUMNS, start=1):
            cell = self.ws.cell(row=self.row, column=j)
            put_text(cell, name)
            style_header(cell)
        self.row += 1
        return self.row - 1

    def line(self, values: tuple[str, str, str, str, str], *, bold: bool = False) -> None:
        """One row of the table: sheet, column, kind, presence, what to enter."""
        for j, value in enumerate(values, start=1):
            cell = self.ws.cell(row=self.row, column=j)
            put_text(cell, value)
            cell.alignment = WRAP_TOP
            cell.border = BORDER
            if bold:
                cell.font = BOLD
        self.ws.row_dimensions[self.row].height = text_height(zip(values, self.widths), bold=bold)
        self.row += 1


def sheet_lines(name: str) -> list[tuple[tuple[str, str, str, str, str], bool]]:
    """The Instructions table's rows for one sheet, (sheet, column, kind, presence, what to enter),
    each with whether it is bold (the sheet's own row)."""
    spec = sheet_spec(name)
    if isinstance(spec, S.RecordSheet):
        lines = [((name, "", "", needed_by(name), spec.help), True)]
        lines += [((name, column.name, column_kind(column), column_presence(column), column.help), False)
                  for column in spec.columns]
        if spec is S.ABOUT:
            lines += [((name, topic, "date or text" if topic == "date" else "text", "pre-filled topic: fill text",
                        S.ABOUT_HELP[topic]), False) for topic in ABOUT_TOPICS]
        if spec is S.SETTINGS:
            for setting in S.SETTINGS_KEYS:
                default = "blank: fill it" if setting.default is None else f"pre-filled: {setting.default}"
                kind = kind_text(setting.kind, minimum=setting.minimum, positive=setting.positive)
                lines.append(((name, setting.name, kind, default, setting.help), False))
        return lines
    if isinstance(spec, S.MatrixSheet):
        blanks = "cells may be blank" if spec.blank_ok else "every cell"
        holds = "the values." if spec.kind == S.NUMBER else "the text."
        if spec is not S.SCORES:  # laid out as Scores: one line says so
            return [((name, "", "", needed_by(name), spec.help), True),
                    ((name, f"(as {S.SCORES.name})", kind_text(spec.kind), blanks,
                      f"As in {S.SCORES.name}: alternatives down column A, criteria along row 1; the cells hold "
                      f"{holds}"), False)]
        return [((name, "", "", needed_by(name), spec.help), True),
                ((name, S.ALTERNATIVES.key, "text", "column A",
                  "Alternative names down column A, as in Alternatives (one row each)."), False),
                ((name, "(one per criterion)", kind_text(spec.kind), blanks,
                  f"Criterion names along row 1 from column B, as in Criteria; the cells below hold {holds}"), False)]
    if name == S.AID_EFFECTS_NAME:
        return [((name, "", "", needed_by(name), S.AID_EFFECTS_HELP), True),
                ((name, S.AID.key, "text", "column A", "Aid category names down column A, as in Aid."), False),
                ((name, "(one per alternative)", kind_text(S.NUMBER, minimum=0.0), "every listed cell",
                  "Alternative (scenario) names along row 1 from column B, as in Alternatives; the cells below "
                  "hold the multipliers."), False)]
    return [((name, "", "", needed_by(name), S.PAIRWISE_HELP), True),
            ((name, "(criteria)", "text", "row 1 and column A",
              "The criterion names along row 1 from column B and down column A from row 2, as in Criteria; "
              "A1 stays blank."), False),
            ((name, "(judgements)", kind_text(S.NUMBER), "one side of the diagonal", pairwise_prompt()), False)]


# --- the workbook ---------------------------------------------------------------------------------


def build_template() -> Workbook:
    """The blank criteria workbook, in memory."""
    wb = Workbook()
    order = fill_order()
    header = write_instructions(wb.active, order)
    wb.active.title = INSTRUCTIONS
    print_setup(wb.active, title_rows=f"{header}:{header}", pages=INSTRUCTION_PAGES)
    for name in (S.ABOUT.name, *order):  # the study's identity first, as in the shipped studies
        ws = wb.create_sheet(name)
        spec = sheet_spec(name)
        if isinstance(spec, S.RecordSheet):
            write_record_sheet(ws, spec)
        elif isinstance(spec, S.MatrixSheet):
            write_matrix_sheet(ws, spec)
        elif name == S.AID_EFFECTS_NAME:
            write_effects(ws)
        else:
            write_pairwise(ws)
        print_setup(ws)
    wb.active = 0
    return wb


def write_template(path) -> None:
    """Write the blank criteria workbook to `path` atomically (the caller checks for overwriting)."""
    wb = build_template()
    save_atomically(path, wb.save)

"""The About sheet: the study's identity (title, author, organisation, date, classification, caveat),
its other topics kept as notes, read ignoring case; optional, and never an error (issue 13, item 1)."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from decision.model import ABOUT_TOPICS, About, Study
from decision.workbook.files import Limits
from decision.workbook.read import read_study
from tests import hostile as H
from tests import workbooks as W
from tests.hostile import Error, Formula

IDENTITY = [
    ["topic", "text"],
    ["title", "Ending the war: two settlements compared"],
    ["author", "A. Analyst"],
    ["organisation", "Policy Unit"],
    ["date", dt.date(2025, 3, 14)],
    ["classification", "UNCLASSIFIED"],
    ["caveat", "Illustrative numbers only."],
]


def study_with(tmp_path, about, name="study.xlsx", **changes):
    """BASE with an About sheet of rows `about` (None: no About sheet), written by openpyxl."""
    return read_study(W.base(tmp_path, name, **changes, **({} if about is None else {"About": about})))


def raw_study(tmp_path, about, name="study.xlsx", **kwargs):
    """BASE with an About sheet written as raw XML (formulas without a value, error values, dates)."""
    return read_study(H.write(tmp_path / name, H.package({**H.study(), "About": about})), **kwargs)


def warnings_of(study) -> list[str]:
    return [w.removeprefix("study.xlsx: ") for w in study.warnings]


# --- each topic ---------------------------------------------------------------------------------


def test_each_topic_is_read(tmp_path):
    study = study_with(tmp_path, IDENTITY)
    assert study.about == About(title="Ending the war: two settlements compared", author="A. Analyst",
                                organisation="Policy Unit", date=dt.date(2025, 3, 14), classification="UNCLASSIFIED",
                                caveat="Illustrative numbers only.")
    assert study.about.date_text == "2025-03-14"
    assert study.title == "Ending the war: two settlements compared"
    assert study.name == "study"  # the file's name still names the report file and the messages
    assert study.warnings == ()


def test_topics_and_columns_match_ignoring_case_and_spaces(tmp_path):
    rows = [[" Text ", "TOPIC"], ["Some note", " Title "], ["Acme", "ORGANISATION"], ["Keep it short", "Caveat"]]
    study = study_with(tmp_path, rows)
    assert (study.about.title, study.about.organisation, study.about.caveat) == ("Some note", "Acme", "Keep it short")
    assert study.warnings == ()


def test_sheet_name_matched_ignoring_case(tmp_path):
    path = H.write(tmp_path / "study.xlsx", H.package({" about ": [["topic", "text"], ["title", "T"]], **H.study()}))
    assert read_study(path).title == "T"


def test_other_topics_are_kept_as_notes_in_order(tmp_path):
    rows = [["topic", "text"], ["Status", "Draft"], ["title", "T"], ["Source", "A news summary"], [None, "untitled"],
            ["blank", None], ["", ""]]
    about = study_with(tmp_path, rows).about
    assert about.title == "T"
    assert about.notes == (("Status", "Draft"), ("Source", "A news summary"), ("", "untitled"))
    assert about.identity() == [("title", "T")]


def test_a_topic_close_to_a_known_one_is_a_note_with_a_hint(tmp_path):
    study = study_with(tmp_path, [["topic", "text"], ["organization", "Acme"]])
    assert study.about.organisation == "" and study.about.notes == (("organization", "Acme"),)
    assert warnings_of(study) == ["About!A2: topic 'organization' kept as a note (did you mean 'organisation'?)"]


# --- the date -------------------------------------------------------------------------------------


@pytest.mark.parametrize("value, date, text", [
    (dt.date(2025, 3, 14), dt.date(2025, 3, 14), "2025-03-14"),
    (dt.datetime(2025, 3, 14, 0, 0), dt.date(2025, 3, 14), "2025-03-14"),
    (dt.datetime(2025, 3, 14, 16, 30), dt.date(2025, 3, 14), "2025-03-14"),
    ("2025-03-14", dt.date(2025, 3, 14), "2025-03-14"),
    (" 2025-03-14 ", dt.date(2025, 3, 14), "2025-03-14"),
    ("14 March 2025", "14 March 2025", "14 March 2025"),
    ("Spring 2025", "Spring 2025", "Spring 2025"),
    (2025, "2025", "2025"),
], ids=["date", "datetime at midnight", "datetime", "ISO text", "ISO text with spaces", "text", "season", "year"])
def test_date_cell_or_text(tmp_path, value, date, text):
    study = study_with(tmp_path, [["topic", "text"], ["date", value]])
    assert study.about.date == date and study.about.date_text == text
    assert study.warnings == ()


def test_date_cell_as_a_spreadsheet_saves_it(tmp_path):
    """A date typed in Excel is a serial number with a date format; openpyxl's writer does the same."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in W.BASE.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    about = wb.create_sheet("About", 0)
    about.append(["topic", "text"])
    about.append(["date", 45730])
    about["B2"].number_format = "dd/mm/yyyy"
    wb.save(tmp_path / "study.xlsx")
    study = read_study(tmp_path / "study.xlsx")
    assert study.about.date == dt.date(2025, 3, 14) and study.about.date_text == "2025-03-14"


@pytest.mark.parametrize("value, text, line", [
    ("2025-02-30", "2025-02-30", "About!B2: 'date' '2025-02-30' is not a valid date: kept as typed"),
    (45730, "45730", "About!B2: 'date' is the number 45730, kept as text: format the cell as a date, or type the "
                     "date as YYYY-MM-DD"),
])
def test_a_date_that_is_not_one_is_kept_as_typed_with_a_warning(tmp_path, value, text, line):
    study = study_with(tmp_path, [["topic", "text"], ["date", value]])
    assert study.about.date == text and warnings_of(study) == [line]


# --- text given as something else ------------------------------------------------------------------


@pytest.mark.parametrize("value, text", [
    (2025, "2025"), (3.0, "3"), (0.25, "0.25"), (True, "TRUE"), (dt.datetime(2025, 1, 2), "2025-01-02"),
    (dt.datetime(2025, 1, 2, 9, 30), "2025-01-02 09:30:00"), ("  padded  ", "padded"),
    ("=starts like a formula", "=starts like a formula"), ("two\nlines", "two\nlines"),
])
def test_text_given_as_a_number_or_date_is_written_out(tmp_path, value, text):
    study = raw_study(tmp_path, [["topic", "text"], ["title", value], ["Version", value]])  # "=...": text, as typed
    assert study.about.title == text and study.about.notes == (("Version", text),)
    assert isinstance(study.about.title, str) and study.warnings == ()


def test_formulas_and_error_values_are_ignored_with_a_warning(tmp_path):
    rows = [["topic", "text"], ["title", Formula("A1&B1")], ["title", "Second"], ["author", Error("#N/A")],
            ["caveat", Formula("B3", "Cached text")], ["date", Formula("TODAY()")]]
    study = raw_study(tmp_path, rows)
    assert (study.about.title, study.about.author, study.about.caveat, study.about.date) == (
        "Second", "", "Cached text", None)
    assert warnings_of(study) == [
        "About!B2: expected text, found the formula '=A1&B1' without a computed value: ignored",
        "About!B4: expected text, found the error value #N/A: ignored",
        "About!B6: expected text, found the formula '=TODAY()' without a computed value: ignored",
    ]


def test_a_text_beyond_excels_limit_is_cut_with_a_warning(tmp_path):
    study = raw_study(tmp_path, [["topic", "text"], ["caveat", "x" * 40_000]])
    assert study.about.caveat == "x" * 32_767
    assert warnings_of(study) == ["About!B2: text of 40,000 characters cut to 32,767 (Excel's limit)"]


# --- duplicates ----------------------------------------------------------------------------------


def test_a_known_topic_given_twice_keeps_the_first(tmp_path):
    rows = [["topic", "text"], ["title", "First"], ["author", "A"], ["TITLE", "Second"], ["Note", "x"], ["Note", "y"]]
    study = study_with(tmp_path, rows)
    assert study.about.title == "First" and study.about.notes == (("Note", "x"), ("Note", "y"))
    assert warnings_of(study) == ["About!A4: topic 'title' given twice (also About!A2): the first is kept"]


def test_a_blank_topic_row_does_not_count_as_given(tmp_path):
    """The template lists the topics with their text blank; a row filled further down is no duplicate."""
    study = study_with(tmp_path, [["topic", "text"], ["title", None], ["author", "A"], ["title", "Filled below"]])
    assert study.about.title == "Filled below" and study.warnings == ()


def test_two_about_sheets_the_first_is_read(tmp_path):
    path = H.write(tmp_path / "study.xlsx", H.package(
        {"About": [["topic", "text"], ["title", "One"]], "ABOUT ": [["topic", "text"], ["title", "Two"]], **H.study()}))
    study = read_study(path)
    assert study.title == "One"
    assert warnings_of(study) == ["About: 2 sheets match this name: 'About', 'ABOUT'; only the first is read"]


# --- without the columns, without the sheet: never an error ---------------------------------------


@pytest.mark.parametrize("rows, line", [
    ([["About this study"], ["It compares two settlements."]],
     "About: no columns 'topic' and 'text' in row 1: the sheet is ignored"),
    ([["topic", "txt"], ["title", "T"]], "About: no column 'text' (found 'txt': a typo?) in row 1: the sheet is ignored"),
    ([["subject", "text"], ["title", "T"]], "About: no column 'topic' in row 1: the sheet is ignored"),
    ([[None, None], ["title", "T"]], "About: no columns 'topic' and 'text' in row 1: the sheet is ignored"),
], ids=["free text", "typo", "other name", "no header"])
def test_without_the_columns_one_warning_and_the_sheet_is_ignored(tmp_path, rows, line):
    study = study_with(tmp_path, rows)
    assert study.about == About() and study.title == "study"
    assert warnings_of(study) == [line]


def test_an_empty_about_sheet_says_nothing(tmp_path):
    for rows in ([], [["topic", "text"]], [[None], [None, None]]):
        study = study_with(tmp_path, rows)
        assert study.about == About() and study.warnings == ()


def test_without_an_about_sheet_the_title_is_the_file_name(tmp_path):
    study = study_with(tmp_path, None, name="Ceasefire options.xlsx")
    assert study.about == About() and study.title == "Ceasefire options" == study.name
    assert study.about.date_text == "" and study.about.identity() == []
    assert Study(name="plain").title == "plain"


def test_a_blank_title_falls_back_to_the_file_name(tmp_path):
    study = study_with(tmp_path, [["topic", "text"], ["title", "   "], ["author", "A"]])
    assert study.title == "study" and study.about.author == "A"


def test_about_problems_never_make_a_valid_workbook_invalid(tmp_path):
    """Everything wrong in About at once: warnings only, and the study is the same."""
    rows = [["topic", "text", "topic"], ["title", Formula("X")], ["title", Error("#REF!")], ["date", "2025-13-01"],
            ["date", "again"], [Formula("Y"), "text under a formula topic"], ["caveat", "x" * 40_000]]
    base = read_study(H.write(tmp_path / "base.xlsx", H.package(H.study())))
    study = raw_study(tmp_path, rows)
    assert study.warnings  # said, not refused
    assert (study.alternatives, study.criteria, dict(study.settings)) == (base.alternatives, base.criteria,
                                                                          dict(base.settings))
    assert (study.scores == base.scores).all()


def test_an_about_sheet_beyond_the_cell_limit_is_ignored_not_refused(tmp_path):
    """About is read after the schema sheets, against a cell limit of its own: a workbook the limit
    lets through today is never refused for its About sheet."""
    rows = [["topic", "text"]] + [[f"note {k}", "x"] for k in range(60)]
    path = H.write(tmp_path / "study.xlsx", H.package({"About": rows, **H.study()}))
    study = read_study(path, limits=Limits(max_cells=100))
    assert study.about == About() and study.alternative_names == ["Guarantees", "Zone", "Baseline"]
    assert study.warnings[0].startswith("study.xlsx: About: not read, and ignored: refused: the sheets read hold more "
                                        "than 100 cells in use")
    assert len(read_study(path).about.notes) == 60


def test_a_damaged_about_sheet_is_ignored_not_refused(tmp_path):
    """A cell outside the spreadsheet's grid (openpyxl reads it; the reader refuses such a schema sheet)."""
    about = H.sheet_xml([["topic", "text"]], extra_rows='<row r="2"><c r="XFE2" t="inlineStr"><is><t>x</t></is></c></row>')
    study = read_study(H.write(tmp_path / "study.xlsx", H.package({"About": about, **H.study()})))
    assert study.about == About()
    assert [w.split(": damaged")[0] for w in study.warnings] == ["study.xlsx: About: not read, and ignored"]


def test_the_model_lists_the_six_topics():
    assert ABOUT_TOPICS == ("title", "author", "organisation", "date", "classification", "caveat")
    about = About(title="T", date="Spring", caveat="C", notes=(("x", "y"),))
    assert about.identity() == [("title", "T"), ("date", "Spring"), ("caveat", "C")]
    assert About(date=dt.datetime(2025, 3, 14, 16, 30)).date_text == "2025-03-14"  # a date and time built in code


# --- the template ----------------------------------------------------------------------------------


@pytest.fixture
def template(tmp_path):
    from decision.workbook.template import write_template

    path = tmp_path / "blank.xlsx"
    write_template(path)
    return path


def fill_about(template, out, texts: dict, notes=()):
    """Type `texts` beside the template's topics, and `notes` (topic, text) in the rows below them."""
    from openpyxl import load_workbook

    from decision.xlsx_out import put_text

    wb = load_workbook(template)
    ws = wb["About"]
    rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value}
    for topic, value in texts.items():
        cell = ws.cell(row=rows[topic], column=2)
        if isinstance(value, str):
            put_text(cell, value)
        else:
            cell.value = value
    for k, (topic, text) in enumerate(notes, start=max(rows.values()) + 1):
        put_text(ws.cell(row=k, column=1), topic)
        put_text(ws.cell(row=k, column=2), text)
    wb.save(out)
    return out


def test_the_template_writes_the_six_topics_with_guidance(template):
    from openpyxl import load_workbook

    from decision.workbook import schema as S
    from decision.workbook.template import INSTRUCTIONS, RECORD_ROWS
    from tests.test_template import validation_at

    wb = load_workbook(template)
    assert wb.sheetnames[1] == "About"
    ws = wb["About"]
    assert [c.value for c in ws[1]] == ["topic", "text"] and ws.freeze_panes == "A2"
    for cell, column in zip(ws[1], S.ABOUT.columns):
        assert cell.font.b and cell.fill.fgColor.rgb.endswith("1F4E78") and column.help in cell.comment.text
    assert [ws.cell(row=r, column=1).value for r in range(2, 8)] == list(ABOUT_TOPICS)
    last = RECORD_ROWS + 1
    assert all(ws.cell(row=r, column=2).value is None for r in range(2, last + 1))  # the analyst types the text
    for row, topic in enumerate(ABOUT_TOPICS, start=2):
        assert validation_at(ws, f"B{row}").prompt == S.ABOUT_HELP[topic]
        assert ws[f"B{row}"].fill.fill_type == "solid" and ws[f"B{row}"].alignment.wrap_text
    assert "footer" in S.ABOUT_HELP["classification"] and "every page" in S.ABOUT_HELP["caveat"]
    assert ws["B5"].number_format == "yyyy-mm-dd"
    assert "note" in validation_at(ws, "A8").prompt and validation_at(ws, f"B{last}") is not None
    assert all(c.data_type == "s" for row in ws.iter_rows() for c in row if isinstance(c.value, str))
    instructions = wb[INSTRUCTIONS]
    text = "\n".join(str(c.value) for row in instructions.iter_rows() for c in row if c.value)
    lines = [tuple(c.value for c in row[:2]) for row in instructions.iter_rows()]
    assert ("About", None) in lines or ("About", "") in lines
    for topic in ABOUT_TOPICS:
        assert ("About", topic) in lines and S.ABOUT_HELP[topic] in text
    assert "never an error" in text and "footer" in text and "every page" in text


def test_the_blank_template_says_nothing_about_itself(template):
    study = read_study(template, needs=())
    assert study.about == About() and study.title == "blank"
    assert not any("About" in w for w in study.warnings)


def test_the_templates_about_sheet_reads_back(template, tmp_path):
    from tests.test_template import fill_template

    filled = tmp_path / "data.xlsx"
    fill_template(template, filled)
    texts = {"title": "Settlement options, spring review", "author": "J. Doe", "organisation": "Ministry of Defence",
             "date": dt.datetime(2025, 4, 1), "classification": "OFFICIAL", "caveat": "=Illustrative, not estimates"}
    out = fill_about(filled, tmp_path / "about.xlsx", texts, notes=[("Version", "2"), ("Reviewed by", "K. Roe")])
    study = read_study(out, needs=("ranking", "allocation"))
    assert study.about == About(title="Settlement options, spring review", author="J. Doe",
                                organisation="Ministry of Defence", date=dt.date(2025, 4, 1), classification="OFFICIAL",
                                caveat="=Illustrative, not estimates", notes=(("Version", "2"), ("Reviewed by", "K. Roe")))
    assert study.title == "Settlement options, spring review" and study.warnings == ()


@pytest.mark.libreoffice
def test_the_templates_about_sheet_saved_by_libreoffice_reads_back(template, tmp_path):
    from tests.test_template import convert

    texts = {"title": "T", "date": dt.datetime(2025, 4, 1), "caveat": "Illustrative."}
    saved = convert(fill_about(template, tmp_path / "about.xlsx", texts), "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")
    about = read_study(saved, needs=()).about
    assert (about.title, about.date, about.caveat) == ("T", dt.date(2025, 4, 1), "Illustrative.")


# --- the shipped studies ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["settlement_scenarios.xlsx", "settlement_variants.xlsx", "three_alternatives.xlsx"])
def test_the_shipped_studies_carry_the_six_topics(name):
    from tests.test_shipped_studies import CRITERIA_DIR, STUDIES

    about = read_study(CRITERIA_DIR / name, needs=("ranking", "allocation")).about
    script = STUDIES[name]["about"]
    assert [topic for topic, _ in about.identity()] == list(ABOUT_TOPICS)
    assert [(topic, text) for topic, text in script[:6]] == [
        (topic, about.date if topic == "date" else text) for topic, text in about.identity()]
    assert about.date == dt.date(2025, 1, 1) and about.date_text == "2025-01-01"  # a date cell, fixed
    assert about.title.startswith("Settlement ") and "illustrative" in about.author
    assert "illustrative" in about.classification.lower()
    assert "illustrative judgement" in about.caveat and "not an intelligence estimate" in about.caveat
    assert about.notes == tuple(script[6:])  # the sheet's other rows, kept as notes
    assert [topic for topic, _ in about.notes][:3] == ["Study", "Alternatives", "Status"]


# --- the report's Inputs sheet -----------------------------------------------------------------------


def test_the_inputs_sheet_shows_the_identity_and_the_notes(tmp_path):
    import openpyxl

    from decision.report import write_report
    from tests.test_report import make_study

    about = About(title="=HYPERLINK(\"http://example.com\")", author="A. Analyst", date=dt.date(2025, 3, 14),
                  caveat="+Illustrative", notes=(("Status", "Draft"), ("", "untitled note")))
    path = tmp_path / "report.xlsx"
    write_report(make_study(about=about), path)
    ws = openpyxl.load_workbook(path)["Inputs"]
    rows = [[c for c in row if c.value is not None] for row in ws.iter_rows()]
    values = [[c.value for c in row] for row in rows]
    start = values.index(["About"])
    assert values[start + 1:start + 8] == [
        ["topic", "text"], ["title", "=HYPERLINK(\"http://example.com\")"], ["author", "A. Analyst"],
        ["date", "2025-03-14"], ["caveat", "+Illustrative"], ["Status", "Draft"], ["untitled note"]]
    assert values[start + 8] == [] and values[start + 9] == ["Alternatives"]
    assert all(c.data_type == "s" for row in rows[start:start + 8] for c in row)  # text, never a formula
    written = next(i for i, v in enumerate(values) if v[:1] == ["Written (UTC)"])
    assert values[written + 1] == [] and start == written + 2  # after the provenance block, apart from it


def test_without_an_identity_the_inputs_sheet_has_no_about_block():
    from decision.report.inputs_sheet import sections
    from tests.test_report import make_study

    assert "About" not in [heading for heading, *_ in sections(make_study())]
    headings = [heading for heading, *_ in sections(make_study(about=About(notes=(("Status", "Draft"),))))]
    assert headings[:2] == ["About", "Alternatives"]

"""Every printed page of the report carries the study's classification and caveat (issue 13, item
1): the footer, cut at a word to at most 200 characters of caveat, "... (see Summary)" when cut."""

from __future__ import annotations

import openpyxl
import pytest

from decision.model import About
from decision.report.footer import CUT, caveat_line, escaped, footer_text
from decision.report.build import write_report
from decision.workbook.read import read_study
from decision.workbook.shipped import shipped_study


def test_a_short_caveat_is_whole():
    assert caveat_line("  Illustrative   judgements only. ") == "Illustrative judgements only."


def test_a_long_caveat_is_cut_at_a_word_and_says_where_the_rest_is():
    caveat = " ".join(f"word{i}" for i in range(100))
    line = caveat_line(caveat)
    assert len(line) <= 200 and line.endswith(CUT)
    kept = line.removesuffix(CUT).split(" ")
    assert kept == caveat.split(" ")[:len(kept)]  # whole words, in order


def test_one_long_word_is_cut_anyway():
    line = caveat_line("x" * 500)
    assert len(line) == 200 and line.endswith(CUT)


@pytest.mark.parametrize("classification", ["", "UNCLASSIFIED", "R&D — " + "C" * 80])
def test_the_footer_fits_excel_with_its_codes(classification):
    text = footer_text(About(classification=classification, caveat="A & B " * 100))
    full = f"&L&7{escaped(text)}&R&7Page &P of &N"
    assert len(full) <= 255
    assert text.endswith(CUT)


def test_no_about_no_footer_text():
    assert footer_text(About()) == ""


def test_every_sheet_of_the_shipped_report_prints_the_classification_and_caveat(tmp_path):
    study = read_study(shipped_study())
    out = tmp_path / "report.xlsx"
    write_report(study, out)
    wb = openpyxl.load_workbook(out)
    expected = footer_text(study.about)
    assert study.about.classification in expected and expected
    for ws in wb.worksheets:
        assert ws.oddFooter.left.text == escaped(expected), ws.title
        assert ws.oddFooter.right.text == "Page &P of &N"

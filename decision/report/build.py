"""The report workbook: the pipeline's outcomes laid out on the sheets, then saved atomically."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from decision.model import Study
from decision.report.footer import escaped, footer_text
from decision.report.layout import print_setup
from decision.report import (allocation_sheet, inputs_sheet, methods_sheet, ranking_sheet, robustness_sheet,
                             summary_sheet, weights_sheet)
from decision.pipeline.options import resolve
from decision.pipeline.outcomes import ReportData, compute
from decision.xlsx_out import save_atomically

SHEETS = (("Summary", summary_sheet), ("Ranking", ranking_sheet), ("Methods", methods_sheet),
          ("Weights", weights_sheet), ("Robustness", robustness_sheet), ("Allocation", allocation_sheet),
          ("Inputs", inputs_sheet))


def default_report_path(study: Study) -> Path:
    """reports/<study>_report.xlsx, relative to the current folder (the command replaces it on each run)."""
    return Path("reports") / f"{study.name}_report.xlsx"


def build_workbook(data: ReportData) -> Workbook:
    """One sheet per part, Summary first; each prints one page wide, no block cut by a page (layout.py)."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, module in SHEETS:
        ws = wb.create_sheet(title)
        module.write(ws, data)
        print_setup(ws, one_page=getattr(module, "ONE_PAGE", False))
        stamp(ws, data.study)
    wb.active = 0
    return wb


def stamp(ws, study: Study) -> None:
    """The printed footer: classification and caveat on every page; the page number at the right."""
    text = footer_text(study.about)
    if text:
        ws.oddFooter.left.text = escaped(text)
        ws.oddFooter.left.size = 7
    ws.oddFooter.right.text = "Page &P of &N"
    ws.oddFooter.right.size = 7


def write_report(study: Study, path, *, method=None, weighting=None, budget=None, risk_cap=None,
                 solver="highs") -> list[str]:
    """Compute the report's outcomes (options from these arguments, else the Settings) and write them
    to `path`; returns a warning per section not computed."""
    return write_outcomes(compute(study, resolve(study, method=method, weighting=weighting, budget=budget,
                                                 risk_cap=risk_cap, solver=solver)), path)


def write_outcomes(data: ReportData, path) -> list[str]:
    """Lay the outcomes out and write them to `path` (whole or not at all); a warning per section not computed."""
    wb = build_workbook(data)
    save_atomically(path, wb.save)
    return data.warnings

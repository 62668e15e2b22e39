"""The decision brief: the answer, how sure it is, the weights, the aid package and its limits, and
four charts, on at most two A4 pages (a PDF), from the same outcomes as the Excel report.

A presenter beside `decision.report`: `content.brief(ReportData) -> Brief` says what the brief
says (no layout), `charts.py` draws its charts (matplotlib, SVG), `pdf.py` lays it out (fpdf2).
"""

from __future__ import annotations

from pathlib import Path

from decision.model import Study


def default_brief_path(study: Study) -> Path:
    """reports/<workbook file stem>_brief.pdf, relative to the current folder (replaced on each run)."""
    return Path("reports") / f"{study.name}_brief.pdf"


def brief_beside(report: Path) -> Path:
    """The brief written beside a report workbook: reports/study_report.xlsx -> reports/study_brief.pdf,
    out/x.xlsx -> out/x_brief.pdf."""
    report = Path(report)
    return report.with_name(f"{report.stem.removesuffix('_report')}_brief.pdf")


def write_brief(data, path) -> list[str]:
    """Write the brief of the outcomes (`pipeline.ReportData`) to `path` (whole or not at all);
    returns what the PDF library warned of (a glyph the font lacks). The sections not computed are
    the outcomes' own warnings (`data.warnings`), which the brief states in its sentences."""
    from decision.brief.content import brief
    from decision.brief.pdf import write_pdf

    return write_pdf(brief(data), path)


__all__ = ["brief_beside", "default_brief_path", "write_brief"]

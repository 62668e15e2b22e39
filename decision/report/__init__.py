"""The Excel report: every analysis of a study in one workbook a decision-maker can open.

`write_report(study, path)` computes every analysis (report.analyses) and lays them out on the
sheets listed in report.build.SHEETS, one module each, then saves atomically; a section that cannot
be computed says why.
"""

from decision.report.build import default_report_path, write_report

__all__ = ["default_report_path", "write_report"]

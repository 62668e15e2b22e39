"""The Excel report: every analysis of a study in one workbook a decision-maker can open.

`write_outcomes(data, path)` lays the pipeline's outcomes (`decision.pipeline.compute`) out on the
sheets listed in report.build.SHEETS, one module each, then saves atomically; a section that cannot
be computed says why. `write_report(study, path)` computes them first.
"""

from decision.report.build import default_report_path, write_outcomes, write_report

__all__ = ["default_report_path", "write_outcomes", "write_report"]

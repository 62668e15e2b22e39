"""The Excel report: every analysis of a study in one workbook a decision-maker can open.

`write_report(study, path)` computes the ranking (the study's method, with MAVT and TOPSIS as
second opinions) and the aid allocation, lays them out on the sheets Summary, Ranking,
Allocation and Inputs, and saves atomically; a section that cannot be computed says why.
"""

from decision.report.build import default_report_path, write_report

__all__ = ["default_report_path", "write_report"]

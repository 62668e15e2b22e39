"""The one place where the workbook, the analyses and the outputs meet.

A command reads a study, completes it once (`complete`: the scores of a criterion with source =
allocation), runs the analyses on the complete study, and hands typed outcomes to a presenter.
The joins of ranking and allocation (the scenario a package is optimized for, the packages per
scenario, the budget sweep) live here, above both; `Packages` keeps each package solved once per
run. `compute` builds everything the report shows.
"""

from decision.pipeline.aid import Packages, scenario_packages, study_limits, study_problem
from decision.pipeline.completion import allocation_strengths, complete
from decision.pipeline.outcomes import ReportData, compute
from decision.pipeline.recommend import allocate, choose_scenario
from decision.pipeline.sweep import Sweep, sweep_budget
from decision.pipeline.weights import weights_of

__all__ = ["Packages", "ReportData", "Sweep", "allocate", "allocation_strengths", "choose_scenario", "complete",
           "compute", "scenario_packages", "study_limits", "study_problem", "sweep_budget", "weights_of"]

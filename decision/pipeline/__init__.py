"""The one place where the workbook, the analyses and the outputs meet.

A command reads a study, completes it once (`complete`: the scores of a criterion with source =
allocation), runs the analyses on the complete study, and hands typed outcomes to a presenter.
The joins of ranking and allocation (the scenario a package is optimized for, the packages per
scenario, the budget sweep) live here, above both; `Packages` keeps each package solved once per
run. `compute` builds everything the report shows.

The names below are imported when first used (module `__getattr__`): a command that only ranks
does not pay for PuLP, SMAA or the report's analyses.
"""

from __future__ import annotations

import importlib

_WHERE = {
    "Packages": "aid", "scenario_packages": "aid", "study_limits": "aid", "study_problem": "aid",
    "allocation_strengths": "completion", "complete": "completion",
    "Options": "options", "resolve": "options",
    "ReportData": "outcomes", "compute": "outcomes",
    "allocate": "recommend", "choose_scenario": "recommend",
    "compare_study": "ranked", "rank_study": "ranked",
    "Sweep": "sweep", "sweep_budget": "sweep",
    "weights_of": "weights",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module 'decision.pipeline' has no attribute '{name}'")
    return getattr(importlib.import_module(f"decision.pipeline.{_WHERE[name]}"), name)

"""Completing a study: the scores of a criterion with source = allocation, filled once.

Such a criterion has no Scores column; for each scenario (alternative) its score is the strength
of the aid package that is optimal under that scenario (AidEffects multipliers; without them
every scenario gets the same package and the same strength). The analyses (ranking, weights,
comparison, robustness) take a complete study and treat an incomplete one as a bug; the pipeline
completes it first, once per run.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from typing import TYPE_CHECKING

from decision.errors import InputError
from decision.model import Study

if TYPE_CHECKING:
    from decision.pipeline.aid import Packages


def allocation_strengths(study: Study, packages: "Packages") -> np.ndarray:
    """(alternatives,): the optimal strength under each scenario, within the run's limits."""
    if study.aid_effects is None:  # one package for all: solve once
        return np.full(len(study.alternatives), packages.strength(None))
    return np.array([packages.strength(name) for name in study.alternative_names], dtype=float)


def complete(study: Study, packages: "Packages | None" = None, *, budget=None, risk_cap=None, solver: str = "highs",
             strengths: np.ndarray | None = None) -> Study:
    """The study with its allocation criteria's scores filled (itself when it has none to fill):
    from `strengths` (one per alternative) when the caller has them, else from `packages` (made
    from the limits given, or the Settings, when None)."""
    if not study.needs_allocation_scores:
        return study
    if strengths is None:
        if packages is None:
            from decision.pipeline.aid import Packages  # PuLP, imported only when the optimizer must run

            packages = Packages(study, budget=budget, risk_cap=risk_cap, solver=solver)
        strengths = allocation_strengths(study, packages)
    values = np.asarray(strengths, dtype=float)
    columns = study.allocation_criteria
    problems = []
    for j in columns:
        c = study.criteria[j]
        if c.low is None:
            continue
        for name, v in zip(study.alternative_names, values):
            if not c.low - 1e-9 <= v <= c.high + 1e-9:
                problems.append(study.problem(
                    f"the aid strength {v:.6g} under '{name}' lies outside the scale {c.low:g}..{c.high:g} of "
                    f"'{c.name}' (source = allocation): widen the scale", sheet="Criteria", row=c.name, column="scale"))
    if problems:
        raise InputError(problems)

    def filled(matrix):
        if matrix is None:
            return None
        out = np.array(matrix, dtype=float)
        out[:, columns] = values[:, None]
        return out

    return dataclasses.replace(study, scores=filled(study.scores), scores_low=filled(study.scores_low),
                               scores_high=filled(study.scores_high))

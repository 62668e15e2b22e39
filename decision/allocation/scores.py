"""Scores that come from the optimizer: a Criteria row with source = allocation.

Such a criterion has no Scores column; for each scenario (alternative) its score is the strength
of the aid package that is optimal under that scenario (AidEffects multipliers; without them
every scenario gets the same package and the same strength). The ranking facade fills them before
ranking, so that every method sees an ordinary scores matrix.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from decision.allocation.plan import optimal_units, study_problem
from decision.allocation.solve import evaluate
from decision.errors import InputError
from decision.model import Study


def allocation_strengths(study: Study, *, budget=None, risk_cap=None, solver: str = "highs") -> np.ndarray:
    """(alternatives,): the optimal strength under each scenario, within the study's (or the given) limits."""
    p = study_problem(study, budget, risk_cap)
    if study.aid_effects is None:  # one package for all: solve once
        value = evaluate(p, optimal_units(p, solver))[0]
        return np.full(len(study.alternatives), value)
    out = []
    for name in study.alternative_names:
        q = p.with_objective(name)
        out.append(evaluate(q, optimal_units(q, solver))[0])
    return np.array(out, dtype=float)


def with_allocation_scores(study: Study, *, budget=None, risk_cap=None, solver: str = "highs",
                           strengths: np.ndarray | None = None) -> Study:
    """The study with its allocation criteria's scores filled (itself when it has none to fill).
    `strengths` (one per alternative) skips the solves when the caller has them already."""
    if not study.needs_allocation_scores:
        return study
    values = allocation_strengths(study, budget=budget, risk_cap=risk_cap, solver=solver) if strengths is None \
        else np.asarray(strengths, dtype=float)
    columns = study.allocation_criteria
    problems = []
    for j in columns:
        c = study.criteria[j]
        if c.low is None:
            continue
        for name, v in zip(study.alternative_names, values):
            if not c.low - 1e-9 <= v <= c.high + 1e-9:
                where = study.cells.get(f"scale:{c.name}", "Criteria")
                problems.append(f"{study.label}: {where}: the aid strength {v:.6g} under '{name}' lies outside the "
                                f"scale {c.low:g}..{c.high:g} of '{c.name}' (source = allocation): widen the scale")
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

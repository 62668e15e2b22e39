"""Weights for a command: the procedures that read the scores see a complete study."""

from __future__ import annotations

from decision.errors import InputError, NoSolution
from decision.model import Study
from decision.pipeline.completion import complete
from decision.weights import Weights, derive, reads_scores


def weights_of(study: Study, method: str, parameters: dict | None = None, *, packages=None) -> Weights:
    """The weights of `study` by `method`, completing it first when the procedure reads the scores;
    when no plan is feasible those scores do not exist, which is a problem of the workbook's
    limits (InputError)."""
    if reads_scores(method) and study.needs_allocation_scores:
        try:
            study = complete(study, packages)
        except NoSolution as exc:
            if exc.status != "infeasible":  # the solver failed or ran out of time: exit 3, as rank says it
                raise
            names = ", ".join(f"'{study.criteria[j].name}'" for j in study.allocation_criteria)
            raise InputError([f"{study.label}: {method} weights need the scores of {names} (source = allocation), "
                              f"but no aid package fits: {reason}" for reason in exc.reasons]) from None
    return derive(study, method, parameters)

"""Rankings for a command: the arguments checked first (a bad method is exit 2 before any solve),
then the study completed once, then ranked."""

from __future__ import annotations

from decision.comparison import Comparison, compare_all
from decision.errors import InputError, option
from decision.model import Study
from decision.pipeline.completion import complete
from decision.ranking import Ranking, checked_parameters, choose, rank


def rank_study(study: Study, method: str | None = None, *, parameters: dict | None = None,
               weighting: str | None = None, packages=None) -> Ranking:
    """`packages`: the run's (`Packages`), when the caller wants to know which were stopped."""
    method, weighting = choose(study, method, weighting)
    checked_parameters(method, parameters)
    return rank(complete(study, packages), method, parameters=parameters, weighting=weighting)


def compare_study(study: Study, *, parameters: dict | None = None, weighting: str | None = None,
                  packages=None) -> Comparison:
    if parameters:
        raise InputError(f"{option('parameters')}: not with {option('method')} all (every method runs at its default parameters)")
    return compare_all(complete(study, packages), weighting=weighting)

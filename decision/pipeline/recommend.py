"""The recommended aid package: optimized for the scenario the analyst names, else for the one MAVT
ranks first on the complete study (ranking and allocation joined here, above both)."""

from __future__ import annotations

from decision.allocation.problem import resolve_objective
from decision.allocation.result import Allocation
from decision.errors import InputError, option
from decision.model import Study
from decision.pipeline.aid import Packages
from decision.pipeline.completion import complete
from decision.ranking import rank


def choose_scenario(study: Study, packages: Packages, scenario: str | None) -> tuple[str | None, str | None]:
    """(objective, where it came from): the scenario given ("option"); else, when AidEffects makes
    strength depend on the scenario, the one MAVT ranks first on the complete study ("mavt"); else
    (None, None)."""
    if scenario is not None:
        return resolve_objective(scenario, packages.problem.scenarios), "option"
    if study.aid_effects is None:
        return None, None
    if not (study.alternatives and study.criteria and study.scores is not None):
        raise InputError(study.problem(
            f"the strength of aid depends on the scenario: choose one with {option('scenario')} NAME or "
            f"{option('scenario')} robust, or give the ranking sheets (Alternatives, Criteria, Scores) so that the "
            "scenario MAVT ranks first is used", sheet="AidEffects"))
    return rank(complete(study, packages), "mavt").top, "mavt"


def allocate(study: Study, *, budget: float | None = None, risk_cap: float | None = None, solver: str = "highs",
             scenario: str | None = None, price_step: float | None = None, packages: Packages | None = None) -> Allocation:
    """The study's recommended aid package: `budget`/`risk_cap` override its Settings; `scenario` a
    scenario's name or "robust", by default the scenario MAVT ranks first when AidEffects is given."""
    packages = packages or Packages(study, budget=budget, risk_cap=risk_cap, solver=solver, price_step=price_step)
    objective, source = choose_scenario(study, packages, scenario)
    return packages.allocation(objective, source)

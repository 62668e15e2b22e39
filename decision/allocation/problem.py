"""What the optimizer is asked: what may be bought, within which limits, and how strength is valued.

An `AidProblem` is plain data (no PuLP): the categories (with their curves), the two limits, the
prerequisites (AidLinks) as index triples, and the strength multipliers of each scenario
(AidEffects). `objective` says which strength is maximized: None for the strength as the Aid sheet
gives it (every multiplier 1), a scenario's name for that scenario's, or "robust" for the worst
case over the scenarios.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from decision.allocation.curves import strengths
from decision.errors import InputError, bad_option
from decision.model import AidCategory, AidLink, normalize

ROBUST = "robust"


@dataclass(frozen=True, eq=False)
class AidProblem:
    categories: tuple[AidCategory, ...]
    budget: float | None  # None: no budget limit (the end points of a frontier)
    risk_cap: float | None  # None: no risk cap
    links: tuple[tuple[int, int, float], ...] = ()  # (category, required category, ratio), by index
    scenarios: tuple[str, ...] = ()  # rows of `effects`
    effects: np.ndarray | None = None  # (scenarios, categories) multipliers >= 0
    objective: str | None = None  # None, a scenario name, or ROBUST

    @property
    def limits(self) -> dict[str, float | None]:
        return {"budget": self.budget, "risk": self.risk_cap}

    def with_limits(self, **limits) -> "AidProblem":
        """The same problem with `budget=` and/or `risk=` changed (None lifts a limit)."""
        changes = {("risk_cap" if k == "risk" else k): (None if v is None else float(v)) for k, v in limits.items()}
        return dataclasses.replace(self, **changes)

    def with_objective(self, objective: str | None) -> "AidProblem":
        return dataclasses.replace(self, objective=objective)

    @property
    def robust(self) -> bool:
        return self.objective == ROBUST

    def rows(self) -> tuple[tuple[str, ...], np.ndarray]:
        """(names, multipliers (r, k)) of the strengths the objective looks at: one row, or every
        scenario's under "robust" (whose objective is their minimum)."""
        k = len(self.categories)
        if self.effects is None or not self.scenarios:
            return (self.objective or "strength",), np.ones((1, k))
        if self.robust:
            return self.scenarios, np.asarray(self.effects, dtype=float)
        if self.objective is None:
            return ("strength",), np.ones((1, k))
        s = self.scenarios.index(self.objective)
        return (self.objective,), np.asarray(self.effects, dtype=float)[s:s + 1]

    def scenario_rows(self) -> tuple[tuple[str, ...], np.ndarray]:
        """Every scenario's multipliers (for reporting a package's strength under each); none without effects."""
        if self.effects is None or not self.scenarios:
            return (), np.ones((0, len(self.categories)))
        return self.scenarios, np.asarray(self.effects, dtype=float)

    def by_scenario(self, units) -> dict[str, float]:
        """A package's strength under every scenario (empty without AidEffects)."""
        names, weights = self.scenario_rows()
        return dict(zip(names, map(float, weights @ strengths(self.categories, units))))

    @property
    def integer(self) -> bool:
        return any(c.integer for c in self.categories)


def link_indexes(categories: Sequence[AidCategory], links: Sequence[AidLink]) -> tuple[tuple[int, int, float], ...]:
    """AidLinks by category index; an unknown name is an InputError (the reader reports cells first)."""
    index = {normalize(c.name): i for i, c in enumerate(categories)}
    out, problems = [], []
    for link in links:
        a, b = index.get(normalize(link.category)), index.get(normalize(link.requires))
        if a is None or b is None:
            missing = link.category if a is None else link.requires
            problems.append(f"link '{link.category}' requires '{link.requires}': '{missing}' is not an aid category")
            continue
        if not (np.isfinite(link.ratio) and link.ratio > 0):
            problems.append(f"link '{link.category}' requires '{link.requires}': ratio must be > 0, found {link.ratio!r}")
            continue
        out.append((a, b, float(link.ratio)))
    if problems:
        raise InputError(problems)
    return tuple(out)


def resolve_objective(name: str | None, scenarios: Sequence[str]) -> str | None:
    """The canonical scenario name for `name` (case and spaces ignored), ROBUST, or None."""
    if name is None:
        return None
    if normalize(name) == ROBUST:
        return ROBUST
    for s in scenarios:
        if normalize(s) == normalize(name):
            return s
    known = ", ".join([*scenarios, ROBUST])
    raise InputError(bad_option("scenario", f"unknown scenario '{name}' (known: {known})"))


def make_problem(categories: Sequence[AidCategory], budget, risk_cap, *, links: Sequence[AidLink] = (),
                 scenarios: Sequence[str] = (), effects=None, objective: str | None = None) -> AidProblem:
    """An AidProblem from plain arguments, checked (InputError for what a caller got wrong)."""
    categories = tuple(categories)
    scenarios = tuple(scenarios)
    if effects is not None:
        effects = np.array(effects, dtype=float)
        if effects.shape != (len(scenarios), len(categories)):
            raise InputError(f"effects: expected {len(scenarios)} scenarios x {len(categories)} categories, "
                             f"found shape {effects.shape}")
        if not np.isfinite(effects).all() or (effects < 0).any():
            raise InputError("effects: every multiplier must be a finite number >= 0")
        effects.setflags(write=False)
    short = [c.name for c in categories if c.curve and max(u for u, _ in c.curve) < float(c.max_units)]
    if short:
        raise InputError([f"{name}: the strength curve ends before max_units: extend it" for name in short])
    objective = resolve_objective(objective, scenarios)
    return AidProblem(categories, None if budget is None else float(budget), None if risk_cap is None else float(risk_cap),
                      link_indexes(categories, links), scenarios, effects, objective)

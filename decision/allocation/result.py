"""The allocation result: what to buy, what it uses of each limit, and what the limits are worth."""

from __future__ import annotations

from dataclasses import dataclass, field

from decision.tables import Table, frame_table, objects


@dataclass(frozen=True)
class Purchase:
    """One category's line of the plan; `units` is an int for whole-unit categories."""

    category: str
    unit: str
    units: float | int
    cost: float
    strength: float
    risk: float

    def to_dict(self) -> dict:
        return {"category": self.category, "units": self.units, "cost": self.cost,
                "strength": self.strength, "risk": self.risk}


@dataclass(frozen=True)
class Limit:
    """A limit (budget or risk cap), what the plan uses of it and what more of it is worth.

    `shadow_price`: extra strength per extra unit of the limit, from an LP (see `prices_from`).
    `gain`: the increase in optimal strength when this limit alone rises by `step`, re-solved;
    for an integer model the honest answer to "what does more buy", which the price is not.
    """

    limit: float
    used: float
    shadow_price: float
    step: float
    gain: float | None  # None: the time limit on solving ran out before the re-solve

    @property
    def slack(self) -> float:
        return max(self.limit - self.used, 0.0)

    @property
    def share_used(self) -> float | None:
        """used / limit (None for a limit of 0)."""
        return self.used / self.limit if self.limit > 0 else None

    def to_dict(self) -> dict:
        return {"limit": self.limit, "used": self.used, "slack": self.slack,
                "shadow_price": self.shadow_price, "step": self.step, "gain": self.gain}


@dataclass(frozen=True)
class LinkUse:
    """A prerequisite in the plan: `requires` must have at least `ratio` x the units of `category`."""

    category: str
    requires: str
    ratio: float
    required: float  # ratio x units of the category
    bought: float  # units of `requires` in the plan

    @property
    def binding(self) -> bool:
        return self.bought <= self.required + 1e-9 * max(1.0, abs(self.required))

    def to_dict(self) -> dict:
        return {"category": self.category, "requires": self.requires, "ratio": self.ratio,
                "required": self.required, "bought": self.bought, "binding": self.binding}


@dataclass(frozen=True)
class Allocation:
    """An optimal aid package (infeasible plans raise `NoSolution` instead), or with status
    "stopped" the best package found when the time limit stopped the solve, `gap` from optimal.

    `scenario`: whose strength was maximized (None: the Aid sheet's strength, no multipliers;
    "robust": the worst case over the scenarios, then `worst_case` names the scenario attaining
    it and each purchase's strength is the one under that scenario). `by_scenario`: the package's
    strength under every scenario of AidEffects. `curves`: "concave" (an LP) or "non-concave"
    (binaries) for each category with a strength curve.
    """

    status: str
    objective: float
    purchases: tuple[Purchase, ...]
    budget: Limit
    risk: Limit
    prices_from: str  # "lp", or "lp-relaxation" for a model with whole units or binaries
    solver: str
    scenario: str | None = None
    scenario_from: str | None = None  # "option" (--scenario), "mavt" (its top-ranked), None
    by_scenario: dict = field(default_factory=dict)
    worst_case: str | None = None
    links: tuple[LinkUse, ...] = ()
    curves: dict = field(default_factory=dict)
    gap: float | None = 0.0  # relative gap to the best bound: 0 when optimal; for "stopped", None if unknown

    @property
    def units(self) -> dict:
        return {p.category: p.units for p in self.purchases}

    def to_dict(self) -> dict:
        """DESIGN.md's `allocate` JSON; plain Python numbers only."""
        return {
            "status": self.status,
            "gap": self.gap,
            "objective": self.objective,
            "scenario": self.scenario,
            "scenario_from": self.scenario_from,
            "worst_case": self.worst_case,
            "by_scenario": dict(self.by_scenario),
            "allocation": [p.to_dict() for p in self.purchases],
            "budget": self.budget.to_dict(),
            "risk": self.risk.to_dict(),
            "prices_from": self.prices_from,
            "solver": self.solver,
            "links": [link.to_dict() for link in self.links],
            "curves": dict(self.curves),
        }

    def tables(self) -> dict[str, Table]:
        """`purchases` (per category: unit, units, cost, strength, risk; units whole for whole-unit
        categories), `total` (their sums), `limits` (budget and risk: limit, used, share used, slack,
        shadow price, step, gain), `by_scenario`, `links`, `curves`."""
        p = self.purchases
        limits = (self.budget, self.risk)
        under = {None: "", "robust": " (robust: under the worst case)"}.get(self.scenario, f" (under {self.scenario})")
        return {
            "purchases": frame_table(f"The package{under}: units, cost, strength and risk of each category",
                                     {"unit": [x.unit for x in p], "units": objects([x.units for x in p]),
                                      "cost": [x.cost for x in p], "strength": [x.strength for x in p],
                                      "risk": [x.risk for x in p]}, [x.category for x in p], "category"),
            "total": frame_table("The package's total cost, strength and risk (the sums of its lines)",
                                 {key: [sum(getattr(x, key) for x in p)] for key in ("cost", "strength", "risk")},
                                 ["total"]),
            "limits": frame_table(
                f"What the package uses of each limit, and what more of it is worth: the shadow price (strength per "
                f"unit, from {self.prices_from}) and the gain of a re-solve with the limit raised by `step` (NaN: not "
                "re-solved)",
                {"limit": [x.limit for x in limits], "used": [x.used for x in limits],
                 "share used": [_number(x.share_used) for x in limits], "slack": [x.slack for x in limits],
                 "shadow price": [x.shadow_price for x in limits], "step": [x.step for x in limits],
                 "gain": [_number(x.gain) for x in limits]}, ["budget", "risk"], "limit name"),
            "by_scenario": frame_table("The package's strength under each scenario (AidEffects)",
                                       {"strength": list(self.by_scenario.values())}, list(self.by_scenario),
                                       "scenario"),
            "links": frame_table("Prerequisites: units of `requires` >= ratio x units of `category`",
                                 {key: [getattr(x, key) for x in self.links]
                                  for key in ("category", "requires", "ratio", "required", "bought", "binding")}),
            "curves": frame_table("How each strength curve was modelled (concave: an LP; non-concave: binaries)",
                                  {"model": list(self.curves.values())}, list(self.curves), "category"),
        }

    def to_frame(self):
        """The `purchases` table with the categories as a column (for notebooks)."""
        return self.tables()["purchases"].frame.reset_index()


def _number(x: float | None) -> float:
    return float("nan") if x is None else x

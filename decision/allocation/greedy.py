"""The greedy "bang for the buck" order of buy, as Equity-style portfolio tools show it.

Starting from the least package the bounds and prerequisites allow, buy next whatever adds the
most strength per unit of money: one whole unit of a whole-unit category, or for a continuous one
up to the next whole unit or curve point (its rate is constant there), together with the units of
its prerequisites that the purchase needs (a bundle, valued as a whole). A purchase that would
break the risk cap or max_units is skipped; the order stops when nothing left adds strength. The
budget is not a limit here: at a budget B the greedy plan is the longest prefix of the order
that costs at most B, which is how such an order is read. Strength is the problem's objective
(under "robust", the worst case over scenarios, so a purchase that helps only the other scenarios
adds nothing until it does). The exact frontier can beat this order where lumpy units or
diminishing returns make the best ratio a poor next buy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from decision.allocation.curves import strengths
from decision.allocation.diagnose import no_solution
from decision.allocation.minimum import least_units, raise_to_links
from decision.allocation.model import unit_bounds
from decision.allocation.problem import AidProblem
from decision.allocation.solve import evaluate

_TOL = 1e-9


@dataclass(frozen=True)
class Step:
    category: str  # what the step buys (with the prerequisites it needs, in `bought`)
    bought: dict  # category -> units added
    cost: float
    gain: float  # strength added
    budget: float  # cumulative cost after the step
    risk: float  # cumulative risk after the step
    strength: float  # cumulative strength after the step
    divisible: bool = False  # only continuous units: part of the step can be bought, at the same rate

    @property
    def ratio(self) -> float:
        return self.gain / self.cost if self.cost > 0 else math.inf

    def to_dict(self) -> dict:
        return {"category": self.category, "bought": dict(self.bought), "cost": self.cost, "gain": self.gain,
                "ratio": self.ratio if math.isfinite(self.ratio) else None, "budget": self.budget,
                "risk": self.risk, "strength": self.strength, "divisible": self.divisible}


@dataclass(frozen=True)
class GreedyOrder:
    start_budget: float  # the least package: its cost, risk and strength
    start_risk: float
    start_strength: float
    steps: tuple[Step, ...]

    def strength_at(self, budget: float) -> float | None:
        """Strength of the longest prefix of the order costing at most `budget`, and of the affordable
        part of the next step when that is divisible (None below the least package)."""
        slack = 1e-9 * max(1.0, abs(budget))
        if budget < self.start_budget - slack:
            return None
        value, spent = self.start_strength, self.start_budget
        for step in self.steps:
            if step.budget > budget + slack:
                if step.divisible and step.cost > 0:
                    value += step.gain * (budget - spent) / step.cost
                break
            value, spent = step.strength, step.budget
        return value

    def runs(self) -> list[dict]:
        """Consecutive steps that buy the same thing at the same rate, as one row each (for people):
        {"first", "last" (step numbers), "bought" (summed), "cost", "gain", "ratio", and the
        cumulative "budget", "risk", "strength" after the run}."""
        out: list[dict] = []
        for k, s in enumerate(self.steps, start=1):
            last = out[-1] if out else None
            if last and last["step"] == s.bought and math.isclose(last["ratio"], s.ratio, rel_tol=1e-9):
                last.update(last=k, cost=last["cost"] + s.cost, gain=last["gain"] + s.gain, budget=s.budget,
                            risk=s.risk, strength=s.strength)
                last["bought"] = {c: n + s.bought[c] for c, n in last["bought"].items()}
                continue
            out.append({"first": k, "last": k, "step": dict(s.bought), "bought": dict(s.bought), "cost": s.cost,
                        "gain": s.gain, "ratio": s.ratio, "budget": s.budget, "risk": s.risk, "strength": s.strength})
        for run in out:
            del run["step"]
        return out

    def to_dict(self) -> dict:
        return {"start": {"budget": self.start_budget, "risk": self.start_risk, "strength": self.start_strength},
                "steps": [s.to_dict() for s in self.steps]}

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame([[k + 1, s.category, s.cost, s.gain, s.ratio, s.budget, s.risk, s.strength]
                             for k, s in enumerate(self.steps)],
                            columns=["step", "category", "cost", "gain", "ratio", "budget", "risk", "strength"])


def _next_size(c, x: float, hi: float) -> float:
    """How much a step buys of a category at x units: one whole unit, or for continuous units up to
    the next whole number or curve point, whichever comes first."""
    if c.integer:
        return 1.0 if x + 1 <= hi + _TOL else 0.0
    stops = [math.floor(x + _TOL) + 1.0, hi]
    stops += [u for u, _ in c.curve if u > x + _TOL]
    return max(min(stops) - x, 0.0)


def _with_prerequisites(p: AidProblem, x: np.ndarray, hi: np.ndarray) -> np.ndarray | None:
    """`x` raised until every link holds (whole units rounded up); None when that breaks max_units."""
    y, _, settled = raise_to_links(p, x, hi)
    return y if settled and not (y > hi + _TOL).any() else None


def greedy_order(p: AidProblem, *, solver: str = "highs") -> GreedyOrder:
    """The order of buy for `p` (its budget ignored, its risk cap kept); NoSolution when even the
    least package breaks the bounds, the links or the risk cap (diagnosed with `solver`)."""
    cats = p.categories
    cost = np.array([c.unit_cost for c in cats], dtype=float)
    risk = np.array([c.risk_per_unit for c in cats], dtype=float)
    hi = np.array([unit_bounds(c)[1] for c in cats], dtype=float)
    x, conflicts = least_units(p)
    cap = math.inf if p.risk_cap is None else p.risk_cap
    if conflicts or any(lo > h for lo, h in map(unit_bounds, cats)) or float(risk @ x) > cap * (1 + _TOL) + _TOL:
        raise no_solution(p.with_limits(budget=None), solver)
    value, by_row = evaluate(p, x)
    _, weights = p.rows()
    f = strengths(cats, x)  # kept up to date: a step changes a few categories, not all
    start = (float(cost @ x), float(risk @ x), value)
    steps = []
    while True:
        best = None
        for i, c in enumerate(cats):
            size = _next_size(c, x[i], hi[i])
            if size <= _TOL:
                continue
            y = x.copy()
            y[i] += size
            y = _with_prerequisites(p, y, hi) if p.links else y
            if y is None or float(risk @ y) > cap * (1 + _TOL) + _TOL:
                continue
            spend = float(cost @ (y - x))
            changed = np.flatnonzero(y != x)
            f_changed = strengths([cats[j] for j in changed], y[changed])
            rows_y = by_row + weights[:, changed] @ (f_changed - f[changed])
            gain = float(rows_y.min()) - value
            if gain <= _TOL * max(1.0, abs(value)) or spend <= 0:
                continue
            if best is None or gain / spend > best[0] * (1 + 1e-12):
                best = (gain / spend, i, y, spend, gain, changed, f_changed, rows_y)
        if best is None:
            break
        _, i, y, spend, gain, changed, f_changed, by_row = best
        f[changed] = f_changed
        bought = {cats[j].name: float(y[j] - x[j]) for j in np.flatnonzero(y - x > _TOL)}
        divisible = not any(cats[j].integer for j in np.flatnonzero(y - x > _TOL))
        x, value = y, value + gain
        steps.append(Step(cats[i].name, bought, spend, gain, float(cost @ x), float(risk @ x), value, divisible))
    return GreedyOrder(*start, tuple(steps))

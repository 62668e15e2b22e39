"""The least package the bounds and the prerequisites allow, and why there may be none.

Links (units of B >= ratio x units of A) only ever push units up, so starting from every
category's min_units and raising what each link requires until nothing changes reaches the least
package that satisfies them all (the least fixed point; whole-unit categories round up). It uses
the least of the budget and of the risk of any allowed package, which is what the infeasibility
reasons quote.
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from decision.allocation.model import unit_bounds
from decision.allocation.problem import AidProblem
from decision.model import AidCategory

_NOISE = 1e-9


def num(x: float) -> str:
    """A number for a sentence: 120, 0.3, 1234567.5 (no float noise, no exponent below 1e10)."""
    return f"{x:.10g}"


def bound_conflicts(categories: Sequence[AidCategory]) -> list[str]:
    """Whole-unit categories whose min..max holds no whole number: no limit can fix those."""
    out = []
    for c in categories:
        lo, hi = unit_bounds(c)
        if lo > hi:
            out.append(f"{c.name}: only whole units can be bought, but none lies between "
                       f"min_units {num(c.min_units)} and max_units {num(c.max_units)}")
    return out


def raise_to_links(p: AidProblem, x: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, dict[int, int], bool]:
    """`x` raised until every prerequisite link holds (whole units rounded up): the least package
    above `x` that the links allow (their least fixed point). Returns (units, cause, settled):
    cause[b] is the link that last raised category b; the raising stops early once a category
    exceeds `hi` (settled is still True: the caller compares with `hi`); settled is False only when
    the links keep requiring more (a cycle). A link counts as met within a relative and absolute
    1e-9, so float noise in a ratio does not buy another whole unit."""
    x = np.array(x, dtype=float)
    cats = p.categories
    cause: dict[int, int] = {}
    for _ in range(100 * (len(cats) + 1)):
        changed = False
        for j, (a, b, ratio) in enumerate(p.links):
            need = ratio * x[a]
            if cats[b].integer:
                need = float(math.ceil(need - _NOISE))
            if need > x[b] * (1 + _NOISE) + _NOISE:
                x[b], cause[b], changed = need, j, True
        if not changed or (x > hi + _NOISE).any():
            return x, cause, True
    return x, cause, False


def least_units(p: AidProblem) -> tuple[np.ndarray, list[str]]:
    """(least units per category, conflicts): the conflicts say which link forces a category above
    its max_units (then no package exists, whatever the limits)."""
    cats = p.categories
    bounds = [unit_bounds(c) for c in cats]
    hi = np.array([h for _, h in bounds], dtype=float)
    x, cause, settled = raise_to_links(p, np.array([lo for lo, _ in bounds], dtype=float), hi)
    if not settled:
        return x, ["the prerequisites (AidLinks) form a cycle that keeps requiring more units"]
    conflicts = []
    for b in np.flatnonzero(x > hi + _NOISE):
        a, _, ratio = p.links[cause[b]]
        conflicts.append(f"{cats[b].name}: {cats[a].name} requires {num(ratio)} of it per unit, so at least "
                         f"{num(x[b])} units of {cats[b].name} are needed, but its max_units is {num(hi[b])}")
    return x, conflicts

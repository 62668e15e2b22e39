"""Reading a solved aid model back: the units bought, their strength, and the limits' shadow prices
(the solving itself is `decision.lp`)."""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np
import pulp

from decision.allocation.curves import strengths
from decision.allocation.model import unit_bounds
from decision.allocation.problem import AidProblem
from decision.model import AidCategory


def units(xs: Sequence[pulp.LpVariable], categories: Sequence[AidCategory]) -> list[float | int]:
    """Solved units, kept within bounds; whole units as int (solvers return 2.9999999)."""
    out = []
    for x, c in zip(xs, categories):
        lo, hi = unit_bounds(c)
        v = min(max(float(x.value() or 0.0), lo), hi)
        out.append(int(round(v)) if c.integer else v)
    return out


def evaluate(p: AidProblem, plan) -> tuple[float, np.ndarray]:
    """(objective, strength of each objective row) of a package: the robust objective is the
    smallest row (the worst case), any other the single row."""
    f = strengths(p.categories, plan)
    _, weights = p.rows()
    by_row = weights @ f if len(f) else np.zeros(len(weights))
    return float(by_row.min()), by_row


def prices(problem: pulp.LpProblem, names=("budget", "risk")) -> dict[str, float]:
    """Shadow prices as extra strength per extra unit of each limit, >= 0.

    A <= row of a maximization has a non-negative dual; solvers differ only in sign convention
    (through PuLP 3.3.2, HiGHS reports it <= 0 and CBC >= 0), so the magnitude is the price.
    """
    out = {}
    for name in names:
        pi = problem.constraints[name].pi
        out[name] = abs(float(pi)) if pi is not None and math.isfinite(pi) else 0.0
    return out

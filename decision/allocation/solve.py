"""Running PuLP's solvers silently and reading back only what an optimal solve guarantees.

Nothing may reach stdout (`--json` depends on it): HiGHS runs in-process with its output off,
CBC as PuLP's bundled binary with its output discarded; CBC's deprecation warning is silenced.
"""

from __future__ import annotations

import math
import warnings
from typing import Sequence

import pulp

from decision.errors import InputError
from decision.model import AidCategory
from decision.allocation.model import unit_bounds

SOLVERS = ("highs", "cbc")
# Prove optimality: the defaults stop within a 1e-4 relative gap (HiGHS), which would make a
# re-solve's "gain" noise. The models are small (one variable per aid category).
_GAP = 1e-9


def check_solver(name: str) -> str:
    if name not in SOLVERS:
        raise InputError(f"unknown solver '{name}': choose one of {', '.join(SOLVERS)}")
    return name


def _solver(name: str):
    if name == "highs":
        return pulp.HiGHS(msg=False, gapRel=_GAP)  # in-process; HiGHS_CMD returns no duals
    return pulp.PULP_CBC_CMD(msg=False, gapRel=_GAP)


def solve(problem: pulp.LpProblem, solver: str) -> str:
    """Solve in place; "optimal", "infeasible", "unbounded" or "failed".

    Only `sol_status == LpSolutionOptimal` is trusted as optimal: `status` is also 1 for some
    non-proven outcomes, e.g. an integer-feasible solution after a time limit.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # PULP_CBC_CMD is deprecated in PuLP 3.3
        problem.solve(_solver(check_solver(solver)))
    if problem.sol_status == pulp.LpSolutionOptimal:
        return "optimal"
    if problem.status == pulp.LpStatusInfeasible or problem.sol_status == pulp.LpSolutionInfeasible:
        return "infeasible"
    if problem.status == pulp.LpStatusUnbounded or problem.sol_status == pulp.LpSolutionUnbounded:
        return "unbounded"
    return "failed"


def units(xs: Sequence[pulp.LpVariable], categories: Sequence[AidCategory]) -> list[float | int]:
    """Solved units, kept within bounds; whole units as int (solvers return 2.9999999)."""
    out = []
    for x, c in zip(xs, categories):
        lo, hi = unit_bounds(c)
        v = min(max(float(x.value() or 0.0), lo), hi)
        out.append(int(round(v)) if c.integer else v)
    return out


def objective_of(xs, categories) -> tuple[list[float | int], float]:
    """(units, strength) of a solved model, the strength recomputed from the rounded units."""
    plan = units(xs, categories)
    return plan, math.fsum(c.strength_per_unit * n for c, n in zip(categories, plan))


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

"""Running PuLP's solvers silently and reading back only what an optimal solve guarantees.

Nothing may reach stdout (`--json` depends on it): HiGHS runs in-process with its output off,
CBC as PuLP's bundled binary with its output discarded; CBC's deprecation warning is silenced.
"""

from __future__ import annotations

import math
import os
import re
import tempfile
import warnings
from typing import Sequence

import numpy as np
import pulp

from decision.errors import InputError
from decision.model import AidCategory
from decision.allocation.curves import strengths
from decision.allocation.model import unit_bounds
from decision.allocation.problem import AidProblem

SOLVERS = ("highs", "cbc")
# Prove optimality: the defaults stop within a 1e-4 relative gap (HiGHS), which would make a
# re-solve's "gain" noise. The models are small (one variable per aid category).
_GAP = 1e-9


def check_solver(name: str) -> str:
    if name not in SOLVERS:
        raise InputError(f"unknown solver '{name}': choose one of {', '.join(SOLVERS)}")
    return name


def _solver(name: str, time_limit: float | None = None, log: str | None = None):
    if name == "highs":  # in-process; HiGHS_CMD returns no duals
        return pulp.HiGHS(msg=False, gapRel=_GAP, timeLimit=time_limit)
    return pulp.PULP_CBC_CMD(msg=False, gapRel=_GAP, timeLimit=time_limit, logPath=log)


def solve(problem: pulp.LpProblem, solver: str, *, time_limit: float | None = None) -> str:
    """Solve in place; "optimal", "infeasible", "unbounded", "stopped" (a time limit reached with a
    plan found but not proven optimal) or "failed".

    Only `sol_status == LpSolutionOptimal` is trusted as optimal: `status` is also 1 for some
    non-proven outcomes, e.g. an integer-feasible solution after a time limit.
    """
    return _run(problem, solver, time_limit, None)


def _run(problem, solver, time_limit, log) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # PULP_CBC_CMD is deprecated in PuLP 3.3
        problem.solve(_solver(check_solver(solver), time_limit, log))
    if problem.sol_status == pulp.LpSolutionOptimal:
        return "optimal"
    if problem.sol_status == pulp.LpSolutionIntegerFeasible:
        return "stopped"
    if problem.status == pulp.LpStatusInfeasible or problem.sol_status == pulp.LpSolutionInfeasible:
        return "infeasible"
    if problem.status == pulp.LpStatusUnbounded or problem.sol_status == pulp.LpSolutionUnbounded:
        return "unbounded"
    return "failed"


def solve_with_gap(problem: pulp.LpProblem, solver: str, *, time_limit: float | None = None) -> tuple[str, float | None]:
    """(status, relative gap between the plan found and the best bound) after a solve that may
    stop at `time_limit`; the gap is 0 when optimal, None when the solver did not say.

    HiGHS reports its gap in-process; CBC only in its log, which is written to a temporary file
    and read back (nothing reaches stdout either way).
    """
    if solver == "highs":
        status = _run(problem, solver, time_limit, None)
        info = problem.solverModel.getInfo()
        gap = float(info.mip_gap) if problem.isMIP() else 0.0
        return status, (0.0 if status == "optimal" else gap if math.isfinite(gap) else None)
    fd, log = tempfile.mkstemp(prefix="cbc_", suffix=".log")
    os.close(fd)
    try:
        status = _run(problem, solver, time_limit, log)
        with open(log, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    finally:
        os.unlink(log)
    if status == "optimal":
        return status, 0.0
    return status, cbc_gap(text)


def cbc_gap(log: str) -> float | None:
    """|best possible - best found| / |best found| from CBC's last progress line (its own 'Gap:' line
    is rounded to two decimals, and signed by CBC's internal minimization)."""
    number = r"(-?[0-9.]+(?:[eE][-+]?[0-9]+)?)"
    found = re.findall(rf"best (?:objective|solution) {number}[^\n]*?best possible {number}", log)
    if not found:
        return None
    incumbent, bound = map(float, found[-1])
    return abs(bound - incumbent) / max(abs(incumbent), 1e-10)


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

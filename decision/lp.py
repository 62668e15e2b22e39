"""Running PuLP's solvers silently and reading back only what an optimal solve guarantees: the one
place where a model meets a solver (the aid allocation and robustness's smallest-weight-change
LP both solve through it).

Nothing may reach stdout (`--json` depends on it): HiGHS runs in-process with its output off,
CBC as PuLP's bundled binary with its output discarded; CBC's deprecation warning is silenced.
A leaf: it knows models, not aid or criteria.
"""

from __future__ import annotations

import math
import os
import re
import tempfile
import time
import warnings

import highspy
import pulp

from decision.catalogue import SOLVERS
from decision.clock import current
from decision.errors import InputError, NoSolution, option

# Prove optimality: the defaults stop within a 1e-4 relative gap (HiGHS), which would make a
# re-solve's "gain" noise. The models are small (one variable per aid category).
_GAP = 1e-9
# CBC runs without its MIP preprocessing (CglPreProcess, "-preprocess", on by default), which
# returns wrong answers on small aid models: max d0 + 2 e0 + e1 with d0 = x0, e0 + e1 = x1 (x1
# integer), 0.5 x1 <= x0, x0, d0, e0, e1 <= 1, x1 <= 2 (two categories, one concave curve, a link)
# is "optimal" at 3 (x1 = 1) although its LP relaxation's optimum, 4 at x1 = 2, is whole; other
# models are "infeasible" although buying nothing is feasible (CBC 2.10.3, PuLP's, and 2.10.8;
# tests/test_allocation_model.py). Without it, CBC ends in a segmentation fault where its bound
# tightening proves the model infeasible ("Problem is infeasible - tightenPrimalBounds!", then a
# crash writing the solution file: CbcSolver.cpp, also reported as coin-or/Cbc issue 463); that
# model is solved again with the preprocessing, whose "infeasible" is believed there (the crash
# said the same); any other answer after a crash is a failure.
_CBC_PREPROCESS_OFF = ["preprocess off"]


def check_solver(name: str) -> str:
    if name not in SOLVERS:
        raise InputError(f"unknown solver '{name}': choose one of {', '.join(SOLVERS)}")
    return name


def _solver(name: str, time_limit: float | None = None, log: str | None = None, presolve: bool = True,
            preprocess: bool = False):
    if name == "highs":  # in-process; HiGHS_CMD returns no duals
        options = {} if presolve else {"presolve": "off"}
        return pulp.HiGHS(msg=False, gapRel=_GAP, timeLimit=time_limit, **options)
    return pulp.PULP_CBC_CMD(msg=False, gapRel=_GAP, timeLimit=time_limit, logPath=log,
                             presolve=None if presolve else False,
                             options=[] if preprocess else list(_CBC_PREPROCESS_OFF))


def solve(problem: pulp.LpProblem, solver: str, *, time_limit: float | None = None, shared: bool = True) -> str:
    """Solve in place; "optimal", "infeasible", "unbounded", "stopped" (the time ran out with a
    plan found but not proven optimal; `problem.solution_gap` says how far it may be), "timeout"
    (the time ran out before any plan was found) or "failed".

    Only `sol_status == LpSolutionOptimal` is trusted as optimal: `status` is also 1 for some
    non-proven outcomes, e.g. an integer-feasible solution after a time limit. The time allowed is
    the least of `time_limit` and what the command's `solving_time` has left. A solve that fails
    (HiGHS's presolve can end in "Solve error" on a limit a hair below what a whole-unit package
    uses) is retried once with presolve off. `shared=False`: a small LP outside the aid
    optimization (the smallest weight change) that the command's limit does not govern.
    """
    clock = current() if shared else None
    started = time.perf_counter()
    try:
        status, gap = "timeout", None
        for presolve in (True, False):
            limit = time_limit
            if clock is not None:
                left = clock.remaining() - (time.perf_counter() - started)
                if left <= 0:
                    status, gap = "timeout", None
                    break
                limit = left if limit is None else min(limit, left)
            status, gap = _run_with_gap(problem, solver, limit, presolve)
            if status != "failed":
                break
    finally:
        if clock is not None:
            clock.spent += time.perf_counter() - started
    problem.solution_gap = gap
    problem.solution_status = status
    return status


def _run(problem, solver, time_limit, log, presolve=True, preprocess=False) -> str:
    """The status of one solve; "crashed" when CBC ended abnormally (see _CBC_PREPROCESS_OFF)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # PULP_CBC_CMD is deprecated in PuLP 3.3
        started = time.perf_counter()
        try:
            problem.solve(_solver(check_solver(solver), time_limit, log, presolve, preprocess))
        except IndexError:  # PuLP 3.3 reads HiGHS's row values even when HiGHS returned none
            if solver != "highs":
                raise
            return _highs_without_solution(problem)
        except pulp.PulpSolverError:  # PuLP: CBC's exit status was not 0
            if solver != "cbc":
                raise
            return "crashed"
        elapsed = time.perf_counter() - started
    if problem.sol_status == pulp.LpSolutionOptimal:
        return "optimal"
    if problem.sol_status == pulp.LpSolutionIntegerFeasible:
        # PuLP maps HiGHS's time limit to "integer feasible" even when no plan was found
        return "stopped" if _has_plan(problem, solver) else "timeout"
    if problem.status == pulp.LpStatusInfeasible or problem.sol_status == pulp.LpSolutionInfeasible:
        return "infeasible"
    if problem.status == pulp.LpStatusUnbounded or problem.sol_status == pulp.LpSolutionUnbounded:
        return "unbounded"
    if time_limit is not None and elapsed >= 0.95 * time_limit:  # CBC: stopped on time without a plan
        return "timeout"
    return "failed"


def _highs_without_solution(problem) -> str:
    """The status of a HiGHS solve that left no solution for PuLP to read."""
    status = problem.solverModel.getModelStatus()
    if status in (highspy.HighsModelStatus.kTimeLimit, highspy.HighsModelStatus.kInterrupt):
        return "timeout"
    if status == highspy.HighsModelStatus.kInfeasible:
        return "infeasible"
    return "failed"


def _has_plan(problem, solver) -> bool:
    if solver != "highs":
        return True  # CBC reports "integer feasible" only with a plan
    return int(problem.solverModel.getInfo().primal_solution_status) == 2  # kSolutionStatusFeasible


def _run_with_gap(problem, solver, time_limit, presolve=True) -> tuple[str, float | None]:
    """(status, relative gap between the plan found and the best bound): 0 when optimal, None
    when there is no plan or the solver did not say. HiGHS reports its gap in-process; CBC only in
    its log, written to a temporary file and read back when a plan was stopped short (nothing
    reaches stdout either way)."""
    if solver == "highs":
        status = _run(problem, solver, time_limit, None, presolve)
        if status != "stopped":
            return status, (0.0 if status == "optimal" else None)
        gap = float(problem.solverModel.getInfo().mip_gap) if problem.isMIP() else math.nan  # an LP: no gap
        return status, (gap if math.isfinite(gap) else None)
    fd, log = tempfile.mkstemp(prefix="cbc_", suffix=".log")
    os.close(fd)
    try:
        status = _run(problem, solver, time_limit, log, presolve)
        if status == "crashed":
            status = _cbc_after_crash(problem, time_limit, log, presolve)
        with open(log, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    finally:
        os.unlink(log)
    if status != "stopped":
        return status, (0.0 if status == "optimal" else None)
    return status, cbc_gap(text)


def _cbc_after_crash(problem, time_limit, log, presolve) -> str:
    """CBC without its preprocessing crashed, as it does on a model its bound tightening proves
    infeasible: "infeasible" when CBC with its preprocessing says so too, else "failed" (or
    "timeout" when its time ran out)."""
    status = _run(problem, "cbc", time_limit, log, presolve, preprocess=True)
    return status if status in ("infeasible", "timeout") else "failed"


def solve_with_gap(problem: pulp.LpProblem, solver: str, *, time_limit: float | None = None) -> tuple[str, float | None]:
    """(status, gap) of `solve` (see `_run_with_gap`)."""
    status = solve(problem, solver, time_limit=time_limit)
    return status, problem.solution_gap


def solver_failed(solver: str, where: str, status: str) -> NoSolution:
    """A solver that failed twice (with and without presolve): exit 3, with the other solver to try."""
    other = "cbc" if solver == "highs" else "highs"
    return NoSolution("failed", [f"solver {solver} failed at {where} (status {status}): try {option('solver')} {other}"])


def out_of_time(solver: str, where: str) -> NoSolution:
    """The command's solving time ran out before the solver found any package for `where`."""
    clock = current()
    limit = f" of {clock.limit:g} s" if clock is not None else ""
    return NoSolution("stopped", [f"the time limit{limit} on solving ran out before {solver} found a package at {where}: "
                                  f"raise it with {option('time_limit')} or Settings time_limit"])


def checked(status: str, solver: str, where: str) -> str:
    """`status` when it leaves a plan or proves there is none ("optimal", "stopped", "infeasible");
    NoSolution (exit 3) when the solver failed, found no plan in time, or found none bounded."""
    if status in ("optimal", "stopped", "infeasible"):
        return status
    if status == "timeout":
        raise out_of_time(solver, where)
    raise solver_failed(solver, where, status)


def cbc_gap(log: str) -> float | None:
    """|best possible - best found| / |best found| from CBC's last progress line (its own 'Gap:' line
    is rounded to two decimals, and signed by CBC's internal minimization)."""
    number = r"(-?[0-9.]+(?:[eE][-+]?[0-9]+)?)"
    found = re.findall(rf"best (?:objective|solution) {number}[^\n]*?best possible {number}", log)
    if not found:
        return None
    incumbent, bound = map(float, found[-1])
    return abs(bound - incumbent) / max(abs(incumbent), 1e-10)

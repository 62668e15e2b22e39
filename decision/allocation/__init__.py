"""Aid allocation: the PuLP model, solving, shadow prices, frontiers and infeasibility diagnostics.

A leaf: an aid problem in, results out; it imports neither the ranking nor the workbook (a study's
problem and its recommended package are `decision.pipeline`'s). `solve_allocation(categories,
budget, risk_cap)` for plain arguments, `solve_problem(AidProblem)` for a problem already built.
All are pure: no I/O, nothing printed (the solvers' output included).
"""

from decision.allocation.plan import solve_allocation, solve_problem
from decision.allocation.problem import ROBUST, AidProblem, make_problem
from decision.allocation.result import Allocation, Limit, LinkUse, Purchase
from decision.lp import SOLVERS

__all__ = ["ROBUST", "AidProblem", "Allocation", "Limit", "LinkUse", "Purchase", "SOLVERS",
           "make_problem", "solve_allocation", "solve_problem"]

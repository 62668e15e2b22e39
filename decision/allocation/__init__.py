"""Aid allocation: the PuLP model, solving, shadow prices, frontiers and infeasibility diagnostics.

`allocate(study)` for a workbook's study, `solve_allocation(categories, budget, risk_cap)` for
plain arguments, `solve_problem(AidProblem)` for a problem already built. All are pure: no I/O,
nothing printed (the solvers' output included).
"""

from decision.allocation.plan import allocate, optimal_units, solve_allocation, solve_problem, study_problem
from decision.allocation.problem import ROBUST, AidProblem, make_problem
from decision.allocation.result import Allocation, Limit, LinkUse, Purchase
from decision.lp import SOLVERS

__all__ = ["ROBUST", "AidProblem", "Allocation", "Limit", "LinkUse", "Purchase", "SOLVERS", "allocate",
           "make_problem", "optimal_units", "solve_allocation", "solve_problem", "study_problem"]

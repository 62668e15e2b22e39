"""Aid allocation: the PuLP model, solving, shadow prices and infeasibility diagnostics.

`allocate(study)` for a workbook's study, `solve_allocation(categories, budget, risk_cap)` for
plain arguments. Both are pure: no I/O, nothing printed (the solvers' output included).
"""

from decision.allocation.plan import allocate, solve_allocation
from decision.allocation.result import Allocation, Limit, Purchase
from decision.allocation.solve import SOLVERS

__all__ = ["Allocation", "Limit", "Purchase", "SOLVERS", "allocate", "solve_allocation"]

"""The documented bounds on what a user may ask for (docs/bad-input.md, "Numbers and sizes").

Beyond them a solver loses precision or the run grows without end, so the reader and the command
refuse them with exit 2 instead of crashing or hanging. A leaf: imports nothing of the package.
"""

from __future__ import annotations

# Options: --samples (and Settings samples), --points.
MAX_SAMPLES = 30_000_000  # the slowest method on the shipped study (PROMETHEE II) takes about 8 minutes locally
MAX_POINTS = 1_000

# Aid numbers the solvers can represent: max_units at most 1e9; per-unit values, curve points,
# link ratios and effect multipliers 0 or between 1e-9 and 1e9 in magnitude.
MAX_UNITS = 1e9
MIN_MAGNITUDE = 1e-9
MAX_MAGNITUDE = 1e9

# Scores (Scores, ScoresLow, ScoresHigh, Criteria low/high): 0 or between 1e-15 and 1e15 in
# magnitude. Below 2**53 (about 9e15) every whole number is exact, so a difference of 1 between two
# scores is still seen; sums, differences and squares stay finite: TOPSIS's sqrt of a sum of squares
# over 100,000 cells is at most 1e35, far below the float limit of 1.8e308. The floor keeps ratios
# finite: EDAS divides by a criterion's mean score, which scores of 1e15, -1e15 and 1e-300 bring to
# 3e-301 (the ranking was NaN); with every nonzero score at least 1e-15, every score is a multiple
# of 2**-102, so a nonzero sum is at least 2**-102 (2e-31), a nonzero mean of 100,000 scores at
# least 2e-36, and a ratio at most about 5e50.
MIN_SCORE_MAGNITUDE = 1e-15
MAX_SCORE_MAGNITUDE = 1e15
# Settings budget and risk_cap: at most 1e15, far below 1e20, from which HiGHS takes a bound for
# infinite, and within the largest coefficient HiGHS accepts without complaint (1e15).
MAX_LIMIT = 1e15

# Text: names of alternatives, criteria, categories and scenarios; any text cell (Excel's own limit).
MAX_NAME_LENGTH = 1_000
MAX_TEXT_LENGTH = 32_767

# Seconds: the whole command's solving (--time-limit, Settings time_limit), and a Dask connection.
DEFAULT_TIME_LIMIT = 60.0
DEFAULT_CONNECT_TIMEOUT = 10.0
MAX_TIME_LIMIT = 86_400.0  # a day: a limit beyond it is a typo

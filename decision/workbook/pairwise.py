"""The Pairwise sheet: AHP judgements, the criteria along the header row and down the first column
(read by the grid reader), each within 1/9..9 and the matrix reciprocal, both to a relative
tolerance; a blank cell whose mirror is filled takes its reciprocal, a blank diagonal is 1."""

from __future__ import annotations

import numpy as np

from decision.errors import option
from decision.workbook import schema as S
from decision.workbook.cells import Problems, as_number, is_blank
from decision.workbook.grid import Axis, Grid


def read_pairwise(title: str, rows, criteria, p: Problems, max_cells: int) -> np.ndarray | None:
    """The AHP judgement matrix in criteria order. A blank cell whose mirror is filled takes its
    reciprocal; a blank diagonal is 1."""
    n = len(criteria)
    if n * n > max_cells:  # the matrix could not fit in an accepted workbook: do not allocate it
        p.error(title, f"{n:,} criteria need a {n:,} x {n:,} matrix of judgements, more than the limit of "
                       f"{max_cells:,} cells ({option('max_cells')})")
        return None
    grid = Grid(title, rows, Axis("criterion", criteria, "{shown} is not a criterion"),
                Axis("criterion", criteria, "{described} is not a criterion"), p)
    named = list(grid.named_rows())  # every name before any judgement
    grid.missing_columns()
    grid.missing_rows()
    if not grid.complete:
        return None
    matrix, cells = _judgements(grid, named, p)
    ok = _reciprocal(matrix, cells, criteria, p)
    return matrix if ok and not np.isnan(matrix).any() else None


def _judgements(grid: Grid, named, p: Problems):
    """The judgements as given (nan where blank or wrong), and the cell of each."""
    n = len(grid.across.names)
    matrix = np.full((n, n), np.nan)
    cells = {}
    for a, b, where, value in grid.cells(named):
        cells[(a, b)] = where
        if is_blank(value):
            continue
        x = as_number(value, where, p)
        if x is None:
            continue
        slack = S.PAIRWISE_RTOL + 1e-9  # 0.11 stands for 1/9: exactly 1% off is within
        lo, hi = S.PAIRWISE_MIN * (1 - slack), S.PAIRWISE_MAX * (1 + slack)
        if not lo <= x <= hi:
            p.error(where, f"judgement {x:g} is outside 1/9..9")
            continue
        matrix[a, b] = x
    return matrix, cells


def _reciprocal(matrix, cells, criteria, p: Problems) -> bool:
    """Fill a blank diagonal with 1 and a blank cell from its mirror; whether the matrix is reciprocal."""
    n = len(criteria)
    ok = True
    for a in range(n):
        for b in range(n):
            if a == b:
                if np.isnan(matrix[a, a]):
                    matrix[a, a] = 1.0
                elif abs(matrix[a, a] - 1) > S.PAIRWISE_RTOL + 1e-9:
                    p.error(cells[(a, a)], f"a criterion compared with itself must be 1, found {matrix[a, a]:g}")
                    ok = False
            elif b > a:
                x, y = matrix[a, b], matrix[b, a]
                if np.isnan(x) and np.isnan(y):
                    p.error(cells[(a, b)], f"no judgement of '{criteria[a]}' against '{criteria[b]}' (nor in {cells[(b, a)]})")
                    ok = False
                elif np.isnan(x):
                    matrix[a, b] = 1 / y
                elif np.isnan(y):
                    matrix[b, a] = 1 / x
                elif abs(x * y - 1) > S.PAIRWISE_RTOL + 1e-9:
                    p.error(cells[(b, a)], f"not reciprocal: {y:g} here but {x:g} in {cells[(a, b)]} (expected {1 / x:.4g})")
                    ok = False
    return ok

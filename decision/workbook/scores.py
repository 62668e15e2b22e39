"""The Scores-shaped sheets (Scores; ScoresLow and ScoresHigh together; Rationale): one row per
alternative, one column per criterion scored in the workbook, read by the grid reader. A criterion
whose scores come from the allocation has no column; its scores stay NaN for the pipeline to fill."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from decision.errors import option
from decision.model import Criterion, normalize
from decision.workbook import schema as S
from decision.workbook.cells import Problems, as_number, as_text, figure, is_blank, out_of_range, ref
from decision.workbook.grid import Axis, Grid, corner_ok


def read_scores(sheets: dict, alternatives: list[str], criteria: list[Criterion], max_cells: int,
                p: Problems) -> dict:
    """The Study's keyword arguments from Scores and, with it, ScoresLow/ScoresHigh and Rationale."""
    found = sheets["Scores"]
    m, n = len(alternatives), len(criteria)
    if not found:
        return {}
    if m * n > max_cells:  # do not allocate it
        p.error(found[0], f"{m:,} alternatives x {n:,} criteria need {m * n:,} scores, more than the limit of "
                          f"{max_cells:,} cells ({option('max_cells')})")
        return {}
    if not alternatives or not criteria:
        return {}
    scored = Scored(alternatives, criteria, p)
    if not scored.columns:
        return {"scores": np.full((m, n), np.nan)}
    scores = scored.read(found, S.SCORES)
    if scores is None:
        return {}
    out = {"scores": scored.spread(scores.values, np.nan)}
    check_scale(scores, scored.criteria, p)
    out.update(read_ranges(sheets, scores, scored, p))
    if sheets["Rationale"]:
        rationale = scored.read(sheets["Rationale"], S.RATIONALE)
        if rationale is not None:
            text = scored.spread(rationale.values, "")
            out["rationale"] = tuple(tuple(str(x) for x in row) for row in text)
    return out


def read_ranges(sheets: dict, scores: Matrix, scored: Scored, p: Problems) -> dict:
    """ScoresLow and ScoresHigh, both or neither: low <= score <= high, within the scale; nothing
    when they give no uncertainty at all."""
    low_high = [sheets["ScoresLow"], sheets["ScoresHigh"]]
    if any(low_high) and not all(low_high):
        present, absent = ("ScoresLow", "ScoresHigh") if low_high[0] else ("ScoresHigh", "ScoresLow")
        p.error(present, f"given without {absent}: give both sheets, or neither")
        return {}
    if not all(low_high):
        return {}
    low = scored.read(sheets["ScoresLow"], S.SCORES_LOW)
    high = scored.read(sheets["ScoresHigh"], S.SCORES_HIGH)
    if low is None or high is None:
        return {}
    lo, hi = check_range(scores, low, high, scored.criteria, p)
    if np.array_equal(lo, scores.values) and np.array_equal(hi, scores.values):
        return {}  # no uncertainty given
    return {"scores_low": scored.spread(lo, np.nan), "scores_high": scored.spread(hi, np.nan)}


class Scored:
    """The criteria scored in the workbook (not by the allocation: `columns`, their indexes among all
    the criteria), and the Scores-shaped sheets read over them."""

    def __init__(self, alternatives: list[str], criteria: list[Criterion], p: Problems):
        self.alternatives, self.all, self.p = alternatives, criteria, p
        self.columns = [j for j, c in enumerate(criteria) if c.source != "allocation"]
        self.criteria = [criteria[j] for j in self.columns]
        self.allocated = {normalize(c.name): c.name for c in criteria if c.source == "allocation"}

    def read(self, found, sheet: S.MatrixSheet) -> Matrix | None:
        """A Scores-shaped sheet over the scored criteria; a column naming an allocation criterion is
        reported once and then read as absent."""
        title, rows = found
        rows = [list(r) for r in rows]
        for i, value in enumerate(rows[0][1:] if rows else (), start=1):
            if isinstance(value, str) and normalize(value) in self.allocated:
                self.p.error(ref(title, 1, i), f"criterion '{self.allocated[normalize(value)]}' takes its scores "
                                               "from the allocation (Criteria source = allocation): remove this column")
                for r in rows:
                    if i < len(r):
                        r[i] = None
        return read_matrix(title, rows, sheet, self.alternatives, [c.name for c in self.criteria], self.p)

    def spread(self, values, fill):
        """A sub-matrix over the scored criteria spread to all criteria (`fill` in the others)."""
        out = np.full((len(self.alternatives), len(self.all)), fill, dtype=values.dtype)
        out[:, self.columns] = values
        return out


@dataclass
class Matrix:
    values: np.ndarray  # (m, n) floats (nan where blank) or object array for text
    cells: dict[tuple[int, int], str]  # (i, j) -> cell ref


def read_matrix(title: str, rows, sheet: S.MatrixSheet, alternatives, criteria, p: Problems) -> Matrix | None:
    """A Scores-shaped sheet aligned to the alternatives (rows) and criteria (columns)."""
    if not corner_ok(title, rows, "alternative", p):
        return None
    grid = Grid(title, rows, Axis("criterion", criteria, "column {shown} matches no criterion{hint}",
                                  hint=" (closest: {typo_shown})", say_first=True),
                Axis("alternative", alternatives, "{shown} is not an alternative in Alternatives{hint}",
                     hint=" (closest: {typo_shown})", say_first=True), p)
    m, n = len(alternatives), len(criteria)
    values = np.full((m, n), np.nan) if sheet.kind == S.NUMBER else np.full((m, n), "", dtype=object)
    cells: dict[tuple[int, int], str] = {}
    for a, j, where, value in grid.cells(grid.named_rows()):
        cells[(a, j)] = where
        if is_blank(value):
            if not sheet.blank_ok:
                p.error(where, f"blank score of '{alternatives[a]}' on '{criteria[j]}': expected a number")
            continue
        if sheet.kind == S.NUMBER:
            number_ = as_number(value, where, p)
            rule = None if number_ is None else out_of_range(number_, magnitude=S.SCORE_MAGNITUDE)
            if rule:
                p.error(where, f"a score {rule}, found {figure(number_)}")
            elif number_ is not None:
                values[a, j] = number_
        else:
            text = as_text(value, where, p)
            values[a, j] = text or ""
    if not sheet.blank_ok:
        grid.missing_columns()
        grid.missing_rows()
    return Matrix(values, cells)



def check_scale(scores: Matrix, criteria, p: Problems) -> None:
    for j, c in enumerate(criteria):
        if c.low is None:
            continue
        for i in range(scores.values.shape[0]):
            x = scores.values[i, j]
            if not np.isnan(x) and not c.low <= x <= c.high:
                p.error(scores.cells[(i, j)], f"{x:g} is outside the scale {c.low:g}..{c.high:g} of '{c.name}'")


def check_range(scores: Matrix, low: Matrix, high: Matrix, criteria, p: Problems):
    """Blank low/high cells mean no uncertainty (the score itself); low <= score <= high."""
    lo = np.where(np.isnan(low.values), scores.values, low.values)
    hi = np.where(np.isnan(high.values), scores.values, high.values)
    m, n = scores.values.shape
    for i in range(m):
        for j in range(n):
            x = scores.values[i, j]
            if np.isnan(x):
                continue
            c = criteria[j]
            for bound, matrix, bad in ((lo[i, j], low, lo[i, j] > x), (hi[i, j], high, hi[i, j] < x)):
                where = matrix.cells.get((i, j))
                if where is None:
                    continue
                if bad:
                    word = "above" if matrix is low else "below"
                    p.error(where, f"{bound:g} is {word} the score {x:g} ({scores.cells[(i, j)]})")
                elif c.low is not None and not c.low <= bound <= c.high:
                    p.error(where, f"{bound:g} is outside the scale {c.low:g}..{c.high:g} of '{c.name}'")
    return lo, hi

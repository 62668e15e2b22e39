"""Read and check a criteria workbook (schema v1) into a `Study`, reporting every problem at once.

Each problem is one line, `file: Sheet!Cell: what is wrong`, collected in an `InputError`.
What the reader assumed (weights normalized, numbers stored as text) goes to `Study.warnings`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from decision.errors import InputError
from decision.limits import MAX_MAGNITUDE
from decision.model import AidCategory, AidLink, Study, normalize
from decision.workbook import schema as S
from decision.workbook.cells import (Hints, Problems, as_number, as_text, figure, is_blank, number_from_text,
                                     out_of_range, ref)
from decision.workbook.criteria import read_alternatives, read_criteria
from decision.workbook.files import Limits, RawWorkbook, open_workbook
from decision.workbook.grid import Axis, Grid, corner_ok
from decision.workbook.settings import check_needed, read_settings
from decision.workbook.sheets import (check_sizes, file_notes, find_sheet, header_index, is_empty_sheet,
                                      is_schema_sheet, missing_sheet, read_records)

__all__ = ["read_study", "study_from_raw", "number_from_text"]  # number_from_text: the tests import it from here


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


def read_pairwise(title: str, rows, criteria, p: Problems, max_cells: int) -> np.ndarray | None:
    """The AHP judgement matrix in criteria order. A blank cell whose mirror is filled takes its
    reciprocal; a blank diagonal is 1."""
    n = len(criteria)
    if n * n > max_cells:  # the matrix could not fit in an accepted workbook: do not allocate it
        p.error(title, f"{n:,} criteria need a {n:,} x {n:,} matrix of judgements, more than the limit of "
                       f"{max_cells:,} cells (--max-cells)")
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


# --- the study ------------------------------------------------------------------------------


def read_study(path, needs=("ranking",), limits: Limits | None = None) -> Study:
    """Read and check a workbook. `needs` names parts ('ranking', 'allocation') whose sheets must be
    present; every other schema sheet that is present is checked too. `limits` bound what the file
    may hold (files.Limits). Raises InputError."""
    raw = open_workbook(path, limits=limits, wanted=is_schema_sheet)
    return study_from_raw(raw, needs=needs, source=str(path))


def study_from_raw(raw: RawWorkbook, needs=("ranking",), source: str = "") -> Study:
    p = Problems(raw.label)
    file_notes(raw, p)
    raw = check_sizes(raw, p)
    needed = {name for part in needs for name in S.NEEDS[part]}
    sheets = {name: find_sheet(raw, name, p) for name in S.SHEET_NAMES}
    for name, found in sheets.items():  # a sheet left blank (as in the template) is as if absent
        if found and name not in needed and is_empty_sheet(found[1]):
            sheets[name] = None
    for part in needs:
        for name in S.NEEDS[part]:
            if sheets[name] is None:
                missing_sheet(raw, name, part, p)
    cells: dict[str, str] = {}
    kwargs: dict = {}

    alternatives = read_alternatives(*sheets["Alternatives"], p) if sheets["Alternatives"] else []
    criteria = read_criteria(*sheets["Criteria"], p, cells) if sheets["Criteria"] else []

    alt_names = [a.name for a in alternatives]
    crit_names = [c.name for c in criteria]
    # Criteria whose scores come from the allocation have no Scores column: read the others, and
    # leave those columns NaN for the ranking facade to fill (decision.allocation.scores).
    from_allocation = [j for j, c in enumerate(criteria) if c.source == "allocation"]
    if from_allocation and "ranking" in needs:
        first = criteria[from_allocation[0]].name
        for name in S.NEEDS["allocation"]:
            if "allocation" not in needs and find_sheet(raw, name) is None:
                missing_sheet(raw, name, f"criterion '{first}' (source = allocation)", p)
            elif sheets[name] is None and find_sheet(raw, name) is not None:
                sheets[name] = find_sheet(raw, name)  # blank, but needed: reported as empty below
        needs = tuple(needs) + ("allocation",)
    scored = [j for j in range(len(criteria)) if j not in from_allocation]
    scored_criteria = [criteria[j] for j in scored]
    scored_names = [c.name for c in scored_criteria]
    allocated_names = {normalize(criteria[j].name): criteria[j].name for j in from_allocation}

    def read_scored(found, sheet):
        """A Scores-shaped sheet over the scored criteria; a column naming an allocation criterion is
        reported once and then read as absent."""
        title, rows = found
        rows = [list(r) for r in rows]
        for i, value in enumerate(rows[0][1:] if rows else (), start=1):
            if isinstance(value, str) and normalize(value) in allocated_names:
                p.error(ref(title, 1, i), f"criterion '{allocated_names[normalize(value)]}' takes its scores from "
                                          "the allocation (Criteria source = allocation): remove this column")
                for r in rows:
                    if i < len(r):
                        r[i] = None
        return read_matrix(title, rows, sheet, alt_names, scored_names, p)

    def full(values, fill):
        """A sub-matrix over the scored criteria spread to all criteria (`fill` in the others)."""
        out = np.full((len(alt_names), len(criteria)), fill, dtype=values.dtype)
        out[:, scored] = values
        return out

    if sheets["Scores"] and len(alt_names) * len(criteria) > raw.limits.max_cells:  # do not allocate it
        p.error(sheets["Scores"][0], f"{len(alt_names):,} alternatives x {len(criteria):,} criteria need "
                                     f"{len(alt_names) * len(criteria):,} scores, more than the limit of "
                                     f"{raw.limits.max_cells:,} cells (--max-cells)")
    elif sheets["Scores"] and alt_names and crit_names and not scored:
        kwargs["scores"] = np.full((len(alt_names), len(criteria)), np.nan)
    elif sheets["Scores"] and alt_names and crit_names:
        scores = read_scored(sheets["Scores"], S.SCORES)
        if scores is not None:
            kwargs["scores"] = full(scores.values, np.nan)
            check_scale(scores, scored_criteria, p)
            low_high = [sheets["ScoresLow"], sheets["ScoresHigh"]]
            if any(low_high) and not all(low_high):
                present, absent = ("ScoresLow", "ScoresHigh") if low_high[0] else ("ScoresHigh", "ScoresLow")
                p.error(present, f"given without {absent}: give both sheets, or neither")
            elif all(low_high):
                low = read_scored(sheets["ScoresLow"], S.SCORES_LOW)
                high = read_scored(sheets["ScoresHigh"], S.SCORES_HIGH)
                if low is not None and high is not None:
                    lo, hi = check_range(scores, low, high, scored_criteria, p)
                    if not (np.array_equal(lo, scores.values) and np.array_equal(hi, scores.values)):
                        kwargs["scores_low"], kwargs["scores_high"] = full(lo, np.nan), full(hi, np.nan)  # else: no uncertainty given
            if sheets["Rationale"]:
                rationale = read_scored(sheets["Rationale"], S.RATIONALE)
                if rationale is not None:
                    text = full(rationale.values, "")
                    kwargs["rationale"] = tuple(tuple(str(x) for x in row) for row in text)

    if sheets["Pairwise"] and crit_names:
        pairwise = read_pairwise(*sheets["Pairwise"], crit_names, p, raw.limits.max_cells)
        if pairwise is not None:
            kwargs["pairwise"] = pairwise

    aid: list[AidCategory] = []
    aid_rows: dict[str, tuple[str, float | None, str]] = {}  # every named category: (name, max_units, its cell)
    if sheets["Aid"]:
        title, rows = sheets["Aid"]
        for r in read_records(title, rows, S.AID, p) or []:
            if r["category"] is not None:
                col = header_index(rows, "max_units") if "max_units" not in r["_bad"] and r["max_units"] is not None else 0
                aid_rows[normalize(r["category"])] = (r["category"], r["max_units"], ref(title, r["_row"], col))
            if any(r[c.name] is None for c in S.AID.columns):
                continue
            if r["min_units"] > r["max_units"]:
                col = header_index(rows, "max_units")
                p.error(
                    ref(title, r["_row"], col),
                    f"max_units {r['max_units']:g} is below min_units {r['min_units']:g}",
                )
                continue
            aid.append(AidCategory(
                name=r["category"], unit=r["unit"], unit_cost=r["unit_cost"], min_units=r["min_units"],
                max_units=r["max_units"], integer=r["integer"], strength_per_unit=r["strength_per_unit"],
                risk_per_unit=r["risk_per_unit"],
            ))

    extra = {name: find_sheet(raw, name) for name in S.ALLOCATION_SHEETS}
    extra = {name: None if found is None or is_empty_sheet(found[1]) else found for name, found in extra.items()}
    for name, found in extra.items():
        if found and not sheets["Aid"]:
            p.error(found[0], "needs the Aid sheet (its rows name aid categories)")
            extra[name] = None
    if extra[S.AID_CURVE.name]:
        curves = read_curves(*extra[S.AID_CURVE.name], aid_rows, p)
        aid = [dataclasses.replace(c, curve=curves.get(c.name, ())) for c in aid]
    if extra[S.AID_LINKS.name]:
        kwargs["aid_links"] = read_links(*extra[S.AID_LINKS.name], aid_rows, p)
    if extra[S.AID_EFFECTS_NAME]:
        effects = read_effects(*extra[S.AID_EFFECTS_NAME], aid_rows, alt_names, p)
        if effects is not None:
            kwargs["aid_effects"] = np.array([[effects[a].get(normalize(c.name), 1.0) for c in aid]
                                              for a in range(len(alt_names))])

    settings: dict = {}
    if sheets["Settings"]:
        settings, setting_cells, setting_units, blank = read_settings(*sheets["Settings"], p)
        kwargs["setting_units"] = setting_units
        cells.update({f"setting:{k}": v for k, v in setting_cells.items()})
        if "allocation" in needs:
            check_needed(sheets["Settings"][0], setting_cells, blank, p)

    if p.errors:
        raise InputError(p.errors)
    return Study(
        name=Path(raw.label).stem,
        alternatives=tuple(alternatives),
        criteria=tuple(criteria),
        aid=tuple(aid),
        settings=settings,
        source=source,
        sha256=raw.sha256,
        warnings=tuple(p.warnings),
        cells=cells,
        **kwargs,
    )


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


# --- the optional allocation sheets ------------------------------------------------------------------


def _category(title, number, col, name, aid_rows, p: Problems, hints: Hints):
    """The Aid name that `name` refers to (case and spaces ignored), or None after reporting it."""
    found = aid_rows.get(normalize(name))
    if found is None:
        typo = hints.closest(name, [n for n, _, _ in aid_rows.values()])
        hint = f" (closest: '{typo}')" if typo else ""
        p.error(ref(title, number, col), f"'{name}' is not a category in Aid{hint}")
        return None
    return found[0]


def read_curves(title: str, rows, aid_rows, p: Problems) -> dict[str, tuple[tuple[float, float], ...]]:
    """{category: ((0, 0), (units, strength), ...)} sorted by units; each curve reaches max_units."""
    records = read_records(title, rows, S.AID_CURVE, p) or []
    col = {name: header_index(rows, name) for name in ("category", "units", "strength")} if records else {}
    points: dict[str, list[tuple[float, float, int]]] = {}
    hints = Hints()
    for r in records:
        if r["category"] is None:
            continue
        name = _category(title, r["_row"], col["category"], r["category"], aid_rows, p, hints)
        if name is None or r["units"] is None or r["strength"] is None:
            continue
        if r["units"] == 0 and r["strength"] != 0:
            p.error(ref(title, r["_row"], col["strength"]),
                    f"a curve starts at (0, 0): the strength of 0 units of '{name}' must be 0, found {r['strength']:g}")
            continue
        seen = next((row for u, _, row in points.get(name, []) if u == r["units"]), None)
        if seen is not None:
            p.error(ref(title, r["_row"], col["units"]), f"{r['units']:g} units of '{name}' appear twice (also row {seen})")
            continue
        points.setdefault(name, []).append((r["units"], r["strength"], r["_row"]))
    out = {}
    for name, found in points.items():
        found.sort()
        _, max_units, max_cell = aid_rows[normalize(name)]
        last_units, _, last_row = found[-1]
        if max_units is not None and last_units < max_units:
            p.error(ref(title, last_row, col["units"]),
                    f"the curve of '{name}' ends at {last_units:g} units but max_units is {max_units:g} ({max_cell}): "
                    f"add a point at {max_units:g} units or beyond")
            continue
        steep = _steep_segment(found)
        if steep is not None:
            (u0, y0), (u1, y1, row) = steep
            p.error(ref(title, row, col["strength"]),
                    f"the curve of '{name}' rises {y1 - y0:g} in strength over {u1 - u0:g} units from {u0:g} units: "
                    f"{(y1 - y0) / (u1 - u0):.3g} per unit, beyond the limit of {S.bound(MAX_MAGNITUDE)} that "
                    "strength_per_unit has (the solvers cannot represent steeper slopes)")
            continue
        curve = [(u, y) for u, y, _ in found if u > 0]
        out[name] = ((0.0, 0.0), *curve)
    return out


def _steep_segment(found):
    """The first segment of a curve (from (0, 0), through its points sorted by units) whose slope
    exceeds what a per-unit strength may be, as ((units, strength), (units, strength, row)); else None."""
    previous = (0.0, 0.0)
    for u, y, row in found:
        if u > previous[0] and abs(y - previous[1]) > MAX_MAGNITUDE * (u - previous[0]):
            return previous, (u, y, row)
        previous = (u, y)
    return None


def read_links(title: str, rows, aid_rows, p: Problems) -> tuple[AidLink, ...]:
    records = read_records(title, rows, S.AID_LINKS, p) or []
    col = {name: header_index(rows, name) for name in ("category", "requires")} if records else {}
    out, seen = [], {}
    hints = Hints()
    for r in records:
        if r["category"] is None or r["requires"] is None:
            continue
        a = _category(title, r["_row"], col["category"], r["category"], aid_rows, p, hints)
        b = _category(title, r["_row"], col["requires"], r["requires"], aid_rows, p, hints)
        if a is None or b is None or r["ratio"] is None:
            continue
        if a == b:
            p.error(ref(title, r["_row"], col["requires"]), f"'{a}' cannot require itself")
            continue
        if (a, b) in seen:
            p.error(ref(title, r["_row"], col["category"]), f"'{a}' requires '{b}' twice (also row {seen[(a, b)]})")
            continue
        seen[(a, b)] = r["_row"]
        out.append(AidLink(a, b, r["ratio"]))
    return tuple(out)


def read_effects(title: str, rows, aid_rows, alternatives, p: Problems) -> list[dict[str, float]] | None:
    """Per alternative, {normalized category: multiplier}; categories without a row are left out
    (multiplier 1). Every alternative must have a column and every cell a number >= 0."""
    if not corner_ok(title, rows, "category", p):
        return None
    if not alternatives:
        p.error(title, "needs the Alternatives sheet (its columns name the alternatives)")
        return None
    categories = [name for name, _, _ in aid_rows.values()]
    grid = Grid(title, rows, Axis("alternative", alternatives, "column '{text}' matches no alternative{hint}",
                                  hint=" (closest: '{typo}')"),
                Axis("category", categories, "'{text}' is not a category in Aid{hint}", hint=" (closest: '{typo}')",
                     say_first=True), p)
    grid.missing_columns()
    out: list[dict[str, float]] = [{} for _ in alternatives]
    ok = True
    for c, a, where, value in grid.cells(grid.named_rows()):
        category = categories[c]
        if is_blank(value):
            p.error(where, f"blank multiplier of '{category}' under '{alternatives[a]}': expected a number >= 0 "
                           "(1 = no change)")
            ok = False
            continue
        x = as_number(value, where, p)
        rule = None if x is None or x < 0 else out_of_range(x, minimum=0.0, magnitude=S.SOLVER_MAGNITUDE)
        if x is None:
            ok = False
        elif x < 0:
            p.error(where, f"a multiplier must be >= 0, found {x:g}")
            ok = False
        elif rule:
            p.error(where, f"a multiplier {rule}, found {figure(x)}")
            ok = False
        else:
            out[a][normalize(category)] = x
    return out if ok and grid.rows_ok and len(grid.columns) == len(alternatives) else None

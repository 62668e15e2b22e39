"""The allocation sheets: Aid (the categories, their costs, bounds, strength and risk per unit), and
the optional AidCurve (piecewise-linear strength), AidLinks (prerequisites) and AidEffects
(multipliers per scenario, read by the grid reader), whose rows name the Aid categories."""

from __future__ import annotations

import dataclasses

import numpy as np

from decision.limits import MAX_MAGNITUDE
from decision.model import AidCategory, AidLink, normalize
from decision.workbook import schema as S
from decision.workbook.cells import Hints, Problems, as_number, figure, is_blank, out_of_range, ref
from decision.workbook.files import RawWorkbook
from decision.workbook.grid import Axis, Grid, corner_ok
from decision.workbook.sheets import find_sheet, header_index, is_empty_sheet, read_records


def read_aid(title: str, rows, p: Problems) -> tuple[list[AidCategory], dict[str, tuple[str, float | None, str]]]:
    """The categories whose every cell is right, and every named category, by normalized name:
    (name, max_units, its cell), for the sheets that name them."""
    aid: list[AidCategory] = []
    aid_rows: dict[str, tuple[str, float | None, str]] = {}
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
    return aid, aid_rows


def read_aid_sheets(raw: RawWorkbook, has_aid: bool, aid: list[AidCategory], aid_rows, alternatives: list[str],
                    p: Problems) -> tuple[list[AidCategory], dict]:
    """AidCurve, AidLinks and AidEffects when present and filled (each needs the Aid sheet): the
    categories with their curves, and the Study's keyword arguments aid_links and aid_effects."""
    extra = {name: find_sheet(raw, name) for name in S.ALLOCATION_SHEETS}
    extra = {name: None if found is None or is_empty_sheet(found[1]) else found for name, found in extra.items()}
    for name, found in extra.items():
        if found and not has_aid:
            p.error(found[0], "needs the Aid sheet (its rows name aid categories)")
            extra[name] = None
    kwargs: dict = {}
    if extra[S.AID_CURVE.name]:
        curves = read_curves(*extra[S.AID_CURVE.name], aid_rows, p)
        aid = [dataclasses.replace(c, curve=curves.get(c.name, ())) for c in aid]
    if extra[S.AID_LINKS.name]:
        kwargs["aid_links"] = read_links(*extra[S.AID_LINKS.name], aid_rows, p)
    if extra[S.AID_EFFECTS_NAME]:
        effects = read_effects(*extra[S.AID_EFFECTS_NAME], aid_rows, alternatives, p)
        if effects is not None:
            kwargs["aid_effects"] = np.array([[effects[a].get(normalize(c.name), 1.0) for c in aid]
                                              for a in range(len(alternatives))])
    return aid, kwargs


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
                    f"the curve of '{name}' goes from {figure(y0)} to {figure(y1)} in strength between {figure(u0)} "
                    f"and {figure(u1)} units: {figure(abs(y1 - y0) / (u1 - u0))} per unit, beyond the limit of "
                    f"{S.bound(MAX_MAGNITUDE)} that "
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

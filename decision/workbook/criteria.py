"""The Alternatives and Criteria sheets: the names of the study, and each criterion's direction,
weight, scale, weighting inputs and PROMETHEE preference, checked row by row and as a whole (weights
all given or none, summing to 1; weight intervals that some weights summing to 1 fit)."""

from __future__ import annotations

import dataclasses
import math

from decision.model import Alternative, Criterion, normalize
from decision.workbook import schema as S
from decision.workbook.cells import Problems, cell, ref
from decision.workbook.sheets import header_index, read_records
from openpyxl.utils import get_column_letter


def read_alternatives(title: str, rows, p: Problems) -> list[Alternative]:
    alternatives = []
    for r in read_records(title, rows, S.ALTERNATIVES, p) or []:
        if r["alternative"] is not None:
            alternatives.append(Alternative(r["alternative"], r["description"] or ""))
    return alternatives


def read_criteria(title: str, rows, p: Problems, cells: dict) -> list[Criterion]:
    """Every named criterion (kept even when a cell was wrong, so that later sheets still line up);
    `cells` gets the cells that later messages name (weights, swing, rank, scale, weight intervals)."""
    records = read_records(title, rows, S.CRITERIA, p) or []
    criteria = check_criteria(title, rows, records, p, cells)
    return check_weight_intervals(title, rows, records, criteria, p, cells)


def check_criteria(title, rows, records, p: Problems, cells) -> list[Criterion]:
    """Directions, weights (check_weights), scales, swing points and preference thresholds."""
    criteria = []
    present = {normalize(v) for v in rows[0] if isinstance(v, str)} if rows else set()
    check_weights(title, rows, records, p, cells)
    for r in records:
        if r["criterion"] is None:
            continue
        for column in ("weight", "swing", "rank"):  # so that weighting methods can name the cell
            if normalize(column) in present:
                cells[("Criteria", r["criterion"], column)] = (title, cell(r["_row"], header_index(rows, column)))
        if {"low", "high"} <= present:  # so that a score filled from the allocation can name the scale
            cells[("Criteria", r["criterion"], "scale")] = (title, f"{cell(r['_row'], header_index(rows, 'low'))}:"
                                                            f"{cell(r['_row'], header_index(rows, 'high'))}")
        low, high = r["low"], r["high"]
        if {"low", "high"} & r["_bad"]:  # said at its cell
            low = high = None
        elif (low is None) != (high is None):
            given_col = "low" if low is not None else "high"
            other = "high" if given_col == "low" else "low"
            p.error(ref(title, r["_row"], header_index(rows, other)), f"'{other}' is blank but '{given_col}' is given: give both, or neither")
            low = high = None
        elif low is not None and low >= high:
            p.error(ref(title, r["_row"], header_index(rows, "low")), f"low {low:g} must be below high {high:g}")
            low = high = None
        if r["swing"] is not None and r["swing"] > 100:
            p.error(ref(title, r["_row"], header_index(rows, "swing")), f"swing points must be 0..100, found {r['swing']:g}")
        preference = r["preference"] or "usual"
        missing = [t for t in S.PREFERENCE_NEEDS[preference] if r[t] is None and t not in r["_bad"]]
        for needed in missing:
            col = header_index(rows, needed) if needed in present else header_index(rows, "preference")
            p.error(ref(title, r["_row"], col), f"preference '{preference}' needs the threshold '{needed}'")
        if not missing and preference in ("level", "linear") and r["q"] is not None and r["p"] is not None and r["q"] >= r["p"]:
            p.error(ref(title, r["_row"], header_index(rows, "q")), f"q {r['q']:g} must be below p {r['p']:g}")
        criteria.append(Criterion(  # kept even when a cell was wrong, so later sheets still line up
            name=r["criterion"], direction=r["direction"] or "max", weight=r["weight"], unit=r["unit"] or "",
            description=r["description"] or "", low=low, high=high, swing=r["swing"], rank=r["rank"],
            preference=preference, q=r["q"], p=r["p"], s=r["s"], source=r["source"] or "",
        ))
    return criteria


def check_weights(title, rows, records, p: Problems, cells) -> None:
    """Weights all given or all blank, not all zero, their sum finite; a warning when they are
    normalized (their sum is not 1). `cells` gets the weight column's span (row "")."""
    weight_col = header_index(rows, "weight") if records else 0
    weights = [r["weight"] for r in records if "weight" not in r["_bad"]]
    first, last = (records[0]["_row"], records[-1]["_row"]) if records else (2, 2)
    cells[("Criteria", "", "weight")] = (title, f"{cell(first, weight_col)}:{cell(last, weight_col)}")
    span = f"{title}!{cells[('Criteria', '', 'weight')][1]}"
    given = [w for w in weights if w is not None]
    if given and len(given) < len(weights):
        for r in records:
            if r["weight"] is None and "weight" not in r["_bad"]:
                p.error(ref(title, r["_row"], weight_col), "blank weight: give every criterion a weight, or leave them all blank")
    elif given and sum(given) == 0:
        p.error(span, "weights are all zero")
    elif given and not math.isfinite(sum(given)):
        p.error(span, "the weights are too large to add up (their sum overflows); scale them down")
    elif given and abs(sum(given) - 1) > 1e-9:
        p.warn(span, f"weights sum to {sum(given):g}, not 1; normalized to sum 1")


def check_weight_intervals(title, rows, records, criteria, p: Problems, cells) -> list[Criterion]:
    """weight_low/weight_high: 0 <= low <= high <= 1 (blank: 0 and 1), and some weights summing to
    1 within them (the lows sum to at most 1, the highs to at least 1)."""
    present = {normalize(v) for v in rows[0] if isinstance(v, str)} if rows else set()
    columns = [c for c in ("weight_low", "weight_high") if c in present]
    if not columns or not records:
        return criteria
    col = {c: header_index(rows, c) for c in columns}
    named = [r for r in records if r["criterion"] is not None]
    if not named:  # every name blank or refused: said at those cells already
        return criteria
    out, lows, highs, ok = [], [], [], True
    for r, criterion in zip(named, criteria):
        low, high = r.get("weight_low"), r.get("weight_high")
        for column in columns:
            cells[("Criteria", r["criterion"], column)] = (title, cell(r["_row"], col[column]))
            value = r.get(column)
            if value is not None and value > 1:
                p.error(ref(title, r["_row"], col[column]), f"'{column}' must be <= 1 (a normalized weight), found {value:g}")
                ok = False
        ok = ok and not ({"weight_low", "weight_high"} & r["_bad"])
        if low is not None and high is not None and low > high:
            p.error(ref(title, r["_row"], col["weight_low"]), f"weight_low {low:g} is above weight_high {high:g}")
            ok = False
        lows.append(0.0 if low is None else low)
        highs.append(1.0 if high is None else high)
        out.append(dataclasses.replace(criterion, weight_low=low, weight_high=high))
    first, last = named[0]["_row"], named[-1]["_row"]

    def span(column):
        letter = get_column_letter(col[column] + 1)
        return f"{title}!{letter}{first}:{letter}{last}"

    if ok and sum(lows) > 1 + 1e-9:
        where = span("weight_low") if "weight_low" in col else title
        p.error(where, f"the weight_low values sum to {sum(lows):g}: no weights summing to 1 stay above them")
    if ok and sum(highs) < 1 - 1e-9:
        where = span("weight_high") if "weight_high" in col else title
        p.error(where, f"the weight_high values sum to {sum(highs):g} (blank counts as 1): no weights summing to 1 "
                       "stay below them")
    return out

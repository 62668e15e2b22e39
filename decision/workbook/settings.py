"""The Settings sheet: one known setting per row, its value converted by the setting's kind and
checked against its bounds; the settings the allocation cannot do without."""

from __future__ import annotations

from decision.model import closest, normalize
from decision.workbook import schema as S
from decision.workbook.cells import Problems, as_number, as_text, figure, out_of_range, ref, shown
from decision.workbook.sheets import header_index, read_records


def read_settings(title: str, rows, p: Problems):
    """(settings, their value cells, their units, the known settings whose value is blank); each
    value converted by its setting's kind."""
    records = read_records(title, rows, S.SETTINGS, p) or []
    known = {s.name: s for s in S.SETTINGS_KEYS}
    settings, cells, units, blank = {}, {}, {}, set()
    value_col = header_index(rows, "value")
    for record in records:
        name, number = record["setting"], record["_row"]
        if name is None:
            continue
        key = normalize(name)
        spec = known.get(key)
        where_name = ref(title, number, 0)
        if spec is None:
            typo = closest(name, known)
            hint = f" (did you mean '{typo}'?)" if typo else f" (known: {', '.join(known)})"
            p.error(where_name, f"unknown setting {shown(name)}{hint}")
            continue
        where = ref(title, number, value_col)
        raw = record["value"]
        cells[key] = where
        if record.get("unit"):
            units[key] = record["unit"]
        if raw is None:
            blank.add(key)
            continue
        value = setting_value(spec, key, raw, where, p)
        if value is not None:
            settings[key] = value
    return settings, cells, units, blank


def setting_value(spec, key: str, raw, where: str, p: Problems):
    """A setting's value converted by its kind (a known name, a whole number, a number) and within
    its bounds; None after reporting the problem."""
    if spec.kind == S.TEXT:
        text = as_text(raw, where, p)
        if text and normalize(text) not in spec.choices():
            known_values = spec.choices()
            typo = closest(text, known_values)
            hint = f"did you mean '{typo}'?" if typo else f"known: {', '.join(known_values)}"
            p.error(where, f"unknown {key} {shown(text)} ({hint})")
            return None
        return normalize(text) if text else None
    number_ = as_number(raw, where, p)
    if number_ is None:
        return None
    if spec.kind == "int":
        if not float(number_).is_integer():
            p.error(where, f"'{key}' must be a whole number, found {number_:g}")
            return None
        number_ = int(number_)
    if spec.minimum is not None and number_ < spec.minimum:
        p.error(where, f"'{key}' must be >= {spec.minimum:g}, found {number_:g}")
        return None
    if spec.positive and number_ <= 0:
        p.error(where, f"'{key}' must be > 0, found {number_:g}")
        return None
    rule = out_of_range(number_, maximum=spec.maximum)
    if rule:
        p.error(where, f"'{key}' {rule}, found {figure(number_)}")
        return None
    return number_


def check_needed(title: str, cells: dict[str, str], blank: set[str], p: Problems) -> None:
    """The settings the allocation needs (budget, risk_cap): each present and not blank."""
    for key in ("budget", "risk_cap"):
        if key in blank:
            p.error(cells[key], f"'{key}' is blank (needed by allocation)")
        elif key not in cells:
            p.error(title, f"missing setting '{key}' (needed by allocation)")

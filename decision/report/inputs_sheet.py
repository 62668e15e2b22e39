"""The Inputs sheet: where the report came from, and everything the workbook said."""

from __future__ import annotations

import numpy as np

from decision.pipeline.outcomes import ReportData
from decision.report.cells import PLAIN, SheetWriter, money_format

MATRICES = (("Scores", "scores"), ("ScoresLow", "scores_low"), ("ScoresHigh", "scores_high"))
# Optional Criteria columns, shown when any criterion fills them.
CRITERIA_MORE = ("source", "swing", "rank", "weight_low", "weight_high", "preference", "q", "p", "s")


def write(ws, data: ReportData) -> None:
    w = SheetWriter(ws)
    study, prov = data.study, data.provenance
    w.title(f"Inputs: {study.name}")
    w.label("Input file", prov.input_file)
    w.label("SHA-256", prov.sha256)
    w.label("decision version", prov.tool_version)
    for name, version in prov.libraries:
        w.label(name, version)
    w.label("Written (UTC)", prov.written_at)
    for heading, header, rows, fmts in sections(study):
        w.gap()
        w.heading(heading)
        w.table(header, rows, row_fmts=[[f(v) if callable(f) else f for f, v in zip(fmts, row)] for row in rows])
    ws.freeze_panes = "A2"
    w.finish(fixed={2: 68})  # the SHA-256 on one line


def sections(study):
    """(heading, header, rows, formats) of each part of the workbook that the study holds."""
    names = study.alternative_names
    crits = study.criterion_names
    if study.about.identity() or study.about.notes:  # the study's identity, then its other topics (notes)
        yield "About", ["topic", "text"], [list(row) for row in (*study.about.identity(), *study.about.notes)], []
    yield ("Alternatives", ["alternative", "description"],
           [[a.name, a.description] for a in study.alternatives], [])
    yield ("Criteria (weights as typed)", ["criterion", "direction", "weight", "unit", "description", "low", "high"],
           [[c.name, c.direction, c.weight, c.unit, c.description, c.low, c.high] for c in study.criteria],
           [None, None, PLAIN, None, None, PLAIN, PLAIN])
    more = [(column, [getattr(c, column) for c in study.criteria]) for column in CRITERIA_MORE]
    more = [(column, values) for column, values in more if any(v not in (None, "", "usual") for v in values)]
    if more:
        yield ("Criteria (other columns given)", ["criterion", *(column for column, _ in more)],
               [[c.name, *(values[j] for _, values in more)] for j, c in enumerate(study.criteria)], [])
    for title, attribute in MATRICES:
        matrix = getattr(study, attribute)
        if matrix is not None:
            yield title, ["alternative", *crits], _matrix_rows(names, matrix), []
    if study.rationale is not None:
        yield "Rationale", ["alternative", *crits], [[n, *row] for n, row in zip(names, study.rationale)], []
    if study.pairwise is not None:
        yield "Pairwise", ["criterion", *crits], _matrix_rows(crits, study.pairwise), []
    if study.aid:
        yield ("Aid", ["category", "unit", "unit_cost", "min_units", "max_units", "integer", "strength_per_unit",
                       "risk_per_unit"],
               [[a.name, a.unit, a.unit_cost, a.min_units, a.max_units, a.integer, a.strength_per_unit,
                 a.risk_per_unit] for a in study.aid],
               [None, None, money_format])
    curves = [[a.name, units, strength] for a in study.aid for units, strength in a.curve]
    if curves:
        yield "AidCurve", ["category", "units", "strength"], curves, []
    if study.aid_links:
        yield ("AidLinks", ["category", "requires", "ratio"],
               [[link.category, link.requires, link.ratio] for link in study.aid_links], [])
    if study.aid_effects is not None:
        yield ("AidEffects", ["category", *names],
               [[a.name, *map(float, study.aid_effects[:, k])] for k, a in enumerate(study.aid)], [])
    if study.settings:
        yield ("Settings", ["setting", "value", "unit"],
               [[k, v, study.setting_units.get(k, "")] for k, v in study.settings.items()], [])


def _matrix_rows(names, matrix: np.ndarray):
    return [[name, *map(float, row)] for name, row in zip(names, matrix)]

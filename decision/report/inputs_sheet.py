"""The Inputs sheet: where the report came from, and everything the workbook said."""

from __future__ import annotations

import numpy as np

from decision.report.analyses import ReportData
from decision.report.cells import MONEY, PLAIN, SheetWriter

MATRICES = (("Scores", "scores"), ("ScoresLow", "scores_low"), ("ScoresHigh", "scores_high"))


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
        w.table(header, rows, fmts)
    ws.freeze_panes = "A2"
    w.finish(fixed={2: 68})  # the SHA-256 on one line


def sections(study):
    """(heading, header, rows, formats) of each part of the workbook that the study holds."""
    names = study.alternative_names
    crits = study.criterion_names
    yield ("Alternatives", ["alternative", "description"],
           [[a.name, a.description] for a in study.alternatives], [])
    yield ("Criteria (weights as typed)", ["criterion", "direction", "weight", "unit", "description", "low", "high"],
           [[c.name, c.direction, c.weight, c.unit, c.description, c.low, c.high] for c in study.criteria],
           [None, None, PLAIN, None, None, PLAIN, PLAIN])
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
               [None, None, MONEY])
    if study.settings:
        yield "Settings", ["setting", "value"], [[k, v] for k, v in study.settings.items()], []


def _matrix_rows(names, matrix: np.ndarray):
    return [[name, *map(float, row)] for name, row in zip(names, matrix)]

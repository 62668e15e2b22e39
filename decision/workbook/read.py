"""Read and check a criteria workbook (schema v1) into a `Study`, reporting every problem at once.

Each problem is one line, `file: Sheet!Cell: what is wrong`, collected in an `InputError`.
What the reader assumed (weights normalized, numbers stored as text) goes to `Study.warnings`.

This module assembles the study; the sheets are read by their own modules: `sheets` (finding
them, record sheets), `cells` (converting a cell), `grid` (the grid sheets' names), `criteria`,
`scores`, `pairwise`, `aid`, `settings`, `about` (the study's identity: only warnings, never an error).
"""

from __future__ import annotations

from pathlib import Path

from decision.errors import InputError
from decision.model import Origin, Study, normalize
from decision.workbook import schema as S
from decision.workbook.about import is_about_sheet, read_about
from decision.workbook.aid import read_aid, read_aid_sheets
from decision.workbook.cells import Problems, number_from_text
from decision.workbook.criteria import read_alternatives, read_criteria
from decision.workbook.files import Limits, RawWorkbook, open_workbook
from decision.workbook.pairwise import read_pairwise
from decision.workbook.scores import read_scores
from decision.workbook.settings import check_needed, read_settings
from decision.workbook.sheets import check_sizes, file_notes, find_sheet, is_empty_sheet, is_schema_sheet, missing_sheet

__all__ = ["read_study", "study_from_raw", "number_from_text"]  # number_from_text: the tests import it from here


def read_study(path, needs=("ranking",), limits: Limits | None = None) -> Study:
    """Read and check a workbook. `needs` names parts ('ranking', 'allocation') whose sheets must be
    present; every other schema sheet that is present is checked too. `limits` bound what the file
    may hold (files.Limits). Raises InputError."""
    raw = open_workbook(path, limits=limits, wanted=is_schema_sheet, optional=is_about_sheet)
    return study_from_raw(raw, needs=needs, source=str(path))


def study_from_raw(raw: RawWorkbook, needs=("ranking",), source: str = "") -> Study:
    """The study in a workbook already opened (files.open_workbook). Raises InputError."""
    p = Problems(raw.label)
    file_notes(raw, p)
    raw = check_sizes(raw, p)
    about = read_about(raw, p)
    sheets = schema_sheets(raw, needs, p)
    cells: dict[tuple[str, str, str], tuple[str, str]] = {}  # Origin.cells
    kwargs: dict = {}
    alternatives = read_alternatives(*sheets["Alternatives"], p) if sheets["Alternatives"] else []
    criteria = read_criteria(*sheets["Criteria"], p, cells) if sheets["Criteria"] else []
    alt_names = [a.name for a in alternatives]
    needs = allocation_needs(raw, sheets, needs, criteria, p)
    kwargs.update(read_scores(sheets, alt_names, criteria, raw.limits.max_cells, p))
    if sheets["Pairwise"] and criteria:
        pairwise = read_pairwise(*sheets["Pairwise"], [c.name for c in criteria], p, raw.limits.max_cells)
        if pairwise is not None:
            kwargs["pairwise"] = pairwise
    aid, aid_rows = read_aid(*sheets["Aid"], p) if sheets["Aid"] else ([], {})
    aid, aid_kwargs = read_aid_sheets(raw, bool(sheets["Aid"]), aid, aid_rows, alt_names, p)
    kwargs.update(aid_kwargs)
    settings: dict = {}
    if sheets["Settings"]:
        settings, setting_cells, setting_units, blank = read_settings(*sheets["Settings"], p)
        kwargs["setting_units"] = setting_units
        cells.update({("Settings", k, "value"): tuple(v.rsplit("!", 1)) for k, v in setting_cells.items()})
        if "allocation" in needs:
            check_needed(sheets["Settings"][0], setting_cells, blank, p)
    if p.errors:
        raise InputError(p.errors)
    return Study(name=Path(raw.label).stem, alternatives=tuple(alternatives), criteria=tuple(criteria),
                 aid=tuple(aid), settings=settings, source=source, sha256=raw.sha256, warnings=tuple(p.warnings),
                 origin=Origin(cells, columns_of(sheets)), about=about, **kwargs)


def columns_of(sheets: dict) -> dict[str, frozenset[str]]:
    """Each present sheet's column headers, normalized (a typed fact: whether a column was there)."""
    return {name: frozenset(normalize(v) for v in found[1][0] if isinstance(v, str))
            for name, found in sheets.items() if found and found[1]}


def schema_sheets(raw: RawWorkbook, needs, p: Problems) -> dict:
    """Each schema sheet's (title, rows), or None when absent or, unless `needs` needs it, left blank
    (as in the template); an error for each needed sheet that is missing."""
    needed = {name for part in needs for name in S.NEEDS[part]}
    sheets = {name: find_sheet(raw, name, p) for name in S.SHEET_NAMES}
    for name, found in sheets.items():  # a sheet left blank (as in the template) is as if absent
        if found and name not in needed and is_empty_sheet(found[1]):
            sheets[name] = None
    for part in needs:
        for name in S.NEEDS[part]:
            if sheets[name] is None:
                missing_sheet(raw, name, part, p)
    return sheets


def allocation_needs(raw: RawWorkbook, sheets: dict, needs, criteria, p: Problems):
    """`needs` with the allocation's sheets when the command ranks and a criterion takes its scores
    from the allocation (source = allocation); a blank such sheet is then read (reported as empty)."""
    from_allocation = [c for c in criteria if c.source == "allocation"]
    if not from_allocation or "ranking" not in needs:
        return needs
    first = from_allocation[0].name
    for name in S.NEEDS["allocation"]:
        if "allocation" not in needs and find_sheet(raw, name) is None:
            missing_sheet(raw, name, f"criterion '{first}' (source = allocation)", p)
        elif sheets[name] is None and find_sheet(raw, name) is not None:
            sheets[name] = find_sheet(raw, name)  # blank, but needed: reported as empty below
    return tuple(needs) + ("allocation",)

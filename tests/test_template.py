"""The blank criteria workbook: built from the schema, fillable, and read back as written.

`fill_template(template, out)` fills a written template by code the way an analyst would (typing
into the input cells under the headers the template shows); other tests import it to make valid
workbooks: `from tests.test_template import fill_template, EXAMPLE`.
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook

from decision.errors import InputError
from decision.model import normalize
from decision.workbook import schema as S
from decision.workbook.read import read_study
from decision.workbook.template import INSTRUCTIONS, RECORD_ROWS, fill_order, write_template
from decision.xlsx_out import put_text

# --- filling a template by code -------------------------------------------------------------------

EXAMPLE = {
    "alternatives": [
        {"alternative": "Security guarantees", "description": "Binding guarantees for the defending state."},
        {"alternative": "Buffer zone", "description": "A demilitarized zone under European control."},
        {"alternative": "Baseline", "description": None},
    ],
    "criteria": [
        {"criterion": "deterrence", "direction": "max", "weight": 0.4, "unit": "0-10", "description": "Deters renewed attack.", "low": 0, "high": 10},
        {"criterion": "escalation risk", "direction": "min", "weight": 0.3, "unit": "0-10", "description": None, "low": 0, "high": 10},
        {"criterion": "enforcement cost", "direction": "min", "weight": 0.2, "unit": "bn EUR/yr", "description": "Troops and monitoring.", "low": None, "high": None},
        {"criterion": "durability", "direction": "max", "weight": 0.1, "unit": None, "description": None, "low": 1, "high": 5},
    ],
    # alternatives x criteria, in the orders above
    "scores": [[8, 6, 3.5, 4], [5, 3, 12.25, 3], [2, 7, 0, 1]],
    "scores_low": [[7, 5, 3, None], [4, None, 10, 2], [None, None, None, None]],
    "scores_high": [[9, 7, 4, 5], [6, None, 15, 4], [None, 8, 0.5, None]],
    "rationale": [["Alliance commitment.", None, "=starts with an equals sign", None],
                  [None, None, "Peacekeepers.", None], [None, None, None, "-weak"]],
    # criteria x criteria; None where left for the reader to take the reciprocal (or the diagonal 1)
    "pairwise": [[None, 2, 3, 5], [None, None, 2, 3], [None, None, None, 2], [None, None, None, None]],
    "aid": [
        {"category": "air defense", "unit": "battery", "unit_cost": 120, "min_units": 1, "max_units": 4, "integer": "yes", "strength_per_unit": 6, "risk_per_unit": 1.5},
        {"category": "modern weaponry", "unit": "brigade set", "unit_cost": 80.5, "min_units": 0, "max_units": 6, "integer": "no", "strength_per_unit": 4, "risk_per_unit": 2.5},
        {"category": "training", "unit": "course", "unit_cost": 10, "min_units": 0, "max_units": 20, "integer": "yes", "strength_per_unit": 0.8, "risk_per_unit": 0},
    ],
    "settings": {"budget": 500, "risk_cap": 10},
}

MATRIX_KEYS = {"Scores": "scores", "ScoresLow": "scores_low", "ScoresHigh": "scores_high", "Rationale": "rationale"}
RECORD_KEYS = {"Alternatives": "alternatives", "Criteria": "criteria", "Aid": "aid"}


def _headers(ws) -> dict[str, int]:
    """Column numbers of the template's header row, by name: where an analyst would type."""
    return {normalize(c.value): c.column for c in ws[1] if isinstance(c.value, str) and c.value.strip()}


def _put(cell, value) -> None:
    """Type a value: text as text (a leading '=' too, as an analyst's quote prefix does), numbers as numbers."""
    if isinstance(value, str):
        put_text(cell, value)
    else:
        cell.value = value


def fill_template(path, out, data=None, *, sheets=None) -> dict:
    """Fill the template at `path` with `data` (default `EXAMPLE`) and save it to `out`.

    Records go into the input rows under the headers the template shows; Scores-shaped sheets get
    the criterion names along row 1 and the alternative names down column A; Settings values go
    beside the setting names the template lists (a setting it does not list gets a new row).
    `sheets` (names) limits which sheets are filled; the others are left as the template has them.
    Returns the data written.
    """
    data = copy.deepcopy(EXAMPLE if data is None else data)
    wanted = set(S.SHEET_NAMES if sheets is None else sheets)
    wb = load_workbook(path)
    alternatives = [a["alternative"] for a in data.get("alternatives", [])]
    criteria = [c["criterion"] for c in data.get("criteria", [])]

    for name, key in RECORD_KEYS.items():
        if name not in wanted or key not in data:
            continue
        ws = wb[name]
        columns = _headers(ws)
        for i, record in enumerate(data[key], start=2):
            for field, value in record.items():
                _put(ws.cell(row=i, column=columns[field]), value)

    if "Settings" in wanted and "settings" in data:
        ws = wb["Settings"]
        columns = _headers(ws)
        key_col, value_col = columns["setting"], columns["value"]
        rows = {normalize(ws.cell(row=r, column=key_col).value): r
                for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=key_col).value}
        for setting, value in data["settings"].items():
            row = rows.get(normalize(setting))
            if row is None:
                row = max([1, *rows.values()]) + 1
                rows[normalize(setting)] = row
                _put(ws.cell(row=row, column=key_col), setting)
            _put(ws.cell(row=row, column=value_col), value)

    for name, key in MATRIX_KEYS.items():
        if name not in wanted or key not in data:
            continue
        ws = wb[name]
        assert normalize(ws["A1"].value) == "alternative"
        for j, criterion in enumerate(criteria, start=2):
            _put(ws.cell(row=1, column=j), criterion)
        for i, (alternative, values) in enumerate(zip(alternatives, data[key]), start=2):
            _put(ws.cell(row=i, column=1), alternative)
            for j, value in enumerate(values, start=2):
                _put(ws.cell(row=i, column=j), value)

    if "Pairwise" in wanted and "pairwise" in data:
        ws = wb["Pairwise"]
        for k, criterion in enumerate(criteria, start=2):
            _put(ws.cell(row=1, column=k), criterion)
            _put(ws.cell(row=k, column=1), criterion)
        for a, values in enumerate(data["pairwise"], start=2):
            for b, value in enumerate(values, start=2):
                _put(ws.cell(row=a, column=b), value)

    wb.save(out)
    return data


def expected_pairwise(judgements) -> np.ndarray:
    """The matrix the reader makes of judgements given on one side (reciprocals, diagonal 1)."""
    m = np.array([[np.nan if v is None else float(v) for v in row] for row in judgements])
    n = len(m)
    for a in range(n):
        m[a, a] = 1.0 if np.isnan(m[a, a]) else m[a, a]
        for b in range(n):
            if np.isnan(m[a, b]):
                m[a, b] = 1 / m[b, a]
    return m


def as_floats(rows, fallback=None) -> np.ndarray:
    out = np.array([[np.nan if v is None else float(v) for v in row] for row in rows])
    if fallback is not None:
        out = np.where(np.isnan(out), np.asarray(fallback, dtype=float), out)
    return out


# --- fixtures -------------------------------------------------------------------------------------


@pytest.fixture
def template(tmp_path) -> Path:
    path = tmp_path / "blank.xlsx"
    write_template(path)
    return path


def validations_of(ws):
    """(data validation, list of its cell ranges as strings) for each of a sheet's validations."""
    return [(dv, str(dv.sqref).split()) for dv in ws.data_validations.dataValidation]


def validation_at(ws, coordinate: str):
    """The data validation covering one cell, or None."""
    for dv, _ in validations_of(ws):
        if coordinate in dv.sqref:
            return dv
    return None


# --- the layout -----------------------------------------------------------------------------------


def test_every_schema_sheet_and_column_in_order(template):
    wb = load_workbook(template)
    assert wb.sheetnames[:2] == [INSTRUCTIONS, S.ABOUT.name]  # the study's identity (tests/test_about.py)
    assert sorted(wb.sheetnames[2:]) == sorted(S.SHEET_NAMES + S.ALLOCATION_SHEETS)
    assert tuple(wb.sheetnames[2:]) == fill_order()
    # ranking sheets first, then their optional sheets, allocation and its optional sheets last
    assert wb.sheetnames[2:5] == list(S.NEEDS["ranking"])
    assert wb.sheetnames[-5:] == list(S.NEEDS["allocation"] + S.ALLOCATION_SHEETS)
    effects = wb[S.AID_EFFECTS_NAME]
    assert effects["A1"].value == "category" and effects.freeze_panes == "B2"
    for sheet in S.RECORD_SHEETS + (S.AID_CURVE, S.AID_LINKS):
        ws = wb[sheet.name]
        header = [c.value for c in ws[1]]
        assert header == [c.name for c in sheet.columns]
        for j, column in enumerate(sheet.columns, start=1):
            cell = ws.cell(row=1, column=j)
            assert cell.font.b and cell.fill.fgColor.rgb.endswith("1F4E78")
            assert cell.data_type == "s"
            assert column.help in cell.comment.text
            assert ws.column_dimensions[cell.column_letter].width == column.width
    for sheet in S.MATRIX_SHEETS:
        ws = wb[sheet.name]
        assert ws["A1"].value == "alternative"
        assert ws["B1"].value is None and ws["A2"].value is None  # typed by the analyst, never formulas
        assert sheet.help in ws["A1"].comment.text
    ws = wb["Pairwise"]
    assert ws["A1"].value is None and ws["B1"].value is None
    assert "1/9" in ws["A1"].comment.text


def test_headers_frozen_and_input_cells_marked(template):
    wb = load_workbook(template)
    for sheet in S.RECORD_SHEETS:
        ws = wb[sheet.name]
        assert ws.freeze_panes == "A2"
        header, first, last = ws["A1"], ws["A2"], ws[f"A{RECORD_ROWS + 1}"]
        for cell in (first, last):
            assert cell.fill.fgColor.rgb != header.fill.fgColor.rgb
            assert cell.fill.fill_type == "solid" and cell.border.left.style == "thin"
    for name in [s.name for s in S.MATRIX_SHEETS] + ["Pairwise"]:
        ws = wb[name]
        assert ws.freeze_panes == "B2"
        for coordinate in ("B1", "A2", "C3"):  # criterion names, alternative names, values
            assert ws[coordinate].fill.fill_type == "solid" and ws[coordinate].border.left.style == "thin"


def test_every_text_cell_is_text(template):
    """put_text everywhere: no string cell is taken as a formula."""
    wb = load_workbook(template)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", (ws.title, cell.coordinate, cell.value)


def test_drop_downs_and_number_checks(template):
    wb = load_workbook(template)
    ws = wb["Criteria"]
    direction = validation_at(ws, "B2")
    assert direction.type == "list" and direction.formula1 == '"max,min"'
    assert validation_at(ws, f"B{RECORD_ROWS + 1}") is direction
    assert direction.showErrorMessage and direction.showInputMessage
    assert direction.prompt == S.CRITERIA.column("direction").help
    weight = validation_at(ws, "C2")
    assert (weight.type, weight.operator, weight.formula1) == ("decimal", "greaterThanOrEqual", "0")
    assert weight.allow_blank and weight.showErrorMessage and weight.error
    assert weight.prompt == S.CRITERIA.column("weight").help
    columns = {c.value: c.column_letter for c in ws[1]}
    low = validation_at(ws, f"{columns['low']}2")
    assert (low.type, low.operator) == ("decimal", "between")  # any number
    assert validation_at(ws, f"{columns['criterion']}2").type is None  # text: an input message only
    assert validation_at(ws, "A1") is None  # headers carry comments

    ws = wb["Aid"]
    columns = {c.value: c.column_letter for c in ws[1]}
    integer = validation_at(ws, f"{columns['integer']}2")
    assert integer.type == "list" and integer.formula1 == '"yes,no"'
    cost = validation_at(ws, f"{columns['unit_cost']}2")
    assert (cost.type, cost.operator, cost.formula1) == ("decimal", "greaterThan", "0")
    for name in ("min_units", "max_units", "strength_per_unit", "risk_per_unit"):
        dv = validation_at(ws, f"{columns[name]}2")
        assert (dv.type, dv.operator, dv.formula1) == ("decimal", "greaterThanOrEqual", "0"), name
        assert dv.prompt == S.AID.column(name).help

    ws = wb["Scores"]
    names = validation_at(ws, "B1")
    assert names.type == "list" and names.formula1.replace("'", "") == f"Criteria!$A$2:$A${RECORD_ROWS + 1}" and names.errorStyle == "warning"
    assert "exactly as in Criteria" in names.prompt
    assert validation_at(ws, "A2").formula1.replace("'", "") == f"Alternatives!$A$2:$A${RECORD_ROWS + 1}"
    assert validation_at(ws, "B2").type == "decimal"
    ws = wb["Pairwise"]
    judgement = validation_at(ws, "C2")
    assert judgement.operator == "between" and float(judgement.formula1) <= 0.11 and float(judgement.formula2) >= 9


def test_settings_prefilled(template):
    ws = load_workbook(template)["Settings"]
    rows = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(2, ws.max_row + 1)
            if ws.cell(row=r, column=1).value}
    assert list(rows) == [s.name for s in S.SETTINGS_KEYS]
    assert rows == {"budget": None, "risk_cap": None, "method": "mavt", "weights": "direct", "seed": 0, "samples": 10000,
                    "time_limit": None}
    budget = validation_at(ws, "B2")
    assert budget.type == "decimal" and budget.prompt.startswith(S.SETTINGS_KEYS[0].help)
    samples = validation_at(ws, "B7")
    assert (samples.type, samples.operator, samples.formula1) == ("whole", "greaterThan", "0")
    assert validation_at(ws, "A2").formula1 == '"budget,risk_cap,method,weights,seed,samples,time_limit"'


def test_instructions_mention_every_sheet_column_and_setting(template):
    ws = load_workbook(template)[INSTRUCTIONS]
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    text = "\n".join(c.value for c in cells)
    assert ws["A1"].font.b and ws["A1"].value
    lines = [tuple(c.value for c in row[:2]) for row in ws.iter_rows()]
    for sheet in S.RECORD_SHEETS:
        for column in sheet.columns:
            assert (sheet.name, column.name) in lines
            assert column.help in text
    for setting in S.SETTINGS_KEYS:
        assert ("Settings", setting.name) in lines and setting.help in text
    for name in S.SHEET_NAMES:
        assert (name, "") in lines or (name, None) in lines
    for sheet in S.MATRIX_SHEETS:
        assert sheet.help in text
    assert S.PAIRWISE_HELP in text
    for words in ("ignoring case", "normalized", "low", "high", "1/9", "Legend", "input cell"):
        assert words in text
    assert any(c.alignment.wrap_text for c in cells)
    assert ws.column_dimensions["E"].width >= 60


def test_blank_template_reports_only_missing_data(template):
    """Sheets left as the template made them count as absent; what a command needs is then missing rows."""
    study = read_study(template, needs=())
    assert study.alternatives == () and study.aid == () and study.pairwise is None and not study.has_uncertainty
    assert dict(study.settings) == {"method": "mavt", "weights": "direct", "seed": 0, "samples": 10000}
    with pytest.raises(InputError) as info:
        read_study(template, needs=("ranking", "allocation"))
    label = template.name
    problems = info.value.lines
    assert f"{label}: Alternatives: no alternative rows below the header" in problems
    assert f"{label}: Criteria: no criterion rows below the header" in problems
    assert f"{label}: Aid: no category rows below the header" in problems
    assert f"{label}: Settings!B2: 'budget' is blank (needed by allocation)" in problems
    assert f"{label}: Settings!B3: 'risk_cap' is blank (needed by allocation)" in problems
    for problem in problems:
        # nothing about the layout: no missing or misspelt column, no unknown setting, no bad default
        assert "missing" not in problem and "unknown" not in problem and "typo" not in problem, problem


# --- filled in, read back -------------------------------------------------------------------------


def check_study(study, data, *, optional=True, allocation=True) -> None:
    """`study` holds exactly what `fill_template` wrote."""
    assert [(a.name, a.description) for a in study.alternatives] == [
        (a["alternative"], a["description"] or "") for a in data["alternatives"]]
    for c, want in zip(study.criteria, data["criteria"], strict=True):
        assert (c.name, c.direction, c.weight, c.unit, c.description, c.low, c.high) == (
            want["criterion"], want["direction"], want["weight"], want["unit"] or "", want["description"] or "",
            want["low"], want["high"])
    np.testing.assert_array_equal(study.scores, as_floats(data["scores"]))
    np.testing.assert_allclose(study.weights, [0.4, 0.3, 0.2, 0.1])
    if not allocation:
        assert study.aid == () and dict(study.settings) == {"method": "mavt", "weights": "direct", "seed": 0, "samples": 10000}
        return
    assert [(a.name, a.unit, a.unit_cost, a.min_units, a.max_units, a.integer, a.strength_per_unit, a.risk_per_unit)
            for a in study.aid] == [
        (a["category"], a["unit"], a["unit_cost"], a["min_units"], a["max_units"], a["integer"] == "yes",
         a["strength_per_unit"], a["risk_per_unit"]) for a in data["aid"]]
    assert dict(study.settings) == {**data["settings"], "method": "mavt", "weights": "direct", "seed": 0, "samples": 10000}
    if optional:
        np.testing.assert_array_equal(study.scores_low, as_floats(data["scores_low"], data["scores"]))
        np.testing.assert_array_equal(study.scores_high, as_floats(data["scores_high"], data["scores"]))
        assert study.rationale == tuple(tuple(v or "" for v in row) for row in data["rationale"])
        np.testing.assert_allclose(study.pairwise, expected_pairwise(data["pairwise"]))


def test_filled_template_reads_back_exactly(template, tmp_path):
    out = tmp_path / "filled.xlsx"
    data = fill_template(template, out)
    study = read_study(out, needs=("ranking", "allocation"))
    check_study(study, data)
    assert study.warnings == ()  # no number stored as text, weights summing to 1
    assert study.origin.cells[("Settings", "budget", "value")] == ("Settings", "B2")
    assert study.origin.cells[("Criteria", "", "weight")] == ("Criteria", "C2:C5")


@pytest.mark.parametrize("parts", [("ranking", "allocation"), ("ranking",)])
def test_only_the_sheets_needed(template, tmp_path, parts):
    """Filling only the sheets a study needs: the template's other sheets, left blank, are as if absent."""
    out = tmp_path / "needed.xlsx"
    data = fill_template(template, out, sheets=tuple(name for part in parts for name in S.NEEDS[part]))
    check_study(read_study(out, needs=parts), data, optional=False, allocation="allocation" in parts)


# --- LibreOffice ----------------------------------------------------------------------------------


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) is missing, and CI=true requires it")
        pytest.skip("LibreOffice (soffice) is not installed")
    return path


def convert(source: Path, target_format: str, outdir: Path) -> Path:
    """Convert with LibreOffice in a fresh profile; the converted file's path."""
    profile = outdir.parent / f"lo_profile_{uuid.uuid4().hex}"
    outdir.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", target_format, "--outdir", str(outdir), str(source)],
        capture_output=True, text=True, timeout=180,
    )
    shutil.rmtree(profile, ignore_errors=True)
    produced = outdir / f"{source.stem}.{target_format.split(':')[0]}"
    assert produced.exists() and produced.stat().st_size > 0, (result.returncode, result.stdout, result.stderr)
    return produced


@pytest.mark.libreoffice
def test_opens_in_libreoffice(template, tmp_path):
    pdf = convert(template, "pdf", tmp_path / "pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


@pytest.mark.libreoffice
def test_filled_and_saved_by_libreoffice_reads_back(template, tmp_path):
    """An analyst's round trip: the filled template saved again by LibreOffice reads the same."""
    filled = tmp_path / "filled.xlsx"
    data = fill_template(template, filled)
    saved = convert(filled, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")
    study = read_study(saved, needs=("ranking", "allocation"))
    check_study(study, data)

"""The Excel report: sheets and their order, text that stays text, numbers equal to the analyses,
sections that say why they are missing, an atomic write, and LibreOffice opening the result."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import uuid
import re
import zipfile
from xml.etree import ElementTree
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from decision.pipeline import allocate
from decision.report import words
from decision.errors import InputError
from decision.model import AidCategory, Alternative, Criterion, Study
from decision.ranking import rank
from decision.report import default_report_path, write_report

HOSTILE = ('=HYPERLINK("http://example.com","click")', "+1 option", "-1 option", "@SUM(A1)")
SHEETS = ["Summary", "Ranking", "Methods", "Weights", "Robustness", "Allocation", "Inputs"]
SHA = "0123456789abcdef" * 4


def make_study(*, aid=True, budget=100.0, risk_cap=10.0, weights=(0.5, 0.3, 0.2), **extra) -> Study:
    alternatives = (Alternative("Security guarantees", "binding guarantees"),) + tuple(
        Alternative(name, "a hostile name") for name in HOSTILE)
    criteria = (
        Criterion("Deterrence", "max", weights[0], "rating 0-10", "protection", 0.0, 10.0),
        Criterion("Escalation risk", "min", weights[1], "=rating", "provocation", 0.0, 10.0),
        Criterion("Troops", "min", weights[2], "thousand troops", "enforcement"),
    )
    scores = [[9, 3, 10], [5, 4, 40], [6, 6, 20], [2, 8, 5], [4, 2, 30]]
    rationale = tuple(tuple("=1+1" if j == 0 else f"reason {i}{j}" for j in range(3)) for i in range(5))
    categories = (
        AidCategory("Air defense", "battery", 20.0, 1, 4, True, 6.0, 1.0),
        AidCategory("=Weapons", "brigade set", 40.0, 0, 3, True, 10.0, 2.5),
        AidCategory("Training", "cohort", 5.0, 0, 10, False, 1.5, 0.5),
    )
    settings = {"method": "mavt", "weights": "direct"}
    settings.update({k: v for k, v in (("budget", budget), ("risk_cap", risk_cap)) if v is not None})
    return Study(name="test_study", alternatives=alternatives, criteria=criteria, scores=scores,
                 rationale=rationale, aid=categories if aid else (), settings=settings, source="/x/test_study.xlsx",
                 sha256=SHA, **extra)


def rows(ws) -> list[tuple]:
    return list(ws.iter_rows(values_only=True))


def table(ws, first_header: str, **match) -> list[dict]:
    """The data rows under the first header row whose column A is `first_header` (until a blank row)."""
    all_rows = rows(ws)
    start = next(i for i, r in enumerate(all_rows) if r[0] == first_header and
                 all(v in r for v in match.values()))
    header = all_rows[start]
    out = []
    for r in all_rows[start + 1:]:
        if r[0] is None:
            break
        out.append(dict(zip(header, r)))
    return out


def label(ws, text: str) -> tuple:
    return next(r for r in rows(ws) if r[0] == text)


def sheet_text(ws) -> str:
    return "\n".join(str(v) for r in rows(ws) for v in r if v is not None)


@pytest.fixture
def report(tmp_path):
    study = make_study()
    path = tmp_path / "report.xlsx"
    warnings = write_report(study, path)
    return study, path, warnings, openpyxl.load_workbook(path)


def test_default_report_path():
    assert default_report_path(make_study()) == Path("reports") / "test_study_report.xlsx"


def test_sheets_present_in_order_without_warnings(report):
    _, path, warnings, wb = report
    assert wb.sheetnames == SHEETS
    assert wb.active.title == "Summary"
    assert warnings == []
    assert [p.name for p in path.parent.iterdir()] == ["report.xlsx"]


def test_workbook_strings_stay_text_with_quote_prefix(report):
    _, _, _, wb = report
    found = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                    assert cell.data_type == "s", (ws.title, cell.coordinate, cell.value)
                    assert cell.quotePrefix, (ws.title, cell.coordinate, cell.value)
                    found.setdefault(cell.value, set()).add(ws.title)
    for name in HOSTILE:
        assert {"Ranking", "Inputs"} <= found[name]
    assert {"=rating", "=1+1", "=Weapons"} <= set(found)
    assert "Allocation" in found["=Weapons"] and "Summary" in found["=Weapons"]


def test_ranking_sheet_equals_rank(report):
    study, _, _, wb = report
    mavt, topsis = rank(study, "mavt"), rank(study, "topsis")
    got = {r["alternative"]: r for r in table(wb["Ranking"], "alternative", score="MAVT overall value")}
    assert list(got) == [mavt.alternatives[i] for i in mavt.order]
    for i, name in enumerate(study.alternative_names):
        assert got[name]["MAVT overall value"] == pytest.approx(mavt.scores[i], abs=1e-12)
        assert got[name]["MAVT rank"] == mavt.ranks[i]
        assert got[name]["TOPSIS relative closeness"] == pytest.approx(topsis.scores[i], abs=1e-12)
        assert got[name]["TOPSIS rank"] == topsis.ranks[i]
    weights = {r["criterion"]: r for r in table(wb["Ranking"], "criterion")}
    assert [weights[c]["weight"] for c in study.criterion_names] == pytest.approx(list(mavt.weights.values))
    assert weights["Troops"]["scale low"] == 5 and weights["Troops"]["scale high"] == 40
    contributions = table(wb["Ranking"], "alternative", total="overall value")
    for r in contributions:
        parts = sum(r[c] for c in study.criterion_names)
        assert parts == pytest.approx(r["overall value"]) == pytest.approx(got[r["alternative"]]["MAVT overall value"])


def test_summary_states_the_leader_margin_and_agreement(report):
    study, _, _, wb = report
    mavt = rank(study, "mavt")
    text = sheet_text(wb["Summary"])  # the one-page brief: sentences, the same as the PDF's
    second = mavt.alternatives[int(mavt.order[1])]
    assert f"{mavt.top} ranks first under MAVT, with overall value {max(mavt.scores):.3f}" in text
    assert f"Its lead over the second, {second} ({sorted(mavt.scores)[-2]:.3f}), is {mavt.margin:.3f}." in text
    assert " methods rank " in text and "Consensus winner" in text
    assert SHA not in text and SHA in sheet_text(wb["Inputs"])  # provenance: on the Inputs sheet


def test_allocation_sheet_and_summary_equal_allocate(report):
    study, _, _, wb = report
    plan = allocate(study).to_dict()
    package = table(wb["Allocation"], "category", unit="unit")
    assert [r["category"] for r in package[:-1]] == [p["category"] for p in plan["allocation"]]
    assert package[-1]["category"] == "total"
    for got, want in zip(package, plan["allocation"]):
        for key in ("units", "cost", "strength", "risk"):
            assert got[key] == pytest.approx(want[key])
    assert [r["unit"] for r in package[:-1]] == ["battery", "brigade set", "cohort"]
    limits = {r["limit"]: r for r in table(wb["Allocation"], "limit")}
    for key, name in (("budget", "budget"), ("risk", "risk cap")):
        for column, field in (("limit value", "limit"), ("used", "used"), ("shadow price (strength per unit)",
                              "shadow_price"), ("step", "step"), ("gain (re-solve)", "gain")):
            assert limits[name][column] == pytest.approx(plan[key][field])
    summary = {row[0]: row for row in wb["Summary"].iter_rows(values_only=True) if row[0]}
    for p, unit in zip(plan["allocation"], ("battery", "brigade set", "cohort")):
        assert summary[p["category"]][1] == f"{p['units']:g} {unit}"
    assert summary["cost"][1] == f"{plan['budget']['used']:,.0f}" and summary["strength"][1] == f"{plan['objective']:.1f}"
    assert f"the recommended package uses {plan['budget']['used']:,.0f}" in sheet_text(wb["Summary"])
    assert plan["prices_from"] == "lp-relaxation"
    assert words.prices_from(plan["prices_from"]) in sheet_text(wb["Allocation"])  # solver details: Allocation


def test_inputs_sheet_holds_the_workbook_and_provenance(report):
    study, _, _, wb = report
    ws = wb["Inputs"]
    assert label(ws, "SHA-256")[1] == SHA
    assert label(ws, "Input file")[1] == "test_study.xlsx"
    assert label(ws, "decision version")[1] == __import__("decision").__version__
    for lib in ("numpy", "pandas", "openpyxl", "pulp", "highspy", "scikit-criteria"):
        assert label(ws, lib)[1]
    assert "T" in label(ws, "Written (UTC)")[1] and label(ws, "Written (UTC)")[1].endswith("+00:00")
    settings = {r["setting"]: r["value"] for r in table(ws, "setting")}
    assert settings["budget"] == 100 and settings["method"] == "mavt"
    scores = table(ws, "alternative", c="Troops")
    assert [r["Troops"] for r in scores[:5]] == [10, 40, 20, 5, 30]
    assert "=1+1" in sheet_text(ws) and "reason 12" in sheet_text(ws)


def test_charts_are_native_with_visible_titled_axes(report):
    _, path, _, _ = report
    c = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    with zipfile.ZipFile(path) as z:
        names = sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))
        charts = [ElementTree.fromstring(z.read(n)) for n in names]
    # Ranking, Methods, Weights, Robustness (acceptability, tornado), Allocation (cost bars; the risk and
    # budget frontiers as scatter charts)
    bars = [chart for chart in charts if chart.find(f"{c}chart/{c}plotArea/{c}barChart") is not None]
    scatters = [chart for chart in charts if chart.find(f"{c}chart/{c}plotArea/{c}scatterChart") is not None]
    # and a small value-line chart per criterion (Robustness: weight sensitivity), scatter too
    criteria = len(report[0].criteria)
    assert (len(bars), len(scatters)) == (6, 2 + criteria) and len(charts) == 8 + criteria
    for chart in charts:
        plot = chart.find(f"{c}chart/{c}plotArea")
        axes = plot.findall(f"{c}catAx") + plot.findall(f"{c}valAx")
        assert len(axes) == 2
        for axis in axes:
            assert axis.find(f"{c}delete").get("val") == "0"
            assert axis.find(f"{c}title") is not None
        assert chart.find(f"{c}chart/{c}title") is not None
    groupings = [chart.find(f"{c}chart/{c}plotArea/{c}barChart/{c}grouping").get("val") for chart in bars]
    assert "stacked" in groupings


@pytest.mark.parametrize("study, words", [
    (make_study(aid=False), "Aid: no aid categories"),
    (make_study(budget=None), "missing setting 'budget'"),
])
def test_missing_aid_or_budget_is_reported_not_raised(tmp_path, study, words):
    path = tmp_path / "r.xlsx"
    warnings = write_report(study, path)
    assert len(warnings) == 1 and "allocation" in warnings[0] and words in warnings[0]
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == SHEETS
    assert "could not be computed" in sheet_text(wb["Allocation"]) and words in sheet_text(wb["Allocation"])
    summary = sheet_text(wb["Summary"])
    assert "The aid package could not be computed: " in summary and words in summary
    assert f"{rank(study).top} ranks first under MAVT" in summary


def test_infeasible_budget_is_reported_with_what_would_fix_it(tmp_path):
    study = make_study(budget=10.0)  # Air defense needs at least 1 unit at 20
    warnings = write_report(study, tmp_path / "r.xlsx")
    assert len(warnings) == 1 and "minimum purchases cost 20 but the budget is 10" in warnings[0]
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    text = sheet_text(wb["Allocation"])
    assert "could not be computed" in text and "raise the budget by 10" in text
    assert "What would make a package feasible: " in sheet_text(wb["Summary"])
    assert "raise the budget by 10" in sheet_text(wb["Summary"])


def test_budget_argument_overrides_the_settings(tmp_path):
    warnings = write_report(make_study(budget=10.0), tmp_path / "r.xlsx", budget=200.0)
    assert warnings == []
    summary = sheet_text(openpyxl.load_workbook(tmp_path / "r.xlsx")["Summary"])
    used = re.search(r"Budget: 200; the recommended package uses ([\d,.]+)", summary)
    assert used and float(used.group(1).replace(",", "")) <= 200


def test_ranking_without_weights_is_reported(tmp_path):
    study = make_study(weights=(None, None, None))
    warnings = write_report(study, tmp_path / "r.xlsx")
    assert len(warnings) == 1 and "ranking" in warnings[0] and "no weights" in warnings[0]
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert "could not be computed" in sheet_text(wb["Ranking"])
    assert write_report(study, tmp_path / "e.xlsx", weighting="equal") == []


def test_bad_arguments_raise_input_error(tmp_path):
    """Each bad argument is one line, worded as the commands word it; nothing is written."""
    with pytest.raises(InputError) as caught:
        write_report(make_study(), tmp_path / "r.xlsx", method="nope", weighting="nope", solver="nope")
    assert [line.split(":")[0] for line in caught.value.lines] == ["method", "weighting", "solver"]
    assert list(tmp_path.iterdir()) == []


def test_failed_save_leaves_the_previous_report_untouched(tmp_path, monkeypatch):
    path = tmp_path / "report.xlsx"
    write_report(make_study(), path)
    before = path.read_bytes()

    def broken_save(self, filename):
        with open(filename, "wb") as f:
            f.write(b"PK\x03\x04 half a workbook")
        raise OSError("disk full")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken_save)
    with pytest.raises(InputError, match="report.xlsx: cannot be written: disk full"):
        write_report(make_study(budget=500.0), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["report.xlsx"]


# --- a real spreadsheet program ---------------------------------------------------------------

CSV_ALL_SHEETS = "csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,false,false,false,-1"


def require_libreoffice() -> None:
    """Skip without LibreOffice, except under CI=true, where its absence fails the test."""
    if shutil.which("soffice") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) is required under CI=true")
        pytest.skip("LibreOffice (soffice) is not installed")


def soffice(*args, outdir: Path) -> subprocess.CompletedProcess:
    """One headless LibreOffice run with a fresh profile (a shared one locks and breaks parallel runs)."""
    profile = Path(f"/tmp/lo_{uuid.uuid4().hex}")
    try:
        return subprocess.run(
            ["soffice", "--headless", f"-env:UserInstallation={profile.as_uri()}", *args, "--outdir", str(outdir)],
            capture_output=True, text=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def read_csv(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def first_rows(table: list[list[str]]) -> dict[str, list[str]]:
    """Each row by its first cell, the first occurrence winning."""
    out: dict[str, list[str]] = {}
    for r in table:
        if r and r[0]:
            out.setdefault(r[0], r)
    return out


def csv_label(table: list[list[str]], text: str) -> list[str]:
    return next(r for r in table if r and r[0] == text)


@pytest.mark.libreoffice
def test_libreoffice_opens_the_report_and_shows_its_numbers(tmp_path):
    require_libreoffice()
    study = make_study()
    path = tmp_path / "report.xlsx"
    write_report(study, path)

    pdf_dir, csv_dir = tmp_path / "pdf", tmp_path / "csv"
    done = soffice("--convert-to", "pdf", str(path), outdir=pdf_dir)
    assert done.returncode == 0, done.stderr
    pdf = pdf_dir / "report.pdf"
    assert pdf.exists() and pdf.stat().st_size > 0 and pdf.read_bytes().startswith(b"%PDF")

    # LibreOffice 7.2+: the trailing -1 writes every sheet, to <name>-<Sheet>.csv.
    done = soffice("--convert-to", CSV_ALL_SHEETS, str(path), outdir=csv_dir)
    assert done.returncode == 0, done.stderr
    sheets = {name: read_csv(csv_dir / f"report-{name}.csv") for name in SHEETS}

    mavt = rank(study, "mavt")
    summary = "\n".join(",".join(row) for row in sheets["Summary"])
    assert f"{mavt.top} ranks first under MAVT, with overall value {max(mavt.scores):.3f}" in summary
    ranking = first_rows(sheets["Ranking"])  # the scores table comes before the contributions
    for i, name in enumerate(study.alternative_names):  # hostile names shown as text, not evaluated
        assert round(float(ranking[name][1]), 6) == round(mavt.scores[i], 6)

    plan = allocate(study).to_dict()
    allocation = first_rows(sheets["Allocation"])
    for p in plan["allocation"]:
        assert float(allocation[p["category"]][2]) == pytest.approx(p["units"])
    assert csv_label(sheets["Inputs"], "SHA-256")[1] == SHA


# --- the sentences ------------------------------------------------------------------------------

def ranking_of(method, scores, names=("A", "B", "C")):
    from decision.ranking import Ranking
    from decision.weights import Weights

    weights = Weights("direct", ("x",), np.array([1.0]))
    return Ranking(method, {}, weights, tuple(names), np.array(scores, dtype=float), True)


def test_price_and_relaxation_sentences():
    from decision.allocation.result import Limit
    from decision.report import words

    limit = Limit(limit=500.0, used=480.0, shadow_price=0.02, step=50.0, gain=1.25)
    assert words.price("budget", limit, "lp").endswith(
        "buys 0.02 strength (marginal rate from the linear programme); raising the budget by 50 buys 1.25 "
        "strength (re-solve).")
    assert words.relaxations({"budget": 20.0, "risk": None, "joint": {"budget": 20.0, "risk": 0.0}}) == (
        "To make the plan feasible: raise the budget by 20; or raise both (smallest total relative change): "
        "the budget by 20.")
    assert words.relaxations({"budget": None, "risk": None, "joint": None}).startswith("No increase")


def test_inputs_sheet_holds_every_part_of_the_shipped_workbook(tmp_path):
    """The Inputs sheet shows what the analyses used: the optional Criteria columns, AidCurve,
    AidLinks, AidEffects and the Settings units of the shipped study."""
    from decision.workbook.read import read_study

    study = read_study(Path(__file__).resolve().parents[1] / "criteria" / "settlement_scenarios.xlsx",
                       needs=("ranking", "allocation"))
    path = tmp_path / "report.xlsx"
    write_report(study, path)
    rows = [r for r in openpyxl.load_workbook(path)["Inputs"].iter_rows(values_only=True)]
    headings = [r[0] for r in rows]
    for heading in ("Criteria (other columns given)", "AidCurve", "AidLinks", "AidEffects", "Settings"):
        assert heading in headings
    other = rows[headings.index("Criteria (other columns given)") + 1]
    assert list(other[:5]) == ["criterion", "swing", "rank", "weight_low", "weight_high"]
    assert ("budget", 4000, "EUR million") in [tuple(r[:3]) for r in rows]
    links = rows[headings.index("AidLinks") + 2]
    assert (links[0], links[1]) == (study.aid_links[0].category, study.aid_links[0].requires)

"""The Allocation sheet of the report: packages per scenario and robust, prices, frontier tables
with scatter charts, the greedy comparison, the budget sweep; the ranking with aid included; a
LibreOffice round trip."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest

from decision.pipeline import allocate, complete, study_problem
from decision.allocation.frontier import frontier
from decision.ranking import rank
from decision.report import write_report
from decision.pipeline.aid_outcomes import POINTS
from decision.workbook.read import read_study
from tests import workbooks as W
from tests.test_allocation_cli import SWEEP, mavt_top
from tests.test_report import CSV_ALL_SHEETS, first_rows, read_csv, rows, require_libreoffice, soffice

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "criteria" / "settlement_scenarios.xlsx"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


def block(ws, first_header: str) -> list[tuple]:
    """The rows from the header whose column A is `first_header` down to the next blank row."""
    all_rows = rows(ws)
    start = next(i for i, r in enumerate(all_rows) if r[0] == first_header)
    out = []
    for r in all_rows[start:]:
        if all(v is None for v in r):
            break
        out.append(r)
    return out


@pytest.fixture(scope="module")
def shipped_report(tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "report.xlsx"
    study = read_study(SCENARIOS)
    assert write_report(study, path) == []
    return study, path, openpyxl.load_workbook(path)


def test_packages_per_scenario_and_robust(shipped_report):
    study, _, wb = shipped_report
    table = block(wb["Allocation"], "units of")
    header = table[0]
    assert list(header[1:4]) == ["Security guarantees", "Demilitarized zone", "robust"]
    for col, scenario in enumerate(header[1:4], start=1):
        plan = allocate(study, scenario=scenario).to_dict()
        units = {r[0]: r[col] for r in table[1:4]}
        assert units == {p["category"]: p["units"] for p in plan["allocation"]}
        lines = {r[0]: r[col] for r in table[4:]}
        for s, value in plan["by_scenario"].items():
            assert lines[f"strength under {s}"] == pytest.approx(value)
        assert lines["price of the risk cap"] == pytest.approx(plan["risk"]["shadow_price"])
        assert lines["price of the budget"] == pytest.approx(plan["budget"]["shadow_price"])
    costs = block(wb["Allocation"], "package")
    assert [r[0] for r in costs[1:]] == ["Security guarantees", "Demilitarized zone", "robust"]


@pytest.mark.parametrize("axis", ["risk", "budget"])
def test_frontier_tables_equal_the_frontier(shipped_report, axis):
    study, _, wb = shipped_report
    expected = frontier(study_problem(study).with_objective("Security guarantees"), axis, POINTS)
    ws = wb["Allocation"]
    all_rows = rows(ws)
    start = next(i for i, r in enumerate(all_rows) if r[0] == axis and r[2] == "strength")
    got = all_rows[start + 1:start + 1 + len(expected.points)]
    for r, q in zip(got, expected.points):
        assert r[0] == pytest.approx(q.usage(axis)) and r[2] == pytest.approx(q.strength)
        assert list(r[3:6]) == list(q.units)
    assert all_rows[start + 1 + len(expected.points)][0] is None  # nothing more in the table
    if axis == "budget":
        comparison = block(ws, "budget")
        text = " ".join(str(v) for r in rows(ws) for v in r if v)
        assert "Greedy order of buy" in text and "The exact optimum beats the greedy order at the budgets" in text
        assert any(r[0] == "1-30" and r[1] == "30 Training on new technologies" for r in rows(ws))
        assert comparison


def test_allocation_charts_scatter_and_stacked_bars(shipped_report):
    _, path, _ = shipped_report
    with zipfile.ZipFile(path) as z:
        charts = [ElementTree.fromstring(z.read(n)) for n in sorted(z.namelist()) if n.startswith("xl/charts/chart")]
    titles = {}
    for chart in charts:
        head = chart.find(f"{C}chart/{C}title")
        title = "".join(t.text or "" for t in head.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}t"))
        titles[title] = chart
    scatter = [t for t, ch in titles.items() if ch.find(f"{C}chart/{C}plotArea/{C}scatterChart") is not None
               and not t.startswith("MAVT value as the weight of")]  # the Robustness sheet's value lines
    assert sorted(scatter) == ["Strength against budget: the efficient frontier",
                               "Strength against escalation risk: the efficient frontier"]
    packages = titles["Packages per scenario: cost by aid category"]
    assert packages.find(f"{C}chart/{C}plotArea/{C}barChart/{C}grouping").get("val") == "stacked"
    for chart in charts:
        for axis in chart.find(f"{C}chart/{C}plotArea").findall(f"{C}valAx") + \
                chart.find(f"{C}chart/{C}plotArea").findall(f"{C}catAx"):
            assert axis.find(f"{C}delete").get("val") == "0" and axis.find(f"{C}title") is not None


def test_report_with_aid_included_in_the_ranking(tmp_path):
    """A criterion with source = allocation: the Ranking sheet ranks with each scenario's optimal
    strength (the CLI test's closed form), and the Allocation sheet shows where the top changes."""
    path = W.base(tmp_path, **SWEEP)
    study = read_study(path)
    out = tmp_path / "report.xlsx"
    assert write_report(study, out) == []
    wb = openpyxl.load_workbook(out)
    ranking = rank(complete(study))
    assert ranking.top == mavt_top(600)
    scores = {r[0]: r[1] for r in block(wb["Ranking"], "alternative")[1:]}
    assert scores == pytest.approx(dict(zip(ranking.alternatives, ranking.scores)))
    text = " ".join(str(v) for r in rows(wb["Allocation"]) for v in r if v)
    assert "Which scenario ranks first as the budget varies" in text
    assert "Zone ranks first instead of Guarantees" in text
    assert "n/a" in " ".join(str(v) for r in rows(wb["Inputs"]) for v in r if v)  # no Scores column for it


def test_an_infeasible_plan_with_aid_in_the_ranking_is_reported(tmp_path):
    settings = [["setting", "value"], ["budget", 50], ["risk_cap", 5]]
    path = W.base(tmp_path, Settings=settings, **SWEEP)
    out = tmp_path / "report.xlsx"
    warnings = write_report(read_study(path), out)
    assert [w.split(" not computed")[0] for w in warnings] == ["ranking", "allocation"]
    assert "the minimum purchases cost 100 but the budget is 50" in warnings[0]
    wb = openpyxl.load_workbook(out)
    assert wb["Allocation"]["A3"].value == "The allocation could not be computed:"


@pytest.mark.libreoffice
def test_libreoffice_opens_the_allocation_sheet(shipped_report, tmp_path):
    require_libreoffice()
    study, path, _ = shipped_report
    done = soffice("--convert-to", CSV_ALL_SHEETS, str(path), outdir=tmp_path)
    assert done.returncode == 0, done.stderr
    sheet = read_csv(tmp_path / "report-Allocation.csv")
    units = first_rows(sheet)
    plan = allocate(study).to_dict()
    for p in plan["allocation"]:
        assert float(units[p["category"]][2]) == pytest.approx(p["units"])
    robust = next(r for r in sheet if r and r[0] == "units of")
    assert robust[1:4] == ["Security guarantees", "Demilitarized zone", "robust"]

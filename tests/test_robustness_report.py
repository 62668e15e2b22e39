"""The report's Robustness sheet: the same numbers as robustness(study) at the workbook's samples
and seed, native charts (stacked acceptability bars, a horizontal tornado of the weight
thresholds), and a sheet that says why when robustness cannot be computed."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest

from decision.model import Study
from decision.report import write_report
from decision.robustness import own_weight_info, robustness
from tests.test_report import make_study, rows, sheet_text

ROOT = Path(__file__).resolve().parents[1]
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


def block(ws, first_header: str) -> list[tuple]:
    """The header row whose column A is `first_header` and the rows below it, up to a blank row or
    a note (text in column A alone)."""
    all_rows = rows(ws)
    start = next(i for i, r in enumerate(all_rows) if r[0] == first_header)
    out = []
    for r in all_rows[start:]:
        if r[0] is None or all(v is None for v in r[1:]):
            break
        out.append(r)
    return out


def with_settings(study: Study, **settings) -> Study:
    import dataclasses

    return dataclasses.replace(study, settings={**study.settings, **settings})


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    from decision.workbook.read import read_study

    study = read_study(ROOT / "criteria" / "settlement_variants.xlsx")
    path = tmp_path_factory.mktemp("report") / "report.xlsx"
    warnings = write_report(study, path)
    return study, path, warnings, openpyxl.load_workbook(path)


def test_the_sheet_holds_the_analysis_at_the_workbook_samples_and_seed(shipped):
    study, _, warnings, wb = shipped
    assert warnings == []
    ws = wb["Robustness"]
    r = robustness(study, weight_info=own_weight_info(study))  # Settings: 10,000 samples, seed 0
    assert "10,000 samples from seed 0" in sheet_text(ws)
    table = block(ws, "alternative")
    header, body = table[0], table[1:]
    m = len(study.alternatives)
    assert list(header)[:m + 3] == ["alternative", *(f"rank {k + 1}" for k in range(m)), "holistic acceptability",
                                     "confidence factor"]
    for line in body:
        i = study.alternative_names.index(line[0])
        assert list(line[1:m + 1]) == pytest.approx(r.smaa.acceptability[i].tolist(), abs=1e-15)
        assert line[m + 1] == pytest.approx(r.smaa.holistic[i]) and line[m + 2] == pytest.approx(r.smaa.confidence[i])
    all_rows = rows(ws)
    start = next(i for i, row in enumerate(all_rows) if row[0] == "alternative" and row[1] == study.criterion_names[0])
    for line in all_rows[start + 1:start + 1 + m]:
        i = study.alternative_names.index(line[0])
        assert list(line[1:1 + len(study.criteria)]) == pytest.approx(r.smaa.central_weights[i].tolist())


def test_the_thresholds_table_matches_and_feeds_the_tornado(shipped):
    study, path, _, wb = shipped
    ws = wb["Robustness"]
    r = robustness(study)
    table = block(ws, "criterion")
    assert table[0][:4] == ("criterion", "weight", "room to lower", "room to raise")
    by_name = {t.criterion: t for t in r.thresholds}
    for line in table[1:]:
        t = by_name[line[0]]
        assert line[1] == pytest.approx(t.weight)
        assert line[2] == pytest.approx((t.down.value if t.down else 0.0) - t.weight)
        assert line[3] == pytest.approx((t.up.value if t.up else 1.0) - t.weight)
    rooms = [line[3] - line[2] for line in table[1:]]
    assert rooms == sorted(rooms)  # the narrowest room first (the tornado's top)
    label = next(row for row in rows(ws) if row[0] == "Smallest change of weights")
    assert label[1] == pytest.approx(r.min_change.distance)
    with zipfile.ZipFile(path) as z:
        charts = [ElementTree.fromstring(z.read(n)) for n in z.namelist() if n.startswith("xl/charts/chart")]
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    titles = {"".join(t.text or "" for t in chart.find(f"{C}chart/{C}title").iter(f"{a}t")): chart for chart in charts}
    stacked = titles["Rank acceptability"]
    bar = stacked.find(f"{C}chart/{C}plotArea/{C}barChart")
    assert bar.find(f"{C}grouping").get("val") == "stacked" and bar.find(f"{C}barDir").get("val") == "col"
    assert len(bar.findall(f"{C}ser")) == len(study.alternatives)
    tornado = next(chart for title, chart in titles.items() if title.startswith("Room each weight has"))
    bar = tornado.find(f"{C}chart/{C}plotArea/{C}barChart")
    # four series: each room split by how it ends (the top changes there, or the bound), columns H..K
    assert bar.find(f"{C}barDir").get("val") == "bar" and len(bar.findall(f"{C}ser")) == 4
    refs = [f.text for f in bar.iter(f"{C}f")]
    assert all(any("Robustness" in ref and f"${col}$" in ref for ref in refs) for col in "HIJK")


def test_settings_samples_and_seed_are_used_and_recorded(tmp_path):
    study = with_settings(make_study(), samples=2500, seed=3)
    path = tmp_path / "r.xlsx"
    assert write_report(study, path) == []
    ws = openpyxl.load_workbook(path)["Robustness"]
    assert "2,500 samples from seed 3" in sheet_text(ws)
    r = robustness(study, samples=2500, seed=3)
    first = block(ws, "alternative")[1]
    i = study.alternative_names.index(first[0])
    assert first[1] == pytest.approx(r.smaa.acceptability[i, 0])


def test_without_weights_the_smaa_is_shown_and_the_thresholds_say_why(tmp_path):
    study = make_study(weights=(None, None, None))
    path = tmp_path / "r.xlsx"
    warnings = write_report(study, path)
    assert [w.split(" not computed")[0] for w in warnings] == ["ranking"]
    text = sheet_text(openpyxl.load_workbook(path)["Robustness"])
    assert "Rank acceptability" in text and "thresholds not computed" in text and "no weights" in text


def test_a_method_robustness_cannot_use_is_replaced_by_mavt(tmp_path):
    study = with_settings(make_study(), method="edas")
    path = tmp_path / "r.xlsx"
    write_report(study, path)
    assert "with MAVT" in sheet_text(openpyxl.load_workbook(path)["Robustness"])


def test_when_the_method_cannot_rank_the_study_the_sheet_says_why(tmp_path):
    study = with_settings(make_study(), method="wsm")  # wsm refuses 'min' criteria
    path = tmp_path / "r.xlsx"
    warnings = write_report(study, path)
    assert [w.split(" not computed")[0] for w in warnings] == ["ranking"]  # said once
    text = sheet_text(openpyxl.load_workbook(path)["Robustness"])
    assert "could not be computed" in text and "WSM adds raw values" in text

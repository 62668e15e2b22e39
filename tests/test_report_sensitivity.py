"""The Robustness sheet's weight sensitivity (issue 13, item 5) and the honest context of the
Weights sheet and the cross-method line (item 6), read back from the written workbook."""

from __future__ import annotations

import openpyxl
import pytest

import tests.workbooks as W
from decision.pipeline.outcomes import compute
from decision.report.build import write_outcomes
from decision.report.robustness_sheet import BOUND, FLIP
from decision.workbook.read import read_study
from decision.workbook.shipped import shipped_study


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    study = read_study(shipped_study())
    data = compute(study)
    out = tmp_path_factory.mktemp("report") / "report.xlsx"
    write_outcomes(data, out)
    return data, openpyxl.load_workbook(out)


def _rows(ws):
    return [[c.value for c in row] for row in ws.iter_rows()]


def _table(ws, first_header: str):
    """(header, rows) of the table whose header row starts with `first_header`."""
    rows = _rows(ws)
    start = next(i for i, r in enumerate(rows) if r and r[0] == first_header)
    header = [h for h in rows[start] if h is not None]
    body = []
    for r in rows[start + 1:]:
        if r[0] is None or all(v is None for v in r[1:]):  # a blank row, or a note below the table
            break
        body.append(r[:len(header)])
    return header, body


def test_the_tornado_says_which_bars_end_at_a_change_of_winner(shipped):
    """Each room is in the 'top changes' column when a flip weight exists that way, else in the
    bound's; the chart draws the first dark red and the second grey."""
    data, wb = shipped
    ws = wb["Robustness"]
    header, body = _table(ws, "criterion")
    thresholds = {t.criterion: t for t in data.robustness.thresholds}
    col = {name: header.index(name) for name in header}
    for row in body:
        t = thresholds[row[0]]
        assert (row[col["lowered: top changes"]] is not None) == (t.down is not None)
        assert (row[col["lowered: to 0, no change"]] is not None) == (t.down is None)
        assert (row[col["raised: top changes"]] is not None) == (t.up is not None)
        assert (row[col["raised: to 1, no change"]] is not None) == (t.up is None)
    assert any(t.up is not None for t in thresholds.values())  # the shipped study has flips: the test can fail
    tornado = next(c for c in ws._charts if "stops ranking first" in str(c.title.tx.rich.p[0].r[0].t))
    assert [s.graphicalProperties.solidFill.srgbClr for s in tornado.series] == [FLIP, BOUND, FLIP, BOUND]


def test_a_value_line_chart_per_criterion_with_its_key_points(shipped):
    """Per criterion: the values at 0, each crossover, the current weight and 1, equal to the
    analysis's lines there; one small chart each, saying MAVT."""
    data, wb = shipped
    ws = wb["Robustness"]
    lines = data.robustness.sensitivity
    names = list(data.robustness.alternatives)
    for line in lines.lines:
        header, body = _table(ws, f"weight of {line.criterion}")
        assert header[1:1 + len(names)] == names
        weights = [row[0] for row in body]
        assert weights[0] == 0.0 and weights[-1] == 1.0 and line.current in weights
        for c in line.crossovers:
            assert any(abs(w - c.weight) < 1e-12 for w in weights)
        for row in body:
            assert row[1:1 + len(names)] == pytest.approx(list(line.at(row[0])), abs=1e-12)
    titles = [str(c.title.tx.rich.p[0].r[0].t) for c in ws._charts]
    assert sum(t.startswith("MAVT value as the weight of") for t in titles) == len(lines.lines)


def test_data_driven_weights_are_said_to_describe_the_scores(tmp_path):
    """Entropy, CRITIC and MEREC stand beside elicited weights with a note saying what they are; with
    two alternatives, that they are degenerate; the cross-method line gives the number of
    alternatives and, with two, says agreement is expected."""
    study = read_study(W.write(tmp_path / "two.xlsx", W.sheets(
        Alternatives=W.BASE["Alternatives"][:3], Scores=W.BASE["Scores"][:3])))
    assert len(study.alternatives) == 2
    out = tmp_path / "two_report.xlsx"
    write_outcomes(compute(study), out)
    wb = openpyxl.load_workbook(out)
    text = "\n".join(str(v) for row in _rows(wb["Weights"]) for v in row if v is not None)
    assert "data-driven weights" in text and "not how much the decision-maker values" in text
    assert "With 2 alternatives they are degenerate" in text
    summary = "\n".join(str(v) for row in _rows(wb["Summary"]) for v in row if v is not None)
    assert "With only 2 alternatives" in summary and "agreement is expected" in summary

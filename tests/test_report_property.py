"""`decision report` on small random valid studies (issue 10): whatever ordinary Aid sheet an analyst
fills -- 1 to 5 categories, whole or continuous units, costs, bounds, strength curves and
prerequisite links in ordinary ranges -- the report is written (exit 0) or the plan is refused
with its reasons (exit 3), never a bug (exit 1)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.workbooks import BASE, run, write

pytestmark = pytest.mark.slow

AID = ["category", "unit", "unit_cost", "min_units", "max_units", "integer", "strength_per_unit", "risk_per_unit"]
money = st.floats(min_value=0.5, max_value=500, allow_nan=False).map(lambda x: round(x, 2))
rate = st.floats(min_value=0, max_value=20, allow_nan=False).map(lambda x: round(x, 3))


@st.composite
def categories(draw):
    count = draw(st.integers(1, 5))
    rows, curves, links = [], [], []
    for k in range(count):
        integer = draw(st.booleans())
        low = draw(st.integers(0, 3))
        high = low + draw(st.integers(0, 25))
        name = f"aid {k}"
        rows.append([name, "unit", draw(money), low, high, "yes" if integer else "no", draw(rate), draw(rate)])
        if high > 0 and draw(st.booleans()):  # a strength curve through increasing units, reaching max_units
            stops = sorted(set(draw(st.lists(st.integers(1, high), min_size=1, max_size=4))) | {high})
            total = 0.0
            for units in stops:
                total += draw(st.floats(min_value=0, max_value=50, allow_nan=False))
                curves.append([name, units, round(total, 3)])
    for k in range(1, count):
        if draw(st.booleans()):
            links.append([f"aid {k}", f"aid {draw(st.integers(0, k - 1))}",
                          draw(st.sampled_from([0.25, 0.5, 1, 2, 3]))])
    budget = draw(st.floats(min_value=0, max_value=5000, allow_nan=False).map(lambda x: round(x, 1)))
    risk_cap = draw(st.floats(min_value=0, max_value=100, allow_nan=False).map(lambda x: round(x, 1)))
    return rows, curves, links, budget, risk_cap


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(aid=categories())
def test_report_on_a_random_ordinary_study_is_written_or_refused_with_reasons(tmp_path, capsys, aid):
    rows, curves, links, budget, risk_cap = aid
    content = {name: BASE[name] for name in ("Alternatives", "Criteria", "Scores")}
    content["Aid"] = [AID, *rows]
    content["Settings"] = [["setting", "value"], ["budget", budget], ["risk_cap", risk_cap], ["samples", 500]]
    if curves:
        content["AidCurve"] = [["category", "units", "strength"], *curves]
    if links:
        content["AidLinks"] = [["category", "requires", "ratio"], *links]
    workbook = write(tmp_path / "random.xlsx", content)
    code, _, err = run(capsys, "report", workbook, "-o", tmp_path / "random_report.xlsx", "--force")
    assert code in (0, 3), err
    assert "internal error" not in err
    if code == 0:
        assert (tmp_path / "random_report.xlsx").stat().st_size > 0

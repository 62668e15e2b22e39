"""Named tables (issue 12, item 1): every result presents its figures as `tables()`, each a caption
and a DataFrame, agreeing with its `to_dict()`; the presenters (terminal, report) take the figures
from there and compute none (the share of scale, the limits' shares, the totals)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import openpyxl
import pytest

import tests.workbooks as W
from decision.allocation.result import Limit
from decision.comparison import compare_all, kendall_tau_b
from decision.errors import InputError
from decision.pipeline import compute
from decision.ranking import rank
from decision.report import write_outcomes
from decision.robustness import robustness
from decision.robustness.thresholds import ScoreThreshold
from decision.tables import Table
from decision.weights import REGISTRY, derive
from decision.weights.ahp import CONSISTENCY, GEOMETRIC, random_index
from decision.workbook.read import read_study
from tests.golden import ALLOCATION_CRITERION
from tests.test_report import rows

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "criteria" / "settlement_scenarios.xlsx"


def close(a, b) -> bool:
    """Equal as figures: both missing (None, NaN), or the same number (exactly: no presenter rounds)."""
    missing = [x is None or (isinstance(x, float) and math.isnan(x)) for x in (a, b)]
    return all(missing) if any(missing) else a == b


def as_written(rows: list[list]) -> list:
    """Rows as a cell gives them back: numbers to the 15 significant digits a workbook keeps."""
    return [[pytest.approx(v, rel=1e-14, abs=1e-300) if isinstance(v, float) else v for v in row] for row in rows]


def check_tables(tables: dict, names: list[str]) -> None:
    assert list(tables) == names
    for name, t in tables.items():
        assert isinstance(t, Table) and isinstance(t.caption, str) and t.caption, name
        assert t.to_dict()["caption"] == t.caption  # JSON-ready: split orientation, no NaN
        assert all(v is None or not isinstance(v, float) or math.isfinite(v)
                   for row in t.to_dict()["data"] for v in row), name


@pytest.fixture(scope="module")
def shipped():
    return read_study(SHIPPED)


@pytest.fixture(scope="module")
def allocation_study(tmp_path_factory):
    """BASE with a criterion scored by the allocation, and AidEffects: packages per scenario, a sweep."""
    return read_study(W.write(tmp_path_factory.mktemp("study") / "study.xlsx", ALLOCATION_CRITERION))


@pytest.fixture(scope="module")
def data(allocation_study):
    return compute(allocation_study)


@pytest.fixture(scope="module")
def report(data, tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "report.xlsx"
    write_outcomes(data, path)
    return openpyxl.load_workbook(path)


# --- each result's tables ------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["mavt", "topsis", "vikor", "promethee2"])
def test_a_ranking_presents_its_ranking_then_its_working(shipped, method):
    r = rank(shipped, method)
    tables = r.tables()
    check_tables(tables, ["ranking", *r.extra["tables"]])
    assert all(tables[name] is t for name, t in r.extra["tables"].items())  # the working, as the method built it
    ranking = tables["ranking"].frame
    assert ranking.index.name == "alternative" and list(ranking.columns) == ["score", "rank"]
    doc = r.to_dict()["ranking"]
    assert list(ranking.index) == [row["alternative"] for row in doc]
    assert tables["ranking"].rows() == [[row["score"], row["rank"]] for row in doc]
    assert r.to_frame().to_dict("records") == doc


def test_no_method_names_a_table_ranking(shipped):
    """Ranking.tables() puts the method's working beside `ranking`: no method may shadow it."""
    rankings = compare_all(shipped).rankings
    assert len(rankings) > 5 and all("ranking" not in r.working for r in rankings)


def test_a_comparison_presents_ranks_scores_consensus_and_agreement(shipped):
    c = compare_all(shipped)
    tables = c.tables()
    check_tables(tables, ["ranks", "scores", "consensus", "kendall", "spearman"])
    doc = c.to_dict()
    methods = [d["method"] for d in doc["methods"]]
    ranks, scores = tables["ranks"].frame, tables["scores"].frame
    assert list(ranks.columns) == [*methods, "borda", "copeland"] and list(scores.columns) == methods
    assert list(ranks.index) == list(shipped.alternative_names)
    for d in doc["methods"]:
        for row in d["ranking"]:
            assert ranks.loc[row["alternative"], d["method"]] == row["rank"]
            assert scores.loc[row["alternative"], d["method"]] == row["score"]
    consensus = tables["consensus"].frame
    assert list(consensus.columns) == ["first places", "borda points", "borda rank", "copeland score", "copeland rank"]
    for name, score in (("borda", "borda points"), ("copeland", "copeland score")):
        for row in doc["consensus"][name]:
            assert consensus.loc[row["alternative"], score] == row["score"]
            assert consensus.loc[row["alternative"], f"{name} rank"] == ranks.loc[row["alternative"], name] == row["rank"]
    for a in shipped.alternative_names:
        assert consensus.loc[a, "first places"] == sum(ranks.loc[a, m] == 1 for m in methods)
    for name in ("kendall", "spearman"):
        matrix = tables[name].frame
        assert list(matrix.index) == list(matrix.columns) == methods
        for a in methods:
            for b in methods:
                expected = doc["agreement"][name][a][b]
                assert close(None if math.isnan(matrix.loc[a, b]) else round(float(matrix.loc[a, b]), 12), expected)
    k = methods.index("topsis")
    assert tables["kendall"].frame.iloc[0, k] == kendall_tau_b(c.rankings[0].ranks, c.rankings[k].ranks)
    frame = c.to_frame()
    assert list(frame.columns) == ["alternative", *(f"{m} {x}" for m in methods for x in ("score", "rank")),
                                   "borda rank", "copeland rank"]


def test_weights_present_each_criterion_s_weight(shipped):
    ran = []
    for procedure in REGISTRY:
        try:
            w = derive(shipped, procedure)
        except InputError:  # a procedure the shipped study cannot feed (its Criteria column is blank)
            continue
        ran.append(procedure)
        tables = w.tables()
        assert list(tables)[0] == "weights"
        check_tables(tables, list(tables))
        weights = tables["weights"].frame
        assert weights.index.name == "criterion" and list(weights.columns) == ["weight"]
        assert weights["weight"].to_dict() == w.to_dict()["weights"]
        assert list(w.to_frame().columns) == ["criterion", "weight"]
    assert {"direct", "equal", "ahp", "entropy"} <= set(ran)


@pytest.mark.parametrize("priority", ["eigenvector", "geometric"])
def test_ahp_presents_its_consistency_and_the_judgements_to_revisit(shipped, priority):
    w = derive(shipped, "ahp", {"priority": priority})
    tables = w.tables()
    check_tables(tables, ["weights", "consistency", "revisit"])
    d = w.to_dict()
    consistency = tables["consistency"].frame["value"]
    names = CONSISTENCY + (GEOMETRIC if priority == "geometric" else ())
    assert list(consistency.index) == list(names)
    assert consistency["random_index"] == random_index(len(w.criteria))[0]
    for name in names:
        if name != "random_index":
            assert close(consistency[name], d[name] if d[name] is not None else float("nan")), name
    revisit = tables["revisit"]
    assert list(revisit.frame.columns) == ["row", "column", "judgement", "implied", "off by"]
    assert [row[:4] for row in revisit.rows()] == [[r["row"], r["column"], r["judgement"], r["implied"]]
                                                   for r in d["revisit"]]
    assert [row[4] for row in revisit.rows()] == [math.exp(abs(math.log(r["judgement"] / r["implied"])))
                                                  for r in d["revisit"]]


@pytest.fixture(scope="module")
def robust(shipped):
    return robustness(shipped, samples=500)


def test_robustness_presents_smaa_and_the_thresholds(robust):
    tables = robust.tables()
    sensitivity = [f"sensitivity {name}" for name in robust.sensitivity.tables()]
    assert sensitivity[-1] == "sensitivity crossovers"
    check_tables(tables, ["acceptability", "central_weights", "pairwise_winning", "acceptability_error",
                          "central_weights_error", "pairwise_winning_error", "weight_thresholds",
                          "min_weight_change", "score_thresholds", "nearest_scores", *sensitivity])
    doc, names = robust.to_dict(), list(robust.alternatives)
    m = len(names)
    for table, se in (("acceptability", doc), ("acceptability_error", doc["standard_error"])):
        frame = tables[table].frame
        assert list(frame.index) == names
        assert list(frame.columns) == [*(f"rank {k + 1}" for k in range(m)), "holistic", "confidence"]
        for a in names:
            assert [close(x, y) for x, y in zip(frame.loc[a].iloc[:m], se["acceptability"][a])] == [True] * m
            assert close(frame.loc[a, "holistic"], se["holistic"][a])
            assert close(frame.loc[a, "confidence"], se["confidence"][a])
    for table, source in (("central_weights", doc["central_weights"]),
                          ("central_weights_error", doc["standard_error"]["central_weights"])):
        frame = tables[table].frame
        assert list(frame.columns) == list(robust.criteria)
        for a in names:
            expected = source[a]
            assert all(close(frame.loc[a, c], None if expected is None else expected[c]) for c in robust.criteria)
    for table, source in (("pairwise_winning", doc["pairwise_winning"]),
                          ("pairwise_winning_error", doc["standard_error"]["pairwise_winning"])):
        frame = tables[table].frame
        assert all(close(frame.loc[a, b], source[a].get(b)) for a in names for b in names)
    assert robust.smaa.acceptability_error == float(np.max(robust.smaa.se_acceptability))


def test_weight_thresholds_agree_with_the_json(robust):
    frame = robust.tables()["weight_thresholds"].frame
    assert frame.index.name == "criterion"
    for row in robust.to_dict()["thresholds"]:
        t = frame.loc[row["criterion"]]
        assert t["weight"] == row["weight"]
        assert close(t["flip weight"], row["flip_weight"]) and close(t["distance"], row["distance"])
        assert close(t["new top"], row["new_top"])
        down, up = row["down"], row["up"]
        assert close(t["lowered to"], down and down["flip_weight"]) and close(t["raised to"], up and up["flip_weight"])
        low, high = (down["flip_weight"] if down else 0.0), (up["flip_weight"] if up else 1.0)
        assert (t["lowest weight keeping the top"], t["highest weight keeping the top"]) == (low, high)
        assert (t["room to lower"], t["room to raise"], t["room"]) == (low - row["weight"], high - row["weight"],
                                                                       high - low)
    assert list(robust.thresholds_frame().columns) == [
        "criterion", "weight", "lowest weight keeping the top", "highest weight keeping the top", "flip weight",
        "distance", "new top"]


def test_the_smallest_weight_change_agrees_with_the_json(robust):
    frame = robust.tables()["min_weight_change"].frame
    doc = robust.to_dict()["min_weight_change"]
    assert list(frame.columns) == ["weight", "new weight", "change"]
    assert frame["change"].to_dict() == doc["changes"] and frame["new weight"].to_dict() == doc["weights"]


def test_score_thresholds_hold_the_share_of_scale_the_json_gives(robust):
    tables = robust.tables()
    frame = tables["score_thresholds"].frame
    doc = robust.to_dict()["score_thresholds"]
    assert len(frame) == len(doc)
    for (_, t), row in zip(frame.iterrows(), doc):
        assert (t["alternative"], t["criterion"], t["score"]) == (row["alternative"], row["criterion"], row["score"])
        assert (t["scale low"], t["scale high"]) == tuple(row["scale"])
        assert close(t["flip score"], row["flip_score"]) and close(t["distance"], row["distance"])
        assert close(t["share of scale"], row["relative_distance"])
        assert close(t["change"], row["flip_score"] - row["score"] if row["flip_score"] is not None else None)
    assert any(row["relative_distance"] is not None for row in doc)
    near = tables["nearest_scores"].frame
    assert near["flip score"].notna().all() and len(near) == sum(row["flip_score"] is not None for row in doc)
    assert list(near["share of scale"]) == sorted(near["share of scale"])


def test_without_point_weights_only_the_smaa_tables(shipped):
    import dataclasses

    blank = dataclasses.replace(shipped, criteria=tuple(dataclasses.replace(c, weight=None) for c in shipped.criteria))
    r = robustness(blank, samples=100, weighting="direct")
    assert r.thresholds is None
    assert list(r.tables()) == ["acceptability", "central_weights", "pairwise_winning", "acceptability_error",
                                "central_weights_error", "pairwise_winning_error"]


def test_an_allocation_presents_purchases_totals_limits_and_links(data):
    a = data.allocation
    tables = a.tables()
    check_tables(tables, ["purchases", "total", "limits", "by_scenario", "links", "curves"])
    doc = a.to_dict()
    purchases = tables["purchases"]
    assert list(purchases.frame.index) == [p["category"] for p in doc["allocation"]]
    assert purchases.rows(["units", "cost", "strength", "risk"]) == [
        [p["units"], p["cost"], p["strength"], p["risk"]] for p in doc["allocation"]]
    assert [type(row[0]) for row in purchases.rows(["units"])] == [type(p["units"]) for p in doc["allocation"]]
    assert tables["total"].rows() == [[sum(p[k] for p in doc["allocation"]) for k in ("cost", "strength", "risk")]]
    limits = tables["limits"].frame
    for key in ("budget", "risk"):
        row, limit = limits.loc[key], doc[key]
        assert (row["limit"], row["used"], row["slack"], row["shadow price"], row["step"]) == (
            limit["limit"], limit["used"], limit["slack"], limit["shadow_price"], limit["step"])
        assert close(row["gain"], limit["gain"]) and row["share used"] == limit["used"] / limit["limit"]
    assert tables["by_scenario"].frame["strength"].to_dict() == doc["by_scenario"]
    assert tables["links"].frame.to_dict("records") == doc["links"]
    assert tables["curves"].frame["model"].to_dict() == doc["curves"]
    assert list(a.to_frame().columns) == ["category", "unit", "units", "cost", "strength", "risk"]


def test_a_limit_of_zero_has_no_share():
    assert Limit(0.0, 0.0, 0.0, 1.0, 0.0).share_used is None and Limit(4.0, 1.0, 0.0, 1.0, 0.0).share_used == 0.25


@pytest.mark.parametrize("axis", ["risk", "budget"])
def test_a_frontier_presents_its_points_grid_and_the_greedy_comparison(data, axis):
    f = data.aid.risk if axis == "risk" else data.aid.budget
    tables = f.tables()
    check_tables(tables, ["points", "grid", *(["comparison"] if axis == "budget" else [])])
    doc = f.to_dict()
    points = tables["points"]
    assert list(points.frame.columns) == ["budget", "risk", "strength", *(f"units: {c}" for c in f.categories),
                                          "proven"]
    assert points.rows() == [[p["budget"], p["risk"], p["strength"], *(u["units"] for u in p["allocation"]),
                              p["proven"]] for p in doc["points"]]
    assert tables["grid"].frame[axis].tolist() == doc["grid"]
    assert [close(x, y) for x, y in zip(tables["grid"].frame["strength"], f.best)] == [True] * len(f.best)
    assert list(f.to_frame().columns) == ["budget", "risk", "strength", *f.categories]
    if axis == "budget":
        assert tables["comparison"].rows() == [[r["budget"], r["exact"], r["greedy"], r["exact_beats_greedy"]]
                                               for r in doc["comparison"]]


def test_the_greedy_order_presents_its_start_steps_and_runs(data):
    order = data.aid.budget.greedy
    tables = order.tables()
    check_tables(tables, ["start", "steps", "runs"])
    doc = order.to_dict()
    assert tables["start"].frame.iloc[0].to_dict() == doc["start"]
    steps = tables["steps"].frame
    assert steps["repeat"].tolist() == [s["repeat"] for s in doc["steps"]]
    assert steps["step"].tolist() == list(np.cumsum([1] + [s["repeat"] for s in doc["steps"][:-1]]))
    for key in ("category", "cost", "gain", "budget", "risk", "strength", "divisible"):
        assert steps[key].tolist() == [s[key] for s in doc["steps"]], key
    runs = order.runs()
    assert tables["runs"].rows() == [[r[k] for k in ("first", "last", "bought", "cost", "gain", "ratio", "budget",
                                                      "risk", "strength")] for r in runs]


def test_a_sweep_presents_its_points_and_changes(data):
    sweep = data.aid.sweep
    tables = sweep.tables()
    check_tables(tables, ["points", "changes"])
    doc = sweep.to_dict()
    names = sweep.scenarios
    assert tables["points"].rows() == [[p["budget"], p["top"], *(p["strengths"][s] for s in names),
                                        *(p["scores"][s] for s in names)] for p in doc["points"]]
    assert tables["changes"].rows(["below", "at", "from", "to"]) == [[c["below"], c["at"], c["from"], c["to"]]
                                                                      for c in doc["changes"]]


def test_the_aid_analysis_presents_the_packages_side_by_side(data):
    packages = data.aid.packages
    tables = data.aid.tables()
    check_tables(tables, ["package_units", "package_figures", "package_costs"])
    names = list(packages)
    units, figures, costs = (tables[k].frame for k in ("package_units", "package_figures", "package_costs"))
    assert list(units.columns) == names == list(figures.columns) == list(costs.index)
    for s, a in packages.items():
        d = a.to_dict()
        assert tables["package_units"].rows([s]) == [[p["units"]] for p in d["allocation"]]
        assert costs.loc[s].tolist() == [p["cost"] for p in d["allocation"]]
        for scenario, strength in d["by_scenario"].items():
            assert figures.loc[f"strength under {scenario}", s] == strength
        assert (figures.loc["budget used", s], figures.loc["price of the risk cap", s]) == (
            d["budget"]["used"], d["risk"]["shadow_price"])


def test_the_report_s_rankings_present_scores_weights_and_contributions(data):
    r = data.rankings
    tables = r.tables()
    check_tables(tables, ["scores", "weights", "contributions"])
    order = r.primary.order
    assert list(tables["scores"].frame.index) == [r.primary.alternatives[i] for i in order]
    for ranking in r.all:
        assert tables["scores"].frame[f"{ranking.method} score"].tolist() == list(ranking.scores[order])
    contributions = tables["contributions"].frame
    assert list(contributions.columns) == [*r.primary.weights.criteria, "overall value"]
    mavt = next(x for x in r.all if x.method == "mavt")
    np.testing.assert_allclose(contributions["overall value"], mavt.scores[order], rtol=1e-12)
    assert tables["weights"].frame["weight"].tolist() == list(r.primary.weights.values)


def test_a_criterion_named_like_a_column_keeps_its_own(shipped):
    """The tables whose columns are the criteria never lose one to a column of their own."""
    import dataclasses

    from decision.pipeline.outcomes import rankings

    study = dataclasses.replace(shipped, criteria=tuple(
        dataclasses.replace(c, name="overall value") if j == 0 else c for j, c in enumerate(shipped.criteria)))
    contributions = rankings(study, "mavt", "direct").tables()["contributions"]
    assert list(contributions.frame.columns) == ["overall value", *study.criterion_names[1:], "overall value"]
    assert len(contributions.rows()[0]) == len(study.criteria) + 1


# --- the presenters take the figures from the tables ----------------------------------------------

def test_the_report_shows_the_share_of_scale_of_the_table(data, report):
    """The Robustness sheet's nearest scores are the `nearest_scores` table's rows, in its order."""
    ws = report["Robustness"]
    all_rows = rows(ws)
    start = next(i for i, r in enumerate(all_rows) if r[:7] == ("alternative", "criterion", "score", "moved to",
                                                                 "change", "share of scale", "new top"))
    shown = [list(r[:7]) for r in all_rows[start + 1:start + 11] if r[0] is not None]
    expected = data.robustness.tables()["nearest_scores"].rows(
        ["alternative", "criterion", "score", "flip score", "change", "share of scale", "new top"])[:10]
    assert shown and shown == as_written(expected)


def test_the_presenters_do_not_recompute_the_share_of_scale(tmp_path, monkeypatch, capsys):
    """With the result's figure replaced, the JSON, the terminal and the sheet all show the replacement:
    none of them divides a distance by a scale of its own."""
    from rich.console import Console

    import decision.cli as cli

    def share(t: ScoreThreshold):  # any figure will do, as long as it is the result's: a made-up order
        return None if t.nearest is None else (len(t.alternative) * 7 + len(t.criterion)) % 11 / 10 + 0.001

    workbook = W.write(tmp_path / "base.xlsx", W.BASE)
    study = read_study(workbook)
    monkeypatch.setattr(ScoreThreshold, "share_of_scale", property(share))
    r = robustness(study, samples=100)
    assert [row["relative_distance"] for row in r.to_dict()["score_thresholds"]] == [
        share(t) for t in r.score_thresholds]
    near = r.tables()["nearest_scores"].rows(["alternative", "criterion", "share of scale"])
    assert len(near) > 1 and [row[2] for row in near] == sorted(row[2] for row in near)
    assert [row[:2] for row in near] != [[t.alternative, t.criterion] for t in r.score_thresholds
                                         if t.nearest is not None]  # the made-up order is not the study's

    monkeypatch.setattr(cli, "_console", lambda **options: Console(markup=False, emoji=False, width=400))
    code, out, _ = W.run(capsys, "robustness", workbook, "--samples", "100")
    assert code == 0
    last = out.split("Scores nearest to changing the top")[1]
    body = [[cell.strip() for cell in line.strip("│").split("│")] for line in last.splitlines() if line.startswith("│")]
    assert [row[:2] for row in body] == [row[:2] for row in near[:10]]

    path = tmp_path / "report.xlsx"
    write_outcomes(compute(study), path)
    all_rows = rows(openpyxl.load_workbook(path)["Robustness"])
    start = next(i for i, row in enumerate(all_rows) if row[:6] == ("alternative", "criterion", "score", "moved to",
                                                                   "change", "share of scale"))
    body = []
    for row in all_rows[start + 1:start + 11]:
        if row[0] is None or all(v is None for v in row[1:]):  # the end of the table (a gap, a heading)
            break
        body.append(row)
    shown = [[row[0], row[1], row[5]] for row in body]
    assert shown == as_written(near[:10])


def test_the_summary_takes_the_share_of_the_budget_from_the_limit(data, tmp_path, monkeypatch):
    monkeypatch.setattr(Limit, "share_used", property(lambda self: 0.123))
    path = tmp_path / "report.xlsx"
    write_outcomes(data, path)
    ws = openpyxl.load_workbook(path)["Allocation"]  # the shares of the limits used: on the Allocation sheet
    header = next(r for r in rows(ws) if r[0] == "limit")
    shares = [r[header.index("share used")] for r in rows(ws) if r[0] in ("budget", "risk cap")]
    assert shares[:2] == [0.123, 0.123]


def test_the_package_total_row_is_the_table_s(data, report):
    ws = report["Allocation"]
    total = next(r for r in rows(ws) if r[0] == "total")
    assert list(total[3:6]) == data.allocation.tables()["total"].rows()[0]

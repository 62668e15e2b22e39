"""`decision allocate` with scenarios, frontiers, sweeps and model export: one JSON document on
stdout on every exit path, exit codes 0/2/3, and the numbers checked against independent solutions."""

from __future__ import annotations

import json
from pathlib import Path

import highspy
import numpy as np
import pytest

from tests import workbooks as W
from tests.workbooks import run
from tests.test_shipped_studies import _best as brute_force_best, _packages

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "criteria" / "settlement_scenarios.xlsx"
VARIANTS = ROOT / "criteria" / "settlement_variants.xlsx"


def run_json(capsys, *args):
    code, out, err = run(capsys, *args, "--json")
    return code, json.loads(out), err


@pytest.fixture(scope="module")
def shipped():
    from decision.workbook.read import read_study

    return read_study(SCENARIOS, needs=("ranking", "allocation"))


# --- scenarios ------------------------------------------------------------------------------------

def test_default_scenario_is_the_one_mavt_ranks_first(capsys, shipped):
    code, doc, err = run_json(capsys, "allocate", SCENARIOS)
    assert code == 0 and doc["scenario"] == "Security guarantees" and doc["scenario_from"] == "mavt"
    assert "the scenario MAVT ranks first" in err
    units, strength, _, _ = brute_force_best(shipped, "Security guarantees")
    assert [r["units"] for r in doc["allocation"]] == units.tolist()
    assert doc["objective"] == pytest.approx(strength)
    assert doc["by_scenario"]["Demilitarized zone"] == pytest.approx(84.0)
    assert doc["curves"] == {"Advanced air defense": "concave", "Modern weaponry": "non-concave"}
    assert doc["links"] == [{"category": "Modern weaponry", "requires": "Training on new technologies", "ratio": 2.0,
                             "required": 8.0, "bought": 8, "binding": True}]


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_scenario_option_and_robust(capsys, shipped, solver):
    code, doc, _ = run_json(capsys, "allocate", SCENARIOS, "--scenario", "demilitarized ZONE", "--solver", solver)
    assert code == 0 and doc["scenario"] == "Demilitarized zone" and doc["scenario_from"] == "option"
    assert doc["objective"] == pytest.approx(brute_force_best(shipped, "Demilitarized zone")[1])
    code, doc, _ = run_json(capsys, "allocate", SCENARIOS, "--scenario", "robust", "--solver", solver)
    x, budget, risk, _ = _packages(shipped, "Security guarantees")
    worst = np.minimum(*(_packages(shipped, s)[1] for s in shipped.alternative_names))
    assert code == 0 and doc["objective"] == pytest.approx(worst.max())
    assert doc["worst_case"] == min(doc["by_scenario"], key=doc["by_scenario"].get)
    assert sum(r["strength"] for r in doc["allocation"]) == pytest.approx(doc["objective"])


def test_unknown_scenario_and_missing_ranking_sheets_are_exit_2(capsys, tmp_path):
    code, doc, err = run_json(capsys, "allocate", SCENARIOS, "--scenario", "truce")
    assert code == 2 and doc == {"status": "invalid", "errors": [
        "--scenario: unknown scenario 'truce' (known: Security guarantees, Demilitarized zone, robust)"]}
    effects = [["category", "Guarantees", "Zone", "Baseline"], ["air defense", 2, 1, 1]]
    path = W.base(tmp_path, Scores=None, AidEffects=effects)
    code, doc, _ = run_json(capsys, "allocate", path)
    assert code == 2 and doc["errors"][0].startswith(
        "study.xlsx: AidEffects: the strength of aid depends on the scenario: choose one with --scenario NAME")
    code, doc, _ = run_json(capsys, "allocate", path, "--scenario", "guarantees")
    assert code == 0 and doc["scenario"] == "Guarantees"


@pytest.mark.parametrize("args, message", [
    (["--frontier", "cost"], "--frontier: expected risk or budget, found 'cost'"),
    (["--sweep", "risk"], "--sweep: expected budget, found 'risk'"),
    (["--frontier", "risk", "--sweep", "budget"], "--frontier and --sweep: choose one"),
    (["--points", "5"], "--points: only with --frontier or --sweep"),
    (["--frontier", "risk", "--points", "0"], "--points: expected a whole number >= 1, found 0"),
    (["--sweep", "budget", "--points", "1"], "--points: expected a whole number >= 2, found 1"),
    (["--sweep", "budget", "--scenario", "robust"], "--scenario: not with --sweep"),
    (["--export-model", "model.txt"], "--export-model: model.txt: the file name must end in .lp or .mps"),
])
def test_bad_options_are_exit_2_with_json(capsys, args, message):
    code, doc, err = run_json(capsys, "allocate", SCENARIOS, *args)
    assert code == 2 and doc["status"] == "invalid" and doc["errors"][0].startswith(message)
    assert "Traceback" not in err


def test_infeasible_plan_with_links_is_exit_3_with_relaxations(capsys, tmp_path):
    links = [["category", "requires", "ratio"], ["air defense", "training", 30]]  # 1 battery needs 30 > 20
    code, doc, err = run_json(capsys, "allocate", W.base(tmp_path, AidLinks=links))
    assert code == 3 and doc["status"] == "infeasible"
    assert doc["errors"] == ["training: air defense requires 30 of it per unit, so at least 30 units of training "
                             "are needed, but its max_units is 20"]
    assert doc["relaxations"] == {"budget": None, "risk": None, "joint": None}
    code, doc, _ = run_json(capsys, "allocate", W.base(tmp_path, "b.xlsx"), "--frontier", "risk", "--budget", "50")
    assert code == 3 and doc["relaxations"]["budget"] == pytest.approx(50)


def test_infeasible_plan_says_what_would_fix_it_in_words(capsys, tmp_path):
    code, out, err = run(capsys, "allocate", W.base(tmp_path), "--budget", "50")
    assert code == 3 and out == ""
    assert err.splitlines()[-2:] == ["the minimum purchases cost 100 but the budget is 50",
                                     "To make the plan feasible: raise the budget by 50; or raise both (smallest total "
                                     "relative change): the budget by 50."]
    links = [["category", "requires", "ratio"], ["air defense", "training", 30]]
    code, _, err = run(capsys, "allocate", W.base(tmp_path, "l.xlsx", AidLinks=links))
    assert code == 3 and err.splitlines()[-1] == "No increase of the budget or of the risk cap makes the plan feasible."


# --- frontiers -----------------------------------------------------------------------------------

def test_risk_frontier_of_the_shipped_study(capsys, shipped):
    """Every point is a package whose strength is the best at its risk, and which no package beats."""
    code, doc, _ = run_json(capsys, "allocate", SCENARIOS, "--frontier", "risk", "--points", "12")
    assert code == 0 and doc["frontier"] == "risk" and doc["scenario"] == "Security guarantees"
    x, strength, cost, risk = _packages(shipped, "Security guarantees", risk_cap=np.inf)
    points = doc["points"]
    assert len(doc["grid"]) == 12 and doc["grid"][0] == pytest.approx(risk.min())
    assert [p["risk"] for p in points] == sorted(p["risk"] for p in points)
    assert all(a["strength"] < b["strength"] for a, b in zip(points, points[1:]))
    for p in points:
        better = (risk <= p["risk"] + 1e-9) & (strength > p["strength"] + 1e-9)
        cheaper = (risk < p["risk"] - 1e-9) & (strength >= p["strength"] - 1e-9)
        assert not better.any() and not cheaper.any()
        units = [a["units"] for a in p["allocation"]]
        assert any((row == units).all() for row in x)
    assert points[-1]["strength"] == pytest.approx(strength.max())


def test_budget_frontier_with_the_greedy_order(capsys, shipped):
    code, doc, _ = run_json(capsys, "allocate", SCENARIOS, "--frontier", "budget", "--points", "10")
    assert code == 0 and doc["greedy"]["steps"]
    _, strength, cost, _ = _packages(shipped, "Security guarantees", budget=np.inf)
    for row in doc["comparison"]:
        exact = strength[cost <= row["budget"] + 1e-9].max()
        assert row["exact"] == pytest.approx(exact)
        assert row["greedy"] is None or row["greedy"] <= exact + 1e-9
        assert row["exact_beats_greedy"] == (row["greedy"] is None or row["greedy"] < exact - 1e-9)
    assert doc["exact_beats_greedy_at"] == [r["budget"] for r in doc["comparison"] if r["exact_beats_greedy"]]
    # Training: 1.5 strength per cohort at 25, 0.06 per EUR million, beats a third battery (7 per 180,
    # 0.039) and a first weapons set with its two cohorts (6 per 470, 0.013).
    first = doc["greedy"]["steps"][0]
    assert first["category"] == "Training on new technologies" and first["ratio"] == pytest.approx(1.5 / 25)


def test_frontier_human_output(capsys):
    code, out, _ = run(capsys, "allocate", SCENARIOS, "--frontier", "budget", "--points", "4")
    assert code == 0 and "non-dominated points" in out and "greedy order of buy" in out


# --- the budget sweep ------------------------------------------------------------------------------

SWEEP = {
    "Criteria": [["criterion", "direction", "weight", "unit", "low", "high", "source"],
                 *[[*row, None] for row in W.BASE["Criteria"][1:]], ["aid strength", "max", 0.4, "points", None, None,
                                                                     "allocation"]],
    "AidEffects": [["category", "Guarantees", "Zone", "Baseline"], ["air defense", 2, 0.5, 1], ["training", 0.5, 3, 1]],
}


def closed_form_strength(effects, budget, risk_cap=5.0):
    """BASE's aid: air defense a (1..10 whole, cost 100, strength 5, risk 1), training t (0..20,
    cost 10, strength 1, risk 0.2). For each a, t is as much as budget, risk and max allow."""
    best = -np.inf
    for a in range(1, 11):
        t = min(20.0, (budget - 100 * a) / 10, (risk_cap - a) / 0.2)
        if t >= -1e-9:
            best = max(best, effects[0] * 5 * a + effects[1] * max(t, 0.0))
    return best


def mavt_top(budget):
    effects = {"Guarantees": (2, 0.5), "Zone": (0.5, 3), "Baseline": (1, 1)}
    base = np.array([[8, 6, 30], [6, 3, 50], [2, 5, 10]], dtype=float)
    aid = np.array([closed_form_strength(e, budget) for e in effects.values()])
    values = np.column_stack([base[:, 0] / 10, 1 - base[:, 1] / 10, (50 - base[:, 2]) / 40,
                              (aid - aid.min()) / (aid.max() - aid.min())])
    overall = values @ np.array([0.4, 0.35, 0.25, 0.4]) / 1.4
    return list(effects)[int(np.argmax(overall))]


def test_sweep_finds_where_the_top_changes(capsys, tmp_path):
    """Guarantees leads while money only buys the mandatory battery; training, worth 3x under Zone,
    lifts Zone's aid strength fastest, and from some budget Zone ranks first."""
    path = W.base(tmp_path, **SWEEP)
    code, doc, err = run_json(capsys, "allocate", path, "--sweep", "budget", "--points", "8")
    assert code == 0 and doc["sweep"] == "budget" and doc["method"] == "mavt"
    for point in doc["points"]:
        for name, effects in (("Guarantees", (2, 0.5)), ("Zone", (0.5, 3)), ("Baseline", (1, 1))):
            assert point["strengths"][name] == pytest.approx(closed_form_strength(effects, point["budget"]))
        assert point["top"] == mavt_top(point["budget"])
    (change,) = doc["changes"]
    assert (change["from"], change["to"]) == ("Guarantees", "Zone")
    assert change["at"] - change["below"] <= 1e-3 * (doc["points"][-1]["budget"] - doc["points"][0]["budget"])
    assert mavt_top(change["below"]) == "Guarantees" and mavt_top(change["at"]) == "Zone"


def test_sweep_without_an_allocation_criterion_says_so(capsys):
    code, doc, err = run_json(capsys, "allocate", VARIANTS, "--sweep", "budget", "--points", "3")
    assert code == 0 and doc["changes"] == [] and len({p["top"] for p in doc["points"]}) == 1
    assert "no criterion takes its scores from the allocation" in doc["notes"][0] and "note:" in err


# --- model export ----------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", [".lp", ".mps"])
@pytest.mark.parametrize("scenario", ["Demilitarized zone", "robust"])
def test_exported_model_solves_to_the_same_optimum_elsewhere(capsys, tmp_path, suffix, scenario):
    path = tmp_path / f"model{suffix}"
    code, doc, err = run_json(capsys, "allocate", SCENARIOS, "--scenario", scenario, "--export-model", path)
    assert code == 0 and f"wrote {path}" in err
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    assert h.readModel(str(path)) == highspy.HighsStatus.kOk
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    assert h.getInfo().objective_function_value == pytest.approx(doc["objective"])
    text = path.read_text()
    assert "x0 = units of Advanced air defense" in text
    assert ("Maximize" in text) if suffix == ".lp" else ("OBJSENSE" in text and "MAX" in text)


def test_export_needs_force_to_replace(capsys, tmp_path):
    path = tmp_path / "model.lp"
    path.write_text("old")
    code, doc, _ = run_json(capsys, "allocate", SCENARIOS, "--export-model", path)
    assert code == 2 and doc["errors"] == [f"{path}: already exists (use --force to replace it)"]
    assert path.read_text() == "old"
    code, _, _ = run_json(capsys, "allocate", SCENARIOS, "--export-model", path, "--force")
    assert code == 0 and path.read_text() != "old"


def test_export_survives_odd_category_names(tmp_path):
    """Names with line breaks or LP operators stay in the comment block; PuLP's names are x0, x1."""
    from decision.allocation import make_problem
    from decision.model import AidCategory
    from decision.report.model_export import export_model

    cats = (AidCategory("air\ndefense: <= 3", "b", 2, 0, 5, True, 3, 1), AidCategory("-training +", "c", 1, 0, 9, False, 2, 2))
    for suffix in (".lp", ".mps"):
        path = export_model(make_problem(cats, 10, 8), tmp_path / f"odd{suffix}")
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        assert h.readModel(str(path)) == highspy.HighsStatus.kOk
        h.run()
        # max 3a + 2b, 2a + b <= 10, a + 2b <= 8: both bind at a = 4 (whole), b = 2: 16
        assert h.getInfo().objective_function_value == pytest.approx(16)
        assert "x0 = units of air defense: <= 3" in path.read_text()

"""`decision robustness` end to end: its JSON on the shipped studies, options and Settings, every
bad input as one line with exit 2 (and the errors document under --json), the Criteria columns
rank and weight_low/weight_high, a Dask cluster behind --scheduler, and no scikit-criteria."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests import workbooks as W
from tests.workbooks import run

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "criteria" / "settlement_scenarios.xlsx"
VARIANTS = ROOT / "criteria" / "settlement_variants.xlsx"
KEYS = {"samples", "seed", "method", "weight_info", "acceptability", "holistic", "central_weights", "confidence",
        "pairwise_winning", "standard_error", "thresholds", "min_weight_change", "score_thresholds"}


def robust(capsys, *args, code=0):
    got, out, err = run(capsys, "robustness", *args, "--json")
    assert got == code, err
    return json.loads(out), err


@pytest.mark.parametrize("study", [SCENARIOS, VARIANTS], ids=lambda p: p.stem)
def test_json_on_the_shipped_studies(capsys, study):
    doc, err = robust(capsys, study)
    assert KEYS <= set(doc) and err == ""
    assert doc["samples"] == 10_000 and doc["seed"] == 0 and doc["method"] == "mavt" and doc["weight_info"] == "none"
    names = list(doc["acceptability"])
    assert all(abs(sum(row) - 1) < 1e-9 for row in doc["acceptability"].values())
    assert all(abs(sum(doc["acceptability"][a][r] for a in names) - 1) < 1e-9 for r in range(len(names)))
    assert set(doc["standard_error"]) >= {"acceptability", "confidence", "pairwise_winning"}
    assert [t["criterion"] for t in doc["thresholds"]] == list(doc["weights"])
    for t in doc["thresholds"]:
        assert set(t) >= {"criterion", "weight", "flip_weight", "distance", "new_top"}
        if t["flip_weight"] is not None:
            assert t["distance"] == pytest.approx(abs(t["flip_weight"] - t["weight"])) and t["new_top"] in names
    assert set(doc["min_weight_change"]) >= {"distance", "new_top", "weights"}
    assert len(doc["score_thresholds"]) == len(names) * len(doc["weights"])
    code, out, _ = run(capsys, "rank", study, "--json")
    assert doc["top"] == json.loads(out)["ranking"][0]["alternative"]


def test_the_same_seed_gives_the_same_document_and_options_override_settings(capsys):
    a, _ = robust(capsys, SCENARIOS, "--samples", 3000, "--seed", 5)
    b, _ = robust(capsys, SCENARIOS, "--samples", 3000, "--seed", 5)
    c, _ = robust(capsys, SCENARIOS, "--samples", 3000, "--seed", 6)
    assert a == b and a["samples"] == 3000 and a["seed"] == 5
    assert a["acceptability"] != c["acceptability"]


def test_score_distribution_meta_weights_and_parameters_are_options(capsys):
    """--scores, --meta-weights and --param reach the analysis and the document says what was used:
    with two alternatives linear meta-weights are (1, 0), so holistic = the rank-1 acceptability;
    triangular scores (mode at Scores) give other acceptabilities than uniform ones, same seed."""
    uniform, _ = robust(capsys, SCENARIOS, "--samples", 3000)
    doc, _ = robust(capsys, SCENARIOS, "--samples", 3000, "--scores", "triangular", "--meta-weights", "linear")
    assert (uniform["score_distribution"], doc["score_distribution"]) == ("uniform", "triangular")
    assert doc["holistic_meta_weights"] == "linear"
    assert all(doc["holistic"][a] == pytest.approx(doc["acceptability"][a][0]) for a in doc["holistic"])
    assert doc["acceptability"] != uniform["acceptability"]
    vikor, _ = robust(capsys, SCENARIOS, "--samples", 1000, "--method", "vikor", "--param", "v=0.3")
    assert vikor["method"] == "vikor" and vikor["parameters"] == {"v": 0.3} and uniform["parameters"] == {}


@pytest.mark.parametrize("method", ["mavt", "topsis", "vikor", "promethee2"])
def test_every_method_on_the_variants(capsys, method):
    doc, _ = robust(capsys, VARIANTS, "--method", method, "--samples", 2000)
    assert doc["method"] == method
    linear = method in ("mavt", "promethee2")
    assert (doc["min_weight_change"]["distance"] is not None) == linear
    assert (doc["min_weight_change"]["reason"] is None) == linear


def test_saw_and_wsm_refuse_the_variants_in_one_line(capsys):
    for method, words in (("wsm", "WSM adds raw values"), ("saw", "SAW divides by the best score")):
        doc, err = robust(capsys, VARIANTS, "--method", method, code=2)
        assert doc["status"] == "invalid" and len(doc["errors"]) == 1 and words in doc["errors"][0]
        assert err.strip() == doc["errors"][0] and "Traceback" not in err


@pytest.mark.parametrize("args, line", [
    (["--weight-info", "fuzzy"], "--weight-info: expected none, ordinal or intervals, found 'fuzzy'"),
    (["--samples", "0"], "--samples: expected a whole number >= 1, found 0"),
    (["--seed", "-1"], "--seed: expected a whole number >= 0, found -1"),
    (["--engine", "spark"], "--engine: expected local or dask, found 'spark'"),
    (["--engine", "dask"], "--engine dask needs --scheduler ADDRESS (e.g. tcp://127.0.0.1:8786)"),
    (["--scheduler", "tcp://127.0.0.1:8786"], "--scheduler: only with --engine dask"),
    (["--engine", "dask", "--scheduler", "nonsense::"], "--scheduler: not a scheduler address"),
    (["--method", "edas"], "--method edas: robustness samples batched methods only"),
    (["--method", "nope"], "--method: unknown method 'nope'"),
    (["--samples", "many"], "arguments: Invalid value for '--samples'"),
    (["--scores", "normal"], "--scores: expected uniform or triangular, found 'normal'"),
    (["--meta-weights", "equal"], "--meta-weights: expected centroid, linear or inverse, found 'equal'"),
    (["--method", "vikor", "--param", "v=2"], "--param v: expected a number from 0 to 1, found 2"),
    (["--param", "v=0.3"], "--param: method 'mavt' takes no parameters, not v"),
])
def test_bad_arguments_exit_2_with_one_line(capsys, args, line):
    doc, err = robust(capsys, SCENARIOS, *args, code=2)
    assert doc["status"] == "invalid" and len(doc["errors"]) == 1 and doc["errors"][0].startswith(line)
    assert "Traceback" not in err


@pytest.mark.parametrize("info, line", [
    ("ordinal", "study.xlsx: Criteria: no 'rank' column"),
    ("intervals", "study.xlsx: Criteria: no 'weight_low'/'weight_high' columns"),
])
def test_weight_information_needs_its_columns(capsys, tmp_path, info, line):
    doc, err = robust(capsys, W.base(tmp_path), "--weight-info", info, code=2)
    assert doc["status"] == "invalid" and len(doc["errors"]) == 1 and doc["errors"][0].startswith(line)


@pytest.mark.parametrize("info", ["ordinal", "intervals"])
def test_the_shipped_study_gives_ranks_and_intervals(capsys, info):
    doc, _ = robust(capsys, SCENARIOS, "--weight-info", info, "--samples", "2000")
    assert doc["weight_info"] == info
    assert all(abs(sum(row) - 1) < 1e-9 for row in doc["acceptability"].values())


def test_settings_give_samples_and_seed(capsys, tmp_path):
    path = W.base(tmp_path, Settings=[["setting", "value"], ["samples", 1234], ["seed", 42]])
    doc, _ = robust(capsys, path)
    assert doc["samples"] == 1234 and doc["seed"] == 42


def criteria_with(columns: dict) -> list[list]:
    rows = copy.deepcopy(W.BASE["Criteria"])
    for name, values in columns.items():
        rows[0].append(name)
        for row, value in zip(rows[1:], values):
            row.append(value)
    return rows


def test_ordinal_weights_follow_the_rank_column(capsys, tmp_path):
    """Ranks (2, 1, 3): every central weight vector keeps w_escalation >= w_deterrence >= w_cost."""
    doc, _ = robust(capsys, W.base(tmp_path, Criteria=criteria_with({"rank": [2, 1, 3]})), "--weight-info", "ordinal")
    assert doc["weight_info"] == "ordinal"
    for w in doc["central_weights"].values():
        if w is not None:
            assert w["escalation"] >= w["deterrence"] >= w["cost"]


def test_a_blank_or_impossible_rank_is_named_by_its_cell(capsys, tmp_path):
    """The same checks, and lines, as the rank-based weights (`--weights roc`)."""
    doc, _ = robust(capsys, W.base(tmp_path, Criteria=criteria_with({"rank": [2, None, 3]})), "--weight-info", "ordinal",
                    code=2)
    assert doc["errors"] == ["study.xlsx: Criteria!G3: rank of 'escalation' is blank (--weight-info ordinal needs "
                             "every criterion ranked, 1 = most important)"]
    doc, _ = robust(capsys, W.base(tmp_path, Criteria=criteria_with({"rank": [2.5, 1, 9]})), "--weight-info", "ordinal",
                    code=2)
    assert doc["errors"] == ["study.xlsx: Criteria!G2: rank of 'deterrence' must be a whole number, found 2.5",
                             "study.xlsx: Criteria!G4: rank of 'cost' must be from 1 to 3 (the number of criteria), found 9"]


def test_interval_weights_stay_in_their_intervals(capsys, tmp_path):
    intervals = {"weight_low": [0.3, 0.2, None], "weight_high": [0.6, 0.5, 0.3]}
    doc, _ = robust(capsys, W.base(tmp_path, Criteria=criteria_with(intervals)), "--weight-info", "intervals",
                    "--samples", 4000)
    assert doc["weight_info"] == "intervals"
    for w in doc["central_weights"].values():
        if w is not None:
            assert 0.3 <= w["deterrence"] <= 0.6 and 0.2 <= w["escalation"] <= 0.5 and w["cost"] <= 0.3
            assert sum(w.values()) == pytest.approx(1)


@pytest.mark.parametrize("intervals, errors", [
    ({"weight_low": [0.5, 0.4, 0.2]}, ["study.xlsx: Criteria!G2:G4: the weight_low values sum to 1.1: no weights "
                                       "summing to 1 stay above them"]),
    ({"weight_high": [0.3, 0.3, 0.3]}, ["study.xlsx: Criteria!G2:G4: the weight_high values sum to 0.9 (blank counts "
                                        "as 1): no weights summing to 1 stay below them"]),
    ({"weight_low": [0.5, None, None], "weight_high": [0.4, None, 1.5]},
     ["study.xlsx: Criteria!H4: 'weight_high' must be <= 1 (a normalized weight), found 1.5",
      "study.xlsx: Criteria!G2: weight_low 0.5 is above weight_high 0.4"]),
    ({"weight_low": [-0.1, None, None]}, ["study.xlsx: Criteria!G2: 'weight_low' must be >= 0, found -0.1"]),
])
def test_weight_intervals_are_checked_naming_their_cells(capsys, tmp_path, intervals, errors):
    path = W.base(tmp_path, Criteria=criteria_with(intervals))
    code, out, err = run(capsys, "validate", path, "--json")
    assert code == 2 and sorted(json.loads(out)["errors"]) == sorted(errors)


def test_the_command_on_a_dask_cluster_gives_the_local_document(capsys):
    pytest.importorskip("distributed")
    from distributed import LocalCluster

    local, _ = robust(capsys, SCENARIOS, "--samples", 25_000)
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0") as cluster:
        remote, _ = robust(capsys, SCENARIOS, "--samples", 25_000, "--engine", "dask", "--scheduler",
                           cluster.scheduler_address)
    assert remote == local


def test_an_unreachable_scheduler_is_bad_input():
    from decision.errors import InputError
    from decision.robustness import DaskEngine

    with pytest.raises(InputError, match="cannot connect to the Dask scheduler at tcp://127.0.0.1:9"):
        DaskEngine("tcp://127.0.0.1:9", timeout="1s")


def test_tables_for_people(capsys):
    code, out, _ = run(capsys, "robustness", VARIANTS, "--samples", 2000)
    assert code == 0 and "SMAA-2 with mavt" in out and "Weights at which" in out and "Smallest total change" in out


def test_mavt_robustness_never_imports_scikit_criteria():
    """The command stays fast because mavt robustness never loads scikit-criteria (3-4 s to import)."""
    code = ("import sys, io, contextlib\n"
            "from decision.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    code = main(['robustness', '--method', 'mavt', '--samples', '2000', '--json'])\n"
            "print(code, 'skcriteria' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0", "False"]


def test_a_criterion_scored_by_the_allocation_is_filled_first(capsys, tmp_path):
    """Criteria source = allocation: its scores are each scenario's optimal aid strength, filled as
    the ranking facade fills them, so robustness starts from the ranking `rank` gives."""
    from tests.test_allocation_cli import SWEEP

    path = W.base(tmp_path, **SWEEP)
    doc, _ = robust(capsys, path, "--samples", 3000)
    code, out, _ = run(capsys, "rank", path, "--json")
    assert doc["top"] == json.loads(out)["ranking"][0]["alternative"]
    assert "aid strength" in doc["weights"] and len(doc["thresholds"]) == len(doc["weights"])

"""The `decision` command end to end: exit codes, stdout JSON, stderr lines, lazy imports."""

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
STUDIES = [ROOT / "criteria" / "settlement_scenarios.xlsx", ROOT / "criteria" / "settlement_variants.xlsx",
           ROOT / "criteria" / "three_alternatives.xlsx"]
JSON_COMMANDS = [["validate"], ["rank"], ["rank", "--method", "topsis"], ["weights"], ["allocate"], ["allocate", "--solver", "cbc"]]


@pytest.mark.parametrize("study", STUDIES, ids=lambda p: p.stem)
@pytest.mark.parametrize("command", JSON_COMMANDS, ids=" ".join)
def test_json_commands_on_shipped_studies(capsys, study, command):
    code, out, err = run(capsys, *command, study, "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert isinstance(doc, dict)


def test_rank_json_shape(capsys):
    code, out, _ = run(capsys, "rank", STUDIES[0], "--json")
    doc = json.loads(out)
    assert code == 0
    assert set(doc) >= {"method", "parameters", "weights", "higher_is_better", "ranking", "extra"}
    assert doc["method"] == "mavt" and doc["higher_is_better"] is True
    assert [r["rank"] for r in doc["ranking"]] == [1, 2]
    assert abs(sum(doc["weights"].values()) - 1) < 1e-12


def test_allocate_json_shape_and_binding_risk_cap(capsys):
    """The shipped study's risk cap binds: used equals the cap and its price is positive."""
    code, out, _ = run(capsys, "allocate", STUDIES[0], "--json")
    doc = json.loads(out)
    assert code == 0 and doc["status"] == "optimal"
    assert doc["risk"]["used"] == pytest.approx(doc["risk"]["limit"])
    assert doc["risk"]["shadow_price"] > 0
    assert doc["prices_from"] in ("lp", "lp-relaxation", "lp-fixed-integers")
    assert {"category", "units", "cost", "strength", "risk"} <= set(doc["allocation"][0])


def test_default_workbook_is_the_shipped_study(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "rank", "--json")
    assert code == 0
    assert {r["alternative"] for r in json.loads(out)["ranking"]} == {"Security guarantees", "Demilitarized zone"}


def test_bad_workbook_exit_2_with_json_errors(capsys, tmp_path):
    scores = copy.deepcopy(W.BASE["Scores"])
    scores[2][2] = "high"
    path = W.base(tmp_path, Scores=scores)
    for command in (["validate"], ["rank"], ["weights"], ["allocate"]):
        code, out, err = run(capsys, *command, path, "--json")
        assert code == 2
        line = "study.xlsx: Scores!C3: expected a number, found 'high'"
        assert json.loads(out) == {"status": "invalid", "errors": [line]}
        assert err.strip().splitlines()[-1] == line
        assert "Traceback" not in err


def test_bad_arguments_exit_2_through_the_same_path(capsys):
    for args, expected in (
        (["rank", STUDIES[0], "--method", "nope"], "--method: unknown method 'nope'"),
        (["rank", STUDIES[0], "--bogus"], "arguments: No such option: --bogus"),
        (["allocate", STUDIES[0], "--solver", "gurobi"], "--solver: expected highs or cbc, found 'gurobi'"),
        (["allocate", STUDIES[0], "--budget", "-5"], "--budget: expected a finite number >= 0, found -5.0"),
        (["weights", STUDIES[0], "--method", "nope"], "--method: unknown weighting method 'nope'"),
    ):
        code, out, err = run(capsys, *args, "--json")
        assert code == 2, args
        doc = json.loads(out)
        assert doc["status"] == "invalid" and doc["errors"][0].startswith(expected), doc


def test_infeasible_plan_exit_3(capsys, tmp_path):
    path = W.base(tmp_path)
    code, out, err = run(capsys, "allocate", path, "--budget", "50", "--json")
    assert code == 3
    doc = json.loads(out)
    assert doc["status"] == "infeasible" and doc["errors"]
    assert "budget" in doc["relaxations"] and "joint" in doc["relaxations"]
    assert doc["errors"][0] in err
    code, out, err = run(capsys, "allocate", path, "--budget", "50")
    assert code == 3 and out == "" and "budget" in err


def test_human_output(capsys):
    code, out, _ = run(capsys, "rank", STUDIES[1])
    assert code == 0 and "Guarantees multilateral" in out
    code, out, _ = run(capsys, "allocate", STUDIES[0])
    assert code == 0 and "risk: used 20 of 20" in out


def test_missing_file_and_folder(capsys, tmp_path):
    code, _, err = run(capsys, "validate", tmp_path / "nope.xlsx")
    assert code == 2 and err.strip() == "nope.xlsx: no such file"
    code, _, err = run(capsys, "validate", tmp_path)
    assert code == 2 and "is a folder" in err


def test_a_bug_is_exit_1_not_bad_input(capsys, monkeypatch):
    """An internal failure is reported as a bug (exit 1), never as bad input (exit 2)."""
    import decision.pipeline.ranked

    def broken(*args, **kwargs):
        raise ZeroDivisionError("injected")

    monkeypatch.setattr(decision.pipeline.ranked, "rank", broken)
    code, out, err = run(capsys, "rank", STUDIES[0], "--json")
    assert code == 1
    assert "internal error" in err and "Traceback" not in err and out == ""
    code, out, err = run(capsys, "rank", STUDIES[0], "--debug")
    assert code == 1 and "Traceback" in err and "ZeroDivisionError: injected" in err


def test_template_refuses_to_overwrite_without_force(capsys, tmp_path):
    path = tmp_path / "blank.xlsx"
    assert run(capsys, "template", path)[0] == 0
    code, _, err = run(capsys, "template", path)
    assert code == 2 and "already exists (use --force" in err
    assert run(capsys, "template", path, "--force")[0] == 0


@pytest.mark.parametrize("command", [["validate"], ["template", "{tmp}/t.xlsx"], ["allocate"], ["rank"]], ids=" ".join)
def test_skcriteria_is_not_imported(tmp_path, command):
    """`import skcriteria` takes seconds; commands that do not need it never import it."""
    args = [a.format(tmp=tmp_path) for a in command]
    code = (
        "import sys; from decision.cli import main; "
        f"rc = main({args!r}); "
        "print(rc, 'skcriteria' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert out.stdout.split()[-2:] == ["0", "False"], out.stderr


def test_console_script_entry_point():
    """The installed `decision` script runs as a separate process."""
    exe = Path(sys.executable).parent / "decision"
    out = subprocess.run([str(exe), "validate", str(STUDIES[0]), "--json"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["status"] == "valid"


def test_report_paths_and_overwrite_rules(capsys, tmp_path, monkeypatch):
    """The default report is replaced on each run; any other existing file needs --force; the input
    workbook is never written, not even with --force."""
    monkeypatch.chdir(tmp_path)
    study = W.base(tmp_path)
    default = tmp_path / "reports" / "study_report.xlsx"
    for _ in range(2):
        code, _, err = run(capsys, "report", study)
        assert code == 0, err
        assert default.is_file() and "wrote reports/study_report.xlsx" in err
    other = tmp_path / "other.xlsx"
    other.write_bytes(b"keep me")
    code, _, err = run(capsys, "report", study, "-o", other)
    assert code == 2 and "already exists (use --force" in err and other.read_bytes() == b"keep me"
    assert run(capsys, "report", study, "-o", other, "--force")[0] == 0
    before = study.read_bytes()
    code, _, err = run(capsys, "report", study, "-o", study, "--force")
    assert code == 2 and "the input is never overwritten" in err
    assert study.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temp files left


def test_weights_command_follows_the_settings(capsys, tmp_path):
    """`decision weights` without --method uses the Settings key `weights`, as ranking does."""
    criteria = [row[:2] + [None] + row[3:] if i else row for i, row in enumerate(W.BASE["Criteria"])]
    path = W.base(tmp_path, Criteria=criteria, Settings=[["setting", "value"], ["weights", "equal"]])
    code, out, err = run(capsys, "weights", path, "--json")
    assert code == 0, err
    assert json.loads(out)["method"] == "equal"
    code, out, _ = run(capsys, "weights", path, "--method", "direct", "--param", "x=1", "--json")
    assert code == 2 and json.loads(out)["errors"] == ["--param x: not a parameter of the weighting method 'direct' (it takes none)"]

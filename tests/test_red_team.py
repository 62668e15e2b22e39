"""The standing red-team test (issue 10): inputs that once crashed or hung the command, each built
in code, run through every command that takes a workbook, in a process of its own.

Whatever the input, a command ends with exit 0 (done), 2 (bad input) or 3 (no solution, solver
failure or time out) -- never 1, which is kept for bugs -- prints exactly one JSON document under
--json, and stays within 60 s and 1 GB of peak memory on the `make test` machine. Cluster
addresses and file-system refusals have their own tests (test_cluster_connect.py,
test_write_refusals.py); they are sampled here too, for one command each.
"""

from __future__ import annotations

import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from tests.workbooks import BASE, sheets, write

pytestmark = pytest.mark.slow

SECONDS = 60
PEAK_KB = 1024 * 1024  # 1 GB
AID = ["category", "unit", "unit_cost", "min_units", "max_units", "integer", "strength_per_unit", "risk_per_unit"]


def aid(*rows, budget=600, risk_cap=5, **more):
    return sheets(Aid=[AID, *rows], Settings=[["setting", "value"], ["budget", budget], ["risk_cap", risk_cap]], **more)


def small_study():
    """Three alternatives, weights 1, 2, 3, two whole-unit categories and a continuous one: the
    budget frontier at 15 points crashed HiGHS (a grid budget a hair below 5 x 10)."""
    return {
        "Alternatives": [["alternative"], ["A"], ["B"], ["C"]],
        "Criteria": [["criterion", "direction", "weight", "low", "high"],
                     ["c1", "max", 1, 0, 10], ["c2", "min", 2, 0, 10], ["c3", "max", 3, 0, 10]],
        "Scores": [["alternative", "c1", "c2", "c3"], ["A", 7, 3, 5], ["B", 4, 2, 8], ["C", 9, 6, 4]],
        "Aid": [AID, ["Air", "u", 10, 0, 5, "yes", 3, 1], ["Guns", "u", 20, 0, 4, "yes", 5, 2],
                ["Train", "u", 2, 0, 20, "no", 0.5, 0.1]],
        "Settings": [["setting", "value"], ["budget", 100], ["risk_cap", 8]],
    }


def zigzag():
    """A 1,000-point curve whose slope rises and falls: 1,000 binaries; the time limit bounds it."""
    rng = random.Random(1)
    rows, total = [["category", "units", "strength"]], 0.0
    for k in range(1, 1001):
        total += rng.choice([0.2, 3.0, 0.5, 2.5])
        rows.append(["air defense", k / 100, round(total, 3)])
    content = aid(["air defense", "battery", 100, 0, 10, "yes", 5, 1], ["training", "cohort", 10, 0, 20, "no", 1, 0.2],
                  AidCurve=rows)
    content["Settings"].append(["time_limit", 15])
    return content


def scores_of(value):
    content = sheets()
    content["Scores"] = [row[:] for row in BASE["Scores"]]
    content["Scores"][1][1] = value
    content["Scores"][2][3] = value
    return content


def named(name):
    content = sheets()
    content["Alternatives"] = [row[:] for row in BASE["Alternatives"]]
    content["Alternatives"][1][1] = name
    return content


CASES = {
    "small study, frontier at 15 points": small_study,
    "max_units 1e300": lambda: aid(["air defense", "battery", 100, 1, 1e300, "yes", 5, 1]),
    "strength 1e308": lambda: aid(["air defense", "battery", 100, 1, 10, "yes", 1e308, 1]),
    "AidEffects multiplier 1e300": lambda: sheets(AidEffects=[["category", "Guarantees", "Zone", "Baseline"],
                                                                ["air defense", 1e300, 1, 1]]),
    "AidLinks ratio 1e12": lambda: sheets(AidLinks=[["category", "requires", "ratio"], ["air defense", "training", 1e12]]),
    "AidLinks ratio 1e9 (the largest allowed)": lambda: aid(
        ["air defense", "battery", 100, 0, 10, "yes", 5, 1], ["training", "cohort", 1e-9, 0, 1e9, "no", 1e-9, 1e-9],
        AidLinks=[["category", "requires", "ratio"], ["air defense", "training", 1e9]]),
    "a very steep AidCurve": lambda: aid(["air defense", "battery", 100, 0, 10, "yes", 5, 1],
                                         AidCurve=[["category", "units", "strength"], ["air defense", 1e-9, 1e8],
                                                   ["air defense", 10, 1e9]]),
    "unit costs from 1e-6 to 1e9": lambda: aid(["air defense", "battery", 1e9, 0, 10, "yes", 5, 1],
                                               ["training", "cohort", 1e-6, 0, 1e6, "no", 1e-3, 1e-9], budget=5e9),
    "every aid number at its bound": lambda: aid(["air defense", "battery", 1e9, 0, 1e9, "yes", 1e9, 1e-9],
                                                 ["training", "cohort", 1e-9, 0, 1e9, "yes", 1e-9, 1e9], budget=1e15),
    "scores of 1e308": lambda: scores_of(1e308),
    "scores of 1e15 (the largest allowed)": lambda: scores_of(1e15),
    "ammunition: 10,000,000 whole units at 0.001": lambda: aid(
        ["air defense", "battery", 100, 1, 10, "yes", 5, 1], ["training", "cohort", 10, 0, 20, "no", 1, 0.2],
        ["ammunition", "round", 0.001, 0, 10_000_000, "yes", 0.0001, 0.0000001]),
    "a 1,000-point zig-zag AidCurve": zigzag,
    "a name of 1,001 characters": lambda: named("x" * 1001),
    "a text of 40 MB": lambda: named("y" * 40_000_000),
}

# (arguments after the workbook, whether the command takes --json)
COMMANDS = {
    "validate": (["validate"], True),
    "rank": (["rank"], True),
    "rank all": (["rank", "--method", "all"], True),
    "weights": (["weights", "--method", "equal"], True),
    "allocate": (["allocate"], True),
    "allocate frontier budget": (["allocate", "--frontier", "budget", "--points", "15"], True),
    "allocate frontier risk": (["allocate", "--frontier", "risk", "--points", "15"], True),
    "allocate sweep": (["allocate", "--sweep", "budget", "--points", "8"], True),
    "robustness": (["robustness", "--samples", "2000"], True),
    "report": (["report"], False),
}


def run_measured(args, cwd, timeout=SECONDS + 30):
    """(exit code, stdout, stderr, seconds, peak resident KB) of `python -m decision ARGS`, the
    peak read from the child's own rusage (os.wait4); a hang past `timeout` fails the test."""
    started = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen([sys.executable, "-m", "decision", *map(str, args)], cwd=cwd, stdout=out,
                                   stderr=err, stdin=subprocess.DEVNULL)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - started > timeout:
                process.kill()
                os.wait4(process.pid, 0)
                process.returncode = -9
                pytest.fail(f"still running after {timeout} s: decision {' '.join(map(str, args))}")
            time.sleep(0.02)
        seconds = time.monotonic() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return (process.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                seconds, usage.ru_maxrss)


def check(code, out, err, seconds, peak, as_json):
    assert code in (0, 2, 3), f"exit {code}:\n{err}"
    assert "Traceback" not in err and "internal error" not in err and "Exception ignored" not in err, err
    if as_json:
        json.loads(out)  # exactly one document: json.loads refuses trailing text
    assert seconds < SECONDS, f"{seconds:.1f} s"
    assert peak < PEAK_KB, f"{peak / 1024:.0f} MB"


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory):
    folder = tmp_path_factory.mktemp("red_team")
    return {name: write(folder / f"case{k}.xlsx", build()) for k, (name, build) in enumerate(CASES.items())}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", CASES)
def test_no_input_makes_a_command_crash_or_hang(workbooks, tmp_path, case, command):
    args, as_json = COMMANDS[command]
    extra = ["--json"] if as_json else ["-o", tmp_path / "report.xlsx"]
    code, out, err, seconds, peak = run_measured([args[0], workbooks[case], *args[1:], *extra], tmp_path)
    check(code, out, err, seconds, peak, as_json)


def test_the_small_study_runs_clean(workbooks, tmp_path):
    """The case the issue opened with: exit 0 and a report, not just 'no crash'."""
    code, _, err, _, _ = run_measured(["report", workbooks["small study, frontier at 15 points"], "-o",
                                       tmp_path / "r.xlsx"], tmp_path)
    assert code == 0 and (tmp_path / "r.xlsx").exists(), err


@pytest.mark.parametrize("args", [
    ["robustness", "--samples", "1000000000000"], ["robustness", "--samples", "1000000000"],
    ["allocate", "--frontier", "budget", "--points", "1000000000"], ["allocate", "--sweep", "budget", "--points", "1000000"],
    ["--time-limit", "-1", "allocate"], ["robustness", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:1",
                                         "--connect-timeout", "2"],
])
def test_absurd_options_are_refused_quickly(tmp_path, args):
    code, out, err, seconds, peak = run_measured([*args, "--json"], tmp_path)
    check(code, out, err, seconds, peak, True)
    assert code == 2, err


def test_a_silent_scheduler_is_exit_2_within_the_connect_timeout(tmp_path):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(20)
    port = server.getsockname()[1]
    held = []
    threading.Thread(target=lambda: held.append(server.accept()), daemon=True).start()  # accept, never answer
    try:
        code, out, err, seconds, peak = run_measured(
            ["robustness", "--engine", "dask", "--scheduler", f"tcp://127.0.0.1:{port}", "--connect-timeout", "2",
             "--json"], tmp_path)
    finally:
        server.close()
    check(code, out, err, seconds, peak, True)
    assert code == 2 and seconds < 2 + 5 + 5  # the timeout, plus start-up on a loaded machine


@pytest.mark.parametrize("where", ["name too long", "reports is a file"])
def test_outputs_the_system_refuses_are_exit_2(tmp_path, where):
    if where == "reports is a file":
        (tmp_path / "reports").write_text("not a folder")
        args = ["report"]
    else:
        args = ["report", "-o", tmp_path / ("r" * 300 + ".xlsx")]
    code, out, err, seconds, peak = run_measured(args, tmp_path)
    check(code, out, err, seconds, peak, False)
    assert code == 2 and "cannot be written" in err, err

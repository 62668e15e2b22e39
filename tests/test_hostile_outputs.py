"""Nothing lost: a report appears whole or not at all, never replaces the input workbook nor another
file without --force, and records the input's SHA-256 and the versions that produced it.
"""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import openpyxl
import pytest

import decision
from tests import hostile as H
from tests import workbooks as W
from tests.workbooks import run


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def study(tmp_path):
    return W.base(tmp_path, "study.xlsx")


@pytest.fixture
def previous(capsys, tmp_path, study):
    """A report written once (alone: no brief beside it), to be overwritten by the tests."""
    out = tmp_path / "out" / "report.xlsx"
    out.parent.mkdir()
    code, _, err = run(capsys, "report", study, "-o", out, "--no-brief")
    assert code == 0, err
    return out


def half_then(fail):
    """A stand-in for openpyxl's Workbook.save that writes the first half of the real file to the
    target (the temporary file) and then calls `fail` there: a write broken at a chosen point."""
    real_save = openpyxl.Workbook.save

    def save(self, filename):
        buffer = io.BytesIO()
        real_save(self, buffer)
        data = buffer.getvalue()
        with open(filename, "wb") as f:
            f.write(data[: len(data) // 2])
            f.flush()
        fail()

    return save


def test_a_write_failing_midway_leaves_the_previous_report_and_no_temporary_file(capsys, monkeypatch, study, previous):
    before = snapshot(previous.parent)

    def disk_full():
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(openpyxl.Workbook, "save", half_then(disk_full))
    code, out, err = run(capsys, "report", study, "-o", previous, "--force")
    assert code == 2 and out == "" and "Traceback" not in err
    assert err.strip().splitlines()[-1] == f"{previous}: cannot be written: No space left on device"
    assert snapshot(previous.parent) == before  # the old report, byte for byte, and nothing else
    openpyxl.load_workbook(previous)  # still a whole workbook


def signalled_midway(study, previous, send) -> subprocess.Popen:
    """A `decision report` process that writes half its temporary file, prints "half written" and
    waits on stdin; `send(child)` signals it at that point; returned once it has ended."""
    script = f"""
import io, sys, openpyxl
real = openpyxl.Workbook.save
def save(self, filename):
    buffer = io.BytesIO(); real(self, buffer); data = buffer.getvalue()
    with open(filename, "wb") as f:
        f.write(data[: len(data) // 2]); f.flush()
    print("half written", flush=True); sys.stdin.readline()
openpyxl.Workbook.save = save
from decision.cli import main
sys.exit(main(["report", {str(study)!r}, "-o", {str(previous)!r}, "--force"]))
"""
    child = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "half written"
        send(child)
    finally:
        child.wait(timeout=60)
    return child


def test_a_process_killed_midway_leaves_the_previous_report(tmp_path, study, previous):
    """A real SIGKILL at a chosen point: the child writes half the temporary file, says so, and
    waits; the parent kills it. The report is untouched; only a hidden temporary file is left."""
    before = previous.read_bytes()
    child = signalled_midway(study, previous, subprocess.Popen.kill)
    assert child.returncode == -9
    assert previous.read_bytes() == before
    left = [p.name for p in previous.parent.iterdir() if p.name != previous.name]
    assert len(left) == 1 and left[0].startswith(".report.xlsx.") and left[0].endswith(".tmp")


def test_a_process_terminated_midway_leaves_the_previous_report_and_no_temporary_file(tmp_path, study, previous):
    """SIGTERM (what `kill`, a timeout or a closing session sends) at the same point: the command
    says "terminated" and exits 143; the report is untouched and the temporary file is removed."""
    before = previous.read_bytes()
    child = signalled_midway(study, previous, subprocess.Popen.terminate)
    assert child.returncode == 143
    assert previous.read_bytes() == before
    assert [p.name for p in previous.parent.iterdir()] == [previous.name]
    assert child.stderr.read().strip().splitlines()[-1] == "terminated"


def test_the_input_workbook_is_never_replaced(capsys, tmp_path, study):
    before = study.read_bytes()
    link = tmp_path / "link.xlsx"
    link.symlink_to(study)
    (tmp_path / "sub").mkdir()
    for target in (study, link, tmp_path / "sub" / ".." / "study.xlsx"):
        code, _, err = run(capsys, "report", study, "-o", target, "--force")
        assert code == 2 and f"{target}: is the input workbook; the input is never overwritten (choose another -o)" in err
    assert study.read_bytes() == before and link.is_symlink()


def test_an_existing_file_is_replaced_only_with_force(capsys, tmp_path, study):
    other = tmp_path / "notes.xlsx"
    other.write_bytes(b"someone's notes")
    code, _, err = run(capsys, "report", study, "-o", other)
    assert code == 2 and err.strip() == f"{other}: already exists (use --force to replace it)"
    assert other.read_bytes() == b"someone's notes"
    code, _, err = run(capsys, "report", study, "-o", other, "--force")
    assert code == 0 and openpyxl.load_workbook(other).sheetnames[0] == "Summary"


def test_the_default_report_is_replaced_on_each_run(capsys, tmp_path, monkeypatch, study):
    monkeypatch.chdir(tmp_path)
    for _ in range(2):
        code, _, err = run(capsys, "report", study)
        assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == ["study_brief.pdf", "study_report.xlsx"]


@pytest.mark.parametrize("command", [["validate"], ["rank"], ["report"], ["report", "-o", "{tmp}/r.xlsx"]], ids=" ".join)
def test_bad_input_writes_and_modifies_nothing(capsys, tmp_path, monkeypatch, command):
    """A workbook with a bad cell, and one that is not a workbook: exit 2; the input keeps its bytes
    and its modification time, and no file or folder appears."""
    monkeypatch.chdir(tmp_path)
    scores = [row[:] for row in W.BASE["Scores"]]
    scores[2][2] = "high"
    bad = W.base(tmp_path, "bad.xlsx", Scores=scores)
    broken = H.write(tmp_path / "broken.xlsx", b"PK\x03\x04 truncated")
    for path in (bad, broken):
        os.utime(path, (1_000_000_000, 1_000_000_000))
        before = snapshot(tmp_path)
        args = [a.format(tmp=tmp_path) for a in command]
        code, _, err = run(capsys, args[0], path, *args[1:])
        assert code == 2 and "Traceback" not in err
        assert snapshot(tmp_path) == before and path.stat().st_mtime == 1_000_000_000
        assert not (tmp_path / "reports").exists()


def test_every_report_records_the_input_hash_and_the_versions(capsys, tmp_path, study):
    path = tmp_path / "r.xlsx"
    assert run(capsys, "report", study, "-o", path)[0] == 0
    wb = openpyxl.load_workbook(path)
    labels = {row[0]: row[1] for row in wb["Inputs"].iter_rows(values_only=True) if row and row[0]}
    assert labels["Input file"] == "study.xlsx"
    assert labels["SHA-256"] == hashlib.sha256(study.read_bytes()).hexdigest()
    assert labels["decision version"] == decision.__version__
    for name in ("numpy", "pandas", "openpyxl", "pulp", "highspy", "scikit-criteria"):
        assert labels[name] == metadata.version(name)
    assert labels["Written (UTC)"].endswith("+00:00")
    summary = [str(v) for row in wb["Summary"].iter_rows(values_only=True) for v in row if v is not None]
    assert any("the Inputs sheet" in text for text in summary)  # the one-page brief points to the provenance
    # a different input gives a different hash: the record traces the exact file
    other = W.base(tmp_path, "study.xlsx", Settings=W.BASE["Settings"] + [["seed", 7]])
    assert run(capsys, "report", other, "-o", path, "--force")[0] == 0
    labels = {row[0]: row[1] for row in openpyxl.load_workbook(path)["Inputs"].iter_rows(values_only=True) if row and row[0]}
    assert labels["SHA-256"] == hashlib.sha256(other.read_bytes()).hexdigest()

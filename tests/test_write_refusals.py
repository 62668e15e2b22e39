"""When the operating system refuses a write (a name too long, a file where a folder should be, a
read-only folder, a full disk), `report`, `brief`, `template` and `allocate --export-model` say so on one line,
`PATH: cannot be written: REASON`, and exit 2 (it is the user's to fix, not a bug); a previous file
at the target keeps its bytes and no temporary file is left.

The read-only folder and the full disk are real: a small tmpfs mounted in the test's folder, then
remounted read-only or filled. Where mounting is not permitted (not root, an unprivileged container;
or DECISION_TESTS_NO_MOUNT=1), the same tests run with the lowest-level calls patched to fail with
the same errno (`tempfile.mkstemp` and `os.mkdir` with EROFS, `os.fsync` with ENOSPC).
"""

from __future__ import annotations

import errno
import gc
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests import workbooks as W
from tests.workbooks import run

COMMANDS = ("report", "brief", "template", "allocate")
SUFFIX = {"report": ".xlsx", "brief": ".pdf", "template": ".xlsx", "allocate": ".lp"}


def command(name: str, study: Path, target, *extra) -> list:
    """The arguments of `name` writing `target`."""
    # the report alone (its brief beside it is the brief command's case: a name at the limit leaves it no room)
    args = {"report": ["report", study, "-o", target, "--no-brief"], "brief": ["brief", study, "-o", target],
            "template": ["template", target],
            "allocate": ["allocate", study, "--export-model", target]}[name]
    return args + list(extra)


def refused(capsys, name: str, study: Path, target, line: str, *extra) -> None:
    """`name` writing `target`: exit 2, `line` alone on stderr and nothing on stdout; with --json
    (allocate: the only one of the three that has it), the same line and the JSON document."""
    code, out, err = run(capsys, *command(name, study, target, *extra))
    assert (code, out, err) == (2, "", line + "\n")
    if name == "allocate":
        code, out, err = run(capsys, *command(name, study, target, *extra), "--json")
        assert (code, err) == (2, line + "\n")
        assert json.loads(out) == {"status": "invalid", "errors": [line]}


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden temporary files too) with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def written(capsys, name: str, study: Path, target: Path) -> bytes:
    """Write `target` with `name` (the previous file of a test); its bytes."""
    code, _, err = run(capsys, *command(name, study, target))
    assert code == 0, err
    return target.read_bytes()


@pytest.fixture
def study(tmp_path):
    return W.base(tmp_path, "study.xlsx")


# --- a folder the operating system refuses to write into -------------------------------------------

def _mount(folder: Path, options: str) -> bool:
    if os.environ.get("DECISION_TESTS_NO_MOUNT") or not shutil.which("mount"):
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True)
    return done.returncode == 0


def _unmount(folder: Path) -> None:
    if Path.cwd().resolve().is_relative_to(folder.resolve()):  # monkeypatch.chdir undoes itself later
        os.chdir(folder.parent)
    if subprocess.run(["umount", str(folder)], capture_output=True).returncode:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def _inside(path, folder: Path) -> bool:
    return Path(os.path.abspath(path)).resolve().is_relative_to(folder.resolve())


class Refusing:
    """A folder whose writes the operating system refuses once `refuse()` is called ("read-only" or
    "full"): a 256 kB tmpfs remounted read-only or filled to the last byte, or, where mounting is
    not permitted, the lowest-level calls patched to raise the same error."""

    def __init__(self, folder: Path, kind: str, monkeypatch, mounted: bool):
        self.folder, self.kind, self.monkeypatch, self.mounted = folder, kind, monkeypatch, mounted

    def refuse(self) -> None:
        if self.mounted and self.kind == "read-only":
            subprocess.run(["mount", "-o", "remount,ro", str(self.folder)], check=True, capture_output=True)
            with pytest.raises(OSError) as info:
                (self.folder / "probe").write_bytes(b"")
            assert info.value.errno == errno.EROFS
        elif self.mounted:
            with open(self.folder / "filler", "wb", buffering=0) as f:
                with pytest.raises(OSError) as info:
                    while True:
                        f.write(b"\0" * 4096)
            assert info.value.errno == errno.ENOSPC
        elif self.kind == "read-only":
            self._fail(tempfile, "mkstemp", errno.EROFS, lambda *a, dir=None, **k: _inside(dir, self.folder))
            self._fail(os, "mkdir", errno.EROFS, lambda path, *a, **k: _inside(path, self.folder))
        else:
            self._fail(os, "fsync", errno.ENOSPC, lambda *a, **k: True)

    def _fail(self, module, name: str, code: int, applies) -> None:
        real = getattr(module, name)

        def failing(*args, **kwargs):
            if applies(*args, **kwargs):
                raise OSError(code, os.strerror(code))
            return real(*args, **kwargs)

        self.monkeypatch.setattr(module, name, failing)


@pytest.fixture
def refusing(tmp_path, monkeypatch, request):
    """refusing(kind) -> Refusing: a fresh folder under tmp_path; unmounted at the end."""
    made = []

    def make(kind: str) -> Refusing:
        folder = tmp_path / f"{kind}-{len(made)}"
        folder.mkdir()
        mounted = _mount(folder, "size=256k")
        if mounted:
            request.addfinalizer(lambda: _unmount(folder))
        made.append(folder)
        return Refusing(folder, kind, monkeypatch, mounted)

    return make


@pytest.fixture
def unraisable(monkeypatch):
    """Exceptions Python could only print ("Exception ignored in: ..." and a traceback on stderr)."""
    seen = []
    monkeypatch.setattr(sys, "unraisablehook", seen.append)
    yield seen


# --- a name too long --------------------------------------------------------------------------------

@pytest.mark.parametrize("name", COMMANDS)
def test_a_name_too_long_is_refused(capsys, tmp_path, study, name):
    target = tmp_path / ("a" * 300 + SUFFIX[name])
    before = snapshot(tmp_path)
    refused(capsys, name, study, target, f"{target}: cannot be written: File name too long")
    refused(capsys, name, study, target, f"{target}: cannot be written: File name too long", "--force")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("name", COMMANDS)
def test_a_name_at_the_file_systems_limit_is_written(capsys, tmp_path, study, name):
    """255 bytes (ASCII, and two-byte é): written, and no temporary file left (its name, longer than
    the target's, is cut to fit)."""
    for stem in ("a" * (255 - len(SUFFIX[name])), "é" * ((255 - len(SUFFIX[name])) // 2)):
        folder = tmp_path / f"{len(stem)}"
        folder.mkdir()
        target = folder / (stem + SUFFIX[name])
        assert len(os.fsencode(target.name)) <= 255
        code, _, err = run(capsys, *command(name, study, target))
        assert code == 0 and err.strip().splitlines()[-1] == f"wrote {target}"
        assert [p.name for p in folder.iterdir()] == [target.name]


# --- a file where a folder should be ----------------------------------------------------------------

@pytest.mark.parametrize("name", COMMANDS)
@pytest.mark.parametrize("under", ["somefile", "somefile/sub"])
def test_a_file_where_the_folder_should_be_is_refused(capsys, tmp_path, study, name, under):
    blocker = tmp_path / "somefile"
    blocker.write_bytes(b"someone's notes")
    target = tmp_path / under / f"x{SUFFIX[name]}"
    before = snapshot(tmp_path)
    refused(capsys, name, study, target, f"{target}: cannot be written: {blocker} is a file, not a folder", "--force")
    assert snapshot(tmp_path) == before


def test_a_file_named_reports_where_the_default_folder_should_be(capsys, tmp_path, monkeypatch, study):
    monkeypatch.chdir(tmp_path)
    Path("reports").write_bytes(b"someone's notes")
    before = snapshot(tmp_path)
    code, out, err = run(capsys, "report", study)
    assert (code, out, err) == (2, "", "reports/study_report.xlsx: cannot be written: reports is a file, not a folder\n")
    assert snapshot(tmp_path) == before


# --- a read-only folder -----------------------------------------------------------------------------

@pytest.mark.parametrize("name", COMMANDS)
def test_a_read_only_folder_is_refused_and_the_previous_file_kept(capsys, refusing, study, name):
    ro = refusing("read-only")
    target = ro.folder / f"previous{SUFFIX[name]}"
    written(capsys, name, study, target)
    before = snapshot(ro.folder)
    ro.refuse()
    refused(capsys, name, study, target, f"{target}: cannot be written: Read-only file system", "--force")
    assert snapshot(ro.folder) == before


@pytest.mark.parametrize("previous", [False, True], ids=["first report", "previous report"])
def test_the_default_report_in_a_read_only_folder(capsys, refusing, monkeypatch, study, previous):
    """`decision report` in a read-only current folder: the reports/ folder cannot be made (or the
    report in it cannot be replaced)."""
    ro = refusing("read-only")
    monkeypatch.chdir(ro.folder)
    if previous:
        assert run(capsys, "report", study)[0] == 0
        assert snapshot(ro.folder).keys() == {"reports/study_report.xlsx", "reports/study_brief.pdf"}
    before = snapshot(ro.folder)
    ro.refuse()
    code, out, err = run(capsys, "report", study)
    assert (code, out, err) == (2, "", "reports/study_report.xlsx: cannot be written: Read-only file system\n")
    assert snapshot(ro.folder) == before


# --- a full disk ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", COMMANDS)
def test_a_full_disk_is_refused_and_the_previous_file_kept(capsys, refusing, unraisable, study, name):
    full = refusing("full")
    target = full.folder / f"previous{SUFFIX[name]}"
    written(capsys, name, study, target)
    full.refuse()
    before = snapshot(full.folder)
    refused(capsys, name, study, target, f"{target}: cannot be written: No space left on device", "--force")
    assert snapshot(full.folder) == before
    gc.collect()
    assert unraisable == []  # openpyxl's half-written zip archive is closed quietly, not at exit with a traceback


@pytest.mark.parametrize("name", COMMANDS)
def test_a_full_disk_prints_one_line_in_a_real_process(capsys, refusing, study, name):
    """The whole stderr of `python -m decision`: the one line (no "Exception ignored" traceback when
    the interpreter later collects the writer's objects)."""
    full = refusing("full")
    target = full.folder / f"previous{SUFFIX[name]}"
    written(capsys, name, study, target)
    full.refuse()
    if not full.mounted:
        pytest.skip("the patched os.fsync is in this process only; the in-process test covers the line")
    done = subprocess.run([sys.executable, "-m", "decision", *map(str, command(name, study, target, "--force"))],
                          capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", f"{target}: cannot be written: No space left on device\n")

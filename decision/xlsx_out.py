"""Writing workbooks safely: text stays text (never a formula) and files appear whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from decision.errors import InputError

# A cell beginning with one of these is taken as a formula (or DDE) by some spreadsheet program.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def put_text(cell, value) -> None:
    """Write `value` as a text cell; a leading formula character gets Excel's quote prefix."""
    text = "" if value is None else str(value)
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True


def check_target(path: Path, *, force: bool, protected: tuple[Path, ...] = (), may_replace: Path | None = None) -> None:
    """Refuse to write onto an input, or onto an existing file without --force."""
    path = Path(path)
    resolved = path.resolve()
    for p in protected:
        if p and Path(p).resolve() == resolved:
            raise InputError(f"{path}: is the input workbook; the input is never overwritten (choose another -o)")
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give a file name")
    if path.exists() and not force and (may_replace is None or Path(may_replace).resolve() != resolved):
        raise InputError(f"{path}: already exists (use --force to replace it)")
    if not path.parent.exists():
        raise InputError(f"{path.parent}: no such folder")


def save_atomically(path, write) -> None:
    """Call `write(tmp_path)` on a temporary file beside `path`, then rename it into place.

    A failure (or a kill) during `write` leaves any previous file at `path` untouched.
    """
    path = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise InputError(f"{path}: cannot be written: {exc.strerror or exc}") from None
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o644)
        with open(tmp, "rb+") as f:  # on disk before the rename, so a crash cannot leave a truncated file
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as exc:  # disk full, permissions, a read-only folder: the user's to fix, not a bug
        _remove(tmp)
        raise InputError(f"{path}: cannot be written: {exc.strerror or exc}") from None
    except BaseException:
        _remove(tmp)
        raise


def _remove(tmp: str) -> None:
    if os.path.exists(tmp):
        os.unlink(tmp)

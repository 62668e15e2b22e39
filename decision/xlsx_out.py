"""Writing workbooks safely: text stays text (never a formula) and files appear whole or not at all."""

from __future__ import annotations

import gc
import os
import sys
import tempfile
import traceback
from pathlib import Path

from decision.errors import InputError, option

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
    """Refuse to write onto an input, or onto an existing file without --force; and refuse, as bad
    input, a target the operating system will not let us look at (a name too long, ...)."""
    path = Path(path)
    try:
        _check_target(path, force, protected, may_replace)
    except OSError as exc:
        raise cannot_write(path, exc) from None


def _check_target(path: Path, force: bool, protected: tuple[Path, ...], may_replace: Path | None) -> None:
    resolved = path.resolve()
    for p in protected:
        if p and Path(p).resolve() == resolved:
            raise InputError(f"{path}: is the input workbook; the input is never overwritten (choose another -o)")
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give a file name")
    if path.exists() and not force and (may_replace is None or Path(may_replace).resolve() != resolved):
        raise InputError(f"{path}: already exists (use {option('force')} to replace it)")
    blocked = _not_a_folder(path.parent)
    if blocked:
        raise InputError(f"{path}: cannot be written: {blocked}")
    if not path.parent.exists():
        raise InputError(f"{path.parent}: no such folder")


def make_folder_for(path) -> None:
    """Create the folder of `path` (and its parents) if missing: the default reports/ folder."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):  # a file (or a link to nowhere) where a folder should be
        raise InputError(f"{path}: cannot be written: {_not_a_folder(path.parent) or 'not a folder'}") from None
    except OSError as exc:  # read-only, permission denied, disk full, a name too long
        raise cannot_write(path, exc) from None


def cannot_write(path, exc: OSError) -> InputError:
    """The operating system refused to write `path`: the user's to fix (exit 2), not a bug."""
    return InputError(f"{path}: cannot be written: {exc.strerror or exc}")


def _not_a_folder(folder: Path) -> str | None:
    """Why `folder` cannot hold a file, when something other than a folder stands where it or one
    of its parents should be (None when the nearest existing one is a folder, or none exists)."""
    for p in (folder, *folder.parents):
        if os.path.lexists(p):
            if p.is_dir():
                return None
            return f"{p} is a file, not a folder" if p.is_file() else f"{p} is not a folder"
    return None


def save_atomically(path, write) -> None:
    """Call `write(tmp_path)` on a temporary file beside `path`, then rename it into place.

    A failure (or a kill) during `write` leaves any previous file at `path` untouched.
    """
    path = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=_temporary_prefix(path.name), suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise cannot_write(path, exc) from None
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o644)
        with open(tmp, "rb+") as f:  # on disk before the rename, so a crash cannot leave a truncated file
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as exc:  # disk full, permissions, a read-only folder: the user's to fix, not a bug
        error = cannot_write(path, exc)
        _close_quietly(exc)
        _remove(tmp)
        raise error from None
    except BaseException:
        _remove(tmp)
        raise


def _temporary_prefix(name: str) -> str:
    """".NAME." with NAME cut to 200 bytes: the temporary file's name (prefix, 8 random characters,
    ".tmp") stays within the 255 bytes a file system allows whenever the target's own name does."""
    name = name[:200]
    while len(os.fsencode(name)) > 200:
        name = name[:-1]
    return f".{name}."


def _close_quietly(exc: OSError) -> None:
    """Close now what the failed writer left open. openpyxl leaves its zip archive open when a write
    fails (disk full); its frames in the traceback hold it, and closing it retries the write and
    fails again, which Python would print later as "Exception ignored in: ZipFile.__del__" and a
    traceback under the one-line refusal."""
    hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None
    try:
        traceback.clear_frames(exc.__traceback__)
        exc.__traceback__ = None
        gc.collect()
    finally:
        sys.unraisablehook = hook


def _remove(tmp: str) -> None:
    try:
        if os.path.exists(tmp):
            os.unlink(tmp)
    except OSError:  # the refusal being reported matters more than a temporary file left behind
        pass

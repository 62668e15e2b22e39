"""Where a report came from: the input file and its hash, the software versions, the time.

A decision-maker's copy must be traceable to the exact workbook and code that produced it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

import decision
from decision.model import Study

# Distribution names as installed; scikit-criteria is looked up, never imported (it takes seconds).
LIBRARIES = ("numpy", "pandas", "openpyxl", "pulp", "highspy", "scikit-criteria")


@dataclass(frozen=True)
class Provenance:
    input_file: str
    sha256: str
    tool_version: str
    libraries: tuple[tuple[str, str], ...]
    written_at: str  # UTC, ISO 8601


def library_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def collect(study: Study) -> Provenance:
    return Provenance(
        input_file=Path(study.source).name if study.source else "(built in code, no file)",
        sha256=study.sha256 or "(no file)",
        tool_version=decision.__version__,
        libraries=tuple((name, library_version(name)) for name in LIBRARIES),
        written_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
    )

"""Where the shipped study is: inside the installed package (the wheel copies it there), or in the
source tree's criteria/ folder for an editable install."""

from __future__ import annotations

from pathlib import Path

NAME = "settlement_scenarios.xlsx"


def shipped_study() -> Path:
    installed = Path(__file__).resolve().parents[1] / "data" / NAME
    if installed.is_file():
        return installed
    return Path(__file__).resolve().parents[2] / "criteria" / NAME

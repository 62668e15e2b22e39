"""Figures written for people, one way for the brief, the Summary and the report's sentences:
weights 0.000, percentages and standard errors with one decimal, amounts with thousands separators
and no float noise (a light module: the report's words import it without the pipeline)."""

from __future__ import annotations


def weight(x: float) -> str:
    return f"{float(x):.3f}"


def percent(x: float) -> str:
    return f"{100 * float(x):.1f}%"


def points(x: float) -> str:
    """A standard error of a share, in percentage points."""
    return f"{100 * float(x):.1f}"


def amount(x: float) -> str:
    """An amount of money, risk or strength: 4,000, 2,960.5, 12.5, 0.25 (thousands separated)."""
    x = float(x)
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    if abs(x) >= 10:
        return f"{x:,.1f}"
    return f"{x:,.3g}"


def strength(x: float) -> str:
    """A package's strength, one decimal (a column of them lines up): 93.8, 84.0, 1,204.5."""
    return f"{float(x):,.1f}"


def score(x: float) -> str:
    return f"{float(x):.3f}"


def number(x: float) -> str:
    """A score as the workbook states it (8, 6.5, 1.23e+04 stays readable)."""
    return f"{float(x):.4g}"

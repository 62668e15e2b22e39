"""Plain, immutable domain types shared by every analysis.

A `Study` is what a criteria workbook says, checked and normalized; analyses are pure
functions of it. Arrays are read-only so that no analysis can change a study under another.
"""

from __future__ import annotations

import datetime as _dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

import numpy as np

from decision.errors import Problem


def normalize(name) -> str:
    """How names are matched: case and surrounding spaces (also non-breaking ones) ignored."""
    return str(name).strip().casefold()


def closest(name: str, candidates) -> str | None:
    """The candidate that `name` most likely misspells, if any."""
    by_key = {normalize(c): c for c in candidates}
    match = difflib.get_close_matches(normalize(name), list(by_key), n=1, cutoff=0.75)
    return by_key[match[0]] if match else None


def _frozen(array) -> np.ndarray | None:
    if array is None:
        return None
    out = np.array(array, dtype=float)
    out.setflags(write=False)
    return out


@dataclass(frozen=True)
class Alternative:
    name: str
    description: str = ""


@dataclass(frozen=True)
class Criterion:
    """One criterion: its direction, its (raw) weight and the scale its values refer to."""

    name: str
    direction: str  # "max" or "min"
    weight: float | None = None  # raw, as typed; None when blank
    unit: str = ""
    description: str = ""
    low: float | None = None
    high: float | None = None
    swing: float | None = None  # swing weighting points, 0-100
    rank: float | None = None  # importance rank, 1 = most important
    preference: str = "usual"  # PROMETHEE preference function
    q: float | None = None  # PROMETHEE indifference threshold
    p: float | None = None  # PROMETHEE preference threshold
    s: float | None = None  # PROMETHEE Gaussian parameter
    weight_low: float | None = None  # robustness: the lowest normalized weight (--weight-info intervals)
    weight_high: float | None = None  # and the highest
    source: str = ""  # "allocation": the scores are each scenario's optimal aid strength (no Scores column)

    @property
    def maximize(self) -> bool:
        return self.direction == "max"

    @property
    def from_allocation(self) -> bool:
        return self.source == "allocation"


@dataclass(frozen=True)
class AidCategory:
    """One aid category. `curve` (AidCurve): cumulative strength at unit counts, from (0, 0),
    piecewise-linear between points; it replaces `strength_per_unit` when given."""

    name: str
    unit: str
    unit_cost: float
    min_units: float
    max_units: float
    integer: bool
    strength_per_unit: float
    risk_per_unit: float
    curve: tuple[tuple[float, float], ...] = ()

    def strength(self, units):
        """Strength of `units` (a number or an array): on the curve, else strength_per_unit x units."""
        u = np.asarray(units, dtype=float)
        if self.curve:
            xs, ys = zip(*self.curve)
            if xs[0] > 0:  # the curve starts from (0, 0)
                xs, ys = (0.0, *xs), (0.0, *ys)
            out = np.interp(u, xs, ys)
        else:
            out = self.strength_per_unit * u
        return out if out.ndim else float(out)


@dataclass(frozen=True)
class AidLink:
    """A prerequisite (AidLinks): units of `requires` >= `ratio` x units of `category`."""

    category: str
    requires: str
    ratio: float


@dataclass(frozen=True)
class Origin:
    """What the reader recorded of the workbook's layout, so that a problem an analysis finds (a
    criterion and a field) can name its cell without the analysis knowing the layout: the cells by
    (sheet, row name, column) -> (sheet title, cell or range), a column's span under row name "";
    and which columns each sheet had (normalized headers), a fact some analyses depend on."""

    cells: Mapping[tuple[str, str, str], tuple[str, str]] = field(default_factory=dict)
    columns: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "cells", MappingProxyType(dict(self.cells)))
        object.__setattr__(self, "columns", MappingProxyType({k: frozenset(v) for k, v in self.columns.items()}))


@dataclass(frozen=True)
class About:
    """The study's identity (the optional About sheet): who wrote it, when, how it is marked and
    what every reader must be told. Text is kept as typed (never a formula); "" when not given.
    `date` is a date (a date cell, or text typed as YYYY-MM-DD) or the text as typed; `notes` are the
    sheet's other topics, (topic, text) in sheet order."""

    title: str = ""
    author: str = ""
    organisation: str = ""
    date: _dt.date | str | None = None
    classification: str = ""
    caveat: str = ""
    notes: tuple[tuple[str, str], ...] = ()

    @property
    def date_text(self) -> str:
        """The date as printed: YYYY-MM-DD for a date, else the text as typed ("" when not given)."""
        if isinstance(self.date, _dt.datetime):
            return self.date.date().isoformat()
        if isinstance(self.date, _dt.date):
            return self.date.isoformat()
        return self.date or ""

    def identity(self) -> list[tuple[str, str]]:
        """(topic, text) of each identity topic given, in the order of ABOUT_TOPICS, the date as printed."""
        values = {topic: self.date_text if topic == "date" else getattr(self, topic) for topic in ABOUT_TOPICS}
        return [(topic, text) for topic, text in values.items() if text]


ABOUT_TOPICS = ("title", "author", "organisation", "date", "classification", "caveat")


class IncompleteStudy(RuntimeError):
    """An analysis was given a study whose allocation-sourced scores are not filled: a bug."""


@dataclass(frozen=True, eq=False)
class Study:
    """A checked criteria workbook.

    `scores` is (alternatives x criteria). `scores_low`/`scores_high` hold the uncertainty range
    (equal to `scores` where a cell was blank). `pairwise` is the AHP judgement matrix. A criterion
    with source = allocation has NaN scores until `decision.pipeline.complete` fills them. `aid_effects` multiplies each category's strength under each scenario.
    """

    name: str
    alternatives: tuple[Alternative, ...] = ()
    criteria: tuple[Criterion, ...] = ()
    scores: np.ndarray | None = None
    scores_low: np.ndarray | None = None
    scores_high: np.ndarray | None = None
    rationale: tuple[tuple[str, ...], ...] | None = None
    pairwise: np.ndarray | None = None
    aid: tuple[AidCategory, ...] = ()
    aid_links: tuple[AidLink, ...] = ()
    aid_effects: np.ndarray | None = None  # (alternatives x aid categories): strength multipliers per scenario
    settings: Mapping[str, object] = field(default_factory=dict)
    setting_units: Mapping[str, str] = field(default_factory=dict)  # e.g. "budget" -> "EUR million"
    source: str = ""  # path of the workbook
    sha256: str = ""  # of the workbook's bytes
    warnings: tuple[str, ...] = ()  # what the reader assumed or adjusted, for stderr
    origin: Origin = field(default_factory=Origin)  # where things came from in the workbook
    about: About = field(default_factory=About)  # the About sheet: title, author, date, caveat, notes

    def __post_init__(self):
        for name in ("scores", "scores_low", "scores_high", "pairwise", "aid_effects"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))
        object.__setattr__(self, "settings", MappingProxyType(dict(self.settings)))
        object.__setattr__(self, "setting_units", MappingProxyType(dict(self.setting_units)))

    # --- convenient views -------------------------------------------------------------
    @property
    def label(self) -> str:
        """How error lines name the study: its workbook's file name."""
        return Path(self.source).name if self.source else self.name

    def has_column(self, sheet: str, column: str) -> bool:
        """Whether the workbook's `sheet` had the column `column` (filled or not)."""
        return normalize(column) in self.origin.columns.get(sheet, ())

    def problem(self, message: str, *, sheet: str | None = None, row: str | None = None,
                column: str | None = None, option: str | None = None) -> Problem:
        """A problem with this study: of `column` in `row` of `sheet` (row "" for the whole column),
        at the cell the reader recorded for them, else the sheet alone."""
        title, cell = self.origin.cells.get((sheet, row if row is not None else "", column), (sheet, None))
        return Problem(message, file=self.label, sheet=title, cell=cell, row=row, column=column, option=option)

    @property
    def title(self) -> str:
        """The study's title: the About sheet's, else the workbook's file name without its extension."""
        return self.about.title or self.name

    @property
    def alternative_names(self) -> list[str]:
        return [a.name for a in self.alternatives]

    @property
    def criterion_names(self) -> list[str]:
        return [c.name for c in self.criteria]

    @property
    def maximize(self) -> np.ndarray:
        """Boolean (n,): True where more is better."""
        return np.array([c.maximize for c in self.criteria], dtype=bool)

    @property
    def has_weights(self) -> bool:
        return bool(self.criteria) and all(c.weight is not None for c in self.criteria)

    @property
    def weights(self) -> np.ndarray:
        """The direct weights normalized to sum 1 (the reader has checked they can be)."""
        raw = np.array([c.weight for c in self.criteria], dtype=float)
        return raw / raw.sum()

    @property
    def allocation_criteria(self) -> list[int]:
        """Indexes of the criteria whose scores come from the allocation (Criteria source = allocation)."""
        return [j for j, c in enumerate(self.criteria) if c.from_allocation]

    @property
    def needs_allocation_scores(self) -> bool:
        """An allocation criterion whose scores are not filled yet (NaN until the optimizer runs)."""
        columns = self.allocation_criteria
        return bool(columns) and self.scores is not None and bool(np.isnan(self.scores[:, columns]).any())

    def require_complete(self) -> "Study":
        """Itself when every score is there. Analyses take a complete study: a criterion with
        source = allocation still without scores is a bug of the caller, who must complete the
        study first (`decision.pipeline.complete`), not something to fix by running the optimizer."""
        if self.needs_allocation_scores:
            raise IncompleteStudy(f"{self.label}: the scores of the criteria with source = allocation are not filled: "
                                  "complete the study first (decision.pipeline.complete)")
        return self

    @property
    def has_uncertainty(self) -> bool:
        return self.scores_low is not None

    def value_scale(self) -> tuple[np.ndarray, np.ndarray]:
        """(low, high) per criterion: `low`/`high` where given, else the observed range.

        The observed range spans Scores, ScoresLow and ScoresHigh together, so that every value
        a robustness analysis may sample stays on the scale.
        """
        stacked = [self.scores] + [s for s in (self.scores_low, self.scores_high) if s is not None]
        observed_low = np.min([s.min(axis=0) for s in stacked], axis=0)
        observed_high = np.max([s.max(axis=0) for s in stacked], axis=0)
        low = np.array([observed_low[j] if c.low is None else c.low for j, c in enumerate(self.criteria)])
        high = np.array([observed_high[j] if c.high is None else c.high for j, c in enumerate(self.criteria)])
        return low, high

    @property
    def budget(self) -> float | None:
        return self.settings.get("budget")

    @property
    def risk_cap(self) -> float | None:
        return self.settings.get("risk_cap")

    @property
    def time_limit(self) -> float | None:
        """Seconds of solving for a whole command (Settings time_limit); None when not set."""
        return self.settings.get("time_limit")

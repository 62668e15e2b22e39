"""The criteria workbook schema v1: the one description that the reader, the validator and the
template all use (DESIGN.md, "The criteria workbook, schema v1").

Record sheets have a header in row 1 and one record per row from row 2. Matrix sheets
(`Scores`-shaped) have `alternative` then one column per criterion; `Pairwise` is square.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from decision.catalogue import DEFAULT_METHOD, DEFAULT_SAMPLES, DEFAULT_SEED, DEFAULT_WEIGHTING, METHOD_IDS, WEIGHTING_IDS
from decision.limits import (DEFAULT_TIME_LIMIT, MAX_LIMIT, MAX_MAGNITUDE, MAX_SAMPLES, MAX_SCORE_MAGNITUDE,
                             MAX_TIME_LIMIT, MAX_UNITS, MIN_MAGNITUDE, MIN_SCORE_MAGNITUDE)
from decision.model import ABOUT_TOPICS

SCHEMA_VERSION = 1

# Kinds of cell a column holds.
TEXT = "text"
NUMBER = "number"
CHOICE = "choice"  # text from `choices`
YESNO = "yesno"  # yes/no, true/false, 1/0
ANY = "any"  # passed on as typed, for the row's own rules to convert (a Settings value)
SOURCES = ("allocation",)  # where a criterion's scores may come from instead of the Scores sheet


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool = True  # the column must be present
    blank_ok: bool = False  # a cell may be blank
    choices: tuple[str, ...] = ()
    minimum: float | None = None  # inclusive
    positive: bool = False  # strictly > 0
    maximum: float | None = None  # inclusive
    magnitude: tuple[float, float] | None = None  # (least, most): the value is 0 or least <= |value| <= most
    help: str = ""  # shown in the template's Instructions and as the header's input message
    width: int = 14  # template column width (characters)


@dataclass(frozen=True)
class RecordSheet:
    name: str
    columns: tuple[Column, ...]
    help: str
    key: str | None = None  # column whose values name the records (unique, non-empty)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


@dataclass(frozen=True)
class MatrixSheet:
    """`alternative` then one column per criterion; cells are numbers (or text for Rationale)."""

    name: str
    kind: str  # NUMBER or TEXT
    blank_ok: bool
    help: str


def bound(x: float) -> str:
    """A documented bound as the docs write it: a power of ten from a million up, or below 0.001, as
    1e9 or 1e-9; any other with thousands separators (30,000,000; 86,400)."""
    exponent = math.log10(abs(x)) if x else 0.0
    if x and exponent == round(exponent) and abs(exponent) >= 6 - (x < 1) * 3:
        return f"{'-' if x < 0 else ''}1e{round(exponent)}"
    return f"{x:,.15g}"


# What the solvers can represent (docs/bad-input.md, "Numbers and sizes"): HiGHS drops coefficients
# below 1e-9 as zero; and scores whose sums, squares, differences and ratios stay finite.
SOLVER_MAGNITUDE = (MIN_MAGNITUDE, MAX_MAGNITUDE)
SCORE_MAGNITUDE = (MIN_SCORE_MAGNITUDE, MAX_SCORE_MAGNITUDE)
SOLVER_RANGE = f"0 or {bound(MIN_MAGNITUDE)} to {bound(MAX_MAGNITUDE)}"

YES_WORDS = {"yes": True, "y": True, "true": True, "1": True, "no": False, "n": False, "false": False, "0": False}
DIRECTIONS = ("max", "min")
PREFERENCE_FUNCTIONS = ("usual", "ushape", "vshape", "level", "linear", "gaussian")
# The thresholds each preference function needs (Brans & Vincke 1985).
PREFERENCE_NEEDS = {"usual": (), "ushape": ("q",), "vshape": ("p",), "level": ("q", "p"), "linear": ("q", "p"), "gaussian": ("s",)}

ALTERNATIVES = RecordSheet(
    "Alternatives",
    (
        Column("alternative", TEXT, help="A short, unique name of the option being compared.", width=34),
        Column("description", TEXT, required=False, blank_ok=True, help="What the option is, in a sentence.", width=70),
    ),
    help="One row per alternative (scenario) to rank.",
    key="alternative",
)

CRITERIA = RecordSheet(
    "Criteria",
    (
        Column("criterion", TEXT, help="A short, unique name; Scores has one column with this name.", width=30),
        Column("direction", CHOICE, choices=DIRECTIONS, help="max if more is better, min if less is better.", width=11),
        Column(
            "weight",
            NUMBER,
            blank_ok=True,
            minimum=0.0,
            help="Importance, >= 0, not all zero; normalized to sum 1. Blank when weights come from another method.",
            width=10,
        ),
        Column("unit", TEXT, required=False, blank_ok=True, help="The unit or scale of the scores.", width=14),
        Column("description", TEXT, required=False, blank_ok=True, help="What is measured and how.", width=40),
        Column(
            "low",
            NUMBER,
            required=False,
            blank_ok=True,
            magnitude=SCORE_MAGNITUDE,
            help="Worst-to-best scale: the lower end (with high). Blank: the range observed in Scores.",
            width=8,
        ),
        Column("high", NUMBER, required=False, blank_ok=True, magnitude=SCORE_MAGNITUDE,
               help="The upper end of the scale (with low).", width=8),
        Column(
            "swing",
            NUMBER,
            required=False,
            blank_ok=True,
            minimum=0.0,
            help="Swing weighting: 0-100 points, 100 for the most valued swing from worst to best (--weights swing).",
            width=8,
        ),
        Column(
            "rank",
            NUMBER,
            required=False,
            blank_ok=True,
            minimum=1.0,
            help="Importance rank, 1 = most important (--weights roc, rank-sum, rank-reciprocal).",
            width=7,
        ),
        Column(
            "weight_low",
            NUMBER,
            required=False,
            blank_ok=True,
            minimum=0.0,
            help="Robustness (--weight-info intervals): the lowest normalized weight, 0..1; blank = 0.",
            width=11,
        ),
        Column(
            "weight_high",
            NUMBER,
            required=False,
            blank_ok=True,
            minimum=0.0,
            help="Robustness (--weight-info intervals): the highest normalized weight, 0..1; blank = 1.",
            width=11,
        ),
        Column(
            "preference",
            CHOICE,
            required=False,
            blank_ok=True,
            choices=PREFERENCE_FUNCTIONS,
            help="PROMETHEE preference function: usual (default), ushape, vshape, level, linear, gaussian.",
            width=12,
        ),
        Column("q", NUMBER, required=False, blank_ok=True, minimum=0.0, help="PROMETHEE indifference threshold.", width=7),
        Column("p", NUMBER, required=False, blank_ok=True, minimum=0.0, help="PROMETHEE preference threshold.", width=7),
        Column("s", NUMBER, required=False, blank_ok=True, positive=True, help="PROMETHEE Gaussian parameter.", width=7),
        Column(
            "source",
            CHOICE,
            required=False,
            blank_ok=True,
            choices=SOURCES,
            help="allocation: each scenario's score is the strength of its optimal aid package (no Scores column).",
            width=11,
        ),
    ),
    help="One row per criterion, with its direction and weight.",
    key="criterion",
)

SCORES = MatrixSheet(
    "Scores", NUMBER, blank_ok=False, help="One row per alternative, one column per criterion; every cell a number."
)
SCORES_LOW = MatrixSheet(
    "ScoresLow", NUMBER, blank_ok=True, help="Optional, with ScoresHigh: the lowest plausible score; blank = no uncertainty."
)
SCORES_HIGH = MatrixSheet(
    "ScoresHigh", NUMBER, blank_ok=True, help="Optional, with ScoresLow: the highest plausible score; blank = no uncertainty."
)
RATIONALE = MatrixSheet(
    "Rationale", TEXT, blank_ok=True, help="Optional: why each score is what it is, and its source."
)

PAIRWISE_HELP = (
    "Optional AHP judgements: first column and header row list the criteria; cell (row a, column b) says how much "
    "more important a is than b, from 1/9 to 9; the matrix must be reciprocal (b,a) = 1/(a,b)."
)
PAIRWISE_MIN, PAIRWISE_MAX, PAIRWISE_RTOL = 1 / 9, 9.0, 1e-2

AID = RecordSheet(
    "Aid",
    (
        Column("category", TEXT, help="A short, unique name of the aid category.", width=28),
        Column("unit", TEXT, help="What one unit is (a battery, a brigade set, a course).", width=22),
        Column("unit_cost", NUMBER, positive=True, magnitude=SOLVER_MAGNITUDE, width=11,
               help=f"Cost of one unit, {bound(MIN_MAGNITUDE)} to {bound(MAX_MAGNITUDE)}, in the budget's currency."),
        Column("min_units", NUMBER, minimum=0.0, maximum=MAX_UNITS, help="Units that must be bought, >= 0.", width=10),
        Column("max_units", NUMBER, minimum=0.0, maximum=MAX_UNITS,
               help=f"Units that can be bought at most, >= min_units, at most {bound(MAX_UNITS)}.", width=10),
        Column("integer", YESNO, help="yes if only whole units can be bought.", width=9),
        Column("strength_per_unit", NUMBER, minimum=0.0, magnitude=SOLVER_MAGNITUDE,
               help=f"Negotiating strength one unit adds, {SOLVER_RANGE}.", width=17),
        Column("risk_per_unit", NUMBER, minimum=0.0, magnitude=SOLVER_MAGNITUDE,
               help=f"Escalation risk one unit adds, {SOLVER_RANGE}.", width=14),
    ),
    help="One row per aid category that the allocation may buy.",
    key="category",
)

AID_CURVE = RecordSheet(
    "AidCurve",
    (
        Column("category", TEXT, help="An aid category named in Aid.", width=28),
        Column("units", NUMBER, minimum=0.0, magnitude=SOLVER_MAGNITUDE, help=f"A number of units, {SOLVER_RANGE}.",
               width=10),
        Column("strength", NUMBER, minimum=0.0, magnitude=SOLVER_MAGNITUDE,
               help=f"Cumulative strength of that many units, {SOLVER_RANGE}.", width=10),
    ),
    help="Optional: strength at given unit counts, from (0, 0), piecewise-linear between points; replaces "
         "strength_per_unit for the categories listed. The last point must reach max_units.",
)

AID_LINKS = RecordSheet(
    "AidLinks",
    (
        Column("category", TEXT, help="An aid category named in Aid.", width=28),
        Column("requires", TEXT, help="The category it needs (named in Aid).", width=28),
        Column("ratio", NUMBER, positive=True, magnitude=SOLVER_MAGNITUDE, width=8,
               help=f"Units of requires needed per unit of category, {bound(MIN_MAGNITUDE)} to {bound(MAX_MAGNITUDE)}."),
    ),
    help="Optional prerequisites: units of requires >= ratio x units of category.",
)

AID_EFFECTS_NAME = "AidEffects"
AID_EFFECTS_HELP = ("Optional: category, then one column per alternative (scenario): a multiplier >= 0 on the "
                    "category's strength under that scenario; a category without a row keeps multiplier 1.")
# Optional allocation sheets, read when present.
ALLOCATION_SHEETS = (AID_CURVE.name, AID_LINKS.name, AID_EFFECTS_NAME)

SETTINGS = RecordSheet(
    "Settings",
    (
        Column("setting", TEXT, help="The name of a setting (see the list).", width=16),
        Column("value", ANY, blank_ok=True, help="Its value; blank = not set.", width=16),
        Column("unit", TEXT, required=False, blank_ok=True, help="Optional: the value's unit, e.g. EUR million (the report says it).", width=16),
    ),
    help="One row per setting.",
    key="setting",
)


@dataclass(frozen=True)
class Setting:
    name: str
    kind: str  # NUMBER, TEXT or "int"
    help: str
    positive: bool = False
    minimum: float | None = None
    maximum: float | None = None
    default: object = None  # what the template pre-fills (None: left blank for the analyst)
    registry: str | None = None  # for a name setting: "methods" or "weights", whose ids it must be

    def choices(self) -> tuple[str, ...]:
        """The ids a name setting may take (from the leaf catalogue: the registries live above the workbook)."""
        if self.registry == "methods":
            return METHOD_IDS
        if self.registry == "weights":
            return WEIGHTING_IDS
        return ()


SETTINGS_KEYS = (
    Setting("budget", NUMBER, "Total aid budget, in the currency of unit_cost (needed by allocation), at most "
                              f"{bound(MAX_LIMIT)}.", minimum=0.0, maximum=MAX_LIMIT),
    Setting("risk_cap", NUMBER, "Escalation-risk cap: the most total risk allowed (needed by allocation), at most "
                                f"{bound(MAX_LIMIT)}.", minimum=0.0, maximum=MAX_LIMIT),
    Setting("method", TEXT, "Ranking method (default mavt).", default=DEFAULT_METHOD, registry="methods"),
    Setting("weights", TEXT, "Weighting method (default direct).", default=DEFAULT_WEIGHTING, registry="weights"),
    Setting("seed", "int", "Random seed of robustness analyses (default 0).", minimum=0, default=DEFAULT_SEED),
    Setting("samples", "int", f"Samples of robustness analyses (default 10000, at most {MAX_SAMPLES:,}).", positive=True,
            maximum=MAX_SAMPLES, default=DEFAULT_SAMPLES),
    Setting("time_limit", NUMBER, f"Seconds of solving for a whole command, > 0 (default {DEFAULT_TIME_LIMIT:g}, at most "
                                  f"{MAX_TIME_LIMIT:,.0f}: one day).", positive=True, maximum=MAX_TIME_LIMIT),
)

# The study's identity: optional, read ignoring case, and never an error (a problem is a warning and
# the sheet or the cell is ignored), so that no workbook is refused for what it says about itself.
ABOUT = RecordSheet(
    "About",
    (
        Column("topic", TEXT, help="A topic: title, author, organisation, date, classification, caveat, or any "
                                   "other (kept as a note).", width=18),
        Column("text", TEXT, blank_ok=True, help="What the study says on the topic; blank = not given.", width=100),
    ),
    help="Optional: the study's identity (title, author, organisation, date, classification, caveat), one topic "
         "per row; any other topic is kept as a note. Problems here are warnings, never errors.",
    key="topic",
)
ABOUT_HELP = {
    "title": "The study's title, shown in the report (blank: the workbook's file name).",
    "author": "Who made the study: a person or a team.",
    "organisation": "The organisation the study is made for or by.",
    "date": "The study's date: a date cell or text; a date prints as YYYY-MM-DD.",
    "classification": "The security marking, e.g. UNCLASSIFIED or OFFICIAL; the report puts it in every page's footer.",
    "caveat": "What every reader must be told, e.g. that the numbers are illustrative judgements; the report prints "
              "it on every page.",
}
assert tuple(ABOUT_HELP) == ABOUT_TOPICS

RECORD_SHEETS = (ALTERNATIVES, CRITERIA, AID, SETTINGS)
MATRIX_SHEETS = (SCORES, SCORES_LOW, SCORES_HIGH, RATIONALE)
SHEET_NAMES = tuple(s.name for s in RECORD_SHEETS + MATRIX_SHEETS) + ("Pairwise",)

# Which sheets each part of the toolkit needs.
NEEDS = {
    "ranking": ("Alternatives", "Criteria", "Scores"),
    "allocation": ("Aid", "Settings"),
}

"""Weight sensitivity as analysts draw it (Hiview, Expert Choice): for each criterion, every
alternative's overall value as that criterion's weight moves from 0 to 1, the other weights
keeping their proportions, with the current weight and the crossovers marked.

The lines are those of the additive value model (`catalogue.SENSITIVITY_METHOD`), whatever the
Settings method: V_i = sum_k w_k v_ik, v_ik the partial values in [0, 1] (the method's `linear`
declaration). Criterion j's weight moves to t while the others keep their proportions:
w(t) = t e_j + (1 - t) r, r = the other weights rescaled to sum 1, so each overall value is a line
in t: V_i(t) = (1 - t) c_i + t v_ij = c_i + t (v_ij - c_i), with c_i = sum_k r_k v_ik the others'
proportional contribution. The values on the grid (101 weights, 0, 0.01, ..., 1) are that line,
evaluated in one numpy expression; at the current weight it gives the overall values.

A crossover is a weight in [0, 1] where the top changes: the top just below it differs from the
top just above it. They are computed from the lines (the upper envelope of m lines over [0, 1]),
not read off the grid: from the top just above 0, the next line to meet it from below with a
steeper slope takes over at the meeting point, and so on; each step moves to a steeper line, so
there are at most m - 1 of them, sorted by weight. Where a crossover exists on either side of the
current weight it is the weight threshold's flip weight (`thresholds.weight_thresholds`, the same
closed form).

Edge cases, decided here:
- A criterion whose current weight is 1 leaves the others no proportions: they share the rest
  equally (as the weight thresholds do), so its line at 0 is the mean of the other partial values.
  With a single criterion there are no others: the line is t v_ij (at 0 every alternative is 0).
- Ties. Overall values within a relative 1e-9 of each other are tied (the competition ranks' tie).
  Where lines are tied at a point the top just above it is the steepest of them, so several lines
  meeting at one point make one crossover, from the top below to the top above (nothing in
  between holds the top for a length of zero), and crossovers closer than the tie tolerance merge.
  Lines tied at both ends are the same line: the alternative listed first holds the top whenever
  it does (as `Ranking.top` breaks exact ties), and never hands it to its twin; all lines equal
  means no crossover at all. A tie at an end of the range (weight 0 or 1) is no crossover, since
  nothing lies beyond it, unless the current weight is there: then the top now (the first listed
  of the tied) loses the top to the first move of the weight, a crossover at distance 0, where the
  threshold analysis finds it too.
- The criterion to show in a brief (`focus`): the one whose nearest crossover is nearest its
  current weight; on a tie (within 1e-9: with two criteria both move along the same path) the one
  with the larger weight, then the first listed; without any crossover, the one with the largest
  weight (the first listed on a tie), and the winner holds.

`to_dict()` is the `sensitivity` member of `robustness --json` (docs/DESIGN.md); `tables()` the
same figures as Tables (`decision.tables`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from decision.catalogue import SENSITIVITY_METHOD
from decision.tables import Table
from decision.model import Study
from decision.robustness.problem import evaluator
from decision.weights import Weights

POINTS = 101  # the grid: 0, 0.01, ..., 1
RTOL = 1e-9  # overall values closer than this (relative to the largest) are tied


@dataclass(frozen=True)
class Crossover:
    """A weight of the moving criterion where the top changes: `from_` is the top just below it,
    `to` the top just above."""

    weight: float
    from_: str
    to: str

    def to_dict(self) -> dict:
        return {"weight": float(self.weight), "from": self.from_, "to": self.to}


@dataclass(frozen=True, eq=False)
class Lines:
    """One criterion's lines: each alternative's overall value V_i(t) = intercept_i + t slope_i as
    the criterion's weight t moves over [0, 1], the others in proportion."""

    criterion: str
    current: float  # the criterion's weight now
    intercept: np.ndarray  # (m,) the overall values at weight 0
    slope: np.ndarray  # (m,) their change from weight 0 to 1
    values: np.ndarray = field(repr=False)  # (points, m) on the grid
    crossovers: tuple[Crossover, ...] = ()  # by weight

    def at(self, weight) -> np.ndarray:
        """The overall values at `weight` (a number: (m,); an array of weights: (..., m))."""
        t = np.asarray(weight, dtype=float)[..., None]
        return self.intercept + t * self.slope

    def key_points(self) -> list[tuple[float, str]]:
        """(weight, what) where the lines are worth reading: 0, each crossover ("A to B"), the current
        weight ("current weight"), 1; sorted. The lines are straight between them, so a chart through
        these points draws them exactly."""
        points = {0.0: "", 1.0: ""}
        for c in self.crossovers:
            points[float(c.weight)] = f"{c.from_} to {c.to}"
        points[float(self.current)] = "current weight" + (f"; {points[float(self.current)]}"
                                                           if points.get(float(self.current)) else "")
        return sorted(points.items())

    @property
    def nearest(self) -> Crossover | None:
        """The crossover nearest the current weight (the lower one on a tie), or None."""
        if not self.crossovers:
            return None
        return min(self.crossovers, key=lambda c: abs(c.weight - self.current))


@dataclass(frozen=True)
class Focus:
    """The criterion a brief shows: the one whose crossover is nearest its current weight (the
    larger weight on a tie), or, when no weight of any criterion changes the top, the one with the
    largest weight."""

    criterion: str
    current: float
    crossover: Crossover | None  # None: no crossover anywhere

    @property
    def holds(self) -> bool:
        """The winner holds whatever one criterion's weight (the others in proportion)."""
        return self.crossover is None

    @property
    def distance(self) -> float | None:
        return None if self.crossover is None else abs(self.crossover.weight - self.current)


@dataclass(frozen=True, eq=False)
class WeightSensitivity:
    alternatives: tuple[str, ...]
    criteria: tuple[str, ...]
    weights: np.ndarray  # (n,) the weights used, summing to 1
    grid: np.ndarray = field(repr=False)  # (points,) the weights of the grid
    lines: tuple[Lines, ...] = ()  # one per criterion, in order

    def __getitem__(self, criterion: str) -> Lines:
        return self.lines[self.criteria.index(criterion)]

    @property
    def scores(self) -> np.ndarray:
        """The overall values at the current weights, (m,)."""
        return self.lines[0].at(self.lines[0].current) if self.lines else np.zeros(len(self.alternatives))

    @property
    def top(self) -> str:
        """The first alternative at the current weights: of those tied for the highest overall
        value (within the relative 1e-9 of the competition ranks), the one listed first."""
        u = self.scores
        return self.alternatives[int(np.argmax(u >= u.max() - RTOL * np.abs(u).max()))]

    @property
    def focus(self) -> Focus | None:
        """The criterion to show in a brief (None without criteria)."""
        if not self.lines:
            return None
        near = {j: abs(line.nearest.weight - line.current) for j, line in enumerate(self.lines) if line.nearest}
        if near:
            least = min(near.values())
            tied = [j for j, d in near.items() if d <= least + RTOL]  # e.g. the two criteria of a pair: one path
            line = self.lines[max(tied, key=lambda j: (self.weights[j], -j))]
            return Focus(line.criterion, line.current, line.nearest)
        line = self.lines[int(np.argmax(self.weights))]
        return Focus(line.criterion, line.current, None)

    def to_dict(self) -> dict:
        """{criterion: {"current", "weights", "values": {alternative: [...]}, "crossovers": [{"weight",
        "from", "to"}]}}: plain floats and names."""
        grid = [float(t) for t in self.grid]
        return {line.criterion: {"current": float(line.current), "weights": grid,
                                 "values": {a: [float(x) for x in line.values[:, i]]
                                            for i, a in enumerate(self.alternatives)},
                                 "crossovers": [c.to_dict() for c in line.crossovers]}
                for line in self.lines}

    def tables(self) -> dict[str, Table]:
        """A table per criterion, `values: <criterion>` (the grid's weights down the rows, the
        alternatives across), and `crossovers` (one row per crossover of every criterion)."""
        import pandas as pd  # lazily: only a table needs it

        out = {}
        for line in self.lines:
            frame = pd.DataFrame(line.values, index=pd.Index(self.grid, name="weight"), columns=list(self.alternatives))
            out[f"values: {line.criterion}"] = Table(
                f"Overall value (additive value model) of each alternative as the weight of {line.criterion} moves "
                f"from 0 to 1, the other weights keeping their proportions (current weight {_share(line.current)})",
                frame)
        rows = [{"criterion": line.criterion, "current weight": float(line.current), "crossover weight": c.weight,
                 "from": c.from_, "to": c.to} for line in self.lines for c in line.crossovers]
        columns = ["criterion", "current weight", "crossover weight", "from", "to"]
        for line in self.lines:
            at = line.key_points()
            weights = [w for w, _ in at]
            frame = pd.DataFrame(line.at(np.array(weights)), index=pd.Index(weights, name="weight"),
                                 columns=list(self.alternatives))
            frame["where"] = [what for _, what in at]
            out[f"key points: {line.criterion}"] = Table(
                f"Overall values of the alternatives where the lines of {line.criterion} are worth reading: at weight "
                "0, at each crossover, at the current weight and at 1 (the lines are straight in between)", frame)
        out["crossovers"] = Table("Crossovers: the weights of a criterion (the others in proportion) at which the "
                                  "top alternative changes, from the top just below to the top just above",
                                  pd.DataFrame(rows, columns=columns))
        return out


def _share(w: float) -> str:
    return f"{w:.4g}"


def weight_sensitivity(study: Study, weights, *, points: int = POINTS) -> WeightSensitivity:
    """The weight sensitivity of a complete study at `weights` (a `Weights`, or (n,) numbers; they
    are normalized to sum 1), on the additive value model whatever the Settings method."""
    study.require_complete()
    values = evaluator(study, SENSITIVITY_METHOD).linear(np.asarray(study.scores, dtype=float))
    if values is None:  # the catalogue names a method that is not linear in the weights: a bug
        raise ValueError(f"{SENSITIVITY_METHOD} declares no linear form; the weight sensitivity needs one")
    return from_values(values, weights, alternatives=study.alternative_names, criteria=study.criterion_names,
                       points=points)


def from_values(values, weights, *, alternatives, criteria, points: int = POINTS) -> WeightSensitivity:
    """The weight sensitivity of overall values V = values @ w, `values` (m, n) (the partial values
    v_ij of the additive value model, or any A of a method linear in the weights)."""
    v = np.asarray(values, dtype=float)
    alternatives, criteria = tuple(alternatives), tuple(criteria)
    if v.ndim != 2 or v.shape != (len(alternatives), len(criteria)):
        raise ValueError(f"values must be (alternatives, criteria) = ({len(alternatives)}, {len(criteria)}), "
                         f"found {v.shape}")
    w = _normalized(weights, len(criteria))
    if isinstance(points, bool) or not isinstance(points, (int, np.integer)) or points < 2:
        raise ValueError(f"points must be a whole number >= 2, found {points!r}")
    grid = np.arange(points) / (points - 1)  # k / 100: each the nearest float to its decimal
    rest = _proportions(w)  # (n, n): row j, the other weights' proportions when j moves
    intercept = v @ rest.T  # (m, n): c_ij, the values at weight 0 of criterion j
    slope = v - intercept
    # (n, points, m): every criterion's lines on the grid at once
    on_grid = intercept.T[:, None, :] + grid[None, :, None] * slope.T[:, None, :]
    lines = tuple(Lines(criteria[j], float(w[j]), _frozen(intercept[:, j]), _frozen(slope[:, j]), _frozen(on_grid[j]),
                        _crossovers(intercept[:, j], slope[:, j], alternatives, float(w[j])))
                  for j in range(len(criteria)))
    return WeightSensitivity(alternatives, criteria, _frozen(w), _frozen(grid), lines)


def _frozen(a: np.ndarray) -> np.ndarray:
    out = np.array(a, dtype=float)
    out.setflags(write=False)
    return out


def _normalized(weights, n: int) -> np.ndarray:
    w = np.asarray(weights.values if isinstance(weights, Weights) else weights, dtype=float)
    if w.shape != (n,) or not np.isfinite(w).all() or (w < 0).any() or not w.sum() > 0:
        raise ValueError(f"weights must be {n} finite numbers >= 0, not all zero; found {w!r}")
    return w / w.sum()


def _proportions(w: np.ndarray) -> np.ndarray:
    """Row j: the weights of the other criteria rescaled to sum 1 (equal shares when they are all
    zero, i.e. w_j = 1; none with a single criterion)."""
    n = w.size
    others = np.where(np.eye(n, dtype=bool), 0.0, w[None, :])
    total = others.sum(axis=1, keepdims=True)
    equal = np.where(np.eye(n, dtype=bool), 0.0, 1.0 / max(n - 1, 1))
    return np.where(total > 0, others / np.where(total > 0, total, 1.0), equal)


def _crossovers(c: np.ndarray, s: np.ndarray, names: tuple[str, ...], current: float) -> tuple[Crossover, ...]:
    """Where the top of the lines c_i + t s_i changes over [0, 1] (the upper envelope's breaks),
    from the top just below to the top just above, by weight; at an end only when the current
    weight is there (from the top now to the top just above 0, or from the top just below 1 to
    the top now)."""
    m = c.size
    if m < 2:
        return ()
    scale = float(max(np.abs(c).max(), np.abs(c + s).max()))
    tol = RTOL * scale
    keep: list[int] = []  # a line tied at both ends with an earlier one is that line
    for i in range(m):
        if not any(abs(c[i] - c[k]) <= tol and abs(c[i] + s[i] - c[k] - s[k]) <= tol for k in keep):
            keep.append(i)
    idx = np.array(keep)
    cc, ss = c[idx], s[idx]

    def steepest_on_top(t: float, among: np.ndarray) -> int:
        """Of the lines `among` (a mask), those tied for the highest at t; the steepest of them, the
        first listed among equals (np.argmax takes the first)."""
        u = cc + t * ss
        tied = among & (u >= u[among].max() - tol)
        candidates = np.flatnonzero(tied)
        return int(candidates[np.argmax(ss[candidates])])

    def first_on_top(t: float) -> int:
        """The first listed of the lines tied for the highest at t (the ranking's top there)."""
        u = cc + t * ss
        return int(np.argmax(u >= u.max() - tol))

    everyone = np.ones(idx.size, dtype=bool)
    top, t = steepest_on_top(0.0, everyone), 0.0
    out = []
    if current == 0.0 and first_on_top(0.0) != top:  # tied now, and any rise of the weight decides
        out.append(Crossover(0.0, names[idx[first_on_top(0.0)]], names[idx[top]]))
    while True:
        steeper = ss > ss[top]
        if not steeper.any() or (cc + ss)[steeper].max() <= cc[top] + ss[top] + tol:
            break  # none gets ahead before 1 (within the tie tolerance: one meeting the top at 1 ties there)
        meet = (cc[top] - cc[steeper]) / (ss[steeper] - ss[top])  # where each steeper line meets the top
        t = max(float(meet.min()), t)
        if not t < 1.0:
            break
        after = steepest_on_top(t, steeper)
        out.append(Crossover(t, names[idx[top]], names[idx[after]]))
        top = after
    if current == 1.0 and first_on_top(1.0) != top:  # tied now, and any fall of the weight decides
        out.append(Crossover(1.0, names[idx[top]], names[idx[first_on_top(1.0)]]))
    return tuple(out)


__all__ = ["POINTS", "Crossover", "Focus", "Lines", "WeightSensitivity", "from_values", "weight_sensitivity"]

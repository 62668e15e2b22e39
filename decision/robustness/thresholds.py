"""How far the weights or the scores must move before the top-ranked alternative changes.

Weight thresholds. Criterion j's weight moves to t while the others keep their proportions:
w(t) = t e_j + (1 - t) r, r = the other weights rescaled to sum 1 (equal shares if w_j = 1).
The top changes where another alternative's utility crosses the top's. For a method whose
utilities are linear in the weights (its module declares `linear`, the A of U = A w: values,
normalized scores or per-criterion net flows) each utility is linear in t:
U_i(t) = t A_ij + (1 - t)(A r)_i, and every crossing is a closed-form root. For the other methods
a grid over [0, 1] from the current weight (each grid a single batched call) brackets the first
change in each direction, and repeated subdivision of the bracket narrows the root of the utility
difference to about 1e-13 of the range (a change that starts and ends within one grid step, 1/256
of the range, is not seen). Each criterion reports the nearest change (up or down), and both
directions separately.

Smallest total change (L1). For a method linear in the weights, one linear program per challenger
c: minimize sum_j |w'_j - w_j| over the simplex subject to U_c(w') >= U_top(w') (with u_j >=
|w'_j - w_j| as variables), and the smallest over the challengers. At the optimum the challenger
ties with the top; any step further puts it ahead. Solved in-process by HiGHS through PuLP: the
toolkit already pins both for the allocation model, importing PuLP costs 0.07 s where
scipy.optimize costs 0.7 s of every command run, and the problems are tiny (30 ms of PuLP overhead each).

Score thresholds. Each score moves alone within its criterion's value scale (Criteria low/high,
else the observed range, held fixed; above the method's own floor where it declares one,
`score_floor`, e.g. above zero where its ratios need positive scores). A method that declares
`affine` (each criterion's value a_j x + b_j on a scale fixed in advance) has utilities linear in
each score: closed form. The other methods normalize over the alternatives, so moving one score
moves everyone: the same bracketed search as for weights, over the scale, with the points where
the moved score meets another alternative's (and those the method declares, `score_kinks`, e.g.
its preference thresholds) added to the grid: the methods bend there, and a change can be
confined to a narrow window around such a point.

`top` is the first alternative of the ranking (ties broken by the order of the alternatives);
another alternative takes the top where its utility exceeds the top's by more than the relative
1e-9 that the command's competition ranks treat as a tie.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from decision.methods.registry import declaring
from decision.robustness.problem import Evaluator

RTOL = 1e-9
GRID = 256  # first scan: intervals over the range
SUBDIVISIONS = 64  # each refinement splits the bracket into this many parts
ROUNDS = 6  # refinements: 1/256 / 64^6 ~ 6e-14 of the range


@dataclass(frozen=True)
class Change:
    """Where, moving one way, another alternative takes the top: the value there, how far from the
    current value, and the new top (an index)."""

    value: float
    distance: float
    new_top: int


def _nearest(down: Change | None, up: Change | None) -> Change | None:
    """The smaller of the two changes that exist (None when neither does)."""
    found = [c for c in (down, up) if c is not None]
    return min(found, key=lambda c: c.distance) if found else None


@dataclass(frozen=True)
class WeightThreshold:
    criterion: str
    weight: float
    down: Change | None  # lowering the weight
    up: Change | None  # raising it

    @property
    def nearest(self) -> Change | None:
        return _nearest(self.down, self.up)


@dataclass(frozen=True)
class ScoreThreshold:
    alternative: str
    criterion: str
    score: float
    scale: tuple[float, float]
    down: Change | None
    up: Change | None

    @property
    def nearest(self) -> Change | None:
        return _nearest(self.down, self.up)

    @property
    def share_of_scale(self) -> float | None:
        """The nearest change's distance as a share of the criterion's scale high - low (None: no
        change, or a scale of no width)."""
        width = self.scale[1] - self.scale[0]
        return self.nearest.distance / width if self.nearest is not None and width > 0 else None


@dataclass(frozen=True)
class MinWeightChange:
    distance: float | None  # sum_j |w'_j - w_j|; None when no weights change the top
    new_top: int | None
    weights: np.ndarray | None  # w'
    reason: str | None = None  # why it was not computed


def top_of(u: np.ndarray) -> int:
    """The first alternative by utility (higher better), ties to the earlier one."""
    return int(np.argmax(u))


def ahead(u: np.ndarray, top: int, rtol: float = RTOL) -> tuple[np.ndarray, np.ndarray]:
    """For utilities (G, m): whether another alternative is strictly ahead of `top` in each row,
    and which (the best of the others)."""
    others = u.copy()
    others[:, top] = -np.inf
    best = np.argmax(others, axis=1)
    lead = np.take_along_axis(others, best[:, None], axis=1)[:, 0] - u[:, top]
    scale = np.maximum(np.abs(np.take_along_axis(u, best[:, None], axis=1)[:, 0]), np.abs(u[:, top]))
    return lead > rtol * scale, best


def first_change(utilities, top: int, reach: float, marks=()) -> tuple[float, int] | None:
    """(s, who): the smallest s in [0, reach] where another alternative is ahead of `top`, for
    `utilities(s array (G,)) -> (G, m)`: a grid finds the first point where one is ahead (by more
    than the tie tolerance), then repeated subdivision of that bracket narrows down the root of
    the utility difference. `marks` are points to scan as well: where the method has a kink (a
    moved score meeting another alternative's), a change may last for less than a grid step."""
    if not reach > 0:
        return None
    marks = np.asarray(marks, dtype=float)
    s = np.union1d(np.linspace(0.0, reach, GRID + 1), marks[(marks > 0) & (marks < reach)])
    found, best = ahead(utilities(s), top)
    if not found.any():
        return None
    i = int(np.argmax(found))
    if i == 0:
        return 0.0, int(best[0])
    low, high, winner = s[i - 1], s[i], int(best[i])
    for _ in range(ROUNDS):  # the root of the utility difference itself (where the closed form puts it)
        inner = np.linspace(low, high, SUBDIVISIONS + 1)[1:-1]
        found, best = ahead(utilities(inner), top, rtol=0.0)
        if found.any():
            i = int(np.argmax(found))
            high, winner = inner[i], int(best[i])
            low = inner[i - 1] if i > 0 else low
        else:
            low = inner[-1]
    return float(high), winner


def _path(weights: np.ndarray, j: int):
    """The weights w(t) = t e_j + (1 - t) r as a function of t (array) -> (G, n)."""
    n = weights.size
    rest = weights.copy()
    rest[j] = 0.0
    rest = rest / rest.sum() if rest.sum() > 0 else np.where(np.arange(n) == j, 0.0, 1.0 / (n - 1))
    unit = np.zeros(n)
    unit[j] = 1.0

    def at(t):
        t = np.asarray(t, dtype=float)[:, None]
        return t * unit + (1.0 - t) * rest

    return at, rest


def _linear_changes(a: np.ndarray, weights: np.ndarray, j: int, top: int) -> tuple[Change | None, Change | None]:
    """Closed form for utilities U = A w: each U_i(t) is linear in t."""
    _, rest = _path(weights, j)
    c = a @ rest  # U_i(0)
    slope = a[:, j] - c  # U_i(t) = c_i + t slope_i
    d0, d1 = c[top] - c, slope[top] - slope  # D_i(t) = U_top - U_i = d0_i + t d1_i
    t0 = weights[j]
    down = up = None
    for i in range(a.shape[0]):
        if i == top or d1[i] == 0:
            continue
        root = -d0[i] / d1[i]
        if d1[i] < 0 and root < 1:  # D falls as t rises: i overtakes above the root
            root = max(root, t0)
            if up is None or root < up[0] or (root == up[0] and d1[i] < up[2]):
                up = (root, i, d1[i])
        elif d1[i] > 0 and root > 0:  # i overtakes below the root
            root = min(root, t0)
            if down is None or root > down[0] or (root == down[0] and d1[i] > down[2]):
                down = (root, i, d1[i])
    return (None if down is None else Change(float(down[0]), float(t0 - down[0]), int(down[1])),
            None if up is None else Change(float(up[0]), float(up[0] - t0), int(up[1])))


def weight_thresholds(evaluate: Evaluator, scores, weights, criteria) -> list[WeightThreshold]:
    """For each criterion, where the top changes as its weight moves down and up (the others in
    proportion); None in a direction where no weight in [0, 1] changes it."""
    scores, weights = np.asarray(scores, dtype=float), np.asarray(weights, dtype=float)
    n = weights.size
    top = top_of(evaluate(weights[None, :], scores)[0])
    a = evaluate.linear(scores)
    out = []
    for j, name in enumerate(criteria):
        if n < 2:
            out.append(WeightThreshold(name, float(weights[j]), None, None))
            continue
        if a is not None:
            down, up = _linear_changes(a, weights, j, top)
        else:
            at, _ = _path(weights, j)
            t0 = float(weights[j])
            down = first_change(lambda s: evaluate(at(t0 - s), scores), top, t0)
            up = first_change(lambda s: evaluate(at(t0 + s), scores), top, 1.0 - t0)
            down = None if down is None else Change(t0 - down[0], down[0], down[1])
            up = None if up is None else Change(t0 + up[0], up[0], up[1])
        out.append(WeightThreshold(name, float(weights[j]), down, up))
    return out


def min_weight_change(evaluate: Evaluator, scores, weights) -> MinWeightChange:
    """The smallest sum_j |w'_j - w_j| over the simplex at which another alternative ties with the
    top (any step further puts it ahead), by a linear program per challenger."""
    scores, weights = np.asarray(scores, dtype=float), np.asarray(weights, dtype=float)
    a = evaluate.linear(scores)
    if a is None:
        return MinWeightChange(None, None, None, f"{evaluate.method} is not linear in the weights; "
                                                 f"the linear program needs {_either(declaring('linear'))}")
    top = top_of(a @ weights)
    best = MinWeightChange(None, None, None)
    for c in range(a.shape[0]):
        if c == top:
            continue
        solved = _l1_to_tie(a[c] - a[top], weights)
        if solved is not None and (best.distance is None or solved[0] < best.distance - 1e-12):
            best = MinWeightChange(solved[0], c, solved[1])
    return best


def _either(ids) -> str:
    """'a, b or c'."""
    ids = list(ids)
    return ids[0] if len(ids) < 2 else f"{', '.join(ids[:-1])} or {ids[-1]}"


def _l1_to_tie(gain: np.ndarray, weights: np.ndarray):
    """min sum |w' - w| s.t. sum w' = 1, w' >= 0, gain . w' >= 0; (distance, w') or None if infeasible."""
    import pulp

    from decision.lp import solve  # PuLP, imported only when an LP is solved (see the module's docstring)

    n = weights.size
    lp = pulp.LpProblem("l1_to_tie", pulp.LpMinimize)
    w = [pulp.LpVariable(f"w{j}", lowBound=0) for j in range(n)]
    u = [pulp.LpVariable(f"u{j}", lowBound=0) for j in range(n)]
    lp += pulp.LpAffineExpression([(v, 1.0) for v in u])
    lp += pulp.LpAffineExpression([(v, 1.0) for v in w]) == 1.0
    for j in range(n):
        lp += u[j] - w[j] >= -float(weights[j])
        lp += u[j] + w[j] >= float(weights[j])
    lp += pulp.LpAffineExpression([(w[j], float(gain[j])) for j in range(n)]) >= 0.0
    if solve(lp, "highs", shared=False) != "optimal":  # infeasible, or (rarely) a failed solve: no answer
        return None
    values = np.clip(np.array([v.value() or 0.0 for v in w]), 0.0, None)
    return float(np.abs(values - weights).sum()), values / values.sum()


def score_thresholds(evaluate: Evaluator, scores, weights, low, high, alternatives, criteria) -> list[ScoreThreshold]:
    """For each score, moved alone within its criterion's scale low..high, where the top changes
    going down and up."""
    scores, weights = np.asarray(scores, dtype=float), np.asarray(weights, dtype=float)
    low, high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    u0 = evaluate(weights[None, :], scores)[0]
    top = top_of(u0)
    slope = _score_slopes(evaluate, weights)
    out = []
    for i, alternative in enumerate(alternatives):
        for j, criterion in enumerate(criteria):
            x0 = float(scores[i, j])
            reach_down, reach_up = max(0.0, x0 - _floor(evaluate, scores, i, j, low[j], high[j])), max(0.0, high[j] - x0)
            if slope is not None:
                down, up = _linear_score_changes(u0, top, i, slope[j], x0, reach_down, reach_up)
            else:
                def moved(s, sign, i=i, j=j, x0=x0):
                    x = np.repeat(scores[None, :, :], len(s), axis=0)
                    x[:, i, j] = x0 + sign * s
                    return evaluate(weights[None, :], x)

                kinks = _kinks(evaluate, scores, i, j)
                down = first_change(lambda s: moved(s, -1.0), top, reach_down, x0 - kinks)
                up = first_change(lambda s: moved(s, 1.0), top, reach_up, kinks - x0)
                down = None if down is None else Change(x0 - down[0], down[0], down[1])
                up = None if up is None else Change(x0 + up[0], up[0], up[1])
            out.append(ScoreThreshold(alternative, criterion, x0, (float(low[j]), float(high[j])), down, up))
    return out


def _kinks(evaluate: Evaluator, scores, i: int, j: int) -> np.ndarray:
    """Where score (i, j) meets another alternative's score on criterion j (the best or worst of
    the column can change hands there), and where the method declares that it bends
    (`score_kinks`, e.g. those scores -+ a preference threshold)."""
    others = np.delete(scores[:, j], i)
    return np.concatenate([others, *evaluate.score_kinks(others, j)])


def _floor(evaluate: Evaluator, scores, i: int, j: int, low: float, high: float) -> float:
    """How low score (i, j) may go: the scale's low end, or the method's own floor (`score_floor`,
    e.g. above zero where its ratios need positive scores)."""
    return evaluate.score_floor(scores, i, j, low, high)


def _score_slopes(evaluate: Evaluator, weights) -> np.ndarray | None:
    """dU_i/dx_ij per criterion for methods linear in each score (they declare `affine`); else None."""
    affine = evaluate.affine()
    return None if affine is None else weights * affine[0]


def _linear_score_changes(u0, top: int, i: int, slope: float, x0: float, reach_down: float, reach_up: float):
    """Closed form when only U_i moves, by `slope` per unit of score."""
    if slope == 0:
        return None, None
    if i == top:  # the top falls until the best of the others catches up
        others = u0.copy()
        others[top] = -np.inf
        rival = int(np.argmax(others))
        need, rises = (u0[top] - u0[rival]) / abs(slope), False
    else:  # alternative i rises until it catches the top
        rival, need, rises = i, (u0[top] - u0[i]) / abs(slope), True
    need = max(0.0, float(need))
    toward_up = (slope > 0) == rises  # which way the score must move
    reach = reach_up if toward_up else reach_down
    if not need < reach:
        return None, None
    change = Change(x0 + need if toward_up else x0 - need, need, rival)
    return (None, change) if toward_up else (change, None)

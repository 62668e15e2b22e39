"""The greedy "bang for the buck" order of buy, as Equity-style portfolio tools show it.

Starting from the least package the bounds and prerequisites allow, buy next whatever adds the
most strength per unit of money: one whole unit of a whole-unit category, or for a continuous one
up to the next whole unit or curve point (its rate is constant there), together with the units of
its prerequisites that the purchase needs (a bundle, valued as a whole). A purchase that would
break the risk cap or max_units is skipped; the order stops when nothing left adds strength. The
budget is not a limit here: at a budget B the greedy plan is the longest prefix of the order
that costs at most B, which is how such an order is read. Strength is the problem's objective
(under "robust", the worst case over scenarios, so a purchase that helps only the other scenarios
adds nothing until it does). The exact frontier can beat this order where lumpy units or
diminishing returns make the best ratio a poor next buy.

The order is the same as buying one purchase at a time, but it is not built that way: a category
of 10 million rounds would take 10 million passes over the categories. Each pass picks the next
purchase exactly as one purchase at a time would, then counts how many identical purchases (the
same bundle, cost and gain) follow before anything changes: a curve point, max_units, the risk cap,
a prerequisite's rounding, another scenario becoming the worst case (robust objective), or another
category's rate overtaking (its rate moves only when it needs what is being bought, or under the
robust objective). Every such limit is either computed or checked at both ends of the stretch,
where it is linear in the number of purchases; where in doubt the stretch ends early, which is
always exact (the next pass decides afresh). A `Step` stands for `repeat` identical purchases.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from decision.allocation.curves import strengths
from decision.allocation.diagnose import no_solution
from decision.allocation.minimum import least_units, raise_to_links
from decision.allocation.model import unit_bounds
from decision.allocation.problem import AidProblem
from decision.allocation.solve import evaluate
from decision.tables import Table, frame_table, objects

_TOL = 1e-9
_NOISE = 1e-9  # raise_to_links counts a link as met within this (relative and absolute)
_TIE = 1e-9  # rates this close are equal: the earlier category is bought (float noise must not decide)
_NEAR = 1e-8  # a rival rate within this relative margin of the best one ends a stretch of purchases
_RTOL = 1e-9  # purchases this close (bought, ratio) are the same purchase in runs()


@dataclass(frozen=True)
class Step:
    category: str  # what the step buys (with the prerequisites it needs, in `bought`)
    bought: dict  # category -> units added by one purchase
    cost: float  # of one purchase
    gain: float  # strength added by one purchase
    budget: float  # cumulative cost after the step (after the last of its `repeat` purchases)
    risk: float  # cumulative risk after the step
    strength: float  # cumulative strength after the step
    divisible: bool = False  # only continuous units: part of a purchase can be bought, at the same rate
    repeat: int = 1  # identical purchases in a row that this step stands for

    @property
    def ratio(self) -> float:
        return self.gain / self.cost if self.cost > 0 else math.inf

    def to_dict(self) -> dict:
        return {"category": self.category, "bought": dict(self.bought), "cost": self.cost, "gain": self.gain,
                "ratio": self.ratio if math.isfinite(self.ratio) else None, "budget": self.budget,
                "risk": self.risk, "strength": self.strength, "divisible": self.divisible, "repeat": self.repeat}


@dataclass(frozen=True)
class GreedyOrder:
    start_budget: float  # the least package: its cost, risk and strength
    start_risk: float
    start_strength: float
    compact: tuple[Step, ...]  # the order as built: each Step stands for `repeat` identical purchases

    @property
    def steps(self) -> "Purchases":
        """One Step per purchase (each with repeat 1), made on demand from `compact`."""
        return Purchases(self)

    def strength_at(self, budget: float) -> float | None:
        """Strength of the longest prefix of the order costing at most `budget`, and of the affordable
        part of the next purchase when that is divisible (None below the least package)."""
        slack = 1e-9 * max(1.0, abs(budget))
        if budget < self.start_budget - slack:
            return None
        value, spent = self.start_strength, self.start_budget
        for step in self.compact:
            if step.budget <= budget + slack:
                value, spent = step.strength, step.budget
                continue
            whole = _affordable(spent, step.cost, step.repeat, budget + slack)
            value, spent = value + whole * step.gain, spent + whole * step.cost
            if step.divisible and step.cost > 0:
                value += step.gain * (budget - spent) / step.cost
            break
        return value

    def runs(self) -> list[dict]:
        """Consecutive purchases that buy the same thing at the same rate, as one row each (for people):
        {"first", "last" (purchase numbers), "bought" (summed), "cost", "gain", "ratio", and the
        cumulative "budget", "risk", "strength" after the run}."""
        out: list[dict] = []
        first = 1
        for s in self.compact:
            n, last = s.repeat, out[-1] if out else None
            if last and _same_purchase(last["step"], s.bought) and math.isclose(last["ratio"], s.ratio, rel_tol=_RTOL):
                last.update(last=first + n - 1, cost=last["cost"] + n * s.cost, gain=last["gain"] + n * s.gain,
                            budget=s.budget, risk=s.risk, strength=s.strength)
                last["bought"] = {c: v + n * s.bought[c] for c, v in last["bought"].items()}
            else:
                out.append({"first": first, "last": first + n - 1, "step": dict(s.bought),
                            "bought": {c: n * v for c, v in s.bought.items()}, "cost": n * s.cost, "gain": n * s.gain,
                            "ratio": s.ratio, "budget": s.budget, "risk": s.risk, "strength": s.strength})
            first += n
        for run in out:
            del run["step"]
        return out

    def to_dict(self) -> dict:
        return {"start": {"budget": self.start_budget, "risk": self.start_risk, "strength": self.start_strength},
                "steps": [s.to_dict() for s in self.compact]}

    def tables(self) -> dict[str, Table]:
        """`start` (the least package), `steps` (the order as built: each step's first purchase number,
        repeat, what one purchase costs and adds, and the totals after the last) and `runs` (the
        purchases that repeat one another as one row, for people: `bought` the units of each category)."""
        s, runs = self.compact, self.runs()
        firsts = list(itertools.accumulate((x.repeat for x in s[:-1]), initial=1)) if s else []
        totals = ("budget", "risk", "strength")
        return {
            "start": frame_table("The least package the bounds and prerequisites allow", {
                "budget": [self.start_budget], "risk": [self.start_risk], "strength": [self.start_strength]}),
            "steps": frame_table(
                "The greedy order of buy: most strength per unit of money first; each step stands for `repeat` "
                "identical purchases (cost and gain per purchase; budget, risk, strength after the last)",
                {"step": firsts, "repeat": [x.repeat for x in s], "category": [x.category for x in s],
                 **{key: [getattr(x, key) for x in s] for key in ("cost", "gain", "ratio", *totals)},
                 "divisible": [x.divisible for x in s]}),
            "runs": frame_table(
                "The greedy order for people: consecutive purchases of the same thing at the same rate as one row "
                "(purchases first..last; bought, cost and gain summed; budget, risk, strength after the run)",
                {"first": [r["first"] for r in runs], "last": [r["last"] for r in runs],
                 "bought": objects([r["bought"] for r in runs]),
                 **{key: [r[key] for r in runs] for key in ("cost", "gain", "ratio", *totals)}}),
        }

    def to_frame(self):
        """The `steps` table without `divisible` (for notebooks)."""
        return self.tables()["steps"].frame.drop(columns="divisible")


class Purchases(Sequence):
    """The order one purchase at a time, as a read-only sequence of Steps with repeat 1, each made when
    asked for (10 million purchases of one round are one Step in memory)."""

    def __init__(self, order: GreedyOrder):
        self._order = order
        self._ends = list(itertools.accumulate(s.repeat for s in order.compact))

    def __len__(self) -> int:
        return self._ends[-1] if self._ends else 0

    def __getitem__(self, k):
        if isinstance(k, slice):
            return tuple(self[j] for j in range(*k.indices(len(self))))
        k = k + len(self) if k < 0 else k
        if not 0 <= k < len(self):
            raise IndexError("purchase index out of range")
        b = bisect.bisect_right(self._ends, k)
        return self._purchase(b, k - (self._ends[b] - self._order.compact[b].repeat) + 1)

    def __iter__(self):
        for b, s in enumerate(self._order.compact):
            for m in range(1, s.repeat + 1):
                yield self._purchase(b, m)

    def _purchase(self, b: int, m: int) -> Step:
        """The m-th (from 1) of the purchases that compact step b stands for."""
        o = self._order
        s = o.compact[b]
        if m == s.repeat:
            return s if s.repeat == 1 else replace(s, repeat=1)
        prev = o.compact[b - 1] if b else None
        budget, risk, strength = (prev.budget, prev.risk, prev.strength) if prev else \
            (o.start_budget, o.start_risk, o.start_strength)
        return replace(s, budget=budget + m * s.cost, risk=risk + m * (s.risk - risk) / s.repeat,
                       strength=strength + m * s.gain, repeat=1)


def _same_purchase(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(math.isclose(a[c], b[c], rel_tol=_RTOL, abs_tol=1e-12) for c in a)


def _affordable(spent: float, cost: float, repeat: int, limit: float) -> int:
    """How many of `repeat` purchases of `cost` each fit within `limit` after `spent`: the largest m
    with spent + m x cost <= limit (at most repeat - 1: the whole step does not fit)."""
    if cost <= 0:
        return repeat - 1
    m = min(max(int(math.floor((limit - spent) / cost)), 0), repeat - 1)
    while m > 0 and spent + m * cost > limit:
        m -= 1
    while m + 1 < repeat and spent + (m + 1) * cost <= limit:
        m += 1
    return m


def _next_size(c, x: float, hi: float) -> float:
    """How much a step buys of a category at x units: one whole unit, or for continuous units up to
    the next whole number or curve point, whichever comes first."""
    if c.integer:
        return 1.0 if x + 1 <= hi + _TOL else 0.0
    stops = [math.floor(x + _TOL) + 1.0, hi]
    stops += [u for u, _ in c.curve if u > x + _TOL]
    return max(min(stops) - x, 0.0)


def _with_prerequisites(p: AidProblem, x: np.ndarray, hi: np.ndarray) -> np.ndarray | None:
    """`x` raised until every link holds (whole units rounded up); None when that breaks max_units."""
    y, _, settled = raise_to_links(p, x, hi)
    return y if settled and not (y > hi + _TOL).any() else None


def _next_point(c, x: float) -> float:
    """The first curve point beyond x units (inf without a curve or beyond its last point)."""
    return min((float(u) for u, _ in c.curve if u > x), default=math.inf)


def _slope_from(c, x: float) -> float:
    """Strength per unit just above x units (on the curve's segment there, else strength_per_unit)."""
    if not c.curve:
        return float(c.strength_per_unit)
    u = _next_point(c, x)
    if not math.isfinite(u):
        return 0.0
    below = max((float(v) for v, _ in c.curve if v <= x), default=0.0)
    return (c.strength(u) - c.strength(below)) / (u - below)


def _first_threat(a: np.ndarray, b: np.ndarray) -> int | None:
    """The first whole m >= 1 at which a + m b >= 0 in every row (an interval of m: an intersection of
    half-lines), rounded down so as never to be late; None when there is none."""
    lo, hi = 1.0, math.inf
    for ar, br in zip(a.tolist(), b.tolist()):
        if br == 0:
            if ar < 0:
                return None
        elif br > 0:
            lo = max(lo, -ar / br)
        else:
            hi = min(hi, ar / -br)
    if lo > hi + 1:
        return None
    return max(1, int(math.floor(lo)))


@dataclass
class _Candidate:
    j: int  # the category bought
    size: float  # of it, before prerequisites
    y: np.ndarray  # the package after the purchase
    spend: float
    gain: float
    changed: np.ndarray  # categories whose units change
    f_changed: np.ndarray  # their strengths after the purchase
    rows: np.ndarray  # the objective's rows after the purchase


class _Builder:
    """The greedy order's state (units, strengths, objective rows) and its passes."""

    def __init__(self, p: AidProblem, solver: str):
        self.p, self.solver = p, solver
        self.cats = p.categories
        self.cost = np.array([c.unit_cost for c in self.cats], dtype=float)
        self.risk = np.array([c.risk_per_unit for c in self.cats], dtype=float)
        self.hi = np.array([unit_bounds(c)[1] for c in self.cats], dtype=float)
        cap = math.inf if p.risk_cap is None else p.risk_cap
        self.risk_limit = cap * (1 + _TOL) + _TOL
        self.x, self.conflicts = least_units(p)
        self.value, self.by_row = evaluate(p, self.x)
        _, self.weights = p.rows()
        self.f = strengths(self.cats, self.x)  # kept up to date: a step changes a few categories, not all
        self.requires = {a for a, _, _ in p.links}  # categories that have prerequisites

    def candidate(self, j: int) -> _Candidate | None:
        """The next purchase of category j with its prerequisites; None where it breaks max_units, the
        links or the risk cap (those stay broken as the order goes on: it only ever adds units)."""
        p, x = self.p, self.x
        size = _next_size(self.cats[j], x[j], self.hi[j])
        if size <= _TOL:
            return None
        y = x.copy()
        y[j] += size
        y = _with_prerequisites(p, y, self.hi) if p.links else y
        if y is None or float(self.risk @ y) > self.risk_limit:
            return None
        changed = np.flatnonzero(y != x)
        f_changed = strengths([self.cats[k] for k in changed], y[changed])
        rows = self.by_row + self.weights[:, changed] @ (f_changed - self.f[changed])
        return _Candidate(j, size, y, float(self.cost @ (y - x)), float(rows.min()) - self.value, changed,
                          f_changed, rows)

    def pick(self, cands: list[_Candidate | None]) -> _Candidate | None:
        """The best rate, the first category among equals (rates within _TIE of each other are equal:
        the float noise that builds up over a long order is about 1e-12, and must not decide)."""
        best = None
        for c in cands:
            if c is None or c.gain <= _TOL * max(1.0, abs(self.value)) or c.spend <= 0:
                continue
            if best is None or c.gain / c.spend > best.gain / best.spend * (1 + _TIE):
                best = c
        return best

    def run(self) -> GreedyOrder:
        if self.conflicts or any(lo > h for lo, h in map(unit_bounds, self.cats)) or \
                float(self.risk @ self.x) > self.risk_limit:
            raise no_solution(self.p.with_limits(budget=None), self.solver)
        start = (float(self.cost @ self.x), float(self.risk @ self.x), self.value)
        steps = []
        while True:
            cands = [self.candidate(j) for j in range(len(self.cats))]
            best = self.pick(cands)
            if best is None:
                break
            steps.append(self.buy(best, self.repeats(best, cands)))
        return GreedyOrder(*start, tuple(steps))

    def buy(self, b: _Candidate, n: int) -> Step:
        """Make `n` purchases of `b` (the first as `b` found it) and the Step standing for them."""
        x, cats = self.x, self.cats
        y = b.y
        if n > 1:
            y = x.copy()
            y[b.j] += n * b.size
            y = _with_prerequisites(self.p, y, self.hi) if self.p.links else y
            if y is None or not np.allclose(y, x + n * (b.y - x), rtol=1e-9, atol=1e-9):
                n, y = 1, b.y  # cannot happen (repeats() checks every link); one purchase is always right
        bought = {cats[j].name: float(b.y[j] - x[j]) for j in np.flatnonzero(b.y - x > _TOL)}
        divisible = not any(cats[j].integer for j in np.flatnonzero(b.y - x > _TOL))
        changed = np.flatnonzero(y != x)
        if n == 1:
            f_changed, self.by_row, self.value = b.f_changed, b.rows, self.value + b.gain
        else:
            f_changed = strengths([cats[j] for j in changed], y[changed])
            self.by_row = self.by_row + self.weights[:, changed] @ (f_changed - self.f[changed])
            self.value = float(self.by_row.min())
        self.f[changed] = f_changed
        self.x = y
        return Step(cats[b.j].name, bought, b.spend, b.gain, float(self.cost @ y), float(self.risk @ y), self.value,
                    divisible, n)

    # --- how many identical purchases follow --------------------------------------------------------

    def repeats(self, b: _Candidate, cands: list[_Candidate | None]) -> int:
        """How many purchases identical to `b` (same bundle, cost and gain) buying one at a time would
        make in a row from here: at least 1, never more (fewer only costs another pass)."""
        x, i, c = self.x, b.j, self.cats[b.j]
        delta = b.y - x
        if delta[i] != b.size:  # the links raised the category itself: leave it to one purchase at a time
            return 1
        if c.integer:
            upper = math.floor(self.hi[i] + _TOL - x[i])
        elif b.size == 1.0 and x[i] == math.floor(x[i]):  # whole units from a whole number
            upper = math.floor(self.hi[i] - x[i])
        else:
            return 1
        if upper <= 1:
            return 1
        plan = _Stretch(self, b, delta)
        if plan.rows_break:
            return 1
        upper = min(upper, plan.rivals(cands))
        if upper <= 1 or not plan.holds(2):
            return 1
        lo, hi = 2, int(upper)  # plan.holds(lo) is true; find the last n that holds
        if plan.holds(hi):
            return hi
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (mid, hi) if plan.holds(mid) else (lo, mid)
        return lo


class _Stretch:
    """n purchases of candidate `b` in a row from the builder's state: the states are
    P(m) = x + m delta (m = 0..n), and every condition for the n purchases to be identical and chosen
    is checked at P(1) and P(n), where it is linear in m (or monotone)."""

    def __init__(self, g: _Builder, b: _Candidate, delta: np.ndarray):
        self.g, self.b, self.delta = g, b, delta
        self.S = [int(j) for j in np.flatnonzero(delta != 0)]  # what one purchase buys
        self.in_S = set(self.S)
        # strength per purchase of each bought category, on the curve segment where it is
        self.df = {j: float(fj - g.f[j]) for j, fj in zip(b.changed.tolist(), b.f_changed.tolist())}
        self.points = {j: _next_point(g.cats[j], g.x[j]) for j in self.S}
        self.d = g.weights[:, self.S] @ np.array([self.df[j] for j in self.S])  # rows added per purchase
        self.rate = b.gain / b.spend
        # the robust objective: one row (the worst case) must stay the least one, the gain its increment
        self.worst = int(np.argmin(b.rows))
        scale = 1e-12 * max(1.0, abs(g.value))
        self.rows_break = len(b.rows) > 1 and g.by_row[self.worst] > g.value + scale
        self.links = [(a, t, r) for a, t, r in g.p.links if a in self.in_S]

    def at(self, m: int) -> np.ndarray:
        return self.g.x + m * self.delta

    def holds(self, n: int) -> bool:
        """Would purchases 1..n all be this same purchase, at this gain? (Given that purchase 1 is.)"""
        g, b, x = self.g, self.b, self.g.x
        end = self.at(n)
        if (end[self.S] > g.hi[self.S] + _TOL).any() or float(g.risk @ end) > g.risk_limit:
            return False
        if not g.cats[b.j].integer and end[b.j] > g.hi[b.j]:
            return False
        if any(end[j] > self.points[j] for j in self.S):  # a curve point: the gain changes
            return False
        if b.gain <= _TOL * max(1.0, abs(g.value + (n - 1) * b.gain)):
            return False
        if len(b.rows) > 1:
            gap = b.rows - b.rows[self.worst] + (n - 1) * (self.d - self.d[self.worst])
            if (gap < -1e-12 * max(1.0, abs(g.value))).any():
                return False
        return self._links_hold(n) if self.links else True

    def _links_hold(self, n: int) -> bool:
        """Each link met at P(1) and P(n) (so between them), and each prerequisite the purchase raises
        raised by a link that stays tight (its rounded need equals the units) from the category bought."""
        g, x, delta = self.g, self.g.x, self.delta
        forcing: dict[int, list[int]] = {}
        for a, t, r in self.links:
            whole = g.cats[t].integer
            for m in (1, n):
                pa, pt = x[a] + m * delta[a], x[t] + m * delta[t]
                need = math.ceil(r * pa - _NOISE) if whole else r * pa
                if need > pt * (1 + _NOISE) + _NOISE:
                    return False
            if t in self.in_S and t != self.b.j:
                tight = True
                for m in (1, n):
                    pa, pt = x[a] + m * delta[a], x[t] + m * delta[t]
                    need = math.ceil(r * pa - _NOISE) if whole else r * pa
                    tight &= need >= pt - (0 if whole else 1e-9 * (1 + abs(pt)))
                # raise_to_links raises only beyond its tolerance: the increment must clear it
                tight &= delta[t] > 2 * _NOISE * (1 + x[t] + (n - 1) * delta[t])
                if tight:
                    forcing.setdefault(t, []).append(a)
        reached, frontier = {self.b.j}, [self.b.j]
        while frontier:
            a = frontier.pop()
            for t, sources in forcing.items():
                if t not in reached and a in sources:
                    reached.add(t)
                    frontier.append(t)
        return reached >= self.in_S

    def rivals(self, cands: list[_Candidate | None]) -> int:
        """The first purchase at which another category's rate might come within _NEAR of this one's
        (so that one at a time might choose it): a bound on the stretch; a large number when none."""
        g, b = self.g, self.b
        bound = 2 ** 62
        robust = len(b.rows) > 1
        threshold = self.rate * (1 - _NEAR)
        w, worst = g.weights, self.worst
        slope_rows = self.d - self.d[worst]
        base_rows = g.by_row - g.by_row[worst]
        for c in cands:
            if c is None or c.j == b.j:
                continue  # None: broken links, max_units or risk cap, which more units never mend
            j = c.j
            if j in self.in_S:  # a prerequisite bought along: its own next unit, at its segment's rate
                cat = g.cats[j]
                if j in g.requires or (cat.integer and cat.curve):
                    return 1
                slope = _slope_from(cat, g.x[j])
                best = (w[worst, j] if robust else w[0, j]) * slope / cat.unit_cost
                if best >= threshold:
                    return 1
                continue
            touched = [k for k in c.changed.tolist() if k in self.in_S]
            dj = w[:, c.changed] @ (c.f_changed - g.f[c.changed])
            if not touched:  # its bundle, cost and strength stay as they are
                if not robust:
                    continue  # its rate stays as it is too
                limit_j = threshold * c.spend
                if dj[worst] < limit_j or c.gain >= dj[worst] - 1e-12 * max(1.0, abs(dj[worst])):
                    continue  # under the worst case it can never, or can no longer, gain more
                m = _first_threat(base_rows + dj - limit_j, slope_rows)
            else:
                # it needs units that this purchase buys: from here on it needs fewer of them, so it
                # costs and gains less, linearly, until one of them no longer needs raising
                for k in touched:
                    need, step = c.y[k], self.delta[k]
                    if step > 0:
                        first_met = (need - _NOISE - g.x[k] * (1 + _NOISE)) / (step * (1 + _NOISE))
                        bound = min(bound, max(1, int(math.floor(first_met))))
                save = float(sum(g.cost[k] * self.delta[k] for k in touched))
                less = w[:, touched] @ np.array([self.df[k] for k in touched])
                rows_a = (base_rows if robust else 0) + dj - threshold * c.spend
                rows_b = (slope_rows if robust else 0) - less + threshold * save
                m = _first_threat(np.atleast_1d(rows_a), np.atleast_1d(rows_b))
            if m is not None:
                bound = min(bound, m)
        return bound


def greedy_order(p: AidProblem, *, solver: str = "highs") -> GreedyOrder:
    """The order of buy for `p` (its budget ignored, its risk cap kept); NoSolution when even the
    least package breaks the bounds, the links or the risk cap (diagnosed with `solver`)."""
    return _Builder(p, solver).run()

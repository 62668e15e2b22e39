"""rank(study, method, ...) -> Ranking: the facade over decision/methods/.

A Ranking keeps what produced it (method, parameters, weights) beside the scores and
competition ranks, and presents them as named tables (`tables`: the ranking, then the method's
working) or DESIGN.md's JSON (`to_dict`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from decision.catalogue import DEFAULT_METHOD, DEFAULT_WEIGHTING
from decision.limits import MAX_SCORE_MAGNITUDE
from decision.errors import InputError, NotApplicable, bad_option
from decision.methods._batch import plain
from decision.methods.registry import METHODS
from decision.model import Study
from decision.tables import ALTERNATIVE, Table, frame_table
from decision.weights import Weights, derive



def _better(s_j: np.ndarray, s_i: np.ndarray, rtol: float) -> np.ndarray:
    """Whether s_j beats s_i: ahead by more than `rtol` relative to the larger magnitude."""
    scale = np.maximum(np.abs(s_i), np.abs(s_j))
    return s_j - s_i > rtol * np.where(scale > 0, scale, 1.0)


def competition_ranks(scores, *, higher_is_better: bool = True, rtol: float = 1e-9) -> np.ndarray:
    """Ranks 1, 1, 3: ties (relative difference under `rtol`) share the best rank, the next is skipped.

    rank_i = 1 + how many s_j beat s_i (`_better`). For rtol < 1 that test is increasing in s_j,
    so the s_j that beat s_i are the top of the sorted scores: where they start is found by a
    search for the threshold (s_i / (1 - rtol) for s_i >= 0, s_i (1 - rtol) below), then moved
    while `_better` itself disagrees at the boundary (rounding), so the count is the one of the
    pairwise test. O(m log m), no m x m matrix (10,000 alternatives would need gigabytes).
    Non-finite scores take the pairwise count."""
    s = np.asarray(scores, dtype=float)
    s = s if higher_is_better else -s
    m = s.size
    if not np.isfinite(s).all() or not 0 <= rtol < 1:
        return 1 + _better(s[None, :], s[:, None], rtol).sum(axis=1)
    order = np.argsort(s)
    z = s[order]  # everything below runs over the sorted scores: each search asks in sorted order
    first = np.searchsorted(z, np.where(z >= 0, z / (1.0 - rtol), z * (1.0 - rtol)), side="left")
    for _ in range(64):  # first: the smallest index whose score beats z_i (m if none)
        before, at = z[np.maximum(first - 1, 0)], z[np.minimum(first, m - 1)]
        late = (first > 0) & _better(before, z, rtol)  # move below the group of scores equal to `before`
        early = (first < m) & ~_better(at, z, rtol) & ~late  # move above the group equal to `at`
        if not (late.any() or early.any()):
            break
        first = np.where(late, np.searchsorted(z, before, side="left"),
                         np.where(early, np.searchsorted(z, at, side="right"), first))
    else:  # only if `_better` were not monotone after rounding
        unsettled = np.flatnonzero(late | early)
        first[unsettled] = m - _better(z[None, :], z[unsettled, None], rtol).sum(axis=1)
    ranks = np.empty(m, dtype=np.intp)
    ranks[order] = 1 + (m - first)
    return ranks


@dataclass(frozen=True)
class Ranking:
    method: str
    parameters: dict
    weights: Weights
    alternatives: tuple[str, ...]
    scores: np.ndarray
    higher_is_better: bool
    extra: dict = field(default_factory=dict)

    @property
    def ranks(self) -> np.ndarray:
        return competition_ranks(self.scores, higher_is_better=self.higher_is_better)

    @property
    def order(self) -> np.ndarray:
        """Alternative indexes from best to worst (stable among ties)."""
        key = -self.scores if self.higher_is_better else self.scores
        return np.argsort(key, kind="stable")

    @property
    def top(self) -> str:
        return self.alternatives[self.order[0]]

    @property
    def margin(self) -> float:
        """How far the first is ahead of the second, in the method's score (0 with one alternative)."""
        if len(self.scores) < 2:
            return 0.0
        first, second = self.scores[self.order[:2]]
        return float(abs(first - second))

    @property
    def working(self) -> dict[str, Table]:
        """The method's intermediate tables, in the order it computes them (`extra["tables"]`)."""
        return dict(self.extra.get("tables", {}))

    def tables(self) -> dict[str, Table]:
        """`ranking`: each alternative's score and competition rank, best first; then the method's
        working (no method names a table `ranking`)."""
        order, ranks = self.order, self.ranks
        spec = METHODS.get(self.method)
        what = spec.score_name if spec else "score"
        better = "higher" if self.higher_is_better else "lower"
        ranking = frame_table(f"{self.method.upper()}: {what} ({better} is better) and competition rank, best first",
                              {"score": self.scores[order], "rank": ranks[order]},
                              index=[self.alternatives[i] for i in order], index_name=ALTERNATIVE)
        return {"ranking": ranking, **self.working}

    def to_frame(self):
        """The `ranking` table with the alternatives as a column (for notebooks)."""
        return self.tables()["ranking"].frame.reset_index()

    def to_dict(self) -> dict:
        ranks = self.ranks
        return {
            "method": self.method,
            "parameters": dict(self.parameters),
            "weights": self.weights.as_dict(),
            "weighting": self.weights.method,
            "higher_is_better": self.higher_is_better,
            "ranking": [
                {"alternative": self.alternatives[i], "score": float(self.scores[i]), "rank": int(ranks[i])}
                for i in self.order
            ],
            "extra": plain(self.extra),
        }


def choose(study: Study, method: str | None, weighting: str | None) -> tuple[str, str]:
    """The method and weighting to use: the argument, else the workbook's Settings, else the default."""
    method = method or study.settings.get("method") or DEFAULT_METHOD
    weighting = weighting or study.settings.get("weights") or DEFAULT_WEIGHTING
    return method, weighting


def checked_parameters(method: str, parameters: dict | None) -> dict:
    """The method's parameters with its defaults; InputError for an unknown method or parameter."""
    spec = METHODS.get(method)
    if spec is None:
        raise InputError(bad_option("method", f"unknown method '{method}' (known: {', '.join(METHODS)})"))
    return spec.merged(parameters)


def rank(study: Study, method: str | None = None, *, parameters: dict | None = None, weighting: str | None = None,
         weights: Weights | None = None) -> Ranking:
    """Rank the study's alternatives (a complete study: see `decision.pipeline.complete`). Unknown
    methods or parameters, and a method that cannot run on this data, raise InputError."""
    method, weighting = choose(study, method, weighting)
    parameters = checked_parameters(method, parameters)
    study.require_complete()
    if weights is None:
        weights = derive(study, weighting)
    try:
        return evaluate(study, method, parameters, weights)
    except NotApplicable as exc:
        raise InputError(bad_option("method", f"cannot rank this study: {exc}", key=method)) from None


def _beyond_the_reader(study: Study) -> bool:
    """Scores larger than the reader accepts (a study built in code): methods may overflow on them."""
    scores = np.asarray(study.scores, dtype=float)
    return bool(np.abs(scores[np.isfinite(scores)]).max(initial=0.0) > MAX_SCORE_MAGNITUDE)


def evaluate(study: Study, method: str, parameters: dict, weights: Weights) -> Ranking:
    """Run one registered method on a study whose scores are complete; NotApplicable when the data
    does not suit it (`rank` checks the arguments and says so for people)."""
    spec = METHODS[method]
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):  # overflow is reported below, as a refusal
        try:
            scores, extra = spec.load().evaluate(study, weights.values, **parameters)
        except (ValueError, ArithmeticError):
            if not _beyond_the_reader(study):
                raise  # a bug
            raise NotApplicable(f"it fails on scores beyond {MAX_SCORE_MAGNITUDE:.0e} in magnitude, which the workbook "
                                "reader refuses (the method's sums or squares overflow)".replace("e+", "e")) from None
    scores = np.asarray(scores, dtype=float)
    if not np.isfinite(scores).all():  # numbers too large for the method's sums, squares or products
        bad = [a for a, v in zip(study.alternative_names, scores) if not np.isfinite(v)]
        raise NotApplicable(f"its scores overflow to {'NaN' if np.isnan(scores).any() else 'infinity'} "
                            f"(for {', '.join(repr(a) for a in bad[:3])}{' ...' if len(bad) > 3 else ''}): "
                            "the scores are too large in magnitude for it")
    return Ranking(method, parameters, weights, tuple(study.alternative_names), scores, spec.higher_is_better, extra)

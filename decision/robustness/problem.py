"""What a robustness analysis works on: a study reduced to plain arrays and a batched method.

`Problem` is picklable plain data (a `Study` holds mapping proxies, which are not), so that whole
blocks of work can travel to Dask workers. `Evaluator` calls one of the batched methods on a
block and returns utilities that are higher-is-better whatever the method (a score where lower is
better negated). It knows methods only through the contract their modules declare
(`decision.methods.registry`): the batched function and its arguments, and where a module declares
them, the linear and affine forms and the facts the score thresholds need.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from decision.errors import InputError, NotApplicable, bad_option
from decision.methods.registry import METHODS, Method, batched_ids
from decision.model import Study
from decision.robustness.sampling import SCORE_DISTRIBUTIONS, WeightModel, triangular_scores, uniform_scores


@dataclass(frozen=True)
class Evaluator:
    """A batched method with its fixed arguments: `(weights (k, n), scores (m, n) or (k, m, n)) ->
    utilities (k, m)`, higher is better."""

    method: str
    arguments: dict = field(default_factory=dict)
    parameters: dict = field(default_factory=dict)  # the method's parameters as the documents show them
    # The registry line, carried along so that a cluster worker needs no registry (taken from it
    # by `method` when not given).
    spec: Method | None = field(default=None, compare=False, repr=False)

    def __post_init__(self):
        if self.spec is None:
            object.__setattr__(self, "spec", METHODS[self.method])

    def __call__(self, weights, scores) -> np.ndarray:
        u = self.spec.load().batched(scores, weights, **self.arguments)
        return u if self.spec.higher_is_better else -u

    def many(self, weights, scores):
        """Utilities (c, k, m) of c weight vectors (c, n), each over the same k score samples
        (k, m, n): a method linear in the weights turns the scores into A once for all c."""
        weights = np.atleast_2d(np.asarray(weights, dtype=float))
        affine = self.affine()
        if affine is not None and np.ndim(scores) == 3:  # U = sum_j w_j (a_j x_j + b_j)
            slope, offset = affine
            return np.einsum("kmn,cn->ckm", scores, weights * slope) + (weights @ offset)[:, None, None]
        a = self.linear(scores)
        if a is None:
            return np.stack([self(w[None, :], scores) for w in weights]) if len(weights) else np.empty((0,) + np.shape(scores)[:-1])
        return np.einsum("kmn,cn->ckm", a if a.ndim == 3 else a[None], weights)

    def affine(self) -> tuple[np.ndarray, np.ndarray] | None:
        """(a, b) per criterion when each single-criterion value is a_j x + b_j on a scale fixed in
        advance (the method declares `affine`), else None."""
        declared = self.spec.declared("affine")
        return None if declared is None else declared(**self.arguments)

    def linear(self, scores) -> np.ndarray | None:
        """A, shaped like the scores ((m, n) or (k, m, n)), with utilities = sum_j w_j A_.j for
        these scores (the method declares `linear`), or None when the method is not linear in the
        weights."""
        declared = self.spec.declared("linear")
        return None if declared is None else declared(scores, **self.arguments)

    def score_kinks(self, others, j: int) -> list[np.ndarray]:
        """Where the method bends as one score on criterion j moves, besides meeting `others`
        (what the method declares, `score_kinks`; none by default)."""
        declared = self.spec.declared("score_kinks")
        return [] if declared is None else declared(others, j, **self.arguments)

    def score_floor(self, scores, i: int, j: int, low: float, high: float) -> float:
        """How low score (i, j) may move: `low`, unless the method declares `score_floor`."""
        declared = self.spec.declared("score_floor")
        return low if declared is None else declared(scores, i, j, low, high, **self.arguments)


def evaluator_spec(method: str, parameters: dict | None = None) -> tuple[Method, dict]:
    """The registry's entry of a method robustness can sample, and its parameters; InputError otherwise."""
    spec = METHODS.get(method)
    if spec is None or not spec.batched:
        known = ", ".join(batched_ids())
        if spec is not None:
            raise InputError(bad_option("method", f"robustness samples batched methods only ({known})", key=method))
        raise InputError(bad_option("method", f"unknown method '{method}' (robustness works with {known})"))
    return spec, spec.merged(parameters)


def evaluator(study: Study, method: str, parameters: dict | None = None) -> Evaluator:
    """The study's batched method; InputError for a method robustness cannot sample or a bad
    parameter."""
    spec, parameters = evaluator_spec(method, parameters)
    arguments = spec.load().arguments(study, **parameters)
    return Evaluator(method, arguments, parameters, spec)


@dataclass(frozen=True, eq=False)
class Problem:
    """Everything one block needs: names, the method, the weight model and the score ranges.

    `scores_low`/`scores_high` are None when no score is uncertain; then every block shares the
    one score matrix. `distribution` is how scores are drawn in their ranges.
    """

    alternatives: tuple[str, ...]
    criteria: tuple[str, ...]
    evaluate: Evaluator
    weights: WeightModel
    scores: np.ndarray
    scores_low: np.ndarray | None = None
    scores_high: np.ndarray | None = None
    distribution: str = "uniform"

    def __post_init__(self):
        if self.distribution not in SCORE_DISTRIBUTIONS:
            raise ValueError(f"unknown score distribution {self.distribution!r} (known: {', '.join(SCORE_DISTRIBUTIONS)})")

    @property
    def uncertain(self) -> bool:
        return self.scores_low is not None

    @property
    def method(self) -> str:
        return self.evaluate.method

    def draw_scores(self, rng: np.random.Generator, k: int) -> np.ndarray:
        if self.distribution == "triangular":
            return triangular_scores(rng, k, self.scores_low, self.scores, self.scores_high)
        return uniform_scores(rng, k, self.scores_low, self.scores_high)


def problem(study: Study, method: str, weights: WeightModel, *, parameters: dict | None = None,
            distribution: str = "uniform") -> Problem:
    """The study as a Problem; InputError when the method cannot rank every score it may draw
    (e.g. a method of ratios with a score range reaching zero). The study is complete (`decision.pipeline.complete`)."""
    study.require_complete()
    if distribution not in SCORE_DISTRIBUTIONS:
        raise InputError(bad_option("distribution", f"expected {' or '.join(SCORE_DISTRIBUTIONS)}, found '{distribution}'"))
    evaluate = evaluator(study, method, parameters)
    low, high = (study.scores_low, study.scores_high) if study.has_uncertainty else (None, None)
    corners = np.stack([study.scores] + ([low, high] if low is not None else []))
    try:  # the extremes of every range: where positivity and thresholds could fail
        evaluate(np.full((1, len(study.criteria)), 1.0 / len(study.criteria)), corners)
    except NotApplicable as exc:
        raise InputError(bad_option("method", f"cannot rank this study: {exc}", key=method)) from None
    return Problem(tuple(study.alternative_names), tuple(study.criterion_names), evaluate, weights,
                   np.array(study.scores, dtype=float),
                   None if low is None else np.array(low, dtype=float),
                   None if high is None else np.array(high, dtype=float), distribution)

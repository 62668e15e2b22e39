"""Properties every ranking method must have, whatever the data (hypothesis).

- Permuting the alternatives permutes the scores.
- An alternative that dominates all others (strictly better on every criterion) ranks first.
- Multiplying one criterion's scores by a positive constant leaves the scores unchanged for the
  methods whose normalization divides it out by definition: MAVT over the observed range
  (min-max), TOPSIS and MOORA (vector norm), SAW and WASPAS (ratio to the best), VIKOR and MABAC
  (range), EDAS (ratio to the average), COPRAS (ratio to the sum), PROMETHEE II with the usual
  preference function (only the sign of differences matters). WPM keeps its ranking, and its
  scores change by one common factor c^w. WSM adds raw values and is not invariant.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decision.methods.registry import METHODS
from decision.model import Alternative, Criterion, Study
from decision.ranking import rank
from decision.weights import Weights

SCALE_INVARIANT = {"mavt", "topsis", "moora", "saw", "waspas", "vikor", "mabac", "edas", "copras", "promethee2"}
RANK_INVARIANT_ONLY = {"wpm"}
NOT_INVARIANT = {"wsm"}


def test_every_method_is_classified():
    assert set(METHODS) == SCALE_INVARIANT | RANK_INVARIANT_ONLY | NOT_INVARIANT


def make_study(scores, maximize) -> Study:
    m, n = scores.shape
    return Study(
        name="prop",
        alternatives=tuple(Alternative(f"a{i}") for i in range(m)),
        criteria=tuple(Criterion(f"c{j}", "max" if maximize[j] else "min", 1.0) for j in range(n)),
        scores=scores,
    )


@st.composite
def problems(draw):
    m = draw(st.integers(3, 7))
    n = draw(st.integers(2, 5))
    all_max = draw(st.booleans())
    maximize = [True] * n if all_max else draw(st.lists(st.booleans(), min_size=n, max_size=n))
    # Distinct positive scores per criterion: every method runs, and no ties make ranks ambiguous.
    columns = [draw(st.lists(st.integers(1, 60), min_size=m, max_size=m, unique=True)) for _ in range(n)]
    weights = np.array(draw(st.lists(st.integers(1, 20), min_size=n, max_size=n)), dtype=float)
    return np.array(columns, dtype=float).T, np.array(maximize), weights / weights.sum()


def scores_of(study, method, weights):
    w = Weights("given", tuple(study.criterion_names), weights)
    return rank(study, method, weights=w)


def applicable(method, maximize) -> bool:
    return not (method == "wsm" and not maximize.all())


SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("method", list(METHODS))
@SETTINGS
@given(problem=problems(), data=st.data())
def test_permuting_alternatives_permutes_the_result(method, problem, data):
    scores, maximize, weights = problem
    if not applicable(method, maximize):
        return
    perm = np.array(data.draw(st.permutations(range(scores.shape[0]))))
    base = scores_of(make_study(scores, maximize), method, weights)
    permuted = scores_of(make_study(scores[perm], maximize), method, weights)
    np.testing.assert_allclose(permuted.scores, base.scores[perm], rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("method", list(METHODS))
@SETTINGS
@given(problem=problems(), data=st.data())
def test_a_dominating_alternative_ranks_first(method, problem, data):
    scores, maximize, weights = problem
    if not applicable(method, maximize):
        return
    best = np.where(maximize, scores.max(axis=0) + 5, np.maximum(scores.min(axis=0) * 0.5, 0.5))
    where = data.draw(st.integers(0, scores.shape[0]))
    with_best = np.insert(scores, where, best, axis=0)
    result = scores_of(make_study(with_best, maximize), method, weights)
    assert result.ranks[where] == 1, (method, result.scores)


@pytest.mark.parametrize("method", sorted(SCALE_INVARIANT | RANK_INVARIANT_ONLY))
@SETTINGS
@given(problem=problems(), data=st.data())
def test_scaling_a_criterion(method, problem, data):
    scores, maximize, weights = problem
    j = data.draw(st.integers(0, scores.shape[1] - 1))
    factor = data.draw(st.sampled_from([0.001, 0.5, 3.0, 1000.0]))
    scaled = scores.copy()
    scaled[:, j] *= factor
    base = scores_of(make_study(scores, maximize), method, weights)
    after = scores_of(make_study(scaled, maximize), method, weights)
    if method in SCALE_INVARIANT:
        np.testing.assert_allclose(after.scores, base.scores, rtol=1e-7, atol=1e-10)
    else:
        np.testing.assert_array_equal(after.ranks, base.ranks)
        ratio = after.scores / base.scores
        np.testing.assert_allclose(ratio, ratio[0], rtol=1e-9)


def test_wsm_is_not_scale_invariant():
    """WSM adds raw values: inflating one criterion's unit makes it dominate (hand-made case)."""
    scores = np.array([[1.0, 10.0], [2.0, 5.0]])
    study = make_study(scores, np.array([True, True]))
    weights = np.array([0.5, 0.5])
    assert list(scores_of(study, "wsm", weights).ranks) == [1, 2]  # 5.5 vs 3.5
    scores[:, 0] *= 100
    assert list(scores_of(make_study(scores, np.array([True, True])), "wsm", weights).ranks) == [2, 1]  # 55 vs 102.5

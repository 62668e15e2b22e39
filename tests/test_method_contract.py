"""One method contract: every ranking method is a module that declares what the facade and
robustness need (decision/methods/registry.py). A method declared in a module of the tests, and
registered at run time without touching decision/, ranks and is sampled like a shipped one; the
robustness package knows methods only through the contract."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import numpy as np
import pytest

import decision.robustness
from decision.errors import InputError
from decision.methods import registry
from decision.methods.registry import METHODS, Method
from decision.model import Alternative, Criterion, Study
from decision.ranking import rank
from decision.robustness.problem import problem
from decision.robustness.sampling import WeightModel

PLAIN_SUM = Method("plain-sum", "tests.methods_fixture.plain_sum", True, "plain weighted sum of raw scores")
SHIPPED_BATCHED = {"mavt", "saw", "wsm", "topsis", "vikor", "promethee2"}


@pytest.fixture
def plain_sum(request):
    registry.register(PLAIN_SUM)
    request.addfinalizer(lambda: registry.unregister(PLAIN_SUM.id))
    return PLAIN_SUM


def max_only_study(uncertain: bool) -> Study:
    """Five alternatives, four 'max' criteria on one scale (so a raw weighted sum is meaningful: WSM
    ranks it too); scores continuous, so that no two utilities tie by accident."""
    rng = np.random.default_rng(7)
    m, n = 5, 4
    scores = rng.uniform(2, 9, (m, n))
    weights = rng.dirichlet(np.ones(n))
    criteria = tuple(Criterion(f"c{j}", "max", float(weights[j]), low=0.0, high=10.0) for j in range(n))
    extra = {}
    if uncertain:
        extra = {"scores_low": scores - rng.uniform(0, 1, (m, n)), "scores_high": scores + rng.uniform(0, 1, (m, n))}
    return Study(name="s", alternatives=tuple(Alternative(f"a{i}") for i in range(m)), criteria=criteria,
                 scores=scores, **extra)


# --- the method declared in the tests -----------------------------------------------------------


def test_a_method_declared_in_the_tests_ranks_through_the_facade(plain_sum):
    study = max_only_study(uncertain=False)
    ranking = rank(study, plain_sum.id)
    np.testing.assert_allclose(ranking.scores, study.scores @ study.weights, rtol=1e-15)
    assert ranking.method == "plain-sum" and ranking.higher_is_better
    assert ranking.top == study.alternative_names[int(np.argmax(study.scores @ study.weights))]


@pytest.mark.parametrize("uncertain", [False, True])
def test_a_method_declared_in_the_tests_is_sampled_like_the_shipped_one_it_equals(plain_sum, uncertain):
    """On 'max' criteria the plain sum is WSM, and it declares what WSM declares (linear, affine):
    robustness gives the same document, number for number, but for the method's name."""
    study = max_only_study(uncertain)
    ours = decision.robustness.robustness(study, plain_sum.id, samples=500, seed=3).to_dict()
    theirs = decision.robustness.robustness(study, "wsm", samples=500, seed=3).to_dict()
    assert ours["method"] == "plain-sum" and theirs["method"] == "wsm"
    assert ours["samples"] == 500
    assert {**ours, "method": "wsm"} == theirs
    assert ours["min_weight_change"]["reason"] is None  # linear: the LP ran
    assert ours["thresholds"] is not None and ours["score_thresholds"] is not None


def test_the_registry_reads_the_declarations_of_a_registered_method(plain_sum):
    assert plain_sum.id in registry.batched_ids()
    assert plain_sum.id in registry.declaring("linear") and plain_sum.id in registry.declaring("affine")
    assert plain_sum.id not in registry.declaring("score_floor")
    assert plain_sum.path == "tests.methods_fixture.plain_sum"


def test_unregistered_it_is_gone():
    registry.register(PLAIN_SUM)
    registry.unregister(PLAIN_SUM.id)
    assert PLAIN_SUM.id not in METHODS and PLAIN_SUM.id not in registry.batched_ids()
    with pytest.raises(InputError, match="unknown method 'plain-sum'"):
        rank(max_only_study(uncertain=False), PLAIN_SUM.id)


def test_a_problem_with_a_registered_method_travels_to_a_worker_whole(plain_sum):
    """A cluster worker has no run-time registrations: the Problem carries the registry line."""
    study = max_only_study(uncertain=True)
    prob = problem(study, plain_sum.id, WeightModel("none", 4))
    copy = pickle.loads(pickle.dumps(prob))
    registry.unregister(plain_sum.id)
    try:
        w = np.full((1, 4), 0.25)
        np.testing.assert_array_equal(copy.evaluate(w, study.scores), prob.evaluate(w, study.scores))
    finally:
        registry.register(plain_sum)


# --- the registry -------------------------------------------------------------------------------


@pytest.mark.parametrize("method_id", list(METHODS))
def test_every_shipped_method_keeps_the_contract(method_id):
    assert registry.check(METHODS[method_id].load()) == []


def test_the_batched_methods_are_those_that_say_so():
    assert set(registry.batched_ids()) == SHIPPED_BATCHED
    assert registry.declaring("linear") == ("mavt", "wsm", "saw", "promethee2")
    assert registry.declaring("affine") == ("mavt", "wsm")
    assert registry.declaring("score_kinks") == ("promethee2",)
    assert registry.declaring("score_floor") == ("saw",)
    for method_id in SHIPPED_BATCHED:
        module = METHODS[method_id].load()
        assert module.batched is getattr(module, method_id)  # the method's own function


def test_register_refuses_a_taken_id_a_module_without_the_contract_and_unregistering_a_shipped_one():
    with pytest.raises(ValueError, match="'wsm' is registered already"):
        registry.register(Method("wsm", "tests.methods_fixture.plain_sum", True, "x"))
    with pytest.raises(ValueError, match=r"tests.methods_fixture does not keep the method contract: no evaluate"):
        registry.register(Method("empty", "tests.methods_fixture", True, "x"))
    assert "empty" not in METHODS
    with pytest.raises(ValueError, match="'mavt' is a shipped method"):
        registry.unregister("mavt")
    with pytest.raises(ValueError, match="no method 'nothing'"):
        registry.unregister("nothing")
    with pytest.raises(ValueError, match="not an optional declaration"):
        METHODS["mavt"].declared("evaluate")


def test_the_robustness_package_names_no_method():
    """Robustness reads what a method is from its module's declarations, never from its name."""
    root = Path(decision.robustness.__file__).parent
    ids = re.compile(r"\b(" + "|".join(re.escape(m) for m in METHODS) + r")\b", re.IGNORECASE)
    found = [f"{path.name}:{n}: {line.strip()}" for path in sorted(root.rglob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if ids.search(line)]
    assert not found

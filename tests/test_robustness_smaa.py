"""SMAA-2: cases with exact answers derived by hand, the published centroid of ordinal weights,
equality with the methods evaluated one sample at a time (and with scikit-criteria and pymcdm
where they compute the method) on the same samples, the same numbers whatever the chunking or
engine, and standard errors that match the spread over seeds.

Statistical checks use a fixed seed and a bound of four Monte Carlo standard errors (the ones
the analysis reports, themselves checked in test_standard_errors_match_the_spread_over_seeds).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from decision.model import Alternative, Criterion, Study
from decision.ranking import competition_ranks
from decision.robustness import blocks as B
from decision.robustness.engines import DaskEngine
from decision.robustness.problem import Evaluator, Problem, problem
from decision.robustness.sampling import WeightModel
from decision.robustness.smaa import meta_weights, smaa

ROC_4 = [0.5208, 0.2708, 0.1458, 0.0625]  # Barron & Barrett 1996, Table 1 (n = 4)


def value_problem(values, weights: WeightModel | None = None, low=None, high=None) -> Problem:
    """MAVT over values already on [0, 1] (scale 0..1, every criterion max): utilities = w . v."""
    values = np.asarray(values, dtype=float)
    m, n = values.shape
    evaluate = Evaluator("mavt", {"low": np.zeros(n), "high": np.ones(n), "maximize": np.ones(n, dtype=bool)})
    return Problem(tuple(f"A{i}" for i in range(m)), tuple(f"c{j}" for j in range(n)), evaluate,
                   weights or WeightModel("none", n), values,
                   None if low is None else np.asarray(low, dtype=float),
                   None if high is None else np.asarray(high, dtype=float))


def within(estimate, exact, se, k=4.0):
    estimate, exact, se = (np.asarray(a, dtype=float) for a in (estimate, exact, se))
    return bool(np.all(np.abs(estimate - exact) <= k * se + 1e-12))


# --- exact cases ---------------------------------------------------------------------------------


def test_two_criteria_acceptability_is_a_ratio_of_lengths():
    """Values A = (1, 0), B = (0.3, 0.8); w = (t, 1 - t) with t uniform on [0, 1] (the 1-simplex).
    U_A = t, U_B = 0.3 t + 0.8 (1 - t), so A is first iff t > 8/15: b_A^1 = 7/15, b_B^1 = 8/15.
    Central weights: the mean of t over (8/15, 1] is 23/30, over [0, 8/15) it is 4/15, so
    w_A^c = (23/30, 7/30), w_B^c = (4/15, 11/15). Holistic, centroid meta-weights for m = 2
    (1, (1/2)/(1 + 1/2) = 1/3): a_A = 7/15 + 8/45 = 29/45, a_B = 8/15 + 7/45 = 31/45. Scores are
    fixed, so each central weight vector ranks its alternative first with certainty: confidence
    1 and 1 (A at w_A^c: 23/30 against 12.5/30; B at w_B^c: 4/15 against 10/15)."""
    r = smaa(value_problem([[1.0, 0.0], [0.3, 0.8]]), samples=200_000, seed=1)
    assert within(r.acceptability, [[7 / 15, 8 / 15], [8 / 15, 7 / 15]], r.se_acceptability)
    assert within(r.central_weights, [[23 / 30, 7 / 30], [4 / 15, 11 / 15]], r.se_central_weights)
    assert within(r.holistic, [29 / 45, 31 / 45], r.se_holistic)
    assert within(r.pairwise[0, 1], 7 / 15, r.se_pairwise[0, 1])
    assert r.confidence.tolist() == [1.0, 1.0] and r.se_confidence.tolist() == [0.0, 0.0]
    assert np.allclose(r.se_acceptability[0, 0], math.sqrt(7 / 15 * 8 / 15 / 200_000), rtol=0.01)
    assert np.allclose(r.acceptability.sum(axis=0), 1) and np.allclose(r.acceptability.sum(axis=1), 1)


def test_three_unit_alternatives_split_the_simplex_in_thirds():
    """A_i = e_i: U_i = w_i, so the ranks are the order of the weights; by symmetry every rank
    has acceptability 1/3. A_1 is first on {w1 >= w2, w1 >= w3}, the union of two ordering cones;
    the mean of w over it is (11/18, 7/36, 7/36): w1 takes the first ROC weight 11/18, and w2, w3
    share the other two, (5/18 + 1/9) / 2 = 7/36."""
    r = smaa(value_problem(np.eye(3)), samples=150_000, seed=2)
    assert within(r.acceptability, np.full((3, 3), 1 / 3), r.se_acceptability)
    assert within(r.central_weights[0], [11 / 18, 7 / 36, 7 / 36], r.se_central_weights[0])
    assert within(r.pairwise[0, 1], 0.5, r.se_pairwise[0, 1])


def test_identical_alternatives_share_their_ranks_exactly():
    """A and B identical, C below both: in every sample A and B tie for ranks 1-2 and each takes
    half of each, so b_A = b_B = (1/2, 1/2, 0) exactly with standard error 0, c_AB = 1/2, and
    holistic (1 + alpha_2) / 2 with centroid alpha_2 = (1/2 + 1/3) / (1 + 1/2 + 1/3) = 5/11."""
    r = smaa(value_problem([[0.6, 0.4], [0.6, 0.4], [0.1, 0.2]]), samples=20_000, seed=3)
    assert r.acceptability.tolist() == [[0.5, 0.5, 0.0], [0.5, 0.5, 0.0], [0.0, 0.0, 1.0]]
    assert np.all(r.se_acceptability == 0)
    assert r.pairwise[0, 1] == 0.5 and r.pairwise[0, 2] == 1.0 and r.se_pairwise[0, 1] == 0
    assert r.holistic[0] == pytest.approx((1 + 5 / 11) / 2, abs=1e-12)


def test_confidence_factors_with_one_uncertain_score():
    """A = (x, 0) with x uniform on [0, 1], B = (1/2, 1/2) fixed; w = (t, 1 - t), t uniform.
    A first iff t x > 1/2: P(A first | t) = 1 - 1/(2t) for t > 1/2, else 0, so
    b_A^1 = int_{1/2}^1 (1 - 1/(2t)) dt = 1/2 - (ln 2)/2, and the first weight of A's central
    vector is int_{1/2}^1 t (1 - 1/(2t)) dt / b_A^1 = (1/8) / b_A^1. For B, P(B first | t) = 1 below
    t = 1/2 and 1/(2t) above: int t P dt = 1/8 + 1/4, so its central first weight is (3/8) / b_B^1.
    At A's central weights (c, 1 - c) A is first iff x > 1/(2c): confidence 1 - 1/(2c); B at its
    own (d, 1 - d) is first iff x < 1/(2d): confidence min(1, 1/(2d))."""
    low, high = [[0.0, 0.0], [0.5, 0.5]], [[1.0, 0.0], [0.5, 0.5]]
    r = smaa(value_problem([[0.5, 0.0], [0.5, 0.5]], low=low, high=high), samples=200_000, seed=4)
    b_a = 0.5 - math.log(2) / 2
    assert within(r.acceptability[0, 0], b_a, r.se_acceptability[0, 0])
    assert within(r.central_weights[0, 0], 0.125 / b_a, r.se_central_weights[0, 0])
    assert within(r.central_weights[1, 0], 0.375 / (1 - b_a), r.se_central_weights[1, 0])
    c, d = r.central_weights[0, 0], r.central_weights[1, 0]
    assert within(r.confidence, [1 - 1 / (2 * c), min(1.0, 1 / (2 * d))], r.se_confidence)
    assert 0 < r.se_confidence[0] < 0.01


@pytest.mark.parametrize("weights, expected", [
    (WeightModel("none", 4), [0.25] * 4),
    (WeightModel("ordinal", 4, ranks=(1, 2, 3, 4)), ROC_4),
    (WeightModel("intervals", 3, low=(0.5, 0, 0), high=(1, 1, 1)), [2 / 3, 1 / 6, 1 / 6]),
], ids=["none", "ordinal", "intervals"])
def test_a_dominating_alternative_takes_every_first_rank_at_the_centroid(weights, expected):
    """An alternative better on every criterion is first for every weight vector, so its central
    weights are the centroid of the weight set: 1/n for no information, the rank-order centroid
    for ordinal information (Barron & Barrett 1996, Table 1; 4 decimals), and the centroid
    (2/3, 1/6, 1/6) of the corner triangle {w1 >= 1/2} (see test_robustness_sampling)."""
    n = weights.n
    values = np.vstack([np.full(n, 0.9), np.linspace(0.1, 0.5, n)])
    r = smaa(value_problem(values, weights), samples=60_000, seed=5)
    assert r.acceptability[0].tolist() == [1.0, 0.0]
    assert np.isnan(r.central_weights[1]).all() and np.isnan(r.confidence[1])
    assert within(r.central_weights[0], expected, r.se_central_weights[0], k=4) or \
        np.allclose(r.central_weights[0], expected, atol=4 * r.se_central_weights[0].max() + 5e-5)
    assert r.to_dict()["central_weights"]["A1"] is None


# --- the same samples one at a time ----------------------------------------------------------------


def random_study(seed, m=4, n=3, *, positive=True) -> Study:
    rng = np.random.default_rng(seed)
    scores = np.round(rng.uniform(2, 9, (m, n)), 2)
    spread = rng.uniform(0.2, 1.5, (m, n)) * (rng.random((m, n)) < 0.7)
    directions = ["max", "min", "max", "min", "max"][:n]
    criteria = tuple(Criterion(f"c{j}", directions[j], 1.0 / n, low=0.0 if not positive else None,
                               high=None) for j in range(n))
    return Study(name="random", alternatives=tuple(Alternative(f"a{i}") for i in range(m)), criteria=criteria,
                 scores=scores, scores_low=np.clip(scores - spread, 1.0, None), scores_high=scores + spread)


def samples_of(p: Problem, samples: int, seed: int):
    """The first pass's samples, block by block, drawn again as SMAA draws them."""
    for index in range(B.block_count(samples)):
        rng = B.generator(seed, B.FIRST, index)
        k = B.block_size(samples, index)
        w = p.weights.draw(rng, k)
        yield w, (p.draw_scores(rng, k) if p.uncertain else np.broadcast_to(p.scores, (k,) + p.scores.shape))


def competition(utilities: np.ndarray) -> np.ndarray:
    """The command's competition ranks (1, 1, 3; ties within a relative 1e-9) of each sample, (N, m)."""
    return np.array([competition_ranks(u) for u in utilities])


def acceptability_from(utilities: np.ndarray) -> np.ndarray:
    """Rank acceptability from per-sample utilities (N, m), higher better: the g alternatives that
    share competition rank r take 1/g of each rank r..r+g-1."""
    n_samples, m = utilities.shape
    out = np.zeros((m, m))
    for ranks in competition(utilities):
        for i, r in enumerate(ranks):
            g = int((ranks == r).sum())
            out[i, r - 1:r - 1 + g] += 1.0 / g
    return out / n_samples


def pairwise_from(utilities: np.ndarray) -> np.ndarray:
    """Share of samples in which i ranks before k, a tie counting half."""
    ranks = competition(utilities)
    return ((ranks[:, :, None] < ranks[:, None, :]) + 0.5 * (ranks[:, :, None] == ranks[:, None, :])).mean(axis=0)


METHODS = ("mavt", "saw", "wsm", "topsis", "vikor", "promethee2")


@pytest.mark.parametrize("method", METHODS)
def test_equal_to_the_method_evaluated_one_sample_at_a_time(method):
    """Acceptabilities, central weights and pairwise winning equal those of the method's own
    single evaluation (k = 1) of each sample, drawn again from the same streams (15,000 samples:
    two blocks, the second partial)."""
    study = random_study(11)
    if method == "wsm":
        study = Study(name="maxonly", alternatives=study.alternatives,
                      criteria=tuple(Criterion(c.name, "max", c.weight) for c in study.criteria),
                      scores=study.scores, scores_low=study.scores_low, scores_high=study.scores_high)
    p = problem(study, method, WeightModel("none", 3))
    r = smaa(p, samples=15_000, seed=7)
    module = __import__(f"decision.methods.{method}", fromlist=[method])
    single = []
    weights = []
    for w, x in samples_of(p, 15_000, 7):
        for i in range(w.shape[0]):
            u = getattr(module, method)(x[i], w[i:i + 1], **p.evaluate.arguments)[0]
            single.append(u if method != "vikor" else -u)
            weights.append(w[i])
    u, w = np.array(single), np.array(weights)
    assert np.allclose(r.acceptability, acceptability_from(u), rtol=0, atol=1e-12)
    ranks = competition(u)
    first = (ranks == 1) / (ranks == 1).sum(axis=1, keepdims=True)  # a tie for first shares it
    with np.errstate(invalid="ignore"):
        central = (first.T @ w) / first.sum(axis=0)[:, None]
    assert np.allclose(r.central_weights, central, rtol=1e-12, equal_nan=True)
    off = ~np.eye(4, dtype=bool)
    assert np.allclose(r.pairwise[off], pairwise_from(u)[off], atol=1e-12)


@pytest.mark.parametrize("method", METHODS)
def test_several_weight_vectors_at_once_equal_one_at_a_time(method):
    """The confidence pass evaluates every central weight vector on a block of score samples at
    once (MAVT and WSM through their affine value functions, SAW and PROMETHEE II through their
    per-sample normalized scores); the same utilities as one weight vector at a time."""
    study = random_study(13)
    if method == "wsm":
        study = Study(name="maxonly", alternatives=study.alternatives,
                      criteria=tuple(Criterion(c.name, "max", c.weight) for c in study.criteria),
                      scores=study.scores, scores_low=study.scores_low, scores_high=study.scores_high)
    p = problem(study, method, WeightModel("none", 3))
    x = p.draw_scores(np.random.default_rng(0), 50)
    c = np.random.default_rng(1).dirichlet(np.ones(3), 4)
    one_at_a_time = np.stack([p.evaluate(w[None, :], x) for w in c])
    np.testing.assert_allclose(p.evaluate.many(c, x), one_at_a_time, rtol=1e-12, atol=1e-12)


def _library_utilities(method, x, w, maximize):
    """One sample through scikit-criteria (pymcdm for PROMETHEE II), higher better."""
    import skcriteria
    from skcriteria.agg.simple import WeightedSumModel

    dm = skcriteria.mkdm(x, [max if mx else min for mx in maximize], weights=w)
    if method == "topsis":
        from skcriteria.agg.topsis import TOPSIS
        from skcriteria.preprocessing.scalers import VectorScaler

        return TOPSIS().evaluate(VectorScaler(target="matrix").transform(dm)).e_.similarity
    if method == "vikor":
        from skcriteria.agg.vikor import VIKOR

        return -VIKOR(v=0.5).evaluate(dm).e_.q_k
    if method == "saw":
        from skcriteria.preprocessing.invert_objectives import InvertMinimize
        from skcriteria.preprocessing.scalers import MaxAbsScaler

        return WeightedSumModel().evaluate(MaxAbsScaler(target="matrix").transform(InvertMinimize().transform(dm))).e_.score
    if method == "wsm":
        return WeightedSumModel().evaluate(dm).e_.score
    from pymcdm.methods import PROMETHEE_II

    return PROMETHEE_II("usual")(x, w, np.where(maximize, 1, -1))


@pytest.mark.parametrize("method", ["topsis", "vikor", "saw", "wsm", "promethee2"])
def test_equal_to_the_libraries_on_the_same_samples(method):
    """The libraries (scikit-criteria; pymcdm for PROMETHEE II) as a second opinion: evaluated
    sample by sample on 600 of the same samples, they give the same acceptabilities."""
    if method == "promethee2":
        pytest.importorskip("pymcdm")
    study = random_study(12)
    if method == "wsm":
        study = Study(name="maxonly", alternatives=study.alternatives,
                      criteria=tuple(Criterion(c.name, "max", c.weight) for c in study.criteria),
                      scores=study.scores, scores_low=study.scores_low, scores_high=study.scores_high)
    p = problem(study, method, WeightModel("none", 3))
    r = smaa(p, samples=600, seed=8)
    w, x = next(samples_of(p, 600, 8))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        library = np.array([_library_utilities(method, x[i], w[i], study.maximize) for i in range(600)])
    assert np.allclose(r.acceptability, acceptability_from(library), atol=1e-12)


# --- chunks, engines -----------------------------------------------------------------------------


def shipped_problem(method="mavt"):
    from decision.workbook.read import read_study
    from decision.workbook.shipped import shipped_study

    study = read_study(shipped_study())
    return problem(study, method, WeightModel("none", len(study.criteria)))


@pytest.mark.parametrize("method", ["mavt", "topsis"])
def test_same_numbers_whatever_the_chunk_size(method):
    """35,000 samples are four blocks (the last partial); chunks of 1, 2, 3 or 4 blocks give
    identical numbers, to the last bit."""
    p = shipped_problem(method)
    results = [smaa(p, samples=35_000, seed=9, chunk_blocks=c).to_dict() for c in (1, 2, 3, 4)]
    assert all(doc == results[0] for doc in results[1:])


def test_dask_local_cluster_gives_the_local_numbers():
    """A LocalCluster with two worker processes evaluates the chunks; the numbers are identical."""
    pytest.importorskip("distributed")
    from distributed import Client, LocalCluster

    p = shipped_problem()
    local = smaa(p, samples=45_000, seed=10).to_dict()
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0") as cluster, \
            Client(cluster) as client:
        engine = DaskEngine(client=client)
        assert engine.workers == 2
        remote = smaa(p, samples=45_000, seed=10, engine=engine, chunk_blocks=2).to_dict()
        again = smaa(p, samples=45_000, seed=10, engine=engine, chunk_blocks=1).to_dict()
    assert remote == local and again == local


def test_progress_reports_every_chunk_up_to_the_total():
    seen = []
    smaa(shipped_problem(), samples=25_000, seed=0, progress=lambda *a: seen.append(a))
    first = [done for stage, done, total in seen if stage == "acceptability"]
    assert first == [0, 10_000, 20_000, 25_000]
    assert [a for a in seen if a[0] == "confidence"][-1] == ("confidence", 25_000, 25_000)


# --- standard errors -----------------------------------------------------------------------------


def test_standard_errors_match_the_spread_over_seeds():
    """Over 40 independent seeds, the standard deviation of each index is what the analysis
    reports as its standard error (within 30%, what 40 repetitions can tell)."""
    low, high = [[0.0, 0.0], [0.5, 0.2]], [[1.0, 0.3], [0.5, 0.9]]
    p = value_problem([[0.5, 0.1], [0.5, 0.5]], low=low, high=high)
    runs = [smaa(p, samples=4_000, seed=seed) for seed in range(100, 140)]
    for name in ("acceptability", "holistic", "central_weights", "confidence", "pairwise"):
        estimates = np.array([getattr(r, name) for r in runs])
        reported = np.array([getattr(r, f"se_{name}") for r in runs]).mean(axis=0)
        spread = estimates.std(axis=0, ddof=1)
        keep = np.isfinite(reported) & (reported > 0)
        ratio = spread[keep] / reported[keep]
        assert keep.any() and np.all((ratio > 0.7) & (ratio < 1.3)), (name, ratio)


def test_meta_weights():
    assert meta_weights(3).tolist() == pytest.approx([1, 5 / 11, 2 / 11])
    assert meta_weights(3, "linear").tolist() == [1, 0.5, 0]
    assert meta_weights(4, "inverse").tolist() == [1, 0.5, 1 / 3, 0.25]

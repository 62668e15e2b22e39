"""Samplers and blocks: each sampler against distributions known exactly, blocks against the
SeedSequence.spawn scheme of DESIGN.md.

Statistical checks use a fixed seed (so they are deterministic) and bounds of about four
standard errors, or a Kolmogorov-Smirnov distance at the 0.1% level (1.95 / sqrt(N)).
"""

from __future__ import annotations

import numpy as np
import pytest

from decision.robustness import blocks as B
from decision.robustness.sampling import (WeightModel, hit_and_run, interior_point, ordinal, simplex,
                                          triangular_scores, uniform_scores)


def ks_distance(samples, cdf) -> float:
    """sup |F_N - F| of a sample against an exact distribution function."""
    x = np.sort(np.asarray(samples))
    n = x.size
    f = cdf(x)
    return float(max((np.arange(1, n + 1) / n - f).max(), (f - np.arange(n) / n).max()))


def ks_bound(n: int) -> float:
    return 1.95 / np.sqrt(n)


# --- blocks ------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 7, 2**40 + 3])
def test_block_streams_are_the_spawned_grandchildren_of_the_seed(seed):
    """DESIGN.md: one stream per block, spawned from SeedSequence(seed); pass p, block i is
    SeedSequence(seed).spawn(passes)[p].spawn(blocks)[i], whatever the number of blocks."""
    for blocks in (1, 5, 40):
        spawned = np.random.SeedSequence(seed).spawn(2)
        for stage in (B.FIRST, B.CONFIDENCE):
            children = spawned[stage].spawn(blocks)
            for i in (0, blocks - 1):
                assert np.array_equal(children[i].generate_state(8), B.seed_sequence(seed, stage, i).generate_state(8))


def test_block_draws_do_not_depend_on_the_number_of_blocks():
    a = B.generator(3, B.FIRST, 4).random(5)
    b = B.generator(3, B.FIRST, 4).random(5)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, B.generator(3, B.CONFIDENCE, 4).random(5))
    assert not np.array_equal(a, B.generator(3, B.FIRST, 5).random(5))


@pytest.mark.parametrize("samples", [1, 9_999, 10_000, 10_001, 35_000])
def test_blocks_cover_the_samples_and_chunks_cover_the_blocks(samples):
    count = B.block_count(samples)
    sizes = [B.block_size(samples, i) for i in range(count)]
    assert sum(sizes) == samples and all(0 < s <= B.BLOCK for s in sizes) and all(s == B.BLOCK for s in sizes[:-1])
    for per in (1, 2, 3, 100):
        ranges = B.chunks(count, per)
        assert [i for a, b in ranges for i in range(a, b)] == list(range(count))


# --- weights: none -------------------------------------------------------------------------------


def test_simplex_is_dirichlet_one():
    """Uniform on the simplex: each weight is Beta(1, n - 1), F(x) = 1 - (1 - x)^(n - 1); for n = 3,
    P(w1 > w2 + w3) = P(w1 > 1/2) = (1/2)^2 = 1/4 (the corner triangle, a quarter of the area)."""
    n, k = 3, 40_000
    w = simplex(np.random.default_rng(1), k, n)
    assert np.allclose(w.sum(axis=1), 1) and (w >= 0).all()
    for j in range(n):
        assert ks_distance(w[:, j], lambda x: 1 - (1 - x) ** (n - 1)) < ks_bound(k)
    p = (w[:, 0] > 0.5).mean()
    assert abs(p - 0.25) < 4 * np.sqrt(0.25 * 0.75 / k)


def test_normalized_uniforms_would_fail_the_same_check():
    """The check above can fail: normalized uniforms are not uniform on the simplex."""
    n, k = 3, 40_000
    u = np.random.default_rng(1).random((k, n))
    w = u / u.sum(axis=1, keepdims=True)
    assert ks_distance(w[:, 0], lambda x: 1 - (1 - x) ** (n - 1)) > ks_bound(k)


# --- weights: ordinal ----------------------------------------------------------------------------


def test_ordinal_mean_is_the_rank_order_centroid_barron_barrett_1996():
    """The centroid of {w1 >= w2 >= w3 >= w4} on the simplex is the ROC weights (Barron & Barrett
    1996, Table 1, n = 4: 0.5208, 0.2708, 0.1458, 0.0625), w_k = (1/n) sum_{i>=k} 1/i."""
    k = 50_000
    ranks = [2, 4, 1, 3]  # criterion 3 most important, then 1, 4, 2
    w = ordinal(np.random.default_rng(2), k, ranks)
    assert np.allclose(w.sum(axis=1), 1)
    assert (w[:, 2] >= w[:, 0]).all() and (w[:, 0] >= w[:, 3]).all() and (w[:, 3] >= w[:, 1]).all()
    roc = np.array([0.5208, 0.2708, 0.1458, 0.0625])
    expected = roc[np.array(ranks) - 1]
    se = w.std(axis=0) / np.sqrt(k)
    assert np.all(np.abs(w.mean(axis=0) - expected) < 4 * se + 5e-5)  # the table rounds to 4 decimals


def test_ordinal_ties_share_their_places_at_random():
    """Ranks (1, 1, 2): uniform on {w1 >= w3, w2 >= w3}, the union of the cones w1 >= w2 >= w3 and
    w2 >= w1 >= w3; by symmetry w1 and w2 share the first two ROC weights: means (4/9, 4/9, 1/9),
    and w1 > w2 in half of the samples."""
    k = 60_000
    w = ordinal(np.random.default_rng(3), k, [1, 1, 2])
    assert (w[:, 0] >= w[:, 2]).all() and (w[:, 1] >= w[:, 2]).all()
    se = w.std(axis=0) / np.sqrt(k)
    assert np.all(np.abs(w.mean(axis=0) - [4 / 9, 4 / 9, 1 / 9]) < 4 * se)
    assert abs((w[:, 0] > w[:, 1]).mean() - 0.5) < 4 * np.sqrt(0.25 / k)


# --- weights: intervals (hit-and-run) ------------------------------------------------------------


def test_hit_and_run_corner_triangle():
    """low = (0.5, 0, 0), high = (1, 1, 1): the triangle with corners (1/2, 1/2, 0), (1/2, 0, 1/2),
    (1, 0, 0). Uniform on it: the mean is the centroid (2/3, 1/6, 1/6); w1 > 3/4 is the similar
    triangle at half the size, a quarter of the area; w2 > w3 half of it."""
    k = 40_000
    w = hit_and_run(np.random.default_rng(4), k, [0.5, 0, 0], [1, 1, 1])
    assert np.allclose(w.sum(axis=1), 1) and (w[:, 0] >= 0.5 - 1e-12).all() and (w >= -1e-12).all()
    se = w.std(axis=0) / np.sqrt(k)
    assert np.all(np.abs(w.mean(axis=0) - [2 / 3, 1 / 6, 1 / 6]) < 4 * se)
    for p, exact in (((w[:, 0] > 0.75).mean(), 0.25), ((w[:, 1] > w[:, 2]).mean(), 0.5)):
        assert abs(p - exact) < 4 * np.sqrt(exact * (1 - exact) / k)
    # w1 = 1/2 + (distance along the triangle's height): F(x) = 1 - ((1 - x) / (1/2))^2 on [1/2, 1]
    assert ks_distance(w[:, 0], lambda x: 1 - (2 * (1 - x)) ** 2) < ks_bound(k)


def test_hit_and_run_tight_intervals_where_rejection_accepts_half_a_percent():
    """low = (0.3, 0.3, 0.3), high = (0.35, 0.35, 0.4): w3 = 1 - w1 - w2 lies in [0.3, 0.4] for
    every w1, w2 in [0.3, 0.35], so the set is the whole square: w1 and w2 independent uniforms
    on [0.3, 0.35]. The square is 0.0025 / 0.5 = 0.5% of the simplex: rejection would keep 1 in 200."""
    k = 40_000
    w = hit_and_run(np.random.default_rng(5), k, [0.3, 0.3, 0.3], [0.35, 0.35, 0.4])
    for j in (0, 1):
        assert ks_distance(w[:, j], lambda x: (x - 0.3) / 0.05) < ks_bound(k)
    assert abs(np.corrcoef(w[:, 0], w[:, 1])[0, 1]) < 4 / np.sqrt(k)
    assert np.allclose(w.sum(axis=1), 1)


def test_hit_and_run_equals_rejection_sampling_in_four_dimensions():
    """A second opinion where rejection is affordable: Dirichlet(1,1,1,1) samples kept when inside
    the intervals have the same means and first-weight quartiles."""
    low, high = np.array([0.1, 0.0, 0.2, 0.0]), np.array([0.5, 0.4, 0.6, 0.3])
    rng = np.random.default_rng(6)
    d = simplex(rng, 400_000, 4)
    kept = d[((d >= low) & (d <= high)).all(axis=1)]
    h = hit_and_run(rng, 40_000, low, high)
    assert kept.shape[0] > 20_000
    se = np.sqrt(h.var(axis=0) / h.shape[0] + kept.var(axis=0) / kept.shape[0])
    assert np.all(np.abs(h.mean(axis=0) - kept.mean(axis=0)) < 4 * se)
    for q in (0.25, 0.5, 0.75):
        assert abs(np.quantile(h[:, 0], q) - np.quantile(kept[:, 0], q)) < 0.01


def test_hit_and_run_single_point_and_infeasible_intervals():
    w = hit_and_run(np.random.default_rng(0), 5, [0.2, 0.3, 0.5], [0.6, 0.7, 0.9])
    assert np.allclose(w, [0.2, 0.3, 0.5])  # the lows sum to 1: the only weights left
    with pytest.raises(ValueError):
        interior_point([0.6, 0.5], [1, 1])
    with pytest.raises(ValueError):
        WeightModel("intervals", 2, low=(0, 0), high=(0.4, 0.5))


# --- scores --------------------------------------------------------------------------------------


def test_uniform_scores_stay_in_their_ranges_and_fixed_cells_stay_fixed():
    low = np.array([[1.0, 5.0], [2.0, 3.0]])
    high = np.array([[3.0, 5.0], [2.0, 9.0]])
    x = uniform_scores(np.random.default_rng(0), 30_000, low, high)
    assert x.shape == (30_000, 2, 2)
    assert (x >= low).all() and (x <= high).all()
    assert (x[:, 0, 1] == 5).all() and (x[:, 1, 0] == 2).all()
    assert ks_distance(x[:, 1, 1], lambda v: (v - 3) / 6) < ks_bound(30_000)


def test_triangular_scores_have_their_mode_at_the_score():
    """Triangular(a, c, b): mean (a + b + c) / 3; F(x) = (x - a)^2 / ((b - a)(c - a)) below c."""
    a, c, b = 2.0, 3.0, 8.0
    x = triangular_scores(np.random.default_rng(0), 40_000, [[a, 4.0]], [[c, 4.0]], [[b, 4.0]])
    assert (x[:, 0, 1] == 4.0).all()
    v = x[:, 0, 0]
    cdf = lambda t: np.where(t < c, (t - a) ** 2 / ((b - a) * (c - a)), 1 - (b - t) ** 2 / ((b - a) * (b - c)))
    assert ks_distance(v, cdf) < ks_bound(v.size)
    assert abs(v.mean() - (a + b + c) / 3) < 4 * v.std() / np.sqrt(v.size)


def test_weight_model_refuses_what_it_cannot_sample():
    with pytest.raises(ValueError):
        WeightModel("fuzzy", 2)
    with pytest.raises(ValueError):
        WeightModel("ordinal", 3, ranks=(1, 2))
    rng = np.random.default_rng(0)
    assert WeightModel("none", 4).draw(rng, 7).shape == (7, 4)
    assert WeightModel("ordinal", 3, ranks=(3, 1, 2)).draw(rng, 7).shape == (7, 3)

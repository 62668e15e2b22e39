"""Every method side by side: agreement (Kendall tau-b, Spearman rho) and consensus (Borda, Copeland)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from decision.cli import main
from decision.comparison import average_ranks, borda, compare_all, copeland, kendall_tau_b, spearman_rho
from decision.workbook.read import read_study

ROOT = Path(__file__).resolve().parents[1]


def test_kendall_tau_b_worked_example():
    """Kendall's tau-b (Kendall 1945) by hand on 5 items, one tie in each ranking.

    a = (1, 2, 2, 4, 5), b = (1, 3, 2, 4, 4). Of the 10 pairs, (2,3) is tied in a and (4,5) in b;
    the other 8 are all concordant, none discordant. Untied pairs: 9 in a, 9 in b.
    tau_b = (8 - 0) / sqrt(9 * 9) = 8/9.
    """
    assert kendall_tau_b(np.array([1, 2, 2, 4, 5]), np.array([1, 3, 2, 4, 4])) == pytest.approx(8 / 9)


def test_spearman_rho_worked_example():
    """Spearman's rho without ties: 1 - 6 sum d^2 / (n (n^2 - 1)); d = (0, 1, -1, 0) gives 1 - 12/60 = 0.8."""
    assert spearman_rho(np.array([1, 2, 3, 4]), np.array([1, 3, 2, 4])) == pytest.approx(0.8)


def test_average_ranks_of_competition_ranks():
    np.testing.assert_array_equal(average_ranks(np.array([1, 1, 3, 4, 4, 4])), [1.5, 1.5, 3, 5, 5, 5])


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 6), st.integers(1, 6)), min_size=3, max_size=25))
def test_agreement_equals_scipy(pairs):
    """Second opinion: scipy's kendalltau (variant b) and spearmanr on the same ranks."""
    scipy_stats = pytest.importorskip("scipy.stats")
    a, b = np.array(pairs, dtype=float).T
    if len(set(a)) < 2 or len(set(b)) < 2:
        assert np.isnan(kendall_tau_b(a, b))
        return
    assert kendall_tau_b(a, b) == pytest.approx(scipy_stats.kendalltau(a, b).statistic, abs=1e-12)
    assert spearman_rho(a, b) == pytest.approx(scipy_stats.spearmanr(a, b).statistic, abs=1e-12)


def test_borda_and_copeland_worked_example():
    """Three methods rank four alternatives (hand-made profile):
        m1: A B C D, m2: B A C D, m3: C A B D  (ranks per row below, columns A B C D).
    Borda points (m - rank): A 3+2+2 = 7, B 2+3+1 = 6, C 1+1+3 = 5, D 0.
    Copeland: A beats B (2 of 3), C (2 of 3), D: +3; B beats C (2 of 3), D, loses to A: +1;
    C beats D, loses to A, B: -1; D loses all: -3.
    """
    table = np.array([[1, 2, 3, 4], [2, 1, 3, 4], [2, 3, 1, 4]])
    np.testing.assert_array_equal(borda(table), [7, 6, 5, 0])
    np.testing.assert_array_equal(copeland(table), [3, 1, -1, -3])


def test_compare_all_on_the_variants_study():
    study = read_study(ROOT / "criteria" / "settlement_variants.xlsx")
    result = compare_all(study)
    doc = result.to_dict()
    # WSM refuses min criteria; every method either ranks or says why it was skipped.
    assert "wsm" in doc["skipped"] and "'min'" in doc["skipped"]["wsm"]
    ranked = [m["method"] for m in doc["methods"]]
    assert set(ranked) | set(doc["skipped"]) >= {"mavt", "topsis", "wsm"}
    for measure in ("kendall", "spearman"):
        table = doc["agreement"][measure]
        assert all(table[m][m] == 1.0 for m in ranked)
        assert all(table[a][b] == table[b][a] for a in ranked for b in ranked)
    assert [row["rank"] for row in doc["consensus"]["borda"]][0] == 1
    assert len(result.to_frame()) == 5


def test_rank_all_command_json(capsys):
    code = main(["rank", str(ROOT / "criteria" / "settlement_scenarios.xlsx"), "--method", "all", "--json"])
    out, err = capsys.readouterr()
    assert code == 0
    doc = json.loads(out)
    assert set(doc) == {"methods", "skipped", "agreement", "consensus"}
    assert "wsm skipped" in err


# --- The fast computations equal the pairwise definitions -----------------------------------
# competition_ranks, kendall_tau_b and copeland avoid m x m matrices (10,000 alternatives would
# need gigabytes); each must give exactly what the pairwise definition gives, ties included.

def pairwise_competition_ranks(scores, higher_is_better=True, rtol=1e-9):
    """The definition: 1 + how many others are ahead by more than rtol relative to the larger magnitude."""
    s = np.asarray(scores, dtype=float)
    s = s if higher_is_better else -s
    scale = np.maximum(np.abs(s[:, None]), np.abs(s[None, :]))
    return 1 + (s[None, :] - s[:, None] > rtol * np.where(scale > 0, scale, 1.0)).sum(axis=1)


def pairwise_kendall_tau_b(a, b):
    """The definition: sum over pairs of sign(a_i - a_j) sign(b_i - b_j) over sqrt(untied a * untied b)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    i, j = np.triu_indices(len(a), k=1)
    sa, sb = np.sign(a[i] - a[j]), np.sign(b[i] - b[j])
    untied_a, untied_b = float(np.count_nonzero(sa)), float(np.count_nonzero(sb))
    if untied_a == 0 or untied_b == 0:
        return float("nan")
    return float((sa * sb).sum()) / np.sqrt(untied_a * untied_b)


def pairwise_copeland(table):
    """The definition: for every pair, the majority of methods (lower rank preferred) decides."""
    table = np.asarray(table, dtype=float)
    prefer = (table[:, :, None] < table[:, None, :]).sum(axis=0)  # methods preferring row to column
    return np.sign(prefer - prefer.T).sum(axis=1).astype(float)


@st.composite
def near_ties(draw):
    """Scores from a few bases nudged by multiples of 5e-10 relative: differences just under,
    at and over the 1e-9 tie tolerance; zeros and negatives included."""
    bases = draw(st.lists(st.sampled_from([0.0, 1.0, -1.0, 3.25, -7.5, 1e6, 1e-6, 0.1]), min_size=1, max_size=4))
    n = draw(st.integers(1, 40))
    picks = draw(st.lists(st.tuples(st.integers(0, len(bases) - 1), st.integers(-4, 4)), min_size=n, max_size=n))
    return np.array([bases[b] * (1 + k * 5e-10) + (k * 5e-10 if bases[b] == 0 else 0.0) for b, k in picks])


@settings(max_examples=300, deadline=None)
@given(near_ties(), st.booleans())
def test_competition_ranks_equal_the_pairwise_definition_at_the_tie_tolerance(scores, higher):
    from decision.ranking import competition_ranks

    np.testing.assert_array_equal(competition_ranks(scores, higher_is_better=higher),
                                  pairwise_competition_ranks(scores, higher))


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 3000), st.sampled_from([0, 1, 3]))
def test_competition_ranks_equal_the_pairwise_definition_on_random_scores(seed, m, decimals):
    from decision.ranking import competition_ranks

    scores = np.round(np.random.default_rng(seed).normal(scale=10, size=m), decimals)  # ties when rounded
    np.testing.assert_array_equal(competition_ranks(scores), pairwise_competition_ranks(scores))
    np.testing.assert_array_equal(competition_ranks(scores, higher_is_better=False),
                                  pairwise_competition_ranks(scores, False))


def test_competition_ranks_of_non_finite_scores_follow_the_pairwise_definition():
    from decision.ranking import competition_ranks

    scores = np.array([np.inf, 1.0, np.nan, -np.inf, 1.0])
    with np.errstate(invalid="ignore"):  # inf - inf
        np.testing.assert_array_equal(competition_ranks(scores), pairwise_competition_ranks(scores))
    assert competition_ranks(np.array([])).size == 0


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 8), st.integers(1, 8)), min_size=0, max_size=60))
def test_kendall_tau_b_equals_the_pairwise_definition_exactly(pairs):
    a, b = np.array(pairs, dtype=float).reshape(-1, 2).T
    got, want = kendall_tau_b(a, b), pairwise_kendall_tau_b(a, b)
    assert (np.isnan(got) and np.isnan(want)) or got == want


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 1500))
def test_kendall_tau_b_equals_the_pairwise_definition_on_large_rankings(seed, m):
    from decision.ranking import competition_ranks

    rng = np.random.default_rng(seed)
    signal = rng.normal(size=m)
    a = competition_ranks(np.round(signal + rng.normal(scale=0.5, size=m), 1))
    b = competition_ranks(np.round(signal + rng.normal(scale=0.5, size=m), 1))
    got, want = kendall_tau_b(a, b), pairwise_kendall_tau_b(a, b)
    assert (np.isnan(got) and np.isnan(want)) or got == want
    x, y = rng.normal(size=m), rng.normal(size=m)  # no ties
    assert kendall_tau_b(x, y) == pairwise_kendall_tau_b(x, y)


def test_kendall_tau_b_of_non_finite_values_follows_the_pairwise_definition():
    a, b = np.array([1.0, np.inf, 2.0, 3.0]), np.array([2.0, 1.0, np.nan, 4.0])
    got, want = kendall_tau_b(a, b), pairwise_kendall_tau_b(a, b)
    assert (np.isnan(got) and np.isnan(want)) or got == want


def test_average_ranks_equal_the_mean_position_of_each_tie_group():
    rng = np.random.default_rng(7)
    for _ in range(20):
        r = rng.integers(1, 30, rng.integers(1, 200)).astype(float)
        want = np.array([(r < x).sum() + ((r == x).sum() + 1) / 2 for x in r])
        np.testing.assert_array_equal(average_ranks(r), want)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 12), st.integers(1, 90), st.sampled_from([1, 3, 7, 512]),
       st.booleans())
def test_copeland_equals_the_pairwise_majority_definition(seed, k, m, block, fractional):
    """Blocks of every size, ties within and across methods, and fractional (average) ranks."""
    rng = np.random.default_rng(seed)
    table = rng.integers(1, max(2, m // 2), (k, m)).astype(float)
    if fractional:
        table = np.array([average_ranks(row) for row in table])
    got = copeland(table, block=block)
    np.testing.assert_array_equal(got, pairwise_copeland(table))
    assert got.dtype == float


def test_copeland_on_2000_alternatives_equals_the_pairwise_majority_definition():
    rng = np.random.default_rng(3)
    table = np.array([np.argsort(np.argsort(rng.normal(size=2000))) + 1 for _ in range(10)])
    table[:, :50] = 4  # a tie group shared by every method
    np.testing.assert_array_equal(copeland(table), pairwise_copeland(table))


def test_agreement_tables_hold_the_measure_of_every_ordered_pair():
    """Each pair is computed once and mirrored: the table must equal measure(a, b) for every (a, b)."""
    study = read_study(ROOT / "criteria" / "settlement_scenarios.xlsx")
    result = compare_all(study)
    for name, measure in (("kendall", kendall_tau_b), ("spearman", spearman_rho)):
        table = result.agreement(measure)
        for a in result.rankings:
            assert list(table[a.method]) == [r.method for r in result.rankings]
            for b in result.rankings:
                value = measure(a.ranks, b.ranks)
                assert table[a.method][b.method] == (None if np.isnan(value) else round(float(value), 12)), name

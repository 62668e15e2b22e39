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

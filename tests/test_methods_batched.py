"""The batched ranking methods: wsm, saw, vikor, promethee2, and the existing mavt and topsis.

Three kinds of evidence, in this order of authority (DESIGN.md, "Ground truth for a method"):

1. published worked examples, reproduced to the precision they are printed with: the truth;
2. second opinions: scikit-criteria 0.10 (and pymcdm 1.4 for PROMETHEE II) computing the same
   method on random data;
3. batching: k weight samples, or k score samples, in one call equal k single calls; and the
   O(m log m) PROMETHEE flows equal a plain pairwise implementation written here.

Where a number was transcribed from another project's test file, the docstring names the
repository and path; that project cites the publication, which is the source of the number.
"""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from decision.errors import InputError, NotApplicable
from decision.methods.mavt import mavt
from decision.methods.promethee2 import FUNCTIONS, flows, promethee2
from decision.methods.registry import METHODS
from decision.methods.saw import saw
from decision.methods.topsis import topsis
from decision.methods.vikor import check_v, compromise_set, measures, vikor
from decision.methods.wsm import wsm
from decision.model import Alternative, Criterion, Study
from decision.ranking import competition_ranks, rank


def make_study(scores, directions, weights, **fields) -> Study:
    """A Study named 'A1'.., 'C1'.. with optional per-criterion fields (preference=[...], q=[...])."""
    scores = np.asarray(scores, dtype=float)
    m, n = scores.shape
    criteria = tuple(
        Criterion(f"C{j + 1}", directions[j], weights[j], **{key: values[j] for key, values in fields.items()})
        for j in range(n)
    )
    return Study("example", alternatives=tuple(Alternative(f"A{i + 1}") for i in range(m)), criteria=criteria,
                 scores=scores)


# =============================================================================================
# 1. Published worked examples
# =============================================================================================

# --- WSM --------------------------------------------------------------------------------------

def test_wsm_triantaphyllou_2000_numerical_example():
    """Triantaphyllou, E. (2000). Multi-Criteria Decision Making Methods: A Comparative Study.
    Kluwer, ch. 2 (the weighted sum model), numerical example: A1 = 25, 20, 15, 30; A2 = 10, 30,
    20, 30; A3 = 30, 10, 30, 10 (all benefit criteria in one unit), weights 0.20, 0.15, 0.40,
    0.25; WSM scores A1 = 21.50, A2 = 22.00, A3 = 22.00. Transcribed from the Wikipedia article
    "Weighted sum model" (section Example), which reproduces the example; the book's page was not
    checked here."""
    scores = [[25, 20, 15, 30], [10, 30, 20, 30], [30, 10, 30, 10]]
    got = wsm(scores, [[0.20, 0.15, 0.40, 0.25]], maximize=[True] * 4)[0]
    np.testing.assert_allclose(got, [21.50, 22.00, 22.00], atol=0.005)


def test_wsm_refuses_min_criteria_naming_them():
    with pytest.raises(NotApplicable, match="'cost', 'risk' are 'min'"):
        wsm([[1, 2, 3], [4, 5, 6]], [[0.2, 0.3, 0.5]], maximize=[True, False, False], names=["gain", "cost", "risk"])
    study = make_study([[1, 2], [3, 1]], ["max", "min"], [0.5, 0.5])
    with pytest.raises(InputError, match=r"method wsm: cannot rank this study: .*'C2' is 'min'"):
        rank(study, "wsm")


# --- SAW --------------------------------------------------------------------------------------

def test_saw_chakraborty_zavadskas_antucheviciene_2015_example_2():
    """Chakraborty, S., Zavadskas, E. K. & Antucheviciene, J. (2015). Applications of WASPAS
    method as a multi-criteria decision-making tool. Economic Computation and Economic
    Cybernetics Studies and Research 49(1), 5-22, Example 2: ten alternatives, criteria PC, FS,
    MN (less is better) and P (more is better), weights 0.467, 0.160, 0.095, 0.278, linear
    normalization x/max and min/x. The WASPAS joint criterion at lambda = 1 is exactly the SAW
    score (its weighted-sum part); the paper prints it to 4 decimals with ranks 6, 10, 8, 1, 5, 9,
    7, 3, 2, 4. Transcribed from quatrope/scikit-criteria, tests/agg/test_simple.py
    (test_WASPAS_chakraborty2015applications, the lambda = 1 case). A2 computes to 0.81945 and is
    printed 0.8194 (the paper rounds its normalized values first), so the comparison allows one
    unit in the fourth decimal."""
    scores = [[581818, 54.49, 3, 5500], [595454, 49.73, 3, 4500], [586060, 51.24, 3, 5000],
              [522727, 45.71, 3, 5800], [561818, 52.66, 3, 5200], [543030, 74.46, 4, 5600],
              [522727, 75.42, 4, 5800], [486970, 62.62, 4, 5600], [509394, 65.87, 4, 6400],
              [513333, 70.67, 4, 6000]]
    got = saw(scores, [[0.467, 0.160, 0.095, 0.278]], maximize=[False, False, False, True])[0]
    printed = [0.8590, 0.8194, 0.8430, 0.9420, 0.8645, 0.8315, 0.8552, 0.8983, 0.9067, 0.8784]
    np.testing.assert_allclose(got, printed, atol=1e-4 + 1e-12)
    assert competition_ranks(got).tolist() == [6, 10, 8, 1, 5, 9, 7, 3, 2, 4]


def test_saw_rizan_wahyuningsih_pradana_ramadella_2020_admission_example():
    """Rizan, O., Wahyuningsih, D., Pradana, H. A. & Ramadella, S. (2020). SAW method in
    supporting the process of admission of new junior high school students. 8th International
    Conference on Cyber and IT Service Management (CITSM), IEEE, 1-5 (doi 10.1109/CITSM50537.2020
    .9268874): four students, seven benefit criteria (with zeros), SAW scores 0.35, 0.375, 0.825,
    0.642 to 3 decimals. Transcribed from energyinpython/pyrepo-mcda,
    tests/test_mcda_methods_2.py (Test_SAW)."""
    scores = [[0.75, 0.50, 0.75, 0, 0, 0, 1], [0.75, 1, 0.75, 0, 0, 0, 0.75],
              [0.75, 0.75, 0.75, 0, 0.50, 0.25, 1], [0.50, 0.50, 0.75, 1, 0.50, 0, 0.75]]
    got = saw(scores, [[0.1, 0.1, 0.1, 0.15, 0.2, 0.25, 0.1]], maximize=[True] * 7)[0]
    np.testing.assert_allclose(got, [0.35, 0.375, 0.825, 0.642], atol=0.0005)


def test_saw_refuses_scores_it_cannot_normalize_naming_the_criterion():
    with pytest.raises(NotApplicable, match="'cost' is 'min' and has a score that is not positive"):
        saw([[1, 0], [2, 3]], [[0.5, 0.5]], maximize=[True, False], names=["gain", "cost"])
    with pytest.raises(NotApplicable, match="'loss' is 'max' but its largest score is not positive"):
        saw([[-1, 1], [0, 3]], [[0.5, 0.5]], maximize=[True, True], names=["loss", "gain"])
    study = make_study([[1, 0], [2, 3]], ["max", "min"], [0.5, 0.5])
    with pytest.raises(InputError, match="method saw: cannot rank this study: .*'C2' is 'min'"):
        rank(study, "saw")


# --- VIKOR ------------------------------------------------------------------------------------

def test_vikor_opricovic_tzeng_2004_numerical_example():
    """Opricovic, S. & Tzeng, G.-H. (2004). Compromise solution by MCDM methods: a comparative
    analysis of VIKOR and TOPSIS. European Journal of Operational Research 156(2), 445-455,
    numerical example: A1 = (1, 3000), A2 = (2, 3750), A3 = (5, 4500), the first
    criterion less is better, the second more is better, equal weights, v = 0.5:
    S = 0.5, 0.375, 0.5; R = 0.5, 0.25, 0.5; Q = 1, 0, 1; the compromise solution is A2 alone
    (both conditions hold). Transcribed from quatrope/scikit-criteria, tests/agg/test_vikor.py
    (test_VIKOR_opricovic2004compromise)."""
    q, s, r = (a[0] for a in measures([[1, 3000], [2, 3750], [5, 4500]], [[0.5, 0.5]], maximize=[False, True]))
    np.testing.assert_allclose(s, [0.5, 0.375, 0.5], atol=1e-12)
    np.testing.assert_allclose(r, [0.5, 0.25, 0.5], atol=1e-12)
    np.testing.assert_allclose(q, [1.0, 0.0, 1.0], atol=1e-12)
    assert compromise_set(q, s, r) == [1]


OPRICOVIC_TZENG_2007 = np.array([
    [4184.3, 2914.0, 407.2, 251.0, 195, 244, 15, 2.41],
    [5211.9, 3630.0, 501.7, 308.3, 282, 346, 21, 1.41],
    [5021.3, 3920.5, 504.0, 278.6, 12, 56, 3, 4.42],
    [5566.1, 3957.9, 559.5, 335.3, 167, 268, 16, 3.36],
    [5060.5, 3293.5, 514.1, 284.2, 69, 90, 7, 4.04],
    [4317.9, 2925.9, 432.8, 239.3, 12, 55, 3, 4.36],
])
OPRICOVIC_TZENG_2007_MAXIMIZE = [True, False, True, True, False, False, False, True]
OPRICOVIC_TZENG_2007_CASES = {
    # weights: (R, S, Q, compromise set as 0-based indexes)
    "W1": ([1, 1, 1, 1, 1, 1, 1, 1], [0.125, 0.125, 0.121, 0.125, 0.067, 0.125],
           [0.692, 0.7, 0.29, 0.423, 0.28, 0.346], [0.991, 1.0, 0.473, 0.670, 0.0, 0.578], {4}),
    "W2": ([2, 2, 2, 2, 1, 1, 1, 1], [0.167, 0.114, 0.161, 0.167, 0.089, 0.167],
           [0.701, 0.6, 0.386, 0.365, 0.317, 0.459], [1.0, 0.533, 0.552, 0.563, 0.0, 0.686], {4}),
    "W3": ([1, 1, 1, 1, 2, 2, 2, 2], [0.113, 0.167, 0.08, 0.122, 0.044, 0.083],
           [0.683, 0.8, 0.193, 0.48, 0.243, 0.232], [0.684, 1.0, 0.147, 0.554, 0.041, 0.191], {2, 4, 5}),
    "W4": ([1, 1, 1, 1, 3.2, 3.2, 3.2, 3.2], [0.129, 0.190, 0.057, 0.139, 0.042, 0.060],
           [0.678, 0.857, 0.138, 0.513, 0.222, 0.167], [0.668, 1.0, 0.051, 0.588, 0.058, 0.078], {2, 4, 5}),
}


@pytest.mark.parametrize("case", sorted(OPRICOVIC_TZENG_2007_CASES))
def test_vikor_opricovic_tzeng_2007_weight_sets_w1_to_w4(case):
    """Opricovic, S. & Tzeng, G.-H. (2007). Extended VIKOR method in comparison with outranking
    methods. European Journal of Operational Research 178(2), 514-529, numerical example: six
    alternatives, eight criteria (profit, cost, energy, peak energy, homes to relocate, reservoir
    area, villages to displace, environmental protection grade), four weight sets
    W1..W4, v = 0.5; R, S and Q printed to 3 decimals, and the compromise solutions: A5 for W1 and
    W2; A5, A3, A6 for W3 (no acceptable advantage); A3, A5, A6 for W4. Transcribed from
    quatrope/scikit-criteria, tests/agg/test_vikor.py (test_VIKOR_opricovic2007extended)."""
    raw, r_printed, s_printed, q_printed, expected_set = OPRICOVIC_TZENG_2007_CASES[case]
    w = np.array(raw) / np.sum(raw)
    q, s, r = (a[0] for a in measures(OPRICOVIC_TZENG_2007, w[None], maximize=OPRICOVIC_TZENG_2007_MAXIMIZE))
    for got, printed in ((r, r_printed), (s, s_printed), (q, q_printed)):
        np.testing.assert_allclose(got, printed, atol=0.0005 + 1e-12)
    assert set(compromise_set(q, s, r)) == expected_set


def test_vikor_papathanasiou_ploskas_2018_chapter_2_example():
    """Papathanasiou, J. & Ploskas, N. (2018). Multiple Criteria Decision Aid: Methods, Examples
    and Python Implementations. Springer, ch. 2 (VIKOR, pp. 31-55), the chapter's example: six
    alternatives, four benefit criteria, weights 0.4, 0.3, 0.1, 0.2, v = (n + 1) / 2n = 0.625;
    Q = 0.640, 1.000, 0.693, 0.271, 0.000, 0.694 to 3 decimals. Transcribed from
    energyinpython/pyrepo-mcda, tests/test_mcda_methods.py (Test_VIKOR)."""
    scores = [[8, 7, 2, 1], [5, 3, 7, 5], [7, 5, 6, 4], [9, 9, 7, 3], [11, 10, 3, 7], [6, 9, 5, 4]]
    got = vikor(scores, [[0.4, 0.3, 0.1, 0.2]], maximize=[True] * 4, v=0.625)[0]
    np.testing.assert_allclose(got, [0.640, 1.000, 0.693, 0.271, 0.000, 0.694], atol=0.0005)


@pytest.mark.parametrize("v", [-0.1, 1.5, float("nan"), "abc", None, True])
def test_vikor_refuses_v_outside_zero_one(v):
    with pytest.raises(InputError, match=r"^parameters v: "):
        check_v(v)
    study = make_study([[1, 2], [3, 1]], ["max", "min"], [0.5, 0.5])
    with pytest.raises(InputError, match=r"^parameters v: "):
        rank(study, "vikor", parameters={"v": v})


def test_vikor_degenerate_cases():
    # A criterion on which everyone scores the same adds nothing to S or R.
    x = np.array([[1.0, 7, 3], [2.0, 7, 1], [5.0, 7, 2]])
    with_constant = measures(x, [[0.3, 0.4, 0.3]], maximize=[True, True, False])
    without = measures(x[:, [0, 2]], [[0.3, 0.3]], maximize=[True, False])
    for a, b in zip(with_constant, without):
        np.testing.assert_allclose(a, b, atol=1e-12)
    # Every alternative the same: Q = 0 for all, all in the compromise set.
    q, s, r = (a[0] for a in measures(np.ones((3, 2)), [[0.5, 0.5]], maximize=[True, False]))
    assert q.tolist() == [0.0, 0.0, 0.0] and compromise_set(q, s, r) == [0, 1, 2]
    # m = 2, DQ = 1: one alternative best on both S and R is the compromise alone ...
    q, s, r = (a[0] for a in measures([[1, 1], [2, 2]], [[0.5, 0.5]], maximize=[True, True]))
    assert q.tolist() == [1.0, 0.0] and compromise_set(q, s, r) == [1]
    # ... a trade-off is not: A1 has the better S (0.4 < 0.6), A2 the better R (0.3 < 0.4), so with
    # v = 0.6 Q = (0.4, 0.6), an advantage of 0.2 < DQ = 1: both are in the set, A1 first.
    q, s, r = (a[0] for a in measures([[0, 10, 10], [10, 6, 6]], [[0.4, 0.3, 0.3]], maximize=[True] * 3, v=0.6))
    np.testing.assert_allclose(np.c_[s, r, q], [[0.4, 0.4, 0.4], [0.6, 0.3, 0.6]], atol=1e-12)
    assert compromise_set(q, s, r) == [0, 1]
    # m = 1: Q = 0 and the set is that alternative.
    q, s, r = (a[0] for a in measures([[3, 4]], [[0.5, 0.5]], maximize=[True, False]))
    assert q.tolist() == [0.0] and compromise_set(q, s, r) == [0]


def test_vikor_acceptable_advantage_without_stability_gives_the_first_two():
    """C1 holds, C2 fails: the set is {a', a''}. Data of quatrope/scikit-criteria,
    tests/agg/test_vikor.py (test_VIKOR_acceptable_advantage_but_not_stability), a constructed
    case, not a publication: the values are checked against the definition by hand here."""
    x = np.array([[1.0, 101, 1, 101, 1], [101, 1, 101, 1, 101], [1, 1, 1, 1, 101],
                  [11, 11, 11, 16, 61], [56, 56, 56, 56, 56]])
    q, s, r = (a[0] for a in measures(x, [[0.2] * 5], maximize=[False] * 5))
    # By hand: S = (0.4, 0.6, 0.2, 0.21, 0.55), R = (0.2, 0.2, 0.2, 0.12, 0.11).
    np.testing.assert_allclose(s, [0.4, 0.6, 0.2, 0.21, 0.55], atol=1e-12)
    np.testing.assert_allclose(r, [0.2, 0.2, 0.2, 0.12, 0.11], atol=1e-12)
    # Q(A4) = 0.5 * 0.01 / 0.4 + 0.5 * 0.01 / 0.09; A5 = 0.5 * 0.35 / 0.4; advantage 0.37 >= 1/4,
    # but A4 is best by neither S (A3) nor R (A5).
    np.testing.assert_allclose(q[[3, 4]], [0.5 * 0.01 / 0.4 + 0.5 * 0.01 / 0.09, 0.5 * 0.35 / 0.4], atol=1e-12)
    assert compromise_set(q, s, r) == [3, 4]


def test_vikor_through_the_facade_reports_s_r_and_the_compromise_set():
    study = make_study([[1, 3000], [2, 3750], [5, 4500]], ["min", "max"], [1, 1])
    result = rank(study, "vikor")
    assert result.higher_is_better is False and result.parameters == {"v": 0.5}
    assert result.top == "A2" and result.ranks.tolist() == [2, 1, 2]
    document = json.loads(json.dumps(result.to_dict()))
    tables = document["extra"].pop("tables")  # the working: tests/test_method_tables.py
    assert document["extra"] == {"S": {"A1": 0.5, "A2": 0.375, "A3": 0.5}, "R": {"A1": 0.5, "A2": 0.25, "A3": 0.5},
                                 "compromise_set": ["A2"]}
    assert list(tables) == ["S", "R", "Q"]
    assert rank(study, "vikor", parameters={"v": "0.25"}).top == "A2"  # as the command passes it, text or number


# --- PROMETHEE II -----------------------------------------------------------------------------

BRANS_VINCKE_1985 = dict(
    scores=np.array([[80, 90, 60, 5.4, 8, 5], [65, 58, 20, 9.7, 1, 1], [83, 60, 40, 7.2, 4, 7],
                     [40, 80, 100, 7.5, 7, 10], [52, 72, 60, 2.0, 3, 8], [94, 96, 70, 3.6, 5, 6]]),
    maximize=[False, True, False, False, False, True],
    preference=["ushape", "vshape", "linear", "level", "usual", "gaussian"],
    q=[10, None, 5, 1, None, None],
    p=[None, 30, 50, 6, None, None],
    s=[None, None, None, None, None, 5],
)


def test_promethee2_brans_vincke_1985_hydroelectric_example():
    """Brans, J. P. & Vincke, Ph. (1985). A preference ranking organisation method (the PROMETHEE
    method for multiple criteria decision-making). Management Science 31(6), 647-656, numerical
    example (also in Brans, Vincke & Mareschal 1986, EJOR 24, 228-238): six hydroelectric power
    station projects, six equally weighted criteria with one generalized criterion of each type:
    f1 manpower (min, type II, l = 10), f2 power (max, type III, m = 30), f3 construction cost (min,
    type V, s = 5, r = 45), f4 maintenance cost (min, type IV, q = 1, p = 5), f5 villages to evacuate
    (min, type I), f6 security level (max, type VI, sigma = 5). The paper's type IV and V take a
    second parameter measured from the first, so our thresholds are p = 1 + 5 = 6 (level) and
    p = 5 + 45 = 50 (linear). It prints the valued outranking relation pi(a, b) to 3 decimals and
    the flows as plain sums (not divided by m - 1): leaving 1.099, 1.980, 1.234, 1.644, 2.274,
    1.500; entering 1.827, 1.895, 1.681, 1.746, 0.808, 1.774; complete ranking a5 > a2 > a4 > a6 >
    a3 > a1. Transcribed from eabohorquezg/ProjectMCDM, test/test/TestPromethee.java (pi table,
    flows, ranking, parameters in the paper's notation); a second, independent transcription in
    another public repository, citing the paper (doi 10.1287/mnsc.31.6.647), agrees on the data,
    thresholds and net flows. The flows are sums of
    pi rounded to 3 decimals, so each may be off by 5 x 0.0005 (10 x 0.0005 for the net flow)."""
    e = BRANS_VINCKE_1985
    x, m = e["scores"], 6
    w = np.full(6, 1 / 6)
    pi_printed = np.array([
        [0.000, 0.296, 0.250, 0.269, 0.100, 0.185],
        [0.463, 0.000, 0.389, 0.333, 0.296, 0.500],
        [0.235, 0.180, 0.000, 0.333, 0.056, 0.429],
        [0.399, 0.506, 0.305, 0.000, 0.224, 0.212],
        [0.444, 0.515, 0.487, 0.380, 0.000, 0.448],
        [0.287, 0.399, 0.250, 0.431, 0.133, 0.000],
    ])
    pi = np.zeros((m, m))
    for j in range(6):
        g = x[:, j] if e["maximize"][j] else -x[:, j]
        pi += w[j] * preference(g[:, None] - g[None, :], e["preference"][j], q=e["q"][j], p=e["p"][j], s=e["s"][j])
    np.testing.assert_allclose(pi, pi_printed, atol=0.0005 + 1e-12)
    leaving, entering = pi.sum(axis=1), pi.sum(axis=0)
    np.testing.assert_allclose(leaving, [1.099, 1.980, 1.234, 1.644, 2.274, 1.500], atol=0.0025 + 1e-12)
    np.testing.assert_allclose(entering, [1.827, 1.895, 1.681, 1.746, 0.808, 1.774], atol=0.0025 + 1e-12)
    phi = promethee2(x, w[None], maximize=e["maximize"], preference=e["preference"], q=e["q"], p=e["p"], s=e["s"])[0]
    np.testing.assert_allclose(phi * (m - 1), np.subtract([1.099, 1.980, 1.234, 1.644, 2.274, 1.500],
                                                          [1.827, 1.895, 1.681, 1.746, 0.808, 1.774]), atol=0.005)
    assert [f"a{i + 1}" for i in np.argsort(-phi)] == ["a5", "a2", "a4", "a6", "a3", "a1"]


def test_promethee2_brans_vincke_1985_through_the_facade():
    """The same example read as a Study (the Criterion fields preference, q, p, s)."""
    e = BRANS_VINCKE_1985
    study = make_study(e["scores"], ["max" if mx else "min" for mx in e["maximize"]], [1] * 6,
                       preference=e["preference"], q=e["q"], p=e["p"], s=e["s"])
    result = rank(study, "promethee2")
    assert result.higher_is_better and [result.alternatives[i] for i in result.order] == ["A5", "A2", "A4", "A6", "A3", "A1"]
    np.testing.assert_allclose(result.scores.sum(), 0.0, atol=1e-12)


def test_promethee2_papathanasiou_ploskas_2018_chapter_3_example():
    """Papathanasiou, J. & Ploskas, N. (2018). Multiple Criteria Decision Aid: Methods, Examples
    and Python Implementations. Springer, ch. 3 (PROMETHEE, pp. 57-89, doi
    10.1007/978-3-319-91648-4_3), the chapter's example: six alternatives, four benefit criteria,
    weights 0.4, 0.3, 0.1, 0.2, linear preference (type V) with q = 1, p = 2 on every criterion;
    net flows -0.26, -0.52, -0.22, 0.36, 0.70, -0.06 to 2 decimals. Transcribed from
    energyinpython/pyrepo-mcda, tests/test_mcda_methods_2.py (Test_PROMETHEE_II)."""
    scores = [[8, 7, 2, 1], [5, 3, 7, 5], [7, 5, 6, 4], [9, 9, 7, 3], [11, 10, 3, 7], [6, 9, 5, 4]]
    got = promethee2(scores, [[0.4, 0.3, 0.1, 0.2]], maximize=[True] * 4, preference=["linear"] * 4,
                     q=[1] * 4, p=[2] * 4)[0]
    np.testing.assert_allclose(got, [-0.26, -0.52, -0.22, 0.36, 0.70, -0.06], atol=0.005)


def test_promethee2_ziemba_2019_generalized_prosa_example():
    """Ziemba, P. (2019). Towards strong sustainability management: a generalized PROSA method.
    Sustainability 11(6), 1555 (doi 10.3390/su11061555): nine alternatives, twelve criteria of
    both directions, linear preference (type V) with a q and p per criterion; PROMETHEE II net flows
    -0.4143, -0.5056, -0.2317, -0.2892, 0.3313, 0.0619, 0.4296, 0.1626, 0.4554 to 4 decimals.
    Transcribed from energyinpython/pyrepo-mcda, tests/test_mcda_methods_2.py
    (Test_PROMETHEE_II_2)."""
    x = np.array([
        [38723, 34913, 25596, 34842, 22570, 39773, 19500, 34525, 16486],
        [33207, 32085, 2123, 32095, 1445, 17485, 868, 16958, 958],
        [0, 0.2, 5, 0.2, 0.2, 0.2, 99, 99, 99],
        [3375, 3127, 3547, 3115, 3090, 4135, 3160, 4295, 3653],
        [11.36, 12.78, 12.78, 12.86, 12.86, 17, 12.86, 17, 12.86],
        [-320.9, -148.4, -148.4, -9.9, -9.9, 0, -9.9, 0, -9.9],
        [203.7, 463, 356.2, 552.5, 295, 383, 264, 352, 264],
        [0, 11.7, 44.8, 11.7, 95.9, 95.9, 116.8, 116.8, 164.9],
        [0, 4.9, 10.7, 5.4, 11.2, 11.2, 11.2, 11.2, 11.2],
        [1, 1, 1, 3.5, 4, 4, 4, 4, 4],
        [21.5, 47.9, 27.7, 39.7, 1.5, 22.7, 2.7, 23.9, 1],
        [0, 3.7, 4.5, 10.3, 11.5, 11.5, 11.3, 11.3, 11.4],
    ]).T
    w = np.array([0.3333, 0.1667, 0.1667, 0.3333, 0.25, 0.75, 1, 1, 0.4, 0.20, 0.40, 1])
    maximize = np.array([-1, -1, 1, -1, 1, 1, -1, 1, 1, -1, -1, 1]) > 0
    p = [2100, 5000, 50, 200, 5, 20, 100, 80, 4, 2, 23, 3]
    q = [420, 1000, 10, 40, 1, 7, 50, 20, 1, 1, 4.6, 1]
    got = promethee2(x, (w / w.sum())[None], maximize=maximize, preference=["linear"] * 12, q=q, p=p)[0]
    printed = [-0.4143, -0.5056, -0.2317, -0.2892, 0.3313, 0.0619, 0.4296, 0.1626, 0.4554]
    np.testing.assert_allclose(got, printed, atol=0.00005 + 1e-12)


def test_promethee2_ziemba_watrobski_ziolo_karczmarczyk_2017_offshore_wind_example():
    """Ziemba, P., Watrobski, J., Ziolo, M. & Karczmarczyk, A. (2017). Using the PROSA method in
    offshore wind farm location problems. Energies 10(11), 1755 (doi 10.3390/en10111755): four
    locations, twelve criteria of both directions, V-shape preference (type III) with a p per
    criterion; PROMETHEE II net flows -0.0445, 0.1884, -0.0954, -0.0485 to 4 decimals. Transcribed
    from energyinpython/pyrepo-mcda, tests/test_mcda_methods_2.py (Test_PROMETHEE_II_3)."""
    x = np.array([
        [16347, 14219, 8160, 8160], [9, 8.5, 9, 8.5], [73.8, 55, 64.8, 62.5], [36.7, 36, 28.5, 29.5],
        [1.5, 2, 2, 1.5], [3730, 3240, 1860, 1860], [2, 1, 2, 1], [1, 1, 2, 3], [38.8, 33.1, 45.8, 27.3],
        [4, 2, 4, 3], [1720524, 1496512, 858830, 858830], [40012, 34803, 19973, 19973],
    ]).T
    w = np.array([20, 5, 5, 1.67, 1.67, 11.67, 11.67, 5, 5, 16.67, 8.33, 8.33])
    maximize = np.array([-1, -1, -1, -1, -1, 1, -1, -1, 1, -1, 1, 1]) > 0
    p = [7280, 4, 13.4, 7.4, 3, 1662, 3, 3, 13.8, 3, 766240, 17820]
    got = promethee2(x, (w / w.sum())[None], maximize=maximize, preference=["vshape"] * 12, p=p)[0]
    np.testing.assert_allclose(got, [-0.0445, 0.1884, -0.0954, -0.0485], atol=0.00005 + 1e-12)


def test_promethee2_thresholds_met_exactly_by_hand():
    """Scores 0, 1, 2, 3 (more is better), q = 1, p = 2, s = 1: differences equal to q or p occur.
    By the definitions (F = 0 for d <= q; ramp or 1/2 for q < d <= p; 1 for d > p), worked by hand:
    net flows times (m - 1) = 3 are as below; with less is better they reverse."""
    f1, f2, f3 = (-np.expm1(-d * d / 2) for d in (1.0, 2.0, 3.0))
    by_hand = {
        "usual": [-3, -1, 1, 3],
        "ushape": [-2, -1, 1, 2],
        "vshape": [-2.5, -1, 1, 2.5],
        "level": [-1.5, -0.5, 0.5, 1.5],
        "linear": [-2, -1, 1, 2],
        "gaussian": [-(f1 + f2 + f3), -f2, f2, f1 + f2 + f3],
    }
    x = np.array([[0.0], [1.0], [2.0], [3.0]])
    for function, expected in by_hand.items():
        for maximize, sign in ((True, 1), (False, -1)):
            got = flows(x, maximize=[maximize], preference=[function], q=[1], p=[2], s=[1])[0, :, 0]
            np.testing.assert_allclose(got * 3, sign * np.array(expected), atol=1e-12, err_msg=function)


def test_promethee2_refuses_missing_thresholds_naming_the_criterion():
    with pytest.raises(NotApplicable, match="'cost': preference 'linear' needs a non-negative threshold 'p', found none"):
        promethee2([[1, 2], [3, 4]], [[0.5, 0.5]], maximize=[True, False], preference=["usual", "linear"],
                   q=[None, 1], p=[None, None], names=["gain", "cost"])
    with pytest.raises(NotApplicable, match="'C1': unknown preference function 'step'"):
        promethee2([[1], [2]], [[1.0]], maximize=[True], preference=["step"], names=["C1"])
    with pytest.raises(NotApplicable, match="q 3 must not exceed p 2"):
        promethee2([[1], [2]], [[1.0]], maximize=[True], preference=["level"], q=[3], p=[2])


def test_promethee2_degenerate_cases():
    assert promethee2([[1.0, 2.0]], [[0.5, 0.5]], maximize=[True, True]).tolist() == [[0.0]]
    assert promethee2(np.ones((3, 2)), [[0.5, 0.5]], maximize=[True, False]).tolist() == [[0.0, 0.0, 0.0]]
    # vshape with p = 0 is the usual function (its limit), not a division by zero.
    x = [[0.0], [1.0], [1.0], [4.0]]
    np.testing.assert_array_equal(flows(x, maximize=[True], preference=["vshape"], p=[0]),
                                  flows(x, maximize=[True], preference=["usual"]))


def test_promethee2_needs_no_m_by_m_matrix():
    """30,000 alternatives: an m x m matrix of differences would take 7.2 GB; sorting does not."""
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 100, (30_000, 3))
    phi = promethee2(x, [[0.5, 0.3, 0.2]], maximize=[True, False, True], preference=["usual", "linear", "level"],
                     q=[None, 1, 2], p=[None, 10, 5])[0]
    np.testing.assert_allclose(phi.sum(), 0.0, atol=1e-8)
    assert -1 <= phi.min() and phi.max() <= 1


# --- TOPSIS (existing module) -----------------------------------------------------------------

def test_topsis_tzeng_huang_2011_example():
    """Tzeng, G.-H. & Huang, J.-J. (2011). Multiple Attribute Decision Making: Methods and
    Applications. CRC Press, TOPSIS example: four alternatives, three benefit criteria, weights
    0.3, 0.4, 0.3, vector normalization; relative closeness 0.5037, 0.6581, 0.7482, 0.3340 to 4
    decimals. Transcribed from quatrope/scikit-criteria, tests/agg/test_similarity.py
    (test_TOPSIS_tzeng2011multiple)."""
    got = topsis([[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]], [[0.3, 0.4, 0.3]], maximize=[True] * 3)[0]
    np.testing.assert_allclose(got, [0.5037, 0.6581, 0.7482, 0.3340], atol=0.00005 + 1e-12)


def test_topsis_ersoy_2021_equipment_selection():
    """Ersoy, Y. (2021). Equipment selection for an e-commerce company using entropy-based
    TOPSIS, EDAS and CODAS methods during the COVID-19. LogForum 17(3): six alternatives, four
    benefit and two cost criteria, entropy weights 0.405, 0.221, 0.134, 0.199, 0.007, 0.034;
    closeness 0.308, 0.254, 0.327, 0.263, 0.857, 0.192. Transcribed from
    energyinpython/pyrepo-mcda, tests/test_mcda_methods.py (Test_TOPSIS), which compares to 2
    decimals. The paper's third decimal is up to 0.0009 above ours on four alternatives (it works
    with rounded intermediate values), so this holds to 0.001; the ranking is the paper's."""
    scores = [[256, 8, 41, 1.6, 1.77, 7347.16], [256, 8, 32, 1.0, 1.8, 6919.99], [256, 8, 53, 1.6, 1.9, 8400],
              [256, 8, 41, 1.0, 1.75, 6808.9], [512, 8, 35, 1.6, 1.7, 8479.99], [256, 4, 35, 1.6, 1.7, 7499.99]]
    got = topsis(scores, [[0.405, 0.221, 0.134, 0.199, 0.007, 0.034]], maximize=[True] * 4 + [False] * 2)[0]
    printed = [0.308, 0.254, 0.327, 0.263, 0.857, 0.192]
    np.testing.assert_allclose(got, printed, atol=0.001)
    assert competition_ranks(got).tolist() == competition_ranks(printed).tolist()


# --- MAVT (existing module) -------------------------------------------------------------------

@pytest.mark.parametrize("case", sorted(OPRICOVIC_TZENG_2007_CASES))
def test_mavt_opricovic_tzeng_2007_group_utility(case):
    """With linear value functions over the observed range, the MAVT overall value is
    V_i = sum_j w_j (f_ij - f-_j) / (f*_j - f-_j) = 1 - S_i, where S_i is VIKOR's group utility
    (weights summing to 1). So the S printed by Opricovic & Tzeng (2007), EJOR 178(2), 514-529
    (numerical example, weight sets W1..W4, 3 decimals; transcribed from quatrope/scikit-criteria,
    tests/agg/test_vikor.py) give the overall values of mavt on that example, both directions."""
    raw, _, s_printed, _, _ = OPRICOVIC_TZENG_2007_CASES[case]
    w = np.array(raw) / np.sum(raw)
    x = OPRICOVIC_TZENG_2007
    got = mavt(x, w[None], low=x.min(axis=0), high=x.max(axis=0), maximize=OPRICOVIC_TZENG_2007_MAXIMIZE)[0]
    np.testing.assert_allclose(got, 1 - np.array(s_printed), atol=0.0005 + 1e-12)


def test_mavt_goodwin_wright_addison_square():
    """Goodwin, P. & Wright, G., Decision Analysis for Management Judgment (Wiley), chapter 3
    (SMART), office-location example, the table of Addison Square's values on p. 44: values
    (0-100 scales) closeness to customers 100, visibility 60, image 100, size 75, comfort 0,
    car-parking facilities 90; weights 32, 26, 23, 10, 6, 3; value x weight summed 8080, "the
    aggregate value for Addison Square is 8080/100, i.e. 80.8". Transcribed from the copy of the
    book stored at yumpu.com/en/document/view/10698289 (page 60 there). The additive model over
    value scales 0..100, with the printed weights as fractions (they sum to 100 per cent), gives
    0.808: 80.8 out of 100. The values are already on 0..100 scales, so this checks the additive
    aggregation only; the linear value function is checked by the Opricovic & Tzeng test above."""
    values = np.array([[100, 60, 100, 75, 0, 90]], dtype=float)
    weights = np.array([32, 26, 23, 10, 6, 3], dtype=float) / 100
    got = mavt(values, weights[None], low=np.zeros(6), high=np.full(6, 100.0), maximize=np.ones(6, dtype=bool))[0]
    assert got.tolist() == pytest.approx([0.808], abs=1e-12)


# =============================================================================================
# 2. Second opinions: scikit-criteria and pymcdm on random data
# =============================================================================================

LIBRARY = settings(max_examples=30, deadline=None)


def _random_problem(seed, m, n, *, low=1.0, high=100.0):
    rng = np.random.default_rng(seed)
    x = rng.uniform(low, high, (m, n))
    w = rng.dirichlet(np.ones(n))
    maximize = rng.random(n) < 0.5
    return rng, x, w, maximize


def _mkdm(x, w, maximize):
    import skcriteria

    return skcriteria.mkdm(x, [max if mx else min for mx in maximize], weights=w)


@LIBRARY
@given(seed=st.integers(0, 2**32 - 1), m=st.integers(2, 8), n=st.integers(1, 5))
def test_wsm_equals_scikit_criteria_weighted_sum_model(seed, m, n):
    """skcriteria.agg.simple.WeightedSumModel on the raw matrix, every criterion max."""
    from skcriteria.agg.simple import WeightedSumModel

    _, x, w, _ = _random_problem(seed, m, n)
    maximize = np.ones(n, dtype=bool)
    expected = WeightedSumModel().evaluate(_mkdm(x, w, maximize)).e_.score
    np.testing.assert_allclose(wsm(x, w[None], maximize=maximize)[0], expected, rtol=1e-12)


@LIBRARY
@given(seed=st.integers(0, 2**32 - 1), m=st.integers(2, 8), n=st.integers(1, 5))
def test_saw_equals_scikit_criteria_invert_maxabs_weighted_sum(seed, m, n):
    """Preprocessing, stated exactly: InvertMinimize (x -> 1/x on min criteria, now max), then
    MaxAbsScaler(target='matrix') (divide each column by its largest absolute value: for positive
    data x/max x, and (1/x)/(1/min x) = min x / x on the inverted ones), then WeightedSumModel."""
    from skcriteria.agg.simple import WeightedSumModel
    from skcriteria.preprocessing.invert_objectives import InvertMinimize
    from skcriteria.preprocessing.scalers import MaxAbsScaler

    _, x, w, maximize = _random_problem(seed, m, n)
    dm = MaxAbsScaler(target="matrix").transform(InvertMinimize().transform(_mkdm(x, w, maximize)))
    expected = WeightedSumModel().evaluate(dm).e_.score
    np.testing.assert_allclose(saw(x, w[None], maximize=maximize)[0], expected, rtol=1e-12)


@LIBRARY
@given(seed=st.integers(0, 2**32 - 1), m=st.integers(2, 8), n=st.integers(1, 5))
def test_topsis_equals_scikit_criteria_vector_scaler_topsis(seed, m, n):
    """skcriteria's TOPSIS does not normalize: VectorScaler(target='matrix') first (each column over
    its Euclidean norm), then skcriteria.agg.topsis.TOPSIS (weights applied inside)."""
    from skcriteria.agg.topsis import TOPSIS
    from skcriteria.preprocessing.scalers import VectorScaler

    _, x, w, maximize = _random_problem(seed, m, n)
    dm = VectorScaler(target="matrix").transform(_mkdm(x, w, maximize))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # skcriteria warns that TOPSIS sees min criteria
        expected = TOPSIS().evaluate(dm).e_.similarity
    np.testing.assert_allclose(topsis(x, w[None], maximize=maximize)[0], expected, rtol=1e-10, atol=1e-12)


@LIBRARY
@given(seed=st.integers(0, 2**32 - 1), m=st.integers(2, 8), n=st.integers(1, 5), v=st.floats(0, 1))
def test_vikor_equals_scikit_criteria_vikor(seed, m, n, v):
    """skcriteria.agg.vikor.VIKOR normalizes inside (distance to the best over the observed range),
    as VIKOR defines; its s_k, r_k, q_k and compromise_set are S, R, Q and our set."""
    from skcriteria.agg.vikor import VIKOR

    _, x, w, maximize = _random_problem(seed, m, n)
    e = VIKOR(v=v).evaluate(_mkdm(x, w, maximize)).e_
    q, s, r = (a[0] for a in measures(x, w[None], maximize=maximize, v=v))
    np.testing.assert_allclose(s, e.s_k, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(r, e.r_k, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(q, e.q_k, rtol=1e-10, atol=1e-12)
    assert sorted(compromise_set(q, s, r)) == sorted(e.compromise_set.tolist())


@LIBRARY
@given(seed=st.integers(0, 2**32 - 1), m=st.integers(2, 8), n=st.integers(1, 5))
def test_mavt_equals_scikit_criteria_minmax_weighted_sum(seed, m, n):
    """Every criterion max and the scale the observed range: MinMaxScaler(target='matrix')
    ((x - min) / (max - min) per column), then WeightedSumModel."""
    from skcriteria.agg.simple import WeightedSumModel
    from skcriteria.preprocessing.scalers import MinMaxScaler

    _, x, w, _ = _random_problem(seed, m, n)
    maximize = np.ones(n, dtype=bool)
    dm = MinMaxScaler(target="matrix").transform(_mkdm(x, w, maximize))
    expected = WeightedSumModel().evaluate(dm).e_.score
    got = mavt(x, w[None], low=x.min(axis=0), high=x.max(axis=0), maximize=maximize)[0]
    np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-12)


PYMCDM_NAMES = {"usual": "usual", "ushape": "ushape", "vshape": "vshape", "level": "level", "linear": "vshape_2"}


@LIBRARY
@given(seed=st.integers(0, 2**32 - 1), m=st.integers(2, 9), n=st.integers(1, 4),
       function=st.sampled_from(sorted(PYMCDM_NAMES)), quarters=st.booleans())
def test_promethee2_equals_pymcdm(seed, m, n, function, quarters):
    """pymcdm.methods.PROMETHEE_II with one preference function for all criteria (pymcdm has no
    Gaussian function; 'vshape_2' is its linear function); `quarters` draws scores and thresholds
    on a grid of 1/4, so that ties and differences exactly at q or p occur (and are exact)."""
    pytest.importorskip("pymcdm")  # a bench-only dependency
    from pymcdm.methods import PROMETHEE_II

    rng, x, w, maximize = _random_problem(seed, m, n, low=0.0, high=10.0)
    if quarters:
        x = rng.integers(0, 12, (m, n)) / 4
    q = rng.integers(0, 8, n) / 4 if quarters else rng.uniform(0, 3, n)
    p = q + (rng.integers(1, 8, n) / 4 if quarters else rng.uniform(0.1, 3, n))
    kwargs = {"usual": {}, "ushape": {"q": q}, "vshape": {"p": p}, "level": {"q": q, "p": p}, "linear": {"q": q, "p": p}}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # pymcdm warns about dominant alternatives
        expected = PROMETHEE_II(PYMCDM_NAMES[function], **kwargs[function])(x, w, np.where(maximize, 1, -1))
    got = promethee2(x, w[None], maximize=maximize, preference=[function] * n, **kwargs[function])[0]
    np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-12)


# =============================================================================================
# 3. Batching, and the sorted PROMETHEE flows against a plain pairwise computation
# =============================================================================================

def _promethee_setup(rng, n):
    functions = list(rng.choice(FUNCTIONS, n))
    q = rng.integers(0, 4, n) / 2
    p = q + rng.integers(0, 4, n) / 2
    s = rng.integers(1, 5, n) / 2
    return dict(preference=functions, q=q, p=p, s=s)


def _call(method, scores, weights, maximize, setup):
    if method == "wsm":
        return wsm(scores, weights, maximize=np.ones_like(maximize))
    if method == "saw":
        return saw(scores, weights, maximize=maximize)
    if method == "topsis":
        return topsis(scores, weights, maximize=maximize)
    if method == "mavt":
        return mavt(scores, weights, low=setup["low"], high=setup["high"], maximize=maximize)
    if method == "vikor":
        return vikor(scores, weights, maximize=maximize, v=setup["v"])
    return promethee2(scores, weights, maximize=maximize, **setup["promethee"])


BATCHED = ("mavt", "saw", "wsm", "topsis", "vikor", "promethee2")


@settings(max_examples=40, deadline=None)
@given(method=st.sampled_from(BATCHED), seed=st.integers(0, 2**32 - 1), k=st.integers(1, 6),
       m=st.integers(1, 7), n=st.integers(1, 5))
def test_k_samples_in_one_call_equal_k_single_calls(method, seed, k, m, n):
    rng = np.random.default_rng(seed)
    x = np.round(rng.uniform(1, 6, (k, m, n)), 1)  # rounded: ties happen
    weights = rng.dirichlet(np.ones(n), size=k)
    maximize = rng.random(n) < 0.5
    setup = {"low": x.min(axis=(0, 1)), "high": x.max(axis=(0, 1)), "v": float(rng.uniform()),
             "promethee": _promethee_setup(rng, n)}
    # Fixed scores, k weight samples.
    block = _call(method, x[0], weights, maximize, setup)
    assert block.shape == (k, m)
    for i in range(k):
        np.testing.assert_allclose(block[i], _call(method, x[0], weights[i:i + 1], maximize, setup)[0], rtol=1e-12, atol=1e-12)
    # k score samples with k weight samples, and with one weight row for all.
    block = _call(method, x, weights, maximize, setup)
    shared = _call(method, x, weights[:1], maximize, setup)
    assert block.shape == shared.shape == (k, m)
    for i in range(k):
        np.testing.assert_allclose(block[i], _call(method, x[i], weights[i:i + 1], maximize, setup)[0], rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(shared[i], _call(method, x[i], weights[:1], maximize, setup)[0], rtol=1e-12, atol=1e-12)


def preference(d, function, *, q=None, p=None, s=None) -> np.ndarray:
    """The preference function F(d) written out from its definition (Brans & Vincke 1985), applied
    to differences d of any shape: the plain reference the sorted flows are checked against."""
    d = np.asarray(d, dtype=float)
    if function == "usual":
        return np.where(d > 0, 1.0, 0.0)
    if function == "ushape":
        return np.where(d > q, 1.0, 0.0)
    if function == "vshape":
        return np.where(d > p, 1.0, np.where(d > 0, d / p if p > 0 else 1.0, 0.0))
    if function == "level":
        return np.where(d > p, 1.0, np.where(d > q, 0.5, 0.0))
    if function == "linear":
        return np.where(d > p, 1.0, np.where(d > q, (d - q) / (p - q) if p > q else 1.0, 0.0))
    return np.where(d > 0, 1.0 - np.exp(-d ** 2 / (2 * s ** 2)), 0.0)


def pairwise_net_flows(values, maximize, function, q, p, s):
    """Per-criterion net flows the plain way: the m x m differences d(a, b) in the criterion's
    direction, F(d) from its definition, (row sums - column sums) / (m - 1)."""
    g = np.asarray(values, dtype=float) * (1 if maximize else -1)
    m = g.size
    if m < 2:
        return np.zeros(m)
    f = preference(g[:, None] - g[None, :], function, q=q, p=p, s=s)
    return (f.sum(axis=1) - f.sum(axis=0)) / (m - 1)


@settings(max_examples=300, deadline=None)
@given(function=st.sampled_from(FUNCTIONS), maximize=st.booleans(),
       values=st.lists(st.integers(-12, 12), min_size=1, max_size=14),
       q=st.integers(0, 8), extra=st.integers(0, 8), s=st.integers(1, 8))
def test_promethee2_sorted_flows_equal_pairwise_flows_with_ties_and_exact_thresholds(function, maximize, values, q, extra, s):
    """Scores and thresholds on a grid of 1/4 (exact in binary): ties, and differences exactly equal
    to q or to p, are common; the sorted O(m log m) flows must match the pairwise ones exactly."""
    x = np.array(values, dtype=float) / 4
    q, p, s = q / 4, (q + extra) / 4, s / 4
    got = flows(x[:, None], maximize=[maximize], preference=[function], q=[q], p=[p], s=[s])[0, :, 0]
    np.testing.assert_allclose(got, pairwise_net_flows(x, maximize, function, q, p, s), rtol=0, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), k=st.integers(1, 4), m=st.integers(1, 40), n=st.integers(1, 6))
def test_promethee2_sorted_flows_equal_pairwise_flows_on_random_batches(seed, k, m, n):
    """Mixed functions per criterion, k score samples at once, continuous values of any scale."""
    rng = np.random.default_rng(seed)
    scale = 10.0 ** rng.integers(-2, 5)
    x = rng.normal(0, scale, (k, m, n))
    maximize = rng.random(n) < 0.5
    setup = _promethee_setup(rng, n)
    setup["q"], setup["p"], setup["s"] = setup["q"] * scale, setup["p"] * scale, setup["s"] * scale
    got = flows(x, maximize=maximize, **setup)
    for i in range(k):
        for j in range(n):
            want = pairwise_net_flows(x[i, :, j], maximize[j], setup["preference"][j], setup["q"][j], setup["p"][j], setup["s"][j])
            np.testing.assert_allclose(got[i, :, j], want, rtol=0, atol=1e-9, err_msg=setup["preference"][j])


def test_registry_lists_the_batched_methods():
    assert {"wsm", "saw", "vikor", "promethee2"} <= set(METHODS)
    assert METHODS["vikor"].higher_is_better is False and METHODS["vikor"].parameters == {"v": 0.5}
    for method in ("wsm", "saw", "promethee2"):
        assert METHODS[method].higher_is_better

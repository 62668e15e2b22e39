"""The ranking methods computed through scikit-criteria: WPM, MOORA, EDAS, MABAC, COPRAS, WASPAS.

Each method is checked against published worked examples (the truth), reproduced to the printed
precision or, where the paper's own rounding does not allow that, to a tolerance the test explains.
pymcdm, where it has the method, is a second opinion; where it disagrees with a published example
the test says so and the example wins. Every docstring says where its numbers were transcribed from.
"""

from __future__ import annotations

import json
import subprocess
import sys
import warnings

import numpy as np
import pytest

from decision.errors import InputError, NotApplicable
from decision.methods._batch import plain
from decision.methods.copras import copras
from decision.methods.edas import edas
from decision.methods.mabac import mabac
from decision.methods.moora import moora
from decision.methods.registry import METHODS
from decision.methods.waspas import check_lambda, waspas
from decision.methods.wpm import wpm
from decision.model import Alternative, Criterion, Study
from decision.ranking import competition_ranks, rank

OURS = ("wpm", "moora", "edas", "mabac", "copras", "waspas")
FUNCTIONS = {"wpm": wpm, "moora": moora, "edas": edas, "mabac": mabac, "copras": copras, "waspas": waspas}


def ranks(scores) -> list[int]:
    return [int(r) for r in competition_ranks(scores)]


def study_of(scores, maximize, weights, name="example") -> Study:
    scores = np.asarray(scores, dtype=float)
    m, n = scores.shape
    return Study(
        name=name,
        alternatives=tuple(Alternative(f"A{i + 1}") for i in range(m)),
        criteria=tuple(Criterion(f"C{j + 1}", "max" if mx else "min", float(w)) for j, (mx, w) in
                       enumerate(zip(maximize, weights))),
        scores=scores,
    )


# --- published data ---------------------------------------------------------------------------

# Chakraborty, Zavadskas & Antucheviciene (2015), Applications of WASPAS method as a multi-criteria
# decision-making tool, Economic Computation and Economic Cybernetics Studies and Research 49(1), 5-22,
# Example 2 (10 alternatives x 4 criteria: three costs, one benefit), WASPAS Q for lambda = 0, 0.1, ..., 1
# printed to 4 decimals. Transcribed from scikit-criteria's tests/agg/test_waspas.py
# (quatrope/scikit-criteria, test_WASPAS_chakraborty2015applications), which cites the paper.
CHAKRABORTY_X = np.array([
    [581818, 54.49, 3, 5500], [595454, 49.73, 3, 4500], [586060, 51.24, 3, 5000], [522727, 45.71, 3, 5800],
    [561818, 52.66, 3, 5200], [543030, 74.46, 4, 5600], [522727, 75.42, 4, 5800], [486970, 62.62, 4, 5600],
    [509394, 65.87, 4, 6400], [513333, 70.67, 4, 6000]], dtype=float)
CHAKRABORTY_W = np.array([0.467, 0.160, 0.095, 0.278])
CHAKRABORTY_MAX = np.array([False, False, False, True])
CHAKRABORTY_Q = {  # lambda -> Q
    0.0: [0.8578, 0.8144, 0.8408, 0.9413, 0.8632, 0.8241, 0.8454, 0.8915, 0.8987, 0.8697],
    0.1: [0.8580, 0.8149, 0.8410, 0.9414, 0.8633, 0.8249, 0.8464, 0.8922, 0.8995, 0.8706],
    0.2: [0.8581, 0.8154, 0.8412, 0.9415, 0.8634, 0.8256, 0.8474, 0.8929, 0.9003, 0.8714],
    0.3: [0.8582, 0.8159, 0.8414, 0.9415, 0.8636, 0.8263, 0.8484, 0.8936, 0.9011, 0.8723],
    0.4: [0.8583, 0.8164, 0.8417, 0.9416, 0.8637, 0.8271, 0.8493, 0.8942, 0.9019, 0.8732],
    0.5: [0.8584, 0.8169, 0.8419, 0.9417, 0.8638, 0.8278, 0.8503, 0.8949, 0.9027, 0.8740],
    0.6: [0.8585, 0.8174, 0.8421, 0.9417, 0.8640, 0.8286, 0.8513, 0.8956, 0.9035, 0.8749],
    0.7: [0.8586, 0.8179, 0.8423, 0.9418, 0.8641, 0.8293, 0.8523, 0.8963, 0.9043, 0.8758],
    0.8: [0.8588, 0.8184, 0.8425, 0.9419, 0.8643, 0.8300, 0.8532, 0.8969, 0.9051, 0.8766],
    0.9: [0.8589, 0.8189, 0.8427, 0.9419, 0.8644, 0.8308, 0.8542, 0.8976, 0.9059, 0.8775],
    1.0: [0.8590, 0.8194, 0.8430, 0.9420, 0.8645, 0.8315, 0.8552, 0.8983, 0.9067, 0.8784],
}

# Pamučar & Ćirović (2015), Expert Systems with Applications 42(6), 3016-3028: the forklift problem
# (7 forklifts x 10 criteria, DEMATEL weights). Data, weights, directions, the border approximation
# area g and the criterion function S (4 decimals) transcribed from pymcdm's tests/test_methods.py
# (kotbaton/pymcdm, TestMABAC) and scikit-criteria's tests/agg/test_mabac.py (test_MABAC_dragan_2014),
# which both cite the paper and agree on every number; the paper itself is paywalled and was not seen.
FORKLIFT_X = np.array([
    [22600, 3800, 2, 5, 1.06, 3.00, 3.5, 2.8, 24.5, 6.5],
    [19500, 4200, 3, 2, 0.95, 3.00, 3.4, 2.2, 24.0, 7.0],
    [21700, 4000, 1, 3, 1.25, 3.20, 3.3, 2.5, 24.5, 7.3],
    [20600, 3800, 2, 5, 1.05, 3.25, 3.2, 2.0, 22.5, 11.0],
    [22500, 3800, 4, 3, 1.35, 3.20, 3.7, 2.1, 23.0, 6.3],
    [23250, 4210, 3, 5, 1.45, 3.60, 3.5, 2.8, 23.5, 7.0],
    [20300, 3850, 2, 5, 0.90, 3.25, 3.0, 2.6, 21.5, 6.0]])
FORKLIFT_W = np.array([0.146, 0.144, 0.119, 0.121, 0.115, 0.101, 0.088, 0.068, 0.050, 0.048])
FORKLIFT_MAX = np.array([False, True, True, True, False, False, True, True, True, True])
FORKLIFT_S = [0.0826, 0.2183, -0.0488, 0.0246, -0.0704, 0.0465, 0.0464]
FORKLIFT_G = [0.2086, 0.1885, 0.1720, 0.1952, 0.1740, 0.1625, 0.1319, 0.1010, 0.0789, 0.0590]

# Keshavarz Ghorabaee, Zavadskas, Olfat & Turskis (2015), Informatica 26(3), 435-451,
# doi:10.15388/Informatica.2015.57. Section 5's MCDM example: Table 5 (10 alternatives x 7 criteria,
# three benefits then four costs), Table 6 (seven weight sets), Table 7 (ranks by EDAS, VIKOR, TOPSIS,
# SAW and COPRAS under each set). Transcribed from a public method note ("edas.md", found by code
# search; it quotes the paper's PDF table by table); the paper was not opened here.
EDAS_T5_X = np.array([
    [23, 264, 2.37, 0.05, 167, 8900, 8.71], [20, 220, 2.2, 0.04, 171, 9100, 8.23],
    [17, 231, 1.98, 0.15, 192, 10800, 9.91], [12, 210, 1.73, 0.2, 195, 12300, 10.21],
    [15, 243, 2, 0.14, 187, 12600, 9.34], [14, 222, 1.89, 0.13, 180, 13200, 9.22],
    [21, 262, 2.43, 0.06, 160, 10300, 8.93], [20, 256, 2.6, 0.07, 163, 11400, 8.44],
    [19, 266, 2.1, 0.06, 157, 11200, 9.04], [8, 218, 1.94, 0.11, 190, 13400, 10.11]])
EDAS_T5_MAX = np.array([True, True, True, False, False, False, False])
EDAS_T6_W = np.array([
    [0.250, 0.214, 0.179, 0.143, 0.107, 0.071, 0.036], [0.182, 0.212, 0.182, 0.152, 0.121, 0.091, 0.061],
    [0.139, 0.167, 0.194, 0.167, 0.139, 0.111, 0.083], [0.108, 0.135, 0.162, 0.189, 0.162, 0.135, 0.108],
    [0.083, 0.111, 0.139, 0.167, 0.194, 0.167, 0.139], [0.061, 0.091, 0.121, 0.152, 0.182, 0.212, 0.182],
    [0.036, 0.071, 0.107, 0.143, 0.179, 0.214, 0.250]])
EDAS_T7_RANKS = {
    "edas": [[1, 4, 6, 10, 7, 8, 2, 3, 5, 9], [1, 4, 6, 10, 7, 8, 2, 3, 5, 9], [1, 3, 7, 10, 6, 8, 2, 4, 5, 9],
             [1, 2, 7, 10, 6, 8, 3, 4, 5, 9], [1, 2, 6, 10, 7, 8, 3, 4, 5, 9], [1, 2, 6, 10, 7, 8, 3, 4, 5, 9],
             [1, 2, 6, 10, 7, 8, 3, 4, 5, 9]],
    "copras": [[1, 3, 6, 10, 7, 8, 2, 4, 5, 9], [1, 3, 6, 10, 7, 8, 2, 4, 5, 9], [1, 2, 6, 10, 7, 8, 3, 4, 5, 9],
               [1, 2, 7, 10, 6, 8, 3, 4, 5, 9], [1, 2, 7, 10, 6, 8, 3, 4, 5, 9], [1, 2, 6, 10, 7, 8, 3, 4, 5, 9],
               [2, 1, 7, 10, 6, 8, 3, 4, 5, 9]],
}

# Kundakcı & Işık (2016), Integration of MACBETH and COPRAS methods to select air compressor for a
# textile company, Decision Science Letters 5(3), 381-394: 6 compressors x 9 criteria, utility degrees
# N / 100 to 4 decimals. Transcribed from pymcdm's tests/test_methods.py (kotbaton/pymcdm, TestCOPRAS, a
# version found by code search), which cites the paper.
KUNDAKCI_X = np.array([
    [1543, 2000, 39000, 15, 13.76, 3.86, 5, 3, 5000], [1496, 3600, 43000, 14, 14, 2.5, 4, 4, 4000],
    [1584, 3100, 24500, 10, 13.1, 3.7, 2, 2, 3500], [1560, 2700, 36000, 12, 13.2, 3.2, 3, 3, 3500],
    [1572, 2500, 31500, 13, 13.3, 3.4, 3, 2, 3500], [1580, 2400, 20000, 12, 12.8, 3.9, 2, 2, 3000]], dtype=float)
KUNDAKCI_MAX = np.array([False, False, False, True, True, False, True, True, True])
KUNDAKCI_W = np.array([0.2027, 0.1757, 0.1622, 0.1351, 0.1081, 0.0946, 0.0676, 0.0405, 0.0135])
KUNDAKCI_N = [1, 0.9167, 0.8675, 0.9084, 0.9315, 0.9486]


def _pymcdm_types(maximize):
    return np.where(np.asarray(maximize), 1, -1)


# --- WPM --------------------------------------------------------------------------------------

TRIANTAPHYLLOU_X = np.array([[25, 20, 15, 30], [10, 30, 20, 30], [30, 10, 30, 10]], dtype=float)
TRIANTAPHYLLOU_W = np.array([0.20, 0.15, 0.40, 0.25])


def test_wpm_triantaphyllou_2000():
    """Triantaphyllou (2000), Multi-Criteria Decision Making Methods: A Comparative Study (Kluwer),
    ch. 2, the WPM numerical example: 3 alternatives x 4 benefit criteria, weights 0.20, 0.15, 0.40,
    0.25; printed ratios P(A1/A2) = 1.007, P(A1/A3) = 1.067, P(A2/A3) = 1.059, so A1 > A2 > A3.
    Transcribed from Wikipedia's "Weighted product model" article, which reproduces the example (the
    data are also scikit-criteria's test_WeightedProductModel_enwiki_1015567716, which asserts only its
    own log outputs); not checked against the book's page. The ratio P(A_K/A_L) is P_K / P_L."""
    p, extra = wpm(TRIANTAPHYLLOU_X, TRIANTAPHYLLOU_W, maximize=[True] * 4)
    assert round(p[0] / p[1], 3) == 1.007
    assert round(p[0] / p[2], 3) == 1.067
    assert round(p[1] / p[2], 3) == 1.059
    assert ranks(p) == [1, 2, 3]
    assert list(extra) == ["log10_product", "tables"]  # the tables: tests/test_method_tables.py


def test_wpm_score_is_the_product_not_skcriteria_log10_sum():
    """scikit-criteria's WeightedProductModel returns sum_j w_j log10(x_ij); the score is the product
    itself, prod_j x_ij^(+-w_j), computed here directly (Triantaphyllou data, one criterion turned into a
    cost so that the x^(-w) exponent is exercised)."""
    import skcriteria
    from skcriteria.agg.simple import WeightedProductModel

    maximize = np.array([True, False, True, True])
    p, extra = wpm(TRIANTAPHYLLOU_X, TRIANTAPHYLLOU_W, maximize=maximize)
    direct = np.prod(TRIANTAPHYLLOU_X ** np.where(maximize, TRIANTAPHYLLOU_W, -TRIANTAPHYLLOU_W), axis=1)
    np.testing.assert_allclose(p, direct, rtol=1e-12)
    np.testing.assert_allclose(list(extra["log10_product"].values()), np.log10(direct), rtol=1e-12)
    raw = WeightedProductModel().evaluate(skcriteria.mkdm(TRIANTAPHYLLOU_X, [1] * 4, weights=TRIANTAPHYLLOU_W))
    assert np.all(raw.e_.score < 2)  # a log10-sum (about 1.3), not the products (about 20)
    np.testing.assert_allclose(wpm(TRIANTAPHYLLOU_X, TRIANTAPHYLLOU_W, maximize=[True] * 4)[0],
                               10.0 ** raw.e_.score, rtol=1e-12)


def test_wpm_cost_criteria_chakraborty_2015_lambda_0():
    """Costs enter WPM as x^(-w). WASPAS with lambda = 0 is WPM on linear-max normalized values
    (x/max for benefits, min/x for costs), which is our product times the constant
    prod_benefit max^(-w) * prod_cost min^(w). Chakraborty, Zavadskas & Antucheviciene (2015), Example 2
    (three cost criteria), lambda = 0 column, 4 decimals (source as for CHAKRABORTY_Q). Tolerance 1e-4, not
    5e-5: the paper rounds its normalized matrix to 4 decimals before aggregating."""
    p, _ = wpm(CHAKRABORTY_X, CHAKRABORTY_W, maximize=CHAKRABORTY_MAX)
    col_max, col_min = CHAKRABORTY_X.max(axis=0), CHAKRABORTY_X.min(axis=0)
    constant = np.prod(np.where(CHAKRABORTY_MAX, col_max ** -CHAKRABORTY_W, col_min ** CHAKRABORTY_W))
    np.testing.assert_allclose(p * constant, CHAKRABORTY_Q[0.0], atol=1e-4)
    assert ranks(p) == ranks(CHAKRABORTY_Q[0.0]) == [6, 10, 8, 1, 5, 9, 7, 3, 2, 4]


def test_wpm_pymcdm_second_opinion():
    """pymcdm's WPM normalizes by the column sum first (costs as (1/x)/sum(1/x)), which multiplies every
    product by the same constant: same ranking, scores proportional to ours."""
    pymcdm = pytest.importorskip("pymcdm")
    for x, w, mx in [(TRIANTAPHYLLOU_X, TRIANTAPHYLLOU_W, [True] * 4),
                     (CHAKRABORTY_X, CHAKRABORTY_W, CHAKRABORTY_MAX)]:
        ours, _ = wpm(x, w, maximize=mx)
        theirs = pymcdm.methods.WPM()(x, w, _pymcdm_types(mx))
        ratio = theirs / ours
        np.testing.assert_allclose(ratio, ratio[0], rtol=1e-10)


@pytest.mark.parametrize("bad", [0.0, -2.0])
def test_wpm_needs_positive_scores(bad):
    x = TRIANTAPHYLLOU_X.copy()
    x[1, 2] = bad
    with pytest.raises(NotApplicable, match=rf"WPM needs every score > 0: criterion 'r' has {bad:g} for 'b'"):
        wpm(x, TRIANTAPHYLLOU_W, maximize=[True] * 4, alternatives=["a", "b", "c"], criteria=list("pqrs"))


# --- MOORA ------------------------------------------------------------------------------------

BRAUERS_X = np.array([[1, 14, 9, 200, 600, 20, 20, 3.5, 2.5],
                      [1.6, 16, 7, 150, 800, 13.5, 25, 4, 1.5],
                      [2, 17, 5, 80, 1200, 10, 30, 3.8, 1.25]])
BRAUERS_MAX = np.array([True, True, False, True, True, True, False, True, True])


def test_moora_brauers_zavadskas_2010():
    """Brauers & Zavadskas (2010), Project management by MULTIMOORA as an instrument for transition
    economies, Technological and Economic Development of Economy 16(1), 5-24, Appendix C, Table 2: three
    projects x 9 objectives (payback and risk minimized), the unweighted ratio system of Brauers &
    Zavadskas (2006); printed sums y = 2.93480, 2.723, 2.698. Transcribed from a public method note
    ("moora.md", found by code search; it quotes the paper's PDF); the paper was not opened here.
    Unweighted means w_j = 1."""
    y, _ = moora(BRAUERS_X, np.ones(9), maximize=BRAUERS_MAX)
    assert round(y[0], 5) == 2.93480
    assert [round(v, 3) for v in y[1:]] == [2.723, 2.698]
    assert ranks(y) == [1, 2, 3]


def test_moora_weights_summing_to_one_scale_the_published_score():
    """With equal weights 1/n (the facade's weights sum to 1) the score is the published y divided by n."""
    y, _ = moora(BRAUERS_X, np.full(9, 1 / 9), maximize=BRAUERS_MAX)
    np.testing.assert_allclose(y * 9, [2.93480, 2.72315, 2.69803], atol=5e-6)


SIREGAR_X = np.array([[1.5, 3, 5, 3.3], [2, 7, 5, 3.35], [3, 1, 5, 3.07], [2.2, 4, 5, 3.5], [2, 5, 3, 3.09],
                      [3.2, 2, 3, 3.48], [2.775, 3, 5, 3.27]])
SIREGAR_W = np.array([0.3, 0.2, 0.1, 0.4])
SIREGAR_MAX = np.array([False, True, True, True])


def test_moora_siregar_2021_weighted():
    """Siregar, Tampubolon, Parapat, Malau & Hutagalung (2021), Decision support system for selection
    technique using MOORA method, IOP Conf. Series: Materials Science and Engineering 1088, 012022: a
    weighted ratio system, 7 alternatives x 4 criteria (the first a cost), y to 4 decimals. Transcribed
    from pymcdm's tests/test_methods.py (kotbaton/pymcdm, TestMOORA), which cites the paper."""
    y, _ = moora(SIREGAR_X, SIREGAR_W, maximize=SIREGAR_MAX)
    assert [round(v, 4) for v in y] == [0.1801, 0.2345, 0.0625, 0.1757, 0.1683, 0.0742, 0.1197]


def test_moora_pymcdm_second_opinion():
    """pymcdm's MOORA agrees on both examples; it refuses data without a cost criterion, where the ratio
    system is still defined (the sum of the benefit ratios)."""
    pymcdm = pytest.importorskip("pymcdm")
    for x, w, mx in [(BRAUERS_X, np.full(9, 1 / 9), BRAUERS_MAX), (SIREGAR_X, SIREGAR_W, SIREGAR_MAX)]:
        np.testing.assert_allclose(moora(x, w, maximize=mx)[0], pymcdm.methods.MOORA()(x, w, _pymcdm_types(mx)),
                                   rtol=1e-12)
    with pytest.raises(ValueError):
        pymcdm.methods.MOORA()(SIREGAR_X, SIREGAR_W, np.ones(4))
    y, _ = moora(SIREGAR_X, SIREGAR_W, maximize=[True] * 4)
    r = SIREGAR_X / np.sqrt((SIREGAR_X ** 2).sum(axis=0))
    np.testing.assert_allclose(y, r @ SIREGAR_W, rtol=1e-12)


def test_moora_all_zero_criterion_contributes_nothing():
    x = np.column_stack([SIREGAR_X, np.zeros(7)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y, _ = moora(x, np.append(SIREGAR_W, 0.5), maximize=np.append(SIREGAR_MAX, False))
    np.testing.assert_allclose(y, moora(SIREGAR_X, SIREGAR_W, maximize=SIREGAR_MAX)[0], rtol=1e-12)


# --- EDAS -------------------------------------------------------------------------------------

# Table 1: 47 SKUs x (average unit cost, annual dollar usage, lead time), all benefits, equal weights.
EDAS_T1_X = np.array([
    [49.92, 5840.64, 2], [210, 5670, 5], [23.76, 5037.12, 4], [27.73, 4769.56, 1], [57.98, 3478.8, 3],
    [31.24, 2936.67, 3], [28.2, 2820, 3], [55, 2640, 4], [73.44, 2423.52, 6], [160.5, 2407.5, 4],
    [5.12, 1075.2, 2], [20.87, 1043.5, 5], [86.5, 1038, 7], [110.4, 883.2, 5], [71.2, 854.4, 3],
    [45, 810, 3], [14.66, 703.68, 4], [49.5, 594, 6], [47.5, 570, 5], [58.45, 467.6, 4],
    [24.4, 463.6, 4], [65, 455, 4], [86.5, 432.5, 4], [33.2, 398.4, 3], [37.05, 370.5, 1],
    [33.84, 338.4, 3], [84.03, 336.12, 1], [78.4, 313.6, 6], [134.34, 268.68, 7], [56, 224, 1],
    [72, 216, 5], [53.02, 212.08, 2], [49.48, 197.92, 5], [7.07, 190.89, 7], [60.6, 181.8, 3],
    [40.82, 163.28, 3], [30, 150, 5], [67.4, 134.8, 3], [59.6, 119.2, 5], [51.68, 103.36, 6],
    [19.8, 79.2, 2], [37.7, 75.4, 2], [29.89, 59.78, 5], [48.3, 48.3, 3], [34.4, 34.4, 7],
    [28.8, 28.8, 3], [8.46, 25.38, 5]])
EDAS_T2_AS = [
    0.66, 1.00, 0.61, 0.43, 0.60, 0.45, 0.43, 0.60, 0.64, 0.72, 0.16, 0.36, 0.58, 0.54, 0.41, 0.34, 0.24, 0.40,
    0.37, 0.37, 0.23, 0.37, 0.39, 0.19, 0.08, 0.18, 0.19, 0.39, 0.47, 0.13, 0.35, 0.18, 0.30, 0.14, 0.25, 0.18,
    0.20, 0.25, 0.31, 0.30, 0.00, 0.08, 0.18, 0.18, 0.23, 0.09, 0.08]


def test_edas_keshavarz_ghorabaee_2015_table2():
    """Keshavarz Ghorabaee et al. (2015), Informatica 26(3), the inventory example: Table 1 (47 SKUs x 3
    benefit criteria, equal weights; averages AV = 54.44, 1099.68, 3.91) and Table 2 (appraisal scores,
    2 decimals). Transcribed from the public method note quoted above for Tables 5-7.
    45 of the 47 scores round to the printed value; SKU 11 (0.1549, printed 0.16) and SKU 36 (0.1748,
    printed 0.18) miss by 0.0052 at most, presumably the paper's rounding of intermediate values (pymcdm
    computes the same 0.1549 and 0.1748, see below); so all 47 are checked to 0.0055, the other 45 to the
    printed rounding, and the two exceptions are named."""
    score, extra = edas(EDAS_T1_X, np.full(3, 1 / 3), maximize=[True] * 3)
    assert [round(v, 2) for v in extra["average_solution"].values()] == [54.44, 1099.68, 3.91]
    np.testing.assert_allclose(score, EDAS_T2_AS, atol=0.0055)
    off = [i + 1 for i, (ours, printed) in enumerate(zip(score, EDAS_T2_AS)) if round(ours, 2) != printed]
    assert off == [11, 36]
    assert score[1] == 1.0 and score[40] == 0.0  # S2 best, S41 worst, as printed


def test_edas_keshavarz_ghorabaee_2015_table7_ranks():
    """The paper's Section 5 example: EDAS ranks of Table 7 under each of the seven weight sets of Table 6
    (data Table 5, three benefits and four costs). All seven rankings reproduced."""
    for weights, expected in zip(EDAS_T6_W, EDAS_T7_RANKS["edas"]):
        score, _ = edas(EDAS_T5_X, weights, maximize=EDAS_T5_MAX)
        assert ranks(score) == expected


YAZDANI_X = np.array([[3873, 39.55, 0.27, 0.87, 150, 0.07, 12, 2130], [5067, 67.26, 0.23, 0.23, 40, 0.02, 21, 2200],
                      [2213, 24.69, 0.08, 0.17, 200, 0.04, 35, 570], [6243, 132, 0.07, 0.25, 100, 0.04, 16, 100],
                      [8312, 460.47, 0.05, 0.21, 25, 0.1, 25, 200]])
YAZDANI_W = np.array([0.131, 0.113, 0.126, 0.125, 0.126, 0.129, 0.132, 0.117])
YAZDANI_MAX = np.array([False, False, False, True, True, False, True, True])


def test_edas_yazdani_2020():
    """Yazdani, Torkayesh, Santibanez-Gonzalez & Otaghsara (2020), Evaluation of renewable energy resources
    using integrated Shannon Entropy-EDAS model, Sustainable Operations and Computers 1, 35-42: 5
    alternatives x 8 criteria, appraisal scores to 3 decimals. Transcribed from pymcdm's
    tests/test_methods.py (kotbaton/pymcdm, TestEDAS), which cites the paper."""
    score, _ = edas(YAZDANI_X, YAZDANI_W, maximize=YAZDANI_MAX)
    assert [round(v, 3) for v in score] == [0.841, 0.632, 0.883, 0.457, 0.104]


def test_edas_pymcdm_second_opinion():
    pymcdm = pytest.importorskip("pymcdm")
    for x, w, mx in [(EDAS_T1_X, np.full(3, 1 / 3), [True] * 3), (EDAS_T5_X, EDAS_T6_W[0], EDAS_T5_MAX),
                     (YAZDANI_X, YAZDANI_W, YAZDANI_MAX)]:
        np.testing.assert_allclose(edas(x, w, maximize=mx)[0], pymcdm.methods.EDAS()(x, w, _pymcdm_types(mx)),
                                   atol=1e-12)


def test_edas_refuses_a_zero_average_where_skcriteria_shifts_every_average():
    """The distances divide by each criterion's average. scikit-criteria, when any average is 0, adds 1e-5
    to every average (all criteria, not only that one) and returns numbers; the published method is
    undefined there, so ours refuses, naming the criterion."""
    import skcriteria
    from skcriteria.agg.edas import EDAS

    x = np.column_stack([EDAS_T5_X[:, :3], [1, -1] * 5])
    w = np.array([0.3, 0.3, 0.2, 0.2])
    mx = [True, True, True, False]
    with pytest.raises(NotApplicable, match=r"criterion 'C4' averages 0"):
        edas(x, w, maximize=mx)
    result = EDAS().evaluate(skcriteria.mkdm(x, [1, 1, 1, -1], weights=w))
    assert np.all(np.isfinite(result.e_.score))  # silently computed on shifted averages
    with pytest.raises(NotApplicable, match=r"criterion 'cost' averages -1"):
        edas(-np.ones((3, 1)), [1.0], maximize=[False], criteria=["cost"])


def test_edas_all_alike_is_a_tie():
    score, _ = edas(np.ones((3, 2)), [0.5, 0.5], maximize=[True, False])
    np.testing.assert_allclose(score, 0.5)


# --- MABAC ------------------------------------------------------------------------------------


def test_mabac_pamucar_cirovic_2015_forklift():
    """Pamučar & Ćirović (2015), the forklift example (source as for FORKLIFT_S): the criterion function
    S and the border approximation area g, both to the 4 printed decimals."""
    score, extra = mabac(FORKLIFT_X, FORKLIFT_W, maximize=FORKLIFT_MAX)
    assert [round(v, 4) for v in score] == FORKLIFT_S
    assert [round(v, 4) for v in extra["border_approximation_area"].values()] == FORKLIFT_G
    assert ranks(score) == [2, 1, 6, 5, 7, 3, 4]


def test_mabac_biswas_das_2018():
    """Biswas & Das (2018), Selection of hybrid vehicle for green environment using multi-attributive border
    approximation area comparison method, Management Science Letters 8, 121-130: 9 vehicles x 5 criteria
    (emissions and price are costs), Table 5 (g) and Table 7 (S) printed to 8-9 decimals; the weights
    0.1406, 0.1671, 0.183, 0.1751, 0.3342 are read off Table 4 (where t = 0, v = w). Transcribed from a
    public method note ("mabac.md", found by code search; it quotes the paper's PDF). Agreement to 1e-8:
    the last printed digit carries the paper's rounding of its intermediate tables."""
    x = np.array([[39, 13.5, 3.1, 100, 24], [48, 11, 4.5, 103, 29.6], [36, 10.6, 4.3, 49.1, 20.295],
                  [30, 17.8, 5.1, 100, 50], [42, 11.9, 3.5, 86, 31], [40, 17.2, 3.6, 101, 26],
                  [56, 11.9, 2.8, 96, 25], [44, 11.9, 3.3, 94, 31.12], [46, 13, 3.2, 95, 28.756]])
    w = np.array([0.1406, 0.1671, 0.183, 0.1751, 0.3342])
    score, extra = mabac(x, w, maximize=[True, True, False, True, False])
    np.testing.assert_allclose(list(extra["border_approximation_area"].values()),
                               [0.203764178, 0.221141521, 0.287306161, 0.307462238, 0.555521737], atol=1e-8)
    np.testing.assert_allclose(score, [0.157778583, -0.01622203, -0.14489751, -0.24274166, -0.0191927,
                                       0.190021847, 0.212200519, 0.032174523, 0.106320697], atol=1e-8)
    assert ranks(score) == [3, 6, 8, 9, 7, 2, 1, 5, 4]


def test_mabac_inverting_costs_with_1_over_x_is_another_method():
    """scikit-criteria's MABAC refuses `min` criteria. The published normalization of a cost,
    (x - max) / (min - max), is its MinMaxInverter; the tempting recipe of inverting costs (1/x) and then
    min-max scaling misses the published forklift scores, and on a cost of 1, 2, 10 reverses the order."""
    import skcriteria
    from skcriteria.agg.mabac import MABAC
    from skcriteria.preprocessing.invert_objectives import InvertMinimize
    from skcriteria.preprocessing.scalers import MinMaxScaler

    def recipe(x, w, maximize):
        dm = skcriteria.mkdm(x, np.where(maximize, 1, -1), weights=w)
        return MABAC().evaluate(MinMaxScaler(target="matrix").transform(InvertMinimize().transform(dm))).e_.score

    assert [round(v, 4) for v in recipe(FORKLIFT_X, FORKLIFT_W, FORKLIFT_MAX)] != FORKLIFT_S
    x = np.array([[1.0, 0.0], [2.0, 0.45], [10.0, 1.0]])
    published, _ = mabac(x, [0.5, 0.5], maximize=[False, True])
    assert ranks(published) == [2, 1, 2]
    assert ranks(recipe(x, [0.5, 0.5], [False, True])) == [1, 3, 1]


def test_mabac_pymcdm_second_opinion():
    pymcdm = pytest.importorskip("pymcdm")
    np.testing.assert_allclose(mabac(FORKLIFT_X, FORKLIFT_W, maximize=FORKLIFT_MAX)[0],
                               pymcdm.methods.MABAC()(FORKLIFT_X, FORKLIFT_W, _pymcdm_types(FORKLIFT_MAX)),
                               atol=1e-12)


def test_mabac_constant_criterion_contributes_nothing_without_warnings():
    x = np.column_stack([FORKLIFT_X, np.full(7, 3.0)])
    w = np.append(FORKLIFT_W, 0.2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        score, extra = mabac(x, w / w.sum(), maximize=np.append(FORKLIFT_MAX, True))
    reference, _ = mabac(FORKLIFT_X, FORKLIFT_W / w.sum(), maximize=FORKLIFT_MAX)
    np.testing.assert_allclose(score, reference, atol=1e-12)
    assert extra["border_approximation_area"]["C11"] == pytest.approx(0.2 / w.sum())


# --- COPRAS -----------------------------------------------------------------------------------


def test_copras_podvezko_2011_variant_ii():
    """Podvezko (2011), The Comparative Analysis of MCDA Methods SAW and COPRAS, Inžinerinė ekonomika -
    Engineering Economics 22(2), 134-146: Table 7 (3 alternatives x 4 criteria, two benefits then two
    costs, Variant II) and Table 8 (S+, S-, Q to 3 decimals; ranks 3, 2, 1). Transcribed from a public
    method note ("copras.md", found by code search; it quotes the paper's PDF). Variant I is not used: the
    note reports its printed Q row repeats Variant II's and contradicts its own ranks."""
    x = np.array([[42, 19, 13, 110], [71, 18, 11, 200], [53, 20, 12, 149]], dtype=float)
    q, extra = copras(x, [0.26, 0.23, 0.24, 0.27], maximize=[True, True, False, False])
    assert [round(v, 3) for v in extra["S_plus"].values()] == [0.142, 0.184, 0.164]
    assert [round(v, 3) for v in extra["S_minus"].values()] == [0.151, 0.191, 0.168]
    assert [round(v, 3) for v in q] == [0.332, 0.334, 0.335]
    assert ranks(q) == [3, 2, 1]
    assert sum(q) == pytest.approx(1.0)  # sum_i Q_i = sum_j w_j (Podvezko 2011, Eq. 20)


def test_copras_kundakci_isik_2016():
    """Kundakcı & Işık (2016), utility degrees N / 100 to 4 decimals (source as for KUNDAKCI_N)."""
    q, extra = copras(KUNDAKCI_X, KUNDAKCI_W, maximize=KUNDAKCI_MAX)
    assert [round(v / 100, 4) for v in extra["utility_degree"].values()] == KUNDAKCI_N
    np.testing.assert_allclose(q / q.max() * 100, list(extra["utility_degree"].values()))


def test_copras_keshavarz_ghorabaee_2015_table7_ranks():
    """Keshavarz Ghorabaee et al. (2015), Table 7, COPRAS column: the ranks under all seven weight sets."""
    for weights, expected in zip(EDAS_T6_W, EDAS_T7_RANKS["copras"]):
        q, _ = copras(EDAS_T5_X, weights, maximize=EDAS_T5_MAX)
        assert ranks(q) == expected


def test_copras_pymcdm_is_wrong():
    """pymcdm 1.4.0's COPRAS computes Q = S+ + min(S-) S- / (S- min(S-)/S-), which is S+ + S-: the sums
    of the published formula are missing, so a large cost share raises Q. It misses the published
    Kundakcı & Işık utility degrees (which its own older test asserted) and the published Table 7 ranks
    of Keshavarz Ghorabaee et al. (2015); scikit-criteria's COPRAS, which we use, reproduces both. The
    published examples win."""
    pymcdm = pytest.importorskip("pymcdm")
    theirs = pymcdm.methods.COPRAS()(KUNDAKCI_X, KUNDAKCI_W, _pymcdm_types(KUNDAKCI_MAX))
    assert [round(v, 4) for v in theirs] != KUNDAKCI_N
    q, extra = copras(KUNDAKCI_X, KUNDAKCI_W, maximize=KUNDAKCI_MAX)
    s_plus, s_minus = (np.array(list(extra[k].values())) for k in ("S_plus", "S_minus"))
    np.testing.assert_allclose(theirs, (s_plus + s_minus) / (s_plus + s_minus).max(), rtol=1e-12)
    for weights, expected in zip(EDAS_T6_W, EDAS_T7_RANKS["copras"]):
        assert ranks(pymcdm.methods.COPRAS()(EDAS_T5_X, weights, _pymcdm_types(EDAS_T5_MAX))) != expected


def test_copras_without_costs_is_the_sum_normalized_weighted_sum():
    """Without `min` criteria Q = S+ (Podvezko 2011: COPRAS then reduces to SAW on sum-normalized
    scores). scikit-criteria's COPRAS refuses such data; ours takes S+ from its WeightedSumModel."""
    import skcriteria
    from skcriteria.agg.copras import COPRAS

    x = EDAS_T5_X[:, :3]
    w = np.array([0.5, 0.3, 0.2])
    q, extra = copras(x, w, maximize=[True] * 3)
    np.testing.assert_allclose(q, (x / x.sum(axis=0)) @ w, rtol=1e-12)
    assert set(extra["S_minus"].values()) == {0.0}
    with pytest.raises(ValueError):
        COPRAS().evaluate(skcriteria.mkdm(x, [1, 1, 1], weights=w))


def test_copras_refusals():
    x = np.array([[1.0, 2.0], [3.0, -1.0]])
    with pytest.raises(NotApplicable, match=r"scores must be >= 0: criterion 'C2' has -1"):
        copras(x, [0.5, 0.5], maximize=[True, False])
    x = np.array([[1.0, 2.0], [3.0, 0.0]])
    with pytest.raises(NotApplicable, match=r"'A2' scores 0 on all of them"):
        copras(x, [0.5, 0.5], maximize=[True, False])
    # an all-zero criterion has no shares and is left out
    q, _ = copras(np.array([[1.0, 2.0, 0.0], [3.0, 1.0, 0.0]]), [0.4, 0.4, 0.2], maximize=[True, False, False])
    np.testing.assert_allclose(q, copras(np.array([[1.0, 2.0], [3.0, 1.0]]), [0.4, 0.4], maximize=[True, False])[0])


# --- WASPAS -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lam", sorted(CHAKRABORTY_Q))
def test_waspas_chakraborty_zavadskas_antucheviciene_2015(lam):
    """Chakraborty, Zavadskas & Antucheviciene (2015), Example 2 (source as for CHAKRABORTY_Q): raw data
    with three cost criteria, Q for every printed lambda and the ranking. Tolerance 1e-4 rather than 5e-5:
    the paper aggregates its normalized matrix as rounded to 4 decimals (largest difference 5.8e-5)."""
    q, extra = waspas(CHAKRABORTY_X, CHAKRABORTY_W, maximize=CHAKRABORTY_MAX, lam=lam)
    np.testing.assert_allclose(q, CHAKRABORTY_Q[lam], atol=1e-4)
    assert ranks(q) == [6, 10, 8, 1, 5, 9, 7, 3, 2, 4]
    wsm, wpm_ = (np.array(list(extra[k].values())) for k in ("WSM", "WPM"))
    np.testing.assert_allclose(q, lam * wsm + (1 - lam) * wpm_, rtol=1e-12)


ZAVADSKAS_2012_X = np.array([
    [0.8486, 0.6364, 0.7982, 0.6707, 1.0000, 0.8534, 0.6622, 0.8618, 0.1432, 0.1585, 1.0000, 0.4531],
    [1.0000, 1.0000, 1.0000, 0.7976, 0.7000, 0.9005, 0.9324, 0.6788, 1.0000, 0.6500, 0.7270, 0.7346],
    [0.6542, 0.7000, 0.9169, 0.8951, 0.6000, 0.9791, 0.6216, 0.9479, 0.1340, 0.1585, 0.9795, 0.6728],
    [0.3694, 0.4375, 0.9407, 1.0000, 1.0000, 1.0000, 1.0000, 1.0000, 0.5478, 1.0000, 0.3754, 1.0000]])
ZAVADSKAS_2012_W = np.array([0.0627, 0.0508, 0.1114, 0.0874, 0.0625, 0.1183, 0.0784, 0.0984, 0.0530, 0.1417,
                             0.0798, 0.0557])
ZAVADSKAS_2012_Q = {  # Table 2, lambda -> Q (4 decimals)
    0.0: [0.4912, 0.8173, 0.5873, 0.8015], 0.5: [0.5516, 0.8233, 0.6423, 0.8268], 1.0: [0.6120, 0.8292, 0.6972, 0.8520],
}


def test_waspas_zavadskas_2012_table2():
    """Zavadskas, Turskis, Antucheviciene & Zakarevicius (2012), Optimization of Weighted Aggregated Sum
    Product Assessment, Elektronika ir Elektrotechnika 122(6), 3-6: Table 1 (4 alternatives x 12
    criteria, already normalized, entropy weights summing to 1.0001) and Table 2 (Q for lambda = 0, 0.5,
    1 used here). Transcribed from a public method note ("waspas.md", found by code search; it quotes the
    paper's PDF). As printed, alternative a1's x5 = 1.0000 cannot give a1's row of Table 2 (off by up to
    0.076); 0.1000, the note's reading of a typo, gives every value. Tolerance 5e-4: even the plain
    weighted sum (lambda = 1) of the printed 4-decimal table differs from Table 2 by up to 4e-4, so the
    paper aggregated unrounded values."""
    x = ZAVADSKAS_2012_X.copy()
    as_printed = waspas(x, ZAVADSKAS_2012_W, maximize=[True] * 12, lam=1.0)[0]
    assert abs(as_printed[0] - ZAVADSKAS_2012_Q[1.0][0]) > 0.05
    x[0, 4] = 0.1000
    for lam, expected in ZAVADSKAS_2012_Q.items():
        q, _ = waspas(x, ZAVADSKAS_2012_W, maximize=[True] * 12, lam=lam)
        np.testing.assert_allclose(q, expected, atol=5e-4)
        assert ranks(q) == ranks(expected)


def test_waspas_ends_are_wsm_and_wpm():
    """lambda = 1 is the weighted sum and lambda = 0 the weighted product of the linear-max normalized
    scores (min/x for costs); the product is WPM's score up to the normalizing constant."""
    x, w, mx = CHAKRABORTY_X, CHAKRABORTY_W, CHAKRABORTY_MAX
    r = np.where(mx, x / x.max(axis=0), x.min(axis=0) / x)
    np.testing.assert_allclose(waspas(x, w, maximize=mx, lam=1)[0], r @ w, rtol=1e-12)
    q0 = waspas(x, w, maximize=mx, lam=0)[0]
    np.testing.assert_allclose(q0, np.prod(r ** w, axis=1), rtol=1e-12)
    p = wpm(x, w, maximize=mx)[0]
    np.testing.assert_allclose(q0 / p, (q0 / p)[0], rtol=1e-12)


def test_waspas_pymcdm_second_opinion():
    pymcdm = pytest.importorskip("pymcdm")
    for lam in (0.0, 0.3, 0.5, 1.0):
        np.testing.assert_allclose(
            waspas(CHAKRABORTY_X, CHAKRABORTY_W, maximize=CHAKRABORTY_MAX, lam=lam)[0],
            pymcdm.methods.WASPAS(l=lam)(CHAKRABORTY_X, CHAKRABORTY_W, _pymcdm_types(CHAKRABORTY_MAX)),
            rtol=1e-12)


@pytest.mark.parametrize("value", [1.5, -0.1, "abc", float("nan"), True, None, "2"])
def test_waspas_lambda_outside_0_1_is_an_input_error(value):
    with pytest.raises(InputError, match=r"^parameters lambda: expected a number from 0 to 1, found "):
        waspas(CHAKRABORTY_X, CHAKRABORTY_W, maximize=CHAKRABORTY_MAX, lam=value)


@pytest.mark.parametrize("value, expected", [(0, 0.0), (1, 1.0), (0.25, 0.25), (" 0.3", 0.3), (np.float64(0.7), 0.7)])
def test_waspas_lambda_accepted(value, expected):
    assert check_lambda(value) == expected


def test_waspas_needs_positive_scores():
    x = CHAKRABORTY_X.copy()
    x[3, 1] = 0.0
    with pytest.raises(NotApplicable, match=r"WASPAS needs every score > 0: criterion 'C2' has 0 for 'A4'"):
        waspas(x, CHAKRABORTY_W, maximize=CHAKRABORTY_MAX)


# --- all six: the facade, the registry, imports ------------------------------------------------


def test_registry_lines():
    for method in OURS:
        spec = METHODS[method]
        module = spec.load()
        assert spec.module == method and spec.higher_is_better is True and hasattr(module, "evaluate")
    assert METHODS["waspas"].parameters == {"lambda": 0.5}
    assert all(not METHODS[m].parameters for m in OURS if m != "waspas")


@pytest.mark.parametrize("method", OURS)
def test_rank_through_the_facade(method):
    """rank() reaches each method with the study's weights; the JSON extra is serializable; the scores
    are the pure function's."""
    study = study_of(CHAKRABORTY_X, CHAKRABORTY_MAX, CHAKRABORTY_W)
    ranking = rank(study, method)
    expected, extra = FUNCTIONS[method](CHAKRABORTY_X, CHAKRABORTY_W, maximize=CHAKRABORTY_MAX,
                                        alternatives=study.alternative_names, criteria=study.criterion_names)
    np.testing.assert_allclose(ranking.scores, expected, rtol=1e-12)
    assert ranking.higher_is_better is True
    document = json.loads(json.dumps(ranking.to_dict()))
    assert document["extra"] == json.loads(json.dumps(plain(extra)))
    assert [row["alternative"] for row in document["ranking"]][0] == ranking.top


def test_waspas_lambda_through_the_facade():
    study = study_of(CHAKRABORTY_X, CHAKRABORTY_MAX, CHAKRABORTY_W)
    ranking = rank(study, "waspas", parameters={"lambda": 0.2})
    assert ranking.parameters == {"lambda": 0.2}
    np.testing.assert_allclose(ranking.scores, CHAKRABORTY_Q[0.2], atol=1e-4)
    assert rank(study, "waspas").parameters == {"lambda": 0.5}
    with pytest.raises(InputError, match=r"parameters lambda: expected a number from 0 to 1, found 'x'"):
        rank(study, "waspas", parameters={"lambda": "x"})


def test_not_applicable_becomes_an_input_error_naming_the_criterion():
    x = CHAKRABORTY_X.copy()
    x[0, 2] = 0.0
    study = study_of(x, CHAKRABORTY_MAX, CHAKRABORTY_W)
    with pytest.raises(InputError, match=r"method wpm: cannot rank this study: WPM needs every score > 0: "
                                         r"criterion 'C3' has 0 for 'A1'"):
        rank(study, "wpm")


@pytest.mark.parametrize("method", OURS)
def test_shipped_studies(method):
    """Every method ranks the shipped scenarios study; on the variants study, whose baseline scores 0 on
    three criteria, WPM and WASPAS refuse, naming the criteria, and the others rank."""
    from pathlib import Path

    from decision.workbook.read import read_study

    root = Path(__file__).resolve().parents[1] / "criteria"
    scenarios = read_study(root / "settlement_scenarios.xlsx", needs=("ranking",))
    assert np.all(np.isfinite(rank(scenarios, method).scores))
    variants = read_study(root / "settlement_variants.xlsx", needs=("ranking",))
    if method in ("wpm", "waspas"):
        with pytest.raises(InputError, match=r"criterion 'Consent required' has 0 for "):
            rank(variants, method)
    else:
        assert np.all(np.isfinite(rank(variants, method).scores))


@pytest.mark.parametrize("method", OURS)
def test_importing_a_method_does_not_import_skcriteria(method):
    """`import skcriteria` takes seconds: the modules import it inside the function only."""
    code = f"import sys, decision.methods.{method}; print('skcriteria' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_no_warnings_on_ordinary_data():
    """Warnings handled on purpose are silenced narrowly; ordinary data raises none at all."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for method, function in FUNCTIONS.items():
            scores, _ = function(FORKLIFT_X, FORKLIFT_W, maximize=FORKLIFT_MAX)
            assert np.all(np.isfinite(scores)), method

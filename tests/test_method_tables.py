"""Each method's working (issue 12, item 2): the named intermediate tables every ranking method
returns in `extra["tables"]` (decision/tables.py), and their JSON form.

Two kinds of evidence, as in the other method tests (DESIGN.md, "Ground truth for a method"):

1. the intermediate figures of a published worked example, where tests/test_methods_batched.py or
   tests/test_methods_skcriteria.py already transcribes one (the data are imported from there; each
   docstring cites the table or page and says where the numbers were transcribed from);
2. on several random problems, recomputing the score from the tables gives the method's score
   (e.g. TOPSIS closeness = D- / (D+ + D-)), and where a module computes a figure itself because
   scikit-criteria does not expose it, the figure reproduces the library's score.

The tables are built through the facade (`rank`, i.e. each module's `evaluate`), never by the
batched functions that robustness samples with: a test runs those in a fresh interpreter and finds
pandas not imported.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys

import numpy as np
import pytest

from decision.methods._batch import plain
from decision.methods.registry import METHODS
from decision.tables import Table, matrix, per_alternative, per_criterion
from decision.model import Alternative, Criterion, Study
from decision.ranking import rank
from decision.weights import Weights
from tests.test_methods_batched import OPRICOVIC_TZENG_2007, OPRICOVIC_TZENG_2007_CASES, OPRICOVIC_TZENG_2007_MAXIMIZE

SEEDS = range(6)  # random problems per method
WITH_TABLES = tuple(METHODS)  # every method returns its working


def study_of(scores, maximize, *, alternatives=None, criteria=None, **fields) -> Study:
    """A Study over `scores` (alternatives A1.., criteria C1.. unless named); `fields` per criterion
    (low=[...], preference=[...], ...)."""
    scores = np.asarray(scores, dtype=float)
    m, n = scores.shape
    alternatives = alternatives or [f"A{i + 1}" for i in range(m)]
    criteria = criteria or [f"C{j + 1}" for j in range(n)]
    return Study(
        name="tables",
        alternatives=tuple(Alternative(a) for a in alternatives),
        criteria=tuple(Criterion(criteria[j], "max" if maximize[j] else "min", 1.0,
                                 **{key: values[j] for key, values in fields.items()}) for j in range(n)),
        scores=scores,
    )


def ranked(study: Study, method: str, weights, **parameters):
    """rank() with the given weights (normalized to sum 1, as the facade's weights do)."""
    w = np.asarray(weights, dtype=float)
    return rank(study, method, weights=Weights("given", tuple(study.criterion_names), w / w.sum()),
                parameters=parameters or None)


def random_problem(seed: int, *, all_max: bool = False):
    """(study, weights): 3-7 alternatives, 2-5 criteria, positive scores, both directions."""
    rng = np.random.default_rng(seed)
    m, n = int(rng.integers(3, 8)), int(rng.integers(2, 6))
    x = rng.uniform(1, 100, (m, n))
    maximize = np.ones(n, dtype=bool) if all_max else rng.random(n) < 0.5
    if not all_max and maximize.all():
        maximize[0] = False
    if not all_max and not maximize.any():
        maximize[0] = True
    return study_of(x, maximize), rng.dirichlet(np.ones(n))


def tables_of(ranking) -> dict[str, Table]:
    tables = ranking.extra["tables"]
    assert all(isinstance(t, Table) for t in tables.values())
    return tables


def column(t: Table) -> np.ndarray:
    """The one column of a per-alternative table."""
    assert t.frame.shape[1] == 1
    return t.frame.to_numpy()[:, 0]


def row(t: Table) -> np.ndarray:
    """The one row of a per-criterion table."""
    assert t.frame.shape[0] == 1
    return t.frame.to_numpy()[0]


def assert_shapes(ranking, study: Study, expected: dict[str, str]) -> None:
    """The tables are exactly `expected` (name -> 'matrix', 'alternative' or 'criterion'), in that
    order, labelled with the study's alternatives and criteria."""
    tables = tables_of(ranking)
    assert list(tables) == list(expected)
    alternatives, criteria = list(study.alternative_names), list(study.criterion_names)
    for name, kind in expected.items():
        frame = tables[name].frame
        assert tables[name].caption
        if kind == "matrix":
            assert list(frame.index) == alternatives and list(frame.columns) == criteria, name
        elif kind == "alternative":
            assert list(frame.index) == alternatives and frame.shape[1] == 1, name
        else:
            assert frame.shape[0] == 1 and list(frame.columns) == criteria, name


# =============================================================================================
# The Table type and its JSON form
# =============================================================================================

def test_a_table_is_pandas_split_orientation_with_its_caption():
    t = matrix("two by two", [[1.0, 2.5], [3.0, -4.0]], ["a", "b"], ["x", "y"])
    assert t.to_dict() == {"caption": "two by two", "index": ["a", "b"], "columns": ["x", "y"],
                           "data": [[1.0, 2.5], [3.0, -4.0]]}
    split = t.frame.to_dict(orient="split")
    assert {k: split[k] for k in ("index", "columns", "data")} == {k: t.to_dict()[k] for k in ("index", "columns", "data")}
    assert per_alternative("c", "S", [0.5, 0.25], ["a", "b"]).to_dict()["data"] == [[0.5], [0.25]]
    assert per_criterion("c", "AV", [1, 2, 3], ["x", "y", "z"]).to_dict() == {
        "caption": "c", "index": ["AV"], "columns": ["x", "y", "z"], "data": [[1.0, 2.0, 3.0]]}


def test_no_nan_or_infinity_reaches_json():
    t = matrix("undefined ratios", [[math.nan, math.inf], [-math.inf, 1.0]], ["a", "b"], ["x", "y"])
    document = plain({"tables": {"t": t}, "S": {"a": 1.0}})
    assert document["tables"]["t"]["data"] == [[None, None], [None, 1.0]]
    text = json.dumps(document, allow_nan=False)  # would raise on NaN or infinity
    assert all(type(v) in (float, type(None)) for r in json.loads(text)["tables"]["t"]["data"] for v in r)


def test_every_shipped_method_returns_its_tables_in_the_json(tmp_path):
    """`rank --json` carries extra.tables.<name> = {caption, index, columns, data} for every method
    that ranks the study (WSM refuses its 'min' criteria), within the document the command prints."""
    from tests.golden import run
    from tests.workbooks import base

    workbook = base(tmp_path)
    ranked_by = []
    for method in WITH_TABLES:
        record = run(["rank", str(workbook), "--method", method, "--json"])
        if record["exit"] != 0:
            continue
        ranked_by.append(method)
        document = record["stdout"]
        alternatives = {r["alternative"] for r in document["ranking"]}
        tables = document["extra"]["tables"]
        assert tables, method
        for name, t in tables.items():
            assert list(t) == ["caption", "index", "columns", "data"], (method, name)
            assert len(t["data"]) == len(t["index"]) and all(len(r) == len(t["columns"]) for r in t["data"])
            assert set(t["index"]) == alternatives or len(t["index"]) == 1, (method, name)
    assert len(ranked_by) >= len(WITH_TABLES) - 1


def test_the_batched_functions_build_no_tables():
    """Sampling calls the batched functions only: they return arrays and never import pandas, so
    SMAA's speed does not change."""
    code = """
import sys
import numpy as np
from decision.methods.registry import METHODS
x = np.random.default_rng(0).uniform(1, 9, (5, 3))
w = np.full((4, 3), 1 / 3)
for spec in METHODS.values():
    module = spec.load()
    if module.BATCHED:
        kwargs = {"maximize": np.array([True, False, True])}
        if spec.id == "mavt":
            kwargs.update(low=x.min(axis=0), high=x.max(axis=0))
        if spec.id == "wsm":
            kwargs["maximize"] = np.ones(3, dtype=bool)
        out = module.batched(x, w, **kwargs)
        assert isinstance(out, np.ndarray) and out.shape == (4, 5), spec.id
print("pandas" in sys.modules)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


# =============================================================================================
# MAVT: partial values and contributions
# =============================================================================================

MAVT = {"values": "matrix", "contributions": "matrix"}


def test_mavt_goodwin_wright_addison_square():
    """Goodwin & Wright, Decision Analysis for Management Judgment, ch. 3 (SMART), office-location
    example, the table of Addison Square's values on p. 44 (source as in
    tests/test_methods_batched.py, test_mavt_goodwin_wright_addison_square): values 100, 60, 100,
    75, 0, 90 on 0..100 scales, weights 32, 26, 23, 10, 6, 3 (per cent); value x weight summed 8080,
    "80.8". The partial values are the printed values over 100, the contributions value x weight
    over 100 x 100, and they sum to 0.808."""
    printed_values = np.array([100, 60, 100, 75, 0, 90], dtype=float)
    weights = np.array([32, 26, 23, 10, 6, 3], dtype=float)
    study = study_of([printed_values], [True] * 6, alternatives=["Addison Square"], low=[0] * 6, high=[100] * 6)
    result = ranked(study, "mavt", weights)
    assert_shapes(result, study, MAVT)
    t = tables_of(result)
    np.testing.assert_allclose(t["values"].frame.to_numpy()[0] * 100, printed_values, atol=1e-12)
    np.testing.assert_allclose(t["contributions"].frame.to_numpy()[0] * 10_000, printed_values * weights, atol=1e-9)
    assert t["contributions"].frame.to_numpy().sum() * 10_000 == pytest.approx(8080, abs=1e-9)


@pytest.mark.parametrize("case", sorted(OPRICOVIC_TZENG_2007_CASES))
def test_mavt_opricovic_tzeng_2007_contributions_sum_to_one_minus_s(case):
    """Opricovic & Tzeng (2007), EJOR 178(2), 514-529, numerical example, weight sets W1..W4 (S
    printed to 3 decimals; transcribed as in tests/test_methods_batched.py): over the observed range
    the overall value is 1 - S, so each row of contributions sums to 1 - S as printed, and the partial
    values are 1 - (f*_j - f_ij) / (f*_j - f-_j)."""
    raw, _, s_printed, _, _ = OPRICOVIC_TZENG_2007_CASES[case]
    x = OPRICOVIC_TZENG_2007
    study = study_of(x, OPRICOVIC_TZENG_2007_MAXIMIZE)
    t = tables_of(ranked(study, "mavt", raw))
    np.testing.assert_allclose(t["contributions"].frame.sum(axis=1), 1 - np.array(s_printed), atol=0.0005 + 1e-12)
    mx = np.array(OPRICOVIC_TZENG_2007_MAXIMIZE)
    best, worst = np.where(mx, x.max(axis=0), x.min(axis=0)), np.where(mx, x.min(axis=0), x.max(axis=0))
    np.testing.assert_allclose(t["values"].frame, 1 - (best - x) / (best - worst), atol=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_mavt_score_is_the_row_sum_of_the_contributions(seed):
    study, w = random_problem(seed)
    result = ranked(study, "mavt", w)
    assert_shapes(result, study, MAVT)
    t = tables_of(result)
    np.testing.assert_allclose(t["contributions"].frame.sum(axis=1), result.scores, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(t["contributions"].frame, t["values"].frame * result.weights.values, rtol=1e-15)
    assert ((t["values"].frame >= 0) & (t["values"].frame <= 1)).all().all()


# =============================================================================================
# WSM and SAW: normalized and weighted matrices
# =============================================================================================

SUMS = {"normalized": "matrix", "weighted": "matrix"}


def test_wsm_triantaphyllou_2000_weighted_rows_sum_to_the_printed_scores():
    """Triantaphyllou (2000), ch. 2, the WSM numerical example (source as in
    tests/test_methods_batched.py, test_wsm_triantaphyllou_2000_numerical_example): the weighted
    matrix's rows sum to the printed 21.50, 22.00, 22.00; WSM's normalized matrix is the raw one."""
    scores = np.array([[25, 20, 15, 30], [10, 30, 20, 30], [30, 10, 30, 10]], dtype=float)
    weights = np.array([0.20, 0.15, 0.40, 0.25])
    study = study_of(scores, [True] * 4)
    result = ranked(study, "wsm", weights)
    assert_shapes(result, study, SUMS)
    t = tables_of(result)
    np.testing.assert_array_equal(t["normalized"].frame, scores)
    np.testing.assert_allclose(t["weighted"].frame.sum(axis=1), [21.50, 22.00, 22.00], atol=0.005)


@pytest.mark.parametrize("seed", SEEDS)
def test_wsm_score_is_the_row_sum_of_the_weighted_matrix(seed):
    study, w = random_problem(seed, all_max=True)
    result = ranked(study, "wsm", w)
    assert_shapes(result, study, SUMS)
    t = tables_of(result)
    np.testing.assert_allclose(t["weighted"].frame.sum(axis=1), result.scores, rtol=1e-12)
    np.testing.assert_allclose(t["weighted"].frame, t["normalized"].frame * result.weights.values, rtol=1e-15)


def test_saw_chakraborty_zavadskas_antucheviciene_2015_example_2():
    """Chakraborty, Zavadskas & Antucheviciene (2015), Example 2 (source as in
    tests/test_methods_batched.py, test_saw_chakraborty_zavadskas_antucheviciene_2015_example_2):
    the weighted matrix's rows sum to the printed SAW scores (WASPAS at lambda = 1, 4 decimals, one
    unit of the fourth decimal allowed as there); the best alternative of each criterion has
    normalized value 1."""
    from tests.test_methods_skcriteria import CHAKRABORTY_MAX, CHAKRABORTY_Q, CHAKRABORTY_W, CHAKRABORTY_X

    study = study_of(CHAKRABORTY_X, CHAKRABORTY_MAX)
    result = ranked(study, "saw", CHAKRABORTY_W)
    assert_shapes(result, study, SUMS)
    t = tables_of(result)
    np.testing.assert_allclose(t["weighted"].frame.sum(axis=1), CHAKRABORTY_Q[1.0], atol=1e-4 + 1e-12)
    np.testing.assert_allclose(t["normalized"].frame.max(axis=0), 1.0, rtol=1e-15)


@pytest.mark.parametrize("seed", SEEDS)
def test_saw_score_is_the_row_sum_of_the_weighted_matrix(seed):
    study, w = random_problem(seed)
    result = ranked(study, "saw", w)
    assert_shapes(result, study, SUMS)
    t = tables_of(result)
    np.testing.assert_allclose(t["weighted"].frame.sum(axis=1), result.scores, rtol=1e-12)
    np.testing.assert_allclose(t["weighted"].frame, t["normalized"].frame * result.weights.values, rtol=1e-15)
    x, mx = study.scores, study.maximize
    np.testing.assert_allclose(t["normalized"].frame, np.where(mx, x / x.max(axis=0), x.min(axis=0) / x), rtol=1e-15)


# =============================================================================================
# TOPSIS: weighted matrix, ideal, anti-ideal, D+ and D-
# =============================================================================================

TOPSIS = {"weighted": "matrix", "ideal": "criterion", "anti_ideal": "criterion", "D_plus": "alternative",
          "D_minus": "alternative"}


def test_topsis_tzeng_huang_2011_closeness_from_the_distances():
    """Tzeng & Huang (2011), Multiple Attribute Decision Making: Methods and Applications, the TOPSIS
    example (source as in tests/test_methods_batched.py, test_topsis_tzeng_huang_2011_example): only
    the closeness is transcribed (0.5037, 0.6581, 0.7482, 0.3340, 4 decimals); D- / (D+ + D-) from the
    tables gives it, and the ideal and anti-ideal are the columns' best and worst weighted values."""
    scores = np.array([[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]], dtype=float)
    study = study_of(scores, [True] * 3)
    result = ranked(study, "topsis", [0.3, 0.4, 0.3])
    assert_shapes(result, study, TOPSIS)
    t = tables_of(result)
    d_plus, d_minus = column(t["D_plus"]), column(t["D_minus"])
    np.testing.assert_allclose(d_minus / (d_plus + d_minus), [0.5037, 0.6581, 0.7482, 0.3340], atol=0.00005 + 1e-12)
    v = t["weighted"].frame.to_numpy()
    np.testing.assert_allclose(v, scores / np.sqrt((scores ** 2).sum(axis=0)) * [0.3, 0.4, 0.3], rtol=1e-12)
    np.testing.assert_array_equal(row(t["ideal"]), v.max(axis=0))
    np.testing.assert_array_equal(row(t["anti_ideal"]), v.min(axis=0))


@pytest.mark.parametrize("seed", SEEDS)
def test_topsis_closeness_is_d_minus_over_d_plus_and_d_minus(seed):
    study, w = random_problem(seed)
    result = ranked(study, "topsis", w)
    assert_shapes(result, study, TOPSIS)
    t = tables_of(result)
    d_plus, d_minus = column(t["D_plus"]), column(t["D_minus"])
    np.testing.assert_allclose(d_minus / (d_plus + d_minus), result.scores, rtol=1e-12)
    v, mx = t["weighted"].frame.to_numpy(), study.maximize
    np.testing.assert_array_equal(row(t["ideal"]), np.where(mx, v.max(axis=0), v.min(axis=0)))
    np.testing.assert_array_equal(row(t["anti_ideal"]), np.where(mx, v.min(axis=0), v.max(axis=0)))
    np.testing.assert_allclose(d_plus, np.sqrt(((v - row(t["ideal"])) ** 2).sum(axis=1)), rtol=1e-12)
    np.testing.assert_allclose(d_minus, np.sqrt(((v - row(t["anti_ideal"])) ** 2).sum(axis=1)), rtol=1e-12)


# =============================================================================================
# VIKOR: S, R and Q
# =============================================================================================

VIKOR = {"S": "alternative", "R": "alternative", "Q": "alternative"}


def q_from(s, r, v):
    """Q_i = v (S_i - S*) / (S- - S*) + (1 - v) (R_i - R*) / (R- - R*) (Opricovic & Tzeng 2004, step 4)."""
    return v * (s - s.min()) / (s.max() - s.min()) + (1 - v) * (r - r.min()) / (r.max() - r.min())


def test_vikor_opricovic_tzeng_2004_numerical_example():
    """Opricovic & Tzeng (2004), EJOR 156(2), 445-455, the numerical example (source as in
    tests/test_methods_batched.py, test_vikor_opricovic_tzeng_2004_numerical_example): S = 0.5,
    0.375, 0.5; R = 0.5, 0.25, 0.5; Q = 1, 0, 1 at v = 0.5."""
    study = study_of([[1, 3000], [2, 3750], [5, 4500]], [False, True])
    result = ranked(study, "vikor", [1, 1])
    assert_shapes(result, study, VIKOR)
    t = tables_of(result)
    np.testing.assert_allclose(column(t["S"]), [0.5, 0.375, 0.5], atol=1e-12)
    np.testing.assert_allclose(column(t["R"]), [0.5, 0.25, 0.5], atol=1e-12)
    np.testing.assert_allclose(column(t["Q"]), [1.0, 0.0, 1.0], atol=1e-12)


@pytest.mark.parametrize("case", sorted(OPRICOVIC_TZENG_2007_CASES))
def test_vikor_opricovic_tzeng_2007_weight_sets_w1_to_w4(case):
    """Opricovic & Tzeng (2007), EJOR 178(2), 514-529, numerical example (source as in
    tests/test_methods_batched.py): R, S and Q printed to 3 decimals for each weight set, v = 0.5."""
    raw, r_printed, s_printed, q_printed, _ = OPRICOVIC_TZENG_2007_CASES[case]
    t = tables_of(ranked(study_of(OPRICOVIC_TZENG_2007, OPRICOVIC_TZENG_2007_MAXIMIZE), "vikor", raw))
    for name, printed in (("R", r_printed), ("S", s_printed), ("Q", q_printed)):
        np.testing.assert_allclose(column(t[name]), printed, atol=0.0005 + 1e-12, err_msg=name)


@pytest.mark.parametrize("seed", SEEDS)
def test_vikor_q_from_s_and_r(seed):
    study, w = random_problem(seed)
    v = float(np.random.default_rng(seed).uniform())
    result = ranked(study, "vikor", w, v=v)
    assert_shapes(result, study, VIKOR)
    t = tables_of(result)
    np.testing.assert_array_equal(column(t["Q"]), result.scores)
    np.testing.assert_allclose(q_from(column(t["S"]), column(t["R"]), v), result.scores, rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(column(t["S"]), list(result.extra["S"].values()))
    assert f"v = {v:g}" in t["Q"].caption


# =============================================================================================
# PROMETHEE II: leaving, entering and net flows
# =============================================================================================

PROMETHEE = {"leaving": "alternative", "entering": "alternative", "net": "alternative"}


def test_promethee2_brans_vincke_1985_hydroelectric_flows():
    """Brans & Vincke (1985), Management Science 31(6), 647-656, the hydroelectric example (source and
    thresholds as in tests/test_methods_batched.py, BRANS_VINCKE_1985): the paper prints the flows as
    plain sums of pi rounded to 3 decimals (not divided by m - 1): leaving 1.099, 1.980, 1.234, 1.644,
    2.274, 1.500; entering 1.827, 1.895, 1.681, 1.746, 0.808, 1.774. Ours are divided by m - 1 = 5;
    times 5 they agree to 5 x 0.0005 (the rounding of the printed pi)."""
    from tests.test_methods_batched import BRANS_VINCKE_1985 as e

    study = study_of(e["scores"], e["maximize"], preference=e["preference"], q=e["q"], p=e["p"], s=e["s"])
    result = ranked(study, "promethee2", np.ones(6))
    assert_shapes(result, study, PROMETHEE)
    t = tables_of(result)
    np.testing.assert_allclose(column(t["leaving"]) * 5, [1.099, 1.980, 1.234, 1.644, 2.274, 1.500], atol=0.0025 + 1e-12)
    np.testing.assert_allclose(column(t["entering"]) * 5, [1.827, 1.895, 1.681, 1.746, 0.808, 1.774], atol=0.0025 + 1e-12)
    assert [f"A{i + 1}" for i in np.argsort(-column(t["net"]))] == ["A5", "A2", "A4", "A6", "A3", "A1"]


def test_promethee2_papathanasiou_ploskas_2018_net_flows():
    """Papathanasiou & Ploskas (2018), ch. 3 (PROMETHEE, pp. 57-89), the chapter's example (source as in
    tests/test_methods_batched.py, test_promethee2_papathanasiou_ploskas_2018_chapter_3_example): net
    flows -0.26, -0.52, -0.22, 0.36, 0.70, -0.06 to 2 decimals, here as leaving - entering."""
    scores = [[8, 7, 2, 1], [5, 3, 7, 5], [7, 5, 6, 4], [9, 9, 7, 3], [11, 10, 3, 7], [6, 9, 5, 4]]
    study = study_of(scores, [True] * 4, preference=["linear"] * 4, q=[1] * 4, p=[2] * 4)
    t = tables_of(ranked(study, "promethee2", [0.4, 0.3, 0.1, 0.2]))
    np.testing.assert_allclose(column(t["leaving"]) - column(t["entering"]), [-0.26, -0.52, -0.22, 0.36, 0.70, -0.06],
                               atol=0.005)


@pytest.mark.parametrize("seed", SEEDS)
def test_promethee2_net_is_leaving_minus_entering(seed):
    """Every preference function, thresholds on a grid of 1/2 (differences at q or p occur): the net
    flow is leaving - entering and is the score; leaving and entering equal the plain pairwise sums of
    pi(a, b) = sum_j w_j P_j(a, b) (tests/test_methods_batched.py's `preference`)."""
    from decision.methods.promethee2 import FUNCTIONS
    from tests.test_methods_batched import preference

    rng = np.random.default_rng(seed)
    m, n = int(rng.integers(2, 9)), len(FUNCTIONS)
    x = rng.integers(0, 12, (m, n)) / 2
    maximize = rng.random(n) < 0.5
    q = rng.integers(0, 3, n) / 2
    p = q + rng.integers(1, 4, n) / 2
    s = rng.integers(1, 4, n) / 2
    study = study_of(x, maximize, preference=list(FUNCTIONS), q=list(q), p=list(p), s=list(s))
    w = rng.dirichlet(np.ones(n))
    result = ranked(study, "promethee2", w)
    assert_shapes(result, study, PROMETHEE)
    t = tables_of(result)
    leaving, entering, net = column(t["leaving"]), column(t["entering"]), column(t["net"])
    np.testing.assert_array_equal(net, result.scores)
    np.testing.assert_allclose(leaving - entering, net, rtol=0, atol=1e-12)
    pi = np.zeros((m, m))
    for j, function in enumerate(FUNCTIONS):
        g = x[:, j] if maximize[j] else -x[:, j]
        pi += w[j] * preference(g[:, None] - g[None, :], function, q=q[j], p=p[j], s=s[j])
    np.testing.assert_allclose(leaving, pi.sum(axis=1) / (m - 1), rtol=0, atol=1e-12)
    np.testing.assert_allclose(entering, pi.sum(axis=0) / (m - 1), rtol=0, atol=1e-12)


# =============================================================================================
# WPM: weighted factors (computed in the module: scikit-criteria gives only a log10 sum)
# =============================================================================================

def test_wpm_triantaphyllou_2000_ratios_from_the_factors():
    """Triantaphyllou (2000), ch. 2, the WPM numerical example (source as in
    tests/test_methods_skcriteria.py, test_wpm_triantaphyllou_2000): printed ratios P(A1/A2) = 1.007,
    P(A1/A3) = 1.067, P(A2/A3) = 1.059, the products of the factors' ratios."""
    from tests.test_methods_skcriteria import TRIANTAPHYLLOU_W, TRIANTAPHYLLOU_X

    study = study_of(TRIANTAPHYLLOU_X, [True] * 4)
    result = ranked(study, "wpm", TRIANTAPHYLLOU_W)
    assert_shapes(result, study, {"factors": "matrix"})
    p = tables_of(result)["factors"].frame.prod(axis=1).to_numpy()
    assert [round(p[0] / p[1], 3), round(p[0] / p[2], 3), round(p[1] / p[2], 3)] == [1.007, 1.067, 1.059]


@pytest.mark.parametrize("seed", SEEDS)
def test_wpm_product_of_the_factors_is_the_library_score(seed):
    """The factors come from the definition; their product reproduces the score, which is 10 ** the
    log10 sum scikit-criteria's WeightedProductModel returns."""
    study, w = random_problem(seed)
    result = ranked(study, "wpm", w)
    assert_shapes(result, study, {"factors": "matrix"})
    factors = tables_of(result)["factors"].frame
    np.testing.assert_allclose(factors.prod(axis=1), result.scores, rtol=1e-12)
    np.testing.assert_allclose(np.log10(factors).sum(axis=1), list(result.extra["log10_product"].values()),
                               rtol=1e-12, atol=1e-12)


# =============================================================================================
# MOORA: normalized matrix, benefit and cost sums (computed in the module: scikit-criteria gives y)
# =============================================================================================

MOORA = {"normalized": "matrix", "benefit_sum": "alternative", "cost_sum": "alternative"}


def test_moora_brauers_zavadskas_2010_and_siregar_2021():
    """Brauers & Zavadskas (2010), Appendix C, Table 2 (the unweighted ratio system, y = 2.93480,
    2.723, 2.698) and Siregar et al. (2021) (weighted, y to 4 decimals), sources as in
    tests/test_methods_skcriteria.py: benefit sum - cost sum gives the printed y (the facade's equal
    weights 1/9 give the unweighted y divided by 9)."""
    from tests.test_methods_skcriteria import BRAUERS_MAX, BRAUERS_X, SIREGAR_MAX, SIREGAR_W, SIREGAR_X

    study = study_of(BRAUERS_X, BRAUERS_MAX)
    result = ranked(study, "moora", np.ones(9))
    assert_shapes(result, study, MOORA)
    t = tables_of(result)
    y = (column(t["benefit_sum"]) - column(t["cost_sum"])) * 9
    assert round(y[0], 5) == 2.93480 and [round(v, 3) for v in y[1:]] == [2.723, 2.698]
    t = tables_of(ranked(study_of(SIREGAR_X, SIREGAR_MAX), "moora", SIREGAR_W))
    y = column(t["benefit_sum"]) - column(t["cost_sum"])
    assert [round(v, 4) for v in y] == [0.1801, 0.2345, 0.0625, 0.1757, 0.1683, 0.0742, 0.1197]


@pytest.mark.parametrize("seed", SEEDS)
def test_moora_benefit_minus_cost_sum_is_the_library_score(seed):
    """The tables come from the definition; benefit sum - cost sum reproduces scikit-criteria's
    RatioMOORA score."""
    study, w = random_problem(seed)
    result = ranked(study, "moora", w)
    assert_shapes(result, study, MOORA)
    t = tables_of(result)
    np.testing.assert_allclose(column(t["benefit_sum"]) - column(t["cost_sum"]), result.scores, rtol=1e-12, atol=1e-15)
    x = study.scores
    np.testing.assert_allclose(t["normalized"].frame, x / np.sqrt((x ** 2).sum(axis=0)), rtol=1e-15)


def test_moora_an_all_zero_criterion_has_no_ratios_null_in_json():
    study = study_of([[1.0, 0.0, 3.0], [2.0, 0.0, 1.0]], [True, False, False])
    result = ranked(study, "moora", [0.4, 0.2, 0.4])
    document = json.loads(json.dumps(result.to_dict(), allow_nan=False))
    assert [r[1] for r in document["extra"]["tables"]["normalized"]["data"]] == [None, None]
    t = tables_of(result)
    np.testing.assert_allclose(column(t["benefit_sum"]) - column(t["cost_sum"]), result.scores, rtol=1e-12)


# =============================================================================================
# EDAS: AV, PDA, NDA, SP, SN, NSP, NSN (computed in the module: scikit-criteria gives AS)
# =============================================================================================

EDAS = {"AV": "criterion", "PDA": "matrix", "NDA": "matrix", "SP": "alternative", "SN": "alternative",
        "NSP": "alternative", "NSN": "alternative"}


def test_edas_keshavarz_ghorabaee_2015_tables_1_and_2():
    """Keshavarz Ghorabaee et al. (2015), Informatica 26(3), 435-451, the inventory example (source as in
    tests/test_methods_skcriteria.py, test_edas_keshavarz_ghorabaee_2015_table2): Table 1's averages
    AV = 54.44, 1099.68, 3.91 (2 decimals), and Table 2's appraisal scores (2 decimals) as
    (NSP + NSN) / 2 to 0.0055 (the two SKUs the paper rounds differently, as there)."""
    from tests.test_methods_skcriteria import EDAS_T1_X, EDAS_T2_AS

    study = study_of(EDAS_T1_X, [True] * 3)
    result = ranked(study, "edas", np.ones(3))
    assert_shapes(result, study, EDAS)
    t = tables_of(result)
    assert [round(v, 2) for v in row(t["AV"])] == [54.44, 1099.68, 3.91]
    np.testing.assert_allclose((column(t["NSP"]) + column(t["NSN"])) / 2, EDAS_T2_AS, atol=0.0055)


def test_edas_yazdani_2020():
    """Yazdani et al. (2020), 5 alternatives x 8 criteria, appraisal scores to 3 decimals (source as in
    tests/test_methods_skcriteria.py, test_edas_yazdani_2020), as (NSP + NSN) / 2."""
    from tests.test_methods_skcriteria import YAZDANI_MAX, YAZDANI_W, YAZDANI_X

    t = tables_of(ranked(study_of(YAZDANI_X, YAZDANI_MAX), "edas", YAZDANI_W))
    assert [round(v, 3) for v in (column(t["NSP"]) + column(t["NSN"])) / 2] == [0.841, 0.632, 0.883, 0.457, 0.104]


@pytest.mark.parametrize("seed", SEEDS)
def test_edas_appraisal_score_from_nsp_and_nsn_is_the_library_score(seed):
    """The tables come from the definition; (NSP + NSN) / 2 reproduces scikit-criteria's EDAS score, and
    each step follows from the one before."""
    study, w = random_problem(seed)
    result = ranked(study, "edas", w)
    assert_shapes(result, study, EDAS)
    t = tables_of(result)
    np.testing.assert_allclose((column(t["NSP"]) + column(t["NSN"])) / 2, result.scores, rtol=1e-12, atol=1e-15)
    w = result.weights.values
    np.testing.assert_allclose(column(t["SP"]), t["PDA"].frame.to_numpy() @ w, rtol=1e-15)
    np.testing.assert_allclose(column(t["SN"]), t["NDA"].frame.to_numpy() @ w, rtol=1e-15)
    np.testing.assert_allclose(row(t["AV"]), study.scores.mean(axis=0), rtol=1e-15)
    assert ((t["PDA"].frame == 0) | (t["NDA"].frame == 0)).all().all()  # never both sides of the average


def test_edas_all_alike_nsp_0_nsn_1():
    t = tables_of(ranked(study_of(np.ones((3, 2)), [True, False]), "edas", [0.5, 0.5]))
    assert column(t["NSP"]).tolist() == [0.0] * 3 and column(t["NSN"]).tolist() == [1.0] * 3


# =============================================================================================
# MABAC: weighted matrix V, border area G, distances Q
# =============================================================================================

MABAC = {"V": "matrix", "G": "criterion", "Q": "matrix"}


def test_mabac_pamucar_cirovic_2015_forklift():
    """Pamučar & Ćirović (2015), Expert Systems with Applications 42(6), the forklift example (source
    as in tests/test_methods_skcriteria.py, FORKLIFT_G and FORKLIFT_S): the border approximation area g
    and the criterion function S (the row sums of Q), both to the 4 printed decimals."""
    from tests.test_methods_skcriteria import FORKLIFT_G, FORKLIFT_MAX, FORKLIFT_S, FORKLIFT_W, FORKLIFT_X

    study = study_of(FORKLIFT_X, FORKLIFT_MAX)
    result = ranked(study, "mabac", FORKLIFT_W)
    assert_shapes(result, study, MABAC)
    t = tables_of(result)
    assert [round(v, 4) for v in row(t["G"])] == FORKLIFT_G
    assert [round(v, 4) for v in t["Q"].frame.sum(axis=1)] == FORKLIFT_S


def test_mabac_biswas_das_2018():
    """Biswas & Das (2018), Management Science Letters 8, 121-130 (source as in
    tests/test_methods_skcriteria.py, test_mabac_biswas_das_2018): Table 5 (g) and Table 7 (S) to 1e-8;
    the weights are Table 4's, where t = 0 and v = w, so the worst alternative of each criterion has v = w."""
    x = np.array([[39, 13.5, 3.1, 100, 24], [48, 11, 4.5, 103, 29.6], [36, 10.6, 4.3, 49.1, 20.295],
                  [30, 17.8, 5.1, 100, 50], [42, 11.9, 3.5, 86, 31], [40, 17.2, 3.6, 101, 26],
                  [56, 11.9, 2.8, 96, 25], [44, 11.9, 3.3, 94, 31.12], [46, 13, 3.2, 95, 28.756]])
    w = np.array([0.1406, 0.1671, 0.183, 0.1751, 0.3342])
    t = tables_of(ranked(study_of(x, [True, True, False, True, False]), "mabac", w))
    np.testing.assert_allclose(row(t["G"]), [0.203764178, 0.221141521, 0.287306161, 0.307462238, 0.555521737],
                               atol=1e-8)
    np.testing.assert_allclose(t["Q"].frame.sum(axis=1), [0.157778583, -0.01622203, -0.14489751, -0.24274166,
                                                          -0.0191927, 0.190021847, 0.212200519, 0.032174523,
                                                          0.106320697], atol=1e-8)
    np.testing.assert_allclose(t["V"].frame.min(axis=0), w / w.sum(), rtol=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_mabac_score_is_the_row_sum_of_q(seed):
    """V and Q come from the definition; Q's row sums reproduce scikit-criteria's score, and G (the
    library's) is the geometric mean of V's columns."""
    study, w = random_problem(seed)
    result = ranked(study, "mabac", w)
    assert_shapes(result, study, MABAC)
    t = tables_of(result)
    v = t["V"].frame.to_numpy()
    np.testing.assert_allclose(t["Q"].frame.sum(axis=1), result.scores, rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(row(t["G"]), np.exp(np.log(v).mean(axis=0)), rtol=1e-12)
    np.testing.assert_allclose(t["Q"].frame, v - row(t["G"]), rtol=1e-15, atol=1e-16)


# =============================================================================================
# COPRAS: S+ and S-
# =============================================================================================

COPRAS = {"S_plus": "alternative", "S_minus": "alternative"}


def q_of_copras(s_plus, s_minus):
    """Q_i = S+_i + sum_k S-_k / (S-_i sum_k 1 / S-_k) (Podvezko 2011, Eq. 11); S+ without costs."""
    if not s_minus.any():
        return s_plus
    return s_plus + s_minus.sum() / (s_minus * (1 / s_minus).sum())


def test_copras_podvezko_2011_variant_ii():
    """Podvezko (2011), Engineering Economics 22(2), 134-146, Tables 7-8, Variant II (source as in
    tests/test_methods_skcriteria.py, test_copras_podvezko_2011_variant_ii): S+ = 0.142, 0.184, 0.164;
    S- = 0.151, 0.191, 0.168; Q = 0.332, 0.334, 0.335 from them (3 decimals)."""
    x = np.array([[42, 19, 13, 110], [71, 18, 11, 200], [53, 20, 12, 149]], dtype=float)
    study = study_of(x, [True, True, False, False])
    result = ranked(study, "copras", [0.26, 0.23, 0.24, 0.27])
    assert_shapes(result, study, COPRAS)
    t = tables_of(result)
    s_plus, s_minus = column(t["S_plus"]), column(t["S_minus"])
    assert [round(v, 3) for v in s_plus] == [0.142, 0.184, 0.164]
    assert [round(v, 3) for v in s_minus] == [0.151, 0.191, 0.168]
    assert [round(v, 3) for v in q_of_copras(s_plus, s_minus)] == [0.332, 0.334, 0.335]


@pytest.mark.parametrize("seed", SEEDS)
def test_copras_q_from_s_plus_and_s_minus(seed):
    study, w = random_problem(seed, all_max=seed % 3 == 0)  # without costs too: Q = S+
    result = ranked(study, "copras", w)
    assert_shapes(result, study, COPRAS)
    t = tables_of(result)
    np.testing.assert_allclose(q_of_copras(column(t["S_plus"]), column(t["S_minus"])), result.scores, rtol=1e-12)
    x, mx = study.scores, study.maximize
    d = x / x.sum(axis=0) * result.weights.values
    np.testing.assert_allclose(column(t["S_plus"]), d[:, mx].sum(axis=1), rtol=1e-12)
    np.testing.assert_allclose(column(t["S_minus"]), d[:, ~mx].sum(axis=1), rtol=1e-12, atol=1e-300)


# =============================================================================================
# WASPAS: Q1 and Q2
# =============================================================================================

WASPAS = {"Q1": "alternative", "Q2": "alternative"}


def test_waspas_chakraborty_zavadskas_antucheviciene_2015_q1_and_q2():
    """Chakraborty, Zavadskas & Antucheviciene (2015), Example 2 (source as in
    tests/test_methods_skcriteria.py, CHAKRABORTY_Q): Q1 is the printed column lambda = 1 and Q2 the
    column lambda = 0 (4 decimals; 1e-4 as there: the paper rounds its normalized matrix), and every
    printed column is lambda Q1 + (1 - lambda) Q2."""
    from tests.test_methods_skcriteria import CHAKRABORTY_MAX, CHAKRABORTY_Q, CHAKRABORTY_W, CHAKRABORTY_X

    study = study_of(CHAKRABORTY_X, CHAKRABORTY_MAX)
    result = ranked(study, "waspas", CHAKRABORTY_W)
    assert_shapes(result, study, WASPAS)
    t = tables_of(result)
    q1, q2 = column(t["Q1"]), column(t["Q2"])
    np.testing.assert_allclose(q1, CHAKRABORTY_Q[1.0], atol=1e-4)
    np.testing.assert_allclose(q2, CHAKRABORTY_Q[0.0], atol=1e-4)
    for lam, printed in CHAKRABORTY_Q.items():
        np.testing.assert_allclose(lam * q1 + (1 - lam) * q2, printed, atol=1e-4)


def test_waspas_zavadskas_2012_table2():
    """Zavadskas et al. (2012), Elektronika ir Elektrotechnika 122(6), Table 2 (source, the corrected
    a1 x5 = 0.1000 and the tolerance 5e-4 as in tests/test_methods_skcriteria.py,
    test_waspas_zavadskas_2012_table2): Q1 is the printed lambda = 1 column, Q2 the lambda = 0 one.
    The printed weights sum to 1.0001 and are used as printed, as there, so the module's function is
    called directly (the facade would normalize them; its extra holds the same tables)."""
    from decision.methods.waspas import waspas
    from tests.test_methods_skcriteria import ZAVADSKAS_2012_Q, ZAVADSKAS_2012_W, ZAVADSKAS_2012_X

    x = ZAVADSKAS_2012_X.copy()
    x[0, 4] = 0.1000
    t = waspas(x, ZAVADSKAS_2012_W, maximize=[True] * 12)[1]["tables"]
    np.testing.assert_allclose(column(t["Q1"]), ZAVADSKAS_2012_Q[1.0], atol=5e-4)
    np.testing.assert_allclose(column(t["Q2"]), ZAVADSKAS_2012_Q[0.0], atol=5e-4)


@pytest.mark.parametrize("seed", SEEDS)
def test_waspas_score_is_lambda_q1_plus_one_minus_lambda_q2(seed):
    study, w = random_problem(seed)
    lam = float(np.random.default_rng(seed).uniform())
    result = ranked(study, "waspas", w, **{"lambda": lam})
    assert_shapes(result, study, WASPAS)
    t = tables_of(result)
    np.testing.assert_allclose(lam * column(t["Q1"]) + (1 - lam) * column(t["Q2"]), result.scores, rtol=1e-12)
    assert f"lambda = {lam:g}" in t["Q2"].caption


# =============================================================================================
# Every shipped method
# =============================================================================================

@pytest.mark.parametrize("method", list(METHODS))
def test_every_shipped_method_returns_its_tables(method):
    """On a problem every method can rank ('max' criteria, positive scores), each returns a non-empty
    {name: Table} whose JSON form carries no NaN."""
    study, w = random_problem(11, all_max=True)
    result = ranked(study, method, w)
    tables = tables_of(result)
    assert tables
    json.dumps(result.to_dict(), allow_nan=False)

"""Ranking methods in-process: rank() against scikit-criteria, PROMETHEE II against pymcdm and itself, consensus.

Every row is a ratio measured side by side in this run (interleaved repeats, medians), with its
goal and whether it is met. Before any timing, each pair is checked to compute the same numbers:
a fast wrong answer is no result. pymcdm is a bench-only dependency (`make bench` installs 1.4.0).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from timing import Comparison, compare

from decision.comparison import Comparison as MethodComparison
from decision.comparison import kendall_tau_b, spearman_rho
from decision.methods.promethee2 import NEEDS
from decision.model import Alternative, Criterion, Study
from decision.ranking import Ranking, competition_ranks, rank
from decision.weights import Weights

SEED = 20240603
LARGE = (10_000, 20)  # rank() against scikit-criteria
PROMETHEE = 2_000  # alternatives; doubled for the O(m log m) check
PROMETHEE_CRITERIA = 10
PIECEWISE = ("linear", "vshape", "level", "usual", "ushape")
CONSENSUS = (2_000, 10)  # alternatives, methods


# --- goals -------------------------------------------------------------------------------------

@dataclass
class Row:
    """A timing comparison and its goal: the ratio (candidate / baseline) at most `bound`."""

    comparison: Comparison
    bound: float

    @property
    def met(self) -> bool:
        return self.comparison.ratio <= self.bound

    def __str__(self) -> str:
        c = self.comparison
        return (f"{c.name:<46} {c.ratio:8.3f}x {c.baseline_name:<40} ({c.candidate * 1e3:9.1f} ms vs "
                f"{c.baseline * 1e3:9.1f} ms, medians)  goal: {c.goal}  [{'met' if self.met else 'MISSED'}]")


def at_most(bound: float, comparison: Comparison) -> Row:
    comparison.goal = f"<= {bound:g}x"
    return Row(comparison, bound)


def at_least_faster(factor: float, comparison: Comparison) -> Row:
    """Candidate at least `factor` times faster than the baseline: ratio <= 1/factor."""
    comparison.goal = f">= {factor:g}x faster (ratio <= {1 / factor:.3g})"
    return Row(comparison, 1.0 / factor)


# --- data --------------------------------------------------------------------------------------

def make_study(x, maximize, weights, **criterion_fields) -> Study:
    """An in-memory study (no workbook): alternatives A1.., criteria C1.. with direct weights;
    `criterion_fields` are per-criterion lists for Criterion fields (preference, q, p, s)."""
    m, n = x.shape
    criteria = tuple(
        Criterion(f"C{j + 1}", "max" if maximize[j] else "min", float(weights[j]),
                  **{k: v[j] for k, v in criterion_fields.items()})
        for j in range(n)
    )
    return Study("bench", tuple(Alternative(f"A{i + 1}") for i in range(m)), criteria, x)


def positive_problem(rng, m, n):
    x = rng.uniform(1.0, 100.0, (m, n))
    weights = rng.dirichlet(np.ones(n))
    maximize = np.arange(n) % 2 == 0  # mixed directions, half and half
    return x, weights, maximize


# --- 1. rank() against scikit-criteria ---------------------------------------------------------

def _skcriteria_pipelines():
    """Per method: (preprocessing steps, aggregation, how to read the comparable score, all-max?).

    The preprocessing is the one each method module states in its docstring (scikit-criteria does
    not normalize inside TOPSIS, WPM returns log10 of the product, COPRAS's `score` is the utility
    degree, ...), so both sides compute the same figure."""
    from skcriteria.agg.copras import COPRAS
    from skcriteria.agg.edas import EDAS
    from skcriteria.agg.mabac import MABAC
    from skcriteria.agg.moora import RatioMOORA
    from skcriteria.agg.simple import WeightedProductModel, WeightedSumModel
    from skcriteria.agg.topsis import TOPSIS
    from skcriteria.agg.vikor import VIKOR
    from skcriteria.agg.waspas import WASPAS
    from skcriteria.preprocessing.invert_objectives import InvertMinimize, MinMaxInverter
    from skcriteria.preprocessing.scalers import MaxAbsScaler, SumScaler, VectorScaler

    score = lambda e: e.score  # noqa: E731
    return {
        "wsm": ((), WeightedSumModel(), score, True),
        "saw": ((InvertMinimize(), MaxAbsScaler(target="matrix")), WeightedSumModel(), score, False),
        "topsis": ((VectorScaler(target="matrix"),), TOPSIS(), lambda e: e.similarity, False),
        "vikor": ((), VIKOR(v=0.5), lambda e: e.q_k, False),
        "wpm": ((InvertMinimize(),), WeightedProductModel(), lambda e: 10.0 ** e.score, False),
        "moora": ((VectorScaler(target="matrix"),), RatioMOORA(), score, False),
        "edas": ((), EDAS(), score, False),
        "mabac": ((MinMaxInverter(),), MABAC(), score, False),
        "copras": ((SumScaler(target="matrix"),), COPRAS(), lambda e: e.significances, False),
        "waspas": ((InvertMinimize(), MaxAbsScaler(target="matrix")), WASPAS(lambda_value=0.5), score, False),
    }


def skcriteria_call(x, weights, maximize, steps, aggregation):
    """scikit-criteria used directly: mkdm, the preprocessing, evaluate (scores and ranks)."""
    import skcriteria

    dm = skcriteria.mkdm(x, np.where(maximize, 1, -1), weights=weights)
    for step in steps:
        dm = step.transform(dm)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # TOPSIS warns that it sees min criteria
        return aggregation.evaluate(dm)


def rank_against_skcriteria(repeats: int):
    import skcriteria  # noqa: F401  the 3-4 s import is paid here, outside both timings

    rng = np.random.default_rng(SEED)
    m, n = LARGE
    x, weights, mixed = positive_problem(rng, m, n)
    all_max = np.ones(n, dtype=bool)
    studies = {False: make_study(x, mixed, weights), True: make_study(x, all_max, weights)}
    for method, (steps, aggregation, read, needs_all_max) in _skcriteria_pipelines().items():
        maximize = all_max if needs_all_max else mixed
        study = studies[needs_all_max]
        ours = rank(study, method)
        theirs = skcriteria_call(x, study.weights, maximize, steps, aggregation)
        np.testing.assert_allclose(ours.scores, np.asarray(read(theirs.e_), dtype=float), rtol=1e-9, atol=1e-12,
                                   err_msg=method)
        # The candidate includes the ranks, which skcriteria's evaluate computes too.
        yield at_most(1.2, compare(
            f"rank() {method} {m:,}x{n}",
            lambda: rank(study, method).ranks,
            lambda: skcriteria_call(x, study.weights, maximize, steps, aggregation),
            f"scikit-criteria {type(aggregation).__name__}", repeats=repeats))


# --- 2-4. PROMETHEE II -------------------------------------------------------------------------

PYMCDM_NAMES = {"usual": "usual", "ushape": "ushape", "vshape": "vshape", "level": "level", "linear": "vshape_2"}


def promethee_problem(m, n, functions, seed=SEED):
    """Continuous scores on 0..100 with mixed directions; q and p drawn per criterion (q < p),
    s for the Gaussian function; a study carrying the preference functions."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, 100.0, (m, n))
    weights = rng.dirichlet(np.ones(n))
    maximize = rng.random(n) < 0.5
    q = rng.uniform(0.0, 10.0, n)
    p = q + rng.uniform(5.0, 30.0, n)
    s = rng.uniform(5.0, 20.0, n)
    functions = [functions[j % len(functions)] for j in range(n)]
    fields = {key: [float(v[j]) if key in NEEDS[functions[j]] else None for j in range(n)]
              for key, v in (("q", q), ("p", p), ("s", s))}
    study = make_study(x, maximize, weights, preference=functions, **fields)
    return study, dict(x=x, weights=study.weights, maximize=maximize, functions=functions, q=q, p=p, s=s)


def pymcdm_promethee2(x, weights, maximize, functions, q, p):
    """pymcdm 1.4's PROMETHEE_II with one preference function per criterion.

    PROMETHEE_II takes one function name for all criteria; each criterion's function is taken
    from a one-criterion PROMETHEE_II built by its public constructor (pymcdm's own functions,
    thresholds and wrapper), and the list replaces `pfs`. A list also fixes what a generator
    does: an instance built with p or q works only once (its `pfs` generator is spent)."""
    from pymcdm.methods import PROMETHEE_II

    pfs = []
    for j, f in enumerate(functions):
        kwargs = {key: [float({"q": q, "p": p}[key][j])] for key in NEEDS[f]}
        pfs.append(next(iter(PROMETHEE_II(PYMCDM_NAMES[f], **kwargs).pfs)))
    body = PROMETHEE_II("usual")
    body.pfs = pfs
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # pymcdm warns about dominant alternatives
        return body(x, weights, np.where(maximize, 1, -1))


def net_flows(study):
    """PROMETHEE II through the facade, the net flows only (what pymcdm returns)."""
    return rank(study, "promethee2").scores


def promethee_against_pymcdm(repeats: int):
    try:
        import pymcdm  # noqa: F401
    except ImportError:
        yield "promethee2 against pymcdm: not run, pymcdm is not installed (`make bench` installs pymcdm==1.4.0)"
        return
    m, n = PROMETHEE, PROMETHEE_CRITERIA
    study, d = promethee_problem(m, n, PIECEWISE)
    theirs = pymcdm_promethee2(d["x"], d["weights"], d["maximize"], d["functions"], d["q"], d["p"])
    np.testing.assert_allclose(net_flows(study), theirs, rtol=1e-9, atol=1e-12)
    yield at_least_faster(10, compare(
        f"promethee2 piecewise {m:,}x{n}",
        lambda: net_flows(study),
        lambda: pymcdm_promethee2(d["x"], d["weights"], d["maximize"], d["functions"], d["q"], d["p"]),
        "pymcdm PROMETHEE_II", repeats=repeats))


def promethee_scaling(repeats: int):
    n = PROMETHEE_CRITERIA
    small, _ = promethee_problem(PROMETHEE, n, PIECEWISE)
    large, _ = promethee_problem(2 * PROMETHEE, n, PIECEWISE)
    yield at_most(2.2, compare(
        f"promethee2 piecewise {2 * PROMETHEE:,}x{n}",
        lambda: net_flows(large), lambda: net_flows(small),
        f"itself at {PROMETHEE:,}x{n}", repeats=repeats))


def plain_gaussian_net_flows(x, weights, maximize, s):
    """PROMETHEE II with the Gaussian function the plain way: per criterion the m x m differences,
    F(d) = 1 - exp(-d^2 / 2s^2) for d > 0, (row sums - column sums) / (m - 1), weighted."""
    m, n = x.shape
    phi = np.empty((m, n))
    for j in range(n):
        g = x[:, j] if maximize[j] else -x[:, j]
        d = g[:, None] - g[None, :]
        f = np.where(d > 0, 1.0 - np.exp(-d * d / (2.0 * s[j] ** 2)), 0.0)
        phi[:, j] = (f.sum(axis=1) - f.sum(axis=0)) / (m - 1)
    return phi @ weights


def gaussian_against_plain(repeats: int):
    m, n = PROMETHEE, PROMETHEE_CRITERIA
    study, d = promethee_problem(m, n, ("gaussian",))
    plain = lambda: plain_gaussian_net_flows(d["x"], d["weights"], d["maximize"], d["s"])  # noqa: E731
    np.testing.assert_allclose(net_flows(study), plain(), rtol=1e-9, atol=1e-12)
    yield at_most(1.0, compare(f"promethee2 gaussian {m:,}x{n}", lambda: net_flows(study), plain,
                               "plain pairwise numpy", repeats=repeats))


# --- 4. consensus ------------------------------------------------------------------------------

def consensus_problem(m, k, seed=SEED):
    """k methods' rankings of m alternatives: a common signal plus method noise, rounded so that
    every ranking has ties (as real methods' scores do); one ranking lower-is-better."""
    rng = np.random.default_rng(seed)
    signal = rng.normal(size=m)
    weights = Weights("equal", ("C1",), np.array([1.0]))
    names = tuple(f"A{i + 1}" for i in range(m))
    rankings = []
    for i in range(k):
        scores = np.round(signal + rng.normal(scale=0.3 + 0.1 * i, size=m), 2)
        higher = i != k - 1
        rankings.append(Ranking(f"method{i + 1}", {}, weights, names, scores if higher else -scores, higher))
    return MethodComparison(tuple(rankings), {}, names)


def consensus(c: MethodComparison) -> dict:
    """What `rank --method all` adds to the methods' own results: agreement tables and consensus."""
    return {"kendall": c.agreement(kendall_tau_b), "spearman": c.agreement(spearman_rho), "consensus": c.consensus()}


def plain_competition_ranks(scores, higher_is_better):
    """Competition ranks pairwise: 1 + how many are better by more than 1e-9 relative."""
    s = np.asarray(scores, dtype=float)
    s = s if higher_is_better else -s
    scale = np.maximum(np.abs(s[:, None]), np.abs(s[None, :]))
    return 1 + (s[None, :] - s[:, None] > 1e-9 * np.where(scale > 0, scale, 1.0)).sum(axis=1)


def plain_consensus(c: MethodComparison) -> dict:
    """The same figures the plain pairwise way, with each pairwise matrix built once: ranks by
    counting, Kendall's tau-b from the m x m sign matrices, Spearman from average ranks counted
    pairwise, Borda as a sum, Copeland from the pairwise majority matrix."""
    table = np.array([plain_competition_ranks(r.scores, r.higher_is_better) for r in c.rankings])
    k, m = table.shape
    signs = np.array([np.sign(r[:, None] - r[None, :]).astype(np.int8) for r in table])  # (k, m, m)
    average = np.array([(r[None, :] < r[:, None]).sum(axis=1) + ((r[None, :] == r[:, None]).sum(axis=1) + 1) / 2
                        for r in table])
    centred = average - average.mean(axis=1, keepdims=True)
    kendall, spearman = np.empty((k, k)), np.empty((k, k))
    for a in range(k):
        for b in range(a, k):
            concordance = float(np.multiply(signs[a], signs[b], dtype=np.int64).sum()) / 2
            untied = np.count_nonzero(signs[a]) / 2 * np.count_nonzero(signs[b]) / 2
            kendall[a, b] = kendall[b, a] = concordance / np.sqrt(untied) if untied else np.nan
            ra, rb = centred[a], centred[b]
            spearman[a, b] = spearman[b, a] = (ra * rb).sum() / np.sqrt((ra * ra).sum() * (rb * rb).sum())
    borda = (m - table).sum(axis=0).astype(float)
    majority = (-signs).sum(axis=0, dtype=np.int64)  # row a beats column b by this many methods
    copeland = np.sign(majority).sum(axis=1).astype(float)
    return {"kendall": kendall, "spearman": spearman, "borda": borda, "copeland": copeland,
            "borda_ranks": plain_competition_ranks(borda, True), "copeland_ranks": plain_competition_ranks(copeland, True)}


def _check_consensus(ours: dict, plain: dict, c: MethodComparison) -> None:
    methods = [r.method for r in c.rankings]
    for measure in ("kendall", "spearman"):
        got = np.array([[ours[measure][a][b] for b in methods] for a in methods], dtype=float)
        np.testing.assert_allclose(got, plain[measure], rtol=0, atol=1e-11, err_msg=measure)
    index = {name: i for i, name in enumerate(c.alternatives)}
    for name in ("borda", "copeland"):
        rows = ours["consensus"][name]
        at = [index[row["alternative"]] for row in rows]
        np.testing.assert_array_equal([row["score"] for row in rows], plain[name][at], err_msg=name)
        np.testing.assert_array_equal([row["rank"] for row in rows], plain[f"{name}_ranks"][at], err_msg=name)


def consensus_against_plain(repeats: int):
    m, k = CONSENSUS
    c = consensus_problem(m, k)
    _check_consensus(consensus(c), plain_consensus(c), c)
    yield at_most(1.0, compare(f"consensus: agreement, Borda, Copeland {m:,}x{k}", lambda: consensus(c),
                               lambda: plain_consensus(c), "plain pairwise numpy", repeats=repeats))


def ranks_against_plain(repeats: int):
    """Competition ranks of one method's scores at the rank() benchmark's size."""
    m = LARGE[0]
    scores = np.round(np.random.default_rng(SEED).normal(size=m), 3)  # ties
    np.testing.assert_array_equal(competition_ranks(scores), plain_competition_ranks(scores, True))
    yield at_most(1.0, compare(f"competition ranks {m:,}", lambda: competition_ranks(scores),
                               lambda: plain_competition_ranks(scores, True), "plain pairwise numpy",
                               repeats=repeats))


def run():
    """Rows of tens of milliseconds get more repeats than rows of a second: medians of 15-21
    interleaved runs keep a shared machine's noise out of ratios near their goal."""
    yield from rank_against_skcriteria(repeats=15)
    yield from promethee_against_pymcdm(repeats=5)
    yield from promethee_scaling(repeats=21)
    yield from gaussian_against_plain(repeats=5)
    yield from consensus_against_plain(repeats=5)
    yield from ranks_against_plain(repeats=5)

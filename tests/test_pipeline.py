"""The pipeline (issue 11): the study is completed once, above the analyses, and a run solves no
package twice."""

from __future__ import annotations

import collections
import hashlib

import pytest

import decision.lp as lp
from decision.allocation import plan
from decision.comparison import compare_all
from decision.methods.registry import METHODS
from decision.model import IncompleteStudy
from decision.pipeline import aid, complete
from decision.pipeline import completion as complete_module
from decision.ranking import rank
from decision.robustness import robustness
from decision.weights import derive
from decision.workbook.read import read_study
from decision.workbook.shipped import shipped_study
from tests import workbooks as W
from tests.test_allocation_cli import SWEEP


def test_the_report_on_the_shipped_study_solves_each_model_once(monkeypatch, tmp_path, capsys):
    """Each solve's model written as an LP file and hashed: 73 solves at most (77 before the
    pipeline: the recommended package was solved again as its scenario's, and the frontier solved
    it again at its own limit), none twice."""
    seen = []
    real = lp._run_with_gap

    def counted(problem, solver, time_limit, presolve=True):
        path = tmp_path / f"model{len(seen)}.lp"
        problem.writeLP(str(path))
        seen.append(hashlib.sha256(path.read_bytes()).hexdigest())
        return real(problem, solver, time_limit, presolve)

    monkeypatch.setattr(lp, "_run_with_gap", counted)
    code, _, err = W.run(capsys, "report", "-o", tmp_path / "report.xlsx")
    assert code == 0, err
    assert 0 < len(seen) <= 73
    repeated = {h: n for h, n in collections.Counter(seen).items() if n > 1}
    assert not repeated, f"{len(repeated)} models solved more than once"


@pytest.fixture
def completed(tmp_path):
    """BASE with a criterion scored by the allocation, completed by the pipeline."""
    study = read_study(W.base(tmp_path, **SWEEP), needs=("ranking", "allocation"))
    assert study.needs_allocation_scores
    return study, complete(study)


def test_no_analysis_completes_a_study_itself(completed, monkeypatch):
    """With the optimizer out of reach, every analysis still runs on a complete study: none of them
    fills the allocation's scores on its own."""
    _, full = completed

    def unreachable(*args, **kwargs):
        raise AssertionError("an analysis ran the optimizer to complete the study")

    monkeypatch.setattr(complete_module, "allocation_strengths", unreachable)
    monkeypatch.setattr(aid.Packages, "model", unreachable)
    monkeypatch.setattr(plan, "solved_model", unreachable)
    for method in METHODS:
        if method != "wsm":  # BASE has 'min' criteria, which WSM refuses
            rank(full, method)
    compare_all(full)
    for procedure in ("direct", "equal", "entropy", "critic", "merec"):
        derive(full, procedure)
    robustness(full, "mavt", samples=500)  # its smallest-weight-change LP solves weights, not aid: allowed


def test_an_incomplete_study_is_a_bug_of_the_caller(completed):
    study, _ = completed
    for analysis in (lambda: rank(study), lambda: compare_all(study), lambda: derive(study, "entropy"),
                     lambda: robustness(study, samples=100)):
        with pytest.raises(IncompleteStudy):
            analysis()
    assert derive(study, "direct").values.shape == (4,)  # weights that do not read the scores need no scores


def stopping(monkeypatch):
    """Every solve answers "stopped" (its plan kept, not proven optimal), as a time limit would."""
    real = lp._run_with_gap

    def stopped(problem, solver, time_limit, presolve=True):
        status, gap = real(problem, solver, time_limit, presolve)
        return ("stopped", 0.01) if status == "optimal" and problem.isMIP() else (status, gap)

    monkeypatch.setattr(lp, "_run_with_gap", stopped)


def test_scores_from_stopped_packages_are_said_to_be_unproven(tmp_path, capsys, monkeypatch):
    """Review finding: a stopped solve behind the allocation's scores was used without a word."""
    stopping(monkeypatch)
    path = W.base(tmp_path, **SWEEP)
    code, _, err = W.run(capsys, "rank", path, "--json")
    assert code == 0
    assert "are of packages not proven optimal" in err
    code, _, err = W.run(capsys, "report", path, "-o", tmp_path / "r.xlsx")
    assert code == 0
    assert "warning: proof of the scores from the allocation not computed" in err


def test_weights_from_a_stopped_or_failed_completion_are_not_called_infeasible(tmp_path, capsys, monkeypatch):
    """Review finding: any NoSolution became exit 2 'no aid package fits'; only an infeasible plan is."""
    monkeypatch.setattr(lp, "_run_with_gap", lambda *args, **kwargs: ("failed", None))
    code, _, err = W.run(capsys, "weights", W.base(tmp_path, **SWEEP), "--method", "entropy")
    assert code == 3 and "no aid package fits" not in err and "solver highs failed" in err


def test_robustness_lists_every_bad_choice_before_solving(tmp_path, capsys, monkeypatch):
    """Review finding: the method, weight information, score distribution and meta-weights were
    checked one at a time, inside the analysis, after the study had been completed by the optimizer."""
    def unreachable(*args, **kwargs):
        raise AssertionError("solved before the choices were checked")

    monkeypatch.setattr(lp, "_run_with_gap", unreachable)
    code, _, err = W.run(capsys, "robustness", W.base(tmp_path, **SWEEP), "--method", "wpm", "--weight-info", "bogus",
                         "--scores", "x", "--meta-weights", "y")
    assert code == 2
    assert [line.split(":")[0] for line in err.splitlines() if not line.startswith("warning")] == [
        "--method wpm", "--weight-info", "--scores", "--meta-weights"]


def test_the_report_samples_the_weights_the_workbook_itself_bounds(tmp_path):
    """Issue 13: the report's robustness uses the study's own weight information (intervals when a
    weight_low/weight_high is filled, else ordinal when a rank is, else none), as `decision
    robustness --weight-info ...` does with the same seed: the shipped study's intervals give the
    winner 97.8% first-rank acceptability where no weight information gave 91.0%."""
    import dataclasses

    from decision.model import Criterion
    from decision.pipeline.outcomes import compute
    from decision.robustness import own_weight_info

    study = read_study(shipped_study())
    assert own_weight_info(study) == "intervals"
    data = compute(study)
    assert data.robustness.smaa.weight_info == "intervals"
    alone = robustness(study, "mavt", weight_info="intervals", samples=data.robustness.smaa.samples, seed=0)
    assert (data.robustness.smaa.acceptability == alone.smaa.acceptability).all()
    assert round(float(data.robustness.smaa.acceptability[data.robustness.top, 0]), 3) == 0.978
    ranked = dataclasses.replace(study, criteria=tuple(
        dataclasses.replace(c, weight_low=None, weight_high=None, rank=r + 1) for r, c in enumerate(study.criteria)))
    assert own_weight_info(ranked) == "ordinal"
    plain = dataclasses.replace(ranked, criteria=tuple(dataclasses.replace(c, rank=None) for c in ranked.criteria))
    assert own_weight_info(plain) == "none"
    assert isinstance(plain.criteria[0], Criterion)

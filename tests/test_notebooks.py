"""The notebooks run top to bottom on both shipped studies (their own assertions check what they show)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
STUDIES = ["settlement_scenarios.xlsx", "settlement_variants.xlsx"]


def execute(name: str, **parameters) -> nbformat.NotebookNode:
    """Run a notebook with papermill's convention: a cell after the `parameters` cell overrides it."""
    nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    index = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    source = "\n".join(f"{k} = {v!r}" for k, v in parameters.items())
    injected = nbformat.v4.new_code_cell(source)
    injected.metadata["tags"] = ["injected-parameters"]
    nb.cells.insert(index + 1, injected)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    return nb


def outputs_text(nb) -> str:
    parts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            parts.append(str(output.get("data", {}).get("text/plain", "")))
    return "\n".join(parts)


def test_committed_without_outputs():
    for path in (ROOT / "notebooks").glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        assert nb.metadata["kernelspec"]["name"] == "python3"
        assert all(not c.get("outputs") and not c.get("execution_count") for c in nb.cells if c.cell_type == "code"), path
        assert "parameters" in nb.cells[[c.cell_type for c in nb.cells].index("code")].metadata.get("tags", []), path


@pytest.mark.parametrize("study", STUDIES)
def test_rank_scenarios_notebook(study):
    nb = execute("rank_scenarios.ipynb", workbook=str(ROOT / "criteria" / study))
    text = outputs_text(nb)
    assert "ranks first under MAVT" in text
    assert any(o.get("output_type") == "display_data" and "image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))
    all_methods_section(nb, text, ROOT / "criteria" / study)
    weights_section(nb, text, ROOT / "criteria" / study)


def all_methods_section(nb, text: str, workbook: Path) -> None:
    """'All methods side by side' shows what compare_all gives: the methods that ran (a rank column
    each), those skipped with their reasons, how many rank MAVT's first alternative first, the
    Borda consensus and the lowest pairwise agreement."""
    import numpy as np

    from decision.comparison import compare_all
    from decision.ranking import rank
    from decision.workbook.read import read_study

    assert any(c.cell_type == "markdown" and c.source.startswith("## All methods side by side") for c in nb.cells)
    study = read_study(workbook)
    comparison = compare_all(study)
    doc = comparison.to_dict()
    top = rank(study, "mavt").top
    i = study.alternative_names.index(top)
    agree = sum(int(r.ranks[i] == 1) for r in comparison.rankings)
    winners = " and ".join(r["alternative"] for r in doc["consensus"]["borda"] if r["rank"] == 1)
    assert f"{agree} of {len(comparison.rankings)} methods rank {top} first; Borda consensus: {winners}" in text
    assert comparison.skipped  # both shipped studies have 'min' criteria: WSM cannot run
    for method, reason in comparison.skipped.items():
        assert f"skipped {method}: {reason}" in text
    for r in comparison.rankings:
        assert f"{r.method} rank" in text
    kendall = np.array([[np.nan if v is None else v for v in row.values()] for row in doc["agreement"]["kendall"].values()])
    assert f"lowest Kendall tau-b between two methods: {np.nanmin(kendall):.2f}" in text


def weights_section(nb, text: str, workbook: Path) -> None:
    """'Weights by every procedure' shows what `decision weights` gives for each procedure: the
    alternative MAVT ranks first under its weights, or why it cannot run; AHP's consistency."""
    from decision.errors import InputError
    from decision.ranking import rank
    from decision.weights import REGISTRY, derive
    from decision.workbook.read import read_study

    assert any(c.cell_type == "markdown" and c.source.startswith("## Weights by every procedure") for c in nb.cells)
    study = read_study(workbook)
    ran = 0
    for procedure in REGISTRY:
        try:
            derive(study, procedure)
        except InputError as problem:
            assert f"cannot run {procedure}: {'; '.join(problem.lines)}" in text
            continue
        ran += 1
        assert f"weights by {procedure}: MAVT ranks {rank(study, 'mavt', weighting=procedure).top} first" in text
    assert ran >= 7  # both shipped studies fill the weight, swing and rank columns and a Pairwise sheet
    if study.pairwise is not None:
        d = derive(study, "ahp").details
        assert f"AHP consistency ratio {d['consistency_ratio']:.3f}" in text
        assert "geometric consistency index" in text and "judgement to revisit first" in text


@pytest.mark.parametrize("study", STUDIES)
def test_allocate_aid_notebook(study):
    """The notebook asserts its own numbers (limits and links respected, each scenario's package best
    under it, robust best in the worst case, monotone frontiers, greedy never above the exact optimum,
    a relaxation that makes a plan feasible, the exported model re-solved by HiGHS); here, that it
    ran them and shows what the command computes."""
    from decision.pipeline import allocate
    from decision.workbook.read import read_study

    path = ROOT / "criteria" / study
    nb = execute("allocate_aid.ipynb", workbook=str(path))
    text = outputs_text(nb)
    plan = allocate(read_study(path, needs=("ranking", "allocation")))
    assert f"Maximizing the strength under {plan.scenario!r} (mavt): {plan.objective:.4g}" in text
    assert "Curves: {'Advanced air defense': 'concave', 'Modern weaponry': 'not concave (binaries)'" in text
    assert "The exact frontier beats the greedy order at the budgets" in text
    assert "the minimum purchases cost 360 but the budget is 1" in text
    assert f"HiGHS on aid.mps: {plan.objective:.6g}; decision: {plan.objective:.6g}" in text
    images = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(images) == 2  # the curves, and the two frontiers


@pytest.mark.parametrize("study", STUDIES)
def test_robustness_notebook(study):
    """The notebook asserts what it shows (acceptabilities summing to 1 by row and column, central
    weights on the simplex, each weight threshold confirmed by ranking just beyond it, the L1
    optimum a tie, the same numbers at another chunk size); here, that it shows what the command
    computes at the same samples and seed, with its two figures."""
    from decision.robustness import robustness
    from decision.workbook.read import read_study

    path = ROOT / "criteria" / study
    nb = execute("robustness.ipynb", workbook=str(path), samples=5000)
    text = outputs_text(nb)
    smaa = robustness(read_study(path), "mavt", samples=5000, seed=0).smaa
    first = int(smaa.acceptability[:, 0].argmax())
    assert f"{smaa.alternatives[first]} ranks first in {smaa.acceptability[first, 0]:.1%} of samples" in text
    assert "same seed, other chunk size: identical results" in text
    images = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(images) == 2  # the acceptability bars and the tornado

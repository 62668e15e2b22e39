"""One problem type (issue 12, item 3): a problem is a value with its fields; the printed line is
made from them; the analyses name options by their parameters and only the command prints flags;
only the reader knows cells (the study maps a criterion's field to the cell the reader recorded)."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

import tests.workbooks as W
from decision.cli import main
from decision.errors import InputError, NoSolution, Problem, bad_option, option, option_names
from decision.model import Criterion, Study
from decision.weights import derive

ROOT = Path(__file__).resolve().parent.parent
ANALYSES = ["decision/methods", "decision/weights", "decision/allocation", "decision/robustness",
            "decision/ranking.py", "decision/comparison.py"]


def _strings(path: Path):
    """Every string constant and f-string part in `path`, outside docstrings and comments."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


def test_no_analysis_message_names_a_flag():
    """A flag is the command's word: an analysis names an option by its parameter (`option(name)`)."""
    found = []
    for entry in ANALYSES:
        path = ROOT / entry
        for file in ([path] if path.is_file() else sorted(path.rglob("*.py"))):
            for line, text in _strings(file):
                if "--" in text:
                    found.append(f"{file.relative_to(ROOT)}:{line}: {text!r}")
    assert found == []


def test_the_line_is_made_from_the_fields():
    assert str(Problem("blank score", file="s.xlsx", sheet="Scores", cell="C4")) == "s.xlsx: Scores!C4: blank score"
    assert str(Problem("weights are all zero", file="s.xlsx", sheet="Criteria", cell="C2:C7")) == \
        "s.xlsx: Criteria!C2:C7: weights are all zero"
    assert str(Problem("no 'rank' column", file="s.xlsx", sheet="Criteria")) == "s.xlsx: Criteria: no 'rank' column"
    assert str(bad_option("weight_info", "expected none")) == "weight_info: expected none"
    assert str(bad_option("parameters", "expected a number", key="lambda")) == "parameters lambda: expected a number"
    assert str(Problem("plain")) == "plain"
    doc = Problem("blank score", file="s.xlsx", sheet="Scores", cell="C4").to_dict()
    assert doc == {"message": "blank score", "file": "s.xlsx", "sheet": "Scores", "cell": "C4", "row": None,
                   "column": None, "option": None, "key": None, "line": "s.xlsx: Scores!C4: blank score"}


def test_a_command_names_the_option_by_its_flag():
    """Outside a command an option reads as its parameter; inside, as the command's flag; the
    naming ends with the command."""
    problem = bad_option("weight_info", f"needs {option('weighting')} roc")
    assert str(problem) == "weight_info: needs weighting roc"
    with option_names(lambda name: "--" + name.replace("_", "-")):
        assert str(problem) == "--weight-info: needs --weighting roc"
        assert NoSolution("failed", [f"try {option('solver')} cbc"]).reasons == ["try --solver cbc"]
    assert str(problem) == "weight_info: needs weighting roc"


def _study(tmp_path, **sheets):
    from decision.workbook.read import read_study

    path = W.write(tmp_path / "study.xlsx", W.sheets(**sheets))
    return read_study(path)


def test_an_analysis_names_the_criterion_and_field_and_the_study_its_cell(tmp_path):
    """ROC with one rank blank: the analysis says criterion and field; the line names the cell the
    reader recorded (Criteria!F3), and the problem keeps both."""
    criteria = [["criterion", "direction", "weight", "unit", "low", "high", "rank"],
                *[[*row, rank] for row, rank in zip(W.BASE["Criteria"][1:], (1, None, 2))]]
    study = _study(tmp_path, Criteria=criteria)
    with pytest.raises(InputError) as caught:
        derive(study, "roc")
    [problem] = caught.value.problems
    assert (problem.file, problem.sheet, problem.cell, problem.row, problem.column) == \
        ("study.xlsx", "Criteria", "G3", W.BASE["Criteria"][2][0], "rank")
    assert str(problem).startswith(f"study.xlsx: Criteria!G3: rank of '{W.BASE['Criteria'][2][0]}' is blank (weighting roc")


def test_a_study_built_in_code_has_no_cells_and_says_the_sheet():
    study = Study("s", criteria=(Criterion("a", "max", rank=None), Criterion("b", "max", rank=1)))
    with pytest.raises(InputError) as caught:
        derive(study, "roc")
    assert caught.value.lines == ["s: Criteria: rank of 'a' is blank (weighting roc needs every criterion ranked, 1 = most important)"]


def test_whether_a_column_was_there_is_a_fact_of_the_study(tmp_path):
    """A `rank` column left blank differs from no column: ordinal weight information says which."""
    blank = [["criterion", "direction", "weight", "unit", "low", "high", "rank"],
             *[[*row, None] for row in W.BASE["Criteria"][1:]]]
    with_column = _study(tmp_path, Criteria=blank)
    assert with_column.has_column("Criteria", "rank") and with_column.has_column("Criteria", "Rank ")
    without = _study(tmp_path)
    assert not without.has_column("Criteria", "rank") and without.has_column("Criteria", "weight")


@pytest.mark.parametrize("command, flag", [("rank", "--weights"), ("weights", "--method")])
def test_each_command_prints_its_own_flag(tmp_path, capsys, command, flag):
    """The same problem, in the words of the command that was typed: `rank --weights roc` and
    `weights --method roc`."""
    path = W.write(tmp_path / "study.xlsx", W.BASE)
    chosen = "--weights" if command == "rank" else "--method"
    code = main([command, str(path), chosen, "roc", "--json"])
    out, err = capsys.readouterr()
    assert code == 2
    assert f"({flag} roc needs every criterion ranked" in json.loads(out)["errors"][0]

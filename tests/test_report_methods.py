"""The report's Methods and Weights sheets and the Summary's all-methods line: where they sit, that
their numbers are those of compare_all() and derive(), that workbook text stays text, that AHP
figures and the procedures or methods that cannot run are shown with their reasons."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import openpyxl
import pytest

from decision.comparison import compare_all
from decision.errors import InputError
from decision.methods.registry import METHODS
from decision.ranking import Ranking
from decision.report import write_report
from decision.report.methods_sheet import WORKING_SCORES
from decision.weights import REGISTRY, Weights, derive
from decision.weights.ahp import random_index
from decision.workbook.read import read_study
from tests import workbooks
from tests.test_report import CSV_ALL_SHEETS, HOSTILE, label, make_study, read_csv, require_libreoffice, rows, sheet_text, soffice, table
from tests.test_weights import DRINKS, DRINKS_PUBLISHED, ESCOBAR_2015, drinks_matrix, upper_triangle

SHEETS = ["Summary", "Ranking", "Methods", "Weights", "Robustness", "Allocation", "Inputs"]
ALTERNATIVES = ("Guarantees", "Zone", "Baseline")
RANKS = (2, 7, 5, 3, 1, 4, 6)  # importance ranks of the drinks, 1 = most important
SWING = (60, 5, 10, 40, 100, 30, 20)


def drinks_workbook(path, *, weights="ahp", pairwise=None, ranks=RANKS):
    """A study with seven criteria named after Saaty's drinks, every weighting input filled: weight,
    swing and rank columns, and the Pairwise sheet (upper triangle typed, as an analyst would)."""
    a = drinks_matrix() if pairwise is None else pairwise
    scores = [[3 + (i * 5 + j * 3) % 7 for j in range(len(DRINKS))] for i in range(len(ALTERNATIVES))]
    content = workbooks.sheets(
        Alternatives=[["alternative"], *([a_] for a_ in ALTERNATIVES)],
        Criteria=[["criterion", "direction", "weight", "swing", "rank", "low", "high"],
                  *([d, "min" if j in (1, 3) else "max", 1 + j, SWING[j], ranks[j], 0, 10]
                    for j, d in enumerate(DRINKS))],
        Scores=[["alternative", *DRINKS], *([name, *row] for name, row in zip(ALTERNATIVES, scores))],
        Pairwise=[["criterion", *DRINKS],
                  *([d, *[float(a[i, j]) if j > i else None for j in range(len(DRINKS))]] for i, d in enumerate(DRINKS))],
        Settings=[["setting", "value"], ["budget", 600], ["risk_cap", 5], ["weights", weights]],
    )
    return workbooks.write(path, content)


@pytest.fixture(scope="module")
def drinks(tmp_path_factory):
    """(study, workbook) of the drinks study's report, ranked with AHP weights."""
    folder = tmp_path_factory.mktemp("drinks")
    study = read_study(drinks_workbook(folder / "drinks.xlsx"))
    path = folder / "report.xlsx"
    assert write_report(study, path) == []
    return study, openpyxl.load_workbook(path)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """test_report's study (alternatives named like formulas) with a formula-like criterion name too."""
    base = make_study()
    criteria = (dataclasses.replace(base.criteria[0], name="=Deterrence"),) + base.criteria[1:]
    study = dataclasses.replace(base, criteria=criteria, pairwise=np.array([[1, 3, 5], [1 / 3, 1, 2], [0.2, 0.5, 1]]))
    path = tmp_path_factory.mktemp("hostile") / "report.xlsx"
    assert write_report(study, path) == []
    return study, openpyxl.load_workbook(path)


def matrix_table(ws, first_header: str, heading: str) -> dict[str, dict]:
    """The table right under the bold `heading` (after its one-line note), as {row name: row}."""
    all_rows = rows(ws)
    start = next(i for i, r in enumerate(all_rows) if r[0] == heading)
    header_at = next(i for i in range(start, len(all_rows)) if all_rows[i][0] == first_header)
    header = all_rows[header_at]
    out = {}
    for r in all_rows[header_at + 1:]:
        if r[0] is None:
            break
        out[r[0]] = dict(zip(header, r))
    return out


# --- where the sheets are -----------------------------------------------------------------------

def test_methods_and_weights_sheets_follow_ranking(drinks, hostile):
    for _, wb in (drinks, hostile):
        assert wb.sheetnames == SHEETS


# --- Methods ------------------------------------------------------------------------------------

def test_methods_sheet_equals_compare_all(drinks):
    study, wb = drinks
    c = compare_all(study)  # the Settings key weights = ahp, as the report
    assert c.rankings[0].weights.method == "ahp"
    ws = wb["Methods"]
    ranks = matrix_table(ws, "alternative", "Rank of each alternative by method, and by the consensus of all methods")
    scores = matrix_table(ws, "alternative", "Score of each alternative by method")
    primary_order = [study.alternative_names[i] for i in c.rankings[0].order]
    assert list(ranks) == list(scores) == primary_order  # rows in the order of the report's ranking (MAVT)
    for r in c.rankings:
        name = r.method.upper()
        for i, alternative in enumerate(study.alternative_names):
            assert ranks[alternative][name] == r.ranks[i]
            assert scores[alternative][name] == pytest.approx(r.scores[i], abs=1e-12)
    consensus = c.consensus()
    rows_ = matrix_table(ws, "alternative", "Consensus of all methods")
    for key, column in (("borda", "Borda"), ("copeland", "Copeland")):
        for row in consensus[key]:
            assert ranks[row["alternative"]][column] == row["rank"]
            assert rows_[row["alternative"]][f"{column} rank"] == row["rank"]
            points = "Borda points" if key == "borda" else "Copeland score"
            assert rows_[row["alternative"]][points] == row["score"]
    firsts = {a: int(sum(r.ranks[i] == 1 for r in c.rankings)) for i, a in enumerate(study.alternative_names)}
    assert {a: row["first places"] for a, row in rows_.items()} == firsts
    for heading, measure in (("Agreement between methods: Kendall's tau-b", "kendall"),
                             ("Agreement between methods: Spearman's rho", "spearman")):
        expected = c.to_dict()["agreement"][measure]
        got = matrix_table(ws, "method", heading)
        assert list(got) == [m.upper() for m in expected]
        for a, row in expected.items():
            for b, value in row.items():
                cell = got[a.upper()][b.upper()]
                assert cell == "n/a" if value is None else cell == pytest.approx(value, abs=1e-12)


def test_agreement_diagonal_is_one_and_colour_scaled(drinks):
    _, wb = drinks
    ws = wb["Methods"]
    kendall = matrix_table(ws, "method", "Agreement between methods: Kendall's tau-b")
    assert all(row[name] == pytest.approx(1.0) for name, row in kendall.items())
    rules = [rule for cf in ws.conditional_formatting for rule in cf.rules]
    assert len(rules) == 2 and all(rule.type == "colorScale" for rule in rules)


def test_skipped_methods_listed_with_their_reasons(drinks):
    study, wb = drinks
    c = compare_all(study)
    assert "wsm" in c.skipped  # the drinks study has 'min' criteria
    text = sheet_text(wb["Methods"])
    for method, reason in c.skipped.items():
        line = next(line for line in text.splitlines() if reason in line)
        assert line.startswith(method.upper()), line
    assert "Methods that could not run on this study, and why" in text


def working_section(ws, method: str) -> tuple[int, int]:
    """The rows (0-based, end exclusive) of `method`'s working on the Methods sheet: from its bold
    line to the next method's line (or the end)."""
    all_rows = rows(ws)
    start = next(i for i, r in enumerate(all_rows) if isinstance(r[0], str) and r[0].startswith(f"{method.upper()}: score = "))
    end = next((i for i in range(start + 1, len(all_rows)) if isinstance(all_rows[i][0], str)
                and " score = " in all_rows[i][0] and all_rows[i][0].split(":")[0].lower() in METHODS), len(all_rows))
    return start, end


def working_blocks(ws, method: str) -> list[tuple[int, list, list]]:
    """The tables of `method`'s working: (row of the header, header, data rows); a table is a run of
    rows with a value beyond column A (a caption is a note in column A alone)."""
    all_rows = rows(ws)
    start, end = working_section(ws, method)
    blocks, current = [], None
    for i in range(start + 1, end):
        r = list(all_rows[i])
        if any(v is not None for v in r[1:]):
            while r and r[-1] is None:
                r.pop()
            if current is None:
                current = (i, r, [])
                blocks.append(current)
            else:
                current[2].append(r)
        else:
            current = None
    return blocks


def shown(value):
    return "n/a" if isinstance(value, float) and not math.isfinite(value) else pytest.approx(value, rel=1e-12, abs=1e-15)


def test_methods_sheet_shows_every_methods_working(drinks):
    """Every table each method returns (compare_all's rankings, the report's weights) is on the sheet:
    its caption, then its figures, the alternatives in the order of the report's ranking; one-column
    tables share a table, as do one-row ones; a method that cannot run says so."""
    study, wb = drinks
    ws = wb["Methods"]
    c = compare_all(study)
    text = sheet_text(ws)
    assert "How each method scores: its working on this study" in text
    order = [study.alternative_names[i] for i in c.rankings[0].order]
    all_rows = rows(ws)
    for r in c.rankings:
        blocks = working_blocks(ws, r.method)
        tables = r.extra["tables"]
        assert tables, r.method
        for name, t in tables.items():
            start, end = working_section(ws, r.method)
            caption_row = next(i for i in range(start, end) if isinstance(all_rows[i][0], str)
                               and all_rows[i][0].endswith(t.caption))
            header_row, header, data = next(b for b in blocks if b[0] > caption_row)
            frame = t.frame
            if frame.index.name == "alternative":
                assert header[0] == "alternative" and [row[0] for row in data] == order, (r.method, name)
                if frame.shape[1] > 1:  # a matrix: a table of its own
                    assert header[1:] == list(frame.columns), (r.method, name)
                for j, column in enumerate(frame.columns, start=1):
                    j = j if frame.shape[1] > 1 else header.index(column)
                    assert [row[j] for row in data] == [shown(v) for v in frame.loc[order, column]], (r.method, name)
            else:
                assert header[0] is None and header[1:] == list(frame.columns), (r.method, name)
                row = next(row for row in data if row[0] == frame.index[0])
                assert row[1:] == [shown(v) for v in frame.to_numpy()[0]], (r.method, name)
    vikor = working_blocks(ws, "vikor")
    assert len(vikor) == 1 and vikor[0][1] == ["alternative", "S", "R", "Q"]  # one-column tables side by side
    topsis = working_blocks(ws, "topsis")
    assert [b[1][0] for b in topsis] == ["alternative", None, "alternative"]  # v; A+ and A-; D+ and D-
    assert [row[0] for row in topsis[1][2]] == ["A+", "A-"]
    for method in c.skipped:
        assert f"{method.upper()}: score = {METHODS[method].score_name}" in text
        assert working_blocks(ws, method) == []


def test_methods_sheet_leaves_the_working_of_a_large_study_to_the_json(tmp_path, monkeypatch):
    """Beyond WORKING_SCORES scores (alternatives x criteria) the tables are not laid out; the sheet says
    where they are. The bound is lowered below BASE's 9 scores rather than a study of 2,000 written."""
    import decision.report.methods_sheet as sheet

    assert WORKING_SCORES == 2_000
    monkeypatch.setattr(sheet, "WORKING_SCORES", 8)
    study = read_study(workbooks.base(tmp_path))
    assert write_report(study, tmp_path / "r.xlsx") == []
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx")["Methods"]
    assert "The study has more than 8 scores" in sheet_text(ws)
    assert working_blocks(ws, "mavt") == [] and working_blocks(ws, "topsis") == []


def test_methods_sheet_says_why_when_the_ranking_cannot_be_computed(tmp_path):
    study = make_study(weights=(None, None, None))
    warnings = write_report(study, tmp_path / "r.xlsx")
    assert len(warnings) == 1 and "no weights" in warnings[0]
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert wb.sheetnames == SHEETS
    assert "could not be computed" in sheet_text(wb["Methods"]) and "no weights" in sheet_text(wb["Methods"])
    text = sheet_text(wb["Weights"])
    assert "The ranking's weights (direct) could not be derived" in text and "no weights" in text
    compared = matrix_table(wb["Weights"], "criterion", "The weights every applicable procedure gives on this workbook")
    assert [row["equal"] for row in compared.values()] == pytest.approx([1 / 3] * 3)


# --- Weights ------------------------------------------------------------------------------------

def test_weights_sheet_equals_derive_for_every_procedure(drinks):
    study, wb = drinks
    ws = wb["Weights"]
    used = matrix_table(ws, "criterion", "Weights used by the ranking (ahp)")
    ahp = derive(study, "ahp")
    assert list(used) == list(DRINKS)
    assert [row["weight"] for row in used.values()] == pytest.approx(list(ahp.values), abs=1e-12)
    compared = matrix_table(ws, "criterion", "The weights every applicable procedure gives on this workbook")
    header = list(next(iter(compared.values())))
    assert header == ["criterion", *(f"{p} (used)" if p == "ahp" else p for p in REGISTRY)]
    for procedure in REGISTRY:
        column = f"{procedure} (used)" if procedure == "ahp" else procedure
        expected = derive(study, procedure).values
        assert [compared[c][column] for c in DRINKS] == pytest.approx(list(expected), abs=1e-12), procedure
    assert "Every weighting procedure could run on this workbook." in sheet_text(ws)


def test_weights_sheet_shows_the_input_column_of_the_procedure_used(tmp_path):
    study = read_study(drinks_workbook(tmp_path / "roc.xlsx", weights="roc"))
    write_report(study, tmp_path / "r.xlsx")
    used = matrix_table(openpyxl.load_workbook(tmp_path / "r.xlsx")["Weights"], "criterion",
                        "Weights used by the ranking (roc)")
    assert [row["rank"] for row in used.values()] == list(RANKS)
    assert [row["weight"] for row in used.values()] == pytest.approx(list(derive(study, "roc").values), abs=1e-12)


def test_ahp_figures_reproduce_saaty_2008_drinks(drinks):
    """The report shows the AHP figures of the study's Pairwise sheet. The judgements are Saaty's
    (2008, Int. J. Services Sciences 1(1) 83-98, 'Which drink is consumed more in the U.S.?', as
    transcribed in tests/test_weights.py): the weights are the published .177 coffee, .019 wine,
    .042 tea, .116 beer, .190 soda, .129 milk, .327 water, and the consistency ratio the published
    0.022 (three decimals as printed); the other figures must equal derive()."""
    study, wb = drinks
    ws = wb["Weights"]
    matrix = matrix_table(ws, "criterion", "AHP: the pairwise judgements and their consistency")
    a = drinks_matrix()
    for i, d in enumerate(DRINKS):
        assert [matrix[d][e] for e in DRINKS] == pytest.approx(list(a[i]), rel=1e-12)
    assert {d: round(matrix[d]["AHP weight"], 3) for d in DRINKS} == DRINKS_PUBLISHED
    details = derive(study, "ahp").details
    assert round(label(ws, "Consistency ratio (CR)")[1], 3) == 0.022
    assert label(ws, "lambda_max")[1] == pytest.approx(details["lambda_max"], abs=1e-12)
    assert label(ws, "Consistency index (CI)")[1] == pytest.approx(details["consistency_index"], abs=1e-12)
    assert label(ws, "Consistency ratio (CR)")[1] == pytest.approx(details["consistency_ratio"], abs=1e-12)
    ri = label(ws, "Random index (RI)")
    assert ri[1] == 1.32 == random_index(7)[0] and "Saaty 1980" in ri[2]
    inconsistent = label(ws, "Inconsistent?")
    assert inconsistent[1] == "no" and "at most 0.10" in inconsistent[2]
    geometric = derive(study, "ahp", {"priority": "geometric"})
    assert [matrix[d]["row geometric mean"] for d in DRINKS] == pytest.approx(list(geometric.values), abs=1e-12)
    assert label(ws, "Geometric consistency index (GCI)")[1] == pytest.approx(
        geometric.details["geometric_consistency_index"], abs=1e-12)
    revisit = table(ws, "row criterion")
    assert [(r["row criterion"], r["column criterion"]) for r in revisit] == [
        (r["row"], r["column"]) for r in details["revisit"]]
    for got, want in zip(revisit, details["revisit"]):
        assert got["judgement"] == pytest.approx(want["judgement"])
        assert got["implied"] == pytest.approx(want["implied"], abs=1e-12)
        assert got["off by"] == pytest.approx(math.exp(abs(math.log(want["judgement"] / want["implied"]))))


def test_row_geometric_mean_and_gci_reproduce_escobar_2015(tmp_path):
    """The AHP section shows the row geometric mean beside the eigenvector, with its geometric
    consistency index. PSOE's judgements from Escobar, Aguaron & Moreno-Jimenez (2015, Decision
    Support Systems 74, Table 1; transcribed in tests/test_weights.py): printed priorities 0.513,
    0.251, 0.115, 0.042, 0.079 and GCI 0.143 (three decimals), below the n > 4 threshold 0.37."""
    rows, printed, printed_gci = ESCOBAR_2015["PSOE"]
    a = upper_triangle(rows)
    names = ("DUV", "IUV", "PUV", "EV", "BV")
    content = workbooks.sheets(
        Alternatives=[["alternative"], ["yes"], ["no"]],
        Criteria=[["criterion", "direction", "weight", "low", "high"], *([c, "max", None, 0, 10] for c in names)],
        Scores=[["alternative", *names], ["yes", 1, 2, 3, 4, 5], ["no", 5, 4, 3, 2, 1]],
        Pairwise=[["criterion", *names], *([c, *[float(a[i, j]) if j > i else None for j in range(5)]]
                                             for i, c in enumerate(names))],
        Settings=[["setting", "value"], ["weights", "ahp"]],
    )
    study = read_study(workbooks.write(tmp_path / "ebro.xlsx", content))
    write_report(study, tmp_path / "r.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx")["Weights"]
    matrix = matrix_table(ws, "criterion", "AHP: the pairwise judgements and their consistency")
    assert [round(matrix[c]["row geometric mean"], 3) for c in names] == printed
    assert round(label(ws, "Geometric consistency index (GCI)")[1], 3) == printed_gci
    threshold = label(ws, "GCI threshold")
    assert threshold[1] == 0.37 and "at most 0.37" in threshold[2]


def test_inconsistent_judgements_are_flagged(tmp_path):
    """A cyclic matrix (coffee > wine > tea > coffee, 9 times each) is as inconsistent as can be."""
    a = drinks_matrix()
    i, j, k = DRINKS.index("coffee"), DRINKS.index("wine"), DRINKS.index("tea")
    for x, y in ((i, j), (j, k), (k, i)):
        a[x, y], a[y, x] = 9.0, 1 / 9
    study = read_study(drinks_workbook(tmp_path / "cyclic.xlsx", pairwise=a))
    write_report(study, tmp_path / "r.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx")["Weights"]
    details = derive(study, "ahp").details
    assert details["inconsistent"] is True
    flag = label(ws, "Inconsistent?")
    assert flag[1] == "yes" and "above 0.10" in flag[2] and "revisit" in flag[2]
    first = table(ws, "row criterion")[0]
    assert (first["row criterion"], first["column criterion"]) == (details["revisit"][0]["row"],
                                                                    details["revisit"][0]["column"])


def test_procedures_that_cannot_run_are_listed_with_their_reasons(tmp_path):
    """Blank rank and swing columns and no Pairwise sheet say so; a partly filled rank column and a
    zero score give the procedure's own problems (the cell to fix), without the file name."""
    shipped = read_study(workbooks.base(tmp_path, "plain.xlsx"))
    write_report(shipped, tmp_path / "plain_report.xlsx")
    text = sheet_text(openpyxl.load_workbook(tmp_path / "plain_report.xlsx")["Weights"])
    assert "swing: the Criteria column 'swing' is blank" in text
    assert "roc: the Criteria column 'rank' is blank" in text
    assert "ahp: the workbook has no Pairwise sheet" in text

    ranks = (1, None, 2, 3, 4, 5, 6)
    path = drinks_workbook(tmp_path / "partial.xlsx", ranks=ranks)
    study = read_study(path)
    scores = np.array(study.scores)
    scores[0, 0] = 0.0  # MEREC takes logarithms
    study = dataclasses.replace(study, scores=scores)
    write_report(study, tmp_path / "r.xlsx")
    text = sheet_text(openpyxl.load_workbook(tmp_path / "r.xlsx")["Weights"])
    for procedure in ("roc", "rank-sum", "rank-reciprocal", "merec"):
        with pytest.raises(InputError) as caught:
            derive(study, procedure)
        reason = "; ".join(p.removeprefix(f"{study.label}: ") for p in caught.value.lines)
        assert f"{procedure}: {reason}" in text
    assert "Criteria!E3: rank of 'wine' is blank" in text


# --- text stays text ----------------------------------------------------------------------------

def test_workbook_text_on_the_new_sheets_is_string_typed(hostile):
    study, wb = hostile
    names = set(study.alternative_names) | set(study.criterion_names)
    seen = {}
    for title in ("Methods", "Weights"):
        for row in wb[title].iter_rows():
            for cell in row:
                if cell.value in names:
                    assert cell.data_type == "s", (title, cell.coordinate)
                    if cell.value.startswith(("=", "+", "-", "@")):
                        assert cell.quotePrefix, (title, cell.coordinate)
                    seen.setdefault(title, set()).add(cell.value)
    assert set(HOSTILE) <= seen["Methods"]
    assert "=Deterrence" in seen["Weights"]
    matrix = matrix_table(wb["Weights"], "criterion", "AHP: the pairwise judgements and their consistency")
    assert list(matrix) == study.criterion_names


# --- Summary ------------------------------------------------------------------------------------

def test_summary_counts_the_methods_that_agree_and_names_the_consensus(drinks):
    study, wb = drinks
    c = compare_all(study)
    primary = c.rankings[0]  # MAVT: the study's method
    i = study.alternative_names.index(primary.top)
    agree = sum(int(r.ranks[i] == 1) for r in c.rankings)
    line = next(v for row in wb["Summary"].iter_rows(values_only=True) for v in row
                if isinstance(v, str) and v.startswith(f"{agree} of {len(c.rankings)} methods rank {primary.top} first"))
    winners = [row["alternative"] for row in c.consensus()["borda"] if row["rank"] == 1]
    assert winners[0] in line.split("Consensus winner")[1]
    assert "WSM" in line and "could not run" in line


def ranking(method, scores, names=("A", "B", "C"), higher=True):
    weights = Weights("direct", ("x",), np.array([1.0]))
    return Ranking(method, {}, weights, tuple(names), np.array(scores, dtype=float), higher)


def test_all_methods_sentence():
    from decision.comparison import Comparison
    from decision.report import words

    mavt, topsis = ranking("mavt", [0.9, 0.5, 0.1]), ranking("topsis", [0.2, 0.8, 0.1])
    vikor = ranking("vikor", [0.0, 0.0, 1.0], higher=False)  # A and B tie first (lower is better)
    c = Comparison((mavt, topsis, vikor), {"wsm": "no"}, ("A", "B", "C"))
    count, sentence = words.all_methods(mavt, c)
    assert count == "2 of 3"
    assert sentence == ("2 of 3 methods rank A first (TOPSIS puts B first). WSM could not run on this study "
                        "(see the Methods sheet). Consensus winner (Borda count and Copeland's pairwise majority): "
                        "A and B (tied). " + words.agreement_context(3))
    c = Comparison((mavt, topsis, ranking("saw", [0.1, 0.9, 0.5])), {}, ("A", "B", "C"))
    count, sentence = words.all_methods(mavt, c)
    assert count == "1 of 3" and "SAW puts B first" in sentence
    assert sentence.endswith("Consensus winner (Borda count and Copeland's pairwise majority): B. "
                             + words.agreement_context(3))
    assert "There are 3 alternatives" in words.agreement_context(3)
    assert "agreement is expected" in words.agreement_context(2)


# --- a real spreadsheet program ---------------------------------------------------------------

@pytest.mark.libreoffice
def test_libreoffice_shows_the_methods_and_weights_numbers(drinks, tmp_path):
    require_libreoffice()
    study, wb = drinks
    path = tmp_path / "report.xlsx"
    wb.save(path)
    done = soffice("--convert-to", CSV_ALL_SHEETS, str(path), outdir=tmp_path / "csv")
    assert done.returncode == 0, done.stderr
    methods = read_csv(tmp_path / "csv" / "report-Methods.csv")
    weights = read_csv(tmp_path / "csv" / "report-Weights.csv")
    c = compare_all(study)
    header = next(r for r in methods if r and r[0] == "alternative")
    for r in c.rankings:
        column = header.index(r.method.upper())
        shown = {row[0]: int(row[column]) for row in methods[methods.index(header) + 1:][:len(ALTERNATIVES)]}
        assert shown == {a: int(r.ranks[i]) for i, a in enumerate(study.alternative_names)}
    ahp = derive(study, "ahp").as_dict()
    shown = {}
    for row in weights:  # the first table with the drinks: the weights used
        if row and row[0] in ahp:
            shown.setdefault(row[0], float(row[2]))
    assert {d: round(v, 3) for d, v in shown.items()} == DRINKS_PUBLISHED
    assert {d: round(v, 3) for d, v in ahp.items()} == DRINKS_PUBLISHED
    cr = next(r for r in weights if r and r[0] == "Consistency ratio (CR)")
    assert round(float(cr[1]), 3) == 0.022

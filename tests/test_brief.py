"""The PDF brief (`decision brief`, and beside the report): what it says, that every figure is the
pipeline's, and that it is a proper document: at most two A4 portrait pages, fonts embedded, text
selectable, charts as vectors (no raster image), written whole or refused as the report is.

The PDF is read back with poppler (pdfinfo, pdftotext, pdfimages, pdffonts), as a reader's tools
would; those tests skip without poppler, except under CI=true, where they fail.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import types
from pathlib import Path

import numpy as np
import pytest

import tests.workbooks as W
from decision.brief import brief_beside, default_brief_path, write_brief
from decision.brief.content import Brief, Chart, Section, Table, brief, short
from decision.brief.numbers import amount, percent, weight
from decision.brief.pdf import LEVELS, _render, layout, write_pdf
from decision.pipeline import compute
from decision.pipeline.options import resolve
from decision.workbook.read import read_study

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = {"scenarios": ROOT / "criteria" / "settlement_scenarios.xlsx",
           "variants": ROOT / "criteria" / "settlement_variants.xlsx",
           "three": ROOT / "criteria" / "three_alternatives.xlsx"}  # a close call, a name in Ukrainian
CYRILLIC = "Гарантии безопасности"
A4 = (595.28, 841.89)  # points


# --- poppler ------------------------------------------------------------------------------------

def require_poppler() -> None:
    """Skip without poppler's tools, except under CI=true, where their absence fails the test."""
    missing = [t for t in ("pdfinfo", "pdftotext", "pdfimages", "pdffonts") if shutil.which(t) is None]
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"poppler-utils ({', '.join(missing)}) is required under CI=true")
        pytest.skip(f"poppler-utils is not installed ({', '.join(missing)})")


def poppler(tool: str, *args) -> str:
    done = subprocess.run([tool, *map(str, args)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def info(pdf: Path) -> dict[str, str]:
    return dict(line.split(":", 1) for line in poppler("pdfinfo", pdf).splitlines() if ":" in line)


def text(pdf: Path, *pages: int) -> str:
    """The PDF's text with every run of white space made one space (a sentence may wrap anywhere)."""
    window = ["-f", pages[0], "-l", pages[-1]] if pages else []
    return " ".join(poppler("pdftotext", *window, pdf, "-").split())


def assert_a_proper_brief(pdf: Path) -> None:
    """At most two A4 portrait pages; every font embedded; no raster image."""
    found = info(pdf)
    assert 1 <= int(found["Pages"]) <= 2
    size = re.match(r"\s*([\d.]+) x ([\d.]+) pts", found["Page size"])
    width, height = float(size[1]), float(size[2])
    assert (width, height) == pytest.approx(A4, abs=0.5) and width < height
    header, _, *fonts = poppler("pdffonts", pdf).splitlines()
    assert fonts, "no font: the text would not be text"
    emb = header.index("emb")
    assert all(line[emb:emb + 3] == "yes" for line in fonts), fonts
    assert poppler("pdfimages", "-list", pdf).splitlines()[2:] == []  # the charts are vectors


# --- the studies, computed once -------------------------------------------------------------------

def cyrillic_base(folder: Path) -> Path:
    content = W.sheets()
    for sheet in ("Alternatives", "Scores"):
        for row in content[sheet]:
            if row[0] == "Guarantees":
                row[0] = CYRILLIC
    return W.write(folder / "cyrillic.xlsx", content)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    """name -> (ReportData, brief PDF, fpdf2's warnings), each study computed once."""
    folder = tmp_path_factory.mktemp("briefs")
    paths = {**SHIPPED, "base": W.write(folder / "base.xlsx", W.sheets()), "cyrillic": cyrillic_base(folder)}
    cache = {}

    def get(name):
        if name not in cache:
            study = read_study(paths[name])
            data = compute(study, resolve(study))
            pdf = folder / f"{name}_brief.pdf"
            cache[name] = (data, pdf, write_brief(data, pdf))
        return cache[name]

    return get


STUDIES = ("scenarios", "variants", "three", "base")


# --- the document -------------------------------------------------------------------------------

@pytest.mark.poppler
@pytest.mark.parametrize("name", STUDIES)
def test_the_brief_is_at_most_two_a4_pages_with_embedded_fonts_and_vector_charts(outcomes, name):
    require_poppler()
    data, pdf, warnings = outcomes(name)
    assert warnings == []  # no glyph missing, no SVG feature skipped
    assert_a_proper_brief(pdf)
    assert info(pdf)["Pages"].strip() == "2"
    words = text(pdf)
    for label in ("overall value (MAVT", "share of samples ranking first", "cost", "weight of"):
        assert label in words  # the charts' own words are text in the PDF, not pictures


@pytest.mark.poppler
@pytest.mark.parametrize("name", STUDIES)
def test_the_brief_says_the_answer_the_weights_the_package_and_the_limits(outcomes, name):
    require_poppler()
    data, pdf, _ = outcomes(name)
    first, words = text(pdf, 1), text(pdf)
    study, r = data.study, data.rankings.primary
    about = getattr(study, "about", None)  # the About work gives the shipped studies a title
    assert ((about.title if about is not None and about.title else None) or study.name) in first
    winner, second = r.alternatives[int(r.order[0])], r.alternatives[int(r.order[1])]
    assert f"{winner} ranks first under MAVT" in first
    assert f"Its lead over the second, {second} ({r.scores[int(r.order[1])]:.3f}), is {r.margin:.3f}." in first
    for criterion, w in zip(r.weights.criteria, r.weights.values):
        assert re.search(rf"{re.escape(criterion)} {w:.3f}\b", first), criterion
    assert "Weights by the direct procedure" in first
    plan = data.allocation.to_dict()  # the JSON's figures: the brief must agree with what allocate --json says
    if plan["scenario"]:
        assert f"Recommended: the package optimized for {plan['scenario']} (the scenario MAVT ranks first)." in first
        robust = data.aid.packages["robust"].to_dict()
        assert f"the robust package: the greatest worst-case strength over the scenarios, {robust['objective']:,.1f}" \
               in first
        for scenario, value in plan["by_scenario"].items():
            assert f"strength under {scenario} {value:,.1f} {robust['by_scenario'][scenario]:,.1f}" in first
    else:
        assert "Recommended: the package of greatest strength" in first
    for category in plan["allocation"]:
        assert category["category"] in first
    units = study.setting_units
    budget = amount(plan["budget"]["limit"]) + (f" {units['budget']}" if units.get("budget") else "")
    risk = amount(plan["risk"]["limit"]) + (f" {units['risk_cap']}" if units.get("risk_cap") else "")
    assert f"Budget: {budget}; the recommended package uses {amount(plan['budget']['used'])}" in first
    assert f"Risk cap: {risk}; the recommended package uses {amount(plan['risk']['used'])}" in first
    assert "Weight sensitivity (MAVT)" in words and "overall value (MAVT)" in words


@pytest.mark.poppler
@pytest.mark.parametrize("name", STUDIES)
def test_how_sure_is_decision_robustness_to_the_printed_digit(outcomes, name, capsys, tmp_path):
    """The winner's first-rank acceptability, its standard error and the runner-up are those of
    `decision robustness --json` with the same method, weight information, samples and seed."""
    require_poppler()
    data, pdf, _ = outcomes(name)
    s = data.robustness.smaa
    workbook = data.study.source
    code, out, _ = W.run(capsys, "robustness", workbook, "--json", "--method", s.method, "--weight-info",
                         s.weight_info, "--samples", s.samples, "--seed", s.seed)
    assert code == 0
    doc = json.loads(out)
    winner = data.rankings.primary.top
    first = text(pdf, 1)
    share, se = doc["acceptability"][winner][0], doc["standard_error"]["acceptability"][winner][0]
    assert f"{winner} ranks first in {100 * share:.1f}% of the samples (standard error {100 * se:.1f} percentage " \
           "points)." in first
    others = {a: v[1] for a, v in doc["acceptability"].items() if a != winner}
    runner = max(others, key=others.get)  # ties: none in these studies
    assert f"Runner-up: {runner}, second in {100 * others[runner]:.1f}% of the samples" in first
    weights = [t for t in doc["thresholds"] if t["distance"] is not None]
    nearest = min(weights, key=lambda t: t["distance"])
    assert (f"Nearest weight threshold: if the weight of {nearest['criterion']} were to "
            f"{'rise' if nearest['flip_weight'] > nearest['weight'] else 'fall'} from {nearest['weight']:.3f} to "
            f"{nearest['flip_weight']:.3f} (the others in proportion), {nearest['new_top']} would rank first") in first
    scores = [t for t in doc["score_thresholds"] if t["relative_distance"] is not None]
    near = min(scores, key=lambda t: t["relative_distance"])
    assert (f"Nearest score threshold: if the score of {near['alternative']} on {near['criterion']} moved from "
            f"{near['score']:.4g} to {near['flip_score']:.4g} ({100 * near['relative_distance']:.1f}% of its scale)") \
        in first


@pytest.mark.poppler
def test_the_three_alternative_study_names_its_winner_in_ukrainian(outcomes):
    """criteria/three_alternatives.xlsx: the winner's Cyrillic name is text on page 1 of its brief."""
    data, pdf, warnings = outcomes("three")
    assert data.rankings.primary.top == "Нейтралітет з гарантіями"
    assert "Нейтралітет з гарантіями ranks first" in " ".join(poppler("pdftotext", "-f", "1", "-l", "1", pdf, "-").split())
    assert warnings == []


def test_a_name_in_cyrillic_is_text_in_the_pdf(outcomes):
    require_poppler()
    data, pdf, warnings = outcomes("cyrillic")
    assert warnings == []
    assert_a_proper_brief(pdf)
    assert CYRILLIC in data.study.alternative_names
    assert f"{CYRILLIC} ranks first under MAVT" in text(pdf, 1) or CYRILLIC in text(pdf, 1)
    assert CYRILLIC in text(pdf, 2)  # in the charts too


@pytest.mark.poppler
def test_the_about_identity_and_the_full_caveat_are_on_the_first_page(outcomes, tmp_path):
    """Until the About sheet lands on main the identity is read with getattr: a study given one
    here shows its title, author, organisation, date and classification, and the whole caveat on page 1."""
    require_poppler()
    data, _, _ = outcomes("scenarios")
    caveat = " ".join(f"Sentence {k} of the caveat: every number is an illustrative judgement." for k in range(25))
    study = dataclasses.replace(data.study)
    object.__setattr__(study, "about", types.SimpleNamespace(
        title="Ending the war: guarantees or a buffer zone?", author="A. Analyst", organisation="Policy Unit",
        date=dt.date(2026, 3, 1), date_text="2026-03-01", classification="OFFICIAL-SENSITIVE", caveat=caveat))
    pdf = tmp_path / "about.pdf"
    assert write_brief(dataclasses.replace(data, study=study), pdf) == []
    assert_a_proper_brief(pdf)
    first = text(pdf, 1)
    assert first.index("Ending the war: guarantees or a buffer zone?") < first.index("The answer")
    assert "A. Analyst, Policy Unit, 2026-03-01" in first
    assert "OFFICIAL-SENSITIVE" in first and "OFFICIAL-SENSITIVE" in text(pdf, 2)  # the marking on every page
    assert caveat in first
    assert first.index("The limits") < first.index(caveat)  # the brief's order: the caveat last


@pytest.mark.poppler
def test_a_failed_section_is_one_sentence_and_the_brief_is_still_written(tmp_path):
    require_poppler()
    study = read_study(W.base(tmp_path, Aid=None, Settings=None))
    data = compute(study, resolve(study))
    pdf = tmp_path / "brief.pdf"
    assert write_brief(data, pdf) == []
    assert_a_proper_brief(pdf)
    words = text(pdf)
    assert "The aid package could not be computed: study.xlsx: Aid: no aid categories" in words
    assert "The limits in use could not be computed:" in words
    assert "Guarantees ranks first under MAVT" in words  # the rest stands


# --- the layout fits whatever the study -----------------------------------------------------------

def synthetic(rows: int, name: int, caveat: int) -> Brief:
    """A brief with `rows` rows in each table, names of `name` characters and a caveat of `caveat`."""
    n = lambda k: f"Name {k} " + "x" * max(name - 7, 0)  # noqa: E731
    table = Table(("criterion", "weight"), tuple((n(k), "0.100") for k in range(rows)), (False, True))
    wide = Table(("", "recommended", "robust"), tuple((n(k), "1,000", "2,000") for k in range(rows)),
                 (False, True, True))
    sentences = tuple(f"{n(k)} ranks first in 50.0% of the samples." for k in range(5))
    sections = (Section("The answer", sentences[:2]), Section("How sure", sentences),
                Section("The weights", sentences[:1], table), Section("The aid package", sentences[:2], wide),
                Section("The limits", sentences[:2]))
    charts = tuple(Chart(f"Chart {k}", "Not computed: " + "reason " * 30, None) for k in range(4))
    return Brief("T" * name, "A" * name, "SECRET", sections, "Caveat. " * (caveat // 8), charts, "From x.xlsx.")


@pytest.mark.poppler
@pytest.mark.parametrize("rows, name, caveat", [(3, 10, 0), (40, 30, 400), (100, 300, 3000), (200, 1000, 32767)])
def test_any_brief_fits_two_pages_with_the_words_on_the_first(tmp_path, rows, name, caveat):
    require_poppler()
    pdf = tmp_path / "synthetic.pdf"
    assert write_pdf(synthetic(rows, name, caveat), pdf) == []
    assert_a_proper_brief(pdf)
    first = text(pdf, 1)
    assert "Caveat" in first or caveat == 0
    assert "Chart 0" not in first  # the charts begin on page 2


def test_the_layout_tries_smaller_levels_only_when_needed(outcomes):
    small = layout(synthetic(3, 10, 100))
    assert small.pages_count == 2
    assert LEVELS[0].rows is None and LEVELS[-1].rows is not None and LEVELS[-1].caveat is not None
    data, _, _ = outcomes("variants")  # the larger shipped study, with an About caveat: the first level
    study = dataclasses.replace(data.study)
    object.__setattr__(study, "about", types.SimpleNamespace(
        title="Ending the war: security guarantees or a demilitarized zone", author="Policy analysis team",
        organisation="Strategy Unit", date_text="2026-03-01", classification="OFFICIAL", caveat="Illustrative. " * 40))
    pdf, words_end = _render(brief(dataclasses.replace(data, study=study)), LEVELS[0], {})
    assert (words_end, pdf.pages_count) == (1, 2)


def test_a_glyph_the_font_lacks_is_a_warning_not_a_crash(tmp_path):
    b = synthetic(3, 10, 0)
    b = dataclasses.replace(b, title="和平协议")  # DejaVu Sans has no CJK
    warnings = write_pdf(b, tmp_path / "cjk.pdf")
    assert warnings and all(w.startswith("brief: ") for w in warnings)
    assert any("missing" in w for w in warnings)


# --- the content ----------------------------------------------------------------------------------

def test_numbers_are_formatted_for_people():
    assert weight(0.25) == "0.250" and percent(0.9096) == "91.0%"
    assert amount(4000) == "4,000" and amount(2960.25) == "2,960.2" and amount(12.5) == "12.5"
    assert amount(1234567.0) == "1,234,567" and amount(0.25) == "0.25"
    assert short("x" * 200, 10) == "x" * 9 + "…"


def test_every_figure_comes_from_the_outcomes(outcomes):
    data, _, _ = outcomes("variants")
    b = brief(data)
    rob = data.robustness
    s = rob.smaa
    winner = s.alternatives.index(data.rankings.primary.top)
    runner = s.runner_up(winner)
    assert runner != winner and s.acceptability[runner, 1] == max(
        s.acceptability[k, 1] for k in range(len(s.alternatives)) if k != winner)
    how = " ".join(b.sections[1].sentences)
    assert f"Runner-up: {s.alternatives[runner]}" in how
    assert rob.nearest_threshold.nearest.distance == min(t.nearest.distance for t in rob.thresholds if t.nearest)
    assert rob.nearest_score_threshold.share_of_scale == min(
        t.share_of_scale for t in rob.score_thresholds if t.share_of_scale is not None)
    value, acceptability, packages, sensitivity = (c.data for c in b.charts)
    r = data.rankings.primary
    assert value.totals == tuple(float(r.scores[int(i)]) for i in r.order)  # MAVT is the ranking here
    assert np.allclose([sum(row) for row in value.contributions], value.totals)
    assert acceptability.shares[0] == s.acceptability[winner, 0]
    assert packages.packages[-1] == "robust (worst case)" and len(packages.packages) == len(s.alternatives) + 1
    assert packages.packages[packages.recommended] == data.allocation.scenario
    focus = data.sensitivity.focus
    assert sensitivity.criterion == focus.criterion and sensitivity.current == focus.current
    assert [c[0] for c in sensitivity.crossovers] == [c.weight for c in data.sensitivity[focus.criterion].crossovers]
    assert "MAVT" in b.charts[3].title


def test_the_sensitivity_is_the_pipelines_and_a_holding_winner_is_said(outcomes):
    data, _, _ = outcomes("scenarios")
    assert data.sensitivity is not None and data.sensitivity.top == data.rankings.primary.top
    from decision.robustness.sensitivity import from_values

    holds = from_values([[1.0, 1.0], [0.0, 0.0]], [0.5, 0.5], alternatives=("A", "B"), criteria=("c", "d"))
    assert holds.focus.holds
    chart = brief(dataclasses.replace(data, sensitivity=holds)).charts[3]
    assert chart.caption.startswith("A ranks first under MAVT whatever the weight of c")


def test_runner_up_is_the_highest_second_rank_acceptability_other_than_the_first(outcomes):
    data, _, _ = outcomes("scenarios")
    s = data.robustness.smaa
    fake = dataclasses.replace(s, acceptability=np.array([[0.5, 0.5, 0.0], [0.3, 0.2, 0.5], [0.2, 0.3, 0.5]]),
                               alternatives=("A", "B", "C"))
    assert fake.runner_up(0) == 2 and fake.runner_up(2) == 0
    single = dataclasses.replace(s, acceptability=np.array([[1.0]]), alternatives=("A",))
    assert single.runner_up(0) is None


# --- the command ----------------------------------------------------------------------------------

def test_brief_paths():
    study = types.SimpleNamespace(name="study")
    assert default_brief_path(study) == Path("reports") / "study_brief.pdf"
    assert brief_beside(Path("reports/study_report.xlsx")) == Path("reports/study_brief.pdf")
    assert brief_beside(Path("out/x.xlsx")) == Path("out/x_brief.pdf")


@pytest.mark.poppler
def test_decision_brief_writes_the_default_path_and_refuses_to_overwrite_without_force(tmp_path, monkeypatch, capsys):
    require_poppler()
    workbook = W.base(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = W.run(capsys, "brief", workbook)
    assert code == 0, err
    default = tmp_path / "reports" / "study_brief.pdf"
    assert err.splitlines()[-1] == "wrote reports/study_brief.pdf" and out == ""
    assert_a_proper_brief(default)
    other = tmp_path / "mine.pdf"
    other.write_bytes(b"keep me")
    code, _, err = W.run(capsys, "brief", workbook, "-o", other)
    assert code == 2 and err.strip() == f"{other}: already exists (use --force to replace it)"
    assert other.read_bytes() == b"keep me"
    code, _, err = W.run(capsys, "brief", workbook, "-o", other, "--force")
    assert code == 0, err
    assert other.read_bytes().startswith(b"%PDF")
    code, _, err = W.run(capsys, "brief", workbook, "-o", workbook)
    assert code == 2 and "is the input workbook" in err


@pytest.mark.poppler
def test_report_writes_the_brief_beside_the_workbook_and_no_brief_skips_it(tmp_path, monkeypatch, capsys):
    require_poppler()
    workbook = W.base(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, _, err = W.run(capsys, "report", workbook)
    assert code == 0, err
    assert err.splitlines()[-2:] == ["wrote reports/study_report.xlsx", "wrote reports/study_brief.pdf"]
    assert_a_proper_brief(tmp_path / "reports" / "study_brief.pdf")
    code, _, err = W.run(capsys, "report", workbook, "-o", "out.xlsx", "--no-brief")
    assert code == 0, err
    assert (tmp_path / "out.xlsx").exists() and not (tmp_path / "out_brief.pdf").exists()
    (tmp_path / "fresh_brief.pdf").write_bytes(b"keep me")
    code, _, err = W.run(capsys, "report", workbook, "-o", "fresh.xlsx")  # the brief beside it exists
    assert code == 2 and err.strip() == "fresh_brief.pdf: already exists (use --force to replace it)"
    assert not (tmp_path / "fresh.xlsx").exists()  # refused before anything was written


def test_the_brief_warns_when_another_alternative_is_first_more_often():
    """Without weight information the variants study's MAVT winner (Guarantees multilateral) ranks
    first in fewer samples than Guarantees bilateral: the brief must not let the runner-up sentence
    hide that."""
    import dataclasses

    from decision.brief.content import brief

    study = read_study(SHIPPED["variants"])
    bare = dataclasses.replace(study, criteria=tuple(
        dataclasses.replace(c, weight_low=None, weight_high=None, rank=None) for c in study.criteria))
    data = compute(bare, resolve(bare))
    s = data.robustness.smaa
    assert s.weight_info == "none"
    winner = data.rankings.primary.top
    rival = s.alternatives[int(np.argmax(s.acceptability[:, 0]))]
    assert rival != winner  # the case this test is about
    how_sure = next(section for section in brief(data).sections if section.heading == "How sure")
    caution = [line for line in how_sure.sentences if line.startswith("Caution:")]
    share = s.acceptability[s.alternatives.index(rival), 0]
    assert caution == [f"Caution: {rival} ranks first more often than {winner}, in {100 * share:.1f}% of the "
                       "samples: under the plausible weights the answer could well be the other one."]

"""What the brief says: the pipeline's outcomes (ReportData) turned into a typed `Brief`.

A pure function of the outcomes: sections of sentences and small tables, and the data of the four
charts, as plain values (str, float, tuples), with no layout. Every figure is read off a result
(the rankings, robustness, the aid packages, the weight sensitivity); nothing is computed here but
the words and the formatting of numbers for people (weights 0.000, amounts with thousands
separators and the study's units, percentages with one decimal). A section whose outcome failed
(ReportData.failures) says so in one sentence instead.

The order is the brief's: the question (title), who and when, the answer, how sure, the weights,
the aid package, the limits, the caveat; then the charts.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

import numpy as np

from decision.brief.numbers import amount, number, percent, points, score, strength, weight
from decision.methods.registry import METHODS
from decision.pipeline.outcomes import Failure, ReportData

NAME_LENGTH = 120  # characters of a name in a sentence or a table (the rest is cut with an ellipsis)
REASONS = 3  # reasons of a failure quoted in its sentence
MAX_BARS = 12  # bars of a chart: the alternatives (or scenarios' packages) ranked first
MAX_LINES = 8  # lines of the weight sensitivity: the alternatives ranked first, and any the top passes to

# How each weighting procedure turns the workbook into weights, in a reader's words (short: the
# report's Weights sheet says it at length).
PROCEDURES = {
    "direct": "as typed in the workbook's Criteria sheet",
    "equal": "equal for every criterion",
    "swing": "swing weighting: points for each criterion's swing from its worst to its best",
    "roc": "rank order centroid weights from the criteria's importance ranks",
    "rank-sum": "rank sum weights from the criteria's importance ranks",
    "rank-reciprocal": "rank reciprocal weights from the criteria's importance ranks",
    "ahp": "AHP: the principal eigenvector of the pairwise judgements",
    "entropy": "entropy weights, from the scores alone",
    "critic": "CRITIC weights, from the scores alone",
    "merec": "MEREC weights, from the scores alone",
}
WEIGHT_INFO = {
    "none": "weights drawn uniformly over every combination summing to 1",
    "ordinal": "weights drawn uniformly among those that respect the criteria's importance ranks",
    "intervals": "weights drawn uniformly within the criteria's weight intervals",
}


# --- the typed brief ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]  # per column: figures (aligned right by a layout)
    side_by_side: bool = False  # a long two-column list a layout may fold into two pairs of columns


@dataclass(frozen=True)
class Section:
    heading: str
    sentences: tuple[str, ...]
    table: Table | None = None
    notes: tuple[str, ...] = ()  # sentences after the table


@dataclass(frozen=True)
class ValueChart:
    """MAVT's overall value of each alternative (in rank order), split into w_j v_ij per criterion."""

    alternatives: tuple[str, ...]
    criteria: tuple[str, ...]
    contributions: tuple[tuple[float, ...], ...]  # per alternative, per criterion
    totals: tuple[float, ...] | None  # MAVT's overall values (the sums of the contributions); None: unknown


@dataclass(frozen=True)
class AcceptabilityChart:
    """Each alternative's first-rank acceptability (in rank order of the ranking) and its standard error."""

    alternatives: tuple[str, ...]
    shares: tuple[float, ...]
    errors: tuple[float, ...]
    winner: str | None


@dataclass(frozen=True)
class PackagesChart:
    """The cost of each category in each package: one bar per scenario's package, and the robust one."""

    packages: tuple[str, ...]  # bar labels
    categories: tuple[str, ...]
    costs: tuple[tuple[float, ...], ...]  # per package, per category
    units: tuple[tuple[str, ...], ...]  # per package, per category: the units bought, formatted
    recommended: int | None  # the index of the recommended package's bar
    budget: float | None
    unit: str  # the budget's unit ("" when the Settings give none)


@dataclass(frozen=True)
class SensitivityChart:
    """MAVT's overall value of each alternative as one criterion's weight moves 0..1."""

    criterion: str
    current: float
    grid: tuple[float, ...]
    alternatives: tuple[str, ...]
    values: tuple[tuple[float, ...], ...]  # per alternative, on the grid
    crossovers: tuple[tuple[float, float, str, str], ...]  # (weight, value there, from, to)
    top: str


@dataclass(frozen=True)
class Chart:
    title: str
    caption: str  # what it shows, or why it is missing
    data: ValueChart | AcceptabilityChart | PackagesChart | SensitivityChart | None  # None: not computed


@dataclass(frozen=True)
class Brief:
    title: str
    byline: str  # author, organisation, date as known ("" when none is)
    classification: str
    sections: tuple[Section, ...]
    caveat: str
    charts: tuple[Chart, ...]
    source: str  # where it came from: the workbook, its hash, the time


# --- numbers and names for people ---------------------------------------------------------------

def with_unit(text: str, unit: str | None) -> str:
    return f"{text} {unit}" if unit else text


def short(name, limit: int = NAME_LENGTH) -> str:
    text = str(name)
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def method_name(method: str) -> str:
    return method.upper()


def score_name(method: str) -> str:
    spec = METHODS.get(method)
    return spec.score_name if spec else "score"


def and_list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def not_computed(what: str, failure: Failure | None) -> str:
    """One sentence: `what` could not be computed, and why (the first reasons)."""
    if failure is None:
        return f"{what[0].upper()}{what[1:]} was not computed."
    reasons = [r.rstrip(".") for r in failure.reasons[:REASONS]]
    more = len(failure.reasons) - len(reasons)
    why = "; ".join(reasons) + (f"; and {more} more (see the report)" if more > 0 else "")
    return f"{what[0].upper()}{what[1:]} could not be computed: {why}."


# --- the brief ----------------------------------------------------------------------------------

def brief(data: ReportData, *, names: int = NAME_LENGTH) -> Brief:
    """The brief of the outcomes; `names`: the characters a name keeps in sentences and tables."""
    about = getattr(data.study, "about", None)  # the About work gives every study one; not on main yet
    title = _text(about, "title") or data.study.name
    known = [_text(about, "author"), _text(about, "organisation"), _date(about)]
    byline = ", ".join(dict.fromkeys(k for k in known if k))  # an author who is the organisation: once
    sections = (answer(data, names), how_sure(data, names), weights(data, names), package(data, names),
                limits(data))
    return Brief(title, byline, _text(about, "classification"), sections, _text(about, "caveat"),
                 charts(data, names), source(data))


def _text(about, topic: str) -> str:
    value = getattr(about, topic, None) if about is not None else None
    return str(value).strip() if value else ""


def _date(about) -> str:
    if about is None:
        return ""
    text = getattr(about, "date_text", None)
    if text is not None:
        return str(text)
    value = getattr(about, "date", None)
    return value.isoformat() if isinstance(value, _dt.date) else (str(value) if value else "")


def source(data: ReportData) -> str:
    p = data.provenance
    return (f"From {p.input_file} (SHA-256 {p.sha256[:16]}…) by decision {p.tool_version}, written {p.written_at} "
            "(UTC). Every figure is in the Excel report of the same run.")


def answer(data: ReportData, names: int) -> Section:
    heading = "The answer"
    if data.rankings is None:
        return Section(heading, (not_computed("the ranking", data.failure("ranking")),))
    r = data.rankings.primary
    how, what = method_name(r.method), score_name(r.method)
    s, order = r.scores, [int(i) for i in r.order]
    first = order[0]
    scale = " on a scale from 0 (worst on every criterion) to 1 (best)" if r.method == "mavt" else ""
    if len(order) == 1:
        return Section(heading, (f"{short(r.alternatives[first], names)} is the only alternative "
                                 f"({what} {score(s[first])}).",))
    second = order[1]
    if r.ranks[second] == 1:
        tied = [short(r.alternatives[i], names) for i in order if r.ranks[i] == 1]
        return Section(heading, (f"{and_list(tied)} tie for first under {how} ({what} {score(s[first])}{scale}).",))
    lower = "" if r.higher_is_better else " (lower is better)"
    return Section(heading, (
        f"{short(r.alternatives[first], names)} ranks first under {how}, with {what} {score(s[first])}{scale}"
        f"{lower}.",
        f"Its lead over the second, {short(r.alternatives[second], names)} ({score(s[second])}), is "
        f"{score(r.margin)}.",
    ))


def how_sure(data: ReportData, names: int) -> Section:
    heading = "How sure"
    rob = data.robustness
    if rob is None:
        failure = data.failure("robustness") or data.failure("ranking")
        return Section(heading, (not_computed("the robustness analysis", failure),))
    s = rob.smaa
    if data.rankings is not None:
        i = s.alternatives.index(data.rankings.primary.top)
    else:  # no ranking, so no winner to test: the alternative most often first
        i = int(np.argmax(s.acceptability[:, 0]))
    winner = s.alternatives[i]
    scores = ", scores drawn between ScoresLow and ScoresHigh" if s.uncertain_scores else ""
    via = "" if data.rankings is None or data.rankings.primary.method == s.method else (
        f"; {method_name(data.rankings.primary.method)} cannot be sampled, so SMAA uses {method_name(s.method)}")
    sentences = [
        f"{short(winner, names)} ranks first {'' if data.rankings is not None else 'most often: '}in "
        f"{percent(s.acceptability[i, 0])} of the samples (standard error {points(s.se_acceptability[i, 0])} "
        "percentage points).",
        f"The samples: SMAA-2 with {method_name(s.method)}, {s.samples:,} samples from seed {s.seed}, "
        f"{WEIGHT_INFO.get(s.weight_info, s.weight_info)}{scores}{via}."]
    runner = s.runner_up(i)
    if rob.thresholds is None:
        notes = "; ".join(n.rstrip(".") for n in rob.notes) or "the study has no point weights"
        sentences.append(f"{notes[0].upper()}{notes[1:]}.")
    else:
        top = short(s.alternatives[rob.top], names)
        t = rob.nearest_threshold
        if t is None:
            sentences.append(f"No single criterion's weight, moved with the others in proportion, changes who ranks "
                             f"first ({top} under {method_name(s.method)}).")
        else:
            change = t.nearest
            move = "rise" if change.value > t.weight else "fall"
            sentences.append(
                f"Nearest weight threshold: if the weight of {short(t.criterion, names)} were to {move} from "
                f"{weight(t.weight)} to {weight(change.value)} (the others in proportion), "
                f"{short(s.alternatives[change.new_top], names)} would rank first instead of {top}.")
        st = rob.nearest_score_threshold
        if st is None:
            sentences.append("No single score, moved alone within its scale, changes who ranks first.")
        else:
            change = st.nearest
            sentences.append(
                f"Nearest score threshold: if the score of {short(st.alternative, names)} on "
                f"{short(st.criterion, names)} moved from {number(st.score)} to {number(change.value)} ({percent(st.share_of_scale)} of its "
                f"scale), {short(s.alternatives[change.new_top], names)} would rank first instead of {top}.")
    rival = int(np.argmax(s.acceptability[:, 0]))
    if data.rankings is not None and s.acceptability[rival, 0] > s.acceptability[i, 0]:
        sentences.append(f"Caution: {short(s.alternatives[rival], names)} ranks first more often than "
                         f"{short(winner, names)}, in {percent(s.acceptability[rival, 0])} of the samples: under the "
                         "plausible weights the answer could well be the other one.")
    if runner is not None:
        sentences.append(f"Runner-up: {short(s.alternatives[runner], names)}, second in "
                         f"{percent(s.acceptability[runner, 1])} of the samples (the highest second-rank "
                         "acceptability).")
    return Section(heading, tuple(sentences))


def weights(data: ReportData, names: int) -> Section:
    heading = "The weights"
    if data.rankings is None:
        return Section(heading, (not_computed("the weights", data.failure("ranking")),))
    w = data.rankings.primary.weights
    words = PROCEDURES.get(w.method, w.method)
    table = Table(("criterion", "weight"), tuple((short(c, names), weight(x)) for c, x in zip(w.criteria, w.values)),
                  (False, True), side_by_side=True)
    return Section(heading, (f"Weights by the {w.method} procedure ({words}), normalized to sum to 1.",), table)


def _units(study) -> tuple[str, str]:
    u = study.setting_units
    return u.get("budget", "") or "", u.get("risk_cap", "") or ""


def package(data: ReportData, names: int) -> Section:
    heading = "The aid package"
    plan = data.allocation
    if plan is None:
        return Section(heading, (not_computed("the aid package", data.failure("allocation")),))
    money, risk = _units(data.study)
    scenario = plan.scenario
    why = {"mavt": "the scenario MAVT ranks first", "option": "the scenario chosen"}.get(plan.scenario_from, "")
    if scenario:
        sentences = [f"Recommended: the package optimized for {short(scenario, names)}"
                     + (f" ({why})" if why else "") + "."]
    else:
        sentences = ["Recommended: the package of greatest strength (the Aid sheet's strength; no scenario "
                     "multipliers)."]
    robust = (data.aid.packages.get("robust") if data.aid is not None else None)
    if robust is not None:
        sentences.append(f"Beside it, the robust package: the greatest worst-case strength over the scenarios, "
                         f"{strength(robust.objective)} (under {short(robust.worst_case, names)}).")
    elif data.study.aid_effects is not None:
        sentences.append(not_computed("the robust package", data.failure("packages per scenario")))
    columns = ["", f"recommended ({short(scenario, 40)})" if scenario else "recommended"]
    shown = [plan] + ([robust] if robust is not None else [])
    if robust is not None:
        columns.append("robust")
    unit_of = {c.name: c.unit for c in data.study.aid}
    categories = [c.name for c in data.study.aid]
    bought = [{p.category: p.units for p in pkg.purchases} for pkg in shown]
    rows = [(short(c, names), *(with_unit(amount(b.get(c, 0)), unit_of.get(c)) for b in bought)) for c in categories]
    rows.append((with_unit("cost", f"({money})" if money else ""), *(amount(p.budget.used) for p in shown)))
    rows.append((with_unit("risk", f"({risk})" if risk else ""), *(amount(p.risk.used) for p in shown)))
    scenarios = list(plan.by_scenario or {})
    if scenarios:
        rows += [(f"strength under {short(s, names)}", *(strength(p.by_scenario[s]) for p in shown))
                 for s in scenarios]
    else:
        rows.append(("strength", *(strength(p.objective) for p in shown)))
    table = Table(tuple(columns), tuple(rows), (False, *([True] * len(shown))))
    notes = [not_computed(f.section, f) for f in data.failures if f.section == "proof of the recommended package"]
    return Section(heading, tuple(sentences), table, tuple(notes))


def limits(data: ReportData) -> Section:
    heading = "The limits"
    plan = data.allocation
    if plan is None:
        return Section(heading, (not_computed("the limits in use", data.failure("allocation")),))
    money, risk = _units(data.study)
    robust = data.aid.packages.get("robust") if data.aid is not None else None

    def line(label, key, unit):
        limit = getattr(plan, key)
        text = (f"{label}: {with_unit(amount(limit.limit), unit)}; the recommended package uses "
                f"{amount(limit.used)}")
        if robust is not None:
            text += f", the robust one {amount(getattr(robust, key).used)}"
        return text + "."

    return Section(heading, (line("Budget", "budget", money), line("Risk cap", "risk", risk)))


# --- the charts ---------------------------------------------------------------------------------

def charts(data: ReportData, names: int) -> tuple[Chart, ...]:
    return (value_chart(data, names), acceptability_chart(data, names), packages_chart(data, names),
            sensitivity_chart(data, names))


def value_chart(data: ReportData, names: int) -> Chart:
    title = "Overall value (MAVT), by criterion"
    if data.rankings is None:
        return Chart(title, not_computed("the ranking", data.failure("ranking")), None)
    r, c = data.rankings.primary, data.rankings.contributions
    mavt = next((x for x in data.rankings.all if x.method == "mavt"), None)  # always there (a second opinion)
    order = [int(i) for i in (mavt or r).order]
    caption = ("Each bar is an alternative's MAVT overall value (0 to 1), split into what each criterion "
               "contributes (its weight times the alternative's value on it).")
    if len(order) > MAX_BARS:
        caption += f" Shown: the {MAX_BARS} ranked first of {len(order)}."
        order = order[:MAX_BARS]
    if r.method != "mavt":
        caption += f" The ranking itself is by {method_name(r.method)}."
    return Chart(title, caption, ValueChart(tuple(short(r.alternatives[i], names) for i in order),
                                            tuple(short(x, names) for x in r.weights.criteria),
                                            tuple(tuple(float(x) for x in c[i]) for i in order),
                                            None if mavt is None else tuple(float(mavt.scores[i]) for i in order)))


def acceptability_chart(data: ReportData, names: int) -> Chart:
    title = "First-rank acceptability (SMAA-2)"
    rob = data.robustness
    if rob is None:
        failure = data.failure("robustness") or data.failure("ranking")
        return Chart(title, not_computed("the robustness analysis", failure), None)
    s = rob.smaa
    if data.rankings is not None:
        order = [s.alternatives.index(data.rankings.primary.alternatives[int(i)]) for i in data.rankings.primary.order]
        winner = short(data.rankings.primary.top, names)
    else:
        order, winner = list(range(len(s.alternatives))), None
    caption = (f"The share of {s.samples:,} samples ({method_name(s.method)}, "
               f"{WEIGHT_INFO.get(s.weight_info, s.weight_info)}) in which each alternative ranks first.")
    if len(order) > MAX_BARS:
        caption += f" Shown: the {MAX_BARS} the ranking puts first, of {len(order)}."
        order = order[:MAX_BARS]
    return Chart(title, caption, AcceptabilityChart(tuple(short(s.alternatives[i], names) for i in order),
                                                    tuple(float(s.acceptability[i, 0]) for i in order),
                                                    tuple(float(s.se_acceptability[i, 0]) for i in order), winner))


def packages_chart(data: ReportData, names: int) -> Chart:
    title = "Aid packages per scenario"
    plan = data.allocation
    if plan is None:
        return Chart(title, not_computed("the aid package", data.failure("allocation")), None)
    money, _ = _units(data.study)
    found = dict(data.aid.packages) if data.aid is not None else {}
    if len(found) > MAX_BARS and data.rankings is not None:  # the scenarios ranked first, the recommended, robust
        r = data.rankings.primary
        first = [r.alternatives[int(i)] for i in r.order]
        keep = [k for k in first if k == plan.scenario] + [k for k in first if k != plan.scenario]
        keep = set(keep[:MAX_BARS - 1]) | {"robust"}
        found = {k: v for k, v in found.items() if k in keep}
    if found:
        labels = [short(k, names) if k != "robust" else "robust (worst case)" for k in found]
        shown = list(found.values())
        recommended = list(found).index(plan.scenario) if plan.scenario in found else None
        caption = ("Each bar is the package of greatest strength under one scenario, and the robust package "
                   "(greatest worst-case strength); its length is what it costs, split by category; the numbers are "
                   "the units bought. The recommended package is marked; the dashed line is the budget.")
    else:
        labels, shown, recommended = ["recommended"], [plan], 0
        caption = ("The recommended package's cost, split by category, with the units bought; the dashed line is the "
                   "budget.")
        if data.study.aid_effects is not None:
            caption += " " + not_computed("the packages per scenario", data.failure("packages per scenario"))
    categories = [c.name for c in data.study.aid]
    costs, units = [], []
    for pkg in shown:
        line = {p.category: p for p in pkg.purchases}
        costs.append(tuple(float(line[c].cost) if c in line else 0.0 for c in categories))
        units.append(tuple(amount(line[c].units) if c in line else "0" for c in categories))
    return Chart(title, caption, PackagesChart(tuple(labels), tuple(short(c, names) for c in categories),
                                               tuple(costs), tuple(units), recommended,
                                               float(plan.budget.limit), money))


def sensitivity_chart(data: ReportData, names: int) -> Chart:
    sens = data.sensitivity
    if sens is None or sens.focus is None:
        return Chart("Weight sensitivity (MAVT)", not_computed("the weight sensitivity", data.failure("ranking")), None)
    focus = sens.focus
    line = sens[focus.criterion]
    crit = short(focus.criterion, names)
    title = f"Weight sensitivity (MAVT): {crit}"
    alternatives = list(sens.alternatives)
    crossings = tuple((float(c.weight), float(line.at(c.weight)[alternatives.index(c.to)]), short(c.from_, names),
                       short(c.to, names)) for c in line.crossovers)
    mavt = next((x for x in data.rankings.all if x.method == "mavt"), None) if data.rankings is not None else None
    shown = list(range(len(alternatives))) if mavt is None else [int(i) for i in mavt.order]
    if len(shown) > MAX_LINES:  # the alternatives ranked first, and every one that takes the top somewhere
        passed = {c.from_ for c in line.crossovers} | {c.to for c in line.crossovers}
        shown = [i for k, i in enumerate(shown) if k < MAX_LINES or alternatives[i] in passed]
    if focus.holds:
        caption = (f"{short(sens.top, names)} ranks first under MAVT whatever the weight of {crit}: no weight of any "
                   "single criterion, the others in proportion, changes the top. Shown: the criterion of the largest "
                   f"weight ({weight(focus.current)}, dashed).")
    else:
        c = focus.crossover
        if c.weight < focus.current:
            change = f"below {weight(c.weight)}, {short(c.from_, names)} would rank first instead of {short(c.to, names)}"
        else:
            change = f"above {weight(c.weight)}, {short(c.to, names)} would rank first instead of {short(c.from_, names)}"
        caption = (f"Each line is an alternative's MAVT overall value as the weight of {crit} moves from 0 to 1, the "
                   f"others in proportion; the dashed line is its weight now ({weight(focus.current)}). {change[0].upper()}"
                   f"{change[1:]}: of all criteria's weights, this change of the top is the nearest.")
    if len(shown) < len(alternatives):
        caption += f" Shown: {len(shown)} of the {len(alternatives)} alternatives, those ranked first."
    return Chart(title, caption, SensitivityChart(
        crit, float(line.current), tuple(float(t) for t in sens.grid), tuple(short(alternatives[i], names) for i in shown),
        tuple(tuple(float(x) for x in line.values[:, i]) for i in shown), crossings,
        short(sens.top, names)))


__all__ = ["Brief", "Chart", "Section", "Table", "brief"]

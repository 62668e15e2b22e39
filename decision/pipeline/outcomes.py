"""Everything the report shows, computed before any cell is written (analysis apart from layout).

A section that cannot be computed for reasons the user controls (an InputError: no Aid sheet, no
budget, no weights; a NoSolution: an infeasible plan) becomes a `Failure` that the report prints
and returns as a warning. Any other exception is a bug and propagates.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from decision.allocation.result import Allocation
from decision.comparison import Comparison, compare_all
from decision.errors import InputError, NoSolution
from decision.methods.mavt import values
from decision.methods.registry import batched_ids
from decision.model import Study
from decision.ranking import Ranking, rank
from decision.pipeline.aid import Packages
from decision.pipeline.aid_outcomes import aid_analysis
from decision.pipeline.completion import complete
from decision.pipeline.provenance import Provenance, collect
from decision.pipeline.options import Options, resolve
from decision.pipeline.recommend import allocate
from decision.weights import REGISTRY as WEIGHTING_PROCEDURES
from decision.robustness import own_weight_info, robustness
from decision.robustness.sensitivity import weight_sensitivity
from decision.tables import ALTERNATIVE, CRITERION, Table, frame_table, matrix
from decision.weights import Weights, derive, reads_scores

SECOND_OPINIONS = ("mavt", "topsis")


@dataclass(frozen=True)
class Failure:
    section: str
    reasons: tuple[str, ...]
    relaxations: dict | None = None

    @property
    def warning(self) -> str:
        return f"{self.section} not computed: {'; '.join(self.reasons)}"


@dataclass(frozen=True)
class Rankings:
    """The chosen method's ranking first, then the second opinions, all with the same weights."""

    all: tuple[Ranking, ...]
    contributions: np.ndarray  # (m, n): w_j * v_ij of MAVT
    scale: tuple[np.ndarray, np.ndarray]  # the value scale low..high per criterion

    @property
    def primary(self) -> Ranking:
        return self.all[0]

    @property
    def others(self) -> tuple[Ranking, ...]:
        return self.all[1:]

    def tables(self) -> dict[str, Table]:
        """In the primary ranking's order: `scores` (each method's score and rank), `weights` (the
        weights used and the value scale each refers to) and `contributions` (MAVT's w_j v_ij, and
        their sum: the overall value)."""
        primary = self.primary
        order, names = primary.order, primary.alternatives
        criteria, c = primary.weights.criteria, self.contributions
        low, high = self.scale
        scores = {}
        for r in self.all:
            scores[f"{r.method} score"], scores[f"{r.method} rank"] = r.scores[order], r.ranks[order]
        return {
            "scores": frame_table(f"Score and rank of each alternative by {primary.method} and the second opinions, "
                                  "with the same weights", scores, [names[i] for i in order], ALTERNATIVE),
            "weights": frame_table(f"Weights used ({primary.weights.method}), and the value scale each refers to",
                                   {"weight": np.asarray(primary.weights.values, dtype=float),
                                    "scale low": np.asarray(low, dtype=float),
                                    "scale high": np.asarray(high, dtype=float)},
                                   criteria, CRITERION),
            "contributions": matrix(
                "Value contributions: weight x single-criterion value (0..1); a row adds up to the MAVT overall value",
                np.column_stack([c[order], [float(c[i].sum()) for i in order]]), [names[i] for i in order],
                [*criteria, "overall value"]),
        }


@dataclass(frozen=True)
class WeightOptions:
    """The weights the report ranks with, beside what every other weighting procedure gives.

    Reviewers ask how much a ranking owes to the way its weights were elicited; the Weights sheet
    answers by showing every procedure the workbook supports, and why the others cannot run.
    """

    used: str  # the weighting procedure of the ranking
    derived: dict[str, Weights]  # procedure -> its weights, in REGISTRY order
    skipped: dict[str, str]  # procedure -> why it cannot run on this workbook
    ahp_geometric: Weights | None = None  # AHP by the row geometric mean, beside derived["ahp"]

    @property
    def weights(self) -> Weights | None:
        return self.derived.get(self.used)


@dataclass(frozen=True)
class ReportData:
    study: Study
    rankings: Rankings | None
    allocation: Allocation | None  # the recommended package
    failures: tuple[Failure, ...]
    provenance: Provenance
    comparison: Comparison | None = None  # every method with the ranking's weights (Methods sheet)
    weightings: WeightOptions | None = None  # every weighting procedure (Weights sheet)
    aid: object | None = None  # allocation_data.AidAnalysis: packages per scenario, frontiers, sweep
    robustness: object | None = None  # robustness.Robustness: SMAA-2 and thresholds (Robustness sheet)
    sensitivity: object | None = None  # robustness.sensitivity.WeightSensitivity (the brief); see sensitivity_of

    def failure(self, section: str) -> Failure | None:
        return next((f for f in self.failures if f.section == section), None)

    @property
    def warnings(self) -> list[str]:
        return [f.warning for f in self.failures]


def require_aid(study: Study) -> None:
    """No categories means nothing to allocate: say so instead of reporting an empty 'optimal' plan."""
    if not study.aid:
        raise InputError(study.problem("no aid categories (the sheet is missing or empty); the allocation needs "
                                       "at least one", sheet="Aid"))


def rankings(study: Study, method: str, weighting: str) -> Rankings:
    """The chosen ranking, MAVT and TOPSIS as second opinions, and MAVT's value contributions."""
    primary = rank(study, method, weighting=weighting)
    others = tuple(rank(study, m, weights=primary.weights) for m in SECOND_OPINIONS if m != primary.method)
    low, high = study.value_scale()
    v = values(study.scores, low=low, high=high, maximize=study.maximize)
    return Rankings((primary, *others), v * primary.weights.values[None, :], (low, high))


# A procedure whose input column is entirely blank is not applicable; a partly filled one is run,
# so that its problems (a blank or invalid cell) are listed for the analyst to fix.
INPUT_COLUMN = {"swing": "swing", "roc": "rank", "rank-sum": "rank", "rank-reciprocal": "rank"}


def _without_file(study: Study, problem: str) -> str:
    """A problem line without the leading 'workbook.xlsx: ' (the report names its workbook once)."""
    prefix = f"{study.label}: "
    return problem[len(prefix):] if problem.startswith(prefix) else problem


def not_applicable(study: Study, procedure: str) -> str | None:
    """Why `procedure` does not apply to this workbook at all (its input is absent), else None."""
    column = INPUT_COLUMN.get(procedure)
    if column and all(getattr(c, column) is None for c in study.criteria):
        return f"the Criteria column '{column}' is blank"
    if procedure == "ahp" and study.pairwise is None:
        return "the workbook has no Pairwise sheet"
    return None


def weight_options(study: Study, weighting: str, incomplete: Failure | None = None,
                   used: Weights | None = None) -> WeightOptions:
    """Every weighting procedure on `study`: its weights, or why it cannot run (InputError problems);
    `incomplete`: why the scores from the allocation are missing (the procedures that read scores
    cannot run then); `used`: the weights of `weighting`, already derived by the ranking."""
    derived, skipped = {}, {}
    for procedure in WEIGHTING_PROCEDURES:
        if used is not None and procedure == weighting:
            derived[procedure] = used
            continue
        reason = None if procedure == weighting else not_applicable(study, procedure)
        if reason is None and incomplete is not None and reads_scores(procedure):
            reason = "it reads the scores, and " + "; ".join(_without_file(study, r) for r in incomplete.reasons)
        if reason is None:
            try:
                derived[procedure] = derive(study, procedure)
                continue
            except InputError as exc:
                reason = "; ".join(str(dataclasses.replace(p, file=None)) for p in exc.problems)
        skipped[procedure] = reason
    geometric = derive(study, "ahp", {"priority": "geometric"}) if "ahp" in derived else None
    return WeightOptions(weighting, derived, skipped, geometric)


def compute(study: Study, options: Options | None = None) -> ReportData:
    """Run every analysis of the report once, with the command's resolved `options` (default: the
    study's Settings); failures of a section are recorded, not raised."""
    options = options or resolve(study)
    method, weighting, budget, risk_cap, solver = (options.method, options.weighting, options.budget,
                                                   options.risk_cap, options.solver)
    failures = []
    ranked = None
    packages, unpackaged = run_packages(study, budget, risk_cap, solver)
    scored, fill_failed = completed(study, packages, unpackaged)
    if fill_failed is None and packages is not None and study.needs_allocation_scores and packages.stopped:
        failures.append(Failure("proof of the scores from the allocation", (
            "the time limit on solving stopped the packages under " + ", ".join(map(repr, packages.stopped))
            + ": their strengths are of the best packages found, not proven optimal",)))
    if fill_failed is not None:
        failures.append(fill_failed)
    else:
        try:
            ranked = rankings(scored, method, weighting)
        except InputError as exc:
            failures.append(Failure("ranking", tuple(exc.lines)))
    comparison = compare_all(scored, weights=ranked.primary.weights) if ranked is not None else None
    weightings = weight_options(scored, weighting, fill_failed, ranked.primary.weights if ranked is not None else None)
    plan = None
    try:
        require_aid(study)
        if unpackaged is not None:
            raise unpackaged
        plan = allocate(scored, packages=packages)
    except InputError as exc:
        failures.append(Failure("allocation", tuple(exc.lines)))
    except NoSolution as exc:
        failures.append(Failure("allocation", tuple(exc.reasons), exc.relaxations))
    aid = None
    if plan is not None:
        if plan.status == "stopped":
            failures.append(Failure("proof of the recommended package", (
                "the time limit on solving stopped its solve: it is the best package found, not proven optimal",)))
        aid, problems = aid_analysis(study, plan, packages, risk_cap=risk_cap, ranked=ranked is not None)
        failures += [Failure(section, reasons) for section, reasons in problems]
    robust, robust_failed = (None, None) if fill_failed is not None else robustness_analysis(scored, ranked, options)
    if robust_failed is not None and ranked is not None:  # else the ranking's failure says it (once)
        failures.append(robust_failed)
    sensitivity = sensitivity_of(scored, ranked, robust)
    return ReportData(study, ranked, plan, tuple(failures), collect(study), comparison, weightings, aid, robust,
                      sensitivity)


def sensitivity_of(study: Study, ranked: Rankings | None, robust):
    """The weight sensitivity of the ranking's weights (MAVT lines; the brief's chart): the one the
    robustness analysis carries, else (robustness not computed) computed from the complete study and
    the ranking's weights; None without a ranking.
    """
    found = getattr(robust, "sensitivity", None)
    if found is not None:
        return found
    if ranked is None:
        return None
    return weight_sensitivity(study, ranked.primary.weights)


def run_packages(study: Study, budget, risk_cap, solver) -> tuple[Packages | None, InputError | None]:
    """The run's packages, or why there are none (no Aid sheet, no budget, a bad aid problem)."""
    try:
        return Packages(study, budget=budget, risk_cap=risk_cap, solver=solver), None
    except InputError as exc:
        return None, exc


def robustness_analysis(study: Study, ranked, options: Options):
    """(Robustness, None), or (None, Failure): SMAA-2 and thresholds with the ranking's method where
    robustness can sample it (else MAVT) and weighting, over the options' samples and seed (default
    10,000 and 0), under the weight information the workbook itself gives (`own_weight_info`)."""
    chosen = ranked.primary.method if ranked is not None else options.method
    try:
        return robustness(study, chosen if chosen in batched_ids() else "mavt", weighting=options.weighting,
                          samples=options.samples, seed=options.seed, weight_info=own_weight_info(study),
                          weights=ranked.primary.weights if ranked is not None else None), None
    except InputError as exc:
        return None, Failure("robustness", tuple(exc.lines))
    except NoSolution as exc:
        return None, Failure("robustness", tuple(exc.reasons), exc.relaxations)


def completed(study: Study, packages: Packages | None, unpackaged: InputError | None) -> tuple[Study, Failure | None]:
    """The study with its allocation criteria (Criteria source = allocation) filled with each
    scenario's optimal aid strength, within the report's limits; a ranking Failure when the
    allocation cannot give them (no Aid, no budget, an infeasible plan)."""
    if not study.needs_allocation_scores:
        return study, None
    if packages is None:
        return study, Failure("ranking", tuple(unpackaged.lines))
    try:
        return complete(study, packages), None
    except InputError as exc:
        return study, Failure("ranking", tuple(exc.lines))
    except NoSolution as exc:
        reasons = tuple(f"the criterion from the allocation has no scores: {r}" for r in exc.reasons)
        return study, Failure("ranking", reasons, exc.relaxations)

"""robustness(study, ...) -> Robustness: thresholds and SMAA-2 of a study, for the command, the
report and notebooks (a pure function of the study and its options; the engine does the work)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from decision.catalogue import DEFAULT_SAMPLES, DEFAULT_SEED
from decision.errors import InputError, bad_option, option
from decision.model import Study
from decision.robustness import thresholds as T
from decision.robustness.problem import Problem, problem
from decision.robustness.problem import SCORE_DISTRIBUTIONS, evaluator_spec
from decision.robustness.sampling import WEIGHT_INFO, WeightModel
from decision.robustness.sensitivity import WeightSensitivity, weight_sensitivity
from decision.robustness.smaa import META_WEIGHTS, SMAAResult, smaa
from decision.ranking import choose
from decision.tables import CRITERION, Table, frame_table, objects
from decision.weights import Weights, derive
from decision.weights.rank_based import checked_ranks



def check_choices(method: str, *, weight_info: str = "none", distribution: str = "uniform",
                  meta: str = "centroid", parameters: dict | None = None) -> None:
    """Every problem with the analysis's choices at once, before anything is solved or sampled
    (InputError): the method robustness can sample and its parameters, the weight information, the
    score distribution and the meta-weights."""
    problems = []
    try:
        evaluator_spec(method, parameters)
    except InputError as exc:
        problems += exc.problems
    if weight_info not in WEIGHT_INFO:
        problems.append(bad_option("weight_info", f"expected none, ordinal or intervals, found '{weight_info}'"))
    if distribution not in SCORE_DISTRIBUTIONS:
        problems.append(bad_option("distribution", f"expected {' or '.join(SCORE_DISTRIBUTIONS)}, found '{distribution}'"))
    if meta not in META_WEIGHTS:
        problems.append(bad_meta(meta))
    if problems:
        raise InputError(problems)


def bad_meta(meta: str):
    return bad_option("meta", f"expected {', '.join(META_WEIGHTS[:-1])} or {META_WEIGHTS[-1]}, found '{meta}'")


def own_weight_info(study: Study) -> str:
    """What the workbook itself says of its weights: "intervals" when any weight_low/weight_high is
    filled, else "ordinal" when any rank is, else "none" (the report's robustness uses it; the
    `robustness` command uses "none" unless told)."""
    if any(c.weight_low is not None or c.weight_high is not None for c in study.criteria):
        return "intervals"
    if any(c.rank is not None for c in study.criteria):
        return "ordinal"
    return "none"


def weight_model(study: Study, weight_info: str) -> WeightModel:
    """What the weight information (`weight_info`) says is known about the weights, from the Criteria sheet; InputError
    naming the cells when the sheet does not say it."""
    n = len(study.criteria)
    if weight_info not in WEIGHT_INFO:
        raise InputError(bad_option("weight_info", f"expected none, ordinal or intervals, found '{weight_info}'"))
    if weight_info == "none":
        return WeightModel("none", n)
    if weight_info == "ordinal":
        if all(c.rank is None for c in study.criteria) and not study.has_column("Criteria", "rank"):
            raise InputError(study.problem(f"no 'rank' column (needed by {option('weight_info')} ordinal: "
                                           "each criterion's importance rank, 1 = most important)", sheet="Criteria"))
        return WeightModel("ordinal", n, ranks=tuple(checked_ranks(study, f"{option('weight_info')} ordinal")))
    has_columns = any(study.has_column("Criteria", column) for column in ("weight_low", "weight_high"))
    given = [c for c in study.criteria if c.weight_low is not None or c.weight_high is not None]
    if not given and not has_columns:
        raise InputError(study.problem(f"no 'weight_low'/'weight_high' columns (needed by {option('weight_info')} "
                                       "intervals: the range each normalized weight may take)", sheet="Criteria"))
    low = tuple(0.0 if c.weight_low is None else float(c.weight_low) for c in study.criteria)
    high = tuple(1.0 if c.weight_high is None else float(c.weight_high) for c in study.criteria)
    try:
        return WeightModel("intervals", n, low=low, high=high)
    except ValueError:
        raise InputError(study.problem("the weight intervals admit no weights summing to 1 "
                                       f"(lows sum to {sum(low):g}, highs to {sum(high):g})", sheet="Criteria")) from None


@dataclass(frozen=True)
class Robustness:
    """SMAA-2 indices and, where the study has point weights, the thresholds around them."""

    smaa: SMAAResult
    weights: np.ndarray | None  # the point weights the thresholds are about
    weighting: str | None
    top: int | None
    thresholds: tuple[T.WeightThreshold, ...] | None
    min_change: T.MinWeightChange | None
    score_thresholds: tuple[T.ScoreThreshold, ...] | None
    notes: tuple[str, ...] = ()  # why a part was not computed
    sensitivity: WeightSensitivity | None = None  # the value lines as each weight moves (with the thresholds)

    @property
    def alternatives(self) -> tuple[str, ...]:
        return self.smaa.alternatives

    @property
    def criteria(self) -> tuple[str, ...]:
        return self.smaa.criteria

    @property
    def weight_changes(self) -> np.ndarray | None:
        """w' - w of the smallest weight change (None when there is none)."""
        m = self.min_change
        return None if m is None or m.weights is None else m.weights - self.weights

    def tables(self) -> dict[str, Table]:
        """SMAA-2's tables (SMAAResult.tables), then, where the study has point weights:
        `weight_thresholds` (per criterion: how far its weight moves before the top changes, and the
        room each way), `min_weight_change` (per criterion, when some weights change the top) and
        `score_thresholds` (per score moved alone, with its share of the criterion's scale) and
        `nearest_scores` (those where the top changes, the smallest share first)."""
        out = self.smaa.tables()
        if self.thresholds is not None:
            out["weight_thresholds"] = _weight_thresholds(self.thresholds, self.alternatives, self.alternatives[self.top])
        changes = self.weight_changes
        if changes is not None:
            out["min_weight_change"] = frame_table(
                f"The smallest total change of weights (sum of absolute changes {self.min_change.distance:.6g}) at "
                f"which '{self.alternatives[self.min_change.new_top]}' ties with the top",
                {"weight": self.weights, "new weight": self.min_change.weights, "change": changes},
                self.criteria, CRITERION)
        if self.score_thresholds is not None:
            scores = _score_thresholds(self.score_thresholds, self.alternatives)
            out["score_thresholds"] = scores
            changing = scores.frame[scores.frame["flip score"].notna()]
            out["nearest_scores"] = Table("The score thresholds where the top changes, the nearest first (by share "
                                          "of the scale)", changing.sort_values("share of scale", kind="stable",
                                                                                na_position="last"))
        if self.sensitivity is not None:
            out.update({f"sensitivity {name}": table for name, table in self.sensitivity.tables().items()})
        return out

    @property
    def nearest_threshold(self) -> T.WeightThreshold | None:
        """The weight threshold nearest its current weight (smallest `distance`; the first listed
        on a tie), or None (no thresholds, or no weight changes the top)."""
        found = [t for t in self.thresholds or () if t.nearest is not None]
        return min(found, key=lambda t: t.nearest.distance) if found else None

    @property
    def nearest_score_threshold(self) -> T.ScoreThreshold | None:
        """The score threshold nearest its score as a share of its scale (smallest
        `share_of_scale`, the JSON's `relative_distance`; the first listed on a tie), or None."""
        found = [t for t in self.score_thresholds or () if t.share_of_scale is not None]
        return min(found, key=lambda t: t.share_of_scale) if found else None

    def to_frame(self):
        """The acceptability table (see SMAAResult.to_frame)."""
        return self.smaa.to_frame()

    def thresholds_frame(self):
        """The `weight_thresholds` table's main columns, the criteria as a column (for notebooks)."""
        import pandas as pd

        if self.thresholds is None:
            return pd.DataFrame()
        frame = self.tables()["weight_thresholds"].frame.reset_index()
        return frame[["criterion", "weight", "lowest weight keeping the top", "highest weight keeping the top",
                      "flip weight", "distance", "new top"]]

    def score_thresholds_frame(self):
        """The `score_thresholds` table's main columns (for notebooks)."""
        import pandas as pd

        if self.score_thresholds is None:
            return pd.DataFrame()
        return self.tables()["score_thresholds"].frame[["alternative", "criterion", "score", "flip score", "distance",
                                                        "share of scale", "new top"]]

    def to_dict(self) -> dict:
        names = self.alternatives
        doc = self.smaa.to_dict()
        doc["weights"] = None if self.weights is None else {c: float(w) for c, w in zip(self.criteria, self.weights)}
        doc["weighting"] = self.weighting
        doc["top"] = None if self.top is None else names[self.top]

        def change(c: T.Change | None, key: str):
            return None if c is None else {key: c.value, "distance": c.distance, "new_top": names[c.new_top]}

        doc["thresholds"] = None if self.thresholds is None else [
            {"criterion": t.criterion, "weight": t.weight,
             "flip_weight": t.nearest.value if t.nearest else None,
             "distance": t.nearest.distance if t.nearest else None,
             "new_top": names[t.nearest.new_top] if t.nearest else None,
             "down": change(t.down, "flip_weight"), "up": change(t.up, "flip_weight")}
            for t in self.thresholds]
        m = self.min_change
        doc["min_weight_change"] = None if m is None else {
            "distance": m.distance,
            "new_top": None if m.new_top is None else names[m.new_top],
            "weights": None if m.weights is None else {c: float(w) for c, w in zip(self.criteria, m.weights)},
            "changes": None if m.weights is None else {c: float(d) for c, d in zip(self.criteria, self.weight_changes)},
            "reason": m.reason,
        }
        doc["score_thresholds"] = None if self.score_thresholds is None else [
            {"alternative": t.alternative, "criterion": t.criterion, "score": t.score,
             "flip_score": t.nearest.value if t.nearest else None,
             "distance": t.nearest.distance if t.nearest else None,
             "relative_distance": t.share_of_scale,
             "new_top": names[t.nearest.new_top] if t.nearest else None,
             "scale": list(t.scale)}
            for t in self.score_thresholds]
        doc["notes"] = list(self.notes)
        doc["sensitivity"] = None if self.sensitivity is None else self.sensitivity.to_dict()
        return doc


def _value(change: T.Change | None, default: float) -> float:
    return change.value if change is not None else default


def _weight_thresholds(thresholds, names, top: str) -> Table:
    """Per criterion: the weight, where the top changes lowering and raising it (NaN: nowhere in
    [0, 1]), the weights keeping the top, the room each way and in all, and the nearest change."""
    columns: dict[str, list] = {key: [] for key in (
        "weight", "lowered to", "raised to", "lowest weight keeping the top", "highest weight keeping the top",
        "room to lower", "room to raise", "room", "flip weight", "distance", "new top")}
    for t in thresholds:
        low, high, nearest = _value(t.down, 0.0), _value(t.up, 1.0), t.nearest
        for key, value in (("weight", t.weight), ("lowered to", _value(t.down, np.nan)),
                           ("raised to", _value(t.up, np.nan)), ("lowest weight keeping the top", low),
                           ("highest weight keeping the top", high), ("room to lower", low - t.weight),
                           ("room to raise", high - t.weight), ("room", high - low),
                           ("flip weight", nearest.value if nearest else np.nan),
                           ("distance", nearest.distance if nearest else np.nan),
                           ("new top", names[nearest.new_top] if nearest else None)):
            columns[key].append(value)
    columns["new top"] = objects(columns["new top"])
    return frame_table(f"Weight thresholds: where '{top}' stops ranking first as each weight moves (the others in "
                       "proportion)", columns, [t.criterion for t in thresholds], CRITERION)


def _score_thresholds(thresholds, names) -> Table:
    """Per score moved alone within its scale: where the top changes lowering and raising it (NaN:
    nowhere), the nearest change, its distance and its share of the scale."""
    columns: dict[str, list] = {key: [] for key in (
        "alternative", "criterion", "score", "scale low", "scale high", "lowered to", "raised to", "flip score",
        "change", "distance", "share of scale", "new top")}
    for t in thresholds:
        nearest, share = t.nearest, t.share_of_scale
        for key, value in (("alternative", t.alternative), ("criterion", t.criterion), ("score", t.score),
                           ("scale low", t.scale[0]), ("scale high", t.scale[1]),
                           ("lowered to", _value(t.down, np.nan)), ("raised to", _value(t.up, np.nan)),
                           ("flip score", nearest.value if nearest else np.nan),
                           ("change", nearest.value - t.score if nearest else np.nan),
                           ("distance", nearest.distance if nearest else np.nan),
                           ("share of scale", np.nan if share is None else share),
                           ("new top", names[nearest.new_top] if nearest else None)):
            columns[key].append(value)
    columns["new top"] = objects(columns["new top"])
    return frame_table("Score thresholds: each score moved alone within its criterion's scale, where the top "
                       "changes, how far (distance) and what share of the scale that is", columns)


def settings_samples_seed(study: Study, samples: int | None, seed: int | None) -> tuple[int, int]:
    """The argument, else the workbook's Settings, else 10,000 samples and seed 0; InputError for
    a bad value."""
    samples = study.settings.get("samples", DEFAULT_SAMPLES) if samples is None else samples
    seed = study.settings.get("seed", DEFAULT_SEED) if seed is None else seed
    problems = []
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or samples < 1:
        problems.append(bad_option("samples", f"expected a whole number >= 1, found {samples!r}"))
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        problems.append(bad_option("seed", f"expected a whole number >= 0, found {seed!r}"))
    if problems:
        raise InputError(problems)
    return int(samples), int(seed)


def robustness(study: Study, method: str | None = None, *, samples: int | None = None, seed: int | None = None,
               weight_info: str = "none", weighting: str | None = None, parameters: dict | None = None,
               distribution: str = "uniform", engine=None, chunk_blocks: int | None = None,
               meta: str = "centroid", progress=None, weights: Weights | None = None) -> Robustness:
    """Thresholds around the study's weights and SMAA-2 over `samples` samples from `seed`.

    `method` defaults to the Settings method, else the catalogue's default; `weighting` (for the point weights the
    thresholds start from) to the Settings weighting, else direct; `weights`: those point weights
    when the caller derived them already. When the study has no point
    weights the SMAA still runs and the thresholds are None, with a note saying why.
    """

    if meta not in META_WEIGHTS:
        raise InputError(bad_meta(meta))
    method, weighting = choose(study, method, weighting)
    study.require_complete()
    samples, seed = settings_samples_seed(study, samples, seed)
    prob: Problem = problem(study, method, weight_model(study, weight_info), parameters=parameters,
                            distribution=distribution)
    notes: list[str] = []
    try:
        point = weights if weights is not None else derive(study, weighting)
    except InputError as exc:
        point = None
        notes.append("thresholds not computed: " + "; ".join(exc.lines))
    result = smaa(prob, samples=samples, seed=seed, engine=engine, chunk_blocks=chunk_blocks, meta=meta,
                  progress=progress)
    if point is None:
        return Robustness(result, None, None, None, None, None, None, tuple(notes))
    w = np.asarray(point.values, dtype=float)
    evaluate = prob.evaluate
    top = T.top_of(evaluate(w[None, :], prob.scores)[0])
    low, high = study.value_scale()
    if progress:
        progress("thresholds", 0, 1)
    weights_t = tuple(T.weight_thresholds(evaluate, prob.scores, w, prob.criteria))
    least = T.min_weight_change(evaluate, prob.scores, w)
    scores_t = tuple(T.score_thresholds(evaluate, prob.scores, w, low, high, prob.alternatives, prob.criteria))
    if progress:
        progress("thresholds", 1, 1)
    lines = weight_sensitivity(study, w)
    return Robustness(result, w, point.method, top, weights_t, least, scores_t, tuple(notes), lines)

"""The two procedures that read no judgement beyond the weight column: `direct` (the workbook's
weights, normalized to sum 1) and `equal` (1/n each)."""

from __future__ import annotations

import numpy as np

from decision.catalogue import WEIGHTING_IDS
from decision.errors import InputError, option
from decision.model import Study
from decision.weights.rank_based import reject_unknown
from decision.weights.result import Weights


def direct(study: Study, **parameters) -> Weights:
    reject_unknown("direct", parameters)
    if not study.has_weights:
        raise InputError(study.problem(
            "no weights: fill the weight column, or choose a weighting method "
            f"({option('weighting')}, or the Settings key 'weights'; known: {', '.join(WEIGHTING_IDS)})",
            sheet="Criteria", row="", column="weight"))
    return Weights("direct", tuple(study.criterion_names), study.weights)


def equal(study: Study, **parameters) -> Weights:
    reject_unknown("equal", parameters)
    n = len(study.criteria)
    return Weights("equal", tuple(study.criterion_names), np.full(n, 1.0 / n))

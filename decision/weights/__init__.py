"""Weight elicitation: how a study's criterion weights are obtained.

`derive(study, method, parameters)` returns a `Weights` result. Each procedure is a function
`(study, **parameters) -> Weights` named in REGISTRY as "module:function" under
decision.weights, imported only when used. `direct` takes the workbook's weight column
(normalized to sum 1); `equal` gives every criterion 1/n.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

import numpy as np

from decision.errors import InputError
from decision.model import Study

REGISTRY: dict[str, str] = {
    "direct": "decision.weights:direct",
    "equal": "decision.weights:equal",
    "swing": "decision.weights.swing:swing",
    "roc": "decision.weights.rank_based:roc",
    "rank-sum": "decision.weights.rank_based:rank_sum",
    "rank-reciprocal": "decision.weights.rank_based:rank_reciprocal",
    "ahp": "decision.weights.ahp:ahp",
    "entropy": "decision.weights.objective:entropy",
    "critic": "decision.weights.objective:critic",
    "merec": "decision.weights.objective:merec",
}
METHODS = tuple(REGISTRY)


@dataclass(frozen=True)
class Weights:
    method: str
    criteria: tuple[str, ...]
    values: np.ndarray  # (n,), sums to 1
    details: dict = field(default_factory=dict)  # method-specific figures, JSON-ready

    def as_dict(self) -> dict[str, float]:
        return {c: float(w) for c, w in zip(self.criteria, self.values)}

    def to_dict(self) -> dict:
        return {"method": self.method, "weights": self.as_dict(), **self.details}

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame({"criterion": self.criteria, "weight": self.values})


def label(study: Study) -> str:
    """How error lines name the study's workbook (kept for the procedures' modules)."""
    return study.label


def reads_scores(method: str) -> bool:
    """Whether the procedure derives weights from the scores (entropy, CRITIC, MEREC): it needs a
    complete study, allocation-sourced scores filled."""
    target = REGISTRY.get(method)
    return target is not None and target.split(":")[0].endswith(".objective")


def derive(study: Study, method: str = "direct", parameters: dict | None = None, *, option: str = "--weights") -> Weights:
    """The weights of `study` by `method`; InputError if the workbook lacks what it needs."""
    target = REGISTRY.get(method)
    if target is None:
        raise InputError(f"{option}: unknown weighting method '{method}' (known: {', '.join(REGISTRY)})")
    module, function = target.split(":")
    if reads_scores(method):
        study.require_complete()
    return getattr(importlib.import_module(module), function)(study, **(parameters or {}))


def direct(study: Study, **parameters) -> Weights:
    from decision.weights.rank_based import reject_unknown

    reject_unknown("direct", parameters)
    if not study.has_weights:
        where = study.cells.get("weights", "Criteria")
        raise InputError(
            f"{label(study)}: {where}: no weights: fill the weight column, or choose a weighting method "
            f"(--weights, or the Settings key 'weights'; known: {', '.join(REGISTRY)})"
        )
    return Weights("direct", tuple(study.criterion_names), study.weights)


def equal(study: Study, **parameters) -> Weights:
    from decision.weights.rank_based import reject_unknown

    reject_unknown("equal", parameters)
    n = len(study.criteria)
    return Weights("equal", tuple(study.criterion_names), np.full(n, 1.0 / n))

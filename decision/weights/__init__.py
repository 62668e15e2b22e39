"""Weight elicitation: how a study's criterion weights are obtained.

`derive(study, method, parameters)` returns a `Weights` result. Each procedure is a function
`(study, **parameters) -> Weights` named in REGISTRY as "module:function" under
decision.weights, imported only when used (`importlib`: a procedure's module loads scipy or
pandas only when that procedure runs). `direct` takes the workbook's weight column (normalized to
sum 1); `equal` gives every criterion 1/n (`basic`).
"""

from __future__ import annotations

import importlib

from decision.errors import InputError, bad_option
from decision.model import Study
from decision.weights.result import Weights

REGISTRY: dict[str, str] = {
    "direct": "decision.weights.basic:direct",
    "equal": "decision.weights.basic:equal",
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


def reads_scores(method: str) -> bool:
    """Whether the procedure derives weights from the scores (entropy, CRITIC, MEREC): it needs a
    complete study, allocation-sourced scores filled."""
    target = REGISTRY.get(method)
    return target is not None and target.split(":")[0].endswith(".objective")


def derive(study: Study, method: str = "direct", parameters: dict | None = None) -> Weights:
    """The weights of `study` by `method`; InputError if the workbook lacks what it needs."""
    target = REGISTRY.get(method)
    if target is None:
        raise InputError(bad_option("weighting", f"unknown weighting method '{method}' (known: {', '.join(REGISTRY)})"))
    module, function = target.split(":")
    if reads_scores(method):
        study.require_complete()
    return getattr(importlib.import_module(module), function)(study, **(parameters or {}))


__all__ = ["METHODS", "REGISTRY", "Weights", "derive", "reads_scores"]

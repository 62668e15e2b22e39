"""Weight elicitation: how a study's criterion weights are obtained.

`derive(study, method)` returns a `Weights` result; `direct` takes the workbook's weight column
(normalized to sum 1) and `equal` gives every criterion 1/n.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from decision.errors import InputError
from decision.model import Study

METHODS = ("direct", "equal")


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


def derive(study: Study, method: str = "direct") -> Weights:
    """The weights of `study` by `method` (see METHODS); InputError if the workbook lacks what it needs."""
    names = tuple(study.criterion_names)
    if method == "direct":
        if not study.has_weights:
            where = study.cells.get("weights", "Criteria")
            raise InputError(
                f"{_label(study)}: {where}: no weights: fill the weight column, or choose a weighting method "
                f"(--weights, or the Settings key 'weights'; known: {', '.join(METHODS)})"
            )
        return Weights("direct", names, study.weights)
    if method == "equal":
        n = len(names)
        return Weights("equal", names, np.full(n, 1.0 / n))
    raise InputError(f"--weights: unknown weighting method '{method}' (known: {', '.join(METHODS)})")


def _label(study: Study) -> str:
    from pathlib import Path

    return Path(study.source).name if study.source else study.name

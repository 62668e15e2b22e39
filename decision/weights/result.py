"""The result of a weighting procedure (a leaf of decision.weights: every procedure's module imports it)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from decision.model import Study


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

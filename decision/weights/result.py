"""The result of a weighting procedure (a leaf of decision.weights: every procedure's module imports it)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from decision.model import Study
from decision.tables import CRITERION, Table, frame_table


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

    def tables(self) -> dict[str, Table]:
        """`weights`: each criterion's weight (a procedure may add its own figures: AHP's consistency)."""
        return {"weights": frame_table(f"Weight of each criterion ({self.method}; the weights sum to 1)",
                                       {"weight": self.values}, self.criteria, CRITERION)}

    def to_frame(self):
        """The `weights` table with the criteria as a column (for notebooks)."""
        return self.tables()["weights"].frame.reset_index()

"""Which ranking methods exist and how the facade calls them.

Each method module `decision.methods.<module>` has a pure (batched where it matters) function over
arrays, and an adapter `evaluate(study, weights, **parameters) -> (scores (m,), extra dict)`
that the facade calls; the batched ones also have `arguments(study, **parameters)`, the keyword
arguments of their function for a study, which the adapter and robustness's sampling both use. A module raises `NotApplicable` when the data does not suit it and
`InputError` for a bad parameter value. Modules are imported only when their method is used.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from decision.errors import InputError


@dataclass(frozen=True)
class Method:
    id: str
    module: str
    higher_is_better: bool
    score_name: str  # what the score is (DESIGN.md: the method's own figure)
    parameters: dict = field(default_factory=dict)  # name -> default

    def load(self):
        return importlib.import_module(f"decision.methods.{self.module}")

    def merged(self, parameters: dict | None) -> dict:
        """The defaults overridden by `parameters`; InputError names any the method does not take."""
        unknown = sorted(set(parameters or {}) - set(self.parameters))
        if unknown:
            takes = f"takes {', '.join(self.parameters)}" if self.parameters else "takes no parameters"
            raise InputError(f"--param: method '{self.id}' {takes}, not {', '.join(unknown)}")
        return {**self.parameters, **(parameters or {})}


METHODS: dict[str, Method] = {
    m.id: m
    for m in (
        Method("mavt", "mavt", True, "overall value"),
        Method("topsis", "topsis", True, "relative closeness"),
        Method("wsm", "wsm", True, "weighted sum"),
        Method("saw", "saw", True, "weighted sum of max-normalized values"),
        Method("vikor", "vikor", False, "compromise index Q", {"v": 0.5}),
        Method("promethee2", "promethee2", True, "net flow"),
        Method("wpm", "wpm", True, "weighted product"),
        Method("moora", "moora", True, "ratio system y"),
        Method("edas", "edas", True, "appraisal score AS"),
        Method("mabac", "mabac", True, "total distance S"),
        Method("copras", "copras", True, "relative significance Q"),
        Method("waspas", "waspas", True, "joint criterion Q", {"lambda": 0.5}),
    )
}

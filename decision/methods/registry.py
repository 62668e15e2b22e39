"""Which ranking methods exist, and the one contract every method module keeps.

A method is a registry line (`Method`: id, module, which way its score points, its parameters)
and a module. The shipped methods are modules of this package (`module` a bare name, imported as
`decision.methods.<module>`); a method added at run time (`register`, e.g. by a test) names any
importable module in full (a dotted `module`). Modules are imported when their method is used,
or when one asks which are batched (`batched_ids`): none imports a heavy library at top level.

The contract: what a method's module declares, under these names (the facade and robustness read
them through `Method`, so that no code outside the module branches on a method's name):

  evaluate(study, weights, **parameters) -> (scores (m,), extra dict)
      every method: the facade's entry (`decision.ranking`); `weights` is (n,), `extra` the
      method's other figures by name; a shipped method's `extra["tables"]` is its working, the
      named intermediate tables {name: Table} (`tables.py`), built here and never by `batched`.
  BATCHED: bool
      every method: True when it has the batched function below, which robustness samples with.
  batched(scores, weights, **arguments) -> (k, m)
      batched methods: the method's scores for scores (m, n) or (k, m, n) and weights (k, n),
      k samples in one call (a single ranking is k = 1).
  arguments(study, **parameters) -> dict
      batched methods: the keyword arguments of `batched` (and of the functions below) for a
      study; `evaluate` and robustness's sampling both use them.
  linear(scores, **arguments) -> A or None             (optional)
      for a method whose score is linear in the weights: A shaped like the scores ((m, n) or
      (k, m, n)) with score_i = sum_j w_j A_ij for those scores.
  affine(**arguments) -> (a, b) or None                (optional)
      for a method whose criterion values are a_j x_ij + b_j on a scale fixed in advance, i.e.
      score_i = sum_j w_j (a_j x_ij + b_j) whatever the other alternatives score.
  score_kinks(others, j, **arguments) -> list of arrays   (optional)
      where the method bends as one score on criterion j moves, besides meeting `others` (the
      other alternatives' scores on j): the score thresholds search those points too.
  score_floor(scores, i, j, low, high, **arguments) -> float   (optional)
      how low score (i, j) may move when `low` is not allowed (default: `low`).

A module raises `NotApplicable` when the data does not suit it and `InputError` for a bad
parameter value. `check(module)` lists what a module lacks; `register` refuses such a module.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from decision.errors import InputError, bad_option

PACKAGE = "decision.methods"  # where a bare module name is found
OPTIONAL = ("linear", "affine", "score_kinks", "score_floor")


@dataclass(frozen=True)
class Method:
    id: str
    module: str  # a module of decision.methods, or (dotted) any importable module
    higher_is_better: bool
    score_name: str  # what the score is (DESIGN.md: the method's own figure)
    parameters: dict = field(default_factory=dict)  # name -> default

    @property
    def path(self) -> str:
        """The module's full name."""
        return self.module if "." in self.module else f"{PACKAGE}.{self.module}"

    def load(self):
        return importlib.import_module(self.path)

    @property
    def batched(self) -> bool:
        """Whether the module declares the batched function (`BATCHED`)."""
        return bool(self.load().BATCHED)

    def declared(self, name: str):
        """One of the contract's optional declarations (OPTIONAL), or None where the module has none."""
        if name not in OPTIONAL:
            raise ValueError(f"{name!r} is not an optional declaration of the method contract ({', '.join(OPTIONAL)})")
        return getattr(self.load(), name, None)

    def merged(self, parameters: dict | None) -> dict:
        """The defaults overridden by `parameters`; InputError names any the method does not take."""
        unknown = sorted(set(parameters or {}) - set(self.parameters))
        if unknown:
            takes = f"takes {', '.join(self.parameters)}" if self.parameters else "takes no parameters"
            raise InputError(bad_option("parameters", f"method '{self.id}' {takes}, not {', '.join(unknown)}"))
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
SHIPPED = frozenset(METHODS)  # the ids above: `unregister` leaves them alone


def check(module) -> list[str]:
    """What `module` lacks of the contract (empty when it keeps it)."""
    problems = []
    if not callable(getattr(module, "evaluate", None)):
        problems.append("no evaluate(study, weights, **parameters)")
    if not isinstance(getattr(module, "BATCHED", None), bool):
        problems.append("no BATCHED = True or False")
    elif module.BATCHED:
        problems += [f"BATCHED but no {name}()" for name in ("batched", "arguments")
                     if not callable(getattr(module, name, None))]
    problems += [f"{name} is not a function" for name in OPTIONAL
                 if getattr(module, name, None) is not None and not callable(getattr(module, name))]
    return problems


def register(method: Method) -> Method:
    """Add a method at run time (its module imported and checked now); ValueError for an id that is
    taken or a module that does not keep the contract. `unregister` takes it away again."""
    if method.id in METHODS:
        raise ValueError(f"a method '{method.id}' is registered already")
    problems = check(method.load())
    if problems:
        raise ValueError(f"{method.path} does not keep the method contract: {'; '.join(problems)}")
    METHODS[method.id] = method
    return method


def unregister(method_id: str) -> None:
    """Take away a method added by `register`; the shipped ones stay (ValueError)."""
    method = METHODS.get(method_id)
    if method is None:
        raise ValueError(f"no method '{method_id}' is registered")
    if method_id in SHIPPED:
        raise ValueError(f"'{method_id}' is a shipped method")
    del METHODS[method_id]


def batched_ids() -> tuple[str, ...]:
    """The ids of the batched methods (those robustness samples), in registry order."""
    return tuple(m.id for m in METHODS.values() if m.batched)


def declaring(name: str) -> tuple[str, ...]:
    """The ids of the batched methods whose module declares the optional `name` (e.g. 'linear')."""
    return tuple(m.id for m in METHODS.values() if m.batched and m.declared(name) is not None)

"""Shape handling shared by the method modules: batches for the batched ones, named inputs and
scikit-criteria decision matrices for the ones scikit-criteria computes."""

from __future__ import annotations

import math
from collections.abc import Mapping
from numbers import Real

import numpy as np

from decision.errors import InputError, bad_option
from decision.tables import Table


def as_batch(scores, weights) -> tuple[np.ndarray, np.ndarray]:
    """Scores as (k or 1, m, n) and weights as (k, n), as floats."""
    x = np.asarray(scores, dtype=float)
    w = np.atleast_2d(np.asarray(weights, dtype=float))
    if x.ndim == 2:
        x = x[None, :, :]
    if x.ndim != 3 or w.ndim != 2 or x.shape[2] != w.shape[1]:
        raise ValueError(f"scores {x.shape} and weights {w.shape} do not fit: expected (m, n) or (k, m, n) and (k, n)")
    if x.shape[0] not in (1, w.shape[0]) and w.shape[0] != 1:
        raise ValueError(f"{x.shape[0]} score samples but {w.shape[0]} weight samples")
    return x, w


def labels(names, prefix: str, count: int) -> list:
    """Names for a method's tables: the given ones (a list as it is), else A1.., C1.."""
    if names is None:
        return [f"{prefix}{i + 1}" for i in range(count)]
    return names if isinstance(names, list) else [str(n) for n in names]


def named_inputs(scores, weights, maximize, alternatives=None, criteria=None):
    """(x (m, n), w (n,), maximize (n,) bools, alternative names, criterion names) of one matrix."""
    x = np.asarray(scores, dtype=float)
    m, n = x.shape
    return (x, np.asarray(weights, dtype=float), np.asarray(maximize, dtype=bool),
            labels(alternatives, "A", m), labels(criteria, "C", n))


def decision_matrix(x, w, maximize, alternatives, criteria, keep=None):
    """scikit-criteria's decision matrix (objectives +1 for max, -1 for min) over the criteria in
    `keep` (a boolean mask; all by default). scikit-criteria is imported here, when a method runs."""
    import skcriteria

    if keep is not None:
        x, w, maximize = x[:, keep], w[keep], maximize[keep]
        criteria = [c for c, k in zip(criteria, keep) if k]
    return skcriteria.mkdm(x, np.where(maximize, 1, -1), weights=w, alternatives=alternatives, criteria=criteria)


def unit_interval(name: str, value) -> float:
    """A method parameter as a float from 0 to 1 (a number or a numeric text); InputError otherwise."""
    number = None
    if isinstance(value, Real) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            number = None
    if number is None or math.isnan(number) or not 0.0 <= number <= 1.0:
        raise InputError(bad_option("parameters", f"expected a number from 0 to 1, found {value!r}", key=name))
    return number


def weighted_sum(values: np.ndarray, w: np.ndarray) -> np.ndarray:
    """(k, m) weighted sums of per-criterion values (1 or k, m, n) under weights (k, n); one matrix
    product when the values are shared by every weight sample."""
    if values.shape[0] == 1:
        return w @ values[0].T
    return np.einsum("kmn,kn->km", values, w)


class ByName(Mapping):
    """Per-alternative figures for a ranking's `extra`: a read-only mapping name -> float over an array,
    so a method on 10,000 alternatives does not build 10,000 Python floats per figure unless asked."""

    def __init__(self, names, values):
        self.names, self.values_ = list(names), np.asarray(values, dtype=float)
        self._index = None

    def __getitem__(self, name):
        if self._index is None:
            self._index = {n: i for i, n in enumerate(self.names)}
        return float(self.values_[self._index[name]])

    def __iter__(self):
        return iter(self.names)

    def __len__(self):
        return len(self.names)

    def to_dict(self) -> dict:
        return dict(zip(self.names, self.values_.tolist()))


def plain(value):
    """`value` with every ByName (and other mapping) turned into a dict and every Table into its
    split-orientation dict (`Table.to_dict`: no NaN or infinity), for JSON."""
    if isinstance(value, ByName):
        return value.to_dict()
    if isinstance(value, Table):
        return value.to_dict()
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value

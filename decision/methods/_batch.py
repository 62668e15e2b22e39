"""Shape handling shared by the batched methods."""

from __future__ import annotations

import numpy as np


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

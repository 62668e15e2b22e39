"""A plain weighted sum of the raw scores, declared here and nowhere in decision/: score_i =
sum_j w_j x_ij, higher is better, whatever the criteria's directions. It keeps the method contract
(decision/methods/registry.py) and nothing else: tests/test_method_contract.py registers it, ranks
with it and samples it with SMAA."""

import numpy as np


def plain_sum(scores, weights, *, n):
    """(k, m) sums for scores (m, n) or (k, m, n) and weights (k, n)."""
    x = np.asarray(scores, dtype=float)
    w = np.atleast_2d(np.asarray(weights, dtype=float))
    if x.ndim == 2:
        return w @ x.T
    if x.shape[0] == 1:
        return w @ x[0].T
    return np.einsum("kmn,kn->km", x, w)


def arguments(study) -> dict:
    return {"n": len(study.criteria)}


def evaluate(study, weights):
    return plain_sum(study.scores, weights[None, :], **arguments(study))[0], {}


def linear(scores, *, n):
    """The raw scores: the sum is linear in the weights."""
    return np.asarray(scores, dtype=float).copy()


def affine(*, n):
    """Each criterion's value is the score itself: a = 1, b = 0."""
    return np.ones(n), np.zeros(n)


BATCHED = True
batched = plain_sum

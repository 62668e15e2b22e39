"""Strength curves (AidCurve) as segments: the incremental ("delta") formulation.

A curve through (0, 0), (u1, s1), ..., (un, sn) is cut into segments of length u_{j+1} - u_j and
slope (s_{j+1} - s_j) / length. The units bought are the sum of the amounts d_j taken from each
segment (0 <= d_j <= length), and the strength is the sum of slope x d_j. Where the slopes never
rise (a concave curve: diminishing returns) a maximizer fills the segments in order by itself, so
the model stays an LP. Where a slope rises (increasing returns somewhere), binaries z_j force the
order: d_j >= length_j z_j and d_{j+1} <= length_{j+1} z_j (Dantzig 1960; the formulation's LP
relaxation is the curve's concave envelope: it is "locally ideal", Padberg 2000).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from decision.model import AidCategory

# Slopes are compared with this relative slack: 1.2 then 1.2000000000000002 is still concave.
_SLOPE_RTOL = 1e-12


@dataclass(frozen=True)
class Segments:
    lengths: np.ndarray  # (n,) > 0
    slopes: np.ndarray  # (n,)

    @property
    def concave(self) -> bool:
        s = self.slopes
        return bool(np.all(s[1:] <= s[:-1] + _SLOPE_RTOL * np.maximum(np.abs(s[1:]), np.abs(s[:-1]))))


def segments(category: AidCategory, upto: float) -> Segments | None:
    """The curve's segments up to `upto` units (the last one cut there); None without a curve."""
    if not category.curve:
        return None
    u = np.array([p[0] for p in category.curve], dtype=float)
    s = np.array([p[1] for p in category.curve], dtype=float)
    if u[0] > 0:  # the reader adds (0, 0); plain callers may leave it out
        u, s = np.concatenate([[0.0], u]), np.concatenate([[0.0], s])
    lengths, slopes = np.diff(u), np.diff(s) / np.diff(u)
    starts = u[:-1]
    keep = starts < upto
    lengths = np.minimum(lengths[keep], upto - starts[keep])
    return Segments(lengths, slopes[keep])


def is_concave(category: AidCategory) -> bool:
    """True for a linear strength or a curve whose slopes never rise (up to max_units)."""
    seg = segments(category, float(category.max_units))
    return seg is None or seg.concave


def strengths(categories, units) -> np.ndarray:
    """Strength of each category at its units (k,): on its curve, else linear."""
    return np.array([c.strength(n) for c, n in zip(categories, units)], dtype=float)

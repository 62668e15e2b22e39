"""Swing weighting (Edwards & Barron 1994, SMARTS; von Winterfeldt & Edwards 1986).

The analyst imagines every criterion at the worst end of its scale (`low`..`high` in Criteria,
else the observed range) and asks which swing from worst to best matters most: that swing gets
100 points, and every other swing is rated against it, 0..100 (Criteria column `swing`). The
weights are the points normalized to sum 1: w_j = points_j / sum(points).

Errors, one line per problem: a blank swing (every criterion needs its points), points that are
all zero, and no criterion at 100. The last is an error rather than a silent rescaling: the 100
is the anchor every other rating was judged against, so a largest swing of, say, 80 means the
anchor step was skipped or another scale was typed (0-10, percentages of something else). The
normalized weights would be the same either way (they do not depend on the scale), which is
exactly why a missing anchor would otherwise go unnoticed. Points above 100 are refused by the
workbook reader.
"""

from __future__ import annotations

import numpy as np

from decision.errors import InputError, option
from decision.model import Study
from decision.weights.rank_based import reject_unknown
from decision.weights.result import Weights

ANCHOR = 100.0


def swing_weights(points) -> np.ndarray:
    """Points normalized to sum 1 (points >= 0, not all zero)."""
    points = np.asarray(points, dtype=float)
    return points / points.sum()


def swing(study: Study, **parameters):
    """Swing weights from the Criteria column `swing` (0-100 points, 100 for the most valued swing)."""

    reject_unknown("swing", parameters)
    problems = []
    for c in study.criteria:
        if c.swing is None:
            reason = f"swing of '{c.name}' is blank ({option('weighting')} swing needs 0-100 points for every criterion)"
        elif not 0 <= c.swing <= ANCHOR:
            reason = f"swing of '{c.name}' must be 0..100 points, found {c.swing:g}"
        else:
            continue
        problems.append(study.problem(reason, sheet="Criteria", row=c.name, column="swing"))
    if problems:
        raise InputError(problems)
    points = np.array([c.swing for c in study.criteria], dtype=float)
    if not points.any():
        raise InputError(study.problem("swing points are all zero: give the most valued swing 100 points", sheet="Criteria"))
    if points.max() != ANCHOR:
        best = study.criteria[int(np.argmax(points))].name
        raise InputError(study.problem(
            f"no swing has 100 points (the largest is {points.max():g}, for '{best}'): "
            "give the most valued swing from worst to best 100 points and rate the others against it", sheet="Criteria"))
    return Weights("swing", tuple(study.criterion_names), swing_weights(points))

"""Non-finite numbers never reach a JSON document (issue 10): a method whose scores overflow is
refused with its reason while the others rank, and the writer refuses NaN as a bug would be."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from decision.comparison import compare_all
from decision.workbook.read import read_study
from tests.workbooks import base


def huge_study(tmp_path):
    """Scores near the float limit (the reader refuses them beyond 1e15; a study built in code need
    not pass the reader): VIKOR's and PROMETHEE's differences overflow to NaN, and scikit-criteria's
    EDAS raises on the ranking it cannot make."""
    study = read_study(base(tmp_path))
    scores = np.array(study.scores, dtype=float)
    scores[:, 0] = [1e308, 1.7e308, -1.7e308]
    return dataclasses.replace(study, scores=scores)


def test_a_method_whose_scores_overflow_is_refused_and_the_others_rank(tmp_path):
    result = compare_all(huge_study(tmp_path))
    assert result.skipped["vikor"].startswith("its scores overflow to NaN")
    assert result.skipped["edas"].startswith("it fails on scores beyond 1e15 in magnitude")
    assert {"mavt", "topsis"} <= {r.method for r in result.rankings}
    json.dumps(result.to_dict(), allow_nan=False)  # would raise on NaN or infinity


def test_the_json_writer_treats_nan_as_a_bug(capsys):
    from decision.cli import _emit_json

    with pytest.raises(ValueError):
        _emit_json({"x": float("nan")})

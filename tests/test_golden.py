"""The golden files (tests/golden.py): every command's output on the shipped studies, BASE, BASE with
a criterion scored by the allocation, and two failures, as recorded; one test per golden file.

After an intended change of output: `python -m tests.golden --update`, and review the diff."""

from __future__ import annotations

import json

import pytest

from tests import golden


@pytest.mark.parametrize("name", golden.names())
def test_output_matches_the_golden_file(name):
    found = golden.check(name)
    assert found is None, f"{found}\n(after an intended change: python -m tests.golden --update {name})"


def test_every_golden_file_is_checked():
    stored = sorted(p.stem for p in golden.GOLDEN.glob("*.json"))
    assert stored == sorted(golden.names()), "a golden file that no test reads, or one not written yet"


def test_the_stored_files_are_as_update_writes_them():
    """Sorted keys, indent 1, one line per report cell: a hand edit that breaks the layout shows."""
    for name in golden.names():
        text = golden.path_of(name).read_text(encoding="utf-8")
        assert text == golden.dump(json.loads(text)), name


# --- the comparator ----------------------------------------------------------------------------

def test_floats_within_a_relative_tolerance_are_equal():
    assert golden.first_difference({"a": [1.0, 0.0]}, {"a": [1.0 + 1e-12, 1e-17]}) is None
    assert golden.first_difference({"a": [1.0, 2.0]}, {"a": [1.0, 2.0 + 1e-6]}) == (
        "$.a[1]: golden 2.0, current 2.000001 (beyond a relative tolerance of 1e-09)")


def test_the_first_difference_is_named_by_its_path():
    g = {"commands": {"decision rank WB --json": {"exit": 0, "stdout": {"ranking": [{"score": 0.5}]}}}}
    c = json.loads(json.dumps(g))
    c["commands"]["decision rank WB --json"]["stdout"]["ranking"][0]["score"] = 0.6
    assert golden.first_difference(g, c) == (
        '$.commands["decision rank WB --json"].stdout.ranking[0].score: golden 0.5, current 0.6 '
        "(beyond a relative tolerance of 1e-09)")
    c["commands"]["decision rank WB --json"]["exit"] = 2
    assert golden.first_difference(g, c) == '$.commands["decision rank WB --json"].exit: golden 0, current 2'


def test_types_keys_and_lengths_must_match():
    assert golden.first_difference({"n": 1}, {"n": 1.0}) == "$.n: golden 1 (int), current 1.0 (float)"
    assert golden.first_difference({"b": True}, {"b": 1}) == "$.b: golden true, current 1"
    assert golden.first_difference({"a": 1}, {}) == "$.a: missing (golden 1)"
    assert golden.first_difference({}, {"a": 1}) == "$.a: not in the golden file (current 1)"
    assert golden.first_difference([["A1", "x"]], [["A1", "x"], ["A2", "y"]]) == (
        '$: 1 items in the golden file, 2 now (first extra ["A2", "y"])')
    assert golden.first_difference(["x"], ["y"]) == '$[0]: golden "x", current "y"'


def test_solves_may_go_down_never_up():
    assert golden.first_difference({"solves": 80}, {"solves": 61}) is None
    assert golden.first_difference({"p": {"solves": 80}}, {"p": {"solves": 81}}) == (
        "$.p.solves: 81 solves, more than the golden 80 (solves may only go down)")
    assert golden.first_difference({"resolves": 80}, {"resolves": 61}) is not None  # only the key "solves"

"""The leaf catalogue of ids (decision/catalogue.py) never drifts from the registries it copies."""

import ast
from pathlib import Path

import decision.catalogue as catalogue
from decision.methods.registry import METHODS
from decision.weights import REGISTRY


def test_method_ids_are_the_method_registry_keys_in_order():
    assert catalogue.METHOD_IDS == tuple(METHODS)


def test_weighting_ids_are_the_weighting_registry_keys_in_order():
    assert catalogue.WEIGHTING_IDS == tuple(REGISTRY)


def test_the_catalogue_imports_nothing():
    tree = ast.parse(Path(catalogue.__file__).read_text(encoding="utf-8"))
    assert not [node for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))]


def test_settings_choices_come_from_the_catalogue():
    from decision.workbook import schema as S

    choices = {s.name: s.choices() for s in S.SETTINGS_KEYS}
    assert choices["method"] == tuple(METHODS)
    assert choices["weights"] == tuple(REGISTRY)

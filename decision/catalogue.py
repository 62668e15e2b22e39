"""The ids of the ranking methods and of the weighting procedures, in registry order.

A leaf: it imports nothing of the package, so that the workbook schema can check a Settings
`method` or `weights` value without importing the methods or the weights (which sit above it).
The registries themselves stay with what they register (`decision.methods.registry.METHODS`,
`decision.weights.REGISTRY`); tests/test_catalogue.py keeps these ids equal to their keys.
"""

METHOD_IDS: tuple[str, ...] = (
    "mavt", "topsis", "wsm", "saw", "vikor", "promethee2", "wpm", "moora", "edas", "mabac", "copras", "waspas",
)

WEIGHTING_IDS: tuple[str, ...] = (
    "direct", "equal", "swing", "roc", "rank-sum", "rank-reciprocal", "ahp", "entropy", "critic", "merec",
)

# The defaults of the Settings that name them, and of the robustness analyses (stated once: the
# schema, the ranking, the robustness and the pipeline's options all read them here).
DEFAULT_METHOD = "mavt"
DEFAULT_WEIGHTING = "direct"
DEFAULT_SAMPLES = 10_000
DEFAULT_SEED = 0

# The method whose lines the weight sensitivity draws (`decision.robustness.sensitivity`), whatever
# the Settings method: the additive value model, linear in the weights, as analysts' tools draw it.
SENSITIVITY_METHOD = "mavt"

# The solvers the aid allocation can run (`decision.lp` runs them; the options check the name here,
# without importing PuLP).
SOLVERS = ("highs", "cbc")

"""How robust a ranking is: rank-reversal thresholds and SMAA-2, sampled in blocks, locally or on
a Dask cluster.

`robustness(study, method, samples=..., seed=..., weight_info=...)` returns a `Robustness` result
(`to_dict()` is the command's JSON). The parts: `sampling` (weights and scores), `blocks` (fixed
blocks and their random streams), `engines` (local, Dask), `smaa` (the indices), `thresholds`.
"""

from decision.robustness.analysis import Robustness, own_weight_info, robustness, settings_samples_seed, weight_model
from decision.robustness.engines import DaskEngine, LocalEngine, engine

__all__ = ["DaskEngine", "LocalEngine", "Robustness", "engine", "own_weight_info", "robustness", "settings_samples_seed", "weight_model"]

"""How robust a ranking is: rank-reversal thresholds and SMAA-2, sampled in blocks, locally or on
a Dask cluster. The parts: `sampling` (weights and scores), `blocks` (fixed blocks and their
random streams).
"""

"""Fixed blocks of samples, one random stream per block (DESIGN.md, Conventions: random numbers).

N samples are cut into blocks of BLOCK samples (the last one shorter). Block i of pass p draws
from its own stream, `SeedSequence(seed).spawn(passes)[p].spawn(blocks)[i]`, i.e. the seed
sequence with spawn key (p, i): what a block draws depends on the seed, the pass and the block's
index only, never on how many blocks a chunk holds or which machine runs it. Chunks (for
memory, progress and clusters) are runs of whole blocks, and results are folded in block order,
so the numbers are the same whatever the chunk size or engine.
"""

from __future__ import annotations

from typing import Iterator

import numpy as np

BLOCK = 10_000  # samples per block: a few MB of arrays for a typical study
FIRST, CONFIDENCE = 0, 1  # the passes: weights (and scores) for the indices; scores for the confidence factors


def block_count(samples: int, block: int = BLOCK) -> int:
    return -(-int(samples) // block)


def block_size(samples: int, index: int, block: int = BLOCK) -> int:
    """How many samples block `index` holds (every block is full but perhaps the last)."""
    return int(min(block, samples - index * block))


def seed_sequence(seed: int, stage: int, index: int) -> np.random.SeedSequence:
    """The stream of block `index` of pass `stage`: the grandchild (stage, index) of SeedSequence(seed)."""
    return np.random.SeedSequence(int(seed), spawn_key=(int(stage), int(index)))


def generator(seed: int, stage: int, index: int) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(seed_sequence(seed, stage, index)))


def chunks(blocks: int, per_chunk: int) -> Iterator[tuple[int, int]]:
    """(start, stop) block ranges of at most `per_chunk` whole blocks, in order, made as they are
    taken (a huge sample count costs no list up front)."""
    per_chunk = max(1, int(per_chunk))
    return ((start, min(blocks, start + per_chunk)) for start in range(0, blocks, per_chunk))

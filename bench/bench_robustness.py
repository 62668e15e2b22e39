"""Robustness at scale: SMAA passes against bare numpy, the command against scikit-criteria per sample, peak memory.

On the shipped study with mavt (two alternatives, six criteria, uncertain scores):
  - the first SMAA pass over 1,000,000 samples in-process, against a bare numpy script that draws
    the same samples (same blocks, same streams) and ranks them with one matrix product per block
    (goal: at most 2x);
  - the confidence pass, timed separately, against the same bare script for it;
  - `decision robustness --samples 1000000 --json` as a process, against scikit-criteria evaluated
    sample by sample (each sample ranked, then each central weight vector on each score sample) on
    2,000 samples, scaled to 1,000,000 (goal: at least 1,000x faster);
  - the peak resident memory of the command at 10,000,000 samples (goal: under 500 MB).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np

from timing import compare

PY = sys.executable
DECISION = str(Path(PY).parent / "decision")
SAMPLES = 1_000_000
LIBRARY_SAMPLES = 2_000
MEMORY_SAMPLES = 10_000_000


def shipped():
    from decision.robustness.problem import problem
    from decision.robustness.sampling import WeightModel
    from decision.workbook.read import read_study
    from decision.workbook.shipped import shipped_study

    study = read_study(shipped_study())
    return study, problem(study, "mavt", WeightModel("none", len(study.criteria)))


def bare_first_pass(study, samples: int, seed: int) -> np.ndarray:
    """The baseline: the same draws, values, one matrix product (einsum) per block, rank counts."""
    from decision.robustness import blocks as B

    low, high = study.value_scale()
    width, maximize = high - low, study.maximize
    m, n = study.scores.shape
    counts = np.zeros(m * m, dtype=np.int64)
    for index in range(B.block_count(samples)):
        rng = B.generator(seed, B.FIRST, index)
        k = B.block_size(samples, index)
        e = rng.standard_exponential((k, n))
        w = e / e.sum(axis=1, keepdims=True)
        x = study.scores_low + (study.scores_high - study.scores_low) * rng.random((k, m, n))
        v = (x - low) / width
        v = np.where(maximize, v, 1 - v)
        u = np.einsum("kmn,kn->km", v, w)
        ranks = np.argsort(np.argsort(-u, axis=1), axis=1)
        counts += np.bincount((np.arange(m) * m + ranks).ravel(), minlength=m * m)
    return counts.reshape(m, m) / samples


def bare_confidence(study, central: np.ndarray, samples: int, seed: int) -> np.ndarray:
    from decision.robustness import blocks as B

    low, high = study.value_scale()
    width, maximize = high - low, study.maximize
    m, n = study.scores.shape
    first = np.zeros(m)
    for index in range(B.block_count(samples)):
        rng = B.generator(seed, B.CONFIDENCE, index)
        k = B.block_size(samples, index)
        x = study.scores_low + (study.scores_high - study.scores_low) * rng.random((k, m, n))
        v = (x - low) / width
        v = np.where(maximize, v, 1 - v)
        u = np.einsum("kmn,cn->ckm", v, central)
        first += (u.argmax(axis=2) == np.arange(m)[:, None]).sum(axis=1)
    return first / samples


def library_smaa(study, samples: int, seed: int) -> tuple[np.ndarray, float]:
    """scikit-criteria one sample at a time: every sample ranked by WeightedSumModel over the MAVT
    values (equal to MAVT), central weights, then every central weight vector on every score sample.
    Returns the first-rank acceptabilities and the seconds taken (import excluded)."""
    import skcriteria
    from skcriteria.agg.simple import WeightedSumModel

    from decision.methods.mavt import values
    from decision.robustness import blocks as B

    low, high = study.value_scale()
    m, n = study.scores.shape
    model = WeightedSumModel()
    start = time.perf_counter()
    rng = B.generator(seed, B.FIRST, 0)
    e = rng.standard_exponential((samples, n))
    w = e / e.sum(axis=1, keepdims=True)
    x = study.scores_low + (study.scores_high - study.scores_low) * rng.random((samples, m, n))
    first, weight_sums = np.zeros(m), np.zeros((m, n))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for s in range(samples):
            v = values(x[s], low=low, high=high, maximize=study.maximize)
            result = model.evaluate(skcriteria.mkdm(v, [max] * n, weights=w[s]))
            best = int(np.argmin(result.rank_))
            first[best] += 1
            weight_sums[best] += w[s]
        central = weight_sums / np.maximum(first, 1)[:, None]
        y = study.scores_low + (study.scores_high - study.scores_low) * B.generator(seed, B.CONFIDENCE, 0).random((samples, m, n))
        for s in range(samples):
            v = values(y[s], low=low, high=high, maximize=study.maximize)
            for i in range(m):
                model.evaluate(skcriteria.mkdm(v, [max] * n, weights=central[i]))
    return first / samples, time.perf_counter() - start


def process_seconds(args, repeats=3) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_memory_mb(samples: int) -> tuple[float, float]:
    """Peak resident memory (MB) and seconds of the command at `samples`, measured in a child."""
    probe = ("import resource, subprocess, sys, time\n"
             "start = time.perf_counter()\n"
             f"subprocess.run([{DECISION!r}, 'robustness', '--samples', '{samples}', '--json'], check=True,"
             " stdout=subprocess.DEVNULL)\n"
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, time.perf_counter() - start)\n")
    out = subprocess.run([PY, "-c", probe], check=True, capture_output=True, text=True).stdout.split()
    return int(out[0]) / 1024, float(out[1])


class Row:
    def __init__(self, text: str):
        self.text = text

    def __str__(self) -> str:
        return self.text


def run():
    from decision.robustness.smaa import confidence_factors, first_pass_sums, smaa

    study, p = shipped()
    totals = first_pass_sums(p, samples=SAMPLES, seed=0)
    ours = totals["acceptability"] / SAMPLES
    assert np.allclose(ours, bare_first_pass(study, SAMPLES, 0)), "the baseline must count the same ranks"
    yield compare(f"SMAA first pass, {SAMPLES:,} samples (mavt)", lambda: first_pass_sums(p, samples=SAMPLES, seed=0),
                  lambda: bare_first_pass(study, SAMPLES, 0), "bare numpy, same samples", repeats=3, goal="<= 2x")
    central = smaa(p, samples=SAMPLES, seed=0).central_weights
    ours, _ = confidence_factors(p, central, samples=SAMPLES, seed=0)
    assert np.allclose(ours, bare_confidence(study, central, SAMPLES, 0))
    yield compare(f"SMAA confidence pass, {SAMPLES:,} samples", lambda: confidence_factors(p, central, samples=SAMPLES, seed=0),
                  lambda: bare_confidence(study, central, SAMPLES, 0), "bare numpy, same samples", repeats=3)

    command = [DECISION, "robustness", "--method", "mavt", "--samples", str(SAMPLES), "--json"]
    seconds = process_seconds(command)
    first, library = library_smaa(study, LIBRARY_SAMPLES, 0)
    check = smaa(p, samples=LIBRARY_SAMPLES, seed=0).acceptability[:, 0]
    assert np.allclose(first, check), "scikit-criteria must rank the same samples the same way"
    scaled = library * SAMPLES / LIBRARY_SAMPLES
    yield Row(f"{'decision robustness as a process, ' + format(SAMPLES, ',') + ' samples':<48} "
              f"{scaled / seconds:9,.0f}x faster than scikit-criteria sample by sample "
              f"({seconds:.2f} s vs {scaled:,.0f} s: {library:.2f} s for {LIBRARY_SAMPLES:,} samples, scaled)"
              f"  goal: >= 1,000x")
    doc = json.loads(subprocess.run(command[:-2] + ["10000", "--json"], check=True, capture_output=True, text=True).stdout)
    assert doc["samples"] == 10_000
    mb, took = peak_memory_mb(MEMORY_SAMPLES)
    yield Row(f"{'peak memory, ' + format(MEMORY_SAMPLES, ',') + ' samples (the command)':<48} {mb:9,.0f} MB"
              f"  ({took:.1f} s)  goal: < 500 MB")

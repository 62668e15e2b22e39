"""Timing helpers: interleaved repeats of a candidate and its baseline, median ratio."""

from __future__ import annotations

import statistics
import subprocess
import time
from dataclasses import dataclass


@dataclass
class Comparison:
    name: str
    candidate: float  # median seconds
    baseline: float
    baseline_name: str
    goal: str = ""

    @property
    def ratio(self) -> float:
        return self.candidate / self.baseline

    def __str__(self) -> str:
        goal = f"  goal: {self.goal}" if self.goal else ""
        return (f"{self.name:<48} {self.ratio:7.2f}x {self.baseline_name}"
                f"  ({self.candidate:.3f} s vs {self.baseline:.3f} s, medians){goal}")


def median_time(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def compare(name, candidate, baseline, baseline_name, *, repeats=5, goal="") -> Comparison:
    """Alternate candidate and baseline runs so that machine noise hits both alike."""
    c, b = [], []
    for _ in range(repeats):
        c.append(median_time(candidate, 1))
        b.append(median_time(baseline, 1))
    return Comparison(name, statistics.median(c), statistics.median(b), baseline_name, goal)


def process(*args: str):
    """A callable running a whole process (its output discarded; failure is an error)."""
    def call():
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return call

"""Benchmarks: each compares against a baseline measured side by side in the same run, and
reports the ratio (machines here are noisy: an absolute time alone means little).

    make bench                 # all
    python bench/run.py cli    # the benchmarks whose name contains 'cli'
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SUITES = ["bench_cli", "bench_methods", "bench_reader", "bench_allocation", "bench_robustness"]


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(HERE))
    pattern = argv[0] if argv else ""
    for name in SUITES:
        if pattern and pattern not in name:
            continue
        module = importlib.import_module(name)
        print(f"\n== {name}: {module.__doc__.strip().splitlines()[0]}")
        for row in module.run():
            print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

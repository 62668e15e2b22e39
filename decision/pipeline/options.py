"""What a command was asked, resolved once: its arguments, else the workbook's Settings, else the
defaults (`decision.catalogue`, which the schema states too); checked once, every problem listed at once (exit 2).

The analyses then take these typed values (a method id, a budget, a number of samples), never
flags. The problems name each option by its parameter's name (`method`, `samples`); the command
prints it as the flag the analyst typed (`--method`, `--samples`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from decision.catalogue import (DEFAULT_METHOD, DEFAULT_SAMPLES, DEFAULT_SEED, DEFAULT_WEIGHTING, METHOD_IDS, SOLVERS,
                                WEIGHTING_IDS)
from decision.errors import InputError, bad_option
from decision.limits import DEFAULT_TIME_LIMIT, MAX_LIMIT, MAX_SAMPLES
from decision.model import Study


@dataclass(frozen=True)
class Options:
    method: str  # a ranking method id
    weighting: str  # a weighting procedure id
    solver: str = "highs"
    budget: float | None = None  # None: the study's Settings budget (the allocation says when it is missing)
    risk_cap: float | None = None
    samples: int = DEFAULT_SAMPLES
    seed: int = DEFAULT_SEED
    time_limit: float = DEFAULT_TIME_LIMIT


def resolve(study: Study, *, method: str | None = None, weighting: str | None = None,
            solver: str = "highs", budget: float | None = None,
            risk_cap: float | None = None, samples: int | None = None, seed: int | None = None,
            time_limit: float | None = None) -> Options:
    """The command's options: each argument given, else the study's Settings, else the default.
    InputError with one line per problem."""
    settings = study.settings
    chosen = {
        "method": method or settings.get("method") or DEFAULT_METHOD,
        "weighting": weighting or settings.get("weights") or DEFAULT_WEIGHTING,
        "samples": settings.get("samples", DEFAULT_SAMPLES) if samples is None else samples,
        "seed": settings.get("seed", DEFAULT_SEED) if seed is None else seed,
        "time_limit": time_limit or settings.get("time_limit") or DEFAULT_TIME_LIMIT,
    }
    problems = []
    if chosen["method"] not in METHOD_IDS:
        problems.append(bad_option("method", f"unknown method '{chosen['method']}' (known: {', '.join(METHOD_IDS)})"))
    if chosen["weighting"] not in WEIGHTING_IDS:
        problems.append(bad_option("weighting", f"unknown weighting method '{chosen['weighting']}' "
                                                f"(known: {', '.join(WEIGHTING_IDS)})"))
    if solver not in SOLVERS:
        problems.append(bad_option("solver", f"expected {' or '.join(SOLVERS)}, found '{solver}'"))
    for name, value in (("budget", budget), ("risk_cap", risk_cap)):
        if value is not None and not (0 <= value < math.inf):
            problems.append(bad_option(name, f"expected a finite number >= 0, found {value}"))
        elif value is not None and value > MAX_LIMIT:
            problems.append(bad_option(name, f"at most {MAX_LIMIT:.0e} (found {value:g})".replace("e+", "e")))
    n = chosen["samples"]
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        problems.append(bad_option("samples", f"expected a whole number >= 1, found {n!r}"))
    elif n > MAX_SAMPLES:
        problems.append(bad_option("samples", f"at most {MAX_SAMPLES:,} (found {n:,})"))
    s = chosen["seed"]
    if isinstance(s, bool) or not isinstance(s, int) or s < 0:
        problems.append(bad_option("seed", f"expected a whole number >= 0, found {s!r}"))
    if problems:
        raise InputError(problems)
    return Options(solver=solver, budget=budget, risk_cap=risk_cap, **chosen)

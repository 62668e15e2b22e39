"""One limit on a whole command's solving (`--time-limit`, Settings `time_limit`), shared by its solves.

The command sets it once, after reading the workbook; every solve inside takes what the earlier
ones left. A leaf (no solver imported), so that commands that never solve pay nothing for it.
"""

from __future__ import annotations

import contextlib
import contextvars


class SolvingTime:
    """Seconds of solving allowed, and spent so far."""

    def __init__(self, limit: float):
        self.limit, self.spent = float(limit), 0.0

    def remaining(self) -> float:
        return self.limit - self.spent


_CLOCK: contextvars.ContextVar[SolvingTime | None] = contextvars.ContextVar("solving_time", default=None)


def current() -> SolvingTime | None:
    return _CLOCK.get()


@contextlib.contextmanager
def solving_time(seconds: float | None):
    """Solves inside share `seconds` of solving (None: no limit); the previous limit is restored after."""
    token = _CLOCK.set(None if seconds is None else SolvingTime(seconds))
    try:
        yield _CLOCK.get()
    finally:
        _CLOCK.reset(token)


def limit_solving(seconds: float) -> SolvingTime:
    """From now on, inside the innermost `solving_time` block, solves share `seconds`."""
    clock = SolvingTime(seconds)
    _CLOCK.set(clock)
    return clock

"""Where blocks of samples are evaluated: in this process, or on a Dask distributed cluster.

An engine maps a task over chunks (runs of whole blocks) and yields `(chunk index, result)`; the
caller folds the results in block order (whatever order they come in), so the engine never
changes the numbers. Dask is an optional extra (`pip install decision[dask]`) imported only when used.
"""

from __future__ import annotations

from typing import Callable, Iterator, Sequence

from decision.errors import InputError

ENGINES = ("local", "dask")


class LocalEngine:
    """Chunks one after the other, in order, in this process."""

    name = "local"
    default_chunks = 1  # blocks per chunk: progress after every block

    def share(self, value):
        return value

    def map(self, task: Callable, arguments: Sequence[tuple]) -> Iterator[tuple[int, object]]:
        for index, args in enumerate(arguments):
            yield index, task(*args)

    def close(self) -> None:
        pass


class DaskEngine:
    """Chunks as tasks on a Dask cluster: `DaskEngine("tcp://host:8786")`, or around a client the
    caller owns (`DaskEngine(client=client)`, which `close` leaves open)."""

    name = "dask"

    def __init__(self, address: str | None = None, *, client=None, timeout: str = "5s"):
        if client is None:
            if not address:
                raise InputError("--engine dask needs --scheduler ADDRESS (e.g. tcp://127.0.0.1:8786)")
            try:
                from distributed import Client
            except ImportError:
                raise InputError("--engine dask needs the optional extra 'dask' "
                                 "(pip install 'decision[dask]')") from None
            check_address(address)
            try:
                client = Client(address, timeout=timeout, set_as_default=False)
            except (OSError, TimeoutError) as exc:  # unreachable or refused
                raise InputError(f"--scheduler: cannot connect to the Dask scheduler at {address}: {exc}") from None
            self._owned = True
        else:
            self._owned = False
        self.client = client

    @property
    def default_chunks(self) -> int:
        return 0  # the caller spreads the blocks over about 4 chunks per worker

    @property
    def workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def share(self, value):
        """Send `value` to every worker once; tasks then receive it by reference. A fresh key each
        time (hash=False): a content-hashed key released by an earlier pass could be deleted under
        the next one ('lost dependencies')."""
        return self.client.scatter(value, broadcast=True, hash=False)

    def map(self, task: Callable, arguments: Sequence[tuple]) -> Iterator[tuple[int, object]]:
        """Submit every chunk at once; collect them in order (the fold needs that order anyway, and
        `as_completed` would need this client to be the process's default)."""
        futures = [self.client.submit(task, *args, pure=False) for args in arguments]
        for index, future in enumerate(futures):
            yield index, future.result()

    def close(self) -> None:
        if self._owned:
            self.client.close()


def check_address(address: str) -> None:
    """InputError unless `address` reads as a scheduler address (a malformed one would otherwise
    leave a half-made client that hangs the interpreter's exit)."""
    from distributed.comm.addressing import parse_address, parse_host_port

    try:
        scheme, location = parse_address(address)
        if scheme in ("tcp", "tls"):
            parse_host_port(location)
    except ValueError as exc:
        raise InputError(f"--scheduler: not a scheduler address: {exc} (e.g. tcp://127.0.0.1:8786)") from None


def engine(name: str = "local", scheduler: str | None = None):
    """The engine `name` ('local' or 'dask'); InputError for a bad choice."""
    if name not in ENGINES:
        raise InputError(f"--engine: expected local or dask, found '{name}'")
    if name == "local":
        if scheduler:
            raise InputError("--scheduler: only with --engine dask")
        return LocalEngine()
    return DaskEngine(scheduler)

"""Where blocks of samples are evaluated: in this process, or on a Dask distributed cluster.

An engine maps a task over chunks (runs of whole blocks) and yields `(chunk index, result)`; the
caller folds the results in block order (whatever order they come in), so the engine never
changes the numbers. Dask is an optional extra (`pip install decision[dask]`) imported only when used.
"""

from __future__ import annotations

import asyncio
import errno
import socket
import struct
import threading
import time
from typing import Callable, Iterator, Sequence

from decision.errors import InputError, option
from decision.limits import DEFAULT_CONNECT_TIMEOUT

ENGINES = ("local", "dask")
MAX_CONNECT_TIMEOUT = 600.0  # seconds (--connect-timeout): beyond, a wrong address just looks hung


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

    def __init__(self, address: str | None = None, *, client=None, timeout: float | str = DEFAULT_CONNECT_TIMEOUT):
        """`timeout`: seconds (or a Dask duration such as "5s") for the whole connection: reaching
        the address, Dask's handshake and the scheduler's answer; InputError when they take longer."""
        if client is None:
            seconds = connect_seconds(timeout)
            if not address:
                raise InputError(f"{option('engine')} dask needs {option('scheduler')} ADDRESS (e.g. tcp://127.0.0.1:8786)")
            try:
                from distributed import Client
            except ImportError:
                raise InputError(f"{option('engine')} dask needs the optional extra 'dask' "
                                 "(pip install 'decision[dask]')") from None
            check_address(address)
            probe(address, seconds)  # a scheduler answered in time: the client's handshake will not hang
            try:
                client = Client(address, timeout=seconds, set_as_default=False)
            except (OSError, TimeoutError) as exc:  # gone or stalled since it answered the probe
                raise InputError(f"{option('scheduler')}: cannot connect to the Dask scheduler at {address}: {exc}") from None
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


def connect_seconds(timeout: float | str) -> float:
    """`timeout` in seconds (a number, or a Dask duration such as "5s"); InputError unless finite,
    above 0 and at most MAX_CONNECT_TIMEOUT."""
    seconds = timeout
    if isinstance(timeout, str):
        from dask.utils import parse_timedelta

        try:
            seconds = parse_timedelta(timeout, "s")
        except (ValueError, KeyError, TypeError):
            seconds = None
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) \
            or not (0 < seconds <= MAX_CONNECT_TIMEOUT):  # also refuses nan
        shown = f"{timeout:g}" if isinstance(timeout, float) else str(timeout)
        raise InputError(f"{option('connect_timeout')}: expected a number of seconds > 0 and at most "
                         f"{MAX_CONNECT_TIMEOUT:g}, found {shown}")
    return float(seconds)


def check_address(address: str) -> None:
    """InputError unless `address` reads as a scheduler address this process can use (a malformed
    one would otherwise leave a half-made client that hangs the interpreter's exit)."""
    from distributed.comm import registry
    from distributed.comm.addressing import parse_address, parse_host_port

    try:
        scheme, location = parse_address(address)
        backend = registry.get_backend(scheme)  # a scheme distributed does not know
        if scheme in ("tcp", "tls"):
            parse_host_port(location)
    except ValueError as exc:
        raise InputError(f"{option('scheduler')}: not a scheduler address: {exc} (e.g. tcp://127.0.0.1:8786)") from None
    try:
        backend.get_connector()
    except (TypeError, ImportError):  # ucx:// without distributed-ucxx: an abstract stub
        raise InputError(f"{option('scheduler')}: {address}: the {scheme}:// transport is not installed "
                         f"(e.g. tcp://127.0.0.1:8786)") from None
    if scheme == "inproc":
        from distributed.comm.inproc import global_manager

        try:
            listener = global_manager.get_listener_for(location)
        except ValueError:  # another process's
            listener = None
        if listener is None:
            raise InputError(f"{option('scheduler')}: no Dask scheduler at {address} in this process (inproc:// "
                             f"reaches only this process; e.g. tcp://127.0.0.1:8786)")
    try:
        arguments = _connection_arguments()
    except (OSError, ValueError) as exc:  # a certificate or key file missing or unreadable
        raise InputError(f"{option('scheduler')}: Dask's TLS settings (distributed.comm.tls.*) cannot be used: {exc}") from None
    if scheme == "tls" and arguments.get("ssl_context") is None:
        raise InputError(f"{option('scheduler')}: {address} needs Dask's TLS settings (distributed.comm.tls.ca-file, "
                         f".client.cert and .client.key in Dask's configuration)")
    if scheme in ("tcp", "ws") and arguments.get("require_encryption"):
        raise InputError(f"{option('scheduler')}: Dask's configuration requires encryption "
                         f"(distributed.comm.require-encryption): give a tls:// address, not {address}")


def _connection_arguments() -> dict:
    """What `Client` passes to `connect`: the TLS context and settings of Dask's configuration."""
    from distributed.security import Security

    return Security().get_connection_args("client")


# What distributed raises while reading a reply that is not Dask's protocol: each type was seen on
# an HTTP response, random bytes and crafted frames (tests/test_cluster_connect.py). Only the probe's
# connect, write and read are guarded with it, so a bug of ours still escapes as a bug. (OSError,
# which includes CommClosedError, and the timeout have their own lines.)
BAD_REPLY_FAILURES = (
    MemoryError,  # a length prefix of exabytes ('HTTP/1.1' read as one): numpy's buffer for it
    ValueError,  # numpy's "Maximum allowed dimension exceeded" for the same; msgpack's bad data; handshake keys
    struct.error,  # a frame count beyond the bytes sent
    TypeError,  # a handshake that decodes to something other than a dict
    KeyError,  # a dict handshake without Dask's keys
    IndexError,  # fewer frames than the header says
)


def probe(address: str, seconds: float) -> None:
    """Ask `address` who it is: InputError unless a Dask scheduler answers within `seconds` in all
    (finding the host, connecting, Dask's handshake, the answer to `identity`). `Client(timeout=)`
    bounds only the connecting: a port that accepts and stays silent would hang it, and bytes that
    are not Dask's protocol end in MemoryError. The probe runs in a daemon thread with its own event
    loop (the caller may be inside one, as in a notebook) and leaves no connection behind."""
    outcome: dict = {}
    thread = threading.Thread(target=_probe_in_thread, args=(address, seconds, outcome),
                              name="decision-scheduler-probe", daemon=True)
    thread.start()
    thread.join(seconds + 1)  # the probe stops itself at `seconds`: a backstop (a name lookup that hangs)
    if thread.is_alive():
        raise InputError(_unresolved(address, seconds) if outcome.get("stage") == "resolving" else
                         _silent(address, seconds))
    if "bug" in outcome:
        raise outcome["bug"]
    if outcome.get("problem"):
        raise InputError(outcome["problem"])


def _probe_in_thread(address: str, seconds: float, outcome: dict) -> None:
    loggers = _quiet_distributed()
    try:
        start = time.monotonic()
        outcome["stage"] = "resolving"
        try:
            targets = _resolve(address)
        except socket.gaierror as exc:
            outcome["problem"] = f"{option('scheduler')}: cannot find the host of {address}: {exc.strerror or exc}"
            return
        outcome["stage"] = "connecting"
        left = seconds - (time.monotonic() - start)
        outcome["problem"] = asyncio.run(_ask(address, left, seconds, targets)) if left > 0 else \
            _unresolved(address, seconds)
    except BaseException as exc:  # noqa: BLE001 - a bug: handed to the caller's thread, which raises it
        outcome["bug"] = exc
    finally:
        for logger, disabled in loggers:
            logger.disabled = disabled


def _resolve(address: str) -> list[tuple]:
    """(family, socket address) of the host of a tcp://, tls://, ws:// or wss:// address, looked up
    here, in the probe's daemon thread (in the event loop's executor, a lookup that hangs would hold
    the exit); [] for other schemes."""
    from distributed.comm.addressing import parse_address, parse_host_port

    scheme, location = parse_address(address)
    if scheme not in ("tcp", "tls", "ws", "wss"):
        return []
    host, port = parse_host_port(location)
    return [(info[0], info[4]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


async def _ask(address: str, seconds: float, shown: float, targets: list[tuple]) -> str | None:
    """The problem with `address` as one line, or None when a Dask scheduler answered in `seconds`
    (`shown` in the lines: the whole timeout)."""
    from distributed.comm import CommClosedError, connect
    from distributed.comm.core import FatalCommClosedError

    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    # Connecting (retried while refused, as Client does) gets all but a last slice of the time: a
    # timeout of the whole then means the address accepted the connection and said nothing after.
    reach = seconds - min(0.5, seconds / 5)
    comm = None

    async def identity():
        nonlocal comm
        comm = await connect(address, timeout=reach, deserialize=False, **_connection_arguments())
        await comm.write({"op": "identity", "reply": True})  # a worker's identity takes no n_workers
        return await comm.read()

    try:
        reply = await asyncio.wait_for(identity(), seconds)
    except (TimeoutError, asyncio.TimeoutError):
        return _silent(address, shown)
    except FatalCommClosedError as exc:  # TLS refused
        return f"{option('scheduler')}: the TLS handshake with {address} failed: {exc}"
    except CommClosedError:
        return (f"{option('scheduler')}: {address} accepted the connection and closed it without answering in "
                f"Dask's protocol (not a Dask scheduler, or one that expects tls://)")
    except OSError as exc:  # distributed's "Timed out trying to connect": the connection never opened
        reason = _errno_in(exc)
        if reason is None and targets:  # the last attempt, cut short by the time left, hides why
            reason = await _try_once(targets[0], deadline - loop.time())
        return _unreachable(address, shown, reason)
    except BAD_REPLY_FAILURES:
        return (f"{option('scheduler')}: {address} answered, but not in Dask's protocol: expected a Dask scheduler "
                f"(usually port 8786; 8787 is its dashboard, which speaks HTTP)")
    finally:
        if comm is not None:
            comm.abort()
    kind = reply.get("type") if isinstance(reply, dict) else None
    if kind in ("Worker", "Nanny"):
        return f"{option('scheduler')}: {address} is a Dask {kind.lower()}, not the scheduler: give the scheduler's address"
    if not isinstance(kind, str) or not ("Scheduler" in kind or "workers" in reply):
        said = str(kind if isinstance(kind, str) else type(reply).__name__)[:60]
        return f"{option('scheduler')}: {address} speaks Dask's protocol but did not answer as a Dask scheduler (it said {said!r})"
    return None


def _errno_in(exc: BaseException | None) -> OSError | None:
    """The first exception with an errno along the chain (refused, no route to host), if any."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno is not None:
            return exc
        exc = exc.__cause__ or exc.__context__
    return None


async def _try_once(target: tuple, seconds: float) -> OSError | None:
    """One bare connection attempt, to tell refused from unanswered; None when it connects or times out."""
    if seconds <= 0.01:
        return None
    family, where = target
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setblocking(False)
    try:
        await asyncio.wait_for(asyncio.get_running_loop().sock_connect(sock, where), seconds)
    except (TimeoutError, asyncio.TimeoutError):
        return None
    except OSError as exc:
        return exc
    finally:
        sock.close()
    return None


def _unresolved(address: str, seconds: float) -> str:
    return f"{option('scheduler')}: cannot find the host of {address} within {seconds:g} s (the name lookup did not answer)"


def _silent(address: str, seconds: float) -> str:
    return (f"{option('scheduler')}: no Dask scheduler answered at {address} within {seconds:g} s (the address "
            f"accepts connections but does not speak Dask's protocol)")


def _unreachable(address: str, seconds: float, reason: OSError | None) -> str:
    start = f"{option('scheduler')}: cannot connect to the Dask scheduler at {address}"
    if isinstance(reason, ConnectionRefusedError):
        return (f"{start}: connection refused for {seconds:g} s (nothing listens there: is the scheduler "
                f"running, is the port right?)")
    if reason is None or reason.errno == errno.ETIMEDOUT:
        return (f"{start}: no answer within {seconds:g} s (a wrong or unreachable host, or a firewall "
                f"dropping the connection)")
    return f"{start}: {reason.strerror or reason}"


def _quiet_distributed() -> list:
    """Silence distributed's loggers while the probe runs (each bad reply would log a traceback,
    'Failed to deserialize'); returns (logger, its former state) to restore."""
    import logging

    names = [n for n in list(logging.root.manager.loggerDict) if n == "distributed" or n.startswith("distributed.")]
    loggers = [(logging.getLogger(n), logging.getLogger(n).disabled) for n in names]
    for logger, _ in loggers:
        logger.disabled = True
    return loggers


def engine(name: str = "local", scheduler: str | None = None, connect_timeout: float | None = None):
    """The engine `name` ('local' or 'dask'); InputError for a bad choice. `connect_timeout`:
    seconds for the whole connection to the scheduler (default DEFAULT_CONNECT_TIMEOUT)."""
    if name not in ENGINES:
        raise InputError(f"{option('engine')}: expected local or dask, found '{name}'")
    if name == "local":
        problems = []
        if scheduler:
            problems.append(f"{option('scheduler')}: only with {option('engine')} dask")
        if connect_timeout is not None:
            problems.append(f"{option('connect_timeout')}: only with {option('engine')} dask")
        if problems:
            raise InputError(problems)
        return LocalEngine()
    return DaskEngine(scheduler, timeout=DEFAULT_CONNECT_TIMEOUT if connect_timeout is None else connect_timeout)

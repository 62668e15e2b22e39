"""`--engine dask --scheduler ADDRESS` against addresses where no Dask scheduler answers: each ends
within --connect-timeout with exit 2, one errors document under --json naming the address, no
traceback, no "Exception ignored" and no thread left behind (issue 10, item 6). The servers listen
on 127.0.0.1 only and stop by themselves; nothing leaves this machine. A real LocalCluster still
works through the same path."""

from __future__ import annotations

import importlib.util
import json
import random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from decision.errors import InputError  # noqa: E402
from decision.robustness import DaskEngine  # noqa: E402
from tests.workbooks import run  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "criteria" / "settlement_scenarios.xlsx"
TIMEOUT = 2  # --connect-timeout of the subprocess runs
HTTP = (b"HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n"
        b"Connection: close\r\n\r\nBad Request")


class Server:
    """A TCP server on 127.0.0.1 that treats each connection as `kind` says, for at most `life` s:
    silent (accepts, never answers), http (answers an HTTP 400), garbage (random bytes), close
    (closes at once)."""

    def __init__(self, kind: str, life: float = 30):
        self.kind = kind
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.address = f"tcp://127.0.0.1:{self.sock.getsockname()[1]}"
        self.end = time.monotonic() + life
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        connections, rng = [], random.Random(10)
        try:
            while not self.stopped.is_set() and time.monotonic() < self.end:
                try:
                    conn, _ = self.sock.accept()
                except (socket.timeout, OSError):
                    continue
                connections.append(conn)
                if self.kind == "close":
                    conn.close()
                    continue
                try:
                    if self.kind == "http":
                        conn.settimeout(1)
                        conn.recv(4096)  # whatever the client says first
                        conn.sendall(HTTP)
                    elif self.kind == "garbage":
                        conn.sendall(rng.randbytes(4096))
                except OSError:
                    pass
        finally:
            for conn in connections:
                conn.close()
            self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.thread.join(5)


class Blackhole:
    """A port on 127.0.0.1 whose accept queue is full, so new connections get no answer at all:
    what an unroutable host or a dropping firewall looks like, without sending traffic anywhere."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(0)
        port = self.sock.getsockname()[1]
        self.address = f"tcp://127.0.0.1:{port}"
        self.fill = []
        for _ in range(4):
            conn = socket.socket()
            conn.setblocking(False)
            try:
                conn.connect(("127.0.0.1", port))
            except BlockingIOError:
                pass
            self.fill.append(conn)
        time.sleep(0.2)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for conn in self.fill:
            conn.close()
        self.sock.close()


def closed_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"tcp://127.0.0.1:{sock.getsockname()[1]}"


def robustness_subprocess(address: str, timeout: float = TIMEOUT):
    """(exit code, stdout, stderr, seconds) of the command in a fresh interpreter."""
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "decision", "robustness", str(SCENARIOS), "--samples", "1000",
                           "--engine", "dask", "--scheduler", address, "--connect-timeout", str(timeout), "--json"],
                          capture_output=True, text=True, timeout=timeout + 30, cwd=ROOT)
    return done.returncode, done.stdout, done.stderr, time.monotonic() - start


def assert_refused(address, code, out, err, seconds, words):
    assert code == 2, err
    doc = json.loads(out)  # exactly one document: json.loads refuses trailing data
    assert doc["status"] == "invalid" and len(doc["errors"]) == 1
    line = doc["errors"][0]
    assert line.startswith("--scheduler: ") and address in line and words in line, line
    assert "Exception ignored" not in err and "Traceback" not in err, err
    assert err.strip() == line, err  # the one line, nothing logged around it
    assert seconds < TIMEOUT + 5


@pytest.mark.parametrize("kind, words", [
    ("silent", f"no Dask scheduler answered at {{}} within {TIMEOUT} s (the address accepts connections "
               "but does not speak Dask's protocol)"),
    ("http", "answered, but not in Dask's protocol"),
    ("garbage", "answered, but not in Dask's protocol"),
    ("close", "accepted the connection and closed it without answering in Dask's protocol"),
])
def test_a_server_that_is_not_a_scheduler_is_bad_input_within_the_timeout(kind, words):
    with Server(kind) as server:
        code, out, err, seconds = robustness_subprocess(server.address)
    assert_refused(server.address, code, out, err, seconds, words.format(server.address))


def test_a_closed_port_is_bad_input_within_the_timeout():
    address = closed_port()
    code, out, err, seconds = robustness_subprocess(address)
    assert_refused(address, code, out, err, seconds,
                   f"cannot connect to the Dask scheduler at {address}: connection refused for {TIMEOUT} s")


def test_an_address_that_never_answers_is_bad_input_within_the_timeout():
    with Blackhole() as hole:
        code, out, err, seconds = robustness_subprocess(hole.address)
    assert_refused(hole.address, code, out, err, seconds, f"no answer within {TIMEOUT} s")


def test_a_failed_connection_leaves_no_thread_behind():
    before = {t for t in threading.enumerate()}
    with Server("garbage") as garbage, Server("silent") as silent:
        for address in (garbage.address, silent.address, closed_port()):
            start = time.monotonic()
            with pytest.raises(InputError, match=address):
                DaskEngine(address, timeout=1)
            assert time.monotonic() - start < 3
    time.sleep(0.2)  # the probe's daemon thread returns right after its answer
    left = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    assert not [t for t in left if not t.daemon], left
    assert not [t for t in left if t.name == "decision-scheduler-probe"], left


@pytest.mark.parametrize("value", ["0", "-1", "601", "nan", "inf"])
def test_the_connect_timeout_is_checked(capsys, value):
    code, out, _ = run(capsys, "robustness", SCENARIOS, "--engine", "dask", "--scheduler", "tcp://127.0.0.1:1",
                       "--connect-timeout", value, "--json")
    shown = f"{float(value):g}"
    assert code == 2 and json.loads(out)["errors"] == [
        f"--connect-timeout: expected a number of seconds > 0 and at most 600, found {shown}"]


def test_the_connect_timeout_is_only_for_dask(capsys):
    code, out, _ = run(capsys, "robustness", SCENARIOS, "--connect-timeout", "5", "--json")
    assert code == 2 and json.loads(out)["errors"] == ["--connect-timeout: only with --engine dask"]


@pytest.mark.parametrize("protocol", ["inproc", "tcp"])
def test_a_local_cluster_works_through_the_probe(capsys, protocol):
    """The probe and then the client, against a real scheduler: the local document; a worker's
    address instead of the scheduler's is bad input that says so."""
    from distributed import LocalCluster

    local = json.loads(run(capsys, "robustness", SCENARIOS, "--samples", 5000, "--json")[1])
    with LocalCluster(n_workers=1, processes=False, threads_per_worker=1, dashboard_address=":0",
                      protocol=protocol) as cluster:
        assert cluster.scheduler_address.startswith(f"{protocol}://")
        code, out, err = run(capsys, "robustness", SCENARIOS, "--samples", 5000, "--engine", "dask",
                             "--scheduler", cluster.scheduler_address, "--connect-timeout", 30, "--json")
        assert code == 0, err
        assert json.loads(out) == local
        worker = next(iter(cluster.scheduler_info["workers"]))
        with pytest.raises(InputError, match=f"{worker} is a Dask worker, not the scheduler"):
            DaskEngine(worker, timeout=10)


@pytest.mark.parametrize("address, line", [
    ("tls://127.0.0.1:1", "scheduler: tls://127.0.0.1:1 needs Dask's TLS settings"),
    ("nosuchscheme://127.0.0.1:1", "scheduler: not a scheduler address: unknown address scheme 'nosuchscheme'"),
    ("inproc://127.0.0.1/1/2", "scheduler: no Dask scheduler at inproc://127.0.0.1/1/2 in this process"),
    pytest.param("ucx://127.0.0.1:1", "scheduler: ucx://127.0.0.1:1: the ucx:// transport is not installed",
                 marks=pytest.mark.skipif(importlib.util.find_spec("distributed_ucxx") is not None,
                                          reason="UCX installed")),
])
def test_addresses_this_process_cannot_use_are_refused_before_any_connection(address, line):
    """Called from Python: the option reads as the parameter of `engine()` (the command prints --scheduler)."""
    with pytest.raises(InputError) as info:
        DaskEngine(address, timeout=1)
    assert info.value.lines[0].startswith(line)

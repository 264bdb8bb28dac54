"""Fixtures for engine tests: an event recorder, server start/stop, and a leak check."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from workbench.events import Event
from workbench.server import ServerRunner
from workbench.session.reader import SessionReader
from workbench.session.writer import SessionWriter
from workbench.spec import Family, ServerSpec, SockType

FAMILY = {Family.INET: socket.AF_INET, Family.INET6: socket.AF_INET6}
if hasattr(socket, "AF_UNIX"):
    FAMILY[Family.UNIX] = socket.AF_UNIX


class Recorder(SessionWriter):
    """A real session log in a temp file, read back for assertions: what servers record into."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, flush_interval=0.002)
        self._events: list[Event] = []

    def snapshot(self) -> list[Event]:
        """Every event committed so far (flushes first), decoded from the file.

        The reader is opened and closed each time, so no descriptor outlives the call
        (the leak checks count them).
        """
        self.flush()
        assert self.path is not None
        with SessionReader(self.path) as reader:
            self._events.extend(reader.events(len(self._events)))
        return list(self._events)

    @property
    def events(self) -> list[Event]:
        return self.snapshot()

    def wait_for(self, predicate: Callable[[list[Event]], bool], timeout: float = 10.0) -> list[Event]:
        deadline = time.monotonic() + timeout
        while True:
            events = self.snapshot()
            if predicate(events):
                return events
            if time.monotonic() > deadline:
                names = [f"{e.event}:{e.phase}" for e in events[-15:]]
                raise AssertionError(f"events did not arrive within {timeout} s; last: {names}")
            time.sleep(0.01)

    def of_request(self, rid: int) -> list[Event]:
        return [e for e in self.snapshot() if e.request == rid]

    def named(self, name: str, phase: str | None = "enter") -> list[Event]:
        return [e for e in self.snapshot() if e.event == name and e.phase == phase]


def _children() -> set[int]:
    pids: set[int] = set()
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        try:
            pids.update(int(p) for p in (task / "children").read_text().split())
        except OSError:
            pass
    return pids


def _fds() -> set[int]:
    return {int(fd) for fd in os.listdir("/proc/self/fd")}


def _state() -> tuple[set[threading.Thread], set[int], set[int]]:
    return set(threading.enumerate()), _children(), _fds()


@pytest.fixture(autouse=True, scope="session")
def english_messages() -> Iterator[None]:
    """English messages, in this process and the CLI subprocesses, whatever the developer's locale.

    The CLI speaks the locale's language and most tests read its English; the tests of the
    Chinese (test_messages.py) set the locale they need.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LANGUAGE", "en")
        yield


@pytest.fixture
def no_leaks() -> Iterator[None]:
    """Fail the test if it leaves a thread, a child process (zombies too) or a descriptor."""
    if not Path("/proc/self/fd").is_dir():  # pragma: no cover - Linux only check
        yield
        return
    threads, children, fds = _state()
    yield
    deadline = time.monotonic() + 3.0
    while True:
        now_threads, now_children, now_fds = _state()
        extra = (now_threads - threads, now_children - children, now_fds - fds)
        if not any(extra) or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    assert not extra[0], f"threads left behind: {[t.name for t in extra[0]]}"
    assert not extra[1], f"child processes left behind (zombies?): {sorted(extra[1])}"
    leaked = {fd: _describe(fd) for fd in extra[2]}
    assert not leaked, f"descriptors left open: {leaked}"


def _describe(fd: int) -> str:
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return "?"


@pytest.fixture
def recorder(tmp_path: Path) -> Iterator[Recorder]:
    rec = Recorder(tmp_path / "session.swb")
    yield rec
    rec.close()


@pytest.fixture
def start_server(recorder: Recorder, tmp_path: Path, no_leaks: None) -> Iterator[Callable[..., ServerRunner]]:
    """``start_server(family=..., type=..., mixin=..., ...)`` -> a started ServerRunner, stopped after the test."""
    runners: list[ServerRunner] = []

    def start(**options: Any) -> ServerRunner:
        family = Family(options.get("family", Family.INET))
        if family is Family.UNIX and "path" not in options:
            options["path"] = str(tmp_path / f"server{len(runners)}.sock")
        if family is Family.INET6 and "host" not in options:
            options["host"] = "::1"
        runner = ServerRunner(ServerSpec(**options), recorder)
        runner.start()
        runners.append(runner)
        return runner

    yield start
    for runner in runners:
        runner.stop(timeout=5.0)


@pytest.fixture
def connect(tmp_path: Path, no_leaks: None) -> Iterator[Callable[[ServerRunner], socket.socket]]:
    """``connect(runner)`` -> a blocking client socket for that server (closed after the test).

    Stream sockets are connected; datagram sockets are bound (AF_UNIX: to a tmp path, so
    the server has an address to reply to) and connected to the server.
    """
    sockets: list[socket.socket] = []

    def make(runner: ServerRunner) -> socket.socket:
        spec = runner.spec
        sock = socket.socket(FAMILY[spec.family], spec.type.constant)
        sockets.append(sock)
        sock.settimeout(10.0)
        if spec.family is Family.UNIX and spec.type is SockType.DGRAM:
            sock.bind(str(tmp_path / f"client{len(sockets)}.sock"))
        sock.connect(runner.address)
        return sock

    yield make
    for sock in sockets:
        sock.close()


def read_until_close(sock: socket.socket) -> bytes:
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def exchange(sock: socket.socket, payload: bytes, type_: SockType) -> bytes:
    """Send and read the whole reply: stream = until the server closes, dgram = one datagram."""
    if type_ is SockType.STREAM:
        sock.sendall(payload)
        sock.shutdown(socket.SHUT_WR)
        return read_until_close(sock)
    sock.send(payload)
    return sock.recv(65536)

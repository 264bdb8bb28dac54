"""Session logs for timeline tests: synthetic records at chosen times, or real servers and clients."""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

from ui.logfeed import LogFeed
from workbench.events import HANDLER_STEPS, Kind, Phase
from workbench.server import ServerRunner
from workbench.session.writer import SessionWriter
from workbench.spec import Mixin, ServerSpec


class SyntheticSession:
    """A real session log written record by record with chosen timestamps, and a feed reading it.

    Times are seconds after ``t0_ns`` (taken when the session starts); threads are named
    as the writer would name them, in the host process (the test's own pid) unless a
    child's ``pid`` is given.
    """

    def __init__(self, path: Path, source: str = "server-1") -> None:
        self.path = path
        self.writer = SessionWriter(path)
        self.source = self.writer.add_source(source, "server", {"type": "stream", "mixin": "none"})
        self.t0_ns = time.time_ns()
        self.feed = LogFeed()
        self.feed.open(str(path), live=True)

    def ns(self, at: float) -> int:
        return self.t0_ns + round(at * 1e9)

    def thread(self, name: str, pid: int | None = None) -> int:
        return self.writer.child_thread_id(os.getpid() if pid is None else pid, name)

    def step(
        self, kind: Kind, phase: Phase, at: float, request: int, thread: int, error: str | None = None
    ) -> None:
        self.writer.event(kind, phase, self.source, request, ts=self.ns(at), thread=thread, error=error)

    def request(
        self, request: int, start: float, thread: int, handle: float = 1.0, error: str | None = None
    ) -> float:
        """setup 0.1 s, handle ``handle`` s (raising ``error``), finish 0.1 s, back to back; returns the end."""
        t = start
        for kind, duration in zip(HANDLER_STEPS, (0.1, handle, 0.1), strict=True):
            self.step(kind, Phase.ENTER, t, request, thread)
            t += duration
            self.step(kind, Phase.EXIT, t, request, thread, error if kind is Kind.HANDLE else None)
        return t

    def noise(self, at: float, request: int, thread: int) -> None:
        """Records that are no bars: a hook around them and a data call in between."""
        self.step(Kind.PROCESS_REQUEST, Phase.ENTER, at, request, thread)
        self.writer.event(
            Kind.RECV, Phase.NONE, self.source, request, data=b"hi", ts=self.ns(at), thread=thread
        )
        self.step(Kind.PROCESS_REQUEST, Phase.EXIT, at, request, thread)

    def publish(self) -> None:
        """Commit what was written and let the feed hand it to the panes (one recordsAdded)."""
        self.writer.flush()
        self.feed.read_now()

    def close(self) -> None:
        self.feed.close()
        self.writer.close()


class LiveSession:
    """Real servers recording into a session log, real client sockets, and a feed reading the log."""

    def __init__(self, path: Path) -> None:
        self.writer = SessionWriter(path)
        self.feed = LogFeed()
        self.feed.open(str(path), live=True)
        self.runners: list[ServerRunner] = []

    def start(self, mixin: Mixin, delay: float = 0.0) -> ServerRunner:
        runner = ServerRunner(ServerSpec(mixin=mixin, delay=delay), self.writer)
        runner.start()
        self.runners.append(runner)
        return runner

    def echo_concurrently(self, runner: ServerRunner, count: int, stagger: float = 0.05) -> list[bytes]:
        """``count`` clients, each started ``stagger`` s after the last, talking at the same time."""
        replies: list[bytes] = [b""] * count
        errors: list[BaseException] = []

        address = runner.address
        assert isinstance(address, tuple), "clients here talk to TCP servers"

        def talk(i: int) -> None:
            try:
                with socket.create_connection((address[0], address[1]), timeout=10) as sock:
                    sock.sendall(b"client %d" % i)
                    sock.shutdown(socket.SHUT_WR)
                    chunks = []
                    while chunk := sock.recv(65536):
                        chunks.append(chunk)
                    replies[i] = b"".join(chunks)
            except BaseException as exc:  # reported on the test's thread below
                errors.append(exc)

        clients = [threading.Thread(target=talk, args=(i,), name=f"test-client-{i}") for i in range(count)]
        for client in clients:
            client.start()
            time.sleep(stagger)
        for client in clients:
            client.join(15)
        assert not errors, errors
        assert not any(c.is_alive() for c in clients), "a client did not finish"
        return replies

    def publish(self) -> None:
        self.writer.flush()
        self.feed.read_now()

    def close(self) -> None:
        for runner in self.runners:
            runner.stop(timeout=5.0)
        self.feed.close()
        self.writer.close()

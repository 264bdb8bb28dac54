"""ForkingMixIn: children record through their pipe, keep no stray descriptor, and end with their client."""

from __future__ import annotations

import logging
import os
import signal
import socket
import struct
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.core.conftest import Recorder
from workbench.events import Kind
from workbench.forking import ChildEventReader, ChildRecorder
from workbench.server import ServerRunner

pytestmark = [
    pytest.mark.usefixtures("no_leaks"),
    pytest.mark.skipif(not hasattr(os, "fork"), reason="ForkingMixIn needs fork()"),
]


def test_records_cross_the_pipe_intact(recorder: Recorder, caplog: pytest.LogCaptureFixture) -> None:
    done = threading.Semaphore(0)
    reader = ChildEventReader("server-7", recorder, done.release)
    read_end, write_end = os.pipe()
    reader.add(read_end)
    source = recorder.add_source("server-7", "server")
    child = ChildRecorder(write_end)
    payloads = [b"", bytes(range(256)), os.urandom(3 * 2**20)]  # 3 MiB: many pipe buffers

    def send() -> None:
        peer = child.address_id(("127.0.0.1", 9))
        for i, payload in enumerate(payloads):
            child.data(Kind.RECV, source, i + 1, peer, payload)
        child.event(Kind.HANDLE, 2, source, 3, peer, error="OSError: boom")

    sender = threading.Thread(target=send)
    sender.start()
    sender.join()
    with caplog.at_level(logging.INFO, logger="workbench.server"):
        child.log(logging.INFO, "hello from the child", source)
        os.close(write_end)
        assert done.acquire(timeout=10), "EOF must be noticed: the child has finished"
    assert reader.drain(timeout=5)
    reader.close()
    events = recorder.snapshot()
    assert [e.data for e in events[:3]] == payloads
    assert all(e.source == "server-7" and e.role == "server" and e.pid == os.getpid() for e in events)
    assert [e.request for e in events] == [1, 2, 3, 3]
    assert all(e.client == ("127.0.0.1", 9) for e in events)
    assert events[3].event == "handle" and events[3].phase == "exit" and events[3].error == "OSError: boom"
    assert "hello from the child" in caplog.text


def test_a_child_killed_mid_message_is_reported_not_hung(
    recorder: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    done = threading.Semaphore(0)
    reader = ChildEventReader("server-8", recorder, done.release)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child announces a 1 MiB frame, writes 10 bytes of it and dies
        try:
            os.write(write_end, struct.pack("<IB", 2**20, 1) + b"0123456789")
            os.kill(os.getpid(), signal.SIGKILL)
        finally:
            os._exit(1)  # never return into pytest in the child
    os.close(write_end)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status)
    with caplog.at_level(logging.WARNING, logger="workbench.server"):
        reader.add(read_end)
        assert done.acquire(timeout=10), "the pipe's EOF still counts as the end of that request"
        reader.close()
    assert recorder.snapshot() == []
    assert "exited in the middle of a message (15 bytes lost)" in caplog.text


def _fds_of(pid: int) -> dict[int, str]:
    fds = {}
    for name in os.listdir(f"/proc/{pid}/fd"):
        try:
            fds[int(name)] = os.readlink(f"/proc/{pid}/fd/{name}")
        except OSError:
            pass
    return fds


def _socket_inode(sock: socket.socket) -> str:
    return f"socket:[{os.fstat(sock.fileno()).st_ino}]"


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc/<pid>/fd")
def test_a_forked_child_keeps_only_its_request_its_listener_its_pipe_and_stdio(
    start_server: Callable[..., ServerRunner], recorder: Recorder, tmp_path: Path
) -> None:
    # Another server and an open client of it: a child of the first must not hold either.
    other = start_server(mixin="threading")
    bystander = socket.create_connection(other.address)
    runner = start_server(mixin="forking", delay=30.0)  # the child waits inside handle()
    client = socket.create_connection(runner.address)
    try:
        client.sendall(b"hi")
        events = recorder.wait_for(lambda evs: any(e.event == "recv" and e.pid != os.getpid() for e in evs))
        child = next(e.pid for e in events if e.event == "recv" and e.pid != os.getpid())
        fds = _fds_of(child)
        assert set(fds) >= {0, 1, 2}
        assert fds[0] == fds[1] == "/dev/null", "stdin/stdout are the host's command pipes: not kept"
        others = {fd: target for fd, target in fds.items() if fd > 2}
        assert runner.server is not None and other.server is not None
        listener = _socket_inode(runner.server.socket)
        assert listener in others.values(), "its own server's listening socket"
        assert _socket_inode(other.server.socket) not in others.values()
        pipes = [t for t in others.values() if t.startswith("pipe:")]
        sockets = [t for t in others.values() if t.startswith("socket:")]
        assert not pipes, f"no pipe of the host's: {others}"
        # its request, its listener, and its report channel (a socketpair: records up, step/continue down)
        assert len(sockets) == 3, f"only its request, its listener and its report channel: {others}"
        assert len(others) == 3, f"nothing else: {others}"
        assert not [t for t in others.values() if t.endswith(".swb")], "never the session file"
    finally:
        client.close()
        bystander.close()
    runner.stop(timeout=1)  # the child sleeps in its 30 s delay: stop() ends it after the grace


def test_closing_a_client_ends_its_forked_request_within_a_second(
    start_server: Callable[..., ServerRunner], recorder: Recorder
) -> None:
    runner = start_server(mixin="forking")
    client = socket.create_connection(runner.address)
    client.sendall(b"ping")
    assert client.recv(16) == b"ping"
    recorder.wait_for(lambda evs: any(e.event == "sendall" for e in evs))
    started = time.monotonic()
    client.close()
    recorder.wait_for(lambda evs: any(e.event == "shutdown_request" and e.phase == "exit" for e in evs), 1.0)
    assert time.monotonic() - started < 1.0
    deadline = time.monotonic() + 2
    while runner.active_requests and time.monotonic() < deadline:
        time.sleep(0.01)
    assert runner.active_requests == 0

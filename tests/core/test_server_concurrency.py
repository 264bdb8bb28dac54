"""What the mixins change: who handles each request, and whether a slow request blocks the next."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable

import pytest

from tests.core.conftest import Recorder, exchange
from workbench.server import ServerRunner
from workbench.spec import Mixin, SockType

pytestmark = pytest.mark.usefixtures("no_leaks")

Start = Callable[..., ServerRunner]
Connect = Callable[[ServerRunner], socket.socket]
DELAY = 0.3


def handle_events(recorder: Recorder, count: int) -> list:
    events = recorder.wait_for(
        lambda evs: len([e for e in evs if e.event == "shutdown_request" and e.phase == "exit"]) >= count
    )
    return [e for e in events if e.event == "handle" and e.phase == "enter"]


@pytest.mark.parametrize("type_", list(SockType))
def test_threading_mixin_handles_each_request_on_its_own_thread(
    type_: SockType, start_server: Start, connect: Connect, recorder: Recorder
) -> None:
    runner = start_server(type=type_, mixin=Mixin.THREADING)
    for i in range(3):
        assert exchange(connect(runner), b"req %d" % i, type_) == b"req %d" % i
    handles = handle_events(recorder, 3)
    names = [e.thread for e in handles]
    assert len(set(names)) == 3, names
    serve_thread = f"{runner.id}-serve"
    assert serve_thread not in names
    accepts = [e.thread for e in recorder.named("get_request")]
    assert set(accepts) == {serve_thread}, "the serve thread accepts; the request threads handle"
    assert {e.pid for e in handles} == {os.getpid()}


@pytest.mark.parametrize("type_", list(SockType))
def test_forking_mixin_handles_each_request_in_a_child_process(
    type_: SockType, start_server: Start, connect: Connect, recorder: Recorder
) -> None:
    runner = start_server(type=type_, mixin=Mixin.FORKING)
    for i in range(3):
        assert exchange(connect(runner), b"req %d" % i, type_) == b"req %d" % i
    handles = handle_events(recorder, 3)
    pids = [e.pid for e in handles]
    assert len(set(pids)) == 3 and os.getpid() not in pids, pids
    for ev in handles:  # the whole request's handling happened in that child
        child = [e for e in recorder.of_request(ev.request or 0) if e.pid == ev.pid]
        assert {"finish_request", "setup", "handle", "finish", "shutdown_request"} <= {e.event for e in child}
    parent_side = [e for e in recorder.snapshot() if e.event in ("get_request", "process_request")]
    assert {e.pid for e in parent_side} == {os.getpid()}


def _timed_exchange(
    runner: ServerRunner, connect: Connect, payload: bytes, done_at: dict[bytes, float]
) -> None:
    sock = connect(runner)
    assert exchange(sock, payload, runner.spec.type) == payload
    done_at[payload] = time.monotonic()


@pytest.mark.parametrize("type_", list(SockType))
@pytest.mark.parametrize("mixin", list(Mixin))
def test_second_client_waits_behind_a_slow_handler_only_without_a_mixin(
    mixin: Mixin, type_: SockType, start_server: Start, connect: Connect
) -> None:
    runner = start_server(type=type_, mixin=mixin, delay=DELAY)
    done_at: dict[bytes, float] = {}
    first = threading.Thread(target=_timed_exchange, args=(runner, connect, b"first", done_at))
    first.start()
    time.sleep(0.05)  # the first request is now inside its delay
    _timed_exchange(runner, connect, b"second", done_at)
    first.join(10)
    # Compare completion times, not durations: robust when the machine is slow.
    gap = done_at[b"second"] - done_at[b"first"]
    if mixin is Mixin.NONE:
        assert gap >= DELAY - 0.05, (
            f"without a mixin the second reply needs its own delay after the first ({gap:.2f} s)"
        )
    else:
        assert gap < DELAY - 0.1, f"with {mixin.label} both delays run at the same time ({gap:.2f} s apart)"


def test_concurrent_forked_children_never_mix_their_events(
    start_server: Start, connect: Connect, recorder: Recorder
) -> None:
    runner = start_server(mixin=Mixin.FORKING)
    payloads = [bytes([i]) * (600_000 + i) for i in range(1, 4)]  # far beyond PIPE_BUF per event
    replies: list[bytes] = []

    def talk(payload: bytes) -> None:
        sock = connect(runner)
        sender = threading.Thread(target=lambda: (sock.sendall(payload), sock.shutdown(socket.SHUT_WR)))
        sender.start()
        got = bytearray()
        while chunk := sock.recv(65536):
            got += chunk
        sender.join()
        replies.append(bytes(got))

    clients = [threading.Thread(target=talk, args=(p,)) for p in payloads]
    for t in clients:
        t.start()
    for t in clients:
        t.join(30)
    assert sorted(replies) == sorted(payloads)
    events = recorder.wait_for(
        lambda evs: len([e for e in evs if e.event == "shutdown_request" and e.phase == "exit"]) == 3
    )
    by_request: dict[int, bytes] = {}
    for ev in events:
        if ev.event == "recv" and ev.request is not None:
            by_request[ev.request] = by_request.get(ev.request, b"") + (ev.data or b"")
    assert sorted(by_request.values()) == sorted(payloads)

"""Step mode: a hook with a breakpoint holds its thread (or forked child) until Step or Continue."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable

import pytest

from tests.core.conftest import Recorder
from workbench.events import Kind, format_event
from workbench.server import ServerRunner, accept_queue
from workbench.steps import Breakpoints

pytestmark = pytest.mark.usefixtures("no_leaks")


def wait_for(condition: Callable[[], object], timeout: float = 5.0) -> object:
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {condition}")
        time.sleep(0.01)
    return value


def held(breaks: Breakpoints) -> list:
    return breaks.held


def test_a_breakpoint_holds_the_serve_thread_while_a_second_client_waits_in_the_queue(
    start_server: Callable[..., ServerRunner], recorder: Recorder
) -> None:
    runner = start_server()  # no mixin: the serve thread handles each request itself
    changes = threading.Semaphore(0)
    breaks = runner.breakpoints(changes.release)
    breaks.set_kinds([Kind.HANDLE])
    first = socket.create_connection(runner.address, timeout=5)
    second = socket.create_connection(runner.address, timeout=5)
    try:
        first.sendall(b"one")
        hold = wait_for(lambda: held(breaks))[0]  # type: ignore[index]
        assert hold.kind is Kind.HANDLE and hold.request == 1 and hold.thread.endswith("-serve")
        # while the serve thread waits, the second client is connected but not accepted
        second.sendall(b"two")
        assert wait_for(lambda: (q := accept_queue(runner)) is not None and q[0] == 1)
        events = recorder.snapshot()
        assert not any(e.event == "get_request" and e.phase == "exit" and e.request == 2 for e in events)
        paused = [e for e in events if e.event == "paused"]
        assert paused and paused[-1].phase == "enter" and paused[-1].value == int(Kind.HANDLE)
        assert "paused:enter" in format_event(paused[-1]) and format_event(paused[-1]).endswith("at=handle")
        # Step: handle() runs (echoes, then reads until EOF), and the thread stops again at its
        # next hook: finish
        assert breaks.release(hold.token, step=True)
        assert first.recv(16) == b"one"
        first.shutdown(socket.SHUT_WR)
        nxt = wait_for(lambda: [h for h in held(breaks) if h.token != hold.token])[0]  # type: ignore[index]
        assert nxt.kind is Kind.FINISH and nxt.request == 1
        # Continue: request 1 finishes; request 2 is accepted and stops at handle
        assert breaks.release(nxt.token)
        third = wait_for(lambda: [h for h in held(breaks) if h.request == 2])[0]  # type: ignore[index]
        assert third.kind is Kind.HANDLE
        assert accept_queue(runner) == (0, 5)
        breaks.set_kinds([])
        breaks.release(third.token)
        assert second.recv(16) == b"two"
    finally:
        first.close()
        second.close()
    events = recorder.wait_for(lambda evs: sum(e.event == "paused" and e.phase == "exit" for e in evs) >= 3)
    exits = [e for e in events if e.event == "paused" and e.phase == "exit"]
    assert [e.value for e in exits] == [int(Kind.HANDLE), int(Kind.FINISH), int(Kind.HANDLE)]
    enters = [e for e in events if e.event == "paused" and e.phase == "enter"]
    assert all(x.ts >= e.ts for e, x in zip(enters, exits, strict=True)), "each hold's length: exit minus enter"


def test_stopping_a_server_releases_what_it_holds(
    start_server: Callable[..., ServerRunner], recorder: Recorder
) -> None:
    runner = start_server(mixin="threading")
    breaks = runner.breakpoints()
    breaks.set_kinds([Kind.SETUP])
    client = socket.create_connection(runner.address, timeout=5)
    try:
        wait_for(lambda: held(breaks))
        started = time.monotonic()
        runner.stop(timeout=2)
        assert time.monotonic() - started < 3
        assert not held(breaks)
    finally:
        client.close()


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="ForkingMixIn")
def test_a_forked_child_waits_at_its_breakpoint_and_steps_on_the_parents_word(
    start_server: Callable[..., ServerRunner], recorder: Recorder
) -> None:
    import os

    runner = start_server(mixin="forking")
    breaks = runner.breakpoints()
    breaks.set_kinds([Kind.SETUP])
    client = socket.create_connection(runner.address, timeout=5)
    try:
        client.sendall(b"from the child")
        hold = wait_for(lambda: held(breaks))[0]  # type: ignore[index]
        assert hold.kind is Kind.SETUP and hold.pid != os.getpid(), "held in the child process"
        breaks.release(hold.token, step=True)  # the child stops again at its next hook: handle
        nxt = wait_for(lambda: [h for h in held(breaks) if h.token != hold.token])[0]  # type: ignore[index]
        assert nxt.kind is Kind.HANDLE and nxt.pid == hold.pid
        breaks.release(nxt.token)
        assert client.recv(32) == b"from the child"
    finally:
        client.close()
    events = recorder.wait_for(lambda evs: any(e.event == "paused" and e.phase == "exit" and e.pid != os.getpid() for e in evs))
    assert [e.value for e in events if e.event == "paused" and e.phase == "enter"] == [int(Kind.SETUP), int(Kind.HANDLE)]

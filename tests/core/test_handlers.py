"""Handler behaviours (echo, upper, discard, daytime) and options as a client sees them."""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.core.conftest import Recorder, exchange, read_until_close
from workbench.server import ServerRunner
from workbench.spec import Handler, Mixin, SockType

pytestmark = pytest.mark.usefixtures("no_leaks")

Start = Callable[..., ServerRunner]
Connect = Callable[[ServerRunner], socket.socket]
DAYTIME = re.compile(rb"^\w+day, \w+ \d\d, \d{4} \d\d:\d\d:\d\d-\w+\r\n$")


@pytest.mark.parametrize("type_", list(SockType))
def test_upper(type_: SockType, start_server: Start, connect: Connect) -> None:
    runner = start_server(type=type_, handler=Handler.UPPER)
    assert exchange(connect(runner), b"Hello, \xff world 42", type_) == b"HELLO, \xff WORLD 42"


def test_discard_reads_everything_and_replies_nothing(
    start_server: Start, connect: Connect, recorder: Recorder
) -> None:
    runner = start_server(handler=Handler.DISCARD)
    assert exchange(connect(runner), b"x" * 100_000, SockType.STREAM) == b""
    events = recorder.wait_for(lambda evs: any(e.event == "handle" and e.phase == "exit" for e in evs))
    assert sum(len(e.data or b"") for e in events if e.event == "recv") == 100_000
    assert not [e for e in events if e.event in ("send", "sendall", "sendto")]


@pytest.mark.parametrize("type_", list(SockType))
def test_daytime(type_: SockType, start_server: Start, connect: Connect) -> None:
    runner = start_server(type=type_, handler=Handler.DAYTIME)
    sock = connect(runner)
    if type_ is SockType.STREAM:
        reply = read_until_close(sock)  # sent at once on connect, then the server closes
    else:
        reply = exchange(sock, b"what time is it?", type_)
    assert DAYTIME.match(reply), reply


def test_stream_echo_replies_each_chunk_as_it_arrives(start_server: Start, connect: Connect) -> None:
    runner = start_server()
    sock = connect(runner)
    for chunk in (b"one", b"two", b"\x00" * 10):
        sock.sendall(chunk)
        assert sock.recv(100) == chunk, "echo must not wait for the client to close"


def test_delay_is_applied_before_each_reply(start_server: Start, connect: Connect) -> None:
    runner = start_server(type=SockType.DGRAM, delay=0.2)
    sock = connect(runner)
    started = time.monotonic()
    assert exchange(sock, b"a", SockType.DGRAM) == b"a"
    assert exchange(sock, b"b", SockType.DGRAM) == b"b"
    assert time.monotonic() - started >= 0.4


def test_timeout_ends_an_idle_connection_with_handle_error(
    start_server: Start, connect: Connect, recorder: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    runner = start_server(mixin=Mixin.THREADING, timeout=0.2)
    sock = connect(runner)
    assert read_until_close(sock) == b""  # we say nothing; the server gives up after 0.2 s
    events = recorder.wait_for(lambda evs: any(e.event == "handle_error" and e.phase == "exit" for e in evs))
    assert any(e.event == "recv" and "timed out" in (e.error or "") for e in events)
    assert "TimeoutError" in caplog.text


def test_echo_of_arbitrary_bytes(start_server: Start, connect: Connect, recorder: Recorder) -> None:
    runner = start_server(type=SockType.DGRAM)
    sock = connect(runner)

    @settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.binary(min_size=1, max_size=2048))
    def echo(data: bytes) -> None:
        assert exchange(sock, data, SockType.DGRAM) == data

    echo()
    count = len(recorder.named("recvfrom", None))
    assert count >= 2
    # The reply can reach us before the server reported its sendto(); wait for the report.
    events = recorder.wait_for(lambda evs: len([e for e in evs if e.event == "sendto"]) == count)
    received = [e.data for e in events if e.event == "recvfrom"]
    assert [e.data for e in events if e.event == "sendto"] == received


def test_stream_echo_of_arbitrary_bytes(start_server: Start, connect: Connect) -> None:
    runner = start_server()
    sock = connect(runner)

    @settings(max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.binary(min_size=1, max_size=4096))
    def echo(data: bytes) -> None:
        sock.sendall(data)
        got = b""
        while len(got) < len(data):
            got += sock.recv(65536)
        assert got == data

    echo()

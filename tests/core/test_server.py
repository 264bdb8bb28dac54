"""Every socketserver combination starts, serves, reports its lifecycle in order and stops cleanly."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.core.conftest import Recorder, exchange, read_until_close
from workbench.errors import WorkbenchError
from workbench.events import Event
from workbench.server import ServerRunner
from workbench.spec import Family, Mixin, ServerSpec, SockType, supported_combinations

pytestmark = pytest.mark.usefixtures("no_leaks")

Start = Callable[..., ServerRunner]
Connect = Callable[[ServerRunner], socket.socket]

#: The order the issue asks for; other hooks (finish_request, close_request) come in between.
REQUEST_ORDER = [
    "get_request",
    "verify_request",
    "process_request",
    "setup",
    "handle",
    "finish",
    "shutdown_request",
]


def assert_enter_before_exit(events: list[Event]) -> None:
    """Every enter has a later exit of the same hook in the same process, and vice versa."""
    open_: dict[tuple[str, int | None, int], int] = {}
    for ev in events:
        key = (ev.event, ev.request, ev.pid)
        if ev.phase == "enter":
            open_[key] = open_.get(key, 0) + 1
        elif ev.phase == "exit":
            assert open_.get(key, 0) > 0, (
                f"{ev.event} exit without enter (request {ev.request}, pid {ev.pid})"
            )
            open_[key] -= 1
    assert not [k for k, n in open_.items() if n], f"enter without exit: {open_}"


def enters(events: list[Event], rid: int) -> list[str]:
    return [e.event for e in events if e.request == rid and e.phase == "enter"]


COMBINATIONS = supported_combinations()


def test_linux_has_all_eighteen_combinations() -> None:
    assert len(COMBINATIONS) == 18


@pytest.mark.parametrize(
    ("family", "type_", "mixin"), COMBINATIONS, ids=[f"{f}-{t}-{m}" for f, t, m in COMBINATIONS]
)
def test_combination_serves_and_stops_cleanly(
    family: Family, type_: SockType, mixin: Mixin, start_server: Start, connect: Connect, recorder: Recorder
) -> None:
    runner = start_server(family=family, type=type_, mixin=mixin)
    assert runner.running
    client = connect(runner)
    assert exchange(client, b"hello \x00\xff", type_) == b"hello \x00\xff"
    # A forked child's events arrive through its pipe; wait for the end of its request.
    recorder.wait_for(lambda evs: any(e.event == "shutdown_request" and e.phase == "exit" for e in evs))
    runner.stop()
    assert not runner.running
    runner.stop()  # idempotent
    events = recorder.snapshot()

    names = [e.event for e in events]
    assert names[:4] == ["server_bind"] * 2 + ["server_activate"] * 2
    assert [(e.event, e.phase) for e in events[-2:]] == [("server_close", "enter"), ("server_close", "exit")]
    assert {"shutdown", "serve_forever"} <= set(names)
    bind_exit = events[1]
    assert bind_exit.address == runner.address
    if family is Family.UNIX:
        assert bind_exit.address == runner.spec.path
        assert not os.path.exists(runner.spec.path or ""), "the socket file must be removed on stop"
    else:
        assert bind_exit.address[1] > 0, "port 0 must be reported as the real port"

    order = [name for name in enters(events, 1) if name in REQUEST_ORDER]
    assert order == REQUEST_ORDER
    assert_enter_before_exit(events)
    request_events = [e for e in events if e.request == 1]
    assert all(e.source == runner.id and e.role == "server" for e in events)
    assert all(e.client is not None for e in request_events if e.event != "get_request" or e.phase == "exit")
    handle_pids = {e.pid for e in request_events if e.event == "handle"}
    if mixin is Mixin.FORKING:
        assert handle_pids and os.getpid() not in handle_pids
    else:
        assert handle_pids == {os.getpid()}
    assert runner.total_requests == 1 and runner.active_requests == 0


def test_stream_data_events_equal_the_bytes_on_the_wire(
    start_server: Start, connect: Connect, recorder: Recorder
) -> None:
    runner = start_server(handler="echo")
    payload = bytes(range(256)) * 3
    assert exchange(connect(runner), payload, SockType.STREAM) == payload
    recorder.wait_for(lambda evs: any(e.event == "shutdown_request" and e.phase == "exit" for e in evs))
    events = recorder.of_request(1)
    recvs = [e.data for e in events if e.event == "recv"]
    assert b"".join(d for d in recvs if d) == payload
    assert recvs[-1] == b"", "the end-of-file recv() is reported with zero bytes"
    assert b"".join(e.data or b"" for e in events if e.event == "sendall") == payload
    assert all(e.direction == "received" for e in events if e.event == "recv")
    assert all(e.direction == "sent" for e in events if e.event == "sendall")


@pytest.mark.parametrize("mixin", [Mixin.NONE, Mixin.FORKING])
def test_several_mib_echo_arrive_complete_in_events(
    mixin: Mixin, start_server: Start, connect: Connect, recorder: Recorder
) -> None:
    runner = start_server(mixin=mixin)
    payload = os.urandom(3 * 2**20) + bytes(range(256))
    sock = connect(runner)

    def send() -> None:  # send while reading, or both sides' buffers fill up
        sock.sendall(payload)
        sock.shutdown(socket.SHUT_WR)

    sender = threading.Thread(target=send)
    sender.start()
    received = read_until_close(sock)
    sender.join()
    assert received == payload
    events = recorder.wait_for(
        lambda evs: any(e.event == "finish_request" and e.phase == "exit" for e in evs)
    )
    mine = [e for e in events if e.request == 1]
    assert b"".join(e.data or b"" for e in mine if e.event == "recv") == payload
    assert b"".join(e.data or b"" for e in mine if e.event == "sendall") == payload


@pytest.mark.parametrize("family", [Family.INET, Family.UNIX])
def test_datagram_events_carry_the_datagram(
    family: Family, start_server: Start, connect: Connect, recorder: Recorder
) -> None:
    runner = start_server(family=family, type=SockType.DGRAM)
    sock = connect(runner)
    for payload in (bytes(range(256)), b"x" * 60000):
        assert exchange(sock, payload, SockType.DGRAM) == payload
    events = recorder.wait_for(lambda evs: len([e for e in evs if e.event == "sendto"]) == 2)
    assert [e.data for e in events if e.event == "recvfrom"] == [bytes(range(256)), b"x" * 60000]
    assert [e.data for e in events if e.event == "sendto"] == [bytes(range(256)), b"x" * 60000]
    assert [e.request for e in events if e.event == "recvfrom"] == [1, 2], "one request per datagram"


def test_stop_with_a_request_in_flight_finishes_it(start_server: Start, connect: Connect) -> None:
    runner = start_server(delay=0.3)
    sock = connect(runner)
    sock.sendall(b"in flight")
    sock.shutdown(socket.SHUT_WR)
    time.sleep(0.1)  # the handler is now sleeping before its reply
    stopper = threading.Thread(target=runner.stop)
    stopper.start()
    assert read_until_close(sock) == b"in flight"
    stopper.join(10)
    assert not stopper.is_alive()


@pytest.mark.parametrize("mixin", list(Mixin))
def test_stop_ends_an_idle_connection_after_the_grace_period(
    mixin: Mixin, start_server: Start, connect: Connect, recorder: Recorder
) -> None:
    runner = start_server(mixin=mixin)
    sock = connect(runner)
    sock.sendall(b"ping")
    assert sock.recv(10) == b"ping"  # the handler now waits for more, the client stays silent
    started = time.monotonic()
    runner.stop(timeout=0.3)
    assert time.monotonic() - started < 3.0
    assert read_until_close(sock) == b""
    assert recorder.snapshot()[-1].event == "server_close"


def test_unix_stale_socket_file_is_replaced_and_other_files_refused(
    tmp_path: Path, start_server: Start, recorder: Recorder
) -> None:
    stale = tmp_path / "stale.sock"
    leftover = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    leftover.bind(str(stale))
    leftover.close()  # the file stays, nobody listens: what a crashed server leaves
    runner = start_server(family=Family.UNIX, path=str(stale))
    assert runner.address == str(stale)

    with pytest.raises(WorkbenchError, match="already used by a running server"):
        ServerRunner(ServerSpec(family=Family.UNIX, path=str(stale)), recorder).start()

    regular = tmp_path / "notes.txt"
    regular.write_text("keep me")
    with pytest.raises(WorkbenchError, match=r"notes\.txt already exists and is a file that is not a socket"):
        ServerRunner(ServerSpec(family=Family.UNIX, path=str(regular)), recorder).start()
    assert regular.read_text() == "keep me"

    with pytest.raises(WorkbenchError, match="does not exist"):
        ServerRunner(ServerSpec(family=Family.UNIX, path=str(tmp_path / "no" / "x.sock")), recorder).start()


def test_port_in_use_is_a_plain_error_and_leaves_nothing(recorder: Recorder) -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    try:
        port = taken.getsockname()[1]
        runner = ServerRunner(ServerSpec(port=port, allow_reuse_address=False), recorder)
        with pytest.raises(WorkbenchError, match=f"port {port} on 127.0.0.1 is already in use"):
            runner.start()
        assert not runner.running
        runner.stop()
    finally:
        taken.close()
    names = [(e.event, e.phase) for e in recorder.snapshot()]
    assert names[-2:] == [("server_close", "enter"), ("server_close", "exit")]
    assert recorder.snapshot()[1].error is not None


def test_second_udp_server_on_a_taken_port_is_refused(start_server: Start, recorder: Recorder) -> None:
    # SO_REUSEADDR on UDP would let both bind silently; the spec leaves it off for dgram.
    first = start_server(type=SockType.DGRAM)
    port = first.address[1]
    second = ServerRunner(ServerSpec(type=SockType.DGRAM, port=port), recorder)
    with pytest.raises(WorkbenchError, match=f"port {port} on 127.0.0.1 is already in use"):
        second.start()
    second.stop()


def test_address_not_on_this_machine(recorder: Recorder) -> None:
    with pytest.raises(WorkbenchError, match=r"192\.0\.2\.1 is not an address of this machine"):
        ServerRunner(ServerSpec(host="192.0.2.1"), recorder).start()


def test_allow_list_rejects_in_verify_request(
    start_server: Start, connect: Connect, recorder: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    runner = start_server(allow=("10.0.0.0/8",))
    sock = connect(runner)
    try:  # the server may close before we even send: either way, no reply
        sock.sendall(b"let me in")
        reply = read_until_close(sock)
    except OSError:
        reply = b""
    assert reply == b""
    events = recorder.wait_for(
        lambda evs: any(e.event == "shutdown_request" and e.phase == "exit" for e in evs)
    )
    assert "verify_request" in enters(events, 1)
    assert "process_request" not in enters(events, 1) and "handle" not in enters(events, 1)
    assert "not in the allow list" in caplog.text

    allowed = start_server(allow=("127.0.0.0/8", "::1"))
    assert exchange(connect(allowed), b"hi", SockType.STREAM) == b"hi"


@pytest.mark.parametrize("mixin", list(Mixin))
def test_fail_is_reported_by_handle_error_and_the_server_keeps_serving(
    mixin: Mixin,
    start_server: Start,
    connect: Connect,
    recorder: Recorder,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    runner = start_server(mixin=mixin, fail=True)
    for _ in range(2):
        sock = connect(runner)
        sock.sendall(b"boom")
        assert read_until_close(sock) == b""
    events = recorder.wait_for(
        lambda evs: len([e for e in evs if e.event == "handle_error" and e.phase == "exit"]) == 2
    )
    assert [e.request for e in events if e.event == "handle_error" and e.phase == "enter"] == [1, 2]
    handle_exits = [e for e in events if e.event == "handle" and e.phase == "exit"]
    assert all("HandlerFailure" in (e.error or "") for e in handle_exits)
    assert runner.running
    runner.stop()
    assert caplog.text.count("Traceback") == 2, "the traceback goes to the workbench.server log"
    assert capfd.readouterr().err == "", "nothing is printed to stderr"

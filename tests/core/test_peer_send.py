"""A reply typed by hand to one request of a running server: the peer gets it, the log has it, refusals say why."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.core.conftest import Recorder
from workbench.errors import WorkbenchError
from workbench.server import ServerRunner
from workbench.spec import Family, Mixin, SockType

Start = Callable[..., ServerRunner]
Connect = Callable[[ServerRunner], socket.socket]


def _hand_sends(recorder: Recorder, name: str) -> list:
    """The data events of that call a server recorded on this (the test's) thread: the hand-made ones."""
    me = threading.current_thread().name
    return [e for e in recorder.snapshot() if e.event == name and e.role == "server" and e.thread == me]


@pytest.mark.parametrize("family", [Family.INET, Family.UNIX])
def test_a_stream_peer_receives_the_bytes_and_the_log_has_them(
    start_server: Start, connect: Connect, recorder: Recorder, family: Family
) -> None:
    runner = start_server(family=family, mixin=Mixin.THREADING)
    first, second = connect(runner), connect(runner)
    for sock in (first, second):
        sock.sendall(b"hi")
        assert sock.recv(16) == b"hi"  # both requests are in handle() now
    recorder.wait_for(lambda es: sum(e.event == "handle" and e.phase == "enter" for e in es) == 2)

    call, sent = runner.send_to_request(2, b"from the server\n")

    assert (call, sent) == ("sendall", 16)
    assert second.recv(64) == b"from the server\n"
    first.settimeout(0.2)
    with pytest.raises(TimeoutError):
        first.recv(64)  # request 1's peer got nothing
    (event,) = _hand_sends(recorder, "sendall")
    assert event.source == runner.id and event.request == 2 and event.data == b"from the server\n"
    # the handler still answers as before: the socket's own mode was left alone
    second.sendall(b"again")
    assert second.recv(16) == b"again"


def test_a_datagram_sender_gets_a_reply_after_its_request_ended(
    start_server: Start, connect: Connect, recorder: Recorder
) -> None:
    runner = start_server(type=SockType.DGRAM, mixin=Mixin.THREADING)
    sock = connect(runner)
    sock.send(b"ping")
    assert sock.recv(16) == b"ping"
    recorder.wait_for(lambda es: any(e.event == "close_request" and e.phase == "exit" for e in es))

    assert runner.send_to_request(1, b"late reply") == ("sendto", 10)

    assert sock.recv(64) == b"late reply"
    (event,) = _hand_sends(recorder, "sendto")
    assert event.request == 1 and event.data == b"late reply" and event.client == sock.getsockname()


def test_a_peer_that_does_not_read_costs_the_timeout_and_says_how_much_went_out(
    start_server: Start, connect: Connect, recorder: Recorder
) -> None:
    runner = start_server(mixin=Mixin.THREADING)
    sock = connect(runner)
    sock.sendall(b"x")
    assert sock.recv(4) == b"x"
    payload = os.urandom(32 << 20)  # far more than both buffers hold; the client never reads

    with pytest.raises(WorkbenchError) as caught:
        runner.send_to_request(1, payload, timeout=0.3)

    error = caught.value
    assert error.code == "server.send.timeout" and error.field == "request"
    assert 0 < error.params["sent"] < len(payload)
    (event,) = _hand_sends(recorder, "sendall")
    assert event.error and event.data == payload[: error.params["sent"]]


def test_an_ended_request_is_refused(start_server: Start, connect: Connect, recorder: Recorder) -> None:
    runner = start_server(mixin=Mixin.THREADING)
    sock = connect(runner)
    sock.sendall(b"bye")
    sock.shutdown(socket.SHUT_WR)
    assert sock.recv(16) == b"bye"
    recorder.wait_for(lambda es: any(e.event == "close_request" and e.phase == "exit" for e in es))

    with pytest.raises(WorkbenchError) as caught:
        runner.send_to_request(1, b"too late")
    assert caught.value.code == "server.send.ended"
    assert "#1" in caught.value.text("en") and "已经结束" in caught.value.text("zh_CN")
    with pytest.raises(WorkbenchError) as unknown:
        runner.send_to_request(99, b"never was")
    assert unknown.value.code == "server.send.ended"
    assert _hand_sends(recorder, "sendall") == []


@pytest.mark.skipif(not hasattr(os, "fork"), reason="ForkingMixIn needs fork()")
def test_a_forking_server_is_refused_because_the_socket_is_in_the_child(
    start_server: Start, connect: Connect, recorder: Recorder
) -> None:
    runner = start_server(mixin=Mixin.FORKING)
    sock = connect(runner)
    sock.sendall(b"hi")
    assert sock.recv(16) == b"hi"  # the child handles it

    with pytest.raises(WorkbenchError) as caught:
        runner.send_to_request(1, b"from the parent")

    assert caught.value.code == "server.send.forking"
    assert "ForkingMixIn" in caught.value.text("zh_CN") and "child process" in caught.value.text("en")
    sock.settimeout(0.2)
    with pytest.raises(TimeoutError):
        sock.recv(64)


def test_a_stopped_server_is_refused(start_server: Start, connect: Connect) -> None:
    runner = start_server(mixin=Mixin.THREADING)
    sock = connect(runner)
    sock.sendall(b"hi")
    assert sock.recv(16) == b"hi"
    sock.close()
    runner.stop(timeout=2.0)

    with pytest.raises(WorkbenchError) as caught:
        runner.send_to_request(1, b"nobody")
    assert caught.value.code == "server.send.not_running"


def test_the_host_command_sends_and_says_what_is_wrong_with_its_arguments(tmp_path: Path) -> None:
    from tests.core.test_host import Notes, read_back, run
    from workbench.host.client import HostClient
    from workbench.spec import ClientSpec, Handler, ServerSpec

    path = tmp_path / "s.swb"
    notes = Notes()

    async def main() -> tuple[dict, list[tuple[str, str | None]], str]:
        async with HostClient(str(path), notes) as host:
            spec = ServerSpec(port=0, mixin=Mixin.THREADING, handler=Handler.DISCARD)
            server = await host.call("server.start", spec=spec.to_dict())
            port = server["address"][1]
            client = (await host.call("client.add", spec=ClientSpec(port=port).to_dict()))["client"]
            await host.call("client.call", client=client, call="connect")
            await notes.until(lambda: any(n == "servers" and d["servers"][0]["active"] for n, d in notes.seen))
            reply = await host.call("server.send", server="server-1", request=1, data=b"typed".hex())
            await notes.until(lambda: notes.received(client) >= 5)
            errors = []
            for args in (
                {"server": "server-1", "request": "one", "data": "00"},
                {"server": "server-1", "request": 1, "data": "zz"},
                {"server": "server-1", "request": 1, "data": "00", "timeout": 999},
                {"server": "server-9", "request": 1, "data": "00"},
                {"server": "server-1", "request": 7, "data": "00"},
            ):
                with pytest.raises(WorkbenchError) as caught:
                    await host.call("server.send", **args)
                errors.append((caught.value.code, caught.value.field))
            await host.call("client.close", client=client)
            await host.call("server.stop", server="server-1")
        return reply, errors, client

    reply, errors, client = run(main())
    assert reply == {"server": "server-1", "request": 1, "call": "sendall", "sent": 5}
    assert errors == [
        ("host.bad_args", "request"),
        ("host.bad_args", "payload"),
        ("host.bad_args", "timeout"),
        ("host.no_server", "server"),
        ("server.send.ended", "request"),
    ]
    events = read_back(path)
    (sent,) = [e for e in events if e.source == "server-1" and e.event == "sendall"]
    assert sent.request == 1 and sent.data == b"typed" and sent.thread.startswith("host-worker")
    assert b"".join(e.data or b"" for e in events if e.source == client and e.event == "recv") == b"typed"


def test_a_tls_server_is_refused_because_the_ssl_object_is_the_handlers(
    start_server: Start, connect: Connect, recorder: Recorder
) -> None:
    runner = start_server(tls=True, mixin=Mixin.THREADING)
    sock = connect(runner)  # a plain TCP connection: the handshake waits for its ClientHello
    recorder.wait_for(lambda es: any(e.event == "get_request" and e.phase == "exit" for e in es))

    with pytest.raises(WorkbenchError) as caught:
        runner.send_to_request(1, b"in the clear")

    assert caught.value.code == "server.send.tls"
    assert "second thread" in caught.value.text("en") and "TLS" in caught.value.text("zh_CN")
    sock.settimeout(0.2)
    with pytest.raises(TimeoutError):
        sock.recv(64)  # nothing was written around TLS

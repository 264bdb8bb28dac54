"""What the tutorial teaches on the server side, seen in the log: handler bases, handle_request, timeouts, setup raising, rules."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.core.conftest import Recorder, exchange
from workbench.server import ServerRunner
from workbench.spec import SockType

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.usefixtures("no_leaks")


def names(events: list, rid: int | None = None) -> list[str]:
    return [
        f"{e.event}:{e.phase}" if e.phase else e.event
        for e in events
        if rid is None or e.request == rid
    ]


def test_stream_request_handler_reads_lines_through_rfile(
    start_server: Callable[..., ServerRunner], connect: Callable[..., socket.socket], recorder: Recorder
) -> None:
    runner = start_server(base="StreamRequestHandler", handler="upper")
    sock = connect(runner)
    assert exchange(sock, b"one\ntwo\n", SockType.STREAM) == b"ONE\nTWO\n"
    events = recorder.wait_for(lambda evs: any(e.event == "close_request" and e.phase == "exit" for e in evs))
    mine = [e for e in events if e.request == 1]
    # the buffered reader's recv_into calls: fewer than the lines (both arrive in one), then EOF
    received = [e.data for e in mine if e.event == "recv"]
    assert b"".join(received) == b"one\ntwo\n" and received[-1] == b""
    assert len(received) < 4
    # wfile.write of each line's reply is one sendall
    assert [e.data for e in mine if e.event == "sendall"] == [b"ONE\n", b"TWO\n"]


def test_datagram_request_handler_replies_from_finish(
    start_server: Callable[..., ServerRunner], connect: Callable[..., socket.socket], recorder: Recorder
) -> None:
    runner = start_server(type="dgram", base="DatagramRequestHandler")
    sock = connect(runner)
    assert exchange(sock, b"ping", SockType.DGRAM) == b"ping"
    events = recorder.wait_for(lambda evs: any(e.event == "sendto" for e in evs))
    steps = names(events, 1)
    # DatagramRequestHandler.finish() sends what handle() wrote to wfile: the sendto is inside finish
    assert steps.index("finish:enter") < steps.index("sendto") < steps.index("finish:exit")


def test_a_handler_base_must_match_the_socket_type() -> None:
    from workbench.errors import SpecError
    from workbench.spec import ServerSpec

    with pytest.raises(SpecError) as error:
        ServerSpec(type="dgram", base="StreamRequestHandler")
    assert error.value.field == "base"
    with pytest.raises(SpecError):
        ServerSpec(base="DatagramRequestHandler")


def test_handle_request_loop_shows_timeouts_then_a_request(
    start_server: Callable[..., ServerRunner], connect: Callable[..., socket.socket], recorder: Recorder
) -> None:
    runner = start_server(loop="handle_request", timeout=0.2)
    recorder.wait_for(lambda evs: sum(e.event == "handle_timeout" and e.phase == "exit" for e in evs) >= 2)
    sock = connect(runner)
    assert exchange(sock, b"hi", SockType.STREAM) == b"hi"
    events = recorder.wait_for(lambda evs: any(e.event == "close_request" and e.phase == "exit" for e in evs))
    served = [e for e in events if e.event in ("handle_request", "handle_timeout", "get_request") and e.phase == "enter"]
    kinds = [e.event for e in served]
    assert kinds[:4] == ["handle_request", "handle_timeout", "handle_request", "handle_timeout"]
    assert "get_request" in kinds, "then one handle_request() serves the client"
    assert not any(e.event == "serve_forever" for e in events)
    started = time.monotonic()
    runner.stop(timeout=2)
    assert time.monotonic() - started < 1.5, "stop wakes the waiting handle_request()"
    stopped = recorder.snapshot()
    assert not [e for e in stopped if e.event == "get_request" and e.error], "the wake-up is no request"


def test_setup_raising_skips_handle_and_finish(
    start_server: Callable[..., ServerRunner], connect: Callable[..., socket.socket], recorder: Recorder
) -> None:
    runner = start_server(fail=True, fail_in="setup")
    sock = connect(runner)
    sock.sendall(b"x")
    assert sock.recv(16) == b"", "the server closes the request after handle_error"
    events = recorder.wait_for(lambda evs: any(e.event == "close_request" and e.phase == "exit" for e in evs))
    steps = names(events, 1)
    assert "setup:exit" in steps and "handle:enter" not in steps and "finish:enter" not in steps
    assert "handle_error:enter" in steps
    setup_exit = next(e for e in events if e.event == "setup" and e.phase == "exit")
    assert setup_exit.error is not None and "setup() raised on purpose" in setup_exit.error


def test_hooks_say_what_they_returned(
    start_server: Callable[..., ServerRunner], connect: Callable[..., socket.socket], recorder: Recorder
) -> None:
    runner = start_server(allow=("10.0.0.0/8",))  # loopback is not allowed: verify_request says False
    sock = connect(runner)
    assert sock.recv(16) == b""
    events = recorder.wait_for(lambda evs: any(e.event == "verify_request" and e.phase == "exit" for e in evs))
    verify = next(e for e in events if e.event == "verify_request" and e.phase == "exit")
    assert verify.value is False
    accepted = next(e for e in events if e.event == "get_request" and e.phase == "exit")
    assert accepted.client == sock.getsockname() and isinstance(accepted.value, int)  # the request's fd


def test_rules_file_answers_ping_with_pong_through_the_cli(tmp_path: Path) -> None:
    rules = tmp_path / "ping.toml"
    rules.write_text('framing = "line"\n[[rule]]\nmatch = \'PING (\\d+)\\n\'\nreply = \'PONG \\1\\n\'\n')
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LANG": "C"}
    server = subprocess.Popen(
        [sys.executable, "-m", "workbench", "serve", "--rules", str(rules), "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        import json

        port = None
        while port is None:
            line = json.loads(server.stdout.readline())
            if line["event"] == "server_bind" and line["phase"] == "exit":
                port = line["address"][1]
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(b"PING 42\nnoise\n")
            sock.shutdown(socket.SHUT_WR)
            reply = b""
            while chunk := sock.recv(100):
                reply += chunk
        assert reply == b"PONG 42\n", "no match, no reply"
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(10)
        for stream in (server.stdout, server.stderr):
            if stream is not None:
                stream.close()
    bad = tmp_path / "bad.toml"
    bad.write_text('[[rule]]\nmatch = "PING ("\nreply = "x"\n')
    out = subprocess.run(
        [sys.executable, "-m", "workbench", "serve", "--rules", str(bad)],
        capture_output=True, text=True, env=env, timeout=30,
    )  # fmt: skip
    assert out.returncode == 2 and out.stderr.count("\n") == 1
    assert "bad.toml: rule 1: bad regex" in out.stderr and "Traceback" not in out.stderr

"""The CLI under hostile input, as a user runs it (real subprocesses): huge counts, bytes that are not
UTF-8, replies shorter than asked for, peer paths with escape sequences, all interfaces."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.core.test_cli import Serve

ROOT = Path(__file__).resolve().parents[2]
unix_only = pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="AF_UNIX")


def workbench(
    *args: str | bytes, env: dict[str, str] | None = None, timeout: float = 30
) -> subprocess.CompletedProcess[bytes]:
    """The CLI with argv as given (bytes reach it as the very bytes a shell would pass)."""
    return subprocess.run(
        [sys.executable, "-m", "workbench", *args],
        capture_output=True,
        timeout=timeout,
        cwd=ROOT,
        env=env,
    )


def one_line(result: subprocess.CompletedProcess[bytes], status: int) -> str:
    """The single stderr line of a run that ended with this status, and never a traceback."""
    err = result.stderr.decode("utf-8", "backslashreplace")
    assert result.returncode == status, (result.returncode, err)
    assert b"Traceback" not in result.stderr + result.stdout
    lines = err.splitlines()
    assert len(lines) == 1, lines
    return lines[0]


@pytest.fixture
def serve() -> Iterator[type[Serve]]:
    started: list[Serve] = []

    class Tracked(Serve):
        def __init__(self, *args: str) -> None:
            super().__init__(*args)
            started.append(self)

    yield Tracked
    for server in started:
        server.kill()


def echo_port(serve: type[Serve], *args: str) -> tuple[Serve, int]:
    server = serve("--json", *args)
    bound = server.wait_for_event("server_bind", "exit")
    return server, int(bound["address"][1])


# -- send: item 11 -----------------------------------------------------------------------------


@pytest.mark.parametrize("count", ["1000000000000", "-1", str(1 << 31)])
def test_a_read_count_beyond_reason_is_one_line_not_a_memory_error(count: str) -> None:
    line = one_line(workbench("send", "--port", "9", "--text", "x", "--read", count), 2)
    assert "--read" in line and count in line


@pytest.mark.parametrize("locale", ["C.UTF-8", "C"])
def test_text_that_is_not_utf8_is_sent_as_the_bytes_typed(serve: type[Serve], locale: str) -> None:
    server, port = echo_port(serve)
    env = dict(os.environ, LC_ALL=locale, LANG=locale)
    result = workbench("send", "--port", str(port), "--text", b"ab\xffcd", env=env)
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    assert b"61 62 ff 63 64" in result.stdout  # the five bytes, echoed
    server.stop()


def test_a_short_reply_says_how_much_arrived_and_prints_it(serve: type[Serve]) -> None:
    server, port = echo_port(serve)  # echoes the 5 bytes and waits for more: --read 10 times out
    result = workbench("send", "--port", str(port), "--text", "hello", "--read", "10", "--timeout", "0.5")
    line = one_line(result, 1)
    assert "5 of the 10 bytes" in line and "nothing arrived" not in line
    assert b"68 65 6c 6c 6f" in result.stdout and b"hello" in result.stdout
    chinese = workbench(
        "send", "--port", str(port), "--text", "hello", "--read", "10", "--timeout", "0.5",
        env=dict(os.environ, LANGUAGE="zh_CN"),
    )  # fmt: skip
    assert "只到了 5 字节" in one_line(chinese, 1)
    server.stop()


def test_a_reply_cut_short_by_a_close_is_printed_too(serve: type[Serve]) -> None:
    server, port = echo_port(serve, "--handler", "daytime")  # a line of the time, then close
    result = workbench("send", "--port", str(port), "--text", "x", "--read", "1000")
    line = one_line(result, 1)
    assert "closed the connection after" in line and "of 1000 bytes" in line
    got = int(line.split("after ")[1].split()[0])
    assert got > 0 and result.stdout.count(b"\n") >= 1  # what arrived, as a hex dump
    server.stop()


def test_nothing_at_all_arriving_still_says_nothing_arrived(serve: type[Serve]) -> None:
    server, port = echo_port(serve, "--handler", "discard")
    result = workbench("send", "--port", str(port), "--text", "hello", "--read", "10", "--timeout", "0.5")
    assert "nothing arrived" in one_line(result, 1)
    assert result.stdout == b""
    server.stop()


# -- serve: item 12 ------------------------------------------------------------------------------


ESCAPED = "c\x1b[31mred\x1b]0;title\x07.sock"


def _exchange_from(path: Path, server: str, kind: int) -> bytes:
    with socket.socket(socket.AF_UNIX, kind) as sock:
        sock.settimeout(10)
        sock.bind(str(path))  # the path the server sees as client_address
        sock.connect(server)
        sock.send(b"ping")
        if kind == socket.SOCK_STREAM:
            sock.shutdown(socket.SHUT_WR)
        reply = sock.recv(100)
    path.unlink()
    return reply


@unix_only
@pytest.mark.parametrize("kind", ["stream", "dgram"])
def test_serve_prints_a_peer_path_with_escape_sequences_escaped(
    serve: type[Serve], tmp_path: Path, kind: str
) -> None:
    path = str(tmp_path / "server.sock")
    server = serve("--family", "unix", "--type", kind, "--path", path)
    line = ""
    while "server_activate:exit" not in line:
        line = server.next_line()
    sock_type = socket.SOCK_STREAM if kind == "stream" else socket.SOCK_DGRAM
    assert _exchange_from(tmp_path / ESCAPED, path, sock_type) == b"ping"
    while "finish:exit" not in line:
        line = server.next_line()
    code, lines, err = server.stop()
    assert code == 0, err
    out = "".join(lines)
    assert "\x1b" not in out and "\x07" not in out and "\x1b" not in err
    assert "client=" + str(tmp_path / "c\\x1b[31mred\\x1b]0;title\\x07.sock") in out
    assert not Path(path).exists()


@unix_only
def test_serve_json_keeps_the_peer_path_exact_for_scripts(serve: type[Serve], tmp_path: Path) -> None:
    path = str(tmp_path / "server.sock")
    server = serve("--json", "--family", "unix", "--path", path)
    server.wait_for_event("server_activate", "exit")
    assert _exchange_from(tmp_path / ESCAPED, path, socket.SOCK_STREAM) == b"ping"
    record = server.wait_for_event("get_request", "exit")
    assert record["client"] == str(tmp_path / ESCAPED)  # JSON escapes it; the value stays exact
    line = next(line for line in server.seen if '"get_request","phase":"exit"' in line)
    assert "\x1b" not in line  # JSON writes ESC as \u001b
    server.stop()


def test_serve_on_all_interfaces_warns_like_the_window(serve: type[Serve]) -> None:
    # the allow list keeps the few moments on every interface to this machine
    server = serve("--json", "--host", "0.0.0.0", "--allow", "127.0.0.1/32")
    assert server.wait_for_event("server_bind", "exit")["address"][0] == "0.0.0.0"
    code, _lines, err = server.stop(signal.SIGINT)
    assert code == 0
    assert "listening on all interfaces: other machines on your network can connect" in err
    quiet = serve("--json")  # the default, loopback, says nothing of the kind
    quiet.wait_for_event("server_bind", "exit")
    assert "all interfaces" not in quiet.stop()[2]


# -- a handful of bad inputs end to end (the full corpus runs in-process: test_reliability_input) --


@pytest.mark.parametrize(
    "args",
    [
        ["serve", "--host", "bad\x01host"],
        ["serve", "--path", "x", "--family", "unix", "--allow", "10.0.0.0/8"],
        ["serve", "--delay", "nan"],
        ["serve", "--timeout", "inf"],
        ["serve", "--backlog", "99999999"],
        ["send", "--port", "0", "--text", "x"],
        ["export", "/nonexistent/session.swb"],
        ["explain", "no_such_name_anywhere"],
    ],
)
def test_bad_input_end_to_end_is_one_line_and_exit_2(args: list[str], tmp_path: Path) -> None:
    before = set(os.listdir(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "workbench", *args], capture_output=True, timeout=30, cwd=tmp_path,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )  # fmt: skip
    one_line(result, 2)
    assert set(os.listdir(tmp_path)) == before  # nothing left behind


def test_an_export_of_garbage_is_one_line(tmp_path: Path) -> None:
    junk = tmp_path / "junk.swb"
    junk.write_bytes(os.urandom(4096))
    line = one_line(workbench("export", str(junk)), 2)
    assert str(junk) in line

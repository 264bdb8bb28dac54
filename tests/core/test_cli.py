"""The headless CLI as scripts use it: real subprocesses, JSON lines, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = {"event", "phase", "ts", "server", "request", "thread", "pid"}


def workbench(
    *args: str, user: list[str] | None = None, timeout: float = 30
) -> subprocess.CompletedProcess[str]:
    python, env = (sys.executable, None) if not user else _readable_engine()
    return subprocess.run(
        [*(user or []), python, "-m", "workbench", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd="/tmp" if user else ROOT,
        env=env,
    )


_READABLE: list[tuple[str, dict[str, str]]] = []


def _readable_engine() -> tuple[str, dict[str, str]]:
    """An interpreter and a copy of the engine another user can read.

    A checkout in a private folder (a 0700 home, /root) is closed to the unprivileged user the
    permission tests run as, and so is its venv; the CLI needs only the standard library, so a
    world-readable copy of workbench/ and the base interpreter do.
    """
    if not _READABLE:
        base = Path(tempfile.mkdtemp(prefix="workbench-readable-"))
        shutil.copytree(ROOT / "workbench", base / "workbench", ignore=shutil.ignore_patterns("__pycache__"))
        for path in [base, *base.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        import atexit

        atexit.register(shutil.rmtree, base, True)
        python = os.path.realpath(getattr(sys, "_base_executable", sys.executable))
        env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(base), "LANGUAGE": "en", "LC_ALL": "C"}
        _READABLE.append((python, env))
    return _READABLE[0]


class Serve:
    """A ``workbench serve`` subprocess whose stdout lines are collected by a thread."""

    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "workbench", "serve", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)

    def next_line(self, timeout: float = 15.0) -> str:
        line = self.lines.get(timeout=timeout)
        self.seen.append(line)
        return line

    def wait_for_event(self, event: str, phase: str | None, timeout: float = 15.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            record = json.loads(self.next_line(max(0.1, deadline - time.monotonic())))
            if record["event"] == event and record["phase"] == phase:
                return record

    def stop(self, sig: int = signal.SIGTERM) -> tuple[int, list[str], str]:
        self.proc.send_signal(sig)
        code = self.proc.wait(timeout=15)
        self._reader.join(5)
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        assert self.proc.stderr is not None
        err = self.proc.stderr.read()
        self.proc.stdout.close()  # type: ignore[union-attr]
        self.proc.stderr.close()
        return code, self.seen, err

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
            self.stop()


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


def assert_bad_input(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode == 2, result
    lines = result.stderr.splitlines()
    assert len(lines) == 1, f"one line on stderr, got: {result.stderr!r}"
    assert "Traceback" not in result.stderr + result.stdout
    for needle in needles:
        assert needle in lines[0], lines[0]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["serve", "--port", "70000"], "port must be 0-65535"),
        (["serve", "--port", "http"], "invalid int value: 'http'"),
        (["serve", "--family", "unix"], "AF_UNIX needs a socket path"),
        (["serve", "--mixin", "forked"], "invalid choice: 'forked'"),
        (["serve", "--allow", "10.0.0.300/8"], "allow list entry"),
        (["serve", "--delay", "-1"], "delay must be between 0 and 3600"),
        (["send", "--port", "9", "--hex", "de ad zz"], "hex"),
        (["send", "--port", "9"], "one of the arguments --text --hex is required"),
        (["send", "--text", "x"], "--port"),
        (["send", "--port", "70000", "--text", "x"], "port must be 0-65535"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], needle: str) -> None:
    assert_bad_input(workbench(*args), needle)


def test_port_in_use() -> None:
    taken = socket.socket()
    try:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert_bad_input(workbench("serve", "--port", str(port)), f"port {port}", "already in use")
    finally:
        taken.close()


def test_existing_non_socket_file_at_path_is_refused_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "important.txt"
    path.write_text("do not delete")
    assert_bad_input(workbench("serve", "--family", "unix", "--path", str(path)), "not a socket")
    assert path.read_text() == "do not delete"


def _as_nobody() -> list[str]:
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot test permission denied")
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]


def test_permission_denied_for_a_low_port() -> None:
    if int(Path("/proc/sys/net/ipv4/ip_unprivileged_port_start").read_text()) <= 80:
        pytest.skip("this machine lets everyone bind low ports")
    assert_bad_input(workbench("serve", "--port", "80", user=_as_nobody()), "permission denied", "below 1024")


def test_permission_denied_for_a_unix_path() -> None:
    user = _as_nobody()
    base = Path(tempfile.mkdtemp(prefix="workbench-perm-"))  # pytest's tmp dirs are private to root
    try:
        base.chmod(0o755)
        locked = base / "locked"
        locked.mkdir(mode=0o755)  # others may enter but not create files
        path = locked / "s.sock"
        if not user:
            locked.chmod(0o555)
        assert_bad_input(
            workbench("serve", "--family", "unix", "--path", str(path), user=user), "permission denied"
        )
        assert not path.exists()
    finally:
        (base / "locked").chmod(0o755)
        shutil.rmtree(base)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_serve_json_then_signal_shuts_down_cleanly(serve: type[Serve], sig: int) -> None:
    server = serve("--json")
    bind = server.wait_for_event("server_bind", "exit")
    host, port = bind["address"]
    assert host == "127.0.0.1" and port > 0
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(b"\x00hi\xff")
        sock.shutdown(socket.SHUT_WR)
        assert sock.recv(100) == b"\x00hi\xff"
    server.wait_for_event("shutdown_request", "exit")
    code, lines, err = server.stop(sig)
    assert code == 0, err
    assert "Traceback" not in err
    records = [json.loads(line) for line in lines]
    assert all(REQUIRED <= set(r) for r in records)
    names = [(r["event"], r["phase"]) for r in records]
    assert ("shutdown", "exit") in names
    assert names[-2:] == [("server_close", "enter"), ("server_close", "exit")]
    recv = [r for r in records if r["event"] == "recv" and r["nbytes"]]
    assert recv[0]["data"] == "006869ff" and recv[0]["nbytes"] == 4
    assert recv[0]["request"] == 1 and recv[0]["client"][0] == "127.0.0.1"


def test_send_against_serve(serve: type[Serve], tmp_path: Path) -> None:
    server = serve("--json", "--handler", "upper", "--mixin", "threading")
    port = str(server.wait_for_event("server_bind", "exit")["address"][1])

    plain = workbench("send", "--port", port, "--text", "hello")
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout.startswith("00000000  48 45 4c 4c 4f") and "|HELLO|" in plain.stdout

    exact = workbench("send", "--port", port, "--hex", "61 62 63 64", "--read", "2")
    assert exact.returncode == 0 and "41 42" in exact.stdout and "43" not in exact.stdout

    as_json = workbench("send", "--port", port, "--text", "abc", "--json")
    assert as_json.returncode == 0, as_json.stderr
    events = [json.loads(line) for line in as_json.stdout.splitlines()]
    assert [e["event"] for e in events][:3] == ["socket", "connect", "sendall"]
    assert any(e["event"] == "recv" and e.get("data") == "414243" for e in events)
    assert all(e["role"] == "client" for e in events)

    code, lines, _ = server.stop()
    assert code == 0
    served = [json.loads(line) for line in lines]
    assert {r["request"] for r in served if r["event"] == "handle"} == {1, 2, 3}


def test_send_to_nobody_fails_with_exit_1() -> None:
    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = workbench("send", "--port", str(port), "--text", "x")
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1 and "refused" in result.stderr


def test_serve_plain_output_is_readable_lines(serve: type[Serve], tmp_path: Path) -> None:
    path = tmp_path / "plain.sock"
    server = serve("--family", "unix", "--path", str(path), "--type", "dgram")
    first = server.next_line()
    assert "server_bind:enter" in first and "server-1" in first
    assert f"address={path}" in server.next_line()
    code, _lines, err = server.stop(signal.SIGINT)
    assert code == 0
    assert "serving on" in err
    assert not path.exists(), "the socket file is removed on exit"


def test_send_to_daytime_prints_the_time(serve: type[Serve]) -> None:
    server = serve("--json", "--handler", "daytime")
    port = str(server.wait_for_event("server_bind", "exit")["address"][1])
    # daytime replies without reading: our payload may meet a closed connection (RST),
    # and the reply must still be printed.
    result = workbench("send", "--port", port, "--text", "what time is it?")
    assert result.returncode == 0, result.stderr
    assert "day" in result.stdout and "|" in result.stdout
    assert server.stop()[0] == 0


def test_second_signal_ends_requests_that_would_not_finish(serve: type[Serve]) -> None:
    server = serve("--json")
    host, port = server.wait_for_event("server_bind", "exit")["address"]
    with socket.create_connection((host, port), timeout=10) as idle:  # connected, never closes
        server.wait_for_event("handle", "enter")
        server.proc.send_signal(signal.SIGINT)
        assert server.proc.stderr is not None
        assert "waiting up to 10 s for 1 request(s)" in server.proc.stderr.readline()
        started = time.monotonic()
        code, lines, err = server.stop(signal.SIGINT)
        assert code == 0 and time.monotonic() - started < 5, err
        assert idle.recv(10) == b"", "the connection was ended"
    assert json.loads(lines[-1])["event"] == "server_close"

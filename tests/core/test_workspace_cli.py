"""``workbench workspace``: --check in one line, and a workspace's servers served headless until SIGINT."""

from __future__ import annotations

import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

WORKSPACE = """\
version = 1

[[servers]]
name = "echo"
port = 0
mixin = "threading"

[[servers]]
name = "pong"
port = 0
handler = "rules"

[servers.rules]
framing = "line"

[[servers.rules.rule]]
match = 'PING (\\d+)\\r?\\n'
reply = 'PONG \\1\\n'

[[servers]]
name = "spare"
port = 0
start = false

[[clients]]
name = "to echo"
server = "echo"
"""


def workbench(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workbench", *args],
        capture_output=True, text=True, timeout=30, cwd=ROOT, env={**os.environ, **(env or {})},
    )  # fmt: skip


def test_check_prints_a_summary_line(tmp_path: Path) -> None:
    path = tmp_path / "w.toml"
    path.write_text(WORKSPACE, encoding="utf-8")
    result = workbench("workspace", "--check", str(path), env={"LANGUAGE": "en"})
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"{path}: a valid workspace: 3 server(s), 2 of them to start; 1 client(s), 1 to connect; 0 saved packet(s)\n"
    )
    assert result.stderr == ""


def test_check_of_a_broken_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "w.toml"
    path.write_text(WORKSPACE.replace('name = "pong"\nport = 0', 'name = "pong"\nport = 70000'), encoding="utf-8")
    result = workbench("workspace", "--check", str(path), env={"LANGUAGE": "en"})
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == f"workbench: {path}: servers[2].port: port must be 0-65535 (0 picks a free port), not 70000\n"
    chinese = workbench("workspace", "--check", str(path), env={"LANGUAGE": "zh_CN"})
    assert chinese.returncode == 2
    assert chinese.stderr == f"workbench: {path}：servers[2].port：端口必须在 0-65535 之间（填 0 让系统挑一个空闲端口），而不是 70000\n"
    missing = workbench("workspace", "--check", str(tmp_path / "none.toml"), env={"LANGUAGE": "en"})
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1 and "cannot be read" in missing.stderr


class Running:
    """``workbench workspace FILE --json`` as a subprocess; a thread collects its stdout lines."""

    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "workbench", "workspace", *args, "--json"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
            env={**os.environ, "LANGUAGE": "en"},
        )  # fmt: skip
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)

    def bound(self, count: int, timeout: float = 20.0) -> dict[str, Any]:
        """Each server's address, from its server_bind exit event."""
        found: dict[str, Any] = {}
        deadline = time.monotonic() + timeout
        while len(found) < count:
            event = json.loads(self.lines.get(timeout=max(0.1, deadline - time.monotonic())))
            if event["event"] == "server_bind" and event["phase"] == "exit":
                found[event["server"]] = tuple(event["address"])
        return found

    def stop(self) -> tuple[int, str]:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        code = self.proc.wait(timeout=20)
        assert self.proc.stderr is not None and self.proc.stdout is not None
        err = self.proc.stderr.read()
        self.proc.stderr.close()
        self.proc.stdout.close()
        return code, err


def exchange(address: Any, data: bytes, until: bytes) -> bytes:
    with socket.create_connection(address, timeout=10) as sock:
        sock.sendall(data)
        got = b""
        while not got.endswith(until):
            chunk = sock.recv(4096)
            if not chunk:
                break
            got += chunk
        return got


def test_the_workspace_serves_a_real_client_until_sigint(tmp_path: Path) -> None:
    path = tmp_path / "w.toml"
    path.write_text(WORKSPACE, encoding="utf-8")
    record = tmp_path / "run.swb"
    run = Running(str(path), "--record", str(record))
    try:
        addresses = run.bound(2)
        assert set(addresses) == {"echo", "pong"}  # "spare" has start = false
        assert exchange(addresses["echo"], b"hello\n", b"hello\n") == b"hello\n"
        assert exchange(addresses["pong"], b"PING 42\n", b"\n") == b"PONG 42\n"
    finally:
        code, err = run.stop()
    assert code == 0, err
    assert "Traceback" not in err
    assert "the workspace also has 1 client(s)" in err
    exported = workbench("export", str(record))
    servers = {json.loads(line)["server"] for line in exported.stdout.splitlines()}
    assert {"echo", "pong"} <= servers  # both recorded into the one session, by their workspace names


def test_a_server_that_cannot_start_stops_the_others_and_says_why(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        text = WORKSPACE.replace('name = "pong"\nport = 0', f'name = "pong"\nport = {port}')
        path = tmp_path / "w.toml"
        path.write_text(text, encoding="utf-8")
        result = workbench("workspace", str(path), env={"LANGUAGE": "en"})
    assert result.returncode == 2
    assert result.stderr == (
        f"workbench: {path}: servers[2]: pong did not start: port {port} on 127.0.0.1 is already in use; "
        "choose another port (0 picks a free one); the servers started before it are stopped again\n"
    )


def test_a_workspace_without_a_server_to_start(tmp_path: Path) -> None:
    path = tmp_path / "w.toml"
    path.write_text("version = 1\n[[servers]]\nname = 'a'\nstart = false\n", encoding="utf-8")
    result = workbench("workspace", str(path), env={"LANGUAGE": "en"})
    assert result.returncode == 2
    assert result.stderr == f"workbench: {path}: no server to start: give one of its [[servers]] start = true\n"

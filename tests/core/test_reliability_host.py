"""The host protocol under hostile lines (property-based): lines no window would write never crash the
host, never get an internal error or a traceback, and every one of them gets its reply.

One host process takes the whole corpus, as a long-lived window's host would: raw lines (bytes,
text, JSON nested too deep, huge numbers) and commands of every name with arguments of every
kind. Valid specs among them stay on loopback: servers on port 0 or a socket file in the test's
folder, clients to a port nobody listens on or to that file.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.core.test_reliability_input import closed_port
from workbench.host import host_command


class RawHost:
    """A host process fed raw lines on stdin; replies and stderr collected by threads."""

    def __init__(self, session: Path) -> None:
        program, args = host_command(str(session))
        env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
        self.proc = subprocess.Popen(
            [program, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
        )
        self.replies: dict[int, list[dict[str, Any]]] = {}
        self.cond = threading.Condition()
        self.stderr = b""
        self._threads = [
            threading.Thread(target=self._read_stdout, daemon=True),
            threading.Thread(target=self._read_stderr, daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def _read_stdout(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            message = json.loads(line)
            if "notify" in message:
                continue
            with self.cond:
                self.replies.setdefault(message["id"], []).append(message)
                self.cond.notify_all()

    def _read_stderr(self) -> None:
        assert self.proc.stderr is not None
        self.stderr = self.proc.stderr.read()

    def send(self, line: bytes) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line.replace(b"\n", b" ") + b"\n")
        self.proc.stdin.flush()

    def reply(self, ident: int, timeout: float = 20.0) -> dict[str, Any]:
        with self.cond:
            assert self.cond.wait_for(lambda: ident in self.replies, timeout), f"no reply to {ident}"
            return self.replies.pop(ident)[0]

    def close(self) -> int:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        code = self.proc.wait(timeout=10)
        for thread in self._threads:
            thread.join(5)
        self.proc.stdout.close()  # type: ignore[union-attr]
        self.proc.stderr.close()  # type: ignore[union-attr]
        return code


COMMANDS = [
    "hello", "server.start", "server.stop", "server.end_requests", "server.requests", "server.breakpoints",
    "server.release", "server.send", "client.add", "client.call", "client.read", "client.close", "status", "shutdown",
]  # fmt: skip
CALLS = [
    "connect", "connect_ex", "send", "sendall", "sendto", "sendfile", "recv", "recvfrom", "shutdown",
    "setblocking", "settimeout", "setsockopt_sndbuf", "getsockname", "getpeername", "fileno", "bind", "",
]  # fmt: skip


def _command_strategy(tmp: Path, refused_port: int) -> st.SearchStrategy[dict[str, Any]]:
    json_junk = st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=8)),
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)
        ),
        max_leaves=6,
    )
    # specs that, when valid, stay on loopback and never reach a port someone else listens on:
    # servers on port 0 or a socket file in tmp, clients to a closed port or to that file
    unix_path = str(tmp / "h.sock")
    valid_server = st.one_of(
        st.fixed_dictionaries({"port": st.just(0)}, optional={"type": st.sampled_from(["stream", "dgram"]),
                               "mixin": st.sampled_from(["none", "threading", "forking"])}),
        st.fixed_dictionaries({"family": st.just("unix"), "path": st.just(unix_path)},
                              optional={"type": st.sampled_from(["stream", "dgram"]),
                                        "mixin": st.sampled_from(["none", "threading", "forking"]),
                                        "delay": st.sampled_from([0, 0.01])}),
    )  # fmt: skip
    valid_client = st.one_of(
        st.fixed_dictionaries({"port": st.just(refused_port), "timeout": st.just(0.3)},
                              optional={"type": st.sampled_from(["stream", "dgram"])}),
        st.fixed_dictionaries({"family": st.just("unix"), "path": st.just(unix_path), "timeout": st.just(0.3)},
                              optional={"type": st.sampled_from(["stream", "dgram"])}),
    )  # fmt: skip
    near_spec = st.fixed_dictionaries(
        {},
        optional={
            "family": st.sampled_from(["inet", "inet6", "unix", "x"]),
            "type": st.sampled_from(["stream", "dgram"]),
            "host": st.sampled_from(["127.0.0.1", "::1", "nowhere.invalid", "\x00", ""]),
            "port": st.sampled_from([0, refused_port, -1, "80", 70000]),
            "path": st.sampled_from([unix_path, str(tmp / "hc.sock"), "", 5]),
            "mixin": st.sampled_from(["none", "threading", "forking"]),
            "delay": st.sampled_from([0, 0.01, -1, "x"]),
            "timeout": st.sampled_from([None, 0.2, 0, "x"]),
            "backlog": st.sampled_from([0, 5, -1]),
        },
    )
    address = st.sampled_from([None, ["127.0.0.1", refused_port], ["::1", refused_port], unix_path,
                               "x", 5, [], ["127.0.0.1"], [None, None], {"a": 1}])  # fmt: skip
    value = st.one_of(json_junk, st.sampled_from([0, 1, -1, 2**40, "1", 1.5, True, None, [], {}]))
    servers = st.one_of(st.integers(1, 10).map(lambda n: f"server-{n}"), st.sampled_from([1, None, "", "x"]))
    clients = st.one_of(st.integers(1, 10).map(lambda n: f"client-{n}"), st.sampled_from([1, None, ""]))
    call_args = {
        "data": st.sampled_from(["", "00ff", "zz", "0", 5, None, "41" * 10]),
        "bufsize": st.one_of(value, st.sampled_from([1, 100, 65536])),
        "how": st.one_of(value, st.sampled_from([0, 1, 2])),
        "flag": value,
        "timeout": st.one_of(value, st.sampled_from([0.1, 0.0])),
        "size": value,
        "address": address,
        "path": st.sampled_from([str(tmp / "payload.bin"), "/nonexistent", "", 5]),
        "read": st.sampled_from([False, False, True, 1, None]),
    }
    any_args = st.fixed_dictionaries(
        {},
        optional={
            "spec": st.one_of(valid_server, valid_client, near_spec, json_junk),
            "server": servers,
            "client": clients,
            "call": st.sampled_from(CALLS),
            "on": value,
            "grace": st.sampled_from([0, 0.05, -1, "x", None, [], float("inf"), 1e308]),
            "hooks": st.one_of(
                st.lists(st.sampled_from(["handle", "setup", "nope", 5, None]), max_size=3), value
            ),
            "token": value,
            "step": value,
            **call_args,
        },
    )

    def shaped(cmd: str, required: dict[str, Any], optional: dict[str, Any] | None = None) -> Any:
        return st.fixed_dictionaries(
            {"cmd": st.just(cmd), "args": st.fixed_dictionaries(required, optional=optional or {})}
        )

    grace = st.sampled_from([0, 0.05, 0.2, -1, "x", float("nan"), 1e308])
    return st.one_of(
        shaped("server.start", {"spec": st.one_of(valid_server, valid_server, near_spec, json_junk)}),
        shaped("server.stop", {"server": servers}, {"grace": grace}),
        shaped("server.end_requests", {"server": servers}),
        shaped("server.requests", {"server": servers}),
        shaped(
            "server.breakpoints", {"server": servers, "hooks": any_args.map(lambda a: a.get("hooks", []))}
        ),
        shaped("server.release", {"server": servers, "token": value}, {"step": value}),
        shaped("client.add", {"spec": st.one_of(valid_client, valid_client, near_spec, json_junk)}),
        shaped("client.call", {"client": clients, "call": st.sampled_from(CALLS)}, call_args),
        shaped(
            "client.call",
            {"client": clients, "call": st.sampled_from(["connect", "sendall", "recv"])},
            call_args,
        ),
        shaped("client.read", {"client": clients}, {"on": value}),
        shaped("client.close", {"client": clients}),
        st.fixed_dictionaries(
            {"cmd": st.sampled_from([*COMMANDS, "nope", ""]), "args": st.one_of(any_args, json_junk)}
        ),
    )


@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX host")
def test_host_protocol_corpus(tmp_path: Path) -> None:
    (tmp_path / "payload.bin").write_bytes(b"x" * 100)
    port = closed_port()
    host = RawHost(tmp_path / "s.swb")
    next_id = iter(range(1, 10**9))
    lines_sent = 0
    outcomes: dict[str, int] = {}
    try:

        def exchange(line: bytes, ident: int | None) -> dict[str, Any]:
            host.send(line)
            sentinel = next(next_id) + 10**6
            host.send(json.dumps({"id": sentinel, "cmd": "status"}).encode())
            assert host.reply(sentinel)["ok"] is not None, "the host stopped answering"
            return host.reply(ident if ident is not None else 0)

        @settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(command=_command_strategy(tmp_path, port))
        # Two calls that always run, so the "calls were made" check below never rests on chance
        # (a random run drew a single client.call outcome about one time in three).
        @example(command={"cmd": "client.call", "args": {"client": "client-1", "call": "getsockname"}})
        @example(command={"cmd": "client.call", "args": {"client": "client-99", "call": "recv", "bufsize": 1}})
        def commands(command: dict[str, Any]) -> None:
            nonlocal lines_sent
            ident = next(next_id)
            reply = exchange(json.dumps({"id": ident, **command}).encode(), ident)
            lines_sent += 1
            assert host.proc.poll() is None, "the host exited"
            if "error" in reply:
                assert reply["error"]["code"] != "host.internal", (command, reply)
            outcome = f"{command['cmd']} " + ("ok" if "ok" in reply else reply["error"]["code"])
            outcomes[outcome] = outcomes.get(outcome, 0) + 1

        @settings(max_examples=150, deadline=None)
        @given(
            line=st.one_of(
                st.binary(max_size=64).filter(lambda b: b.strip()),
                st.text(max_size=40).map(str.encode).filter(lambda b: b.strip()),
                st.sampled_from([b"[" * 100_000, b"{" * 50_000, b'{"id": 1e999, "cmd": "hello"}', b"\xef\xbb\xbf{}",
                                 b'{"id": -1}', b"null", b'"hello"', b"1" * 5000, b'{"id": 99999999999999999999999}']),
            )
        )  # fmt: skip
        def lines(line: bytes) -> None:
            nonlocal lines_sent
            try:
                message = json.loads(line)
            except (ValueError, UnicodeDecodeError, RecursionError):
                message = None
            ident = message.get("id") if isinstance(message, dict) else None
            if isinstance(ident, bool) or not isinstance(ident, int):
                ident = None
            reply = exchange(line, ident)
            lines_sent += 1
            assert host.proc.poll() is None, "the host exited"
            if "error" in reply:
                assert reply["error"]["code"] != "host.internal", (line[:80], reply)

        # live objects for the corpus to hit: server-1 on the socket file, client-1 connected to it
        unix_path = str(tmp_path / "h.sock")
        for ident, command in enumerate(
            [
                {
                    "cmd": "server.start",
                    "args": {"spec": {"family": "unix", "path": unix_path, "mixin": "threading"}},
                },
                {"cmd": "client.add", "args": {"spec": {"family": "unix", "path": unix_path}}},
                {"cmd": "client.call", "args": {"client": "client-1", "call": "connect", "read": False}},
                {"cmd": "client.call", "args": {"client": "client-1", "call": "sendall", "data": "6869"}},
                {"cmd": "client.call", "args": {"client": "client-1", "call": "recv", "bufsize": 2}},
            ],
            start=-20,
        ):
            host.send(json.dumps({"id": ident, **command}).encode())
            assert "ok" in host.reply(ident), command
        lines()
        commands()
        assert lines_sent >= 300
        # the corpus got past the argument checks: servers and clients were made, calls were made
        assert {"server.start ok", "client.add ok"} <= set(outcomes), sorted(outcomes)
        assert len([o for o in outcomes if o.startswith("client.call ")]) >= 2, sorted(outcomes)
        # still itself: a real exchange works after all that
        host.send(json.dumps({"id": 5, "cmd": "hello"}).encode())
        assert host.reply(5)["ok"]["pid"] == host.proc.pid
    finally:
        code = host.close()
    assert code == 0
    assert b"Traceback" not in host.stderr, host.stderr.decode("utf-8", "replace")[-3000:]
    assert not list(tmp_path.glob("*.sock")), "socket files left behind"

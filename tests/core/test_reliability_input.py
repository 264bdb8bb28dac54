"""Bad input never gets further than a plain message: the specs, the CLI and the host protocol under a
corpus of hostile values (property-based), with nothing left behind.

- Specs: every failure is a SpecError naming one of the spec's fields (a rules handler's own
  RulesError names the rule), never a TypeError from deep inside; what is accepted survives
  the trip through JSON the host protocol makes.
- The CLI: ``main(argv)`` in this process (a subprocess per example would take minutes; the
  end-to-end runs are in test_reliability_cli.py) returns 0, 1 or 2 or exits through argparse,
  prints no traceback, and leaves no thread, descriptor, handler or file behind.
- The host: lines no window would write never crash it, never get an internal error, and every
  one of them gets its reply.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import socket
import string
import subprocess
import threading
import time
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.cli import main as cli_main
from workbench.errors import SpecError
from workbench.host import host_command
from workbench.messages import catalog
from workbench.rules import RulesError
from workbench.spec import ClientSpec, ServerSpec

SERVER_FIELDS = {f.name for f in fields(ServerSpec)}
CLIENT_FIELDS = {f.name for f in fields(ClientSpec)}

#: Values of every kind, for any field.
JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.binary(max_size=8),
    st.lists(st.one_of(st.text(max_size=6), st.integers()), max_size=3),
    st.tuples(st.text(max_size=6)),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
    st.sampled_from([object(), b"127.0.0.1", 1j, float("nan"), "\x00", "\x1b[31m", " ", ""]),
)

#: Hosts that look almost right.
HOSTS = st.sampled_from(
    [
        "127.0.0.1", "::1", "localhost", "0.0.0.0", "::", "", " ", "127.0.0.1 ", "a\x00b", "\x00",
        "1.2.3.4.5", "[::1]", "fe80::1%lo", "::1%", "é.example", "xn--", "a" * 254, "ex ample",
        "127.0.0.1\x1b", "\ud800", "256.1.1.1", "-1", "1e3",
    ]
)  # fmt: skip


def _near(*values: Any) -> st.SearchStrategy[Any]:
    return st.one_of(st.sampled_from(values), JUNK)


def _server_fields(tmp: str) -> dict[str, st.SearchStrategy[Any]]:
    return {
        "family": _near("inet", "inet6", "unix", "INET", "af_inet"),
        "type": _near("stream", "dgram", "raw"),
        "host": st.one_of(HOSTS, JUNK),
        "port": st.one_of(st.integers(min_value=-5, max_value=70000), JUNK),
        "path": st.one_of(
            st.sampled_from([f"{tmp}/s.sock", "", "a\x00b", "x" * 200, "\udcff", "rel.sock"]), JUNK
        ),
        "backlog": st.one_of(st.integers(min_value=-3, max_value=70000), JUNK),
        "mixin": _near("none", "threading", "forking", "ThreadingMixIn"),
        "handler": _near("echo", "upper", "discard", "daytime", "rules", "chargen"),
        "delay": st.one_of(st.floats(min_value=-1, max_value=5000), JUNK),
        "fail": JUNK,
        "allow_reuse_address": JUNK,
        "timeout": st.one_of(st.floats(min_value=-1, max_value=100000), JUNK),
        "allow": st.one_of(
            st.lists(
                st.sampled_from(["10.0.0.0/8", "::1", "10.0.0.300/8", "", "x", "1.2.3.4/33"]), max_size=3
            ),
            JUNK,
        ),
        "base": _near("BaseRequestHandler", "StreamRequestHandler", "DatagramRequestHandler"),
        "fail_in": _near("handle", "setup", "finish"),
        "loop": _near("serve_forever", "handle_request"),
        "rules": st.one_of(
            st.sampled_from(
                [
                    '[[rule]]\nmatch = "PING (\\\\d+)"\nreply = "PONG {1}"\n',
                    "[[rule]]\nmatch = '('\nreply = 'x'\n",
                    "not toml at all [",
                    "",
                ]
            ),
            JUNK,
        ),
    }


def _client_fields(tmp: str) -> dict[str, st.SearchStrategy[Any]]:
    server = _server_fields(tmp)
    return {name: server[name] for name in ("family", "type", "host", "port", "path", "timeout")}


def _check_spec(cls: type, names: set[str], values: dict[str, Any]) -> None:
    try:
        spec = cls(**values)
    except RulesError:
        assert values.get("handler") == "rules" or "rules" in values  # the rules text itself is wrong
        return
    except SpecError as exc:
        assert exc.field in names, (exc.code, exc.field, values)
        for lang in ("en", "zh_CN"):  # it renders, in both languages, every field filled in
            template = catalog()[exc.code][lang]
            names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
            assert not any("{" + name + "}" in exc.text(lang) for name in names), (exc.code, exc.params)
        return
    # accepted: it makes the trip to the host and back unchanged
    data = json.loads(json.dumps(spec.to_dict()))
    assert cls.from_dict(data) == spec


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("corpus")


# -- item 13: the values the issue names ---------------------------------------------------------


@pytest.mark.parametrize(
    ("cls", "values", "field"),
    [
        (ServerSpec, {"host": 123}, "host"),
        (ClientSpec, {"host": 123, "port": 9}, "host"),
        (ServerSpec, {"host": b"127.0.0.1"}, "host"),
        (ClientSpec, {"host": b"127.0.0.1", "port": 9}, "host"),
        (ServerSpec, {"allow": None}, "allow"),
        (ServerSpec, {"family": "unix", "path": 123}, "path"),
        (ClientSpec, {"family": "unix", "path": 123}, "path"),
        (ServerSpec, {"host": "127.0.0.1\x00"}, "host"),
        (ClientSpec, {"host": "127.0.0.1\x00", "port": 9}, "host"),
        (ServerSpec, {"family": "unix", "path": "/tmp/a\x00b"}, "path"),
        (ServerSpec, {"delay": True}, "delay"),
        (ServerSpec, {"timeout": True}, "timeout"),
        (ClientSpec, {"timeout": False, "port": 9}, "timeout"),
        (ServerSpec, {"backlog": True}, "backlog"),
        (ServerSpec, {"port": 8.0}, "port"),
    ],
)
def test_each_bad_value_the_issue_names_is_a_spec_error_naming_its_field(
    cls: type, values: dict[str, Any], field: str
) -> None:
    with pytest.raises(SpecError) as caught:
        cls(**values)
    assert caught.value.field == field
    assert caught.value.code.startswith("spec.")


# -- the spec corpus -------------------------------------------------------------------------------


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_server_spec_corpus(data: st.DataObject) -> None:
    strategies = _server_fields("/tmp/workbench-corpus")
    chosen = data.draw(st.sets(st.sampled_from(sorted(strategies)), max_size=6))
    values = {name: data.draw(strategies[name], label=name) for name in sorted(chosen)}
    _check_spec(ServerSpec, SERVER_FIELDS, values)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_client_spec_corpus(data: st.DataObject) -> None:
    strategies = _client_fields("/tmp/workbench-corpus")
    chosen = data.draw(st.sets(st.sampled_from(sorted(strategies)), max_size=4))
    values = {name: data.draw(strategies[name], label=name) for name in sorted(chosen)}
    _check_spec(ClientSpec, CLIENT_FIELDS, values)


@settings(max_examples=200, deadline=None)
@given(table=st.one_of(st.dictionaries(st.text(max_size=8), JUNK, max_size=4), JUNK))
def test_from_dict_of_anything_is_a_spec_error(table: Any) -> None:
    """What the host receives as "spec": any JSON value at all."""
    for cls in (ServerSpec, ClientSpec):
        try:
            cls.from_dict(table)
        except RulesError:
            pass
        except SpecError as exc:
            names = SERVER_FIELDS if cls is ServerSpec else CLIENT_FIELDS
            unknown = isinstance(table, dict) and exc.code == "spec.unknown_field" and exc.field in table
            assert exc.field in names or unknown or (exc.code == "spec.not_a_table" and exc.field is None)


# -- the CLI, in process -----------------------------------------------------------------------------


def _state() -> tuple[set[str], set[int], int]:
    fds = {int(fd) for fd in os.listdir("/proc/self/fd")} if Path("/proc/self/fd").is_dir() else set()
    logger = logging.getLogger("workbench")
    return {t.name for t in threading.enumerate()}, fds, len(logger.handlers) * 10 + int(logger.propagate)


def _closed_port() -> int:
    with socket.socket() as sock:  # bound, never listening: connections to it are refused
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _argv_strategy(tmp: Path, closed_port: int) -> st.SearchStrategy[list[str]]:
    session = str(tmp / "good.swb")
    files = st.sampled_from(
        [str(tmp / "record.swb"), str(tmp), str(tmp / "missing" / "r.swb"), session, str(tmp / "junk.bin"),
         "/nonexistent/x.swb", str(tmp / "empty.swb")]
    )  # fmt: skip
    words = st.one_of(
        st.sampled_from(
            ["0", "-1", "1", "65536", "70000", "1e9", "nan", "inf", "-inf", "0x10", "", " ", "127.0.0.1",
             "::1", "0.0.0.0", "unix", "inet", "inet6", "stream", "dgram", "threading", "forking", "none",
             "echo", "rules", "de ad", "zz", "\\x00", "--", "-", "1000000000000", "sendall", "handle"]
        ),
        st.text(max_size=10).filter(lambda t: "\x00" not in t),
        files,
    )  # fmt: skip
    options = [
        "--family", "--type", "--host", "--port", "--path", "--backlog", "--mixin", "--handler", "--delay",
        "--fail", "--fail-in", "--base", "--loop", "--rules", "--allow", "--timeout", "--json", "--record",
        "--text", "--hex", "--read", "--read-until-close", "--jsonl", "--list", "--lang", "--help",
    ]  # fmt: skip
    token = st.one_of(st.sampled_from(options), words)

    @st.composite
    def argv(draw: st.DrawFn) -> list[str]:
        command = draw(st.sampled_from(["serve", "send", "send", "export", "explain", "host", "bogus", ""]))
        tokens = draw(st.lists(token, max_size=8))
        args = ([command] if command else []) + tokens
        if command == "serve" or "--help" in tokens:
            args.append("--print-code")  # a valid serve would run until Ctrl+C
        elif command == "send" and draw(st.booleans()):
            args.append("--print-code")
        elif command == "send":
            # whatever the tokens said, the last word goes to a port nobody listens on, quickly
            family = "unix" if "unix" in tokens else None
            if family:
                args += ["--path", str(tmp / "nobody.sock")]
            args += ["--host", "127.0.0.1", "--port", str(closed_port), "--timeout", "0.3"]
        elif command == "host":
            args = ["host", "--help"]  # the host reads stdin until it ends: its protocol is tested below
        return args

    return argv()


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts descriptors in /proc")
def test_cli_corpus_in_process(tmp_path: Path) -> None:
    from workbench.session.writer import SessionWriter

    with SessionWriter(tmp_path / "good.swb") as writer:
        writer.log(logging.INFO, "a line")
    (tmp_path / "junk.bin").write_bytes(os.urandom(512))
    (tmp_path / "empty.swb").write_bytes(b"")
    fixed = set(os.listdir(tmp_path))
    closed_port = _closed_port()
    outcomes: dict[str, int] = {}

    @settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(argv=_argv_strategy(tmp_path, closed_port))
    def run(argv: list[str]) -> None:
        before = _state()
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status: Any = cli_main(argv)
            except SystemExit as exc:  # argparse: --help, --version, a usage error
                status = exc.code
        text = out.getvalue() + err.getvalue()
        assert "Traceback" not in text, (argv, text)
        assert status in (0, 1, 2), (argv, status, text)
        if status == 2 and not err.getvalue().startswith("usage:"):  # no command at all: the help
            lines = err.getvalue().splitlines()
            assert len(lines) == 1, (argv, lines)  # bad input: one line on stderr
        outcomes[str(status)] = outcomes.get(str(status), 0) + 1
        deadline = time.monotonic() + 2
        while _state() != before and time.monotonic() < deadline:  # a thread finishing its exit
            time.sleep(0.01)
        assert _state() == before, (argv, before, _state())
        left = set(os.listdir(tmp_path)) - fixed - {"record.swb"}  # --record makes what it was asked for
        assert not left, (argv, left)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_path / "record.swb")

    run()
    assert set(outcomes) >= {"0", "2"}, outcomes  # the corpus reached both the good and the bad paths


# -- the host protocol ---------------------------------------------------------------------------


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
    "server.release", "client.add", "client.call", "client.read", "client.close", "status", "shutdown",
]  # fmt: skip
CALLS = [
    "connect", "connect_ex", "send", "sendall", "sendto", "sendfile", "recv", "recvfrom", "shutdown",
    "setblocking", "settimeout", "setsockopt_sndbuf", "getsockname", "getpeername", "fileno", "bind", "",
]  # fmt: skip


def _command_strategy(tmp: Path, closed_port: int) -> st.SearchStrategy[dict[str, Any]]:
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
        st.fixed_dictionaries({"port": st.just(closed_port), "timeout": st.just(0.3)},
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
            "port": st.sampled_from([0, closed_port, -1, "80", 70000]),
            "path": st.sampled_from([unix_path, str(tmp / "hc.sock"), "", 5]),
            "mixin": st.sampled_from(["none", "threading", "forking"]),
            "delay": st.sampled_from([0, 0.01, -1, "x"]),
            "timeout": st.sampled_from([None, 0.2, 0, "x"]),
            "backlog": st.sampled_from([0, 5, -1]),
        },
    )
    address = st.sampled_from([None, ["127.0.0.1", closed_port], ["::1", closed_port], unix_path,
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
    closed_port = _closed_port()
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
        @given(command=_command_strategy(tmp_path, closed_port))
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

"""Bad input never gets further than a plain message: the specs and the CLI under a corpus of hostile
values (property-based), with nothing left behind (the host protocol's: test_reliability_host.py).

- Specs: every failure is a SpecError naming one of the spec's fields (a rules handler's own
  RulesError names the rule), never a TypeError from deep inside; what is accepted survives
  the trip through JSON the host protocol makes.
- The CLI: ``main(argv)`` in this process (a subprocess per example would take minutes; the
  end-to-end runs are in test_reliability_cli.py) returns 0, 1 or 2 or exits through argparse,
  prints no traceback, and leaves no thread, descriptor, handler or file behind.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import socket
import string
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


def closed_port() -> int:
    with socket.socket() as sock:  # bound, never listening: connections to it are refused
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _argv_strategy(tmp: Path, refused_port: int) -> st.SearchStrategy[list[str]]:
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
            args += ["--host", "127.0.0.1", "--port", str(refused_port), "--timeout", "0.3"]
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
    port = closed_port()
    outcomes: dict[str, int] = {}

    @settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(argv=_argv_strategy(tmp_path, port))
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

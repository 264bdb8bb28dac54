"""`--print-code`: the printed server and client programs run, with `python3 -I`, and do what the options say."""

from __future__ import annotations

import ast
import os
import re
import selectors
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from workbench.spec import (
    Base,
    ClientSpec,
    Family,
    Handler,
    Loop,
    Mixin,
    ServerSpec,
    SockType,
    supported_combinations,
)
from workbench.teach.codegen import client_program, server_program

ROOT = Path(__file__).resolve().parents[2]
PAYLOAD = b"hello, workbench"
DAYTIME = re.compile(rb"^\w+day, \w+ \d\d, \d{4} \d\d:\d\d:\d\d-.*\r\n$")
COMBINATIONS = supported_combinations()
RULES_FOR_LINT = (
    "framing = 'length:u16be'\n[[rule]]\nmatch = 'GET (?P<key>\\w+)'\nreply = 'VALUE \\g<key>'\ndelay = 0.1\n"
    "[[rule]]\nhex = '00 01 ff'\nreply = '\\g<0>'\n"
)


def host_of(family: Family) -> str:
    return "::1" if family is Family.INET6 else "127.0.0.1"


def server_spec(family: Family, kind: SockType, tmp_path: Path, **options: object) -> ServerSpec:
    if family is Family.UNIX:
        return ServerSpec(family=family, type=kind, path=str(tmp_path / "server.sock"), **options)  # type: ignore[arg-type]
    return ServerSpec(family=family, type=kind, host=host_of(family), port=0, **options)  # type: ignore[arg-type]


def read_line(proc: subprocess.Popen[str], timeout: float = 10.0) -> str:
    assert proc.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        if not selector.select(timeout):
            raise AssertionError(f"no line from the server within {timeout} s")
    return proc.stdout.readline()


@contextmanager
def running_server(spec: ServerSpec, tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], ClientSpec]]:
    """The printed server program, started; yields it and a client spec aimed at its address."""
    program = tmp_path / "server.py"
    program.write_text(server_program(spec))
    proc = subprocess.Popen(
        [sys.executable, "-I", str(program)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    try:
        line = read_line(proc)
        if spec.family is Family.UNIX:
            assert line == f"Serving on {spec.path} (Ctrl+C stops)\n"
            target = ClientSpec(family=spec.family, type=spec.type, path=spec.path, timeout=5.0)
        else:
            found = re.fullmatch(r"Serving on \[?([^\]]+?)\]?:(\d+) \(Ctrl\+C stops\)\n", line)
            assert found, f"unexpected first line {line!r}"
            assert found[1] == spec.host
            target = ClientSpec(
                family=spec.family, type=spec.type, host=found[1], port=int(found[2]), timeout=5.0
            )
        yield proc, target
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=10)


def stop(proc: subprocess.Popen[str], how: int, *, quiet: bool = True) -> str:
    """Stop the server with SIGINT or SIGTERM; returns its stderr after checking a clean exit."""
    proc.send_signal(how)
    _, stderr = proc.communicate(timeout=10)
    assert proc.returncode == 0, stderr
    if quiet:  # no handle_error report, no traceback at exit
        assert "Traceback" not in stderr, stderr
    return stderr


def run_client(spec: ClientSpec, tmp_path: Path, payload: bytes = PAYLOAD, read: int | None = None) -> bytes:
    program = tmp_path / "client.py"
    program.write_text(client_program(spec, payload, read))
    result = subprocess.run(
        [sys.executable, "-I", str(program)], capture_output=True, text=True, timeout=20, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    reply = ast.literal_eval(result.stdout.strip())
    assert isinstance(reply, bytes)
    return reply


def combination_id(combo: tuple[Family, SockType, Mixin]) -> str:
    return "-".join(part.value for part in combo)


@pytest.mark.parametrize("combo", COMBINATIONS, ids=combination_id)
def test_printed_server_and_client_talk_and_stop_cleanly(combo: tuple[Family, SockType, Mixin], tmp_path: Path) -> None:
    family, kind, mixin = combo
    index = COMBINATIONS.index(combo)
    # Every mixin meets every handler across the families; SIGINT and SIGTERM alternate.
    handler = [Handler.ECHO, Handler.UPPER, Handler.DAYTIME][
        (list(Family).index(family) + list(SockType).index(kind) + list(Mixin).index(mixin)) % 3
    ]
    spec = server_spec(family, kind, tmp_path, mixin=mixin, handler=handler)
    with running_server(spec, tmp_path) as (proc, target):
        reply = run_client(target, tmp_path)
        if handler is Handler.ECHO:
            assert reply == PAYLOAD
        elif handler is Handler.UPPER:
            assert reply == PAYLOAD.upper()
        else:
            assert DAYTIME.match(reply), reply
        stop(proc, signal.SIGINT if index % 2 else signal.SIGTERM)
    if family is Family.UNIX:
        assert not os.path.lexists(spec.path or ""), "the socket file was left behind"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["client.py", "server.py"]


def test_discard_replies_nothing(tmp_path: Path) -> None:
    spec = server_spec(Family.INET, SockType.STREAM, tmp_path, handler=Handler.DISCARD)
    with running_server(spec, tmp_path) as (proc, target):
        assert run_client(target, tmp_path) == b""
        stop(proc, signal.SIGTERM)


def test_read_n_reads_exactly_n_bytes(tmp_path: Path) -> None:
    spec = server_spec(Family.INET, SockType.STREAM, tmp_path)
    with running_server(spec, tmp_path) as (proc, target):
        assert run_client(target, tmp_path, read=5) == PAYLOAD[:5]
        # The client closes with the rest of the echo unread, which resets the connection: the
        # server's next recv fails and handle_error reports it. That is TCP, not a bug.
        stop(proc, signal.SIGTERM, quiet=False)


def test_datagram_read_n_gathers_whole_datagrams(tmp_path: Path) -> None:
    spec = server_spec(Family.INET, SockType.DGRAM, tmp_path)
    with running_server(spec, tmp_path) as (proc, target):
        assert run_client(target, tmp_path, read=3) == PAYLOAD  # one whole datagram, at least 3 bytes
        stop(proc, signal.SIGTERM)


def test_delay_holds_back_each_reply(tmp_path: Path) -> None:
    spec = server_spec(Family.INET, SockType.DGRAM, tmp_path, delay=0.6)
    with running_server(spec, tmp_path) as (proc, target):
        started = time.monotonic()
        assert run_client(target, tmp_path) == PAYLOAD
        assert time.monotonic() - started >= 0.6
        stop(proc, signal.SIGTERM)


def test_fail_makes_handle_raise_and_handle_error_report_it(tmp_path: Path) -> None:
    spec = server_spec(Family.INET, SockType.STREAM, tmp_path, fail=True)
    with running_server(spec, tmp_path) as (proc, target):
        assert run_client(target, tmp_path) == b""
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=10)
    assert proc.returncode == 0
    assert "Exception occurred during processing of request from" in stderr  # handle_error's report
    assert "RuntimeError: handle() raised on purpose" in stderr


@pytest.mark.parametrize("handler", [Handler.ECHO, Handler.UPPER, Handler.DISCARD, Handler.DAYTIME], ids=str)
def test_stream_request_handler_answers_line_by_line_from_rfile_to_wfile(handler: Handler, tmp_path: Path) -> None:
    spec = server_spec(Family.INET, SockType.STREAM, tmp_path, base=Base.STREAM, handler=handler)
    program = server_program(spec)
    assert "class EchoHandler(socketserver.StreamRequestHandler)" in program or handler is not Handler.ECHO
    with running_server(spec, tmp_path) as (proc, target):
        with socket.create_connection(target.address, timeout=5) as sock:
            if handler is Handler.DAYTIME:
                assert DAYTIME.match(sock.recv(200))
            else:
                sock.sendall(b"first line\n")
                if handler is not Handler.DISCARD:
                    # one line in, its answer out, before the client sends the next
                    expected = b"FIRST LINE\n" if handler is Handler.UPPER else b"first line\n"
                    assert sock.recv(100) == expected
                sock.sendall(b"second\nand a last without newline")
                sock.shutdown(socket.SHUT_WR)
                rest = b""
                while chunk := sock.recv(100):
                    rest += chunk
                tail = b"second\nand a last without newline"
                assert rest == {Handler.UPPER: tail.upper(), Handler.DISCARD: b""}.get(handler, tail)
        stop(proc, signal.SIGTERM)


@pytest.mark.parametrize("family", [Family.INET, Family.UNIX], ids=str)
def test_datagram_request_handler_replies_from_wfile_in_finish(family: Family, tmp_path: Path) -> None:
    spec = server_spec(family, SockType.DGRAM, tmp_path, base=Base.DATAGRAM, handler=Handler.UPPER)
    assert "class UpperHandler(socketserver.DatagramRequestHandler)" in server_program(spec)
    with running_server(spec, tmp_path) as (proc, target):
        assert run_client(target, tmp_path) == PAYLOAD.upper()
        stop(proc, signal.SIGINT)


def test_fail_in_setup_raises_there_and_handle_never_runs(tmp_path: Path) -> None:
    spec = server_spec(Family.INET, SockType.STREAM, tmp_path, fail=True, fail_in="setup")
    program = server_program(spec)
    assert "A server whose setup() fails" in program
    with running_server(spec, tmp_path) as (proc, target):
        assert run_client(target, tmp_path) == b""  # no handle(): no echo
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=10)
    assert proc.returncode == 0
    assert "RuntimeError: setup() raised on purpose" in stderr
    assert "handle() raised" not in stderr


def test_the_handle_request_loop_times_out_then_still_serves(tmp_path: Path) -> None:
    spec = server_spec(Family.INET, SockType.STREAM, tmp_path, loop=Loop.ONE_AT_A_TIME, timeout=0.3)
    program = server_program(spec)
    assert "server.handle_request()" in program and "serve_forever()" not in program.split("def main")[1]
    with running_server(spec, tmp_path) as (proc, target):
        assert read_line(proc) == "handle_timeout(): no request within 0.3 s\n"
        assert run_client(target, tmp_path) == PAYLOAD
        stop(proc, signal.SIGINT)


def test_allow_list_lets_in_only_listed_clients(tmp_path: Path) -> None:
    allowed = server_spec(Family.INET6, SockType.STREAM, tmp_path, allow=("::1/128",))
    with running_server(allowed, tmp_path) as (proc, target):
        assert run_client(target, tmp_path) == PAYLOAD
        stop(proc, signal.SIGTERM)
    refused = server_spec(Family.INET, SockType.STREAM, tmp_path, allow=("10.0.0.0/8",))
    with running_server(refused, tmp_path) as (proc, target):
        with socket.create_connection(target.address, timeout=5) as sock:
            # verify_request says no: the connection ends without a byte of reply.
            assert sock.recv(100) == b""
        stop(proc, signal.SIGTERM)


def test_timeout_ends_an_idle_connection(tmp_path: Path) -> None:
    spec = server_spec(Family.INET, SockType.STREAM, tmp_path, timeout=0.5, mixin=Mixin.THREADING)
    with running_server(spec, tmp_path) as (proc, target):
        with socket.create_connection(target.address, timeout=5) as sock:
            started = time.monotonic()
            assert sock.recv(100) == b""  # we sent nothing; the server gave up on us
            assert 0.4 <= time.monotonic() - started < 4
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=10)
    assert proc.returncode == 0
    assert "TimeoutError" in stderr


def test_printed_programs_import_only_the_standard_library_and_pass_pyflakes(tmp_path: Path) -> None:
    programs: list[str] = []
    for family, kind, mixin in COMBINATIONS:
        for handler in Handler:
            base = Base.STREAM if kind is SockType.STREAM else Base.DATAGRAM
            for extra in (
                {},
                {"fail": True},
                {"delay": 0.5, "timeout": 2.0},
                {"base": base, "fail": True, "fail_in": "setup"},
                {"base": base, "delay": 0.5, "timeout": 1.0, "loop": Loop.ONE_AT_A_TIME},
            ):
                if family is not Family.UNIX:
                    extra = {**extra, "allow": ("127.0.0.0/8",)} if handler is Handler.ECHO else extra
                if handler is Handler.RULES:
                    extra = {**extra, "rules": RULES_FOR_LINT}
                spec = server_spec(family, kind, tmp_path, mixin=mixin, handler=handler, **extra)
                programs.append(server_program(spec))
        for read in (None, 4):
            address = {"path": "/tmp/x.sock"} if family is Family.UNIX else {"host": host_of(family), "port": 9}
            programs.append(client_program(ClientSpec(family=family, type=kind, **address), b"\x00'\"", read))  # type: ignore[arg-type]
    for number, source in enumerate(programs):
        tree = ast.parse(source)
        imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        assert not {node for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert imported <= sys.stdlib_module_names, imported - sys.stdlib_module_names
        (tmp_path / f"program_{number}.py").write_text(source)
    lint = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache", "--select", "F,E9,W6", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr


def test_user_values_cannot_escape_into_the_code(tmp_path: Path) -> None:
    path = str(tmp_path / 'x"""\nimport os; os.system("false")  #.sock')
    spec = ServerSpec(family=Family.UNIX, path=path)
    tree = ast.parse(server_program(spec))
    assert {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names} == {
        "os",
        "signal",
        "socketserver",
    }
    assert repr(path) in server_program(spec)


# -- the CLI -----------------------------------------------------------------------------------


def workbench(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workbench", *args], capture_output=True, text=True, timeout=30, cwd=ROOT
    )


def test_cli_prints_the_program_without_serving(tmp_path: Path) -> None:
    with socket.socket() as busy:  # a port in use: --print-code binds nothing, so it does not care
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        served = workbench("serve", "--port", str(port), "--mixin", "forking", "--handler", "upper", "--print-code")
    assert served.returncode == 0, served.stderr
    assert served.stderr == ""
    assert "class Server(socketserver.ForkingMixIn, socketserver.TCPServer):" in served.stdout
    assert f"HOST, PORT = '127.0.0.1', {port}" in served.stdout
    sent = workbench("send", "--port", str(port), "--hex", "de ad", "--read", "2", "--print-code")
    assert sent.returncode == 0, sent.stderr
    assert "PAYLOAD = b'\\xde\\xad'" in sent.stdout and "READ = 2" in sent.stdout
    compile(served.stdout, "server.py", "exec")
    compile(sent.stdout, "client.py", "exec")


@pytest.mark.parametrize(
    "args",
    [
        ["serve", "--port", "70000"],
        ["serve", "--family", "unix"],
        ["serve", "--allow", "not-a-network"],
        ["send", "--text", "x"],
        ["send", "--port", "9", "--hex", "zz"],
        ["send", "--port", "9", "--text", "x", "--read", "-1"],
    ],
    ids=lambda args: " ".join(args),
)
def test_cli_print_code_rejects_bad_input_exactly_like_the_command(args: list[str]) -> None:
    plain, printed = workbench(*args), workbench(*args, "--print-code")
    assert printed.returncode == plain.returncode == 2
    assert printed.stderr == plain.stderr
    assert printed.stderr.count("\n") == 1 and "Traceback" not in printed.stderr
    assert printed.stdout == ""


# -- rules servers: the printed program answers as the workbench's Responder does -------------------

RULE_CASES = {
    # line frames split across sends; a regex with a group, a literal, an unmatched line, an unfinished one
    "line-raw-tcp": (
        "framing = 'line'\n[[rule]]\nname = 'ping'\nmatch = 'PING (\\d+)\\r?\\n'\nreply = 'PONG \\1\\r\\n'\n"
        "[[rule]]\nliteral = 'QUIT\\r\\n'\nreply = 'BYE\\r\\n'\n",
        {"mixin": Mixin.THREADING},
        [b"PING 1\r\nPI", b"NG 22\nHELP\n", b"QUIT\r\n", b"PING 3"],
    ),
    # a length prefix the regex sees too, a named group, a hex rule answered by the whole frame
    "length-stream-base": (
        "framing = 'length:u16be'\n[[rule]]\nmatch = '..GET (?P<key>\\w+)'\nreply = 'VALUE=\\g<key>;'\n"
        "[[rule]]\nhex = '00 01 ff'\nreply = '\\g<0>\\x00'\ndelay = 0.05\n",
        {"base": Base.STREAM},
        [b"\x00\x07GET ab", b"c\x00\x01\xff\x00\x03zzz\x00\x05GET x", b"y"],
    ),
    # raw chunks on a unix stream socket: one send, one frame (each waits for its answer)
    "raw-unix": (
        "framing = 'raw'\n[[rule]]\nmatch = '(?i)hello.*'\nreply = 'hi, \\g<0>'\n",
        {"family": Family.UNIX},
        [b"Hello there", b"nothing", b"hello again"],
    ),
}
DATAGRAM_CASES = {
    # frames never span datagrams: the unfinished tail of each gets no reply
    "delimiter-udp-base": (
        "framing = 'delimiter:\\x03'\n[[rule]]\nliteral = 'A\\x03'\nreply = 'got A'\n"
        "[[rule]]\nmatch = '(.)\\x03'\nreply = 'other \\1'\n",
        {},
        [b"A\x03B\x03C", b"A\x03", b"\x03"],
    ),
    # DatagramRequestHandler: every reply to one datagram goes back as one datagram
    "fixed-udp-datagram-base": (
        "framing = 'fixed:2'\n[[rule]]\nmatch = '(.)(.)'\nreply = '\\2\\1'\n",
        {"base": Base.DATAGRAM},
        [b"abcd", b"xyz"],
    ),
}


def expected_stream(rules_text: str, chunks: list[bytes]) -> bytes:
    from workbench.rules import Responder

    spec = ServerSpec(handler=Handler.RULES, rules=rules_text)
    rules = spec.parse_rules()
    assert rules is not None
    responder = Responder(rules)
    replies = [r.data for chunk in chunks for r in responder.feed(chunk)] + [r.data for r in responder.flush()]
    return b"".join(data for data in replies if data is not None)


@pytest.mark.parametrize("case", RULE_CASES, ids=list(RULE_CASES))
def test_a_printed_rules_server_answers_a_stream_as_the_workbench_does(case: str, tmp_path: Path) -> None:
    rules_text, given, chunks = RULE_CASES[case]
    options = dict(given)  # type: ignore[call-overload]
    family = options.pop("family", Family.INET)
    spec = server_spec(family, SockType.STREAM, tmp_path, handler=Handler.RULES, rules=rules_text, **options)
    with running_server(spec, tmp_path) as (proc, target):
        address = target.path if family is Family.UNIX else (target.host, target.port)
        with socket.socket(getattr(socket, family.label), socket.SOCK_STREAM) as sock:
            sock.settimeout(5)
            sock.connect(address)
            got = b""
            for chunk in chunks:
                sock.sendall(chunk)
                if "raw" in case:  # a raw frame is one recv(): wait for its answer (or its silence)
                    sock.settimeout(0.3)
                    try:
                        got += sock.recv(65536)
                    except TimeoutError:
                        pass
                    sock.settimeout(5)
                else:
                    time.sleep(0.05)
            sock.shutdown(socket.SHUT_WR)
            while data := sock.recv(65536):
                got += data
        stop(proc, signal.SIGINT)
    assert got == expected_stream(rules_text, chunks)
    assert got, "the case is meant to get some answer"


@pytest.mark.parametrize("case", DATAGRAM_CASES, ids=list(DATAGRAM_CASES))
def test_a_printed_rules_server_answers_datagrams_as_the_workbench_does(case: str, tmp_path: Path) -> None:
    from workbench.rules import Responder

    rules_text, options, datagrams = DATAGRAM_CASES[case]
    spec = server_spec(Family.INET, SockType.DGRAM, tmp_path, handler=Handler.RULES, rules=rules_text, **options)
    rules = spec.parse_rules()
    assert rules is not None
    one_datagram = options.get("base") is Base.DATAGRAM
    expected: list[bytes] = []
    for datagram in datagrams:
        replies = [r.data for r in Responder(rules).feed_datagram(datagram) if r.data is not None]
        expected += [b"".join(replies)] if one_datagram else replies
    with running_server(spec, tmp_path) as (proc, target):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.settimeout(0.5)
            got: list[bytes] = []
            for datagram in datagrams:
                sock.sendto(datagram, (target.host, target.port))
                try:
                    while True:
                        got.append(sock.recv(65536))
                except TimeoutError:
                    pass
        stop(proc, signal.SIGTERM)
    assert got == expected and expected


@pytest.mark.parametrize(
    "pattern", ["PING (\\d+)\\n", "it's", "x'\\); __import__(\"os\").system(\"false\") #", "a\\tb"]
)
def test_a_rules_pattern_enters_the_program_as_one_string_literal(pattern: str, tmp_path: Path) -> None:
    from workbench.rules import Rule, RuleSet
    from workbench.rulesfile import rules_table
    from workbench.tomlwrite import dumps

    rules_text = dumps(rules_table(RuleSet("line", (Rule("regex", pattern, "ok"),))))
    tree = ast.parse(server_program(ServerSpec(handler=Handler.RULES, rules=rules_text)))
    compiles = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "compile"]
    assert len(compiles) == 1 and ast.literal_eval(compiles[0].args[0]) == pattern
    assert not [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "system"]

"""Workspaces as files: what save writes loads back equal, and every broken file is one clear line."""

from __future__ import annotations

import os
import re
import string
from dataclasses import fields
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench import tomlwrite
from workbench.hexfmt import encode_payload, escape_bytes
from workbench.spec import ClientSpec, Family, Handler, Mixin, ServerSpec, SockType
from workbench.workspace import (
    MAX_FILE_BYTES,
    PORT_UNTIL_RUN,
    ClientForm,
    SavedPacket,
    Workspace,
    WorkspaceClient,
    WorkspaceError,
    WorkspaceServer,
    dumps,
    load,
    loads,
    save,
)

ROOT = Path(__file__).resolve().parents[2]
PONG_RULES = "framing = 'line'\n[[rule]]\nname = 'ping'\nmatch = 'PING (\\d+)\\r?\\n'\nreply = 'PONG \\1\\n'\n"


def full_workspace(tmp_path: Path) -> Workspace:
    servers = (
        WorkspaceServer("echo", ServerSpec(port=0, mixin=Mixin.THREADING, delay=0.25)),
        WorkspaceServer("pong", ServerSpec(handler=Handler.RULES, rules=PONG_RULES, allow=("127.0.0.0/8",))),
        WorkspaceServer(
            "udp six", ServerSpec(family=Family.INET6, type=SockType.DGRAM, host="::1", port=0, timeout=2.5),
            start=False,
        ),
        WorkspaceServer("unix", ServerSpec(family=Family.UNIX, path=str(tmp_path / "s.sock"), backlog=1)),
    )
    clients = (
        WorkspaceClient("to echo", ClientSpec(port=41234), server="echo", payload="hello\r\n"),
        WorkspaceClient("fixed", ClientSpec(port=9000, timeout=None), connect=False, payload="de ad", format="hex"),
        WorkspaceClient("udp", ClientSpec(family=Family.INET6, type=SockType.DGRAM, host="::1", port=5000)),
    )
    packets = (
        SavedPacket("ping", "PING 1", ending="crlf", checksum="CRC-16/MODBUS"),
        SavedPacket("binary", "00 01 ff", format="hex", checksum="CRC-32", byteorder="little"),
        SavedPacket("escaped", "GET / HTTP/1.1\\r\\n\\r\\n", format="escape"),
    )
    form = ClientForm(ClientSpec(port=PORT_UNTIL_RUN), server="pong", payload="PING 42\\n", format="escape")
    return Workspace(servers, clients, packets, ServerSpec(port=8000, handler=Handler.UPPER), form)


# -- round trips ------------------------------------------------------------------------------------


def test_what_save_writes_loads_back_equal(tmp_path: Path) -> None:
    ws = full_workspace(tmp_path)
    path = tmp_path / "work.toml"
    assert save(path, ws) == str(path)
    assert load(path) == ws
    # every server started again has the very spec it was saved with, rules included
    pong = load(path).server("pong")
    assert pong is not None and pong.spec.parse_rules().first_match(b"PING 42\n") == (0, b"PONG 42\n")


def test_the_file_is_readable_toml_with_the_regex_as_typed(tmp_path: Path) -> None:
    text = dumps(full_workspace(tmp_path))
    assert text.startswith("# Socket Workbench workspace")
    assert "match = 'PING (\\d+)\\r?\\n'" in text  # single quotes: the backslashes as the rule has them
    assert '[[servers]]\nname = "echo"' in text
    assert "[servers.rules]" in text and "[[servers.rules.rule]]" in text
    assert 'payload = "hello\\r\\n"' in text  # a real CR LF in text mode, written as escapes
    assert "timeout = 0" in text  # the client without a timeout (None), as the form says it


def test_a_client_aimed_at_a_server_takes_its_address_from_it() -> None:
    ws = loads('version = 1\n[[servers]]\nname = "e"\nhost = "0.0.0.0"\nport = 7000\n[[clients]]\nname = "c"\nserver = "e"\n')
    client = ws.clients[0]
    assert (client.server, client.spec.host, client.spec.port) == ("e", "127.0.0.1", 7000)
    assert loads(dumps(ws)) == ws and "port" not in dumps(ws).split("[[clients]]")[1]


def test_a_client_of_a_server_on_port_0_waits_for_its_port() -> None:
    ws = loads('version = 1\n[[servers]]\nname = "e"\n[[clients]]\nname = "c"\nserver = "e"\n')
    assert ws.clients[0].spec.port == PORT_UNTIL_RUN
    assert loads(dumps(ws)) == ws


def test_crlf_files_and_a_byte_order_mark_load_the_same(tmp_path: Path) -> None:
    ws = full_workspace(tmp_path)
    text = dumps(ws)
    windows = tmp_path / "windows.toml"
    windows.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert load(windows) == ws


names = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Co", "Cn")), min_size=1, max_size=20).filter(
    lambda s: bool(s.strip()) and s.isprintable()
)


@st.composite
def packets(draw: st.DrawFn) -> SavedPacket:
    kind = draw(st.sampled_from(["text", "hex", "escape"]))
    if kind == "hex":
        payload = draw(st.binary(max_size=64)).hex(" ")
    elif kind == "escape":
        payload = escape_bytes(draw(st.binary(max_size=64)))
    else:
        payload = draw(st.text(st.characters(blacklist_categories=("Cs",)), max_size=40))
        payload += draw(st.sampled_from(["", "\r\n", "\n", "\r"]))
    return SavedPacket(
        draw(names),
        payload,
        kind,
        draw(st.sampled_from(["none", "lf", "crlf", "cr"])),
        draw(st.sampled_from(["", "CRC-16/MODBUS", "CRC-32", "XOR8"])),
        draw(st.sampled_from(["", "big", "little"])),
    )


def unique(items: list[SavedPacket]) -> tuple[SavedPacket, ...]:
    seen: dict[str, SavedPacket] = {}
    for item in items:
        seen.setdefault(item.name, item)
    return tuple(seen.values())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(packets(), max_size=6).map(unique),
    names,
    st.integers(0, 65535),
    st.sampled_from(list(Mixin)),
    st.one_of(st.none(), st.floats(0.001, 999, allow_nan=False)),
)
def test_property_any_workspace_round_trips(
    tmp_path: Path, saved: tuple[SavedPacket, ...], server_name: str, port: int, mixin: Mixin, timeout: float | None
) -> None:
    server = WorkspaceServer(server_name, ServerSpec(port=port, mixin=mixin))
    client = WorkspaceClient(server_name, ClientSpec(port=port or 1, timeout=timeout), server=server_name)
    ws = Workspace((server,), (client,), saved)
    path = tmp_path / "p.toml"
    save(path, ws)
    assert load(path) == ws
    for packet in load(path).packets:  # the bytes each packet means survive too
        original = next(p for p in saved if p.name == packet.name)
        assert encode_payload(packet.payload, packet.format) == encode_payload(original.payload, original.format)


def test_the_writer_round_trips_what_tomllib_reads() -> None:
    import tomllib

    document = {
        "a": "it's \\ \"quoted\"\t\x01\x7f",
        "b": [1, 2.5, True, "x"],
        "nested": {"k-1": 1, "deep": {"z": "é"}},
        "list": [{"n": 1, "sub": {"v": 1e-05}}, {"n": 2, "items": [{"x": 1}]}],
        "odd key": "ünï",
    }
    assert tomllib.loads(tomlwrite.dumps(document, "a\nheader")) == document
    with pytest.raises(TypeError):
        tomlwrite.dumps({"x": float("nan")})
    with pytest.raises(TypeError):
        tomlwrite.dumps({"x": object()})


# -- broken files: one clear line each --------------------------------------------------------------

HEAD = "version = 1\n"
BROKEN = [
    ("", "a workspace file says which version it is: put version = 1 at its top"),
    ("framing = 'line'\n[[rule]]\nmatch = 'x'\nreply = 'y'\n", "this is a rules file (framing and [[rule]] tables), not a workspace: give it to a server as its rules"),
    ("version = '1'\n", "version: the version is a whole number (version = 1), not text"),
    ("version = 2\n", "version: this workspace is version 2, written by a newer Socket Workbench; this one reads version 1"),
    ("version = 0\n", "version: there is no workspace version 0; this Socket Workbench reads version 1"),
    ("version = 1\nversion = 1\n", "not valid TOML: Cannot overwrite a value (at line 2, column 12)"),
    (HEAD + "server = []\n", "server: unknown key 'server': did you mean 'servers'?"),
    (HEAD + "colour = 1\n", "colour: unknown key 'colour'; here the keys are: version, servers, clients, packets, form"),
    (HEAD + "[servers]\nname = 'a'\n", "servers: write each entry as a [[servers]] table, with two brackets: [servers] makes a single table, not a list"),
    (HEAD + "servers = [1, 2]\n", "servers: servers are written as [[servers]] tables, one per entry"),
    (HEAD + "[[servers]]\nport = 1\n", 'servers[1].name: every entry needs a name (name = "...")'),
    (HEAD + "[[servers]]\nname = 5\n", "servers[1].name: must be text in quotes, not a number"),
    (HEAD + "[[servers]]\nname = '  '\n", "servers[1].name: a name cannot be empty"),
    (HEAD + "[[servers]]\nname = \"a\\u0007b\"\n", "servers[1].name: a name is one line of visible characters, not 'a\\x07b'"),
    (HEAD + "[[servers]]\nname = 'a'\n[[servers]]\nname = 'b'\nport = 70000\n", "servers[2].port: port must be 0-65535 (0 picks a free port), not 70000"),
    (HEAD + "[[servers]]\nname = 'a'\n[[servers]]\nname = 'a'\n", "servers[2].name: the name 'a' is already used by servers[1]: give each entry its own"),
    (HEAD + "[[servers]]\nname = 'a'\nprot = 80\n", "servers[1].prot: unknown key 'prot': did you mean 'port'?"),
    (HEAD + "[[servers]]\nname = 'a'\nstart = 'yes'\n", "servers[1].start: must be true or false, not text"),
    (HEAD + "[[servers]]\nname = 'a'\nmixin = 'threads'\n", "servers[1].mixin: mixin must be one of none, threading, forking, not 'threads'"),
    (HEAD + "[[servers]]\nname = 'a'\nhost = '::1'\n", "servers[1].host: ::1 is an IPv6 address; choose AF_INET6 or an IPv4 address"),
    (HEAD + "[[servers]]\nname = 'a'\nhandler = 'rules'\n", None),
    (HEAD + "[[servers]]\nname = 'a'\nhandler = 'rules'\nrules = 5\n", "servers[1].rules: rules are a table (framing and [[rule]] tables under it) or the text of a rules file, not a number"),
    (HEAD + "[[servers]]\nname = 'a'\nhandler = 'rules'\n[servers.rules]\n[[servers.rules.rule]]\nname = 'p'\nmatch = 'PING ('\nreply = ''\n", 'servers[1].rules: rule 1 ("p"): bad regex: missing ), unterminated subpattern at position 5'),
    (HEAD + "[[servers]]\nname = 'a'\nhandler = 'rules'\n[servers.rules]\nframing = 'lines'\n", None),
    (HEAD + "[[clients]]\nname = 'c'\n", "clients[1].port: the client needs the server's port (1-65535); 0 only makes sense for a server"),
    (HEAD + "[[clients]]\nname = 'c'\nserver = 'echo'\n", "clients[1].server: this workspace has no server named 'echo' (its servers: -)"),
    (HEAD + "[[servers]]\nname = 'u'\ntype = 'dgram'\n[[clients]]\nname = 'c'\nserver = 'u'\ntype = 'stream'\n", "clients[1].type: the server 'u' is AF_INET SOCK_DGRAM: a client aimed at it has the same family and type"),
    (HEAD + "[[clients]]\nname = 'c'\nport = 80\nformat = 'hex'\npayload = 'zz'\n", None),
    (HEAD + "[[clients]]\nname = 'c'\nport = 80\ntimeout = -1\n", None),
    (HEAD + "[[packets]]\nname = 'p'\n", "packets[1].payload: a saved packet needs a payload (payload = '...')"),
    (HEAD + "[[packets]]\nname = 'p'\npayload = 'x'\nformat = 'escapes'\n", "packets[1].format: 'escapes' is not one of the choices: did you mean 'escape'?"),
    (HEAD + "[[packets]]\nname = 'p'\npayload = 'x'\nending = 2\n", "packets[1].ending: must be one of 'none', 'lf', 'crlf', 'cr', not a number"),
    (HEAD + "[[packets]]\nname = 'p'\npayload = 'x'\nending = 'windows'\n", "packets[1].ending: must be one of 'none', 'lf', 'crlf', 'cr', not 'windows'"),
    (HEAD + "[[packets]]\nname = 'p'\npayload = 'x'\nchecksum = 'md5'\n", None),
    (HEAD + "[[packets]]\nname = 'p'\npayload = 'x'\n[[packets]]\nname = 'p'\npayload = 'y'\n", "packets[2].name: the name 'p' is already used by packets[1]: give each entry its own"),
    (HEAD + "form = 1\n", "form: must be a table of settings, not a number"),
    (HEAD + "[form.server]\nname = 'x'\n", "form.server.name: unknown key 'name'; here the keys are: " + ", ".join(f.name for f in fields(ServerSpec))),
    (HEAD + "[form.client]\nport = 1\nconnect = true\n", None),
    (HEAD + "servers = [" + ", ".join([f"{{name = 'x{i}'}}" for i in range(65)]) + "]\n", "servers: 65 servers entries: a workspace holds at most 64"),
]


@pytest.mark.parametrize(("text", "expected"), BROKEN, ids=[f"broken-{i}" for i in range(len(BROKEN))])
def test_each_broken_file_gives_its_one_clear_line(tmp_path: Path, text: str, expected: str | None) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(WorkspaceError) as caught:
        load(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    assert "Traceback" not in message
    if expected is not None:
        assert message == f"{path}: {expected}"
    else:  # the engine's own message, placed at the entry and key at fault
        assert re.match(rf"{re.escape(str(path))}: (servers|clients|packets|form)(\[\d+\])?(\.\w+)+: \S", message), message
    chinese = caught.value.text("zh_CN")
    assert chinese.startswith(f"{path}：") and re.search(r"[\u4e00-\u9fff]", chinese), chinese


def test_the_messages_say_where_in_chinese_too(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError) as caught:
        loads(HEAD + "[[servers]]\nname = 'a'\n[[servers]]\nname = 'b'\nport = 70000\n")
    assert caught.value.text("zh_CN") == "servers[2].port：端口必须在 0-65535 之间（填 0 让系统挑一个空闲端口），而不是 70000"
    assert caught.value.where == "servers[2].port" and caught.value.code == "spec.port.range"


def test_files_that_are_not_workspaces(tmp_path: Path) -> None:
    missing = tmp_path / "none.toml"
    with pytest.raises(WorkspaceError, match=r"none\.toml: cannot be read: No such file or directory$"):
        load(missing)
    binary = tmp_path / "session.swb"
    binary.write_bytes(b"SWB\x00\xff\xfe" * 10)
    with pytest.raises(WorkspaceError, match=r"is not UTF-8 text \(byte ff at position 4\): is it a workspace\?$"):
        load(binary)
    code = tmp_path / "code.toml"
    code.write_text("import os\nos.system('echo owned')\n", encoding="utf-8")
    with pytest.raises(WorkspaceError, match="not valid TOML"):
        load(code)
    huge = tmp_path / "huge.toml"
    huge.write_bytes(b"version = 1\n" + b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    with pytest.raises(WorkspaceError, match=r"is larger than 4 MiB, the most a workspace file may hold$"):
        load(huge)


def test_a_fuzzed_value_anywhere_is_a_clear_line_never_a_traceback() -> None:
    keys = {
        "servers": ["name", "start", "family", "type", "host", "port", "path", "backlog", "mixin", "handler", "delay",
                    "fail", "allow_reuse_address", "timeout", "allow", "base", "fail_in", "loop", "rules", "tls",
                    "join", "join_interface"],
        "clients": ["name", "connect", "server", "payload", "format", "family", "type", "host", "port", "path",
                    "timeout", "tls", "tls_verify", "tls_ca", "broadcast", "multicast_ttl", "multicast_loop",
                    "multicast_interface"],
        "packets": ["name", "payload", "format", "ending", "checksum", "byteorder"],
    }  # fmt: skip
    literals = st.one_of(
        st.integers(-(2**63), 2**63 - 1).map(str), st.floats(allow_nan=False, allow_infinity=False).map(repr),
        st.sampled_from(["true", "false", "{}", "{a = 1}", "1979-05-27", "[[1]]", "[]", "['a', 1]", "''", "'rules'"]),
        st.text(string.printable, max_size=12).map(tomlwrite._value),
        st.lists(st.integers(-5, 70000), max_size=3).map(tomlwrite._value),
    )  # fmt: skip

    @settings(max_examples=400, deadline=None)
    @given(st.sampled_from(sorted(keys)), st.data())
    def check(table: str, data: st.DataObject) -> None:
        chosen = data.draw(st.lists(st.sampled_from(keys[table]), min_size=1, max_size=4, unique=True))
        lines = [f"[[{table}]]", *(f"{key} = {data.draw(literals)}" for key in chosen)]
        try:
            loads("version = 1\n" + "\n".join(lines) + "\n")
        except WorkspaceError as exc:
            assert exc.code != "workspace.bad_value", f"a value no check foresaw: {exc}"
            assert "\n" not in str(exc) and str(exc)

    check()


# -- saving ---------------------------------------------------------------------------------------


def test_save_is_atomic_and_refuses_what_would_not_load_back(tmp_path: Path) -> None:
    path = tmp_path / "w.toml"
    save(path, full_workspace(tmp_path))
    before = path.read_bytes()
    bad = Workspace(packets=(SavedPacket("line\nbreak", "x"),))
    with pytest.raises(WorkspaceError, match=r"w\.toml: not saved, because it would not open again: packets\[1\]\.name: a name is one line"):
        save(path, bad)
    twice = Workspace(servers=(WorkspaceServer("a", ServerSpec()), WorkspaceServer("a", ServerSpec())))
    with pytest.raises(WorkspaceError, match="already used by servers"):
        save(path, twice)
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["w.toml"]  # no temporary file left behind


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_save_into_a_folder_it_cannot_write(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(WorkspaceError, match=r"could not be written: Permission denied$"):
            save(folder / "w.toml", Workspace())
    finally:
        folder.chmod(0o700)


def test_save_onto_a_folder_says_so(tmp_path: Path) -> None:
    (tmp_path / "w.toml").mkdir()
    with pytest.raises(WorkspaceError, match=r"w\.toml: could not be written: Is a directory$"):
        save(tmp_path / "w.toml", Workspace())
    assert [p.name for p in tmp_path.iterdir()] == ["w.toml"]


# -- the documentation ----------------------------------------------------------------------------


def test_the_example_in_the_docs_loads() -> None:
    doc = (ROOT / "docs" / "WORKSPACES.md").read_text(encoding="utf-8")
    example = re.search(r"```toml\n(version = 1\n.*?)```", doc, re.S)
    assert example is not None
    ws = loads(example.group(1))
    assert [s.name for s in ws.servers] and [c.name for c in ws.clients] and ws.packets
    assert loads(dumps(ws)) == ws

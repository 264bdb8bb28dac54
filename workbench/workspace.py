"""Workspaces: the servers, clients, saved packets and forms of a piece of work, kept in a TOML file.

A workspace is data (docs/WORKSPACES.md is the reference, with an example)::

    version = 1

    [[servers]]              # started in this order when the workspace is opened
    name = "echo"            # required, unique among the servers
    start = true             # start it on open (default true)
    family = "inet"          # any ServerSpec field, as ServerSpec.to_dict() writes it
    port = 0
    [servers.rules]          # handler = "rules": a rules file's framing and [[servers.rules.rule]]
                             # tables (workbench.rulesfile), or rules = '...', a rules file's text

    [[clients]]
    name = "client-1"        # required, unique among the clients
    connect = true           # connect it on open (default true); false: only create its socket
    server = "echo"          # optional: aim at that server of this workspace once it runs
    host = "127.0.0.1"       # any ClientSpec field; timeout = 0 means no timeout
    port = 9000

    [[packets]]              # saved packets
    name = "ping"
    payload = 'PING 1'       # the payload as typed, in its format: "text", "hex" or "escape"
    ending = "crlf"          # "none", "lf", "crlf" or "cr"; checksum = "CRC-16/MODBUS", ...

    [form.server]            # what the server form shows (ServerSpec fields; never started)
    [form.client]            # what the client form shows: ClientSpec fields, server, payload, format

load() reads and checks the whole file before anything uses it, and raises one WorkspaceError
whose text says where and what, in English or Chinese: ``ws.toml: servers[2].port: port must
be 0-65535 (0 picks a free port), not 70000``. Entries count from 1: ``servers[2]`` is the
second ``[[servers]]`` table. save() writes a file load() reads back equal
(``load(save(p, ws)) == ws``), atomically: a temporary file in the same folder, then a rename.
The file is parsed with tomllib, never run; at most MAX_FILE_BYTES.

A client whose ``server`` names a server of the workspace takes its family, type and address
from that server when they are left out, and is aimed at the server's bound address when both
run (a server on port 0 gets a new port each time). Until then, one whose server listens on port
0 carries PORT_UNTIL_RUN, a placeholder that is never connected to and never written.
"""

from __future__ import annotations

import dataclasses
import difflib
import enum
import os
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from workbench.errors import WorkbenchError
from workbench.messages import Localized, Message, render
from workbench.spec import ClientSpec, Family, ServerSpec, SockType

VERSION = 1
MAX_FILE_BYTES = 4 << 20
MAX_SERVERS = 64
MAX_CLIENTS = 64
#: The same limits as the window's saved packets (ui/packets.py), so every packet loaded fits there.
MAX_PACKETS = 500
MAX_PAYLOAD = 64 << 10
MAX_NAME = 80
FORMATS = ("text", "hex", "escape")
ENDINGS = ("none", "lf", "crlf", "cr")
BYTEORDERS = ("", "big", "little")
#: A linked client's port while its server (on port 0) has not run yet; see the module docstring.
PORT_UNTIL_RUN = 1
HEADER = "Socket Workbench workspace: see docs/WORKSPACES.md. It is data: read, never run."

_SERVER_FIELDS = tuple(f.name for f in dataclasses.fields(ServerSpec))
_CLIENT_FIELDS = tuple(f.name for f in dataclasses.fields(ClientSpec))
_ADDRESS = ("family", "type", "host", "port", "path")
TOP_KEYS = ("version", "servers", "clients", "packets", "form")
SERVER_KEYS = ("name", "start", *_SERVER_FIELDS)
CLIENT_KEYS = ("name", "connect", "server", "payload", "format", *_CLIENT_FIELDS)
PACKET_KEYS = ("name", "payload", "format", "ending", "checksum", "byteorder")
FORM_KEYS = ("server", "client")
FORM_SERVER_KEYS = _SERVER_FIELDS
FORM_CLIENT_KEYS = ("server", "payload", "format", *_CLIENT_FIELDS)


class WorkspaceError(WorkbenchError):
    """A workspace that cannot be read or written, in one line: ``[path: ][where: ]problem``.

    ``where`` is the table and key at fault (``servers[2].port``; None for the file as a whole),
    ``problem`` the engine error found there (a SpecError, a RulesError, ...) when there is one,
    ``code`` and ``params`` the problem's. ``text(lang)`` is the line in ``lang``.
    """

    def __init__(
        self,
        code: str,
        /,
        *,
        where: str | None = None,
        path: str | None = None,
        problem: Localized | None = None,
        field: str | None = None,
        **params: Any,
    ) -> None:
        super().__init__(code, field=field, **params)
        self.where = where
        self.path = path
        self.problem = problem
        self.args = (self.text("en"),)

    def problem_text(self, lang: str | None = None) -> str:
        """The problem in ``lang`` without where it is."""
        if self.problem is not None:
            return self.problem.text(lang)
        return render(self.code, self.params, lang)

    def text(self, lang: str | None = None) -> str:
        line = self.problem_text(lang)
        if self.where:
            line = render("workspace.at", {"where": self.where, "message": line}, lang)
        if self.path:
            line = render("workspace.in_file", {"path": self.path, "message": line}, lang)
        return line

    def located(self, *, where: str | None = None, path: str | None = None) -> WorkspaceError:
        return WorkspaceError(
            self.code,
            where=self.where if where is None else where,
            path=self.path if path is None else path,
            problem=self.problem,
            field=self.field,
            **self.params,
        )


def _wrap(error: WorkbenchError, where: str) -> WorkspaceError:
    params = {k: v for k, v in error.params.items() if k not in ("where", "path", "problem", "field")}
    return WorkspaceError(error.code, where=where, problem=error, field=error.field, **params)


# -- what a workspace holds ---------------------------------------------------------------------


@dataclass(frozen=True)
class WorkspaceServer:
    """A server of the workspace: its spec (its rules inside, when it has some) and whether to start it."""

    name: str
    spec: ServerSpec
    start: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "spec", _canonical_rules(self.spec))


@dataclass(frozen=True)
class WorkspaceClient:
    """A client of the workspace: where it connects, whether to connect on open, a payload for the form."""

    name: str
    spec: ClientSpec
    connect: bool = True
    #: the name of a server of this workspace the client is aimed at once that server runs
    server: str | None = None
    payload: str | None = None
    format: str = "text"


@dataclass(frozen=True)
class ClientForm:
    """What the client form shows: where it aims (None: keep the form's own), the payload."""

    spec: ClientSpec | None = None
    server: str | None = None
    payload: str = ""
    format: str = "text"

    def __post_init__(self) -> None:
        if self.spec is None and self.server is not None:
            raise ValueError("a client form aimed at a server has that server's address: give its spec")


@dataclass(frozen=True)
class SavedPacket:
    """A saved packet: the payload as typed in its format, the line ending and checksum it is sent with."""

    name: str
    payload: str
    format: str = "text"
    ending: str = "none"
    checksum: str = ""  # "" or a name from workbench.checksum.ALGORITHMS
    byteorder: str = ""  # "": the checksum's own convention


@dataclass(frozen=True)
class Workspace:
    servers: tuple[WorkspaceServer, ...] = ()
    clients: tuple[WorkspaceClient, ...] = ()
    packets: tuple[SavedPacket, ...] = ()
    server_form: ServerSpec | None = None
    client_form: ClientForm | None = None
    version: int = VERSION

    def __post_init__(self) -> None:
        for name in ("servers", "clients", "packets"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        if self.server_form is not None:
            object.__setattr__(self, "server_form", _canonical_rules(self.server_form))

    def server(self, name: str) -> WorkspaceServer | None:
        return next((s for s in self.servers if s.name == name), None)

    def summary(self) -> Message:
        """One line: how many servers (to start), clients (to connect) and saved packets."""
        return Message(
            "workspace.summary",
            {
                "servers": len(self.servers),
                "start": sum(s.start for s in self.servers),
                "clients": len(self.clients),
                "connect": sum(c.connect for c in self.clients),
                "packets": len(self.packets),
            },
        )


def _canonical_rules(spec: ServerSpec) -> ServerSpec:
    """The spec with its rules text as the rules file writer writes it, so a saved workspace loads equal."""
    if not spec.rules:
        return spec
    from workbench.rulesfile import dump_rules, parse_rules

    text = dump_rules(parse_rules(spec.rules))
    return spec if text == spec.rules else dataclasses.replace(spec, rules=text)


def connect_host(host: str) -> str:
    """Where a client on this machine reaches a server bound to ``host`` (all interfaces: loopback)."""
    return {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1"}.get(host, host)


# -- reading --------------------------------------------------------------------------------------


def load(path: str | os.PathLike[str]) -> Workspace:
    """Read and check a workspace file; WorkspaceError, whose text starts with the path, for any problem."""
    source = os.fspath(path)
    try:
        with open(path, "rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise WorkspaceError("workspace.file.unreadable", path=source, reason=exc.strerror or str(exc)) from None
    if len(raw) > MAX_FILE_BYTES:
        raise WorkspaceError("workspace.file.too_big", path=source, limit=MAX_FILE_BYTES >> 20)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise WorkspaceError(
            "workspace.file.not_utf8", path=source, byte=f"{raw[exc.start]:02x}", position=exc.start
        ) from None
    try:
        return loads(text)
    except WorkspaceError as exc:
        raise exc.located(path=source) from None


def loads(text: str) -> Workspace:
    """Check the text of a workspace file (WorkspaceError without a path for any problem)."""
    if len(text) > MAX_FILE_BYTES:
        raise WorkspaceError("workspace.file.too_big", limit=MAX_FILE_BYTES >> 20)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise WorkspaceError("workspace.file.toml", reason=str(exc)) from None
    try:
        return from_document(document)
    except WorkspaceError:
        raise
    except WorkbenchError as exc:  # pragma: no cover - every check below locates its errors
        raise _wrap(exc, "") from None
    except (TypeError, ValueError, AttributeError, KeyError, OverflowError) as exc:
        # A value no check foresaw (the fuzz tests look for these): still one line, never a traceback.
        raise WorkspaceError("workspace.bad_value", reason=f"{type(exc).__name__}: {exc}") from None


def from_document(document: Mapping[str, Any]) -> Workspace:
    """The workspace in a parsed TOML document; WorkspaceError for the first problem found."""
    if "version" not in document:
        if "rule" in document or "framing" in document:
            raise WorkspaceError("workspace.rules_file")
        raise WorkspaceError("workspace.version.missing")
    _refuse_unknown(document, TOP_KEYS, "")
    version = document["version"]
    if isinstance(version, bool) or not isinstance(version, int):
        raise WorkspaceError("workspace.version.type", where="version", type=_type(version))
    if version > VERSION:
        raise WorkspaceError("workspace.version.newer", where="version", version=version, supported=VERSION)
    if version < 1:
        raise WorkspaceError("workspace.version.range", where="version", version=version, supported=VERSION)
    server_tables = _tables(document, "servers", MAX_SERVERS)
    servers = tuple(_server(t, f"servers[{i}]") for i, t in enumerate(server_tables, 1))
    _unique(servers, "servers")
    by_name = {s.name: s for s in servers}
    clients = tuple(_client(t, f"clients[{i}]", by_name) for i, t in enumerate(_tables(document, "clients", MAX_CLIENTS), 1))
    _unique(clients, "clients")
    packets = tuple(_packet(t, f"packets[{i}]") for i, t in enumerate(_tables(document, "packets", MAX_PACKETS), 1))
    _unique(packets, "packets")
    server_form = client_form = None
    if "form" in document:
        form = document["form"]
        if not isinstance(form, dict):
            raise WorkspaceError("workspace.type.table", where="form", type=_type(form))
        _refuse_unknown(form, FORM_KEYS, "form")
        if "server" in form:
            table = _table(form["server"], "form.server")
            _refuse_unknown(table, FORM_SERVER_KEYS, "form.server")
            server_form = _server_spec(table, "form.server")
        if "client" in form:
            client_form = _client_form(_table(form["client"], "form.client"), "form.client", by_name)
    return Workspace(servers, clients, packets, server_form, client_form, version)


def _tables(document: Mapping[str, Any], key: str, limit: int) -> list[dict[str, Any]]:
    value = document.get(key, [])
    if isinstance(value, dict):
        raise WorkspaceError("workspace.type.single_table", where=key, key=key)
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise WorkspaceError("workspace.type.table_list", where=key, key=key)
    if len(value) > limit:
        raise WorkspaceError("workspace.too_many", where=key, key=key, count=len(value), limit=limit)
    return value


def _table(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise WorkspaceError("workspace.type.table", where=where, type=_type(value))
    return value


def _refuse_unknown(table: Mapping[str, Any], known: tuple[str, ...], where: str) -> None:
    for key in table:
        if key not in known:
            shown = key if key.isprintable() else repr(key)
            at = f"{where}.{shown}" if where else shown
            close = difflib.get_close_matches(key, known, n=1)
            if close:
                raise WorkspaceError("workspace.unknown_key.close", where=at, key=shown, close=close[0])
            raise WorkspaceError("workspace.unknown_key", where=at, key=shown, keys=", ".join(known))


def _type(value: object) -> Message:
    from workbench.rules import type_name

    return type_name(value)


def _name(table: Mapping[str, Any], where: str) -> str:
    if "name" not in table:
        raise WorkspaceError("workspace.name.missing", where=f"{where}.name")
    name = table["name"]
    at = f"{where}.name"
    if not isinstance(name, str):
        raise WorkspaceError("workspace.type.text", where=at, type=_type(name))
    if not name.strip():
        raise WorkspaceError("workspace.name.empty", where=at)
    if len(name) > MAX_NAME:
        raise WorkspaceError("workspace.name.long", where=at, length=len(name), limit=MAX_NAME)
    if not name.isprintable():
        raise WorkspaceError("workspace.name.control", where=at, name=repr(name))
    return name


def _flag(table: Mapping[str, Any], key: str, where: str, default: bool) -> bool:
    value = table.get(key, default)
    if not isinstance(value, bool):
        raise WorkspaceError("workspace.type.flag", where=f"{where}.{key}", type=_type(value))
    return value


def _choice(table: Mapping[str, Any], key: str, choices: tuple[str, ...], where: str, default: str) -> str:
    value = table.get(key, default)
    if isinstance(value, str) and value in choices:
        return value
    at, options = f"{where}.{key}", ", ".join(repr(c) for c in choices)
    if not isinstance(value, str):
        raise WorkspaceError("workspace.choice.type", where=at, choices=options, type=_type(value))
    close = difflib.get_close_matches(value, choices, n=1)
    if close:
        raise WorkspaceError("workspace.choice.close", where=at, value=repr(value), close=close[0])
    raise WorkspaceError("workspace.choice", where=at, value=repr(value), choices=options)


def _payload(table: Mapping[str, Any], where: str, *, required: bool) -> tuple[str | None, str]:
    """The payload text and its format; the text must mean bytes in that format."""
    fmt = _choice(table, "format", FORMATS, where, "text")
    if "payload" not in table:
        if required:
            raise WorkspaceError("workspace.payload.missing", where=f"{where}.payload")
        return None, fmt
    text = table["payload"]
    at = f"{where}.payload"
    if not isinstance(text, str):
        raise WorkspaceError("workspace.type.text", where=at, type=_type(text))
    if len(text) > MAX_PAYLOAD:
        raise WorkspaceError("workspace.payload.long", where=at, length=len(text), limit=MAX_PAYLOAD)
    from workbench.hexfmt import encode_payload

    try:
        encode_payload(text, fmt)
    except WorkbenchError as exc:  # a PayloadError: bad hex, a lone backslash, ...
        raise _wrap(exc, at) from None
    return text, fmt


def _spec_error(exc: WorkbenchError, where: str) -> WorkspaceError:
    return _wrap(exc, f"{where}.{exc.field}" if exc.field else where)


def _server(table: dict[str, Any], where: str) -> WorkspaceServer:
    _refuse_unknown(table, SERVER_KEYS, where)
    name = _name(table, where)
    start = _flag(table, "start", where, True)
    return WorkspaceServer(name, _server_spec(table, where), start)


def _server_spec(table: Mapping[str, Any], where: str) -> ServerSpec:
    from workbench.rules import RulesError
    from workbench.rulesfile import dump_rules, parse_rules, parse_rules_table

    values = {k: v for k, v in table.items() if k in _SERVER_FIELDS}
    if "rules" in values:
        rules = values["rules"]
        try:
            if isinstance(rules, dict):
                values["rules"] = dump_rules(parse_rules_table(rules))
            elif isinstance(rules, str):
                values["rules"] = dump_rules(parse_rules(rules))
            else:
                raise WorkspaceError("workspace.type.rules", where=f"{where}.rules", type=_type(rules))
        except RulesError as exc:
            raise _wrap(exc, f"{where}.rules") from None
    try:
        return ServerSpec.from_dict(values)
    except WorkbenchError as exc:
        raise _spec_error(exc, where) from None


def _client_values(
    table: Mapping[str, Any], where: str, servers: Mapping[str, WorkspaceServer]
) -> tuple[dict[str, Any], str | None]:
    """The ClientSpec fields of a client table, the address filled from its server when it has one."""
    values = {k: v for k, v in table.items() if k in _CLIENT_FIELDS}
    if values.get("timeout") == 0 and not isinstance(values.get("timeout"), bool):
        values["timeout"] = None  # as the form says it: 0 is no timeout
    server_name = table.get("server")
    if server_name is None:
        return values, None
    at = f"{where}.server"
    if not isinstance(server_name, str):
        raise WorkspaceError("workspace.type.text", where=at, type=_type(server_name))
    server = servers.get(server_name)
    if server is None:
        names = ", ".join(repr(n) for n in servers) or "-"
        raise WorkspaceError("workspace.client.no_server", where=at, server=server_name, names=names)
    spec = server.spec
    for key, theirs in (("family", spec.family), ("type", spec.type)):
        if key in values and values[key] != theirs.value:
            raise WorkspaceError(
                "workspace.client.other_kind", where=f"{where}.{key}", server=server_name,
                family=spec.family.label, type=spec.type.label,
            )  # fmt: skip
    derived = _derived_address(spec)
    for key, value in derived.items():
        values.setdefault(key, value)
    return values, server_name


def _derived_address(spec: ServerSpec) -> dict[str, Any]:
    """A linked client's address as its server's spec says it (the port only known once it runs)."""
    if spec.family is Family.UNIX:
        return {"family": spec.family.value, "type": spec.type.value, "path": spec.path}
    return {
        "family": spec.family.value,
        "type": spec.type.value,
        "host": connect_host(spec.host),
        "port": spec.port or PORT_UNTIL_RUN,
    }


def _client_spec(values: dict[str, Any], where: str) -> ClientSpec:
    try:
        return ClientSpec.from_dict(values)
    except WorkbenchError as exc:
        raise _spec_error(exc, where) from None


def _client(table: dict[str, Any], where: str, servers: Mapping[str, WorkspaceServer]) -> WorkspaceClient:
    _refuse_unknown(table, CLIENT_KEYS, where)
    name = _name(table, where)
    connect = _flag(table, "connect", where, True)
    payload, fmt = _payload(table, where, required=False)
    values, server = _client_values(table, where, servers)
    return WorkspaceClient(name, _client_spec(values, where), connect, server, payload, fmt)


def _client_form(table: dict[str, Any], where: str, servers: Mapping[str, WorkspaceServer]) -> ClientForm:
    _refuse_unknown(table, FORM_CLIENT_KEYS, where)
    payload, fmt = _payload(table, where, required=False)
    values, server = _client_values(table, where, servers)
    spec = _client_spec(values, where) if values else None
    return ClientForm(spec, server, payload or "", fmt)


def _packet(table: dict[str, Any], where: str) -> SavedPacket:
    _refuse_unknown(table, PACKET_KEYS, where)
    name = _name(table, where)
    payload, fmt = _payload(table, where, required=True)
    assert payload is not None
    ending = _choice(table, "ending", ENDINGS, where, "none")
    byteorder = _choice(table, "byteorder", BYTEORDERS, where, "")
    check = table.get("checksum", "")
    if not isinstance(check, str):
        raise WorkspaceError("workspace.type.text", where=f"{where}.checksum", type=_type(check))
    if check:
        from workbench.checksum import algorithm

        try:
            check = algorithm(check).name
        except WorkbenchError as exc:
            raise _wrap(exc, f"{where}.checksum") from None
    return SavedPacket(name, payload, fmt, ending, check, byteorder)


def _unique(entries: tuple[Any, ...], key: str) -> None:
    seen: dict[str, int] = {}
    for number, entry in enumerate(entries, 1):
        first = seen.setdefault(entry.name, number)
        if first != number:
            raise WorkspaceError(
                "workspace.name.taken", where=f"{key}[{number}].name", name=entry.name, first=f"{key}[{first}]"
            )


# -- writing --------------------------------------------------------------------------------------


def to_document(ws: Workspace) -> dict[str, Any]:
    """The workspace as TOML tables: only what differs from the defaults, besides the address."""
    document: dict[str, Any] = {"version": ws.version}
    document["servers"] = [
        {"name": s.name, **({} if s.start else {"start": False}), **_server_values(s.spec)} for s in ws.servers
    ]
    clients = []
    for client in ws.clients:
        table: dict[str, Any] = {"name": client.name}
        if not client.connect:
            table["connect"] = False
        linked = ws.server(client.server) if client.server else None
        table.update(_client_values_out(client.spec, client.server, linked))
        table.update(_payload_out(client.payload, client.format))
        clients.append(table)
    document["clients"] = clients
    document["packets"] = [_packet_out(p) for p in ws.packets]
    form: dict[str, Any] = {}
    if ws.server_form is not None:
        form["server"] = _server_values(ws.server_form)
    if ws.client_form is not None:
        cf = ws.client_form
        linked = ws.server(cf.server) if cf.server else None
        table = _client_values_out(cf.spec, cf.server, linked) if cf.spec is not None else {}
        table.update(_payload_out(cf.payload, cf.format))
        form["client"] = table
    if form:
        document["form"] = form
    return document


def _server_values(spec: ServerSpec) -> dict[str, Any]:
    from workbench.rulesfile import parse_rules, rules_table

    values = spec.to_dict()
    defaults = {f.name: f.default for f in dataclasses.fields(ServerSpec)}
    defaults["allow_reuse_address"] = spec.type is SockType.STREAM
    always = ("family", "type", "path") if spec.family is Family.UNIX else ("family", "type", "host", "port")
    out = {k: v for k, v in values.items() if k in always or not _same(v, defaults[k])}
    if spec.rules:
        out["rules"] = rules_table(parse_rules(spec.rules))  # a table, written as it reads: [servers.rules]
    return out


def _client_values_out(spec: ClientSpec, server: str | None, linked: WorkspaceServer | None) -> dict[str, Any]:
    values = spec.to_dict()
    if values["timeout"] is None:
        values["timeout"] = 0
    defaults = {f.name: f.default for f in dataclasses.fields(ClientSpec)}
    always = ("family", "type", "path") if spec.family is Family.UNIX else ("family", "type", "host", "port")
    out: dict[str, Any] = {} if server is None else {"server": server}
    derived = _derived_address(linked.spec) if linked is not None else {}
    for key, value in values.items():
        if key in derived:
            if value != derived[key]:
                out[key] = value  # where it was aimed when saved; at open it follows its server
        elif key in always or not _same(value, defaults[key]):
            out[key] = value
    return out


def _payload_out(payload: str | None, fmt: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if payload is not None:
        out["payload"] = payload
    if fmt != "text":
        out["format"] = fmt
    return out


def _packet_out(packet: SavedPacket) -> dict[str, Any]:
    out: dict[str, Any] = {"name": packet.name, "payload": packet.payload}
    for key, default in (("format", "text"), ("ending", "none"), ("checksum", ""), ("byteorder", "")):
        value = getattr(packet, key)
        if value != default:
            out[key] = value
    return out


def _same(value: Any, default: Any) -> bool:
    if isinstance(default, tuple):
        default = list(default)
    elif isinstance(default, enum.Enum):
        default = default.value
    return bool(value == default and type(value) is type(default))


def dumps(ws: Workspace) -> str:
    """The text of the workspace file; loads(dumps(ws)) == ws."""
    from workbench import tomlwrite

    return tomlwrite.dumps(to_document(ws), HEADER)


def save(path: str | os.PathLike[str], ws: Workspace) -> str:
    """Write the workspace to ``path`` atomically; returns the path. WorkspaceError if it cannot be written.

    The text is read back before it is written: a workspace that would not load (a name with a
    line break from somewhere) is refused here, and the old file stays as it was.
    """
    target = os.fspath(path)
    try:
        text = dumps(ws)
        loads(text)
        data = text.encode("utf-8")
    except WorkspaceError as exc:
        raise WorkspaceError("workspace.save.invalid", path=target, reason=exc) from None
    except (TypeError, ValueError, UnicodeError) as exc:  # a value the writer cannot write as TOML
        raise WorkspaceError("workspace.save.invalid", path=target, reason=str(exc)) from None
    if len(data) > MAX_FILE_BYTES:
        raise WorkspaceError("workspace.file.too_big", path=target, limit=MAX_FILE_BYTES >> 20)
    folder = os.path.dirname(os.path.abspath(target))
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".workspace-", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise WorkspaceError("workspace.file.write", path=target, reason=exc.strerror or str(exc)) from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    return target

"""The closed event vocabulary: one IntEnum of kinds, one table of what each kind is, the decoded Event.

Every consumer (the session log, the CLI's JSON, the event table, the timeline, the hex view,
the self-test) uses this one table instead of matching names. A kind is a socketserver hook
(reported twice: ``enter`` and ``exit``), a socket call (reported once, after it returned or
failed), or a step the workbench itself takes (a breakpoint pause).

``Event`` is the decoded form of one record: what the CLI prints and what tests assert on. The
window never builds one per event: its models read the records directly (workbench/session).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

PhaseName = Literal["enter", "exit"]
Role = Literal["server", "client"]
Direction = Literal["sent", "received"]
# An address as Python's socket module gives it: (host, port) / (host, port, flow, scope) or a path.
Address = tuple[Any, ...] | str | bytes | None


class Phase(enum.IntEnum):
    """Where in a hook an event was taken; socket calls have NONE."""

    NONE = 0
    ENTER = 1
    EXIT = 2

    @property
    def label(self) -> PhaseName | None:
        return None if self is Phase.NONE else ("enter" if self is Phase.ENTER else "exit")


class Category(enum.StrEnum):
    HOOK = "hook"  # a socketserver method, enter and exit
    DATA = "data"  # a socket call that moved bytes
    CALL = "call"  # a socket call that moved none
    STEP = "step"  # something the workbench did (a breakpoint pause)


class Kind(enum.IntEnum):
    """Every kind of event. Values are stored in session logs: never renumber, only add."""

    # socketserver.BaseServer and its subclasses: hooks reported with enter and exit
    SERVER_BIND = 1
    SERVER_ACTIVATE = 2
    SERVE_FOREVER = 3
    GET_REQUEST = 4
    VERIFY_REQUEST = 5
    PROCESS_REQUEST = 6
    FINISH_REQUEST = 7
    SETUP = 8
    HANDLE = 9
    FINISH = 10
    HANDLE_ERROR = 11
    HANDLE_TIMEOUT = 12
    SHUTDOWN_REQUEST = 13
    CLOSE_REQUEST = 14
    SHUTDOWN = 15  # BaseServer.shutdown(): stop serve_forever
    SERVER_CLOSE = 16
    HANDLE_REQUEST = 17
    # socket calls that move bytes
    RECV = 32
    RECVFROM = 33
    SEND = 34
    SENDALL = 35
    SENDTO = 36
    SENDFILE = 37
    # the same calls on a TLS socket (ssl.SSLSocket, or the client's ssl.SSLObject): the bytes are
    # the plaintext the application handed over or got back, carried encrypted on the wire
    TLS_RECV = 38
    TLS_SEND = 39
    TLS_SENDALL = 40
    # socket calls that move none
    SOCKET = 48
    CONNECT = 49
    CONNECT_EX = 50
    SOCK_SHUTDOWN = 51  # socket.shutdown(how): half-close
    CLOSE = 52
    SETBLOCKING = 53
    SETTIMEOUT = 54
    GETADDRINFO = 55
    GETSOCKNAME = 56
    GETPEERNAME = 57
    FILENO = 58
    SETSOCKOPT = 59
    DO_HANDSHAKE = 60  # the TLS handshake (SSLSocket.do_handshake); detail: version, cipher
    # the workbench's own steps
    PAUSED = 96  # a breakpoint held a thread at a hook: enter and exit, value = that hook's Kind


class KindInfo(NamedTuple):
    name: str  # the Python name a student reads ("shutdown" for both shutdowns)
    category: Category
    direction: Direction | None  # for DATA kinds: which way the bytes went, from the caller
    #: how a record's integer value reads: "int", "bool", or "seconds" (stored in ns)
    value: str = "int"


_H, _D, _C, _S = Category.HOOK, Category.DATA, Category.CALL, Category.STEP

#: The one table. Indexed by Kind; name is what the event table, the CLI and the JSON show.
KINDS: dict[Kind, KindInfo] = {
    Kind.SERVER_BIND: KindInfo("server_bind", _H, None),
    Kind.SERVER_ACTIVATE: KindInfo("server_activate", _H, None),
    Kind.SERVE_FOREVER: KindInfo("serve_forever", _H, None),
    Kind.GET_REQUEST: KindInfo("get_request", _H, None),
    Kind.VERIFY_REQUEST: KindInfo("verify_request", _H, None, "bool"),
    Kind.PROCESS_REQUEST: KindInfo("process_request", _H, None),
    Kind.FINISH_REQUEST: KindInfo("finish_request", _H, None),
    Kind.SETUP: KindInfo("setup", _H, None),
    Kind.HANDLE: KindInfo("handle", _H, None),
    Kind.FINISH: KindInfo("finish", _H, None),
    Kind.HANDLE_ERROR: KindInfo("handle_error", _H, None),
    Kind.HANDLE_TIMEOUT: KindInfo("handle_timeout", _H, None),
    Kind.SHUTDOWN_REQUEST: KindInfo("shutdown_request", _H, None),
    Kind.CLOSE_REQUEST: KindInfo("close_request", _H, None),
    Kind.SHUTDOWN: KindInfo("shutdown", _H, None),
    Kind.SERVER_CLOSE: KindInfo("server_close", _H, None),
    Kind.HANDLE_REQUEST: KindInfo("handle_request", _H, None),
    Kind.RECV: KindInfo("recv", _D, "received"),
    Kind.RECVFROM: KindInfo("recvfrom", _D, "received"),
    Kind.SEND: KindInfo("send", _D, "sent"),
    Kind.SENDALL: KindInfo("sendall", _D, "sent"),
    Kind.SENDTO: KindInfo("sendto", _D, "sent"),
    Kind.SENDFILE: KindInfo("sendfile", _D, "sent"),
    Kind.TLS_RECV: KindInfo("recv", _D, "received"),
    Kind.TLS_SEND: KindInfo("send", _D, "sent"),
    Kind.TLS_SENDALL: KindInfo("sendall", _D, "sent"),
    Kind.SOCKET: KindInfo("socket", _C, None),
    Kind.CONNECT: KindInfo("connect", _C, None),
    Kind.CONNECT_EX: KindInfo("connect_ex", _C, None),
    Kind.SOCK_SHUTDOWN: KindInfo("shutdown", _C, None),
    Kind.CLOSE: KindInfo("close", _C, None),
    Kind.SETBLOCKING: KindInfo("setblocking", _C, None, "bool"),
    Kind.SETTIMEOUT: KindInfo("settimeout", _C, None, "seconds"),
    Kind.GETADDRINFO: KindInfo("getaddrinfo", _C, None),
    Kind.GETSOCKNAME: KindInfo("getsockname", _C, None),
    Kind.GETPEERNAME: KindInfo("getpeername", _C, None),
    Kind.FILENO: KindInfo("fileno", _C, None),
    Kind.SETSOCKOPT: KindInfo("setsockopt", _C, None),
    Kind.DO_HANDSHAKE: KindInfo("do_handshake", _C, None),
    Kind.PAUSED: KindInfo("paused", _S, None),
}
if set(KINDS) != set(Kind):  # pragma: no cover - guards an edit that forgets the table
    raise ImportError("workbench.events: every Kind needs a KINDS entry")

#: Hook kinds in the order socketserver calls them for one request (for legends and menus).
HOOKS: tuple[Kind, ...] = tuple(k for k in Kind if KINDS[k].category is Category.HOOK)
DATA_KINDS = frozenset(k for k in Kind if KINDS[k].category is Category.DATA)
SENT_KINDS = frozenset(k for k in DATA_KINDS if KINDS[k].direction == "sent")
RECEIVED_KINDS = frozenset(k for k in DATA_KINDS if KINDS[k].direction == "received")
#: The request handler's three steps: the bars of the timeline.
HANDLER_STEPS: tuple[Kind, ...] = (Kind.SETUP, Kind.HANDLE, Kind.FINISH)
#: Data calls on a TLS socket, and the plain call each one is (same name, same direction): a
#: consumer that treats them alike maps them with ``PLAIN_KIND.get(kind, kind)``.
PLAIN_KIND: dict[Kind, Kind] = {Kind.TLS_RECV: Kind.RECV, Kind.TLS_SEND: Kind.SEND, Kind.TLS_SENDALL: Kind.SENDALL}
TLS_KINDS = frozenset(PLAIN_KIND)
TLS_KIND: dict[Kind, Kind] = {plain: tls for tls, plain in PLAIN_KIND.items()}

_BY_NAME: dict[str, list[Kind]] = {}
for _kind, _info in KINDS.items():
    _BY_NAME.setdefault(_info.name, []).append(_kind)


def kinds_named(name: str) -> list[Kind]:
    """The kinds a Python name stands for ("shutdown" -> the hook and the socket call)."""
    return list(_BY_NAME.get(name, ()))


@dataclass(frozen=True, slots=True)
class Event:
    """One decoded record: what a server or client did, as the CLI prints it.

    ``event`` is the socketserver method or socket call name, ``phase`` is
    ``"enter"``/``"exit"`` for hooks and ``None`` for socket calls. ``source`` is the id of
    the server or client that did it ("server-1", "client-2"); ``role`` says which of the
    two. ``value`` is what the call returned where that teaches something (send's byte
    count, verify_request's True/False, connect_ex's errno, a timeout in seconds).
    """

    kind: Kind
    phase: PhaseName | None
    ts: float
    source: str
    role: Role
    request: int | None
    thread: str
    pid: int
    data: bytes | None = None
    address: Address = None
    client: Address = None
    error: str | None = None
    value: Any = None
    detail: Any = None  # what a call found, beyond one value (getaddrinfo's results)

    @property
    def event(self) -> str:
        return KINDS[self.kind].name

    @property
    def nbytes(self) -> int | None:
        return None if self.data is None else len(self.data)

    @property
    def is_data(self) -> bool:
        return self.data is not None

    @property
    def tls(self) -> bool:
        """Whether the bytes went through TLS (shown decrypted: what the program sent or got)."""
        return self.kind in TLS_KINDS

    @property
    def direction(self) -> Direction | None:
        """``"sent"`` or ``"received"`` for data events, from the caller's side."""
        return KINDS[self.kind].direction if self.data is not None else None

    def to_dict(self) -> dict[str, Any]:
        """The JSON-lines shape the CLI prints (see README, "Headless CLI")."""
        out: dict[str, Any] = {
            "event": self.event,
            "phase": self.phase,
            "ts": self.ts,
            "server": self.source if self.role == "server" else None,
            "request": self.request,
            "thread": self.thread,
            "pid": self.pid,
            "role": self.role,
            "source": self.source,
        }
        if self.data is not None:
            out["nbytes"] = len(self.data)
            out["data"] = self.data.hex()
            if self.kind in TLS_KINDS:
                out["tls"] = True
        if self.address is not None:
            out["address"] = jsonable_address(self.address)
        if self.client is not None:
            out["client"] = jsonable_address(self.client)
        if self.error is not None:
            out["error"] = self.error
        if self.value is not None:
            out["value"] = self.value
        if self.detail is not None:
            out["detail"] = self.detail
        return out


def format_address(address: Address) -> str:
    """An address the way a student writes it: 127.0.0.1:9, [::1]:9 or /tmp/x.sock.

    Unix paths and abstract names are escaped (control characters as \\x..): a peer chooses
    its own path, and what it chose is data, never terminal control codes.
    """
    if isinstance(address, (tuple, list)) and len(address) >= 2:
        host = str(address[0])
        return f"[{host}]:{address[1]}" if ":" in host else f"{host}:{address[1]}"
    if isinstance(address, bytes):  # abstract-namespace unix addresses
        address = address.decode("utf-8", "backslashreplace")
    return printable(str(address)) if address else "(unnamed)"


def printable(text: str) -> str:
    """Text with control characters (and the other non-printables) shown as escapes."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)


def jsonable_address(address: Address) -> Any:
    if isinstance(address, tuple):
        return list(address)
    if isinstance(address, bytes):  # abstract-namespace unix addresses
        return address.decode("utf-8", "backslashreplace")
    return address


def format_event(ev: Event) -> str:
    """One readable line per event, for the CLI's plain output and the log."""
    parts = [f"{ev.ts:.6f}", ev.source]
    if ev.request is not None:
        parts.append(f"req={ev.request}")
    parts.append(f"{printable(ev.thread)}/{ev.pid}")
    name = ev.event if ev.phase is None else f"{ev.event}:{ev.phase}"
    parts.append(name)
    if ev.client is not None:
        parts.append(f"client={format_address(ev.client)}")
    if ev.address is not None:
        parts.append(f"address={format_address(ev.address)}")
    if ev.event == "paused" and isinstance(ev.value, int) and ev.value in Kind._value2member_map_:
        parts.append(f"at={KINDS[Kind(ev.value)].name}")  # the hook held, by name
    elif ev.value is not None:
        parts.append(f"-> {ev.value!r}")
    if ev.data is not None:
        preview = ev.data[:32].hex(" ")
        more = " ..." if len(ev.data) > 32 else ""
        parts.append(f"{len(ev.data)}B [{preview}{more}]" + (" (TLS, decrypted)" if ev.tls else ""))
    if ev.error is not None:
        parts.append(f"error={printable(ev.error)}")
    return " ".join(parts)

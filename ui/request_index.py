"""Each server's recent requests as the log tells them (client, socket fd, how far each got), and their Python reprs.

The live list shows a server's requests under its row and the steps pane shows what a
handler sees (``self.request``, ``self.client_address``, ``self.server``); both read this one
index, which the feed keeps up to date. Only hook records that move a request along are
looked at (numpy over each batch), and only the newest ``KEEP`` requests of a server are
kept, so a flood of datagrams costs a few array operations per batch, not a Python loop per
event.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from workbench.events import KINDS, Address, Kind, Phase
from workbench.session import format as fmt
from workbench.spec import Family, Mixin, ServerSpec, SockType

if TYPE_CHECKING:
    from ui.logfeed import LogFeed
    from workbench.session.reader import SessionReader

#: Requests kept per server (the newest); older ones are in the log and the event table.
KEEP = 48

_ENTER, _EXIT = int(Phase.ENTER), int(Phase.EXIT)
#: Hooks whose enter says where a request is now.
_STAGES = {
    int(Kind.PROCESS_REQUEST): "process_request",
    int(Kind.FINISH_REQUEST): "finish_request",
    int(Kind.SETUP): "setup",
    int(Kind.HANDLE): "handle",
    int(Kind.FINISH): "finish",
    int(Kind.HANDLE_ERROR): "handle_error",
    int(Kind.SHUTDOWN_REQUEST): "shutdown_request",
}
_WATCHED = sorted(
    {int(Kind.GET_REQUEST), int(Kind.VERIFY_REQUEST), int(Kind.PAUSED), int(Kind.RECVFROM), *_STAGES}
)
_watch_table: Any = None  # numpy bool[256]: is this kind watched (one gather per batch, not a compare per kind)


def _watched(kinds: Any) -> Any:
    global _watch_table
    if _watch_table is None:
        import numpy as np

        _watch_table = np.zeros(256, dtype=bool)
        _watch_table[_WATCHED] = True
    return _watch_table[kinds]


@dataclass
class RequestInfo:
    """One request of one server: who sent it and how far it got."""

    source: int
    request: int
    peer: Address = None
    fd: int | None = None  # stream: the accepted socket's descriptor (get_request's exit value)
    accepted_record: int | None = None  # the get_request exit record
    stage: str | None = None  # the hook it is in (or last entered)
    verified: bool | None = None  # what verify_request returned
    failed: str | None = None  # the hook that raised
    paused: str | None = None  # the hook it is held at now
    pause_record: int | None = None  # that hold's "paused" enter record
    data_record: int | None = None  # datagram: the recvfrom record holding self.request[0]
    done: bool = False  # shutdown_request returned

    @property
    def rejected(self) -> bool:
        return self.verified is False


class RequestIndex(QObject):
    """The newest requests of every server in the feed's session.

    Signals:
        changed(list): the sources (server ids in the log) whose requests changed in a batch.
    """

    changed = Signal(list)

    def __init__(self, feed: LogFeed, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.feed = feed
        self._by_source: dict[int, dict[int, RequestInfo]] = {}
        feed.sessionChanged.connect(self._reset)
        feed.recordsAdded.connect(self.update)
        if feed.delivered:
            self.update(0, feed.delivered)

    @property
    def reader(self) -> SessionReader | None:
        return self.feed.reader

    def _reset(self) -> None:
        self._by_source.clear()
        self.changed.emit([])

    def get(self, source: int, request: int) -> RequestInfo | None:
        return self._by_source.get(source, {}).get(request)

    def requests(self, source: int) -> list[RequestInfo]:
        """The kept requests of a server, oldest first."""
        return [self._by_source[source][r] for r in sorted(self._by_source.get(source, {}))]

    def update(self, lo: int, hi: int) -> None:
        """Records [lo, hi) are new: move the requests they are about along."""
        import numpy as np

        reader = self.feed.reader
        if reader is None or hi <= lo:
            return
        records = reader.record_array(lo, hi)
        mask = _watched(records["kind"]) & (records["request"] != 0)
        rows = np.flatnonzero(mask)
        if not len(rows):
            return
        picked = records[rows]
        # Only the newest KEEP request ids of each source in this batch need a Python look.
        keep = np.ones(len(rows), dtype=bool)
        for source in np.unique(picked["source"]).tolist():
            mine = picked["source"] == source
            newest = int(picked["request"][mine].max())
            keep &= ~mine | (picked["request"] > newest - KEEP)
        touched: set[int] = set()
        roles = reader.tables.sources
        for row, rec in zip(rows[keep].tolist(), picked[keep].tolist(), strict=True):
            _ts, _off, _len, request, _thread, peer, value, _note, source, kind, flags = rec
            info = roles.get(source)
            if info is None or info.role != "server":
                continue
            self._apply(lo + row, source, request, peer, value, kind, flags, reader)
            touched.add(source)
        for source in touched:
            kept = self._by_source.get(source, {})
            if len(kept) > KEEP:
                for rid in sorted(kept)[: len(kept) - KEEP]:
                    del kept[rid]
        if touched:
            self.changed.emit(sorted(touched))

    def _apply(
        self, index: int, source: int, request: int, peer: int, value: int, kind: int, flags: int,
        reader: SessionReader,
    ) -> None:  # fmt: skip
        phase = flags & fmt.PHASE_MASK
        kept = self._by_source.setdefault(source, {})
        info = kept.get(request)
        if info is None:
            # a request begins with get_request's exit, or (datagram) the recvfrom just before it
            if not (kind == Kind.GET_REQUEST and phase == _EXIT) and kind != Kind.RECVFROM:
                return  # older than what is kept (or a failed accept): nothing to add to
            info = kept[request] = RequestInfo(source, request)
        if kind == Kind.GET_REQUEST:
            if phase == _EXIT and not flags & fmt.F_ERROR:
                info.peer = reader.tables.addresses.get(peer)
                info.fd = int(value) if flags & fmt.F_VALUE else None
                info.accepted_record = index
                info.stage = info.stage or "get_request"
        elif kind == Kind.VERIFY_REQUEST:
            if phase == _EXIT and flags & fmt.F_VALUE:
                info.verified = bool(value)
        elif kind == Kind.PAUSED:
            if phase == _ENTER:
                info.paused = _hook_name(value)
                info.pause_record = index
            else:
                info.paused = None
        elif kind == Kind.RECVFROM:
            if info.data_record is None:
                info.data_record = index
        elif phase == _ENTER:
            info.stage = _STAGES[kind]
        elif phase == _EXIT:
            if flags & fmt.F_ERROR and kind != Kind.SHUTDOWN_REQUEST:
                info.failed = info.failed or _STAGES[kind]
            if kind == Kind.SHUTDOWN_REQUEST:
                info.done = True


def _hook_name(kind: int) -> str:
    try:
        return KINDS[Kind(kind)].name
    except ValueError:
        return f"kind {kind}"


# -- how a handler would print what it was given ---------------------------------------------------


def server_class_text(spec: ServerSpec) -> str:
    """``ThreadingMixIn+TCPServer``: the stdlib classes the spec combines."""
    if spec.family is Family.UNIX:
        base = "UnixStreamServer" if spec.type is SockType.STREAM else "UnixDatagramServer"
    else:
        base = "TCPServer" if spec.type is SockType.STREAM else "UDPServer"
    return base if spec.mixin is Mixin.NONE else f"{spec.mixin.label}+{base}"


def address_repr(address: Address) -> str:
    """An address as print() shows it: ``('127.0.0.1', 40712)``, ``'/tmp/s.sock'``, ``''``."""
    if isinstance(address, list):
        address = tuple(address)
    if address is None:
        return "None"
    return repr(address)


def _sockaddr_text(address: Address) -> str:
    # socket.__repr__ puts str() of the address: a tuple's repr, a path without quotes
    if isinstance(address, list):
        address = tuple(address)
    if isinstance(address, bytes):
        return address.decode("utf-8", "backslashreplace")
    return str(address)


def socket_repr(spec: ServerSpec, fd: int | None, laddr: Address, raddr: Address = None) -> str:
    """``<socket.socket fd=7, family=AF_INET, type=SOCK_STREAM, proto=0, laddr=..., raddr=...>``.

    The family and type by name, as Python up to 3.10 printed them (3.11 prints their
    numbers: family=2, type=1); the rest as socket.__repr__ writes it.
    """
    parts = [f"fd={'?' if fd is None else fd}", f"family={spec.family.label}", f"type={spec.type.label}", "proto=0"]
    if laddr not in (None, "", b""):
        parts.append(f"laddr={_sockaddr_text(laddr)}")
    if raddr not in (None, "", b""):
        parts.append(f"raddr={_sockaddr_text(raddr)}")
    return "<socket.socket " + ", ".join(parts) + ">"


def server_repr(spec: ServerSpec, address: Address) -> str:
    """``<ThreadingMixIn+TCPServer listening on 127.0.0.1:5000>``: what ``self.server`` is."""
    from workbench.events import format_address

    where = "listening on" if spec.type is SockType.STREAM else "bound to"
    return f"<{server_class_text(spec)} {where} {format_address(address)}>"


def request_repr(spec: ServerSpec, server_address: Address, server_fd: int | None, info: RequestInfo,
                 data: bytes | None, more: bool = False) -> str:  # fmt: skip
    """What ``self.request`` is: the accepted socket (stream), or ``(data, socket)`` (datagram)."""
    if spec.type is SockType.STREAM:
        laddr = server_address
        if spec.binds_all_interfaces and isinstance(info.peer, tuple) and isinstance(server_address, tuple):
            # bound to every interface: the accepted socket's own address is the one the client reached;
            # for a client on this machine that is its own (loopback) address
            laddr = (info.peer[0], *server_address[1:])
        return socket_repr(spec, info.fd, laddr, info.peer)
    sock = socket_repr(spec, server_fd, server_address)
    shown = "b''" if data is None else repr(data)
    if more:
        shown += "…"
    return f"({shown}, {sock})"


def request_lines(spec: ServerSpec, server_address: Address, server_fd: int | None, info: RequestInfo,
                  reader: Any, preview: int = 64) -> dict[str, str]:  # fmt: skip
    """``{"request": ..., "client_address": ..., "server": ...}`` for one request (the log's bytes read once)."""
    data: bytes | None = None
    more = False
    if spec.type is SockType.DGRAM and info.data_record is not None and reader is not None:
        rec = reader.record(info.data_record)
        length = int(rec[2])
        data = reader.arena(rec[1], min(length, preview))
        more = length > preview
    return {
        "request": request_repr(spec, server_address, server_fd, info, data, more),
        "client_address": address_repr(info.peer),
        "server": server_repr(spec, server_address),
    }

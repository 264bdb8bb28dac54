"""Session log to pcapng: reads a recorded session in log order and feeds workbench.pcapng's writer.

The mapping (docs/PCAPNG.md, "From a session"):

- **Interfaces**: one per server of the session (named like the server, made when its
  ``server_bind`` returned), and one per client that talked to something outside the session.
- **Conversations**: a stream server's request (``get_request`` to ``shutdown_request``) is one
  TCP connection; a datagram server's peer is one UDP conversation (all datagrams between that
  client address and the server); a client's connection (or, for datagrams, each address it
  sent to or heard from) is one more, unless the other end is a server of this session, whose
  own records already show it.
- **Directions** come from one end only. When the server is ours, from the server's records:
  its ``recv`` is what the client sent, its ``sendall``/``sendto`` what it answered, a ``recv`` of
  b"" the client's FIN, ``shutdown_request`` the server's. When only the client is ours, from the
  client's records: ``connect`` opens, ``sendall`` and ``recv`` carry the bytes, ``shutdown`` and
  ``close`` are its FIN, a ``recv`` of b"" the server's, a refused ``connect`` the server's RST.
- **Comments** name the call, the source, the request and the thread; TLS bytes say they are
  shown decrypted, and the handshake's version and cipher go on the next packet.

Streaming: records are read a batch at a time (numpy picks the few kinds that matter), each
chunk's bytes are read from the file when written, and chunks larger than :data:`PIECE` are read
piece by piece, so a 1 GiB session is exported in a few MiB of memory. Only a few numbers per
open conversation are kept.
"""

from __future__ import annotations

import dataclasses
import errno
import ipaddress
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, BinaryIO

import numpy as np

from workbench.errors import WorkbenchError
from workbench.events import (
    KINDS,
    RECEIVED_KINDS,
    SENT_KINDS,
    TLS_KINDS,
    Address,
    Kind,
    Phase,
    format_address,
)
from workbench.pcapng import (
    Close,
    Conversation,
    Direction,
    Endpoint,
    Interface,
    Item,
    Open,
    PcapngError,
    PcapngWriter,
    Reset,
    Segment,
)
from workbench.pcapng.flows import MSS
from workbench.session import format as fmt
from workbench.session.reader import SessionReader

#: A chunk larger than this is read and written in pieces (a whole number of TCP segments each).
PIECE = 64 * MSS
#: Records looked at per step.
BATCH = 1 << 16
#: Where a client's own port was never recorded (an unconnected UDP client), it is shown from here.
SYNTHETIC_PORT = 49152

_EXIT = int(Phase.EXIT)
_DATA = frozenset(int(k) for k in SENT_KINDS | RECEIVED_KINDS)
_SENT = frozenset(int(k) for k in SENT_KINDS)
_WANTED = np.array(
    sorted(
        _DATA
        | {
            int(k)
            for k in (
                Kind.SERVER_BIND, Kind.SERVER_CLOSE, Kind.GET_REQUEST, Kind.SHUTDOWN_REQUEST, Kind.SOCKET,
                Kind.CONNECT, Kind.CONNECT_EX, Kind.SOCK_SHUTDOWN, Kind.CLOSE, Kind.GETSOCKNAME,
                Kind.DO_HANDSHAKE,
            )
        }
    ),
    dtype=np.uint8,
)  # fmt: skip
_CLASSES = {
    ("inet", True): "TCPServer", ("inet6", True): "TCPServer", ("unix", True): "UnixStreamServer",
    ("inet", False): "UDPServer", ("inet6", False): "UDPServer", ("unix", False): "UnixDatagramServer",
}  # fmt: skip
_MIXINS = {"threading": "ThreadingMixIn ", "forking": "ForkingMixIn "}


class ExportCancelled(Exception):
    """``should_stop`` said stop: the partial file was removed."""


@dataclass
class ExportResult:
    """What an export wrote, and what it had to leave out (each with the reason)."""

    packets: int = 0
    conversations: int = 0
    interfaces: int = 0
    records: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Source:
    name: str
    server: bool
    stream: bool
    family: str
    detail: dict[str, Any]
    address: Address = None  # a server's bound address
    interface: bool = False  # its interface was written
    live: bool = False  # a server between server_bind and server_close


@dataclass(slots=True)
class _Client:
    """A client's connection (stream) or socket (datagram), as far as the records said."""

    target: Address = None
    local: Address = None
    conversation: int | None = None  # the writer's id; None: not open, or the other end is ours
    datagrams: dict[Any, int | None] = field(default_factory=dict)  # peer address -> conversation


class _Exporter:
    def __init__(self, reader: SessionReader, out: BinaryIO) -> None:
        self.reader = reader
        self.tables = reader.tables
        self.writer = PcapngWriter(out, comment=self._section_comment())
        self.result = ExportResult()
        self.sources: dict[int, _Source | None] = {}
        self.requests: dict[tuple[int, int], int] = {}  # (server, request) -> conversation
        self.peers: dict[tuple[int, int], int] = {}  # (datagram server, peer id) -> conversation
        self.clients: dict[tuple[int, int], _Client] = {}  # (client, request) -> state
        self.notes: dict[int, str] = {}  # conversation -> what its next packet also says
        self.broken: set[int] = set()
        self.synthetic_ports = 0
        self.main_pid = int(self.tables.session.get("pid", 0) or 0)

    def _section_comment(self) -> str:
        session = self.tables.session
        return f"Session {os.path.basename(self.reader.path)} ({session.get('app') or 'Socket Workbench'})."

    # -- the pass over the records --------------------------------------------------------------

    def run(self, progress: Callable[[int, int], None] | None, should_stop: Callable[[], bool] | None) -> None:
        total = self.reader.count
        for lo in range(0, total, BATCH):
            if should_stop is not None and should_stop():
                raise ExportCancelled
            hi = min(lo + BATCH, total)
            records = self.reader.record_array(lo, hi)
            picked = records[np.isin(records["kind"], _WANTED)]
            for rec in picked.tolist():
                self.record(rec)
            if progress is not None:
                progress(hi, total)
        if should_stop is not None and should_stop():
            raise ExportCancelled
        for conversation in list(self.requests.values()) + list(self.peers.values()):
            self.writer.end(conversation)
        self.result.records = total
        self.result.packets = self.writer.packets_written
        self.writer.flush()

    def source(self, sid: int) -> _Source | None:
        if sid not in self.sources:
            info = self.tables.sources.get(sid)
            if info is None:
                self.sources[sid] = None
            else:
                detail = info.detail
                self.sources[sid] = _Source(
                    info.name, info.role != "client", detail.get("type", "stream") != "dgram",
                    str(detail.get("family", "inet")), detail,
                )  # fmt: skip
        return self.sources[sid]

    def record(self, rec: tuple[Any, ...]) -> None:
        src = self.source(rec[8])
        if src is None:
            return
        if src.server:
            self.server_record(src, rec)
        else:
            self.client_record(src, rec)

    # -- servers ------------------------------------------------------------------------------

    def server_record(self, src: _Source, rec: tuple[Any, ...]) -> None:
        ts, _off, _size, request, _thread, peer, value, _note, sid, kind, flags = rec
        error = self.error(rec)
        if kind == Kind.SERVER_BIND and flags & fmt.PHASE_MASK == _EXIT and error is None:
            src.address = self.tables.addresses.get(peer)
            src.live = True
            self.interface(src)
        elif kind == Kind.SERVER_CLOSE and flags & fmt.PHASE_MASK == _EXIT:
            src.live = False
        elif not src.stream:
            if kind in _DATA and error is None:  # an empty datagram is a packet too
                conversation = self.peer_conversation(src, sid, peer)
                self.data(conversation, "s2c" if kind in _SENT else "c2s", rec, src)
        elif kind == Kind.GET_REQUEST and flags & fmt.PHASE_MASK == _EXIT and error is None:
            client = self.tables.addresses.get(peer)
            conversation = self.conversation(
                "tcp", client, src.address, src, f"{src.name} request #{request}", src.name
            )
            if conversation is not None:
                self.requests[(sid, request)] = conversation
                text = f"get_request: accepted {format_address(client)} ({self.who(src, rec)})"
                self.write(conversation, Open(ts, text))
        elif (conversation := self.requests.get((sid, request))) is not None:
            if kind in _DATA:
                self.stream_data(conversation, rec, src, error)
            elif kind == Kind.SHUTDOWN_REQUEST and flags & fmt.PHASE_MASK == _EXIT:
                self.write(conversation, Close(ts, "s2c", f"shutdown_request ({self.who(src, rec)})"))
                self.writer.end(conversation)
                del self.requests[(sid, request)]
            elif kind == Kind.SOCK_SHUTDOWN and error is None and value in (1, 2):
                self.write(conversation, Close(ts, "s2c", f"shutdown({_how(value)}) ({self.who(src, rec)})"))
            elif kind == Kind.DO_HANDSHAKE:
                self.handshake(conversation, rec)

    def peer_conversation(self, src: _Source, sid: int, peer: int) -> int | None:
        key = (sid, peer)
        if key not in self.peers:
            client = self.tables.addresses.get(peer) if peer else None
            conversation = self.conversation("udp", client, src.address, src, f"{src.name} peer", src.name)
            if conversation is None:
                return None
            self.peers[key] = conversation
        return self.peers[key]

    # -- clients ------------------------------------------------------------------------------

    def client_record(self, src: _Source, rec: tuple[Any, ...]) -> None:
        ts, _off, _size, request, _thread, peer, value, _note, sid, kind, _flags = rec
        error = self.error(rec)
        state = self.clients.setdefault((sid, request), _Client())
        address = self.tables.addresses.get(peer) if peer else None
        if kind in (Kind.SOCKET, Kind.GETSOCKNAME):
            if address is not None and error is None:
                state.local = address
        elif kind in (Kind.CONNECT, Kind.CONNECT_EX):
            self.client_connect(src, state, rec, error, address)
        elif kind in _DATA:
            if src.stream:
                if state.conversation is not None:
                    self.stream_data(state.conversation, rec, src, error)
                return
            if error is not None:
                return
            other = address if address is not None else state.target
            if other is None:
                return
            conversation = self.datagram_conversation(src, state, other, request)
            self.data(conversation, "c2s" if kind in _SENT else "s2c", rec, src)
        elif kind == Kind.SOCK_SHUTDOWN and error is None and value in (1, 2):
            if state.conversation is not None:
                self.write(state.conversation, Close(ts, "c2s", f"shutdown({_how(value)}) ({self.who(src, rec)})"))
        elif kind == Kind.CLOSE:
            if state.conversation is not None:
                self.write(state.conversation, Close(ts, "c2s", f"close ({self.who(src, rec)})"))
                self.writer.end(state.conversation)
            for conversation in state.datagrams.values():
                if conversation is not None:
                    self.writer.end(conversation)
            del self.clients[(sid, request)]

    def client_connect(
        self, src: _Source, state: _Client, rec: tuple[Any, ...], error: str | None, target: Address
    ) -> None:
        ts, _off, _size, request, _thread, _peer, value, _note, _sid, kind, flags = rec
        connected = error is None and (kind == Kind.CONNECT or (flags & fmt.F_VALUE and value == 0))
        if connected:
            local = self.detail(rec).get("local")
            state.local = tuple(local) if isinstance(local, list) else local if local else state.local
            state.target = target
        if not src.stream or target is None:
            return
        refused = (kind == Kind.CONNECT_EX and value == errno.ECONNREFUSED) or (
            error is not None and error.startswith("ConnectionRefusedError")
        )
        if not (connected or refused) or self.ours(src, target):
            return
        tag = f"{src.name} request #{request}" if request else src.name
        local = state.local if connected else None
        conversation = self.conversation("tcp", local, target, src, tag, src.name)
        if conversation is None:
            return
        if connected:
            state.conversation = conversation
            self.write(conversation, Open(ts, f"connect to {format_address(target)} ({self.who(src, rec)})"))
        else:
            text = f"connect to {format_address(target)} refused ({self.who(src, rec)})"
            self.write(conversation, Reset(ts, "s2c", text))
            self.writer.end(conversation)

    def datagram_conversation(self, src: _Source, state: _Client, other: Address, request: int) -> int | None:
        key = other if not isinstance(other, list) else tuple(other)
        if key not in state.datagrams:
            if self.ours(src, other):
                state.datagrams[key] = None
            else:
                tag = f"{src.name} request #{request}" if request else src.name
                local = state.local if state.local is not None else None
                state.datagrams[key] = self.conversation("udp", local, other, src, tag, src.name)
        return state.datagrams[key]

    def ours(self, src: _Source, address: Address) -> bool:
        """Whether ``address`` is a server of this session (of the same family and type) running now."""
        for server in self.sources.values():
            if server is None or not server.server or not server.live or server.stream != src.stream:
                continue
            bound = server.address
            if isinstance(bound, (str, bytes)) or isinstance(address, (str, bytes)):
                if bound == address:
                    return True
                continue
            if not (isinstance(bound, tuple) and isinstance(address, tuple)) or bound[1] != address[1]:
                continue
            try:
                ip, want = _ip(bound[0]), _ip(address[0])
            except ValueError:
                continue
            if ip.version != want.version:
                continue
            # A datagram server bound to a group or broadcast address hears what is sent there,
            # and answers from a unicast address with the same port.
            if ip == want or ip.is_unspecified or (not src.stream and (ip.is_multicast or _broadcast(ip))):
                return True
        return False

    # -- conversations and their items --------------------------------------------------------

    def interface(self, src: _Source) -> str:
        if not src.interface:
            src.interface = True
            self.result.interfaces += 1
            if src.server:
                endpoint = None if src.address is None else _endpoint(src.address, src.family)
                kind = _CLASSES.get((src.family, src.stream), "server")
                relay = src.detail.get("relay")
                what = f", relaying to {relay.get('to')}" if isinstance(relay, dict) else ""
                mixin = _MIXINS.get(str(src.detail.get("mixin", "")), "")
                description = f"{mixin}{kind} on {format_address(src.address)}{what}"
                self.writer.add_interface(Interface(src.name, description, endpoint, "server"))
            else:
                self.writer.add_interface(Interface(src.name, f"client {src.name}", None, "client"))
        return src.name

    def conversation(
        self, transport: str, client: Address, server: Address, src: _Source, tag: str, label: str
    ) -> int | None:
        family = _family(server) if server is not None else src.family
        local = _endpoint(client, family) if client not in (None, "", b"") or family == "unix" else None
        try:
            server_end = _endpoint(server, family)
            synthetic = local is None
            if local is None:  # a refused connect's or an unconnected UDP client's port is not recorded
                self.synthetic_ports += 1
                host = "::" if family == "inet6" else "0.0.0.0"
                local = Endpoint(family, host, SYNTHETIC_PORT + self.synthetic_ports % 16384)  # type: ignore[arg-type]
            conversation = Conversation(
                transport, local, server_end, self.interface(src), label="" if src.server else label  # type: ignore[arg-type]
            )
            number = self.writer.add_conversation(conversation)
            if synthetic:
                self.notes[number] = f"the client's own port was not recorded: shown as {local.port}"
        except PcapngError as exc:
            self.result.warnings.append(f"{tag}: left out ({exc})")
            return None
        self.result.conversations += 1
        return number

    def stream_data(self, conversation: int, rec: tuple[Any, ...], src: _Source, error: str | None) -> None:
        """A data call on a stream: bytes, or the end (b"") or reset the receiving end saw."""
        ts, size, kind = rec[0], rec[2], rec[9]
        received = kind not in _SENT
        towards: Direction = "c2s" if received == src.server else "s2c"
        if size:
            self.data(conversation, towards, rec, src)
        elif not received:
            return
        elif error is None:
            self.write(conversation, Close(ts, towards, f"{KINDS[Kind(kind)].name} returned b'' ({self.who(src, rec)})"))
        elif error.startswith("ConnectionResetError"):
            self.write(conversation, Reset(ts, towards, f"{error} ({self.who(src, rec)})"))

    def data(self, conversation: int | None, direction: Direction, rec: tuple[Any, ...], src: _Source) -> None:
        ts, off, size, kind = rec[0], rec[1], rec[2], rec[9]
        if conversation is None or (not size and src.stream):
            return
        call = KINDS[Kind(kind)].name
        tls = ", decrypted from TLS" if kind in TLS_KINDS else ""
        text = f"{call} {size} bytes{tls} ({self.who(src, rec)})"
        if size <= PIECE:
            self.write(conversation, Segment(ts, direction, self.reader.arena(off, size), text))
            return
        for start in range(0, size, PIECE):
            piece = self.reader.arena(off + start, min(PIECE, size - start))
            self.write(conversation, Segment(ts, direction, piece, f"{text} [bytes {start}-{start + len(piece) - 1}]"))

    def handshake(self, conversation: int, rec: tuple[Any, ...]) -> None:
        detail = self.detail(rec)
        error = self.error(rec)
        if error is not None:
            self.notes[conversation] = f"do_handshake failed: {error}"
        else:
            self.notes[conversation] = (
                f"TLS: do_handshake chose {detail.get('version', '?')} {detail.get('cipher', '?')};"
                " the bytes are shown decrypted"
            )

    def write(self, conversation: int, item: Item) -> None:
        if conversation in self.broken:
            return
        note = self.notes.pop(conversation, "")
        if note:
            item = dataclasses.replace(item, comment=f"{item.comment}; {note}" if item.comment else note)
        try:
            self.writer.write(conversation, item)
        except PcapngError as exc:
            self.broken.add(conversation)
            self.writer.end(conversation)
            self.result.warnings.append(f"conversation {conversation + 1}: the rest left out ({exc})")

    # -- record fields ------------------------------------------------------------------------

    def error(self, rec: tuple[Any, ...]) -> str | None:
        return self.tables.texts.get(rec[7], "") if rec[10] & fmt.F_ERROR else None

    def detail(self, rec: tuple[Any, ...]) -> dict[str, Any]:
        if not rec[10] & fmt.F_DETAIL or not rec[2]:
            return {}
        try:
            value = json.loads(self.reader.arena(rec[1], rec[2]))
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}

    def who(self, src: _Source, rec: tuple[Any, ...]) -> str:
        request, thread = rec[3], rec[4]
        pid, name = self.tables.threads.get(thread, (0, ""))
        where = f"{name} pid {pid}" if pid and pid != self.main_pid else name or "?"
        return f"{src.name} request #{request}, {where}" if request else f"{src.name}, {where}"


def _how(value: int) -> str:
    return {1: "SHUT_WR", 2: "SHUT_RDWR"}.get(value, str(value))


def _ip(host: Any) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    return ipaddress.ip_address(str(host).split("%", 1)[0])


def _broadcast(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return ip.version == 4 and int(ip) & 0xFF == 0xFF


def _family(address: Address) -> str:
    if isinstance(address, tuple):
        return "inet6" if len(address) == 4 or ":" in str(address[0]) else "inet"
    return "unix"


def _endpoint(address: Address, family: str) -> Endpoint:
    if address is None or address in ("", b""):
        if family == "unix":
            return Endpoint("unix")
        raise PcapngError("pcapng.endpoint.address", value=repr(address))
    return Endpoint.from_address(address)


def export_pcapng(
    reader: SessionReader,
    out: BinaryIO,
    *,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> ExportResult:
    """Write what ``reader``'s session committed so far to ``out`` as pcapng (the stream stays open).

    ``progress(done, total)`` is called after each batch of records; ``should_stop()`` returning
    True raises :class:`ExportCancelled`.
    """
    exporter = _Exporter(reader, out)
    exporter.run(progress, should_stop)
    return exporter.result


def open_session(path: str | os.PathLike[str]) -> SessionReader:
    """A reader for an export, or WorkbenchError (``export.*``) saying in plain words why not."""
    from workbench.session.format import FormatError

    source = os.fspath(path)
    try:
        return SessionReader(source)
    except FileNotFoundError:
        raise WorkbenchError("export.missing", field="file", path=source) from None
    except IsADirectoryError:
        raise WorkbenchError("export.directory", field="file", path=source) from None
    except PermissionError:
        raise WorkbenchError("export.denied", field="file", path=source) from None
    except FormatError as exc:
        raise WorkbenchError("export.format", field="file", path=source, reason=str(exc)) from None


def export_session_pcapng(
    session: str | os.PathLike[str],
    out_path: str | os.PathLike[str],
    *,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> ExportResult:
    """File ▸ Export ▸ pcapng and ``workbench export --pcapng``: write ``out_path``, whole or not at all.

    Any thread may call it (it opens its own reader; a live session is exported as far as it is
    committed). The capture is written beside ``out_path`` and renamed over it when complete, so
    a failure or a cancel (:class:`ExportCancelled`) leaves no half-written file and an older
    file of that name untouched. Errors are WorkbenchError with codes: the session missing,
    unreadable or not a session (``export.*``, field "file"), the output not writable
    (``export.pcapng.*``, field "out").
    """
    target = os.fspath(out_path)
    if os.path.isdir(target):
        raise WorkbenchError("export.pcapng.directory", field="out", path=target)
    directory = os.path.dirname(target) or "."
    partial = os.path.join(directory, f".{os.path.basename(target)}.part")
    with open_session(session) as reader:
        try:
            handle = open(partial, "wb")  # closed below, then renamed or removed
        except FileNotFoundError:
            raise WorkbenchError("export.pcapng.no_dir", field="out", directory=directory) from None
        except OSError as exc:
            raise WorkbenchError(
                "export.pcapng.write", field="out", path=target, reason=exc.strerror or str(exc)
            ) from None
        done = False
        try:
            with handle:
                result = export_pcapng(reader, handle, progress=progress, should_stop=should_stop)
            os.replace(partial, target)
            done = True
        except OSError as exc:
            raise WorkbenchError(
                "export.pcapng.write", field="out", path=target, reason=exc.strerror or str(exc)
            ) from None
        finally:
            if not done:
                try:
                    os.unlink(partial)
                except OSError:
                    pass
    return result

"""The relay: listen here, connect there, forward both ways and record both sides; pause, edit, inject.

A relay is a ``ThreadingMixIn`` stream server of the workbench (every socketserver hook recorded
as for any server) whose handler connects to the target for each accepted connection and then
forwards bytes: client to target on the request's thread, target to client on a second thread.

Recording (docs/SESSION_FORMAT.md, "Relays"): two sources per relay.

- ``relay-1`` (role ``server``): the side facing the client, a server like any other: its
  ``recv`` is what the client sent, its ``sendall`` what the relay passed back, a
  ``shutdown(SHUT_WR)`` the end it forwarded from the target.
- ``relay-1-upstream`` (role ``client``): the side facing the target: ``connect``, ``sendall``
  of what goes on, ``recv`` of what the target answered, ``shutdown`` and ``close``. Its records
  carry the request id of the connection they belong to, so the two sides of request #3 pair up.

Both sources' details say ``relay`` (the listening and target addresses) and which ``side``.
The relay records each ``sendall`` as it starts rather than when it returns (a failure follows as
a ``sendall`` of no bytes with the error): the answer to those bytes is read on the other thread,
and must never be logged before them.

Control, per direction (``"c2s"`` client to target, ``"s2c"`` target to client), from any thread:
:meth:`RelayRunner.pause` holds a direction: the next chunk that arrives is recorded as received,
then held before it goes on; :meth:`edit` replaces the held chunk, :meth:`release` lets it go
(and holds the one after), :meth:`resume` lets everything flow again. :meth:`inject` sends bytes
of the user's own in a direction at once. While a chunk is held, the relay reads no more in that
direction, so TCP's flow control makes the sender wait.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import signal
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from workbench.errors import SpecError, WorkbenchError
from workbench.events import Kind, format_address
from workbench.handlers import RawHandler, error_text
from workbench.messages import Message, message
from workbench.server import InstrumentedServer, ServerRunner, server_class
from workbench.session.writer import SessionWriter
from workbench.spec import ClientSpec, Family, Mixin, ServerSpec, SockType

log = logging.getLogger("workbench.server")

DIRECTIONS = ("c2s", "s2c")
RECV_SIZE = 65536
_numbers = itertools.count(1)


@dataclass(frozen=True)
class RelaySpec:
    """Where the relay listens (a stream ServerSpec) and where it connects (a stream ClientSpec)."""

    listen: ServerSpec
    to: ClientSpec

    def __post_init__(self) -> None:
        if self.listen.type is not SockType.STREAM or self.to.type is not SockType.STREAM:
            raise SpecError("relay.stream_only", field="type")

    def to_dict(self) -> dict[str, Any]:
        return {"listen": self.listen.to_dict(), "to": self.to.to_dict()}

    @classmethod
    def from_dict(cls, data: Any) -> RelaySpec:
        if not isinstance(data, dict) or not isinstance(data.get("listen"), dict) or not isinstance(data.get("to"), dict):
            raise SpecError("relay.spec", field="spec", value=repr(data))
        listen = {"mixin": "threading", **data["listen"]}
        return cls(ServerSpec.from_dict(listen), ClientSpec.from_dict(data["to"]))

    @classmethod
    def parse(cls, listen: str, to: str, timeout: float = 10.0) -> RelaySpec:
        """From the CLI's ``HOST:PORT``, ``[V6]:PORT`` or a Unix socket path (it has a ``/``)."""
        family, host, port, path = parse_address(listen, "listen")
        server = ServerSpec(family=family, host=host, port=port, path=path, mixin=Mixin.THREADING)
        family, host, port, path = parse_address(to, "to")
        return cls(server, ClientSpec(family=family, host=host, port=port, path=path, timeout=timeout))


def parse_address(text: str, field: str) -> tuple[Family, str, int, str | None]:
    if "/" in text:
        return Family.UNIX, "127.0.0.1", 0, text
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit():
        raise SpecError("relay.address", field=field, value=repr(text))
    if host.startswith("[") and host.endswith("]"):
        return Family.INET6, host[1:-1], int(port), None
    return (Family.INET6 if ":" in host else Family.INET), host or "127.0.0.1", int(port), None


class _Way:
    """One direction of one connection: paused or not, and the chunk held while paused."""

    __slots__ = ("held", "paused", "release")

    def __init__(self, paused: bool) -> None:
        self.paused = paused
        self.held: bytes | None = None
        self.release = False


class Connection:
    """One relayed connection: the client's socket (through its handler) and the target's socket."""

    def __init__(self, relay: RelayRunner, handler: RelayHandler) -> None:
        self.relay = relay
        self.handler = handler
        self.request = handler.request_id
        self.client = handler.client_address
        self.upstream: socket.socket | None = None
        self.target_id = 0
        self.ways = {d: _Way(relay.paused_default[d]) for d in DIRECTIONS}
        self.cond = threading.Condition()
        self.send_locks = {d: threading.Lock() for d in DIRECTIONS}
        self.closing = False
        self.open = True

    # -- recording on the upstream source -------------------------------------------------

    def _record(self, kind: Kind, **kw: Any) -> None:
        relay = self.relay
        relay.recorder.event(kind, 0, relay.upstream_source, self.request, self.target_id, **kw)

    def connect(self) -> bool:
        """Connect to the target (one recorded connect); False, logged in plain words, if it failed."""
        target = self.relay.relay_spec.to
        address: Any = target.address
        self.target_id = self.relay.recorder.address_id(address if isinstance(address, str) else tuple(address))
        try:
            sock = socket.socket(target.family.constant, socket.SOCK_STREAM)
        except OSError as exc:
            self._record(Kind.SOCKET, error=error_text(exc))
            return False
        self._record(Kind.SOCKET, value=sock.fileno())
        try:
            sock.settimeout(target.timeout)
            sock.connect(address)
            sock.settimeout(None)
        except OSError as exc:
            self._record(Kind.CONNECT, error=error_text(exc))
            sock.close()
            self._record(Kind.CLOSE)
            self.relay.say(logging.WARNING, self.request, message("relay.connect_failed", target=format_address(address),
                           reason=exc.strerror or str(exc) or type(exc).__name__))  # fmt: skip
            return False
        local = sock.getsockname()
        detail = {"local": list(local) if isinstance(local, tuple) else local, "fd": sock.fileno()}
        self._record(Kind.CONNECT, detail=json.dumps(detail).encode())
        self.upstream = sock
        return True

    # -- the two pumps --------------------------------------------------------------------

    def forward(self) -> None:
        """Client to target, on the request's thread: recv (recorded by the handler), gate, sendall."""
        try:
            while data := self.handler.recv(RECV_SIZE):
                chunk = self.gate("c2s", data)
                if chunk:
                    self.send("c2s", chunk)
        except OSError:
            pass  # recorded by the handler; the other pump ends when the target closes
        self.end_upstream_writes()

    def backward(self) -> None:
        """Target to client, on a thread of its own: recv (recorded on the upstream source), gate, sendall."""
        sock = self.upstream
        assert sock is not None
        rec = self.relay.recorder
        try:
            while True:
                try:
                    data = sock.recv(RECV_SIZE)
                except OSError as exc:
                    self._record(Kind.RECV, data=b"", error=error_text(exc))
                    break
                rec.data(Kind.RECV, self.relay.upstream_source, self.request, self.target_id, data)
                if not data:
                    break
                chunk = self.gate("s2c", data)
                if chunk:
                    self.send("s2c", chunk)
        except OSError:
            pass
        try:
            self.handler.request.shutdown(socket.SHUT_WR)  # the target is done: so is the relay, to the client
            self.handler.server.wb_rec.event(Kind.SOCK_SHUTDOWN, 0, self.handler.server.wb_src, self.request,
                                             self.handler.peer_id, value=socket.SHUT_WR)  # fmt: skip
        except OSError:
            pass

    def send(self, direction: str, data: bytes) -> None:
        """sendall in ``direction``, recorded as it starts (see the module docstring, why)."""
        with self.send_locks[direction]:
            if direction == "s2c":
                handler = self.handler
                handler._record(Kind.SENDALL, data)  # on the relay's server source
                try:
                    handler.request.sendall(data)
                except OSError as exc:
                    handler._record(Kind.SENDALL, b"", exc)
                    raise
                return
            sock = self.upstream
            if sock is None:
                raise OSError("the target's connection is closed")
            self.relay.recorder.data(Kind.SENDALL, self.relay.upstream_source, self.request, self.target_id, data)
            try:
                sock.sendall(data)
            except OSError as exc:
                self._record(Kind.SENDALL, data=b"", error=error_text(exc))
                raise

    def end_upstream_writes(self) -> None:
        sock = self.upstream
        if sock is None:
            return
        try:
            sock.shutdown(socket.SHUT_WR)
            self._record(Kind.SOCK_SHUTDOWN, value=socket.SHUT_WR)
        except OSError as exc:
            self._record(Kind.SOCK_SHUTDOWN, value=socket.SHUT_WR, error=error_text(exc))

    def close(self) -> None:
        sock, self.upstream = self.upstream, None
        if sock is not None:
            sock.close()
            self._record(Kind.CLOSE)
        with self.cond:
            self.open = False
            self.cond.notify_all()

    # -- holding ------------------------------------------------------------------------------

    def gate(self, direction: str, data: bytes) -> bytes | None:
        """What goes on in place of ``data``: itself, or while paused what the user made of it."""
        way = self.ways[direction]
        with self.cond:
            if not way.paused or self.closing:
                return data
            way.held = data
        self.relay.changed()
        with self.cond:
            while way.paused and not way.release and not self.closing:
                self.cond.wait()
            chunk, way.held, way.release = way.held, None, False
        self.relay.changed()
        return None if self.closing else chunk

    def state(self) -> dict[str, Any]:
        with self.cond:
            ways = {
                d: {"paused": w.paused, "held": None if w.held is None else len(w.held)}
                for d, w in self.ways.items()
            }
        return {"request": self.request, "client": _jsonable(self.client), "open": self.open, **ways}


class RelayHandler(RawHandler):
    """The relay's RequestHandlerClass: BaseRequestHandler's recv/sendall, recorded, then forwarding."""

    server: RelayServer

    def serve(self) -> None:
        relay = self.server.wb_relay
        conn = Connection(relay, self)
        relay.connections[self.request_id] = conn
        try:
            if not conn.connect():
                return
            back = threading.Thread(target=conn.backward, name=f"{relay.id}-{self.request_id}-back")
            back.start()
            try:
                conn.forward()
            finally:
                back.join()
        finally:
            conn.close()
            relay.connections.pop(self.request_id, None)
            relay.changed()


class RelayServer(InstrumentedServer):
    """The relay's server: an InstrumentedServer that also ends the target's side of stragglers."""

    wb_relay: RelayRunner

    def end_stragglers(self) -> int:
        count = super().end_stragglers()  # the clients' sockets: the forward pumps end
        for conn in list(self.wb_relay.connections.values()):
            sock = conn.upstream
            if sock is not None:  # a target that never closes: the back pump ends too
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
        return count


class RelayRunner(ServerRunner):
    """A relay on its own serve thread (start, stop as a ServerRunner), with its controls."""

    def __init__(
        self,
        spec: RelaySpec,
        recorder: SessionWriter,
        relay_id: str | None = None,
        on_change: Callable[[], None] = lambda: None,
    ) -> None:
        super().__init__(spec.listen, recorder, relay_id or f"relay-{next(_numbers)}")
        self.relay_spec = spec
        self.recorder = recorder
        self.on_change = on_change
        self.paused_default = dict.fromkeys(DIRECTIONS, False)
        self.connections: dict[int, Connection] = {}
        self.upstream_source = 0

    def _build(self) -> InstrumentedServer:
        listen = self.relay_spec.listen
        base = server_class(listen.family, SockType.STREAM, Mixin.THREADING)
        cls = type(f"WorkbenchRelay{base.__name__}", (RelayServer, base), {"__module__": __name__})
        server: RelayServer = cls(listen.address, RelayHandler, server_id=self.id, spec=listen, recorder=self.recorder)
        server.wb_relay = self
        about = {"listen": format_address(server.server_address), "to": format_address(self.relay_spec.to.address)}  # type: ignore[arg-type]
        self.recorder.source_info(server.wb_src, relay=about, side="listen")
        self.upstream_source = self.recorder.add_source(
            f"{self.id}-upstream", "client", {**self.relay_spec.to.to_dict(), "relay": about, "side": "upstream"}
        )
        return server

    def changed(self) -> None:
        try:
            self.on_change()
        except Exception:  # a listener must never stop the bytes
            log.exception("a relay listener failed")

    def say(self, level: int, request: int, what: Message) -> None:
        """A log line about one connection (the session's Log pane shows it)."""
        log.log(level, "%s: request %d: %s", self.id, request, what.text("en"), extra={"wb_source": self.source})

    # -- controls (any thread) -----------------------------------------------------------------

    def _connection(self, request: int) -> Connection:
        conn = self.connections.get(request)
        if conn is None or not conn.open:
            raise WorkbenchError("relay.no_connection", field="request", relay=self.id, request=request)
        return conn

    def _targets(self, request: int | None) -> list[Connection]:
        if request is None:
            return [c for c in self.connections.values() if c.open]
        return [self._connection(request)]

    def pause(self, direction: str, request: int | None = None) -> None:
        """Hold ``direction`` of one connection, or of every connection now and later (request None)."""
        _check_direction(direction)
        if request is None:
            self.paused_default[direction] = True
        for conn in self._targets(request):
            with conn.cond:
                conn.ways[direction].paused = True
        self.changed()

    def resume(self, direction: str, request: int | None = None) -> None:
        """Let ``direction`` flow again (a held chunk goes on, as edited)."""
        _check_direction(direction)
        if request is None:
            self.paused_default[direction] = False
        for conn in self._targets(request):
            with conn.cond:
                conn.ways[direction].paused = False
                conn.cond.notify_all()
        self.changed()

    def held(self, direction: str, request: int) -> bytes | None:
        _check_direction(direction)
        conn = self._connection(request)
        with conn.cond:
            return conn.ways[direction].held

    def edit(self, direction: str, request: int, data: bytes) -> None:
        """Replace the held chunk (b"": drop it); it goes on at :meth:`release` or :meth:`resume`."""
        _check_direction(direction)
        conn = self._connection(request)
        with conn.cond:
            way = conn.ways[direction]
            if way.held is None:
                raise WorkbenchError("relay.nothing_held", field="direction", direction=direction, request=request)
            way.held = bytes(data)
        self.say(logging.INFO, request, message("relay.edited", direction=direction, nbytes=len(data)))
        self.changed()

    def release(self, direction: str, request: int) -> None:
        """Let the held chunk go on and hold the next one (a step)."""
        _check_direction(direction)
        conn = self._connection(request)
        with conn.cond:
            way = conn.ways[direction]
            if way.held is None:
                raise WorkbenchError("relay.nothing_held", field="direction", direction=direction, request=request)
            way.release = True
            conn.cond.notify_all()

    def inject(self, direction: str, request: int, data: bytes) -> None:
        """Send ``data`` in ``direction`` now, recorded like a forwarded chunk (before anything held)."""
        _check_direction(direction)
        conn = self._connection(request)
        try:
            conn.send(direction, bytes(data))
        except OSError as exc:
            raise WorkbenchError("relay.inject_failed", direction=direction, request=request,
                                 reason=exc.strerror or str(exc)) from None  # fmt: skip
        self.say(logging.INFO, request, message("relay.injected", direction=direction, nbytes=len(data)))

    def state(self) -> list[dict[str, Any]]:
        return [c.state() for c in list(self.connections.values())]

    def stop(self, timeout: float = 10.0) -> None:
        """Stop as a server does; held chunks are dropped and the targets' connections shut down."""
        for conn in list(self.connections.values()):
            with conn.cond:
                conn.closing = True
                conn.cond.notify_all()
        super().stop(timeout=timeout)
        if self.upstream_source:
            self.recorder.source_info(self.upstream_source, stopped=time.time())


def _check_direction(direction: str) -> None:
    if direction not in DIRECTIONS:
        raise WorkbenchError("relay.direction", field="direction", value=repr(direction))


def _jsonable(address: Any) -> Any:
    if isinstance(address, tuple):
        return list(address)
    if isinstance(address, bytes):
        return address.decode("utf-8", "backslashreplace")
    return address


# -- the CLI: workbench relay --listen HOST:PORT --to HOST:PORT ---------------------------------


def add_parser(commands: Any, parser_class: type[argparse.ArgumentParser], epilog: str) -> None:
    relay = commands.add_parser(
        "relay",
        help="listen here, connect there, forward and record both sides",
        description="Relay each connection to a target and print every event of both sides.",
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    relay.add_argument("--listen", required=True, metavar="HOST:PORT", help="where to listen ([::1]:0, /tmp/x.sock)")
    relay.add_argument("--to", required=True, metavar="HOST:PORT", help="where to connect for each client")
    relay.add_argument("--timeout", type=float, default=10.0, metavar="S", help="connect timeout (10)")
    relay.add_argument("--json", action="store_true", help="one JSON object per event, one per line")
    relay.add_argument("--record", metavar="FILE", help="also record every event and byte in a session file")


def run(args: argparse.Namespace) -> int:
    """``workbench relay``: until Ctrl+C or SIGTERM; bad input raises WorkbenchError (exit 2)."""
    import sys

    from workbench.cli import EventPrinter, _say, close_writer, open_writer

    spec = RelaySpec.parse(args.listen, args.to, args.timeout)
    printer = EventPrinter(sys.stdout, args.json, args.record)
    signals: list[int] = []
    previous = {s: signal.signal(s, lambda signum, frame: signals.append(signum)) for s in (signal.SIGINT, signal.SIGTERM)}
    writer = open_writer(args.record, (printer,))
    runner = RelayRunner(spec, writer)
    try:
        printer.hold()  # until listen(): a script reading the port is never refused
        try:
            runner.start()
            writer.flush()
        finally:
            printer.release()
        if spec.listen.binds_all_interfaces:
            _say(message("serve.all_interfaces"))
        _say(message("relay.relaying", relay=runner.id, listen=format_address(runner.address),
                     to=format_address(spec.to.address)))  # fmt: skip
        while not signals and runner.running:
            time.sleep(0.1)
        runner.stop(timeout=2.0)
        return 0
    finally:
        runner.stop(timeout=2.0)
        close_writer(writer)
        printer.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)

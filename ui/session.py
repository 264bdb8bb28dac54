"""Session: what the window runs, as the host reports it: servers, clients, their state.

The servers and clients live in the host process (workbench/host); this object holds the
window's picture of them (ServerHandle, ClientHandle) and turns the panes' requests into host
commands. State arrives two ways: in the reply to a command, and in the host's
notifications (request counts, a peer that closed, a reader's error). Every method runs on
the GUI thread; the coroutines run on the qasync loop.

Signals:
    serverStarted(str), serverStopped(str): a server id.
    serverChanged(str): its counts (requests, accept queue) or its stop progress changed.
    holdsChanged(str): the threads (or forked children) a server's breakpoints hold changed.
    clientAdded(str), clientRemoved(str), clientChanged(str): a client id.
    clientReceived(str, int): a client id and the byte count one recv moved.
    clientError(str, str): a client id and a plain-words message from its reader.
    hostDied(str): the host process ended unexpectedly (a plain-words message).
    relayStarted(str), relayStopped(str): a relay id.
    relayChanged(str): a relay's connections, or what its directions hold, changed.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from ui.hostlink import HostLink
from ui.live_sessions import live_session_path, remove_live_session, sweep_stale_sessions
from ui.logfeed import LogFeed
from workbench.errors import WorkbenchError
from workbench.events import Address
from workbench.spec import ClientSpec, ServerSpec, SockType

if TYPE_CHECKING:
    import asyncio

log = logging.getLogger("workbench.ui")


def _address(value: Any) -> Address:
    return tuple(value) if isinstance(value, list) else value


@dataclass(frozen=True)
class Hold:
    """One thread or forked child waiting at a breakpoint, as the host's ``holds`` notice says."""

    token: int
    server: str
    hook: str
    request: int | None
    thread: str
    pid: int

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Hold:
        request = data.get("request")
        return cls(
            int(data.get("token", 0)),
            str(data.get("server", "")),
            str(data.get("hook", "")),
            int(request) if isinstance(request, int) and request else None,
            str(data.get("thread", "")),
            int(data.get("pid", 0)),
        )


@dataclass
class ServerHandle:
    """A server the host runs."""

    id: str
    source: int
    spec: ServerSpec
    address: Address
    active_requests: int = 0
    total_requests: int = 0
    queue: int | None = None  # connections waiting in the kernel's accept queue (Linux TCP)
    backlog: int | None = None  # that queue's limit
    stopping: bool = False
    waiting: list[tuple[int, Address]] = field(default_factory=list)  # requests a stop waits for
    fd: int | None = None  # the listening (stream) or bound (datagram) socket's fd in the host
    breakpoints: frozenset[str] = frozenset()  # hook names its threads stop at
    holds: list[Hold] = field(default_factory=list)  # threads held at a breakpoint now
    tls: dict[str, Any] | None = None  # a TLS server's certificate: file, sha256, names (the host's reply)

    @property
    def running(self) -> bool:
        return not self.stopping


class ClientHandle:
    """A client the host runs: its state from the last reply, its calls as host commands."""

    def __init__(self, session: Session, ident: str, source: int, spec: ClientSpec) -> None:
        self._session = session
        self.id = ident
        self.source = source
        self.spec = spec
        self.connected = False
        self.closed = False
        self.peer: Address = None
        self.local_address: Address = None
        self.fd = -1
        self.timeout: float | None = None
        self.blocking = True
        self.peer_closed = False
        self.failed: str | None = None  # why the last connect failed (kept until closed)

    def update(self, state: dict[str, Any]) -> None:
        self.connected = bool(state.get("connected"))
        self.closed = bool(state.get("closed"))
        self.peer = _address(state.get("peer"))
        self.local_address = _address(state.get("local"))
        self.fd = int(state.get("fd", -1))
        self.timeout = state.get("timeout")
        self.blocking = bool(state.get("blocking", True))

    async def call(self, call: str, **args: Any) -> Any:
        try:
            reply = await self._session.host_call("client.call", client=self.id, call=call, **args)
        finally:
            self._session.clientChanged.emit(self.id)
        state = reply.get("state")
        if isinstance(state, dict):
            self.update(state)
        return reply.get("value")

    async def connect(self) -> None:
        await self.call("connect")

    async def connect_ex(self) -> int:
        return int(await self.call("connect_ex"))

    async def send(self, data: bytes) -> int:
        return int(await self.call("send", data=data.hex()))

    async def sendall(self, data: bytes) -> None:
        await self.call("sendall", data=data.hex())

    async def sendto(self, data: bytes, address: Address = None) -> int:
        target = list(address) if isinstance(address, tuple) else address
        return int(await self.call("sendto", data=data.hex(), address=target))

    async def sendfile(self, path: str) -> int:
        return int(await self.call("sendfile", path=path))

    async def recv(self, bufsize: int = 65536) -> int:
        return int(await self.call("recv", bufsize=bufsize))

    async def shutdown(self, how: int = 1) -> None:
        await self.call("shutdown", how=how)


class Session(QObject):
    serverStarted = Signal(str)
    serverStopped = Signal(str)
    serverChanged = Signal(str)
    holdsChanged = Signal(str)
    clientAdded = Signal(str)
    clientRemoved = Signal(str)
    clientChanged = Signal(str)
    clientReceived = Signal(str, int)
    clientError = Signal(str, str)
    hostDied = Signal(str)
    relayStarted = Signal(str)
    relayStopped = Signal(str)
    relayChanged = Signal(str)

    def __init__(self, parent: QObject | None = None, feed: LogFeed | None = None) -> None:
        super().__init__(parent)
        # ``feed``: another LogFeed to show the session through (a saved session's ReplayFeed)
        self.feed = LogFeed(self) if feed is None else feed
        self.feed.setParent(self)
        self.host: HostLink | None = None
        self.path: str | None = None
        self.servers: dict[str, ServerHandle] = {}
        self.clients: dict[str, ClientHandle] = {}
        self.relays: dict[str, RelayHandle] = {}
        self.peer_closed: set[str] = set()
        self._stopping: dict[str, asyncio.Future[None]] = {}
        self._accepted: set[int] = set()  # address ids a server's get_request returned
        self.feed.recordsAdded.connect(self._on_records)
        self.feed.sessionChanged.connect(self._accepted.clear)

    # -- the host -----------------------------------------------------------------------------
    def start_host(self) -> None:
        """Start a host recording to a new live session, and show that session."""
        if self.host is not None and self.host.alive:
            return
        self._forget_all()
        sweep_stale_sessions()  # what windows killed or crashed left in /dev/shm (it is memory)
        path = live_session_path()
        host = HostLink(path, self)
        host.committed.connect(self.feed.poke)
        host.notified.connect(self._on_notified)
        host.died.connect(self._on_host_died)
        host.finished.connect(self._on_host_finished)
        self.host = host
        self.path = path
        host.start()
        # The host creates the file before it reads its first command: open it on the first reply.

    async def ensure_host(self) -> HostLink:
        if self.host is None or not self.host.alive:
            self.start_host()
        host = self.host
        assert host is not None
        if self.feed.path != self.path and self.path is not None:
            await host.call("hello")
            self.feed.open(self.path, live=True)
        return host

    async def host_call(self, cmd: str, **args: Any) -> dict[str, Any]:
        host = await self.ensure_host()
        return await host.call(cmd, **args)

    @property
    def host_alive(self) -> bool:
        return self.host is not None and self.host.alive

    def _on_host_died(self, message: str) -> None:
        log.error("%s", message)
        self._on_host_finished()
        self.hostDied.emit(message)

    def _on_host_finished(self) -> None:
        """The host is gone: nothing it ran runs any more; what it recorded stays readable."""
        for ident in list(self.servers):
            self.servers.pop(ident)
            self.serverStopped.emit(ident)
        for ident in list(self.clients):
            self.clients.pop(ident)
            self.clientRemoved.emit(ident)
        for ident in list(self.relays):
            self.relays.pop(ident)
            self.relayStopped.emit(ident)
        self.feed.read_now()

    def _forget_all(self) -> None:
        self.servers.clear()
        self.clients.clear()
        self.relays.clear()
        self.peer_closed.clear()

    def close(self) -> None:
        """Ask the host to stop everything and exit (never blocks); drop the live file."""
        if self.host is not None:
            self.host.close()

    def finish(self, wait_ms: int = 2500) -> None:
        """After the window closed: let the host finish, then remove the live session file."""
        if self.host is not None:
            self.host.close()
            if not self.host.wait_closed(wait_ms):
                self.host.kill()
        self.feed.close()
        if self.path is not None:
            remove_live_session(self.path)

    @property
    def busy(self) -> bool:
        return bool(self.servers or self.clients or self._stopping)

    def is_stopping(self, ident: str) -> bool:
        return ident in self._stopping

    # -- what the log says about clients --------------------------------------------------------
    def _on_records(self, lo: int, hi: int) -> None:
        """Note which client addresses a server has accepted (get_request's exit names them)."""
        import numpy as np

        from workbench.events import Kind, Phase
        from workbench.session import format as fmt

        reader = self.feed.reader
        if reader is None or not any(c.spec.type is SockType.STREAM for c in self.clients.values()):
            return  # only a TCP client of ours can be waiting to be accepted (added before it connects)
        records = reader.record_array(lo, hi)
        accepted = (records["kind"] == Kind.GET_REQUEST) & ((records["flags"] & fmt.PHASE_MASK) == Phase.EXIT)
        peers = set(np.unique(records["peer"][accepted]).tolist()) - {0} - self._accepted
        if not peers:
            return
        self._accepted |= peers
        for client in list(self.clients.values()):
            if client.connected:
                self.clientChanged.emit(client.id)

    def waiting_in_queue(self, client: ClientHandle) -> bool:
        """A TCP client connected to one of our servers that its get_request has not returned yet.

        The kernel finished the handshake (connect() returned), so the client is connected;
        the connection waits in the listening socket's accept queue until accept() takes it.
        """
        reader = self.feed.reader
        if reader is None or client.spec.type is not SockType.STREAM or client.local_address is None:
            return False
        if not any(
            server.spec.type is SockType.STREAM and server.address == client.peer for server in self.servers.values()
        ):
            return False  # not ours: nothing says when it is accepted
        local = client.local_address
        return not any(reader.tables.addresses.get(aid) == local for aid in self._accepted)

    # -- notifications ------------------------------------------------------------------------
    def _on_notified(self, name: str, data: dict[str, Any]) -> None:
        if name == "servers":
            for entry in data.get("servers", ()):
                server = self.servers.get(str(entry.get("server")))
                if server is None:
                    continue
                server.active_requests = int(entry.get("active", 0))
                server.total_requests = int(entry.get("total", 0))
                server.queue = entry.get("queue")
                server.backlog = entry.get("backlog")
                self.serverChanged.emit(server.id)
        elif name == "server.waiting":
            server = self.servers.get(str(data.get("server")))
            if server is not None:
                server.waiting = [(int(r), _address(c)) for r, c in data.get("requests", ())]
                self.serverChanged.emit(server.id)
        elif name == "holds":
            server = self.servers.get(str(data.get("server")))
            if server is not None:
                server.holds = [Hold.from_dict(h) for h in data.get("holds", ()) if isinstance(h, dict)]
                self.holdsChanged.emit(server.id)
        elif name == "client.state":
            client = self.clients.get(str(data.get("client")))
            if client is not None:
                client.update(data.get("state") or {})
                if data.get("peer_closed"):
                    client.peer_closed = True
                    self.peer_closed.add(client.id)
                self.clientChanged.emit(client.id)
        elif name.startswith("relay."):
            self._on_relay_notified(name, data)
        elif name == "client.received":
            self.clientReceived.emit(str(data.get("client")), int(data.get("nbytes", 0)))
        elif name == "client.error":
            client = self.clients.get(str(data.get("client")))
            if client is not None:
                client.update(data.get("state") or {})
                error = WorkbenchError.from_dict(data.get("error") or {})
                self.clientError.emit(client.id, error.text())
                self.clientChanged.emit(client.id)

    # -- servers ------------------------------------------------------------------------------
    async def start_server(self, spec: ServerSpec) -> ServerHandle:
        """Bind and start in the host; raises WorkbenchError with a code and a field."""
        reply = await self.host_call("server.start", spec=spec.to_dict())
        server = ServerHandle(
            str(reply["server"]), int(reply["source"]), spec, _address(reply.get("address"))
        )
        fd, queue, backlog = reply.get("fd"), reply.get("queue"), reply.get("backlog")
        server.fd = fd if isinstance(fd, int) else None
        server.queue = queue if isinstance(queue, int) else None
        server.backlog = backlog if isinstance(backlog, int) else None
        tls = reply.get("tls")
        server.tls = tls if isinstance(tls, dict) else None
        self.servers[server.id] = server
        self.serverStarted.emit(server.id)
        return server

    async def stop_server(self, ident: str, grace: float = 10.0) -> None:
        """Stop one server (idempotent); the host says meanwhile which requests hold it."""
        import asyncio

        pending = self._stopping.get(ident)
        if pending is not None:
            await pending
            return
        server = self.servers.get(ident)
        if server is None:
            return
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._stopping[ident] = fut
        server.stopping = True
        self.serverChanged.emit(ident)
        try:
            if self.host_alive:
                await self.host_call("server.stop", server=ident, grace=grace)
        except WorkbenchError as exc:
            if exc.code != "host.no_server":
                raise
        finally:
            self.servers.pop(ident, None)
            self._stopping.pop(ident, None)
            fut.set_result(None)
            self.serverStopped.emit(ident)

    async def set_breakpoints(self, ident: str, hooks: list[str]) -> frozenset[str]:
        """The hooks this server's threads stop at from now on (an empty list: none)."""
        reply = await self.host_call("server.breakpoints", server=ident, hooks=hooks)
        chosen = frozenset(str(h) for h in reply.get("hooks", ()))
        server = self.servers.get(ident)
        if server is not None:
            server.breakpoints = chosen
        return chosen

    async def release(self, ident: str, token: int, step: bool) -> bool:
        """Let one held thread go on: Step (stop at its next hook) or Continue. False if it was gone."""
        reply = await self.host_call("server.release", server=ident, token=token, step=step)
        return bool(reply.get("released"))

    async def rule_hits(self, ident: str) -> tuple[list[int], int] | None:
        """The frames each rule of a "rules" server answered, and those none matched; None if not one."""
        reply = await self.host_call("server.rule_hits", server=ident)
        if not reply.get("rules"):
            return None
        return [int(n) for n in reply.get("hits", ())], int(reply.get("unmatched", 0))

    async def end_requests(self, ident: str) -> int:
        """End the requests a stop waits for now (their sockets are shut down)."""
        reply = await self.host_call("server.end_requests", server=ident)
        return int(reply.get("ended", 0))

    async def send_to_request(self, ident: str, request: int, data: bytes) -> tuple[str, int]:
        """Bytes typed by hand to one request's peer (the host: ``server.send``): (the call it made, bytes sent)."""
        reply = await self.host_call("server.send", server=ident, request=request, data=data.hex())
        return str(reply.get("call", "")), int(reply.get("sent", 0))

    # -- clients ------------------------------------------------------------------------------
    async def add_client(self, spec: ClientSpec) -> ClientHandle:
        reply = await self.host_call("client.add", spec=spec.to_dict())
        client = ClientHandle(self, str(reply["client"]), int(reply["source"]), spec)
        self.clients[client.id] = client
        self.clientAdded.emit(client.id)
        return client

    async def connect_client(self, client: ClientHandle, read: bool = True) -> None:
        try:
            await client.call("connect", read=read)
        except WorkbenchError as exc:
            client.failed = exc.text()
            self.clientChanged.emit(client.id)
            raise
        client.failed = None
        self.clientChanged.emit(client.id)

    def start_reader(self, client: ClientHandle) -> None:
        """Replies arrive on their own: the host keeps a recv waiting for this client."""
        from ui.server_pane import run_action

        async def read() -> None:
            await self.host_call("client.read", client=client.id, on=True)

        run_action(read())

    async def close_client(self, ident: str) -> None:
        client = self.clients.pop(ident, None)
        self.peer_closed.discard(ident)
        if client is None:
            return
        try:
            if self.host_alive:
                await self.host_call("client.close", client=ident)
        except WorkbenchError as exc:
            if exc.code != "host.no_client":
                raise
        finally:
            client.closed = True
            client.connected = False
            self.clientRemoved.emit(ident)

    # -- all ----------------------------------------------------------------------------------
    async def shutdown(self) -> None:
        """Close every client and stop every server (in parallel); leaves nothing running."""
        import asyncio

        for ident in list(self.clients):
            await self.close_client(ident)
        for ident in list(self.relays):
            await self.stop_relay(ident)
        idents = list(self.servers) + [i for i in self._stopping if i not in self.servers]
        results = await asyncio.gather(*(self.stop_server(i) for i in idents), return_exceptions=True)
        for ident, result in zip(idents, results, strict=True):
            if isinstance(result, BaseException):
                log.error("%s did not stop cleanly: %s", ident, result)


    # -- relays (workbench/relay.py; the window's side is ui.relay_pane) -------------------------
    async def start_relay(self, listen: ServerSpec, to: ClientSpec) -> RelayHandle:
        """Listen on ``listen``, connect each client to ``to``; raises WorkbenchError (the listen side's field)."""
        reply = await self.host_call("relay.start", spec={"listen": listen.to_dict(), "to": to.to_dict()})
        relay = RelayHandle(
            str(reply["relay"]), int(reply["source"]), int(reply.get("upstream_source", 0)),
            _address(reply.get("address")), to.address,
        )  # fmt: skip
        self.relays[relay.id] = relay
        self.relayStarted.emit(relay.id)
        return relay

    async def stop_relay(self, ident: str, grace: float = 2.0) -> None:
        """Stop a relay (held chunks are dropped, its connections closed); idempotent."""
        relay = self.relays.get(ident)
        if relay is None or relay.stopping:
            return
        relay.stopping = True
        self.relayChanged.emit(ident)
        try:
            if self.host_alive:
                await self.host_call("relay.stop", relay=ident, grace=grace)
        except WorkbenchError as exc:
            if exc.code != "host.no_relay":
                raise
        finally:
            if self.relays.pop(ident, None) is not None:
                self.relayStopped.emit(ident)

    async def relay_pause(self, ident: str, direction: str, on: bool, request: int | None = None) -> None:
        """Pause (``on``) or resume a direction: of one connection, or (request None) of all, and new ones."""
        args: dict[str, Any] = {"relay": ident, "direction": direction}
        if request is not None:
            args["request"] = request
        reply = await self.host_call("relay.pause" if on else "relay.resume", **args)
        self._relay_state(ident, reply, held=False)

    async def relay_held(self, ident: str, direction: str, request: int) -> bytes | None:
        """The chunk a paused direction holds now, or None."""
        reply = await self.host_call("relay.held", relay=ident, direction=direction, request=request)
        data = reply.get("data")
        return bytes.fromhex(data) if isinstance(data, str) else None

    async def relay_release(self, ident: str, direction: str, request: int, data: bytes | None = None) -> None:
        """Let the held chunk go on (replaced by ``data`` first, if given; b"" drops it); the next is held."""
        if data is not None:
            await self.host_call("relay.edit", relay=ident, direction=direction, request=request, data=data.hex())
        await self.host_call("relay.release", relay=ident, direction=direction, request=request)

    async def relay_inject(self, ident: str, direction: str, request: int, data: bytes) -> None:
        """Send bytes of one's own in ``direction`` of one connection, now."""
        await self.host_call("relay.inject", relay=ident, direction=direction, request=request, data=data.hex())

    def _relay_state(self, ident: str, data: dict[str, Any], held: bool = True) -> None:
        """A relay's state from a ``relay.state`` notice, or (``held`` False) from a command's reply.

        A reply's held chunks may be older than the last notice (the relay's threads take or
        hold a chunk after the command returned; the notice that says so can come first), so
        from a reply only what is paused is taken.
        """
        relay = self.relays.get(ident)
        if relay is None:
            return
        if isinstance(data.get("connections"), list):
            conns = [RelayConnection.from_dict(c) for c in data["connections"] if isinstance(c, dict)]
            if not held:
                known = {c.request: c.held for c in relay.connections}
                conns = [dataclasses.replace(c, held=known.get(c.request, c.held)) for c in conns]
            relay.connections = conns
        paused = data.get("paused")
        if isinstance(paused, dict):
            relay.paused = {d: bool(paused.get(d)) for d in RELAY_DIRECTIONS}
        self.relayChanged.emit(ident)

    def _on_relay_notified(self, name: str, data: dict[str, Any]) -> None:
        ident = str(data.get("relay"))
        if name == "relay.state":
            self._relay_state(ident, data)
        elif name == "relay.stopped" and self.relays.pop(ident, None) is not None:
            self.relayStopped.emit(ident)


#: A relay's directions: client to target, target to client (workbench.relay.DIRECTIONS).
RELAY_DIRECTIONS = ("c2s", "s2c")


@dataclass(frozen=True)
class RelayConnection:
    """One relayed connection as the host's ``relay.state`` says: per direction paused, and bytes held."""

    request: int
    client: Address
    open: bool
    paused: dict[str, bool]
    held: dict[str, int | None]  # bytes held now per direction, None: nothing held

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RelayConnection:
        ways: dict[str, dict[str, Any]] = {}
        for d in RELAY_DIRECTIONS:
            way = data.get(d)
            ways[d] = way if isinstance(way, dict) else {}
        held = {d: ways[d].get("held") for d in RELAY_DIRECTIONS}
        return cls(
            int(data.get("request", 0)),
            _address(data.get("client")),
            bool(data.get("open", True)),
            {d: bool(ways[d].get("paused")) for d in RELAY_DIRECTIONS},
            {d: int(n) if isinstance(n, int) else None for d, n in held.items()},
        )


@dataclass
class RelayHandle:
    """A relay the host runs: ``source`` faces the clients (a server), ``upstream_source`` the target."""

    id: str
    source: int
    upstream_source: int
    address: Address
    target: Address
    connections: list[RelayConnection] = field(default_factory=list)
    paused: dict[str, bool] = field(default_factory=lambda: dict.fromkeys(RELAY_DIRECTIONS, False))
    stopping: bool = False

"""The host process: runs every server and client the window asks for, records them, answers on stdout.

``workbench host --session FILE`` (the window starts it after its first frame). Commands
arrive as JSON lines on stdin (workbench.host.protocol); each runs as its own task on this
process's asyncio loop, so a slow stop never holds up a send. Servers run on their own
threads (workbench.server), clients on this loop (workbench.client), and every event and
byte goes to one SessionWriter, which the window tails. No Qt here: the window's work never
slows a server, and ForkingMixIn forks this small process, not the window.

End of stdin (the window closed, or died): stop everything and exit within 2 s.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, BinaryIO

from workbench import __version__
from workbench.client import Client
from workbench.errors import WorkbenchError
from workbench.host import protocol
from workbench.messages import log_message
from workbench.server import ServerRunner, accept_queue
from workbench.session.writer import Batch, SessionWriter
from workbench.spec import ClientSpec, ServerSpec, SockType

log = logging.getLogger("workbench.host")

#: How long stopping on end of stdin lets requests finish before ending them.
EXIT_GRACE = 1.0
#: Past this, the host leaves whatever still runs (children are killed) so it is gone in 2 s.
EXIT_DEADLINE = 1.8
#: Counters (requests, the accept queue) are looked at this often while servers run.
COUNTS_INTERVAL = 0.1

Handler = Callable[[dict[str, Any]], Awaitable[dict[str, Any]]]


class Host:
    """What one window runs: servers, clients, their readers, and the session they record to."""

    def __init__(self, writer: SessionWriter, out: BinaryIO) -> None:
        self.writer = writer
        self.out = out
        self.loop = asyncio.get_running_loop()
        self.servers: dict[str, ServerRunner] = {}
        self.stopping: dict[str, asyncio.Future[None]] = {}
        self.clients: dict[str, Client] = {}
        self.readers: dict[str, asyncio.Task[None]] = {}
        self.executor = ThreadPoolExecutor(max_workers=8, thread_name_prefix="host-worker")
        self.tasks: set[asyncio.Task[Any]] = set()
        self._commit_pending = False
        self._counts: dict[str, Any] = {}
        self._server_numbers = 0
        self._client_numbers = 0
        self.relays: dict[str, Any] = {}  # id -> workbench.relay.RelayRunner
        self._relay_numbers = 0
        self._relay_news: set[str] = set()
        self.handlers: dict[str, Handler] = {
            "hello": self.hello,
            "server.start": self.server_start,
            "server.stop": self.server_stop,
            "server.end_requests": self.server_end_requests,
            "server.requests": self.server_requests,
            "server.breakpoints": self.server_breakpoints,
            "server.release": self.server_release,
            "server.rule_hits": self.server_rule_hits,
            "server.send": self.server_send,
            "client.add": self.client_add,
            "client.call": self.client_call,
            "client.read": self.client_read,
            "client.close": self.client_close,
            "status": self.status,
            "shutdown": self.shutdown_command,
            **self._relay_handlers(),
        }
        writer.add_listener(self._on_commit)

    # -- talking to the window ------------------------------------------------------------

    def send(self, line: bytes) -> None:
        try:
            self.out.write(line)
            self.out.flush()
        except (BrokenPipeError, ValueError, OSError):
            pass  # the window is gone; stdin's end will stop us

    def notify(self, name: str, **data: Any) -> None:
        self.send(protocol.notify(name, **data))

    def _on_commit(self, batch: Batch) -> None:
        """Flusher thread: tell the window there is more to read (coalesced on the loop)."""
        if self._commit_pending or self.loop.is_closed():
            return
        self._commit_pending = True
        try:
            self.loop.call_soon_threadsafe(self._send_commit)
        except RuntimeError:  # the loop closed meanwhile
            pass

    def _send_commit(self) -> None:
        self._commit_pending = False
        self.notify("committed", records=self.writer.committed)

    async def dispatch(self, line: bytes) -> None:
        try:
            command = protocol.parse_command(line)
        except protocol.ProtocolError as exc:
            self.send(protocol.error(getattr(exc, "id", 0), exc))
            return
        handler = self.handlers.get(command.cmd)
        if handler is None:
            self.send(protocol.error(command.id, WorkbenchError("host.unknown_command", command=command.cmd)))
            return
        try:
            result = await handler(command.args)
        except WorkbenchError as exc:
            self.send(protocol.error(command.id, exc))
        except Exception as exc:  # a bug: say so in plain words, keep serving
            log.exception("host: %s failed", command.cmd)
            self.send(protocol.error(command.id, WorkbenchError("host.internal", command=command.cmd, reason=repr(exc))))
        else:
            self.send(protocol.ok(command.id, **result))

    async def blocking(self, fn: Callable[[], Any]) -> Any:
        return await self.loop.run_in_executor(self.executor, fn)

    # -- commands ---------------------------------------------------------------------------

    async def hello(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"version": __version__, "pid": os.getpid(), "session": self.writer.path}

    async def server_start(self, args: dict[str, Any]) -> dict[str, Any]:
        spec = ServerSpec.from_dict(_table(args.get("spec"), "spec"))
        self._server_numbers += 1
        runner = ServerRunner(spec, self.writer, f"server-{self._server_numbers}")
        await self.blocking(runner.start)
        self.servers[runner.id] = runner
        address = runner.address
        log_message(log, logging.INFO, "log.server_started", source=runner.source, server=runner.id,
                    address=_address_text(address))  # fmt: skip
        self._watch_counts()
        server = runner.server
        # the listening (or bound) socket's descriptor, as the window prints self.server.socket
        fd = server.socket.fileno() if server is not None else None  # type: ignore[attr-defined]
        reply: dict[str, Any] = {
            "server": runner.id, "source": runner.source, "address": _jsonable(address), "spec": spec.to_dict(),
            "fd": fd,
        }  # fmt: skip
        queue = accept_queue(runner)  # the first "servers" notice may come before the window knows this server
        if queue is not None:
            reply["queue"], reply["backlog"] = queue
        if runner.tls_info is not None:
            reply["tls"] = runner.tls_info  # the certificate file a client can trust, its fingerprint
        return reply

    def _runner(self, args: dict[str, Any]) -> ServerRunner:
        ident = args.get("server")
        runner = self.servers.get(ident) if isinstance(ident, str) else None
        if runner is None:
            raise WorkbenchError("host.no_server", field="server", server=str(ident))
        return runner

    async def server_stop(self, args: dict[str, Any]) -> dict[str, Any]:
        ident = str(args.get("server"))
        pending = self.stopping.get(ident)
        if pending is not None:
            await pending
            return {"server": ident}
        runner = self._runner(args)
        grace = float(_number(args, "grace", 10.0, low=0, high=MAX_GRACE))
        fut: asyncio.Future[None] = self.loop.create_future()
        self.stopping[ident] = fut
        waiting = asyncio.ensure_future(self._report_waiting(runner))
        try:
            # The reply is a commit point: whatever the server recorded (a thread's last
            # process_request exit, a child's shutdown_request) is in the log when it arrives.
            await self.blocking(lambda: self._stop_and_commit(runner, grace))
        finally:
            waiting.cancel()
            self.servers.pop(ident, None)
            self.stopping.pop(ident, None)
            fut.set_result(None)
        self.notify("server.stopped", server=ident)
        return {"server": ident}

    def _stop_and_commit(self, runner: ServerRunner, grace: float) -> None:
        runner.stop(timeout=grace)
        self.writer.flush()

    async def _report_waiting(self, runner: ServerRunner) -> None:
        """While a stop waits, say which requests hold it (the window offers to end them)."""
        await asyncio.sleep(0.5)
        while True:
            server = runner.server
            if server is None:
                return
            held = [[rid, _jsonable(client)] for rid, client in server.running_requests()]
            if held or runner.active_requests:
                self.notify("server.waiting", server=runner.id, requests=held, active=runner.active_requests)
            await asyncio.sleep(0.5)

    async def server_end_requests(self, args: dict[str, Any]) -> dict[str, Any]:
        runner = self._runner(args) if args.get("server") in self.servers else None
        if runner is None:
            ident = str(args.get("server"))
            raise WorkbenchError("host.no_server", field="server", server=ident)
        return {"ended": await self.blocking(runner.end_requests)}

    async def server_requests(self, args: dict[str, Any]) -> dict[str, Any]:
        runner = self._runner(args)
        server = runner.server
        held = [] if server is None else [[rid, _jsonable(c)] for rid, c in server.running_requests()]
        return {"requests": held, "active": runner.active_requests, "total": runner.total_requests}

    async def server_breakpoints(self, args: dict[str, Any]) -> dict[str, Any]:
        """Set the hooks this server's threads stop at (an empty list: none)."""
        from workbench.events import KINDS
        from workbench.steps import BREAKABLE

        runner = self._runner(args)
        names = args.get("hooks", [])
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise WorkbenchError("host.bad_args", field="hooks", name="hooks")
        by_name = {KINDS[k].name: k for k in BREAKABLE}
        unknown = [n for n in names if n not in by_name]
        if unknown:
            raise WorkbenchError("host.not_breakable", field="hooks", hook=str(unknown[0]))
        ident = runner.id
        breaks = runner.breakpoints(lambda: self._holds_changed(ident))
        breaks.set_kinds(by_name[n] for n in names)
        return {"hooks": sorted(KINDS[k].name for k in breaks.kinds)}

    async def server_release(self, args: dict[str, Any]) -> dict[str, Any]:
        """Step (stop again at the thread's next hook) or Continue one held thread."""
        runner = self._runner(args)
        breaks = runner.breakpoints(lambda: self._holds_changed(runner.id))
        token = args.get("token")
        if isinstance(token, bool) or not isinstance(token, int):
            raise WorkbenchError("host.bad_args", field="token", name="token")
        return {"released": breaks.release(token, step=bool(args.get("step", False)))}

    async def server_rule_hits(self, args: dict[str, Any]) -> dict[str, Any]:
        """The frames each rule of a "rules" server answered so far, and those no rule matched.

        A ForkingMixIn child counts in its own copy of the rules, so its frames are not here.
        """
        runner = self._runner(args)
        rules = getattr(runner.server, "wb_rules", None)
        if rules is None:
            return {"rules": False, "hits": [], "unmatched": 0}
        counts = rules.hits.snapshot()
        return {"rules": True, "hits": list(counts.per_rule), "unmatched": counts.unmatched}

    async def server_send(self, args: dict[str, Any]) -> dict[str, Any]:
        """Bytes typed by hand to one request's peer: sendall (stream) or sendto (datagram), recorded."""
        from workbench.peer_send import MAX_SEND_TIMEOUT

        ident = str(args.get("server"))
        request = _request_arg(args)
        if ident in self.stopping:
            raise WorkbenchError("server.send.not_running", field="server", server=ident, request=request)
        runner = self._runner(args)
        data = _payload(args)
        timeout = float(_number(args, "timeout", 5.0, low=0.0, high=MAX_SEND_TIMEOUT))
        call, sent = await self.blocking(lambda: runner.send_to_request(request, data, timeout))
        return {"server": ident, "request": request, "call": call, "sent": sent}

    def _holds_changed(self, ident: str) -> None:
        """Any thread: a thread was held or released at a breakpoint; tell the window (on the loop)."""

        def send() -> None:
            runner = self.servers.get(ident)
            server = runner.server if runner is not None else None
            breaks = getattr(server, "wb_breaks", None)
            holds = [] if breaks is None else [h.to_dict() for h in breaks.held]
            self.notify("holds", server=ident, holds=holds)

        try:
            self.loop.call_soon_threadsafe(send)
        except RuntimeError:  # the loop is closed: the host is going
            pass

    async def client_add(self, args: dict[str, Any]) -> dict[str, Any]:
        spec = ClientSpec.from_dict(_table(args.get("spec"), "spec"))
        self._client_numbers += 1
        client = Client(spec, self.writer, f"client-{self._client_numbers}")
        self.clients[client.id] = client
        return {"client": client.id, "source": client.source}

    def _client(self, args: dict[str, Any]) -> Client:
        ident = args.get("client")
        client = self.clients.get(ident) if isinstance(ident, str) else None
        if client is None:
            raise WorkbenchError("host.no_client", field="client", client=str(ident))
        return client

    async def client_call(self, args: dict[str, Any]) -> dict[str, Any]:
        client = self._client(args)
        call = args.get("call")
        value: Any = None
        if call in ("connect", "connect_ex"):
            value = await (client.connect() if call == "connect" else client.connect_ex())
        elif call in ("send", "sendall", "sendto"):
            data = _payload(args)
            if call == "send":
                value = await client.send(data)
            elif call == "sendall":
                await client.sendall(data)
                value = len(data)
            else:
                value = await client.sendto(data, _address_arg(args.get("address")))
        elif call == "sendfile":
            value = await client.sendfile(str(args.get("path", "")))
        elif call in ("recv", "recvfrom"):
            bufsize = args.get("bufsize", 65536)
            if call == "recv":
                data = await client.recv(bufsize)
            else:
                data, _sender = await client.recvfrom(bufsize)
            value = len(data)
        elif call == "shutdown":
            await client.shutdown(int(_number(args, "how", 1, low=0, high=2, integer=True)))
        elif call == "setblocking":
            client.setblocking(bool(args.get("flag", True)))
        elif call == "settimeout":
            client.settimeout(args.get("timeout"))
        elif call == "setsockopt_sndbuf":
            value = client.setsockopt_sndbuf(int(_number(args, "size", 4096, low=1, high=1 << 30, integer=True)))
        elif call == "getsockname":
            value = _jsonable(client.getsockname())
        elif call == "getpeername":
            value = _jsonable(client.getpeername())
        elif call == "fileno":
            value = client.fileno()
        else:
            raise WorkbenchError("host.unknown_call", field="call", call=str(call))
        if call in ("connect", "connect_ex") and client.connected and args.get("read", True):
            self._start_reader(client)
        return {"value": value, "state": client.state()}

    async def client_read(self, args: dict[str, Any]) -> dict[str, Any]:
        """Automatic reading on or off: a reader task that keeps calling recv."""
        client = self._client(args)
        if args.get("on", True):
            self._start_reader(client)
        else:
            task = self.readers.pop(client.id, None)
            if task is not None:
                task.cancel()
        return {"reading": client.id in self.readers}

    def _start_reader(self, client: Client) -> None:
        if client.id in self.readers or client.closed:
            return
        self.readers[client.id] = asyncio.ensure_future(self._read_loop(client))

    async def _read_loop(self, client: Client) -> None:
        ident = client.id
        try:
            while not client.closed:
                if client.spec.type is SockType.STREAM:
                    data = await client.wait_recv()
                    if not data:
                        if not client.closed:
                            log_message(log, logging.INFO, "log.peer_closed", source=client.source, client=ident)
                            self.notify("client.state", client=ident, peer_closed=True, state=client.state())
                        return
                else:
                    data, _sender = await client.wait_recvfrom()
                    if not data and client.closed:
                        return
                self.notify("client.received", client=ident, nbytes=len(data), **_tls_hint(client, data))
        except WorkbenchError as exc:
            if not client.closed:
                self.notify("client.error", client=ident, error=exc.to_dict(), state=client.state())
        except asyncio.CancelledError:
            pass
        finally:
            if self.readers.get(ident) is asyncio.current_task():
                self.readers.pop(ident, None)

    async def client_close(self, args: dict[str, Any]) -> dict[str, Any]:
        client = self._client(args)
        await self._close_client(client)
        return {"client": client.id}

    async def _close_client(self, client: Client) -> None:
        self.clients.pop(client.id, None)
        task = self.readers.pop(client.id, None)
        client.close()  # also ends a recv the reader waits in
        if task is not None and not task.done():
            try:
                await asyncio.wait_for(task, 2.0)
            except (TimeoutError, asyncio.CancelledError):
                pass

    async def status(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"servers": self._server_counts(), "clients": [c.state() for c in self.clients.values()]}

    async def shutdown_command(self, args: dict[str, Any]) -> dict[str, Any]:
        await self.shutdown(float(_number(args, "grace", 10.0, low=0, high=MAX_GRACE)))
        return {}

    async def shutdown(self, grace: float) -> None:
        """Close every client and stop every server, in parallel."""
        for client in list(self.clients.values()):
            await self._close_client(client)
        idents = list(self.servers)
        await asyncio.gather(
            *(self.server_stop({"server": i, "grace": grace}) for i in idents),
            *(self.relay_stop({"relay": r, "grace": grace}) for r in list(self.relays)),
            return_exceptions=True,
        )

    # -- relays (workbench/relay.py) ------------------------------------------------------------

    def _relay_handlers(self) -> dict[str, Handler]:
        return {
            "relay.start": self.relay_start,
            "relay.stop": self.relay_stop,
            "relay.connections": self.relay_connections,
            "relay.pause": functools.partial(self.relay_control, "pause"),
            "relay.resume": functools.partial(self.relay_control, "resume"),
            "relay.release": functools.partial(self.relay_control, "release"),
            "relay.held": self.relay_held,
            "relay.edit": functools.partial(self.relay_edit, "edit"),
            "relay.inject": functools.partial(self.relay_edit, "inject"),
        }

    async def relay_start(self, args: dict[str, Any]) -> dict[str, Any]:
        from workbench.relay import RelayRunner, RelaySpec

        spec = RelaySpec.from_dict(args.get("spec"))
        self._relay_numbers += 1
        ident = f"relay-{self._relay_numbers}"
        runner = RelayRunner(spec, self.writer, ident, lambda: self._relay_changed(ident))
        await self.blocking(runner.start)
        self.relays[ident] = runner
        log.info("%s relays %s to %s", ident, _address_text(runner.address), _address_text(spec.to.address),
                 extra={"wb_source": runner.source})  # fmt: skip
        return {"relay": ident, "source": runner.source, "upstream_source": runner.upstream_source,
                "address": _jsonable(runner.address), "spec": spec.to_dict()}  # fmt: skip

    def _relay(self, args: dict[str, Any]) -> Any:
        ident = args.get("relay")
        runner = self.relays.get(ident) if isinstance(ident, str) else None
        if runner is None:
            raise WorkbenchError("host.no_relay", field="relay", relay=str(ident))
        return runner

    async def relay_stop(self, args: dict[str, Any]) -> dict[str, Any]:
        runner = self._relay(args)
        grace = float(args.get("grace", 10.0))
        await self.blocking(lambda: runner.stop(timeout=grace))
        self.relays.pop(runner.id, None)
        self.notify("relay.stopped", relay=runner.id)
        return {"relay": runner.id}

    async def relay_connections(self, args: dict[str, Any]) -> dict[str, Any]:
        runner = self._relay(args)
        return {"connections": runner.state(), "paused": runner.paused_default}

    async def relay_control(self, command: str, args: dict[str, Any]) -> dict[str, Any]:
        """relay.pause / relay.resume (``request`` optional: all) and relay.release (one request)."""
        runner = self._relay(args)
        direction, request = str(args.get("direction")), _request_arg(args, required=False)
        if command == "release":
            if request is None:
                raise WorkbenchError("host.bad_args", field="request", name="request")
            runner.release(direction, request)
        elif command == "resume":
            runner.resume(direction, request)
        else:
            runner.pause(direction, request)
        return {"connections": runner.state(), "paused": runner.paused_default}

    async def relay_held(self, args: dict[str, Any]) -> dict[str, Any]:
        runner = self._relay(args)
        data = runner.held(str(args.get("direction")), _request_arg(args))
        return {"data": None if data is None else data.hex()}

    async def relay_edit(self, command: str, args: dict[str, Any]) -> dict[str, Any]:
        """relay.edit (replace the held chunk) and relay.inject (send bytes of one's own now)."""
        runner = self._relay(args)
        direction, request, data = str(args.get("direction")), _request_arg(args), _payload(args)
        if command == "inject":
            await self.blocking(lambda: runner.inject(direction, request, data))
        else:
            runner.edit(direction, request, data)
        return {"connections": runner.state()}

    def _relay_changed(self, ident: str) -> None:
        """Any thread: a relay's connections or held chunks changed; one notification per loop turn."""

        def send() -> None:
            if ident not in self._relay_news:
                return
            self._relay_news.discard(ident)
            runner = self.relays.get(ident)
            if runner is not None:
                self.notify("relay.state", relay=ident, connections=runner.state(), paused=runner.paused_default)

        if ident in self._relay_news:
            return
        self._relay_news.add(ident)
        try:
            self.loop.call_soon_threadsafe(send)
        except RuntimeError:  # the loop is closed: the host is going
            pass

    # -- counters -----------------------------------------------------------------------------

    def _server_counts(self) -> list[dict[str, Any]]:
        counts = []
        for ident, runner in list(self.servers.items()):
            entry: dict[str, Any] = {
                "server": ident,
                "active": runner.active_requests,
                "total": runner.total_requests,
                "stopping": ident in self.stopping,
            }
            queue = accept_queue(runner)
            if queue is not None:
                entry["queue"], entry["backlog"] = queue
            counts.append(entry)
        return counts

    def _watch_counts(self) -> None:
        if getattr(self, "_counts_task", None) is None:
            self._counts_task = asyncio.ensure_future(self._counts_loop())

    async def _counts_loop(self) -> None:
        try:
            while True:
                counts = self._server_counts()
                if counts != self._counts.get("last"):
                    self._counts["last"] = counts
                    self.notify("servers", servers=counts)
                await asyncio.sleep(COUNTS_INTERVAL)
        except asyncio.CancelledError:
            pass


def _tls_hint(client: Client, data: bytes) -> dict[str, Any]:
    """A plain client's first bytes that look like TLS: the server speaks TLS (said once per client)."""
    if client.spec.tls or getattr(client, "_tls_hinted", False):
        return {}
    from workbench.tls import looks_like_tls

    record = looks_like_tls(data)
    if record is None:
        return {}
    client._tls_hinted = True  # type: ignore[attr-defined]
    return {"hint": WorkbenchError("tls.plain_reply", field="tls", record=record).to_dict()}


def _request_arg(args: dict[str, Any], required: bool = True) -> Any:
    value = args.get("request")
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise WorkbenchError("host.bad_args", field="request", name="request")
    return value


def _table(value: Any, field: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise WorkbenchError("host.bad_args", field=field, name=field)
    return value


#: The longest grace a stop may be given (a day): longer waits overflow the thread timeouts.
MAX_GRACE = 86400.0


def _number(args: dict[str, Any], name: str, default: float, *, low: float, high: float, integer: bool = False) -> float:
    """A numeric argument within [low, high], or host.bad_args naming it (never a ValueError)."""
    value = args.get(name, default)
    kinds = (int,) if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds) or not low <= value <= high:  # NaN too
        raise WorkbenchError("host.bad_args", field=name, name=name)
    return value


def _payload(args: dict[str, Any]) -> bytes:
    data = args.get("data", "")
    if not isinstance(data, str):
        raise WorkbenchError("host.bad_args", field="payload", name="data")
    try:
        return bytes.fromhex(data)
    except ValueError:
        raise WorkbenchError("host.bad_args", field="payload", name="data") from None


def _address_arg(value: Any) -> Any:
    if value is None:
        return None
    return tuple(value) if isinstance(value, list) else value


def _jsonable(address: Any) -> Any:
    if isinstance(address, tuple):
        return list(address)
    if isinstance(address, bytes):
        return address.decode("utf-8", "backslashreplace")
    return address


def _address_text(address: Any) -> str:
    from workbench.events import format_address

    return format_address(address)


async def serve_stdio(session: str) -> int:
    """Run the host on stdin/stdout until stdin ends."""
    from workbench.cli import close_writer, open_writer

    loop = asyncio.get_running_loop()
    writer = open_writer(session)
    out = sys.stdout.buffer
    host = Host(writer, out)
    reader = asyncio.StreamReader(limit=protocol.MAX_LINE)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin.buffer)
    host.notify("ready", pid=os.getpid(), session=session, version=__version__)
    try:
        while True:
            try:
                line = await reader.readline()
            except ValueError:  # a line over the limit: refuse it, keep going
                host.send(protocol.error(0, protocol.ProtocolError("host.line_too_long", limit=protocol.MAX_LINE)))
                continue
            if not line:
                break
            if line.strip():
                task = asyncio.ensure_future(host.dispatch(line))
                host.tasks.add(task)
                task.add_done_callback(host.tasks.discard)
        _exit_watchdog(host)
        # Commands still running (a server.start binding right now) finish first, so what they
        # start is stopped too; a stop that waits is cut short by the shutdown's own grace.
        pending = [t for t in host.tasks if not t.done()]
        if pending:
            await asyncio.wait(pending, timeout=0.5)
        await host.shutdown(EXIT_GRACE)
    finally:
        close_writer(writer)
        host.executor.shutdown(wait=False, cancel_futures=True)
    return 0


def _exit_watchdog(host: Host) -> None:
    """Whatever happens, the host is gone EXIT_DEADLINE after stdin ended."""

    def watch() -> None:
        time.sleep(EXIT_DEADLINE)
        for runner in list(host.servers.values()):
            server = runner.server
            for pid in list(getattr(server, "active_children", None) or ()):
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
        try:
            host.writer.flush()
        finally:
            os._exit(0)

    threading.Thread(target=watch, name="host-exit-watchdog", daemon=True).start()


def main(session: str) -> int:
    """``workbench host``: the host process's entry point."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)  # the session log has every line; stderr is for trouble
    handler.setFormatter(logging.Formatter("workbench host: %(message)s"))
    logger = logging.getLogger("workbench")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C in the window's terminal is the window's
    except ValueError:  # pragma: no cover - not the main thread
        pass
    from workbench.session.writer import prefer_the_flusher

    prefer_the_flusher()
    try:
        return asyncio.run(serve_stdio(session))
    except WorkbenchError as exc:
        sys.stderr.write(f"workbench host: {exc}\n")
        return 2

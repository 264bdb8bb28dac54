"""Real socketserver servers, instrumented: each documented hook reports enter/exit events.

The classes below are the stdlib ones (``TCPServer``, ``UDPServer``, ``UnixStreamServer``,
``UnixDatagramServer``, optionally with ``ThreadingMixIn`` or ``ForkingMixIn``). We never
re-implement the accept loop: ``InstrumentedServer`` overrides the hooks socketserver
documents ("Methods that may be overridden"), reports an ``enter`` event, calls ``super()``
and reports an ``exit`` event (with the error text if the hook raised). Read it side by side
with ``Lib/socketserver.py``.

Spec options map onto socketserver like this:

- ``backlog``            -> ``request_queue_size`` (passed to ``listen()``; stream only)
- ``allow_reuse_address``-> ``allow_reuse_address`` (``SO_REUSEADDR`` before ``bind()``)
- ``timeout``            -> ``BaseServer.timeout`` *and* the request socket's
  ``settimeout()`` (like ``StreamRequestHandler.timeout``). socketserver only honours
  ``BaseServer.timeout`` in ``handle_request()``; ``serve_forever()`` ignores it, so
  ``handle_timeout`` is not seen here. The socket timeout makes a connection that stays
  idle that long end with ``TimeoutError`` -> ``handle_error``.

Two deliberate departures from the stdlib defaults: ``handle_error`` logs the traceback to
the "workbench.server" logger instead of printing it to stderr, and ``max_packet_size`` is
65536 instead of UDPServer's 8192, which silently cuts longer datagrams. Under ForkingMixIn
each child reports its events to the parent through its own pipe (workbench/forking.py).
"""

from __future__ import annotations

import dataclasses
import errno
import functools
import itertools
import logging
import os
import signal
import socket
import socketserver
import stat
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from workbench.errors import WorkbenchError
from workbench.events import Address, Event, EventSink, Phase
from workbench.forking import ChildEventReader, ChildEventWriter
from workbench.handlers import error_text, handler_class
from workbench.spec import Family, Mixin, ServerSpec, SockType

log = logging.getLogger("workbench.server")

#: Seconds between serve_forever's checks for shutdown(); also the worst-case stop latency.
POLL_INTERVAL = 0.1

# getpid() is a system call; events read this instead. Forked children update it.
_PID = os.getpid()


def _refresh_pid() -> None:
    global _PID
    _PID = os.getpid()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_refresh_pid)

# Held from pipe creation until the parent closed its write end, so a child forked by
# another server meanwhile cannot inherit that write end (its reader would wait for EOF).
_FORK_LOCK = threading.Lock()

_now = time.time
_current_thread = threading.current_thread

# Event is a frozen dataclass: its generated __init__ pays an object.__setattr__ per field,
# about 3 µs here, and a datagram makes 20 events. Filling the slots through their
# descriptors builds the identical object 2-3x faster (tests/core/test_server.py checks
# equality); emit() does that inline.
_new = object.__new__
_FIELDS = tuple(f.name for f in dataclasses.fields(Event))
if getattr(Event, "__slots__", None) != _FIELDS:  # pragma: no cover - guards a change in events.py
    raise ImportError("workbench.server expects Event.__slots__ in field order; update emit()")
(
    _set_event, _set_phase, _set_ts, _set_source, _set_role, _set_request,
    _set_thread, _set_pid, _set_data, _set_address, _set_client, _set_error,
) = (getattr(Event, name).__set__ for name in _FIELDS)  # fmt: skip


def new_event(
    event: str, phase: Phase | None, ts: float, source: str, request: int | None, thread: str, pid: int,
    data: bytes | None, address: Address, client: Address, error: str | None,
) -> Event:  # fmt: skip
    """``Event(event, phase, ts, source, "server", ...)``, built without the frozen __init__."""
    ev: Event = _new(Event)
    _set_event(ev, event)
    _set_phase(ev, phase)
    _set_ts(ev, ts)
    _set_source(ev, source)
    _set_role(ev, "server")
    _set_request(ev, request)
    _set_thread(ev, thread)
    _set_pid(ev, pid)
    _set_data(ev, data)
    _set_address(ev, address)
    _set_client(ev, client)
    _set_error(ev, error)
    return ev


class InstrumentedServer(socketserver.BaseServer):
    """The overridable hooks of socketserver, each wrapped in ``enter``/``exit`` events.

    Put first in the bases, before the mixin and the stdlib server class, so every call
    socketserver makes to a hook goes through here first, then to the real code.

    Request ids: ``get_request`` numbers each accepted connection (stream) or datagram
    (dgram) 1, 2, 3 ...; every later event about that request carries the id.
    """

    #: UDPServer reads datagrams with recvfrom(max_packet_size); its default 8192 would cut
    #: larger datagrams short without a word, so allow the largest UDP payload.
    max_packet_size = 65536

    def __init__(
        self,
        server_address: Any,
        RequestHandlerClass: Callable[..., socketserver.BaseRequestHandler],
        *,
        server_id: str,
        spec: ServerSpec,
        sink: EventSink,
    ) -> None:
        self.wb_id = server_id
        self.wb_spec = spec
        self.wb_sink = sink  # in a forked child: the ChildEventWriter of its pipe
        self.wb_stream = spec.type is SockType.STREAM
        self.request_queue_size = spec.backlog
        self.allow_reuse_address = spec.allow_reuse_address
        self.timeout = spec.timeout
        #: set when stop() gives up waiting: handlers cut their delay short.
        self.force_stop = threading.Event()
        # ForkingMixIn: children report through pipes read by this thread in the parent.
        self._fork_events = (
            ChildEventReader(server_id, sink, self._request_done) if spec.mixin is Mixin.FORKING else None
        )
        self._child_pipe: int | None = None
        self._parent_pid = _PID
        self._next_request = 1
        # id(request object) -> (request id, client address, request); removed by close_request.
        self._requests: dict[int, tuple[int, Any, Any]] = {}
        self._counts = threading.Lock()
        self.accepted = 0
        self.finished = 0
        try:
            super().__init__(server_address, RequestHandlerClass, True)  # type: ignore[call-arg]
        except BaseException:
            if self._fork_events is not None:  # socket() itself failed: server_close() never ran
                self._fork_events.close()
            raise

    # -- event plumbing (not socketserver API) ------------------------------------------

    def emit(
        self,
        event: str,
        phase: Phase | None,
        request: int | None = None,
        client: Address = None,
        data: bytes | None = None,
        address: Address = None,
        error: str | None = None,
    ) -> None:
        # new_event(), inlined: this runs for every event of every request.
        ev: Event = _new(Event)
        _set_event(ev, event)
        _set_phase(ev, phase)
        _set_ts(ev, _now())
        _set_source(ev, self.wb_id)
        _set_role(ev, "server")
        _set_request(ev, request)
        _set_thread(ev, _current_thread().name)
        _set_pid(ev, _PID)
        _set_data(ev, data)
        _set_address(ev, address)
        _set_client(ev, client)
        _set_error(ev, error)
        self.wb_sink(ev)

    def request_info(self, request: Any) -> tuple[int | None, Any]:
        """(request id, client address) of a request object socketserver passes around."""
        entry = self._requests.get(id(request))
        return (None, None) if entry is None else (entry[0], entry[1])

    def log(self, level: int, message: str) -> None:
        """Log to "workbench.server"; a forked child sends the record to the parent."""
        if isinstance(self.wb_sink, ChildEventWriter):
            self.wb_sink.log(level, message)
        else:
            log.log(level, message)

    def reporting(self, name: str, request: Any = None) -> Reporting:
        """``with self.reporting("hook", request):`` emits enter, then exit (with any error)."""
        entry = self._requests.get(id(request))
        return (
            Reporting(self, name, None, None) if entry is None else Reporting(self, name, entry[0], entry[1])
        )

    def _request_done(self) -> None:
        with self._counts:
            self.finished += 1

    def wait_idle(self, timeout: float) -> bool:
        """Wait until every accepted request is finished; False on timeout."""
        # Polled: only stop() waits, and a Condition's notify would cost every request.
        deadline = time.monotonic() + timeout
        while self.finished < self.accepted:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.01)
        return True

    # -- server-level hooks -------------------------------------------------------------

    def server_bind(self) -> None:
        with self.reporting("server_bind") as report:
            super().server_bind()  # type: ignore[misc]  # TCPServer/UDPServer have it
            report.address = self.server_address  # type: ignore[assignment]  # real port if 0 was asked

    def server_activate(self) -> None:
        with self.reporting("server_activate"):
            super().server_activate()

    def serve_forever(self, poll_interval: float = 0.5) -> None:
        with self.reporting("serve_forever"):
            super().serve_forever(poll_interval)

    def shutdown(self) -> None:
        with self.reporting("shutdown"):
            super().shutdown()

    def server_close(self) -> None:
        with self.reporting("server_close"):
            try:
                super().server_close()  # ThreadingMixIn/ForkingMixIn wait for threads/children here
            finally:
                if self._fork_events is not None:
                    if not self._fork_events.drain(timeout=5.0):
                        self.log(logging.WARNING, f"{self.wb_id}: a forked child never closed its event pipe")
                    self._fork_events.close()

    def handle_timeout(self) -> None:
        with self.reporting("handle_timeout"):
            super().handle_timeout()

    # -- per-request hooks --------------------------------------------------------------

    def get_request(self) -> tuple[Any, Any]:
        rid = self._next_request  # the number this request gets if accept()/recvfrom() succeeds
        with Reporting(self, "get_request", rid, None) as report:
            request, client_address = super().get_request()
            self._next_request += 1
            with self._counts:
                self.accepted += 1
            self._requests[id(request)] = (rid, client_address, request)
            report.client = client_address
            if not self.wb_stream:  # UDPServer.get_request() did the recvfrom(); show its bytes
                self.emit("recvfrom", None, rid, client_address, data=request[0])
        return request, client_address

    def verify_request(self, request: Any, client_address: Any) -> bool:
        with self.reporting("verify_request", request):
            ok = super().verify_request(request, client_address)
            if ok and self.wb_spec.allow and not self.wb_spec.allows(str(client_address[0])):
                rid = self.request_info(request)[0]
                allowed = ", ".join(self.wb_spec.allow)
                self.log(
                    logging.WARNING,
                    f"{self.wb_id}: request {rid} from {client_address[0]} rejected: not in the allow list ({allowed})",
                )
                return False
            return ok

    def process_request(self, request: Any, client_address: Any) -> None:
        if self._fork_events is None:
            with self.reporting("process_request", request):
                super().process_request(request, client_address)
            return
        # ForkingMixIn: give the child its own event pipe, made before fork().
        with _FORK_LOCK:
            read_end, self._child_pipe = os.pipe()
            forked = False
            try:
                with self.reporting("process_request", request):
                    super().process_request(request, client_address)  # fork() happens in here
                forked = True
            finally:
                # Only the parent gets here: the child leaves through os._exit().
                os.close(self._child_pipe)
                self._child_pipe = None
                if forked:
                    self._fork_events.add(read_end)
                else:
                    os.close(read_end)

    def finish_request(self, request: Any, client_address: Any) -> None:
        if self._child_pipe is not None and _PID != self._parent_pid:
            self._become_forked_child()
        with self.reporting("finish_request", request):
            super().finish_request(request, client_address)  # runs the RequestHandlerClass

    def _become_forked_child(self) -> None:
        """In a ForkingMixIn child: send events to the parent, leave Ctrl+C to the parent."""
        assert self._child_pipe is not None
        self.wb_sink = ChildEventWriter(self._child_pipe)
        self._fork_events = None
        try:
            # Ctrl+C reaches the whole process group; the parent decides and lets the child
            # finish its reply. stop() ends stragglers with SIGTERM, which must just end it.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
        except ValueError:  # pragma: no cover - not the main thread in this child
            pass

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Replaces BaseServer.handle_error (which prints to stderr): logs the traceback."""
        with self.reporting("handle_error", request):
            details = traceback.format_exc()
            summary = details.strip().splitlines()[-1]
            rid = self.request_info(request)[0]
            self.log(
                logging.ERROR,
                f"{self.wb_id}: request {rid} from {client_address!r} failed: {summary}\n{details}",
            )

    def shutdown_request(self, request: Any) -> None:
        try:
            with self.reporting("shutdown_request", request):
                super().shutdown_request(request)  # TCPServer: shutdown(SHUT_WR), then close_request
        finally:
            if _PID == self._parent_pid:  # a forked child's request ends when its pipe closes
                self._request_done()

    def close_request(self, request: Any) -> None:
        try:
            with self.reporting("close_request", request):
                super().close_request(request)
        finally:
            self._requests.pop(id(request), None)

    # -- forced stop --------------------------------------------------------------------

    def end_stragglers(self) -> int:
        """Make requests that outlived stop()'s grace period end now; returns how many."""
        self.force_stop.set()
        count = 0
        if self.wb_stream:
            for _rid, _client, request in list(self._requests.values()):
                try:
                    request.shutdown(socket.SHUT_RDWR)  # blocked recv()/sendall() return
                    count += 1
                except OSError:
                    pass
        for pid in list(getattr(self, "active_children", None) or ()):
            try:
                os.kill(pid, signal.SIGTERM)
                count += 1
            except ProcessLookupError:
                pass
        return count


class Reporting:
    """Context manager behind ``InstrumentedServer.reporting``: enter/exit events of one hook."""

    __slots__ = ("address", "client", "name", "request", "server")

    def __init__(self, server: InstrumentedServer, name: str, request: int | None, client: Address) -> None:
        self.server = server
        self.name = name
        self.request = request
        self.client = client
        self.address: Address = None

    def __enter__(self) -> Reporting:
        self.server.emit(self.name, "enter", self.request, self.client)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        error = None if exc is None else error_text(exc)
        self.server.emit(self.name, "exit", self.request, self.client, address=self.address, error=error)


# -- building servers -----------------------------------------------------------------------

_BASES: dict[tuple[bool, SockType], type[socketserver.BaseServer]] = {
    (False, SockType.STREAM): socketserver.TCPServer,
    (False, SockType.DGRAM): socketserver.UDPServer,
}
if hasattr(socketserver, "UnixStreamServer"):
    _BASES[(True, SockType.STREAM)] = socketserver.UnixStreamServer
    _BASES[(True, SockType.DGRAM)] = socketserver.UnixDatagramServer

_MIXINS: dict[Mixin, type | None] = {
    Mixin.NONE: None,
    Mixin.THREADING: socketserver.ThreadingMixIn,
    Mixin.FORKING: getattr(socketserver, "ForkingMixIn", None),
}


@functools.cache
def server_class(family: Family, type_: SockType, mixin: Mixin) -> type[InstrumentedServer]:
    """``class Workbench<Mixin><Base>(InstrumentedServer, <Mixin>, <Base>)`` for one combination."""
    base = _BASES[(family is Family.UNIX, type_)]
    mixin_class = _MIXINS[mixin]
    bases: tuple[type, ...] = (
        (InstrumentedServer, base) if mixin_class is None else (InstrumentedServer, mixin_class, base)
    )
    name = "Workbench" + (mixin_class.__name__ if mixin_class else "") + base.__name__
    namespace: dict[str, Any] = {"__module__": __name__}
    if family is not Family.UNIX:
        namespace["address_family"] = family.constant  # AF_INET6: same classes, other family
    return type(name + ("6" if family is Family.INET6 else ""), bases, namespace)


def build_server(spec: ServerSpec, sink: EventSink, server_id: str) -> InstrumentedServer:
    """Construct (bind + activate) the server for a spec; OSError propagates unchanged."""
    cls = server_class(spec.family, spec.type, spec.mixin)
    return cls(spec.address, handler_class(spec.handler), server_id=server_id, spec=spec, sink=sink)


def bind_error_message(spec: ServerSpec, exc: OSError) -> str:
    """A plain-words explanation of why binding a server failed."""
    if spec.family is Family.UNIX:
        where = f"socket path {spec.path}"
        if exc.errno == errno.EADDRINUSE:
            return f"{where} is already used by a running server; choose another path"
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return f"permission denied creating {where} (choose a directory you can write to, e.g. /tmp)"
        if exc.errno == errno.ENOENT:
            return f"cannot create {where}: the directory {os.path.dirname(spec.path or '') or '.'} does not exist"
        return f"cannot bind {where}: {exc.strerror or exc}"
    where = f"{spec.host} port {spec.port}"
    if isinstance(exc, socket.gaierror):
        return f"cannot bind {spec.host!r}: not a known host name or address ({exc.strerror})"
    if exc.errno == errno.EADDRINUSE:
        return f"port {spec.port} on {spec.host} is already in use; choose another port (0 picks a free one)"
    if exc.errno in (errno.EACCES, errno.EPERM):
        if 0 < spec.port < 1024:
            return (
                f"permission denied for port {spec.port}: ports below 1024 need administrator rights; "
                "use a port from 1024 up (or 0 for a free one)"
            )
        return f"permission denied binding {where}"
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"{spec.host} is not an address of this machine (use 127.0.0.1, or 0.0.0.0 for all interfaces)"
    if exc.errno == errno.EAFNOSUPPORT:
        return f"{spec.family.label} is not supported on this machine"
    return f"cannot bind {where}: {exc.strerror or exc}"


def _prepare_unix_path(spec: ServerSpec) -> None:
    """Refuse a non-socket file at the path; replace a stale socket file nobody listens on."""
    path = spec.path
    assert path is not None
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    except PermissionError:
        raise WorkbenchError(
            f"permission denied for socket path {path} (you cannot enter its directory)"
        ) from None
    except OSError as exc:
        raise WorkbenchError(f"cannot use socket path {path}: {exc.strerror}") from None
    if not stat.S_ISSOCK(st.st_mode):
        kind = "a directory" if stat.S_ISDIR(st.st_mode) else "a file that is not a socket"
        raise WorkbenchError(f"{path} already exists and is {kind}; remove it or choose another path")
    probe = socket.socket(socket.AF_UNIX, spec.type.constant)
    try:
        probe.settimeout(1.0)
        probe.connect(path)
    except (ConnectionRefusedError, FileNotFoundError):
        pass  # stale: left behind by a server that is gone
    except OSError as exc:
        if exc.errno != errno.EPROTOTYPE:  # EPROTOTYPE: someone has it bound with the other type
            raise WorkbenchError(f"cannot use socket path {path}: {exc.strerror}") from None
        raise WorkbenchError(
            f"socket path {path} is already used by a running server; choose another path"
        ) from None
    else:
        raise WorkbenchError(f"socket path {path} is already used by a running server; choose another path")
    finally:
        probe.close()
    try:
        os.unlink(path)
        log.info("removed stale socket file %s (no server was listening on it)", path)
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise WorkbenchError(f"cannot replace the stale socket file {path}: {exc.strerror}") from None


_server_numbers = itertools.count(1)


class ServerRunner:
    """Starts one instrumented server on its own serve thread and stops it cleanly."""

    def __init__(self, spec: ServerSpec, sink: EventSink, server_id: str | None = None) -> None:
        self.id = server_id or f"server-{next(_server_numbers)}"
        self.spec = spec
        self._sink = sink
        self._server: InstrumentedServer | None = None
        self._thread: threading.Thread | None = None
        self._unix_file: tuple[int, int] | None = None  # (st_dev, st_ino) of the file we created
        self._stop_lock = threading.Lock()
        self._stopped = False

    @property
    def address(self) -> tuple[Any, ...] | str:
        if self._server is None:
            raise WorkbenchError(f"{self.id} is not started")
        address: tuple[Any, ...] | str = self._server.server_address  # type: ignore[assignment]
        return address

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive() and not self._stopped

    @property
    def active_requests(self) -> int:
        server = self._server
        return 0 if server is None else max(0, server.accepted - server.finished)

    @property
    def total_requests(self) -> int:
        return 0 if self._server is None else self._server.accepted

    def start(self) -> None:
        """Bind and activate here (errors raise WorkbenchError), then serve on a new thread."""
        if self._server is not None or self._stopped:
            raise WorkbenchError(f"{self.id} was already started or stopped; a runner starts once")
        if self.spec.family is Family.UNIX:
            _prepare_unix_path(self.spec)
        try:
            server = build_server(self.spec, self._sink, self.id)
        except OSError as exc:
            raise WorkbenchError(bind_error_message(self.spec, exc)) from None
        self._server = server
        if self.spec.family is Family.UNIX:
            st = os.stat(server.server_address)  # type: ignore[arg-type]
            self._unix_file = (st.st_dev, st.st_ino)
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": POLL_INTERVAL}, name=f"{self.id}-serve"
        )
        try:
            self._thread.start()
        except BaseException:
            self._stopped = True
            server.server_close()
            self._remove_unix_file()
            raise

    def stop(self, timeout: float = 10.0) -> None:
        """Stop accepting, let in-flight requests finish (up to ``timeout`` s), close, clean up.

        Blocking and idempotent; call it from any thread except the serve thread (and not
        from a GUI thread). Requests still running after ``timeout`` are ended: their
        sockets are shut down, delays cut short, forked children sent SIGTERM.
        """
        with self._stop_lock:
            if self._stopped or self._server is None:
                self._stopped = True
                return
            self._stopped = True
            server, serve_thread = self._server, self._thread
            assert serve_thread is not None
            if threading.current_thread() is serve_thread:
                raise WorkbenchError("stop() was called from the serve thread; it would wait for itself")
            # shutdown() blocks until serve_forever() returns, which (without a mixin) waits
            # for the request in progress; run it beside us so we can keep the time limit.
            shutter = threading.Thread(target=server.shutdown, name=f"{self.id}-shutdown")
            shutter.start()
            deadline = time.monotonic() + timeout
            shutter.join(timeout)
            idle = server.wait_idle(max(0.0, deadline - time.monotonic()))
            if shutter.is_alive() or not idle:
                ended = server.end_stragglers()
                log.warning(
                    "%s: %d request(s) still running after %.1f s were ended", self.id, ended, timeout
                )
                shutter.join(5.0)
            serve_thread.join(5.0)
            server.server_close()  # ThreadingMixIn joins handler threads, ForkingMixIn reaps children
            self._remove_unix_file()

    def end_requests(self) -> int:
        """End running requests now instead of waiting (stop()'s last resort); returns how many."""
        server = self._server
        return 0 if server is None else server.end_stragglers()

    def _remove_unix_file(self) -> None:
        if self._unix_file is None or self.spec.path is None:
            return
        try:
            st = os.lstat(self.spec.path)
            if (st.st_dev, st.st_ino) == self._unix_file:  # never delete a file someone else made
                os.unlink(self.spec.path)
        except FileNotFoundError:
            pass
        self._unix_file = None

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

import errno
import functools
import itertools
import logging
import os
import signal
import socket
import socketserver
import stat
import struct
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from workbench.errors import WorkbenchError
from workbench.events import Kind, Phase
from workbench.forking import ChildEventReader, ChildRecorder
from workbench.handlers import error_text, handler_class
from workbench.peer_send import DATAGRAM_PEERS
from workbench.session.writer import Recorder, SessionWriter
from workbench.spec import Family, Handler, Loop, Mixin, ServerSpec, SockType

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

_ENTER, _EXIT = int(Phase.ENTER), int(Phase.EXIT)


class InstrumentedServer(socketserver.BaseServer):
    """The overridable hooks of socketserver, each wrapped in ``enter``/``exit`` events.

    Put first in the bases, before the mixin and the stdlib server class, so every call
    socketserver makes to a hook goes through here first, then to the real code.

    Request ids: ``get_request`` numbers each accepted connection (stream) or datagram
    (dgram) 1, 2, 3 ...; every later event about that request carries the id and the
    client's address. Return values a student should see go on the exit event: the
    accepted address (get_request) and True/False (verify_request).
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
        recorder: SessionWriter,
    ) -> None:
        self.wb_id = server_id
        self.wb_spec = spec
        self.wb_rec: Recorder = recorder  # in a forked child: the ChildRecorder of its pipe
        self.wb_src = recorder.add_source(server_id, "server", spec.to_dict())
        self.wb_stream = spec.type is SockType.STREAM
        #: the "rules" handler's rules (one RuleSet per server: its hit counters are this server's)
        self.wb_rules = spec.parse_rules() if spec.handler is Handler.RULES else None
        #: breakpoints (workbench/steps.py), or None: no hook stops
        self.wb_breaks: Any = None
        #: set by stop() in the handle_request() loop, so the wake-up it causes is no request
        self.wb_stopping = False
        self.request_queue_size = spec.backlog
        self.allow_reuse_address = spec.allow_reuse_address
        self.timeout = spec.timeout
        #: set when stop() gives up waiting: handlers cut their delay short.
        self.force_stop = threading.Event()
        # ForkingMixIn: children report through pipes read by this thread in the parent.
        self._fork_events = (
            ChildEventReader(server_id, recorder, self._request_done, self._child_paused, self._child_rule_hit)
            if spec.mixin is Mixin.FORKING
            else None
        )
        self._child_pipe: int | None = None
        self._parent_pid = _PID
        self._next_request = 1
        # id(request object) -> (request id, client address, its address id, request)
        self._requests: dict[int, tuple[int, Any, int, Any]] = {}
        # ForkingMixIn parent: a child's report pipe -> (request id, client address). The parent
        # closes its copy of the request right after fork(), yet a stop still waits for it.
        self._forked: dict[int, tuple[int, Any]] = {}
        # datagram: request id -> (sender, its address id) of the newest datagrams, so a reply
        # typed by hand (workbench/peer_send.py) can reach the sender after its request ended
        self._datagram_peers: dict[int, tuple[Any, int]] = {}
        self._counts = threading.Lock()
        self.accepted = 0
        self.finished = 0
        #: the TLS option (workbench/tls.py): a certificate made now (cached per host), each accepted
        #: socket wrapped; ssl is imported only then (the bundle may leave it out)
        self.wb_tls: Any = _server_tls(spec) if spec.tls else None
        try:
            super().__init__(server_address, RequestHandlerClass, True)  # type: ignore[call-arg]
        except BaseException:
            if self._fork_events is not None:  # socket() itself failed: server_close() never ran
                self._fork_events.close()
            if self.wb_tls is not None:
                self.wb_tls.close()
            raise
        if self.wb_tls is not None:
            recorder.source_info(self.wb_src, tls=self.wb_tls.info())

    # -- event plumbing (not socketserver API) ------------------------------------------

    def request_info(self, request: Any) -> tuple[int, Any, int]:
        """(request id, client address, address id) of a request object; (0, None, 0) if unknown."""
        entry = self._requests.get(id(request))
        return (0, None, 0) if entry is None else entry[:3]

    def live_request(self, rid: int) -> tuple[Any, int, Any] | None:
        """(client address, address id, request object) of a request still running; None if it ended."""
        for entry in list(self._requests.values()):
            if entry[0] == rid:
                return entry[1], entry[2], entry[3]
        return None

    def datagram_peer(self, rid: int) -> tuple[Any, int] | None:
        """(sender, address id) of one of the newest datagram requests; None if not kept (or a stream server)."""
        return self._datagram_peers.get(rid)

    @property
    def next_request_id(self) -> int:
        """The id the next request will get (every lower id > 0 was given out)."""
        return self._next_request

    def log(self, level: int, code: str, **params: Any) -> None:
        """Log a catalogued line to "workbench.server"; a forked child sends it to the parent."""
        from workbench.messages import log_message, render

        if isinstance(self.wb_rec, ChildRecorder):
            self.wb_rec.log(level, render(code, params, "en"), self.wb_src, code, params)
        else:
            log_message(log, level, code, source=self.wb_src, **params)

    def reporting(self, kind: Kind, request: Any = None) -> Reporting:
        """``with self.reporting(Kind.X, request):`` records enter, then exit (with any error)."""
        entry = self._requests.get(id(request)) if request is not None else None
        return Reporting(self, kind, 0, 0) if entry is None else Reporting(self, kind, entry[0], entry[2])

    def _child_rule_hit(self, rule: int | None) -> None:
        """A forked child's rule answered a frame: count it here, where server.rule_hits reads."""
        rules = self.wb_rules
        if rules is not None and (rule is None or 0 <= rule < len(rules.rules)):
            rules.hits.record(rule)

    def _child_paused(self, entry: dict[str, Any], release: Callable[[bool], None]) -> None:
        """A forked child waits at a breakpoint (its reader thread says so)."""
        from workbench.events import Kind as _Kind
        from workbench.steps import Hold

        if self.wb_breaks is None:
            release(False)
            return
        hold = Hold(0, self.wb_id, _Kind(int(entry.get("hook", 0))), int(entry.get("request") or 0),
                    str(entry.get("thread", "")), int(entry.get("pid", 0)), release=release)  # fmt: skip
        self.wb_breaks.add_remote(hold)

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

    def running_requests(self) -> list[tuple[int, Any]]:
        """(request id, client address) of every request accepted and not yet closed.

        Under ForkingMixIn: of every child still running its request (its pipe is open).
        """
        running = [(rid, client) for rid, client, _aid, _req in list(self._requests.values())]
        if self._fork_events is not None and self._forked:
            open_pipes = self._fork_events.open_pipes()
            running += sorted(entry for fd, entry in list(self._forked.items()) if fd in open_pipes)
        return running

    # -- server-level hooks -------------------------------------------------------------

    def server_bind(self) -> None:
        with self.reporting(Kind.SERVER_BIND) as report:
            super().server_bind()  # type: ignore[misc]  # TCPServer/UDPServer have it
            report.peer = self.wb_rec.address_id(self.server_address)  # type: ignore[arg-type]  # real port if 0 asked
            if self.wb_spec.join:
                self._join_groups()

    def _join_groups(self) -> None:
        """Multicast: join each group after bind() (one recorded setsockopt each); a refusal is plain words."""
        import json

        from workbench import multicast

        spec = self.wb_spec
        for option in multicast.join_options(spec.family.value, spec.join, spec.join_interface):
            detail = json.dumps(option.detail).encode()
            try:
                multicast.apply(self.socket, option)  # type: ignore[attr-defined]  # UDPServer has it
            except OSError as exc:
                self.wb_rec.event(Kind.SETSOCKOPT, 0, self.wb_src, error=error_text(exc), detail=detail)
                raise WorkbenchError(
                    "multicast.join_failed", field="join", group=option.detail["group"],
                    interface=spec.join_interface or "any", reason=exc.strerror or str(exc),
                ) from None  # fmt: skip
            self.wb_rec.event(Kind.SETSOCKOPT, 0, self.wb_src, value=option.shown, detail=detail)
        self.wb_rec.source_info(self.wb_src, joined=list(spec.join))  # type: ignore[attr-defined]

    def server_activate(self) -> None:
        with self.reporting(Kind.SERVER_ACTIVATE):
            super().server_activate()

    def serve_forever(self, poll_interval: float = 0.5) -> None:
        with self.reporting(Kind.SERVE_FOREVER):
            super().serve_forever(poll_interval)

    def handle_request(self) -> None:
        with self.reporting(Kind.HANDLE_REQUEST):
            super().handle_request()

    def shutdown(self) -> None:
        with self.reporting(Kind.SHUTDOWN):
            super().shutdown()

    def server_close(self) -> None:
        with self.reporting(Kind.SERVER_CLOSE):
            try:
                super().server_close()  # ThreadingMixIn/ForkingMixIn wait for threads/children here
            finally:
                if self.wb_tls is not None:
                    self.wb_tls.close()  # the certificate file goes with the server
                if self._fork_events is not None:
                    if not self._fork_events.drain(timeout=5.0):
                        self.log(logging.WARNING, "log.child_pipe_open", server=self.wb_id)
                    self._fork_events.close()

    def handle_timeout(self) -> None:
        with self.reporting(Kind.HANDLE_TIMEOUT):
            super().handle_timeout()

    # -- per-request hooks --------------------------------------------------------------

    def get_request(self) -> tuple[Any, Any]:
        if self.wb_stopping:  # stop() woke the handle_request() loop: not a request
            raise OSError(errno.ESHUTDOWN, "the server is stopping")
        rid = self._next_request  # the number this request gets if accept()/recvfrom() succeeds
        with Reporting(self, Kind.GET_REQUEST, rid, 0) as report:
            request, client_address = super().get_request()
            if self.wb_tls is not None:  # the handshake waits for finish_request, on the request's thread
                request = self.wb_tls.wrap(request)
            self._next_request += 1
            with self._counts:
                self.accepted += 1
            aid = self.wb_rec.address_id(client_address)
            self._requests[id(request)] = (rid, client_address, aid, request)
            report.peer = aid
            if self.wb_stream:
                report.value = request.fileno()  # what self.request is: the accepted socket's fd
            if not self.wb_stream:  # UDPServer.get_request() did the recvfrom(); show its bytes
                self.wb_rec.data(Kind.RECVFROM, self.wb_src, rid, aid, request[0])
                peers = self._datagram_peers
                peers[rid] = (client_address, aid)
                if len(peers) > DATAGRAM_PEERS:
                    del peers[next(iter(peers))]  # the oldest (dicts keep insertion order)
        return request, client_address

    def verify_request(self, request: Any, client_address: Any) -> bool:
        with self.reporting(Kind.VERIFY_REQUEST, request) as report:
            ok = super().verify_request(request, client_address)
            if ok and self.wb_spec.allow and not self.wb_spec.allows(str(client_address[0])):
                rid = self.request_info(request)[0]
                allowed = ", ".join(self.wb_spec.allow)
                self.log(
                    logging.WARNING, "log.rejected", server=self.wb_id, request=rid, client=client_address[0], allowed=allowed
                )
                ok = False
            report.value = int(bool(ok))
            return ok

    def process_request(self, request: Any, client_address: Any) -> None:
        if self._fork_events is None:
            with self.reporting(Kind.PROCESS_REQUEST, request):
                super().process_request(request, client_address)
            return
        # ForkingMixIn: give the child its own report channel (a socketpair: records go up, a
        # breakpoint's step/continue comes down), made before fork().
        entry = self._requests.get(id(request))
        with _FORK_LOCK:
            parent_end, child_end = socket.socketpair()
            read_end, self._child_pipe = parent_end.detach(), child_end.detach()
            forked = False
            try:
                with self.reporting(Kind.PROCESS_REQUEST, request):
                    super().process_request(request, client_address)  # fork() happens in here
                forked = True
            finally:
                # Only the parent gets here: the child leaves through os._exit().
                os.close(self._child_pipe)
                self._child_pipe = None
                if forked:
                    # Only this thread changes _forked: forget children whose pipes are closed.
                    open_pipes = self._fork_events.open_pipes()
                    for fd in [fd for fd in self._forked if fd not in open_pipes]:
                        del self._forked[fd]
                    if entry is not None:
                        self._forked[read_end] = (entry[0], entry[1])
                    self._fork_events.add(read_end)
                else:
                    os.close(read_end)

    def finish_request(self, request: Any, client_address: Any) -> None:
        if self._child_pipe is not None and _PID != self._parent_pid:
            self._become_forked_child(request)
        with self.reporting(Kind.FINISH_REQUEST, request):
            if self.wb_tls is not None and not self._tls_handshake(request):
                return  # the handshake failed: no handler; shutdown_request closes the connection
            super().finish_request(request, client_address)  # runs the RequestHandlerClass

    def _tls_handshake(self, request: Any) -> bool:
        """TLS: ``do_handshake()`` on the accepted socket, recorded with the version and cipher it chose.

        A failure is recorded with its reason in plain words (a message code in the detail),
        logged, and ends the request before any handler runs.
        """
        import json

        from workbench import tls

        rid, _client, aid = self.request_info(request)
        before = request.gettimeout()
        request.settimeout(self.wb_spec.timeout or tls.HANDSHAKE_TIMEOUT)  # a silent client must not hold it
        try:
            request.do_handshake()
        except (OSError, ValueError) as exc:  # ssl.SSLError is an OSError
            problem = tls.server_problem(exc)
            detail = json.dumps({"problem": problem.code, **problem.params}).encode()
            self.wb_rec.event(Kind.DO_HANDSHAKE, 0, self.wb_src, rid, aid, error=error_text(exc), detail=detail)
            self.log(logging.WARNING, f"{self.wb_id}: request {rid}: {problem.text('en')}")
            tls.discard_unread(request)
            return False
        finally:
            request.settimeout(before)
        detail = json.dumps(tls.handshake_detail(request)).encode()
        self.wb_rec.event(Kind.DO_HANDSHAKE, 0, self.wb_src, rid, aid, detail=detail)
        return True

    def _become_forked_child(self, request: Any) -> None:
        """In a ForkingMixIn child: record through the pipe, keep no other descriptor.

        The child keeps its request socket, this server's listening socket, its pipe and
        stderr; stdin and stdout become /dev/null (they are the host's command pipes), and
        everything else inherited from the parent (other servers' sockets, clients, the
        session file) is closed, so closing a client ends its forked request at once.
        """
        assert self._child_pipe is not None
        recorder = self.wb_rec = ChildRecorder(self._child_pipe)
        self._fork_events = None
        if self.wb_rules is not None:
            # the counters the window shows are the parent's: each hit goes up the pipe
            self.wb_rules.hits.record = recorder.rule_hit
        if self.wb_breaks is not None:
            from workbench.steps import ChildBreakpoints

            self.wb_breaks = ChildBreakpoints(self.wb_breaks.kinds, self._child_pipe, recorder.announce)
        # Address ids are the writer's; the child's recorder defines its own.
        entry = self._requests.get(id(request))
        self._requests = {}
        if entry is not None:
            rid, client, _aid, req = entry
            self._requests[id(request)] = (rid, client, self.wb_rec.address_id(client), req)
        keep = {2, self._child_pipe, self.socket.fileno()}  # type: ignore[attr-defined]  # TCPServer has it
        if isinstance(request, socket.socket):
            keep.add(request.fileno())
        _close_all_but(keep)
        _die_with_parent()
        try:
            # Ctrl+C reaches the whole process group; the parent decides and lets the child
            # finish its reply. stop() ends stragglers with SIGTERM, which must just end it.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
        except ValueError:  # pragma: no cover - not the main thread in this child
            pass

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Replaces BaseServer.handle_error (which prints to stderr): logs the traceback."""
        with self.reporting(Kind.HANDLE_ERROR, request):
            details = traceback.format_exc()
            summary = details.strip().splitlines()[-1]
            rid = self.request_info(request)[0]
            self.log(
                logging.ERROR, "log.handle_error", server=self.wb_id, request=rid, client=repr(client_address),
                summary=summary, details=details,
            )  # fmt: skip

    def shutdown_request(self, request: Any) -> None:
        try:
            with self.reporting(Kind.SHUTDOWN_REQUEST, request):
                if self.wb_tls is not None:
                    from workbench.tls import send_close_notify

                    send_close_notify(request)  # TLS's own "no more data", before TCP's FIN
                super().shutdown_request(request)  # TCPServer: shutdown(SHUT_WR), then close_request
        finally:
            if _PID == self._parent_pid:  # a forked child's request ends when its pipe closes
                self._request_done()

    def close_request(self, request: Any) -> None:
        try:
            with self.reporting(Kind.CLOSE_REQUEST, request):
                super().close_request(request)
        finally:
            self._requests.pop(id(request), None)

    # -- forced stop --------------------------------------------------------------------

    def end_stragglers(self) -> int:
        """Make requests that outlived stop()'s grace period end now; returns how many."""
        self.force_stop.set()
        count = 0
        if self.wb_stream:
            for _rid, _client, _aid, request in list(self._requests.values()):
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


def _server_tls(spec: ServerSpec) -> Any:
    """A TLS server's certificate and context (an AF_UNIX server has no host: its name is "localhost")."""
    from workbench import tls

    return tls.ServerTls(("localhost",) if spec.family is Family.UNIX else tls.certificate_names(spec.host))


_TCP_INFO = struct.Struct("<8xIIIIII")  # ..., rto, ato, snd_mss, rcv_mss, unacked, sacked


def accept_queue(runner: ServerRunner) -> tuple[int, int] | None:
    """(connections waiting in the kernel's accept queue, its limit) of a listening TCP server.

    Linux reports them for a listening socket in TCP_INFO's tcpi_unacked and tcpi_sacked.
    None where that is not available (other systems, UDP, AF_UNIX).
    """
    server = runner.server
    if (
        server is None
        or not server.wb_stream
        or server.wb_spec.family is Family.UNIX
        or not hasattr(socket, "TCP_INFO")
        or server.socket.fileno() < 0  # type: ignore[attr-defined]  # closed: server_close() ran
    ):
        # (While a stop waits for its requests the socket still listens: the queue is still real.)
        return None
    try:
        info = server.socket.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, _TCP_INFO.size)  # type: ignore[attr-defined]
    except OSError:
        return None
    *_rest, unacked, sacked = _TCP_INFO.unpack(info[: _TCP_INFO.size])
    return unacked, sacked


def _wake(server: InstrumentedServer) -> None:
    """Wake a select() waiting on the listening socket (Linux wakes it even for UDP's ENOTCONN)."""
    try:
        server.socket.shutdown(socket.SHUT_RD)  # type: ignore[attr-defined]
    except OSError:
        pass


def _close_all_but(keep: set[int]) -> None:
    """Close every descriptor but ``keep``; point stdin and stdout at /dev/null."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1):
        if fd not in keep:
            os.dup2(devnull, fd)
    os.close(devnull)
    low = 3
    for fd in sorted(k for k in keep if k >= 3):
        os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, _max_fd())


def _max_fd() -> int:
    try:
        return max(int(name) for name in os.listdir("/proc/self/fd")) + 1
    except (OSError, ValueError):
        return os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 1024


def _die_with_parent() -> None:
    """Linux: a forked child gets SIGTERM when the host dies, instead of outliving it."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass


class Reporting:
    """Context manager behind ``InstrumentedServer.reporting``: enter/exit events of one hook."""

    __slots__ = ("kind", "peer", "request", "server", "value")

    def __init__(self, server: InstrumentedServer, kind: Kind, request: int, peer: int) -> None:
        self.server = server
        self.kind = kind
        self.request = request
        self.peer = peer
        self.value: int | None = None

    def __enter__(self) -> Reporting:
        server = self.server
        if server.wb_breaks is not None:
            server.wb_breaks.check(server, self.kind, self.request, self.peer)
        server.wb_rec.hook(self.kind, _ENTER, server.wb_src, self.request, self.peer)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        server = self.server
        if exc is None and self.value is None:
            server.wb_rec.hook(self.kind, _EXIT, server.wb_src, self.request, self.peer)
            return
        server.wb_rec.event(
            self.kind,
            _EXIT,
            server.wb_src,
            self.request,
            self.peer,
            value=self.value,
            error=None if exc is None else error_text(exc),
        )


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


def build_server(spec: ServerSpec, recorder: SessionWriter, server_id: str) -> InstrumentedServer:
    """Construct (bind + activate) the server for a spec; OSError propagates unchanged."""
    cls = server_class(spec.family, spec.type, spec.mixin)
    return cls(spec.address, handler_class(spec.base), server_id=server_id, spec=spec, recorder=recorder)


def bind_error(spec: ServerSpec, exc: OSError) -> WorkbenchError:
    """Why binding a server failed, in plain words, under the field to change."""
    if spec.family is Family.UNIX:
        path = spec.path or ""
        if exc.errno == errno.EADDRINUSE:
            return WorkbenchError("bind.path.in_use", field="path", path=path)
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return WorkbenchError("bind.path.denied", field="path", path=path)
        if exc.errno == errno.ENOENT:
            return WorkbenchError(
                "bind.path.no_dir", field="path", path=path, directory=os.path.dirname(path) or "."
            )
        return WorkbenchError("bind.path.other", field="path", path=path, reason=exc.strerror or str(exc))
    host, port = spec.host, spec.port
    if isinstance(exc, socket.gaierror):
        return WorkbenchError("bind.host.unknown", field="host", host=host, reason=exc.strerror or str(exc))
    if exc.errno == errno.EADDRINUSE:
        return WorkbenchError("bind.port.in_use", field="port", host=host, port=port)
    if exc.errno in (errno.EACCES, errno.EPERM):
        if 0 < port < 1024:
            return WorkbenchError("bind.port.privileged", field="port", port=port)
        return WorkbenchError("bind.denied", field="host", host=host, port=port)
    if exc.errno == errno.EADDRNOTAVAIL:
        return WorkbenchError("bind.host.not_local", field="host", host=host)
    if exc.errno == errno.EAFNOSUPPORT:
        return WorkbenchError("bind.family.unsupported", field="family", family=spec.family.label)
    return WorkbenchError("bind.other", field="port", host=host, port=port, reason=exc.strerror or str(exc))


def _prepare_unix_path(spec: ServerSpec) -> None:
    """Refuse a non-socket file at the path; replace a stale socket file nobody listens on."""
    path = spec.path
    assert path is not None
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    except PermissionError:
        raise WorkbenchError("path.no_access", field="path", path=path) from None
    except OSError as exc:
        raise WorkbenchError(
            "path.unusable", field="path", path=path, reason=exc.strerror or str(exc)
        ) from None
    if not stat.S_ISSOCK(st.st_mode):
        code = "path.is_directory" if stat.S_ISDIR(st.st_mode) else "path.not_socket"
        raise WorkbenchError(code, field="path", path=path)
    probe = socket.socket(socket.AF_UNIX, spec.type.constant)
    try:
        probe.settimeout(1.0)
        probe.connect(path)
    except (ConnectionRefusedError, FileNotFoundError):
        pass  # stale: left behind by a server that is gone
    except OSError as exc:
        if exc.errno != errno.EPROTOTYPE:  # EPROTOTYPE: someone has it bound with the other type
            raise WorkbenchError(
                "path.unusable", field="path", path=path, reason=exc.strerror or str(exc)
            ) from None
        raise WorkbenchError("bind.path.in_use", field="path", path=path) from None
    else:
        raise WorkbenchError("bind.path.in_use", field="path", path=path)
    finally:
        probe.close()
    try:
        os.unlink(path)
        from workbench.messages import log_message

        log_message(log, logging.INFO, "log.stale_socket_removed", path=path)
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise WorkbenchError(
            "path.stale_kept", field="path", path=path, reason=exc.strerror or str(exc)
        ) from None


_server_numbers = itertools.count(1)


class ServerRunner:
    """Starts one instrumented server on its own serve thread and stops it cleanly."""

    def __init__(self, spec: ServerSpec, recorder: SessionWriter, server_id: str | None = None) -> None:
        self.id = server_id or f"server-{next(_server_numbers)}"
        self.spec = spec
        self._recorder = recorder
        self._server: InstrumentedServer | None = None
        self._thread: threading.Thread | None = None
        self._unix_file: tuple[int, int] | None = None  # (st_dev, st_ino) of the file we created
        self._stop_lock = threading.Lock()
        self._stopped = False
        self._served = threading.Event()  # the serve loop has returned
        self._closed = threading.Event()  # stop() has closed the server

    @property
    def server(self) -> InstrumentedServer | None:
        return self._server

    @property
    def source(self) -> int:
        """The id this server's records carry in the session log."""
        if self._server is None:
            raise WorkbenchError("server.not_started", server=self.id)
        return self._server.wb_src

    @property
    def address(self) -> tuple[Any, ...] | str:
        if self._server is None:
            raise WorkbenchError("server.not_started", server=self.id)
        address: tuple[Any, ...] | str = self._server.server_address  # type: ignore[assignment]
        return address

    @property
    def tls_info(self) -> dict[str, Any] | None:
        """The TLS certificate's file, fingerprint and names (None without the TLS option)."""
        server = self._server
        return None if server is None or server.wb_tls is None else server.wb_tls.info()

    @property
    def running(self) -> bool:
        return self._thread is not None and not self._served.is_set() and not self._stopped

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
            raise WorkbenchError("server.started_once", server=self.id)
        if self.spec.family is Family.UNIX:
            _prepare_unix_path(self.spec)
        try:
            server = self._build()
        except OSError as exc:
            raise bind_error(self.spec, exc) from None
        self._server = server
        if self.spec.family is Family.UNIX:
            st = os.stat(server.server_address)  # type: ignore[arg-type]
            self._unix_file = (st.st_dev, st.st_ino)
        if self.spec.loop is Loop.ONE_AT_A_TIME:
            target: Callable[..., None] = self._handle_requests
            kwargs: dict[str, Any] = {"server": server}
        else:
            target, kwargs = server.serve_forever, {"poll_interval": POLL_INTERVAL}
        self._thread = threading.Thread(target=self._serve, args=(target, kwargs), name=f"{self.id}-serve")
        try:
            self._thread.start()
        except BaseException:
            self._stopped = True
            server.server_close()
            self._remove_unix_file()
            raise

    def _build(self) -> InstrumentedServer:
        """Construct (bind + activate) the server; a subclass builds another kind (workbench/relay.py)."""
        return build_server(self.spec, self._recorder, self.id)

    def _serve(self, serve_loop: Callable[..., None], kwargs: dict[str, Any]) -> None:
        """The serve thread: the serve loop; then, under ForkingMixIn, stay until stop() closed the server.

        Linux sends a forked child its parent-death signal (PR_SET_PDEATHSIG) when the *thread*
        that forked it ends, not the process: a serve thread that left as soon as
        serve_forever() returned would end every child still serving a request, with no grace.
        """
        try:
            serve_loop(**kwargs)
        finally:
            self._served.set()
            if self.spec.mixin is Mixin.FORKING:
                self._closed.wait()

    def _handle_requests(self, server: InstrumentedServer) -> None:
        """The handle_request() loop: one request (or one timeout) per call, until stop()."""
        while not server.wb_stopping:
            server.handle_request()

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
                raise WorkbenchError("server.stop_from_serve_thread", server=self.id)
            if server.wb_breaks is not None:
                server.wb_breaks.release_all()  # a thread held at a breakpoint must not hold up the stop
            # shutdown() blocks until serve_forever() returns, which (without a mixin) waits
            # for the request in progress; run it beside us so we can keep the time limit.
            # A handle_request() loop has no serve_forever() to shut down: it ends at its flag,
            # once a shut-down listening socket wakes the select() it waits in.
            if self.spec.loop is Loop.ONE_AT_A_TIME:
                server.wb_stopping = True
                def stop_loop() -> None:
                    _wake(server)
                    self._served.wait()

            else:
                stop_loop = server.shutdown
            shutter = threading.Thread(target=stop_loop, name=f"{self.id}-shutdown")
            shutter.start()
            deadline = time.monotonic() + timeout
            shutter.join(timeout)
            idle = server.wait_idle(max(0.0, deadline - time.monotonic()))
            if shutter.is_alive() or not idle:
                ended = server.end_stragglers()
                from workbench.messages import log_message

                log_message(
                    log, logging.WARNING, "log.requests_ended", source=server.wb_src, server=self.id,
                    count=ended, seconds=f"{timeout:.1f}",
                )  # fmt: skip
                shutter.join(5.0)
            self._served.wait(5.0)
            try:
                server.server_close()  # ThreadingMixIn joins handler threads, ForkingMixIn reaps children
                self._remove_unix_file()
            finally:
                self._closed.set()
                serve_thread.join(5.0)
            self._recorder.source_info(server.wb_src, stopped=time.time())

    def breakpoints(self, on_change: Callable[[], None] = lambda: None) -> Any:
        """This server's Breakpoints (made on first use; workbench/steps.py)."""
        server = self._server
        if server is None:
            raise WorkbenchError("server.not_started", server=self.id)
        if server.wb_breaks is None:
            from workbench.steps import Breakpoints

            server.wb_breaks = Breakpoints(self.id, on_change)
        return server.wb_breaks

    def send_to_request(self, request: int, data: bytes, timeout: float = 5.0) -> tuple[str, int]:
        """Send bytes by hand to one request's peer (workbench/peer_send.py): (call recorded, bytes sent)."""
        from workbench.peer_send import send_to_request

        server = self._server
        if server is None or not self.running:
            raise WorkbenchError("server.send.not_running", field="server", server=self.id, request=request)
        return send_to_request(server, request, data, timeout)

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

"""Client: one non-blocking socket driven by asyncio; one recorded event per socket call.

A student drives it call by call: each coroutine makes exactly one socket call (connect,
send, sendall, sendto, sendfile, recv, recvfrom, shutdown, ...) and records it as one event;
a failure is recorded as that call's event with its error and then raised as WorkbenchError
with a plain message and a code. What the call returned goes on the event as its value
(send's byte count, connect_ex's errno), so a student sees it.

The socket underneath is always non-blocking (the window must never freeze), but the
student's ``setblocking``/``settimeout`` choices are honoured where they teach something:
with ``setblocking(False)`` a ``recv`` with nothing to read fails at once with
BlockingIOError, with ``settimeout(t)`` it fails after ``t`` with TimeoutError, and in the
default blocking mode it waits. ``spec.timeout`` bounds connect and the sends unless the
student set a timeout of their own; ``wait_recv`` (the window's automatic reader) waits as
long as the socket is open, and ``close()`` ends such a wait, which then returns b"".

Use it from one event loop thread (the host's asyncio loop, or asyncio.run); close() too.
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import itertools
import json
import os
import shutil
import socket
import tempfile
import threading
import weakref
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar, cast

from workbench.errors import WorkbenchError
from workbench.events import TLS_KIND, Address, Kind, format_address
from workbench.session.writer import SessionWriter
from workbench.spec import ClientSpec, Family, SockType

T = TypeVar("T")
#: An address a socket call accepts: (host, port[, flow, scope]) or a unix path.
Target = tuple[Any, ...] | str

_ids = itertools.count(1)
_ids_lock = threading.Lock()

# connect() on a non-blocking socket "fails" with one of these while the handshake runs
# (10035 is Windows' WSAEWOULDBLOCK).
_IN_PROGRESS = {errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EAGAIN, errno.EALREADY, errno.EINTR, 10035}

# What a waiting call's future resolves to when it did not get a socket result.
_CLOSED = object()
_TIMEOUT = object()
_FOREVER = object()  # wait_recv: no timeout, whatever the student's mode


class _Interrupted(Exception):
    """close() ended a call that was waiting for the socket."""


class _TimedOut(Exception):
    """The socket did not become ready before the call's deadline."""


def error_text(exc: BaseException) -> str:
    """What an event's error says: exactly what Python prints (``TimeoutError: timed out``)."""
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def errno_name(code: int) -> str:
    return errno.errorcode.get(code, f"errno {code}") if code else "0"


def _os_error(code: int) -> OSError:
    """The exception Python's blocking socket would have raised for this errno."""
    return OSError(code, os.strerror(code))


class Client:
    """A socket client a student drives call by call, recording each call in a session."""

    def __init__(self, spec: ClientSpec, recorder: SessionWriter, client_id: str | None = None) -> None:
        if client_id is None:
            with _ids_lock:
                client_id = f"client-{next(_ids)}"
        self.id = client_id
        self.spec = spec
        self._rec = recorder
        self.source = recorder.add_source(client_id, "client", spec.to_dict())
        self._sock: socket.socket | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._connected = False
        self._connecting = False
        self._closed = False
        self._can_receive = False  # a datagram socket has an address once it sent or connected
        self._reading = False
        self._peer: Address = None
        self._local: Address = None
        self._fileno = -1
        self._send_lock: asyncio.Lock | None = None
        #: the student's settimeout()/setblocking(): None blocks, 0.0 never waits, t waits t s
        self.sock_timeout: float | None = None
        self._timeout_set = False  # whether the student chose a timeout (else spec.timeout bounds waits)
        # kind ("r"/"w") -> (fd, future) of the readiness wait in progress, so close() can end it.
        self._waiters: dict[str, tuple[int, asyncio.Future[Any]]] = {}
        self._local_dir: str | None = None
        self._dir_finalizer: weakref.finalize | None = None
        #: the TLS option, once the handshake is done: a workbench.tls.ClientTls
        self._tls: Any = None
        self._tls_detail: dict[str, Any] | None = None

    # -- state ---------------------------------------------------------------

    @property
    def connected(self) -> bool:
        return self._connected and not self._closed

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def peer(self) -> Address:
        """The address connect() reached (resolved), or None."""
        return self._peer

    @property
    def local_address(self) -> Address:
        """This socket's own address (its port, or its unix path), or None before it has one."""
        if self._sock is not None:
            try:
                name = self._sock.getsockname()
            except OSError:
                return self._local
            self._local = name if name not in ("", b"") else None
        return self._local

    @property
    def fd(self) -> int:
        """The socket's file descriptor number (-1 before it exists and after close)."""
        return self._fileno if not self._closed else -1

    def __repr__(self) -> str:
        state = "closed" if self._closed else "connected" if self._connected else "idle"
        return f"<Client {self.id} {self.spec.family}/{self.spec.type} {format_address(self.spec.address)} {state}>"

    def state(self) -> dict[str, Any]:
        """What the window shows for this client: JSON-ready values."""
        return {
            "id": self.id,
            "connected": self.connected,
            "closed": self._closed,
            "peer": _jsonable(self._peer),
            "local": _jsonable(self.local_address),
            "fd": self.fd,
            "timeout": self.sock_timeout,
            "blocking": self.sock_timeout is None or self.sock_timeout > 0,
            "tls": self._tls_detail if self._tls is not None and not self._closed else None,
        }

    # -- recording -----------------------------------------------------------

    def _record(
        self,
        kind: Kind,
        *,
        data: bytes | memoryview | None = None,
        address: Address = None,
        error: BaseException | str | None = None,
        value: int | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        text = error_text(error) if isinstance(error, BaseException) else error
        self._rec.event(
            kind,
            0,
            self.source,
            0,
            self._rec.address_id(address),
            data=data,
            value=value,
            error=text,
            detail=None if detail is None else json.dumps(detail, separators=(",", ":")).encode("utf-8"),
        )

    def _fail(
        self,
        kind: Kind,
        problem: WorkbenchError,
        error: BaseException | str,
        *,
        data: bytes | memoryview | None = None,
        address: Address = None,
        value: int | None = None,
    ) -> NoReturn:
        self._record(kind, data=data, address=address, error=error, value=value)
        raise problem

    def _explain(self, call: str, exc: OSError, target: Address) -> WorkbenchError:
        """A plain-words error for an OS error, naming what the student aimed at."""
        where = format_address(target)
        code = exc.errno
        special = self._explain_datagram(code, target, where)
        if special is not None:
            return special
        if isinstance(exc, socket.gaierror):
            host = target[0] if isinstance(target, tuple) else target
            return WorkbenchError(
                "client.host_unknown", field="host", host=repr(host), reason=exc.strerror or str(exc)
            )
        if code == errno.ECONNREFUSED:
            if self.spec.type is SockType.DGRAM:
                kind = "UDP" if self.spec.family is not Family.UNIX else "datagram"
                return WorkbenchError("client.refused_dgram", field="port", address=where, kind=kind)
            return WorkbenchError("client.refused", field="port", address=where)
        if code == errno.ENOENT and self.spec.family is Family.UNIX:
            return WorkbenchError("client.no_socket_file", field="path", address=where)
        if code in (errno.EACCES, errno.EPERM):
            return WorkbenchError("client.denied", field=None, address=where)
        if code == errno.EPIPE:
            return WorkbenchError("client.broken_pipe")
        if code == errno.ECONNRESET:
            return WorkbenchError("client.reset")
        if code == errno.ENOTCONN:
            return WorkbenchError("client.not_connected_os")
        if code == errno.ETIMEDOUT:
            return WorkbenchError("client.timed_out", call=call, address=where)
        if code in (errno.EHOSTUNREACH, errno.ENETUNREACH):
            return WorkbenchError("client.unreachable", field="host", address=where)
        if code == errno.EADDRNOTAVAIL:
            return WorkbenchError("client.addr_not_avail", field="host", address=where)
        if code == errno.EMSGSIZE:
            return WorkbenchError("client.msgsize", field="payload", address=where, call=call)
        if code == errno.EPROTOTYPE:
            return WorkbenchError("client.prototype", field="type", address=where)
        if code == errno.ECONNABORTED:
            return WorkbenchError("client.aborted")
        if code in (errno.EAGAIN, errno.EWOULDBLOCK):
            return WorkbenchError("client.would_block", call=call)
        return WorkbenchError(
            "client.failed", call=call, reason=exc.strerror or str(exc) or type(exc).__name__
        )

    # -- plumbing ------------------------------------------------------------

    def _enter(self) -> asyncio.AbstractEventLoop:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            # A new loop (e.g. a second asyncio.run in a script): locks belong to the old one.
            self._loop = loop
            self._send_lock = None
        return loop

    def _wait_limit(self, default: float | None) -> float | None:
        """How long a call may wait: the student's timeout when set, else ``default``."""
        return self.sock_timeout if self._timeout_set else default

    def _deadline(self, timeout: float | None) -> float | None:
        assert self._loop is not None
        return None if timeout is None else self._loop.time() + timeout

    def _check_open(self, kind: Kind) -> None:
        if self._closed:
            name = _NAMES[kind]
            self._fail(
                kind, WorkbenchError("client.closed", call=name), "OSError: [Errno 9] Bad file descriptor"
            )

    def _ensure_socket(self) -> socket.socket:
        if self._sock is not None:
            return self._sock
        spec = self.spec
        local: str | None = None
        try:
            sock = socket.socket(spec.family.constant, spec.type.constant)
        except OSError as exc:
            self._fail(
                Kind.SOCKET,
                WorkbenchError(
                    "client.socket_failed", family=spec.family.label, reason=exc.strerror or str(exc)
                ),
                exc,
            )
        try:
            sock.setblocking(False)
            if spec.family is Family.UNIX and spec.type is SockType.DGRAM:
                # A unix datagram server replies to the sender's address: without a bound
                # path of our own the reply has nowhere to go.
                local = self._local_socket_path()
                sock.bind(local)
        except OSError as exc:
            sock.close()
            self._fail(
                Kind.SOCKET, WorkbenchError("client.bind_local_failed", reason=exc.strerror or str(exc)), exc
            )
        self._sock = sock
        self._fileno = sock.fileno()
        self._local = local
        self._record(
            Kind.SOCKET,
            address=local,
            value=self._fileno,
            detail={"family": spec.family.label, "type": spec.type.label},
        )
        if spec.type is SockType.DGRAM and spec.family is not Family.UNIX:
            self._sender_options(sock)
        return sock

    def _local_socket_path(self) -> str:
        if self._local_dir is None:
            self._local_dir = tempfile.mkdtemp(prefix="wb-client-")
            self._dir_finalizer = weakref.finalize(self, shutil.rmtree, self._local_dir, True)
        path = os.path.join(self._local_dir, "client.sock")
        if os.path.lexists(path):  # left by an earlier socket of this client (a failed connect)
            os.unlink(path)
        return path

    def _discard_socket(self) -> None:
        """Drop the OS socket after a failed connect, so the next connect starts fresh."""
        sock, self._sock = self._sock, None
        self._interrupt_waiters()
        self._can_receive = False
        if sock is not None:
            sock.close()

    def _interrupt_waiters(self) -> None:
        loop = self._loop
        for kind, (fd, fut) in list(self._waiters.items()):
            if loop is not None and not loop.is_closed():
                (loop.remove_reader if kind == "r" else loop.remove_writer)(fd)
            if not fut.done():
                fut.set_result(_CLOSED)
        self._waiters.clear()

    async def _io(
        self, kind: str, op: Callable[[], T], deadline: float | None, *, try_first: bool = True
    ) -> T:
        """Make one non-blocking socket call ``op``; while it would block, wait for readiness.

        Like asyncio's own sock_* methods, the call is made inside the readiness callback,
        so the waiting coroutine resumes with its result. Raises _TimedOut at ``deadline``
        and _Interrupted when close() ends the wait.
        """
        if self._closed or self._sock is None:
            raise _Interrupted
        if try_first:
            try:
                return op()
            except (BlockingIOError, InterruptedError):
                pass
        loop = self._loop
        assert loop is not None
        fd = self._sock.fileno()
        fut: asyncio.Future[Any] = loop.create_future()

        def unregister() -> None:
            # Only if close() has not done it already: the fd number may belong to another socket by now.
            if self._waiters.get(kind, (None, None))[1] is fut:
                del self._waiters[kind]
                (loop.remove_reader if kind == "r" else loop.remove_writer)(fd)

        def ready() -> None:
            if fut.done():
                return
            try:
                result = op()
            except (BlockingIOError, InterruptedError):
                return  # a spurious wake-up: keep waiting
            except Exception as exc:
                fut.set_exception(exc)
            else:
                fut.set_result(result)
            unregister()

        def expire() -> None:
            if not fut.done():
                fut.set_result(_TIMEOUT)

        if kind == "r":
            loop.add_reader(fd, ready)
        else:
            loop.add_writer(fd, ready)
        self._waiters[kind] = (fd, fut)
        timer = None if deadline is None else loop.call_at(deadline, expire)
        try:
            result = await fut
        finally:
            if timer is not None:
                timer.cancel()
            unregister()
        if result is _CLOSED:
            raise _Interrupted
        if result is _TIMEOUT:
            raise _TimedOut
        return cast(T, result)

    async def _resolve(self, kind: Kind, target: Address) -> Target:
        """A connectable address; a host name becomes a getaddrinfo event of its own."""
        name = _NAMES[kind]
        if self.spec.family is Family.UNIX:
            if not isinstance(target, str) or not target:
                self._fail(
                    kind,
                    WorkbenchError("client.address.unix", field="path", call=name, value=repr(target)),
                    "bad address",
                )
            return target
        if (
            not isinstance(target, tuple)
            or len(target) < 2
            or not isinstance(target[0], str)
            or isinstance(target[1], bool)
            or not isinstance(target[1], int)
            or not 0 < target[1] <= 65535
        ):
            self._fail(
                kind,
                WorkbenchError("client.address.inet", field="port", call=name, value=repr(target)),
                "bad address",
            )
        host = target[0]
        try:
            ipaddress.ip_address(host.split("%", 1)[0])
            return target
        except ValueError:
            pass
        return await self.getaddrinfo(host, target[1])

    async def getaddrinfo(self, host: str, port: int) -> Target:
        """socket.getaddrinfo() (off the loop thread): its results become the event's detail."""
        self._enter()
        assert self._loop is not None
        family, type_ = self.spec.family.constant, self.spec.type.constant
        try:
            infos = await self._loop.getaddrinfo(host, port, family=family, type=type_)
        except OSError as exc:
            self._fail(
                Kind.GETADDRINFO, self._explain("getaddrinfo", exc, (host, port)), exc, address=(host, port)
            )
        results = [list(info[4]) for info in infos]
        self._record(Kind.GETADDRINFO, address=(host, port), value=len(results), detail={"results": results})
        if not infos:
            self._fail(
                Kind.GETADDRINFO,
                WorkbenchError("client.no_addresses", field="host", host=repr(host)),
                "no addresses",
            )
        return tuple(infos[0][4])

    # -- the student's modes -------------------------------------------------

    def setblocking(self, flag: bool) -> None:
        """setblocking(True) is settimeout(None); setblocking(False) is settimeout(0.0)."""
        self._check_open(Kind.SETBLOCKING)
        self.sock_timeout = None if flag else 0.0
        self._timeout_set = True
        self._record(Kind.SETBLOCKING, value=int(bool(flag)))

    def settimeout(self, value: float | None) -> None:
        """How long later calls may wait (None: as long as it takes; 0: never wait)."""
        self._check_open(Kind.SETTIMEOUT)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0
        ):
            self._fail(
                Kind.SETTIMEOUT,
                WorkbenchError("client.timeout_value", field="timeout", value=repr(value)),
                "ValueError: Timeout value out of range",
            )
        self.sock_timeout = None if value is None else float(value)
        self._timeout_set = True
        self._record(Kind.SETTIMEOUT, value=None if value is None else int(float(value) * 1e9))

    def setsockopt_sndbuf(self, size: int) -> int:
        """SO_SNDBUF: a small send buffer makes send() take fewer bytes than asked. Returns what the OS set."""
        self._check_open(Kind.SETSOCKOPT)
        sock = self._ensure_socket()
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, int(size))
            actual = sock.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF)
        except (OSError, ValueError, OverflowError) as exc:
            self._fail(
                Kind.SETSOCKOPT, WorkbenchError("client.failed", call="setsockopt", reason=str(exc)), exc
            )
        self._record(Kind.SETSOCKOPT, value=actual, detail={"option": "SO_SNDBUF", "asked": int(size)})
        return actual

    def getsockname(self) -> Address:
        self._check_open(Kind.GETSOCKNAME)
        sock = self._ensure_socket()
        try:
            name = sock.getsockname()
        except OSError as exc:
            self._fail(Kind.GETSOCKNAME, self._explain("getsockname", exc, None), exc)
        address = name if name not in ("", b"") else None
        self._record(Kind.GETSOCKNAME, address=address)
        return address

    def getpeername(self) -> Address:
        self._check_open(Kind.GETPEERNAME)
        if self._sock is None:
            self._fail(Kind.GETPEERNAME, WorkbenchError("client.not_connected_os"), _os_error(errno.ENOTCONN))
        try:
            name = self._sock.getpeername()
        except OSError as exc:
            self._fail(Kind.GETPEERNAME, self._explain("getpeername", exc, None), exc)
        self._record(Kind.GETPEERNAME, address=name if name not in ("", b"") else None)
        return cast(Address, name)

    def fileno(self) -> int:
        self._check_open(Kind.FILENO)
        fd = self._ensure_socket().fileno()
        self._record(Kind.FILENO, value=fd)
        return fd

    # -- connect -------------------------------------------------------------

    async def connect(self) -> None:
        """Connect to spec.address (stream: the handshake; dgram: sets the default peer)."""
        await self._connect(Kind.CONNECT)

    async def connect_ex(self) -> int:
        """Like connect, but a refused or failed connection returns its errno (0 = connected)."""
        return await self._connect(Kind.CONNECT_EX)

    async def _connect(self, kind: Kind) -> int:
        self._enter()
        self._check_open(kind)
        name = _NAMES[kind]
        if self._connected:
            self._fail(
                kind,
                WorkbenchError("client.already_connected", peer=format_address(self._peer)),
                _os_error(errno.EISCONN),
            )
        if self._connecting:
            self._fail(kind, WorkbenchError("client.connecting"), _os_error(errno.EALREADY))
        self._connecting = True
        try:
            address = await self._resolve(kind, self.spec.address)
            self._check_open(kind)
            sock = self._ensure_socket()
            limit = self._wait_limit(self.spec.timeout)
            try:
                code = await self._connect_once(sock, address, self._deadline(limit), limit == 0.0)
            except _TimedOut:
                code = errno.ETIMEDOUT
            except _Interrupted:
                self._fail(
                    kind,
                    WorkbenchError("client.interrupted", call=name),
                    "interrupted by close()",
                    address=address,
                )
            except OSError as raised:  # raised rather than returned: e.g. an address the OS rejects outright
                self._discard_socket()
                self._fail(
                    kind, self._explain(name, raised, address), raised, address=address, value=raised.errno
                )
        finally:
            self._connecting = False
        if code == 0:
            self._connected = True
            self._can_receive = True
            self._peer = address
            local = self.local_address
            self._record(kind, address=address, value=0 if kind is Kind.CONNECT_EX else None,
                         detail={"local": _jsonable(local), "fd": self._fileno})  # fmt: skip
            if self.spec.tls:
                await self._start_tls(sock, address, limit)
            return 0
        if code in _IN_PROGRESS and limit == 0.0:
            # a non-blocking connect: the handshake goes on; Python raises BlockingIOError
            exc: OSError = BlockingIOError(code, os.strerror(code))
        else:
            self._discard_socket()
            exc = TimeoutError("timed out") if code == errno.ETIMEDOUT else _os_error(code)
        if kind is Kind.CONNECT_EX:
            self._record(kind, address=address, value=code, detail={"errno": errno_name(code)})
            return code
        if code == errno.ETIMEDOUT and limit is not None:
            problem = WorkbenchError(
                "client.timeout.connect",
                field="timeout",
                address=format_address(address),
                seconds=f"{limit:g}",
            )
        else:
            problem = self._explain(name, exc, address)
        self._fail(kind, problem, exc, address=address)

    async def _connect_once(
        self, sock: socket.socket, address: Target, deadline: float | None, once: bool
    ) -> int:
        assert self._loop is not None
        while True:
            code = sock.connect_ex(address)
            if code not in _IN_PROGRESS or once:
                return code
            if self.spec.family is Family.UNIX:
                # AF_UNIX says EAGAIN at once when the server's backlog is full (no SYN to
                # retry as TCP does): a blocking socket would wait, so try again shortly.
                if deadline is not None and self._loop.time() >= deadline:
                    raise _TimedOut
                await asyncio.sleep(0.01)
                if self._closed:
                    raise _Interrupted
                continue
            # Writable means the handshake ended; SO_ERROR says how.
            return await self._io(
                "w", lambda: sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR), deadline, try_first=False
            )

    # -- sending -------------------------------------------------------------

    def _lock(self) -> asyncio.Lock:
        if self._send_lock is None:
            self._send_lock = asyncio.Lock()
        return self._send_lock

    def _require_connected(self, kind: Kind) -> None:
        if self._connected:
            return
        name = _NAMES[kind]
        code = (
            "client.not_connected_dgram"
            if self.spec.type is SockType.DGRAM
            else "client.not_connected_stream"
        )
        self._fail(kind, WorkbenchError(code, call=name), _os_error(errno.ENOTCONN))

    async def send(self, data: bytes) -> int:
        """One send(): returns how many bytes the OS took (may be fewer than given)."""
        return await self._send(Kind.SEND, _as_bytes(data))

    async def sendall(self, data: bytes) -> None:
        """sendall(): keeps sending until every byte is out (one event for the whole call)."""
        await self._send(Kind.SENDALL, _as_bytes(data))

    async def _send(self, kind: Kind, payload: bytes) -> int:
        self._enter()
        self._check_open(kind)
        self._require_connected(kind)
        async with self._lock():
            self._check_open(kind)
            sock = self._sock
            assert sock is not None
            view = memoryview(payload)
            sent = 0
            limit = self._wait_limit(self.spec.timeout)
            deadline = self._deadline(limit)
            try:
                if self._tls is not None:
                    await self._tls_write(sock, payload, deadline)
                    sent = len(payload)
                elif kind is Kind.SEND:
                    if limit == 0.0:
                        sent = sock.send(view)  # non-blocking: BlockingIOError if the buffer is full
                    else:
                        sent = await self._io("w", lambda: sock.send(view), deadline)
                else:
                    while sent < len(payload):
                        sent += await self._io("w", _send_from(sock, view, sent), deadline)
            except (OSError, _TimedOut, _Interrupted) as exc:
                self._send_failed(kind, payload, sent, exc, limit)
        out = payload if sent == len(payload) else payload[:sent]
        if self._tls is not None:
            kind = TLS_KIND[kind]
        if kind in (Kind.SEND, Kind.TLS_SEND):
            self._rec.event(kind, 0, self.source, 0, 0, data=out, value=sent,
                            detail=None if sent == len(payload) else _detail(asked=len(payload)))  # fmt: skip
        else:
            self._rec.data(kind, self.source, 0, 0, out)
        return sent

    def _send_failed(
        self, kind: Kind, payload: bytes, sent: int, exc: BaseException, limit: float | None
    ) -> NoReturn:
        name = _NAMES[kind]
        if isinstance(exc, _TimedOut):
            problem = WorkbenchError(
                "client.timeout.send",
                field="timeout",
                call=name,
                seconds=f"{limit or 0:g}",
                sent=sent,
                total=len(payload),
            )
            error: BaseException | str = TimeoutError("timed out")
        elif isinstance(exc, _Interrupted):
            problem = (
                WorkbenchError("client.interrupted_after", call=name, sent=sent, total=len(payload))
                if sent
                else WorkbenchError("client.interrupted", call=name)
            )
            error = "interrupted by close()"
        else:
            assert isinstance(exc, OSError)
            problem = self._explain(name, exc, self._peer)
            if sent:
                problem = WorkbenchError(
                    "client.partial",
                    field=problem.field,
                    message=str(problem),
                    sent=sent,
                    total=len(payload),
                    inner=problem.code,
                )
            error = exc
        # Bytes that did go out are still recorded, with the error.
        self._fail(kind, problem, error, data=payload[:sent] if sent else None)

    async def sendto(self, data: bytes, address: Address = None) -> int:
        """One sendto() of a datagram to ``address`` (default: spec.address)."""
        kind = Kind.SENDTO
        self._enter()
        self._check_open(kind)
        payload = _as_bytes(data)
        if self.spec.type is SockType.STREAM:
            self._fail(kind, WorkbenchError("client.stream_sendto", field="call"), _os_error(errno.EISCONN))
        target = await self._resolve(kind, self.spec.address if address is None else address)
        self._check_open(kind)
        sock = self._ensure_socket()
        async with self._lock():
            self._check_open(kind)
            limit = self._wait_limit(self.spec.timeout)
            try:
                sent = await self._io("w", lambda: sock.sendto(payload, target), self._deadline(limit))
            except _TimedOut:
                self._fail(
                    kind,
                    WorkbenchError("client.timeout.sendto", field="timeout", seconds=f"{limit or 0:g}"),
                    TimeoutError("timed out"),
                    address=target,
                )
            except _Interrupted:
                self._fail(
                    kind,
                    WorkbenchError("client.interrupted", call="sendto"),
                    "interrupted by close()",
                    address=target,
                )
            except OSError as exc:
                self._fail(kind, self._explain("sendto", exc, target), exc, address=target)
        self._can_receive = True
        self._local = self.local_address
        self._rec.event(
            kind, 0, self.source, 0, self._rec.address_id(target), data=payload[:sent], value=sent
        )
        return sent

    async def sendfile(self, path: str, offset: int = 0, count: int | None = None) -> int:
        """socket.sendfile(): the file's bytes go out without passing through Python (os.sendfile).

        The bytes that went out are read back from the file for the record, so the hex view
        shows them like any other send.
        """
        kind = Kind.SENDFILE
        self._enter()
        self._check_open(kind)
        self._require_connected(kind)
        if self._tls is not None:
            self._fail(kind, WorkbenchError("client.tls.sendfile", field="call"), "TLS: the kernel cannot encrypt")
        if self.spec.type is not SockType.STREAM:
            self._fail(
                kind,
                WorkbenchError("client.sendfile.dgram", field="call"),
                "ValueError: only SOCK_STREAM type sockets are supported",
            )
        try:
            file = open(path, "rb")
        except OSError as exc:
            self._fail(
                kind,
                WorkbenchError(
                    "client.sendfile.open", field="file", path=path, reason=exc.strerror or str(exc)
                ),
                exc,
            )
        sent = 0
        try:
            assert self._loop is not None and self._sock is not None
            async with self._lock():
                try:
                    sent = await self._loop.sock_sendfile(self._sock, file, offset, count)
                except (OSError, RuntimeError) as exc:
                    self._fail(
                        kind,
                        self._explain("sendfile", exc, self._peer)
                        if isinstance(exc, OSError)
                        else WorkbenchError("client.failed", call="sendfile", reason=str(exc)),
                        exc,
                    )
            data = os.pread(file.fileno(), sent, offset) if sent else b""
        finally:
            file.close()
        self._rec.event(
            kind, 0, self.source, 0, 0, data=data, value=sent, detail=_detail(path=path, offset=offset)
        )
        return sent

    # -- receiving -----------------------------------------------------------

    async def recv(self, bufsize: int = 65536, *, timeout: Any = None) -> bytes:
        """One recv(): up to ``bufsize`` bytes; b"" means the peer closed (or close() ended the wait).

        It waits as the student's mode says (blocking, non-blocking, timeout) unless
        ``timeout`` gives seconds to wait (the CLI's reads).
        """
        data, _ = await self._recv(Kind.RECV, bufsize, timeout)
        return data

    async def wait_recv(self, bufsize: int = 65536) -> bytes:
        """recv() that waits as long as the socket is open: the window's automatic reader."""
        data, _ = await self._recv(Kind.RECV, bufsize, _FOREVER)
        return data

    async def recvfrom(self, bufsize: int = 65536, *, timeout: Any = None) -> tuple[bytes, Any]:
        """One recvfrom(): (bytes, sender address)."""
        return await self._recv(Kind.RECVFROM, bufsize, timeout)

    async def wait_recvfrom(self, bufsize: int = 65536) -> tuple[bytes, Any]:
        return await self._recv(Kind.RECVFROM, bufsize, _FOREVER)

    async def _recv(self, kind: Kind, bufsize: int, timeout: Any) -> tuple[bytes, Any]:
        self._enter()
        self._check_open(kind)
        name = _NAMES[kind]
        if isinstance(bufsize, bool) or not isinstance(bufsize, int) or not 1 <= bufsize <= 1 << 26:
            self._fail(
                kind,
                WorkbenchError("client.bufsize", field="bufsize", call=name, value=repr(bufsize)),
                "ValueError: negative buffersize in recv",
            )
        if self.spec.type is SockType.STREAM and not self._connected:
            self._fail(
                kind, WorkbenchError("client.not_connected_stream", call=name), _os_error(errno.ENOTCONN)
            )
        if not self._can_receive:
            self._fail(kind, WorkbenchError("client.no_address_yet"), "nothing sent yet")
        if self._reading:
            self._fail(kind, WorkbenchError("client.recv_busy", call=name), "another recv is waiting")
        sock = self._sock
        assert sock is not None
        if timeout is _FOREVER:
            limit: float | None = None
        elif timeout is not None:
            limit = float(timeout)
        else:
            limit = self.sock_timeout
        self._reading = True
        sender: Any = None
        read = self._tls_reader(sock, bufsize) if self._tls is not None else (lambda: sock.recv(bufsize))
        try:
            if limit == 0.0:  # non-blocking: one try, as Python's recv on such a socket
                try:
                    data, sender = (read(), None) if kind is Kind.RECV else sock.recvfrom(bufsize)
                except BlockingIOError as exc:
                    self._fail(kind, WorkbenchError("client.would_block", call=name), exc)
            elif kind is Kind.RECV:
                data = await self._io("r", read, self._deadline(limit))
            else:
                data, sender = await self._io("r", lambda: sock.recvfrom(bufsize), self._deadline(limit))
        except _Interrupted:
            return b"", None  # close() ended the wait: a reader loop simply stops
        except _TimedOut:
            self._fail(
                kind,
                WorkbenchError("client.timeout.recv", field="timeout", call=name, seconds=f"{limit or 0:g}"),
                TimeoutError("timed out"),
            )
        except OSError as exc:
            self._fail(kind, self._explain(name, exc, self._peer or self.spec.address), exc)
        finally:
            self._reading = False
        address = sender if sender not in ("", b"", None) else None
        if self._tls is not None:
            kind = TLS_KIND[kind]
        if address is None:
            self._rec.data(kind, self.source, 0, 0, data)
        else:
            self._rec.data(kind, self.source, 0, self._rec.address_id(address), data)
        return data, sender

    async def read_until_close(self, idle: float = 0.5) -> bytes:
        """Everything until the peer closes (stream), each recv bounded by spec.timeout.

        A datagram socket has no close to wait for: the first datagram must come within
        spec.timeout, then datagrams are gathered until none arrives for ``idle`` seconds.
        """
        parts: list[bytes] = []
        if self.spec.type is SockType.STREAM:
            while data := await self.recv(65536, timeout=self.spec.timeout):
                parts.append(data)
            return b"".join(parts)
        parts.append(await self.recv(65536, timeout=self.spec.timeout))
        while not self._closed:
            try:
                parts.append(await self._recv_quietly(idle))
            except _TimedOut:
                break
        return b"".join(parts)

    async def _recv_quietly(self, timeout: float) -> bytes:
        """A recv whose timeout is the normal end of a datagram read, not an error event."""
        sock = self._sock
        assert sock is not None
        self._reading = True
        try:
            data = await self._io("r", lambda: sock.recv(65536), self._deadline(timeout))
        except _Interrupted:
            return b""
        except OSError as exc:
            self._fail(Kind.RECV, self._explain("recv", exc, self._peer or self.spec.address), exc)
        finally:
            self._reading = False
        self._rec.data(Kind.RECV, self.source, 0, 0, data)
        return data

    async def read_exactly(self, n: int) -> bytes:
        """Exactly ``n`` bytes (stream); a datagram socket gathers whole datagrams until >= n.

        If the peer closes first, WorkbenchError("client.peer_closed_after") carries what
        did arrive in ``received``; so does "client.read_short" when some bytes came and then
        none within the timeout.
        """
        parts: list[bytes] = []
        got = 0
        while got < n:
            want = min(n - got, 1 << 20) if self.spec.type is SockType.STREAM else 65536
            try:
                data = await self.recv(want, timeout=self.spec.timeout)
            except WorkbenchError as exc:
                if not parts or exc.code != "client.timeout.recv":
                    raise  # nothing arrived: the timeout's own words are true
                short = WorkbenchError("client.read_short", field="timeout", got=got, n=n, **exc.params)
                short.received = b"".join(parts)  # type: ignore[attr-defined]
                raise short from None
            if not data and self.spec.type is SockType.STREAM:
                problem = WorkbenchError("client.peer_closed_after", got=got, n=n)
                problem.received = b"".join(parts)  # type: ignore[attr-defined]
                raise problem
            parts.append(data)
            got += len(data)
        return b"".join(parts)

    # -- ending --------------------------------------------------------------

    async def shutdown(self, how: int = socket.SHUT_WR) -> None:
        """shutdown(): SHUT_WR tells the peer "no more data from me" while still receiving."""
        kind = Kind.SOCK_SHUTDOWN
        self._enter()
        self._check_open(kind)
        if not self._connected or self._sock is None:
            self._fail(kind, WorkbenchError("client.shutdown_not_connected"), _os_error(errno.ENOTCONN))
        if self._tls is not None and how in (socket.SHUT_WR, socket.SHUT_RDWR):
            await self._tls_close_notify(self._sock)
        try:
            self._sock.shutdown(how)
        except OSError as exc:
            self._fail(kind, self._explain("shutdown", exc, self._peer), exc, value=how)
        self._record(kind, value=how)

    def close(self) -> None:
        """Close the socket, end any waiting call, remove temp files; records "close" once."""
        if self._closed:
            return
        self._closed = True
        self._connected = False
        sock, self._sock = self._sock, None
        # Unregister from the loop before the fd is closed: its number may be reused at once.
        self._interrupt_waiters()
        if sock is not None:
            if self._tls is not None:
                _tls_goodbye(self._tls, sock)
            sock.close()
        if self._dir_finalizer is not None:
            self._dir_finalizer()  # removes the private dir and the socket path we bound in it
        self._record(Kind.CLOSE)


    # -- TLS, multicast and broadcast (issue #13) -----------------------------

    async def _start_tls(self, sock: socket.socket, address: Target, limit: float | None) -> None:
        """The TLS handshake right after connect: one do_handshake event with what it chose.

        A failure closes the socket (the client is not connected) and raises a plain-words
        error: a wrong host name, an untrusted certificate, a server that does not speak TLS.
        """
        from workbench import tls

        spec = self.spec
        name = None if spec.family is Family.UNIX else spec.host
        kind = Kind.DO_HANDSHAKE
        deadline = self._deadline(limit)
        conn: Any = None
        try:
            conn = tls.ClientTls(tls.client_context(spec.tls_verify, spec.tls_ca), name)
            await tls.handshake(
                conn, lambda: self._io("r", lambda: sock.recv(65536), deadline),
                lambda data: self._send_raw(sock, data, deadline),
            )  # fmt: skip
        except (OSError, WorkbenchError, _TimedOut, _Interrupted) as exc:
            if conn is not None:
                _tls_goodbye(conn, sock, alert_only=True)  # the alert tells the server why
            self._connected = self._can_receive = False
            self._peer = None
            self._discard_socket()
            if isinstance(exc, WorkbenchError):
                problem = exc
            elif isinstance(exc, _TimedOut):
                problem = WorkbenchError("client.timeout.connect", field="timeout",
                                         address=format_address(address), seconds=f"{limit or 0:g}")  # fmt: skip
            elif isinstance(exc, _Interrupted):
                problem = WorkbenchError("client.interrupted", call="do_handshake")
            else:
                problem = tls.client_problem(exc, name, spec.tls_verify)
            self._record(kind, address=address, error=exc if isinstance(exc, OSError) else str(problem),
                         detail={"problem": problem.code, "server_name": name, "verify": spec.tls_verify})  # fmt: skip
            raise problem from None
        self._tls = conn
        self._tls_detail = {**tls.handshake_detail(conn.conn), "server_name": name, "verify": spec.tls_verify}
        self._record(kind, address=address, detail=self._tls_detail)

    async def _send_raw(self, sock: socket.socket, data: bytes, deadline: float | None) -> None:
        view = memoryview(data)
        sent = 0
        while sent < len(data):
            sent += await self._io("w", _send_from(sock, view, sent), deadline)

    async def _tls_write(self, sock: socket.socket, payload: bytes, deadline: float | None) -> None:
        from workbench import tls

        await tls.write(self._tls, payload, lambda data: self._send_raw(sock, data, deadline))

    def _tls_reader(self, sock: socket.socket, bufsize: int) -> Callable[[], bytes]:
        from workbench import tls

        return tls.reader(self._tls, sock, bufsize)

    async def _tls_close_notify(self, sock: socket.socket) -> None:
        """TLS's own end of data (close_notify) before the TCP FIN; a failure to send it is the FIN's too."""
        self._tls.close_notify()
        try:
            await self._send_raw(sock, self._tls.take_output(), self._deadline(self._wait_limit(self.spec.timeout)))
        except (OSError, _TimedOut, _Interrupted):
            pass

    def _sender_options(self, sock: socket.socket) -> None:
        """Broadcast and multicast options of a datagram client, each a recorded setsockopt."""
        from workbench import multicast

        spec = self.spec
        options = multicast.sender_options(
            spec.family.value, broadcast=spec.broadcast, ttl=spec.multicast_ttl,
            loop=spec.multicast_loop, interface=spec.multicast_interface,
        )  # fmt: skip
        for option in options:
            try:
                multicast.apply(sock, option)
            except OSError as exc:
                self._sock = None
                sock.close()
                field = "broadcast" if option.detail["option"] == "SO_BROADCAST" else "multicast_interface"
                problem = WorkbenchError("multicast.option_failed", field=field, option=option.detail["option"],
                                         reason=exc.strerror or str(exc))  # fmt: skip
                self._record(Kind.SETSOCKOPT, error=exc, detail=option.detail)
                raise problem from None
            self._record(Kind.SETSOCKOPT, value=option.shown, detail=option.detail)

    def _explain_datagram(self, code: int | None, target: Address, where: str) -> WorkbenchError | None:
        """Broadcast without SO_BROADCAST; a multicast group with no route on that interface."""
        if self.spec.type is not SockType.DGRAM or self.spec.family is Family.UNIX:
            return None
        if code == errno.EACCES and not self.spec.broadcast:
            return WorkbenchError("multicast.no_broadcast", field="broadcast", address=where)
        if code == errno.ENETUNREACH and isinstance(target, tuple):
            from workbench.multicast import is_group

            if is_group(str(target[0])):
                return WorkbenchError("multicast.unreachable", field="multicast_interface", address=where)
        return None


def _tls_goodbye(conn: Any, sock: socket.socket, *, alert_only: bool = False) -> None:
    """Best effort, never waiting: what TLS still has to say (a close_notify, or a failed handshake's alert)."""
    if not alert_only:
        conn.close_notify()
    try:
        sock.send(conn.take_output())
    except OSError:
        pass


_NAMES: dict[Kind, str] = {k: k.name.lower() for k in Kind}
_NAMES[Kind.SOCK_SHUTDOWN] = "shutdown"


def _detail(**values: Any) -> bytes:
    return json.dumps(values, separators=(",", ":")).encode("utf-8")


def _jsonable(address: Address) -> Any:
    if isinstance(address, tuple):
        return list(address)
    if isinstance(address, bytes):
        return address.decode("utf-8", "backslashreplace")
    return address


def _as_bytes(data: bytes) -> bytes:
    """The payload as immutable bytes (no copy for bytes); refuses str and int, which bytes() would
    silently encode or turn into that many zero bytes."""
    if type(data) is bytes:
        return data
    return bytes(memoryview(data))


def _send_from(sock: socket.socket, view: memoryview, start: int) -> Callable[[], int]:
    return lambda: sock.send(view[start:])

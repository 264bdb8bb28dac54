"""Client: one non-blocking socket driven by asyncio; one event per socket call; every byte captured."""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import itertools
import os
import select
import shutil
import socket
import tempfile
import threading
import weakref
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar, cast

from workbench.capture import Capture
from workbench.errors import WorkbenchError
from workbench.events import Address, Event, EventSink, format_address, make_event
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


class _Interrupted(Exception):
    """close() ended a call that was waiting for the socket."""


class _TimedOut(Exception):
    """The socket did not become ready before the call's deadline."""


def _error_text(exc: BaseException) -> str:
    """Short text for the event's ``error`` field: errno name and the OS's words."""
    if isinstance(exc, socket.gaierror):
        return f"gaierror: {exc.strerror or exc}"
    if isinstance(exc, OSError) and exc.errno:
        name = errno.errorcode.get(exc.errno, f"errno {exc.errno}")
        return f"{name}: {exc.strerror or os.strerror(exc.errno)}"
    return str(exc) or type(exc).__name__


class Client:
    """A socket client a student drives call by call.

    Each coroutine makes exactly one socket call (connect, send, sendall,
    sendto, recv, recvfrom, shutdown) and reports it as one event through
    ``sink``; a failure is reported as that call's event with ``error`` set and
    then raised as WorkbenchError with a plain message. ``capture`` receives
    every byte moved, one chunk per call, in call order; ``capture=False``
    leaves it None for a caller that records the data events itself (the GUI's
    hex pane builds one capture per connection from the events).

    The socket is created by the first call that needs it (a "socket" event).
    ``spec.timeout`` bounds connect and the send calls. recv/recvfrom wait for
    data as long as the socket is open unless given ``timeout=``, so a reader
    task (``while await client.recv(): ...``) can sit there; close() ends such a
    waiting recv, which then returns b"". One recv may wait at a time; sends
    queue behind each other so their bytes never interleave.

    Use it from one event loop thread (the GUI's, through qasync, or
    asyncio.run); close() too. close() does not close ``capture``: the bytes stay
    viewable after the connection ends (``capture.close()`` drops them).
    """

    def __init__(
        self, spec: ClientSpec, sink: EventSink, client_id: str | None = None, *, capture: bool = True
    ) -> None:
        if client_id is None:
            with _ids_lock:
                client_id = f"client-{next(_ids)}"
        self.id = client_id
        self.spec = spec
        self.capture: Capture | None = Capture() if capture else None
        self._sink = sink
        self._sock: socket.socket | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._connected = False
        self._connecting = False
        self._closed = False
        self._can_receive = False  # a datagram socket has an address once it sent or connected
        self._reading = False
        self._peer: Address = None
        self._send_lock: asyncio.Lock | None = None
        # kind ("r"/"w") -> (fd, future) of the readiness wait in progress, so close() can end it.
        self._waiters: dict[str, tuple[int, asyncio.Future[Any]]] = {}
        self._local_dir: str | None = None
        self._dir_finalizer: weakref.finalize | None = None

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
        """This socket's own address (its port, or its unix path), or None before it exists."""
        if self._sock is None:
            return None
        try:
            name = self._sock.getsockname()
        except OSError:
            return None
        return name if name not in ("", b"") else None

    def __repr__(self) -> str:
        state = "closed" if self._closed else "connected" if self._connected else "idle"
        return f"<Client {self.id} {self.spec.family}/{self.spec.type} {format_address(self.spec.address)} {state}>"

    # -- events --------------------------------------------------------------

    def _emit(
        self,
        call: str,
        *,
        data: bytes | None = None,
        address: Address = None,
        error: str | None = None,
        direction: str | None = None,
    ) -> Event:
        ev = make_event(call, None, self.id, "client", data=data, address=address, error=error)
        if data is not None and direction is not None and self.capture is not None:
            # Invariant: one capture chunk per event that carries data, same bytes, same ts.
            self.capture.append(direction, call, data, ts=ev.ts)
        self._sink(ev)
        return ev

    def _fail(
        self,
        call: str,
        message: str,
        error: str,
        *,
        data: bytes | None = None,
        address: Address = None,
        direction: str | None = None,
    ) -> NoReturn:
        self._emit(call, data=data, address=address, error=error, direction=direction)
        raise WorkbenchError(message)

    def _explain(self, call: str, exc: OSError, target: Address) -> str:
        """A plain-words message for an OS error, naming what the student aimed at."""
        where = format_address(target)
        code = exc.errno
        kind = "UDP" if self.spec.family is not Family.UNIX else "datagram"
        if isinstance(exc, socket.gaierror):
            host = target[0] if isinstance(target, tuple) else target
            return f"cannot find the host {host!r}: {exc.strerror or exc}"
        if code == errno.ECONNREFUSED:
            if self.spec.type is SockType.DGRAM:
                return f"{where} refused the datagram — is a {kind} server listening there?"
            return f"connection refused by {where} — is a server listening there?"
        if code == errno.ENOENT and self.spec.family is Family.UNIX:
            return f"no socket at {where} — is a server running there? (check the path)"
        if code in (errno.EACCES, errno.EPERM):
            return f"permission denied for {where}"
        if code == errno.EPIPE:
            return "the other side closed the connection (broken pipe): nothing more can be sent"
        if code == errno.ECONNRESET:
            return "the connection was reset by the other side"
        if code == errno.ENOTCONN:
            return "the socket is not connected"
        if code == errno.ETIMEDOUT:
            return f"{call} to {where} timed out"
        if code in (errno.EHOSTUNREACH, errno.ENETUNREACH):
            return f"{where} cannot be reached (no route to it)"
        if code == errno.EADDRNOTAVAIL:
            return f"cannot reach {where}: that address is not available on this machine"
        if code == errno.EMSGSIZE:
            return f"the datagram is too large to send to {where} in one {call}"
        if code == errno.EPROTOTYPE:
            return f"{where} is a socket of another type (stream vs datagram?)"
        if code == errno.ECONNABORTED:
            return "the connection was aborted"
        reason = exc.strerror or str(exc) or type(exc).__name__
        return f"{call} failed: {reason}"

    # -- plumbing ------------------------------------------------------------

    def _enter(self) -> asyncio.AbstractEventLoop:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            # A new loop (e.g. a second asyncio.run in a script): locks belong to the old one.
            self._loop = loop
            self._send_lock = None
        return loop

    def _deadline(self, timeout: float | None) -> float | None:
        assert self._loop is not None
        return None if timeout is None else self._loop.time() + timeout

    def _check_open(self, call: str) -> None:
        if self._closed:
            self._fail(call, f"this client is closed: {call} needs a new client", "client is closed")

    def _ensure_socket(self, call: str) -> socket.socket:
        if self._sock is not None:
            return self._sock
        spec = self.spec
        local: str | None = None
        try:
            sock = socket.socket(spec.family.constant, spec.type.constant)
        except OSError as exc:
            self._emit("socket", error=_error_text(exc))
            raise WorkbenchError(
                f"cannot create a {spec.family.label} socket: {exc.strerror or exc}"
            ) from None
        try:
            sock.setblocking(False)
            if spec.family is Family.UNIX and spec.type is SockType.DGRAM:
                # A unix datagram server replies to the sender's address: without a bound
                # path of our own the reply has nowhere to go.
                local = self._local_socket_path()
                sock.bind(local)
        except OSError as exc:
            sock.close()
            self._emit("socket", error=_error_text(exc))
            raise WorkbenchError(f"cannot bind the client's own socket path: {exc.strerror or exc}") from None
        self._sock = sock
        self._emit("socket", address=local)
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

    async def _poll(self, kind: str, deadline: float | None) -> None:
        assert self._loop is not None
        delay = 0.001
        while True:
            sock = self._sock
            if self._closed or sock is None:
                raise _Interrupted
            readable, writable, _ = select.select(
                [sock] if kind == "r" else [], [sock] if kind == "w" else [], [], 0
            )
            if readable or writable:
                return
            if deadline is not None and self._loop.time() >= deadline:
                raise _TimedOut
            await asyncio.sleep(delay)
            delay = min(delay * 2, 0.05)

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

        Like asyncio's own sock_* methods, the call is made inside the readiness
        callback, so the waiting coroutine resumes with its result: one loop
        iteration less per call, which shows under qasync. Raises _TimedOut at
        ``deadline`` and _Interrupted when close() ends the wait.
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

        try:
            if kind == "r":
                loop.add_reader(fd, ready)
            else:
                loop.add_writer(fd, ready)
        except NotImplementedError:  # a proactor loop (Windows) has no readiness callbacks
            return await self._io_polling(kind, op, deadline)
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

    async def _io_polling(self, kind: str, op: Callable[[], T], deadline: float | None) -> T:
        while True:
            await self._poll(kind, deadline)
            try:
                return op()
            except (BlockingIOError, InterruptedError):
                continue

    async def _resolve(self, call: str, target: Address) -> Target:
        """A connectable address; host names go through getaddrinfo off the loop thread."""
        if self.spec.family is Family.UNIX:
            if not isinstance(target, str) or not target:
                self._fail(call, f"{call} needs a socket path for AF_UNIX, not {target!r}", "bad address")
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
                call, f"{call} needs a (host, port) pair with a port 1-65535, not {target!r}", "bad address"
            )
        host = target[0]
        try:
            ipaddress.ip_address(host.split("%", 1)[0])
            return target
        except ValueError:
            pass
        assert self._loop is not None
        try:
            infos = await self._loop.getaddrinfo(
                host, target[1], family=self.spec.family.constant, type=self.spec.type.constant
            )
        except OSError as exc:
            self._fail(call, self._explain(call, exc, target), _error_text(exc), address=target)
        if not infos:
            self._fail(call, f"cannot find the host {host!r}", "no addresses", address=target)
        return tuple(infos[0][4])

    # -- connect -------------------------------------------------------------

    async def connect(self) -> None:
        """Connect to spec.address (stream: the handshake; dgram: sets the default peer)."""
        await self._connect("connect")

    async def connect_ex(self) -> int:
        """Like connect, but a refused or failed connection returns its errno (0 = connected)."""
        return await self._connect("connect_ex")

    async def _connect(self, call: str) -> int:
        self._enter()
        self._check_open(call)
        target = self.spec.address
        if self._connected:
            self._fail(call, f"already connected to {format_address(self._peer)}", "already connected")
        if self._connecting:
            self._fail(call, "a connect is already in progress", "already connecting")
        self._connecting = True
        try:
            address = await self._resolve(call, target)
            self._check_open(call)
            sock = self._ensure_socket(call)
            deadline = self._deadline(self.spec.timeout)
            try:
                code = await self._connect_once(sock, address, deadline)
            except _TimedOut:
                code = errno.ETIMEDOUT
            except _Interrupted:
                self._fail(
                    call, f"{call} stopped: the client was closed", "interrupted by close()", address=address
                )
            except OSError as raised:  # raised rather than returned: e.g. an address the OS rejects outright
                self._discard_socket()
                self._fail(call, self._explain(call, raised, address), _error_text(raised), address=address)
        finally:
            self._connecting = False
        if code == 0:
            self._connected = True
            self._can_receive = True
            self._peer = address
            self._emit(call, address=address)
            return 0
        self._discard_socket()
        exc = OSError(code, os.strerror(code))
        if code == errno.ETIMEDOUT and self.spec.timeout is not None:
            message = f"{call} to {format_address(address)} timed out after {self.spec.timeout:g} s"
        else:
            message = self._explain(call, exc, address)
        self._emit(call, address=address, error=_error_text(exc))
        if call == "connect_ex":
            return code
        raise WorkbenchError(message)

    async def _connect_once(self, sock: socket.socket, address: Target, deadline: float | None) -> int:
        assert self._loop is not None
        while True:
            code = sock.connect_ex(address)
            if code not in _IN_PROGRESS:
                return code
            if self.spec.family is Family.UNIX:
                # AF_UNIX says EAGAIN when the server's backlog is full: try again shortly.
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

    async def send(self, data: bytes) -> int:
        """One send(): returns how many bytes the OS took (may be fewer than given)."""
        return await self._send("send", _as_bytes(data))

    async def sendall(self, data: bytes) -> None:
        """sendall(): keeps sending until every byte is out (one event for the whole call)."""
        await self._send("sendall", _as_bytes(data))

    async def _send(self, call: str, payload: bytes) -> int:
        self._enter()
        self._check_open(call)
        if not self._connected:
            if self.spec.type is SockType.DGRAM:
                self._fail(
                    call,
                    f"{call} needs a connected datagram socket: connect first, or use sendto with an address",
                    "not connected",
                )
            self._fail(
                call,
                f"not connected: connect first ({call} needs a connected stream socket)",
                "not connected",
            )
        async with self._lock():
            self._check_open(call)
            sock = self._sock
            assert sock is not None
            view = memoryview(payload)
            sent = 0
            deadline = self._deadline(self.spec.timeout)
            try:
                if call == "send":
                    sent = await self._io("w", lambda: sock.send(view), deadline)
                else:
                    while sent < len(payload):
                        sent += await self._io("w", _send_from(sock, view, sent), deadline)
            except (OSError, _TimedOut, _Interrupted) as exc:
                self._send_failed(call, payload, sent, exc)
        self._emit(call, data=payload if sent == len(payload) else payload[:sent], direction="sent")
        return sent

    def _send_failed(self, call: str, payload: bytes, sent: int, exc: BaseException) -> NoReturn:
        progress = f" after {sent} of {len(payload)} bytes" if sent else ""
        if isinstance(exc, _TimedOut):
            message = (
                f"{call} timed out after {self.spec.timeout:g} s{progress}: the other side is not reading"
            )
            error = "timed out"
        elif isinstance(exc, _Interrupted):
            message = f"{call} stopped{progress}: the client was closed"
            error = "interrupted by close()"
        else:
            assert isinstance(exc, OSError)
            message = self._explain(call, exc, self._peer) + (
                f" ({sent} of {len(payload)} bytes sent)" if sent else ""
            )
            error = _error_text(exc)
        # Bytes that did go out are still recorded, with the error.
        self._fail(call, message, error, data=payload[:sent] if sent else None, direction="sent")

    async def sendto(self, data: bytes, address: Address = None) -> int:
        """One sendto() of a datagram to ``address`` (default: spec.address)."""
        call = "sendto"
        self._enter()
        self._check_open(call)
        payload = _as_bytes(data)
        if self.spec.type is SockType.STREAM:
            self._fail(
                call,
                "sendto is for datagram (SOCK_DGRAM) sockets; a stream socket uses send or sendall after connect",
                "stream socket",
            )
        target = await self._resolve(call, self.spec.address if address is None else address)
        self._check_open(call)
        sock = self._ensure_socket(call)
        async with self._lock():
            self._check_open(call)
            deadline = self._deadline(self.spec.timeout)
            try:
                sent = await self._io("w", lambda: sock.sendto(payload, target), deadline)
            except _TimedOut:
                self._fail(
                    call, f"sendto timed out after {self.spec.timeout:g} s", "timed out", address=target
                )
            except _Interrupted:
                self._fail(
                    call, "sendto stopped: the client was closed", "interrupted by close()", address=target
                )
            except OSError as exc:
                self._fail(call, self._explain(call, exc, target), _error_text(exc), address=target)
        self._can_receive = True
        self._emit(call, data=payload[:sent], address=target, direction="sent")
        return sent

    # -- receiving -----------------------------------------------------------

    async def recv(self, bufsize: int = 65536, *, timeout: float | None = None) -> bytes:
        """One recv(): up to ``bufsize`` bytes; b"" means the peer closed (or close() ended the wait)."""
        data, _ = await self._recv("recv", bufsize, timeout)
        return data

    async def recvfrom(self, bufsize: int = 65536, *, timeout: float | None = None) -> tuple[bytes, Any]:
        """One recvfrom(): (bytes, sender address)."""
        return await self._recv("recvfrom", bufsize, timeout)

    async def _recv(self, call: str, bufsize: int, timeout: float | None) -> tuple[bytes, Any]:
        self._enter()
        self._check_open(call)
        if isinstance(bufsize, bool) or not isinstance(bufsize, int) or bufsize <= 0:
            self._fail(call, f"{call} needs a buffer size of at least 1 byte, not {bufsize!r}", "bad bufsize")
        if self.spec.type is SockType.STREAM and not self._connected:
            self._fail(
                call,
                f"not connected: connect first ({call} needs a connected stream socket)",
                "not connected",
            )
        if not self._can_receive:
            self._fail(
                call,
                "nothing can arrive yet: send a datagram with sendto first (or connect), so the server knows where to reply",
                "no address yet",
            )
        if self._reading:
            self._fail(
                call, f"another recv is already waiting on this socket; only one {call} at a time", "busy"
            )
        sock = self._sock
        assert sock is not None
        self._reading = True
        sender: Any = None
        try:
            if call == "recv":
                data = await self._io("r", lambda: sock.recv(bufsize), self._deadline(timeout))
            else:
                data, sender = await self._io("r", lambda: sock.recvfrom(bufsize), self._deadline(timeout))
        except _Interrupted:
            return b"", None  # close() ended the wait: a reader loop simply stops
        except _TimedOut:
            self._fail(call, f"{call} timed out after {timeout:g} s: nothing arrived", "timed out")
        except OSError as exc:
            self._fail(call, self._explain(call, exc, self._peer or self.spec.address), _error_text(exc))
        finally:
            self._reading = False
        self._emit(call, data=data, address=sender if sender not in ("", b"") else None, direction="received")
        return data, sender

    async def read_until_close(self, idle: float = 0.5) -> bytes:
        """Everything until the peer closes (stream), each recv bounded by spec.timeout.

        A datagram socket has no close to wait for: the first datagram must come
        within spec.timeout, then datagrams are gathered until none arrives for
        ``idle`` seconds.
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
            self._fail("recv", self._explain("recv", exc, self._peer or self.spec.address), _error_text(exc))
        finally:
            self._reading = False
        self._emit("recv", data=data, direction="received")
        return data

    async def read_exactly(self, n: int) -> bytes:
        """Exactly ``n`` bytes (stream); a datagram socket gathers whole datagrams until >= n."""
        parts: list[bytes] = []
        got = 0
        while got < n:
            data = await self.recv(
                n - got if self.spec.type is SockType.STREAM else 65536, timeout=self.spec.timeout
            )
            if not data and self.spec.type is SockType.STREAM:
                raise WorkbenchError(f"the other side closed the connection after {got} of {n} bytes")
            parts.append(data)
            got += len(data)
        return b"".join(parts)

    # -- ending --------------------------------------------------------------

    async def shutdown(self, how: int = socket.SHUT_WR) -> None:
        """shutdown(): SHUT_WR tells the peer "no more data from me" while still receiving."""
        call = "shutdown"
        self._enter()
        self._check_open(call)
        if not self._connected or self._sock is None:
            self._fail(call, "shutdown needs a connected socket: connect first", "not connected")
        try:
            self._sock.shutdown(how)
        except OSError as exc:
            self._fail(call, self._explain(call, exc, self._peer), _error_text(exc))
        self._emit(call)

    def close(self) -> None:
        """Close the socket, end any waiting call, remove temp files; emits "close" once."""
        if self._closed:
            return
        self._closed = True
        self._connected = False
        sock, self._sock = self._sock, None
        # Unregister from the loop before the fd is closed: its number may be reused at once.
        self._interrupt_waiters()
        if sock is not None:
            sock.close()
        if self._dir_finalizer is not None:
            self._dir_finalizer()  # removes the private dir and the socket path we bound in it
        self._emit("close")


def _as_bytes(data: bytes) -> bytes:
    """The payload as immutable bytes (no copy for bytes); refuses str and int, which bytes() would
    silently encode or turn into that many zero bytes."""
    if type(data) is bytes:
        return data
    return bytes(memoryview(data))


def _send_from(sock: socket.socket, view: memoryview, start: int) -> Callable[[], int]:
    return lambda: sock.send(view[start:])

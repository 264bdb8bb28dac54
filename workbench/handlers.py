"""Request handlers a student picks: a behaviour (echo, upper, discard, daytime, rules) on a stdlib base.

The base is one of socketserver's three handler classes, as the tutorial teaches them:

- ``BaseRequestHandler``: ``self.request`` is the connected socket (stream) or
  ``(data, server_socket)`` (datagram); the handler calls ``recv``/``sendall``/``sendto`` on it
  itself, so each call a student sees is one system call.
- ``StreamRequestHandler``: ``self.rfile``/``self.wfile`` wrap the socket; the handler reads
  lines with ``rfile.readline()`` and answers with ``wfile.write()``. The recorded ``recv`` events
  are the ``recv_into`` calls the buffered reader makes underneath (often fewer than the lines,
  or more), the ``sendall`` events what ``wfile.write`` sends.
- ``DatagramRequestHandler``: ``rfile`` holds the datagram, ``wfile`` collects the reply, and its
  ``finish()`` sends that with one ``sendto``.

Every hook (setup, handle, finish) and every socket call is recorded through the server's
recorder. The ``fail`` option raises on purpose in ``handle()`` or ``setup()`` so
``handle_error`` can be seen (a ``setup()`` that raises skips ``handle()`` and ``finish()``).
"""

from __future__ import annotations

import functools
import io
import logging
import socket
import socketserver
import time
from typing import TYPE_CHECKING, Any

from workbench.events import TLS_KIND, Kind, Phase
from workbench.spec import Base, Handler, SockType

if TYPE_CHECKING:
    from workbench.server import InstrumentedServer
    from workbench.spec import ServerSpec

#: Bytes asked for per recv(); what arrives is echoed at once, not collected first.
RECV_SIZE = 65536

_ENTER, _EXIT = int(Phase.ENTER), int(Phase.EXIT)


def error_text(exc: BaseException) -> str:
    """``"TypeName: message"`` — what an exit event's ``error`` says."""
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class HandlerFailure(RuntimeError):
    """Raised on purpose by the ``fail`` option, so ``handle_error`` can be seen."""


# -- behaviours: what to answer ----------------------------------------------------------------


class Behaviour:
    """What a handler answers; one instance per request (a rules framer keeps state)."""

    def __init__(self, spec: ServerSpec, server: InstrumentedServer) -> None:
        self.delay = float(spec.delay)

    def greeting(self) -> bytes | None:
        """Sent once as soon as a request starts (then the connection ends)."""
        return None

    def respond(self, data: bytes) -> list[tuple[bytes, float]]:
        """The replies to one chunk (stream) or datagram, each after a delay."""
        return [(data, self.delay)]

    def end(self) -> list[tuple[bytes, float]]:
        """The stream ended: anything still owed."""
        return []


class Echo(Behaviour):
    """Sends every byte back as it arrives / each datagram back to its sender."""


class Upper(Behaviour):
    def respond(self, data: bytes) -> list[tuple[bytes, float]]:
        return [(data.upper(), self.delay)]


class Discard(Behaviour):
    """Reads everything and replies nothing (RFC 863)."""

    def respond(self, data: bytes) -> list[tuple[bytes, float]]:
        return []


class Daytime(Behaviour):
    """Sends the date and time, then closes (RFC 867); a datagram gets it as the reply."""

    def greeting(self) -> bytes | None:
        return time.strftime("%A, %B %d, %Y %H:%M:%S-%Z\r\n").encode("ascii", "replace")


class Rules(Behaviour):
    """Answers each frame by the first matching rule (workbench/rules.py; the spec holds the file's text)."""

    def __init__(self, spec: ServerSpec, server: InstrumentedServer) -> None:
        super().__init__(spec, server)
        from workbench.rules import Responder

        assert server.wb_rules is not None
        self.responder = Responder(server.wb_rules)  # the server's rules: one set of hit counters
        self.datagrams = spec.type is SockType.DGRAM

    def respond(self, data: bytes) -> list[tuple[bytes, float]]:
        replies = self.responder.feed_datagram(data) if self.datagrams else self.responder.feed(data)
        return [(r.data, r.delay + self.delay) for r in replies if r.data is not None]

    def end(self) -> list[tuple[bytes, float]]:
        return [(r.data, r.delay) for r in self.responder.flush() if r.data is not None]


BEHAVIOURS: dict[Handler, type[Behaviour]] = {
    Handler.ECHO: Echo,
    Handler.UPPER: Upper,
    Handler.DISCARD: Discard,
    Handler.DAYTIME: Daytime,
    Handler.RULES: Rules,
}


# -- recording ----------------------------------------------------------------------------------


class RecordedHandler:
    """The recording half of every handler: put first in the bases, before the stdlib class."""

    server: InstrumentedServer
    request: Any
    client_address: Any

    def __init__(self, request: Any, client_address: Any, server: InstrumentedServer) -> None:
        self.request_id, _client, self.peer_id = server.request_info(request)
        spec = server.wb_spec
        self.spec = spec
        self.behaviour = BEHAVIOURS[spec.handler](spec, server)
        #: the TLS option: the socket calls are SSLSocket's, recorded as the TLS kinds
        self.tls = getattr(server, "wb_tls", None) is not None
        super().__init__(request, client_address, server)  # type: ignore[call-arg]  # runs setup/handle/finish

    def _step(self, kind: Kind, phase: int, error: str | None = None) -> None:
        server = self.server
        if phase == _ENTER and server.wb_breaks is not None:
            server.wb_breaks.check(server, kind, self.request_id, self.peer_id)
        if error is None:
            server.wb_rec.hook(kind, phase, server.wb_src, self.request_id, self.peer_id)
        else:
            server.wb_rec.event(kind, phase, server.wb_src, self.request_id, self.peer_id, error=error)

    def _record(self, kind: Kind, data: bytes, error: BaseException | None = None) -> None:
        server = self.server
        if self.tls:
            kind = TLS_KIND.get(kind, kind)
        if error is None:
            server.wb_rec.data(kind, server.wb_src, self.request_id, self.peer_id, data)
        else:
            server.wb_rec.event(
                kind, 0, server.wb_src, self.request_id, self.peer_id, data=data, error=error_text(error)
            )

    def setup(self) -> None:
        self._step(Kind.SETUP, _ENTER)
        try:
            super().setup()  # type: ignore[misc]
            if self.spec.fail and self.spec.fail_in == "setup":
                raise HandlerFailure("setup() raised on purpose (the 'fail in setup' option is on)")
            if isinstance(self.request, socket.socket) and self.spec.timeout is not None:
                self.request.settimeout(self.spec.timeout)  # as StreamRequestHandler.timeout
        except BaseException as exc:
            self._step(Kind.SETUP, _EXIT, error_text(exc))
            raise
        self._step(Kind.SETUP, _EXIT)

    def handle(self) -> None:
        self._step(Kind.HANDLE, _ENTER)
        try:
            if self.spec.fail and self.spec.fail_in == "handle":
                self.fail_now()
            greeting = self.behaviour.greeting()
            if greeting is not None:
                self.pause(self.behaviour.delay)
                self.reply(greeting)
            else:
                self.serve()
        except BaseException as exc:
            self._step(Kind.HANDLE, _EXIT, error_text(exc))
            raise
        self._step(Kind.HANDLE, _EXIT)

    def finish(self) -> None:
        self._step(Kind.FINISH, _ENTER)
        try:
            super().finish()  # type: ignore[misc]
        except BaseException as exc:
            self._step(Kind.FINISH, _EXIT, error_text(exc))
            raise
        self._step(Kind.FINISH, _EXIT)

    def fail_now(self) -> None:
        """The ``fail`` option: read what came (a stream), then raise."""
        raise HandlerFailure("handle() raised on purpose (the 'fail' option is on)")

    def answer(self, data: bytes) -> None:
        for reply, delay in self.behaviour.respond(data):
            self.pause(delay)
            self.reply(reply)

    def pause(self, delay: float) -> None:
        """The ``delay`` option: wait before each reply, so blocking becomes visible."""
        if delay > 0:
            self.server.force_stop.wait(delay)  # stop() may cut it short

    # the base-specific parts
    def serve(self) -> None:
        raise NotImplementedError

    def reply(self, data: bytes) -> None:
        raise NotImplementedError


class RawHandler(RecordedHandler, socketserver.BaseRequestHandler):  # type: ignore[misc]  # server: ours, not BaseServer
    """BaseRequestHandler: the handler calls recv/sendall/sendto on ``self.request`` itself."""

    def fail_now(self) -> None:
        if isinstance(self.request, socket.socket):
            self.recv()
        super().fail_now()

    def serve(self) -> None:
        if isinstance(self.request, tuple):
            self.answer(self.request[0])
            return
        while data := self.recv():  # b"" = the client closed (or shut down) its side
            self.answer(data)
        for reply, delay in self.behaviour.end():
            self.pause(delay)
            self.reply(reply)

    def reply(self, data: bytes) -> None:
        if isinstance(self.request, tuple):
            self.sendto(data)
        else:
            self.sendall(data)

    def recv(self, bufsize: int = RECV_SIZE) -> bytes:
        try:
            data: bytes = self.request.recv(bufsize)
        except OSError as exc:
            self._record(Kind.RECV, b"", exc)
            raise
        self._record(Kind.RECV, data)
        return data

    def sendall(self, data: bytes) -> None:
        try:
            self.request.sendall(data)
        except OSError as exc:
            self._record(Kind.SENDALL, b"", exc)
            raise
        self._record(Kind.SENDALL, data)

    def sendto(self, data: bytes) -> None:
        if not self.client_address:  # an AF_UNIX client that never bound a path has no address
            self.server.log(logging.WARNING, "log.no_reply_address", server=self.server.wb_id, request=self.request_id)
            return
        sock: socket.socket = self.request[1]
        try:
            sock.sendto(data, self.client_address)
        except OSError as exc:
            self._record(Kind.SENDTO, b"", exc)
            raise
        self._record(Kind.SENDTO, data)


class _RecordingSocket:
    """What StreamRequestHandler's rfile and wfile call, each call recorded (the socket does the work)."""

    def __init__(self, sock: socket.socket, handler: RecordedHandler) -> None:
        self._sock = sock
        self._handler = handler

    def recv_into(self, buffer: Any, nbytes: int = 0, flags: int = 0) -> int:
        try:
            n = self._sock.recv_into(buffer, nbytes, flags)
        except OSError as exc:
            if not isinstance(exc, (BlockingIOError, InterruptedError)):
                self._handler._record(Kind.RECV, b"", exc)
            raise
        self._handler._record(Kind.RECV, bytes(memoryview(buffer)[:n]))
        return n

    def sendall(self, data: Any) -> None:
        payload = bytes(data)
        try:
            self._sock.sendall(payload)
        except OSError as exc:
            self._handler._record(Kind.SENDALL, b"", exc)
            raise
        self._handler._record(Kind.SENDALL, payload)

    def send(self, data: Any) -> int:
        n = self._sock.send(data)
        self._handler._record(Kind.SEND, bytes(memoryview(data)[:n]))
        return n

    def makefile(self, mode: str = "r", buffering: int = -1) -> Any:
        """What socket.makefile("rb") builds, over this proxy: the reader's recv_into calls are ours."""
        raw = socket.SocketIO(self, "r")  # type: ignore[arg-type]
        return io.BufferedReader(raw, buffering if buffering > 0 else io.DEFAULT_BUFFER_SIZE)

    def _decref_socketios(self) -> None:
        """socket.SocketIO calls this on close; the real socket is closed by shutdown_request."""

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


class LinesHandler(RecordedHandler, socketserver.StreamRequestHandler):  # type: ignore[misc]  # server: ours, not BaseServer
    """StreamRequestHandler: lines from ``self.rfile``, replies to ``self.wfile``."""

    def setup(self) -> None:
        # StreamRequestHandler.setup() wraps the socket in rfile/wfile; ours wraps a recording
        # proxy instead, so the recv_into/sendall calls under them are seen.
        original = self.request
        self.request = _RecordingSocket(original, self)
        try:
            super().setup()
        finally:
            self.request = original
        if self.timeout is None and self.spec.timeout is not None:
            self.connection.settimeout(self.spec.timeout)

    def fail_now(self) -> None:
        self.rfile.readline()
        super().fail_now()

    def serve(self) -> None:
        while line := self.rfile.readline(RECV_SIZE):
            self.answer(line)
        for reply, delay in self.behaviour.end():
            self.pause(delay)
            self.reply(reply)

    def reply(self, data: bytes) -> None:
        self.wfile.write(data)


class _RecordingDatagramSocket:
    """The server socket as DatagramRequestHandler.finish() uses it: one recorded sendto."""

    def __init__(self, sock: socket.socket, handler: RecordedHandler) -> None:
        self._sock = sock
        self._handler = handler

    def sendto(self, data: bytes, address: Any) -> int:
        if not address:
            return 0  # an unnamed AF_UNIX client: nowhere to reply (logged by the handler)
        try:
            n = self._sock.sendto(data, address)
        except OSError as exc:
            self._handler._record(Kind.SENDTO, b"", exc)
            raise
        self._handler._record(Kind.SENDTO, bytes(data))
        return n

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


class PacketHandler(RecordedHandler, socketserver.DatagramRequestHandler):  # type: ignore[misc]  # server: ours, not BaseServer
    """DatagramRequestHandler: the datagram in ``self.rfile``, the reply collected in ``self.wfile``."""

    def setup(self) -> None:
        super().setup()
        self.socket = _RecordingDatagramSocket(self.socket, self)  # type: ignore[assignment]

    def serve(self) -> None:
        self.answer(self.rfile.read())

    def reply(self, data: bytes) -> None:
        self.wfile.write(data)  # finish() sends it all with one sendto

    def finish(self) -> None:
        if not self.client_address and self.wfile.getvalue():  # type: ignore[attr-defined]  # a BytesIO
            self.server.log(logging.WARNING, "log.no_reply_address", server=self.server.wb_id, request=self.request_id)
        super().finish()


_BASES: dict[Base, type[RecordedHandler]] = {
    Base.BASE: RawHandler,
    Base.STREAM: LinesHandler,
    Base.DATAGRAM: PacketHandler,
}


@functools.cache
def handler_class(base: Base = Base.BASE) -> type[socketserver.BaseRequestHandler]:
    """The RequestHandlerClass for a base (the behaviour comes from the server's spec)."""
    cls = _BASES[Base(base)]
    assert issubclass(cls, socketserver.BaseRequestHandler)
    return cls

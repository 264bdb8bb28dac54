"""Request handlers a student picks (echo, upper, discard, daytime), recording each socket call."""

from __future__ import annotations

import logging
import socket
import socketserver
import time
from typing import TYPE_CHECKING, Any

from workbench.events import Kind, Phase
from workbench.spec import Handler

if TYPE_CHECKING:
    from workbench.server import InstrumentedServer

#: Bytes asked for per recv(); what arrives is echoed at once, not collected first.
RECV_SIZE = 65536


def error_text(exc: BaseException) -> str:
    """``"TypeName: message"`` — what an exit event's ``error`` says."""
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class HandlerFailure(RuntimeError):
    """Raised on purpose by the ``fail`` option, so ``handle_error`` can be seen."""


_ENTER, _EXIT = int(Phase.ENTER), int(Phase.EXIT)


class WorkbenchHandler(socketserver.BaseRequestHandler):
    """BaseRequestHandler whose setup/handle/finish and socket calls are recorded as events.

    It uses the raw socket (no ``rfile``/``wfile`` buffering as in StreamRequestHandler), so
    each ``recv``/``sendall`` a student sees is one real system call. For datagram servers
    ``self.request`` is ``(data, server_socket)``, as in DatagramRequestHandler.
    """

    server: InstrumentedServer

    def __init__(self, request: Any, client_address: Any, server: InstrumentedServer) -> None:
        self.request_id, _client, self.peer_id = server.request_info(request)
        spec = server.wb_spec
        self.delay = float(spec.delay)
        self.fail = spec.fail
        super().__init__(request, client_address, server)

    def _step(self, kind: Kind, phase: int, error: str | None = None) -> None:
        server = self.server
        if error is None:
            server.wb_rec.hook(kind, phase, server.wb_src, self.request_id, self.peer_id)
        else:
            server.wb_rec.event(kind, phase, server.wb_src, self.request_id, self.peer_id, error=error)

    # -- recorded lifecycle (BaseRequestHandler.__init__ calls these) -------------------

    def setup(self) -> None:
        self._step(Kind.SETUP, _ENTER)
        try:
            super().setup()
            if isinstance(self.request, socket.socket) and self.server.wb_spec.timeout is not None:
                self.request.settimeout(self.server.wb_spec.timeout)  # as StreamRequestHandler.timeout
        except BaseException as exc:
            self._step(Kind.SETUP, _EXIT, error_text(exc))
            raise
        self._step(Kind.SETUP, _EXIT)

    def handle(self) -> None:
        self._step(Kind.HANDLE, _ENTER)
        try:
            if isinstance(self.request, tuple):
                self.handle_datagram(self.request[0])
            else:
                self.handle_stream()
        except BaseException as exc:
            self._step(Kind.HANDLE, _EXIT, error_text(exc))
            raise
        self._step(Kind.HANDLE, _EXIT)

    def finish(self) -> None:
        self._step(Kind.FINISH, _ENTER)
        try:
            super().finish()
        except BaseException as exc:
            self._step(Kind.FINISH, _EXIT, error_text(exc))
            raise
        self._step(Kind.FINISH, _EXIT)

    # -- behaviour: subclasses override respond() and/or greeting() ---------------------

    def respond(self, data: bytes) -> bytes | None:
        """The reply to one chunk (stream) or datagram; None sends nothing."""
        return data

    def greeting(self) -> bytes | None:
        """Sent once as soon as a connection is accepted (then the connection ends)."""
        return None

    def handle_stream(self) -> None:
        if self.fail:
            self.recv()
            raise HandlerFailure("handle() raised on purpose (the 'fail' option is on)")
        greeting = self.greeting()
        if greeting is not None:
            self.pause()
            self.sendall(greeting)
            return
        while data := self.recv():  # b"" = the client closed (or shut down) its side
            reply = self.respond(data)
            self.pause()
            if reply is not None:
                self.sendall(reply)

    def handle_datagram(self, data: bytes) -> None:
        if self.fail:
            raise HandlerFailure("handle() raised on purpose (the 'fail' option is on)")
        greeting = self.greeting()
        reply = greeting if greeting is not None else self.respond(data)
        self.pause()
        if reply is None:
            return
        if not self.client_address:  # an AF_UNIX client that never bound a path has no address
            self.server.log(
                logging.WARNING,
                f"{self.server.wb_id}: request {self.request_id}: the client socket has no address; cannot reply",
            )
            return
        self.sendto(reply)

    def pause(self) -> None:
        """The ``delay`` option: wait before each reply, so blocking becomes visible."""
        if self.delay > 0:
            self.server.force_stop.wait(self.delay)  # stop() may cut it short

    # -- socket calls, one event each ---------------------------------------------------

    def recv(self, bufsize: int = RECV_SIZE) -> bytes:
        try:
            data: bytes = self.request.recv(bufsize)
        except OSError as exc:
            self._data_error(Kind.RECV, exc)
            raise
        server = self.server
        server.wb_rec.data(Kind.RECV, server.wb_src, self.request_id, self.peer_id, data)
        return data

    def sendall(self, data: bytes) -> None:
        try:
            self.request.sendall(data)
        except OSError as exc:
            self._data_error(Kind.SENDALL, exc)
            raise
        server = self.server
        server.wb_rec.data(Kind.SENDALL, server.wb_src, self.request_id, self.peer_id, data)

    def sendto(self, data: bytes) -> None:
        sock: socket.socket = self.request[1]
        try:
            sock.sendto(data, self.client_address)
        except OSError as exc:
            self._data_error(Kind.SENDTO, exc)
            raise
        server = self.server
        server.wb_rec.data(Kind.SENDTO, server.wb_src, self.request_id, self.peer_id, data)

    def _data_error(self, kind: Kind, exc: OSError) -> None:
        server = self.server
        server.wb_rec.event(
            kind, 0, server.wb_src, self.request_id, self.peer_id, data=b"", error=error_text(exc)
        )


class EchoHandler(WorkbenchHandler):
    """Sends every byte back as it arrives (stream) / each datagram back to its sender."""


class UpperHandler(WorkbenchHandler):
    """Like echo, with ASCII letters upper-cased."""

    def respond(self, data: bytes) -> bytes | None:
        return data.upper()


class DiscardHandler(WorkbenchHandler):
    """Reads everything and replies nothing (RFC 863)."""

    def respond(self, data: bytes) -> bytes | None:
        return None


class DaytimeHandler(WorkbenchHandler):
    """Sends the date and time, then closes (RFC 867); a datagram gets it as the reply."""

    def greeting(self) -> bytes | None:
        return time.strftime("%A, %B %d, %Y %H:%M:%S-%Z\r\n").encode("ascii", "replace")


_HANDLERS: dict[Handler, type[WorkbenchHandler]] = {
    Handler.ECHO: EchoHandler,
    Handler.UPPER: UpperHandler,
    Handler.DISCARD: DiscardHandler,
    Handler.DAYTIME: DaytimeHandler,
}


def handler_class(handler: Handler) -> type[WorkbenchHandler]:
    return _HANDLERS[Handler(handler)]

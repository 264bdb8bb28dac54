"""Request handlers a student picks (echo, upper, discard, daytime), reporting each socket call."""

from __future__ import annotations

import logging
import socket
import socketserver
import time
from typing import TYPE_CHECKING, Any

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


class WorkbenchHandler(socketserver.BaseRequestHandler):
    """BaseRequestHandler whose setup/handle/finish and socket calls are reported as events.

    It uses the raw socket (no ``rfile``/``wfile`` buffering as in StreamRequestHandler), so
    each ``recv``/``sendall`` a student sees is one real system call. For datagram servers
    ``self.request`` is ``(data, server_socket)``, as in DatagramRequestHandler.
    """

    server: InstrumentedServer

    def __init__(self, request: Any, client_address: Any, server: InstrumentedServer) -> None:
        self.request_id = server.request_info(request)[0]
        spec = server.wb_spec
        self.delay = float(spec.delay)
        self.fail = spec.fail
        super().__init__(request, client_address, server)

    # -- reported lifecycle (BaseRequestHandler.__init__ calls these) -------------------

    def setup(self) -> None:
        self.server.emit("setup", "enter", self.request_id, self.client_address)
        super().setup()
        if isinstance(self.request, socket.socket) and self.server.wb_spec.timeout is not None:
            self.request.settimeout(self.server.wb_spec.timeout)  # as StreamRequestHandler.timeout
        self.server.emit("setup", "exit", self.request_id, self.client_address)

    def handle(self) -> None:
        emit, rid, client = self.server.emit, self.request_id, self.client_address
        emit("handle", "enter", rid, client)
        try:
            if isinstance(self.request, tuple):
                self.handle_datagram(self.request[0])
            else:
                self.handle_stream()
        except BaseException as exc:
            emit("handle", "exit", rid, client, error=error_text(exc))
            raise
        emit("handle", "exit", rid, client)

    def finish(self) -> None:
        self.server.emit("finish", "enter", self.request_id, self.client_address)
        super().finish()
        self.server.emit("finish", "exit", self.request_id, self.client_address)

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
            self._data_error("recv", exc)
            raise
        self.server.emit("recv", None, self.request_id, self.client_address, data=data)
        return data

    def sendall(self, data: bytes) -> None:
        try:
            self.request.sendall(data)
        except OSError as exc:
            self._data_error("sendall", exc)
            raise
        self.server.emit("sendall", None, self.request_id, self.client_address, data=data)

    def sendto(self, data: bytes) -> None:
        sock: socket.socket = self.request[1]
        try:
            sock.sendto(data, self.client_address)
        except OSError as exc:
            self._data_error("sendto", exc)
            raise
        self.server.emit("sendto", None, self.request_id, self.client_address, data=data)

    def _data_error(self, call: str, exc: OSError) -> None:
        self.server.emit(call, None, self.request_id, self.client_address, data=b"", error=error_text(exc))


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

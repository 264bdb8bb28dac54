"""Sending bytes by hand to one request of a running server, from outside its handler (the Send tab's server peer).

A protocol engineer picks one of a server's requests and types a reply to that peer, as
if the handler had sent it. The send is recorded as a data event of that server and that
request (``sendall`` on a stream request, ``sendto`` for a datagram one), on the thread
that did it: the host's, not the handler's, which is what really happened.

- Stream (TCP, Unix stream): the request's connected socket, while its request runs. The
  bytes go through a duplicate of its descriptor, one non-blocking ``send`` at a time with
  a deadline: a peer that does not read fills its window, and the host must not wait for
  it forever. (``settimeout`` on the request socket itself would change the handler's own
  timeout, and a blocking ``sendall`` could never be given up.) On the deadline, the bytes
  that went out are recorded with the error and the caller is told how many.
- Datagram (UDP, Unix datagram): ``sendto`` from the server's bound socket to the sender of
  that request (one of the last ``DATAGRAM_PEERS`` datagrams a server received).

Refused, in plain words: a request that ended; ForkingMixIn stream servers (the socket
lives in the child process that handles it); TLS servers (an SSL object must not be
written to by a second thread while its handler uses it); a server that is not running.
"""

from __future__ import annotations

import select
import socket
import time
from typing import TYPE_CHECKING

from workbench.errors import WorkbenchError
from workbench.events import Kind
from workbench.handlers import error_text
from workbench.spec import Mixin

if TYPE_CHECKING:
    from workbench.server import InstrumentedServer

#: How many of the newest datagrams' senders each datagram server remembers for a reply.
DATAGRAM_PEERS = 256
#: The longest a hand-made send may wait for a peer that does not read, in seconds.
MAX_SEND_TIMEOUT = 60.0
#: Bytes offered to one non-blocking send (the kernel takes what fits).
_CHUNK = 1 << 16
#: Linux and macOS: this one call does not block, whatever the descriptor's mode (the
#: handler's socket keeps its own); elsewhere the select() before each send is all there is.
_DONTWAIT = getattr(socket, "MSG_DONTWAIT", 0)


def send_to_request(server: InstrumentedServer, request: int, data: bytes, timeout: float) -> tuple[str, int]:
    """Send ``data`` to the peer of ``request``; returns (the call recorded, bytes sent).

    Runs on any thread but the handler's; blocks at most ``timeout`` seconds.
    """
    if server.wb_spec.tls:
        raise WorkbenchError("server.send.tls", field="request", server=server.wb_id, request=request)
    if server.wb_stream:
        if server.wb_spec.mixin is Mixin.FORKING:
            raise WorkbenchError("server.send.forking", field="request", server=server.wb_id, request=request)
        return "sendall", _send_stream(server, request, bytes(data), timeout)
    return "sendto", _send_datagram(server, request, bytes(data))


def _send_stream(server: InstrumentedServer, request: int, data: bytes, timeout: float) -> int:
    live = server.live_request(request)
    if live is None:
        raise WorkbenchError("server.send.ended", field="request", server=server.wb_id, request=request)
    _client, aid, sock = live
    try:
        dup = sock.dup()  # the request's socket closed meanwhile: EBADF, said as "ended"
    except OSError:
        raise WorkbenchError("server.send.ended", field="request", server=server.wb_id, request=request) from None
    sent = 0
    view = memoryview(data)
    deadline = time.monotonic() + timeout
    try:
        while sent < len(data):
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"the peer took {sent} of {len(data)} bytes in {timeout:g} s")
            _r, writable, _x = select.select([], [dup], [], left)
            if not writable:
                continue
            try:
                sent += dup.send(view[sent : sent + _CHUNK], _DONTWAIT)
            except (BlockingIOError, InterruptedError):
                continue
    except TimeoutError as exc:
        _record_failure(server, Kind.SENDALL, request, aid, data[:sent], exc)
        raise WorkbenchError(
            "server.send.timeout", field="request", server=server.wb_id, request=request,
            sent=sent, total=len(data), seconds=f"{timeout:g}",
        ) from None  # fmt: skip
    except OSError as exc:
        _record_failure(server, Kind.SENDALL, request, aid, data[:sent], exc)
        raise WorkbenchError(
            "server.send.failed", field="request", server=server.wb_id, request=request,
            sent=sent, total=len(data), reason=exc.strerror or str(exc),
        ) from None  # fmt: skip
    finally:
        dup.close()
    server.wb_rec.data(Kind.SENDALL, server.wb_src, request, aid, data)
    return sent


def _send_datagram(server: InstrumentedServer, request: int, data: bytes) -> int:
    peer = server.datagram_peer(request)
    if peer is None:
        code = "server.send.forgotten" if 0 < request < server.next_request_id else "server.send.ended"
        raise WorkbenchError(code, field="request", server=server.wb_id, request=request, keep=DATAGRAM_PEERS)
    client, aid = peer
    if client in ("", b"", None):
        raise WorkbenchError("server.send.unnamed", field="request", server=server.wb_id, request=request)
    sock: socket.socket = server.socket  # type: ignore[attr-defined]  # UDPServer has it
    try:
        # a Unix datagram peer whose queue is full would block the host: fail at once instead
        sent = sock.sendto(data, _DONTWAIT, client)
    except OSError as exc:
        _record_failure(server, Kind.SENDTO, request, aid, b"", exc)
        raise WorkbenchError(
            "server.send.failed", field="request", server=server.wb_id, request=request,
            sent=0, total=len(data), reason=exc.strerror or str(exc),
        ) from None  # fmt: skip
    server.wb_rec.data(Kind.SENDTO, server.wb_src, request, aid, data[:sent])
    return sent


def _record_failure(server: InstrumentedServer, kind: Kind, request: int, aid: int, out: bytes,
                    exc: BaseException) -> None:  # fmt: skip
    """The call as it ended: the bytes that did go out, and why the rest did not."""
    server.wb_rec.event(kind, 0, server.wb_src, request, aid, data=out, error=error_text(exc))

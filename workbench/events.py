"""The event vocabulary: one frozen record per lifecycle step or socket call."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

Phase = Literal["enter", "exit"]
Role = Literal["server", "client"]
# An address as Python's socket module gives it: (host, port) / (host, port, flow, scope) or a path.
Address = tuple[Any, ...] | str | None

#: socketserver methods reported with an ``enter`` and an ``exit`` event.
LIFECYCLE_EVENTS: tuple[str, ...] = (
    "server_bind",
    "server_activate",
    "serve_forever",
    "get_request",
    "verify_request",
    "process_request",
    "finish_request",
    "setup",
    "handle",
    "finish",
    "handle_error",
    "handle_timeout",
    "shutdown_request",
    "close_request",
    "shutdown",
    "server_close",
)

#: socket calls that move bytes; their events carry the bytes moved.
DATA_EVENTS: tuple[str, ...] = ("recv", "recvfrom", "send", "sendall", "sendto")

#: socket calls a client makes that move no bytes.
CLIENT_CALL_EVENTS: tuple[str, ...] = ("socket", "connect", "connect_ex", "shutdown", "close")

#: Which direction a data event moved bytes, seen from the socket that made the call.
SENT_CALLS = frozenset({"send", "sendall", "sendto"})
RECEIVED_CALLS = frozenset({"recv", "recvfrom"})


@dataclass(frozen=True, slots=True)
class Event:
    """One thing a server or client did.

    ``event`` is the socketserver method or socket call name, ``phase`` is
    ``"enter"``/``"exit"`` for lifecycle methods and ``None`` for single-shot
    socket calls. ``source`` is the id of the server or client that emitted it
    ("server-1", "client-2"); ``role`` says which of the two it is.
    """

    event: str
    phase: Phase | None
    ts: float
    source: str
    role: Role
    request: int | None
    thread: str
    pid: int
    data: bytes | None = None
    address: Address = None
    client: Address = None
    error: str | None = None

    @property
    def nbytes(self) -> int | None:
        return None if self.data is None else len(self.data)

    @property
    def is_data(self) -> bool:
        return self.data is not None

    @property
    def direction(self) -> Literal["sent", "received"] | None:
        """``"sent"`` or ``"received"`` for data events, from the caller's side."""
        if self.event in SENT_CALLS and self.data is not None:
            return "sent"
        if self.event in RECEIVED_CALLS and self.data is not None:
            return "received"
        return None

    def to_dict(self) -> dict[str, Any]:
        """The JSON-lines shape the CLI prints (see README, "Headless CLI")."""
        out: dict[str, Any] = {
            "event": self.event,
            "phase": self.phase,
            "ts": self.ts,
            "server": self.source if self.role == "server" else None,
            "request": self.request,
            "thread": self.thread,
            "pid": self.pid,
            "role": self.role,
            "source": self.source,
        }
        if self.data is not None:
            out["nbytes"] = len(self.data)
            out["data"] = self.data.hex()
        if self.address is not None:
            out["address"] = _jsonable_address(self.address)
        if self.client is not None:
            out["client"] = _jsonable_address(self.client)
        if self.error is not None:
            out["error"] = self.error
        return out


def format_address(address: Address) -> str:
    """An address the way a student writes it: 127.0.0.1:9, [::1]:9 or /tmp/x.sock."""
    if isinstance(address, tuple) and len(address) >= 2:
        host = str(address[0])
        return f"[{host}]:{address[1]}" if ":" in host else f"{host}:{address[1]}"
    if isinstance(address, bytes):  # abstract-namespace unix addresses
        address = address.decode("utf-8", "backslashreplace")
    return str(address) if address else "(unnamed)"


def _jsonable_address(address: Address) -> Any:
    if isinstance(address, tuple):
        return list(address)
    if isinstance(address, bytes):  # abstract-namespace unix addresses
        return address.decode("utf-8", "backslashreplace")
    return address


#: Where events go. Called from any thread (server threads, the fork-pipe
#: reader, the asyncio loop); implementations must be thread-safe and quick.
EventSink = Callable[[Event], None]


def make_event(
    event: str,
    phase: Phase | None,
    source: str,
    role: Role,
    request: int | None = None,
    **extra: Any,
) -> Event:
    """Build an event stamped with the current time, thread name and pid."""
    return Event(
        event,
        phase,
        time.time(),
        source,
        role,
        request,
        threading.current_thread().name,
        os.getpid(),
        **extra,
    )


def format_event(ev: Event) -> str:
    """One readable line per event, for the CLI's plain output and the log."""
    parts = [f"{ev.ts:.6f}", ev.source]
    if ev.request is not None:
        parts.append(f"req={ev.request}")
    parts.append(f"{ev.thread}/{ev.pid}")
    name = ev.event if ev.phase is None else f"{ev.event}:{ev.phase}"
    parts.append(name)
    if ev.client is not None:
        parts.append(f"client={_jsonable_address(ev.client)}")
    if ev.address is not None:
        parts.append(f"address={_jsonable_address(ev.address)}")
    if ev.data is not None:
        preview = ev.data[:32].hex(" ")
        more = " ..." if len(ev.data) > 32 else ""
        parts.append(f"{len(ev.data)}B [{preview}{more}]")
    if ev.error is not None:
        parts.append(f"error={ev.error}")
    return " ".join(parts)

"""What the Explain pane says about a record: the names that explain it, and what this one shows.

A record is what an event row or a timeline bar (the enter record of a setup/handle/finish call)
stands for. For one, this module gives the qualified names to look up in
``workbench.teach.explain`` (the explanations themselves are data there, in both languages) and
a few sentences, through ``translate()``, on what this very record shows: a hook's result, the
bytes a call moved, an error and what to try. ``Subject`` is what the pane shows, of a record or
of a form control (``ui.explain_controls``).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication

from workbench.events import HANDLER_STEPS, KINDS, Category, Event, Kind, format_address, printable

# QCoreApplication.translate under the name lupdate looks for (with the context written out each time)
translate = QCoreApplication.translate


@dataclass(frozen=True)
class Subject:
    """What the pane explains: a title and notes made in the current language each time they are read."""

    key: tuple[Any, ...]  #: ("record", index), ("control", objectName) or ("names", ...)
    names: tuple[str, ...]  #: qualified names to look up, in order
    title: Callable[[], str]
    notes: Callable[[], list[str]] = field(default=lambda: [])


# -- records -------------------------------------------------------------------------------------


def qualified_names(kind: Kind) -> tuple[str, ...]:
    """The explanation of what a record of this kind ran (the hook or the socket call)."""
    info = KINDS[kind]
    if kind in HANDLER_STEPS:
        return (f"socketserver.BaseRequestHandler.{info.name}",)
    if info.category is Category.HOOK:
        return (f"socketserver.BaseServer.{info.name}",)
    if kind is Kind.SOCKET:
        return ("socket.socket",)
    if kind is Kind.GETADDRINFO:
        return ("socket.getaddrinfo",)
    if info.category in (Category.DATA, Category.CALL):
        return (f"socket.socket.{info.name}",)
    return ()


def record_names(ev: Event, spec: dict[str, Any]) -> tuple[str, ...]:
    """What explains this record: its hook or call, and what the server's choices make of it."""
    kind = ev.kind
    if kind is Kind.PAUSED and isinstance(ev.value, int) and ev.value in Kind._value2member_map_:
        kind = Kind(ev.value)  # a breakpoint: explain the hook it held
    names = list(qualified_names(kind))
    stream = spec.get("type", "stream") == "stream"
    if kind is Kind.PROCESS_REQUEST:
        mixin = {"threading": "socketserver.ThreadingMixIn", "forking": "socketserver.ForkingMixIn"}
        if spec.get("mixin") in mixin:
            names.append(mixin[spec["mixin"]])
    elif kind is Kind.GET_REQUEST and stream:
        names.append("socket.socket.accept")
    elif kind is Kind.SERVER_ACTIVATE and stream:
        names.append("socket.socket.listen")
    elif kind is Kind.SERVER_BIND:
        names.append("socket.socket.bind")
    elif kind is Kind.SOCK_SHUTDOWN:
        names.append("socket.SHUT_WR")
    return tuple(names)


def record_title(ev: Event) -> str:
    """``verify_request · exit`` and where it ran: the event table's words."""
    head = f"{ev.event} · {ev.phase}" if ev.phase else ev.event
    where = printable(ev.thread) or "?"
    if ev.request is not None:
        return (
            head
            + "  —  "
            + translate("ExplainNotes", "{source}, request #{request}, on {thread} (pid {pid})").format(
                source=ev.source, request=ev.request, thread=where, pid=ev.pid
            )
        )
    return (
        head
        + "  —  "
        + translate("ExplainNotes", "{source}, on {thread} (pid {pid})").format(
            source=ev.source, thread=where, pid=ev.pid
        )
    )


def _peer(ev: Event) -> str:
    address = ev.client if ev.client is not None else ev.address
    return (
        format_address(address)
        if address not in (None, "", b"")
        else translate("ExplainNotes", "an unnamed peer")
    )


def _hook_notes(ev: Event, spec: dict[str, Any]) -> list[str]:
    kind, name = ev.kind, ev.event
    stream = spec.get("type", "stream") == "stream"
    if ev.phase == "enter":
        if kind is Kind.PROCESS_REQUEST:
            mixin = spec.get("mixin", "none")
            if mixin == "threading":
                return [
                    translate(
                        "ExplainNotes",
                        "ThreadingMixIn: process_request() starts a new thread for this "
                        "request and returns at once; get_request() can take the next client "
                        "right away.",
                    )
                ]
            if mixin == "forking":
                return [
                    translate(
                        "ExplainNotes",
                        "ForkingMixIn: process_request() forks a child process for this "
                        "request; the parent goes back to get_request() at once.",
                    )
                ]
            return [
                translate(
                    "ExplainNotes",
                    "No mixin: process_request() runs the whole request here, on the serve "
                    "thread. The next client waits until it returns.",
                )
            ]
        if kind is Kind.SHUTDOWN_REQUEST:
            return [
                translate(
                    "ExplainNotes",
                    "shutdown_request() shuts the connection down and closes it: the "
                    "client's recv() returns b'' once it has read everything.",
                )
            ]
        if kind is Kind.HANDLE_ERROR:
            return [
                translate(
                    "ExplainNotes",
                    "handle_error() runs because the handler raised. By default it prints "
                    "the traceback (the log pane shows it) and the server goes on serving.",
                )
            ]
        if kind is Kind.HANDLE_TIMEOUT:
            return [
                translate(
                    "ExplainNotes",
                    "handle_request() waited for the server's timeout and no request came, "
                    "so it called handle_timeout().",
                )
            ]
        return [
            translate(
                "ExplainNotes", "Python has just called {name}(); its exit row follows when it returns."
            ).format(name=name)
        ]
    # exit
    if kind is Kind.VERIFY_REQUEST and ev.value is not None:
        if ev.value:
            return [
                translate(
                    "ExplainNotes",
                    "verify_request returned True: this client is let in, and process_request() follows.",
                )
            ]
        return [
            translate(
                "ExplainNotes",
                "verify_request returned False: this client is refused. "
                "shutdown_request() closes its connection without calling the handler, "
                "so the client gets no reply.",
            )
        ]
    if kind is Kind.GET_REQUEST:
        if stream and ev.value is not None:
            return [
                translate(
                    "ExplainNotes",
                    "get_request() returned a new socket (file descriptor {fd}) connected "
                    "to {peer}. The listening socket stays open for the next client.",
                ).format(fd=ev.value, peer=_peer(ev))
            ]
        if not stream:
            return [
                translate(
                    "ExplainNotes",
                    "get_request() read one datagram from {peer}: for a datagram server, "
                    "one datagram is one request.",
                ).format(peer=_peer(ev))
            ]
    if kind is Kind.SERVER_BIND and ev.address:
        return [
            translate("ExplainNotes", "The server's socket is bound to {address}.").format(
                address=format_address(ev.address)
            )
        ]
    if kind is Kind.SERVER_ACTIVATE and stream:
        return [
            translate(
                "ExplainNotes",
                "listen({backlog}) has run: from now on the kernel completes "
                "handshakes and queues connections until get_request() takes one.",
            ).format(backlog=spec.get("backlog", 5))
        ]
    if kind is Kind.PAUSED:
        return [translate("ExplainNotes", "A breakpoint held this thread here until Step or Continue.")]
    return [translate("ExplainNotes", "{name}() has returned.").format(name=name)]


def _data_notes(ev: Event) -> list[str]:
    n = ev.nbytes or 0
    name = ev.event
    if ev.kind is Kind.RECV:
        if n == 0:
            return [
                translate(
                    "ExplainNotes",
                    "recv() returned b'' (0 bytes): the other side closed its end or shut "
                    "down its sending side. A handler's read loop ends here.",
                )
            ]
        return [
            translate(
                "ExplainNotes",
                "recv() returned {n} bytes: whatever had arrived, up to the size asked "
                "for. It may be less than the other side sent in one call. The hex "
                "view shows them.",
            ).format(n=n)
        ]
    if ev.kind is Kind.RECVFROM:
        return [
            translate("ExplainNotes", "recvfrom() returned one datagram of {n} bytes from {peer}.").format(
                n=n, peer=_peer(ev)
            )
        ]
    if ev.kind is Kind.SEND:
        asked = ev.detail.get("asked") if isinstance(ev.detail, dict) else None
        if isinstance(asked, int) and asked > n:
            return [
                translate(
                    "ExplainNotes",
                    "send() took only {n} of the {asked} bytes it was given. Call it again "
                    "for the rest, or use sendall().",
                ).format(n=n, asked=asked)
            ]
        return [
            translate(
                "ExplainNotes",
                "send() sent {n} bytes. It returns how many it took, which can be "
                "fewer than it was given when the socket's buffer is full.",
            ).format(n=n)
        ]
    if ev.kind is Kind.SENDALL:
        return [
            translate(
                "ExplainNotes", "sendall() sent all {n} bytes, calling send() as often as it needed."
            ).format(n=n)
        ]
    if ev.kind is Kind.SENDTO:
        return [
            translate("ExplainNotes", "sendto() sent one datagram of {n} bytes to {peer}.").format(
                n=n, peer=_peer(ev)
            )
        ]
    return [translate("ExplainNotes", "{name}() moved {n} bytes.").format(name=name, n=n)]


def _call_notes(ev: Event) -> list[str]:
    kind = ev.kind
    if kind is Kind.CONNECT_EX and isinstance(ev.value, int):
        if ev.value == 0:
            return [translate("ExplainNotes", "connect_ex() returned 0: connected.")]
        return [
            translate(
                "ExplainNotes",
                "connect_ex() returned {code} ({name}: {text}): not connected. It "
                "reports the failure as a number instead of raising.",
            ).format(code=ev.value, name=errno.errorcode.get(ev.value, "?"), text=os.strerror(ev.value))
        ]
    if kind is Kind.CONNECT:
        return [
            translate(
                "ExplainNotes",
                "connect() returned: the handshake is done. The server's kernel keeps "
                "the connection in its accept queue until get_request() takes it.",
            )
        ]
    if kind is Kind.SOCKET:
        return [translate("ExplainNotes", "A new socket: not bound and not connected yet.")]
    if kind is Kind.SOCK_SHUTDOWN:
        return [
            translate(
                "ExplainNotes",
                "shutdown() closed the sending side: the server's recv() returns b'' "
                "after the bytes sent before it. Replies can still arrive.",
            )
        ]
    if kind is Kind.CLOSE:
        return [translate("ExplainNotes", "close() released the socket; its file descriptor is free again.")]
    if kind is Kind.SETBLOCKING and ev.value is not None:
        if ev.value:
            return [translate("ExplainNotes", "setblocking(True): calls wait until they can complete.")]
        return [
            translate(
                "ExplainNotes",
                "setblocking(False): a call that would have to wait raises BlockingIOError instead.",
            )
        ]
    if kind is Kind.SETTIMEOUT:
        if ev.value is None:
            return [translate("ExplainNotes", "settimeout(None): calls wait as long as they need.")]
        return [
            translate(
                "ExplainNotes", "settimeout({seconds}): a call that waits longer raises TimeoutError."
            ).format(seconds=ev.value)
        ]
    return [translate("ExplainNotes", "{name}() has returned.").format(name=ev.event)]


def _advice(exc_name: str, error: str) -> str | None:
    """What an exception usually means and what to try, by its class name (the error text starts with it)."""
    if exc_name == "ConnectionRefusedError":
        return translate(
            "ExplainNotes",
            "Nothing listens at that address. Start a server first, or check the port and the family.",
        )
    if exc_name == "ConnectionResetError":
        return translate(
            "ExplainNotes",
            "The other side reset the connection: it closed while bytes were "
            "unread or still coming. A server that closes without reading "
            "everything does this.",
        )
    if exc_name == "BrokenPipeError":
        return translate(
            "ExplainNotes",
            "You wrote to a connection the other side has already closed. Watch "
            "for recv() returning b'' before sending more.",
        )
    if exc_name in ("TimeoutError", "timeout"):
        return translate(
            "ExplainNotes",
            "The call waited longer than the socket's timeout (settimeout). Make "
            "sure the other side answers, or allow more time.",
        )
    if exc_name == "BlockingIOError":
        return translate(
            "ExplainNotes",
            "The socket is non-blocking and the call would have had to wait (no "
            "data yet, or no room to send). Try again later, or wait with select.",
        )
    if exc_name == "PermissionError":
        return translate(
            "ExplainNotes",
            "The system refused: ports below 1024 need privileges, and a socket "
            "file needs a folder you may write to.",
        )
    if exc_name == "FileNotFoundError":
        return translate(
            "ExplainNotes", "No socket file at that path: start the Unix server first, or check the path."
        )
    if exc_name == "HandlerFailure":
        return translate(
            "ExplainNotes", "The handler raised on purpose (the fail option). Untick it to serve normally."
        )
    if "Errno 98" in error or "Address already in use" in error:
        return translate(
            "ExplainNotes",
            "Another socket already has this port. Pick another one, 0 for any "
            "free port, or stop the other server.",
        )
    return None


def _error_notes(ev: Event) -> list[str]:
    error = printable(ev.error or "")
    notes = [translate("ExplainNotes", "{name}() raised {error}.").format(name=ev.event, error=error)]
    if ev.kind is Kind.SETUP:
        notes.append(
            translate(
                "ExplainNotes",
                "Because setup() raised, handle() and finish() do not run for this "
                "request; handle_error() reports it.",
            )
        )
    elif ev.kind is Kind.HANDLE:
        notes.append(
            translate(
                "ExplainNotes",
                "handle() raised: finish() still runs, then handle_error() reports the "
                "exception. The server keeps serving other clients.",
            )
        )
    advice = _advice(error.split(":", 1)[0].strip(), error)
    if advice:
        notes.append(advice)
    return notes


def record_notes(ev: Event, spec: dict[str, Any]) -> list[str]:
    """A few sentences on what this record shows (its result, its error and what to try)."""
    if ev.error is not None:
        return _error_notes(ev)
    category = KINDS[ev.kind].category
    if category in (Category.HOOK, Category.STEP):
        return _hook_notes(ev, spec)
    if category is Category.DATA:
        return _data_notes(ev)
    return _call_notes(ev)


def bar_notes(ev: Event, duration: float | None) -> list[str]:
    """A timeline bar: which call it stands for and how long it took."""
    if duration is None:
        ran = translate(
            "ExplainNotes", "It has not returned yet (at this point of the session): the bar grows to now."
        )
    else:
        ran = translate("ExplainNotes", "It ran for {duration}, from its enter row to its exit row.").format(
            duration=format_duration(duration)
        )
    return [
        translate(
            "ExplainNotes", "This bar is {name}() of request #{request}, on the lane of {thread}."
        ).format(name=ev.event, request=ev.request or 0, thread=printable(ev.thread) or "?"),
        ran,
    ]


def format_duration(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.3f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1000:.2f} ms"
    return f"{seconds * 1e6:.0f} µs"

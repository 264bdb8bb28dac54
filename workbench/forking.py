"""ForkingMixIn support: a forked child records through its own pipe; the parent's writer orders it.

A child must not touch the session file (the parent's writer is the only appender), so after
fork() it records into a ``ChildRecorder``: the same calls as SessionWriter, each written to
the child's pipe as a frame. The parent's ``ChildEventReader`` thread reads every child's
pipe, maps the child's own ids (threads, addresses, texts) to the writer's, and appends the
records to the log in the order they arrive.

Frames: a u32 length, a u8 type, then the body. RECORD bodies are one packed record (the
session format's, with the child's ids) followed by its arena bytes; META bodies are one
JSON meta entry (an id the child defined, or a log line). One pipe per child, made before
fork(), so frames of different children never interleave.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import selectors
import struct
import threading
import time
from collections.abc import Callable
from typing import Any

from workbench.events import Address
from workbench.session import format as fmt
from workbench.session.writer import SessionWriter

log = logging.getLogger("workbench.server")

_FRAME = struct.Struct("<IB")
_RECORD, _META = 1, 2
_READ_SIZE = 1 << 20
_pack = fmt.RECORD.pack


class ChildRecorder:
    """The recorder a forked child uses instead of the parent's SessionWriter."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._addresses: dict[Any, int] = {}
        self._texts: dict[str, int] = {}
        self._thread: int | None = None

    # the SessionWriter calls a server makes ---------------------------------------------

    def thread_id(self) -> int:
        if self._thread is None:
            self._thread = 1
            name = threading.current_thread().name
            self._meta({"t": "thread", "id": 1, "pid": os.getpid(), "name": name})
        return self._thread

    def address_id(self, address: Address) -> int:
        if address is None:
            return 0
        if isinstance(address, list):
            address = tuple(address)
        aid = self._addresses.get(address)
        if aid is None:
            aid = self._addresses[address] = len(self._addresses) + 1
            self._meta({"t": "addr", "id": aid, "a": fmt.encode_address(address)})
        return aid

    def text_id(self, text: str | None) -> int:
        if text is None:
            return 0
        tid = self._texts.get(text)
        if tid is None:
            tid = self._texts[text] = len(self._texts) + 1
            self._meta({"t": "text", "id": tid, "s": text})
        return tid

    def log(self, level: int, message: str, source: int = 0, code: str | None = None, params: dict[str, Any] | None = None) -> None:
        entry: dict[str, Any] = {"t": "log", "ts": time.time_ns(), "level": level, "msg": message, "source": source}
        if code is not None:
            entry["code"], entry["params"] = code, params or {}
        self._meta(entry)

    def rule_hit(self, index: int | None) -> None:
        """A rule of this child's server answered a frame (None: no rule matched); the parent counts it."""
        self._meta({"t": "rule_hit", "rule": index})

    def announce(self, entry: dict[str, Any]) -> None:
        """Tell the parent something that is no record (a breakpoint this child waits at)."""
        self._meta(entry)

    def hook(self, kind: int, phase: int, source: int, request: int = 0, peer: int = 0) -> None:
        rec = _pack(time.time_ns(), 0, 0, request, self.thread_id(), peer, 0, 0, source, kind, phase)
        self._write(_RECORD, rec)

    def data(self, kind: int, source: int, request: int, peer: int, data: bytes | memoryview) -> None:
        self.event(kind, 0, source, request, peer, data=data)

    def event(
        self,
        kind: int,
        phase: int,
        source: int,
        request: int = 0,
        peer: int = 0,
        *,
        data: bytes | memoryview | None = None,
        value: int | None = None,
        error: str | None = None,
        detail: bytes | None = None,
        ts: int | None = None,
        thread: int | None = None,
    ) -> None:
        flags = phase | (fmt.F_VALUE if value is not None else 0) | (fmt.F_ERROR if error is not None else 0)
        blob = data if data is not None else detail
        if data is not None:
            flags |= fmt.F_DATA
        elif detail is not None:
            flags |= fmt.F_DETAIL
        size = 0 if blob is None else len(blob)
        rec = _pack(
            time.time_ns() if ts is None else ts, 0, size, request, self.thread_id(), peer,
            value or 0, self.text_id(error), source, kind, flags,
        )  # fmt: skip
        self._write(_RECORD, rec, blob)

    # -- the pipe ----------------------------------------------------------------------------

    def _meta(self, entry: dict[str, Any]) -> None:
        self._write(_META, json.dumps(entry, separators=(",", ":")).encode("utf-8"))

    def _write(self, kind: int, body: bytes, tail: bytes | memoryview | None = None) -> None:
        size = len(body) + (len(tail) if tail is not None else 0)
        parts: list[bytes | memoryview] = [_FRAME.pack(size + 1, kind), body]
        if tail:
            parts.append(tail)
        view = memoryview(b"".join(parts))
        while view:
            try:
                written = os.write(self._fd, view)
            except InterruptedError:
                continue
            except BrokenPipeError:
                return  # the parent stopped listening; the child is about to exit anyway
            view = view[written:]


class _Child:
    """What the parent knows of one child's pipe: its unread bytes and its ids mapped to ours."""

    __slots__ = ("addresses", "buffer", "texts", "threads")

    def __init__(self) -> None:
        self.buffer = bytearray()
        self.threads: dict[int, int] = {0: 0}
        self.addresses: dict[int, int] = {0: 0}
        self.texts: dict[int, str] = {}  # the child's text id -> the text (the writer interns it)


class ChildEventReader:
    """Parent side: one thread reads every child's pipe and appends its records to the writer.

    ``on_child_done`` runs when a child's pipe reaches end-of-file, i.e. when the child
    has exited: that is when its request is finished.
    """

    def __init__(
        self,
        name: str,
        writer: SessionWriter,
        on_child_done: Callable[[], None],
        on_pause: Callable[[dict[str, Any], Callable[[bool], None]], None] | None = None,
        on_rule_hit: Callable[[int | None], None] | None = None,
    ) -> None:
        self._name = name
        self._writer = writer
        self._on_child_done = on_child_done
        self._on_pause = on_pause
        self._on_rule_hit = on_rule_hit
        self._selector = selectors.DefaultSelector()
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_w, False)
        self._selector.register(self._wake_r, selectors.EVENT_READ)
        self._lock = threading.Condition()
        self._new: list[int] = []
        self._open = 0  # child pipes added and not yet at EOF
        self._stopping = False
        self._children: dict[int, _Child] = {}
        self._thread = threading.Thread(target=self._run, name=f"{name}-fork-events", daemon=True)
        self._thread.start()

    @property
    def descriptors(self) -> list[int]:
        """Every descriptor this reader owns (a forked child closes them)."""
        with self._lock:
            return [self._wake_r, self._wake_w, *self._children, *self._new]

    def open_pipes(self) -> set[int]:
        """The children's pipes not yet at end-of-file: their children still run (any thread)."""
        with self._lock:
            return set(self._children) | set(self._new)

    def add(self, fd: int) -> None:
        """Start reading a child's pipe (the parent already closed its write end)."""
        with self._lock:
            self._new.append(fd)
            self._open += 1
        self._wake()

    def drain(self, timeout: float) -> bool:
        """Wait until every child pipe reached EOF; False if some are still open after timeout."""
        with self._lock:
            return self._lock.wait_for(lambda: self._open == 0, timeout)

    def close(self, timeout: float = 5.0) -> None:
        """Stop the reader thread and close every descriptor it owns. Idempotent."""
        with self._lock:
            if self._stopping:
                return
            self._stopping = True
        self._wake()
        self._thread.join(timeout)
        if self._thread.is_alive():  # pragma: no cover - only if the writer hangs
            log.warning("%s: fork event reader did not stop within %.0f s", self._name, timeout)
            return
        for key in list(self._selector.get_map().values()):
            if key.fd != self._wake_r:
                os.close(key.fd)
        with self._lock:
            for fd in self._new:
                os.close(fd)
            self._new.clear()
        self._selector.close()
        os.close(self._wake_r)
        os.close(self._wake_w)

    def _wake(self) -> None:
        try:
            os.write(self._wake_w, b"\0")
        except BlockingIOError:
            pass  # already more wake-ups pending than the reader needs

    def _run(self) -> None:
        while True:
            for key, _ in self._selector.select():
                if key.fd == self._wake_r:
                    os.read(self._wake_r, 4096)
                else:
                    self._read(key.fd)
            with self._lock:
                new, self._new = self._new, []
                stopping = self._stopping
            for fd in new:
                self._children[fd] = _Child()
                self._selector.register(fd, selectors.EVENT_READ)
            if stopping:
                # Children still alive were told to stop before close(); read what they
                # already wrote so no event is lost, then leave.
                for fd in list(self._children):
                    self._read_until_eof(fd)
                return

    def _read_until_eof(self, fd: int) -> None:
        os.set_blocking(fd, False)
        while fd in self._children:
            try:
                self._read(fd)
            except BlockingIOError:
                return

    def _read(self, fd: int) -> None:
        try:
            chunk = os.read(fd, _READ_SIZE)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EWOULDBLOCK):
                raise BlockingIOError from exc
            chunk = b""
        child = self._children[fd]
        if chunk:
            child.buffer += chunk
            self._dispatch(child, fd)
            return
        if child.buffer:
            log.warning(
                "%s: a child exited in the middle of a message (%d bytes lost)", self._name, len(child.buffer)
            )
        del self._children[fd]
        self._selector.unregister(fd)
        os.close(fd)
        self._on_child_done()
        with self._lock:
            self._open -= 1
            self._lock.notify_all()

    def _dispatch(self, child: _Child, fd: int = -1) -> None:
        buffer = child.buffer
        start = 0
        head = _FRAME.size
        with memoryview(buffer) as view:
            while len(buffer) - start >= head:
                length, kind = _FRAME.unpack_from(view, start)
                end = start + 4 + length
                if end > len(buffer):
                    break
                body = bytes(view[start + head : end])  # no view may outlive the resize below
                try:
                    if kind == _RECORD:
                        self._record(child, body)
                    elif kind == _META:
                        self._meta(child, json.loads(body), fd)
                except Exception:
                    log.exception("%s: a child's event could not be recorded", self._name)
                start = end
        del buffer[:start]

    def _paused(self, entry: dict[str, Any], fd: int) -> None:
        """A child waits at a breakpoint: the answer goes back down its channel."""

        def release(step: bool) -> None:
            try:
                os.write(fd, b"s" if step else b"c")
            except OSError:
                pass  # the child is gone

        if self._on_pause is None:
            release(False)
        else:
            self._on_pause(entry, release)

    def _record(self, child: _Child, body: bytes) -> None:
        ts, _off, size, request, thread, peer, value, note, source, kind, flags = fmt.RECORD.unpack_from(body)
        blob = body[fmt.RECORD_SIZE : fmt.RECORD_SIZE + size] if flags & (fmt.F_DATA | fmt.F_DETAIL) else None
        self._writer.event(
            kind,
            flags & fmt.PHASE_MASK,
            source,
            request,
            child.addresses.get(peer, 0),
            data=blob if flags & fmt.F_DATA else None,
            detail=blob if flags & fmt.F_DETAIL else None,
            value=value if flags & fmt.F_VALUE else None,
            error=child.texts.get(note, "") if flags & fmt.F_ERROR else None,
            ts=ts,
            thread=child.threads.get(thread, 0),
        )

    def _meta(self, child: _Child, entry: dict[str, Any], fd: int = -1) -> None:
        kind = entry.get("t")
        if kind == "pause":
            self._paused(entry, fd)
            return
        if kind == "rule_hit":
            rule = entry.get("rule")
            if self._on_rule_hit is not None and (rule is None or isinstance(rule, int)):
                self._on_rule_hit(rule)
            return
        ident = int(entry.get("id", 0))
        if kind == "thread":
            child.threads[ident] = self._writer.child_thread_id(
                int(entry.get("pid", 0)), str(entry.get("name", ""))
            )
        elif kind == "addr":
            child.addresses[ident] = self._writer.address_id(fmt.decode_address(entry.get("a")))
        elif kind == "text":
            child.texts[ident] = str(entry.get("s", ""))
        elif kind == "log":  # through logging, as the parent's own lines go (and to the log from there)
            source = int(entry.get("source", 0))
            extra: dict[str, Any] = {"wb_source": source}
            if isinstance(entry.get("code"), str):
                extra["wb_code"], extra["wb_params"] = entry["code"], entry.get("params") or {}
            log.log(int(entry.get("level", 20)), str(entry.get("msg", "")), extra=extra)

"""SessionWriter: the one appender of a session log; server threads and clients record through it.

Any thread appends: a record is packed on the calling thread (``struct.pack``, no Python
object per event survives) and appended to a buffer; a data event keeps a reference to the
bytes it moved (no copy) and gets the next arena offset. A flusher thread, every few
milliseconds, writes the arena and meta bytes, then the records, then a commit slot (see
format.py's commit rule), and tells its listeners which records are new.

Memory is bounded here and only here: when more than ``max_unwritten`` bytes wait for the
flusher, the thread appending waits for it. Nothing else ever slows a server (the window
reads the file at its own pace).

``path=None`` records to no file: the listeners alone get each batch (``workbench serve``
without ``--record``).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from workbench.events import Address, Kind, Phase
from workbench.session import format as fmt

log = logging.getLogger("workbench.session")

_pack = fmt.RECORD.pack
_time_ns = time.time_ns
_IOV_MAX = 512


@dataclass(slots=True)
class Batch:
    """What one commit added: handed to listeners on the flusher thread."""

    first: int  # index of the first new record
    records: bytes  # the new records, RECORD_SIZE bytes each
    arena_start: int  # logical arena offset of the first new byte
    arena: list[bytes | memoryview] = field(default_factory=list)  # the new arena bytes, in order
    meta: list[dict[str, Any]] = field(default_factory=list)  # the new meta entries

    @property
    def count(self) -> int:
        return len(self.records) // fmt.RECORD_SIZE


Listener = Callable[[Batch], None]


class Recorder(Protocol):
    """What servers, handlers and clients record through: a SessionWriter, or in a forked
    child the ChildRecorder that forwards to the parent's writer (workbench/forking.py)."""

    def thread_id(self) -> int: ...
    def address_id(self, address: Address) -> int: ...
    def text_id(self, text: str | None) -> int: ...
    def hook(self, kind: int, phase: int, source: int, request: int = 0, peer: int = 0) -> None: ...
    def data(self, kind: int, source: int, request: int, peer: int, data: bytes | memoryview) -> None: ...

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
    ) -> None: ...


class SessionWriter:
    """Appends events to a session log from any thread; one flusher thread commits them.

    The ids records carry (sources, threads, addresses, texts) are meta entries written
    before the first record that uses them. Call ``close()`` to commit the rest and stop.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None,
        *,
        flush_interval: float = 0.004,
        max_unwritten: int = 16 << 20,
        listeners: tuple[Listener, ...] = (),
        app: str = "",
    ) -> None:
        self.path = None if path is None else os.fspath(path)
        self._interval = flush_interval
        self._max_unwritten = max_unwritten
        self._listeners = list(listeners)
        self._lock = threading.Lock()  # guards the arena counter, the pending lists, the tables
        self._flush_lock = threading.Lock()  # one commit at a time
        self._room = threading.Condition(threading.Lock())
        self._recs = bytearray()  # packed records not yet written
        self._datas: list[bytes | memoryview] = []  # arena pieces not yet written, in offset order
        self._metas: list[dict[str, Any]] = []
        self._arena_next = 0  # logical offset the next data byte gets
        self._arena_committed = 0  # arena bytes handed to the file and the listeners
        self._unwritten = 0  # arena bytes appended and not yet written
        self._last_data: Any = None  # the bytes object last recorded, and where it went
        self._last_off = 0
        self._tls = threading.local()
        self._addresses: dict[Any, int] = {}
        self._texts: dict[str, int] = {}
        self._sources: dict[str, int] = {}
        self._child_threads: dict[tuple[int, str], int] = {}
        self._threads = 0
        self._written_records = 0
        self._closed = False
        self._wake = threading.Event()
        self._idle = False
        self._file = None if self.path is None else _LogFile(self.path, _time_ns())
        self._meta({"t": "session", "version": [fmt.VERSION_MAJOR, fmt.VERSION_MINOR], "app": app,
                    "pid": os.getpid(), "created": time.time()})  # fmt: skip
        self._flusher = threading.Thread(target=self._run, name="session-flusher", daemon=True)
        self._flusher.start()

    # -- tables (any thread) -----------------------------------------------------------------

    def add_listener(self, listener: Listener) -> None:
        with self._flush_lock:
            self._listeners.append(listener)

    def add_source(self, name: str, role: str, detail: dict[str, Any] | None = None) -> int:
        """Register a server or client; returns the id its records carry."""
        with self._lock:
            sid = self._sources.get(name)
            if sid is None:
                sid = self._sources[name] = len(self._sources) + 1
                self._metas.append(
                    {"t": "source", "id": sid, "name": name, "role": role, "detail": detail or {}}
                )
        return sid

    def source_info(self, source: int, **detail: Any) -> None:
        """Add facts about a source learned later (its bound address, that it stopped)."""
        self._meta({"t": "source_info", "id": source, **detail})

    def thread_id(self) -> int:
        """The id of the calling thread (registered on first use; a thread keeps its id)."""
        try:
            tid: int = self._tls.id
            return tid
        except AttributeError:
            pass
        name = threading.current_thread().name
        with self._lock:
            self._threads += 1
            tid = self._threads
            self._metas.append({"t": "thread", "id": tid, "pid": os.getpid(), "name": name})
        self._tls.id = tid
        return tid

    def child_thread_id(self, pid: int, name: str) -> int:
        """The id of a thread in a forked child, from what its pipe said."""
        key = (pid, name)
        tid = self._child_threads.get(key)
        if tid is not None:
            return tid
        with self._lock:
            self._threads += 1
            tid = self._child_threads[key] = self._threads
            self._metas.append({"t": "thread", "id": tid, "pid": pid, "name": name})
        return tid

    def address_id(self, address: Address) -> int:
        """The id of an address (0 for None)."""
        if address is None:
            return 0
        if isinstance(address, list):
            address = tuple(address)
        aid = self._addresses.get(address)
        if aid is not None:
            return aid
        with self._lock:
            aid = self._addresses.get(address)
            if aid is None:
                aid = self._addresses[address] = len(self._addresses) + 1
                self._metas.append({"t": "addr", "id": aid, "a": fmt.encode_address(address)})
        return aid

    def text_id(self, text: str | None) -> int:
        """The id of a text (an error message); 0 for None."""
        if text is None:
            return 0
        tid = self._texts.get(text)
        if tid is not None:
            return tid
        with self._lock:
            tid = self._texts.get(text)
            if tid is None:
                tid = self._texts[text] = len(self._texts) + 1
                self._metas.append({"t": "text", "id": tid, "s": text})
        return tid

    def log(
        self, level: int, message: str, source: int = 0, code: str | None = None, params: dict[str, Any] | None = None
    ) -> None:
        """A log line for the session (the window's Log pane shows it, rendered from ``code`` when given)."""
        entry: dict[str, Any] = {"t": "log", "ts": _time_ns(), "level": level, "msg": message, "source": source}
        if code is not None:
            entry["code"] = code
            entry["params"] = params or {}
        self._meta(entry)

    def _meta(self, entry: dict[str, Any]) -> None:
        with self._lock:
            self._metas.append(entry)
        if self._idle:
            self._wake.set()

    # -- events (any thread) ---------------------------------------------------------------

    def hook(self, kind: int, phase: int, source: int, request: int = 0, peer: int = 0) -> None:
        """A hook's enter or exit: the hot path of every server (no value, no error).

        No lock: ``bytearray +=`` is one C call, and the flusher only ever takes whole
        records off the front of the same buffer (see ``_commit``).
        """
        try:
            tid = self._tls.id
        except AttributeError:
            tid = self.thread_id()
        self._recs += _pack(_time_ns(), 0, 0, request, tid, peer, 0, 0, source, kind, phase)
        if self._idle:
            self._wake.set()

    def data(self, kind: int, source: int, request: int, peer: int, data: bytes | memoryview) -> None:
        """A socket call that moved ``data`` (kept by reference until written: pass bytes)."""
        try:
            tid = self._tls.id
        except AttributeError:
            tid = self.thread_id()
        size = len(data)
        lock = self._lock
        lock.acquire()
        if data is self._last_data and self._file is not None:
            off = self._last_off  # an echo sending back what it just received
        else:
            off = self._arena_next
            self._arena_next = off + size
            if size:
                self._datas.append(data)
                self._unwritten += size
            self._last_data = data
            self._last_off = off
        self._recs += _pack(_time_ns(), off, size, request, tid, peer, 0, 0, source, kind, fmt.F_DATA)
        lock.release()
        if self._unwritten > self._max_unwritten:
            self._wait_for_room()
        if self._idle:
            self._wake.set()

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
        """Any event: a data call (``data``: the bytes it moved), a value, an error, a detail blob.

        ``data`` is kept by reference until written: pass immutable bytes (or a view the
        caller will not change). Recording the very object recorded last (an echo sending
        back what it just received) points at the same arena bytes instead of a copy.
        """
        if thread is None:
            try:
                thread = self._tls.id
            except AttributeError:
                thread = self.thread_id()
        flags = phase
        note = 0
        if error is not None:
            flags |= fmt.F_ERROR
            note = self.text_id(error)
        if value is not None:
            flags |= fmt.F_VALUE
        else:
            value = 0
        blob = data if data is not None else detail
        if data is not None:
            flags |= fmt.F_DATA
            if detail is not None and error is None:
                # the arena holds the bytes moved; a detail about them goes to the text table
                flags |= fmt.F_NOTE_DETAIL
                note = self.text_id(bytes(detail).decode("utf-8"))
        elif detail is not None:
            flags |= fmt.F_DETAIL
        when = _time_ns() if ts is None else ts
        if blob is None:
            self._recs += _pack(when, 0, 0, request, thread, peer, value, note, source, kind, flags)
        else:
            size = len(blob)
            with self._lock:
                if blob is self._last_data and self._file is not None:
                    off = self._last_off
                else:
                    off = self._arena_next
                    self._arena_next = off + size
                    if size:
                        self._datas.append(blob)
                        self._unwritten += size
                    self._last_data, self._last_off = blob, off
                self._recs += _pack(when, off, size, request, thread, peer, value, note, source, kind, flags)
            if self._unwritten > self._max_unwritten:
                self._wait_for_room()
        if self._idle:
            self._wake.set()

    def _wait_for_room(self) -> None:
        """Backpressure: the only place a server is ever made to wait."""
        with self._room:
            self._wake.set()
            while self._unwritten > self._max_unwritten and not self._closed:
                self._room.wait(0.05)

    # -- committing ------------------------------------------------------------------------

    @property
    def committed(self) -> int:
        """Records committed so far."""
        return self._written_records

    def flush(self) -> int:
        """Commit everything appended so far, now; returns the committed record count."""
        with self._flush_lock:
            self._commit()
            return self._written_records

    def _commit(self) -> None:
        # Under the lock no data event can append (its record and its bytes go together);
        # hook records may land in _recs meanwhile, always whole and always after the n
        # bytes taken here.
        with self._lock:
            if not self._recs and not self._metas and not self._datas:
                return
            n = len(self._recs)
            recs = bytes(self._recs[:n])
            del self._recs[:n]
            datas, self._datas = self._datas, []
            metas, self._metas = self._metas, []
            arena_end = self._arena_next
        arena_start, self._arena_committed = self._arena_committed, arena_end
        written = arena_end - arena_start
        if len(datas) > 1 and written < len(datas) * 4096:
            datas = [b"".join(datas)]  # many small pieces: one copy beats a piece each
        batch = Batch(self._written_records, recs, arena_start, datas, metas)
        if self._file is not None:
            self._file.append(batch)
        self._written_records += batch.count
        if written:
            with self._lock:
                self._unwritten -= written
            with self._room:
                self._room.notify_all()
        for listener in list(self._listeners):
            try:
                listener(batch)
            except Exception:
                log.exception("a session listener failed")

    def _pending(self) -> bool:
        return bool(self._recs or self._metas or self._datas)

    def _run(self) -> None:
        quiet = 0
        while not self._closed:
            if self._idle and self._pending():
                self._idle = False
            self._wake.wait(0.5 if self._idle else self._interval)
            self._wake.clear()
            before = self._written_records
            had_meta = bool(self._metas)
            try:
                with self._flush_lock:
                    self._commit()
            except OSError:
                log.exception("the session log could not be written")
                time.sleep(0.1)
            if self._written_records != before or had_meta:
                quiet = 0
                self._idle = False
            else:
                quiet += 1
                self._idle = quiet >= 50  # 0.2 s without events: sleep until one comes

    def close(self) -> None:
        """Commit what is left, stop the flusher, close the file. Idempotent."""
        if self._closed:
            return
        self._closed = True
        self._wake.set()
        self._flusher.join(5.0)
        with self._flush_lock:
            self._commit()
            if self._file is not None:
                self._file.close()
        with self._room:
            self._room.notify_all()

    def __enter__(self) -> SessionWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


#: The interpreter's switch interval for a process that records: the flusher thread must get
#: the GIL soon after it wakes. With CPython's default 5 ms, a busy server thread kept it
#: waiting, so commits came every ~18 ms with records ~14 ms old (1 M events/s); at 1 ms,
#: every ~7 ms and ~5 ms old. It costs servers nothing measurable: the interval only matters
#: while another thread asks for the GIL.
RECORDING_SWITCH_INTERVAL = 0.001


def prefer_the_flusher() -> None:
    """Call once in a process that records (the host, ``workbench serve``)."""
    import sys

    sys.setswitchinterval(RECORDING_SWITCH_INTERVAL)


class _LogFile:
    """The file side of a writer: extents, pwrite/pwritev, and the alternating commit slots."""

    def __init__(self, path: str, created_ns: int) -> None:
        flags = os.O_RDWR | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
        self.fd = os.open(path, flags, 0o600)
        os.pwrite(self.fd, fmt.pack_header(created_ns), 0)
        self.end = fmt.HEADER_SIZE  # where the next extent goes
        self.extents = 0
        self.seq = 0
        self.counts = {fmt.RECORDS: 0, fmt.ARENA: 0, fmt.META: 0}  # logical bytes per stream
        # stream -> (extent, bytes used in it)
        self.current: dict[int, tuple[fmt.Extent, int]] = {}
        os.ftruncate(self.fd, self.end)

    def append(self, batch: Batch) -> None:
        if batch.meta:
            self._write(fmt.META, [b"".join(fmt.encode_meta(m) for m in batch.meta)])
        if batch.arena:
            self._write(fmt.ARENA, batch.arena)
        if batch.records:
            self._write(fmt.RECORDS, [batch.records])
        self.seq += 1
        commit = fmt.Commit(
            self.seq,
            self.counts[fmt.RECORDS] // fmt.RECORD_SIZE,
            self.counts[fmt.ARENA],
            self.counts[fmt.META],
            self.extents,
            self.end,
        )
        os.pwrite(self.fd, fmt.pack_slot(commit), fmt.SLOT_OFFSETS[self.seq % 2])

    def _new_extent(self, stream: int, needed: int) -> tuple[fmt.Extent, int]:
        previous = self.current.get(stream)
        capacity = fmt.next_capacity(stream, None if previous is None else previous[0].capacity, needed)
        extent = fmt.Extent(self.end, stream, self.extents, capacity, self.counts[stream])
        os.ftruncate(self.fd, extent.end)  # sparse until written; the reader may map it whole
        os.pwrite(self.fd, fmt.pack_extent(extent), extent.offset)
        self.end = extent.end
        self.extents += 1
        self.current[stream] = (extent, 0)
        return extent, 0

    def _write(self, stream: int, pieces: list[bytes | memoryview]) -> None:
        """Append pieces to a stream, across as many extents as they need."""
        queue = [p for p in pieces if len(p)]
        queue.reverse()  # popped from the end
        while queue:
            extent, used = self.current.get(stream) or self._new_extent(stream, 0)
            room = extent.capacity - used
            if room == 0:
                # records never straddle extents; other streams fill each extent to the brim
                needed = sum(len(q) for q in queue) if stream == fmt.RECORDS else 0
                extent, used = self._new_extent(stream, needed)
                room = extent.capacity
            take: list[bytes | memoryview] = []
            size = 0
            while queue and size < room and len(take) < _IOV_MAX:
                piece = queue[-1]
                if len(piece) <= room - size:
                    take.append(queue.pop())
                    size += len(piece)
                else:
                    view = memoryview(piece).cast("B")
                    cut = room - size
                    take.append(view[:cut])
                    queue[-1] = view[cut:]
                    size += cut
            _pwritev_all(self.fd, take, extent.payload + used)
            self.current[stream] = (extent, used + size)
            self.counts[stream] += size

    def close(self) -> None:
        os.close(self.fd)


def _pwritev_all(fd: int, pieces: list[bytes | memoryview], offset: int) -> None:
    """Write every piece at offset, retrying short writes."""
    if not hasattr(os, "pwritev"):  # pragma: no cover - Windows
        for piece in pieces:
            _pwrite_all(fd, memoryview(piece).cast("B"), offset)
            offset += len(piece)
        return
    while pieces:
        written = os.pwritev(fd, pieces, offset)
        offset += written
        while pieces and written >= len(pieces[0]):
            written -= len(pieces[0])
            pieces.pop(0)
        if pieces and written:
            pieces[0] = memoryview(pieces[0]).cast("B")[written:]


def _pwrite_all(fd: int, piece: memoryview, offset: int) -> None:
    while piece:
        n = os.pwrite(fd, piece, offset)
        piece = piece[n:]
        offset += n


def phase_of(name: str | None) -> int:
    return Phase.NONE if name is None else (Phase.ENTER if name == "enter" else Phase.EXIT)


__all__ = ["Batch", "Kind", "Listener", "Recorder", "SessionWriter", "phase_of"]

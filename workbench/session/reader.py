"""SessionReader: maps a session log read-only, follows it as it grows, and decodes what is asked.

A reader never copies the records: each extent is mapped once (``mmap``, ``MADV_RANDOM`` so the
file-backed memory does not balloon) and stays mapped; ``refresh()`` picks up what the writer
committed since. Tables (sources, threads, addresses, texts) come from the meta stream; log
lines too. ``events()`` decodes records into Event objects for the CLI and tests; the window
reads fields straight from the mapped records instead (``record_array``).
"""

from __future__ import annotations

import bisect
import json
import mmap
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from workbench.events import KINDS, Address, Event, Kind, Phase
from workbench.session import format as fmt

if TYPE_CHECKING:
    import numpy as np

_unpack_from = fmt.RECORD.unpack_from
_RS = fmt.RECORD_SIZE


@dataclass(slots=True)
class SourceInfo:
    id: int
    name: str
    role: str  # "server" | "client"
    detail: dict[str, Any] = field(default_factory=dict)  # spec and later facts (address, stopped)


@dataclass(slots=True)
class LogLine:
    ts_ns: int
    level: int
    message: str  # English, as written
    source: int
    code: str | None = None  # a catalogued line: render(code, params, lang) gives it in any language
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str | None = None) -> str:
        if self.code is None:
            return self.message
        from workbench.messages import catalog, render

        return render(self.code, self.params, lang) if self.code in catalog() else self.message


class Tables:
    """What the meta stream says: the ids records carry, and the log lines."""

    def __init__(self) -> None:
        self.sources: dict[int, SourceInfo] = {}
        self.source_ids: dict[str, int] = {}
        self.threads: dict[int, tuple[int, str]] = {0: (0, "")}  # id -> (pid, name)
        self.addresses: dict[int, Address] = {0: None}
        self.texts: dict[int, str] = {0: ""}
        self.logs: list[LogLine] = []
        self.session: dict[str, Any] = {}

    def apply(self, entry: dict[str, Any]) -> None:
        kind = entry.get("t")
        if kind == "addr":
            self.addresses[int(entry["id"])] = fmt.decode_address(entry.get("a"))
        elif kind == "thread":
            self.threads[int(entry["id"])] = (int(entry.get("pid", 0)), str(entry.get("name", "")))
        elif kind == "text":
            self.texts[int(entry["id"])] = str(entry.get("s", ""))
        elif kind == "source":
            sid = int(entry["id"])
            name = str(entry.get("name", f"source-{sid}"))
            self.sources[sid] = SourceInfo(
                sid, name, str(entry.get("role", "server")), dict(entry.get("detail") or {})
            )
            self.source_ids[name] = sid
        elif kind == "source_info":
            info = self.sources.get(int(entry.get("id", 0)))
            if info is not None:
                info.detail.update({k: v for k, v in entry.items() if k not in ("t", "id")})
        elif kind == "log":
            code = entry.get("code")
            params = entry.get("params")
            self.logs.append(
                LogLine(int(entry.get("ts", 0)), int(entry.get("level", 20)), str(entry.get("msg", "")),
                        int(entry.get("source", 0)), code if isinstance(code, str) else None,
                        params if isinstance(params, dict) else {})
            )  # fmt: skip
        elif kind == "session":
            self.session = entry
        # other kinds: written by a newer minor version; skipped

    def source_name(self, sid: int) -> str:
        info = self.sources.get(sid)
        return info.name if info is not None else f"source-{sid}"

    def role(self, sid: int) -> str:
        info = self.sources.get(sid)
        return info.role if info is not None else "server"


def decode_value(kind: int, flags: int, value: int) -> Any:
    if not flags & fmt.F_VALUE:
        return None
    try:
        how = KINDS[Kind(kind)].value
    except ValueError:
        return value
    if how == "bool":
        return bool(value)
    if how == "seconds":
        return value / 1e9
    return value


def decode_record(rec: tuple[Any, ...], blob: bytes | None, tables: Tables) -> Event:
    """One record (RECORD.unpack'ed) and its arena bytes as an Event."""
    ts, _off, _len, request, thread, peer, value, note, source, kind, flags = rec
    pid, thread_name = tables.threads.get(thread, (0, f"thread-{thread}"))
    role = tables.role(source)
    address = tables.addresses.get(peer) if peer else None
    as_client = role == "server" and request != 0
    data = blob if flags & fmt.F_DATA else None
    if flags & fmt.F_DETAIL and blob:
        detail = json.loads(blob)
    elif flags & fmt.F_NOTE_DETAIL and not flags & fmt.F_ERROR:
        detail = json.loads(tables.texts.get(note) or "null")
    else:
        detail = None
    try:
        k = Kind(kind)
    except ValueError:
        k = Kind.PAUSED  # a kind from a newer minor version: shown as a workbench step
    return Event(
        k,
        Phase(flags & fmt.PHASE_MASK).label,
        ts / 1e9,
        tables.source_name(source),
        "client" if role == "client" else "server",
        request or None,
        thread_name,
        pid,
        data=data if data is None else bytes(data),
        address=None if as_client else address,
        client=address if as_client else None,
        error=tables.texts.get(note, "") if flags & fmt.F_ERROR else None,
        value=decode_value(kind, flags, value),
        detail=detail,
    )


class _Unmapped:
    """An arena extent: read with pread, never mapped (see SessionReader.arena)."""

    __slots__ = ("extent",)

    def __init__(self, extent: fmt.Extent) -> None:
        self.extent = extent


class _Mapped:
    """One extent, mapped read-only."""

    __slots__ = ("extent", "map", "view")

    def __init__(self, fd: int, extent: fmt.Extent) -> None:
        granularity = mmap.ALLOCATIONGRANULARITY
        start = extent.payload // granularity * granularity
        delta = extent.payload - start
        self.extent = extent
        self.map = mmap.mmap(fd, delta + extent.capacity, offset=start, access=mmap.ACCESS_READ)
        if hasattr(self.map, "madvise") and hasattr(mmap, "MADV_RANDOM"):
            self.map.madvise(mmap.MADV_RANDOM)
        self.view = memoryview(self.map)[delta : delta + extent.capacity]


class SessionReader:
    """A session log, read-only, live or saved. ``refresh()`` to see what was committed since."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
        self._fd = os.open(self.path, flags)
        try:
            page = os.pread(self._fd, fmt.HEADER_SIZE, 0)
            self.header = fmt.unpack_header(page)
        except BaseException:
            os.close(self._fd)
            raise
        self.tables = Tables()
        self.count = 0  # committed records seen
        self.arena_size = 0
        self.meta_size = 0
        self._meta_read = 0
        self._meta_tail = b""
        self._extents: list[_Mapped | _Unmapped] = []
        self._next_extent = fmt.HEADER_SIZE
        self._streams: dict[int, list[Any]] = {fmt.RECORDS: [], fmt.ARENA: [], fmt.META: []}
        self._starts: dict[int, list[int]] = {fmt.RECORDS: [], fmt.ARENA: [], fmt.META: []}
        self._header_map: mmap.mmap | None = None
        self.refresh()

    # -- following the writer ----------------------------------------------------------------

    def _commit(self) -> fmt.Commit | None:
        if self._header_map is None:
            self._header_map = mmap.mmap(self._fd, fmt.HEADER_SIZE, access=mmap.ACCESS_READ)
        return fmt.unpack_slots(bytes(self._header_map[: fmt.SLOT_OFFSETS[1] + 64]))

    def refresh(self) -> tuple[int, int]:
        """Take in what was committed since; returns the (old, new) record counts."""
        old = self.count
        commit = self._commit()
        if commit is None:
            return old, old
        while len(self._extents) < commit.extents:
            head = os.pread(self._fd, fmt.EXTENT_HEADER_SIZE, self._next_extent)
            extent = fmt.unpack_extent(head, self._next_extent)
            mapped = _Unmapped(extent) if extent.stream == fmt.ARENA else _Mapped(self._fd, extent)
            self._extents.append(mapped)
            self._streams[extent.stream].append(mapped)
            self._starts[extent.stream].append(extent.start)
            self._next_extent = extent.end
        if commit.meta > self._meta_read:
            raw = self._meta_tail + self._read_stream(
                fmt.META, self._meta_read, commit.meta - self._meta_read
            )
            self._meta_read = commit.meta
            lines = raw.split(b"\n")
            self._meta_tail = lines.pop()  # b"" unless a newer writer split a line (never done)
            for line in lines:
                if line:
                    self.tables.apply(json.loads(line))
        self.arena_size = commit.arena
        self.meta_size = commit.meta
        self.count = commit.records
        return old, self.count

    # -- reading ---------------------------------------------------------------------------

    def _read_stream(self, stream: int, offset: int, size: int) -> bytes:
        if size <= 0:
            return b""
        if stream == fmt.ARENA:
            return self.arena(offset, size)
        starts = self._starts[stream]
        maps = self._streams[stream]
        i = bisect.bisect_right(starts, offset) - 1
        parts = []
        while size > 0:
            mapped = maps[i]
            local = offset - mapped.extent.start
            take = min(size, mapped.extent.capacity - local)
            parts.append(mapped.view[local : local + take])
            offset += take
            size -= take
            i += 1
        return parts[0].tobytes() if len(parts) == 1 else b"".join(parts)

    def stream_bytes(self, stream: int, offset: int, size: int) -> bytes:
        """Committed bytes of one stream (format.RECORDS, ARENA or META)."""
        return self._read_stream(stream, offset, size)

    def arena(self, offset: int, size: int) -> bytes:
        """Bytes of the arena (a data event's payload: its record's off and len).

        Read with pread, not through the map: mapped reads made the kernel map whole 2 MiB
        blocks of file cache around each one, so a window jumping around a large
        connection grew by ~100 MiB of mapped pages; a read copies just what is shown.
        """
        if size <= 0:
            return b""
        starts = self._starts[fmt.ARENA]
        maps = self._streams[fmt.ARENA]
        i = bisect.bisect_right(starts, offset) - 1
        parts = []
        while size > 0:
            extent = maps[i].extent
            local = offset - extent.start
            take = min(size, extent.capacity - local)
            parts.append(os.pread(self._fd, take, extent.payload + local))
            offset += take
            size -= take
            i += 1
        return parts[0] if len(parts) == 1 else b"".join(parts)

    def record(self, index: int) -> tuple[Any, ...]:
        """Record ``index`` as a tuple (ts, off, len, request, thread, peer, value, note, source, kind, flags)."""
        if not 0 <= index < self.count:
            raise IndexError(index)
        maps = self._streams[fmt.RECORDS]
        i = bisect.bisect_right(self._starts[fmt.RECORDS], index * _RS) - 1
        mapped = maps[i]
        return _unpack_from(mapped.view, index * _RS - mapped.extent.start)

    def record_bytes(self, lo: int, hi: int) -> bytes | memoryview:
        """Records [lo, hi) packed: a view into the map when they sit in one extent."""
        hi = min(hi, self.count)
        if hi <= lo:
            return b""
        starts = self._starts[fmt.RECORDS]
        i = bisect.bisect_right(starts, lo * _RS) - 1
        mapped = self._streams[fmt.RECORDS][i]
        local = lo * _RS - mapped.extent.start
        if local + (hi - lo) * _RS <= mapped.extent.capacity:
            return mapped.view[local : local + (hi - lo) * _RS]
        return self._read_stream(fmt.RECORDS, lo * _RS, (hi - lo) * _RS)

    def record_chunks(self, lo: int = 0, hi: int | None = None) -> Iterator[tuple[int, memoryview]]:
        """(first index, packed records) per extent, covering [lo, hi): for scans over arrays."""
        hi = self.count if hi is None else min(hi, self.count)
        for mapped in self._streams[fmt.RECORDS]:
            first = mapped.extent.start // _RS
            last = first + mapped.extent.capacity // _RS
            a, b = max(lo, first), min(hi, last)
            if a < b:
                yield a, mapped.view[(a - first) * _RS : (b - first) * _RS]

    def record_array(self, lo: int = 0, hi: int | None = None) -> np.ndarray[Any, Any]:
        """Records [lo, hi) as a numpy structured array (a view when they sit in one extent)."""
        import numpy as np

        hi = self.count if hi is None else min(hi, self.count)
        return np.frombuffer(self.record_bytes(lo, hi), dtype=fmt.record_dtype())

    def blob(self, rec: tuple[Any, ...]) -> bytes | None:
        flags = rec[10]
        if not flags & (fmt.F_DATA | fmt.F_DETAIL):
            return None
        return self.arena(rec[1], rec[2])

    def event(self, index: int) -> Event:
        rec = self.record(index)
        return decode_record(rec, self.blob(rec), self.tables)

    def events(self, lo: int = 0, hi: int | None = None) -> Iterator[Event]:
        """Decode records [lo, hi) (all committed by default), in log order."""
        hi = self.count if hi is None else min(hi, self.count)
        tables = self.tables
        for _first, chunk in self.record_chunks(lo, hi):
            for i in range(len(chunk) // _RS):
                rec = _unpack_from(chunk, i * _RS)
                yield decode_record(rec, self.blob(rec), tables)

    def close(self) -> None:
        for mapped in self._extents:
            if isinstance(mapped, _Unmapped):
                continue
            try:
                mapped.view.release()
                mapped.map.close()
            except BufferError:
                pass  # a numpy view still uses it; the map goes when the view does
        self._extents.clear()
        for stream in self._streams.values():
            stream.clear()
        if self._header_map is not None:
            self._header_map.close()
            self._header_map = None
        os.close(self._fd)

    def __enter__(self) -> SessionReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class BatchDecoder:
    """Decodes a writer's batches as they are committed: the CLI's live output.

    The same ``decode_record`` as ``SessionReader.events``, so ``workbench serve --json``
    prints exactly what ``workbench export --jsonl`` prints later. A record may point at
    arena bytes committed in an earlier batch (an echo's reply); with a file those are read
    back from it, without one the writer never points back.
    """

    def __init__(self, path: str | None = None) -> None:
        self.tables = Tables()
        self._path = path
        self._reader: SessionReader | None = None

    def events(self, batch: Any) -> Iterator[Event]:
        for entry in batch.meta:
            self.tables.apply(entry)
        arena = b"".join(batch.arena) if len(batch.arena) != 1 else bytes(batch.arena[0])
        start = batch.arena_start
        records = batch.records
        for i in range(len(records) // _RS):
            rec = _unpack_from(records, i * _RS)
            blob = None
            if rec[10] & (fmt.F_DATA | fmt.F_DETAIL):
                off, size = rec[1], rec[2]
                if off >= start:
                    blob = arena[off - start : off - start + size]
                else:
                    blob = self._earlier(off, size)
            yield decode_record(rec, blob, self.tables)

    def _earlier(self, offset: int, size: int) -> bytes:
        if self._path is None:
            return b""
        if self._reader is None:
            self._reader = SessionReader(self._path)
        self._reader.refresh()
        return self._reader.arena(offset, size)

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None

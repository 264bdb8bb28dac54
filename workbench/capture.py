"""Capture: every chunk a connection moved, in one linear byte space that spills to a temp file."""

from __future__ import annotations

import os
import tempfile
import threading
import time
import weakref
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate, compress
from types import TracebackType
from typing import BinaryIO

DIRECTIONS: tuple[str, str] = ("sent", "received")
_DIRECTION_CODES = {name: code for code, name in enumerate(DIRECTIONS)}

#: How much iter_data() reads per step: big enough to be fast, small enough to stay off the RSS graph.
_BLOCK = 1 << 20
#: Chunks at least this big (and immutable) are kept by reference, not copied: the event that
#: carries them holds the same bytes object. Smaller ones are packed into shared bytearrays.
_BY_REFERENCE = 8 << 10
_PACK = 64 << 10
#: Parts per pwritev() call (IOV_MAX is 1024 on Linux).
_IOV_BATCH = 512


@dataclass(frozen=True, slots=True)
class Chunk:
    """One socket call's bytes: where they sit in the capture, which way they went, which call moved them."""

    index: int
    offset: int
    length: int
    direction: str  # "sent" | "received"
    call: str
    ts: float

    @property
    def end(self) -> int:
        return self.offset + self.length


_CHUNK_SLOTS = tuple(
    Chunk.__dict__[name].__set__ for name in ("index", "offset", "length", "direction", "call", "ts")
)


def _new_chunk(index: int, offset: int, length: int, direction: str, call: str, ts: float) -> Chunk:
    """Chunk(...) without the frozen-dataclass __init__, which costs an object.__setattr__ call per
    field: append() runs once per socket call, on the GUI thread when the UI records."""
    chunk = object.__new__(Chunk)
    s_index, s_offset, s_length, s_direction, s_call, s_ts = _CHUNK_SLOTS
    s_index(chunk, index)
    s_offset(chunk, offset)
    s_length(chunk, length)
    s_direction(chunk, direction)
    s_call(chunk, call)
    s_ts(chunk, ts)
    return chunk


class Capture:
    """All bytes of one connection, sent and received interleaved in call order.

    Chunk metadata lives in flat arrays (18 bytes per chunk, no Python object per
    chunk), so millions of small chunks are cheap. The bytes stay in memory until
    ``memory_limit`` would be exceeded; from then on everything older than the
    in-memory tail lives in an anonymous temp file, which disappears on
    ``close()``, on garbage collection, and even if the process dies. Large
    ``bytes`` chunks are kept by reference while in memory (no copy: the event
    holds the same object) and written with one pwritev() per flush.

    Thread-safe: one lock guards appends and reads, so a server thread may append
    while the GUI thread reads visible rows.
    """

    def __init__(self, memory_limit: int = 8 * 2**20, spill_dir: str | None = None) -> None:
        if isinstance(memory_limit, bool) or not isinstance(memory_limit, int) or memory_limit < 0:
            raise ValueError(f"memory_limit must be a byte count >= 0, not {memory_limit!r}")
        self.memory_limit = memory_limit
        self.spill_dir = spill_dir
        self._lock = threading.Lock()
        self._offsets = array("q")
        self._ts = array("d")
        self._dirs = bytearray()
        self._calls = bytearray()
        self._call_names: list[str] = []
        self._call_codes: dict[str, int] = {}
        self._direction_bytes = [0, 0]
        self._total = 0
        # The memory tail holds bytes [self._mem_start, self._total) as parts starting at
        # self._part_starts; the spill file holds [0, self._mem_start).
        self._parts: list[bytes | bytearray] = []
        self._part_starts: list[int] = []
        self._mem_bytes = 0
        self._mem_start = 0
        self._file: BinaryIO | None = None
        self._fd = -1
        self._finalizer: weakref.finalize | None = None
        self._closed = False

    # -- writing -------------------------------------------------------------

    def append(self, direction: str, call: str, data: bytes, ts: float | None = None) -> Chunk:
        """Record one socket call's bytes (``direction`` is "sent" or "received")."""
        code = _DIRECTION_CODES.get(direction)
        if code is None:
            raise ValueError(f"direction must be 'sent' or 'received', not {direction!r}")
        if ts is None:
            ts = time.time()
        n = len(data)
        with self._lock:
            if self._closed:
                raise ValueError("this capture is closed")
            call_code = self._call_codes.get(call)
            if call_code is None:
                call_code = self._new_call(call)
            index = len(self._offsets)
            offset = self._total
            self._append_locked(code, call_code, data, n, ts)
        return _new_chunk(index, offset, n, direction, call, ts)

    def append_many(
        self,
        directions: Sequence[str],
        calls: Sequence[str],
        datas: Sequence[bytes],
        ts: Sequence[float],
    ) -> None:
        """Record several socket calls at once, in order: ``append()`` per item, one lock, loops in C.

        The hex pane feeds every batch of events through this on the GUI thread, which
        shares the GIL with the server threads it watches: per-call Python work there
        slows the servers down.
        """
        n = len(datas)
        if not (len(directions) == len(calls) == len(ts) == n):
            raise ValueError("append_many needs as many directions, calls and timestamps as data items")
        if not n:
            return
        try:
            codes = bytes(map(_DIRECTION_CODES.__getitem__, directions))
        except KeyError:
            bad = next(d for d in directions if d not in _DIRECTION_CODES)
            raise ValueError(f"direction must be 'sent' or 'received', not {bad!r}") from None
        lengths = list(map(len, datas))
        size = sum(lengths)
        with self._lock:
            if self._closed:
                raise ValueError("this capture is closed")
            call_codes = self._call_codes
            try:
                call_bytes = bytes(map(call_codes.__getitem__, calls))
            except KeyError:
                for call in calls:
                    if call not in call_codes:
                        self._new_call(call)
                call_bytes = bytes(map(call_codes.__getitem__, calls))
            if self._mem_bytes + size > self.memory_limit or (
                size >= _BY_REFERENCE and max(lengths) >= _BY_REFERENCE
            ):
                # Big chunks (kept by reference) or a spill on the way: one item at a time.
                for code, call_code, data, n_bytes, t in zip(
                    codes, call_bytes, datas, lengths, ts, strict=True
                ):
                    self._append_locked(code, call_code, data, n_bytes, t)
                return
            offsets = list(accumulate(lengths, initial=self._total))
            total = offsets.pop()
            parts = self._parts
            if parts and type(parts[-1]) is bytearray and len(parts[-1]) < _PACK:
                parts[-1] += b"".join(datas)
            else:
                parts.append(bytearray(b"".join(datas)))
                self._part_starts.append(self._total)
            self._mem_bytes += size
            self._offsets.fromlist(offsets)
            self._ts.fromlist(ts if type(ts) is list else list(ts))
            self._dirs += codes
            self._calls += call_bytes
            received = sum(compress(lengths, codes))  # code 1 = "received"
            self._direction_bytes[0] += size - received
            self._direction_bytes[1] += received
            self._total = total

    def _append_locked(self, code: int, call_code: int, data: bytes, n: int, ts: float) -> None:
        """One chunk (lock held)."""
        offset = self._total
        if n:
            if self._mem_bytes + n > self.memory_limit:
                self._flush()
            if n > self.memory_limit:
                # Too big for the memory tail: straight to the file, never a second copy in RAM.
                self._write_file([data], self._mem_start)
                self._mem_start += n
            else:
                self._keep(data, n, offset)
        self._offsets.append(offset)
        self._ts.append(ts)
        self._dirs.append(code)
        self._calls.append(call_code)
        self._total = offset + n
        self._direction_bytes[code] += n

    def _new_call(self, call: str) -> int:
        if len(self._call_names) >= 256:
            raise ValueError("a capture records at most 256 different call names")
        self._call_names.append(call)
        self._call_codes[call] = len(self._call_names) - 1
        return len(self._call_names) - 1

    def _keep(self, data: bytes, n: int, offset: int) -> None:
        """Add to the memory tail (lock held)."""
        parts = self._parts
        if n >= _BY_REFERENCE and type(data) is bytes:
            parts.append(data)
            self._part_starts.append(offset)
        elif parts and type(parts[-1]) is bytearray and len(parts[-1]) < _PACK:
            parts[-1] += data
        else:
            parts.append(bytearray(data))
            self._part_starts.append(offset)
        self._mem_bytes += n

    def _flush(self) -> None:
        """Move the memory tail to the end of the spill file (lock held)."""
        if not self._parts:
            return
        self._write_file(self._parts, self._mem_start)
        self._mem_start += self._mem_bytes
        self._parts = []
        self._part_starts = []
        self._mem_bytes = 0

    def _write_file(self, parts: list[bytes | bytearray], pos: int) -> None:
        """Write ``parts`` back to back at file offset ``pos`` (lock held); opens the file on first use."""
        if self._file is None:
            # TemporaryFile is unlinked at once on POSIX (O_TMPFILE where possible) and
            # delete-on-close on Windows: nothing is left behind even after a crash.
            self._file = tempfile.TemporaryFile(prefix="workbench-capture-", dir=self.spill_dir, buffering=0)
            self._fd = self._file.fileno()
            self._finalizer = weakref.finalize(self, self._file.close)
        if not hasattr(os, "pwritev"):  # Windows
            for part in parts:
                self._write_one(memoryview(part), pos)
                pos += len(part)
            return
        for i in range(0, len(parts), _IOV_BATCH):
            batch = parts[i : i + _IOV_BATCH]
            want = sum(map(len, batch))
            done = os.pwritev(self._fd, batch, pos)
            # A short write (rare for regular files): finish the batch part by part.
            skip = done
            for part in batch:
                if skip >= len(part):
                    skip -= len(part)
                    continue
                self._write_one(memoryview(part)[skip:], pos + done)
                done += len(part) - skip
                skip = 0
            pos += want

    def _write_one(self, view: memoryview, pos: int) -> None:
        assert self._file is not None
        while view:
            if hasattr(os, "pwrite"):
                written = os.pwrite(self._fd, view, pos)
            else:  # no pwrite: the lock makes seek+write safe
                self._file.seek(pos)
                written = self._file.write(view) or 0
            view = view[written:]
            pos += written

    def _read_memory(self, offset: int, end: int) -> bytes:
        """Bytes [offset, end) of the memory tail (lock held)."""
        starts, parts = self._part_starts, self._parts
        i = bisect_right(starts, offset) - 1
        pieces = []
        while offset < end:
            part = parts[i]
            lo = offset - starts[i]
            hi = min(len(part), end - starts[i])
            pieces.append(memoryview(part)[lo:hi])
            offset += hi - lo
            i += 1
        return pieces[0].tobytes() if len(pieces) == 1 else b"".join(pieces)

    def _read_file(self, offset: int, length: int) -> bytes:
        assert self._file is not None
        parts = []
        while length > 0:
            if hasattr(os, "pread"):
                piece = os.pread(self._fd, length, offset)
            else:
                self._file.seek(offset)
                piece = self._file.read(length) or b""
            if not piece:
                raise OSError(f"capture spill file is shorter than expected (offset {offset})")
            parts.append(piece)
            offset += len(piece)
            length -= len(piece)
        return parts[0] if len(parts) == 1 else b"".join(parts)

    # -- reading -------------------------------------------------------------

    def __len__(self) -> int:
        """Number of chunks (socket calls) recorded."""
        return len(self._offsets)

    @property
    def total_bytes(self) -> int:
        return self._total

    def bytes_in(self, direction: str) -> int:
        """Total bytes recorded in one direction ("sent" or "received")."""
        return self._direction_bytes[_DIRECTION_CODES[direction]]

    @property
    def memory_bytes(self) -> int:
        """Capture bytes held in RAM right now (the rest is in the spill file)."""
        return self._mem_bytes

    @property
    def spilled_bytes(self) -> int:
        return self._mem_start

    @property
    def closed(self) -> bool:
        return self._closed

    def _chunk_locked(self, index: int) -> Chunk:
        offset = self._offsets[index]
        end = self._offsets[index + 1] if index + 1 < len(self._offsets) else self._total
        return _new_chunk(
            index,
            offset,
            end - offset,
            DIRECTIONS[self._dirs[index]],
            self._call_names[self._calls[index]],
            self._ts[index],
        )

    def chunk(self, index: int) -> Chunk:
        """The chunk recorded by call number ``index`` (negative counts from the end)."""
        with self._lock:
            n = len(self._offsets)
            if index < 0:
                index += n
            if not 0 <= index < n:
                raise IndexError(f"chunk index {index} out of range (capture has {n} chunks)")
            return self._chunk_locked(index)

    def _index_at(self, offset: int) -> int:
        if not 0 <= offset < self._total:
            raise IndexError(f"offset {offset} is outside the capture (0-{self._total - 1})")
        # bisect_right skips empty chunks that share the offset of the chunk holding the byte.
        return bisect_right(self._offsets, offset) - 1

    def chunk_at(self, offset: int) -> Chunk:
        """The chunk that contains byte ``offset``."""
        with self._lock:
            return self._chunk_locked(self._index_at(offset))

    def direction_at(self, offset: int) -> str:
        with self._lock:
            return DIRECTIONS[self._dirs[self._index_at(offset)]]

    def chunks_between(self, start: int, end: int) -> list[Chunk]:
        """Chunks overlapping bytes [start, end), in order (what a visible hex range shows)."""
        with self._lock:
            start = max(start, 0)
            end = min(end, self._total)
            if start >= end:
                return []
            first = bisect_right(self._offsets, start) - 1
            last = bisect_left(self._offsets, end)
            return [self._chunk_locked(i) for i in range(first, last)]

    def read(self, offset: int, length: int) -> bytes:
        """Bytes [offset, offset+length), across chunk and memory/file boundaries (short at the end)."""
        if offset < 0 or length < 0:
            raise ValueError(f"offset and length must be >= 0, not {offset}, {length}")
        with self._lock:
            if self._closed:
                raise ValueError("this capture is closed")
            end = min(offset + length, self._total)
            if offset >= end:
                return b""
            if offset >= self._mem_start:
                return self._read_memory(offset, end)
            head = self._read_file(offset, min(end, self._mem_start) - offset)
            if end <= self._mem_start:
                return head
            return head + self._read_memory(self._mem_start, end)

    def iter_data(self, direction: str | None = None) -> Iterator[bytes]:
        """Everything recorded so far (optionally one direction only), in order, in blocks <= 1 MiB."""
        with self._lock:
            total = self._total
            n = len(self._offsets)
        if direction is None:
            for pos in range(0, total, _BLOCK):
                yield self.read(pos, min(_BLOCK, total - pos))
            return
        code = _DIRECTION_CODES.get(direction)
        if code is None:
            raise ValueError(f"direction must be 'sent', 'received' or None, not {direction!r}")
        other = 1 - code
        i = 0
        while i < n:
            # Runs of same-direction chunks are found by bytearray.find, in C, not per chunk in Python.
            i = self._dirs.find(code, i, n)
            if i < 0:
                break
            j = self._dirs.find(other, i, n)
            if j < 0:
                j = n
            start = self._offsets[i]
            stop = self._offsets[j] if j < n else total
            for pos in range(start, stop, _BLOCK):
                yield self.read(pos, min(_BLOCK, stop - pos))
            i = j

    # -- lifetime ------------------------------------------------------------

    def close(self) -> None:
        """Drop the data and delete the spill file. Idempotent."""
        with self._lock:
            self._closed = True
            self._parts = []
            self._part_starts = []
            self._mem_bytes = 0
            if self._finalizer is not None:
                self._finalizer()  # closes (and so deletes) the spill file exactly once
            self._file = None
            self._fd = -1

    def __enter__(self) -> Capture:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._closed else f"{self._mem_start} B spilled"
        return f"<Capture {len(self)} chunks, {self._total} B, {state}>"

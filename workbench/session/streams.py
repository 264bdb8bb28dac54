"""Streams: the bytes of one connection as one linear byte space, over a session's data records.

A connection is a server's request (stream servers), a datagram server's peer (one
conversation per client address, not one per datagram), or a client. ``StreamIndex`` routes
each batch of new records to the connection it belongs to with a few numpy operations (no
Python object per event); a ``ConnectionStream`` keeps, per chunk (one socket call), only
where its bytes sit in the arena, so reading any range of a 1 GiB connection reads just
that range from the mapped file.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from workbench.events import KINDS, RECEIVED_KINDS, Kind
from workbench.session import format as fmt
from workbench.session.reader import SessionReader

DIRECTIONS: tuple[str, str] = ("sent", "received")
#: A connection: (source id, request id, peer id); unused parts are 0.
ConnectionKey = tuple[int, int, int]

_RECEIVED = np.array(sorted(int(k) for k in RECEIVED_KINDS), dtype=np.uint8)


@dataclass(frozen=True, slots=True)
class Chunk:
    """One socket call's bytes: where they sit in the connection, which way, which call, when."""

    index: int
    offset: int
    length: int
    direction: str  # "sent" | "received"
    call: str
    ts: float
    record: int  # the record's index in the session log

    @property
    def end(self) -> int:
        return self.offset + self.length


#: A connection keeps the start offset of every STEP-th chunk; finding any other walks at most
#: STEP records from the one before it.
STEP = 32


class ConnectionStream:
    """All bytes one connection moved, sent and received interleaved in call order.

    Per chunk (one socket call) it keeps 4 bytes: its record's index in the log; and the
    start offset of every STEP-th chunk. Everything else is read from the records when asked,
    so a 10 M call connection costs ~42 MiB less than keeping each chunk's fields.
    """

    def __init__(self, reader: SessionReader, key: ConnectionKey) -> None:
        self.reader = reader
        self.key = key
        self._records = array("I")  # u32: a log holds fewer than 2**32 records (192 GiB of them)
        self._checkpoints = array("q")  # start offset of chunks 0, STEP, 2*STEP, ...
        self.total_bytes = 0
        self._by_direction = [0, 0]

    def __len__(self) -> int:
        return len(self._records)

    def append_chunks(self, rows: memoryview, starts: memoryview, total: int, received: int) -> None:
        """Append chunks worked out for a whole batch (StreamIndex.update): int64 log indices and
        offsets within this connection, as bytes, and the bytes they add in all and received."""
        first = len(self._records)
        self._records.frombytes(np.frombuffer(rows, dtype=np.int64).astype(np.uint32).tobytes())
        offsets = np.frombuffer(starts, dtype=np.int64)
        skip = -first % STEP  # the first new chunk that falls on a checkpoint
        self._checkpoints.frombytes(offsets[skip::STEP].tobytes())
        self.total_bytes += total
        self._by_direction[1] += received
        self._by_direction[0] += total - received

    def bytes_in(self, direction: str) -> int:
        return self._by_direction[DIRECTIONS.index(direction)]

    def _length(self, index: int) -> int:
        return int(self.reader.record(self._records[index])[2])

    def _locate(self, offset: int) -> tuple[int, int]:
        """(index, start) of the chunk holding byte ``offset`` (the last chunk past the end)."""
        n = len(self._records)
        k = max(bisect.bisect_right(self._checkpoints, offset) - 1, 0)
        i, pos = k * STEP, self._checkpoints[k] if self._checkpoints else 0
        while i < n - 1:
            size = self._length(i)
            if pos + size > offset:
                break
            pos += size
            i += 1
        return i, pos

    def _start_of(self, index: int) -> int:
        k = index // STEP
        pos = self._checkpoints[k]
        for i in range(k * STEP, index):
            pos += self._length(i)
        return pos

    def _chunk(self, index: int, start: int) -> Chunk:
        record = self._records[index]
        ts, _off, size, *_rest, kind, _flags = self.reader.record(record)
        k = Kind(kind)
        return Chunk(index, start, size, "received" if k in RECEIVED_KINDS else "sent", KINDS[k].name, ts / 1e9, record)

    def chunk(self, index: int) -> Chunk:
        return self._chunk(index, self._start_of(index))

    def chunk_index_at(self, offset: int) -> int:
        """The chunk holding byte ``offset`` (chunks of 0 bytes hold none)."""
        return self._locate(offset)[0]

    def chunk_at(self, offset: int) -> Chunk:
        if not len(self):
            raise IndexError("an empty connection has no chunks")
        i, start = self._locate(offset)
        return self._chunk(i, start)

    def chunks_between(self, start: int, end: int) -> list[Chunk]:
        """Chunks with at least one byte in [start, end)."""
        if not len(self) or end <= start:
            return []
        i, pos = self._locate(start)
        out = []
        while i < len(self._records) and pos < end:
            chunk = self._chunk(i, pos)
            if chunk.length:
                out.append(chunk)
            pos += chunk.length
            i += 1
        return out

    def read(self, start: int, length: int) -> bytes:
        """Bytes [start, start+length) of the connection, read from the log."""
        end = min(start + length, self.total_bytes)
        if start < 0 or end <= start:
            return b""
        parts = []
        i, chunk_start = self._locate(start)
        pos = start
        while pos < end and i < len(self._records):
            rec = self.reader.record(self._records[i])
            off, size = rec[1], rec[2]
            local = pos - chunk_start
            take = min(size - local, end - pos)
            if take > 0:
                parts.append(self.reader.arena(off + local, take))
                pos += take
            chunk_start += size
            i += 1
        return b"".join(parts)

    def iter_data(self, direction: str | None = None) -> Iterator[bytes]:
        """Each chunk's bytes in order (one direction's only, if given)."""
        for i in range(len(self)):
            rec = self.reader.record(self._records[i])
            received = Kind(rec[9]) in RECEIVED_KINDS
            if direction is None or (direction == "received") == received:
                yield self.reader.arena(rec[1], rec[2])


class StreamIndex:
    """Every connection of a session, fed with new records batch by batch (``update``)."""

    def __init__(self, reader: SessionReader) -> None:
        self.reader = reader
        self.streams: dict[ConnectionKey, ConnectionStream] = {}
        self.order: list[ConnectionKey] = []  # in order of first bytes
        self._seen = 0
        self._dgram_servers: set[int] | None = None

    def _datagram_servers(self) -> set[int]:
        return {
            sid
            for sid, info in self.reader.tables.sources.items()
            if info.role == "server" and info.detail.get("type") == "dgram"
        }

    def update(self, hi: int | None = None) -> list[ConnectionKey]:
        """Take in records up to ``hi`` (all committed); returns the connections that grew."""
        hi = self.reader.count if hi is None else hi
        if hi <= self._seen:
            return []
        records = self.reader.record_array(self._seen, hi)
        rows = np.arange(self._seen, hi, dtype=np.int64)
        self._seen = hi
        data = (records["flags"] & fmt.F_DATA) != 0
        if not data.any():
            return []
        records, rows = records[data], rows[data]
        dgram = self._datagram_servers()
        source = records["source"].astype(np.int64)
        request = records["request"].astype(np.int64)
        peer = records["peer"].astype(np.int64)
        by_peer = np.isin(source, np.fromiter(dgram, dtype=np.int64, count=len(dgram)))
        request = np.where(by_peer, 0, request)
        peer = np.where(by_peer, peer, 0)
        # Group by connection without a pass per connection: sort once (stable, so each group
        # keeps log order), then cut where the key changes.
        order = np.lexsort((peer, request, source))
        s_sorted, r_sorted, p_sorted = source[order], request[order], peer[order]
        cuts = np.flatnonzero((np.diff(s_sorted) != 0) | (np.diff(r_sorted) != 0) | (np.diff(p_sorted) != 0)) + 1
        heads = np.concatenate(([0], cuts))
        bounds = np.concatenate((heads, [len(order)])).tolist()
        # What every chunk adds, for the whole batch at once: a saved session of thousands of
        # connections replayed from its start paid ~65 µs of numpy calls per connection here.
        lengths = records["len"].astype(np.int64)[order]
        received = np.where(np.isin(records["kind"][order], _RECEIVED), lengths, 0)
        within = np.cumsum(lengths) - lengths  # each chunk's offset from its group's first...
        within -= np.repeat(within[heads], np.diff(bounds))  # ...once the group's own start is taken off
        totals = np.add.reduceat(lengths, heads).tolist()
        got = np.add.reduceat(received, heads).tolist()
        keys = list(zip(s_sorted[heads].tolist(), r_sorted[heads].tolist(), p_sorted[heads].tolist(), strict=True))
        # connections in order of their first bytes in this batch (new ones join ``order`` so)
        arrival = np.argsort(rows[order][heads], kind="stable").tolist()
        streams = [self._stream(keys[g]) for g in arrival]
        base = np.zeros(len(keys), dtype=np.int64)
        base[arrival] = [stream.total_bytes for stream in streams]
        starts = memoryview((within + np.repeat(base, np.diff(bounds))).tobytes())
        picked_rows = memoryview(rows[order].astype(np.int64).tobytes())
        for g, stream in zip(arrival, streams, strict=True):
            a, b = bounds[g] * 8, bounds[g + 1] * 8
            stream.append_chunks(picked_rows[a:b], starts[a:b], totals[g], got[g])
        return [keys[g] for g in arrival]

    def _stream(self, key: ConnectionKey) -> ConnectionStream:
        stream = self.streams.get(key)
        if stream is None:
            stream = self.streams[key] = ConnectionStream(self.reader, key)
            self.order.append(key)
        return stream

    def key_for(self, source: int, request: int, peer: int) -> ConnectionKey:
        """The connection a record of (source, request, peer) belongs to."""
        if source in self._datagram_servers():
            return (source, 0, peer)
        return (source, request, 0)

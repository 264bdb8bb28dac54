"""Frames over a recorded connection: where each frame of a framing lies in a ConnectionStream.

A ``FrameIndex`` frames one connection (a ``ConnectionStream``) by a framing spec of
``workbench.framing`` ("line", "length:u16be", "fixed:8", "delimiter:\\x03", "raw"), each
direction on its own, as a server that frames what it receives would. It is built
incrementally: ``advance(budget)`` frames the next bytes of the stream and returns, so a
window can frame a 100 MB connection a few milliseconds at a time and show frames as far
as they are known. Nothing here keeps the connection's bytes: per direction it keeps the
end offset of every frame (8 bytes each) and, per socket call, where its bytes sit.

Offsets: a *direction offset* counts one direction's bytes laid end to end (what a framer
is fed); a *connection offset* is the position in the stream, both directions interleaved
in call order (what the hex view shows). A frame is a range of direction offsets; its bytes
may lie in several calls, with the other direction's calls between them.

The framing is the one ``workbench.framing.Framer.parse`` understands, with its rules
(terminators kept, the 16 MiB cap, datagrams framed each on its own). Length-prefixed
framings and datagrams are framed by ``Framer`` itself; for raw, fixed, line and delimiter
framings of a stream the same boundaries are found with numpy over whole slices (one
Framer.feed per frame would cost seconds on 100 MB of short lines). The core tests check
that both give the frames ``Framer`` gives.
"""

from __future__ import annotations

import time
from array import array
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from workbench.framing import (
    MAX_BODY,
    DelimiterFramer,
    FixedFramer,
    Framer,
    FrameTooLargeError,
    LengthFramer,
    LineFramer,
    RawFramer,
)
from workbench.messages import Message
from workbench.session.reader import SessionReader
from workbench.session.streams import DIRECTIONS, ConnectionKey, ConnectionStream

#: Connection bytes framed per step of ``advance``: bounded work between two checks of the budget.
SLICE = 1 << 20
#: Frames kept per direction at most (8 bytes each: 32 MiB). Past it that direction is not framed further.
MAX_FRAMES = 1 << 22


def is_datagram(reader: SessionReader, key: ConnectionKey) -> bool:
    """Whether connection ``key`` moves datagrams (each one is framed on its own)."""
    info = reader.tables.sources.get(key[0])
    return info is not None and info.detail.get("type") == "dgram"


@dataclass(frozen=True, slots=True)
class FrameInfo:
    """One frame: its direction, number (from 0, per direction), direction offsets and connection pieces.

    ``complete`` is False for bytes that do not make a whole frame (yet): the growing tail
    of a stream, a datagram's cut-off tail, or what follows a frame above the cap.
    ``pieces`` are the connection ranges [a, b) that hold its bytes, in order.
    """

    direction: str
    number: int
    start: int
    end: int
    complete: bool
    pieces: tuple[tuple[int, int], ...]

    @property
    def length(self) -> int:
        return self.end - self.start


class FrameSegment(NamedTuple):
    """A run of connection bytes [start, end) inside one frame (for painting)."""

    start: int
    end: int
    direction: str
    number: int
    complete: bool
    first: bool  # the frame's first byte is ``start``


class _Lane:
    """One direction: its calls (where their bytes sit) and its frames (where they end)."""

    def __init__(self, framer: Framer) -> None:
        self.framer = framer
        self.total = 0  # direction bytes framed so far
        # per call of this direction with bytes: connection offset, direction offset, length, ts, record
        self.conn = array("q")
        self.dstart = array("q")
        self.length = array("q")
        self.ts = array("d")
        self.record = array("q")
        self.ends = array("q")  # exclusive end (direction offset) of each frame found
        self.incomplete: set[int] = set()  # numbers of frames found that are not whole
        self.broken: Message | None = None  # why framing stopped (a frame above the cap, too many frames)
        self.broken_at = -1
        # line/delimiter search state
        self.search_from = 0
        self.carry = b""

    @property
    def last_end(self) -> int:
        return self.ends[-1] if self.ends else 0

    def conn_of(self, offset: int) -> int:
        """The connection offset of direction offset ``offset`` (a byte this lane holds)."""
        i = _bisect(self.dstart, offset) - 1
        return self.conn[i] + offset - self.dstart[i]

    def call_at(self, offset: int) -> int:
        """Index (in this lane) of the call holding direction offset ``offset``."""
        return max(_bisect(self.dstart, offset) - 1, 0)

    def pieces(self, start: int, end: int) -> tuple[tuple[int, int], ...]:
        """The connection ranges holding direction bytes [start, end), in order."""
        out: list[tuple[int, int]] = []
        i = self.call_at(start)
        while i < len(self.dstart) and self.dstart[i] < end:
            a = max(start, self.dstart[i])
            b = min(end, self.dstart[i] + self.length[i])
            if b > a:
                out.append((self.conn[i] + a - self.dstart[i], self.conn[i] + b - self.dstart[i]))
            i += 1
        return tuple(out)


def _bisect(values: array[int], x: int) -> int:
    """Count of values <= x in an ascending array (numpy over the array's buffer, no copy)."""
    if not values:
        return 0
    return int(np.searchsorted(np.frombuffer(values, dtype=np.int64), x, side="right"))


class FrameIndex:
    """The frames of one connection under one framing, found as far as ``advance`` got.

    ``spec`` is a framing spec string (FramingError when it means nothing). ``datagrams``:
    frame each call's bytes on its own (a datagram server's or client's connection).
    """

    def __init__(
        self, stream: ConnectionStream, spec: str, *, datagrams: bool = False, max_body: int = MAX_BODY
    ) -> None:
        self.stream = stream
        prototype = Framer.parse(spec, max_body=max_body)
        self.spec = prototype.spec
        self.datagrams = datagrams
        self._lanes = {d: _Lane(prototype.fresh()) for d in DIRECTIONS}
        self.scanned = 0  # connection bytes framed

    # -- building ---------------------------------------------------------------------------
    @property
    def done(self) -> bool:
        """True while every byte the stream holds is framed."""
        return self.scanned >= self.stream.total_bytes

    def advance(self, budget: float = 0.008) -> bool:
        """Frame more of the stream for about ``budget`` seconds (at least one slice); True when caught up."""
        deadline = time.perf_counter() + budget
        while not self.done:
            self._step()
            if time.perf_counter() >= deadline:
                break
        return self.done

    def advance_to(self, offset: int, budget: float = 0.05) -> bool:
        """Frame at least up to connection offset ``offset`` if that takes under ``budget``; True if it is."""
        deadline = time.perf_counter() + budget
        while self.scanned <= offset and not self.done:
            self._step()
            if time.perf_counter() >= deadline:
                break
        return self.scanned > offset or self.done

    def _step(self) -> None:
        stream = self.stream
        pos, total = self.scanned, stream.total_bytes
        limit = min(total, pos + SLICE)
        chunks = stream.chunks_between(pos, limit)
        if self.datagrams and chunks:
            limit = max(limit, chunks[-1].end)  # a datagram is framed whole
        data = memoryview(stream.read(pos, limit - pos))
        parts: dict[str, list[memoryview]] = {d: [] for d in DIRECTIONS}
        for chunk in chunks:
            lane = self._lanes[chunk.direction]
            a, b = max(chunk.offset, pos), min(chunk.end, limit)
            if chunk.offset >= pos:  # the call starts here: note where its bytes sit
                lane.conn.append(chunk.offset)
                lane.dstart.append(lane.total + sum(len(p) for p in parts[chunk.direction]))
                lane.length.append(chunk.length)
                lane.ts.append(chunk.ts)
                lane.record.append(chunk.record)
            piece = data[a - pos : b - pos]
            if self.datagrams:
                self._feed_datagram(lane, piece)
            else:
                parts[chunk.direction].append(piece)
        for direction, pieces in parts.items():
            if pieces:
                self._feed_stream(self._lanes[direction], b"".join(pieces))
        self.scanned = limit

    def _feed_datagram(self, lane: _Lane, piece: memoryview) -> None:
        lane.total += len(piece)
        if lane.broken is not None:
            return
        for frame in lane.framer.feed_datagram(piece):
            if not frame.complete:
                lane.incomplete.add(len(lane.ends))
            lane.ends.append(frame.end)
        self._check_count(lane)

    def _feed_stream(self, lane: _Lane, data: bytes) -> None:
        """Frame a direction's next bytes (its calls are noted already)."""
        start = lane.total
        lane.total += len(data)
        if lane.broken is not None or not data:
            return
        framer = lane.framer
        if isinstance(framer, RawFramer):  # a frame per call, ending where the call ends
            for i in range(lane.call_at(start), len(lane.dstart)):
                end = lane.dstart[i] + lane.length[i]
                if start < end <= lane.total:
                    lane.ends.append(end)
        elif isinstance(framer, FixedFramer):
            size = framer.size
            first = (lane.last_end // size + 1) * size
            lane.ends.frombytes(np.arange(first, lane.total + 1, size, dtype=np.int64).tobytes())
        elif isinstance(framer, LineFramer | DelimiterFramer):
            self._feed_terminated(lane, start, data)
        elif isinstance(framer, LengthFramer):
            try:
                frames = framer.feed(data)
            except FrameTooLargeError as exc:
                frames, lane.broken = exc.frames, exc.problem
            lane.ends.extend(f.end for f in frames)
            if lane.broken is not None:
                lane.broken_at = lane.last_end  # the frames before it are whole and end to end
        self._check_count(lane)

    def _feed_terminated(self, lane: _Lane, start: int, data: bytes) -> None:
        framer = lane.framer
        assert isinstance(framer, LineFramer | DelimiterFramer)
        term = framer.terminator
        t = len(term)
        buf = np.frombuffer(lane.carry + data, dtype=np.uint8)
        base = start - len(lane.carry)
        n = len(buf)
        if n >= t:
            mask = buf[: n - t + 1] == term[0]
            for k in range(1, t):
                mask &= buf[k : n - t + 1 + k] == term[k]
            found = np.flatnonzero(mask).astype(np.int64) + base
            found = found[found >= lane.search_from]
        else:
            found = np.empty(0, dtype=np.int64)
        if t > 1 and len(found) > 1 and (np.diff(found) < t).any():
            # A terminator that overlaps itself ("aa" in "aaa"): searching on from each end, as
            # bytes.find does, skips the matches that start inside the previous one.
            kept, after = [], lane.search_from
            for at in found.tolist():
                if at >= after:
                    kept.append(at)
                    after = at + t
            found = np.array(kept, dtype=np.int64)
        ends = found + t
        if len(ends):
            sizes = np.diff(ends, prepend=lane.last_end)
            over = np.flatnonzero(sizes > framer.max_body)
            if len(over):
                ends = ends[: over[0]]
                self._break_terminated(lane, ends)
                return
            lane.ends.frombytes(ends.tobytes())
            lane.search_from = int(ends[-1])
        if lane.total - lane.last_end > framer.max_body:
            self._break_terminated(lane, ends[:0])
            return
        lane.search_from = max(lane.search_from, lane.total - t + 1)
        lane.carry = bytes(buf[max(0, n - (t - 1)) :]) if t > 1 else b""

    def _break_terminated(self, lane: _Lane, ends: np.ndarray[Any, Any]) -> None:
        lane.ends.frombytes(ends.astype(np.int64).tobytes())
        lane.broken_at = lane.last_end
        # The framer's own words for it (the hook each framing defines for this).
        lane.broken = lane.framer._too_long(lane.broken_at)

    def _check_count(self, lane: _Lane) -> None:
        if len(lane.ends) > MAX_FRAMES:
            del lane.ends[MAX_FRAMES:]
            lane.incomplete = {k for k in lane.incomplete if k < MAX_FRAMES}
            lane.broken = Message("frames.too_many", {"count": MAX_FRAMES})
            lane.broken_at = lane.last_end

    # -- queries ----------------------------------------------------------------------------
    def count(self, direction: str) -> int:
        """Frames found in ``direction``, the unfinished tail included."""
        lane = self._lanes[direction]
        return len(lane.ends) + (1 if lane.total > lane.last_end else 0)

    def broken(self, direction: str) -> tuple[Message, int] | None:
        """(why, direction offset) when framing ``direction`` stopped before its end, else None."""
        lane = self._lanes[direction]
        return None if lane.broken is None else (lane.broken, lane.broken_at)

    def frame(self, direction: str, number: int) -> FrameInfo:
        lane = self._lanes[direction]
        if not 0 <= number < self.count(direction):
            raise IndexError(f"no frame {number} in {direction}")
        start = lane.ends[number - 1] if number else 0
        if number < len(lane.ends):
            end, complete = lane.ends[number], number not in lane.incomplete
        else:
            end, complete = lane.total, False
        return FrameInfo(direction, number, start, end, complete, lane.pieces(start, end))

    def frame_at(self, offset: int) -> FrameInfo | None:
        """The frame holding connection byte ``offset``, or None while that byte is not framed yet."""
        if not 0 <= offset < self.scanned:
            return None
        for direction, lane in self._lanes.items():
            i = _bisect(lane.conn, offset) - 1
            if i >= 0 and offset < lane.conn[i] + lane.length[i]:
                within = lane.dstart[i] + offset - lane.conn[i]
                if within >= lane.total:
                    return None
                return self.frame(direction, _bisect(lane.ends, within))
        return None

    def read(self, frame: FrameInfo, limit: int | None = None) -> bytes:
        """The frame's bytes (its first ``limit`` bytes, if given)."""
        out, left = [], frame.length if limit is None else min(limit, frame.length)
        for a, b in frame.pieces:
            if left <= 0:
                break
            take = min(b - a, left)
            out.append(self.stream.read(a, take))
            left -= take
        return b"".join(out)

    def segments(self, start: int, end: int) -> list[FrameSegment]:
        """The framed bytes of connection range [start, end) as runs inside one frame each, in order."""
        end = min(end, self.scanned)
        out: list[FrameSegment] = []
        for direction, lane in self._lanes.items():
            i = max(_bisect(lane.conn, start) - 1, 0)
            while i < len(lane.conn) and lane.conn[i] < end:
                a, b = max(start, lane.conn[i]), min(end, lane.conn[i] + lane.length[i])
                shift = lane.dstart[i] - lane.conn[i]
                b = min(b, lane.total - shift)  # a call only partly framed so far
                while a < b:
                    d = a + shift
                    k = _bisect(lane.ends, d)
                    frame_start = lane.ends[k - 1] if k else 0
                    frame_end = lane.ends[k] if k < len(lane.ends) else lane.total
                    complete = k < len(lane.ends) and k not in lane.incomplete
                    stop = min(b, frame_end - shift)
                    out.append(FrameSegment(a, stop, direction, k, complete, d == frame_start))
                    a = stop
                i += 1
        out.sort()
        return out

    def frames_of_record(self, record: int) -> list[FrameInfo]:
        """The frames whose last byte record ``record``'s call moved (those it completed or cut off)."""
        out = []
        for direction, lane in self._lanes.items():
            i = _bisect(lane.record, record) - 1
            if i < 0 or lane.record[i] != record:
                continue
            a, b = lane.dstart[i], min(lane.dstart[i] + lane.length[i], lane.total)
            k = _bisect(lane.ends, a)
            while k < len(lane.ends) and lane.ends[k] <= b:
                out.append(self.frame(direction, k))
                k += 1
        return out

    def record_framed(self, record: int) -> bool:
        """Whether record ``record``'s call is framed to its last byte (False for another connection's)."""
        for lane in self._lanes.values():
            i = _bisect(lane.record, record) - 1
            if i >= 0 and lane.record[i] == record:
                return lane.dstart[i] + lane.length[i] <= lane.total
        return False

    def frame_of_record(self, record: int) -> FrameInfo | None:
        """The frame that holds record ``record``'s first byte (None if that call is not framed yet)."""
        for direction, lane in self._lanes.items():
            i = _bisect(lane.record, record) - 1
            if i >= 0 and lane.record[i] == record and lane.dstart[i] < lane.total:
                return self.frame(direction, _bisect(lane.ends, lane.dstart[i]))
        return None

    def conversation(
        self, first: tuple[int, int] = (0, 0), *, found_only: bool = False
    ) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        """The frames of both directions in the order their last bytes moved.

        Three arrays of one length: the connection offset of each frame's last byte, its
        direction (an index into DIRECTIONS) and its number. ``first`` skips each direction's
        frames before those numbers (the ones a caller has shown already). A direction's
        unfinished tail is there too, at its last byte so far, unless ``found_only``: then
        the order only ever grows at its end as more is framed.
        """
        offsets, which, numbers = [], [], []
        for d, (direction, lane) in enumerate(self._lanes.items()):
            n = len(lane.ends) if found_only else self.count(direction)
            lo = min(first[d], n)
            if lo >= n:
                continue
            ends = np.frombuffer(lane.ends, dtype=np.int64)[lo:n]
            if n > len(lane.ends):
                ends = np.append(ends, lane.total)
            dstart = np.frombuffer(lane.dstart, dtype=np.int64)
            conn = np.frombuffer(lane.conn, dtype=np.int64)
            idx = np.searchsorted(dstart, ends - 1, side="right") - 1
            offsets.append(conn[idx] + (ends - 1 - dstart[idx]))
            which.append(np.full(n - lo, d, dtype=np.int8))
            numbers.append(np.arange(lo, n, dtype=np.int64))
        if not offsets:
            empty = np.empty(0, dtype=np.int64)
            return empty, empty.astype(np.int8), empty
        last, lanes, number = np.concatenate(offsets), np.concatenate(which), np.concatenate(numbers)
        order = np.argsort(last, kind="stable")
        return last[order], lanes[order], number[order]

    def frame_time(self, frame: FrameInfo) -> tuple[float, int]:
        """(ts, record) of the call that moved the frame's last byte."""
        lane = self._lanes[frame.direction]
        i = lane.call_at(max(frame.end - 1, frame.start))
        return lane.ts[i], lane.record[i]

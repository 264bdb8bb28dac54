"""The session log's on-disk format, sans-IO: header, commit slots, extents, records, meta entries.

A session file holds three append-only streams: **records** (one fixed-size record per event),
the **arena** (the bytes every data event moved, and small detail blobs) and **meta** (JSON
lines: the tables records refer to by id — sources, threads, addresses, texts — and log
lines). Each stream lives in extents: contiguous regions of the file that never move or grow
once made, so a reader maps each one once and keeps views into it for good. See
docs/SESSION_FORMAT.md for the layout with offsets; this module is its executable form.

Commit rule: the writer writes arena and meta bytes, then records, then a commit slot with the
new counts. A reader trusts only the newest valid commit slot, so it (and a crash) always sees
a whole prefix: every committed record's bytes and every table entry it names are there.
"""

from __future__ import annotations

import json
import struct
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workbench.events import Address

if TYPE_CHECKING:
    import numpy as np

MAGIC = b"\x89SWB\r\n\x1a\n"  # like PNG's: catches text-mode transfers and truncation early
EXTENT_MAGIC = b"SWBXTNT\0"
VERSION_MAJOR = 1  # a reader refuses a newer major version
VERSION_MINOR = 0  # and reads a newer minor one (additions only)
HEADER_SIZE = 4096
EXTENT_HEADER_SIZE = 64
PAGE = 4096

#: Header fields at offset 0: magic, major, minor, record size, extent header size,
#: header size, flags, created (ns since the epoch).
HEADER = struct.Struct("<8sHHHHIIQ")
#: Two commit slots; the writer alternates, a reader takes the valid one with the higher seq.
SLOT_OFFSETS = (512, 576)
#: seq, records, arena bytes, meta bytes, extents, file end, then crc32 of the preceding bytes.
SLOT = struct.Struct("<QQQQQQ")
SLOT_CRC = struct.Struct("<I")
#: magic, stream, index (extent number in the file), capacity, first logical offset; then the
#: crc32 of those 60 bytes fills the 64-byte extent header.
EXTENT = struct.Struct("<8sB3xIQQ28x")
EXTENT_CRC = struct.Struct("<I")

HEADER_FLAG_COMPACT = 1  # written by Save: one extent per stream, exactly sized

RECORDS, ARENA, META = 1, 2, 3
STREAM_NAMES = {RECORDS: "records", ARENA: "arena", META: "meta"}

#: One event: ts (ns since the epoch), arena offset and length (the bytes moved, or a detail
#: blob), request id (0: none), thread id, peer id (address table; 0: none), value (what the
#: call returned), note id (text table: the error; 0: none), source id, kind, flags.
RECORD = struct.Struct("<QQIIIIqIHBB")
RECORD_SIZE = RECORD.size  # 48

# flags: bits 0-1 are the Phase
PHASE_MASK = 0x03
F_VALUE = 0x04  # value holds the call's result
F_ERROR = 0x08  # note is the id of the error text
F_DATA = 0x10  # off/len are the bytes this data event moved (len may be 0: recv's b"")
F_DETAIL = 0x20  # off/len are a UTF-8 JSON detail (e.g. getaddrinfo's results)
F_NOTE_DETAIL = 0x40  # a data event's JSON detail is the text `note` names (a short send's {"asked": n})

#: Capacities of the first extent of each stream; each later one doubles, up to the cap.
FIRST_CAPACITY = {RECORDS: 1365 * RECORD_SIZE, ARENA: 256 << 10, META: 64 << 10}
MAX_CAPACITY = {RECORDS: ((256 << 20) // RECORD_SIZE) * RECORD_SIZE, ARENA: 1 << 30, META: 16 << 20}


class FormatError(ValueError):
    """The file is not a session log, or a kind this version cannot read."""


@dataclass(frozen=True, slots=True)
class Header:
    major: int
    minor: int
    record_size: int
    flags: int
    created_ns: int


@dataclass(frozen=True, slots=True)
class Commit:
    seq: int
    records: int
    arena: int
    meta: int
    extents: int
    file_end: int


@dataclass(frozen=True, slots=True)
class Extent:
    offset: int  # of its header in the file
    stream: int
    index: int
    capacity: int
    start: int  # logical offset of its first byte within its stream

    @property
    def payload(self) -> int:
        return self.offset + EXTENT_HEADER_SIZE

    @property
    def end(self) -> int:
        """Where the next extent's header may start."""
        return align_up(self.payload + self.capacity, PAGE)


def align_up(n: int, to: int) -> int:
    return (n + to - 1) // to * to


def pack_header(created_ns: int, flags: int = 0) -> bytes:
    head = HEADER.pack(
        MAGIC, VERSION_MAJOR, VERSION_MINOR, RECORD_SIZE, EXTENT_HEADER_SIZE, HEADER_SIZE, flags, created_ns
    )
    return head.ljust(HEADER_SIZE, b"\0")


def unpack_header(data: bytes) -> Header:
    if len(data) < HEADER.size or data[:8] != MAGIC:
        raise FormatError("not a Socket Workbench session (the file does not start like one)")
    _m, major, minor, rsize, xsize, hsize, flags, created = HEADER.unpack_from(data)
    if major > VERSION_MAJOR:
        raise FormatError(
            f"the session was written by a newer Socket Workbench (format {major}.{minor}); update to read it"
        )
    if rsize < RECORD_SIZE or xsize != EXTENT_HEADER_SIZE or hsize != HEADER_SIZE:
        raise FormatError("the session's header is damaged (unexpected sizes)")
    return Header(major, minor, rsize, flags, created)


def pack_slot(commit: Commit) -> bytes:
    body = SLOT.pack(commit.seq, commit.records, commit.arena, commit.meta, commit.extents, commit.file_end)
    return body + SLOT_CRC.pack(zlib.crc32(body))


def unpack_slots(header_page: bytes) -> Commit | None:
    """The newest valid commit, or None (a file that was never committed to)."""
    best: Commit | None = None
    for offset in SLOT_OFFSETS:
        body = header_page[offset : offset + SLOT.size]
        crc = header_page[offset + SLOT.size : offset + SLOT.size + SLOT_CRC.size]
        if len(crc) < SLOT_CRC.size or SLOT_CRC.unpack(crc)[0] != zlib.crc32(body):
            continue
        commit = Commit(*SLOT.unpack(body))
        if commit.seq and (best is None or commit.seq > best.seq):
            best = commit
    return best


def pack_extent(extent: Extent) -> bytes:
    body = EXTENT.pack(EXTENT_MAGIC, extent.stream, extent.index, extent.capacity, extent.start)
    return body + EXTENT_CRC.pack(zlib.crc32(body))


def unpack_extent(data: bytes, offset: int) -> Extent:
    if len(data) < EXTENT_HEADER_SIZE or data[:8] != EXTENT_MAGIC:
        raise FormatError(f"the session is damaged: no extent header at byte {offset}")
    body, crc = data[: EXTENT.size], data[EXTENT.size : EXTENT_HEADER_SIZE]
    if EXTENT_CRC.unpack(crc)[0] != zlib.crc32(body):
        raise FormatError(f"the session is damaged: the extent header at byte {offset} fails its check")
    _magic, stream, index, capacity, start = EXTENT.unpack(body)
    if stream not in STREAM_NAMES:
        raise FormatError(f"the session has an extent of unknown kind {stream} at byte {offset}")
    return Extent(offset, stream, index, capacity, start)


def next_capacity(stream: int, previous: int | None, needed: int) -> int:
    """The capacity of a stream's next extent: double the last, at least ``needed``."""
    cap = FIRST_CAPACITY[stream] if previous is None else min(previous * 2, MAX_CAPACITY[stream])
    cap = max(cap, needed)
    if stream == RECORDS:
        cap = align_up(cap, RECORD_SIZE)
    return cap


def record_dtype() -> np.dtype[Any]:
    """The records as a numpy structured dtype (same layout as RECORD), for the window's views."""
    import numpy as np

    return np.dtype(
        [
            ("ts", "<u8"),
            ("off", "<u8"),
            ("len", "<u4"),
            ("request", "<u4"),
            ("thread", "<u4"),
            ("peer", "<u4"),
            ("value", "<i8"),
            ("note", "<u4"),
            ("source", "<u2"),
            ("kind", "u1"),
            ("flags", "u1"),
        ]
    )


# -- meta entries: one JSON object a line ------------------------------------------------------


def encode_meta(entry: dict[str, Any]) -> bytes:
    return json.dumps(entry, separators=(",", ":"), ensure_ascii=False).encode("utf-8") + b"\n"


def encode_address(address: Address) -> Any:
    """An address as JSON: [host, port, ...], a path string, or {"abstract": hex} for bytes."""
    if isinstance(address, tuple):
        return list(address)
    if isinstance(address, (bytes, bytearray)):
        return {"abstract": bytes(address).hex()}
    return address


def decode_address(value: Any) -> Address:
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, dict):
        return bytes.fromhex(str(value.get("abstract", "")))
    return value if isinstance(value, str) else None

"""Save a session: a compact copy (one exactly sized extent per stream) written beside, then renamed.

A live session's extents double as it grows, so its file has room it never filled; a saved
copy holds just what was committed. The copy is the same format (a reader needs nothing
special), written to a temporary name next to the destination and renamed over it at the
end, so a failed save never leaves half a session under the name the user chose.
"""

from __future__ import annotations

import os
import tempfile

from workbench.session import format as fmt
from workbench.session.reader import SessionReader

_CHUNK = 8 << 20


def save_session(reader: SessionReader, destination: str | os.PathLike[str]) -> int:
    """Write what ``reader`` has committed (refreshed first) to ``destination``; returns its size."""
    reader.refresh()
    commit = fmt.Commit(1, reader.count, reader.arena_size, reader.meta_size, 0, 0)
    destination = os.fspath(destination)
    directory = os.path.dirname(os.path.abspath(destination))
    fd, temp = tempfile.mkstemp(prefix=".saving-", suffix=".swb", dir=directory)
    try:
        os.pwrite(fd, fmt.pack_header(reader.header.created_ns, fmt.HEADER_FLAG_COMPACT), 0)
        offset = fmt.HEADER_SIZE
        extents = 0
        for stream, size in ((fmt.META, commit.meta), (fmt.ARENA, commit.arena), (fmt.RECORDS, commit.records * fmt.RECORD_SIZE)):
            if not size:
                continue
            extent = fmt.Extent(offset, stream, extents, size, 0)
            os.pwrite(fd, fmt.pack_extent(extent), offset)
            done = 0
            while done < size:
                take = min(_CHUNK, size - done)
                os.pwrite(fd, reader.stream_bytes(stream, done, take), extent.payload + done)
                done += take
            extents += 1
            offset = extent.end
        os.ftruncate(fd, offset)
        final = fmt.Commit(1, commit.records, commit.arena, commit.meta, extents, offset)
        os.pwrite(fd, fmt.pack_slot(final), fmt.SLOT_OFFSETS[1])
        os.fsync(fd)
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)  # a file the user named: the user's usual permissions
        os.close(fd)
        fd = -1
        os.replace(temp, destination)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
    return offset

"""Connections: a session's StreamIndex as the panes look it up: by (source, request), by data record.

The hex pane, Follow stream and the event table's frames all ask the same questions of the
connections of a session log: which connection holds the bytes of server-1's request #3,
which call a data record is, which peer a datagram server's request came from. The answers
come from one StreamIndex fed slice by slice; nothing here is a Qt object.
"""

from __future__ import annotations

from bisect import bisect_left

import numpy as np

from workbench.session import format as fmt
from workbench.session.reader import SessionReader
from workbench.session.streams import Chunk, ConnectionKey, ConnectionStream, StreamIndex

#: Records StreamIndex.update groups at a time (see Connections.take_in).
INDEX_SLICE = 1 << 14


class Connections:
    """Every connection of one session log, taken in up to ``taken`` records."""

    def __init__(self, reader: SessionReader) -> None:
        self.reader = reader
        self.index = StreamIndex(reader)
        self.taken = 0
        self.dgram_sources: set[int] = set()
        self._sources_known = 0
        # Datagram servers: which peer sent each request, as sorted (source << 32 | request)
        # keys and peer ids, built from the records only when a request id is looked up.
        self._dgram_scanned = 0
        self._dgram_keys = np.empty(0, dtype=np.int64)
        self._dgram_peers = np.empty(0, dtype=np.int64)

    @property
    def order(self) -> list[ConnectionKey]:
        """Connection keys in order of first bytes."""
        return self.index.order

    def take_in(self, hi: int) -> dict[ConnectionKey, None]:
        """Route records up to ``hi`` to their connections; the connections that grew, in order."""
        if hi <= self.taken:
            return {}
        # A saved session comes in slices of up to two million records; grouped a slice of
        # them at a time, the temporary arrays stay a few MiB (whole, the heap kept ~30 MiB).
        touched: dict[ConnectionKey, None] = {}
        for end in range(self.taken + INDEX_SLICE, hi + INDEX_SLICE, INDEX_SLICE):
            touched.update(dict.fromkeys(self.index.update(min(end, hi))))
        self.taken = hi
        if touched:
            self.learn_sources()
        return touched

    def learn_sources(self) -> None:
        sources = self.reader.tables.sources
        if len(sources) == self._sources_known:
            return
        self._sources_known = len(sources)
        self.dgram_sources = {
            sid
            for sid, info in sources.items()
            if info.role == "server" and info.detail.get("type") == "dgram"
        }

    def stream(self, key: ConnectionKey) -> ConnectionStream | None:
        return self.index.streams.get(key)

    def key(self, source: int, request: int = 0) -> ConnectionKey | None:
        """The key of the connection holding (source, request)'s bytes, or None if none moved yet.

        A client is (its source id, 0). For a datagram server any request id of a
        conversation finds that conversation (one per peer).
        """
        self.learn_sources()
        if self.reader.tables.role(source) == "client":
            key = (source, 0, 0)
        elif source in self.dgram_sources:
            peer = self._datagram_peer(source, request)
            if peer is None:
                return None
            key = (source, 0, peer)
        else:
            key = (source, request, 0)
        return key if key in self.index.streams else None

    def chunk_of_record(self, record: int) -> tuple[ConnectionKey, Chunk] | None:
        """The connection and call of data record ``record``; None if it is not a data record taken in."""
        if not 0 <= record < self.taken:
            return None
        rec = self.reader.record(record)
        if not rec[10] & fmt.F_DATA:
            return None
        key = self.index.key_for(rec[8], rec[3], rec[5])
        stream = self.index.streams.get(key)
        if stream is None:
            return None
        # Chunks are in log order, so their record indices ascend.
        i = bisect_left(range(len(stream)), record, key=lambda k: stream.chunk(k).record)
        if i >= len(stream):
            return None
        chunk = stream.chunk(i)
        return (key, chunk) if chunk.record == record else None

    def _datagram_peer(self, source: int, request: int) -> int | None:
        """The peer id that datagram request ``request`` of server ``source`` came from."""
        if self._dgram_scanned < self.taken:
            servers = np.fromiter(self.dgram_sources, dtype=np.uint16, count=len(self.dgram_sources))
            keys, peers = [self._dgram_keys], [self._dgram_peers]
            dtype = fmt.record_dtype()
            for _first, packed in self.reader.record_chunks(self._dgram_scanned, self.taken):
                records = np.frombuffer(packed, dtype=dtype)
                picked = records[((records["flags"] & fmt.F_DATA) != 0) & np.isin(records["source"], servers)]
                keys.append((picked["source"].astype(np.int64) << 32) | picked["request"].astype(np.int64))
                peers.append(picked["peer"].astype(np.int64))
                del records, picked  # no view into the map outlives the scan
            self._dgram_scanned = self.taken
            all_keys = np.concatenate(keys)
            order = np.argsort(all_keys, kind="stable")
            self._dgram_keys, self._dgram_peers = all_keys[order], np.concatenate(peers)[order]
        wanted = (source << 32) | request
        i = int(np.searchsorted(self._dgram_keys, wanted))
        if i < len(self._dgram_keys) and self._dgram_keys[i] == wanted:
            return int(self._dgram_peers[i])
        return None

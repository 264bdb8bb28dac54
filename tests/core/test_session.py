"""The session log: writer and reader on real files, many threads, crashes, damage, growth."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from workbench.events import Kind, Phase
from workbench.session import format as fmt
from workbench.session.reader import SessionReader
from workbench.session.streams import StreamIndex
from workbench.session.writer import Batch, SessionWriter

ROOT = Path(__file__).resolve().parents[2]


def test_events_and_bytes_round_trip_across_many_extents(tmp_path: Path) -> None:
    path = tmp_path / "s.swb"
    payloads = [os.urandom(n) for n in (0, 1, 100, 65536, 300_000)] * 20  # several arena extents
    with SessionWriter(path) as writer:
        src = writer.add_source("server-1", "server", {"type": "stream"})
        peer = writer.address_id(("127.0.0.1", 4242))
        writer.hook(Kind.SERVER_BIND, Phase.ENTER, src)
        writer.event(Kind.SERVER_BIND, Phase.EXIT, src, peer=writer.address_id(("127.0.0.1", 5000)))
        for i in range(3000):  # more records than the first extent holds
            writer.hook(Kind.GET_REQUEST, Phase.ENTER, src, i + 1)
        for p in payloads:
            writer.data(Kind.RECV, src, 7, peer, p)
        writer.event(Kind.VERIFY_REQUEST, Phase.EXIT, src, 7, peer, value=0)
        writer.event(Kind.RECV, 0, src, 7, peer, data=b"", error="ConnectionResetError: [Errno 104] reset")
        writer.log(30, "a warning", src)
    with SessionReader(path) as reader:
        assert reader.count == 2 + 3000 + len(payloads) + 2
        streams = {m.extent.stream for m in reader._extents}
        assert streams == {fmt.RECORDS, fmt.ARENA, fmt.META}
        assert len([m for m in reader._extents if m.extent.stream == fmt.RECORDS]) > 1
        assert len([m for m in reader._extents if m.extent.stream == fmt.ARENA]) > 1
        events = list(reader.events())
        assert events[1].address == ("127.0.0.1", 5000) and events[1].event == "server_bind"
        data = [e for e in events if e.event == "recv" and e.error is None]
        assert [e.data for e in data] == payloads
        assert all(e.client == ("127.0.0.1", 4242) and e.request == 7 for e in data)
        assert events[-2].value is False and events[-2].event == "verify_request"
        assert events[-1].error == "ConnectionResetError: [Errno 104] reset" and events[-1].data == b""
        assert [(line.level, line.message) for line in reader.tables.logs] == [(30, "a warning")]
        array = reader.record_array()
        assert len(array) == reader.count and int(array["kind"][2]) == Kind.GET_REQUEST


def test_many_threads_append_and_nothing_is_lost_or_torn(tmp_path: Path) -> None:
    path = tmp_path / "s.swb"
    threads, per_thread = 8, 5000
    expected = hashlib.sha256()
    blocks = {t: [os.urandom((t * 37 + i) % 700) for i in range(per_thread)] for t in range(threads)}
    with SessionWriter(path, max_unwritten=256 << 10) as writer:
        src = writer.add_source("server-1", "server")

        def work(t: int) -> None:
            for i, block in enumerate(blocks[t]):
                writer.hook(Kind.SETUP, Phase.ENTER, src, t + 1)
                writer.data(Kind.SENDALL, src, t + 1, 0, block)
                writer.event(Kind.SETUP, Phase.EXIT, src, t + 1, value=i)

        workers = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
    with SessionReader(path) as reader:
        assert reader.count == threads * per_thread * 3
        by_request: dict[int, list[bytes]] = {}
        values: dict[int, list[int]] = {}
        for ev in reader.events():
            if ev.data is not None:
                by_request.setdefault(ev.request or 0, []).append(ev.data)
            elif ev.phase == "exit":
                values.setdefault(ev.request or 0, []).append(ev.value)
        for t in range(threads):
            assert by_request[t + 1] == blocks[t], "every byte, in each thread's order"
            assert values[t + 1] == list(range(per_thread))
        names = {reader.tables.threads[tid][1] for tid in set(reader.record_array()["thread"].tolist())}
        assert len(names) == threads
    for t in range(threads):
        for b in blocks[t]:
            expected.update(b)
    assert expected.digest()  # the comparison above is the check; this keeps the digest honest


def test_a_reader_follows_a_live_writer(tmp_path: Path) -> None:
    path = tmp_path / "s.swb"
    writer = SessionWriter(path)
    try:
        src = writer.add_source("client-1", "client")
        reader = SessionReader(path)
        try:
            seen = 0
            for round_ in range(5):
                for i in range(1000):
                    writer.data(Kind.SEND, src, 0, 0, bytes([round_]) * (i % 50))
                writer.flush()
                old, new = reader.refresh()
                assert (old, new) == (seen, seen + 1000)
                seen = new
                assert reader.event(new - 1).data == bytes([round_]) * 49
            assert reader.tables.sources[src].role == "client"
        finally:
            reader.close()
    finally:
        writer.close()


def test_an_echo_reply_points_at_the_bytes_it_received(tmp_path: Path) -> None:
    path = tmp_path / "s.swb"
    with SessionWriter(path) as writer:
        src = writer.add_source("server-1", "server")
        for _ in range(100):
            data = os.urandom(65536)
            writer.data(Kind.RECV, src, 1, 0, data)
            writer.data(Kind.SENDALL, src, 1, 0, data)  # the very object: no second copy
    with SessionReader(path) as reader:
        assert reader.arena_size == 100 * 65536
        events = list(reader.events())
        assert all(a.data == b.data for a, b in zip(events[::2], events[1::2], strict=True))


def test_the_writer_bounds_what_waits_and_makes_only_appenders_wait(tmp_path: Path) -> None:
    release = threading.Event()
    most = [0]

    def slow(batch: Batch) -> None:
        most[0] = max(most[0], sum(len(a) for a in batch.arena))
        release.wait(5)

    limit = 1 << 20
    with SessionWriter(tmp_path / "s.swb", max_unwritten=limit, listeners=(slow,)) as writer:
        src = writer.add_source("server-1", "server")
        block = bytes(64 << 10)
        done = threading.Event()

        def flood() -> None:
            for _ in range(200):  # 12.5 MiB
                writer.data(Kind.RECV, src, 1, 0, bytes(bytearray(block)))  # a new object each time
            done.set()

        thread = threading.Thread(target=flood)
        thread.start()
        time.sleep(0.3)
        assert not done.is_set(), "the appender waits while the flusher is held up"
        assert writer._unwritten <= limit + len(block) * 2
        release.set()
        thread.join(10)
        assert done.is_set()
    assert most[0] <= limit + 2 * len(block)


def test_a_crash_leaves_a_whole_prefix_and_a_damaged_slot_falls_back(tmp_path: Path) -> None:
    path = tmp_path / "s.swb"
    with SessionWriter(path) as writer:
        src = writer.add_source("server-1", "server")
        for i in range(10):
            writer.event(Kind.SEND, 0, src, 0, 0, data=bytes([i]) * 10, value=i)
            writer.flush()
    with SessionReader(path) as reader:
        full = reader.count
    raw = bytearray(path.read_bytes())
    newest = max(fmt.SLOT_OFFSETS, key=lambda off: int.from_bytes(raw[off : off + 8], "little"))
    raw[newest + 8] ^= 0xFF  # a torn commit: its check fails, the other slot is one commit older
    path.write_bytes(bytes(raw))
    with SessionReader(path) as reader:
        assert 0 < reader.count < full
        assert [e.value for e in reader.events()] == list(range(reader.count))


def test_files_that_are_not_sessions_get_a_plain_error(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(fmt.FormatError, match="not a Socket Workbench session"):
        SessionReader(text)
    newer = tmp_path / "newer.swb"
    SessionWriter(newer).close()
    raw = bytearray(newer.read_bytes())
    raw[8:10] = (fmt.VERSION_MAJOR + 1).to_bytes(2, "little")
    newer.write_bytes(bytes(raw))
    with pytest.raises(fmt.FormatError, match="newer Socket Workbench"):
        SessionReader(newer)


KILLED_WRITER = textwrap.dedent(
    """
    import os, sys, time
    from workbench.events import Kind
    from workbench.session.writer import SessionWriter
    writer = SessionWriter(sys.argv[1])
    src = writer.add_source("server-1", "server")
    print("ready", flush=True)
    i = 0
    while True:
        writer.event(Kind.SENDALL, 0, src, 1, 0, data=i.to_bytes(8, "little") * 8, value=i)
        i += 1
        if i % 200 == 0:
            time.sleep(0.001)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_writer_killed_with_sigkill_keeps_what_it_committed(tmp_path: Path) -> None:
    path = tmp_path / "killed.swb"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(path)], stdout=subprocess.PIPE, env=env
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == b"ready"
        reader = SessionReader(path)
        seen: list[tuple[float, int]] = []
        end = time.monotonic() + 1.0
        while time.monotonic() < end:
            reader.refresh()
            seen.append((time.monotonic(), reader.count))
            time.sleep(0.01)
        reader.close()
        child.send_signal(signal.SIGKILL)
        killed_at = time.monotonic()
    finally:
        child.kill()
        child.wait(10)
        if child.stdout is not None:
            child.stdout.close()
    committed_before = max(count for when, count in seen if when <= killed_at - 0.1)
    assert committed_before > 1000
    out = subprocess.run(
        [sys.executable, "-m", "workbench", "export", str(path), "--jsonl"],
        capture_output=True, text=True, env=env, timeout=120, check=True,
    )  # fmt: skip
    lines = out.stdout.splitlines()
    assert len(lines) >= committed_before, "everything committed 100 ms before the kill survives"
    with SessionReader(path) as reader:
        values = [e.value for e in reader.events()]
        assert values == list(range(len(values))), "a whole prefix, no hole"
        assert all(e.data == (e.value).to_bytes(8, "little") * 8 for e in reader.events())


def test_streams_group_bytes_by_connection_and_datagram_servers_by_peer(tmp_path: Path) -> None:
    path = tmp_path / "s.swb"
    with SessionWriter(path) as writer:
        tcp = writer.add_source("server-1", "server", {"type": "stream"})
        udp = writer.add_source("server-2", "server", {"type": "dgram"})
        a, b = writer.address_id(("127.0.0.1", 1)), writer.address_id(("127.0.0.1", 2))
        for rid in (1, 2):
            writer.data(Kind.RECV, tcp, rid, a, b"hello %d" % rid)
            writer.data(Kind.SENDALL, tcp, rid, a, b"HELLO %d" % rid)
        for rid, peer in ((1, a), (2, b), (3, a)):  # each datagram is a request
            writer.data(Kind.RECVFROM, udp, rid, peer, b"d%d" % rid)
    with SessionReader(path) as reader:
        index = StreamIndex(reader)
        touched = index.update()
        assert touched == [(tcp, 1, 0), (tcp, 2, 0), (udp, 0, a), (udp, 0, b)]
        first = index.streams[(tcp, 1, 0)]
        assert first.read(0, 100) == b"hello 1HELLO 1"
        assert (first.bytes_in("received"), first.bytes_in("sent")) == (7, 7)
        assert first.chunk_at(8).call == "sendall" and first.chunk_at(8).direction == "sent"
        assert [c.call for c in first.chunks_between(5, 9)] == ["recv", "sendall"]
        assert index.streams[(udp, 0, a)].read(0, 10) == b"d1d3"
        assert index.key_for(udp, 3, a) == (udp, 0, a) and index.key_for(tcp, 2, a) == (tcp, 2, 0)


def test_a_saved_session_is_compact_and_reads_back_the_same(tmp_path: Path) -> None:
    from workbench.session.save import save_session

    live = tmp_path / "live.swb"
    payloads = [os.urandom(1000 + i) for i in range(3000)]
    with SessionWriter(live) as writer:
        src = writer.add_source("server-1", "server", {"type": "stream"})
        for i, p in enumerate(payloads):
            writer.data(Kind.RECV, src, i, writer.address_id(("127.0.0.1", i)), p)
        writer.log(20, "kept too", src)
    saved = tmp_path / "saved.swb"
    with SessionReader(live) as reader:
        size = save_session(reader, saved)
        before = [e.to_dict() for e in reader.events()]
    assert size == saved.stat().st_size < live.stat().st_size
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".saving-")]
    with SessionReader(saved) as reader:
        assert reader.header.flags & fmt.HEADER_FLAG_COMPACT
        assert len(reader._extents) == 3, "one extent per stream"
        assert [e.to_dict() for e in reader.events()] == before
        assert [line.message for line in reader.tables.logs] == ["kept too"]


def test_a_long_connection_reads_any_range_exactly(tmp_path: Path) -> None:
    """Past its checkpoints (every 32nd call), reads, chunk lookups and spans still come out exact."""
    import random

    rng = random.Random(7)
    path = tmp_path / "s.swb"
    chunks = [os.urandom(rng.choice([0, 1, 3, 64, 1000, 70000])) for _ in range(700)]
    with SessionWriter(path) as writer:
        src = writer.add_source("client-1", "client")
        other = writer.add_source("client-2", "client")
        for i, c in enumerate(chunks):
            writer.data(Kind.SEND if i % 3 else Kind.RECV, src, 0, 0, c)
            if i % 5 == 0:
                writer.data(Kind.SEND, other, 0, 0, b"interleaved")  # another connection between
    whole = b"".join(chunks)
    with SessionReader(path) as reader:
        index = StreamIndex(reader)
        for hi in range(0, reader.count + 1, 97):  # taken in many batches
            index.update(hi)
        index.update()
        stream = index.streams[(src, 0, 0)]
        assert len(stream) == len(chunks) and stream.total_bytes == len(whole)
        starts = [0]
        for c in chunks:
            starts.append(starts[-1] + len(c))
        for _ in range(300):
            a = rng.randrange(len(whole))
            n = rng.randrange(1, 200_000)
            assert stream.read(a, n) == whole[a : a + n]
            at = stream.chunk_at(a)
            assert at.offset <= a < at.offset + at.length and at.offset == starts[at.index]
            spans = stream.chunks_between(a, a + n)
            assert spans[0].index == at.index and all(s.length for s in spans)
            assert spans[-1].offset < min(a + n, len(whole))
        received = b"".join(c for i, c in enumerate(chunks) if i % 3 == 0)
        assert b"".join(stream.iter_data("received")) == received
        assert stream.bytes_in("received") == len(received)

"""Capture: chunks in call order, reads across chunk and memory/file boundaries, spilling, threads."""

from __future__ import annotations

import gc
import os
import random
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.capture import Capture, Chunk


def open_fds() -> int:
    if not os.path.isdir("/proc/self/fd"):  # pragma: no cover - the fd checks are Linux-only
        pytest.skip("needs /proc/self/fd to count descriptors")
    return len(os.listdir("/proc/self/fd"))


def fill(cap: Capture, chunks: list[tuple[str, bytes]]) -> bytes:
    for i, (direction, data) in enumerate(chunks):
        cap.append(direction, "send" if direction == "sent" else "recv", data, ts=1000.0 + i)
    return b"".join(d for _, d in chunks)


def test_chunks_keep_order_direction_call_and_time() -> None:
    with Capture() as cap:
        a = cap.append("sent", "sendall", b"hello\x00\xff", ts=1.5)
        b = cap.append("received", "recv", b"HELLO", ts=2.5)
        c = cap.append("sent", "sendto", b"!", ts=3.5)
        assert a == Chunk(0, 0, 7, "sent", "sendall", 1.5)
        assert b == Chunk(1, 7, 5, "received", "recv", 2.5)
        assert c == Chunk(2, 12, 1, "sent", "sendto", 3.5)
        assert len(cap) == 3 and cap.total_bytes == 13
        assert [cap.chunk(i) for i in range(3)] == [a, b, c]
        assert cap.chunk(-1) == c
        assert cap.read(0, 13) == b"hello\x00\xffHELLO!"
        assert cap.read(5, 4) == b"\x00\xffHE"
        assert cap.read(10, 100) == b"LO!"
        assert cap.read(13, 5) == b""
        assert cap.bytes_in("sent") == 8 and cap.bytes_in("received") == 5


def test_chunk_at_and_direction_at_find_the_owning_chunk() -> None:
    with Capture() as cap:
        fill(cap, [("sent", b"abc"), ("received", b""), ("received", b"de"), ("sent", b"f")])
        owners = [cap.chunk_at(i).index for i in range(6)]
        # The empty chunk 1 owns no byte; byte 3 belongs to chunk 2 that starts there too.
        assert owners == [0, 0, 0, 2, 2, 3]
        assert [cap.direction_at(i) for i in range(6)] == ["sent"] * 3 + ["received"] * 2 + ["sent"]
        with pytest.raises(IndexError):
            cap.chunk_at(6)
        with pytest.raises(IndexError):
            cap.chunk_at(-1)
        with pytest.raises(IndexError):
            cap.chunk(4)


def test_chunks_between_lists_what_a_visible_range_overlaps() -> None:
    with Capture() as cap:
        fill(cap, [("sent", b"a" * 10), ("received", b"b" * 10), ("sent", b"c" * 10)])
        assert [c.index for c in cap.chunks_between(0, 30)] == [0, 1, 2]
        assert [c.index for c in cap.chunks_between(9, 11)] == [0, 1]
        assert [c.index for c in cap.chunks_between(10, 20)] == [1]
        assert [c.index for c in cap.chunks_between(25, 1000)] == [2]
        assert cap.chunks_between(30, 40) == []
        assert cap.chunks_between(5, 5) == []


def test_bad_arguments_are_refused() -> None:
    with Capture() as cap:
        with pytest.raises(ValueError, match="direction"):
            cap.append("up", "send", b"x")
        with pytest.raises(ValueError):
            cap.read(-1, 2)
        with pytest.raises(ValueError):
            Capture(memory_limit=-1)
        assert len(cap) == 0 and cap.total_bytes == 0


def test_iter_data_by_direction() -> None:
    with Capture(memory_limit=7) as cap:
        fill(
            cap,
            [
                ("sent", b"GET "),
                ("sent", b"/ "),
                ("received", b"200 "),
                ("sent", b"more"),
                ("received", b"OK"),
            ],
        )
        assert b"".join(cap.iter_data()) == b"GET / 200 more" + b"OK"
        assert b"".join(cap.iter_data("sent")) == b"GET / more"
        assert b"".join(cap.iter_data("received")) == b"200 OK"
        with pytest.raises(ValueError):
            list(cap.iter_data("both"))


def test_spills_past_the_memory_limit_and_reads_across_the_boundary(tmp_path: object) -> None:
    rng = random.Random(7)
    chunks = [
        ("sent" if rng.random() < 0.5 else "received", rng.randbytes(rng.choice([0, 1, 5, 64, 300, 5000])))
        for _ in range(400)
    ]
    with Capture(memory_limit=1000) as cap:
        whole = fill(cap, chunks)
        assert cap.spilled_bytes > 0
        assert cap.memory_bytes <= 1000
        assert cap.spilled_bytes + cap.memory_bytes == cap.total_bytes == len(whole)
        for _ in range(500):
            offset = rng.randrange(len(whole) + 10)
            length = rng.randrange(12000)
            assert cap.read(offset, length) == whole[offset : offset + length]
        # The memory/file boundary itself, byte by byte around it.
        edge = cap.spilled_bytes
        for offset in range(max(0, edge - 5), edge + 5):
            assert cap.read(offset, 3) == whole[offset : offset + 3]
        for i, (direction, data) in enumerate(chunks):
            chunk = cap.chunk(i)
            assert (chunk.direction, chunk.length) == (direction, len(data))
            assert cap.read(chunk.offset, chunk.length) == data
        assert b"".join(cap.iter_data("sent")) == b"".join(d for w, d in chunks if w == "sent")


def test_a_chunk_bigger_than_the_limit_never_sits_in_memory() -> None:
    with Capture(memory_limit=1024) as cap:
        cap.append("sent", "send", b"a" * 100)
        cap.append("received", "recv", b"b" * 10_000)
        assert cap.memory_bytes == 0
        cap.append("sent", "send", b"c" * 10)
        assert cap.memory_bytes == 10
        assert cap.read(95, 10) == b"aaaaabbbbb"
        assert cap.read(10_095, 10) == b"bbbbbccccc"


def test_big_and_small_chunks_of_any_buffer_type_read_back_across_parts() -> None:
    rng = random.Random(3)
    kinds = [bytes, bytearray, memoryview]
    with Capture(memory_limit=300_000) as cap:
        whole = bytearray()
        for i in range(300):
            data = rng.randbytes(rng.choice([0, 3, 8191, 8192, 20_000, 70_000, 299_999, 400_000]))
            buf = kinds[i % 3](data) if kinds[i % 3] is not memoryview else memoryview(bytearray(data))
            cap.append("sent", "send", buf)
            if not isinstance(buf, bytes):
                # The capture copied mutable buffers: changing them later changes nothing.
                buf[:] = bytes(len(buf))  # type: ignore[index]
            whole += data
            if i % 37 == 0:
                assert cap.read(0, len(whole)) == whole
        assert cap.memory_bytes <= 300_000
        for _ in range(300):
            offset = rng.randrange(len(whole))
            length = rng.randrange(1, 200_000)
            assert cap.read(offset, length) == whole[offset : offset + length]
        assert b"".join(cap.iter_data()) == whole


def test_memory_limit_zero_keeps_nothing_in_memory() -> None:
    with Capture(memory_limit=0) as cap:
        whole = fill(cap, [("sent", bytes([i]) * i) for i in range(50)])
        assert cap.memory_bytes == 0
        assert cap.read(0, len(whole)) == whole


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(["sent", "received"]), st.binary(max_size=40)), max_size=40),
    st.integers(min_value=0, max_value=64),
    st.data(),
)
def test_reads_match_the_bytes_appended(
    chunks: list[tuple[str, bytes]], limit: int, data: st.DataObject
) -> None:
    with Capture(memory_limit=limit) as cap:
        whole = fill(cap, chunks)
        assert cap.total_bytes == len(whole)
        assert b"".join(cap.iter_data()) == whole
        for _ in range(10):
            offset = data.draw(st.integers(min_value=0, max_value=len(whole) + 2))
            length = data.draw(st.integers(min_value=0, max_value=len(whole) + 2))
            assert cap.read(offset, length) == whole[offset : offset + length]
        for offset in range(len(whole)):
            chunk = cap.chunk_at(offset)
            assert chunk.offset <= offset < chunk.end


def test_close_deletes_the_spill_file_and_releases_the_fd(tmp_path: os.PathLike[str]) -> None:
    before = open_fds()
    cap = Capture(memory_limit=10, spill_dir=os.fspath(tmp_path))
    cap.append("sent", "send", b"x" * 100)
    assert open_fds() == before + 1
    # The spill file is anonymous: nothing in the directory even while it is in use.
    assert os.listdir(tmp_path) == []
    cap.close()
    cap.close()  # idempotent
    assert open_fds() == before
    assert cap.closed
    with pytest.raises(ValueError, match="closed"):
        cap.read(0, 1)
    with pytest.raises(ValueError, match="closed"):
        cap.append("sent", "send", b"y")


def test_garbage_collection_releases_the_spill_file() -> None:
    before = open_fds()
    cap = Capture(memory_limit=10)
    cap.append("sent", "send", b"x" * 100)
    assert open_fds() == before + 1
    del cap
    gc.collect()
    assert open_fds() == before


def test_concurrent_appends_and_reads_lose_nothing() -> None:
    cap = Capture(memory_limit=4096)
    writers, per_writer = 4, 2000
    errors: list[BaseException] = []
    stop = threading.Event()

    def write(w: int) -> None:
        try:
            for i in range(per_writer):
                # Each chunk says who wrote it and which one it is, so misplaced bytes show.
                cap.append("sent" if w % 2 else "received", f"w{w}", f"<{w}:{i}>".encode() * (1 + i % 7))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def read() -> None:
        rng = random.Random(1)
        try:
            while not stop.is_set():
                total = cap.total_bytes
                if total:
                    off = rng.randrange(total)
                    # Writers keep appending, so at least what existed when we looked is there.
                    assert len(cap.read(off, 100)) >= min(100, total - off)
                    cap.chunk_at(off)
        except BaseException as exc:  # pragma: no cover
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    reader = threading.Thread(target=read)
    reader.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop.set()
    reader.join()
    try:
        assert errors == []
        assert len(cap) == writers * per_writer
        seen: dict[int, list[int]] = {w: [] for w in range(writers)}
        for index in range(len(cap)):
            chunk = cap.chunk(index)
            w = int(chunk.call[1:])
            body = cap.read(chunk.offset, chunk.length).decode()
            i = int(body[1:].split(":")[1].split(">")[0])
            assert body == f"<{w}:{i}>" * (1 + i % 7)
            assert chunk.direction == ("sent" if w % 2 else "received")
            seen[w].append(i)
        assert all(order == list(range(per_writer)) for order in seen.values())
    finally:
        cap.close()


def rss_bytes() -> int:
    if not os.path.exists("/proc/self/status"):  # pragma: no cover - Linux-only measurement
        pytest.skip("needs /proc/self/status for RSS")
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


def test_chunk_metadata_is_compact() -> None:
    """300,000 small chunks cost a few bytes each, not a Python object each (that would be >30 MB)."""
    n = 300_000
    payload = b"x" * 16
    gc.collect()
    before = rss_bytes()
    cap = Capture(memory_limit=1 << 20)
    try:
        append = cap.append
        for _ in range(n):
            append("received", "recv", payload, 1.0)
        grown = rss_bytes() - before
        assert len(cap) == n and cap.total_bytes == 16 * n
        assert cap.chunk_at(16 * n - 1).index == n - 1
    finally:
        cap.close()
    # 18 bytes of metadata per chunk (arrays over-allocate a little) plus the 1 MiB memory tail.
    assert grown < n * 30 + (4 << 20), grown


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(
            st.tuples(
                st.sampled_from(["sent", "received"]),
                st.sampled_from(["recv", "sendall", "recvfrom", "sendto"]),
                st.one_of(  # small chunks are packed, big ones (>= 8 KiB) kept by reference
                    st.binary(max_size=40),
                    st.tuples(st.integers(8192, 9000), st.integers(0, 255)).map(
                        lambda t: bytes([t[1]]) * t[0]
                    ),
                ),
            ),
            max_size=12,
        ),
        max_size=6,
    ),
    st.sampled_from([0, 50, 4096, 8 * 2**20]),
)
def test_append_many_records_exactly_what_append_would(
    batches: list[list[tuple[str, str, bytes]]], limit: int
) -> None:
    with Capture(memory_limit=limit) as one, Capture(memory_limit=limit) as many:
        ts = 1000.0
        for batch in batches:
            stamps = [ts + i for i in range(len(batch))]
            ts += len(batch)
            for (direction, call, data), t in zip(batch, stamps, strict=True):
                one.append(direction, call, data, ts=t)
            many.append_many([b[0] for b in batch], [b[1] for b in batch], [b[2] for b in batch], stamps)
        assert len(many) == len(one) and many.total_bytes == one.total_bytes
        assert [many.chunk(i) for i in range(len(many))] == [one.chunk(i) for i in range(len(one))]
        assert b"".join(many.iter_data()) == b"".join(one.iter_data())
        assert (many.bytes_in("sent"), many.bytes_in("received")) == (
            one.bytes_in("sent"),
            one.bytes_in("received"),
        )
        assert many.spilled_bytes + many.memory_bytes == many.total_bytes


def test_append_many_refuses_bad_input_and_changes_nothing() -> None:
    with Capture() as cap:
        with pytest.raises(ValueError, match="direction must be"):
            cap.append_many(["sent", "sideways"], ["send", "send"], [b"a", b"b"], [1.0, 2.0])
        with pytest.raises(ValueError, match="as many"):
            cap.append_many(["sent"], ["send", "send"], [b"a"], [1.0])
        assert len(cap) == 0 and cap.total_bytes == 0

"""FrameIndex: a recorded connection framed as workbench.framing frames it, incrementally, over the log."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.client import Client
from workbench.events import Kind
from workbench.framing import Framer, FramingError, frame_spans
from workbench.server import ServerRunner
from workbench.session import frames as frames_module
from workbench.session.frames import FrameIndex, is_datagram
from workbench.session.reader import SessionReader
from workbench.session.streams import DIRECTIONS, ConnectionStream, StreamIndex
from workbench.session.writer import SessionWriter
from workbench.spec import ClientSpec, ServerSpec

SPECS = ["raw", "line", "length:u8", "length:u16be", "length:u16le", "length:u32le", "fixed:3",
         "delimiter:\\r\\n", "delimiter:aa", "delimiter:aba", "delimiter:\\x03"]  # fmt: skip


class Recorded:
    """A session file with one connection whose calls are written exactly as given."""

    def __init__(self, path: Path, sock_type: str = "stream") -> None:
        self.writer = SessionWriter(path, flush_interval=0.002)
        self.source = self.writer.add_source("server-1", "server", {"type": sock_type})
        self.path = path
        self.reader: SessionReader | None = None
        self.index: StreamIndex | None = None

    def call(self, direction: str, payload: bytes) -> None:
        kind = Kind.RECV if direction == "received" else Kind.SENDALL
        self.writer.data(kind, self.source, 1, 0, payload)

    def stream(self) -> ConnectionStream:
        self.writer.flush()
        if self.reader is None:
            self.reader = SessionReader(self.path)
            self.index = StreamIndex(self.reader)
        self.reader.refresh()
        assert self.index is not None
        self.index.update()
        return next(iter(self.index.streams.values()))

    def close(self) -> None:
        if self.reader is not None:
            self.reader.close()
        self.writer.close()


@pytest.fixture
def recorded(tmp_path: Path) -> Iterator[Recorded]:
    r = Recorded(tmp_path / "s.swb")
    yield r
    r.close()


def spans(index: FrameIndex, direction: str) -> list[tuple[int, int, bool]]:
    out = []
    for k in range(index.count(direction)):
        f = index.frame(direction, k)
        out.append((f.start, f.end, f.complete))
    return out


calls = st.lists(
    st.tuples(st.sampled_from(DIRECTIONS), st.binary(min_size=0, max_size=40)),
    min_size=1,
    max_size=25,
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=st.sampled_from(SPECS), script=calls, datagrams=st.booleans(), step=st.integers(1, 64))
def test_frames_are_the_frames_framing_gives_each_direction(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    spec: str,
    script: list[tuple[str, bytes]],
    datagrams: bool,
    step: int,
) -> None:
    # Payloads made of few distinct bytes ("\n", "\r", "a", length bytes) so terminators and
    # short length prefixes turn up often; a cap of 16 bytes so frames above it do too.
    alphabet = bytes.maketrans(bytes(range(256)), (b"a\n\r\x03\x01\x02" * 43)[:256])
    script = [(d, p.translate(alphabet)) for d, p in script]
    monkeypatch.setattr(frames_module, "SLICE", step)  # slices that cut calls and terminators
    recorded = Recorded(tmp_path_factory.mktemp("f") / "s.swb", "dgram" if datagrams else "stream")
    try:
        for direction, payload in script:
            recorded.call(direction, payload)
        stream = recorded.stream()
        index = FrameIndex(stream, spec, datagrams=datagrams, max_body=16)
        while not index.advance(0.5):
            pass
        for direction in DIRECTIONS:
            chunks = [p for d, p in script if d == direction and p]
            expected = frame_spans(Framer.parse(spec, max_body=16), chunks, datagram=datagrams)
            assert spans(index, direction) == [tuple(s) for s in expected], direction
        # every framed byte is in exactly one segment, and a frame's segments are its bytes
        segments = index.segments(0, stream.total_bytes)
        assert [(s.start, s.end) for s in segments] == _merge_free(segments)
        assert sum(s.end - s.start for s in segments) == stream.total_bytes
        for direction in DIRECTIONS:
            data = b"".join(p for d, p in script if d == direction)
            for k in range(index.count(direction)):
                f = index.frame(direction, k)
                assert index.read(f) == data[f.start : f.end]
    finally:
        recorded.close()


def _merge_free(segments: list[frames_module.FrameSegment]) -> list[tuple[int, int]]:
    """The segments' ranges, checked to follow each other without a gap or an overlap."""
    pos = 0
    for s in segments:
        assert s.start == pos and s.end > s.start
        pos = s.end
    return [(s.start, s.end) for s in segments]


def test_lines_across_calls_and_directions(recorded: Recorded) -> None:
    recorded.call("received", b"PING 1\nPI")
    recorded.call("sent", b"PONG 1\n")
    recorded.call("received", b"NG 2\nPAR")
    index = FrameIndex(recorded.stream(), "line")
    assert index.advance()
    first, second, tail = (index.frame("received", k) for k in range(3))
    assert index.read(first) == b"PING 1\n" and first.pieces == ((0, 7),)
    # "PING 2\n" lies in two calls with the other direction's reply between them
    assert index.read(second) == b"PING 2\n" and second.pieces == ((7, 9), (16, 21))
    assert index.read(tail) == b"PAR" and not tail.complete
    assert index.frame_at(17) == second and index.frame_at(10).direction == "sent"  # type: ignore[union-attr]
    # later bytes finish the tail; only the new bytes are framed
    recorded.call("received", b"TIAL\n")
    assert recorded.stream() is index.stream  # the same stream, grown
    index.advance()
    done = index.frame("received", 2)
    assert index.read(done) == b"PARTIAL\n" and done.complete and index.count("received") == 3
    # conversation order: by where each frame's last byte moved
    offsets, lanes, numbers = index.conversation()
    order = [(DIRECTIONS[int(d)], int(n)) for d, n in zip(lanes, numbers, strict=True)]
    assert order == [("received", 0), ("sent", 0), ("received", 1), ("received", 2)]
    assert offsets.tolist() == [6, 15, 20, 28]
    # from given numbers on, found frames only: what a live view appends next
    _o, lanes, numbers = index.conversation((1, 2), found_only=True)  # (sent, received)
    assert [(DIRECTIONS[int(d)], int(n)) for d, n in zip(lanes, numbers, strict=True)] == [("received", 2)]


def test_a_record_names_the_frames_its_call_completed(recorded: Recorded) -> None:
    for payload in (b"a\nb", b"c\nd\ne", b"\n"):
        recorded.call("received", payload)
    stream = recorded.stream()
    index = FrameIndex(stream, "line")
    index.advance()
    records = [stream.chunk(i).record for i in range(len(stream))]
    done = [[index.read(f) for f in index.frames_of_record(r)] for r in records]
    assert done == [[b"a\n"], [b"bc\n", b"d\n"], [b"e\n"]]
    assert index.read(index.frame_of_record(records[1])) == b"bc\n"  # type: ignore[arg-type]
    assert index.frame_time(index.frame("received", 1))[1] == records[1]


def test_a_line_above_the_cap_stops_that_direction_and_says_where(recorded: Recorded) -> None:
    recorded.call("received", b"ok\n" + b"x" * 40)
    recorded.call("sent", b"fine\n")
    index = FrameIndex(recorded.stream(), "line", max_body=16)
    index.advance()
    assert spans(index, "received") == [(0, 3, True), (3, 43, False)]
    broken = index.broken("received")
    assert broken is not None and broken[1] == 3
    assert "offset 3" in broken[0].text("en") and "16 MiB" not in broken[0].text("en")
    assert "偏移" in broken[0].text("zh_CN")
    assert index.broken("sent") is None and spans(index, "sent") == [(0, 5, True)]


def test_too_many_frames_stop_that_direction(recorded: Recorded, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(frames_module, "MAX_FRAMES", 5)
    recorded.call("received", b"\n" * 12)
    index = FrameIndex(recorded.stream(), "line")
    index.advance()
    assert index.count("received") == 6  # five lines, then the rest as one unframed tail
    broken = index.broken("received")
    assert broken is not None and broken[1] == 5 and "5" in broken[0].text("en")


def test_a_bad_framing_is_refused_with_its_reason(recorded: Recorded) -> None:
    recorded.call("sent", b"x")
    with pytest.raises(FramingError) as caught:
        FrameIndex(recorded.stream(), "length:u24")
    assert caught.value.field == "framing" and "u24" in str(caught.value)


def test_a_100_mb_connection_is_framed_in_short_steps(recorded: Recorded) -> None:
    block = b"".join(b"GET /item/%05d HTTP/1.1\r\n" % i for i in range(2600))  # ~65 KiB of lines
    for i in range(1600):  # ~100 MB, both ways
        recorded.call("received" if i % 2 else "sent", block)
    stream = recorded.stream()
    assert stream.total_bytes > 100_000_000
    index = FrameIndex(stream, "delimiter:\\r\\n")
    worst, started, steps = 0.0, time.perf_counter(), 0
    while not index.done:
        t0 = time.perf_counter()
        index.advance(0.008)
        worst = max(worst, time.perf_counter() - t0)
        steps += 1
    assert worst < 0.25, f"one step took {worst:.3f} s"  # a slice is 1 MiB whatever the budget
    assert steps >= 2  # it gave the window back on the way
    assert index.count("sent") == index.count("received") == 800 * 2600
    last = index.frame("received", 800 * 2600 - 1)
    assert index.read(last) == b"GET /item/02599 HTTP/1.1\r\n" and last.complete
    # painting a screenful deep inside costs a few segments, not a scan
    t0 = time.perf_counter()
    segments = index.segments(77_000_000, 77_000_000 + 1024)
    assert time.perf_counter() - t0 < 0.05 and 30 < len(segments) < 60
    print(f"framed {stream.total_bytes / 1e6:.0f} MB in {time.perf_counter() - started:.1f} s, {steps} steps")


def test_real_echo_server_framed_by_lines(tmp_path: Path) -> None:
    path = tmp_path / "echo.swb"
    writer = SessionWriter(path, flush_interval=0.002)
    runner = ServerRunner(ServerSpec(), writer)
    runner.start()
    try:
        host, port = runner.address[:2]  # type: ignore[misc]

        async def talk() -> None:
            client = Client(ClientSpec(host=host, port=port, timeout=5), writer)
            await client.connect()
            await client.sendall(b"PING 1\nPING")
            await asyncio.sleep(0.05)
            await client.sendall(b" 2\n")
            await client.shutdown()
            assert await client.read_until_close() == b"PING 1\nPING 2\n"
            client.close()

        asyncio.run(asyncio.wait_for(talk(), 10))
        deadline = time.monotonic() + 5
        while runner.active_requests and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        runner.stop()
    writer.close()
    with SessionReader(path) as reader:
        index_all = StreamIndex(reader)
        index_all.update()
        client_key = next(k for k in index_all.order if reader.tables.role(k[0]) == "client")
        assert not is_datagram(reader, client_key)
        frames = FrameIndex(index_all.streams[client_key], "line")
        frames.advance()
        for direction in DIRECTIONS:
            assert [frames.read(frames.frame(direction, k)) for k in range(frames.count(direction))] == [
                b"PING 1\n",
                b"PING 2\n",
            ]
        del frames, index_all

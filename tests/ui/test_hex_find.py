"""Find and go to over a recorded connection: needles, windows, wrapping, bad patterns, a 100 MB search."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ui.session_log import LiveSession
from ui import hex_find
from ui.hex_find import NeedleError, StreamSearch, compile_needle, parse_offset
from workbench.events import Kind
from workbench.session.streams import ConnectionStream, StreamIndex


@pytest.fixture
def session(qapp, tmp_path: Path) -> Iterator[LiveSession]:
    s = LiveSession(tmp_path / "s.swb")
    yield s
    s.close()


def stream_of(session: LiveSession, *calls: bytes) -> ConnectionStream:
    source = session.server("server-1")
    for i, payload in enumerate(calls):
        session.data(Kind.RECV if i % 2 else Kind.SENDALL, source, 1, 0, payload)
    session.commit()
    index = StreamIndex(session.reader)
    index.update()
    return index.streams[(source, 1, 0)]


def run(search: StreamSearch) -> tuple[int, int] | None:
    while not search.step():
        pass
    return search.found


def test_needles_from_what_is_typed(qapp) -> None:
    assert compile_needle("hex", "de ad BE EF").literal == b"\xde\xad\xbe\xef"
    assert compile_needle("hex", "0xde,0xad").literal == b"\xde\xad"
    assert compile_needle("text", "你好").literal == "你好".encode()
    regex = compile_needle("regex", r"PING \d+\r\n")
    assert regex.regex is not None and regex.regex.pattern == rb"PING \d+\r\n"
    assert compile_needle("regex", r"[\x80-\xff]").first(b"ab\xc3", 3) == (2, 1)  # characters are bytes
    for mode, text, said in (
        ("hex", "de ag", "not a hex digit"),
        ("hex", "abc", "odd number"),
        ("hex", "", "Type what to find"),
        ("regex", "PING (", "Not a valid regular expression"),
        ("regex", "你", "above \\xff"),
    ):
        with pytest.raises(NeedleError) as caught:
            compile_needle(mode, text)
        assert said in str(caught.value), (mode, text, str(caught.value))


def test_matches_across_calls_and_windows_forward_backward_and_around(
    session: LiveSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hex_find, "WINDOW", 7)  # windows that cut calls and matches
    stream = stream_of(session, b"xxNEEDLExx", b"xxxNEE", b"DLExxx", b"NEEDLE")
    needle = compile_needle("text", "NEEDLE")
    hits = []
    origin = 0
    for _ in range(4):
        found = run(StreamSearch(stream, needle, origin))
        assert found is not None
        hits.append(found[0])
        origin = found[0] + 1
    assert hits == [2, 13, 22, 2]  # the one across two calls; then around the end to the first
    search = StreamSearch(stream, needle, 22)
    run(search)
    assert search.found == (22, 6) and not search.wrapped
    backward = StreamSearch(stream, needle, 13, forward=False)
    assert run(backward) == (2, 6) and not backward.wrapped
    around = StreamSearch(stream, needle, 2, forward=False)
    assert run(around) == (22, 6) and around.wrapped
    assert run(StreamSearch(stream, compile_needle("hex", "00"), 5)) is None
    regex = compile_needle("regex", r"E+D")
    assert run(StreamSearch(stream, regex, 0)) == (3, 3)  # "EED", leftmost


def test_offsets_in_decimal_or_hex_and_in_range(qapp) -> None:
    assert parse_offset("1024", 2000) == 1024
    assert parse_offset(" 0x3E8 ", 2000) == 1000
    assert parse_offset("1_000", 2000) == 1000
    for text, total, said in (
        ("2000", 2000, "from 0 to 1999 (0x7cf)"),
        ("-1", 2000, "from 0 to 1999"),
        ("0xzz", 2000, "is not an offset"),
        ("", 2000, "Type an offset"),
        ("0", 0, "no bytes yet"),
    ):
        with pytest.raises(NeedleError) as caught:
            parse_offset(text, total)
        assert said in str(caught.value), (text, str(caught.value))


def test_finding_nothing_in_100_mb_never_holds_the_window(session: LiveSession) -> None:
    block = bytes(range(256)) * 256  # 64 KiB
    stream = stream_of(session, *([block] * 1600))
    assert stream.total_bytes > 100_000_000
    search = StreamSearch(stream, compile_needle("text", "no such text"), 50_000_000)
    worst, steps = 0.0, 0
    while True:
        t0 = time.perf_counter()
        done = search.step(0.01)
        worst = max(worst, time.perf_counter() - t0)
        steps += 1
        if done:
            break
    assert search.found is None and search.searched == stream.total_bytes
    assert worst < 0.2, f"one step took {worst:.3f} s"  # a step is a window or two past its budget
    assert steps >= 2  # it gave the window back at least once on the way

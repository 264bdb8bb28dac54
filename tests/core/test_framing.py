"""Framers cut a byte stream into the frames a user means, whatever the chunks, and say where each lies."""

from __future__ import annotations

import itertools
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.errors import WorkbenchError
from workbench.framing import (
    MAX_BODY,
    Frame,
    Framer,
    FrameSpan,
    FrameTooLargeError,
    FramingError,
    frame_spans,
)


def feed_all(framer: Framer, chunks: list[bytes]) -> list[Frame]:
    frames: list[Frame] = []
    for chunk in chunks:
        frames += framer.feed(chunk)
    return frames


# -- each framing --------------------------------------------------------------


def test_raw_gives_each_chunk_as_it_arrived() -> None:
    framer = Framer.parse("raw")
    assert framer.feed(b"PING") == [Frame(b"PING", 0)]
    assert framer.feed(b"") == []
    assert framer.feed(b" 42\n") == [Frame(b" 42\n", 4)]
    assert framer.pending == b""
    assert framer.flush() == []


def test_line_frames_keep_their_ending_lf_or_crlf() -> None:
    framer = Framer.parse("line")
    frames = framer.feed(b"PING 1\nPING 2\r\nPI")
    assert frames == [Frame(b"PING 1\n", 0), Frame(b"PING 2\r\n", 7)]
    assert framer.pending == b"PI"
    assert framer.feed(b"NG 3\r") == []
    assert framer.feed(b"\n") == [Frame(b"PING 3\r\n", 15)]


def test_a_lone_cr_does_not_end_a_line() -> None:
    framer = Framer.parse("line")
    assert framer.feed(b"one\rtwo\n") == [Frame(b"one\rtwo\n", 0)]


def test_flush_returns_the_last_line_without_its_newline_as_incomplete() -> None:
    framer = Framer.parse("line")
    framer.feed(b"done\nhalf")
    assert framer.flush() == [Frame(b"half", 5, complete=False)]
    assert framer.pending == b""
    assert framer.flush() == []


@pytest.mark.parametrize(
    ("spec", "fmt"),
    [
        ("length:u8", ">B"),
        ("length:u16be", ">H"),
        ("length:u16le", "<H"),
        ("length:u32be", ">I"),
        ("length:u32le", "<I"),
    ],
)
def test_length_prefix_frames_are_prefix_plus_body(spec: str, fmt: str) -> None:
    first = struct.pack(fmt, 5) + b"hello"
    empty = struct.pack(fmt, 0)
    second = struct.pack(fmt, 3) + b"\x00\n\xff"
    stream = first + empty + second
    framer = Framer.parse(spec)
    # Byte by byte: the prefix itself arrives in pieces.
    frames = feed_all(framer, [stream[i : i + 1] for i in range(len(stream))])
    assert frames == [
        Frame(first, 0),
        Frame(empty, len(first)),
        Frame(second, len(first) + len(empty)),
    ]
    assert framer.pending == b""


def test_length_u16_byte_order_decides_the_body_size() -> None:
    data = b"\x00\x02ab" + b"c" * 0x1FC
    assert Framer.parse("length:u16be").feed(data)[0].data == b"\x00\x02ab"
    little = Framer.parse("length:u16le")
    assert little.feed(data) == []  # 0x0200 = 512 body bytes, 2 still missing
    assert len(little.pending) == len(data)


def test_fixed_frames_have_exactly_n_bytes() -> None:
    framer = Framer.parse("fixed:4")
    assert framer.feed(b"abcdefghij") == [Frame(b"abcd", 0), Frame(b"efgh", 4)]
    assert framer.pending == b"ij"
    assert framer.feed(b"kl") == [Frame(b"ijkl", 8)]


@pytest.mark.parametrize(
    ("spec", "stream", "frames"),
    [
        ("delimiter:\\x03", b"\x02one\x03\x02two\x03\x02", [b"\x02one\x03", b"\x02two\x03"]),
        ("delimiter:\\r\\n", b"a\rb\r\nc\r\n", [b"a\rb\r\n", b"c\r\n"]),
        ("delimiter:END", b"xxENDyyEN", [b"xxEND"]),
        ("delimiter:\x00", b"a\x00b\x00", [b"a\x00", b"b\x00"]),
    ],
)
def test_delimiter_frames_end_with_their_delimiter(spec: str, stream: bytes, frames: list[bytes]) -> None:
    framer = Framer.parse(spec)
    assert [f.data for f in framer.feed(stream)] == frames
    assert framer.pending == stream[sum(map(len, frames)) :]


def test_a_delimiter_split_across_chunks_is_found() -> None:
    framer = Framer.parse("delimiter:\\r\\n")
    assert framer.feed(b"abc\r") == []
    assert framer.feed(b"\ndef") == [Frame(b"abc\r\n", 0)]
    framer = Framer.parse("delimiter:<END>")
    assert feed_all(framer, [b"x<E", b"N", b"D", b">y"]) == [Frame(b"x<END>", 0)]


@pytest.mark.parametrize(
    ("spec", "canonical"),
    [
        ("raw", "raw"),
        ("line", "line"),
        ("length:u32le", "length:u32le"),
        ("fixed:8", "fixed:8"),
        ("delimiter:\\x03", "delimiter:\\x03"),
        ("delimiter:\x03", "delimiter:\\x03"),
        ("delimiter:\\r\\n", "delimiter:\\r\\n"),
        ("delimiter:a\\\\b", "delimiter:a\\\\b"),
        ("delimiter:é", "delimiter:\\xc3\\xa9"),
    ],
)
def test_spec_is_canonical_and_parses_back_to_the_same_framing(spec: str, canonical: str) -> None:
    framer = Framer.parse(spec)
    assert framer.spec == canonical
    again = Framer.parse(framer.spec)
    chunks = [b"\x00\x00\x00\x03ab\x03cd\r\nef\\bg\xc3\xa9h", b"\x00" * 9]
    assert frame_spans(again, chunks) == frame_spans(framer, chunks)


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ("lines", "unknown framing 'lines': use raw, line, length:"),
        ("", "unknown framing '': use raw"),
        ("line:crlf", "unknown framing 'line:crlf'"),
        ("length", "unknown framing 'length'"),
        ("length:u24", "unknown length prefix 'u24' in framing 'length:u24': use u8, u16be"),
        ("fixed:0", "fixed:N needs N from 1 to 16777216, not 0"),
        ("fixed:-3", "fixed:N needs a whole number of bytes, not '-3'"),
        ("fixed:eight", "fixed:N needs a whole number of bytes, not 'eight'"),
        ("delimiter:", "delimiter:BYTES needs at least one byte"),
        ("delimiter:\\q", "bad delimiter in framing 'delimiter:\\q': unknown escape \\q"),
        ("delimiter:\\x3", "bad delimiter in framing 'delimiter:\\x3'"),
    ],
)
def test_a_bad_spec_says_what_is_wrong_in_one_line(spec: str, words: str) -> None:
    with pytest.raises(FramingError) as caught:
        Framer.parse(spec)
    message = str(caught.value)
    assert words in message
    assert "\n" not in message
    assert isinstance(caught.value, WorkbenchError)
    assert caught.value.code.startswith("framing.bad.")
    assert caught.value.field == "framing"


def test_a_spec_that_is_not_text_is_refused_plainly() -> None:
    with pytest.raises(FramingError, match="framing must be text"):
        Framer.parse(8)  # type: ignore[arg-type]


def test_fresh_gives_the_same_framing_with_nothing_seen() -> None:
    framer = Framer.parse("delimiter:;")
    framer.feed(b"a;b")
    fresh = framer.fresh()
    assert fresh.spec == "delimiter:;"
    assert fresh.pending == b"" and fresh.position == 0
    assert fresh.feed(b"c;") == [Frame(b"c;", 0)]


# -- the size cap ----------------------------------------------------------


def test_the_default_cap_is_16_mib() -> None:
    assert MAX_BODY == 16 * 1024 * 1024
    framer = Framer.parse("length:u32be")
    with pytest.raises(FrameTooLargeError, match="announces a 16777217-byte body, above the 16 MiB limit"):
        framer.feed(struct.pack(">I", MAX_BODY + 1))


def test_an_announced_body_above_the_cap_breaks_the_stream_after_the_good_frames() -> None:
    framer = Framer.parse("length:u8", max_body=4)
    with pytest.raises(FrameTooLargeError) as caught:
        framer.feed(b"\x02ok\x01!\x05hello")
    error = caught.value
    assert str(error) == "the frame at offset 5 announces a 5-byte body, above the 4-byte limit"
    assert error.code == "framing.too_large.announced"
    assert error.frames == [Frame(b"\x02ok", 0), Frame(b"\x01!", 3)]
    assert framer.pending == b"\x05hello"
    with pytest.raises(FrameTooLargeError):
        framer.feed(b"\x01a")  # nothing after the break is framed, or kept
    assert framer.flush() == [Frame(b"\x05hello", 5, complete=False)]


def test_a_line_longer_than_the_cap_is_refused_whether_or_not_it_has_ended() -> None:
    framer = Framer.parse("line", max_body=8)
    assert framer.feed(b"1234567\n") == [Frame(b"1234567\n", 0)]  # exactly 8 with its \n
    with pytest.raises(FrameTooLargeError, match="the line at offset 8 runs past the 8-byte limit without a"):
        framer.feed(b"123456789\n")
    framer = Framer.parse("line", max_body=8)
    framer.feed(b"12345678")
    with pytest.raises(FrameTooLargeError) as caught:
        framer.feed(b"9")  # nine bytes and still no end: memory stays bounded
    assert caught.value.frames == []
    framer = Framer.parse("delimiter:\\x03", max_body=4)
    with pytest.raises(FrameTooLargeError, match="without \\\\x03"):
        framer.feed(b"abcdefg")


# -- datagrams ----------------------------------------------------------------


def test_each_datagram_is_framed_on_its_own_and_its_tail_comes_back_incomplete() -> None:
    framer = Framer.parse("line")
    assert framer.feed_datagram(b"a\nb") == [Frame(b"a\n", 0), Frame(b"b", 2, complete=False)]
    # The "b" above does not join this datagram's line.
    assert framer.feed_datagram(b"c\n") == [Frame(b"c\n", 3)]
    assert framer.pending == b""


def test_raw_framing_makes_one_frame_per_datagram() -> None:
    framer = Framer.parse("raw")
    assert framer.feed_datagram(b"one") == [Frame(b"one", 0)]
    assert framer.feed_datagram(b"two") == [Frame(b"two", 3)]


def test_a_datagram_with_an_oversized_frame_does_not_spoil_the_next() -> None:
    framer = Framer.parse("length:u8", max_body=2)
    assert framer.feed_datagram(b"\x01a\x09bad") == [Frame(b"\x01a", 0), Frame(b"\x09bad", 2, complete=False)]
    assert framer.feed_datagram(b"\x02ok") == [Frame(b"\x02ok", 6)]


def test_a_framer_is_for_a_stream_or_for_datagrams_not_both() -> None:
    stream = Framer.parse("line")
    stream.feed(b"a")
    with pytest.raises(ValueError, match="frames a stream"):
        stream.feed_datagram(b"b\n")
    datagrams = Framer.parse("line")
    datagrams.feed_datagram(b"a\n")
    with pytest.raises(ValueError, match="frames datagrams"):
        datagrams.feed(b"b\n")


# -- frame spans ---------------------------------------------------------------


def test_frame_spans_mark_frames_across_chunk_boundaries() -> None:
    chunks = [b"PING 1\nPI", b"NG 2\n", b"PING"]
    assert frame_spans("line", chunks) == [
        FrameSpan(0, 7, True),
        FrameSpan(7, 14, True),
        FrameSpan(14, 18, False),
    ]


def test_frame_spans_of_datagrams_never_cross_a_datagram() -> None:
    assert frame_spans("fixed:2", [b"abc", b"de"], datagram=True) == [
        FrameSpan(0, 2, True),
        FrameSpan(2, 3, False),
        FrameSpan(3, 5, True),
    ]


def test_frame_spans_cover_a_broken_stream_to_its_end_without_raising() -> None:
    chunks = [b"\x01a\x7f", b"xxxx", b"yy"]
    assert frame_spans(Framer.parse("length:u8", max_body=16), chunks) == [
        FrameSpan(0, 2, True),
        FrameSpan(2, 9, False),
    ]


def test_frame_spans_refuse_a_bad_framing() -> None:
    with pytest.raises(FramingError):
        frame_spans("bogus", [b"x"])


# -- properties: the chunks never matter ----------------------------------------

SPECS = [
    "raw",
    "line",
    "length:u8",
    "length:u16be",
    "length:u16le",
    "length:u32be",
    "length:u32le",
    "fixed:1",
    "fixed:5",
    "delimiter:\\x03",
    "delimiter:\\r\\n",
    "delimiter:ABA",
]


def _encode(spec: str, body: bytes) -> bytes:
    """A well-formed frame of ``spec`` around ``body`` (so length streams hold real frames)."""
    if spec.startswith("length:"):
        fmt = {"u8": ">B", "u16be": ">H", "u16le": "<H", "u32be": ">I", "u32le": "<I"}[spec[7:]]
        body = body[:255]
        return struct.pack(fmt, len(body)) + body
    return body


@st.composite
def streams(draw: st.DrawFn) -> tuple[Framer, bytes, list[int]]:
    spec = draw(st.sampled_from(SPECS))
    # A small cap as well as the real one, so streams also break it mid-way.
    framer = Framer.parse(spec, max_body=draw(st.sampled_from([MAX_BODY, 24])))
    # Bytes from a small alphabet that holds every terminator, so frames do end.
    alphabet = st.sampled_from(b"\n\r\x03ABxy\x00\xff")
    body = st.binary(max_size=40) | st.lists(alphabet, max_size=40).map(bytes)
    stream = b"".join(_encode(spec, b) for b in draw(st.lists(body, max_size=8)))
    stream += draw(st.binary(max_size=6))  # an arbitrary tail, maybe a partial frame
    cuts = sorted(draw(st.lists(st.integers(0, len(stream)), max_size=12)))
    return framer, stream, cuts


def _split(stream: bytes, cuts: list[int]) -> list[bytes]:
    bounds = [0, *cuts, len(stream)]
    return [stream[a:b] for a, b in itertools.pairwise(bounds)]


def _frame_until_broken(framer: Framer, chunks: list[bytes]) -> tuple[list[Frame], str | None, int]:
    """The frames, the break's message (or None) and how many bytes were fed up to it."""
    frames: list[Frame] = []
    fed = 0
    for chunk in chunks:
        fed += len(chunk)
        try:
            frames += framer.feed(chunk)
        except FrameTooLargeError as exc:
            return frames + exc.frames, str(exc), fed
    return frames, None, fed


@settings(max_examples=500, deadline=None)
@given(streams())
def test_any_split_of_a_stream_gives_the_same_frames(case: tuple[Framer, bytes, list[int]]) -> None:
    framer, stream, cuts = case
    if framer.spec == "raw":
        return  # raw frames are the chunks by definition
    expected = _frame_until_broken(framer.fresh(), [stream])[:2]
    assert _frame_until_broken(framer, _split(stream, cuts))[:2] == expected


@settings(max_examples=500, deadline=None)
@given(streams())
def test_frames_laid_end_to_end_give_back_the_stream_minus_what_is_pending(
    case: tuple[Framer, bytes, list[int]],
) -> None:
    framer, stream, cuts = case
    chunks = _split(stream, cuts)
    frames, broken, fed = _frame_until_broken(framer, chunks)
    assert b"".join(f.data for f in frames) + framer.pending == stream[:fed]
    position = 0
    for frame in frames:
        assert frame.offset == position and frame.data and frame.complete
        position = frame.end
    # Bounded by the cap and one chunk, however the peer misbehaves.
    assert len(framer.pending) <= framer.max_body + 4 + max(map(len, chunks))
    tail = framer.flush()
    spans = [FrameSpan(f.offset, f.end, f.complete) for f in frames + tail]
    if broken:
        spans[-1] = FrameSpan(spans[-1].start, len(stream), False)  # the spans run on to the end
    assert spans == frame_spans(framer, chunks)

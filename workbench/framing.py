"""Sans-IO framing: split the bytes of one connection direction into frames (lines, length-prefixed, ...).

A framer is told its framing by a short spec string and then fed the bytes as
they arrive; it hands back every frame that is whole and keeps the rest
pending. It never touches a socket, so the same object serves a server
handler, a replay of a recorded session and the tests.

Framings (the spec string, then what one frame is):

``raw``
    Each chunk exactly as it was fed (one ``recv`` or one datagram). Nothing is
    ever pending.
``line``
    Everything up to and including the next ``\\n``. A frame keeps its line
    ending as it was sent: ``b"PING\\n"``, or ``b"PING\\r\\n"`` when the peer ends
    lines with CR LF. A lone ``\\r`` does not end a line.
``length:u8``, ``length:u16be``, ``length:u16le``, ``length:u32be``, ``length:u32le``
    An unsigned length prefix (1, 2 or 4 bytes, big- or little-endian) that
    counts the body only, then that many body bytes. The frame is prefix plus
    body; a length of 0 gives a frame that is just the prefix.
``fixed:N``
    Exactly N bytes (N >= 1).
``delimiter:BYTES``
    Everything up to and including the next occurrence of BYTES, written with
    the payload editor's escapes: ``delimiter:\\x03``, ``delimiter:\\r\\n``,
    ``delimiter:END`` (non-ASCII text stands for its UTF-8 bytes).

Size cap: a frame body (length framings, ``fixed``) or a whole frame (``line``,
``delimiter``) may be at most ``MAX_BODY`` bytes (16 MiB; ``max_body=`` changes
it). A peer that announces a bigger body, or sends a longer line, makes
``feed`` raise FrameTooLargeError carrying the frames that were whole before
it; from then on the stream cannot be framed (further ``feed`` calls raise and
their bytes are not kept), and ``flush`` hands the bytes that were left over
as one incomplete frame. Whatever the peer sends, a framer holds at most the
cap plus one chunk.

End of stream: ``flush()`` returns the pending bytes as one frame with
``complete=False`` (a last line without ``\\n``, a cut-off length frame).

Datagrams: feed each datagram with ``feed_datagram``, which frames that datagram
on its own (frames never span two datagrams) and flushes it, so a datagram's
incomplete tail comes back as a frame with ``complete=False`` and nothing stays
pending. A framer is used either for a stream (``feed``) or for datagrams
(``feed_datagram``), not both. Offsets count on across datagrams, as the bytes
of one direction laid end to end.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar, Literal, NamedTuple

from workbench.errors import WorkbenchError
from workbench.hexfmt import PayloadError, escape_bytes, parse_escaped
from workbench.messages import Message

MAX_BODY = 16 * 1024 * 1024

ByteOrder = Literal["big", "little"]
_LENGTH_PREFIXES: dict[str, tuple[int, ByteOrder]] = {
    "u8": (1, "big"),
    "u16be": (2, "big"),
    "u16le": (2, "little"),
    "u32be": (4, "big"),
    "u32le": (4, "little"),
}


class FramingError(WorkbenchError):
    """A framing spec that means nothing (``framing.bad.*``), or a stream that breaks its framing.

    ``message`` is the English text (``str(error)``); ``text(lang)`` says it in another language.
    """

    def __init__(self, code: str, /, **params: object) -> None:
        super().__init__(code, field="framing", **params)

    @property
    def message(self) -> str:
        return str(self)


class FrameTooLargeError(FramingError):
    """The peer announced or sent a frame above the cap; ``frames`` are those that were whole before it.

    ``problem`` (a ``framing.too_large.*`` message) says which frame and by how much.
    """

    def __init__(self, problem: Message, frames: list[Frame]) -> None:
        super().__init__(problem.code, **problem.params)
        self.problem = problem
        self.frames = frames


@dataclass(frozen=True, slots=True)
class Frame:
    """One frame: its bytes, where its first byte sits in the direction's stream, and whether it is whole."""

    data: bytes
    offset: int
    complete: bool = True

    @property
    def end(self) -> int:
        """The stream offset just past the frame's last byte."""
        return self.offset + len(self.data)


class FrameSpan(NamedTuple):
    """Where a frame lies in a direction's stream: ``start`` <= offset < ``end``."""

    start: int
    end: int
    complete: bool


class Framer:
    """Splits fed bytes into frames; ``Framer.parse(spec)`` makes the right kind.

    Subclasses say where the frame starting at ``start`` of a buffer ends
    (``_frame_end``); the base class keeps the buffer, the offsets and the cap.
    One framer follows one direction of one connection; it is not thread-safe.
    """

    kind: ClassVar[str] = ""

    def __init__(self, *, max_body: int = MAX_BODY) -> None:
        if max_body < 1:
            raise ValueError(f"max_body must be at least 1, not {max_body}")
        self.max_body = max_body
        self._buffer = bytearray()
        self._offset = 0  # stream offset of self._buffer[0]
        self._broken: Message | None = None  # why, once the stream broke its framing
        self._datagrams = False
        self._streamed = False

    # -- building --------------------------------------------------------

    @staticmethod
    def parse(spec: str, *, max_body: int = MAX_BODY) -> Framer:
        """The framer a spec string names (see the module docstring); FramingError for a bad spec."""
        if not isinstance(spec, str):
            raise FramingError("framing.bad.type", type=type(spec).__name__)
        kind, sep, arg = spec.partition(":")
        if kind in ("raw", "line") and not sep:
            return RawFramer(max_body=max_body) if kind == "raw" else LineFramer(max_body=max_body)
        if kind == "length" and sep:
            if arg not in _LENGTH_PREFIXES:
                raise FramingError(
                    "framing.bad.length_prefix",
                    prefix=_shown(arg),
                    spec=_shown(spec),
                    prefixes=", ".join(_LENGTH_PREFIXES),
                )
            return LengthFramer(arg, max_body=max_body)
        if kind == "fixed" and sep:
            if not (arg.isascii() and arg.isdigit()):
                raise FramingError("framing.bad.fixed_type", value=_shown(arg))
            size = int(arg)
            if not 1 <= size <= max_body:
                raise FramingError("framing.bad.fixed_range", limit=max_body, value=size)
            return FixedFramer(size, max_body=max_body)
        if kind == "delimiter" and sep:
            try:
                delimiter = parse_escaped(arg)
            except PayloadError as exc:
                raise FramingError("framing.bad.delimiter", spec=_shown(spec), problem=exc) from None
            if not delimiter:
                raise FramingError("framing.bad.delimiter_empty")
            return DelimiterFramer(delimiter, max_body=max_body)
        raise FramingError("framing.bad.unknown", spec=_shown(spec))

    @property
    def spec(self) -> str:
        """The canonical spec string: ``Framer.parse(f.spec)`` frames exactly as ``f`` does."""
        return self.kind

    def fresh(self) -> Framer:
        """A framer of the same framing that has seen no bytes (for the next connection)."""
        return Framer.parse(self.spec, max_body=self.max_body)

    # -- state -----------------------------------------------------------

    @property
    def pending(self) -> bytes:
        """Bytes fed that do not make a whole frame yet."""
        return bytes(self._buffer)

    @property
    def position(self) -> int:
        """How many bytes have been fed in all: the stream offset the next byte will have."""
        return self._offset + len(self._buffer)

    # -- feeding ---------------------------------------------------------

    def feed(self, data: bytes | bytearray | memoryview) -> list[Frame]:
        """The frames that the stream so far completes, oldest first; the rest stays pending."""
        if self._datagrams:
            raise ValueError("this framer frames datagrams (feed_datagram); use a fresh one for a stream")
        self._streamed = True
        return self._feed(data)

    def flush(self) -> list[Frame]:
        """End of stream: the pending bytes as one frame with ``complete=False``, or nothing."""
        self._broken = None
        if not self._buffer:
            return []
        frame = Frame(bytes(self._buffer), self._offset, complete=False)
        self._offset += len(self._buffer)
        self._buffer = bytearray()
        return [frame]

    def feed_datagram(self, data: bytes | bytearray | memoryview) -> list[Frame]:
        """The frames of one datagram, framed on its own; an incomplete tail comes back as incomplete.

        Never raises for the datagram's content: a frame above the cap ends that
        datagram's framing and the rest of it comes back as one incomplete frame.
        """
        if self._streamed:
            raise ValueError("this framer frames a stream (feed); use a fresh one for datagrams")
        self._datagrams = True
        try:
            frames = self._feed(data)
        except FrameTooLargeError as exc:
            frames = exc.frames
        return frames + self.flush()

    def _feed(self, data: bytes | bytearray | memoryview) -> list[Frame]:
        if self._broken is not None:
            raise FrameTooLargeError(self._broken, [])
        if not data:
            return []
        # With nothing pending, frame the new bytes in place and keep only their tail.
        work: bytes | bytearray
        if self._buffer:
            self._buffer += data
            work = self._buffer
        else:
            work = bytes(data)
        frames: list[Frame] = []
        start = 0
        try:
            while (end := self._frame_end(work, start)) is not None:
                frames.append(Frame(bytes(work[start:end]), self._offset + start))
                start = end
            if len(work) - start > self._pending_cap():
                self._fail(self._too_long(self._offset + start))
        except FrameTooLargeError as exc:
            exc.frames = frames
            raise
        finally:
            self._keep(work, start)
        return frames

    def _keep(self, work: bytes | bytearray, used: int) -> None:
        if work is self._buffer:
            del self._buffer[:used]
        else:
            self._buffer = bytearray(work[used:])
        self._offset += used
        self._consumed(used)

    def _fail(self, problem: Message) -> None:
        self._broken = problem
        raise FrameTooLargeError(problem, [])

    # -- what a subclass says --------------------------------------------

    def _frame_end(self, buf: bytes | bytearray, start: int) -> int | None:
        """The end index of the frame that starts at ``buf[start]``, or None while it is incomplete."""
        raise NotImplementedError

    def _pending_cap(self) -> int:
        """The most bytes that may wait for the rest of a frame before the stream is broken."""
        return self.max_body

    def _too_long(self, offset: int) -> Message:
        return Message("framing.too_large.frame", {"offset": offset, "limit": _size(self.max_body)})

    def _consumed(self, used: int) -> None:
        """Called after ``used`` bytes left the front of the buffer (for search hints)."""


class RawFramer(Framer):
    """Each chunk is a frame, as it arrived."""

    kind = "raw"

    def _feed(self, data: bytes | bytearray | memoryview) -> list[Frame]:
        if not data:
            return []
        frame = Frame(bytes(data), self._offset)
        self._offset += len(frame.data)
        return [frame]


class _TerminatedFramer(Framer):
    """Frames that end with a terminator (a line's ``\\n``, a delimiter), which they include."""

    terminator: bytes = b"\n"

    def __init__(self, *, max_body: int = MAX_BODY) -> None:
        super().__init__(max_body=max_body)
        # How far the pending bytes are known to hold no terminator: a long frame
        # arriving in many chunks is then searched once, not once per chunk.
        self._searched = 0

    def _frame_end(self, buf: bytes | bytearray, start: int) -> int | None:
        at = buf.find(self.terminator, max(start, self._searched - len(self.terminator) + 1))
        if at < 0:
            self._searched = len(buf)
            return None
        end = at + len(self.terminator)
        if end - start > self.max_body:
            self._fail(self._too_long(self._offset + start))
        self._searched = end
        return end

    def _consumed(self, used: int) -> None:
        self._searched = max(0, self._searched - used)


class LineFramer(_TerminatedFramer):
    """Lines ending in ``\\n`` (so ``\\r\\n`` too), each with its ending."""

    kind = "line"

    def _too_long(self, offset: int) -> Message:
        return Message("framing.too_large.line", {"offset": offset, "limit": _size(self.max_body)})


class DelimiterFramer(_TerminatedFramer):
    """Frames ending in a delimiter, each with its delimiter."""

    kind = "delimiter"

    def __init__(self, delimiter: bytes, *, max_body: int = MAX_BODY) -> None:
        super().__init__(max_body=max_body)
        self.terminator = delimiter

    @property
    def spec(self) -> str:
        return f"delimiter:{escape_bytes(self.terminator, utf8=False)}"

    def _too_long(self, offset: int) -> Message:
        shown = escape_bytes(self.terminator, utf8=False)
        limit = _size(self.max_body)
        return Message("framing.too_large.delimited", {"offset": offset, "limit": limit, "delimiter": shown})


class LengthFramer(Framer):
    """A length prefix that counts the body, then the body; the frame is both."""

    kind = "length"

    def __init__(self, prefix: str, *, max_body: int = MAX_BODY) -> None:
        super().__init__(max_body=max_body)
        self.prefix = prefix
        self.prefix_size, self.byteorder = _LENGTH_PREFIXES[prefix]

    @property
    def spec(self) -> str:
        return f"length:{self.prefix}"

    def _frame_end(self, buf: bytes | bytearray, start: int) -> int | None:
        body_start = start + self.prefix_size
        if len(buf) < body_start:
            return None
        size = int.from_bytes(buf[start:body_start], self.byteorder)
        if size > self.max_body:
            self._fail(
                Message(
                    "framing.too_large.announced",
                    {"offset": self._offset + start, "size": size, "limit": _size(self.max_body)},
                )
            )
        end = body_start + size
        return end if len(buf) >= end else None

    def _pending_cap(self) -> int:
        return self.prefix_size + self.max_body


class FixedFramer(Framer):
    """Frames of exactly ``size`` bytes."""

    kind = "fixed"

    def __init__(self, size: int, *, max_body: int = MAX_BODY) -> None:
        super().__init__(max_body=max_body)
        self.size = size

    @property
    def spec(self) -> str:
        return f"fixed:{self.size}"

    def _frame_end(self, buf: bytes | bytearray, start: int) -> int | None:
        end = start + self.size
        return end if len(buf) >= end else None


def _shown(text: str) -> str:
    """Text quoted for a one-line message: as written when printable, else as a Python literal."""
    return f"'{text}'" if text.isprintable() else repr(text)


def _size(nbytes: int) -> Message:
    """A size cap as a message: "16 MiB", "4-byte" (as in "the 4-byte limit")."""
    if nbytes >= 1024 * 1024 and nbytes % (1024 * 1024) == 0:
        return Message("framing.size.mib", {"n": nbytes // (1024 * 1024)})
    return Message("framing.size.bytes", {"n": nbytes})


def frame_spans(
    framing: str | Framer, chunks: Iterable[bytes], *, datagram: bool = False
) -> list[FrameSpan]:
    """Where the frames lie in one direction of one connection, given its chunks in order.

    ``chunks`` are the direction's ``recv``/``send`` payloads (or datagrams, with
    ``datagram=True``). The spans cover every byte once, in order; the last one
    is incomplete when the stream ends inside a frame. Bytes from a frame above
    the size cap to the end make one incomplete span. Raises FramingError only
    for a bad ``framing`` spec, never for the bytes.
    """
    framer = Framer.parse(framing) if isinstance(framing, str) else framing.fresh()
    spans: list[FrameSpan] = []

    def add(frames: list[Frame]) -> None:
        spans.extend(FrameSpan(f.offset, f.end, f.complete) for f in frames)

    if datagram:
        for chunk in chunks:
            add(framer.feed_datagram(chunk))
        return spans
    broken_at: int | None = None
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if broken_at is not None:
            continue
        try:
            add(framer.feed(chunk))
        except FrameTooLargeError as exc:
            add(exc.frames)
            broken_at = framer.position - len(framer.pending)
    if broken_at is not None:
        if total > broken_at:
            spans.append(FrameSpan(broken_at, total, False))
        return spans
    add(framer.flush())
    return spans

"""Sans-IO byte helpers: parse hex and escaped payloads, hex dumps, literals and the value inspector."""

from __future__ import annotations

import codecs
import math
import re
import struct

from workbench.errors import WorkbenchError

PAYLOAD_MODES: tuple[str, ...] = ("text", "hex", "escape")


class PayloadError(WorkbenchError):
    """A payload the editor cannot encode; ``start``/``end`` index the bad text (str positions).

    ``message`` is the English text (``str(error)``); ``text(lang)`` says it in another language.
    """

    def __init__(self, code: str, start: int, end: int, **params: object) -> None:
        super().__init__(code, field="payload", **params)
        self.start = start
        self.end = end

    @property
    def message(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return f"PayloadError({self.message!r}, {self.start}, {self.end})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PayloadError):
            return NotImplemented
        return (self.message, self.start, self.end) == (other.message, other.start, other.end)

    def __hash__(self) -> int:
        return hash((self.message, self.start, self.end))


# -- hex ---------------------------------------------------------------------

# A token is an optional 0x / \x prefix and everything up to the next separator
# (whitespace , ; :) or the next \x, which both ends a token and starts one.
_HEX_TOKEN = re.compile(r"(?P<prefix>\\[xX]|0[xX])?(?P<body>(?:[^\s,;:\\]|\\(?![xX]))*)")
_NOT_HEX = re.compile(r"[^0-9a-fA-F]+")


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _scan_hex(text: str, errors: list[PayloadError] | None) -> bytes:
    """Parse hex; collect every error into ``errors``, or raise the first when it is None."""
    out = bytearray()
    for match in _HEX_TOKEN.finditer(text):
        prefix, body = match.group("prefix"), match.group("body")
        if not prefix and not body:
            continue  # a separator position
        start, end = match.span()
        bad: list[PayloadError] = []
        if not body:
            bad.append(PayloadError("payload.hex.prefix_alone", start, end, prefix=prefix))
        for junk in _NOT_HEX.finditer(body):
            js, je = match.start("body") + junk.start(), match.start("body") + junk.end()
            what = junk.group()
            code = "payload.hex.not_digit" if len(what) == 1 else "payload.hex.not_digits"
            bad.append(PayloadError(code, js, je, text=_short(what)))
        if not bad and len(body) % 2:
            bad.append(
                PayloadError("payload.hex.odd", start, end, text=_short(text[start:end]), count=len(body))
            )
        if bad:
            if errors is None:
                raise bad[0]
            errors.extend(bad)
            continue
        out += bytes.fromhex(body)
    return bytes(out)


def parse_hex(text: str) -> bytes:
    """Bytes from hex text: "de ad be ef", "deadbeef", "0xde,0xad", "de:ad", "\\xde\\xad", newlines ok.

    Raises PayloadError (with the position of the bad text) for a non-hex
    character or a token with an odd number of digits.
    """
    try:
        return bytes.fromhex(text)  # the common case, in C
    except ValueError:
        return _scan_hex(text, None)


# -- escapes -----------------------------------------------------------------

_SIMPLE_ESCAPES = {
    "\\": 0x5C,
    "n": 0x0A,
    "r": 0x0D,
    "t": 0x09,
    "a": 0x07,
    "b": 0x08,
    "f": 0x0C,
    "v": 0x0B,
    "'": 0x27,
    '"': 0x22,
}
_ESCAPE = re.compile(r"\\(?:x(?P<hex>[0-9a-fA-F]{0,2})|(?P<oct>[0-7]{1,3})|(?P<other>.)|$)", re.DOTALL)


def _encode_text(text: str, base: int, out: bytearray, errors: list[PayloadError] | None) -> None:
    try:
        out += text.encode("utf-8")
    except UnicodeEncodeError as exc:
        err = PayloadError("payload.text.surrogate", base + exc.start, base + exc.end)
        if errors is None:
            raise err from None
        errors.append(err)


def _scan_escaped(text: str, errors: list[PayloadError] | None) -> bytes:
    out = bytearray()
    pos = 0
    for match in _ESCAPE.finditer(text):
        start, end = match.span()
        _encode_text(text[pos:start], pos, out, errors)
        pos = end
        err: PayloadError | None = None
        hex_digits, oct_digits, other = match.group("hex"), match.group("oct"), match.group("other")
        if hex_digits is not None:
            if len(hex_digits) == 2:
                out.append(int(hex_digits, 16))
            else:
                err = PayloadError("payload.escape.hex", start, end, escape=text[start:end])
        elif oct_digits is not None:
            value = int(oct_digits, 8)
            if value > 0xFF:
                err = PayloadError("payload.escape.octal", start, end, digits=oct_digits)
            else:
                out.append(value)
        elif other is not None:
            code = _SIMPLE_ESCAPES.get(other)
            if code is None:
                err = PayloadError("payload.escape.unknown", start, end, char=other)
            else:
                out.append(code)
        else:
            err = PayloadError("payload.escape.lone_backslash", start, end)
        if err is not None:
            if errors is None:
                raise err
            errors.append(err)
    _encode_text(text[pos:], pos, out, errors)
    return bytes(out)


def parse_escaped(text: str) -> bytes:
    """Bytes from text with escapes: \\xNN, \\n \\r \\t \\0 (octal \\NNN), \\\\ \\' \\" \\a \\b \\f \\v.

    Everything else is encoded as UTF-8. Raises PayloadError for an unknown or
    incomplete escape.
    """
    return _scan_escaped(text, None)


def escape_bytes(data: bytes, utf8: bool = True) -> str:
    """The escaped-text rendering of ``data``: parse_escaped(escape_bytes(data)) == data.

    Printable ASCII stays as is (a backslash doubles), \\n \\r \\t are escaped
    by name, every other byte becomes \\xNN. With ``utf8``, printable non-ASCII
    characters that are valid UTF-8 also stay as characters.
    """
    text = bytes(data).decode("utf-8" if utf8 else "latin-1", "surrogateescape")
    parts: list[str] = []
    for ch in text:
        code = ord(ch)
        if ch == "\\":
            parts.append("\\\\")
        elif ch == "\n":
            parts.append("\\n")
        elif ch == "\r":
            parts.append("\\r")
        elif ch == "\t":
            parts.append("\\t")
        elif 0x20 <= code < 0x7F or (utf8 and code > 0x7F and ch.isprintable()):
            parts.append(ch)
        elif 0xDC80 <= code <= 0xDCFF:  # a byte that is not part of valid UTF-8
            parts.append(f"\\x{code - 0xDC00:02x}")
        else:
            raw = ch.encode("utf-8") if utf8 else bytes([code])
            parts.extend(f"\\x{b:02x}" for b in raw)
    return "".join(parts)


# -- payload editor ----------------------------------------------------------


def _check_mode(mode: str) -> None:
    if mode not in PAYLOAD_MODES:
        raise ValueError(f"payload mode must be one of {', '.join(PAYLOAD_MODES)}, not {mode!r}")


def encode_payload(text: str, mode: str) -> bytes:
    """The bytes the payload editor's text means in ``mode`` ("text" | "hex" | "escape")."""
    _check_mode(mode)
    if mode == "hex":
        return parse_hex(text)
    if mode == "escape":
        return parse_escaped(text)
    out = bytearray()
    _encode_text(text, 0, out, None)
    return bytes(out)


def payload_errors(text: str, mode: str) -> list[PayloadError]:
    """Every problem in the editor's text, with positions, so the UI can mark each in place."""
    _check_mode(mode)
    errors: list[PayloadError] = []
    if mode == "hex":
        try:
            bytes.fromhex(text)
        except ValueError:
            _scan_hex(text, errors)
    elif mode == "escape":
        _scan_escaped(text, errors)
    else:
        _encode_text(text, 0, bytearray(), errors)
    return errors


def utf16_span(text: str, start: int, end: int) -> tuple[int, int]:
    """A PayloadError's (start, end) as UTF-16 positions, which Qt text cursors count in.

    They differ from str indices after characters outside the BMP (emoji take two
    UTF-16 units).
    """

    def shift(index: int) -> int:
        return index + sum(1 for ch in text[:index] if ord(ch) > 0xFFFF)

    return shift(start), shift(end)


# -- rendering ---------------------------------------------------------------

_ASCII_TABLE = bytes(b if 0x20 <= b < 0x7F else 0x2E for b in range(256))


def printable_ascii(data: bytes) -> str:
    """The ASCII column of a hex view: printable ASCII as is, every other byte as '.'."""
    return bytes(data).translate(_ASCII_TABLE).decode("ascii")


def hexdump(data: bytes, offset: int = 0) -> str:
    """A classic 16-bytes-per-line dump (like ``hexdump -C``); ``offset`` labels the first byte."""
    lines = []
    data = bytes(data)
    for pos in range(0, len(data), 16):
        row = data[pos : pos + 16]
        left, right = row[:8].hex(" "), row[8:].hex(" ")
        lines.append(f"{offset + pos:08x}  {left:<23}  {right:<23}  |{printable_ascii(row)}|")
    return "\n".join(lines)


def python_literal(data: bytes) -> str:
    """A Python bytes literal that evaluates to ``data``, e.g. b'hello\\x00\\xff'."""
    return repr(bytes(data))


# -- inspector ---------------------------------------------------------------

MISSING = "—"
_INTEGERS = (("u8", "B"), ("i8", "b"), ("u16", "H"), ("i16", "h"), ("u32", "I"), ("i32", "i"))
_WIDE = (("u64", "Q"), ("i64", "q"))
_TEXT_LIMIT = 256
_BINARY_LIMIT = 8


def _format_f32(raw: bytes, order: str) -> str:
    """The shortest decimal that reads back as the same float32 (struct.unpack gives a float64)."""
    (value,) = struct.unpack(order + "f", raw)
    if math.isnan(value) or math.isinf(value):
        return repr(value)
    for digits in range(1, 10):
        text = f"{value:.{digits}g}"
        try:
            if struct.pack(order + "f", float(text)) == raw:
                return text
        except OverflowError:
            continue
    return repr(value)


def _visible(text: str) -> str:
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def _utf8(data: bytes) -> str:
    if not data:
        return MISSING
    truncated = len(data) > _TEXT_LIMIT
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        # Not final when truncated: a character cut at the limit is not an error.
        text = decoder.decode(data[:_TEXT_LIMIT], final=not truncated)
    except UnicodeDecodeError:
        return "invalid"
    return _visible(text) + ("…" if truncated else "")


def inspect_bytes(data: bytes) -> list[tuple[str, str, str]]:
    """The selection as numbers and text: (label, little-endian, big-endian) rows.

    Numbers use the first bytes of the selection; a type wider than the
    selection shows "—". u8/i8 have no byte order and show the same value twice.
    """
    data = bytes(data)
    rows: list[tuple[str, str, str]] = []
    for label, code in (*_INTEGERS, *_WIDE):
        size = struct.calcsize(code)
        if len(data) < size:
            rows.append((label, MISSING, MISSING))
            continue
        raw = data[:size]
        rows.append((label, str(struct.unpack("<" + code, raw)[0]), str(struct.unpack(">" + code, raw)[0])))
    if len(data) < 4:
        rows.append(("f32", MISSING, MISSING))
    else:
        rows.append(("f32", _format_f32(data[:4], "<"), _format_f32(data[:4], ">")))
    if len(data) < 8:
        rows.append(("f64", MISSING, MISSING))
    else:
        rows.append(("f64", repr(struct.unpack("<d", data[:8])[0]), repr(struct.unpack(">d", data[:8])[0])))
    rows.append(("UTF-8", _utf8(data), ""))
    if data:
        bits = " ".join(f"{b:08b}" for b in data[:_BINARY_LIMIT])
        rows.append(("binary", bits + (" …" if len(data) > _BINARY_LIMIT else ""), ""))
    else:
        rows.append(("binary", MISSING, ""))
    return rows

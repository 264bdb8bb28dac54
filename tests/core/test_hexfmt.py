"""hexfmt: payload parsing with error positions, dumps, literals and the inspector, checked exhaustively."""

from __future__ import annotations

import ast
import math
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.errors import WorkbenchError
from workbench.hexfmt import (
    MISSING,
    PayloadError,
    encode_payload,
    escape_bytes,
    hexdump,
    inspect_bytes,
    parse_escaped,
    parse_hex,
    payload_errors,
    printable_ascii,
    python_literal,
    utf16_span,
)

ALL_BYTES = bytes(range(256))


# -- hex ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "de ad be ef",
        "deadbeef",
        "DEADBEEF",
        "0xde,0xad,0xbe,0xef",
        "0xDE, 0xAD, 0xBE, 0xEF",
        "de:ad:be:ef",
        "de;ad;be;ef",
        "\\xde\\xad\\xbe\\xef",
        "dead\nbeef\n",
        "\tde ad\r\n be  ef ",
        "0xdead 0xbeef",
    ],
)
def test_parse_hex_accepts_the_usual_spellings(text: str) -> None:
    assert parse_hex(text) == b"\xde\xad\xbe\xef"


def test_parse_hex_of_nothing_is_no_bytes() -> None:
    assert parse_hex("") == b""
    assert parse_hex("  \n ") == b""
    assert payload_errors("", "hex") == []


def test_every_byte_value_round_trips_through_hex() -> None:
    for sep in ("", " ", ":", "\n"):
        assert parse_hex(ALL_BYTES.hex(sep) if sep else ALL_BYTES.hex()) == ALL_BYTES
    assert parse_hex(ALL_BYTES.hex(" ").upper()) == ALL_BYTES
    assert parse_hex(",".join(f"0x{b:02x}" for b in ALL_BYTES)) == ALL_BYTES


@given(st.binary(max_size=300))
def test_hex_round_trip_property(data: bytes) -> None:
    assert parse_hex(data.hex(" ")) == data
    assert parse_hex(data.hex()) == data
    assert parse_hex(data.hex(":", 4)) == data
    assert payload_errors(data.hex(" "), "hex") == []


def test_odd_digit_count_is_an_error_with_a_clear_message() -> None:
    with pytest.raises(PayloadError) as info:
        parse_hex("abc")
    err = info.value
    assert isinstance(err, WorkbenchError)
    assert "odd number of hex digits" in str(err) and "two digits" in str(err)
    assert (err.start, err.end) == (0, 3)


def test_odd_token_is_marked_where_it_is() -> None:
    text = "de ad b ef"
    [err] = payload_errors(text, "hex")
    assert text[err.start : err.end] == "b"
    assert "odd number" in err.message


def test_invalid_characters_are_marked_in_place() -> None:
    text = "de ag 0x zz12 \\q1"
    errors = payload_errors(text, "hex")
    marked = [text[e.start : e.end] for e in errors]
    assert marked == ["g", "0x", "zz", "\\q"]
    assert "'g' is not a hex digit" in errors[0].message
    assert "needs two hex digits" in errors[1].message
    assert "'zz' are not hex digits" in errors[2].message
    # parse_hex raises the first of them
    with pytest.raises(PayloadError) as info:
        parse_hex(text)
    assert (info.value.start, info.value.end) == (errors[0].start, errors[0].end)


@given(st.binary(min_size=1, max_size=40), st.integers(min_value=0), st.sampled_from("gxzG!é-#"))
def test_a_bad_character_anywhere_is_reported_at_its_position(data: bytes, where: int, bad: str) -> None:
    text = data.hex(" ")
    pos = where % (len(text) + 1)
    broken = text[:pos] + bad + text[pos:]
    errors = payload_errors(broken, "hex")
    assert errors, broken
    # Every invalid character is covered by an error span, and every span covers only real problems.
    assert any(e.start <= pos < e.end for e in errors)
    with pytest.raises(PayloadError):
        parse_hex(broken)


def test_unicode_positions_are_str_indices() -> None:
    text = "é€ ff g"
    errors = payload_errors(text, "hex")
    assert [text[e.start : e.end] for e in errors] == ["é€", "g"]


def test_utf16_spans_for_qt_text_cursors() -> None:
    text = "😀 ff zz"  # the emoji is one str index but two UTF-16 units
    errors = payload_errors(text, "hex")
    assert [text[e.start : e.end] for e in errors] == ["😀", "zz"]
    assert [utf16_span(text, e.start, e.end) for e in errors] == [(0, 2), (6, 8)]
    utf16 = text.encode("utf-16-le")
    start, end = utf16_span(text, errors[1].start, errors[1].end)
    assert utf16[2 * start : 2 * end].decode("utf-16-le") == "zz"


# -- escapes -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hello\\x00\\xff", b"hello\x00\xff"),
        ("a\\nb\\r\\t", b"a\nb\r\t"),
        ("\\0", b"\x00"),
        ("\\012", b"\n"),
        ("\\08", b"\x008"),
        ("\\\\x41", b"\\x41"),
        ("\\'\\\"", b"'\""),
        ("\\a\\b\\f\\v", b"\x07\x08\x0c\x0b"),
        ("héllo", "héllo".encode()),
        ("€\\xe2\\x82\\xac", "€€".encode()),
        ("\\X41", None),
        ("", b""),
    ],
)
def test_parse_escaped(text: str, expected: bytes | None) -> None:
    if expected is None:
        with pytest.raises(PayloadError):
            parse_escaped(text)
    else:
        assert parse_escaped(text) == expected


def test_escape_errors_point_at_the_escape() -> None:
    text = "ok\\x4 then \\q and \\777 and\\"
    errors = payload_errors(text, "escape")
    assert [text[e.start : e.end] for e in errors] == ["\\x4", "\\q", "\\777", "\\"]
    assert "two hex digits" in errors[0].message
    assert "unknown escape \\q" in errors[1].message
    assert "above \\377" in errors[2].message
    assert "lone backslash" in errors[3].message


def test_every_byte_value_round_trips_through_escapes() -> None:
    assert parse_escaped(escape_bytes(ALL_BYTES)) == ALL_BYTES
    assert parse_escaped(escape_bytes(ALL_BYTES, utf8=False)) == ALL_BYTES
    rendered = escape_bytes(ALL_BYTES, utf8=False)
    assert rendered.isascii()
    assert "\\x00" in rendered and "\\n" in rendered and "\\\\" in rendered and "A" in rendered


@given(st.binary(max_size=300))
def test_escape_round_trip_property(data: bytes) -> None:
    assert parse_escaped(escape_bytes(data)) == data
    assert parse_escaped(escape_bytes(data, utf8=False)) == data
    assert payload_errors(escape_bytes(data), "escape") == []


@given(st.text(max_size=100))
def test_escape_keeps_printable_text_readable(text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    rendered = escape_bytes(data)
    assert parse_escaped(rendered) == data
    if text.isprintable() and "\\" not in text and not any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        assert rendered == text


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=60))
def test_text_without_backslashes_is_plain_utf8(text: str) -> None:
    text = text.replace("\\", "")
    assert parse_escaped(text) == text.encode("utf-8")


# -- payload editor ----------------------------------------------------------


def test_encode_payload_modes() -> None:
    assert encode_payload("hello\\x00\\xff", "escape") == b"hello\x00\xff"
    assert encode_payload("hello\\x00\\xff", "text") == b"hello\\x00\\xff"
    assert encode_payload("68 65 6c 6c 6f 00 ff", "hex") == b"hello\x00\xff"
    assert encode_payload("héllo", "text") == "héllo".encode()
    with pytest.raises(ValueError, match="payload mode"):
        encode_payload("x", "base64")


def test_lone_surrogates_cannot_be_sent_as_text() -> None:
    text = "ab\ud800cd"
    [err] = payload_errors(text, "text")
    assert (err.start, err.end) == (2, 3)
    with pytest.raises(PayloadError):
        encode_payload(text, "text")
    with pytest.raises(PayloadError):
        encode_payload(text, "escape")


def test_payload_errors_is_empty_exactly_when_encoding_works() -> None:
    samples = ["de ad", "de a", "zz", "a\\xzz", "\\\\", "\\", "plain", "0x1,0x02"]
    for mode in ("text", "hex", "escape"):
        for text in samples:
            errors = payload_errors(text, mode)
            if errors:
                with pytest.raises(PayloadError) as info:
                    encode_payload(text, mode)
                assert info.value == errors[0]
            else:
                encode_payload(text, mode)


# -- rendering ---------------------------------------------------------------


def test_python_literal_of_every_byte_value_evaluates_back() -> None:
    for b in range(256):
        one = bytes([b])
        assert ast.literal_eval(python_literal(one)) == one
    assert ast.literal_eval(python_literal(ALL_BYTES)) == ALL_BYTES
    assert eval(python_literal(ALL_BYTES)) == ALL_BYTES
    assert python_literal(b"hello\x00\xff") == "b'hello\\x00\\xff'"


@given(st.binary(max_size=200))
def test_python_literal_property(data: bytes) -> None:
    assert ast.literal_eval(python_literal(data)) == data


def test_hexdump_layout() -> None:
    data = b"hello\x00\xff" + bytes(range(0x41, 0x41 + 20))
    lines = hexdump(data).splitlines()
    assert lines[0] == "00000000  68 65 6c 6c 6f 00 ff 41  42 43 44 45 46 47 48 49  |hello..ABCDEFGHI|"
    assert lines[1].startswith("00000010  4a 4b 4c 4d 4e 4f 50 51  52 53 54")
    assert lines[1].endswith("|JKLMNOPQRST|")
    # columns line up even on a short last line
    assert lines[1].index("|") == lines[0].index("|")
    assert hexdump(b"") == ""
    assert hexdump(b"x", offset=0x1230).startswith("00001230  78")


def test_hexdump_of_every_byte_reads_back() -> None:
    dump = hexdump(ALL_BYTES)
    assert len(dump.splitlines()) == 16
    hex_part = " ".join(line[10:58] for line in dump.splitlines())
    assert parse_hex(hex_part) == ALL_BYTES
    assert printable_ascii(ALL_BYTES) == "".join(chr(b) if 32 <= b < 127 else "." for b in range(256))


# -- inspector ---------------------------------------------------------------

FORMATS = [
    ("u8", "B"),
    ("i8", "b"),
    ("u16", "H"),
    ("i16", "h"),
    ("u32", "I"),
    ("i32", "i"),
    ("u64", "Q"),
    ("i64", "q"),
    ("f32", "f"),
    ("f64", "d"),
]


def _check_row(label: str, code: str, shown: str, raw: bytes, order: str) -> None:
    expected = struct.unpack(order + code, raw)[0]
    if code in "fd":
        value = float(shown)
        if math.isnan(expected):
            assert math.isnan(value)
        else:
            # What is shown reads back to exactly the same bits.
            assert struct.pack(order + code, value) == raw, (label, shown)
    else:
        assert int(shown) == expected, (label, shown)


@given(st.binary(max_size=12))
def test_inspector_matches_struct_unpack(data: bytes) -> None:
    rows = inspect_bytes(data)
    labels = [r[0] for r in rows]
    assert labels == [f[0] for f in FORMATS] + ["UTF-8", "binary"]
    for (label, code), (_, le, be) in zip(FORMATS, rows, strict=False):
        size = struct.calcsize(code)
        if len(data) < size:
            assert (le, be) == (MISSING, MISSING)
            continue
        _check_row(label, code, le, data[:size], "<")
        _check_row(label, code, be, data[:size], ">")


def test_inspector_known_values() -> None:
    rows = {r[0]: r[1:] for r in inspect_bytes(b"\x00\x00\x80\x3f\x00\x00\xf0\x3f")}
    assert rows["u16"] == ("0", "0")
    assert rows["f32"] == ("1", "4.6006e-41")
    rows = {r[0]: r[1:] for r in inspect_bytes(struct.pack("<d", 1.0))}
    assert rows["f64"] == ("1.0", "3.03865e-319")
    rows = {r[0]: r[1:] for r in inspect_bytes(b"\xff\xfe")}
    assert rows["u8"] == ("255", "255")
    assert rows["i8"] == ("-1", "-1")
    assert rows["u16"] == ("65279", "65534")
    assert rows["i16"] == ("-257", "-2")
    assert rows["u32"] == (MISSING, MISSING)
    assert rows["UTF-8"] == ("invalid", "")
    assert rows["binary"] == ("11111111 11111110", "")


def test_inspector_every_single_byte() -> None:
    for b in range(256):
        rows = {r[0]: r[1:] for r in inspect_bytes(bytes([b]))}
        assert rows["u8"] == (str(b), str(b))
        assert rows["i8"][0] == str(b - 256 if b > 127 else b)
        assert rows["binary"][0] == format(b, "08b")
        assert rows["UTF-8"][0] == (
            "invalid" if b > 127 else repr(chr(b))[1:-1] if not chr(b).isprintable() else chr(b)
        )


def test_inspector_special_floats() -> None:
    for value, text in ((math.inf, "inf"), (-math.inf, "-inf")):
        rows = {r[0]: r[1:] for r in inspect_bytes(struct.pack("<d", value))}
        assert rows["f64"][0] == text
        rows = {r[0]: r[1:] for r in inspect_bytes(struct.pack("<f", value))}
        assert rows["f32"][0] == text
    rows = {r[0]: r[1:] for r in inspect_bytes(struct.pack(">f", math.nan))}
    assert rows["f32"][1] == "nan"
    rows = {r[0]: r[1:] for r in inspect_bytes(struct.pack("<f", 0.1))}
    assert rows["f32"][0] == "0.1"  # the shortest text for the float32, not 0.10000000149011612


def test_inspector_text_rows() -> None:
    rows = {r[0]: r[1:] for r in inspect_bytes("héllo\n".encode())}
    assert rows["UTF-8"] == ("héllo\\n", "")
    long = ("€" * 200).encode()  # 600 bytes: cut at the limit mid-character is not "invalid"
    text = dict((r[0], r[1]) for r in inspect_bytes(long))["UTF-8"]
    assert text.startswith("€€€") and text.endswith("…")
    assert dict((r[0], r[1]) for r in inspect_bytes(b"ab\xc3"))["UTF-8"] == "invalid"
    binary = dict((r[0], r[1]) for r in inspect_bytes(bytes(20)))["binary"]
    assert binary == " ".join(["00000000"] * 8) + " …"
    assert inspect_bytes(b"")[-2:] == [("UTF-8", MISSING, ""), ("binary", MISSING, "")]

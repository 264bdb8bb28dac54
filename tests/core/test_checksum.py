"""Checksums match the published check values and real Modbus frames; append and verify agree."""

from __future__ import annotations

import binascii
import functools
import operator
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.checksum import (
    ALGORITHMS,
    ChecksumError,
    algorithm,
    all_checksums,
    append,
    checksum_bytes,
    compute,
    verify,
)
from workbench.errors import WorkbenchError

CHECK_INPUT = b"123456789"


@pytest.mark.parametrize(
    ("name", "check"),
    [
        # The CRC catalogue's "check" value: the CRC of the nine ASCII digits.
        ("CRC-16/MODBUS", 0x4B37),
        ("CRC-16/CCITT-FALSE", 0x29B1),
        ("CRC-16/XMODEM", 0x31C3),
        ("CRC-32", 0xCBF43926),
        ("CRC-32C", 0xE3069283),
        ("CRC-8/SMBUS", 0xF4),
        # The simple ones, by their definitions: the digits 0x31..0x39 add up to 477 = 0x1dd.
        ("SUM8", 0xDD),
        ("SUM16", 0x01DD),
        ("LRC", 0x100 - 0xDD),
        ("XOR8", 0x31),  # nine bytes 0x3N: the 3s cancel to one 0x30, and 1^2^...^9 = 1
    ],
)
def test_each_algorithm_gives_its_published_check_value(name: str, check: int) -> None:
    assert compute(name, CHECK_INPUT) == check


def test_every_algorithm_is_checked_above() -> None:
    assert set(ALGORITHMS) == {
        "CRC-16/MODBUS", "CRC-16/CCITT-FALSE", "CRC-16/XMODEM", "CRC-32", "CRC-32C",
        "CRC-8/SMBUS", "SUM8", "SUM16", "XOR8", "LRC",
    }  # fmt: skip


@pytest.mark.parametrize(
    "frame",
    [
        "01 03 00 00 00 0a c5 cd",  # read 10 holding registers from unit 1
        "01 04 04 00 00 08 e6 7d ce",  # a read-input-registers response carrying two registers
        "01 03 14 00 00 00 00 04 d2 00 00 00 00 00 7b 00 00 00 00 00 00 00 00 e5 0b",
    ],
)
def test_real_modbus_rtu_frames_verify_with_the_crc_low_byte_first(frame: str) -> None:
    data = bytes.fromhex(frame)
    assert verify("CRC-16/MODBUS", data) == (True, int.from_bytes(data[-2:], "little"), int.from_bytes(data[-2:], "little"))
    assert append("modbus", data[:-2]) == data


def test_a_corrupted_modbus_frame_fails_and_says_both_values() -> None:
    frame = bytearray.fromhex("01 03 00 00 00 0a c5 cd")
    frame[5] = 0x0B  # 11 registers instead of 10
    ok, expected, found = verify("CRC-16/MODBUS", frame)
    assert (ok, found) == (False, 0xCDC5)
    assert expected == compute("CRC-16/MODBUS", frame[:-2]) != found


def test_modbus_ascii_lrc_is_over_the_bytes_the_hex_characters_stand_for() -> None:
    line = b":010100010001FC\r\n"  # read one coil from unit 1, as a Modbus ASCII line
    message = bytes.fromhex(line[1:-4].decode())
    assert compute("LRC", message) == int(line[-4:-2], 16) == 0xFC
    assert verify("LRC", bytes.fromhex(line[1:-2].decode()))[0]


def test_wider_checksums_are_appended_high_byte_first_unless_told() -> None:
    assert append("CRC-16/CCITT-FALSE", CHECK_INPUT) == CHECK_INPUT + b"\x29\xb1"
    assert append("CRC-16/MODBUS", CHECK_INPUT) == CHECK_INPUT + b"\x37\x4b"
    assert append("CRC-32", CHECK_INPUT) == CHECK_INPUT + bytes.fromhex("cbf43926")
    assert append("CRC-32", CHECK_INPUT, byteorder="little") == CHECK_INPUT + bytes.fromhex("2639f4cb")
    assert checksum_bytes("CRC-16/MODBUS", 0x4B37, "big") == b"\x4b\x37"
    assert verify("CRC-32", CHECK_INPUT + bytes.fromhex("2639f4cb"), byteorder="little")[0]
    assert not verify("CRC-32", CHECK_INPUT + bytes.fromhex("2639f4cb"))[0]


def test_widths_and_conventional_orders() -> None:
    widths = {name: (alg.width, alg.byteorder) for name, alg in ALGORITHMS.items()}
    assert widths["CRC-16/MODBUS"] == (2, "little")
    assert widths["CRC-16/CCITT-FALSE"] == (2, "big")
    assert widths["CRC-32"] == (4, "big")
    assert widths["SUM8"][0] == widths["XOR8"][0] == widths["LRC"][0] == widths["CRC-8/SMBUS"][0] == 1


@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("modbus", "CRC-16/MODBUS"),
        ("crc16-modbus", "CRC-16/MODBUS"),
        ("CRC-16/IBM-3740", "CRC-16/CCITT-FALSE"),
        ("crc-16/ccitt-false", "CRC-16/CCITT-FALSE"),
        ("crc32", "CRC-32"),
        ("CRC-32/ISO-HDLC", "CRC-32"),
        ("iscsi", "CRC-32C"),
        ("bcc", "XOR8"),
        ("sum8", "SUM8"),
    ],
)
def test_names_are_found_whatever_their_case_and_punctuation(alias: str, name: str) -> None:
    assert algorithm(alias).name == name


def test_bad_requests_are_plain_errors() -> None:
    with pytest.raises(ChecksumError, match=r"unknown checksum 'crc-17': use one of CRC-16/MODBUS, ") as caught:
        compute("crc-17", b"x")
    assert isinstance(caught.value, WorkbenchError) and caught.value.code == "checksum.unknown"
    with pytest.raises(ChecksumError, match="byte order must be 'big' or 'little', not 'network'"):
        append("crc32", b"x", byteorder="network")
    with pytest.raises(ChecksumError, match="CRC-32 needs at least 4 byte") as caught:
        verify("crc32", b"abc")
    assert caught.value.code == "checksum.too_short"


def test_verifying_only_a_checksum_checks_it_against_no_data() -> None:
    assert verify("CRC-16/MODBUS", append("CRC-16/MODBUS", b"")) == (True, 0xFFFF, 0xFFFF)


def test_all_checksums_list_every_algorithm_as_fixed_width_hex() -> None:
    rows = dict(all_checksums(CHECK_INPUT))
    assert list(rows) == list(ALGORITHMS)
    assert rows["CRC-16/MODBUS"] == "0x4b37"
    assert rows["CRC-32"] == "0xcbf43926"
    assert rows["SUM16"] == "0x01dd"
    assert dict(all_checksums(b""))["CRC-8/SMBUS"] == "0x00"


@given(st.binary(max_size=2048))
def test_against_independent_implementations(data: bytes) -> None:
    # The standard library's own CRC-CCITT and CRC-32, and XOR/sum the slow way.
    assert compute("CRC-16/XMODEM", data) == binascii.crc_hqx(data, 0)
    assert compute("CRC-16/CCITT-FALSE", data) == binascii.crc_hqx(data, 0xFFFF)
    assert compute("CRC-32", data) == zlib.crc32(data) == binascii.crc32(data)
    assert compute("XOR8", data) == functools.reduce(operator.xor, data, 0)
    assert compute("SUM8", data) == sum(data) % 256
    assert (compute("SUM8", data) + compute("LRC", data)) % 256 == 0


@given(st.sampled_from(sorted(ALGORITHMS)), st.binary(max_size=256), st.sampled_from([None, "big", "little"]))
def test_what_append_writes_verify_accepts(name: str, data: bytes, order: str | None) -> None:
    framed = append(name, data, order)
    assert len(framed) == len(data) + ALGORITHMS[name].width
    assert verify(name, framed, order)[0]

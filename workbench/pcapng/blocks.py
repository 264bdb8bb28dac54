"""pcapng blocks as bytes (sans-IO): Section Header, Interface Description, Enhanced Packet.

Layout per draft-ietf-opsawg-pcapng: every block is type, total length, body padded to 32 bits,
total length again; options are code, length, value padded to 32 bits, closed by opt_endofopt.
Sections are written little-endian (the byte-order magic says so to any reader).
"""

from __future__ import annotations

import struct

from workbench.pcapng.model import Payload

SHB_TYPE = 0x0A0D0D0A
IDB_TYPE = 0x00000001
EPB_TYPE = 0x00000006
BYTE_ORDER_MAGIC = 0x1A2B3C4D

OPT_ENDOFOPT = 0
OPT_COMMENT = 1
SHB_HARDWARE = 2
SHB_OS = 3
SHB_USERAPPL = 4
IF_NAME = 2
IF_DESCRIPTION = 3
IF_TSRESOL = 9
EPB_FLAGS = 2

LINKTYPE_RAW = 101  # each packet starts with its IPv4 or IPv6 header; no link layer
TSRESOL_NS = 9  # if_tsresol: timestamps count 10**-9 s
SNAPLEN_UNLIMITED = 0  # "no limit" per the spec; packets here never exceed 65575 bytes

EPB_INBOUND = 0x1  # epb_flags bits 0-1: the direction of the packet
EPB_OUTBOUND = 0x2

_MAX_OPTION = 0xFFFF
_END_OF_OPTIONS = struct.pack("<HH", OPT_ENDOFOPT, 0)
_BLOCK_HEAD = struct.Struct("<II")
_EPB_HEAD = struct.Struct("<IIIIIII")
_LENGTH = struct.Struct("<I")


def padding(length: int) -> bytes:
    """The zero bytes that bring ``length`` up to a multiple of 4."""
    return b"\0" * (-length % 4)


def option(code: int, value: bytes) -> bytes:
    if len(value) > _MAX_OPTION:
        raise ValueError(f"option {code} value of {len(value)} bytes exceeds {_MAX_OPTION}")
    return struct.pack("<HH", code, len(value)) + value + padding(len(value))


def text_option(code: int, text: str) -> bytes:
    """A UTF-8 string option; text past the 64 KiB option limit is cut at a character boundary.

    Lone surrogates (a path decoded with ``surrogateescape``) become ``\\udcxx`` escapes, so
    any Python string can be written.
    """
    value = text.encode("utf-8", "backslashreplace")
    if len(value) > _MAX_OPTION:
        value = value[: _MAX_OPTION - 3].decode("utf-8", "ignore").encode() + "…".encode()
    return option(code, value)


def options(*encoded: bytes) -> bytes:
    """An options list: the options given (empty ones skipped) and opt_endofopt; empty if none."""
    present = [o for o in encoded if o]
    return b"".join(present) + _END_OF_OPTIONS if present else b""


def block(block_type: int, body: bytes) -> bytes:
    """A whole block around a ``body`` already padded to 32 bits."""
    if len(body) % 4:
        raise ValueError("a block body must be padded to 32 bits")
    total = 12 + len(body)
    return _BLOCK_HEAD.pack(block_type, total) + body + _LENGTH.pack(total)


def section_header(application: str, *, os_name: str = "", comment: str = "") -> bytes:
    """A Section Header Block of unspecified section length (-1), so it can be streamed."""
    body = struct.pack("<IHHq", BYTE_ORDER_MAGIC, 1, 0, -1)
    body += options(
        text_option(OPT_COMMENT, comment) if comment else b"",
        text_option(SHB_OS, os_name) if os_name else b"",
        text_option(SHB_USERAPPL, application),
    )
    return block(SHB_TYPE, body)


def interface_description(name: str, description: str = "", comment: str = "") -> bytes:
    """An Interface Description Block for raw IP packets with nanosecond timestamps."""
    body = struct.pack("<HHI", LINKTYPE_RAW, 0, SNAPLEN_UNLIMITED)
    body += options(
        text_option(OPT_COMMENT, comment) if comment else b"",
        text_option(IF_NAME, name),
        text_option(IF_DESCRIPTION, description) if description else b"",
        option(IF_TSRESOL, bytes([TSRESOL_NS])),
    )
    return block(IDB_TYPE, body)


def enhanced_packet(
    interface_id: int, ts_ns: int, parts: tuple[Payload, ...], length: int, flags: int, comment: str = ""
) -> bytes:
    """An Enhanced Packet Block whose packet is ``parts`` joined (``length`` bytes in all).

    The packet is stored whole: captured length equals original length.
    """
    opts = options(
        text_option(OPT_COMMENT, comment) if comment else b"",
        option(EPB_FLAGS, _LENGTH.pack(flags)) if flags else b"",
    )
    total = 12 + 20 + length + (-length % 4) + len(opts)
    head = _EPB_HEAD.pack(EPB_TYPE, total, interface_id, ts_ns >> 32, ts_ns & 0xFFFFFFFF, length, length)
    return b"".join((head, *parts, padding(length), opts, _LENGTH.pack(total)))

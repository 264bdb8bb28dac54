"""IPv4 and IPv6 headers carrying TCP or UDP, with every checksum right (sans-IO, no sockets).

The functions return header bytes only; the caller writes the payload right after them, so a
64 KB payload is never copied to build a packet. Addresses are packed (4 or 16 bytes); the IP
version follows from their length.
"""

from __future__ import annotations

import struct

from workbench.pcapng.model import Payload

PROTO_TCP = 6
PROTO_UDP = 17
TTL = 64
IPV4_HEADER = 20
IPV6_HEADER = 40
TCP_HEADER = 20
UDP_HEADER = 8
IP_MAX_TOTAL = 65535  # IPv4 total length and IPv6 payload length are 16-bit fields

FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10

_IPV4 = struct.Struct("!BBHHHBBH4s4s")
_IPV6 = struct.Struct("!IHBB16s16s")
_TCP = struct.Struct("!HHIIBBHHH")
_UDP = struct.Struct("!HHHH")
_DONT_FRAGMENT = 0x4000


def ones_sum(data: Payload) -> int:
    """The one's-complement sum of ``data`` as 16-bit big-endian words, reduced modulo 0xFFFF.

    Since 2**16 is 1 modulo 0xFFFF, the whole buffer read as one big number has the same residue
    as the sum of its words: one C-level conversion instead of a Python loop over 32K words. A
    residue of 0 stands for one's-complement zero, so a checksum made from it is never 0x0000,
    which is what UDP requires (0 there means "no checksum").
    """
    value = int.from_bytes(data, "big")
    if len(data) % 2:
        value <<= 8  # an odd trailing byte is the high half of a last, zero-padded word
    return value % 0xFFFF


def checksum(partial: int) -> int:
    """The Internet checksum field for a one's-complement sum from :func:`ones_sum`."""
    return 0xFFFF - partial % 0xFFFF


def max_payload(transport_header: int, ip_len: int) -> int:
    """The most payload one packet can carry under the 16-bit IP length field."""
    return IP_MAX_TOTAL - transport_header - (IPV4_HEADER if ip_len == 4 else 0)


def ip_header(src: bytes, dst: bytes, proto: int, transport_len: int, ident: int) -> bytes:
    """An IPv4 header (TTL 64, DF, id ``ident``) or an IPv6 one (hop limit 64) for ``transport_len`` bytes."""
    if len(src) == 16:
        return _IPV6.pack(6 << 28, transport_len, proto, TTL, src, dst)
    total = IPV4_HEADER + transport_len
    if total > IP_MAX_TOTAL:
        raise ValueError(f"an IPv4 packet of {total} bytes exceeds {IP_MAX_TOTAL}")
    header = _IPV4.pack(0x45, 0, total, ident & 0xFFFF, _DONT_FRAGMENT, TTL, proto, 0, src, dst)
    return header[:10] + checksum(ones_sum(header)).to_bytes(2, "big") + header[12:]


def _pseudo_sum(src: bytes, dst: bytes, proto: int, length: int) -> int:
    # IPv4 and IPv6 pseudo-headers sum to the same words: a 32-bit length splits into two
    # 16-bit words whose high one is zero below 64 KiB, and the protocol sits in a low byte.
    return ones_sum(src) + ones_sum(dst) + proto + (length >> 16) + (length & 0xFFFF)


def tcp_header(
    src: bytes,
    dst: bytes,
    ports: tuple[int, int],
    seq: int,
    ack: int,
    flags: int,
    window: int,
    payload: Payload,
    options: bytes = b"",
) -> bytes:
    """A TCP header (``options`` padded to 32 bits by the caller) whose checksum covers ``payload``."""
    if len(options) % 4:
        raise ValueError("TCP options must be padded to a multiple of 4 bytes")
    header_len = TCP_HEADER + len(options)
    sport, dport = ports
    header = _TCP.pack(
        sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, (header_len // 4) << 4, flags, window, 0, 0
    )
    header += options
    length = header_len + len(payload)
    total = _pseudo_sum(src, dst, PROTO_TCP, length) + ones_sum(header) + ones_sum(payload)
    return header[:16] + checksum(total).to_bytes(2, "big") + header[18:]


def udp_header(src: bytes, dst: bytes, ports: tuple[int, int], payload: Payload) -> bytes:
    """A UDP header whose checksum covers ``payload`` (mandatory over IPv6, written for IPv4 too)."""
    length = UDP_HEADER + len(payload)
    header = _UDP.pack(ports[0], ports[1], length, 0)
    total = _pseudo_sum(src, dst, PROTO_UDP, length) + ones_sum(header) + ones_sum(payload)
    return header[:6] + checksum(total).to_bytes(2, "big")

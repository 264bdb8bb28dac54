"""A strict pcapng reader of the test suite's own: blocks, options, IP/TCP/UDP, checksums, streams.

It shares no code with workbench.pcapng: checksums are summed word by word with end-around
carries (the writer reduces one big integer modulo 0xFFFF), and every rule is checked as the
spec words it, so a writer bug cannot hide behind the same bug here. Any violation raises
:class:`FormatError` naming the block or packet.
"""

from __future__ import annotations

import ipaddress
import struct
import sys
from array import array
from dataclasses import dataclass, field

SHB, IDB, EPB = 0x0A0D0D0A, 1, 6
FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10


class FormatError(AssertionError):
    """The bytes break the pcapng, IP, TCP or UDP rules."""


@dataclass
class InterfaceBlock:
    linktype: int
    snaplen: int
    options: dict[int, list[bytes]]

    def text(self, code: int) -> str:
        return self.options[code][0].decode()


@dataclass
class PacketBlock:
    number: int  # 1-based, as Wireshark numbers frames
    interface_id: int
    ts_ns: int
    data: bytes
    options: dict[int, list[bytes]]

    @property
    def comment(self) -> str:
        return self.options[1][0].decode() if 1 in self.options else ""

    @property
    def flags(self) -> int:
        return struct.unpack("<I", self.options[2][0])[0] if 2 in self.options else 0


@dataclass
class Capture:
    section_options: dict[int, list[bytes]]
    interfaces: list[InterfaceBlock]
    packets: list[PacketBlock]


@dataclass(frozen=True)
class Decoded:
    src: str
    dst: str
    proto: str  # "tcp" or "udp"
    sport: int
    dport: int
    payload: bytes
    ident: int | None = None  # IPv4 identification
    ttl: int = 0
    seq: int = 0
    ack: int = 0
    flags: int = 0
    window: int = 0


def _options(raw: bytes, where: str) -> dict[int, list[bytes]]:
    found: dict[int, list[bytes]] = {}
    offset = 0
    while offset < len(raw):
        if offset + 4 > len(raw):
            raise FormatError(f"{where}: option header cut off")
        code, length = struct.unpack_from("<HH", raw, offset)
        offset += 4
        if code == 0:
            if length != 0 or offset != len(raw):
                raise FormatError(f"{where}: opt_endofopt must be empty and last")
            return found
        end = offset + length
        padded = end + (-length % 4)
        if padded > len(raw):
            raise FormatError(f"{where}: option {code} runs past its block")
        if any(raw[end:padded]):
            raise FormatError(f"{where}: option {code} padding is not zero")
        found.setdefault(code, []).append(raw[offset:end])
        offset = padded
    if raw:
        raise FormatError(f"{where}: options without opt_endofopt")
    return found


def parse(data: bytes) -> Capture:
    """Every block of a little-endian single-section file, checked."""
    if len(data) % 4:
        raise FormatError("file length is not a multiple of 4")
    offset, capture = 0, None
    while offset < len(data):
        if offset + 12 > len(data):
            raise FormatError(f"block at {offset}: header cut off")
        block_type, total = struct.unpack_from("<II", data, offset)
        where = f"block at {offset} (type {block_type:#x})"
        if total < 12 or total % 4 or offset + total > len(data):
            raise FormatError(f"{where}: bad total length {total}")
        if struct.unpack_from("<I", data, offset + total - 4)[0] != total:
            raise FormatError(f"{where}: trailing total length differs")
        body = data[offset + 8 : offset + total - 4]
        if capture is None:
            if block_type != SHB:
                raise FormatError("the file does not start with a Section Header Block")
            magic, major, minor, section_length = struct.unpack_from("<IHHq", body)
            if (magic, major, minor, section_length) != (0x1A2B3C4D, 1, 0, -1):
                raise FormatError(
                    f"{where}: unexpected SHB fields {magic:#x} {major}.{minor} {section_length}"
                )
            capture = Capture(_options(body[16:], where), [], [])
        elif block_type == SHB:
            raise FormatError(f"{where}: a second section")
        elif block_type == IDB:
            linktype, reserved, snaplen = struct.unpack_from("<HHI", body)
            if reserved:
                raise FormatError(f"{where}: reserved field not zero")
            capture.interfaces.append(InterfaceBlock(linktype, snaplen, _options(body[8:], where)))
        elif block_type == EPB:
            capture.packets.append(_packet(body, where, capture))
        else:
            raise FormatError(f"{where}: unexpected block type")
        offset += total
    if capture is None:
        raise FormatError("empty file")
    return capture


def _packet(body: bytes, where: str, capture: Capture) -> PacketBlock:
    interface_id, ts_high, ts_low, captured, original = struct.unpack_from("<IIIII", body)
    if interface_id >= len(capture.interfaces):
        raise FormatError(f"{where}: interface {interface_id} has no IDB before it")
    if captured != original:
        raise FormatError(f"{where}: packet truncated ({captured} of {original} bytes)")
    interface = capture.interfaces[interface_id]
    if interface.options.get(9) != [b"\x09"]:
        raise FormatError(f"{where}: interface {interface_id} is not in nanoseconds")
    end = 20 + captured
    padded = end + (-captured % 4)
    if padded > len(body) or any(body[end:padded]):
        raise FormatError(f"{where}: packet data padding wrong")
    number = len(capture.packets) + 1
    return PacketBlock(
        number, interface_id, ts_high << 32 | ts_low, body[20:end], _options(body[padded:], where)
    )


def _word_sum(*chunks: bytes) -> int:
    data = b"".join(chunks)
    if len(data) % 2:
        data += b"\0"
    words = array("H", data)
    if sys.byteorder == "little":
        words.byteswap()
    total = sum(words)
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return total


def decode(packet: bytes, where: str = "packet") -> Decoded:
    """IP and TCP/UDP headers of a raw-IP packet, every length and checksum verified."""
    version = packet[0] >> 4
    if version == 4:
        ihl = (packet[0] & 0x0F) * 4
        total, ident, frag, ttl, proto = struct.unpack_from("!HHHBB", packet, 2)
        if ihl != 20 or total != len(packet):
            raise FormatError(f"{where}: IPv4 header length {ihl} / total length {total} != {len(packet)}")
        if _word_sum(packet[:20]) != 0xFFFF:
            raise FormatError(f"{where}: IPv4 header checksum wrong")
        if frag & 0x3FFF:
            raise FormatError(f"{where}: fragmented")
        src, dst = packet[12:16], packet[16:20]
        pseudo_len = struct.pack("!HH", proto, total - 20)
        body, ip_ident = packet[20:], ident
    elif version == 6:
        payload_len, proto, ttl = struct.unpack_from("!HBB", packet, 4)
        if payload_len + 40 != len(packet):
            raise FormatError(f"{where}: IPv6 payload length {payload_len} != {len(packet) - 40}")
        src, dst = packet[8:24], packet[24:40]
        pseudo_len = struct.pack("!IxxxB", payload_len, proto)
        body, ip_ident = packet[40:], None
    else:
        raise FormatError(f"{where}: IP version {version}")
    if _word_sum(src, dst, pseudo_len, body) != 0xFFFF:
        raise FormatError(f"{where}: transport checksum wrong")
    shown_src, shown_dst = str(ipaddress.ip_address(src)), str(ipaddress.ip_address(dst))
    if proto == 17:
        sport, dport, length, checksum = struct.unpack_from("!HHHH", body)
        if length != len(body) or checksum == 0:
            raise FormatError(f"{where}: UDP length {length} != {len(body)} or no checksum")
        return Decoded(shown_src, shown_dst, "udp", sport, dport, body[8:], ip_ident, ttl)
    if proto != 6:
        raise FormatError(f"{where}: protocol {proto}")
    sport, dport, seq, ack, offset, flags, window = struct.unpack_from("!HHIIBBH", body)
    header_len = (offset >> 4) * 4
    if not 20 <= header_len <= len(body):
        raise FormatError(f"{where}: TCP data offset {header_len}")
    return Decoded(
        shown_src, shown_dst, "tcp", sport, dport, body[header_len:], ip_ident, ttl, seq, ack, flags, window
    )


@dataclass
class _Direction:
    isn: int | None = None
    data: bytearray = field(default_factory=bytearray)
    fin: bool = False
    rst: bool = False
    highest_sent: int = 0  # relative sequence number one past the last byte (SYN, FIN count)


@dataclass
class TcpStream:
    """One reassembled connection: the client is whoever sent the SYN."""

    client: tuple[str, int]
    server: tuple[str, int]
    first_comment: str
    c2s: _Direction = field(default_factory=_Direction)
    s2c: _Direction = field(default_factory=_Direction)


def tcp_streams(packets: list[PacketBlock]) -> list[TcpStream]:
    """Reassemble every TCP connection by sequence number, in order of first packet.

    Fails on a gap or an overlap (Wireshark's "previous segment not captured" and
    retransmissions), on an ACK of bytes never sent ("ACKed unseen segment"), and on data
    before the handshake or after a FIN.
    """
    streams: dict[frozenset[tuple[str, int]], TcpStream] = {}
    for block in packets:
        where = f"frame {block.number}"
        tcp = decode(block.data, where)
        if tcp.proto != "tcp":
            continue
        key = frozenset({(tcp.src, tcp.sport), (tcp.dst, tcp.dport)})
        if key not in streams:
            if tcp.flags & (SYN | ACK) != SYN:
                raise FormatError(f"{where}: a connection that does not start with SYN")
            streams[key] = TcpStream((tcp.src, tcp.sport), (tcp.dst, tcp.dport), block.comment)
        stream = streams[key]
        forward = (tcp.src, tcp.sport) == stream.client
        mine, theirs = (stream.c2s, stream.s2c) if forward else (stream.s2c, stream.c2s)
        if tcp.flags & SYN:
            if mine.isn is not None:
                raise FormatError(f"{where}: second SYN")
            mine.isn, mine.highest_sent = tcp.seq, 1
            if forward == bool(tcp.flags & ACK):
                raise FormatError(f"{where}: SYN/ACK flags on the wrong side")
        if mine.isn is None:
            refused = not forward and tcp.flags & RST and theirs.isn is not None
            if not refused or (tcp.ack - (theirs.isn or 0)) % (1 << 32) != 1:
                raise FormatError(f"{where}: a packet before the SYN of its side")
            mine.rst = True  # the answer to a SYN of a refused connect
            continue
        relative = (tcp.seq - mine.isn) % (1 << 32)
        expected = mine.highest_sent if not tcp.flags & SYN else 0
        if relative != expected:
            raise FormatError(f"{where}: sequence {relative}, expected {expected} (gap or overlap)")
        if tcp.payload:
            if mine.fin:
                raise FormatError(f"{where}: data after FIN")
            mine.data += tcp.payload
        mine.highest_sent = relative + (1 if tcp.flags & SYN else 0) + len(tcp.payload) + (tcp.flags & FIN)
        mine.fin = mine.fin or bool(tcp.flags & FIN)
        mine.rst = mine.rst or bool(tcp.flags & RST)
        if tcp.flags & ACK:
            if theirs.isn is None:
                raise FormatError(f"{where}: ACK before the peer's SYN")
            acked = (tcp.ack - theirs.isn) % (1 << 32)
            if acked > theirs.highest_sent:
                raise FormatError(f"{where}: ACKs {acked}, the peer sent only {theirs.highest_sent}")
    return list(streams.values())


def udp_datagrams(packets: list[PacketBlock]) -> dict[tuple[tuple[str, int], tuple[str, int]], list[bytes]]:
    """UDP payloads by (source, destination), in frame order."""
    found: dict[tuple[tuple[str, int], tuple[str, int]], list[bytes]] = {}
    for block in packets:
        udp = decode(block.data, f"frame {block.number}")
        if udp.proto == "udp":
            found.setdefault(((udp.src, udp.sport), (udp.dst, udp.dport)), []).append(udp.payload)
    return found

"""Conversation items to wire packets: a TCP state machine per connection, UDP one datagram at a time.

Sans-IO: a flow takes one :class:`~workbench.pcapng.model.Item` and returns the packets it puts
on the wire, as :class:`Wire` tuples (no addresses; the writer adds those).

What TCP synthesizes, and why Wireshark's analysis then finds nothing to flag:

- :class:`Open` becomes SYN, SYN/ACK, ACK. The SYNs carry MSS and a window scale, so the
  receive window (65535 << 7, about 8 MiB) never fills.
- A :class:`Segment` becomes PSH/ACK segments of at most :data:`MSS` bytes each, numbered by the
  real byte counts of its direction, so sequence numbers never skip or repeat. Every segment
  acknowledges all the peer has sent. The receiver answers with a bare ACK only when it owes
  :data:`ACK_EVERY` bytes (like delayed ACKs); otherwise its next packet carries the ACK.
- :class:`Close` becomes a FIN/ACK from the side that closed and an ACK of it from the peer.
- :class:`Reset` becomes an RST/ACK; before any :class:`Open` it is a refused connection: the
  client's SYN answered by the server's RST/ACK.
- Items that put nothing on the wire give no packet: an empty segment, a second Open, a second
  Close from one side, a Close or Reset after a Reset. Data after its own side's FIN, or after a
  Reset, cannot have been sent and raises :class:`PcapngError`.
- A first Segment or Close without an Open (the connection predates the recording) gets the
  handshake synthesized just before it.
"""

from __future__ import annotations

from typing import NamedTuple

from workbench.pcapng import packets
from workbench.pcapng.model import Close, Direction, Item, Open, Payload, PcapngError, Reset, Segment
from workbench.pcapng.packets import ACK, FIN, PSH, RST, SYN

MSS = 65000  # 65000 + 20 (TCP) + 20 (IPv4) stays under the 65535 IPv4 total length
WINDOW = 0xFFFF
WINDOW_SCALE = 7
ACK_EVERY = 2 * MSS
# MSS (kind 2), NOP, window scale (kind 3): 8 bytes, a multiple of 4 as the data offset needs
SYN_OPTIONS = bytes([2, 4, MSS >> 8, MSS & 0xFF, 1, 3, 3, WINDOW_SCALE])
SYNTHESIZED_HANDSHAKE = "synthesized handshake"
SYNTHESIZED_ACK = "synthesized ACK"


class Wire(NamedTuple):
    """One packet of a conversation, without addresses. ``flags`` is None for UDP."""

    ts_ns: int
    direction: Direction
    payload: Payload
    comment: str
    flags: int | None = None
    seq: int = 0
    ack: int = 0
    options: bytes = b""


def as_bytes_view(payload: Payload) -> memoryview:
    """``payload`` as a flat view of bytes, so lengths and slices count bytes (no copy)."""
    view = memoryview(payload)
    return view if view.format == "B" and view.ndim == 1 else view.cast("B")


def _other(direction: Direction) -> Direction:
    return "s2c" if direction == "c2s" else "c2s"


def _joined(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


class _Side:
    """What one end has sent: the next sequence number, whether it sent FIN, what ACK it owes."""

    __slots__ = ("fin_sent", "next_seq", "owed")

    def __init__(self, isn: int) -> None:
        self.next_seq = isn
        self.fin_sent = False
        self.owed = 0  # bytes of the peer's data this side has not acknowledged yet


class TcpFlow:
    """The packets of one TCP connection, item by item (see the module docstring)."""

    def __init__(self, client_isn: int, server_isn: int, mss: int = MSS) -> None:
        if not 0 < mss <= MSS:
            raise ValueError(f"mss must be 1-{MSS}")
        self.mss = mss
        self._sides = {"c2s": _Side(client_isn), "s2c": _Side(server_isn)}
        self._opened = False
        self._reset = False

    def feed(self, item: Item) -> list[Wire]:
        if isinstance(item, Segment):
            return self._segment(item)
        if isinstance(item, Close):
            return self._close(item)
        if isinstance(item, Reset):
            return self._reset_by(item)
        if isinstance(item, Open):
            return [] if self._opened or self._reset else self._handshake(item.ts_ns, item.comment)
        raise PcapngError("pcapng.flow.not_an_item", value=repr(item))

    def _packet(
        self, ts_ns: int, direction: Direction, flags: int, comment: str, payload: Payload = b""
    ) -> Wire:
        side, peer = self._sides[direction], self._sides[_other(direction)]
        ack = peer.next_seq if flags & ACK else 0
        if flags & ACK:
            side.owed = 0
        wire = Wire(ts_ns, direction, payload, comment, flags, side.next_seq, ack)
        side.next_seq += len(payload) + (1 if flags & (SYN | FIN) else 0)
        return wire

    def _handshake(self, ts_ns: int, comment: str) -> list[Wire]:
        self._opened = True
        syn = self._packet(ts_ns, "c2s", SYN, _joined(comment, SYNTHESIZED_HANDSHAKE))
        syn_ack = self._packet(ts_ns, "s2c", SYN | ACK, SYNTHESIZED_HANDSHAKE)
        ack = self._packet(ts_ns, "c2s", ACK, SYNTHESIZED_HANDSHAKE)
        return [syn._replace(options=SYN_OPTIONS), syn_ack._replace(options=SYN_OPTIONS), ack]

    def _implicit_open(self, ts_ns: int) -> list[Wire]:
        if self._opened:
            return []
        return self._handshake(ts_ns, "connection opened before the recording")

    def _segment(self, item: Segment) -> list[Wire]:
        if self._reset:
            raise PcapngError("pcapng.flow.after_reset", ts=item.ts_ns)
        side, peer = self._sides[item.direction], self._sides[_other(item.direction)]
        if side.fin_sent:
            raise PcapngError("pcapng.flow.after_fin", direction=item.direction, ts=item.ts_ns)
        view = as_bytes_view(item.payload)
        size = len(view)
        if not size:
            return []
        wires = self._implicit_open(item.ts_ns)
        count = -(-size // self.mss)
        for index, start in enumerate(range(0, size, self.mss)):
            chunk = view[start : start + self.mss]
            part = f"[part {index + 1}/{count} of {size} bytes]" if count > 1 else ""
            wires.append(
                self._packet(item.ts_ns, item.direction, PSH | ACK, _joined(item.comment, part), chunk)
            )
            peer.owed += len(chunk)
            if peer.owed >= ACK_EVERY:
                wires.append(self._packet(item.ts_ns, _other(item.direction), ACK, SYNTHESIZED_ACK))
        return wires

    def _close(self, item: Close) -> list[Wire]:
        if self._reset or self._sides[item.direction].fin_sent:
            return []
        wires = self._implicit_open(item.ts_ns)
        self._sides[item.direction].fin_sent = True
        wires.append(self._packet(item.ts_ns, item.direction, FIN | ACK, item.comment))
        wires.append(self._packet(item.ts_ns, _other(item.direction), ACK, SYNTHESIZED_ACK))
        return wires

    def _reset_by(self, item: Reset) -> list[Wire]:
        if self._reset:
            return []
        self._reset = True
        if not self._opened and item.direction == "s2c":
            # A refused connect: the client's SYN, and RST/ACK for it instead of a SYN/ACK.
            self._opened = True
            syn = self._packet(item.ts_ns, "c2s", SYN, "connect (synthesized SYN)")
            return [
                syn._replace(options=SYN_OPTIONS),
                self._packet(item.ts_ns, "s2c", RST | ACK, item.comment),
            ]
        wires = self._implicit_open(item.ts_ns)
        wires.append(self._packet(item.ts_ns, item.direction, RST | ACK, item.comment))
        return wires


class UdpFlow:
    """One packet per datagram; a datagram too big for one IP packet is split (the parts say so)."""

    def __init__(self, ip_len: int) -> None:
        self.limit = packets.max_payload(packets.UDP_HEADER, ip_len)

    def feed(self, item: Item) -> list[Wire]:
        if not isinstance(item, Segment):
            return []  # UDP has no connection set-up or tear-down on the wire
        view = as_bytes_view(item.payload)
        size = len(view)
        if size <= self.limit:
            return [Wire(item.ts_ns, item.direction, view, item.comment)]
        count = -(-size // self.limit)
        return [
            Wire(
                item.ts_ns,
                item.direction,
                view[start : start + self.limit],
                _joined(item.comment, f"[part {index + 1}/{count} of a {size}-byte datagram, split]"),
            )
            for index, start in enumerate(range(0, size, self.limit))
        ]

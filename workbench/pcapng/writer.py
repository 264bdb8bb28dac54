"""PcapngWriter: streams interfaces and conversation items into a pcapng file, packet by packet."""

from __future__ import annotations

import heapq
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from workbench import __version__
from workbench.pcapng import blocks, packets
from workbench.pcapng.addresses import UNIX_CLIENTS, AddressMap, Ends
from workbench.pcapng.flows import WINDOW, TcpFlow, UdpFlow, Wire
from workbench.pcapng.model import Conversation, Interface, Item, PcapngError

APPLICATION = f"Socket Workbench {__version__}"
SECTION_COMMENT = (
    "Exported by Socket Workbench from a recorded session. Payload bytes, their order and their"
    " timestamps are as recorded; IP, TCP and UDP headers, TCP handshakes and ACKs are synthesized."
)


@dataclass(slots=True)
class _Live:
    """A conversation being written: its interface, and once it has a packet, its flow and addresses."""

    conversation: Conversation
    number: int
    interface_id: int
    inbound_c2s: bool
    flow: TcpFlow | UdpFlow | None = None
    ends: Ends | None = None


class PcapngWriter:
    """Writes a pcapng section to a binary stream as items arrive.

    Usage: give the interfaces (now or with :meth:`add_interface` before their first
    conversation), register each conversation with :meth:`add_conversation`, then :meth:`write`
    its items in the order they happened, interleaving conversations as the session did; packets
    go to ``out`` at once, in call order, so the file's frame order is that order. :meth:`end` a
    conversation when it is over to free its state: memory then stays at a few hundred bytes per
    open conversation whatever the size of the data. The stream is left open; nothing is buffered
    here beyond what ``out`` buffers.

    Packet directions (epb_flags) are from the interface's point of view: on a server's interface
    the client's packets are inbound and the server's outbound; on a client's interface the
    reverse. See ``docs/PCAPNG.md`` for what is synthesized and how addresses are shown.
    """

    def __init__(self, out: BinaryIO, interfaces: Iterable[Interface] = (), *, comment: str = "") -> None:
        self._out = out
        self._interfaces: dict[str, tuple[int, bool]] = {}
        self._live: dict[int, _Live] = {}
        self._count = 0
        self._addresses = AddressMap()
        self._ident = 0
        self.packets_written = 0
        out.write(
            blocks.section_header(APPLICATION, comment=" ".join(filter(None, (SECTION_COMMENT, comment))))
        )
        for interface in interfaces:
            self.add_interface(interface)

    def add_interface(self, interface: Interface) -> None:
        """Write the Interface Description Block of ``interface`` (names must be unique)."""
        if interface.name in self._interfaces:
            raise PcapngError("pcapng.interface.twice", name=repr(interface.name))
        self._addresses.reserve(interface.address)
        comment = ""
        if interface.address is not None and interface.address.family == "unix":
            ip, port = self._addresses.unix_server(interface.address.path)
            comment = (
                f"AF_UNIX socket {interface.address.label()}: its traffic is shown as synthesized IPv4"
                f" to {ip}:{port}, each client from an address of its own in {UNIX_CLIENTS}"
            )
        self._out.write(blocks.interface_description(interface.name, interface.description, comment))
        self._interfaces[interface.name] = (len(self._interfaces), interface.role == "server")

    def add_conversation(self, conversation: Conversation) -> int:
        """Register ``conversation`` (its ``items`` are not read) and return the id :meth:`write` takes."""
        try:
            interface_id, inbound_c2s = self._interfaces[conversation.interface]
        except KeyError:
            raise PcapngError("pcapng.interface.unknown", name=repr(conversation.interface)) from None
        self._addresses.reserve(conversation.client)
        self._addresses.reserve(conversation.server)
        number = self._count
        self._count += 1
        self._live[number] = _Live(conversation, number, interface_id, inbound_c2s)
        return number

    def write(self, conversation_id: int, item: Item) -> None:
        """Write the packets ``item`` puts on the wire (none, one, or several)."""
        try:
            live = self._live[conversation_id]
        except KeyError:
            raise PcapngError("pcapng.conversation.unknown", id=conversation_id) from None
        if live.flow is None:
            live.ends, live.flow = self._start(live)
        for wire in live.flow.feed(item):
            self._write_wire(live, wire)

    def end(self, conversation_id: int) -> None:
        """Forget a finished conversation; later items for it are an error."""
        self._live.pop(conversation_id, None)

    def write_conversation(self, conversation: Conversation) -> None:
        """Write a whole conversation, its items in their order, then end it."""
        conversation_id = self.add_conversation(conversation)
        for item in conversation.items:
            self.write(conversation_id, item)
        self.end(conversation_id)

    def flush(self) -> None:
        self._out.flush()

    def _start(self, live: _Live) -> tuple[Ends, TcpFlow | UdpFlow]:
        ends = self._addresses.ends(live.conversation)
        if live.conversation.transport == "udp":
            return ends, UdpFlow(len(ends.client))
        # Fixed initial sequence numbers per conversation keep an export reproducible.
        isn = zlib.crc32(b"client %d" % live.number), zlib.crc32(b"server %d" % live.number)
        return ends, TcpFlow(*isn)

    def _write_wire(self, live: _Live, wire: Wire) -> None:
        ends = live.ends
        assert ends is not None
        comment = wire.comment
        if ends.note:
            comment = f"{comment}; {ends.note}" if comment else ends.note
            live.ends = ends._replace(note="")  # said once, on the conversation's first packet
        if wire.direction == "c2s":
            src, dst, ports = ends.client, ends.server, (ends.client_port, ends.server_port)
        else:
            src, dst, ports = ends.server, ends.client, (ends.server_port, ends.client_port)
        if wire.flags is None:
            proto = packets.PROTO_UDP
            transport = packets.udp_header(src, dst, ports, wire.payload)
        else:
            proto = packets.PROTO_TCP
            transport = packets.tcp_header(
                src, dst, ports, wire.seq, wire.ack, wire.flags, WINDOW, wire.payload, wire.options
            )
        ip = packets.ip_header(src, dst, proto, len(transport) + len(wire.payload), self._ident)
        if len(src) == 4:
            self._ident = (self._ident + 1) & 0xFFFF
        inbound = (wire.direction == "c2s") == live.inbound_c2s
        flags = blocks.EPB_INBOUND if inbound else blocks.EPB_OUTBOUND
        length = len(ip) + len(transport) + len(wire.payload)
        self._out.write(
            blocks.enhanced_packet(
                live.interface_id, wire.ts_ns, (ip, transport, wire.payload), length, flags, comment
            )
        )
        self.packets_written += 1


def _tagged(number: int, items: Iterable[Item]) -> Iterator[tuple[int, int, Item | None]]:
    last_ts = 0
    for item in items:
        last_ts = item.ts_ns
        yield last_ts, number, item
    yield last_ts, number, None  # the conversation is over: let the writer forget it


def write_pcapng(
    out: BinaryIO,
    interfaces: Iterable[Interface],
    conversations: Iterable[Conversation],
    *,
    merge: bool = True,
    comment: str = "",
) -> int:
    """Write a whole export to ``out`` and return the number of packets written.

    With ``merge`` the conversations' items are interleaved by timestamp (ties keep the order
    the conversations were given; each conversation's own order is kept even where its
    timestamps go backwards), so the file reads like one capture; without it, conversation
    after conversation. Items are read lazily: merging holds one pending item per conversation.
    For a session with very many connections, feed a :class:`PcapngWriter` in log order instead.
    """
    writer = PcapngWriter(out, interfaces, comment=comment)
    registered = [(writer.add_conversation(c), c) for c in conversations]
    if merge:
        streams = [_tagged(number, c.items) for number, c in registered]
        for _, number, item in heapq.merge(*streams):
            if item is None:
                writer.end(number)
            else:
                writer.write(number, item)
    else:
        for number, conversation in registered:
            for item in conversation.items:
                writer.write(number, item)
            writer.end(number)
    writer.flush()
    return writer.packets_written

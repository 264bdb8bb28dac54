"""pcapng export: a recorded session as a capture file Wireshark opens (Follow TCP Stream, Flow Graph).

The exporter is sans-IO apart from writing to a binary stream, and stdlib only:

- :mod:`~workbench.pcapng.model`: the input, frozen dataclasses independent of the session
  format: :class:`Interface` (one per server, or per client talking to an outside server),
  :class:`Conversation` (a TCP connection or a UDP client/server pair) and its items
  :class:`Open`, :class:`Segment`, :class:`Close`, :class:`Reset`.
- :mod:`~workbench.pcapng.flows`: items to wire packets (TCP handshake, sequence numbers, ACKs,
  FIN, RST; UDP datagrams).
- :mod:`~workbench.pcapng.addresses`: which IP addresses the packets show.
- :mod:`~workbench.pcapng.packets`: IPv4/IPv6, TCP and UDP headers with their checksums.
- :mod:`~workbench.pcapng.blocks`: the pcapng blocks themselves.
- :mod:`~workbench.pcapng.writer`: :class:`PcapngWriter` (incremental, bounded memory) and
  :func:`write_pcapng` (a whole export, merged by timestamp).

``docs/PCAPNG.md`` says what a user gets in the file and what is synthesized.
"""

from workbench.pcapng.model import (
    Close,
    Conversation,
    Direction,
    Endpoint,
    Interface,
    Item,
    Open,
    PcapngError,
    Reset,
    Segment,
)
from workbench.pcapng.writer import PcapngWriter, write_pcapng

__all__ = [
    "Close",
    "Conversation",
    "Direction",
    "Endpoint",
    "Interface",
    "Item",
    "Open",
    "PcapngError",
    "PcapngWriter",
    "Reset",
    "Segment",
    "write_pcapng",
]

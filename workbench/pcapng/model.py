"""What a pcapng export is made of: interfaces, conversations and their items, as frozen dataclasses.

The model knows nothing of the session log. A caller (the session exporter) turns what it
recorded into these objects; the writer turns them into packets. Values are checked here, so a
bad one fails with a :class:`PcapngError` naming it, never with a struct error deep inside.
"""

from __future__ import annotations

import ipaddress
import numbers
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, TypeAlias

from workbench.errors import WorkbenchError

Family: TypeAlias = Literal["inet", "inet6", "unix"]
Transport: TypeAlias = Literal["tcp", "udp"]
Direction: TypeAlias = Literal["c2s", "s2c"]
Role: TypeAlias = Literal["server", "client"]
Payload: TypeAlias = bytes | bytearray | memoryview
IPAddress: TypeAlias = ipaddress.IPv4Address | ipaddress.IPv6Address

FAMILIES: tuple[Family, ...] = ("inet", "inet6", "unix")
DIRECTIONS: tuple[Direction, ...] = ("c2s", "s2c")


class PcapngError(WorkbenchError):
    """An export input that cannot become a valid capture file; the message says which value."""


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One end of a conversation: an IP host and port (``inet``, ``inet6``) or a Unix socket path.

    ``host`` is a literal address (``"127.0.0.1"``, ``"::1"``), never a name: pass what
    ``getpeername()``/``getsockname()`` returned. ``path`` is empty for an unnamed Unix socket
    (a stream client that never called ``bind``); an abstract-namespace name starts with NUL.
    """

    family: Family
    host: str = ""
    port: int = 0
    path: str = ""

    def __post_init__(self) -> None:
        if self.family not in FAMILIES:
            raise PcapngError("pcapng.endpoint.family", families=", ".join(FAMILIES), value=repr(self.family))
        if self.family == "unix":
            if self.host or self.port:
                raise PcapngError("pcapng.endpoint.unix_host")
            return
        if self.path:
            raise PcapngError("pcapng.endpoint.ip_path", family=self.family)
        if not isinstance(self.port, int) or not 0 <= self.port <= 65535:
            raise PcapngError("pcapng.endpoint.port", value=repr(self.port))
        self.ip()  # raises for a name or an address of the other family

    @classmethod
    def from_address(cls, address: object) -> Endpoint:
        """The endpoint of a socket address as Python gives it: ``(host, port[, flow, scope])`` or a path."""
        if isinstance(address, str):
            return cls("unix", path=address)
        if isinstance(address, bytes):  # Linux returns abstract names (and some paths) as bytes
            return cls("unix", path=address.decode("utf-8", "surrogateescape"))
        if isinstance(address, tuple) and len(address) in (2, 4) and isinstance(address[0], str):
            family: Family = "inet6" if len(address) == 4 or ":" in address[0] else "inet"
            return cls(family, address[0], address[1])
        raise PcapngError("pcapng.endpoint.address", value=repr(address))

    def ip(self) -> IPAddress:
        """The host as an address object (scope id dropped); only for ``inet`` and ``inet6``."""
        try:
            ip = ipaddress.ip_address(self.host.split("%", 1)[0])
        except ValueError:
            raise PcapngError("pcapng.endpoint.host", value=repr(self.host)) from None
        if (ip.version == 4) != (self.family == "inet"):
            raise PcapngError("pcapng.endpoint.wrong_family", host=repr(self.host), family=self.family)
        return ip

    def label(self) -> str:
        """How the endpoint reads in a comment: ``127.0.0.1:5000``, ``[::1]:5000``, ``/tmp/s.sock``."""
        if self.family == "unix":
            if not self.path:
                return "(unnamed)"
            return "@" + self.path[1:] if self.path.startswith("\0") else self.path
        return f"[{self.host}]:{self.port}" if self.family == "inet6" else f"{self.host}:{self.port}"


@dataclass(frozen=True, slots=True)
class Interface:
    """One pcapng interface: a server of the session, or a client that talked to an outside server.

    ``name`` ("server-1", "client-2") is the interface name Wireshark shows and the key a
    :class:`Conversation` refers to. ``address`` is the server's bound address, if any. ``role``
    sets the point of view of each packet's direction flag: on a server's interface what the client
    sent is *inbound*; on a client's own interface it is *outbound*.
    """

    name: str
    description: str = ""
    address: Endpoint | None = None
    role: Role = "server"

    def __post_init__(self) -> None:
        if not self.name:
            raise PcapngError("pcapng.interface.name")
        if self.role not in ("server", "client"):
            raise PcapngError("pcapng.interface.role", value=repr(self.role))


@dataclass(frozen=True, slots=True)
class Open:
    """The connection was set up (``connect`` returned, or ``accept`` gave it): a TCP handshake."""

    ts_ns: int
    comment: str = ""

    def __post_init__(self) -> None:
        _check_ts(self.ts_ns)


@dataclass(frozen=True, slots=True)
class Segment:
    """Bytes that crossed in one direction at one time: a ``send``/``recv`` chunk, or one datagram."""

    ts_ns: int
    direction: Direction
    payload: Payload
    comment: str = ""

    def __post_init__(self) -> None:
        _check_ts(self.ts_ns)
        _check_direction(self.direction)


@dataclass(frozen=True, slots=True)
class Close:
    """One side will send no more (``shutdown(SHUT_WR)`` or ``close``): a FIN from that side."""

    ts_ns: int
    direction: Direction
    comment: str = ""

    def __post_init__(self) -> None:
        _check_ts(self.ts_ns)
        _check_direction(self.direction)


@dataclass(frozen=True, slots=True)
class Reset:
    """One side aborted the connection (or refused it, before any :class:`Open`): an RST."""

    ts_ns: int
    direction: Direction
    comment: str = ""

    def __post_init__(self) -> None:
        _check_ts(self.ts_ns)
        _check_direction(self.direction)


Item: TypeAlias = Open | Segment | Close | Reset


@dataclass(frozen=True)
class Conversation:
    """One TCP connection, or the datagrams between one UDP client address and a server.

    ``interface`` names the :class:`Interface` it belongs to. ``items`` are in the order they
    happened (any iterable, so a large session can be streamed); :func:`write_pcapng` reads them
    once. ``label`` (e.g. "client-1") keeps one client on one rewritten address across its
    connections; without it each client address and port is rewritten on its own. UDP ignores
    :class:`Open`, :class:`Close` and :class:`Reset`.
    """

    transport: Transport
    client: Endpoint
    server: Endpoint
    interface: str
    items: Iterable[Item] = ()
    label: str = ""

    def __post_init__(self) -> None:
        if self.transport not in ("tcp", "udp"):
            raise PcapngError("pcapng.transport", value=repr(self.transport))
        if self.client.family != self.server.family:
            raise PcapngError("pcapng.families_differ", client=self.client.family, server=self.server.family)


def _check_ts(ts_ns: int) -> None:
    # numbers.Integral also admits numpy integers, should a reader hand those out
    if not (type(ts_ns) is int or isinstance(ts_ns, numbers.Integral)) or not 0 <= ts_ns < 1 << 64:
        raise PcapngError("pcapng.timestamp", value=repr(ts_ns))


def _check_direction(direction: str) -> None:
    if direction not in DIRECTIONS:
        raise PcapngError("pcapng.direction", value=repr(direction))

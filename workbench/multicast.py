"""Multicast and broadcast for UDP: which group, on which interface, and the setsockopt calls that say so.

A datagram server *joins* groups after ``bind()`` (``IP_ADD_MEMBERSHIP`` with the group and the
local interface's address, ``IPV6_JOIN_GROUP`` with the group and the interface's index); it
hears a group's datagrams when it is bound to the group's port on the group address itself (only
that group) or on all interfaces. A client sends to a group like to any address; its options say
on which interface (``IP_MULTICAST_IF``/``IPV6_MULTICAST_IF``), how far (``IP_MULTICAST_TTL``/
``IPV6_MULTICAST_HOPS``: 0 = this machine only, 1 = this network) and whether this machine's own
members hear it (``IP_MULTICAST_LOOP``). ``SO_BROADCAST`` allows sending to a broadcast address
(without it the kernel answers EACCES, "Permission denied").

Every call is recorded as a ``setsockopt`` event: the value is what was set, the detail names
the level, the option, the group and the interface. Sans-IO apart from :func:`apply`, which makes
the calls on a socket.

On Linux the loopback interface has no MULTICAST flag: IPv4 groups still work on it (join on
127.0.0.1, send with ``IP_MULTICAST_IF`` 127.0.0.1), IPv6 groups do not (ENETUNREACH: no
ff00::/8 route on ``lo``). IPv6 groups of interface-local scope (``ff01::/16``) on another
interface stay on this machine: the kernel never puts that scope on a wire. See README.
"""

from __future__ import annotations

import ipaddress
import socket
import struct
from dataclasses import dataclass
from typing import Any

from workbench.errors import SpecError

IPv4 = ipaddress.IPv4Address
IPv6 = ipaddress.IPv6Address


@dataclass(frozen=True)
class Option:
    """One setsockopt call: its level and option, the raw value passed, and what the event shows."""

    level: int
    option: int
    value: int | bytes
    shown: int  # the event's value
    detail: dict[str, Any]


def check_group(group: object, family: str) -> str:
    """A multicast group of the server's family, as a canonical address string."""
    if not isinstance(group, str):
        raise SpecError("spec.join.group", field="join", value=repr(group))
    try:
        address = ipaddress.ip_address(group.strip())
    except ValueError:
        raise SpecError("spec.join.group", field="join", value=repr(group)) from None
    if not address.is_multicast:
        raise SpecError("spec.join.not_multicast", field="join", group=str(address))
    if (address.version == 6) != (family == "inet6"):
        raise SpecError("spec.join.family", field="join", group=str(address), family=family)
    return str(address)


def check_interface(value: object, family: str, field: str) -> str:
    """IPv4: a local address (127.0.0.1); IPv6: an interface name or index (lo, eth0, 2)."""
    if not isinstance(value, str) or not value.strip():
        raise SpecError("spec.multicast.interface", field=field, value=repr(value))
    text = value.strip()
    if family == "inet":
        try:
            return str(IPv4(text))
        except ValueError:
            raise SpecError("spec.multicast.interface_v4", field=field, value=repr(value)) from None
    if text.isdigit():
        return text
    try:
        socket.if_nametoindex(text)
    except OSError:
        raise SpecError("spec.multicast.interface_v6", field=field, value=repr(value)) from None
    return text


def _index(interface: str | None) -> int:
    if not interface:
        return 0
    return int(interface) if interface.isdigit() else socket.if_nametoindex(interface)


def join_options(family: str, groups: tuple[str, ...], interface: str | None) -> list[Option]:
    """The setsockopt calls that join ``groups`` (after bind)."""
    options = []
    for group in groups:
        detail: dict[str, Any]
        if family == "inet":
            local = interface or "0.0.0.0"
            mreq = socket.inet_aton(group) + socket.inet_aton(local)
            detail = {"level": "IPPROTO_IP", "option": "IP_ADD_MEMBERSHIP", "group": group, "interface": local}
            options.append(Option(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreq, 1, detail))
        else:
            index = _index(interface)
            mreq = socket.inet_pton(socket.AF_INET6, group) + struct.pack("@I", index)
            detail = {"level": "IPPROTO_IPV6", "option": "IPV6_JOIN_GROUP", "group": group,
                      "interface": interface or "", "index": index}  # fmt: skip
            options.append(Option(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, mreq, 1, detail))
    return options


def sender_options(
    family: str, *, broadcast: bool, ttl: int | None, loop: bool | None, interface: str | None
) -> list[Option]:
    """The setsockopt calls a sending socket makes before its first datagram."""
    options = []
    if broadcast:
        options.append(Option(socket.SOL_SOCKET, socket.SO_BROADCAST, 1, 1, {"level": "SOL_SOCKET", "option": "SO_BROADCAST"}))
    v6 = family == "inet6"
    level, level_name = (socket.IPPROTO_IPV6, "IPPROTO_IPV6") if v6 else (socket.IPPROTO_IP, "IPPROTO_IP")
    if interface is not None:
        if v6:
            index = _index(interface)
            detail = {"level": level_name, "option": "IPV6_MULTICAST_IF", "interface": interface, "index": index}
            options.append(Option(level, socket.IPV6_MULTICAST_IF, index, index, detail))
        else:
            detail = {"level": level_name, "option": "IP_MULTICAST_IF", "interface": interface}
            options.append(Option(level, socket.IP_MULTICAST_IF, socket.inet_aton(interface), 1, detail))
    if ttl is not None:
        name = "IPV6_MULTICAST_HOPS" if v6 else "IP_MULTICAST_TTL"
        constant = socket.IPV6_MULTICAST_HOPS if v6 else socket.IP_MULTICAST_TTL
        options.append(Option(level, constant, ttl, ttl, {"level": level_name, "option": name}))
    if loop is not None:
        name = "IPV6_MULTICAST_LOOP" if v6 else "IP_MULTICAST_LOOP"
        constant = socket.IPV6_MULTICAST_LOOP if v6 else socket.IP_MULTICAST_LOOP
        options.append(Option(level, constant, int(loop), int(loop), {"level": level_name, "option": name}))
    return options


def apply(sock: socket.socket, option: Option) -> None:
    """Make the call (OSError propagates: the caller records it and explains it)."""
    sock.setsockopt(option.level, option.option, option.value)


def check_ttl(value: object, field: str = "multicast_ttl") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 255:
        raise SpecError("spec.multicast.ttl", field=field, value=repr(value))
    return value


def is_group(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_multicast
    except ValueError:
        return False

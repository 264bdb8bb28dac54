"""ServerSpec and ClientSpec: what to build, validated before any socket exists."""

from __future__ import annotations

import enum
import ipaddress
import math
import os
import socket
import sys
from dataclasses import dataclass, field

from workbench.errors import SpecError


class Family(enum.StrEnum):
    INET = "inet"
    INET6 = "inet6"
    UNIX = "unix"

    @property
    def constant(self) -> int:
        if self is Family.UNIX:
            return int(socket.AF_UNIX)  # only reached where unsupported_reason() allowed it
        return int(socket.AF_INET if self is Family.INET else socket.AF_INET6)

    @property
    def label(self) -> str:
        return {"inet": "AF_INET", "inet6": "AF_INET6", "unix": "AF_UNIX"}[self.value]


class SockType(enum.StrEnum):
    STREAM = "stream"
    DGRAM = "dgram"

    @property
    def constant(self) -> int:
        return socket.SOCK_STREAM if self is SockType.STREAM else socket.SOCK_DGRAM

    @property
    def label(self) -> str:
        return "SOCK_STREAM" if self is SockType.STREAM else "SOCK_DGRAM"


class Mixin(enum.StrEnum):
    NONE = "none"
    THREADING = "threading"
    FORKING = "forking"

    @property
    def label(self) -> str:
        return {"none": "none", "threading": "ThreadingMixIn", "forking": "ForkingMixIn"}[self.value]


class Handler(enum.StrEnum):
    ECHO = "echo"
    UPPER = "upper"
    DISCARD = "discard"
    DAYTIME = "daytime"


def unsupported_reason(family: Family | None = None, mixin: Mixin | None = None) -> str | None:
    """Why this platform cannot do an option, or None when it can.

    The UI disables such options with this text as the tooltip; the self-test
    skips them with it.
    """
    if family is Family.UNIX and not hasattr(socket, "AF_UNIX"):
        return "AF_UNIX is not available on this platform (Windows has no socketserver AF_UNIX servers)"
    if family is Family.INET6 and not socket.has_ipv6:
        return "IPv6 is not available on this machine"
    if mixin is Mixin.FORKING and not hasattr(os, "fork"):
        return "ForkingMixIn needs os.fork(), which Windows does not have"
    return None


def supported_combinations() -> list[tuple[Family, SockType, Mixin]]:
    """Every family x type x mixin this platform can run (18 on Linux)."""
    return [
        (f, t, m)
        for f in Family
        for t in SockType
        for m in Mixin
        if unsupported_reason(f) is None and unsupported_reason(mixin=m) is None
    ]


def _check_port(port: object) -> int:
    if isinstance(port, bool) or not isinstance(port, int):
        raise SpecError(f"port must be a whole number from 0 to 65535, not {port!r}")
    if not 0 <= port <= 65535:
        raise SpecError(f"port must be 0-65535 (0 picks a free port), not {port}")
    return port


def _check_host(host: str, family: Family) -> None:
    if not host or not host.strip():
        raise SpecError("host must not be empty (use 127.0.0.1 for this machine only)")
    if any(c.isspace() for c in host):
        raise SpecError(f"host {host!r} contains spaces")
    try:
        ip = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return  # a host name; resolution errors are reported when binding/connecting
    if family is Family.INET and ip.version != 4:
        raise SpecError(f"{host} is an IPv6 address; choose AF_INET6 or an IPv4 address")
    if family is Family.INET6 and ip.version != 6:
        raise SpecError(f"{host} is an IPv4 address; choose AF_INET or an IPv6 address such as ::1")


def _check_path(path: str | None) -> str:
    if not path:
        raise SpecError("AF_UNIX needs a socket path (e.g. /tmp/workbench.sock)")
    if "\0" in path:
        raise SpecError("the socket path must not contain NUL characters")
    limit = 107 if sys.platform.startswith("linux") else 103
    if len(os.fsencode(path)) > limit:
        raise SpecError(f"the socket path is too long ({len(os.fsencode(path))} bytes, at most {limit})")
    return path


def _coerce(enum_type: type[enum.Enum], value: object, what: str) -> enum.Enum:
    try:
        return enum_type(value)
    except ValueError:
        choices = ", ".join(m.value for m in enum_type)
        raise SpecError(f"{what} must be one of {choices}, not {value!r}") from None


@dataclass(frozen=True, slots=True)
class ServerSpec:
    """A socketserver server to build: family x type x mixin, address, handler."""

    family: Family = Family.INET
    type: SockType = SockType.STREAM
    host: str = "127.0.0.1"
    port: int = 0
    path: str | None = None
    backlog: int = 5
    mixin: Mixin = Mixin.NONE
    handler: Handler = Handler.ECHO
    delay: float = 0.0
    fail: bool = False
    #: SO_REUSEADDR before bind(). None picks per type: on for stream (a restarted TCP
    #: server binds despite old connections in TIME_WAIT), off for dgram (on UDP it lets
    #: a second server share the port without an error).
    allow_reuse_address: bool | None = None
    timeout: float | None = None
    allow: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "family", _coerce(Family, self.family, "family"))
        set_(self, "type", _coerce(SockType, self.type, "socket type"))
        set_(self, "mixin", _coerce(Mixin, self.mixin, "mixin"))
        set_(self, "handler", _coerce(Handler, self.handler, "handler"))
        for reason in (unsupported_reason(self.family), unsupported_reason(mixin=self.mixin)):
            if reason:
                raise SpecError(reason)
        if self.family is Family.UNIX:
            _check_path(self.path)
        else:
            _check_host(self.host, self.family)
            _check_port(self.port)
        if (
            isinstance(self.backlog, bool)
            or not isinstance(self.backlog, int)
            or not 0 <= self.backlog <= 65535
        ):
            raise SpecError(f"backlog must be a whole number from 0 to 65535, not {self.backlog!r}")
        if (
            not isinstance(self.delay, (int, float))
            or not math.isfinite(self.delay)
            or not 0 <= self.delay <= 3600
        ):
            raise SpecError(f"delay must be between 0 and 3600 seconds, not {self.delay!r}")
        if self.timeout is not None and (
            not isinstance(self.timeout, (int, float)) or not math.isfinite(self.timeout) or self.timeout <= 0
        ):
            raise SpecError(f"timeout must be a positive number of seconds, not {self.timeout!r}")
        if self.allow_reuse_address is None:
            set_(self, "allow_reuse_address", self.type is SockType.STREAM)
        networks = []
        for entry in self.allow:
            try:
                networks.append(ipaddress.ip_network(str(entry).strip(), strict=False))
            except ValueError:
                raise SpecError(
                    f"allow list entry {entry!r} is not an IP address or CIDR (e.g. 127.0.0.0/8)"
                ) from None
        if networks and self.family is Family.UNIX:
            raise SpecError("an allow list filters IP addresses; AF_UNIX clients have none")
        set_(self, "allow", tuple(str(n) for n in networks))

    @property
    def address(self) -> tuple[str, int] | str:
        """What to pass to the server constructor as ``server_address``."""
        if self.family is Family.UNIX:
            assert self.path is not None
            return self.path
        return (self.host, self.port)

    def allows(self, ip: str) -> bool:
        """Whether the allow list admits a client IP (an empty list admits everyone)."""
        if not self.allow:
            return True
        try:
            addr = ipaddress.ip_address(ip.split("%", 1)[0])
        except ValueError:
            return False
        if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
            addr = addr.ipv4_mapped
        return any(addr in ipaddress.ip_network(n) for n in self.allow)

    @property
    def binds_all_interfaces(self) -> bool:
        return self.family is not Family.UNIX and self.host in ("0.0.0.0", "::", "")


@dataclass(frozen=True, slots=True)
class ClientSpec:
    """A client socket to build: family, type and the address it talks to."""

    family: Family = Family.INET
    type: SockType = SockType.STREAM
    host: str = "127.0.0.1"
    port: int = 0
    path: str | None = None
    timeout: float | None = 10.0

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "family", _coerce(Family, self.family, "family"))
        set_(self, "type", _coerce(SockType, self.type, "socket type"))
        reason = unsupported_reason(self.family)
        if reason:
            raise SpecError(reason)
        if self.family is Family.UNIX:
            _check_path(self.path)
        else:
            _check_host(self.host, self.family)
            _check_port(self.port)
            if self.port == 0:
                raise SpecError(
                    "the client needs the server's port (1-65535); 0 only makes sense for a server"
                )
        if self.timeout is not None and (
            not isinstance(self.timeout, (int, float)) or not math.isfinite(self.timeout) or self.timeout <= 0
        ):
            raise SpecError(f"timeout must be a positive number of seconds, not {self.timeout!r}")

    @property
    def address(self) -> tuple[str, int] | str:
        if self.family is Family.UNIX:
            assert self.path is not None
            return self.path
        return (self.host, self.port)

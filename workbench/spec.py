"""ServerSpec and ClientSpec: what to build, validated before any socket exists."""

from __future__ import annotations

import enum
import ipaddress
import math
import os
import socket
import sys
from dataclasses import dataclass, field, fields
from typing import Any

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
    """What the server answers (a behaviour; see workbench/handlers.py)."""

    ECHO = "echo"
    UPPER = "upper"
    DISCARD = "discard"
    DAYTIME = "daytime"
    RULES = "rules"  # answers by the rules in ``ServerSpec.rules`` (workbench/rules.py)


class Base(enum.StrEnum):
    """Which socketserver handler class the handler is built on."""

    BASE = "BaseRequestHandler"
    STREAM = "StreamRequestHandler"
    DATAGRAM = "DatagramRequestHandler"


class Loop(enum.StrEnum):
    """How the serve thread drives the server."""

    FOREVER = "serve_forever"  # serve_forever(): poll for shutdown() between requests
    ONE_AT_A_TIME = "handle_request"  # handle_request() in a loop: timeout and handle_timeout seen


def unsupported_reason(family: Family | None = None, mixin: Mixin | None = None) -> str | None:
    """The message code of why this platform cannot do an option, or None when it can.

    The UI disables such options with the rendered message as the tooltip; the self-test
    skips them with it (``workbench.messages.render(code, {})``).
    """
    if family is Family.UNIX and not hasattr(socket, "AF_UNIX"):
        return "platform.no_af_unix"
    if family is Family.INET6 and not socket.has_ipv6:
        return "platform.no_ipv6"
    if mixin is Mixin.FORKING and not hasattr(os, "fork"):
        return "platform.no_fork"
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
        raise SpecError("spec.port.type", field="port", value=repr(port))
    if not 0 <= port <= 65535:
        raise SpecError("spec.port.range", field="port", value=port)
    return port


def _check_host(host: object, family: Family) -> str:
    if not isinstance(host, str):
        raise SpecError("spec.host.type", field="host", value=repr(host))
    if not host.strip():
        raise SpecError("spec.host.empty", field="host")
    if any(c.isspace() for c in host):
        raise SpecError("spec.host.spaces", field="host", host=repr(host))
    if "\0" in host or not host.isprintable():
        raise SpecError("spec.host.control", field="host", host=repr(host))
    if len(host) > 253:
        raise SpecError("spec.host.long", field="host", length=len(host))
    try:
        ip = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        try:
            host.encode("idna")
        except UnicodeError:
            raise SpecError("spec.host.invalid", field="host", host=repr(host)) from None
        return host  # a host name; resolution errors are reported when binding/connecting
    if family is Family.INET and ip.version != 4:
        raise SpecError("spec.host.is_ipv6", field="host", host=host)
    if family is Family.INET6 and ip.version != 6:
        raise SpecError("spec.host.is_ipv4", field="host", host=host)
    return host


def _check_path(path: object) -> str:
    if path is None or path == "":
        raise SpecError("spec.path.missing", field="path")
    if not isinstance(path, str):
        raise SpecError("spec.path.type", field="path", value=repr(path))
    if "\0" in path:
        raise SpecError("spec.path.nul", field="path")
    try:
        encoded = os.fsencode(path)
    except UnicodeError:
        raise SpecError("spec.path.encoding", field="path", path=repr(path)) from None
    limit = 107 if sys.platform.startswith("linux") else 103
    if len(encoded) > limit:
        raise SpecError("spec.path.long", field="path", length=len(encoded), limit=limit)
    return path


def _check_unused(host: object, port: object, path: object, family: Family) -> None:
    """The address fields this family ignores still have their types: the spec goes to the host as JSON."""
    if family is Family.UNIX:
        if not isinstance(host, str):
            raise SpecError("spec.host.type", field="host", value=repr(host))
        if isinstance(port, bool) or not isinstance(port, int):
            raise SpecError("spec.port.type", field="port", value=repr(port))
    elif path is not None and not isinstance(path, str):
        raise SpecError("spec.path.type", field="path", value=repr(path))


def _check_seconds(value: object, field: str, *, low: float, high: float, allow_zero: bool) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise SpecError(f"spec.{field}.type", field=field, value=repr(value))
    if value < low or value > high or (value == 0 and not allow_zero):
        raise SpecError(f"spec.{field}.range", field=field, value=value)
    return float(value)


def _coerce(enum_type: type[enum.Enum], value: object, field: str) -> enum.Enum:
    try:
        return enum_type(value)
    except ValueError:
        choices = ", ".join(m.value for m in enum_type)
        what = "socket type" if field == "type" else field
        raise SpecError("spec.choice", field=field, what=what, choices=choices, value=repr(value)) from None


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
    #: the handler's socketserver base class; None picks BaseRequestHandler
    base: Base = Base.BASE
    #: with ``fail``: raise in "handle" (then finish still runs) or in "setup" (handle and finish are skipped)
    fail_in: str = "handle"
    loop: Loop = Loop.FOREVER
    #: the rules file's text, for the "rules" handler
    rules: str | None = None
    #: TLS: a self-signed certificate made at start, each connection wrapped (stream only)
    tls: bool = False
    #: multicast groups a datagram server joins after bind() (its family's: 224.0.0.0/4, ff00::/8)
    join: tuple[str, ...] = field(default=())
    #: the interface the groups are joined on: IPv4 its address, IPv6 its name or index; None: any
    join_interface: str | None = None

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "family", _coerce(Family, self.family, "family"))
        set_(self, "type", _coerce(SockType, self.type, "type"))
        set_(self, "mixin", _coerce(Mixin, self.mixin, "mixin"))
        set_(self, "handler", _coerce(Handler, self.handler, "handler"))
        set_(self, "base", _coerce(Base, self.base, "base"))
        set_(self, "loop", _coerce(Loop, self.loop, "loop"))
        if self.fail_in not in ("handle", "setup"):
            raise SpecError("spec.choice", field="fail_in", what="fail_in", choices="handle, setup", value=repr(self.fail_in))
        if self.base is Base.STREAM and self.type is not SockType.STREAM:
            raise SpecError("spec.base.stream_only", field="base")
        if self.base is Base.DATAGRAM and self.type is not SockType.DGRAM:
            raise SpecError("spec.base.dgram_only", field="base")
        if self.handler is Handler.RULES:
            if not isinstance(self.rules, str) or not self.rules.strip():
                raise SpecError("spec.rules.missing", field="rules")
            self.parse_rules()  # a RulesError (a WorkbenchError naming the rule) before any socket exists
        elif self.rules is not None and not isinstance(self.rules, str):
            raise SpecError("spec.rules.missing", field="rules")
        for field_name, reason in (
            ("family", unsupported_reason(self.family)),
            ("mixin", unsupported_reason(mixin=self.mixin)),
        ):
            if reason:
                raise SpecError(reason, field=field_name)
        if self.family is Family.UNIX:
            _check_path(self.path)
        else:
            set_(self, "host", _check_host(self.host, self.family))
            _check_port(self.port)
        _check_unused(self.host, self.port, self.path, self.family)
        if isinstance(self.backlog, bool) or not isinstance(self.backlog, int):
            raise SpecError("spec.backlog.type", field="backlog", value=repr(self.backlog))
        if not 0 <= self.backlog <= 65535:
            raise SpecError("spec.backlog.range", field="backlog", value=self.backlog)
        set_(self, "delay", _check_seconds(self.delay, "delay", low=0, high=3600, allow_zero=True))
        if not isinstance(self.fail, bool):
            raise SpecError("spec.flag.type", field="fail", what="fail", value=repr(self.fail))
        if self.timeout is not None:
            set_(
                self, "timeout", _check_seconds(self.timeout, "timeout", low=0, high=86400, allow_zero=False)
            )
        if self.allow_reuse_address is None:
            set_(self, "allow_reuse_address", self.type is SockType.STREAM)
        elif not isinstance(self.allow_reuse_address, bool):
            raise SpecError(
                "spec.flag.type",
                field="allow_reuse_address",
                what="allow_reuse_address",
                value=repr(self.allow_reuse_address),
            )
        if isinstance(self.allow, (str, bytes)) or not isinstance(self.allow, (tuple, list)):
            raise SpecError("spec.allow.type", field="allow", value=repr(self.allow))
        networks = []
        for entry in self.allow:
            if not isinstance(entry, str):
                raise SpecError("spec.allow.entry", field="allow", entry=repr(entry))
            try:
                networks.append(ipaddress.ip_network(entry.strip(), strict=False))
            except ValueError:
                raise SpecError("spec.allow.entry", field="allow", entry=repr(entry)) from None
        if networks and self.family is Family.UNIX:
            raise SpecError("spec.allow.unix", field="allow")
        set_(self, "allow", tuple(str(n) for n in networks))
        _check_extensions(self)

    def to_dict(self) -> dict[str, Any]:
        """The spec as JSON-ready values (session logs, the host protocol, workspaces)."""
        return {
            "family": self.family.value,
            "type": self.type.value,
            "host": self.host,
            "port": self.port,
            "path": self.path,
            "backlog": self.backlog,
            "mixin": self.mixin.value,
            "handler": self.handler.value,
            "delay": self.delay,
            "fail": self.fail,
            "allow_reuse_address": self.allow_reuse_address,
            "timeout": self.timeout,
            "allow": list(self.allow),
            "base": self.base.value,
            "fail_in": self.fail_in,
            "loop": self.loop.value,
            "rules": self.rules,
            "tls": self.tls,
            "join": list(self.join),
            "join_interface": self.join_interface,
        }

    def parse_rules(self) -> Any:
        """The rules of a "rules" handler, parsed: a new RuleSet (its own hit counters) each call."""
        from workbench.rulesfile import parse_rules

        return parse_rules(self.rules or "", "rules")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ServerSpec:
        """A spec from JSON values; unknown keys are refused, bad values raise SpecError."""
        return cls(**_known_fields(cls, data))

    @property
    def address(self) -> tuple[str, int] | tuple[str, int, int, int] | str:
        """What to pass to the server constructor as ``server_address``."""
        if self.family is Family.UNIX:
            assert self.path is not None
            return self.path
        return _scoped(self.host, self.port)

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
    #: TLS over the connection (stream only); SNI and the name checked are the host field
    tls: bool = False
    #: check the server's certificate (off: accept any, such as a self-signed one)
    tls_verify: bool = True
    #: a PEM file of certificates to trust besides the system's (a workbench server's certificate file)
    tls_ca: str | None = None
    #: SO_BROADCAST: may send to a broadcast address (datagram only)
    broadcast: bool = False
    #: IP_MULTICAST_TTL / IPV6_MULTICAST_HOPS: 0 this machine only, 1 this network (None: the default, 1)
    multicast_ttl: int | None = None
    #: IP_MULTICAST_LOOP / IPV6_MULTICAST_LOOP: members on this machine hear it (None: the default, on)
    multicast_loop: bool | None = None
    #: IP_MULTICAST_IF / IPV6_MULTICAST_IF: IPv4 the interface's address, IPv6 its name or index
    multicast_interface: str | None = None

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "family", _coerce(Family, self.family, "family"))
        set_(self, "type", _coerce(SockType, self.type, "type"))
        reason = unsupported_reason(self.family)
        if reason:
            raise SpecError(reason, field="family")
        if self.family is Family.UNIX:
            _check_path(self.path)
        else:
            set_(self, "host", _check_host(self.host, self.family))
            _check_port(self.port)
            if self.port == 0:
                raise SpecError("spec.port.client_zero", field="port")
        _check_unused(self.host, self.port, self.path, self.family)
        if self.timeout is not None:
            set_(
                self, "timeout", _check_seconds(self.timeout, "timeout", low=0, high=86400, allow_zero=False)
            )
        _check_client_extensions(self)

    def to_dict(self) -> dict[str, Any]:
        return {
            "family": self.family.value,
            "type": self.type.value,
            "host": self.host,
            "port": self.port,
            "path": self.path,
            "timeout": self.timeout,
            "tls": self.tls,
            "tls_verify": self.tls_verify,
            "tls_ca": self.tls_ca,
            "broadcast": self.broadcast,
            "multicast_ttl": self.multicast_ttl,
            "multicast_loop": self.multicast_loop,
            "multicast_interface": self.multicast_interface,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ClientSpec:
        return cls(**_known_fields(cls, data))

    @property
    def address(self) -> tuple[str, int] | tuple[str, int, int, int] | str:
        if self.family is Family.UNIX:
            assert self.path is not None
            return self.path
        return _scoped(self.host, self.port)


def _scoped(host: str, port: int) -> tuple[str, int] | tuple[str, int, int, int]:
    """``fe80::1%eth0`` or ``ff01::1%2`` as (address, port, flowinfo, scope id): a 2-tuple's scope is lost.

    Python's bind/connect/sendto ignore the ``%scope`` of a numeric IPv6 address given as
    (host, port); the kernel then refuses a link-local or interface-local address (EINVAL).
    """
    address, sep, scope = host.partition("%")
    if not sep or ":" not in address:
        return (host, port)
    index = int(scope) if scope.isdigit() else socket.if_nametoindex(scope)  # OSError: a bind/connect error
    return (address, port, 0, index)


# -- TLS, multicast and broadcast (issue #13) ---------------------------------------------------


def _have(*modules: str) -> bool:
    """Whether these modules can be imported (a bundle may leave ssl out), without importing them."""
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in modules)


def _flag(spec: Any, name: str) -> None:
    if not isinstance(getattr(spec, name), bool):
        raise SpecError("spec.flag.type", field=name, what=name, value=repr(getattr(spec, name)))


def _check_extensions(spec: ServerSpec) -> None:
    from workbench.multicast import check_group, check_interface

    _flag(spec, "tls")
    if spec.tls and spec.type is not SockType.STREAM:
        raise SpecError("spec.tls.stream_only", field="tls")
    if spec.tls and not _have("ssl", "cryptography"):
        raise SpecError("platform.no_tls", field="tls")
    if isinstance(spec.join, (str, bytes)) or not isinstance(spec.join, (tuple, list)):
        raise SpecError("spec.join.type", field="join", value=repr(spec.join))
    if spec.join and (spec.type is not SockType.DGRAM or spec.family is Family.UNIX):
        raise SpecError("spec.join.udp_only", field="join")
    object.__setattr__(spec, "join", tuple(check_group(g, spec.family.value) for g in spec.join))
    if spec.join_interface is not None:
        if not spec.join:
            raise SpecError("spec.join.interface_alone", field="join_interface")
        interface = check_interface(spec.join_interface, spec.family.value, "join_interface")
        object.__setattr__(spec, "join_interface", interface)


def _check_client_extensions(spec: ClientSpec) -> None:
    from workbench.multicast import check_interface, check_ttl

    for name in ("tls", "tls_verify", "broadcast"):
        _flag(spec, name)
    if spec.tls and spec.type is not SockType.STREAM:
        raise SpecError("spec.tls.stream_only", field="tls")
    if spec.tls and not _have("ssl"):
        raise SpecError("platform.no_tls", field="tls")
    if spec.tls_ca is not None:
        if not isinstance(spec.tls_ca, str) or not spec.tls_ca:
            raise SpecError("spec.tls_ca.type", field="tls_ca", value=repr(spec.tls_ca))
        if not spec.tls:
            raise SpecError("spec.tls_ca.without_tls", field="tls_ca")
    multicast = spec.broadcast or spec.multicast_ttl is not None or spec.multicast_loop is not None
    if (multicast or spec.multicast_interface is not None) and (
        spec.type is not SockType.DGRAM or spec.family is Family.UNIX
    ):
        raise SpecError("spec.multicast.udp_only", field="broadcast" if spec.broadcast else "multicast_ttl")
    if spec.broadcast and spec.family is Family.INET6:
        raise SpecError("spec.broadcast.ipv6", field="broadcast")
    if spec.multicast_ttl is not None:
        check_ttl(spec.multicast_ttl)
    if spec.multicast_loop is not None:
        _flag(spec, "multicast_loop")
    if spec.multicast_interface is not None:
        interface = check_interface(spec.multicast_interface, spec.family.value, "multicast_interface")
        object.__setattr__(spec, "multicast_interface", interface)


def _known_fields(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise SpecError("spec.not_a_table", field=None, value=repr(data))
    names = {f.name for f in fields(cls)}
    unknown = sorted(set(data) - names)
    if unknown:
        raise SpecError("spec.unknown_field", field=unknown[0], name=unknown[0])
    values = dict(data)
    for name in ("allow", "join"):
        if name in values and isinstance(values[name], list):
            values[name] = tuple(values[name])
    return values

"""ServerSpec and ClientSpec refuse what cannot work, with a message a student understands."""

from __future__ import annotations

import math
from typing import Any

import pytest

from workbench.errors import SpecError, WorkbenchError
from workbench.spec import (
    ClientSpec,
    Family,
    Handler,
    Mixin,
    ServerSpec,
    SockType,
    supported_combinations,
    unsupported_reason,
)


def test_defaults_are_the_cli_defaults() -> None:
    spec = ServerSpec()
    assert (spec.family, spec.type, spec.host, spec.port, spec.backlog, spec.mixin, spec.handler) == (
        Family.INET,
        SockType.STREAM,
        "127.0.0.1",
        0,
        5,
        Mixin.NONE,
        Handler.ECHO,
    )
    assert spec.address == ("127.0.0.1", 0)
    assert not spec.binds_all_interfaces


def test_reuse_address_defaults_per_socket_type() -> None:
    assert ServerSpec().allow_reuse_address is True  # restart a TCP server despite TIME_WAIT
    assert ServerSpec(type=SockType.DGRAM).allow_reuse_address is False  # no silent port sharing
    assert ServerSpec(type=SockType.DGRAM, allow_reuse_address=True).allow_reuse_address is True


def test_strings_become_enums() -> None:
    spec = ServerSpec(family="inet6", type="dgram", host="::1", mixin="forking", handler="daytime")  # type: ignore[arg-type]
    assert spec.family is Family.INET6 and spec.type is SockType.DGRAM
    assert spec.mixin is Mixin.FORKING and spec.handler is Handler.DAYTIME


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"port": 70000}, "port must be 0-65535 (0 picks a free port), not 70000"),
        ({"port": -1}, "port must be 0-65535"),
        ({"port": "80"}, "port must be a whole number from 0 to 65535, not '80'"),
        ({"port": True}, "port must be a whole number"),
        ({"family": "ipx"}, "family must be one of inet, inet6, unix, not 'ipx'"),
        ({"type": "raw"}, "socket type must be one of stream, dgram, not 'raw'"),
        ({"mixin": "async"}, "mixin must be one of none, threading, forking"),
        ({"handler": "chargen"}, "handler must be one of echo, upper, discard, daytime"),
        ({"host": ""}, "host must not be empty"),
        ({"host": "local host"}, "contains spaces"),
        ({"host": "::1"}, "::1 is an IPv6 address; choose AF_INET6"),
        ({"family": "inet6", "host": "127.0.0.1"}, "127.0.0.1 is an IPv4 address; choose AF_INET"),
        ({"family": "unix"}, "AF_UNIX needs a socket path"),
        ({"family": "unix", "path": "/tmp/a\0b"}, "must not contain NUL"),
        ({"family": "unix", "path": "/tmp/" + "x" * 200}, "the socket path is too long"),
        ({"backlog": -1}, "backlog must be a whole number from 0 to 65535"),
        ({"backlog": 2.5}, "backlog must be a whole number"),
        ({"delay": -0.1}, "delay must be between 0 and 3600 seconds"),
        ({"delay": math.nan}, "delay must be a number of seconds, not nan"),
        ({"delay": 3601}, "delay must be between 0 and 3600 seconds"),
        ({"timeout": 0}, "timeout must be a positive number of seconds"),
        ({"timeout": math.inf}, "timeout must be a positive number of seconds"),
        ({"allow": ("10.0.0.0/33",)}, "allow list entry '10.0.0.0/33' is not an IP address or CIDR"),
        ({"allow": ("example.com",)}, "is not an IP address or CIDR"),
        ({"family": "unix", "path": "/tmp/x.sock", "allow": ("127.0.0.1",)}, "AF_UNIX clients have none"),
    ],
)
def test_server_spec_rejects_with_a_plain_message(options: dict[str, Any], message: str) -> None:
    with pytest.raises(SpecError) as info:
        ServerSpec(**options)
    assert message in str(info.value)
    assert isinstance(info.value, WorkbenchError)
    assert "\n" not in str(info.value)


def test_unix_spec_ignores_host_and_port() -> None:
    spec = ServerSpec(family=Family.UNIX, path="/tmp/wb.sock", port=99999)
    assert spec.address == "/tmp/wb.sock"


def test_allow_list_is_normalised_and_matches() -> None:
    spec = ServerSpec(allow=(" 127.0.0.1 ", "10.1.2.3/8", "::1"))
    assert spec.allow == ("127.0.0.1/32", "10.0.0.0/8", "::1/128")
    assert spec.allows("127.0.0.1") and spec.allows("10.200.0.1") and spec.allows("::1")
    assert spec.allows("::ffff:10.0.0.9"), "an IPv4-mapped IPv6 client counts as its IPv4 address"
    assert not spec.allows("192.168.1.1") and not spec.allows("not-an-ip")
    assert ServerSpec().allows("203.0.113.5"), "an empty allow list admits everyone"


def test_binds_all_interfaces() -> None:
    assert ServerSpec(host="0.0.0.0").binds_all_interfaces
    assert ServerSpec(family="inet6", host="::").binds_all_interfaces  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"port": 0}, "the client needs the server's port"),
        ({"port": 65536}, "port must be 0-65535"),
        ({"family": "unix"}, "AF_UNIX needs a socket path"),
        ({"family": "inet6", "host": "10.0.0.1", "port": 1}, "is an IPv4 address"),
        ({"port": 1, "timeout": -1}, "timeout must be a positive number"),
        ({"port": 1, "type": "seqpacket"}, "socket type must be one of stream, dgram"),
    ],
)
def test_client_spec_rejects_with_a_plain_message(options: dict[str, Any], message: str) -> None:
    with pytest.raises(SpecError) as info:
        ClientSpec(**options)
    assert message in str(info.value)


def test_client_spec_address() -> None:
    assert ClientSpec(port=7).address == ("127.0.0.1", 7)
    assert ClientSpec(family="unix", path="/tmp/s").address == "/tmp/s"  # type: ignore[arg-type]
    assert ClientSpec(port=7, timeout=None).timeout is None


def test_linux_supports_every_combination() -> None:
    assert unsupported_reason(Family.UNIX) is None and unsupported_reason(mixin=Mixin.FORKING) is None
    assert len(supported_combinations()) == 18
    assert len(set(supported_combinations())) == 18


def test_addresses_read_the_way_students_write_them() -> None:
    from workbench.events import format_address

    assert format_address(("127.0.0.1", 9)) == "127.0.0.1:9"
    assert format_address(("::1", 9, 0, 0)) == "[::1]:9"
    assert format_address("/tmp/x.sock") == "/tmp/x.sock"
    assert format_address(b"\0abstract") == "\\x00abstract"  # a peer's bytes, escaped
    assert format_address("") == "(unnamed)"  # an unbound unix datagram client

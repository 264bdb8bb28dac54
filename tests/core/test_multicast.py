"""Multicast and broadcast on this machine: a UDP server joins a group, clients send to it or to broadcast.

Where the traffic goes, and why it stays on this machine:

- IPv4 groups are joined on the loopback interface (IP_ADD_MEMBERSHIP on 127.0.0.1) and sent
  with IP_MULTICAST_IF 127.0.0.1 and TTL 0: nothing leaves the host.
- IPv6 cannot use Linux's loopback for multicast (``lo`` has no MULTICAST flag and no ff00::/8
  route: ENETUNREACH). A group of interface-local scope (ff01::/16) on another interface works,
  and the kernel never transmits that scope on a wire; the hop limit is 0 too. Without such an
  interface the test is skipped, saying so.
- Broadcast goes to 127.255.255.255, the loopback network's broadcast address.
"""

from __future__ import annotations

import asyncio
import errno
import socket
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

import pytest

from tests.core.conftest import Recorder
from workbench.client import Client
from workbench.errors import SpecError, WorkbenchError
from workbench.events import Event, Kind
from workbench.server import ServerRunner
from workbench.spec import ClientSpec, ServerSpec

T = TypeVar("T")
GROUP_V4 = "239.255.77.77"  # administratively scoped (RFC 2365): never routed beyond a site
GROUP_V6 = "ff01::77:77"  # interface-local: never leaves this machine


def run(coro: Coroutine[Any, Any, T], timeout: float = 20.0) -> T:
    return asyncio.run(asyncio.wait_for(coro, timeout))


async def ask(client: Client, payload: bytes) -> bytes:
    try:
        await client.sendto(payload)
        data, _sender = await client.recvfrom(timeout=5)
        return data
    finally:
        client.close()


def setsockopts(events: list[Event], source: str) -> list[tuple[Any, dict[str, Any]]]:
    return [(e.value, e.detail) for e in events if e.kind is Kind.SETSOCKOPT and e.source == source]


def multicast_interface_v6() -> str | None:
    """An interface that is up and can multicast (not lo), for ff01:: groups; None if there is none."""
    for _index, name in socket.if_nameindex():
        try:
            flags = int(Path(f"/sys/class/net/{name}/flags").read_text(), 16)
        except (OSError, ValueError):
            continue
        if flags & 0x1 and flags & 0x1000 and not flags & 0x8:  # IFF_UP, IFF_MULTICAST, not IFF_LOOPBACK
            return name
    return None


def test_an_ipv4_group_joined_on_loopback_hears_a_client_and_answers(
    start_server: Callable[..., ServerRunner], recorder: Recorder
) -> None:
    runner = start_server(type="dgram", host=GROUP_V4, join=(GROUP_V4,), join_interface="127.0.0.1", handler="upper")
    port = runner.address[1]  # type: ignore[index]
    spec = ClientSpec(type="dgram", host=GROUP_V4, port=port, multicast_interface="127.0.0.1",
                      multicast_ttl=0, multicast_loop=True)  # fmt: skip
    assert run(ask(Client(spec, recorder, "sender"), b"to the group")) == b"TO THE GROUP"
    events = recorder.snapshot()
    (joined,) = setsockopts(events, runner.id)
    assert joined == (1, {"level": "IPPROTO_IP", "option": "IP_ADD_MEMBERSHIP", "group": GROUP_V4,
                          "interface": "127.0.0.1"})  # fmt: skip
    bind = [e.event for e in events if e.source == runner.id][:4]
    assert bind == ["server_bind", "setsockopt", "server_bind", "server_activate"], "joined inside server_bind"
    options = setsockopts(events, "sender")
    assert [d["option"] for _v, d in options] == ["IP_MULTICAST_IF", "IP_MULTICAST_TTL", "IP_MULTICAST_LOOP"]
    assert [v for v, _d in options] == [1, 0, 1]
    (received,) = [e for e in events if e.source == runner.id and e.event == "recvfrom"]
    assert received.data == b"to the group" and received.client[0] == "127.0.0.1"  # type: ignore[index]


def test_an_ipv6_group_of_interface_scope_stays_on_this_machine(
    start_server: Callable[..., ServerRunner], recorder: Recorder
) -> None:
    interface = multicast_interface_v6()
    if interface is None:
        pytest.skip("no interface here is up with the MULTICAST flag, and lo cannot carry IPv6 multicast")
    index = socket.if_nametoindex(interface)
    runner = start_server(family="inet6", type="dgram", host=f"{GROUP_V6}%{interface}", join=(GROUP_V6,),
                          join_interface=interface)  # fmt: skip
    port = runner.address[1]  # type: ignore[index]
    spec = ClientSpec(family="inet6", type="dgram", host=f"{GROUP_V6}%{interface}", port=port,
                      multicast_interface=interface, multicast_ttl=0)  # fmt: skip
    assert run(ask(Client(spec, recorder, "sender6"), b"hello group")) == b"hello group"
    events = recorder.snapshot()
    (joined,) = setsockopts(events, runner.id)
    assert joined[1]["option"] == "IPV6_JOIN_GROUP" and joined[1]["index"] == index
    options = setsockopts(events, "sender6")
    assert [(d["option"], v) for v, d in options] == [("IPV6_MULTICAST_IF", index), ("IPV6_MULTICAST_HOPS", 0)]


def test_ipv6_multicast_on_loopback_fails_in_plain_words(recorder: Recorder, no_leaks: None) -> None:
    probe = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    try:
        probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, socket.if_nametoindex("lo"))
        probe.sendto(b"", (GROUP_V6, 9, 0, socket.if_nametoindex("lo")))
        pytest.skip("this machine's lo carries IPv6 multicast (someone set its MULTICAST flag)")
    except OSError as exc:
        assert exc.errno == errno.ENETUNREACH
    finally:
        probe.close()
    spec = ClientSpec(family="inet6", type="dgram", host=GROUP_V6, port=9, multicast_interface="lo")
    with pytest.raises(WorkbenchError) as failed:
        run(ask(Client(spec, recorder), b"x"))
    assert failed.value.code == "multicast.unreachable" and failed.value.field == "multicast_interface"
    assert "loopback interface carries no IPv6 multicast" in str(failed.value)


def test_a_broadcast_reaches_a_server_on_the_loopback_broadcast_address(
    start_server: Callable[..., ServerRunner], recorder: Recorder
) -> None:
    runner = start_server(type="dgram", host="127.255.255.255", handler="upper")
    port = runner.address[1]  # type: ignore[index]
    spec = ClientSpec(type="dgram", host="127.255.255.255", port=port, broadcast=True)
    assert run(ask(Client(spec, recorder, "caster"), b"everyone")) == b"EVERYONE"
    (option,) = setsockopts(recorder.snapshot(), "caster")
    assert option == (1, {"level": "SOL_SOCKET", "option": "SO_BROADCAST"})
    without = ClientSpec(type="dgram", host="127.255.255.255", port=port)
    with pytest.raises(WorkbenchError) as refused:
        run(ask(Client(without, recorder), b"everyone"))
    assert refused.value.code == "multicast.no_broadcast" and refused.value.field == "broadcast"
    assert "SO_BROADCAST" in str(refused.value)


def test_the_options_are_checked_before_any_socket_exists() -> None:
    cases = [
        (lambda: ServerSpec(type="dgram", join=("10.0.0.1",)), "spec.join.not_multicast", "join"),
        (lambda: ServerSpec(join=(GROUP_V4,)), "spec.join.udp_only", "join"),
        (lambda: ServerSpec(type="dgram", family="inet6", host="::1", join=(GROUP_V4,)), "spec.join.family", "join"),
        (lambda: ServerSpec(type="dgram", join=(GROUP_V4,), join_interface="lo"), "spec.multicast.interface_v4",
         "join_interface"),
        (lambda: ClientSpec(port=9, broadcast=True), "spec.multicast.udp_only", "broadcast"),
        (lambda: ClientSpec(type="dgram", family="inet6", host="::1", port=9, broadcast=True), "spec.broadcast.ipv6",
         "broadcast"),
        (lambda: ClientSpec(type="dgram", port=9, multicast_ttl=256), "spec.multicast.ttl", "multicast_ttl"),
        (lambda: ClientSpec(type="dgram", family="inet6", host="::1", port=9, multicast_interface="no-such-if0"),
         "spec.multicast.interface_v6", "multicast_interface"),
    ]  # fmt: skip
    for make, code, field in cases:
        with pytest.raises(SpecError) as failed:
            make()
        assert (failed.value.code, failed.value.field) == (code, field)
    spec = ServerSpec(type="dgram", join=[GROUP_V4], join_interface="127.0.0.1")  # type: ignore[arg-type]
    assert spec.join == (GROUP_V4,) and ServerSpec.from_dict(spec.to_dict()) == spec

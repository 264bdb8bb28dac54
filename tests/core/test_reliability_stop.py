"""Stop while clients misbehave, for every mixin: an idle client, one that resets, one that half-closes.

Through the real host (as the window stops a server), with real client sockets in this process so
the test chooses exactly how each one misbehaves. A stop always ends, in a bounded time, says
which requests it waits for, loses no reply, and leaves no child or socket file behind.
"""

from __future__ import annotations

import asyncio
import socket
import struct
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

import pytest

from tests.core.test_host import Notes, children_of, running
from workbench.host.client import HostClient
from workbench.spec import ServerSpec

T = TypeVar("T")
MIXINS = ["none", "threading", "forking"]
FAMILIES = ["inet", "unix"]


def run(coro: Coroutine[Any, Any, T], timeout: float = 30.0) -> T:
    return asyncio.run(asyncio.wait_for(coro, timeout))


def _spec(family: str, mixin: str, tmp_path: Path) -> ServerSpec:
    if family == "unix":
        return ServerSpec(family="unix", path=str(tmp_path / "server.sock"), mixin=mixin)  # type: ignore[arg-type]
    return ServerSpec(mixin=mixin)  # type: ignore[arg-type]


def _client(family: str, address: Any, tmp_path: Path) -> socket.socket:
    if family == "unix":
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.bind(str(tmp_path / "client.sock"))  # a name the server can say it waits for
        sock.connect(address)
    else:
        sock = socket.create_connection(tuple(address))
    sock.settimeout(5)
    return sock


def _close(sock: socket.socket, tmp_path: Path) -> None:
    sock.close()
    (tmp_path / "client.sock").unlink(missing_ok=True)  # the client's own name; the server's goes with it


def _expected_peer(family: str, sock: socket.socket) -> Any:
    name = sock.getsockname()
    return name if family == "unix" else list(name)


async def _until_handled(host: HostClient, server: str, counter: str = "active") -> None:
    """Until the server has accepted the request ("active": and is handling it now)."""
    deadline = time.monotonic() + 10
    while (await host.call("server.requests", server=server))[counter] < 1:
        assert time.monotonic() < deadline, "the request was never accepted"
        await asyncio.sleep(0.01)


async def _children(host: HostClient, mixin: str) -> set[int]:
    """The host's children: under ForkingMixIn, once the child for the request is forked."""
    deadline = time.monotonic() + 10
    while mixin == "forking" and not children_of(host.pid):
        assert time.monotonic() < deadline, "ForkingMixIn never forked a child for the request"
        await asyncio.sleep(0.01)
    return children_of(host.pid)


def _no_children_left(pids: set[int]) -> None:
    deadline = time.monotonic() + 3  # an orphan is reaped by init meanwhile
    while any(running(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert [pid for pid in pids if running(pid)] == []


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("mixin", MIXINS)
def test_an_idle_client_holds_a_stop_only_until_end_now(tmp_path: Path, mixin: str, family: str) -> None:
    notes = Notes()

    async def main() -> tuple[float, Any, bytes, set[int]]:
        async with HostClient(str(tmp_path / "s.swb"), notes) as host:
            started = await host.call("server.start", spec=_spec(family, mixin, tmp_path).to_dict())
            server = started["server"]
            idle = _client(family, started["address"], tmp_path)
            try:
                await _until_handled(host, server)
                children = await _children(host, mixin)
                stop = asyncio.ensure_future(host.call("server.stop", server=server, grace=20))
                await notes.until(lambda: any(n == "server.waiting" for n, _ in notes.seen))
                waiting = next(d for n, d in notes.seen if n == "server.waiting")
                assert not stop.done(), "the stop did not wait for the idle request"
                ended_at = time.monotonic()
                assert (await host.call("server.end_requests", server=server))["ended"] >= 1
                await stop
                elapsed = time.monotonic() - ended_at
                left = idle.recv(10)
            finally:
                _close(idle, tmp_path)
        return elapsed, waiting, left, children

    elapsed, waiting, left, children = run(main())
    assert waiting["requests"][0][0] == 1 and waiting["active"] == 1
    assert elapsed < 1.0, f"End now took {elapsed:.2f} s to end the stop"
    assert left == b""  # its connection was ended, not left hanging
    assert (mixin == "forking") == bool(children)  # a child served it, and only under ForkingMixIn
    _no_children_left(children)
    assert not list(tmp_path.glob("*.sock")), "the server's socket file was left behind"


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("mixin", MIXINS)
def test_an_idle_client_is_ended_when_the_grace_runs_out(tmp_path: Path, mixin: str, family: str) -> None:
    notes = Notes()
    grace = 1.0

    async def main() -> tuple[float, list[str], Any, bytes]:
        async with HostClient(str(tmp_path / "s.swb"), notes) as host:
            started = await host.call("server.start", spec=_spec(family, mixin, tmp_path).to_dict())
            server = started["server"]
            idle = _client(family, started["address"], tmp_path)
            try:
                await _until_handled(host, server)
                began = time.monotonic()
                await host.call("server.stop", server=server, grace=grace)
                elapsed = time.monotonic() - began
                peer = _expected_peer(family, idle)
                left = idle.recv(10)
            finally:
                _close(idle, tmp_path)
            log_lines = [line for line in host.stderr_lines if "were ended" in line]
        return elapsed, log_lines, peer, left

    elapsed, log_lines, peer, left = run(main())
    waiting = [d for n, d in notes.seen if n == "server.waiting"]
    assert waiting and waiting[0]["requests"] == [[1, peer]]  # which request, from where
    assert grace <= elapsed < grace + 1.5, f"the stop took {elapsed:.2f} s with a {grace} s grace"
    assert left == b""
    assert log_lines, "the host says it ended the request"
    assert not list(tmp_path.glob("*.sock"))


@pytest.mark.parametrize("mixin", MIXINS)
def test_a_client_that_resets_never_holds_a_stop(tmp_path: Path, mixin: str) -> None:
    """SO_LINGER 0: close() sends RST; the handler's recv fails, handle_error runs, the stop is prompt."""

    async def main() -> tuple[float, dict[str, Any]]:
        async with HostClient(str(tmp_path / "s.swb")) as host:
            started = await host.call("server.start", spec=_spec("inet", mixin, tmp_path).to_dict())
            server = started["server"]
            sock = _client("inet", started["address"], tmp_path)
            await _until_handled(host, server)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.close()
            began = time.monotonic()
            await host.call("server.stop", server=server, grace=10)
            elapsed = time.monotonic() - began
            status = await host.call("status")
        return elapsed, status

    elapsed, status = run(main())
    assert elapsed < 1.5, f"a reset client held the stop for {elapsed:.2f} s"
    assert status["servers"] == []


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("mixin", MIXINS)
def test_a_half_closed_client_gets_its_whole_echo_and_the_stop_is_prompt(
    tmp_path: Path, mixin: str, family: str
) -> None:
    """shutdown(SHUT_WR) and nothing read yet: the echo is finished and kept for the client."""
    payload = bytes(range(256)) * 64  # 16 KiB: more than one recv

    async def main() -> tuple[float, bytes]:
        async with HostClient(str(tmp_path / "s.swb")) as host:
            started = await host.call("server.start", spec=_spec(family, mixin, tmp_path).to_dict())
            server = started["server"]
            sock = _client(family, started["address"], tmp_path)
            try:
                sock.sendall(payload)
                sock.shutdown(socket.SHUT_WR)
                await _until_handled(host, server, "total")
                began = time.monotonic()
                await host.call("server.stop", server=server, grace=10)
                elapsed = time.monotonic() - began
                echoed = b""
                while chunk := sock.recv(65536):
                    echoed += chunk
            finally:
                _close(sock, tmp_path)
        return elapsed, echoed

    elapsed, echoed = run(main())
    assert elapsed < 1.5, f"a half-closed client held the stop for {elapsed:.2f} s"
    assert echoed == payload
    assert not list(tmp_path.glob("*.sock"))

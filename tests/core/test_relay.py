"""The relay between a client and a real server: bytes unchanged, both sides recorded, pause, edit, inject."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.core.conftest import Recorder
from tests.core.pcapng_reader import parse, tcp_streams
from tests.core.session_traffic import pattern
from workbench.errors import SpecError, WorkbenchError
from workbench.events import Event
from workbench.host.client import HostClient
from workbench.relay import RelayRunner, RelaySpec
from workbench.server import ServerRunner
from workbench.session.pcap_export import export_session_pcapng
from workbench.spec import ServerSpec

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def relay_to(recorder: Recorder, no_leaks: None) -> Iterator[Callable[..., tuple[RelayRunner, ServerRunner]]]:
    """``relay_to(handler=...)`` -> (a started relay, the real server it connects to), stopped after."""
    started: list[ServerRunner] = []

    def start(**server: Any) -> tuple[RelayRunner, ServerRunner]:
        target = ServerRunner(ServerSpec(mixin="threading", **server), recorder, f"target-{len(started) + 1}")
        target.start()
        started.append(target)
        host, port = target.address[:2]  # type: ignore[misc]
        relay = RelayRunner(RelaySpec.parse("127.0.0.1:0", f"{host}:{port}"), recorder, f"relay-{len(started)}")
        relay.start()
        started.append(relay)
        return relay, target

    yield start
    for runner in reversed(started):
        runner.stop(timeout=5)


def connect(relay: RelayRunner) -> socket.socket:
    sock = socket.create_connection(relay.address, timeout=10)  # type: ignore[arg-type]
    return sock


def read_until_close(sock: socket.socket) -> bytes:
    parts = []
    while data := sock.recv(65536):
        parts.append(data)
    return b"".join(parts)


def wait_until(check: Callable[[], Any], timeout: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout
    while not (value := check()):
        assert time.monotonic() < deadline, "did not happen in time"
        time.sleep(0.01)
    return value


def data_of(events: list[Event], source: str, call: str, request: int = 1) -> bytes:
    return b"".join(e.data or b"" for e in events if e.source == source and e.event == call and e.request == request)


def test_bytes_pass_unchanged_and_both_sides_are_in_the_log(
    relay_to: Callable[..., tuple[RelayRunner, ServerRunner]], recorder: Recorder
) -> None:
    relay, target = relay_to(handler="upper")
    payload = b"through the relay\n" + pattern(500_000, 3)
    with connect(relay) as sock:
        sock.sendall(payload)
        sock.shutdown(socket.SHUT_WR)
        assert read_until_close(sock) == payload.upper()
    events = recorder.wait_for(lambda evs: any(e.event == "shutdown_request" and e.phase == "exit"
                                               and e.source == relay.id for e in evs))  # fmt: skip
    upstream = f"{relay.id}-upstream"
    # the client's side (a server source) and the target's side (a client source), request #1 both
    assert data_of(events, relay.id, "recv") == payload
    assert data_of(events, upstream, "sendall") == payload
    assert data_of(events, upstream, "recv") == payload.upper()
    assert data_of(events, relay.id, "sendall") == payload.upper()
    assert data_of(events, target.id, "recv") == payload  # and the real server saw what the client sent
    calls = [e.event for e in events if e.source == upstream]
    assert calls[:2] == ["socket", "connect"] and calls[-2:] == ["recv", "close"] and "shutdown" in calls
    forwarded_end = [e for e in events if e.source == relay.id and e.event == "shutdown" and e.phase is None]
    assert len(forwarded_end) == 1, "the target's end is passed on to the client"
    with SessionReaderOf(recorder) as tables:
        assert tables.sources[tables.source_ids[relay.id]].detail["relay"]["to"] == f"127.0.0.1:{target.address[1]}"  # type: ignore[index]
        up = tables.sources[tables.source_ids[upstream]]
        assert up.role == "client" and up.detail["side"] == "upstream"


class SessionReaderOf:
    """The tables of a recorder's session, read back."""

    def __init__(self, recorder: Recorder) -> None:
        from workbench.session.reader import SessionReader

        recorder.flush()
        assert recorder.path is not None
        self.reader = SessionReader(recorder.path)

    def __enter__(self) -> Any:
        return self.reader.tables

    def __exit__(self, *exc: object) -> None:
        self.reader.close()


def test_pause_holds_a_direction_and_an_edit_replaces_the_held_chunk(
    relay_to: Callable[..., tuple[RelayRunner, ServerRunner]], recorder: Recorder
) -> None:
    relay, target = relay_to()
    relay.pause("c2s")  # every connection, now and later
    with connect(relay) as sock:
        sock.sendall(b"original")
        held = wait_until(lambda: relay.connections.get(1) and relay.held("c2s", 1))
        assert held == b"original"
        time.sleep(0.2)
        assert data_of(recorder.snapshot(), target.id, "recv") == b"", "nothing reached the server"
        assert relay.state()[0]["c2s"] == {"paused": True, "held": 8}
        relay.edit("c2s", 1, b"edited!")
        relay.release("c2s", 1)  # goes on; the next chunk is held again
        assert sock.recv(100) == b"edited!"
        sock.sendall(b"second")
        assert wait_until(lambda: relay.held("c2s", 1)) == b"second"
        relay.resume("c2s")
        assert sock.recv(100) == b"second"
        sock.shutdown(socket.SHUT_WR)
        assert read_until_close(sock) == b""
    events = recorder.snapshot()
    assert data_of(events, relay.id, "recv") == b"originalsecond", "what the client sent, as it arrived"
    assert data_of(events, f"{relay.id}-upstream", "sendall") == b"edited!second", "what went on"
    assert data_of(events, target.id, "recv") == b"edited!second"


def test_pausing_the_way_back_holds_the_servers_answer(
    relay_to: Callable[..., tuple[RelayRunner, ServerRunner]], recorder: Recorder
) -> None:
    relay, _target = relay_to(handler="upper")
    with connect(relay) as sock:
        wait_until(lambda: relay.connections.get(1))
        relay.pause("s2c", 1)
        sock.sendall(b"question")
        assert wait_until(lambda: relay.held("s2c", 1)) == b"QUESTION"
        sock.settimeout(0.3)
        with pytest.raises(TimeoutError):
            sock.recv(100)
        relay.edit("s2c", 1, b"")  # drop it
        relay.resume("s2c", 1)
        sock.settimeout(10)
        sock.sendall(b"again")
        assert sock.recv(100) == b"AGAIN"
    with pytest.raises(WorkbenchError) as nothing:
        relay.edit("s2c", 1, b"x")
    assert nothing.value.code in ("relay.nothing_held", "relay.no_connection")


def test_inject_adds_bytes_in_either_direction(
    relay_to: Callable[..., tuple[RelayRunner, ServerRunner]], recorder: Recorder
) -> None:
    relay, target = relay_to()
    with connect(relay) as sock:
        sock.sendall(b"hello")
        assert sock.recv(100) == b"hello"
        relay.inject("s2c", 1, b"from the relay")
        assert sock.recv(100) == b"from the relay"
        relay.inject("c2s", 1, b"to the server")
        assert sock.recv(100) == b"to the server"  # the echo of what was injected toward it
    events = recorder.wait_for(lambda evs: data_of(evs, target.id, "recv") == b"helloto the server")
    assert data_of(events, relay.id, "sendall") == b"hellofrom the relayto the server"
    with pytest.raises(WorkbenchError) as bad:
        relay.inject("sideways", 1, b"x")
    assert bad.value.code == "relay.direction" and bad.value.field == "direction"


def test_stopping_drops_a_held_chunk_and_ends_the_connection_at_once(
    relay_to: Callable[..., tuple[RelayRunner, ServerRunner]], recorder: Recorder
) -> None:
    relay, target = relay_to()
    relay.pause("c2s")
    with connect(relay) as sock:
        sock.sendall(b"never delivered")
        wait_until(lambda: relay.connections.get(1) and relay.held("c2s", 1))
        started = time.monotonic()
        relay.stop(timeout=1.0)
        assert time.monotonic() - started < 3.0
        assert read_until_close(sock) == b""
    assert data_of(recorder.snapshot(), target.id, "recv") == b""


def test_a_target_that_refuses_closes_the_client_and_says_why(
    recorder: Recorder, no_leaks: None, caplog: pytest.LogCaptureFixture
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    relay = RelayRunner(RelaySpec.parse("127.0.0.1:0", f"127.0.0.1:{port}"), recorder)
    relay.start()
    try:
        with connect(relay) as sock:
            assert sock.recv(100) == b""
        wait_until(lambda: any("could not reach the target" in r.getMessage() for r in caplog.records))
    finally:
        relay.stop(timeout=5)
    (failed,) = [e for e in recorder.snapshot() if e.event == "connect" and e.source.endswith("-upstream")]
    assert failed.error and failed.error.startswith("ConnectionRefusedError")


def test_the_export_shows_both_sides_as_conversations(
    relay_to: Callable[..., tuple[RelayRunner, ServerRunner]], recorder: Recorder, tmp_path: Path
) -> None:
    relay, _target = relay_to(handler="upper")
    with connect(relay) as sock:
        sock.sendall(b"to wireshark")
        sock.shutdown(socket.SHUT_WR)
        assert read_until_close(sock) == b"TO WIRESHARK"
    recorder.wait_for(lambda evs: any(e.event == "shutdown_request" and e.phase == "exit" and e.source == relay.id
                                      for e in evs))  # fmt: skip
    recorder.flush()
    assert recorder.path is not None
    export_session_pcapng(recorder.path, tmp_path / "relay.pcapng")
    capture = parse((tmp_path / "relay.pcapng").read_bytes())
    names = [i.text(2) for i in capture.interfaces]
    assert names == ["target-1", relay.id]  # the upstream side is the target's own conversation
    streams = tcp_streams(capture.packets)
    assert len(streams) == 2
    assert all((bytes(s.c2s.data), bytes(s.s2c.data)) == (b"to wireshark", b"TO WIRESHARK") for s in streams)


def test_relay_specs_are_checked() -> None:
    with pytest.raises(SpecError) as bad:
        RelaySpec.parse("nowhere", "127.0.0.1:1")
    assert bad.value.code == "relay.address" and bad.value.field == "listen"
    with pytest.raises(SpecError) as port:
        RelaySpec.parse("127.0.0.1:0", "127.0.0.1:0")
    assert port.value.code == "spec.port.client_zero"
    spec = RelaySpec.parse("[::1]:0", "/tmp/x.sock")
    assert (spec.listen.family.value, spec.to.family.value) == ("inet6", "unix")
    assert RelaySpec.from_dict(spec.to_dict()) == spec


def test_the_cli_relays_and_records(tmp_path: Path, recorder: Recorder, no_leaks: None) -> None:
    target = ServerRunner(ServerSpec(handler="upper"), recorder)
    target.start()
    session = tmp_path / "relay.swb"
    try:
        relay = subprocess.Popen(
            [sys.executable, "-m", "workbench", "relay", "--listen", "127.0.0.1:0", "--to",
             f"127.0.0.1:{target.address[1]}", "--json", "--record", str(session)],  # type: ignore[index]
            cwd=ROOT, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        assert relay.stdout is not None
        port = None
        while port is None:
            event = json.loads(relay.stdout.readline())
            if event["event"] == "server_bind" and event["phase"] == "exit":
                port = event["address"][1]
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(b"cli")
            sock.shutdown(socket.SHUT_WR)
            assert read_until_close(sock) == b"CLI"
        relay.send_signal(2)
        out, err = relay.communicate(timeout=15)
    finally:
        target.stop(timeout=5)
    assert relay.returncode == 0, err
    assert "relays each connection to 127.0.0.1:" in err
    sources = {json.loads(line)["source"] for line in out.splitlines()}
    assert {"relay-1", "relay-1-upstream"} <= sources
    bad = subprocess.run([sys.executable, "-m", "workbench", "relay", "--listen", "x", "--to", "127.0.0.1:1"],
                         cwd=ROOT, capture_output=True, text=True, timeout=30)  # fmt: skip
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "HOST:PORT" in bad.stderr


def test_the_host_runs_a_relay_and_its_controls(tmp_path: Path, no_leaks: None) -> None:
    path = tmp_path / "s.swb"
    notes: list[tuple[str, dict[str, Any]]] = []

    async def main() -> None:
        async with HostClient(str(path), lambda name, data: notes.append((name, data))) as host:
            server = await host.call("server.start", spec=ServerSpec(handler="upper").to_dict())
            spec = {"listen": {"port": 0}, "to": {"port": server["address"][1]}}
            started = await host.call("relay.start", spec=spec)
            assert started["relay"] == "relay-1" and started["upstream_source"] == started["source"] + 1
            await host.call("relay.pause", relay="relay-1", direction="c2s")
            reader, writer = await asyncio.open_connection("127.0.0.1", started["address"][1])
            writer.write(b"held")
            await writer.drain()
            held: dict[str, Any] = {"data": None}
            for _ in range(500):  # until the chunk has arrived (the connection may not exist yet)
                try:
                    held = await host.call("relay.held", relay="relay-1", request=1, direction="c2s")
                except WorkbenchError as exc:
                    assert exc.code == "relay.no_connection"
                if held["data"]:
                    break
                await asyncio.sleep(0.01)
            assert bytes.fromhex(held["data"]) == b"held"
            await host.call("relay.edit", relay="relay-1", request=1, direction="c2s", data=b"edit".hex())
            await host.call("relay.resume", relay="relay-1", direction="c2s")
            assert await reader.readexactly(4) == b"EDIT"
            await host.call("relay.inject", relay="relay-1", request=1, direction="s2c", data=b"!".hex())
            assert await reader.readexactly(1) == b"!"
            with pytest.raises(WorkbenchError) as gone:
                await host.call("relay.pause", relay="relay-9", direction="c2s")
            assert gone.value.code == "host.no_relay"
            writer.close()
            await writer.wait_closed()
            await host.call("relay.stop", relay="relay-1")

    asyncio.run(asyncio.wait_for(main(), 30))
    assert any(n == "relay.stopped" for n, _d in notes)
    states = [d for n, d in notes if n == "relay.state"]
    assert any(c["c2s"]["held"] == 4 for d in states for c in d["connections"])

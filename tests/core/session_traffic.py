"""A real session for the export tests: servers of every family and type, clients, recorded by the engine.

``record_session(path, tmp)`` runs real instrumented servers (``ServerRunner``) and real engine
clients (``workbench.client.Client`` under asyncio) on loopback and AF_UNIX sockets, plus
clients of servers outside the session (plain sockets the session never sees) and a refused
connect, all recorded into one session log. ``expected(path)`` reads back, from the session's
own records, what each conversation moved each way: what an export must show.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from workbench.client import Client
from workbench.events import RECEIVED_KINDS, SENT_KINDS
from workbench.server import ServerRunner
from workbench.session import format as fmt
from workbench.session.reader import SessionReader
from workbench.session.writer import SessionWriter
from workbench.spec import ClientSpec, ServerSpec


def pattern(size: int, seed: int) -> bytes:
    """Bytes that differ by position and seed, so a misplaced chunk cannot compare equal."""
    return bytes((i * 7 + seed * 31 + (i >> 8)) & 0xFF for i in range(size))


@contextmanager
def outside_servers(tmp: Path) -> Iterator[tuple[tuple[str, int], tuple[str, int]]]:
    """A TCP and a UDP echo server of plain sockets: servers the session does not record."""
    tcp = socket.create_server(("127.0.0.1", 0))
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", 0))
    tcp.settimeout(10)
    udp.settimeout(0.05)  # looks at `done` this often
    done = threading.Event()

    def serve_tcp() -> None:
        try:
            conn, _ = tcp.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(10)
            while data := conn.recv(65536):
                conn.sendall(data[::-1])

    def serve_udp() -> None:
        while not done.is_set():
            try:
                data, peer = udp.recvfrom(65536)
            except TimeoutError:
                continue
            except OSError:
                return
            udp.sendto(data.upper(), peer)

    threads = [threading.Thread(target=serve_tcp), threading.Thread(target=serve_udp)]
    for thread in threads:
        thread.start()
    try:
        yield tcp.getsockname(), udp.getsockname()
    finally:
        done.set()
        tcp.close()
        udp.close()
        for thread in threads:
            thread.join(10)


async def _stream_client(writer: SessionWriter, name: str, spec: ClientSpec, payloads: list[bytes]) -> bytes:
    client = Client(spec, writer, name)
    try:
        await client.connect()
        for payload in payloads:
            await client.sendall(payload)
        await client.shutdown(socket.SHUT_WR)
        return await client.read_until_close()
    finally:
        client.close()


async def _datagram_client(writer: SessionWriter, name: str, spec: ClientSpec, payloads: list[bytes]) -> list[bytes]:
    client = Client(spec, writer, name)
    replies = []
    try:
        for payload in payloads:
            await client.sendto(payload)
            data, _sender = await client.recvfrom(timeout=10)
            replies.append(data)
        return replies
    finally:
        client.close()


async def _refused(writer: SessionWriter, name: str, port: int) -> None:
    client = Client(ClientSpec(port=port, timeout=5), writer, name)
    try:
        assert await client.connect_ex() != 0
    finally:
        client.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def record_session(path: Path, tmp: Path) -> None:
    """Record the session: six servers (TCP/UDP over IPv4, IPv6 and AF_UNIX), their clients, and more.

    client-1 to client-7 talk to the session's servers; client-8 (TCP) and client-9 (UDP) to
    servers outside it; client-10's connect is refused.
    """
    specs = [
        ServerSpec(mixin="threading"),
        ServerSpec(family="inet6", host="::1", base="StreamRequestHandler", handler="upper"),
        ServerSpec(family="unix", path=str(tmp / "stream.sock"), mixin="forking", handler="upper"),
        ServerSpec(type="dgram"),
        ServerSpec(family="unix", type="dgram", path=str(tmp / "dgram.sock"), handler="upper"),
        ServerSpec(family="inet6", type="dgram", host="::1", mixin="threading"),
    ]
    with SessionWriter(path) as writer, outside_servers(tmp) as (tcp_outside, udp_outside):
        runners = [ServerRunner(spec, writer, f"server-{n}") for n, spec in enumerate(specs, start=1)]
        try:
            for runner in runners:
                runner.start()

            def client_spec(runner: ServerRunner) -> ClientSpec:
                spec = runner.spec
                if spec.path is not None:
                    return ClientSpec(family=spec.family, type=spec.type, path=spec.path)
                host, port = runner.address[:2]  # type: ignore[misc]
                return ClientSpec(family=spec.family, type=spec.type, host=host, port=port)

            async def run() -> None:
                tcp4, tcp6, unix_stream, udp4, unix_dgram, udp6 = (client_spec(r) for r in runners)
                await asyncio.gather(
                    _stream_client(writer, "client-1", tcp4, [b"hello, threading server\n", pattern(300_000, 1)]),
                    _stream_client(writer, "client-2", tcp4, [b"second client", pattern(5_000, 2)]),
                    _stream_client(writer, "client-3", tcp6, [b"line one\nline two\n", b"no newline at the end"]),
                    _stream_client(writer, "client-4", unix_stream, [b"over AF_UNIX, forked", pattern(70_000, 3)]),
                )
                await _datagram_client(writer, "client-5", udp4, [b"datagram one", pattern(1_200, 4), b""])
                await _datagram_client(writer, "client-6", unix_dgram, [b"unix datagram", pattern(9_000, 5)])
                await _datagram_client(writer, "client-7", udp6, [b"six", pattern(60_000, 6)])
                outside_tcp = ClientSpec(host=tcp_outside[0], port=tcp_outside[1])
                await _stream_client(writer, "client-8", outside_tcp, [b"to a server the session never saw", pattern(2_000, 7)])
                outside_udp = ClientSpec(type="dgram", host=udp_outside[0], port=udp_outside[1])
                await _datagram_client(writer, "client-9", outside_udp, [b"outside udp"])
                await _refused(writer, "client-10", _free_port())

            asyncio.run(run())
        finally:
            for runner in runners:
                runner.stop(timeout=5)


@dataclass
class Expected:
    """What one conversation moved, from the session's records: c2s and s2c, chunk by chunk."""

    source: str
    request: int
    stream: bool
    c2s: list[bytes] = field(default_factory=list)
    s2c: list[bytes] = field(default_factory=list)

    @property
    def tag(self) -> str:
        """How a packet comment names it: "server-1 request #2", or "client-9"."""
        return f"{self.source} request #{self.request}" if self.request else self.source


def expected(path: Path, outside: set[str]) -> dict[tuple[str, int, int], Expected]:
    """Each conversation's bytes as the session recorded them, keyed (source, request, peer id).

    Servers: stream requests by request, datagram servers by peer; what the server received is
    client to server. ``outside`` names the clients whose server is not in the session: their
    sends are client to server.
    """
    found: dict[tuple[str, int, int], Expected] = {}
    with SessionReader(path) as reader:
        tables = reader.tables
        for index in range(reader.count):
            rec = reader.record(index)
            _ts, off, size, request, _thread, peer, _value, _note, sid, kind, flags = rec
            if not flags & fmt.F_DATA:
                continue
            info = tables.sources[sid]
            stream = info.detail.get("type") != "dgram"
            if info.role == "server":
                key = (info.name, request, 0) if stream else (info.name, 0, peer)
                towards_server = kind in RECEIVED_KINDS
            elif info.name in outside:
                key = (info.name, 0, 0)
                towards_server = kind in SENT_KINDS
            else:
                continue
            entry = found.setdefault(key, Expected(info.name, key[1], stream))
            if size or not stream:
                (entry.c2s if towards_server else entry.s2c).append(reader.arena(off, size))
    for entry in found.values():
        if entry.stream:
            entry.c2s = [c for c in entry.c2s if c]
            entry.s2c = [c for c in entry.s2c if c]
    return found

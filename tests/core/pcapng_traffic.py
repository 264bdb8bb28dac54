"""Conversations for the pcapng tests: a synthetic mix of every kind, and real echoes over loopback.

Every Open comment carries a tag ("conn-N") so a test finds a conversation's stream in the
capture by the comment of its first packet, whatever addresses it is shown with.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from workbench.pcapng import Close, Conversation, Direction, Endpoint, Interface, Item, Open, Reset, Segment

T0 = 1_750_000_000_123_456_789
PORTS = range(50010, 50100)  # Wireshark has no dissector here: payload bytes are shown as data


def pattern(size: int, seed: int) -> bytes:
    """Bytes that differ by position and seed, so a misplaced chunk cannot compare equal."""
    return bytes((i * 7 + seed * 31 + (i >> 8)) & 0xFF for i in range(size))


def stream_bytes(conversation: Conversation, direction: str) -> bytes:
    items = list(conversation.items)
    return b"".join(bytes(i.payload) for i in items if isinstance(i, Segment) and i.direction == direction)


def _tcp(
    tag: int, client: Endpoint, server: Endpoint, interface: str, t: int, sizes: list[int], **kw: str
) -> Conversation:
    items: list[Item] = [Open(t, f"conn-{tag} accept (Thread-{tag})")]
    for n, size in enumerate(sizes):
        direction: Direction = "c2s" if n % 2 == 0 else "s2c"
        call = "recv" if direction == "c2s" else "sendall"
        items.append(
            Segment(t + 1000 * (n + 1), direction, pattern(size, tag * 10 + n), f"{call} {size} bytes")
        )
    end = t + 1000 * (len(sizes) + 1)
    items += [Close(end, "c2s", "recv 0 bytes: the client shut down"), Close(end + 500, "s2c", "close")]
    return Conversation("tcp", client, server, interface, items, **kw)


def synthetic() -> tuple[list[Interface], list[Conversation]]:
    """Servers of every family and type, a client of an outside server, interleaved in time."""
    v4, v6 = Endpoint("inet", "127.0.0.1", 50010), Endpoint("inet6", "::1", 50011)
    unix_stream, unix_dgram = Endpoint("unix", path="/tmp/wb.sock"), Endpoint("unix", path="/tmp/wb-dg.sock")
    udp4, udp6 = Endpoint("inet", "127.0.0.1", 50012), Endpoint("inet6", "::1", 50013)
    outside = Endpoint("inet", "192.0.2.10", 50014)
    interfaces = [
        Interface("server-1", "ThreadingMixIn TCPServer on 127.0.0.1:50010", v4),
        Interface("server-2", "TCPServer on [::1]:50011", v6),
        Interface("server-3", "UnixStreamServer on /tmp/wb.sock", unix_stream),
        Interface("server-4", "UDPServer on 127.0.0.1:50012", udp4),
        Interface("server-5", "UnixDatagramServer on /tmp/wb-dg.sock", unix_dgram),
        Interface("server-6", "UDPServer on [::1]:50013", udp6),
        Interface("client-9", "client of 192.0.2.10:50014", None, "client"),
    ]
    lo = "127.0.0.1"
    conversations = [
        _tcp(1, Endpoint("inet", lo, 41001), v4, "server-1", T0, [5, 5, 300_000, 300_000], label="client-1"),
        _tcp(2, Endpoint("inet", lo, 41002), v4, "server-1", T0 + 200, [64, 64], label="client-1"),
        _tcp(3, Endpoint("inet", lo, 41003), v4, "server-1", T0 + 300, [1, 70_000, 2, 130_001]),
        _tcp(4, Endpoint("inet6", "::1", 41004), v6, "server-2", T0 + 400, [100, 65_000, 65_001]),
        _tcp(5, Endpoint("unix"), unix_stream, "server-3", T0 + 500, [10, 20, 30]),
        _tcp(6, Endpoint("unix"), unix_stream, "server-3", T0 + 600, [200_000, 3]),
        _tcp(7, Endpoint("inet", "10.0.0.2", 41007), outside, "client-9", T0 + 700, [12, 34]),
        Conversation(
            "tcp",
            Endpoint("inet", "10.0.0.2", 41008),
            outside,
            "client-9",
            [Reset(T0 + 800, "s2c", "conn-8 connect: ConnectionRefusedError")],
        ),
        Conversation(
            "tcp",
            Endpoint("inet", "10.0.0.2", 41009),
            outside,
            "client-9",
            [
                Open(T0 + 900, "conn-9 connect"),
                Segment(T0 + 950, "c2s", b"GET", "send 3 bytes"),
                Reset(T0 + 990, "s2c", "recv: ConnectionResetError"),
            ],
        ),
    ]
    datagrams = [
        ("server-4", Endpoint("inet", lo, 42001), udp4, [b"ping", b"PING", b""]),
        ("server-5", Endpoint("unix", path="/tmp/wb-client.sock"), unix_dgram, [pattern(100_000, 5), b"ok"]),
        ("server-6", Endpoint("inet6", "::1", 42003), udp6, [pattern(65_527, 6), pattern(9, 7)]),
    ]
    for n, (interface, client, server, payloads) in enumerate(datagrams):
        t = T0 + 250 + 100 * n
        items: list[Item] = [
            Segment(t + i, "c2s" if i % 2 == 0 else "s2c", p, f"dgram-{n} {i}")
            for i, p in enumerate(payloads)
        ]
        conversations.append(Conversation("udp", client, server, interface, items))
    return interfaces, conversations


class Recording:
    """Items of one real conversation, appended from two threads in the order they happened."""

    def __init__(self) -> None:
        self.items: list[Item] = []
        self._lock = threading.Lock()

    def segment(self, direction: Direction, payload: bytes, comment: str) -> None:
        with self._lock:  # the timestamp is taken under the lock, so list order is time order
            self.items.append(Segment(time.time_ns(), direction, payload, comment))

    def close(self, direction: Direction, comment: str) -> None:
        with self._lock:
            self.items.append(Close(time.time_ns(), direction, comment))


def _bind_listener(family: int, kind: int, address: str) -> socket.socket:
    sock = socket.socket(family, kind)
    if family == socket.AF_UNIX:
        sock.bind(address)
        return sock
    for port in PORTS:
        try:
            sock.bind((address, port))
            return sock
        except OSError:
            continue
    sock.close()
    raise RuntimeError("no free port in 50010-50099")


@contextmanager
def _closing(*socks: socket.socket) -> Iterator[None]:
    try:
        yield
    finally:
        for sock in socks:
            bound = sock.getsockname() if sock.family == socket.AF_UNIX else ""
            sock.close()
            if bound and isinstance(bound, str):
                Path(bound).unlink(missing_ok=True)


def record_tcp_echo(family: int, host_or_path: str, payloads: list[bytes], tag: int) -> Conversation:
    """A real echo over a loopback (or AF_UNIX) connection, each direction seen by its receiver.

    The receiving end records what it got, when: the server's ``recv`` chunks for client to
    server, the client's for the way back, and each end's EOF as the peer's FIN. So a FIN is
    never recorded before the data it follows.
    """
    listener = _bind_listener(family, socket.SOCK_STREAM, host_or_path)
    client = socket.socket(family, socket.SOCK_STREAM)
    recording = Recording()
    with _closing(listener, client):
        listener.listen(1)
        listener.settimeout(10)
        client.settimeout(10)

        def serve() -> None:
            conn, _ = listener.accept()
            with conn:
                while chunk := conn.recv(65536):
                    recording.segment("c2s", chunk, f"recv {len(chunk)} bytes (server)")
                    conn.sendall(chunk)
                recording.close("c2s", "recv 0 bytes: EOF from the client (server)")

        server_thread = threading.Thread(target=serve)
        client.connect(listener.getsockname())
        opened = time.time_ns()
        server_thread.start()

        def send() -> None:
            for payload in payloads:
                client.sendall(payload)
            client.shutdown(socket.SHUT_WR)

        sender = threading.Thread(target=send)
        sender.start()
        while chunk := client.recv(65536):
            recording.segment("s2c", chunk, f"recv {len(chunk)} bytes (client)")
        recording.close("s2c", "recv 0 bytes: EOF from the server (client)")
        sender.join(10)
        server_thread.join(10)
        server, peer = listener.getsockname(), client.getsockname()
    items: list[Item] = [Open(opened, f"conn-{tag} connect (client)"), *recording.items]
    return Conversation("tcp", Endpoint.from_address(peer), Endpoint.from_address(server), "real", items)


def record_udp_echo(family: int, host: str, payloads: list[bytes]) -> Conversation:
    """Real datagrams to a loopback UDP socket and its echoes, each recorded where it arrived."""
    server = _bind_listener(family, socket.SOCK_DGRAM, host)
    client = socket.socket(family, socket.SOCK_DGRAM)
    items: list[Item] = []
    with _closing(server, client):
        server.settimeout(10)
        client.settimeout(10)
        for payload in payloads:
            client.sendto(payload, server.getsockname())
            data, peer = server.recvfrom(65536)
            items.append(Segment(time.time_ns(), "c2s", data, f"recvfrom {len(data)} bytes (server)"))
            server.sendto(data, peer)
            reply = client.recv(65536)
            items.append(Segment(time.time_ns(), "s2c", reply, f"recv {len(reply)} bytes (client)"))
        ends = Endpoint.from_address(client.getsockname()), Endpoint.from_address(server.getsockname())
    return Conversation("udp", ends[0], ends[1], "real", items)


def real(tmp_path: Path) -> tuple[list[Interface], list[Conversation], list[list[bytes]]]:
    """Real loopback echoes (IPv4, IPv6 where available, AF_UNIX; TCP and UDP) and what was sent."""
    sent = [[b"hello over IPv4\n", pattern(150_000, 1)], [b"over AF_UNIX", pattern(70_000, 2)]]
    conversations = [
        record_tcp_echo(socket.AF_INET, "127.0.0.1", sent[0], 1),
        record_tcp_echo(socket.AF_UNIX, str(tmp_path / "echo.sock"), sent[1], 2),
    ]
    if socket.has_ipv6:
        sent.append([b"and over IPv6", pattern(3_000, 3)])
        conversations.append(record_tcp_echo(socket.AF_INET6, "::1", sent[2], 3))
    sent.append([b"datagram one", pattern(1_200, 4)])
    conversations.append(record_udp_echo(socket.AF_INET, "127.0.0.1", sent[-1]))
    interfaces = [Interface("real", "loopback echoes recorded by the test", None)]
    return interfaces, conversations, sent

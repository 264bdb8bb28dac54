"""Client against real stdlib servers: every family x type, errors as events, every byte in the session log."""

from __future__ import annotations

import asyncio
import errno
import gc
import os
import random
import re
import shutil
import socket
import socketserver
import tempfile
import threading
import weakref
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import pytest

from workbench.client import Client
from workbench.errors import WorkbenchError
from workbench.events import Event
from workbench.session.reader import SessionReader
from workbench.session.writer import SessionWriter
from workbench.spec import ClientSpec, Family, SockType

T = TypeVar("T")

HAS_IPV6 = socket.has_ipv6
if HAS_IPV6:
    try:
        with socket.socket(socket.AF_INET6) as _probe:
            _probe.bind(("::1", 0))
    except OSError:
        HAS_IPV6 = False

ALL_BYTES = bytes(range(256))


# -- real servers ------------------------------------------------------------


class StreamEcho(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        self.request.settimeout(30)
        while data := self.request.recv(65536):
            self.request.sendall(data)


class DgramEcho(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        data, sock = self.request
        sock.sendto(data, self.client_address)


class TCP6Server(socketserver.ThreadingTCPServer):
    address_family = socket.AF_INET6


class UDP6Server(socketserver.ThreadingUDPServer):
    address_family = socket.AF_INET6


SERVERS: dict[tuple[Family, SockType], type[socketserver.BaseServer]] = {
    (Family.INET, SockType.STREAM): socketserver.ThreadingTCPServer,
    (Family.INET, SockType.DGRAM): socketserver.ThreadingUDPServer,
    (Family.INET6, SockType.STREAM): TCP6Server,
    (Family.INET6, SockType.DGRAM): UDP6Server,
    (Family.UNIX, SockType.STREAM): socketserver.ThreadingUnixStreamServer,
    (Family.UNIX, SockType.DGRAM): socketserver.ThreadingUnixDatagramServer,
}

COMBOS = [
    pytest.param(
        f, t, id=f"{f}-{t}", marks=[] if f is not Family.INET6 or HAS_IPV6 else [pytest.mark.skip("no IPv6")]
    )
    for f in Family
    for t in SockType
]


@pytest.fixture
def sockdir() -> Iterator[str]:
    # Short, private paths: pytest's tmp_path can exceed the 107-byte AF_UNIX limit.
    path = tempfile.mkdtemp(prefix="wbt-")
    yield path
    shutil.rmtree(path, ignore_errors=True)


@contextmanager
def echo_server(family: Family, kind: SockType, sockdir: str, **client: Any) -> Iterator[ClientSpec]:
    """A real socketserver echo server; yields the ClientSpec that reaches it."""
    cls = SERVERS[family, kind]
    handler = StreamEcho if kind is SockType.STREAM else DgramEcho
    address: Any
    if family is Family.UNIX:
        address = os.path.join(sockdir, f"echo-{kind}.sock")
    else:
        address = ("::1" if family is Family.INET6 else "127.0.0.1", 0)
    server = cls(address, handler)  # type: ignore[call-arg]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="echo-serve")
    thread.start()
    try:
        if family is Family.UNIX:
            yield ClientSpec(family=family, type=kind, path=address, **client)
        else:
            host, port = server.server_address[:2]  # type: ignore[misc]
            yield ClientSpec(family=family, type=kind, host=str(host), port=int(port), **client)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)
        assert not thread.is_alive()
        if family is Family.UNIX and os.path.exists(address):
            os.unlink(address)


@contextmanager
def silent_tcp_server() -> Iterator[ClientSpec]:
    """Accepts connections (in the kernel backlog) and never reads: sends eventually block."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    try:
        yield ClientSpec(port=listener.getsockname()[1])
    finally:
        listener.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def open_fds() -> int:
    if not os.path.isdir("/proc/self/fd"):  # pragma: no cover - the fd checks are Linux-only
        pytest.skip("needs /proc/self/fd to count descriptors")
    return len(os.listdir("/proc/self/fd"))


class Recorder(SessionWriter):
    """A session log in a private temp file; reads back like a list of the events in it."""

    def __init__(self) -> None:
        self._dir = tempfile.mkdtemp(prefix="wbt-log-")
        super().__init__(os.path.join(self._dir, "client.swb"), flush_interval=0.002)
        self._seen: list[Event] = []
        weakref.finalize(self, _cleanup, self, self._dir)

    def snapshot(self) -> list[Event]:
        self.flush()
        assert self.path is not None
        with SessionReader(self.path) as reader:
            self._seen.extend(reader.events(len(self._seen)))
        return list(self._seen)

    def __iter__(self) -> Iterator[Event]:
        return iter(self.snapshot())

    def __len__(self) -> int:
        return len(self.snapshot())

    def __getitem__(self, index: int) -> Event:
        return self.snapshot()[index]

    def names(self) -> list[str]:
        return [e.event for e in self]

    def data_events(self, direction: str | None = None) -> list[Event]:
        return [e for e in self if e.data is not None and (direction is None or e.direction == direction)]

    def moved(self, direction: str) -> bytes:
        """Every byte the log holds for one direction, in call order."""
        return b"".join(e.data or b"" for e in self.data_events(direction))


#: For scenarios that look at replies, not at the log: records to no file.
NOWHERE = SessionWriter(None)


def _cleanup(recorder: SessionWriter, directory: str) -> None:
    recorder.close()
    shutil.rmtree(directory, ignore_errors=True)


def run(scenario: Callable[[], Awaitable[T]]) -> T:
    """A fresh event loop per scenario; any 'exception was never retrieved' fails the test."""
    problems: list[dict[str, Any]] = []

    async def main() -> T:
        asyncio.get_running_loop().set_exception_handler(lambda loop, ctx: problems.append(ctx))
        result = await scenario()
        gc.collect()  # unretrieved task exceptions are reported when the task is collected
        await asyncio.sleep(0)
        return result

    result = asyncio.run(main())
    assert problems == [], problems
    return result


def assert_log_matches(client: Client, events: Recorder) -> None:
    """Every event is the client's own call; data events carry what moved, in order."""
    for ev in events:
        assert (ev.role, ev.source, ev.request, ev.phase) == ("client", client.id, None, None)
    for ev in events.data_events():
        assert ev.direction in ("sent", "received")


# -- every family x type -----------------------------------------------------


ECHO_CASES = [
    pytest.param(*p.values, connect, id=f"{p.id}-{'connect' if connect else 'sendto'}", marks=p.marks)
    for p in COMBOS
    for connect in (True, False)
    if connect or p.values[1] is SockType.DGRAM  # a stream socket always connects
]


@pytest.mark.parametrize(("family", "kind", "connect"), ECHO_CASES)
def test_echo_for_every_family_and_type(family: Family, kind: SockType, connect: bool, sockdir: str) -> None:
    payload = b"hello\x00\xff" + ALL_BYTES
    events = Recorder()
    with echo_server(family, kind, sockdir) as spec:

        async def scenario() -> Client:
            client = Client(spec, events)
            assert not client.connected
            if connect:
                await client.connect()
                assert client.connected
            if kind is SockType.STREAM:
                await client.sendall(payload)
                assert await client.read_exactly(len(payload)) == payload
            elif connect:
                assert await client.send(payload) == len(payload)
                assert await client.recv() == payload
            else:
                assert await client.sendto(payload) == len(payload)
                data, sender = await client.recvfrom()
                assert data == payload
                assert sender == client.spec.address or sender[0] == spec.host
            client.close()
            return client

        client = run(scenario)
    assert client.closed and not client.connected
    names = events.names()
    assert names[0] == "socket" and names[-1] == "close"
    if connect:
        assert names[1] == "connect"
        assert events[1].address is not None and events[1].error is None
    assert all(e.error is None for e in events)
    assert events.moved("sent") == payload
    assert events.moved("received") == payload
    assert_log_matches(client, events)


def test_host_names_are_resolved(sockdir: str) -> None:
    events = Recorder()
    with echo_server(Family.INET, SockType.STREAM, sockdir) as spec:
        named = ClientSpec(host="localhost", port=spec.port)

        async def scenario() -> None:
            client = Client(named, events)
            await client.connect()
            await client.sendall(b"hi")
            assert await client.read_exactly(2) == b"hi"
            client.close()

        run(scenario)
    # the name is resolved as its own event, with what getaddrinfo found
    assert events.names()[:3] == ["getaddrinfo", "socket", "connect"]
    assert (
        events[0].address == ("localhost", spec.port)
        and ["127.0.0.1", spec.port] in events[0].detail["results"]
    )
    assert events[2].address == ("127.0.0.1", spec.port)


def test_the_bytes_reach_the_log_one_event_per_call(sockdir: str) -> None:
    events = Recorder()
    with echo_server(Family.INET, SockType.STREAM, sockdir) as spec:

        async def scenario() -> None:
            client = Client(spec, events)
            await client.connect()
            await client.sendall(bytes(range(256)))
            assert await client.read_exactly(256) == bytes(range(256))
            client.close()

        run(scenario)
    assert [e.data for e in events.data_events("sent")] == [bytes(range(256))]
    assert b"".join(e.data or b"" for e in events.data_events("received")) == bytes(range(256))


# -- errors are events, then plain WorkbenchErrors ---------------------------


def test_refused_connection_is_an_event_and_a_plain_error() -> None:
    port = free_port()
    events = Recorder()

    async def scenario() -> Client:
        client = Client(ClientSpec(port=port), events)
        with pytest.raises(WorkbenchError) as info:
            await client.connect()
        assert str(info.value) == f"connection refused by 127.0.0.1:{port} — is a server listening there?"
        assert not client.connected
        client.close()
        return client

    run(scenario)
    assert events.names() == ["socket", "connect", "close"]
    refused = events[1]
    assert refused.error is not None and refused.error.startswith("ConnectionRefusedError: [Errno 111]")
    assert refused.address == ("127.0.0.1", port)


def test_connect_ex_returns_the_errno_instead_of_raising(sockdir: str) -> None:
    events = Recorder()
    port = free_port()

    async def refused() -> int:
        client = Client(ClientSpec(port=port), events)
        try:
            return await client.connect_ex()
        finally:
            client.close()

    assert run(refused) == errno.ECONNREFUSED
    # connect_ex returns the errno instead of raising: its value, with the errno's name
    assert events[1].event == "connect_ex" and events[1].error is None
    assert events[1].value == errno.ECONNREFUSED and events[1].detail == {"errno": "ECONNREFUSED"}
    with echo_server(Family.INET, SockType.STREAM, sockdir) as spec:

        async def accepted() -> int:
            client = Client(spec, events)
            code = await client.connect_ex()
            assert client.connected
            client.close()
            return code

        assert run(accepted) == 0


def test_missing_unix_socket_then_retry_after_the_server_starts(sockdir: str) -> None:
    path = os.path.join(sockdir, "echo-stream.sock")
    events = Recorder()
    client = Client(ClientSpec(family="unix", path=path), events)

    async def missing() -> None:
        with pytest.raises(
            WorkbenchError, match=r"^no socket at .*echo-stream\.sock — is a server running there"
        ):
            await client.connect()

    run(missing)
    assert (events[1].error or "").startswith("FileNotFoundError: [Errno 2]")
    # The same client connects once a server is there: a failed connect leaves no broken socket behind.
    with echo_server(Family.UNIX, SockType.STREAM, sockdir) as spec:
        assert spec.path == path

        async def retry() -> bytes:
            await client.connect()
            await client.sendall(b"again")
            data = await client.read_exactly(5)
            client.close()
            return data

        assert run(retry) == b"again"
    assert events.names() == ["socket", "connect", "socket", "connect", "sendall", "recv", "close"]


def test_a_file_that_is_not_a_listening_socket_is_refused(sockdir: str) -> None:
    path = os.path.join(sockdir, "stale.sock")
    with socket.socket(socket.AF_UNIX) as stale:
        stale.bind(path)  # a socket file nobody listens on, as a crashed server leaves it
    events = Recorder()

    async def scenario() -> None:
        client = Client(ClientSpec(family="unix", path=path), events)
        with pytest.raises(
            WorkbenchError, match=re.escape(f"connection refused by {path} — is a server listening there")
        ):
            await client.connect()
        client.close()

    run(scenario)


def test_calls_in_the_wrong_state_are_events_and_plain_errors(sockdir: str) -> None:
    events = Recorder()

    async def scenario() -> Client:
        client = Client(ClientSpec(port=9), events)
        with pytest.raises(WorkbenchError, match="not connected: connect first"):
            await client.send(b"x")
        with pytest.raises(WorkbenchError, match="not connected: connect first"):
            await client.sendall(b"x")
        with pytest.raises(WorkbenchError, match="not connected: connect first"):
            await client.recv()
        with pytest.raises(WorkbenchError, match="sendto is for datagram"):
            await client.sendto(b"x")
        with pytest.raises(WorkbenchError, match="shutdown needs a connected socket"):
            await client.shutdown()
        client.close()
        client.close()  # idempotent: one close event
        with pytest.raises(WorkbenchError, match="this client is closed"):
            await client.connect()
        with pytest.raises(WorkbenchError, match="this client is closed"):
            await client.recv()
        return client

    run(scenario)
    assert events.names() == ["send", "sendall", "recv", "sendto", "shutdown", "close", "connect", "recv"]
    assert all(e.error for e in events if e.event != "close")
    assert not [e for e in events if e.data]  # nothing moved, nothing recorded

    udp = Recorder()

    async def datagram() -> None:
        client = Client(ClientSpec(type="dgram", port=9), udp)
        with pytest.raises(WorkbenchError, match="nothing can arrive yet"):
            await client.recvfrom()
        with pytest.raises(WorkbenchError, match="connect first, or use sendto"):
            await client.send(b"x")
        with pytest.raises(WorkbenchError, match="at least 1 byte"):
            await client.recv(0)
        client.close()

    run(datagram)
    assert udp.names() == ["recvfrom", "send", "recv", "close"]


def test_already_connected(sockdir: str) -> None:
    with echo_server(Family.INET, SockType.STREAM, sockdir) as spec:

        async def scenario() -> None:
            client = Client(spec, NOWHERE)
            await client.connect()
            with pytest.raises(WorkbenchError, match=r"already connected to 127\.0\.0\.1:"):
                await client.connect()
            client.close()

        run(scenario)


def test_udp_to_a_closed_port_is_refused() -> None:
    port = free_port()
    events = Recorder()

    async def scenario() -> None:
        client = Client(ClientSpec(type="dgram", port=port), events)
        await client.connect()
        await client.send(b"anyone?")
        with pytest.raises(
            WorkbenchError, match=re.escape(f"127.0.0.1:{port} refused the datagram — is a UDP server")
        ):
            await client.recv(timeout=5)
        client.close()

    run(scenario)
    assert events.names() == ["socket", "connect", "send", "recv", "close"]
    assert (events[3].error or "").startswith("ConnectionRefusedError: [Errno 111]")


# -- timeouts ----------------------------------------------------------------


def test_connect_times_out_after_spec_timeout() -> None:
    # A listener with a full accept queue drops further SYNs: the handshake never completes.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    try:
        for _ in range(4):
            s = socket.socket()
            s.setblocking(False)
            s.connect_ex(("127.0.0.1", port))
            fillers.append(s)
        events = Recorder()

        async def scenario() -> int:
            client = Client(ClientSpec(port=port, timeout=0.3), events)
            with pytest.raises(WorkbenchError, match=r"connect to 127.0.0.1:\d+ timed out after 0.3 s"):
                await client.connect()
            code = await client.connect_ex()
            client.close()
            return code

        assert run(scenario) == errno.ETIMEDOUT
        # connect raises TimeoutError, as Python's; connect_ex returns ETIMEDOUT instead
        tried = [(e.event, e.error, e.value) for e in events if e.event.startswith("connect")]
        assert tried == [("connect", "TimeoutError: timed out", None), ("connect_ex", None, errno.ETIMEDOUT)]
    finally:
        for s in fillers:
            s.close()
        listener.close()


def test_recv_timeout_is_an_error_and_the_client_stays_usable(sockdir: str) -> None:
    events = Recorder()
    with echo_server(Family.INET, SockType.STREAM, sockdir) as spec:

        async def scenario() -> bytes:
            client = Client(spec, events)
            await client.connect()
            with pytest.raises(WorkbenchError, match=r"recv timed out after 0.2 s: nothing arrived"):
                await client.recv(timeout=0.2)
            await client.sendall(b"still here")
            data = await client.read_exactly(10)
            client.close()
            return data

        assert run(scenario) == b"still here"
    assert next(e.error for e in events if e.event == "recv") == "TimeoutError: timed out"


def test_sendall_to_a_peer_that_never_reads_times_out_and_captures_what_went_out() -> None:
    events = Recorder()
    size = 64 << 20
    with silent_tcp_server() as spec:

        async def scenario() -> Client:
            client = Client(ClientSpec(port=spec.port, timeout=0.3), events)
            await client.connect()
            with pytest.raises(
                WorkbenchError, match=r"sendall timed out after 0.3 s \(\d+ of 67108864 bytes sent\)"
            ):
                await client.sendall(bytes(size))
            client.close()
            return client

        client = run(scenario)
    failed = events[2]
    assert failed.event == "sendall" and failed.error == "TimeoutError: timed out"
    assert failed.data is not None and 0 < len(failed.data) < size
    assert events.moved("sent") == failed.data
    assert_log_matches(client, events)


# -- shutdown and bulk data --------------------------------------------------


@pytest.mark.parametrize("family", [Family.INET, Family.UNIX])
def test_shutdown_wr_lets_the_echo_server_finish(family: Family, sockdir: str) -> None:
    events = Recorder()
    payload = ALL_BYTES * 64
    with echo_server(family, SockType.STREAM, sockdir) as spec:

        async def scenario() -> bytes:
            client = Client(spec, events)
            await client.connect()
            await client.sendall(payload)
            await client.shutdown()  # SHUT_WR: the server's recv returns b"" and it closes
            data = await client.read_until_close()
            assert client.connected  # our side is still open until close()
            client.close()
            return data

        assert run(scenario) == payload
    names = events.names()
    assert names[:4] == ["socket", "connect", "sendall", "shutdown"]
    assert names[-2:] == ["recv", "close"] and events[-2].data == b""  # end of file, as a 0-byte recv


@pytest.mark.parametrize(("family", "kind"), COMBOS)
def test_every_byte_value_and_mibs_match_capture_and_events(
    family: Family, kind: SockType, sockdir: str
) -> None:
    rng = random.Random(1234)
    events = Recorder()
    if kind is SockType.STREAM:
        payload = ALL_BYTES * 4096 + rng.randbytes(2 << 20) + ALL_BYTES  # 3 MiB and a bit
    else:
        payload = ALL_BYTES * 8 + rng.randbytes(200_000)
    with echo_server(family, kind, sockdir) as spec:

        async def stream() -> tuple[bytes, Client]:
            client = Client(spec, events)
            await client.connect()
            reader = asyncio.create_task(client.read_exactly(len(payload)))
            pos = 0
            while pos < len(payload):
                size = rng.choice([1, 7, 256, 4096, 65536, 300_000, 1 << 20])
                piece = payload[pos : pos + size]
                if rng.random() < 0.5:
                    pos += await client.send(piece)  # may take only part of it, as send() does
                else:
                    await client.sendall(piece)
                    pos += len(piece)
            data = await reader
            client.close()
            return data, client

        async def datagrams() -> tuple[bytes, Client]:
            client = Client(spec, events)
            out = []
            pos = 0
            while pos < len(payload):
                piece = payload[pos : pos + rng.choice([1, 256, 1400, 8192])]
                await client.sendto(piece)
                data, _ = await client.recvfrom(timeout=5)
                out.append(data)
                pos += len(piece)
            client.close()
            return b"".join(out), client

        received, client = run(stream if kind is SockType.STREAM else datagrams)
    assert received == payload
    assert b"".join(e.data or b"" for e in events.data_events("sent")) == payload
    assert b"".join(e.data or b"" for e in events.data_events("received")) == payload
    assert len(events.moved("sent")) + len(events.moved("received")) == 2 * len(payload)
    assert_log_matches(client, events)


def test_capture_equals_events_for_a_big_exchange(sockdir: str) -> None:
    events = Recorder()
    payload = (ALL_BYTES * 4096) * 3  # 3 MiB
    with echo_server(Family.INET, SockType.STREAM, sockdir) as spec:

        async def scenario() -> Client:
            client = Client(spec, events)
            await client.connect()
            reader = asyncio.create_task(client.read_exactly(len(payload)))
            await client.sendall(payload)
            assert await reader == payload
            client.close()
            return client

        client = run(scenario)
    assert len(events.moved("sent")) + len(events.moved("received")) == 2 * len(payload)
    assert_log_matches(client, events)
    assert events.moved("received") == payload


def test_concurrent_sendalls_queue_and_never_interleave(sockdir: str) -> None:
    a, b = b"A" * (3 << 20), b"B" * (3 << 20)
    with echo_server(Family.INET, SockType.STREAM, sockdir) as spec:

        async def scenario() -> bytes:
            client = Client(spec, NOWHERE)
            await client.connect()
            reader = asyncio.create_task(client.read_exactly(len(a) + len(b)))
            await asyncio.gather(client.sendall(a), client.sendall(b))
            data = await reader
            client.close()
            return data

        assert run(scenario) == a + b


def test_only_one_recv_waits_at_a_time(sockdir: str) -> None:
    with echo_server(Family.INET, SockType.STREAM, sockdir) as spec:

        async def scenario() -> None:
            client = Client(spec, NOWHERE)
            await client.connect()
            first = asyncio.create_task(client.recv())
            await asyncio.sleep(0.01)
            with pytest.raises(WorkbenchError, match="another recv is already waiting"):
                await client.recv()
            await client.sendall(b"x")
            assert await first == b"x"
            client.close()

        run(scenario)


# -- close: readers end cleanly, fds and temp files go ----------------------


@pytest.mark.parametrize(("family", "kind"), COMBOS)
def test_close_while_a_reader_waits_ends_it_cleanly(family: Family, kind: SockType, sockdir: str) -> None:
    events = Recorder()
    with echo_server(family, kind, sockdir) as spec:

        async def reader(client: Client) -> list[bytes]:
            got = []
            while data := (await client.recv() if kind is SockType.STREAM else (await client.recvfrom())[0]):
                got.append(data)
            return got

        async def scenario() -> list[bytes]:
            client = Client(spec, events)
            await client.connect()
            task = asyncio.create_task(reader(client))
            await client.send(b"one")
            for _ in range(500):  # until the echo is in (a loaded machine may take a while)
                if len(events.moved("received")) == 3:
                    break
                await asyncio.sleep(0.01)
            await asyncio.sleep(0.01)  # the reader is back in recv, waiting
            client.close()
            got = await asyncio.wait_for(task, 5)
            # The fd number is free again and may be reused at once: a new client must work.
            other = Client(spec, NOWHERE)
            await other.connect()
            await other.send(b"two")
            echoed = await asyncio.wait_for(other.recv(), 5)
            other.close()
            return [*got, echoed]

        assert run(scenario) == [b"one", b"two"]
    assert events.names()[-1] == "close"
    assert all(e.error is None for e in events)


def test_cancelling_a_reader_task_leaves_the_client_usable(sockdir: str) -> None:
    with echo_server(Family.INET, SockType.STREAM, sockdir) as spec:

        async def scenario() -> bytes:
            client = Client(spec, NOWHERE)
            await client.connect()
            task = asyncio.create_task(client.recv())
            await asyncio.sleep(0.01)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            await client.sendall(b"after")
            data = await asyncio.wait_for(client.read_exactly(5), 5)
            client.close()
            return data

        assert run(scenario) == b"after"


def test_close_during_a_blocked_sendall_reports_what_went_out() -> None:
    events = Recorder()
    size = 64 << 20
    with silent_tcp_server() as spec:

        async def scenario() -> Client:
            client = Client(spec, events)
            await client.connect()
            task = asyncio.create_task(client.sendall(bytes(size)))
            await asyncio.sleep(0.2)
            client.close()
            with pytest.raises(
                WorkbenchError, match=r"sendall stopped after \d+ of 67108864 bytes: the client was closed"
            ):
                await task
            return client

        run(scenario)
    assert events.names() == ["socket", "connect", "close", "sendall"]
    stopped = events[-1]
    assert stopped.error == "interrupted by close()" and stopped.data is not None
    assert events.moved("sent") == stopped.data and len(stopped.data) > 0


@pytest.mark.parametrize(("family", "kind"), COMBOS)
def test_close_releases_the_fd_and_temp_files(family: Family, kind: SockType, sockdir: str) -> None:
    with echo_server(family, kind, sockdir) as spec:

        async def scenario() -> tuple[Any, int, int]:
            before = open_fds()  # inside the loop: its own epoll and wake-up fds are counted
            client = Client(spec, NOWHERE)
            await client.connect()
            await client.send(b"ping")
            await client.recv()
            local = client.local_address
            during = open_fds()
            client.close()
            # The in-process echo server closes its end of a stream once it sees EOF.
            for _ in range(200):
                if open_fds() == before:
                    break
                await asyncio.sleep(0.01)
            return local, during - before, open_fds() - before

        local, grew, left = run(scenario)
        assert grew == (2 if kind is SockType.STREAM else 1)  # our socket (+ the server's accepted one)
        assert left == 0
    if family is Family.UNIX and kind is SockType.DGRAM:
        # The unix datagram client bound its own path in a private temp dir, so replies can reach it.
        assert isinstance(local, str)
        assert not os.path.exists(local) and not os.path.exists(os.path.dirname(local))


def test_unix_datagram_temp_dir_is_removed_when_the_client_is_collected(sockdir: str) -> None:
    with echo_server(Family.UNIX, SockType.DGRAM, sockdir) as spec:

        async def scenario() -> str:
            client = Client(spec, NOWHERE)
            await client.sendto(b"x")
            await client.recv()
            local = client.local_address
            assert isinstance(local, str) and os.path.exists(local)
            client._sock.close()  # type: ignore[union-attr]  # as if abandoned: no close() call
            return local

        local = run(scenario)
        gc.collect()
        assert not os.path.exists(os.path.dirname(local))


def test_with_the_instrumented_server_runner(sockdir: str) -> None:
    """The engine's own ServerRunner records exactly the bytes the client recorded."""
    server_mod = pytest.importorskip("workbench.server")
    from workbench.spec import ServerSpec

    server_events = Recorder()
    runner = server_mod.ServerRunner(ServerSpec(), server_events)
    runner.start()
    client_events = Recorder()
    payload = ALL_BYTES * 256
    try:
        port = runner.address[1]

        async def scenario() -> bytes:
            client = Client(ClientSpec(port=port), client_events)
            await client.connect()
            await client.sendall(payload)
            await client.shutdown()
            data = await client.read_until_close()
            client.close()
            return data

        assert run(scenario) == payload
    finally:
        runner.stop()
    server_got = server_events.moved("received")
    server_sent = server_events.moved("sent")
    assert server_got == payload == server_sent


def test_sendto_an_explicit_address_and_bad_addresses(sockdir: str) -> None:
    events = Recorder()
    with echo_server(Family.INET, SockType.DGRAM, sockdir) as spec:
        elsewhere = ClientSpec(type="dgram", port=9)  # the default target is not the server

        async def scenario() -> bytes:
            client = Client(elsewhere, events)
            await client.sendto(b"to the server", (spec.host, spec.port))
            data, sender = await client.recvfrom(timeout=5)
            assert sender == (spec.host, spec.port)
            with pytest.raises(WorkbenchError, match=r"needs a \(host, port\) pair"):
                await client.sendto(b"x", ("127.0.0.1", 0))
            with pytest.raises(WorkbenchError, match=r"needs a \(host, port\) pair"):
                await client.sendto(b"x", "/not/an/inet/address")
            with pytest.raises(TypeError):
                await client.sendto("text is not bytes")  # type: ignore[arg-type]
            with pytest.raises(TypeError):
                await client.sendto(5)  # type: ignore[arg-type]  # bytes(5) would be five zero bytes
            client.close()
            return data

        assert run(scenario) == b"to the server"
    assert [e.event for e in events if e.error] == ["sendto", "sendto"]
    assert events[1].event == "sendto" and events[1].address == (spec.host, spec.port)
    assert events[2].event == "recvfrom" and events[2].address == (spec.host, spec.port)

"""The host process through HostClient: commands, errors, notifications, the log, and its exit."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

import pytest

from workbench import __version__
from workbench.errors import WorkbenchError
from workbench.events import Event
from workbench.host import host_command
from workbench.host.client import HostClient
from workbench.session.reader import SessionReader
from workbench.spec import ClientSpec, Mixin, ServerSpec, SockType

T = TypeVar("T")
pytestmark = pytest.mark.usefixtures("no_leaks")


def run(coro: Coroutine[Any, Any, T], timeout: float = 30.0) -> T:
    return asyncio.run(asyncio.wait_for(coro, timeout))


def read_back(path: Path) -> list[Event]:
    with SessionReader(path) as reader:
        return list(reader.events())


def joined(events: list[Event], source: str, *calls: str) -> bytes:
    return b"".join(e.data or b"" for e in events if e.source == source and e.event in calls)


class Notes:
    """What the host notified, and a way to wait for one that matches."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, dict[str, Any]]] = []
        self._changed = asyncio.Event()

    def __call__(self, name: str, data: dict[str, Any]) -> None:
        self.seen.append((name, data))
        self._changed.set()

    def names(self) -> set[str]:
        return {name for name, _data in self.seen}

    def received(self, client: str) -> int:
        return sum(d["nbytes"] for n, d in self.seen if n == "client.received" and d["client"] == client)

    async def until(self, done: Any, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while not done():
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"not notified in {timeout} s; seen: {sorted(self.names())}"
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except TimeoutError:
                pass


def children_of(pid: int) -> set[int]:
    found: set[int] = set()
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            found.update(int(p) for p in (task / "children").read_text().split())
        except OSError:
            pass
    return found


def running(pid: int) -> bool:
    """Whether a process exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def test_hello_names_the_host_its_version_and_its_session(tmp_path: Path) -> None:
    path = tmp_path / "s.swb"

    async def main() -> tuple[dict[str, Any], int, HostClient]:
        async with HostClient(str(path)) as host:
            hello = await host.call("hello")
            pid = host.pid
        return hello, pid, host

    hello, pid, host = run(main())
    assert hello == {"version": __version__, "pid": pid, "session": str(path)}
    assert pid != os.getpid()
    assert host.returncode == 0
    assert path.is_file() and read_back(path) == []


def test_the_command_is_the_windows(tmp_path: Path) -> None:
    """Not frozen: the same interpreter runs ``-m workbench host`` (the bundle: --engine-host)."""
    program, args = host_command(str(tmp_path / "s.swb"))
    assert program == sys.executable
    assert args == ["-m", "workbench", "host", "--session", str(tmp_path / "s.swb")]


def test_a_client_and_a_server_exchange_bytes_and_every_byte_is_in_the_log(tmp_path: Path) -> None:
    path = tmp_path / "s.swb"
    payload = os.urandom(200_000)  # several recv calls on each side
    notes = Notes()

    async def main() -> tuple[str, str]:
        async with HostClient(str(path), notes) as host:
            server = await host.call("server.start", spec=ServerSpec(port=0).to_dict())
            assert server["server"] == "server-1" and server["address"][0] == "127.0.0.1"
            spec = ClientSpec(port=server["address"][1])
            client = (await host.call("client.add", spec=spec.to_dict()))["client"]
            connected = await host.call("client.call", client=client, call="connect")
            assert connected["state"]["connected"] is True
            sent = await host.call("client.call", client=client, call="sendall", data=payload.hex())
            assert sent["value"] == len(payload)
            # the automatic reader (on by default after connect) reports each recv
            await notes.until(lambda: notes.received(client) >= len(payload))
            await notes.until(lambda: any(n == "servers" and d["servers"][0]["total"] for n, d in notes.seen))
            await host.call("client.close", client=client)
            await host.call("server.stop", server=server["server"])
        return server["server"], client

    server, client = run(main())
    events = read_back(path)
    assert joined(events, server, "recv") == payload
    assert joined(events, server, "send", "sendall") == payload
    assert joined(events, client, "send", "sendall") == payload
    assert joined(events, client, "recv") == payload
    assert notes.received(client) == len(payload)
    assert {"ready", "committed", "servers", "client.received", "server.stopped"} <= notes.names()
    commits = [d["records"] for n, d in notes.seen if n == "committed"]
    assert commits == sorted(commits) and 0 < commits[-1] <= len(events)
    served = [d["servers"] for n, d in notes.seen if n == "servers" and d["servers"]]
    assert served[-1][0]["server"] == server and served[-1][0]["total"] == 1


def test_a_bad_spec_is_an_error_with_its_code_and_field_and_the_host_keeps_running(tmp_path: Path) -> None:
    async def main() -> list[WorkbenchError]:
        errors = []
        async with HostClient(str(tmp_path / "s.swb")) as host:
            for cmd, args in (
                ("server.start", {"spec": {"port": 70000}}),
                ("server.start", {"spec": {"port": 0, "colour": "red"}}),
                ("client.add", {"spec": {"port": 0}}),
                ("client.call", {"client": "client-9", "call": "recv"}),
                ("server.stop", {"server": "server-9"}),
            ):
                with pytest.raises(WorkbenchError) as info:
                    await host.call(cmd, **args)
                errors.append(info.value)
            assert (await host.call("hello"))["pid"] == host.pid
        return errors

    errors = run(main())
    assert [(e.code, e.field) for e in errors] == [
        ("spec.port.range", "port"),
        ("spec.unknown_field", "colour"),
        ("spec.port.client_zero", "port"),
        ("host.no_client", "client"),
        ("host.no_server", "server"),
    ]
    assert "70000" in str(errors[0])
    assert "client-9" in str(errors[3])


def test_an_unknown_command_is_an_error_reply(tmp_path: Path) -> None:
    async def main() -> WorkbenchError:
        async with HostClient(str(tmp_path / "s.swb")) as host:
            with pytest.raises(WorkbenchError) as info:
                await host.call("server.explode", now=True)
            await host.call("hello")
        return info.value

    error = run(main())
    assert error.code == "host.unknown_command"
    assert "server.explode" in str(error)


def test_malformed_lines_are_answered_and_the_host_keeps_going(tmp_path: Path) -> None:
    """Lines no HostClient would write, straight into the host's stdin."""
    import json

    lines = [
        b"this is not json",
        b"[1, 2]",
        b"\xff\xfe\x00",
        b'{"cmd": "hello"}',  # no id
        b'{"id": 5, "cmd": 7}',  # a name that is not a string
        b'{"id": 6, "cmd": "hello", "args": []}',  # arguments that are not a table
        b'{"id": 7, "cmd": "hello"}',
    ]

    async def main() -> tuple[list[dict[str, Any]], int, bytes]:
        program, args = host_command(str(tmp_path / "s.swb"))
        proc = await asyncio.create_subprocess_exec(
            program,
            *args,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
        proc.stdin.write(b"\n".join(lines) + b"\n")
        await proc.stdin.drain()
        replies: list[dict[str, Any]] = []
        while len(replies) < len(lines):
            message = json.loads(await proc.stdout.readline())
            if "notify" not in message:
                replies.append(message)
        proc.stdin.close()
        err = await proc.stderr.read()
        return replies, await proc.wait(), err

    replies, code, err = run(main())
    errors = sorted((r["id"], r["error"]["code"]) for r in replies if "error" in r)
    assert errors == [
        (0, "host.no_id"),
        (0, "host.not_json"),
        (0, "host.not_json"),
        (0, "host.not_json"),
        (5, "host.bad_command"),
        (6, "host.bad_command"),
    ]
    assert [r["ok"]["version"] for r in replies if r["id"] == 7] == [__version__]
    assert code == 0
    assert b"Traceback" not in err


@pytest.mark.skipif(not hasattr(os, "fork") or not Path("/proc").is_dir(), reason="ForkingMixIn, /proc")
def test_end_of_stdin_stops_a_forking_server_with_idle_clients_within_2_s(tmp_path: Path) -> None:
    """The window closed (or died): the host ends its children, removes the socket file, exits."""
    sock_path = tmp_path / "forking.sock"
    notes = Notes()

    async def main() -> tuple[float, int, set[int], bytes]:
        host = HostClient(str(tmp_path / "s.swb"), notes)
        await host.start()
        spec = ServerSpec(family="unix", path=str(sock_path), mixin="forking")  # type: ignore[arg-type]
        await host.call("server.start", spec=spec.to_dict())
        client_spec = ClientSpec(family="unix", path=str(sock_path))  # type: ignore[arg-type]
        client = (await host.call("client.add", spec=client_spec.to_dict()))["client"]
        await host.call("client.call", client=client, call="connect")  # and its reader waits in recv
        # a second idle client outside the host: only the host can end the child serving it
        outside = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            outside.connect(str(sock_path))
            outside.setblocking(False)
            deadline = time.monotonic() + 10
            while len(children_of(host.pid)) < 2:
                assert time.monotonic() < deadline, "ForkingMixIn did not fork a child per client"
                await asyncio.sleep(0.01)
            children = children_of(host.pid)
            started = time.monotonic()
            code = await host.close(timeout=10)
            elapsed = time.monotonic() - started
            loop = asyncio.get_running_loop()
            try:
                left = await asyncio.wait_for(loop.sock_recv(outside, 100), 5)
            except ConnectionResetError:
                left = b""
        finally:
            outside.close()
        return elapsed, code, children, left

    elapsed, code, children, left = run(main())
    assert code == 0
    assert elapsed < 2.0, f"the host took {elapsed:.2f} s to exit"
    assert left == b""  # the outside client's connection was closed, not left hanging
    assert not sock_path.exists()
    deadline = time.monotonic() + 2  # an orphaned zombie is reaped by init meanwhile
    while any(running(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert [pid for pid in children if running(pid)] == []


def test_after_kill_9_the_session_reads_back_to_a_whole_prefix(tmp_path: Path) -> None:
    path = tmp_path / "s.swb"
    payload = bytes(range(256)) * 16384  # 4 MiB: still moving when the host dies

    async def main() -> tuple[int, int, BaseException | dict[str, Any]]:
        host = HostClient(str(path))
        await host.start()
        server = await host.call("server.start", spec=ServerSpec(port=0).to_dict())
        spec = ClientSpec(port=server["address"][1])
        client = (await host.call("client.add", spec=spec.to_dict()))["client"]
        await host.call("client.call", client=client, call="connect")
        call = host.call("client.call", client=client, call="sendall", data=payload.hex())
        sending = asyncio.ensure_future(call)
        with SessionReader(path) as reader:  # until the log holds some of the echo, as a window sees it
            deadline = time.monotonic() + 10
            while not joined(list(reader.events()), client, "recv"):
                assert time.monotonic() < deadline, "no echo committed"
                await asyncio.sleep(0.002)
                reader.refresh()
            seen = reader.count
        host.kill()
        code = await host.wait()
        outcome = (await asyncio.gather(sending, return_exceptions=True))[0]
        return code, seen, outcome

    code, seen, outcome = run(main())
    assert code == -signal.SIGKILL
    events = read_back(path)
    assert len(events) >= seen and events[0].event == "server_bind"
    received = joined(events, "server-1", "recv")
    echoed = joined(events, "client-1", "recv")
    assert 0 < len(echoed) <= len(received) <= len(payload)
    assert payload.startswith(received) and payload.startswith(echoed)
    if isinstance(outcome, BaseException):  # killed mid-sendall: the call fails in plain words
        assert isinstance(outcome, WorkbenchError) and outcome.code == "host.stopped"


def test_a_call_after_the_host_died_fails_in_plain_words(tmp_path: Path) -> None:
    async def main() -> tuple[WorkbenchError, WorkbenchError]:
        host = HostClient(str(tmp_path / "s.swb"))
        await host.start()
        await host.call("hello")
        os.kill(host.pid, signal.SIGKILL)  # not through kill(): the host died on its own
        await host.wait()
        with pytest.raises(WorkbenchError) as after:
            await host.call("hello")
        second = HostClient(str(tmp_path / "missing-dir" / "s.swb"))
        await second.start()
        with pytest.raises(WorkbenchError) as failed:
            await second.call("hello")
        await second.close()
        return after.value, failed.value

    after, failed = run(main())
    assert after.code == "host.not_running"
    assert "crashed" in str(after)
    assert failed.code in ("host.exited", "host.not_running")  # died before or after the call went out
    assert "exit status 2" in str(failed) and "missing-dir" in str(failed), str(failed)


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs AF_UNIX")
def test_a_server_starting_as_stdin_ends_is_stopped_too(tmp_path: Path) -> None:
    sock_path = tmp_path / "late.sock"

    async def main() -> None:
        host = HostClient(str(tmp_path / "s.swb"))
        await host.start()
        spec = ServerSpec(family="unix", path=str(sock_path))  # type: ignore[arg-type]
        starting = asyncio.ensure_future(host.call("server.start", spec=spec.to_dict()))
        await asyncio.sleep(0)  # the command line is written; stdin ends right behind it
        await host.close()
        await asyncio.gather(starting, return_exceptions=True)

    try:
        run(main())
        assert not sock_path.exists()
    finally:
        sock_path.unlink(missing_ok=True)


def test_the_reply_to_server_stop_means_its_last_steps_are_in_the_log(tmp_path: Path) -> None:
    """A threaded UDP server's thread can finish before the serve thread records
    process_request's exit; a reader that looks when stop replies sees both, every time."""
    path = tmp_path / "s.swb"

    async def main() -> list[Event]:
        async with HostClient(str(path)) as host:
            seen: list[Event] = []
            for _round in range(5):
                spec = ServerSpec(type=SockType.DGRAM, port=0, mixin=Mixin.THREADING)
                server = await host.call("server.start", spec=spec.to_dict())
                cspec = ClientSpec(type=SockType.DGRAM, port=server["address"][1], timeout=5.0)
                client = (await host.call("client.add", spec=cspec.to_dict()))["client"]
                for payload in (b"one", b"two"):
                    await host.call("client.call", client=client, call="sendto", data=payload.hex())
                    await host.call("client.call", client=client, call="recvfrom", bufsize=64)
                await host.call("client.close", client=client)
                await host.call("server.stop", server=server["server"])
                with SessionReader(path) as reader:  # read at once, as the self-test does
                    mine = [e for e in reader.events() if e.source == server["server"]]
                requests = {e.request for e in mine if e.request is not None}
                assert len(requests) == 2
                for rid in requests:
                    steps = {(e.event, e.phase) for e in mine if e.request == rid}
                    for step in ("process_request", "finish_request", "shutdown_request"):
                        assert {(step, "enter"), (step, "exit")} <= steps, (rid, step, sorted(steps))
                seen += mine
            return seen

    assert len(run(main(), timeout=60.0)) > 0

"""HostClient: the host process driven from asyncio without Qt (the self-test, tests, scripts).

It starts exactly the process the window starts (``workbench.host.host_command``) and speaks
the same protocol (workbench.host.protocol): ``await call(cmd, **args)`` writes one command
line and returns the values of the reply with the same id, or raises the WorkbenchError the
host sent (its ``code`` and ``field`` intact). Notifications go to the ``on_notify``
callback, on the loop, in the order the host sent them. ``close()`` ends the host's stdin,
which stops everything it runs (within 2 s), and waits for it; ``kill()`` does not wait.

ui.hostlink is the window's end of the same process, on Qt's QProcess; this one is for code
that has an asyncio loop and no Qt. Use one HostClient from one event loop.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import os
from collections.abc import Callable
from typing import Any

from workbench.errors import WorkbenchError
from workbench.host import host_command, protocol

log = logging.getLogger("workbench.host.client")

#: How many of the host's last stderr lines a death message quotes.
STDERR_LINES = 8

NotifyCallback = Callable[[str, dict[str, Any]], None]


class HostClient:
    """One host process on this loop: start it, send commands, await replies, stop it."""

    def __init__(self, session: str, on_notify: NotifyCallback | None = None) -> None:
        self.session = session
        self.on_notify = on_notify
        self._process: asyncio.subprocess.Process | None = None
        self._pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._next_id = 1
        self._closing = False
        self._stderr: collections.deque[str] = collections.deque(maxlen=STDERR_LINES)
        self._readers: list[asyncio.Task[None]] = []
        self.exit_message = ""

    async def start(self) -> None:
        """Start the host; commands sent before it is ready wait in its stdin."""
        if self._process is not None:
            raise RuntimeError("HostClient.start() runs once")
        program, args = host_command(self.session)
        env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}  # the host has no Qt
        env["PYTHONUNBUFFERED"] = "1"
        try:
            self._process = await asyncio.create_subprocess_exec(
                program,
                *args,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                env=env,
                limit=protocol.MAX_LINE,
            )
        except OSError:
            raise WorkbenchError("host.failed_to_start", program=program) from None
        stderr = asyncio.ensure_future(self._read_stderr(self._process))
        self._readers = [stderr, asyncio.ensure_future(self._read_stdout(self._process, stderr))]

    @property
    def pid(self) -> int:
        return 0 if self._process is None else self._process.pid

    @property
    def returncode(self) -> int | None:
        """The host's exit status once it has exited (negative: killed by that signal)."""
        return None if self._process is None else self._process.returncode

    @property
    def alive(self) -> bool:
        return self._process is not None and self._process.returncode is None and not self.exit_message

    @property
    def stderr_lines(self) -> list[str]:
        """The host's last lines on stderr (it writes warnings and trouble there)."""
        return list(self._stderr)

    async def call(self, cmd: str, **args: Any) -> dict[str, Any]:
        """Send one command; its reply's values, or WorkbenchError from an error reply."""
        process = self._process
        if process is None or process.stdin is None or not self.alive or self._closing:
            raise WorkbenchError("host.not_running", message=self.exit_message or _stopped())
        ident = self._next_id
        self._next_id += 1
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[ident] = future
        try:
            process.stdin.write(protocol.command(ident, cmd, **args))
            await process.stdin.drain()
        except (BrokenPipeError, ConnectionResetError, RuntimeError):
            pass  # the host is gone: the stdout reader fails the future with the reason
        try:
            return await future
        finally:
            self._pending.pop(ident, None)

    async def close(self, timeout: float = 5.0) -> int:
        """End of stdin: the host stops everything and exits; wait for it (killed past timeout).

        Returns its exit status.
        """
        process = self._process
        if process is None:
            return 0
        self._closing = True
        if process.stdin is not None and not process.stdin.is_closing():
            process.stdin.close()
        try:
            await asyncio.wait_for(process.wait(), timeout)
        except TimeoutError:
            self.kill()
            await process.wait()
        await self._drain_readers()
        if process.stdin is not None:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                await process.stdin.wait_closed()
        return int(process.returncode or 0)

    def kill(self) -> None:
        """SIGKILL the host at once (what it recorded stays readable); await wait() after."""
        process = self._process
        if process is not None and process.returncode is None:
            self._closing = True
            with contextlib.suppress(ProcessLookupError):
                process.kill()

    async def wait(self) -> int:
        """Wait for the host to exit; its exit status."""
        if self._process is None:
            return 0
        code = await self._process.wait()
        await self._drain_readers()
        return code

    async def __aenter__(self) -> HostClient:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # -- the host's output ------------------------------------------------------------------

    async def _drain_readers(self) -> None:
        if self._readers:
            await asyncio.gather(*self._readers, return_exceptions=True)

    async def _read_stdout(self, process: asyncio.subprocess.Process, stderr: asyncio.Task[None]) -> None:
        assert process.stdout is not None
        while True:
            try:
                line = await process.stdout.readline()
            except ValueError:  # a line over the limit (never sent by a host): skip it
                continue
            if not line:
                break
            if line.strip():
                self._take(line)
        await process.wait()
        await stderr  # its last words, for the message below
        self._finish(process.returncode or 0)

    def _take(self, line: bytes) -> None:
        try:
            message = protocol.parse_reply(line)
        except (ValueError, UnicodeDecodeError):
            self._stderr.append(line.decode("utf-8", "replace").rstrip()[:200])
            return
        if isinstance(message, protocol.Notification):
            if self.on_notify is not None:
                try:
                    self.on_notify(message.name, message.data)
                except Exception:  # the caller's bug must not stop the replies
                    log.exception("host client: notification %s handler failed", message.name)
            return
        future = self._pending.get(message.id)
        if future is None or future.done():
            return  # a reply to no call of ours (a malformed line gets id 0)
        if message.error is not None:
            future.set_exception(WorkbenchError.from_dict(message.error))
        else:
            future.set_result(message.ok or {})

    async def _read_stderr(self, process: asyncio.subprocess.Process) -> None:
        assert process.stderr is not None
        while True:
            try:
                line = await process.stderr.readline()
            except ValueError:
                continue
            if not line:
                return
            text = line.decode("utf-8", "replace").rstrip()
            if text:
                self._stderr.append(text)

    def _finish(self, code: int) -> None:
        """The host exited: fail what still waits, with the reason in plain words."""
        if self._closing:
            failure = WorkbenchError("host.stopped")
        else:
            last = " | ".join(self._stderr) or "(nothing)"
            if code < 0:  # ended by a signal
                failure = WorkbenchError("host.crashed", last=last)
            else:
                failure = WorkbenchError("host.exited", code=code, last=last)
        self.exit_message = failure.text()
        pending, self._pending = self._pending, {}
        for future in pending.values():
            if not future.done():
                future.set_exception(failure)


def _stopped() -> str:
    return WorkbenchError("host.stopped").text()

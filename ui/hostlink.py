"""HostLink: the window's end of the host process: start it, send commands, await the replies.

The host (``workbench host``, workbench/host/loop.py) runs every server and client in its own
process. Commands go to its stdin as JSON lines; ``call()`` returns a coroutine that the qasync
loop awaits, resolved when the reply with the same id arrives on its stdout; an error reply
raises WorkbenchError with the host's code and field, so a pane places it under the right
control. All methods run on the GUI thread.

Signals:
    notified(str, dict): a notification from the host (its name and data).
    committed(int): the host committed records up to this count (read the log now).
    died(str): the host exited without being asked to; a plain-words message with its exit
        status and last lines on stderr. Pending calls fail with the same message.
    finished(): the host process has ended (asked to or not; after ``died`` if it died).
"""

from __future__ import annotations

import collections
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, Signal

from workbench.errors import WorkbenchError
from workbench.host import host_command, protocol

if TYPE_CHECKING:
    import asyncio

#: How many of the host's last stderr lines a death message quotes.
STDERR_LINES = 8


class HostLink(QObject):
    notified = Signal(str, dict)
    committed = Signal(int)
    died = Signal(str)
    finished = Signal()

    def __init__(self, session: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._process: QProcess | None = None
        self._buffer = bytearray()
        self._stderr: collections.deque[str] = collections.deque(maxlen=STDERR_LINES)
        self._pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._next_id = 1
        self._closing = False
        self.alive = False
        self.exit_message = ""

    def start(self) -> None:
        """Start the host process (returns at once; commands sent meanwhile wait in its stdin)."""
        program, args = host_command(self.session)
        process = QProcess(self)
        process.setProgram(program)
        process.setArguments(args)
        env = QProcessEnvironment.systemEnvironment()
        env.insert("PYTHONUNBUFFERED", "1")
        env.remove("QT_QPA_PLATFORM")  # the host has no Qt at all; nothing of the window's leaks in
        process.setProcessEnvironment(env)
        process.readyReadStandardOutput.connect(self._on_stdout)
        process.readyReadStandardError.connect(self._on_stderr)
        process.finished.connect(self._on_finished)
        process.errorOccurred.connect(self._on_error)
        self._process = process
        self.alive = True
        process.start()

    @property
    def pid(self) -> int:
        return 0 if self._process is None else int(self._process.processId())

    async def call(self, cmd: str, **args: Any) -> dict[str, Any]:
        """Send one command; its reply's values, or WorkbenchError from an error reply."""
        import asyncio

        if self._process is None or not self.alive:
            raise WorkbenchError("host.not_running", message=self.exit_message or "the host is not running")
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            # Qt ran a pane's refresh after the asyncio loop stopped (the window is closing): no
            # reply could ever be awaited, so the caller hears what it hears for a gone host.
            raise WorkbenchError("host.not_running", message="the window is closing") from None
        ident = self._next_id
        self._next_id += 1
        future: asyncio.Future[dict[str, Any]] = loop.create_future()
        self._pending[ident] = future
        self._process.write(protocol.command(ident, cmd, **args))
        return await future

    def close(self) -> None:
        """End of stdin: the host stops everything and exits (within 2 s); never blocks."""
        self._closing = True
        if self._process is not None and self.alive:
            self._process.closeWriteChannel()

    def wait_closed(self, msecs: int) -> bool:
        """Block up to msecs for the host to exit (the app's last act, after the window closed)."""
        if self._process is None or not self.alive:
            return True
        return bool(self._process.waitForFinished(msecs))

    def kill(self) -> None:
        if self._process is not None and self.alive:
            self._closing = True
            self._process.kill()

    # -- the host's output ------------------------------------------------------------------

    def _on_stdout(self) -> None:
        assert self._process is not None
        self._buffer += bytes(self._process.readAllStandardOutput().data())
        if b"\n" not in self._buffer:
            return
        *lines, rest = bytes(self._buffer).split(b"\n")
        self._buffer = bytearray(rest)
        commits = -1
        for line in lines:
            if not line.strip():
                continue
            try:
                message = protocol.parse_reply(line)
            except (ValueError, UnicodeDecodeError):
                self._stderr.append(line.decode("utf-8", "replace")[:200])
                continue
            if isinstance(message, protocol.Notification):
                if message.name == "committed":
                    commits = max(commits, int(message.data.get("records", 0)))
                else:
                    self.notified.emit(message.name, message.data)
                continue
            future = self._pending.pop(message.id, None)
            if future is None or future.done():
                continue
            if message.error is not None:
                future.set_exception(WorkbenchError.from_dict(message.error))
            else:
                future.set_result(message.ok or {})
        if commits >= 0:
            self.committed.emit(commits)

    def _on_stderr(self) -> None:
        assert self._process is not None
        text = bytes(self._process.readAllStandardError().data()).decode("utf-8", "replace")
        for line in text.splitlines():
            if line.strip():
                self._stderr.append(line)

    def _on_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._finish(WorkbenchError("host.failed_to_start", program=host_command(self.session)[0]))

    def _on_finished(self, code: int, status: QProcess.ExitStatus) -> None:
        if self._process is not None:
            self._on_stderr()
        if self._closing and status == QProcess.ExitStatus.NormalExit:
            self._finish(None)
            return
        last = " | ".join(self._stderr) or "(nothing)"
        if status == QProcess.ExitStatus.CrashExit:
            problem = WorkbenchError("host.crashed", last=last)
        else:
            problem = WorkbenchError("host.exited", code=code, last=last)
        self._finish(problem)

    def _finish(self, problem: WorkbenchError | None) -> None:
        was_alive = self.alive
        self.alive = False
        pending, self._pending = self._pending, {}
        failure = problem or WorkbenchError("host.stopped")
        for future in pending.values():
            if not future.done():
                future.set_exception(failure)
        if problem is not None and was_alive:
            self.exit_message = problem.text()
            self.died.emit(self.exit_message)
        if was_alive:
            self.finished.emit()



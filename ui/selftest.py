"""`socket-workbench --self-test`: prove an installed copy works, headless, in a few seconds.

Each server combination runs the way the window runs it: in the engine process (the host,
started with the same command as the window's, ``workbench.host.host_command``), driven by
its commands, and checked against the session log that process writes. So a bundle that
cannot start its engine, record a byte or fork a child fails here, not in a student's class.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import platform
import shutil
import socket
import sys
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from workbench.events import Event
from workbench.host.client import HostClient
from workbench.session.reader import SessionReader
from workbench.spec import Family, Mixin, SockType, unsupported_reason

#: Every byte value once, then readable text: what each server must echo back unchanged.
BINARY_PAYLOAD = bytes(range(256))
TEXT_PAYLOAD = b"hello, socketserver\n"
#: Lifecycle steps every request must show, in this order (enter events), whatever the mixin.
REQUEST_STEPS = (
    "get_request",
    "verify_request",
    "process_request",
    "finish_request",
    "setup",
    "handle",
    "finish",
    "shutdown_request",
)
#: Seconds one combination may take before it counts as failed.
COMBINATION_TIMEOUT = 5.0
#: Seconds after which the remaining combinations are not started (the whole run stays short).
TOTAL_BUDGET = 20.0


def _english(_context: str, text: str) -> str:
    return text


#: The report's words come from the app's .qm; main() picks the language. English until then.
_catalog: Callable[[str, str], str] = _english


def translate(context: str, text: str) -> str:
    """One of the report's texts in the chosen language (lupdate finds these calls)."""
    return _catalog(context, text)


def _use_language() -> Callable[[str, str], str]:
    """Read the report's words in the user's language; returns the catalog used before."""
    global _catalog
    previous = _catalog
    try:
        from ui.i18n import text_catalog

        _catalog = text_catalog()
    except Exception:  # Qt cannot load here (the report says so later): English it is
        pass
    return previous


def _width(text: str) -> int:
    """Columns a terminal gives the text: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


@dataclass(slots=True)
class Outcome:
    """One line of the report: a server combination or the Qt check."""

    status: str  # "PASS" | "FAIL" | "SKIP"
    columns: tuple[str, ...]
    ms: float | None = None
    detail: str = ""
    events: list[Event] = field(default_factory=list)
    log: list[str] = field(default_factory=list)

    def line(self) -> str:
        cols = "".join(_pad(c, w) for c, w in zip(self.columns, (10, 13, 16), strict=False))
        timing = f"{self.ms:6.0f} ms" if self.ms is not None else ""
        status = {
            "PASS": translate("SelfTest", "PASS"),
            "FAIL": translate("SelfTest", "FAIL"),
            "SKIP": translate("SelfTest", "SKIP"),
        }[self.status]
        text = f"{_pad(status, 6)}{cols}{timing}"
        if self.detail:
            text += f"  {self.detail}" if timing else self.detail
        return text.rstrip()


def plan(
    combinations: Iterable[tuple[Family, SockType, Mixin]] | None = None,
    reason: Callable[..., str | None] = unsupported_reason,
) -> list[tuple[Family, SockType, Mixin, str | None]]:
    """Every family x type x mixin with the reason it cannot run here (None = it runs)."""
    combos = (
        list(combinations)
        if combinations is not None
        else [(f, t, m) for f in Family for t in SockType for m in Mixin]
    )
    return [(f, t, m, reason(family=f) or reason(mixin=m)) for f, t, m in combos]


class HostRun:
    """The engine process of one self-test run, as the window has one: a host and its session log.

    The session file and the unix sockets live in a private temp dir, removed by close().
    Every combination's events are read back from the log the host writes, exactly what the
    window's panes read.
    """

    def __init__(self) -> None:
        self.directory = tempfile.mkdtemp(prefix="swb-selftest-")
        self.session = os.path.join(self.directory, "session.swb")
        self.host = HostClient(self.session, self._notified)
        self.pid = 0  # the host's, from hello: ForkingMixIn must run handle() in another one
        self.reader: SessionReader | None = None
        self.events: list[Event] = []  # every event decoded so far, in log order
        self._commit = asyncio.Event()

    def _notified(self, name: str, data: dict[str, Any]) -> None:
        if name == "committed":
            self._commit.set()

    async def start(self, timeout: float) -> None:
        await self.host.start()
        hello = await asyncio.wait_for(self.host.call("hello"), timeout)
        self.pid = int(hello["pid"])
        self.reader = SessionReader(self.session)  # the host creates it before it reads a command

    async def call(self, cmd: str, timeout: float, **args: Any) -> dict[str, Any]:
        return await asyncio.wait_for(self.host.call(cmd, **args), max(timeout, 0.1))

    def take_in(self) -> list[Event]:
        """Decode what the host committed since the last look; every event so far."""
        if self.reader is not None:
            self.reader.refresh()
            self.events.extend(self.reader.events(len(self.events)))
        return self.events

    def log_lines(self, first: int) -> list[str]:
        """The session's log lines from index ``first`` (handler tracebacks, for --verbose)."""
        if self.reader is None:
            return []
        tables = self.reader.tables
        return [
            f"{logging.getLevelName(line.level)} {tables.source_name(line.source)}: {line.message}"
            for line in tables.logs[first:]
        ]

    async def next_commit(self, timeout: float) -> None:
        """Wait for the host to say it committed more records (or for timeout)."""
        self._commit.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._commit.wait(), max(timeout, 0.001))

    async def close(self) -> list[str]:
        """End the host's stdin, wait for it, remove the session; what went wrong, if anything."""
        problems: list[str] = []
        try:
            code = await self.host.close(timeout=5.0)
            if code != 0:
                problems.append(
                    translate("SelfTest", "the engine process ended with exit status {code}: {last}").format(
                        code=code, last=" | ".join(self.host.stderr_lines) or "-"
                    )
                )
        finally:
            if self.reader is not None:
                self.reader.close()
                self.reader = None
            shutil.rmtree(self.directory, ignore_errors=True)
        return problems


def _joined(events: Iterable[Event], calls: Sequence[str]) -> bytes:
    return b"".join(e.data or b"" for e in events if e.event in calls and e.data is not None)


def _request_ids(events: Iterable[Event]) -> list[int]:
    ids: list[int] = []
    for e in events:
        if e.role == "server" and e.request is not None and e.request not in ids:
            ids.append(e.request)
    return ids


def _steps_missing(events: list[Event], request: int) -> list[str]:
    """The REQUEST_STEPS not seen as enter+exit for a request, one that raised, or steps out of order."""
    mine = sorted((e for e in events if e.request == request), key=lambda e: e.ts)
    problems: list[str] = []
    order: list[float] = []
    for step in REQUEST_STEPS:
        enters = [e for e in mine if e.event == step and e.phase == "enter"]
        exits = [e for e in mine if e.event == step and e.phase == "exit"]
        if not enters or not exits:
            problems.append(translate("SelfTest", "{step} not seen").format(step=step))
            continue
        if exits[0].error:
            problems.append(
                translate("SelfTest", "{step} raised {error}").format(step=step, error=exits[0].error)
            )
        order.append(enters[0].ts)
    if not problems and order != sorted(order):
        problems.append(
            translate("SelfTest", "steps out of order: {steps}").format(steps=", ".join(REQUEST_STEPS))
        )
    return problems


def check_events(
    events: list[Event], family: Family, kind: SockType, mixin: Mixin, exchanged: bytes, host_pid: int
) -> list[str]:
    """What is wrong with one combination's events, as read from the session log (empty = all good).

    ``host_pid`` is the host process's: ForkingMixIn's handle() must run in a child of it.
    """
    problems: list[str] = []
    server = [e for e in events if e.role == "server"]
    client = [e for e in events if e.role == "client"]
    requests = _request_ids(server)
    expected_requests = 1 if kind is SockType.STREAM else 2  # one per datagram
    if len(requests) != expected_requests:
        problems.append(
            translate("SelfTest", "{seen} requests seen, expected {expected}").format(
                seen=len(requests), expected=expected_requests
            )
        )
    for rid in requests:
        problems += [
            translate("SelfTest", "request {id}: {problem}").format(id=rid, problem=p)
            for p in _steps_missing(server, rid)
        ]
    received = ("recv", "recvfrom")
    sent = ("send", "sendall", "sendto")
    # Request ids follow arrival order; within a request one thread or child moves the bytes.
    # (Timestamps across processes are not enough: a forked child stamps its sendto event after
    # the call returns, possibly after the client already holds the reply.)
    in_order = sorted(server, key=lambda e: (-1 if e.request is None else e.request, e.ts))
    if _joined(in_order, received) != exchanged:
        problems.append(
            translate("SelfTest", "bytes in the server's recv events differ from what the client sent")
        )
    if _joined(in_order, sent) != exchanged:
        problems.append(translate("SelfTest", "bytes in the server's send events differ from what it echoed"))
    if _joined(client, sent) != exchanged:
        problems.append(translate("SelfTest", "bytes in the client's send events differ from the payload"))
    if _joined(client, received) != exchanged:
        problems.append(translate("SelfTest", "bytes in the client's recv events differ from the echo"))
    handles = [e for e in server if e.event == "handle" and e.phase == "enter"]
    if mixin is Mixin.FORKING and any(e.pid == host_pid for e in handles):
        problems.append(translate("SelfTest", "ForkingMixIn ran handle() in the parent process, not a child"))
    if mixin is Mixin.THREADING:
        serve_threads = {(e.pid, e.thread) for e in server if e.event == "get_request"}
        if any((e.pid, e.thread) in serve_threads for e in handles):
            problems.append(translate("SelfTest", "ThreadingMixIn ran handle() on the serve_forever thread"))
    return problems


async def _exchange(run: HostRun, client: str, kind: SockType, timeout: float) -> int:
    """Send both payloads and collect the echo, one socket call a command, as the client pane does.

    Returns how many bytes the client's recv calls returned.
    """

    async def call(name: str, **args: Any) -> Any:
        reply = await run.call("client.call", timeout, client=client, call=name, **args)
        return reply.get("value")

    got = 0
    if kind is SockType.STREAM:
        await call("connect", read=False)  # no automatic reader: the recv calls below are ours
        await call("sendall", data=BINARY_PAYLOAD.hex())
        await call("sendall", data=TEXT_PAYLOAD.hex())
        await call("shutdown", how=socket.SHUT_WR)  # the echo handler sees EOF and returns
        while n := int(await call("recv", bufsize=65536) or 0):
            got += n
        return got
    for payload in (BINARY_PAYLOAD, TEXT_PAYLOAD):
        await call("sendto", data=payload.hex())
        got += int(await call("recvfrom", bufsize=65536) or 0)
    return got


async def _wait_for_steps(run: HostRun, server: str, first: int, kind: SockType, deadline: float) -> None:
    """Server events (finish, shutdown_request, a forked child's pipe) may trail the echo by a moment."""
    want = 1 if kind is SockType.STREAM else 2
    while True:
        finished = {
            e.request
            for e in run.take_in()[first:]
            if e.source == server and e.event == REQUEST_STEPS[-1] and e.phase == "exit"
        }
        remaining = deadline - time.monotonic()
        if len(finished) >= want or remaining <= 0:
            return
        await run.next_commit(min(0.05, remaining))


async def run_combination(
    run: HostRun,
    index: int,
    family: Family,
    kind: SockType,
    mixin: Mixin,
    timeout: float,
    socket_dir: str | None = None,
) -> Outcome:
    """Start one echo server through the host, talk to it with a host client, check the log, stop it."""
    columns = (family.label, kind.label, mixin.label)
    started = time.perf_counter()
    first = len(run.take_in())
    first_log = len(run.reader.tables.logs) if run.reader is not None else 0
    names: set[str] = set()
    server: str | None = None
    client: str | None = None

    def events() -> list[Event]:
        return [e for e in run.take_in()[first:] if e.source in names]

    try:
        from workbench.spec import ClientSpec, Handler, ServerSpec

        host = "::1" if family is Family.INET6 else "127.0.0.1"
        folder = run.directory if socket_dir is None else socket_dir
        path = os.path.join(folder, f"s{index}.sock") if family is Family.UNIX else None
        spec = ServerSpec(
            family=family, type=kind, host=host, port=0, path=path, mixin=mixin, handler=Handler.ECHO
        )
        deadline = time.monotonic() + timeout
        reply = await run.call("server.start", timeout, spec=spec.to_dict())
        server = str(reply["server"])
        names.add(server)
        address = reply.get("address")
        port = int(address[1]) if isinstance(address, list) else 0
        cspec = ClientSpec(family=family, type=kind, host=host, port=port or 1, path=path, timeout=timeout)
        client = str((await run.call("client.add", timeout, spec=cspec.to_dict()))["client"])
        names.add(client)
        got = await asyncio.wait_for(_exchange(run, client, kind, timeout), deadline - time.monotonic())
        await run.call("client.close", deadline - time.monotonic(), client=client)
        client = None
        await _wait_for_steps(run, server, first, kind, deadline)
        grace = max(1.0, deadline - time.monotonic())
        await run.call("server.stop", grace + 2.0, server=server, grace=grace)
        stopped, server = server, None
        elapsed = (time.perf_counter() - started) * 1000
        expected = BINARY_PAYLOAD + TEXT_PAYLOAD
        problems = (
            []
            if got == len(expected)
            else [
                translate("SelfTest", "echo differs: sent {sent} bytes, got {got}").format(
                    sent=len(expected), got=got
                )
            ]
        )
        problems += check_events(events(), family, kind, mixin, expected, run.pid)
        status = await run.call("status", timeout)
        if any(entry.get("server") == stopped for entry in status.get("servers", ())):
            problems.append(translate("SelfTest", "server still running after stop()"))
        if path and os.path.exists(path):
            problems.append(translate("SelfTest", "socket file {path} left behind").format(path=path))
        outcome = Outcome("FAIL" if problems else "PASS", columns, elapsed, "; ".join(problems), events())
    except TimeoutError:
        outcome = Outcome(
            "FAIL",
            columns,
            _ms(started),
            translate("SelfTest", "no echo within {seconds} s").format(seconds=f"{timeout:g}"),
            events(),
        )
    except Exception as exc:  # a self-test reports every failure as a line, never a traceback
        outcome = Outcome("FAIL", columns, _ms(started), _describe(exc), events())
    finally:
        # what a failure left: close and stop it, so the next combination starts clean
        if client is not None:
            with contextlib.suppress(Exception):
                await run.call("client.close", 2.0, client=client)
        if server is not None:
            with contextlib.suppress(Exception):
                await run.call("server.stop", 5.0, server=server, grace=1.0)
    outcome.log = run.log_lines(first_log)
    return outcome


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _skip_reason(reason: str) -> str:
    """A platform.* message code in the user's language (a plain text passes through as it is)."""
    from workbench.messages import render

    return render(reason, {})


async def run_servers(
    rows: list[tuple[Family, SockType, Mixin, str | None]], timeout: float, emit: Callable[[Outcome], None]
) -> list[Outcome]:
    """Every row through one host process: its outcome, in order (emitted as each finishes)."""
    outcomes: list[Outcome] = []
    budget_end = time.monotonic() + TOTAL_BUDGET
    run: HostRun | None = None
    not_started = ""
    if any(reason is None for *_, reason in rows):
        run = HostRun()
        try:
            await run.start(timeout)
        except Exception as exc:
            not_started = translate("SelfTest", "the engine process did not start: {reason}").format(
                reason=_describe(exc) if not isinstance(exc, TimeoutError) else f"hello: {exc!r}"
            )
    try:
        for index, (family, kind, mixin, reason) in enumerate(rows, start=1):
            columns = (family.label, kind.label, mixin.label)
            if reason:
                outcome = Outcome("SKIP", columns, None, _skip_reason(reason))
            elif not_started:
                outcome = Outcome("FAIL", columns, None, not_started)
            elif time.monotonic() > budget_end:
                outcome = Outcome(
                    "FAIL",
                    columns,
                    None,
                    translate("SelfTest", "not run: the self-test passed its {seconds} s budget").format(
                        seconds=f"{TOTAL_BUDGET:g}"
                    ),
                )
            else:
                assert run is not None
                outcome = await run_combination(run, index, family, kind, mixin, timeout)
            outcomes.append(outcome)
            emit(outcome)
    finally:
        problems = await run.close() if run is not None else []
    if problems:
        outcome = Outcome("FAIL", (translate("SelfTest", "cleanup"),), None, "; ".join(problems))
        outcomes.append(outcome)
        emit(outcome)
    return outcomes


def resources_dir() -> Path | None:
    """resources/ next to the code: sys._MEIPASS in a PyInstaller bundle, the checkout otherwise."""
    candidates = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.append(Path(frozen_root) / "resources")
    candidates.append(Path(__file__).resolve().parent.parent / "resources")
    return next((c for c in candidates if (c / "icons").is_dir()), None)


def missing_translations() -> list[str]:
    """The Chinese files this copy cannot load: ours (.qm built from the .ts) and Qt's qtbase."""
    from PySide6.QtCore import QTranslator

    from ui.i18n import qt_translation_file, translation_file

    missing = []
    for name, path in (
        ("socket_workbench_zh_CN.qm", translation_file("zh_CN")),
        ("qtbase_zh_CN.qm", qt_translation_file("zh_CN")),
    ):
        if path is None or not QTranslator().load(str(path)):
            missing.append(name)
    return missing


def check_qt() -> Outcome:
    """Qt really works here: the platform plugin loads, the icon decodes, the main window paints."""
    started = time.perf_counter()
    columns: tuple[str, ...] = ("Qt",)
    try:
        from PySide6 import __version__ as pyside_version
        from PySide6.QtGui import QIcon
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "socket-workbench"])
        platform_name = QApplication.platformName()
        columns = ("Qt", platform_name, f"PySide6 {pyside_version}")
        frozen = bool(getattr(sys, "frozen", False))
        notes: list[str] = []
        resources = resources_dir()
        icon_file = resources / "icons" / "socket-workbench-256.png" if resources else None
        if icon_file is None or QIcon(str(icon_file)).isNull():
            if frozen:
                return Outcome(
                    "FAIL",
                    columns,
                    _ms(started),
                    translate("SelfTest", "the app icon is missing from the bundle"),
                )
            notes.append(translate("SelfTest", "icon not found"))
        missing = missing_translations()
        if missing:
            if frozen:
                return Outcome(
                    "FAIL",
                    columns,
                    _ms(started),
                    translate("SelfTest", "translations missing from the bundle: {files}").format(
                        files=", ".join(missing)
                    ),
                )
            notes.append(
                translate("SelfTest", "translations not built: {files}").format(files=", ".join(missing))
            )
        from ui.mainwindow import MainWindow

        window = MainWindow()
        what = "MainWindow"
        try:
            window.resize(max(window.width(), 640), max(window.height(), 480))
            app.processEvents()
            pixmap = window.grab()
            app.processEvents()
            if pixmap.isNull() or pixmap.width() == 0 or pixmap.height() == 0:
                return Outcome(
                    "FAIL",
                    columns,
                    _ms(started),
                    translate("SelfTest", "{what} painted an empty picture").format(what=what),
                )
            notes.insert(
                0,
                translate("SelfTest", "{what} painted {width}x{height}").format(
                    what=what, width=pixmap.width(), height=pixmap.height()
                ),
            )
        finally:
            window.close()
            window.deleteLater()
            app.processEvents()
        return Outcome("PASS", columns, _ms(started), ", ".join(notes))
    except Exception as exc:
        return Outcome("FAIL", columns, _ms(started), _describe(exc))


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _console_stream() -> TextIO | None:
    """stdout, or the parent's console for a windowed Windows build (where sys.stdout is None)."""
    if sys.stdout is not None:
        return sys.stdout
    if sys.platform == "win32":
        import ctypes

        if ctypes.windll.kernel32.AttachConsole(-1):  # ATTACH_PARENT_PROCESS
            with contextlib.suppress(OSError):
                return open("CONOUT$", "w", encoding="utf-8", errors="replace")
    return None


def _headless_default() -> None:
    """Use the offscreen platform when there is no display (CI, ssh), so the test needs no screen."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the self-test; 0 when every supported combination and the Qt check pass, else 1."""
    previous = _use_language()
    try:
        return _main(argv)
    finally:
        global _catalog
        _catalog = previous


def _main(argv: Sequence[str] | None) -> int:
    parser = argparse.ArgumentParser(
        prog="socket-workbench --self-test",
        description=translate(
            "SelfTest", "Check this copy of Socket Workbench: every server type, a client, the bytes, and Qt."
        ),
    )
    parser.add_argument("--self-test", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--no-gui", action="store_true", help=translate("SelfTest", "skip the Qt window check")
    )
    parser.add_argument(
        "--verbose",
        action="store_true",
        help=translate("SelfTest", "print the events of failing combinations"),
    )
    parser.add_argument(
        "--output", metavar="FILE", help=translate("SelfTest", "also write the report to FILE")
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=COMBINATION_TIMEOUT,
        help=translate("SelfTest", "seconds per combination (default %(default)s)"),
    )
    args = parser.parse_args(list(argv) if argv is not None else sys.argv[1:])
    if not 0 < args.timeout <= 120:
        parser.error(translate("SelfTest", "--timeout must be between 0 and 120 seconds"))

    _headless_default()
    stream = _console_stream()
    report: list[str] = []

    def say(text: str) -> None:
        report.append(text)
        if stream is not None:
            print(text, file=stream, flush=True)

    def emit(outcome: Outcome) -> None:
        say(outcome.line())
        if args.verbose and outcome.status == "FAIL":
            from workbench.events import format_event

            for ev in outcome.events:
                say("      " + format_event(ev))
            for line in outcome.log:
                say("      " + line)

    from workbench import __version__

    frozen = (
        translate("SelfTest", "frozen")
        if getattr(sys, "frozen", False)
        else translate("SelfTest", "from source")
    )
    say(
        translate(
            "SelfTest", "Socket Workbench {version} self-test ({how}; Python {python}, {system})"
        ).format(
            version=__version__,
            how=frozen,
            python=platform.python_version(),
            system=f"{platform.system()} {platform.machine()}",
        )
    )
    started = time.perf_counter()
    threads_before = set(threading.enumerate())
    outcomes = asyncio.run(run_servers(plan(), args.timeout, emit))
    leftover = [t.name for t in threading.enumerate() if t not in threads_before and t.is_alive()]
    if leftover:
        outcome = Outcome(
            "FAIL",
            (translate("SelfTest", "cleanup"),),
            None,
            translate("SelfTest", "threads left running: {names}").format(names=", ".join(sorted(leftover))),
        )
        outcomes.append(outcome)
        emit(outcome)
    if not args.no_gui:
        outcome = check_qt()
        outcomes.append(outcome)
        emit(outcome)
    counts = {s: sum(o.status == s for o in outcomes) for s in ("PASS", "FAIL", "SKIP")}
    passed = counts["FAIL"] == 0 and counts["PASS"] > 0
    summary = (
        translate(
            "SelfTest", "self-test PASSED: {passed} passed, {failed} failed, {skipped} skipped in {seconds} s"
        )
        if passed
        else translate(
            "SelfTest", "self-test FAILED: {passed} passed, {failed} failed, {skipped} skipped in {seconds} s"
        )
    )
    say(
        summary.format(
            passed=counts["PASS"],
            failed=counts["FAIL"],
            skipped=counts["SKIP"],
            seconds=f"{time.perf_counter() - started:.1f}",
        )
    )
    if args.output:
        Path(args.output).write_text("\n".join(report) + "\n", encoding="utf-8")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())

"""Unexpected exceptions: write the traceback to a log file and show a dialog; the app keeps running."""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

from ui.i18n import follow_language

if TYPE_CHECKING:  # imported when first needed: this module is on the start-up path
    import asyncio

    from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger("workbench.ui")

#: Environment variable that moves the error log (tests point it at a tmp dir).
LOG_DIR_ENV = "SOCKET_WORKBENCH_LOG_DIR"


def error_log_path() -> Path:
    """Where tracebacks go: the platform's per-user state/log directory."""
    override = os.environ.get(LOG_DIR_ENV)
    if override:
        return Path(override) / "error.log"
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
        return base / "socket-workbench" / "Logs" / "error.log"
    if sys.platform == "darwin":
        return home / "Library" / "Logs" / "Socket Workbench" / "error.log"
    base = Path(os.environ.get("XDG_STATE_HOME") or home / ".local" / "state")
    return base / "socket-workbench" / "error.log"


def write_traceback(text: str, path: Path | None = None) -> Path | None:
    """Append one stamped traceback to the error log; returns the file, or None if it cannot be written.

    The log is private (0600, like the session files): a traceback quotes local variables,
    paths and the bytes a peer sent. A log an older version left readable is made private too.
    """
    import datetime

    path = path or error_log_path()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        stamp = datetime.datetime.now().isoformat(timespec="seconds")
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(path, flags, 0o600)
        with open(fd, "a", encoding="utf-8", errors="backslashreplace") as fh:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, 0o600)
            fh.write(f"--- {stamp} pid {os.getpid()} ---\n{text}\n")
    except OSError:
        return None
    return path


class ErrorReporter(QObject):
    """Catches unexpected exceptions from any thread and reports them on the GUI thread.

    Signals:
        reported(str, str): the one-line message and the log file path, once the
            dialog for an exception has been opened.
    """

    reported = Signal(str, str)
    _report = Signal(str, str)  # (message, traceback) from any thread -> GUI thread

    def __init__(self, parent_widget: Callable[[], QWidget | None] | None = None) -> None:
        super().__init__()
        self._parent_widget = parent_widget or (lambda: None)
        self._report.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self.dialogs: list[QMessageBox] = []
        self._open: dict[str, tuple[QMessageBox, int]] = {}  # message -> (its open dialog, count)
        self._old_excepthook: Any = None
        self._old_threading_hook: Any = None

    # -- installation -------------------------------------------------------------------------
    def install(self) -> None:
        """Route sys.excepthook and threading.excepthook here."""
        self._old_excepthook = sys.excepthook
        self._old_threading_hook = threading.excepthook
        sys.excepthook = self.excepthook
        threading.excepthook = self._threading_hook

    def uninstall(self) -> None:
        if self._old_excepthook is not None:
            sys.excepthook = self._old_excepthook
            threading.excepthook = self._old_threading_hook
            self._old_excepthook = self._old_threading_hook = None

    def install_on_loop(self, loop: asyncio.AbstractEventLoop) -> None:
        loop.set_exception_handler(self.loop_exception_handler)

    # -- hooks (any thread) ---------------------------------------------------------------------
    def excepthook(self, etype: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(etype, KeyboardInterrupt):
            if self._old_excepthook is not None:
                self._old_excepthook(etype, value, tb)
            return
        import traceback

        self.report(value, "".join(traceback.format_exception(etype, value, tb)))

    def _threading_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        import traceback

        where = f"in thread {args.thread.name}\n" if args.thread is not None else ""
        text = where + "".join(traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback))
        self.report(args.exc_value, text)

    def loop_exception_handler(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        message = str(context.get("message") or "")
        if exc is None:
            # asyncio housekeeping messages (e.g. "Task was destroyed but it is pending") are
            # not user errors: log them, do not pop up a dialog.
            log.warning("asyncio: %s", message)
            return
        import traceback

        text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        self.report(exc, f"{message}\n{text}" if message else text)

    def report(self, exc: BaseException, text: str) -> None:
        """Record one exception; safe from any thread."""
        message = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        self._report.emit(message, text)

    # -- GUI thread ---------------------------------------------------------------------------
    @Slot(str, str)
    def _show(self, message: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        repeat = self._open.get(message)
        if repeat is not None:
            # The same fault again (a paintEvent that raises fires on every repaint): one
            # dialog that counts, and one traceback in the log, not a flood of both.
            box, count = repeat
            self._open[message] = (box, count + 1)
            self._texts(box, message)
            return
        path = write_traceback(text)
        log.error(self.tr("unexpected error: %s (traceback in %s)"), message, path)
        box = QMessageBox(self._parent_widget())
        box.setObjectName("errorDialog")
        box.setIcon(QMessageBox.Icon.Critical)
        box.setProperty("logPath", str(path) if path else "")
        box.setDetailedText(text)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _result, b=box, m=message: self._forget(b, m))
        self.dialogs.append(box)
        self._open[message] = (box, 1)
        self._texts(box, message)
        follow_language(box, partial(self._texts, box, message))
        # open(), not exec(): a nested modal loop would stall asyncio and block tests.
        box.open()
        self.reported.emit(message, str(path or ""))

    def _texts(self, box: QMessageBox, message: str) -> None:
        """The dialog's words in the current language, with how often the fault happened."""
        count = self._open.get(message, (box, 1))[1]
        box.setWindowTitle(self.tr("Unexpected error"))
        if count == 1:
            box.setText(self.tr("Something went wrong inside Socket Workbench. It is still running."))
        else:
            box.setText(
                self.tr(
                    "Something went wrong inside Socket Workbench ({n} times). It is still running."
                ).format(n=count)
            )
        where = str(box.property("logPath") or "") or self.tr("(the log file could not be written)")
        box.setInformativeText(
            self.tr("{message}\n\nThe details were written to:\n{path}").format(message=message, path=where)
        )

    def _forget(self, box: QMessageBox, message: str) -> None:
        if box in self.dialogs:
            self.dialogs.remove(box)
        if self._open.get(message, (None, 0))[0] is box:
            del self._open[message]

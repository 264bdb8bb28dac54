"""The socket-workbench entry point: QApplication, the qasync loop, error hooks, the main window."""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

#: When set (or with --startup-probe), print the time to the first painted window and quit.
STARTUP_PROBE_ENV = "SOCKET_WORKBENCH_STARTUP_PROBE"
STARTUP_MARK = "SOCKET_WORKBENCH_FIRST_PAINT"

_T0 = time.perf_counter()


def _english(_context: str, text: str) -> str:
    return text


#: Qt's own command-line options that take a value (``-platform offscreen``): they go to Qt
#: with their value, which is never taken for a session file.
QT_VALUE_OPTIONS = frozenset(
    f"{dashes}{name}"
    for dashes in ("-", "--")
    for name in (
        "platform", "platformpluginpath", "platformtheme", "plugin", "qwindowgeometry", "qwindowicon",
        "qwindowtitle", "style", "stylesheet", "display", "session", "widgetcount", "qmljsdebugger",
    )
)  # fmt: skip


def _split_qt_options(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """(our arguments, Qt's options with their values)."""
    ours: list[str] = []
    qt: list[str] = []
    items = iter(argv)
    for arg in items:
        if arg in QT_VALUE_OPTIONS:
            qt.append(arg)
            value = next(items, None)
            if value is not None:
                qt.append(value)
        else:
            ours.append(arg)
    return ours, qt


def _parse(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    argv, qt_options = _split_qt_options(argv)
    translate: Callable[[str, str], str] = _english
    if "-h" in argv or "--help" in argv:  # only the help shows these texts: no Qt before that
        from ui.i18n import text_catalog

        translate = text_catalog()  # no QApplication yet: read the .qm directly
    parser = argparse.ArgumentParser(
        prog="socket-workbench",
        description=translate(
            "CommandLine",
            "Build real socketserver servers and socket clients by clicking, and watch every byte.",
        ),
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help=translate("CommandLine", "run the built-in self-test and exit"),
    )
    parser.add_argument(
        "--version", action="store_true", help=translate("CommandLine", "print the version and exit")
    )
    parser.add_argument("--startup-probe", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--workspace",
        metavar="WORKSPACE",
        help=translate("CommandLine", "open a workspace: start its servers and clients, fill in the forms"),
    )
    parser.add_argument(
        "session", nargs="?", metavar="FILE", help="a saved session to open, read-only (a .toml file: a workspace)"
    )
    args, rest = parser.parse_known_args(list(argv))
    return args, [*qt_options, *rest]


def _run_self_test(rest: list[str]) -> int:
    from ui.selftest import main as selftest_main

    return selftest_main(rest)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the app; returns the process exit code."""
    argv = list(sys.argv if argv is None else argv)
    if argv[1:2] == ["--engine-host"]:
        # The installed bundle is one program: the window runs itself as its engine process
        # (ui.hostlink.host_command). Nothing of Qt is imported on this path.
        from workbench.cli import main as workbench_main

        return workbench_main(["host", *argv[2:]])
    if "--self-test" in argv[1:]:
        # everything else on the line belongs to the self-test (its own --help included)
        return _run_self_test([a for a in argv[1:] if a != "--self-test"])
    args, rest = _parse(argv[1:])
    if args.version:
        from workbench import __version__

        print(f"socket-workbench {__version__}")
        return 0
    probe = args.startup_probe or bool(os.environ.get(STARTUP_PROBE_ENV))
    session, workspace = args.session, args.workspace
    if session is not None and workspace is None and session.lower().endswith(".toml"):
        session, workspace = None, session  # a workspace, not a saved session
    if session is not None and not os.path.isfile(session):
        sys.stderr.write(f"socket-workbench: {session}: no such session file\n")
        return 2
    if workspace is not None:
        problem = _workspace_problem(workspace, session)
        if problem is not None:
            sys.stderr.write(f"socket-workbench: {problem}\n")
            return 2
    from ui.display import explain_missing_display, missing_display

    if missing_display(rest):  # Qt would abort (status 134) and blame libxcb-cursor0
        return explain_missing_display()
    qt_argv = [argv[0] if argv else "socket-workbench", *rest]
    return _run_gui(qt_argv, probe=probe, session=session, workspace=workspace)


def _workspace_problem(path: str, session: str | None) -> str | None:
    """Why the window cannot open with this workspace (checked before any window exists), or None."""
    if session is not None:
        from ui.i18n import text_catalog

        translate = text_catalog()
        return translate("CommandLine", "a saved session opens read-only, without servers: open the workspace on its own")
    from workbench.workspace import WorkspaceError, load

    try:
        load(path)
    except WorkspaceError as exc:
        return exc.text()
    return None


#: Given to the QApplication the app creates: Fusion from the start, made by Qt itself.
FUSION_ARGS = ("-style", "Fusion")


def apply_style(app: QApplication, *, set_style: bool = True) -> None:
    """Fusion with a calm light palette: the same look on every platform, and cheap at start-up.

    ``set_style=False`` when the application was created with FUSION_ARGS: then Qt
    makes the style itself, and Python never wraps it. ``app.setStyle()`` returns
    the style, and the first QStyle object seen from Python builds all eleven
    QStyle enums (~10 ms of start-up).

    An optional resources/styles/workbench.qss is applied on top (none ships: an
    application-wide style sheet costs ~150 ms of start-up on this machine).
    """
    from PySide6.QtGui import QColor, QPalette

    if set_style:
        app.setStyle("Fusion")
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#f3f4f6",
        QPalette.ColorRole.WindowText: "#1f2937",
        QPalette.ColorRole.Base: "#ffffff",
        QPalette.ColorRole.AlternateBase: "#f6f7f9",
        QPalette.ColorRole.Text: "#111827",
        QPalette.ColorRole.Button: "#f9fafb",
        QPalette.ColorRole.ButtonText: "#1f2937",
        QPalette.ColorRole.Highlight: "#2563eb",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#1f2937",
        QPalette.ColorRole.ToolTipText: "#f9fafb",
        QPalette.ColorRole.PlaceholderText: "#8a919c",
        QPalette.ColorRole.Link: "#1d4fd8",
        QPalette.ColorRole.Mid: "#c4cad3",
        QPalette.ColorRole.Midlight: "#e5e7eb",
        QPalette.ColorRole.Dark: "#9aa1ab",
        QPalette.ColorRole.Light: "#ffffff",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#9aa1ab"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Base, QColor("#eef0f3"))
    app.setPalette(palette)

    from ui.i18n import resource

    qss = resource("styles", "workbench.qss")
    if qss is not None:
        try:
            app.setStyleSheet(qss.read_text(encoding="utf-8"))
        except OSError:
            pass


def _run_gui(
    qt_argv: list[str], probe: bool = False, session: str | None = None, workspace: str | None = None
) -> int:
    # Start-up creates tens of thousands of objects that all live as long as the app
    # (modules, classes, enums, widgets' wrappers); the cyclic collector walked them again
    # and again meanwhile (~15 ms). It is off until the window is up and its deferred
    # panes are built (see MainWindow.panesBuilt), and on again whatever happens.
    # Once they are built, they are frozen out of the collector's sight for good: a full
    # collection walking them cost 9-13 ms, taken from whichever thread allocated, every
    # few seconds.
    gc_was_enabled = gc.isenabled()
    gc.disable()

    def gc_back_on() -> None:
        if gc_was_enabled:
            gc.enable()

    def start_up_done() -> None:
        # Everything alive now lives as long as the app: a full collection walking the
        # tens of thousands of PySide wrappers took 9-13 ms; frozen, they are never walked.
        gc.collect()
        gc.freeze()
        gc_back_on()

    try:
        return _start_and_run(qt_argv, probe, start_up_done, session, workspace)
    finally:
        gc_back_on()


def _start_and_run(
    qt_argv: list[str],
    probe: bool,
    start_up_done: Callable[[], None],
    session: str | None = None,
    workspace: str | None = None,
) -> int:
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    if existing is None:
        from ui.display import explaining_platform_failure

        # FUSION_ARGS go last, so Fusion wins over a -style given on the command line, as before
        with explaining_platform_failure():  # a platform plugin that fails: plain words, exit 2
            created = QApplication([*qt_argv, *FUSION_ARGS])
    app = existing or created
    assert isinstance(app, QApplication)
    app.setApplicationName("socket-workbench")
    app.setApplicationDisplayName("Socket Workbench")
    app.setOrganizationName("Socket Workbench")
    app.setDesktopFileName("socket-workbench")

    from ui.i18n import resource, start_language

    start_language(app)  # before any widget: every text is set in the chosen language
    icon = resource("icons", "socket-workbench.svg")
    if icon is not None:
        app.setWindowIcon(QIcon(str(icon)))
    apply_style(app, set_style=existing is not None)

    from ui.errors import ErrorReporter
    from ui.mainwindow import MainWindow

    window: MainWindow | None = None
    reporter = ErrorReporter(lambda: window)
    reporter.install()

    from ui.settings import restore_geometry
    from workbench.session.format import FormatError

    try:
        window = MainWindow(session_file=session)
    except (OSError, FormatError) as exc:
        reporter.uninstall()
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        sys.stderr.write(f"socket-workbench: {session}: {reason}\n")
        return 2
    if not restore_geometry(window):
        window.resize(1280, 800)
    window.panesBuilt.connect(start_up_done)

    if probe:

        class _FirstPaint(QObject):
            def eventFilter(self, obj: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint and not getattr(self, "done", False):
                    self.done = True
                    # report after this paint has finished
                    QTimer.singleShot(0, self.report)
                return False

            def report(self) -> None:
                elapsed = (time.perf_counter() - _T0) * 1000
                print(f"{STARTUP_MARK} {elapsed:.1f}", flush=True)
                # then finish starting (asyncio, the loop) and leave through the normal path
                QTimer.singleShot(0, self.leave)

            def leave(self) -> None:
                window.close() if window is not None else None
                app.quit()

        first_paint = _FirstPaint(app)
        window.installEventFilter(first_paint)

    # The first frame needs no asyncio (~50 ms to import with qasync): paint it first, then
    # start asyncio on Qt's loop. Meanwhile user input waits in Qt's queue, so no click can
    # reach a coroutine slot before the loop exists. A window that is not painted soon
    # (started minimised) holds nothing up for long.
    first_frame = QEventLoop()
    window.firstPainted.connect(lambda: QTimer.singleShot(0, first_frame.quit))
    give_up = QTimer()
    give_up.setSingleShot(True)
    give_up.timeout.connect(first_frame.quit)
    give_up.start(250)
    window.show()
    first_frame.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    give_up.stop()
    if not window.isVisible():  # closed meanwhile (by the window manager): nothing to run
        reporter.uninstall()
        remember(window)
        return 0

    import asyncio

    import qasync

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    reporter.install_on_loop(loop)

    # Ctrl+C in the terminal, or SIGTERM at logout, closes the window the normal way (servers
    # stopped first, unix socket files removed). The handler only queues the close: a signal
    # that lands before the loop runs must not close a window that is not up yet. Python only
    # sees a signal when Python code runs, so a light timer gives it the chance.
    import signal

    stop_signals = (signal.SIGINT, signal.SIGTERM)
    previous = {sig: signal.getsignal(sig) for sig in stop_signals}
    for sig in stop_signals:
        signal.signal(sig, lambda *_args: QTimer.singleShot(0, window.close))
    signal_poll = QTimer(app)
    signal_poll.timeout.connect(lambda: None)
    signal_poll.start(250)

    # the engine process starts once the window is up (start-up stays fast)
    QTimer.singleShot(0, window.start_host)
    if workspace is not None:  # checked in main(); opened once the loop runs, like a File ▸ Open workspace…
        QTimer.singleShot(0, lambda: window.workspaces.open_path(workspace))
    try:
        with loop:
            loop.run_forever()
    finally:
        window.session.finish()  # the host exits within 2 s of its stdin ending; the live file goes
        reporter.uninstall()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        remember(window)
    return 0


def remember(window: QWidget) -> None:
    """Save the window's geometry and its forms for the next start (never fails the exit)."""
    from ui.settings import save_geometry

    try:
        save_geometry(window)
        for name in ("server_pane", "client_pane"):
            pane = getattr(window, name, None)
            save = getattr(pane, "save_form", None)
            if save is not None:
                save()
    except Exception as exc:  # a read-only home, a full disk: the next start uses defaults
        from PySide6.QtCore import QCoreApplication

        message = QCoreApplication.translate("CommandLine", "socket-workbench: settings not saved: {error}")
        print(message.format(error=exc), file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())

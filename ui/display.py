"""Whether Qt can open a window here; when it cannot, one plain message and exit status 2, never an abort.

Without a display Qt's xcb plugin fails, and Qt then blames libxcb-cursor0 whatever the cause
and aborts (status 134, a core dump). Two guards, both before a window exists:

- :func:`missing_display` looks at the environment before Qt starts: on Linux with neither
  DISPLAY nor WAYLAND_DISPLAY, and no platform chosen (``-platform``, QT_QPA_PLATFORM), there
  is nothing to open a window on.
- :func:`explaining_platform_failure` holds Qt's messages while the QApplication is made; if
  Qt gives up on its platform plugin (a fatal message) it says why in plain words (a display
  that does not answer, a library the plugin needs, found by loading the plugin as Qt would)
  and exits 2 instead of letting Qt abort.

The messages come from the engine's catalog (workbench/messages.toml): there is no
QApplication, so no translator, yet.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn

#: The exit status of a display problem: bad input, as for the CLI.
EXIT_NO_DISPLAY = 2

_CHECKOUT = Path(__file__).resolve().parents[1]


def missing_display(qt_argv: Sequence[str], environ: Mapping[str, str] | None = None) -> bool:
    """True on Linux when no display is set and no Qt platform was chosen (Qt would abort)."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return False  # Windows and macOS always have their window system
    if env.get("QT_QPA_PLATFORM"):
        return False
    if any(
        arg in ("-platform", "--platform") or arg.startswith(("-platform=", "--platform=")) for arg in qt_argv
    ):
        return False
    return not any(env.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "WAYLAND_SOCKET"))


def commands() -> dict[str, str]:
    """How the user starts the app and the CLI here: a checkout's scripts, or the installed names."""
    argv0 = Path(sys.argv[0] or "socket-workbench")
    try:
        in_checkout = argv0.resolve().parent == _CHECKOUT / ".venv" / "bin"
    except OSError:
        in_checkout = False
    if in_checkout and (_CHECKOUT / "scripts" / "run-app").is_file():
        return {"command": "scripts/run-app", "cli": ".venv/bin/workbench"}
    return {"command": "socket-workbench", "cli": "workbench"}


def say(code: str, **params: Any) -> None:
    """One catalog message on stderr, in the language the app would speak, whatever the terminal shows."""
    from ui.i18n import current_language
    from workbench.messages import render

    text = render(code, {**commands(), **params}, current_language())
    data = f"socket-workbench: {text}\n".encode(sys.stderr.encoding or "utf-8", "backslashreplace")
    try:
        sys.stderr.flush()
        os.write(sys.stderr.fileno(), data)
    except (OSError, ValueError):  # no usable stderr: nothing more can be said
        pass


def explain_missing_display() -> int:
    say("app.no_display")
    return EXIT_NO_DISPLAY


# -- Qt gave up on its platform plugin -----------------------------------------------------------

_PLUGIN_FAILED = re.compile(r'Qt platform plugin "([^"]+)"')
_MISSING_LIBRARY = re.compile(r"([^\s:/]+\.so[.\d]*): cannot open shared object file")


def missing_library(plugin: Path) -> str | None:
    """The shared library a plugin cannot be loaded without (None if it loads), as dlopen reports it.

    dlopen() resolves the whole tree of dependencies, as Qt's own loading does, and names the
    first one missing (what ``ldd`` would mark "not found").
    """
    import ctypes

    try:
        ctypes.CDLL(str(plugin), mode=os.RTLD_LAZY | os.RTLD_LOCAL)
    except OSError as exc:
        found = _MISSING_LIBRARY.search(str(exc))
        return found.group(1) if found else None
    return None


def debian_package(library: str) -> str:
    """The Debian/Ubuntu package that usually ships a library: libxcb-cursor.so.0 -> libxcb-cursor0."""
    found = re.fullmatch(r"(lib.+?)\.so\.(\d+).*", library)
    if not found:
        return library
    name, major = found.groups()
    return f"{name}-{major}" if name[-1].isdigit() else f"{name}{major}"


def platform_plugins(name: str) -> list[Path]:
    """Where Qt looks for the plugin of platform ``name``: QT_QPA_PLATFORM_PLUGIN_PATH, then its plugin folders."""
    from PySide6.QtCore import QCoreApplication, QLibraryInfo

    folders = [Path(p) for p in os.environ.get("QT_QPA_PLATFORM_PLUGIN_PATH", "").split(os.pathsep) if p]
    folders += [Path(p) / "platforms" for p in QCoreApplication.libraryPaths()]
    folders.append(Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms")
    found: list[Path] = []
    for folder in folders:
        plugin = folder / f"libq{name}.so"
        if plugin.is_file() and plugin not in found:
            found.append(plugin)
    return found


def explain_platform_failure(messages: Sequence[str], fatal: str) -> None:
    """Say in plain words why Qt could not start, from what it said on the way (its held messages)."""
    said = "\n".join(messages)
    if "could not connect to display" in said:
        display = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or ""
        say("app.display_unreachable", display=display)
        return
    names = list(dict.fromkeys(_PLUGIN_FAILED.findall(said))) or ["xcb"]
    for name in names:
        for plugin in platform_plugins(name):
            library = missing_library(plugin)
            if library is None:
                continue
            if library.startswith("libQt6") or library.startswith("libpyside6"):
                say("app.qt_own_library_missing", platform=name, library=library)
            else:
                say("app.qt_library_missing", platform=name, library=library, package=debian_package(library))
            return
    reason = fatal.strip().splitlines()[0] if fatal.strip() else "?"
    say("app.qt_platform_failed", reason=reason)


def _leave(status: int) -> NoReturn:
    os._exit(status)  # from inside Qt's fatal handler: returning would let Qt abort


@contextlib.contextmanager
def explaining_platform_failure() -> Iterator[None]:
    """Around ``QApplication(...)``: Qt's messages are held; a fatal one is explained, and the app exits 2.

    Held messages are printed as Qt prints them once the application exists, so nothing Qt
    says at start-up is lost.
    """
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    held: list[str] = []

    def handler(mode: QtMsgType, context: Any, message: str) -> None:
        category = getattr(context, "category", None) or "default"
        line = message if category == "default" else f"{category}: {message}"
        if mode == QtMsgType.QtFatalMsg:
            explain_platform_failure(held, message)
            _leave(EXIT_NO_DISPLAY)
        held.append(line)

    previous = qInstallMessageHandler(handler)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)
        if held:
            sys.stderr.write("".join(line + "\n" for line in held))
            sys.stderr.flush()

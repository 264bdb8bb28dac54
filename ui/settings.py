"""What the app remembers between runs (QSettings): the language, the window geometry, the last forms.

Everything read back is treated as untrusted data: a value of the wrong type or out of
range (a port of 70000, a family this build does not know) is dropped, and the caller keeps
its default. Forms are stored as one JSON object per form, never pickled or evaluated.

The file is an INI file on every platform (``~/.config/socket-workbench/socket-workbench.ini``
on Linux), or ``socket-workbench.ini`` in the directory named by ``SOCKET_WORKBENCH_CONFIG_DIR``
(the tests point it at a temporary directory, so they never touch a user's settings).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QJsonDocument, QSettings
from PySide6.QtWidgets import QMenu, QWidget

#: Environment variable that moves the settings file (tests, portable installs).
CONFIG_DIR_ENV = "SOCKET_WORKBENCH_CONFIG_DIR"
_NAME = "socket-workbench"
#: Stored strings longer than this are not restored (a form field never needs more).
MAX_TEXT = 4096


def settings() -> QSettings:
    """The app's settings; works before a QApplication exists (the self-test, the CLI help)."""
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return QSettings(str(Path(override) / f"{_NAME}.ini"), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, _NAME, _NAME)


def settings_path() -> Path:
    """The file the settings live in (shown to a user who asks where)."""
    return Path(settings().fileName())


# -- recent files (sessions, workspaces) ----------------------------------------------------------
RECENT_MAX = 8


def recent_paths(key: str) -> list[str]:
    """The files remembered under ``key``, newest first, those that still exist."""
    value = settings().value(key, [])
    paths = [str(p) for p in value] if isinstance(value, list) else ([str(value)] if value else [])
    return [p for p in paths if os.path.isfile(p)][:RECENT_MAX]


def remember_path(key: str, path: str) -> None:
    """Put ``path`` first in the list under ``key``."""
    path = os.path.abspath(path)
    store = settings()
    store.setValue(key, [path, *[p for p in recent_paths(key) if p != path]][:RECENT_MAX])
    store.sync()


def fill_recent_menu(menu: QMenu, paths: list[str], open_path: Callable[[str], object], none_yet: str) -> None:
    """A menu of ``paths``, each opening with ``open_path``; ``none_yet`` (disabled) when there are none."""
    menu.clear()
    if not paths:
        menu.addAction(none_yet).setEnabled(False)
        return
    for path in paths:
        menu.addAction(path).triggered.connect(lambda _=False, p=path: open_path(p))


# -- plain values --------------------------------------------------------------------------------
def load_text(key: str, default: str = "") -> str:
    value = settings().value(key)
    return value if isinstance(value, str) and len(value) <= MAX_TEXT else default


def save_text(key: str, value: str) -> None:
    store = settings()
    store.setValue(key, value)
    store.sync()


# -- forms ---------------------------------------------------------------------------------------
# Qt's JSON rather than the json module: the forms are read while the window is built, and
# importing json cost ~4 ms of start-up there, QJsonDocument well under 1 ms.
def save_form(name: str, values: dict[str, Any]) -> None:
    """Remember a form's fields (str, int, float, bool values) under its name ("server", "client")."""
    text = bytes(QJsonDocument(values).toJson(QJsonDocument.JsonFormat.Compact).data()).decode("utf-8")
    store = settings()
    store.setValue(f"forms/{name}", text)
    store.sync()


def load_form(name: str) -> dict[str, Any]:
    """The fields last saved for a form, or {} when there are none or they cannot be read.

    The values are still unchecked: read each one with the ``stored_*`` helpers below.
    """
    raw = settings().value(f"forms/{name}")
    if not isinstance(raw, str) or len(raw) > 16 * MAX_TEXT:
        return {}
    document = QJsonDocument.fromJson(QByteArray(raw.encode("utf-8")))
    if not document.isObject():
        return {}
    values = document.toVariant()
    return values if isinstance(values, dict) else {}


def stored_int(values: dict[str, Any], key: str, low: int, high: int) -> int | None:
    """values[key] if it is a whole number in low..high, else None (keep the default)."""
    value = values.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return None
    return value


def stored_float(values: dict[str, Any], key: str, low: float, high: float) -> float | None:
    value = values.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) and low <= number <= high else None


def stored_bool(values: dict[str, Any], key: str) -> bool | None:
    value = values.get(key)
    return value if isinstance(value, bool) else None


def stored_text(values: dict[str, Any], key: str, max_length: int = 255) -> str | None:
    """A string without control characters (line breaks allowed only if max_length > 255)."""
    value = values.get(key)
    if not isinstance(value, str) or len(value) > max_length:
        return None
    allowed = "\n\t" if max_length > 255 else ""
    if any(ord(c) < 32 and c not in allowed for c in value):
        return None
    return value


def stored_choice(values: dict[str, Any], key: str, choices: Collection[str]) -> str | None:
    value = values.get(key)
    return value if isinstance(value, str) and value in choices else None


# -- window geometry -----------------------------------------------------------------------------
def save_geometry(window: QWidget) -> None:
    """Remember the window's size, position and maximised state."""
    store = settings()
    store.setValue("window/geometry", window.saveGeometry())
    store.sync()


def restore_geometry(window: QWidget) -> bool:
    """Put the window back where it was; False (window untouched) when nothing usable is stored."""
    value = settings().value("window/geometry")
    if not isinstance(value, QByteArray | bytes) or not value:
        return False
    return bool(window.restoreGeometry(QByteArray(value)))

"""Languages: resources on disk, the language setting, and switching Qt's translators live.

The app speaks English (the source texts) and Simplified Chinese. The user's choice is
"system", "en" or "zh_CN" (stored in the settings; ``SOCKET_WORKBENCH_LANGUAGE`` overrides
it for one run); "system" follows the desktop's language list, where any Chinese gives
zh_CN and anything else English.

Switching is live: :func:`apply_language` swaps two QTranslators (ours and Qt's own
``qtbase_zh_CN.qm``, for the standard dialogs' buttons), and Qt then sends
``QEvent.LanguageChange`` to every widget. A widget sets all its texts in a
``retranslate()`` method that its ``__init__`` calls and its ``changeEvent`` calls again on
LanguageChange; an object that cannot override ``changeEvent`` uses :func:`follow_language`.

Code that runs without a QApplication (the self-test's report, the command-line help)
translates with :func:`text_catalog`, which reads the same .qm without installing anything.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    QTranslator,
    Signal,
    Slot,
)

_UI_DIR = Path(__file__).resolve().parent

#: The languages the app has texts for.
LANGUAGES = ("en", "zh_CN")
#: What the user can choose: the system's language or one of LANGUAGES.
CHOICES = ("system", *LANGUAGES)
#: Environment variable that picks the language for one run (system, en or zh_CN).
LANGUAGE_ENV = "SOCKET_WORKBENCH_LANGUAGE"
_SETTING = "language"


def resources_dir() -> Path:
    """The resources/ directory: next to ui/ in a checkout, inside ui/ in a wheel, or in a bundle."""
    candidates = [_UI_DIR / "resources", _UI_DIR.parent / "resources"]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates[:0] = [Path(bundle) / "resources", Path(bundle) / "ui" / "resources"]
    for path in candidates:
        if path.is_dir():
            return path
    return candidates[-1]


def resource(*parts: str) -> Path | None:
    """A file under resources/, or None when it is not there."""
    path = resources_dir().joinpath(*parts)
    return path if path.exists() else None


# -- which language ------------------------------------------------------------------------------
def resolve_language(choice: str, locale: QLocale | None = None) -> str:
    """The language a choice means here: "en" or "zh_CN".

    "system" walks the locale's UI languages in order (``LANGUAGE=fr:zh_CN`` gives zh_CN,
    since there is no French) and stops at the first one the app has.
    """
    if choice in LANGUAGES:
        return choice
    for tag in (locale or QLocale.system()).uiLanguages():
        primary = tag.replace("_", "-").split("-", 1)[0].lower()
        if primary == "zh":
            return "zh_CN"
        if primary == "en":
            return "en"
    return "en"


def language_choice() -> str:
    """The user's choice: the environment override, else the stored setting, else "system"."""
    forced = os.environ.get(LANGUAGE_ENV, "")
    if forced in CHOICES:
        return forced
    from ui.settings import load_text

    stored = load_text(_SETTING, "system")
    return stored if stored in CHOICES else "system"


def save_language_choice(choice: str) -> None:
    if choice not in CHOICES:
        raise ValueError(f"language must be one of {', '.join(CHOICES)}, not {choice!r}")
    from ui.settings import save_text

    save_text(_SETTING, choice)


# -- translation files ---------------------------------------------------------------------------
def translation_file(language: str) -> Path | None:
    """resources/translations/socket_workbench_<language>.qm, or None (English needs none)."""
    if language == "en":
        return None
    return resource("translations", f"socket_workbench_{language}.qm")


def qt_translation_file(language: str) -> Path | None:
    """Qt's own qtbase_<language>.qm (standard buttons, file dialogs), from PySide6 or the bundle."""
    if language == "en":
        return None
    name = f"qtbase_{language}.qm"
    folders = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    try:
        import PySide6

        folders.append(Path(PySide6.__file__).resolve().parent / "Qt" / "translations")
    except (ImportError, TypeError):  # a frozen build may have no __file__ for the package
        pass
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        folders.append(Path(bundle) / "PySide6" / "Qt" / "translations")
    for folder in folders:
        path = folder / name
        if path.is_file():
            return path
    return None


def _load(path: Path | None, parent: QObject | None = None) -> QTranslator | None:
    if path is None:
        return None
    translator = QTranslator(parent)
    return translator if translator.load(str(path)) else None


# -- switching live ------------------------------------------------------------------------------
class LanguageSignals(QObject):
    """Tells non-widget objects (item models, timers' texts) that the language changed.

    Widgets need not listen: Qt sends them QEvent.LanguageChange.

    Signals:
        changed(str): the language now applied ("en" or "zh_CN"), after the translators
            were swapped.
    """

    changed = Signal(str)


class _Applied:
    """The translators installed now and the language they are for (GUI thread only)."""

    def __init__(self) -> None:
        self.language: str | None = None
        self.translators: list[QTranslator] = []
        self.signals: LanguageSignals | None = None


_applied = _Applied()


def language_signals() -> LanguageSignals:
    if _applied.signals is None:
        _applied.signals = LanguageSignals()
    return _applied.signals


def apply_language(language: str, app: QCoreApplication | None = None) -> bool:
    """Make `language` the running app's language now; False if its files are missing.

    Removes the translators installed before and installs ours and Qt's for the
    language ("en" installs none). Without our .qm the app stays (or goes back to)
    English and this returns False; a missing qtbase file only leaves Qt's standard
    buttons in English.
    """
    app = app or QCoreApplication.instance()
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    if app is None:
        raise RuntimeError("apply_language() needs a QApplication")
    if language == _applied.language:
        return True
    ours = _load(translation_file(language), app)
    found = language == "en" or ours is not None
    if not found:
        language = "en"
        if _applied.language == "en":
            return False
    for old in _applied.translators:
        QCoreApplication.removeTranslator(old)
        old.deleteLater()
    _applied.translators = []
    if language != "en":
        # Qt's first (consulted last), ours last: the most recently installed answers first
        for translator in (_load(qt_translation_file(language), app), ours):
            if translator is not None and QCoreApplication.installTranslator(translator):
                _applied.translators.append(translator)
    _applied.language = language
    from workbench.messages import set_language

    set_language(language)  # the engine's messages (errors from the host) follow the window
    language_signals().changed.emit(language)
    return found


def start_language(app: QCoreApplication) -> str:
    """At start-up: apply the language the user chose; returns it."""
    apply_language(resolve_language(language_choice()), app)
    return current_language()


def choose_language(choice: str, app: QCoreApplication | None = None) -> str:
    """The user picked a language (System, English, 简体中文): remember it and switch now."""
    save_language_choice(choice)
    apply_language(resolve_language(choice), app)
    return current_language()


def current_language() -> str:
    """The language the app speaks now, "en" or "zh_CN" (e.g. to pick a message catalog).

    Before any translator is applied (the CLI, the self-test) it is what the setting and
    the system say.
    """
    if _applied.language is not None:
        return _applied.language
    language = resolve_language(language_choice())
    return language if language == "en" or translation_file(language) is not None else "en"


class _LanguageFollower(QObject):
    """A child of the object it serves, so it and its connection die with that object."""

    def __init__(self, target: QObject, callback: Callable[[], None]) -> None:
        super().__init__(target)
        self._callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LanguageChange:
            self._callback()
        return False

    @Slot(str)
    def on_changed(self, _language: str) -> None:
        self._callback()


def follow_language(target: QObject, retranslate: Callable[[], None]) -> None:
    """Call `retranslate` whenever the language changes, for as long as `target` lives.

    For objects whose ``changeEvent`` you do not override: a widget (a QMenu, a dialog)
    gets an event filter for QEvent.LanguageChange; any other QObject (an item model)
    is told through :func:`language_signals`.
    """
    from PySide6.QtWidgets import QWidget  # here: the self-test and the CLI need only QtCore

    follower = _LanguageFollower(target, retranslate)
    if isinstance(target, QWidget):
        target.installEventFilter(follower)
    else:
        language_signals().changed.connect(follower.on_changed)


# -- without a QApplication ----------------------------------------------------------------------
def text_catalog(language: str | None = None) -> Callable[[str, str], str]:
    """translate(context, text) for one language, reading our .qm without installing it.

    For output made before or without a QApplication (the self-test's report, --help).
    Texts the file lacks, or every text when it is missing, come back in English.
    """
    translator = _load(translation_file(language or current_language()))

    def translate(context: str, text: str) -> str:
        if translator is None:
            return text
        return translator.translate(context, text) or text

    return translate


def tr(context: str, text: str) -> str:
    """Translate text outside a QObject (module-level labels), through the installed translators."""
    return QCoreApplication.translate(context, text)

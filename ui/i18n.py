"""Finding the resources directory and installing the translation for the user's locale."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

_UI_DIR = Path(__file__).resolve().parent


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


def translation_file(locale: QLocale) -> Path | None:
    """resources/translations/socket_workbench_<locale>.qm for e.g. zh_CN, falling back to zh."""
    name = locale.name()  # e.g. "zh_CN"
    for candidate in (name, name.split("_", 1)[0]):
        found = resource("translations", f"socket_workbench_{candidate}.qm")
        if found is not None:
            return found
    return None


def install_translator(app: QCoreApplication, locale: QLocale | None = None) -> QTranslator | None:
    """Load and install the .qm for the locale if one exists; returns it (keep a reference)."""
    qm = translation_file(locale or QLocale.system())
    if qm is None:
        return None
    translator = QTranslator(app)
    if not translator.load(str(qm)):
        return None
    app.installTranslator(translator)
    return translator


def tr(context: str, text: str) -> str:
    """Translate text outside a QObject (module-level labels)."""
    return QCoreApplication.translate(context, text)

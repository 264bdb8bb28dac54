"""Every user-visible string goes through Qt's translation: a .qm for the locale changes the widgets."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale

import ui.i18n
from ui.i18n import install_translator

TS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context><name>ServerPane</name>
<message><source>Start server</source><translation>启动服务器</translation></message>
</context>
<context><name>ClientPane</name>
<message><source>Connect</source><translation>连接</translation></message>
</context>
</TS>
"""


def _lrelease() -> str | None:
    import PySide6

    tool = Path(PySide6.__file__).parent / "lrelease"
    return str(tool) if tool.exists() else shutil.which("pyside6-lrelease")


def test_a_translation_file_changes_the_forms(qapp, qloop, tmp_path: Path, monkeypatch) -> None:
    lrelease = _lrelease()
    if lrelease is None:
        pytest.skip("lrelease is not installed")
    translations = tmp_path / "resources" / "translations"
    translations.mkdir(parents=True)
    ts = translations / "socket_workbench_zh_CN.ts"
    ts.write_text(TS, encoding="utf-8")
    subprocess.run([lrelease, str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True, capture_output=True)
    monkeypatch.setattr(ui.i18n, "resources_dir", lambda: tmp_path / "resources")

    translator = install_translator(qapp, QLocale("zh_CN"))
    assert translator is not None
    try:
        from ui.mainwindow import MainWindow

        window = MainWindow()
        try:
            assert window.server_pane.start.text() == "启动服务器"
            assert window.client_pane.connect_button.text() == "连接"
            # untranslated strings fall back to English
            assert window.client_pane.close_button.text() == "Close"
        finally:
            window.detach_logging()
            window.deleteLater()
    finally:
        QCoreApplication.removeTranslator(translator)

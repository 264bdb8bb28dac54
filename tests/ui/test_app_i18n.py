"""The window in Simplified Chinese: the forms read Chinese, and the language switches live, both ways."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDoubleSpinBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QTreeWidget,
    QWidget,
)

from ui import i18n
from ui.i18n import apply_language, choose_language, current_language, language_choice
from ui.language import install_language_menu

ROOT = Path(__file__).resolve().parents[2]

#: What may stay in Latin letters: Python names, the values of --handler and --mixin,
#: protocol and encoding acronyms, hex digits and escapes, addresses, paths and numbers.
EXEMPT = re.compile(
    r"[A-Za-z_][\w.]*\([\w, ]*\)"  # calls: close(), socket.close(), listen(backlog)
    r"|\b\w*_\w*\b"  # names with an underscore: AF_INET, SOCK_STREAM, serve_forever
    r"|\b[A-Z][a-z]+(?:[A-Z][a-z]*)+\b"  # CamelCase classes: ThreadingMixIn
    r"|\b(?:echo|upper|discard|daytime|rules|threading|forking)\b"  # values of --handler and --mixin
    r"|\bCRC-\d+C?\b"  # checksum names (CRC-32C) stay as the catalogue spells them
    r"|\b(?:[A-Z]{2,}\w*|IPv[46]|Unix|Ctrl\+\w+)\b"  # TCP, UDP, UTF-8, ASCII, IPv6, Unix, Ctrl+Enter
    r"|\\x[0-9A-Fa-f]{2}|\\xNN|\\[nrt0\\]"  # escapes
    r"|\b0x[0-9a-f]+\b|\b(?:[0-9a-f]{2} ){2,}[0-9a-f]{2}\b"  # hex: 0xde, de ad be ef
    r"|[0-9a-f:]*::[0-9a-f:]*|\b\d+(?:\.\d+)*(?:/\d+)?\b"  # ::1, 127.0.0.1, 10.0.0.0/8, numbers
    r"|(?:/[\w.-]+)+"  # paths
    r"|\b(?:server|client)-\d+\b"  # the ids the app gives servers and clients
    r"|\bhello\b"  # the sample payload
)
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def needs_translation(text: str) -> bool:
    """Whether a text has words left once the EXEMPT parts are taken out."""
    return bool(re.search(r"[^\W\d_]", EXEMPT.sub(" ", text)))


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for each text a user can see under `root`: labels, buttons, combo items
    (and their tooltips), placeholders, spin-box special texts and suffixes, tooltips.

    The contents of fields (what the user typed, addresses, payloads) are data, not ours.
    """
    found: list[tuple[str, str]] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget is not root and not widget.isVisibleTo(root):
            continue
        name = widget.objectName() or type(widget).__name__
        texts: list[tuple[str, str]] = [("tooltip", widget.toolTip())]
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(("text", widget.text()))
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            texts.append(("placeholder", widget.placeholderText()))
        if isinstance(widget, QAbstractSpinBox) and isinstance(widget, QSpinBox | QDoubleSpinBox):
            texts += [("special", widget.specialValueText()), ("suffix", widget.suffix())]
        if isinstance(widget, QComboBox) and widget.objectName() != "clientCurrent":  # client ids
            for i in range(widget.count()):
                texts.append((f"item {i}", widget.itemText(i)))
                texts.append(
                    (f"item {i} tooltip", str(widget.itemData(i, Qt.ItemDataRole.ToolTipRole) or ""))
                )
        if isinstance(widget, QTreeWidget):  # the running list: its header and rows
            header = widget.headerItem()
            texts += [(f"header {c}", header.text(c)) for c in range(widget.columnCount())]
            for row in range(widget.topLevelItemCount()):
                item = widget.topLevelItem(row)
                for c in range(widget.columnCount()):
                    texts += [
                        (f"row {row} col {c}", item.text(c)),
                        (f"row {row} col {c} tooltip", item.toolTip(c)),
                    ]
        found += [(f"{name} {kind}", text) for kind, text in texts if text.strip()]
    return found


def chinese_share(root: QWidget) -> tuple[float, list[tuple[str, str]]]:
    """The share of texts needing translation that contain Chinese, and those that do not."""
    texts = [(where, text) for where, text in visible_texts(root) if needs_translation(text)]
    english = [(where, text) for where, text in texts if not CJK.search(text)]
    assert texts, "no texts found"
    return 1 - len(english) / len(texts), english


def test_the_exemptions_take_out_names_not_words() -> None:
    assert not needs_translation("SOCK_STREAM (TCP)")
    assert not needs_translation("ThreadingMixIn")
    assert not needs_translation("socket.close()")
    assert not needs_translation("127.0.0.1 / ::1")
    assert not needs_translation("server-1  127.0.0.1:40000")
    assert needs_translation("Start server")
    assert needs_translation("listen(backlog): connections the kernel queues before accept()")
    assert needs_translation("echo: send back what arrives")


def _switch(qtbot, language: str) -> None:
    apply_language(language)
    QApplication.processEvents()  # Qt posts LanguageChange to the windows


def test_the_forms_are_chinese_in_chinese(ui, qtbot, built_translations) -> None:
    """≥ 95% of the server and client panes' texts and tooltips, and of the running list's, are Chinese.

    Measured with a server running and a client connected, so the status lines and the
    list's rows count too. Chinese means at least one CJK ideograph; texts with nothing
    left once Python names, handler names, acronyms, hex, addresses, paths, ids and
    numbers are taken out (EXEMPT) need no translation and are not counted.
    """
    window = ui.window

    async def scenario() -> None:
        ui.click("serverStart")
        await ui.until(
            lambda: window.session.clients or window.client_pane.port.value(), what="the client target"
        )
        ui.click("clientConnect")
        await ui.until(lambda: any(c.connected for c in window.session.clients.values()), what="a connection")

    ui.run(scenario())
    _switch(qtbot, "zh_CN")
    for pane in (window.server_pane, window.client_pane, window.live_list, window.log_pane):
        share, english = chinese_share(pane)
        assert share >= 0.95, f"{pane.objectName()}: {share:.0%} Chinese; still English: {english}"
    # and exactly: nothing the panes own is left in English
    assert chinese_share(window.server_pane)[1] == []
    assert chinese_share(window.client_pane)[1] == []


def test_switching_the_language_changes_the_window_live_both_ways(ui, qtbot, built_translations) -> None:
    window = ui.window
    sp, cp, log = window.server_pane, window.client_pane, window.log_pane
    menu = install_language_menu(window, window.menuBar())
    assert install_language_menu(window, window.menuBar()) is menu  # a second call adds nothing

    async def start() -> None:
        ui.click("serverStart")
        await ui.until(lambda: window.session.servers, what="a server")
        server = next(iter(window.session.servers.values()))
        socket.create_connection(server.address, timeout=5).close()  # one request, served and done
        await ui.until(lambda: (row := window.live_list.request_row(server.id, 1)) is not None
                       and row.text(0).endswith(": done"), what="the request's row")  # fmt: skip

    ui.run(start())
    ident = next(iter(window.session.servers))
    stop = ui.widget(f"stop-{ident}")

    def texts() -> dict[str, str]:
        return {
            "start": sp.start.text(),
            "status": sp.status.text(),
            "caption": sp.captions["backlog"].text(),
            "tooltip": sp.port.toolTip(),
            "mixin": sp.mixin.itemText(0),
            "connect": cp.connect_button.text(),
            "reason": cp.send_reason.text(),
            "log": log.title.text(),
            "stop": stop.text(),
            "header": window.live_list.headerItem().text(1),
            "menu": menu.title(),
            "request": window.live_list.request_row(ident, 1).text(0),  # a row under the server
        }

    english = texts()
    assert english["start"] == "Start server" and f"{ident} listening on 127.0.0.1:" in english["status"]

    action = window.findChild(QAction, "actionLanguage_zh_CN")
    assert action is not None
    action.trigger()  # the menu, as a user would
    qtbot.waitUntil(lambda: sp.start.text() == "启动服务器", timeout=2000)
    chinese = texts()
    assert chinese["status"].startswith(f"{ident} 正在 127.0.0.1:") and chinese["status"].endswith("上监听")
    expected = {
        "caption": "等待队列",
        "mixin": "无",
        "connect": "连接",
        "log": "日志",
        "stop": "停止",
        "header": "地址",
    }
    assert {key: chinese[key] for key in expected} == expected
    for key, text in chinese.items():
        assert text != english[key] and re.search(r"[\u4e00-\u9fff]", text), (key, text)
    assert current_language() == "zh_CN"
    assert language_choice() == "en"  # the test's environment override still wins at the next start...
    from ui.settings import load_text

    assert load_text("language") == "zh_CN"  # ...but the choice is remembered

    english_action = window.findChild(QAction, "actionLanguage_en")
    assert english_action is not None
    english_action.trigger()
    qtbot.waitUntil(lambda: sp.start.text() == "Start server", timeout=2000)
    assert texts() == english
    assert current_language() == "en" and load_text("language") == "en"


def test_qt_standard_buttons_follow_the_language(qapp, qtbot, built_translations) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Information,
        "",
        "",
        QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
    )
    qtbot.addWidget(box)
    ok = box.button(QMessageBox.StandardButton.Ok)
    assert ok is not None and "OK" in ok.text()
    _switch(qtbot, "zh_CN")
    assert i18n.qt_translation_file("zh_CN") is not None
    assert re.search(r"[\u4e00-\u9fff]", box.button(QMessageBox.StandardButton.Cancel).text())  # type: ignore[union-attr]


def test_the_error_dialog_retranslates_while_open(
    qapp, qtbot, tmp_path, monkeypatch, built_translations
) -> None:
    from ui.errors import LOG_DIR_ENV, ErrorReporter

    monkeypatch.setenv(LOG_DIR_ENV, str(tmp_path))
    reporter = ErrorReporter()
    reporter.report(ValueError("boom"), "Traceback: boom")
    qtbot.waitUntil(lambda: bool(reporter.dialogs), timeout=2000)
    box = reporter.dialogs[0]
    assert box.windowTitle() == "Unexpected error"
    choose_language("zh_CN")
    qtbot.waitUntil(lambda: box.windowTitle() == "意外错误", timeout=2000)
    assert "ValueError: boom" in box.informativeText() and "详细信息已写入" in box.informativeText()
    box.close()


def test_chinese_is_used_from_the_start_when_chosen(tmp_path: Path, private_settings: Path) -> None:
    """A fresh process: the stored choice (no override) gives a Chinese window and --help."""
    import os

    from ui.settings import save_text

    save_text("language", "zh_CN")
    env = {k: v for k, v in os.environ.items() if k != i18n.LANGUAGE_ENV}
    env["QT_QPA_PLATFORM"] = "offscreen"
    code = (
        "from PySide6.QtWidgets import QApplication; from ui.i18n import start_language; "
        "app = QApplication([]); print(start_language(app)); "
        "from ui.server_pane import ServerPane; print(ServerPane(None).start.text())"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["zh_CN", "启动服务器"]
    help_text = subprocess.run(
        [sys.executable, "-m", "ui.app", "--help"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "运行内置自检，然后退出" in help_text.stdout, help_text.stdout + help_text.stderr


def test_a_missing_translation_leaves_the_app_in_english(qapp, monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(i18n, "resources_dir", lambda: tmp_path)  # no translations/ here
    assert i18n.translation_file("zh_CN") is None
    assert apply_language("zh_CN") is False
    assert current_language() == "en"
    with pytest.raises(ValueError):
        apply_language("tlh")


def test_objects_that_are_not_widgets_follow_the_language_while_they_live(qapp, built_translations) -> None:
    import shiboken6
    from PySide6.QtCore import QObject

    from ui.i18n import follow_language

    calls: list[str] = []
    model = QObject()
    follow_language(model, lambda: calls.append(current_language()))
    apply_language("zh_CN")
    apply_language("en")
    assert calls == ["zh_CN", "en"]
    shiboken6.delete(model)  # its follower goes with it: no call into a dead object
    apply_language("zh_CN")
    assert calls == ["zh_CN", "en"]

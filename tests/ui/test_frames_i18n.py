"""The event table, the hex pane (framing, find, go to, inspector) and Follow stream switch to Chinese live."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QApplication

from tests.ui import test_app_i18n as i18n_checks
from tests.ui.conftest import Driver
from tests.ui.test_frames_window import LINES, echo_exchange
from ui.i18n import apply_language

#: Framing specs stay as the rules file and the CLI spell them (docs/TERMINOLOGY.md).
#: The markup that keeps a tooltip plain text (ui.models.hex_model.plain_tooltip) is not a text.
TAGS = re.compile(r"<[^>]*>")
SPECS = re.compile(r"\b(?:raw|line|length:u(?:8|16|32)(?:be|le)?|fixed:\d+|delimiter:\S+)")


def english_left(root) -> list[tuple[str, str]]:
    texts = [(where, SPECS.sub(" ", TAGS.sub(" ", text))) for where, text in i18n_checks.visible_texts(root)]
    return [
        (where, text)
        for where, text in texts
        if i18n_checks.needs_translation(text) and not i18n_checks.CJK.search(text)
    ]


def test_frames_find_and_follow_stream_are_chinese_in_chinese(ui: Driver, built_translations) -> None:
    window = ui.window
    client_id, _client = ui.run(echo_exchange(ui, *LINES))
    window.tabs.setCurrentIndex(2)
    hex_pane = window.hex_pane
    hex_pane.show_connection(ui.source_id(client_id), 0)
    window.events_pane.framing.set_spec("delimiter:\\r\\n")
    hex_pane.finish_framing()
    hex_pane.view.select(3, 2)
    hex_pane.find_bar.open()
    hex_pane.find_bar.field.setText("PING (")
    hex_pane.find_bar.set_mode("regex")
    hex_pane.find_bar.find_next()  # an error under the field
    hex_pane.goto_bar.open()
    hex_pane.goto_bar.field.setText("99999")
    hex_pane.goto_bar.go()
    follow = window.open_follow(hex_pane.current_connection())
    assert follow is not None
    try:
        apply_language("zh_CN")
        QApplication.processEvents()
        assert english_left(hex_pane) == []
        assert "偏移必须在" in ui.widget("hexGotoMessage").text()
        assert "正则表达式" in ui.widget("hexFindMode").currentText()
        assert "帧 #" in ui.widget("inspectorFrame").text()
        assert english_left(follow) == []
        follow.rebuild()
        assert "发送 · 帧 #1 · 8 B，来自 1 次调用" in follow.plain_text()
        window.tabs.setCurrentIndex(0)
        QApplication.processEvents()
        assert english_left(window.events_pane) == []
        headers = window.events_pane.model.header_texts()
        assert headers[0] == "时间" and headers[-1] == "字节（按帧）"
        window.events_pane.flush()
        row = next(r for r in ui.event_rows() if r["事件"] == "sendall" and r["来源"] == client_id)
        assert row["字节（按帧）"].startswith("帧 #1–#2：共 16 B")
        apply_language("en")
        QApplication.processEvents()
        assert follow.windowTitle().startswith("Follow stream: client-")
        assert ui.widget("hexFollow").text() == "Follow stream"
    finally:
        apply_language("en")
        follow.close()
        QApplication.processEvents()

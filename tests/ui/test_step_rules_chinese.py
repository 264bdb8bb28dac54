"""Step mode, the rules editor and the server form's advanced options read Chinese in Chinese, and switch back live."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QApplication

from tests.ui.test_app_echo import connect_client_from_form, start_server_from_form
from tests.ui.test_app_i18n import chinese_share
from ui.i18n import apply_language
from ui.steps_pane import HOOKS


def is_data_or_a_python_name(where: str, text: str) -> bool:
    """Hook names (setup, handle), self.request and its printed value, a thread's name: never translated."""
    return (
        text in HOOKS
        or text.startswith("self.")
        or where.startswith("stepSelf_")  # what print() shows: a repr
        or (where.startswith("stepHeld row") and "col 3" in where)  # the thread's own name
        or (re.match(r"(rulesFraming|rule\d+Kind) item \d+$", where) is not None)  # a rules file's own words
    )


def test_step_mode_the_rules_editor_and_the_advanced_options_in_chinese(ui, built_translations) -> None:
    window = ui.window

    async def scenario() -> None:
        ui.click("serverAdvancedToggle")
        server_id = await start_server_from_form(ui)
        window.steps_pane.set_breakpoints(["handle"])
        await ui.until(lambda: window.session.servers[server_id].breakpoints, what="the breakpoint")
        client_id = await connect_client_from_form(ui, server_id)
        await window.session.clients[client_id].sendall(b"hi")
        await ui.until(lambda: window.steps_pane.holds(), what="a held thread")
        combo = ui.widget("serverHandler")
        combo.setCurrentIndex(combo.findData("rules"))
        window.server_pane.open_rules_editor()

    ui.run(scenario())
    apply_language("zh_CN")
    QApplication.processEvents()
    editor = ui.widget("rulesEditor")
    for pane in (window.steps_pane, editor, window.server_pane):
        share, english = chinese_share(pane)
        words = [(where, text) for where, text in english if not is_data_or_a_python_name(where, text)]
        assert words == [], f"{pane.objectName()}: {share:.0%} Chinese; still English: {words}"
    assert ui.widget("stepStep").text() == "单步（F10）"
    assert window.steps_pane.shown_lines()["note"] == "现在停在 handle()。"
    apply_language("en")
    QApplication.processEvents()
    assert ui.widget("stepStep").text() == "Step (F10)"
    assert editor.windowTitle() == "Rules: how the server answers"

    async def finish() -> None:
        window.steps_pane.set_breakpoints([])
        window.steps_pane.release(step=False)
        await ui.until(lambda: not window.steps_pane.holds(), what="the thread to go on")

    ui.run(finish())

"""The rules editor in the real window: a rules server started from it answers PING with PONG, hits count live, errors sit under their rule."""

from __future__ import annotations

import socket
from pathlib import Path

from PySide6.QtCore import Qt

from ui.settings import load_form
from workbench.rulesfile import load_rules, parse_rules


def load_rules_text(text: str) -> list[str]:
    return [rule.pattern for rule in parse_rules(text).rules]


def open_editor(ui):
    """Pick the "rules" handler as a user does: the editor opens."""
    combo = ui.widget("serverHandler")
    combo.setCurrentIndex(combo.findData("rules"))
    combo.activated.emit(combo.currentIndex())
    editor = ui.widget("rulesEditor")
    assert editor.isVisible()
    assert ui.widget("serverEditRules").isVisible()
    return editor


def test_a_rules_server_started_from_the_editor_answers_and_counts_hits(ui) -> None:
    window = ui.window

    async def scenario() -> None:
        editor = open_editor(ui)
        # the editor starts with the guide's first rule
        assert editor.framing.currentText() == "line"
        assert (ui.widget("rule1Kind").currentData(), ui.widget("rule1Pattern").text()) == ("regex", r"PING (\d+)\r?\n")
        assert ui.widget("rule1Reply").text() == r"PONG \1\n"
        ui.click("rulesStart")
        server_id = await ui.until(lambda: next(iter(window.session.servers), None), what="the rules server")
        server = window.session.servers[server_id]
        assert server.spec.handler.value == "rules"
        assert ui.widget("rule1Hits").text() == "0"
        with socket.create_connection(server.address, timeout=5) as sock:
            sock.sendall(b"PING 42\n")
            assert sock.recv(64) == b"PONG 42\n"
            await ui.until(lambda: ui.widget("rule1Hits").text() == "1", what="one hit on rule 1")
            sock.sendall(b"HELP\n")  # no rule matches: no reply, counted as unmatched
            await ui.until(lambda: ui.widget("rulesUnmatched").text().endswith(": 1"), what="one unmatched frame")
        assert ui.widget("rule1Hits").text() == "1"
        assert server_id in ui.widget("rulesStatus").text()
        # the rules are remembered with the form, for the next run
        saved = load_form("server")
        assert saved["handler"] == "rules" and load_rules_text(saved["rules"]) == [r"PING (\d+)\r?\n"]

    ui.run(scenario())


def test_a_bad_regex_is_said_under_its_rule_and_nothing_starts(ui, qtbot) -> None:
    window = ui.window

    async def scenario() -> None:
        open_editor(ui)
        ui.click("rulesAdd")
        assert ui.widget("rulesEditor").focusWidget() is ui.widget("rule2Pattern")
        qtbot.keyClicks(ui.widget("rule2Pattern"), "GET (")
        qtbot.keyClicks(ui.widget("rule2Reply"), "OK")
        error = ui.widget("rule2Error")
        await ui.until(error.isVisible, what="the error under rule 2")
        assert "regex" in error.text() and "position" in error.text()
        assert not ui.widget("rule1Error").isVisible()
        assert not ui.widget("rulesStart").isEnabled()
        # the form's own Start says where the problem is, and starts nothing
        ui.click("serverStart")
        await ui.until(ui.widget("serverStartError").isVisible, what="the form's message")
        assert "rules editor" in ui.widget("serverStartError").text()
        assert not window.session.servers
        # fixing the pattern clears it
        ui.widget("rule2Pattern").setText(r"GET (\w+)\n")
        ui.widget("rule2Pattern").textEdited.emit(ui.widget("rule2Pattern").text())
        await ui.until(lambda: not error.isVisible(), what="the error to go")
        assert ui.widget("rulesStart").isEnabled()

    ui.run(scenario())


def test_rules_are_added_moved_saved_and_loaded(ui, qtbot, tmp_path: Path) -> None:
    editor = open_editor(ui)
    ui.click("rulesAdd")
    ui.widget("rule2Name").setText("quit")
    ui.choose("rule2Kind", "literal")
    ui.widget("rule2Pattern").setText(r"QUIT\n")
    ui.widget("rule2Reply").setText(r"BYE\n")
    ui.widget("rule2Pattern").setFocus()
    qtbot.keyClick(ui.widget("rule2Pattern"), Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)  # first match wins
    assert ui.widget("rule1Name").text() == "quit" and ui.widget("rule2Name").text() == "ping"
    path = tmp_path / "rules.toml"
    assert editor.save_file(str(path))
    saved = load_rules(path)
    assert [(r.name, r.kind, r.pattern, r.reply) for r in saved.rules] == [
        ("quit", "literal", r"QUIT\n", r"BYE\n"),
        ("ping", "regex", r"PING (\d+)\r?\n", r"PONG \1\n"),
    ]
    ui.click("rule1Remove")
    assert len(editor.rows) == 1 and ui.widget("rule1Name").text() == "ping"
    assert editor.load_file(str(path))
    assert [row.fields().name for row in editor.rows] == ["quit", "ping"]


def test_a_file_with_a_bad_rule_loads_with_the_problem_under_that_rule(ui, tmp_path: Path) -> None:
    editor = open_editor(ui)
    path = tmp_path / "bad.toml"
    path.write_text(
        "framing = 'line'\n\n[[rule]]\nmatch = 'A(\\d)\\n'\nreply = 'B\\1\\n'\n\n"
        "[[rule]]\nname = 'two'\nmatch = 'C(\\d)\\n'\nreply = 'D\\2\\n'\n",
        encoding="utf-8",
    )
    assert not editor.load_file(str(path))
    assert [row.fields().pattern for row in editor.rows] == [r"A(\d)\n", r"C(\d)\n"]
    error = ui.widget("rule2Error")
    assert error.isVisible() and r"\2" in error.text() and "1 group" in error.text()
    file_error = ui.widget("rulesFileError")
    assert file_error.isVisible() and file_error.text().startswith(f'{path}: rule 2 ("two")')

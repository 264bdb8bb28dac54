"""The main window's wiring: one bridge feeds every pane, even panes built after the first paint."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from workbench.events import make_event


def test_events_before_the_deferred_panes_exist_still_reach_them(qtbot, qloop) -> None:
    from ui.mainwindow import MainWindow

    window = MainWindow()  # not shown: the timeline and hex panes are not built yet
    try:
        assert window._hex_pane is None
        window.bridge.sink(make_event("sendall", None, "client-9", "client", data=b"early bytes"))
        window.bridge.sink(make_event("setup", "enter", "server-9", "server", request=1))
        window.bridge.flush()
        capture = window.hex_pane.capture_for("client-9", None)  # built now, on first use
        assert capture is not None and capture.read(0, capture.total_bytes) == b"early bytes"
        # later events go straight to the panes
        window.bridge.sink(make_event("recv", None, "client-9", "client", data=b"!"))
        window.bridge.flush()
        assert capture.total_bytes == len(b"early bytes!")
        # the tabs now hold the real panes
        assert window.tabs.widget(1) is window.timeline
        assert window.tabs.widget(2).findChild(QWidget, "hexView") is not None
    finally:
        window.detach_logging()
        window.deleteLater()


def test_key_widgets_carry_stable_object_names(window) -> None:
    names = """serverFamily serverType serverHost serverPort serverPath serverBacklog serverMixin
    serverHandler serverStart serverList clientFamily clientType clientHost clientPort clientPath
    clientConnect clientClose clientPayload clientPayloadMode clientSend eventTable timelineView
    hexView inspector logView""".split()
    window.ensure_panes()
    missing = [n for n in names if window.findChild(QWidget, n) is None]
    assert not missing


def test_ctrl_enter_in_the_payload_sends(ui) -> None:
    async def scenario() -> None:
        ui.click("serverStart")
        await ui.until(lambda: ui.window.session.servers)
        ui.click("clientConnect")
        await ui.until(lambda: any(c.connected for c in ui.window.session.clients.values()))
        client_id = next(iter(ui.window.session.clients))
        payload = ui.widget("clientPayload")
        payload.setPlainText("via keyboard")
        payload.setFocus()
        ui.qtbot.keyClick(payload, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        await ui.until(
            lambda: (
                (c := ui.window.hex_pane.capture_for(client_id, None)) is not None
                and c.total_bytes >= 2 * len("via keyboard")
            ),
            what="the echo",
        )
        assert payload.toPlainText() == "via keyboard"  # Ctrl+Enter sends, it does not add a line

    ui.run(scenario())

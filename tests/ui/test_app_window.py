"""The main window's wiring: one feed gives every pane the records, even panes built after the first paint."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget


def test_records_before_the_deferred_panes_exist_still_reach_them(qtbot, qloop, tmp_path) -> None:
    from ui.mainwindow import MainWindow
    from workbench.events import Kind, Phase
    from workbench.session.writer import SessionWriter

    path = tmp_path / "s.swb"
    writer = SessionWriter(path)
    window = MainWindow()  # not shown: the timeline and hex panes are not built yet
    try:
        client = writer.add_source("client-9", "client")
        server = writer.add_source("server-9", "server", {"type": "stream"})
        writer.data(Kind.SENDALL, client, 0, 0, b"early bytes")
        writer.hook(Kind.SETUP, Phase.ENTER, server, 1)
        writer.flush()
        window.feed.open(str(path), live=True)
        window.feed.read_now()
        assert window._hex_pane is None
        stream = window.hex_pane.stream_for(client)  # built now, on first use
        assert stream is not None and stream.read(0, stream.total_bytes) == b"early bytes"
        assert window.timeline.open_bar_count() == 1
        # later records go straight to the panes
        writer.data(Kind.RECV, client, 0, 0, b"!")
        writer.flush()
        window.feed.read_now()
        window.hex_pane.flush()
        assert window.hex_pane.stream_for(client).total_bytes == len(b"early bytes!")
        # the tabs now hold the real panes
        assert window.tabs.widget(1) is window.timeline
        assert window.tabs.widget(2).findChild(QWidget, "hexView") is not None
    finally:
        writer.close()
        window.feed.close()
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
        ui.window.hex_pane.flush()
        payload = ui.widget("clientPayload")
        payload.setPlainText("via keyboard")
        payload.setFocus()
        ui.qtbot.keyClick(payload, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        await ui.until(
            lambda: (
                (ui.window.hex_pane.flush() or (c := ui.stream(client_id)) is not None)
                and c.total_bytes >= 2 * len("via keyboard")
            ),
            what="the echo",
        )
        assert payload.toPlainText() == "via keyboard"  # Ctrl+Enter sends, it does not add a line

    ui.run(scenario())

"""The client form on its own: payload marking, why Send is disabled, calls per socket type."""

from __future__ import annotations

from workbench.hexfmt import payload_errors


def _marked(payload) -> list[str]:
    text = payload.document().toPlainText()
    out = []
    for sel in payload.extraSelections():
        cursor = sel.cursor
        # QTextCursor positions count UTF-16 units; selectedText() gives the marked text itself
        out.append(cursor.selectedText())
    assert all(m in text for m in out)
    return out


def test_bad_escape_after_an_emoji_is_marked_exactly(ui) -> None:
    ui.choose("clientPayloadMode", "escape")
    payload = ui.widget("clientPayload")
    text = "😀 ok \\xZZ"
    payload.setPlainText(text)
    expected = [text[e.start : e.end] for e in payload_errors(text, "escape")]
    assert expected and expected[0].startswith("\\x")
    assert _marked(payload) == expected  # not shifted by the emoji's two UTF-16 units
    assert not ui.widget("clientSend").isEnabled()


def test_send_says_why_it_is_disabled(ui) -> None:
    send, reason = ui.widget("clientSend"), ui.widget("clientSendReason")
    assert not send.isEnabled()
    assert "Connect a client first" in reason.text() and reason.isVisible()
    assert send.toolTip() == reason.text()
    current = ui.widget("clientCurrent")  # the empty "acting on" list says why it is empty
    assert current.count() == 0 and current.placeholderText() == "no client yet"


def test_calls_follow_the_socket_type(ui) -> None:
    call = ui.widget("clientCall")
    model = call.model()
    ui.choose("clientType", "stream")
    assert call.currentData() == "sendall"
    assert not model.item(call.findData("sendto")).isEnabled()
    assert ui.widget("clientConnect").text() == "Connect"
    ui.choose("clientType", "dgram")
    assert call.currentData() == "sendto" and model.item(call.findData("sendto")).isEnabled()
    assert ui.widget("clientConnect").text() == "Open socket"


def test_text_mode_accepts_anything(ui) -> None:
    ui.choose("clientPayloadMode", "text")
    payload = ui.widget("clientPayload")
    payload.setPlainText("zz \\x?? 😀")
    assert payload.extraSelections() == [] and not ui.widget("clientPayloadError").isVisible()


def _clipped(column) -> list[str]:
    """Visible widgets of the left column that stick out of it (cut off, unreachable by scrolling)."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QWidget

    area = column.rect()
    out = []
    for widget in column.findChildren(QWidget):
        if widget.isVisibleTo(column) and widget.width() > 0 and widget.height() > 0:
            box = QRect(widget.mapTo(column, QPoint(0, 0)), widget.size())
            if not area.contains(box):
                out.append(widget.objectName() or type(widget).__name__)
    return out


def test_the_left_column_fits_at_1280x800_with_every_tab(ui) -> None:
    """With a server, a client and a two-line result, each tab fits without scrolling or clipping."""
    from tests.ui.client_steps import connect, result_says, start_server

    window = ui.window
    pane = window.client_pane

    async def scenario() -> None:
        server = await start_server(ui)
        await connect(ui, server)
        ui.choose("clientCall", "send")
        ui.click("clientSend")
        await result_says(ui, "send() returned 6")
        pane.show_result("a result long enough to need two lines in the narrow left column of the window")

    ui.run(scenario())
    column = window.left_scroll.widget()
    for index in range(pane.tabs.count()):
        pane.tabs.setCurrentIndex(index)
        ui.qtbot.wait(30)  # the relayout after the tab change
        name = pane.tabs.currentWidget().objectName()
        assert window.left_scroll.verticalScrollBar().maximum() == 0, f"{name}: the left column scrolls"
        assert _clipped(column) == [], f"{name}: cut off"
        assert window.live_list.isVisible() and window.live_list.height() >= 96

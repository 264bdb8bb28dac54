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

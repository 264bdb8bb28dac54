"""Frames, Follow stream, find and selection sync in the real window, with a real server and client on loopback."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import Driver
from tests.ui.session_log import tooltip_as_shown
from workbench import checksum
from workbench.spec import ClientSpec, ServerSpec

LINES = (b"PING 1\r\nPING 2\r\nPI", b"NG 3\r\n<b>bold?</b> \x1b[31mred\x1b[0m \xe2\x80\xae!\r\n")


async def echo_exchange(ui: Driver, *payloads: bytes) -> tuple[str, Any]:
    """A real echo server and client; the client sends each payload and gets it back. (client id, client)."""
    session = ui.window.session
    server = await session.start_server(ServerSpec())
    assert isinstance(server.address, tuple)
    client = await session.add_client(ClientSpec(port=int(server.address[1])))
    await session.connect_client(client)
    total = 0
    for payload in payloads:
        await client.sendall(payload)
        total += len(payload)

        def echoed(n: int = total) -> bool:
            ui.window.hex_pane.flush()
            stream = ui.stream(client.id)
            return stream is not None and stream.bytes_in("received") >= n

        await ui.until(echoed, what="the echo")
    return client.id, client


def choose_framing(ui: Driver, spec: str) -> None:
    combo = ui.widget("hexFraming")
    combo.setEditText(spec)
    ui.qtbot.keyClick(combo.lineEdit(), Qt.Key.Key_Return)


def test_a_framing_typed_in_the_hex_pane_frames_the_bytes_there_and_in_the_table(ui: Driver) -> None:
    window = ui.window
    client_id, _client = ui.run(echo_exchange(ui, *LINES))
    window.tabs.setCurrentIndex(2)
    hex_pane = window.hex_pane
    assert hex_pane.show_connection(ui.source_id(client_id), 0)
    choose_framing(ui, "nonsense:3")
    error = ui.widget("hexFramingError")
    assert error.isVisible() and "nonsense:3" in error.text()  # said under the field, nothing framed
    assert hex_pane.view.frames is None
    choose_framing(ui, "delimiter:\\r\\n")
    assert not error.isVisible()
    hex_pane.finish_framing()
    frames = hex_pane.view.frames
    assert frames is not None and frames.spec == "delimiter:\\r\\n"
    # the client sent 4 frames (PING 1, PING 2, PING 3 across two calls, the last line) and got 4 back
    assert frames.count("sent") == frames.count("received") == 4
    assert "4 frame(s) sent, 4 received" in ui.widget("hexFrameStatus").text()
    # the cursor in "PING 3", which two calls carried: the inspector says so
    offset = LINES[0].index(b"PI", 10) + 1
    hex_pane.view.select(offset, 1)
    frame_text = ui.widget("inspectorFrame").text()
    assert "frame #3" in frame_text and "8 B, 2 call(s), complete" in frame_text
    # double-click selects the whole frame, as one range from its first to its last byte
    hex_rect, _ascii = hex_pane.view.byte_rects(offset)
    ui.qtbot.mouseDClick(hex_pane.view.viewport(), Qt.MouseButton.LeftButton, pos=hex_rect.center().toPoint())
    start, _length = hex_pane.view.selection()
    selected = hex_pane.view.selected_bytes()
    assert selected.startswith(b"PI") and selected.endswith(b"NG 3\r\n") and start == LINES[0].rindex(b"PI")
    # the event table shows frames too: the same choice, in its own chooser
    assert ui.widget("eventFraming").currentText() == "delimiter:\\r\\n"
    window.events_pane.flush()
    rows = [r for r in ui.event_rows() if r["source"] == client_id and r["event"] == "sendall"]
    assert rows[0]["bytes (frames)"].startswith("frames #1–#2: 16 B  50 49 4e 47 20 31 0d 0a")
    assert rows[1]["bytes (frames)"].startswith("frames #3–#4:")
    # the choice is remembered: a new window starts with it
    from ui.models.frame_model import FramingChoice

    assert FramingChoice().spec == "delimiter:\\r\\n"
    # back to calls: the table shows calls again
    ui.choose("eventFraming", "")
    window.events_pane.flush()
    rows = [r for r in ui.event_rows() if r["source"] == client_id and r["event"] == "sendall"]
    assert rows[0]["bytes"].startswith("18 B  50 49 4e 47")
    assert hex_pane.view.frames is None


def test_a_frame_tooltip_in_the_table_is_text_even_when_it_looks_like_html(ui: Driver) -> None:
    window = ui.window
    client_id, _client = ui.run(echo_exchange(ui, b'<img width=400 src="x">\n'))
    window.events_pane.framing.set_spec("line")
    window.hex_pane.finish_framing()
    model = window.events_pane.model
    window.events_pane.flush()
    row = next(
        r
        for r in range(model.rowCount())
        if model.row_summary(r)["source"] == client_id and model.row_summary(r)["event"] == "sendall"
    )
    window.hex_pane.frames_of_record(model.source_row(row))  # framed on asking
    window.hex_pane.finish_framing()
    tip = model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert '<img width=400 src="x">' in tooltip_as_shown(tip)


def test_follow_stream_shows_the_conversation_live_and_escapes_peer_bytes(ui: Driver) -> None:
    window = ui.window
    client_id, client = ui.run(echo_exchange(ui, *LINES))
    window.tabs.setCurrentIndex(2)
    window.hex_pane.show_connection(ui.source_id(client_id), 0)
    ui.click("hexFollow")
    views = [w for w in QApplication.topLevelWidgets() if w.objectName() == "followStream" and w.isVisible()]
    assert len(views) == 1
    view = views[0]
    try:
        view.grow()
        text = view.plain_text()
        assert "→ sent · sendall() · 18 B · +0.000000 s" in text
        assert "← received · recv() · " in text
        assert "PING 1\\r\\n\nPING 2\\r\\n\nPI" in text  # \r\n named, then a line break
        assert "\\x1b[31mred\\x1b[0m \\u202e!" in text  # no terminal code, no right-to-left override
        assert "<b>bold?</b>" in text  # as typed: the text box shows text, never markup
        assert view.text.document().toHtml().count("<b>bold?</b>") == 0  # escaped in the document's own HTML
        # live: more bytes arrive and the view grows by itself
        ui.run(client.sendall(b"LATE\r\n"))

        async def grown() -> None:
            await ui.until(lambda: "LATE\\r\\n" in view.plain_text(), what="the new bytes in Follow stream")

        ui.run(grown())
        # by frame: one block per line, with the calls that carried it
        view.framing_combo.setCurrentIndex(view.framing_combo.findData("delimiter:\\r\\n"))
        view.framing_combo.activated.emit(view.framing_combo.currentIndex())
        window.hex_pane.finish_framing()
        view.grow()
        text = view.plain_text()
        assert "→ sent · frame #3 · 8 B in 2 call(s) · " in text
        assert text.count("frame #5") == 2  # LATE, sent and echoed
        # hex: a dump per block
        view.set_mode("hex")
        assert "00000000  50 49 4e 47 20 31 0d 0a" in view.plain_text()
        assert "framing" not in ui.widget("hexFramingError").text()
    finally:
        view.close()
        QApplication.processEvents()


def test_follow_stream_from_an_event_rows_menu(ui: Driver) -> None:
    window = ui.window
    client_id, _client = ui.run(echo_exchange(ui, b"from the table\n"))
    pane = window.events_pane
    pane.flush()
    model = pane.model
    row = next(
        r
        for r in range(model.rowCount())
        if model.row_summary(r)["event"] == "recv" and model.row_summary(r)["source"] == client_id
    )
    menu = pane.show_context_menu(row, None)
    try:
        actions = {a.objectName(): a for a in menu.actions() if a.objectName()}
        assert actions["eventFollow"].isEnabled() and actions["eventShowBytes"].isEnabled()
        actions["eventFollow"].trigger()
    finally:
        menu.close()
    view = next(
        w for w in QApplication.topLevelWidgets() if w.objectName() == "followStream" and w.isVisible()
    )
    try:
        assert client_id in view.windowTitle()
        assert "from the table\\n" in view.plain_text()
    finally:
        view.close()
        QApplication.processEvents()
    # a row that moved no bytes offers neither
    hook_row = next(r for r in range(model.rowCount()) if model.row_summary(r)["event"] == "connect")
    menu = pane.show_context_menu(hook_row, None)
    try:
        actions = {a.objectName(): a for a in menu.actions() if a.objectName()}
        assert not actions["eventFollow"].isEnabled() and not actions["eventShowBytes"].isEnabled()
    finally:
        menu.close()


def test_rows_bytes_and_bars_select_each_other(ui: Driver) -> None:
    window = ui.window
    client_id, _client = ui.run(echo_exchange(ui, b"first", b"second!"))
    window.ensure_panes()
    pane, hex_pane = window.events_pane, window.hex_pane
    pane.flush()
    model = pane.model
    row = next(
        r
        for r in range(model.rowCount())
        if model.row_summary(r)["source"] == client_id
        and model.row_summary(r)["event"] == "recv"
        and model.row_summary(r)["nbytes"] == 7
    )
    # a click on a data row selects its bytes in the hex view
    pane.view.scrollTo(model.index(row, 0))
    rect = pane.view.visualRect(model.index(row, 1))
    ui.qtbot.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert hex_pane.current_connection() == ui.key(client_id)
    assert hex_pane.view.selected_bytes() == b"second!"
    # a click on bytes selects their call's row
    window.tabs.setCurrentIndex(2)
    hex_rect, _ = hex_pane.view.byte_rects(1)  # in "first", sent
    ui.qtbot.mouseClick(hex_pane.view.viewport(), Qt.MouseButton.LeftButton, pos=hex_rect.center().toPoint())
    current = pane.view.currentIndex().row()
    assert (
        model.row_summary(current)["event"] == "sendall" and model.row_summary(current)["preview"] == b"first"
    )
    assert hex_pane.view.selection() == (1, 1), "the click's own selection stays"
    # a bar on the timeline selects its enter row
    timeline = window.timeline
    window.tabs.setCurrentIndex(1)
    server_bar = timeline.bars()[0]
    timeline.barActivated.emit(server_bar.record)
    assert pane.model.source_row(pane.view.currentIndex().row()) == server_bar.record
    # hidden by a filter: the status bar says so
    ui.widget("eventNameFilter").setText("recv")
    timeline.barActivated.emit(server_bar.record)
    assert "filter" in window.statusBar().currentMessage()


def test_find_and_go_to_in_the_hex_view_by_keyboard(ui: Driver) -> None:
    window = ui.window
    client_id, _client = ui.run(echo_exchange(ui, b"alpha\x00\xffBETA alpha\n"))
    window.tabs.setCurrentIndex(2)
    hex_pane = window.hex_pane
    hex_pane.show_connection(ui.source_id(client_id), 0)
    view = hex_pane.view
    view.setFocus()
    window.activateWindow()
    ui.qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    find = ui.widget("hexFind")
    assert find.isVisible() and ui.widget("hexFindField").hasFocus()
    ui.choose("hexFindMode", "hex")
    ui.qtbot.keyClicks(ui.widget("hexFindField"), "00 ff")
    ui.qtbot.keyClick(ui.widget("hexFindField"), Qt.Key.Key_Return)
    find.finish()
    assert view.selection() == (5, 2)
    assert "offset 0x5 (5), 2 byte(s)" in ui.widget("hexFindMessage").text()
    # text: next (F3) goes on, wraps past the end of the connection (sent, then the echo)
    ui.choose("hexFindMode", "text")
    field = ui.widget("hexFindField")
    field.clear()
    ui.qtbot.keyClicks(field, "alpha")
    ui.qtbot.keyClick(field, Qt.Key.Key_Return)
    find.finish()
    starts, wrapped = [view.selection()[0]], []
    for _ in range(4):
        ui.qtbot.keyClick(view, Qt.Key.Key_F3)
        find.finish()
        starts.append(view.selection()[0])
        wrapped.append("wrapped past the end" in ui.widget("hexFindMessage").text())
    sent = len(b"alpha\x00\xffBETA alpha\n")
    assert starts == [12, sent, sent + 12, 0, 12]
    assert wrapped == [False, False, True, False]
    ui.qtbot.keyClick(view, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    find.finish()
    assert view.selection()[0] == 0
    # a regex over the bytes, and one that is not a regex: the reason under the field
    ui.choose("hexFindMode", "regex")
    field.clear()
    ui.qtbot.keyClicks(field, r"B\w+ a")
    ui.qtbot.keyClick(field, Qt.Key.Key_Return)
    find.finish()
    assert view.selected_bytes() == b"BETA a"
    field.clear()
    ui.qtbot.keyClicks(field, "BETA (")
    ui.qtbot.keyClick(field, Qt.Key.Key_Return)
    assert "Not a valid regular expression" in ui.widget("hexFindMessage").text()
    field.clear()
    ui.qtbot.keyClicks(field, "gamma")
    ui.qtbot.keyClick(field, Qt.Key.Key_Return)
    find.finish()
    assert ui.widget("hexFindMessage").text() == f"Not found in {2 * sent} bytes"
    ui.qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert not find.isVisible()
    # go to: decimal, hex, and out of range said under the field
    ui.qtbot.keyClick(view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    goto_field = ui.widget("hexGotoField")
    assert goto_field.hasFocus()
    ui.qtbot.keyClicks(goto_field, "0x10")
    ui.qtbot.keyClick(goto_field, Qt.Key.Key_Return)
    assert view.selection() == (16, 1)
    goto_field.clear()
    ui.qtbot.keyClicks(goto_field, str(2 * sent))
    ui.qtbot.keyClick(goto_field, Qt.Key.Key_Return)
    message = ui.widget("hexGotoMessage").text()
    assert f"from 0 to {2 * sent - 1}" in message and view.selection() == (16, 1)
    goto_field.clear()
    ui.qtbot.keyClicks(goto_field, "ten")
    ui.qtbot.keyClick(goto_field, Qt.Key.Key_Return)
    assert "is not an offset" in ui.widget("hexGotoMessage").text()


def test_the_inspector_shows_the_selections_checksums(ui: Driver) -> None:
    window = ui.window
    frame = bytes.fromhex("01 03 00 00 00 0a")  # a Modbus RTU read request, without its CRC
    client_id, _client = ui.run(echo_exchange(ui, frame))
    window.tabs.setCurrentIndex(2)
    hex_pane = window.hex_pane
    hex_pane.show_connection(ui.source_id(client_id), 0)
    hex_pane.view.select(0, len(frame))
    shown = hex_pane.inspector.checksum_values()
    assert shown["CRC-16/MODBUS"] == ("0xcdc5", "c5 cd")  # the well-known CRC of 01 03 00 00 00 0a
    for name in ("CRC-16/CCITT-FALSE", "CRC-32", "SUM8", "XOR8"):
        value = checksum.compute(name, frame)
        assert shown[name] == (
            checksum.format_value(name, value),
            checksum.checksum_bytes(name, value).hex(" "),
        )
    assert "Checksums of the 6 selected byte(s)" in ui.widget("inspectorChecksumNote").text()
    hex_pane.view.select(2, 1)
    assert hex_pane.inspector.checksum_values()["SUM8"] == ("0x00", "00")


def test_copy_rows_and_the_time_columns_choice(ui: Driver) -> None:
    window = ui.window
    ui.run(echo_exchange(ui, b"copy me"))
    pane = window.events_pane
    pane.flush()
    pane.view.setFocus()
    pane.view.selectRow(0)
    pane.view.selectionModel().select(
        pane.model.index(2, 0),
        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
    )
    ui.qtbot.keyClick(pane.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QGuiApplication.clipboard().text().splitlines()
    assert lines[0].split("\t") == ["time", "source", "request", "thread/pid", "event", "phase", "bytes"]
    assert (
        len(lines) == 3
        and lines[1].split("\t")[4] == "server_bind"
        and lines[2].split("\t")[4] == "server_activate"
    )
    assert all(len(line.split("\t")) == 7 for line in lines)
    # relative to the first event, then to the row above; remembered
    ui.choose("eventTimeMode", "relative")
    rows = ui.event_rows()
    assert rows[0]["time since first (s)"] == "0.000000"
    first_ns = window.feed.reader.record(0)[0]
    assert float(rows[3]["time since first (s)"]) == round(
        (window.feed.reader.record(3)[0] - first_ns) / 1e9, 6
    )
    ui.choose("eventTimeMode", "delta")
    rows = ui.event_rows()
    gap = (window.feed.reader.record(3)[0] - window.feed.reader.record(2)[0]) / 1e9
    assert rows[3]["delta (s)"] == f"+{gap:.6f}"
    from ui.settings import load_text

    assert load_text("view/eventTimes") == "delta"

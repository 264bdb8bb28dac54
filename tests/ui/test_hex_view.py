"""HexView + InspectorWidget over a session log's stream: text, colours, marks, selection, inspector, copy."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt, QTimer
from PySide6.QtGui import QColor, QContextMenuEvent, QGuiApplication, QHelpEvent
from PySide6.QtWidgets import QApplication, QMenu

from tests.ui.session_log import T0_NS, LiveSession, tooltip_as_shown
from ui.hex_pane import HexPane
from ui.hex_view import BOUNDARY, HexView
from ui.models.hex_model import DIRECTION_TEXT, DIRECTION_TINT, HexModel, InspectorModel
from workbench.events import Kind
from workbench.session.streams import ConnectionStream, StreamIndex


@pytest.fixture
def session(qapp, tmp_path: Path) -> Iterator[LiveSession]:
    s = LiveSession(tmp_path / "s.swb")
    yield s
    s.close()


@pytest.fixture
def index(session: LiveSession) -> StreamIndex:
    """One connection of three calls, as a StreamIndex over the session log."""
    source = session.server("server-1")
    session.data(Kind.SENDALL, source, 1, 0, b"hello\x00\xff", T0_NS)  # bytes 0..6
    session.data(Kind.RECV, source, 1, 0, b"\x01\x00HELLO world!", T0_NS + 500_000_000)  # bytes 7..20
    session.data(Kind.SEND, source, 1, 0, bytes(range(32)), T0_NS + 10**9)  # bytes 21..52
    session.commit()
    streams = StreamIndex(session.reader)
    streams.update()
    return streams


@pytest.fixture
def stream(index: StreamIndex) -> ConnectionStream:
    return next(iter(index.streams.values()))


@pytest.fixture
def view(qtbot, stream: ConnectionStream) -> HexView:
    v = HexView()
    qtbot.addWidget(v)
    v.resize(760, 300)
    v.set_stream(stream)
    v.show()
    qtbot.waitExposed(v)
    return v


def pixel(view: HexView, x: float, y: float) -> QColor:
    image = view.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    return QColor(image.pixel(int(x * ratio), int(y * ratio)))


def close(a: QColor, b: QColor, tol: int = 6) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def test_rows_show_offset_hex_and_ascii(view: HexView) -> None:
    assert view.model.rowCount() == 4  # 53 bytes
    assert view.row_texts(0) == (
        "00000000",
        "68 65 6c 6c 6f 00 ff 01  00 48 45 4c 4c 4f 20 77",
        "hello...." + "HELLO w",
    )
    assert view.row_texts(3) == ("00000030", "1b 1c 1d 1e 1f", ".....")


def test_bytes_are_coloured_by_direction(view: HexView) -> None:
    view.select(40)  # keep the selection away from the bytes sampled
    for offset, direction in ((2, "sent"), (10, "received"), (25, "sent")):
        hex_rect, ascii_rect = view.byte_rects(offset)
        assert close(pixel(view, hex_rect.left() + 2, hex_rect.top() + 1), DIRECTION_TINT[direction]), offset
        assert close(pixel(view, ascii_rect.left() + 1, ascii_rect.top() + 1), DIRECTION_TINT[direction]), (
            offset
        )
    model = view.model
    assert model.index(0, 1).data(Qt.ItemDataRole.ForegroundRole) == DIRECTION_TEXT["sent"]
    assert model.index(0, 9).data(Qt.ItemDataRole.ForegroundRole) == DIRECTION_TEXT["received"]
    assert "recv()" in model.index(0, 9).data(Qt.ItemDataRole.ToolTipRole)


def test_each_chunk_start_is_marked(view: HexView) -> None:
    view.select(40)
    for offset, marked in ((7, True), (21, True), (8, False), (3, False)):
        hex_rect, ascii_rect = view.byte_rects(offset)
        y = hex_rect.center().y()
        hex_px = pixel(view, hex_rect.left(), y)
        ascii_px = pixel(view, ascii_rect.left(), y)
        assert close(hex_px, BOUNDARY, 40) == marked, (offset, hex_px.name())
        assert close(ascii_px, BOUNDARY, 40) == marked, (offset, ascii_px.name())


def test_selection_is_mirrored_in_hex_and_ascii(view: HexView, qtbot) -> None:
    seen: list[tuple[int, int]] = []
    view.selectionChanged.connect(lambda s, n: seen.append((s, n)))
    # Drag across the ASCII column from byte 1 to byte 4.
    _, a1 = view.byte_rects(1)
    _, a4 = view.byte_rects(4)
    vp = view.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=a1.center().toPoint())
    qtbot.mouseMove(vp, a4.center().toPoint())
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=a4.center().toPoint())
    assert view.selection() == (1, 4)
    assert seen[-1] == (1, 4)
    for offset, selected in ((1, True), (4, True), (5, False), (0, False)):
        hex_rect, ascii_rect = view.byte_rects(offset)
        for rect in (hex_rect, ascii_rect):
            px = pixel(view, rect.left() + 1, rect.top() + 1)  # above the glyphs, inside the cell
            assert close(px, DIRECTION_TINT["sent"]) != selected, (offset, px.name())
    # Shift+click in the hex column extends the same selection.
    h8, _ = view.byte_rects(8)
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, h8.center().toPoint())
    assert view.selection() == (1, 8)
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert view.selection() == (1, 9)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.selection() == (25, 1)


def test_copy_as_hex_and_python_literal(view: HexView, qtbot) -> None:
    view.select(3, 6)
    assert view.copy_hex() == "6c 6f 00 ff 01 00"
    assert QGuiApplication.clipboard().text() == "6c 6f 00 ff 01 00"
    assert view.copy_python() == "b'lo\\x00\\xff\\x01\\x00'"
    assert QGuiApplication.clipboard().text() == "b'lo\\x00\\xff\\x01\\x00'"
    assert eval(QGuiApplication.clipboard().text()) == b"lo\x00\xff\x01\x00"


@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")
def test_context_menu_offers_both_copies(view: HexView, qtbot) -> None:
    view.select(0, 5)
    QGuiApplication.clipboard().clear()
    texts: list[str] = []

    def use_menu() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        texts.extend(a.text() for a in menu.actions() if a.text())
        next(a for a in menu.actions() if a.text() == "Copy as Python bytes literal").trigger()
        menu.close()

    QTimer.singleShot(50, use_menu)
    hex_rect, _ = view.byte_rects(2)
    pos = hex_rect.center().toPoint()
    view.contextMenuEvent(
        QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, view.viewport().mapToGlobal(pos))
    )
    assert texts == ["Copy as hex", "Copy as Python bytes literal", "Select all"]
    assert QGuiApplication.clipboard().text() == "b'hello'"


def test_inspector_shows_selection_values(qtbot, session: LiveSession, index: StreamIndex) -> None:
    pane = HexPane()
    qtbot.addWidget(pane)
    pane.attach(session.feed)  # shows the one connection without a click
    pane.show()
    pane.view.select(7, 2)  # 0x01 0x00, received by recv()
    model = pane.inspector.model
    assert pane.inspector.objectName() == "inspector"
    assert model.value("u16") == ("1", "256")
    shown = pane.inspector.table.model()  # what the user reads
    row = next(r for r in range(shown.rowCount()) if shown.index(r, 0).data() == "u16")
    assert (shown.index(row, 1).data(), shown.index(row, 2).data()) == ("1", "256")
    assert model.value("u8") == ("1", "1")
    assert model.value("u32") == ("—", "—")
    assert "offset 0x7 (7), 2 byte(s)" in pane.inspector.selection_label.text()
    assert "chunk #1: recv(), received 14 B" in pane.inspector.chunk_label.text()
    pane.view.select(0, 8)
    assert model.value("u64")[0] == str(int.from_bytes(b"hello\x00\xff\x01", "little"))
    qtbot.mouseClick(pane.inspector.copy_hex_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "68 65 6c 6c 6f 00 ff 01"
    qtbot.mouseClick(pane.inspector.copy_python_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "b'hello\\x00\\xff\\x01'"


def test_models_pass_qtmodeltester(qtmodeltester, session: LiveSession, index: StreamIndex, stream) -> None:
    model = HexModel()
    qtmodeltester.check(model, force_py=True)
    model.set_stream(stream)
    qtmodeltester.check(model, force_py=True)
    session.data(Kind.RECV, stream.key[0], 1, 0, b"more bytes")
    session.commit()
    index.update()
    model.sync()
    assert model.rowCount() == 4 and model.row_texts(3)[2] == ".....more bytes"
    qtmodeltester.check(model, force_py=True)
    inspector = InspectorModel()
    inspector.set_bytes(b"\x01\x00\x00\x00")
    qtmodeltester.check(inspector, force_py=True)


def test_growing_stream_extends_rows_and_last_row(view: HexView, session: LiveSession, index) -> None:
    assert view.model.rowCount() == 4
    assert view.stream is not None
    session.data(Kind.RECV, view.stream.key[0], 1, 0, b"XYZ" * 10)
    session.commit()
    index.update()
    assert view.model.rowCount() == 4  # the view shows new bytes when told to
    view.refresh()
    assert view.model.rowCount() == 6
    assert view.row_texts(3)[2] == "....." + "XYZXYZXYZXY"


def test_large_stream_paints_only_visible_rows_fast(qtbot, session: LiveSession) -> None:
    source = session.server("server-1")
    blocks = [bytes(range(256)) * 256, bytes(range(255, -1, -1)) * 256]
    for i in range(160):  # 10 MiB in 64 KiB calls, both ways
        session.data(Kind.SENDALL if i % 2 else Kind.RECV, source, 1, 0, blocks[i % 2])
    session.commit()
    index = StreamIndex(session.reader)
    index.update()
    v = HexView()
    qtbot.addWidget(v)
    v.resize(760, 500)
    v.set_stream(index.streams[(source, 1, 0)])
    v.show()
    qtbot.waitExposed(v)
    worst = 0.0
    for row in (0, 300_000, 655_000, 10, 500_000):
        v.verticalScrollBar().setValue(row)
        start = time.perf_counter()
        v.viewport().repaint()
        worst = max(worst, time.perf_counter() - start)
    assert worst < 0.05, worst
    v.select(5_000_000, 4)
    assert v.verticalScrollBar().value() <= 5_000_000 // 16 <= v.verticalScrollBar().value() + 40
    assert v.row_texts(5_000_000 // 16)[0] == f"{5_000_000 // 16 * 16:08x}"
    assert v.selected_bytes() == blocks[(5_000_000 // 65536) % 2][5_000_000 % 65536 :][:4]
    v.set_stream(None)


def test_click_position_maps_to_bytes(view: HexView, qtbot) -> None:
    for offset in (0, 7, 8, 15, 16, 52):
        hex_rect, ascii_rect = view.byte_rects(offset)
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=hex_rect.center().toPoint())
        assert view.selection() == (offset, 1)
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=ascii_rect.center().toPoint())
        assert view.selection() == (offset, 1)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(5, view.viewport().height() - 3))
    assert view.selection() == (52, 1)  # below the last row: the last byte


def test_peer_bytes_that_look_like_html_stay_text(qtbot, session: LiveSession) -> None:
    """A peer sending markup must not get it rendered: the inspector and its tooltips show it as text."""
    source = session.server("server-1")
    markup = b'<img width=400 src="x.png"><b>bold</b>'
    session.data(Kind.RECV, source, 1, 0, markup)
    session.commit()
    pane = HexPane()
    qtbot.addWidget(pane)
    pane.resize(1100, 500)
    pane.attach(session.feed)
    pane.show()
    qtbot.waitExposed(pane)
    pane.view.select(0, len(markup))
    text = markup.decode()
    assert pane.inspector.model.value("UTF-8")[0] == text
    table = pane.inspector.table
    shown = table.model()
    row = next(r for r in range(shown.rowCount()) if shown.index(r, 0).data() == "UTF-8")
    cell = shown.index(row, 1)
    assert cell.data() == text  # an item view paints DisplayRole as plain text
    assert tooltip_as_shown(cell.data(Qt.ItemDataRole.ToolTipRole)) == text
    assert tooltip_as_shown(pane.inspector.model.index(row, 1).data(Qt.ItemDataRole.ToolTipRole)) == text
    # The real tooltip, shown the way hovering shows it: text, and no 400 px wide image.
    table.scrollTo(cell)
    pos = table.visualRect(cell).center()
    viewport = table.viewport()
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, pos, viewport.mapToGlobal(pos)))
    tips = [w for w in QApplication.topLevelWidgets() if w.inherits("QTipLabel") and w.isVisible()]
    assert len(tips) == 1
    assert tooltip_as_shown(tips[0].text()) == text
    assert tips[0].width() < 400
    tips[0].hide()


def test_text_stays_in_its_cells(qtbot, session: LiveSession) -> None:
    """Each byte's digits are painted inside its cell, to the last column (no drift along a row)."""
    source = session.server("server-1")
    session.data(Kind.SENDALL, source, 1, 0, b"\x88" * 16 + b"M" * 16 + b"-" * 16)
    session.commit()
    index = StreamIndex(session.reader)
    index.update()
    v = HexView()
    qtbot.addWidget(v)
    v.resize(760, 200)
    v.set_stream(index.streams[(source, 1, 0)])
    v.show()
    qtbot.waitExposed(v)
    v.select(40)  # the selection and the cursor box are drawn in row 2, away from the rows sampled
    image = v.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    tint = DIRECTION_TINT["sent"]

    def ink(row: int, x0: float, x1: float) -> list[float]:
        """x of every pixel in [x0, x1) of a row that is text, not tint."""
        top, _ = v.byte_rects(row * 16)
        xs = []
        for y in range(int(top.top() + 2), int(top.bottom() - 2)):
            for x in range(int(x0), int(x1)):
                if not close(QColor(image.pixel(int(x * ratio), int(y * ratio))), tint, 60):
                    xs.append(x)
        return xs

    hex_first, _ = v.byte_rects(0)
    hex_last, _ = v.byte_rects(15)
    _, ascii_first = v.byte_rects(16)
    # Digits sit between a cell's left padding (half a character) and its right one.
    for row in (0, 1):
        # up to 1.5 characters past the last cell: where drifted digits would go, short of the ASCII column
        xs = ink(row, hex_first.left() + 2, hex_last.right() + 1.5 * ascii_first.width())
        assert xs and min(xs) >= hex_first.left() + 2 and max(xs) < hex_last.right() - 2, (row, max(xs))
    xs = ink(1, ascii_first.left(), ascii_first.left() + 16 * ascii_first.width() + 20)
    assert xs and max(xs) < ascii_first.left() + 16 * ascii_first.width(), max(xs)

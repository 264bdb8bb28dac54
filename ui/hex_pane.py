"""HexPane: pick a connection, see its bytes in a hex view coloured by direction, inspect a selection."""

from __future__ import annotations

import time
from array import array
from bisect import bisect_left
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QFontDatabase,
    QFontMetrics,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.bridge import Throttle, gui_busy
from ui.models.connection_model import ConnectionListModel
from ui.models.hex_model import (
    BYTES_PER_ROW,
    DIRECTION_TEXT,
    DIRECTION_TINT,
    HexModel,
    InspectorModel,
    ascii_text,
    chunk_description,
    offset_digits,
)
from workbench.capture import Capture
from workbench.events import RECEIVED_CALLS, SENT_CALLS, Event, format_address
from workbench.hexfmt import python_literal

_BOUNDARY = QColor("#37474f")
_TOP_LEFT = (Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop).value
_SELECTION = QColor(46, 110, 214, 95)
_CURSOR = QColor("#1a237e")
_DIRECTION_OF = {**dict.fromkeys(SENT_CALLS, "sent"), **dict.fromkeys(RECEIVED_CALLS, "received")}
#: A datagram server's calls: its requests are grouped per peer, not one connection each.
_DATAGRAM_CALLS = frozenset({"recvfrom", "sendto"})
#: A connection not on screen records its bytes once this many data events wait (memory bound).
_SAVE_AT = 256
#: GUI time one throttled refresh may spend recording waiting bytes (seconds).
_SAVE_BUDGET = 0.002
#: Copying more than this as text would stall the clipboard; say so instead.
COPY_LIMIT = 16 * 2**20


class HexView(QAbstractScrollArea):
    """Offset, 16 hex columns and ASCII over a HexModel, painting only the visible rows.

    Bytes are tinted by direction (sent / received), a dark bar marks where each
    chunk (one recv/send call) begins, and the selection is a linear byte range
    shown in both the hex and the ASCII column. Click or drag in either column
    to select; Shift extends; arrows, Page Up/Down, Home/End move the cursor.

    Signals:
        selectionChanged(int, int): start offset and length of the selection.
        cursorMoved(int): the byte offset under the cursor.
    """

    selectionChanged = Signal(int, int)
    cursorMoved = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hexView")
        self.setAccessibleName(self.tr("Hex view"))
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.model = HexModel(self)
        self._anchor = 0
        self._cursor = 0
        self._area = "hex"
        self._dragging = False
        self.model.modelReset.connect(self._on_reset)
        self.model.rowsInserted.connect(self._on_grown)
        self.model.dataChanged.connect(lambda *_a: self.viewport().update())
        self.horizontalScrollBar().valueChanged.connect(lambda _v: self.viewport().update())
        self.verticalScrollBar().valueChanged.connect(lambda _v: self.viewport().update())
        self.copy_hex_action = QAction(self.tr("Copy as hex"), self)
        self.copy_hex_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_hex_action.triggered.connect(self.copy_hex)
        self.copy_python_action = QAction(self.tr("Copy as Python bytes literal"), self)
        self.copy_python_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.copy_python_action.triggered.connect(self.copy_python)
        self.select_all_action = QAction(self.tr("Select all"), self)
        self.select_all_action.setShortcut(QKeySequence.StandardKey.SelectAll)
        self.select_all_action.triggered.connect(self.select_all)
        for action in (self.copy_hex_action, self.copy_python_action, self.select_all_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        self._layout_metrics()

    # -- public API -----------------------------------------------------------
    def set_capture(self, capture: Capture | None) -> None:
        """Show ``capture`` (None: nothing) from its start, selecting its first byte."""
        self._anchor = self._cursor = 0
        self.model.set_capture(capture)
        self.verticalScrollBar().setValue(0)
        self._emit_selection()

    @property
    def capture(self) -> Capture | None:
        return self.model.capture

    def refresh(self) -> None:
        """Show bytes appended to the capture since the last refresh."""
        self.model.sync()

    def selection(self) -> tuple[int, int]:
        """(start offset, length) of the selection; length 0 only for an empty capture."""
        total = self.model.total_bytes
        if total == 0:
            return 0, 0
        lo, hi = sorted((min(self._anchor, total - 1), min(self._cursor, total - 1)))
        return lo, hi - lo + 1

    def cursor_offset(self) -> int:
        return min(self._cursor, max(self.model.total_bytes - 1, 0))

    def select(self, start: int, length: int = 1) -> None:
        """Select bytes [start, start+length) (clamped) and scroll them into view."""
        total = self.model.total_bytes
        if total == 0:
            return
        start = max(0, min(start, total - 1))
        end = max(start, min(start + max(length, 1) - 1, total - 1))
        self._anchor, self._cursor = start, end
        self.ensure_visible(end)
        self.ensure_visible(start)
        self._emit_selection()

    def select_all(self) -> None:
        self.select(0, self.model.total_bytes)

    def selected_bytes(self) -> bytes:
        start, length = self.selection()
        capture = self.model.capture
        return capture.read(start, length) if capture is not None and length else b""

    def copy_hex(self) -> str:
        """Put the selection on the clipboard as "de ad be ef"; returns what was copied."""
        return self._copy(lambda data: data.hex(" "))

    def copy_python(self) -> str:
        """Put the selection on the clipboard as a Python bytes literal (b'hi\\x00')."""
        return self._copy(python_literal)

    def ensure_visible(self, offset: int) -> None:
        row = offset // BYTES_PER_ROW
        sb = self.verticalScrollBar()
        rows = self._visible_rows()
        if row < sb.value():
            sb.setValue(row)
        elif row >= sb.value() + rows - 1:
            sb.setValue(row - rows + 2)

    def row_texts(self, row: int) -> tuple[str, str, str]:
        """(offset, hex, ASCII) of a row as painted, after catching up with the capture."""
        self.refresh()
        return self.model.row_texts(row)

    def byte_rects(self, offset: int) -> tuple[QRectF, QRectF]:
        """Viewport rectangles of byte ``offset`` in the hex and the ASCII column."""
        row = offset // BYTES_PER_ROW - self.verticalScrollBar().value()
        i = offset % BYTES_PER_ROW
        y = self._header_h + row * self._lh
        dx = -self.horizontalScrollBar().value()
        hex_rect = QRectF(self._cell_left(i) + dx, y, self._cell_right(i) - self._cell_left(i), self._lh)
        ascii_rect = QRectF(self._x_asc + i * self._cw + dx, y, self._cw, self._lh)
        return hex_rect, ascii_rect

    # -- geometry -------------------------------------------------------------
    def _layout_metrics(self) -> None:
        fm = QFontMetrics(self.font())
        self._cw = float(fm.horizontalAdvance("0"))
        # Rows are exactly one text line apart, so runs of rows can be drawn as one multi-line text.
        self._lh = fm.lineSpacing()
        self._ascent = fm.ascent()
        self._header_h = self._lh + 4
        digits = offset_digits(self.model.total_bytes)
        self._x_off = 8.0
        self._x_hex = self._x_off + (digits + 2) * self._cw
        self._x_asc = self._cell_right(BYTES_PER_ROW - 1) + 2 * self._cw
        self._content_w = int(self._x_asc + BYTES_PER_ROW * self._cw + 10)
        self._update_scrollbars()

    def _hex_x(self, i: int) -> float:
        return self._x_hex + (3 * i + (1 if i >= 8 else 0)) * self._cw

    def _cell_left(self, i: int) -> float:
        return self._hex_x(i) - self._cw / 2

    def _cell_right(self, i: int) -> float:
        return self._hex_x(i) + 2.5 * self._cw

    def _visible_rows(self) -> int:
        return max(1, (self.viewport().height() - self._header_h) // self._lh)

    def _update_scrollbars(self) -> None:
        vsb = self.verticalScrollBar()
        rows = self.model.rowCount()
        page = self._visible_rows()
        vsb.setRange(0, max(0, rows - page + 1))
        vsb.setPageStep(page)
        hsb = self.horizontalScrollBar()
        hsb.setRange(0, max(0, self._content_w - self.viewport().width()))
        hsb.setPageStep(self.viewport().width())

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        hint.setWidth(self._content_w + self.verticalScrollBar().sizeHint().width() + 4)
        return hint

    def _offset_at(self, pos: QPoint) -> tuple[int, str] | None:
        x = pos.x() + self.horizontalScrollBar().value()
        y = pos.y() - self._header_h
        if y < 0:
            row = self.verticalScrollBar().value() - 1
        else:
            row = self.verticalScrollBar().value() + int(y // self._lh)
        if x >= self._x_asc - self._cw:
            area = "ascii"
            i = int((x - self._x_asc) // self._cw)
        else:
            area = "hex"
            i = 0
            for k in range(BYTES_PER_ROW):
                if x >= self._cell_left(k):
                    i = k
        i = max(0, min(BYTES_PER_ROW - 1, i))
        total = self.model.total_bytes
        if total == 0:
            return None
        return max(0, min(row * BYTES_PER_ROW + i, total - 1)), area

    # -- painting -------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        with gui_busy():  # server threads yield the GIL often meanwhile (see gui_busy)
            self._paint_contents(event)

    def _paint_contents(self, event: QPaintEvent) -> None:
        p = QPainter(self.viewport())
        pal = self.palette()
        vp = self.viewport().rect()
        p.fillRect(vp, pal.base())
        p.setFont(self.font())
        dx = -self.horizontalScrollBar().value()
        p.translate(dx, 0)
        self._paint_header(p, vp.width() - dx)
        first = self.verticalScrollBar().value()
        nrows = self._visible_rows() + 1
        data = self.model.read_rows(first, nrows)
        if not data:
            if self.model.capture is None or self.model.total_bytes == 0:
                p.setPen(pal.placeholderText().color())
                p.drawText(
                    QRectF(self._x_off, self._header_h, vp.width() - dx, self._lh * 2),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    self.tr("No bytes yet: pick a connection that has sent or received data."),
                )
            p.end()
            return
        base = first * BYTES_PER_ROW
        end = base + len(data)
        lh, cw, asc = self._lh, self._cw, self._ascent
        top = self._header_h
        p.setClipRect(QRectF(0, top, vp.width() - dx, vp.height() - top))
        # Offsets: one multi-line text (a drawText call costs ~20 us; a screen has ~50 rows).
        p.setPen(pal.placeholderText().color())
        digits = offset_digits(self.model.total_bytes)
        nrows_drawn = -(-len(data) // BYTES_PER_ROW)
        offsets = "\n".join(f"{base + r * BYTES_PER_ROW:0{digits}x}" for r in range(nrows_drawn))
        p.drawText(QRectF(self._x_off, top, self._x_hex, nrows_drawn * lh + lh), _TOP_LEFT, offsets)
        chunks = self.model.chunks_between(base, end)
        sel_start, sel_len = self.selection()
        sel_end = sel_start + sel_len
        # Direction tints, then the selection over them, then text, then chunk marks on top.
        segments: list[tuple[int, int, str]] = []
        for c in chunks:
            a, b = max(c.offset, base), min(c.offset + c.length, end)
            while a < b:
                row_end = min(b, (a // BYTES_PER_ROW + 1) * BYTES_PER_ROW)
                segments.append((a, row_end, c.direction))
                a = row_end
        for a, b, direction in segments:
            self._fill_span(p, a, b, base, DIRECTION_TINT[direction])
        a = max(sel_start, base)
        while a < min(sel_end, end):
            row_end = min(sel_end, end, (a // BYTES_PER_ROW + 1) * BYTES_PER_ROW)
            self._fill_span(p, a, row_end, base, _SELECTION)
            a = row_end
        # Text: runs of whole rows in one direction become one multi-line drawText per column.
        hex_width = self._cell_right(BYTES_PER_ROW - 1) - self._x_hex + cw
        k = 0
        while k < len(segments):
            a, b, direction = segments[k]
            p.setPen(DIRECTION_TEXT[direction])
            i0 = a % BYTES_PER_ROW
            row_top = top + ((a - base) // BYTES_PER_ROW) * lh
            if i0 == 0 and b - a == BYTES_PER_ROW:
                m = k + 1
                while (
                    m < len(segments)
                    and segments[m][2] == direction
                    and segments[m][1] - segments[m][0] == BYTES_PER_ROW
                ):
                    m += 1
                rows = [data[x - base : x - base + BYTES_PER_ROW] for x, _b, _d in segments[k:m]]
                height = (m - k + 1) * lh
                p.drawText(
                    QRectF(self._hex_x(0), row_top, hex_width, height),
                    _TOP_LEFT,
                    "\n".join(r[:8].hex(" ") + "  " + r[8:].hex(" ") for r in rows),
                )
                p.drawText(
                    QRectF(self._x_asc, row_top, BYTES_PER_ROW * cw + cw, height),
                    _TOP_LEFT,
                    "\n".join(ascii_text(r) for r in rows),
                )
                k = m
                continue
            i1 = (b - 1) % BYTES_PER_ROW + 1
            part = data[a - base : b - base]
            if i0 < 8 < i1:
                text = part[: 8 - i0].hex(" ") + "  " + part[8 - i0 :].hex(" ")
            else:
                text = part.hex(" ")
            y = row_top + asc + 1
            p.drawText(QPointF(self._hex_x(i0), y), text)
            p.drawText(QPointF(self._x_asc + i0 * cw, y), ascii_text(part))
            k += 1
        p.setPen(QPen(_BOUNDARY, 2))
        for c in chunks:
            if c.offset < base or c.offset == 0 or c.length == 0:
                continue
            i = c.offset % BYTES_PER_ROW
            y = top + ((c.offset - base) // BYTES_PER_ROW) * lh
            for x in (self._cell_left(i), self._x_asc + i * cw):
                p.drawLine(QPointF(x, y + 1), QPointF(x, y + lh - 1))
        cursor = self.cursor_offset()
        if base <= cursor < end:
            hex_rect, ascii_rect = self.byte_rects(cursor)
            hex_rect.translate(-dx, 0)
            ascii_rect.translate(-dx, 0)
            p.setPen(QPen(_CURSOR, 2 if self._area == "hex" else 1))
            p.drawRect(hex_rect.adjusted(1, 1, -1, -1))
            p.setPen(QPen(_CURSOR, 2 if self._area == "ascii" else 1))
            p.drawRect(ascii_rect.adjusted(0, 1, 0, -1))
        p.end()

    def _paint_header(self, p: QPainter, width: float) -> None:
        pal = self.palette()
        p.fillRect(QRectF(0, 0, width, self._header_h - 2), pal.window())
        p.setPen(pal.placeholderText().color())
        y = self._ascent + 3
        p.drawText(QPointF(self._x_off, y), self.tr("offset"))
        for i in range(BYTES_PER_ROW):
            p.drawText(QPointF(self._hex_x(i), y), f"{i:02x}")
        p.drawText(QPointF(self._x_asc, y), "0123456789abcdef")
        p.setPen(pal.mid().color())
        p.drawLine(QPointF(0, self._header_h - 2), QPointF(width, self._header_h - 2))

    def _fill_span(self, p: QPainter, a: int, b: int, base: int, color: QColor) -> None:
        """Fill bytes [a, b) of one row in both columns."""
        y = self._header_h + ((a - base) // BYTES_PER_ROW) * self._lh
        i0, i1 = a % BYTES_PER_ROW, (b - 1) % BYTES_PER_ROW
        p.fillRect(
            QRectF(self._cell_left(i0), y, self._cell_right(i1) - self._cell_left(i0), self._lh), color
        )
        p.fillRect(QRectF(self._x_asc + i0 * self._cw, y, (i1 - i0 + 1) * self._cw, self._lh), color)

    # -- interaction ------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        hit = self._offset_at(event.position().toPoint())
        if hit is None:
            return
        offset, self._area = hit
        if not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self._anchor = offset
        self._cursor = offset
        self._dragging = True
        self._emit_selection()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if not self._dragging:
            return
        hit = self._offset_at(event.position().toPoint())
        if hit is not None and hit[0] != self._cursor:
            self._cursor = hit[0]
            self.ensure_visible(self._cursor)
            self._emit_selection()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._dragging = False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        total = self.model.total_bytes
        if total == 0:
            super().keyPressEvent(event)
            return
        key, mods = event.key(), event.modifiers()
        page = self._visible_rows() * BYTES_PER_ROW
        cur = self.cursor_offset()
        moves: dict[int, int] = {  # Qt.Key members compare equal to event.key()'s int
            Qt.Key.Key_Left: cur - 1,
            Qt.Key.Key_Right: cur + 1,
            Qt.Key.Key_Up: cur - BYTES_PER_ROW,
            Qt.Key.Key_Down: cur + BYTES_PER_ROW,
            Qt.Key.Key_PageUp: cur - page,
            Qt.Key.Key_PageDown: cur + page,
            Qt.Key.Key_Home: 0 if mods & Qt.KeyboardModifier.ControlModifier else cur - cur % BYTES_PER_ROW,
            Qt.Key.Key_End: total - 1
            if mods & Qt.KeyboardModifier.ControlModifier
            else cur - cur % BYTES_PER_ROW + BYTES_PER_ROW - 1,
        }
        if key not in moves:
            super().keyPressEvent(event)
            return
        self._cursor = max(0, min(moves[key], total - 1))
        if not mods & Qt.KeyboardModifier.ShiftModifier:
            self._anchor = self._cursor
        self.ensure_visible(self._cursor)
        self._emit_selection()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = QMenu(self)
        has_bytes = self.model.total_bytes > 0
        for action in (self.copy_hex_action, self.copy_python_action):
            action.setEnabled(has_bytes)
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.select_all_action)
        menu.exec(event.globalPos())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_scrollbars()

    # -- internals --------------------------------------------------------------
    def _copy(self, fmt: Any) -> str:
        start, length = self.selection()
        if length == 0:
            return ""
        if length > COPY_LIMIT:
            length = COPY_LIMIT  # a 300 MB clipboard string helps nobody
        capture = self.model.capture
        assert capture is not None
        text = fmt(capture.read(start, length))
        QGuiApplication.clipboard().setText(text)
        return text

    def _emit_selection(self) -> None:
        start, length = self.selection()
        self.viewport().update()
        self.selectionChanged.emit(start, length)
        self.cursorMoved.emit(self.cursor_offset())

    def _on_reset(self) -> None:
        self._layout_metrics()
        self.viewport().update()

    def _on_grown(self, *_args: object) -> None:
        sb = self.verticalScrollBar()
        at_bottom = sb.value() >= sb.maximum() and sb.maximum() > 0
        if offset_digits(self.model.total_bytes) != round((self._x_hex - self._x_off) / self._cw) - 2:
            self._layout_metrics()
        else:
            self._update_scrollbars()
        if at_bottom:
            sb.setValue(sb.maximum())  # keep showing the newest bytes, like a terminal
        self.viewport().update()


class InspectorWidget(QWidget):
    """The selection as numbers (LE/BE), UTF-8 and binary, its position, and the chunk under the cursor."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspector")
        self.setAccessibleName(self.tr("Inspector"))
        self.model = InspectorModel(self)
        self.selection_label = QLabel(self)
        self.selection_label.setObjectName("inspectorSelection")
        self.selection_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chunk_label = QLabel(self)
        self.chunk_label.setObjectName("inspectorChunk")
        self.chunk_label.setWordWrap(True)
        self.chunk_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableView(self)
        self.table.setObjectName("inspectorTable")
        # The table shows a C++ copy of the model: a Python model is asked ~270 times per
        # repaint of this table, and under a flood each call waits for the GIL.
        self.shown = QStandardItemModel(0, 3, self)
        self.shown.setHorizontalHeaderLabels(
            [str(self.model.headerData(c, Qt.Orientation.Horizontal)) for c in range(3)]
        )
        self.model.modelReset.connect(self._mirror)
        self.model.dataChanged.connect(self._mirror)
        self.table.setModel(self.shown)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 4)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.copy_hex_button = QPushButton(self.tr("Copy as hex"), self)
        self.copy_hex_button.setObjectName("copyHex")
        self.copy_python_button = QPushButton(self.tr("Copy as Python bytes"), self)
        self.copy_python_button.setObjectName("copyPython")
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_hex_button)
        buttons.addWidget(self.copy_python_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addWidget(self.selection_label)
        layout.addWidget(self.chunk_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.show_selection(None, 0, 0, 0)

    def _mirror(self, *_args: object) -> None:
        rows = self.model.rows()
        shown = self.shown
        if shown.rowCount() != len(rows):
            shown.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, text in enumerate(values):
                item = shown.item(r, c)
                if item is None:
                    item = QStandardItem()
                    item.setEditable(False)
                    shown.setItem(r, c, item)
                item.setText(text)
                item.setToolTip(text)

    def show_selection(self, capture: Capture | None, start: int, length: int, cursor: int) -> None:
        """Inspect bytes [start, start+length) of ``capture`` and describe the chunk at ``cursor``."""
        if capture is None or length == 0:
            self.model.set_bytes(b"")
            self.selection_label.setText(self.tr("Selection: none"))
            self.chunk_label.setText(self.tr("Chunk: —"))
            self.copy_hex_button.setEnabled(False)
            self.copy_python_button.setEnabled(False)
            return
        self.model.set_bytes(capture.read(start, min(length, InspectorModel.LIMIT)))
        self.selection_label.setText(
            self.tr("Selection: offset 0x{start:x} ({start}), {length} byte(s)").format(
                start=start, length=length
            )
        )
        self.chunk_label.setText(
            self.tr("Cursor in {chunk}").format(chunk=chunk_description(capture.chunk_at(cursor)))
        )
        self.copy_hex_button.setEnabled(True)
        self.copy_python_button.setEnabled(True)


class HexPane(QWidget):
    """A connection selector, the HexView of that connection's capture and the inspector.

    ``add_events`` keeps one Capture per connection: (server id, request id)
    for a stream server's requests and (client id, None) for a client. A
    datagram server makes a request per datagram, so its datagrams are kept
    per peer instead, one "conversation" each (like Wireshark's Follow UDP
    Stream): the key is (server id, request id of the first datagram from that
    peer), every later request id of that peer finds it too, and its chunk
    marks still show each recvfrom/sendto. The first connection that moves
    bytes is shown automatically.
    """

    def __init__(self, parent: QWidget | None = None, memory_limit: int = 8 * 2**20) -> None:
        super().__init__(parent)
        self.setObjectName("hexPane")
        self._memory_limit = memory_limit
        self._captures: dict[tuple[str, int | None], Capture] = {}
        # Datagram conversations: (server id, peer address) -> key, and per key the request
        # ids it holds (ascending) so any of them finds it; labels say how many datagrams.
        self._conversations: dict[tuple[str, Any], tuple[str, int | None]] = {}
        self._conversation_requests: dict[tuple[str, int | None], array[int]] = {}
        self._conversation_peers: dict[tuple[str, int | None], Any] = {}
        self._stale_labels: set[tuple[str, int | None]] = set()  # conversations that grew
        # Data events of connections not on screen, recorded at the next (throttled) refresh
        # or when their capture is asked for: many connections interleaved in a flood would
        # otherwise cost an append_many call per connection per batch.
        self._unsaved: dict[tuple[str, int | None], list[Event]] = {}
        self.connection_combo = QComboBox(self)
        self.connection_combo.setObjectName("hexConnection")
        self.connection_combo.setToolTip(self.tr("Which connection's bytes to show"))
        self.connections_model = ConnectionListModel(self)
        self.connection_combo.setModel(self.connections_model)
        # AdjustToContents would measure every item on each insert: O(connections).
        self.connection_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.connection_combo.setMinimumContentsLength(30)
        self.connection_combo.setPlaceholderText(self.tr("no connection yet"))
        self.view = HexView(self)
        self.inspector = InspectorWidget(self)
        self.size_label = QLabel(self)
        self.size_label.setObjectName("hexSize")
        # A fixed size: a label whose size can change re-lays out the whole window on every
        # setText, and under a flood each layout callback into Python waits for the GIL.
        self.size_label.setFixedSize(
            self.size_label.fontMetrics().horizontalAdvance(
                self.tr("{n} bytes in {calls} calls").format(n=10**10, calls=10**8)
            )
            + 8,
            self.size_label.fontMetrics().height() + 4,
        )
        self.size_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        # Two rows: on one the pane would be wider than the window's centre (~970 px).
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Connection:"), self))
        top.addWidget(self.connection_combo, 1)
        top.addWidget(self.size_label)
        legend = QHBoxLayout()
        for direction, text in (("sent", self.tr("sent")), ("received", self.tr("received"))):
            legend.addWidget(_swatch(DIRECTION_TINT[direction], DIRECTION_TEXT[direction], text, self))
        boundary = QLabel(self.tr("▌ chunk start (one recv/send call)"), self)
        boundary.setStyleSheet(f"color: {_BOUNDARY.name()};")
        legend.addWidget(boundary)
        legend.addStretch(1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.view)
        splitter.addWidget(self.inspector)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([self.view.sizeHint().width(), 360])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(legend)
        layout.addWidget(splitter, 1)

        # Growing bytes repaint the view: at most 10 times a second under a flood.
        self._refresh_view = Throttle(self._refresh_now, 100, self)
        self.connection_combo.currentIndexChanged.connect(self._on_connection_chosen)
        self.view.selectionChanged.connect(self._on_selection)
        self.inspector.copy_hex_button.clicked.connect(self.view.copy_hex)
        self.inspector.copy_python_button.clicked.connect(self.view.copy_python)

    # -- public API -----------------------------------------------------------
    def add_events(self, batch: Sequence[Event]) -> None:
        """Append the bytes of the batch's data events to their connection's capture.

        Events are grouped per connection first and each capture takes its share
        with one ``append_many``: this runs on the GUI thread for every batch, and
        per-event Python work there is taken from the server threads (one GIL).
        """
        moved = [e for e in batch if e.data is not None and e.event in _DIRECTION_OF]
        if not moved:
            return
        captures = self._captures
        conversations = self._conversations
        groups: dict[tuple[str, int | None], list[Event]] = {}
        new: list[tuple[tuple[str, int | None], str]] = []
        last_key: tuple[str, int | None] | None = None
        last_group: list[Event] = []
        for e in moved:
            if e.role != "server":
                key: tuple[str, int | None] = (e.source, None)
            elif e.event in _DATAGRAM_CALLS:
                key = conversations.get((e.source, e.client)) or self._conversation(e, new)
                requests = self._conversation_requests[key]
                # Ascending: recvfrom of each request comes first, from the serve thread.
                if e.request is not None and e.request > requests[-1]:
                    requests.append(e.request)
            else:
                key = (e.source, e.request)
            if key == last_key:
                last_group.append(e)
                continue
            group = groups.get(key)
            if group is None:
                group = groups[key] = []
                if key not in captures:
                    captures[key] = Capture(memory_limit=self._memory_limit)
                    if key not in self._conversation_requests:
                        new.append((key, self._label(key, e.client)))
            group.append(e)
            last_key, last_group = key, group
        shown = self.view.capture
        touched_shown = False
        unsaved = self._unsaved
        full: list[tuple[str, int | None]] = []
        for key, events in groups.items():
            waiting = unsaved.get(key)
            if waiting is None:
                waiting = unsaved[key] = events
            else:
                waiting.extend(events)
            if captures[key] is shown:
                self._save(key)  # the connection on screen grows live
                touched_shown = True
            elif len(waiting) >= _SAVE_AT:
                full.append(key)
            if key in self._conversation_requests:
                self._stale_labels.add(key)
        if full:
            # Spread over the batches rather than heaped on the next refresh, a little per
            # batch: connections that filled up together are saved over several batches.
            deadline = time.perf_counter() + _SAVE_BUDGET / 2
            for key in full:
                self._save(key)
                if time.perf_counter() >= deadline:
                    break
        if new:
            # A new conversation's label counts the datagrams just appended.
            self.connections_model.add(
                [(k, self._conversation_label(k) if k in self._conversation_requests else t) for k, t in new]
            )
        if self.view.capture is None and captures:
            if self.connection_combo.currentIndex() == 0:
                self._on_connection_chosen(0)  # setCurrentIndex(0) would not signal
            else:
                self.connection_combo.setCurrentIndex(0)
        if touched_shown or self._stale_labels or unsaved:
            self._refresh_view()

    def _save(self, key: tuple[str, int | None]) -> None:
        """Write the data events routed to ``key`` but not yet recorded into its capture."""
        events = self._unsaved.pop(key, None)
        if events:
            self._captures[key].append_many(
                [_DIRECTION_OF[e.event] for e in events],
                [e.event for e in events],
                [e.data for e in events],  # type: ignore[misc]  # not None: filtered in add_events
                [e.ts for e in events],
            )

    def _save_all(self, budget: float | None = None) -> None:
        """Record every waiting event; with ``budget`` (seconds), stop when it is spent.

        The throttled refresh passes a budget: with hundreds of connections
        growing, saving them all at once held the GUI thread for 15-30 ms. What
        is left waits for the next refresh; no connection ever waits with more
        than _SAVE_AT events (add_events saves it then).
        """
        deadline = None if budget is None else time.perf_counter() + budget
        for key in list(self._unsaved):
            self._save(key)
            if deadline is not None and time.perf_counter() >= deadline:
                if self._unsaved:
                    self._refresh_view()  # come back for the rest
                return

    def _conversation(
        self, e: Event, new: list[tuple[tuple[str, int | None], str]]
    ) -> tuple[str, int | None]:
        """Start the datagram conversation of e's (server, peer), keyed by e's request id."""
        key = (e.source, e.request)
        self._conversations[(e.source, e.client)] = key
        self._conversation_requests[key] = array("q", [-1 if e.request is None else e.request])
        self._conversation_peers[key] = e.client
        self._captures[key] = Capture(memory_limit=self._memory_limit)
        new.append((key, self._conversation_label(key)))
        return key

    def _conversation_label(self, key: tuple[str, int | None]) -> str:
        peer = self._conversation_peers[key]
        count = len(self._captures[key]) + len(self._unsaved.get(key, ()))
        peer_text = _fmt_peer(peer) or self.tr("(unnamed)")
        if isinstance(peer, tuple):
            kind = self.tr("UDP, 1 datagram") if count == 1 else self.tr("UDP, {n} datagrams")
        else:
            kind = self.tr("1 datagram") if count == 1 else self.tr("{n} datagrams")
        return f"{key[0]} {peer_text} ({kind.format(n=count)})"

    def flush(self) -> None:
        """Record and show bytes that arrived since the last (throttled) refresh now."""
        self._save_all()
        self._refresh_view.flush()

    def show_connection(self, source: str, request: int | None = None) -> bool:
        """Show the capture of (source, request); False if that connection moved no bytes yet.

        For a datagram server, any request id of a conversation shows that conversation.
        """
        row = self.connections_model.row_of(self.connection_key(source, request) or (source, request))
        if row < 0:
            return False
        self.connection_combo.setCurrentIndex(row)
        return True

    def connection_key(self, source: str, request: int | None = None) -> tuple[str, int | None] | None:
        """The key of the connection holding (source, request)'s bytes, or None if none moved yet."""
        key = (source, request)
        if key in self._captures:
            return key
        if request is None:
            return None
        for conv_key, requests in self._conversation_requests.items():
            if conv_key[0] == source and requests[0] <= request <= requests[-1]:
                i = bisect_left(requests, request)
                if i < len(requests) and requests[i] == request:
                    return conv_key
        return None

    def capture_for(self, source: str, request: int | None = None) -> Capture | None:
        """The capture holding (source, request)'s bytes (a datagram request: its conversation)."""
        key = self.connection_key(source, request)
        if key is None:
            return None
        self._save(key)
        return self._captures[key]

    def connections(self) -> list[tuple[str, int | None]]:
        return list(self._captures)

    def current_connection(self) -> tuple[str, int | None] | None:
        return self.connections_model.key(self.connection_combo.currentIndex())

    def clear(self) -> None:
        """Forget every connection and close (delete) its capture."""
        self.view.set_capture(None)
        self.connection_combo.blockSignals(True)
        self.connections_model.clear()
        self.connection_combo.blockSignals(False)
        for capture in self._captures.values():
            capture.close()
        self._unsaved.clear()
        self._captures.clear()
        self._conversations.clear()
        self._conversation_requests.clear()
        self._conversation_peers.clear()
        self._stale_labels.clear()
        self.inspector.show_selection(None, 0, 0, 0)
        self._update_size()

    def closeEvent(self, event: Any) -> None:
        self.clear()
        super().closeEvent(event)

    # -- internals --------------------------------------------------------------
    def _label(self, key: tuple[str, int | None], peer: Any) -> str:
        source, request = key
        # tr() is a call into Qt: made per new connection, not per batch (see HexPane.add_events)
        label = (
            source
            if request is None
            else self.tr("{source} #{request}").format(source=source, request=request)
        )
        peer_text = _fmt_peer(peer)
        return f"{label} ({peer_text})" if peer_text else label

    def _on_connection_chosen(self, index: int) -> None:
        key = self.connections_model.key(index)
        if key is not None:
            self._save(key)
        self.view.set_capture(self._captures.get(key) if key is not None else None)
        self._update_size()

    def _refresh_now(self) -> None:
        self._save_all(budget=_SAVE_BUDGET)
        if self._stale_labels:
            # Datagram counts in the selector: refreshed with the view, not per batch.
            self.connections_model.set_labels(
                [(key, self._conversation_label(key)) for key in self._stale_labels]
            )
            self._stale_labels.clear()
        self.view.refresh()
        self._update_size()

    def _on_selection(self, start: int, length: int) -> None:
        self.inspector.show_selection(self.view.capture, start, length, self.view.cursor_offset())

    def _update_size(self) -> None:
        capture = self.view.capture
        if capture is None:
            self.size_label.setText("")
            self.size_label.setToolTip("")
            return
        self.size_label.setText(
            self.tr("{n} bytes in {calls} calls").format(n=capture.total_bytes, calls=len(capture))
        )
        self.size_label.setToolTip(
            self.tr("sent {sent} bytes, received {received} bytes").format(
                sent=capture.bytes_in("sent"), received=capture.bytes_in("received")
            )
        )


def _swatch(tint: QColor, text: QColor, label: str, parent: QWidget) -> QLabel:
    swatch = QLabel(f" {label} ", parent)
    swatch.setStyleSheet(
        f"background: {tint.name()}; color: {text.name()}; border: 1px solid {text.name()}; border-radius: 3px;"
    )
    return swatch


def _fmt_peer(peer: Any) -> str:
    return format_address(peer) if peer else ""  # the callers word an unnamed peer themselves

"""HexPane: pick a connection, see its bytes in a hex view coloured by direction, inspect a selection."""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QFontDatabase,
    QFontMetricsF,
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

from ui.models.hex_model import (
    BYTES_PER_ROW,
    DIRECTION_TEXT,
    DIRECTION_TINT,
    ConnectionListModel,
    HexModel,
    InspectorModel,
    ascii_text,
    chunk_description,
    offset_digits,
    plain_tooltip,
)
from ui.throttle import Throttle
from workbench.events import format_address
from workbench.hexfmt import python_literal
from workbench.session import format as fmt
from workbench.session.streams import ConnectionKey, ConnectionStream, StreamIndex

if TYPE_CHECKING:
    from ui.logfeed import LogFeed

_BOUNDARY = QColor("#37474f")
_TOP_LEFT = (Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop).value
_SELECTION = QColor(46, 110, 214, 95)
_CURSOR = QColor("#1a237e")
#: Records StreamIndex.update groups at a time (see HexPane.add_records).
_INDEX_SLICE = 1 << 14
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
        chunkActivated(int): a click landed on a chunk; the index of its record in the
            session log (so another pane can show that event).
    """

    selectionChanged = Signal(int, int)
    cursorMoved = Signal(int)
    chunkActivated = Signal(int)

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
    def set_stream(self, stream: ConnectionStream | None) -> None:
        """Show ``stream`` (None: nothing) from its start, selecting its first byte."""
        self._anchor = self._cursor = 0
        self.model.set_stream(stream)
        self.verticalScrollBar().setValue(0)
        self._emit_selection()

    @property
    def stream(self) -> ConnectionStream | None:
        return self.model.stream

    def refresh(self) -> None:
        """Show bytes the stream took in since the last refresh."""
        self.model.sync()

    def selection(self) -> tuple[int, int]:
        """(start offset, length) of the selection; length 0 only for an empty connection."""
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
        stream = self.model.stream
        return stream.read(start, length) if stream is not None and length else b""

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
        """(offset, hex, ASCII) of a row as painted, after catching up with the stream."""
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
        # Fractional metrics, as text is laid out: DejaVu Sans Mono 9 pt advances 7.22 px, and
        # a grid of 7 px let a row's text drift 10 px off its cells (marks landed inside bytes).
        fm = QFontMetricsF(self.font())
        self._cw = fm.horizontalAdvance("0")
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
        return max(1, int((self.viewport().height() - self._header_h) // self._lh))

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
            if self.model.stream is None or self.model.total_bytes == 0:
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
        stream = self.model.stream
        if stream is not None:
            self.chunkActivated.emit(stream.chunk_at(offset).record)

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
        stream = self.model.stream
        assert stream is not None
        text = fmt(stream.read(start, length))
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
        self.selection_label.setTextFormat(Qt.TextFormat.PlainText)
        self.selection_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chunk_label = QLabel(self)
        self.chunk_label.setObjectName("inspectorChunk")
        self.chunk_label.setTextFormat(Qt.TextFormat.PlainText)
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
                item.setText(text)  # an item view paints DisplayRole as plain text
                item.setToolTip(plain_tooltip(text))  # a tooltip that looks like HTML would be HTML

    def show_selection(self, stream: ConnectionStream | None, start: int, length: int, cursor: int) -> None:
        """Inspect bytes [start, start+length) of ``stream`` and describe the chunk at ``cursor``."""
        if stream is None or length == 0:
            self.model.set_bytes(b"")
            self.selection_label.setText(self.tr("Selection: none"))
            self.chunk_label.setText(self.tr("Chunk: —"))
            self.copy_hex_button.setEnabled(False)
            self.copy_python_button.setEnabled(False)
            return
        self.model.set_bytes(stream.read(start, min(length, InspectorModel.LIMIT)))
        self.selection_label.setText(
            self.tr("Selection: offset 0x{start:x} ({start}), {length} byte(s)").format(
                start=start, length=length
            )
        )
        self.chunk_label.setText(
            self.tr("Cursor in {chunk}").format(chunk=chunk_description(stream.chunk_at(cursor)))
        )
        self.copy_hex_button.setEnabled(True)
        self.copy_python_button.setEnabled(True)


class HexPane(QWidget):
    """A connection chooser, the HexView of that connection's bytes and the inspector.

    ``attach(feed)`` follows the feed's session log. A StreamIndex over
    ``feed.reader`` routes each batch of new records to its connection with a
    few numpy operations (no Python work per event) and keeps, per socket call,
    only where its bytes sit in the log: the view reads the rows it paints from
    the mapped file, so nothing here grows with the bytes. A connection is a
    stream server's request, a client, or, for a datagram server (one request
    per datagram), one conversation per peer, like Wireshark's Follow UDP
    Stream: any request id of that peer finds it, and its chunk marks still
    show each recvfrom/sendto. The first connection that moves bytes is shown
    without a click.

    Signals:
        chunkActivated(int): the user clicked a chunk; the index of its record in the log
            (the event table selects that row).
    """

    chunkActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hexPane")
        self._feed: LogFeed | None = None
        self._index: StreamIndex | None = None
        self._taken = 0  # records the index has taken in
        self._stale: set[ConnectionKey] = set()  # datagram conversations that grew: relabel
        self._dgram_sources: set[int] = set()
        self._sources_known = 0
        # Datagram servers: which peer sent each request, as sorted (source << 32 | request)
        # keys and peer ids, built from the records only when a request id is looked up.
        self._dgram_scanned = 0
        self._dgram_keys = np.empty(0, dtype=np.int64)
        self._dgram_peers = np.empty(0, dtype=np.int64)
        self.connection_combo = QComboBox(self)
        self.connection_combo.setObjectName("hexConnection")
        self.connection_combo.setToolTip(self.tr("Which connection's bytes to show"))
        self.connections_model = ConnectionListModel(self._label, self)
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
        # setText (a few times a second while a connection grows).
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
        self.view.chunkActivated.connect(self.chunkActivated)
        self.inspector.copy_hex_button.clicked.connect(self.view.copy_hex)
        self.inspector.copy_python_button.clicked.connect(self.view.copy_python)

    # -- public API -----------------------------------------------------------
    def attach(self, feed: LogFeed) -> None:
        """Show the feed's session: what it delivered so far, then every new batch."""
        self._feed = feed
        feed.sessionChanged.connect(self.clear)
        feed.recordsAdded.connect(self.add_records)
        self.clear()
        if feed.delivered:
            self.add_records(0, feed.delivered)

    def add_records(self, lo: int, hi: int) -> None:
        """Records up to ``hi`` are in the log: route their bytes to their connections (GUI thread).

        New connections join the chooser at once, with one insert; the view of
        the shown one catches up through the throttle. While the pane is hidden (another
        tab is shown) it only notes how far the log goes, and catches up when shown or asked.
        """
        self._pending = max(getattr(self, "_pending", 0), hi)
        if not self.isVisible():
            return
        self._take_in(hi)

    def _catch_up(self) -> None:
        pending = getattr(self, "_pending", 0)
        if pending > self._taken:
            self._take_in(pending)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._catch_up()

    def _take_in(self, hi: int) -> None:
        index = self._index
        if index is None or hi <= self._taken:
            return
        # A saved session comes in slices of up to two million records; grouped a slice of
        # them at a time, the temporary arrays stay a few MiB (whole, the heap kept ~30 MiB).
        touched: dict[ConnectionKey, None] = {}
        for end in range(self._taken + _INDEX_SLICE, hi + _INDEX_SLICE, _INDEX_SLICE):
            touched.update(dict.fromkeys(index.update(min(end, hi))))
        self._taken = hi
        if not touched:
            return
        self.connections_model.sync(index.order)
        if len(index.reader.tables.sources) != self._sources_known:
            self._learn_sources()
        dgram = self._dgram_sources
        if dgram:
            self._stale.update(k for k in touched if k[0] in dgram)  # per connection, not per event
        shown = self.view.stream
        if shown is None:
            self._show_row(0)
        elif self._stale or shown.key in touched:
            self._refresh_view()

    def flush(self) -> None:
        """Show what the records delivered so far hold now, not at the next throttled refresh."""
        self._catch_up()
        self._refresh_view.flush()
        self._refresh_now()

    def show_connection(self, source: int, request: int = 0) -> bool:
        """Show the bytes of (source id, request id); False while that connection moved none.

        A client is (its source id, 0). For a datagram server any request id of
        a conversation shows that conversation.
        """
        self._catch_up()
        key = self.connection_key(source, request)
        return key is not None and self._show_key(key)

    def connection_key(self, source: int, request: int = 0) -> ConnectionKey | None:
        """The key of the connection holding (source, request)'s bytes, or None if none moved yet."""
        self._catch_up()
        index = self._index
        if index is None:
            return None
        if len(index.reader.tables.sources) != self._sources_known:
            self._learn_sources()
        if index.reader.tables.role(source) == "client":
            key = (source, 0, 0)
        elif source in self._dgram_sources:
            peer = self._datagram_peer(source, request)
            if peer is None:
                return None
            key = (source, 0, peer)
        else:
            key = (source, request, 0)
        return key if key in index.streams else None

    def stream_for(self, source: int, request: int = 0) -> ConnectionStream | None:
        """The stream holding (source, request)'s bytes (a datagram request: its conversation)."""
        key = self.connection_key(source, request)
        return None if key is None or self._index is None else self._index.streams[key]

    def connections(self) -> list[ConnectionKey]:
        """Every connection in the chooser, in order of first bytes."""
        self._catch_up()
        return self.connections_model.keys()

    def current_connection(self) -> ConnectionKey | None:
        self._catch_up()
        return self.connections_model.key(self.connection_combo.currentIndex())

    def select_record(self, record: int) -> bool:
        """Show the connection of data record ``record`` and select the bytes that call moved.

        A call that moved no bytes (recv's b"" at the end) puts the cursor where
        it happened. False if ``record`` is not a data record taken in yet.
        """
        self._catch_up()
        index = self._index
        if index is None or not 0 <= record < self._taken:
            return False
        rec = index.reader.record(record)
        if not rec[10] & fmt.F_DATA:
            return False
        key = index.key_for(rec[8], rec[3], rec[5])
        stream = index.streams.get(key)
        if stream is None:
            return False
        # Chunks are in log order, so their record indices ascend.
        i = bisect_left(range(len(stream)), record, key=lambda k: stream.chunk(k).record)
        if i >= len(stream) or stream.chunk(i).record != record:
            return False
        chunk = stream.chunk(i)
        self._show_key(key)
        self.flush()  # the chunk may be newer than the view's last refresh
        self.view.select(chunk.offset, max(chunk.length, 1))
        return True

    def clear(self) -> None:
        """Forget every connection (the feed shows another session, or a new live one).

        Records the feed delivers next are taken in from the session's first one.
        """
        self.view.set_stream(None)
        self.connection_combo.blockSignals(True)
        self.connections_model.clear()
        self.connection_combo.blockSignals(False)
        reader = None if self._feed is None else self._feed.reader
        self._index = None if reader is None else StreamIndex(reader)
        self._taken = 0
        self._pending = 0
        self._stale.clear()
        self._dgram_sources = set()
        self._sources_known = 0
        self._dgram_scanned = 0
        self._dgram_keys = np.empty(0, dtype=np.int64)
        self._dgram_peers = np.empty(0, dtype=np.int64)
        self.inspector.show_selection(None, 0, 0, 0)
        self._update_size()

    # -- internals --------------------------------------------------------------
    def _learn_sources(self) -> None:
        assert self._index is not None
        sources = self._index.reader.tables.sources
        self._sources_known = len(sources)
        self._dgram_sources = {
            sid
            for sid, info in sources.items()
            if info.role == "server" and info.detail.get("type") == "dgram"
        }

    def _datagram_peer(self, source: int, request: int) -> int | None:
        """The peer id that datagram request ``request`` of server ``source`` came from."""
        assert self._index is not None
        if self._dgram_scanned < self._taken:
            servers = np.fromiter(self._dgram_sources, dtype=np.uint16, count=len(self._dgram_sources))
            keys, peers = [self._dgram_keys], [self._dgram_peers]
            dtype = fmt.record_dtype()
            for _first, packed in self._index.reader.record_chunks(self._dgram_scanned, self._taken):
                records = np.frombuffer(packed, dtype=dtype)
                picked = records[((records["flags"] & fmt.F_DATA) != 0) & np.isin(records["source"], servers)]
                keys.append((picked["source"].astype(np.int64) << 32) | picked["request"].astype(np.int64))
                peers.append(picked["peer"].astype(np.int64))
                del records, picked  # no view into the map outlives the scan
            self._dgram_scanned = self._taken
            all_keys = np.concatenate(keys)
            order = np.argsort(all_keys, kind="stable")
            self._dgram_keys, self._dgram_peers = all_keys[order], np.concatenate(peers)[order]
        wanted = (source << 32) | request
        i = int(np.searchsorted(self._dgram_keys, wanted))
        if i < len(self._dgram_keys) and self._dgram_keys[i] == wanted:
            return int(self._dgram_peers[i])
        return None

    def _label(self, key: ConnectionKey) -> str:
        """The chooser's text for a connection (made when its row is first shown)."""
        assert self._index is not None
        reader = self._index.reader
        tables = reader.tables
        source, request, peer = key
        name = tables.source_name(source)
        stream = self._index.streams[key]
        if tables.role(source) == "client":
            return name
        if source in self._dgram_sources:
            address = tables.addresses.get(peer)
            count = len(stream)
            peer_text = _fmt_peer(address) or self.tr("(unnamed)")
            if isinstance(address, tuple):
                kind = self.tr("UDP, 1 datagram") if count == 1 else self.tr("UDP, {n} datagrams")
            else:
                kind = self.tr("1 datagram") if count == 1 else self.tr("{n} datagrams")
            return f"{name} {peer_text} ({kind.format(n=count)})"
        label = self.tr("{source} #{request}").format(source=name, request=request)
        first_record = reader.record(stream.chunk(0).record)  # a stream key drops the peer: read it back
        peer_text = _fmt_peer(tables.addresses.get(first_record[5]))
        return f"{label} ({peer_text})" if peer_text else label

    def _show_key(self, key: ConnectionKey) -> bool:
        row = self.connections_model.row_of(key)
        if row < 0:
            return False
        self._show_row(row)
        return True

    def _show_row(self, row: int) -> None:
        if self.connection_combo.currentIndex() == row:
            self._on_connection_chosen(row)  # setCurrentIndex would not signal
        else:
            self.connection_combo.setCurrentIndex(row)

    def _on_connection_chosen(self, row: int) -> None:
        key = self.connections_model.key(row)
        index = self._index
        stream = None if key is None or index is None else index.streams.get(key)
        if stream is not self.view.stream:
            self.view.set_stream(stream)
        self._update_size()

    def _refresh_now(self) -> None:
        if self._stale:
            # Datagram counts in the chooser: relabelled with the view, not per batch.
            self.connections_model.relabel(self._stale)
            self._stale.clear()
        self.view.refresh()
        self._update_size()

    def _on_selection(self, start: int, length: int) -> None:
        self.inspector.show_selection(self.view.stream, start, length, self.view.cursor_offset())

    def _update_size(self) -> None:
        stream = self.view.stream
        if stream is None:
            self.size_label.setText("")
            self.size_label.setToolTip("")
            return
        self.size_label.setText(
            self.tr("{n} bytes in {calls} calls").format(n=stream.total_bytes, calls=len(stream))
        )
        self.size_label.setToolTip(
            self.tr("sent {sent} bytes, received {received} bytes").format(
                sent=stream.bytes_in("sent"), received=stream.bytes_in("received")
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

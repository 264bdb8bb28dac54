"""HexView: offset, 16 hex columns and ASCII of one connection, tinted by direction and by frame."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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
)
from PySide6.QtWidgets import QAbstractScrollArea, QMenu, QWidget

from ui.models.hex_model import (
    BYTES_PER_ROW,
    DIRECTION_TEXT,
    DIRECTION_TINT,
    FRAME_TINT,
    HexModel,
    ascii_text,
    offset_digits,
)
from workbench.hexfmt import python_literal
from workbench.session.frames import FrameIndex, FrameInfo
from workbench.session.streams import ConnectionStream

BOUNDARY = QColor("#37474f")
#: The mark at each frame's first byte: a colour no tint, text or chunk mark uses.
FRAME_MARK = QColor("#c2185b")
_TOP_LEFT = (Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop).value
_SELECTION = QColor(46, 110, 214, 95)
_CURSOR = QColor("#1a237e")
#: Copying more than this as text would stall the clipboard; say so instead.
COPY_LIMIT = 16 * 2**20


class HexView(QAbstractScrollArea):
    """Offset, 16 hex columns and ASCII over a HexModel, painting only the visible rows.

    Bytes are tinted by direction (sent / received), a dark bar marks where each
    chunk (one recv/send call) begins, and the selection is a linear byte range
    shown in both the hex and the ASCII column. Click or drag in either column
    to select; Shift extends; arrows, Page Up/Down, Home/End move the cursor.
    With a FrameIndex (``set_frames``) every other frame of a direction has a deeper
    tint and a magenta bar marks each frame's first byte, as far as the bytes are
    framed; double-click selects the frame (without framing: the call) under the mouse.

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
        self._frames: FrameIndex | None = None
        #: More context-menu entries (the pane's Follow stream, Find, Go to offset).
        self.extra_actions: list[QAction] = []
        #: Called before painting a range of bytes: frame them if it is quick (the pane's FrameCache).
        self.frame_range: Callable[[int], None] | None = None
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

    def set_frames(self, frames: FrameIndex | None) -> None:
        """Show the frames of ``frames`` (the shown stream's; None: by call only)."""
        self._frames = frames
        self.viewport().update()

    @property
    def frames(self) -> FrameIndex | None:
        return self._frames

    def frame_at(self, offset: int) -> FrameInfo | None:
        """The frame holding byte ``offset`` (None without framing, or while it is not framed yet)."""
        return None if self._frames is None else self._frames.frame_at(offset)

    def select_frame_at(self, offset: int) -> bool:
        """Select the frame holding ``offset``; without framing, the call. False if neither is known.

        A frame whose bytes lie in several calls is selected from its first byte to its last,
        the other direction's calls between them included (the selection is one range).
        """
        frame = self.frame_at(offset)
        if frame is not None and frame.pieces:
            start, end = frame.pieces[0][0], frame.pieces[-1][1]
        else:
            stream = self.model.stream
            if stream is None or self._frames is not None or not 0 <= offset < self.model.total_bytes:
                return False
            chunk = stream.chunk_at(offset)
            start, end = chunk.offset, chunk.end
        self.select(start, end - start)
        return True

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
        frame_starts: list[int] = []
        if self._frames is not None:
            if self.frame_range is not None:
                self.frame_range(end)
            for seg in self._frames.segments(base, end):
                if seg.number % 2:
                    a = seg.start
                    while a < seg.end:
                        row_end = min(seg.end, (a // BYTES_PER_ROW + 1) * BYTES_PER_ROW)
                        self._fill_span(p, a, row_end, base, FRAME_TINT[seg.direction])
                        a = row_end
                if seg.first and seg.start > 0:
                    frame_starts.append(seg.start)
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
        p.setPen(QPen(BOUNDARY, 2))
        for c in chunks:
            if c.offset < base or c.offset == 0 or c.length == 0:
                continue
            self._mark(p, c.offset, base)
        p.setPen(QPen(FRAME_MARK, 2))
        for offset in frame_starts:
            self._mark(p, offset, base, notch=True)
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

    def _mark(self, p: QPainter, offset: int, base: int, notch: bool = False) -> None:
        """A bar at the left edge of byte ``offset`` in both columns (a frame's has a notch on top)."""
        i = offset % BYTES_PER_ROW
        y = self._header_h + ((offset - base) // BYTES_PER_ROW) * self._lh
        for x in (self._cell_left(i), self._x_asc + i * self._cw):
            p.drawLine(QPointF(x, y + 1), QPointF(x, y + self._lh - 1))
            if notch:
                p.drawLine(QPointF(x, y + 1), QPointF(x + self._cw * 0.6, y + 1))

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

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        hit = self._offset_at(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and hit is not None:
            self._dragging = False
            self.select_frame_at(hit[0])

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
        if self.extra_actions:
            menu.addSeparator()
            for action in self.extra_actions:
                menu.addAction(action)
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

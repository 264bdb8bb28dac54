"""Follow stream: one connection as a conversation, call by call or frame by frame, growing live.

Each block is one socket call (or, with a framing chosen, one frame) in the order the bytes
moved: a header line (direction, call or frame, size, time since the block before) and the
bytes, as text or as a hex dump, in the direction's colour. Peer bytes are inserted as plain
text with every control character escaped (``\\r``, ``\\x1b``, ``\\u202e``), never as markup.

The view shows at most a page of bytes (``PAGE``) until asked for more, and at most
``BLOCK_LIMIT`` bytes of one block, so a 100 MB connection opens at once; the hex view
holds all of it.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QCloseEvent, QColor, QFontDatabase, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.framing_box import FramingCombo
from ui.models.hex_model import DIRECTION_TEXT, DIRECTION_TINT
from ui.throttle import Throttle
from workbench.hexfmt import hexdump
from workbench.session.streams import DIRECTIONS, ConnectionKey, ConnectionStream

if TYPE_CHECKING:
    from ui.hex_pane import HexPane
    from ui.logfeed import LogFeed
    from workbench.session.frames import FrameIndex

#: Bytes shown before "Show more" is needed (and added by each click).
PAGE = 1 << 20
#: Bytes of one block shown at most (the rest: see the hex view).
BLOCK_LIMIT = 16 << 10
#: Bytes turned into text per growth step (a step runs on the GUI thread).
STEP_BYTES = 256 << 10
_HEADER = QColor("#5f6b73")

# Control characters, C1 controls, lone bytes of broken UTF-8 and the invisible format
# characters (bidi overrides, zero-width) become escapes; \n ends a line and stays visible.
_ESCAPES: dict[int, str] = {c: f"\\x{c:02x}" for c in (*range(0x20), 0x7F, *range(0x80, 0xA0))}
_ESCAPES.update({0x09: "\\t", 0x0A: "\\n\n", 0x0D: "\\r", 0x5C: "\\\\"})
_ESCAPES.update({0xDC00 + b: f"\\x{b:02x}" for b in range(0x80, 0x100)})


def escaped_text(data: bytes) -> str:
    """Peer bytes as text that shows everything and hides nothing.

    UTF-8 where it is valid, ``\\xNN`` for other bytes and for control characters, ``\\r``
    and ``\\t`` by name, ``\\n`` by name and then a line break, ``\\uXXXX`` for invisible
    format characters (a right-to-left override would reorder the line).
    """
    text = data.decode("utf-8", "surrogateescape").translate(_ESCAPES)
    if text.replace("\n", "").isprintable():
        return text
    return "".join(
        c
        if c == "\n" or c.isprintable()
        else (f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}")
        for c in text
    )


class FollowStreamView(QWidget):
    """A window showing one connection of a HexPane as a conversation; it grows while records arrive.

    ``pane`` provides the connection's stream and frames (its StreamIndex and FrameCache);
    the framing chooser is shared with the pane and the event table.
    """

    def __init__(
        self, pane: HexPane, key: ConnectionKey, feed: LogFeed, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("followStream")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.pane, self.key, self.feed = pane, key, feed
        self.title = QLabel(self)
        self.title.setObjectName("followTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.mode_caption = QLabel(self)
        self.mode_combo = QComboBox(self)
        self.mode_combo.setObjectName("followMode")
        self.mode_combo.addItem("", "text")
        self.mode_combo.addItem("", "hex")
        self.framing_caption = QLabel(self)
        self.framing_combo = FramingCombo(pane.framing, self)
        self.framing_combo.setObjectName("followFraming")
        self.legend = {d: QLabel(self) for d in DIRECTIONS}
        for d, label in self.legend.items():
            label.setStyleSheet(
                f"background: {DIRECTION_TINT[d].name()}; color: {DIRECTION_TEXT[d].name()};"
                f" border: 1px solid {DIRECTION_TEXT[d].name()}; border-radius: 3px; padding: 0 4px;"
            )
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("followText")
        self.text.setReadOnly(True)
        self.text.setUndoRedoEnabled(False)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.status = QLabel(self)
        self.status.setObjectName("followStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.more_button = QPushButton(self)
        self.more_button.setObjectName("followMore")
        row = QHBoxLayout()
        row.addWidget(self.mode_caption)
        row.addWidget(self.mode_combo)
        row.addSpacing(12)
        row.addWidget(self.framing_caption)
        row.addWidget(self.framing_combo)
        row.addSpacing(12)
        for label in self.legend.values():
            row.addWidget(label)
        row.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.more_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.title)
        layout.addLayout(row)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.framing_combo.error_label)
        layout.addLayout(bottom)

        self._formats = {d: _format(DIRECTION_TEXT[d], DIRECTION_TINT[d]) for d in DIRECTIONS}
        self._header_format = _format(_HEADER, None, bold=True)
        self._grow_soon = Throttle(self.grow, 100, self)
        feed.recordsAdded.connect(self._on_records)
        feed.sessionChanged.connect(self._on_session_changed)
        pane.frames.grown.connect(self._on_frames_grown)
        pane.framing.changed.connect(self._on_framing_changed)
        self.mode_combo.currentIndexChanged.connect(lambda _i: self.rebuild())
        self.more_button.clicked.connect(self.show_more)
        self._gone = False
        self._reset()
        self.resize(860, 560)
        self.retranslate()
        self.rebuild()

    # -- texts ---------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        label = self.pane.connection_label(self.key) or str(self.key)
        self.setWindowTitle(self.tr("Follow stream: {connection}").format(connection=label))
        self.title.setText(self.tr("Follow stream: {connection}").format(connection=label))
        self.mode_caption.setText(self.tr("Show as:"))
        self.mode_combo.setItemText(0, self.tr("text"))
        self.mode_combo.setItemText(1, self.tr("hex"))
        self.framing_caption.setText(self.tr("Blocks:"))
        self.legend["sent"].setText(self.tr("→ sent"))
        self.legend["received"].setText(self.tr("← received"))
        self.more_button.setText(self.tr("Show more"))
        self.more_button.setToolTip(
            self.tr("Show the next {size} of the conversation").format(size=_size(PAGE))
        )
        self._update_status()

    # -- state ---------------------------------------------------------------------------------
    @property
    def mode(self) -> str:
        return str(self.mode_combo.currentData())

    def set_mode(self, mode: str) -> None:
        self.mode_combo.setCurrentIndex(max(self.mode_combo.findData(mode), 0))

    def _stream(self) -> ConnectionStream | None:
        return None if self._gone else self.pane.stream_of(self.key)

    def _frames(self) -> FrameIndex | None:
        return None if self._gone else self.pane.frames.frames(self.key)

    def rebuild(self) -> None:
        """Show the conversation again from its start (another mode or framing)."""
        self.text.clear()
        self._reset()
        self.grow()

    def _reset(self) -> None:
        self._limit = PAGE
        self._shown_bytes = 0
        self._blocks = 0
        self._next_offset = 0  # by call: the next chunk starts here
        self._next_frames = (0, 0)  # by frame: the next frame numbers, per direction
        self._last_ts: float | None = None
        self._framed = self._frames() is not None

    def show_more(self) -> None:
        self._limit += PAGE
        self.grow()

    def grow(self, budget: float = 0.02) -> None:
        """Append what arrived since the last call (up to the page limit), a step at a time."""
        stream = self._stream()
        if stream is None:
            self._update_status()
            return
        bar = self.text.verticalScrollBar()
        at_end = bar.value() >= bar.maximum() - 2
        deadline = time.perf_counter() + budget
        cursor = QTextCursor(self.text.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.beginEditBlock()
        try:
            while self._shown_bytes < self._limit and time.perf_counter() < deadline:
                added = self._grow_frames(cursor) if self._framed else self._grow_calls(cursor, stream)
                if not added:
                    break
        finally:
            cursor.endEditBlock()
        if at_end:
            bar.setValue(bar.maximum())
        self._update_status()
        if self._shown_bytes < self._limit and self._more_waiting(stream):
            self._grow_soon()

    def _more_waiting(self, stream: ConnectionStream) -> bool:
        if not self._framed:
            return self._next_offset < stream.total_bytes
        frames = self._frames()
        return frames is not None and len(frames.conversation(self._next_frames, found_only=True)[0]) > 0

    def _grow_calls(self, cursor: QTextCursor, stream: ConnectionStream) -> int:
        if self._next_offset >= stream.total_bytes:
            return 0
        end = min(stream.total_bytes, self._next_offset + STEP_BYTES)
        added = 0
        for chunk in stream.chunks_between(self._next_offset, end):
            if self._shown_bytes >= self._limit:
                break
            if chunk.offset < self._next_offset:
                continue  # shown already
            data = stream.read(chunk.offset, min(chunk.length, BLOCK_LIMIT))
            header = self.tr("{arrow} {direction} · {call}() · {n} B · {delta}").format(
                arrow="→" if chunk.direction == "sent" else "←",
                direction=self._direction(chunk.direction),
                call=chunk.call,
                n=chunk.length,
                delta=self._delta(chunk.ts),
            )
            self._append(cursor, header, chunk.direction, data, chunk.length)
            self._next_offset = chunk.end
            added += 1
        return added

    def _grow_frames(self, cursor: QTextCursor) -> int:
        frames = self._frames()
        if frames is None:
            return 0
        _offsets, lanes, numbers = frames.conversation(self._next_frames, found_only=True)
        added = 0
        shown = list(self._next_frames)
        budget = STEP_BYTES
        for lane, number in zip(lanes.tolist(), numbers.tolist(), strict=True):
            if self._shown_bytes >= self._limit or budget <= 0:
                break
            direction = DIRECTIONS[lane]
            frame = frames.frame(direction, number)
            data = frames.read(frame, BLOCK_LIMIT)
            ts, _record = frames.frame_time(frame)
            what = self.tr("frame #{n}").format(n=number + 1)
            if not frame.complete:
                what = self.tr("frame #{n}, incomplete").format(n=number + 1)
            header = self.tr("{arrow} {direction} · {frame} · {n} B in {calls} call(s) · {delta}").format(
                arrow="→" if direction == "sent" else "←",
                direction=self._direction(direction),
                frame=what,
                n=frame.length,
                calls=len(frame.pieces),
                delta=self._delta(ts),
            )
            self._append(cursor, header, direction, data, frame.length)
            shown[lane] = number + 1
            budget -= len(data)
            added += 1
        self._next_frames = (shown[0], shown[1])
        return added

    def _direction(self, direction: str) -> str:
        return self.tr("sent") if direction == "sent" else self.tr("received")

    def _delta(self, ts: float) -> str:
        delta = 0.0 if self._last_ts is None else ts - self._last_ts
        self._last_ts = ts
        return self.tr("+{seconds} s").format(seconds=f"{delta:.6f}")

    def _append(self, cursor: QTextCursor, header: str, direction: str, data: bytes, length: int) -> None:
        if self._blocks:
            cursor.insertText("\n", self._header_format)
        cursor.insertText(header + "\n", self._header_format)
        body = escaped_text(data) if self.mode == "text" else hexdump(data)
        cursor.insertText(body.rstrip("\n"), self._formats[direction])
        if length > len(data):
            cursor.insertText(
                "\n"
                + self.tr("… {n} more bytes in this block (the hex view shows them all)").format(
                    n=length - len(data)
                ),
                self._header_format,
            )
        self._blocks += 1
        self._shown_bytes += len(data)

    def _update_status(self) -> None:
        stream = self._stream()
        if stream is None:
            self.status.setText(self.tr("This connection is no longer in the session."))
            self.more_button.setEnabled(False)
            return
        what = self.tr("%n block(s)", "", self._blocks)
        text = self.tr("{blocks}, {shown} of {total} shown").format(
            blocks=what, shown=_size(self._shown_bytes), total=_size(stream.total_bytes)
        )
        frames = self._frames() if self._framed else None
        if frames is not None and not frames.done:
            text += " · " + self.tr("framing…")
        waiting = self._shown_bytes >= self._limit and self._more_waiting(stream)
        self.more_button.setEnabled(waiting)
        if waiting:
            text += " · " + self.tr("more with Show more")
        self.status.setText(text)

    # -- live ----------------------------------------------------------------------------------
    def _on_records(self, _lo: int, _hi: int) -> None:
        self._grow_soon()

    def _on_frames_grown(self) -> None:
        if self._framed:
            self._grow_soon()

    def _on_framing_changed(self, _spec: str) -> None:
        self.rebuild()

    def _on_session_changed(self) -> None:
        self._gone = True
        self._update_status()

    def closeEvent(self, event: QCloseEvent) -> None:
        for signal, slot in (
            (self.feed.recordsAdded, self._on_records),
            (self.feed.sessionChanged, self._on_session_changed),
            (self.pane.frames.grown, self._on_frames_grown),
            (self.pane.framing.changed, self._on_framing_changed),
        ):
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass  # already gone with its sender
        super().closeEvent(event)

    def plain_text(self) -> str:
        """Everything shown, as the user reads it (tests, copy)."""
        return self.text.toPlainText()


def _format(color: QColor, background: QColor | None, bold: bool = False) -> QTextCharFormat:
    f = QTextCharFormat()
    f.setForeground(color)
    if background is not None:
        f.setBackground(background)
    if bold:
        f.setFontWeight(700)
    return f


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1 << 20:
        return f"{n / 1024:.1f} KiB"
    return f"{n / (1 << 20):.1f} MiB"


def open_follow(pane: HexPane, key: ConnectionKey, feed: LogFeed, parent: QWidget | None = None) -> Any:
    """Open (and show) a Follow stream window of ``key``."""
    view = FollowStreamView(pane, key, feed, parent)
    view.show()
    return view

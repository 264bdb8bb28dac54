"""HexPane: pick a connection, see its bytes by call or by frame, find in them, inspect a selection."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ui.framing_box import FramingCombo
from ui.hex_find import FindBar, GotoBar
from ui.hex_view import BOUNDARY, FRAME_MARK, HexView
from ui.inspector import InspectorWidget
from ui.models.connection_model import Connections
from ui.models.frame_model import FrameCache, FramingChoice
from ui.models.hex_model import DIRECTION_TEXT, DIRECTION_TINT, FRAME_TINT, ConnectionListModel
from ui.throttle import Throttle
from workbench.events import format_address
from workbench.session import format as fmt
from workbench.session.frames import FrameIndex, FrameInfo
from workbench.session.streams import ConnectionKey, ConnectionStream

if TYPE_CHECKING:
    from ui.logfeed import LogFeed

__all__ = ["BOUNDARY", "HexPane", "HexView"]


class HexPane(QWidget):
    """A connection chooser, the HexView of that connection's bytes, a framing, find, and the inspector.

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

    With a framing chosen (``framing``, shared with the event table), the shown
    connection is framed in the background (ui.models.frame_model.FrameCache) and
    the view tints and marks each frame as far as it is framed.

    Signals:
        chunkActivated(int): the user clicked a chunk; the index of its record in the log
            (the event table selects that row).
        followRequested(object): Follow stream was asked for this connection key.
    """

    chunkActivated = Signal(int)
    followRequested = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, framing: FramingChoice | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hexPane")
        self._feed: LogFeed | None = None
        self._connections: Connections | None = None
        self._pending = 0
        self._stale: set[ConnectionKey] = set()  # datagram conversations that grew: relabel
        self.framing = framing if framing is not None else FramingChoice(self)
        self.frames = FrameCache(self)
        self.frames.set_spec(self.framing.spec)
        self.connection_caption = QLabel(self)
        self.connection_combo = QComboBox(self)
        self.connection_combo.setObjectName("hexConnection")
        self.connections_model = ConnectionListModel(self._label, self)
        self.connection_combo.setModel(self.connections_model)
        # AdjustToContents would measure every item on each insert: O(connections).
        self.connection_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.connection_combo.setMinimumContentsLength(24)
        self.follow_button = QPushButton(self)
        self.follow_button.setObjectName("hexFollow")
        self.view = HexView(self)
        self.inspector = InspectorWidget(self)
        self.find_bar = FindBar(self.view, self)
        self.goto_bar = GotoBar(self.view, self)
        self.size_label = QLabel(self)
        self.size_label.setObjectName("hexSize")
        self.size_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.framing_caption = QLabel(self)
        self.framing_combo = FramingCombo(self.framing, self, editable=True)
        self.framing_combo.setObjectName("hexFraming")
        self.framing_combo.error_label.setObjectName("hexFramingError")
        self.frame_status = QLabel(self)
        self.frame_status.setObjectName("hexFrameStatus")
        self.frame_status.setTextFormat(Qt.TextFormat.PlainText)

        self._swatches: dict[str, QLabel] = {}
        for key, tint, text in (
            ("sent", DIRECTION_TINT["sent"], DIRECTION_TEXT["sent"]),
            ("received", DIRECTION_TINT["received"], DIRECTION_TEXT["received"]),
        ):
            self._swatches[key] = _swatch(tint, text, self)
        # One swatch in both deeper tints: every other frame of either direction looks like it.
        alternate = QLabel(self)
        alternate.setStyleSheet(
            "background: qlineargradient(x1:0, y1:0, x2:1, y2:0,"
            f" stop:0.45 {FRAME_TINT['sent'].name()}, stop:0.55 {FRAME_TINT['received'].name()});"
            " color: #263238; border: 1px solid #78909c; border-radius: 3px;"
        )
        self._frame_swatches = [alternate]
        self.boundary_legend = QLabel(self)
        self.boundary_legend.setStyleSheet(f"color: {BOUNDARY.name()};")
        self.frame_legend = QLabel(self)
        self.frame_legend.setStyleSheet(f"color: {FRAME_MARK.name()};")

        # Rows: connection; framing and its error below it; the legend and the size. Fewer rows
        # would be wider than the window's centre at 1024 px.
        top = QGridLayout()
        top.setHorizontalSpacing(6)
        top.setVerticalSpacing(2)
        top.addWidget(self.connection_caption, 0, 0)
        top.addWidget(self.connection_combo, 0, 1, 1, 3)
        top.addWidget(self.follow_button, 0, 4)
        top.addWidget(self.framing_caption, 1, 0)
        top.addWidget(self.framing_combo, 1, 1)
        top.addWidget(self.frame_status, 1, 2, 1, 3)
        top.addWidget(self.framing_combo.error_label, 2, 1, 1, 4)
        top.setColumnStretch(2, 1)
        legend = QHBoxLayout()
        for w in (self._swatches["sent"], self._swatches["received"], *self._frame_swatches):
            legend.addWidget(w)
        legend.addWidget(self.boundary_legend)
        legend.addWidget(self.frame_legend)
        legend.addStretch(1)
        legend.addWidget(self.size_label)
        left = QWidget(self)
        left_col = QVBoxLayout(left)
        left_col.setContentsMargins(0, 0, 0, 0)
        left_col.setSpacing(2)
        left_col.addWidget(self.view, 1)
        left_col.addWidget(self.find_bar)
        left_col.addWidget(self.goto_bar)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("hexSplitter")
        self.splitter.addWidget(left)
        # The inspector scrolls within itself rather than make the pane taller than the tab.
        inspector_scroll = QScrollArea(self)
        inspector_scroll.setObjectName("inspectorScroll")
        inspector_scroll.setWidgetResizable(True)
        inspector_scroll.setFrameShape(QFrame.Shape.NoFrame)
        inspector_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inspector_scroll.setWidget(self.inspector)
        self.inspector.setMinimumWidth(260)
        inspector_scroll.setMinimumWidth(self.inspector.minimumWidth())
        self.splitter.addWidget(inspector_scroll)
        # Side by side, the bytes keep their width and the inspector takes what is left.
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addLayout(legend)
        layout.addWidget(self.splitter, 1)

        self.follow_action = self._action(self.follow_stream, "Ctrl+T")
        self.find_action = self._action(self.find_bar.open, QKeySequence.StandardKey.Find)
        self.find_next_action = self._action(self.find_bar.find_next, "F3")
        self.find_previous_action = self._action(self.find_bar.find_previous, "Shift+F3")
        self.goto_action = self._action(self.goto_bar.open, "Ctrl+G")
        self.select_frame_action = self._action(lambda: self.view.select_frame_at(self.view.cursor_offset()))
        self.view.extra_actions = [
            self.select_frame_action,
            self.follow_action,
            self.find_action,
            self.goto_action,
        ]

        # Growing bytes repaint the view: at most 10 times a second under a flood.
        self._refresh_view = Throttle(self._refresh_now, 100, self)
        self._frames_grew = Throttle(self._on_frames_grown, 100, self)
        self.connection_combo.currentIndexChanged.connect(self._on_connection_chosen)
        self.view.selectionChanged.connect(self._on_selection)
        self.view.chunkActivated.connect(self.chunkActivated)
        self.view.frame_range = self._frame_range
        self.inspector.copy_hex_button.clicked.connect(self.view.copy_hex)
        self.inspector.copy_python_button.clicked.connect(self.view.copy_python)
        self.follow_button.clicked.connect(lambda _checked=False: self.follow_stream())
        self.frames.grown.connect(self._frames_grew)
        self.framing.changed.connect(self._on_framing_changed)
        self.retranslate()
        self._show_framing()

    def _action(self, slot: Any, shortcut: Any = None) -> QAction:
        action = QAction(self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    # -- texts --------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.connection_caption.setText(self.tr("Connection:"))
        self.connection_combo.setToolTip(self.tr("Which connection's bytes to show"))
        self.connection_combo.setPlaceholderText(self.tr("no connection yet"))
        self.follow_button.setText(self.tr("Follow stream"))
        self.follow_button.setToolTip(
            self.tr("This connection as a conversation, both directions in order (Ctrl+T)")
        )
        self.framing_caption.setText(self.tr("Frames:"))
        self._swatches["sent"].setText(" " + self.tr("sent") + " ")
        self._swatches["received"].setText(" " + self.tr("received") + " ")
        self._frame_swatches[0].setText(" " + self.tr("every other frame") + " ")
        self._frame_swatches[0].setToolTip(
            self.tr("Every other frame is a shade deeper, so neighbouring frames stand apart")
        )
        self.boundary_legend.setText(self.tr("▌ call start"))
        self.boundary_legend.setToolTip(self.tr("Where the bytes of each recv/send call begin"))
        self.frame_legend.setText(self.tr("▛ frame start"))
        self.frame_legend.setToolTip(self.tr("Where each frame of the chosen framing begins"))
        self.follow_action.setText(self.tr("Follow stream"))
        self.find_action.setText(self.tr("Find…"))
        self.find_next_action.setText(self.tr("Find next"))
        self.find_previous_action.setText(self.tr("Find previous"))
        self.goto_action.setText(self.tr("Go to offset…"))
        self.select_frame_action.setText(self.tr("Select this frame"))
        # The size label keeps one size: a label whose size changes re-lays out the whole
        # window on every setText (a few times a second while a connection grows).
        fm = self.size_label.fontMetrics()
        sample = self.tr("{n} bytes in {calls} calls").format(n=10**9, calls=10**6)
        self.size_label.setFixedSize(fm.horizontalAdvance(sample) + 8, fm.height() + 4)
        self.connections_model.relabel(set(self.connections_model.keys()))
        self._update_size()
        self._show_framing()

    # -- public API -----------------------------------------------------------
    def attach(self, feed: LogFeed) -> None:
        """Show the feed's session: what it delivered so far, then every new batch."""
        self._feed = feed
        feed.sessionChanged.connect(self.clear)
        feed.recordsAdded.connect(self.add_records)
        self.clear()
        if feed.delivered:
            self.add_records(0, feed.delivered)

    def set_framing_choice(self, choice: FramingChoice) -> None:
        """Share ``choice`` (the event table's) instead of the pane's own."""
        if choice is self.framing:
            return
        self.framing.changed.disconnect(self._on_framing_changed)
        self.framing = choice
        self.framing_combo.set_choice(choice)
        choice.changed.connect(self._on_framing_changed)
        self._on_framing_changed(choice.spec)

    def add_records(self, lo: int, hi: int) -> None:
        """Records up to ``hi`` are in the log: route their bytes to their connections (GUI thread).

        New connections join the chooser at once, with one insert; the view of
        the shown one catches up through the throttle. While the pane is hidden (another
        tab is shown) it only notes how far the log goes, and catches up when shown or asked.
        """
        self._pending = max(self._pending, hi)
        if not self.isVisible():
            return
        self._take_in(hi)

    def catch_up(self) -> None:
        """Take in every record delivered so far (the pane may be hidden and behind)."""
        if self._connections is not None and self._pending > self._connections.taken:
            self._take_in(self._pending)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.catch_up()

    def _take_in(self, hi: int) -> None:
        connections = self._connections
        if connections is None:
            return
        touched = connections.take_in(hi)
        if not touched:
            return
        self.connections_model.sync(connections.order)
        dgram = connections.dgram_sources
        if dgram:
            self._stale.update(k for k in touched if k[0] in dgram)  # per connection, not per event
        self.frames.streams_grew(touched)
        shown = self.view.stream
        if shown is None:
            self._show_row(0)
        elif self._stale or shown.key in touched:
            self._refresh_view()

    def flush(self) -> None:
        """Show what the records delivered so far hold now, not at the next throttled refresh."""
        self.catch_up()
        self._refresh_view.flush()
        self._refresh_now()

    def finish_framing(self) -> None:
        """Frame every connection asked for to its end now, and show it (tests, screenshots)."""
        self.flush()
        self.frames.finish()
        self._on_frames_grown()

    def show_connection(self, source: int, request: int = 0) -> bool:
        """Show the bytes of (source id, request id); False while that connection moved none.

        A client is (its source id, 0). For a datagram server any request id of
        a conversation shows that conversation.
        """
        key = self.connection_key(source, request)
        return key is not None and self.show_key(key)

    def connection_key(self, source: int, request: int = 0) -> ConnectionKey | None:
        """The key of the connection holding (source, request)'s bytes, or None if none moved yet."""
        self.catch_up()
        return None if self._connections is None else self._connections.key(source, request)

    def stream_for(self, source: int, request: int = 0) -> ConnectionStream | None:
        """The stream holding (source, request)'s bytes (a datagram request: its conversation)."""
        key = self.connection_key(source, request)
        return None if key is None or self._connections is None else self._connections.stream(key)

    def stream_of(self, key: ConnectionKey) -> ConnectionStream | None:
        self.catch_up()
        return None if self._connections is None else self._connections.stream(key)

    def connections(self) -> list[ConnectionKey]:
        """Every connection in the chooser, in order of first bytes."""
        self.catch_up()
        return self.connections_model.keys()

    def current_connection(self) -> ConnectionKey | None:
        self.catch_up()
        return self.connections_model.key(self.connection_combo.currentIndex())

    def connection_label(self, key: ConnectionKey) -> str:
        """The chooser's text for ``key`` ("server-1 #3 (127.0.0.1:50312)")."""
        row = self.connections_model.row_of(key)
        return self.connections_model.label(row) if row >= 0 else ""

    def key_of_record(self, record: int) -> ConnectionKey | None:
        """The connection data record ``record`` belongs to (None: not a data record)."""
        self.catch_up()
        found = None if self._connections is None else self._connections.chunk_of_record(record)
        return None if found is None else found[0]

    def select_record(self, record: int) -> bool:
        """Show the connection of data record ``record`` and select the bytes that call moved.

        A call that moved no bytes (recv's b"" at the end) puts the cursor where
        it happened. False if ``record`` is not a data record taken in yet.
        """
        self.catch_up()
        found = None if self._connections is None else self._connections.chunk_of_record(record)
        if found is None:
            return False
        key, chunk = found
        self.show_key(key)
        self.flush()  # the chunk may be newer than the view's last refresh
        self.view.select(chunk.offset, max(chunk.length, 1))
        return True

    def frames_of_record(self, record: int) -> tuple[FrameIndex, list[FrameInfo], FrameInfo | None] | None:
        """With a framing chosen: (that connection's frames, the frames record ``record``'s call
        ended, the frame its first byte is in), as far as framed; None without framing, for a
        record that moved no bytes, or while its call is not framed yet (framing goes on)."""
        self.catch_up()
        connections = self._connections
        if connections is None or not self.frames.spec or not 0 <= record < connections.taken:
            return None
        rec = connections.reader.record(record)
        if not rec[10] & fmt.F_DATA or not rec[2]:
            return None
        index = self.frames.frames(connections.index.key_for(rec[8], rec[3], rec[5]))
        if index is None:
            return None
        if not index.record_framed(record):
            index.advance(0.002)  # a little now; the rest in the background (FrameCache.grown)
            if not index.record_framed(record):
                return None
        return index, index.frames_of_record(record), index.frame_of_record(record)

    def follow_stream(self, key: ConnectionKey | None = None) -> None:
        """Ask for Follow stream of ``key`` (the shown connection when None)."""
        key = key if key is not None else self.current_connection()
        if key is not None:
            self.followRequested.emit(key)

    def clear(self) -> None:
        """Forget every connection (the feed shows another session, or a new live one).

        Records the feed delivers next are taken in from the session's first one.
        """
        self.view.set_stream(None)
        self.view.set_frames(None)
        self.connection_combo.blockSignals(True)
        self.connections_model.clear()
        self.connection_combo.blockSignals(False)
        reader = None if self._feed is None else self._feed.reader
        self._connections = None if reader is None else Connections(reader)
        self.frames.set_streams(None if self._connections is None else self._connections.index)
        self._pending = 0
        self._stale.clear()
        self.inspector.show_selection(None, None, 0, 0, 0)
        self._update_size()
        self._show_framing()

    # -- internals --------------------------------------------------------------
    def _label(self, key: ConnectionKey) -> str:
        """The chooser's text for a connection (made when its row is first shown)."""
        connections = self._connections
        assert connections is not None
        reader = connections.reader
        tables = reader.tables
        source, request, peer = key
        name = tables.source_name(source)
        stream = connections.index.streams[key]
        if tables.role(source) == "client":
            return name
        if source in connections.dgram_sources:
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

    def show_key(self, key: ConnectionKey) -> bool:
        """Show connection ``key``; False if the chooser does not have it (yet)."""
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
        connections = self._connections
        stream = None if key is None or connections is None else connections.stream(key)
        if stream is not self.view.stream:
            self.view.set_frames(None)
            self.view.set_stream(stream)
        self._show_framing()
        self._update_size()

    def _on_framing_changed(self, spec: str) -> None:
        self.frames.set_spec(spec)
        self._show_framing()

    def _show_framing(self) -> None:
        """Give the view the shown connection's frames under the chosen framing, and say how far they go."""
        stream = self.view.stream
        frames = None if stream is None else self.frames.frames(stream.key)
        if frames is not self.view.frames:
            self.view.set_frames(frames)
            self._on_selection(*self.view.selection())
        for w in (*self._frame_swatches, self.frame_legend):
            w.setVisible(frames is not None)
        self._update_frame_status()

    def _update_frame_status(self) -> None:
        frames = self.view.frames
        if frames is None:
            self.frame_status.setText("" if self.framing.spec else self.tr("grouped by socket call"))
            return
        if not frames.done:
            share = frames.scanned / max(frames.stream.total_bytes, 1)
            self.frame_status.setText(self.tr("framing… {percent}%").format(percent=int(share * 100)))
            return
        text = self.tr("{sent} frame(s) sent, {received} received").format(
            sent=frames.count("sent"), received=frames.count("received")
        )
        if frames.broken("sent") or frames.broken("received"):
            text += " · " + self.tr("framing stopped in one direction (see the inspector)")
        self.frame_status.setText(text)

    def _frame_range(self, end: int) -> None:
        """The view is about to paint up to ``end``: frame that far now if it is quick."""
        stream = self.view.stream
        if stream is not None:
            self.frames.framed_up_to(stream.key, end, budget=0.004)

    def _on_frames_grown(self) -> None:
        self._show_framing()
        self.view.viewport().update()
        if self.view.frames is not None:
            self._on_selection(*self.view.selection())

    def _refresh_now(self) -> None:
        if self._stale:
            # Datagram counts in the chooser: relabelled with the view, not per batch.
            self.connections_model.relabel(self._stale)
            self._stale.clear()
        self.view.refresh()
        self._update_size()

    def _on_selection(self, start: int, length: int) -> None:
        self.inspector.show_selection(
            self.view.stream, self.view.frames, start, length, self.view.cursor_offset()
        )

    def _update_size(self) -> None:
        stream = self.view.stream
        self.follow_button.setEnabled(stream is not None)
        self.follow_action.setEnabled(stream is not None)
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

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Side by side when both fit; narrower (1024 px, or scaled 2x), the inspector goes under
        # the bytes so the hex and ASCII columns are never cut.
        wide = event.size().width() >= self.view.sizeHint().width() + self.inspector.minimumWidth() + 12
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.splitter.orientation() != orientation:
            self.splitter.setOrientation(orientation)
            if wide:
                self.splitter.setSizes(
                    [
                        self.view.sizeHint().width(),
                        max(event.size().width() - self.view.sizeHint().width(), 260),
                    ]
                )
            else:
                half = event.size().height() // 2  # the inspector under the bytes gets as much room
                self.splitter.setSizes([max(half, 120), half])
        elif wide:
            sizes = self.splitter.sizes()
            need = self.view.sizeHint().width()
            if sizes and sizes[0] < need <= sum(sizes) - self.inspector.minimumWidth():
                self.splitter.setSizes([need, sum(sizes) - need])


def _swatch(tint: QColor, text: QColor, parent: QWidget) -> QLabel:
    swatch = QLabel(parent)
    swatch.setStyleSheet(
        f"background: {tint.name()}; color: {text.name()}; border: 1px solid {text.name()}; border-radius: 3px;"
    )
    return swatch


def _fmt_peer(peer: Any) -> str:
    return format_address(peer) if peer else ""  # the callers word an unnamed peer themselves

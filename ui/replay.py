"""Replay of a saved session: a feed that delivers records [0, position), and the bar that moves it.

Every pane already shows what its feed delivered and clears on ``sessionChanged``, so replay
needs no pane of its own: ``ReplayFeed.seek(p)`` delivers the records between the old and the
new position when moving forward, and when moving back starts the panes over
(``sessionChanged``) and delivers [0, p) in one batch. The event table then ends at the
position, the timeline's bars end at its time (a saved session's "now" is its last record
delivered), and the hex view holds the bytes moved up to it. Log lines follow by their time.

Signals (ReplayFeed, besides LogFeed's):
    positionChanged(int): the records delivered now are [0, position).
Signals (ReplayBar):
    aboutToMove(): the position is about to move (the panes still show the old one).
    moved(int): the user moved the position (a step, the slider, Play); the new position.

``ReplayFollower`` points the window's panes at the position after each move: the newest row
of the event table is selected (so the Explain pane explains it), and the hex view shows the
bytes of that call, or else the connection it showed before the move.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSlider, QStyle, QToolButton, QWidget

from ui.logfeed import MAX_BATCH, LogFeed
from workbench.events import KINDS, Kind
from workbench.session.format import PHASE_MASK

if TYPE_CHECKING:
    from ui.mainwindow import MainWindow
    from workbench.session.reader import SessionReader

#: Events per second Play moves through, the choices of the speed box.
SPEEDS: tuple[int, ...] = (1, 4, 16, 64, 256, 1024, 16384)
DEFAULT_SPEED = 4
#: Play's tick (ms): one batch per painted frame at most.
PLAY_TICK_MS = 33
_PHASES = ("", "enter", "exit")


class ReplayFeed(LogFeed):
    """A LogFeed over a saved session that delivers its records only up to a position.

    It opens at the end (every record, as a plain read-only window shows them); ``seek()``
    moves the position. A position past what was delivered so far is delivered at once, in
    one batch. All methods run on the GUI thread.
    """

    positionChanged = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.position: int | None = None  # None: the end, whatever the count
        self._log_times: list[int] = []

    def open(self, path: str, live: bool = False) -> None:
        self.position = None
        super().open(path, live=False)  # a replay is never live: the file does not grow
        reader = self.reader
        self._log_times = [] if reader is None else [line.ts_ns for line in reader.tables.logs]

    @property
    def count(self) -> int:
        """The records the session holds (the slider's range)."""
        return 0 if self.reader is None else self.reader.count

    def _limit(self) -> int:
        return self.count if self.position is None else min(self.position, self.count)

    def read_now(self) -> None:
        """Deliver what is missing up to the position (slices of MAX_BATCH, like LogFeed)."""
        reader = self.reader
        if reader is None:
            return
        self._last = time.perf_counter()
        limit = self._limit()
        if limit > self.delivered:
            lo = self.delivered
            hi = min(limit, lo + MAX_BATCH)
            self.delivered = hi
            self._deliver_logs(reader, hi)
            self.recordsAdded.emit(lo, hi)
            if hi < limit:
                self.poke()
        else:
            self._deliver_logs(reader, self.delivered)

    def seek(self, position: int) -> int:
        """Show the session up to record ``position`` (clamped to [0, count]); returns it."""
        reader = self.reader
        if reader is None:
            return 0
        position = max(0, min(int(position), reader.count))
        self._timer.stop()  # a slice still due from open() is delivered here, or not at all
        self.position = position
        if position < self.delivered:
            self.delivered = 0
            self._logs = 0
            self.sessionChanged.emit()  # every pane starts over...
        if position > self.delivered:
            lo, self.delivered = self.delivered, position
            self._deliver_logs(reader, position)
            self.recordsAdded.emit(lo, position)  # ...and takes [0, position) in one batch
        else:
            self._deliver_logs(reader, position)
        self.positionChanged.emit(position)
        return position

    def _deliver_logs(self, reader: SessionReader, position: int) -> None:
        """Log lines written up to the time of the last record delivered."""
        logs = reader.tables.logs
        if position >= reader.count:
            wanted = len(logs)
        elif position == 0:
            wanted = 0
        else:
            if len(self._log_times) != len(logs):
                self._log_times = [line.ts_ns for line in logs]
            wanted = bisect_right(self._log_times, reader.record(position - 1)[0])
        if wanted > self._logs:
            lo, self._logs = self._logs, wanted
            self.logsAdded.emit(lo, wanted)


class ReplayBar(QWidget):
    """Step back / Play / Step forward, a slider over the records, the speed, and where it is."""

    aboutToMove = Signal()
    moved = Signal(int)

    def __init__(self, feed: ReplayFeed, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("replayBar")
        self.feed = feed
        icon = QStyle.StandardPixmap
        self.to_start = self._button("replayStart", icon.SP_MediaSkipBackward)
        self.step_back = self._button("replayBack", icon.SP_MediaSeekBackward)
        self.play = self._button("replayPlay", icon.SP_MediaPlay)
        self.play.setCheckable(True)
        self.step_forward = self._button("replayForward", icon.SP_MediaSeekForward)
        self.to_end = self._button("replayEnd", icon.SP_MediaSkipForward)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setObjectName("replaySlider")
        self.slider.setTracking(False)  # a drag moves the panes once, where it is let go
        self.speed = QComboBox(self)
        self.speed.setObjectName("replaySpeed")
        for value in SPEEDS:
            self.speed.addItem("", value)
        self.speed.setCurrentIndex(SPEEDS.index(DEFAULT_SPEED))
        self.position_label = QLabel(self)
        self.position_label.setObjectName("replayPosition")
        self.position_label.setTextFormat(Qt.TextFormat.PlainText)
        self.position_label.setMinimumWidth(self.position_label.fontMetrics().horizontalAdvance("0" * 44))
        self.caption = QLabel(self)

        row = QHBoxLayout(self)
        row.setContentsMargins(8, 3, 8, 3)
        row.setSpacing(4)
        row.addWidget(self.caption)
        for button in (self.to_start, self.step_back, self.play, self.step_forward, self.to_end):
            row.addWidget(button)
        row.addWidget(self.slider, 1)
        row.addWidget(self.speed)
        row.addWidget(self.position_label)

        self._timer = QTimer(self)
        self._timer.setInterval(PLAY_TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._played_from = 0.0
        self._carry = 0.0

        self.to_start.clicked.connect(lambda: self.go(0))
        self.step_back.clicked.connect(lambda: self.step(-1))
        self.step_forward.clicked.connect(lambda: self.step(1))
        self.to_end.clicked.connect(lambda: self.go(self.feed.count))
        self.play.toggled.connect(self._on_play_toggled)
        self.slider.valueChanged.connect(self._on_slider)
        for keys, delta in (("Alt+Left", -1), ("Alt+Right", 1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda d=delta: self.step(d))
        feed.positionChanged.connect(self._show_position)
        feed.recordsAdded.connect(self._on_records)
        self.retranslate()

    def _button(self, name: str, icon: QStyle.StandardPixmap) -> QToolButton:
        # the style's media icons: the ⏮ ⏭ glyphs are missing from many fonts
        button = QToolButton(self)
        button.setObjectName(name)
        button.setIcon(self.style().standardIcon(icon))
        button.setAutoRaise(True)
        return button

    # -- moving ---------------------------------------------------------------------------------
    @property
    def position(self) -> int:
        return self.feed.delivered if self.feed.position is None else self.feed.position

    def go(self, position: int) -> int:
        """Move to ``position`` (all panes follow); returns where it is now."""
        if self.feed.reader is None:
            return 0
        self.aboutToMove.emit()
        new = self.feed.seek(position)
        self.moved.emit(new)
        return new

    def step(self, delta: int) -> int:
        self.play.setChecked(False)
        return self.go(self.position + delta)

    @Slot(bool)
    def _on_play_toggled(self, playing: bool) -> None:
        pixmap = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play.setIcon(self.style().standardIcon(pixmap))
        self.play.setToolTip(self.tr("Pause") if playing else self.tr("Play from here"))
        if playing:
            if self.position >= self.feed.count:
                self.go(0)  # Play at the end starts over
            self._played_from = time.perf_counter()
            self._carry = 0.0
            self._timer.start()
        else:
            self._timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self._carry += (now - self._played_from) * int(self.speed.currentData())
        self._played_from = now
        step = int(self._carry)
        if step <= 0:
            return
        self._carry -= step
        new = self.go(self.position + step)
        if new >= self.feed.count:
            self.play.setChecked(False)

    @Slot(int)
    def _on_slider(self, value: int) -> None:
        if value != self.position:
            self.go(value)

    # -- showing where it is --------------------------------------------------------------------
    @Slot(int, int)
    def _on_records(self, _lo: int, hi: int) -> None:
        if self.feed.position is None:  # opening: the slices of the whole session come in
            self._show_position(hi)

    @Slot(int)
    def _show_position(self, position: int) -> None:
        count = self.feed.count
        self.slider.blockSignals(True)
        self.slider.setRange(0, count)
        self.slider.setValue(position)
        self.slider.blockSignals(False)
        self.step_back.setEnabled(position > 0)
        self.to_start.setEnabled(position > 0)
        self.step_forward.setEnabled(position < count)
        self.to_end.setEnabled(position < count)
        self.position_label.setText(self.describe(position))

    def describe(self, position: int) -> str:
        """``event 12 of 40 · +0.250 s · verify_request exit``: where the replay is."""
        reader = self.feed.reader
        count = self.feed.count
        if reader is None or position <= 0:
            return self.tr("event {n} of {count}").format(n=0, count=count)
        ts, *_rest, kind, flags = reader.record(position - 1)
        try:
            name = KINDS[Kind(kind)].name
        except ValueError:
            name = f"kind {kind}"
        phase = _PHASES[flags & PHASE_MASK] if (flags & PHASE_MASK) < len(_PHASES) else ""
        since = (ts - reader.header.created_ns) / 1e9
        where = self.tr("event {n} of {count}").format(n=position, count=count)
        return f"{where} · +{since:.3f} s · {name} {phase}".rstrip()

    # -- texts ----------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.caption.setText(self.tr("Replay"))
        self.to_start.setToolTip(self.tr("Back to the start: no event yet"))
        self.step_back.setToolTip(self.tr("Step back one event (Alt+Left)"))
        self.step_forward.setToolTip(self.tr("Step forward one event (Alt+Right)"))
        self.to_end.setToolTip(self.tr("To the end: every event"))
        self.play.setToolTip(self.tr("Pause") if self.play.isChecked() else self.tr("Play from here"))
        self.slider.setToolTip(self.tr("Where the replay is: every pane shows the session up to here"))
        self.speed.setToolTip(self.tr("How fast Play moves through the events"))
        for index, value in enumerate(SPEEDS):
            self.speed.setItemText(index, self.tr("{n} events/s").format(n=value))
        self._show_position(self.position)


class ReplayFollower(QObject):
    """Keeps a read-only window's panes pointed at the replay's position (see the module doc)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._shown: tuple[int, int, int] | None = None  # the hex view's connection before a move
        window.replay_bar.aboutToMove.connect(self._remember)
        window.replay_bar.moved.connect(self._follow)

    @Slot()
    def _remember(self) -> None:
        from ui.hex_pane import HexPane

        hex_pane = self.window.hex_pane
        self._shown = hex_pane.current_connection() if isinstance(hex_pane, HexPane) else None

    @Slot(int)
    def _follow(self, position: int) -> None:
        window = self.window
        events = window.events_pane
        if hasattr(events, "flush"):
            events.flush()  # the rows up to here, now, not at the next throttled update
            view = events.view  # type: ignore[attr-defined]
            rows = view.model().rowCount()
            if rows:
                view.selectRow(rows - 1)  # the newest: the event at the position
            else:
                window.explain_pane.clear()  # nothing has happened yet: nothing to explain
        from ui.hex_pane import HexPane

        hex_pane = window.hex_pane
        if not isinstance(hex_pane, HexPane):
            return  # a build without the hex view
        hex_pane.flush()
        if position > 0 and hex_pane.select_record(position - 1):
            return  # a call that moved bytes: those bytes, selected
        shown = self._shown
        row = -1 if shown is None else hex_pane.connections_model.row_of(shown)
        if row >= 0 and hex_pane.current_connection() != shown:
            hex_pane.connection_combo.setCurrentIndex(row)

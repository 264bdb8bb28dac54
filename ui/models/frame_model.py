"""Frames on screen: the framing the user chose (FramingChoice) and each connection's frames under it (FrameCache).

The framing vocabulary is workbench.framing's ("line", "length:u16be", "fixed:8", ...);
"" means no framing: bytes are grouped by socket call. One FramingChoice is shared by the
panes that show frames (the hex pane, the event table, Follow stream), so choosing a framing
in one shows it in all. A FrameCache keeps a workbench.session.frames.FrameIndex per
connection and frames them a few milliseconds per timer tick, so a 100 MB connection is
framed while the window keeps painting.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from ui.settings import load_text, save_text
from workbench.framing import Framer, FramingError
from workbench.session.frames import FrameIndex, is_datagram
from workbench.session.streams import ConnectionKey, StreamIndex

SETTINGS_KEY = "view/framing"
#: Framings offered in the choosers (any other spec can be typed where the chooser is editable).
PRESETS = (
    "line",
    "delimiter:\\r\\n",
    "delimiter:\\x00",
    "length:u8",
    "length:u16be",
    "length:u16le",
    "length:u32be",
    "length:u32le",
    "fixed:8",
    "raw",
)
#: GUI-thread time one tick of a FrameCache may spend framing, and the pause between ticks.
TICK_BUDGET = 0.008
TICK_INTERVAL_MS = 8


def framing_label(spec: str) -> str:
    """How a chooser shows a framing: the spec itself (as the rules file and the CLI spell it)."""
    if not spec:
        return QCoreApplication.translate("FramingChoice", "by call (recv/send)")
    return spec


class FramingChoice(QObject):
    """The framing the user chose ("" = by call), remembered between runs.

    Signals:
        changed(str): another framing was chosen (the new spec, canonical; "" for none).
    """

    changed = Signal(str)

    def __init__(self, parent: QObject | None = None, *, remember: bool = True) -> None:
        super().__init__(parent)
        self._remember = remember
        stored = load_text(SETTINGS_KEY) if remember else ""
        try:
            self._spec = Framer.parse(stored).spec if stored else ""
        except FramingError:
            self._spec = ""  # a settings file is data: a spec that means nothing is dropped

    @property
    def spec(self) -> str:
        return self._spec

    def set_spec(self, spec: str) -> str:
        """Choose ``spec`` ("" for none); FramingError (with its message) when it means nothing."""
        spec = spec.strip()
        canonical = Framer.parse(spec).spec if spec else ""
        if canonical != self._spec:
            self._spec = canonical
            if self._remember:
                save_text(SETTINGS_KEY, canonical)
            self.changed.emit(canonical)
        return canonical


class FrameCache(QObject):
    """A FrameIndex per connection of a StreamIndex under one framing, framed in the background.

    ``frames(key)`` gives the connection's index (None with no framing), started on first
    use; each tick advances the indexes asked for that are behind their streams.

    Signals:
        grown(): some connection has more frames (at most once a tick): repaint what shows them.
    """

    grown = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._streams: StreamIndex | None = None
        self._spec = ""
        self._indexes: dict[ConnectionKey, FrameIndex] = {}
        self._behind: dict[ConnectionKey, None] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TICK_INTERVAL_MS)
        self._timer.timeout.connect(self._tick)

    @property
    def spec(self) -> str:
        return self._spec

    def set_streams(self, streams: StreamIndex | None) -> None:
        """Frame the connections of ``streams`` (another session: every index goes)."""
        self._streams = streams
        self._reset()

    def set_spec(self, spec: str) -> None:
        if spec != self._spec:
            self._spec = spec
            self._reset()

    def _reset(self) -> None:
        self._indexes.clear()
        self._behind.clear()
        self._timer.stop()
        self.grown.emit()

    def frames(self, key: ConnectionKey) -> FrameIndex | None:
        """The frames of connection ``key`` found so far (more come with ``grown``); None without framing."""
        if not self._spec or self._streams is None:
            return None
        index = self._indexes.get(key)
        if index is None:
            stream = self._streams.streams.get(key)
            if stream is None:
                return None
            index = FrameIndex(stream, self._spec, datagrams=is_datagram(self._streams.reader, key))
            self._indexes[key] = index
        if not index.done:
            self._schedule(key)
        return index

    def streams_grew(self, keys: Any) -> None:
        """Connections ``keys`` took in bytes: frame them too (only those framed before)."""
        for key in keys:
            if key in self._indexes:
                self._schedule(key)

    def framed_up_to(self, key: ConnectionKey, offset: int, budget: float = 0.03) -> FrameIndex | None:
        """The connection's frames, framed past ``offset`` now if that takes under ``budget``."""
        index = self.frames(key)
        if index is not None and index.scanned <= offset:
            index.advance_to(offset, budget)
        return index

    @property
    def busy(self) -> bool:
        """True while some connection asked for is not framed to its end."""
        return bool(self._behind)

    def finish(self) -> None:
        """Frame everything asked for now (tests, a window about to be grabbed)."""
        while self._behind:
            self._tick(budget=1.0)

    def _schedule(self, key: ConnectionKey) -> None:
        self._behind[key] = None
        if not self._timer.isActive():
            self._timer.start()

    def _tick(self, budget: float = TICK_BUDGET) -> None:
        deadline = time.perf_counter() + budget
        grew = False
        for key in list(self._behind):
            index = self._indexes.get(key)
            if index is None or index.advance(max(deadline - time.perf_counter(), 0.0)):
                self._behind.pop(key, None)
            grew = True
            if time.perf_counter() >= deadline:
                break
        if grew:
            self.grown.emit()
        if self._behind:
            self._timer.start()

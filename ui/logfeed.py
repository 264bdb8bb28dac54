"""LogFeed: the window's one reader of the session log; one signal per batch of new records.

The host commits to the log every few milliseconds and says so (HostLink.committed); the
feed reads what is new at most once per tick (16 ms) and tells every pane the new record
range with one signal. Panes read the records themselves, through ``feed.reader``: no Python
object per event crosses between them. A saved session opens the same way, read-only, in
slices so the first frame is painted before the whole file is taken in. All methods run on
the GUI thread.

Signals:
    sessionChanged(): another session is shown now (or the live one restarted): clear.
    recordsAdded(int, int): records [lo, hi) are new; reader.count == hi.
    logsAdded(int, int): reader.tables.logs[lo:hi] are new log lines.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QObject, QTimer, Signal

from workbench.session.reader import SessionReader


def _tame_malloc() -> None:
    """glibc: large blocks from mmap (returned to the system when freed), not the heap.

    Each batch makes numpy temporaries of hundreds of KiB; glibc's mmap threshold rises as
    such blocks are freed, after which they come from the heap and fragment it: a 4 M event
    flood left ~18 MiB of freed heap the process kept. A fixed 256 KiB threshold stops that.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        m_trim_threshold, m_mmap_threshold = -1, -3
        libc.mallopt(m_mmap_threshold, 256 << 10)
        libc.mallopt(m_trim_threshold, 1 << 20)
    except (OSError, AttributeError):  # not glibc
        pass


#: Milliseconds between reads while records keep coming: one batch per painted frame.
TICK_MS = 16
#: Records handed to the panes in one signal at most (a saved session comes in slices).
MAX_BATCH = 1 << 21


class LogFeed(QObject):
    sessionChanged = Signal()
    recordsAdded = Signal(int, int)
    logsAdded = Signal(int, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        _tame_malloc()
        self.reader: SessionReader | None = None
        self.path: str | None = None
        self.live = False
        self.delivered = 0  # records handed to the panes
        self._logs = 0
        self._last = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.read_now)

    def open(self, path: str, live: bool) -> None:
        """Show the session at ``path`` (live: the host is writing it)."""
        self.close()
        self.reader = SessionReader(path)
        self.path = path
        self.live = live
        self.delivered = 0
        self._logs = 0
        self.sessionChanged.emit()
        self.poke()

    def close(self) -> None:
        self._timer.stop()
        if self.reader is not None:
            # The panes let go of what they show first: a widget still alive after its
            # window closed (a combo's popup, a pending deleteLater) must find nothing to read.
            self.delivered = 0
            self.sessionChanged.emit()
            self.reader.close()
            self.reader = None
            self.path = None

    def poke(self, _count: int = 0) -> None:
        """New records may be there: read them on the next tick (coalesced)."""
        if self.reader is None or self._timer.isActive():
            return
        wait = TICK_MS - (time.perf_counter() - self._last) * 1000
        self._timer.start(max(0, int(wait)))

    def read_now(self) -> None:
        """Take in what the host committed and hand it to the panes (a slice at most)."""
        reader = self.reader
        if reader is None:
            return
        self._last = time.perf_counter()
        reader.refresh()
        if len(reader.tables.logs) > self._logs:
            lo, self._logs = self._logs, len(reader.tables.logs)
            self.logsAdded.emit(lo, self._logs)
        if reader.count > self.delivered:
            lo = self.delivered
            hi = min(reader.count, lo + MAX_BATCH)
            self.delivered = hi
            self.recordsAdded.emit(lo, hi)
            if hi < reader.count:
                self.poke()  # the rest on the next tick, after a paint

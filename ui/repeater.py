"""Repeater: one send made N times, or every T ms until stopped, on a QTimer (the window never blocks)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from PySide6.QtCore import QObject, QTimer, Signal


class Repeater(QObject):
    """Sends the same bytes N times or until stopped, one after another, paced by a QTimer.

    ``send`` is a coroutine function that makes one send and says whether it worked (the
    pane shows why not); Repeater awaits it on the qasync loop, so the window never blocks,
    and starts the next one ``interval_ms`` after the last one started (at once if the send
    took longer). A failed send ends the run.

    Signals:
        progress(int, object): sends done so far and the total (None: until stopped).
        finished(int, str): sends done, and why it ended ("done", "stopped", "failed").
    """

    progress = Signal(int, object)
    finished = Signal(int, str)

    def __init__(
        self,
        send: Callable[[], Awaitable[bool]],
        total: int | None,
        interval_ms: int,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._send = send
        self.total = total
        self.interval_ms = interval_ms
        self.done = 0
        self.running = False
        self._stop = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._next)
        self._started = 0.0

    def start(self) -> None:
        self.running = True
        self._next()

    def stop(self) -> None:
        """No more sends after the one under way (if any)."""
        self._stop = True
        if self._timer.isActive():
            self._timer.stop()
            self._end("stopped")

    def _next(self) -> None:
        from ui.server_pane import run_action

        if self._stop:
            self._end("stopped")
            return
        self._started = time.monotonic()
        run_action(self._one())

    async def _one(self) -> None:
        try:
            ok = await self._send()
        except BaseException:
            self._end("failed")
            raise
        if not ok:
            self._end("failed")
            return
        self.done += 1
        self.progress.emit(self.done, self.total)
        if self.total is not None and self.done >= self.total:
            self._end("done")
        elif self._stop:
            self._end("stopped")
        else:
            spent = int((time.monotonic() - self._started) * 1000)
            self._timer.start(max(0, self.interval_ms - spent))

    def _end(self, why: str) -> None:
        if self.running:
            self.running = False
            self._timer.stop()
            self.finished.emit(self.done, why)

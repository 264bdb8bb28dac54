"""Throttle: coalesce a pane's refreshes to a few a second, panes taking turns on the GUI thread."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QObject, QTimer

#: Seconds kept between two throttled refreshes of any panes (see claim_refresh_slot).
REFRESH_SPACING = 0.03
_last_refresh = -1e9


def claim_refresh_slot() -> float:
    """0.0 and the slot is yours, or the seconds to wait before asking again (GUI thread).

    Qt paints every widget marked dirty in one go, so panes that refresh on
    the same turn of the event loop add up: the event table, timeline and hex
    view together held the GUI thread 10-25 ms under a flood. Throttled
    refreshes therefore take turns, at least REFRESH_SPACING apart; with three
    panes at ten refreshes a second each still gets all of its turns.
    """
    global _last_refresh
    now = time.perf_counter()
    wait = _last_refresh + REFRESH_SPACING - now
    if wait > 0:
        return wait
    _last_refresh = now
    return 0.0


class Throttle(QObject):
    """Calls ``func`` at most once per ``interval`` ms: at once if it has been quiet, else at the end of the wait.

    The panes repaint through this (qutebrowser's throttle idea): under a flood
    a repaint per batch would eat the GUI thread, and nobody reads faster than
    ten updates a second anyway. Calls in between coalesce into one, and calls
    of different throttles take turns (claim_refresh_slot). ``flush()`` runs a
    pending call at once, whoever's turn it is.
    """

    def __init__(self, func: Any, interval: int, parent: QObject | None = None, *, take_turns: bool = True) -> None:
        super().__init__(parent)
        self._func = func
        self._interval = interval
        self._take_turns = take_turns  # False: never wait for another pane's turn (the event table)
        self._last = -1e9
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer)
        self._armed = False  # the timer runs; tracked in Python (each call into Qt costs)

    def __call__(self) -> None:
        if self._armed:
            return
        wait = self._interval / 1000 - (time.perf_counter() - self._last)
        if wait <= 0:
            self._on_timer()
        else:
            self._arm(wait)

    def flush(self) -> None:
        """Run a pending call now."""
        if self._armed:
            self._timer.stop()
            self._fire()

    def _arm(self, wait: float) -> None:
        self._armed = True
        self._timer.start(max(1, round(wait * 1000)))

    def _on_timer(self) -> None:
        wait = claim_refresh_slot() if self._take_turns else 0.0
        if wait > 0:
            self._arm(wait)  # another pane refreshed just now: next turn
        else:
            self._fire()

    def _fire(self) -> None:
        self._armed = False
        self._last = time.perf_counter()
        self._func()

"""The one door from engine threads into the GUI: a locked buffer drained on the GUI thread in batches."""

from __future__ import annotations

import gc
import sys
import threading
import time
import warnings
import weakref
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal

from workbench.events import EventSink

#: A producer that posts in a tight loop (a flood) holds the GIL; every time the GUI
#: thread crosses from Qt into Python it then waits up to sys.getswitchinterval()
#: (5 ms) for it, and a drain crosses many times. So every 1024 items still
#: waiting, post() sleeps(0): the GIL goes to the GUI thread if it is waiting.
#: Nothing is dropped; a flooding producer is merely slowed a little.
_YIELD_MASK = 1023
#: While the GUI thread paints (see gui_busy), or while more than _LAG_LIMIT items wait for
#: it, producers pause at every 32nd item, for at most _BUSY_WAIT seconds each time.
_BUSY_YIELD_MASK = 31
_BUSY_WAIT = 0.005
#: About 10 ms of events at 200,000 a second: how far the window may fall behind a flood
#: before the threads feeding it wait for it (and how much a flood may hold in memory:
#: 128 MiB of 64 KiB chunks at most).
_LAG_LIMIT = 2048
#: Upper bound on one batchReady: what the panes handle in a few ms.
_MAX_SLICE = 8192


_busy_depth = 0
_gui_idle = threading.Event()
_gui_idle.set()


class gui_busy:  # lower case: used like a function, ``with gui_busy():``
    """Marks a paint on the GUI thread, during which producers pause at every 32nd post.

    A paint makes dozens of calls into Qt and each releases the GIL; while a
    flooding server thread holds it, every return waits up to the switch
    interval, and a 3 ms paint took 15-60 ms. A sleep(0) does not help: it
    hands the GIL over only if the GUI thread already asked for it. So inside
    this block a thread other than the GUI's that posts its 32nd item waits
    until the block ends (at most _BUSY_WAIT): the paint runs with the GIL to
    itself. Nothing is dropped; a flooding server is slowed for the few ms a
    paint takes, ten times a second per pane.
    """

    __slots__ = ()

    def __enter__(self) -> None:
        global _busy_depth
        _busy_depth += 1
        if _busy_depth == 1:
            _gui_idle.clear()

    def __exit__(self, *exc: object) -> None:
        global _busy_depth
        _busy_depth -= 1
        if not _busy_depth:
            _gui_idle.set()


class BatchSignal:
    """``batchReady``: connect/disconnect/emit like a Qt signal, but receivers are called from Python.

    PySide releases the GIL on every call into Qt, and a Qt signal calls each
    Python receiver through C++, taking the GIL again each time. While a server
    thread is busy in Python every such hand-over waits for it (up to the
    interpreter's switch interval), so one emit to five panes cost milliseconds
    under a flood. Batches are only ever emitted on the GUI thread, so the
    receivers are called here directly, in connection order, as Qt would.

    Like a Qt connection, a bound method does not keep its object alive, and
    a receiver whose QObject was deleted is dropped; an exception in one
    receiver goes to ``sys.excepthook`` and the others still get the batch.
    """

    __slots__ = ("_receivers",)

    def __init__(self) -> None:
        self._receivers: list[tuple[Callable[[], Any], Any]] = []  # (deref, the slot or a ref)

    def connect(self, slot: Callable[[list[Any]], Any]) -> bool:
        if getattr(slot, "__self__", None) is not None and hasattr(slot, "__func__"):
            ref = weakref.WeakMethod(slot)
            self._receivers.append((ref, ref))
        else:
            strong: Callable[[], Any] = lambda: slot  # noqa: E731 - same shape as a weakref
            self._receivers.append((strong, slot))
        return True

    def disconnect(self, slot: Callable[[list[Any]], Any] | None = None) -> bool:
        """Remove one connection of ``slot`` (None: all); False with a warning if not connected."""
        if slot is None:
            self._receivers.clear()
            return True
        for i, (deref, _ref) in enumerate(self._receivers):
            if deref() == slot:
                del self._receivers[i]
                return True
        warnings.warn(f"Failed to disconnect ({slot!r}) from batchReady", RuntimeWarning, stacklevel=2)
        return False

    def receiver_count(self) -> int:
        return len(self._receivers)

    def emit(self, batch: list[Any]) -> None:
        dead = False
        for deref, _ref in list(self._receivers):
            slot = deref()
            owner = getattr(slot, "__self__", None)
            if slot is None or (isinstance(owner, QObject) and not shiboken6.isValid(owner)):
                dead = True
                continue
            try:
                slot(batch)
            except Exception:
                sys.excepthook(*sys.exc_info())
        if dead:
            self._receivers = [
                (d, r)
                for d, r in self._receivers
                if (slot := d()) is not None
                and not (
                    isinstance(o := getattr(slot, "__self__", None), QObject) and not shiboken6.isValid(o)
                )
            ]


class BatchBridge(QObject):
    """Collects items posted from any thread and delivers them on the GUI thread in batches.

    The shape is Anki's ``aqt/taskman.py``: ``post()`` appends to a lock-protected
    list and, only when that list goes from empty to non-empty, emits one
    argument-less queued signal. The GUI thread then takes the whole list at
    once. A signal per item costs about 12 us of the producer's time and floods
    the event queue; this costs a lock and an append.

    Delivery is time-sliced so a burst of a million items never freezes the
    window: each wake-up hands out slices of the backlog until ``slice_budget``
    seconds of GUI time are spent, then yields to the event loop (timers,
    painting, input) and continues on the next iteration. Items that arrive
    meanwhile join the backlog, so consumers see few, large batches. Nothing is
    ever dropped and the order of ``post()`` calls is kept.

    The buffer is bounded in time rather than size: once more than _LAG_LIMIT
    items wait, a producer other than the GUI thread waits at every 32nd post
    (5 ms at most) until the window has caught up to half of that. A flood the
    window cannot show as fast as it comes is slowed to the window's pace,
    which keeps both the delay and the memory held in flight small.

    Signals:
        batchReady(list): a batch of posted items, oldest first, emitted on the
            thread this object lives in (the GUI thread). A BatchSignal: it
            connects and disconnects like a Qt signal but calls its receivers
            from Python (see BatchSignal for why).
    """

    _wake = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        slice_budget: float = 0.004,
        min_interval: float = 0.004,
    ) -> None:
        super().__init__(parent)
        self.batchReady = BatchSignal()
        self._lock = threading.Lock()
        self._pending: list[Any] = []
        self._scheduled = False
        # GUI thread only: items taken from _pending but not handed out yet.
        self._backlog: list[Any] = []
        self._backlog_pos = 0
        # Set while fewer than _LAG_LIMIT items wait; producers other than the GUI thread
        # (made here) wait on it, briefly, when more do.
        self._room = threading.Event()
        self._room.set()
        self._gui_thread = threading.get_ident()
        self._slice_budget = slice_budget
        # Waiting a few ms before a follow-up delivery makes batches larger under a
        # sustained stream without adding visible latency.
        self._min_interval = min_interval
        self._last_delivery = 0.0
        self._slice_items = 512
        self._delivered = 0
        self._batches = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer)
        # Whether _timer is running, kept in Python: every call into Qt (isActive()) costs a
        # GIL round trip, which under a flood waits for the server thread.
        self._armed = False
        # Queued even when post() runs on the GUI thread (asyncio client calls via
        # qasync): the engine call must never re-enter the panes.
        self._wake.connect(self._on_wake, Qt.ConnectionType.QueuedConnection)

    # -- any thread ---------------------------------------------------------
    def post(self, item: Any) -> None:
        """Queue ``item`` for delivery; safe and cheap from any thread."""
        with self._lock:
            pending = self._pending
            pending.append(item)
            if self._scheduled:
                waiting = len(pending)
                if waiting & _BUSY_YIELD_MASK:
                    return
                # Unlocked read of GUI-thread state: an estimate is all this needs.
                behind = waiting + len(self._backlog) - self._backlog_pos
                producer = threading.get_ident() != self._gui_thread  # never wait for ourselves
                if producer and behind > _LAG_LIMIT:
                    wait_for_gui = self._room  # the window is behind: bounded lag, bounded memory
                    wait_for_gui.clear()
                elif producer and _busy_depth:
                    wait_for_gui = _gui_idle  # the GUI thread paints: let it have the GIL
                elif not waiting & _YIELD_MASK:
                    wait_for_gui = None  # sleep(0), see _YIELD_MASK
                else:
                    return
                yield_gil = True
            else:
                self._scheduled = True
                yield_gil = False
        if yield_gil:
            if wait_for_gui is None:
                time.sleep(0)
            else:
                wait_for_gui.wait(_BUSY_WAIT)
        else:
            self._wake_gui()

    def post_many(self, items: list[Any]) -> None:
        """Queue several items at once, keeping their order."""
        if not items:
            return
        with self._lock:
            self._pending.extend(items)
            if self._scheduled:
                return
            self._scheduled = True
        self._wake_gui()

    def _wake_gui(self) -> None:
        try:
            self._wake.emit()
        except RuntimeError:
            # The window (and this object's C++ half) is gone while a server thread still
            # reports: nobody is left to show the event, and the server must not die of it.
            pass

    def pending_count(self) -> int:
        """Items posted but not yet delivered (approximate while producers run)."""
        with self._lock:
            waiting = len(self._pending)
        return waiting + len(self._backlog) - self._backlog_pos

    @property
    def delivered_count(self) -> int:
        """Items delivered through batchReady so far."""
        return self._delivered

    @property
    def batch_count(self) -> int:
        """How many batchReady emissions there were so far."""
        return self._batches

    # -- GUI thread ---------------------------------------------------------
    def flush(self) -> None:
        """Deliver everything posted so far, now, ignoring the time budget (GUI thread)."""
        if self._armed:
            self._timer.stop()
            self._armed = False
        self._take_pending()
        if self._backlog_pos < len(self._backlog):
            rest = self._backlog[self._backlog_pos :]
            self._backlog = []
            self._backlog_pos = 0
            self._emit(rest)
        self._make_room()

    def _on_wake(self) -> None:
        if self._armed:
            return
        wait = self._min_interval - (time.perf_counter() - self._last_delivery)
        if wait > 0.0005:
            self._armed = True
            self._timer.start(max(1, int(wait * 1000)))
        else:
            self._drain()

    def _on_timer(self) -> None:
        self._armed = False
        self._drain()

    def _take_pending(self) -> None:
        with self._lock:
            taken = self._pending
            self._pending = []
            self._scheduled = False
        if not taken:
            return
        if self._backlog_pos >= len(self._backlog):
            self._backlog = taken
            self._backlog_pos = 0
        else:
            if self._backlog_pos:
                del self._backlog[: self._backlog_pos]
                self._backlog_pos = 0
            self._backlog.extend(taken)

    def _drain(self) -> None:
        start = time.perf_counter()
        deadline = start + self._slice_budget
        self._take_pending()
        while self._backlog_pos < len(self._backlog):
            now = time.perf_counter()
            if now >= deadline:
                break
            n = self._slice_items
            chunk = self._backlog[self._backlog_pos : self._backlog_pos + n]
            self._backlog_pos += len(chunk)
            if self._backlog_pos >= len(self._backlog):
                self._backlog = []
                self._backlog_pos = 0
            self._emit(chunk)
            self._make_room()
            done = time.perf_counter()
            spent = done - now
            per_item = max(spent / len(chunk), 1e-8)
            if len(chunk) == n:
                # Size the next slice to a third of the budget at the rate just seen, growing
                # at most 1.5x a step: one cheap slice (a warm cache, a lucky GIL) must not make
                # the next one long, and a slow one shrinks it at once.
                fit = int((self._slice_budget / 3) / per_item)
                self._slice_items = max(128, min(fit, n + n // 2, _MAX_SLICE))
            if done + per_item * self._slice_items > deadline:
                break  # the next slice would overrun the budget: after the event loop's turn
            if self._backlog_pos >= len(self._backlog):
                self._take_pending()
        self._last_delivery = time.perf_counter()
        if self._backlog_pos < len(self._backlog) and not self._armed:
            # More to do: let timers, input and painting run first.
            self._armed = True
            self._timer.start(0)

    def _make_room(self) -> None:
        """Let waiting producers go on once the window has caught up to half the lag limit."""
        if not self._room.is_set():
            behind = len(self._pending) + len(self._backlog) - self._backlog_pos
            if behind < _LAG_LIMIT // 2:
                self._room.set()

    def _emit(self, batch: list[Any]) -> None:
        self._delivered += len(batch)
        self._batches += 1
        self.batchReady.emit(batch)


def prefer_gui_thread(interval: float = 0.001) -> None:
    """Shorten CPython's GIL switch interval (default 5 ms) so the GUI thread gets the GIL sooner.

    Each time Qt calls into Python on the GUI thread (a timer, a queued signal,
    a paint) while a server or client thread is busy in Python, the GUI thread
    waits up to the switch interval for the GIL. At 5 ms that alone makes a
    5 ms timer stutter; at 1 ms the window stays smooth under floods. The app
    calls this once at start-up; the cost is a little more switching overhead.
    """
    sys.setswitchinterval(interval)


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


def freeze_startup_heap() -> None:
    """Move every object alive now out of the cyclic GC's sight; call once the window is built.

    A full collection walks every container object, and the tens of thousands
    a PySide window is made of took 9-13 ms a walk, taken from whichever
    thread allocated last: under an event flood, full collections come every
    few seconds. Frozen objects are never walked again (they live as long as
    the app anyway), so a full collection costs only what is in flight.
    """
    gc.collect()
    gc.freeze()


class Throttle(QObject):
    """Calls ``func`` at most once per ``interval`` ms: at once if it has been quiet, else at the end of the wait.

    The panes repaint through this (qutebrowser's throttle idea): under a flood
    a repaint per batch would eat the GUI thread, and nobody reads faster than
    ten updates a second anyway. Calls in between coalesce into one, and calls
    of different throttles take turns (claim_refresh_slot). ``flush()`` runs a
    pending call at once, whoever's turn it is.
    """

    def __init__(self, func: Any, interval: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._func = func
        self._interval = interval
        self._last = -1e9
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer)
        self._armed = False  # the timer runs; tracked in Python (see BatchBridge._armed)

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
        wait = claim_refresh_slot()
        if wait > 0:
            self._arm(wait)  # another pane refreshed just now: next turn
        else:
            self._fire()

    def _fire(self) -> None:
        self._armed = False
        self._last = time.perf_counter()
        self._func()


class EventBridge(BatchBridge):
    """A BatchBridge of engine events; ``sink`` is the EventSink handed to servers and clients.

    Signals:
        batchReady(list): a batch of workbench.events.Event, oldest first (a BatchSignal).
    """

    def __init__(self, parent: QObject | None = None, **options: float) -> None:
        super().__init__(parent, **options)
        #: The engine's EventSink: callable from any thread, never blocks for long. It is
        #: ``post`` itself, not a method calling it: one Python call less per event, paid by
        #: the server thread (a datagram makes 20 events).
        self.sink: EventSink = self.post

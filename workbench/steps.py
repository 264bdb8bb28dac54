"""Step mode: breakpoints on socketserver's hooks; the thread (or forked child) that reaches one waits.

A student sets breakpoints on hooks (get_request, verify_request, process_request, setup,
handle, finish, shutdown_request, ...). The server thread that enters one records a
``paused`` event and waits there until the student chooses **Step** (go on, and stop again at
this thread's next hook) or **Continue** (go on to the next breakpoint). Everything else stays
live while it waits: other threads, the kernel's accept queue (connect a second client and watch
it wait), the clients.

In a ForkingMixIn child the hold happens in the child: it tells the parent over its report
channel (a socketpair; workbench/forking.py) and waits for one byte back, ``s`` (step) or
``c`` (continue). Stopping the server releases every hold.
"""

from __future__ import annotations

import itertools
import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from workbench.events import KINDS, Kind, Phase

if TYPE_CHECKING:
    from workbench.server import InstrumentedServer

#: Hooks a breakpoint may be set on (the handler's steps and the server's per-request hooks).
BREAKABLE: tuple[Kind, ...] = (
    Kind.GET_REQUEST,
    Kind.VERIFY_REQUEST,
    Kind.PROCESS_REQUEST,
    Kind.FINISH_REQUEST,
    Kind.SETUP,
    Kind.HANDLE,
    Kind.FINISH,
    Kind.SHUTDOWN_REQUEST,
    Kind.CLOSE_REQUEST,
    Kind.HANDLE_ERROR,
    Kind.HANDLE_TIMEOUT,
    Kind.HANDLE_REQUEST,
)


@dataclass
class Hold:
    """One thread waiting at a breakpoint."""

    token: int
    server: str
    kind: Kind
    request: int
    thread: str
    pid: int
    since: float = field(default_factory=time.monotonic)
    step: bool = False  # released with Step: stop again at this thread's next hook
    release: Callable[[bool], None] | None = None  # for a forked child's hold: write to its channel

    def to_dict(self) -> dict[str, Any]:
        return {
            "token": self.token,
            "server": self.server,
            "hook": KINDS[self.kind].name,
            "request": self.request or None,
            "thread": self.thread,
            "pid": self.pid,
        }


class Breakpoints:
    """The breakpoints of one server, and the threads held at them."""

    def __init__(self, server_id: str, on_change: Callable[[], None] = lambda: None) -> None:
        self.server_id = server_id
        self.kinds: frozenset[int] = frozenset()
        self._on_change = on_change
        self._cond = threading.Condition()
        self._held: dict[int, Hold] = {}
        self._stepping: set[tuple[int, int]] = set()  # (pid, thread ident) to stop at their next hook
        self._tokens = itertools.count(1)
        self._open = True

    def set_kinds(self, kinds: Iterable[int]) -> None:
        self.kinds = frozenset(int(k) for k in kinds if int(k) in {int(b) for b in BREAKABLE})

    @property
    def held(self) -> list[Hold]:
        with self._cond:
            return list(self._held.values())

    def check(self, server: InstrumentedServer, kind: Kind, request: int, peer: int) -> None:
        """Called at each hook's enter: wait here if it has a breakpoint (or this thread steps)."""
        me = (os.getpid(), threading.get_ident())
        if kind not in self.kinds and me not in self._stepping:
            return
        self._stepping.discard(me)
        if not self._open:
            return
        hold = Hold(next(self._tokens), self.server_id, Kind(kind), request, threading.current_thread().name, me[0])
        server.wb_rec.event(Kind.PAUSED, Phase.ENTER, server.wb_src, request, peer, value=int(kind))
        with self._cond:
            self._held[hold.token] = hold
        self._on_change()
        with self._cond:
            while hold.token in self._held and self._open:
                self._cond.wait(0.25)
            self._held.pop(hold.token, None)
        server.wb_rec.event(Kind.PAUSED, Phase.EXIT, server.wb_src, request, peer, value=int(kind))
        if hold.step and self._open:
            self._stepping.add(me)
        self._on_change()

    def add_remote(self, hold: Hold) -> None:
        """A forked child waits at a breakpoint; ``hold.release`` tells it to go on."""
        with self._cond:
            hold.token = next(self._tokens)
            self._held[hold.token] = hold
        self._on_change()

    def release(self, token: int, step: bool = False) -> bool:
        """Let one held thread go on (Step: stop it again at its next hook). False if none."""
        with self._cond:
            hold = self._held.pop(token, None)
            if hold is None:
                return False
            hold.step = step
            self._cond.notify_all()
        if hold.release is not None:
            hold.release(step)
            self._on_change()
        return True

    def release_all(self) -> None:
        """Let every held thread go and stop holding (the server stops)."""
        with self._cond:
            self._open = False
            remote = [h for h in self._held.values() if h.release is not None]
            self._held.clear()
            self._stepping.clear()
            self._cond.notify_all()
        for hold in remote:
            assert hold.release is not None
            hold.release(False)
        self._on_change()


class ChildBreakpoints:
    """In a forked child: a hold is announced to the parent, and waits for its answer on the channel."""

    def __init__(self, kinds: frozenset[int], channel: int, announce: Callable[[dict[str, Any]], None]) -> None:
        self.kinds = kinds
        self._channel = channel
        self._announce = announce
        self._stepping = False
        self._local = itertools.count(1)

    def check(self, server: InstrumentedServer, kind: Kind, request: int, peer: int) -> None:
        if kind not in self.kinds and not self._stepping:
            return
        self._stepping = False
        server.wb_rec.event(Kind.PAUSED, Phase.ENTER, server.wb_src, request, peer, value=int(kind))
        self._announce({
            "t": "pause", "id": next(self._local), "hook": int(kind), "request": request,
            "thread": threading.current_thread().name, "pid": os.getpid(),
        })  # fmt: skip
        answer = b""
        while not answer:
            try:
                answer = os.read(self._channel, 1)
            except InterruptedError:
                continue
            except OSError:
                break
            if not answer:
                break  # the parent is gone: go on
        server.wb_rec.event(Kind.PAUSED, Phase.EXIT, server.wb_src, request, peer, value=int(kind))
        self._stepping = answer == b"s"

"""ForkingMixIn support: forked children send their events to the parent over one pipe each."""

from __future__ import annotations

import errno
import logging
import os
import pickle
import selectors
import struct
import threading
from collections.abc import Callable

from workbench.events import Event, EventSink

log = logging.getLogger("workbench.server")

# Each message is a little-endian u64 length followed by a pickle of a small tuple. The
# pickle never crosses a trust boundary: both ends are this program, split by fork().
_HEADER = struct.Struct("<Q")
_READ_SIZE = 1 << 20
_EVENT, _LOG = 0, 1


class ChildEventWriter:
    """The sink a forked child uses instead of the parent's: it writes frames to its own pipe.

    One pipe per child, created before fork(), so frames of different children can never
    interleave (a pipe write larger than PIPE_BUF is not atomic).
    """

    __slots__ = ("_fd",)

    def __init__(self, fd: int) -> None:
        self._fd = fd

    def __call__(self, ev: Event) -> None:
        fields = (ev.event, ev.phase, ev.ts, ev.request, ev.thread, ev.pid, ev.data, ev.address, ev.client)
        self._write((_EVENT, fields, ev.error))

    def log(self, level: int, message: str) -> None:
        self._write((_LOG, level, message))

    def _write(self, message: tuple[object, ...]) -> None:
        payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(_HEADER.pack(len(payload)) + payload)
        while view:
            try:
                written = os.write(self._fd, view)
            except InterruptedError:
                continue
            except BrokenPipeError:
                return  # the parent stopped listening; the child is about to exit anyway
            view = view[written:]


class ChildEventReader:
    """Parent side: a thread reads every child's pipe and feeds the events to the real sink.

    ``source``/``role`` are the parent's; everything else (pid, thread, ts, data) comes from
    the child. ``on_child_done`` runs when a child's pipe reaches end-of-file, i.e. when the
    child has exited: that is when its request is finished.
    """

    def __init__(self, source: str, sink: EventSink, on_child_done: Callable[[], None]) -> None:
        self._source = source
        self._sink = sink
        self._on_child_done = on_child_done
        self._selector = selectors.DefaultSelector()
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_w, False)
        self._selector.register(self._wake_r, selectors.EVENT_READ)
        self._lock = threading.Condition()
        self._new: list[int] = []
        self._open = 0  # child pipes added and not yet at EOF
        self._stopping = False
        self._buffers: dict[int, bytearray] = {}
        self._thread = threading.Thread(target=self._run, name=f"{source}-fork-events", daemon=True)
        self._thread.start()

    def add(self, fd: int) -> None:
        """Start reading a child's pipe (the parent already closed its write end)."""
        with self._lock:
            self._new.append(fd)
            self._open += 1
        self._wake()

    def drain(self, timeout: float) -> bool:
        """Wait until every child pipe reached EOF; False if some are still open after timeout."""
        with self._lock:
            return self._lock.wait_for(lambda: self._open == 0, timeout)

    def close(self, timeout: float = 5.0) -> None:
        """Stop the reader thread and close every descriptor it owns. Idempotent."""
        with self._lock:
            if self._stopping:
                return
            self._stopping = True
        self._wake()
        self._thread.join(timeout)
        if self._thread.is_alive():  # pragma: no cover - only if the sink hangs
            log.warning("%s: fork event reader did not stop within %.0f s", self._source, timeout)
            return
        for key in list(self._selector.get_map().values()):
            if key.fd != self._wake_r:
                os.close(key.fd)
        with self._lock:
            for fd in self._new:
                os.close(fd)
            self._new.clear()
        self._selector.close()
        os.close(self._wake_r)
        os.close(self._wake_w)

    def _wake(self) -> None:
        try:
            os.write(self._wake_w, b"\0")
        except BlockingIOError:
            pass  # already more wake-ups pending than the reader needs

    def _run(self) -> None:
        while True:
            for key, _ in self._selector.select():
                if key.fd == self._wake_r:
                    os.read(self._wake_r, 4096)
                else:
                    self._read(key.fd)
            with self._lock:
                new, self._new = self._new, []
                stopping = self._stopping
            for fd in new:
                self._buffers[fd] = bytearray()
                self._selector.register(fd, selectors.EVENT_READ)
            if stopping:
                # Children that are still alive were told to stop before close(); read
                # what they already wrote so no event is lost, then leave.
                for fd in list(self._buffers):
                    self._read_until_eof(fd)
                return

    def _read_until_eof(self, fd: int) -> None:
        os.set_blocking(fd, False)
        while fd in self._buffers:
            try:
                self._read(fd)
            except BlockingIOError:
                return

    def _read(self, fd: int) -> None:
        try:
            chunk = os.read(fd, _READ_SIZE)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EWOULDBLOCK):
                raise BlockingIOError from exc
            chunk = b""
        buffer = self._buffers[fd]
        if chunk:
            buffer += chunk
            self._dispatch(buffer)
            return
        if buffer:
            log.warning(
                "%s: a child exited in the middle of a message (%d bytes lost)", self._source, len(buffer)
            )
        del self._buffers[fd]
        self._selector.unregister(fd)
        os.close(fd)
        self._on_child_done()
        with self._lock:
            self._open -= 1
            self._lock.notify_all()

    def _dispatch(self, buffer: bytearray) -> None:
        start = 0
        size = _HEADER.size
        messages = []
        with memoryview(buffer) as view:
            while len(buffer) - start >= size:
                (length,) = _HEADER.unpack_from(view, start)
                end = start + size + length
                if end > len(buffer):
                    break
                messages.append(pickle.loads(view[start + size : end]))
                start = end
        del buffer[:start]
        for message in messages:
            if message[0] == _EVENT:
                event, phase, ts, request, thread, pid, data, address, client = message[1]
                ev = Event(
                    event,
                    phase,
                    ts,
                    self._source,
                    "server",
                    request,
                    thread,
                    pid,
                    data,
                    address,
                    client,
                    message[2],
                )
                try:
                    self._sink(ev)
                except Exception:
                    log.exception("%s: the event sink raised", self._source)
            else:
                log.log(message[1], message[2])

"""Benchmark: the instrumented echo server with the GUI attached vs a plain socket loop, and GUI-thread latency under event floods.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_gui.py [--quick]
Prints every figure beside its baseline or target from the same run and exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication, QSplitter

from ui.bridge import EventBridge, freeze_startup_heap, prefer_gui_thread
from ui.event_table import EventsPane
from ui.hex_pane import HexPane
from ui.timeline import TimelineView
from workbench.events import Event
from workbench.server import ServerRunner, new_event
from workbench.spec import ServerSpec, SockType

RESULTS: list[tuple[str, str, str, bool]] = []


def report(name: str, value: str, reference: str, ok: bool) -> None:
    RESULTS.append((name, value, reference, ok))
    print(f"  {'PASS' if ok else 'FAIL'}  {name:<44} {value:>16}   {reference}", flush=True)


# -- the GUI under test --------------------------------------------------------------


class Gui:
    """The bridge and the three panes wired as the main window wires them, shown offscreen."""

    def __init__(self) -> None:
        self.bridge = EventBridge()
        self.events = EventsPane()
        self.timeline = TimelineView()
        self.hex = HexPane()
        self.window = QSplitter(Qt.Orientation.Vertical)
        for pane in (self.events, self.timeline, self.hex):
            self.window.addWidget(pane)
            self.bridge.batchReady.connect(pane.add_events)
        self.window.resize(1200, 900)
        self.window.show()
        # Let the first layout and paint of the window happen before anything is measured.
        deadline = time.perf_counter() + 0.3
        while time.perf_counter() < deadline:
            QApplication.processEvents()
            time.sleep(0.01)
        freeze_startup_heap()  # as the app does once its window is built

    def close(self) -> None:
        self.hex.clear()
        self.window.close()
        self.window.deleteLater()


def run_with_loop(
    app: QApplication, work: Callable[[], Any], settle: Callable[[], bool] | None = None
) -> Any:
    """Run ``work`` on a worker thread while the Qt loop runs here; then wait for ``settle``."""
    result: list[Any] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            result.append(work())
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=target, name="bench-worker")
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(10)
    poll.timeout.connect(
        lambda: loop.quit() if not thread.is_alive() and (settle is None or settle()) else None
    )
    thread.start()
    poll.start()
    loop.exec()
    poll.stop()
    thread.join()
    if errors:
        raise errors[0]
    return result[0] if result else None


# -- throughput: plain loop vs instrumented server with the GUI ----------------------


class PlainTcpEcho:
    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.address = self.sock.getsockname()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                while data := conn.recv(65536):
                    conn.sendall(data)

    def close(self) -> None:
        self.sock.close()
        self.thread.join(5)


class PlainUdpEcho:
    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.address = self.sock.getsockname()
        self.stop = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop:
            try:
                data, peer = self.sock.recvfrom(65536)
            except TimeoutError:
                continue
            self.sock.sendto(data, peer)

    def close(self) -> None:
        self.stop = True
        self.thread.join(5)
        self.sock.close()


def tcp_echo_loop(address: Any, size: int, duration: float, total: int | None = None) -> tuple[int, float]:
    """Send ``size``-byte messages and read each echo back; returns (round trips, seconds)."""
    payload = os.urandom(size)
    count = 0
    with socket.create_connection(address) as s:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        start = time.perf_counter()
        end = start + duration
        while (total is None and time.perf_counter() < end) or (total is not None and count * size < total):
            s.sendall(payload)
            got = 0
            while got < size:
                chunk = s.recv(size - got)
                if not chunk:
                    raise ConnectionError("echo server closed early")
                got += len(chunk)
            count += 1
        elapsed = time.perf_counter() - start
        s.shutdown(socket.SHUT_WR)
        while s.recv(65536):
            pass
    return count, elapsed


def udp_echo_loop(address: Any, duration: float) -> tuple[int, float]:
    payload = os.urandom(64)
    count = 0
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(2)
        start = time.perf_counter()
        end = start + duration
        while time.perf_counter() < end:
            s.sendto(payload, address)
            s.recvfrom(65536)
            count += 1
        return count, time.perf_counter() - start


def echo_loop(kind: SockType, address: Any, size: int, duration: float) -> tuple[int, float]:
    """The TCP or the UDP client loop, as ``kind`` says; returns (round trips, seconds)."""
    if kind is SockType.STREAM:
        return tcp_echo_loop(address, size, duration)
    return udp_echo_loop(address, duration)


def _plain_rate(kind: SockType, size: int, duration: float) -> float:
    plain = PlainTcpEcho() if kind is SockType.STREAM else PlainUdpEcho()
    try:
        n, secs = echo_loop(kind, plain.address, size, duration)
    finally:
        plain.close()
    return n / secs


def _engine_rate(kind: SockType, size: int, duration: float) -> tuple[float, float]:
    """The engine alone (events counted, no Qt): separates engine cost from GUI cost."""
    sunk = [0]

    def count(_event: Event, sunk: list[int] = sunk) -> None:
        sunk[0] += 1

    runner = ServerRunner(ServerSpec(type=kind), count)
    runner.start()
    try:
        n, secs = echo_loop(kind, runner.address, size, duration)
    finally:
        runner.stop()
    return n / secs, sunk[0] / max(n, 1)


def _gui_rate(app: QApplication, kind: SockType, size: int, duration: float) -> tuple[float, int, int]:
    """(rate, bytes captured, bytes expected) with the bridge and the three panes attached."""
    gui = Gui()
    runner = ServerRunner(ServerSpec(type=kind), gui.bridge.sink)
    runner.start()
    try:
        address = runner.address
        n, secs = run_with_loop(app, lambda: echo_loop(kind, address, size, duration))
    finally:
        runner.stop()
    run_with_loop(app, lambda: None, settle=lambda: gui.bridge.pending_count() == 0)
    captured = sum(c.total_bytes for k in gui.hex.connections() if (c := gui.hex.capture_for(*k)) is not None)
    gui.close()
    return n / secs, captured, 2 * n * size


def throughput(app: QApplication, duration: float, rounds: int = 3) -> None:
    print(
        "throughput: instrumented echo server + bridge + event table, timeline, hex capture vs plain socket loop"
        f" (best of {rounds} interleaved rounds of {duration:.1f} s each: other processes share these 2 cores)"
    )
    cases = [
        ("TCP 64 KiB echo", SockType.STREAM, 65536, 0.80),
        ("TCP 64-byte request/response", SockType.STREAM, 64, 0.80),
        ("UDP 64-byte request/response", SockType.DGRAM, 64, 0.60),
    ]
    for name, kind, size, target in cases:
        base_rate = engine_rate = rate = 0.0
        events_per_op = 0.0
        all_captured = True
        for _ in range(rounds):
            base_rate = max(base_rate, _plain_rate(kind, size, duration))
            e_rate, events_per_op = _engine_rate(kind, size, duration)
            engine_rate = max(engine_rate, e_rate)
            g_rate, captured, expected = _gui_rate(app, kind, size, duration)
            rate = max(rate, g_rate)
            all_captured = all_captured and captured == expected
        unit = "MiB/s" if size == 65536 else "req/s"
        scale = size / 2**20 if size == 65536 else 1
        ratio = rate / base_rate
        report(
            f"{name} (x plain)",
            f"{ratio:.2f}x",
            f"{rate * scale:,.0f} vs plain {base_rate * scale:,.0f} {unit}; target >= {target:.2f}x"
            f" (engine without GUI: {engine_rate / base_rate:.2f}x, {events_per_op:.1f} events/op)",
            ratio >= target,
        )
        report(
            f"  {name}: every byte captured", "all rounds" if all_captured else "MISSING", "", all_captured
        )


def flood_capture(app: QApplication) -> None:
    total = 50 * 2**20
    gui = Gui()
    runner = ServerRunner(ServerSpec(), gui.bridge.sink)
    runner.start()
    try:
        _n, secs = run_with_loop(app, lambda: tcp_echo_loop(runner.address, 65536, 0, total=total))
    finally:
        runner.stop()
    run_with_loop(app, lambda: None, settle=lambda: gui.bridge.pending_count() == 0)
    key = next(k for k in gui.hex.connections() if k[0] == runner.id)
    capture = gui.hex.capture_for(*key)
    assert capture is not None
    got = (capture.bytes_in("received"), capture.bytes_in("sent"))
    report(
        "50 MiB flood in 64 KiB chunks: bytes in capture",
        f"{got[0] // 2**20} + {got[1] // 2**20} MiB",
        f"expected 50 + 50 MiB ({total * 2 / secs / 2**20:,.0f} MiB/s echoed)",
        got == (total, total),
    )
    gui.close()


# -- GUI thread latency ------------------------------------------------------------------


def synthetic_events(cycle: int, ts: float) -> list[Event]:
    """One request on one of 8 worker threads: lifecycle plus two 64-byte exchanges (10 events).

    Built with ``new_event``, as the engine's servers build theirs: the frozen dataclass
    constructor costs the producer ~2.5x as much, GIL time a real server does not spend.
    """
    req = cycle % 64
    thread = f"Thread-{cycle % 8} (process_request_thread)"
    pid = os.getpid()
    peer = ("127.0.0.1", 40000 + req)
    data = b"x" * 64
    out = []
    for name, phase, payload in (
        ("setup", "enter", None),
        ("setup", "exit", None),
        ("handle", "enter", None),
        ("recv", None, data),
        ("sendall", None, data),
        ("recv", None, data),
        ("sendall", None, data),
        ("handle", "exit", None),
        ("finish", "enter", None),
        ("finish", "exit", None),
    ):
        out.append(new_event(name, phase, ts, "server-1", req, thread, pid, payload, None, peer, None))  # type: ignore[arg-type]
    return out


class Probe:
    """A 5 ms timer on the GUI thread recording the gaps between its ticks."""

    def __init__(self) -> None:
        self.gaps: list[float] = []
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self.last)
        self.last = now

    def start(self) -> None:
        self.last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()


def gil_budget(rate: int) -> None:
    """Print what one GIL must do per second at ``rate``: the producer's share and the panes' share.

    Both are measured here, single-threaded, with the bench's own producer and the real
    panes (best of three tries each: other load only ever adds): the sum says whether the
    sustained target can be met at all while producer and GUI share one interpreter lock
    (the engine's server threads run in the GUI's process).
    """
    bridge = EventBridge()
    cycles = 5000
    producer = panes = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for cycle in range(cycles):
            for e in synthetic_events(cycle, time.time()):
                bridge.sink(e)
            if cycle % 100 == 99:
                bridge.flush()  # as the GUI would take them: a growing backlog would slow the GC
        producer = min(producer, (time.perf_counter() - start) / (cycles * 10))
    batch = [e for cycle in range(80) for e in synthetic_events(cycle, time.time())]
    gui = Gui()  # (its start-up runs the event loop: the bridge above is drained into nothing)
    rounds = 60
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(rounds):
            for pane in (gui.events, gui.timeline, gui.hex):
                pane.add_events(batch)
        panes = min(panes, (time.perf_counter() - start) / (rounds * len(batch)))
    gui.close()
    bridge.deleteLater()
    share_p, share_g = producer * rate, panes * rate
    print(
        f"        one GIL at {rate:,} events/s: producer {producer * 1e6:.2f} us/event ({share_p:.0%})"
        f" + panes {panes * 1e6:.2f} us/event ({share_g:.0%}) = {share_p + share_g:.0%},"
        " before switching between the threads and painting"
    )


def sustained(app: QApplication, rate: int, duration: float) -> None:
    gui = Gui()
    delays: list[float] = []
    gui.bridge.batchReady.connect(lambda batch: delays.extend(time.time() - e.ts for e in batch[::10]))
    probe = Probe()
    tick = 0.002
    per_tick = rate * tick / 10  # cycles of 10 events per tick

    def produce() -> int:
        posted = 0
        start = time.perf_counter()
        cycle = 0
        owed = 0.0
        next_tick = start
        while next_tick - start < duration:
            owed += per_tick
            while owed >= 1:
                for e in synthetic_events(cycle, time.time()):
                    gui.bridge.sink(e)
                posted += 10
                cycle += 1
                owed -= 1
            next_tick += tick
            pause = next_tick - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
        return posted

    probe.start()
    t0 = time.perf_counter()
    posted = run_with_loop(app, produce, settle=lambda: gui.bridge.pending_count() == 0)
    real_rate = posted / (time.perf_counter() - t0)
    probe.stop()
    gaps = sorted(probe.gaps)
    p99 = gaps[int(len(gaps) * 0.99) - 1] * 1000
    mx = gaps[-1] * 1000
    print(f"GUI thread at {rate:,} events/s for {duration:.0f} s (achieved {real_rate:,.0f}/s): 5 ms probe")
    report("probe gap p99", f"{p99:.1f} ms", "target <= 10 ms (ideal 5 ms)", p99 <= 10)
    report("probe gap max", f"{mx:.1f} ms", "target <= 20 ms", mx <= 20)
    med = statistics.median(delays) * 1000
    report("median event -> model delay", f"{med:.1f} ms", "target <= 20 ms", med <= 20)
    kept = gui.events.model.total_count
    report("events kept by the table", f"{kept:,}", f"posted {posted:,}", kept == posted)
    print(f"        (batches: {gui.bridge.batch_count:,} for {posted:,} events)")
    gui.close()
    gil_budget(rate)


def burst(app: QApplication, count: int) -> None:
    gui = Gui()
    pool = [e for c in range(1000) for e in synthetic_events(c, time.time())]
    probe = Probe()

    def produce() -> float:
        start = time.perf_counter()
        sink = gui.bridge.sink
        n = len(pool)
        for i in range(count):
            sink(pool[i % n])
        return time.perf_counter() - start

    probe.start()
    t0 = time.perf_counter()
    post_secs = run_with_loop(app, produce, settle=lambda: gui.bridge.pending_count() == 0)
    total_secs = time.perf_counter() - t0
    probe.stop()
    mx = max(probe.gaps) * 1000
    print(
        f"burst of {count:,} events (posted in {post_secs:.2f} s, all in the models after {total_secs:.2f} s,"
        f" {gui.bridge.batch_count:,} batches)"
    )
    report("probe gap max during the burst", f"{mx:.1f} ms", "target <= 40 ms", mx <= 40)
    kept = gui.events.model.total_count
    report("events kept by the table", f"{kept:,}", f"posted {count:,}", kept == count)
    gui.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="shorter runs (a smoke test, not the figures)")
    parser.add_argument(
        "--default-switch-interval", action="store_true", help="keep CPython's 5 ms GIL switch interval"
    )
    parser.add_argument("--switch-interval", type=float, help="GIL switch interval in ms (experiments)")
    parser.add_argument(
        "--only",
        choices=["throughput", "flood", "sustained", "burst"],
        action="append",
        help="run only these parts",
    )
    args = parser.parse_args()
    parts = set(args.only or ["throughput", "flood", "sustained", "burst"])
    app = QApplication.instance() or QApplication(sys.argv[:1])
    if args.switch_interval is not None:
        sys.setswitchinterval(args.switch_interval / 1000)
    elif not args.default_switch_interval:
        prefer_gui_thread()  # what the app does at start-up
    assert isinstance(app, QApplication)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    print(
        f"bench_gui: Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load},"
        f" switch interval {sys.getswitchinterval() * 1000:.1f} ms"
    )
    started = time.perf_counter()
    if "throughput" in parts:
        throughput(app, 0.5 if args.quick else 1.0, rounds=1 if args.quick else 2)
    if "flood" in parts and not args.quick:
        flood_capture(app)
    if "sustained" in parts:
        sustained(app, 200_000, 1.0 if args.quick else 3.0)
    if "burst" in parts:
        burst(app, 100_000 if args.quick else 1_000_000)
    failed = [r for r in RESULTS if not r[3]]
    print(
        f"{len(RESULTS) - len(failed)} of {len(RESULTS)} targets met in {time.perf_counter() - started:.0f} s"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

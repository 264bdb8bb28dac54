"""Benchmark: the hex view over a 100 MB capture — first paint, repaint after a jump, memory.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_hexview.py [--mb 100]
Prints every figure beside its baseline from the same run and exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from ui.hex_pane import HexPane
from workbench.events import Event

RESULTS: list[bool] = []


def report(name: str, value: str, reference: str, ok: bool) -> None:
    RESULTS.append(ok)
    print(f"  {'PASS' if ok else 'FAIL'}  {name:<40} {value:>12}   {reference}", flush=True)


def rss_mb() -> float:
    """Resident set size of this process in MiB (Linux /proc; 0 elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def feed(pane: HexPane, total: int) -> tuple[int, int]:
    """Send ``total`` bytes through pane.add_events as one connection: mostly 64 KiB calls, some 64-byte ones."""
    rng = random.Random(7)
    big = bytes(rng.getrandbits(8) for _ in range(65536))
    small = [bytes(rng.getrandbits(8) for _ in range(64)) for _ in range(16)]
    pid = os.getpid()
    peer = ("127.0.0.1", 50000)
    sent = chunks = 0
    ts = time.time()
    batch: list[Event] = []
    while sent < total:
        # Every 8 MiB, a stretch of 64-byte request/response calls (tiny chunks are the hard case).
        if (sent // 2**20) % 8 == 7:
            for i in range(2048):
                name = "recv" if i % 2 else "sendall"
                batch.append(
                    Event(name, None, ts, "server-1", "server", 1, "t", pid, small[i % 16], None, peer)
                )
                sent += 64
                chunks += 1
        else:
            name = "recv" if chunks % 2 else "sendall"
            batch.append(Event(name, None, ts, "server-1", "server", 1, "t", pid, big, None, peer))
            sent += len(big)
            chunks += 1
        if len(batch) >= 256:
            pane.add_events(batch)
            batch = []
    pane.add_events(batch)
    pane.flush()
    return sent, chunks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=int, default=100, help="capture size in MB (default 100)")
    parser.add_argument("--jumps", type=int, default=300)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert app is not None
    pane = HexPane()
    pane.resize(1100, 800)
    pane.show()
    app.processEvents()
    view = pane.view

    # Baselines from this run: an empty view's paint, and the process before any capture.
    start = time.perf_counter()
    view.viewport().repaint()
    empty_paint = (time.perf_counter() - start) * 1000
    rss_before = rss_mb()

    started = time.perf_counter()
    total, chunks = feed(pane, args.mb * 10**6)
    feed_secs = time.perf_counter() - started
    key = pane.connections()[0]
    capture = pane.capture_for(*key)
    assert capture is not None
    print(
        f"bench_hexview: {total / 1e6:.0f} MB in {chunks:,} chunks fed through add_events in {feed_secs:.1f} s"
        f" ({capture.memory_bytes / 2**20:.1f} MiB in RAM, {capture.spilled_bytes / 2**20:.0f} MiB spilled)"
    )

    # First paint: pick the connection (model reset, layout) and paint it.
    pane.show_connection("client-0")  # nothing; keep the current one
    view.set_capture(None)
    app.processEvents()
    start = time.perf_counter()
    view.set_capture(capture)
    view.viewport().repaint()
    first_paint = (time.perf_counter() - start) * 1000
    report(
        "first paint of the capture",
        f"{first_paint:.1f} ms",
        f"target <= 100 ms; empty view {empty_paint:.1f} ms",
        first_paint <= 100,
    )

    rows = view.model.rowCount()
    rng = random.Random(1)
    jumps, same = [], []
    for _ in range(args.jumps):
        view.verticalScrollBar().setValue(rng.randrange(rows))
        start = time.perf_counter()
        view.viewport().repaint()
        jumps.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        view.viewport().repaint()  # the same rows again: the cost of painting alone
        same.append((time.perf_counter() - start) * 1000)
    jumps.sort()
    same.sort()
    p95 = jumps[int(len(jumps) * 0.95) - 1]
    report(
        "repaint after a jump, p95",
        f"{p95:.1f} ms",
        f"target <= 16 ms; same rows again p95 {same[int(len(same) * 0.95) - 1]:.1f} ms,"
        f" median jump {statistics.median(jumps):.1f} ms, max {jumps[-1]:.1f} ms",
        p95 <= 16,
    )
    # A selection in the tiny-chunk stretch exercises chunk lookup and the inspector too.
    start = time.perf_counter()
    view.select(7 * 2**20 + 10, 8)
    app.processEvents()
    select_ms = (time.perf_counter() - start) * 1000
    print(f"  info  select 8 bytes + inspector + repaint {select_ms:>12.1f} ms   (no target, for reference)")

    rss_after = rss_mb()
    growth = rss_after - rss_before
    data_mb = total / 2**20
    report(
        "RSS growth with the capture open",
        f"{growth:.1f} MiB",
        f"target <= data + 20 = {data_mb + 20:.0f} MiB; RSS {rss_before:.0f} -> {rss_after:.0f} MiB",
        growth <= data_mb + 20,
    )
    pane.clear()
    ok = all(RESULTS)
    print(f"{sum(RESULTS)} of {len(RESULTS)} targets met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

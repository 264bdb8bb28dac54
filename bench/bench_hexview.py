"""Benchmark: the hex view over a 100 MB connection in a session log — open, repaint after a jump, memory.

A child process writes a real session log (SessionWriter, as the host does): one connection
of mostly 64 KiB calls with a stretch of 64-byte calls every 8 MiB, and a small second one.
This process then opens it the way the window does (LogFeed -> HexPane.attach) and measures.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_hexview.py [--mb 100] [--dir /dev/shm]
Prints every figure beside its baseline from the same run and exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

RESULTS: list[bool] = []
BIG = 65536
SMALL = 64


def report(name: str, value: str, reference: str, ok: bool) -> None:
    RESULTS.append(ok)
    print(f"  {'PASS' if ok else 'FAIL'}  {name:<40} {value:>12}   {reference}", flush=True)


def memory_mb() -> dict[str, float]:
    """VmRSS and its parts (RssAnon, RssFile, RssShmem) of this process in MiB (Linux /proc; zeros elsewhere)."""
    out = {"VmRSS": 0.0, "RssAnon": 0.0, "RssFile": 0.0, "RssShmem": 0.0}
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            name, _, value = line.partition(":")
            if name in out:
                out[name] = int(value.split()[0]) / 1024
    except OSError:
        pass
    return out


def write_session(path: str, total: int) -> None:
    """The child's job: ``total`` bytes through one server connection, recorded by a SessionWriter.

    Beside it, a tiny session (``path`` + ".warm") to open first, as a window that has been up
    a while has run numpy's and Qt's first calls already.
    """
    from workbench.events import Kind
    from workbench.session.writer import SessionWriter

    with SessionWriter(path + ".warm") as writer:
        server = writer.add_source("server-1", "server", {"type": "stream"})
        for request in range(1, 4):
            writer.data(Kind.RECV, server, request, 0, b"warm-up %d" % request)

    rng = random.Random(7)
    # Two big payloads in turn: the writer stores a payload once when the same object is
    # recorded twice in a row (an echo), and this connection's bytes should all be in the file.
    big = [rng.randbytes(BIG), rng.randbytes(BIG)]
    small = [rng.randbytes(SMALL) for _ in range(16)]
    with SessionWriter(path) as writer:
        server = writer.add_source("server-1", "server", {"type": "stream"})
        client = writer.add_source("client-1", "client", {"type": "stream"})
        peer = writer.address_id(("127.0.0.1", 50000))
        writer.data(Kind.SENDALL, client, 0, 0, b"a small connection to switch from")
        sent = chunks = 0
        while sent < total:
            # Every 8 MiB, a stretch of 64-byte request/response calls (tiny chunks are the hard case).
            if (sent // 2**20) % 8 == 7:
                for i in range(2048):
                    writer.data(Kind.RECV if i % 2 else Kind.SENDALL, server, 1, peer, small[i % 16])
                    sent += SMALL
                    chunks += 1
            else:
                writer.data(Kind.RECV if chunks % 2 else Kind.SENDALL, server, 1, peer, big[chunks % 2])
                sent += BIG
                chunks += 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=int, default=100, help="connection size in MB (default 100)")
    parser.add_argument("--jumps", type=int, default=300)
    parser.add_argument("--dir", help="where to write the session log (default: a temp dir)")
    parser.add_argument("--write", metavar="PATH", help=argparse.SUPPRESS)  # the child's job
    args = parser.parse_args()
    if args.mb <= 0 or args.jumps <= 0:
        print("bench_hexview: --mb and --jumps must be positive", file=sys.stderr)
        return 2
    if args.write:
        write_session(args.write, args.mb * 10**6)
        return 0
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        return measure(args, str(Path(tmp) / "bench.swb"))


def measure(args: argparse.Namespace, path: str) -> int:
    started = time.perf_counter()
    subprocess.run([sys.executable, __file__, "--mb", str(args.mb), "--write", path], check=True)
    write_secs = time.perf_counter() - started
    size_mb = os.path.getsize(path) / 2**20

    from PySide6.QtWidgets import QApplication

    from ui.hex_pane import HexPane
    from ui.logfeed import LogFeed

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert app is not None
    feed = LogFeed()
    pane = HexPane()
    pane.resize(1100, 800)
    pane.attach(feed)
    pane.show()
    app.processEvents()
    view = pane.view

    # Baselines from this run: an empty view's paint, and the process before the session opens.
    feed.open(path + ".warm", live=False)
    feed.read_now()
    view.viewport().repaint()
    feed.close()
    feed.open(path + ".warm", live=False)  # sessionChanged: the pane is empty again
    start = time.perf_counter()
    view.viewport().repaint()
    empty_paint = (time.perf_counter() - start) * 1000
    before = memory_mb()

    # Open: map the log, take in every record (StreamIndex), show the first connection, paint.
    start = time.perf_counter()
    feed.open(path, live=False)
    feed.read_now()
    assert feed.reader is not None
    while feed.delivered < feed.reader.count:
        feed.read_now()
    indexed = (time.perf_counter() - start) * 1000
    view.viewport().repaint()
    opened = (time.perf_counter() - start) * 1000
    keys = pane.connections()
    server_key = next(k for k in keys if k[1] == 1)
    stream = pane.stream_for(server_key[0], 1)
    assert stream is not None
    print(
        f"bench_hexview: a child wrote {stream.total_bytes / 1e6:.0f} MB in {len(stream):,} calls"
        f" ({size_mb:.0f} MiB file, {feed.reader.count:,} records) in {write_secs:.1f} s"
    )
    report(
        "open the session and paint",
        f"{opened:.1f} ms",
        f"target <= 100 ms; of which taking in the records {indexed:.1f} ms; empty view {empty_paint:.1f} ms",
        opened <= 100,
    )

    # Switch to the big connection from the small one: model reset, layout, paint.
    client_key = next(k for k in keys if k != server_key)
    pane.show_connection(client_key[0], 0)
    app.processEvents()
    start = time.perf_counter()
    pane.show_connection(server_key[0], 1)
    view.viewport().repaint()
    switched = (time.perf_counter() - start) * 1000
    report(
        "switch to the connection and paint",
        f"{switched:.1f} ms",
        f"target <= 100 ms; empty view {empty_paint:.1f} ms",
        switched <= 100,
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

    after = memory_mb()
    data_mb = stream.total_bytes / 2**20
    anon = after["RssAnon"] - before["RssAnon"]
    report(
        "anonymous memory growth (own memory)",
        f"{anon:.1f} MiB",
        f"target <= 20 MiB whatever the size ({data_mb:.0f} MiB of bytes, {len(stream):,} calls);"
        f" RssAnon {before['RssAnon']:.0f} -> {after['RssAnon']:.0f} MiB",
        anon <= 20,
    )
    mapped = after["RssFile"] + after["RssShmem"] - before["RssFile"] - before["RssShmem"]
    report(
        "mapped log pages resident after the jumps",
        f"{mapped:.1f} MiB",
        f"target <= 20 MiB; clean page cache of the log, read by {args.jumps} jumps"
        f" (VmRSS {before['VmRSS']:.0f} -> {after['VmRSS']:.0f} MiB)",
        mapped <= 20,
    )
    feed.close()
    pane.clear()
    ok = all(RESULTS)
    print(f"{sum(RESULTS)} of {len(RESULTS)} targets met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

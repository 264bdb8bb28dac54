"""Benchmark: a 1 GiB saved session opens to a painted window (with its rows) in ≤ 1 s.

Run: .venv/bin/python bench/bench_open.py [--gib 1] [--runs 3] [--keep DIR]

Two sessions of about --gib GiB each are written first (once; --keep reuses them):
  bulk    64 KiB echoes: few records, the bytes are the bulk of the file
  events  64-byte UDP datagrams with every hook (20 records each): records are the bulk
Each is saved compact (as File ▸ Save session as… does), then opened --runs times in a fresh
process (the window read-only, offscreen): the time to the first painted frame, and to the
event table showing rows, from the start of the process; median, min and max.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET = 1.0

OPEN = r"""
import os, sys, time
t0 = time.perf_counter()
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(["bench"])
from ui.mainwindow import MainWindow
window = MainWindow(session_file=sys.argv[1])
window.resize(1280, 800)
painted = []
window.firstPainted.connect(lambda: painted.append(time.perf_counter() - t0))
window.show()
deadline = time.perf_counter() + 30
while (not painted or window.events_pane.model.rowCount() == 0) and time.perf_counter() < deadline:
    app.processEvents()
rows = time.perf_counter() - t0
print(f"{painted[0] if painted else float('nan'):.4f} {rows:.4f} {window.events_pane.model.rowCount()}", flush=True)
"""


def write_bulk(path: Path, size: int) -> None:
    from workbench.events import Kind
    from workbench.session.writer import SessionWriter

    block = os.urandom(65536)
    with SessionWriter(path) as writer:
        src = writer.add_source("server-1", "server", {"type": "stream"})
        peer = writer.address_id(("127.0.0.1", 40000))
        for i in range(size // (2 * len(block))):
            # new objects each time: the arena holds both directions (an echo could share them)
            writer.data(Kind.RECV, src, 1, peer, block[i % 7 :] + block[: i % 7])
            writer.data(Kind.SENDALL, src, 1, peer, block[i % 5 :] + block[: i % 5])


def write_events(path: Path, size: int) -> None:
    from workbench.events import Kind, Phase
    from workbench.session.writer import SessionWriter

    payload = bytes(64)
    hooks = (Kind.VERIFY_REQUEST, Kind.PROCESS_REQUEST, Kind.FINISH_REQUEST, Kind.SETUP, Kind.HANDLE)
    with SessionWriter(path) as writer:
        src = writer.add_source("server-1", "server", {"type": "dgram"})
        peer = writer.address_id(("127.0.0.1", 40000))
        per_request = 20 * 48 + 64  # one payload object: the reply points at the request's bytes
        for request in range(1, size // per_request + 1):
            writer.hook(Kind.GET_REQUEST, Phase.ENTER, src, request, peer)
            writer.data(Kind.RECVFROM, src, request, peer, payload)
            writer.hook(Kind.GET_REQUEST, Phase.EXIT, src, request, peer)
            for k in hooks:
                writer.hook(k, Phase.ENTER, src, request, peer)
            writer.data(Kind.SENDTO, src, request, peer, payload)
            for k in reversed(hooks):
                writer.hook(k, Phase.EXIT, src, request, peer)
            for k in (Kind.FINISH, Kind.SHUTDOWN_REQUEST, Kind.CLOSE_REQUEST):
                writer.hook(k, Phase.ENTER, src, request, peer)
                writer.hook(k, Phase.EXIT, src, request, peer)


def saved(directory: Path, name: str, size: int) -> Path:
    from workbench.session.reader import SessionReader
    from workbench.session.save import save_session

    final = directory / f"{name}.swb"
    if final.exists():
        return final
    live = directory / f"{name}-live.swb"
    started = time.perf_counter()
    (write_bulk if name == "bulk" else write_events)(live, size)
    with SessionReader(live) as reader:
        save_session(reader, final)
        count = reader.count
    live.unlink()
    print(f"  wrote {name}: {final.stat().st_size / 2**30:.2f} GiB, {count:,} records, {time.perf_counter() - started:.0f} s")
    return final


def main() -> int:
    os.environ.setdefault("SOCKET_WORKBENCH_CONFIG_DIR", tempfile.mkdtemp(prefix="swb-bench-settings-"))  # never the user's settings
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gib", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, default=None, help="a folder to keep (and reuse) the sessions in")
    args = parser.parse_args()
    directory = args.keep or Path(tempfile.mkdtemp(prefix="wb-open-"))
    directory.mkdir(parents=True, exist_ok=True)
    size = int(args.gib * 2**30)
    print(f"bench_open: {args.runs} runs each, load average {os.getloadavg()[0]:.2f}", flush=True)
    missed = 0
    try:
        for name in ("bulk", "events"):
            path = saved(directory, name, size)
            paints, rows = [], []
            count = 0
            for _ in range(args.runs):
                env = {**os.environ, "PYTHONPATH": str(ROOT)}
                out = subprocess.run([sys.executable, "-c", OPEN, str(path)], capture_output=True, text=True, env=env, timeout=120)
                first, shown, count_text = out.stdout.split()
                paints.append(float(first))
                rows.append(float(shown))
                count = int(count_text)
            ok = statistics.median(rows) <= TARGET
            missed += not ok
            print(
                f"  {'PASS' if ok else 'FAIL'}  {name}: {path.stat().st_size / 2**30:.2f} GiB, first paint "
                f"{statistics.median(paints):.2f} s ({min(paints):.2f}-{max(paints):.2f}), rows shown "
                f"{statistics.median(rows):.2f} s ({min(rows):.2f}-{max(rows):.2f}), {count:,} rows   target ≤ {TARGET:.0f} s",
                flush=True,
            )
    finally:
        if args.keep is None:
            for p in directory.iterdir():
                p.unlink()
            directory.rmdir()
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

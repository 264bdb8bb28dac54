"""Replay of a large saved session: how long a step forward, a step back and a jump take in the real window.

Run:  .venv/bin/python bench/bench_replay.py [--connections 5000] [--repeat 20] [--mixin threading]

It records a real session first (a socketserver echo server with no mixin, and that many
clients on loopback, each connecting, sending 64 bytes, reading the echo and closing: about
21 records a connection), then opens it in a read-only MainWindow (offscreen) with the
timeline and hex panes built, and times ReplayBar moves, each followed by what a screen
update needs (the event table published, the hex view refreshed; the painting itself is
not timed). A step back replays [0, position) into every pane, so it is the costly one;
the figure printed beside it is what one pass of the panes over the whole session costs.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def record(path: Path, connections: int, mixin: str = "none") -> int:
    from workbench.server import ServerRunner
    from workbench.session.writer import SessionWriter
    from workbench.spec import ServerSpec

    writer = SessionWriter(path)
    runner = ServerRunner(ServerSpec(mixin=mixin), writer)
    runner.start()
    try:
        host, port = runner.address[:2]  # type: ignore[index]
        payload = b"x" * 64
        for _ in range(connections):
            with socket.create_connection((host, port)) as sock:
                sock.sendall(payload)
                got = b""
                while len(got) < len(payload):
                    got += sock.recv(65536)
                sock.shutdown(socket.SHUT_WR)
                while sock.recv(65536):
                    pass
    finally:
        runner.stop()
        writer.close()
    from workbench.session.reader import SessionReader

    with SessionReader(path) as reader:
        return reader.count


def _ms(seconds: list[float]) -> str:
    return f"median {statistics.median(seconds) * 1000:.1f} ms, max {max(seconds) * 1000:.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--mixin", choices=("none", "threading"), default="none", help="threading: a lane per request"
    )
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("SOCKET_WORKBENCH_CONFIG_DIR", tempfile.mkdtemp(prefix="swb-bench-settings-"))  # never the user's settings
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.swb"
        started = time.perf_counter()
        count = record(path, args.connections, args.mixin)
        print(
            f"recorded {count} records from {args.connections} connections (mixin {args.mixin}) "
            f"in {time.perf_counter() - started:.1f} s"
        )

        from PySide6.QtWidgets import QApplication

        from ui.mainwindow import MainWindow

        app = QApplication.instance() or QApplication([])
        window = MainWindow(session_file=str(path))
        window.resize(1280, 800)
        window.show()
        window.feed.read_now()
        window.ensure_panes()
        app.processEvents()
        bar = window.replay_bar

        def timed(move: object) -> float:
            t0 = time.perf_counter()
            move()  # type: ignore[operator]
            window.events_pane.flush()
            window.hex_pane.flush()  # type: ignore[attr-defined]
            return time.perf_counter() - t0

        end = bar.feed.count
        middle = end // 2
        rounds = {
            "step forward (one record, from the middle)": [],
            "step back (one record, at the middle)": [],
            "step back (one record, at the end)": [],
            "jump to the start": [],
            "jump to the end (from the start)": [],
        }
        for _ in range(args.repeat):
            bar.go(middle)
            rounds["step forward (one record, from the middle)"].append(timed(lambda: bar.step(1)))
            rounds["step back (one record, at the middle)"].append(timed(lambda: bar.step(-1)))
            bar.go(end)
            rounds["step back (one record, at the end)"].append(timed(lambda: bar.step(-1)))
            rounds["jump to the start"].append(timed(lambda: bar.go(0)))
            rounds["jump to the end (from the start)"].append(timed(lambda: bar.go(end)))
            app.processEvents()
        print(f"session: {end} records")
        for what, seconds in rounds.items():
            print(f"  {what:45s} {_ms(seconds)}")
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

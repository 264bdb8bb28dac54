"""Benchmark: servers in the host process with the real window watching and recording, against plain loops.

Run: .venv/bin/python bench/bench_host.py [--seconds 2] [--runs 3] [--only tcp-64B,udp-64B,...]

Each workload runs --runs times; every run measures its baselines in the same run, right before:
  plain loop    a bare accept/recv/sendall (or recvfrom/sendto) loop in a process of its own
  socketserver  the same stdlib class the workbench uses (TCPServer/UDPServer), a raw echo handler
  window        the real MainWindow (offscreen, this process) with its host process: the server
                is started through the window, every event and byte recorded in the session log,
                the event table, timeline and hex view fed from it
The client always runs in a process of its own. Figures are the median of the runs, with the
min and max. For every window run the bytes the client sent and received are checked against
the session log (count and SHA-256): nothing lost. During each load the window's 5 ms timer
measures its gaps (p99, max), and the delay from each event's timestamp to the moment the event
table published it (median).
Then a synthetic flood: a writer process appends 1,000,000 events/s to a session the window
tails, for --flood-seconds; the window's timer gaps, the event-to-table delay and the window's
and host's private (anonymous) memory are measured.
Exits 1 if a target is missed in the median run.
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import os
import socket
import socketserver
import statistics
import sys
import tempfile
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("SOCKET_WORKBENCH_CONFIG_DIR", tempfile.mkdtemp(prefix="swb-bench-settings-"))  # never the user's settings

TARGETS = {"tcp-64B": 0.90, "udp-64B": 0.60, "tcp-64KiB": 0.85, "upper-64KiB": 0.55}
PROBE_P99, PROBE_MAX, DELAY_MEDIAN = 0.010, 0.020, 0.020
WINDOW_MIB, HOST_MIB = 80, 50
RESULTS: list[tuple[str, str, str, bool]] = []


def report(name: str, value: str, reference: str, ok: bool | None) -> None:
    if ok is not None:
        RESULTS.append((name, value, reference, ok))
    flag = "    " if ok is None else ("PASS" if ok else "FAIL")
    print(f"  {flag}  {name:<46} {value:>26}   {reference}", flush=True)


def spread(values: list[float], unit: str = "x", digits: int = 2) -> str:
    return f"{statistics.median(values):.{digits}f}{unit} ({min(values):.{digits}f}-{max(values):.{digits}f})"


# -- the client, in its own process -----------------------------------------------------------


def client_main(conn: Connection, kind: str, address: tuple[str, int], size: int, seconds: float) -> None:
    """Request/response (or echo) for ``seconds``; sends back (ops, bytes, sha sent, sha received)."""
    sent, got = hashlib.sha256(), hashlib.sha256()
    payload = os.urandom(size)
    ops = 0
    if kind == "udp":
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.settimeout(5)
        sock.connect(address)
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            sock.send(payload)
            sent.update(payload)
            got.update(sock.recv(65536))
            ops += 1
        sock.close()
        conn.send((ops, ops * size, sent.hexdigest(), got.hexdigest()))
        return
    sock = socket.create_connection(address, timeout=10)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        sock.sendall(payload)
        sent.update(payload)
        need = size
        while need:
            chunk = sock.recv(min(need, 1 << 20))
            if not chunk:
                raise RuntimeError("the server closed the connection")
            got.update(chunk)
            need -= len(chunk)
        ops += 1
    sock.shutdown(socket.SHUT_WR)
    while sock.recv(65536):
        pass
    sock.close()
    conn.send((ops, ops * size, sent.hexdigest(), got.hexdigest()))


def run_client(kind: str, address: tuple[str, int], size: int, seconds: float) -> tuple[int, int, str, str]:
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=client_main, args=(child, kind, address, size, seconds))
    proc.start()
    result = parent.recv()
    proc.join(10)
    return result


# -- baselines, each in its own process -------------------------------------------------------


class PlainEcho(socketserver.BaseRequestHandler):
    upper = False

    def handle(self) -> None:
        if isinstance(self.request, tuple):
            data, sock = self.request
            sock.sendto(data.upper() if self.upper else data, self.client_address)
            return
        while data := self.request.recv(65536):
            self.request.sendall(data.upper() if self.upper else data)


class PlainUpper(PlainEcho):
    upper = True


class PlainUDP(socketserver.UDPServer):
    max_packet_size = 65536


def baseline_main(conn: Connection, flavour: str, kind: str, upper: bool) -> None:
    if flavour == "socketserver":
        handler = PlainUpper if upper else PlainEcho
        server: Any = (socketserver.TCPServer if kind == "tcp" else PlainUDP)(("127.0.0.1", 0), handler)
        conn.send(server.server_address)
        threading.Thread(target=lambda: (conn.recv(), server.shutdown()), daemon=True).start()
        server.serve_forever(0.1)
        server.server_close()
        return
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM if kind == "tcp" else socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    conn.send(sock.getsockname())
    if kind == "udp":
        sock.settimeout(0.5)
        while not conn.poll():
            try:
                data, peer = sock.recvfrom(65536)
            except TimeoutError:
                continue
            sock.sendto(data.upper() if upper else data, peer)
        return
    sock.listen()
    sock.settimeout(0.5)
    while not conn.poll():
        try:
            peer, _ = sock.accept()
        except TimeoutError:
            continue
        with peer:
            while data := peer.recv(65536):
                peer.sendall(data.upper() if upper else data)


def baseline(flavour: str, kind: str, size: int, seconds: float, upper: bool) -> float:
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=baseline_main, args=(child, flavour, kind, upper))
    proc.start()
    address = parent.recv()
    ops, nbytes, _, _ = run_client(kind, tuple(address), size, seconds)
    parent.send("stop")
    proc.join(10)
    if proc.is_alive():
        proc.kill()
    return nbytes / seconds if size > 1024 else ops / seconds


# -- the window ---------------------------------------------------------------------------------


class Probe:
    """A 5 ms timer on the GUI thread: the gaps between its ticks."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.gaps: list[float] = []
        self._last = 0.0
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        if self._last:
            self.gaps.append(now - self._last)
        self._last = now

    def start(self) -> None:
        self.gaps.clear()
        self._last = 0.0
        self.timer.start()

    def stop(self) -> tuple[float, float]:
        self.timer.stop()
        gaps = sorted(self.gaps) or [0.0]
        return gaps[int(len(gaps) * 0.99) - 1 if len(gaps) > 1 else 0], gaps[-1]


class Delays:
    """Event-to-table delay: when the event table publishes rows, now minus each new record's ts."""

    def __init__(self, window: Any) -> None:
        import numpy as np

        self.np = np
        self.samples: list[Any] = []
        self.window = window
        model = window.events_pane.model
        original = model.publish

        def publish() -> None:
            lo = model._published
            original()
            hi = model._published
            reader = model.reader
            if reader is not None and hi > lo and self.active:
                # every record's delay, summarised per publish (a 10 M event flood must not
                # keep 10 M samples: the benchmark would measure its own memory)
                ts = reader.record_array(lo, hi)["ts"].astype(np.int64)
                delays = (time.time_ns() - ts) / 1e9
                self.samples.append(np.percentile(delays, [10, 30, 50, 70, 90]))

        model.publish = publish
        self.active = False

    def start(self) -> None:
        self.samples.clear()
        self.active = True

    def stop(self) -> float:
        self.active = False
        if not self.samples:
            return float("nan")
        return float(self.np.median(self.np.concatenate(self.samples)))  # median of the per-publish quantiles


def anonymous_mib(pid: int) -> float:
    """Private memory a process allocated itself (smaps_rollup's Anonymous; file pages are the log's)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Anonymous:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


class WindowRig:
    def __init__(self) -> None:
        import asyncio

        import qasync
        from PySide6.QtWidgets import QApplication

        self.app = QApplication.instance() or QApplication(["bench"])
        self.loop = qasync.QEventLoop(self.app)
        asyncio.set_event_loop(self.loop)
        from ui.mainwindow import MainWindow

        self.window = MainWindow()
        self.window.resize(1280, 800)
        self.window.show()
        self.window.ensure_panes()
        self.probe = Probe()
        self.delays = Delays(self.window)
        self.run(self._start())

    def run(self, coro: Any) -> Any:
        return self.loop.run_until_complete(coro)

    async def _start(self) -> None:
        self.window.session.start_host()
        await self.window.session.ensure_host()

    async def _load(self, kind: str, size: int, seconds: float, upper: bool) -> dict[str, Any]:
        import asyncio

        from workbench.spec import ServerSpec

        session = self.window.session
        spec = ServerSpec(type="stream" if kind == "tcp" else "dgram", handler="upper" if upper else "echo")
        server = await session.start_server(spec)
        self.probe.start()
        self.delays.start()
        loop = asyncio.get_running_loop()
        result = await loop.run_in_executor(None, run_client, kind, tuple(server.address), size, seconds)
        await asyncio.sleep(0.3)  # the last events reach the table
        p99, worst = self.probe.stop()
        delay = self.delays.stop()
        host_mib = anonymous_mib(session.host.pid) if session.host is not None else float("nan")
        await session.stop_server(server.id)
        await asyncio.sleep(0.1)
        return {"result": result, "p99": p99, "max": worst, "delay": delay, "source": server.source,
                "host_mib": host_mib}  # fmt: skip

    def load(self, kind: str, size: int, seconds: float, upper: bool) -> dict[str, Any]:
        return self.run(self._load(kind, size, seconds, upper))

    def verify(self, source: int, result: tuple[int, int, str, str], upper: bool) -> bool:
        """Every byte the client sent is in the server's recv records, every byte it got in its sends."""
        from workbench.events import RECEIVED_KINDS, SENT_KINDS
        from workbench.session.reader import SessionReader

        path = self.window.feed.path
        assert path is not None
        got, gave = hashlib.sha256(), hashlib.sha256()
        count = 0
        with SessionReader(path) as reader:
            received = {int(k) for k in RECEIVED_KINDS}
            sent = {int(k) for k in SENT_KINDS}
            for first, chunk in reader.record_chunks():
                import numpy as np

                from workbench.session import format as fmt

                records = np.frombuffer(chunk, dtype=fmt.record_dtype())
                mine = np.flatnonzero((records["source"] == source) & ((records["flags"] & fmt.F_DATA) != 0))
                for i in mine.tolist():
                    rec = records[i]
                    data = reader.arena(int(rec["off"]), int(rec["len"]))
                    if int(rec["kind"]) in received:
                        got.update(data)
                        count += 1
                    elif int(rec["kind"]) in sent:
                        gave.update(data)
                del first
        _ops, _nbytes, client_sent, client_got = result
        return got.hexdigest() == client_sent and gave.hexdigest() == client_got

    def close(self) -> None:
        self.window.close()
        self.window.session.finish()
        self.loop.close()  # joins the executor's QThreads (run_in_executor), as the app's `with loop:` does


# -- the flood ------------------------------------------------------------------------------------


def flood_main(path: str, rate: int, seconds: float, conn: Connection) -> None:
    """What a UDP server's datagrams record, without the network: per request, the 20 events of
    one datagram (nine hooks entered and left, recvfrom, sendto), 64 bytes each way."""
    from workbench.events import Kind, Phase
    from workbench.session.writer import SessionWriter, prefer_the_flusher

    prefer_the_flusher()  # as the host does
    writer = SessionWriter(path)
    src = writer.add_source("flood", "server", {"type": "dgram"})
    peer = writer.address_id(("127.0.0.1", 40000))
    conn.send("ready")
    conn.recv()
    hook, data = writer.hook, writer.data
    middle = (Kind.VERIFY_REQUEST, Kind.PROCESS_REQUEST, Kind.FINISH_REQUEST, Kind.SETUP, Kind.HANDLE)
    after = (Kind.FINISH, Kind.SHUTDOWN_REQUEST, Kind.CLOSE_REQUEST)
    enter, exit_ = int(Phase.ENTER), int(Phase.EXIT)
    payload = bytes(64)
    start = time.perf_counter()
    written = 0
    request = 0
    while True:
        now = time.perf_counter() - start
        if now >= seconds:
            break
        target = int(now * rate)
        while written < target:
            request += 1
            hook(Kind.GET_REQUEST, enter, src, request, peer)
            data(Kind.RECVFROM, src, request, peer, payload)
            hook(Kind.GET_REQUEST, exit_, src, request, peer)
            for k in middle:
                hook(k, enter, src, request, peer)
            data(Kind.SENDTO, src, request, peer, payload)
            for k in reversed(middle):
                hook(k, exit_, src, request, peer)
            for k in after:
                hook(k, enter, src, request, peer)
                hook(k, exit_, src, request, peer)
            written += 20
    writer.close()
    conn.send(written)


def flood(rig: WindowRig, rate: int, seconds: float) -> None:
    from PySide6.QtCore import QTimer

    path = os.path.join(tempfile.mkdtemp(prefix="wb-flood-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None), "flood.swb")
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=flood_main, args=(path, rate, seconds, child))
    proc.start()
    assert parent.recv() == "ready"
    feed = rig.window.feed
    feed.open(path, live=True)
    poll = QTimer()
    poll.setInterval(4)
    poll.timeout.connect(feed.poke)  # the host says "committed" after each 4 ms flush; here the feed is poked as often
    poll.start()
    rig.probe.start()
    rig.delays.start()
    parent.send("go")

    async def wait() -> int:
        import asyncio

        loop = asyncio.get_running_loop()
        written: int = await loop.run_in_executor(None, parent.recv)
        await asyncio.sleep(0.5)
        return written

    written = rig.run(wait())
    poll.stop()
    feed.read_now()
    p99, worst = rig.probe.stop()
    delay = rig.delays.stop()
    rig.window.events_pane.flush()
    window_mib = anonymous_mib(os.getpid())
    shown = rig.window.events_pane.model.total_count
    proc.join(10)
    report(f"flood {rate // 1000}k events/s: 5 ms timer p99", f"{p99 * 1000:.1f} ms", f"≤ {PROBE_P99 * 1000:.0f} ms", p99 <= PROBE_P99)
    report(f"flood {rate // 1000}k events/s: 5 ms timer max", f"{worst * 1000:.1f} ms", f"≤ {PROBE_MAX * 1000:.0f} ms", worst <= PROBE_MAX)
    report("flood: median event-to-table delay", f"{delay * 1000:.1f} ms", f"≤ {DELAY_MEDIAN * 1000:.0f} ms", delay <= DELAY_MEDIAN)
    report("flood: events written / shown", f"{written:,} / {shown:,}", "all", shown == written)
    report(f"window private memory after {shown / 1e6:.1f} M events", f"{window_mib:.0f} MiB", f"≤ {WINDOW_MIB} MiB", window_mib <= WINDOW_MIB)
    from ui.live_sessions import remove_live_session

    rig.window.feed.close()
    remove_live_session(path)


WORKLOADS = {
    "tcp-64B": ("tcp", 64, False),
    "udp-64B": ("udp", 64, False),
    "tcp-64KiB": ("tcp", 65536, False),
    "upper-64KiB": ("tcp", 65536, True),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default=",".join([*WORKLOADS, "flood"]))
    parser.add_argument("--flood-rate", type=int, default=1_000_000)
    parser.add_argument("--flood-seconds", type=float, default=10.0)
    args = parser.parse_args()
    only = set(args.only.split(","))
    print(f"bench_host: {args.runs} runs of {args.seconds:g} s each, load average {os.getloadavg()[0]:.2f}", flush=True)
    rig = WindowRig()
    host_mib: list[float] = []
    try:
        for name, (kind, size, upper) in WORKLOADS.items():
            if name not in only:
                continue
            loop_r, server_r, p99s, maxs, delays = [], [], [], [], []
            rates: dict[str, list[float]] = {"plain loop": [], "socketserver": [], "window": []}
            lost = 0
            for _ in range(args.runs):
                plain = baseline("loop", kind, size, args.seconds, upper)
                stdlib = baseline("socketserver", kind, size, args.seconds, upper)
                measured = rig.load(kind, size, args.seconds, upper)
                ops, nbytes = measured["result"][0], measured["result"][1]
                rate = nbytes / args.seconds if size > 1024 else ops / args.seconds
                for who, value in (("plain loop", plain), ("socketserver", stdlib), ("window", rate)):
                    rates[who].append(value)
                loop_r.append(rate / plain)
                server_r.append(rate / stdlib)
                p99s.append(measured["p99"])
                maxs.append(measured["max"])
                delays.append(measured["delay"])
                host_mib.append(measured["host_mib"])
                if not rig.verify(measured["source"], measured["result"], upper):
                    lost += 1
            target = TARGETS[name]
            median = statistics.median(loop_r)
            report(f"{name}: window recording, × plain loop", spread(loop_r), f"≥ {target:.2f}x", median >= target)
            report(f"{name}: window recording, × socketserver", spread(server_r), "", None)
            unit, scale = (" MiB/s", 1 / (1 << 20)) if size > 1024 else (" /s", 1.0)
            for who, values in rates.items():  # the absolute figures behind the ratios
                report(f"{name}: {who}", spread([v * scale for v in values], unit, 0), "", None)
            report(f"{name}: 5 ms timer p99 / max", f"{statistics.median(p99s) * 1000:.1f} / {statistics.median(maxs) * 1000:.1f} ms",
                   f"≤ {PROBE_P99 * 1000:.0f} / {PROBE_MAX * 1000:.0f} ms",
                   statistics.median(p99s) <= PROBE_P99 and statistics.median(maxs) <= PROBE_MAX)  # fmt: skip
            report(f"{name}: median event-to-table delay", spread([d * 1000 for d in delays], " ms", 1), f"≤ {DELAY_MEDIAN * 1000:.0f} ms",
                   statistics.median(delays) <= DELAY_MEDIAN)  # fmt: skip
            report(f"{name}: bytes in the log (count + SHA-256)", f"{args.runs - lost}/{args.runs} runs exact", "all", lost == 0)
        if host_mib:
            worst = max(host_mib)
            report("host private memory (largest seen)", f"{worst:.0f} MiB", f"≤ {HOST_MIB} MiB", worst <= HOST_MIB)
        if "flood" in only:
            flood(rig, args.flood_rate, args.flood_seconds)
    finally:
        rig.close()
    missed = [r for r in RESULTS if not r[3]]
    print(f"bench_host: {len(RESULTS) - len(missed)} of {len(RESULTS)} targets met", flush=True)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

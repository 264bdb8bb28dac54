"""Throughput of the instrumented echo server recording a session, against plain socketserver, same run.

    .venv/bin/python bench/bench_server.py [--seconds 0.7] [--rounds 3]

Three workloads, each against four servers started the same way on loopback:
  tcp-64KiB   one connection, 64 KiB blocks echoed back and forth        (MiB/s)
  tcp-64B     one connection, 64-byte request/response                   (round trips/s)
  udp-64B     64-byte datagrams, each one a socketserver request         (round trips/s)
Throughput ratios are wall-clock (best of the rounds); on a shared machine they swing, so
the server process's CPU time per operation is printed too (CPU ratio = plain / workbench),
which other load disturbs much less.
Servers: "workbench" (ServerRunner recording every event and byte into a session log on
tmpfs, as the host does, with no window reading it: the engine's own cost), "socketserver"
(plain TCPServer/UDPServer with the same raw recv/sendall handler and no events: the
baseline of every ratio) and "raw socket" (a bare accept/recv loop, for reference). The
client runs in its own process so it does not share the server's GIL.
Engine only: with the window watching, see bench/bench_host.py. Targets: >= 0.80x for TCP and
>= 0.60x for UDP.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import shutil
import socket
import socketserver
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench.server import ServerRunner
from workbench.session.writer import SessionWriter
from workbench.spec import ServerSpec, SockType

TARGETS = {"tcp-64KiB": 0.80, "tcp-64B": 0.80, "udp-64B": 0.60}
ENGINE = "workbench"  # events recorded into a session log on tmpfs: the engine's own cost


# -- servers ----------------------------------------------------------------------------


class PlainEcho(socketserver.BaseRequestHandler):
    """The same raw-socket echo as workbench.handlers.EchoHandler, without events."""

    def handle(self) -> None:
        if isinstance(self.request, tuple):
            data, sock = self.request
            sock.sendto(data, self.client_address)
            return
        while data := self.request.recv(65536):
            self.request.sendall(data)


class PlainUDPServer(socketserver.UDPServer):
    max_packet_size = 65536


class Server:
    """Start/stop one echo server; ``address`` is where the client goes."""

    def __init__(self, kind: str, type_: SockType) -> None:
        self.kind = kind
        self.type = type_
        self.event_count = 0
        self._stop: Callable[[], None]
        if kind.startswith("workbench"):
            directory = tempfile.mkdtemp(prefix="wb-bench-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
            writer = SessionWriter(os.path.join(directory, "bench.swb"))
            runner = ServerRunner(ServerSpec(type=type_), writer)
            runner.start()
            self.address = runner.address

            def stop_recording() -> None:
                runner.stop()
                self.event_count = writer.flush()
                writer.close()
                shutil.rmtree(directory, ignore_errors=True)

            self._stop = stop_recording
        elif kind == "socketserver":
            cls = socketserver.TCPServer if type_ is SockType.STREAM else PlainUDPServer
            server = cls(("127.0.0.1", 0), PlainEcho)
            thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
            thread.start()
            self.address = server.server_address

            def stop() -> None:
                server.shutdown()
                thread.join()
                server.server_close()

            self._stop = stop
        else:
            self._stop = self._raw(type_)

    def _raw(self, type_: SockType) -> Callable[[], None]:
        sock = socket.socket(socket.AF_INET, type_.constant)
        sock.bind(("127.0.0.1", 0))
        self.address = sock.getsockname()
        done = threading.Event()

        def tcp() -> None:
            sock.listen()
            sock.settimeout(0.2)
            while not done.is_set():
                try:
                    conn, _ = sock.accept()
                except TimeoutError:
                    continue
                with conn:
                    while data := conn.recv(65536):
                        conn.sendall(data)

        def udp() -> None:
            sock.settimeout(0.2)
            while not done.is_set():
                try:
                    data, peer = sock.recvfrom(65536)
                except TimeoutError:
                    continue
                sock.sendto(data, peer)

        thread = threading.Thread(target=tcp if type_ is SockType.STREAM else udp)
        thread.start()

        def stop() -> None:
            done.set()
            thread.join()
            sock.close()

        return stop

    def stop(self) -> None:
        self._stop()


# -- client (own process) ---------------------------------------------------------------


def client(workload: str, address: tuple[str, int], seconds: float, out: Connection) -> None:
    size = 65536 if workload == "tcp-64KiB" else 64
    block = os.urandom(size)
    done = 0
    if workload.startswith("tcp"):
        sock = socket.create_connection(address)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            sock.sendall(block)
            got = 0
            while got < size:
                got += len(sock.recv(size - got))
            done += 1
        sock.close()
    else:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.connect(address)
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            sock.send(block)
            sock.recv(65536)
            done += 1
        sock.close()
    out.send(done)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)  # this process = the server side only
    return usage.ru_utime + usage.ru_stime


def measure(workload: str, kind: str, seconds: float) -> tuple[float, float, int]:
    """(operations per second, server CPU seconds per operation, events per operation)."""
    type_ = SockType.STREAM if workload.startswith("tcp") else SockType.DGRAM
    server = Server(kind, type_)
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=client, args=(workload, server.address, seconds, sender))
    try:
        proc.start()
        cpu = _cpu()
        done = receiver.recv()
        cpu = _cpu() - cpu
        proc.join()
    finally:
        server.stop()
        receiver.close()
        sender.close()
    return done / seconds, cpu / max(done, 1), server.event_count // max(done, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=0.7, help="per measurement (default 0.7)")
    parser.add_argument("--rounds", type=int, default=3, help="best of N alternating rounds (default 3)")
    args = parser.parse_args(argv)
    print(
        f"bench_server: {args.rounds} round(s) x {args.seconds} s per server and workload, pid {os.getpid()}"
    )
    failed = False
    started = time.perf_counter()
    kinds = ("socketserver", ENGINE, "raw socket")
    for workload, target in TARGETS.items():
        rate: dict[str, float] = {}
        cpu: dict[str, float] = {}
        per_op = 0
        for _ in range(args.rounds):
            for kind in kinds:
                ops, cpu_per_op, events = measure(workload, kind, args.seconds)
                rate[kind] = max(rate.get(kind, 0.0), ops)
                cpu[kind] = min(cpu.get(kind, 1e9), cpu_per_op)
                if kind == ENGINE:
                    per_op = max(per_op, events)
        unit = "MiB/s" if workload == "tcp-64KiB" else "ops/s"
        scale = 1 / 16 if workload == "tcp-64KiB" else 1  # 64 KiB blocks -> MiB
        base = rate["socketserver"]
        print(
            f"{workload} ({per_op} events/op): socketserver {base * scale:.1f} {unit}, "
            f"raw socket {rate['raw socket'] * scale:.1f} {unit}, "
            f"server CPU/op socketserver {cpu['socketserver'] * 1e6:.1f} us"
        )
        for kind in (ENGINE,):
            ratio = rate[kind] / base
            ok = ratio >= target
            failed |= not ok
            print(
                f"    {kind:24} {rate[kind] * scale:9.1f} {unit}  ratio {ratio:.2f}x "
                f"(target >= {target:.2f}x: {'ok' if ok else 'BELOW'})  "
                f"CPU/op {cpu[kind] * 1e6:6.1f} us = {cpu['socketserver'] / cpu[kind]:.2f}x"
            )
    print(f"total {time.perf_counter() - started:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: Capture throughput and RSS, and a capturing Client flooding an echo server vs plain asyncio.

Run: .venv/bin/python bench/bench_capture.py [--mib 50] [--rounds 3]
Prints each figure beside its baseline from the same run, and asserts that every
byte of the flood is in the client's capture (count and checksum). Bounded to ~30 s.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import resource
import socket
import socketserver
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench.capture import Capture
from workbench.client import Client
from workbench.events import Event
from workbench.spec import ClientSpec

CHUNK = 64 * 1024
MiB = 1 << 20


def peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def chunks(total: int, block: bytes) -> list[bytes]:
    """64 KiB pieces cut from a random block at shifting offsets, so order mistakes change the checksum."""
    out = []
    for i in range(total // CHUNK):
        start = (i * 4099) % (len(block) - CHUNK)
        out.append(block[start : start + CHUNK])
    return out


# -- capture alone -----------------------------------------------------------


def bench_capture_store(total_mib: int, block: bytes) -> None:
    pieces = chunks(total_mib * MiB, block)
    before = peak_rss()
    with Capture(memory_limit=8 * MiB) as cap:
        t0 = time.perf_counter()
        for i, piece in enumerate(pieces):
            cap.append("sent" if i % 2 else "received", "recv", piece)
        t_append = time.perf_counter() - t0
        t0 = time.perf_counter()
        nbytes = sum(len(data) for data in cap.iter_data())
        t_read = time.perf_counter() - t0
        assert nbytes == total_mib * MiB
        digest = hashlib.sha1()
        for data in cap.iter_data():
            digest.update(data)
        reference = hashlib.sha1()
        for piece in pieces:
            reference.update(piece)
        assert digest.hexdigest() == reference.hexdigest(), "capture read back differs"
        spilled = cap.spilled_bytes
    grown = peak_rss() - before
    print(
        f"capture {total_mib} MiB in 64 KiB chunks (memory_limit 8 MiB): append {total_mib / t_append:6.0f} MiB/s, "
        f"read back {total_mib / t_read:6.0f} MiB/s, sha1 equal; spilled {spilled / MiB:.0f} MiB; "
        f"peak RSS +{grown / MiB:.1f} MiB for {total_mib} MiB of data"
    )
    assert grown < 32 * MiB, f"peak RSS grew by {grown / MiB:.1f} MiB"

    n = 500_000
    small = b"x" * 64
    before = peak_rss()
    with Capture(memory_limit=8 * MiB) as cap:
        t0 = time.perf_counter()
        for _ in range(n):
            cap.append("received", "recv", small)
        t_small = time.perf_counter() - t0
        t0 = time.perf_counter()
        for off in range(0, n * 64, 64 * 97):
            cap.chunk_at(off)
        t_lookup = time.perf_counter() - t0
    grown = peak_rss() - before
    print(
        f"capture {n} chunks of 64 B: {n / t_small / 1000:7.0f} k appends/s, "
        f"chunk_at {len(range(0, n * 64, 64 * 97)) / t_lookup / 1000:.0f} k lookups/s, "
        f"peak RSS +{grown / MiB:.1f} MiB for {n * 64 / MiB:.0f} MiB in {n} chunks"
    )


# -- client flood --------------------------------------------------------------


class EchoHandler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        while data := self.request.recv(CHUNK):
            self.request.sendall(data)


async def plain_asyncio(port: int, pieces: list[bytes], total: int) -> float:
    """The baseline: the same flood with bare loop.sock_sendall / sock_recv, no events, no capture."""
    loop = asyncio.get_running_loop()
    sock = socket.socket()
    sock.setblocking(False)
    await loop.sock_connect(sock, ("127.0.0.1", port))

    async def reader() -> int:
        got = 0
        while got < total:
            data = await loop.sock_recv(sock, CHUNK)
            if not data:
                break
            got += len(data)
        return got

    t0 = time.perf_counter()
    task = asyncio.create_task(reader())
    for piece in pieces:
        await loop.sock_sendall(sock, piece)
    got = await task
    elapsed = time.perf_counter() - t0
    sock.close()
    assert got == total
    return elapsed


async def workbench_client(port: int, pieces: list[bytes], total: int, expected_sha1: str) -> float:
    counts = {"events": 0, "bytes": 0}

    def sink(ev: Event) -> None:  # what a real sink does cheaply: count, keep nothing
        counts["events"] += 1
        if ev.data is not None:
            counts["bytes"] += len(ev.data)

    client = Client(ClientSpec(port=port), sink)
    await client.connect()

    async def reader() -> int:
        got = 0
        while got < total:
            data = await client.recv(CHUNK)
            if not data:
                break
            got += len(data)
        return got

    t0 = time.perf_counter()
    task = asyncio.create_task(reader())
    for piece in pieces:
        await client.sendall(piece)
    got = await task
    elapsed = time.perf_counter() - t0
    client.close()
    cap = client.capture
    try:
        assert got == total
        assert cap.bytes_in("sent") == total and cap.bytes_in("received") == total, "capture lost bytes"
        assert counts["bytes"] == 2 * total
        for direction in ("sent", "received"):
            digest = hashlib.sha1()
            for data in cap.iter_data(direction):
                digest.update(data)
            assert digest.hexdigest() == expected_sha1, f"captured {direction} bytes differ"
    finally:
        cap.close()
    return elapsed


def bench_flood(total_mib: int, rounds: int, block: bytes) -> None:
    total = total_mib * MiB
    pieces = chunks(total, block)
    expected = hashlib.sha1(b"".join(pieces)).hexdigest()
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), EchoHandler)
    thread = threading.Thread(target=server.serve_forever, name="echo-serve")
    thread.start()
    port = server.server_address[1]
    base: list[float] = []
    ours: list[float] = []
    try:
        for _ in range(rounds):  # alternate, so drift on a shared machine hits both alike
            base.append(asyncio.run(plain_asyncio(port, pieces, total)))
            ours.append(asyncio.run(workbench_client(port, pieces, total, expected)))
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    b, o = statistics.median(base), statistics.median(ours)
    print(
        f"client flood {total_mib} MiB echo in 64 KiB sendall, median of {rounds}: "
        f"workbench Client {total_mib / o:5.0f} MiB/s vs plain asyncio {total_mib / b:5.0f} MiB/s = {b / o:.2f}x "
        f"(best of {rounds}: {total_mib / min(ours):.0f} vs {total_mib / min(base):.0f} MiB/s = "
        f"{min(base) / min(ours):.2f}x); every byte in the capture (count + sha1, both directions)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mib", type=int, default=50, help="flood size (default 50)")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--capture-mib", type=int, default=256, help="Capture-only size (default 256)")
    args = parser.parse_args()
    block = os.urandom(2 * MiB)
    started = time.perf_counter()
    # The capture phase runs first so its peak RSS is not hidden by the flood's.
    bench_capture_store(args.capture_mib, block)
    bench_flood(args.mib, args.rounds, block)
    print(f"total {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

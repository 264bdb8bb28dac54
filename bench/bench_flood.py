"""A 1 GiB echo through a real server recording into a session log: every byte back, and every byte kept.

    .venv/bin/python bench/bench_flood.py [--mib 1024] [--chunk 65536] [--dir /dev/shm]

Two servers in the same run, each fed by the same client:
  workbench     a TCP echo server in the real host process (``workbench host``, as the window
                starts it), recording every event and byte into its session log
  socketserver  plain TCPServer with the same raw recv/sendall echo, in a process of its own,
                recording nothing: the baseline
The client runs in a process of its own: one thread sends --mib MiB of pseudo-random bytes in
--chunk blocks (at most 8 MiB ahead of the echo), another reads the echo; both hash what they
move (SHA-256). Printed: time and
throughput of each server and their ratio; the digest of what was sent, of what came back,
and of what the session log holds as received and as sent by the server's request; and the
peak resident memory (VmHWM) of the host, of the baseline server and of each client run. The
log's bytes are written to --dir (default: tmpfs, as the window's live sessions), ~1 GiB of it.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import multiprocessing
import os
import random
import shutil
import socket
import socketserver
import sys
import tempfile
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

MIB = 1 << 20
#: At most this much is sent ahead of what came back. Unbounded, a server slower than the client
#: lets its receive queue grow to the kernel's limit (32 MiB here), where Linux prunes it on
#: loopback and both sides sit in retransmission back-off for minutes (seen once at ~570 MiB).
IN_FLIGHT = 8 * MIB


def peak_rss_mib(pid: int | str = "self") -> float:
    """VmHWM: the most resident memory the process ever had, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# -- the client (its own process) -------------------------------------------------------------


def _blocks(total: int, chunk: int, seed: int = 12) -> Any:
    """The bytes to send, chunk by chunk: slices of a random MiB at shifting offsets (cheap, not periodic)."""
    pool = random.Random(seed).randbytes(MIB + chunk)
    sent = 0
    step = 7919
    offset = 0
    while sent < total:
        size = min(chunk, total - sent)
        yield pool[offset : offset + size]
        sent += size
        offset = (offset + step) % MIB


def client_main(conn: Connection, address: tuple[str, int], total: int, chunk: int) -> None:
    sock = socket.create_connection(address)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sent_hash, got_hash = hashlib.sha256(), hashlib.sha256()
    got = 0
    progress = threading.Condition()

    def receive() -> None:
        nonlocal got
        while data := sock.recv(4 * MIB):
            got_hash.update(data)
            with progress:
                got += len(data)
                progress.notify()

    reader = threading.Thread(target=receive)
    started = time.perf_counter()
    reader.start()
    sent = 0
    for block in _blocks(total, chunk):
        with progress:
            while sent - got > IN_FLIGHT:
                progress.wait()
        sock.sendall(block)
        sent_hash.update(block)
        sent += len(block)
    sock.shutdown(socket.SHUT_WR)  # the echo handler sees end-of-file and finishes
    reader.join()
    elapsed = time.perf_counter() - started
    sock.close()
    conn.send(
        {
            "seconds": elapsed,
            "sent": total,
            "got": got,
            "sent_digest": sent_hash.hexdigest(),
            "got_digest": got_hash.hexdigest(),
            "rss": peak_rss_mib(),
        }
    )
    conn.close()


def run_client(address: tuple[str, int], total: int, chunk: int) -> dict[str, Any]:
    ctx = multiprocessing.get_context("spawn")
    mine, theirs = ctx.Pipe()
    proc = ctx.Process(target=client_main, args=(theirs, address, total, chunk))
    proc.start()
    result: dict[str, Any] = mine.recv()
    proc.join()
    return result


# -- the baseline server (its own process) ----------------------------------------------------


class PlainEcho(socketserver.BaseRequestHandler):
    """The same raw-socket echo as workbench.handlers.EchoHandler, without events."""

    def handle(self) -> None:
        while data := self.request.recv(65536):
            self.request.sendall(data)


def baseline_main(conn: Connection) -> None:
    with socketserver.TCPServer(("127.0.0.1", 0), PlainEcho) as server:
        conn.send(server.server_address)
        server.handle_request()  # the one flood connection
        conn.send(peak_rss_mib())
    conn.close()


def baseline(total: int, chunk: int) -> tuple[dict[str, Any], float]:
    ctx = multiprocessing.get_context("spawn")
    mine, theirs = ctx.Pipe()
    proc = ctx.Process(target=baseline_main, args=(theirs,))
    proc.start()
    address = mine.recv()
    result = run_client(address, total, chunk)
    server_rss = float(mine.recv())
    proc.join()
    return result, server_rss


# -- the workbench host ------------------------------------------------------------------------


async def through_host(session: Path, total: int, chunk: int) -> tuple[dict[str, Any], float, int]:
    from workbench.host.client import HostClient
    from workbench.spec import ServerSpec

    async with HostClient(str(session)) as host:
        started = await host.call("server.start", spec=ServerSpec().to_dict())
        address = (started["address"][0], int(started["address"][1]))
        loop = asyncio.get_running_loop()
        result = await loop.run_in_executor(None, run_client, address, total, chunk)
        await host.call("server.stop", server=started["server"], grace=30)
        host_rss = peak_rss_mib(host.pid)
        return result, host_rss, int(started["source"])


def log_digests(session: Path, source: int) -> tuple[dict[str, tuple[int, str]], int, int]:
    """What the session log holds of the server's request (bytes and SHA-256 per direction),
    how many records, and how far into the byte arena its data reaches."""
    from workbench.session import format as fmt
    from workbench.session.reader import SessionReader
    from workbench.session.streams import StreamIndex

    out: dict[str, tuple[int, str]] = {}
    with SessionReader(session) as reader:
        records = reader.record_array(0, reader.count)
        data = records[(records["flags"] & fmt.F_DATA) != 0]
        arena = int((data["off"].astype("int64") + data["len"]).max()) if len(data) else 0
        count = reader.count
        index = StreamIndex(reader)
        index.update()
        stream = index.streams[(source, 1, 0)]
        for direction in ("received", "sent"):
            digest = hashlib.sha256()
            size = 0
            for chunk in stream.iter_data(direction):
                digest.update(chunk)
                size += len(chunk)
            out[direction] = (size, digest.hexdigest())
    return out, count, arena


# -- main ------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mib", type=int, default=1024, help="how much to echo (default 1024 = 1 GiB)")
    parser.add_argument("--chunk", type=int, default=65536, help="bytes per sendall (default 64 KiB)")
    default_dir = "/dev/shm" if os.path.isdir("/dev/shm") else tempfile.gettempdir()
    parser.add_argument(
        "--dir", default=default_dir, help=f"where the session log goes (default {default_dir})"
    )
    args = parser.parse_args(argv)
    total = args.mib * MIB
    folder = Path(tempfile.mkdtemp(prefix="wb-flood-", dir=args.dir))
    session = folder / "flood.swb"
    try:
        print(f"echo of {args.mib} MiB in {args.chunk // 1024} KiB blocks, one TCP connection on loopback")
        base, base_rss = baseline(total, args.chunk)
        work, host_rss, source = asyncio.run(through_host(session, total, args.chunk))
        held, records, arena = log_digests(session, source)
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    def rate(result: dict[str, Any]) -> float:
        return result["sent"] / MIB / result["seconds"]

    print(f"{'':14} {'seconds':>8} {'MiB/s':>8} {'server peak RSS':>16} {'client peak RSS':>16}")
    print(
        f"{'socketserver':14} {base['seconds']:8.2f} {rate(base):8.0f} {base_rss:13.1f} MiB {base['rss']:13.1f} MiB"
    )
    print(
        f"{'workbench':14} {work['seconds']:8.2f} {rate(work):8.0f} {host_rss:13.1f} MiB {work['rss']:13.1f} MiB"
    )
    print(f"ratio (workbench / socketserver): {rate(work) / rate(base):.2f}x")
    print(f"session log: {records} records, {arena / MIB:.0f} MiB of bytes in its arena")
    print(f"sent                       {work['sent_digest']}  {work['sent']} bytes")
    print(f"came back                  {work['got_digest']}  {work['got']} bytes")
    print(f"log: received by server    {held['received'][1]}  {held['received'][0]} bytes")
    print(f"log: sent by server        {held['sent'][1]}  {held['sent'][0]} bytes")
    print(f"baseline came back         {base['got_digest']}  {base['got']} bytes")
    same = {work["sent_digest"], work["got_digest"], held["received"][1], held["sent"][1], base["got_digest"]}
    complete = work["got"] == held["received"][0] == held["sent"][0] == total
    ok = len(same) == 1 and complete
    print("every byte came back and is in the log" if ok else "MISMATCH: bytes were lost or changed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

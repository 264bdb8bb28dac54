"""A capture of hundreds of MB stays out of RAM and gives back every byte (run in a fresh process)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="measures peak RSS with the resource module")

# A fresh interpreter so ru_maxrss (the peak) belongs to this workload alone.
SCRIPT = textwrap.dedent(
    """
    import hashlib, json, os, resource, sys, time
    from workbench.capture import Capture

    total_mb, limit, spill_dir = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    chunk = 64 * 1024
    rng_block = os.urandom(1 << 20)
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    written = hashlib.sha1()
    sent = hashlib.sha1()
    t0 = time.perf_counter()
    cap = Capture(memory_limit=limit, spill_dir=spill_dir)
    n = total_mb * (1 << 20) // chunk
    for i in range(n):
        start = (i * 4099) % ((1 << 20) - chunk)
        data = i.to_bytes(8, "little") + rng_block[start + 8 : start + chunk]
        direction = "sent" if i % 3 else "received"
        cap.append(direction, "sendall" if direction == "sent" else "recv", data)
        written.update(data)
        if direction == "sent":
            sent.update(data)
    t_write = time.perf_counter() - t0
    assert cap.memory_bytes <= limit, cap.memory_bytes
    back = hashlib.sha1()
    nbytes = 0
    for block in cap.iter_data():
        back.update(block)
        nbytes += len(block)
    back_sent = hashlib.sha1()
    for block in cap.iter_data("sent"):
        back_sent.update(block)
    # Random chunks read back by index, across the whole file.
    for i in range(0, n, max(1, n // 97)):
        c = cap.chunk(i)
        assert c.length == chunk and cap.read(c.offset, 8) == i.to_bytes(8, "little")
        assert cap.chunk_at(c.offset + chunk - 1).index == i
    t_total = time.perf_counter() - t0
    peak_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    listing = os.listdir(spill_dir)
    cap.close()
    print(json.dumps({
        "chunks": len(cap), "total": cap.total_bytes, "read_back": nbytes,
        "same": written.hexdigest() == back.hexdigest(),
        "same_sent": sent.hexdigest() == back_sent.hexdigest(),
        "peak_growth": peak_after - peak_before, "write_s": t_write, "total_s": t_total,
        "spill_dir_entries": listing,
    }))
    """
)


def run_large(total_mb: int, limit: int, spill_dir: Path) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(total_mb), str(limit), str(spill_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=100,
    )
    assert result.returncode == 0, result.stderr
    out: dict[str, object] = json.loads(result.stdout)
    return out


def test_hundreds_of_mb_spill_to_disk_and_come_back_exactly(tmp_path: Path) -> None:
    total_mb, limit = 256, 4 << 20
    out = run_large(total_mb, limit, tmp_path)
    assert out["total"] == out["read_back"] == total_mb << 20
    assert out["chunks"] == total_mb * 16
    assert out["same"] is True and out["same_sent"] is True
    # 256 MB passed through; the process grew by about the memory tail, a couple of 1 MiB
    # read blocks and 18 bytes per chunk, nowhere near the data size.
    growth = out["peak_growth"]
    assert isinstance(growth, int) and growth < 24 << 20, f"peak RSS grew by {growth / 2**20:.1f} MiB"
    assert out["spill_dir_entries"] == []  # the spill file is anonymous
    print(
        f"256 MiB capture: write {out['write_s']:.2f}s, all {out['total_s']:.2f}s, peak +{growth / 2**20:.1f} MiB"
    )


@pytest.mark.parametrize("limit", [0, 1])
def test_tiny_memory_limits_still_lose_nothing(tmp_path: Path, limit: int) -> None:
    out = run_large(8, limit, tmp_path)
    assert out["same"] is True and out["same_sent"] is True
    assert out["read_back"] == 8 << 20

"""Start-up to a painted window, warm and cold, beside a bare QApplication+QWidget start in the same run.

Run:  .venv/bin/python bench/bench_startup.py [--runs 7] [--check]

Each figure is the wall time from spawning the process to the line the child
prints right after its first window paint (offscreen platform, 1280x800), so
interpreter start and every import are included. What the app does after that
paint is not: it imports asyncio and qasync and starts their loop (~50 ms, user
input waits in Qt's queue meanwhile), then builds the hidden timeline and hex tabs. "Cold" drops the page cache
of every file involved first (posix_fadvise DONTNEED on the interpreter,
stdlib, PySide6/shiboken6 and this project); pages another running process
keeps mapped cannot be dropped, so the share still resident is printed too.
Targets (issue 3): warm <= 400 ms, cold <= 600 ms.
"""

from __future__ import annotations

import argparse
import ctypes
import mmap
import os
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARK = "SOCKET_WORKBENCH_FIRST_PAINT"
TARGET_WARM_MS = 400.0
TARGET_COLD_MS = 600.0

BASELINE = f"""
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv)
w = QWidget()
w.resize(1280, 800)
class FirstPaint(QObject):
    done = False
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            QTimer.singleShot(0, self.report)
        return False
    def report(self):
        print("{MARK} 0", flush=True)
        app.quit()
f = FirstPaint()
w.installEventFilter(f)
w.show()
app.exec()
"""

COMMANDS = {
    "bare Qt (baseline)": [sys.executable, "-c", BASELINE],
    "socket-workbench": [sys.executable, "-m", "ui.app", "--startup-probe"],
}


def time_to_first_paint(cmd: list[str]) -> float:
    """Milliseconds from spawn to the child's first-paint line."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("SOCKET_WORKBENCH_STARTUP_PROBE", None)
    # An installed copy starts from cached bytecode (pip compiles it, PyInstaller ships it);
    # a shell that sets PYTHONDONTWRITEBYTECODE would make every run recompile our modules.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert proc.stdout is not None
    elapsed = None
    for line in proc.stdout:
        if line.startswith(MARK):
            elapsed = (time.perf_counter() - start) * 1000
            break
    proc.stdout.close()
    if proc.wait(timeout=60) != 0 or elapsed is None:
        raise SystemExit(f"{cmd[:3]} did not paint and exit cleanly (exit {proc.returncode})")
    return elapsed


# -- cold: dropping the page cache -------------------------------------------------------------------
def _files() -> Iterator[Path]:
    import PySide6
    import shiboken6

    roots = [
        Path(PySide6.__file__).parent,
        Path(shiboken6.__file__).parent,
        Path(sysconfig.get_paths()["stdlib"]),
        ROOT / "ui",
        ROOT / "workbench",
        Path(sys.executable).resolve().parent.parent / "lib",
    ]
    yield Path(sys.executable).resolve()
    seen: set[Path] = set()
    for root in roots:
        if not root.exists():
            continue
        for dirpath, _dirs, names in os.walk(root):
            for name in names:
                path = Path(dirpath, name)
                if path not in seen and path.is_file():
                    seen.add(path)
                    yield path


def drop_page_cache() -> int:
    dropped = 0
    for path in _files():
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            dropped += 1
        except OSError:
            pass
        finally:
            os.close(fd)
    return dropped


def resident_share(paths: list[Path]) -> float | None:
    """Share of these files' pages in the page cache (mincore), or None where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.mmap.restype = ctypes.c_void_p
        libc.mmap.argtypes = [
            ctypes.c_void_p,
            ctypes.c_size_t,
            ctypes.c_int,
            ctypes.c_int,
            ctypes.c_int,
            ctypes.c_long,
        ]
        libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
        libc.mincore.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p]
    except (OSError, AttributeError):
        return None
    page = mmap.PAGESIZE
    total = resident = 0
    for path in paths:
        size = path.stat().st_size
        if size == 0:
            continue
        fd = os.open(path, os.O_RDONLY)
        try:
            addr = libc.mmap(None, size, mmap.PROT_READ, mmap.MAP_SHARED, fd, 0)
            if addr in (None, ctypes.c_void_p(-1).value):
                continue
            pages = (size + page - 1) // page
            vec = (ctypes.c_ubyte * pages)()
            if libc.mincore(addr, size, vec) == 0:
                total += pages
                resident += sum(b & 1 for b in vec)
            libc.munmap(addr, size)
        finally:
            os.close(fd)
    return resident / total if total else None


def qt_libraries() -> list[Path]:
    import PySide6

    qt = Path(PySide6.__file__).parent
    return sorted(
        p
        for p in qt.rglob("libQt6*.so*")
        if p.is_file() and p.name.split(".so")[0] in ("libQt6Core", "libQt6Gui", "libQt6Widgets")
    )


# -- report ---------------------------------------------------------------------------------------
def _fmt(values: list[float]) -> str:
    return f"{statistics.median(values):6.0f} ms  [{min(values):.0f}-{max(values):.0f}]"


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("SOCKET_WORKBENCH_CONFIG_DIR", tempfile.mkdtemp(prefix="swb-bench-settings-"))  # never the user's settings
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="measured runs per command and mode")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)

    for cmd in COMMANDS.values():  # warm-up: .pyc files written, caches filled
        time_to_first_paint(cmd)

    warm: dict[str, list[float]] = {name: [] for name in COMMANDS}
    cold: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(args.runs):
        for name, cmd in COMMANDS.items():  # alternate, so load changes hit both alike
            warm[name].append(time_to_first_paint(cmd))
    residency: list[float] = []
    libs = qt_libraries()
    for _ in range(max(3, args.runs // 2)):
        for name, cmd in COMMANDS.items():
            drop_page_cache()
            share = resident_share(libs)
            if share is not None:
                residency.append(share)
            cold[name].append(time_to_first_paint(cmd))

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"start-up to first paint, offscreen 1280x800, median [min-max]; load average {load:.2f}, "
        f"{os.cpu_count()} CPUs"
    )
    print(f"{'':22}{'warm':>28}{'cold':>30}")
    base = "bare Qt (baseline)"
    for name in COMMANDS:
        w, c = warm[name], cold[name]
        wr = statistics.median(w) / statistics.median(warm[base])
        cr = statistics.median(c) / statistics.median(cold[base])
        ratio = "" if name == base else f"  ({wr:.2f}x / {cr:.2f}x)"
        print(f"{name:22}{_fmt(w):>28}{_fmt(c):>30}{ratio}")
    print(f"{'target':22}{'<= 400 ms':>28}{'<= 600 ms':>30}")
    if residency:
        print(
            f"cold runs: Qt core libraries still {100 * statistics.median(residency):.0f}% resident after the "
            "drop (pages mapped by other running processes stay cached)"
        )
    app_warm = statistics.median(warm["socket-workbench"])
    app_cold = statistics.median(cold["socket-workbench"])
    ok = app_warm <= TARGET_WARM_MS and app_cold <= TARGET_COLD_MS
    print(
        f"socket-workbench: warm {app_warm:.0f} ms {'meets' if app_warm <= TARGET_WARM_MS else 'MISSES'} "
        f"the target, cold {app_cold:.0f} ms {'meets' if app_cold <= TARGET_COLD_MS else 'MISSES'} the target"
    )
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())

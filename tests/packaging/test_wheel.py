"""The wheel `pip install socket-workbench` gets carries every module and the app's resources."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_has_every_module_and_resource(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        timeout=300,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("socket_workbench-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())

    sources = [p.relative_to(ROOT).as_posix() for d in ("workbench", "ui") for p in (ROOT / d).rglob("*.py")]
    missing = sorted(s for s in sources if s not in names)
    assert not missing, f"modules left out of the wheel: {missing}"

    for resource in (
        "icons/socket-workbench.svg",
        "icons/socket-workbench-256.png",
        "socket-workbench.desktop",
    ):
        assert f"ui/resources/{resource}" in names
    entry_points = (
        zipfile.ZipFile(wheel)
        .read(next(n for n in names if n.endswith(".dist-info/entry_points.txt")))
        .decode()
    )
    assert "socket-workbench = ui.app:main" in entry_points
    assert "workbench = workbench.cli:main" in entry_points

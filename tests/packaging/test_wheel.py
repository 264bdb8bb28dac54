"""The wheel `pip install socket-workbench` gets carries every module and the app's resources."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOT_SOURCES = (".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache")


def test_wheel_has_every_module_and_resource(tmp_path: Path) -> None:
    # Build from a copy: setuptools reuses ./build, whose leftovers would hide a package left out.
    source = tmp_path / "src"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*NOT_SOURCES))
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
    subprocess.run(
        [*pip_wheel, "-w", str(tmp_path), str(source)], check=True, timeout=300, capture_output=True
    )
    (wheel,) = tmp_path.glob("socket_workbench-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = archive.read(next(n for n in names if n.endswith(".dist-info/entry_points.txt")))

    sources = [p.relative_to(ROOT).as_posix() for d in ("workbench", "ui") for p in (ROOT / d).rglob("*.py")]
    missing = sorted(s for s in sources if s not in names)
    assert not missing, f"modules left out of the wheel: {missing}"
    for resource in (
        "icons/socket-workbench.svg",
        "icons/socket-workbench-256.png",
        "socket-workbench.desktop",
    ):
        assert f"ui/resources/{resource}" in names
    for data in ("index.toml", "explanations.en.toml", "explanations.zh_CN.toml"):
        assert f"workbench/teach/{data}" in names
    assert b"socket-workbench = ui.app:main" in entry_points
    assert b"workbench = workbench.cli:main" in entry_points

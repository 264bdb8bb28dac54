"""The wheel `pip install socket-workbench` gets carries every module and the app's resources."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from PySide6.QtCore import QTranslator

ROOT = Path(__file__).resolve().parents[2]
# *.qm: the build must make the translations itself, not find a checkout's leftovers
NOT_SOURCES = (".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", "*.qm")
QM = "ui/resources/translations/socket_workbench_zh_CN.qm"


def _copy_sources(tmp_path: Path) -> Path:
    # Build from a copy: setuptools reuses ./build, whose leftovers would hide a package left out.
    source = tmp_path / "src"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*NOT_SOURCES))
    return source


def _pip_wheel(
    source: Path, out: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
    return subprocess.run(
        [*pip_wheel, "-w", str(out), str(source)], timeout=300, capture_output=True, text=True, env=env
    )


def test_wheel_has_every_module_and_resource(tmp_path: Path) -> None:
    source = _copy_sources(tmp_path)
    proc = _pip_wheel(source, tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
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

    # the Chinese translation, built from this checkout's .ts, and it reads as Chinese
    assert QM in names, "the wheel carries no .qm: setup.py did not build the translations"
    assert not [n for n in names if n.endswith(".ts")]  # the sources stay in the sdist
    qm = tmp_path / "zh_CN.qm"
    with zipfile.ZipFile(wheel) as archive:
        qm.write_bytes(archive.read(QM))
    translator = QTranslator()
    assert translator.load(str(qm))
    assert translator.translate("ServerPane", "Start server") == "启动服务器"
    assert translator.translate("SelfTest", "PASS") == "通过"


def test_a_build_without_lrelease_stops_with_a_clear_error(tmp_path: Path) -> None:
    source = _copy_sources(tmp_path)
    proc = _pip_wheel(source, tmp_path / "out", env={**os.environ, "LRELEASE": str(tmp_path / "no-lrelease")})
    assert proc.returncode != 0
    assert "cannot build the translations: LRELEASE=" in proc.stdout + proc.stderr
    assert not list((tmp_path / "out").glob("*.whl"))

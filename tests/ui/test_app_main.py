"""The socket-workbench entry point: start-up to a painted window, --version, --self-test dispatch."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ui.app import STARTUP_MARK
from ui.i18n import install_translator, resources_dir, translation_file

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "ui.app", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_app_paints_a_window_and_quits_cleanly(tmp_path: Path) -> None:
    result = _run("--startup-probe")
    assert result.returncode == 0, result.stderr
    marks = [line for line in result.stdout.splitlines() if line.startswith(STARTUP_MARK)]
    assert len(marks) == 1
    assert float(marks[0].split()[1]) > 0
    assert "Traceback" not in result.stderr


def test_version() -> None:
    result = _run("--version")
    assert result.returncode == 0 and result.stdout.startswith("socket-workbench ")


def test_self_test_is_dispatched_to_ui_selftest() -> None:
    result = _run("--self-test", "--help")
    assert result.returncode == 0, result.stderr
    assert "--self-test" in result.stdout  # the self-test's own usage line


def test_resources_and_translation_lookup(qapp) -> None:
    from PySide6.QtCore import QLocale

    assert (resources_dir() / "icons" / "socket-workbench.svg").is_file()
    # no .qm for a locale we do not ship: nothing is installed, nothing breaks
    assert translation_file(QLocale("tlh")) is None
    assert install_translator(qapp, QLocale("tlh")) is None

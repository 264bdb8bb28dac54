"""The engine must stay Qt-free: every workbench module imports with PySide6 and ui blocked."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import workbench

ROOT = Path(__file__).resolve().parents[2]

BLOCKER = """
import importlib.abc, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'shiboken6', 'ui', 'qasync'):
            raise ImportError('blocked for the Qt-free check: ' + name)
sys.meta_path.insert(0, Block())
import importlib
for name in sys.argv[1:]:
    importlib.import_module(name)
print('imported', len(sys.argv) - 1)
"""


def engine_modules() -> list[str]:
    names = ["workbench"]
    for info in pkgutil.walk_packages(workbench.__path__, "workbench."):
        if info.name != "workbench.__main__":
            names.append(info.name)
    return names


def test_every_engine_module_imports_without_qt() -> None:
    modules = engine_modules()
    assert "workbench.events" in modules and "workbench.spec" in modules
    result = subprocess.run(
        [sys.executable, "-c", BLOCKER, *modules],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert f"imported {len(modules)}" in result.stdout

"""Build hook: compile the .qm translations from resources/translations/*.ts before packaging.

Everything else about the build is in pyproject.toml. The .qm files are never committed;
packaging/translations.py (loaded by path: "packaging" is also a PyPI library's name) runs
lrelease, which the build gets from PySide6-Essentials (a build requirement).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.errors import SetupError

ROOT = Path(__file__).resolve().parent


def _translations() -> ModuleType:
    spec = importlib.util.spec_from_file_location("_swb_translations", ROOT / "packaging" / "translations.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BuildPyWithTranslations(build_py):
    """build_py that first turns each .ts into its .qm, so package data picks the .qm up."""

    def run(self) -> None:
        tools = _translations()
        try:
            tools.compile_translations(force=True)
        except (tools.TranslationToolMissing, tools.TranslationBuildFailed) as exc:
            raise SetupError(f"cannot build the translations: {exc}") from None
        super().run()


setup(cmdclass={"build_py": BuildPyWithTranslations})

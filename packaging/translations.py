"""Build the .qm files Qt loads from resources/translations/*.ts (lrelease), and refresh the .ts (lupdate).

Nothing generated is committed: the .qm files are made where they are needed, so every
copy carries the translation of the .ts it was built from:

- the wheel and sdist builds (``setup.py`` runs this before collecting package data),
- the PyInstaller bundle (``packaging/socket-workbench.spec``), and so the .deb and tarball,
- a source checkout (``scripts/run-app`` and ``scripts/run-tests``, through bootstrap.sh).

Run it yourself:

    python packaging/translations.py             # build each .qm older than its .ts
    python packaging/translations.py --force     # build them all
    python packaging/translations.py --update    # lupdate: add new tr() texts from ui/ to the .ts

lrelease and lupdate ship with PySide6-Essentials (a build requirement in pyproject.toml);
``LRELEASE`` / ``LUPDATE`` name other copies. Only the standard library is imported here:
this file is loaded by path from setup.py and the spec (``packaging`` is also the name of
a PyPI library, so it is never imported as a package).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS_DIR = ROOT / "resources" / "translations"
#: The languages with a .ts, and the file lupdate refreshes.
TS_FILES = {"zh_CN": TS_DIR / "socket_workbench_zh_CN.ts"}
#: Where lupdate looks for tr() texts.
SOURCE_DIRS = (ROOT / "ui",)


class TranslationToolMissing(RuntimeError):
    """lrelease or lupdate cannot be found; the message says how to get it."""


class TranslationBuildFailed(RuntimeError):
    """lrelease or lupdate ran and failed; the message carries its output."""


def qt_tool(name: str) -> str:
    """The path of Qt's `name` tool ("lrelease" or "lupdate")."""
    override = os.environ.get(name.upper())
    if override:
        if shutil.which(override) is None:
            raise TranslationToolMissing(f"{name.upper()}={override} is not an executable")
        return override
    exe = f"{name}.exe" if sys.platform == "win32" else name
    try:
        import importlib.util

        spec = importlib.util.find_spec("PySide6")  # the package's folder; Qt itself is not loaded
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            candidate = Path(folder) / exe
            if candidate.is_file():
                return str(candidate)
    for candidate in (f"pyside6-{name}", f"{name}-qt6", f"{name}6", name):
        found = shutil.which(candidate)
        if found:
            return found
    raise TranslationToolMissing(
        f"{name} is needed to build the Chinese translation from resources/translations/*.ts, and "
        f"none was found. It comes with PySide6-Essentials: install it into the Python that runs "
        f"this build (pip install PySide6-Essentials), or set {name.upper()} to a Qt 6 {name}."
    )


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise TranslationBuildFailed(
            f"{Path(command[0]).name} failed ({result.returncode}): {(result.stderr or result.stdout).strip()}"
        )


def compile_translations(
    ts_dir: Path = TS_DIR, out_dir: Path | None = None, force: bool = False
) -> list[Path]:
    """Build <name>.qm beside (or into out_dir for) each .ts; returns the .qm paths.

    Without `force`, a .qm newer than its .ts is left alone.
    """
    built = []
    tool: str | None = None
    for ts in sorted(ts_dir.glob("*.ts")):
        qm = (out_dir or ts.parent) / ts.with_suffix(".qm").name
        if force or not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
            tool = tool or qt_tool("lrelease")
            qm.parent.mkdir(parents=True, exist_ok=True)
            _run([tool, "-silent", str(ts), "-qm", str(qm)])
        built.append(qm)
    return built


def update_sources(ts: Path = TS_FILES["zh_CN"], sources: tuple[Path, ...] = SOURCE_DIRS) -> None:
    """lupdate: add the tr() texts of `sources` to `ts`, marking texts no longer in the code vanished.

    No source locations are written: line numbers would change the .ts with every edit of
    the code and make branches conflict; the context (the class) tells a translator where.
    """
    files = sorted(str(p) for folder in sources for p in folder.rglob("*.py"))
    _run(
        [
            qt_tool("lupdate"),
            "-silent",
            "-locations",
            "none",
            "-target-language",
            "zh_CN",
            *files,
            "-ts",
            str(ts),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="build every .qm, even one newer than its .ts")
    parser.add_argument("--update", action="store_true", help="refresh the .ts from ui/ with lupdate first")
    args = parser.parse_args(argv)
    try:
        if args.update:
            for ts in TS_FILES.values():
                update_sources(ts)
        for qm in compile_translations(force=args.force):
            print(qm)
    except (TranslationToolMissing, TranslationBuildFailed) as exc:
        print(f"translations: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The README's Chinese screenshot (docs/screenshot-zh_CN.png): scripts/screenshots.py's scenario in 简体中文.

Run under Xvfb, with a CJK font installed (fonts-wqy-microhei):
    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshot_zh_cn.py [--all DIR]

--all DIR keeps every shot of the scenario in DIR (to check each layout in Chinese).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot-zh_CN.png")
    parser.add_argument("--all", type=Path, metavar="DIR", help="keep every shot of the scenario here")
    args = parser.parse_args(argv)

    import asyncio

    import qasync
    import screenshots
    from PySide6.QtWidgets import QApplication

    from ui.app import apply_style
    from ui.i18n import apply_language
    from ui.language import install_language_menu
    from ui.mainwindow import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    apply_style(app)
    if not apply_language("zh_CN", app):
        raise SystemExit("screenshot_zh_cn: no Chinese .qm; run python packaging/translations.py first")
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    window = MainWindow()
    install_language_menu(window, window.menuBar())  # as ui.app does
    window.resize(1280, 800)
    window.show()
    folder = args.all or Path(tempfile.mkdtemp(prefix="swb-shots-"))
    folder.mkdir(parents=True, exist_ok=True)

    async def run() -> list[Path]:
        try:
            await asyncio.sleep(0.3)
            return await screenshots.scenario(window, folder)
        finally:
            await window.shutdown()

    try:
        with loop:
            shots = loop.run_until_complete(run())
        shutil.copyfile(folder / "screenshot-events.png", args.out)
        print(args.out)
    finally:
        window.close()
        if args.all is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0 if shots else 1


if __name__ == "__main__":
    sys.exit(main())

"""Screenshots of the Explain pane (English, then Chinese, switched live) and of a replay position.

Run under Xvfb (a CJK font such as fonts-wqy-microhei for the Chinese one):
    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshots_teach.py [--out docs]

It drives the real window and its host: a server whose allow list leaves out 127.0.0.1, one
client it refuses and, after the allow list is cleared, one it serves; the verify_request exit
row of the refused one is selected (docs/screenshot-explain.png), the language switched to
简体中文 (docs/screenshot-explain-zh_CN.png); then the session is saved, opened read-only and
replayed to the middle of the served request (docs/screenshot-replay.png). Settings are a
temporary folder of its own.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.screenshots import run_window, until  # noqa: E402  # the path is set just above


async def scenario(window: Any, out: Path, _prefix: str) -> list[Path]:
    """The shots, with the saved session in a temporary folder (they switch language themselves)."""
    with tempfile.TemporaryDirectory(prefix="swb-shots-") as folder:
        return await _scenario(window, out, Path(folder))


async def _scenario(window: Any, out: Path, folder: Path) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from ui.i18n import apply_language
    from workbench.spec import ClientSpec, ServerSpec

    app = QApplication.instance()
    session = window.session
    shots: list[Path] = []

    def shot(target: Any, name: str) -> None:
        path = out / f"screenshot-{name}.png"
        if not target.grab().save(str(path)):
            raise SystemExit(f"screenshots: could not write {path}")
        shots.append(path)
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)

    async def settle(target: Any, seconds: float = 0.3) -> None:
        await asyncio.sleep(seconds)
        target.feed.read_now()
        target.events_pane.flush()
        target.hex_pane.flush()
        app.processEvents()
        await asyncio.sleep(0.05)

    refusing = await session.start_server(ServerSpec(allow=("10.0.0.0/8",)))
    port = int(refusing.address[1])
    window.server_pane.allow.setText("10.0.0.0/8")
    refused = await session.add_client(ClientSpec(port=port))
    await session.connect_client(refused)
    await until(
        lambda: (
            window.feed.read_now()
            or window.events_pane.flush()
            or _row(window, "shutdown_request", "enter") >= 0
        ),
        what="the refused request",
    )
    await session.stop_server(refusing.id)
    serving = await session.start_server(ServerSpec(mixin="threading", delay=0.2))
    served = await session.add_client(ClientSpec(port=int(serving.address[1])))
    await session.connect_client(served)
    await served.sendall(b"hello, socketserver\n")
    await asyncio.sleep(0.4)
    await served.shutdown()
    await asyncio.sleep(0.3)
    await settle(window)

    view = window.events_pane.view
    row = _row(window, "verify_request", "exit")
    view.selectRow(row)
    view.scrollTo(view.model().index(row, 0))
    await settle(window)
    shot(window, "explain")

    apply_language("zh_CN")
    await settle(window)
    shot(window, "explain-zh_CN")
    apply_language("en")
    await settle(window)

    saved = folder / "session.swb"
    await session.shutdown()
    await asyncio.sleep(0.2)
    window.feed.read_now()
    await window.save_session(str(saved))
    replay = window.open_session(str(saved))
    assert replay is not None
    replay.feed.read_now()
    replay.ensure_panes()
    target = _record(replay, "recv", served=True)
    replay.replay_bar.go(target + 1)
    replay.tabs.setCurrentIndex(2)  # the hex view, at the bytes this recv moved
    await settle(replay, 0.4)
    shot(replay, "replay")
    replay.close()
    return shots


def _row(window: Any, event: str, phase: str) -> int:
    model = window.events_pane.model
    for r in range(model.rowCount()):
        summary = model.row_summary(r)
        if summary["event"] == event and (summary["phase"] or "") == phase:
            return r
    return -1


def _record(window: Any, event: str, served: bool) -> int:
    """The record of the served request's first ``event`` (on server-2)."""
    reader = window.feed.reader
    for i, ev in enumerate(reader.events()):
        if ev.event == event and ev.source == "server-2" and ev.data:
            return i
    raise SystemExit(f"screenshots: no {event} on server-2")


def main(argv: list[str] | None = None) -> int:
    return run_window(scenario, argparse.ArgumentParser(description=__doc__.splitlines()[0]), argv, out=ROOT / "docs")


if __name__ == "__main__":
    sys.exit(main())

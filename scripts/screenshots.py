"""Screenshots of the real window in realistic states, for the README (docs/screenshot-*.png).

Run under Xvfb (a CJK font such as fonts-wqy-microhei for --lang zh_CN):
    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshots.py [--out docs] [--lang zh_CN]
        [--size 1024x700]    (and QT_SCALE_FACTOR=2 with a 2600x1700 screen for the scaled look)

With --lang zh_CN the shots are named screenshot-zh_CN-*.png. The window uses settings of its
own (a temporary folder): nothing of the user's last forms leaks into the pictures.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


async def until(condition: Callable[[], Any], timeout: float = 10.0, what: str = "") -> Any:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not (value := condition()):
        if loop.time() > deadline:
            raise SystemExit(f"screenshots: timed out waiting for {what}")
        await asyncio.sleep(0.02)
    return value


async def scenario(window: Any, out: Path, prefix: str = "") -> list[Path]:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    sp, cp, session = window.server_pane, window.client_pane, window.session
    shots: list[Path] = []

    async def settle(seconds: float = 0.3) -> None:
        await asyncio.sleep(seconds)
        window.feed.read_now()
        window.events_pane.flush()
        window.hex_pane.flush()
        app.processEvents()
        await asyncio.sleep(0.05)

    def shot(name: str) -> None:
        path = out / f"screenshot-{prefix}{name}.png"
        if not window.grab().save(str(path)):
            raise SystemExit(f"screenshots: could not write {path}")
        shots.append(path)
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)

    # A ThreadingMixIn echo server whose handler takes a moment, so requests overlap.
    sp.mixin.setCurrentIndex(sp.mixin.findData("threading"))
    sp.delay.setValue(0.4)
    sp.start.click()
    await until(lambda: session.servers, what="the server")
    server_id = next(iter(session.servers))

    async def connect() -> str:
        before = set(session.clients)
        cp.connect_button.click()
        new = await until(lambda: set(session.clients) - before, what="a client")
        ident = new.pop()
        await until(lambda: session.clients[ident].connected, what="the connection")
        return ident

    async def send(ident: str, mode: str, text: str, call: str = "sendall") -> None:
        cp.select_client(ident)
        cp.mode.setCurrentIndex(cp.mode.findData(mode))
        cp.payload.setPlainText(text)
        cp.call.setCurrentIndex(cp.call.findData(call))
        await until(cp.send_button.isEnabled, what="Send")
        cp.send_button.click()
        await asyncio.sleep(0.05)

    first = await connect()
    second = await connect()
    await send(first, "escape", r"GET /index.html HTTP/1.0\r\nHost: localhost\r\n\r\n")
    await send(second, "hex", "de ad be ef 00 01 02 03 ff fe 7f 80 41 42 43 0a")
    await asyncio.sleep(0.2)
    await send(first, "text", "hello, socketserver\n")
    await send(second, "escape", r"ping\x00\xff")
    await until(lambda: cp._received.get(second, (0, 0))[0] >= 22, what="the echoes")
    # client-1 says it is done (SHUT_WR): its request finishes; client-2 stays connected
    cp.select_client(first)
    cp.shutdown_button.click()
    await until(lambda: session.servers[server_id].active_requests <= 1, what="the first request to finish")
    await settle(0.6)
    # the payload editor shows a readable escape payload in the shots
    cp.select_client(second)
    cp.mode.setCurrentIndex(cp.mode.findData("escape"))
    cp.payload.setPlainText(r"ping\x00\xff")
    window.live_list.refresh_counts()

    window.tabs.setCurrentIndex(0)
    await settle()
    shot("events")

    window.tabs.setCurrentIndex(1)
    await settle(0.5)
    shot("timeline")

    window.tabs.setCurrentIndex(2)
    window.hex_pane.show_connection(session.clients[first].source, 0)
    await settle()
    view = window.hex_pane.view
    view.select(0, 4)  # "GET " : the inspector shows it as integers, floats, UTF-8 and binary
    await settle()
    shot("hex")

    # Errors in plain words next to the field that caused them.
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen()
    try:
        sp.delay.setValue(0.0)
        sp.port.setValue(blocker.getsockname()[1])
        sp.start.click()
        await until(sp.errors["port"].label.isVisible, what="the port error")
        cp.mode.setCurrentIndex(cp.mode.findData("hex"))
        cp.payload.setPlainText("48 65 6c 6c 6f zz 21")
        window.tabs.setCurrentIndex(0)
        await settle()
        shot("errors")
    finally:
        blocker.close()
    for err in sp.errors.values():
        err.clear()

    # The same two clients against a server with no mixin: the second waits for the first.
    for ident in list(session.clients):
        cp.select_client(ident)
        cp.close_button.click()
    await session.stop_server(server_id)
    window.clear_views()
    sp.port.setValue(0)
    sp.mixin.setCurrentIndex(sp.mixin.findData("none"))
    sp.delay.setValue(0.8)
    sp.start.click()
    await until(lambda: session.servers, what="the no-mixin server")
    blocking_id = next(iter(session.servers))
    cp.use_server(blocking_id)
    first, second = await connect(), await connect()
    await send(first, "text", "first client\n")
    await send(second, "text", "second client\n")
    await until(lambda: cp._received.get(first, (0, 0))[0] >= 13, what="the first echo")
    await asyncio.sleep(0.5)
    # The echo handler serves client-1 until it closes its side; only then is client-2 accepted.
    for ident in (first, second):
        cp.select_client(ident)
        cp.shutdown_button.click()
        await until(lambda i=ident: cp._received.get(i, (0, 0))[0] >= 13, timeout=15, what="an echo")
    await until(lambda: session.servers[blocking_id].active_requests == 0, what="both requests to finish")
    cp.payload.setPlainText("second client")
    window.tabs.setCurrentIndex(1)
    await settle(0.6)
    shot("no-mixin")
    return shots


class Shots:
    """A scenario's PNGs: ``settle()`` lets the window catch up with its host, ``shot()`` saves a widget."""

    def __init__(self, window: Any, out: Path, prefix: str) -> None:
        self.window, self.out, self.prefix = window, out, prefix
        self.paths: list[Path] = []

    async def settle(self, seconds: float = 0.4) -> None:
        from PySide6.QtWidgets import QApplication

        await asyncio.sleep(seconds)
        self.window.feed.read_now()
        self.window.events_pane.flush()
        QApplication.processEvents()
        await asyncio.sleep(0.05)

    def shot(self, widget: Any, name: str) -> None:
        self.add(self.out / f"{self.prefix}{name}.png", widget.grab())

    def add(self, path: Path, image: Any) -> None:
        """Save ``image`` (a QPixmap) at ``path`` and note it."""
        if not image.save(str(path)):
            raise SystemExit(f"screenshots: could not write {path}")
        self.paths.append(path)
        print(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    return run_window(scenario, parser, argv, out=ROOT / "docs")


def run_window(
    scenario: Callable[..., Any],
    parser: argparse.ArgumentParser,
    argv: list[str] | None = None,
    out: Path | None = None,
) -> int:
    """Parse --out/--lang/--size, start the real window with settings of its own, run ``scenario``.

    ``scenario(window, out, prefix)`` is a coroutine returning the PNGs it wrote; every
    screenshot script but the teaching one shares this. ``out``: --out's default (None: asked).
    """
    if out is None:
        parser.add_argument("--out", type=Path, required=True, help="where the PNGs go")
    else:
        parser.add_argument("--out", type=Path, default=out, help="where the PNGs go")
    parser.add_argument("--lang", choices=["en", "zh_CN"], default="en", help="the window's language")
    parser.add_argument(
        "--size", default="1280x800", help="the window's size in logical pixels, e.g. 1024x700 (#12: it must fit)"
    )
    args = parser.parse_args(argv)
    try:
        width, height = (int(n) for n in args.size.lower().split("x"))
    except ValueError:
        parser.error(f"--size: WIDTHxHEIGHT, e.g. 1024x700, not {args.size!r}")
    args.out.mkdir(parents=True, exist_ok=True)
    import os
    import tempfile

    os.environ["SOCKET_WORKBENCH_CONFIG_DIR"] = tempfile.mkdtemp(prefix="swb-shots-settings-")

    import qasync
    from PySide6.QtWidgets import QApplication

    from ui.app import apply_style
    from ui.i18n import apply_language
    from ui.mainwindow import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    apply_style(app)
    if args.lang != "en" and not apply_language(args.lang, app):
        raise SystemExit("screenshots: no .qm for that language; run python packaging/translations.py first")
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    window = MainWindow()
    window.resize(width, height)
    window.move(40, 40)  # on screen whole, for the scripts that grab the screen (message boxes)
    window.show()

    async def run() -> list[Path]:
        try:
            await asyncio.sleep(0.3)
            window.session.start_host()
            await window.session.ensure_host()
            return list(await scenario(window, args.out, "" if args.lang == "en" else f"{args.lang}-"))
        finally:
            await window.session.shutdown()

    with loop:
        shots = loop.run_until_complete(run())
    window.close()
    window.session.finish()
    return 0 if shots else 1


if __name__ == "__main__":
    sys.exit(main())

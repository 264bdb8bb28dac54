"""The event table, the timeline and the hex pane fit: at 1024x700, and scaled twice at 1280x800 (#12 item 7)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.ui.conftest import Driver
from tests.ui.fit_check import window_report
from workbench.spec import ClientSpec, ServerSpec

ROOT = Path(__file__).resolve().parents[2]


async def some_traffic(ui: Driver) -> None:
    session = ui.window.session
    server = await session.start_server(ServerSpec())
    assert isinstance(server.address, tuple)
    client = await session.add_client(ClientSpec(port=int(server.address[1])))
    await session.connect_client(client)
    for _ in range(20):  # rows enough for the table's vertical scroll bar (it takes width too)
        await client.sendall(b"PING 1\r\nPING 2\r\n")

    def echoed() -> bool:
        ui.window.hex_pane.flush()
        stream = ui.stream(client.id)
        return stream is not None and stream.bytes_in("received") >= 320

    await ui.until(echoed, what="the echo")


@pytest.mark.parametrize("size", [(1024, 700), (1280, 800)])
def test_nothing_in_the_centre_is_cut_off(ui: Driver, size: tuple[int, int]) -> None:
    ui.window.resize(*size)
    ui.run(some_traffic(ui))
    ui.window.events_pane.framing.set_spec("delimiter:\\r\\n")  # the framing row with its status, too
    ui.window.hex_pane.finish_framing()
    report = window_report(ui.window)
    assert report.pop("hex_pane_wider_than_tab") <= 0, report
    sideways = report.pop("events_sideways_scroll")
    if size[0] >= 1280:
        assert sideways == 0, "at 1280 px every column of the event table is in view"
    assert report == {
        "events": [],
        "bytes_column_shortfall": 0,
        "timeline": [],
        "hex": [],
        "hex_sideways_scroll": 0,
    }, report


SCALED = textwrap.dedent(
    """
    import asyncio, json, sys
    from PySide6.QtWidgets import QApplication
    import qasync
    app = QApplication(["test"])
    from ui.app import apply_style
    apply_style(app)
    from ui.mainwindow import MainWindow
    from workbench.spec import ClientSpec, ServerSpec
    from tests.ui.fit_check import window_report
    window = MainWindow(); window.resize(1280, 800); window.show()
    loop = qasync.QEventLoop(app); asyncio.set_event_loop(loop)

    async def main():
        session = window.session
        session.start_host()
        await session.ensure_host()
        try:
            server = await session.start_server(ServerSpec())
            client = await session.add_client(ClientSpec(port=server.address[1]))
            await session.connect_client(client)
            for _ in range(20):
                await client.sendall(b"PING 1\\r\\nPING 2\\r\\n")
            for _ in range(200):
                await asyncio.sleep(0.02)
                window.feed.read_now()
                window.hex_pane.flush()
                key = window.hex_pane.current_connection()
                stream = key and window.hex_pane.stream_of(key)
                if stream and stream.bytes_in("received") >= 320:
                    break
            window.events_pane.framing.set_spec("delimiter:\\\\r\\\\n")
            window.hex_pane.finish_framing()
            report = window_report(window)
            report["device_pixel_ratio"] = window.devicePixelRatio()
            print(json.dumps(report), flush=True)
        finally:
            await session.shutdown()

    loop.run_until_complete(main())
    window.close()
    window.session.finish()
    """
)


def test_scaled_twice_at_1280_by_800_nothing_in_the_centre_is_cut_off(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "QT_SCALE_FACTOR": "2",
        "PYTHONPATH": str(ROOT),
        "SOCKET_WORKBENCH_CONFIG_DIR": str(tmp_path),
        "SOCKET_WORKBENCH_LOG_DIR": str(tmp_path / "logs"),
        "SOCKET_WORKBENCH_LANGUAGE": "en",
    }
    result = subprocess.run(
        [sys.executable, "-c", SCALED], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report.pop("device_pixel_ratio") == 2
    assert report.pop("hex_pane_wider_than_tab") <= 0, report
    assert report.pop("events_sideways_scroll") == 0, report
    assert report == {
        "events": [],
        "bytes_column_shortfall": 0,
        "timeline": [],
        "hex": [],
        "hex_sideways_scroll": 0,
    }, report

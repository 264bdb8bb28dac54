"""Replay of a saved session: step forward and back, and every pane shows the session up to the position."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

from PySide6.QtWidgets import QApplication

from tests.ui.conftest import Driver
from ui.code_dialog import CodeDialog
from ui.mainwindow import MainWindow
from workbench.events import HANDLER_STEPS, Phase
from workbench.session.reader import SessionReader
from workbench.spec import ClientSpec, ServerSpec
from workbench.teach.codegen import client_program, server_program


def _record_session(ui: Driver, path: Path) -> None:
    """A real window session: a ThreadingMixIn echo server, two clients, saved to ``path``."""
    window = ui.window
    session = window.session

    async def scenario() -> None:
        server = await session.start_server(ServerSpec(mixin="threading"))
        assert isinstance(server.address, tuple)
        port = int(server.address[1])
        for payload in (b"first client\n", b"second, a little longer\n"):
            client = await session.add_client(ClientSpec(port=port))
            await session.connect_client(client)
            await client.sendall(payload)
            size = len(payload)
            await ui.until(lambda c=client, n=size: window.feed.read_now() or _echoed(ui, c.source) >= n)
            await client.shutdown()
        await session.shutdown()
        await asyncio.sleep(0.1)
        window.feed.read_now()
        await window.save_session(str(path))

    ui.run(scenario())


def _source(path: Path, name: str) -> int:
    with SessionReader(path) as reader:
        return reader.tables.source_ids[name]


def _echoed(ui: Driver, source: int) -> int:
    stream = ui.window.hex_pane.stream_for(source, 0)
    return 0 if stream is None else stream.bytes_in("received")


def _expected(path: Path, position: int) -> tuple[int, dict[tuple[str, int], int], int]:
    """What the records [0, position) hold, decoded independently of the panes.

    (rows, bytes per connection (client: request 0), setup/handle/finish enters).
    """
    moved: dict[tuple[str, int], int] = {}
    bars = 0
    with SessionReader(path) as reader:
        for ev in reader.events(0, position):
            if ev.data is not None:
                key = (ev.source, 0 if ev.role == "client" else ev.request or 0)
                moved[key] = moved.get(key, 0) + len(ev.data)
            if ev.kind in HANDLER_STEPS and ev.phase == Phase.ENTER.label:
                bars += 1
    return position, moved, bars


def _shown(window: MainWindow) -> tuple[int, dict[tuple[str, int], int], int]:
    """What the panes show now: event rows, the hex view's bytes per connection, timeline bars."""
    window.events_pane.flush()
    hex_pane = window.hex_pane
    hex_pane.flush()  # type: ignore[attr-defined]
    reader = window.feed.reader
    assert reader is not None
    moved = {}
    for source, request, _peer in hex_pane.connections():  # type: ignore[attr-defined]
        stream = hex_pane.stream_for(source, request)  # type: ignore[attr-defined]
        moved[(reader.tables.source_name(source), request)] = stream.total_bytes
    timeline = window.timeline
    return window.events_pane.model.rowCount(), moved, timeline.bar_count()


def test_replay_steps_forward_and_back_with_every_pane_in_step(ui: Driver, tmp_path: Path) -> None:
    saved = tmp_path / "two-clients.swb"
    _record_session(ui, saved)
    replay = ui.window.open_session(str(saved))
    assert replay is not None
    try:
        replay.feed.read_now()  # what its first tick delivers: every record
        replay.ensure_panes()
        bar, feed = replay.replay_bar, replay.feed
        total = feed.count
        assert total > 40 and not feed.live
        assert _shown(replay) == _expected(saved, total), "it opens at the end: the whole session"
        assert bar.position_label.text().startswith(f"event {total} of {total}")

        bar.go(0)
        assert _shown(replay) == (0, {}, 0)
        assert not bar.step_back.isEnabled() and bar.step_forward.isEnabled()
        # forward one event at a time through the first request's bytes
        with SessionReader(saved) as reader:
            first_data = next(i for i, ev in enumerate(reader.events()) if ev.data)
        for _ in range(first_data + 1):
            ui.click(bar.step_forward)
        assert bar.position == first_data + 1
        assert _shown(replay) == _expected(saved, first_data + 1)
        assert sum(_shown(replay)[1].values()) > 0, "the hex view holds the first call's bytes"

        middle = total // 2
        bar.go(middle)
        assert _shown(replay) == _expected(saved, middle)
        assert bar.slider.value() == middle
        for _ in range(5):
            ui.click(bar.step_back)
        assert bar.position == middle - 5
        assert _shown(replay) == _expected(saved, middle - 5)
        # the current event is selected and explained
        current = replay.events_pane.view.currentIndex()
        assert current.isValid() and current.row() == middle - 6
        assert replay.explain_pane.subject is not None
        assert replay.explain_pane.subject.key == ("record", middle - 6)
        assert bar.position_label.text().startswith(f"event {middle - 5} of {total}")

        # the hex view: a data call shows its own bytes, selected; any other event keeps the
        # connection chosen before the move
        hex_pane = replay.hex_pane
        with SessionReader(saved) as reader:
            events = list(reader.events())
        data = [i for i, ev in enumerate(events) if ev.data and ev.source == "client-2"]
        bar.go(data[0] + 1)
        key = hex_pane.current_connection()  # type: ignore[attr-defined]
        assert key is not None and reader.tables.source_name(key[0]) == "client-2"
        assert hex_pane.view.selected_bytes() == events[data[0]].data  # type: ignore[attr-defined]
        first_client = hex_pane.connections_model.row_of(hex_pane.connection_key(_source(saved, "client-1")))  # type: ignore[attr-defined]
        hex_pane.connection_combo.setCurrentIndex(first_client)  # type: ignore[attr-defined]
        quiet = next(i for i in range(data[0] + 1, total) if events[i].data is None)  # b"" is a call too
        bar.go(quiet + 1)
        assert hex_pane.current_connection() == hex_pane.connections_model.key(first_client)  # type: ignore[attr-defined]

        ui.click(bar.to_end)
        assert _shown(replay) == _expected(saved, total)
        assert not bar.step_forward.isEnabled()
        # the window still fits the 1280 x 800 screen the app is made for
        hint = replay.minimumSizeHint()
        assert hint.width() <= 1280 and hint.height() <= 800, hint

        # Show as Python in a saved session: the recorded server, and a client with what it sent
        with SessionReader(saved) as reader:
            detail = dict(reader.tables.sources[reader.tables.source_ids["server-1"]].detail)
            second = reader.tables.source_ids["client-2"]
            client_detail = dict(reader.tables.sources[second].detail)
        dialog = replay.show_server_code()
        assert isinstance(dialog, CodeDialog) and dialog.windowTitle() == "server-1 as Python"
        known = {f.name for f in dataclasses.fields(ServerSpec)}
        assert dialog.text() == server_program(
            ServerSpec.from_dict({k: v for k, v in detail.items() if k in known})
        )
        dialog.close()
        row = next(
            i
            for i, r in enumerate(Driver(ui.qtbot, ui.loop, replay).event_rows())
            if r["source"] == "client-2"
        )
        replay.events_pane.view.selectRow(row)  # the current row's client is the one shown
        dialog = replay.show_client_code()
        assert isinstance(dialog, CodeDialog) and dialog.windowTitle() == "client-2 as Python"
        spec = ClientSpec.from_dict(
            {k: client_detail[k] for k in ("family", "type", "host", "port", "path", "timeout")}
        )
        assert dialog.text() == client_program(spec, b"second, a little longer\n")
        dialog.close()
    finally:
        replay.close()
        QApplication.processEvents()


def test_play_moves_forward_at_its_speed_and_pause_holds(ui: Driver, tmp_path: Path) -> None:
    saved = tmp_path / "play.swb"
    _record_session(ui, saved)
    replay = ui.window.open_session(str(saved))
    assert replay is not None
    try:
        bar = replay.replay_bar
        bar.go(0)
        bar.speed.setCurrentIndex(bar.speed.findData(256))
        ui.click(bar.play)
        assert bar.play.isChecked()
        ui.qtbot.waitUntil(lambda: bar.position >= 20, timeout=3000)
        ui.click(bar.play)  # pause
        held = bar.position
        ui.qtbot.wait(200)
        assert bar.position == held and not bar.play.isChecked()
        assert _shown(replay)[0] == held
        # Play runs to the end and stops there
        bar.speed.setCurrentIndex(bar.speed.findData(16384))
        ui.click(bar.play)
        ui.qtbot.waitUntil(lambda: not bar.play.isChecked(), timeout=5000)
        assert bar.position == replay.feed.count
    finally:
        replay.close()
        QApplication.processEvents()

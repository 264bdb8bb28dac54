"""The client form (issue #12): ports past 65535 said, a target that follows the servers, states that follow
what happened, a connect timeout that is a field, Enter and Tab, and Chinese on every tab."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.client_steps import connect, result_says, rows_of, show_tab, start_server
from tests.ui.test_app_i18n import _switch, chinese_share


def test_a_port_past_65535_is_refused_in_words(ui, qtbot) -> None:
    port, error = ui.widget("clientPort"), ui.widget("clientPortError")
    port.setFocus()
    port.selectAll()
    qtbot.keyClicks(port, "70000")
    assert port.value() == 7000  # the last digit was refused, as before ...
    assert error.isVisible() and "65535" in error.text() and "70000" in error.text()  # ... but now it says so
    qtbot.keyClick(port, Qt.Key.Key_Backspace)
    assert port.value() == 700 and not error.isVisible()  # the next edit clears it


def _stop(ui, server_id: str):
    async def stop() -> None:
        ui.click(f"stop-{server_id}")
        await ui.until(
            lambda: server_id not in ui.window.session.servers, timeout=15, what="the server to stop"
        )

    return stop()


def test_the_target_follows_the_running_servers(ui) -> None:
    pane, session = ui.window.client_pane, ui.window.session
    hint = ui.widget("clientTargetHint")

    async def scenario() -> None:
        first = await start_server(ui)
        second = await start_server(ui)
        pane.use_server(first)
        assert pane.port.value() == session.servers[first].address[1]
        await _stop(ui, first)
        # aimed at the other running server, and said so
        assert pane.use_server_combo.currentData() == second
        assert pane.port.value() == session.servers[second].address[1]
        assert hint.isVisible() and f"{first} stopped; the form now aims at {second}" in hint.text()
        old_port = pane.port.value()
        await _stop(ui, second)
        # nothing runs: not silently aimed at nothing
        assert pane.use_server_combo.currentIndex() == 0
        assert hint.isVisible() and f"nothing of ours listens on 127.0.0.1:{old_port}" in hint.text()
        third = await start_server(ui)
        assert pane.use_server_combo.currentData() == third and not hint.isVisible()
        assert pane.port.value() == session.servers[third].address[1]

    ui.run(scenario())


def test_a_stopped_server_the_form_no_longer_aims_at_changes_nothing(ui) -> None:
    pane = ui.window.client_pane

    async def scenario() -> None:
        first = await start_server(ui)
        pane.use_server(first)
        ui.widget("clientPort").setValue(1)  # the user aimed elsewhere by hand
        assert pane.use_server_combo.currentIndex() == 0
        await _stop(ui, first)
        assert pane.port.value() == 1 and not ui.widget("clientTargetHint").isVisible()

    ui.run(scenario())


def test_a_rejected_client_says_peer_closed_like_the_list(ui) -> None:
    async def scenario() -> None:
        # verify_request refuses 127.0.0.1: the server closes the connection the kernel accepted
        server = await start_server(ui, serverAllow="10.0.0.0/8")
        ident = await connect(ui, server)
        await ui.until(
            lambda: ui.window.live_list.item(ident).text(3) == "peer closed", what="the list's state"
        )
        status = ui.widget("clientStatus")
        await ui.until(
            lambda: f"{ident} peer closed" in status.text(), what="the same state in the client pane"
        )
        assert "connected" not in status.text().splitlines()[0]
        await ui.until(
            lambda: any(r["phase"] == "exit → False" for r in rows_of(ui, server, "verify_request"))
        )

    ui.run(scenario())


@pytest.fixture
def full_listener() -> Iterator[int]:
    """A loopback port whose accept queue is full (listen(0), one connection waiting): a connect hangs."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    queued = socket.create_connection(listener.getsockname(), timeout=2)
    try:
        yield int(listener.getsockname()[1])
    finally:
        queued.close()
        listener.close()


def test_the_connect_timeout_is_a_field_and_connect_stays_clickable(ui, full_listener: int) -> None:
    pane = ui.window.client_pane
    loop = asyncio.get_event_loop()

    async def scenario() -> None:
        ui.widget("clientPort").setValue(full_listener)
        ui.widget("clientTimeout").setValue(0.8)
        started = loop.time()
        ident = await connect(ui, connected=False)
        await ui.until(lambda: ident in pane._connecting, what="the connect under way")
        assert (
            ui.widget("clientConnecting").isVisible()
            and "(up to 0.8 s)" in ui.widget("clientConnecting").text()
        )
        assert f"{ident} connecting…" in ui.widget("clientStatus").text()
        # a second click while it waits says so (and starts nothing)
        ui.click("clientConnect")
        error = ui.widget("clientConnectError")
        assert error.isVisible() and f"{ident} is still connecting" in error.text()
        assert len(ui.window.session.clients) == 1
        timeout_error = ui.widget("clientTimeoutError")  # the error is about the field that set it
        await ui.until(timeout_error.isVisible, what="the timeout", timeout=10)
        assert "timed out after 0.8 s" in timeout_error.text()
        assert 0.7 <= loop.time() - started < 8
        assert not ui.widget("clientConnecting").isVisible()
        await ui.until(lambda: ui.window.live_list.item(ident).text(3) == "failed")

        # Cancel ends a wait at once
        ui.widget("clientTimeout").setValue(30)
        second = await connect(ui, connected=False)
        await ui.until(lambda: second in pane._connecting, what="the second connect under way")
        started = loop.time()
        ui.click("clientCancelConnect")
        await result_says(ui, f"{second}: connect cancelled")
        assert loop.time() - started < 3 and second not in ui.window.session.clients

    ui.run(scenario())


def test_enter_connects_and_makes_the_call_of_its_field(ui, qtbot) -> None:
    async def scenario() -> None:
        server = await start_server(ui)
        ui.window.client_pane.use_server(server)
        host = ui.widget("clientHost")
        host.setFocus()
        qtbot.keyClick(host, Qt.Key.Key_Return)
        ident = await ui.until(
            lambda: next(iter(ui.window.session.clients), None), what="a client from Enter"
        )
        await ui.until(lambda: ui.window.session.clients[ident].connected, what="its connection")
        qtbot.keyClick(ui.widget("clientPort"), Qt.Key.Key_Enter)  # the keypad's Enter too
        await ui.until(
            lambda: len(ui.window.session.clients) == 2, what="a second client from the port field"
        )
        second = ui.window.client_pane.current.currentData()
        await ui.until(lambda: ui.window.session.clients[second].connected, what="its connection")
        show_tab(ui, "clientSocketPage")
        ui.click("clientAutoRead")
        bufsize = ui.widget("clientBufsize")
        await ui.until(bufsize.isEnabled, what="recv() to be free")
        ui.choose("clientModeCall", "setblocking(False)")
        ui.click("clientModeApply")
        await ui.until(lambda: "non-blocking" in ui.widget("clientStatus").text())
        bufsize.lineEdit().setText("512")
        qtbot.keyClick(bufsize, Qt.Key.Key_Return)
        await result_says(ui, "recv would block")  # the typed size was taken, then recv() was called
        await ui.until(lambda: rows_of(ui, second, "recv"), what="the recv row")
        show_tab(ui, "clientSendPage")
        payload = ui.widget("clientPayload")
        ui.window.activateWindow()  # a shortcut goes to the focused widget of the active window
        await ui.until(lambda: QApplication.activeWindow() is ui.window, what="the window to be active")
        payload.setFocus()
        qtbot.keyClick(payload, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        await result_says(ui, "sendall() sent all")

    ui.run(scenario())


def test_tab_moves_through_the_form_in_the_order_it_is_laid_out(ui, qtbot) -> None:
    window = ui.window
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    start = ui.widget("clientUseServer")
    start.setFocus()
    order = []
    for _ in range(9):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget().objectName())
    # the path field and the closed "More" section are hidden for AF_INET; Shutdown and Close
    # are disabled without a client
    assert order[:8] == [
        "clientMoreToggle",
        "clientFamily",
        "clientType",
        "clientHost",
        "clientPort",
        "clientConnect",
        "clientConnectCall",
        "clientTimeout",
    ]
    assert order[8] in ("clientCurrent", "clientTabs", "qt_tabwidget_tabbar")


def test_every_tab_of_the_client_box_is_chinese_in_chinese(ui, qtbot, built_translations) -> None:
    async def scenario() -> None:
        server = await start_server(ui)
        await connect(ui, server)

    ui.run(scenario())
    _switch(qtbot, "zh_CN")
    pane = ui.window.client_pane
    for index in range(pane.tabs.count()):
        pane.tabs.setCurrentIndex(index)
        page = pane.tabs.widget(index)
        _share, english = chinese_share(page)
        assert english == [], f"{page.objectName()}: still English: {english}"
    pane.tabs.setCurrentIndex(0)
    assert chinese_share(pane)[1] == []
    assert pane.tabs.tabText(0) == "发送"

"""A server's connected request as the Send tab's target: the client gets the bytes, the event table shows the send."""

from __future__ import annotations

import asyncio
import re

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMenu

from tests.ui.client_steps import connect, result_says, rows_of, show_tab, start_server
from tests.ui.conftest import Driver
from ui.client_peer import peer_key


def received(ui: Driver, client_id: str) -> bytes:
    ui.window.hex_pane.flush()
    stream = ui.stream(client_id)
    return b"" if stream is None else b"".join(stream.iter_data("received"))


async def peer_listed(ui: Driver, server: str, request: int) -> str:
    """Wait until the "Acting on" list offers that request's peer; its item's data."""
    key = peer_key(server, request)
    combo = ui.widget("clientCurrent")
    await ui.until(lambda: combo.findData(key) >= 0, what=f"{key} in the Acting-on list")
    return key


def use_request_menu(ui: Driver, qtbot, server: str, request: int, action_text: str) -> list[str]:
    """Right-click a request row of the live list and pick an item of its menu; the menu's texts."""
    live = ui.window.live_list
    row = live.request_row(server, request)
    assert row is not None, "the request has no row under its server"
    live.expandItem(row.parent())
    texts: list[str] = []

    def pick() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        texts.extend(a.text() for a in menu.actions() if a.text())
        next(a for a in menu.actions() if a.text() == action_text).trigger()
        menu.close()

    QTimer.singleShot(50, pick)
    pos = live.visualItemRect(row).center()
    live.customContextMenuRequested.emit(QPoint(pos))
    return texts


@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")
def test_send_to_a_tcp_request_from_the_list_menu_reaches_the_client(ui: Driver, qtbot) -> None:
    async def scenario() -> None:
        server = await start_server(ui, serverMixin="threading", serverHandler="discard")
        client = await connect(ui, server)
        pane = ui.window.client_pane
        await peer_listed(ui, server, 1)
        await ui.until(lambda: ui.window.live_list.request_row(server, 1) is not None, what="the request row")
        show_tab(ui, "clientPacketsPage")
        texts = use_request_menu(ui, qtbot, server, 1, "Send to this peer")
        assert "Send to this peer" in texts
        assert ui.widget("clientCurrent").currentData() == peer_key(server, 1)
        assert pane.tabs.currentWidget() is pane.send_page  # the Send tab came forward
        assert re.match(rf"{server} #1 ← 127\.0\.0\.1:\d+$", ui.widget("clientCurrent").currentText())

        # what only a client of ours can do is disabled, and says why
        call = ui.widget("clientCall")
        assert call.currentData() == "sendall" and not call.isEnabled()
        for name in ("clientShutdown", "clientClose"):  # the handler's to call: out of the way
            assert not ui.widget(name).isVisible() and not ui.widget(name).isEnabled()
            assert "client of ours" in ui.widget(name).toolTip()
        assert "client of ours" in ui.widget("clientSetSndbuf").toolTip()
        assert not pane.tabs.isTabEnabled(pane.tabs.indexOf(pane.socket_page))

        ui.widget("clientPayload").setPlainText("from the server\n")
        ui.click("clientSend")
        await ui.until(lambda: received(ui, client) == b"from the server\n", what="the bytes at the client")
        await result_says(ui, f"sendall() to {server} #1's peer")
        rows = rows_of(ui, server, "sendall")
        assert [r["request"] for r in rows] == ["#1"]
        assert ui.stream(server, 1) is not None
        assert b"".join(ui.stream(server, 1).iter_data("sent")) == b"from the server\n"

        # choosing the client again gives back its call and its buttons
        ui.choose("clientCurrent", client)
        assert call.isEnabled() and ui.widget("clientClose").isEnabled() and ui.widget("clientClose").isVisible()
        assert pane.tabs.isTabEnabled(pane.tabs.indexOf(pane.socket_page))

        # the request ends: a chosen peer stays chosen, marked ended, and Send says why it is off
        ui.choose("clientCurrent", peer_key(server, 1))
        await pane.session.close_client(client)
        combo = ui.widget("clientCurrent")
        await ui.until(lambda: combo.currentText().endswith("(ended)"), what="the peer marked ended")
        assert combo.currentData() == peer_key(server, 1)
        assert combo.findData(client) < 0
        assert not ui.widget("clientSend").isEnabled()
        assert "has ended" in ui.widget("clientSendReason").text()

    ui.run(scenario())


def test_a_saved_packet_double_clicked_goes_to_a_udp_sender(ui: Driver, qtbot) -> None:
    async def scenario() -> None:
        server = await start_server(ui, serverType="dgram", serverMixin="threading")
        client = await connect(ui, server, connected=False)  # a datagram socket needs no connect()
        ui.widget("clientPayload").setPlainText("ping")
        ui.click("clientSend")
        await ui.until(lambda: received(ui, client) == b"ping", what="the echo")

        show_tab(ui, "clientPacketsPage")
        ui.widget("clientPayload").setPlainText("pong from the server")
        ui.widget("clientPacketName").setText("pong")
        ui.click("clientPacketSave")
        ui.choose("clientCurrent", await peer_listed(ui, server, 1))
        assert ui.widget("clientCall").currentData() == "sendto"
        saved = ui.widget("clientPackets")
        where = saved.visualItemRect(saved.item(0)).center()
        qtbot.mouseClick(saved.viewport(), Qt.MouseButton.LeftButton, pos=where)
        qtbot.mouseDClick(saved.viewport(), Qt.MouseButton.LeftButton, pos=where)

        await ui.until(lambda: received(ui, client) == b"ping" + b"pong from the server", what="the packet")
        await result_says(ui, f"pong: sendto() to {server} #1's peer")
        await ui.until(lambda: rows_of(ui, server, "sendto"), what="the sendto rows")
        requests = [r["request"] for r in rows_of(ui, server, "sendto")]
        assert requests == ["#1", "#1"]  # the echo, then the packet: both of request 1
        await asyncio.sleep(0.2)
        assert received(ui, client) == b"ping" + b"pong from the server"  # one double click, one send

    ui.run(scenario())


def test_closing_the_chosen_client_never_aims_send_at_a_peer(ui: Driver) -> None:
    async def scenario() -> None:
        server = await start_server(ui, serverMixin="threading", serverHandler="discard")
        first = await connect(ui, server)
        second = await connect(ui, server)
        combo = ui.widget("clientCurrent")
        await peer_listed(ui, server, 2)
        assert combo.currentData() == second
        await ui.window.session.close_client(second)
        assert combo.currentData() == first  # the other client, not the peer below it
        await ui.window.session.close_client(first)
        assert combo.currentIndex() == -1 and not ui.widget("clientSend").isEnabled()
        assert "Connect a client first" in ui.widget("clientSendReason").text()

    ui.run(scenario())


def test_a_forking_request_is_refused_in_words_before_a_send(ui: Driver) -> None:
    async def scenario() -> None:
        server = await start_server(ui, serverMixin="forking", serverHandler="discard")
        await connect(ui, server)
        ui.choose("clientCurrent", await peer_listed(ui, server, 1))
        assert not ui.widget("clientSend").isEnabled()
        assert "ForkingMixIn" in ui.widget("clientSendReason").text()
        assert "child process" in ui.widget("clientSendReason").text()

    ui.run(scenario())


def test_the_peer_texts_are_chinese_in_chinese(ui: Driver, built_translations: list) -> None:
    from ui.i18n import apply_language

    async def scenario() -> None:
        server = await start_server(ui, serverMixin="threading", serverHandler="discard")
        client = await connect(ui, server)
        ui.choose("clientCurrent", await peer_listed(ui, server, 1))
        assert apply_language("zh_CN")
        QApplication.processEvents()
        pane = ui.window.client_pane
        try:
            await ui.until(lambda: "客户端" in ui.widget("clientClose").toolTip(), what="the close tooltip")
            assert "主机" in ui.widget("clientStatus").text() or "宿主" in ui.widget("clientStatus").text()
            assert "sendall()" in ui.widget("clientStatus").text()
            tab_tip = pane.tabs.tabToolTip(pane.tabs.indexOf(pane.socket_page))
            assert "客户端" in tab_tip
            ui.widget("clientPayload").setPlainText("你好")
            ui.click("clientSend")
            await ui.until(lambda: received(ui, client) == "你好".encode(), what="the bytes")
            await result_says(ui, "字节")
            await pane.session.close_client(client)
            await ui.until(lambda: "已结束" in ui.widget("clientCurrent").currentText(), what="ended, in Chinese")
            assert "已经结束" in ui.widget("clientSendReason").text()
        finally:
            apply_language("en")
            QApplication.processEvents()

    ui.run(scenario())

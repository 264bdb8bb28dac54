"""The Relay tab in the real window: a real relay (in the real host) between a real client and a real echo server.

Pause a direction, see the held chunk as hex and text, edit it, release it, drop one, inject
bytes either way; both sides in the event table and the hex view; bad values under their fields.
"""

from __future__ import annotations

import asyncio
import socket
from typing import Any

from tests.ui.conftest import Driver
from workbench.session.streams import StreamIndex
from workbench.spec import ClientSpec, ServerSpec


def received(ui: Driver, client_id: str) -> bytes:
    ui.window.feed.read_now()
    ui.window.hex_pane.flush()
    stream = ui.stream(client_id)
    return b"".join(stream.iter_data("received")) if stream is not None else b""


async def start_relay_from_tab(ui: Driver, server_id: str) -> Any:
    """Workbench ▸ New relay…, aimed at ``server_id`` in the target list, Start relay."""
    window = ui.window
    window.action_new_relay.trigger()
    assert window.tabs.currentIndex() == window.relay_tab
    pane = window.relay_pane
    ui.choose("relayTargetServer", server_id)
    pane.target_server.activated.emit(pane.target_server.currentIndex())
    server = window.session.servers[server_id]
    assert pane.target_port.value() == server.address[1]
    ui.click("relayStart")
    relay = await ui.until(lambda: pane.relay, what="the relay to start")
    assert relay.id in pane.status.text() and "connect a client to 127.0.0.1:" in pane.status.text()
    return relay


async def client_through(ui: Driver, relay: Any) -> Any:
    session = ui.window.session
    client = await session.add_client(ClientSpec(port=int(relay.address[1])))
    await session.connect_client(client)
    return client


def test_pause_edit_release_drop_and_inject_through_a_relay(ui: Driver) -> None:
    window = ui.window

    async def scenario() -> None:
        server = await window.session.start_server(ServerSpec(handler="upper"))
        relay = await start_relay_from_tab(ui, server.id)
        pane = window.relay_pane
        c2s = pane.ways["c2s"]
        ui.click("relayPause-c2s")  # every connection, and those that come later
        await ui.until(lambda: relay.paused["c2s"], what="the pause")
        assert c2s.pause.text() == "Resume" and "next chunk" in c2s.state.text()

        client = await client_through(ui, relay)
        await client.sendall(b"hello\x00relay")
        await ui.until(lambda: c2s.held is not None, what="the held chunk")
        assert pane.connections.topLevelItemCount() == 1
        row = pane.connections.topLevelItem(0)
        assert row.text(pane.COL_C2S) == "holding 11 bytes" and row.text(pane.COL_S2C) == "flowing"
        assert c2s.held == b"hello\x00relay"
        dump = c2s.dump.toPlainText()  # as many bytes a line as the box shows whole
        assert c2s.dump.per_line in (8, 16)
        assert dump.startswith("0000  68 65 6c 6c 6f 00 72 65") and "hello.re" in dump, dump
        assert c2s.editor.text.toPlainText() == "hello\\x00relay"
        assert c2s.release.isEnabled() and c2s.drop.isEnabled()
        await asyncio.sleep(0.2)
        assert received(ui, client.id) == b"", "nothing reaches the server while the chunk is held"

        # edit as hex; a bad digit is said under the editor and Release waits for a good one
        ui.choose("relayEdit-c2sMode", "hex")
        assert c2s.editor.text.toPlainText() == "68 65 6c 6c 6f 00 72 65 6c 61 79"
        c2s.editor.text.setPlainText("6f 6b zz")
        assert not c2s.release.isEnabled() and c2s.editor.error.label.isVisible()
        c2s.editor.text.setPlainText("6f 6b 2c 20 65 64 69 74 65 64")  # "ok, edited"
        ui.click("relayRelease-c2s")
        await ui.until(lambda: received(ui, client.id) == b"OK, EDITED", what="the edited chunk, upper-cased")

        # still paused: the next chunk is held again; Drop lets nothing of it go on
        await client.sendall(b"never arrives")
        await ui.until(lambda: c2s.held == b"never arrives", what="the second chunk held")
        ui.click("relayDrop-c2s")
        await ui.until(lambda: c2s.held is None, what="the drop")
        ui.click("relayPause-c2s")  # Resume: everything flows again
        await ui.until(lambda: not relay.paused["c2s"], what="the resume")
        await client.sendall(b"after")
        await ui.until(lambda: received(ui, client.id) == b"OK, EDITEDAFTER", what="flowing again")

        # inject: to the target (the server answers it), and to the client (straight to it)
        ui.choose("relayInjectDirection", "c2s")
        pane.inject.text.setPlainText("injected")
        ui.click("relayInjectSend")
        await ui.until(lambda: received(ui, client.id).endswith(b"INJECTED"), what="the server's answer")
        ui.choose("relayInjectDirection", "s2c")
        ui.choose("relayInjectMode", "escape")
        pane.inject.text.setPlainText(r"\x01\x02 only for the client")
        ui.click("relayInjectSend")
        await ui.until(lambda: received(ui, client.id).endswith(b"\x01\x02 only for the client"), what="the injection")

        # both sides are sources of the session, in the event table and the hex view
        window.events_pane.flush()
        sources = {r["source"] for r in ui.event_rows()}
        assert {relay.id, f"{relay.id}-upstream"} <= sources
        ui.click("relayHexTarget")
        assert window.tabs.currentIndex() == 2
        upstream = (relay.upstream_source, 1, 0)  # a client source, one connection per request
        await ui.until(lambda: window.hex_pane.current_connection() == upstream, what="the target side in the hex view")
        index = StreamIndex(window.feed.reader)
        index.update()
        sent = b"".join(index.streams[upstream].iter_data("sent"))
        assert sent == b"ok, editedafterinjected", "what reached the target"
        window.tabs.setCurrentIndex(window.relay_tab)  # the Hex tab came forward: back to the Relay tab, as a user must
        ui.click("relayHexClient")
        await ui.until(lambda: window.hex_pane.current_connection() == (relay.source, 1, 0), what="the client side")

        await window.session.close_client(client.id)
        await ui.until(lambda: pane.connections.topLevelItemCount() == 0, what="the closed connection to go")
        window.tabs.setCurrentIndex(window.relay_tab)
        ui.click("relayStop")
        await ui.until(lambda: not window.session.relays, what="the relay to stop")
        assert pane.start.isEnabled() and not pane.stop.isEnabled()

    ui.run(scenario(), timeout=60)


def test_the_target_side_pauses_too(ui: Driver) -> None:
    window = ui.window

    async def scenario() -> None:
        server = await window.session.start_server(ServerSpec())
        relay = await start_relay_from_tab(ui, server.id)
        pane = window.relay_pane
        s2c = pane.ways["s2c"]
        ui.click("relayPause-s2c")
        await ui.until(lambda: relay.paused["s2c"], what="the pause")
        client = await client_through(ui, relay)
        await client.sendall(b"ping")
        await ui.until(lambda: s2c.held == b"ping", what="the echo, held on its way back")
        assert received(ui, client.id) == b""
        s2c.editor.text.setPlainText("pong")
        ui.click("relayRelease-s2c")
        await ui.until(lambda: received(ui, client.id) == b"pong", what="the edited answer")
        await window.session.close_client(client.id)

    ui.run(scenario(), timeout=60)


def test_bad_addresses_are_said_under_their_fields(ui: Driver) -> None:
    window = ui.window
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen()
    try:

        async def scenario() -> None:
            window.show_relay()
            pane = window.relay_pane
            pane.target_port.setValue(0)
            ui.click("relayStart")
            error = ui.widget("relayTargetPortError")
            await ui.until(error.isVisible, what="the target port's error")
            assert "port" in error.text()
            assert not window.session.relays
            pane.target_port.setValue(9)
            pane.listen_port.setValue(blocker.getsockname()[1])  # in use
            ui.click("relayStart")
            error = await ui.until(lambda: ui.widget("relayListenPortError").isVisible()
                                   and ui.widget("relayListenPortError"), what="the bind error")  # fmt: skip
            assert "already in use" in error.text()
            assert not ui.widget("relayTargetPortError").isVisible()
            assert pane.start.isEnabled() and pane.relay is None

        ui.run(scenario())
    finally:
        blocker.close()


def test_a_relay_to_a_closed_port_logs_why_and_closes_the_client(ui: Driver) -> None:
    window = ui.window
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nobody listens there

    async def scenario() -> None:
        window.show_relay()
        pane = window.relay_pane
        pane.target_port.setValue(port)
        ui.click("relayStart")
        relay = await ui.until(lambda: pane.relay, what="the relay")
        client = await client_through(ui, relay)
        view = ui.widget("logView")
        await ui.until(lambda: "could not reach the target" in view.toPlainText(), what="the log line")
        await ui.until(lambda: client.id in window.session.peer_closed, what="the client's connection to close")
        await window.session.close_client(client.id)

    ui.run(scenario(), timeout=30)




def test_the_relay_tab_holding_a_chunk_is_all_chinese_in_chinese(ui: Driver, built_translations: list) -> None:
    from PySide6.QtWidgets import QApplication

    from tests.ui.test_app_i18n import chinese_share
    from ui.i18n import apply_language

    window = ui.window

    async def scenario() -> None:
        server = await window.session.start_server(ServerSpec())
        relay = await start_relay_from_tab(ui, server.id)
        ui.click("relayPause-s2c")
        await ui.until(lambda: relay.paused["s2c"], what="the pause")
        client = await client_through(ui, relay)
        await client.sendall(b"held on its way back")
        await ui.until(lambda: window.relay_pane.ways["s2c"].held is not None, what="the held echo")

    ui.run(scenario())
    pane = window.relay_pane
    assert apply_language("zh_CN")
    QApplication.processEvents()  # Qt posts LanguageChange to the windows
    try:
        assert window.tabs.tabText(window.relay_tab) == "中继"
        assert pane.ways["s2c"].state.text() == "扣住了 20 个字节：可以先在下面修改，然后放行或丢弃"
        assert chinese_share(pane)[1] == [], "nothing the relay tab shows is left in English"
    finally:
        apply_language("en")
        QApplication.processEvents()
    assert pane.start.text() == "Start relay"

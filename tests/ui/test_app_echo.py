"""Clicking through the window: a server and a client from the forms, bytes in the hex view, lifecycle in the table."""

from __future__ import annotations

import socket
import time
from pathlib import Path
from typing import Any

import pytest

PAYLOAD_TEXT = r"hello\x00\xff"
PAYLOAD = b"hello\x00\xff"


async def start_server_from_form(ui, **choices: str) -> str:
    for name, value in choices.items():
        ui.choose(name, value)
    before = set(ui.window.session.servers)
    ui.click("serverStart")
    new = await ui.until(lambda: set(ui.window.session.servers) - before, what="the server to start")
    return new.pop()


async def connect_client_from_form(ui, server_id: str) -> str:
    # the client form is aimed at a running server with one choice in the "Target" combo
    ui.choose("clientUseServer", server_id)
    ui.window.client_pane.use_server_combo.activated.emit(ui.widget("clientUseServer").currentIndex())
    before = set(ui.window.session.clients)
    ui.click("clientConnect")
    new = await ui.until(lambda: set(ui.window.session.clients) - before, what="a client")
    client_id = new.pop()
    client = ui.window.session.clients[client_id]
    if client.spec.type.value == "stream":
        await ui.until(lambda: client.connected, what="the connection")
    return client_id


async def send_escaped(ui, call: str) -> None:
    ui.choose("clientPayloadMode", "escape")
    ui.widget("clientPayload").setPlainText(PAYLOAD_TEXT)
    ui.choose("clientCall", call)
    await ui.until(lambda: ui.widget("clientSend").isEnabled(), what="Send to be enabled")
    ui.click("clientSend")


async def see_echo_in_hex_view(ui, client_id: str) -> None:
    hex_pane = ui.window.hex_pane

    def echoed() -> bool:
        hex_pane.flush()
        stream = ui.stream(client_id)
        return stream is not None and stream.total_bytes >= 2 * len(PAYLOAD)

    await ui.until(echoed, what="the echo in the client's bytes")
    stream = ui.stream(client_id)
    assert stream.read(0, stream.total_bytes) == PAYLOAD + PAYLOAD
    assert [stream.chunk_at(0).direction, stream.chunk_at(len(PAYLOAD)).direction] == ["sent", "received"]
    # and what the user sees: the hex view shows this client's connection, both copies on row 0
    assert hex_pane.current_connection() == ui.key(client_id)
    view = ui.widget("hexView")
    _offset, hex_text, ascii_text = view.row_texts(0)
    assert hex_text.lower().replace(" ", "").startswith((PAYLOAD + PAYLOAD).hex())
    assert ascii_text.startswith("hello")


async def see_request_lifecycle(ui, server_id: str, stream: bool) -> None:
    def steps() -> set[str]:
        return {
            row["event"]
            for row in ui.event_rows()
            if row["source"] == server_id and row.get("request") not in ("", None)
        }

    wanted = {"setup", "handle", "finish", "sendall" if stream else "sendto"}
    await ui.until(lambda: wanted <= steps(), what=f"{sorted(wanted)} in the event table")
    requests = {
        row["request"] for row in ui.event_rows() if row["source"] == server_id and row["event"] == "handle"
    }
    assert requests, "a request id on the handle rows"


async def stop_from_list(ui, server_id: str) -> None:
    ui.click(f"stop-{server_id}")
    await ui.until(lambda: server_id not in ui.window.session.servers, timeout=15, what="the server to stop")
    assert server_id not in ui.window.live_list.ids()
    assert (
        any(r["source"] == server_id and r["event"] == "server_close" for r in ui.event_rows())
        or not ui.window.session.servers
    )


@pytest.mark.parametrize("mixin", ["none", "threading", "forking"])
def test_tcp_echo_for_each_mixin(ui, mixin: str) -> None:
    async def scenario() -> None:
        server_id = await start_server_from_form(ui, serverMixin=mixin)
        client_id = await connect_client_from_form(ui, server_id)
        await send_escaped(ui, "sendall")
        await see_echo_in_hex_view(ui, client_id)
        # the received bytes arrived on their own and are counted in the client pane
        await ui.until(lambda: "received 7 bytes" in ui.widget("clientStatus").text())
        # Shutdown(SHUT_WR) makes the echo handler's recv return b"": the request finishes
        ui.click("clientShutdown")
        await see_request_lifecycle(ui, server_id, stream=True)
        await stop_from_list(ui, server_id)

    ui.run(scenario())


def test_udp_echo(ui) -> None:
    async def scenario() -> None:
        server_id = await start_server_from_form(ui, serverType="dgram", serverMixin="threading")
        client_id = await connect_client_from_form(ui, server_id)
        assert ui.widget("clientType").currentData() == "dgram"
        assert ui.widget("clientCall").currentData() == "sendto"
        await send_escaped(ui, "sendto")
        await see_echo_in_hex_view(ui, client_id)
        await see_request_lifecycle(ui, server_id, stream=False)
        # a second datagram is a second request, but the same conversation in the hex view
        ui.click("clientSend")
        hex_pane = ui.window.hex_pane

        def server_conversations() -> list[Any]:
            hex_pane.flush()
            return [k for k in hex_pane.connections() if k[0] == ui.source_id(server_id)]

        def both_echoed() -> bool:
            stream = ui.stream(server_id, 1)
            return len(server_conversations()) == 1 and stream is not None and stream.total_bytes == 4 * len(PAYLOAD)

        await ui.until(both_echoed, what="both datagrams in the server's conversation")
        [key] = server_conversations()
        stream = ui.stream(server_id, 2)  # either datagram's request id finds the conversation
        assert stream is not None and stream.key == key
        assert stream.read(0, stream.total_bytes) == PAYLOAD * 4
        assert [stream.chunk(i).call for i in range(len(stream))] == ["recvfrom", "sendto"] * 2
        hex_pane.flush()
        row = hex_pane.connections_model.row_of(key)
        label = hex_pane.connections_model.index(row).data()
        assert label.startswith(f"{server_id} 127.0.0.1:") and label.endswith("(UDP, 4 datagrams)")
        await stop_from_list(ui, server_id)

    ui.run(scenario())


@pytest.mark.parametrize("kind", ["stream", "dgram"])
def test_unix_echo(ui, tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"echo-{kind}.sock"

    async def scenario() -> None:
        ui.choose("serverFamily", "unix")
        ui.widget("serverPath").setText(str(path))
        server_id = await start_server_from_form(ui, serverType=kind)
        assert path.exists()
        client_id = await connect_client_from_form(ui, server_id)
        assert ui.widget("clientPath").text() == str(path)
        await send_escaped(ui, "sendall" if kind == "stream" else "sendto")
        await see_echo_in_hex_view(ui, client_id)
        if kind == "stream":
            ui.click("clientShutdown")
        await see_request_lifecycle(ui, server_id, stream=kind == "stream")
        await stop_from_list(ui, server_id)
        assert not path.exists(), "the server removes its socket file"

    ui.run(scenario())


def test_several_clients_at_once(ui) -> None:
    async def scenario() -> None:
        server_id = await start_server_from_form(ui, serverMixin="threading")
        first = await connect_client_from_form(ui, server_id)
        second = await connect_client_from_form(ui, server_id)
        assert first != second
        assert {first, second} <= set(ui.window.live_list.ids())
        # each client row tells its own (ephemeral) address in the tooltip
        tip = ui.window.live_list.item(first).toolTip(1)
        assert "local 127.0.0.1:" in tip
        # the newest client is the one the buttons act on; selecting the first in the list switches
        assert ui.widget("clientCurrent").currentData() == second
        ui.window.live_list.select(first)
        assert ui.widget("clientCurrent").currentData() == first
        await send_escaped(ui, "send")
        await see_echo_in_hex_view(ui, first)
        assert ui.stream(second) is None
        ui.click(f"close-{first}")
        await ui.until(
            lambda: first not in ui.window.live_list.ids(), what="the closed client to leave the list"
        )
        assert first not in ui.window.session.clients
        assert ui.widget("clientCurrent").currentData() == second

    ui.run(scenario())


def test_refused_connection_is_shown_by_connect(ui) -> None:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens on this port now

    async def scenario() -> None:
        ui.widget("clientPort").setValue(port)
        ui.click("clientConnect")
        error = ui.widget("clientPortError")  # the refusal is about the port aimed at
        await ui.until(error.isVisible, what="the connect error")
        assert "refused" in error.text().lower() and str(port) in error.text()
        assert "Traceback" not in error.text()
        # the client stays in the list, marked failed, with the reason in the log (#12.6)
        [client_id] = ui.window.session.clients
        await ui.until(lambda: ui.window.live_list.item(client_id).text(3) == "failed")
        assert "refused" in ui.window.log_pane.visible_text()
        assert not ui.widget("clientSend").isEnabled()

    ui.run(scenario())


def test_client_without_a_port_says_so(ui) -> None:
    async def scenario() -> None:
        ui.widget("clientPort").setValue(0)
        ui.click("clientConnect")
        error = ui.widget("clientPortError")
        await ui.until(error.isVisible, what="the port error")
        assert "port" in error.text()

    ui.run(scenario())


def test_invalid_hex_is_marked_and_never_sent(ui) -> None:
    async def scenario() -> None:
        server_id = await start_server_from_form(ui)
        client_id = await connect_client_from_form(ui, server_id)
        ui.choose("clientPayloadMode", "hex")
        payload = ui.widget("clientPayload")
        payload.setPlainText("de ad zz ef")
        send = ui.widget("clientSend")
        assert not send.isEnabled()
        error = ui.widget("clientPayloadError")
        assert error.isVisible() and error.text()
        marks = payload.extraSelections()
        assert len(marks) == 1
        cursor = marks[0].cursor
        assert payload.toPlainText()[cursor.selectionStart() : cursor.selectionEnd()] == "zz"
        assert payload.property("invalid") is True
        # fixing the text enables Send again and clears the marks
        payload.setPlainText("de ad be ef")
        assert send.isEnabled() and not payload.extraSelections() and not error.isVisible()
        payload.setPlainText("de ad zz ef")
        assert ui.stream(client_id) is None  # nothing was ever sent

    ui.run(scenario())


def test_closing_the_window_stops_servers_and_clients_first(ui) -> None:
    async def scenario() -> None:
        server_id = await start_server_from_form(ui, serverMixin="threading")
        await connect_client_from_form(ui, server_id)
        host = ui.window.session.host
        started = time.monotonic()
        assert ui.window.close() is True  # at once: the host stops everything when its stdin ends
        assert time.monotonic() - started < 0.5, "closing never blocks the window"
        await ui.until(lambda: not host.alive, timeout=3, what="the host to exit")
        assert time.monotonic() - started < 2.5, "the host is gone within 2 s"
        assert not ui.window.session.servers and not ui.window.session.clients

    ui.run(scenario())


def _ipv6_loopback() -> bool:
    if not socket.has_ipv6:
        return False
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
            s.bind(("::1", 0))
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _ipv6_loopback(), reason="no IPv6 loopback on this machine")
def test_ipv6_echo(ui) -> None:
    async def scenario() -> None:
        server_id = await start_server_from_form(ui, serverFamily="inet6")
        assert ui.window.session.servers[server_id].address[0] == "::1"
        client_id = await connect_client_from_form(ui, server_id)
        assert ui.widget("clientHost").text() == "::1"
        await send_escaped(ui, "send")
        await see_echo_in_hex_view(ui, client_id)

    ui.run(scenario())


def test_fail_option_shows_handle_error(ui) -> None:
    async def scenario() -> None:
        ui.widget("serverFail").setChecked(True)
        server_id = await start_server_from_form(ui)
        await connect_client_from_form(ui, server_id)
        await send_escaped(ui, "sendall")

        def handle_error_rows() -> list[dict[str, str]]:
            return [r for r in ui.event_rows() if r["source"] == server_id and r["event"] == "handle_error"]

        await ui.until(handle_error_rows, what="handle_error in the event table")
        assert any(
            r["event"] == "handle" and "error" in r["phase"]
            for r in ui.event_rows()
            if r["source"] == server_id
        )

    ui.run(scenario())


def test_each_click_acts_on_the_client_selected_when_clicked(ui) -> None:
    """Select client A, click Shutdown, select B, click Shutdown, with no pause: A and B each shut down."""

    async def scenario() -> None:
        server_id = await start_server_from_form(ui, serverMixin="threading")
        first = await connect_client_from_form(ui, server_id)
        second = await connect_client_from_form(ui, server_id)
        pane = ui.window.client_pane
        for ident in (first, second):
            pane.select_client(ident)
            ui.click("clientShutdown")
        # The echo handler ends a request when its client shuts down its side: both end only
        # if each click reached its own client.
        runner = ui.window.session.servers[server_id]
        await ui.until(
            lambda: runner.total_requests == 2 and runner.active_requests == 0, what="both requests to end"
        )

    ui.run(scenario())

"""The server form's advanced options, the port's range, the keyboard and the status texts, in the real window."""

from __future__ import annotations

import socket

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.test_app_echo import connect_client_from_form, start_server_from_form


def server_events(ui, server_id: str) -> list[dict[str, str]]:
    ui.window.events_pane.flush()
    return [r for r in ui.event_rows() if r["source"] == server_id]


def test_stream_request_handler_in_a_handle_request_loop_with_a_timeout(ui) -> None:
    async def scenario() -> None:
        ui.click("serverAdvancedToggle")
        assert ui.widget("serverBase").isVisible()
        ui.choose("serverBase", "StreamRequestHandler")
        ui.choose("serverLoop", "handle_request")
        ui.widget("serverTimeout").setValue(0.3)
        assert "handle_timeout()" in ui.widget("serverTimeout").toolTip()
        server_id = await start_server_from_form(ui)
        spec = ui.window.session.servers[server_id].spec
        assert (spec.base.value, spec.loop.value, spec.timeout) == ("StreamRequestHandler", "handle_request", 0.3)
        # nobody comes for 0.3 s: handle_request() returns after calling handle_timeout()
        await ui.until(
            lambda: any(r["event"] == "handle_timeout" for r in server_events(ui, server_id)), what="handle_timeout"
        )
        with socket.create_connection(ui.window.session.servers[server_id].address, timeout=5) as sock:
            sock.sendall(b"a line\n")
            assert sock.recv(16) == b"a line\n"  # read with rfile.readline(), written to wfile

    ui.run(scenario())


def test_the_handler_base_follows_the_socket_type(ui) -> None:
    combo = ui.widget("serverBase")
    model = combo.model()
    stream_only = model.item(combo.findData("StreamRequestHandler"))
    dgram_only = model.item(combo.findData("DatagramRequestHandler"))
    assert stream_only.isEnabled() and not dgram_only.isEnabled()
    assert "SOCK_DGRAM" in dgram_only.toolTip()
    ui.choose("serverBase", "StreamRequestHandler")
    ui.choose("serverType", "dgram")
    assert combo.currentData() == "BaseRequestHandler", "a base the type rules out gives way"
    assert dgram_only.isEnabled() and not stream_only.isEnabled()


def test_fail_in_setup_skips_handle_and_finish(ui) -> None:
    async def scenario() -> None:
        ui.click("serverAdvancedToggle")
        ui.click("serverFail")
        ui.choose("serverFailIn", "setup")
        server_id = await start_server_from_form(ui)
        with socket.create_connection(ui.window.session.servers[server_id].address, timeout=5) as sock:
            sock.sendall(b"x")
            assert sock.recv(8) == b""
        await ui.until(
            lambda: any(r["event"] == "handle_error" for r in server_events(ui, server_id)), what="handle_error"
        )
        steps = {r["event"] for r in server_events(ui, server_id) if r["request"] == "#1"}
        assert "setup" in steps and not {"handle", "finish"} & steps

    ui.run(scenario())


def test_a_port_past_65535_is_said_under_the_field_and_never_used(ui, qtbot) -> None:
    async def scenario() -> None:
        port = ui.widget("serverPort")
        port.setFocus()
        port.lineEdit().selectAll()
        qtbot.keyClicks(port.lineEdit(), "70000")
        error = ui.widget("serverPortError")
        assert error.isVisible() and "ports end at 65535" in error.text() and "70000" in error.text()
        assert port.text() == "70000", "the typed number stays as typed"
        qtbot.keyClick(port.lineEdit(), Qt.Key.Key_Return)  # Enter starts a server; not with this port
        QApplication.processEvents()
        assert not ui.window.session.servers
        assert "65535" in error.text()
        ui.widget("serverHost").setFocus()  # leaving the field puts the last good value back, and says so
        QApplication.processEvents()
        assert port.value() == 7000 and error.isVisible() and "stays 7000" in error.text()
        port.setValue(0)
        assert not error.isVisible()

    ui.run(scenario())


def test_enter_in_a_field_starts_the_server_and_the_status_follows_its_state(ui, qtbot) -> None:
    window = ui.window

    async def scenario() -> None:
        assert "Start a server" in window.statusBar().currentMessage()
        host = ui.widget("serverHost")
        host.setFocus()
        qtbot.keyClick(host, Qt.Key.Key_Return)
        await ui.until(lambda: window.session.servers, what="Enter to start a server")
        [server_id] = window.session.servers
        status = ui.widget("serverStatus")
        assert status.text().startswith(f"{server_id} listening on 127.0.0.1:")
        await ui.until(lambda: "connect a client" in window.statusBar().currentMessage(), what="the next hint")
        client_id = await connect_client_from_form(ui, server_id)
        assert "Send from a client" in window.statusBar().currentMessage()
        ui.click(f"close-{client_id}")
        ui.click(f"stop-{server_id}")
        await ui.until(lambda: not window.session.servers, what="the stop")
        assert status.text() == f"{server_id} stopped"
        assert "listening" not in status.text()
        await ui.until(lambda: "Start a server" in window.statusBar().currentMessage(), what="the first hint again")

    ui.run(scenario())


def test_delete_stops_the_selected_server_and_closes_the_selected_client(ui, qtbot) -> None:
    live = ui.window.live_list

    async def scenario() -> None:
        server_id = await start_server_from_form(ui)
        client_id = await connect_client_from_form(ui, server_id)
        # the row's buttons take keyboard focus
        assert ui.widget(f"stop-{server_id}").focusPolicy() & Qt.FocusPolicy.TabFocus
        assert ui.widget(f"close-{client_id}").focusPolicy() & Qt.FocusPolicy.TabFocus
        live.setFocus()
        live.select(client_id)
        qtbot.keyClick(live, Qt.Key.Key_Delete)
        await ui.until(lambda: client_id not in ui.window.session.clients, what="Delete to close the client")
        live.select(server_id)
        qtbot.keyClick(live, Qt.Key.Key_Delete)
        await ui.until(lambda: server_id not in ui.window.session.servers, what="Delete to stop the server")
        assert live.ids() == []

    ui.run(scenario())


def test_tab_follows_the_form_top_to_bottom(ui) -> None:
    pane = ui.window.server_pane
    names = [w.objectName() for w in pane.tab_chain()]
    assert names == [
        "serverFamily", "serverType", "serverHost", "serverPort", "serverMixin", "serverHandler", "serverDelay",
        "serverBacklog", "serverAllow", "serverAdvancedToggle", "serverStart",
    ]  # fmt: skip
    ui.click("serverAdvancedToggle")
    names = [w.objectName() for w in pane.tab_chain()]
    assert names[names.index("serverAdvancedToggle") :] == [
        "serverAdvancedToggle", "serverFail", "serverReuse", "serverTls", "serverBase", "serverLoop",
        "serverTimeout", "serverStart",
    ]  # fmt: skip  # "fail in" is disabled until fail is ticked; the groups are for UDP servers


def test_the_left_column_fits_a_1280_by_800_window(ui, qtbot) -> None:
    window = ui.window
    scroll = window.left_scroll
    assert window.size().width() == 1280 and window.size().height() == 800
    for expanded in (False, True):
        if window.server_pane.advanced_toggle.isChecked() != expanded:
            ui.click("serverAdvancedToggle")
        qtbot.wait(50)  # the layouts settle
        left = scroll.widget()
        # nothing cut off at the right, in either state
        assert left.minimumSizeHint().width() <= scroll.viewport().width(), f"advanced shown: {expanded}"
    ui.click("serverAdvancedToggle")
    qtbot.wait(50)
    # as it opens, the whole column shows without scrolling
    assert scroll.verticalScrollBar().maximum() == 0

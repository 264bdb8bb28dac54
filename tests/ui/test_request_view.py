"""A request as its handler sees it (self.request, self.client_address, self.server), and a rejected client, in the real window."""

from __future__ import annotations

import socket

from tests.ui.test_app_echo import connect_client_from_form, start_server_from_form


def request_row_texts(ui, server_id: str) -> list[str]:
    return [t for t in ui.window.live_list.child_texts(server_id) if t.startswith("#")]


def test_choosing_a_request_in_the_list_shows_what_its_handler_was_given(ui) -> None:
    window = ui.window
    live, steps = window.live_list, window.steps_pane

    async def scenario() -> None:
        server_id = await start_server_from_form(ui, serverMixin="threading")
        server = window.session.servers[server_id]
        host, port = server.address[:2]
        client_id = await connect_client_from_form(ui, server_id)
        client = window.session.clients[client_id]
        await ui.until(lambda: request_row_texts(ui, server_id), what="the request under its server")
        local_port = client.local_address[1]
        assert request_row_texts(ui, server_id)[0].startswith(f"#1 127.0.0.1:{local_port}: in ")

        assert live.select_request(server_id, 1)  # as a click on that row does
        lines = steps.shown_lines()
        # the descriptor is the one the host's accept() gave (get_request's exit value in the log)
        window.events_pane.flush()
        exits = [r for r in ui.event_rows() if r["event"] == "get_request" and r["phase"].startswith("exit")]
        fd = int(exits[0]["phase"].split("→")[1])
        assert lines["request"] == (
            f"<socket.socket fd={fd}, family=AF_INET, type=SOCK_STREAM, proto=0, "
            f"laddr=('{host}', {port}), raddr=('127.0.0.1', {local_port})>"
        )
        assert lines["client_address"] == f"('127.0.0.1', {local_port})"
        assert lines["server"] == f"<ThreadingMixIn+TCPServer listening on {host}:{port}>"
        assert lines["title"].startswith(f"{server_id}, request #1 from 127.0.0.1:{local_port}")
        # the same request chosen in the event table shows the same
        steps.show_request(server_id, 99)
        assert steps.shown_lines()["request"] == ""
        table = ui.widget("eventTable")
        model = window.events_pane.model
        window.events_pane.flush()
        row = next(r for r in range(model.rowCount()) if model.row_summary(r)["request"] == 1)
        table.selectRow(row)
        assert steps.shown_lines()["client_address"] == f"('127.0.0.1', {local_port})"

    ui.run(scenario())


def test_a_datagram_request_is_the_data_and_the_server_socket(ui) -> None:
    window = ui.window

    async def scenario() -> None:
        server_id = await start_server_from_form(ui, serverType="dgram")
        server = window.session.servers[server_id]
        host, port = server.address[:2]
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.settimeout(5)
            sock.bind(("127.0.0.1", 0))
            sock.sendto(b"ping\x00\n", server.address)
            await ui.until(lambda: request_row_texts(ui, server_id), what="the datagram's request")
            assert window.steps_pane.show_request(server_id, 1)
            lines = window.steps_pane.shown_lines()
            assert lines["request"] == (
                f"(b'ping\\x00\\n', <socket.socket fd={server.fd}, family=AF_INET, type=SOCK_DGRAM, proto=0, "
                f"laddr=('{host}', {port})>)"
            )
            assert lines["client_address"] == repr(sock.getsockname())
            assert lines["server"] == f"<UDPServer bound to {host}:{port}>"
            assert sock.recvfrom(64)[0] == b"ping\x00\n"

    ui.run(scenario())


def test_a_client_the_allow_list_rejects_is_shown_as_rejected(ui) -> None:
    window = ui.window

    async def scenario() -> None:
        ui.widget("serverAllow").setText("10.0.0.0/8")
        server_id = await start_server_from_form(ui)
        server = window.session.servers[server_id]
        with socket.create_connection(server.address, timeout=5) as sock:
            await ui.until(
                lambda: any(t.endswith("rejected: verify_request() returned False") for t in request_row_texts(ui, server_id)),
                what="the rejected request in the list",
            )
            assert sock.recv(16) == b"", "the server closed the connection without a word"
        # the event table says what verify_request returned
        window.events_pane.flush()
        rows = [r for r in ui.event_rows() if r["event"] == "verify_request" and r["phase"].startswith("exit")]
        assert rows and rows[0]["phase"] == "exit → False"
        assert window.steps_pane.show_request(server_id, 1)
        note = window.steps_pane.shown_lines()["note"]
        assert note.startswith("verify_request() returned False: this client was rejected")
        # and the log pane says why
        await ui.until(lambda: "not in the allow list" in window.log_pane.visible_text(), what="the log line")

    ui.run(scenario())

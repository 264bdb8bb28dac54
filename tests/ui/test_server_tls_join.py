"""The server form's TLS and multicast options in the real window: a real TLS handshake, a real group joined.

TLS: the certificate's file and SHA-256 under the server in the list, Copy path, and a stdlib
TLS client that trusts exactly that file. Multicast: an IPv4 group joined on the loopback
interface, a datagram sent to it with IP_MULTICAST_IF 127.0.0.1 and TTL 0 (nothing leaves
this machine). Bad values are said under their fields; each row shows only where it applies.
"""

from __future__ import annotations

import hashlib
import socket
import ssl
import struct
from pathlib import Path

from PySide6.QtGui import QGuiApplication

from tests.ui.conftest import Driver
from tests.ui.test_app_echo import start_server_from_form
from tests.ui.test_server_options import server_events

GROUP = "239.255.77.78"  # administratively scoped (RFC 2365); joined on loopback only


def open_more(ui: Driver) -> None:
    if not ui.window.server_pane.advanced_toggle.isChecked():
        ui.click("serverAdvancedToggle")


def test_a_tls_server_shows_its_certificate_and_a_client_trusting_that_file_gets_its_echo(ui: Driver) -> None:
    window = ui.window

    async def scenario() -> None:
        open_more(ui)
        tls = ui.widget("serverTls")
        assert tls.isVisible() and not ui.widget("serverJoin").isVisible(), "TLS for TCP, groups for UDP"
        ui.click(tls)
        server_id = await start_server_from_form(ui)
        server = window.session.servers[server_id]
        assert server.spec.tls and server.tls is not None
        assert ui.widget("serverStatus").text().endswith("with TLS")

        row = window.live_list.certificate(server_id)
        assert row is not None and row.isVisible()
        path, sha256 = server.tls["certificate"], server.tls["sha256"]
        pem = Path(path).read_text()
        assert sha256 == ":".join(f"{b:02X}" for b in hashlib.sha256(ssl.PEM_cert_to_DER_cert(pem)).digest())
        assert row.text() == f"TLS, SHA-256 {sha256}, {path}"
        assert row.label.text().startswith(f"TLS, SHA-256 {sha256[:11]}"), "the fingerprint's start is shown"
        assert path in row.toolTip() and sha256 in row.toolTip() and "127.0.0.1" in row.toolTip()
        assert row.text() in window.live_list.child_texts(server_id)
        ui.click(f"copyCertificate-{server_id}")
        assert QGuiApplication.clipboard().text() == path

        # a client that checks the certificate, trusting exactly that file
        context = ssl.create_default_context(cafile=path)
        with socket.create_connection(server.address, timeout=5) as raw:
            with context.wrap_socket(raw, server_hostname="127.0.0.1") as conn:
                conn.sendall(b"secret")
                assert conn.recv(16) == b"secret"
                version = conn.version()
        await ui.until(lambda: any(r["event"] == "do_handshake" for r in server_events(ui, server_id)),
                       what="the handshake in the event table")  # fmt: skip
        # the bytes are the decrypted ones, as recv/sendall of the request
        events = [r["event"] for r in server_events(ui, server_id) if r["request"] == "#1"]
        assert "recv" in events and "sendall" in events
        assert version in ("TLSv1.2", "TLSv1.3")

    ui.run(scenario())


def test_a_udp_server_joins_a_group_on_loopback_and_answers_a_datagram_sent_to_it(ui: Driver) -> None:
    window = ui.window

    async def scenario() -> None:
        open_more(ui)
        ui.choose("serverType", "dgram")
        assert ui.widget("serverJoin").isVisible() and not ui.widget("serverTls").isVisible()
        ui.widget("serverHost").setText(GROUP)  # bound to the group's address: it hears that group only
        ui.widget("serverJoin").setText(GROUP)
        ui.widget("serverJoinInterface").setText("127.0.0.1")
        ui.choose("serverHandler", "upper")
        server_id = await start_server_from_form(ui)
        spec = window.session.servers[server_id].spec
        assert spec.join == (GROUP,) and spec.join_interface == "127.0.0.1"
        port = window.session.servers[server_id].address[1]
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sender:
            sender.settimeout(5)
            sender.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton("127.0.0.1"))
            sender.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, struct.pack("b", 0))
            sender.sendto(b"to the group", (GROUP, port))
            reply, _ = sender.recvfrom(64)
        assert reply == b"TO THE GROUP"
        tip = window.live_list.item(server_id).toolTip(window.live_list.COL_ADDRESS)
        assert f"joined {GROUP} on 127.0.0.1" in tip, "the membership is said in the list"
        rows = server_events(ui, server_id)
        assert [r["event"] for r in rows[:4]] == ["server_bind", "setsockopt", "server_bind", "server_activate"]

    ui.run(scenario())


def test_bad_groups_and_interfaces_are_said_under_their_fields(ui: Driver) -> None:
    window = ui.window
    pane = window.server_pane

    def type_into(name: str, text: str) -> None:
        edit = ui.widget(name)
        edit.setFocus()
        edit.selectAll()
        ui.qtbot.keyClicks(edit, text)  # typing clears the field's error, as it does for a user

    async def start_and_wait(error_name: str) -> str:
        ui.click("serverStart")
        error = ui.widget(error_name)
        await ui.until(error.isVisible, what=error_name)
        assert not window.session.servers
        return str(error.text())

    async def scenario() -> None:
        ui.choose("serverType", "dgram")
        if pane.advanced_toggle.isChecked():
            ui.click("serverAdvancedToggle")
        type_into("serverJoin", "10.0.0.1")
        text = await start_and_wait("serverJoinError")
        assert "10.0.0.1 is not a multicast group" in text
        assert pane.advanced_toggle.isChecked(), "the section opens to show its error"
        type_into("serverJoin", "ff01::1")
        assert "not of the server's family" in await start_and_wait("serverJoinError")
        type_into("serverJoin", GROUP)
        type_into("serverJoinInterface", "lo")  # an IPv4 interface is an address
        text = await start_and_wait("serverJoinInterfaceError")
        assert "for IPv4 the interface is the address" in text and not ui.widget("serverJoinError").isVisible()
        # a hidden row never stops a server: back to TCP, the groups are left out
        ui.choose("serverType", "stream")
        assert not ui.widget("serverJoin").isVisible()
        server_id = await start_server_from_form(ui)
        assert window.session.servers[server_id].spec.join == ()

    ui.run(scenario())


def test_the_rows_follow_type_and_family_and_come_back_next_time(qtbot) -> None:
    from ui.server_pane import ServerPane

    pane = ServerPane(None)  # type: ignore[arg-type]  # the form alone; nothing is started
    qtbot.addWidget(pane)
    pane.show()
    pane.advanced_toggle.setChecked(True)
    adv = pane.advanced
    assert adv.tls.isVisible() and not adv.join.isVisible()
    pane.type.setCurrentIndex(pane.type.findData("dgram"))
    assert adv.join.isVisible() and adv.join_interface.isVisible() and not adv.tls.isVisible()
    pane.family.setCurrentIndex(pane.family.findData("unix"))
    assert not adv.join.isVisible(), "an AF_UNIX socket joins no group"
    pane.family.setCurrentIndex(pane.family.findData("inet"))
    adv.join.setText(f"{GROUP}, 239.255.77.79")
    adv.join_interface.setText("127.0.0.1")
    assert adv.net_fields() == {"tls": False, "join": (GROUP, "239.255.77.79"), "join_interface": "127.0.0.1"}
    pane.type.setCurrentIndex(pane.type.findData("stream"))
    adv.tls.setChecked(True)
    assert pane.spec().tls and pane.spec().join == ()
    pane.save_form()

    again = ServerPane(None)  # type: ignore[arg-type]
    qtbot.addWidget(again)
    assert again.advanced.tls.isChecked()
    assert again.advanced.join.text() == f"{GROUP}, 239.255.77.79"
    assert again.advanced.join_interface.text() == "127.0.0.1"


def test_the_new_options_and_the_certificate_row_are_chinese_in_chinese(ui: Driver, built_translations: list) -> None:
    from PySide6.QtWidgets import QApplication

    from tests.ui.test_app_i18n import chinese_share
    from ui.i18n import apply_language

    window = ui.window

    async def scenario() -> None:
        open_more(ui)
        ui.click("serverTls")
        await start_server_from_form(ui)

    ui.run(scenario())
    assert apply_language("zh_CN")
    QApplication.processEvents()
    try:
        assert chinese_share(window.server_pane.advanced)[1] == []
        assert chinese_share(window.live_list)[1] == []
        ui.choose("serverType", "dgram")  # the group's row in place of TLS's
        assert chinese_share(window.server_pane.advanced)[1] == []
    finally:
        apply_language("en")
        QApplication.processEvents()

"""The client form's "More" section in the real window: TLS to a real TLS server, a UDP client to a group and to broadcast.

TLS: aimed at a TLS server of the window, TLS is on and its certificate is trusted without a
word; another name is refused under Host, an untrusted certificate under the check box, and
checking off connects anyway. UDP: TTL 0 and IP_MULTICAST_IF 127.0.0.1 to a group joined on
loopback; SO_BROADCAST to 127.255.255.255 (refused without it, under Send). Nothing leaves
this machine.
"""

from __future__ import annotations

from tests.ui.client_steps import connect, event_tooltips, rows_of, start_server
from tests.ui.conftest import Driver

GROUP = "239.255.77.80"  # administratively scoped; joined on loopback only


def received(ui: Driver, client_id: str) -> bytes:
    ui.window.feed.read_now()
    ui.window.hex_pane.flush()
    stream = ui.stream(client_id)
    return b"" if stream is None else b"".join(stream.iter_data("received"))


async def send(ui: Driver, text: str) -> None:
    ui.choose("clientPayloadMode", "text")
    ui.widget("clientPayload").setPlainText(text)
    await ui.until(lambda: ui.widget("clientSend").isEnabled(), what="Send")
    ui.click("clientSend")


async def tls_server(ui: Driver) -> str:
    ui.click("serverAdvancedToggle")
    ui.click("serverTls")
    server_id = await start_server(ui, serverMixin="threading")  # a handshake each, while one is served
    ui.click("serverAdvancedToggle")
    return server_id


def test_aimed_at_a_tls_server_the_client_speaks_tls_and_trusts_its_certificate(ui: Driver) -> None:
    window = ui.window
    pane = window.client_pane
    options = pane.net_options

    async def scenario() -> None:
        server_id = await tls_server(ui)
        certificate = window.session.servers[server_id].tls["certificate"]
        # the form aimed itself at the new server: TLS on, checking on, that server's certificate trusted
        assert options.tls.isChecked() and options.verify.isChecked()
        summary = ui.widget("clientNetSummary")
        assert summary.isVisible() and summary.text() == "More: TLS", "said while the section is closed"
        assert options.ca.placeholderText() == f"{server_id}'s certificate: {certificate}"
        spec = pane.spec()
        assert (spec.tls, spec.tls_verify, spec.tls_ca) == (True, True, certificate)

        client_id = await connect(ui)
        await send(ui, "over TLS")
        await ui.until(lambda: received(ui, client_id) == b"over TLS", what="the echo, decrypted")
        window.events_pane.flush()
        assert rows_of(ui, client_id, "do_handshake"), "the client's handshake is an event"
        assert rows_of(ui, server_id, "do_handshake"), "and the server's"
        # the bytes rows of both ends say they are TLS plaintext, and the tooltip says what that means
        recv = [r for r in rows_of(ui, server_id, "recv") if r["bytes"].endswith("B  6f 76 65 72 20 54 4c 53")]
        assert recv and recv[0]["bytes"] == "TLS · 8 B  6f 76 65 72 20 54 4c 53", recv
        assert any(r["bytes"].startswith("TLS · 8 B") for r in rows_of(ui, client_id, "sendall"))
        tips = event_tooltips(ui, server_id, "recv")
        assert any("the ssl module decrypted" in t for t in tips), tips

        # another name than the certificate's, with that certificate trusted: said under Host
        ui.click("clientMoreToggle")
        assert not summary.isVisible(), "the section is open: no need to say it twice"
        options.ca.setText(certificate)
        ui.widget("clientHost").setText("localhost")
        await connect(ui, connected=False)
        error = ui.widget("clientHostError")
        await ui.until(error.isVisible, what="the wrong name")
        assert "not for the name localhost" in error.text()

        # no certificate trusted: the self-signed one is not, said under "check the certificate"
        options.ca.clear()
        await connect(ui, connected=False)
        error = ui.widget("clientTlsVerifyError")
        await ui.until(error.isVisible, what="the untrusted certificate")
        assert "not trusted" in error.text() and "self-signed" in error.text()

        # checking off: connected, encrypted, whoever answers
        ui.click("clientTlsVerify")
        assert not error.isVisible()
        client_id = await connect(ui)
        await send(ui, "unchecked")
        await ui.until(lambda: received(ui, client_id) == b"unchecked", what="the echo")
        assert not window.session.clients[client_id].spec.tls_verify

    ui.run(scenario())


def test_a_plain_server_turns_tls_off_and_the_rows_follow_the_type(ui: Driver) -> None:
    pane = ui.window.client_pane
    options = pane.net_options

    async def scenario() -> None:
        ui.click("clientMoreToggle")
        ui.click("clientTls")
        assert options.ca.isVisible(), "the file to trust shows once TLS is on"
        server_id = await start_server(ui)  # a plain echo server: aiming at it turns TLS off
        pane.use_server(server_id)
        assert not options.tls.isChecked() and not options.ca.isVisible()
        assert options.ca.placeholderText() == "the system's certificates only"
        assert not options.broadcast.isVisible()
        ui.choose("clientType", "dgram")
        assert options.broadcast.isVisible() and options.ttl.isVisible() and not options.tls.isVisible()
        ui.choose("clientFamily", "inet6")
        assert not options.broadcast.isEnabled(), "IPv6 has no broadcast"
        ui.choose("clientFamily", "unix")
        assert not options.ttl.isVisible(), "an AF_UNIX socket has no multicast"

    ui.run(scenario())


def test_a_udp_client_sends_to_a_group_on_loopback_with_ttl_0(ui: Driver) -> None:
    window = ui.window
    pane = window.client_pane
    options = pane.net_options

    async def scenario() -> None:
        ui.click("serverAdvancedToggle")
        server_id = await start_server(ui, serverType="dgram", serverHost=GROUP, serverJoin=GROUP,
                                       serverJoinInterface="127.0.0.1", serverHandler="upper")  # fmt: skip
        assert pane.host.text() == GROUP
        ui.click("clientMoreToggle")
        options.ttl.setValue(0)
        options.loop.setCurrentIndex(options.loop.findData("on"))
        ui.widget("clientMulticastInterface").setText("127.0.0.1")
        ui.click("clientMoreToggle")
        assert ui.widget("clientNetSummary").text() == "More: TTL 0, loop on, from 127.0.0.1"
        client_id = await connect(ui, connected=False)
        await send(ui, "to the group")
        await ui.until(lambda: received(ui, client_id) == b"TO THE GROUP", what="the group member's answer")
        window.events_pane.flush()
        assert len(rows_of(ui, client_id, "setsockopt")) == 3, "IP_MULTICAST_IF, _TTL and _LOOP: one event each"
        assert rows_of(ui, server_id, "setsockopt"), "the server's IP_ADD_MEMBERSHIP"

    ui.run(scenario())


def test_broadcast_needs_so_broadcast_and_a_bad_interface_is_said_under_its_field(ui: Driver) -> None:
    window = ui.window
    options = window.client_pane.net_options

    async def scenario() -> None:
        await start_server(ui, serverType="dgram", serverHost="127.255.255.255")
        ui.click("clientMoreToggle")
        # without SO_BROADCAST the system refuses the sendto: said under Send, naming the option
        first = await connect(ui, connected=False)
        await send(ui, "everyone?")
        error = ui.widget("clientSendError")
        await ui.until(error.isVisible, what="the refusal")
        assert "broadcast option (SO_BROADCAST)" in error.text()
        ui.click("clientBroadcast")
        second = await connect(ui, connected=False)
        await send(ui, "everyone")
        await ui.until(lambda: received(ui, second) == b"everyone", what="the echo of a broadcast")
        assert received(ui, first) == b""
        # an IPv4 interface is one of this machine's addresses
        options.interface.setText("eth-nope")
        ui.click("clientConnect")
        error = ui.widget("clientMulticastInterfaceError")
        await ui.until(error.isVisible, what="the interface's error")
        assert "for IPv4 the interface is the address" in error.text()

    ui.run(scenario())


def test_the_options_come_back_next_time(qtbot) -> None:
    from ui.client_pane import ClientPane

    pane = ClientPane(None)  # type: ignore[arg-type]  # the form alone; nothing is started
    qtbot.addWidget(pane)
    o = pane.net_options
    o.tls.setChecked(True)
    o.verify.setChecked(False)
    o.ca.setText("/tmp/some-ca.pem")
    o.broadcast.setChecked(True)
    o.ttl.setValue(3)
    o.loop.setCurrentIndex(o.loop.findData("off"))
    o.interface.setText("127.0.0.1")
    pane.more_toggle.setChecked(True)
    pane.save_form()
    again = ClientPane(None)  # type: ignore[arg-type]
    qtbot.addWidget(again)
    a = again.net_options
    assert again.more_toggle.isChecked()
    assert a.values() == o.values()
    assert (a.tls.isChecked(), a.verify.isChecked(), a.ttl.value()) == (True, False, 3)


def test_the_more_section_is_chinese_in_chinese(ui: Driver, built_translations: list) -> None:
    from PySide6.QtWidgets import QApplication

    from tests.ui.test_app_i18n import chinese_share
    from ui.i18n import apply_language

    pane = ui.window.client_pane
    ui.click("clientMoreToggle")
    ui.click("clientTls")
    assert apply_language("zh_CN")
    QApplication.processEvents()  # Qt posts LanguageChange to the windows
    try:
        assert chinese_share(pane.net_options)[1] == []
        assert pane.more_toggle.text() == "更多"
        ui.choose("clientType", "dgram")
        assert chinese_share(pane.net_options)[1] == []
        ui.click("clientMoreToggle")
        pane.net_options.ttl.setValue(0)
        assert ui.widget("clientNetSummary").text() == "更多：TTL 0"
    finally:
        apply_language("en")
        QApplication.processEvents()

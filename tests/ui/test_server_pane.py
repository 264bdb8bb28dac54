"""The server form: defaults, platform options, several servers, and errors shown next to their field."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox

from ui.server_pane import fill_enum_combo
from workbench.spec import Family, Mixin, SockType


def test_one_click_gives_an_echo_server_on_loopback(ui) -> None:
    async def scenario() -> None:
        ui.click("serverStart")
        await ui.until(lambda: ui.window.session.servers, what="a server")
        runner = next(iter(ui.window.session.servers.values()))
        assert runner.spec.host == "127.0.0.1" and runner.spec.handler.value == "echo"
        host, port = runner.address[:2]
        assert host == "127.0.0.1" and port != 0
        # the bound port is shown, in the form and in the live list
        assert f"127.0.0.1:{port}" in ui.widget("serverStatus").text()
        item = ui.window.live_list.item(runner.id)
        assert item is not None and item.text(1) == f"127.0.0.1:{port}"
        # it really serves: a plain socket gets its bytes back
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(b"ping")
            assert sock.recv(16) == b"ping"
        await ui.until(lambda: item.text(3).endswith("/ 1"), what="the request count")

    ui.run(scenario())


def test_several_servers_and_stop_from_the_list(ui) -> None:
    async def scenario() -> None:
        ui.choose("serverMixin", "threading")
        ui.click("serverStart")
        await ui.until(lambda: len(ui.window.session.servers) == 1)
        ui.choose("serverType", "dgram")
        ui.click("serverStart")
        await ui.until(lambda: len(ui.window.session.servers) == 2)
        ids = ui.window.live_list.ids()
        assert ids == ["server-" + i.split("-")[1] for i in ids] and len(ids) == 2
        kinds = {ui.window.live_list.item(i).text(2) for i in ids}
        assert kinds == {"threading"}
        first = ids[0]
        ui.click(f"stop-{first}")
        await ui.until(lambda: first not in ui.window.session.servers, what="the server to stop")
        assert ui.window.live_list.ids() == ids[1:]

    ui.run(scenario())


def test_port_in_use_is_shown_under_the_port(ui) -> None:
    blocker = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    blocker.bind(("127.0.0.1", 0))
    blocker.listen()
    port = blocker.getsockname()[1]
    try:

        async def scenario() -> None:
            ui.widget("serverPort").setValue(port)
            ui.click("serverStart")
            error = ui.widget("serverPortError")
            await ui.until(error.isVisible, what="the port error")
            assert str(port) in error.text() and "use" in error.text().lower()
            assert "Traceback" not in error.text()
            assert ui.widget("serverPort").property("invalid") is True
            assert not ui.window.session.servers
            assert ui.widget("serverStart").isEnabled()
            # fixing the field clears the message
            ui.widget("serverPort").setValue(0)
            assert not error.isVisible()

        ui.run(scenario())
    finally:
        blocker.close()


def test_bad_allow_entry_is_shown_under_the_allow_list(ui) -> None:
    async def scenario() -> None:
        ui.widget("serverAllow").setText("127.0.0.1, 10.0.0.300")
        ui.click("serverStart")
        error = ui.widget("serverAllowError")
        await ui.until(error.isVisible, what="the allow-list error")
        assert "10.0.0.300" in error.text()
        assert ui.widget("serverAllow").property("invalid") is True
        assert not ui.window.session.servers

    ui.run(scenario())


def test_unix_path_that_is_a_regular_file_is_refused_and_kept(ui, tmp_path: Path) -> None:
    precious = tmp_path / "notes.txt"
    precious.write_text("do not delete me")

    async def scenario() -> None:
        ui.choose("serverFamily", "unix")
        assert ui.widget("serverPath").isVisible() and not ui.widget("serverHost").isVisible()
        ui.widget("serverPath").setText(str(precious))
        ui.click("serverStart")
        error = ui.widget("serverPathError")
        await ui.until(error.isVisible, what="the path error")
        assert "Traceback" not in error.text() and error.text()
        assert ui.widget("serverPath").property("invalid") is True
        assert not ui.window.session.servers

    ui.run(scenario())
    assert precious.read_text() == "do not delete me"


def test_path_field_only_for_unix_and_default_in_temp_dir(ui) -> None:
    path = ui.widget("serverPath")
    assert not path.isVisible() and not path.isEnabled()
    ui.choose("serverFamily", "unix")
    assert path.isVisible() and path.isEnabled()
    assert path.text().endswith(".sock")
    assert Path(path.text()).parent.is_dir()
    assert not ui.widget("serverAllow").isEnabled()  # an allow list filters IPs: none on AF_UNIX
    ui.choose("serverFamily", "inet6")
    assert not path.isVisible() and ui.widget("serverHost").text() == "::1"


def test_all_interfaces_is_allowed_and_said_plainly(ui) -> None:
    async def scenario() -> None:
        ui.widget("serverHost").setText("0.0.0.0")
        note = ui.widget("serverHostNote")
        assert note.isVisible() and "all interfaces" in note.text()
        ui.click("serverStart")
        await ui.until(lambda: ui.window.session.servers)
        ident = next(iter(ui.window.session.servers))
        assert "all interfaces" in ui.window.live_list.item(ident).text(1)

    ui.run(scenario())


def test_dgram_has_no_backlog(ui) -> None:
    ui.choose("serverType", SockType.DGRAM.value)
    backlog = ui.widget("serverBacklog")
    assert not backlog.isEnabled() and "listen" in backlog.toolTip()


def test_unsupported_options_are_disabled_with_the_reason(qtbot) -> None:
    combo = QComboBox()
    qtbot.addWidget(combo)
    fill_enum_combo(
        combo,
        [("none", Mixin.NONE.value, None), ("ForkingMixIn", Mixin.FORKING.value, "needs os.fork()")],
    )
    model = combo.model()
    assert isinstance(model, QStandardItemModel)
    assert model.item(0).isEnabled()
    assert not model.item(1).isEnabled() and model.item(1).toolTip() == "needs os.fork()"


@pytest.mark.parametrize("family", [f for f in Family])
def test_family_options_follow_the_platform(ui, family: Family) -> None:
    from workbench.spec import unsupported_reason

    combo = ui.widget("serverFamily")
    model = combo.model()
    item = model.item(combo.findData(family.value))
    reason = unsupported_reason(family=family)
    assert item.isEnabled() == (reason is None)
    if reason:
        assert item.toolTip() == reason


def test_reuse_address_follows_the_type_until_the_user_chooses(ui) -> None:
    async def scenario() -> None:
        reuse = ui.widget("serverReuse")
        assert reuse.isChecked()  # TCP: restart despite TIME_WAIT
        ui.choose("serverType", "dgram")
        assert not reuse.isChecked()  # UDP: a second server on the port must be refused
        ui.click("serverStart")
        await ui.until(lambda: ui.window.session.servers, what="a UDP server")
        runner = next(iter(ui.window.session.servers.values()))
        assert runner.spec.allow_reuse_address is False
        reuse.click()  # the user's choice sticks across type changes
        ui.choose("serverType", "stream")
        ui.choose("serverType", "dgram")
        assert reuse.isChecked()

    ui.run(scenario())

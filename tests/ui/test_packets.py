"""Saved packets and the send history: the bytes a packet makes, what survives a restart, what bad stored data does."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.ui.client_steps import connect, result_says, sent_bytes, show_tab, start_server
from ui.client_pane import ClientPane
from ui.packets import HISTORY_SIZE, Packet, PacketStore, compose, fill_to, one_line
from workbench import checksum
from workbench.errors import WorkbenchError


# -- the bytes -------------------------------------------------------------------------------------
def test_a_packet_is_its_payload_then_checksum_then_line_ending() -> None:
    parts = compose(Packet("01 03 00 00 00 0a", mode="hex", checksum="CRC-16/MODBUS", ending="crlf"))
    body = bytes.fromhex("01 03 00 00 00 0a")
    assert parts.body == body
    assert parts.check == checksum.append("CRC-16/MODBUS", body)[-2:]
    assert parts.data == checksum.append("CRC-16/MODBUS", body) + b"\r\n"
    assert compose(Packet("a\\x00", mode="escape", ending="cr")).data == b"a\x00\r"


def test_fill_repeats_the_payload_to_exactly_the_size() -> None:
    assert fill_to(b"abc", 8) == b"abcabcab"
    assert fill_to(b"abc", 2) == b"abc"  # never cut below what was typed
    assert fill_to(b"", 10) == b""
    assert compose(Packet("xy", checksum="SUM8"), fill=5).data == b"xyxyx" + bytes([sum(b"xyxyx") & 0xFF])


def test_a_bad_payload_or_algorithm_is_an_error_with_a_message() -> None:
    with pytest.raises(WorkbenchError) as bad_hex:
        compose(Packet("zz", mode="hex"))
    assert bad_hex.value.text()
    with pytest.raises(WorkbenchError):
        compose(Packet("x", checksum="CRC-99/NOTHING"))


def test_the_form_lists_every_checksum_the_engine_has() -> None:
    from ui.packets import CHECKSUM_NAMES

    assert CHECKSUM_NAMES == tuple(checksum.ALGORITHMS)


def test_lists_show_control_characters_as_escapes() -> None:
    assert one_line("GET /\r\n\x1b[2J") == "GET /\\r\\n\\x1b[2J"
    assert one_line("x" * 100, limit=10) == "x" * 10 + "…"


# -- the store -------------------------------------------------------------------------------------
def test_packets_and_history_come_back_from_the_file(tmp_path: Path) -> None:
    path = tmp_path / "packets.json"
    store = PacketStore(path)
    ping = Packet("ping\n", name="ping", ending="lf", checksum="XOR8", byteorder="little")
    store.save_packet(ping)
    store.save_packet(Packet("de ad", mode="hex", name="dead"))
    store.save_packet(Packet("PING", name="ping"))  # the same name replaces it
    for i in range(HISTORY_SIZE + 5):
        store.record_send(Packet(f"send {i}", call="send"))
    store.record_send(Packet(f"send {HISTORY_SIZE + 4}", call="send"))  # twice in a row: kept once
    again = PacketStore(path)
    assert [p.name for p in again.packets] == ["dead", "ping"]
    assert again.packets[1].text == "PING"
    assert len(again.history) == HISTORY_SIZE
    assert again.history[0] == Packet(f"send {HISTORY_SIZE + 4}", call="send")
    assert again.unreadable is None and again.skipped == 0


def test_bad_entries_are_left_out_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "packets.json"
    path.write_text(
        json.dumps(
            {
                "packets": [
                    {"name": "ok", "text": "x"},
                    {"name": 5, "text": "y"},
                    "junk",
                    {"name": "mode", "text": "z", "mode": "bogus"},
                    {"name": "crc", "text": "z", "checksum": "CRC-99"},
                    {"name": "\x1b[31m", "text": "z"},
                    {"name": "", "text": "nameless"},
                ],
                "history": {"not": "a list"},
            }
        ),
        encoding="utf-8",
    )
    store = PacketStore(path)
    assert [p.name for p in store.packets] == ["ok"]
    assert store.history == []
    assert store.skipped == 7 and store.unreadable is None


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe\x00garbage", b"[1, 2, 3]", b'"a string"'])
def test_an_unreadable_file_is_kept_aside_not_overwritten(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "packets.json"
    path.write_bytes(content)
    store = PacketStore(path)
    assert store.packets == [] and store.unreadable
    store.save_packet(Packet("x", name="new"))
    assert (tmp_path / "packets.json.bad").read_bytes() == content  # what was there is not lost
    assert [p.name for p in PacketStore(path).packets] == ["new"]


# -- in the window ---------------------------------------------------------------------------------
def _packets_file() -> Path:
    return PacketStore.default_path()


def test_a_saved_packet_survives_a_restart_and_a_double_click_sends_it(ui, qtbot) -> None:
    async def scenario() -> None:
        server = await start_server(ui, serverHandler="discard")
        ident = await connect(ui, server)
        ui.choose("clientPayloadMode", "hex")
        ui.widget("clientPayload").setPlainText("01 03 00 00 00 0a")
        ui.choose("clientChecksum", "CRC-16/MODBUS")
        show_tab(ui, "clientPacketsPage")
        name = ui.widget("clientPacketName")
        name.setText("read registers")
        ui.click("clientPacketSave")
        saved = ui.widget("clientPackets")
        assert saved.count() == 1 and saved.item(0).text().startswith("read registers — hex 01 03")
        assert _packets_file().is_file()

        # a new pane (the next start of the app) finds it in the file
        fresh = ClientPane(ui.window.session)
        try:
            fresh.packets_page.refresh()
            [packet] = fresh.packets_page.store.packets
            assert fresh.packets_page.saved.count() == 1
        finally:
            fresh.deleteLater()
        assert packet == Packet(
            "01 03 00 00 00 0a", mode="hex", checksum="CRC-16/MODBUS", name="read registers"
        )

        # change the Send tab, then double-click the saved packet: it goes out as saved
        ui.widget("clientPayload").setPlainText("ff")
        item = saved.item(0)
        where = saved.visualItemRect(item).center()
        # a double click is a click, then a second press the system reports as a double click
        qtbot.mouseClick(saved.viewport(), Qt.MouseButton.LeftButton, pos=where)
        qtbot.mouseDClick(saved.viewport(), Qt.MouseButton.LeftButton, pos=where)
        wire = checksum.append("CRC-16/MODBUS", bytes.fromhex("01 03 00 00 00 0a"))
        await ui.until(lambda: sent_bytes(ui, ident) == wire, what="the packet on the wire")
        await result_says(ui, "read registers: sendall() sent all 8 bytes")
        await asyncio.sleep(0.2)
        assert sent_bytes(ui, ident) == wire  # once: a double click is one send

    ui.run(scenario())


def test_the_history_loads_an_earlier_send_back(ui, qtbot) -> None:
    async def scenario() -> None:
        server = await start_server(ui, serverHandler="discard")
        await connect(ui, server)
        ui.choose("clientPayloadMode", "escape")
        ui.widget("clientPayload").setPlainText("first\\x00")
        ui.choose("clientEnding", "crlf")
        ui.click("clientSend")
        await result_says(ui, "sent all 8 bytes")
        ui.choose("clientPayloadMode", "text")
        ui.choose("clientEnding", "none")
        ui.widget("clientPayload").setPlainText("second")
        ui.click("clientSend")
        await result_says(ui, "sent all 6 bytes")
        show_tab(ui, "clientPacketsPage")
        history = ui.widget("clientHistory")
        assert [history.item(i).text() for i in range(history.count())] == [
            "sendall() second",
            "sendall() esc first\\x00  [+\\r\\n]",
        ]
        older = history.item(1)
        qtbot.mouseClick(
            history.viewport(), Qt.MouseButton.LeftButton, pos=history.visualItemRect(older).center()
        )
        assert ui.window.client_pane.tabs.currentWidget() is ui.widget("clientSendPage")
        assert ui.widget("clientPayload").toPlainText() == "first\\x00"
        assert ui.widget("clientPayloadMode").currentData() == "escape"
        assert ui.widget("clientEnding").currentData() == "crlf"

    ui.run(scenario())


def test_bad_stored_packets_are_said_and_the_pane_still_works(ui) -> None:
    _packets_file().write_text('{"packets": [{"name": "ok", "text": "hi"}, {"name": 1}], "history": 3}')

    async def scenario() -> None:
        show_tab(ui, "clientPacketsPage")  # the file is read the first time the tab is shown
        problem = ui.widget("clientPacketsProblem")
        assert problem.isVisible() and "2 stored entries were not packets" in problem.text()
        assert ui.widget("clientPackets").count() == 1
        _packets_file().write_bytes(b"\x00 not json at all")
        other = ClientPane(ui.window.session)
        try:
            page = other.packets_page
            page.refresh()
            assert "could not be read" in page.problem.text() and page.store.packets == []
            page.name.setText("kept")
            page.save_current()  # the unreadable file is set aside, a fresh one written
            assert (_packets_file().parent / "packets.json.bad").read_bytes() == b"\x00 not json at all"
            assert [p.name for p in PacketStore(_packets_file()).packets] == ["kept"]
            assert not page.problem.text()
        finally:
            other.deleteLater()

    ui.run(scenario())

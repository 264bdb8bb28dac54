"""File ▸ Export ▸ pcapng… in the real window: the save dialog, the export off the GUI thread, the result, errors, Cancel."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox, QProgressDialog, QPushButton

from tests.core import pcapng_reader as pr
from tests.ui.conftest import Driver
from workbench.events import Kind, Phase
from workbench.session.writer import SessionWriter
from workbench.spec import ClientSpec, ServerSpec

TSHARK = shutil.which("tshark")


def _answer_save_dialog(path: str | None) -> None:
    """Fill in (or cancel) the save dialog the action opens, once it is up (it runs its own loop)."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, answer)
            return
        if path is None:
            dialog.reject()
        else:  # as a user does: the folder, then the name typed in the name field
            dialog.setDirectory(os.path.dirname(path))
            name = dialog.findChild(QLineEdit, "fileNameEdit")
            assert name is not None
            name.setText(os.path.basename(path))
            dialog.accept()

    QTimer.singleShot(20, answer)


def _export_from_menu(ui: Driver, path: str | None) -> None:
    _answer_save_dialog(path)
    ui.window.action_export_pcapng.trigger()


async def _exchange(ui: Driver, payloads: list[bytes]) -> tuple[str, str]:
    """A real echo server and client through the real host; the client sends, reads, half-closes, closes."""
    session = ui.window.session
    server = await session.start_server(ServerSpec(mixin="threading"))
    assert isinstance(server.address, tuple)
    client = await session.add_client(ClientSpec(port=int(server.address[1])))
    await session.connect_client(client)
    for payload in payloads:
        await client.sendall(payload)
        await asyncio.sleep(0.02)
    total = sum(map(len, payloads))

    def echoed() -> bool:
        ui.window.feed.read_now()
        ui.window.hex_pane.flush()
        stream = ui.stream(client.id)
        return stream is not None and stream.total_bytes >= 2 * total

    await ui.until(echoed, what="the echo")
    await client.shutdown()
    await session.close_client(client.id)
    await session.stop_server(server.id)  # a commit point: the server's last records are in the log
    return server.id, client.id


def test_a_live_sessions_exchange_exported_from_the_menu_reads_back_byte_for_byte(ui: Driver, tmp_path: Path) -> None:
    window = ui.window
    payloads = [b"GET / HTTP/1.0\r\n\r\n", bytes(range(256)), b"bye\n"]
    target = tmp_path / "exchange"  # no extension: the dialog's answer gets .pcapng

    async def scenario() -> None:
        server_id, _client_id = await _exchange(ui, payloads)
        _export_from_menu(ui, str(target))
        out = tmp_path / "exchange.pcapng"
        await ui.until(lambda: "wrote" in window.statusBar().currentMessage(), timeout=20, what="the result")
        message = window.statusBar().currentMessage()
        assert message.startswith(f"wrote {out}: ")
        assert message.endswith("packets in 1 conversations on 1 interfaces"), "one server, its one request"
        assert not window.pcapng.running and window.pcapng.dialog is None

        capture = pr.parse(out.read_bytes())
        names = [i.text(2) for i in capture.interfaces]
        assert server_id in names
        streams = pr.tcp_streams(capture.packets)  # strict: no gap, overlap or data after FIN
        assert len(streams) == 1, "the client's connection is the server's request: one TCP stream"
        (stream,) = streams
        assert bytes(stream.c2s.data) == b"".join(payloads)
        assert bytes(stream.s2c.data) == b"".join(payloads), "the echo"
        assert stream.c2s.fin and stream.s2c.fin
        assert stream.client[0] != stream.server[0], "two columns in the flow graph"
        if TSHARK is not None:
            result = subprocess.run(
                [TSHARK, "-n", "-r", str(out), "-q", "-z", "follow,tcp,raw,0"],
                capture_output=True, text=True, timeout=60,
            )  # fmt: skip
            assert result.returncode == 0, result.stderr
            body = result.stdout.split("Node 1:", 1)[1].split("\n", 1)[1]
            sent = {False: bytearray(), True: bytearray()}
            for line in body.splitlines():
                if line.startswith("==="):
                    break
                sent[line.startswith("\t")].extend(bytes.fromhex(line.strip()))
            assert bytes(sent[False]) == bytes(sent[True]) == b"".join(payloads)

    ui.run(scenario(), timeout=60)


def test_the_export_says_in_the_windows_language_why_a_file_cannot_be_written(ui: Driver, tmp_path: Path) -> None:
    from ui.i18n import apply_language

    window = ui.window

    async def error_box() -> QMessageBox:
        box = await ui.until(lambda: window.pcapng.error_box, what="the message box")
        assert isinstance(box, QMessageBox) and box.isVisible()
        return box

    async def scenario() -> None:
        await _exchange(ui, [b"x"])
        # a folder where the file should go
        await window.export_pcapng(str(tmp_path))
        box = await error_box()
        assert "is a directory" in box.informativeText() and str(tmp_path) in box.informativeText()
        box.accept()
        await ui.until(lambda: window.pcapng.error_box is None, what="the box to close")
        # a folder that does not exist, said in Chinese when the window speaks it
        assert apply_language("zh_CN")
        try:
            missing = tmp_path / "no such folder" / "x.pcapng"
            await window.export_pcapng(str(missing))
            box = await error_box()
            assert "不存在" in box.informativeText() and "no such folder" in box.informativeText()
            box.accept()
        finally:
            apply_language("en")
        await ui.until(lambda: window.pcapng.error_box is None, what="the box to close")
        # a folder one may not write into
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        try:
            if os.access(locked, os.W_OK):
                return  # root writes anywhere: nothing to refuse
            await window.export_pcapng(str(locked / "x.pcapng"))
            box = await error_box()
            assert box.informativeText().startswith(f"cannot write {locked / 'x.pcapng'}")
            box.accept()
        finally:
            locked.chmod(0o700)
        assert not list(tmp_path.rglob("*.part")), "nothing half-written is left"

    ui.run(scenario(), timeout=60)


def _big_session(path: Path, chunks: int) -> None:
    """A saved session of one TCP request with many recv records (long enough to cancel its export)."""
    with SessionWriter(path) as writer:
        server = writer.add_source("server-1", "server", {"type": "stream", "family": "inet", "mixin": "none"})
        listen = writer.address_id(("127.0.0.1", 5000))
        peer = writer.address_id(("127.0.0.1", 41000))
        writer.hook(Kind.SERVER_BIND, Phase.ENTER, server, 0, listen)
        writer.hook(Kind.SERVER_BIND, Phase.EXIT, server, 0, listen)
        writer.hook(Kind.GET_REQUEST, Phase.ENTER, server)
        writer.hook(Kind.GET_REQUEST, Phase.EXIT, server, 1, peer)
        payload = b"0123456789abcdef" * 4
        for _ in range(chunks):
            writer.data(Kind.RECV, server, 1, peer, payload)


def test_cancel_in_the_progress_dialog_of_a_saved_session_leaves_no_file(ui: Driver, tmp_path: Path) -> None:
    saved = tmp_path / "big.swb"
    _big_session(saved, 600_000)
    window = ui.window.open_session(str(saved))
    assert window is not None and window.read_only
    assert window.relay_tab == -1 and window.tabs.count() == 3, "no relay in a saved session: nothing runs there"
    target = tmp_path / "big.pcapng"
    try:
        exporter = window.pcapng

        async def scenario() -> None:
            task = asyncio.ensure_future(exporter.export(str(saved), str(target)))
            dialog = await ui.until(lambda: exporter.dialog is not None and exporter.dialog.isVisible() and exporter.dialog,
                                    timeout=10, what="the progress dialog")  # fmt: skip
            assert isinstance(dialog, QProgressDialog)
            await ui.until(lambda: dialog.value() > 0, timeout=20, what="progress")
            assert "events read" in dialog.labelText() and dialog.maximum() >= 600_000
            cancel = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel")
            ui.click(cancel)
            result = await asyncio.wait_for(task, 20)
            assert result is None
            assert window.statusBar().currentMessage() == f"Export cancelled: nothing was written to {target}"

        ui.run(scenario(), timeout=60)
        assert not target.exists() and not list(tmp_path.glob(".*.part"))
    finally:
        window.close()
        QApplication.processEvents()


def test_a_cancelled_save_dialog_exports_nothing(ui: Driver, tmp_path: Path) -> None:
    window = ui.window
    assert window.action_export_pcapng in window.export_menu.actions()
    assert window.action_export_jsonl in window.export_menu.actions(), "both exports in one submenu"

    async def scenario() -> None:
        await _exchange(ui, [b"x"])
        before = window.statusBar().currentMessage()
        _export_from_menu(ui, None)
        await asyncio.sleep(0.2)
        assert not window.pcapng.running and window.statusBar().currentMessage() == before
        assert not list(tmp_path.glob("*.pcapng"))

    ui.run(scenario())


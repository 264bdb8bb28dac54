"""The Send and Options tabs with a real server: checksums and line endings on the wire, the preview, repeats."""

from __future__ import annotations

import asyncio
import re

from tests.ui.client_steps import connect, result, result_says, rows_of, sent_bytes, show_tab, start_server
from workbench import checksum

#: A Modbus RTU request (read 10 holding registers from 0) without its CRC.
FRAME = bytes.fromhex("01 03 00 00 00 0a")
ALGORITHMS = ("CRC-16/MODBUS", "CRC-16/CCITT-FALSE", "CRC-32", "SUM8", "XOR8")


def repeated(ui) -> int:
    """How many sends a running repeat says it made (0 before it says anything)."""
    match = re.match(r"Repeating: (\d+)", result(ui))
    return int(match.group(1)) if match else 0


def test_checksums_are_previewed_then_sent_as_workbench_checksum_computes_them(ui) -> None:
    async def scenario() -> None:
        server = await start_server(ui, serverHandler="discard")
        ident = await connect(ui, server)
        ui.choose("clientPayloadMode", "hex")
        ui.widget("clientPayload").setPlainText(FRAME.hex(" "))
        preview = ui.widget("clientPreview")
        expected = b""
        for name in ALGORITHMS:
            ui.choose("clientChecksum", name)
            tail = checksum.append(name, FRAME)[len(FRAME) :]
            shown = f"+ {tail.hex(' ')} ({name})"
            await ui.until(lambda shown=shown: shown in preview.text(), what=f"{name} previewed")
            assert preview.text().startswith(f"{len(FRAME) + len(tail)} B: {FRAME.hex(' ')}")
            ui.click("clientSend")
            expected += checksum.append(name, FRAME)
            await ui.until(
                lambda expected=expected: sent_bytes(ui, ident) == expected, what=f"{name} on the wire"
            )
        # the Modbus CRC goes low byte first by convention; the Options tab can turn it round
        ui.choose("clientChecksum", "CRC-16/MODBUS")
        ui.choose("clientChecksumOrder", "big")
        big = checksum.append("CRC-16/MODBUS", FRAME, "big")
        await ui.until(
            lambda: f"+ {big[-2:].hex(' ')} " in preview.text(), what="the big-endian CRC previewed"
        )
        ui.click("clientSend")
        await ui.until(lambda: sent_bytes(ui, ident) == expected + big, what="the big-endian CRC sent")

    ui.run(scenario())


def test_a_line_ending_follows_the_checksum(ui) -> None:
    async def scenario() -> None:
        server = await start_server(ui, serverHandler="discard")
        ident = await connect(ui, server)
        ui.widget("clientPayload").setPlainText("$GPGGA,1")
        ui.choose("clientChecksum", "XOR8")
        ui.choose("clientEnding", "crlf")
        wire = checksum.append("XOR8", b"$GPGGA,1") + b"\r\n"
        await ui.until(
            lambda: "+ 0d 0a (line end)" in ui.widget("clientPreview").text(), what="the ending previewed"
        )
        ui.click("clientSend")
        await ui.until(lambda: sent_bytes(ui, ident) == wire, what="payload, XOR8, CR LF on the wire")
        await result_says(ui, f"sendall() sent all {len(wire)} bytes")

    ui.run(scenario())


def test_repeat_n_times_sends_n_times(ui) -> None:
    async def scenario() -> None:
        server = await start_server(ui, serverHandler="discard")
        ident = await connect(ui, server)
        show_tab(ui, "clientOptionsPage")
        ui.widget("clientRepeatCount").setValue(5)
        ui.widget("clientRepeatInterval").setValue(20)
        show_tab(ui, "clientSendPage")
        await ui.until(lambda: "Send sends 5 times, 20 ms apart." in ui.widget("clientPreview").text(),
                       what="what Send will do, under the bytes")  # fmt: skip
        ui.click("clientSend")
        await result_says(ui, "Repeat done: 5 sends")
        await ui.until(lambda: len(rows_of(ui, ident, "sendall")) == 5, what="five sendall rows")
        assert sent_bytes(ui, ident) == b"hello\n" * 5
        assert ui.widget("clientSend").isVisible() and not ui.widget("clientStop").isVisible()

    ui.run(scenario())


def test_every_t_ms_keeps_sending_until_stop_and_not_after(ui) -> None:
    async def scenario() -> None:
        server = await start_server(ui, serverHandler="discard")
        ident = await connect(ui, server)
        show_tab(ui, "clientOptionsPage")
        ui.widget("clientRepeatCount").setValue(0)  # "until Stop"
        assert ui.widget("clientRepeatCount").text() == "until Stop"
        ui.widget("clientRepeatInterval").setValue(40)
        show_tab(ui, "clientSendPage")
        ui.click("clientSend")
        stop = ui.widget("clientStop")
        assert stop.isVisible() and not ui.widget("clientSend").isVisible()
        # the window keeps running meanwhile: the counts move while this coroutine waits
        await ui.until(lambda: repeated(ui) >= 3, what="three sends", timeout=10)
        ui.click(stop)
        text = await result_says(ui, "Repeat stopped after")
        done = int(text.split("after ")[1].split()[0])
        assert done >= 3
        await ui.until(lambda: len(rows_of(ui, ident, "sendall")) == done, what="one row per send")
        await asyncio.sleep(0.3)  # several intervals: nothing more goes out
        assert len(rows_of(ui, ident, "sendall")) == done
        assert sent_bytes(ui, ident) == b"hello\n" * done
        assert ui.widget("clientSend").isVisible() and ui.widget("clientSend").isEnabled()

    ui.run(scenario())


def test_a_repeat_ends_when_its_client_closes(ui) -> None:
    async def scenario() -> None:
        server = await start_server(ui, serverHandler="discard")
        await connect(ui, server)
        show_tab(ui, "clientOptionsPage")
        ui.widget("clientRepeatCount").setValue(0)
        ui.widget("clientRepeatInterval").setValue(50)
        ui.click("clientSend")
        await ui.until(lambda: repeated(ui) >= 1, what="the first send")
        ui.click("clientClose")
        await ui.until(lambda: "Repeat stopped after" in result(ui) or "Repeat ended after" in result(ui),
                       what="the repeat to end")  # fmt: skip
        assert not ui.widget("clientStop").isVisible()

    ui.run(scenario())

"""The socket calls the tutorial teaches, clicked in the client pane against real servers on loopback.

connect_ex's errno, BlockingIOError and TimeoutError from recv in the student's modes,
getsockname/getpeername/fileno, getaddrinfo for a host name, sendfile and sendall of a
file, and send() taking fewer bytes than asked.
"""

from __future__ import annotations

import asyncio
import errno
from pathlib import Path

from tests.ui.client_steps import (
    closed_port,
    connect,
    event_tooltips,
    result,
    result_says,
    rows_of,
    sent_bytes,
    show_tab,
    start_server,
)


def test_connect_ex_returns_the_errno_instead_of_raising(ui) -> None:
    port = closed_port()
    expected = f"{errno.ECONNREFUSED} ECONNREFUSED"

    async def scenario() -> None:
        ui.widget("clientPort").setValue(port)
        ui.choose("clientConnectCall", "connect_ex")
        assert ui.widget("clientConnect").toolTip().startswith("socket() then connect_ex()")
        ident = await connect(ui, connected=False)
        text = await result_says(ui, expected)
        assert f"connect_ex() returned {expected}" in text
        assert not ui.widget("clientConnectError").isVisible()  # a return value, not an exception
        await ui.until(lambda: any(r["phase"] == f"→ {errno.ECONNREFUSED}" for r in rows_of(ui, ident, "connect_ex")),
                       what="the connect_ex row with its errno")  # fmt: skip
        await ui.until(lambda: ui.window.live_list.item(ident).text(3) == "failed", what="failed in the list")
        assert "failed" in ui.widget("clientStatus").text()
        # against a server that listens, it returns 0 and the client is connected
        server = await start_server(ui)
        second = await connect(ui, server)
        await result_says(ui, "connect_ex() returned 0")
        await ui.until(lambda: any(r["phase"] == "→ 0" for r in rows_of(ui, second, "connect_ex")))
        assert "connected" in ui.widget("clientStatus").text()

    ui.run(scenario())


def test_recv_in_each_mode_blocking_io_error_timeout_error_then_data(ui) -> None:
    pane = ui.window.client_pane

    async def scenario() -> None:
        server = await start_server(ui)
        show_tab(ui, "clientSocketPage")
        ui.click("clientAutoRead")  # off: nothing reads but the recv() button
        assert not ui.widget("clientAutoRead").isChecked()
        ident = await connect(ui, server)
        assert ui.widget("clientRecv").isEnabled() and not pane._reading[ident]
        assert "· blocking · received" in ui.widget("clientStatus").text()

        ui.choose("clientModeCall", "setblocking(False)")
        ui.click("clientModeApply")
        await ui.until(
            lambda: "· non-blocking · received" in ui.widget("clientStatus").text(), what="non-blocking shown"
        )
        ui.click("clientRecv")
        text = await result_says(ui, "would block")
        assert text.startswith("recv would block") and "BlockingIOError" in text
        await ui.until(lambda: any("BlockingIOError" in t for t in event_tooltips(ui, ident, "recv")),
                       what="a recv row with BlockingIOError")  # fmt: skip
        assert any(r["phase"] == "error" for r in rows_of(ui, ident, "recv"))

        ui.choose("clientModeCall", "settimeout")
        ui.widget("clientTimeoutValue").setValue(0.3)
        ui.click("clientModeApply")
        await ui.until(
            lambda: "· timeout 0.3 s · received" in ui.widget("clientStatus").text(), what="the timeout shown"
        )
        started = asyncio.get_running_loop().time()
        ui.click("clientRecv")
        await result_says(ui, "timed out after 0.3 s")
        assert asyncio.get_running_loop().time() - started >= 0.25  # it did wait its timeout
        await ui.until(lambda: any("TimeoutError" in t for t in event_tooltips(ui, ident, "recv")),
                       what="a recv row with TimeoutError")  # fmt: skip

        ui.choose("clientModeCall", "settimeout(None)")
        ui.click("clientModeApply")
        await ui.until(lambda: "· blocking · received" in ui.widget("clientStatus").text(), what="back to blocking")
        assert rows_of(ui, ident, "settimeout")
        # blocking again: the echo of a send arrives through one recv(bufsize)
        ui.click("clientSend")
        ui.widget("clientBufsize").setValue(3)
        status = ui.widget("clientStatus")
        ui.click("clientRecv")
        await result_says(ui, "recv(3) returned 3 bytes")
        await ui.until(lambda: "received 3 bytes" in status.text(), what="the first 3 bytes counted")
        ui.click("clientRecv")
        await ui.until(lambda: "received 6 bytes" in status.text(), what="all 6 bytes counted")
        await ui.until(lambda: sent_bytes(ui, ident) == b"hello\n", what="the send in the hex view")

        ui.choose("clientModeCall", "setblocking(True)")
        ui.click("clientModeApply")
        await ui.until(
            lambda: rows_of(ui, ident, "setblocking") and len(rows_of(ui, ident, "setblocking")) == 2
        )

    ui.run(scenario())


def test_recv_is_disabled_while_replies_are_read_automatically(ui) -> None:
    async def scenario() -> None:
        server = await start_server(ui)
        await connect(ui, server)
        show_tab(ui, "clientSocketPage")
        recv, auto = ui.widget("clientRecv"), ui.widget("clientAutoRead")
        assert auto.isChecked() and not recv.isEnabled()
        assert "Turn it off" in recv.toolTip()
        ui.click(auto)  # off for this client now: the host's reader stops
        await ui.until(recv.isEnabled, what="recv() enabled")
        ui.click(auto)
        await ui.until(lambda: not recv.isEnabled(), what="recv() disabled again")

    ui.run(scenario())


def test_getsockname_getpeername_fileno_are_real_calls(ui) -> None:
    async def scenario() -> None:
        server = await start_server(ui)
        ident = await connect(ui, server)
        client = ui.window.session.clients[ident]
        local = f"{client.local_address[0]}:{client.local_address[1]}"
        peer = f"127.0.0.1:{ui.window.session.servers[server].address[1]}"
        show_tab(ui, "clientSocketPage")
        names = ui.widget("clientSocketNames")
        assert names.isVisible() and names.text() == f"fd {client.fd} · {local} → {peer}"
        assert f"getsockname()) {local}" in ui.widget("clientStatus").toolTip()
        ui.click("clientGetsockname")
        await result_says(ui, f"getsockname() → {local}")
        ui.click("clientGetpeername")
        await result_says(ui, f"getpeername() → {peer}")
        ui.click("clientFileno")
        await result_says(ui, f"fileno() → {client.fd}")
        for event in ("getsockname", "getpeername", "fileno"):
            await ui.until(lambda event=event: len(rows_of(ui, ident, event)) == 1, what=f"one {event} row")
        assert rows_of(ui, ident, "fileno")[0]["phase"] == f"→ {client.fd}"

    ui.run(scenario())


def test_a_host_name_is_resolved_by_getaddrinfo_first(ui) -> None:
    async def scenario() -> None:
        server = await start_server(ui)
        port = ui.window.session.servers[server].address[1]
        ui.widget("clientHost").setText("localhost")
        ui.widget("clientPort").setValue(port)
        ident = await connect(ui)
        await ui.until(lambda: rows_of(ui, ident, "getaddrinfo"), what="a getaddrinfo row")
        [row] = rows_of(ui, ident, "getaddrinfo")
        assert row["phase"].startswith("→ ")  # how many addresses it found
        assert any(f"localhost:{port}" in tip for tip in event_tooltips(ui, ident, "getaddrinfo"))
        # the connect after it went to what getaddrinfo found
        events = [r["event"] for r in rows_of(ui, ident)]
        assert events.index("getaddrinfo") < events.index("connect")
        status = ui.widget("clientStatus")
        await ui.until(lambda: f"getaddrinfo(localhost:{port}) found 127.0.0.1:{port}" in status.text(),
                       what="the results in the client's state")  # fmt: skip

    ui.run(scenario())


def test_a_file_goes_out_with_sendfile_or_read_then_sendall(ui, tmp_path: Path) -> None:
    content = bytes(range(256)) * 40 + b"end\n"
    path = tmp_path / "payload.bin"
    path.write_bytes(content)

    async def scenario() -> None:
        server = await start_server(ui, serverHandler="discard")
        ident = await connect(ui, server)
        show_tab(ui, "clientFilePage")
        assert not ui.widget("clientSendfile").isEnabled()  # no file chosen yet
        ui.widget("clientFilePath").setText(str(path))
        ui.click("clientSendfile")
        await result_says(ui, f"sendfile() sent {len(content)} bytes of payload.bin")
        await ui.until(lambda: sent_bytes(ui, ident) == content, what="the file's bytes in the hex view")
        ui.click("clientSendFileBytes")
        await result_says(ui, f"sendall() sent the {len(content)} bytes read from payload.bin")
        await ui.until(lambda: sent_bytes(ui, ident) == content * 2, what="the bytes again")
        await ui.until(lambda: rows_of(ui, ident, "sendfile") and rows_of(ui, ident, "sendall"))
        # a file that is not there: said in plain words, nothing sent
        ui.widget("clientFilePath").setText(str(tmp_path / "missing.bin"))
        ui.click("clientSendfile")
        await result_says(ui, "cannot open")
        assert "Traceback" not in result(ui)

    ui.run(scenario())


def test_send_takes_fewer_bytes_than_asked_with_a_small_send_buffer(ui) -> None:
    size = 4 << 20

    async def scenario() -> None:
        # the echo handler reads one chunk, then sleeps before it answers: meanwhile nobody reads
        server = await start_server(ui, serverMixin="threading", serverDelay=1.0)
        ident = await connect(ui, server)
        show_tab(ui, "clientOptionsPage")
        ui.widget("clientFillSize").setValue(size)
        ui.widget("clientSndbuf").setValue(4096)
        ui.click("clientSetSndbuf")
        text = await result_says(ui, "the OS set the send buffer to")
        granted = int(text.rsplit("to ", 1)[1].split()[0])
        assert 4096 <= granted < size
        await ui.until(lambda: rows_of(ui, ident, "setsockopt"), what="the setsockopt row")
        ui.choose("clientCall", "send")
        show_tab(ui, "clientSendPage")
        await ui.until(lambda: ui.widget("clientPreview").text().startswith(f"{size} B:"), what="the preview")
        ui.click("clientSend")
        text = await result_says(ui, f"of {size} bytes; the rest was not sent", timeout=20)
        taken = int(text.split("returned ", 1)[1].split(":")[0])
        assert 0 < taken < size
        await ui.until(lambda: rows_of(ui, ident, "send"), what="the send row", timeout=15)
        [row] = rows_of(ui, ident, "send")
        assert row["bytes"].startswith(f"{taken} of {size} B")
        assert sent_bytes(ui, ident) == (b"hello\n" * size)[:taken]

    ui.run(scenario(), timeout=60)

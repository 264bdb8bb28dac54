"""The log pane: logging from any thread arrives in batches, with levels and a level filter."""

from __future__ import annotations

import logging

from ui.log_pane import BridgeLogHandler


def test_the_hosts_log_lines_reach_the_log_view(ui) -> None:
    """A server in the host logs (an allow list refusing a client); the line arrives in the session."""
    import socket

    from workbench.spec import ServerSpec

    view = ui.widget("logView")

    async def scenario() -> None:
        server = await ui.window.session.start_server(ServerSpec(allow=("10.0.0.0/8",)))
        with socket.create_connection(server.address, timeout=5) as sock:
            assert sock.recv(1) == b""  # verify_request said no
        await ui.until(lambda: "not in the allow list" in view.toPlainText(), what="the warning")
        text = view.toPlainText()
        assert "WARN" in text and "INFO" in text  # "started on" and the refusal
        assert f"[{server.id}]" in text  # which server said it

    ui.run(scenario())


def test_level_filter_hides_and_restores_records(ui) -> None:
    pane = ui.window.log_pane
    view = ui.widget("logView")

    async def scenario() -> None:
        log = logging.getLogger("workbench.test")
        log.info("an info line")
        log.error("an error line")
        await ui.until(lambda: "an error line" in view.toPlainText())
        ui.choose("logLevel", logging.ERROR)
        assert "an info line" not in view.toPlainText() and "an error line" in view.toPlainText()
        ui.choose("logLevel", logging.DEBUG)
        log.debug("a debug line")  # reaches us: the filter lowered the logger's level
        await ui.until(lambda: "a debug line" in view.toPlainText())
        assert "an info line" in view.toPlainText()
        ui.click("logClear")
        assert view.toPlainText() == "" and pane.records() == []

    ui.run(scenario())


def test_handler_leaves_the_record_intact_for_other_handlers() -> None:
    posted = []

    class Sink:
        def post(self, item):
            posted.append(item)

    record = logging.LogRecord("workbench", logging.INFO, __file__, 1, "value %s", ("x",), None)
    BridgeLogHandler(Sink()).emit(record)
    assert record.getMessage() == "value x"
    assert posted[0].message == "value x" and posted[0] is not record


def _lines_of(view) -> list[str]:
    return view.toPlainText().split("\n")


def test_a_handle_error_traceback_is_a_block_one_line_per_line(ui) -> None:
    """handle_error's traceback arrives in the session as one message; it reads as a block."""
    import socket

    from workbench.spec import ServerSpec

    view = ui.widget("logView")

    async def scenario() -> None:
        server = await ui.window.session.start_server(ServerSpec(fail=True))
        with socket.create_connection(server.address, timeout=5) as sock:
            sock.sendall(b"hello")
            sock.shutdown(socket.SHUT_WR)
            assert sock.recv(10) == b""  # handle() raised; the server closed the request
        await ui.until(lambda: "Traceback (most recent call last):" in view.toPlainText(), what="the traceback")
        lines = _lines_of(view)
        head = next(i for i, line in enumerate(lines) if "failed:" in line and "ERROR" in line)
        # the record's own line says what failed; the traceback follows, line by line
        assert "HandlerFailure" in lines[head]
        block = lines[head + 1 :]
        assert block[0].strip() == "Traceback (most recent call last):"
        assert any(line.strip().startswith('File "') for line in block)
        assert any("raise HandlerFailure" in line for line in block)
        last = next(i for i, line in enumerate(block) if line.strip().startswith("workbench.handlers.HandlerFailure"))
        # indented under the record, and the traceback's own indentation kept inside the block
        assert all(line.startswith(" " * 4) for line in block[: last + 1])
        frame = next(line for line in block if line.strip().startswith('File "'))
        assert len(frame) - len(frame.lstrip()) > len(block[0]) - len(block[0].lstrip())

    ui.run(scenario())


def test_log_text_is_shown_as_data_never_markup_or_control_codes(ui) -> None:
    """A path or a peer's bytes quoted in a log line: HTML stays text, ESC becomes a visible escape."""
    pane = ui.window.log_pane
    record = logging.LogRecord(
        "workbench.server",
        logging.ERROR,
        __file__,
        1,
        "request 1 from '/tmp/\x1b[31mred<b>bold</b>.sock' failed: boom\n"
        "Traceback (most recent call last):\n"
        '  File "/tmp/<i>x</i>.py", line 1, in <module>\n'
        "ValueError: got b'\x1b]0;title\x07' & more",
        None,
        None,
    )
    record.message = record.getMessage()
    pane.add_records([record])
    text = pane.visible_text()
    assert "\x1b" not in text and "\x07" not in text
    assert "/tmp/\\x1b[31mred<b>bold</b>.sock" in text
    assert '  File "/tmp/<i>x</i>.py", line 1, in <module>' in text
    assert "ValueError: got b'\\x1b]0;title\\x07' & more" in text
    assert len(_lines_of(pane.view)) == 4

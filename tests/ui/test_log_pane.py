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

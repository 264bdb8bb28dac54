"""The log pane: logging from any thread arrives in batches, with levels and a level filter."""

from __future__ import annotations

import logging
import threading

from ui.log_pane import BridgeLogHandler


def test_server_thread_logging_reaches_the_log_view(ui) -> None:
    view = ui.widget("logView")

    async def scenario() -> None:
        def work() -> None:
            log = logging.getLogger("workbench.server")
            log.info("handled request %d", 7)
            log.warning("client %s is slow", "127.0.0.1")

        worker = threading.Thread(target=work, name="server-9-request-7")
        worker.start()
        worker.join()
        await ui.until(lambda: "client 127.0.0.1 is slow" in view.toPlainText(), what="the warning")
        text = view.toPlainText()
        assert "handled request 7" in text
        assert "WARN" in text and "INFO" in text
        assert "server-9-request-7" in text  # the thread that logged

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

"""Unexpected exceptions: a dialog with the message, the traceback in a log file, and the app keeps running."""

from __future__ import annotations

import asyncio
import os
import stat
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from ui.errors import ErrorReporter, error_log_path


def _dialogs() -> list[QMessageBox]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == "errorDialog" and w.isVisible()
    ]


@pytest.fixture
def reporter(window):
    rep = ErrorReporter(lambda: window)
    rep.install()
    yield rep
    rep.uninstall()
    for box in _dialogs():
        box.close()


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_button_handler_shows_a_dialog_and_logs(ui, reporter, tmp_path: Path) -> None:
    session = ui.window.session
    real_start = session.start_server

    async def broken_start(spec):
        raise RuntimeError("boom: the start handler broke")

    session.start_server = broken_start  # type: ignore[method-assign]

    async def scenario() -> None:
        ui.click("serverStart")
        dialogs = await ui.until(_dialogs, what="the error dialog")
        box = dialogs[0]
        assert "boom: the start handler broke" in box.informativeText()
        assert "RuntimeError" in box.detailedText() and "Traceback" in box.detailedText()
        log_file = error_log_path()
        assert log_file.is_relative_to(tmp_path)
        assert str(log_file) in box.informativeText()
        text = log_file.read_text()
        assert "Traceback (most recent call last)" in text and "boom: the start handler broke" in text
        box.close()
        # the app is alive: the same button works once the fault is gone
        session.start_server = real_start  # type: ignore[method-assign]
        assert ui.widget("serverStart").isEnabled()
        ui.click("serverStart")
        await ui.until(lambda: session.servers, what="a server after the error")

    ui.run(scenario())


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_thread_and_in_a_loop_callback(ui, reporter) -> None:
    async def scenario() -> None:
        def fail() -> None:
            raise ValueError("from a worker thread")

        worker = threading.Thread(target=fail, name="doomed")
        worker.start()
        worker.join()
        dialogs = await ui.until(_dialogs, what="a dialog for the thread")
        assert "from a worker thread" in dialogs[0].informativeText()
        dialogs[0].close()

        loop = asyncio.get_running_loop()
        reporter.install_on_loop(loop)

        def callback() -> None:
            raise KeyError("from a loop callback")

        loop.call_soon(callback)
        dialogs = await ui.until(_dialogs, what="a dialog for the loop callback")
        assert "from a loop callback" in dialogs[0].informativeText()
        assert "from a loop callback" in error_log_path().read_text()

    ui.run(scenario())


@pytest.mark.qt_no_exception_capture
def test_a_fault_that_repeats_opens_one_dialog_that_counts(ui, reporter) -> None:
    async def scenario() -> None:
        for _ in range(5):
            try:
                raise ZeroDivisionError("the same fault")
            except ZeroDivisionError as exc:
                reporter.excepthook(type(exc), exc, exc.__traceback__)
        await ui.until(lambda: any("5 times" in d.text() for d in _dialogs()), what="the count")
        assert len(_dialogs()) == 1
        assert error_log_path().read_text().count("ZeroDivisionError: the same fault") == 1
        _dialogs()[0].close()
        await ui.until(lambda: not _dialogs())
        # once that dialog is closed, the next occurrence gets a dialog again
        reporter.report(ZeroDivisionError("the same fault"), "Traceback: again")
        await ui.until(_dialogs, what="a new dialog")

    ui.run(scenario())


@pytest.mark.skipif(not hasattr(os, "fchmod"), reason="POSIX permissions")
@pytest.mark.qt_no_exception_capture
def test_the_error_log_is_private_even_with_a_permissive_umask(ui, reporter) -> None:
    """A traceback quotes paths and a peer's bytes: the log is 0600 (like session files), never 0644."""
    log_file = error_log_path()
    old_umask = os.umask(0)  # what a careless shell gives: a plain open() would make 0666
    try:

        async def scenario() -> None:
            reporter.report(RuntimeError("first fault"), "Traceback: first")
            await ui.until(_dialogs, what="the dialog")
            for box in _dialogs():
                box.close()

        ui.run(scenario())
    finally:
        os.umask(old_umask)
    assert "Traceback: first" in log_file.read_text()
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(log_file.parent.stat().st_mode) == 0o700


@pytest.mark.skipif(not hasattr(os, "fchmod"), reason="POSIX permissions")
def test_an_error_log_left_readable_by_an_older_version_is_made_private(tmp_path: Path) -> None:
    from ui.errors import write_traceback

    path = tmp_path / "error.log"
    path.write_text("--- an old entry ---\n")
    path.chmod(0o644)
    assert write_traceback("Traceback: new", path) == path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text().startswith("--- an old entry ---\n") and "Traceback: new" in path.read_text()

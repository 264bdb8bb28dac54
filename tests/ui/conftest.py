"""UI test fixtures: a qasync loop on the test QApplication and a main window that cleans up after itself."""

from __future__ import annotations

import asyncio
import gc
import os
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pytest
import qasync
import shiboken6
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QApplication, QTableView, QWidget

if TYPE_CHECKING:
    from ui.mainwindow import MainWindow

T = TypeVar("T")


@pytest.fixture(autouse=True)
def private_settings(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Every test gets empty settings of its own (never the user's), and English unless it switches."""
    from ui.i18n import LANGUAGE_ENV, apply_language
    from ui.settings import CONFIG_DIR_ENV

    folder = tmp_path_factory.mktemp("settings")
    monkeypatch.setenv(CONFIG_DIR_ENV, str(folder))
    monkeypatch.setenv(LANGUAGE_ENV, "en")  # whatever the locale of the machine running the tests
    yield folder
    if QApplication.instance() is not None:
        apply_language("en")  # a test that switched to Chinese leaves English behind


def translations_tool() -> Any:
    """packaging/translations.py, loaded by path ("packaging" is also a PyPI library's name)."""
    import importlib.util

    path = Path(__file__).resolve().parents[2] / "packaging" / "translations.py"
    spec = importlib.util.spec_from_file_location("_swb_translations", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def built_translations() -> list[Path]:
    """The .qm files built from the current .ts, where the app looks for them (as bootstrap.sh does)."""
    return list(translations_tool().compile_translations())


@pytest.fixture
def qloop(qapp: QApplication) -> Iterator[qasync.QEventLoop]:
    """asyncio on Qt's loop, as in the app; tests drive it with run_until_complete."""
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    yield loop
    # let callbacks scheduled by the last scenario (cancellations, done callbacks) run
    loop.run_until_complete(asyncio.sleep(0.01))
    loop.close()
    asyncio.set_event_loop(None)
    # The loop's timer object still holds Qt timers of cancelled call_later handles (e.g. a
    # finished wait_for's timeout). Delete it here, on the GUI thread: left to the garbage
    # collector it may die on whatever thread runs the next collection, which Qt forbids.
    shiboken6.delete(loop._timer)


class Driver:
    """Clicks, types and waits on the real window while the qasync loop runs."""

    def __init__(self, qtbot: Any, loop: qasync.QEventLoop, window: MainWindow) -> None:
        self.qtbot = qtbot
        self.loop = loop
        self.window = window

    def run(self, scenario: Awaitable[T], timeout: float = 30.0) -> T:
        return self.loop.run_until_complete(asyncio.wait_for(scenario, timeout))

    def widget(self, name: str) -> Any:
        found = self.window.findChild(QWidget, name)
        assert found is not None, f"no widget named {name!r}"
        return found

    def click(self, name_or_widget: str | QWidget) -> None:
        widget = self.widget(name_or_widget) if isinstance(name_or_widget, str) else name_or_widget
        assert widget.isEnabled(), f"{widget.objectName()} is disabled: {widget.toolTip()}"
        assert widget.isVisible(), f"{widget.objectName()} is not on screen: a user could not click it"
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)

    def choose(self, name: str, data: str) -> None:
        combo = self.widget(name)
        index = combo.findData(data)
        assert index >= 0, f"{name} has no item {data!r}"
        combo.setCurrentIndex(index)

    async def until(self, condition: Callable[[], Any], timeout: float = 8.0, what: str = "") -> Any:
        deadline = time.monotonic() + timeout
        while True:
            value = condition()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what or condition}")
            await asyncio.sleep(0.02)

    # -- what the session log holds --------------------------------------------------------------
    def source_id(self, name: str) -> int | None:
        """The id a server or client ("server-1") has in the window's session log."""
        reader = self.window.feed.reader
        return None if reader is None else reader.tables.source_ids.get(name)

    def stream(self, name: str, request: int = 0) -> Any:
        """The hex view's stream of a client (request 0) or a server's request, or None."""
        source = self.source_id(name)
        return None if source is None else self.window.hex_pane.stream_for(source, request)

    def key(self, name: str, request: int = 0) -> Any:
        source = self.source_id(name)
        return None if source is None else self.window.hex_pane.connection_key(source, request)

    # -- reading the event table as a user sees it ----------------------------------------------
    def event_rows(self) -> list[dict[str, str]]:
        """Every row of the event table as {header: display text}."""
        table = self.window.findChild(QTableView, "eventTable")
        assert table is not None
        model: QAbstractItemModel = table.model()
        headers = [
            str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)).strip().lower()
            for c in range(model.columnCount())
        ]
        rows = []
        for r in range(model.rowCount()):
            rows.append(
                {
                    headers[c]: str(model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole) or "")
                    for c in range(len(headers))
                }
            )
        return rows


def _leftover_children() -> bool:
    try:
        pid, _status = os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return False
    return pid == 0  # children exist and are still running


@pytest.fixture
def window(
    qtbot: Any, qloop: qasync.QEventLoop, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MainWindow]:
    """The real main window, shown; every server and client it started is stopped at teardown."""
    from ui.app import apply_style
    from ui.mainwindow import MainWindow

    monkeypatch.setenv("SOCKET_WORKBENCH_LOG_DIR", str(tmp_path / "logs"))
    apply_style(QApplication.instance())  # type: ignore[arg-type]
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    # pytest-qt closes addWidget() windows before fixture teardown, while no loop runs;
    # this fixture closes the window itself, after stopping what it started.
    app.setQuitOnLastWindowClosed(False)
    win = MainWindow()
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    win.session.start_host()  # the app does this once its loop runs (ui.app)
    qloop.run_until_complete(asyncio.wait_for(win.session.ensure_host(), 30))
    yield win
    qloop.run_until_complete(asyncio.wait_for(win.session.shutdown(), 30))
    assert not win.session.servers and not win.session.clients
    live = win.session.path
    win.close()
    win.session.finish()  # the host's stdin ends: it exits within 2 s; the live file goes
    assert win.session.host is None or not win.session.host.alive, "the host process is still running"
    win.deleteLater()
    qloop.run_until_complete(asyncio.sleep(0))
    del win
    gc.collect()  # the window's Python wrappers go now, on this thread, not in a later test
    assert not _leftover_children(), "a child process (the host?) is still running"
    assert live is None or not os.path.exists(live), "the live session file was left behind"
    socket_files = [p for p in tmp_path.rglob("*.sock")]
    assert not socket_files, f"socket files left behind: {socket_files}"


@pytest.fixture
def ui(qtbot: Any, qloop: qasync.QEventLoop, window: MainWindow) -> Driver:
    return Driver(qtbot, qloop, window)

"""The Explain pane in the real window: it follows the event row, the timeline bar and the focused field."""

from __future__ import annotations

import re
import socket

import pytest
from PySide6.QtCore import QObject, QPoint, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import Driver
from ui.i18n import apply_language
from workbench.errors import WorkbenchError
from workbench.spec import ClientSpec, ServerSpec
from workbench.teach.explain import lookup

CJK = re.compile(r"[\u4e00-\u9fff]")


def _row_of(ui: Driver, event: str, phase: str) -> int:
    """The index of the first event-table row showing ``event`` with ``phase``."""
    for i, row in enumerate(ui.event_rows()):
        if row["event"] == event and row["phase"].startswith(phase):
            return i
    raise AssertionError(f"no {event} {phase} row in {[r['event'] for r in ui.event_rows()]}")


def _click_row(ui: Driver, row: int) -> None:
    view = ui.window.events_pane.view
    view.scrollTo(view.model().index(row, 0))
    rect = view.visualRect(view.model().index(row, 4))
    ui.qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _refused_client(ui: Driver) -> None:
    """A server whose allow list leaves out 127.0.0.1, and one client it refuses."""
    session = ui.window.session

    async def scenario() -> None:
        server = await session.start_server(ServerSpec(allow=("10.0.0.0/8",)))
        assert isinstance(server.address, tuple)
        client = await session.add_client(ClientSpec(port=int(server.address[1])))
        await session.connect_client(client)
        await ui.until(
            lambda: (
                ui.window.events_pane.flush()
                or any(r["event"] == "shutdown_request" for r in ui.event_rows())
            ),
            what="the refused request's shutdown_request",
        )

    ui.run(scenario())


def test_a_verify_request_exit_row_is_explained_and_follows_the_language(
    ui: Driver, built_translations
) -> None:
    _refused_client(ui)
    pane = ui.window.explain_pane
    row = _row_of(ui, "verify_request", "exit")
    assert ui.event_rows()[row]["phase"] == "exit → False"
    _click_row(ui, row)

    english = lookup("socketserver.BaseServer.verify_request", "en")[0]
    assert pane.subject is not None and pane.subject.key[0] == "record"
    assert [e.name for e in pane.entries()] == [english.name]
    text = pane.plain_text()
    assert "verify_request returned False: this client is refused" in text
    assert english.summary in text and english.try_it.split("\n\n")[0] in text
    assert (
        pane.docs_url()
        == english.docs
        == "https://docs.python.org/3/library/socketserver.html#socketserver.BaseServer.verify_request"
    )
    assert pane.title.text() == "Explain"

    apply_language("zh_CN")
    QApplication.processEvents()  # the language change reaches the widgets
    chinese = lookup("socketserver.BaseServer.verify_request", "zh_CN")[0]
    assert chinese.lang == "zh_CN" and CJK.search(chinese.summary)
    assert [e.lang for e in pane.entries()] == ["zh_CN"]
    text = pane.plain_text()
    assert chinese.summary in text and english.summary not in text
    assert "verify_request" in text and "False" in text  # Python names stay as Python spells them
    assert "this client is refused" not in text, "the row's note is in Chinese too"
    assert CJK.search(pane.title.text()) and CJK.search(pane.docs_button.text())
    hint = ui.window.minimumSizeHint()  # the pane beside the log: the window still fits 1280 x 800
    assert hint.width() <= 1280 and hint.height() <= 800, hint

    apply_language("en")
    QApplication.processEvents()
    assert english.summary in pane.plain_text()


class _Browser(QObject):
    """Stands in for the desktop's browser: QDesktopServices hands https links to it."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url.toString())


def test_the_docs_button_opens_the_entrys_url(ui: Driver) -> None:
    _refused_client(ui)
    pane = ui.window.explain_pane
    _click_row(ui, _row_of(ui, "get_request", "exit"))
    names = [e.name for e in pane.entries()]
    assert names == ["socketserver.BaseServer.get_request", "socket.socket.accept"]
    browser = _Browser()
    QDesktopServices.setUrlHandler("https", browser, "open")
    try:
        ui.click(pane.docs_button)
        assert browser.opened == [lookup("socketserver.BaseServer.get_request")[0].docs]
        # each entry's own link in the text goes the same way
        pane.text.anchorClicked.emit(QUrl(pane.entries()[1].docs))
        assert browser.opened[1] == "https://docs.python.org/3/library/socket.html#socket.socket.accept"
        assert not pane.open_docs(QUrl("file:///etc/passwd")), "only the docs' own web links open"
        assert len(browser.opened) == 2
    finally:
        QDesktopServices.unsetUrlHandler("https")


def test_focusing_the_backlog_field_explains_request_queue_size(ui: Driver) -> None:
    window = ui.window
    pane = window.explain_pane
    window.activateWindow()
    backlog = window.server_pane.backlog
    ui.qtbot.mouseClick(backlog.lineEdit(), Qt.MouseButton.LeftButton)  # a child of the field
    ui.qtbot.waitUntil(lambda: pane.subject is not None and pane.subject.key == ("control", "serverBacklog"))
    names = [e.name for e in pane.entries()]
    assert names == ["socketserver.BaseServer.request_queue_size", "socket.socket.listen"]
    assert "Backlog becomes the server class's request_queue_size" in pane.plain_text()
    assert "Backlog in the server form" in pane.plain_text()

    # a combo box explains its current choice, and follows it while it has the focus
    mixin = window.server_pane.mixin
    mixin.setFocus(Qt.FocusReason.TabFocusReason)
    ui.qtbot.waitUntil(lambda: pane.subject is not None and pane.subject.key == ("control", "serverMixin"))
    mixin.setCurrentIndex(mixin.findData("forking"))
    assert pane.entries()[0].name == "socketserver.ForkingMixIn"
    mixin.setCurrentIndex(mixin.findData("threading"))
    assert pane.entries()[0].name == "socketserver.ThreadingMixIn"

    # the client's Send explains the call chosen beside it
    call = window.client_pane.call
    call.setCurrentIndex(call.findData("send"))
    assert pane.show_control(window.client_pane.send_button)
    assert [e.name for e in pane.entries()] == ["socket.socket.send"]
    # a widget of no form leaves the pane as it was
    assert not pane.show_control(window.events_pane.view)
    assert pane.entries()[0].name == "socket.socket.send"


def _bar(timeline, method: str):
    """The geometry of the first bar of ``method`` drawn now."""
    QApplication.processEvents()
    bars = [b for b in timeline.bars() if b.method == method]
    assert bars, f"no {method} bar drawn"
    return bars[0]


def test_a_timeline_bar_click_explains_setup_handle_and_finish(ui: Driver) -> None:
    window = ui.window
    session = window.session

    async def scenario() -> None:
        server = await session.start_server(ServerSpec(delay=0.05))
        assert isinstance(server.address, tuple)
        client = await session.add_client(ClientSpec(port=int(server.address[1])))
        await session.connect_client(client)
        await client.sendall(b"hello\n")
        await client.shutdown()
        timeline = window.timeline
        await ui.until(lambda: window.feed.read_now() or timeline.bar_count() >= 3, what="three bars")

    ui.run(scenario())
    window.tabs.setCurrentIndex(1)
    timeline = window.timeline
    timeline.fit()  # type: ignore[attr-defined]
    QApplication.processEvents()
    pane = window.explain_pane
    seen = {}
    for method in ("setup", "handle", "finish"):
        timeline.fit()  # type: ignore[attr-defined]
        bar = _bar(timeline, method)
        for _ in range(40):  # setup and finish take microseconds: zoom in until the bar is clickable
            if bar.rect.width() >= 4:
                break
            timeline.zoom(3.0, bar.rect.left())  # type: ignore[attr-defined]  # its start stays put
            bar = _bar(timeline, method)
        centre = bar.rect.center()
        ui.qtbot.mouseClick(
            timeline.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(int(centre.x()), int(centre.y()))
        )
        assert pane.subject is not None and pane.subject.key == ("bar", bar.record), method
        seen[method] = (pane.entries()[0].name, pane.plain_text())
    assert {m: name for m, (name, _t) in seen.items()} == {
        "setup": "socketserver.BaseRequestHandler.setup",
        "handle": "socketserver.BaseRequestHandler.handle",
        "finish": "socketserver.BaseRequestHandler.finish",
    }
    handle_text = seen["handle"][1]
    assert "This bar is handle() of request #1" in handle_text
    ran = re.search(r"It ran for ([\d.]+) (ms|s)", handle_text)
    assert ran is not None, handle_text
    seconds = float(ran.group(1)) / (1000 if ran.group(2) == "ms" else 1)
    assert seconds >= 0.05, "handle() slept the delay before its reply"


def test_an_error_row_says_what_it_means_and_what_to_try(ui: Driver) -> None:
    window = ui.window
    session = window.session
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # a port nothing listens on

    async def scenario() -> None:
        client = await session.add_client(ClientSpec(port=port))
        with pytest.raises(WorkbenchError):
            await session.connect_client(client)
        await ui.until(
            lambda: (
                window.feed.read_now()
                or window.events_pane.flush()
                or any(r["event"] == "connect" for r in ui.event_rows())
            ),
            what="the failed connect",
        )

    ui.run(scenario())
    row = _row_of(ui, "connect", "error")
    _click_row(ui, row)
    pane = window.explain_pane
    assert [e.name for e in pane.entries()] == ["socket.socket.connect"]
    text = pane.plain_text()
    assert "connect() raised ConnectionRefusedError" in text
    assert "Nothing listens at that address. Start a server first" in text

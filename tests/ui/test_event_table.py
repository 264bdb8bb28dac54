"""EventsPane: rows, filters, follow-newest and the model's contract with Qt views."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from tests.ui.sessions import RecordedSession
from ui.event_table import EventsPane
from ui.models.event_model import COL_BYTES, COL_EVENT, COL_PHASE, COL_REQUEST, COL_SOURCE, COL_THREAD
from workbench.events import Event

_clock = itertools.count()


def ev(
    name: str,
    phase: str | None = None,
    source: str = "server-1",
    request: int | None = None,
    thread: str = "server-1-serve",
    data: bytes | None = None,
    error: str | None = None,
) -> Event:
    role = "client" if source.startswith("client") else "server"
    return Event(
        name,
        phase,
        1_700_000_000.0 + next(_clock) * 0.001,
        source,
        role,
        request,
        thread,
        4242,  # type: ignore[arg-type]
        data=data,
        client=("127.0.0.1", 50000) if request is not None else None,
        error=error,
    )


def request_events(source: str, request: int) -> list[Event]:
    out = []
    for method in ("setup", "handle"):
        out.append(ev(method, "enter", source, request))
        if method == "handle":
            out.append(ev("recv", None, source, request, data=b"hello\x00\xff"))
            out.append(ev("sendall", None, source, request, data=b"hello\x00\xff"))
        out.append(ev(method, "exit", source, request))
    return out


def add(pane: EventsPane, batch: list[Event]) -> None:
    """Record a batch in the pane's session and publish it now (the pane publishes at most 10 times a second)."""
    pane.recorded.deliver(batch)  # type: ignore[attr-defined]
    pane.flush()


@pytest.fixture
def pane(qtbot, tmp_path: Path) -> Iterator[EventsPane]:
    recorded = RecordedSession(tmp_path / "s.swb")
    p = EventsPane()
    p.recorded = recorded  # type: ignore[attr-defined]
    p.attach(recorded.feed)
    qtbot.addWidget(p)
    p.resize(900, 400)
    p.show()
    qtbot.waitExposed(p)
    yield p
    recorded.close()


def cell(pane: EventsPane, row: int, col: int) -> str:
    return pane.view.model().index(row, col).data()


def test_rows_show_the_event_fields(pane: EventsPane) -> None:
    add(pane, request_events("server-1", 3))
    add(pane, [ev("connect", None, "client-1", thread="MainThread")])
    assert pane.findChild(QTableView, "eventTable") is pane.view
    assert pane.model.rowCount() == 7
    assert [cell(pane, r, COL_EVENT) for r in range(7)] == [
        "setup",
        "setup",
        "handle",
        "recv",
        "sendall",
        "handle",
        "connect",
    ]
    assert cell(pane, 0, COL_SOURCE) == "server-1"
    assert cell(pane, 0, COL_REQUEST) == "#3"
    assert cell(pane, 6, COL_REQUEST) == ""
    assert cell(pane, 0, COL_PHASE) == "enter"
    assert cell(pane, 3, COL_PHASE) == ""
    assert cell(pane, 0, COL_THREAD) == "4242 · server-1-serve"
    assert cell(pane, 3, COL_BYTES) == "7 B  68 65 6c 6c 6f 00 ff"
    assert "127.0.0.1:50000" in pane.model.index(3, 0).data(Qt.ItemDataRole.ToolTipRole)


def test_data_events_keep_only_size_and_a_preview(pane: EventsPane) -> None:
    big = bytes(range(256)) * 256  # 64 KiB
    add(pane, [ev("recv", None, request=1, data=big)])
    summary = pane.model.row_summary(0)
    assert summary["nbytes"] == 65536
    assert summary["preview"] == big[:16]
    assert cell(pane, 0, COL_BYTES).startswith("65536 B  00 01 02")
    assert cell(pane, 0, COL_BYTES).endswith("…")
    # The model holds no copy of the payload (it stays in the mapped log): only the preview it shows.
    assert all(preview is None or len(preview) <= 16 for _rec, preview in pane.model._cache.values())


def test_error_exit_is_marked(pane: EventsPane) -> None:
    add(pane, [ev("handle", "exit", request=1, error="ConnectionResetError: peer reset")])
    assert cell(pane, 0, COL_PHASE) == "exit (error)"
    index = pane.model.index(0, COL_PHASE)
    assert index.data(Qt.ItemDataRole.ForegroundRole).name() == "#c62828"
    assert "peer reset" in index.data(Qt.ItemDataRole.ToolTipRole)


def test_filter_by_source_request_and_event_name(pane: EventsPane, qtbot) -> None:
    for req in (1, 2):
        add(pane, request_events("server-1", req))
    add(pane, request_events("server-2", 1))
    add(pane, [ev("connect", None, "client-1"), ev("send", None, "client-1", data=b"x")])
    assert pane.model.rowCount() == 20
    combo = pane.source_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "All sources",
        "server-1",
        "server-2",
        "client-1",
    ]

    combo.setCurrentIndex(combo.findText("server-2"))
    assert pane.model.rowCount() == 6
    assert {cell(pane, r, COL_SOURCE) for r in range(6)} == {"server-2"}

    combo.setCurrentIndex(1)  # server-1
    qtbot.keyClicks(pane.request_edit, "2")
    assert pane.model.rowCount() == 6
    assert {cell(pane, r, COL_REQUEST) for r in range(6)} == {"#2"}

    qtbot.keyClicks(pane.name_edit, "recv, send")
    assert [cell(pane, r, COL_EVENT) for r in range(pane.model.rowCount())] == ["recv", "sendall"]
    assert pane.count_label.text() == "2 of 20 events"

    # New events go through the same filter as they arrive.
    add(pane, request_events("server-1", 2) + request_events("server-1", 5))
    assert pane.model.rowCount() == 4

    combo.setCurrentIndex(0)
    pane.request_edit.clear()
    assert [cell(pane, r, COL_EVENT) for r in range(pane.model.rowCount())].count("send") == 1
    pane.name_edit.clear()
    assert pane.model.rowCount() == pane.model.total_count == 32


def test_bad_request_filter_says_why_next_to_the_control(pane: EventsPane, qtbot) -> None:
    add(pane, request_events("server-1", 1))
    qtbot.keyClicks(pane.request_edit, "abc")
    assert pane.filter_error.isVisible()
    assert "whole number" in pane.filter_error.text()
    assert pane.model.rowCount() == 6  # the bad text filters nothing away
    pane.request_edit.setText("#1")
    assert not pane.filter_error.isVisible()
    assert pane.model.rowCount() == 6


def _last_visible_row(pane: EventsPane) -> int:
    viewport = pane.view.viewport()
    return pane.view.rowAt(viewport.height() - 2)


def test_follows_newest_until_scrolled_away_and_resumes_at_bottom(pane: EventsPane, qtbot) -> None:
    batch = [ev("handle", "enter", request=i) for i in range(500)]
    add(pane, batch)
    sb = pane.view.verticalScrollBar()
    qtbot.waitUntil(lambda: sb.maximum() > 0)
    assert pane.following
    assert sb.value() == sb.maximum()
    assert _last_visible_row(pane) == 499

    sb.setValue(100)  # the user scrolls up to read
    assert not pane.following
    top_row = pane.view.rowAt(0)
    add(pane, [ev("handle", "exit", request=i) for i in range(500)])
    qtbot.wait(20)
    assert sb.value() == 100
    assert pane.view.rowAt(0) == top_row

    sb.setValue(sb.maximum())  # back to the bottom: follow again
    assert pane.following
    add(pane, [ev("finish", "enter", request=i) for i in range(300)])
    qtbot.waitUntil(lambda: _last_visible_row(pane) == 1299)
    assert sb.value() == sb.maximum()


def test_publishing_is_throttled_but_nothing_is_lost(pane: EventsPane, qtbot) -> None:
    recorded: RecordedSession = pane.recorded  # type: ignore[attr-defined]
    inserts: list[int] = []
    pane.model.rowsInserted.connect(lambda _parent, first, last: inserts.append(last - first + 1))
    recorded.deliver([ev("handle", "enter", request=1)])
    assert pane.model.rowCount() == 1  # quiet before: shown at once
    for i in range(50):
        recorded.deliver([ev("handle", "exit", request=i)])
    assert pane.model.total_count + pane.model.unpublished_count == 51  # stored at once
    qtbot.waitUntil(lambda: pane.model.rowCount() == 51, timeout=1000)
    # batches that come faster than a frame are inserted together, not one insert each
    assert sum(inserts) == 51 and len(inserts) < 51


def test_clear_empties_the_table(pane: EventsPane) -> None:
    add(pane, request_events("server-1", 1))
    pane.clear()
    assert pane.model.rowCount() == 0
    assert pane.model.total_count == 0
    add(pane, request_events("server-1", 2))
    assert pane.model.rowCount() == 6
    assert cell(pane, 0, COL_REQUEST) == "#2"  # only what came after the clear
    pane.model.set_filter(names=["recv"])
    assert pane.model.rowCount() == 1


def test_model_passes_qtmodeltester(qtmodeltester, pane: EventsPane) -> None:
    add(pane, [*request_events("server-1", 1), ev("handle", "exit", request=1, error="boom")])
    qtmodeltester.check(pane.model, force_py=True)


def test_filtered_model_passes_qtmodeltester(qtmodeltester, pane: EventsPane) -> None:
    # one check per test: a second check() connects the tester twice, and the session's
    # reset at teardown would then look like a reset inside a reset
    add(pane, [*request_events("server-1", 1), ev("handle", "exit", request=1, error="boom")])
    pane.model.set_filter("server-1", 1, ["handle"])
    assert pane.model.rowCount() == 3  # handle's enter, its exit, and the exit that raised
    qtmodeltester.check(pane.model, force_py=True)


def test_a_million_rows_append_and_the_middle_is_shown_when_scrolled_to(pane: EventsPane, qtbot) -> None:
    """How fast is bench_host's and bench_open's business; here: every row arrives and scrolls."""
    recorded: RecordedSession = pane.recorded  # type: ignore[attr-defined]
    writer = recorded.writer
    source = writer.add_source("server-1", "server")
    for _ in range(100):
        for i in range(10_000):
            writer.hook(9, 1, source, i)  # handle enter, written straight into the log
        writer.flush()
        recorded.feed.read_now()
        pane.flush()
    assert pane.model.rowCount() == 1_000_000
    sb = pane.view.verticalScrollBar()
    qtbot.waitUntil(lambda: sb.maximum() > 999_000 and sb.value() == sb.maximum(), timeout=5000)  # followed
    sb.setValue(500_000)
    assert not pane.following
    pane.view.viewport().repaint()
    # the rows painted are those from the scroll bar's value (ScrollPerItem: the top row)
    top = sb.value()
    assert top == 500_000 and cell(pane, top + 1, COL_REQUEST) == "#1"  # request 0 is none
    assert cell(pane, 999_999, COL_REQUEST) == "#9999"


def test_rows_are_painted_with_text_and_selection(pane: EventsPane) -> None:
    add(pane, request_events("server-1", 1))
    view = pane.view
    view.selectRow(1)
    image = view.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    line = view.verticalHeader().defaultSectionSize()

    def px(x: float, y: float) -> str:
        return image.pixelColor(int(x * ratio), int(y * ratio)).name()

    highlight = view.palette().highlight().color().name()
    base = view.palette().base().color().name()
    assert px(view.viewport().width() - 5, line * 1.5) == highlight  # the selected row, to the edge
    assert px(view.viewport().width() - 5, line * 0.5) == base
    # Some pixel of row 0's time column is text, not background.
    row0 = {px(x, y) for x in range(4, 80) for y in range(1, line - 1)}
    assert len(row0) > 2


def test_column_header_drives_the_table_columns(pane: EventsPane) -> None:
    header = pane.header
    assert [header.model().headerData(c, Qt.Orientation.Horizontal) for c in range(7)] == [
        "time",
        "source",
        "request",
        "thread/pid",
        "event",
        "phase",
        "bytes",
    ]
    header.resizeSection(COL_SOURCE, 211)
    assert pane.view.columnWidth(COL_SOURCE) == 211
    pane.resize(500, 300)  # narrower than the columns: the table scrolls sideways, the header follows
    add(pane, request_events("server-1", 1))
    sb = pane.view.horizontalScrollBar()
    sb.setValue(sb.maximum())
    assert sb.maximum() > 0 and header.offset() == sb.value()

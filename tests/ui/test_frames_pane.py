"""The hex pane with a framing: tints and marks where frames are, a 100 MB connection framed without a stall."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor

from tests.ui.session_log import LiveSession
from ui.hex_pane import HexPane
from ui.hex_view import FRAME_MARK
from ui.models.frame_model import FramingChoice
from ui.models.hex_model import DIRECTION_TINT, FRAME_TINT
from workbench.events import Kind


@pytest.fixture
def session(qapp, tmp_path: Path) -> Iterator[LiveSession]:
    s = LiveSession(tmp_path / "s.swb")
    yield s
    s.close()


@pytest.fixture
def pane(qtbot, session: LiveSession) -> HexPane:
    p = HexPane(framing=FramingChoice(remember=False))
    qtbot.addWidget(p)
    p.resize(1100, 500)
    p.attach(session.feed)
    p.show()
    qtbot.waitExposed(p)
    return p


def pixel(pane: HexPane, x: float, y: float) -> QColor:
    image = pane.view.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    return QColor(image.pixel(int(x * ratio), int(y * ratio)))


def close(a: QColor, b: QColor, tol: int = 8) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def test_every_other_frame_is_deeper_and_each_frame_start_is_marked(pane: HexPane, session: LiveSession) -> None:
    server = session.server("server-1")
    session.data(Kind.RECV, server, 1, 0, b"ab\ncd\nef\n")  # three 3-byte lines in one call
    session.commit()
    view = pane.view
    view.select(8, 1)  # the selection and the cursor on the last byte, away from those looked at

    def fill(offset: int) -> QColor:
        hex_rect, _ = view.byte_rects(offset)
        return pixel(pane, hex_rect.left() + 2, hex_rect.bottom() - 2)

    assert [close(fill(i), DIRECTION_TINT["received"]) for i in range(8)] == [True] * 8  # by call: one tint
    pane.framing.set_spec("line")
    pane.finish_framing()
    deeper = [close(fill(i), FRAME_TINT["received"]) for i in range(8)]
    assert deeper == [False] * 3 + [True] * 3 + [False] * 2
    for offset, marked in ((3, True), (6, True), (4, False)):
        hex_rect, ascii_rect = view.byte_rects(offset)
        for rect in (hex_rect, ascii_rect):
            seen = pixel(pane, rect.left(), rect.top() + rect.height() / 2)
            assert close(seen, FRAME_MARK, 50) == marked, (offset, seen.name())
    assert pane.frame_legend.isVisible()
    pane.framing.set_spec("")
    assert not pane.frame_legend.isVisible() and view.frames is None


def test_a_100_mb_connection_is_framed_in_ticks_while_the_view_paints(
    pane: HexPane, session: LiveSession
) -> None:
    server = session.server("server-1")
    block = b"".join(b"line %06d of the protocol\n" % i for i in range(2400))  # ~65 KiB
    for i in range(1560):  # ~100 MB
        session.data(Kind.RECV if i % 2 else Kind.SENDALL, server, 1, 0, block)
    session.commit()
    assert pane.view.stream is not None and pane.view.stream.total_bytes > 100_000_000
    pane.framing.set_spec("line")
    frames = pane.view.frames
    assert frames is not None and not frames.done
    assert "framing…" in pane.frame_status.text()
    worst_tick = worst_paint = 0.0
    ticks = 0
    while pane.frames.busy:
        t0 = time.perf_counter()
        pane.frames._tick()  # what the cache's timer runs, one tick
        worst_tick = max(worst_tick, time.perf_counter() - t0)
        ticks += 1
        if ticks % 10 == 0:  # the user scrolls deep into bytes not framed yet
            pane.view.verticalScrollBar().setValue(pane.view.verticalScrollBar().maximum() // 2)
            t0 = time.perf_counter()
            pane.view.viewport().repaint()
            worst_paint = max(worst_paint, time.perf_counter() - t0)
    pane._on_frames_grown()
    assert worst_tick < 0.1, f"a tick took {worst_tick:.3f} s"
    assert worst_paint < 0.1, f"a paint took {worst_paint:.3f} s"
    assert ticks > 3
    assert frames.done and frames.count("sent") == frames.count("received") == 780 * 2400
    assert "1872000 frame(s) sent, 1872000 received" in pane.frame_status.text()
    # the cursor deep inside: the inspector names its frame
    offset = 77_777_777
    pane.view.select(offset, 1)
    assert "Cursor in frame #" in pane.inspector.frame_label.text()

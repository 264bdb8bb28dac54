"""Follow stream over a session log: peer bytes as escaped text, pages of a big connection, live growth."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ui.session_log import T0_NS, LiveSession
from ui.follow_stream import FollowStreamView, escaped_text
from ui.hex_pane import HexPane
from workbench.events import Kind


@pytest.fixture
def session(qapp, tmp_path: Path) -> Iterator[LiveSession]:
    s = LiveSession(tmp_path / "s.swb")
    yield s
    s.close()


@pytest.fixture
def pane(qtbot, session: LiveSession) -> HexPane:
    p = HexPane()
    qtbot.addWidget(p)
    p.attach(session.feed)
    p.show()
    return p


def follow(qtbot, pane: HexPane, session: LiveSession) -> FollowStreamView:
    key = pane.current_connection()
    assert key is not None
    view = FollowStreamView(pane, key, session.feed)
    qtbot.addWidget(view)
    view.show()
    return view


def test_peer_bytes_become_text_that_hides_nothing() -> None:
    assert escaped_text(b"GET / HTTP/1.1\r\nHost: x\r\n") == "GET / HTTP/1.1\\r\\n\nHost: x\\r\\n\n"
    assert escaped_text(b"\x1b[2J\x00\x7f\t") == "\\x1b[2J\\x00\\x7f\\t"
    assert escaped_text("héllo 你好".encode()) == "héllo 你好"  # UTF-8 stays text
    assert escaped_text(b"\xff\xfe ok") == "\\xff\\xfe ok"  # broken UTF-8 is bytes
    assert escaped_text("a\u202eb\u200bc".encode()) == "a\\u202eb\\u200bc"  # no reordering, nothing invisible
    assert escaped_text("\u0085".encode()) == "\\x85"  # a C1 control
    assert escaped_text(b"back\\slash") == "back\\\\slash"  # a real backslash is not an escape


def test_calls_in_order_with_directions_and_delta_times(qtbot, pane: HexPane, session: LiveSession) -> None:
    server = session.server("server-1")
    session.data(Kind.RECV, server, 1, 0, b"hello\n", T0_NS)
    session.data(Kind.SENDALL, server, 1, 0, b"HELLO\n", T0_NS + 1_500_000)
    session.data(Kind.RECV, server, 1, 0, b"bye\n", T0_NS + 2_000_000_000)
    session.commit()
    view = follow(qtbot, pane, session)
    assert view.plain_text().splitlines() == [
        "← received · recv() · 6 B · +0.000000 s",
        "hello\\n",
        "→ sent · sendall() · 6 B · +0.001500 s",
        "HELLO\\n",
        "← received · recv() · 4 B · +1.998500 s",
        "bye\\n",
    ]
    assert "3 block(s), 16 B of 16 B shown" in view.status.text()
    # live: a record more, and the view grows on its own (its throttle)
    session.data(Kind.SENDALL, server, 1, 0, b"BYE\n", T0_NS + 2_000_500_000)
    session.commit()
    qtbot.waitUntil(
        lambda: view.plain_text().endswith("→ sent · sendall() · 4 B · +0.000500 s\nBYE\\n"), timeout=3000
    )
    # by lines: frames, each with the call(s) that carried it
    pane.framing.set_spec("line")
    pane.finish_framing()
    view.grow()
    assert view.plain_text().splitlines()[0] == "← received · frame #1 · 6 B in 1 call(s) · +0.000000 s"


def test_a_big_connection_opens_at_once_and_shows_more_on_request(
    qtbot, pane: HexPane, session: LiveSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = session.server("server-1")
    block = b"0123456789abcdef" * 4096  # 64 KiB calls
    for _ in range(160):  # 10 MiB
        session.data(Kind.RECV, server, 1, 0, block)
    session.commit()
    start = time.perf_counter()
    view = follow(qtbot, pane, session)
    opened = time.perf_counter() - start
    assert opened < 2.0, opened
    # a page (1 MiB) of 64 blocks, each cut at 16 KiB with a note
    assert view.plain_text().count("← received · recv() · 65536 B") == 64
    assert "… 49152 more bytes in this block (the hex view shows them all)" in view.plain_text()
    assert "1.0 MiB of 10.0 MiB shown" in view.status.text() and "Show more" in view.status.text()
    assert view.more_button.isEnabled()
    view.more_button.click()
    view.grow()
    assert view.plain_text().count("← received · recv() · 65536 B") == 128
    view.set_mode("hex")  # rebuilt from the start, one page again, a step at a time
    qtbot.waitUntil(lambda: view.plain_text().count("← received") == 64, timeout=5000)
    assert view.plain_text().splitlines()[1].startswith("00000000  30 31 32 33")

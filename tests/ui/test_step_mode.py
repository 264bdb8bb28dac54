"""Step mode in the real window: a breakpoint holds a thread, Step and Continue (buttons and F10/F5), the queue stays live."""

from __future__ import annotations

import os
import socket

import pytest
from PySide6.QtCore import Qt

from tests.ui.test_app_echo import connect_client_from_form, start_server_from_form
from ui.models.event_model import COL_PHASE


def received(ui, client_id: str) -> int:
    """Bytes a window client received, as the session log (and the hex view) has them."""
    ui.window.hex_pane.flush()
    stream = ui.stream(client_id)
    return 0 if stream is None else stream.bytes_in("received")


def held(ui) -> list:
    return ui.window.steps_pane.holds()


async def hold_at(ui, hook: str, request: int | None = None) -> object:
    def found() -> object:
        return next((h for h in held(ui) if h.hook == hook and (request is None or h.request == request)), None)

    return await ui.until(found, what=f"a thread held at {hook} (request {request})")


def test_a_breakpoint_on_handle_holds_the_thread_while_a_second_client_waits_in_the_queue(ui, qtbot) -> None:
    window = ui.window
    steps, live = window.steps_pane, window.live_list

    async def scenario() -> None:
        server_id = await start_server_from_form(ui, serverMixin="none")
        assert steps.current_server() == server_id
        # folded to one line until asked: the event table above keeps the height
        assert not steps.expanded and steps.height() < 40
        assert steps.summary.text() == "off: tick a hook to stop a thread there"
        ui.click("stepToggle")
        assert steps.expanded and ui.widget("break-handle").isVisible()
        ui.click("break-handle")
        assert steps.summary.text() == "1 breakpoint(s) set"
        server = window.session.servers[server_id]
        await ui.until(lambda: server.breakpoints == {"handle"}, what="the breakpoint in the host")

        first = await connect_client_from_form(ui, server_id)
        await window.session.clients[first].sendall(b"one")
        hold = await hold_at(ui, "handle", 1)
        # the held list says where, which request and which thread; Step and Continue can act
        row = ui.widget("stepHeld").topLevelItem(0)
        assert [row.text(c) for c in range(3)] == [server_id, "handle()", "#1"]
        assert f"{server_id}-serve" in row.text(3) and f"pid {window.session.host.pid}" in row.text(3)
        assert ui.widget("stepStep").isEnabled() and ui.widget("stepContinue").isEnabled()
        # the paused hook is the selected row of the event table
        table = ui.widget("eventTable")
        await ui.until(lambda: table.selectionModel().selectedRows(), what="the paused row selected")
        selected = window.events_pane.model.row_summary(table.selectionModel().selectedRows()[0].row())
        assert (selected["event"], selected["phase"], selected["request"]) == ("paused", "enter", 1)
        # its Phase cell names the hook it is held at, not the hook's number in the log
        phase = window.events_pane.model.index(table.selectionModel().selectedRows()[0].row(), COL_PHASE)
        assert phase.data() == "enter · handle()"
        # the handler's view of the held request
        assert steps.shown_lines()["note"] == "Held at handle() now."
        assert "status" not in window.statusBar().currentMessage()  # a hint in words, not a code
        assert "held at handle()" in window.statusBar().currentMessage()

        # while the serve thread waits, a second client is connected but waits in the accept queue
        second = await connect_client_from_form(ui, server_id)
        gauge = live.gauge(server_id)
        await ui.until(lambda: gauge.queue == 1, what="the accept queue at 1")
        assert gauge.text() == "accept queue 1/5"
        await ui.until(lambda: live.item(second).text(3) == "in accept queue", what="client-2 queued")
        assert any(
            t == f"{second}: in the accept queue, not yet accepted" for t in live.child_texts(server_id)
        )
        assert live.item(first).text(3) == "connected"

        # Step (F10): handle() runs on (the echo comes back) and stops at its next hook
        qtbot.keyClick(window, Qt.Key.Key_F10)
        await ui.until(lambda: received(ui, first) >= 3, what="the first echo")
        assert gauge.queue == 1, "client-2 still waits: one request at a time without a mixin"
        await window.session.clients[first].shutdown()  # handle() reads b"" and returns
        await hold_at(ui, "finish", 1)
        assert not any(h.token == hold.token for h in held(ui))  # type: ignore[attr-defined]

        # Continue (button): request 1 ends, request 2 is accepted and stops at handle
        ui.click("stepContinue")
        await hold_at(ui, "handle", 2)
        await ui.until(lambda: gauge.queue == 0, what="the queue empty again")
        await ui.until(lambda: live.item(second).text(3) == "connected", what="client-2 accepted")
        await window.session.clients[second].sendall(b"two")
        steps.set_breakpoints([])
        qtbot.keyClick(window, Qt.Key.Key_F5)  # Continue
        await ui.until(lambda: received(ui, second) >= 3, what="the second echo")
        await ui.until(lambda: not held(ui), what="nothing held")
        assert not ui.widget("stepStep").isEnabled()

    ui.run(scenario(), timeout=60)


def test_no_mixin_a_slow_handler_makes_the_second_client_wait_in_the_queue_then_it_is_served(ui) -> None:
    """Issue #9 item 4: no mixin, a slow handler; the second client sits in the accept queue, then gets served."""
    window = ui.window
    live = window.live_list

    async def scenario() -> None:
        ui.widget("serverDelay").setValue(0.5)
        server_id = await start_server_from_form(ui, serverMixin="none")
        gauge = live.gauge(server_id)
        await ui.until(lambda: gauge.queue == 0, what="the accept queue gauge")
        assert gauge.text() == "accept queue 0/5" and "listen(backlog)" in gauge.toolTip()
        first = await connect_client_from_form(ui, server_id)
        await window.session.clients[first].sendall(b"slow")
        await ui.until(lambda: any("in handle()" in t for t in live.child_texts(server_id)), what="#1 in handle()")
        second = await connect_client_from_form(ui, server_id)
        await window.session.clients[second].sendall(b"later")
        await ui.until(lambda: gauge.queue == 1, what="the accept queue at 1")
        assert live.item(second).text(3) == "in accept queue"
        assert "not yet accepted" in live.item(second).toolTip(3)
        # the first is served after the delay; it stays in handle() until it says it is done
        await ui.until(lambda: received(ui, first) >= 4, what="the slow echo")
        assert gauge.queue == 1
        await window.session.clients[first].shutdown()
        await ui.until(lambda: gauge.queue == 0, what="client-2 accepted")
        await ui.until(lambda: live.item(second).text(3) == "connected", what="client-2 connected")
        await ui.until(lambda: received(ui, second) >= 5, what="the second echo")
        assert any(t.startswith("#1 ") and t.endswith("done") for t in live.child_texts(server_id))

    ui.run(scenario(), timeout=60)


def test_the_gauge_says_not_available_where_the_kernel_gives_no_queue(ui, tmp_path) -> None:
    async def scenario() -> None:
        udp = await start_server_from_form(ui, serverType="dgram")
        assert "no accept queue" in ui.window.live_list.gauge(udp).text()
        ui.choose("serverType", "stream")
        ui.choose("serverFamily", "unix")
        ui.widget("serverPath").setText(str(tmp_path / "q.sock"))
        unix = await start_server_from_form(ui)
        assert ui.window.live_list.gauge(unix).text() == "accept queue: not available for AF_UNIX"

    ui.run(scenario())


@pytest.mark.skipif(not hasattr(os, "fork"), reason="ForkingMixIn needs os.fork()")
def test_a_forked_child_holds_and_shows_its_own_pid(ui) -> None:
    window = ui.window

    async def scenario() -> None:
        server_id = await start_server_from_form(ui, serverMixin="forking")
        window.steps_pane.set_breakpoints(["setup"])
        server = window.session.servers[server_id]
        await ui.until(lambda: server.breakpoints == {"setup"}, what="the breakpoint")
        with socket.create_connection(server.address, timeout=10) as sock:
            sock.sendall(b"from a child")
            hold = await hold_at(ui, "setup", 1)
            assert window.steps_pane.expanded, "a held thread opens the folded pane"
            assert window.steps_pane.summary.text() == "1 thread(s) held"
            host_pid = window.session.host.pid
            assert hold.pid != host_pid, "held in the forked child, not in the host"  # type: ignore[attr-defined]
            row = ui.widget("stepHeld").topLevelItem(0)
            assert f"pid {hold.pid}" in row.text(3)  # type: ignore[attr-defined]
            ui.click("stepStep")  # the child stops again at its next hook: handle
            await hold_at(ui, "handle", 1)
            window.steps_pane.set_breakpoints([])
            ui.click("stepContinue")
            await ui.until(lambda: not held(ui), what="nothing held")
            assert sock.recv(32) == b"from a child"

    ui.run(scenario(), timeout=60)

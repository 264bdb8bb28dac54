"""Steps the client pane's tests take on the real window: start a server, connect, open a tab, read what was sent."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView


async def start_server(ui, **choices: Any) -> str:
    """Start a server from the server form (choices: object name -> combo data or a widget setter)."""
    for name, value in choices.items():
        widget = ui.widget(name)
        if hasattr(widget, "findData"):
            ui.choose(name, value)
        elif hasattr(widget, "setValue"):
            widget.setValue(value)
        else:
            widget.setText(value)
    before = set(ui.window.session.servers)
    ui.click("serverStart")
    new = await ui.until(lambda: set(ui.window.session.servers) - before, what="the server to start")
    return str(new.pop())


async def connect(ui, server_id: str | None = None, *, connected: bool = True) -> str:
    """Click Connect (aimed at ``server_id`` first, if given) and wait for the new client."""
    pane = ui.window.client_pane
    if server_id is not None:
        pane.use_server(server_id)
    before = set(ui.window.session.clients)
    ui.click("clientConnect")
    new = await ui.until(lambda: set(ui.window.session.clients) - before, what="a client")
    ident = str(new.pop())
    if connected:
        client = ui.window.session.clients[ident]
        await ui.until(lambda: client.connected and ident not in pane._connecting, what="the connection")
    return ident


def show_tab(ui, name: str) -> None:
    """Bring a tab of the client box to the front, as a click on it does."""
    pane = ui.window.client_pane
    pane.tabs.setCurrentWidget(ui.widget(name))


def result(ui) -> str:
    label = ui.widget("clientResult")
    return label.text() if label.isVisible() else ""


async def result_says(ui, words: str, timeout: float = 8.0) -> str:
    return await ui.until(
        lambda: words in result(ui) and result(ui), timeout=timeout, what=f"{words!r} in the result"
    )


def rows_of(ui, source: str, event: str | None = None) -> list[dict[str, str]]:
    return [r for r in ui.event_rows() if r["source"] == source and (event is None or r["event"] == event)]


def event_tooltips(ui, source: str, event: str) -> list[str]:
    """The tooltips of one source's rows of ``event`` (errors are shown there), as the table gives them."""
    table = ui.window.findChild(QTableView, "eventTable")
    model = table.model()
    headers = [
        str(model.headerData(c, Qt.Orientation.Horizontal)).strip().lower()
        for c in range(model.columnCount())
    ]
    col_source, col_event = headers.index("source"), headers.index("event")
    tips = []
    for row in range(model.rowCount()):
        if model.index(row, col_source).data() == source and model.index(row, col_event).data() == event:
            tips.append(str(model.index(row, col_event).data(Qt.ItemDataRole.ToolTipRole) or ""))
    return tips


def sent_bytes(ui, client_id: str) -> bytes:
    """Every byte the client sent, as the hex view's stream holds it."""
    ui.window.hex_pane.flush()
    stream = ui.stream(client_id)
    return b"" if stream is None else b"".join(stream.iter_data("sent"))


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])

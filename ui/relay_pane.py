"""The Relay tab: listen here, connect there, watch each connection, pause a direction, edit, release, inject.

A relay (workbench/relay.py, run by the host) sits between a client and a real server: each
client that connects to the *listen* address gets a connection of the relay's own to the
*target*, and bytes are forwarded both ways. Both sides are recorded in the session like any
other source (``relay-1`` facing the clients, ``relay-1-upstream`` facing the target), so the
event table, the timeline and the hex view show them without anything here.

This pane is the relay's controls: the two addresses and Start/Stop; the list of its open
connections with each direction's state; per direction Pause/Resume, and for the connection
chosen in the list its held chunk (ui.relay_direction) with Release and Drop; and Inject, which
sends bytes of one's own in either direction of that connection now. Each bad value is said in
plain words under its field (the engine's message for its code, in the window's language).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.form_widgets import InlineError, PortBox, run_action, set_role
from ui.relay_direction import BytesEditor, DirectionBox
from ui.session import RELAY_DIRECTIONS
from workbench.errors import SpecError, WorkbenchError
from workbench.events import format_address
from workbench.hexfmt import PayloadError
from workbench.spec import ClientSpec, Family, Mixin, ServerSpec, SockType

if TYPE_CHECKING:
    from ui.session import RelayConnection, RelayHandle, Session

log = logging.getLogger("workbench.ui")

_ROLE_REQUEST = Qt.ItemDataRole.UserRole


def _family(host: str) -> Family:
    return Family.INET6 if ":" in host else Family.INET


class RelayPane(QWidget):
    """The relay's form, its connections and their controls (see the module docstring).

    Signals:
        showConnection(int, int): show this source's request in the hex view (a relay's side).
    """

    showConnection = Signal(int, int)

    COL_REQUEST, COL_CLIENT, COL_C2S, COL_S2C = range(4)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("relayPane")
        self.session = session
        self.relay_id: str | None = None
        self._busy = False
        self._held: dict[tuple[int, str], bytes] = {}  # (request, direction) -> the chunk fetched
        self._fetching: set[tuple[int, str]] = set()
        self._news = 0  # counts the relay's changes: a held chunk is asked for once per change
        self._asked: dict[tuple[int, str], int] = {}
        # (request, direction) -> the bytes just let go and when: until the relay's thread has
        # taken them, relay.held still answers with them (see _fetch)
        self._released: dict[tuple[int, str], tuple[bytes, float]] = {}

        self.listen_host = QLineEdit("127.0.0.1", self)
        self.listen_host.setObjectName("relayListenHost")
        self.listen_port = PortBox(self)
        self.listen_port.setObjectName("relayListenPort")
        self.target_server = QComboBox(self)
        self.target_server.setObjectName("relayTargetServer")
        self.target_host = QLineEdit("127.0.0.1", self)
        self.target_host.setObjectName("relayTargetHost")
        self.target_port = PortBox(self)
        self.target_port.setObjectName("relayTargetPort")
        self.start = QPushButton(self)
        self.start.setObjectName("relayStart")
        set_role(self.start, "primary")
        self.start.clicked.connect(lambda: run_action(self.on_start()))
        self.stop = QPushButton(self)
        self.stop.setObjectName("relayStop")
        set_role(self.stop, "danger")
        self.stop.clicked.connect(lambda: run_action(self.on_stop()))
        self.status = QLabel(self)
        self.status.setObjectName("relayStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_role(self.status, "hint")
        self.captions = {key: QLabel(self) for key in ("listen", "target", "port", "tport", "server")}

        self.connections = QTreeWidget(self)
        self.connections.setObjectName("relayConnections")
        self.connections.setColumnCount(4)
        self.connections.setRootIsDecorated(False)
        self.connections.setUniformRowHeights(True)
        header = self.connections.header()
        for col in range(4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.COL_CLIENT, QHeaderView.ResizeMode.Stretch)
        self.connections.currentItemChanged.connect(lambda *_: self._show_chosen())
        self.connections.itemDoubleClicked.connect(lambda *_: self._show_in_hex("client"))
        self.hex_client = QPushButton(self)
        self.hex_client.setObjectName("relayHexClient")
        self.hex_client.clicked.connect(lambda: self._show_in_hex("client"))
        self.hex_target = QPushButton(self)
        self.hex_target.setObjectName("relayHexTarget")
        self.hex_target.clicked.connect(lambda: self._show_in_hex("target"))

        self.inject_caption = QLabel(self)
        self.inject_direction = QComboBox(self)
        self.inject_direction.setObjectName("relayInjectDirection")
        self.inject_direction.addItem("", "c2s")
        self.inject_direction.addItem("", "s2c")
        self.inject = BytesEditor("relayInject", ("text", "escape", "hex"), lines=2, parent=self)
        self.inject.edited.connect(self._update_buttons)
        self.inject_button = QPushButton(self)
        self.inject_button.setObjectName("relayInjectSend")
        self.inject_button.clicked.connect(lambda: run_action(self.on_inject()))

        self.ways = {d: DirectionBox(d, self) for d in RELAY_DIRECTIONS}
        for box in self.ways.values():
            box.pauseToggled.connect(lambda d, on: run_action(self.on_pause(d, on)))
            box.releaseRequested.connect(lambda d, data: run_action(self.on_release(d, data)))

        self.errors = {
            "listen_host": InlineError(self.listen_host, "relayListenHostError"),
            "listen_port": InlineError(self.listen_port, "relayListenPortError"),
            "target_host": InlineError(self.target_host, "relayTargetHostError"),
            "target_port": InlineError(self.target_port, "relayTargetPortError"),
            "start": InlineError(self.start, "relayStartError"),
            "inject": InlineError(self.inject_button, "relayInjectError"),
        }
        self._build_layout()
        self.retranslate()
        self._fill_servers()
        session.serverStarted.connect(self._fill_servers)
        session.serverStopped.connect(self._fill_servers)
        session.relayChanged.connect(self._on_relay_changed)
        session.relayStopped.connect(self._on_relay_stopped)
        self.target_server.activated.connect(self._on_server_chosen)
        for key, edit in (("listen_host", self.listen_host), ("target_host", self.target_host)):
            edit.textEdited.connect(lambda _t, k=key: self.errors[k].clear())
        for key, spin in (("listen_port", self.listen_port), ("target_port", self.target_port)):
            spin.valueChanged.connect(lambda _v, k=key: self.errors[k].clear())
        self._update_buttons()

    # -- layout -------------------------------------------------------------------------------
    def _build_layout(self) -> None:
        c = self.captions
        for label in c.values():
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)

        def field(widget: QWidget, error: InlineError) -> QWidget:
            box = QWidget(self)
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.setSpacing(2)
            widget.setParent(box)
            lay.addWidget(widget)
            error.label.setParent(box)
            lay.addWidget(error.label)
            return box

        e = self.errors
        for spin in (self.listen_port, self.target_port):
            spin.setMinimumWidth(110)
        # row 0: where the relay listens, and Start/Stop; row 1: where it connects; row 2: what it does
        grid.addWidget(c["listen"], 0, 0)
        grid.addWidget(field(self.listen_host, e["listen_host"]), 0, 1)
        grid.addWidget(c["port"], 0, 2)
        grid.addWidget(field(self.listen_port, e["listen_port"]), 0, 3)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addStretch(1)
        buttons.addWidget(self.stop)
        buttons.addWidget(self.start)
        grid.addLayout(buttons, 0, 4, 1, 2, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(c["target"], 1, 0)
        grid.addWidget(field(self.target_host, e["target_host"]), 1, 1)
        grid.addWidget(c["tport"], 1, 2)
        grid.addWidget(field(self.target_port, e["target_port"]), 1, 3)
        grid.addWidget(c["server"], 1, 4)
        grid.addWidget(self.target_server, 1, 5, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.status, 2, 0, 1, 6)
        for col, stretch in ((1, 3), (3, 2), (5, 3)):
            grid.setColumnStretch(col, stretch)
        for label in c.values():
            label.setMinimumHeight(self.listen_host.sizeHint().height())
            grid.setAlignment(label, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
        e["start"].label.setParent(self)
        grid.addWidget(e["start"].label, 3, 0, 1, 6)

        left = QWidget(self)
        left_col = QVBoxLayout(left)
        left_col.setContentsMargins(0, 0, 4, 0)
        left_col.setSpacing(3)
        self.connections.setParent(left)
        left_col.addWidget(self.connections, 1)
        hex_row = QHBoxLayout()
        hex_row.setContentsMargins(0, 0, 0, 0)
        for button in (self.hex_client, self.hex_target):
            button.setParent(left)
            hex_row.addWidget(button)
        hex_row.addStretch(1)
        left_col.addLayout(hex_row)
        inject_head = QHBoxLayout()
        inject_head.setContentsMargins(0, 0, 0, 0)
        for widget, stretch in ((self.inject_caption, 0), (self.inject_direction, 1), (self.inject.mode, 1)):
            widget.setParent(left)
            inject_head.addWidget(widget, stretch)
        left_col.addLayout(inject_head)
        inject_row = QHBoxLayout()
        inject_row.setContentsMargins(0, 0, 0, 0)
        self.inject.setParent(left)
        inject_row.addWidget(self.inject, 1)
        self.inject_button.setParent(left)
        inject_row.addWidget(self.inject_button, 0, Qt.AlignmentFlag.AlignTop)
        left_col.addLayout(inject_row)
        self.errors["inject"].label.setParent(left)
        left_col.addWidget(self.errors["inject"].label)

        split = self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        split.setObjectName("relaySplitter")
        split.addWidget(left)
        for box in self.ways.values():
            split.addWidget(box)
        split.setChildrenCollapsible(False)
        split.setSizes([300, 340, 340])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        layout.addLayout(grid)
        layout.addWidget(split, 1)

    def focus_form(self) -> None:
        """Workbench ▸ New relay…: the first field, or the Stop button of the running relay."""
        (self.stop if self.relay_id is not None else self.listen_host).setFocus()

    # -- texts --------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        c = self.captions
        c["listen"].setText(self.tr("Listen on"))
        c["port"].setText(self.tr("Port"))
        c["server"].setText(self.tr("or"))
        c["target"].setText(self.tr("Target"))
        c["tport"].setText(self.tr("Port"))
        self.listen_host.setToolTip(
            self.tr("Where clients connect to the relay: 127.0.0.1 / ::1 this machine only, 0.0.0.0 / :: every interface")
        )
        self.listen_port.setSpecialValueText(self.tr("0 (any free)"))
        self.listen_port.setToolTip(self.tr("0 lets the operating system pick a free port; the bound port is shown"))
        self.target_server.setToolTip(self.tr("A running TCP server of this window, or type the target's address"))
        self.target_host.setToolTip(self.tr("The server the relay connects to, once for every client"))
        self.target_port.setSpecialValueText(self.tr("choose"))
        self.target_port.setToolTip(self.tr("The target server's port"))
        self.start.setText(self.tr("Start relay"))
        self.start.setToolTip(self.tr("Listen here; each client that connects gets its own connection to the target"))
        self.stop.setText(self.tr("Stop relay"))
        self.stop.setToolTip(self.tr("Stop listening and close every relayed connection (held chunks are dropped)"))
        self.connections.setHeaderLabels([self.tr("#"), self.tr("Client"), self.tr("→ target"), self.tr("→ client")])
        self.connections.setToolTip(
            self.tr("The relay's open connections. Choose one to see what it holds; double-click: its bytes in the hex view")
        )
        self.hex_client.setText(self.tr("Hex: client side"))
        self.hex_client.setToolTip(self.tr("This connection as the client saw it, in the hex view"))
        self.hex_target.setText(self.tr("Hex: target side"))
        self.hex_target.setToolTip(self.tr("The relay's own connection to the target, in the hex view"))
        self.inject_caption.setText(self.tr("Inject"))
        self.inject_direction.setItemText(0, self.tr("to the target (c2s)"))
        self.inject_direction.setItemText(1, self.tr("to the client (s2c)"))
        self.inject_direction.setToolTip(self.tr("Which way your bytes go: as if the client sent them, or the target"))
        self.inject.text.setToolTip(self.tr("Bytes of your own, sent now on the chosen connection (before anything held)"))
        self.inject_button.setText(self.tr("Inject"))
        self.inject_button.setToolTip(self.tr("Send these bytes now in the chosen direction of the chosen connection"))
        self._fill_servers()
        self._show_status()
        self._refresh_list()

    def _show_status(self) -> None:
        relay = self.session.relays.get(self.relay_id) if self.relay_id else None
        if relay is None:
            text = self.tr("Start a server, aim the relay at it, then connect a client to the relay's address.")
        elif relay.stopping:
            text = self.tr("{relay}: stopping…").format(relay=relay.id)
        else:
            text = self.tr("{relay} listens on {listen} and relays to {target}: connect a client to {listen}").format(
                relay=relay.id, listen=format_address(relay.address), target=format_address(relay.target)
            )
        self.status.setText(text)

    # -- the target ---------------------------------------------------------------------------------
    def _fill_servers(self, *_args: object) -> None:
        """The running TCP servers one can aim at (the relay forwards SOCK_STREAM only)."""
        combo = self.target_server
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("— an address, typed below —"), None)
        for server in self.session.servers.values():
            if server.spec.type is SockType.STREAM and server.spec.family is not Family.UNIX:
                combo.addItem(f"{server.id}  {format_address(server.address)}", server.id)
        index = combo.findData(chosen) if chosen is not None else -1
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)
        # Until one is chosen, the newest server (a server aimed at that stopped leaves its address typed).
        if chosen is None and combo.count() > 1 and self.target_port.value() == 0:
            combo.setCurrentIndex(combo.count() - 1)
            self._on_server_chosen(combo.count() - 1)

    def _on_server_chosen(self, _index: int) -> None:
        ident = self.target_server.currentData()
        server = self.session.servers.get(ident) if isinstance(ident, str) else None
        if server is None or not isinstance(server.address, tuple):
            return
        self.target_host.setText(str(server.address[0]))
        self.target_port.setValue(int(server.address[1]))
        self.errors["target_host"].clear()
        self.errors["target_port"].clear()

    # -- start and stop -----------------------------------------------------------------------------
    def specs(self) -> tuple[ServerSpec, ClientSpec]:
        """The two sides the form describes; raises SpecError with field "listen_*" or "target_*"."""
        listen_host, target_host = self.listen_host.text().strip(), self.target_host.text().strip()
        for key, spin in (("listen", self.listen_port), ("target", self.target_port)):
            if spin.over:
                raise SpecError("spec.port.range", field=f"{key}_port", value=int(spin.over))
        try:
            listen = ServerSpec(
                family=_family(listen_host), type=SockType.STREAM, host=listen_host,
                port=self.listen_port.value(), mixin=Mixin.THREADING,
            )  # fmt: skip
        except SpecError as exc:
            raise _side(exc, "listen") from None
        try:
            to = ClientSpec(family=_family(target_host), type=SockType.STREAM, host=target_host,
                            port=self.target_port.value())  # fmt: skip
        except SpecError as exc:
            raise _side(exc, "target") from None
        return listen, to

    def show_error(self, exc: WorkbenchError) -> str:
        key = exc.field if exc.field in self.errors else "start"
        self.errors[key].show(exc.text())
        return key

    def clear_errors(self) -> None:
        for error in self.errors.values():
            error.clear()

    async def on_start(self) -> None:
        if self._busy or self.relay_id is not None:
            return
        self.clear_errors()
        try:
            listen, to = self.specs()
        except WorkbenchError as exc:
            self.show_error(exc)
            return
        self._busy = True
        self._update_buttons()
        try:
            relay = await self.session.start_relay(listen, to)
        except WorkbenchError as exc:
            self.show_error(_side(exc, "listen"))  # a bind error is about the listening side
            return
        finally:
            self._busy = False
            self._update_buttons()
        self.relay_id = relay.id
        self._held.clear()
        self._show_status()
        self._refresh_list()
        self._update_buttons()

    async def on_stop(self) -> None:
        if self.relay_id is None:
            return
        ident = self.relay_id
        try:
            await self.session.stop_relay(ident)
        except WorkbenchError as exc:
            self.errors["start"].show(exc.text())
        self._on_relay_stopped(ident)

    # -- the relay's news ---------------------------------------------------------------------------
    @property
    def relay(self) -> RelayHandle | None:
        return self.session.relays.get(self.relay_id) if self.relay_id is not None else None

    def _on_relay_changed(self, ident: str) -> None:
        if ident != self.relay_id:
            return
        self._news += 1
        self._show_status()
        self._refresh_list()

    def _on_relay_stopped(self, ident: str) -> None:
        if ident != self.relay_id:
            return
        self.relay_id = None
        self._held.clear()
        self._show_status()
        self._refresh_list()
        self._update_buttons()

    def _way_text(self, conn: RelayConnection, direction: str) -> str:
        held = conn.held[direction]
        if held is not None:
            return self.tr("holding {n} bytes").format(n=held)
        return self.tr("paused") if conn.paused[direction] else self.tr("flowing")

    def _refresh_list(self) -> None:
        relay = self.relay
        conns = relay.connections if relay is not None else []
        chosen = self.chosen_request()
        view = self.connections
        wanted = {c.request for c in conns}
        for index in reversed(range(view.topLevelItemCount())):
            item = view.topLevelItem(index)
            if item is not None and item.data(self.COL_REQUEST, _ROLE_REQUEST) not in wanted:
                view.takeTopLevelItem(index)
        rows = {view.topLevelItem(i).data(self.COL_REQUEST, _ROLE_REQUEST): view.topLevelItem(i)  # type: ignore[union-attr]
                for i in range(view.topLevelItemCount())}  # fmt: skip
        for conn in sorted(conns, key=lambda c: c.request):
            item = rows.get(conn.request)
            if item is None:
                item = QTreeWidgetItem()
                item.setData(self.COL_REQUEST, _ROLE_REQUEST, conn.request)
                view.addTopLevelItem(item)
            item.setText(self.COL_REQUEST, f"#{conn.request}")
            item.setText(self.COL_CLIENT, format_address(conn.client))
            item.setText(self.COL_C2S, self._way_text(conn, "c2s"))
            item.setText(self.COL_S2C, self._way_text(conn, "s2c"))
        # keep the one chosen; else the first that holds something; else the newest
        if chosen not in wanted:
            holding = [c.request for c in conns if any(n is not None for n in c.held.values())]
            pick = holding[0] if holding else (max(wanted) if wanted else None)
            row = self._row(pick) if pick is not None else None
            if row is not None:
                view.setCurrentItem(row)
        for held_key in [k for k in self._held if k[0] not in wanted]:
            del self._held[held_key]
        self._show_chosen()

    def _row(self, request: int) -> QTreeWidgetItem | None:
        for i in range(self.connections.topLevelItemCount()):
            item = self.connections.topLevelItem(i)
            if item is not None and item.data(self.COL_REQUEST, _ROLE_REQUEST) == request:
                return item
        return None

    def chosen_request(self) -> int | None:
        item = self.connections.currentItem()
        value = item.data(self.COL_REQUEST, _ROLE_REQUEST) if item is not None else None
        return int(value) if isinstance(value, int) else None

    def chosen_connection(self) -> RelayConnection | None:
        relay, request = self.relay, self.chosen_request()
        if relay is None or request is None:
            return None
        return next((c for c in relay.connections if c.request == request), None)

    def _show_chosen(self) -> None:
        """Both direction boxes show the chosen connection; a chunk held there is fetched once."""
        relay, conn = self.relay, self.chosen_connection()
        for direction, box in self.ways.items():
            box.set_paused(bool(relay and relay.paused[direction]) or bool(conn and conn.paused[direction]))
            box.setEnabled(relay is not None)
            if conn is None:
                box.show_state(bool(relay and relay.paused[direction]), None)
                continue
            key = (conn.request, direction)
            if conn.held[direction] is None:
                self._held.pop(key, None)
                self._released.pop(key, None)
                box.show_state(conn.paused[direction], None)
            elif key in self._held:
                box.show_state(True, self._held[key])
            elif key not in self._fetching and self._asked.get(key) != self._news:
                self._fetching.add(key)
                self._asked[key] = self._news
                run_action(self._fetch(conn.request, direction))
        self._update_buttons()

    async def _fetch(self, request: int, direction: str) -> None:
        import asyncio
        import time

        key = (request, direction)
        ident = self.relay_id
        try:
            while True:
                data = await self.session.relay_held(ident, direction, request) if ident else None
                # The chunk just released (or its edit) may still be in place for a moment: the
                # relay's thread takes it when it wakes. The same bytes held for longer are new.
                released = self._released.get(key)
                if data is None or released is None or data != released[0] or time.monotonic() - released[1] > 0.5:
                    break
                await asyncio.sleep(0.03)
            if released is not None:
                del self._released[key]
        except WorkbenchError as exc:
            log.info("%s", exc.text())  # the connection closed meanwhile
            data = None
        finally:
            self._fetching.discard(key)
        if data is not None and ident == self.relay_id:
            self._held[key] = data
        self._show_chosen()

    # -- the controls ---------------------------------------------------------------------------------
    async def on_pause(self, direction: str, on: bool) -> None:
        """Pause or resume ``direction`` of every connection, and of those that come later."""
        if self.relay_id is None:
            return
        try:
            await self.session.relay_pause(self.relay_id, direction, on)
        except WorkbenchError as exc:
            self.ways[direction].error.show(exc.text())

    async def on_release(self, direction: str, data: bytes | None) -> None:
        """Let the chosen connection's held chunk go on (replaced by ``data``; b"" drops it)."""
        request = self.chosen_request()
        if self.relay_id is None or request is None:
            return
        import time

        box = self.ways[direction]
        box.error.clear()
        key = (request, direction)
        held = self._held.pop(key, None)  # the next chunk held is another one, even if alike
        if held is not None:
            self._released[key] = (held if data is None else data, time.monotonic())
        box.show_state(True, None)
        try:
            await self.session.relay_release(self.relay_id, direction, request, data)
        except WorkbenchError as exc:
            box.error.show(exc.text())

    async def on_inject(self) -> None:
        request = self.chosen_request()
        self.errors["inject"].clear()
        if self.relay_id is None or request is None:
            return
        try:
            data = self.inject.data()
        except PayloadError:
            return
        direction = str(self.inject_direction.currentData())
        try:
            await self.session.relay_inject(self.relay_id, direction, request, data)
        except WorkbenchError as exc:
            self.errors["inject"].show(exc.text())
            return
        self.errors["inject"].clear()

    def _show_in_hex(self, side: str) -> None:
        relay, request = self.relay, self.chosen_request()
        if relay is None or request is None:
            return
        self.showConnection.emit(relay.source if side == "client" else relay.upstream_source, request)

    def _update_buttons(self) -> None:
        running = self.relay_id is not None
        form: tuple[QWidget, ...] = (self.listen_host, self.listen_port, self.target_server, self.target_host,
                                     self.target_port)  # fmt: skip
        for widget in form:
            widget.setEnabled(not running and not self._busy)
        self.start.setEnabled(not running and not self._busy)
        self.stop.setEnabled(running)
        chosen = running and self.chosen_request() is not None
        for part in (self.hex_client, self.hex_target, self.inject_direction, self.inject):
            part.setEnabled(chosen)
        self.inject.mode.setEnabled(chosen)
        self.inject_button.setEnabled(chosen and not self.inject.problems())


def _side(exc: WorkbenchError, side: str) -> WorkbenchError:
    """The same error, about the ``side`` ("listen" or "target") field it names."""
    field: Any = exc.field
    if field in ("host", "port"):
        field = f"{side}_{field}"
    elif field in ("family", "address", "path"):
        field = f"{side}_host"
    return WorkbenchError(exc.code, field=field, **exc.params)

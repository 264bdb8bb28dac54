"""The live list: running servers (with their accept queue and requests under them) and open clients, Stop/Close.

A server row opens into rows of its own: a gauge of the kernel's accept queue (connections
the handshake finished that ``accept()`` has not taken yet; Linux TCP only, "not available"
elsewhere), the clients of ours waiting in that queue, and its newest requests (from the
session log: who sent each, and how far it got: in ``handle()``, held at a breakpoint,
rejected by ``verify_request``, done). Choosing a request shows what its handler was given
(``requestSelected``; see ui.steps_pane.StepsPane.show_request).

Keyboard: Delete stops the selected server or closes the selected client; Enter on a server
aims the client form at it; the Stop/Close buttons take Tab focus.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from ui.certificate_row import CertificateRow
from ui.queue_gauge import QueueGauge
from ui.request_index import RequestIndex, RequestInfo
from ui.server_pane import HINT_COLOR, WARNING_COLOR, server_class_name, set_role
from ui.throttle import Throttle
from workbench.events import format_address
from workbench.spec import Mixin, ServerSpec, SockType

if TYPE_CHECKING:
    from ui.session import Session

#: Requests shown under a server: those still running first, then the newest finished ones.
SHOWN_REQUESTS = 6

_ROLE_ID = Qt.ItemDataRole.UserRole
_ROLE_KIND = Qt.ItemDataRole.UserRole + 1  # "queue", "request", "queued-client" on a server's rows
_ROLE_REQUEST = Qt.ItemDataRole.UserRole + 2


class _ElideDelegate(QStyledItemDelegate):
    """Addresses lose their start when narrow (the port is what one needs), every other text its end."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        left = not index.parent().isValid() and index.column() == LiveList.COL_ADDRESS
        option.textElideMode = Qt.TextElideMode.ElideLeft if left else Qt.TextElideMode.ElideRight


class LiveList(QTreeWidget):
    """Running servers and open clients: address, kind, live request count, Stop/Close.

    Signals:
        stopRequested(str): a server's Stop button was clicked (or Delete pressed on it).
        endRequested(str): "End now" was clicked while a stop waits for requests to finish.
        closeRequested(str): a client's Close button was clicked (or Delete pressed on it).
        useServerRequested(str): a server row was double-clicked (or Enter pressed): aim the client form at it.
        clientSelected(str): a client row was selected.
        requestSelected(str, int): one of a server's request rows was selected (server id, request id).
        sendToPeerRequested(str, int): "Send to this peer" on a request row: make it the Send tab's target.
    """

    stopRequested = Signal(str)
    endRequested = Signal(str)
    closeRequested = Signal(str)
    useServerRequested = Signal(str)
    clientSelected = Signal(str)
    requestSelected = Signal(str, int)
    sendToPeerRequested = Signal(str, int)

    COL_ID, COL_ADDRESS, COL_KIND, COL_REQUESTS, COL_ACTIONS = range(5)

    def __init__(self, session: Session, requests: RequestIndex | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("serverList")
        self.session = session
        self.requests = requests if requests is not None else RequestIndex(session.feed, self)
        self.setColumnCount(5)
        self.setRootIsDecorated(True)
        self.setItemDelegate(_ElideDelegate(self))
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(self.COL_ID, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.COL_ADDRESS, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.COL_KIND, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.COL_REQUESTS, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.COL_ACTIONS, QHeaderView.ResizeMode.ResizeToContents)
        self._items: dict[str, QTreeWidgetItem] = {}
        self._buttons: dict[str, QToolButton] = {}  # each row's Stop or Close
        self._end_buttons: dict[str, QToolButton] = {}  # "End now", while a stop waits
        self._gauges: dict[str, QueueGauge] = {}
        self._certificates: dict[str, CertificateRow] = {}  # a TLS server's row under the gauge
        self._children: dict[str, dict[tuple[str, object], QTreeWidgetItem]] = {}
        # Under a flood a batch arrives every few ms; the counts need not change faster than
        # anyone reads them, so the sources seen are collected and shown ten times a second.
        self._touched: set[str] = set()
        self._refresh = Throttle(self._refresh_touched, 100, self)
        self.itemSelectionChanged.connect(self._on_selection)
        self.itemDoubleClicked.connect(self._on_double_click)
        self.itemExpanded.connect(lambda _item: self.refresh_counts())
        self.itemCollapsed.connect(lambda _item: self.refresh_counts())
        self.setIndentation(max(10, self.fontMetrics().horizontalAdvance("00")))
        self.requests.changed.connect(self._on_requests_changed)
        session.clientChanged.connect(self._on_client_moved)
        session.holdsChanged.connect(self.on_server_changed)
        self.retranslate()

    # -- texts --------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """The headers and every row's words in the current language."""
        self.setHeaderLabels([self.tr("Name"), self.tr("Address"), self.tr("Mixin"), self.tr("Requests"), ""])
        # the address needs the room more: a longer state is said in full under its server and in the tooltip
        metrics = self.fontMetrics()
        widest = max(metrics.horizontalAdvance(t) for t in ("0000 / 0000", self.tr("in accept queue")))
        self.header().setMaximumSectionSize(widest + 16)
        for ident in self._items:
            if ident in self.session.servers:
                self._server_texts(ident)
                self.refresh_children(ident)  # the queued clients' and requests' rows are words too
            elif ident in self.session.clients:
                self._client_texts(ident)
                self.update_client(ident)
        self.refresh_counts()

    def _server_texts(self, ident: str) -> None:
        item, runner = self._items[ident], self.session.servers[ident]
        spec: ServerSpec = runner.spec
        address = format_address(runner.address)
        if spec.binds_all_interfaces:
            address += " " + self.tr("(all interfaces)")
        item.setText(self.COL_ADDRESS, address)
        # "threading", as for --mixin (the full class name is in the tooltip); "none" is a word
        item.setText(self.COL_KIND, self.tr("none") if spec.mixin is Mixin.NONE else spec.mixin.value)
        detail = (
            f"{address}\n{server_class_name(spec)} · {spec.family.label} · {spec.type.label} · "
            + self.tr("handler {name}").format(name=spec.handler.value)
        )
        if spec.join:  # the memberships, as IP_ADD_MEMBERSHIP / IPV6_JOIN_GROUP made them
            detail += "\n" + self.tr("joined {groups} on {interface}").format(
                groups=", ".join(spec.join), interface=spec.join_interface or self.tr("any interface")
            )
        if spec.tls:
            detail += "\n" + self.tr("TLS: each connection starts with a handshake (do_handshake)")
        for col in (self.COL_ID, self.COL_ADDRESS, self.COL_KIND):
            item.setToolTip(
                col,
                detail
                + "\n"
                + self.tr("Double-click or Enter: aim the client form at this server. Delete: stop it."),
            )
        item.setToolTip(self.COL_REQUESTS, self.tr("requests being handled now / accepted so far"))
        stop = self._buttons.get(ident)
        if stop is not None:
            stop.setText(self.tr("Stop") if stop.isEnabled() else self.tr("Stopping…"))
            stop.setToolTip(self.tr("shutdown() and server_close() (Delete)"))

    def _client_texts(self, ident: str) -> None:
        close = self._buttons.get(ident)
        if close is not None:
            close.setText(self.tr("Close"))
            close.setToolTip(self.tr("socket.close() (Delete)"))

    # -- rows ---------------------------------------------------------------------------------
    def item(self, ident: str) -> QTreeWidgetItem | None:
        return self._items.get(ident)

    def ids(self) -> list[str]:
        return list(self._items)

    def add_server(self, ident: str) -> None:
        item = QTreeWidgetItem([ident, "", "", "0 / 0", ""])
        item.setData(self.COL_ID, _ROLE_ID, ident)
        self._insert(ident, item)
        stop = self._button(f"stop-{ident}")
        set_role(stop, "danger")
        stop.clicked.connect(lambda: self._stop_clicked(ident, stop))
        self._buttons[ident] = stop
        self._set_actions(item, [stop])
        self._children[ident] = {}
        gauge_row = QTreeWidgetItem()
        gauge_row.setData(self.COL_ID, _ROLE_ID, ident)
        gauge_row.setData(self.COL_ID, _ROLE_KIND, "queue")
        gauge_row.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.addChild(gauge_row)
        gauge_row.setFirstColumnSpanned(True)
        gauge = QueueGauge()
        gauge.setObjectName(f"queue-{ident}")
        self.setItemWidget(gauge_row, self.COL_ID, gauge)
        self._gauges[ident] = gauge
        tls = self.session.servers[ident].tls
        if tls:
            self._add_certificate(item, ident, tls)
        item.setExpanded(True)
        self._server_texts(ident)
        self.refresh_counts()

    def _add_certificate(self, item: QTreeWidgetItem, ident: str, tls: dict[str, Any]) -> None:
        row = QTreeWidgetItem()
        row.setData(self.COL_ID, _ROLE_ID, ident)
        row.setData(self.COL_ID, _ROLE_KIND, "certificate")
        row.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.addChild(row)
        row.setFirstColumnSpanned(True)
        certificate = CertificateRow(ident, tls)
        self.setItemWidget(row, self.COL_ID, certificate)
        self._certificates[ident] = certificate

    def certificate(self, server_id: str) -> CertificateRow | None:
        return self._certificates.get(server_id)

    def add_client(self, ident: str) -> None:
        client = self.session.clients[ident]
        spec = client.spec
        kind = f"{spec.family.label} {spec.type.label}"
        item = QTreeWidgetItem([ident, format_address(spec.address), "", "", ""])
        item.setToolTip(self.COL_ID, kind)
        item.setData(self.COL_ID, _ROLE_ID, ident)
        self._insert(ident, item)
        close = self._button(f"close-{ident}")
        close.clicked.connect(lambda: self.closeRequested.emit(ident))
        self._buttons[ident] = close
        self._set_actions(item, [close])
        self._client_texts(ident)
        self.update_client(ident)

    def client_state(self, ident: str) -> str:
        """The words a client row shows for its state."""
        client = self.session.clients.get(ident)
        if client is None or client.closed:
            return self.tr("closed")
        if ident in self.session.peer_closed:
            return self.tr("peer closed")
        if client.connected and self.session.waiting_in_queue(client):
            return self.tr("in accept queue")
        if client.connected:
            return self.tr("connected")
        if client.failed:
            return self.tr("failed")
        return self.tr("open")

    def update_client(self, ident: str) -> None:
        item = self._items.get(ident)
        client = self.session.clients.get(ident)
        if item is None or client is None:
            return
        state = self.client_state(ident)
        item.setText(self.COL_REQUESTS, state)
        queued = client.connected and not client.closed and self.session.waiting_in_queue(client)
        item.setForeground(self.COL_REQUESTS, QBrush(QColor(WARNING_COLOR)) if queued else QBrush())
        local = client.local_address
        tip = state
        if local is not None:
            tip = self.tr("{id}: local {local} → {target}").format(
                id=ident, local=format_address(local), target=format_address(client.spec.address)
            )
            for col in (self.COL_ID, self.COL_ADDRESS):
                item.setToolTip(col, tip)
        item.setToolTip(
            self.COL_REQUESTS,
            self.tr("in the accept queue, not yet accepted: connect() returned, accept() has not taken it yet")
            if queued
            else state,
        )

    def _on_client_moved(self, _ident: str) -> None:
        """A client connected or was accepted: its server's "waiting in the queue" rows change."""
        for ident in self.session.servers:
            self._touched.add(ident)
        self._refresh()

    def remove(self, ident: str) -> None:
        self._buttons.pop(ident, None)
        self._end_buttons.pop(ident, None)
        self._gauges.pop(ident, None)
        self._certificates.pop(ident, None)
        self._children.pop(ident, None)
        item = self._items.pop(ident, None)
        if item is not None:
            index = self.indexOfTopLevelItem(item)
            if index >= 0:
                self.takeTopLevelItem(index)
        if not ident.startswith("server"):
            self._on_client_moved(ident)

    def select(self, ident: str) -> None:
        item = self._items.get(ident)
        if item is not None:
            self.setCurrentItem(item)

    def select_request(self, server_id: str, request: int) -> bool:
        """Select a request's row under its server, if it is one of those shown."""
        row = self._children.get(server_id, {}).get(("request", request))
        if row is None:
            return False
        self.setCurrentItem(row)
        return True

    def request_row(self, server_id: str, request: int) -> QTreeWidgetItem | None:
        return self._children.get(server_id, {}).get(("request", request))

    def child_texts(self, server_id: str) -> list[str]:
        """What the rows under a server say, top to bottom (the gauge first)."""
        item = self._items.get(server_id)
        if item is None:
            return []
        out = []
        for i in range(item.childCount()):
            child = item.child(i)
            assert child is not None
            widget = self.itemWidget(child, self.COL_ID)
            if isinstance(widget, (QueueGauge, CertificateRow)):
                out.append(widget.text())
            else:
                out.append(child.text(self.COL_ID))
        return out

    def gauge(self, server_id: str) -> QueueGauge | None:
        return self._gauges.get(server_id)

    def _insert(self, ident: str, item: QTreeWidgetItem) -> None:
        # servers first, then clients, each in start order
        if ident.startswith("server"):
            index = sum(1 for i in self._items if i.startswith("server"))
            self.insertTopLevelItem(index, item)
        else:
            self.addTopLevelItem(item)
        self._items[ident] = item

    def _button(self, name: str) -> QToolButton:
        # a tool button sizes to its text (Fusion gives push buttons 80 px at least)
        button = QToolButton()
        button.setObjectName(name)
        set_role(button, "small")
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        return button

    def _set_actions(self, item: QTreeWidgetItem, buttons: list[QToolButton]) -> None:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(2, 0, 2, 0)
        row.setSpacing(4)
        for b in buttons:
            row.addWidget(b)
        self.setItemWidget(item, self.COL_ACTIONS, box)

    def _stop_clicked(self, ident: str, button: QToolButton) -> None:
        if not button.isEnabled():
            return
        button.setEnabled(False)
        button.setText(self.tr("Stopping…"))
        self.stopRequested.emit(ident)

    def _show_end_now(self, ident: str) -> None:
        """While a stop waits for requests, offer to end them (their sockets are shut down)."""
        if ident in self._end_buttons or ident not in self._items:
            return
        end = self._button(f"end-{ident}")
        end.setText(self.tr("End now"))
        end.setToolTip(self.tr("Shut the waiting requests' sockets down so handle() returns, then stop"))
        set_role(end, "danger")

        def end_now() -> None:
            end.setEnabled(False)
            self.endRequested.emit(ident)

        end.clicked.connect(end_now)
        self._end_buttons[ident] = end
        stop = self._buttons.get(ident)
        box = stop.parentWidget() if stop is not None else None
        layout = box.layout() if box is not None else None
        if stop is None or layout is None:
            self._set_actions(self._items[ident], [end])
            return
        # End now takes the place of the greyed "Stopping…": two buttons would not fit a narrow list
        stop.hide()
        layout.addWidget(end)

    def _selected(self) -> QTreeWidgetItem | None:
        items = self.selectedItems()
        return items[0] if items else None

    def _on_selection(self) -> None:
        item = self._selected()
        if item is None:
            return
        ident = str(item.data(self.COL_ID, _ROLE_ID))
        kind = item.data(self.COL_ID, _ROLE_KIND)
        if kind == "request":
            self.requestSelected.emit(ident, int(item.data(self.COL_ID, _ROLE_REQUEST)))
        elif kind == "queued-client":
            client = str(item.data(self.COL_ID, _ROLE_REQUEST))
            if client in self.session.clients:
                self.clientSelected.emit(client)
        elif ident in self.session.clients:
            self.clientSelected.emit(ident)

    def _on_double_click(self, item: QTreeWidgetItem, _column: int) -> None:
        ident = str(item.data(self.COL_ID, _ROLE_ID))
        if item.parent() is None and ident in self.session.servers:
            self.useServerRequested.emit(ident)

    def act_on_selected(self) -> bool:
        """Delete's action: stop the selected server or close the selected client."""
        item = self._selected()
        if item is None or item.parent() is not None:
            return False
        ident = str(item.data(self.COL_ID, _ROLE_ID))
        button = self._buttons.get(ident)
        if ident in self.session.servers and button is not None:
            self._stop_clicked(ident, button)
            return True
        if ident in self.session.clients:
            self.closeRequested.emit(ident)
            return True
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete and self.act_on_selected():
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            item = self._selected()
            if item is not None and item.parent() is None:
                self._on_double_click(item, 0)
                event.accept()
                return
        super().keyPressEvent(event)

    def _context_menu(self, pos: object) -> None:
        item = self.itemAt(pos)  # type: ignore[call-overload]
        if item is not None and item.data(self.COL_ID, _ROLE_KIND) == "request":
            self._request_menu(item, pos)
            return
        if item is None or item.parent() is not None:
            return
        self.setCurrentItem(item)
        ident = str(item.data(self.COL_ID, _ROLE_ID))
        menu = QMenu(self)
        if ident in self.session.servers:
            menu.addAction(self.tr("Stop"), self.act_on_selected)
            menu.addAction(self.tr("Aim the client form at it"), lambda: self.useServerRequested.emit(ident))
            certificate = self._certificates.get(ident)
            if certificate is not None:
                menu.addAction(self.tr("Copy certificate path"), certificate.copy_path)
                menu.addAction(self.tr("Copy SHA-256 fingerprint"), certificate.copy_fingerprint)
        elif ident in self.session.clients:
            menu.addAction(self.tr("Close"), self.act_on_selected)
        menu.exec(self.viewport().mapToGlobal(pos))  # type: ignore[call-overload]

    def _request_menu(self, item: QTreeWidgetItem, pos: object) -> None:
        """A request row's menu: send to its peer from the client box (while its server runs)."""
        self.setCurrentItem(item)
        ident = str(item.data(self.COL_ID, _ROLE_ID))
        request = int(item.data(self.COL_ID, _ROLE_REQUEST))
        server = self.session.servers.get(ident)
        info = None if server is None else self.requests.get(server.source, request)
        menu = QMenu(self)
        action = menu.addAction(self.tr("Send to this peer"), lambda: self.sendToPeerRequested.emit(ident, request))
        stream = server is not None and server.spec.type is SockType.STREAM
        if server is None or server.stopping:
            action.setEnabled(False)
            action.setToolTip(self.tr("The server is not running"))
        elif stream and (info is None or info.done):
            action.setEnabled(False)
            action.setToolTip(self.tr("This request has ended: its connection is closed"))
        else:
            action.setToolTip(self.tr("Make this request's peer the target of the client box's Send tab"))
        menu.setToolTipsVisible(True)
        menu.exec(self.viewport().mapToGlobal(pos))  # type: ignore[call-overload]

    # -- counts -------------------------------------------------------------------------------
    @Slot(str)
    def on_server_changed(self, ident: str) -> None:
        """The host reported new counts (or stop progress) for a server: show them (throttled)."""
        self._touched.add(ident)
        self._refresh()

    def _on_requests_changed(self, sources: list[int]) -> None:
        wanted = set(sources)
        for ident, server in self.session.servers.items():
            if server.source in wanted or not sources:
                self._touched.add(ident)
        self._refresh()

    def _refresh_touched(self) -> None:
        touched, self._touched = self._touched, set()
        if touched.isdisjoint(self._items):
            return
        self.refresh_counts()
        for ident in touched:
            self.refresh_children(ident)

    @Slot()
    def refresh_counts(self) -> None:
        for ident, server in list(self.session.servers.items()):
            item = self._items.get(ident)
            if item is None:
                continue
            text = f"{server.active_requests} / {server.total_requests}"
            if server.queue and not item.isExpanded():  # else the gauge under the row says it
                text += " " + self.tr("(+{n} waiting)").format(n=server.queue)
            if server.stopping and server.waiting:
                # the ids only: the column is narrow; who they are is in the tooltip and the rows below
                text = self.tr("waiting for {held}").format(held=" ".join(f"#{rid}" for rid, _peer in server.waiting))
                self._show_end_now(ident)
            if item.text(self.COL_REQUESTS) != text:
                item.setText(self.COL_REQUESTS, text)
            tip = self.tr("requests being handled now / accepted so far")
            if server.queue is not None:
                tip += "\n" + self.accept_queue_help(server.queue, server.backlog)
            if server.waiting:
                held = ", ".join(
                    self.tr("request #{rid} from {peer}").format(rid=rid, peer=format_address(peer))
                    for rid, peer in server.waiting
                )
                tip += "\n" + self.tr("Stop is waiting for: {held}").format(held=held)
            item.setToolTip(self.COL_REQUESTS, tip)
            self._update_gauge(ident)

    def accept_queue_help(self, queue: int | None, limit: int | None) -> str:
        return self.tr(
            "accept queue: {n} connection(s) the kernel completed that accept() has not taken yet "
            "(its limit, from listen(backlog): {limit})"
        ).format(n=queue, limit=limit)

    def _update_gauge(self, ident: str) -> None:
        gauge, server = self._gauges.get(ident), self.session.servers.get(ident)
        if gauge is not None and server is not None:
            gauge.show_for(server)

    # -- the rows under a server -------------------------------------------------------------------
    def request_state(self, info: RequestInfo) -> str:
        """How far a request got, in a few words."""
        if info.paused:
            return self.tr("held at {hook}()").format(hook=info.paused)
        if info.rejected:
            return self.tr("rejected: verify_request() returned False")
        if info.done:
            if info.failed:
                return self.tr("done; {hook}() raised").format(hook=info.failed)
            return self.tr("done")
        if info.failed:
            return self.tr("{hook}() raised").format(hook=info.failed)
        if info.stage in (None, "get_request"):
            return self.tr("accepted")
        return self.tr("in {hook}()").format(hook=info.stage)

    def refresh_children(self, ident: str) -> None:
        """The rows under a server: its queued clients and its newest requests."""
        item, server = self._items.get(ident), self.session.servers.get(ident)
        rows = self._children.get(ident)
        if item is None or server is None or rows is None:
            return
        wanted: list[tuple[tuple[str, object], str, str, QColor | None]] = []
        for client in self.session.clients.values():
            if client.connected and client.peer == server.address and self.session.waiting_in_queue(client):
                text = self.tr("{client}: in the accept queue, not yet accepted").format(client=client.id)
                tip = self.tr(
                    "connect() returned: the kernel finished the handshake. The connection waits in the "
                    "listening socket's accept queue until get_request() calls accept()."
                )
                wanted.append((("queued-client", client.id), text, tip, QColor(WARNING_COLOR)))
        infos = self.requests.requests(server.source)
        running = [r for r in infos if not r.done]
        shown = running[-SHOWN_REQUESTS:]
        room = SHOWN_REQUESTS - len(shown)
        if room > 0:
            shown += [r for r in infos if r.done][-room:]
        for info in sorted(shown, key=lambda r: r.request):
            text = self.tr("#{rid} {peer}: {state}").format(
                rid=info.request, peer=format_address(info.peer) or self.tr("(unnamed)"), state=self.request_state(info)
            )
            tip = self.tr("Select to see self.request, self.client_address and self.server of this request")
            colour = QColor(WARNING_COLOR) if info.rejected or info.paused else (
                QColor(HINT_COLOR) if info.done else None
            )  # fmt: skip
            wanted.append((("request", info.request), text, tip, colour))
        keys = [key for key, *_ in wanted]
        for key in [k for k in rows if k not in keys]:
            row = rows.pop(key)
            item.removeChild(row)
        first = 2 if ident in self._certificates else 1  # the gauge is child 0, a certificate child 1
        for position, (key, text, tip, colour) in enumerate(wanted, start=first):
            found = rows.get(key)
            if found is None:
                row = rows[key] = QTreeWidgetItem()
                row.setData(self.COL_ID, _ROLE_ID, ident)
                row.setData(self.COL_ID, _ROLE_KIND, key[0])
                row.setData(self.COL_ID, _ROLE_REQUEST, key[1])
                item.insertChild(min(position, item.childCount()), row)
                row.setFirstColumnSpanned(True)
            elif item.indexOfChild(found) != position:
                row = found
                selected = row.isSelected()
                item.takeChild(item.indexOfChild(row))
                item.insertChild(min(position, item.childCount()), row)
                row.setFirstColumnSpanned(True)
                row.setSelected(selected)
            else:
                row = found
            if row.text(self.COL_ID) != text:
                row.setText(self.COL_ID, text)
            row.setToolTip(self.COL_ID, tip)
            row.setForeground(self.COL_ID, QBrush(colour) if colour is not None else QBrush())

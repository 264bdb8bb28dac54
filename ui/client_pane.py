"""The client form: target, Connect (connect or connect_ex, with a timeout), the chosen client's state, and tabs of socket calls.

Above the tabs: where to connect (a running server, or family, type, host and port), how
(connect() or connect_ex(), the connect timeout), which client the buttons act on, and that
client's state (connected or not, blocking mode, bytes received) and the last call's result.
The tabs hold the payload and the calls: Send and Options (ui.client_send), Socket and File
(ui.client_calls: recv, the modes, the socket's fd and addresses), Packets (ui.packets_page).
Every call goes through this pane, which runs it on the chosen client and says what it
returned. The pane's parts: this module builds it; ui.client_form (the target and the saved
form), ui.client_state (the state in words) and ui.client_actions (what the buttons do) are
its mixins.
"""

from __future__ import annotations

import itertools
import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.client_actions import ClientActions
from ui.client_calls import FilePage, SocketPage
from ui.client_form import ClientForm
from ui.client_net_options import ClientNetOptions
from ui.client_peer import PeerTargets, parse_peer_key
from ui.client_send import OptionsPage, SendPage
from ui.client_state import ClientState
from ui.client_widgets import CompactButton, FittingTabs, PortBox, on_enter
from ui.packets import SEND_CALLS
from ui.packets_page import PacketsPage
from ui.server_pane import (
    InlineError,
    caption,
    compact_form,
    field_with_error,
    fill_enum_combo,
    pair,
    set_role,
    with_messages,
)
from workbench.events import format_address
from workbench.spec import Family, SockType, unsupported_reason

if TYPE_CHECKING:
    from ui.repeater import Repeater
    from ui.session import ClientHandle as Client
    from ui.session import Session

log = logging.getLogger("workbench.ui")

CONNECT_CALLS = ("connect", "connect_ex")
DEFAULT_TIMEOUT = 10.0
#: The longest connect timeout the form offers (the box's lowest value means no timeout at all).
MAX_TIMEOUT = 999.0


class ClientPane(ClientActions, PeerTargets, ClientForm, ClientState, QWidget):
    """Builds clients (each Connect makes a new one) and drives the chosen one.

    Its texts are set in retranslate(), again on every language change; the form used last
    time is restored from the settings (see restore_form()).

    Signals:
        currentClientChanged(str): the id of the client the buttons now act on.
    """

    currentClientChanged = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clientPane")
        self.session = session
        self._received: dict[str, tuple[int, int]] = {}  # id -> (bytes, calls)
        self._reading: dict[str, bool] = {}  # id -> whether the host reads for it automatically
        self._auto_read = True  # whether the next clients read automatically (the checkbox's choice)
        self._connecting: dict[str, str] = {}  # id -> the address it is connecting to
        self._busy = False
        self._repeater: Repeater | None = None
        self._repeat_client = ""
        self._server_targets: dict[str, tuple[Any, ...]] = {}  # server id -> the form target it fills in
        self._resolved: dict[int, str] = {}  # client source id -> what its last getaddrinfo found
        # the target restored from the settings: the first server started may still take its place
        self._restored_target: tuple[Any, ...] | None = None
        self._stale_target = False  # the form aims at a server that has stopped
        # server peers in the "Acting on" list (ui.client_peer): the window attaches the request index
        self._request_index = None
        self._peer_rows = {}
        self._peer_chosen = False
        self._call_before_peer = -1

        self._build_widgets()
        self._build_layout()
        self.restore_form()

        self.family.currentIndexChanged.connect(self._on_family_changed)
        self.type.currentIndexChanged.connect(self._on_type_changed)
        self.host.textEdited.connect(lambda _t: self._target_edited("host"))
        self.path.textEdited.connect(lambda _t: self._target_edited("path"))
        self.port.valueChanged.connect(lambda _v: self._target_edited("port"))
        self.port.refused.connect(self._port_refused)
        self.timeout.valueChanged.connect(lambda _v: self.errors["timeout"].clear())
        self.connect_call.currentIndexChanged.connect(lambda _i: self._update_type_texts())
        fields: tuple[QWidget, ...] = (self.host, self.port, self.path, self.timeout)
        for field in fields:
            on_enter(field, self.on_connect)
        self.send_page.changed.connect(self._update_buttons)
        self.send_page.sendClicked.connect(self.on_send)
        self.send_page.stopClicked.connect(self.stop_repeat)
        self.options_page.changed.connect(self.send_page.shape_changed)
        self.options_page.callRequested.connect(self.on_call_requested)
        for box in (self.options_page.count, self.options_page.interval, self.options_page.fill_size):
            on_enter(box, self.send_page.send_from_keyboard)
        on_enter(self.options_page.sndbuf, self.options_page.request_sndbuf)
        self.socket_page.callRequested.connect(self.on_call_requested)
        self.socket_page.autoReadToggled.connect(self.set_auto_read)
        on_enter(self.socket_page.bufsize, self.socket_page.request_recv)
        on_enter(self.socket_page.seconds, self.socket_page.request_mode)
        self.file_page.fileRequested.connect(self.on_file_requested)
        self.packets_page.sendPacket.connect(self.send_packet)
        self.packets_page.loadPacket.connect(self.load_packet)
        if session is not None:  # None: the form alone (the settings tests)
            session.feed.recordsAdded.connect(self._on_records)
        self._on_family_changed()
        call = self.call.currentData()
        self._on_type_changed()
        if self._restored_target is not None:  # the restored call, unless the type rules it out
            self.send_page.choose_call(str(call))
        self.retranslate()
        self.send_page.validate_payload()
        if self._restored_target is not None:
            self._restored_target = self._target()

    # -- building -----------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.use_server_combo = QComboBox(self)
        self.use_server_combo.setObjectName("clientUseServer")
        self.use_server_combo.addItem("", None)
        self.use_server_combo.activated.connect(self._on_use_server_activated)
        self.target_hint = QLabel(self)
        self.target_hint.setObjectName("clientTargetHint")
        self.target_hint.setWordWrap(True)
        set_role(self.target_hint, "warning")
        self.target_hint.hide()
        # "More": TLS for a stream client, broadcast and multicast for a UDP one (ui.client_net_options)
        self.more_toggle = QToolButton(self)
        self.more_toggle.setObjectName("clientMoreToggle")
        self.more_toggle.setCheckable(True)
        self.more_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.more_toggle.setAutoRaise(True)
        self.more_toggle.toggled.connect(self._show_net_options)
        self.net_options = ClientNetOptions(self.aimed_certificate, self)
        self.net_options.changed.connect(self._show_net_summary)
        self.net_summary = QLabel(self)
        self.net_summary.setObjectName("clientNetSummary")
        set_role(self.net_summary, "hint")
        self.net_summary.hide()

        self.family = QComboBox(self)
        self.family.setObjectName("clientFamily")
        fill_enum_combo(self.family, [(f.label, f.value, unsupported_reason(family=f)) for f in Family])
        self.type = QComboBox(self)
        self.type.setObjectName("clientType")
        self.type.addItem("SOCK_STREAM (TCP)", SockType.STREAM.value)
        self.type.addItem("SOCK_DGRAM (UDP)", SockType.DGRAM.value)
        self.host = QLineEdit("127.0.0.1", self)
        self.host.setObjectName("clientHost")
        self.port = PortBox(self)
        self.port.setObjectName("clientPort")
        self.port.setMinimumWidth(110)
        self.path = QLineEdit(self)
        self.path.setObjectName("clientPath")

        self.connect_button = QPushButton(self)
        self.connect_button.setObjectName("clientConnect")
        set_role(self.connect_button, "primary")
        self.connect_button.clicked.connect(self.on_connect)
        self.connect_call = QComboBox(self)
        self.connect_call.setObjectName("clientConnectCall")
        for name in CONNECT_CALLS:
            self.connect_call.addItem(f"{name}()", name)
        self.timeout = QDoubleSpinBox(self)
        self.timeout.setObjectName("clientTimeout")
        self.timeout.setRange(0.0, MAX_TIMEOUT)
        self.timeout.setDecimals(1)
        self.timeout.setSingleStep(1.0)
        self.timeout.setValue(DEFAULT_TIMEOUT)
        self.connecting = QLabel(self)
        self.connecting.setObjectName("clientConnecting")
        self.connecting.setWordWrap(True)
        set_role(self.connecting, "hint")
        self.cancel_button = CompactButton(self)
        self.cancel_button.setObjectName("clientCancelConnect")
        self.cancel_button.clicked.connect(self.cancel_connect)

        self.current = QComboBox(self)
        self.current.setObjectName("clientCurrent")
        self.current.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.current.setMinimumContentsLength(8)
        self.current.currentIndexChanged.connect(self._on_current_changed)
        self.shutdown_button = CompactButton(self)
        self.shutdown_button.setObjectName("clientShutdown")
        self.shutdown_button.clicked.connect(self.on_shutdown)
        self.close_button = CompactButton(self)
        self.close_button.setObjectName("clientClose")
        self.close_button.clicked.connect(self.on_close)
        self.status = QLabel(self)
        self.status.setObjectName("clientStatus")
        set_role(self.status, "hint")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # it shows peer addresses
        self.result = QLabel(self)
        self.result.setObjectName("clientResult")
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.hide()

        self.tabs = FittingTabs(self)
        self.tabs.setObjectName("clientTabs")
        self.tabs.setDocumentMode(True)
        self.send_page = SendPage(self.tabs)
        self.options_page = OptionsPage(self.tabs)
        self.send_page.options = self.options_page
        self.socket_page = SocketPage(self.tabs)
        self.file_page = FilePage(self.tabs)
        self.packets_page = PacketsPage(self.send_page.packet, parent=self.tabs)
        for page in (self.send_page, self.options_page, self.socket_page, self.file_page, self.packets_page):
            self.tabs.addTab(page, "")
        # the Send tab's widgets, by the names the rest of the window (and its tests) know them
        sp = self.send_page
        self.mode, self.call, self.payload, self.send_button = sp.mode, sp.call, sp.payload, sp.send_button
        self.send_reason = sp.send_reason

        self.errors: dict[str, InlineError] = {
            "host": InlineError(self.host, "clientHostError"),
            "port": InlineError(self.port, "clientPortError"),
            "path": InlineError(self.path, "clientPathError"),
            "timeout": InlineError(self.timeout, "clientTimeoutError"),
            "connect": InlineError(self.connect_button, "clientConnectError"),
            **sp.errors,
            **self.net_options.errors,
        }
        self.captions = {
            key: caption(self, f"clientCaption{key.title()}")
            for key in ("target", "family", "type", "host", "port", "path")
        }
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(50)
        self._status_timer.timeout.connect(self._update_buttons)

    def _build_layout(self) -> None:
        form = compact_form()
        c = self.captions
        target_box = QWidget(self)
        target_row = QHBoxLayout(target_box)
        target_row.setContentsMargins(0, 0, 0, 0)
        target_row.setSpacing(4)
        self.use_server_combo.setParent(target_box)
        target_row.addWidget(self.use_server_combo, 1)
        self.more_toggle.setParent(target_box)
        target_row.addWidget(self.more_toggle, 0)
        form.addRow(c["target"], with_messages(target_box, [self.target_hint, self.net_summary]))
        form.addRow(c["family"], pair(self, self.family, c["type"], self.type))
        self._address_row = with_messages(
            pair(self, self.host, c["port"], self.port, (3, 2)),
            [self.errors["host"].label, self.errors["port"].label],
        )
        form.addRow(c["host"], self._address_row)
        self._path_box = field_with_error(self.path, self.errors["path"])
        form.addRow(c["path"], self._path_box)
        self._form = form

        connect_row = QHBoxLayout()
        connect_row.setContentsMargins(0, 0, 0, 0)
        connect_row.setSpacing(6)
        connect_row.addWidget(self.connect_button)
        connect_row.addWidget(self.connect_call)
        connect_row.addWidget(self.timeout, 1)

        self._connecting_row = QWidget(self)
        row = QHBoxLayout(self._connecting_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.connecting.setParent(self._connecting_row)
        self.cancel_button.setParent(self._connecting_row)
        row.addWidget(self.connecting, 1)
        row.addWidget(self.cancel_button)
        self._connecting_row.hide()

        current_row = QHBoxLayout()
        current_row.setContentsMargins(0, 0, 0, 0)
        current_row.setSpacing(6)
        current_row.addWidget(self.current, 1)
        current_row.addWidget(self.shutdown_button)
        current_row.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(form)
        layout.addWidget(self.net_options)
        self._show_net_options(self.more_toggle.isChecked())
        layout.addLayout(connect_row)
        for key in ("timeout", "connect"):
            self.errors[key].label.setParent(self)
            layout.addWidget(self.errors[key].label)
        layout.addWidget(self._connecting_row)
        layout.addLayout(current_row)
        layout.addWidget(self.status)
        layout.addWidget(self.result)
        layout.addWidget(self.tabs)

        order = [self.use_server_combo, self.more_toggle, self.family, self.type, self.host, self.port, self.path,
                 *self.net_options.tab_chain(), self.connect_button, self.connect_call, self.timeout, self.cancel_button, self.current,
                 self.shutdown_button, self.close_button, self.tabs]  # fmt: skip
        for a, b in itertools.pairwise(order):
            QWidget.setTabOrder(a, b)

    # -- texts --------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Set every text of the form in the current language."""
        text = {
            "target": self.tr("Target"),
            "family": self.tr("Family"),
            "type": self.tr("Type"),
            "host": self.tr("Host"),
            "port": self.tr("Port"),
            "path": self.tr("Path"),
        }
        for key, label in self.captions.items():
            label.setText(text[key])
        self.use_server_combo.setItemText(0, self.tr("— aim at a running server —"))
        self.use_server_combo.setToolTip(self.tr("Fill in family, type and address from a running server"))
        self.more_toggle.setText(self.tr("More"))
        self.more_toggle.setToolTip(
            self.tr("What the next Connect builds the socket with: TLS for a TCP client; broadcast, "
                    "multicast TTL, loop and interface for a UDP client")
        )  # fmt: skip
        self._show_net_summary()
        self.family.setToolTip(
            self.tr("Address family of the server to reach: IPv4, IPv6 or a Unix socket file")
        )
        self.type.setToolTip(
            self.tr("Stream: connect, then a byte stream. Datagram: each sendto() is one message.")
        )
        self.host.setToolTip(
            self.tr(
                "The server's address, e.g. 127.0.0.1 or ::1, or a name such as localhost (getaddrinfo finds it)"
            )
        )
        self.port.setSpecialValueText(self.tr("choose"))
        self.port.setToolTip(self.tr("The server's port, 1 to 65535 (start a server to fill this in)"))
        self.path.setPlaceholderText(self.tr("the server's socket file"))
        self.path.setToolTip(self.tr("The socket file a Unix domain server listens on"))
        self.connect_call.setToolTip(
            self.tr(
                "connect() raises an error when the connection fails; "
                "connect_ex() returns the error number instead (0: connected)"
            )
        )
        self.timeout.setPrefix(self.tr("timeout "))
        self.timeout.setSuffix(self.tr(" s"))
        self.timeout.setSpecialValueText(self.tr("no timeout"))
        self.timeout.setToolTip(
            self.tr(
                "How long connect (and a send) may wait before it gives up with a timeout. "
                "The lowest value: no limit of ours, only the OS's own."
            )
        )
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop waiting: close() the connecting socket"))
        self.shutdown_button.setText(self.tr("Shutdown (SHUT_WR)"))
        self.close_button.setText(self.tr("Close"))  # their tooltips: _update_buttons (a peer changes them)
        self.current.setToolTip(
            self.tr("Acting on: the client every button below acts on, or a running server's connected "
                    "request (Send and saved packets then go to that peer)")
        )  # fmt: skip
        self.current.setPlaceholderText(self.tr("no client yet"))  # shown while the list is empty
        for index, name in enumerate((self.tr("Send"), self.tr("Options"), self.tr("Socket"), self.tr("File"),
                                      self.tr("Packets"))):  # fmt: skip
            self.tabs.setTabText(index, name)
        self.retranslate_tab_tips()
        if self._peer_rows:
            self.refresh_peers()  # "(ended)" in this language
        self._update_type_texts()
        self._update_buttons()

    def retranslate_tab_tips(self) -> None:
        for index, tip in enumerate(
            (
                self.tr("The payload, its line ending and checksum, and Send"),
                self.tr("Repeat a send, make the payload bigger, set SO_SNDBUF, the checksum's byte order"),
                self.tr(
                    "recv(bufsize), automatic reading, blocking modes, getsockname(), getpeername(), fileno()"
                ),
                self.tr("Send a file with sendfile() or with sendall()"),
                self.tr("Saved packets and the last sends"),
            )
        ):
            self.tabs.setTabToolTip(index, tip)

    def _update_type_texts(self) -> None:
        stream = self.current_type() is SockType.STREAM
        ex = self.connect_call.currentData() == "connect_ex"
        if stream or ex:
            self.connect_button.setText(self.tr("Connect"))
            self.connect_button.setToolTip(
                self.tr("socket() then connect_ex(): a new client each click; shows the number it returns")
                if ex
                else self.tr("socket() then connect(): a new client each click")
            )
        else:
            self.connect_button.setText(self.tr("Open socket"))
            self.connect_button.setToolTip(
                self.tr("socket(): a new datagram client each click; it needs no connect() to sendto()")
            )
        model = self.call.model()
        assert isinstance(model, QStandardItemModel)
        model.item(SEND_CALLS.index("sendto")).setToolTip(
            self.tr("A connected stream socket sends with send()/sendall(); sendto() is for datagrams")
            if stream
            else ""
        )

    def _show_net_options(self, shown: bool) -> None:
        self.net_options.setVisible(shown)
        self.more_toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self._show_net_summary()

    def _show_net_summary(self) -> None:
        """While "More" is closed, one line says what of it is on (TLS, a TTL...)."""
        summary = "" if self.more_toggle.isChecked() else self.net_options.summary()
        self.net_summary.setText(self.tr("More: {summary}").format(summary=summary) if summary else "")
        self.net_summary.setVisible(bool(summary))

    # -- form state ---------------------------------------------------------------------------
    def current_client(self) -> Client | None:
        ident = self.current.currentData()
        return self.session.clients.get(ident) if ident else None

    @property
    def payload_problems(self) -> list[Any]:
        return self.send_page.payload_problems

    def validate_payload(self) -> None:
        self.send_page.validate_payload()

    def payload_mode(self) -> str:
        return self.send_page.payload_mode()

    # -- clients ------------------------------------------------------------------------------
    @Slot(str)
    def on_client_added(self, ident: str) -> None:
        client = self.session.clients[ident]
        # clients first, then the server peers (ui.client_peer)
        self.current.insertItem(self.first_peer_row(), f"{ident} → {format_address(client.spec.address)}", ident)
        self.select_client(ident)

    @Slot(str)
    def on_client_removed(self, ident: str) -> None:
        index = self.current.findData(ident)
        if index >= 0:
            was_current = index == self.current.currentIndex()
            self.current.removeItem(index)
            if was_current and self.current_peer() is not None:
                # Qt chose the next item, a server peer: never aim Send at a peer the user did not pick
                self.current.setCurrentIndex(0 if self.first_peer_row() > 0 else -1)
        self._received.pop(ident, None)
        self._reading.pop(ident, None)
        if self._repeater is not None and ident == self._repeat_client:
            self._repeater.stop()
        if self._connecting.pop(ident, None) is not None:
            self._show_connecting()
        self._update_buttons()

    @Slot(str)
    def on_client_changed(self, ident: str) -> None:
        client = self.session.clients.get(ident)
        if client is not None and client.peer_closed:
            self._reading[ident] = False  # the host's reader ended with the connection
        if ident == self.current.currentData():
            self._update_buttons()

    @Slot(str)
    def select_client(self, ident: str) -> None:
        index = self.current.findData(ident)
        if index >= 0 and index != self.current.currentIndex():
            self.current.setCurrentIndex(index)
        else:
            self._update_buttons()

    def _on_current_changed(self, _index: int) -> None:
        ident = self.current.currentData()
        self.errors["send"].clear()
        peer = parse_peer_key(ident) is not None
        if peer and not self._peer_chosen:
            self._call_before_peer = self.call.currentIndex()  # a client chosen again gets it back
        elif not peer and self._peer_chosen:
            self._peer_chosen = False
            self.leave_peer_target()
            if self._call_before_peer >= 0:
                self.call.setCurrentIndex(self._call_before_peer)
        self._peer_chosen = peer
        self._update_buttons()
        if ident and not peer:
            self.currentClientChanged.emit(str(ident))

    @Slot(str, int)
    def on_received(self, ident: str, nbytes: int) -> None:
        total, calls = self._received.get(ident, (0, 0))
        self._received[ident] = (total + nbytes, calls + 1)
        if ident == self.current.currentData() and not self._status_timer.isActive():
            # coalesce: a flood of small recvs must not relayout the form once per call
            self._status_timer.start()

    @Slot(str, str)
    def on_reader_error(self, ident: str, message: str) -> None:
        self._reading[ident] = False
        if ident == self.current.currentData():
            self.errors["connect"].show(message)
            self._update_buttons()

    # -- buttons and state --------------------------------------------------------------------
    def _update_buttons(self, _index: int = 0) -> None:
        client = self.current_client()
        blocker = self.send_blocker()
        running = self._repeater is not None
        self.send_button.setEnabled(blocker is None and not self._busy and not running)
        self.send_button.setToolTip(blocker or self.tr("Send the payload with the chosen call (Ctrl+Enter)"))
        self.send_page.set_blocker(blocker)
        chosen_peer = self.current_peer()
        if chosen_peer is not None:
            self.socket_page.update_for(None, self._auto_read)
            self.file_page.update_for(None)
            self.show_peer_target(chosen_peer)
            return
        self.shutdown_button.setToolTip(self.tr("shutdown(SHUT_WR): tell the server you will send nothing more"))
        self.close_button.setToolTip(self.tr("close(): release the socket"))
        self.shutdown_button.setVisible(True)
        self.close_button.setVisible(True)
        live = client is not None and not client.closed
        self.close_button.setEnabled(live)
        self.shutdown_button.setEnabled(
            live and client is not None and client.connected and client.spec.type is SockType.STREAM
        )
        self.socket_page.update_for(client, self.reading(client))
        self.file_page.update_for(client)
        self.options_page.set_client_live(live)
        self.status.setVisible(client is not None)
        if client is None:
            self.status.setText("")
            self.socket_page.names.setText("")
            return
        total, calls = self._received.get(client.id, (0, 0))
        first = self.tr("{id} {state} · {mode} · received {total} bytes").format(
            id=client.id, state=self.client_state(client), mode=self.mode_text(client), total=total
        )
        local = format_address(client.local_address) if client.local_address else self.tr("no address yet")
        peer = format_address(client.peer) if client.peer else format_address(client.spec.address)
        lines = [first]
        self.socket_page.names.setText(
            self.tr("fd {fd} · {local} → {peer}").format(fd=client.fd, local=local, peer=peer)
        )
        resolved = self._resolved.get(client.source)
        if resolved:
            lines.append(resolved)
        self.status.setToolTip(
            self.tr(
                "{id}: its own address (getsockname()) {local}, the peer's (getpeername()) {peer}; "
                "{total} bytes received in {calls} recv() calls"
            ).format(id=client.id, local=local, peer=peer, total=total, calls=calls)
        )
        self.status.setText("\n".join(lines))

    def show_result(self, message: str, error: bool = False) -> None:
        """The last call's outcome, under the client's state (one event in the table each)."""
        set_role(self.result, "error" if error else "hint")
        self.result.setText(message)
        self.result.show()

"""The client form: target, Connect/Shutdown/Close, and a payload editor that marks bad hex in place."""

from __future__ import annotations

import logging

import socket
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QFontDatabase,
    QKeySequence,
    QShortcut,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.server_pane import (
    InlineError,
    compact_form,
    field_with_error,
    fill_enum_combo,
    pair,
    run_action,
    set_role,
    show_address_or_path,
    with_messages,
)
from workbench.errors import SpecError, WorkbenchError
from workbench.events import format_address
from workbench.spec import ClientSpec, Family, SockType, unsupported_reason

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTextEdit

    from ui.session import ClientHandle as Client
    from ui.session import Session

log = logging.getLogger("workbench.ui")

PAYLOAD_MODES = ("text", "hex", "escape")
SEND_CALLS = ("send", "sendall", "sendto")


def _plain(exc: BaseException) -> str:
    """The message to show for a failed socket call, in the window's language."""
    if isinstance(exc, WorkbenchError):
        return exc.text()
    return getattr(exc, "strerror", None) or str(exc)


#: Where each spec field's error is shown (the error's ``field``; anything else: under Connect).
_FIELD_ERRORS = {"host": "host", "port": "port", "path": "path", "family": "connect", "type": "connect"}


class ClientPane(QWidget):
    """Builds clients (each Connect makes a new one) and drives the selected one.

    Signals:
        currentClientChanged(str): the id of the client the buttons now act on.
    """

    currentClientChanged = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clientPane")
        self.session = session
        self._received: dict[str, tuple[int, int]] = {}  # id -> (bytes, calls)
        self._busy = False

        self.use_server_combo = QComboBox(self)
        self.use_server_combo.setObjectName("clientUseServer")
        self.use_server_combo.addItem(self.tr("— aim at a running server —"), None)
        self.use_server_combo.setToolTip(self.tr("Fill in family, type and address from a running server"))
        self.use_server_combo.activated.connect(self._on_use_server_activated)

        self.family = QComboBox(self)
        self.family.setObjectName("clientFamily")
        fill_enum_combo(self.family, [(f.label, f.value, unsupported_reason(family=f)) for f in Family])
        self.type = QComboBox(self)
        self.type.setObjectName("clientType")
        self.type.addItem(self.tr("SOCK_STREAM (TCP)"), SockType.STREAM.value)
        self.type.addItem(self.tr("SOCK_DGRAM (UDP)"), SockType.DGRAM.value)

        self.host = QLineEdit("127.0.0.1", self)
        self.host.setObjectName("clientHost")
        self.port = QSpinBox(self)
        self.port.setObjectName("clientPort")
        self.port.setRange(0, 65535)
        self.port.setSpecialValueText(self.tr("choose"))
        self.port.setToolTip(self.tr("The server's port (start a server to fill this in)"))
        self.port.setMinimumWidth(110)
        self.path = QLineEdit(self)
        self.path.setObjectName("clientPath")
        self.path.setPlaceholderText(self.tr("the server's socket file"))

        self.connect_button = QPushButton(self.tr("Connect"), self)
        self.connect_button.setObjectName("clientConnect")
        set_role(self.connect_button, "primary")
        self.connect_button.clicked.connect(self.on_connect)
        self.shutdown_button = QPushButton(self.tr("Shutdown (SHUT_WR)"), self)
        self.shutdown_button.setObjectName("clientShutdown")
        self.shutdown_button.setToolTip(
            self.tr("shutdown(SHUT_WR): tell the server you will send nothing more")
        )
        self.shutdown_button.clicked.connect(self.on_shutdown)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setObjectName("clientClose")
        self.close_button.setToolTip(self.tr("close(): release the socket"))
        self.close_button.clicked.connect(self.on_close)

        self.current = QComboBox(self)
        self.current.setObjectName("clientCurrent")
        self.current.setToolTip(self.tr("The client the Send, Shutdown and Close buttons act on"))
        self.current.currentIndexChanged.connect(self._on_current_changed)
        self.status = QLabel(self)
        self.status.setObjectName("clientStatus")
        set_role(self.status, "hint")
        self.status.setWordWrap(True)

        self.mode = QComboBox(self)
        self.mode.setObjectName("clientPayloadMode")
        for text, data, tip in (
            (self.tr("text (UTF-8)"), "text", self.tr("The text as UTF-8 bytes, exactly as typed")),
            (self.tr("hex"), "hex", self.tr("Hex digits, e.g. de ad be ef or 0xde,0xad")),
            (
                self.tr("escaped (\\xNN)"),
                "escape",
                self.tr("Text with \\xNN, \\n, \\r, \\t, \\0 and \\\\ escapes, e.g. hello\\x00\\xff"),
            ),
        ):
            self.mode.addItem(text, data)
            self.mode.setItemData(self.mode.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        self.mode.setToolTip(self.tr("How the payload below is turned into bytes"))
        self.call = QComboBox(self)
        self.call.setObjectName("clientCall")
        for name in SEND_CALLS:
            self.call.addItem(f"{name}()", name)
        self.call.setToolTip(self.tr("The socket call that sends the payload"))

        self.payload = QPlainTextEdit(self)
        self.payload.setObjectName("clientPayload")
        self.payload.setPlaceholderText(self.tr("hello\\n"))
        self.payload.setPlainText("hello\n")
        self.payload.setTabChangesFocus(True)
        self.payload.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.payload.setFixedHeight(46)

        self.send_button = QPushButton(self.tr("Send"), self)
        self.send_button.setObjectName("clientSend")
        set_role(self.send_button, "primary")
        self.send_button.clicked.connect(self.on_send)
        send_shortcut = QShortcut(QKeySequence("Ctrl+Return"), self.payload)
        send_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        send_shortcut.activated.connect(self._send_from_keyboard)
        self.send_reason = QLabel(self)
        self.send_reason.setObjectName("clientSendReason")
        set_role(self.send_reason, "hint")
        self.send_reason.setWordWrap(True)

        self.errors: dict[str, InlineError] = {
            "host": InlineError(self.host, "clientHostError"),
            "port": InlineError(self.port, "clientPortError"),
            "path": InlineError(self.path, "clientPathError"),
            "connect": InlineError(self.connect_button, "clientConnectError"),
            "send": InlineError(self.send_button, "clientSendError"),
            "payload": InlineError(self.payload, "clientPayloadError"),
        }
        self.payload_problems: list[Any] = []
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(50)
        self._status_timer.timeout.connect(self._update_buttons)
        self._build_layout()

        self.family.currentIndexChanged.connect(self._on_family_changed)
        self.type.currentIndexChanged.connect(self._on_type_changed)
        self.payload.textChanged.connect(self.validate_payload)
        self.mode.currentIndexChanged.connect(self.validate_payload)
        self.call.currentIndexChanged.connect(self._update_buttons)
        self.host.textEdited.connect(lambda _t: self.errors["host"].clear())
        self.path.textEdited.connect(lambda _t: self.errors["path"].clear())
        self.port.valueChanged.connect(lambda _v: self.errors["port"].clear())
        self._on_family_changed()
        self._on_type_changed()
        self.validate_payload()

    # -- layout -------------------------------------------------------------------------------
    def _build_layout(self) -> None:
        form = compact_form()
        form.addRow(self.tr("Target"), self.use_server_combo)
        form.addRow(self.tr("Family"), pair(self, self.family, self.tr("Type"), self.type))
        self._address_row = with_messages(
            pair(self, self.host, self.tr("Port"), self.port, (3, 2)),
            [self.errors["host"].label, self.errors["port"].label],
        )
        form.addRow(self.tr("Host"), self._address_row)
        self._path_box = field_with_error(self.path, self.errors["path"])
        form.addRow(self.tr("Path"), self._path_box)
        self._form = form

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(6)
        buttons.addWidget(self.connect_button)
        buttons.addWidget(self.shutdown_button)
        buttons.addWidget(self.close_button)
        buttons.addStretch(1)

        current_row = QHBoxLayout()
        current_row.setContentsMargins(0, 0, 0, 0)
        current_row.addWidget(QLabel(self.tr("Acting on"), self))
        current_row.addWidget(self.current, 1)

        payload_head = QHBoxLayout()
        payload_head.setContentsMargins(0, 0, 0, 0)
        payload_head.addWidget(QLabel(self.tr("Payload"), self))
        payload_head.addWidget(self.mode, 1)
        payload_head.addWidget(self.call)
        payload_head.addWidget(self.send_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(form)
        layout.addLayout(buttons)
        for key in ("connect",):
            self.errors[key].label.setParent(self)
            layout.addWidget(self.errors[key].label)
        layout.addLayout(current_row)
        layout.addWidget(self.status)
        layout.addLayout(payload_head)
        layout.addWidget(self.payload)
        for key in ("payload", "send"):
            self.errors[key].label.setParent(self)
            layout.addWidget(self.errors[key].label)
        layout.addWidget(self.send_reason)

    # -- form state ---------------------------------------------------------------------------
    def current_family(self) -> Family:
        return Family(self.family.currentData())

    def current_type(self) -> SockType:
        return SockType(self.type.currentData())

    def current_client(self) -> Client | None:
        ident = self.current.currentData()
        return self.session.clients.get(ident) if ident else None

    def _on_family_changed(self, _index: int = 0) -> None:
        unix = self.current_family() is Family.UNIX
        show_address_or_path(
            self._form, self._address_row, self._path_box, self.host, self.port, self.path, unix
        )
        host = self.host.text().strip()
        if self.current_family() is Family.INET6 and host == "127.0.0.1":
            self.host.setText("::1")
        elif self.current_family() is Family.INET and host == "::1":
            self.host.setText("127.0.0.1")
        for key in ("host", "port", "path", "connect"):
            self.errors[key].clear()

    def _on_type_changed(self, _index: int = 0) -> None:
        stream = self.current_type() is SockType.STREAM
        self.connect_button.setText(self.tr("Connect") if stream else self.tr("Open socket"))
        self.connect_button.setToolTip(
            self.tr("socket() then connect(): a new client each click")
            if stream
            else self.tr("socket(): a new datagram client each click; it needs no connect() to sendto()")
        )
        model = self.call.model()
        assert isinstance(model, QStandardItemModel)
        sendto = model.item(SEND_CALLS.index("sendto"))
        sendto.setEnabled(not stream)
        sendto.setToolTip(
            self.tr("A connected stream socket sends with send()/sendall(); sendto() is for datagrams")
            if stream
            else ""
        )
        self.call.setCurrentIndex(SEND_CALLS.index("sendall" if stream else "sendto"))
        self._update_buttons()

    def spec(self) -> ClientSpec:
        family = self.current_family()
        return ClientSpec(
            family=family,
            type=self.current_type(),
            host=self.host.text().strip(),
            port=self.port.value(),
            path=self.path.text().strip() or None,
        )

    # -- servers ------------------------------------------------------------------------------
    @Slot(str)
    def on_server_started(self, ident: str) -> None:
        runner = self.session.servers.get(ident)
        if runner is None:
            return
        self.use_server_combo.addItem(f"{ident}  {format_address(runner.address)}", ident)
        no_target = (
            self.port.value() == 0
            if self.current_family() is not Family.UNIX
            else not self.path.text().strip()
        )
        if no_target:
            self.use_server(ident)

    @Slot(str)
    def on_server_stopped(self, ident: str) -> None:
        index = self.use_server_combo.findData(ident)
        if index > 0:
            self.use_server_combo.removeItem(index)

    def _on_use_server_activated(self, index: int) -> None:
        ident = self.use_server_combo.itemData(index)
        if ident:
            self.use_server(str(ident))

    @Slot(str)
    def use_server(self, ident: str) -> None:
        """Aim the form at a running server: family, type and its bound address."""
        runner = self.session.servers.get(ident)
        if runner is None:
            return
        spec = runner.spec
        self.family.setCurrentIndex(self.family.findData(spec.family.value))
        self.type.setCurrentIndex(self.type.findData(spec.type.value))
        address = runner.address
        if spec.family is Family.UNIX:
            self.path.setText(str(address))
        elif isinstance(address, tuple):
            host = str(address[0])
            if host in ("0.0.0.0", ""):
                host = "127.0.0.1"
            elif host == "::":
                host = "::1"
            self.host.setText(host)
            self.port.setValue(int(address[1]))
        index = self.use_server_combo.findData(ident)
        if index >= 0:
            self.use_server_combo.setCurrentIndex(index)
        for err in self.errors.values():
            if err is not self.errors["payload"]:
                err.clear()

    # -- clients ------------------------------------------------------------------------------
    @Slot(str)
    def on_client_added(self, ident: str) -> None:
        client = self.session.clients[ident]
        self.current.addItem(f"{ident} → {format_address(client.spec.address)}", ident)
        self.select_client(ident)

    @Slot(str)
    def on_client_removed(self, ident: str) -> None:
        index = self.current.findData(ident)
        if index >= 0:
            self.current.removeItem(index)
        self._received.pop(ident, None)
        self._update_buttons()

    @Slot(str)
    def on_client_changed(self, ident: str) -> None:
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
        self._update_buttons()
        if ident:
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
        if ident == self.current.currentData():
            self.errors["connect"].show(message)

    # -- payload ------------------------------------------------------------------------------
    def payload_mode(self) -> str:
        return str(self.mode.currentData())

    @Slot()
    def validate_payload(self) -> None:
        """Mark bad hex/escapes in place and keep Send disabled while there are any."""
        from workbench.hexfmt import payload_errors

        text = self.payload.toPlainText()
        self.payload_problems = list(payload_errors(text, self.payload_mode()))
        self.payload.setExtraSelections(self._problem_marks(text) if self.payload_problems else [])
        if self.payload_problems:
            first = self.payload_problems[0]
            more = len(self.payload_problems) - 1
            message = str(first)
            if more:
                message += " " + self.tr("(and {n} more)").format(n=more)
            self.errors["payload"].show(message)
        else:
            self.errors["payload"].clear()
        self.errors["send"].clear()
        self._update_buttons()

    def _problem_marks(self, text: str) -> list[QTextEdit.ExtraSelection]:
        """A wavy red mark under each of ``payload_problems``.

        The text-format classes are imported here, when there is something to mark: the
        first use of each builds all its enums, and the default payload has no problems.
        """
        from PySide6.QtGui import QTextCharFormat, QTextCursor
        from PySide6.QtWidgets import QTextEdit

        from workbench.hexfmt import utf16_span

        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#fde2e1"))
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        fmt.setUnderlineColor(QColor("#c62828"))
        fmt.setForeground(QColor("#9b1c1c"))
        document = self.payload.document()
        length = document.characterCount() - 1  # Qt counts UTF-16 units
        selections = []
        for problem in self.payload_problems:
            sel = QTextEdit.ExtraSelection()
            cursor = QTextCursor(document)
            start, end = utf16_span(text, int(problem.start), int(problem.end))
            start = max(0, min(start, length))
            end = max(start, min(max(end, start + 1), length))
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cursor
            sel.format = fmt
            selections.append(sel)
        return selections

    def send_blocker(self) -> str | None:
        """Why Send is disabled right now, or None."""
        client = self.current_client()
        if client is None:
            return self.tr("Connect a client first: Send acts on the client chosen above.")
        if client.closed:
            return self.tr("This client is closed; connect a new one.")
        stream = client.spec.type is SockType.STREAM
        if stream and not client.connected:
            return self.tr("This client is not connected.")
        if self.payload_problems:
            return self.tr("Fix the marked payload first: nothing is sent while it has errors.")
        if stream and not self.payload.toPlainText():
            return self.tr("Type something to send.")
        if stream and self.call.currentData() == "sendto":
            return self.tr("sendto() is for datagram sockets; choose send() or sendall().")
        return None

    def _update_buttons(self, _index: int = 0) -> None:
        client = self.current_client()
        blocker = self.send_blocker()
        self.send_button.setEnabled(blocker is None and not self._busy)
        self.send_button.setToolTip(blocker or self.tr("Send the payload with the chosen call (Ctrl+Enter)"))
        self.send_reason.setText(blocker or "")
        self.send_reason.setVisible(bool(blocker) and not self.payload_problems)
        live = client is not None and not client.closed
        self.close_button.setEnabled(live)
        self.shutdown_button.setEnabled(
            live and client is not None and client.connected and client.spec.type is SockType.STREAM
        )
        self.status.setVisible(client is not None)
        if client is None:
            self.status.setText("")
            return
        total, calls = self._received.get(client.id, (0, 0))
        state = (
            self.tr("closed")
            if client.closed
            else self.tr("connected")
            if client.connected
            else self.tr("open")
        )
        self.status.setText(
            self.tr("{id} {state} · received {total} bytes in {calls} calls").format(
                id=client.id, state=state, total=total, calls=calls
            )
        )

    # -- actions ------------------------------------------------------------------------------
    # Each slot reads what it acts on (the selected client, the payload, the form) when the
    # button is clicked, then runs the socket call as a coroutine on the qasync loop. Reading
    # them inside the coroutine would act on whatever is selected when the loop gets to it.

    @Slot()
    def on_connect(self) -> None:
        for key in ("host", "port", "path", "connect"):
            self.errors[key].clear()
        try:
            spec = self.spec()
        except SpecError as exc:
            self._show_spec_error(exc)
            return
        self.connect_button.setEnabled(False)
        run_action(self._connect(spec))

    async def _connect(self, spec: ClientSpec) -> None:
        try:
            try:
                client = await self.session.add_client(spec)
            except WorkbenchError as exc:
                self._show_spec_error(exc)
                return
            if spec.type is SockType.STREAM:
                try:
                    await self.session.connect_client(client)
                except WorkbenchError as exc:
                    # The client stays in the list, marked failed, until it is closed or connects.
                    log.warning("%s: %s", client.id, exc.text())
                    self._show_spec_error(exc)
                    return
        finally:
            self.connect_button.setEnabled(True)
        self._update_buttons()

    def _show_spec_error(self, exc: WorkbenchError) -> None:
        key = _FIELD_ERRORS.get(exc.field or "", "connect")
        self.errors[key].show(exc.text())

    def _send_from_keyboard(self) -> None:
        if self.send_button.isEnabled():
            self.send_button.click()

    @Slot()
    def on_send(self) -> None:
        client = self.current_client()
        if client is None or self.send_blocker() is not None:
            return
        from workbench.hexfmt import encode_payload

        self.errors["send"].clear()
        try:
            data = encode_payload(self.payload.toPlainText(), self.payload_mode())
        except WorkbenchError as exc:
            self.errors["payload"].show(exc.text())
            return
        self._busy = True
        self._update_buttons()
        run_action(self._send(client, str(self.call.currentData()), data))

    async def _send(self, client: Client, call: str, data: bytes) -> None:
        try:
            if call == "send":
                await client.send(data)
            elif call == "sendall":
                await client.sendall(data)
            else:
                await client.sendto(data)
            if client.spec.type is SockType.DGRAM:
                # a datagram client has a local address only after its first send
                self.session.start_reader(client)
        except (WorkbenchError, OSError) as exc:
            self.errors["send"].show(_plain(exc))
        finally:
            self._busy = False
            self._update_buttons()

    @Slot()
    def on_shutdown(self) -> None:
        client = self.current_client()
        if client is not None:
            run_action(self._shutdown(client))

    async def _shutdown(self, client: Client) -> None:
        try:
            await client.shutdown(socket.SHUT_WR)
        except (WorkbenchError, OSError) as exc:
            self.errors["connect"].show(_plain(exc))
        self._update_buttons()

    @Slot()
    def on_close(self) -> None:
        ident = self.current.currentData()
        if ident:
            run_action(self.session.close_client(str(ident)))

"""The client form: target, Connect/Shutdown/Close, and a payload editor that marks bad hex in place."""

from __future__ import annotations

import logging
import socket
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal, Slot
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
    caption,
    compact_form,
    enabled_data,
    field_with_error,
    fill_enum_combo,
    pair,
    run_action,
    set_role,
    show_address_or_path,
    with_messages,
)
from ui.settings import load_form, save_form, stored_choice, stored_int, stored_text
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
#: Characters of the payload kept in the settings for next time.
MAX_SAVED_PAYLOAD = 4096


def _plain(exc: BaseException) -> str:
    """The message to show for a failed socket call, in the window's language."""
    if isinstance(exc, WorkbenchError):
        return exc.text()
    return getattr(exc, "strerror", None) or str(exc)


#: Where each spec field's error is shown (the error's ``field``; anything else: under Connect).
_FIELD_ERRORS = {"host": "host", "port": "port", "path": "path", "family": "connect", "type": "connect"}


class ClientPane(QWidget):
    """Builds clients (each Connect makes a new one) and drives the selected one.

    Its texts are set in retranslate(), again on every language change; the target and
    payload used last time are restored from the settings (see restore_form()).

    Signals:
        currentClientChanged(str): the id of the client the buttons now act on.
    """

    currentClientChanged = Signal(str)

    #: The saved form's name in the settings.
    FORM = "client"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clientPane")
        self.session = session
        self._received: dict[str, tuple[int, int]] = {}  # id -> (bytes, calls)
        self._busy = False
        # the target restored from the settings: the first server started may still take its place
        self._restored_target: tuple[Any, ...] | None = None

        self.use_server_combo = QComboBox(self)
        self.use_server_combo.setObjectName("clientUseServer")
        self.use_server_combo.addItem("", None)
        self.use_server_combo.activated.connect(self._on_use_server_activated)

        self.family = QComboBox(self)
        self.family.setObjectName("clientFamily")
        fill_enum_combo(self.family, [(f.label, f.value, unsupported_reason(family=f)) for f in Family])
        self.type = QComboBox(self)
        self.type.setObjectName("clientType")
        self.type.addItem("SOCK_STREAM (TCP)", SockType.STREAM.value)
        self.type.addItem("SOCK_DGRAM (UDP)", SockType.DGRAM.value)

        self.host = QLineEdit("127.0.0.1", self)
        self.host.setObjectName("clientHost")
        self.port = QSpinBox(self)
        self.port.setObjectName("clientPort")
        self.port.setRange(0, 65535)
        self.port.setMinimumWidth(110)
        self.path = QLineEdit(self)
        self.path.setObjectName("clientPath")

        self.connect_button = QPushButton(self)
        self.connect_button.setObjectName("clientConnect")
        set_role(self.connect_button, "primary")
        self.connect_button.clicked.connect(self.on_connect)
        self.shutdown_button = QPushButton(self)
        self.shutdown_button.setObjectName("clientShutdown")
        self.shutdown_button.clicked.connect(self.on_shutdown)
        self.close_button = QPushButton(self)
        self.close_button.setObjectName("clientClose")
        self.close_button.clicked.connect(self.on_close)

        self.current = QComboBox(self)
        self.current.setObjectName("clientCurrent")
        self.current.currentIndexChanged.connect(self._on_current_changed)
        self.status = QLabel(self)
        self.status.setObjectName("clientStatus")
        set_role(self.status, "hint")
        self.status.setWordWrap(True)

        self.mode = QComboBox(self)
        self.mode.setObjectName("clientPayloadMode")
        for data in PAYLOAD_MODES:
            self.mode.addItem("", data)
        self.call = QComboBox(self)
        self.call.setObjectName("clientCall")
        for name in SEND_CALLS:
            self.call.addItem(f"{name}()", name)

        self.payload = QPlainTextEdit(self)
        self.payload.setObjectName("clientPayload")
        self.payload.setPlaceholderText("hello\\n")
        self.payload.setPlainText("hello\n")
        self.payload.setTabChangesFocus(True)
        self.payload.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.payload.setFixedHeight(46)

        self.send_button = QPushButton(self)
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
        self.captions = {
            key: caption(self, f"clientCaption{key.title()}")
            for key in ("target", "family", "type", "host", "port", "path")
        }
        self.acting_on = QLabel(self)
        self.payload_caption = QLabel(self)
        self.payload_problems: list[Any] = []
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(50)
        self._status_timer.timeout.connect(self._update_buttons)
        self._build_layout()
        self.restore_form()

        self.family.currentIndexChanged.connect(self._on_family_changed)
        self.type.currentIndexChanged.connect(self._on_type_changed)
        self.payload.textChanged.connect(self.validate_payload)
        self.mode.currentIndexChanged.connect(self.validate_payload)
        self.call.currentIndexChanged.connect(self._update_buttons)
        self.host.textEdited.connect(lambda _t: self.errors["host"].clear())
        self.path.textEdited.connect(lambda _t: self.errors["path"].clear())
        self.port.valueChanged.connect(lambda _v: self.errors["port"].clear())
        self._on_family_changed()
        call = self.call.currentData()
        self._on_type_changed()
        if self._restored_target is not None:  # the restored call, unless the type rules it out
            self._choose_call(str(call))
        self.retranslate()
        self.validate_payload()
        if self._restored_target is not None:
            self._restored_target = self._target()

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
        self.acting_on.setText(self.tr("Acting on"))
        self.payload_caption.setText(self.tr("Payload"))
        self.use_server_combo.setItemText(0, self.tr("— aim at a running server —"))
        self.use_server_combo.setToolTip(self.tr("Fill in family, type and address from a running server"))
        self.family.setToolTip(
            self.tr("Address family of the server to reach: IPv4, IPv6 or a Unix socket file")
        )
        self.type.setToolTip(
            self.tr("Stream: connect, then a byte stream. Datagram: each sendto() is one message.")
        )
        self.host.setToolTip(self.tr("The server's address, e.g. 127.0.0.1 or ::1"))
        self.port.setSpecialValueText(self.tr("choose"))
        self.port.setToolTip(self.tr("The server's port (start a server to fill this in)"))
        self.path.setPlaceholderText(self.tr("the server's socket file"))
        self.path.setToolTip(self.tr("The socket file a Unix domain server listens on"))
        self.shutdown_button.setText(self.tr("Shutdown (SHUT_WR)"))
        self.shutdown_button.setToolTip(
            self.tr("shutdown(SHUT_WR): tell the server you will send nothing more")
        )
        self.close_button.setText(self.tr("Close"))
        self.close_button.setToolTip(self.tr("close(): release the socket"))
        self.current.setToolTip(self.tr("The client the Send, Shutdown and Close buttons act on"))
        for index, (name, tip) in enumerate(
            (
                (self.tr("text (UTF-8)"), self.tr("The text as UTF-8 bytes, exactly as typed")),
                (self.tr("hex"), self.tr("Hex digits, e.g. de ad be ef or 0xde,0xad")),
                (
                    self.tr("escaped (\\xNN)"),
                    self.tr("Text with \\xNN, \\n, \\r, \\t, \\0 and \\\\ escapes, e.g. hello\\x00\\xff"),
                ),
            )
        ):
            self.mode.setItemText(index, name)
            self.mode.setItemData(index, tip, Qt.ItemDataRole.ToolTipRole)
        self.mode.setToolTip(self.tr("How the payload below is turned into bytes"))
        self.call.setToolTip(self.tr("The socket call that sends the payload"))
        self.payload.setToolTip(
            self.tr("The bytes to send, written in the form chosen above (Ctrl+Enter sends)")
        )
        self.send_button.setText(self.tr("Send"))
        self._update_type_texts()
        self._show_payload_problems()
        self._update_buttons()

    def _update_type_texts(self) -> None:
        stream = self.current_type() is SockType.STREAM
        self.connect_button.setText(self.tr("Connect") if stream else self.tr("Open socket"))
        self.connect_button.setToolTip(
            self.tr("socket() then connect(): a new client each click")
            if stream
            else self.tr("socket(): a new datagram client each click; it needs no connect() to sendto()")
        )
        model = self.call.model()
        assert isinstance(model, QStandardItemModel)
        model.item(SEND_CALLS.index("sendto")).setToolTip(
            self.tr("A connected stream socket sends with send()/sendall(); sendto() is for datagrams")
            if stream
            else ""
        )

    # -- remembered form ----------------------------------------------------------------------
    def _target(self) -> tuple[Any, ...]:
        return (
            self.family.currentData(),
            self.type.currentData(),
            self.host.text(),
            self.port.value(),
            self.path.text(),
        )

    def form_values(self) -> dict[str, Any]:
        """The fields as saved in the settings."""
        return {
            "family": self.family.currentData(),
            "type": self.type.currentData(),
            "host": self.host.text(),
            "port": self.port.value(),
            "path": self.path.text(),
            "mode": self.mode.currentData(),
            "call": self.call.currentData(),
            "payload": self.payload.toPlainText()[:MAX_SAVED_PAYLOAD],
        }

    def save_form(self) -> None:
        save_form(self.FORM, self.form_values())

    def restore_form(self) -> None:
        """Fill in what was saved last time; a value that is unusable here keeps its default."""
        values = load_form(self.FORM)
        if not values:
            return
        for combo, key in (
            (self.family, "family"),
            (self.type, "type"),
            (self.mode, "mode"),
            (self.call, "call"),
        ):
            choice = stored_choice(values, key, enabled_data(combo))
            if choice is not None:
                combo.setCurrentIndex(combo.findData(choice))
        host = stored_text(values, "host")
        if host is not None:
            self.host.setText(host)
        path = stored_text(values, "path", 1024)
        if path is not None:
            self.path.setText(path)
        port = stored_int(values, "port", self.port.minimum(), self.port.maximum())
        if port is not None:
            self.port.setValue(port)
        payload = stored_text(values, "payload", MAX_SAVED_PAYLOAD)
        if payload is not None:
            self.payload.setPlainText(payload)
        self._restored_target = self._target()

    # -- layout -------------------------------------------------------------------------------
    def _build_layout(self) -> None:
        form = compact_form()
        c = self.captions
        form.addRow(c["target"], self.use_server_combo)
        form.addRow(c["family"], pair(self, self.family, c["type"], self.type))
        self._address_row = with_messages(
            pair(self, self.host, c["port"], self.port, (3, 2)),
            [self.errors["host"].label, self.errors["port"].label],
        )
        form.addRow(c["host"], self._address_row)
        self._path_box = field_with_error(self.path, self.errors["path"])
        form.addRow(c["path"], self._path_box)
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
        current_row.addWidget(self.acting_on)
        current_row.addWidget(self.current, 1)

        payload_head = QHBoxLayout()
        payload_head.setContentsMargins(0, 0, 0, 0)
        payload_head.addWidget(self.payload_caption)
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
        self._update_type_texts()
        model = self.call.model()
        assert isinstance(model, QStandardItemModel)
        model.item(SEND_CALLS.index("sendto")).setEnabled(not stream)
        self.call.setCurrentIndex(SEND_CALLS.index("sendall" if stream else "sendto"))
        self._update_buttons()

    def _choose_call(self, call: str) -> None:
        """Select a send call if the socket type allows it."""
        if call in SEND_CALLS:
            model = self.call.model()
            assert isinstance(model, QStandardItemModel)
            if model.item(SEND_CALLS.index(call)).isEnabled():
                self.call.setCurrentIndex(SEND_CALLS.index(call))

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
        if no_target or self._target() == self._restored_target:
            self.use_server(ident)
        self._restored_target = None

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
        self._show_payload_problems()
        self.errors["send"].clear()
        self._update_buttons()

    def _show_payload_problems(self) -> None:
        if self.payload_problems:
            first = self.payload_problems[0]
            more = len(self.payload_problems) - 1
            message = first.text()
            if more:
                message += " " + self.tr("(and {n} more)").format(n=more)
            self.errors["payload"].show(message)
        else:
            self.errors["payload"].clear()

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
        self.save_form()
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

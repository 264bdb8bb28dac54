"""The client's Socket and File tabs: recv(bufsize), blocking modes, getsockname/getpeername/fileno, sendfile.

Each button makes one real socket call on the chosen client (one event in the table). The
pages only collect what to call with what; the pane runs the call and shows its result.

Signals (SocketPage):
    callRequested(str, dict): a socket call's name and its arguments, as the host takes them.
    autoReadToggled(bool): "read replies automatically" was switched by the user.
Signals (FilePage):
    fileRequested(str, str): a file's path, and how to send it ("sendfile" or "sendall").
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.client_widgets import CompactButton
from ui.server_pane import set_role
from workbench.spec import SockType

if TYPE_CHECKING:
    from ui.session import ClientHandle

#: The mode calls the Socket tab offers, as (data, text); "settimeout" takes the seconds field.
MODE_CALLS = (
    ("setblocking(False)", "setblocking(False)"),
    ("setblocking(True)", "setblocking(True)"),
    ("settimeout", "settimeout(t)"),
    ("settimeout(None)", "settimeout(None)"),
)
DEFAULT_BUFSIZE = 4096
MAX_BUFSIZE = 1 << 26  # what the engine accepts (64 MiB)


class SocketPage(QWidget):
    """recv with a buffer size, automatic reading, the blocking modes, the socket's names."""

    callRequested = Signal(str, dict)
    autoReadToggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clientSocketPage")
        self.auto_read = QCheckBox(self)
        self.auto_read.setObjectName("clientAutoRead")
        self.auto_read.setChecked(True)
        self.auto_read.clicked.connect(self.autoReadToggled)
        self.recv_button = CompactButton("recv()", self)
        self.recv_button.setObjectName("clientRecv")
        self.recv_button.clicked.connect(self.request_recv)
        self.bufsize = QSpinBox(self)
        self.bufsize.setObjectName("clientBufsize")
        self.bufsize.setRange(1, MAX_BUFSIZE)
        self.bufsize.setValue(DEFAULT_BUFSIZE)
        self.bufsize.setPrefix("bufsize ")
        self.mode_call = QComboBox(self)
        self.mode_call.setObjectName("clientModeCall")
        for data, text in MODE_CALLS:
            self.mode_call.addItem(text, data)
        self.mode_call.currentIndexChanged.connect(self._mode_call_changed)
        self.seconds = QDoubleSpinBox(self)
        self.seconds.setObjectName("clientTimeoutValue")
        self.seconds.setRange(0.0, 3600.0)
        self.seconds.setDecimals(2)
        self.seconds.setSingleStep(0.5)
        self.seconds.setValue(1.0)
        self.mode_button = CompactButton(self)
        self.mode_button.setObjectName("clientModeApply")
        self.mode_button.clicked.connect(self.request_mode)
        self.name_buttons: dict[str, CompactButton] = {}
        for call, name in (("getsockname", "clientGetsockname"), ("getpeername", "clientGetpeername"),
                           ("fileno", "clientFileno")):  # fmt: skip
            button = CompactButton(f"{call}()", self)
            button.setObjectName(name)
            button.clicked.connect(lambda _c=False, call=call: self.callRequested.emit(call, {}))
            self.name_buttons[call] = button

        self.names = QLabel(self)
        self.names.setObjectName("clientSocketNames")
        self.names.setTextFormat(Qt.TextFormat.PlainText)  # addresses a peer chose
        self.names.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_role(self.names, "hint")

        grid = QGridLayout(self)
        grid.setContentsMargins(4, 4, 4, 2)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(3)
        grid.addWidget(self.auto_read, 0, 0, 1, 3)
        grid.addWidget(self.recv_button, 1, 0)
        grid.addWidget(self.bufsize, 1, 1, 1, 2)
        grid.addWidget(self.mode_call, 2, 0)
        grid.addWidget(self.seconds, 2, 1)
        grid.addWidget(self.mode_button, 2, 2)
        for col, button in enumerate(self.name_buttons.values()):
            grid.addWidget(button, 3, col)
        grid.addWidget(self.names, 4, 0, 1, 3)
        grid.setRowStretch(5, 1)
        order = [self.auto_read, self.recv_button, self.bufsize, self.mode_call, self.seconds, self.mode_button,
                 *self.name_buttons.values()]  # fmt: skip
        for a, b in itertools.pairwise(order):
            QWidget.setTabOrder(a, b)
        self._mode_call_changed()
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.auto_read.setText(self.tr("read replies automatically"))
        self.auto_read.setToolTip(
            self.tr(
                "On: the engine keeps a recv() waiting, so replies appear on their own. "
                "Off: nothing is read until you click recv(): use it to see BlockingIOError and TimeoutError."
            )
        )
        self.bufsize.setToolTip(self.tr("bufsize: the most bytes one recv() may return"))
        self.mode_call.setToolTip(
            self.tr(
                "setblocking(False): calls fail at once with BlockingIOError instead of waiting. "
                "settimeout(t): they wait at most t seconds, then TimeoutError. "
                "setblocking(True) and settimeout(None) go back to waiting as long as it takes."
            )
        )
        self.seconds.setSuffix(self.tr(" s"))
        self.seconds.setToolTip(self.tr("The t of settimeout(t), in seconds"))
        self.mode_button.setText(self.tr("Call"))
        self.mode_button.setToolTip(self.tr("Make the chosen call on the client's socket"))
        self.name_buttons["getsockname"].setToolTip(self.tr("getsockname(): this socket's own address"))
        self.name_buttons["getpeername"].setToolTip(self.tr("getpeername(): the address it is connected to"))
        self.name_buttons["fileno"].setToolTip(self.tr("fileno(): the socket's file descriptor number"))
        self.names.setToolTip(
            self.tr("What the engine knows of this socket: fileno(), getsockname() → getpeername()")
        )
        self._explain_recv(None, False)

    def _mode_call_changed(self, _index: int = 0) -> None:
        self.seconds.setEnabled(self.mode_call.currentData() == "settimeout")

    # -- requests -------------------------------------------------------------------------------
    def request_recv(self) -> None:
        if self.recv_button.isEnabled():
            call = "recvfrom" if self.recv_button.text().startswith("recvfrom") else "recv"
            self.callRequested.emit(call, {"bufsize": self.bufsize.value()})

    def request_mode(self) -> None:
        choice = str(self.mode_call.currentData())
        if choice == "setblocking(False)":
            self.callRequested.emit("setblocking", {"flag": False})
        elif choice == "setblocking(True)":
            self.callRequested.emit("setblocking", {"flag": True})
        elif choice == "settimeout":
            self.callRequested.emit("settimeout", {"timeout": self.seconds.value()})
        else:
            self.callRequested.emit("settimeout", {"timeout": None})

    # -- state ----------------------------------------------------------------------------------
    def update_for(self, client: ClientHandle | None, reading: bool) -> None:
        """Enable what the chosen client can do now; recv only while nothing reads automatically."""
        live = client is not None and not client.closed
        dgram = client is not None and client.spec.type is SockType.DGRAM
        self.recv_button.setText("recvfrom()" if dgram else "recv()")
        self.auto_read.blockSignals(True)
        self.auto_read.setChecked(reading)
        self.auto_read.blockSignals(False)
        self.recv_button.setEnabled(live and not reading)
        self.bufsize.setEnabled(live and not reading)
        for widget in (self.mode_call, self.mode_button, *self.name_buttons.values()):
            widget.setEnabled(live)
        self._explain_recv(client, reading)

    def _explain_recv(self, client: ClientHandle | None, reading: bool) -> None:
        if client is None or client.closed:
            tip = self.tr("Connect a client first")
        elif reading:
            tip = self.tr(
                "Automatic reading is on: its recv() is already waiting. Turn it off to call recv() yourself."
            )
        else:
            tip = self.tr("One recv(bufsize) call: it waits, fails or returns as the socket's mode says")
        self.recv_button.setToolTip(tip)


class FilePage(QWidget):
    """A file to send: with sendfile() (the OS copies it) or its bytes with sendall()."""

    fileRequested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clientFilePage")
        self.path = QLineEdit(self)
        self.path.setObjectName("clientFilePath")
        self.path.setClearButtonEnabled(True)
        self.path.textChanged.connect(lambda _t: self._update())
        self.path.returnPressed.connect(lambda: self._request("sendfile"))
        self.browse = CompactButton(self)
        self.browse.setObjectName("clientFileBrowse")
        self.browse.clicked.connect(self.choose_file)
        self.sendfile_button = CompactButton("sendfile()", self)
        self.sendfile_button.setObjectName("clientSendfile")
        self.sendfile_button.clicked.connect(lambda: self._request("sendfile"))
        self.sendall_button = CompactButton(self)
        self.sendall_button.setObjectName("clientSendFileBytes")
        self.sendall_button.clicked.connect(lambda: self._request("sendall"))
        self.caption = QLabel(self)
        self.hint = QLabel(self)
        self.hint.setObjectName("clientFileHint")
        self.hint.setWordWrap(True)
        set_role(self.hint, "hint")
        self._client_ok = False

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.caption)
        top.addWidget(self.path, 1)
        top.addWidget(self.browse)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.sendfile_button)
        buttons.addWidget(self.sendall_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 2)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        for a, b in ((self.path, self.browse), (self.browse, self.sendfile_button),
                     (self.sendfile_button, self.sendall_button)):  # fmt: skip
            QWidget.setTabOrder(a, b)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.caption.setText(self.tr("File"))
        self.path.setPlaceholderText(self.tr("a file to send"))
        self.browse.setText(self.tr("Browse…"))
        self.sendall_button.setText(self.tr("read + sendall()"))
        self.sendfile_button.setToolTip(
            self.tr(
                "socket.sendfile(file): the OS copies the file to the socket; its bytes never pass through Python"
            )
        )
        self.sendall_button.setToolTip(self.tr("Read the file here, then send its bytes with sendall()"))
        self.hint.setText(
            self.tr(
                "sendfile() hands the open file to the OS (os.sendfile); read + sendall() reads it here "
                "first and sends its bytes with sendall(). Both show the bytes in the hex view."
            )
        )

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Choose a file to send"), self.path.text())
        if path:
            self.path.setText(path)

    def _request(self, how: str) -> None:
        path = self.path.text().strip()
        if path and self._client_ok:
            self.fileRequested.emit(path, how)

    def update_for(self, client: ClientHandle | None) -> None:
        self._client_ok = (
            client is not None
            and not client.closed
            and client.connected
            and client.spec.type is SockType.STREAM
        )
        self._update()

    def _update(self) -> None:
        ok = self._client_ok and bool(self.path.text().strip())
        self.sendfile_button.setEnabled(ok)
        self.sendall_button.setEnabled(ok)

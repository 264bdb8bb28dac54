"""The server form (family, type, address, mixin, handler, options; Start) and the live list of servers and clients."""

from __future__ import annotations

import itertools
import logging
import os
import re
import sys
import tempfile
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtGui import QColor, QPalette, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.settings import (
    load_form,
    save_form,
    stored_bool,
    stored_choice,
    stored_float,
    stored_int,
    stored_text,
)
from ui.throttle import Throttle
from workbench.errors import SpecError, WorkbenchError
from workbench.events import format_address
from workbench.spec import Family, Handler, Mixin, ServerSpec, SockType, unsupported_reason

if TYPE_CHECKING:
    import asyncio

    from ui.session import Session

log = logging.getLogger("workbench.ui")

ALL_INTERFACES = ("0.0.0.0", "::", "")
_path_counter = itertools.count(1)


def compact_form() -> QFormLayout:
    """The server and client forms' layout: tight rows, right-aligned labels, growing fields."""
    form = QFormLayout()
    form.setContentsMargins(0, 0, 0, 0)
    form.setHorizontalSpacing(8)
    form.setVerticalSpacing(4)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return form


def caption(parent: QWidget, name: str) -> QLabel:
    """A form caption whose text the pane sets in retranslate(); `name` helps tests find it."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return label


def pair(
    parent: QWidget, first: QWidget, label: QLabel, second: QWidget, stretch: tuple[int, int] = (1, 1)
) -> QWidget:
    """Two fields on one form row, the second with its own caption: "Family [..] Type [..]"."""
    box = QWidget(parent)
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(6)
    first.setParent(box)
    row.addWidget(first, stretch[0])
    label.setParent(box)
    row.addWidget(label, 0)
    second.setParent(box)
    row.addWidget(second, stretch[1])
    return box


def _report_failure(task: asyncio.Task[Any]) -> None:
    if task.cancelled():
        return
    exc = task.exception()
    if exc is not None:  # an unexpected error: the app's error dialog and log file
        sys.excepthook(type(exc), exc, exc.__traceback__)


_running: set[asyncio.Task[None]] = set()  # the loop keeps only weak references to tasks


def run_action(coro: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
    """Run a button's coroutine on the loop; unexpected errors reach the error dialog.

    asyncio is imported here, not with the module: the panes are built and painted
    before the app imports asyncio and starts its loop (see ui.app), and no click
    reaches a pane before that.
    """
    import asyncio

    task = asyncio.ensure_future(coro)
    _running.add(task)
    task.add_done_callback(_running.discard)
    task.add_done_callback(_report_failure)
    return task


def default_unix_path() -> str:
    """A fresh socket path in the temp dir, unique to this process."""
    return os.path.join(tempfile.gettempdir(), f"workbench-{os.getpid()}-{next(_path_counter)}.sock")


def is_default_unix_path(path: str) -> bool:
    """A path default_unix_path() made, in this run or an earlier one: never worth restoring."""
    folder, name = os.path.split(path)
    return folder == tempfile.gettempdir() and re.fullmatch(r"workbench-\d+-\d+\.sock", name) is not None


def enabled_data(combo: QComboBox) -> list[str]:
    """The data of the items one can choose (those this platform supports)."""
    model = combo.model()
    assert isinstance(model, QStandardItemModel)
    return [str(combo.itemData(i)) for i in range(combo.count()) if model.item(i).isEnabled()]


def server_class_name(spec: ServerSpec) -> str:
    """The stdlib class the spec builds, as a student would write it."""
    base = {
        (Family.UNIX, SockType.STREAM): "UnixStreamServer",
        (Family.UNIX, SockType.DGRAM): "UnixDatagramServer",
    }.get((spec.family, spec.type), "TCPServer" if spec.type is SockType.STREAM else "UDPServer")
    if spec.mixin is Mixin.NONE:
        return base
    return f"{spec.mixin.label}, {base}"


#: Colours that carry meaning; everything else comes from the palette (see ui.app.apply_style).
ERROR_COLOR = "#b3261e"
HINT_COLOR = "#5b6472"
WARNING_COLOR = "#9a5b00"
PRIMARY_QSS = (
    "QPushButton { background: #2563eb; color: #ffffff; border: 1px solid #1d4fd8;"
    " border-radius: 4px; padding: 4px 14px; font-weight: 600; }"
    " QPushButton:hover { background: #1d4fd8; }"
    " QPushButton:pressed { background: #1e40af; }"
    " QPushButton:disabled { background: #b8c8f0; border-color: #b8c8f0; color: #f3f6fd; }"
)
_INVALID_QSS = "{cls} {{ border: 1px solid #c62828; border-radius: 3px; background: #fff6f6; }}"


def set_role(widget: QWidget, role: str) -> None:
    """Give a widget the look of its role (error, hint, warning, primary, danger).

    Palette tweaks and a few per-widget style sheets instead of one application
    style sheet: an application-wide sheet costs ~150 ms of start-up here.
    """
    widget.setProperty("role", role)
    colour = {"error": ERROR_COLOR, "hint": HINT_COLOR, "warning": WARNING_COLOR, "danger": ERROR_COLOR}.get(
        role
    )
    if role == "primary":
        widget.setStyleSheet(PRIMARY_QSS)
        return
    if colour is not None:
        palette = widget.palette()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.WindowText, QColor(colour))
            palette.setColor(group, QPalette.ColorRole.ButtonText, QColor(colour))
        widget.setPalette(palette)
    font = widget.font()
    font.setBold(role == "warning")
    widget.setFont(font)


class InlineError:
    """A plain-words message under one field, plus a red border on the field."""

    def __init__(self, field: QWidget, name: str) -> None:
        self.field = field
        self.label = QLabel(field.parentWidget())
        self.label.setObjectName(name)
        set_role(self.label, "error")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.hide()

    @property
    def text(self) -> str:
        return self.label.text() if self.label.isVisible() or self.label.text() else ""

    def show(self, message: str) -> None:
        self.label.setText(message)
        self.label.show()
        self._set_invalid(True)

    def clear(self) -> None:
        self.label.clear()
        self.label.hide()
        self._set_invalid(False)

    def _set_invalid(self, invalid: bool) -> None:
        if bool(self.field.property("invalid")) == invalid:
            return
        self.field.setProperty("invalid", invalid)
        if isinstance(self.field, QPushButton):
            return  # the message under a button says it all; a red button would look like "danger"
        cls = type(self.field).__name__
        self.field.setStyleSheet(_INVALID_QSS.format(cls=cls) if invalid else "")


def field_with_error(field: QWidget, error: InlineError) -> QWidget:
    box = QWidget(field.parentWidget())
    lay = QVBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(2)
    field.setParent(box)
    lay.addWidget(field)
    error.label.setParent(box)
    lay.addWidget(error.label)
    return box


def with_messages(row: QWidget, messages: list[QWidget]) -> QWidget:
    """A row of fields with its messages stacked below at full width (they stay readable)."""
    box = QWidget(row.parentWidget())
    lay = QVBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(2)
    row.setParent(box)
    lay.addWidget(row)
    for message in messages:
        message.setParent(box)
        lay.addWidget(message)
    return box


def show_address_or_path(
    form: QFormLayout,
    address_row: QWidget,
    path_box: QWidget,
    host: QWidget,
    port: QWidget,
    path: QWidget,
    unix: bool,
) -> None:
    """Host and port for AF_INET/AF_INET6, a socket file path for AF_UNIX (both panes' forms)."""
    form.setRowVisible(address_row, not unix)
    form.setRowVisible(path_box, unix)
    host.setEnabled(not unix)
    port.setEnabled(not unix)
    path.setEnabled(unix)


def fill_enum_combo(combo: QComboBox, items: list[tuple[str, Any, str | None]]) -> None:
    """Add (text, data, why-unsupported) items; unsupported ones are disabled with the reason as tooltip."""
    model = combo.model()
    assert isinstance(model, QStandardItemModel)
    for text, data, reason in items:
        combo.addItem(text, data)
        if reason:
            item = model.item(combo.count() - 1)
            item.setEnabled(False)
            item.setToolTip(reason)


class ServerPane(QWidget):
    """The form that builds a ServerSpec and starts a ServerRunner off the GUI thread.

    Its texts are set in retranslate(), again on every language change; the fields the
    user filled in last time are restored from the settings (see restore_form()).

    Signals:
        serverStarted(str): the id of a server this form started.
    """

    serverStarted = Signal(str)

    #: The saved form's name in the settings.
    FORM = "server"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("serverPane")
        self.session = session
        self._starting = False
        self._status_text: Callable[[], str] | None = None  # re-rendered on a language change

        self.family = QComboBox(self)
        self.family.setObjectName("serverFamily")
        fill_enum_combo(
            self.family,
            [(f.label, f.value, unsupported_reason(family=f)) for f in Family],
        )

        self.type = QComboBox(self)
        self.type.setObjectName("serverType")
        self.type.addItem("SOCK_STREAM (TCP)", SockType.STREAM.value)
        self.type.addItem("SOCK_DGRAM (UDP)", SockType.DGRAM.value)

        self.host = QLineEdit("127.0.0.1", self)
        self.host.setObjectName("serverHost")
        self.host.setPlaceholderText("127.0.0.1")
        self.host_note = QLabel(self)
        self.host_note.setObjectName("serverHostNote")
        set_role(self.host_note, "hint")

        self.port = QSpinBox(self)
        self.port.setObjectName("serverPort")
        self.port.setRange(0, 65535)
        self.port.setValue(0)

        self.path = QLineEdit(default_unix_path(), self)
        self.path.setObjectName("serverPath")

        self.backlog = QSpinBox(self)
        self.backlog.setObjectName("serverBacklog")
        self.backlog.setRange(0, 65535)
        self.backlog.setValue(5)

        self.mixin = QComboBox(self)
        self.mixin.setObjectName("serverMixin")
        fill_enum_combo(
            self.mixin,
            [
                ("none", Mixin.NONE.value, None),
                ("ThreadingMixIn", Mixin.THREADING.value, unsupported_reason(mixin=Mixin.THREADING)),
                ("ForkingMixIn", Mixin.FORKING.value, unsupported_reason(mixin=Mixin.FORKING)),
            ],
        )

        self.handler = QComboBox(self)
        self.handler.setObjectName("serverHandler")
        for value in Handler:
            if value is not Handler.RULES:  # rules need the rules editor (issue #11); the CLI has --rules
                self.handler.addItem(value.value, value.value)

        self.delay = QDoubleSpinBox(self)
        self.delay.setObjectName("serverDelay")
        self.delay.setRange(0.0, 3600.0)
        self.delay.setDecimals(2)
        self.delay.setSingleStep(0.5)

        self.fail = QCheckBox(self)
        self.fail.setObjectName("serverFail")

        self.reuse = QCheckBox("allow_reuse_address", self)
        self.reuse.setObjectName("serverReuse")
        self.reuse.setChecked(True)
        # Follows the socket type (ServerSpec's default) until the user ticks it themselves.
        self.reuse.clicked.connect(lambda: setattr(self, "_reuse_chosen", True))
        self._reuse_chosen = False

        self.allow = QLineEdit(self)
        self.allow.setObjectName("serverAllow")

        self.start = QPushButton(self)
        self.start.setObjectName("serverStart")
        set_role(self.start, "primary")
        self.start.setDefault(True)
        self.start.clicked.connect(self._on_start_clicked)

        self.status = QLabel(self)
        self.status.setObjectName("serverStatus")
        set_role(self.status, "hint")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.errors: dict[str, InlineError] = {
            "host": InlineError(self.host, "serverHostError"),
            "port": InlineError(self.port, "serverPortError"),
            "path": InlineError(self.path, "serverPathError"),
            "backlog": InlineError(self.backlog, "serverBacklogError"),
            "delay": InlineError(self.delay, "serverDelayError"),
            "allow": InlineError(self.allow, "serverAllowError"),
            "start": InlineError(self.start, "serverStartError"),
        }
        self.captions = {
            key: caption(self, f"serverCaption{key.title()}")
            for key in (
                "family",
                "type",
                "host",
                "port",
                "path",
                "mixin",
                "handler",
                "delay",
                "backlog",
                "allow",
            )
        }
        self._build_layout()
        self.retranslate()
        self.restore_form()

        self.family.currentIndexChanged.connect(self._on_family_changed)
        self.type.currentIndexChanged.connect(self._on_type_changed)
        self.host.textChanged.connect(self._update_host_note)
        for key, widget in (("host", self.host), ("path", self.path), ("allow", self.allow)):
            widget.textEdited.connect(lambda _t, k=key: self.errors[k].clear())
        self.port.valueChanged.connect(lambda _v: self.errors["port"].clear())
        self._on_family_changed()
        self._on_type_changed()

    # -- texts --------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Set every text of the form in the current language."""
        text = {
            "family": self.tr("Family"),
            "type": self.tr("Type"),
            "host": self.tr("Host"),
            "port": self.tr("Port"),
            "path": self.tr("Path"),
            "mixin": self.tr("Mixin"),
            "handler": self.tr("Handler"),
            "delay": self.tr("Delay"),
            "backlog": self.tr("Backlog"),
            "allow": self.tr("Allow"),
        }
        for key, label in self.captions.items():
            label.setText(text[key])
        self.family.setToolTip(self.tr("Address family: IPv4, IPv6 or a Unix domain socket (a file path)"))
        self.type.setToolTip(self.tr("Stream: connections and a byte stream. Datagram: separate messages."))
        self.host.setToolTip(
            self.tr("127.0.0.1 / ::1: this machine only. 0.0.0.0 / ::: all interfaces (other machines too).")
        )
        self.port.setSpecialValueText(self.tr("0 (any free)"))
        self.port.setToolTip(self.tr("0 lets the operating system pick a free port; the bound port is shown"))
        self.path.setToolTip(
            self.tr("The socket file the server creates; it is removed when the server stops")
        )
        self.mixin.setItemText(0, self.tr("none"))
        for index, (mixin, tip) in enumerate(
            (
                (Mixin.NONE, self.tr("No mixin: one request at a time, on the serve_forever thread")),
                (Mixin.THREADING, self.tr("ThreadingMixIn: a new thread per request")),
                (Mixin.FORKING, self.tr("ForkingMixIn: a child process per request")),
            )
        ):
            if unsupported_reason(mixin=mixin) is None:  # else the reason stays the tooltip
                self.mixin.setItemData(index, tip, Qt.ItemDataRole.ToolTipRole)
        self.mixin.setToolTip(
            self.tr("How the server handles requests: in turn, on threads, or in child processes")
        )
        for index, tip in enumerate(
            (
                self.tr("echo: send back what arrives"),
                self.tr("upper: send back in upper case"),
                self.tr("discard: read and drop"),
                self.tr("daytime: send the time"),
            )
        ):
            self.handler.setItemData(index, tip, Qt.ItemDataRole.ToolTipRole)
        self.handler.setToolTip(self.tr("What the request handler's handle() does"))
        self.delay.setSuffix(self.tr(" s"))
        self.delay.setToolTip(self.tr("handle() sleeps this long first: makes concurrency visible"))
        self.fail.setText(self.tr("fail in handle()"))
        self.fail.setToolTip(self.tr("handle() raises, so you can watch handle_error()"))
        self.allow.setPlaceholderText(self.tr("everyone (e.g. 127.0.0.1, 10.0.0.0/8)"))
        self.start.setText(self.tr("Start server"))
        self._update_family_texts()
        self._update_type_texts()
        self._update_host_note()
        if self._status_text is not None:
            self.status.setText(self._status_text())

    def _update_family_texts(self) -> None:
        unix = self.current_family() is Family.UNIX
        self.allow.setToolTip(
            self.tr("An allow list filters IP addresses; AF_UNIX clients have none")
            if unix
            else self.tr("verify_request() admits only these addresses or networks, comma-separated")
        )

    def _update_type_texts(self) -> None:
        stream = self.current_type() is SockType.STREAM
        self.reuse.setToolTip(
            self.tr("SO_REUSEADDR: restart on the same port without waiting for TIME_WAIT")
            if stream
            else self.tr("SO_REUSEADDR on UDP lets a second server bind the same port without an error")
        )
        self.backlog.setToolTip(
            self.tr("listen(backlog): connections the kernel queues before accept()")
            if stream
            else self.tr("Datagram servers do not listen(), so there is no backlog")
        )

    def _set_status(self, render: Callable[[], str] | None) -> None:
        self._status_text = render
        self.status.setText(render() if render is not None else "")

    # -- remembered form ----------------------------------------------------------------------
    def form_values(self) -> dict[str, Any]:
        """The fields as saved in the settings (the path only if the user chose it)."""
        values: dict[str, Any] = {
            "family": self.family.currentData(),
            "type": self.type.currentData(),
            "host": self.host.text(),
            "port": self.port.value(),
            "backlog": self.backlog.value(),
            "mixin": self.mixin.currentData(),
            "handler": self.handler.currentData(),
            "delay": float(self.delay.value()),
            "fail": self.fail.isChecked(),
            "allow": self.allow.text(),
        }
        if self._reuse_chosen:
            values["reuse"] = self.reuse.isChecked()
        if not is_default_unix_path(self.path.text()):
            values["path"] = self.path.text()
        return values

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
            (self.mixin, "mixin"),
            (self.handler, "handler"),
        ):
            choice = stored_choice(values, key, enabled_data(combo))
            if choice is not None:
                combo.setCurrentIndex(combo.findData(choice))
        host = stored_text(values, "host")
        if host is not None:
            self.host.setText(host)
        path = stored_text(values, "path", 1024)
        if path:
            self.path.setText(path)
        allow = stored_text(values, "allow", 1024)
        if allow is not None:
            self.allow.setText(allow)
        for spin, key in ((self.port, "port"), (self.backlog, "backlog")):
            number = stored_int(values, key, spin.minimum(), spin.maximum())
            if number is not None:
                spin.setValue(number)
        delay = stored_float(values, "delay", self.delay.minimum(), self.delay.maximum())
        if delay is not None:
            self.delay.setValue(delay)
        fail = stored_bool(values, "fail")
        if fail is not None:
            self.fail.setChecked(fail)
        reuse = stored_bool(values, "reuse")
        if reuse is not None:
            self.reuse.setChecked(reuse)
            self._reuse_chosen = True

    # -- layout -------------------------------------------------------------------------------
    def _build_layout(self) -> None:
        form = compact_form()
        c = self.captions

        form.addRow(c["family"], pair(self, self.family, c["type"], self.type))

        self.port.setMinimumWidth(110)
        self._address_row = with_messages(
            pair(self, self.host, c["port"], self.port, stretch=(3, 2)),
            [self.errors["host"].label, self.errors["port"].label, self.host_note],
        )
        form.addRow(c["host"], self._address_row)
        self._path_box = field_with_error(self.path, self.errors["path"])
        form.addRow(c["path"], self._path_box)
        self._form = form

        form.addRow(c["mixin"], pair(self, self.mixin, c["handler"], self.handler, (3, 2)))
        form.addRow(
            c["delay"],
            with_messages(
                pair(self, self.delay, c["backlog"], self.backlog),
                [self.errors["delay"].label, self.errors["backlog"].label],
            ),
        )
        checks = QWidget(self)
        row = QHBoxLayout(checks)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.fail)
        row.addWidget(self.reuse)
        row.addStretch(1)
        form.addRow("", checks)
        form.addRow(c["allow"], field_with_error(self.allow, self.errors["allow"]))

        start_row = QHBoxLayout()
        start_row.setContentsMargins(0, 0, 0, 0)
        start_row.addWidget(self.status, 1)
        start_row.addWidget(self.start, 0, Qt.AlignmentFlag.AlignTop)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(form)
        layout.addLayout(start_row)
        self.errors["start"].label.setParent(self)
        layout.addWidget(self.errors["start"].label)

    # -- reactions ----------------------------------------------------------------------------
    def current_family(self) -> Family:
        return Family(self.family.currentData())

    def current_type(self) -> SockType:
        return SockType(self.type.currentData())

    def _on_family_changed(self, _index: int = 0) -> None:
        family = self.current_family()
        unix = family is Family.UNIX
        show_address_or_path(
            self._form, self._address_row, self._path_box, self.host, self.port, self.path, unix
        )
        host = self.host.text().strip()
        if family is Family.INET6 and host in ("127.0.0.1", "0.0.0.0", ""):
            self.host.setText("::1" if host != "0.0.0.0" else "::")
        elif family is Family.INET and host in ("::1", "::"):
            self.host.setText("127.0.0.1" if host == "::1" else "0.0.0.0")
        self.allow.setEnabled(not unix)
        self._update_family_texts()
        for err in self.errors.values():
            err.clear()
        self._update_host_note()

    def _on_type_changed(self, _index: int = 0) -> None:
        stream = self.current_type() is SockType.STREAM
        if not self._reuse_chosen:
            self.reuse.setChecked(stream)
        self.backlog.setEnabled(stream)
        self._update_type_texts()

    def _update_host_note(self, _text: str = "") -> None:
        host = self.host.text().strip()
        if self.current_family() is Family.UNIX:
            self.host_note.hide()
            return
        if host in ALL_INTERFACES:
            self.host_note.setText(self.tr("all interfaces: other machines can connect"))
            set_role(self.host_note, "warning")
        elif host in ("127.0.0.1", "::1", "localhost") or host.startswith("127."):
            self.host_note.setText(self.tr("loopback: this machine only"))
            set_role(self.host_note, "hint")
        else:
            self.host_note.setText("")
        self.host_note.setVisible(bool(self.host_note.text()))

    # -- building and starting ----------------------------------------------------------------
    def spec(self) -> ServerSpec:
        """The ServerSpec the form describes; raises SpecError."""
        family = self.current_family()
        allow = tuple(part.strip() for part in self.allow.text().replace(";", ",").split(",") if part.strip())
        return ServerSpec(
            family=family,
            type=self.current_type(),
            host=self.host.text().strip(),
            port=self.port.value(),
            path=self.path.text().strip() or None,
            backlog=self.backlog.value(),
            mixin=Mixin(self.mixin.currentData()),
            handler=Handler(self.handler.currentData()),
            delay=float(self.delay.value()),
            fail=self.fail.isChecked(),
            allow_reuse_address=self.reuse.isChecked(),
            allow=allow if family is not Family.UNIX else (),
        )

    def clear_errors(self) -> None:
        for err in self.errors.values():
            err.clear()

    def show_error(self, exc: WorkbenchError) -> str:
        """Put the error under the control its ``field`` names; returns that control's key."""
        key = exc.field if exc.field in self.errors else "start"
        if exc.field == "family" and "path" in self.errors and self.current_family() is Family.UNIX:
            key = "path"
        self.errors[key].show(exc.text())
        return key

    @Slot()
    def _on_start_clicked(self) -> None:
        run_action(self.on_start())

    async def on_start(self) -> None:
        if self._starting:
            return
        self.clear_errors()
        try:
            spec = self.spec()
        except SpecError as exc:
            self.show_error(exc)
            return
        self.save_form()
        self._starting = True
        self.start.setEnabled(False)
        self._set_status(lambda: self.tr("Binding…"))
        try:
            runner = await self.session.start_server(spec)
        except WorkbenchError as exc:
            self._set_status(None)
            self.show_error(exc)
            return
        finally:
            self._starting = False
            self.start.setEnabled(True)
        ident, address, everywhere = runner.id, format_address(runner.address), spec.binds_all_interfaces

        def listening() -> str:
            where = address + (" " + self.tr("(all interfaces)") if everywhere else "")
            return self.tr("{id} listening on {address}").format(id=ident, address=where)

        self._set_status(listening)
        if spec.family is Family.UNIX:
            # the next server needs its own file; keep the one just used visible in the list
            self.path.setText(default_unix_path())
        self.serverStarted.emit(runner.id)


class LiveList(QTreeWidget):
    """Running servers and open clients: address, kind, live request count, Stop/Close.

    Signals:
        stopRequested(str): a server's Stop button was clicked.
        endRequested(str): "End now" was clicked while a stop waits for requests to finish.
        closeRequested(str): a client's Close button was clicked.
        useServerRequested(str): a server row was double-clicked: aim the client form at it.
        clientSelected(str): a client row was selected.
    """

    stopRequested = Signal(str)
    endRequested = Signal(str)
    closeRequested = Signal(str)
    useServerRequested = Signal(str)
    clientSelected = Signal(str)

    COL_ID, COL_ADDRESS, COL_KIND, COL_REQUESTS, COL_ACTIONS = range(5)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("serverList")
        self.session = session
        self.setColumnCount(5)
        self.setRootIsDecorated(False)
        # a narrow column keeps the end of "127.0.0.1:43829": the port is what one needs
        self.setTextElideMode(Qt.TextElideMode.ElideLeft)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
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
        # Under a flood a batch arrives every few ms; the counts need not change faster than
        # anyone reads them, so the sources seen are collected and shown ten times a second.
        self._touched: set[str] = set()
        self._refresh = Throttle(self._refresh_touched, 100, self)
        self.itemSelectionChanged.connect(self._on_selection)
        self.itemDoubleClicked.connect(self._on_double_click)
        self.retranslate()

    # -- texts --------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """The headers and every row's words in the current language."""
        self.setHeaderLabels([self.tr("Name"), self.tr("Address"), self.tr("Mixin"), self.tr("Requests"), ""])
        for ident in self._items:
            if ident in self.session.servers:
                self._server_texts(ident)
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
        for col in (self.COL_ID, self.COL_ADDRESS, self.COL_KIND):
            item.setToolTip(col, detail + "\n" + self.tr("Double-click: aim the client form at this server"))
        item.setToolTip(self.COL_REQUESTS, self.tr("requests being handled now / accepted so far"))
        stop = self._buttons.get(ident)
        if stop is not None:
            stop.setText(self.tr("Stop") if stop.isEnabled() else self.tr("Stopping…"))
            stop.setToolTip(self.tr("shutdown() and server_close()"))

    def _client_texts(self, ident: str) -> None:
        close = self._buttons.get(ident)
        if close is not None:
            close.setText(self.tr("Close"))
            close.setToolTip(self.tr("socket.close()"))

    # -- rows ---------------------------------------------------------------------------------
    def item(self, ident: str) -> QTreeWidgetItem | None:
        return self._items.get(ident)

    def ids(self) -> list[str]:
        return list(self._items)

    def add_server(self, ident: str) -> None:
        item = QTreeWidgetItem([ident, "", "", "0 / 0", ""])
        item.setData(self.COL_ID, Qt.ItemDataRole.UserRole, ident)
        self._insert(ident, item)
        stop = self._button(f"stop-{ident}")
        set_role(stop, "danger")
        stop.clicked.connect(lambda: self._stop_clicked(ident, stop))
        self._buttons[ident] = stop
        self._set_actions(item, [stop])
        self._server_texts(ident)
        self.refresh_counts()

    def add_client(self, ident: str) -> None:
        client = self.session.clients[ident]
        spec = client.spec
        kind = f"{spec.family.label} {spec.type.label}"
        item = QTreeWidgetItem([ident, format_address(spec.address), "", "", ""])
        item.setToolTip(self.COL_ID, kind)
        item.setData(self.COL_ID, Qt.ItemDataRole.UserRole, ident)
        self._insert(ident, item)
        close = self._button(f"close-{ident}")
        close.clicked.connect(lambda: self.closeRequested.emit(ident))
        self._buttons[ident] = close
        self._set_actions(item, [close])
        self._client_texts(ident)
        self.update_client(ident)

    def update_client(self, ident: str) -> None:
        item = self._items.get(ident)
        client = self.session.clients.get(ident)
        if item is None or client is None:
            return
        if client.closed:
            state = self.tr("closed")
        elif ident in self.session.peer_closed:
            state = self.tr("peer closed")
        elif client.connected and self.session.waiting_in_queue(client):
            state = self.tr("in the accept queue, not yet accepted")
        elif client.connected:
            state = self.tr("connected")
        elif client.failed:
            state = self.tr("failed")
        else:
            state = self.tr("open")
        item.setText(self.COL_REQUESTS, state)
        local = client.local_address
        if local is not None:
            tip = self.tr("{id}: local {local} → {target}").format(
                id=ident, local=format_address(local), target=format_address(client.spec.address)
            )
            for col in (self.COL_ID, self.COL_ADDRESS):
                item.setToolTip(col, tip)

    def remove(self, ident: str) -> None:
        self._buttons.pop(ident, None)
        self._end_buttons.pop(ident, None)
        item = self._items.pop(ident, None)
        if item is not None:
            index = self.indexOfTopLevelItem(item)
            if index >= 0:
                self.takeTopLevelItem(index)

    def select(self, ident: str) -> None:
        item = self._items.get(ident)
        if item is not None:
            self.setCurrentItem(item)

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
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
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
        buttons = [b for b in (self._buttons.get(ident), end) if b is not None]
        self._set_actions(self._items[ident], buttons)

    def _on_selection(self) -> None:
        items = self.selectedItems()
        if items:
            ident = str(items[0].data(self.COL_ID, Qt.ItemDataRole.UserRole))
            if ident in self.session.clients:
                self.clientSelected.emit(ident)

    def _on_double_click(self, item: QTreeWidgetItem, _column: int) -> None:
        ident = str(item.data(self.COL_ID, Qt.ItemDataRole.UserRole))
        if ident in self.session.servers:
            self.useServerRequested.emit(ident)

    # -- counts -------------------------------------------------------------------------------
    @Slot(str)
    def on_server_changed(self, ident: str) -> None:
        """The host reported new counts (or stop progress) for a server: show them (throttled)."""
        self._touched.add(ident)
        self._refresh()

    def _refresh_touched(self) -> None:
        touched, self._touched = self._touched, set()
        if touched.isdisjoint(self._items):
            return
        self.refresh_counts()

    @Slot()
    def refresh_counts(self) -> None:
        for ident, server in list(self.session.servers.items()):
            item = self._items.get(ident)
            if item is None:
                continue
            text = f"{server.active_requests} / {server.total_requests}"
            if server.queue:
                text += " " + self.tr("(+{n} waiting)").format(n=server.queue)
            if server.stopping and server.waiting:
                text = self.tr("waiting for {held}").format(
                    held=", ".join(f"#{rid} {format_address(peer)}" for rid, peer in server.waiting)
                )
                self._show_end_now(ident)
            if item.text(self.COL_REQUESTS) != text:
                item.setText(self.COL_REQUESTS, text)
            tip = self.tr("requests being handled now / accepted so far")
            if server.queue is not None:
                tip += "\n" + self.tr(
                    "accept queue: {n} connection(s) the kernel completed that accept() has not taken yet "
                    "(its limit, from listen(backlog): {limit})"
                ).format(n=server.queue, limit=server.backlog)
            if server.waiting:
                held = ", ".join(
                    self.tr("request #{rid} from {peer}").format(rid=rid, peer=format_address(peer))
                    for rid, peer in server.waiting
                )
                tip += "\n" + self.tr("Stop is waiting for: {held}").format(held=held)
            item.setToolTip(self.COL_REQUESTS, tip)

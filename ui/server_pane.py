"""The server form: family, type, address, mixin, handler, options (and the tutorial's advanced ones), Start.

Start builds a ServerSpec from the fields and asks the host to run it (ui.session); an error
comes back with the field it is about and is said under that field. The "Advanced" section
holds what the tutorial teaches beyond an echo server: the handler's base class
(BaseRequestHandler / StreamRequestHandler / DatagramRequestHandler), serve_forever or a
handle_request() loop with a timeout (handle_timeout), and where the "fail" option raises.
The "rules" handler answers by the rules of the rules editor (ui.rules_editor).

Keyboard: Enter in any field starts the server; Tab follows the fields top to bottom.
The live list of what runs is ui.live_list.LiveList.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

# The shared form helpers live in ui.form_widgets; they are imported here by name so the
# modules that always found them here (ui.client_pane, tests) keep finding them.
from ui.form_widgets import (
    ALL_INTERFACES,
    ERROR_COLOR,
    HINT_COLOR,
    PRIMARY_QSS,
    WARNING_COLOR,
    InlineError,
    PortBox,
    caption,
    compact_form,
    default_unix_path,
    enabled_data,
    field_with_error,
    fill_enum_combo,
    is_default_unix_path,
    pair,
    run_action,
    server_class_name,
    set_role,
    show_address_or_path,
    with_messages,
)
from ui.server_options import ServerOptions
from ui.settings import (
    load_form,
    save_form,
    stored_bool,
    stored_choice,
    stored_float,
    stored_int,
    stored_text,
)
from workbench.errors import SpecError, WorkbenchError
from workbench.events import format_address
from workbench.spec import Family, Handler, Mixin, ServerSpec, SockType, unsupported_reason

if TYPE_CHECKING:
    from ui.rules_editor import RulesEditor
    from ui.session import Session

__all__ = [
    "ALL_INTERFACES", "ERROR_COLOR", "HINT_COLOR", "PRIMARY_QSS", "WARNING_COLOR", "InlineError", "PortBox",
    "ServerPane", "caption", "compact_form", "default_unix_path", "enabled_data", "field_with_error",
    "fill_enum_combo", "is_default_unix_path", "pair", "run_action", "server_class_name", "set_role",
    "show_address_or_path", "with_messages",
]  # fmt: skip

log = logging.getLogger("workbench.ui")

#: Longest rules text kept in the settings between runs.
MAX_SAVED_RULES = 256 * 1024


class ServerPane(QWidget):
    """The form that builds a ServerSpec and asks the host to run it.

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
        self._status_server: str | None = None  # the server the status line is about
        self._rules_editor: RulesEditor | None = None
        self._rules_text: str | None = None  # saved rules, until the editor is opened

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

        self.port = PortBox(self)
        self.port.setObjectName("serverPort")
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
            self.handler.addItem(value.value, value.value)
        self.edit_rules = QToolButton(self)
        self.edit_rules.setObjectName("serverEditRules")
        self.edit_rules.clicked.connect(self.open_rules_editor)

        self.delay = QDoubleSpinBox(self)
        self.delay.setObjectName("serverDelay")
        self.delay.setRange(0.0, 3600.0)
        self.delay.setDecimals(2)
        self.delay.setSingleStep(0.5)

        self.allow = QLineEdit(self)
        self.allow.setObjectName("serverAllow")

        # -- advanced: what the tutorial teaches past the echo server
        self.advanced_toggle = QToolButton(self)
        self.advanced_toggle.setObjectName("serverAdvancedToggle")
        self.advanced_toggle.setCheckable(True)
        self.advanced_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced_toggle.setAutoRaise(True)
        self.advanced_toggle.toggled.connect(self._show_advanced)
        self.advanced = ServerOptions(self)
        adv = self.advanced
        self.fail, self.fail_in, self.reuse = adv.fail, adv.fail_in, adv.reuse
        self.base, self.loop, self.timeout = adv.base, adv.loop, adv.timeout

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
            **adv.errors,  # base, timeout
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
        self.handler.currentIndexChanged.connect(self._on_handler_changed)
        self.handler.activated.connect(self._on_handler_chosen)
        self.host.textChanged.connect(self._update_host_note)
        for key, widget in (("host", self.host), ("path", self.path), ("allow", self.allow)):
            widget.textEdited.connect(lambda _t, k=key: self.errors[k].clear())
        self.port.valueChanged.connect(lambda _v: self._on_port_edited())
        self.port.tooLarge.connect(lambda _t: self._on_port_edited())
        self.port.reverted.connect(self._on_port_reverted)
        if session is not None:  # None: the form alone (tests of the remembered fields)
            session.serverStopped.connect(self._on_server_stopped)
        self._on_family_changed()
        self._on_type_changed()
        self._on_handler_changed()

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
        handler_tips = {
            Handler.ECHO: self.tr("echo: send back what arrives"),
            Handler.UPPER: self.tr("upper: send back in upper case"),
            Handler.DISCARD: self.tr("discard: read and drop"),
            Handler.DAYTIME: self.tr("daytime: send the time"),
            Handler.RULES: self.tr("rules: answer each message by the first rule that matches it (Rules…)"),
        }
        for index in range(self.handler.count()):
            tip = handler_tips[Handler(self.handler.itemData(index))]
            self.handler.setItemData(index, tip, Qt.ItemDataRole.ToolTipRole)
        self.handler.setToolTip(self.tr("What the request handler's handle() does"))
        self.edit_rules.setText(self.tr("Rules…"))
        self.edit_rules.setToolTip(self.tr("Open the rules editor: what this server answers, rule by rule"))
        self.delay.setSuffix(self.tr(" s"))
        self.delay.setToolTip(self.tr("handle() sleeps this long first: makes concurrency visible"))
        self.allow.setPlaceholderText(self.tr("everyone (e.g. 127.0.0.1, 10.0.0.0/8)"))
        self.advanced_toggle.setText(self.tr("More"))
        self.advanced_toggle.setToolTip(
            self.tr("More of what socketserver lets you choose: fail in setup() or handle(), allow_reuse_address, "
                    "TLS, multicast groups, the handler's base class, serve_forever() or handle_request(), a timeout")
        )  # fmt: skip
        self.start.setText(self.tr("Start server"))
        self._update_family_texts()
        self._update_type_texts()
        self._update_host_note()
        if self.port.over:
            self._on_port_edited()
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
        self.backlog.setToolTip(
            self.tr("listen(backlog): connections the kernel queues before accept()")
            if stream
            else self.tr("Datagram servers do not listen(), so there is no backlog")
        )

    def _set_status(self, render_text: Callable[[], str] | None, server: str | None = None) -> None:
        self._status_text = render_text
        self._status_server = server
        self.status.setText(render_text() if render_text is not None else "")

    def _on_server_stopped(self, ident: str) -> None:
        """The server the status line speaks of stopped: it must not still say "listening"."""
        if ident == self._status_server:
            self._set_status(lambda: self.tr("{id} stopped").format(id=ident), ident)

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
            "allow": self.allow.text(),
            "advanced": self.advanced_toggle.isChecked(),
            **self.advanced.values(),
        }
        if not is_default_unix_path(self.path.text()):
            values["path"] = self.path.text()
        rules = self._current_rules_text()
        if rules is not None and len(rules) <= MAX_SAVED_RULES:
            values["rules"] = rules
        return values

    def save_form(self) -> None:
        save_form(self.FORM, self.form_values())

    def restore_form(self) -> None:
        """Fill in what was saved last time; a value that is unusable here keeps its default."""
        self.apply_values(load_form(self.FORM))

    def apply_values(self, values: dict[str, Any]) -> None:
        """Fill in fields given as form_values() names them (saved settings, a workspace); others stay."""
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
        advanced = stored_bool(values, "advanced")
        if advanced is not None:
            self.advanced_toggle.setChecked(advanced)
        self.advanced.restore(values, self.current_type())
        rules = stored_text(values, "rules", MAX_SAVED_RULES)
        if rules is not None and self._rules_editor is None:
            self._rules_text = rules
        elif rules is not None and self._rules_editor is not None:  # one already made shows them now
            self._rules_editor.set_text(rules)

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

        handler_box = QWidget(self)
        handler_row = QHBoxLayout(handler_box)
        handler_row.setContentsMargins(0, 0, 0, 0)
        handler_row.setSpacing(4)
        self.handler.setParent(handler_box)
        self.edit_rules.setParent(handler_box)
        handler_row.addWidget(self.handler, 1)
        handler_row.addWidget(self.edit_rules, 0)
        form.addRow(c["mixin"], pair(self, self.mixin, c["handler"], handler_box, (3, 2)))
        form.addRow(
            c["delay"],
            with_messages(
                pair(self, self.delay, c["backlog"], self.backlog),
                [self.errors["delay"].label, self.errors["backlog"].label],
            ),
        )
        allow_box = QWidget(self)
        allow_row = QHBoxLayout(allow_box)
        allow_row.setContentsMargins(0, 0, 0, 0)
        allow_row.setSpacing(4)
        allow_row.addWidget(field_with_error(self.allow, self.errors["allow"]), 1)
        self.advanced_toggle.setParent(allow_box)
        allow_row.addWidget(self.advanced_toggle, 0, Qt.AlignmentFlag.AlignTop)  # its own line would cost the height
        form.addRow(c["allow"], allow_box)

        self.advanced.setVisible(self.advanced_toggle.isChecked())
        self._show_advanced(self.advanced_toggle.isChecked())

        start_row = QHBoxLayout()
        start_row.setContentsMargins(0, 0, 0, 0)
        start_row.addWidget(self.status, 1)
        start_row.addWidget(self.start, 0, Qt.AlignmentFlag.AlignTop)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(form)
        layout.addWidget(self.advanced)
        layout.addLayout(start_row)
        self.errors["start"].label.setParent(self)
        layout.addWidget(self.errors["start"].label)
        self._set_tab_order()

    def _set_tab_order(self) -> None:
        """Tab goes down the form as it reads: row by row, left to right, then Start."""
        chain: list[QWidget] = [
            self.family, self.type, self.host, self.port, self.path, self.mixin, self.handler, self.edit_rules,
            self.delay, self.backlog, self.allow, self.advanced_toggle, *self.advanced.tab_chain(), self.start,
        ]  # fmt: skip
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def tab_chain(self) -> list[QWidget]:
        """The fields Tab visits from Family on, as they can take focus now (tests, accessibility)."""
        chain: list[QWidget] = []
        widget = self.family.nextInFocusChain()
        seen: set[QWidget] = {self.family}
        while widget is not None and widget not in seen:
            seen.add(widget)
            inner = isinstance(widget.parentWidget(), (QAbstractSpinBox, QComboBox))  # a spin box's line edit
            if self.isAncestorOf(widget) and widget.isVisible() and widget.isEnabled() and not inner and (
                widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            ):  # fmt: skip
                chain.append(widget)
            widget = widget.nextInFocusChain()
        return [self.family, *chain]

    def _show_advanced(self, shown: bool) -> None:
        self.advanced.setVisible(shown)
        self.advanced_toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    # -- reactions ----------------------------------------------------------------------------
    def current_family(self) -> Family:
        return Family(self.family.currentData())

    def current_type(self) -> SockType:
        return SockType(self.type.currentData())

    def current_handler(self) -> Handler:
        return Handler(self.handler.currentData())

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
        self.advanced.set_family(family)
        self._update_family_texts()
        for err in self.errors.values():
            err.clear()
        self._update_host_note()

    def _on_type_changed(self, _index: int = 0) -> None:
        stream = self.current_type() is SockType.STREAM
        self.backlog.setEnabled(stream)
        self._update_type_texts()
        self.advanced.set_type(self.current_type())

    def _on_handler_changed(self, _index: int = 0) -> None:
        self.edit_rules.setVisible(self.current_handler() is Handler.RULES)

    def _on_handler_chosen(self, _index: int) -> None:
        """The user picked "rules": they need rules, so the editor opens."""
        if self.current_handler() is Handler.RULES:
            self.open_rules_editor()

    def _on_port_edited(self) -> None:
        over = self.port.over
        if over:
            self.errors["port"].show(self.tr("{value} is not a port: ports end at 65535").format(value=over))
        else:
            self.errors["port"].clear()

    def _on_port_reverted(self, dropped: str, kept: int) -> None:
        self.errors["port"].show(
            self.tr("{value} is not a port: ports end at 65535. The port stays {kept}.").format(
                value=dropped, kept=kept
            )
        )

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

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in a field (the fields pass it on) starts the server."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.start.isEnabled():
            event.accept()
            self._on_start_clicked()
            return
        super().keyPressEvent(event)

    # -- the rules editor ----------------------------------------------------------------------
    @property
    def rules_editor(self) -> RulesEditor:
        """The rules editor (made on first use, with the rules saved last time)."""
        if self._rules_editor is None:
            from ui.rules_editor import RulesEditor
            from workbench.errors import WorkbenchError as _Error

            editor = RulesEditor(self.session, self)
            if self._rules_text:
                try:
                    editor.set_text(self._rules_text)
                except _Error:
                    log.info("the rules saved last time no longer check out; the editor starts afresh")
            editor.startRequested.connect(self._start_from_editor)
            self._rules_editor = editor
        return self._rules_editor

    @Slot()
    def open_rules_editor(self) -> None:
        editor = self.rules_editor
        editor.show()
        editor.raise_()
        editor.activateWindow()

    def _current_rules_text(self) -> str | None:
        if self._rules_editor is None:
            return self._rules_text
        try:
            return self._rules_editor.text()
        except WorkbenchError:
            return None

    def _start_from_editor(self) -> None:
        self.handler.setCurrentIndex(self.handler.findData(Handler.RULES.value))
        self._on_start_clicked()

    # -- building and starting ----------------------------------------------------------------
    def spec(self) -> ServerSpec:
        """The ServerSpec the form describes; raises SpecError (or RulesError, about the rules)."""
        if self.port.over:
            raise SpecError("spec.port.range", field="port", value=int(self.port.over))
        family = self.current_family()
        allow = tuple(part.strip() for part in self.allow.text().replace(";", ",").split(",") if part.strip())
        handler = self.current_handler()
        rules = self.rules_editor.text() if handler is Handler.RULES else None
        return ServerSpec(
            family=family,
            type=self.current_type(),
            host=self.host.text().strip(),
            port=self.port.value(),
            path=self.path.text().strip() or None,
            backlog=self.backlog.value(),
            mixin=Mixin(self.mixin.currentData()),
            handler=handler,
            delay=float(self.delay.value()),
            allow=allow if family is not Family.UNIX else (),
            rules=rules,
            **self.advanced.spec_fields(),  # fail, fail_in, allow_reuse_address, base, loop, timeout
        )

    def clear_errors(self) -> None:
        for err in self.errors.values():
            err.clear()

    def show_error(self, exc: WorkbenchError) -> str:
        """Put the error under the control its ``field`` names; returns that control's key."""
        from workbench.rules import RulesError

        if isinstance(exc, RulesError) or exc.field == "rules":
            self.open_rules_editor()
            self.rules_editor.show_error(exc)
            self.errors["start"].show(self.tr("The rules have a problem: see the rules editor."))
            return "rules"
        key = exc.field if exc.field in self.errors else "start"
        if exc.field == "family" and "path" in self.errors and self.current_family() is Family.UNIX:
            key = "path"
        if key in self.advanced.errors:
            self.advanced_toggle.setChecked(True)
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
        except WorkbenchError as exc:  # SpecError, or RulesError from the rules editor
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
            if spec.type is SockType.DGRAM:
                return self.tr("{id} bound to {address}").format(id=ident, address=where)
            text = self.tr("{id} listening on {address}").format(id=ident, address=where)
            return text + " " + self.tr("with TLS") if spec.tls else text

        self._set_status(listening, ident)
        if spec.family is Family.UNIX:
            # the next server needs its own file; keep the one just used visible in the list
            self.path.setText(default_unix_path())
        if spec.handler is Handler.RULES and self._rules_editor is not None:
            self._rules_editor.counting(ident)
        self.serverStarted.emit(runner.id)

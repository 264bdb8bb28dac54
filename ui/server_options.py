"""The server form's "More" section: what the tutorial teaches past an echo server.

- ``fail in`` handle() or setup(): the handler raises on purpose (handle_error is seen; a
  setup() that raises skips handle() and finish()),
- ``allow_reuse_address`` (SO_REUSEADDR; follows the socket type until ticked by hand),
- the handler's base class: BaseRequestHandler, StreamRequestHandler (SOCK_STREAM only) or
  DatagramRequestHandler (SOCK_DGRAM only),
- serve_forever() or a handle_request() loop, and the timeout (with handle_request(),
  handle_timeout() runs when it passes),
- TLS (SOCK_STREAM: a self-signed certificate made when the server starts, each accepted
  socket wrapped by ssl) and, for a UDP server, the multicast groups it joins after bind()
  and the interface it joins them on (issue #13). Each row shows only for the socket type
  and family it applies to.

The section hides under a toggle so the left column fits a 1280×800 window.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QHBoxLayout, QLineEdit, QWidget

from ui.form_widgets import (
    InlineError,
    caption,
    compact_form,
    enabled_data,
    field_with_error,
    fill_enum_combo,
    pair,
    with_messages,
)
from ui.settings import stored_bool, stored_choice, stored_float, stored_text
from workbench.messages import render
from workbench.spec import Base, Family, Loop, SockType


class ServerOptions(QWidget):
    """fail in, allow_reuse_address, the handler's base class, the loop and its timeout."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("serverAdvanced")
        self._stream = True
        self._family = Family.INET
        self.fail = QCheckBox(self)
        self.fail.setObjectName("serverFail")
        self.fail_in = QComboBox(self)
        self.fail_in.setObjectName("serverFailIn")
        self.fail_in.addItem("handle()", "handle")
        self.fail_in.addItem("setup()", "setup")
        self.fail.toggled.connect(self.fail_in.setEnabled)
        self.fail_in.setEnabled(False)

        self.reuse = QCheckBox("allow_reuse_address", self)
        self.reuse.setObjectName("serverReuse")
        self.reuse.setChecked(True)
        # Follows the socket type (ServerSpec's default) until the user ticks it themselves.
        self.reuse.clicked.connect(lambda: setattr(self, "reuse_chosen", True))
        self.reuse_chosen = False

        self.base = QComboBox(self)
        self.base.setObjectName("serverBase")
        fill_enum_combo(self.base, [(b.value, b.value, None) for b in Base])
        self.loop = QComboBox(self)
        self.loop.setObjectName("serverLoop")
        self.loop.addItem("serve_forever", Loop.FOREVER.value)  # no "()": the row is narrow; the tooltips have them
        self.loop.addItem("handle_request", Loop.ONE_AT_A_TIME.value)
        for combo in (self.base, self.loop):  # sized by the column, not by the longest class name
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(6)
        self.timeout = QDoubleSpinBox(self)
        self.timeout.setObjectName("serverTimeout")
        self.timeout.setRange(0.0, 600.0)  # ten minutes is plenty to watch; a narrow field leaves the loop its name
        self.timeout.setDecimals(1)
        self.timeout.setSingleStep(0.5)

        # issue #13: TLS for stream servers, multicast groups for UDP servers
        self.tls = QCheckBox(self)
        self.tls.setObjectName("serverTls")
        self.join = QLineEdit(self)
        self.join.setObjectName("serverJoin")
        self.join_interface = QLineEdit(self)
        self.join_interface.setObjectName("serverJoinInterface")

        self.errors = {
            "base": InlineError(self.base, "serverBaseError"),
            "timeout": InlineError(self.timeout, "serverTimeoutError"),
            "tls": InlineError(self.tls, "serverTlsError"),
            "join": InlineError(self.join, "serverJoinError"),
            "join_interface": InlineError(self.join_interface, "serverJoinInterfaceError"),
        }
        self.captions = {
            key: caption(self, f"serverCaption{key.title()}")
            for key in ("base", "loop", "timeout", "tls", "join", "interface")
        }
        self._build_layout()
        self.loop.currentIndexChanged.connect(self._update_timeout_texts)
        self.base.currentIndexChanged.connect(lambda _i: self.errors["base"].clear())
        self.timeout.valueChanged.connect(lambda _v: self.errors["timeout"].clear())
        self.tls.toggled.connect(lambda _on: self.errors["tls"].clear())
        for key, edit in (("join", self.join), ("join_interface", self.join_interface)):
            edit.textEdited.connect(lambda _t, k=key: self.errors[k].clear())
        self._show_rows()
        self.retranslate()

    def _build_layout(self) -> None:
        checks = QWidget(self)
        row = QHBoxLayout(checks)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        for widget in (self.fail, self.fail_in):
            widget.setParent(checks)
            row.addWidget(widget)
        row.addSpacing(8)
        self.reuse.setParent(checks)
        row.addWidget(self.reuse)
        row.addStretch(1)
        c = self.captions
        form = compact_form()
        form.addRow(checks)  # the whole width: the captions' column would make the form wider
        self._tls_row = field_with_error(self.tls, self.errors["tls"])
        form.addRow(c["tls"], self._tls_row)
        self._join_row = with_messages(
            pair(self, self.join, c["interface"], self.join_interface, stretch=(3, 2)),
            [self.errors["join"].label, self.errors["join_interface"].label],
        )
        form.addRow(c["join"], self._join_row)
        form.addRow(c["base"], field_with_error(self.base, self.errors["base"]))
        form.addRow(
            c["loop"],
            with_messages(
                pair(self, self.loop, c["timeout"], self.timeout, stretch=(1, 0)), [self.errors["timeout"].label]
            ),
        )
        self.setLayout(form)
        self._form = form

    def tab_chain(self) -> list[QWidget]:
        return [
            self.fail, self.fail_in, self.reuse, self.tls, self.join, self.join_interface, self.base, self.loop,
            self.timeout,
        ]  # fmt: skip

    # -- texts --------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.captions["base"].setText(self.tr("Base class"))
        self.captions["loop"].setText(self.tr("Loop"))
        self.captions["timeout"].setText(self.tr("Timeout"))
        self.fail.setText(self.tr("fail in"))
        self.fail.setToolTip(self.tr("The handler raises on purpose, so you can watch handle_error()"))
        self.fail_in.setToolTip(
            self.tr(
                "handle(): it raises there, and finish() still runs. setup(): it raises before handle(), "
                "so neither handle() nor finish() runs."
            )
        )
        self.base.setToolTip(
            self.tr(
                "The request handler's base class. BaseRequestHandler: handle() uses self.request itself "
                "(recv/sendall). StreamRequestHandler: reads lines from self.rfile, writes to self.wfile. "
                "DatagramRequestHandler: the datagram is in self.rfile, the reply goes out from finish()."
            )
        )
        self.loop.setItemData(
            0, self.tr("serve_forever(): waits for requests until shutdown()"), Qt.ItemDataRole.ToolTipRole
        )
        self.loop.setItemData(
            1,
            self.tr("handle_request() in a loop: one request (or one timeout) per call"),
            Qt.ItemDataRole.ToolTipRole,
        )
        self.loop.setToolTip(self.tr("How the serve thread drives the server"))
        self.captions["tls"].setText(self.tr("TLS"))
        self.captions["join"].setText(self.tr("Join group"))
        self.captions["interface"].setText(self.tr("on"))
        self.tls.setText(self.tr("self-signed certificate"))
        self.tls.setToolTip(
            self.tr(
                "Each accepted socket is wrapped with ssl (SSLContext.wrap_socket): a certificate for the Host "
                "field is made when the server starts, signed by itself. A client must trust its file (shown "
                "in the list once it runs) or turn certificate checking off."
            )
        )
        self.join.setPlaceholderText(self.tr("none (e.g. 239.1.2.3)"))
        self.join.setToolTip(
            self.tr(
                "Multicast groups to join after bind() (IP_ADD_MEMBERSHIP / IPV6_JOIN_GROUP), comma-separated. "
                "To hear a group, bind to its address or to 0.0.0.0 / :: with the port the senders use."
            )
        )
        self.join_interface.setPlaceholderText(self.tr("any"))
        self.join_interface.setToolTip(
            self.tr(
                "The interface to join on. IPv4: one of this machine's addresses (127.0.0.1 keeps the group "
                "on this machine). IPv6: an interface name or number (lo, eth0, 2). Empty: the system picks."
            )
        )
        self.timeout.setSpecialValueText(self.tr("none"))
        self.timeout.setSuffix(self.tr(" s"))
        self._update_timeout_texts()
        self._update_type_texts()
        self._update_bases()  # the reasons a base is ruled out, in this language

    def _update_timeout_texts(self, _index: int = 0) -> None:
        if self.current_loop() is Loop.ONE_AT_A_TIME:
            tip = self.tr(
                "server.timeout: handle_request() waits this long for a request, then calls handle_timeout(). "
                "Also each request socket's timeout: a client silent this long ends with TimeoutError."
            )
        else:
            tip = self.tr(
                "Each request socket's timeout: a client silent this long ends with TimeoutError. "
                "serve_forever() never calls handle_timeout(): choose handle_request() to see it."
            )
        self.timeout.setToolTip(tip)

    def _update_type_texts(self) -> None:
        self.reuse.setToolTip(
            self.tr("SO_REUSEADDR: restart on the same port without waiting for TIME_WAIT")
            if self._stream
            else self.tr("SO_REUSEADDR on UDP lets a second server bind the same port without an error")
        )

    # -- the socket type decides -------------------------------------------------------------------
    def set_type(self, sock_type: SockType) -> None:
        """The form's socket type changed: reuse follows it (unless chosen), and so do the bases."""
        self._stream = sock_type is SockType.STREAM
        if not self.reuse_chosen:
            self.reuse.setChecked(self._stream)
        self._update_type_texts()
        self._update_bases()
        self._show_rows()

    def set_family(self, family: Family) -> None:
        """The form's family changed: groups are joined by AF_INET and AF_INET6 sockets only."""
        self._family = family
        self._show_rows()

    def _show_rows(self) -> None:
        """TLS for SOCK_STREAM, the multicast groups for UDP (AF_INET, AF_INET6 SOCK_DGRAM)."""
        form = getattr(self, "_form", None)
        if form is None:
            return
        form.setRowVisible(self._tls_row, self._stream)
        form.setRowVisible(self._join_row, self.joins)

    @property
    def joins(self) -> bool:
        """Whether this server can join multicast groups: a UDP server."""
        return not self._stream and self._family is not Family.UNIX

    def _update_bases(self) -> None:
        """StreamRequestHandler only over SOCK_STREAM, DatagramRequestHandler only over SOCK_DGRAM."""
        model = self.base.model()
        assert isinstance(model, QStandardItemModel)
        for index in range(self.base.count()):
            base = Base(self.base.itemData(index))
            reason = None
            if base is Base.STREAM and not self._stream:
                reason = render("spec.base.stream_only", {})
            elif base is Base.DATAGRAM and self._stream:
                reason = render("spec.base.dgram_only", {})
            item = model.item(index)
            item.setEnabled(reason is None)
            item.setToolTip(reason or "")
        if not model.item(self.base.currentIndex()).isEnabled():
            self.base.setCurrentIndex(self.base.findData(Base.BASE.value))

    def current_loop(self) -> Loop:
        return Loop(self.loop.currentData())

    # -- values ----------------------------------------------------------------------------------
    def spec_fields(self) -> dict[str, Any]:
        """The ServerSpec fields this section decides."""
        timeout = float(self.timeout.value())
        return {
            "fail": self.fail.isChecked(),
            "fail_in": str(self.fail_in.currentData()),
            "allow_reuse_address": self.reuse.isChecked(),
            "base": Base(self.base.currentData()),
            "loop": self.current_loop(),
            "timeout": timeout if timeout > 0 else None,
            **self.net_fields(),
        }

    def net_fields(self) -> dict[str, Any]:
        """tls, join and join_interface as the ServerSpec takes them (a hidden row's value is left out)."""
        groups = tuple(g for g in self.join.text().replace(";", ",").replace(" ", ",").split(",") if g)
        interface = self.join_interface.text().strip()
        return {
            "tls": self._stream and self.tls.isChecked(),
            "join": groups if self.joins else (),
            "join_interface": (interface or None) if self.joins else None,
        }

    def values(self) -> dict[str, Any]:
        """The fields as the settings keep them (reuse only once the user chose it)."""
        values: dict[str, Any] = {
            "fail": self.fail.isChecked(),
            "fail_in": self.fail_in.currentData(),
            "base": self.base.currentData(),
            "loop": self.loop.currentData(),
            "timeout": float(self.timeout.value()),
            "tls": self.tls.isChecked(),
            "join": self.join.text(),
            "join_interface": self.join_interface.text(),
        }
        if self.reuse_chosen:
            values["reuse"] = self.reuse.isChecked()
        return values

    def restore(self, values: dict[str, Any], sock_type: SockType) -> None:
        """Fill in saved values; one unusable here keeps its default. ``sock_type``: the restored type."""
        self._stream = sock_type is SockType.STREAM
        self._update_bases()  # which bases can be chosen follows the restored type
        for combo, key in ((self.fail_in, "fail_in"), (self.loop, "loop"), (self.base, "base")):
            choice = stored_choice(values, key, enabled_data(combo))
            if choice is not None:
                combo.setCurrentIndex(combo.findData(choice))
        seconds = stored_float(values, "timeout", self.timeout.minimum(), self.timeout.maximum())
        if seconds is not None:
            self.timeout.setValue(seconds)
        fail = stored_bool(values, "fail")
        if fail is not None:
            self.fail.setChecked(fail)
        reuse = stored_bool(values, "reuse")
        if reuse is not None:
            self.reuse.setChecked(reuse)
            self.reuse_chosen = True
        tls = stored_bool(values, "tls")
        if tls is not None:
            self.tls.setChecked(tls)
        for edit, key in ((self.join, "join"), (self.join_interface, "join_interface")):
            text = stored_text(values, key)
            if text is not None:
                edit.setText(text)
        self._show_rows()

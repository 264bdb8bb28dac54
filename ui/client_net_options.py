"""The client form's "More" section: TLS for a stream client, broadcast and multicast for a UDP one (issue #13).

What the next Connect builds the socket with (ClientSpec's fields):

- TLS (SOCK_STREAM): wrap the connection with ssl after connect(), with the server's name
  checked against its certificate (SNI is the host field) or with checking turned off, and
  the certificates to trust besides the system's: a PEM file. Aimed at a TLS server of this
  window, the file defaults to that server's own certificate, so checking on just works.
- UDP (AF_INET, AF_INET6): SO_BROADCAST (IPv4), and IP_MULTICAST_TTL / IPV6_MULTICAST_HOPS,
  IP_MULTICAST_LOOP and IP_MULTICAST_IF (the interface to send a group's datagrams from).
  Each is one setsockopt event when the socket is made.

Each row shows only for the socket type and family it applies to; a hidden row's value never
reaches the spec. A bad value is said under its field (the engine's message for its code).

Signals:
    changed(): a choice changed (the pane's summary of what is on follows).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QToolButton,
    QWidget,
)

from ui.form_widgets import InlineError, caption, compact_form, pair, with_messages
from ui.settings import stored_bool, stored_choice, stored_int, stored_text
from workbench.spec import Family, SockType

#: What the loop choice means for ClientSpec.multicast_loop.
LOOPS: dict[str, bool | None] = {"default": None, "on": True, "off": False}

#: (server id, its certificate file) of the TLS server of ours the form aims at, or None.
CertificateLookup = Callable[[], "tuple[str, str] | None"]


class ClientNetOptions(QWidget):
    """TLS on/off, checking, the file to trust; broadcast, multicast TTL, loop and interface."""

    changed = Signal()

    def __init__(self, certificate: CertificateLookup | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clientNetOptions")
        self._certificate = certificate or (lambda: None)
        self._stream = True
        self._family = Family.INET

        self.tls = QCheckBox(self)
        self.tls.setObjectName("clientTls")
        self.verify = QCheckBox(self)
        self.verify.setObjectName("clientTlsVerify")
        self.verify.setChecked(True)
        self.ca = QLineEdit(self)
        self.ca.setObjectName("clientTlsCa")
        self.ca.setClearButtonEnabled(True)
        self.ca_button = QToolButton(self)
        self.ca_button.setObjectName("clientTlsCaChoose")
        self.ca_button.clicked.connect(self.choose_ca)

        self.broadcast = QCheckBox("SO_BROADCAST", self)
        self.broadcast.setObjectName("clientBroadcast")
        self.ttl = QSpinBox(self)
        self.ttl.setObjectName("clientMulticastTtl")
        self.ttl.setRange(-1, 255)  # -1: the system's default (1)
        self.ttl.setValue(-1)
        self.loop = QComboBox(self)
        self.loop.setObjectName("clientMulticastLoop")
        for key in LOOPS:
            self.loop.addItem("", key)
        self.interface = QLineEdit(self)
        self.interface.setObjectName("clientMulticastInterface")

        self.errors = {
            "tls": InlineError(self.tls, "clientTlsError"),
            "tls_verify": InlineError(self.verify, "clientTlsVerifyError"),
            "tls_ca": InlineError(self.ca, "clientTlsCaError"),
            "broadcast": InlineError(self.broadcast, "clientBroadcastError"),
            "multicast_ttl": InlineError(self.ttl, "clientMulticastTtlError"),
            "multicast_loop": InlineError(self.loop, "clientMulticastLoopError"),
            "multicast_interface": InlineError(self.interface, "clientMulticastInterfaceError"),
        }
        self.captions = {
            key: caption(self, f"clientCaption{key.title()}") for key in ("tls", "ca", "ttl", "loop", "interface")
        }
        self._build_layout()
        for box in (self.tls, self.verify, self.broadcast):
            box.toggled.connect(self._on_changed)
        self.tls.toggled.connect(lambda _on: self._show_rows())
        self.ca.textChanged.connect(self._on_changed)
        self.ttl.valueChanged.connect(self._on_changed)
        self.loop.currentIndexChanged.connect(self._on_changed)
        self.interface.textChanged.connect(self._on_changed)
        self.retranslate()
        self._show_rows()

    def _build_layout(self) -> None:
        c, e = self.captions, self.errors
        checks = QWidget(self)
        row = QHBoxLayout(checks)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        for box in (self.tls, self.verify):
            box.setParent(checks)
            row.addWidget(box)
        row.addStretch(1)
        self._tls_row = with_messages(checks, [e["tls"].label, e["tls_verify"].label])
        ca_box = QWidget(self)
        ca_row = QHBoxLayout(ca_box)
        ca_row.setContentsMargins(0, 0, 0, 0)
        ca_row.setSpacing(4)
        self.ca.setParent(ca_box)
        ca_row.addWidget(self.ca, 1)
        self.ca_button.setParent(ca_box)
        ca_row.addWidget(self.ca_button)
        self._ca_row = with_messages(ca_box, [e["tls_ca"].label])
        cast = QWidget(self)
        cast_row = QHBoxLayout(cast)
        cast_row.setContentsMargins(0, 0, 0, 0)
        cast_row.setSpacing(6)
        self.broadcast.setParent(cast)
        cast_row.addWidget(self.broadcast)
        cast_row.addStretch(1)
        c["ttl"].setParent(cast)
        cast_row.addWidget(c["ttl"])
        self.ttl.setParent(cast)
        cast_row.addWidget(self.ttl)
        self._cast_row = with_messages(cast, [e["broadcast"].label, e["multicast_ttl"].label])
        self._group_row = with_messages(
            pair(self, self.interface, c["loop"], self.loop, stretch=(3, 2)),
            [e["multicast_interface"].label, e["multicast_loop"].label],
        )
        form = self._form = compact_form()
        form.addRow(c["tls"], self._tls_row)
        form.addRow(c["ca"], self._ca_row)
        form.addRow(self._cast_row)  # the whole width: broadcast and the TTL side by side
        form.addRow(c["interface"], self._group_row)
        self.setLayout(form)

    def tab_chain(self) -> list[QWidget]:
        return [self.tls, self.verify, self.ca, self.ca_button, self.broadcast, self.ttl, self.interface, self.loop]

    # -- texts --------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        c = self.captions
        c["tls"].setText(self.tr("TLS"))
        c["ca"].setText(self.tr("Trust"))
        c["ttl"].setText(self.tr("TTL"))
        c["loop"].setText(self.tr("loop"))
        c["interface"].setText(self.tr("Send from"))
        self.tls.setText(self.tr("on"))
        self.tls.setToolTip(
            self.tr("After connect(), wrap the socket with ssl and do the TLS handshake (do_handshake); "
                    "sendall and recv then carry the bytes encrypted on the wire, shown decrypted here")
        )  # fmt: skip
        self.verify.setText(self.tr("check the certificate"))
        self.verify.setToolTip(
            self.tr("Check that a trusted issuer signed the server's certificate, for the name in the Host field. "
                    "Off: accept any certificate (encrypted, but you cannot know who answers).")
        )  # fmt: skip
        self.ca.setToolTip(
            self.tr("A PEM file of certificates to trust besides the system's, such as a TLS server's own "
                    "certificate file (Copy path in the list of running servers)")
        )  # fmt: skip
        self.ca_button.setText(self.tr("…"))
        self.ca_button.setToolTip(self.tr("Choose the certificate file to trust"))
        self.broadcast.setToolTip(
            self.tr("setsockopt(SOL_SOCKET, SO_BROADCAST, 1): without it, sendto() a broadcast address "
                    "such as 127.255.255.255 fails with Permission denied")
        )  # fmt: skip
        self.ttl.setSpecialValueText(self.tr("default"))
        self.ttl.setToolTip(
            self.tr("IP_MULTICAST_TTL (IPV6_MULTICAST_HOPS): how many routers a group's datagram may cross. "
                    "0: this machine only; 1 (the default): this network")
        )  # fmt: skip
        for index, (key, text) in enumerate(
            (("default", self.tr("default")), ("on", self.tr("on")), ("off", self.tr("off")))
        ):
            assert self.loop.itemData(index) == key
            self.loop.setItemText(index, text)
        self.loop.setToolTip(
            self.tr("IP_MULTICAST_LOOP: whether members of the group on this machine hear what it sends "
                    "(the default: they do)")
        )  # fmt: skip
        self.interface.setPlaceholderText(self.tr("default interface"))
        self.interface.setToolTip(
            self.tr("IP_MULTICAST_IF: the interface a group's datagrams leave from. IPv4: one of this machine's "
                    "addresses (127.0.0.1 keeps them on this machine). IPv6: an interface name or number.")
        )  # fmt: skip
        self.update_certificate()

    def update_certificate(self) -> None:
        """The file field's hint: the certificate of the TLS server of ours the form aims at, if any."""
        found = self._certificate()
        if found is not None:
            ident, path = found
            self.ca.setPlaceholderText(self.tr("{server}'s certificate: {path}").format(server=ident, path=path))
        else:
            self.ca.setPlaceholderText(self.tr("the system's certificates only"))

    def summary(self) -> str:
        """What is on, in a few words ("" for nothing): said beside the section's toggle while it is closed."""
        fields = self.spec_fields()
        parts = []
        if fields["tls"]:
            parts.append(self.tr("TLS") if fields["tls_verify"] else self.tr("TLS, not checked"))
        if fields["broadcast"]:
            parts.append("SO_BROADCAST")
        if fields["multicast_ttl"] is not None:
            parts.append(self.tr("TTL {n}").format(n=fields["multicast_ttl"]))
        if fields["multicast_loop"] is not None:
            parts.append(self.tr("loop on") if fields["multicast_loop"] else self.tr("loop off"))
        if fields["multicast_interface"]:
            parts.append(self.tr("from {interface}").format(interface=fields["multicast_interface"]))
        return ", ".join(parts)

    # -- the socket type and family decide ------------------------------------------------------
    def set_type(self, sock_type: SockType) -> None:
        self._stream = sock_type is SockType.STREAM
        self._show_rows()

    def set_family(self, family: Family) -> None:
        self._family = family
        self._show_rows()

    @property
    def datagram(self) -> bool:
        """Broadcast and multicast options apply: a UDP client."""
        return not self._stream and self._family is not Family.UNIX

    def _show_rows(self) -> None:
        form = self._form
        form.setRowVisible(self._tls_row, self._stream)
        form.setRowVisible(self._ca_row, self._stream and self.tls.isChecked())
        form.setRowVisible(self._cast_row, self.datagram)
        form.setRowVisible(self._group_row, self.datagram)
        self.broadcast.setEnabled(self._family is Family.INET)  # IPv6 has no broadcast
        self.verify.setEnabled(self.tls.isChecked())
        self.changed.emit()

    def _on_changed(self, *_args: object) -> None:
        for error in self.errors.values():
            error.clear()
        self.changed.emit()

    def choose_ca(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("A certificate file to trust"), self.ca.text(),
            self.tr("PEM certificates (*.pem *.crt);;All files (*)"),
        )  # fmt: skip
        if path:
            self.ca.setText(path)

    # -- values ---------------------------------------------------------------------------------
    def spec_fields(self) -> dict[str, Any]:
        """The ClientSpec fields this section decides (those of a hidden row at their defaults)."""
        tls = self._stream and self.tls.isChecked()
        verify = self.verify.isChecked()
        ca: str | None = self.ca.text().strip() or None
        if tls and verify and ca is None:
            found = self._certificate()  # aimed at a TLS server of ours: trust its certificate
            ca = found[1] if found is not None else None
        dgram = self.datagram
        ttl = self.ttl.value()
        return {
            "tls": tls,
            "tls_verify": verify if tls else True,
            "tls_ca": ca if tls else None,
            "broadcast": dgram and self._family is Family.INET and self.broadcast.isChecked(),
            "multicast_ttl": ttl if dgram and ttl >= 0 else None,
            "multicast_loop": LOOPS[str(self.loop.currentData())] if dgram else None,
            "multicast_interface": (self.interface.text().strip() or None) if dgram else None,
        }

    def values(self) -> dict[str, Any]:
        """As the settings keep them."""
        return {
            "tls": self.tls.isChecked(),
            "tls_verify": self.verify.isChecked(),
            "tls_ca": self.ca.text(),
            "broadcast": self.broadcast.isChecked(),
            "multicast_ttl": self.ttl.value(),
            "multicast_loop": self.loop.currentData(),
            "multicast_interface": self.interface.text(),
        }

    def restore(self, values: dict[str, Any]) -> None:
        for box, key in ((self.tls, "tls"), (self.verify, "tls_verify"), (self.broadcast, "broadcast")):
            flag = stored_bool(values, key)
            if flag is not None:
                box.setChecked(flag)
        for edit, key in ((self.ca, "tls_ca"), (self.interface, "multicast_interface")):
            text = stored_text(values, key, 1024 if key == "tls_ca" else 255)
            if text is not None:
                edit.setText(text)
        ttl = stored_int(values, "multicast_ttl", self.ttl.minimum(), self.ttl.maximum())
        if ttl is not None:
            self.ttl.setValue(ttl)
        loop = stored_choice(values, "multicast_loop", list(LOOPS))
        if loop is not None:
            self.loop.setCurrentIndex(self.loop.findData(loop))
        self._show_rows()

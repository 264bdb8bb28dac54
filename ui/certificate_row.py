"""Under a TLS server in the live list: its certificate's file and SHA-256 fingerprint, and Copy path.

A workbench TLS server signs its own certificate (workbench/tls.py), so no client trusts it by
default. A client that checks certificates must be given this file to trust (the client form's
CA file, or ``workbench send --tls --cafile FILE``); a student comparing the fingerprint with
what a client saw (the ``do_handshake`` event's detail) knows it is the same certificate.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QGuiApplication, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

from ui.form_widgets import set_role


class _ElidedLabel(QLabel):
    """A one-line label that drops the end of its text when narrow (the fingerprint's start stays)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(self.width(), 40)
        super().setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width))


class CertificateRow(QWidget):
    """The certificate of one TLS server (``tls``: the host's reply: certificate, sha256, names, valid_days)."""

    def __init__(self, ident: str, tls: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"certificate-{ident}")
        self.ident = ident
        self.path = str(tls.get("certificate", ""))
        self.sha256 = str(tls.get("sha256", ""))
        names = tls.get("names")
        self.names = ", ".join(str(n) for n in names) if isinstance(names, list) else ""
        self.valid_days = tls.get("valid_days")
        self.label = _ElidedLabel(self)
        self.label.setObjectName(f"certificateText-{ident}")
        set_role(self.label, "hint")
        self.copy = QToolButton(self)
        self.copy.setObjectName(f"copyCertificate-{ident}")
        set_role(self.copy, "small")
        self.copy.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.copy.clicked.connect(self.copy_path)
        row = QHBoxLayout(self)
        row.setContentsMargins(2, 0, 2, 0)
        row.setSpacing(4)
        row.addWidget(self.label, 1)
        row.addWidget(self.copy, 0)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.label.set_full_text(
            self.tr("TLS, SHA-256 {sha256}, {path}").format(path=self.path, sha256=self.sha256)
        )
        tip = self.tr(
            "A certificate this server signed itself for {names}, valid {days} days.\n"
            "File: {path}\nSHA-256: {sha256}\n"
            "A client that checks certificates must trust this file (its CA file), or turn checking off."
        ).format(names=self.names or "?", days=self.valid_days or "?", path=self.path, sha256=self.sha256)
        self.setToolTip(tip)
        self.label.setToolTip(tip)
        self.copy.setText(self.tr("Copy path"))
        self.copy.setToolTip(self.tr("Copy the certificate file's path, to give a client to trust"))

    def text(self) -> str:
        """What the row says, whole (the live list's child_texts)."""
        return self.label.full_text()

    def copy_path(self) -> None:
        QGuiApplication.clipboard().setText(self.path)

    def copy_fingerprint(self) -> None:
        QGuiApplication.clipboard().setText(self.sha256)

"""The accept-queue gauge under a listening server in the live list: "accept queue [██░░░] 2/5", or why there is none.

The kernel finishes a TCP handshake on its own and keeps the connection in the listening
socket's accept queue until ``accept()`` (socketserver's ``get_request``) takes it; the host
reads how many wait there and the queue's limit (``listen(backlog)``) from Linux's TCP_INFO.
Datagram servers have no such queue, and the kernel reports none for AF_UNIX or off Linux.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QSizePolicy, QWidget

from ui.form_widgets import set_role
from workbench.spec import Family, SockType

if TYPE_CHECKING:
    from ui.session import ServerHandle


class QueueGauge(QWidget):
    """"accept queue [███░░] 2/5" beside a listening TCP server, or why there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(2, 0, 2, 0)
        row.setSpacing(6)
        self.label = QLabel(self)
        set_role(self.label, "hint")
        self.bar = QProgressBar(self)
        self.bar.setTextVisible(True)
        self.bar.setMaximumHeight(self.label.sizeHint().height())
        self.bar.setMaximumWidth(120)
        self.bar.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        row.addWidget(self.label, 0)
        row.addWidget(self.bar, 1)
        row.addStretch(0)
        self.queue: int | None = None
        self.limit: int | None = None

    def show_for(self, server: ServerHandle) -> None:
        """What the host last said about this server's queue, in the current language."""
        spec = server.spec
        if spec.type is SockType.DGRAM:
            self.show_none(self.tr("no accept queue: datagram servers accept no connections"))
            tip = self.tr("SOCK_DGRAM: each datagram is a request; recvfrom() reads it, nothing is accepted")
        elif server.queue is not None and server.backlog is not None:
            self.show_queue(server.queue, server.backlog, self.tr("accept queue"))
            tip = self.tr(
                "accept queue: {n} connection(s) the kernel completed that accept() has not taken yet "
                "(its limit, from listen(backlog): {limit})"
            ).format(n=server.queue, limit=server.backlog)
        elif spec.family is Family.UNIX:
            self.show_none(self.tr("accept queue: not available for AF_UNIX"))
            tip = self.tr("The kernel reports the accept queue's length for TCP listening sockets only")
        elif not sys.platform.startswith("linux"):
            self.show_none(self.tr("accept queue: not available on this system"))
            tip = self.tr("Only Linux tells a program how many connections wait in the accept queue")
        else:
            self.show_none(self.tr("accept queue: not available"))
            tip = self.tr("The kernel gave no accept queue length for this socket")
        self.setToolTip(tip)

    def show_queue(self, queue: int, limit: int, label: str) -> None:
        self.queue, self.limit = queue, limit
        self.label.setText(label)
        self.bar.setRange(0, max(1, limit, queue))  # a maximum of 0 would make a busy indicator
        self.bar.setValue(queue)
        self.bar.setFormat(f"{queue}/{limit}")
        self.bar.show()

    def show_none(self, text: str) -> None:
        self.queue = self.limit = None
        self.label.setText(text)
        self.bar.hide()

    def text(self) -> str:
        """What the gauge says, as one line (tests, the tooltip)."""
        if self.bar.isHidden():
            return self.label.text()
        return f"{self.label.text()} {self.bar.format()}"

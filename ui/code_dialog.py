"""Show as Python: the standalone standard-library program a server or client stands for, in a dialog.

The program is ``workbench.teach.codegen``'s (what ``workbench serve|send --print-code`` print),
shown as it is: monospace, read-only, with Copy and Save…. A server the code generator cannot
print (the "rules" handler) gets a plain message instead of a program.

Which server or client (``server_dialog``, ``client_dialog``): the one selected in the window's
running list, else what its form says now; the client sends the form's payload. In a saved
session (no forms) it is the server or client of the current event row, else the first one, as
its spec was recorded; a recorded client sends the bytes it had sent up to there.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Slot
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.errors import WorkbenchError
from workbench.spec import ClientSpec, ServerSpec

if TYPE_CHECKING:
    from ui.mainwindow import MainWindow


def server_code(spec: ServerSpec) -> str:
    """The program for a server."""
    from workbench.teach.codegen import server_program

    return server_program(spec)


def client_code(spec: ClientSpec, payload: bytes) -> str:
    """The program for a client that sends ``payload`` and prints the reply."""
    from workbench.teach.codegen import client_program

    return client_program(spec, payload)


class CodeDialog(QDialog):
    """A program in a read-only monospace view, with Copy, Save… and Close.

    ``what`` names the program in the title (re-read on a language change: it may be a tr()
    text); ``code`` None shows ``message()`` instead, with Copy and Save disabled.
    """

    def __init__(
        self,
        what: Callable[[], str],
        code: str | None,
        file_name: str,
        parent: QWidget | None = None,
        message: Callable[[], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("codeDialog")
        self._what = what
        self._code = code
        self._message = message
        self._file_name = file_name
        self._status: Callable[[], str] | None = None
        self.note = QLabel(self)
        self.note.setObjectName("codeNote")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.view = QPlainTextEdit(self)
        self.view.setObjectName("codeView")
        self.view.setReadOnly(True)
        self.view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.view.setPlainText(code or "")
        self.view.setVisible(code is not None)
        self.status = QLabel(self)
        self.status.setObjectName("codeStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.copy_button = QPushButton(self)
        self.copy_button.setObjectName("codeCopy")
        self.copy_button.clicked.connect(self.copy)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("codeSave")
        self.save_button.clicked.connect(self.on_save)
        self.close_button = QPushButton(self)
        self.close_button.setObjectName("codeClose")
        self.close_button.clicked.connect(self.close)
        for button in (self.copy_button, self.save_button):
            button.setEnabled(code is not None)

        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        if code is not None:
            width = self.view.fontMetrics().horizontalAdvance("0" * 100) + 40
            self.resize(min(width, 1000), 640)
        else:
            self.resize(520, 160)
        self.retranslate()

    def text(self) -> str:
        """The program shown (exactly the code generator's output), or "" for a message."""
        return self.view.toPlainText() if self._code is not None else ""

    @Slot()
    def copy(self) -> None:
        if self._code is None:
            return
        QGuiApplication.clipboard().setText(self._code)
        self._set_status(lambda: self.tr("Copied to the clipboard."))

    @Slot()
    def on_save(self) -> None:
        if self._code is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the program as"), self._file_name, self.tr("Python programs (*.py)")
        )
        if path:
            self.save_to(path)

    def save_to(self, path: str) -> bool:
        """Write the program to ``path``; a failure is said under the program, in plain words."""
        if self._code is None:
            return False
        try:
            with open(path, "w", encoding="utf-8", newline="\n") as out:
                out.write(self._code)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            self._set_status(
                lambda: self.tr("Could not save {path}: {reason}").format(path=path, reason=reason)
            )
            return False
        name = os.path.basename(path)
        self._set_status(lambda: self.tr("Saved. Run it with: python3 -I {name}").format(name=name))
        return True

    def _set_status(self, render: Callable[[], str] | None) -> None:
        self._status = render
        self.status.setText(render() if render is not None else "")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("{what} as Python").format(what=self._what()))
        if self._code is None:
            self.note.setText(self._message() if self._message is not None else "")
        else:
            self.note.setText(
                self.tr(
                    "A standalone program that does the same with the standard library only: the real "
                    "socket and socketserver calls, one per line. Save it and run it with python3 -I "
                    "(no site packages, no environment variables needed)."
                )
            )
        self.copy_button.setText(self.tr("Copy"))
        self.copy_button.setToolTip(self.tr("Copy the program to the clipboard"))
        self.save_button.setText(self.tr("Save…"))
        self.save_button.setToolTip(self.tr("Save the program as a .py file"))
        self.close_button.setText(self.tr("Close"))
        if self._status is not None:
            self.status.setText(self._status())


# -- which server or client: the window's choice -------------------------------------------------


def _selected(window: MainWindow) -> str | None:
    """The id of the row selected in the running list (a server or a client), if any."""
    items = window.live_list.selectedItems()
    return str(items[0].data(window.live_list.COL_ID, Qt.ItemDataRole.UserRole)) if items else None


def _recorded_spec(
    window: MainWindow, role: str, cls: type[ServerSpec] | type[ClientSpec], none_yet: str
) -> tuple[str, int, Any] | None:
    """A saved session's server or client as (name, source id, spec); None, said in the status bar, if none."""
    found = _recorded(window, role)
    if found is None:
        window.statusBar().showMessage(none_yet)
        return None
    name, source, detail = found
    try:
        return name, source, _spec_from(cls, detail)
    except WorkbenchError as exc:
        window.statusBar().showMessage(exc.text())
        return None


def _recorded(window: MainWindow, role: str) -> tuple[str, int, dict[str, Any]] | None:
    """A saved session's server or client (name, source id, recorded spec).

    The current event row's, else the first one of that role.
    """
    reader = window.feed.reader
    if reader is None:
        return None
    sources = [info for info in reader.tables.sources.values() if info.role == role]
    view = getattr(window.events_pane, "view", None)
    if view is not None and view.currentIndex().isValid():
        model = window.events_pane.model  # type: ignore[attr-defined]
        name = model.row_summary(view.currentIndex().row())["source"]
        sources.sort(key=lambda info: info.name != name)  # stable: that one first, the rest in order
    return (sources[0].name, sources[0].id, sources[0].detail) if sources else None


def _spec_from(cls: type[ServerSpec] | type[ClientSpec], detail: dict[str, Any]) -> Any:
    """A spec from a source's recorded detail (its spec's fields, and facts added later)."""
    known = {f.name for f in dataclasses.fields(cls)}
    return cls.from_dict({k: v for k, v in detail.items() if k in known})


def server_dialog(window: MainWindow) -> CodeDialog | None:
    """The dialog for the selected running server, else the server form; None after an error shown."""
    ident = _selected(window)
    what: Callable[[], str]
    if ident is not None and ident in window.session.servers:
        spec = window.session.servers[ident].spec
        what = lambda: ident  # noqa: E731
    elif window.read_only:
        recorded = _recorded_spec(
            window, "server", ServerSpec, QCoreApplication.translate("CodeDialog", "This session has no server.")
        )
        if recorded is None:
            return None
        name, _source, spec = recorded
        what = lambda: name  # noqa: E731
    else:
        try:
            spec = window.server_pane.spec()
        except WorkbenchError as exc:
            window.server_pane.show_error(exc)  # under the field it is about
            return None
        what = lambda: QCoreApplication.translate("CodeDialog", "The server form")  # noqa: E731
    return CodeDialog(what, server_code(spec), "server.py", window)


def client_dialog(window: MainWindow) -> CodeDialog | None:
    """The dialog for the selected client (else the client form) sending the form's payload."""
    from workbench.hexfmt import encode_payload

    what: Callable[[], str]
    if window.read_only:
        recorded = _recorded_spec(
            window, "client", ClientSpec, QCoreApplication.translate("CodeDialog", "This session has no client.")
        )
        if recorded is None:
            return None
        name, source, spec = recorded
        stream = window.hex_pane.stream_for(source, 0)  # type: ignore[attr-defined]
        payload = b"".join(stream.iter_data("sent")) if stream is not None else b""
        return CodeDialog(lambda: name, client_code(spec, payload), "client.py", window)
    form = window.client_pane
    client = window.session.clients.get(_selected(window) or "")
    try:
        spec = client.spec if client is not None else form.spec()
    except WorkbenchError as exc:
        form.errors[exc.field if exc.field in form.errors else "connect"].show(exc.text())
        return None
    try:
        payload = encode_payload(form.payload.toPlainText(), form.payload_mode())
    except WorkbenchError as exc:
        form.errors["payload"].show(exc.text())
        return None
    if client is not None:
        ident = client.id
        what = lambda: ident  # noqa: E731
    else:
        what = lambda: QCoreApplication.translate("CodeDialog", "The client form")  # noqa: E731
    return CodeDialog(what, client_code(spec, payload), "client.py", window)

"""File ▸ Export ▸ pcapng…: where to write, the export on a worker thread, its progress with Cancel, the result.

The export itself is ``workbench.session.pcap_export.export_session_pcapng``: it opens a reader
of its own, so it runs on a worker thread of the loop's executor while the window goes on
painting and tailing the live log. It reports progress (records read so far) through a Qt
signal, which Qt queues to the GUI thread, and looks at a stop flag between batches, which
Cancel sets. The file is written whole or not at all, so a cancel or an error leaves nothing
half-written behind (and an older file of that name untouched).

The result is said in the status bar in the window's language (the engine's catalog message
``export.pcapng.done``); an error (the target is a folder, its folder is missing, it cannot be
written) opens a message box with the engine's message for its code, in the window's language.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QProgressDialog

from workbench.errors import WorkbenchError
from workbench.messages import render

if TYPE_CHECKING:
    from workbench.session.pcap_export import ExportResult

log = logging.getLogger("workbench.ui")

#: The progress dialog shows only for an export that takes longer than this (ms).
SHOW_AFTER_MS = 300


class _Progress(QObject):
    """Carries the worker's progress to the GUI thread (a queued signal).

    Parentless on purpose: it must outlive a window closed while the worker still reports.

    Signals:
        moved(int, int): records read, records to read (emitted on the worker thread).
    """

    moved = Signal(int, int)


class PcapngExporter(QObject):
    """The window's pcapng exports: one at a time, each with a progress dialog and Cancel.

    Every method runs on the GUI thread; only the export itself runs on a worker thread.
    """

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("pcapngExporter")
        self.window = window
        self.dialog: QProgressDialog | None = None
        self.error_box: QMessageBox | None = None
        self._stop: threading.Event | None = None
        self._target = ""

    @property
    def running(self) -> bool:
        return self._stop is not None

    # -- asking where ----------------------------------------------------------------------------
    def ask_path(self, session_path: str) -> str | None:
        """The save dialog; a name without an extension gets ``.pcapng``. None: the user cancelled."""
        stem = os.path.splitext(os.path.basename(session_path))[0] or "session"
        if stem == "live":
            stem = "session"  # a live session's file name (live.swb) is an internal one
        path, _ = QFileDialog.getSaveFileName(
            self.window,
            self.tr("Export as pcapng (for Wireshark)"),
            f"{stem}.pcapng",
            self.tr("pcapng capture files (*.pcapng);;All files (*)"),
        )
        if not path:
            return None
        if not os.path.splitext(path)[1]:
            path += ".pcapng"
        return path

    # -- the export --------------------------------------------------------------------------------
    async def export(self, session_path: str, target: str) -> ExportResult | None:
        """Export ``session_path`` (live or saved) to ``target``; None if cancelled or it failed.

        The result or the error is said in the window as the module docstring tells.
        """
        import asyncio

        from workbench.session.pcap_export import ExportCancelled, export_session_pcapng

        if self._stop is not None:
            self.window.statusBar().showMessage(self.tr("An export to pcapng is already running."))
            return None
        stop = self._stop = threading.Event()
        self._target = target
        progress = _Progress()
        dialog = self._open_dialog(target)
        progress.moved.connect(self._on_progress)

        def work() -> ExportResult:
            return export_session_pcapng(
                session_path, target, progress=progress.moved.emit, should_stop=stop.is_set
            )

        self.window.statusBar().showMessage(self.tr("Exporting to {path}…").format(path=target))
        try:
            result = await asyncio.get_running_loop().run_in_executor(None, work)
        except ExportCancelled:
            self.window.statusBar().showMessage(
                self.tr("Export cancelled: nothing was written to {path}").format(path=target)
            )
            return None
        except WorkbenchError as exc:
            self.window.statusBar().showMessage(self.tr("Could not export to pcapng: see the message"))
            self._show_error(exc)
            return None
        finally:
            self._stop = None
            self._close_dialog(dialog)
        for warning in result.warnings:
            log.warning("%s", render("export.pcapng.warning", {"what": warning}))
        text = render(
            "export.pcapng.done",
            {
                "path": target,
                "packets": result.packets,
                "conversations": result.conversations,
                "interfaces": result.interfaces,
            },
        )
        if result.warnings:
            text += " " + self.tr("({count} left out: see the log)").format(count=len(result.warnings))
        self.window.statusBar().showMessage(text)
        return result

    @Slot()
    def cancel(self) -> None:
        """Stop the running export (it ends after the batch it is in; nothing is written)."""
        if self._stop is not None:
            self._stop.set()
            if self.dialog is not None:
                self.dialog.setLabelText(self.tr("Cancelling…"))

    # -- the progress dialog ----------------------------------------------------------------------
    def _open_dialog(self, target: str) -> QProgressDialog:
        dialog = QProgressDialog(self.window)
        dialog.setObjectName("pcapngProgress")
        dialog.setWindowTitle(self.tr("Export as pcapng"))
        dialog.setLabelText(self.tr("Writing {name}: reading the session…").format(name=os.path.basename(target)))
        dialog.setCancelButtonText(self.tr("Cancel"))
        # Not modal: a window-modal QProgressDialog processes events inside setValue, under the
        # asyncio loop. The window stays usable; a second export is refused while this one runs.
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(SHOW_AFTER_MS)
        dialog.setRange(0, 0)  # busy until the first batch says how many records there are
        dialog.canceled.connect(self.cancel)
        dialog.setValue(0)  # starts the timer that shows it after SHOW_AFTER_MS
        self.dialog = dialog
        return dialog

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        dialog = self.dialog
        if dialog is None or self._stop is None or self._stop.is_set():
            return
        if dialog.maximum() != max(total, 1):
            dialog.setRange(0, max(total, 1))
        dialog.setLabelText(
            self.tr("Writing {name}: {done} of {total} events read").format(
                name=os.path.basename(self._target), done=f"{done:,}", total=f"{total:,}"
            )
        )
        dialog.setValue(min(done, max(total, 1)))

    def _close_dialog(self, dialog: QProgressDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.canceled.disconnect(self.cancel)
        dialog.close()
        dialog.deleteLater()

    def _show_error(self, exc: WorkbenchError) -> None:
        box = QMessageBox(self.window)
        box.setObjectName("pcapngError")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Export as pcapng"))
        box.setText(self.tr("The capture file was not written."))
        box.setInformativeText(exc.text())  # the engine's message for its code, in the window's language
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.error_box = box
        box.finished.connect(lambda _result: setattr(self, "error_box", None))
        box.open()  # not exec(): a nested loop would stall asyncio

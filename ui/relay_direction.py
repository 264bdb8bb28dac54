"""One direction of a relay in the Relay tab: Pause/Resume, the held chunk (hex dump and an editor), Release, Drop.

``BytesEditor`` is the small editor both this box and the Inject box use: a choice of how the
text means bytes (text as UTF-8, hex, text with ``\\xNN`` escapes), the text, and the first
problem in plain words under it (bad text is never sent).

``DirectionBox`` shows one direction (``c2s``: client to target, ``s2c``: target to client) of
the connection chosen in the pane. While the direction is paused, the next chunk the relay
reads is held: its bytes are shown as a hex dump (offset, hex, ASCII; peer bytes are only ever
shown as plain text) and in the editor, where they can be changed before Release sends them
on; Drop lets nothing go on. The box asks the pane to act (signals); the pane talks to the host.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFontDatabase, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.form_widgets import InlineError, set_role
from workbench.hexfmt import PayloadError, encode_payload, escape_bytes, payload_errors, printable_ascii


def monospace() -> object:
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)


def dump(data: bytes, per_line: int) -> str:
    """Offset, hex and ASCII (every other byte as "."), ``per_line`` bytes a line: a chunk fits a narrow box."""
    digits = 4 if len(data) <= 0x10000 else 8
    return "\n".join(
        f"{pos:0{digits}x}  {data[pos : pos + per_line].hex(' '):<{per_line * 3 - 1}}  "
        f"{printable_ascii(data[pos : pos + per_line])}"
        for pos in range(0, len(data), per_line)
    )


class HeldDump(QPlainTextEdit):
    """The held chunk as a dump of as many bytes a line (16, 8 or 4) as the box's width shows whole."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setFont(monospace())  # type: ignore[arg-type]
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.data: bytes | None = None
        self.per_line = 16

    def set_bytes(self, data: bytes | None) -> None:
        self.data = data
        self._render()

    def _fitting(self) -> int:
        chars = self.viewport().width() // max(self.fontMetrics().horizontalAdvance("0"), 1)
        return next((n for n in (16, 8) if 4 * n + 7 <= chars), 4)

    def _render(self) -> None:
        self.per_line = self._fitting()
        self.setPlainText("" if self.data is None else dump(self.data, self.per_line))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fitting() != self.per_line:
            self._render()


def render_bytes(data: bytes, mode: str) -> str:
    """``data`` written in ``mode`` so that encode_payload gives it back."""
    if mode == "hex":
        return data.hex(" ")
    if mode == "escape":
        return escape_bytes(data)
    return data.decode("utf-8", "surrogateescape")


class BytesEditor(QWidget):
    """A mode choice, the text, and its first problem under it.

    Signals:
        edited(): the text or the mode changed (by the user or by set_data).
    """

    edited = Signal()

    def __init__(self, name: str, modes: tuple[str, ...], lines: int = 3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.modes = modes
        self.mode = QComboBox(self)
        self.mode.setObjectName(f"{name}Mode")
        for mode in modes:
            self.mode.addItem("", mode)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName(f"{name}Text")
        self.text.setFont(monospace())  # type: ignore[arg-type]
        self.text.setTabChangesFocus(True)
        height = self.text.fontMetrics().lineSpacing() * lines + 12
        self.text.setFixedHeight(height)
        self.error = InlineError(self.text, f"{name}Error")
        self._mode_shown = str(self.mode.currentData())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.text)
        self.error.label.setParent(self)
        layout.addWidget(self.error.label)
        self.text.textChanged.connect(self._check)
        self.mode.currentIndexChanged.connect(self._on_mode)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        names = {
            "text": (self.tr("text (UTF-8)"), self.tr("The text as UTF-8 bytes, exactly as typed")),
            "hex": (self.tr("hex"), self.tr("Hex digits, e.g. de ad be ef or 0xde,0xad")),
            "escape": (
                self.tr("escaped (\\xNN)"),
                self.tr("Text with \\xNN, \\n, \\r, \\t, \\0 and \\\\ escapes, e.g. hello\\x00\\xff"),
            ),
        }
        for index, mode in enumerate(self.modes):
            name, tip = names[mode]
            self.mode.setItemText(index, name)
            self.mode.setItemData(index, tip, Qt.ItemDataRole.ToolTipRole)
        self.mode.setToolTip(self.tr("How the text is turned into bytes"))
        self._check()  # the problem, in this language

    def current_mode(self) -> str:
        return str(self.mode.currentData())

    def set_mode(self, mode: str) -> None:
        self.mode.setCurrentIndex(self.mode.findData(mode))

    def set_data(self, data: bytes | None) -> None:
        """Show ``data`` in the current mode (None: empty)."""
        self.text.setPlainText("" if data is None else render_bytes(data, self.current_mode()))

    def problems(self) -> list[PayloadError]:
        return payload_errors(self.text.toPlainText(), self.current_mode())

    def data(self) -> bytes:
        """The bytes the text means; raises PayloadError (also shown under the text)."""
        try:
            return encode_payload(self.text.toPlainText(), self.current_mode())
        except PayloadError as exc:
            self.error.show(exc.text())
            raise

    def _check(self) -> None:
        problems = self.problems()
        if problems:
            message = problems[0].text()
            if len(problems) > 1:
                message += " " + self.tr("(and {n} more)").format(n=len(problems) - 1)
            self.error.show(message)
        else:
            self.error.clear()
        self.edited.emit()

    def _on_mode(self, _index: int) -> None:
        """Another mode: the same bytes, written the new way (bad text stays as typed)."""
        old, new = self._mode_shown, self.current_mode()
        self._mode_shown = new
        try:
            data = encode_payload(self.text.toPlainText(), old)
        except PayloadError:
            self._check()
            return
        self.text.setPlainText(render_bytes(data, new))


class DirectionBox(QWidget):
    """One direction of the chosen connection (see the module docstring).

    Signals:
        pauseToggled(str, bool): the direction and whether to pause it (every connection, and new ones).
        releaseRequested(str, object): the direction and the bytes to send on in place of the
            held chunk (None: unchanged, b"": drop it).
    """

    pauseToggled = Signal(str, bool)
    releaseRequested = Signal(str, object)

    def __init__(self, direction: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.direction = direction
        self.setObjectName(f"relay-{direction}")
        self.held: bytes | None = None
        self.title = QLabel(self)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.pause = QPushButton(self)
        self.pause.setObjectName(f"relayPause-{direction}")
        self.pause.setCheckable(True)
        self.pause.toggled.connect(self._on_pause)
        self.state = QLabel(self)
        self.state.setObjectName(f"relayState-{direction}")
        self.state.setWordWrap(True)
        set_role(self.state, "hint")
        self.dump = HeldDump(self)
        self.dump.setObjectName(f"relayHeld-{direction}")
        self.dump.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.dump.setMinimumHeight(self.dump.fontMetrics().lineSpacing() * 3 + 12)
        self.edit_caption = QLabel(self)
        self.editor = BytesEditor(f"relayEdit-{direction}", ("escape", "hex"), lines=2, parent=self)
        self.editor.edited.connect(self._update_buttons)
        self.release = QPushButton(self)
        self.release.setObjectName(f"relayRelease-{direction}")
        set_role(self.release, "primary")
        self.release.clicked.connect(self._on_release)
        self.drop = QPushButton(self)
        self.drop.setObjectName(f"relayDrop-{direction}")
        self.drop.clicked.connect(lambda: self.releaseRequested.emit(self.direction, b""))
        self.error = InlineError(self.release, f"relayError-{direction}")
        self._state_text = ""
        self._build_layout()
        self.retranslate()
        self.show_state(False, None)

    def _build_layout(self) -> None:
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.title, 1)
        head.addWidget(self.pause, 0)
        edit_head = QHBoxLayout()
        edit_head.setContentsMargins(0, 0, 0, 0)
        edit_head.addWidget(self.edit_caption, 1)
        self.editor.mode.setParent(self)
        edit_head.addWidget(self.editor.mode, 0)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addStretch(1)
        buttons.addWidget(self.drop)
        buttons.addWidget(self.release)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(3)
        layout.addLayout(head)
        layout.addWidget(self.state)
        layout.addWidget(self.dump, 1)
        layout.addLayout(edit_head)
        layout.addWidget(self.editor)
        layout.addLayout(buttons)
        self.error.label.setParent(self)
        layout.addWidget(self.error.label)

    # -- texts --------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        if self.direction == "c2s":
            self.title.setText(self.tr("Client → target"))
            self.title.setToolTip(self.tr("What the client sends, on its way to the target server (c2s)"))
        else:
            self.title.setText(self.tr("Target → client"))
            self.title.setToolTip(self.tr("What the target server answers, on its way back to the client (s2c)"))
        self.pause.setToolTip(
            self.tr("Pause: every connection holds its next chunk in this direction until you release it. "
                    "Resume: everything flows again (a held chunk goes on).")
        )  # fmt: skip
        self.dump.setToolTip(self.tr("The held chunk: offset, hex bytes and their ASCII (other bytes as .)"))
        self.dump.setPlaceholderText(self.tr("Nothing is held. Pause, then send something through the relay."))
        self.edit_caption.setText(self.tr("Send on as"))
        self.editor.text.setToolTip(self.tr("Change the bytes here before Release sends them on"))
        self.release.setText(self.tr("Release"))
        self.release.setToolTip(
            self.tr("Send the held chunk on, as edited above; the next chunk is held again while paused")
        )
        self.drop.setText(self.tr("Drop"))
        self.drop.setToolTip(self.tr("Let nothing of the held chunk go on; the next chunk is held again"))
        self._pause_text()
        self._show_state_text()

    def _pause_text(self) -> None:
        self.pause.setText(self.tr("Resume") if self.pause.isChecked() else self.tr("Pause"))

    def _show_state_text(self) -> None:
        if self._state_text == "held":
            assert self.held is not None
            text = self.tr("Holding {n} bytes: edit them below if you like, then Release or Drop").format(
                n=len(self.held)
            )
        elif self._state_text == "waiting":
            text = self.tr("Paused: the next chunk in this direction will be held here")
        else:
            text = self.tr("Flowing: bytes go on as they arrive")
        self.state.setText(text)

    # -- state --------------------------------------------------------------------------------
    def set_paused(self, paused: bool) -> None:
        """What the relay says (without asking it again)."""
        if self.pause.isChecked() != paused:
            self.pause.blockSignals(True)
            self.pause.setChecked(paused)
            self.pause.blockSignals(False)
            self._pause_text()

    def show_state(self, paused: bool, held: bytes | None) -> None:
        """The chosen connection's state in this direction; a new held chunk fills the view and editor."""
        if held != self.held or (held is None) != (self.held is None):
            self.held = held
            self.dump.set_bytes(held)
            self.editor.set_data(held)
            self.error.clear()
        self._state_text = "held" if held is not None else ("waiting" if paused else "flowing")
        self._show_state_text()
        self._update_buttons()

    def _update_buttons(self) -> None:
        holding = self.held is not None
        self.editor.setEnabled(holding)
        self.editor.mode.setEnabled(holding)
        self.drop.setEnabled(holding)
        self.release.setEnabled(holding and not self.editor.problems())

    def _on_pause(self, on: bool) -> None:
        self._pause_text()
        self.pauseToggled.emit(self.direction, on)

    def _on_release(self) -> None:
        if self.held is None:
            return
        try:
            data = self.editor.data()
        except PayloadError:
            return
        self.releaseRequested.emit(self.direction, None if data == self.held else data)

"""The client's Send and Options tabs: the payload editor (bad hex marked in place), line ending, checksum, the preview of the exact bytes, and repeating a send.

SendPage holds what one Send puts on the wire and shows it before it goes: the body, the
checksum appended to it and the line ending, as hex. OptionsPage says how often (once, N
times, every T ms until stopped), how big (repeat the payload to N bytes: a payload larger
than the socket's send buffer is how send() comes to take fewer bytes than asked) and in
which byte order a checksum is appended; ui.repeater runs a repeated send.

Signals (SendPage):
    sendClicked(): Send was clicked or Ctrl+Enter pressed (the pane sends to its client).
    stopClicked(): Stop was clicked during a repeated send.
    changed(): the payload or a choice that shapes the bytes changed (the pane updates its buttons).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontDatabase, QKeySequence, QShortcut, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.client_widgets import CompactButton
from ui.packets import (
    BYTEORDERS,
    CHECKSUM_NAMES,
    ENDINGS,
    MAX_FILL,
    PAYLOAD_MODES,
    SEND_CALLS,
    Composed,
    Packet,
    compose,
)
from ui.server_pane import InlineError, set_role
from workbench.errors import WorkbenchError

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTextEdit

#: Bytes of the body the preview shows before "…".
PREVIEW_BYTES = 24
#: The preview is computed this long after the last keystroke (a 16 MiB fill takes a moment).
PREVIEW_DELAY_MS = 60


def _hex(data: bytes, limit: int | None = None) -> str:
    if limit is not None and len(data) > limit:
        return data[:limit].hex(" ") + " …"
    return data.hex(" ")


class _ChecksumCombo(QComboBox):
    """The checksum choice; its items' tooltips are made when the list first opens.

    They need workbench.checksum, whose CRC tables take ~40 ms to build: not at start-up.
    """

    def __init__(self, make_tips: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._make_tips = make_tips
        self.tips_made = False

    def showPopup(self) -> None:
        if not self.tips_made:
            self._make_tips()
            self.tips_made = True
        super().showPopup()


class SendPage(QWidget):
    """Payload, call and Send; line ending and checksum; the preview of the bytes."""

    sendClicked = Signal()
    stopClicked = Signal()
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clientSendPage")
        self.options: OptionsPage | None = None  # set by the pane: fill size and byte order
        self.mode = QComboBox(self)
        self.mode.setObjectName("clientPayloadMode")
        for data in PAYLOAD_MODES:
            self.mode.addItem("", data)
        self.call = QComboBox(self)
        self.call.setObjectName("clientCall")
        for name in SEND_CALLS:
            self.call.addItem(f"{name}()", name)
        self.send_button = QPushButton(self)
        self.send_button.setObjectName("clientSend")
        set_role(self.send_button, "primary")
        self.send_button.clicked.connect(self.sendClicked)

        self.payload = QPlainTextEdit(self)
        self.payload.setObjectName("clientPayload")
        self.payload.setPlaceholderText("hello\\n")
        self.payload.setPlainText("hello\n")
        self.payload.setTabChangesFocus(True)
        self.payload.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self._fit_payload_height()
        shortcut = QShortcut(QKeySequence("Ctrl+Return"), self.payload)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(self.send_from_keyboard)

        self.ending = QComboBox(self)
        self.ending.setObjectName("clientEnding")
        for key in ENDINGS:
            self.ending.addItem("", key)
        self.checksum = _ChecksumCombo(self._checksum_tips, self)
        self.checksum.setObjectName("clientChecksum")
        self.checksum.addItem("", "")
        for name in CHECKSUM_NAMES:
            self.checksum.addItem(name, name)
        self.preview = QLabel(self)
        self.preview.setObjectName("clientPreview")
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_role(self.preview, "hint")
        self.stop_button = QPushButton(self)
        self.stop_button.setObjectName("clientStop")
        self.stop_button.clicked.connect(self.stopClicked)
        self.send_reason = QLabel(self)
        self.send_reason.setObjectName("clientSendReason")
        set_role(self.send_reason, "hint")
        self.send_reason.setWordWrap(True)
        self.ending_caption = QLabel(self)
        self.checksum_caption = QLabel(self)

        self._build_layout()
        self.errors = {
            "payload": InlineError(self.payload, "clientPayloadError"),
            "send": InlineError(self.send_button, "clientSendError"),
        }
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(self.payload) + 1, self.errors["payload"].label)
        layout.insertWidget(layout.indexOf(self.preview), self.errors["send"].label)
        self.payload_problems: list[Any] = []
        self._blocker: str | None = None
        self.composed: Composed | None = None
        self.compose_error: str | None = None
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.update_preview)
        self.payload.textChanged.connect(self.validate_payload)
        self.mode.currentIndexChanged.connect(self.validate_payload)
        self.ending.currentIndexChanged.connect(self.shape_changed)
        self.checksum.currentIndexChanged.connect(self.shape_changed)
        self.call.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.set_running(False)
        self.retranslate()

    def _build_layout(self) -> None:
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.mode, 1)
        head.addWidget(self.call)
        head.addWidget(self.send_button)
        head.addWidget(self.stop_button)

        shape = QHBoxLayout()
        shape.setContentsMargins(0, 0, 0, 0)
        shape.addWidget(self.ending_caption)
        shape.addWidget(self.ending)
        shape.addSpacing(6)
        shape.addWidget(self.checksum_caption)
        shape.addWidget(self.checksum, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 2)
        layout.setSpacing(3)
        layout.addLayout(head)
        layout.addWidget(self.payload)
        layout.addLayout(shape)
        layout.addWidget(self.preview)
        layout.addWidget(self.send_reason)
        layout.addStretch(1)
        for a, b in (
            (self.mode, self.call),
            (self.call, self.send_button),
            (self.send_button, self.stop_button),
            (self.stop_button, self.payload),
            (self.payload, self.ending),
            (self.ending, self.checksum),
        ):
            QWidget.setTabOrder(a, b)

    def _fit_payload_height(self) -> None:
        """Two lines of the payload's font, whatever its size (a third scrolls)."""
        document = self.payload.document()
        lines = 2 * self.payload.fontMetrics().lineSpacing()
        frame = 2 * self.payload.frameWidth()
        self.payload.setFixedHeight(int(lines + 2 * document.documentMargin() + frame) + 2)

    # -- texts --------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self._fit_payload_height()  # a language's fonts may have taller lines
        self.ending_caption.setText(self.tr("End"))
        self.checksum_caption.setText(self.tr("Checksum"))
        for index, (name, tip) in enumerate(
            (
                (self.tr("text (UTF-8)"), self.tr("The text as UTF-8 bytes, exactly as typed")),
                (self.tr("hex"), self.tr("Hex digits, e.g. de ad be ef or 0xde,0xad")),
                (
                    self.tr("escaped (\\xNN)"),
                    self.tr("Text with \\xNN, \\n, \\r, \\t, \\0 and \\\\ escapes, e.g. hello\\x00\\xff"),
                ),
            )
        ):
            self.mode.setItemText(index, name)
            self.mode.setItemData(index, tip, Qt.ItemDataRole.ToolTipRole)
        self.mode.setToolTip(self.tr("How the payload below is turned into bytes"))
        self.call.setToolTip(self.tr("The socket call that sends the payload"))
        self.payload.setToolTip(
            self.tr("The bytes to send, written in the form chosen above (Ctrl+Enter sends)")
        )
        self.send_button.setText(self.tr("Send"))
        for index, text in enumerate((self.tr("none"), "\\n", "\\r\\n", "\\r")):
            self.ending.setItemText(index, text)
        self.ending.setToolTip(self.tr("A line ending added after the payload (and after its checksum)"))
        self.checksum.setItemText(0, self.tr("none"))
        self.checksum.setToolTip(
            self.tr("A checksum of the payload, appended before the line ending; the bytes are shown below")
        )
        self.checksum.tips_made = False  # made again, in this language, when the list opens
        self.stop_button.setText(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stop the repeated send (a send under way still finishes)"))
        self.preview.setToolTip(self.tr("Exactly the bytes the next Send puts on the wire"))
        self._show_payload_problems()
        self.update_preview()

    def _checksum_tips(self) -> None:
        """Each algorithm's width and byte order as its item's tooltip (the list is opening)."""
        from workbench.checksum import ALGORITHMS

        for index in range(1, self.checksum.count()):
            alg = ALGORITHMS[str(self.checksum.itemData(index))]
            if alg.width == 1:
                tip = self.tr("{name} appends one byte").format(name=alg.name)
            elif alg.byteorder == "little":
                tip = self.tr("{name} appends {width} bytes, low byte first").format(
                    name=alg.name, width=alg.width
                )
            else:
                tip = self.tr("{name} appends {width} bytes, high byte first").format(
                    name=alg.name, width=alg.width
                )
            self.checksum.setItemData(index, tip, Qt.ItemDataRole.ToolTipRole)

    # -- the payload ----------------------------------------------------------------------------
    def payload_mode(self) -> str:
        return str(self.mode.currentData())

    def packet(self) -> Packet:
        """What the form would send, as a Packet (saved packets and the history keep these)."""
        order = self.options.byteorder() if self.options is not None else ""
        return Packet(
            text=self.payload.toPlainText(),
            mode=self.payload_mode(),
            ending=str(self.ending.currentData()),
            checksum=str(self.checksum.currentData() or ""),
            byteorder=order,
            call=str(self.call.currentData()),
        )

    def load(self, packet: Packet) -> None:
        """Put a saved packet or an earlier send back in the form."""
        for combo, value in (
            (self.mode, packet.mode),
            (self.ending, packet.ending),
            (self.checksum, packet.checksum),
        ):
            index = combo.findData(value)
            if index >= 0:
                combo.setCurrentIndex(index)
        if packet.call:
            self.choose_call(packet.call)
        if self.options is not None:
            self.options.set_byteorder(packet.byteorder)
        self.payload.setPlainText(packet.text)

    def choose_call(self, call: str) -> None:
        """Select a send call if the socket type allows it."""
        if call in SEND_CALLS:
            model = self.call.model()
            assert isinstance(model, QStandardItemModel)
            if model.item(SEND_CALLS.index(call)).isEnabled():
                self.call.setCurrentIndex(SEND_CALLS.index(call))

    def validate_payload(self, _index: int = 0) -> None:
        """Mark bad hex/escapes in place; Send stays disabled while there are any."""
        from workbench.hexfmt import payload_errors

        text = self.payload.toPlainText()
        self.payload_problems = list(payload_errors(text, self.payload_mode()))
        self.payload.setExtraSelections(self._problem_marks(text) if self.payload_problems else [])
        self._show_payload_problems()
        self.errors["send"].clear()
        self.shape_changed()

    def shape_changed(self, _index: int = 0) -> None:
        self.composed = None
        self._preview_timer.start()
        self.changed.emit()

    def final_bytes(self) -> Composed:
        """The bytes of the next send (computed now if the preview has not caught up)."""
        if self.composed is None:
            fill = self.options.fill() if self.options is not None else 0
            self.composed = compose(self.packet(), fill)
        return self.composed

    def update_preview(self) -> None:
        """Show the exact bytes of the next Send: body, + checksum, + line ending (and how often)."""
        self._preview_timer.stop()
        self.compose_error = None
        text = ""
        if not self.payload_problems:
            try:
                parts = self.final_bytes()
            except WorkbenchError as exc:
                self.compose_error = text = exc.text()
            else:
                pieces = [_hex(parts.body, PREVIEW_BYTES) or self.tr("(nothing)")]
                if parts.check:
                    name = self.checksum.currentText()
                    pieces.append(self.tr("+ {hex} ({name})").format(hex=_hex(parts.check), name=name))
                if parts.ending:
                    pieces.append(self.tr("+ {hex} (line end)").format(hex=_hex(parts.ending)))
                text = self.tr("{n} B: {parts}").format(n=len(parts.data), parts="  ".join(pieces))
                summary = self.options.summary() if self.options is not None else ""
                if summary:
                    text += "\n" + summary
        self.preview.setText(text)
        self._sync_visibility()

    def _show_payload_problems(self) -> None:
        if self.payload_problems:
            first = self.payload_problems[0]
            more = len(self.payload_problems) - 1
            message = first.text()
            if more:
                message += " " + self.tr("(and {n} more)").format(n=more)
            self.errors["payload"].show(message)
        else:
            self.errors["payload"].clear()

    def _problem_marks(self, text: str) -> list[QTextEdit.ExtraSelection]:
        """A wavy red mark under each of ``payload_problems``.

        The text-format classes are imported here, when there is something to mark: the
        first use of each builds all its enums, and the default payload has no problems.
        """
        from PySide6.QtGui import QTextCharFormat, QTextCursor
        from PySide6.QtWidgets import QTextEdit

        from workbench.hexfmt import utf16_span

        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#fde2e1"))
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        fmt.setUnderlineColor(QColor("#c62828"))
        fmt.setForeground(QColor("#9b1c1c"))
        document = self.payload.document()
        length = document.characterCount() - 1  # Qt counts UTF-16 units
        selections = []
        for problem in self.payload_problems:
            sel = QTextEdit.ExtraSelection()
            cursor = QTextCursor(document)
            start, end = utf16_span(text, int(problem.start), int(problem.end))
            start = max(0, min(start, length))
            end = max(start, min(max(end, start + 1), length))
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cursor
            sel.format = fmt
            selections.append(sel)
        return selections

    def send_from_keyboard(self) -> None:
        if self.send_button.isEnabled():
            self.send_button.click()

    # -- what the pane says --------------------------------------------------------------------
    def set_running(self, running: bool) -> None:
        """While a repeated send runs, Stop takes Send's place."""
        self.send_button.setVisible(not running)
        self.stop_button.setVisible(running)

    def set_blocker(self, reason: str | None) -> None:
        """Why Send is disabled (shown where the preview is), or None to show the preview."""
        self._blocker = reason
        self.send_reason.setText(reason or "")
        self._sync_visibility()

    def _sync_visibility(self) -> None:
        blocked = bool(self._blocker)
        self.send_reason.setVisible(blocked and not self.payload_problems)
        self.preview.setVisible(not blocked and bool(self.preview.text()))


class OptionsPage(QWidget):
    """How often and how big a Send is, the send buffer (SO_SNDBUF) and the checksum's byte order.

    Signals:
        changed(): a choice changed (the Send tab's preview follows).
        callRequested(str, dict): setsockopt(SO_SNDBUF) on the chosen client, as the host takes it.
    """

    changed = Signal()
    callRequested = Signal(str, dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clientOptionsPage")
        self.count = QSpinBox(self)
        self.count.setObjectName("clientRepeatCount")
        self.count.setRange(0, 99_999)  # 0: until Stop
        self.count.setValue(1)
        self.interval = QSpinBox(self)
        self.interval.setObjectName("clientRepeatInterval")
        self.interval.setRange(0, 600_000)
        self.interval.setSingleStep(100)
        self.fill_size = QSpinBox(self)
        self.fill_size.setObjectName("clientFillSize")
        self.fill_size.setRange(0, MAX_FILL)
        self.fill_size.setSingleStep(65536)
        self.fill_size.setGroupSeparatorShown(True)
        self.sndbuf = QSpinBox(self)
        self.sndbuf.setObjectName("clientSndbuf")
        self.sndbuf.setRange(1, 16 << 20)
        self.sndbuf.setValue(4096)
        self.sndbuf_button = CompactButton("setsockopt()", self)
        self.sndbuf_button.setObjectName("clientSetSndbuf")
        self.sndbuf_button.clicked.connect(self.request_sndbuf)
        self.order = QComboBox(self)
        self.order.setObjectName("clientChecksumOrder")
        for value in BYTEORDERS:
            self.order.addItem("", value)
        self.captions = {key: QLabel(self) for key in ("repeat", "every", "fill", "buffer", "order")}

        grid = QGridLayout(self)
        grid.setContentsMargins(4, 4, 4, 2)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        c = self.captions
        rows: list[list[QWidget]] = [
            [c["repeat"], self.count, c["every"], self.interval],
            [c["fill"], self.fill_size],
            [c["buffer"], self.sndbuf, self.sndbuf_button],
            [c["order"], self.order],
        ]
        for row, widgets in enumerate(rows):
            grid.addWidget(widgets[0], row, 0)
            if len(widgets) == 2:
                grid.addWidget(widgets[1], row, 1, 1, 3)
            elif len(widgets) == 3:
                grid.addWidget(widgets[1], row, 1, 1, 2)
                grid.addWidget(widgets[2], row, 3)
            else:
                for col, widget in enumerate(widgets[1:], start=1):
                    grid.addWidget(widget, row, col)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        grid.setRowStretch(len(rows), 1)
        for widget in c.values():
            widget.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        order = [self.count, self.interval, self.fill_size, self.sndbuf, self.sndbuf_button, self.order]
        for a, b in itertools.pairwise(order):
            QWidget.setTabOrder(a, b)
        for signal in (self.count.valueChanged, self.interval.valueChanged, self.fill_size.valueChanged,
                       self.order.currentIndexChanged):  # fmt: skip
            signal.connect(lambda _v: self.changed.emit())
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        c = self.captions
        c["repeat"].setText(self.tr("Repeat"))
        c["every"].setText(self.tr("Every"))
        c["fill"].setText(self.tr("Size"))
        c["buffer"].setText("SO_SNDBUF")
        c["order"].setText(self.tr("Checksum"))
        self.count.setSpecialValueText(self.tr("until Stop"))
        self.count.setSuffix(self.tr(" ×"))
        self.count.setToolTip(
            self.tr(
                "How many times one click on Send sends the payload (the lowest choice: until you click Stop)"
            )
        )
        self.interval.setSuffix(self.tr(" ms"))
        self.interval.setToolTip(
            self.tr("The pause between two sends (0: the next one as soon as the last is done)")
        )
        self.fill_size.setSpecialValueText(self.tr("as typed"))
        self.fill_size.setSuffix(self.tr(" B"))
        self.fill_size.setToolTip(
            self.tr(
                "Repeat the payload until it is this many bytes long. A payload larger than the send "
                "buffer makes send() take only part of it."
            )
        )
        self.sndbuf.setSuffix(self.tr(" B"))
        self.sndbuf.setToolTip(
            self.tr("The send buffer size to ask for; Linux doubles it, and keeps a minimum of its own")
        )
        self.sndbuf_button.setToolTip(
            self.tr(
                "setsockopt(SOL_SOCKET, SO_SNDBUF, size) on the chosen client: a small send buffer and a "
                "large payload make send() take fewer bytes than asked"
            )
        )
        for index, text in enumerate((self.tr("byte order as the algorithm says"), self.tr("big-endian"),
                                      self.tr("little-endian"))):  # fmt: skip
            self.order.setItemText(index, text)
        self.order.setToolTip(
            self.tr(
                "The byte order the checksum is appended in (CRC-16/MODBUS is low byte first by convention)"
            )
        )

    def summary(self) -> str:
        """What one click on Send does when it repeats, in words ("" when it sends once)."""
        if self.count.value() == 0:
            return self.tr("Send repeats every {ms} ms until you click Stop.").format(
                ms=self.interval.value()
            )
        if self.count.value() > 1:
            return self.tr("Send sends {n} times, {ms} ms apart.").format(
                n=self.count.value(), ms=self.interval.value()
            )
        return ""

    def repeats(self) -> int | None:
        """How many sends one click makes (None: until stopped)."""
        return self.count.value() or None

    def fill(self) -> int:
        return self.fill_size.value()

    def byteorder(self) -> str:
        return str(self.order.currentData())

    def set_byteorder(self, value: str) -> None:
        index = self.order.findData(value)
        if index >= 0:
            self.order.setCurrentIndex(index)

    def request_sndbuf(self) -> None:
        self.callRequested.emit("setsockopt_sndbuf", {"size": self.sndbuf.value()})

    def set_client_live(self, live: bool) -> None:
        self.sndbuf_button.setEnabled(live)

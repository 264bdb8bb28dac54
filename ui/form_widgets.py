"""Widgets and helpers the server and client forms share: compact form rows, inline errors, roles, run_action."""

from __future__ import annotations

import itertools
import os
import re
import sys
import tempfile
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QPalette, QStandardItemModel, QValidator
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workbench.spec import Family, Mixin, ServerSpec, SockType

if TYPE_CHECKING:
    import asyncio

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


class PortBox(QSpinBox):
    """A port field that keeps what was typed past 65535 and says so, instead of silently dropping a digit.

    QSpinBox refuses a keystroke that leaves its range, so typing 70000 gives 7000 without a
    word. Here such text stays (Intermediate) and ``tooLarge`` fires; the form says "ports
    end at 65535" under the field and will not start with it. Leaving the field puts the
    last good value back (Qt's correction), the message stays until the next edit.

    Signals:
        tooLarge(str): the text typed is a number past the maximum ("" when it is no longer).
        reverted(str, int): leaving the field dropped that number; the value kept.
    """

    tooLarge = Signal(str)
    reverted = Signal(str, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(0, 65535)
        self._over = ""
        self._reverting = False

    @property
    def over(self) -> str:
        """The too-large number typed, or ""."""
        return self._over

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        digits = text.strip()
        if digits.isdigit() and int(digits) > self.maximum() and len(digits) <= 12:
            self._set_over(digits)
            return QValidator.State.Intermediate, text, pos
        self._set_over("")
        return super().validate(text, pos)

    def _set_over(self, value: str) -> None:
        if value != self._over:
            self._over = value
            if not self._reverting:
                self.tooLarge.emit(value)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        dropped = self._over
        self._reverting = bool(dropped)
        try:
            super().focusOutEvent(event)  # Qt puts the last good value back
        finally:
            self._reverting = False
        if dropped and not self._over:
            self.reverted.emit(dropped, self.value())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter with a too-large number: keep the text (Qt would put the old value back) and let
        # the form say why it does not start
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._over:
            event.ignore()
            return
        super().keyPressEvent(event)

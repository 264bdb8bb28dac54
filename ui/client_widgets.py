"""Small widgets of the client form: a port box that says why it refused a digit, compact buttons, Enter-to-act.

PortBox: a plain QSpinBox with the range 0..65535 refuses the key that would make
``70000`` and leaves ``7000`` in the box without a word. PortBox refuses it too (the value
never leaves the range) but emits ``refused`` with the text that was typed, so the form can
say under the field that ports end at 65535. The form clears that message on valueChanged,
the next real edit.

CompactButton: a push button as wide as its text (Fusion makes every labelled button at
least 80 px wide), so a row of socket calls fits the left column.

FittingTabs: a tab widget as tall as its current page, not its tallest one (a QTabWidget asks
for the most any page may need, so a long preview on one tab would make every tab tall).

on_enter(): Enter in a field runs the form's action (Connect, Send, recv ...).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QValidator
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTabWidget,
    QWidget,
)


class PortBox(QSpinBox):
    """A port field (0..65535) that reports a refused number.

    Signals:
        refused(str): a key was refused because the number would pass the maximum; the text typed.
    """

    refused = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(0, 65535)

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        result = super().validate(text, pos)
        digits = text.strip()
        if result[0] == QValidator.State.Invalid and digits.isdigit() and int(digits) > self.maximum():
            self.refused.emit(digits)
        return result


class CompactButton(QPushButton):
    """A push button only as wide as its text needs."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        metrics = self.fontMetrics()
        width = metrics.horizontalAdvance(self.text()) + 2 * metrics.averageCharWidth() + 6
        return QSize(min(hint.width(), max(width, hint.height())), hint.height())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()


class FittingTabs(QTabWidget):
    """A QTabWidget whose height follows the page shown (its width stays that of the widest page)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        stack = self.findChild(QStackedWidget)
        assert stack is not None
        self._stack = stack
        layout = stack.layout()
        if layout is not None:  # the stack must not insist on the tallest page's height
            layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.currentChanged.connect(lambda _i: self.updateGeometry())

    def _page_height(self, width: int | None = None) -> int:
        page = self.currentWidget()
        if page is None:
            return 0
        least = page.minimumSizeHint().height()
        if width is not None and page.hasHeightForWidth():
            return max(page.heightForWidth(width), least)
        return max(page.sizeHint().height(), least)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return super().heightForWidth(width) - self._stack.heightForWidth(width) + self._page_height(width)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), hint.height() - self._stack.sizeHint().height() + self._page_height())

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        page = self.currentWidget()
        least = page.minimumSizeHint().height() if page is not None else 0
        return QSize(hint.width(), hint.height() - self._stack.minimumSizeHint().height() + least)


class _EnterFilter(QObject):
    """Return/Enter in a spin box: take the typed text, then act (the box would only select it)."""

    def __init__(self, box: QAbstractSpinBox, action: Callable[[], None]) -> None:
        super().__init__(box)
        self._action = action

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            if isinstance(watched, QAbstractSpinBox):
                watched.interpretText()
            self._action()
            return True
        return False


def on_enter(widget: QWidget, action: Callable[[], None]) -> None:
    """Run ``action`` when Enter is pressed in ``widget`` (a line edit or a spin box)."""
    if isinstance(widget, QLineEdit):
        widget.returnPressed.connect(action)
    elif isinstance(widget, QAbstractSpinBox):
        widget.installEventFilter(_EnterFilter(widget, action))
    else:  # pragma: no cover - a programming error
        raise TypeError(f"on_enter: {type(widget).__name__} is not a field")

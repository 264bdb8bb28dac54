"""What "nothing is clipped" means for a pane, as a check the fit tests run (in this process or a scaled one).

A widget is clipped when a parent cuts part of it off (its visible region is smaller than it
is), or when its own text needs more room than it has (a label, a button, a combo box). What a
scroll area inside the pane holds is reached by scrolling it, so only the pane itself is checked. The
hex view is clipped when its ASCII column needs a sideways scroll; the event table's bytes
column when it is narrower than a size and a few bytes (a narrow window may scroll the table
sideways to show it; at 1280 px it must not need to).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)


def clipped(root: QWidget) -> list[str]:
    """Every visible control under ``root`` that is cut off or too small for its text."""
    QApplication.processEvents()
    out = []
    for w in root.findChildren(QWidget):
        if not w.isVisible() or not isinstance(w, QLabel | QAbstractButton | QComboBox | QLineEdit):
            continue
        if _inside_item_view(w, root):
            continue
        name = w.objectName() or f"{type(w).__name__}({_text(w)!r})"
        seen = w.visibleRegion().boundingRect()
        if seen.width() < w.width() - 1 or seen.height() < w.height() - 1:
            out.append(f"{name}: only {seen.width()}x{seen.height()} of {w.width()}x{w.height()} shown")
            continue
        if isinstance(w, QLabel) and w.text():
            if w.wordWrap():
                need = w.heightForWidth(w.width())
                if need > w.height() + 1:
                    out.append(f"{name}: needs {need} px of height, has {w.height()}")
            elif w.sizeHint().width() > w.width() + 1 and not w.hasScaledContents():
                out.append(f"{name}: needs {w.sizeHint().width()} px, has {w.width()}")
        elif isinstance(w, QAbstractButton) and w.text() and w.sizeHint().width() > w.width() + 1:
            out.append(f"{name}: needs {w.sizeHint().width()} px, has {w.width()}")
    return out


def _inside_item_view(w: QWidget, root: QWidget) -> bool:
    """Inside a table (its editors), or inside a scroll area of the pane's own (reached by scrolling)."""
    parent = w.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _text(w: Any) -> str:
    text = getattr(w, "text", None)
    return str(text()) if callable(text) else ""


def window_report(window: Any) -> dict[str, Any]:
    """Each centre tab's clipped controls and the two columns that used to be cut, with the tab shown."""
    from ui.models.event_model import COL_BYTES

    report: dict[str, Any] = {}
    window.ensure_panes()
    for index, name in ((0, "events"), (1, "timeline"), (2, "hex")):
        window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        pane = {0: window.events_pane, 1: window.timeline, 2: window.hex_pane}[index]
        report[name] = clipped(pane)
        if name == "hex":
            hsb = window.hex_pane.view.horizontalScrollBar()
            report["hex_sideways_scroll"] = hsb.maximum()
            scroll = window.findChild(QWidget, "hexScroll")
            report["hex_pane_wider_than_tab"] = window.hex_pane.width() - scroll.viewport().width()
        if name == "events":
            from tests.ui.fit_check import bytes_column_shortfall

            report["bytes_column_shortfall"] = bytes_column_shortfall(window.events_pane, COL_BYTES)
            report["events_sideways_scroll"] = window.events_pane.view.horizontalScrollBar().maximum()
    return report


def bytes_column_shortfall(pane: Any, column: int) -> int:
    """How many pixels the bytes column lacks for its size and a few bytes (0: none)."""
    from ui.event_table import _BYTES_SAMPLE

    need = pane.view.fontMetrics().horizontalAdvance(_BYTES_SAMPLE)
    return max(0, need - pane.header.sectionSize(column))

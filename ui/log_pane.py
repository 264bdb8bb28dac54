"""The log pane: Python logging from the engine and server threads, coloured by level, filterable."""

from __future__ import annotations

import copy
import logging
import time
from collections import deque
from typing import Any, Protocol

from PySide6.QtCore import QEvent, Slot
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.events import printable

#: (level, colour, short tag) per level; the tag keeps levels readable without colour.
LEVEL_STYLE: dict[int, tuple[str, str]] = {
    logging.DEBUG: ("#7a7f87", "DEBUG"),
    logging.INFO: ("#1f6f43", "INFO"),
    logging.WARNING: ("#a05a00", "WARN"),
    logging.ERROR: ("#b3261e", "ERROR"),
    logging.CRITICAL: ("#7d0a0a", "CRIT"),
}


#: The level filter's choices, in its order.
LEVEL_CHOICES = (logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR)


class _Poster(Protocol):
    def post(self, item: Any) -> None: ...


class BridgeLogHandler(logging.Handler):
    """A logging handler that hands records to a batch bridge; safe from any thread."""

    def __init__(self, bridge: _Poster) -> None:
        super().__init__(logging.DEBUG)
        self._bridge = bridge

    def emit(self, record: logging.LogRecord) -> None:
        try:
            # Format now, on the emitting thread: args may change or die once we return.
            # A copy, because other handlers still need the original record.
            item = copy.copy(record)
            item.message = record.getMessage()
            if record.exc_info and not record.exc_text:
                item.exc_text = logging.Formatter().formatException(record.exc_info)
            item.args = None
            item.exc_info = None
            self._bridge.post(item)
        except Exception:
            self.handleError(record)


def _level_style(levelno: int) -> tuple[str, str]:
    for level in sorted(LEVEL_STYLE, reverse=True):
        if levelno >= level:
            return LEVEL_STYLE[level]
    return LEVEL_STYLE[logging.DEBUG]


class LogPane(QWidget):
    """Shows log records delivered in batches (``add_records``) with a level filter."""

    MAX_RECORDS = 5000

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("logPane")
        self._records: deque[logging.LogRecord] = deque(maxlen=self.MAX_RECORDS)
        self._logger_levels: dict[str, int] = {}

        self.level = QComboBox(self)
        self.level.setObjectName("logLevel")
        for value in LEVEL_CHOICES:
            self.level.addItem("", value)
        self.level.setCurrentIndex(1)
        self.level.currentIndexChanged.connect(self._on_level_changed)

        self.clear_button = QPushButton(self)
        self.clear_button.setObjectName("logClear")
        self.clear_button.clicked.connect(self.clear)

        self.view = QPlainTextEdit(self)
        self.view.setObjectName("logView")
        self.view.setReadOnly(True)
        self.view.setMaximumBlockCount(self.MAX_RECORDS)
        self.view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.view.setFont(mono)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(self)
        self.title.setObjectName("paneTitle")
        bold = self.title.font()
        bold.setBold(True)
        self.title.setFont(bold)
        top.addWidget(self.title)
        top.addStretch(1)
        self.level_caption = QLabel(self)
        top.addWidget(self.level_caption)
        top.addWidget(self.level)
        top.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self.retranslate()

    # -- texts --------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Set every text of the pane in the current language (the records stay as written)."""
        for index, name in enumerate(
            (
                self.tr("Debug and above"),
                self.tr("Info and above"),
                self.tr("Warnings and errors"),
                self.tr("Errors only"),
            )
        ):
            self.level.setItemText(index, name)
        self.level.setToolTip(self.tr("Show only log records at this level or above"))
        self.clear_button.setText(self.tr("Clear"))
        self.clear_button.setToolTip(self.tr("Remove every record shown here"))
        self.view.setPlaceholderText(self.tr("Messages from the engine and from server threads appear here."))
        self.title.setText(self.tr("Log"))
        self.level_caption.setText(self.tr("Level:"))

    # -- records ------------------------------------------------------------------------------
    @property
    def threshold(self) -> int:
        return int(self.level.currentData())

    def set_threshold(self, level: int) -> None:
        index = self.level.findData(level)
        if index >= 0:
            self.level.setCurrentIndex(index)

    def watch_logger(self, logger: logging.Logger) -> None:
        """Make sure the chosen level reaches us even if the logger is set higher."""
        self._logger_levels.setdefault(logger.name, logger.level)
        self._apply_logger_level(logger)

    def _apply_logger_level(self, logger: logging.Logger) -> None:
        original = self._logger_levels.get(logger.name, logging.NOTSET)
        effective = original if original != logging.NOTSET else logging.WARNING
        logger.setLevel(min(effective, self.threshold))

    @Slot(list)
    def add_records(self, batch: list[logging.LogRecord]) -> None:
        """Append a batch of records (GUI thread); one text insert per batch."""
        self._records.extend(batch)
        lines = [self._format(r) for r in batch if r.levelno >= self.threshold]
        if lines:
            self._append(lines)

    def records(self) -> list[logging.LogRecord]:
        return list(self._records)

    def visible_text(self) -> str:
        return self.view.toPlainText()

    @Slot()
    def clear(self) -> None:
        self._records.clear()
        self.view.clear()

    def _on_level_changed(self, _index: int) -> None:
        for name in self._logger_levels:
            self._apply_logger_level(logging.getLogger(name))
        self.view.clear()
        lines = [self._format(r) for r in self._records if r.levelno >= self.threshold]
        if lines:
            self._append(lines)

    def _append(self, lines: list[str]) -> None:
        bar = self.view.verticalScrollBar()
        follow = bar.value() >= bar.maximum() - 4
        self.view.appendHtml("<br>".join(lines))
        if follow:
            bar.setValue(bar.maximum())

    @staticmethod
    def _format(record: logging.LogRecord) -> str:
        import html  # here, not with the module: its entity table is not needed for the first frame

        colour, tag = _level_style(record.levelno)
        stamp = time.strftime("%H:%M:%S", time.localtime(record.created)) + f".{int(record.msecs):03d}"
        message = record.message if hasattr(record, "message") else record.getMessage()
        # A traceback (handle_error's, or the window's own exc_info) arrives as one message
        # with newlines: its first line is the record's line, the rest a block below it.
        headline, _newline, rest = str(message).partition("\n")
        details = rest.rstrip().split("\n") if rest.strip() else []
        if record.exc_text:
            details += record.exc_text.rstrip().split("\n")
        text = html.escape(printable(headline))
        where = html.escape(printable(f"{record.name} [{record.threadName}]"))
        line = (
            f'<span style="color:#6b7280">{stamp}</span> '
            f'<span style="color:{colour};font-weight:600">{tag:<5}</span> '
            f'<span style="color:#4b5563">{where}</span> '
            f'<span style="color:{colour if record.levelno >= logging.WARNING else "#111827"}">{text}</span>'
        )
        return line + detail_block(details) if details else line


#: How far a record's block of detail lines is indented (in characters of the monospace font).
BLOCK_INDENT = 4


def detail_block(lines: list[str]) -> str:
    """Lines below a record (a traceback) as HTML: one per line, indented, shaded as one block.

    Every line is escaped twice over: control characters (a peer's path, bytes quoted in an
    error) become visible escapes, and ``<``/``&`` stay text, never markup. Spaces become
    non-breaking so the traceback's own indentation survives, and each line is padded to the
    longest so the shading forms one rectangle in the monospace font.
    """
    import html

    shown = [printable(line.rstrip().expandtabs(4)) for line in lines]
    width = max(len(line) for line in shown)
    indent = "&nbsp;" * BLOCK_INDENT
    return "".join(
        f'<br>{indent}<span style="color:#374151;background-color:#eef0f3">'
        f"{html.escape(f' {line:<{width}} ', quote=False).replace(' ', '&nbsp;')}</span>"
        for line in shown
    )

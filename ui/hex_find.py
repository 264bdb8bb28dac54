"""Find and go to in the hex view: a find bar (hex bytes, text, regex; next/previous, wrapping) and a go-to bar.

The search itself (``compile_needle``, ``StreamSearch``) is plain Python over a ConnectionStream:
it reads the connection a window of bytes at a time from the log and a timer drives it a few
milliseconds per tick, so finding nothing in 100 MB never freezes the window.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QPushButton, QToolButton, QWidget

from ui.hex_view import HexView
from ui.i18n import current_language
from workbench.hexfmt import PayloadError, encode_payload, parse_hex
from workbench.session.streams import ConnectionStream

#: Bytes searched per read: a window, plus a little of the next so a match across the cut is found.
WINDOW = 1 << 20
#: The longest regex match that is sure to be found (a window is searched with this much of the next).
REGEX_SPAN = 1 << 16
#: GUI-thread time one tick of a search may take.
TICK_BUDGET = 0.01
MODES = ("hex", "text", "regex")
ERROR_COLOR = "#c62828"


class NeedleError(ValueError):
    """A pattern that cannot be searched for; ``args[0]`` says why, in the window's language."""


@dataclass(frozen=True)
class Needle:
    """What to look for: literal bytes, or a compiled bytes regex."""

    literal: bytes | None = None
    regex: re.Pattern[bytes] | None = None

    @property
    def overlap(self) -> int:
        return len(self.literal) - 1 if self.literal is not None else REGEX_SPAN

    def first(self, data: bytes, end: int) -> tuple[int, int] | None:
        """The first match in ``data`` that starts before ``end``: (start, length)."""
        if self.literal is not None:
            at = data.find(self.literal, 0, end + len(self.literal) - 1)
            return None if at < 0 else (at, len(self.literal))
        assert self.regex is not None
        m = self.regex.search(data)
        return (m.start(), m.end() - m.start()) if m is not None and m.start() < end else None

    def last(self, data: bytes, end: int) -> tuple[int, int] | None:
        """The last match in ``data`` that starts before ``end``."""
        if self.literal is not None:
            at = data.rfind(self.literal, 0, end + len(self.literal) - 1)
            return None if at < 0 else (at, len(self.literal))
        assert self.regex is not None
        found = None
        for m in self.regex.finditer(data):
            if m.start() >= end:
                break
            found = (m.start(), m.end() - m.start())
        return found


def compile_needle(mode: str, text: str) -> Needle:
    """The needle a find field means; NeedleError (in the window's language) when it means nothing.

    ``hex``: "de ad be ef", "deadbeef", "0xde 0xad"; ``text``: the UTF-8 bytes of the text;
    ``regex``: a Python regular expression over the bytes, each character standing for the
    byte of the same number (latin-1), so ``\\x00`` and ``[\\x80-\\xff]`` mean bytes.
    """
    if not text:
        raise NeedleError(QCoreApplication.translate("FindBar", "Type what to find"))
    if mode == "hex":
        try:
            needle = parse_hex(text)
        except PayloadError as exc:
            raise NeedleError(exc.text(current_language())) from None
        if not needle:
            raise NeedleError(
                QCoreApplication.translate("FindBar", "Type at least one byte in hex, like de ad be ef")
            )
        return Needle(literal=needle)
    if mode == "text":
        try:
            return Needle(literal=encode_payload(text, "text"))
        except PayloadError as exc:
            raise NeedleError(exc.text(current_language())) from None
    if mode == "regex":
        try:
            pattern = text.encode("latin-1")
        except UnicodeEncodeError as exc:
            raise NeedleError(
                QCoreApplication.translate(
                    "FindBar", "A regex matches bytes: {char} is above \\xff; write bytes as \\xNN"
                ).format(char=repr(text[exc.start]))
            ) from None
        try:
            return Needle(regex=re.compile(pattern, re.DOTALL))
        except re.error as exc:
            raise NeedleError(
                QCoreApplication.translate("FindBar", "Not a valid regular expression: {reason}").format(
                    reason=exc
                )
            ) from None
    raise ValueError(f"unknown find mode {mode!r}")


class StreamSearch:
    """One search over a stream from ``origin``, forward or backward, wrapping once around the end.

    ``step(budget)`` searches for about ``budget`` seconds and returns True once it is over;
    then ``found`` is (start, length) or None, and ``wrapped`` says whether it went past the end.
    """

    def __init__(self, stream: ConnectionStream, needle: Needle, origin: int, forward: bool = True) -> None:
        self.stream, self.needle, self.forward = stream, needle, forward
        self.total = stream.total_bytes
        self.origin = max(0, min(origin, self.total))
        self.found: tuple[int, int] | None = None
        self.wrapped = False
        self.searched = 0
        self._pos = self.origin  # forward: next window start; backward: exclusive end of the next window
        self._done = self.total == 0

    @property
    def done(self) -> bool:
        return self._done

    def step(self, budget: float = TICK_BUDGET) -> bool:
        deadline = time.perf_counter() + budget
        while not self._done:
            self._window()
            if time.perf_counter() >= deadline:
                break
        return self._done

    def _window(self) -> None:
        needle, stream = self.needle, self.stream
        if self.forward:
            stop = self.origin if self.wrapped else self.total  # matches must start before it
            start = self._pos
            end = min(start + WINDOW, stop)
            if end > start:
                data = stream.read(start, end - start + needle.overlap)
                hit = needle.first(data, end - start)
                if hit is not None:
                    self._finish((start + hit[0], hit[1]))
                    return
                self.searched += end - start
            self._pos = end
            if end >= stop:
                if self.wrapped or self.origin == 0:
                    self._finish(None)
                else:
                    self.wrapped, self._pos = True, 0
        else:
            stop = self.origin if self.wrapped else 0  # windows go down to here
            end = self._pos
            start = max(end - WINDOW, stop)
            if end > start:
                data = stream.read(start, end - start + needle.overlap)
                hit = needle.last(data, end - start)
                if hit is not None:
                    self._finish((start + hit[0], hit[1]))
                    return
                self.searched += end - start
            self._pos = start
            if start <= stop:
                if self.wrapped or self.origin >= self.total:
                    self._finish(None)
                else:
                    self.wrapped, self._pos = True, self.total

    def _finish(self, found: tuple[int, int] | None) -> None:
        self.found = found
        self._done = True


def parse_offset(text: str, total: int) -> int:
    """An offset typed as decimal ("1024") or hex ("0x400"); NeedleError unless 0 <= offset < total."""
    raw = text.strip().replace("_", "")
    if not raw:
        raise NeedleError(
            QCoreApplication.translate("GotoBar", "Type an offset: decimal like 1024, or hex like 0x400")
        )
    try:
        offset = int(raw, 16) if raw.lower().startswith("0x") else int(raw, 10)
    except ValueError:
        raise NeedleError(
            QCoreApplication.translate(
                "GotoBar", "{text} is not an offset: use decimal like 1024, or hex like 0x400"
            ).format(text=repr(text.strip()[:24]))
        ) from None
    if total == 0:
        raise NeedleError(QCoreApplication.translate("GotoBar", "This connection has no bytes yet"))
    if not 0 <= offset < total:
        raise NeedleError(
            QCoreApplication.translate(
                "GotoBar",
                "The offset must be from 0 to {last} (0x{last:x}): the connection has {total} bytes",
            ).format(last=total - 1, total=total)
        )
    return offset


def _reason(attempt: Callable[[], object]) -> str:
    """What ``attempt`` raises as NeedleError, in the language of now."""
    try:
        attempt()
    except NeedleError as exc:
        return str(exc)
    return ""


class _Bar(QWidget):
    """A bar under the hex view with a field, its message below it, and a close button; Escape closes it."""

    closed = Signal()

    def __init__(self, view: HexView, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.view = view
        self.caption = QLabel(self)
        self.field = QLineEdit(self)
        self.field.setObjectName(name + "Field")
        self.field.setClearButtonEnabled(True)
        self.message = QLabel(self)
        self.message.setObjectName(name + "Message")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.close_button = QToolButton(self)
        self.close_button.setObjectName(name + "Close")
        self.close_button.setText("✕")
        self.close_button.clicked.connect(self.dismiss)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 2, 0, 2)
        self.grid.setHorizontalSpacing(4)
        self.grid.setVerticalSpacing(1)
        self.hide()

    def say(self, text: str | Callable[[], str], error: bool = False) -> None:
        """A line under the field: an error in red (and a red field), or a plain note.

        ``text`` may be a function that words it: it is asked again when the language changes.
        """
        self._message = (text, error)
        shown = text() if callable(text) else text
        self.message.setText(shown)
        self.message.setStyleSheet(f"color: {ERROR_COLOR};" if error else "")
        self.field.setStyleSheet(f"QLineEdit {{ border: 1px solid {ERROR_COLOR}; }}" if error else "")

    def open(self) -> None:
        self.show()
        self.field.setFocus()
        self.field.selectAll()

    def dismiss(self) -> None:
        self.hide()
        self.view.setFocus()
        self.closed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.dismiss()
            return
        super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        # Written out with its context: a tr() in this base class would look itself up as "_Bar".
        self.close_button.setToolTip(QCoreApplication.translate("FindBar", "Close (Esc)"))
        message = getattr(self, "_message", None)
        if message is not None and callable(message[0]):
            self.say(*message)


class FindBar(_Bar):
    """Find hex bytes, text or a regex in the shown connection; Enter or F3 finds the next, Shift+F3 the previous.

    Signals:
        finished(bool): a search ended (True: it selected a match).
    """

    finished = Signal(bool)

    def __init__(self, view: HexView, parent: QWidget | None = None) -> None:
        super().__init__(view, "hexFind", parent)
        self.mode = QComboBox(self)
        self.mode.setObjectName("hexFindMode")
        for mode in MODES:
            self.mode.addItem("", mode)
        self.previous_button = QPushButton(self)
        self.previous_button.setObjectName("hexFindPrevious")
        self.next_button = QPushButton(self)
        self.next_button.setObjectName("hexFindNext")
        g = self.grid
        g.addWidget(self.caption, 0, 0)
        g.addWidget(self.mode, 0, 1)
        g.addWidget(self.field, 0, 2)
        g.addWidget(self.previous_button, 0, 3)
        g.addWidget(self.next_button, 0, 4)
        g.addWidget(self.close_button, 0, 5)
        g.addWidget(self.message, 1, 2, 1, 4)
        g.setColumnStretch(2, 1)
        self._search: StreamSearch | None = None
        self._last: tuple[int, int] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._tick)
        self.field.returnPressed.connect(self.find_next)
        self.field.textEdited.connect(self._on_edited)
        self.mode.currentIndexChanged.connect(self._on_edited)
        self.next_button.clicked.connect(self.find_next)
        self.previous_button.clicked.connect(self.find_previous)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.caption.setText(self.tr("Find:"))
        for i, text in enumerate((self.tr("hex bytes"), self.tr("text"), self.tr("regex"))):
            self.mode.setItemText(i, text)
        self.mode.setToolTip(
            self.tr(
                "hex bytes: de ad be ef · text: its UTF-8 bytes · regex: a Python regular expression over the bytes"
            )
        )
        self.field.setPlaceholderText(
            {
                "hex": self.tr("de ad be ef"),
                "text": self.tr("text to find"),
                "regex": self.tr(r"a Python regex, e.g. PING \d+\r?\n"),
            }[self.current_mode()]
        )
        self.previous_button.setText(self.tr("Previous"))
        self.previous_button.setToolTip(self.tr("Find the previous match (Shift+F3)"))
        self.next_button.setText(self.tr("Next"))
        self.next_button.setToolTip(self.tr("Find the next match (Enter, F3)"))

    def current_mode(self) -> str:
        return str(self.mode.currentData() or "hex")

    def set_mode(self, mode: str) -> None:
        self.mode.setCurrentIndex(max(self.mode.findData(mode), 0))

    @property
    def searching(self) -> bool:
        return self._search is not None and not self._search.done

    def _on_edited(self, *_args: object) -> None:
        self._cancel()
        self._last = None
        self.say("")
        self.retranslate()

    def find_next(self) -> None:
        self._start(forward=True)

    def find_previous(self) -> None:
        self._start(forward=False)

    def _start(self, forward: bool) -> None:
        self._cancel()
        if not self.isVisible():
            self.open()
        stream = self.view.stream
        mode, text = self.current_mode(), self.field.text()
        try:
            needle = compile_needle(mode, text)
        except NeedleError:
            self.say(lambda: _reason(lambda: compile_needle(mode, text)), error=True)
            return
        if stream is None or stream.total_bytes == 0:
            self.say(lambda: self.tr("No bytes to search in: pick a connection that moved some"), error=True)
            return
        self.view.refresh()
        start, length = self.view.selection()
        if forward:
            origin = start + 1 if self._last == (start, length) or length > 1 else start
        else:
            origin = start
        self._search = StreamSearch(stream, needle, origin, forward)
        self.say(self.tr("Searching…"))
        if not self._search.step():
            self._timer.start()
        else:
            self._report()

    def _tick(self) -> None:
        search = self._search
        if search is None:
            self._timer.stop()
            return
        if search.step():
            self._timer.stop()
            self._report()
        else:
            share = search.searched / max(search.total, 1)
            self.say(self.tr("Searching… {percent}%").format(percent=int(share * 100)))

    def finish(self) -> None:
        """Run the search under way to its end now (tests, scripts)."""
        while self._search is not None and not self._search.done:
            self._tick()

    def _report(self) -> None:
        search = self._search
        assert search is not None
        found = search.found
        if found is None:
            self.say(
                self.tr("Not found in {n} bytes").format(n=search.total),
                error=True,
            )
            self.finished.emit(False)
            return
        start, length = found
        self._last = (start, max(length, 1))
        self.view.select(start, max(length, 1))
        note = self.tr("Match at offset 0x{start:x} ({start}), {length} byte(s)").format(
            start=start, length=length
        )
        if search.wrapped:
            note += " · " + (
                self.tr("wrapped past the end") if search.forward else self.tr("wrapped past the start")
            )
        self.say(note)
        self.finished.emit(True)

    def _cancel(self) -> None:
        self._timer.stop()
        self._search = None

    def dismiss(self) -> None:
        self._cancel()
        super().dismiss()


class GotoBar(_Bar):
    """Go to an offset typed as decimal or 0x hex; out of range is said under the field."""

    def __init__(self, view: HexView, parent: QWidget | None = None) -> None:
        super().__init__(view, "hexGoto", parent)
        self.go_button = QPushButton(self)
        self.go_button.setObjectName("hexGotoGo")
        g = self.grid
        g.addWidget(self.caption, 0, 0)
        g.addWidget(self.field, 0, 1)
        g.addWidget(self.go_button, 0, 2)
        g.addWidget(self.close_button, 0, 3)
        g.addWidget(self.message, 1, 1, 1, 3)
        g.setColumnStretch(1, 1)
        self.field.returnPressed.connect(self.go)
        self.go_button.clicked.connect(self.go)
        self.field.textEdited.connect(lambda _t: self.say(""))
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.caption.setText(self.tr("Go to offset:"))
        self.field.setPlaceholderText(self.tr("1024 or 0x400"))
        self.go_button.setText(self.tr("Go"))

    def go(self) -> bool:
        self.view.refresh()
        text, total = self.field.text(), self.view.model.total_bytes
        try:
            offset = parse_offset(text, total)
        except NeedleError:
            self.say(lambda: _reason(lambda: parse_offset(text, total)), error=True)
            return False
        self.view.select(offset, 1)
        self.say(lambda: self.tr("At offset 0x{offset:x} ({offset})").format(offset=offset))
        self.view.setFocus()
        return True

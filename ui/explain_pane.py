"""ExplainPane: explains what the student points at (an event row, a timeline bar, a form control).

It follows three things, whichever moved last: the event table's current row, a click on a
timeline bar (``TimelineView.barActivated``) and the focus in the server and client forms
(``QApplication.focusChanged``, mapped by objectName in ``ui.explain_notes``). For each it shows
the explanations of the Python names behind it, which are data in ``workbench.teach`` (English
and Simplified Chinese), after a few sentences on what this very row or control shows, and a
link to the standard library docs, opened with QDesktopServices.

It speaks the window's language and switches with it, the explanations included. Everything
shown is escaped: error texts and addresses come from the peer side and are data.

Signals:
    subjectChanged(): it explains something else now (a row, a bar, a control or a name).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QModelIndex, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.explain_controls import control_subject
from ui.explain_notes import Subject, bar_notes, record_names, record_notes, record_title
from workbench.events import HANDLER_STEPS, Phase

if TYPE_CHECKING:
    from ui.event_table import EventsPane
    from ui.logfeed import LogFeed
    from workbench.teach.explain import Explanation

_STEP_KINDS = frozenset(int(k) for k in HANDLER_STEPS)
#: How many records after a bar's enter the pane looks for its exit.
_EXIT_SEARCH = 4_000_000


class ExplainPane(QWidget):
    """A title row (with the docs button) over a read-only text of the explanations."""

    subjectChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("explainPane")
        self._feed: LogFeed | None = None
        self._subject: Subject | None = None
        self._entries: list[Explanation] = []
        self._watched: QComboBox | None = None  # a focused combo: its choice changes what is explained

        self.title = QLabel(self)
        self.title.setObjectName("explainTitle")
        bold = self.title.font()
        bold.setBold(True)
        self.title.setFont(bold)
        self.docs_button = QPushButton(self)
        self.docs_button.setObjectName("explainDocs")
        self.docs_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # clicking it keeps the subject
        self.docs_button.clicked.connect(lambda: self.open_docs())
        self.docs_button.setEnabled(False)
        self.text = QTextBrowser(self)
        self.text.setObjectName("explainText")
        self.text.setOpenLinks(False)  # links go through open_docs: only the docs, in a browser
        self.text.anchorClicked.connect(self.open_docs)
        self.text.setMinimumHeight(60)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.docs_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.text, 1)

        from ui.i18n import language_signals

        language_signals().changed.connect(self._on_language)
        self.retranslate()

    # -- following what is pointed at ------------------------------------------------------------
    def attach(self, feed: LogFeed) -> None:
        """Read records from the feed's session; a new session forgets a record explained."""
        self._feed = feed
        feed.sessionChanged.connect(self._on_session_changed)

    def follow_events(self, events: EventsPane) -> None:
        """Explain the event table's current row whenever it changes."""
        self._events = events
        events.view.selectionModel().currentRowChanged.connect(self._on_current_row)

    def follow_timeline(self, timeline: QWidget) -> None:
        """Explain a timeline bar when it is clicked (``barActivated``: its enter record)."""
        timeline.barActivated.connect(self.show_bar)  # type: ignore[attr-defined]

    def follow_focus(self) -> None:
        """Explain a server or client form control when it takes the keyboard focus."""
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._on_focus_changed)

    @Slot(QModelIndex, QModelIndex)
    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            summary = self._events.model.row_summary(current.row())
            self.show_record(int(summary["record"]))

    @Slot(QWidget, QWidget)
    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None or new.window() is not self.window():
            return  # another window's focus is that window's pane's business
        subject = control_subject(new)
        if subject is not None:
            self._watch(_combo_of(new))
            self._show(subject)

    def _on_session_changed(self) -> None:
        if self._subject is not None and self._subject.key[0] in ("record", "bar"):
            self._show(None)

    # -- what to explain --------------------------------------------------------------------------
    def show_record(self, record: int) -> bool:
        """Explain record ``record`` of the session (an event row); False if there is no such record."""
        found = self._decode(record)
        if found is None:
            return False
        ev, spec = found
        self._watch(None)
        self._show(
            Subject(
                ("record", record),
                record_names(ev, spec),
                lambda: record_title(ev),
                lambda: record_notes(ev, spec),
            )
        )
        return True

    @Slot(int)
    def show_bar(self, record: int) -> bool:
        """Explain the setup/handle/finish bar whose enter record is ``record``."""
        found = self._decode(record)
        if found is None:
            return False
        ev, spec = found
        duration = self._bar_duration(record)
        self._watch(None)
        self._show(
            Subject(
                ("bar", record),
                record_names(ev, spec),
                lambda: record_title(ev),
                lambda: bar_notes(ev, duration),
            )
        )
        return True

    def show_control(self, widget: QWidget) -> bool:
        """Explain a form control (or the control a child widget belongs to)."""
        subject = control_subject(widget)
        if subject is None:
            return False
        self._watch(_combo_of(widget))
        self._show(subject)
        return True

    def clear(self) -> None:
        """Explain nothing (the hint of what to point at shows)."""
        self._watch(None)
        self._show(None)

    def show_names(self, *names: str) -> None:
        """Explain Python names as ``workbench explain`` would (short or qualified)."""
        self._watch(None)
        self._show(Subject(("names", *names), names, lambda: ", ".join(names)))

    # -- what is shown ---------------------------------------------------------------------------
    @property
    def subject(self) -> Subject | None:
        return self._subject

    def entries(self) -> list[Explanation]:
        """The explanations shown now, in the pane's language."""
        return list(self._entries)

    def docs_url(self) -> str | None:
        """The docs button's address: the first explanation's entry in the standard library docs."""
        return self._entries[0].docs if self._entries else None

    def plain_text(self) -> str:
        return self.text.toPlainText()

    @Slot(QUrl)
    def open_docs(self, url: QUrl | None = None) -> bool:
        """Open the docs (the first entry's, or ``url``) in the desktop's browser."""
        if url is None:
            address = self.docs_url()
            if address is None:
                return False
            url = QUrl(address)
        if url.scheme() not in ("https", "http"):
            return False  # the text links nothing else; a stray link opens nothing
        return bool(QDesktopServices.openUrl(url))

    # -- texts --------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @Slot(str)
    def _on_language(self, _language: str) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        """The pane's labels and the explanation shown, in the window's language now."""
        self.title.setText(self.tr("Explain"))
        self.docs_button.setText(self.tr("Python docs ↗"))
        self.docs_button.setToolTip(self.tr("Open this name's page in the Python standard library docs"))
        self.text.setAccessibleName(self.tr("Explanation"))
        self._render()

    def _render(self) -> None:
        from ui.i18n import current_language

        subject = self._subject
        if subject is None:
            self._entries = []
            self.docs_button.setEnabled(False)
            self.text.setHtml(
                "<p>"
                + _esc(
                    self.tr(
                        "Select a row in the event table, click a bar in the timeline, or click into a field "
                        "of the server or client form: what it does is explained here."
                    )
                )
                + "</p>"
            )
            return
        from workbench.teach.explain import lookup

        language = current_language()
        entries: list[Explanation] = []
        for name in subject.names:
            for entry in lookup(name, language):
                if all(entry.name != e.name for e in entries):
                    entries.append(entry)
        self._entries = entries
        self.docs_button.setEnabled(bool(entries))
        self.docs_button.setToolTip(
            entries[0].docs
            if entries
            else self.tr("Open this name's page in the Python standard library docs")
        )
        parts = [f"<p><b>{_esc(subject.title())}</b></p>"]
        parts += [f"<p>{_esc(note)}</p>" for note in subject.notes()]
        if not entries:
            parts.append("<p><i>" + _esc(self.tr("No explanation of this one yet.")) + "</i></p>")
        for entry in entries:
            parts.append(self._entry_html(entry))
        self.text.setHtml("".join(parts))

    def _entry_html(self, entry: Explanation) -> str:
        sections = (
            (self.tr("What it does"), entry.does),
            (self.tr("System call"), entry.syscall),
            (self.tr("In Socket Workbench"), entry.in_app),
            (self.tr("Try it"), entry.try_it),
            (self.tr("Where the tutorial is wrong or dated"), entry.correction),
        )
        out = [
            "<hr/>",
            f"<p><b><code>{_esc(entry.name)}</code></b><br/>{_esc(entry.summary)}</p>",
        ]
        for heading, body in sections:
            if body:
                paragraphs = "".join(f"<p>{_esc(p)}</p>" for p in body.split("\n\n"))
                out.append(f"<p><b>{_esc(heading)}</b></p>{paragraphs}")
        link = self.tr("Python docs: {name}").format(name=entry.name)
        out.append(f'<p><a href="{html.escape(entry.docs, quote=True)}">{_esc(link)}</a></p>')
        return "".join(out)

    # -- internals --------------------------------------------------------------------------------
    def _show(self, subject: Subject | None) -> None:
        self._subject = subject
        self._render()
        self.subjectChanged.emit()

    def _watch(self, combo: QComboBox | None) -> None:
        if combo is self._watched:
            return
        if self._watched is not None:
            self._watched.currentIndexChanged.disconnect(self._on_choice_changed)
        self._watched = combo
        if combo is not None:
            combo.currentIndexChanged.connect(self._on_choice_changed)

    @Slot(int)
    def _on_choice_changed(self, _index: int) -> None:
        if self._watched is not None:
            self.show_control(self._watched)

    def _decode(self, record: int) -> tuple[Any, dict[str, Any]] | None:
        feed = self._feed
        reader = None if feed is None else feed.reader
        if reader is None or not 0 <= record < min(reader.count, feed.delivered if feed is not None else 0):
            return None
        ev = reader.event(record)
        source = reader.tables.source_ids.get(ev.source)
        info = reader.tables.sources.get(source) if source is not None else None
        return ev, (dict(info.detail) if info is not None else {})

    def _bar_duration(self, record: int) -> float | None:
        """Seconds from a bar's enter record to its exit (None while it has not returned)."""
        import numpy as np

        from workbench.session.format import PHASE_MASK, record_dtype

        feed = self._feed
        assert feed is not None and feed.reader is not None
        reader = feed.reader
        ts, _off, _len, request, _thread, _peer, _value, _note, source, kind, _flags = reader.record(record)
        if kind not in _STEP_KINDS:
            return None
        hi = min(feed.delivered, record + 1 + _EXIT_SEARCH)
        for first, chunk in reader.record_chunks(record + 1, hi):
            recs = np.frombuffer(chunk, record_dtype())
            hit = np.flatnonzero(
                (recs["kind"] == kind)
                & (recs["source"] == source)
                & (recs["request"] == request)
                & ((recs["flags"] & PHASE_MASK) == int(Phase.EXIT))
            )
            if hit.size:
                end = int(recs["ts"][hit[0]])
                del recs
                return max(0, end - ts) / 1e9
            del recs, first
        return None


def _combo_of(widget: QWidget) -> QComboBox | None:
    """The combo box a focused widget is (or belongs to, like an editable combo's line edit)."""
    w: QWidget | None = widget
    while w is not None and not isinstance(w, QComboBox):
        w = w.parentWidget()
        if w is not None and w.objectName() in ("serverPane", "clientPane"):
            return None
    return w


def _esc(text: str) -> str:
    return html.escape(text, quote=False)

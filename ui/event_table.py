"""EventsPane: the filterable table of every engine event, following the newest row."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics, QPainter, QPaintEvent, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.models.event_model import (
    COL_EVENT,
    COL_PHASE,
    COL_REQUEST,
    COL_SOURCE,
    COL_THREAD,
    COL_TIME,
    EventTableModel,
)
from ui.throttle import Throttle

if TYPE_CHECKING:
    from ui.logfeed import LogFeed

_TOP_LEFT = (Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop).value
_TOP_RIGHT = (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop).value


class _EventTableView(QTableView):
    """A QTableView whose cells are painted as one multi-line text per column and colour.

    The stock table paint makes about ten calls per cell (index(), rowCount(), the
    delegate, QPainter): 784 data() calls for one screen. This paints a screen with a few
    dozen calls, each visible record decoded once. Rows are exactly one text line high so
    a column's cells are one drawText.
    """

    def __init__(self, model: EventTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Our own viewport widget: the first viewport() call on Qt's default one made PySide
        # work out its Python type, building ~50 widget classes and their enums (7-10 ms of
        # start-up, measured with bench_startup).
        self._viewport = QWidget()
        self.setViewport(self._viewport)
        self._events = model
        self._char_width = 8

    def setFont(self, font: QFont) -> None:  # type: ignore[override]
        super().setFont(font)
        self._char_width = max(1, QFontMetrics(font).horizontalAdvance("0"))

    def paintEvent(self, event: QPaintEvent) -> None:
        self._paint_contents(event)

    def _paint_contents(self, event: QPaintEvent) -> None:
        model = self._events
        viewport = self.viewport()
        p = QPainter(viewport)
        pal = self.palette()
        width, height = viewport.width(), viewport.height()
        p.fillRect(0, 0, width, height, pal.base())
        rows = model.rowCount()
        line = self.verticalHeader().defaultSectionSize()
        first = max(self.verticalScrollBar().value(), 0)  # ScrollPerItem: the value is the top row
        count = max(0, min(rows - first, height // line + 1))
        if count == 0:
            p.end()
            return
        selected = self._selected_rows(first, first + count)
        highlight = pal.highlight()
        for i in selected:
            p.fillRect(0, i * line, width, line, highlight)
        header = self.horizontalHeader()
        text_color = pal.text().color()
        selected_color = pal.highlightedText().color()
        char_w = self._char_width
        cells = [model.row_cells(r) for r in range(first, first + count)]  # one call per row
        for col in range(model.columnCount()):
            x = header.sectionViewportPosition(col)
            w = header.sectionSize(col)
            if x + w < 0 or x > width or w <= 8:
                continue
            # Cut to the column in Python (fixed-width font) instead of a clip region per column.
            fit = max(1, (w - 8) // char_w)
            texts = [c[0][col] for c in cells]
            texts = [t if len(t) <= fit else t[: fit - 1] + "…" for t in texts]
            colors = [c[1][col] for c in cells]
            for i in selected:
                colors[i] = selected_color
            align = _TOP_RIGHT if col == COL_REQUEST else _TOP_LEFT
            # The model hands out a few shared QColor objects: group by identity, not by value
            # (QColor.rgb() would be one more call into Qt per cell).
            for key, color in {id(c): c for c in colors}.items():
                lines = [t if id(c) == key else "" for t, c in zip(texts, colors, strict=True)]
                p.setPen(text_color if color is None else color)
                pad_right = 10 if align == _TOP_RIGHT else 4  # keep "#3" off the next column
                p.drawText(QRectF(x + 4, 0, w - 4 - pad_right, count * line + line), align, "\n".join(lines))
        p.end()

    def _selected_rows(self, first: int, end: int) -> list[int]:
        """Visible rows (relative to ``first``) that are selected, from the selection's few ranges."""
        out: list[int] = []
        selection = self.selectionModel().selection()
        for selection_range in (selection.at(i) for i in range(selection.count())):
            top, bottom = max(selection_range.top(), first), min(selection_range.bottom(), end - 1)
            out.extend(range(top - first, bottom - first + 1))
        return sorted(set(out))


class EventsPane(QWidget):
    """Filter controls above a QTableView ("eventTable") of engine events.

    The table follows the newest row while its scroll bar is at the bottom;
    once the user scrolls up it stays put, and scrolling back to the bottom
    resumes following.

    Signals:
        followingChanged(bool): whether the table follows the newest row.
    """

    followingChanged = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventsPane")
        self.model = EventTableModel(self)

        self.source_combo = QComboBox(self)
        self.source_combo.setObjectName("eventSourceFilter")
        self.source_combo.addItem(self.tr("All sources"), None)
        self.source_combo.setToolTip(self.tr("Show events of one server or client only"))
        self.source_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.request_edit = QLineEdit(self)
        self.request_edit.setObjectName("eventRequestFilter")
        self.request_edit.setPlaceholderText(self.tr("any request"))
        self.request_edit.setToolTip(self.tr("Show events of one request number only"))
        self.request_edit.setClearButtonEnabled(True)
        self.request_edit.setMaximumWidth(120)
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("eventNameFilter")
        self.name_edit.setPlaceholderText(self.tr("event names, e.g. handle, recv"))
        self.name_edit.setToolTip(
            self.tr("Show events whose name contains any of these words (comma or space separated)")
        )
        self.name_edit.setClearButtonEnabled(True)
        self.filter_error = QLabel(self)
        self.filter_error.setObjectName("eventFilterError")
        self.filter_error.setStyleSheet("color: #c62828;")
        self.filter_error.hide()
        self.count_label = QLabel(self)
        self.count_label.setObjectName("eventCount")
        # Fixed size: see HexPane.size_label (a resizing label re-lays out the window each time).
        self.count_label.setFixedSize(
            self.count_label.fontMetrics().horizontalAdvance(
                self.tr("{shown} of {total} events").format(shown=10**8, total=10**8)
            )
            + 8,
            self.count_label.fontMetrics().height() + 4,
        )
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        self.view = _EventTableView(self.model, self)
        self.view.setObjectName("eventTable")
        self.view.setModel(self.model)
        self.view.setAccessibleName(self.tr("Events"))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setCornerButtonEnabled(False)
        self.view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        vh = self.view.verticalHeader()
        vh.hide()
        # One text line per row: _EventTableView paints a column's cells as one text.
        vh.setMinimumSectionSize(1)
        vh.setDefaultSectionSize(self.view.fontMetrics().lineSpacing())
        # The column header is a separate QHeaderView over a C++ QStandardItemModel: a
        # header asks its model ~7 roles per column on every repaint, each one a call into
        # Python. The table's own header stays hidden; widths follow.
        columns = self.model.columnCount()
        self._header_model = QStandardItemModel(0, columns, self)
        self._header_model.setHorizontalHeaderLabels(
            [str(self.model.headerData(c, Qt.Orientation.Horizontal)) for c in range(columns)]
        )
        self.header = QHeaderView(Qt.Orientation.Horizontal, self)
        self.header.setObjectName("eventHeader")
        self.header.setModel(self._header_model)
        self.header.setStretchLastSection(True)
        self.header.setHighlightSections(False)
        self.header.setSectionsClickable(False)
        self.header.setFixedHeight(self.header.sizeHint().height())
        table_header = self.view.horizontalHeader()
        table_header.hide()
        table_header.setStretchLastSection(True)
        self.header.sectionResized.connect(self._on_header_resized)
        self.view.horizontalScrollBar().valueChanged.connect(self.header.setOffset)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        fm = self.view.fontMetrics()
        widths = {
            COL_TIME: "00:00:00.000000",
            COL_SOURCE: "server-10",
            COL_REQUEST: "#0000",
            COL_THREAD: "Thread-10 (process_request_thread) · 12345",
            COL_EVENT: "shutdown_request",
            COL_PHASE: "exit (error)",
        }
        for col, sample in widths.items():
            self.header.resizeSection(col, fm.horizontalAdvance(sample) + 24)
        self.header.resizeSection(
            COL_THREAD, min(self.header.sectionSize(COL_THREAD), fm.horizontalAdvance("x" * 28))
        )
        table_frame = QFrame(self)
        table_frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame_layout = QVBoxLayout(table_frame)
        frame_layout.setContentsMargins(1, 1, 1, 1)
        frame_layout.setSpacing(0)
        frame_layout.addWidget(self.header)
        frame_layout.addWidget(self.view, 1)

        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Source:"), self))
        filters.addWidget(self.source_combo)
        filters.addWidget(QLabel(self.tr("Request:"), self))
        filters.addWidget(self.request_edit)
        filters.addWidget(QLabel(self.tr("Event:"), self))
        filters.addWidget(self.name_edit, 1)
        filters.addWidget(self.filter_error)
        filters.addStretch(0)
        filters.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(table_frame, 1)

        self._following = True
        # Rows are published as the feed delivers them (once per 16 ms tick at most): the
        # table paints only the rows on screen, each decoded once (EventTableModel.row_cells).
        self._publish_soon = Throttle(self._publish, 16, self, take_turns=False)
        self._follow_soon = Throttle(self._follow_now, 50, self, take_turns=False)
        sb = self.view.verticalScrollBar()
        sb.valueChanged.connect(self._on_scrolled)
        sb.rangeChanged.connect(self._on_range_changed)
        self.source_combo.currentIndexChanged.connect(self._apply_filter)
        self.request_edit.textChanged.connect(self._apply_filter)
        self.name_edit.textChanged.connect(self._apply_filter)
        self._update_count()

    # -- public API ---------------------------------------------------------
    def attach(self, feed: LogFeed) -> None:
        """Show the feed's session: what it delivered so far, then every new batch."""
        self._feed = feed
        feed.sessionChanged.connect(self._on_session_changed)
        feed.recordsAdded.connect(self.add_records)
        self._on_session_changed()
        if feed.delivered:
            self.add_records(0, feed.delivered)

    def add_records(self, lo: int, hi: int) -> None:
        """Records [lo, hi) are new (GUI thread; shown with one model insert, throttled)."""
        self.model.append(lo, hi)
        self._publish_soon()

    def flush(self) -> None:
        """Show every stored event now instead of at the next throttled update."""
        self._publish_soon.flush()
        self._publish()

    def _publish(self) -> None:
        self.model.publish()
        known = self.source_combo.count() - 1
        for source in self.model.sources()[known:]:
            self.source_combo.addItem(source, source)
        self._update_count()

    def _on_session_changed(self) -> None:
        feed = getattr(self, "_feed", None)
        self.model.set_reader(None if feed is None else feed.reader)
        self._reset_sources()

    def clear(self) -> None:
        """Forget every event shown (the session keeps them; filters stay)."""
        self._publish_soon.flush()
        self.model.clear()
        self._reset_sources()

    def _reset_sources(self) -> None:
        self.source_combo.blockSignals(True)
        current = self.source_combo.currentData()
        while self.source_combo.count() > 1:
            self.source_combo.removeItem(1)
        if current is not None:
            # Keep the chosen source so new events of a restarted "server-1" still match.
            self.source_combo.addItem(current, current)
            self.source_combo.setCurrentIndex(1)
        self.source_combo.blockSignals(False)
        self._following = True
        self._update_count()

    @property
    def following(self) -> bool:
        """True while the table scrolls to each new row."""
        return self._following

    # -- internals ------------------------------------------------------------
    def _on_header_resized(self, section: int, _old: int, new: int) -> None:
        if section < self.model.columnCount() - 1:  # the table stretches its own last column
            self.view.setColumnWidth(section, new)

    def _on_scrolled(self, value: int) -> None:
        at_bottom = value >= self.view.verticalScrollBar().maximum()
        if at_bottom != self._following:
            self._following = at_bottom
            self.followingChanged.emit(at_bottom)

    def _on_range_changed(self, _minimum: int, maximum: int) -> None:
        if self._following:
            # Rows are published every frame, but following them scrolls (and so repaints every
            # visible row) at most 20 times a second: nobody reads a flood faster, and each
            # repaint of new rows costs ~5 ms of the window's thread.
            self._follow_soon()

    def _follow_now(self) -> None:
        if self._following:
            sb = self.view.verticalScrollBar()
            sb.setValue(sb.maximum())

    def _apply_filter(self) -> None:
        text = self.request_edit.text().strip().lstrip("#")
        request: int | None = None
        if text:
            try:
                request = int(text)
            except ValueError:
                self.filter_error.setText(self.tr("request must be a whole number, like 3"))
                self.filter_error.show()
                return
            if request < 0:
                self.filter_error.setText(self.tr("request numbers start at 0"))
                self.filter_error.show()
                return
        self.filter_error.hide()
        self.flush()
        names = self.name_edit.text().replace(",", " ").split()
        self.model.set_filter(self.source_combo.currentData(), request, names)
        if self._following:
            self.view.scrollToBottom()
        self._update_count()

    def _update_count(self) -> None:
        total, shown = self.model.total_count, self.model.rowCount()
        if shown == total:
            self.count_label.setText(self.tr("%n event(s)", "", total))
        else:
            self.count_label.setText(self.tr("{shown} of {total} events").format(shown=shown, total=total))

"""EventsPane: the filterable table of every engine event, following the newest row."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QContextMenuEvent,
    QFont,
    QFontDatabase,
    QFontMetrics,
    QGuiApplication,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.framing_box import FramingCombo
from ui.models.event_model import (
    COL_BYTES,
    COL_EVENT,
    COL_PHASE,
    COL_REQUEST,
    COL_SOURCE,
    COL_THREAD,
    COL_TIME,
    TIME_MODES,
    EventTableModel,
)
from ui.models.frame_model import FramingChoice
from ui.settings import load_text, save_text
from ui.throttle import Throttle
from workbench.session import format as fmt

if TYPE_CHECKING:
    from ui.logfeed import LogFeed

_TOP_LEFT = (Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop).value
_TOP_RIGHT = (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop).value
TIME_MODE_KEY = "view/eventTimes"
#: The bytes column is at least this wide: a size and a few bytes (at 1280 px it fills the rest, wider).
_BYTES_SAMPLE = "65536 B  00 11 22 33 44 55 …"


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
        self.resized: Any = None  # called after a resize (the pane fits its last column)

    def setFont(self, font: QFont) -> None:  # type: ignore[override]
        super().setFont(font)
        self._char_width = max(1, QFontMetrics(font).horizontalAdvance("0"))

    def paintEvent(self, event: QPaintEvent) -> None:
        self._paint_contents(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.resized is not None:
            self.resized()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        pane = self.parent()
        while pane is not None and not isinstance(pane, EventsPane):
            pane = pane.parent()
        if pane is not None:
            pane.show_context_menu(self.rowAt(event.pos().y()), event.globalPos())

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

    Above the table, the time column's reading (clock time, since the first event, since
    the row above; remembered) and how data rows show their bytes (by call, or the frames
    of the chosen framing: ``framing``, shared with the hex pane). Ctrl+C copies the
    selected rows as tab-separated text with a header line.

    Signals:
        followingChanged(bool): whether the table follows the newest row.
        recordActivated(int): the current row changed (a click, the keyboard): its record index.
        followRequested(int): Follow stream was asked for the connection of this record.
        bytesRequested(int): Show bytes was asked for this data record (the hex pane selects them).
    """

    followingChanged = Signal(bool)
    recordActivated = Signal(int)
    followRequested = Signal(int)
    bytesRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None, *, framing: FramingChoice | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventsPane")
        self.model = EventTableModel(self)
        self.framing = framing if framing is not None else FramingChoice(self)
        self._bytes_width = 0

        self.source_caption = QLabel(self)
        self.source_combo = QComboBox(self)
        self.source_combo.setObjectName("eventSourceFilter")
        self.source_combo.addItem("", None)
        self.source_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.request_caption = QLabel(self)
        self.request_edit = QLineEdit(self)
        self.request_edit.setObjectName("eventRequestFilter")
        self.request_edit.setClearButtonEnabled(True)
        self.request_edit.setMaximumWidth(120)
        self.name_caption = QLabel(self)
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("eventNameFilter")
        self.name_edit.setClearButtonEnabled(True)
        self.filter_error = QLabel(self)
        self.filter_error.setObjectName("eventFilterError")
        self.filter_error.setStyleSheet("color: #c62828;")
        self.filter_error.hide()
        self.count_label = QLabel(self)
        self.count_label.setObjectName("eventCount")
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.time_caption = QLabel(self)
        self.time_combo = QComboBox(self)
        self.time_combo.setObjectName("eventTimeMode")
        for mode in TIME_MODES:
            self.time_combo.addItem("", mode)
        stored = load_text(TIME_MODE_KEY, "absolute")
        self.time_combo.setCurrentIndex(max(self.time_combo.findData(stored), 0))
        self.model.set_time_mode(str(self.time_combo.currentData()))
        self.bytes_caption = QLabel(self)
        self.framing_combo = FramingCombo(self.framing, self)
        self.framing_combo.setObjectName("eventFraming")

        self.view = _EventTableView(self.model, self)
        self.view.setObjectName("eventTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
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
        self.header = QHeaderView(Qt.Orientation.Horizontal, self)
        self.header.setObjectName("eventHeader")
        self.header.setModel(self._header_model)
        self.header.setStretchLastSection(False)  # see _fit_last_column
        self.header.setHighlightSections(False)
        # Labels at the left of their columns: a wide bytes column scrolled in part still names itself.
        self.header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.header.setSectionsClickable(False)
        table_header = self.view.horizontalHeader()
        table_header.hide()
        table_header.setStretchLastSection(False)
        self.header.sectionResized.connect(self._on_header_resized)
        # Sideways by pixels: the separate header follows the scroll bar's value as an offset.
        self.view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
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
            COL_THREAD, min(self.header.sectionSize(COL_THREAD), fm.horizontalAdvance("x" * 16))
        )
        # The bytes column never gets narrower than its preview: a narrow window scrolls
        # sideways instead of cutting the bytes off.
        bytes_width = fm.horizontalAdvance(_BYTES_SAMPLE) + 16
        self.view.setColumnWidth(COL_BYTES, bytes_width)
        self._bytes_width = bytes_width
        self.header.resizeSection(COL_BYTES, bytes_width)
        table_frame = QFrame(self)
        table_frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame_layout = QVBoxLayout(table_frame)
        frame_layout.setContentsMargins(1, 1, 1, 1)
        frame_layout.setSpacing(0)
        frame_layout.addWidget(self.header)
        frame_layout.addWidget(self.view, 1)

        filters = QHBoxLayout()
        filters.addWidget(self.source_caption)
        filters.addWidget(self.source_combo)
        filters.addWidget(self.request_caption)
        filters.addWidget(self.request_edit)
        filters.addWidget(self.name_caption)
        filters.addWidget(self.name_edit, 1)
        filters.addWidget(self.count_label)
        shown = QHBoxLayout()
        shown.addWidget(self.time_caption)
        shown.addWidget(self.time_combo)
        shown.addSpacing(12)
        shown.addWidget(self.bytes_caption)
        shown.addWidget(self.framing_combo)
        shown.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(filters)
        layout.addWidget(self.filter_error)
        layout.addLayout(shown)
        layout.addWidget(table_frame, 1)

        self.copy_action = QAction(self)
        self.copy_action.setObjectName("eventCopy")
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.triggered.connect(self.copy_selected)
        self.select_all_action = QAction(self)
        self.select_all_action.setShortcut(QKeySequence.StandardKey.SelectAll)
        self.select_all_action.triggered.connect(self.view.selectAll)
        self.follow_action = QAction(self)
        self.follow_action.setObjectName("eventFollow")
        self.bytes_action = QAction(self)
        self.bytes_action.setObjectName("eventShowBytes")
        self._menu_record = -1  # the row the context menu is about
        self.follow_action.triggered.connect(lambda _c=False: self.followRequested.emit(self._menu_record))
        self.bytes_action.triggered.connect(lambda _c=False: self.bytesRequested.emit(self._menu_record))
        for action in (self.copy_action, self.select_all_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.view.addAction(action)

        self._following = True
        # Rows are published as the feed delivers them (once per 16 ms tick at most): the
        # table paints only the rows on screen, each decoded once (EventTableModel.row_cells).
        self._publish_soon = Throttle(self._publish, 16, self, take_turns=False)
        self._follow_soon = Throttle(self._follow_now, 50, self, take_turns=False)
        self._cells_soon = Throttle(self.model.refresh_cells, 150, self)
        sb = self.view.verticalScrollBar()
        sb.valueChanged.connect(self._on_scrolled)
        sb.rangeChanged.connect(self._on_range_changed)
        self.source_combo.currentIndexChanged.connect(self._apply_filter)
        self.request_edit.textChanged.connect(self._apply_filter)
        self.name_edit.textChanged.connect(self._apply_filter)
        self.time_combo.currentIndexChanged.connect(self._on_time_mode)
        self.model.headerDataChanged.connect(lambda *_a: self._update_headers())
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.view.resized = self._fit_last_column
        self.retranslate()

    # -- texts --------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.source_caption.setText(self.tr("Source:"))
        self.source_combo.setItemText(0, self.tr("All sources"))
        self.source_combo.setToolTip(self.tr("Show events of one server or client only"))
        self.request_caption.setText(self.tr("Request:"))
        self.request_edit.setPlaceholderText(self.tr("any request"))
        self.request_edit.setToolTip(self.tr("Show events of one request number only"))
        self.name_caption.setText(self.tr("Event:"))
        self.name_edit.setPlaceholderText(self.tr("event names, e.g. handle, recv"))
        self.name_edit.setToolTip(
            self.tr("Show events whose name contains any of these words (comma or space separated)")
        )
        self.time_caption.setText(self.tr("Time:"))
        for i, text in enumerate(
            (self.tr("clock time"), self.tr("since the first event"), self.tr("since the row above"))
        ):
            self.time_combo.setItemText(i, text)
        self.time_combo.setToolTip(self.tr("How the time column reads; remembered for the next run"))
        self.bytes_caption.setText(self.tr("Bytes:"))
        self.view.setAccessibleName(self.tr("Events"))
        self.copy_action.setText(self.tr("Copy rows"))
        self.copy_action.setToolTip(
            self.tr("Copy the selected rows as tab-separated text, with a header line")
        )
        self.select_all_action.setText(self.tr("Select all rows"))
        self.follow_action.setText(self.tr("Follow stream"))
        self.bytes_action.setText(self.tr("Show the bytes in the hex view"))
        # A fixed size: see HexPane.size_label (a resizing label re-lays out the window each time).
        fm = self.count_label.fontMetrics()
        sample = self.tr("{shown} of {total} events").format(shown=10**8, total=10**8)
        self.count_label.setFixedSize(fm.horizontalAdvance(sample) + 8, fm.height() + 4)
        self._update_headers()
        self._update_count()
        if self.filter_error.isVisible():
            self._apply_filter()

    def _update_headers(self) -> None:
        self._header_model.setHorizontalHeaderLabels(self.model.header_texts())
        self.header.setFixedHeight(self.header.sizeHint().height())

    # -- public API ---------------------------------------------------------
    def attach(self, feed: LogFeed) -> None:
        """Show the feed's session: what it delivered so far, then every new batch."""
        self._feed = feed
        feed.sessionChanged.connect(self._on_session_changed)
        feed.recordsAdded.connect(self.add_records)
        self._on_session_changed()
        if feed.delivered:
            self.add_records(0, feed.delivered)

    def set_frame_lookup(self, lookup: Any) -> None:
        """Where data rows find their frames (the hex pane's), or None; follows the framing choice."""
        self._frame_lookup = lookup
        self.framing.changed.connect(self._on_framing_changed)
        self._on_framing_changed(self.framing.spec)

    def frames_grew(self) -> None:
        """More frames are known: the bytes column says so soon (throttled)."""
        if self.model.frame_lookup is not None:
            self._cells_soon()

    def _on_framing_changed(self, spec: str) -> None:
        lookup = getattr(self, "_frame_lookup", None)
        self.model.set_frame_lookup(lookup if spec and lookup is not None else None)

    def add_records(self, lo: int, hi: int) -> None:
        """Records [lo, hi) are new (GUI thread; shown with one model insert, throttled)."""
        self.model.append(lo, hi)
        self._publish_soon()

    def flush(self) -> None:
        """Show every stored event now instead of at the next throttled update."""
        self._publish_soon.flush()
        self._publish()

    def selected_rows(self) -> list[int]:
        return sorted(index.row() for index in self.view.selectionModel().selectedRows())

    def copy_selected(self) -> str:
        """Put the selected rows on the clipboard as tab-separated text with a header line; returns it."""
        rows = self.selected_rows()
        if not rows:
            return ""
        text = self.model.rows_text(rows)
        QGuiApplication.clipboard().setText(text)
        return text

    def select_record(self, record: int) -> bool:
        """Select the row of record ``record`` and scroll to it; False if no row shows it (filtered out)."""
        self.flush()
        row = self.model.row_of_record(record)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        selection = self.view.selectionModel()
        selection.setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def show_context_menu(self, row: int, where: Any) -> QMenu:
        """The row menu: copy, select all; for a data row, its bytes and Follow stream."""
        if row >= 0 and row not in self.selected_rows():
            self.view.selectRow(row)
        record = self.model.source_row(row) if row >= 0 else -1
        is_data = record >= 0 and self._is_data(record)
        menu = QMenu(self)
        self.copy_action.setEnabled(bool(self.selected_rows()))
        menu.addAction(self.copy_action)
        menu.addAction(self.select_all_action)
        menu.addSeparator()
        self._menu_record = record
        for action in (self.bytes_action, self.follow_action):
            action.setEnabled(is_data)
            menu.addAction(action)
        if where is not None:
            menu.popup(where)
        return menu

    def _is_data(self, record: int) -> bool:
        reader = self.model.reader
        return reader is not None and bool(reader.record(record)[10] & fmt.F_DATA)

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.recordActivated.emit(self.model.source_row(current.row()))

    def _on_time_mode(self) -> None:
        mode = str(self.time_combo.currentData())
        self.model.set_time_mode(mode)
        save_text(TIME_MODE_KEY, mode)
        self.view.viewport().update()

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
        self.view.setColumnWidth(section, new)
        if section != COL_BYTES:
            self._fit_last_column()

    def _fit_last_column(self) -> None:
        """The bytes column fills the width left, but never below its preview's width (then the table scrolls)."""
        others = sum(self.header.sectionSize(c) for c in range(self.model.columnCount()) if c != COL_BYTES)
        width = max(self._bytes_width, self.view.viewport().width() - others)
        if self.header.sectionSize(COL_BYTES) != width:
            self.header.resizeSection(COL_BYTES, width)

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

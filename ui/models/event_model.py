"""EventTableModel: the session log's records as table rows, read from the mapped file as they are shown.

The model holds no copy of the events: a row is a record index, its cells are decoded from
the mapped record when painted (only the visible rows, a few dozen), and a filter is a numpy
array of matching record indices computed over the records' columns. Appending a batch to a
filtered view of millions of rows costs only the batch.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ui.models.hex_model import plain_tooltip
from workbench.events import KINDS, SENT_KINDS, Kind, format_address, printable
from workbench.session import format as fmt
from workbench.session.reader import decode_value

if TYPE_CHECKING:
    from workbench.session.frames import FrameIndex, FrameInfo
    from workbench.session.reader import SessionReader

    #: record -> (its connection's frames, the frames its call ended, the frame its first byte is in)
    FrameLookup = Callable[[int], "tuple[FrameIndex, list[FrameInfo], FrameInfo | None] | None"]

_PREVIEW = 16  # bytes of each data event the table shows; the hex pane shows the rest
_PHASES: tuple[str, ...] = ("", "enter", "exit")
COL_TIME, COL_SOURCE, COL_REQUEST, COL_THREAD, COL_EVENT, COL_PHASE, COL_BYTES = range(7)
_HEADERS = ("time", "source", "request", "thread/pid", "event", "phase", "bytes")
_CACHE_ROWS = 1024
#: How the time column reads: the clock time, seconds since the session's first event, or since the row above.
TIME_MODES = ("absolute", "relative", "delta")

_ERROR_COLOR = QColor("#c62828")
_SENT_COLOR = QColor("#1f5fbf")
_RECEIVED_COLOR = QColor("#2e7d32")
_SENT_CODES = frozenset(int(k) for k in SENT_KINDS)
_KIND_CODES = frozenset(int(k) for k in Kind)

AnyIndex = QModelIndex | QPersistentModelIndex


def _time_header(mode: str) -> str:
    if mode == "relative":
        return QCoreApplication.translate("EventTableModel", "time since first (s)")
    if mode == "delta":
        return QCoreApplication.translate("EventTableModel", "delta (s)")
    return QCoreApplication.translate("EventTableModel", "time")


def _headers(time_mode: str = "absolute", framed: bool = False) -> tuple[str, ...]:
    # Written out so lupdate sees each one.
    return (
        _time_header(time_mode),
        QCoreApplication.translate("EventTableModel", "source"),
        QCoreApplication.translate("EventTableModel", "request"),
        QCoreApplication.translate("EventTableModel", "thread/pid"),
        QCoreApplication.translate("EventTableModel", "event"),
        QCoreApplication.translate("EventTableModel", "phase"),
        QCoreApplication.translate("EventTableModel", "bytes (frames)")
        if framed
        else QCoreApplication.translate("EventTableModel", "bytes"),
    )


class EventTableModel(QAbstractTableModel):
    """Rows of a session's records, with a built-in filter (source, request, event name)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.reader: SessionReader | None = None
        self._published = 0  # records the views know of
        self._stored = 0  # records the model was told of
        self._base = 0  # rows start at this record: clear() hides what came before
        self._source_filter: str | None = None
        self._request_filter: int | None = None
        self._name_terms: tuple[str, ...] = ()
        self._visible: np.ndarray[Any, Any] | None = None  # record indices shown; None = all
        self._cache: dict[int, tuple[Any, ...]] = {}
        self._cells: dict[int, tuple[tuple[str, ...], tuple[QColor | None, ...]]] = {}
        self._time_mode = "absolute"
        self._first_ts = 0  # ns of the session's first record (relative times)
        self.frame_lookup: FrameLookup | None = (
            None  # set with a framing chosen: the bytes column shows frames
        )

    # -- feeding ------------------------------------------------------------
    def set_reader(self, reader: SessionReader | None) -> None:
        """Show another session (or none): every row goes."""
        self.beginResetModel()
        self.reader = reader
        self._first_ts = 0
        self._published = self._stored = self._base = 0
        self._visible = None if not self._filtering else np.empty(0, dtype=np.int64)
        self._cache.clear()
        self._cells.clear()
        self.endResetModel()

    def add_records(self, lo: int, hi: int) -> None:
        """Records [lo, hi) are new: show them with one insert."""
        self.append(lo, hi)
        self.publish()

    def append(self, lo: int, hi: int) -> None:
        """Note new records without telling views yet; ``publish()`` does (at most ten times a second)."""
        self._stored = max(self._stored, hi)

    def publish(self) -> None:
        """Insert the rows stored since the last publish into the views (one insert)."""
        lo, hi = self._published, self._stored
        if lo >= hi or self.reader is None:
            return
        if self._visible is None:
            self.beginInsertRows(QModelIndex(), lo - self._base, hi - 1 - self._base)
            self._published = hi
            self.endInsertRows()
            return
        accepted = self._filter_rows(lo, hi)
        self._published = hi
        if len(accepted):
            first = len(self._visible)
            self.beginInsertRows(QModelIndex(), first, first + len(accepted) - 1)
            self._visible = np.concatenate([self._visible, accepted])
            self.endInsertRows()

    @property
    def unpublished_count(self) -> int:
        return self._stored - self._published

    def clear(self) -> None:
        """Hide every row recorded so far (the session keeps them; new ones show)."""
        self.beginResetModel()
        self._base = self._published = self._stored
        self._visible = np.empty(0, dtype=np.int64) if self._filtering else None
        self._cache.clear()
        self._cells.clear()
        self.endResetModel()

    # -- how cells read -------------------------------------------------------
    @property
    def time_mode(self) -> str:
        return self._time_mode

    def set_time_mode(self, mode: str) -> None:
        """Show times as "absolute", "relative" (to the session's first event) or "delta" (to the row above)."""
        if mode not in TIME_MODES:
            raise ValueError(f"unknown time mode {mode!r}")
        if mode != self._time_mode:
            self._time_mode = mode
            self.refresh_cells()
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, COL_TIME, COL_TIME)

    def set_frame_lookup(self, lookup: FrameLookup | None) -> None:
        """Group the bytes column by frame through ``lookup`` (None: by call)."""
        self.frame_lookup = lookup
        self.refresh_cells()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, COL_BYTES, COL_BYTES)

    def refresh_cells(self) -> None:
        """Make the shown cells again (the frames grew, the mode changed); views repaint on dataChanged."""
        self._cells.clear()
        rows = self.rowCount()
        if rows:
            self.dataChanged.emit(self.index(0, 0), self.index(rows - 1, len(_HEADERS) - 1))

    def header_texts(self) -> list[str]:
        return list(_headers(self._time_mode, self.frame_lookup is not None))

    def rows_text(self, rows: Sequence[int]) -> str:
        """Rows as tab-separated text with a header line (what Copy puts on the clipboard)."""

        def clean(text: str) -> str:
            return text.replace("\t", " ").replace("\n", " ")

        lines = ["\t".join(clean(h) for h in self.header_texts())]
        for row in rows:
            if 0 <= row < self.rowCount():
                lines.append("\t".join(clean(t) for t in self.row_cells(row)[0]))
        return "\n".join(lines) + "\n"

    def row_of_record(self, record: int) -> int:
        """The row showing record ``record``, or -1 (hidden by the filter, cleared, or not published yet)."""
        if not self._base <= record < self._published:
            return -1
        if self._visible is None:
            return record - self._base
        i = int(np.searchsorted(self._visible, record))
        return i if i < len(self._visible) and int(self._visible[i]) == record else -1

    # -- filtering ----------------------------------------------------------
    @property
    def _filtering(self) -> bool:
        return self._source_filter is not None or self._request_filter is not None or bool(self._name_terms)

    def set_filter(
        self, source: str | None = None, request: int | None = None, names: Iterable[str] = ()
    ) -> None:
        """Show only rows from ``source``, about ``request``, whose event name contains any of ``names``."""
        terms = tuple(t.strip().lower() for t in names if t.strip())
        if (source, request, terms) == (self._source_filter, self._request_filter, self._name_terms):
            return
        self.beginResetModel()
        self._source_filter, self._request_filter, self._name_terms = source, request, terms
        self._visible = self._filter_rows(self._base, self._published) if self._filtering else None
        self._cache.clear()
        self._cells.clear()
        self.endResetModel()

    def _filter_rows(self, lo: int, hi: int) -> np.ndarray[Any, Any]:
        """Indices in [lo, hi) of the records the filter admits: numpy over each extent's records."""
        reader = self.reader
        if reader is None or hi <= lo:
            return np.empty(0, dtype=np.int64)
        source = None
        if self._source_filter is not None:
            source = reader.tables.source_ids.get(self._source_filter)
            if source is None:
                return np.empty(0, dtype=np.int64)
        kinds = None
        if self._name_terms:
            kinds = np.array(
                [int(k) for k, info in KINDS.items() if any(t in info.name for t in self._name_terms)],
                dtype=np.uint8,
            )
        dtype = fmt.record_dtype()
        parts = []
        for first, chunk in reader.record_chunks(lo, hi):
            records = np.frombuffer(chunk, dtype=dtype)
            mask = np.ones(len(records), dtype=bool)
            if source is not None:
                mask &= records["source"] == source
            if self._request_filter is not None:
                mask &= records["request"] == self._request_filter
            if kinds is not None:
                mask &= np.isin(records["kind"], kinds)
            parts.append(np.flatnonzero(mask) + first)
        return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)

    # -- queries --------------------------------------------------------------
    @property
    def total_count(self) -> int:
        """Rows the filter chooses from (every record since the last clear)."""
        return self._published - self._base

    def sources(self) -> list[str]:
        """Every source name, in order of first appearance."""
        if self.reader is None:
            return []
        return [info.name for _sid, info in sorted(self.reader.tables.sources.items())]

    def source_row(self, row: int) -> int:
        return row + self._base if self._visible is None else int(self._visible[row])

    def _row(self, i: int) -> tuple[Any, ...]:
        """(record tuple, preview bytes or None) of record ``i``, decoded once while it is shown."""
        cached = self._cache.get(i)
        if cached is not None:
            return cached
        assert self.reader is not None
        rec = self.reader.record(i)
        preview = None
        if rec[10] & fmt.F_DATA:
            preview = self.reader.arena(rec[1], min(rec[2], _PREVIEW))
        if len(self._cache) >= _CACHE_ROWS:
            self._cache.clear()
        self._cells.clear()
        row = self._cache[i] = (rec, preview)
        return row

    def row_summary(self, row: int) -> dict[str, Any]:
        """The fields of a shown row (for tests, the Explain pane and the status line)."""
        i = self.source_row(row)
        (ts, _off, size, request, thread, peer, value, note, source, kind, flags), preview = self._row(i)
        assert self.reader is not None
        tables = self.reader.tables
        pid, thread_name = tables.threads.get(thread, (0, ""))
        return {
            "record": i,
            "ts": ts / 1e9,
            "source": tables.source_name(source),
            "request": request or None,
            "thread": thread_name,
            "pid": pid,
            "event": _name(kind),
            "kind": kind,
            "phase": _PHASES[flags & fmt.PHASE_MASK] or None,
            "nbytes": size if flags & fmt.F_DATA else None,
            "preview": preview,
            "error": tables.texts.get(note) if flags & fmt.F_ERROR else None,
            "value": decode_value(kind, flags, value),
            "peer": tables.addresses.get(peer) if peer else None,
        }

    # -- QAbstractTableModel ------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return self._published - self._base if self._visible is None else len(self._visible)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.header_texts()[section] if 0 <= section < len(_HEADERS) else None
        return str(section + 1)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_text(index.row(), index.column())
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.cell_color(index.row(), index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(self.source_row(index.row()))
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == COL_REQUEST:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def row_cells(self, row: int) -> tuple[tuple[str, ...], tuple[QColor | None, ...]]:
        """Every column's text and colour of a shown row, made once while it stays on screen."""
        i = self.source_row(row)
        cached = self._cells.get(i)
        if cached is not None:
            return cached
        texts = tuple(self._display(i, col) for col in range(len(_HEADERS)))
        if self._time_mode != "absolute":
            texts = (self._time_text(row, i), *texts[1:])
        rec, _preview = self._row(i)
        flags = rec[10]
        if flags & fmt.F_ERROR:
            colors: tuple[QColor | None, ...] = (_ERROR_COLOR,) * len(_HEADERS)
        elif flags & fmt.F_DATA:
            colors = (None,) * COL_BYTES + (_SENT_COLOR if rec[9] in _SENT_CODES else _RECEIVED_COLOR,)
        else:
            colors = (None,) * len(_HEADERS)
        if len(self._cells) >= _CACHE_ROWS:
            self._cells.clear()
        cells = self._cells[i] = (texts, colors)
        return cells

    def cell_text(self, row: int, col: int) -> str:
        """DisplayRole text of a shown cell without a QModelIndex (the view's fast path)."""
        return self.row_cells(row)[0][col]

    def cell_color(self, row: int, col: int) -> QColor | None:
        return self.row_cells(row)[1][col]

    def _display(self, i: int, col: int) -> str:
        rec, preview = self._row(i)
        ts, _off, _size, request, thread, _peer, value, _note, source, kind, flags = rec
        assert self.reader is not None
        tables = self.reader.tables
        if col == COL_TIME:
            seconds = ts / 1e9
            return time.strftime("%H:%M:%S", time.localtime(seconds)) + f".{(ts // 1000) % 1_000_000:06d}"
        if col == COL_SOURCE:
            return tables.source_name(source)
        if col == COL_REQUEST:
            return f"#{request}" if request else ""
        if col == COL_THREAD:
            pid, name = tables.threads.get(thread, (0, ""))
            return f"{pid} · {printable(name)}"  # the pid first: a narrow column still shows the process
        if col == COL_EVENT:
            return _name(kind)
        if col == COL_PHASE:
            phase = _PHASES[flags & fmt.PHASE_MASK]
            shown = decode_value(kind, flags, value)
            if flags & fmt.F_ERROR:
                return (
                    QCoreApplication.translate("EventTableModel", "{phase} (error)").format(phase=phase)
                    if phase
                    else QCoreApplication.translate("EventTableModel", "error")
                )
            if kind == Kind.PAUSED and shown in _KIND_CODES:
                return f"{phase} · {_name(shown)}()"  # the hook the thread is held at, not its code
            if shown is not None and not flags & fmt.F_DATA:
                return f"{phase} → {shown!r}" if phase else f"→ {shown!r}"
            return phase
        if col == COL_BYTES:
            if not flags & fmt.F_DATA:
                return ""
            text = self._bytes_text(i, rec, preview)
            if _is_tls(tables, source):  # what the ssl module decrypted: say so, the wire had TLS records
                return QCoreApplication.translate("EventTableModel", "TLS · {bytes}").format(bytes=text)
            return text
        return ""

    def _bytes_text(self, i: int, rec: tuple[Any, ...], preview: bytes | None) -> str:
        size, kind, flags = rec[2], rec[9], rec[10]
        framed = self._frames_text(i, size)
        if framed is not None:
            return framed
        data = preview or b""
        more = " …" if size > len(data) else ""
        text = QCoreApplication.translate("EventTableModel", "{n} B").format(n=size) + (
            f"  {data.hex(' ')}{more}" if data else ""
        )
        if flags & fmt.F_VALUE and kind == Kind.SEND:
            asked = self._asked(i)
            if asked is not None and asked > size:
                text = (
                    QCoreApplication.translate("EventTableModel", "{n} of {asked} B").format(
                        n=size, asked=asked
                    )
                    + f"  {data.hex(' ')}{more}"
                )
        return text

    def _time_text(self, row: int, i: int) -> str:
        ts = self._row(i)[0][0]
        if self._time_mode == "relative":
            if not self._first_ts and self.reader is not None and self.reader.count:
                self._first_ts = self.reader.record(0)[0]
            return f"{(ts - self._first_ts) / 1e9:.6f}"
        if row == 0:
            return f"{0:.6f}"
        before = self._row(self.source_row(row - 1))[0][0]
        return f"+{(ts - before) / 1e9:.6f}" if ts >= before else f"{(ts - before) / 1e9:.6f}"

    def _frames_text(self, i: int, size: int) -> str | None:
        """The bytes column with a framing: the frames this call ended, or the frame it is part of."""
        if self.frame_lookup is None:
            return None
        found = self.frame_lookup(i)
        if found is None:
            return None if size else ""
        index, ended, first = found
        if ended:
            frame = ended[0]
            data = index.read(frame, _PREVIEW)
            more = " …" if frame.length > len(data) else ""
            head = QCoreApplication.translate("EventTableModel", "frame #{n}: {size} B").format(
                n=frame.number + 1, size=frame.length
            )
            if not frame.complete:
                head = QCoreApplication.translate(
                    "EventTableModel", "frame #{n} (incomplete): {size} B"
                ).format(n=frame.number + 1, size=frame.length)
            text = f"{head}  {data.hex(' ')}{more}"
            if len(ended) > 1:
                size = sum(f.length for f in ended)
                head = QCoreApplication.translate(
                    "EventTableModel", "frames #{first}–#{last}: {size} B"
                ).format(first=frame.number + 1, last=ended[-1].number + 1, size=size)
                data = b"".join(index.read(f, _PREVIEW) for f in ended)[:_PREVIEW]
                more = " …" if size > len(data) else ""
                text = f"{head}  {data.hex(' ')}{more}"
            return text
        if first is not None:
            return QCoreApplication.translate("EventTableModel", "{n} B, part of frame #{frame}").format(
                n=size, frame=first.number + 1
            )
        return None

    def _asked(self, i: int) -> int | None:
        """send(): how many bytes it was asked to send (when it took fewer)."""
        event = self.reader.event(i) if self.reader is not None else None
        if event is not None and isinstance(event.detail, dict):
            asked = event.detail.get("asked")
            return int(asked) if isinstance(asked, int) else None
        return None

    def _tooltip(self, i: int) -> str | None:
        rec, preview = self._row(i)
        _ts, _off, _size, request, _thread, peer, _value, note, _source, _kind, flags = rec
        assert self.reader is not None
        tables = self.reader.tables
        lines = []
        if peer:
            what = (
                QCoreApplication.translate("EventTableModel", "peer: {peer}")
                if request
                else QCoreApplication.translate("EventTableModel", "address: {address}")
            )
            lines.append(
                what.format(
                    peer=_fmt_address(tables.addresses.get(peer)),
                    address=_fmt_address(tables.addresses.get(peer)),
                )
            )
        if preview is not None:
            text = "".join(chr(b) if 32 <= b < 127 else "." for b in preview)
            lines.append(
                QCoreApplication.translate("EventTableModel", "first bytes: {text}").format(text=text)
            )
        if flags & fmt.F_DATA and _is_tls(tables, _source):
            lines.append(
                QCoreApplication.translate(
                    "EventTableModel",
                    "TLS: these are the bytes the ssl module decrypted (or will encrypt); "
                    "on the wire they travelled inside TLS records",
                )
            )
        if flags & fmt.F_ERROR:
            lines.append(
                QCoreApplication.translate("EventTableModel", "error: {error}").format(
                    error=printable(tables.texts.get(note, ""))
                )
            )
        found = self.frame_lookup(i) if self.frame_lookup is not None and flags & fmt.F_DATA else None
        if found is not None:
            index, ended, first = found
            for frame in ended[:8]:
                data = index.read(frame, 64)
                text = "".join(chr(b) if 32 <= b < 127 else "." for b in data)
                lines.append(
                    QCoreApplication.translate(
                        "EventTableModel", "ends frame #{n} ({size} B): {text}"
                    ).format(n=frame.number + 1, size=frame.length, text=text)
                )
            if len(ended) > 8:
                lines.append(
                    QCoreApplication.translate("EventTableModel", "and {n} more frames").format(
                        n=len(ended) - 8
                    )
                )
            if not ended and first is not None:
                lines.append(
                    QCoreApplication.translate(
                        "EventTableModel", "part of frame #{n}, which ends in a later call"
                    ).format(n=first.number + 1)
                )
        # Peer bytes and peer names are in here: a tooltip that looks like HTML would be HTML.
        return plain_tooltip("\n".join(lines)) if lines else None


def _is_tls(tables: Any, source: int) -> bool:
    """A TLS server or client: its data events hold the plaintext the ssl module handled."""
    info = tables.sources.get(source)
    return info is not None and bool(info.detail.get("tls"))


def _name(kind: int) -> str:
    try:
        return KINDS[Kind(kind)].name
    except ValueError:
        return f"kind {kind}"


def _fmt_address(address: Any) -> str:
    return (
        format_address(address)
        if address not in (None, "", b"")
        else QCoreApplication.translate("EventTableModel", "(unnamed)")
    )

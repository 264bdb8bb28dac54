"""EventTableModel: every engine event as a row, stored column-wise so millions of rows fit."""

from __future__ import annotations

import time
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from workbench.events import SENT_CALLS, Event, format_address

_PREVIEW = 16  # bytes of each data event kept for the table; the hex pane keeps the rest
_PHASES: tuple[str | None, ...] = (None, "enter", "exit")
_PHASE_CODE = {None: 0, "enter": 1, "exit": 2}
COL_TIME, COL_SOURCE, COL_REQUEST, COL_THREAD, COL_EVENT, COL_PHASE, COL_BYTES = range(7)
_HEADERS = ("time", "source", "request", "thread/pid", "event", "phase", "bytes")

_ERROR_COLOR = QColor("#c62828")
_SENT_COLOR = QColor("#1f5fbf")
_RECEIVED_COLOR = QColor("#2e7d32")

AnyIndex = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate("EventTableModel", text)


class _Interner:
    """Maps repeated values (source ids, thread names, event names) to small ints."""

    def __init__(self) -> None:
        self.values: list[Any] = []
        self.ids: dict[Any, int] = {}

    def codes(self, values: Sequence[Any]) -> list[int]:
        ids = self.ids
        new = set(values) - ids.keys()
        if new:
            for v in sorted(new, key=values.index):  # codes in order of first appearance
                ids[v] = len(self.values)
                self.values.append(v)
        return [ids[v] for v in values]

    def code(self, value: Any) -> int:
        code = self.ids.get(value)
        if code is None:
            code = self.ids[value] = len(self.values)
            self.values.append(value)
        return code


class EventTableModel(QAbstractTableModel):
    """Rows of engine events with a built-in filter (source, request, event name).

    Events are not kept as objects: each field lives in a typed array (about 32
    bytes a row) and data events keep only their size and a 16-byte preview;
    the full bytes belong to the hex pane's Capture. Filtering is done here,
    not in a QSortFilterProxyModel, so appending a batch to a filtered view of
    millions of rows costs only the batch.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._reset_store()
        self._source_filter: str | None = None
        self._request_filter: int | None = None
        self._name_terms: tuple[str, ...] = ()
        self._allowed_names: set[int] | None = None
        self._visible: array[int] | None = None  # row numbers shown; None = all

    def _reset_store(self) -> None:
        self._published = 0
        self._ts = array("d")
        self._src = array("I")
        self._req = array("q")
        self._thr = array("I")
        self._name = array("H")
        self._phase = array("b")
        self._pv_rows = array("q")  # rows that are data events, ascending
        self._pv_nbytes = array("q")  # their sizes, one per entry of _pv_rows
        self._pv_data = bytearray()  # _PREVIEW bytes per entry of _pv_rows
        self._errors: dict[int, str] = {}
        self._addresses: dict[int, Any] = {}
        self._peers: dict[tuple[int, int | None], Any] = {}
        self._sources = _Interner()
        self._threads = _Interner()
        self._threads_of_pid: dict[int, dict[str, int]] = {}  # pid -> thread name -> _threads code
        self._names = _Interner()

    # -- feeding ------------------------------------------------------------
    def add_events(self, batch: Sequence[Event]) -> None:
        """Store a batch and show it to views with one beginInsertRows/endInsertRows."""
        self.append(batch)
        self.publish()

    def append(self, batch: Sequence[Event]) -> None:
        """Store a batch without telling views yet; ``publish()`` does that.

        QTableView repaints its whole viewport on every row insert, so under a
        flood the pane stores each batch at once but publishes at most ten
        times a second.
        """
        n = len(batch)
        if not n:
            return
        # One list comprehension per column (attribute reads on slotted objects are the
        # cheapest loop in CPython 3.11) and array.fromlist (twice as fast as extend): the
        # GUI thread shares the GIL with the server threads it shows, so every ns counts.
        lo = len(self._ts)
        self._ts.fromlist([e.ts for e in batch])
        sources = [e.source for e in batch]
        one_source = sources.count(sources[0]) == n  # the usual batch: one server's events
        src_codes = self._sources.codes(sources[:1] if one_source else sources)
        if one_source:
            self._src.extend(array("I", src_codes) * n)
        else:
            self._src.fromlist(src_codes)
        reqs = [e.request for e in batch]
        self._req.fromlist([-1 if r is None else r for r in reqs])
        pids = [e.pid for e in batch]
        if pids.count(pids[0]) == n:  # one process (no forking): intern thread names alone
            threads = self._threads_of_pid.get(pids[0])
            if threads is None:
                threads = self._threads_of_pid[pids[0]] = {}
            names = [e.thread for e in batch]
            for name in set(names) - threads.keys():
                threads[name] = self._threads.code((name, pids[0]))
            if names.count(names[0]) == n:
                self._thr.extend(array("I", [threads[names[0]]]) * n)
            else:
                self._thr.fromlist([threads[t] for t in names])
        else:
            self._thr.fromlist(self._threads.codes([(e.thread, e.pid) for e in batch]))
        known_names = len(self._names.values)
        self._name.fromlist(self._names.codes([e.event for e in batch]))
        if len(self._names.values) != known_names and self._name_terms:
            self._allowed_names = self._names_matching(self._name_terms)
        self._phase.fromlist([_PHASE_CODE[e.phase] for e in batch])
        datas = [(lo + i, e.data) for i, e in enumerate(batch) if e.data is not None]
        if datas:
            payloads = [d for _r, d in datas]
            try:
                previews = b"".join([d[:_PREVIEW].ljust(_PREVIEW, b"\0") for d in payloads])
            except (TypeError, AttributeError):  # not bytes (bytearray, memoryview)
                previews = b"".join([bytes(d[:_PREVIEW]).ljust(_PREVIEW, b"\0") for d in payloads])
            self._pv_data += previews
            self._pv_rows.fromlist([r for r, _d in datas])
            self._pv_nbytes.fromlist([len(d) for d in payloads])
        errors = [e.error for e in batch]
        if errors.count(None) != n:
            self._errors.update((lo + i, x) for i, x in enumerate(errors) if x is not None)
        addresses = [e.address for e in batch]
        if addresses.count(None) != n:
            self._addresses.update((lo + i, x) for i, x in enumerate(addresses) if x is not None)
        # The peer of each request: the first event about it that names one. Consecutive
        # events mostly belong to the same request, so look only where the request changes.
        peers = self._peers
        if one_source:
            src = src_codes[0]
            last_request = None
            for i, request in enumerate(reqs):
                if request == last_request or request is None:
                    continue
                key = (src, request)
                if key in peers:
                    last_request = request
                    continue
                client = batch[i].client
                if client is not None:  # (get_request's enter does not know the peer yet)
                    peers[key] = client
                    last_request = request
            return
        last = None
        for i, pair in enumerate(zip(src_codes, reqs, strict=True)):
            if pair == last:
                continue
            if pair[1] is None or pair in peers:
                last = pair
                continue
            client = batch[i].client
            if client is not None:
                peers[pair] = client
                last = pair

    def publish(self) -> None:
        """Insert the rows stored since the last publish into the views (one insert)."""
        lo, hi = self._published, len(self._ts)
        if lo == hi:
            return
        if self._visible is None:
            self.beginInsertRows(QModelIndex(), lo, hi - 1)
            self._published = hi
            self.endInsertRows()
            return
        accepted = self._filter_rows(range(lo, hi))
        self._published = hi
        if accepted:
            first = len(self._visible)
            self.beginInsertRows(QModelIndex(), first, first + len(accepted) - 1)
            self._visible.extend(accepted)
            self.endInsertRows()

    @property
    def unpublished_count(self) -> int:
        """Rows stored but not yet inserted into the views."""
        return len(self._ts) - self._published

    def clear(self) -> None:
        self.beginResetModel()
        self._reset_store()
        if self._visible is not None:
            self._visible = array("q")
        self._allowed_names = self._names_matching(self._name_terms) if self._name_terms else None
        self.endResetModel()

    # -- filtering ----------------------------------------------------------
    def set_filter(
        self, source: str | None = None, request: int | None = None, names: Iterable[str] = ()
    ) -> None:
        """Show only rows from ``source``, about ``request``, whose event name contains any of ``names``."""
        terms = tuple(t.strip().lower() for t in names if t.strip())
        if (source, request, terms) == (self._source_filter, self._request_filter, self._name_terms):
            return
        self.beginResetModel()
        self._source_filter, self._request_filter, self._name_terms = source, request, terms
        self._allowed_names = self._names_matching(terms) if terms else None
        if source is None and request is None and not terms:
            self._visible = None
        else:
            self._visible = array("q", self._filter_rows(range(self._published)))
        self.endResetModel()

    def _names_matching(self, terms: tuple[str, ...]) -> set[int]:
        return {i for i, name in enumerate(self._names.values) if any(t in name.lower() for t in terms)}

    def _filter_rows(self, rows: range) -> list[int]:
        out: Iterable[int] = rows
        if self._source_filter is not None:
            code = self._sources.ids.get(self._source_filter)
            if code is None:
                return []
            src = self._src
            out = [i for i in out if src[i] == code]
        if self._request_filter is not None:
            req, want = self._req, self._request_filter
            out = [i for i in out if req[i] == want]
        if self._allowed_names is not None:
            name, allowed = self._name, self._allowed_names
            out = [i for i in out if name[i] in allowed]
        return list(out)

    # -- queries --------------------------------------------------------------
    @property
    def total_count(self) -> int:
        """Events held, shown or not."""
        return len(self._ts)

    def sources(self) -> list[str]:
        """Every source id seen, in order of first appearance."""
        return list(self._sources.values)

    def source_row(self, row: int) -> int:
        return row if self._visible is None else self._visible[row]

    def row_summary(self, row: int) -> dict[str, Any]:
        """The stored fields of a shown row (for tests and the UI's status line)."""
        i = self.source_row(row)
        return {
            "ts": self._ts[i],
            "source": self._sources.values[self._src[i]],
            "request": None if self._req[i] < 0 else self._req[i],
            "thread": self._threads.values[self._thr[i]][0],
            "pid": self._threads.values[self._thr[i]][1],
            "event": self._names.values[self._name[i]],
            "phase": _PHASES[self._phase[i]],
            "nbytes": self._nbytes(i),
            "preview": self._preview(i),
            "error": self._errors.get(i),
        }

    def _data_slot(self, i: int) -> int:
        """Where row ``i`` sits in the data-event columns (_pv_*), or -1 if it moved no data."""
        k = bisect_left(self._pv_rows, i)
        return k if k < len(self._pv_rows) and self._pv_rows[k] == i else -1

    def _nbytes(self, i: int) -> int | None:
        k = self._data_slot(i)
        return None if k < 0 else self._pv_nbytes[k]

    def _preview(self, i: int) -> bytes | None:
        k = self._data_slot(i)
        if k < 0:
            return None
        start = k * _PREVIEW
        return bytes(self._pv_data[start : start + min(self._pv_nbytes[k], _PREVIEW)])

    # -- QAbstractTableModel ------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return self._published if self._visible is None else len(self._visible)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return _tr(_HEADERS[section]) if 0 <= section < len(_HEADERS) else None
        return str(section + 1)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if not index.isValid():
                return None
            return self._display(self.source_row(index.row()), index.column())
        if role == Qt.ItemDataRole.ForegroundRole:
            if not index.isValid():
                return None
            i = self.source_row(index.row())
            if i in self._errors:
                return _ERROR_COLOR
            if index.column() == COL_BYTES and self._data_slot(i) >= 0:
                return _SENT_COLOR if self._names.values[self._name[i]] in SENT_CALLS else _RECEIVED_COLOR
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if not index.isValid():
                return None
            return self._tooltip(self.source_row(index.row()))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if index.isValid() and index.column() == COL_REQUEST:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        return None

    def cell_text(self, row: int, col: int) -> str:
        """DisplayRole text of a shown cell without a QModelIndex (the delegate's fast path)."""
        return self._display(self.source_row(row), col)

    def cell_color(self, row: int, col: int) -> QColor | None:
        """ForegroundRole of a shown cell without a QModelIndex."""
        i = self.source_row(row)
        if i in self._errors:
            return _ERROR_COLOR
        if col == COL_BYTES and self._data_slot(i) >= 0:
            return _SENT_COLOR if self._names.values[self._name[i]] in SENT_CALLS else _RECEIVED_COLOR
        return None

    def _display(self, i: int, col: int) -> str:
        if col == COL_TIME:
            ts = self._ts[i]
            return time.strftime("%H:%M:%S", time.localtime(ts)) + f".{int((ts % 1) * 1e6):06d}"
        if col == COL_SOURCE:
            return self._sources.values[self._src[i]]
        if col == COL_REQUEST:
            req = self._req[i]
            return "" if req < 0 else f"#{req}"
        if col == COL_THREAD:
            thread, pid = self._threads.values[self._thr[i]]
            return f"{pid} · {thread}"  # the pid first: a narrow column still shows the process
        if col == COL_EVENT:
            return self._names.values[self._name[i]]
        if col == COL_PHASE:
            phase = _PHASES[self._phase[i]] or ""
            if i in self._errors:
                return _tr("{phase} (error)").format(phase=phase) if phase else _tr("error")
            return phase
        if col == COL_BYTES:
            n = self._nbytes(i)
            if n is None:
                return ""
            preview = self._preview(i) or b""
            more = " …" if n > len(preview) else ""
            return _tr("{n} B").format(n=n) + (f"  {preview.hex(' ')}{more}" if preview else "")
        return ""

    def _tooltip(self, i: int) -> str:
        lines = []
        req = self._req[i]
        if req >= 0:
            peer = self._peers.get((self._src[i], req))
            if peer is not None:
                lines.append(_tr("peer: {peer}").format(peer=_fmt_address(peer)))
        if i in self._addresses:
            lines.append(_tr("address: {address}").format(address=_fmt_address(self._addresses[i])))
        preview = self._preview(i)
        if preview is not None:
            text = "".join(chr(b) if 32 <= b < 127 else "." for b in preview)
            lines.append(_tr("first bytes: {text}").format(text=text))
        if i in self._errors:
            lines.append(_tr("error: {error}").format(error=self._errors[i]))
        return "\n".join(lines) or None  # type: ignore[return-value]


def _fmt_address(address: Any) -> str:
    return format_address(address) if address not in (None, "", b"") else _tr("(unnamed)")

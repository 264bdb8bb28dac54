"""The hex pane's models: HexModel (16 bytes a row), InspectorModel (the selection), the connection list.

All three read a session log's ConnectionStreams (workbench.session.streams): the bytes stay
in the mapped log and are read a visible row at a time; nothing here keeps a copy of them.
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from workbench.hexfmt import inspect_bytes
from workbench.session.streams import Chunk, ConnectionKey, ConnectionStream

BYTES_PER_ROW = 16
COL_OFFSET = 0
COL_ASCII = BYTES_PER_ROW + 1
#: Text and tint per direction; the legend, the view and the model use the same pair.
DIRECTION_TEXT = {"sent": QColor("#0b4aa8"), "received": QColor("#8a4500")}
DIRECTION_TINT = {"sent": QColor("#dce8fb"), "received": QColor("#fde6cc")}
#: Every other frame of a direction, a step deeper, so neighbouring frames stand apart.
FRAME_TINT = {"sent": QColor("#b7cff5"), "received": QColor("#f8c98f")}

AnyIndex = QModelIndex | QPersistentModelIndex
_ASCII = bytes(b if 32 <= b < 127 else 46 for b in range(256))  # 46 == "."


def plain_tooltip(text: str) -> str:
    """Tooltip markup that shows ``text`` literally, however much it looks like HTML.

    Qt renders a tooltip that might be rich text (Qt.mightBeRichText) as HTML: a peer that
    sends ``<img width=400>`` would get an image. Escaped inside a paragraph it is text.
    """
    return f'<p style="white-space:pre-wrap">{html.escape(text, quote=False)}</p>' if text else ""


def ascii_text(data: bytes) -> str:
    """Printable ASCII as itself, everything else as "."."""
    return data.translate(_ASCII).decode("ascii")


def offset_digits(total: int) -> int:
    """Hex digits for the offset column: 8, more only for connections past 4 GiB."""
    return max(8, len(f"{max(total - 1, 0):x}"))


class HexModel(QAbstractTableModel):
    """A ConnectionStream as rows of 16 bytes: offset, 16 hex cells, ASCII.

    Only rows asked for are read (from the mapped log) and formatted: a
    connection may be gigabytes. The stream grows as the pane's StreamIndex
    takes in new records; ``sync()`` tells views about the bytes added since
    the last call with one insert.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._stream: ConnectionStream | None = None
        self._total = 0
        self._cache_row = -1
        self._cache: bytes = b""

    # -- stream -------------------------------------------------------------
    @property
    def stream(self) -> ConnectionStream | None:
        return self._stream

    def set_stream(self, stream: ConnectionStream | None) -> None:
        self.beginResetModel()
        self._stream = stream
        self._total = 0 if stream is None else stream.total_bytes
        self._cache_row = -1
        self.endResetModel()

    @property
    def total_bytes(self) -> int:
        """Bytes the model (and its views) know about."""
        return self._total

    def sync(self) -> None:
        """Publish bytes the stream took in since the last sync."""
        if self._stream is None:
            return
        new_total = self._stream.total_bytes
        if new_total == self._total:
            return
        old_rows = self.rowCount()
        old_total = self._total
        new_rows = -(-new_total // BYTES_PER_ROW)
        self._cache_row = -1
        if new_rows > old_rows:
            self.beginInsertRows(QModelIndex(), old_rows, new_rows - 1)
            self._total = new_total
            self.endInsertRows()
        else:
            self._total = new_total
        if old_total % BYTES_PER_ROW and old_rows:
            # The old last row was partial and got more bytes.
            row = old_rows - 1
            self.dataChanged.emit(self.index(row, 0), self.index(row, COL_ASCII))

    def read_rows(self, first: int, count: int) -> bytes:
        """The bytes of rows [first, first+count), short at the end."""
        if self._stream is None or count <= 0:
            return b""
        start = first * BYTES_PER_ROW
        length = min(count * BYTES_PER_ROW, self._total - start)
        return self._stream.read(start, length) if length > 0 else b""

    def chunks_between(self, start: int, end: int) -> list[Chunk]:
        if self._stream is None:
            return []
        return self._stream.chunks_between(start, min(end, self._total))

    def row_bytes(self, row: int) -> bytes:
        if row != self._cache_row:
            self._cache = self.read_rows(row, 1)
            self._cache_row = row
        return self._cache

    def row_texts(self, row: int) -> tuple[str, str, str]:
        """(offset, hex, ASCII) text of a row, as the hex view paints it."""
        data = self.row_bytes(row)
        return (
            f"{row * BYTES_PER_ROW:0{offset_digits(self._total)}x}",
            data[:8].hex(" ") + ("  " + data[8:].hex(" ") if len(data) > 8 else ""),
            ascii_text(data),
        )

    # -- QAbstractTableModel ------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else -(-self._total // BYTES_PER_ROW)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else BYTES_PER_ROW + 2

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return f"{section * BYTES_PER_ROW:08x}"
        if section == COL_OFFSET:
            return QCoreApplication.translate("HexModel", "offset")
        if section == COL_ASCII:
            return QCoreApplication.translate("HexModel", "ASCII")
        if 0 < section <= BYTES_PER_ROW:
            return f"{section - 1:02x}"
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._stream is None:
            return None
        row, col = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_OFFSET:
                return f"{row * BYTES_PER_ROW:0{offset_digits(self._total)}x}"
            data = self.row_bytes(row)
            if col == COL_ASCII:
                return ascii_text(data)
            return f"{data[col - 1]:02x}" if col - 1 < len(data) else ""
        if role in (
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            if not 0 < col <= BYTES_PER_ROW:
                return None
            offset = row * BYTES_PER_ROW + col - 1
            if offset >= self._total:
                return None
            chunk = self._stream.chunk_at(offset)
            if role == Qt.ItemDataRole.ForegroundRole:
                return DIRECTION_TEXT[chunk.direction]
            if role == Qt.ItemDataRole.BackgroundRole:
                return DIRECTION_TINT[chunk.direction]
            return chunk_description(chunk)
        return None


def chunk_description(chunk: Chunk) -> str:
    """ "chunk #3: recv, received 5 B at 0x10, 12:00:01.123456"."""
    when = time.strftime("%H:%M:%S", time.localtime(chunk.ts)) + f".{int((chunk.ts % 1) * 1e6):06d}"
    direction = (
        QCoreApplication.translate("HexModel", "sent")
        if chunk.direction == "sent"
        else QCoreApplication.translate("HexModel", "received")
    )
    return QCoreApplication.translate(
        "HexModel", "chunk #{index}: {call}(), {direction} {length} B at 0x{offset:x}, {when}"
    ).format(
        index=chunk.index,
        call=chunk.call,
        direction=direction,
        length=chunk.length,
        offset=chunk.offset,
        when=when,
    )


class InspectorModel(QAbstractTableModel):
    """The selected bytes as u8 … f64 (little and big endian), UTF-8 and binary (hexfmt.inspect_bytes)."""

    #: Bytes handed to inspect_bytes at most: numbers use 8, text shows the first 256.
    LIMIT = 4096

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, str, str]] = inspect_bytes(b"")

    def set_bytes(self, data: bytes) -> None:
        rows = inspect_bytes(bytes(data[: self.LIMIT]))
        if len(rows) == len(self._rows):
            self._rows = rows
            if rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, 2))
        else:
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()

    def rows(self) -> list[tuple[str, str, str]]:
        """(type, little endian, big endian) rows as shown."""
        return list(self._rows)

    def value(self, label: str) -> tuple[str, str]:
        """(little-endian, big-endian) text of the row called ``label`` ("u16", "UTF-8", ...)."""
        for name, le, be in self._rows:
            if name == label:
                return le, be
        raise KeyError(label)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        names = (
            QCoreApplication.translate("InspectorModel", "type"),
            QCoreApplication.translate("InspectorModel", "little endian"),
            QCoreApplication.translate("InspectorModel", "big endian"),
        )
        return names[section] if 0 <= section < 3 else None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:  # the UTF-8 row is peer bytes: never markup
            return plain_tooltip(self._rows[index.row()][index.column()])
        return None


class ConnectionListModel(QAbstractListModel):
    """The connection chooser's rows: one per connection, in order of first bytes.

    DisplayRole is the label, made by ``label(key)`` when a row is first shown
    and kept (a flood brings tens of thousands of connections, and a combo box
    shows a few); UserRole is the ConnectionKey. ``sync`` appends the keys new
    since the last call with one insert; ``relabel`` forgets the labels of
    rows that changed (a datagram conversation's count) with one dataChanged.
    """

    def __init__(self, label: Callable[[ConnectionKey], str], parent: Any = None) -> None:
        super().__init__(parent)
        self._label = label
        self._keys: list[ConnectionKey] = []
        self._labels: list[str | None] = []
        self._rows: dict[ConnectionKey, int] = {}

    def sync(self, keys: list[ConnectionKey]) -> None:
        """Show keys[rowCount():] (``keys`` only ever grows at its end, like StreamIndex.order)."""
        first = len(self._keys)
        if len(keys) <= first:
            return
        fresh = keys[first:]
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        self._rows.update(zip(fresh, range(first, first + len(fresh)), strict=True))
        self._keys.extend(fresh)
        self._labels.extend([None] * len(fresh))
        self.endInsertRows()

    def relabel(self, keys: set[ConnectionKey]) -> None:
        rows = [self._rows[k] for k in keys if k in self._rows]
        if not rows:
            return
        for row in rows:
            self._labels[row] = None
        self.dataChanged.emit(self.index(min(rows)), self.index(max(rows)), [Qt.ItemDataRole.DisplayRole])

    def clear(self) -> None:
        self.beginResetModel()
        self._keys, self._labels, self._rows = [], [], {}
        self.endResetModel()

    def row_of(self, key: ConnectionKey) -> int:
        """The row of ``key``, or -1."""
        return self._rows.get(key, -1)

    def key(self, row: int) -> ConnectionKey | None:
        return self._keys[row] if 0 <= row < len(self._keys) else None

    def keys(self) -> list[ConnectionKey]:
        return list(self._keys)

    def label(self, row: int) -> str:
        text = self._labels[row]
        if text is None:
            text = self._labels[row] = self._label(self._keys[row])
        return text

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._keys)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._keys):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.label(index.row())
        if role == Qt.ItemDataRole.ToolTipRole:  # a Unix peer names its own path: never markup
            return plain_tooltip(self.label(index.row()))
        if role == Qt.ItemDataRole.UserRole:
            return self._keys[index.row()]
        return None

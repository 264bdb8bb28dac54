"""ConnectionListModel: the connections the hex pane can show, added in batches (thousands are fine)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

Key = tuple[str, int | None]
AnyIndex = QModelIndex | QPersistentModelIndex


class ConnectionListModel(QAbstractListModel):
    """One row per connection: DisplayRole is its label, UserRole its (source, request) key.

    A stream server brings a connection per request, so a flood brings tens
    of thousands; one beginInsertRows per batch keeps that cheap where
    QComboBox.addItem per connection would not.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._keys: list[Key] = []
        self._labels: list[str] = []
        self._rows: dict[Key, int] = {}

    def add(self, items: list[tuple[Key, str]]) -> None:
        """Append new (key, label) rows with one insert; keys already present are skipped."""
        fresh = [(k, label) for k, label in items if k not in self._rows]
        if not fresh:
            return
        first = len(self._keys)
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        for key, label in fresh:
            self._rows[key] = len(self._keys)
            self._keys.append(key)
            self._labels.append(label)
        self.endInsertRows()

    def set_labels(self, items: list[tuple[Key, str]]) -> None:
        """Relabel rows (unknown keys are skipped) with one dataChanged over the rows touched."""
        rows = [(self._rows[k], label) for k, label in items if k in self._rows]
        if not rows:
            return
        for row, label in rows:
            self._labels[row] = label
        first, last = min(r for r, _ in rows), max(r for r, _ in rows)
        self.dataChanged.emit(self.index(first), self.index(last), [Qt.ItemDataRole.DisplayRole])

    def clear(self) -> None:
        self.beginResetModel()
        self._keys, self._labels, self._rows = [], [], {}
        self.endResetModel()

    def row_of(self, key: Key) -> int:
        """The row of ``key``, or -1."""
        return self._rows.get(key, -1)

    def key(self, row: int) -> Key | None:
        return self._keys[row] if 0 <= row < len(self._keys) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._keys)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._keys):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._labels[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return self._keys[index.row()]
        return None

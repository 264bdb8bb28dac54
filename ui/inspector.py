"""InspectorWidget: the hex view's selection as numbers, text and checksums; the call and frame under the cursor."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFontDatabase, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.models.hex_model import InspectorModel, chunk_description, plain_tooltip
from workbench import checksum
from workbench.session.frames import FrameIndex
from workbench.session.streams import ConnectionStream

#: The checksums shown (workbench.checksum names), the ones serial and field-bus protocols use most.
CHECKSUMS = ("CRC-16/MODBUS", "CRC-16/CCITT-FALSE", "CRC-32", "SUM8", "XOR8")
#: Checksums are computed over at most this much of the selection (a few ms; more would stall a drag).
CHECKSUM_LIMIT = 4 * 2**20


def _mib(n: int) -> str:
    return f"{n / 2**20:g} MiB"


class InspectorWidget(QWidget):
    """The selection as numbers (LE/BE), UTF-8, binary and checksums; where it is; the call and frame at the cursor.

    ``show_selection`` is called by the pane on every selection change: the numbers read at
    most InspectorModel.LIMIT bytes, the checksums CHECKSUM_LIMIT (and say so when the
    selection is longer).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspector")
        self.model = InspectorModel(self)
        self.selection_label = self._label("inspectorSelection")
        self.chunk_label = self._label("inspectorChunk")
        self.frame_label = self._label("inspectorFrame")
        self.frame_label.hide()
        self.table = self._table("inspectorTable")
        # The table shows a C++ copy of the model: a Python model is asked ~270 times per
        # repaint of this table, and under a flood each call waits for the GIL.
        self.shown = QStandardItemModel(0, 3, self)
        self.model.modelReset.connect(self._mirror)
        self.model.dataChanged.connect(self._mirror)
        self.table.setModel(self.shown)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.checksum_label = self._label("inspectorChecksumNote")
        self.checksums = self._table("inspectorChecksums")
        self.checksum_model = QStandardItemModel(len(CHECKSUMS), 3, self)
        for row, name in enumerate(CHECKSUMS):
            self.checksum_model.setItem(row, 0, _item(name))
            self.checksum_model.setItem(row, 1, _item(""))
            self.checksum_model.setItem(row, 2, _item(""))
        self.checksums.setModel(self.checksum_model)
        ch = self.checksums.horizontalHeader()
        ch.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        ch.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        ch.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        ch.setStretchLastSection(True)
        # Never "…": a narrow inspector scrolls sideways.
        self.checksums.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.copy_hex_button = QPushButton(self)
        self.copy_hex_button.setObjectName("copyHex")
        self.copy_python_button = QPushButton(self)
        self.copy_python_button.setObjectName("copyPython")
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_hex_button)
        buttons.addWidget(self.copy_python_button)
        buttons.addStretch(1)
        # The numbers and the checksums on two tabs: one above the other they asked for more
        # height than the window's centre has once the step and explain panes are open.
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("inspectorTabs")
        self.tabs.setDocumentMode(True)
        checks = QWidget(self.tabs)
        checks_layout = QVBoxLayout(checks)
        checks_layout.setContentsMargins(0, 2, 0, 0)
        checks_layout.setSpacing(2)
        self.checksum_label.setParent(checks)
        self.checksums.setParent(checks)
        checks_layout.addWidget(self.checksum_label)
        checks_layout.addWidget(self.checksums, 1)
        self.tabs.addTab(self.table, "")
        self.tabs.addTab(checks, "")
        for table in (self.table, self.checksums):
            table.setMinimumHeight(table.verticalHeader().defaultSectionSize() * 3 + 24)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.selection_label)
        layout.addWidget(self.chunk_label)
        layout.addWidget(self.frame_label)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self._shown: tuple[ConnectionStream | None, FrameIndex | None, int, int, int] = (None, None, 0, 0, 0)
        self.retranslate()

    def _label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _table(self, name: str) -> QTableView:
        table = QTableView(self)
        table.setObjectName(name)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 4)
        return table

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Inspector"))
        self.shown.setHorizontalHeaderLabels(
            [str(self.model.headerData(c, Qt.Orientation.Horizontal)) for c in range(3)]
        )
        self.checksum_model.setHorizontalHeaderLabels(
            [self.tr("checksum"), self.tr("value"), self.tr("appended as")]
        )
        self.checksums.setToolTip(
            self.tr(
                "Checksums of the selected bytes; 'appended as' is how a sender puts the value after the data"
            )
        )
        self.tabs.setTabText(0, self.tr("Values"))
        self.tabs.setTabText(1, self.tr("Checksums"))
        self.tabs.setTabToolTip(
            1, self.tr("CRC-16/MODBUS, CRC-16/CCITT-FALSE, CRC-32, SUM8 and XOR8 of the selection")
        )
        self.copy_hex_button.setText(self.tr("Copy as hex"))
        self.copy_python_button.setText(self.tr("Copy as Python bytes"))
        self.show_selection(*self._shown)

    def _mirror(self, *_args: object) -> None:
        rows = self.model.rows()
        shown = self.shown
        if shown.rowCount() != len(rows):
            shown.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, text in enumerate(values):
                item = shown.item(r, c)
                if item is None:
                    item = _item("")
                    shown.setItem(r, c, item)
                item.setText(text)  # an item view paints DisplayRole as plain text
                item.setToolTip(plain_tooltip(text))  # a tooltip that looks like HTML would be HTML

    def show_selection(
        self, stream: ConnectionStream | None, frames: FrameIndex | None, start: int, length: int, cursor: int
    ) -> None:
        """Inspect bytes [start, start+length) of ``stream``; describe the call (and the frame) at ``cursor``."""
        self._shown = (stream, frames, start, length, cursor)
        if stream is None or length == 0:
            self.model.set_bytes(b"")
            self.selection_label.setText(self.tr("Selection: none"))
            self.chunk_label.setText(self.tr("Chunk: —"))
            self.frame_label.setVisible(frames is not None)
            self.frame_label.setText(self.tr("Frame: —"))
            self._show_checksums(b"", 0)
            self.copy_hex_button.setEnabled(False)
            self.copy_python_button.setEnabled(False)
            return
        self.model.set_bytes(stream.read(start, min(length, InspectorModel.LIMIT)))
        self.selection_label.setText(
            self.tr("Selection: offset 0x{start:x} ({start}), {length} byte(s)").format(
                start=start, length=length
            )
        )
        self.chunk_label.setText(
            self.tr("Cursor in {chunk}").format(chunk=chunk_description(stream.chunk_at(cursor)))
        )
        self._show_frame(frames, cursor)
        self._show_checksums(stream.read(start, min(length, CHECKSUM_LIMIT)), length)
        self.copy_hex_button.setEnabled(True)
        self.copy_python_button.setEnabled(True)

    def _show_frame(self, frames: FrameIndex | None, cursor: int) -> None:
        self.frame_label.setVisible(frames is not None)
        if frames is None:
            return
        frame = frames.frame_at(cursor)
        if frame is None:
            self.frame_label.setText(self.tr("Frame: not framed yet ({spec})").format(spec=frames.spec))
            return
        direction = self.tr("sent") if frame.direction == "sent" else self.tr("received")
        if frame.complete:
            state = self.tr("complete")
        elif frame.number == frames.count(frame.direction) - 1 and frames.broken(frame.direction) is None:
            state = self.tr("incomplete so far")
        else:
            state = self.tr("incomplete")
        text = self.tr(
            "Cursor in frame #{number} ({spec}), {direction}: {length} B, {calls} call(s), {state}"
        ).format(
            number=frame.number + 1,
            spec=frames.spec,
            direction=direction,
            length=frame.length,
            calls=len(frame.pieces),
            state=state,
        )
        broken = frames.broken(frame.direction)
        if broken is not None and frame.start >= broken[1]:
            text += "\n" + self.tr("Framing stopped: {reason}").format(reason=broken[0].text(_language()))
        self.frame_label.setText(text)

    def _show_checksums(self, data: bytes, length: int) -> None:
        for row, name in enumerate(CHECKSUMS):
            value_item, bytes_item = self.checksum_model.item(row, 1), self.checksum_model.item(row, 2)
            if not data:
                value_item.setText("")
                bytes_item.setText("")
                continue
            value = checksum.compute(name, data)
            value_item.setText(checksum.format_value(name, value))
            bytes_item.setText(checksum.checksum_bytes(name, value).hex(" "))
        if not data:
            self.checksum_label.setText(self.tr("Checksums: select some bytes"))
        elif length > len(data):
            self.checksum_label.setText(
                self.tr("Checksums of the first {limit} of the selection").format(limit=_mib(len(data)))
            )
        else:
            self.checksum_label.setText(self.tr("Checksums of the {n} selected byte(s)").format(n=len(data)))

    def checksum_values(self) -> dict[str, tuple[str, str]]:
        """{name: (value, appended bytes)} as shown."""
        m = self.checksum_model
        return {m.item(r, 0).text(): (m.item(r, 1).text(), m.item(r, 2).text()) for r in range(m.rowCount())}


def _item(text: str) -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    return item


def _language() -> str:
    from ui.i18n import current_language

    return current_language()

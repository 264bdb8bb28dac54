"""The client's Packets tab: saved packets (double-click sends one to the chosen client) and the send history (click loads).

The lists show each payload on one line with its control characters as escapes: a payload
is data, never markup. What is stored lives in ui.packets.PacketStore.

Signals:
    sendPacket(object): a saved packet was double-clicked (a ui.packets.Packet).
    loadPacket(object): a packet or an earlier send should go back into the Send tab.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from ui.packets import MAX_NAME, Packet, PacketStore, one_line
from ui.server_pane import set_role

_PACKET_ROLE = Qt.ItemDataRole.UserRole


def describe(packet: Packet) -> str:
    """One line for a list: the payload, and how it is finished when that is not plain."""
    mode = {"text": "", "hex": "hex ", "escape": "esc "}.get(packet.mode, "")
    extras = []
    if packet.checksum:
        extras.append(f"+{packet.checksum}")
    if packet.ending != "none":
        extras.append({"lf": "+\\n", "crlf": "+\\r\\n", "cr": "+\\r"}.get(packet.ending, ""))
    call = f"{packet.call}() " if packet.call else ""
    tail = f"  [{' '.join(extras)}]" if extras else ""
    return f"{call}{mode}{one_line(packet.text)}{tail}"


class _ShortList(QListWidget):
    """A list that asks for a few rows only (the tab shares the left column with the forms).

    Signals:
        entered(QListWidgetItem): Enter was pressed on the current item. (itemActivated is not
            used: on some desktops it fires on a single click, and with a double click it
            would act twice.)
    """

    entered = Signal(QListWidgetItem)

    def sizeHint(self) -> QSize:
        # six rows: the page is the client box's tallest only while it is shown, and the running
        # list under it gives the height back (three rows hid most saved packets)
        return QSize(150, 6 * self.fontMetrics().lineSpacing() + 2 * self.frameWidth() + 4)

    def minimumSizeHint(self) -> QSize:
        return QSize(60, 40)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        item = self.currentItem()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and item is not None:
            self.entered.emit(item)
            return
        super().keyPressEvent(event)


class PacketsPage(QWidget):
    sendPacket = Signal(object)
    loadPacket = Signal(object)

    def __init__(self, current: Callable[[], Packet], store: PacketStore | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("clientPacketsPage")
        self._current = current
        self.store = store if store is not None else PacketStore(PacketStore.default_path())
        self._filled = False
        self.name = QLineEdit(self)
        self.name.setObjectName("clientPacketName")
        self.name.setMaxLength(MAX_NAME)
        self.name.returnPressed.connect(self.save_current)
        self.name.textChanged.connect(lambda _t: self._update_buttons())
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("clientPacketSave")
        self.save_button.clicked.connect(self.save_current)
        self.saved = _ShortList(self)
        self.saved.setObjectName("clientPackets")
        self.saved.itemDoubleClicked.connect(self._send_item)
        self.saved.entered.connect(self._send_item)
        self.saved.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.history = _ShortList(self)
        self.history.setObjectName("clientHistory")
        self.history.itemClicked.connect(self._load_item)
        self.history.entered.connect(self._load_item)
        self.load_button = QPushButton(self)
        self.load_button.setObjectName("clientPacketLoad")
        self.load_button.clicked.connect(self._load_selected)
        self.delete_button = QPushButton(self)
        self.delete_button.setObjectName("clientPacketDelete")
        self.delete_button.clicked.connect(self.delete_selected)
        self.saved_caption = QLabel(self)
        self.history_caption = QLabel(self)
        for label in (self.saved_caption, self.history_caption):
            set_role(label, "hint")
        self.problem = QLabel(self)
        self.problem.setObjectName("clientPacketsProblem")
        self.problem.setWordWrap(True)
        set_role(self.problem, "warning")
        self.problem.hide()
        for view in (self.saved, self.history):
            view.setUniformItemSizes(True)
            view.setMinimumHeight(44)

        grid = QGridLayout(self)
        grid.setContentsMargins(4, 4, 4, 2)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(3)
        grid.addWidget(self.name, 0, 0, 1, 3)
        grid.addWidget(self.save_button, 0, 3)
        grid.addWidget(self.saved_caption, 1, 0, 1, 2)
        grid.addWidget(self.history_caption, 1, 2, 1, 2)
        grid.addWidget(self.saved, 2, 0, 1, 2)
        grid.addWidget(self.history, 2, 2, 1, 2)
        grid.addWidget(self.load_button, 3, 0)
        grid.addWidget(self.delete_button, 3, 1)
        grid.addWidget(self.problem, 4, 0, 1, 4)
        grid.setRowStretch(2, 1)
        for col in range(4):
            grid.setColumnStretch(col, 1)
        order = [self.name, self.save_button, self.saved, self.load_button, self.delete_button, self.history]
        for a, b in itertools.pairwise(order):
            QWidget.setTabOrder(a, b)
        self._update_buttons()
        self.retranslate()

    # -- texts --------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.name.setPlaceholderText(self.tr("a name for the payload on the Send tab"))
        self.save_button.setText(self.tr("Save"))
        self.save_button.setToolTip(
            self.tr(
                "Keep the Send tab's payload, line ending and checksum under this name (for the next runs too)"
            )
        )
        self.saved_caption.setText(self.tr("Saved: double-click sends"))
        self.history_caption.setText(self.tr("History: click loads"))
        self.saved.setToolTip(self.tr("Double-click (or Enter) sends the packet to the client chosen above"))
        self.history.setToolTip(
            self.tr("The last sends, newest first: click one to put it back in the Send tab")
        )
        self.load_button.setText(self.tr("Load"))
        self.load_button.setToolTip(self.tr("Put the selected packet in the Send tab without sending it"))
        self.delete_button.setText(self.tr("Delete"))
        self.delete_button.setToolTip(self.tr("Forget the selected packet"))
        self._show_problem()

    # -- filling --------------------------------------------------------------------------------
    def showEvent(self, event: object) -> None:
        self.refresh()  # the file is read the first time the tab is shown, not at start-up
        super().showEvent(event)  # type: ignore[arg-type]

    def refresh(self) -> None:
        """Fill both lists from the store (reading the file the first time)."""
        self._filled = True
        self._fill_saved()
        self._fill_history()
        self._show_problem()
        self._update_buttons()

    def _fill_saved(self) -> None:
        selected = self.selected_name()
        self.saved.clear()
        for packet in self.store.packets:
            item = QListWidgetItem(f"{packet.name} — {describe(packet)}")
            item.setData(_PACKET_ROLE, packet)
            item.setToolTip(describe(packet))
            self.saved.addItem(item)
            if packet.name == selected:
                self.saved.setCurrentItem(item)

    def _fill_history(self) -> None:
        self.history.clear()
        for packet in self.store.history:
            item = QListWidgetItem(describe(packet))
            item.setData(_PACKET_ROLE, packet)
            self.history.addItem(item)

    def _show_problem(self) -> None:
        store = self.store
        messages = []
        if store.unreadable is not None:
            messages.append(
                self.tr(
                    "The saved packets could not be read ({reason}). The lists start empty; the file is "
                    "kept as {name}.bad when something is saved."
                ).format(reason=store.unreadable, name=store.path.name)
            )
        if store.skipped:
            messages.append(
                self.tr("{n} stored entries were not packets and were left out.").format(n=store.skipped)
            )
        self.problem.setText(" ".join(messages))
        self.problem.setVisible(bool(messages))

    # -- actions ----------------------------------------------------------------------------------
    def selected_name(self) -> str | None:
        item = self.saved.currentItem()
        packet = item.data(_PACKET_ROLE) if item is not None else None
        return packet.name if isinstance(packet, Packet) else None

    def save_current(self) -> None:
        name = " ".join(self.name.text().split())
        if not name:
            return
        from dataclasses import replace

        self.store.save_packet(replace(self._current(), name=name))
        self.refresh()
        for row in range(self.saved.count()):
            packet = self.saved.item(row).data(_PACKET_ROLE)
            if isinstance(packet, Packet) and packet.name == name:
                self.saved.setCurrentRow(row)

    def delete_selected(self) -> None:
        name = self.selected_name()
        if name is not None:
            self.store.delete_packet(name)
            self.refresh()

    def record_send(self, packet: Packet) -> None:
        self.store.record_send(packet)
        if self._filled:
            self._fill_history()  # not the saved list: a double-click on it may still be under way

    def _send_item(self, item: QListWidgetItem) -> None:
        packet = item.data(_PACKET_ROLE)
        if isinstance(packet, Packet):
            self.sendPacket.emit(packet)

    def _load_item(self, item: QListWidgetItem) -> None:
        packet = item.data(_PACKET_ROLE)
        if isinstance(packet, Packet):
            self.loadPacket.emit(packet)

    def _load_selected(self) -> None:
        item = self.saved.currentItem()
        if item is not None:
            self._load_item(item)

    def _update_buttons(self) -> None:
        chosen = self.saved.currentItem() is not None
        self.load_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)
        self.save_button.setEnabled(bool(self.name.text().strip()))

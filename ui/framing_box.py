"""FramingCombo: a chooser bound to a FramingChoice; the editable one takes any framing spec, with its error below."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from ui.models.frame_model import PRESETS, FramingChoice, framing_label
from workbench.framing import FramingError

ERROR_COLOR = "#c62828"


class FramingCombo(QComboBox):
    """Choose how bytes are grouped: by call, or by a framing of workbench.framing.

    Editable: any spec can be typed ("delimiter:END", "fixed:12") and is applied with
    Enter; a spec that means nothing is said in ``error_label`` (the caller puts it under
    the combo) in the window's language, and the choice stays as it was.
    """

    def __init__(
        self, choice: FramingChoice, parent: QWidget | None = None, *, editable: bool = False
    ) -> None:
        super().__init__(parent)
        self.choice = choice
        self.setEditable(editable)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(14)
        self.error_label = QLabel(parent)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {ERROR_COLOR};")
        self.error_label.hide()
        self._fill()
        self.currentIndexChanged.connect(self._on_activated)
        if editable:
            edit = self.lineEdit()
            assert edit is not None
            edit.returnPressed.connect(self.apply_text)
            edit.textEdited.connect(lambda _t: self._show_error(""))
        choice.changed.connect(self._show_choice)
        self.retranslate()

    def set_choice(self, choice: FramingChoice) -> None:
        """Follow (and set) ``choice`` instead of the one given at first."""
        self.choice.changed.disconnect(self._show_choice)
        self.choice = choice
        choice.changed.connect(self._show_choice)
        self._show_choice(choice.spec)

    def _fill(self) -> None:
        self.blockSignals(True)
        self.clear()
        self.addItem(framing_label(""), "")
        for spec in PRESETS:
            self.addItem(framing_label(spec), spec)
        self.blockSignals(False)
        self._show_choice(self.choice.spec)

    def retranslate(self) -> None:
        self.setItemText(0, framing_label(""))
        self.setToolTip(
            self.tr(
                "How to group the bytes: by socket call, or into frames: line, delimiter:\\r\\n, "
                "length:u16be (a length prefix), fixed:N. Type another one and press Enter."
            )
            if self.isEditable()
            else self.tr("How to group the bytes: by socket call, or into the frames chosen in the hex view")
        )
        if self.currentIndex() == 0:
            self._show_choice(self.choice.spec)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def apply_text(self) -> bool:
        """Choose the framing typed in the field; False (and the reason below it) if it means nothing."""
        text = self.currentText().strip()
        for i in range(self.count()):
            if self.itemText(i) == text:
                text = str(self.itemData(i))
                break
        return self._apply(text)

    def _on_activated(self, index: int) -> None:
        self._apply(str(self.itemData(index) or ""))

    def _apply(self, spec: str) -> bool:
        try:
            self.choice.set_spec(spec)
        except FramingError as exc:
            self._show_error(exc.text())
            return False
        self._show_error("")
        self._show_choice(self.choice.spec)
        return True

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))
        self.setStyleSheet(f"QComboBox {{ border: 1px solid {ERROR_COLOR}; }}" if text else "")

    def _show_choice(self, spec: str) -> None:
        index = self.findData(spec)
        self.blockSignals(True)
        if index < 0:  # a typed spec: it joins the list so it can be chosen again
            self.addItem(framing_label(spec), spec)
            index = self.count() - 1
        self.setCurrentIndex(index)
        if self.isEditable():
            self.setEditText(self.itemText(index))
        self.blockSignals(False)

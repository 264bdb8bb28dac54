"""One line of the rules editor: a rule's fields (name, match kind, pattern, reply, delay, hits, move/remove) and its problem."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QLabel, QLineEdit, QToolButton, QWidget

from ui.form_widgets import set_role
from workbench.rules import MATCH_KINDS, MAX_DELAY, MatchKind, Rule

if TYPE_CHECKING:
    from ui.rules_editor import RulesEditor


@dataclass
class RuleFields:
    """What one rule says, as typed."""

    name: str | None
    kind: MatchKind
    pattern: str
    reply: str
    delay: float


class RuleRow:
    """One rule's widgets on one line of the grid, its problem on the line below."""

    def __init__(self, editor: RulesEditor, fields: RuleFields) -> None:
        box = editor.rules_box
        self.name = QLineEdit(fields.name or "", box)
        self.kind = QComboBox(box)
        for kind in MATCH_KINDS:
            self.kind.addItem(kind, kind)
        self.kind.setCurrentIndex(self.kind.findData(fields.kind))
        self.pattern = QLineEdit(fields.pattern, box)
        self.reply = QLineEdit(fields.reply, box)
        self.delay = QDoubleSpinBox(box)
        self.delay.setRange(0.0, MAX_DELAY)
        self.delay.setDecimals(2)
        self.delay.setSingleStep(0.1)
        self.delay.setValue(fields.delay)
        self.hits = QLabel("–", box)
        self.hits.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.hits.setMinimumWidth(self.hits.fontMetrics().horizontalAdvance("000000"))
        self.up = self._tool(box, "↑")
        self.down = self._tool(box, "↓")
        self.remove = self._tool(box, "✕")
        self.error = QLabel(box)
        set_role(self.error, "error")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        self._marked: QWidget | None = None
        for edit in (self.name, self.pattern, self.reply):
            edit.textEdited.connect(editor.edited)
        self.kind.currentIndexChanged.connect(editor.edited)
        self.delay.valueChanged.connect(editor.edited)
        for widget in self.widgets():
            widget.installEventFilter(editor)
        self.up.clicked.connect(lambda: editor.move_rule(self, -1))
        self.down.clicked.connect(lambda: editor.move_rule(self, +1))
        self.remove.clicked.connect(lambda: editor.remove(self))

    @staticmethod
    def _tool(parent: QWidget, text: str) -> QToolButton:
        button = QToolButton(parent)
        button.setText(text)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        return button

    def widgets(self) -> list[QWidget]:
        return [self.name, self.kind, self.pattern, self.reply, self.delay, self.hits, self.up, self.down, self.remove]

    def name_objects(self, number: int) -> None:
        """Object names by position (rule1Pattern, rule1Error, ...): tests and screen readers find them."""
        for what, widget in (
            ("Name", self.name), ("Kind", self.kind), ("Pattern", self.pattern), ("Reply", self.reply),
            ("Delay", self.delay), ("Hits", self.hits), ("Up", self.up), ("Down", self.down),
            ("Remove", self.remove), ("Error", self.error),
        ):  # fmt: skip
            widget.setObjectName(f"rule{number}{what}")

    def fields(self) -> RuleFields:
        name = self.name.text().strip() or None
        return RuleFields(name, self.kind.currentData(), self.pattern.text(), self.reply.text(), float(self.delay.value()))

    def rule(self) -> Rule:
        """This row as a Rule; RulesError (without the rule's number) if it cannot work."""
        f = self.fields()
        return Rule(kind=f.kind, pattern=f.pattern, reply=f.reply, name=f.name, delay=f.delay)

    def show_problem(self, message: str | None, field: str | None = None) -> None:
        if self._marked is not None:
            self._marked.setStyleSheet("")
            self._marked = None
        if message is None:
            self.error.clear()
            self.error.hide()
            return
        self.error.setText(message)
        self.error.show()
        widget = {"name": self.name, "reply": self.reply, "delay": self.delay}.get(field or "", self.pattern)
        widget.setStyleSheet(f"{type(widget).__name__} {{ border: 1px solid #c62828; background: #fff6f6; }}")
        self._marked = widget

    def delete(self) -> None:
        for widget in [*self.widgets(), self.error]:
            widget.setParent(None)
            widget.deleteLater()

"""The rules editor: a framing and a table of rules (match, reply, delay), checked as typed, with live hit counts.

A "rules" server answers each frame a peer sends with the reply of the first rule that
matches it (workbench/rules.py, docs/RULES.md). Here a student builds the rules: one line
per rule (name, match kind, pattern, reply template, delay), moved up or down since the first
match wins, loaded from and saved to a rules file (TOML; read as data, never run). Each rule
is checked as it is typed, and a problem (a bad regex, a reply naming a group the regex does
not have) is said under that rule in plain words, before any server starts. Once a server
runs with these rules, the counts of frames each rule answered come from the host
(``server.rule_hits``), polled twice a second while the editor is open.
"""

from __future__ import annotations

import logging
import tomllib
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.form_widgets import InlineError, run_action, set_role
from ui.rule_row import RuleFields, RuleRow
from ui.throttle import Throttle
from workbench.errors import WorkbenchError
from workbench.framing import Framer, FramingError
from workbench.rules import (
    KEY_OF_KIND,
    MAX_RULES,
    MatchKind,
    RulesError,
    RuleSet,
)
from workbench.rulesfile import dump_rules, load_rules, parse_rules

if TYPE_CHECKING:
    from ui.session import Session

log = logging.getLogger("workbench.ui")

#: Framings offered in the combo (any other spec can be typed: fixed:N, delimiter:BYTES).
FRAMINGS = (
    "line", "raw", "length:u8", "length:u16be", "length:u16le", "length:u32be", "length:u32le",
    "fixed:4", "delimiter:\\x03",
)  # fmt: skip
#: What a new editor holds: the guide's first rule.
DEFAULT_RULES = "framing = 'line'\n\n[[rule]]\nname = 'ping'\nmatch = 'PING (\\d+)\\r?\\n'\nreply = 'PONG \\1\\n'\n"
_KIND_OF_KEY: dict[str, MatchKind] = {key: kind for kind, key in KEY_OF_KIND.items()}
#: How often the hit counters are asked for while the editor is shown.
POLL_MS = 500


class RulesEditor(QDialog):
    """Framing, rules, load/save, Start; errors under the rule at fault; hit counts while a server runs.

    Signals:
        startRequested(): Start was clicked with rules that check out: start a "rules" server.
        rulesChanged(): the rules were edited, loaded or reset.
    """

    startRequested = Signal()
    rulesChanged = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rulesEditor")
        self.session = session
        self.setModal(False)
        self.rows: list[RuleRow] = []
        self.server_id: str | None = None  # the server whose hits are shown
        self._counted: list[RuleRow] = []  # the rows as they were when that server started
        self._polling = False
        self._last_error: RulesError | None = None

        self.framing = QComboBox(self)
        self.framing.setObjectName("rulesFraming")
        self.framing.setEditable(True)
        self.framing.addItems(list(FRAMINGS))
        self.framing_caption = QLabel(self)
        self.framing_error = InlineError(self.framing, "rulesFramingError")
        self.framing.editTextChanged.connect(self.edited)

        self.rules_box = QWidget(self)
        self.rules_box.setObjectName("rulesTable")
        self.grid = QGridLayout(self.rules_box)
        self.grid.setContentsMargins(4, 4, 4, 4)
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(2)
        self.headers = [QLabel(self.rules_box) for _ in range(6)]
        for col, label in enumerate(self.headers):
            font = label.font()
            font.setBold(True)
            label.setFont(font)
            self.grid.addWidget(label, 0, col)
        self.grid.setColumnStretch(2, 3)
        self.grid.setColumnStretch(3, 3)
        self.grid.setColumnStretch(0, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.StyledPanel)
        scroll.setWidget(self.rules_box)
        self.rules_scroll = scroll

        self.add_button = self._button("rulesAdd", self.add_rule)
        self.load_button = self._button("rulesLoad", self.on_load)
        self.save_button = self._button("rulesSave", self.on_save)
        self.start_button = self._button("rulesStart", self.on_start)
        set_role(self.start_button, "primary")
        self.close_button = self._button("rulesClose", self.close)
        self.file_error = QLabel(self)
        self.file_error.setObjectName("rulesFileError")
        set_role(self.file_error, "error")
        self.file_error.setWordWrap(True)
        self.file_error.setTextFormat(Qt.TextFormat.PlainText)
        self.file_error.hide()
        self.status = QLabel(self)
        self.status.setObjectName("rulesStatus")
        set_role(self.status, "hint")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.unmatched = QLabel(self)
        self.unmatched.setObjectName("rulesUnmatched")

        top = QHBoxLayout()
        top.addWidget(self.framing_caption)
        top.addWidget(self.framing, 1)
        framing_box = QVBoxLayout()
        framing_box.addLayout(top)
        framing_box.addWidget(self.framing_error.label)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.load_button, self.save_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(framing_box)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.unmatched)
        layout.addWidget(self.status)
        layout.addWidget(self.file_error)
        layout.addLayout(buttons)

        self._check_soon = Throttle(self.check, 150, self)
        self._poll_timer = QTimer(self)
        self._poll_timer.setInterval(POLL_MS)
        self._poll_timer.timeout.connect(self._poll)
        session.serverStopped.connect(self._on_server_stopped)
        self.set_text(DEFAULT_RULES)
        self.retranslate()
        self.resize(900, 420)

    def _button(self, name: str, slot: Any) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.setAutoDefault(False)  # Enter in a field must not start or load anything
        button.clicked.connect(slot)
        return button

    # -- texts --------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Rules: how the server answers"))
        self.framing_caption.setText(self.tr("Framing"))
        self.framing.setToolTip(
            self.tr(
                "How the received bytes are cut into frames; each frame gets the reply of the first rule that "
                "matches it. line: up to and including \\n. raw: each recv() as it came. length:u16be: a 2-byte "
                "length, then that many bytes. fixed:N: N bytes. delimiter:BYTES: up to BYTES."
            )
        )
        texts = (
            (self.tr("Name"), self.tr("Optional: messages name the rule by it")),
            (self.tr("Match"), self.tr("regex: a Python regular expression over the whole frame; literal: the exact "
                                       "bytes, with \\n, \\xNN escapes; hex: the exact bytes as hex")),
            (self.tr("Pattern"), self.tr("What the frame must be; a regex must match all of it, line ending too")),
            (self.tr("Reply"), self.tr("What to send back: \\n, \\xNN escapes; \\1 or \\g<name>: a regex group; "
                                       "\\g<0>: the whole frame. Empty: send nothing")),
            (self.tr("Delay"), self.tr("Seconds to wait before replying")),
            (self.tr("Hits"), self.tr("Frames this rule answered on the server started from here")),
        )  # fmt: skip
        for label, (text, tip) in zip(self.headers, texts, strict=True):
            label.setText(text)
            label.setToolTip(tip)
        for row in self.rows:
            self._row_texts(row)
        self.add_button.setText(self.tr("Add rule"))
        self.add_button.setToolTip(self.tr("A new rule at the end (the first rule that matches answers)"))
        self.load_button.setText(self.tr("Load…"))
        self.load_button.setToolTip(self.tr("Read a rules file (TOML); it is read as data, never run"))
        self.save_button.setText(self.tr("Save as…"))
        self.save_button.setToolTip(self.tr("Write these rules to a file the CLI reads too (serve --rules FILE)"))
        self.start_button.setText(self.tr("Start server"))
        self.start_button.setToolTip(self.tr("Start a server from the form that answers by these rules"))
        self.close_button.setText(self.tr("Close"))
        self._show_counting()
        if self._last_error is not None:
            self.show_error(self._last_error)
        else:
            self.check()

    def _row_texts(self, row: RuleRow) -> None:
        row.name.setPlaceholderText(self.tr("(no name)"))
        row.pattern.setPlaceholderText(self.tr("e.g. PING (\\d+)\\r?\\n"))
        row.reply.setPlaceholderText(self.tr("(send nothing)"))
        row.delay.setSuffix(self.tr(" s"))
        row.up.setToolTip(self.tr("Move up: tried earlier (Alt+Up)"))
        row.down.setToolTip(self.tr("Move down: tried later (Alt+Down)"))
        row.remove.setToolTip(self.tr("Remove this rule"))
        row.kind.setToolTip(self.headers[1].toolTip())

    # -- rows ---------------------------------------------------------------------------------
    def add_rule(self, fields: RuleFields | None = None) -> RuleRow:
        if not isinstance(fields, RuleFields):  # clicked(bool) passes a flag
            fields = RuleFields(None, "regex", "", "", 0.0)
        row = RuleRow(self, fields)
        self.rows.append(row)
        self._row_texts(row)
        self._lay_out()
        row.pattern.setFocus()
        self.edited()
        return row

    def move_rule(self, row: RuleRow, step: int) -> None:
        index = self.rows.index(row)
        target = index + step
        if not 0 <= target < len(self.rows):
            return
        self.rows[index], self.rows[target] = self.rows[target], self.rows[index]
        self._lay_out()
        self.edited()

    def remove(self, row: RuleRow) -> None:
        self.rows.remove(row)
        row.delete()
        self._lay_out()
        self.edited()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Alt+Up / Alt+Down in a rule's field moves that rule (the scroll area would take plain Up/Down)."""
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.modifiers() & Qt.KeyboardModifier.AltModifier and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                for row in self.rows:
                    if watched in row.widgets():
                        self.move_rule(row, -1 if event.key() == Qt.Key.Key_Up else +1)
                        if isinstance(watched, QWidget):
                            watched.setFocus()
                        return True
        return super().eventFilter(watched, event)

    def _lay_out(self) -> None:
        """Place the rows in the grid in their order: fields on one line, the problem under them."""
        for row in self.rows:
            for widget in [*row.widgets(), row.error]:
                self.grid.removeWidget(widget)
        previous: QWidget = self.framing
        for number, row in enumerate(self.rows, start=1):
            line = 2 * number - 1
            for col, widget in enumerate(row.widgets()):
                self.grid.addWidget(widget, line, col)
                widget.show()
                QWidget.setTabOrder(previous, widget)
                previous = widget
            self.grid.addWidget(row.error, line + 1, 0, 1, len(row.widgets()))
            row.name_objects(number)
            row.up.setEnabled(number > 1)
            row.down.setEnabled(number < len(self.rows))
        self.grid.setRowStretch(2 * len(self.rows) + 1, 1)
        self.add_button.setEnabled(len(self.rows) < MAX_RULES)
        for button in (self.add_button, self.load_button, self.save_button, self.start_button, self.close_button):
            QWidget.setTabOrder(previous, button)
            previous = button

    def _clear_rows(self) -> None:
        for row in self.rows:
            row.delete()
        self.rows = []

    # -- text ---------------------------------------------------------------------------------
    def set_ruleset(self, ruleset: RuleSet) -> None:
        self._clear_rows()
        self.framing.blockSignals(True)
        self.framing.setEditText(ruleset.framing)
        self.framing.blockSignals(False)
        for rule in ruleset.rules:
            row = RuleRow(self, RuleFields(rule.name, rule.kind, rule.pattern, rule.reply, rule.delay))
            self.rows.append(row)
            self._row_texts(row)
        self._lay_out()
        self.edited()

    def set_text(self, text: str) -> None:
        """Show a rules file's text; RulesError if it does not check out (nothing changes then)."""
        self.set_ruleset(parse_rules(text))

    def ruleset(self) -> RuleSet:
        """The rules as they stand; RulesError naming the rule (or the framing) at fault."""
        framing = self.framing.currentText().strip()
        try:
            Framer.parse(framing)
        except FramingError as exc:
            raise RulesError("rules.bad_framing", field="framing", problem=exc) from None
        rules = []
        for number, row in enumerate(self.rows, start=1):
            try:
                rules.append(row.rule())
            except RulesError as exc:
                raise exc.located(rule=number, rule_name=row.fields().name) from None
        return RuleSet(framing, tuple(rules))

    def text(self) -> str:
        """The rules file for these rules (what the server gets); RulesError if one does not check out."""
        return dump_rules(self.ruleset())

    # -- checking -----------------------------------------------------------------------------
    def edited(self, *_args: object) -> None:
        self._last_error = None
        self.file_error.hide()
        self._check_soon()
        self.rulesChanged.emit()

    def check(self) -> bool:
        """Check every rule now and say each problem under its rule; True when all check out."""
        ok = True
        framing = self.framing.currentText().strip()
        try:
            Framer.parse(framing)
            self.framing_error.clear()
        except FramingError as exc:
            self.framing_error.show(exc.text())
            ok = False
        for row in self.rows:
            try:
                row.rule()
            except RulesError as exc:
                row.show_problem(exc.problem_text(), exc.field)
                ok = False
            else:
                row.show_problem(None)
        self.start_button.setEnabled(ok)
        self.save_button.setEnabled(ok)
        return ok

    def show_error(self, exc: WorkbenchError) -> None:
        """A problem the server's start reported about the rules: under its rule, or the framing."""
        self._last_error = exc if isinstance(exc, RulesError) else None
        rule = getattr(exc, "rule", None)
        if isinstance(exc, RulesError) and rule is not None and 1 <= rule <= len(self.rows):
            self.rows[rule - 1].show_problem(exc.problem_text(), exc.field)
        elif exc.field == "framing":
            self.framing_error.show(exc.problem_text() if isinstance(exc, RulesError) else exc.text())
        else:
            self.file_error.setText(exc.text())
            self.file_error.show()

    def problems(self) -> list[str]:
        """The problems shown now, one per rule at fault (tests, the status line)."""
        shown = [self.framing_error.text] if self.framing_error.text else []
        return shown + [row.error.text() for row in self.rows if row.error.isVisibleTo(self)]

    # -- starting and counting ------------------------------------------------------------------
    def on_start(self) -> None:
        if self.check():
            self.startRequested.emit()

    def counting(self, server_id: str) -> None:
        """A server started with these rules: show its hit counts, rule by rule, while it runs."""
        self.server_id = server_id
        self._counted = list(self.rows)
        for row in self.rows:
            row.hits.setText("0")
        self.unmatched.setText("")
        self._show_counting()
        if self.isVisible():
            self._poll_timer.start()
            self._poll()

    def _show_counting(self) -> None:
        server = self.session.servers.get(self.server_id) if self.server_id else None
        if self.server_id is None:
            self.status.setText(self.tr("Hits are counted once a server runs with these rules."))
        elif server is None:
            self.status.setText(self.tr("Hits of {server} (stopped).").format(server=self.server_id))
        elif server.spec.mixin.value == "forking":
            self.status.setText(
                self.tr(
                    "Hits of {server}: with ForkingMixIn each child process counts in its own copy of the rules, "
                    "so the counts here stay at 0."
                ).format(server=self.server_id)
            )
        else:
            self.status.setText(
                self.tr("Hits of {server}, counted as it answers (the last server started from here).").format(
                    server=self.server_id
                )
            )

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.server_id in self.session.servers:
            self._poll_timer.start()
            self._poll()

    def hideEvent(self, event: Any) -> None:
        self._poll_timer.stop()
        super().hideEvent(event)

    def _on_server_stopped(self, ident: str) -> None:
        if ident == self.server_id:
            self._poll_timer.stop()
            self._show_counting()

    def _poll(self) -> None:
        ident = self.server_id
        if ident is None or ident not in self.session.servers or self._polling:
            return
        self._polling = True

        async def ask() -> None:
            try:
                counts = await self.session.rule_hits(ident)
            except WorkbenchError as exc:
                if exc.code != "host.no_server":
                    log.warning("%s", exc.text())
                return
            finally:
                self._polling = False
            if counts is not None and ident == self.server_id:
                self.show_hits(*counts)

        run_action(ask())

    def show_hits(self, per_rule: list[int], unmatched: int) -> None:
        # the counts are by position at start; a rule moved since keeps its own count
        for row, hits in zip(self._counted, per_rule, strict=False):
            if row in self.rows and row.hits.text() != str(hits):
                row.hits.setText(str(hits))
        self.unmatched.setText(self.tr("Frames no rule matched (no reply): {n}").format(n=unmatched))

    def hit_counts(self) -> list[str]:
        """What the Hits column shows, rule by rule."""
        return [row.hits.text() for row in self.rows]

    # -- files --------------------------------------------------------------------------------
    def on_load(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Load rules"), "", self.tr("Rules files (*.toml);;All files (*)")
        )
        if path:
            self.load_file(path)

    def load_file(self, path: str) -> bool:
        """Read a rules file into the editor; its problem (if any) is said under the rule at fault."""
        try:
            ruleset = load_rules(path)
        except RulesError as exc:
            if exc.rule is not None and self._load_unchecked(path):
                self.rows[exc.rule - 1].show_problem(exc.problem_text(), exc.field)
            self.file_error.setText(exc.text())
            self.file_error.show()
            return False
        self.set_ruleset(ruleset)
        self.status.setText(self.tr("Loaded {path}").format(path=path))
        return True

    def _load_unchecked(self, path: str) -> bool:
        """The rules of a file that does not check out, as written, so each can be fixed in place."""
        try:
            with open(path, "rb") as file:
                document = tomllib.loads(file.read().decode("utf-8-sig"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return False
        tables = document.get("rule")
        framing = document.get("framing", "raw")
        if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables) or len(tables) > MAX_RULES:
            return False
        self._clear_rows()
        self.framing.blockSignals(True)
        self.framing.setEditText(framing if isinstance(framing, str) else "")
        self.framing.blockSignals(False)
        for table in tables:
            key = next((k for k in _KIND_OF_KEY if k in table), "match")
            delay = table.get("delay", 0.0)
            fields = RuleFields(
                _text(table.get("name")) or None,
                _KIND_OF_KEY[key],
                _text(table.get(key)),
                _text(table.get("reply")),
                float(delay) if isinstance(delay, (int, float)) and not isinstance(delay, bool) else 0.0,
            )
            row = RuleRow(self, fields)
            self.rows.append(row)
            self._row_texts(row)
        self._lay_out()
        self.check()
        return True

    def on_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save rules as"), "rules.toml", self.tr("Rules files (*.toml);;All files (*)")
        )
        if path:
            self.save_file(path)

    def save_file(self, path: str) -> bool:
        try:
            text = self.text()
        except RulesError as exc:
            self.show_error(exc)
            return False
        try:
            with open(path, "w", encoding="utf-8") as out:
                out.write(text)
        except OSError as exc:
            self.file_error.setText(
                self.tr("Could not save {path}: {reason}").format(path=path, reason=exc.strerror or exc)
            )
            self.file_error.show()
            return False
        self.file_error.hide()
        self.status.setText(self.tr("Saved {path}").format(path=path))
        return True


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""

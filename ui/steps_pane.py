"""Step mode: breakpoints on a server's hooks, the threads (or forked children) held now, Step and Continue.

Tick a hook (get_request, verify_request, setup, handle, ...) and the next thread of that
server to reach it waits there; it shows in "Held now" with its hook, request and thread (a
ForkingMixIn child with its pid). **Step** (F10) lets it go on and stop again at its own next
hook; **Continue** (F5) lets it run to the next breakpoint. Everything else stays live while
it waits: other threads, the kernel's accept queue, the clients (see the live list).

Below, what the handler of the chosen request was given, printed as Python would:
``self.request``, ``self.client_address``, ``self.server``. Any pane can ask for a request
with ``StepsPane.show_request(server_id, request_id)``; the live list's request rows and the
event table's selected row do.

Signals:
    pausedAt(int): the record (log index) of the chosen hold's ``paused`` event, as soon as the
        log has it: the window selects that row in the event table.
    requestShown(str, int): a request is shown below (server id, request id).
"""

from __future__ import annotations

import itertools
import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontDatabase, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.form_widgets import run_action, set_role
from ui.request_index import RequestIndex, request_lines
from ui.settings import load_text, save_text
from workbench.errors import WorkbenchError
from workbench.events import KINDS, Address, Kind, Phase, format_address
from workbench.session import format as fmt
from workbench.steps import BREAKABLE

if TYPE_CHECKING:
    from ui.session import Hold, Session
    from workbench.spec import ServerSpec

log = logging.getLogger("workbench.ui")

#: The hooks, in the order socketserver calls them, four to a line.
HOOKS = [KINDS[k].name for k in BREAKABLE]
_HOOK_KINDS = {KINDS[k].name: int(k) for k in BREAKABLE}
_COLUMNS = 4


class StepsPane(QWidget):
    """Breakpoints per server, held threads with Step/Continue (F10/F5), and the chosen request's handler view."""

    pausedAt = Signal(int)
    requestShown = Signal(str, int)
    expandedChanged = Signal(bool)

    def __init__(self, session: Session, requests: RequestIndex, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stepsPane")
        self.session = session
        self.requests = requests
        # what each server was (its spec and address stay readable after it stopped)
        self._servers: dict[str, tuple[ServerSpec, Address, int | None, int]] = {}
        self._pauses: dict[tuple[int, int, int], int] = {}  # (source, request, hook) -> paused enter record
        self._wanted_pause: tuple[int, int, int] | None = None
        self._shown: tuple[str, int] | None = None
        self._chosen: tuple[str, int] | None = None  # (server, token) of the hold last chosen
        self._updating = False

        # Collapsed by default to one line (the event table above needs the height); it opens
        # when clicked, when a thread is held, or when a request is chosen to be shown.
        self.title = QToolButton(self)
        self.title.setObjectName("stepToggle")
        self.title.setCheckable(True)
        self.title.setAutoRaise(True)
        self.title.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.title.toggled.connect(self.set_expanded)
        self.summary = QLabel(self)
        self.summary.setObjectName("stepSummary")
        set_role(self.summary, "hint")
        self.server_caption = QLabel(self)
        self.server = QComboBox(self)
        self.server.setObjectName("stepServer")
        self.server.setMinimumContentsLength(9)
        self.server.currentIndexChanged.connect(self._show_breakpoints)
        self.checks: dict[str, QCheckBox] = {}
        for name in HOOKS:
            check = QCheckBox(name, self)
            check.setObjectName(f"break-{name}")
            check.toggled.connect(self._on_check)
            self.checks[name] = check
        self.hint = QLabel(self)
        set_role(self.hint, "hint")
        self.hint.setWordWrap(True)

        self.held = QTreeWidget(self)
        self.held.setObjectName("stepHeld")
        self.held.setColumnCount(4)
        self.held.setRootIsDecorated(False)
        self.held.setUniformRowHeights(True)
        self.held.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.held.header()
        header.setStretchLastSection(True)
        for col in range(3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.held.itemSelectionChanged.connect(self._on_hold_chosen)
        self.step_button = QPushButton(self)
        self.step_button.setObjectName("stepStep")
        self.step_button.clicked.connect(lambda: self.release(step=True))
        self.continue_button = QPushButton(self)
        self.continue_button.setObjectName("stepContinue")
        self.continue_button.clicked.connect(lambda: self.release(step=False))
        set_role(self.step_button, "primary")
        # F10 and F5 wherever the focus is in the window (debuggers' keys)
        self.step_key = QShortcut(QKeySequence(Qt.Key.Key_F10), self)
        self.step_key.setContext(Qt.ShortcutContext.WindowShortcut)
        self.step_key.activated.connect(lambda: self.release(step=True))
        self.continue_key = QShortcut(QKeySequence(Qt.Key.Key_F5), self)
        self.continue_key.setContext(Qt.ShortcutContext.WindowShortcut)
        self.continue_key.activated.connect(lambda: self.release(step=False))

        self.request_title = QLabel(self)
        self.request_title.setObjectName("stepRequestTitle")
        self.request_title.setTextFormat(Qt.TextFormat.PlainText)
        self.request_names = {key: QLabel(f"self.{key}", self) for key in ("request", "client_address", "server")}
        self.request_values = {key: QLabel(self) for key in self.request_names}
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        for key, value in self.request_values.items():
            value.setObjectName(f"stepSelf_{key}")
            value.setFont(mono)
            value.setTextFormat(Qt.TextFormat.PlainText)  # a peer's bytes are data, never markup
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.request_names[key].setFont(mono)
            self.request_names[key].setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.request_note = QLabel(self)
        self.request_note.setObjectName("stepRequestNote")
        self.request_note.setWordWrap(True)
        self.request_note.setTextFormat(Qt.TextFormat.PlainText)
        set_role(self.request_note, "warning")
        self.request_note.hide()

        self._build_layout()
        s = session
        s.serverStarted.connect(self._on_server_started)
        s.serverStopped.connect(self._on_server_stopped)
        s.holdsChanged.connect(self._on_holds)
        requests.changed.connect(self._on_requests_changed)
        feed = s.feed
        feed.sessionChanged.connect(self._pauses.clear)
        feed.recordsAdded.connect(self._on_records)
        if feed.delivered:
            self._on_records(0, feed.delivered)
        self.retranslate()
        self._show_breakpoints()
        self._update_buttons()
        self.set_expanded(load_text("view/steps_expanded", "0") == "1")

    def _build_layout(self) -> None:
        hooks = QGridLayout()
        hooks.setContentsMargins(0, 0, 0, 0)
        hooks.setHorizontalSpacing(10)
        hooks.setVerticalSpacing(0)
        for index, name in enumerate(HOOKS):
            hooks.addWidget(self.checks[name], index // _COLUMNS, index % _COLUMNS)
        server_row = QHBoxLayout()
        server_row.setSpacing(6)
        server_row.addWidget(self.title)
        server_row.addSpacing(8)
        server_row.addWidget(self.server_caption)
        server_row.addWidget(self.server)
        server_row.addSpacing(8)
        server_row.addWidget(self.summary, 1)
        left = QVBoxLayout()
        left.setSpacing(2)
        left.addLayout(hooks)
        left.addWidget(self.hint)
        left.addStretch(1)
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        buttons.addWidget(self.step_button)
        buttons.addWidget(self.continue_button)
        buttons.addStretch(1)
        right = QVBoxLayout()
        right.setSpacing(4)
        right.addWidget(self.held, 1)
        right.addLayout(buttons)
        top = QHBoxLayout()
        top.setSpacing(10)
        top.addLayout(left, 0)
        top.addLayout(right, 1)
        view = QGridLayout()
        view.setContentsMargins(0, 0, 0, 0)
        view.setHorizontalSpacing(8)
        view.setVerticalSpacing(0)
        view.addWidget(self.request_title, 0, 0, 1, 2)
        for row, key in enumerate(("request", "client_address", "server"), start=1):
            view.addWidget(self.request_names[key], row, 0)
            view.addWidget(self.request_values[key], row, 1)
        view.addWidget(self.request_note, 4, 0, 1, 2)
        view.setColumnStretch(1, 1)
        self.body = QWidget(self)
        self.body.setObjectName("stepBody")
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(4)
        body.addLayout(top, 1)
        body.addLayout(view, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 4)
        layout.setSpacing(2)
        layout.addLayout(server_row)
        layout.addWidget(self.body, 1)
        self._server_row = server_row
        # about four rows: holds are few, and the event table above needs the height more
        line = self.held.fontMetrics().height() + 4
        self.held.setMinimumHeight(line * 3)
        self.held.setMaximumHeight(line * 5)
        self.held.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Tab: server, hooks in reading order, held list, Step, Continue
        chain: list[QWidget] = [self.title, self.server, *self.checks.values(), self.held, self.step_button, self.continue_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- texts --------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Step mode"))
        self.server_caption.setText(self.tr("Break in"))
        self.server.setToolTip(self.tr("The server whose hooks the ticks below are for"))
        for name, check in self.checks.items():
            check.setToolTip(
                self.tr("Stop a thread of this server when it enters {hook}(), until Step or Continue").format(
                    hook=name
                )
            )
        self.held.setHeaderLabels([self.tr("Server"), self.tr("Held at"), self.tr("Request"), self.tr("Thread / process")])
        self.step_button.setText(self.tr("Step (F10)"))
        self.step_button.setToolTip(self.tr("Let the chosen thread go on, and stop it again at its next hook"))
        self.continue_button.setText(self.tr("Continue (F5)"))
        self.continue_button.setToolTip(self.tr("Let the chosen thread run on to the next breakpoint"))
        self._update_hint()
        self._fill_held()
        self._update_summary()
        if self._shown is not None:
            self.show_request(*self._shown)
        else:
            self._show_nothing()

    def _update_hint(self) -> None:
        if not self.session.servers:
            self.hint.setText(self.tr("Start a server, then tick the hooks its threads should stop at."))
        elif not any(s.holds for s in self.session.servers.values()):
            self.hint.setText(
                self.tr("While a thread waits, the other threads, the accept queue and the clients go on.")
            )
        else:
            self.hint.setText(self.tr("Step: on to this thread's next hook. Continue: on to the next breakpoint."))

    # -- servers and their breakpoints ---------------------------------------------------------
    def _on_server_started(self, ident: str) -> None:
        server = self.session.servers.get(ident)
        if server is None:
            return
        self._servers[ident] = (server.spec, server.address, server.fd, server.source)
        self.server.addItem(ident, ident)
        self.server.setCurrentIndex(self.server.count() - 1)
        self._update_hint()

    def _on_server_stopped(self, ident: str) -> None:
        index = self.server.findData(ident)
        if index >= 0:
            self.server.removeItem(index)
        self._fill_held()
        self._update_hint()
        self._show_breakpoints()

    def known_servers(self) -> set[str]:
        """Every server started in this window so far (stopped ones too: their requests can be shown)."""
        return set(self._servers)

    def current_server(self) -> str | None:
        data = self.server.currentData()
        return str(data) if data is not None else None

    def _show_breakpoints(self, _index: int = 0) -> None:
        server = self.session.servers.get(self.current_server() or "")
        self._updating = True
        try:
            for name, check in self.checks.items():
                check.setEnabled(server is not None)
                check.setChecked(server is not None and name in server.breakpoints)
        finally:
            self._updating = False
        self._update_summary()

    def _on_check(self, _checked: bool) -> None:
        if self._updating:
            return
        ident = self.current_server()
        if ident is None or ident not in self.session.servers:
            return
        hooks = [name for name, check in self.checks.items() if check.isChecked()]
        self._update_summary()
        run_action(self._set_breakpoints(ident, hooks))

    async def _set_breakpoints(self, ident: str, hooks: list[str]) -> None:
        try:
            await self.session.set_breakpoints(ident, hooks)
        except WorkbenchError as exc:
            log.warning("%s", exc.text())
        if ident == self.current_server():
            self._show_breakpoints()

    def set_breakpoints(self, hooks: list[str]) -> None:
        """Tick exactly these hooks for the current server (as a student would, one by one)."""
        for name, check in self.checks.items():
            if check.isChecked() != (name in hooks):
                check.setChecked(name in hooks)

    # -- what is held -------------------------------------------------------------------------
    def holds(self) -> list[Hold]:
        return [hold for server in self.session.servers.values() for hold in server.holds]

    def _on_holds(self, _ident: str) -> None:
        self._fill_held()
        self._update_hint()
        self._update_summary()
        if self.holds():
            self.set_expanded(True)  # a thread waits: Step and Continue must be in sight

    # -- collapsing ------------------------------------------------------------------------------
    @property
    def expanded(self) -> bool:
        return not self.body.isHidden()

    def set_expanded(self, on: bool) -> None:
        """Open or fold the pane (folded: its one title line; the splitter gives the rest away)."""
        self.title.blockSignals(True)
        self.title.setChecked(on)
        self.title.blockSignals(False)
        self.title.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        if on == self.expanded and self.maximumHeight() != 0:
            return
        self.body.setVisible(on)
        margins = self.contentsMargins()  # the layout's are set below; 2 + 4 px
        folded = self._server_row.sizeHint().height() + 2 + 4 + margins.top() + margins.bottom() if not on else 16777215
        self.setMaximumHeight(folded)
        save_text("view/steps_expanded", "1" if on else "0")
        self.expandedChanged.emit(on)

    def _update_summary(self) -> None:
        """What the folded pane says on its one line."""
        held = len(self.holds())
        ticks = sum(check.isChecked() for check in self.checks.values())
        if held:
            text = self.tr("{count} thread(s) held").format(count=held)
        elif ticks:
            text = self.tr("{count} breakpoint(s) set").format(count=ticks)
        else:
            text = self.tr("off: tick a hook to stop a thread there")
        self.summary.setText(text)

    def _fill_held(self) -> None:
        chosen = self.chosen_hold()
        holds = self.holds()
        self.held.blockSignals(True)
        self.held.clear()
        select: QTreeWidgetItem | None = None
        for hold in holds:
            thread = self.tr("{thread} (pid {pid})").format(thread=hold.thread, pid=hold.pid)
            request = f"#{hold.request}" if hold.request else "—"
            item = QTreeWidgetItem([hold.server, f"{hold.hook}()", request, thread])
            item.setData(0, Qt.ItemDataRole.UserRole, hold.token)
            item.setData(1, Qt.ItemDataRole.UserRole, hold.server)
            bold = QFont(item.font(1))
            bold.setBold(True)
            item.setFont(1, bold)
            item.setToolTip(
                1, self.tr("This thread waits at the start of {hook}(): it has not run it yet").format(hook=hold.hook)
            )
            self.held.addTopLevelItem(item)
            if chosen is not None and (hold.server, hold.token) == (chosen.server, chosen.token):
                select = item
        if select is None and self.held.topLevelItemCount():
            # the one that came last: after a Step, the same thread at its next hook
            select = self.held.topLevelItem(self.held.topLevelItemCount() - 1)
        if select is not None:
            select.setSelected(True)
            self.held.setCurrentItem(select)
        self.held.blockSignals(False)
        self._update_buttons()
        self._on_hold_chosen()

    def chosen_hold(self) -> Hold | None:
        items = self.held.selectedItems()
        if not items:
            return None
        token, server = items[0].data(0, Qt.ItemDataRole.UserRole), items[0].data(1, Qt.ItemDataRole.UserRole)
        return next((h for h in self.holds() if h.token == token and h.server == server), None)

    def _update_buttons(self) -> None:
        held = bool(self.held.topLevelItemCount())
        self.step_button.setEnabled(held)
        self.continue_button.setEnabled(held)

    def _on_hold_chosen(self) -> None:
        hold = self.chosen_hold()
        if hold is None:
            return
        server = self._servers.get(hold.server)
        if hold.request:
            self.show_request(hold.server, hold.request)
        if server is not None and (hold.server, hold.token) != self._chosen:
            self._chosen = (hold.server, hold.token)
            self._wanted_pause = (server[3], hold.request or 0, _HOOK_KINDS.get(hold.hook, 0))
            self._emit_pause()

    def _emit_pause(self) -> None:
        if self._wanted_pause is None:
            return
        record = self._pauses.get(self._wanted_pause)
        if record is not None:
            self._wanted_pause = None
            # after every other pane took in the batch that holds it (the event table's row exists then)
            QTimer.singleShot(0, lambda: self.pausedAt.emit(record))

    def _on_records(self, lo: int, hi: int) -> None:
        """Note where each hold's "paused" event is in the log (holds are few: a loop over them is fine)."""
        import numpy as np

        reader = self.session.feed.reader
        if reader is None or hi <= lo:
            return
        records = reader.record_array(lo, hi)
        paused = np.flatnonzero(
            (records["kind"] == Kind.PAUSED) & ((records["flags"] & fmt.PHASE_MASK) == Phase.ENTER)
        )
        for row in paused.tolist():
            rec = records[row]
            self._pauses[(int(rec["source"]), int(rec["request"]), int(rec["value"]))] = lo + row
        if len(paused):
            self._emit_pause()

    def release(self, step: bool) -> bool:
        """Step or Continue the chosen hold (the newest if none is chosen); False if nothing is held."""
        hold = self.chosen_hold()
        if hold is None:
            holds = self.holds()
            if not holds:
                return False
            hold = holds[-1]
        run_action(self._release(hold, step))
        return True

    async def _release(self, hold: Hold, step: bool) -> None:
        try:
            await self.session.release(hold.server, hold.token, step)
        except WorkbenchError as exc:
            log.warning("%s", exc.text())

    # -- the chosen request, as its handler sees it ---------------------------------------------
    def show_request(self, server_id: str, request: int) -> bool:
        """Show what the handler of this request was given; False if the log holds no such request (yet)."""
        self._shown = (server_id, request)
        known = self._servers.get(server_id)
        if known is None:
            self._show_nothing(self.tr("{server} is not a server started in this window").format(server=server_id))
            return False
        spec, address, fd, source = known
        info = self.requests.get(source, request)
        if info is None:
            self._show_nothing(
                self.tr("{server}: request #{rid} is not accepted yet, or older than those kept here").format(
                    server=server_id, rid=request
                )
            )
            return False
        lines = request_lines(spec, address, fd, info, self.session.feed.reader)
        peer = format_address(info.peer) or self.tr("(unnamed)")
        self.request_title.setText(
            self.tr("{server}, request #{rid} from {peer}: what its handler was given").format(
                server=server_id, rid=request, peer=peer
            )
        )
        for key, value in self.request_values.items():
            value.setText(lines[key])
        self.request_values["request"].setToolTip(
            self.tr("print(self.request) on Python 3.11 shows family and type as numbers: family={family}, type={type}")
            .format(family=spec.family.constant, type=int(spec.type.constant))
        )
        if info.rejected:
            self.request_note.setText(
                self.tr(
                    "verify_request() returned False: this client was rejected. The server called "
                    "shutdown_request() at once; setup(), handle() and finish() never ran."
                )
            )
            self.request_note.show()
        elif info.paused:
            self.request_note.setText(self.tr("Held at {hook}() now.").format(hook=info.paused))
            self.request_note.show()
        else:
            self.request_note.hide()
        self.requestShown.emit(server_id, request)
        return True

    def _show_nothing(self, why: str | None = None) -> None:
        self.request_title.setText(
            why or self.tr("Choose a request (under its server in the list, or in the events) to see what its handler got")
        )
        for value in self.request_values.values():
            value.setText("")
        self.request_note.hide()

    def _on_requests_changed(self, sources: list[int]) -> None:
        if self._shown is None:
            return
        known = self._servers.get(self._shown[0])
        if known is not None and (not sources or known[3] in sources):
            self.show_request(*self._shown)

    def shown_lines(self) -> dict[str, Any]:
        """What the request view says now (tests)."""
        return {
            "title": self.request_title.text(),
            **{key: label.text() for key, label in self.request_values.items()},
            "note": "" if self.request_note.isHidden() else self.request_note.text(),  # shown once unfolded
        }

"""The main window: server/client forms and live list on the left, events/timeline/hex in the centre, log below.

The servers and clients run in the host process (ui.session, ui.hostlink); the window shows
the session log the host writes (ui.logfeed): every pane gets the same batches of new records
and reads them from the mapped file. A window opened on a saved session shows it read-only,
with no host at all.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.log_pane import BridgeLogHandler, LogPane
from ui.session import Session
from ui.settings import fill_recent_menu, recent_paths, remember_path
from workbench.errors import WorkbenchError

# asyncio is imported in the methods that use it: the window is built and painted before
# the app imports asyncio and starts its loop (see ui.app), and nothing here runs before that.
if TYPE_CHECKING:
    import asyncio

    from ui.explain_pane import ExplainPane

log = logging.getLogger("workbench.ui")

def _session_filter() -> str:
    return QCoreApplication.translate("MainWindow", "Socket Workbench sessions (*.swb);;All files (*)")

RECENT_KEY = "recentSessions"


def _replay_feed() -> Any:
    """A saved session's feed: it delivers records up to the replay's position (ui.replay)."""
    from ui.replay import ReplayFeed

    return ReplayFeed()


class _LogPoster(QObject):
    """The window's own log records, from any thread, to the log pane on the GUI thread."""

    posted = Signal(object)

    def __init__(self, pane: LogPane, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.posted.connect(lambda record: pane.add_records([record]))

    def post(self, item: Any) -> None:
        self.posted.emit(item)


def _optional_pane(module: str, cls: str, name: str, what: str) -> QWidget:
    """Another helper's pane; a plain placeholder only while its module has not landed."""
    try:
        pane_cls = getattr(importlib.import_module(module), cls)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise
        text = QCoreApplication.translate("MainWindow", "{what} is not available in this build.")
        label = QLabel(text.format(what=what))
        label.setObjectName(name + "Placeholder")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return label
    widget = pane_cls()
    assert isinstance(widget, QWidget)
    return widget


def _boxed(box: QGroupBox, content: QWidget) -> None:
    layout = QVBoxLayout(box)
    layout.setContentsMargins(8, 4, 8, 6)
    layout.addWidget(content)


class _FillingBox(QGroupBox):
    """The running list's box: it asks for its minimum height and takes what the forms leave.

    The left column's scroll area sizes it by height-for-width, which adds up preferred
    heights: a list's preferred height would make it scroll while everything fits.
    """

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.minimumSizeHint().height())


def _attach(pane: QWidget | None, session: Session) -> None:
    """Give a pane the session's feed: it reads what the feed announces from feed.reader."""
    attach = getattr(pane, "attach", None)
    if attach is not None:
        attach(session.feed)


class MainWindow(QMainWindow):
    """Socket Workbench's window; one LogFeed feeds every pane the same batches of records.

    ``session_file``: show that saved session read-only (no host, no forms).

    Signals:
        firstPainted(): the window's first paint is under way (emitted once, from it).
        panesBuilt(): the timeline and hex panes, left out of the first frame, now exist
            (emitted once, right after the first paint or on first use): start-up is over.
    """

    firstPainted = Signal()
    panesBuilt = Signal()

    def __init__(self, parent: QWidget | None = None, *, session_file: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.read_only = session_file is not None
        self.session_file = session_file
        self._closing = False
        self._tasks: set[asyncio.Task[None]] = set()
        self._wanted_hex: tuple[int, int] | None = None
        self._panes_scheduled = False
        self._painted = False
        self._windows: list[MainWindow] = []  # sessions opened from this one
        self._follows: list[QWidget] = []  # Follow stream windows
        self._syncing = False  # one pane is selecting in another: no echo back

        self.session = Session(self, feed=_replay_feed() if self.read_only else None)
        self.feed = self.session.feed

        from ui.client_pane import ClientPane
        from ui.live_list import LiveList
        from ui.request_index import RequestIndex
        from ui.server_pane import ServerPane
        from ui.steps_pane import StepsPane

        self.server_pane = ServerPane(self.session)
        self.client_pane = ClientPane(self.session)
        self.requests = RequestIndex(self.feed, self)  # each server's requests, for the list and step mode
        self.live_list = LiveList(self.session, self.requests)
        self.client_pane.attach_requests(self.requests)  # server peers as Send targets (ui.client_peer)
        self.steps_pane = StepsPane(self.session, self.requests)
        self.events_pane = _optional_pane("ui.event_table", "EventsPane", "eventsPane", self.tr("The event table"))
        # The timeline and hex tabs are hidden at start-up: they are built right after the
        # first paint (or on first use), and read every record the feed delivered before.
        self._timeline: QWidget | None = None
        self._hex_pane: QWidget | None = None
        self.log_pane = LogPane()
        self._explain: ExplainPane | None = None  # built after the first paint, like the timeline
        self.host_banner = self._build_banner()

        self._build_layout()
        self._build_actions()
        self._build_teach()
        self._build_beyond()
        from ui.workspace_actions import WorkspaceActions

        self.workspaces = WorkspaceActions(self)  # File ▸ Save workspace… / Open workspace…

        _attach(self.events_pane, self.session)
        feed = self.feed
        feed.logsAdded.connect(self._on_logs)
        feed.sessionChanged.connect(self.log_pane.clear)
        feed.recordsAdded.connect(self._show_wanted_connection)

        # the window process's own logging -> the log pane (the host's lines come in the session)
        self.log_poster = _LogPoster(self.log_pane, self)
        self.log_handler = BridgeLogHandler(self.log_poster)
        self._logger = logging.getLogger("workbench")
        self._logger.addHandler(self.log_handler)
        self.log_pane.watch_logger(self._logger)

        s = self.session
        s.serverStarted.connect(self.live_list.add_server)
        s.serverStarted.connect(self.client_pane.on_server_started)
        s.serverStopped.connect(self.live_list.remove)
        s.serverStopped.connect(self.client_pane.on_server_stopped)
        s.serverChanged.connect(self.live_list.on_server_changed)
        s.clientAdded.connect(self.live_list.add_client)
        s.clientAdded.connect(self._show_client_connection)
        s.clientRemoved.connect(self.live_list.remove)
        s.clientChanged.connect(self.live_list.update_client)
        s.clientChanged.connect(self.client_pane.on_client_changed)
        s.clientAdded.connect(self.client_pane.on_client_added)
        s.clientRemoved.connect(self.client_pane.on_client_removed)
        s.clientReceived.connect(self.client_pane.on_received)
        s.clientError.connect(self.client_pane.on_reader_error)
        s.hostDied.connect(self._on_host_died)
        self.live_list.stopRequested.connect(self.on_stop_requested)
        self.live_list.endRequested.connect(self.on_end_requested)
        self.live_list.closeRequested.connect(self.on_close_requested)
        self.live_list.useServerRequested.connect(self.client_pane.use_server)
        self.live_list.clientSelected.connect(self.client_pane.select_client)
        self.live_list.clientSelected.connect(self._show_client_connection)
        self.client_pane.currentClientChanged.connect(self.live_list.select)
        # one request shown as its handler sees it, whoever asks (see StepsPane.show_request)
        self.live_list.requestSelected.connect(self._show_request_of_list)
        self.live_list.sendToPeerRequested.connect(self.client_pane.choose_peer)
        self.steps_pane.pausedAt.connect(self.select_event_record)
        events_view = getattr(self.events_pane, "view", None)
        if events_view is not None:
            events_view.selectionModel().currentRowChanged.connect(self._on_event_row)
        for signal in (s.serverStarted, s.serverStopped, s.clientAdded, s.clientRemoved, s.holdsChanged):
            signal.connect(self.update_hint)
        if self.read_only:
            assert session_file is not None
            self.feed.open(session_file, live=False)
        self.retranslate()

    # -- layout -------------------------------------------------------------------------------
    def _title(self) -> None:
        title = self.tr("Socket Workbench")
        if self.session_file:
            title = f"{os.path.basename(self.session_file)} — {title}"
        self.setWindowTitle(title)

    def _build_banner(self) -> QWidget:
        banner = QWidget(self)
        banner.setObjectName("hostBanner")
        row = QHBoxLayout(banner)
        row.setContentsMargins(8, 4, 8, 4)
        self.host_message = QLabel(banner)
        self.host_message.setObjectName("hostMessage")
        self.host_message.setWordWrap(True)
        self.host_message.setTextFormat(Qt.TextFormat.PlainText)  # it quotes the host's stderr
        self.host_message.setStyleSheet("color: #b3261e;")
        restart = self.restart_button = QPushButton(banner)
        restart.setObjectName("restartHost")
        restart.clicked.connect(self.restart_host)
        row.addWidget(self.host_message, 1)
        row.addWidget(restart, 0)
        banner.hide()
        return banner

    def _build_layout(self) -> None:
        left = QWidget()
        left.setObjectName("leftColumn")
        col = QVBoxLayout(left)
        col.setContentsMargins(8, 6, 4, 6)
        col.setSpacing(4)
        server_box = self.server_box = QGroupBox()
        server_box.setObjectName("serverGroup")
        _boxed(server_box, self.server_pane)
        client_box = self.client_box = QGroupBox()
        client_box.setObjectName("clientGroup")
        _boxed(client_box, self.client_pane)
        live_box = self.live_box = _FillingBox()
        live_box.setObjectName("liveGroup")
        _boxed(live_box, self.live_list)
        self.live_list.setMinimumHeight(96)
        col.addWidget(server_box)
        col.addWidget(client_box)
        col.addWidget(live_box, 1)

        scroll = QScrollArea()
        scroll.setObjectName("leftScroll")
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setMinimumWidth(left.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width())
        self.left_scroll = scroll

        self.tabs = QTabWidget()
        self.tabs.setObjectName("centreTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.events_pane, "")
        self.tabs.addTab(QWidget(), "")
        self.tabs.addTab(QWidget(), "")
        self.tabs.currentChanged.connect(self._on_tab_changed)

        centre = QWidget()
        centre_col = QVBoxLayout(centre)
        centre_col.setContentsMargins(0, 0, 0, 0)
        centre_col.setSpacing(0)
        centre_col.addWidget(self.host_banner)
        if self.read_only:
            from ui.replay import ReplayBar, ReplayFeed

            assert isinstance(self.feed, ReplayFeed)
            self.replay_bar = ReplayBar(self.feed)
            centre_col.addWidget(self.replay_bar)
        centre_col.addWidget(self.tabs, 1)

        right = QSplitter(Qt.Orientation.Vertical)
        right.setObjectName("centreSplitter")
        right.addWidget(centre)
        right.addWidget(self.steps_pane)
        right.addWidget(self._build_bottom())  # the log and the Explain pane
        right.setStretchFactor(0, 4)
        right.setStretchFactor(2, 1)
        right.setSizes([420, self.steps_pane.sizeHint().height(), 200])
        if self.read_only:
            self.steps_pane.hide()  # nothing runs in a saved session
        right.setChildrenCollapsible(False)
        self.centre_splitter = right
        self.steps_pane.expandedChanged.connect(self._fit_steps_pane)

        main = QSplitter(Qt.Orientation.Horizontal)
        main.setObjectName("mainSplitter")
        main.addWidget(scroll)
        main.addWidget(right)
        main.setStretchFactor(0, 0)
        main.setStretchFactor(1, 1)
        main.setSizes([scroll.minimumWidth(), 1280 - scroll.minimumWidth()])
        main.setChildrenCollapsible(False)
        if self.read_only:
            scroll.hide()  # a saved session has no servers to start and no clients to drive
        self.setCentralWidget(main)

    def _build_actions(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.setObjectName("fileMenu")
        self.action_save = self._action("actionSaveSession", self.on_save_session, QKeySequence.StandardKey.SaveAs)
        self.action_open = self._action("actionOpenSession", self.on_open_session, QKeySequence.StandardKey.Open)
        self.recent_menu = QMenu(self)
        self.recent_menu.setObjectName("recentSessions")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.export_menu = QMenu(self)
        self.action_export_jsonl = self._action("actionExportJsonl", self.on_export_jsonl)
        self.export_menu.addAction(self.action_export_jsonl)
        self.action_quit = self._action("actionQuit", self.close, QKeySequence.StandardKey.Quit)
        for item in (self.action_save, self.action_open, self.recent_menu, self.export_menu, None, self.action_quit):
            if item is None:
                self.file_menu.addSeparator()
            elif isinstance(item, QMenu):
                self.file_menu.addMenu(item)
            else:
                self.file_menu.addAction(item)
        self.workbench_menu = bar.addMenu("")
        self.action_stop_all = self._action("actionStopAll", self.on_stop_all)
        self.action_stop_all.setEnabled(not self.read_only)
        self.action_clear = self._action("actionClear", self.clear_views)
        self.workbench_menu.addAction(self.action_stop_all)
        self.workbench_menu.addAction(self.action_clear)
        self.view_menu = bar.addMenu("")
        self.view_actions = []
        for index, key in enumerate(("Ctrl+1", "Ctrl+2", "Ctrl+3")):
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(lambda _=False, i=index: self.tabs.setCurrentIndex(i))
            self.view_menu.addAction(action)
            self.view_actions.append(action)
        from ui.language import install_language_menu

        install_language_menu(self, bar)

    def _action(self, name: str, slot: Any, shortcut: Any = None) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        return action

    # -- texts --------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Every text of the window itself in the current language (the panes do their own)."""
        self._title()
        self.server_box.setTitle(self.tr("Server"))
        self.client_box.setTitle(self.tr("Client"))
        self.live_box.setTitle(self.tr("Running servers and clients"))
        tabs = (
            (self.tr("Events"), self.tr("Every lifecycle method and socket call, newest last")),
            (self.tr("Timeline"), self.tr("setup / handle / finish as bars, one lane per thread or process")),
            (self.tr("Hex"), self.tr("The bytes of one connection: sent and received in two colours")),
        )
        for index, (text, tip) in enumerate(tabs):
            self.tabs.setTabText(index, text)
            self.tabs.setTabToolTip(index, tip)
            self.view_actions[index].setText(text)
        self.file_menu.setTitle(self.tr("&File"))
        self.action_save.setText(self.tr("&Save session as…"))
        self.action_open.setText(self.tr("&Open session…"))
        self.recent_menu.setTitle(self.tr("Recent sessions"))
        self.export_menu.setTitle(self.tr("&Export"))
        self.action_export_jsonl.setText(self.tr("JSON lines…"))
        self.action_quit.setText(self.tr("&Quit"))
        self.workbench_menu.setTitle(self.tr("&Workbench"))
        self.action_stop_all.setText(self.tr("Stop all servers and close all clients"))
        self.action_clear.setText(self.tr("Clear the views"))
        self.action_clear.setToolTip(
            self.tr("Hide what was recorded so far from the panes; the session keeps it (Save saves it all)")
        )
        self.view_menu.setTitle(self.tr("&View"))
        self._retranslate_teach()
        self._retranslate_beyond()
        self.restart_button.setText(self.tr("Start a new engine"))
        self.restart_button.setToolTip(
            self.tr("A new engine process and a new live session; the old one stays readable until then")
        )
        self.update_hint()

    @Slot()
    def update_hint(self, *_args: object) -> None:
        """The status bar's hint follows what runs: a paused thread, a server to connect to, or where to start."""
        s = self.session
        if self.read_only:
            text = self.tr("A saved session, read-only: {path}").format(path=self.session_file)
        elif s.host is not None and not s.host.alive:
            return  # the engine's end is said in the banner and the status bar; keep it
        elif holds := [h for server in s.servers.values() for h in server.holds]:
            hold = holds[-1]
            text = self.tr("{server} is held at {hook}(): Step (F10) or Continue (F5) in Step mode").format(
                server=hold.server, hook=hold.hook
            )
        elif not s.servers:
            text = self.tr("Start a server (one click gives an echo server on 127.0.0.1), then connect a client.")
        elif not s.clients:
            server = next(reversed(s.servers.values()))
            from workbench.events import format_address

            text = self.tr("{server} runs on {address}: connect a client to it.").format(
                server=server.id, address=format_address(server.address)
            )
        else:
            text = self.tr("Send from a client; each step the server takes shows in the events and the timeline.")
        self.statusBar().showMessage(text)

    @Slot(int)
    def _fit_steps_pane(self, expanded: bool) -> None:
        """The step pane opened or folded: it takes its height from the tabs above, or gives it back."""
        splitter = self.centre_splitter
        sizes = splitter.sizes()
        want = self.steps_pane.sizeHint().height() if expanded else self.steps_pane.maximumHeight()
        sizes[0] += sizes[1] - want
        sizes[1] = want
        splitter.setSizes(sizes)

    def _show_request_of_list(self, server_id: str, request: int) -> None:
        """A request chosen in the live list: open the step pane to what its handler was given."""
        self.steps_pane.set_expanded(True)
        self.steps_pane.show_request(server_id, request)

    def select_event_record(self, record: int) -> bool:
        """Select the event table's row of one record (a held thread's "paused" event), if it is shown."""
        model, view = getattr(self.events_pane, "model", None), getattr(self.events_pane, "view", None)
        if model is None or view is None:
            return False
        self.events_pane.flush()  # type: ignore[attr-defined]
        low, high = 0, model.rowCount()
        while low < high:  # rows are in record order, filtered or not
            mid = (low + high) // 2
            if model.source_row(mid) < record:
                low = mid + 1
            else:
                high = mid
        if low >= model.rowCount() or model.source_row(low) != record:
            return False
        view.selectRow(low)
        view.scrollTo(model.index(low, 0))
        return True

    def _on_event_row(self, current: Any, _previous: Any) -> None:
        """A row chosen in the event table: show its request as the handler saw it (a server's only)."""
        model = getattr(self.events_pane, "model", None)
        if model is None or not current.isValid():
            return
        summary = model.row_summary(current.row())
        source, request = summary.get("source"), summary.get("request")
        if request and source in self.steps_pane.known_servers():
            self.steps_pane.show_request(str(source), int(request))

    @Slot()
    def clear_views(self) -> None:
        for pane in (self.events_pane, self._timeline, self._hex_pane, self.log_pane):
            clear = getattr(pane, "clear", None)
            if clear is not None:
                clear()

    # -- explain, show as Python, replay (issue #9) ----------------------------------------------
    def _build_bottom(self) -> QWidget:
        """The Explain pane beside the log, under the centre tabs (a blank until it is built)."""
        bottom = self.bottom_splitter = QSplitter(Qt.Orientation.Horizontal)
        bottom.setObjectName("bottomSplitter")
        bottom.addWidget(QWidget())
        bottom.addWidget(self.log_pane)
        bottom.setStretchFactor(0, 1)
        bottom.setStretchFactor(1, 1)
        bottom.setChildrenCollapsible(False)
        return bottom

    def _build_teach(self) -> None:
        """Show as Python in the Workbench menu; the Explain pane's toggle in the View menu."""
        self.panesBuilt.connect(self._on_panes_built)
        self.action_server_code = self._action("actionServerCode", self.show_server_code)
        self.action_client_code = self._action("actionClientCode", self.show_client_code)
        self.workbench_menu.addSeparator()
        self.workbench_menu.addAction(self.action_server_code)
        self.workbench_menu.addAction(self.action_client_code)
        self.action_explain = self._action("actionExplainPane", lambda on: self.explain_pane.setVisible(on))
        self.action_explain.setCheckable(True)
        self.action_explain.setChecked(True)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.action_explain)
        self._code_dialogs: list[QWidget] = []
        if self.read_only:
            from ui.replay import ReplayFollower

            self.replay_follower = ReplayFollower(self)

    @property
    def explain_pane(self) -> ExplainPane:
        """The Explain pane, built now if the first paint has not built it yet.

        It follows the event table's current row, the timeline's bar clicks and the focus in the
        forms. Built after the first paint: its widgets' first use costs PySide ~30 ms.
        """
        if self._explain is None:
            from ui.explain_pane import ExplainPane

            explain = ExplainPane()
            self._explain = explain
            explain.attach(self.feed)
            if hasattr(self.events_pane, "view"):
                explain.follow_events(self.events_pane)  # type: ignore[arg-type]
            explain.follow_focus()
            if hasattr(self._timeline, "barActivated"):
                explain.follow_timeline(self._timeline)  # type: ignore[arg-type]
            bottom = self.bottom_splitter
            total = sum(bottom.sizes()) or 1000
            old = bottom.replaceWidget(0, explain)
            if old is not None:
                old.deleteLater()
            bottom.setSizes([total // 2, total - total // 2])  # half each, whatever the texts' widths
            return explain
        return self._explain

    def _retranslate_teach(self) -> None:
        self.action_server_code.setText(self.tr("Show server as Python…"))
        self.action_server_code.setToolTip(
            self.tr("The selected running server, or the server form's settings, as a standalone program")
        )
        self.action_client_code.setText(self.tr("Show client as Python…"))
        self.action_client_code.setToolTip(
            self.tr("The selected client, or the client form, with the payload, as a standalone program")
        )
        self.action_explain.setText(self.tr("Explain pane"))

    def _on_panes_built(self) -> None:
        if self._explain is None:
            self.explain_pane  # noqa: B018 - builds it, following the timeline just built
        elif self._timeline is not None and hasattr(self._timeline, "barActivated"):
            self._explain.follow_timeline(self._timeline)

    def show_server_code(self) -> QWidget | None:
        """Workbench ▸ Show server as Python… (ui.code_dialog says which server)."""
        from ui.code_dialog import server_dialog

        return self._open_code(server_dialog(self))

    def show_client_code(self) -> QWidget | None:
        """Workbench ▸ Show client as Python… (ui.code_dialog says which client and payload)."""
        from ui.code_dialog import client_dialog

        return self._open_code(client_dialog(self))

    def _open_code(self, dialog: QWidget | None) -> QWidget | None:
        if dialog is None:
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._code_dialogs = [d for d in self._code_dialogs if _alive(d)] + [dialog]
        dialog.show()
        return dialog

    # -- Wireshark export and the relay (issue #13) ---------------------------------------------
    def _build_beyond(self) -> None:
        """File ▸ Export ▸ pcapng…; in a live window the Relay tab and Workbench ▸ New relay…."""
        from ui.pcapng_export import PcapngExporter

        self.pcapng = PcapngExporter(self)
        self.action_export_pcapng = self._action("actionExportPcapng", self.on_export_pcapng)
        self.export_menu.addAction(self.action_export_pcapng)
        self._relay_pane: QWidget | None = None
        self.relay_tab = -1
        if self.read_only:
            return  # nothing runs in a saved session
        # The pane is built on first use (start-up stays fast); the tab is there from the start.
        self.relay_tab = self.tabs.addTab(QWidget(), "")
        self.tabs.currentChanged.connect(self._on_relay_tab)
        self.action_new_relay = self._action("actionNewRelay", self.show_relay)
        self.workbench_menu.insertAction(self.action_stop_all, self.action_new_relay)

    def _retranslate_beyond(self) -> None:
        self.action_export_pcapng.setText(self.tr("pcapng (for Wireshark)…"))
        self.action_export_pcapng.setToolTip(
            self.tr("Write what the session recorded as a capture file that Wireshark and tshark open")
        )
        if self.relay_tab >= 0:
            self.tabs.setTabText(self.relay_tab, self.tr("Relay"))
            self.tabs.setTabToolTip(
                self.relay_tab,
                self.tr("Sit between a client and a server: forward, pause, edit and inject bytes either way"),
            )
            self.action_new_relay.setText(self.tr("New relay…"))

    @property
    def relay_pane(self) -> QWidget:
        """The Relay tab's pane (built now if it is not yet); live windows only."""
        if self._relay_pane is None:
            from ui.relay_pane import RelayPane

            pane = RelayPane(self.session)
            pane.showConnection.connect(self.show_connection)
            current = self.tabs.currentIndex()
            self.tabs.blockSignals(True)
            text, tip = self.tabs.tabText(self.relay_tab), self.tabs.tabToolTip(self.relay_tab)
            old = self.tabs.widget(self.relay_tab)
            self.tabs.removeTab(self.relay_tab)
            self.tabs.insertTab(self.relay_tab, pane, text)
            self.tabs.setTabToolTip(self.relay_tab, tip)
            self.tabs.setCurrentIndex(current)
            self.tabs.blockSignals(False)
            if old is not None:
                old.deleteLater()
            self._relay_pane = pane
        return self._relay_pane

    def _on_relay_tab(self, index: int) -> None:
        if index == self.relay_tab:
            self.relay_pane  # noqa: B018 - builds it

    @Slot()
    def show_relay(self) -> None:
        """Workbench ▸ New relay…: the Relay tab, its first field focused."""
        pane = self.relay_pane
        self.tabs.setCurrentIndex(self.relay_tab)
        focus = getattr(pane, "focus_form", None)
        if focus is not None:
            focus()

    @Slot(int, int)
    def show_connection(self, source: int, request: int) -> None:
        """Show one connection's bytes in the hex view (a relay's side, from the Relay tab)."""
        self.ensure_panes()
        self.tabs.setCurrentIndex(2)
        pane: Any = self._hex_pane
        if pane.show_connection(source, request):
            return
        # A relay's target side is a client source whose connections carry request ids: the
        # hex view lists each as (source, request, 0), but show_connection looks a client up
        # as (source, 0, 0) only; choose it in the view's list of connections instead.
        keys = pane.connections()
        if (source, request, 0) in keys:
            pane.connection_combo.setCurrentIndex(keys.index((source, request, 0)))
            return
        self._wanted_hex = (source, request)  # no bytes yet: shown as soon as it has some

    @Slot()
    def on_export_pcapng(self) -> None:
        """File ▸ Export ▸ pcapng…: ask where, then export off the GUI thread (ui.pcapng_export)."""
        source = self.feed.path
        if source is None:
            self.statusBar().showMessage(self.tr("Nothing recorded yet: start a server or a client first."))
            return
        path = self.pcapng.ask_path(source)
        if path:
            self.spawn(self.export_pcapng(path))

    async def export_pcapng(self, path: str) -> None:
        source = self.feed.path
        if source is not None:
            await self.pcapng.export(source, path)

    # -- panes built after the first paint ------------------------------------------------------
    @property
    def timeline(self) -> QWidget:
        self.ensure_panes()
        assert self._timeline is not None
        return self._timeline

    @property
    def hex_pane(self) -> QWidget:
        self.ensure_panes()
        assert self._hex_pane is not None
        return self._hex_pane

    def _on_tab_changed(self, index: int) -> None:
        if index > 0:
            self.ensure_panes()

    def ensure_panes(self) -> None:
        """Build the timeline and hex panes now if they are not built yet."""
        if self._timeline is not None:
            return
        self._timeline = _optional_pane("ui.timeline", "TimelineView", "timelineView", self.tr("The timeline"))
        self._hex_pane = _optional_pane("ui.hex_pane", "HexPane", "hexPane", self.tr("The hex view"))
        current = self.tabs.currentIndex()
        self.tabs.blockSignals(True)
        # The hex pane's minimum width grows with its status text; in a scroll area it can
        # never push the window wider than the screen.
        hex_scroll = QScrollArea()
        hex_scroll.setObjectName("hexScroll")
        hex_scroll.setWidgetResizable(True)
        hex_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        hex_scroll.setWidget(self._hex_pane)
        for index, pane in ((1, self._timeline), (2, hex_scroll)):
            text, tip = self.tabs.tabText(index), self.tabs.tabToolTip(index)  # kept across the swap
            old = self.tabs.widget(index)
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, pane, text)
            self.tabs.setTabToolTip(index, tip)
            if old is not None:
                old.deleteLater()
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        for pane in (self._timeline, self._hex_pane):
            _attach(pane, self.session)  # each reads what the feed delivered so far, then follows
        self._wire_panes()
        # after the panes, so a connection asked for can be shown in the same batch
        self.feed.recordsAdded.disconnect(self._show_wanted_connection)
        self.feed.recordsAdded.connect(self._show_wanted_connection)
        self._show_wanted_connection()
        self.panesBuilt.emit()

    def _wire_panes(self) -> None:
        """The panes select in each other; one framing for the event table, the hex view and Follow stream.

        A data row selects its bytes in the hex view; a click on bytes or on a timeline bar
        selects its event row; Follow stream opens from a row's menu or the hex pane.
        """
        from ui.event_table import EventsPane
        from ui.hex_pane import HexPane

        events, hex_pane, timeline = self.events_pane, self._hex_pane, self._timeline
        if not isinstance(events, EventsPane) or not isinstance(hex_pane, HexPane):
            return  # a build without one of them: nothing to wire
        hex_pane.set_framing_choice(events.framing)
        events.set_frame_lookup(hex_pane.frames_of_record)
        hex_pane.frames.grown.connect(events.frames_grew)

        def row_chosen(record: int) -> None:
            if not self._syncing:
                hex_pane.select_record(record)

        def select_row(record: int) -> None:
            self._syncing = True
            try:
                if not events.select_record(record):
                    self.statusBar().showMessage(
                        self.tr("That event is not in the event table: its filter hides it."), 5000
                    )
            finally:
                self._syncing = False

        def show_bytes(record: int) -> None:
            if hex_pane.select_record(record):
                self.tabs.setCurrentIndex(2)  # the hex tab

        events.recordActivated.connect(row_chosen)
        events.bytesRequested.connect(show_bytes)
        events.followRequested.connect(lambda record: self.open_follow(hex_pane.key_of_record(record)))
        hex_pane.followRequested.connect(self.open_follow)
        hex_pane.chunkActivated.connect(select_row)
        bar_activated = getattr(timeline, "barActivated", None)
        if bar_activated is not None:
            bar_activated.connect(select_row)

    def open_follow(self, key: Any) -> QWidget | None:
        """A Follow stream window of connection ``key`` (from the hex pane), or None for no key."""
        from ui.follow_stream import open_follow

        if key is None or self._hex_pane is None:
            return None
        view = open_follow(self._hex_pane, key, self.feed, self)  # type: ignore[arg-type]
        self._follows = [w for w in self._follows if _alive(w)] + [view]
        return view

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.firstPainted.emit()
        if self._timeline is None and not self._panes_scheduled:
            self._panes_scheduled = True
            QTimer.singleShot(0, self.ensure_panes)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # in case no paint reaches us (a minimised start): build them soon anyway
        QTimer.singleShot(300, self.ensure_panes)

    def sizeHint(self) -> QSize:
        return QSize(1280, 800)

    # -- the host ------------------------------------------------------------------------------
    def start_host(self) -> None:
        """Start the engine process (after the first frame: start-up stays fast)."""
        if not self.read_only and not self._closing:
            self.session.start_host()
            self.spawn(self._open_live())

    async def _open_live(self) -> None:
        try:
            await self.session.ensure_host()
        except WorkbenchError as exc:
            log.error("%s", exc.text())

    def _on_host_died(self, message: str) -> None:
        self.host_message.setText(message)
        self.host_banner.show()
        self.statusBar().showMessage(self.tr("The engine process has stopped; what it recorded is still shown."))

    @Slot()
    def restart_host(self) -> None:
        self.host_banner.hide()
        old = self.session.path
        self.session.start_host()
        self.spawn(self._open_live())
        self.update_hint()
        if old is not None:
            from ui.live_sessions import remove_live_session

            QTimer.singleShot(0, lambda: remove_live_session(old))

    # -- the session's log lines ----------------------------------------------------------------
    def _on_logs(self, lo: int, hi: int) -> None:
        reader = self.feed.reader
        if reader is None:
            return
        names = {sid: info.name for sid, info in reader.tables.sources.items()}
        records = []
        for line in reader.tables.logs[lo:hi]:
            text = line.text()  # in the window's language when the line is catalogued
            record = logging.LogRecord("workbench.server", line.level, "", 0, text, None, None)
            record.created = line.ts_ns / 1e9
            record.msecs = (line.ts_ns // 1_000_000) % 1000
            record.threadName = names.get(line.source, "host")
            record.message = text
            records.append(record)
        if records:
            self.log_pane.add_records(records)

    # -- reactions ----------------------------------------------------------------------------
    @Slot(str)
    def _show_client_connection(self, ident: str) -> None:
        """Show this client's bytes in the hex view, now or as soon as it has moved some."""
        client = self.session.clients.get(ident)
        if client is not None:
            self._wanted_hex = (client.source, 0)
            self._show_wanted_connection()

    @Slot()
    def _show_wanted_connection(self, *_args: object) -> None:
        if self._hex_pane is None:
            return
        show = getattr(self._hex_pane, "show_connection", None)
        if self._wanted_hex is not None and show is not None and show(*self._wanted_hex):
            self._wanted_hex = None

    def spawn(self, coro: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        """Run a coroutine on the loop; its exceptions reach the error dialog like any other."""
        import asyncio

        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            exc = task.exception()
            assert exc is not None
            sys.excepthook(type(exc), exc, exc.__traceback__)

    def on_stop_requested(self, ident: str) -> None:
        self.spawn(self._stop(ident))

    async def _stop(self, ident: str) -> None:
        try:
            await self.session.stop_server(ident)
        except WorkbenchError as exc:
            log.error("%s", exc.text())

    def on_end_requested(self, ident: str) -> None:
        async def end() -> None:
            try:
                ended = await self.session.end_requests(ident)
            except WorkbenchError as exc:
                log.warning("%s", exc.text())
                return
            log.info("%s: %d waiting request(s) ended", ident, ended)

        self.spawn(end())

    def on_close_requested(self, ident: str) -> None:
        self.spawn(self.session.close_client(ident))

    def on_stop_all(self) -> None:
        self.spawn(self.session.shutdown())

    # -- files --------------------------------------------------------------------------------
    @Slot()
    def on_save_session(self) -> None:
        if self.feed.path is None:
            self.statusBar().showMessage(self.tr("Nothing recorded yet: start a server or a client first."))
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save session as"), "session.swb", _session_filter())
        if path:
            if not os.path.splitext(path)[1]:
                path += ".swb"
            self.spawn(self.save_session(path))

    async def save_session(self, path: str) -> None:
        """Copy what is recorded so far to ``path`` (compact), off the GUI thread."""
        import asyncio

        from workbench.session.reader import SessionReader
        from workbench.session.save import save_session

        source = self.feed.path
        assert source is not None

        def work() -> int:
            with SessionReader(source) as reader:
                return save_session(reader, path)

        self.statusBar().showMessage(self.tr("Saving {path}…").format(path=path))
        try:
            size = await asyncio.get_running_loop().run_in_executor(None, work)
        except OSError as exc:
            self.statusBar().showMessage(self.tr("Could not save {path}: {reason}").format(path=path, reason=exc.strerror or exc))
            return
        remember_recent(path)
        self.statusBar().showMessage(self.tr("Saved {path} ({size} bytes)").format(path=path, size=size))

    @Slot()
    def on_open_session(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open session"), "", _session_filter())
        if path:
            self.open_session(path)

    def open_session(self, path: str) -> MainWindow | None:
        """Show a saved session in a window of its own, read-only."""
        from workbench.session.format import FormatError

        try:
            window = MainWindow(session_file=path)
        except (OSError, FormatError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.statusBar().showMessage(self.tr("Could not open {path}: {reason}").format(path=path, reason=reason))
            return None
        remember_recent(path)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.resize(self.size())
        window.show()
        self._windows = [w for w in self._windows if _alive(w)] + [window]
        return window

    def _fill_recent(self) -> None:
        fill_recent_menu(self.recent_menu, recent_sessions(), self.open_session, self.tr("(none yet)"))

    @Slot()
    def on_export_jsonl(self) -> None:
        if self.feed.path is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export as JSON lines"), "session.jsonl", self.tr("JSON lines (*.jsonl)"))
        if path:
            self.spawn(self._export_jsonl(path))

    async def _export_jsonl(self, path: str) -> None:
        import asyncio

        from workbench.session.export import export_jsonl

        source = self.feed.path
        assert source is not None

        def work() -> int:
            with open(path, "w", encoding="utf-8") as out:
                return export_jsonl(source, out)

        try:
            count = await asyncio.get_running_loop().run_in_executor(None, work)
        except OSError as exc:
            self.statusBar().showMessage(self.tr("Could not export {path}: {reason}").format(path=path, reason=exc.strerror or exc))
            return
        self.statusBar().showMessage(self.tr("Exported {count} events to {path}").format(count=count, path=path))

    # -- closing ------------------------------------------------------------------------------
    def detach_logging(self) -> None:
        self._logger.removeHandler(self.log_handler)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Close at once: the host stops everything on its own when its stdin ends (≤ 2 s)."""
        self._closing = True
        self.pcapng.cancel()  # a running export ends after its batch and writes nothing
        self.session.close()
        for window in [*self._windows, *self._follows]:
            if _alive(window):  # one the user closed is gone already
                window.close()
        self.detach_logging()
        super().closeEvent(event)


def _alive(widget: QWidget) -> bool:
    import shiboken6

    return bool(shiboken6.isValid(widget))


def recent_sessions() -> list[str]:
    """Saved sessions opened or saved lately, in the app's settings file (not Qt's default one)."""
    return recent_paths(RECENT_KEY)


def remember_recent(path: str) -> None:
    remember_path(RECENT_KEY, path)

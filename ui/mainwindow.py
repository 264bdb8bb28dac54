"""The main window: server/client forms and live list on the left, events/timeline/hex in the centre, log below."""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.bridge import BatchBridge, EventBridge
from ui.log_pane import BridgeLogHandler, LogPane
from workbench.errors import WorkbenchError
from workbench.events import Event, EventSink, format_address
from workbench.spec import ClientSpec, ServerSpec, SockType

# asyncio is imported in the methods that use it: the window is built and painted before
# the app imports asyncio and starts its loop (see ui.app), and nothing here runs before that.
if TYPE_CHECKING:
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from workbench.client import Client
    from workbench.server import ServerRunner

log = logging.getLogger("workbench.ui")


class Session(QObject):
    """The servers and clients this window runs; all methods run on the GUI thread.

    Blocking engine calls (bind in ``start``, ``stop``) go to worker threads so
    the window never freezes.

    Signals:
        serverStarted(str), serverStopped(str): a server id.
        clientAdded(str), clientRemoved(str), clientChanged(str): a client id.
        clientReceived(str, int): a client id and the byte count one recv moved.
        clientError(str, str): a client id and a plain-words message from its reader.
    """

    serverStarted = Signal(str)
    serverStopped = Signal(str)
    clientAdded = Signal(str)
    clientRemoved = Signal(str)
    clientChanged = Signal(str)
    clientReceived = Signal(str, int)
    clientError = Signal(str, str)

    def __init__(self, sink: EventSink, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sink = sink
        self.servers: dict[str, ServerRunner] = {}
        self.clients: dict[str, Client] = {}
        self.readers: dict[str, asyncio.Task[None]] = {}
        self.peer_closed: set[str] = set()  # clients whose recv() returned b"" (the server closed)
        self._stopping: dict[str, asyncio.Future[None]] = {}
        self._executor: ThreadPoolExecutor | None = None

    async def run_blocking(self, fn: Callable[[], None]) -> None:
        """Run a blocking engine call (bind, stop) on a named worker thread, not the GUI thread."""
        import asyncio
        from concurrent.futures import ThreadPoolExecutor

        if self._executor is None:
            # our own pool: its threads have names students can read in the event table
            self._executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="ui-worker")
        await asyncio.get_running_loop().run_in_executor(self._executor, fn)

    def close_executor(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None

    def is_stopping(self, ident: str) -> bool:
        return ident in self._stopping

    @property
    def busy(self) -> bool:
        return bool(self.servers or self.clients or self._stopping)

    # -- servers ------------------------------------------------------------------------------
    async def start_server(self, spec: ServerSpec) -> ServerRunner:
        """Bind and start on a worker thread; raises WorkbenchError with a plain message."""
        from workbench.server import ServerRunner

        runner = ServerRunner(spec, self.sink)
        try:
            await self.run_blocking(runner.start)
        except WorkbenchError:
            raise
        except OSError as exc:  # the engine should translate these; never show a traceback anyway
            raise WorkbenchError(exc.strerror or str(exc)) from exc
        self.servers[runner.id] = runner
        log.info("%s started: %s on %s", runner.id, _describe(spec), format_address(runner.address))
        self.serverStarted.emit(runner.id)
        return runner

    async def stop_server(self, ident: str) -> None:
        """Stop one server on a worker thread (idempotent)."""
        import asyncio

        pending = self._stopping.get(ident)
        if pending is not None:
            await pending
            return
        runner = self.servers.get(ident)
        if runner is None:
            return
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._stopping[ident] = fut
        try:
            await self.run_blocking(runner.stop)
            log.info("%s stopped", ident)
        finally:
            self.servers.pop(ident, None)
            self._stopping.pop(ident, None)
            fut.set_result(None)
            self.serverStopped.emit(ident)

    # -- clients ------------------------------------------------------------------------------
    def add_client(self, spec: ClientSpec) -> Client:
        from workbench.client import Client

        # The hex pane records every connection from the data events; a second copy of this
        # client's bytes in Client.capture would never be read (nor closed).
        client = Client(spec, self.sink, capture=False)
        self.clients[client.id] = client
        self.clientAdded.emit(client.id)
        return client

    async def connect_client(self, client: Client) -> None:
        await client.connect()
        log.info("%s connected to %s", client.id, format_address(client.peer or client.spec.address))
        self.clientChanged.emit(client.id)
        self.start_reader(client)

    def start_reader(self, client: Client) -> None:
        """Received bytes arrive on their own: one task per client keeps calling recv()."""
        import asyncio

        if client.id in self.readers or client.closed:
            return
        task = asyncio.ensure_future(self._read_loop(client))
        self.readers[client.id] = task

    async def _read_loop(self, client: Client) -> None:
        ident = client.id
        try:
            while not client.closed:
                if client.spec.type is SockType.STREAM:
                    data = await client.recv()
                    if not data:
                        if not client.closed:
                            self.peer_closed.add(ident)
                            log.info("%s: the peer closed the connection (recv returned b'')", ident)
                        break
                else:
                    data, _addr = await client.recvfrom()
                    if not data and client.closed:
                        break
                self.clientReceived.emit(ident, len(data))
        except WorkbenchError as exc:
            if not client.closed:
                self.clientError.emit(ident, str(exc))
        except OSError as exc:
            if not client.closed:
                self.clientError.emit(ident, exc.strerror or str(exc))
        finally:
            self.readers.pop(ident, None)
            if ident in self.clients:
                self.clientChanged.emit(ident)

    async def close_client(self, ident: str) -> None:
        import asyncio

        client = self.clients.pop(ident, None)
        task = self.readers.pop(ident, None)
        self.peer_closed.discard(ident)
        if client is not None:
            client.close()  # also ends a recv() the reader task is waiting in
        if task is not None and not task.done():
            try:
                await asyncio.wait_for(task, 2.0)
            except (TimeoutError, asyncio.CancelledError):
                pass
            except Exception as exc:  # the reader reports its own errors; closing must go on
                log.debug("%s reader ended with %r", ident, exc)
        if client is not None:
            log.info("%s closed", ident)
            self.clientRemoved.emit(ident)

    # -- all ----------------------------------------------------------------------------------
    async def shutdown(self) -> None:
        """Close every client and stop every server (in parallel); leaves nothing running."""
        import asyncio

        for ident in list(self.clients):
            await self.close_client(ident)
        idents = list(self.servers) + [i for i in self._stopping if i not in self.servers]
        results = await asyncio.gather(*(self.stop_server(i) for i in idents), return_exceptions=True)
        for ident, result in zip(idents, results, strict=True):
            if isinstance(result, BaseException):
                log.error("%s did not stop cleanly: %s", ident, result)


def _describe(spec: ServerSpec) -> str:
    from ui.server_pane import server_class_name

    return f"{server_class_name(spec)} ({spec.family.label}, {spec.type.label}, {spec.handler.value})"


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


class MainWindow(QMainWindow):
    """Socket Workbench's window; owns one EventBridge feeding every pane in batches.

    Signals:
        firstPainted(): the window's first paint is under way (emitted once, from it).
        panesBuilt(): the timeline and hex panes, left out of the first frame, now exist
            (emitted once, right after the first paint or on first use): start-up is over.
    """

    firstPainted = Signal()
    panesBuilt = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Socket Workbench"))
        self._closing = False
        self._tasks: set[asyncio.Task[None]] = set()
        self._wanted_hex: tuple[str, int | None] | None = None
        self._panes_scheduled = False
        self._painted = False

        self.bridge = EventBridge(self)
        self.session = Session(self.bridge.sink, self)

        from ui.client_pane import ClientPane
        from ui.server_pane import LiveList, ServerPane

        self.server_pane = ServerPane(self.session)
        self.client_pane = ClientPane(self.session)
        self.live_list = LiveList(self.session)
        self.events_pane = _optional_pane(
            "ui.event_table", "EventsPane", "eventsPane", self.tr("The event table")
        )
        # The timeline and hex tabs are hidden at start-up: they are built right after the
        # first paint (or on first use), and get every event seen before that.
        self._timeline: QWidget | None = None
        self._hex_pane: QWidget | None = None
        self._early_events: list[Event] = []
        self.log_pane = LogPane()

        self._build_layout()
        self._build_actions()

        # one bridge, every pane fed the same batches
        add = getattr(self.events_pane, "add_events", None)
        if add is not None:
            self.bridge.batchReady.connect(add)
        self.bridge.batchReady.connect(self._keep_early_events)
        self.bridge.batchReady.connect(self.live_list.on_events)
        self.bridge.batchReady.connect(self._show_wanted_connection)

        # logging from any thread -> the log pane, through the same kind of bridge
        self.log_bridge = BatchBridge(self)
        self.log_bridge.batchReady.connect(self.log_pane.add_records)
        self.log_handler = BridgeLogHandler(self.log_bridge)
        self._logger = logging.getLogger("workbench")
        self._logger.addHandler(self.log_handler)
        self.log_pane.watch_logger(self._logger)

        s = self.session
        s.serverStarted.connect(self.live_list.add_server)
        s.serverStarted.connect(self.client_pane.on_server_started)
        s.serverStopped.connect(self.live_list.remove)
        s.serverStopped.connect(self.client_pane.on_server_stopped)
        s.clientAdded.connect(self.live_list.add_client)
        s.clientAdded.connect(self._show_client_connection)
        s.clientRemoved.connect(self.live_list.remove)
        s.clientChanged.connect(self.live_list.update_client)
        s.clientChanged.connect(self.client_pane.on_client_changed)
        s.clientAdded.connect(self.client_pane.on_client_added)
        s.clientRemoved.connect(self.client_pane.on_client_removed)
        s.clientReceived.connect(self.client_pane.on_received)
        s.clientError.connect(self.client_pane.on_reader_error)
        self.live_list.stopRequested.connect(self.on_stop_requested)
        self.live_list.closeRequested.connect(self.on_close_requested)
        self.live_list.useServerRequested.connect(self.client_pane.use_server)
        self.live_list.clientSelected.connect(self.client_pane.select_client)
        self.live_list.clientSelected.connect(self._show_client_connection)
        self.client_pane.currentClientChanged.connect(self.live_list.select)
        self.statusBar().showMessage(
            self.tr("Start a server (one click gives an echo server on 127.0.0.1), then connect a client.")
        )

    # -- layout -------------------------------------------------------------------------------
    def _build_layout(self) -> None:
        left = QWidget()
        left.setObjectName("leftColumn")
        col = QVBoxLayout(left)
        col.setContentsMargins(8, 6, 4, 6)
        col.setSpacing(4)
        server_box = QGroupBox(self.tr("Server"))
        server_box.setObjectName("serverGroup")
        _boxed(server_box, self.server_pane)
        client_box = QGroupBox(self.tr("Client"))
        client_box.setObjectName("clientGroup")
        _boxed(client_box, self.client_pane)
        live_box = QGroupBox(self.tr("Running servers and clients"))
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

        self.tabs = QTabWidget()
        self.tabs.setObjectName("centreTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.events_pane, self.tr("Events"))
        self.tabs.addTab(QWidget(), self.tr("Timeline"))
        self.tabs.addTab(QWidget(), self.tr("Hex"))
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.tabs.setTabToolTip(0, self.tr("Every lifecycle method and socket call, newest last"))
        self.tabs.setTabToolTip(1, self.tr("setup / handle / finish as bars, one lane per thread or process"))
        self.tabs.setTabToolTip(2, self.tr("The bytes of one connection: sent and received in two colours"))

        right = QSplitter(Qt.Orientation.Vertical)
        right.setObjectName("centreSplitter")
        right.addWidget(self.tabs)
        right.addWidget(self.log_pane)
        right.setStretchFactor(0, 4)
        right.setStretchFactor(1, 1)
        right.setSizes([560, 180])
        right.setChildrenCollapsible(False)

        main = QSplitter(Qt.Orientation.Horizontal)
        main.setObjectName("mainSplitter")
        main.addWidget(scroll)
        main.addWidget(right)
        main.setStretchFactor(0, 0)
        main.setStretchFactor(1, 1)
        main.setSizes([scroll.minimumWidth(), 1280 - scroll.minimumWidth()])
        main.setChildrenCollapsible(False)
        self.setCentralWidget(main)

    def _build_actions(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&Workbench"))
        stop_all = QAction(self.tr("Stop all servers and close all clients"), self)
        stop_all.setObjectName("actionStopAll")
        stop_all.triggered.connect(self.on_stop_all)
        menu.addAction(stop_all)
        clear = QAction(self.tr("Clear events and log"), self)
        clear.setObjectName("actionClear")
        clear.triggered.connect(self.clear_views)
        menu.addAction(clear)
        menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)
        view = self.menuBar().addMenu(self.tr("&View"))
        for index, key in enumerate(("Ctrl+1", "Ctrl+2", "Ctrl+3")):
            action = QAction(self.tabs.tabText(index), self)
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(lambda _=False, i=index: self.tabs.setCurrentIndex(i))
            view.addAction(action)

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

    def _keep_early_events(self, batch: list[Event]) -> None:
        self._early_events.extend(batch)

    def ensure_panes(self) -> None:
        """Build the timeline and hex panes now if they are not built yet."""
        if self._timeline is not None:
            return
        self._timeline = _optional_pane(
            "ui.timeline", "TimelineView", "timelineView", self.tr("The timeline")
        )
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
            text, tip = self.tabs.tabText(index), self.tabs.tabToolTip(index)
            old = self.tabs.widget(index)
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, pane, text)
            self.tabs.setTabToolTip(index, tip)
            if old is not None:
                old.deleteLater()
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        self.bridge.batchReady.disconnect(self._keep_early_events)
        early, self._early_events = self._early_events, []
        for pane in (self._timeline, self._hex_pane):
            add = getattr(pane, "add_events", None)
            if add is not None:
                if early:
                    add(early)
                self.bridge.batchReady.connect(add)
        # after the panes, so a connection asked for can be shown in the same batch
        self.bridge.batchReady.disconnect(self._show_wanted_connection)
        self.bridge.batchReady.connect(self._show_wanted_connection)
        self._show_wanted_connection()
        self.panesBuilt.emit()

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

    # -- reactions ----------------------------------------------------------------------------
    @Slot(str)
    def _show_client_connection(self, ident: str) -> None:
        """Show this client's bytes in the hex view, now or as soon as it has moved some."""
        self._wanted_hex = (ident, None)
        self._show_wanted_connection()

    @Slot()
    def _show_wanted_connection(self, _batch: object = None) -> None:
        if self._hex_pane is None:
            return
        show = getattr(self._hex_pane, "show_connection", None)
        if self._wanted_hex is not None and show is not None and show(*self._wanted_hex):
            self._wanted_hex = None

    @Slot()
    def clear_views(self) -> None:
        for pane in (self.events_pane, self._timeline, self._hex_pane, self.log_pane):
            clear = getattr(pane, "clear", None)
            if clear is not None:
                clear()

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
        self.spawn(self.session.stop_server(ident))

    def on_close_requested(self, ident: str) -> None:
        self.spawn(self.session.close_client(ident))

    def on_stop_all(self) -> None:
        self.spawn(self.session.shutdown())

    async def shutdown(self) -> None:
        """Stop everything this window started and detach from logging."""
        await self.session.shutdown()
        self.session.close_executor()
        self.bridge.flush()
        self.detach_logging()

    def detach_logging(self) -> None:
        self._logger.removeHandler(self.log_handler)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.session.busy and not self._closing:
            # Stopping servers blocks: do it off the GUI thread, then close for real.
            self._closing = True
            event.ignore()
            self.statusBar().showMessage(self.tr("Stopping servers and closing clients…"))

            async def finish() -> None:
                try:
                    await self.session.shutdown()
                finally:
                    self.close()

            self.spawn(finish())
            return
        self.session.close_executor()
        self.detach_logging()
        super().closeEvent(event)

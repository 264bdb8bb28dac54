"""File ▸ Save workspace… / Open workspace…: the window's servers, clients, forms and saved packets as a workspace file.

Saving collects the two forms, every running server and client as it was started, and the
saved packets (workbench.workspace writes the TOML). Opening reads and checks the whole file
first: a broken one is one message box and changes nothing. Then it asks whether to stop what
runs and whether to replace or add to the saved packets, fills in the forms, starts the servers
marked to start, adds the clients (connecting those marked; one aimed at a server of the
workspace goes to the address that server got), says in the status bar what was done, and lists
every problem (a port in use, a refused connection) in one message box in the window's
language. Nothing already running is stopped without asking.

The questions are message boxes opened with open() and awaited, not exec(): a nested modal
loop would stall asyncio (and the tests, which answer them by clicking).
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QMenu, QMessageBox, QPushButton

from ui.settings import fill_recent_menu, recent_paths, remember_path
from workbench.errors import WorkbenchError

if TYPE_CHECKING:
    from ui.mainwindow import MainWindow
    from ui.packets import Packet
    from ui.session import ServerHandle
    from workbench.spec import ClientSpec, ServerSpec
    from workbench.workspace import SavedPacket, Workspace

log = logging.getLogger("workbench.ui")

RECENT_KEY = "recentWorkspaces"
SUFFIX = ".toml"


class WorkspaceActions(QObject):
    """The workspace menu entries of one window, and what they do."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._opening = False
        self.action_save = QAction(window)
        self.action_save.setObjectName("actionSaveWorkspace")
        self.action_save.triggered.connect(self.on_save)
        self.action_open = QAction(window)
        self.action_open.setObjectName("actionOpenWorkspace")
        self.action_open.triggered.connect(self.on_open)
        self.recent_menu = QMenu(window)
        self.recent_menu.setObjectName("recentWorkspaces")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        for action in (self.action_save, self.action_open):
            action.setEnabled(not window.read_only)
        self.recent_menu.setEnabled(not window.read_only)
        menu = window.file_menu
        actions = menu.actions()
        index = actions.index(window.action_quit) if window.action_quit in actions else len(actions)
        before = actions[index - 1] if index > 0 and actions[index - 1].isSeparator() else window.action_quit
        menu.insertSeparator(before)
        menu.insertAction(before, self.action_save)
        menu.insertAction(before, self.action_open)
        menu.insertMenu(before, self.recent_menu)
        from ui.i18n import follow_language

        follow_language(window, self.retranslate)
        self.retranslate()

    def retranslate(self) -> None:
        self.action_save.setText(self.tr("Save &workspace…"))
        self.action_save.setToolTip(
            self.tr("The forms, every running server and client, and the saved packets, as a TOML file")
        )
        self.action_open.setText(self.tr("Open wor&kspace…"))
        self.recent_menu.setTitle(self.tr("Recent workspaces"))

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text)

    def _then(self, first: str, second: str) -> str:
        """Two sentences of the status bar, as the language puts them side by side."""
        return self.tr("{first} {second}").format(first=first, second=second)

    def _filter(self) -> str:
        return self.tr("Socket Workbench workspaces (*.toml);;All files (*)")

    # -- saving -----------------------------------------------------------------------------------
    def on_save(self) -> None:
        recent = recent_workspaces()
        start = recent[0] if recent else "workspace.toml"
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Save workspace"), start, self._filter())
        if path:
            if not os.path.splitext(path)[1]:
                path += SUFFIX
            self.save_workspace(path)

    def save_workspace(self, path: str) -> bool:
        """Write what the window has now to ``path``; the status bar says what (or why not)."""
        from workbench.workspace import WorkspaceError, save

        try:
            ws, notes = self.collect()
            save(path, ws)
        except WorkspaceError as exc:
            self._status(self.tr("The workspace was not saved: {reason}").format(reason=exc.text()))
            log.warning("%s", exc.text("en"))
            return False
        remember_recent(path)
        text = self.tr("Saved workspace {path}: {servers} server(s), {clients} client(s), {packets} saved packet(s).").format(
            path=path, servers=len(ws.servers), clients=len(ws.clients), packets=len(ws.packets)
        )  # fmt: skip
        if notes:
            text = self._then(text, self.tr("Left out: {what}.").format(what="; ".join(notes)))
        self._status(text)
        return True

    def collect(self) -> tuple[Workspace, list[str]]:
        """The window as a Workspace, and what had to be left out of it (in words)."""
        from workbench.workspace import ClientForm, Workspace, WorkspaceClient, WorkspaceServer

        notes: list[str] = []
        session = self.window.session
        running = [s for s in session.servers.values() if not s.stopping]
        servers = [WorkspaceServer(s.id, s.spec) for s in running]
        clients = [
            WorkspaceClient(c.id, c.spec, connect=c.connected, server=_server_of(c.spec, running))
            for c in session.clients.values()
        ]
        server_form = self._server_form(notes)
        pane = self.window.client_pane
        payload, fmt = pane.payload.toPlainText(), pane.payload_mode()
        problem = self._payload_problem(payload, fmt)
        if problem is not None:
            notes.append(self.tr("the client form's payload ({reason})").format(reason=problem))
            payload = ""
        try:
            spec: ClientSpec | None = pane.spec()
        except WorkbenchError as exc:
            spec = None
            if exc.code != "spec.port.client_zero":  # no target yet is no problem: the payload still goes
                notes.append(self.tr("the client form's address ({reason})").format(reason=exc.text()))
        client_form = ClientForm(spec, _server_of(spec, running) if spec else None, payload, fmt)
        packets = []
        for packet in pane.packets_page.store.packets:
            problem = self._payload_problem(packet.text, packet.mode)
            if problem is None:
                packets.append(_saved(packet))
            else:
                notes.append(self.tr("saved packet {name} ({reason})").format(name=packet.name, reason=problem))
        return Workspace(tuple(servers), tuple(clients), tuple(packets), server_form, client_form), notes

    def _payload_problem(self, text: str, mode: str) -> str | None:
        """Why a payload cannot be kept in a workspace (it must mean bytes in its mode), or None."""
        from workbench.hexfmt import encode_payload
        from workbench.workspace import MAX_PAYLOAD

        if len(text) > MAX_PAYLOAD:
            return self.tr("longer than {limit} characters").format(limit=MAX_PAYLOAD)
        try:
            encode_payload(text, mode)
        except WorkbenchError as exc:
            return exc.text()
        return None

    def _server_form(self, notes: list[str]) -> ServerSpec | None:
        pane = self.window.server_pane
        try:
            spec = pane.spec()
            rules = pane.form_values().get("rules")
            if not spec.rules and isinstance(rules, str) and rules.strip():
                spec = dataclasses.replace(spec, rules=rules)  # the editor's rules, kept for another handler too
            from workbench.workspace import WorkspaceServer

            return WorkspaceServer("form", spec).spec  # its rules as the file will hold them
        except WorkbenchError as exc:
            notes.append(self.tr("the server form ({reason})").format(reason=exc.text()))
            return None

    # -- opening ----------------------------------------------------------------------------------
    def on_open(self) -> None:
        recent = recent_workspaces()
        folder = os.path.dirname(recent[0]) if recent else ""
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Open workspace"), folder, self._filter())
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> None:
        async def run() -> None:
            await self.open_workspace(path)

        self.window.spawn(run())

    def _fill_recent(self) -> None:
        fill_recent_menu(self.recent_menu, recent_workspaces(), self.open_path, self.tr("(none yet)"))

    async def open_workspace(self, path: str) -> bool:
        """Check ``path`` whole, then set it up (asking first where something would be lost); True if opened."""
        from workbench.workspace import WorkspaceError, load

        name = os.path.basename(path)
        if self._opening:
            self._status(self.tr("A workspace is being opened already; wait for it to finish."))
            return False
        self._opening = True
        try:
            try:
                ws = load(path)
            except WorkspaceError as exc:
                self._status(self.tr("{name} was not opened: it has a problem.").format(name=name))
                await self._tell(
                    "workspaceError",
                    lambda: self.tr("Workspace not opened"),
                    lambda: self.tr("{name} was not opened; nothing was changed.").format(name=name),
                    [exc.text],
                )
                return False
            session = self.window.session
            if session.servers or session.clients:
                answer = await self._ask_running(name, len(session.servers), len(session.clients))
                if answer is None:
                    self._status(self.tr("{name} was not opened.").format(name=name))
                    return False
                if answer:
                    await session.shutdown()
            replace_packets = False
            if ws.packets and self.window.client_pane.packets_page.store.packets:
                choice = await self._ask_packets(name, len(ws.packets))
                if choice is None:
                    self._status(self.tr("{name} was not opened.").format(name=name))
                    return False
                replace_packets = choice
            await self._apply(ws, path, replace_packets)
            return True
        finally:
            self._opening = False

    async def _apply(self, ws: Workspace, path: str, replace_packets: bool) -> None:
        name = os.path.basename(path)
        window, session = self.window, self.window.session
        problems: list[Callable[[], str]] = []
        self._fill_forms(ws)
        if ws.packets:
            page = window.client_pane.packets_page
            page.store.save_packets([_packet(p) for p in ws.packets], replace_all=replace_packets)
            page.refresh()
        started: dict[str, ServerHandle] = {}
        for entry in ws.servers:
            if not entry.start:
                continue
            try:
                started[entry.name] = await session.start_server(entry.spec)
            except WorkbenchError as exc:
                problems.append(self._problem("server", entry.name, exc))
        added = connected = 0
        for client in ws.clients:
            linked = started.get(client.server) if client.server else None
            spec = aimed(client.spec, linked) if linked is not None else client.spec
            try:
                handle = await session.add_client(spec)
            except WorkbenchError as exc:
                problems.append(self._problem("add", client.name, exc))
                continue
            added += 1
            if not client.connect:
                continue
            if client.server and linked is None:
                problems.append(self._problem("no server", client.name, client.server))
                continue
            try:
                await session.connect_client(handle, read=window.client_pane.reading(None))
                connected += 1
            except WorkbenchError as exc:
                problems.append(self._problem("connect", client.name, exc))
        form = ws.client_form
        if form is not None and form.server and form.server in started:
            window.client_pane.use_server(started[form.server].id)
        remember_recent(path)
        text = self.tr("Opened {name}: {started} of {servers} server(s) started, {clients} client(s) added ({connected} connected).").format(
            name=name, started=len(started), servers=sum(s.start for s in ws.servers), clients=added, connected=connected
        )  # fmt: skip
        if ws.packets and replace_packets:
            text = self._then(text, self.tr("The saved packets were replaced by its {count}.").format(count=len(ws.packets)))
        elif ws.packets:
            text = self._then(text, self.tr("{count} saved packet(s) added.").format(count=len(ws.packets)))
        if problems:
            text = self._then(text, self.tr("{count} problem(s): see the message.").format(count=len(problems)))
        self._status(text)
        for problem in problems:
            log.warning("%s: %s", name, problem())
        if problems:
            await self._tell(
                "workspaceProblems",
                lambda: self.tr("Workspace opened with problems"),
                lambda: self.tr("{name} is open, but not everything in it could be set up:").format(name=name),
                problems,
            )

    def _fill_forms(self, ws: Workspace) -> None:
        if ws.server_form is not None:
            self.window.server_pane.apply_values(server_form_values(ws.server_form))
        form = ws.client_form
        if form is None:
            return
        pane = self.window.client_pane
        if form.spec is not None:
            pane.apply_values(client_form_values(form.spec))
        index = pane.mode.findData(form.format)
        if index >= 0:
            pane.mode.setCurrentIndex(index)
        pane.payload.setPlainText(form.payload)

    def _problem(self, kind: str, name: str, why: WorkbenchError | str) -> Callable[[], str]:
        """One line of the problems message, said in the language shown when it is called."""

        def line() -> str:
            reason = why.text() if isinstance(why, WorkbenchError) else why
            if kind == "server":
                return self.tr("Server {name} did not start: {reason}").format(name=name, reason=reason)
            if kind == "add":
                return self.tr("Client {name} was not added: {reason}").format(name=name, reason=reason)
            if kind == "connect":
                return self.tr("Client {name} did not connect: {reason}").format(name=name, reason=reason)
            return self.tr("Client {name} was not connected: its server {server} is not running.").format(
                name=name, server=reason
            )

        return line

    # -- message boxes ----------------------------------------------------------------------------
    async def _await(self, box: QMessageBox) -> QAbstractButton | None:
        import asyncio

        done: asyncio.Future[QAbstractButton | None] = asyncio.get_running_loop().create_future()

        def finished(_result: int) -> None:
            if not done.done():
                done.set_result(box.clickedButton())

        box.finished.connect(finished)
        box.open()
        try:
            return await done
        finally:
            box.deleteLater()

    def _box(self, name: str, icon: QMessageBox.Icon) -> QMessageBox:
        box = QMessageBox(self.window)
        box.setObjectName(name)
        box.setIcon(icon)
        box.setTextFormat(Qt.TextFormat.PlainText)  # it quotes a file's names and values: data, not markup
        return box

    def _button(self, box: QMessageBox, name: str, role: QMessageBox.ButtonRole) -> QPushButton:
        button = box.addButton("", role)
        button.setObjectName(name)
        return button

    async def _ask_running(self, name: str, servers: int, clients: int) -> bool | None:
        """Stop what runs first (True), keep it (False), or do not open (None)."""
        from ui.i18n import follow_language

        box = self._box("workspaceRunningQuestion", QMessageBox.Icon.Question)
        stop = self._button(box, "workspaceStopRunning", QMessageBox.ButtonRole.DestructiveRole)
        keep = self._button(box, "workspaceKeepRunning", QMessageBox.ButtonRole.AcceptRole)
        cancel = self._button(box, "workspaceCancel", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(cancel)

        def texts() -> None:
            box.setWindowTitle(self.tr("Open workspace"))
            running = self.tr("{servers} server(s) and {clients} client(s) are running.").format(servers=servers, clients=clients)  # fmt: skip
            question = self.tr("Stop them before opening {name}? Kept, they go on running beside what the workspace starts.").format(name=name)  # fmt: skip
            box.setText(f"{running}\n\n{question}")
            stop.setText(self.tr("Stop them, then open"))
            keep.setText(self.tr("Keep them and open"))
            cancel.setText(self.tr("Cancel"))

        texts()
        follow_language(box, texts)
        clicked = await self._await(box)
        return True if clicked is stop else False if clicked is keep else None

    async def _ask_packets(self, name: str, count: int) -> bool | None:
        """Replace the saved packets (True), add to them (False), or do not open (None)."""
        from ui.i18n import follow_language

        box = self._box("workspacePacketsQuestion", QMessageBox.Icon.Question)
        replace = self._button(box, "workspaceReplacePackets", QMessageBox.ButtonRole.DestructiveRole)
        add = self._button(box, "workspaceAddPackets", QMessageBox.ButtonRole.AcceptRole)
        cancel = self._button(box, "workspaceCancel", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(add)
        box.setEscapeButton(cancel)

        def texts() -> None:
            box.setWindowTitle(self.tr("Open workspace"))
            has = self.tr("{name} has {count} saved packet(s), and you have saved packets already.").format(name=name, count=count)  # fmt: skip
            question = self.tr("Replace yours with the workspace's, or add the workspace's to yours? Added, a packet of the same name is replaced.")  # fmt: skip
            box.setText(f"{has}\n\n{question}")
            replace.setText(self.tr("Replace mine"))
            add.setText(self.tr("Add to mine"))
            cancel.setText(self.tr("Cancel"))

        texts()
        follow_language(box, texts)
        clicked = await self._await(box)
        return True if clicked is replace else False if clicked is add else None

    async def _tell(
        self, name: str, title: Callable[[], str], text: Callable[[], str], lines: list[Callable[[], str]]
    ) -> None:
        """One message box: a title, a sentence, then the problems one per line (each said again on a language change)."""
        from ui.i18n import follow_language

        box = self._box(name, QMessageBox.Icon.Warning)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)

        def texts() -> None:
            box.setWindowTitle(title())
            # all in the plain-text part: Qt guesses the informative text's format, and a quoted
            # regex such as \g<name> would read as a tag
            items = "\n".join(("• " if len(lines) > 1 else "") + line() for line in lines)
            box.setText(f"{text()}\n\n{items}")

        texts()
        follow_language(box, texts)
        await self._await(box)


# -- between the window's objects and the workspace's ---------------------------------------------


def _target_of_server(server: ServerHandle) -> tuple[Any, ...]:
    from workbench.spec import Family
    from workbench.workspace import connect_host

    spec, address = server.spec, server.address
    if spec.family is Family.UNIX:
        return (spec.family, spec.type, str(address))
    assert isinstance(address, tuple)
    return (spec.family, spec.type, connect_host(str(address[0])), int(address[1]))


def _target_of_client(spec: ClientSpec) -> tuple[Any, ...]:
    from workbench.spec import Family

    if spec.family is Family.UNIX:
        return (spec.family, spec.type, spec.path)
    return (spec.family, spec.type, spec.host, spec.port)


def _server_of(spec: ClientSpec, servers: list[ServerHandle]) -> str | None:
    """The running server a client spec is aimed at (by its bound address), if one is."""
    target = _target_of_client(spec)
    return next((s.id for s in servers if _target_of_server(s) == target), None)


def aimed(spec: ClientSpec, server: ServerHandle) -> ClientSpec:
    """``spec`` aimed at the address ``server`` got when it started."""
    from workbench.spec import Family

    target = _target_of_server(server)
    if server.spec.family is Family.UNIX:
        return dataclasses.replace(spec, family=target[0], type=target[1], path=target[2])
    return dataclasses.replace(spec, family=target[0], type=target[1], host=target[2], port=target[3])


def _saved(packet: Packet) -> SavedPacket:
    from workbench.workspace import SavedPacket

    return SavedPacket(packet.name, packet.text, packet.mode, packet.ending, packet.checksum, packet.byteorder)


def _packet(saved: SavedPacket) -> Packet:
    from ui.packets import Packet

    return Packet(saved.payload, saved.format, saved.ending, saved.checksum, saved.byteorder, saved.name)


def server_form_values(spec: ServerSpec) -> dict[str, Any]:
    """A ServerSpec as the server form's values (ServerPane.apply_values)."""
    from workbench.spec import Base, Family, Loop, SockType

    values: dict[str, Any] = {
        "family": spec.family.value,
        "type": spec.type.value,
        "host": spec.host,
        "port": spec.port,
        "backlog": spec.backlog,
        "mixin": spec.mixin.value,
        "handler": spec.handler.value,
        "delay": spec.delay,
        "allow": ", ".join(spec.allow),
        "fail": spec.fail,
        "fail_in": spec.fail_in,
        "base": spec.base.value,
        "loop": spec.loop.value,
        "timeout": spec.timeout or 0.0,
    }
    if spec.family is Family.UNIX and spec.path:
        values["path"] = spec.path
    if spec.allow_reuse_address != (spec.type is SockType.STREAM):
        values["reuse"] = spec.allow_reuse_address
    values["advanced"] = bool(
        spec.fail or spec.timeout or spec.base is not Base.BASE or spec.loop is not Loop.FOREVER or "reuse" in values
    )
    if spec.rules:
        values["rules"] = spec.rules
    return values


def client_form_values(spec: ClientSpec) -> dict[str, Any]:
    """A ClientSpec's address as the client form's values (ClientForm.apply_values)."""
    values: dict[str, Any] = {
        "family": spec.family.value,
        "type": spec.type.value,
        "timeout": spec.timeout or 0.0,
    }
    if spec.path:
        values["path"] = spec.path
    values["host"], values["port"] = spec.host, spec.port
    return values


# -- recent workspaces --------------------------------------------------------------------------


def recent_workspaces() -> list[str]:
    return recent_paths(RECENT_KEY)


def remember_recent(path: str) -> None:
    remember_path(RECENT_KEY, path)

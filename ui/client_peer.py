"""The client box's server peers: a running server's connected requests as targets of Send and of saved packets.

PeerTargets is a part of ClientPane (a mixin). After the clients, the "Acting on" list holds
one item per request a running server has connected now: a stream request while it runs,
and for a datagram server the newest request of each sender (a reply goes to its address).
They come from the request index the live list keeps (ui.request_index); nothing here
reads the log itself. A send to a peer is the host's ``server.send``: ``sendall()`` on the
request's socket, or ``sendto()`` to its sender, made on the host's thread; the event table
shows it as a row of that server and that request. What belongs to a client of ours (recv,
the socket's modes, shutdown, close, files, SO_SNDBUF) is disabled while a peer is chosen,
and says why. A chosen peer whose request ends stays chosen, marked ended, so a Send never
silently goes somewhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ui.client_parts import ClientParts
from ui.packets import SEND_CALLS
from workbench.errors import WorkbenchError
from workbench.events import Address, format_address
from workbench.spec import Mixin, SockType

if TYPE_CHECKING:
    from ui.request_index import RequestIndex, RequestInfo

_PREFIX = "peer:"


def peer_key(server: str, request: int) -> str:
    """What a peer's item in the "Acting on" list holds as its data (a client's holds its id)."""
    return f"{_PREFIX}{server}:{request}"


def parse_peer_key(data: object) -> tuple[str, int] | None:
    if not isinstance(data, str) or not data.startswith(_PREFIX):
        return None
    server, _sep, request = data[len(_PREFIX) :].rpartition(":")
    return (server, int(request)) if server and request.isdigit() else None


@dataclass(frozen=True)
class PeerChoice:
    """One request of a running server the Send tab can send to."""

    server: str
    request: int
    peer: Address
    stream: bool

    @property
    def key(self) -> str:
        return peer_key(self.server, self.request)

    @property
    def call(self) -> str:
        """The call the host makes for it: a stream request's socket is connected, a datagram's is not."""
        return "sendall" if self.stream else "sendto"


class PeerTargets(ClientParts):
    """Server peers in the "Acting on" list, and sending to them (see the module docstring)."""

    def attach_requests(self, requests: RequestIndex) -> None:
        """Take the connected requests from the index the live list keeps (the window calls this once)."""
        from ui.throttle import Throttle

        self._request_index = requests
        self._peers_refresh = Throttle(self.refresh_peers, 100, self)  # type: ignore[arg-type]
        requests.changed.connect(lambda _sources: self._peers_refresh())
        self.session.serverChanged.connect(lambda _ident: self._peers_refresh())
        self.session.serverStopped.connect(lambda _ident: self.refresh_peers())
        self.refresh_peers()

    # -- which peers there are --------------------------------------------------------------------
    def peer_choices(self) -> list[PeerChoice]:
        """Every request of a running server that a send can reach now, server by server."""
        index = self._request_index
        if index is None:
            return []
        choices: list[PeerChoice] = []
        for ident, server in self.session.servers.items():
            if server.stopping:
                continue
            stream = server.spec.type is SockType.STREAM
            infos = index.requests(server.source)
            if stream:
                live = [i for i in infos if _connected(i)]
            else:
                newest: dict[str, RequestInfo] = {}  # the newest request of each sender (oldest first in)
                for info in infos:
                    if info.peer not in (None, "", b""):  # an unnamed Unix socket cannot be answered
                        newest.pop(repr(info.peer), None)
                        newest[repr(info.peer)] = info
                live = sorted(newest.values(), key=lambda i: i.request)
            choices += [PeerChoice(ident, i.request, i.peer, stream) for i in live]
        return choices

    def _peer_text(self, choice: PeerChoice, ended: bool = False) -> str:
        text = f"{choice.server} #{choice.request} ← {format_address(choice.peer) or '?'}"
        return self.tr("{peer} (ended)").format(peer=text) if ended else text

    def refresh_peers(self) -> None:
        """Make the list's peers those connected now; the chosen one stays (marked ended if it is)."""
        choices = {c.key: c for c in self.peer_choices()}
        chosen = self.current.currentData()
        combo = self.current
        combo.blockSignals(True)  # the choice does not change here: no Acting-on signal per row
        try:
            for row in reversed(range(combo.count())):
                key = combo.itemData(row)
                if parse_peer_key(key) is not None and key not in choices and key != chosen:
                    combo.removeItem(row)
                    self._peer_rows.pop(str(key), None)
            for key, choice in choices.items():
                self._peer_rows[key] = choice
                row = combo.findData(key)
                if row < 0:
                    combo.addItem(self._peer_text(choice), key)
                    if chosen is None:
                        combo.setCurrentIndex(-1)  # the first item of an empty list: Qt would choose it
                elif combo.itemText(row) != self._peer_text(choice):
                    combo.setItemText(row, self._peer_text(choice))
            if chosen in self._peer_rows and chosen not in choices and self._peer_rows[str(chosen)].stream:
                row = combo.findData(chosen)
                combo.setItemText(row, self._peer_text(self._peer_rows[str(chosen)], ended=True))
        finally:
            combo.blockSignals(False)
        if parse_peer_key(chosen) is not None:
            self._update_buttons()

    def first_peer_row(self) -> int:
        """Where the clients end and the peers begin in the "Acting on" list."""
        for row in range(self.current.count()):
            if parse_peer_key(self.current.itemData(row)) is not None:
                return row
        return self.current.count()

    def current_peer(self) -> PeerChoice | None:
        return self._peer_rows.get(str(self.current.currentData()))

    def peer_is_connected(self, peer: PeerChoice) -> bool:
        return any(c.key == peer.key for c in self.peer_choices())

    def choose_peer(self, server: str, request: int) -> None:
        """Make one request's peer the target (the live list's "Send to this peer") and show the Send tab."""
        self.refresh_peers()
        key = peer_key(server, request)
        if self.current.findData(key) < 0:
            # a datagram request older than its sender's newest, or one the index saw end: keep it
            # chosen as asked; its blocker (or the host) says what a send to it would do
            handle = self.session.servers.get(server)
            info = None if handle is None or self._request_index is None else self._request_index.get(
                handle.source, request
            )  # fmt: skip
            if handle is None or info is None:
                return
            choice = PeerChoice(server, request, info.peer, handle.spec.type is SockType.STREAM)
            self._peer_rows[key] = choice
            self.current.addItem(self._peer_text(choice), key)
        self.current.setCurrentIndex(self.current.findData(key))
        self.refresh_peers()
        self.tabs.setCurrentWidget(self.send_page)

    # -- what a peer allows --------------------------------------------------------------------------
    def peer_blocker(self, peer: PeerChoice) -> str | None:
        """Why nothing can be sent to this peer now (the host's own words for its refusals), or None."""
        server = self.session.servers.get(peer.server)

        def refusal(code: str) -> str:
            return WorkbenchError(code, field="request", server=peer.server, request=peer.request).text()

        if server is None or server.stopping:
            return refusal("server.send.not_running")
        if server.spec.tls:
            return refusal("server.send.tls")
        if peer.stream and server.spec.mixin is Mixin.FORKING:
            return refusal("server.send.forking")
        if peer.stream and not self.peer_is_connected(peer):
            return refusal("server.send.ended")
        return None

    def show_peer_target(self, peer: PeerChoice) -> None:
        """The form while a peer is chosen: its call, and what only a client of ours can do disabled, saying why."""
        self.call.setCurrentIndex(SEND_CALLS.index(peer.call))
        self.call.setEnabled(False)
        self.call.setToolTip(
            self.tr("Sending to a server's peer, the host calls sendall() on a stream request's socket "
                    "and sendto() to a datagram's sender")
        )  # fmt: skip
        owned = self.tr(
            "{call} acts on a client of ours: the chosen peer's socket belongs to {server}'s handler"
        )
        # shutdown() and close() belong to the handler of that connection: out of the way, so the
        # list shows the whole peer (the status line below says whose socket it is)
        for button, call in ((self.shutdown_button, "shutdown()"), (self.close_button, "close()")):
            button.setEnabled(False)
            button.setToolTip(owned.format(call=call, server=peer.server))
            button.setVisible(False)
        for page in (self.socket_page, self.file_page):
            index = self.tabs.indexOf(page)
            self.tabs.setTabEnabled(index, False)
            self.tabs.setTabToolTip(
                index,
                self.tr("recv(), the socket's modes and files act on a client of ours; choose a client "
                        "above to use them"),
            )  # fmt: skip
        self.options_page.set_client_live(False)
        self.options_page.sndbuf_button.setToolTip(owned.format(call="setsockopt()", server=peer.server))
        if not peer.stream:
            state = self.tr("a datagram's sender")
        else:
            state = self.tr("connected") if self.peer_is_connected(peer) else self.tr("ended")
        self.status.setText(
            self.tr("{server} request #{request} ← {peer} · {state} · a send goes out from the host as {call}()")
            .format(server=peer.server, request=peer.request, peer=format_address(peer.peer), state=state,
                    call=peer.call)
        )  # fmt: skip
        self.status.setToolTip(
            self.tr("The peer of one of {server}'s requests: what you send here is recorded as that "
                    "request's {call}, made on the host's thread rather than the handler's")
            .format(server=peer.server, call=peer.call)
        )  # fmt: skip
        self.status.setVisible(True)

    def leave_peer_target(self) -> None:
        """A client is chosen again: give back what a peer took away (the pane's update fills in the rest)."""
        self.call.setEnabled(True)
        self.call.setToolTip(self.tr("The socket call that sends the payload"))
        for page in (self.socket_page, self.file_page):
            self.tabs.setTabEnabled(self.tabs.indexOf(page), True)
        self.retranslate_tab_tips()
        self.options_page.retranslate()  # the SO_SNDBUF button's own tooltip

    # -- sending -------------------------------------------------------------------------------------
    async def send_to_peer_action(self, peer: PeerChoice, data: bytes, name: str = "") -> None:
        await self.send_to_peer(peer, data, name=name)

    async def send_to_peer(self, peer: PeerChoice, data: bytes, quiet: bool = False, name: str = "") -> bool:
        """One hand-made send to the peer; says what happened (unless a repeat counts them); False if it failed."""
        try:
            call, sent = await self.session.send_to_request(peer.server, peer.request, data)
        except WorkbenchError as exc:
            self.errors["send"].show(exc.text())
            return False
        finally:
            self._busy = False
            self._update_buttons()
        if not quiet:
            text = self.tr("{call}() to {server} #{request}'s peer {peer}: {n} bytes sent").format(
                call=call, server=peer.server, request=peer.request, peer=format_address(peer.peer), n=sent
            )
            self.show_result(self.tr("{packet}: {text}").format(packet=name, text=text) if name else text)
        return True


def _connected(info: RequestInfo) -> bool:
    """A stream request whose connection the handler still holds (accepted, not turned away, not done)."""
    return info.accepted_record is not None and not info.done and not info.rejected

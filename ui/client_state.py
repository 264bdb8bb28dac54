"""What the client pane says about the chosen client: its state, blocking mode, whether it reads on its own, why Send waits.

ClientState is a part of ClientPane (a mixin). The state follows what happened, in the same
order of precedence as the running list (a client verify_request turned away says "peer
closed", not "connected"); a host name's getaddrinfo results are picked out of the log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.client_parts import ClientParts
from workbench.events import format_address
from workbench.spec import SockType

if TYPE_CHECKING:
    from ui.session import ClientHandle as Client


class ClientState(ClientParts):
    """The chosen client's state in words (see the module docstring)."""

    def reading(self, client: Client | None) -> bool:
        """Whether the host reads for this client on its own (its recv is taken).

        For no client, or one that is closed or never connected, the checkbox shows the
        choice the next Connect takes.
        """
        if client is None or client.closed or client.id not in self._reading:
            return self._auto_read
        stream = client.spec.type is SockType.STREAM
        if stream and not client.connected and client.id not in self._connecting:
            return self._auto_read
        return self._reading[client.id]

    def client_state(self, client: Client) -> str:
        """The chosen client's state, in the same order of precedence as the live list."""
        if client.closed:
            return self.tr("closed")
        if client.id in self._connecting:
            return self.tr("connecting…")
        if client.peer_closed or client.id in self.session.peer_closed:
            return self.tr("peer closed")
        if client.connected and self.session.waiting_in_queue(client):
            return self.tr("in the accept queue, not yet accepted")
        if client.connected:
            return self.tr("connected")
        if client.failed:
            return self.tr("failed")
        return self.tr("open")

    def mode_text(self, client: Client) -> str:
        if client.timeout is None:
            return self.tr("blocking")
        if client.timeout == 0:
            return self.tr("non-blocking")
        return self.tr("timeout {seconds} s").format(seconds=f"{client.timeout:g}")

    def _on_records(self, lo: int, hi: int) -> None:
        """A client resolved a host name: show what getaddrinfo found (rare; numpy finds them)."""
        import numpy as np

        from workbench.events import Kind

        reader = self.session.feed.reader
        if reader is None or not self.session.clients:
            return
        records = reader.record_array(lo, hi)
        found = np.flatnonzero(records["kind"] == Kind.GETADDRINFO)
        if not len(found):
            return
        for i in found[-8:].tolist():  # the last few: one per client is all the form shows
            event = reader.event(lo + i)
            results = event.detail.get("results") if isinstance(event.detail, dict) else None
            if event.error or not isinstance(results, list):
                continue
            asked = format_address(event.address)
            shown = ", ".join(format_address(tuple(r) if isinstance(r, list) else r) for r in results[:4])
            more = " …" if len(results) > 4 else ""
            self._resolved[int(records["source"][i])] = self.tr(
                "getaddrinfo({asked}) found {results}"
            ).format(asked=asked, results=shown + more)
        self._update_buttons()

    def client_blocker(self) -> str | None:
        """Why nothing can be sent to the chosen client (or server peer) right now, or None."""
        peer = self.current_peer()
        if peer is not None:
            return self.peer_blocker(peer)
        client = self.current_client()
        if client is None:
            return self.tr("Connect a client first: Send acts on the client chosen above.")
        if client.closed:
            return self.tr("This client is closed; connect a new one.")
        stream = client.spec.type is SockType.STREAM
        if stream and client.id in self._connecting:
            return self.tr("This client is still connecting.")
        if stream and not client.connected:
            return self.tr("This client is not connected.")
        if stream and self.call.currentData() == "sendto":
            return self.tr("sendto() is for datagram sockets; choose send() or sendall().")
        return None

    def send_blocker(self) -> str | None:
        """Why Send is disabled right now, or None."""
        blocker = self.client_blocker()
        if blocker is not None:
            return blocker
        peer = self.current_peer()
        client = self.current_client()
        if peer is not None:
            stream = peer.stream
        else:
            assert client is not None
            stream = client.spec.type is SockType.STREAM
        if self.payload_problems:
            return self.tr("Fix the marked payload first: nothing is sent while it has errors.")
        if self.send_page.compose_error:
            return self.send_page.compose_error
        if stream and not self.payload.toPlainText():
            return self.tr("Type something to send.")
        return None

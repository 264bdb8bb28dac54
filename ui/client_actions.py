"""What the client pane's buttons do: connect or connect_ex, send (once, repeated, a saved packet), socket calls, files.

ClientActions is a part of ClientPane (a mixin). Each slot reads what it acts on (the chosen
client, the payload, the form) when the button is clicked, then runs the socket call as a
coroutine on the qasync loop: reading them inside the coroutine would act on whatever is
selected when the loop gets to it. Every call is one event in the table; the pane also says
what it returned (send's byte count, connect_ex's errno, recv's bytes, getsockname's address).
"""

from __future__ import annotations

import errno
import logging
import os
import socket
from typing import TYPE_CHECKING, Any

from ui.client_parts import ClientParts
from ui.packets import MAX_FILL, Packet, compose
from ui.repeater import Repeater
from ui.server_pane import run_action
from workbench.errors import SpecError, WorkbenchError
from workbench.events import format_address
from workbench.spec import ClientSpec, SockType

if TYPE_CHECKING:
    from ui.client_peer import PeerChoice
    from ui.session import ClientHandle as Client

log = logging.getLogger("workbench.ui")

#: Where each spec field's error is shown (the error's ``field``; anything else: under Connect).
_FIELD_ERRORS = {
    "host": "host",
    "port": "port",
    "path": "path",
    "timeout": "timeout",
    "family": "connect",
    "type": "connect",
    # issue #13: under the option in the form's "More" section (ui.client_net_options)
    "tls": "tls",
    "tls_verify": "tls_verify",
    "tls_ca": "tls_ca",
    "broadcast": "broadcast",
    "multicast_ttl": "multicast_ttl",
    "multicast_loop": "multicast_loop",
    "multicast_interface": "multicast_interface",
}


def _plain(exc: BaseException) -> str:
    """The message to show for a failed socket call, in the window's language."""
    if isinstance(exc, WorkbenchError):
        return exc.text()
    return getattr(exc, "strerror", None) or str(exc)


def errno_text(code: int) -> str:
    """connect_ex's return value as a student looks it up: ``111 ECONNREFUSED``."""
    name = errno.errorcode.get(code)
    return f"{code} {name}" if name else str(code)


def call_text(call: str, args: dict[str, Any]) -> str:
    """A call as a student writes it: ``recv(4096)``, ``settimeout(0.5)``, ``setsockopt(SO_SNDBUF, 4096)``."""
    if call in ("recv", "recvfrom"):
        return f"{call}({args.get('bufsize', '')})"
    if call == "setblocking":
        return f"setblocking({bool(args.get('flag'))})"
    if call == "settimeout":
        timeout = args.get("timeout")
        return f"settimeout({'None' if timeout is None else f'{timeout:g}'})"
    if call == "setsockopt_sndbuf":
        return f"setsockopt(SOL_SOCKET, SO_SNDBUF, {args.get('size')})"
    return f"{call}()"


class ClientActions(ClientParts):
    """The client pane's actions (see the module docstring)."""

    def on_connect(self) -> None:
        if self._connecting:
            ident, where = next(iter(self._connecting.items()))
            self.errors["connect"].show(
                self.tr("{id} is still connecting to {where}: wait for it, or Cancel.").format(
                    id=ident, where=where
                )
            )
            return
        for key in ("host", "port", "path", "timeout", "connect", *self.net_options.errors):
            self.errors[key].clear()
        try:
            spec = self.spec()
        except SpecError as exc:
            self._show_spec_error(exc)
            return
        self.save_form()
        call = str(self.connect_call.currentData())
        run_action(self._connect(spec, call, self._auto_read))

    async def _connect(self, spec: ClientSpec, call: str, read: bool) -> None:
        try:
            client = await self.session.add_client(spec)
        except WorkbenchError as exc:
            self._show_spec_error(exc)
            return
        # what the checkbox asks for; it may change while the connect waits
        self._reading[client.id] = read
        if spec.type is SockType.DGRAM and call == "connect":
            self._update_buttons()  # a datagram client's reader starts after its first sendto()
            return
        self._connecting[client.id] = format_address(spec.address)
        self._show_connecting()
        self._update_buttons()
        try:
            if call == "connect":
                await self.session.connect_client(client, read=read)
            else:
                code = int(await client.call("connect_ex", read=read))
                self._connect_ex_result(client, code)
        except WorkbenchError as exc:
            if client.id not in self.session.clients:
                self.show_result(
                    self.tr("{id}: connect cancelled (close() ended the wait)").format(id=client.id)
                )
            else:
                # The client stays in the list, marked failed, until it is closed or connects.
                log.warning("%s: %s", client.id, exc.text())
                self._show_spec_error(exc)
        else:
            wanted = self._reading.get(client.id, read)
            self._reading[client.id] = read and client.connected
            if client.connected and wanted != read:
                await self._set_reading(client, wanted)
        finally:
            self._connecting.pop(client.id, None)
            self._show_connecting()
            self._update_buttons()

    def _connect_ex_result(self, client: Client, code: int) -> None:
        if code == 0:
            client.failed = None
            self.show_result(self.tr("connect_ex() returned 0: {id} is connected").format(id=client.id))
        else:
            client.failed = errno_text(code)
            words = os.strerror(code)
            self.show_result(
                self.tr(
                    "connect_ex() returned {code} ({words}): no exception, the number says what went wrong"
                ).format(code=errno_text(code), words=words),
                error=True,
            )
        self.session.clientChanged.emit(client.id)

    def _show_connecting(self) -> None:
        if not self._connecting:
            self._connecting_row.hide()
            return
        ident, where = next(iter(self._connecting.items()))
        seconds = self.timeout.value()
        limit = (
            self.tr("up to {seconds} s").format(seconds=f"{seconds:g}")
            if seconds > 0
            else self.tr("no limit")
        )
        self.connecting.setText(self.tr("{id} is connecting to {where} ({limit})…").format(
            id=ident, where=where, limit=limit))  # fmt: skip
        self._connecting_row.show()

    def cancel_connect(self) -> None:
        for ident in list(self._connecting):
            run_action(self.session.close_client(ident))

    def _show_spec_error(self, exc: WorkbenchError) -> None:
        key = _FIELD_ERRORS.get(exc.field or "", "connect")
        if key in self.net_options.errors:
            self.more_toggle.setChecked(True)  # the option it is about shows
        self.errors[key].show(exc.text())

    def on_send(self) -> None:
        peer = self.current_peer()
        if peer is not None:
            self._send_to_peer(peer)
            return
        client = self.current_client()
        if client is None or self.send_blocker() is not None or self._repeater is not None:
            return
        self.errors["send"].clear()
        try:
            data = self.send_page.final_bytes().data
        except WorkbenchError as exc:
            self.errors["payload"].show(exc.text())
            return
        call = str(self.call.currentData())
        self.packets_page.record_send(self.send_page.packet())
        total = self.options_page.repeats()
        if total == 1:
            self._busy = True
            self._update_buttons()
            run_action(self._send_action(client, call, data))
            return
        self._repeat_client = client.id
        repeater = self._repeater = Repeater(
            lambda: self._send_once(client, call, data, quiet=True), total, self.options_page.interval.value()
        )
        repeater.progress.connect(self._repeat_progress)
        repeater.finished.connect(self._repeat_finished)
        self.send_page.set_running(True)
        self._update_buttons()
        self._repeat_progress(0, total)
        repeater.start()

    def _send_to_peer(self, peer: PeerChoice) -> None:
        """Send (once or repeated) to a server's peer: the host's sendall()/sendto() of that request."""
        if self.send_blocker() is not None or self._repeater is not None:
            return
        self.errors["send"].clear()
        try:
            data = self.send_page.final_bytes().data
        except WorkbenchError as exc:
            self.errors["payload"].show(exc.text())
            return
        self.packets_page.record_send(self.send_page.packet())
        total = self.options_page.repeats()
        if total == 1:
            self._busy = True
            self._update_buttons()
            run_action(self.send_to_peer_action(peer, data))
            return
        self._repeat_client = peer.key
        repeater = self._repeater = Repeater(
            lambda: self.send_to_peer(peer, data, quiet=True), total, self.options_page.interval.value()
        )
        repeater.progress.connect(self._repeat_progress)
        repeater.finished.connect(self._repeat_finished)
        self.send_page.set_running(True)
        self._update_buttons()
        self._repeat_progress(0, total)
        repeater.start()

    def send_packet(self, packet: Packet) -> None:
        """A saved packet, double-clicked: one send of it to the chosen client (or server peer)."""
        peer = self.current_peer()
        if peer is not None:
            blocker = self.peer_blocker(peer)
            if blocker is not None or self._busy or self._repeater is not None:
                self.show_result(blocker or self.tr("Wait for the send under way to finish."), error=True)
                return
            try:
                data = compose(packet).data
            except WorkbenchError as exc:
                self.show_result(exc.text(), error=True)
                return
            self.packets_page.record_send(packet)
            self._busy = True
            self._update_buttons()
            run_action(self.send_to_peer_action(peer, data, name=packet.name))
            return
        client = self.current_client()
        blocker = self.client_blocker()
        if client is None or blocker is not None or self._busy or self._repeater is not None:
            self.show_result(blocker or self.tr("Wait for the send under way to finish."), error=True)
            return
        try:
            data = compose(packet).data
        except WorkbenchError as exc:
            self.show_result(exc.text(), error=True)
            return
        call = str(self.call.currentData())
        self.packets_page.record_send(packet)
        self._busy = True
        self._update_buttons()
        run_action(self._send_action(client, call, data, packet.name))

    def load_packet(self, packet: Packet) -> None:
        self.send_page.load(packet)
        self.tabs.setCurrentWidget(self.send_page)

    async def _send_action(self, client: Client, call: str, data: bytes, name: str = "") -> None:
        await self._send_once(client, call, data, name=name)

    async def _send_once(
        self, client: Client, call: str, data: bytes, quiet: bool = False, name: str = ""
    ) -> bool:
        """One send with ``call``; says what it returned (unless a repeat counts them); False if it failed."""
        try:
            if call == "send":
                taken = await client.send(data)
            elif call == "sendall":
                await client.sendall(data)
                taken = len(data)
            else:
                taken = await client.sendto(data)
            if client.spec.type is SockType.DGRAM and self._reading.get(client.id):
                # a datagram client has a local address only after its first send
                self.session.start_reader(client)
        except (WorkbenchError, OSError) as exc:
            self.errors["send"].show(_plain(exc))
            return False
        finally:
            self._busy = False
            self._update_buttons()
        if not quiet:
            self.show_result(self._sent_text(call, taken, len(data), name))
        return True

    def _sent_text(self, call: str, taken: int, asked: int, name: str) -> str:
        if call == "send" and taken < asked:
            text = self.tr("send() returned {n}: it took {n} of {asked} bytes; the rest was not sent").format(
                n=taken, asked=asked
            )
        elif call == "send":
            text = self.tr("send() returned {n}: all {n} bytes were taken").format(n=taken)
        elif call == "sendall":
            text = self.tr("sendall() sent all {n} bytes").format(n=taken)
        else:
            text = self.tr("sendto() returned {n}: one datagram of {n} bytes").format(n=taken)
        return self.tr("{packet}: {text}").format(packet=name, text=text) if name else text

    def _repeat_progress(self, done: int, total: object) -> None:
        if total is None:
            self.show_result(self.tr("Repeating: {n} sent so far (Stop ends it)").format(n=done))
        else:
            self.show_result(self.tr("Repeating: {n} of {total} sent").format(n=done, total=total))

    def _repeat_finished(self, done: int, why: str) -> None:
        self._repeater = None
        self.send_page.set_running(False)
        if why == "done":
            self.show_result(self.tr("Repeat done: {n} sends").format(n=done))
        elif why == "stopped":
            self.show_result(self.tr("Repeat stopped after {n} sends").format(n=done))
        else:
            self.show_result(
                self.tr("Repeat ended after {n} sends: the next send failed").format(n=done), error=True
            )
        self._update_buttons()

    def stop_repeat(self) -> None:
        if self._repeater is not None:
            self._repeater.stop()

    def on_call_requested(self, call: str, args: dict[str, Any]) -> None:
        if self.current_peer() is not None:
            self.show_result(self.tr("{call} acts on a client of ours: choose one in the list above").format(
                call=call_text(call, args)), error=True)  # fmt: skip
            return
        client = self.current_client()
        if client is None or client.closed:
            self.show_result(self.tr("Connect a client first"), error=True)
            return
        run_action(self._call(client, call, args))

    async def _call(self, client: Client, call: str, args: dict[str, Any]) -> None:
        try:
            value = await client.call(call, **args)
        except WorkbenchError as exc:
            self.show_result(exc.text(), error=True)  # the engine's message names the call
            self._update_buttons()
            return
        if call in ("recv", "recvfrom"):
            total, calls = self._received.get(client.id, (0, 0))
            self._received[client.id] = (total + int(value), calls + 1)
        self.show_result(self._call_result(client, call, args, value))
        self._update_buttons()

    def _call_result(self, client: Client, call: str, args: dict[str, Any], value: Any) -> str:
        shown = call_text(call, args)
        if call in ("recv", "recvfrom"):
            if not value and client.spec.type is SockType.STREAM:
                return self.tr("{call} returned b'': the other side closed the connection").format(call=shown)
            return self.tr("{call} returned {n} bytes (see the hex view)").format(call=shown, n=value)
        if call in ("setblocking", "settimeout"):
            return self.tr("{call}: the socket is now {mode}").format(call=shown, mode=self.mode_text(client))
        if call in ("getsockname", "getpeername"):
            address = tuple(value) if isinstance(value, list) else value
            return f"{shown} → {format_address(address) if address else repr(value)}"
        if call == "setsockopt_sndbuf":
            return self.tr("{call}: the OS set the send buffer to {n} bytes").format(call=shown, n=value)
        return f"{shown} → {value!r}"

    def set_auto_read(self, on: bool) -> None:
        """The checkbox: automatic reading for the next clients, and for the chosen one if it is connected."""
        self._auto_read = on
        self.save_form()
        client = self.current_client()
        if client is not None and client.id in self._connecting:
            self._reading[client.id] = on  # applied when the connect is done
        elif (
            client is not None
            and not client.closed
            and (client.connected or client.spec.type is SockType.DGRAM)
        ):
            run_action(self._set_reading(client, on))
            return
        self._update_buttons()

    async def _set_reading(self, client: Client, on: bool) -> None:
        try:
            reply = await self.session.host_call("client.read", client=client.id, on=on)
        except WorkbenchError as exc:
            self.show_result(exc.text(), error=True)
        else:
            self._reading[client.id] = bool(reply.get("reading"))
            if on and not self._reading[client.id] and client.spec.type is SockType.DGRAM:
                self._reading[client.id] = True  # it starts reading after its first sendto()
        self._update_buttons()

    def on_file_requested(self, path: str, how: str) -> None:
        client = self.current_client()
        if client is None or client.closed:
            return
        if how == "sendfile":
            run_action(self._sendfile(client, path))
            return
        try:
            with open(path, "rb") as file:
                data = file.read(MAX_FILL + 1)
        except OSError as exc:
            self.show_result(self.tr("cannot open {path}: {reason}").format(path=path, reason=exc.strerror or exc),
                             error=True)  # fmt: skip
            return
        if len(data) > MAX_FILL:
            self.show_result(
                self.tr("{path} is larger than {n} bytes: send it with sendfile() instead").format(
                    path=path, n=MAX_FILL
                ),
                error=True,
            )
            return
        run_action(self._sendall_file(client, path, data))

    async def _sendfile(self, client: Client, path: str) -> None:
        try:
            sent = await client.sendfile(path)
        except WorkbenchError as exc:
            self.show_result(self.tr("sendfile(): {error}").format(error=exc.text()), error=True)
        else:
            self.show_result(
                self.tr("sendfile() sent {n} bytes of {name}").format(n=sent, name=os.path.basename(path))
            )
        self._update_buttons()

    async def _sendall_file(self, client: Client, path: str, data: bytes) -> None:
        try:
            await client.sendall(data)
        except WorkbenchError as exc:
            self.show_result(self.tr("sendall(): {error}").format(error=exc.text()), error=True)
        else:
            self.show_result(
                self.tr("sendall() sent the {n} bytes read from {name}").format(
                    n=len(data), name=os.path.basename(path)
                )
            )
        self._update_buttons()

    def on_shutdown(self) -> None:
        client = self.current_client()
        if client is not None:
            run_action(self._shutdown(client))

    async def _shutdown(self, client: Client) -> None:
        try:
            await client.shutdown(socket.SHUT_WR)
        except (WorkbenchError, OSError) as exc:
            self.errors["connect"].show(_plain(exc))
        self._update_buttons()

    def on_close(self) -> None:
        ident = self.current.currentData()
        if ident and self.current_peer() is None:
            if self._repeater is not None:
                self._repeater.stop()
            run_action(self.session.close_client(str(ident)))

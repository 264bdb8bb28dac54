"""The client form's target: family, type, address, the running server it aims at, and what is remembered of it.

ClientForm is a part of ClientPane (a mixin): it reads the form into a ClientSpec, keeps the
"use server" choice and the address following the running servers (a form aimed at a server
that stopped aims at another one, or says it aims at nothing), says why a port was refused,
and saves and restores the whole client form in the settings.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QStandardItemModel

from ui.client_parts import ClientParts
from ui.packets import SEND_CALLS
from ui.server_pane import enabled_data, show_address_or_path
from ui.settings import (
    load_form,
    save_form,
    stored_bool,
    stored_choice,
    stored_float,
    stored_int,
    stored_text,
)
from workbench.events import format_address
from workbench.spec import ClientSpec, Family, SockType

#: Characters of the payload kept in the settings for next time.
MAX_SAVED_PAYLOAD = 4096


class ClientForm(ClientParts):
    """The target part of the client form (see the module docstring)."""

    #: The saved form's name in the settings.
    FORM = "client"

    def _target(self) -> tuple[Any, ...]:
        return (
            self.family.currentData(),
            self.type.currentData(),
            self.host.text(),
            self.port.value(),
            self.path.text(),
        )

    def form_values(self) -> dict[str, Any]:
        """The fields as saved in the settings."""
        sp, op = self.send_page, self.options_page
        return {
            "family": self.family.currentData(),
            "type": self.type.currentData(),
            "host": self.host.text(),
            "port": self.port.value(),
            "path": self.path.text(),
            "timeout": self.timeout.value(),
            "connect_call": self.connect_call.currentData(),
            "auto_read": self._auto_read,
            "bufsize": self.socket_page.bufsize.value(),
            "mode": self.mode.currentData(),
            "call": self.call.currentData(),
            "payload": self.payload.toPlainText()[:MAX_SAVED_PAYLOAD],
            "ending": sp.ending.currentData(),
            "checksum": sp.checksum.currentData(),
            "byteorder": op.byteorder(),
            "count": op.count.value(),
            "interval": op.interval.value(),
            "fill": op.fill_size.value(),
            "sndbuf": op.sndbuf.value(),
            "more": self.more_toggle.isChecked(),
            **self.net_options.values(),
        }

    def save_form(self) -> None:
        save_form(self.FORM, self.form_values())

    def restore_form(self) -> None:
        """Fill in what was saved last time; a value that is unusable here keeps its default."""
        values = load_form(self.FORM)
        if values:
            self.apply_values(values)
            self._restored_target = self._target()

    def apply_values(self, values: dict[str, Any]) -> None:
        """Fill in fields given as form_values() names them (saved settings, a workspace); others stay."""
        self._restored_target = None  # what is given now is the form's, not the first server's to replace
        sp, op = self.send_page, self.options_page
        for combo, key in (
            (self.family, "family"),
            (self.type, "type"),
            (self.mode, "mode"),
            (self.call, "call"),
            (self.connect_call, "connect_call"),
            (sp.ending, "ending"),
            (sp.checksum, "checksum"),
            (op.order, "byteorder"),
        ):
            choice = stored_choice(values, key, enabled_data(combo))
            if choice is not None:
                combo.setCurrentIndex(combo.findData(choice))
        host = stored_text(values, "host")
        if host is not None:
            self.host.setText(host)
        path = stored_text(values, "path", 1024)
        if path is not None:
            self.path.setText(path)
        for box, key in (
            (self.port, "port"),
            (self.socket_page.bufsize, "bufsize"),
            (op.count, "count"),
            (op.interval, "interval"),
            (op.fill_size, "fill"),
            (op.sndbuf, "sndbuf"),
        ):
            number = stored_int(values, key, box.minimum(), box.maximum())
            if number is not None:
                box.setValue(number)
        seconds = stored_float(values, "timeout", self.timeout.minimum(), self.timeout.maximum())
        if seconds is not None:
            self.timeout.setValue(seconds)
        auto = stored_bool(values, "auto_read")
        if auto is not None:
            self._auto_read = auto
        payload = stored_text(values, "payload", MAX_SAVED_PAYLOAD)
        if payload is not None:
            self.payload.setPlainText(payload)
        self.net_options.restore(values)
        more = stored_bool(values, "more")
        if more is not None:
            self.more_toggle.setChecked(more)

    def current_family(self) -> Family:
        return Family(self.family.currentData())

    def current_type(self) -> SockType:
        return SockType(self.type.currentData())

    def _on_family_changed(self, _index: int = 0) -> None:
        unix = self.current_family() is Family.UNIX
        show_address_or_path(
            self._form, self._address_row, self._path_box, self.host, self.port, self.path, unix
        )
        host = self.host.text().strip()
        if self.current_family() is Family.INET6 and host == "127.0.0.1":
            self.host.setText("::1")
        elif self.current_family() is Family.INET and host == "::1":
            self.host.setText("127.0.0.1")
        for key in ("host", "port", "path", "connect"):
            self.errors[key].clear()
        self.net_options.set_family(self.current_family())

    def _on_type_changed(self, _index: int = 0) -> None:
        stream = self.current_type() is SockType.STREAM
        self._update_type_texts()
        model = self.call.model()
        assert isinstance(model, QStandardItemModel)
        model.item(SEND_CALLS.index("sendto")).setEnabled(not stream)
        self.call.setCurrentIndex(SEND_CALLS.index("sendall" if stream else "sendto"))
        self.net_options.set_type(self.current_type())
        self._update_buttons()

    def _port_refused(self, typed: str) -> None:
        self.errors["port"].show(
            self.tr("Ports end at 65535: {typed} is not a port, so the box keeps {port}.").format(
                typed=typed, port=self.port.value()
            )
        )

    def _target_edited(self, key: str) -> None:
        self.errors[key].clear()
        self._forget_stale_target()
        # the "use server" choice names the running server the form aims at, if any
        target = self._target()
        aimed = next((i for i, t in self._server_targets.items() if _same_target(t, target)), None)
        index = self.use_server_combo.findData(aimed) if aimed is not None else 0
        self.use_server_combo.setCurrentIndex(max(index, 0))
        self.net_options.update_certificate()

    def _forget_stale_target(self) -> None:
        self._stale_target = False
        self.target_hint.hide()

    def spec(self) -> ClientSpec:
        seconds = self.timeout.value()
        return ClientSpec(
            family=self.current_family(),
            type=self.current_type(),
            host=self.host.text().strip(),
            port=self.port.value(),
            path=self.path.text().strip() or None,
            timeout=seconds if seconds > 0 else None,
            **self.net_options.spec_fields(),  # TLS, broadcast and multicast (issue #13)
        )

    def aimed_certificate(self) -> tuple[str, str] | None:
        """(id, certificate file) of the running TLS server of ours the form aims at, or None."""
        if self.session is None or not self._server_targets:  # (also while the form is being built)
            return None
        target = self._target()
        for ident, aimed in self._server_targets.items():
            server = self.session.servers.get(ident)
            if server is not None and server.tls and _same_target(aimed, target):
                return ident, str(server.tls.get("certificate", ""))
        return None

    def on_server_started(self, ident: str) -> None:
        runner = self.session.servers.get(ident)
        if runner is None:
            return
        self.use_server_combo.addItem(f"{ident}  {format_address(runner.address)}", ident)
        self._server_targets[ident] = self._target_of(ident)
        no_target = (
            self.port.value() == 0
            if self.current_family() is not Family.UNIX
            else not self.path.text().strip()
        )
        if no_target or self._stale_target or self._target() == self._restored_target:
            self.use_server(ident)
        self._restored_target = None

    def on_server_stopped(self, ident: str) -> None:
        """A server stopped: a form aimed at it aims at another running server, or says it aims at nothing."""
        target = self._server_targets.pop(ident, None)
        index = self.use_server_combo.findData(ident)
        if index > 0:
            self.use_server_combo.removeItem(index)
        self.net_options.update_certificate()
        if target is None or not _same_target(target, self._target()):
            return
        running = [self.use_server_combo.itemData(i) for i in range(1, self.use_server_combo.count())]
        if running:
            other = str(running[-1])
            self.use_server(other)
            self._show_target_hint(
                self.tr("{old} stopped; the form now aims at {new}.").format(old=ident, new=other)
            )
            return
        self.use_server_combo.setCurrentIndex(0)
        where = (
            self.path.text()
            if self.current_family() is Family.UNIX
            else format_address((self.host.text(), self.port.value()))
        )
        self._stale_target = True
        self._show_target_hint(
            self.tr(
                "{old} stopped: nothing of ours listens on {where} now. Start a server, or Connect to see the refusal."
            ).format(old=ident, where=where)
        )

    def _show_target_hint(self, message: str) -> None:
        self.target_hint.setText(message)
        self.target_hint.show()

    def _target_of(self, ident: str) -> tuple[Any, ...]:
        """The form's target as use_server(ident) fills it in."""
        runner = self.session.servers[ident]
        spec, address = runner.spec, runner.address
        host, port, path = self.host.text(), self.port.value(), self.path.text()
        if spec.family is Family.UNIX:
            path = str(address)
        elif isinstance(address, tuple):
            host = str(address[0])
            if host in ("0.0.0.0", ""):
                host = "127.0.0.1"
            elif host == "::":
                host = "::1"
            port = int(address[1])
        return (spec.family.value, spec.type.value, host, port, path)

    def _on_use_server_activated(self, index: int) -> None:
        ident = self.use_server_combo.itemData(index)
        if ident:
            self.use_server(str(ident))

    def use_server(self, ident: str) -> None:
        """Aim the form at a running server: family, type, its bound address, and TLS if it speaks it."""
        server = self.session.servers.get(ident)
        if server is None:
            return
        family, type_, host, port, path = self._target_of(ident)
        self.family.setCurrentIndex(self.family.findData(family))
        self.type.setCurrentIndex(self.type.findData(type_))
        if family == Family.UNIX.value:
            self.path.setText(path)
        else:
            self.host.setText(host)
            self.port.setValue(port)
        self._server_targets[ident] = self._target()
        index = self.use_server_combo.findData(ident)
        if index >= 0:
            self.use_server_combo.setCurrentIndex(index)
        self._forget_stale_target()
        if server.spec.type is SockType.STREAM:
            self.net_options.tls.setChecked(bool(server.tls))
        self.net_options.update_certificate()
        for key, err in self.errors.items():
            if key not in ("payload", "send"):
                err.clear()


def _same_target(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    """Whether two (family, type, host, port, path) targets reach the same place (a path or host and port)."""
    if a[:2] != b[:2]:
        return False
    return a[4] == b[4] if a[0] == Family.UNIX.value else a[2:4] == b[2:4]

"""The server and client form controls the Explain pane explains, by objectName, and what each one shows.

A focused child (a spin box's line edit) counts as its control. The choice a combo box holds
now decides the names: the Mixin box explains ThreadingMixIn while it says ThreadingMixIn.

``CONTROLS`` lists them:

=================  ===========================================================================
objectName         explained by
=================  ===========================================================================
serverFamily       the chosen AF_INET / AF_INET6 / AF_UNIX, BaseServer.address_family
serverType         the chosen SOCK_STREAM / SOCK_DGRAM, the server class it picks (TCPServer ...)
serverHost         socket.bind, BaseServer.server_address
serverPort         socket.bind, BaseServer.server_address
serverPath         AF_UNIX, socket.bind
serverBacklog      BaseServer.request_queue_size, socket.listen
serverMixin        none: BaseServer.process_request; ThreadingMixIn; ForkingMixIn
serverHandler      BaseRequestHandler.handle, BaseRequestHandler
serverDelay        BaseRequestHandler.handle
serverFail         BaseServer.handle_error
serverReuse        BaseServer.allow_reuse_address
serverAllow        BaseServer.verify_request
serverStart        the server class, BaseServer.serve_forever
clientFamily       the chosen AF_INET / AF_INET6 / AF_UNIX
clientType         the chosen SOCK_STREAM / SOCK_DGRAM
clientHost         socket.connect (a stream client), socket.sendto (a datagram client)
clientPort         socket.connect (a stream client), socket.sendto (a datagram client)
clientPath         AF_UNIX, socket.connect
clientConnect      socket.socket, then socket.connect for a stream client
clientShutdown     socket.shutdown, SHUT_WR
clientClose        socket.close
clientCall         the chosen send / sendall / sendto
clientPayload      the chosen send / sendall / sendto
clientSend         the chosen send / sendall / sendto
=================  ===========================================================================
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QWidget

from ui.explain_notes import Subject
from workbench.events import printable

# QCoreApplication.translate under the name lupdate looks for (with the context written out each time)
translate = QCoreApplication.translate


_FAMILY = {"inet": "socket.AF_INET", "inet6": "socket.AF_INET6", "unix": "socket.AF_UNIX"}
_TYPE = {"stream": "socket.SOCK_STREAM", "dgram": "socket.SOCK_DGRAM"}
_SERVER_CLASS = {
    ("unix", "stream"): "socketserver.UnixStreamServer",
    ("unix", "dgram"): "socketserver.UnixDatagramServer",
    ("stream",): "socketserver.TCPServer",
    ("dgram",): "socketserver.UDPServer",
}
_MIXIN = {
    "none": "socketserver.BaseServer.process_request",
    "threading": "socketserver.ThreadingMixIn",
    "forking": "socketserver.ForkingMixIn",
}
_CALL = {"send": "socket.socket.send", "sendall": "socket.socket.sendall", "sendto": "socket.socket.sendto"}


def _choice(form: QWidget | None, name: str, default: str) -> str:
    """The data of the combo box ``name`` in the form (its current choice), or ``default``."""
    combo = None if form is None else form.findChild(QComboBox, name)
    data = None if combo is None else combo.currentData()
    return str(data) if data is not None else default


def _server_class(form: QWidget | None) -> str:
    family, kind = _choice(form, "serverFamily", "inet"), _choice(form, "serverType", "stream")
    if family == "unix":
        return _SERVER_CLASS.get(("unix", kind), "socketserver.UnixStreamServer")
    return _SERVER_CLASS.get((kind,), "socketserver.TCPServer")


def _short(qualified: str) -> str:
    return qualified.rsplit(".", 1)[-1]


def _control(form: QWidget | None, name: str) -> tuple[tuple[str, ...], list[str]] | None:
    """(names, notes) for the control ``name`` of ``form`` (the server or client pane)."""
    if name == "serverFamily":
        family = _FAMILY.get(_choice(form, name, "inet"), "socket.AF_INET")
        return (family, "socketserver.BaseServer.address_family"), [
            translate("ExplainControls", "Family sets the server class's address_family: {family}.").format(
                family=_short(family)
            )
        ]
    if name == "serverType":
        kind = _TYPE.get(_choice(form, name, "stream"), "socket.SOCK_STREAM")
        cls = _server_class(form)
        return (kind, cls), [
            translate("ExplainControls", "Type picks the server class: {cls} for {type}.").format(
                cls=_short(cls), type=_short(kind)
            )
        ]
    if name in ("serverHost", "serverPort"):
        return ("socket.socket.bind", "socketserver.BaseServer.server_address"), [
            translate(
                "ExplainControls",
                "Host and port make the server_address; server_bind() passes it to "
                "bind(). Port 0 lets the system pick a free port.",
            )
        ]
    if name == "serverPath":
        return ("socket.AF_UNIX", "socket.socket.bind"), [
            translate(
                "ExplainControls",
                "Path is an AF_UNIX server's address: bind() creates the socket file there.",
            )
        ]
    if name == "serverBacklog":
        return ("socketserver.BaseServer.request_queue_size", "socket.socket.listen"), [
            translate(
                "ExplainControls",
                "Backlog becomes the server class's request_queue_size: "
                "server_activate() passes it to listen().",
            )
        ]
    if name == "serverMixin":
        choice = _choice(form, name, "none")
        mixin = _MIXIN.get(choice, _MIXIN["none"])
        if choice == "none":
            return (mixin,), [
                translate(
                    "ExplainControls",
                    "No mixin: process_request() handles each request itself, one after another.",
                )
            ]
        return (mixin, "socketserver.BaseServer.process_request"), [
            translate(
                "ExplainControls", "{mixin} changes what process_request() does with each request."
            ).format(mixin=_short(mixin))
        ]
    if name == "serverHandler":
        return ("socketserver.BaseRequestHandler.handle", "socketserver.BaseRequestHandler"), [
            translate(
                "ExplainControls", "Handler picks what the request handler's handle() does: {handler}."
            ).format(handler=_choice(form, name, "echo"))
        ]
    if name == "serverDelay":
        return ("socketserver.BaseRequestHandler.handle",), [
            translate(
                "ExplainControls",
                "Delay makes handle() sleep before each reply, so you can see requests wait or overlap.",
            )
        ]
    if name == "serverFail":
        return ("socketserver.BaseServer.handle_error",), [
            translate(
                "ExplainControls", "When this is ticked, handle() raises on purpose, so handle_error() runs."
            )
        ]
    if name == "serverReuse":
        return ("socketserver.BaseServer.allow_reuse_address",), [
            translate("ExplainControls", "allow_reuse_address sets SO_REUSEADDR on the socket before bind().")
        ]
    if name == "serverAllow":
        return ("socketserver.BaseServer.verify_request",), [
            translate(
                "ExplainControls",
                "The allow list is checked in verify_request(): a client whose address "
                "is not on it is refused.",
            )
        ]
    if name == "serverStart":
        return (_server_class(form), "socketserver.BaseServer.serve_forever"), [
            translate(
                "ExplainControls",
                "Start builds the server (server_bind, server_activate) and runs "
                "serve_forever() in the engine process.",
            )
        ]
    if name == "clientFamily":
        family = _FAMILY.get(_choice(form, name, "inet"), "socket.AF_INET")
        return (family,), [
            translate("ExplainControls", "The client's socket family must match the server's.")
        ]
    if name == "clientType":
        kind = _TYPE.get(_choice(form, name, "stream"), "socket.SOCK_STREAM")
        return (kind,), [
            translate(
                "ExplainControls",
                "A SOCK_STREAM client connects first; a SOCK_DGRAM client just sends datagrams.",
            )
        ]
    if name in ("clientHost", "clientPort"):
        stream = _choice(form, "clientType", "stream") == "stream"
        call = "socket.socket.connect" if stream else "socket.socket.sendto"
        return (call,), [
            translate("ExplainControls", "Host and port are the address given to {call}().").format(
                call=_short(call)
            )
        ]
    if name == "clientPath":
        return ("socket.AF_UNIX", "socket.socket.connect"), [
            translate(
                "ExplainControls", "Path is the server's socket file: an AF_UNIX address is a file name."
            )
        ]
    if name == "clientConnect":
        if _choice(form, "clientType", "stream") == "stream":
            return ("socket.socket", "socket.socket.connect"), [
                translate("ExplainControls", "Connect makes a new client: socket(), then connect().")
            ]
        return ("socket.socket",), [
            translate("ExplainControls", "Open socket makes a new datagram client: socket() only.")
        ]
    if name == "clientShutdown":
        return ("socket.socket.shutdown", "socket.SHUT_WR"), [
            translate(
                "ExplainControls",
                "shutdown(SHUT_WR) tells the server you will send nothing more; replies can still arrive.",
            )
        ]
    if name == "clientClose":
        return ("socket.socket.close",), [
            translate("ExplainControls", "close() releases this client's socket.")
        ]
    if name in ("clientCall", "clientPayload", "clientSend"):
        call = _CALL.get(_choice(form, "clientCall", "sendall"), _CALL["sendall"])
        return (call,), [
            translate("ExplainControls", "Send passes the payload to {call}().").format(call=_short(call))
        ]
    return None


#: Every objectName the pane explains (the table in the module docstring).
CONTROLS: tuple[str, ...] = (
    "serverFamily", "serverType", "serverHost", "serverPort", "serverPath", "serverBacklog",
    "serverMixin", "serverHandler", "serverDelay", "serverFail", "serverReuse", "serverAllow",
    "serverStart", "clientFamily", "clientType", "clientHost", "clientPort", "clientPath",
    "clientConnect", "clientShutdown", "clientClose", "clientCall", "clientPayload", "clientSend",
)  # fmt: skip


def control_subject(widget: QWidget) -> Subject | None:
    """The subject of a focused widget: the first of it and its parents named in CONTROLS."""
    control: QWidget | None = widget
    while control is not None and control.objectName() not in CONTROLS:
        control = control.parentWidget()
    if control is None:
        return None
    name = control.objectName()
    form = control.parentWidget()
    while form is not None and form.objectName() not in ("serverPane", "clientPane"):
        form = form.parentWidget()
    found = _control(form, name)
    if found is None:  # pragma: no cover - CONTROLS and _control list the same names
        return None
    names = tuple(n for n in found[0] if n)
    shown = control

    def title() -> str:
        return _control_title(shown, form)

    def notes() -> list[str]:
        again = _control(form, name)
        return again[1] if again is not None else []

    return Subject(("control", name), names, title, notes)


def _control_title(control: QWidget, form: QWidget | None) -> str:
    """The control as the student sees it: a button's text, else its caption in the form."""
    name = control.objectName()
    shown = control.text() if isinstance(control, QAbstractButton) else ""
    if not shown and form is not None:
        caption = (
            form.findChild(QLabel, name[:6] + "Caption" + name[6:])
            if name.startswith(("server", "client"))
            else None
        )
        shown = caption.text() if caption is not None else ""
    if not shown:
        shown = {
            "clientCall": translate("ExplainControls", "send call"),
            "clientPayload": translate("ExplainControls", "Payload"),
        }.get(name, name)
    shown = printable(shown.replace("&", ""))
    if name.startswith("server"):
        return translate("ExplainControls", "{control} in the server form").format(control=shown)
    return translate("ExplainControls", "{control} in the client form").format(control=shown)

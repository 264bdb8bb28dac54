"""The host protocol, sans-IO: JSON lines between the window and the host process.

The window writes commands to the host's stdin, one JSON object a line::

    {"id": 7, "cmd": "server.start", "args": {"spec": {...}}}

and the host answers each on its stdout, in any order, with the same id::

    {"id": 7, "ok": {"server": "server-1", "address": ["127.0.0.1", 40211]}}
    {"id": 7, "error": {"message": "port 8000 on 127.0.0.1 is already in use; ...",
                        "code": "bind.port.in_use", "field": "port", "params": {...}}}

Between replies the host sends notifications, which have no id::

    {"notify": "committed", "data": {"records": 1234}}

docs/HOST_PROTOCOL.md lists every command and notification. This module only encodes and
decodes; ``workbench.host.loop`` runs the host, ``ui.hostlink`` is the window's end.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from workbench.errors import WorkbenchError

#: Lines longer than this are refused (a command never needs more; a payload is at most
#: what the client pane sends, as hex).
MAX_LINE = 64 << 20


class ProtocolError(WorkbenchError):
    """A line that is not a command (the host answers it with an error, never crashes)."""


@dataclass(frozen=True, slots=True)
class Command:
    id: int
    cmd: str
    args: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Reply:
    id: int
    ok: dict[str, Any] | None = None
    error: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class Notification:
    name: str
    data: dict[str, Any]


def encode(message: dict[str, Any]) -> bytes:
    return json.dumps(message, separators=(",", ":"), ensure_ascii=False).encode("utf-8") + b"\n"


def command(id_: int, cmd: str, **args: Any) -> bytes:
    return encode({"id": id_, "cmd": cmd, "args": args})


def ok(id_: int, **values: Any) -> bytes:
    return encode({"id": id_, "ok": values})


def error(id_: int, exc: WorkbenchError) -> bytes:
    return encode({"id": id_, "error": exc.to_dict()})


def notify(name: str, **data: Any) -> bytes:
    return encode({"notify": name, "data": data})


def parse_command(line: bytes) -> Command:
    """A command from one line; ProtocolError (with the id when it can be read) if it is not one."""
    if len(line) > MAX_LINE:
        raise ProtocolError("host.line_too_long", limit=MAX_LINE)
    try:
        message = json.loads(line)
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: [[[[... nested too deep
        raise ProtocolError("host.not_json") from None
    if not isinstance(message, dict):
        raise ProtocolError("host.not_json")
    id_ = message.get("id")
    if isinstance(id_, bool) or not isinstance(id_, int):
        raise ProtocolError("host.no_id")
    cmd = message.get("cmd")
    args = message.get("args", {})
    if not isinstance(cmd, str) or not isinstance(args, dict):
        error = ProtocolError("host.bad_command")
        error.id = id_  # type: ignore[attr-defined]
        raise error
    return Command(id_, cmd, args)


def parse_reply(line: bytes) -> Reply | Notification:
    """What the host said: a reply to a command, or a notification."""
    message = json.loads(line)
    if not isinstance(message, dict):
        raise ValueError("not a JSON object")
    if "notify" in message:
        data = message.get("data")
        return Notification(str(message["notify"]), data if isinstance(data, dict) else {})
    id_ = message.get("id")
    if not isinstance(id_, int):
        raise ValueError("a reply without an id")
    if "error" in message:
        err = message["error"]
        return Reply(id_, error=err if isinstance(err, dict) else {"message": str(err), "code": "host.error"})
    values = message.get("ok")
    return Reply(id_, ok=values if isinstance(values, dict) else {})

"""Packets: what one Send puts on the wire (payload, fill, checksum, line ending) and the saved packets and send history.

compose() turns a Packet (the payload text in its mode, a line ending, a checksum) into the
exact bytes, in three parts the form previews before anything is sent: the body (the
payload, repeated to a size when asked), the checksum of the body, the line ending. The
checksum covers the body only and comes before the line ending, as in NMEA's ``*hh\\r\\n``.

PacketStore keeps named packets and the last sends in ``packets.json`` beside the
settings file. The file is data: read with the json module, every entry checked, and a bad
entry (or a file that is not JSON at all) is left out with a message instead of stopping
the window. A file that cannot be read is kept as ``packets.json.bad`` before it is
overwritten, so nothing a user saved is lost by accident.
"""

from __future__ import annotations

import logging
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

log = logging.getLogger("workbench.ui")

#: Line endings a packet can carry, in the order the form offers them.
ENDINGS: dict[str, bytes] = {"none": b"", "lf": b"\n", "crlf": b"\r\n", "cr": b"\r"}
PAYLOAD_MODES = ("text", "hex", "escape")
SEND_CALLS = ("send", "sendall", "sendto")
BYTEORDERS = ("", "big", "little")  # "": the algorithm's own convention
#: workbench.checksum.ALGORITHMS's names, in its order (a test keeps them equal): the form lists
#: them at start-up, and importing the module builds CRC tables (~40 ms).
CHECKSUM_NAMES = (
    "CRC-16/MODBUS",
    "CRC-16/CCITT-FALSE",
    "CRC-16/XMODEM",
    "CRC-32",
    "CRC-32C",
    "CRC-8/SMBUS",
    "SUM8",
    "SUM16",
    "XOR8",
    "LRC",
)
#: The largest payload the form builds (a payload travels to the host as hex in one line).
MAX_FILL = 16 << 20
#: Per packet text stored; more is not a packet one types.
MAX_PACKET_TEXT = 64 << 10
MAX_NAME = 80
MAX_PACKETS = 500
HISTORY_SIZE = 50
FILE_NAME = "packets.json"
#: A file bigger than this is not read (it is not one the app wrote).
MAX_FILE = 64 << 20


@dataclass(frozen=True)
class Packet:
    """A payload as typed, and how it is finished before it is sent."""

    text: str
    mode: str = "text"
    ending: str = "none"
    checksum: str = ""  # "" = none, else a name from workbench.checksum.ALGORITHMS
    byteorder: str = ""
    name: str = ""
    call: str = ""  # history: the call it went out with ("" = the form's choice)


@dataclass(frozen=True)
class Composed:
    """The bytes of one send, in the parts the preview shows."""

    body: bytes
    check: bytes
    ending: bytes

    @property
    def data(self) -> bytes:
        return self.body + self.check + self.ending


def fill_to(body: bytes, size: int) -> bytes:
    """``body`` repeated (and cut) to exactly ``size`` bytes; unchanged when size is 0 or not more."""
    if not body or size <= len(body):
        return body
    whole, rest = divmod(size, len(body))
    return body * whole + body[:rest]


def compose(packet: Packet, fill: int = 0) -> Composed:
    """The bytes ``packet`` sends; WorkbenchError for a bad payload, ChecksumError for a bad algorithm."""
    from workbench.hexfmt import encode_payload

    body = fill_to(encode_payload(packet.text, packet.mode), min(max(fill, 0), MAX_FILL))
    check = b""
    if packet.checksum:
        from workbench import checksum

        check = checksum.append(packet.checksum, body, packet.byteorder or None)[len(body) :]
    return Composed(body, check, ENDINGS.get(packet.ending, b""))


def one_line(text: str, limit: int = 60) -> str:
    """A payload's text on one line for a list: control characters as escapes, long text cut."""
    out = []
    for ch in text[: limit + 1]:
        code = ord(ch)
        if ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif code < 32 or code == 127 or 0x80 <= code < 0xA0:
            out.append(f"\\x{code:02x}")
        else:
            out.append(ch)
    shown = "".join(out)
    return shown[:limit] + "…" if len(shown) > limit or len(text) > limit else shown


# -- checking what was stored --------------------------------------------------------------------
def packet_from(entry: Any, *, named: bool) -> Packet | None:
    """A Packet from one stored entry, or None when any field is of the wrong kind."""
    if not isinstance(entry, dict):
        return None
    text = entry.get("text")
    if not isinstance(text, str) or len(text) > MAX_PACKET_TEXT:
        return None
    values: dict[str, str] = {}
    for key, choices in (
        ("mode", PAYLOAD_MODES),
        ("ending", tuple(ENDINGS)),
        ("byteorder", BYTEORDERS),
        ("call", ("", *SEND_CALLS)),
    ):
        value = entry.get(key, Packet.__dataclass_fields__[key].default)
        if not isinstance(value, str) or value not in choices:
            return None
        values[key] = value
    check = entry.get("checksum", "")
    if not isinstance(check, str) or (check and check not in CHECKSUM_NAMES):
        return None
    name = entry.get("name", "")
    if not isinstance(name, str) or len(name) > MAX_NAME or any(ord(c) < 32 for c in name):
        return None
    if named and not name.strip():
        return None
    return Packet(text=text, checksum=check, name=name.strip(), **values)


class PacketStore:
    """Named packets and the send history, read from and written to one JSON file.

    ``problem`` says in plain words (English; the page shows its own words) what could not be
    read: None when everything was fine. Reading is lazy: the file is opened on first use.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._packets: list[Packet] = []
        self._history: list[Packet] = []
        self._loaded = False
        self.skipped = 0  # stored entries left out because they were not packets
        self.unreadable: str | None = None  # why the whole file could not be read

    @staticmethod
    def default_path() -> Path:
        from ui.settings import settings_path

        return settings_path().parent / FILE_NAME

    # -- reading ---------------------------------------------------------------------------------
    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        import json

        try:
            size = self.path.stat().st_size
        except FileNotFoundError:
            return
        except OSError as exc:
            self.unreadable = exc.strerror or str(exc)
            return
        try:
            if size > MAX_FILE:
                raise ValueError(f"{size} bytes is too big for a packets file")
            document = json.loads(self.path.read_bytes().decode("utf-8"))
            if not isinstance(document, dict):
                raise ValueError("it holds no table of packets")
        except (OSError, ValueError) as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
            self.unreadable = str(exc)
            log.warning("%s could not be read (%s); saved packets start empty", self.path, exc)
            return
        for key, named, limit, target in (
            ("packets", True, MAX_PACKETS, self._packets),
            ("history", False, HISTORY_SIZE, self._history),
        ):
            entries = document.get(key, [])
            if not isinstance(entries, list):
                self.skipped += 1
                continue
            for entry in entries[:limit]:
                packet = packet_from(entry, named=named)
                if packet is None:
                    self.skipped += 1
                else:
                    target.append(packet)
            self.skipped += max(0, len(entries) - limit)
        if self.skipped:
            log.warning("%s: %d stored entries were not packets and were left out", self.path, self.skipped)

    @property
    def packets(self) -> list[Packet]:
        self._load()
        return list(self._packets)

    @property
    def history(self) -> list[Packet]:
        """The last sends, newest first."""
        self._load()
        return list(self._history)

    # -- changing ----------------------------------------------------------------------------------
    def save_packet(self, packet: Packet) -> None:
        """Add a named packet, or replace the one of the same name."""
        self._load()
        named = replace(packet, name=packet.name.strip(), call="")
        self._packets = [p for p in self._packets if p.name != named.name]
        self._packets.append(named)
        self._packets.sort(key=lambda p: p.name.casefold())
        del self._packets[MAX_PACKETS:]
        self._write()

    def save_packets(self, packets: list[Packet], *, replace_all: bool) -> None:
        """Add named packets in one write (a workspace's), replacing those of the same name, or all of them."""
        self._load()
        named = [replace(p, name=p.name.strip(), call="") for p in packets]
        names = {p.name for p in named}
        kept = [] if replace_all else [p for p in self._packets if p.name not in names]
        self._packets = sorted([*kept, *named], key=lambda p: p.name.casefold())[:MAX_PACKETS]
        self._write()

    def delete_packet(self, name: str) -> None:
        self._load()
        self._packets = [p for p in self._packets if p.name != name]
        self._write()

    def record_send(self, packet: Packet) -> None:
        """Put a send at the top of the history (the same send twice in a row is kept once)."""
        self._load()
        entry = replace(packet, name="")
        if len(entry.text) > MAX_PACKET_TEXT:
            return  # a pasted megabyte is not worth keeping as history
        self._history = [entry, *[p for p in self._history if p != entry]][:HISTORY_SIZE]
        self._write()

    def _write(self) -> None:
        import json

        if self.unreadable is not None and self.path.exists():
            bad = self.path.with_name(self.path.name + ".bad")
            try:
                os.replace(self.path, bad)
                log.warning("%s could not be read; it is kept as %s", self.path, bad)
            except OSError as exc:
                log.warning("%s could not be set aside (%s); not overwriting it", self.path, exc)
                return
        self.unreadable = None
        document = {
            "version": 1,
            "packets": [_stored(p) for p in self._packets],
            "history": [_stored(p) for p in self._history],
        }
        tmp = self.path.with_name(self.path.name + ".tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError as exc:
            log.warning("saved packets could not be written to %s: %s", self.path, exc)


def _stored(packet: Packet) -> dict[str, str]:
    values = asdict(packet)
    return {k: v for k, v in values.items() if v or k == "text"}

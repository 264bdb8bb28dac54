"""Test helper: a real session log written event by event, and a LogFeed reading it, for pane tests."""

from __future__ import annotations

from pathlib import Path

from ui.logfeed import LogFeed
from workbench.events import KINDS, Category, Event, Kind, Phase, kinds_named
from workbench.session.writer import SessionWriter


def kind_of(name: str, role: str) -> Kind:
    """The Kind a name stands for ("shutdown" is the hook for a server, the call for a client)."""
    kinds = kinds_named(name)
    if not kinds:
        raise ValueError(f"no event named {name!r}")
    if len(kinds) > 1:
        want = Category.HOOK if role == "server" else Category.CALL
        kinds = [k for k in kinds if KINDS[k].category is want] or kinds
    return kinds[0]


class RecordedSession:
    """Writes Events as records (their own ts, thread and pid) and feeds them to panes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.writer = SessionWriter(path)
        self.feed = LogFeed()
        self.feed.open(str(path), live=True)

    def write(self, events: list[Event]) -> None:
        w = self.writer
        for ev in events:
            detail = {"type": "dgram"} if ev.source.startswith("udp") else {"type": "stream"}
            source = w.add_source(ev.source, ev.role, detail)
            thread = w.child_thread_id(ev.pid, ev.thread)
            peer = w.address_id(ev.client if ev.client is not None else ev.address)
            phase = Phase.NONE if ev.phase is None else (Phase.ENTER if ev.phase == "enter" else Phase.EXIT)
            w.event(
                kind_of(ev.kind if isinstance(ev.kind, str) else KINDS[ev.kind].name, ev.role),
                phase,
                source,
                ev.request or 0,
                peer,
                data=ev.data,
                value=ev.value,
                error=ev.error,
                ts=int(ev.ts * 1e9),
                thread=thread,
            )

    def deliver(self, events: list[Event]) -> None:
        """Write, commit, and let the feed hand the new records to its panes now."""
        self.write(events)
        self.writer.flush()
        self.feed.read_now()

    def close(self) -> None:
        self.feed.close()
        self.writer.close()

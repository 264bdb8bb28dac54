"""The child -> parent event pipe used by ForkingMixIn servers, exercised on real pipes and forks."""

from __future__ import annotations

import logging
import os
import signal
import struct
import threading

import pytest

from tests.core.conftest import Recorder
from workbench.events import Event
from workbench.forking import ChildEventReader, ChildEventWriter

pytestmark = pytest.mark.usefixtures("no_leaks")


def child_event(i: int, data: bytes | None) -> Event:
    return Event(
        "recv", None, 1.5 + i, "ignored", "server", i, "server-1-serve", 4242, data, None, ("127.0.0.1", 9)
    )


def test_events_cross_the_pipe_intact(recorder: Recorder, caplog: pytest.LogCaptureFixture) -> None:
    done = threading.Semaphore(0)
    reader = ChildEventReader("server-7", recorder, done.release)
    read_end, write_end = os.pipe()
    reader.add(read_end)
    writer = ChildEventWriter(write_end)
    payloads = [b"", bytes(range(256)), os.urandom(3 * 2**20)]  # 3 MiB: many pipe buffers
    sender = threading.Thread(target=lambda: [writer(child_event(i, p)) for i, p in enumerate(payloads)])
    sender.start()
    sender.join()
    with caplog.at_level(logging.INFO, logger="workbench.server"):
        writer.log(logging.INFO, "hello from the child")
        os.close(write_end)
        assert done.acquire(timeout=10), "EOF must be noticed: the child has finished"
    assert reader.drain(timeout=5)
    reader.close()
    events = recorder.snapshot()
    assert [e.data for e in events] == payloads
    assert all(e.source == "server-7" and e.role == "server" and e.pid == 4242 for e in events)
    assert [e.request for e in events] == [0, 1, 2] and events[0].client == ("127.0.0.1", 9)
    assert "hello from the child" in caplog.text


def test_a_child_killed_mid_message_is_reported_not_hung(
    recorder: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    done = threading.Semaphore(0)
    reader = ChildEventReader("server-8", recorder, done.release)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child announces a 1 MiB message, writes 10 bytes of it and dies
        try:
            os.write(write_end, struct.pack("<Q", 2**20) + b"0123456789")
            os.kill(os.getpid(), signal.SIGKILL)
        finally:
            os._exit(1)  # never return into pytest in the child
    os.close(write_end)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status)
    with caplog.at_level(logging.WARNING, logger="workbench.server"):
        reader.add(read_end)
        assert done.acquire(timeout=10), "the pipe's EOF still counts as the end of that request"
        reader.close()
    assert recorder.snapshot() == []
    assert "exited in the middle of a message (18 bytes lost)" in caplog.text

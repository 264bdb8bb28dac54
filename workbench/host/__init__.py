"""The host process: the engine in its own process, driven by the window over JSON lines."""

from __future__ import annotations

import sys


def host_command(session: str) -> tuple[str, list[str]]:
    """The program and arguments that start a host: the bundle runs itself with --engine-host.

    One function for both ends (ui.hostlink in the window, workbench.host.client elsewhere),
    so the self-test starts exactly the process the window starts.
    """
    if getattr(sys, "frozen", False):
        return sys.executable, ["--engine-host", "--session", session]
    return sys.executable, ["-m", "workbench", "host", "--session", session]

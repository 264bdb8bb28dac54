"""``workbench workspace FILE``: run a workspace's servers headless until Ctrl+C; ``--check`` only validates it."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from typing import Any

from workbench.events import format_address
from workbench.messages import message
from workbench.workspace import Workspace, WorkspaceError, load


def add_parser(commands: Any, parser_class: type[argparse.ArgumentParser], epilog: str) -> None:
    parser = commands.add_parser(
        "workspace",
        help="run a workspace's servers (see docs/WORKSPACES.md), or --check it",
        description=(
            "Start the servers a workspace file marks start = true and print their events until "
            "Ctrl+C / SIGTERM, as serve does; its clients and forms are for the window."
        ),
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", metavar="FILE", help="a workspace file (TOML)")
    parser.add_argument("--check", action="store_true", help="only check the file: print a summary or the error")
    parser.add_argument("--json", action="store_true", help="one JSON object per event, one per line")
    parser.add_argument("--record", metavar="FILE", help="also record every event and byte in a session file")


def run(args: argparse.Namespace) -> int:
    """Exit 0 after a clean stop (or a valid --check); a bad file or a server that cannot start: exit 2."""
    from workbench.cli import EXIT_OK

    ws = load(args.file)  # WorkspaceError: one line, exit 2 (workbench.cli.main)
    if args.check:
        sys.stdout.write(message("workspace.check.ok", path=args.file, summary=ws.summary()).text() + "\n")
        return EXIT_OK
    servers = [(number, s) for number, s in enumerate(ws.servers, 1) if s.start]
    if not servers:
        raise WorkspaceError("workspace.serve.nothing", path=args.file)
    return _serve(args, ws, servers)


def _serve(args: argparse.Namespace, ws: Workspace, servers: list[tuple[int, Any]]) -> int:
    from workbench.cli import EXIT_OK, EventPrinter, _say, close_writer, open_writer
    from workbench.errors import WorkbenchError
    from workbench.server import ServerRunner

    printer = EventPrinter(sys.stdout, args.json, args.record)
    signals: list[int] = []  # the handler only appends: see workbench.cli.serve
    stop_signals = (signal.SIGINT, signal.SIGTERM)
    previous = {sig: signal.signal(sig, lambda signum, frame: signals.append(signum)) for sig in stop_signals}
    writer = None
    runners: list[ServerRunner] = []
    try:
        printer.hold()  # until every listen() is done: a script reading a port is never refused
        try:
            writer = open_writer(args.record, (printer,))
            for number, entry in servers:
                runner = ServerRunner(entry.spec, writer, entry.name)
                try:
                    runner.start()
                except WorkbenchError as exc:
                    # all or nothing: the ones started before it stop, then the one line
                    raise WorkspaceError(
                        "workspace.serve.failed", path=args.file, where=f"servers[{number}]", server=entry.name,
                        message=exc,
                    ) from None  # fmt: skip
                runners.append(runner)
            writer.flush()
        finally:
            printer.release()
        for runner in runners:
            if runner.spec.binds_all_interfaces:
                _say(message("serve.all_interfaces"))
            if not args.json:
                _say(message("serve.serving", server=runner.id, address=format_address(runner.address)))
        if ws.clients:
            _say(message("workspace.serve.for_window", count=len(ws.clients)))
        while not signals:
            time.sleep(0.1)
            if not all(r.running for r in runners):  # pragma: no cover - a serve thread died
                break
        _stop_all(runners, signals)
        return EXIT_OK
    finally:
        for runner in runners:
            runner.stop(timeout=2.0)  # no-op after _stop_all(); cleans up after errors
        if writer is not None:
            close_writer(writer)
        printer.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _stop_all(runners: list[Any], signals: list[int], grace: float = 10.0) -> None:
    """Stop every server at once (in-flight requests finish); another Ctrl+C ends them."""
    seen = len(signals)
    stoppers = [threading.Thread(target=r.stop, kwargs={"timeout": grace}, name=f"stop-{r.id}") for r in runners]
    for thread in stoppers:
        thread.start()
    while any(t.is_alive() for t in stoppers):
        for thread in stoppers:
            thread.join(0.1)
        if len(signals) > seen:
            seen = len(signals)
            for runner in runners:
                runner.end_requests()

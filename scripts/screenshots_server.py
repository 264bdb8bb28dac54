"""Screenshots of the server side: the form's advanced options, a paused step with a queued client, the rules editor.

Run under Xvfb (a CJK font such as fonts-wqy-microhei for --lang zh_CN):
    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshots_server.py --out /tmp/shots [--lang zh_CN]

Writes server-options.png, step-paused.png and rules-editor.png (with a zh_CN- prefix in Chinese).
The window uses settings of its own (a temporary folder).
"""

from __future__ import annotations

import argparse
import socket
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.screenshots import Shots, run_window, until  # noqa: E402  # the path is set just above


async def scenario(window: Any, out: Path, prefix: str) -> list[Path]:
    sp, cp, session, steps = window.server_pane, window.client_pane, window.session, window.steps_pane
    shots = Shots(window, out, prefix)
    settle, shot = shots.settle, shots.shot

    async def connect() -> str:
        before = set(session.clients)
        cp.connect_button.click()
        new = await until(lambda: set(session.clients) - before, what="a client")
        ident = new.pop()
        await until(lambda: session.clients[ident].connected, what="the connection")
        return ident

    # 1. the form with its advanced options open: StreamRequestHandler, handle_request() with a timeout
    sp.advanced_toggle.setChecked(True)
    sp.base.setCurrentIndex(sp.base.findData("StreamRequestHandler"))
    sp.loop.setCurrentIndex(sp.loop.findData("handle_request"))
    sp.timeout.setValue(5.0)
    sp.fail.setChecked(True)
    sp.fail_in.setCurrentIndex(sp.fail_in.findData("setup"))
    sp.allow.setText("127.0.0.1")
    await settle()
    shot(window, "server-options")

    # 2. a paused step: no mixin, a breakpoint on handle; client-2 waits in the accept queue
    sp.fail.setChecked(False)
    sp.base.setCurrentIndex(sp.base.findData("BaseRequestHandler"))
    sp.loop.setCurrentIndex(sp.loop.findData("serve_forever"))
    sp.timeout.setValue(0)
    sp.allow.setText("")
    sp.advanced_toggle.setChecked(False)
    sp.start.click()
    server_id = await until(lambda: next(iter(session.servers), None), what="the server")
    steps.set_breakpoints(["handle"])
    await until(lambda: session.servers[server_id].breakpoints, what="the breakpoint")
    first = await connect()
    await session.clients[first].sendall(b"hello, step mode\n")
    await until(lambda: steps.holds(), what="a held thread")
    await connect()
    await until(lambda: session.servers[server_id].queue == 1, what="the queued client")
    await settle(0.6)
    shot(window, "step-paused")

    # 3. the rules editor with a hit count: a rules server answering PING with PONG
    steps.set_breakpoints([])
    steps.release(step=False)
    await until(lambda: not steps.holds(), what="the thread to go on")
    for ident in list(session.clients):
        await session.close_client(ident)
    await session.stop_server(server_id)
    sp.handler.setCurrentIndex(sp.handler.findData("rules"))
    sp.open_rules_editor()
    editor = sp.rules_editor
    editor.add_rule()
    row = editor.rows[-1]
    row.name.setText("quit")
    row.kind.setCurrentIndex(row.kind.findData("literal"))
    row.pattern.setText(r"QUIT\n")
    row.reply.setText(r"BYE\n")
    editor.add_rule()
    bad = editor.rows[-1]
    bad.name.setText("broken")
    bad.pattern.setText(r"GET (\w+")
    bad.reply.setText(r"VALUE \1\n")
    editor.check()
    # start with the good rules, then show the broken one under them
    bad_fields = bad.fields()
    editor.remove(bad)
    if not editor.check():
        raise SystemExit(f"screenshots: the rules do not check out: {editor.problems()}")
    editor.start_button.click()
    rules_id = await until(lambda: next(iter(session.servers), None), what="the rules server")
    with socket.create_connection(session.servers[rules_id].address[:2], timeout=5) as sock:
        sock.sendall(b"PING 42\n")
        sock.recv(64)
        sock.sendall(b"PING 43\nHELP\n")
        sock.recv(64)
        await until(lambda: editor.hit_counts()[0] == "2", what="the hits")
    row = editor.add_rule()
    row.name.setText(bad_fields.name or "")
    row.pattern.setText(bad_fields.pattern)
    row.reply.setText(bad_fields.reply)
    editor.check()
    await settle(0.8)
    editor.resize(900, 380)
    await settle(0.2)
    shot(editor, "rules-editor")
    return shots.paths


def main(argv: list[str] | None = None) -> int:
    return run_window(scenario, argparse.ArgumentParser(description=__doc__.splitlines()[0]), argv)


if __name__ == "__main__":
    sys.exit(main())

"""The host's server.rule_hits: the frames each rule of a "rules" server answered, read while it runs."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path
from typing import Any

import pytest

from workbench.host.client import HostClient
from workbench.spec import ServerSpec

pytestmark = pytest.mark.usefixtures("no_leaks")

RULES = "framing = 'line'\n[[rule]]\nmatch = 'PING (\\d+)\\n'\nreply = 'PONG \\1\\n'\n[[rule]]\nliteral = 'QUIT\\n'\nreply = ''\n"


@pytest.mark.parametrize("mixin", ["none", "threading", "forking"])
def test_rule_hits_count_each_rules_frames_and_the_unmatched(tmp_path: Path, mixin: str) -> None:
    """Under ForkingMixIn the rules answer in a child: its hits still reach the counters read here."""

    async def main() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
        async with HostClient(str(tmp_path / "s.swb")) as host:
            spec = ServerSpec(handler="rules", rules=RULES, mixin=mixin)  # type: ignore[arg-type]
            started = await host.call("server.start", spec=spec.to_dict())
            assert isinstance(started["fd"], int) and started["backlog"] == 5
            before = await host.call("server.rule_hits", server=started["server"])
            loop = asyncio.get_running_loop()

            def talk() -> bytes:
                with socket.create_connection(tuple(started["address"]), timeout=5) as sock:
                    sock.sendall(b"PING 1\nPING 2\nHELP\nQUIT\n")
                    reply = b""
                    while len(reply) < len(b"PONG 1\nPONG 2\n"):
                        reply += sock.recv(64)
                    return reply

            assert await loop.run_in_executor(None, talk) == b"PONG 1\nPONG 2\n"
            for _ in range(250):  # the last frames may come in a later recv() than the PINGs
                after = await host.call("server.rule_hits", server=started["server"])
                if sum(after["hits"]) + after["unmatched"] >= 4:
                    break
                await asyncio.sleep(0.02)
            echo = await host.call("server.start", spec=ServerSpec().to_dict())
            not_rules = await host.call("server.rule_hits", server=echo["server"])
            await host.call("shutdown", grace=1)
        return before, after, not_rules

    before, after, not_rules = asyncio.run(asyncio.wait_for(main(), 30))
    assert before == {"rules": True, "hits": [0, 0], "unmatched": 0}
    assert after == {"rules": True, "hits": [2, 1], "unmatched": 1}
    assert not_rules == {"rules": False, "hits": [], "unmatched": 0}

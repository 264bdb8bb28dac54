"""Wireshark reads the export as meant: tshark finds no sequence or checksum problem, and its Follow
TCP Stream, conversation list and frame comments show what the session recorded."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.core.pcapng_traffic import real, stream_bytes, synthetic
from workbench.pcapng import Conversation, Interface, Segment, write_pcapng

TSHARK = shutil.which("tshark")
pytestmark = pytest.mark.skipif(
    TSHARK is None, reason="tshark is not installed (Debian: apt-get install tshark)"
)
# Wireshark leaves checksums unverified by default; these make a wrong one an expert error.
CHECKSUMS = ["-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE"]
Export = tuple[Path, list[Conversation]]
PROBLEM = re.compile(r"^\s+(\d+)\s+(\S+)\s+(\S+)\s+(.+?)\s*$")


def tshark(path: Path, *args: str) -> str:
    assert TSHARK is not None
    result = subprocess.run(
        [TSHARK, "-n", "-r", str(path), *CHECKSUMS, *args], capture_output=True, text=True, timeout=120
    )
    complaints = [line for line in result.stderr.splitlines() if "Running as user" not in line]
    assert result.returncode == 0 and not complaints, result.stderr
    return result.stdout


def expert_problems(path: Path) -> list[tuple[str, int, str, str, str]]:
    """(severity, count, group, protocol, summary) of every expert item of severity warn or error."""
    problems, severity = [], ""
    for line in tshark(path, "-q", "-z", "expert,warn").splitlines():
        if line.startswith(("Errors", "Warns")):
            severity = line.split()[0]
        elif (match := PROBLEM.match(line)) and match[1] != "Frequency":
            problems.append((severity, int(match[1]), match[2], match[3], match[4]))
    return problems


def follow(path: Path, proto: str, index: int) -> tuple[bytes, bytes]:
    """Follow Stream, raw: (bytes from the first node, bytes from the second)."""
    sent: tuple[bytearray, bytearray] = (bytearray(), bytearray())
    text = tshark(path, "-q", "-z", f"follow,{proto},raw,{index}")
    body = text.split("Node 1:", 1)[1].split("\n", 1)[1]
    for line in body.splitlines():
        if line.startswith("==="):
            break
        sent[line.startswith("\t")].extend(bytes.fromhex(line.strip()))
    return bytes(sent[0]), bytes(sent[1])


def stream_indexes(path: Path) -> dict[str, int]:
    """tcp.stream index by the tag ("conn-N") of the comment of the connection's SYN."""
    lines = tshark(
        path, "-T", "fields", "-e", "tcp.stream", "-e", "frame.comment", "-Y", "tcp.flags == 0x002"
    )
    return {
        comment.split()[0]: int(index)
        for index, comment in (line.split("\t", 1) for line in lines.splitlines())
    }


def export(path: Path, interfaces: list[Interface], conversations: list[Conversation]) -> Path:
    with path.open("wb") as out:
        write_pcapng(out, interfaces, conversations)
    return path


@pytest.fixture(scope="module")
def synthetic_file(tmp_path_factory: pytest.TempPathFactory) -> Export:
    interfaces, conversations = synthetic()
    return export(
        tmp_path_factory.mktemp("pcapng") / "synthetic.pcapng", interfaces, conversations
    ), conversations


def test_wireshark_finds_only_the_resets_that_were_recorded(synthetic_file: Export) -> None:
    path, _ = synthetic_file
    # conn-8 (refused) and conn-9 (reset) end in RST; nothing else is worth a warning:
    # no "previous segment not captured", no "ACKed unseen segment", no bad checksum, no malformed.
    assert expert_problems(path) == [("Warns", 2, "Sequence", "TCP", "Connection reset (RST)")]


def test_follow_tcp_stream_gives_each_conversations_bytes(synthetic_file: Export) -> None:
    path, conversations = synthetic_file
    indexes = stream_indexes(path)
    assert set(indexes) == {f"conn-{n}" for n in (1, 2, 3, 4, 5, 6, 7, 9)} | {"connect"}
    for conversation in conversations:
        tags = [i.comment.split()[0] for i in conversation.items if i.comment.startswith("conn-")]
        if conversation.transport != "tcp" or tags[0] not in indexes:
            continue  # UDP, or conn-8: refused, no bytes
        tag = tags[0]
        client_bytes, server_bytes = follow(path, "tcp", indexes[tag])
        assert client_bytes == stream_bytes(conversation, "c2s"), tag
        assert server_bytes == stream_bytes(conversation, "s2c"), tag


def test_conversations_lists_one_row_per_connection(synthetic_file: Export) -> None:
    path, _ = synthetic_file
    rows = re.findall(r"^(\S+)\s+<->\s+(\S+)", tshark(path, "-q", "-z", "conv,tcp"), re.MULTILINE)
    assert {frozenset(row) for row in rows} == {
        frozenset(pair)
        for pair in [
            ("127.0.0.2:41001", "127.0.0.1:50010"),
            ("127.0.0.2:41002", "127.0.0.1:50010"),
            ("127.0.0.4:41003", "127.0.0.1:50010"),
            ("fd53:5700::1:41004", "::1:50011"),
            ("198.19.0.2:50001", "198.18.0.1:50000"),
            ("198.19.0.3:50001", "198.18.0.1:50000"),
            ("10.0.0.2:41007", "192.0.2.10:50014"),
            ("10.0.0.2:41008", "192.0.2.10:50014"),
            ("10.0.0.2:41009", "192.0.2.10:50014"),
        ]
    }
    udp_rows = re.findall(r"^(\S+)\s+<->\s+(\S+)", tshark(path, "-q", "-z", "conv,udp"), re.MULTILINE)
    assert len(udp_rows) == 3


def test_frame_comments_name_each_call(synthetic_file: Export) -> None:
    path, conversations = synthetic_file
    comments = tshark(path, "-T", "fields", "-e", "frame.comment").splitlines()
    recorded = [i.comment for c in conversations for i in c.items if not isinstance(i, Segment) or i.payload]
    assert len(comments) > len(recorded)
    assert all(comments), "every frame says what it is"
    for comment in recorded:
        assert any(line.startswith(comment) for line in comments), comment
    assert sum("synthesized ACK" in line for line in comments) > 0
    interfaces = set(tshark(path, "-T", "fields", "-e", "frame.interface_name").split())
    assert interfaces == {f"server-{n}" for n in range(1, 7)} | {"client-9"}


def test_a_real_loopback_echo_reads_cleanly_in_wireshark(tmp_path: Path, no_leaks: None) -> None:
    interfaces, conversations, sent = real(tmp_path)
    path = export(tmp_path / "real.pcapng", interfaces, conversations)
    problems = [p for p in expert_problems(path) if p[2] in ("Sequence", "Checksum")]
    assert problems == []
    indexes = stream_indexes(path)
    for tag, payloads in enumerate(sent[:-1], start=1):
        assert follow(path, "tcp", indexes[f"conn-{tag}"]) == (b"".join(payloads),) * 2
    client_bytes, server_bytes = follow(path, "udp", 0)
    assert client_bytes == server_bytes == b"".join(sent[-1])

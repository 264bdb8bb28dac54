"""A recorded session exported to pcapng: the suite's strict reader and tshark show every stream's bytes."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.core import pcapng_reader as pr
from tests.core.session_traffic import expected, pattern, record_session
from workbench.errors import WorkbenchError
from workbench.events import Kind
from workbench.session.pcap_export import ExportCancelled, export_session_pcapng
from workbench.session.reader import SessionReader
from workbench.session.writer import SessionWriter

ROOT = Path(__file__).resolve().parents[2]
TSHARK = shutil.which("tshark")
needs_tshark = pytest.mark.skipif(TSHARK is None, reason="tshark is not installed (Debian: apt-get install tshark)")
CHECKSUMS = ["-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE"]
TAG = re.compile(r"\(((?:server|client)-\d+(?: request #\d+)?),")


class Exported:
    def __init__(self, session: Path, capture: Path) -> None:
        self.session = session
        self.capture = capture
        with SessionReader(session) as reader:
            names = {info.name: info for info in reader.tables.sources.values()}
        assert {"client-8", "client-9", "client-10"} <= set(names)
        self.outside = {"client-8", "client-9"}  # the clients of servers outside the session
        self.streams = expected(session, self.outside)
        self.parsed = pr.parse(capture.read_bytes())


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    tmp = tmp_path_factory.mktemp("export")
    session = tmp / "session.swb"
    record_session(session, tmp)
    capture = tmp / "session.pcapng"
    result = export_session_pcapng(session, capture)
    assert result.warnings == []
    assert result.interfaces == 6 + 3  # six servers; two clients of outside servers and the refused one
    return Exported(session, capture)


def _tag(comment: str) -> str:
    if comment.startswith("connect (synthesized SYN)"):
        return "connect"
    match = TAG.search(comment)
    assert match, comment
    return match[1]


def test_every_tcp_stream_carries_the_bytes_the_session_recorded(exported: Exported) -> None:
    streams = pr.tcp_streams(exported.parsed.packets)  # strict: no gap, overlap, unseen ACK, data after FIN
    refused = [s for s in streams if _tag(s.first_comment) == "connect"]
    by_tag = {_tag(s.first_comment): s for s in streams if s not in refused}
    wanted = {e.tag: e for e in exported.streams.values() if e.stream}
    assert set(by_tag) == set(wanted)  # four server connections, and client-8's to the outside server
    for tag, entry in wanted.items():
        stream = by_tag[tag]
        assert bytes(stream.c2s.data) == b"".join(entry.c2s), tag
        assert bytes(stream.s2c.data) == b"".join(entry.s2c), tag
        assert stream.c2s.fin and stream.s2c.fin, f"{tag}: both sides closed"
    # client-10's refused connect: its SYN, answered by an RST that says so
    (stream,) = refused
    assert stream.s2c.rst and not stream.c2s.data
    (rst,) = [p for p in exported.parsed.packets if pr.decode(p.data).flags & pr.RST]
    assert re.match(r"connect to 127\.0\.0\.1:\d+ refused \(client-10, MainThread\); the client's own port", rst.comment)
    # the ThreadingMixIn server's two requests are two connections on one server address
    assert by_tag["server-1 request #1"].server == by_tag["server-1 request #2"].server


def test_datagrams_are_the_sessions_each_way_on_each_interface(exported: Exported) -> None:
    parsed = exported.parsed
    names = [i.text(2) for i in parsed.interfaces]
    seen: dict[tuple[str, str], list[bytes]] = {}
    for packet in parsed.packets:
        decoded = pr.decode(packet.data, f"frame {packet.number}")
        if decoded.proto != "udp":
            continue
        name = names[packet.interface_id]
        # the direction flag, from the interface's point of view: a server's inbound is client to server
        inbound = packet.flags & 0x3 == 1
        client_side = name.startswith("client")
        direction = "c2s" if inbound != client_side else "s2c"
        seen.setdefault((name, direction), []).append(decoded.payload)
    want: dict[tuple[str, str], list[bytes]] = {}
    for entry in exported.streams.values():
        if not entry.stream:
            want.setdefault((entry.source, "c2s"), []).extend(entry.c2s)
            want.setdefault((entry.source, "s2c"), []).extend(entry.s2c)
    assert seen == want
    assert b"" in seen[("server-4", "c2s")], "the empty datagram is a packet too"


def test_interfaces_comments_and_directions_say_where_each_packet_came_from(exported: Exported) -> None:
    parsed = exported.parsed
    interfaces = {i.text(2): i.text(3) for i in parsed.interfaces}
    assert interfaces["server-1"].startswith("ThreadingMixIn TCPServer on 127.0.0.1:")
    assert interfaces["server-3"].startswith("ForkingMixIn UnixStreamServer on ")
    assert interfaces["server-5"].startswith("UnixDatagramServer on ")
    assert interfaces["client-8"] == "client client-8"
    assert all(p.flags & 0x3 in (1, 2) for p in parsed.packets), "every packet has a direction"
    comments = [p.comment for p in parsed.packets]
    assert all(comments)
    recv = [c for c in comments if re.match(r"recv \d", c) and "server-1 request #1" in c]
    assert recv and all(re.search(r"recv \d+ bytes \(server-1 request #1, Thread-\d+", c) for c in recv)
    assert any("pid " in c and "server-3 request #1" in c for c in comments), "a forked child says its pid"
    assert any(c.startswith("get_request: accepted ") for c in comments)
    assert any(c.startswith("shutdown_request (server-1 request #2") for c in comments)
    assert any(c.startswith("connect to 127.0.0.1:") and "client-8" in c for c in comments)
    assert any("shown as 127.0.0.2" in c for c in comments), "the two ends get distinct addresses"
    # the server's recv takes up to 65536 bytes a call: such a chunk is two segments of <= 65000
    decoded = [pr.decode(p.data) for p in parsed.packets]
    assert max(len(d.payload) for d in decoded if d.proto == "tcp") <= 65000


def test_a_large_chunk_is_written_in_pieces_and_memory_stays_bounded(tmp_path: Path) -> None:
    """One 40 MB sendall of a client of an outside server: read and written piece by piece."""
    session = tmp_path / "big.swb"
    payload = pattern(1_000_000, 9) * 40
    with SessionWriter(session) as writer:
        client = writer.add_source("client-1", "client", {"type": "stream", "family": "inet"})
        target = writer.address_id(("192.0.2.10", 5000))
        writer.event(Kind.CONNECT, 0, client, 0, target, detail=b'{"local": ["192.0.2.2", 40000], "fd": 5}')
        writer.data(Kind.SENDALL, client, 0, 0, payload)
        writer.data(Kind.RECV, client, 0, 0, b"")
        writer.event(Kind.CLOSE, 0, client)
    del payload
    code = f"""
import resource, sys
sys.path.insert(0, {str(ROOT)!r})
from workbench.session.pcap_export import export_session_pcapng
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
result = export_session_pcapng({str(session)!r}, {str(tmp_path / "big.pcapng")!r})
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(result.packets, after - before)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    packets, grown_kib = map(int, done.stdout.split())
    assert grown_kib < 30_000, f"peak memory grew by {grown_kib} KiB for a 40 MB chunk"
    parsed = pr.parse((tmp_path / "big.pcapng").read_bytes())
    (stream,) = pr.tcp_streams(parsed.packets)
    assert bytes(stream.c2s.data) == pattern(1_000_000, 9) * 40
    assert stream.c2s.fin and stream.s2c.fin and len(parsed.packets) == packets
    assert any("[bytes 4160000-8319999]" in p.comment for p in parsed.packets)


def test_errors_are_one_plain_line_and_leave_no_file(tmp_path: Path) -> None:
    not_a_session = tmp_path / "notes.txt"
    not_a_session.write_text("hello")
    with pytest.raises(WorkbenchError) as missing:
        export_session_pcapng(tmp_path / "nothing.swb", tmp_path / "out.pcapng")
    assert missing.value.code == "export.missing" and missing.value.field == "file"
    with pytest.raises(WorkbenchError) as wrong:
        export_session_pcapng(not_a_session, tmp_path / "out.pcapng")
    assert wrong.value.code == "export.format"
    session = tmp_path / "s.swb"
    SessionWriter(session).close()
    with pytest.raises(WorkbenchError) as no_dir:
        export_session_pcapng(session, tmp_path / "no" / "such" / "out.pcapng")
    assert no_dir.value.code == "export.pcapng.no_dir" and no_dir.value.field == "out"
    with pytest.raises(WorkbenchError) as is_dir:
        export_session_pcapng(session, tmp_path)
    assert is_dir.value.code == "export.pcapng.directory"
    old = tmp_path / "old.pcapng"
    old.write_bytes(b"an older export")
    with pytest.raises(ExportCancelled):
        export_session_pcapng(session, old, should_stop=lambda: True)
    assert old.read_bytes() == b"an older export", "a cancelled export keeps the older file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "old.pcapng", "s.swb"]


def test_the_cli_writes_the_capture_and_says_so(exported: Exported, tmp_path: Path) -> None:
    out = tmp_path / "cli.pcapng"
    cli = [sys.executable, "-m", "workbench", "export", str(exported.session)]
    done = subprocess.run([*cli, "--pcapng", str(out)], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert re.fullmatch(r"workbench: wrote .*cli\.pcapng: \d+ packets in \d+ conversations on 9 interfaces\n", done.stderr)
    assert out.read_bytes() == exported.capture.read_bytes(), "the same session gives the same file"
    bad = subprocess.run([*cli, "--pcapng", str(tmp_path / "none" / "x.pcapng")], capture_output=True, text=True,
                         timeout=60, cwd=ROOT)  # fmt: skip
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.count("\n") == 1 and "does not exist" in bad.stderr and "Traceback" not in bad.stderr
    both = subprocess.run([*cli, "--jsonl", "--pcapng", str(out)], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert both.returncode == 2 and both.stderr.count("\n") == 1


# -- Wireshark --------------------------------------------------------------------------------


def tshark(path: Path, *args: str) -> str:
    assert TSHARK is not None
    result = subprocess.run(
        [TSHARK, "-n", "-r", str(path), *CHECKSUMS, *args], capture_output=True, text=True, timeout=120
    )
    complaints = [line for line in result.stderr.splitlines() if "Running as user" not in line]
    assert result.returncode == 0 and not complaints, result.stderr
    return result.stdout


def follow(path: Path, proto: str, index: int) -> tuple[bytes, bytes]:
    """Follow Stream, raw: (bytes from the first node, bytes from the second)."""
    sent: tuple[bytearray, bytearray] = (bytearray(), bytearray())
    body = tshark(path, "-q", "-z", f"follow,{proto},raw,{index}").split("Node 1:", 1)[1].split("\n", 1)[1]
    for line in body.splitlines():
        if line.startswith("==="):
            break
        sent[line.startswith("\t")].extend(bytes.fromhex(line.strip()))
    return bytes(sent[0]), bytes(sent[1])


@needs_tshark
def test_wireshark_follows_every_tcp_stream_to_the_sessions_bytes(exported: Exported) -> None:
    lines = tshark(exported.capture, "-T", "fields", "-e", "tcp.stream", "-e", "frame.comment", "-Y", "tcp.flags == 0x002")
    indexes = {_tag(comment): int(index) for index, comment in (line.split("\t", 1) for line in lines.splitlines())}
    wanted = {e.tag: e for e in exported.streams.values() if e.stream}
    assert set(indexes) == set(wanted) | {"connect"}  # "connect": the refused one's synthesized SYN
    for tag, entry in wanted.items():
        assert follow(exported.capture, "tcp", indexes[tag]) == (b"".join(entry.c2s), b"".join(entry.s2c)), tag


@needs_tshark
def test_wireshark_follows_every_udp_stream_to_the_sessions_datagrams(exported: Exported) -> None:
    count = len(tshark(exported.capture, "-q", "-z", "conv,udp").split("<->")) - 1
    got = Counter(follow(exported.capture, "udp", index) for index in range(count))
    want = Counter((b"".join(e.c2s), b"".join(e.s2c)) for e in exported.streams.values() if not e.stream)
    assert got == want


@needs_tshark
def test_wireshark_finds_nothing_wrong_but_the_refused_connect(exported: Exported) -> None:
    problems = []
    severity = ""
    for line in tshark(exported.capture, "-q", "-z", "expert,warn").splitlines():
        if line.startswith(("Errors", "Warns")):
            severity = line.split()[0]
        elif (match := re.match(r"^\s+(\d+)\s+(\S+)\s+(\S+)\s+(.+?)\s*$", line)) and match[1] != "Frequency":
            problems.append((severity, int(match[1]), match[2], match[3], match[4]))
    assert problems == [("Warns", 1, "Sequence", "TCP", "Connection reset (RST)")]
    rows = re.findall(r"^(\S+)\s+<->\s+(\S+)", tshark(exported.capture, "-q", "-z", "conv,tcp"), re.MULTILINE)
    assert len(rows) == 6
    assert all(a.split(":")[0] != b.split(":")[0] for a, b in rows), "two columns in the flow graph"

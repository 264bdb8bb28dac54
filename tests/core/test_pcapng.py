"""The pcapng export read back by the suite's own strict reader: structure, checksums, every byte."""

from __future__ import annotations

import io
import ipaddress
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import workbench
from tests.core.pcapng_reader import (
    ACK,
    FIN,
    RST,
    SYN,
    Capture,
    TcpStream,
    decode,
    parse,
    tcp_streams,
    udp_datagrams,
)
from tests.core.pcapng_traffic import T0, pattern, real, stream_bytes, synthetic
from workbench.pcapng import (
    Close,
    Conversation,
    Direction,
    Endpoint,
    Interface,
    Item,
    Open,
    PcapngError,
    PcapngWriter,
    Reset,
    Segment,
    write_pcapng,
)
from workbench.pcapng.model import DIRECTIONS

ROOT = Path(__file__).resolve().parents[2]


def export(interfaces: list[Interface], conversations: list[Conversation], merge: bool = True) -> Capture:
    out = io.BytesIO()
    count = write_pcapng(out, interfaces, conversations, merge=merge)
    capture = parse(out.getvalue())
    assert len(capture.packets) == count
    return capture


def stream(streams: list[TcpStream], tag: int) -> TcpStream:
    (found,) = [s for s in streams if s.first_comment.startswith(f"conn-{tag} ")]
    return found


def tagged(conversations: list[Conversation], tag: int) -> Conversation:
    (found,) = [c for c in conversations if any(i.comment.startswith(f"conn-{tag} ") for i in c.items)]
    return found


def test_the_file_names_the_app_and_describes_each_server() -> None:
    interfaces, conversations = synthetic()
    capture = export(interfaces, conversations)
    assert capture.section_options[4] == [f"Socket Workbench {workbench.__version__}".encode()]
    assert b"synthesized" in capture.section_options[1][0]
    assert [i.text(2) for i in capture.interfaces] == [i.name for i in interfaces]
    assert [i.text(3) for i in capture.interfaces] == [i.description for i in interfaces]
    assert {(i.linktype, i.snaplen) for i in capture.interfaces} == {(101, 0)}  # raw IP, no snap limit
    unix_note = capture.interfaces[2].text(1)
    assert "/tmp/wb.sock" in unix_note and "198.18.0.1:50000" in unix_note


def test_every_tcp_stream_carries_the_recorded_bytes_both_ways() -> None:
    interfaces, conversations = synthetic()
    streams = tcp_streams(export(interfaces, conversations).packets)
    assert len(streams) == 9
    for tag in (1, 2, 3, 4, 5, 6, 7, 9):
        conversation, found = tagged(conversations, tag), stream(streams, tag)
        assert found.c2s.data == stream_bytes(conversation, "c2s"), f"conn-{tag} client to server"
        assert found.s2c.data == stream_bytes(conversation, "s2c"), f"conn-{tag} server to client"
    assert len(stream(streams, 1).c2s.data) == 300_005  # split over five segments of at most 65000
    assert all(stream(streams, tag).c2s.fin and stream(streams, tag).s2c.fin for tag in (1, 2, 3, 4, 5, 6, 7))


def test_same_host_clients_get_distinct_addresses_and_unix_sockets_synthesized_ones() -> None:
    interfaces, conversations = synthetic()
    streams = tcp_streams(export(interfaces, conversations).packets)
    shown = {tag: (stream(streams, tag).client, stream(streams, tag).server) for tag in (1, 2, 3, 4, 5, 6, 7)}
    assert shown[1] == (("127.0.0.2", 41001), ("127.0.0.1", 50010))
    assert shown[2] == (("127.0.0.2", 41002), ("127.0.0.1", 50010))  # the same label, the same address
    # Addresses are handed out in time order: the UDP client of server-4 came in between and has .3
    assert shown[3] == (("127.0.0.4", 41003), ("127.0.0.1", 50010))
    assert shown[4] == (("fd53:5700::1", 41004), ("::1", 50011))
    assert shown[5] == (("198.19.0.2", 50001), ("198.18.0.1", 50000))  # .1: server-5's datagram client
    assert shown[6] == (("198.19.0.3", 50001), ("198.18.0.1", 50000))
    assert shown[7] == (("10.0.0.2", 41007), ("192.0.2.10", 50014))  # different hosts: as recorded
    notes = {tag: stream(streams, tag).first_comment for tag in (1, 5, 7)}
    assert "client 127.0.0.1:41001 shown as 127.0.0.2:41001" in notes[1]
    assert "/tmp/wb.sock shown as 198.18.0.1:50000" in notes[5] and "client (unnamed)" in notes[5]
    assert "shown as" not in notes[7]


def test_a_rewritten_client_never_takes_an_address_in_real_use() -> None:
    server = Endpoint("inet", "127.0.0.1", 50010)
    conversations = [
        Conversation("tcp", Endpoint("inet", "127.0.0.2", 1000), server, "s", [Open(1, "conn-1 real .2")]),
        Conversation("tcp", Endpoint("inet", "127.0.0.1", 1001), server, "s", [Open(2, "conn-2 same host")]),
    ]
    streams = tcp_streams(export([Interface("s")], conversations).packets)
    assert stream(streams, 1).client == ("127.0.0.2", 1000)
    assert stream(streams, 2).client == ("127.0.0.3", 1001)


def test_wildcard_servers_and_dual_stack_clients_are_shown_on_loopback() -> None:
    mapped = "::ffff:127.0.0.1"
    conversations = [
        Conversation(
            "tcp",
            Endpoint("inet", "127.0.0.1", 1000),
            Endpoint("inet", "0.0.0.0", 50010),
            "s",
            [Open(1, "conn-1 accept")],
        ),
        Conversation(
            "tcp",
            Endpoint("inet6", mapped, 1001),
            Endpoint("inet6", mapped, 50011),
            "s",
            [Open(2, "conn-2 accept")],
        ),
    ]
    streams = tcp_streams(export([Interface("s")], conversations).packets)
    assert (stream(streams, 1).client, stream(streams, 1).server) == (
        ("127.0.0.2", 1000),
        ("127.0.0.1", 50010),
    )
    assert "server 0.0.0.0:50010 shown as 127.0.0.1:50010" in stream(streams, 1).first_comment
    # Still an IPv4 client, as the dual-stack server saw it, on an address of its own
    host, port = stream(streams, 2).client
    assert (ipaddress.IPv6Address(host).ipv4_mapped, port) == (ipaddress.IPv4Address("127.0.0.3"), 1001)


def test_datagrams_are_one_packet_each_and_oversized_ones_split_in_order() -> None:
    interfaces, conversations = synthetic()
    capture = export(interfaces, conversations)
    datagrams = udp_datagrams(capture.packets)
    assert datagrams[("127.0.0.3", 42001), ("127.0.0.1", 50012)] == [b"ping", b""]
    assert datagrams[("127.0.0.1", 50012), ("127.0.0.3", 42001)] == [b"PING"]
    unix = datagrams[("198.19.0.1", 50001), ("198.18.0.2", 50000)]
    assert [len(d) for d in unix] == [65507, 34493] and b"".join(unix) == pattern(100_000, 5)
    assert datagrams[("198.18.0.2", 50000), ("198.19.0.1", 50001)] == [b"ok"]
    assert datagrams[("fd53:5700::2", 42003), ("::1", 50013)] == [pattern(65_527, 6)]  # IPv6 fits 65527
    split = [p.comment for p in capture.packets if "split" in p.comment]
    mapping = "AF_UNIX: server /tmp/wb-dg.sock shown as 198.18.0.2:50000, client /tmp/wb-client.sock as 198.19.0.1:50001"
    assert split == [
        f"dgram-1 0; [part 1/2 of a 100000-byte datagram, split]; {mapping}",
        "dgram-1 0; [part 2/2 of a 100000-byte datagram, split]",
    ]


def test_each_segment_keeps_its_timestamp_and_comment() -> None:
    interfaces, conversations = synthetic()
    capture = export(interfaces, conversations)
    by_moment: dict[tuple[int, str], bytes] = {}
    for packet in capture.packets:
        payload = decode(packet.data).payload
        if payload:
            key = (
                packet.ts_ns,
                packet.comment.split("; [part")[0].split("; client")[0].split("; AF_UNIX")[0],
            )
            by_moment[key] = by_moment.get(key, b"") + payload
    segments = [i for c in conversations for i in c.items if isinstance(i, Segment) and i.payload]
    assert len(segments) == len(by_moment)
    for segment in segments:
        assert by_moment[segment.ts_ns, segment.comment] == segment.payload


def test_merged_frames_follow_time_and_unmerged_ones_conversation_order() -> None:
    interfaces, conversations = synthetic()
    merged = export(interfaces, conversations)
    times = [p.ts_ns for p in merged.packets]
    assert times == sorted(times) and times[0] == T0
    interfaces, conversations = synthetic()
    unmerged = export(interfaces, conversations, merge=False)
    firsts = [p.comment.split()[0] for p in unmerged.packets if p.comment.startswith("conn-")]
    assert firsts == [f"conn-{n}" for n in range(1, 10)]

    def payloads(capture: Capture) -> list[bytes]:
        return sorted(decode(p.data).payload for p in capture.packets)

    assert payloads(unmerged) == payloads(merged)


def test_direction_flags_are_seen_from_the_interface() -> None:
    interfaces, conversations = synthetic()
    capture = export(interfaces, conversations)
    server_side = {decode(p.data).src: p.flags for p in capture.packets if p.interface_id == 0}
    assert server_side == {"127.0.0.2": 1, "127.0.0.4": 1, "127.0.0.1": 2}  # inbound / outbound
    client_side = {decode(p.data).src: p.flags for p in capture.packets if p.interface_id == 6}
    assert client_side == {"10.0.0.2": 2, "192.0.2.10": 1}


def test_ip_headers_have_ttl_64_and_incrementing_ids() -> None:
    interfaces, conversations = synthetic()
    decoded = [decode(p.data) for p in export(interfaces, conversations).packets]
    assert {d.ttl for d in decoded} == {64}
    ids = [d.ident for d in decoded if d.ident is not None]
    assert ids == list(range(len(ids)))


def test_resets_and_a_refused_connect() -> None:
    interfaces, conversations = synthetic()
    capture = export(interfaces, conversations)
    decoded = [decode(p.data) for p in capture.packets]
    refused = [d for d in decoded if 41008 in (d.sport, d.dport)]
    assert [d.flags for d in refused] == [SYN, RST | ACK]
    aborted = stream(tcp_streams(capture.packets), 9)
    assert aborted.c2s.data == b"GET" and aborted.s2c.rst and not aborted.c2s.fin


def test_items_that_put_nothing_on_the_wire_give_no_packet() -> None:
    client, server = Endpoint("inet", "10.0.0.1", 1), Endpoint("inet", "10.0.0.2", 2)
    items: list[Item] = [
        Open(1, "conn-1"),
        Open(2, "accept: the other end of the same set-up"),
        Segment(3, "c2s", b"", "send 0 bytes"),
        Close(4, "c2s", "shutdown(SHUT_WR)"),
        Close(5, "c2s", "close"),
    ]
    capture = export([Interface("s")], [Conversation("tcp", client, server, "s", items)])
    assert [decode(p.data).flags for p in capture.packets] == [SYN, SYN | ACK, ACK, FIN | ACK, ACK]


def test_bad_input_is_refused_with_the_value_named() -> None:
    with pytest.raises(PcapngError, match="literal IP address, not 'localhost'"):
        Endpoint("inet", "localhost", 80)
    with pytest.raises(PcapngError, match="port must be 0-65535"):
        Endpoint("inet", "127.0.0.1", 70000)
    with pytest.raises(PcapngError, match="families differ"):
        Conversation("tcp", Endpoint("inet", "127.0.0.1", 1), Endpoint("inet6", "::1", 2), "s")
    with pytest.raises(PcapngError, match="direction must be c2s or s2c"):
        Segment(1, "up", b"x")  # type: ignore[arg-type]
    writer = PcapngWriter(io.BytesIO(), [Interface("s")])
    with pytest.raises(PcapngError, match="unknown interface 'nope'"):
        writer.add_conversation(Conversation("udp", Endpoint("unix"), Endpoint("unix", path="/x"), "nope"))
    conversation_id = writer.add_conversation(
        Conversation("tcp", Endpoint("inet", "10.0.0.1", 1), Endpoint("inet", "10.0.0.2", 2), "s")
    )
    writer.write(conversation_id, Close(1, "s2c"))
    with pytest.raises(PcapngError, match="s2c data at 2 ns after that side closed"):
        writer.write(conversation_id, Segment(2, "s2c", b"late"))


@st.composite
def tcp_conversations(draw: st.DrawFn) -> Conversation:
    family = draw(st.sampled_from(["inet", "inet6", "unix"]))
    if family == "unix":
        client, server = Endpoint("unix"), Endpoint("unix", path="/tmp/h.sock")
    else:
        host = "127.0.0.1" if family == "inet" else "::1"
        client, server = Endpoint.from_address((host, 40000)), Endpoint.from_address((host, 50010))
    items: list[Item] = [Open(1, "conn-1 accept")] if draw(st.booleans()) else []
    closed: set[Direction] = set()
    sizes = st.one_of(st.integers(0, 300), st.integers(64_990, 140_000))
    for n, (direction, action) in enumerate(
        draw(st.lists(st.tuples(st.sampled_from(DIRECTIONS), st.sampled_from("ddddcr")), max_size=12))
    ):
        if action == "r":
            items.append(Reset(n + 2, direction))
            break
        if direction in closed:
            continue
        if action == "c":
            closed.add(direction)
            items.append(Close(n + 2, direction))
        else:
            items.append(Segment(n + 2, direction, pattern(draw(sizes), n)))
    return Conversation("tcp", client, server, "s", items)


@settings(max_examples=60, deadline=None)
@given(tcp_conversations())
def test_any_sequence_of_items_reassembles_without_gaps_or_unseen_acks(conversation: Conversation) -> None:
    streams = tcp_streams(export([Interface("s")], [conversation]).packets)
    if not any(isinstance(i, Segment) and i.payload for i in conversation.items) and not streams:
        return  # nothing reached the wire
    (found,) = streams
    assert found.c2s.data == stream_bytes(conversation, "c2s")
    assert found.s2c.data == stream_bytes(conversation, "s2c")


def test_real_loopback_echoes_export_what_was_sent(tmp_path: Path, no_leaks: None) -> None:
    interfaces, conversations, sent = real(tmp_path)
    capture = export(interfaces, conversations)
    streams = tcp_streams(capture.packets)
    for tag, payloads in enumerate(sent[:-1], start=1):
        found = stream(streams, tag)
        assert found.c2s.data == b"".join(payloads) == found.s2c.data, f"echo {tag}"
        assert found.c2s.fin and found.s2c.fin
    assert stream(streams, 1).client[0] == "127.0.0.2"
    assert stream(streams, 2).server == ("198.18.0.1", 50000)
    datagrams = udp_datagrams(capture.packets)
    assert sent[-1] in datagrams.values() and len(datagrams) == 2
    recorded = {i.ts_ns for c in conversations for i in c.items if isinstance(i, Segment)}
    carrying_data = [p.ts_ns for p in capture.packets if decode(p.data).payload]
    assert set(carrying_data) == recorded and carrying_data == sorted(carrying_data)


MEMORY_PROBE = """
import io, json, sys
from workbench.pcapng import Conversation, Endpoint, Interface, Open, Segment, write_pcapng

def peak_kib():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))

class Sink(io.RawIOBase):
    written = 0
    def writable(self): return True
    def write(self, data):
        self.written += len(data)
        return len(data)

chunk = bytes(range(256)) * 256  # one 64 KiB object, as a session hands out views of its log
per_conversation = int(sys.argv[1]) // 2 // len(chunk)

def items(offset):
    yield Open(offset, "accept")
    for n in range(per_conversation):
        yield Segment(offset + 10 * n + 10, "c2s" if n % 3 else "s2c", chunk, "recv 65536 bytes")

before = peak_kib()
sink = Sink()
server = Endpoint("inet", "127.0.0.1", 50010)
conversations = [
    Conversation("tcp", Endpoint("inet", "127.0.0.1", 40000 + k), server, "server-1", items(k)) for k in range(2)
]
packets = write_pcapng(sink, [Interface("server-1")], conversations)
print(json.dumps({"growth_kib": peak_kib() - before, "written": sink.written, "packets": packets}))
"""


def test_a_large_export_streams_in_bounded_memory() -> None:
    data_size = 200 * 1024 * 1024
    result = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE, str(data_size)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    figures = json.loads(result.stdout)
    assert figures["written"] > data_size  # every byte went out, with headers
    assert figures["growth_kib"] < 16 * 1024, figures  # 200 MB through, well under 16 MB kept

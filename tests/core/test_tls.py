"""TLS: a server with a certificate made on the spot, clients that check it or not, and plain-word errors."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

import pytest

from tests.core.conftest import Recorder
from tests.core.pcapng_reader import parse, tcp_streams
from workbench.client import Client
from workbench.errors import SpecError, WorkbenchError
from workbench.events import Event, Kind
from workbench.server import ServerRunner
from workbench.session.pcap_export import export_session_pcapng
from workbench.spec import ClientSpec, ServerSpec

T = TypeVar("T")
ROOT = Path(__file__).resolve().parents[2]


def run(coro: Coroutine[Any, Any, T], timeout: float = 30.0) -> T:
    return asyncio.run(asyncio.wait_for(coro, timeout))


def client_of(runner: ServerRunner, **options: Any) -> ClientSpec:
    host, port = runner.address[:2]  # type: ignore[misc]
    return ClientSpec(host=options.pop("host", host), port=port, **options)


async def exchange(client: Client, payload: bytes) -> bytes:
    try:
        await client.connect()
        await client.sendall(payload)
        await client.shutdown(socket.SHUT_WR)
        return await client.read_until_close()
    finally:
        client.close()


def handshakes(events: list[Event], source: str) -> list[Event]:
    return [e for e in events if e.kind is Kind.DO_HANDSHAKE and e.source == source]


def test_a_tls_echo_shows_the_handshake_and_the_bytes_decrypted(
    start_server: Callable[..., ServerRunner], recorder: Recorder
) -> None:
    runner = start_server(tls=True, mixin="threading")
    info = runner.tls_info
    assert info is not None and info["names"] == ["127.0.0.1"] and Path(info["certificate"]).is_file()
    payload = b"secret over TLS" + bytes(range(256)) * 300  # more than one TLS record (16 KiB)
    client = Client(client_of(runner, tls=True, tls_verify=False), recorder, "client-tls")
    assert run(exchange(client, payload)) == payload
    events = recorder.wait_for(lambda evs: any(e.event == "shutdown_request" and e.phase == "exit" for e in evs))
    (server_side,) = handshakes(events, runner.id)
    (client_side,) = handshakes(events, "client-tls")
    for hand in (server_side, client_side):
        assert hand.error is None and hand.detail["version"] in ("TLSv1.2", "TLSv1.3") and hand.detail["cipher"]
    assert client_side.detail["certificate"]["self_signed"] is True
    assert client_side.detail["certificate"]["sha256"] == info["sha256"]
    assert client_side.detail["verify"] is False and client_side.detail["server_name"] == "127.0.0.1"
    # The handshake comes first in the request's finish_request, before the handler's setup.
    steps = [e.event for e in events if e.source == runner.id and e.event in ("finish_request", "do_handshake", "setup")]
    assert steps[:3] == ["finish_request", "do_handshake", "setup"]
    server_data = [e for e in events if e.source == runner.id and e.data is not None]
    assert server_data and all(e.tls and e.to_dict()["tls"] is True for e in server_data)
    assert b"".join(e.data or b"" for e in server_data if e.event == "recv") == payload
    client_data = [e for e in events if e.source == "client-tls" and e.data is not None]
    assert {e.kind for e in client_data} == {Kind.TLS_SENDALL, Kind.TLS_RECV}
    assert b"".join(e.data or b"" for e in client_data if e.event == "recv") == payload
    assert client.state()["tls"] is None  # closed
    assert not Path(info["certificate"]).exists() or runner.running


def test_verification_fails_in_plain_words_for_a_self_signed_certificate(
    start_server: Callable[..., ServerRunner], recorder: Recorder
) -> None:
    runner = start_server(tls=True)
    client = Client(client_of(runner, tls=True), recorder, "checking")
    with pytest.raises(WorkbenchError) as failed:
        run(exchange(client, b"hello"))
    assert failed.value.code == "tls.untrusted" and failed.value.field == "tls_verify"
    assert "self-signed" in str(failed.value) and "trust that server's certificate file" in str(failed.value)
    events = recorder.wait_for(lambda evs: len(handshakes(evs, runner.id)) == 1)
    (client_side,) = handshakes(events, "checking")
    assert client_side.error and client_side.detail["problem"] == "tls.untrusted"
    (server_side,) = handshakes(events, runner.id)  # the client's alert tells the server why
    assert server_side.detail["problem"] == "tls.server.rejected" and "UNKNOWN_CA" in server_side.error
    assert not any(e.event == "setup" for e in events if e.source == runner.id), "no handler ran"


def test_trusting_the_servers_certificate_file_checks_the_name_too(
    start_server: Callable[..., ServerRunner], recorder: Recorder
) -> None:
    runner = start_server(tls=True, host="localhost", mixin="threading")
    certificate = runner.tls_info["certificate"]  # type: ignore[index]
    good = Client(client_of(runner, host="localhost", tls=True, tls_ca=certificate), recorder, "by-name")
    assert run(exchange(good, b"verified")) == b"verified"
    wrong = Client(client_of(runner, host="127.0.0.1", tls=True, tls_ca=certificate), recorder, "by-address")
    with pytest.raises(WorkbenchError) as failed:
        run(exchange(wrong, b"hello"))
    assert failed.value.code == "tls.wrong_name" and failed.value.field == "host"
    assert "not for the name 127.0.0.1" in str(failed.value)
    events = recorder.wait_for(lambda evs: len(handshakes(evs, runner.id)) == 2)
    assert handshakes(events, "by-name")[0].detail["verify"] is True
    assert not wrong.connected


def test_a_plain_client_at_a_tls_server_is_explained_on_the_servers_side(
    start_server: Callable[..., ServerRunner], recorder: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    runner = start_server(tls=True)
    with socket.create_connection(runner.address, timeout=5) as plain:  # type: ignore[arg-type]
        plain.sendall(b"GET / HTTP/1.0\r\n\r\n")
        assert plain.recv(100) == b"", "the server closes, orderly, without a reply"
    events = recorder.wait_for(lambda evs: len(handshakes(evs, runner.id)) == 1)
    (hand,) = handshakes(events, runner.id)
    assert hand.detail["problem"] == "tls.server.plain_client"
    assert any("the client does not speak TLS" in r.getMessage() for r in caplog.records)


def test_a_tls_client_at_a_plain_server_is_told_the_server_does_not_speak_tls(
    start_server: Callable[..., ServerRunner], recorder: Recorder
) -> None:
    runner = start_server()  # an echo: it sends the ClientHello back
    client = Client(client_of(runner, tls=True, tls_verify=False), recorder)
    with pytest.raises(WorkbenchError) as failed:
        run(exchange(client, b"hello"))
    assert failed.value.code in ("tls.not_tls", "tls.not_tls_closed") and failed.value.field == "tls"
    assert "does not speak TLS" in str(failed.value)
    daytime = start_server(handler="daytime")  # answers with text and closes
    client = Client(client_of(daytime, tls=True, tls_verify=False), recorder)
    with pytest.raises(WorkbenchError) as failed:
        run(exchange(client, b""))
    assert failed.value.code in ("tls.not_tls", "tls.not_tls_closed")


def test_stream_request_handler_and_forking_children_speak_tls_too(
    start_server: Callable[..., ServerRunner], recorder: Recorder
) -> None:
    lines = start_server(tls=True, base="StreamRequestHandler", handler="upper")
    client = Client(client_of(lines, tls=True, tls_verify=False), recorder)
    assert run(exchange(client, b"one\ntwo\n")) == b"ONE\nTWO\n"
    forked = start_server(tls=True, mixin="forking")
    client = Client(client_of(forked, tls=True, tls_verify=False), recorder)
    assert run(exchange(client, b"from a child")) == b"from a child"
    events = recorder.wait_for(lambda evs: len(handshakes(evs, forked.id)) == 1)
    (hand,) = handshakes(events, forked.id)
    assert hand.pid != events[0].pid and hand.detail["version"]


def test_tls_needs_a_stream_and_a_trust_file_needs_tls() -> None:
    with pytest.raises(SpecError) as server:
        ServerSpec(type="dgram", tls=True)
    assert server.value.code == "spec.tls.stream_only" and server.value.field == "tls"
    with pytest.raises(SpecError) as client:
        ClientSpec(port=9, tls_ca="/tmp/ca.pem")
    assert client.value.code == "spec.tls_ca.without_tls"
    assert ServerSpec.from_dict(ServerSpec(tls=True).to_dict()).tls is True
    spec = ClientSpec(port=9, tls=True, tls_verify=False)
    assert ClientSpec.from_dict(spec.to_dict()) == spec


def test_a_missing_trust_file_is_plain_words(start_server: Callable[..., ServerRunner], recorder: Recorder, tmp_path: Path) -> None:
    runner = start_server(tls=True)
    client = Client(client_of(runner, tls=True, tls_ca=str(tmp_path / "none.pem")), recorder)
    with pytest.raises(WorkbenchError) as failed:
        run(exchange(client, b"x"))
    assert failed.value.code == "tls.ca_file" and failed.value.field == "tls_ca"


def test_the_export_marks_tls_bytes_and_the_handshake(
    start_server: Callable[..., ServerRunner], recorder: Recorder, tmp_path: Path
) -> None:
    runner = start_server(tls=True)
    assert run(exchange(Client(client_of(runner, tls=True, tls_verify=False), recorder), b"to wireshark")) == b"to wireshark"
    recorder.wait_for(lambda evs: any(e.event == "shutdown_request" and e.phase == "exit" for e in evs))
    recorder.flush()
    assert recorder.path is not None
    export_session_pcapng(recorder.path, tmp_path / "tls.pcapng")
    capture = parse((tmp_path / "tls.pcapng").read_bytes())
    (stream,) = tcp_streams(capture.packets)
    assert bytes(stream.c2s.data) == bytes(stream.s2c.data) == b"to wireshark"
    comments = [p.comment for p in capture.packets]
    assert any("recv 12 bytes, decrypted from TLS" in c and "do_handshake chose TLSv1" in c for c in comments)


def test_the_cli_serves_and_sends_tls(tmp_path: Path, no_leaks: None) -> None:
    serve = subprocess.Popen(
        [sys.executable, "-m", "workbench", "serve", "--tls", "--json"], cwd=ROOT, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        assert serve.stdout is not None and serve.stderr is not None
        port = None
        while port is None:
            event = json.loads(serve.stdout.readline())
            if event["event"] == "server_bind" and event["phase"] == "exit":
                port = event["address"][1]
        line = serve.stderr.readline()
        assert line.startswith("workbench: TLS: self-signed certificate for 127.0.0.1 (SHA-256 ")
        certificate = line.split("saved to ", 1)[1].split(";", 1)[0]
        send = [sys.executable, "-m", "workbench", "send", "--port", str(port), "--text", "hi", "--tls"]
        ok = subprocess.run([*send, "--cafile", certificate], cwd=ROOT, capture_output=True, text=True, timeout=30)
        assert ok.returncode == 0 and "|hi|" in ok.stdout, ok.stderr
        insecure = subprocess.run([*send, "--insecure"], cwd=ROOT, capture_output=True, text=True, timeout=30)
        assert insecure.returncode == 0 and "|hi|" in insecure.stdout
        refused = subprocess.run(send, cwd=ROOT, capture_output=True, text=True, timeout=30)
        assert refused.returncode == 1 and refused.stderr.count("\n") == 1
        assert refused.stderr.startswith("workbench: the server's certificate is not trusted")
        bad = subprocess.run([*send, "--type", "dgram"], cwd=ROOT, capture_output=True, text=True, timeout=30)
        assert bad.returncode == 2 and "TLS needs SOCK_STREAM" in bad.stderr
    finally:
        serve.send_signal(2)
        serve.communicate(timeout=15)
    assert serve.returncode == 0
    assert not Path(certificate).exists(), "the certificate file goes with the server"


def test_the_host_starts_tls_servers_and_clients_and_hints_at_tls_replies(tmp_path: Path, no_leaks: None) -> None:
    from workbench.host.client import HostClient

    notes: list[tuple[str, dict[str, Any]]] = []
    alert = bytes.fromhex("15030300020246")  # what a TLS server says to a client that is not TLS
    talker = socket.create_server(("127.0.0.1", 0))

    def answer_with_an_alert() -> None:
        conn, _ = talker.accept()
        with conn:
            conn.sendall(alert)
            conn.recv(100)

    thread = threading.Thread(target=answer_with_an_alert)
    thread.start()

    async def main() -> None:
        async with HostClient(str(tmp_path / "s.swb"), lambda n, d: notes.append((n, d))) as host:
            server = await host.call("server.start", spec=ServerSpec(tls=True).to_dict())
            assert server["tls"]["names"] == ["127.0.0.1"] and server["tls"]["sha256"].count(":") == 31
            spec = ClientSpec(port=server["address"][1], tls=True, tls_verify=False)
            client = (await host.call("client.add", spec=spec.to_dict()))["client"]
            connected = await host.call("client.call", client=client, call="connect")
            assert connected["state"]["tls"]["version"].startswith("TLSv1")
            await host.call("client.call", client=client, call="sendall", data=b"over tls".hex())
            for _ in range(500):
                if sum(d["nbytes"] for n, d in notes if n == "client.received" and d["client"] == client) >= 8:
                    break
                await asyncio.sleep(0.01)
            plain = ClientSpec(port=talker.getsockname()[1])
            other = (await host.call("client.add", spec=plain.to_dict()))["client"]
            await host.call("client.call", client=other, call="connect")
            for _ in range(500):
                if any(n == "client.received" and d["client"] == other for n, d in notes):
                    break
                await asyncio.sleep(0.01)
            await host.call("client.close", client=other)
            await host.call("client.close", client=client)

    try:
        asyncio.run(asyncio.wait_for(main(), 30))
    finally:
        thread.join(10)
        talker.close()
    received = [d for n, d in notes if n == "client.received"]
    assert any(d["nbytes"] == 8 and "hint" not in d for d in received)
    (hinted,) = [d for d in received if "hint" in d]
    assert hinted["hint"]["code"] == "tls.plain_reply" and hinted["hint"]["params"]["record"] == "alert"


def test_the_cli_hints_at_tls_and_print_code_refuses_what_it_cannot_write(no_leaks: None) -> None:
    talker = socket.create_server(("127.0.0.1", 0))

    def answer_with_an_alert() -> None:
        conn, _ = talker.accept()
        with conn:
            conn.recv(100)
            conn.sendall(bytes.fromhex("15030300020246"))

    thread = threading.Thread(target=answer_with_an_alert)
    thread.start()
    try:
        port = str(talker.getsockname()[1])
        plain = subprocess.run([sys.executable, "-m", "workbench", "send", "--port", port, "--text", "hello"],
                               cwd=ROOT, capture_output=True, text=True, timeout=30)  # fmt: skip
    finally:
        thread.join(10)
        talker.close()
    assert plain.returncode == 0 and "|....." in plain.stdout
    assert plain.stderr == (
        "workbench: the reply starts like a TLS record (alert): the server speaks TLS; turn TLS on (workbench send: --tls)\n"
    )
    for command in (["serve", "--tls"], ["send", "--port", "9", "--text", "x", "--tls"],
                    ["send", "--type", "dgram", "--port", "9", "--text", "x", "--broadcast"]):  # fmt: skip
        refused = subprocess.run([sys.executable, "-m", "workbench", *command, "--print-code"], cwd=ROOT,
                                 capture_output=True, text=True, timeout=30)  # fmt: skip
        assert refused.returncode == 2 and refused.stdout == "", command
        assert refused.stderr.startswith("workbench: --print-code does not write programs with --")

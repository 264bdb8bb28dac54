"""The headless CLI: ``serve`` runs an instrumented server, ``send`` talks to one, ``export`` reads a
recorded session, ``host`` is the window's engine process."""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import logging
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Sequence
from typing import IO, Any, NoReturn

from workbench import __version__
from workbench import relay as relay_command
from workbench import workspace_cli as workspace_command
from workbench.errors import WorkbenchError
from workbench.events import Event, format_address, format_event, printable
from workbench.messages import Message, current_language, message
from workbench.server import ServerRunner
from workbench.session.reader import BatchDecoder
from workbench.session.writer import Batch, SessionWriter
from workbench.spec import Base, ClientSpec, Family, Handler, Loop, Mixin, ServerSpec, SockType
from workbench.teach import codegen
from workbench.teach import render as explain_command

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)

EPILOG = """\
exit status: 0 ok, 1 the exchange failed (e.g. connection refused, timeout),
2 bad input (invalid option, address in use, permission denied, ...); errors are
one line on stderr."""


class _Parser(argparse.ArgumentParser):
    """argparse with one-line error messages (no usage block), exit status 2."""

    def error(self, message: str) -> NoReturn:
        # the message quotes what was typed: a newline or an escape sequence in it stays text
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {printable(message)} (see --help)\n")


def _add_address_options(parser: argparse.ArgumentParser, *, client: bool) -> None:
    group = parser.add_argument_group("address")
    group.add_argument("--family", choices=[f.value for f in Family], default="inet", help="default: inet")
    group.add_argument(
        "--type", choices=[t.value for t in SockType], default="stream", help="default: stream"
    )
    group.add_argument("--host", default=None, help="default: 127.0.0.1 (inet) / ::1 (inet6)")
    group.add_argument(
        "--port",
        type=int,
        default=None if client else 0,
        help="the server's port" if client else "default: 0 (the system picks a free port)",
    )
    group.add_argument("--path", help="socket path, for --family unix")
    parser.add_argument("--json", action="store_true", help="one JSON object per event, one per line")
    parser.add_argument(
        "--record", metavar="FILE", help="also record every event and byte in a session file (see docs/)"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="workbench",
        description="Socket Workbench, headless: run an instrumented socketserver server, or send to one.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(
        dest="command", metavar="{serve,send,relay,workspace,export,explain,host}", parser_class=_Parser
    )

    serve = commands.add_parser(
        "serve",
        help="run a server and print every event until Ctrl+C / SIGTERM",
        description="Run a real socketserver server and print every lifecycle step and socket call.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_address_options(serve, client=False)
    serve.add_argument(
        "--backlog", type=int, default=5, help="listen() backlog (request_queue_size); default 5"
    )
    serve.add_argument("--mixin", choices=[m.value for m in Mixin], default="none", help="default: none")
    serve.add_argument("--handler", choices=[h.value for h in Handler], default="echo", help="default: echo")
    serve.add_argument(
        "--delay", type=float, default=0.0, metavar="S", help="seconds to wait before each reply"
    )
    serve.add_argument("--fail", action="store_true", help="make handle() raise, to see handle_error")
    serve.add_argument(
        "--fail-in", choices=["handle", "setup"], default="handle", help="with --fail: which method raises"
    )
    serve.add_argument(
        "--base",
        choices=[b.value for b in Base],
        default=Base.BASE.value,
        help="the handler's socketserver class (default: BaseRequestHandler)",
    )
    serve.add_argument(
        "--loop",
        choices=[loop.value for loop in Loop],
        default=Loop.FOREVER.value,
        help="serve_forever (default) or handle_request in a loop (--timeout then calls handle_timeout)",
    )
    serve.add_argument(
        "--rules", metavar="FILE", help="answer by the rules in a TOML file (see docs/RULES.md); sets --handler rules"
    )
    serve.add_argument(
        "--allow", action="extend", nargs="+", default=[], metavar="CIDR", help="only accept these clients"
    )
    serve.add_argument(
        "--timeout", type=float, default=None, metavar="S", help="idle time after which a connection fails"
    )
    serve.add_argument("--print-code", action="store_true", help="print the equivalent stdlib program, then exit")
    serve.add_argument("--tls", action="store_true", help="TLS with a self-signed certificate made at start (stream)")
    serve.add_argument("--join", action="extend", nargs="+", default=[], metavar="GROUP", help="join multicast groups (UDP)")
    serve.add_argument("--join-interface", metavar="IF", help="join on this interface (IPv4: its address; IPv6: name/index)")

    send = commands.add_parser(
        "send",
        help="connect, send a payload, print the reply",
        description="Connect, send a payload, read the reply and print it as a hex dump (or events with --json).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_address_options(send, client=True)
    payload = send.add_mutually_exclusive_group(required=True)
    payload.add_argument("--text", help="payload as UTF-8 text")
    payload.add_argument("--hex", help='payload as hex, e.g. "de ad be ef" or 0xde,0xad')
    reading = send.add_mutually_exclusive_group()
    reading.add_argument(
        "--read-until-close",
        action="store_true",
        help="stream: shut down the sending side, read until the server closes (the default)",
    )
    reading.add_argument("--read", type=int, metavar="N", help="read exactly N bytes, then close")
    send.add_argument("--timeout", type=float, default=10.0, metavar="S", help="give up after S seconds (10)")
    send.add_argument("--print-code", action="store_true", help="print the equivalent stdlib program, then exit")
    send.add_argument("--tls", action="store_true", help="TLS; the server's certificate is checked unless --insecure")
    send.add_argument("--insecure", action="store_true", help="with --tls: accept any certificate (self-signed too)")
    send.add_argument("--cafile", metavar="FILE", help="with --tls: also trust the certificates in FILE (PEM)")
    send.add_argument("--broadcast", action="store_true", help="SO_BROADCAST: allow a broadcast address (UDP)")
    send.add_argument("--ttl", type=int, metavar="N", help="IP_MULTICAST_TTL / IPV6_MULTICAST_HOPS (UDP)")
    send.add_argument("--multicast-loop", choices=["on", "off"], help="IP_MULTICAST_LOOP (UDP)")
    send.add_argument("--multicast-interface", metavar="IF", help="IP_MULTICAST_IF: IPv4 address / IPv6 name or index")

    relay_command.add_parser(commands, _Parser, EPILOG)
    workspace_command.add_parser(commands, _Parser, EPILOG)

    export = commands.add_parser(
        "export",
        help="print a recorded session (workbench serve --record, or saved from the window)",
        description="Read a session file and print its events: the same JSON lines serve --json printed live.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    export.add_argument("file", metavar="FILE", help="a session file")
    output = export.add_mutually_exclusive_group()
    output.add_argument("--jsonl", action="store_true", help="one JSON object per event (the default)")
    output.add_argument(
        "--pcapng", metavar="OUT", help="write a capture file Wireshark opens (see docs/PCAPNG.md)"
    )

    host = commands.add_parser(
        "host",
        help="the window's engine process: JSON commands on stdin, replies on stdout",
        description="Run servers and clients for the window; see docs/HOST_PROTOCOL.md.",
    )
    host.add_argument("--session", metavar="FILE", required=True, help="the session file to record to")
    explain_command.add_parser(commands)
    return parser


# -- output ---------------------------------------------------------------------------------


class EventPrinter:
    """A session listener printing one line per committed event, flushed per batch.

    It decodes each batch with the same code as ``workbench export``, so what ``serve
    --json`` prints live equals what an export of the recorded file prints.
    """

    def __init__(self, stream: IO[str], as_json: bool, path: str | None = None) -> None:
        self._stream = stream
        self._json = as_json
        self._lock = threading.Lock()
        self._decoder = BatchDecoder(path)
        self.broken = False  # the reader went away (e.g. `| head`); keep serving, stop printing
        self._held: list[str] | None = None

    def hold(self) -> None:
        """Keep lines back until release(): see serve(), why."""
        with self._lock:
            self._held = []

    def release(self) -> None:
        with self._lock:
            held, self._held = self._held or [], None
            self._write("".join(held))

    def __call__(self, batch: Batch) -> None:
        text = "".join(self.line(ev) + "\n" for ev in self._decoder.events(batch))
        with self._lock:
            if self._held is not None:
                self._held.append(text)
            else:
                self._write(text)

    def line(self, ev: Event) -> str:
        return json.dumps(ev.to_dict(), separators=(",", ":")) if self._json else format_event(ev)

    def close(self) -> None:
        self._decoder.close()

    def _write(self, text: str) -> None:
        if self.broken or not text:
            return
        try:
            self._stream.write(text)
            self._stream.flush()
        except (OSError, ValueError):
            self.broken = True


class _FirstLineFormatter(logging.Formatter):
    """Server log records on stderr: the first line only (tracebacks stay out of the way)."""

    def format(self, record: logging.LogRecord) -> str:
        return "workbench: " + record.getMessage().split("\n", 1)[0]


def _configure_logging() -> Any:
    """Engine log lines on stderr, first lines only; returns what undoes it (main() is called in-process too)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_FirstLineFormatter())
    logger = logging.getLogger("workbench")
    before = (logger.level, logger.propagate)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False

    def undo() -> None:
        logger.removeHandler(handler)
        logger.setLevel(before[0])
        logger.propagate = before[1]

    return undo


class SessionLogHandler(logging.Handler):
    """Engine log lines into the session log too, so a saved session keeps them."""

    def __init__(self, writer: SessionWriter) -> None:
        super().__init__(logging.INFO)
        self._writer = writer

    def emit(self, record: logging.LogRecord) -> None:
        try:
            params = getattr(record, "wb_params", None)
            self._writer.log(
                record.levelno,
                record.getMessage(),
                int(getattr(record, "wb_source", 0)),
                getattr(record, "wb_code", None),
                {k: _jsonable(v) for k, v in params.items()} if isinstance(params, dict) else None,
            )
        except Exception:  # logging must never take a server down
            self.handleError(record)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return str(value)


def open_writer(path: str | None, listeners: tuple[Any, ...] = ()) -> SessionWriter:
    """A SessionWriter for --record (or none), with engine logging recorded into it."""
    from workbench.session.writer import prefer_the_flusher

    prefer_the_flusher()
    try:
        writer = SessionWriter(path, listeners=listeners, app=f"workbench {__version__}")
    except OSError as exc:
        raise WorkbenchError(
            "record.open", field="record", path=path, reason=exc.strerror or str(exc)
        ) from None
    handler = SessionLogHandler(writer)
    logging.getLogger("workbench").addHandler(handler)
    writer.log_handler = handler  # type: ignore[attr-defined]
    return writer


def close_writer(writer: SessionWriter) -> None:
    logging.getLogger("workbench").removeHandler(writer.log_handler)  # type: ignore[attr-defined]
    writer.close()


def _say(line: Message | WorkbenchError) -> None:
    """One line on stderr in the locale's language, which a terminal that cannot show it still gets."""
    if isinstance(sys.stderr, io.TextIOWrapper):
        sys.stderr.reconfigure(errors="backslashreplace")
    # printable(): a path or a value the user typed may hold a newline or an escape sequence
    sys.stderr.write(f"workbench: {printable(line.text(current_language()))}\n")
    sys.stderr.flush()


def _fail(problem: Message | WorkbenchError, status: int = EXIT_BAD_INPUT) -> int:
    _say(problem)
    return status


def _default_host(family: str, host: str | None) -> str:
    if host is not None:
        return host
    return "::1" if family == Family.INET6 else "127.0.0.1"


# -- serve ----------------------------------------------------------------------------------


def _server_spec(args: argparse.Namespace) -> ServerSpec:
    rules = None
    if args.rules is not None:
        rules = _read_rules(args.rules)
        args.handler = Handler.RULES.value
    return ServerSpec(
        family=args.family,
        type=args.type,
        host=_default_host(args.family, args.host),
        port=args.port,
        path=args.path,
        backlog=args.backlog,
        mixin=args.mixin,
        handler=args.handler,
        delay=args.delay,
        fail=args.fail,
        timeout=args.timeout,
        allow=tuple(args.allow),
        base=args.base,
        fail_in=args.fail_in,
        loop=args.loop,
        rules=rules,
        tls=args.tls,
        join=tuple(args.join),
        join_interface=args.join_interface,
    )


def _read_rules(path: str) -> str:
    """The text of a rules file, checked first: a bad file is one line naming the file and the rule."""
    from workbench.rulesfile import load_rules

    load_rules(path)
    with open(path, encoding="utf-8-sig") as file:
        return file.read()


def serve(args: argparse.Namespace) -> int:
    spec = _server_spec(args)  # SpecError -> exit 2 in main()
    if args.print_code:
        _refuse_code_for(("--tls", spec.tls), ("--join", spec.join))
        sys.stdout.write(codegen.server_program(spec))
        return EXIT_OK
    printer = EventPrinter(sys.stdout, args.json, args.record)
    # The handler only appends: taking a lock in a signal handler can deadlock the main thread.
    signals: list[int] = []
    previous = {sig: signal.signal(sig, lambda signum, frame: signals.append(signum)) for sig in STOP_SIGNALS}
    writer: SessionWriter | None = None
    runner: ServerRunner | None = None
    try:
        # server_bind's exit event carries the port, and scripts connect as soon as they read
        # it; hold the lines until listen() (server_activate) is done so nobody is refused.
        printer.hold()
        writer = open_writer(args.record, (printer,))
        runner = ServerRunner(spec, writer)
        try:
            runner.start()
            writer.flush()
        finally:
            printer.release()
        if spec.binds_all_interfaces:
            _say(message("serve.all_interfaces"))
        if not args.json:
            _say(message("serve.serving", server=runner.id, address=format_address(runner.address)))
        if runner.tls_info is not None:
            _say(message("tls.serving", **{**runner.tls_info, "names": ", ".join(runner.tls_info["names"])}))
        while not signals:
            time.sleep(0.1)
            if not runner.running:  # pragma: no cover - the serve thread died
                return _fail(message("serve.stopped"), EXIT_FAILED)
        _stop(runner, signals)
        return EXIT_OK
    finally:
        if runner is not None:
            runner.stop()  # no-op after _stop(); cleans up after errors
        if writer is not None:
            close_writer(writer)
        printer.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _stop(runner: ServerRunner, signals: list[int], grace: float = 10.0) -> None:
    """Stop gracefully (in-flight requests finish); another Ctrl+C ends them at once."""
    seen = len(signals)
    stopper = threading.Thread(target=runner.stop, kwargs={"timeout": grace}, name="workbench-stop")
    stopper.start()
    stopper.join(0.5)
    if stopper.is_alive() and runner.active_requests:
        _say(message("serve.waiting", seconds=f"{grace:.0f}", count=runner.active_requests))
    while stopper.is_alive():
        stopper.join(0.1)
        if len(signals) > seen:
            seen = len(signals)
            runner.end_requests()


# -- send -----------------------------------------------------------------------------------


def send(args: argparse.Namespace) -> int:
    from workbench.hexfmt import hexdump, parse_hex

    # argv arrives decoded with surrogateescape: fsencode gives back the very bytes typed
    payload = parse_hex(args.hex) if args.hex is not None else os.fsencode(args.text)
    if args.read is not None and not 0 <= args.read <= READ_LIMIT:
        raise WorkbenchError("send.read_range", field="read", value=args.read, limit=READ_LIMIT)
    if args.family != Family.UNIX and args.port is None:
        raise WorkbenchError("send.port_missing", field="port")
    spec = ClientSpec(
        family=args.family,
        type=args.type,
        host=_default_host(args.family, args.host),
        port=args.port if args.port is not None else 0,
        path=args.path,
        timeout=args.timeout,
        tls=args.tls,
        tls_verify=not args.insecure,
        tls_ca=args.cafile,
        broadcast=args.broadcast,
        multicast_ttl=args.ttl,
        multicast_loop=None if args.multicast_loop is None else args.multicast_loop == "on",
        multicast_interface=args.multicast_interface,
    )
    if args.print_code:
        _refuse_code_for(("--tls", spec.tls), ("--broadcast", spec.broadcast), ("--ttl", args.ttl is not None),
                         ("--multicast-interface", spec.multicast_interface))  # fmt: skip
        sys.stdout.write(codegen.client_program(spec, payload, args.read))
        return EXIT_OK
    printer = EventPrinter(sys.stdout, as_json=True, path=args.record) if args.json else None
    writer = open_writer(args.record, (printer,) if printer is not None else ())
    try:
        reply = asyncio.run(_exchange(spec, writer, payload, args.read))
    except WorkbenchError as exc:
        received = getattr(exc, "received", None)
        close_writer(writer)
        if received and printer is None:
            sys.stdout.write(hexdump(received) + "\n")
            sys.stdout.flush()
        return _fail(exc, EXIT_FAILED)
    finally:
        if printer is not None:
            printer.close()
    close_writer(writer)
    if printer is None:
        sys.stdout.write(hexdump(reply) + ("\n" if reply else ""))
        sys.stdout.flush()
    if not spec.tls and (record := _tls_record(reply)):
        _say(message("tls.plain_reply", record=record))
    return EXIT_OK


def _tls_record(reply: bytes) -> str | None:
    from workbench.tls import looks_like_tls

    return looks_like_tls(reply)


def _refuse_code_for(*options: tuple[str, object]) -> None:
    """--print-code writes plain socketserver programs: refuse the options it does not write yet."""
    for name, used in options:
        if used:
            raise WorkbenchError("codegen.unsupported", field=name.lstrip("-").replace("-", "_"), option=name)


#: --read's upper bound: what one exchange may gather in memory.
READ_LIMIT = 1 << 30


async def _exchange(spec: ClientSpec, writer: SessionWriter, payload: bytes, read: int | None) -> bytes:
    from workbench.client import Client

    client = Client(spec, writer)
    try:
        if spec.type is SockType.STREAM:
            await client.connect()
            await client.sendall(payload)
            if read is not None:
                return await client.read_exactly(read)
            try:
                await client.shutdown(socket.SHUT_WR)  # the server sees end-of-file and finishes
            except WorkbenchError:
                # A server that replies without reading (daytime) may already have closed;
                # what it sent can still be waiting for us.
                try:
                    return await client.read_until_close()
                except WorkbenchError:
                    pass
                raise
            return await client.read_until_close()
        await client.sendto(payload)
        reply = b""
        while True:  # one datagram, or datagrams until N bytes
            data, _ = await client.recvfrom(timeout=spec.timeout)
            reply += data
            if read is None or len(reply) >= read:
                return reply
    finally:
        client.close()


# -- export ---------------------------------------------------------------------------------


def export(args: argparse.Namespace) -> int:
    if args.pcapng is not None:
        return _export_pcapng(args.file, args.pcapng)
    from workbench.session.export import export_jsonl
    from workbench.session.format import FormatError

    try:
        export_jsonl(args.file, sys.stdout)
    except FileNotFoundError:
        raise WorkbenchError("export.missing", field="file", path=args.file) from None
    except IsADirectoryError:
        raise WorkbenchError("export.directory", field="file", path=args.file) from None
    except PermissionError:
        raise WorkbenchError("export.denied", field="file", path=args.file) from None
    except FormatError as exc:
        raise WorkbenchError("export.format", field="file", path=args.file, reason=str(exc)) from None
    except BrokenPipeError:
        return EXIT_OK
    return EXIT_OK


def _export_pcapng(session: str, out: str) -> int:
    from workbench.session.pcap_export import export_session_pcapng

    result = export_session_pcapng(session, out)  # WorkbenchError -> one line, exit 2 in main()
    for warning in result.warnings:
        _say(message("export.pcapng.warning", what=warning))
    _say(message("export.pcapng.done", path=out, packets=result.packets,
                 conversations=result.conversations, interfaces=result.interfaces))  # fmt: skip
    return EXIT_OK


# -- entry point ----------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Console script ``workbench``; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_BAD_INPUT
    if args.command == "host":
        from workbench.host.loop import main as host_main

        return host_main(args.session)
    if args.command == "explain":
        return explain_command.run(args)
    unconfigure = _configure_logging()
    commands = {"serve": serve, "send": send, "export": export, "relay": relay_command.run,
                "workspace": workspace_command.run}  # fmt: skip
    try:
        return commands[args.command](args)
    except WorkbenchError as exc:
        return _fail(exc)
    except KeyboardInterrupt:  # Ctrl+C before the handlers were installed
        return EXIT_FAILED
    finally:
        unconfigure()
        try:
            sys.stdout.flush()
        except OSError:
            # stdout's reader is gone; make the interpreter's final flush quiet too
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())

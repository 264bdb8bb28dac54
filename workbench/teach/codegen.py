"""The standalone program a ``serve`` or ``send`` command line stands for (``--print-code``).

``server_program(spec)`` and ``client_program(spec, payload, read)`` return the source of a short
Python program that uses only the standard library (runnable with ``python3 -I``) and does what
the validated spec describes: the real socketserver classes and hooks for a server, one socket
call per line for a client. Every value from the user enters the program through ``repr()``, so
no host, path or payload can change the code around it.

Departures from ``workbench serve``, each said in a comment of the program: ThreadingMixIn
servers set ``daemon_threads`` and ForkingMixIn servers clear ``block_on_close``, so Ctrl+C never
waits for an idle client (the workbench waits a grace period instead).
"""

from __future__ import annotations

from workbench.spec import Base, ClientSpec, Family, Handler, Loop, Mixin, ServerSpec, SockType

RECV_SIZE = 65536
DAYTIME_FORMAT = "%A, %B %d, %Y %H:%M:%S-%Z\r\n"  # as workbench/handlers.py's DaytimeHandler

_SERVER_CLASS = {
    (Family.INET, SockType.STREAM): "TCPServer",
    (Family.INET6, SockType.STREAM): "TCPServer",
    (Family.UNIX, SockType.STREAM): "UnixStreamServer",
    (Family.INET, SockType.DGRAM): "UDPServer",
    (Family.INET6, SockType.DGRAM): "UDPServer",
    (Family.UNIX, SockType.DGRAM): "UnixDatagramServer",
}
_SERVER_KIND = {
    Handler.ECHO: "An echo server",
    Handler.UPPER: "An upper-casing echo server",
    Handler.DISCARD: "A discard server",
    Handler.DAYTIME: "A daytime server",
    Handler.RULES: "A server that answers by rules",
}
_HANDLER_DOC = {
    Handler.ECHO: "Sends back every byte it receives.",
    Handler.UPPER: "Sends back what it receives, with ASCII letters in upper case.",
    Handler.DISCARD: "Reads everything and replies nothing (RFC 863).",
    Handler.DAYTIME: "Sends the date and time, whatever the client sends (RFC 867).",
    Handler.RULES: "Cuts what arrives into frames and answers each by the first rule that matches it.",
}


def _indent(lines: list[str], level: int = 1) -> list[str]:
    return [("    " * level + line) if line else "" for line in lines]


def _program(doc: str, imports: list[str], body: list[str]) -> str:
    head = ["#!/usr/bin/env python3", f'"""{doc}"""', ""]
    return "\n".join([*head, *(f"import {name}" for name in sorted(set(imports))), "", *body]) + "\n"


# -- the server --------------------------------------------------------------------------------


def _fails_in_handle(spec: ServerSpec) -> bool:
    return spec.fail and spec.fail_in == "handle"


_FAIL_HANDLE = 'raise RuntimeError("handle() raised on purpose (--fail), to show handle_error()")'


def _handle_body(spec: ServerSpec) -> list[str]:
    """The lines of handle() for the spec's handler, socket type and handler base class."""
    if spec.handler is Handler.RULES and not _fails_in_handle(spec):
        from workbench.teach.codegen_rules import rules_handle_body

        return rules_handle_body(spec)
    if spec.base is Base.STREAM:
        return _stream_handler_body(spec)
    if spec.base is Base.DATAGRAM:
        return _datagram_handler_body(spec)
    delay = ["time.sleep(DELAY)  # the --delay option: wait before each reply"] if spec.delay else []
    # (discard and --fail send no reply, so they never wait.)
    if spec.type is SockType.STREAM:
        if _fails_in_handle(spec):
            return [
                f"self.request.recv({RECV_SIZE})",
                _FAIL_HANDLE,
            ]
        if spec.handler is Handler.DAYTIME:
            return [
                *delay,
                "now = time.strftime(DAYTIME_FORMAT)",
                'self.request.sendall(now.encode("ascii", "replace"))',
                "# Returning ends the request: the server shuts the connection down and closes it.",
            ]
        if spec.handler is Handler.DISCARD:
            return [
                '# Read and drop until recv() returns b"": the client closed or shut down its side.',
                f"while self.request.recv({RECV_SIZE}):",
                "    pass",
            ]
        reply = "data.upper()" if spec.handler is Handler.UPPER else "data"
        return [
            "# self.request is the socket connected to this one client.",
            "while True:",
            f"    data = self.request.recv({RECV_SIZE})  # whatever has arrived, at most {RECV_SIZE} bytes",
            '    if not data:  # b"": the client closed or shut down its sending side',
            "        break",
            *_indent(delay),
            f"    self.request.sendall({reply})",
        ]
    lines = [
        "# A datagram server's request is (the datagram's bytes, the server's socket).",
        "data, sock = self.request",
    ]
    if _fails_in_handle(spec):
        return [*lines, _FAIL_HANDLE]
    if spec.handler is Handler.DISCARD:
        return [*lines, "# No reply: the datagram is simply dropped."]
    if spec.family is Family.UNIX:
        lines += [
            "if not self.client_address:",
            "    return  # the client bound no path of its own: there is nowhere to reply to",
        ]
    if spec.handler is Handler.DAYTIME:
        lines += [*delay, 'reply = time.strftime(DAYTIME_FORMAT).encode("ascii", "replace")']
    else:
        lines += [*delay, f"reply = {'data.upper()' if spec.handler is Handler.UPPER else 'data'}"]
    return [*lines, "sock.sendto(reply, self.client_address)  # one datagram back to the sender"]


def _stream_handler_body(spec: ServerSpec) -> list[str]:
    """handle() on StreamRequestHandler: lines from self.rfile, answers to self.wfile."""
    delay = ["time.sleep(DELAY)  # the --delay option: wait before each reply"] if spec.delay else []
    if _fails_in_handle(spec):
        return ["self.rfile.readline()", _FAIL_HANDLE]
    if spec.handler is Handler.DAYTIME:
        return [
            *delay,
            "now = time.strftime(DAYTIME_FORMAT)",
            'self.wfile.write(now.encode("ascii", "replace"))',
            "# Returning ends the request: finish() flushes wfile, the server closes the connection.",
        ]
    if spec.handler is Handler.DISCARD:
        return [
            '# Read and drop lines until readline() returns b"": the client closed its side.',
            f"while self.rfile.readline({RECV_SIZE}):",
            "    pass",
        ]
    reply = "line.upper()" if spec.handler is Handler.UPPER else "line"
    return [
        "# self.rfile reads the socket through a buffer: readline() returns one line,",
        "# up to and including b\"\\n\" (or what is left when the client stops sending).",
        "while True:",
        f"    line = self.rfile.readline({RECV_SIZE})",
        '    if not line:  # b"": the client closed or shut down its sending side',
        "        break",
        *_indent(delay),
        f"    self.wfile.write({reply})  # wfile is unbuffered here: this is one sendall()",
    ]


def _datagram_handler_body(spec: ServerSpec) -> list[str]:
    """handle() on DatagramRequestHandler: the datagram in self.rfile, the reply into self.wfile."""
    delay = ["time.sleep(DELAY)  # the --delay option: wait before the reply"] if spec.delay else []
    read = "self.rfile.read()  # the whole datagram"
    if _fails_in_handle(spec):
        return [read, _FAIL_HANDLE]
    if spec.handler is Handler.DISCARD:
        return [read, "# Nothing written: finish() still sends what wfile holds, here an empty datagram."]
    if spec.handler is Handler.DAYTIME:
        lines = ["# What the datagram said does not matter: the answer is the time."]
        reply = 'time.strftime(DAYTIME_FORMAT).encode("ascii", "replace")'
    else:
        lines = [f"data = {read}"]
        reply = "data.upper()" if spec.handler is Handler.UPPER else "data"
    return [*lines, *delay, f"self.wfile.write({reply})  # finish() sends wfile's bytes with one sendto()"]


def _handler_methods(spec: ServerSpec) -> list[str]:
    """setup()/finish() overrides the spec needs, before handle()."""
    lines: list[str] = []
    stream = spec.type is SockType.STREAM
    if spec.fail and spec.fail_in == "setup":
        lines += [
            "def setup(self):",
            "    super().setup()",
            '    raise RuntimeError("setup() raised on purpose (--fail-in setup): handle() and finish() never run")',
            "",
        ]
    elif spec.timeout is not None and stream and spec.base is Base.BASE:
        lines += [
            "def setup(self):",
            "    # Like StreamRequestHandler.timeout: recv() on an idle connection raises TimeoutError.",
            "    self.request.settimeout(TIMEOUT)",
            "",
        ]
    if spec.base is Base.DATAGRAM and spec.family is Family.UNIX:
        lines += [
            "def finish(self):",
            "    if self.client_address:  # an unnamed AF_UNIX client: there is nowhere to reply to",
            "        super().finish()",
            "",
        ]
    return lines


def _server_attributes(spec: ServerSpec) -> list[str]:
    stream = spec.type is SockType.STREAM
    lines = []
    if spec.family is Family.INET6:
        lines.append("address_family = socket.AF_INET6  # TCPServer and UDPServer default to AF_INET")
    if spec.allow_reuse_address:
        lines.append("allow_reuse_address = True  # SO_REUSEADDR before bind(): restart despite TIME_WAIT")
    if stream:
        lines.append("request_queue_size = BACKLOG  # the backlog server_activate() passes to listen()")
    else:
        lines.append("max_packet_size = 65536  # UDPServer reads 8192 bytes by default and drops the rest")
    if spec.mixin is Mixin.THREADING:
        lines.append("daemon_threads = True  # Ctrl+C does not wait for a client that stays connected")
    if spec.mixin is Mixin.FORKING:
        lines.append("block_on_close = False  # server_close() does not wait for children still serving")
    if spec.timeout is not None:
        lines.append("timeout = TIMEOUT  # only handle_request() uses it; serve_forever() ignores it")
        if spec.loop is Loop.ONE_AT_A_TIME:
            lines += [
                "",
                "def handle_timeout(self):",
                "    # handle_request() calls it when no request came within self.timeout seconds.",
                '    print(f"handle_timeout(): no request within {TIMEOUT} s", flush=True)',
            ]
    if spec.allow:
        lines += [
            "",
            "def verify_request(self, request, client_address):",
            "    # Runs before the request is processed: False closes it without a reply.",
            "    ip = ipaddress.ip_address(client_address[0])",
        ]
        if spec.family is Family.INET6:
            lines += [
                "    if ip.ipv4_mapped:  # an IPv4 client of an IPv6 socket, as ::ffff:a.b.c.d",
                "        ip = ip.ipv4_mapped",
            ]
        lines.append("    return any(ip in network for network in ALLOWED)")
    return lines


def _serve_loop(spec: ServerSpec) -> list[str]:
    if spec.loop is Loop.ONE_AT_A_TIME:
        waits = "or handle_timeout() after TIMEOUT s without one" if spec.timeout is not None else "it waits as long as it takes"
        return [
            "while True:",
            f"    server.handle_request()  # one request, {waits}",
        ]
    return ["server.serve_forever()  # get_request, verify_request, process_request, ... per request"]


def server_program(spec: ServerSpec) -> str:
    """A standalone socketserver program doing what ``workbench serve`` does for ``spec``."""
    base = _SERVER_CLASS[(spec.family, spec.type)]
    mixin = {Mixin.THREADING: "ThreadingMixIn", Mixin.FORKING: "ForkingMixIn"}.get(spec.mixin)
    bases = f"socketserver.{mixin}, socketserver.{base}" if mixin else f"socketserver.{base}"
    handler = "FailingHandler" if spec.fail else f"{spec.handler.value.capitalize()}Handler"
    imports = ["signal", "socketserver"]
    constants: list[str] = []
    if spec.family is Family.UNIX:
        imports.append("os")
        constants.append(f"PATH = {spec.path!r}  # the socket file bind() creates")
        address, where = "PATH", 'print(f"Serving on {PATH} (Ctrl+C stops)", flush=True)'
    else:
        note = (
            "all interfaces: other machines can connect" if spec.binds_all_interfaces else "this machine only"
        )
        constants.append(f"HOST, PORT = {spec.host!r}, {spec.port!r}  # {note}; port 0 picks a free port")
        address = "(HOST, PORT)"
        shown = "[{host}]:{port}" if spec.family is Family.INET6 else "{host}:{port}"
        where = f'print(f"Serving on {shown} (Ctrl+C stops)", flush=True)'
    if spec.family is Family.INET6:
        imports.append("socket")
    if spec.type is SockType.STREAM:
        constants.append(f"BACKLOG = {spec.backlog!r}")
    replies = not _fails_in_handle(spec) and spec.handler is not Handler.DISCARD
    if spec.delay and replies:
        constants.append(f"DELAY = {float(spec.delay)!r}  # seconds before each reply")
    if spec.timeout is not None:
        constants.append(f"TIMEOUT = {float(spec.timeout)!r}  # seconds a connection may stay idle")
    if spec.allow:
        imports.append("ipaddress")
        networks = ", ".join(f"ipaddress.ip_network({n!r})" for n in spec.allow)
        constants.append(f"ALLOWED = [{networks}]  # the clients verify_request() lets in")
    if spec.handler is Handler.DAYTIME and not _fails_in_handle(spec):
        constants.append(f"DAYTIME_FORMAT = {DAYTIME_FORMAT!r}")
    if replies and (spec.delay or spec.handler is Handler.DAYTIME):
        imports.append("time")
    if spec.handler is Handler.RULES and replies:
        from workbench.teach.codegen_rules import rules_constants, rules_imports

        rules = spec.parse_rules()
        assert rules is not None  # a rules spec always has its rules
        imports += rules_imports(rules)
        constants += rules_constants(rules)

    methods = _handler_methods(spec)
    handler_attributes: list[str] = []
    if spec.timeout is not None and spec.type is SockType.STREAM and spec.base is Base.STREAM:
        handler_attributes = [
            "timeout = TIMEOUT  # StreamRequestHandler.setup() sets it on the socket: an idle recv raises TimeoutError",
            "",
        ]
    failing = f"A server whose {spec.fail_in}() fails"
    kind = failing if spec.fail else _SERVER_KIND[spec.handler]
    doc = (
        f"{kind}: socketserver.{base}"
        f"{' with ' + mixin if mixin else ''}, {spec.family.label}.\n\n"
        "What `workbench serve --print-code` printed; only the standard library.\n"
        "Run it with python3, stop it with Ctrl+C.\n"
    )
    closes = "the listening socket" if spec.type is SockType.STREAM else "the server's socket"
    cleanup = [f"server.server_close()  # closes {closes}"]
    if spec.family is Family.UNIX:
        cleanup.append("os.unlink(PATH)  # the socket file outlives the socket: remove it")
    body = [
        *constants,
        "",
        "",
        f"class {handler}(socketserver.{spec.base.value}):",
        f'    """{"Raises on purpose: handle_error() prints the traceback." if spec.fail else _HANDLER_DOC[spec.handler]}"""',
        "",
        *_indent(handler_attributes),
        *_indent(methods),
        "    def handle(self):",
        *_indent(_handle_body(spec), 2),
        "",
        "",
        f"class Server({bases}):",
        *_indent(_server_attributes(spec)),
        "",
        "",
        "def main():",
        "    # Let `kill` (SIGTERM) stop the server the way Ctrl+C does.",
        "    signal.signal(signal.SIGTERM, signal.default_int_handler)",
        "    # The constructor binds (server_bind) and listens (server_activate)."
        if spec.type is SockType.STREAM
        else "    # The constructor binds (server_bind); a datagram server does not listen.",
        f"    server = Server({address}, {handler})",
        *(["    host, port = server.server_address[:2]  # the real port, from getsockname()"]
          if spec.family is not Family.UNIX else []),
        f"    {where}",
        "    try:",
        *_indent(_serve_loop(spec), 2),
        "    except KeyboardInterrupt:",
        "        pass",
        "    finally:",
        *_indent(cleanup, 2),
        "",
        "",
        'if __name__ == "__main__":',
        "    main()",
    ]  # fmt: skip
    return _program(doc, imports, body)


# -- the client --------------------------------------------------------------------------------


def _stream_exchange(read: int | None) -> list[str]:
    if read is not None:
        return [
            "sock.connect(ADDRESS)",
            "sock.sendall(PAYLOAD)",
            'reply = b""',
            "while len(reply) < READ:  # recv() may return fewer bytes than asked for",
            "    chunk = sock.recv(READ - len(reply))",
            "    if not chunk:",
            '        raise SystemExit(f"the server closed the connection after {len(reply)} of {READ} bytes")',
            "    reply += chunk",
        ]
    return [
        "sock.connect(ADDRESS)",
        "try:",
        "    sock.sendall(PAYLOAD)",
        '    sock.shutdown(socket.SHUT_WR)  # "no more from me": the server\'s recv() returns b""',
        "except OSError:",
        "    pass  # the server closed first (daytime replies without reading); its reply still waits",
        'reply = b""',
        "while True:",
        "    try:",
        f"        chunk = sock.recv({RECV_SIZE})",
        "    except ConnectionResetError:  # it closed without reading all we sent: the end as well",
        "        break",
        '    if not chunk:  # b"": the server closed its side',
        "        break",
        "    reply += chunk",
    ]


def _datagram_exchange(read: int | None) -> list[str]:
    lines = ["sock.sendto(PAYLOAD, ADDRESS)  # one datagram; no connect() needed"]
    if read is None:
        return [*lines, f"reply, server = sock.recvfrom({RECV_SIZE})  # one datagram back, and who sent it"]
    return [
        *lines,
        'reply = b""',
        "while len(reply) < READ:  # whole datagrams until READ bytes have come",
        f"    data, server = sock.recvfrom({RECV_SIZE})",
        "    reply += data",
    ]


def client_program(spec: ClientSpec, payload: bytes, read: int | None = None) -> str:
    """A standalone client doing what ``workbench send`` does: send ``payload``, print the reply."""
    stream = spec.type is SockType.STREAM
    unix_datagram = spec.family is Family.UNIX and not stream
    imports = ["socket"]
    if spec.family is Family.UNIX:
        constants = [f"ADDRESS = {spec.path!r}  # the server's socket file"]
    else:
        constants = [f"ADDRESS = ({spec.host!r}, {spec.port!r})"]
    constants.append(f"PAYLOAD = {bytes(payload)!r}")
    if read is not None:
        constants.append(
            f"READ = {int(read)!r}  # bytes to read" + (" (whole datagrams)" if not stream else "")
        )
    calls = [f"sock = socket.socket(socket.{spec.family.label}, socket.{spec.type.label})"]
    if spec.timeout is not None:
        calls.append(f"sock.settimeout({float(spec.timeout)!r})  # a call waiting longer raises TimeoutError")
    exchange = _stream_exchange(read) if stream else _datagram_exchange(read)
    if unix_datagram:
        imports += ["os", "tempfile"]
        constants += [
            "CLIENT_DIR = tempfile.mkdtemp()",
            'CLIENT_PATH = os.path.join(CLIENT_DIR, "client.sock")',
        ]
        calls += [
            "# The server replies to the sender's path: without one of our own, no reply reaches us.",
            "sock.bind(CLIENT_PATH)",
            "try:",
            *_indent(exchange),
            "finally:",
            "    sock.close()",
            "    os.unlink(CLIENT_PATH)",
            "    os.rmdir(CLIENT_DIR)",
        ]
    else:
        calls += [*exchange, "sock.close()"]
    doc = (
        f"An {spec.family.label} {spec.type.label} client: send one payload, print the reply.\n\n"
        "What `workbench send --print-code` printed; only the standard library.\n"
    )
    return _program(doc, imports, [*constants, "", *calls, "print(reply)"])

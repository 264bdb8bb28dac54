"""The parts of a printed server program that answer by rules: the framing, the rules, handle()'s loop.

``workbench.teach.codegen`` asks this module for a "rules" server. The printed program does
what ``workbench.rules`` does with the same rules file, in plain standard-library code a student
can read: it cuts what arrives into frames (``FRAMING``), answers each whole frame by the first
rule that matches all of it, and sends nothing for a frame no rule matches. Patterns, literal
bytes and reply templates are worked out here, once: the program holds bytes, compiled regexes
and the parts of each reply (bytes, or the number or name of a group), so it needs no parser.

One departure, said in the program: the workbench stops framing a stream past 16 MiB without a
frame end; the printed program keeps collecting.
"""

from __future__ import annotations

from workbench.framing import DelimiterFramer, FixedFramer, Framer, LengthFramer, LineFramer, RawFramer
from workbench.rules import RuleSet
from workbench.spec import Base, Family, ServerSpec, SockType

RECV_SIZE = 65536


def rules_imports(rules: RuleSet) -> list[str]:
    imports = ["re"] if any(rule.regex is not None for rule in rules.rules) else []
    return [*imports, "time"] if any(rule.delay for rule in rules.rules) else imports


def rules_constants(rules: RuleSet) -> list[str]:
    """FRAMING, RULES and the two functions the handler calls, as module-level lines."""
    lines = [
        "",
        f"FRAMING = {rules.framing!r}  # how the bytes that arrive are cut into frames",
        "# Each rule: (name, regex or None, literal bytes or None, reply parts, delay in seconds).",
        "# A reply part is bytes, or the number or name of a regex group (0: the whole frame).",
        "RULES = [",
    ]
    for index, rule in enumerate(rules.rules):
        name = rule.name or f"rule {index + 1}"
        if rule.regex is not None:
            match = f"re.compile({_pattern_literal(rule.pattern)}, re.DOTALL | re.ASCII), None"
        else:
            match = f"None, {rule.literal!r}"
        lines.append(f"    ({name!r}, {match}, {rule.template.parts!r}, {rule.delay!r}),")
    return [*lines, "]", "", "", *_split_function(rules.new_framer()), "", "", *_ANSWER]


def _pattern_literal(pattern: str) -> str:
    """A regex as a student writes it, r'PING (\\d+)\\n', where a raw string can hold it; else repr()."""
    for quote in ("'", '"'):
        if quote not in pattern and pattern.isprintable() and not pattern.endswith("\\"):
            return f"r{quote}{pattern}{quote}"
    return repr(pattern)


def _split_function(framer: Framer) -> list[str]:
    head = [
        "def split_frames(buffer):",
        '    """The whole frames at the start of ``buffer``, and the bytes after them (not a frame yet)."""',
    ]
    if isinstance(framer, RawFramer):
        return [*head, "    return ([buffer] if buffer else []), b\"\"  # raw: each chunk is one frame"]
    if isinstance(framer, (LineFramer, DelimiterFramer)):
        end = framer.terminator
        what = "a line: up to and including b\"\\n\"" if isinstance(framer, LineFramer) else "up to and including the delimiter"
        return [
            *head,
            f"    end = {end!r}  # {what}",
            "    frames = []",
            "    start = 0",
            "    while (found := buffer.find(end, start)) != -1:",
            "        frames.append(buffer[start : found + len(end)])",
            "        start = found + len(end)",
            "    return frames, buffer[start:]",
        ]
    if isinstance(framer, LengthFramer):
        size, order = framer.prefix_size, framer.byteorder
        return [
            *head,
            f"    # a {size}-byte {order}-endian length, then that many bytes; the frame is both",
            "    frames = []",
            f"    while len(buffer) >= {size}:",
            f"        end = {size} + int.from_bytes(buffer[:{size}], {order!r})",
            "        if len(buffer) < end:",
            "            break",
            "        frames.append(buffer[:end])",
            "        buffer = buffer[end:]",
            "    return frames, buffer",
        ]
    assert isinstance(framer, FixedFramer)
    return [
        *head,
        f"    size = {framer.size!r}  # every frame is exactly this many bytes",
        "    whole = len(buffer) // size * size",
        "    return [buffer[i : i + size] for i in range(0, whole, size)], buffer[whole:]",
    ]


_ANSWER = [
    "def answer(frame):",
    '    """(reply, delay) of the first rule that matches the whole frame, or None: no reply."""',
    '    text = frame.decode("latin-1")  # one character per byte: what the patterns see',
    "    for name, regex, literal, parts, delay in RULES:",
    "        match = regex.fullmatch(text) if regex is not None else None",
    "        if (regex is not None and match is None) or (regex is None and frame != literal):",
    "            continue",
    '        reply = b""',
    "        for part in parts:",
    "            if isinstance(part, bytes):",
    "                reply += part",
    "            elif part == 0:",
    "                reply += frame",
    "            else:  # a group's text, back as the frame's own bytes",
    '                reply += (match.group(part) or "").encode("latin-1")',
    "        return reply, delay",
    "    return None",
]


def rules_handle_body(spec: ServerSpec) -> list[str]:
    """handle() for a rules server, on the spec's base class and socket type."""
    extra = " + DELAY" if spec.delay else ""
    wait = [f"if delay{extra}:", f"    time.sleep(delay{extra})  # the rule's delay" + (" and --delay" if extra else "")]
    if spec.type is SockType.DGRAM:
        if spec.base is Base.DATAGRAM:
            read, send = "self.rfile.read()  # the whole datagram", "self.wfile.write(reply)  # finish() sends wfile's bytes as one datagram"
        else:
            read, send = "self.request[0]  # (the datagram's bytes, the server's socket)", "self.request[1].sendto(reply, self.client_address)"
        lines = [
            f"datagram = {read}",
            "frames, rest = split_frames(datagram)  # frames never span datagrams; rest gets no reply",
        ]
        if spec.family is Family.UNIX and spec.base is not Base.DATAGRAM:
            lines += ["if not self.client_address:", "    return  # an unnamed AF_UNIX client: nowhere to reply to"]
        return [
            *lines,
            "for frame in frames:",
            "    found = answer(frame)",
            "    if found is None:",
            "        continue  # no rule matched: no reply",
            "    reply, delay = found",
            *_indent(wait),
            f"    {send}",
        ]
    if spec.base is Base.STREAM:
        read = f"self.rfile.readline({RECV_SIZE})  # up to a b\"\\n\"; the frames are cut below"
        send = "self.wfile.write(reply)  # unbuffered: one sendall()"
    else:
        read = f"self.request.recv({RECV_SIZE})  # whatever has arrived"
        send = "self.request.sendall(reply)"
    return [
        'pending = b""  # bytes of a frame not complete yet',
        "# (The workbench stops framing past 16 MiB without a frame end; this keeps collecting.)",
        "while True:",
        f"    data = {read}",
        '    if not data:  # b"": the client closed its side; an incomplete frame gets no reply',
        "        break",
        "    frames, pending = split_frames(pending + data)",
        "    for frame in frames:",
        "        found = answer(frame)",
        "        if found is None:",
        "            continue  # no rule matched: no reply",
        "        reply, delay = found",
        *_indent(wait, 2),
        f"        {send}",
    ]


def _indent(lines: list[str], level: int = 1) -> list[str]:
    return [("    " * level + line) if line else "" for line in lines]

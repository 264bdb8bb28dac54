"""A rules file loads into rules that answer, any problem is one line naming the rule, and it saves back."""

from __future__ import annotations

import socket
import socketserver
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.rules import MAX_NAME, Responder, Rule, RulesError, RuleSet
from workbench.rulesfile import (
    MAX_FILE_BYTES,
    dump_rules,
    load_rules,
    parse_rules,
    responder_for_file,
    toml_string,
)

# The example of issue #11, as a user would write it.
EXAMPLE = """\
framing = "line"          # or "raw", "length:u16be", "fixed:8", "delimiter:\\u0003", …
[[rule]]
name = "ping"             # optional; default "rule 1", "rule 2", …
match = 'PING (\\d+)\\r?\\n' # a regex over the frame's bytes, decoded as latin-1
reply = 'PONG \\1\\n'
delay = 0.5               # optional, seconds
[[rule]]
literal = "HELLO\\n"       # or: hex = "01 02 03"
reply = 'hi\\n'
"""


def write(tmp_path: Path, text: str | bytes, name: str = "rules.toml") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


# -- acceptance ----------------------------------------------------------------


def test_the_example_file_answers_ping_42_with_pong_42(tmp_path: Path) -> None:
    make = responder_for_file(write(tmp_path, EXAMPLE))
    responder = make()
    [pong] = responder.feed(b"PING 42\n")
    assert (pong.data, pong.delay, responder.ruleset.label(pong.rule or 0)) == (b"PONG 42\n", 0.5, 'rule 1 ("ping")')
    [hello] = responder.feed(b"HELLO\n")
    assert (hello.data, hello.delay) == (b"hi\n", 0.0)
    # Each call makes a responder for one more connection over the same rules and counters.
    other = make()
    assert other is not responder and other.ruleset is responder.ruleset
    other.feed(b"PING")
    assert responder.pending == b""
    assert responder.ruleset.hits.snapshot().per_rule == (1, 1)


def rules_handler(make_responder: Callable[[], Responder]) -> type[socketserver.BaseRequestHandler]:
    """What a server handler does with a Responder: feed what arrives, send each reply after its delay."""

    class RulesHandler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            responder = make_responder()
            while data := self.request.recv(4096):
                for reply in responder.feed(data):
                    if reply.data:
                        time.sleep(reply.delay)
                        self.request.sendall(reply.data)

    return RulesHandler


def test_a_real_tcp_server_answers_by_the_rules_file(tmp_path: Path, no_leaks: None) -> None:
    path = write(tmp_path, EXAMPLE.replace("delay = 0.5", "delay = 0.05"))
    handler = rules_handler(responder_for_file(path))
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as server:
        server.daemon_threads = False
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
        thread.start()
        try:
            with socket.create_connection(server.server_address[:2], timeout=5) as client:
                client.sendall(b"PI")
                client.sendall(b"NG 42\r\nHELLO\nnoise\n")
                client.shutdown(socket.SHUT_WR)
                received = b""
                while chunk := client.recv(4096):
                    received += chunk
        finally:
            server.shutdown()
            thread.join(timeout=5)
    assert received == b"PONG 42\nhi\n"


# -- schema errors: one line, naming the rule ------------------------------------------

RULE = "[[rule]]\nliteral = 'x'\nreply = 'y'\n"


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        (
            "[[rule]]\nliteral = 'x'\nreply = 'y'\n[[rule]]\nname = 'ping'\nmatch = 'PING (\\d+'\nreply = ''\n",
            "rules.bad_regex.at",
            'rules.toml: rule 2 ("ping"): bad regex: missing ), unterminated subpattern at position 5',
        ),
        ("framing = 'line'\nrules = []\n", "rules.unknown_key.close", "rules.toml: unknown key 'rules': did you mean 'rule'?"),
        ("colour = 'red'\n", "rules.unknown_key.top",
         "rules.toml: unknown key 'colour': the keys of a rules file are framing and [[rule]]"),
        ("[[rule]]\nliteral = 'x'\nreplay = 'y'\n", "rules.unknown_key.close",
         "rules.toml: rule 1: unknown key 'replay': did you mean 'reply'?"),
        ("[[rule]]\nname = 'a'\nliteral = 'x'\n", "rules.missing_reply",
         "rules.toml: rule 1 (\"a\"): has no reply (write reply = '' to answer with nothing)"),
        ("[[rule]]\nreply = 'y'\n", "rules.no_match",
         "rules.toml: rule 1: says nothing to match: give one of match (a regex), literal or hex"),
        ("[[rule]]\nmatch = 'x'\nhex = '01'\nreply = 'y'\n", "rules.two_matches",
         "rules.toml: rule 1: has both match and hex: a rule matches in one way only"),
        ("[[rule]]\nmatch = '(x)'\nreply = '\\2'\n", "rules.bad_group.too_few",
         "rules.toml: rule 1: bad reply: \\2 refers to group 2, but the regex has only 1 group(s)"),
        ("[[rule]]\nmatch = 'x'\nreply = '\\g<who>'\n", "rules.bad_group.no_names",
         "rules.toml: rule 1: bad reply: \\g<who> refers to no named group of the regex (its names: none)"),
        ("framing = 'length:u24'\n", "rules.bad_framing",
         "rules.toml: unknown length prefix 'u24' in framing 'length:u24': use u8, u16be, u16le, u32be, u32le"),
        ("framing = 8\n", "rules.type.framing", 'rules.toml: framing must be text in quotes such as "line", not a number'),
        (RULE + "delay = -1\n", "rules.bad_delay", "rules.toml: rule 1: delay must be 0 to 600 seconds, not -1"),
        (RULE + "delay = '1s'\n", "rules.type.delay", "rules.toml: rule 1: delay must be a number of seconds, not text"),
        ("[rule]\nliteral = 'x'\nreply = 'y'\n", "rules.type.single_rule",
         "rules.toml: write [[rule]] with two brackets before each rule: [rule] makes one table"),
        ("rule = ['x']\n", "rules.type.rule_list", "rules.toml: rule must be a list of [[rule]] tables"),
        ("framing = 'line'\n[[rule]\n", "rules.file.toml", "rules.toml: not valid TOML: "),
        ("framing = \"delimiter:\\x03\"\n", "rules.file.toml", "rules.toml: not valid TOML: Unescaped '\\' in a string"),
        (RULE * 257, "rules.too_many_rules", "rules.toml: 257 rules: at most 256 are allowed"),
        ("[[rule]]\nname = 3\nliteral = 'x'\nreply = ''\n", "rules.type.text",
         "rules.toml: rule 1: name must be text in quotes, not a number"),
    ],
)
def test_every_problem_is_one_line_that_says_where_and_what(
    tmp_path: Path, text: str, code: str, message: str
) -> None:
    with pytest.raises(RulesError) as caught:
        load_rules(write(tmp_path, text))
    error = caught.value
    shown = str(error).replace(str(tmp_path) + "/", "")
    assert shown.startswith(message)
    assert "\n" not in shown
    assert error.code == code


def test_an_error_knows_the_rule_and_field_for_the_editor() -> None:
    with pytest.raises(RulesError) as caught:
        parse_rules(RULE + "[[rule]]\nname = 'ping'\nmatch = 'PING ('\nreply = ''\n")
    error = caught.value
    assert (error.rule, error.rule_name, error.field, error.source) == (2, "ping", "match", None)
    assert error.problem == "bad regex: missing ), unterminated subpattern at position 5"
    assert str(error) == 'rule 2 ("ping"): ' + error.problem


def test_a_bad_name_is_not_repeated_in_the_message() -> None:
    with pytest.raises(RulesError) as caught:
        parse_rules('[[rule]]\nname = "a\\u001b[31m"\nliteral = "x"\nreply = ""\n')
    assert str(caught.value).startswith("rule 1: name must be 1 to 80 characters on one line")
    assert "\x1b" not in str(caught.value)


def test_the_file_itself_can_be_the_problem(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match=r"missing\.toml: cannot read the file: No such file or directory") as caught:
        load_rules(tmp_path / "missing.toml")
    assert caught.value.code == "rules.file.unreadable"
    with pytest.raises(RulesError, match="cannot read the file: Is a directory"):
        load_rules(tmp_path)
    with pytest.raises(RulesError, match=r"not UTF-8 text \(byte 0xff at position 10\)") as caught:
        load_rules(write(tmp_path, b"# comment\n\xff\n"))
    assert caught.value.code == "rules.file.not_utf8"
    big = "# padding\n" * (MAX_FILE_BYTES // 10 + 1)
    with pytest.raises(RulesError, match="the file is larger than 1024 KiB") as caught:
        load_rules(write(tmp_path, big))
    assert caught.value.code == "rules.file.too_big"
    with pytest.raises(RulesError, match="larger than 1024 KiB"):
        parse_rules(big)


def test_a_file_saved_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    rules = load_rules(write(tmp_path, "\ufeff" + EXAMPLE))
    assert rules.framing == "line" and len(rules.rules) == 2


def test_an_empty_file_answers_nothing_with_raw_framing() -> None:
    rules = parse_rules("")
    assert rules == RuleSet("raw", ())
    assert [r.data for r in Responder(rules).feed(b"anything")] == [None]


def test_the_file_is_data_never_code() -> None:
    rules = parse_rules("[[rule]]\nliteral = 'x'\nreply = '__import__(\"os\").system(\"id\")'\n")
    [reply] = Responder(rules).feed(b"x")
    assert reply.data == b'__import__("os").system("id")'


def test_double_quoted_strings_need_their_backslashes_doubled() -> None:
    single = parse_rules("[[rule]]\nmatch = 'PING (\\d+)\\n'\nreply = 'PONG \\1\\n'\n")
    double = parse_rules('[[rule]]\nmatch = "PING (\\\\d+)\\n"\nreply = "PONG \\\\1\\n"\n')
    for rules in (single, double):
        assert [r.data for r in Responder(rules).feed(b"PING 5\n")] == [b"PONG 5\n"]


# -- writing back ------------------------------------------------------------------


def test_the_example_saves_back_to_an_equal_rule_set_with_its_text_as_written() -> None:
    rules = parse_rules(EXAMPLE)
    text = dump_rules(rules)
    assert parse_rules(text) == rules
    assert "match = 'PING (\\d+)\\r?\\n'\n" in text
    assert "reply = 'PONG \\1\\n'\n" in text
    assert "delay = 0.5\n" in text
    assert text.count("name = ") == 1  # rule 2 had no name and gets none


@pytest.mark.parametrize(
    ("text", "toml"),
    [
        ("plain", "'plain'"),
        ("back\\\\slash", "'back\\\\slash'"),
        ("it's", '"it\'s"'),
        ('say "hi"\n', '"say \\"hi\\"\\n"'),
        ("\x00\x1b\x7f\t", '"\\u0000\\u001b\\u007f\\t"'),
        ("ünï 中文", "'ünï 中文'"),
    ],
)
def test_strings_are_written_in_the_toml_form_that_keeps_them(text: str, toml: str) -> None:
    assert toml_string(text) == toml
    assert parse_rules(f"framing = 'raw'\n[[rule]]\nliteral = 'x'\nreply = {toml}\n").rules[0].reply == text


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)


@st.composite
def rule_sets(draw: st.DrawFn) -> RuleSet:
    framing = draw(st.sampled_from(["raw", "line", "length:u16le", "fixed:3", "delimiter:\\x03", "delimiter:'\""]))
    rules = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["regex", "literal", "hex"]))
        if kind == "hex":
            pattern = draw(st.binary(min_size=1, max_size=6)).hex(" ")
        elif kind == "regex":
            pattern = draw(st.sampled_from([r"PING (\d+)\r?\n", "(?P<x>.)'\"", r"\x00.*", "a|b"]))
        else:
            pattern = draw(_TEXT.filter(lambda t: "\\" not in t and t != ""))
        reply = draw(_TEXT.map(lambda t: t.replace("\\", "\\\\")))
        name = draw(st.none() | st.text(st.characters(codec="utf-8", categories=["L", "N", "P", "S"], include_characters=" "),
                                        min_size=1, max_size=MAX_NAME))
        delay = draw(st.sampled_from([0.0, 0.5, 1e-05, 600.0, 3.0]))
        rules.append(Rule(kind, pattern, reply, name=name, delay=delay))  # type: ignore[arg-type]
    return RuleSet(framing, tuple(rules))


@settings(max_examples=200, deadline=None)
@given(rule_sets())
def test_any_rule_set_saves_and_loads_back_equal(rules: RuleSet) -> None:
    loaded = parse_rules(dump_rules(rules))
    assert loaded == rules
    assert [r.template.parts for r in loaded.rules] == [r.template.parts for r in rules.rules]


# -- the guide's examples do what it says ------------------------------------------

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "RULES.md"


def guide_files() -> list[str]:
    text = GUIDE.read_text(encoding="utf-8")
    return [block.split("```", 1)[0] for block in text.split("```toml\n")[1:]]


def test_the_guides_schema_sample_loads() -> None:
    rules = parse_rules(guide_files()[0])
    assert rules.rules[0] == Rule("regex", r"PING (\d+)\r?\n", r"PONG \1\n", name="ping", delay=0.5)


def test_the_guides_line_protocol_answers_as_its_table_says() -> None:
    responder = Responder(parse_rules(guide_files()[1]))
    got = [(r.data, r.delay) for r in responder.feed(b"PING 42\nGET colour\r\nQUIT\nHELP\n")]
    assert got == [
        (b"PONG 42\n", 0.0),
        (b"VALUE colour 42\n", 0.0),
        (b"BYE\n", 0.2),
        (b"ERR unknown command: HELP\n", 0.0),
    ]


def test_the_guides_binary_protocol_answers_as_its_table_says() -> None:
    responder = Responder(parse_rules(guide_files()[2]))
    stream = bytes.fromhex("00 05 01 de ad be ef" "00 01 02" "00 02 07 00")
    # Split mid-prefix and mid-body: the server waits for each whole message.
    got = [r.data for chunk in (stream[:1], stream[1:6], stream[6:]) for r in responder.feed(chunk)]
    assert got == [bytes.fromhex("00 05 81 de ad be ef"), bytes.fromhex("00 03 82 01 04"), bytes.fromhex("00 02 ff 07")]

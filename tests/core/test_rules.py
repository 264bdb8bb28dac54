"""Rules answer each frame with the first match: regex, literal and hex matches, templates, counters, Responder."""

from __future__ import annotations

import threading

import pytest

from workbench.errors import WorkbenchError
from workbench.framing import Frame, FrameTooLargeError
from workbench.rules import HitCounts, Reply, Responder, Rule, RulesError, RuleSet
from workbench.template import Template, TemplateError


def ping_rules(framing: str = "line") -> RuleSet:
    return RuleSet(
        framing,
        (
            Rule("regex", r"PING (\d+)\r?\n", r"PONG \1\n", name="ping"),
            Rule("literal", r"HELLO\n", r"hi\n"),
            Rule("hex", "01 02 03", r"\x06"),
        ),
    )


def replies(responder: Responder, *chunks: bytes) -> list[bytes | None]:
    out: list[bytes | None] = []
    for chunk in chunks:
        out += [reply.data for reply in responder.feed(chunk)]
    return out


# -- matching ------------------------------------------------------------------


def test_ping_42_is_answered_pong_42() -> None:
    responder = Responder(ping_rules())
    [reply] = responder.feed(b"PING 42\n")
    assert reply == Reply(Frame(b"PING 42\n", 0), 0, b"PONG 42\n", 0.0)


def test_the_answer_does_not_depend_on_how_the_bytes_arrive() -> None:
    responder = Responder(ping_rules())
    assert replies(responder, b"PI", b"NG 7\r\nHEL", b"LO\n") == [b"PONG 7\n", b"hi\n"]


def test_a_regex_must_match_the_whole_frame() -> None:
    responder = Responder(ping_rules())
    assert replies(responder, b"XPING 1\n", b"PING 1 2\n", b"PING 1\n") == [None, None, b"PONG 1\n"]


def test_in_a_regex_dot_is_any_byte_and_classes_are_ascii() -> None:
    rules = RuleSet(
        "raw",
        (
            Rule("regex", r"\x02(.{3})\x03", r"got \1"),
            Rule("regex", r"(?i)quit", "bye"),
            Rule("regex", r"\w+", "word"),
        ),
    )
    responder = Responder(rules)
    # "." takes a newline and bytes above 0x7f; \w refuses é (0xe9) under re.ASCII.
    assert replies(responder, b"\x02a\n\xff\x03", b"caf\xe9", b"cafe", b"QuIt") == [
        b"got a\n\xff",
        None,
        b"word",
        b"bye",
    ]


def test_literal_and_hex_rules_match_exact_bytes() -> None:
    responder = Responder(ping_rules("raw"))
    assert replies(responder, b"HELLO\n", b"HELLO\r\n", b"\x01\x02\x03", b"\x01\x02\x03\x04") == [
        b"hi\n",
        None,
        b"\x06",
        None,
    ]


def test_literal_text_uses_the_payload_editor_escapes_and_utf8() -> None:
    rule = Rule("literal", r"\x00\t\\ é", "ok")
    assert rule.literal == b"\x00\t\\ \xc3\xa9"


def test_the_first_matching_rule_answers() -> None:
    rules = RuleSet(
        "line",
        (Rule("regex", r"GET .*\n", "generic\n"), Rule("literal", r"GET /\n", "never\n", name="shadowed")),
    )
    assert replies(Responder(rules), b"GET /\n") == [b"generic\n"]


def test_no_match_means_no_reply() -> None:
    [reply] = Responder(ping_rules()).feed(b"what?\n")
    assert reply.rule is None and reply.data is None and reply.delay == 0.0


def test_an_empty_reply_answers_with_nothing_but_counts_as_a_hit() -> None:
    rules = RuleSet("line", (Rule("literal", r"NOOP\n", ""),))
    [reply] = Responder(rules).feed(b"NOOP\n")
    assert (reply.rule, reply.data) == (0, b"")
    assert rules.hits.snapshot() == HitCounts((1,), 0)


def test_a_reply_carries_its_rules_delay() -> None:
    rules = RuleSet("line", (Rule("literal", r"SLOW\n", "done\n", delay=0.25),))
    [reply] = Responder(rules).feed(b"SLOW\n")
    assert reply.delay == 0.25


# -- templates -------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "template", "frame", "reply"),
    [
        (r"(\w+) (\w+)\n", r"\2 \1\n", b"hello world\n", b"world hello\n"),
        (r"SET (?P<key>\w+)=(?P<value>\w*)\n", r"\g<key> is \g<value>\n", b"SET a=1\n", b"a is 1\n"),
        (r"(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)", r"\g<11>\g<10>\9", b"abcdefghijk", b"kji"),
        (r"ECHO .*", r"[\g<0>]", b"ECHO x\n", b"[ECHO x\n]"),
        (r"X(\d)?Y", r"<\1>", b"XY", b"<>"),  # a group that took no part is empty
        (r"(.*)", r"\1", b"\x00\x80\xff", b"\x00\x80\xff"),  # group text goes back as the frame's bytes
        (r".*", r"\x00\xff\r\n\t\\", b"x", b"\x00\xff\r\n\t\\"),
        (r".*", "ünï", b"x", "ünï".encode()),  # non-ASCII reply text is UTF-8
        (r"(.)", r"\\1 is \1", b"z", b"\\1 is z"),  # an escaped backslash then a digit is not a group
    ],
)
def test_templates_fill_groups_and_escapes(pattern: str, template: str, frame: bytes, reply: bytes) -> None:
    assert Rule("regex", pattern, template).answer(frame) == reply


def test_a_literal_rule_can_echo_the_frame_with_group_0() -> None:
    assert Rule("hex", "ca fe", r"ok \g<0>").answer(b"\xca\xfe") == b"ok \xca\xfe"


def test_a_template_is_parsed_once_into_bytes_and_groups() -> None:
    template = Template.parse(r"A\x41\1B\g<name>\n")
    assert template.parts == (b"AA", 1, b"B", "name", b"\n")
    assert template.groups == (1, "name")
    with pytest.raises(TemplateError, match=r"\\g must be followed by <name> or <number>"):
        Template.parse(r"\g")


@pytest.mark.parametrize(
    ("pattern", "template", "words"),
    [
        (r"(a)", r"\2", r"bad reply: \2 refers to group 2, but the regex has only 1 group(s)"),
        (r"a", r"\1", r"bad reply: \1 refers to group 1, but the regex has no groups"),
        (r"(?P<x>a)", r"\g<y>", r"bad reply: \g<y> refers to no named group of the regex (its names: x)"),
        (r"(a)", r"\12", r"bad reply: \12 is ambiguous: write \g<12> for group 12 or \g<1>2"),
        (r"(a)", r"\0", r"bad reply: \0: write \x00 for a NUL byte or \g<0> for the whole frame"),
        (r"(a)", r"x\g1", r"bad reply: \g must be followed by <name> or <number>, e.g. \g<1> (at position 1)"),
        (r"(a)", r"\g<a-b>", r"bad reply: \g<a-b> names no group"),
        (r"(a)", r"ok\q", r"bad reply: unknown escape \q: use \xNN for a byte"),
        (r"(a)", r"\1\x4", r"bad reply: \x4 needs exactly two hex digits, e.g. \x0a (at position 2)"),
        (r"(a)", "end\\", r"bad reply: a lone backslash at the end"),
    ],
)
def test_a_bad_template_is_refused_with_the_reason(pattern: str, template: str, words: str) -> None:
    with pytest.raises(RulesError) as caught:
        Rule("regex", pattern, template)
    assert words in str(caught.value)
    assert caught.value.field == "reply"
    assert caught.value.code == "rules.bad_template" or caught.value.code.startswith("rules.bad_group.")


def test_a_literal_rule_has_no_groups_but_the_whole_frame() -> None:
    with pytest.raises(RulesError, match=r"group \\1 needs a regex"):
        Rule("literal", "x", r"\1")


# -- bad rules -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "code", "field", "words"),
    [
        ({"kind": "regex", "pattern": "PING (", "reply": ""}, "rules.bad_regex.at", "match",
         "bad regex: missing ), unterminated subpattern at position 5"),
        ({"kind": "regex", "pattern": "caf\u00e9", "reply": ""}, "rules.non_ascii_regex", "match",
         r"'é' at position 3 is not ASCII; the regex sees each byte as one character, so write the bytes "
         r"it stands for (\xc3\xa9 in UTF-8)"),
        ({"kind": "hex", "pattern": "01 0", "reply": ""}, "rules.bad_hex", "hex", "bad hex: odd number of hex digits"),
        ({"kind": "hex", "pattern": "  ", "reply": ""}, "rules.empty_match", "hex", "hex is empty"),
        ({"kind": "literal", "pattern": "", "reply": ""}, "rules.empty_match", "literal", "literal is empty"),
        ({"kind": "literal", "pattern": r"\xzz", "reply": ""}, "rules.bad_literal", "literal", "bad literal:"),
        ({"kind": "literal", "pattern": 5, "reply": ""}, "rules.type.text", "literal",
         "literal must be text in quotes, not a number"),
        ({"kind": "literal", "pattern": "a", "reply": ["x"]}, "rules.type.text", "reply",
         "reply must be text in quotes, not an array"),
        ({"kind": "glob", "pattern": "a", "reply": ""}, "rules.bad_kind", None, "unknown match kind 'glob'"),
        ({"kind": "literal", "pattern": "a", "reply": "", "delay": -0.5}, "rules.bad_delay", "delay",
         "delay must be 0 to 600 seconds, not -0.5"),
        ({"kind": "literal", "pattern": "a", "reply": "", "delay": float("nan")}, "rules.bad_delay", "delay",
         "delay must be 0 to 600 seconds"),
        ({"kind": "literal", "pattern": "a", "reply": "", "delay": True}, "rules.type.delay", "delay",
         "delay must be a number of seconds, not true/false"),
        ({"kind": "literal", "pattern": "a", "reply": "", "name": "two\nlines"}, "rules.bad_name", "name",
         "name must be 1 to 80 characters on one line"),
        ({"kind": "literal", "pattern": "a", "reply": "", "name": ""}, "rules.bad_name", "name", "name must be"),
    ],
)
def test_a_rule_that_cannot_work_says_why(kwargs: dict[str, object], code: str, field: str | None, words: str) -> None:
    with pytest.raises(RulesError) as caught:
        Rule(**kwargs)  # type: ignore[arg-type]
    error = caught.value
    assert isinstance(error, WorkbenchError)
    assert (error.code, error.field) == (code, field)
    assert words in str(error)
    assert "\n" not in str(error)


def test_an_error_can_say_which_rule_and_file() -> None:
    error = RulesError("rules.bad_regex", field="match", reason="oops")
    assert str(error.located(rule=2, rule_name="ping", source="rules.toml")) == (
        'rules.toml: rule 2 ("ping"): bad regex: oops'
    )
    assert str(error.located(rule=3)) == "rule 3: bad regex: oops"
    assert error.located(rule=3).problem == "bad regex: oops"


def test_rules_compare_by_what_was_written() -> None:
    assert Rule("regex", "a+", r"\g<0>", name="n", delay=1) == Rule("regex", "a+", r"\g<0>", name="n", delay=1.0)
    assert Rule("regex", "a+", "x") != Rule("regex", "a+", "y")
    assert Rule("literal", "a", "x") != Rule("regex", "a", "x")


def test_a_rule_set_has_a_canonical_framing_and_refuses_a_bad_one() -> None:
    assert RuleSet("delimiter:\x03").framing == "delimiter:\\x03"
    assert RuleSet("delimiter:\x03") == RuleSet("delimiter:\\x03")
    with pytest.raises(RulesError) as caught:
        RuleSet("lines")
    assert (caught.value.code, caught.value.field) == ("rules.bad_framing", "framing")
    assert "unknown framing 'lines'" in str(caught.value)


def test_a_rule_set_holds_at_most_256_rules() -> None:
    rule = Rule("literal", "a", "b")
    assert len(RuleSet("raw", (rule,) * 256).rules) == 256
    with pytest.raises(RulesError, match="257 rules: at most 256 are allowed") as caught:
        RuleSet("raw", (rule,) * 257)
    assert caught.value.code == "rules.too_many_rules"


# -- hit counters ----------------------------------------------------------


def test_hits_count_per_rule_and_unmatched_across_connections() -> None:
    rules = ping_rules()
    first, second = Responder(rules), Responder(rules)
    replies(first, b"PING 1\nPING 2\nnope\n")
    replies(second, b"HELLO\nPING 3\n")
    assert rules.hits.snapshot() == HitCounts((3, 1, 0), 1)
    rules.hits.reset()
    assert rules.hits.snapshot() == HitCounts((0, 0, 0), 0)


def test_hits_stay_exact_under_threads_while_being_read() -> None:
    rules = ping_rules()
    per_thread = 2000
    readings: list[HitCounts] = []
    start = threading.Barrier(5)

    def connection() -> None:
        responder = Responder(rules)
        start.wait()
        for _ in range(per_thread):
            responder.feed(b"PING 1\nx\n")

    def reader() -> None:
        start.wait()
        for _ in range(200):
            readings.append(rules.hits.snapshot())

    threads = [threading.Thread(target=connection) for _ in range(4)] + [threading.Thread(target=reader)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    assert rules.hits.snapshot() == HitCounts((4 * per_thread, 0, 0), 4 * per_thread)
    # A reading is one moment: a connection counts its PING before its miss, never after.
    assert all(reading.per_rule[0] >= reading.unmatched for reading in readings)


# -- the responder at the end of a stream, for datagrams, when broken -----------


def test_flush_hands_back_a_cut_off_frame_unanswered_and_uncounted() -> None:
    rules = ping_rules()
    responder = Responder(rules)
    assert responder.feed(b"PING 9") == []
    assert responder.pending == b"PING 9"
    assert responder.flush() == [Reply(Frame(b"PING 9", 0, complete=False), None, None)]
    assert rules.hits.snapshot() == HitCounts((0, 0, 0), 0)


def test_datagrams_are_answered_one_by_one() -> None:
    rules = RuleSet("raw", (Rule("regex", r"PING (\d+)", r"PONG \1"),))
    responder = Responder(rules)
    assert [r.data for r in responder.feed_datagram(b"PING 1")] == [b"PONG 1"]
    assert [r.data for r in responder.feed_datagram(b"PING 2")] == [b"PONG 2"]


def test_a_line_framed_datagram_without_its_newline_is_not_answered() -> None:
    responder = Responder(ping_rules())
    [whole, tail] = responder.feed_datagram(b"PING 1\nPING 2")
    assert whole.data == b"PONG 1\n"
    assert (tail.frame.complete, tail.data) == (False, None)


def test_a_peer_that_breaks_the_framing_gets_its_earlier_frames_answered() -> None:
    rules = RuleSet("length:u16be", (Rule("hex", "00 01 aa", "ok"),))
    responder = Responder(rules)
    answered = responder.feed(b"\x00\x01\xaa" + b"\xff\xff\xff")
    assert [r.data for r in answered] == [b"ok"]
    assert responder.broken is None  # 0xffff is under the cap: it just waits
    rules_small = RuleSet("length:u32be", (Rule("hex", "00 00 00 01 aa", "ok"),))
    responder = Responder(rules_small)
    answered = responder.feed(b"\x00\x00\x00\x01\xaa" + b"\x7f\xff\xff\xff")
    assert [r.data for r in answered] == [b"ok"]
    assert responder.broken == "the frame at offset 5 announces a 2147483647-byte body, above the 16 MiB limit"
    with pytest.raises(FrameTooLargeError):
        responder.feed(b"more")

"""The rules file: TOML that says how to frame and answer a peer, read with tomllib and written back.

The schema (docs/RULES.md is the guide, with worked examples)::

    framing = "line"            # optional, default "raw"; see workbench.framing

    [[rule]]                    # zero or more, tried in order; the first match answers
    name = "ping"               # optional; messages call it rule 1, rule 2, ... otherwise
    match = 'PING (\\d+)\\r?\\n'  # exactly one of: match (a regex over the whole frame),
                                #   literal (text with escapes), hex ("01 02 03")
    reply = 'PONG \\1\\n'         # required; '' answers with nothing
    delay = 0.5                 # optional, seconds before the reply, 0 to 600

Top-level keys: ``framing`` and ``rule`` only; rule keys: ``name``, ``match``,
``literal``, ``hex``, ``reply``, ``delay`` only. Strings are best written in
TOML's single quotes (``'...'``), where a backslash reaches the rule as typed;
in double quotes TOML reads escapes first (``"\\\\1"`` for ``\\1``). What a
match, reply or framing means is said in ``workbench.rules`` and
``workbench.framing``.

Limits: a file of at most 1 MiB of UTF-8 text (a byte-order mark is allowed),
at most 256 rules. Any problem raises RulesError with one line that says where
and what: ``rules.toml: rule 2 ("ping"): bad regex: missing ), unterminated
subpattern at position 5``. The file is data: it is parsed, never executed.
"""

from __future__ import annotations

import difflib
import functools
import os
import tomllib
from collections.abc import Callable, Mapping
from typing import Any

from workbench.rules import (
    KEY_OF_KIND,
    MAX_NAME,
    MAX_RULES,
    Responder,
    Rule,
    RulesError,
    RuleSet,
    type_name,
)

MAX_FILE_BYTES = 1024 * 1024
TOP_KEYS = ("framing", "rule")
RULE_KEYS = ("name", "match", "literal", "hex", "reply", "delay")
_KIND_OF_KEY = {key: kind for kind, key in KEY_OF_KIND.items()}


def load_rules(path: str | os.PathLike[str]) -> RuleSet:
    """Read and check a rules file; RulesError, whose message starts with the path, for any problem."""
    source = os.fspath(path)
    try:
        with open(path, "rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise RulesError("rules.file.unreadable", source=source, reason=exc.strerror or str(exc)) from None
    if len(raw) > MAX_FILE_BYTES:
        raise _too_big().located(source=source)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RulesError(
            "rules.file.not_utf8", source=source, byte=f"{raw[exc.start]:02x}", position=exc.start
        ) from None
    return parse_rules(text, source)


def parse_rules(text: str, source: str | None = None) -> RuleSet:
    """Check the text of a rules file; ``source`` (a file name) starts every error message when given."""
    try:
        return _parse(text)
    except RulesError as exc:
        raise exc.located(source=source) from None


def responder_for_file(path: str | os.PathLike[str]) -> Callable[[], Responder]:
    """Load a rules file once and return what makes a Responder for each connection.

    For ``workbench serve --rules FILE``: call it before any socket exists, so a
    bad file is one line on stderr and exit status 2; then call the result once
    per connection on a stream server (``feed`` what arrives, ``flush`` at its
    end), once per datagram on a datagram server (``make().feed_datagram(data)``:
    datagrams may be handled on several threads at once, and a Responder is for
    one thread). Every Responder it makes shares the one RuleSet and its hit
    counters (``make().ruleset.hits``).
    """
    return functools.partial(Responder, load_rules(path))


def parse_rules_table(document: Mapping[str, Any], source: str | None = None) -> RuleSet:
    """Check rules already read from TOML (a rules file's tables, or a table inside a workspace)."""
    try:
        return _parse_document(document)
    except RulesError as exc:
        raise exc.located(source=source) from None


def rules_table(ruleset: RuleSet) -> dict[str, Any]:
    """``ruleset`` as the tables of a rules file: ``parse_rules_table(rules_table(r)) == r``."""
    rules = []
    for rule in ruleset.rules:
        table: dict[str, Any] = {} if rule.name is None else {"name": rule.name}
        table[rule.key] = rule.pattern
        table["reply"] = rule.reply
        if rule.delay:
            table["delay"] = rule.delay
        rules.append(table)
    return {"framing": ruleset.framing, "rule": rules}


def _parse(text: str) -> RuleSet:
    if len(text) > MAX_FILE_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise _too_big()
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesError("rules.file.toml", reason=str(exc)) from None
    return _parse_document(document)


def _parse_document(document: Mapping[str, Any]) -> RuleSet:
    _refuse_unknown_keys(document, TOP_KEYS, "rules.unknown_key.top")
    framing = document.get("framing", "raw")
    if not isinstance(framing, str):
        raise RulesError("rules.type.framing", field="framing", type=type_name(framing))
    tables = document.get("rule", [])
    if isinstance(tables, dict):
        raise RulesError("rules.type.single_rule", field="rule")
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise RulesError("rules.type.rule_list", field="rule")
    if len(tables) > MAX_RULES:
        raise RulesError("rules.too_many_rules", count=len(tables), limit=MAX_RULES)
    rules = [_rule(table, number) for number, table in enumerate(tables, start=1)]
    return RuleSet(framing, tuple(rules))


def _rule(table: Mapping[str, Any], number: int) -> Rule:
    given_name = table.get("name")
    usable = isinstance(given_name, str) and given_name.isprintable() and len(given_name) <= MAX_NAME
    label_name = given_name if usable else None
    try:
        _refuse_unknown_keys(table, RULE_KEYS, "rules.unknown_key.rule")
        kinds = [key for key in KEY_OF_KIND.values() if key in table]
        if not kinds:
            raise RulesError("rules.no_match")
        if len(kinds) > 1:
            raise RulesError("rules.two_matches", field=kinds[1], first=kinds[0], second=kinds[1])
        if "reply" not in table:
            raise RulesError("rules.missing_reply", field="reply")
        key = kinds[0]
        return Rule(
            kind=_KIND_OF_KEY[key],
            pattern=table[key],
            reply=table["reply"],
            name=given_name,
            delay=table.get("delay", 0.0),
        )
    except RulesError as exc:
        raise exc.located(rule=number, rule_name=label_name) from None


def _refuse_unknown_keys(table: Mapping[str, Any], known: tuple[str, ...], hint: str) -> None:
    """RulesError for the first key not in ``known``: a close match, or the ``hint`` code's advice."""
    for key in table:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            shown = key if key.isprintable() else repr(key)
            if close:
                raise RulesError("rules.unknown_key.close", field=key, key=shown, close=close[0])
            raise RulesError(hint, field=key, key=shown, keys=", ".join(known))


def _too_big() -> RulesError:
    return RulesError("rules.file.too_big", limit=MAX_FILE_BYTES // 1024)


# -- writing ---------------------------------------------------------------

_BASIC_ESCAPES = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def toml_string(text: str) -> str:
    """``text`` as a TOML string: single-quoted (backslashes as typed) when it can be, else double-quoted."""
    if "'" not in text and all(ch == "\t" or (ch >= " " and ch != "\x7f") for ch in text):
        return f"'{text}'"
    out = []
    for ch in text:
        if ch in _BASIC_ESCAPES:
            out.append(_BASIC_ESCAPES[ch])
        elif ch < " " or ch == "\x7f":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def dump_rules(ruleset: RuleSet) -> str:
    """The rules file for ``ruleset``: ``parse_rules(dump_rules(r)) == r``, with each text as written."""
    lines = ["# Socket Workbench rules: see docs/RULES.md", f"framing = {toml_string(ruleset.framing)}"]
    for rule in ruleset.rules:
        lines += ["", "[[rule]]"]
        if rule.name is not None:
            lines.append(f"name = {toml_string(rule.name)}")
        lines.append(f"{rule.key} = {toml_string(rule.pattern)}")
        lines.append(f"reply = {toml_string(rule.reply)}")
        if rule.delay:
            lines.append(f"delay = {rule.delay!r}")
    return "\n".join(lines) + "\n"


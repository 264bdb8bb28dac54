"""Answer frames by rules: what a rule matches, the reply template it fills, hit counters, the Responder.

A RuleSet is a framing (see ``workbench.framing``) and an ordered list of
rules. Each complete frame is answered by the first rule that matches it; a
frame that no rule matches gets no reply. Nothing here touches a socket: a
server handler feeds a Responder the bytes it received and sends the replies
it gets back, after each reply's delay.

Match kinds (one per rule):

``literal``
    The frame is exactly these bytes. Text with the payload editor's escapes
    (``\\xNN``, ``\\n``, ``\\r``, ``\\t``, ``\\\\``, ``\\0``, ...); non-ASCII text
    stands for its UTF-8 bytes.
``hex``
    The frame is exactly these bytes, written as hex (``"01 02 0a"``, ``"01020a"``).
``regex``
    A Python ``re`` pattern that must match the **whole** frame
    (``re.fullmatch``), so it includes the line ending of a ``line`` frame:
    ``PING (\\d+)\\r?\\n``. The frame's bytes are decoded as latin-1, one
    character per byte, and the pattern is compiled with ``re.DOTALL`` (``.``
    is any byte, newline too) and ``re.ASCII`` (``\\d``, ``\\w``, ``\\s`` and
    case folding are ASCII only). A pattern must be ASCII: write a byte above
    0x7f as ``\\xNN``.

Replies are templates (``workbench.template``): text with the escapes of
``literal`` (but a digit after a backslash is a group, not octal) and the
match's groups: ``\\1`` ... ``\\9``, ``\\g<name>``, ``\\g<N>`` and ``\\g<0>``,
the whole frame (for every kind). They are parsed once, when the rule is
made, and the groups they name are checked against the regex then; a problem
raises RulesError naming the rule and what is wrong. An empty reply answers a
frame with nothing (it still counts as a hit).

Counters: ``RuleSet.hits`` counts, across every Responder made from the set,
the frames each rule answered and those no rule matched. They are thread-safe
and can be read at any time. A forked child counts in its own copy only.
"""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from workbench.errors import WorkbenchError
from workbench.framing import Frame, Framer, FrameTooLargeError, FramingError
from workbench.hexfmt import PayloadError, parse_escaped, parse_hex
from workbench.messages import Message, render
from workbench.template import Template, TemplateError, ref_text

MatchKind = Literal["regex", "literal", "hex"]
MATCH_KINDS: tuple[MatchKind, ...] = ("regex", "literal", "hex")
# The rules file's key for each match kind ("match" reads better than "regex" in a rule).
KEY_OF_KIND: dict[MatchKind, str] = {"regex": "match", "literal": "literal", "hex": "hex"}
REGEX_FLAGS = re.DOTALL | re.ASCII
MAX_RULES = 256
MAX_DELAY = 600.0
MAX_NAME = 80


class RulesError(WorkbenchError):
    """A rule or rules file that cannot work, in one line: ``[source: ][rule N ("name"): ]problem``.

    ``code`` names the problem in the message catalog (``rules.bad_regex``,
    ``rules.bad_template``, ...), ``problem`` is its English text without the location
    (``problem_text(lang)`` in another language, for a message under the editor's field),
    ``rule`` the 1-based number of the rule at fault (None for the file as a whole),
    ``rule_name`` its name if it has one, ``field`` the key at fault (``match``, ``reply``,
    ``framing``, ...). ``str(error)`` is the English line, ``text(lang)`` the line in ``lang``.
    """

    def __init__(
        self,
        code: str,
        /,
        *,
        field: str | None = None,
        rule: int | None = None,
        rule_name: str | None = None,
        source: str | None = None,
        **params: object,
    ) -> None:
        super().__init__(code, field=field, **params)
        self.rule = rule
        self.rule_name = rule_name
        self.source = source
        self.args = (self.text("en"),)  # str(): the located line, not the bare problem

    @property
    def problem(self) -> str:
        return self.problem_text("en")

    def problem_text(self, lang: str | None = None) -> str:
        """The problem in ``lang`` without where it is (None: the process's language)."""
        return render(self.code, self.params, lang)

    def text(self, lang: str | None = None) -> str:
        line = self.problem_text(lang)
        if self.rule is not None:
            rule = rule_label(self.rule, self.rule_name, lang)
            line = render("rules.in_rule", {"rule": rule, "message": line}, lang)
        if self.source:
            line = render("rules.in_source", {"source": self.source, "message": line}, lang)
        return line

    def located(
        self, *, rule: int | None = None, rule_name: str | None = None, source: str | None = None
    ) -> RulesError:
        """The same problem, said with where it is (keeps what was already known)."""
        return RulesError(
            self.code,
            field=self.field,
            rule=self.rule if rule is None else rule,
            rule_name=self.rule_name if rule_name is None else rule_name,
            source=self.source if source is None else source,
            **self.params,
        )


def rule_label(number: int, name: str | None, lang: str | None = "en") -> str:
    """How messages name a rule: ``rule 2 ("ping")``, or ``rule 2`` when it has no name."""
    if name:
        return render("rules.rule_named", {"number": number, "name": name}, lang)
    return render("rules.rule", {"number": number}, lang)


_TOML_TYPES = {bool: "true_false", int: "number", float: "number", str: "text", list: "array", dict: "table"}


def type_name(value: object) -> Message:
    """A value's type as a rules file's author knows it (TOML's words, not Python's): "a number"."""
    kind = next((name for cls, name in _TOML_TYPES.items() if isinstance(value, cls)), None)
    if kind is None:
        if not hasattr(value, "isoformat"):
            return Message("rules.toml_type.other", {"name": type(value).__name__})
        kind = "date"
    return Message(f"rules.toml_type.{kind}")


# -- rules -----------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """One rule, checked and compiled when made; RulesError (without its number) if it cannot work.

    ``pattern`` and ``reply`` keep the text as written, so a rule saves back as
    its author wrote it; equality compares that text, the kind, name and delay.
    """

    kind: MatchKind
    pattern: str
    reply: str
    name: str | None = None
    delay: float = 0.0
    template: Template = field(init=False, compare=False, repr=False)
    literal: bytes | None = field(init=False, compare=False, repr=False)
    regex: re.Pattern[str] | None = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        _check_name(self.name)
        if self.kind not in MATCH_KINDS:
            raise RulesError("rules.bad_kind", kind=repr(self.kind))
        key = KEY_OF_KIND[self.kind]
        if not isinstance(self.pattern, str):
            raise RulesError("rules.type.text", field=key, key=key, type=type_name(self.pattern))
        if not isinstance(self.reply, str):
            raise RulesError("rules.type.text", field="reply", key="reply", type=type_name(self.reply))
        object.__setattr__(self, "delay", _checked_delay(self.delay))
        literal, regex = None, None
        if self.kind == "regex":
            regex = _compile_regex(self.pattern)
        else:
            literal = _literal_bytes(self.kind, self.pattern)
        try:
            template = Template.parse(self.reply)
        except TemplateError as exc:
            raise RulesError("rules.bad_template", field="reply", problem=exc) from None
        _check_groups(template, regex)
        object.__setattr__(self, "literal", literal)
        object.__setattr__(self, "regex", regex)
        object.__setattr__(self, "template", template)

    @property
    def key(self) -> str:
        """The rules file's key for this rule's match: ``match``, ``literal`` or ``hex``."""
        return KEY_OF_KIND[self.kind]

    def answer(self, frame: bytes) -> bytes | None:
        """The reply if this rule matches ``frame``, else None."""
        if self.regex is None:
            return self.template.render(frame, None) if frame == self.literal else None
        match = self.regex.fullmatch(frame.decode("latin-1"))
        return None if match is None else self.template.render(frame, match)


def _check_name(name: object) -> None:
    if name is None:
        return
    if not isinstance(name, str):
        raise RulesError("rules.type.text", field="name", key="name", type=type_name(name))
    if not name or not name.isprintable() or len(name) > MAX_NAME:
        raise RulesError("rules.bad_name", field="name", limit=MAX_NAME)


def _checked_delay(delay: object) -> float:
    if isinstance(delay, bool) or not isinstance(delay, int | float):
        raise RulesError("rules.type.delay", field="delay", type=type_name(delay))
    if not math.isfinite(delay) or not 0 <= delay <= MAX_DELAY:
        raise RulesError("rules.bad_delay", field="delay", limit=f"{MAX_DELAY:g}", value=delay)
    return float(delay)


def _compile_regex(pattern: str) -> re.Pattern[str]:
    for at, char in enumerate(pattern):
        if not char.isascii():
            as_bytes = "".join(f"\\x{b:02x}" for b in char.encode("utf-8", "surrogatepass"))
            raise RulesError(
                "rules.non_ascii_regex", field="match", char=repr(char), position=at, utf8=as_bytes
            )
    try:
        return re.compile(pattern, REGEX_FLAGS)
    except re.error as exc:
        if exc.pos is None:
            raise RulesError("rules.bad_regex", field="match", reason=exc.msg) from None
        raise RulesError("rules.bad_regex.at", field="match", reason=exc.msg, position=exc.pos) from None
    except (OverflowError, RecursionError, MemoryError):
        raise RulesError("rules.bad_regex.too_large", field="match") from None


def _literal_bytes(kind: MatchKind, pattern: str) -> bytes:
    key = KEY_OF_KIND[kind]
    try:
        data = parse_hex(pattern) if kind == "hex" else parse_escaped(pattern)
    except PayloadError as exc:
        code = "rules.bad_hex" if kind == "hex" else "rules.bad_literal"
        raise RulesError(code, field=key, problem=exc, position=exc.start) from None
    if not data:
        raise RulesError("rules.empty_match", field=key, key=key)
    return data


def _check_groups(template: Template, regex: re.Pattern[str] | None) -> None:
    for ref in template.groups:
        if ref == 0:
            continue
        if regex is None:
            raise RulesError("rules.bad_group.no_regex", field="reply", ref=ref_text(ref))
        if isinstance(ref, int) and ref > regex.groups:
            if regex.groups == 0:
                raise RulesError("rules.bad_group.no_groups", field="reply", ref=ref_text(ref), number=ref)
            raise RulesError(
                "rules.bad_group.too_few", field="reply", ref=ref_text(ref), number=ref, groups=regex.groups
            )
        if isinstance(ref, str) and ref not in regex.groupindex:
            if not regex.groupindex:
                raise RulesError("rules.bad_group.no_names", field="reply", name=ref)
            names = ", ".join(regex.groupindex)
            raise RulesError("rules.bad_group.name", field="reply", name=ref, names=names)


# -- rule sets and counters ------------------------------------------------


class HitCounts(NamedTuple):
    """A consistent reading of the counters: frames per rule (in rule order), and frames none matched."""

    per_rule: tuple[int, ...]
    unmatched: int


class RuleHits:
    """Thread-safe counters of the frames each rule answered; any thread may read them at any time."""

    def __init__(self, rules: int) -> None:
        self._lock = threading.Lock()
        self._per_rule = [0] * rules
        self._unmatched = 0

    def record(self, index: int | None) -> None:
        """Count one frame answered by rule ``index`` (None: matched by no rule)."""
        with self._lock:
            if index is None:
                self._unmatched += 1
            else:
                self._per_rule[index] += 1

    def snapshot(self) -> HitCounts:
        with self._lock:
            return HitCounts(tuple(self._per_rule), self._unmatched)

    def reset(self) -> None:
        with self._lock:
            self._per_rule = [0] * len(self._per_rule)
            self._unmatched = 0


@dataclass(frozen=True)
class RuleSet:
    """A framing and the rules that answer its frames, first match wins; equal when both are equal."""

    framing: str = "raw"
    rules: tuple[Rule, ...] = ()
    hits: RuleHits = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        try:
            framer = Framer.parse(self.framing)
        except FramingError as exc:
            raise RulesError("rules.bad_framing", field="framing", problem=exc) from None
        rules = tuple(self.rules)
        if len(rules) > MAX_RULES:
            raise RulesError("rules.too_many_rules", count=len(rules), limit=MAX_RULES)
        object.__setattr__(self, "framing", framer.spec)  # canonical, so equal framings compare equal
        object.__setattr__(self, "rules", rules)
        object.__setattr__(self, "hits", RuleHits(len(rules)))

    def new_framer(self) -> Framer:
        """A framer for one more connection (or one peer's datagrams)."""
        return Framer.parse(self.framing)

    def label(self, index: int) -> str:
        """How messages name ``rules[index]``: ``rule 2 ("ping")``."""
        return rule_label(index + 1, self.rules[index].name)

    def first_match(self, frame: bytes) -> tuple[int, bytes] | None:
        """The index of the first rule that matches ``frame`` and its reply, or None."""
        for index, rule in enumerate(self.rules):
            reply = rule.answer(frame)
            if reply is not None:
                return index, reply
        return None


# -- the responder ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reply:
    """What to do about one frame: the rule that matched (index, or None) and the bytes to send after ``delay``.

    ``data`` is None when no rule matched or the frame is incomplete (the stream
    or datagram ended inside it); such a frame is never answered.
    """

    frame: Frame
    rule: int | None
    data: bytes | None
    delay: float = 0.0


class Responder:
    """Answers the frames of one connection (``feed``, ``flush``) or of datagrams (``feed_datagram``).

    Make one per connection: it holds that connection's framer. It runs on the
    handler's thread and is not shared; the counters it updates are.

    If the peer breaks the framing (a frame above the size cap), ``feed`` still
    answers the frames before it, then sets ``broken`` to the reason (``broken_error`` is that
    error, to say it in another language); every later ``feed`` raises FrameTooLargeError.
    The handler should say why and close.
    """

    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        self.broken_error: FrameTooLargeError | None = None
        self._framer = ruleset.new_framer()

    @property
    def broken(self) -> str | None:
        """Why the peer's bytes can no longer be framed (English), or None."""
        return None if self.broken_error is None else str(self.broken_error)

    @property
    def pending(self) -> bytes:
        """Received bytes that do not make a whole frame yet."""
        return self._framer.pending

    def feed(self, data: bytes | bytearray | memoryview) -> list[Reply]:
        """A reply for each frame these bytes complete, in order (``data`` None where no rule matched)."""
        if self.broken_error is not None:
            raise FrameTooLargeError(self.broken_error.problem, [])
        try:
            frames = self._framer.feed(data)
        except FrameTooLargeError as exc:
            self.broken_error = FrameTooLargeError(exc.problem, [])  # not the frames, nor a traceback
            frames = exc.frames
        return [self.answer(frame) for frame in frames]

    def flush(self) -> list[Reply]:
        """End of stream: the pending bytes as an unanswered, incomplete frame, or nothing."""
        return [self.answer(frame) for frame in self._framer.flush()]

    def feed_datagram(self, data: bytes | bytearray | memoryview) -> list[Reply]:
        """A reply for each frame of one datagram; its incomplete tail, if any, is not answered."""
        return [self.answer(frame) for frame in self._framer.feed_datagram(data)]

    def answer(self, frame: Frame) -> Reply:
        """The reply to one frame, counted in the rule set's hits (an incomplete frame is not counted)."""
        if not frame.complete:
            return Reply(frame, None, None)
        found = self.ruleset.first_match(frame.data)
        if found is None:
            self.ruleset.hits.record(None)
            return Reply(frame, None, None)
        index, data = found
        self.ruleset.hits.record(index)
        return Reply(frame, index, data, self.ruleset.rules[index].delay)

"""Reply templates: text with escapes and regex group references, parsed once, filled per frame.

A template is text in which the payload editor's escapes stand for bytes
(``\\xNN``, ``\\n``, ``\\r``, ``\\t``, ``\\\\``, ``\\a`` ``\\b`` ``\\f`` ``\\v``
``\\'`` ``\\"``), everything else stands for its UTF-8 bytes, and these stand
for the text of a match's groups: ``\\1`` ... ``\\9``, ``\\g<name>``, ``\\g<N>``
(any number) and ``\\g<0>``, the whole frame. ``\\12`` is refused as ambiguous
and ``\\0`` as unclear (octal or group 0?); each error says what to write instead.
A group's text goes back as the frame's own bytes (it was decoded as latin-1).
Whether the groups a template names exist is the rule's business
(``workbench.rules``), since only the rule knows its regex.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.errors import WorkbenchError
from workbench.hexfmt import PayloadError, parse_escaped


class TemplateError(WorkbenchError):
    """A template that cannot be parsed; ``problem`` says why and where (a position in the text).

    ``problem`` is the English text (``str(error)``); ``text(lang)`` says it in another language.
    """

    def __init__(self, code: str, /, *, position: int, **params: object) -> None:
        super().__init__(code, field="reply", position=position, **params)

    @property
    def problem(self) -> str:
        return str(self)


GroupRef = int | str
_TEMPLATE_ESCAPE = re.compile(r"\\(?:g<(?P<ref>[^>]*)>|(?P<digits>[0-9]+)|(?P<g>g)|.|$)", re.DOTALL)


@dataclass(frozen=True)
class Template:
    """A parsed reply: literal bytes and group references, in order."""

    text: str
    parts: tuple[bytes | GroupRef, ...]

    @staticmethod
    def parse(text: str) -> Template:
        """Parse once; TemplateError for a bad escape or group reference."""
        parts: list[bytes | GroupRef] = []
        literal_from = 0

        def add_literal(end: int) -> None:
            chunk = text[literal_from:end]
            if not chunk:
                return
            try:
                data = parse_escaped(chunk)
            except PayloadError as exc:
                at = literal_from + exc.start
                raise TemplateError("template.bad_escape", problem=exc, position=at) from None
            if parts and isinstance(parts[-1], bytes):
                parts[-1] += data
            else:
                parts.append(data)

        for match in _TEMPLATE_ESCAPE.finditer(text):
            ref, digits = match.group("ref"), match.group("digits")
            if ref is None and digits is None and match.group("g") is None:
                continue  # another escape: it stays in the literal run
            add_literal(match.start())
            literal_from = match.end()
            at = match.start()
            if match.group("g") is not None:
                raise TemplateError("template.g_alone", position=at)
            if ref is not None:
                if ref.isascii() and ref.isdigit():
                    parts.append(int(ref))
                elif ref.isidentifier():
                    parts.append(ref)
                else:
                    raise TemplateError("template.g_not_a_group", ref=ref, position=at)
            elif len(digits) > 1:
                raise TemplateError(
                    "template.ambiguous",
                    digits=digits,
                    number=int(digits),
                    first=digits[0],
                    rest=digits[1:],
                    position=at,
                )
            elif digits == "0":
                raise TemplateError("template.zero", position=at)
            else:
                parts.append(int(digits))
        add_literal(len(text))
        return Template(text, tuple(parts))

    @property
    def groups(self) -> tuple[GroupRef, ...]:
        """The group references, in order."""
        return tuple(part for part in self.parts if not isinstance(part, bytes))

    def render(self, frame: bytes, match: re.Match[str] | None) -> bytes:
        """The reply for ``frame``; ``match`` is the regex match (None for literal and hex rules)."""
        if len(self.parts) == 1 and isinstance(self.parts[0], bytes):
            return self.parts[0]
        out = bytearray()
        for part in self.parts:
            if isinstance(part, bytes):
                out += part
            elif part == 0:
                out += frame
            elif match is not None:
                out += (match.group(part) or "").encode("latin-1")
        return bytes(out)


def ref_text(ref: GroupRef) -> str:
    """How a reference is written: ``\\1`` for groups 1-9, else ``\\g<name>``."""
    return f"\\{ref}" if isinstance(ref, int) and 0 < ref < 10 else f"\\g<{ref}>"

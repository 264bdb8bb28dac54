"""Explanations of socket and socketserver names, looked up by the name a student reads or sees.

The text is data shipped in this package (TOML, read with ``tomllib``; never executed):

- ``index.toml``: one table per qualified name (``socket.socket.sendall``), in listing order,
  with ``keys`` (the short names it answers to, e.g. ``sendall``) and an optional ``anchor``
  (the docs anchor, when it is not the qualified name).
- ``explanations.en.toml`` and ``explanations.zh_CN.toml``: one table per qualified name with
  ``summary`` (one line), ``does``, ``syscall``, ``in_app``, ``try`` and, where the tutorial is
  wrong or dated, ``correction``. A field may be wrapped over several lines: the lines of a
  paragraph are joined with a space (none between two Chinese characters or next to Chinese
  punctuation); a blank line starts a new paragraph.

A lookup accepts a short name (``shutdown`` gives every entry with that key, in index order),
a qualified name or a dotted tail of it (``BaseServer.shutdown``), ``self.request`` and a
trailing ``()``, a concrete server or handler class in place of its base
(``TCPServer.serve_forever``), and, when nothing matches exactly, any letter case. An entry
missing from one language falls back to its English text; an unknown language means English.
"""

from __future__ import annotations

import difflib
import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

LANGUAGES: tuple[str, ...] = ("en", "zh_CN")
DEFAULT_LANGUAGE = "en"
DOCS_ROOT = "https://docs.python.org/3/library/"
#: Text fields every entry has in every language; ``correction`` is optional.
REQUIRED_FIELDS: tuple[str, ...] = ("summary", "does", "syscall", "in_app", "try")

# A student may name a method through the concrete class they used.
_BASE_CLASS = {
    **dict.fromkeys(
        (
            "TCPServer", "UDPServer", "UnixStreamServer", "UnixDatagramServer",
            "ThreadingTCPServer", "ThreadingUDPServer", "ForkingTCPServer", "ForkingUDPServer",
            "ThreadingUnixStreamServer", "ThreadingUnixDatagramServer",
            "ForkingUnixStreamServer", "ForkingUnixDatagramServer",
        ),
        "BaseServer",
    ),
    "StreamRequestHandler": "BaseRequestHandler",
    "DatagramRequestHandler": "BaseRequestHandler",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Explanation:
    """What one Python name does, in one language."""

    name: str  #: qualified: "socket.socket.sendall", "socketserver.BaseServer.verify_request"
    keys: tuple[str, ...]  #: the short names it answers to: ("sendall",)
    lang: str  #: the language of the text: "en" or "zh_CN"
    summary: str  #: one line
    does: str  #: what it does
    syscall: str  #: the system call under it, or that it runs in Python
    in_app: str  #: what a student sees in Socket Workbench when it runs
    try_it: str  #: one thing to try in the app
    correction: str | None  #: what really happens where the tutorial is wrong or dated
    docs: str  #: the standard library docs, e.g. https://docs.python.org/3/library/socket.html#...


def normalize_language(lang: str | None) -> str:
    """Map "zh", "zh_CN", "zh-CN", "zh_CN.UTF-8" to "zh_CN", anything else to "en"."""
    if lang and lang.strip().lower().startswith("zh"):
        return "zh_CN"
    return DEFAULT_LANGUAGE


def languages() -> list[str]:
    return list(LANGUAGES)


def names() -> list[str]:
    """Every qualified name that has an explanation, in listing order."""
    return list(_index())


def keys() -> list[str]:
    """Every short name a lookup answers to, sorted."""
    return sorted({key for entry in _index().values() for key in entry["keys"]})


def entries(lang: str = DEFAULT_LANGUAGE) -> list[Explanation]:
    """Every explanation, in listing order."""
    lang = normalize_language(lang)
    return [_explanation(qualified, lang) for qualified in _index()]


def lookup(name: str, lang: str = DEFAULT_LANGUAGE) -> list[Explanation]:
    """The explanations of ``name`` (one, or each meaning of a two-meaning name); [] if unknown."""
    lang = normalize_language(lang)
    return [_explanation(qualified, lang) for qualified in _resolve(name)]


def suggestions(name: str, limit: int = 3) -> list[str]:
    """Known names close to a misspelt one, closest first."""
    wanted = _clean(name)
    short = difflib.get_close_matches(wanted, keys(), n=limit, cutoff=0.6)
    if len(short) < limit:
        short += [
            q for q in difflib.get_close_matches(wanted, names(), n=limit, cutoff=0.6) if q not in short
        ]
    return short[:limit]


# -- loading ---------------------------------------------------------------------------------


def _read(filename: str) -> dict[str, Any]:
    with resources.files(__package__).joinpath(filename).open("rb") as f:
        return tomllib.load(f)


@functools.cache
def _index() -> dict[str, dict[str, Any]]:
    index: dict[str, dict[str, Any]] = {}
    for qualified, table in _read("index.toml").items():
        module = qualified.split(".", 1)[0]
        anchor = table.get("anchor", qualified)
        index[qualified] = {
            "keys": tuple(table.get("keys", ())),
            "docs": f"{DOCS_ROOT}{module}.html#{anchor}",
        }
    return index


@functools.cache
def _texts(lang: str) -> dict[str, dict[str, str]]:
    raw = _read(f"explanations.{lang}.toml")
    return {
        qualified: {field: _unfold(str(value)) for field, value in table.items()}
        for qualified, table in raw.items()
    }


@functools.cache
def _lookup_table() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(exact key -> qualified names, casefolded key -> qualified names), in index order."""
    exact: dict[str, list[str]] = {}
    for qualified, entry in _index().items():
        parts = qualified.split(".")
        tails = [".".join(parts[i:]) for i in range(len(parts) - 1)]  # the qualified name too
        for key in (*entry["keys"], *tails):
            found = exact.setdefault(key, [])
            if qualified not in found:
                found.append(qualified)
    folded: dict[str, list[str]] = {}
    for key, found in exact.items():
        bucket = folded.setdefault(key.casefold(), [])
        bucket.extend(q for q in found if q not in bucket)
    return (
        {k: tuple(v) for k, v in exact.items()},
        {k: tuple(v) for k, v in folded.items()},
    )


def _explanation(qualified: str, lang: str) -> Explanation:
    entry = _index()[qualified]
    text = _texts(lang).get(qualified)
    if text is None or any(not text.get(field) for field in REQUIRED_FIELDS):
        lang, text = DEFAULT_LANGUAGE, _texts(DEFAULT_LANGUAGE).get(qualified, {})
    return Explanation(
        name=qualified,
        keys=entry["keys"],
        lang=lang,
        summary=text.get("summary", ""),
        does=text.get("does", ""),
        syscall=text.get("syscall", ""),
        in_app=text.get("in_app", ""),
        try_it=text.get("try", ""),
        correction=text.get("correction") or None,
        docs=entry["docs"],
    )


# -- resolving a name ----------------------------------------------------------------------


def _clean(name: str) -> str:
    name = "".join(name.split())  # "sendall ()" -> "sendall()"
    name = name.removesuffix("()")
    return name


def _resolve(name: str) -> tuple[str, ...]:
    exact, folded = _lookup_table()
    wanted = _clean(name)
    candidates = [wanted]
    if wanted.startswith("self.") and wanted not in exact:
        candidates.append(wanted.removeprefix("self."))
    for candidate in list(candidates):
        parts = candidate.split(".")
        if any(part in _BASE_CLASS for part in parts):
            candidates.append(".".join(_BASE_CLASS.get(part, part) for part in parts))
    for candidate in candidates:
        if candidate in exact:
            return exact[candidate]
    for candidate in candidates:
        if candidate.casefold() in folded:
            return folded[candidate.casefold()]
    return ()


def _is_cjk(char: str) -> bool:
    return "\u2e80" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or "\uff00" <= char <= "\uffef"


def _is_cjk_punctuation(char: str) -> bool:
    return "\u3000" <= char <= "\u303f" or "\uff00" <= char <= "\uff65" or char in "\u201c\u201d\u2018\u2019"


def _joins_tight(left: str, right: str) -> bool:
    """No space at a line break between two Chinese characters, or next to Chinese punctuation."""
    return (_is_cjk(left) and _is_cjk(right)) or _is_cjk_punctuation(left) or _is_cjk_punctuation(right)


def _unfold(text: str) -> str:
    """Join the wrapped lines of each paragraph; paragraphs stay apart by one blank line."""
    paragraphs = []
    for block in re.split(r"\n[ \t]*\n", text.strip()):
        joined = ""
        for line in (line.strip() for line in block.splitlines()):
            if not line:
                continue
            if joined and not _joins_tight(joined[-1], line[0]):
                joined += " "
            joined += line
        if joined:
            paragraphs.append(joined)
    return "\n\n".join(paragraphs)

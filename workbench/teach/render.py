"""``workbench explain``: explanations as plain text for a terminal, in English or Chinese."""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
import unicodedata
from collections.abc import Mapping
from typing import Any, TextIO

from workbench.messages import render as render_message
from workbench.teach.explain import Explanation, entries, lookup, normalize_language, suggestions

WIDTH = 78
INDENT = "  "
EXIT_OK, EXIT_UNKNOWN = 0, 2

HEADINGS: dict[str, dict[str, str]] = {
    "en": {
        "does": "What it does",
        "syscall": "System call",
        "in_app": "In Socket Workbench",
        "try": "Try it",
        "correction": "What the tutorial gets wrong or leaves out",
        "docs": "Docs",
    },
    "zh_CN": {
        "does": "作用",
        "syscall": "系统调用",
        "in_app": "在 Socket Workbench 中",
        "try": "试一试",
        "correction": "教程中有误或过时之处",
        "docs": "文档",
    },
}

# A line may break between two words, or anywhere between two Chinese characters, but not
# before Chinese closing punctuation or after an opening one.
_TOKEN = re.compile(r"\s+|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+|.")
_NO_BREAK_BEFORE = set("，。、；：？！）》」』”’%")
_NO_BREAK_AFTER = set("（《「『“‘")


def default_language(environ: Mapping[str, str] | None = None) -> str:
    """zh_CN when the locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG) is Chinese, else en.

    The same order as the CLI's messages (``workbench.messages.locale_language``), so an
    explanation and an error of one command are in one language.
    """
    env = os.environ if environ is None else environ
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(variable, "")
        if value:
            return normalize_language(value.split(":", 1)[0])
    return "en"


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(paragraph: str, width: int = WIDTH, indent: str = INDENT) -> list[str]:
    """Greedy wrapping that counts a Chinese character as two columns."""
    tokens: list[str] = []
    for token in _TOKEN.findall(paragraph):
        if tokens and (token[0] in _NO_BREAK_BEFORE or tokens[-1][-1] in _NO_BREAK_AFTER):
            tokens[-1] += token
        else:
            tokens.append(token)
    lines, line = [], ""
    room = width - _columns(indent)
    for token in tokens:
        if token.isspace():
            if line:
                line += " "
            continue
        if line and _columns(line + token) > room:
            lines.append(line.rstrip())
            line = ""
        line += token
    if line.strip():
        lines.append(line.rstrip())
    return [indent + text for text in lines]


def render(entry: Explanation, width: int = WIDTH) -> str:
    """One explanation: the name and summary, then a titled paragraph per field."""
    heading = HEADINGS.get(entry.lang, HEADINGS["en"])
    out = [entry.name, *wrap(entry.summary, width)]
    sections = [
        ("does", entry.does),
        ("syscall", entry.syscall),
        ("in_app", entry.in_app),
        ("try", entry.try_it),
        ("correction", entry.correction or ""),
    ]
    for field, text in sections:
        if not text:
            continue
        out += ["", heading[field]]
        for number, paragraph in enumerate(text.split("\n\n")):
            if number:
                out.append("")
            out += wrap(paragraph, width)
    colon = "：" if entry.lang == "zh_CN" else ": "
    out += ["", f"{heading['docs']}{colon}{entry.docs}"]
    return "\n".join(out) + "\n"


# -- the command ----------------------------------------------------------------------------


def add_parser(commands: argparse._SubParsersAction[Any]) -> None:
    """Register ``explain`` on the CLI's subcommands."""
    explain = commands.add_parser(
        "explain",
        help="explain a socket/socketserver name (sendall, verify_request, AF_INET, ...)",
        description="Explain what a socket or socketserver name does, the system call under it, "
        "and what to watch for in Socket Workbench.",
    )
    explain.add_argument("name", nargs="?", help="e.g. sendall, shutdown, socketserver.BaseServer.shutdown")
    explain.add_argument(
        "--lang",
        choices=["en", "zh_CN", "zh"],
        default=None,
        help="language (default: zh_CN when LANGUAGE/LC_ALL/LC_MESSAGES/LANG start with zh, else en)",
    )
    explain.add_argument("--list", action="store_true", help="list every name that has an explanation")


def run(args: argparse.Namespace) -> int:
    """``workbench explain``: print the entries of a name, or the list; exit 0, or 2 if unknown."""
    lang = normalize_language(args.lang) if args.lang else default_language()
    out = _stdout()
    if args.list:
        out.write("".join(f"{entry.name:<48} {entry.summary}\n" for entry in entries(lang)))
        out.flush()
        return EXIT_OK
    if not args.name:
        _complain(lang, "explain.no_name")
        return EXIT_UNKNOWN
    found = lookup(args.name, lang)
    if not found:
        close = suggestions(args.name)
        if close:
            _complain(lang, "explain.unknown_close", name=args.name, close=", ".join(close))
        else:
            _complain(lang, "explain.unknown", name=args.name)
        return EXIT_UNKNOWN
    out.write(("\n" + "-" * WIDTH + "\n\n").join(render(entry) for entry in found))
    out.flush()
    return EXIT_OK


def _complain(lang: str, code: str, **params: Any) -> None:
    if isinstance(sys.stderr, io.TextIOWrapper):
        sys.stderr.reconfigure(errors="backslashreplace")
    sys.stderr.write(f"workbench explain: {render_message(code, params, lang)}\n")


def _stdout() -> TextIO:
    """stdout, made unable to fail on Chinese text under an ASCII-only locale."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")
    return sys.stdout

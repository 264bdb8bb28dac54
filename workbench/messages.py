"""The catalog of engine messages in English and Simplified Chinese, and the process's language.

Messages live in ``messages.toml`` beside this module, one table per code with an ``en`` and a
``zh_CN`` template; ``{name}`` fields are filled from the error's parameters. A parameter that
is itself a message (a :class:`Message`, or an error with ``text(lang)``) is rendered in the
same language first, so "bad reply: {problem}" says its inner problem in Chinese too. The CLI
follows the locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG); the window sets the language it shows.
"""

from __future__ import annotations

import functools
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Protocol, runtime_checkable

LANGUAGES = ("en", "zh_CN")
_chosen: str | None = None


@functools.cache
def catalog() -> dict[str, dict[str, str]]:
    text = resources.files("workbench").joinpath("messages.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def normalize_language(name: str | None) -> str:
    """ "zh_CN.UTF-8", "zh", "zh-Hans" -> "zh_CN"; anything else -> "en"."""
    if name and name.split(".", 1)[0].replace("-", "_").lower().startswith("zh"):
        return "zh_CN"
    return "en"


def locale_language() -> str:
    """The language the environment asks for, as the C library reads it."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return normalize_language(value.split(":", 1)[0])
    return "en"


def set_language(lang: str | None) -> None:
    """Choose the language for messages rendered without one (None: follow the locale)."""
    global _chosen
    _chosen = None if lang is None else normalize_language(lang)


def current_language() -> str:
    return _chosen or locale_language()


@runtime_checkable
class Localized(Protocol):
    """Anything that says itself in a language: a Message, a WorkbenchError."""

    def text(self, lang: str | None = None) -> str: ...


@dataclass(frozen=True)
class Message:
    """A catalogued message not raised as an error: a CLI line, or a part of another message."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def text(self, lang: str | None = None) -> str:
        return render(self.code, self.params, lang)

    def __str__(self) -> str:
        return self.text("en")


def message(code: str, /, **params: Any) -> Message:
    """``Message(code, params)`` written like an error: ``message("serve.serving", server=...)``."""
    return Message(code, params)


def render(code: str, params: Mapping[str, Any], lang: str | None = None) -> str:
    """The message for ``code`` in ``lang``, English where that language lacks it."""
    entry = catalog().get(code)
    lang = normalize_language(lang) if lang is not None else current_language()
    values = {k: v.text(lang) if isinstance(v, Localized) else v for k, v in params.items()}
    if entry is None:
        # Not a catalogued code: an OS or library message passed through as it came.
        return str(values.get("message", code))
    template = entry.get(lang) or entry["en"]
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError, AttributeError):
        pass  # a parameter missing or of the wrong kind: say the rest rather than fail
    try:
        return entry["en"].format_map(_Missing(values))
    except (IndexError, ValueError, AttributeError):
        return entry["en"]


class _Missing(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def log_message(logger: Any, level: int, code: str, *, source: int = 0, **params: Any) -> None:
    """Log a catalogued line: English on stderr, and its code and parameters for the session log,
    so the window shows it in the student's language (``SessionWriter.log``)."""
    logger.log(level, render(code, params, "en"), extra={"wb_source": source, "wb_code": code, "wb_params": params})

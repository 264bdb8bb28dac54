"""The catalog of engine messages in English and Simplified Chinese, and the process's language.

Messages live in ``messages.toml`` beside this module, one table per code with an ``en`` and a
``zh_CN`` template; ``{name}`` fields are filled from the error's parameters. The CLI follows
the locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG); the window sets the language it shows.
"""

from __future__ import annotations

import functools
import os
import tomllib
from importlib import resources
from typing import Any

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


def render(code: str, params: dict[str, Any], lang: str | None = None) -> str:
    """The message for ``code`` in ``lang``, English where that language lacks it."""
    entry = catalog().get(code)
    lang = normalize_language(lang) if lang is not None else current_language()
    if entry is None:
        # Not a catalogued code: an OS or library message passed through as it came.
        return str(params.get("message", code))
    template = entry.get(lang) or entry["en"]
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return entry["en"].format_map(_Missing(params))


class _Missing(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"

"""A small TOML writer for the files the workbench writes (workspaces): tables, arrays of tables, plain values.

Why not the tomli-w package: it writes every string in double quotes, so a regex such as
``'PING (\\d+)\\r?\\n'`` comes out as ``"PING (\\\\d+)\\\\r?\\\\n"``, and a rule a user wrote
by hand reads back doubled. Here a string goes in single quotes (a TOML literal string, where a
backslash is just a backslash) whenever it can (``workbench.rulesfile.toml_string``), and in
double quotes with escapes only when it holds a quote or a control character.

What it writes: a mapping whose values are str, int, float (finite), bool, lists of those,
mappings (``[table]``) and lists of mappings (``[[array of tables]]``). Keys of a mapping come
out in its order: plain values first, then its tables. A None or an empty list is left out
(TOML has no null). Anything else raises TypeError: the caller builds these documents itself.
``tomllib.loads(dumps(d)) == d`` for every document it accepts (tests/core/test_workspace.py).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from workbench.rulesfile import toml_string

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def dumps(document: Mapping[str, Any], header: str = "") -> str:
    """The TOML text of ``document``; ``header``: comment lines to put first (without the ``#``)."""
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    _table(document, (), lines)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def _key(name: str) -> str:
    if not isinstance(name, str):
        raise TypeError(f"a TOML key must be text, not {name!r}")
    return name if _BARE_KEY.fullmatch(name) else _string(name)


def _string(text: str) -> str:
    """Plain text in double quotes, as most TOML is written; text with a backslash, a quote or a
    control character as toml_string writes it (single quotes keep backslashes as typed)."""
    if all(ch >= " " and ch not in '\\"\x7f' for ch in text):
        return f'"{text}"'
    return toml_string(text)


def _is_table_list(value: Any) -> bool:
    return isinstance(value, list | tuple) and bool(value) and all(isinstance(v, Mapping) for v in value)


def _table(table: Mapping[str, Any], path: tuple[str, ...], lines: list[str], *, array: bool = False) -> None:
    plain = [(k, v) for k, v in table.items() if v is not None and not isinstance(v, Mapping) and not _is_table_list(v)]
    plain = [(k, v) for k, v in plain if not (isinstance(v, list | tuple) and not v)]
    children = [(k, v) for k, v in table.items() if isinstance(v, Mapping) or _is_table_list(v)]
    name = ".".join(_key(k) for k in path)
    if array:
        lines += ["", f"[[{name}]]"]
    elif path and (plain or not children):
        lines += ["", f"[{name}]"]  # a table holding only tables needs no header of its own
    for key, value in plain:
        lines.append(f"{_key(key)} = {_value(value)}")
    for key, value in children:  # in the document's order, after every plain value of this table
        if isinstance(value, Mapping):
            _table(value, (*path, key), lines)
        else:
            for item in value:
                _table(item, (*path, key), lines, array=True)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise TypeError(f"{value!r} is not a number TOML files here hold")
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, Sequence):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} {value!r} as TOML")

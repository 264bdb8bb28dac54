"""The message catalog says every engine message in English and Chinese, and the CLI speaks the locale's."""

from __future__ import annotations

import ast
import importlib
import os
import pkgutil
import re
import string
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

import workbench
from workbench.errors import WorkbenchError
from workbench.hexfmt import PayloadError, payload_errors
from workbench.messages import LANGUAGES, Message, catalog, locale_language, render
from workbench.rules import Rule, RulesError
from workbench.rulesfile import parse_rules

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted((ROOT / "workbench").rglob("*.py"))
#: Entries whose Chinese is the English by design: a unit after a number.
UNTRANSLATED = {"framing.size.mib"}
#: What builds a message from a code (besides the error classes, found by importing workbench).
MESSAGE_CALLS = {"Message", "message", "render", "render_message"}
#: Calls that take a code at another position: a log line (``log_message(logger, level, code)``,
#: ``server.log(level, code)``).
LOG_CALLS = {"log_message": 2, "log": 1}
CODE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")


def fields(template: str) -> set[tuple[str, str | None, str]]:
    return {(name, conv, spec) for _, name, spec, conv in string.Formatter().parse(template) if name is not None}


def cjk_and_letters(text: str) -> tuple[int, int]:
    """How many CJK characters and Latin letters the text has outside its {fields}."""
    text = re.sub(r"\{[^}]*\}", "", text)
    return len(re.findall(r"[\u4e00-\u9fff]", text)), len(re.findall(r"[A-Za-z]", text))


# -- the catalog --------------------------------------------------------------------------


def test_every_entry_has_english_and_chinese_with_the_same_fields() -> None:
    wrong = {}
    for code, entry in catalog().items():
        if set(entry) != set(LANGUAGES):
            wrong[code] = f"languages {sorted(entry)}"
        elif fields(entry["en"]) != fields(entry["zh_CN"]):
            wrong[code] = f"fields {fields(entry['en'])} vs {fields(entry['zh_CN'])}"
        elif any(spec for _, _, spec in fields(entry["en"])):
            wrong[code] = "a format spec (pass the value formatted instead: any type must render)"
    assert not wrong, wrong


def test_the_chinese_is_chinese() -> None:
    total_cjk = total_letters = 0
    too_latin = {}
    for code, entry in catalog().items():
        cjk, letters = cjk_and_letters(entry["zh_CN"])
        total_cjk, total_letters = total_cjk + cjk, total_letters + letters
        if code in UNTRANSLATED or not cjk + letters:
            continue
        if entry["zh_CN"] == entry["en"] or cjk / (cjk + letters) < 0.2:
            too_latin[code] = entry["zh_CN"]
    assert not too_latin, too_latin
    assert total_cjk / (total_cjk + total_letters) > 0.6


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_entry_renders_with_any_parameters(lang: str) -> None:
    for code, entry in catalog().items():
        names = [name for name, _, _ in fields(entry["en"])]
        text = render(code, {name: f"<{name}>" for name in names}, lang)
        assert all(f"<{name}>" in text for name in names) and "{" not in text, (code, text)
        numbers = render(code, {name: 7 for name in names}, lang)
        assert "{" not in numbers and (not names or "7" in numbers), (code, numbers)
        assert render(code, {}, lang)  # parameters missing: the English with its {fields}, not an error


def test_a_message_inside_a_message_is_said_in_the_same_language() -> None:
    inner = PayloadError("payload.escape.lone_backslash", 3, 4)
    outer = Message("template.bad_escape", {"problem": inner, "position": 3})
    assert str(outer) == r"a lone backslash at the end: write \\ for a backslash (at position 3)"
    chinese = outer.text("zh_CN")
    assert chinese.startswith("末尾有一个落单的反斜杠") and chinese.endswith("（位置 3）")


def test_an_unknown_code_is_shown_as_it_came() -> None:
    assert render("OSError: boom", {}) == "OSError: boom"
    assert render("whatever", {"message": "[Errno 5] Input/output error"}, "zh_CN") == "[Errno 5] Input/output error"


# -- every code the engine raises is in the catalog ----------------------------------------


def _error_classes() -> set[str]:
    for info in pkgutil.walk_packages(workbench.__path__, "workbench."):
        importlib.import_module(info.name)
    found: set[str] = set()
    todo = [WorkbenchError]
    while todo:
        cls = todo.pop()
        found.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return found


def _callee(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _strings(node: ast.AST) -> Iterator[ast.Constant]:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            yield sub


def _functions(tree: ast.AST) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


class Found(NamedTuple):
    line: int
    what: str  # "string", "f-string" (code is then a pattern) or "assigned"
    code: str
    source: str


def _codes_in(path: Path, makers: set[str]) -> Iterator[Found]:
    """Each code handed to something that makes a message from it.

    What a message call is given first: a string (``"spec.port.range"``), an f-string
    (``f"spec.{field}.type"``, yielded as a pattern), a variable assigned strings in the same
    function (``code = "a" if x else "b"``), or a parameter, whose strings are found where
    the function is called (``_complain(lang, "explain.no_name")``).
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    relayed: dict[str, int] = {}  # function -> index of its parameter that is a message code
    for func in _functions(tree):
        params = [a.arg for a in func.args.posonlyargs + func.args.args]
        for node in ast.walk(func):
            if not (isinstance(node, ast.Call) and _callee(node) in makers and node.args):
                continue
            first = node.args[0]
            if isinstance(first, ast.Name):
                if first.id in params:
                    relayed[func.name] = params.index(first.id)
                for assign in ast.walk(func):
                    if isinstance(assign, ast.Assign) and any(
                        isinstance(t, ast.Name) and t.id == first.id for t in assign.targets
                    ):
                        for const in _strings(assign.value):
                            yield Found(const.lineno, "assigned", const.value, ast.unparse(assign))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _callee(node)
        first: ast.expr | None = None
        if name in makers and node.args:
            first = node.args[0]
        elif name in LOG_CALLS and len(node.args) > LOG_CALLS[name]:
            candidate = node.args[LOG_CALLS[name]]
            if isinstance(candidate, ast.Constant) and isinstance(candidate.value, str) and CODE.match(candidate.value):
                first = candidate
        elif name in relayed and len(node.args) > relayed[name]:
            first = node.args[relayed[name]]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            yield Found(node.lineno, "string", first.value, ast.unparse(node))
        elif isinstance(first, ast.JoinedStr):
            pattern = "".join(
                re.escape(part.value) if isinstance(part, ast.Constant) else "[a-z0-9_]+" for part in first.values
            )
            yield Found(node.lineno, "f-string", pattern, ast.unparse(node))


def test_every_code_the_engine_raises_is_in_the_catalog() -> None:
    makers = _error_classes() | MESSAGE_CALLS
    codes = catalog()
    missing = []
    for path in SOURCES:
        for found in _codes_in(path, makers):
            where = f"{path.relative_to(ROOT)}:{found.line}: {found.source[:100]}"
            if found.what == "f-string":
                if " " in found.code or not any(re.fullmatch(found.code, known) for known in codes):
                    missing.append(f"{where} (an f-string that names no code)")
            elif found.what == "string" and found.code not in codes:
                missing.append(where)
            elif found.what == "assigned" and CODE.match(found.code) and found.code not in codes:
                missing.append(where)
    assert not missing, "not in workbench/messages.toml:\n" + "\n".join(missing)


def test_the_scan_sees_the_ways_codes_are_passed() -> None:
    found = {f.code for path in SOURCES for f in _codes_in(path, _error_classes() | MESSAGE_CALLS)}
    # a string, a conditional assignment, a parameter relayed by a helper, an f-string
    assert {"spec.port.range", "path.not_socket", "explain.no_name", "rules.unknown_key.top"} <= found
    assert r"spec\.[a-z0-9_]+\.type" in found


def _platform_reasons() -> set[str]:
    tree = ast.parse((ROOT / "workbench" / "spec.py").read_text(encoding="utf-8"))
    (func,) = (f for f in _functions(tree) if f.name == "unsupported_reason")
    return {
        node.value.value
        for node in ast.walk(func)
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Constant) and node.value.value
    }


def test_every_platform_reason_is_in_the_catalog() -> None:
    reasons = _platform_reasons()
    assert len(reasons) == 3 and reasons <= set(catalog())


def test_every_entry_is_used_by_the_engine_or_the_window() -> None:
    makers = _error_classes() | MESSAGE_CALLS
    found = [f for path in [*SOURCES, *sorted((ROOT / "ui").rglob("*.py"))] for f in _codes_in(path, makers)]
    patterns = [f.code for f in found if f.what == "f-string"]
    used = {f.code for f in found if f.what != "f-string"} | _platform_reasons()
    unused = [c for c in catalog() if c not in used and not any(re.fullmatch(p, c) for p in patterns)]
    assert not unused, f"entries nothing raises (remove them, or the scan misses a way of passing codes): {unused}"


# -- errors say themselves in Chinese ------------------------------------------------------


def test_a_rules_error_says_where_and_what_in_chinese() -> None:
    with pytest.raises(RulesError) as caught:
        parse_rules("[[rule]]\nname = 'ping'\nmatch = 'PING ('\nreply = ''\n", "rules.toml")
    error = caught.value
    assert str(error) == 'rules.toml: rule 1 ("ping"): bad regex: missing ), unterminated subpattern at position 5'
    assert error.text("zh_CN") == (
        'rules.toml：规则 1（"ping"）：正则表达式有误：missing ), unterminated subpattern（位置 5）'
    )
    assert error.problem_text("zh_CN") == "正则表达式有误：missing ), unterminated subpattern（位置 5）"
    assert (error.rule, error.field, error.code) == (1, "match", "rules.bad_regex.at")


def test_nested_problems_are_chinese_all_the_way_down() -> None:
    with pytest.raises(RulesError) as caught:
        Rule("literal", r"ab\q", "")
    assert str(caught.value) == r"bad literal: unknown escape \q: use \xNN for a byte, or \\ for a backslash (at position 2)"
    assert caught.value.text("zh_CN") == r"literal 有误：未知的转义 \q：一个字节写成 \xNN，反斜杠本身写成 \\（位置 2）"
    with pytest.raises(RulesError) as caught:
        Rule("regex", "x", "", delay="soon")  # type: ignore[arg-type]
    assert caught.value.text("zh_CN") == "delay 必须是一个秒数，而不是文本"


def test_payload_errors_keep_their_place_in_either_language() -> None:
    text = "de ad zz"
    (error,) = payload_errors(text, "hex")
    assert (error.start, error.end, text[error.start : error.end]) == (6, 8, "zz")
    assert str(error) == "'zz' are not hex digits (use 0-9 and a-f)"
    assert error.text("zh_CN") == "'zz' 不是十六进制数字（只能用 0-9 和 a-f）"


def test_the_language_comes_from_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    assert locale_language() == "en"
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert locale_language() == "zh_CN"
    monkeypatch.setenv("LC_ALL", "C")
    assert locale_language() == "en"
    monkeypatch.setenv("LANGUAGE", "zh_CN:en")
    assert locale_language() == "zh_CN"


# -- the command line follows the locale ---------------------------------------------------


def run_cli(*args: str, **locale: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    return subprocess.run(
        [sys.executable, "-m", "workbench", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=30,
        cwd=ROOT,
        env={**env, **locale},
    )


def one_line(result: subprocess.CompletedProcess[str], status: int) -> str:
    assert result.returncode == status, result
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.splitlines()
    return line


def test_a_bad_port_is_one_chinese_line_under_a_chinese_locale() -> None:
    line = one_line(run_cli("serve", "--port", "70000", LANG="zh_CN.UTF-8"), 2)
    assert line == "workbench: 端口必须在 0-65535 之间（填 0 让系统挑一个空闲端口），而不是 70000"


def test_a_bad_port_is_english_under_the_c_locale() -> None:
    line = one_line(run_cli("serve", "--port", "70000", LANG="C"), 2)
    assert line == "workbench: port must be 0-65535 (0 picks a free port), not 70000"


def test_language_wins_over_lang() -> None:
    line = one_line(run_cli("serve", "--port", "70000", LANGUAGE="zh_CN:en", LANG="C"), 2)
    assert cjk_and_letters(line)[0] > 10


def test_a_refused_connection_is_said_in_chinese() -> None:
    # Port 1 (tcpmux) is closed on any machine that is not a museum: only root could listen there.
    line = one_line(run_cli("send", "--port", "1", "--text", "hi", LANG="zh_CN.UTF-8"), 1)
    assert line == "workbench: 127.0.0.1:1 拒绝了连接——那里有服务器在监听吗？"
    assert one_line(run_cli("send", "--port", "1", "--text", "hi", LANG="C"), 1) == (
        "workbench: connection refused by 127.0.0.1:1 — is a server listening there?"
    )


def test_a_bad_hex_payload_is_said_in_chinese() -> None:
    line = one_line(run_cli("send", "--port", "9", "--hex", "de ad zz", LANG="zh_CN.UTF-8"), 2)
    assert line == "workbench: 'zz' 不是十六进制数字（只能用 0-9 和 a-f）"


def test_chinese_reaches_a_terminal_that_cannot_show_it() -> None:
    result = run_cli("serve", "--port", "70000", LANG="zh_CN.UTF-8", PYTHONIOENCODING="ascii")
    line = one_line(result, 2)
    assert line.startswith("workbench: \\u7aef\\u53e3")

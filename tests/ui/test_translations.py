"""The Chinese translation file: current with the code, complete, and faithful to placeholders and Python names."""

from __future__ import annotations

import re
import string
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale

from tests.ui.conftest import translations_tool
from ui import i18n
from ui.i18n import language_choice, resolve_language, save_language_choice, text_catalog

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "socket_workbench_zh_CN.ts"

#: Python names as they appear in our texts; each must reach the translation unchanged.
PYTHON_NAME = re.compile(
    r"\b[A-Za-z_][\w.]*\((?!s\))[\w, ]*\)"  # calls: close(), listen(backlog), shutdown(SHUT_WR); not "byte(s)"
    r"|\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b"  # constants: AF_INET, SOCK_STREAM, SO_REUSEADDR
    r"|\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b"  # snake_case: serve_forever, allow_reuse_address
    r"|\b(?:[A-Z][a-z0-9]+){2,}[A-Z]?\w*"  # CamelCase classes: ThreadingMixIn, ForkingMixIn
)


def _messages(path: Path, with_vanished: bool = False) -> list[tuple[str, ET.Element]]:
    """(context, <message>) for every message lupdate considers current (or all of them)."""
    found = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            if with_vanished or translation.get("type") not in ("vanished", "obsolete"):
                found.append((name, message))
    return found


def _translations(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    assert translation is not None
    forms = translation.findall("numerusform")
    return [f.text or "" for f in forms] if forms else [translation.text or ""]


def _placeholders(text: str) -> Counter[str]:
    """{name} fields, %n, %s and %(name)s: what .format() and Qt fill in."""
    fields = Counter(
        f"{{{name}{':' + spec if spec else ''}}}"
        for _, name, spec, _ in string.Formatter().parse(text)
        if name is not None
    )
    fields.update(re.findall(r"%\(\w+\)s|%[ns]", text))
    return fields


def test_the_ts_file_is_current_with_the_code(tmp_path: Path) -> None:
    """lupdate over ui/ finds exactly the texts the committed .ts has (run packaging/translations.py --update)."""
    fresh = tmp_path / "fresh_zh_CN.ts"
    translations_tool().update_sources(fresh)
    in_code = {(ctx, m.findtext("source")) for ctx, m in _messages(fresh)}
    in_file = {(ctx, m.findtext("source")) for ctx, m in _messages(TS)}
    assert in_code, "lupdate found no texts at all"
    assert not in_code - in_file, f"texts in the code that the .ts lacks: {sorted(in_code - in_file)}"
    assert not in_file - in_code, f"texts in the .ts that the code no longer has: {sorted(in_file - in_code)}"


def test_every_text_has_a_chinese_translation() -> None:
    untranslated = [
        (ctx, m.findtext("source"))
        for ctx, m in _messages(TS, with_vanished=True)
        if any(not t.strip() for t in _translations(m))
        or (m.find("translation") is not None and m.find("translation").get("type") == "unfinished")  # type: ignore[union-attr]
    ]
    assert not untranslated, f"texts without a finished translation: {untranslated}"


def test_translations_keep_every_placeholder() -> None:
    """A lost or renamed {field} would raise KeyError in .format() the moment the text is shown."""
    wrong = []
    for ctx, message in _messages(TS, with_vanished=True):
        source = message.findtext("source") or ""
        for text in _translations(message):
            if _placeholders(text) != _placeholders(source):
                wrong.append((ctx, source, text))
    assert not wrong, wrong


def test_python_names_stay_as_python_spells_them() -> None:
    """docs/TERMINOLOGY.md: AF_INET, sendall(), ThreadingMixIn ... are never translated."""
    changed = []
    for ctx, message in _messages(TS, with_vanished=True):
        source = message.findtext("source") or ""
        names = PYTHON_NAME.findall(source)
        for text in _translations(message):
            lost = [n for n in names if n not in text]
            if lost:
                changed.append((ctx, source, lost))
    assert not changed, changed
    assert PYTHON_NAME.findall("shutdown(SHUT_WR) and ThreadingMixIn on serve_forever") == [
        "shutdown(SHUT_WR)",
        "ThreadingMixIn",
        "serve_forever",
    ]


def test_the_catalog_reads_the_built_file_without_an_application(built_translations: list[Path]) -> None:
    assert any(p.name == "socket_workbench_zh_CN.qm" for p in built_translations)
    chinese = text_catalog("zh_CN")
    assert chinese("ServerPane", "Start server") == "启动服务器"
    assert chinese("SelfTest", "PASS") == "通过"
    assert chinese("ServerPane", "a text nobody wrote") == "a text nobody wrote"
    assert text_catalog("en")("ServerPane", "Start server") == "Start server"


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("zh_CN", "zh_CN"),
        ("zh_TW", "zh_CN"),
        ("zh_SG", "zh_CN"),
        ("en_GB", "en"),
        ("de_DE", "en"),
        ("C", "en"),
    ],
)
def test_system_language_means_chinese_for_any_chinese_locale(locale: str, expected: str) -> None:
    assert resolve_language("system", QLocale(locale)) == expected
    assert resolve_language("en", QLocale(locale)) == "en"
    assert resolve_language("zh_CN", QLocale(locale)) == "zh_CN"


def test_the_choice_comes_from_the_environment_then_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(i18n.LANGUAGE_ENV)
    assert language_choice() == "system"  # nothing stored yet
    save_language_choice("zh_CN")
    assert language_choice() == "zh_CN"
    monkeypatch.setenv(i18n.LANGUAGE_ENV, "en")
    assert language_choice() == "en"
    monkeypatch.setenv(i18n.LANGUAGE_ENV, "klingon")  # not a choice: ignored
    assert language_choice() == "zh_CN"
    with pytest.raises(ValueError, match="system, en, zh_CN"):
        save_language_choice("fr")


def test_a_garbled_stored_language_falls_back_to_the_system(monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.settings import save_text

    monkeypatch.delenv(i18n.LANGUAGE_ENV)
    save_text("language", "zh_CN; rm -rf /")
    assert language_choice() == "system"

"""Explanations a student looks up: every name the tutorial teaches, in English and Chinese, and the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.teach import explain
from workbench.teach.render import default_language, wrap

ROOT = Path(__file__).resolve().parents[2]

#: The names the tutorial teaches (workbench issue #9): each must be explained in both languages.
REQUIRED = """
socket bind listen accept recv send sendall sendto recvfrom connect connect_ex close setblocking
settimeout getpeername getsockname fileno sendfile getaddrinfo AF_INET AF_INET6 AF_UNIX SOCK_STREAM
SOCK_DGRAM BaseServer TCPServer UDPServer UnixStreamServer UnixDatagramServer ThreadingMixIn
ForkingMixIn BaseRequestHandler StreamRequestHandler DatagramRequestHandler handle_request
serve_forever shutdown server_close address_family RequestHandlerClass server_address
allow_reuse_address request_queue_size socket_type timeout finish_request get_request handle_error
handle_timeout process_request server_activate server_bind verify_request shutdown_request
close_request setup handle finish request client_address server
rfile wfile daemon_threads block_on_close max_children SHUT_WR SHUT_RDWR
""".split()

#: Event names the app shows: socketserver hooks (enter/exit) and socket calls.
EVENT_NAMES = """
server_bind server_activate serve_forever get_request verify_request process_request finish_request
setup handle finish handle_error handle_timeout shutdown_request close_request shutdown server_close
recv recvfrom send sendall sendto socket connect connect_ex close
""".split()

TWO_MEANINGS = {
    "shutdown": ["socket.socket.shutdown", "socketserver.BaseServer.shutdown"],
    "fileno": ["socket.socket.fileno", "socketserver.BaseServer.fileno"],
    "socket": ["socket.socket", "socketserver.BaseServer.socket"],
}


def cjk_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum("\u4e00" <= c <= "\u9fff" for c in letters) / max(1, len(letters))


def whole_text(entry: explain.Explanation) -> str:
    return " ".join(
        [entry.summary, entry.does, entry.syscall, entry.in_app, entry.try_it, entry.correction or ""]
    )


def run_explain(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workbench", "explain", *args],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=ROOT,
        env=env,
        encoding="utf-8",
    )


# -- the data ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_every_required_name_is_explained_with_every_field(lang: str) -> None:
    problems = []
    for name in REQUIRED:
        found = explain.lookup(name, lang)
        if not found:
            problems.append(f"{name}: no entry")
        for entry in found:
            if entry.lang != lang:
                problems.append(f"{name}: {entry.name} has no {lang} text (fell back to {entry.lang})")
            empty = [
                f for f in ("summary", "does", "syscall", "in_app", "try_it", "docs") if not getattr(entry, f)
            ]
            if empty:
                problems.append(f"{name}: {entry.name} has empty {', '.join(empty)}")
    assert not problems, "\n".join(problems)


def test_every_listed_name_has_text_in_both_languages() -> None:
    for lang in explain.languages():
        assert [e.lang for e in explain.entries(lang)] == [lang] * len(explain.names())


def test_names_with_two_meanings_give_both_entries_in_a_fixed_order() -> None:
    for name, qualified in TWO_MEANINGS.items():
        assert [e.name for e in explain.lookup(name)] == qualified
        assert [e.name for e in explain.lookup(name, "zh_CN")] == qualified


def test_lookups_accept_qualified_names_tails_class_names_and_event_names() -> None:
    assert [e.name for e in explain.lookup("socketserver.BaseServer.shutdown")] == [
        "socketserver.BaseServer.shutdown"
    ]
    assert [e.name for e in explain.lookup("BaseServer.shutdown")] == ["socketserver.BaseServer.shutdown"]
    assert [e.name for e in explain.lookup("socket.socket.shutdown")] == ["socket.socket.shutdown"]
    assert [e.name for e in explain.lookup("TCPServer.serve_forever")] == [
        "socketserver.BaseServer.serve_forever"
    ]
    assert [e.name for e in explain.lookup("self.request")] == ["socketserver.BaseRequestHandler.request"]
    assert [e.name for e in explain.lookup("sendall()")] == ["socket.socket.sendall"]
    assert [e.name for e in explain.lookup("af_inet6")] == ["socket.AF_INET6"]
    assert [e.name for e in explain.lookup("timeout")] == ["socketserver.BaseServer.timeout"]
    missing = [name for name in EVENT_NAMES if not explain.lookup(name)]
    assert not missing, f"event names the app shows without an explanation: {missing}"
    assert explain.lookup("no_such_call") == []


def test_unknown_language_falls_back_to_english() -> None:
    (entry,) = explain.lookup("sendall", "fr")
    assert entry.lang == "en"
    assert entry.summary == explain.lookup("sendall", "en")[0].summary
    assert explain.lookup("sendall", "zh")[0].lang == "zh_CN"


def test_chinese_entries_are_chinese_and_english_ones_are_not() -> None:
    for entry in explain.entries("zh_CN"):
        assert cjk_share(whole_text(entry)) > 0.25, f"{entry.name}: the zh_CN text is barely Chinese"
    for entry in explain.entries("en"):
        assert cjk_share(whole_text(entry)) == 0, f"{entry.name}: Chinese characters in the English text"


def test_python_names_are_not_translated() -> None:
    # The name an entry explains appears as written in its Chinese summary or description.
    for entry in explain.entries("zh_CN"):
        assert entry.name.rsplit(".", 1)[-1] in entry.summary + entry.does, entry.name


def test_wrapped_data_lines_are_joined_into_clean_paragraphs() -> None:
    for lang in explain.languages():
        for entry in explain.entries(lang):
            for text in (entry.summary, entry.does, entry.in_app, entry.try_it, entry.correction or ""):
                for paragraph in text.split("\n\n"):
                    assert "\n" not in paragraph and "  " not in paragraph, (entry.name, paragraph)
                    assert " ，" not in paragraph and "， " not in paragraph, (entry.name, paragraph)


def test_docs_links_point_at_the_stdlib_pages() -> None:
    for entry in explain.entries():
        page, _, anchor = entry.docs.partition("#")
        assert page in (
            "https://docs.python.org/3/library/socket.html",
            "https://docs.python.org/3/library/socketserver.html",
        ), entry.docs
        module = page.rsplit("/", 1)[1].removesuffix(".html")
        assert anchor.startswith(module + "."), entry.docs


# -- the CLI -------------------------------------------------------------------------------


def test_cli_prints_a_chinese_entry() -> None:
    result = run_explain("sendall", "--lang", "zh_CN")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "socket.socket.sendall" in result.stdout
    assert cjk_share(result.stdout) > 0.3
    assert "https://docs.python.org/3/library/socket.html#socket.socket.sendall" in result.stdout
    assert "send(2)" in result.stdout  # the system call, kept as written


def test_cli_prints_both_meanings_of_shutdown() -> None:
    result = run_explain("shutdown", "--lang", "en")
    assert result.returncode == 0, result.stderr
    first = result.stdout.index("socket.socket.shutdown\n")
    second = result.stdout.index("socketserver.BaseServer.shutdown\n")
    assert first < second
    assert result.stdout.count("\nDocs: https://docs.python.org/3/library/") == 2


def test_cli_unknown_name_is_one_line_with_suggestions_and_exit_2() -> None:
    result = run_explain("sendal", "--lang", "en")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "'sendal'" in result.stderr and "sendall" in result.stderr


def test_cli_rejects_an_unknown_language_in_one_line() -> None:
    result = run_explain("sendall", "--lang", "fr")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_cli_list_prints_every_name() -> None:
    result = run_explain("--list", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert [line.split()[0] for line in result.stdout.splitlines()] == explain.names()


def test_cli_language_follows_the_locale() -> None:
    base = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    chinese = run_explain("verify_request", env={**base, "LANG": "zh_CN.UTF-8"})
    assert chinese.returncode == 0 and cjk_share(chinese.stdout) > 0.3
    overridden = run_explain("verify_request", env={**base, "LC_ALL": "C.UTF-8", "LANG": "zh_CN.UTF-8"})
    assert overridden.returncode == 0 and cjk_share(overridden.stdout) == 0
    assert default_language({"LC_MESSAGES": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}) == "zh_CN"
    assert default_language({"LANGUAGE": "zh_CN:en", "LANG": "C"}) == "zh_CN"
    assert default_language({}) == "en"


def test_cli_survives_an_ascii_only_stdout() -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    result = subprocess.run(
        [sys.executable, "-m", "workbench", "explain", "recv", "--lang", "zh_CN"],
        capture_output=True,
        timeout=30,
        cwd=ROOT,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert b"socket.socket.recv" in result.stdout and b"\\u" in result.stdout


def test_wrap_counts_chinese_characters_as_two_columns() -> None:
    lines = wrap("套接字" * 40, width=40, indent="")
    assert len(lines) > 1
    assert all(len(line) * 2 <= 40 for line in lines)
    assert wrap("one two three", width=9, indent="") == ["one two", "three"]
    assert not any(line.startswith("，") for line in wrap("很长的句子，" * 20, width=20, indent=""))

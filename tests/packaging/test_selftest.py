"""`socket-workbench --self-test`: every supported combination passes, failures and skips are reported."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from ui import selftest
from workbench.spec import Family, Mixin, SockType, supported_combinations

ROOT = Path(__file__).resolve().parents[2]
LINE = re.compile(r"^(PASS|FAIL|SKIP)\s+(AF_\w+)\s+(SOCK_\w+)\s+(\S+)\s+(\d+) ms", re.M)


def _env() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": "1"}


def _assert_all_passed(out: str, with_qt: bool) -> None:
    rows = LINE.findall(out)
    combos = supported_combinations()
    assert len(rows) == len(combos), out
    assert {(r[1], r[2], r[3]) for r in rows} == {(f.label, t.label, m.label) for f, t, m in combos}
    assert all(r[0] == "PASS" for r in rows), out
    total = len(combos) + (1 if with_qt else 0)
    skipped = len(Family) * len(SockType) * len(Mixin) - len(combos)  # AF_UNIX, ForkingMixIn on Windows
    assert f"self-test PASSED: {total} passed, 0 failed, {skipped} skipped" in out, out
    assert len(re.findall(r"^SKIP ", out, re.M)) == skipped
    if with_qt:
        assert re.search(r"^PASS\s+Qt\s+offscreen\s+.*MainWindow painted \d+x\d+", out, re.M), out


def test_in_process_every_combination_and_the_window_pass(
    qapp: QApplication, capsys: pytest.CaptureFixture[str]
) -> None:
    assert selftest.main([]) == 0
    out = capsys.readouterr().out
    _assert_all_passed(out, with_qt=True)
    if sys.platform.startswith("linux"):
        assert len(LINE.findall(out)) == 18  # inet/inet6/unix x stream/dgram x none/threading/forking


def test_python_dash_m_runs_it_and_writes_the_report(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    proc = subprocess.run(
        [sys.executable, "-m", "ui.selftest", "--output", str(report)],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    _assert_all_passed(proc.stdout, with_qt=True)
    assert report.read_text(encoding="utf-8") == proc.stdout
    assert "Traceback" not in proc.stderr


def test_the_socket_workbench_command_dispatches_to_it(tmp_path: Path) -> None:
    """The installed entry point (ui.app.main) hands --self-test and its options over."""
    script = Path(sys.executable).with_name("socket-workbench")
    command = (
        [str(script)]
        if script.exists()
        else [sys.executable, "-c", "import sys, ui.app; sys.exit(ui.app.main())"]
    )
    proc = subprocess.run(
        [*command, "--self-test", "--no-gui"],
        cwd=tmp_path,  # not the checkout: the installed package must carry everything
        env=_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    _assert_all_passed(proc.stdout, with_qt=False)
    assert "Qt " not in proc.stdout


def test_bad_option_is_one_line_and_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        selftest.main(["--timeout", "0"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "--timeout must be between 0 and 120 seconds" in err
    assert "Traceback" not in err


def test_unsupported_options_are_skipped_with_the_reason_not_failed() -> None:
    """What Windows sees: AF_UNIX and ForkingMixIn rows carry the reason and do not count as failures."""

    def windows_like(family: Family | None = None, mixin: Mixin | None = None) -> str | None:
        if family is Family.UNIX:
            return "AF_UNIX is not available on this platform"
        if mixin is Mixin.FORKING:
            return "ForkingMixIn needs os.fork()"
        return None

    rows = selftest.plan(reason=windows_like)
    assert len(rows) == 18
    runnable = [r for r in rows if r[3] is None]
    assert len(runnable) == 8  # inet/inet6 x stream/dgram x none/threading
    # run one runnable row and two skipped ones for real
    chosen = [
        runnable[0],
        next(r for r in rows if r[0] is Family.UNIX),
        next(r for r in rows if r[2] is Mixin.FORKING),
    ]
    seen: list[selftest.Outcome] = []
    outcomes = asyncio.run(selftest.run_servers(chosen, 5.0, seen.append))
    assert [o.status for o in outcomes] == ["PASS", "SKIP", "SKIP"]
    assert seen == outcomes
    assert outcomes[1].line().startswith("SKIP  AF_UNIX")
    assert outcomes[1].line().endswith("AF_UNIX is not available on this platform")
    assert outcomes[2].line().endswith("ForkingMixIn needs os.fork()")


async def _one_run(
    family: Family, kind: SockType, mixin: Mixin, socket_dir: str | None = None
) -> tuple[selftest.Outcome, int, str]:
    """One combination through its own host: the outcome, the host's pid, its (removed) temp dir."""
    run = selftest.HostRun()
    try:
        await run.start(5.0)
        outcome = await selftest.run_combination(run, 1, family, kind, mixin, 5.0, socket_dir)
    finally:
        assert await run.close() == []
    return outcome, run.pid, run.directory


@pytest.mark.skipif(
    not hasattr(socket, "AF_UNIX"), reason="needs AF_UNIX to point a server at a missing folder"
)
def test_a_server_that_cannot_start_is_a_fail_line_with_the_reason(tmp_path: Path) -> None:
    missing_dir = str(tmp_path / "no-such-dir")
    outcome, _pid, _dir = asyncio.run(_one_run(Family.UNIX, SockType.STREAM, Mixin.NONE, missing_dir))
    assert outcome.status == "FAIL"
    assert "no-such-dir" in outcome.detail
    assert outcome.line().startswith("FAIL  AF_UNIX   SOCK_STREAM  none")


def test_an_engine_that_cannot_start_fails_every_row_in_plain_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a broken bundle (no --engine-host) would show: a FAIL line per row, no traceback."""
    import workbench.host.client

    monkeypatch.setattr(
        workbench.host.client, "host_command", lambda session: ("/nonexistent/socket-workbench", [session])
    )
    rows = selftest.plan(
        [(Family.INET, SockType.STREAM, Mixin.NONE), (Family.INET, SockType.DGRAM, Mixin.NONE)]
    )
    outcomes = asyncio.run(selftest.run_servers(rows, 5.0, lambda _o: None))
    assert [o.status for o in outcomes] == ["FAIL", "FAIL"]
    for outcome in outcomes:
        assert outcome.detail.startswith("the engine process did not start: "), outcome.detail
        assert "/nonexistent/socket-workbench" in outcome.detail


@pytest.fixture(scope="module")
def threading_run() -> tuple[selftest.Outcome, int]:
    """The real events of one ThreadingMixIn TCP exchange, to show the checker rejects broken ones."""
    outcome, pid, directory = asyncio.run(_one_run(Family.INET, SockType.STREAM, Mixin.THREADING))
    assert outcome.status == "PASS", outcome.detail
    assert not os.path.exists(directory)  # the session log and its folder are gone after the run
    return outcome, pid


def _check(events: list, host_pid: int, mixin: Mixin = Mixin.THREADING) -> list[str]:
    payload = selftest.BINARY_PAYLOAD + selftest.TEXT_PAYLOAD
    return selftest.check_events(events, Family.INET, SockType.STREAM, mixin, payload, host_pid)


def test_the_servers_ran_in_the_engine_process_and_were_read_from_its_log(
    threading_run: tuple[selftest.Outcome, int],
) -> None:
    outcome, host_pid = threading_run
    server = [e for e in outcome.events if e.role == "server"]
    client = [e for e in outcome.events if e.role == "client"]
    assert host_pid != os.getpid()
    assert server and {e.pid for e in server} == {host_pid}
    assert client and {e.pid for e in client} == {host_pid}
    received = b"".join(e.data or b"" for e in server if e.event == "recv")
    assert received == selftest.BINARY_PAYLOAD + selftest.TEXT_PAYLOAD


def test_checker_accepts_the_real_events(threading_run: tuple[selftest.Outcome, int]) -> None:
    outcome, pid = threading_run
    assert _check(outcome.events, pid) == []


def test_checker_notices_a_missing_lifecycle_step(threading_run: tuple[selftest.Outcome, int]) -> None:
    outcome, pid = threading_run
    events = [e for e in outcome.events if not (e.event == "handle" and e.phase == "enter")]
    assert any("handle not seen" in p for p in _check(events, pid))


def test_checker_notices_steps_out_of_order(threading_run: tuple[selftest.Outcome, int]) -> None:
    outcome, pid = threading_run
    setup = next(e for e in outcome.events if e.event == "setup" and e.phase == "enter")
    late = dataclasses.replace(setup, ts=setup.ts + 60)
    events = [late if e is setup else e for e in outcome.events]
    assert any("out of order" in p for p in _check(events, pid))


def test_checker_notices_a_changed_byte(threading_run: tuple[selftest.Outcome, int]) -> None:
    outcome, pid = threading_run
    recv = next(e for e in outcome.events if e.role == "server" and e.event == "recv" and e.data)
    flipped = dataclasses.replace(recv, data=bytes([recv.data[0] ^ 0xFF]) + recv.data[1:])
    events = [flipped if e is recv else e for e in outcome.events]
    assert "bytes in the server's recv events differ from what the client sent" in _check(events, pid)


def test_checker_notices_a_lost_client_byte(threading_run: tuple[selftest.Outcome, int]) -> None:
    outcome, pid = threading_run
    recv = next(e for e in outcome.events if e.role == "client" and e.event == "recv" and e.data)
    shorter = dataclasses.replace(recv, data=recv.data[:-1])
    events = [shorter if e is recv else e for e in outcome.events]
    assert "bytes in the client's recv events differ from the echo" in _check(events, pid)


def test_checker_notices_handle_on_the_serve_thread(threading_run: tuple[selftest.Outcome, int]) -> None:
    outcome, pid = threading_run
    serve_thread = next(e.thread for e in outcome.events if e.event == "get_request")
    events = [
        dataclasses.replace(e, thread=serve_thread) if e.event == "handle" else e for e in outcome.events
    ]
    assert "ThreadingMixIn ran handle() on the serve_forever thread" in _check(events, pid)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="ForkingMixIn needs os.fork()")
def test_checker_wants_forkingmixin_handle_in_a_child_of_the_host() -> None:
    outcome, host_pid, _dir = asyncio.run(_one_run(Family.INET, SockType.STREAM, Mixin.FORKING))
    assert outcome.status == "PASS", outcome.detail
    handles = [e for e in outcome.events if e.event == "handle"]
    assert handles and all(e.pid not in (host_pid, os.getpid()) for e in handles)
    assert _check(outcome.events, host_pid, Mixin.FORKING) == []
    in_host = [dataclasses.replace(e, pid=host_pid) if e.event == "handle" else e for e in outcome.events]
    assert "ForkingMixIn ran handle() in the parent process, not a child" in _check(
        in_host, host_pid, Mixin.FORKING
    )


def test_the_report_speaks_chinese_when_asked(built_translations: list[Path]) -> None:
    from ui.i18n import LANGUAGE_ENV

    proc = subprocess.run(
        [sys.executable, "-m", "ui.selftest", "--no-gui"],
        cwd=ROOT,
        env={**_env(), LANGUAGE_ENV: "zh_CN", "PYTHONIOENCODING": "utf-8"},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("Socket Workbench ") and "自检（源码版；Python" in lines[0], lines[0]
    rows = [line for line in lines if line.startswith("通过")]
    assert len(rows) == len(supported_combinations()), proc.stdout
    # the columns line up as in English: two-column characters are counted as two
    assert {selftest._width(row[: row.index("AF_")]) for row in rows} == {6}
    total = len(supported_combinations())
    assert f"自检通过：{total} 项通过，0 项失败，0 项跳过，用时" in lines[-1], lines[-1]
    # and the options' help
    usage = subprocess.run(
        [sys.executable, "-m", "ui.selftest", "--help"],
        cwd=ROOT,
        env={**_env(), LANGUAGE_ENV: "zh_CN", "PYTHONIOENCODING": "utf-8"},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert "跳过 Qt 窗口检查" in usage.stdout, usage.stdout


def test_the_qt_check_finds_both_chinese_files(qapp: QApplication, built_translations: list[Path]) -> None:
    assert selftest.missing_translations() == []

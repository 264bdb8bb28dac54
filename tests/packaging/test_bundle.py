"""The Linux installers: packaging/build-linux.sh builds the bundle, tarball and .deb, and they run."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from workbench import __version__
from workbench.spec import supported_combinations

ROOT = Path(__file__).resolve().parents[2]
NAME = "socket-workbench"
BUNDLE_LIMIT_MB = 180  # numpy brings 37 MB (27 of them OpenBLAS, which its core links)
DEB_LIMIT_MB = 60
#: System libraries Qt's xcb/EGL/GL code links against: apt must bring each of them.
QT_SYSTEM_PACKAGES = (
    "libxcb-cursor0",
    "libxkbcommon-x11-0",
    "libxkbcommon0",
    "libgl1",
    "libegl1",
    "libfontconfig1",
    "libfreetype6",
    "libdbus-1-3",
    "libx11-6",
    "libxcb1",
    "libglib2.0-0",
    "fonts-dejavu-core",
    "fonts-wqy-microhei",  # Chinese without boxes (or fonts-noto-cjk, the alternative)
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not sys.platform.startswith("linux"), reason="the Linux installers are built on Linux"
    ),
    pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="needs dpkg-deb (Debian/Ubuntu)"),
]


@dataclass(frozen=True)
class Built:
    bundle: Path
    tarball: Path
    deb: Path
    seconds: float


def _mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 2**20
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink()) / 2**20


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    return {**env, "QT_QPA_PLATFORM": "offscreen"}


def _self_test(executable: Path, cwd: Path) -> str:
    proc = subprocess.run(
        [str(executable), "--self-test"], cwd=cwd, env=_env(), capture_output=True, text=True, timeout=90
    )
    out = proc.stdout
    assert proc.returncode == 0, out + proc.stderr
    total = len(supported_combinations()) + 1  # + the Qt window check
    assert f"self-test PASSED: {total} passed, 0 failed, 0 skipped" in out, out
    assert "(frozen;" in out.splitlines()[0]
    assert re.search(r"^PASS\s+Qt\s+offscreen\s+.*MainWindow painted", out, re.M), out
    assert "Traceback" not in proc.stderr, proc.stderr
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """One run of the documented command into a temp dist/ (PyInstaller's work dir is kept as a cache)."""
    dist = tmp_path_factory.mktemp("dist")
    env = {
        **os.environ,
        "DIST_DIR": str(dist),
        "BUILD_DIR": str(ROOT / "build" / "pyinstaller-test"),
        "PYTHON_FOR_BUILD": sys.executable,  # the interpreter running the tests has PyInstaller
    }
    proc = subprocess.run(
        ["bash", str(ROOT / "packaging" / "build-linux.sh")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=540,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    seconds = float(re.search(r"done in (\d+) s", proc.stderr).group(1))  # type: ignore[union-attr]
    return Built(
        bundle=dist / NAME,
        tarball=dist / f"{NAME}-{__version__}-linux-x86_64.tar.gz",
        deb=dist / f"{NAME}_{__version__}_amd64.deb",
        seconds=seconds,
    )


@pytest.mark.timeout(600)
def test_bundle_self_test_passes_and_fits(built: Built, tmp_path: Path) -> None:
    out = _self_test(built.bundle / NAME, tmp_path)
    size = _mb(built.bundle)
    print(f"\nbundle {size:.1f} MB, built in {built.seconds:.0f} s\n{out}")
    assert size <= BUNDLE_LIMIT_MB
    internal = built.bundle / "_internal"
    assert (internal / "resources" / "icons" / f"{NAME}-256.png").is_file()
    # the translation built from the .ts at build time, and Qt's own for the standard buttons
    assert (internal / "resources" / "translations" / "socket_workbench_zh_CN.qm").is_file()
    assert (internal / "PySide6" / "Qt" / "translations" / "qtbase_zh_CN.qm").is_file()
    assert not list((internal / "resources").rglob("*.ts"))
    plugins = internal / "PySide6" / "Qt" / "plugins"
    assert (plugins / "platforms" / "libqxcb.so").is_file()
    assert (plugins / "platforms" / "libqoffscreen.so").is_file()
    # Qt modules the app does not use stay out
    for unused in ("QtQml", "QtQuick", "QtNetwork", "QtWebEngineCore", "Qt3DCore", "QtMultimedia"):
        assert not list(internal.glob(f"PySide6/{unused}.*")), unused
    assert not list(internal.rglob("libQt6Quick*")) and not list(internal.rglob("libQt6Qml*"))
    # the engine's data, read beside its modules: messages (every error) and the explanations
    assert (internal / "workbench" / "messages.toml").is_file()
    for name in ("index.toml", "explanations.en.toml", "explanations.zh_CN.toml"):
        assert (internal / "workbench" / "teach" / name).is_file(), name
    # numpy's parts the app never imports stay out (the spec's NUMPY_EXCLUDES)
    for unused in ("random", "fft", "f2py", "testing"):
        assert not (internal / "numpy" / unused).exists(), unused
    assert not list(internal.rglob("tests")), list(internal.rglob("tests"))[:5]


@pytest.mark.timeout(600)
def test_bundle_runs_as_the_engine_host(built: Built, tmp_path: Path) -> None:
    """The window starts its engine as ``<bundle> --engine-host --session FILE`` (no Python on the machine)."""
    from workbench.session.reader import SessionReader

    session = tmp_path / "x.swb"
    commands = [
        {"id": 1, "cmd": "hello", "args": {}},
        {"id": 2, "cmd": "server.start", "args": {"spec": {"port": 70000}}},
        {"id": 3, "cmd": "server.start", "args": {"spec": {"port": 0, "mixin": "forking"}}},
    ]
    proc = subprocess.Popen(
        [str(built.bundle / NAME), "--engine-host", "--session", str(session)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env=_env(),
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    watchdog = threading.Timer(30, proc.kill)  # a host that never answers fails, not hangs
    watchdog.start()
    try:
        proc.stdin.write("".join(json.dumps(c) + "\n" for c in commands))
        proc.stdin.flush()
        replies: dict[int, dict] = {}
        while len(replies) < len(commands) and (line := proc.stdout.readline()):
            message = json.loads(line)
            if "id" in message:
                replies[message["id"]] = message
        proc.stdin.close()  # end of stdin: the host stops the server and exits
        code = proc.wait(timeout=5)
        stderr = proc.stderr.read()
    finally:
        watchdog.cancel()
        proc.kill()
        proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    assert code == 0, stderr
    assert replies[1]["ok"]["version"] == __version__ and replies[1]["ok"]["session"] == str(session)
    assert (replies[2]["error"]["code"], replies[2]["error"]["field"]) == ("spec.port.range", "port")
    assert "70000" in replies[2]["error"]["message"]
    assert replies[3]["ok"]["server"] == "server-1"
    assert stderr == ""
    with SessionReader(session) as reader:  # what the host recorded, read by this checkout's reader
        names = [e.event for e in reader.events()]
    assert "server_bind" in names and names[-1] == "server_close", names


@pytest.mark.timeout(600)
def test_bundle_speaks_chinese(built: Built, tmp_path: Path) -> None:
    """The frozen copy finds its .qm: the self-test reports in Chinese when asked to."""
    from ui.i18n import LANGUAGE_ENV

    proc = subprocess.run(
        [str(built.bundle / NAME), "--self-test"],
        cwd=tmp_path,
        env={**_env(), LANGUAGE_ENV: "zh_CN", "PYTHONIOENCODING": "utf-8"},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=90,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "自检（打包版；Python" in proc.stdout.splitlines()[0], proc.stdout
    total = len(supported_combinations()) + 1
    assert f"自检通过：{total} 项通过，0 项失败，0 项跳过" in proc.stdout, proc.stdout


@pytest.mark.timeout(600)
def test_bundle_opens_the_real_window(built: Built, tmp_path: Path) -> None:
    """Not only the self-test: the frozen app's normal start (qasync loop, main window) paints."""
    from ui.app import STARTUP_MARK, STARTUP_PROBE_ENV

    proc = subprocess.run(
        [str(built.bundle / NAME)],
        cwd=tmp_path,
        env={**_env(), STARTUP_PROBE_ENV: "1"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert STARTUP_MARK in proc.stdout, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr


@pytest.mark.timeout(600)
def test_tarball_holds_the_bundle_under_a_versioned_folder(built: Built) -> None:
    assert built.tarball.is_file()
    with tarfile.open(built.tarball) as tar:
        names = tar.getnames()
        top = {n.split("/", 1)[0] for n in names}
        assert top == {f"{NAME}-{__version__}"}
        exe = tar.getmember(f"{NAME}-{__version__}/{NAME}")
        assert exe.isfile() and exe.mode & 0o111
        assert f"{NAME}-{__version__}/_internal/resources/icons/{NAME}.svg" in names
    assert _mb(built.tarball) <= BUNDLE_LIMIT_MB


def _deb_field(deb: Path, field: str) -> str:
    return subprocess.run(
        ["dpkg-deb", "-f", str(deb), field], capture_output=True, text=True, check=True
    ).stdout.strip()


@pytest.mark.timeout(600)
def test_deb_metadata_and_layout(built: Built) -> None:
    deb = built.deb
    assert deb.is_file()
    size = _mb(deb)
    print(f"\n.deb {size:.1f} MB")
    assert size <= DEB_LIMIT_MB
    assert _deb_field(deb, "Package") == NAME
    assert _deb_field(deb, "Version") == __version__
    assert _deb_field(deb, "Architecture") == "amd64"
    depends = [d.strip().split(" ")[0] for d in _deb_field(deb, "Depends").split(",")]
    for package in QT_SYSTEM_PACKAGES:
        assert package in depends, f"Depends lacks {package}: {depends}"
    assert "libc6" in depends
    info = subprocess.run(["dpkg-deb", "-I", str(deb)], capture_output=True, text=True, check=True).stdout
    assert "xz" in subprocess.run(["ar", "t", str(deb)], capture_output=True, text=True, check=True).stdout
    assert "Installed-Size" in info
    listing = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True, check=True).stdout
    paths = {line.split()[5].removeprefix(".") for line in listing.splitlines() if line.strip()}
    for expected in (
        f"/opt/{NAME}/{NAME}",
        f"/usr/bin/{NAME}",
        f"/usr/share/applications/{NAME}.desktop",
        f"/usr/share/icons/hicolor/48x48/apps/{NAME}.png",
        f"/usr/share/icons/hicolor/scalable/apps/{NAME}.svg",
    ):
        assert expected in paths, expected
    assert all(line.split()[1] == "root/root" for line in listing.splitlines() if line.strip())
    # system libraries come from Depends, not from the bundle
    assert not any(re.search(r"/_internal/libxcb-cursor\.so|/_internal/libX11\.so", p) for p in paths)


@pytest.mark.timeout(600)
def test_deb_payload_runs_its_self_test(built: Built, tmp_path: Path) -> None:
    """The tree the .deb installs works with this machine's system libraries (no apt needed)."""
    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", str(built.deb), str(root)], check=True)
    launcher = (root / "usr" / "bin" / NAME).read_text(encoding="utf-8")
    assert f"exec /opt/{NAME}/{NAME}" in launcher
    desktop = (root / "usr" / "share" / "applications" / f"{NAME}.desktop").read_text(encoding="utf-8")
    assert f"Exec={NAME}" in desktop and f"Icon={NAME}" in desktop
    _self_test(root / "opt" / NAME / NAME, tmp_path)


@pytest.mark.timeout(600)
@pytest.mark.skipif(
    os.environ.get("CI") != "true" or os.geteuid() != 0 or shutil.which("apt-get") is None,
    reason="installs system-wide: only in CI, as root, with apt-get",
)
def test_deb_installs_with_apt_and_passes(built: Built, tmp_path: Path) -> None:
    installed = subprocess.run(["dpkg-query", "-W", "-f=${Status}", NAME], capture_output=True, text=True)
    if "ok installed" in installed.stdout:
        pytest.skip(f"{NAME} is already installed on this machine; not touching it")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", str(built.deb)]
    try:
        proc = subprocess.run(install, env=env, capture_output=True, text=True, timeout=300)
        if proc.returncode != 0:  # package lists may be missing on a fresh machine
            subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True, timeout=300)
            proc = subprocess.run(install, env=env, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert shutil.which(NAME) == f"/usr/bin/{NAME}"
        _self_test(Path(f"/usr/bin/{NAME}"), tmp_path)
    finally:
        subprocess.run(["apt-get", "remove", "-y", "-q", NAME], env=env, capture_output=True, timeout=300)
    assert not Path(f"/opt/{NAME}").exists()

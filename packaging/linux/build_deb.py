"""Assemble socket-workbench_<version>_<arch>.deb from the PyInstaller one-folder bundle.

The .deb installs the bundle under /opt/socket-workbench, a /usr/bin/socket-workbench
launcher, the menu entry and hicolor icons. System libraries that PyInstaller copied from the
build host (libX11, libxcb-*, libfontconfig, libstdc++, ...) are taken out of the bundle and
named in Depends instead, together with every library the remaining binaries link against
that is not bundled (libGL, libEGL, libwayland-*): apt then installs exactly what Qt needs,
and the system's copies stay consistent with its GL drivers. Qt, PySide6, ICU and libpython
(none of them from a Debian package) stay bundled.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NAME = "socket-workbench"
PREFIX = Path("opt") / NAME
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
#: Not libraries anything links against, but Qt shows no text without a font, and Chinese
#: as boxes without a CJK one: WenQuanYi Micro Hei (1.6 MB) unless Noto CJK (56 MB) is there.
EXTRA_DEPENDS = ("fonts-dejavu-core", "fonts-wqy-microhei | fonts-noto-cjk")
#: Packages for libraries Qt's Wayland plugins link against, for build hosts that lack them
#: (the Debian and Ubuntu names agree). Everything else is looked up with dpkg on the host.
KNOWN_PACKAGES = {
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
}
MAINTAINER = "Socket Workbench developers <socket-workbench@users.noreply.github.com>"
DESCRIPTION = """\
Build socketserver servers and socket clients by clicking
 Socket Workbench is a desktop app in which students build real Python
 socketserver servers (TCP, UDP, Unix; no mixin, ThreadingMixIn, ForkingMixIn)
 and socket clients by clicking, and watch every lifecycle method the server
 runs, on which thread or process, and every byte that crosses, in a hex view.
 .
 Check an installed copy with: socket-workbench --self-test"""
LAUNCHER = f"""#!/bin/sh
# Socket Workbench launcher: the PyInstaller bundle lives in /{PREFIX}.
exec /{PREFIX}/{NAME} "$@"
"""


class PackagingError(Exception):
    """Something the build host lacks or the bundle got wrong, said plainly."""


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def elf_files(tree: Path) -> list[Path]:
    return sorted(p for p in tree.rglob("*") if p.is_file() and not p.is_symlink() and is_elf(p))


def needed(path: Path) -> list[str]:
    """The DT_NEEDED sonames of an ELF file (objdump, from binutils)."""
    out = subprocess.run(["objdump", "-p", str(path)], capture_output=True, text=True, check=True).stdout
    return re.findall(r"^\s*NEEDED\s+(\S+)", out, flags=re.M)


def glibc_floor(paths: list[Path]) -> str | None:
    """The newest GLIBC_x.y symbol version any of the files requires."""
    best: tuple[int, ...] = ()
    for path in paths:
        out = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True).stdout
        for match in re.findall(r"GLIBC_(\d+(?:\.\d+)+)", out):
            best = max(best, tuple(int(x) for x in match.split(".")))
    return ".".join(map(str, best)) if best else None


def system_library_paths() -> dict[str, str]:
    """soname -> path, from the dynamic linker cache of this (the build) machine."""
    out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    found: dict[str, str] = {}
    arch_tag = "x86-64" if os.uname().machine == "x86_64" else os.uname().machine
    for line in out.splitlines():
        m = re.match(r"\s*(\S+)\s+\(([^)]*)\)\s+=>\s+(\S+)", line)
        if m and (arch_tag in m.group(2) or "x86-64" not in m.group(2)):
            found.setdefault(m.group(1), m.group(3))
    return found


def owning_package(path: str) -> str | None:
    """The Debian package that ships a file (trying the /lib <-> /usr/lib merged-usr aliases)."""
    real = os.path.realpath(path)
    candidates = [path, real]
    for p in (path, real):
        if p.startswith("/usr/lib/"):
            candidates.append(p[len("/usr") :])
        elif p.startswith("/lib"):
            candidates.append("/usr" + p)
    for candidate in dict.fromkeys(candidates):
        res = subprocess.run(["dpkg-query", "-S", candidate], capture_output=True, text=True)
        if res.returncode == 0 and res.stdout.strip():
            package = res.stdout.split(":", 1)[0].split(",")[0].strip()
            return package
    return None


def unbundle_system_libraries(internal: Path, libs: dict[str, str]) -> dict[str, str]:
    """Remove top-level bundled libraries that a Debian package provides; returns soname -> package."""
    removed: dict[str, str] = {}
    for lib in sorted(internal.iterdir()):
        if not lib.name.startswith("lib") or ".so" not in lib.name or lib.is_dir():
            continue
        if lib.name.startswith("libpython"):
            continue  # the interpreter the bundle was frozen with, whatever the system has
        system_path = libs.get(lib.name)
        package = owning_package(system_path) if system_path else None
        if package:
            lib.unlink()
            removed[lib.name] = package
    return removed


def system_depends(tree: Path, libs: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """soname -> package for everything the bundle links against but does not carry."""
    files = elf_files(tree)
    bundled = {p.name for p in tree.rglob("*") if ".so" in p.name}
    result: dict[str, str] = {}
    missing: list[str] = []
    for path in files:
        for soname in needed(path):
            if soname in bundled or soname in result:
                continue
            system_path = libs.get(soname)
            package = owning_package(system_path) if system_path else None
            package = package or KNOWN_PACKAGES.get(soname)
            if package:
                result[soname] = package
            elif soname not in missing:
                missing.append(soname)
    return result, missing


def depends_field(packages: set[str], glibc: str | None) -> str:
    names = sorted(packages - {"libc6"})
    libc = f"libc6 (>= {glibc})" if glibc else "libc6"
    return ", ".join([libc, *names])


def installed_size_kib(tree: Path) -> int:
    total = 0
    for p in tree.rglob("*"):
        if p.is_symlink():
            continue
        if p.is_file():
            total += (p.stat().st_size + 1023) // 1024
    return total


def _license_paragraph() -> str:
    """The project's LICENSE as a copyright-format stand-alone license paragraph."""
    license_file = ROOT / "LICENSE"
    if not license_file.is_file():
        return ""
    body = [
        (" " + line) if line.strip() else " ."
        for line in license_file.read_text(encoding="utf-8").splitlines()
    ]
    return "\nLicense: MIT\n" + "\n".join(body) + "\n"


def stage(bundle: Path, staging: Path) -> Path:
    """Lay out the package tree; returns the /opt/socket-workbench directory in it."""
    opt = staging / PREFIX
    opt.parent.mkdir(parents=True)
    shutil.copytree(bundle, opt, symlinks=True)
    bin_dir = staging / "usr" / "bin"
    bin_dir.mkdir(parents=True)
    launcher = bin_dir / NAME
    launcher.write_text(LAUNCHER, encoding="utf-8")
    launcher.chmod(0o755)
    apps = staging / "usr" / "share" / "applications"
    apps.mkdir(parents=True)
    shutil.copy2(ROOT / "resources" / f"{NAME}.desktop", apps / f"{NAME}.desktop")
    icons = ROOT / "resources" / "icons"
    for size in ICON_SIZES:
        dest = staging / "usr" / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        dest.mkdir(parents=True)
        shutil.copy2(icons / f"{NAME}-{size}.png", dest / f"{NAME}.png")
    scalable = staging / "usr" / "share" / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copy2(icons / f"{NAME}.svg", scalable / f"{NAME}.svg")
    doc = staging / "usr" / "share" / "doc" / NAME
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        "Upstream-Name: socket-workbench\n\n"
        "Files: *\nCopyright: Socket Workbench developers\nLicense: MIT\n\n"
        "Files: opt/socket-workbench/_internal/PySide6/* opt/socket-workbench/_internal/shiboken6/*\n"
        "Copyright: The Qt Company Ltd.\nLicense: LGPL-3.0-only\n" + _license_paragraph(),
        encoding="utf-8",
    )
    for path in staging.rglob("*"):  # dpkg wants 0755 dirs / 0644 data whatever the umask was
        if path.is_symlink():
            continue
        mode = path.stat().st_mode
        if path.is_dir():
            path.chmod(0o755)
        elif mode & stat.S_IXUSR:
            path.chmod(0o755)
        else:
            path.chmod(0o644)
    return opt


def build_deb(
    bundle: Path,
    version: str,
    out_dir: Path,
    arch: str = "amd64",
    keep_staging: Path | None = None,
    xz_level: int = 1,
) -> Path:
    """Build the .deb from a one-folder bundle; returns its path."""
    if not (bundle / NAME).is_file():
        raise PackagingError(f"{bundle} is not a PyInstaller bundle (no {NAME} executable in it)")
    for tool in ("dpkg-deb", "dpkg-query", "objdump", "ldconfig"):
        if shutil.which(tool) is None and not Path(f"/sbin/{tool}").exists():
            raise PackagingError(f"{tool} is needed to build the .deb (apt-get install dpkg binutils)")
    libs = system_library_paths()
    tmp = Path(tempfile.mkdtemp(prefix="swb-deb-"))
    staging = keep_staging or tmp / "root"
    if staging.exists():
        shutil.rmtree(staging)
    try:
        opt = stage(bundle, staging)
        removed = unbundle_system_libraries(opt / "_internal", libs)
        deps, missing = system_depends(opt, libs)
        if missing:
            raise PackagingError(
                "the bundle links against libraries this machine does not have, so the .deb cannot "
                "name their packages: " + ", ".join(sorted(missing))
            )
        # Only what the kept binaries link against directly: the unbundled libraries' own
        # dependencies come with their packages.
        packages = set(deps.values()) | set(EXTRA_DEPENDS)
        unreferenced = sorted(set(removed.values()) - packages)
        control_dir = staging / "DEBIAN"
        control_dir.mkdir()
        control = (
            f"Package: {NAME}\n"
            f"Version: {version}\n"
            f"Architecture: {arch}\n"
            f"Maintainer: {MAINTAINER}\n"
            f"Installed-Size: {installed_size_kib(staging)}\n"
            f"Depends: {depends_field(packages, glibc_floor(elf_files(opt)))}\n"
            "Section: education\n"
            "Priority: optional\n"
            f"Description: {DESCRIPTION}\n"
        )
        (control_dir / "control").write_text(control, encoding="utf-8")
        if unreferenced:
            print("unbundled, pulled in by other packages: " + ", ".join(unreferenced), file=sys.stderr)
        out_dir.mkdir(parents=True, exist_ok=True)
        deb = out_dir / f"{NAME}_{version}_{arch}.deb"
        subprocess.run(
            ["dpkg-deb", "--root-owner-group", "-Zxz", f"-z{xz_level}", "--build", str(staging), str(deb)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        return deb
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--bundle", type=Path, required=True, help="the one-folder bundle (dist/socket-workbench)"
    )
    parser.add_argument("--version", required=True)
    parser.add_argument("--out", type=Path, required=True, help="directory for the .deb")
    parser.add_argument("--arch", default="amd64")
    parser.add_argument("--staging", type=Path, help="keep the package tree here (to run or inspect it)")
    parser.add_argument(
        "--xz-level",
        type=int,
        default=1,
        choices=range(10),
        metavar="0-9",
        help="xz level (default 1: ~40 MB in 20 s; 6 saves ~5 MB for 2 minutes more)",
    )
    args = parser.parse_args(argv)
    try:
        deb = build_deb(args.bundle, args.version, args.out, args.arch, args.staging, args.xz_level)
    except (PackagingError, subprocess.CalledProcessError) as exc:
        print(f"build_deb: {exc}", file=sys.stderr)
        return 2
    print(deb)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env bash
# Builds the Linux installers: the one-folder bundle (dist/socket-workbench/), then
#   dist/socket-workbench-<version>-linux-x86_64.tar.gz  and  dist/socket-workbench_<version>_amd64.deb
# Sets itself up like scripts/run-tests (Qt's system libraries with apt-get as root, .venv).
# Options: --clean (rebuild PyInstaller's cache), --no-deb, --no-tar, --self-test (run the
# bundle's self-test offscreen before packaging). DIST_DIR / BUILD_DIR move the outputs.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../scripts/bootstrap.sh
source "$HERE/../scripts/bootstrap.sh" # sets ROOT, VENV, QT_LIBS, XCB_LIBS, ensure_* helpers

clean=0 make_deb=1 make_tar=1 self_test=0
for arg in "$@"; do
    case "$arg" in
    --clean) clean=1 ;;
    --no-deb) make_deb=0 ;;
    --no-tar) make_tar=0 ;;
    --self-test) self_test=1 ;;
    -h | --help)
        sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *)
        say "unknown option: $arg (try --help)"
        exit 2
        ;;
    esac
done

DIST="${DIST_DIR:-$ROOT/dist}"
WORK="${BUILD_DIR:-$ROOT/build/pyinstaller}"

# PyInstaller bundles only the system libraries it finds, so the xcb set must be on this host
# (the same list as scripts/run-tests: nothing new to install when the tests ran here).
ensure_apt_packages $QT_LIBS $XCB_LIBS binutils
if [ -n "${PYTHON_FOR_BUILD:-}" ]; then
    PY="$PYTHON_FOR_BUILD" # e.g. CI's interpreter with the project and PyInstaller installed
else
    ensure_venv "test,build"
    ensure_libpython
    PY="$VENV/bin/python"
fi

cd "$ROOT"
VERSION="$("$PY" -c 'import workbench; print(workbench.__version__)')"
ARCH_DEB="$(dpkg --print-architecture 2>/dev/null || echo amd64)"
ARCH_TAR="$(uname -m)"
NAME=socket-workbench
mkdir -p "$DIST" "$WORK"

start=$SECONDS
say "PyInstaller: $NAME $VERSION -> $DIST/$NAME/"
flags=(--noconfirm --distpath "$DIST" --workpath "$WORK")
[ "$clean" -eq 1 ] && flags+=(--clean)
if ! "$PY" -m PyInstaller "${flags[@]}" packaging/socket-workbench.spec >"$WORK/pyinstaller.log" 2>&1; then
    tail -n 40 "$WORK/pyinstaller.log" >&2
    say "PyInstaller failed; full log: $WORK/pyinstaller.log"
    exit 1
fi
say "bundle: $(du -sm "$DIST/$NAME" | cut -f1) MB ($((SECONDS - start)) s)"

if [ "$self_test" -eq 1 ]; then
    QT_QPA_PLATFORM=offscreen "$DIST/$NAME/$NAME" --self-test
fi

if [ "$make_tar" -eq 1 ]; then
    tarball="$DIST/$NAME-$VERSION-linux-$ARCH_TAR.tar.gz"
    # the top folder carries the version; S: leave symlink targets inside the bundle alone
    tar -C "$DIST" --owner=0 --group=0 --numeric-owner \
        --transform "s,^$NAME,$NAME-$VERSION,S" -czf "$tarball" "$NAME"
    say "tarball: $tarball ($(du -m "$tarball" | cut -f1) MB)"
fi

if [ "$make_deb" -eq 1 ]; then
    deb="$("$PY" packaging/linux/build_deb.py --bundle "$DIST/$NAME" --version "$VERSION" \
        --arch "$ARCH_DEB" --out "$DIST" ${DEB_XZ_LEVEL:+--xz-level "$DEB_XZ_LEVEL"})"
    say "deb: $deb ($(du -m "$deb" | cut -f1) MB)"
fi
say "done in $((SECONDS - start)) s"

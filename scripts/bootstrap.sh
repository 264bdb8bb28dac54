# Shared set-up for scripts/run-app and scripts/run-tests; sourced, not run.
# Finds Python >= 3.11, installs the system libraries Qt needs (as root, with
# apt-get; otherwise prints the exact apt line), creates .venv and installs the
# project into it. Re-running is cheap: it reinstalls only when pyproject.toml changes.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

# Qt's offscreen platform (tests) needs these; a real window also needs XCB_LIBS.
# fonts-wqy-microhei: Chinese text (1.6 MB; fonts-noto-cjk is 56 MB), else it shows as boxes.
QT_LIBS="libglib2.0-0 libdbus-1-3 libxkbcommon0 libfontconfig1 libfreetype6 libx11-6 libgl1 libegl1 fonts-dejavu-core fonts-wqy-microhei"
XCB_LIBS="libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libxcb-randr0 libxcb-xfixes0"

say() { printf '[socket-workbench] %s\n' "$*" >&2; }

find_python() {
    local candidate
    for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
        [ -n "$candidate" ] || continue
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    say "Python 3.11 or newer is needed. On Debian/Ubuntu: sudo apt-get install python3 python3-venv"
    exit 1
}

# ensure_apt_packages PKG...: installs what is missing (root) or explains how (non-root).
ensure_apt_packages() {
    command -v dpkg-query >/dev/null 2>&1 || return 0 # not a Debian system: trust the user
    local missing=() pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    if [ "$(id -u)" -eq 0 ]; then
        say "installing system packages: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >/dev/null
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        say "These system packages are missing. Install them, then run this again:"
        say "  sudo apt-get install -y --no-install-recommends ${missing[*]}"
        exit 1
    fi
}

# ensure_venv EXTRA: .venv with the project installed (EXTRA: "" or "test").
ensure_venv() {
    local extra="$1" py spec stamp sum
    py="$(find_python)"
    if ! "$py" -c 'import ensurepip, venv' >/dev/null 2>&1; then
        ensure_apt_packages python3-venv
    fi
    if [ ! -x "$VENV/bin/python" ]; then
        say "creating $VENV with $py"
        "$py" -m venv "$VENV"
    fi
    spec="."
    [ -n "$extra" ] && spec=".[$extra]"
    stamp="$VENV/.installed"
    sum="$(cksum <"$ROOT/pyproject.toml")"
    # The app needs no extras, so any install of this pyproject.toml will do for it.
    if [ -f "$stamp" ] && { grep -qxF "$extra $sum" "$stamp" || { [ -z "$extra" ] && grep -q " $sum\$" "$stamp"; }; }; then
        ensure_translations
        return 0
    fi
    say "installing the project into $VENV (pip install -e '$spec'; log: $VENV/pip.log)"
    "$VENV/bin/python" -m pip install -q --upgrade pip >"$VENV/pip.log" 2>&1 || true
    if ! (cd "$ROOT" && "$VENV/bin/python" -m pip install -q -e "$spec" >>"$VENV/pip.log" 2>&1); then
        tail -n 30 "$VENV/pip.log" >&2
        say "pip could not install the project (full log: $VENV/pip.log)"
        exit 1
    fi
    printf '%s\n' "$extra $sum" >"$stamp"
    ensure_translations
}

# ensure_translations: the .qm files Qt loads, built from the .ts sources (never committed),
# again whenever a .ts is newer than its .qm.
ensure_translations() {
    local ts qm
    for ts in "$ROOT"/resources/translations/*.ts; do
        [ -e "$ts" ] || continue
        qm="${ts%.ts}.qm"
        if [ ! -e "$qm" ] || [ "$ts" -nt "$qm" ]; then
            "$VENV/bin/python" "$ROOT/packaging/translations.py" >/dev/null || exit 1
            return 0
        fi
    done
}

# ensure_libpython: PyInstaller needs the interpreter's shared library (libpython3.X.so),
# which Debian's python3 does not ship by default (package libpython3.X).
ensure_libpython() {
    local py="$VENV/bin/python" soname libdir
    soname="$("$py" -c 'import sysconfig; print(sysconfig.get_config_var("INSTSONAME") or "")')"
    libdir="$("$py" -c 'import sysconfig; print(sysconfig.get_config_var("LIBDIR") or "")')"
    [ -n "$soname" ] || return 0
    if [ -e "$libdir/$soname" ] || { command -v ldconfig >/dev/null 2>&1 && ldconfig -p 2>/dev/null | grep -qF "$soname"; }; then
        return 0
    fi
    ensure_apt_packages "libpython$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
}

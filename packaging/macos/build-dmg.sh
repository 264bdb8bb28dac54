#!/usr/bin/env bash
# Builds dist/socket-workbench-<version>-macos-<arch>.dmg from the .app the PyInstaller spec
# makes on macOS (dist/Socket Workbench.app). Run on a Mac from the repo root:
#   pyinstaller --noconfirm packaging/socket-workbench.spec && packaging/macos/build-dmg.sh
# The disk image holds the app and an Applications shortcut to drag it onto.
# Written for the release workflow (macos runner); not run on the Linux development machine.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PY="${PYTHON:-python3}"
APP="$ROOT/dist/Socket Workbench.app"
VERSION="$(cd "$ROOT" && "$PY" -c 'import workbench; print(workbench.__version__)')"
ARCH="$(uname -m)" # arm64 on Apple silicon runners, x86_64 on Intel
DMG="$ROOT/dist/socket-workbench-$VERSION-macos-$ARCH.dmg"

[ "$(uname -s)" = Darwin ] || { echo "build-dmg.sh runs on macOS (hdiutil)" >&2; exit 2; }
[ -d "$APP" ] || { echo "no $APP: run pyinstaller packaging/socket-workbench.spec first" >&2; exit 2; }

# PyInstaller signs ad hoc; re-sign the whole bundle after it was assembled so Apple silicon
# runs it (a Developer ID and notarisation would go here when the project has one).
codesign --force --deep --sign - "$APP"
codesign --verify --deep --strict "$APP"

STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
rm -f "$DMG"
hdiutil create -volname "Socket Workbench $VERSION" -srcfolder "$STAGE" -fs HFS+ \
    -format UDZO -imagekey zlib-level=9 -ov "$DMG" >/dev/null
hdiutil verify "$DMG" >/dev/null
echo "$DMG ($(du -m "$DMG" | cut -f1) MB)"

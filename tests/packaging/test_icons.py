"""The app icon files each OS wants: PNG sizes, a PNG-in-ICO and a PNG .icns, and the .desktop entry."""

from __future__ import annotations

import configparser
import importlib.util
import struct
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[2]
# packaging/ is a folder of build scripts, not a package (and "packaging" is a PyPI name): load by path
_spec = importlib.util.spec_from_file_location("make_icons", ROOT / "packaging" / "make_icons.py")
assert _spec is not None and _spec.loader is not None
make_icons = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_icons)
ICONS = ROOT / "resources" / "icons"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _png_size(blob: bytes) -> tuple[int, int]:
    assert blob[:8] == PNG_MAGIC
    return struct.unpack(">II", blob[16:24])


def test_svg_source_renders(qapp: QApplication) -> None:
    renderer = QSvgRenderer(str(ICONS / "socket-workbench.svg"))
    assert renderer.isValid()
    assert renderer.defaultSize().width() == renderer.defaultSize().height() == 256


@pytest.mark.parametrize("size", make_icons.PNG_SIZES)
def test_png_sizes_are_square_and_not_blank(qapp: QApplication, size: int) -> None:
    image = QImage(str(ICONS / f"socket-workbench-{size}.png"))
    assert (image.width(), image.height()) == (size, size)
    centre = image.pixelColor(size // 2, size // 2)
    corner = image.pixelColor(0, 0)
    assert centre.alpha() == 255 and corner.alpha() < 255  # rounded tile on a transparent corner


def test_ico_holds_one_png_per_size() -> None:
    data = (ICONS / "socket-workbench.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind, count) == (0, 1, len(make_icons.ICO_SIZES))
    sizes = []
    for i in range(count):
        w, h, _colors, _res, planes, bits, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * i : 22 + 16 * i]
        )
        blob = data[offset : offset + length]
        assert _png_size(blob) == ((w or 256), (h or 256))
        assert (planes, bits) == (1, 32)
        sizes.append(w or 256)
    assert sorted(sizes) == sorted(make_icons.ICO_SIZES)


def test_icns_entries_are_pngs_of_their_declared_size() -> None:
    data = (ICONS / "socket-workbench.icns").read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)
    expected = dict(make_icons.ICNS_TYPES)
    found = {}
    pos = 8
    while pos < len(data):
        kind, length = data[pos : pos + 4], struct.unpack(">I", data[pos + 4 : pos + 8])[0]
        found[kind] = _png_size(data[pos + 8 : pos + length])[0]
        pos += length
    assert found == expected
    assert found[b"ic10"] == 1024 and found[b"ic07"] == 128


def test_rebuilding_the_containers_gives_the_committed_bytes() -> None:
    """The .ico/.icns writers are deterministic over the committed PNGs (no stale icon files)."""
    pngs = {s: (ICONS / f"socket-workbench-{s}.png").read_bytes() for s in make_icons.ICO_SIZES}
    assert make_icons.build_ico(pngs) == (ICONS / "socket-workbench.ico").read_bytes()


def test_desktop_entry() -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(ROOT / "resources" / "socket-workbench.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "socket-workbench"
    assert entry["Icon"] == "socket-workbench"
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";") and "Education" in entry["Categories"]

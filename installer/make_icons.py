"""Render the app icon's PNG sizes, the Windows .ico and the macOS .icns from the SVG.

Run after changing ``resources/icons/trusted-trader.svg``:
``.venv/bin/python installer/make_icons.py``. The files it writes are kept in the tree,
so a build never needs to render them.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
NAME = "trusted-trader"
# The hicolor theme's usual sizes; launchers pick the nearest one.
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def png_path(size: int, folder: Path = ICONS) -> Path:
    return folder / f"{NAME}-{size}.png"


def render_png(svg: Path, size: int) -> bytes:
    """The SVG drawn on a transparent square of ``size`` pixels, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data().data())


def write_windows_and_mac_icons(folder: Path) -> None:
    """The .ico (Windows) and .icns (macOS) from the rendered PNGs, with Pillow."""
    from PIL import Image

    images = {
        size: Image.open(io.BytesIO(png_path(size, folder).read_bytes())) for size in PNG_SIZES
    }
    largest = images[max(PNG_SIZES)]
    largest.save(folder / f"{NAME}.ico", sizes=[(s, s) for s in ICO_SIZES])
    largest.save(folder / f"{NAME}.icns", append_images=list(images.values()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--svg", type=Path, default=ICONS / f"{NAME}.svg")
    parser.add_argument("--out", type=Path, default=ICONS, help="folder to write into")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    args.out.mkdir(parents=True, exist_ok=True)
    for size in PNG_SIZES:
        png_path(size, args.out).write_bytes(render_png(args.svg, size))
    write_windows_and_mac_icons(args.out)
    del app
    print(f"make_icons: {len(PNG_SIZES)} PNG sizes, .ico and .icns in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

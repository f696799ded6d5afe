"""The anthology's cover image, drawn with Pillow in DejaVu Sans (pure)."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from contest.exports.pdf import FONT_DIR
from judging.awards.exports.data import EditionInfo

__all__ = ["COVER_SIZE", "render_cover_png"]

COVER_SIZE = (1200, 1800)  # px, the 2:3 ratio e-book stores ask for
_TOP, _BOTTOM = (22, 92, 62), (196, 226, 170)  # deep green into pale leaf green
_CREAM = (255, 250, 235)
_PETAL = (233, 86, 98)


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """DejaVu Sans (bold) at ``size`` px: it draws every Vietnamese letter."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONT_DIR / name), size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    """Greedy word wrap of ``text`` to lines no wider than ``width`` px."""
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def render_cover_png(edition: EditionInfo, book_title: str) -> bytes:
    """A PNG cover: gradient, a five-petal flower, the title, the edition, the year."""
    width, height = COVER_SIZE
    image = Image.new("RGB", COVER_SIZE)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / (height - 1)
        colour = tuple(
            round(a + (b - a) * t) for a, b in zip(_TOP, _BOTTOM, strict=True)
        )
        draw.line([(0, y), (width, y)], fill=colour)
    # A simple flower: five petals around a golden heart ("bông hoa").
    cx, cy, r = width // 2, 1130, 70
    for dx, dy in ((0, -1), (0.95, -0.31), (0.59, 0.81), (-0.59, 0.81), (-0.95, -0.31)):
        px, py = cx + dx * r * 1.3, cy + dy * r * 1.3
        draw.ellipse([px - r, py - r, px + r, py + r], fill=_PETAL)
    draw.ellipse([cx - 50, cy - 50, cx + 50, cy + 50], fill=(250, 200, 60))

    y = 260
    title_font = _font(120, bold=True)
    for line in _wrap(draw, book_title.upper(), title_font, width - 160):
        draw.text((width / 2, y), line, font=title_font, fill=_CREAM, anchor="ma")
        y += 150
    y += 40
    body_font = _font(48)
    for line in _wrap(draw, edition.title, body_font, width - 200):
        draw.text((width / 2, y), line, font=body_font, fill=_CREAM, anchor="ma")
        y += 64
    draw.text(
        (width / 2, 1450),
        str(edition.year),
        font=_font(90, True),
        fill=_TOP,
        anchor="ma",
    )
    foot = _font(40)
    for i, line in enumerate(_wrap(draw, edition.organizer_name, foot, width - 200)):
        draw.text((width / 2, 1600 + 52 * i), line, font=foot, fill=_TOP, anchor="ma")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()

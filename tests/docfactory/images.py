"""Photos: JPEG/PNG/WebP with GPS EXIF, orientation, XMP, animation; a PNG bomb."""

from __future__ import annotations

import io
import struct
import zlib

from tests.docfactory.office import AUTHOR_NAME

GPS_LATITUDE = (21.0, 1.0, 42.0)


def make_image(
    fmt: str = "JPEG",
    size: tuple[int, int] = (64, 48),
    *,
    gps: bool = False,
    orientation: int | None = None,
    frames: int = 1,
) -> bytes:
    """A photo-like image: left half red, right half blue (to check rotation),
    optionally with GPS EXIF, an Orientation tag, an XMP packet or animation."""
    from PIL import Image

    width, height = size
    image = Image.new("RGB", size, (220, 20, 20))
    image.paste((20, 20, 220), (width // 2, 0, width, height))
    exif = Image.Exif()
    if gps:
        exif[0x8825] = {1: "N", 2: GPS_LATITUDE, 3: "E", 4: (105.0, 51.0, 0.0)}
        exif[0x013B] = AUTHOR_NAME  # Artist
    if orientation:
        exif[0x0112] = orientation
    options: dict = {"exif": exif.tobytes()} if len(exif) else {}
    if fmt == "JPEG":
        options["xmp"] = (
            f"<x:xmpmeta><dc:creator>{AUTHOR_NAME}</dc:creator></x:xmpmeta>".encode()
        )
    if frames > 1:
        more = [image.rotate(90 * i) for i in range(1, frames)]
        options.update(save_all=True, append_images=more, duration=100, loop=0)
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def make_png_bomb(side: int = 20_000) -> bytes:
    """A tiny PNG declaring ``side`` x ``side`` pixels (a decompression bomb)."""
    raw = zlib.compress(
        b"\0" * (side + 1) * 8, 9
    )  # far too little data; the header is what counts

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return (
            struct.pack(">I", len(payload))
            + kind
            + payload
            + struct.pack(">I", zlib.crc32(kind + payload))
        )

    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", raw)
        + chunk(b"IEND", b"")
    )

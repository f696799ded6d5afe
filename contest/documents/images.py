"""Photos of the featured person: re-encode JPEG/PNG/WebP with no metadata at all.

The output is built from the pixels alone (a brand-new Pillow image), so EXIF (GPS,
camera serial, Artist), XMP, IPTC, comments and any bytes appended after the image
are gone. The EXIF orientation is applied to the pixels first, so phones' sideways
photos come out upright. An embedded ICC colour profile is converted to sRGB and then
dropped (browsers assume sRGB; a profile can also carry a device name).

Decoding runs in-process (Pillow, restricted to three formats); the pixel limit is
checked from the header before any pixel is decoded.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageOps

from contest.documents.errors import DocumentRejected, IntakeError

MIME_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
DEFAULT_MAX_BYTES = 15 * 1024 * 1024
DEFAULT_MAX_PIXELS = 40_000_000  # 8000 x 5000: beyond any phone camera
_SAVE_OPTIONS = {
    "JPEG": {"quality": 90, "optimize": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 90, "method": 4},
}


@dataclass(frozen=True, slots=True)
class CleanImage:
    """A re-encoded, metadata-free picture in its original format."""

    data: bytes
    mime: str
    width: int
    height: int


def clean_image(
    data: bytes,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> CleanImage:
    """Re-encode a JPEG/PNG/WebP upright and metadata-free, or raise DocumentRejected."""
    image = _open(data, max_bytes, max_pixels)
    fmt = image.format or "JPEG"
    upright = _upright_srgb(image)
    target = "RGB" if fmt == "JPEG" else ("RGBA" if _has_alpha(upright) else "RGB")
    if upright.mode in ("L", "I;16") and fmt != "WEBP":
        target = "L"  # keep greyscale photos greyscale
    pixels = upright.convert(target)
    fresh = Image.frombytes(
        target, pixels.size, pixels.tobytes()
    )  # no info carried over
    out = io.BytesIO()
    fresh.save(out, fmt, **_SAVE_OPTIONS[fmt])
    return CleanImage(out.getvalue(), MIME_TYPES[fmt], fresh.width, fresh.height)


def make_thumbnail(
    data: bytes,
    size: int = 320,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> bytes:
    """An upright JPEG at most ``size`` px on its longer side, without metadata."""
    image = _open(data, max_bytes, max_pixels, lazy=True)
    if image.format == "JPEG":
        image.draft("RGB", (size * 2, size * 2))  # let libjpeg decode at reduced scale
    upright = _upright_srgb(image)
    if _has_alpha(upright):  # JPEG has no alpha: flatten onto white
        background = Image.new("RGB", upright.size, "white")
        background.paste(upright, mask=upright.convert("RGBA").getchannel("A"))
        upright = background
    thumb = upright.convert("RGB")
    thumb.thumbnail((size, size))
    fresh = Image.frombytes("RGB", thumb.size, thumb.tobytes())
    out = io.BytesIO()
    fresh.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()


def _open(
    data: bytes, max_bytes: int, max_pixels: int, *, lazy: bool = False
) -> Image.Image:
    """Open and check an upload; decode its pixels unless ``lazy``."""
    if len(data) > max_bytes:
        raise DocumentRejected(
            IntakeError.FILE_TOO_LARGE, size=len(data), limit=max_bytes
        )
    try:
        image = Image.open(io.BytesIO(data), formats=list(MIME_TYPES))
    except Image.DecompressionBombError as exc:
        raise DocumentRejected(IntakeError.IMAGE_TOO_MANY_PIXELS) from exc
    except Image.UnidentifiedImageError as exc:
        raise DocumentRejected(IntakeError.NOT_AN_IMAGE) from exc
    except (OSError, ValueError, SyntaxError, EOFError) as exc:  # a broken header
        raise DocumentRejected(
            IntakeError.CORRUPT_FILE, error=type(exc).__name__
        ) from exc
    width, height = image.size
    if width * height > max_pixels or not width or not height:
        raise DocumentRejected(
            IntakeError.IMAGE_TOO_MANY_PIXELS,
            width=width,
            height=height,
            limit=max_pixels,
        )
    if getattr(image, "is_animated", False):
        raise DocumentRejected(
            IntakeError.IMAGE_ANIMATED, frames=getattr(image, "n_frames", None)
        )
    if not lazy:
        _load(image)
    return image


def _load(image: Image.Image) -> None:
    """Decode pixels; a truncated or broken file is CORRUPT_FILE."""
    try:
        image.load()
    except Image.DecompressionBombError as exc:
        raise DocumentRejected(IntakeError.IMAGE_TOO_MANY_PIXELS) from exc
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise DocumentRejected(
            IntakeError.CORRUPT_FILE, error=type(exc).__name__
        ) from exc


def _upright_srgb(image: Image.Image) -> Image.Image:
    """Apply the EXIF orientation, then convert an embedded ICC profile to sRGB."""
    _load(image)
    profile = image.info.get("icc_profile")
    upright = ImageOps.exif_transpose(image) or image
    if image.mode == "P":
        upright = upright.convert("RGBA" if _has_alpha(upright) else "RGB")
    if profile and upright.mode in ("RGB", "RGBA", "CMYK", "L"):
        upright = _to_srgb(upright, profile)
    elif upright.mode == "CMYK":
        upright = upright.convert("RGB")
    return upright


def _to_srgb(image: Image.Image, profile: bytes) -> Image.Image:
    """Colour-convert to sRGB; on a broken profile keep the pixels as they are."""
    mode = "RGBA" if image.mode == "RGBA" else "RGB"
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        return ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode=mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image.convert(mode)


def _has_alpha(image: Image.Image) -> bool:
    """Whether the picture has transparency worth keeping."""
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info

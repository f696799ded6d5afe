"""Photos of the featured person: cleaned copies carry no metadata and stand upright."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageCms

from contest.documents import (
    CleanImage,
    DocumentRejected,
    IntakeError,
    clean_image,
    make_thumbnail,
)
from contest.documents.imagemeta import strip_image_metadata
from tests import docfactory as f

RED, BLUE = (220, 20, 20), (20, 20, 220)
FORMATS = [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("WEBP", "image/webp")]


def close(pixel: tuple[int, ...], colour: tuple[int, int, int]) -> bool:
    """Lossy formats shift colours a little; a quarter-turn would swap red and blue."""
    return all(abs(a - b) <= 12 for a, b in zip(pixel[:3], colour, strict=True))


def opened(data: bytes) -> Image.Image:
    """The picture as a browser would decode it."""
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.mark.parametrize(("fmt", "mime"), FORMATS)
def test_clean_photo_has_no_gps_or_other_metadata(fmt, mime) -> None:
    """A phone photo with GPS, Artist and XMP comes back without them, same format."""
    original = f.make_image(fmt, (64, 48), gps=True)
    assert 0x8825 in opened(original).getexif()  # the GPS block is really there
    clean = clean_image(original)
    picture = opened(clean.data)
    assert dict(picture.getexif()) == {}
    assert not {"exif", "xmp", "icc_profile", "XML:com.adobe.xmp"} & set(picture.info)
    assert f.AUTHOR_NAME.encode() not in clean.data
    assert (clean.mime, picture.format, clean.width, clean.height) == (
        mime,
        fmt,
        64,
        48,
    )


@pytest.mark.parametrize(("fmt", "_mime"), FORMATS)
def test_sideways_phone_photo_is_turned_upright(fmt, _mime) -> None:
    """EXIF orientation 6 (camera held sideways) is applied to the pixels: the left
    half (red) ends up on top, and no orientation tag is left to apply it twice."""
    clean = clean_image(f.make_image(fmt, (64, 48), orientation=6))
    picture = opened(clean.data).convert("RGB")
    assert (clean.width, clean.height) == (48, 64)
    assert close(picture.getpixel((24, 5)), RED)
    assert close(picture.getpixel((24, 58)), BLUE)
    assert 0x0112 not in picture.getexif()


def test_bytes_hidden_after_the_picture_are_dropped() -> None:
    """A script appended to a JPEG (a "polyglot" file) does not survive cleaning."""
    payload = b"<?php system($_GET['c']); ?>"
    clean = clean_image(f.make_image("JPEG") + payload)
    assert payload not in clean.data


def test_colour_profile_is_converted_then_dropped() -> None:
    """An embedded ICC profile is applied to the pixels and not kept in the file."""
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    Image.new("RGB", (10, 10), RED).save(out, "JPEG", icc_profile=profile)
    clean = clean_image(out.getvalue())
    assert "icc_profile" not in opened(clean.data).info
    assert close(opened(clean.data).getpixel((5, 5)), RED)


@pytest.mark.parametrize(
    ("build", "code"),
    [
        pytest.param(f.make_pdf, IntakeError.NOT_AN_IMAGE, id="pdf"),
        pytest.param(f.real_executable, IntakeError.NOT_AN_IMAGE, id="program"),
        pytest.param(lambda: f.make_image("GIF"), IntakeError.NOT_AN_IMAGE, id="gif"),
        pytest.param(f.make_png_bomb, IntakeError.IMAGE_TOO_MANY_PIXELS, id="png-bomb"),
        pytest.param(
            lambda: f.make_image("WEBP", frames=3),
            IntakeError.IMAGE_ANIMATED,
            id="webp-anim",
        ),
        pytest.param(
            lambda: f.make_image("PNG", frames=3), IntakeError.IMAGE_ANIMATED, id="apng"
        ),
        pytest.param(
            lambda: f.make_image("JPEG", (400, 300))[:700],
            IntakeError.CORRUPT_FILE,
            id="truncated",
        ),
    ],
)
def test_unusable_pictures_get_their_own_code(build, code) -> None:
    """Non-pictures, decompression bombs, animations and broken files are refused."""
    with pytest.raises(DocumentRejected) as caught:
        clean_image(build())
    assert caught.value.code is code


def test_limits_are_the_callers() -> None:
    """The byte and pixel ceilings passed in are the ones applied."""
    data = f.make_image("PNG", (100, 100))
    with pytest.raises(DocumentRejected) as caught:
        clean_image(data, max_bytes=len(data) - 1)
    assert caught.value.code is IntakeError.FILE_TOO_LARGE
    with pytest.raises(DocumentRejected) as caught:
        clean_image(data, max_pixels=9_999)
    assert caught.value.code is IntakeError.IMAGE_TOO_MANY_PIXELS
    assert isinstance(clean_image(data, max_pixels=10_000), CleanImage)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_thumbnail_is_a_small_upright_jpeg_without_metadata(fmt) -> None:
    """The list page shows a ≤320 px JPEG thumbnail, upright, without EXIF."""
    thumb = opened(
        make_thumbnail(f.make_image(fmt, (1200, 900), gps=True, orientation=6))
    )
    assert thumb.format == "JPEG"
    assert thumb.size == (240, 320)
    assert dict(thumb.getexif()) == {}
    assert close(thumb.convert("RGB").getpixel((120, 10)), RED)


def test_transparent_png_thumbnail_gets_a_white_background() -> None:
    """Transparent areas become white in the JPEG thumbnail (not black)."""
    out = io.BytesIO()
    Image.new("RGBA", (50, 50), (0, 0, 0, 0)).save(out, "PNG")
    assert close(
        opened(make_thumbnail(out.getvalue(), 20)).getpixel((10, 10)), (255, 255, 255)
    )


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_lossless_strip_keeps_pixels_and_drops_exif(fmt) -> None:
    """Pictures inside a .docx lose EXIF/XMP without being re-encoded."""
    original = f.make_image(fmt, (40, 30), gps=True)
    stripped = strip_image_metadata(original)
    assert dict(opened(stripped).getexif()) == {}
    assert opened(stripped).tobytes() == opened(original).tobytes()


def test_lossless_strip_leaves_other_files_alone() -> None:
    """Formats it does not know (and broken pictures) come back unchanged."""
    gif = f.make_image("GIF")
    assert strip_image_metadata(gif) == gif
    broken = b"\xff\xd8\xff\xe1\x00"
    assert strip_image_metadata(broken) == broken

"""Lossless removal of metadata blocks from JPEG and PNG bytes (for pictures in .docx).

Unlike ``images.clean_image`` this does not re-encode: it copies the image's blocks
and leaves out the ones that carry metadata (EXIF with GPS, XMP, IPTC, comments,
text chunks). Anything unrecognised is returned unchanged.
"""

from __future__ import annotations

import struct

# JPEG: APP1 (EXIF, XMP), APP12 (Ducky/PictureInfo), APP13 (IPTC), COM (comment).
_JPEG_DROP = frozenset({0xE1, 0xEC, 0xED, 0xFE})
# PNG: EXIF, the three text chunk types (Author, Comment, XMP…), modification time.
_PNG_DROP = frozenset({b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"})
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def strip_image_metadata(data: bytes) -> bytes:
    """``data`` without metadata blocks if it is a JPEG or PNG, else unchanged."""
    try:
        if data.startswith(b"\xff\xd8"):
            return _strip_jpeg(data)
        if data.startswith(_PNG_MAGIC):
            return _strip_png(data)
    except (struct.error, IndexError, ValueError):
        pass  # malformed: leave it for the viewer to refuse
    return data


def _strip_jpeg(data: bytes) -> bytes:
    """Copy segments up to the start of scan, skipping the metadata ones."""
    out, pos = [data[:2]], 2
    while pos < len(data):
        if data[pos] != 0xFF:
            raise ValueError("not a marker")
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if (
            marker == 0xDA or marker == 0xD9
        ):  # start of scan / end: the rest is image data
            out.append(data[pos:])
            break
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            out.append(data[pos : pos + 2])
            pos += 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if marker not in _JPEG_DROP:
            out.append(data[pos : pos + 2 + length])
        pos += 2 + length
    return b"".join(out)


def _strip_png(data: bytes) -> bytes:
    """Copy chunks, skipping metadata chunk types; stop after IEND (drops trailers)."""
    out, pos = [_PNG_MAGIC], len(_PNG_MAGIC)
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > len(data):
            raise ValueError("truncated chunk")
        if kind not in _PNG_DROP:
            out.append(data[pos:end])
        pos = end
        if kind == b"IEND":
            break
    return b"".join(out)

"""Metadata-free copies of MP4 and WebM videos, without re-encoding.

Who made a video hides in its metadata boxes: MP4's ``udta``/``meta`` (©ART, ©nam,
the encoder, the phone model) and XMP ``uuid`` boxes; WebM's segment Title, Tags and
attached files. Each is overwritten in place by padding of the same length (an MP4
``free`` box, a Matroska ``Void`` element) filled with zeros, so every offset in the
file (MP4 chunk offsets, WebM cues) stays right and the video plays as before.
A layout we cannot walk with certainty raises DocumentRejected: no copy rather than
a half-cleaned one.
"""

from __future__ import annotations

import struct

from contest.documents.errors import DocumentRejected, IntakeError

_MP4_CONTAINERS = frozenset({b"moov", b"trak", b"mdia", b"minf", b"edts"})
_MP4_METADATA = frozenset({b"udta", b"meta", b"uuid"})
_EBML_SEGMENT, _EBML_INFO = 0x18538067, 0x1549A966
_EBML_DROP_TOP = frozenset({0x1254C367, 0x1941A469})  # Tags, Attachments
_EBML_DROP_INFO = frozenset({0x7BA9})  # Title
_EBML_VOID = 0xEC


def strip_video_metadata(data: bytes, mime: str) -> bytes:
    """The video ``data`` (video/mp4 or video/webm) with its metadata blanked out."""
    out = bytearray(data)
    try:
        if mime == "video/mp4":
            _blank_mp4(out, 0, len(out))
        elif mime == "video/webm":
            _blank_webm(out)
        else:
            raise DocumentRejected(IntakeError.UNSUPPORTED_TYPE, detected=mime)
    except (struct.error, IndexError, ValueError) as exc:
        raise DocumentRejected(IntakeError.CORRUPT_FILE, error=str(exc)) from exc
    return bytes(out)


def _blank_mp4(out: bytearray, start: int, end: int) -> None:
    """Turn the metadata boxes between ``start`` and ``end`` into zeroed free boxes."""
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack(">I4s", out[pos : pos + 8])
        header = 8
        if size == 1:
            (size,) = struct.unpack(">Q", out[pos + 8 : pos + 16])
            header = 16
        elif size == 0:
            size = end - pos  # runs to the end of its parent
        if size < header or pos + size > end:
            raise ValueError("bad MP4 box size")
        if kind in _MP4_METADATA:
            out[pos + 4 : pos + 8] = b"free"
            out[pos + header : pos + size] = bytes(size - header)
        elif kind in _MP4_CONTAINERS:
            _blank_mp4(out, pos + header, pos + size)
        pos += size


def _vint(out: bytearray, pos: int, *, keep_marker: bool) -> tuple[int, int]:
    """An EBML variable-length integer at ``pos``: (value, length in bytes)."""
    first = out[pos]
    length = 9 - first.bit_length() if first else 0
    if not 1 <= length <= 8:
        raise ValueError("bad EBML number")
    value = int.from_bytes(out[pos : pos + length], "big")
    if not keep_marker:
        value &= (1 << (7 * length)) - 1
    return value, length


def _void(out: bytearray, start: int, end: int) -> None:
    """Overwrite ``out[start:end]`` with one Void element of exactly that length."""
    total = end - start
    for width in range(1, 9):
        payload = total - 1 - width
        if 0 <= payload < (1 << (7 * width)) - 1:
            size = (1 << (7 * width)) | payload  # the length marker bit, then the size
            out[start:end] = (
                bytes([_EBML_VOID]) + size.to_bytes(width, "big") + bytes(payload)
            )
            return
    raise ValueError("element too short to blank")


def _blank_webm(out: bytearray) -> None:
    """Blank the segment's Title, Tags and Attachments (top-level elements only)."""
    pos = 0
    while pos < len(out):
        element, id_len = _vint(out, pos, keep_marker=True)
        size, size_len = _vint(out, pos + id_len, keep_marker=False)
        body = pos + id_len + size_len
        unknown = size == (1 << (7 * size_len)) - 1
        if element == _EBML_SEGMENT:
            _blank_children(out, body, len(out) if unknown else body + size, top=True)
            return
        if unknown:
            raise ValueError("unknown-size element before the segment")
        pos = body + size
    raise ValueError("no Matroska segment")


def _blank_children(out: bytearray, start: int, end: int, *, top: bool) -> None:
    """Walk the elements of a segment (``top``) or of its Info, blanking metadata."""
    drop = _EBML_DROP_TOP if top else _EBML_DROP_INFO
    pos = start
    while pos < end:
        element, id_len = _vint(out, pos, keep_marker=True)
        size, size_len = _vint(out, pos + id_len, keep_marker=False)
        body = pos + id_len + size_len
        if size == (1 << (7 * size_len)) - 1:
            # A live-streamed cluster of unknown size: it cannot be skipped safely.
            raise ValueError("unknown-size element inside the segment")
        if body + size > end:
            raise ValueError("element runs past its parent")
        if element in drop:
            _void(out, pos, body + size)
        elif top and element == _EBML_INFO:
            _blank_children(out, body, body + size, top=False)
        pos = body + size

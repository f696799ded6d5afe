"""Decode an uploaded .txt: UTF-8 (BOM optional) or UTF-16/32 with a BOM, nothing else.

Legacy Vietnamese encodings (Windows-1258, VNI, TCVN3) cannot be told apart reliably
from the bytes, and a wrong guess silently garbles every diacritic, so we refuse them
and ask the writer to save as UTF-8 instead of guessing.
"""

from __future__ import annotations

import codecs

from contest.documents.errors import DocumentRejected, IntakeError

# Longest first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOM_CODECS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_text(data: bytes) -> str:
    """Return the text of a .txt upload, or raise DocumentRejected(TEXT_ENCODING).

    The error's details give the encoding tried and the 1-based line of the first
    undecodable byte, so the writer can be pointed at it.
    """
    encoding, body = "utf-8", data
    for bom, codec in _BOM_CODECS:
        if data.startswith(bom):
            encoding, body = codec, data[len(bom) :]
            break
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 1
        raise DocumentRejected(
            IntakeError.TEXT_ENCODING, encoding=encoding, line=line
        ) from exc
    if "\0" in text:  # UTF-8 decodable yet binary, or a BOM-less UTF-16 file
        raise DocumentRejected(IntakeError.TEXT_ENCODING, encoding=encoding, line=None)
    return text

"""Escape user text for XML/XHTML output (pure)."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from contest.textnorm import nfc

# Characters XML 1.0 cannot contain at all (escaping cannot save them): C0 controls
# except tab/newline/carriage return, lone surrogates, U+FFFE and U+FFFF.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ENTITIES = {'"': "&quot;", "'": "&#39;"}


def xml_text(value: object) -> str:
    """``value`` as NFC text safe inside XML content and attribute values."""
    return escape(_ILLEGAL_XML.sub("", nfc(str(value))), _ENTITIES)

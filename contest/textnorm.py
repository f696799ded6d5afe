"""The one Vietnamese text normaliser: cleaning, matching views, counts, collation.

Pure and stdlib-only; search, sorting, similarity, word counting, document intake and
the web app all go through here so that "Hoà" typed on one keyboard equals "Hòa" typed
on another. The paragraph form of a stored text is in ``contest.paragraphs``; dates
are formatted by ``contest.timezones``.

Views of a text, from most to least faithful:
- ``clean_text``: what we store (NFC, tidy whitespace; the writer's quotes and
  tone-mark placement are kept).
- ``fold``: the matching view (casefolded, one tone-mark placement, no punctuation).
- ``strip_accents`` / ``search_key``: no diacritics at all (đ→d) for text typed without
  accents.

Tone-mark convention of ``fold``: the traditional placement used by most Vietnamese
writers and newspapers ("hòa", "thúy", "khỏe"): in an open syllable whose nucleus is
"oa", "oe" or "uy" the mark sits on the first vowel. The other rules are shared by both
conventions: a vowel carrying ă â ê ô ơ ư takes the mark (ơ in "ươ"); otherwise the last
nucleus vowel when a final consonant follows ("hoàng"), the middle of three ("ngoài"),
the first of two ("mía"); "qu" and "gi" onsets are not vowels ("quý", "giá").

Collation (``vi_sort_key``) compares syllable by syllable, letters first in the alphabet
a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (f j w z slotted in Latin
order for loanwords, digits before letters), then the tone in the order ngang, huyền,
hỏi, ngã, sắc, nặng: the order taught in Vietnamese schools and used by common
dictionaries, and the one Vietnamese readers expect in name lists.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "bare_view",
    "clean_text",
    "fold",
    "name_sort_key",
    "nfc",
    "search_key",
    "strip_accents",
    "syllables",
    "vi_sort_key",
    "word_count",
]

# Combining tone marks in sort order: huyền, hỏi, ngã, sắc, nặng (ngang = no mark = 0).
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_TONE_MARK = {v: k for k, v in _TONES.items()}
_VOWELS = frozenset("aăâeêioôơuưy")
_MODIFIED_VOWELS = frozenset("ăâêôơư")
_CONSONANTS = frozenset("bcdđghklmnpqrstvxfjwz")
_FINALS = frozenset({"", "c", "ch", "m", "n", "ng", "nh", "p", "t"})
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {ch: i + 10 for i, ch in enumerate(_ALPHABET)}  # digits rank 0..9

# A token: a letter or digit followed by letters, digits or stray combining marks
# (NFC leaves marks that have no precomposed form; they belong to their word).
_TOKEN_RE = re.compile(r"[^\W_](?:[^\W_]|[\u0300-\u036f])*")

# clean_text: characters folded to a space, turned into a newline, or removed.
_SPACE_CHARS = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
_SPACE_CHARS += "\u2009\u200a\u202f\u205f\u3000"
_CLEAN_TABLE: dict[int, str | None] = {ord(c): " " for c in _SPACE_CHARS}
_CLEAN_TABLE.update({ord(c): "\n" for c in "\u000b\u000c\u0085\u2028\u2029"})
_CLEAN_TABLE.update({ord(c): None for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad"})
_CLEAN_TABLE.update(
    {c: None for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)] if c not in _CLEAN_TABLE}
)
_CLEAN_TABLE[ord("\n")] = "\n"


def _build_strip_table() -> dict[int, str]:
    """Map every precomposed Latin letter to its bare base letter (đ→d)."""
    table: dict[int, str] = {ord("đ"): "d", ord("Đ"): "D"}
    for code in range(0x00C0, 0x1F00):
        decomposed = unicodedata.normalize("NFD", chr(code))
        if len(decomposed) > 1 and decomposed[0].isascii() and decomposed[0].isalpha():
            table[code] = decomposed[0]
    for code in range(0x0300, 0x0370):  # stray combining marks
        table[code] = ""
    return table


_STRIP_TABLE = _build_strip_table()


def _build_bare_tables() -> tuple[dict[int, str], dict[int, str]]:
    """Per character: base letter without marks (case kept / lowercased), one char for
    one char, combining marks removed; derived from the strip table above."""
    kept: dict[int, str] = {}
    lower: dict[int, str] = {}
    for code in [*range(0x0041, 0x0250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        base = _STRIP_TABLE.get(code, char)
        if base != char:
            kept[code] = base
        folded = base.lower()
        if len(folded) == 1 and folded != char:
            lower[code] = folded
    for code in range(0x0300, 0x0370):
        kept[code] = lower[code] = ""
    return kept, lower


_BARE_KEEP_CASE, _BARE_LOWER = _build_bare_tables()
_COMBINING_RE = re.compile(r"[\u0300-\u036f]")
_FOLD_CACHE: dict[str, str] = {}
_CACHE_LIMIT = 200_000  # distinct tokens; Vietnamese has ~7,000 syllables in use


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC (composed) form."""
    return unicodedata.normalize("NFC", text)


def clean_text(text: str) -> str:
    """Tidy a writer's text for storage: NFC, plain spaces and newlines, no junk chars.

    Smart quotes and the writer's own tone-mark placement are kept.
    """
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip(" ") for line in text.translate(_CLEAN_TABLE).split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def bare_view(text: str, *, lower: bool = True) -> tuple[str, list[int] | None]:
    """A diacritic-free view of ``text`` for matching at positions ("Đặng" → "dang").

    Returns the view and, when it is not aligned with ``text`` (combining marks were
    dropped), each view character's index in ``text``; ``None`` means the same
    positions. Stored text is NFC, so the aligned case is the usual one.
    """
    table = _BARE_LOWER if lower else _BARE_KEEP_CASE
    if not _COMBINING_RE.search(text):
        return text.translate(table), None
    view: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for piece in char.translate(table):
            view.append(piece)
            origin.append(index)
    return "".join(view), origin


def _split_syllable(bare: str) -> tuple[str, str, str] | None:
    """Split a toneless lowercase syllable into (onset, nucleus, final), or None."""
    i = 0
    while i < len(bare) and bare[i] in _CONSONANTS:
        i += 1
    onset_end = i
    # "qu" and "gi" onsets: the u / i belongs to the onset when a vowel follows.
    if bare[:i] + bare[i : i + 1] in ("qu", "gi") and bare[i + 1 : i + 2] in _VOWELS:
        onset_end = i + 1
    j = onset_end
    while j < len(bare) and bare[j] in _VOWELS:
        j += 1
    nucleus, final = bare[onset_end:j], bare[j:]
    if not nucleus or final not in _FINALS:
        return None
    return bare[:onset_end], nucleus, final


def _tone_position(nucleus: str, final: str) -> int:
    """Index in ``nucleus`` of the vowel that carries the tone (traditional style)."""
    modified = [k for k, ch in enumerate(nucleus) if ch in _MODIFIED_VOWELS]
    if modified:
        return modified[-1]  # "ươ" → ơ; other nuclei have one modified vowel
    if final:
        return len(nucleus) - 1
    if len(nucleus) == 3:
        return 1
    return 0


def _fold_token(token: str) -> str:
    """Put the tone mark of one casefolded token where ``fold`` wants it (cached)."""
    cached = _FOLD_CACHE.get(token)
    if cached is not None:
        return cached
    result = nfc(token)
    decomposed = unicodedata.normalize("NFD", result)
    marks = [(k, ch) for k, ch in enumerate(decomposed) if ch in _TONES]
    # Only move a single tone mark that already sits on a vowel of a well-formed
    # Vietnamese syllable; foreign words ("señor") are left alone.
    if len(marks) == 1 and decomposed[marks[0][0] - 1 : marks[0][0]] in _VOWELS | {
        "\u0302",
        "\u0306",
        "\u031b",
    }:
        mark = marks[0][1]
        bare = nfc(decomposed.replace(mark, ""))
        parts = _split_syllable(bare)
        if parts is not None:
            onset, nucleus, final = parts
            pos = len(onset) + _tone_position(nucleus, final)
            toned = nfc(unicodedata.normalize("NFD", bare[pos]) + mark)
            result = bare[:pos] + toned + bare[pos + 1 :]
    if len(_FOLD_CACHE) >= _CACHE_LIMIT:
        _FOLD_CACHE.clear()
    _FOLD_CACHE[token] = result
    return result


def fold(text: str) -> str:
    """Matching view: NFC, casefold, one tone placement, punctuation → single spaces."""
    tokens = _TOKEN_RE.findall(nfc(text).casefold())
    return " ".join([_fold_token(tok) for tok in tokens])


def syllables(text: str) -> list[str]:
    """The folded tokens of ``text`` (syllables and numbers; punctuation dropped)."""
    return [_fold_token(tok) for tok in _TOKEN_RE.findall(nfc(text).casefold())]


def strip_accents(text: str) -> str:
    """``fold`` with every diacritic removed and đ→d ("Đặng Thùy" → "dang thuy")."""
    return fold(text).translate(_STRIP_TABLE)


def search_key(text: str) -> str:
    """Accent- and case-insensitive search key ("Nguyễn Văn A" → "nguyen van a")."""
    return strip_accents(text)


def word_count(text: str) -> int:
    """Count words the contest's way: whitespace-separated items with a letter/digit."""
    return sum(1 for item in nfc(text).split() if _TOKEN_RE.search(item))


def _syllable_key(token: str) -> tuple[tuple[int, ...], int]:
    """Sort key of one folded token: (letter ranks, tone rank)."""
    decomposed = unicodedata.normalize("NFD", token)
    tone = max((_TONES[ch] for ch in decomposed if ch in _TONES), default=0)
    bare = nfc("".join(ch for ch in decomposed if ch not in _TONES))
    ranks = []
    for ch in bare:
        if ch.isdigit() and ch.isascii():
            ranks.append(int(ch))
        else:
            ranks.append(_LETTER_RANK.get(ch, 100 + ord(ch)))
    return tuple(ranks), tone


def vi_sort_key(text: str) -> tuple[tuple[tuple[int, ...], int], ...]:
    """Vietnamese collation key: syllable by syllable, letters first, then tone.

    Case-, NFC/NFD- and tone-placement-insensitive; a prefix sorts first.
    """
    return tuple(_syllable_key(tok) for tok in syllables(text))


def name_sort_key(full_name: str) -> tuple:
    """Sort people the Vietnamese way: given name (last word), then family, middle."""
    words = nfc(full_name).split()
    if not words:
        return ((), ())
    return (vi_sort_key(words[-1]), vi_sort_key(" ".join(words[:-1])))

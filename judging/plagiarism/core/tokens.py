"""Fast syllable ids, n-gram hashes and exclusion masks for the plagiarism engine.

Every text is read through ``contest.textnorm.strip_accents``: folded (case, NFC/NFD,
old/new tone placement) and with diacritics removed, so an accent-stripped or
Unicode-variant copy yields the same syllable ids as the original. Accent-free matching
costs a little precision (``ma``/``mà``/``má`` become one syllable), which the 3- and
4-syllable n-grams used everywhere make negligible.

Speed matters (tens of millions of syllables per scan), so the hot path never runs a
regex per token: it splits on whitespace and maps each whitespace-separated chunk to an
id through a cache; only unseen chunks go through textnorm.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Sequence
from itertools import repeat

import numpy as np

from contest.textnorm import strip_accents

# Same token shape as contest.textnorm: letters/digits plus stray combining marks, so a
# token found here in the ORIGINAL text is exactly one token of textnorm.fold().
TOKEN_RE = re.compile(r"[^\W_](?:[^\W_]|[\u0300-\u036f])*")
# Quotations: “…”, "…", «…». An unclosed quote ends at the end of its paragraph so a
# stray opening mark cannot hide the rest of the text. Curly quotes and guillemets
# nest (a quoted article quoting an offence name: “… tội “Giết người” …”).
CURLY_RE = re.compile(r"[“”«»\n]")

# A sentence ends at . ! ? … ; or a line break (between two tokens or after the last).
SENTENCE_END_RE = re.compile(r"[.!?…;\n]")
DIGIT_RE = re.compile(r"\d")

_MISSING = -(2**31)  # Vocabulary.encode: chunk not seen yet
_MULTS = [
    np.uint64(m) for m in (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9)
]
_MULTS.append(np.uint64(0x27D4EB2F165667C5))


class Vocabulary:
    """Maps accent-free folded syllables to dense int ids (persisted as a term list)."""

    def __init__(self, terms: Sequence[str] = ()) -> None:
        """Start from ``terms`` in id order (as saved by ``terms``)."""
        self.terms: list[str] = list(terms)
        self._ids: dict[str, int] = {t: i for i, t in enumerate(self.terms)}
        # whitespace chunk -> id (>= 0) or -(k+1) for the k-th multi-token chunk
        self._chunks: dict[str, int] = {}
        self._multi: list[tuple[int, ...]] = []

    def term_id(self, term: str) -> int:
        """Id of one normalised syllable, registering it if new."""
        found = self._ids.get(term)
        if found is None:
            found = self._ids[term] = len(self.terms)
            self.terms.append(term)
        return found

    def _learn(self, chunk: str) -> int:
        """Tokenise an unseen whitespace chunk through textnorm and cache the result."""
        ids = tuple(self.term_id(strip_accents(t)) for t in TOKEN_RE.findall(chunk))
        if len(ids) == 1:
            code = ids[0]
        else:  # "10/10," → two tokens; "—" → none
            self._multi.append(ids)
            code = -len(self._multi)
        if len(self._chunks) > 2_000_000:  # bound the cache on adversarial input
            self._chunks.clear()
        self._chunks[chunk] = code
        return code

    def encode(self, text: str) -> np.ndarray:
        """Syllable ids of ``text`` in reading order (int32)."""
        chunks = text.split()
        arr = np.array(list(map(self._chunks.get, chunks, repeat(_MISSING))), np.int32)
        if arr.size and arr.min() < 0:
            if (arr == _MISSING).any():  # learn unseen chunks once each, map again
                # first-seen order, never set order: ids (and so hashed features)
                # must not depend on the process's string hash seed
                for chunk in dict.fromkeys(chunks):
                    if chunk not in self._chunks:
                        self._learn(chunk)
                arr = np.array(list(map(self._chunks.__getitem__, chunks)), np.int32)
            if arr.min() < 0:  # rare: expand multi-token chunks
                flat: list[int] = []
                for v in arr.tolist():
                    flat.extend(self._multi[-v - 1] if v < 0 else (v,))
                arr = np.array(flat, dtype=np.int32)
        return arr


def _char_classes() -> tuple[np.ndarray, np.ndarray]:
    """Per code point below 0x10000: starts a token (a letter or digit, not "_"), may
    continue one (that, or a combining mark) — TOKEN_RE's classes, as tables."""
    chars = [chr(c) for c in range(0x10000)]
    word = np.array([bool(TOKEN_RE.match(c)) for c in chars], dtype=bool)
    cont = word.copy()
    cont[0x300:0x370] = True
    return word, cont


_WORD: np.ndarray | None = None
_CONT: np.ndarray | None = None


def token_spans(text: str) -> np.ndarray:
    """Character (start, end) of every token of ``text``, shape (n, 2); same tokens as
    ``Vocabulary.encode`` (vectorised over code points; TOKEN_RE beyond the BMP)."""
    global _WORD, _CONT
    if _WORD is None:
        _WORD, _CONT = _char_classes()
    cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    if len(cps) and cps.max() >= 0x10000:  # rare: astral characters
        return _spans_slow(text)
    word, cont = _WORD[cps], _CONT[cps]
    # a token starts at a word char not continuing a token; a run of combining marks
    # after a non-token char starts nothing
    prev = np.concatenate([[False], cont[:-1]])
    starts = np.flatnonzero(word & ~prev)
    if len(starts) and (cont & ~word & ~prev).any():
        return _spans_slow(text)
    ends_at = np.flatnonzero(cont & ~np.concatenate([cont[1:], [False]])) + 1
    ends = ends_at[np.searchsorted(ends_at, starts, "right")]
    return np.stack([starts, ends], axis=1).astype(np.int64).reshape(-1, 2)


def _spans_slow(text: str) -> np.ndarray:
    """token_spans by the regex (texts with stray combining marks)."""
    spans = [m.span() for m in TOKEN_RE.finditer(text)]
    return np.array(spans, dtype=np.int64).reshape(-1, 2)


def ngram_keys(ids: np.ndarray, n: int) -> np.ndarray:
    """64-bit hash of every n-gram of ``ids`` (length max(0, len-n+1)), uint64."""
    m = len(ids) - n + 1
    if m <= 0:
        return np.zeros(0, dtype=np.uint64)
    x = ids.astype(np.uint64)
    with np.errstate(over="ignore"):
        key = np.full(m, np.uint64(n), dtype=np.uint64)
        for k in range(n):
            key = (key ^ x[k : k + m]) * _MULTS[k % 4]
            key ^= key >> np.uint64(29)
    return key


def features(ids: np.ndarray, n: int, bits: int) -> np.ndarray:
    """Distinct hashed n-gram features of a document (sorted uint32 in [0, 2**bits))."""
    feats = np.sort((ngram_keys(ids, n) >> np.uint64(64 - bits)).astype(np.uint32))
    if len(feats) > 1:
        feats = feats[np.concatenate([[True], feats[1:] != feats[:-1]])]
    return feats


def sentence_bounds(text: str, spans: np.ndarray) -> np.ndarray:
    """Per token: bit 1 if it starts a sentence, bit 2 if it ends one (int8)."""
    n = len(spans)
    bound = np.zeros(n, dtype=np.int8)
    if not n:
        return bound
    ends = np.zeros(n, dtype=bool)
    marks = np.array([m.start() for m in SENTENCE_END_RE.finditer(text)], np.int64)
    if len(marks):
        # token i ends a sentence when a mark lies between its end and the next start
        nxt = np.append(spans[1:, 0], len(text) + 1)
        first_after = np.searchsorted(marks, spans[:, 1], "left")
        has = first_after < len(marks)
        ends[has] = marks[first_after[has]] < nxt[has]
    ends[-1] = True
    starts = np.concatenate([[True], ends[:-1]])
    bound[starts] |= 1
    bound[ends] |= 2
    return bound


def number_ids(text: str, spans: np.ndarray) -> np.ndarray:
    """Per token: 0 without digits, else a stable id of the number it holds (its
    digits without leading zeros: "06" and "6", "2cm" and "2" are the same number)."""
    out = np.zeros(len(spans), dtype=np.int64)
    if len(spans):
        pos = np.array([m.start() for m in DIGIT_RE.finditer(text)], np.int64)
        if len(pos):
            tok = np.searchsorted(spans[:, 0], pos, "right") - 1
            ok = (tok >= 0) & (pos < spans[np.maximum(tok, 0), 1])
            for t in np.unique(tok[ok]).tolist():
                digits = "".join(
                    c for c in text[spans[t, 0] : spans[t, 1]] if c.isdigit()
                )
                out[t] = zlib.crc32(digits.lstrip("0").encode()) + 1
    return out


def quoted_mask(text: str, spans: np.ndarray) -> np.ndarray:
    """True for tokens that start inside a quotation (curly quotes may nest)."""
    mask = np.zeros(len(spans), dtype=bool)
    starts = spans[:, 0]
    for lo_char, hi_char in _quote_regions(text):
        lo, hi = np.searchsorted(starts, [lo_char, hi_char])
        mask[lo:hi] = True
    return mask


def _quote_regions(text: str) -> list[tuple[int, int]]:
    """Character regions inside quotation marks: nested curly/guillemet quotes by
    depth, straight quotes in pairs; an unclosed quote ends with its paragraph."""
    regions = []
    if '"' in text:
        regions += [m.span() for m in re.finditer(r'"[^"\n]*"?', text)]
    depth, start = 0, 0
    for m in CURLY_RE.finditer(text):
        mark = m.group()
        if mark in "“«":
            if depth == 0:
                start = m.start()
            depth += 1
        elif depth and mark in "”»":
            depth -= 1
            if depth == 0:
                regions.append((start, m.end()))
        elif depth and mark == "\n":
            regions.append((start, m.start()))
            depth = 0
    if depth:
        regions.append((start, len(text)))
    return regions


class PhraseSet:
    """Organizer boilerplate phrases (slogans, the contest name) as n-gram keys, plus
    the shipped formulae (judging.plagiarism.core.formulae) matched whole."""

    def __init__(
        self, vocab: Vocabulary, phrases: Iterable[str], *, formulae: bool = True
    ) -> None:
        """Encode ``phrases``; each length below the seed size is matched exactly."""
        from judging.plagiarism.core.formulae import FormulaSet, shipped_formulae

        self.phrases = [p for p in phrases if p.strip()]
        self._formulae = FormulaSet(vocab, shipped_formulae() if formulae else ())
        self._keys: dict[int, np.ndarray] = {}
        for phrase in self.phrases:
            ids = vocab.encode(phrase)
            size = min(len(ids), 4)
            if size:
                prev = self._keys.get(size, np.zeros(0, dtype=np.uint64))
                self._keys[size] = np.union1d(prev, ngram_keys(ids, size))

    def mask(self, ids: np.ndarray) -> np.ndarray:
        """True for tokens of ``ids`` covered by an occurrence of a boilerplate phrase."""
        mask = self._formulae.mask(ids)
        for size, keys in self._keys.items():
            hits = np.flatnonzero(np.isin(ngram_keys(ids, size), keys))
            for k in range(size):
                mask[hits + k] = True
        return mask

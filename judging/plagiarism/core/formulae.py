"""Shipped Vietnamese formulae (award, title, movement and offence names) as boilerplate.

The list lives in judging/plagiarism/core/data/plagiarism_formulae.txt (one phrase a line, extendable).
Unlike an organizer's boilerplate, where any 4 syllables of the phrase are masked, a
formula is masked only where it occurs whole: "Thủ tướng Chính phủ" inside ordinary
narrative stays evidence, "Bằng khen của Thủ tướng Chính phủ" is boilerplate. A
4-gram prefilter keeps this cheap: only texts holding a formula's first 4 syllables
are checked phrase by phrase.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

import numpy as np

from judging.plagiarism.core.tokens import Vocabulary, ngram_keys

FORMULAE_FILE = Path(__file__).resolve().parent / "data" / "plagiarism_formulae.txt"
MIN_SYLLABLES = 4


@cache
def shipped_formulae() -> tuple[str, ...]:
    """The shipped formulae, in file order."""
    lines = FORMULAE_FILE.read_text(encoding="utf-8").splitlines()
    return tuple(
        line.strip() for line in lines if line.strip() and not line.startswith("#")
    )


class FormulaSet:
    """Whole-phrase matcher of formulae over syllable ids."""

    def __init__(self, vocab: Vocabulary, phrases: Iterable[str]) -> None:
        """Encode ``phrases`` (those shorter than MIN_SYLLABLES are ignored)."""
        self._by_head: dict[int, list[np.ndarray]] = {}
        for phrase in phrases:
            ids = vocab.encode(phrase)
            if len(ids) >= MIN_SYLLABLES:
                head = int(ngram_keys(ids[:MIN_SYLLABLES], MIN_SYLLABLES)[0])
                self._by_head.setdefault(head, []).append(ids)
        self._heads = np.array(sorted(self._by_head), dtype=np.uint64)

    def mask(self, ids: np.ndarray) -> np.ndarray:
        """True for tokens of ``ids`` inside a whole occurrence of a formula."""
        mask = np.zeros(len(ids), dtype=bool)
        if not len(self._heads):
            return mask
        keys = ngram_keys(ids, MIN_SYLLABLES)
        at = np.minimum(np.searchsorted(self._heads, keys), len(self._heads) - 1)
        for pos in np.flatnonzero(self._heads[at] == keys).tolist():
            for phrase in self._by_head[int(keys[pos])]:
                end = pos + len(phrase)
                if end <= len(ids) and np.array_equal(ids[pos:end], phrase):
                    mask[pos:end] = True
        return mask

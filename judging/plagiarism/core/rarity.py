"""Graded rarity weights: how much a shared 3-gram is worth as evidence of copying.

(A run of text weighs as much as its rarest 3-gram: see judging.plagiarism.core.align.)

A 3-gram found in at most RARE_DF documents of the collection (the archive and the
reference corpus included) weighs 1; one found in COMMON_DF or more weighs 0; in
between the weight falls log-linearly with the document frequency. Stock phrases,
offence names and a bulletin's fixed wording thus count little or nothing, with no
hard cut-off where a phrase flips from evidence to formula. The caps are absolute
counts so that a scan's cost grows near-linearly with the collection.
"""

from __future__ import annotations

import numpy as np

from judging.plagiarism.core.tokens import ngram_keys

FEATURE_N = 3
RARE_DF = 4  # a 3-gram in at most this many documents is full evidence
COMMON_DF = 64  # ... in this many or more, none


def rarity(df: np.ndarray) -> np.ndarray:
    """Evidence weight of a 3-gram found in ``df`` documents (float64, 0..1)."""
    df = np.maximum(np.asarray(df, dtype=np.float64), 1.0)
    g = 1.0 - np.log(df / RARE_DF) / np.log(COMMON_DF / RARE_DF)
    return np.clip(g, 0.0, 1.0)


def features_of(ids: np.ndarray, bits: int) -> np.ndarray:
    """Hashed 3-gram feature of every position of ``ids`` (uint32, in order)."""
    return (ngram_keys(ids, FEATURE_N) >> np.uint64(64 - bits)).astype(np.uint32)

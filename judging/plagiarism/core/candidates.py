"""Candidate search of a check: the indexed documents worth aligning with one text.

Idf-weighted containment of the text's hashed 3-grams in each document (the idf mass
they share divided by the mass of either side), each 3-gram weighed by its rarity as
well; 3-grams in COMMON_DF documents or more are formulas and left out. Documents
reaching CANDIDATE_FLOOR are candidates, best first, at most top_k.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

import numpy as np

from judging.plagiarism.core.match import Prepared
from judging.plagiarism.core.postings import idf_of
from judging.plagiarism.core.rarity import COMMON_DF, FEATURE_N, rarity
from judging.plagiarism.core.tokens import features

if TYPE_CHECKING:
    from judging.plagiarism.core.index import SimilarityIndex

CANDIDATE_FLOOR = 0.03  # idf-weighted containment worth aligning


def candidate_slots(
    index: SimilarityIndex,
    a: Prepared,
    own: int,
    top_k: int,
    exclude: Collection[str],
) -> np.ndarray:
    """Slots whose idf-weighted containment with ``a`` reaches CANDIDATE_FLOOR,
    best first, at most ``top_k``; ``own`` is a's slot (-1: a text not indexed,
    which then counts itself in every document frequency)."""
    n = len(index._ids)
    if n == 0 or len(a.ids) < FEATURE_N:
        return np.zeros(0, dtype=np.int64)
    if own < 0:
        a.rarity = index.rarity_of(a.ids, extra=1)
    feats = features(a.ids, FEATURE_N, index.postings.bits)
    df = index.postings.df(feats)
    idf = idf_of(df, n + (own < 0))
    usable = (df > 0) & (df + (own < 0) < COMMON_DF)
    gain = idf * rarity(df + (own < 0))
    shared = index.postings.gather(feats[usable], gain[usable], n)
    cont = np.maximum(shared / idf.sum(), shared / np.maximum(index._mass, 1e-9))
    cont[~np.array(index._alive, dtype=bool)] = 0.0
    for doc_id in exclude:
        if doc_id in index._slot:
            cont[index._slot[doc_id]] = 0.0
    cand = np.flatnonzero(cont >= CANDIDATE_FLOOR)
    return cand[np.argsort(-cont[cand], kind="stable")[:top_k]]

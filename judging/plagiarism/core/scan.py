"""Candidate pairs for a full scan: one sparse product per block, never a dense N×N.

Only 3-grams shared by at least two and fewer than COMMON_DF documents take part,
weighed by idf and rarity: the rest cannot link two documents or are formulas. As the
cap is a fixed count, the product's cost grows near-linearly with the collection. Each block of checked
documents is multiplied with the inverted index to get, for every other document, the
idf mass they share; pairs whose containment reaches the floor are kept, top_k per
checked document.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING

import numpy as np
from scipy.sparse import csr_matrix

from judging.plagiarism.core.postings import idf_of
from judging.plagiarism.core.rarity import COMMON_DF, rarity

if TYPE_CHECKING:
    from judging.plagiarism.core.index import SimilarityIndex

BLOCK = 512
# Candidate search reads one hashed 3-gram in SAMPLE: the idf-weighted containment it
# estimates stays close for any copy worth aligning (a 10 % lift shares ~150 3-grams),
# and the sparse product costs SAMPLE times less.
SAMPLE = 4
EXACT_POSTINGS = 2_000_000


def candidate_pairs(
    index: SimilarityIndex,
    sources: Collection[str] | None,
    top_k: int,
    floor: float,
) -> Iterator[tuple[int, int, list[tuple[int, int]]]]:
    """Yield (checked so far, total to check, [(a_slot, b_slot), ...]) per block."""
    post = index.postings
    post.merge()
    n = len(index._ids)
    alive = np.array(index._alive, dtype=bool)
    checked = alive.copy()
    if sources is not None:
        checked &= np.isin(np.array(index._sources, dtype=object), list(sources))
    rows = np.flatnonzero(checked)
    if not len(rows):
        yield 0, 0, []
        return
    df = post.df_all()
    idf = idf_of(df, n).astype(np.float32)
    sampled = np.zeros(len(df), dtype=bool)
    # hashed features: every SAMPLE-th is a random subset; small collections read all
    sampled[:: SAMPLE if len(post.docs) > EXACT_POSTINGS else 1] = True
    usable = sampled & (df >= 2) & (df < COMMON_DF)
    counts = np.diff(post.ptr)
    mass = np.maximum(post.slot_masses(np.where(sampled, idf, 0), n), 1e-9)
    inv_ptr = np.concatenate([[0], np.cumsum(np.where(usable, counts, 0))])
    inv_docs = post.docs[np.repeat(usable, counts)]
    inv = csr_matrix(
        (np.ones(len(inv_docs), dtype=np.float32), inv_docs, inv_ptr),
        shape=(len(counts), n),
    )
    fwd = inv.T.tocsr()
    fwd.data = (idf * rarity(df).astype(np.float32))[fwd.indices]
    for b0 in range(0, len(rows), BLOCK):
        block = rows[b0 : b0 + BLOCK]
        prod = (fwd[block] @ inv).tocoo()
        i, j, v = block[prod.row], prod.col.astype(np.int64), prod.data
        ok = alive[j] & (j != i) & (~checked[j] | (i > j))
        i, j, v = i[ok], j[ok], v[ok]
        cont = np.maximum(v / mass[i], v / mass[j])
        sel = cont >= floor
        i, j, cont = i[sel], j[sel], cont[sel]
        order = np.lexsort((-cont, i))
        i, j = i[order], j[order]
        rank = np.arange(len(i)) - np.searchsorted(i, i, "left")
        keep = rank < top_k
        pairs = list(zip(i[keep].tolist(), j[keep].tolist(), strict=True))
        yield min(b0 + BLOCK, len(rows)), len(rows), pairs

"""Inverted index of hashed n-gram features: a big merged segment plus a small delta.

The main segment is a CSR over features (``ptr`` of length 2**bits + 1, ``docs`` holding
document slots); documents added later go to a delta that is searched by binary search
and merged into the main segment when it grows past a few percent of it, so adding one
document never rebuilds the index. Document frequencies come straight from posting
lengths; IDF uses the smoothed form ln((N+1)/(df+1)) + 1.
"""

from __future__ import annotations

import numpy as np

MERGE_MIN_POSTINGS = 200_000
MERGE_FRACTION = 0.05


class Postings:
    """Feature → document-slot postings with incremental adds and rare merges."""

    def __init__(self, bits: int, ptr: np.ndarray | None = None, docs=None) -> None:
        """Empty index over 2**bits features, or one restored from ``ptr``/``docs``."""
        self.bits = bits
        size = (1 << bits) + 1
        self.ptr = ptr if ptr is not None else np.zeros(size, dtype=np.int64)
        self.docs = docs if docs is not None else np.zeros(0, dtype=np.int32)
        self._pending: list[tuple[int, np.ndarray]] = []
        self._delta: tuple[np.ndarray, np.ndarray] | None = None
        self._pending_size = 0

    def queue(self, slot: int, feats: np.ndarray) -> None:
        """Put the distinct features of document ``slot`` in the delta."""
        self._pending.append((slot, feats))
        self._pending_size += len(feats)
        self._delta = None

    @property
    def pending_size(self) -> int:
        """Postings waiting in the delta segment."""
        return self._pending_size

    def add(self, slot: int, feats: np.ndarray) -> bool:
        """Index document ``slot``; True if this triggered a merge."""
        self.queue(slot, feats)
        if self._pending_size > max(
            MERGE_MIN_POSTINGS, MERGE_FRACTION * len(self.docs)
        ):
            self.merge()
            return True
        return False

    def _delta_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """The delta as (features sorted, slots), built lazily."""
        if self._delta is None:
            if self._pending:
                feats = np.concatenate([f for _, f in self._pending])
                slots = np.concatenate(
                    [np.full(len(f), s, dtype=np.int32) for s, f in self._pending]
                )
                order = np.argsort(feats, kind="stable")
                self._delta = (feats[order], slots[order])
            else:
                self._delta = (np.zeros(0, np.uint32), np.zeros(0, np.int32))
        return self._delta

    def merge(self) -> None:
        """Fold the delta into the main CSR segment (O(postings), done rarely)."""
        if not self._pending:
            return
        feats, slots = self._delta_arrays()
        counts = np.bincount(feats, minlength=len(self.ptr) - 1)
        self.docs = np.insert(self.docs, self.ptr[feats.astype(np.int64) + 1], slots)
        self.ptr = self.ptr + np.concatenate([[0], np.cumsum(counts)])
        self._pending, self._delta, self._pending_size = [], None, 0

    def drop(self, keep_slot: np.ndarray) -> np.ndarray:
        """Remove postings of slots where ``keep_slot`` is False and renumber the rest.

        Returns the old→new slot map (-1 for dropped slots).
        """
        self.merge()
        remap = np.cumsum(keep_slot, dtype=np.int64) - 1
        remap[~keep_slot] = -1
        keep = keep_slot[self.docs]
        kept_before = np.concatenate([[0], np.cumsum(keep, dtype=np.int64)])
        self.ptr = kept_before[self.ptr]
        self.docs = remap[self.docs[keep]].astype(np.int32)
        return remap

    def df(self, feats: np.ndarray) -> np.ndarray:
        """Document frequency of each feature (deleted documents included until
        compaction)."""
        f = feats.astype(np.int64)
        df = self.ptr[f + 1] - self.ptr[f]
        if self._pending:
            d_feats, _ = self._delta_arrays()
            df = df + np.searchsorted(d_feats, feats, "right")
            df -= np.searchsorted(d_feats, feats, "left")
        return df

    def df_all(self) -> np.ndarray:
        """Document frequency of every feature (dense, length 2**bits)."""
        df = np.diff(self.ptr)
        if self._pending:
            d_feats, _ = self._delta_arrays()
            df = df + np.bincount(d_feats, minlength=len(df))
        return df

    def gather(
        self, feats: np.ndarray, weights: np.ndarray, n_slots: int
    ) -> np.ndarray:
        """Per slot, the sum of ``weights`` of ``feats`` it contains (float64)."""
        f = feats.astype(np.int64)
        lo = self.ptr[f]
        cnt = self.ptr[f + 1] - lo
        scores = np.zeros(n_slots)
        scores += np.bincount(
            self.docs[_ranges(lo, cnt)],
            weights=np.repeat(weights, cnt),
            minlength=n_slots,
        )
        if self._pending:
            d_feats, d_slots = self._delta_arrays()
            lo = np.searchsorted(d_feats, feats, "left")
            cnt = np.searchsorted(d_feats, feats, "right") - lo
            scores += np.bincount(
                d_slots[_ranges(lo, cnt)],
                weights=np.repeat(weights, cnt),
                minlength=n_slots,
            )
        return scores

    def slot_masses(self, idf: np.ndarray, n_slots: int) -> np.ndarray:
        """Sum of ``idf`` over each slot's features (main segment and delta)."""
        self.merge()
        mass = np.zeros(n_slots)
        step = 1 << 18  # feature chunks keep the temporaries small
        for c0 in range(0, len(self.ptr) - 1, step):
            c1 = min(c0 + step, len(self.ptr) - 1)
            lo, hi = self.ptr[c0], self.ptr[c1]
            if hi > lo:
                w = np.repeat(idf[c0:c1], np.diff(self.ptr[c0 : c1 + 1]))
                mass += np.bincount(self.docs[lo:hi], weights=w, minlength=n_slots)
        return mass


def _ranges(lo: np.ndarray, cnt: np.ndarray) -> np.ndarray:
    """Concatenation of ``range(lo[i], lo[i] + cnt[i])`` for every i, vectorised."""
    total = int(cnt.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    starts = np.cumsum(cnt) - cnt
    return np.repeat(lo - starts, cnt) + np.arange(total)


def idf_of(df: np.ndarray, n_docs: int) -> np.ndarray:
    """Smoothed inverse document frequency."""
    return np.log((n_docs + 1.0) / (df + 1.0)) + 1.0

"""SimilarityIndex: a persistent, incrementally updated collection to check entries against.

Candidate search is TF-IDF over hashed syllable 3-grams with IDF from the whole
collection, scored as idf-weighted containment: the idf mass of shared 3-grams divided
by the idf mass of either document. Containment, unlike cosine, does not dilute a
paragraph lifted into a long entry. Evidence is weighed by rarity, graded: a 3-gram in
at most RARE_DF documents weighs 1, one in COMMON_DF or more weighs 0, log-linearly in
between ("phong trào thi đua yêu nước", an offence name in 74 articles, a weather
bulletin's phrasing weigh little or nothing). Each syllable weighs the mean of its
3-grams; candidates are aligned passage by passage (judging.plagiarism.core.align) and the shares
count syllables by weight. The caps are absolute counts, so the cost of a scan grows
near-linearly with the collection.
"""

from __future__ import annotations

import zlib
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable, Sequence

import numpy as np

from judging.plagiarism.core.candidates import CANDIDATE_FLOOR, candidate_slots
from judging.plagiarism.core.match import (
    Match,
    Prepared,
    match_pair,
    prepare,
    report_order,
    reported,
)
from judging.plagiarism.core.postings import Postings, idf_of
from judging.plagiarism.core.rarity import FEATURE_N, features_of, rarity
from judging.plagiarism.core.tokens import PhraseSet, Vocabulary, features

DEFAULT_THRESHOLD = 0.08
FEATURE_BITS = 23
BULK_MERGE = 20_000_000  # postings
SCAN_CACHE = 8192  # prepared documents kept during a scan
RECENT = 256  # prepared documents kept between checks (the last aligned with)


class SimilarityIndex:
    """Documents (entries, past years, published stories) to find copies among."""

    def __init__(
        self, *, boilerplate: Sequence[str] = (), feature_bits: int = FEATURE_BITS
    ) -> None:
        """An empty index; ``boilerplate`` phrases are reported but never counted."""
        self.vocab = Vocabulary()
        self.postings = Postings(feature_bits)
        self.boilerplate = [p for p in boilerplate if p.strip()]
        self._phrases = PhraseSet(self.vocab, self.boilerplate)
        self._ids: list[str] = []
        self._sources: list[str] = []
        self._authors: list[str | None] = []
        self._texts: list[bytes] = []
        self._alive: list[bool] = []
        self._slot: dict[str, int] = {}
        self._mass = np.zeros(0)
        # syllable ids of documents added in this process (saves re-encoding them)
        self._encoded: list[np.ndarray | None] = []
        self._cache: dict[int, Prepared] = {}
        self._caching = False
        # between checks: prepared texts with the postings version their rarity is of
        self._recent: OrderedDict[int, tuple[Prepared, int]] = OrderedDict()
        self._postings_version = 0  # moves whenever document frequencies may change

    def __len__(self) -> int:
        """Number of documents in the index."""
        return len(self._slot)

    def __contains__(self, doc_id: object) -> bool:
        """True if ``doc_id`` is indexed."""
        return doc_id in self._slot

    # -- building ---------------------------------------------------------------

    def _append(self, doc_id: str, text: str, source: str, author_key: str | None):
        """Store one document and queue its features; returns (slot, features)."""
        if doc_id in self._slot:
            self.remove(doc_id)
        slot = len(self._ids)
        self._postings_version += 1
        ids = self.vocab.encode(text)
        feats = features(ids, FEATURE_N, self.postings.bits)
        self._encoded.extend([None] * (slot - len(self._encoded)))
        self._encoded.append(ids)
        self._ids.append(doc_id)
        self._sources.append(source)
        self._authors.append(author_key)
        self._texts.append(zlib.compress(text.encode("utf-8"), 1))
        self._alive.append(True)
        self._slot[doc_id] = slot
        return slot, feats

    def add(
        self,
        doc_id: str,
        text: str,
        *,
        source: str = "edition",
        author_key: str | None = None,
    ) -> None:
        """Index (or replace) one document without rebuilding the index."""
        slot, feats = self._append(doc_id, text, source, author_key)
        merged = self.postings.add(slot, feats)
        if merged:
            self._refresh_masses()
        else:
            idf = idf_of(self.postings.df(feats), len(self._ids))
            self._mass = np.append(self._mass, idf.sum())

    def add_many(self, docs: Iterable[tuple[str, str, str, str | None]]) -> None:
        """Bulk-index ``(doc_id, text, source, author_key)`` rows, then merge once."""
        for doc_id, text, source, author_key in docs:
            slot, feats = self._append(doc_id, text, source, author_key)
            self.postings.queue(slot, feats)
            # merging in a few big steps bounds the memory of sorting the delta
            if self.postings.pending_size > max(
                BULK_MERGE, len(self.postings.docs) / 4
            ):
                self.postings.merge()
        self._refresh_masses()

    def remove(self, doc_id: str) -> None:
        """Forget ``doc_id``; space is reclaimed when a quarter of slots are dead."""
        slot = self._slot.pop(doc_id)
        self._recent.pop(slot, None)
        self._alive[slot] = False
        self._texts[slot] = b""
        if slot < len(self._encoded):
            self._encoded[slot] = None
        dead = len(self._ids) - len(self._slot)
        if dead >= max(4, 0.25 * len(self._ids)):  # dead slots still count in df
            self._compact()

    def _compact(self) -> None:
        """Drop removed documents from every array and renumber the slots."""
        keep = np.array(self._alive, dtype=bool)
        self._recent.clear()  # slots are renumbered
        self._postings_version += 1
        self.postings.drop(keep)
        live = np.flatnonzero(keep).tolist()
        self._encoded.extend([None] * (len(self._ids) - len(self._encoded)))
        for name in ("_ids", "_sources", "_authors", "_texts", "_alive", "_encoded"):
            values = getattr(self, name)
            setattr(self, name, [values[i] for i in live])
        self._slot = {d: i for i, d in enumerate(self._ids)}
        self._refresh_masses()

    def _refresh_masses(self) -> None:
        """Recompute every document's idf mass with the current document frequencies."""
        self.postings.merge()
        idf = idf_of(self.postings.df_all(), len(self._ids))
        self._mass = self.postings.slot_masses(idf, len(self._ids))

    # -- reading ----------------------------------------------------------------

    def text(self, doc_id: str) -> str:
        """The stored text of ``doc_id``."""
        return zlib.decompress(self._texts[self._slot[doc_id]]).decode("utf-8")

    def _prepared(self, slot: int, *, weigh: bool = True) -> Prepared:
        """A stored document ready for alignment, weighed by rarity (cached during a
        scan, where one document meets many).

        Only the A side of a pair is weighed (``align`` reads A's rarity, never
        B's): a document prepared as B (``weigh=False``) gets its rarity when it is
        first aligned as A."""
        doc = self._cache.get(slot)
        if doc is not None:
            if weigh and doc.rarity is None:
                doc.rarity = self.rarity_of(doc.ids)
            return doc
        doc, weighed = (
            (None, -1) if self._caching else self._recent.get(slot, (None, -1))
        )
        if doc is None:
            text = zlib.decompress(self._texts[slot]).decode("utf-8")
            ids = self._encoded[slot] if slot < len(self._encoded) else None
            doc = prepare(text, self.vocab, self._phrases, ids)
        if weigh and weighed != self._postings_version:  # frequencies changed
            doc.rarity = self.rarity_of(doc.ids)
            weighed = self._postings_version
        if self._caching:
            if len(self._cache) >= SCAN_CACHE:
                self._cache.clear()
            self._cache[slot] = doc
        else:
            self._recent[slot] = (doc, weighed)
            self._recent.move_to_end(slot)
            if len(self._recent) > RECENT:
                self._recent.popitem(last=False)
        return doc

    def rarity_of(self, ids: np.ndarray, extra: int = 0) -> np.ndarray:
        """Rarity weight of each 3-gram of ``ids``; ``extra`` documents are added to
        every count (a text checked without being indexed counts itself)."""
        return rarity(self.postings.df(features_of(ids, self.postings.bits)) + extra)

    def _pair(self, a: Prepared, a_id: str, a_author: str | None, slot: int) -> Match:
        """Align ``a`` with stored document ``slot``."""
        b_author = self._authors[slot]
        return match_pair(
            a,
            self._prepared(slot, weigh=False),
            a_id=a_id,
            b_id=self._ids[slot],
            same_author=a_author is not None and a_author == b_author,
            b_source=self._sources[slot],
        )

    def check(
        self,
        query: str,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        top_k: int = 20,
        exclude: Collection[str] = (),
        author_key: str | None = None,
    ) -> list[Match]:
        """Sources of copying for ``query``, best first.

        ``query`` is an indexed doc id (checked against all other documents) or a text
        (then ``author_key`` says who wrote it). Only matches scoring ≥ threshold.
        """
        if query in self._slot:
            a_id, own = query, self._slot[query]
            author_key = self._authors[own]
            a = self._prepared(own)
        else:
            a_id, own = "", -1
            a = prepare(query, self.vocab, self._phrases)
        cand = candidate_slots(self, a, own, top_k, (*exclude, a_id))
        found = [self._pair(a, a_id, author_key, int(s)) for s in cand]
        return sorted(reported(found, threshold), key=report_order)

    def candidates(self, doc_id: str, *, top_k: int = 20) -> list[str]:
        """The indexed documents ``check(doc_id)`` would align ``doc_id`` with, most
        alike first."""
        own = self._slot[doc_id]
        cand = candidate_slots(self, self._prepared(own), own, top_k, (doc_id,))
        return [self._ids[int(s)] for s in cand]

    def pair(self, a_id: str, b_id: str) -> Match:
        """Align two indexed documents, ``a_id`` as A (its rarity weighs the runs), as
        a check or a scan would (any score; the kind is set by ``reported``)."""
        a_slot = self._slot[a_id]
        return self._pair(
            self._prepared(a_slot), a_id, self._authors[a_slot], self._slot[b_id]
        )

    def scan(
        self,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        sources: Collection[str] | None = None,
        top_k: int = 20,
        progress: Callable[[int, int], None] | None = None,
    ) -> list[Match]:
        """Every pair scoring ≥ threshold, each pair once, best first.

        Documents whose source is in ``sources`` (all if None) are checked against
        every document; when both sides are checked, ``a`` is the later-added one.
        """
        from judging.plagiarism.core.scan import candidate_pairs

        pairs_by_block = candidate_pairs(self, sources, top_k, CANDIDATE_FLOOR)
        matches: list[Match] = []
        self._caching = True
        try:
            for done, total, pairs in pairs_by_block:
                for i, j in pairs:
                    a = self._prepared(i)
                    m = self._pair(a, self._ids[i], self._authors[i], j)
                    if m.report_kind(threshold) is not None:
                        matches.append(m)
                if progress is not None:
                    progress(done, total)
        finally:
            self._caching = False
            self._cache.clear()
        return sorted(reported(matches, threshold), key=report_order)

    # -- persistence ------------------------------------------------------------

    def save(self, path: str) -> None:
        """Write the index to ``path`` (one .npz file; no pickle)."""
        from judging.plagiarism.core.store import save_index

        save_index(self, path)

    @classmethod
    def load(cls, path: str) -> SimilarityIndex:
        """Read an index written by ``save``."""
        from judging.plagiarism.core.store import load_index

        return load_index(cls, path)

"""What an edition's saved index holds besides the engine's arrays: its document ids
by entry, its size against the hash space it was built with, its snapshot generation
and how far its journal was read; and the changes applied to it
(judging.plagiarism.services.journal)."""

from __future__ import annotations

from dataclasses import dataclass, field

from judging.plagiarism.core import SimilarityIndex
from judging.plagiarism.services.corpus import entry_of
from judging.plagiarism.services.journal import Change

# Hashed feature space: sized to the corpus (a small one builds in milliseconds),
# with room to grow fourfold before the index must be rebuilt; the engine's maximum.
MIN_BITS, MAX_BITS = 16, 23


def feature_bits(chars: int, headroom: int = 4) -> int:
    """Hash bits for a corpus of ``chars`` characters: ~2 slots per syllable feature
    (≈ 4 characters a syllable) times ``headroom``."""
    wanted = (2 * headroom * (chars // 4)).bit_length()
    return min(MAX_BITS, max(MIN_BITS, wanted))


@dataclass
class SavedIndex:
    """An index read from disk with its manifest: document ids, size, hash bits, the
    snapshot generation and how far its journal was read."""

    index: SimilarityIndex
    doc_ids: set[str]
    chars: int
    bits: int
    generation: str = ""
    journal_end: int = 0
    journaled: int = 0  # documents added since the snapshot
    by_entry: dict[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.by_entry:
            for doc_id in self.doc_ids:
                entry_id = entry_of(doc_id)
                if entry_id is not None:
                    self.by_entry[entry_id] = doc_id

    def fits(self, chars: int) -> bool:
        """True while a corpus of ``chars`` characters still fits the hash space."""
        return feature_bits(chars, headroom=1) <= self.bits

    def apply(self, changes: list[Change]) -> None:
        """Add and remove documents; an addition already there and the removal of
        one already gone change nothing (a journal read twice is harmless)."""
        for change in changes:
            entry_id = entry_of(change.doc_id)
            if change.added:
                if change.doc_id in self.doc_ids:
                    continue
                self.index.add(
                    change.doc_id,
                    change.text,
                    source=change.source,
                    author_key=change.author_key,
                )
                self.doc_ids.add(change.doc_id)
                self.chars += change.chars
                self.journaled += 1
                if entry_id is not None:
                    self.by_entry[entry_id] = change.doc_id
            elif change.doc_id in self.doc_ids:
                self.index.remove(change.doc_id)
                self.doc_ids.discard(change.doc_id)
                if (
                    entry_id is not None
                    and self.by_entry.get(entry_id) == change.doc_id
                ):
                    del self.by_entry[entry_id]

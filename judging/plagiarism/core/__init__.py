"""Plagiarism engine (pure): find copied passages among contest entries and sources.

What counts as copying: the same entry sent twice, last year's entry resubmitted,
paragraphs lifted from another entry or a published story, a newspaper article sent as
one's own, including accent-stripped, Unicode-variant, reordered or lightly edited
copies. Different stories in the same formulaic genre language ("phong trào thi đua",
"lan tỏa", "tấm gương sáng") are not copying.

How: texts are read through contest.textnorm (folded, diacritics removed); candidates
come from TF-IDF over hashed syllable 3-grams with collection-wide IDF (sparse top-k,
never a dense N×N matrix); candidate pairs are aligned passage by passage (seed-and-
extend on shared 4-grams), and the shares and score come from the aligned passages; a
passage must be anchored by verbatim runs of ≥ 6 syllables covering ≥ 15, so stock
phrases chained with a shared name are not a copy. Quotations (“…”, "…", «…») and
organizer boilerplate are reported but not counted, unless the quotation was lifted
with its narrative: a passage sharing ≥ 8 syllables outside quotation marks in both
texts (a neighbour's testimony with the line saying who spoke) counts as a whole.
See judging.plagiarism.core.align for the rules.

Public API:
    Passage(a_start, a_end, b_start, b_end, quoted, boilerplate=False)
        character offsets into the ORIGINAL texts; ``.counted`` is False for quotes and
        boilerplate.
    Match(a, b, score, a_share, b_share, passages, same_author, b_source,
          excluded_share, template_share, quoted_share, kind)
        a_share/b_share: fraction of a's/b's syllables inside counted passages,
        each weighed by rarity; score = max(a_share, b_share), in 0..1;
        kind: COPY ("copy"), TEMPLATE ("template": one template with changed
        numbers, listed apart) or QUOTATION ("quotation": a long quotation with a
        short lead-in, shown for a human to judge).
    reported(matches, threshold) -> the matches reported, each with its kind;
    report_order(match): the sort key of reports (copies, templates, quotations).
    DEFAULT_THRESHOLD
        flag a pair when score ≥ this (0.08: a lifted paragraph of ≥10 % is flagged).
    compare(a_text, b_text, *, boilerplate=()) -> Match
        align two texts (CLI check-dir, side-by-side view).
    check_texts(named_texts, *, threshold=DEFAULT_THRESHOLD, boilerplate=(),
                progress=None) -> list[Match]: compare a folder's files with each
        other (``flask plagiarism check-dir``).
    SimilarityIndex(*, boilerplate=())
        .add(doc_id, text, *, source="edition", author_key=None)  incremental
        .add_many(rows of (doc_id, text, source, author_key))        bulk
        .remove(doc_id); len(index); doc_id in index; .text(doc_id)
        .pair(a_id, b_id) -> Match   two indexed documents aligned, a_id as A
        .candidates(doc_id, top_k=20) -> the doc ids check(doc_id) would align
        .check(doc_id_or_text, *, threshold, top_k=20, exclude=(), author_key=None)
            -> list[Match], best first (a = the query, b = a stored source)
        .scan(*, threshold, sources=None, top_k=20, progress=None) -> list[Match]
            every pair once; ``progress(done, total)`` after each block.
        .save(path); SimilarityIndex.load(path)   one .npz file, no pickle.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from judging.plagiarism.core.index import DEFAULT_THRESHOLD, SimilarityIndex
from judging.plagiarism.core.match import (
    COPY,
    KINDS,
    QUOTATION,
    TEMPLATE,
    Match,
    Passage,
    match_pair,
    prepare,
    report_order,
    reported,
)
from judging.plagiarism.core.tokens import PhraseSet, Vocabulary

__all__ = [
    "COPY",
    "DEFAULT_THRESHOLD",
    "KINDS",
    "QUOTATION",
    "TEMPLATE",
    "Match",
    "Passage",
    "SimilarityIndex",
    "check_texts",
    "compare",
    "report_order",
    "reported",
]


def compare(
    a_text: str,
    b_text: str,
    *,
    boilerplate: Sequence[str] = (),
    a_id: str = "a",
    b_id: str = "b",
) -> Match:
    """Align two texts and return their shared passages and shares (any score)."""
    vocab = Vocabulary()
    phrases = PhraseSet(vocab, boilerplate)
    a = prepare(a_text, vocab, phrases)
    b = prepare(b_text, vocab, phrases)
    return match_pair(a, b, a_id=a_id, b_id=b_id)


def check_texts(
    named_texts: Mapping[str, str],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    boilerplate: Sequence[str] = (),
    progress: Callable[[int, int], None] | None = None,
) -> list[Match]:
    """Compare a set of named texts with each other; the pairs reported at
    ``threshold``: copies, then same-template pairs, then quotations, best first
    (``a`` is the later of the two in ``named_texts``' order)."""
    # ~2 features per hashed bucket slot at most: small folders get a small index
    syllables = sum(len(t) for t in named_texts.values()) // 4
    bits = min(23, max(16, (2 * syllables).bit_length()))
    index = SimilarityIndex(boilerplate=boilerplate, feature_bits=bits)
    index.add_many((name, text, "edition", None) for name, text in named_texts.items())
    return index.scan(threshold=threshold, progress=progress)

"""Result types of the plagiarism engine and the comparison of one pair of texts.

A pair is reported as one of three kinds (``Match.kind``, see ``report_kind``):
"copy" (counted passages reach the threshold), "template" (what they share is one
template with changed numbers: listed apart, not copying) or "quotation" (they share a
long quotation with at most a short lead-in: shown for a human to judge, not counted).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from judging.plagiarism.core.align import (
    BOILERPLATE,
    COUNTED,
    QUOTED,
    align,
    shares,
    sorted_keys,
)
from judging.plagiarism.core.tokens import (
    PhraseSet,
    Vocabulary,
    number_ids,
    quoted_mask,
    sentence_bounds,
    token_spans,
)

COPY, TEMPLATE, QUOTATION = "copy", "template", "quotation"
KINDS = (COPY, TEMPLATE, QUOTATION)  # the order pairs are listed in
QUOTE_REPORT = 20  # syllables of a shared quotation worth showing as a pair


@dataclass(frozen=True)
class Passage:
    """A passage of A matched in B, as character offsets into the ORIGINAL texts.

    ``quoted``: the texts share quoted words but (almost) no narrative around them, an
    attributed quotation (a quotation lifted with its narrative is part of the copy and
    not marked); ``boilerplate``: an organizer phrase. Both are shown to the reader but
    never counted.
    """

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    quoted: bool
    boilerplate: bool = False
    template: bool = False

    @property
    def counted(self) -> bool:
        """True when the passage counts as copying."""
        return not (self.quoted or self.boilerplate or self.template)


@dataclass(frozen=True)
class Match:
    """Text ``a`` shares passages with source ``b``.

    ``a_share``/``b_share``: fraction of a's/b's syllables covered by counted passages;
    ``score`` = max of the two (a short text wholly inside a long one scores 1.0);
    ``excluded_share``: fraction of a inside quoted or boilerplate passages;
    ``template_share``/``quoted_share``: max over a and b of the share inside template
    passages / quotations of ≥ QUOTE_REPORT syllables; ``kind``: see report_kind.
    """

    a: str
    b: str
    score: float
    a_share: float
    b_share: float
    passages: tuple[Passage, ...]
    same_author: bool = False
    b_source: str = ""
    excluded_share: float = 0.0
    template_share: float = 0.0
    quoted_share: float = 0.0
    kind: str = COPY

    def report_kind(self, threshold: float) -> str | None:
        """The kind this pair is reported as at ``threshold``, None if not at all."""
        if self.score >= threshold:
            return COPY
        if self.template_share >= threshold:
            return TEMPLATE
        if self.quoted_share >= threshold:
            return QUOTATION
        return None

    @property
    def kind_score(self) -> float:
        """The share that makes this pair its kind (ranks pairs within a kind)."""
        if self.kind == TEMPLATE:
            return self.template_share
        if self.kind == QUOTATION:
            return self.quoted_share
        return self.score


def reported(matches: list[Match], threshold: float) -> list[Match]:
    """The matches reported at ``threshold``, each with its kind set."""
    out = []
    for m in matches:
        kind = m.report_kind(threshold)
        if kind is not None:
            out.append(m if kind == m.kind else replace(m, kind=kind))
    return out


def report_order(m: Match) -> tuple:
    """Sort key: copies first, then templates, then quotations; best first; by ids."""
    return (KINDS.index(m.kind), -m.kind_score, m.a, m.b)


@dataclass
class Prepared:
    """A text ready for alignment: syllable ids, their character spans, their kinds,
    their sentence bounds, the numbers they hold, and the rarity of each 3-gram (None:
    no collection statistics; an index sets it from its document frequencies)."""

    text: str
    ids: np.ndarray
    spans: np.ndarray
    kind: np.ndarray
    bound: np.ndarray
    rarity: np.ndarray | None = None
    _sorted: tuple[np.ndarray, np.ndarray] | None = None
    _numbers: np.ndarray | None = None

    def numbers(self) -> np.ndarray:
        """The number each token holds (0: none), computed once, when needed."""
        if self._numbers is None:
            self._numbers = number_ids(self.text, self.spans)
        return self._numbers

    def seed_keys(self) -> tuple[np.ndarray, np.ndarray]:
        """Seed n-gram keys and their sorting order, computed once."""
        if self._sorted is None:
            self._sorted = sorted_keys(self.ids)
        return self._sorted


def prepare(
    text: str,
    vocab: Vocabulary,
    phrases: PhraseSet | None,
    ids: np.ndarray | None = None,
) -> Prepared:
    """Tokenise ``text`` (or reuse ``ids``) and mark quoted and boilerplate syllables."""
    if ids is None:
        ids = vocab.encode(text)
    spans = token_spans(text)
    if len(spans) != len(ids):  # cannot happen with one token regex; stay safe
        ids = vocab.encode(" ".join(text[s:e] for s, e in spans))
    kind = np.where(quoted_mask(text, spans), QUOTED, COUNTED).astype(np.int8)
    if phrases is not None:
        kind[phrases.mask(ids)] = BOILERPLATE
    bound = sentence_bounds(text, spans)
    return Prepared(text, ids, spans, kind, bound)


def match_pair(
    a: Prepared,
    b: Prepared,
    *,
    a_id: str,
    b_id: str,
    a_skip: np.ndarray | None = None,
    same_author: bool = False,
    b_source: str = "",
) -> Match:
    """Align two prepared texts and report their passages and shares."""
    found = align(
        a.ids,
        b.ids,
        a_kind=a.kind,
        b_kind=b.kind,
        a_skip=a_skip,
        a_rarity=a.rarity,
        a_bound=a.bound,
        b_bound=b.bound,
        a_number=a.numbers,
        b_number=b.numbers,
        a_keys=a.seed_keys()[0],
        b_sorted=b.seed_keys(),
    )
    la, lb = len(a.ids), len(b.ids)
    a_share, b_share = shares(found, la, lb)
    quoted_a, _ = shares(found, la, lb, QUOTED)
    boiler_a, _ = shares(found, la, lb, BOILERPLATE)
    template = max(shares(found, la, lb, template=True))
    long_quotes = [p for p in found if p.kind == QUOTED and p.matched >= QUOTE_REPORT]
    quoted = max(shares(long_quotes, la, lb, QUOTED))
    passages = tuple(
        Passage(
            a_start=int(a.spans[p.a0, 0]),
            a_end=int(a.spans[p.a1 - 1, 1]),
            b_start=int(b.spans[p.b0, 0]),
            b_end=int(b.spans[p.b1 - 1, 1]),
            quoted=p.kind == QUOTED,
            boilerplate=p.kind == BOILERPLATE,
            template=p.kind == COUNTED and p.template,
        )
        for p in found
    )
    return Match(
        a=a_id,
        b=b_id,
        score=max(a_share, b_share),
        a_share=a_share,
        b_share=b_share,
        passages=passages,
        same_author=same_author,
        b_source=b_source,
        excluded_share=min(1.0, quoted_a + boiler_a),
        template_share=template,
        quoted_share=quoted,
    )

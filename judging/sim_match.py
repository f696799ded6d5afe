"""Result types of the plagiarism engine and the comparison of one pair of texts."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from judging.sim_align import BOILERPLATE, COUNTED, QUOTED, align, shares
from judging.sim_tokens import PhraseSet, Vocabulary, quoted_mask, token_spans


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

    @property
    def counted(self) -> bool:
        """True when the passage counts as copying."""
        return not (self.quoted or self.boilerplate)


@dataclass(frozen=True)
class Match:
    """Text ``a`` shares passages with source ``b``.

    ``a_share``/``b_share``: fraction of a's/b's syllables covered by counted passages;
    ``score`` = max of the two (a short text wholly inside a long one scores 1.0);
    ``excluded_share``: fraction of a inside quoted or boilerplate passages.
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


@dataclass
class Prepared:
    """A text ready for alignment: syllable ids, their character spans, their kinds."""

    text: str
    ids: np.ndarray
    spans: np.ndarray
    kind: np.ndarray


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
    return Prepared(text, ids, spans, kind)


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
    found = align(a.ids, b.ids, a_kind=a.kind, b_kind=b.kind, a_skip=a_skip)
    a_share, b_share = shares(found, len(a.ids), len(b.ids))
    quoted_a, _ = shares(found, len(a.ids), len(b.ids), QUOTED)
    boiler_a, _ = shares(found, len(a.ids), len(b.ids), BOILERPLATE)
    passages = tuple(
        Passage(
            a_start=int(a.spans[p.a0, 0]),
            a_end=int(a.spans[p.a1 - 1, 1]),
            b_start=int(b.spans[p.b0, 0]),
            b_end=int(b.spans[p.b1 - 1, 1]),
            quoted=p.kind == QUOTED,
            boilerplate=p.kind == BOILERPLATE,
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
    )

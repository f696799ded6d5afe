"""Passage alignment of two token-id sequences by seed-and-extend on shared n-grams.

Seeds are shared 4-syllable n-grams. Consecutive seeds on one diagonal become a run
(a verbatim stretch); runs close to each other in BOTH texts are chained into a
passage, which bridges small edits (noise, light paraphrase) while reordered paragraphs
simply become separate passages. A passage counts only if it is:
- long: its runs cover ≥ MIN_MATCH syllables (≈ one real sentence);
- anchored: runs of ≥ ANCHOR syllables alone cover MIN_MATCH. Shorter runs (one or two
  seeds) have the size of stock phrases ("người tốt, việc tốt", "phong trào thi đua")
  and may extend a passage but never make one: an official body's name chained with a
  genre formula across a few differing words is not a copied sentence;
- dense: its runs cover ≥ MIN_DENSITY of its span.

A passage of whole sentences in both texts (it starts where a sentence starts and ends
where one ends, in A and in B) needs only MIN_SENTENCE syllables: one inserted sentence
of 8 syllables is a copy, while an official body's name shared inside two different
sentences is not. Runs are weighed by rarity (``a_rarity``: each 3-gram's weight, 1
when found in few documents of the collection, falling to 0 when found in many): a
run weighs as much as its rarest 3-gram, since a stretch of text is at most as common
as any part of it. A stock phrase in 74 articles weighs nothing, while a copied
paragraph of common crime-report wording still holds a name, a date or a place that
makes it rare. "Covers" above means weighted syllables (formulae weigh 0). Each syllable of B backs at most one passage
(judging.plagiarism.core.evidence): a phrase repeated in A counts once.

Organizer boilerplate is aligned separately (its seeds never join ordinary text), so
it is reported as its own passages and never inflates the shares.

Quotations. The words inside quotation marks are someone else's on purpose, so sharing
them is not copying by itself; what betrays a copy is sharing the narrative around
them. A passage is therefore judged by its shared narrative: the matched syllables
outside quotation marks in BOTH texts (token by token along its runs).
- below CONTEXT_MIN (a clause): the texts share the quoted words and at most a lead-in
  such as "Bác Hồ dạy:" — a quotation (a famous saying, the slogan, a press article
  quoted in one text and narrated in the other); reported, not counted;
- CONTEXT_MIN or more: the quotation travelled with its narrative — a neighbour's
  testimony lifted together with the line saying who spoke, or dialogue inside a
  copied paragraph — and the whole passage counts, quoted words included.
Quotation length is deliberately not a criterion: a long citation with its own
attribution is legitimate, and a short lifted testimony is still a copy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from judging.plagiarism.core.evidence import (
    claim_once,
    classify_templates,
    is_evidence,
    may_be_evidence,
    may_hold_evidence,
)
from judging.plagiarism.core.tokens import ngram_keys

SEED_N = 4  # syllables per seed; 4-gram seeds are precise and survive light edits
MAX_REPEAT = 8  # a seed repeated more often than this in B is a refrain, not evidence
GAP = 12  # largest edit (in syllables, on either side) bridged inside one passage
CONTEXT_MIN = 8  # shared syllables outside quotes that make a quote part of a copy

COUNTED, QUOTED, BOILERPLATE = 0, 1, 2


@dataclass
class TokenPassage:
    """An aligned passage in token positions (ends exclusive).

    ``matched``: distinct A syllables inside its runs; ``runs``: its verbatim runs as
    (a0, a1, b0, b1), token a0 + k of A matching token b0 + k of B.
    """

    a0: int
    a1: int
    b0: int
    b1: int
    kind: int
    matched: int
    runs: list[tuple[int, int, int, int]] = field(default_factory=list)
    run_weights: list[float] = field(default_factory=list)
    template: bool = False
    weight: float = 1.0  # rarity of its runs (see _run_weight), matched-weighted


def _seed_kind(kind: np.ndarray | None, m: int, n: int) -> np.ndarray:
    """Kind of each n-gram start: 1 (boilerplate) when all its n tokens are, else 0.

    A seed straddling the edge of a formula stays ordinary, so a copied sentence
    holding an award or movement name chains across it (its tokens weigh 0)."""
    if kind is None or m <= 0:
        return np.zeros(max(m, 0), dtype=np.int8)
    out = kind[:m].astype(np.int8)
    for k in range(1, n):
        out = np.minimum(out, kind[k : k + m])
    return out


def sorted_keys(ids: np.ndarray, n: int = SEED_N) -> tuple[np.ndarray, np.ndarray]:
    """A text's n-gram keys in reading order and the order that sorts them (stable)."""
    keys = ngram_keys(ids, n)
    return keys, np.argsort(keys, kind="stable")


def find_seeds(
    a_ids: np.ndarray,
    b_ids: np.ndarray,
    n: int = SEED_N,
    a_skip: np.ndarray | None = None,
    a_keys: np.ndarray | None = None,
    b_sorted: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Positions (ia, jb) where A and B share an n-gram; ``a_skip`` drops A starts.

    ``a_keys``/``b_sorted`` (from sorted_keys) spare recomputing them per pair."""
    ka = ngram_keys(a_ids, n) if a_keys is None else a_keys
    kb, order = sorted_keys(b_ids, n) if b_sorted is None else b_sorted
    if not len(ka) or not len(kb):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    kb_sorted = kb[order]
    lo = np.searchsorted(kb_sorted, ka, "left")
    cnt = np.searchsorted(kb_sorted, ka, "right") - lo
    cnt[cnt > MAX_REPEAT] = 0
    if a_skip is not None:
        cnt[a_skip[: len(cnt)]] = 0
    total = int(cnt.sum())
    ia = np.repeat(np.arange(len(ka)), cnt)
    offsets = np.arange(total) - np.repeat(np.cumsum(cnt) - cnt, cnt)
    jb = order[np.repeat(lo, cnt) + offsets]
    return ia, jb


def _fragments(ia: np.ndarray, jb: np.ndarray, kind: np.ndarray, n: int) -> np.ndarray:
    """Collapse seeds into runs on one diagonal: rows (a0, a1, b0, b1, kind)."""
    diag = ia - jb
    order = np.lexsort((ia, diag, kind))
    ia, diag, kind = ia[order], diag[order], kind[order]
    brk = np.ones(len(ia), dtype=bool)
    brk[1:] = (np.diff(ia) != 1) | (np.diff(diag) != 0) | (np.diff(kind) != 0)
    starts = np.flatnonzero(brk)
    ends = np.append(starts[1:], len(ia)) - 1
    a0, a1 = ia[starts], ia[ends] + n
    d = diag[starts]
    frags = np.stack([a0, a1, a0 - d, a1 - d, kind[starts].astype(np.int64)], axis=1)
    return frags[np.lexsort((frags[:, 0], frags[:, 4]))]


def _chain(frags: np.ndarray, n: int) -> list[TokenPassage]:
    """Greedily chain runs that continue each other in both texts."""
    passages: list[TokenPassage] = []
    active: list[TokenPassage] = []
    for a0, a1, b0, b1, kind in frags.tolist():
        active = [p for p in active if p.kind == kind and p.a1 >= a0 - GAP]
        best, best_cost = None, None
        for p in active:
            da, db = a0 - p.a1, b0 - p.b1
            if -n < da <= GAP and -n < db <= GAP and b0 >= p.b0:
                cost = abs(da) + abs(db)
                if best_cost is None or cost < best_cost:
                    best, best_cost = p, cost
        if best is None:
            best = TokenPassage(a0, a1, b0, b1, kind, a1 - a0, [(a0, a1, b0, b1)])
            passages.append(best)
            active.append(best)
            continue
        best.matched += max(0, a1 - max(a0, best.a1))
        best.runs.append((a0, a1, b0, b1))
        best.a1, best.b1 = max(best.a1, a1), max(best.b1, b1)
    return passages


def align(
    a_ids: np.ndarray,
    b_ids: np.ndarray,
    *,
    a_kind: np.ndarray | None = None,
    b_kind: np.ndarray | None = None,
    a_skip: np.ndarray | None = None,
    a_rarity: np.ndarray | None = None,
    a_bound: np.ndarray | None = None,
    b_bound: np.ndarray | None = None,
    a_number: Callable[[], np.ndarray] | None = None,
    b_number: Callable[[], np.ndarray] | None = None,
    a_keys: np.ndarray | None = None,
    b_sorted: tuple[np.ndarray, np.ndarray] | None = None,
    n: int = SEED_N,
) -> list[TokenPassage]:
    """Aligned passages of A and B, sorted by position in A.

    ``a_kind``/``b_kind`` give each token's kind (COUNTED, QUOTED, BOILERPLATE);
    ``a_skip`` marks A n-gram starts that are no evidence at all (weight 0);
    ``a_rarity`` each A 3-gram's rarity weight (0..1); ``a_bound``/``b_bound`` each
    token's sentence bounds (bit 1: starts a sentence, bit 2: ends one);
    ``a_number``/``b_number`` give the number each token holds (0: none; template
    slots), called only when a passage may be a template;
    ``a_keys``/``b_sorted``
    precomputed seed keys (see find_seeds).
    """
    ia, jb = find_seeds(a_ids, b_ids, n, a_skip, a_keys, b_sorted)
    if not len(ia):
        return []
    boiler_a = None if a_kind is None else (a_kind == BOILERPLATE).astype(np.int8)
    boiler_b = None if b_kind is None else (b_kind == BOILERPLATE).astype(np.int8)
    ka = _seed_kind(boiler_a, len(a_ids) - n + 1, n)[ia]
    kb = _seed_kind(boiler_b, len(b_ids) - n + 1, n)[jb]
    frags = _fragments(ia, jb, np.maximum(ka, kb) * BOILERPLATE, n)
    if not may_hold_evidence(frags, a_rarity):
        return []
    chained = _chain(frags, n)
    if not any(may_be_evidence(p, a_rarity) for p in chained):
        return []  # the same answer, without trimming passages none of which counts
    boiler = [p for p in chained if p.kind == BOILERPLATE]  # aligned apart, inside
    chained = claim_once([p for p in chained if p.kind != BOILERPLATE], len(b_ids))
    chained += boiler
    ones = np.ones(len(a_ids))
    weight = ones  # formulae are no evidence, but may sit inside a copy
    if a_kind is not None:
        weight = np.where(a_kind == BOILERPLATE, 0.0, 1.0)
    kept = [
        p
        for p in chained
        if is_evidence(p, ones if p.kind else weight, a_bound, b_bound, a_rarity)
    ]
    for p in kept:
        if p.kind == COUNTED and _shared_unquoted(p, a_kind, b_kind) < CONTEXT_MIN:
            p.kind = QUOTED
    if a_number is not None and b_number is not None:
        classify_templates([p for p in kept if p.kind == COUNTED], a_number, b_number)
    return sorted(kept, key=lambda p: (p.a0, p.b0))


def _shared_unquoted(
    p: TokenPassage, a_kind: np.ndarray | None, b_kind: np.ndarray | None
) -> int:
    """Matched syllables of ``p`` outside quotation marks in BOTH texts."""
    if a_kind is None or b_kind is None:
        return p.matched
    quoted_a = a_kind[p.a0 : p.a1] == QUOTED
    quoted_b = b_kind[p.b0 : p.b1] == QUOTED
    if not quoted_a.any() and not quoted_b.any():
        return p.matched
    shared = np.zeros(p.a1 - p.a0, dtype=bool)
    for a0, a1, b0, b1 in p.runs:  # a run pairs token a0 + k with b0 + k
        both = ~quoted_a[a0 - p.a0 : a1 - p.a0] & ~quoted_b[b0 - p.b0 : b1 - p.b0]
        shared[a0 - p.a0 : a1 - p.a0] |= both
    return int(shared.sum())


def shares(
    passages: list[TokenPassage],
    len_a: int,
    len_b: int,
    kind: int = COUNTED,
    *,
    template: bool = False,
) -> tuple[float, float]:
    """Fraction of A's and of B's syllables covered by passages of ``kind`` (COUNTED
    ones with the given ``template`` flag), each covered syllable counting the
    passage's rarity weight."""
    cover_a = np.zeros(len_a)
    cover_b = np.zeros(len_b)
    for p in passages:
        if p.kind == kind and (kind != COUNTED or p.template == template):
            part = cover_a[p.a0 : p.a1]
            np.maximum(part, p.weight, out=part)
            part = cover_b[p.b0 : p.b1]
            np.maximum(part, p.weight, out=part)
    share_a = float(cover_a.sum() / len_a) if len_a else 0.0
    share_b = float(cover_b.sum() / len_b) if len_b else 0.0
    return share_a, share_b

"""Labelled evaluation set for the plagiarism engine, built from the demo corpus.

Positive cases are derived mechanically from the original stories in
``contest/demo/demo_data/stories.json`` (verbatim copy, partial copies of 10/30/60 % of a
source inserted into another story, reordered paragraphs, NFD, old-style tone marks,
accents stripped, whitespace and punctuation noise) plus the hand-written light
paraphrases of ``paraphrases.json``. Negative cases are every pair of different
stories inside one cluster (same kind of deed, same genre formulas: hard negatives,
including stories about the same person by different authors) and a seeded sample of
cross-cluster pairs. Each case carries gold spans, so passage alignment can be scored
with the PAN ``plagdet`` measure (``plagdet`` below). Everything is deterministic.

The transforms are written here on purpose, independently of contest.textnorm: the
test data must not be produced by the code the engine itself relies on.
"""

from __future__ import annotations

import json
import math
import random
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "contest" / "demo" / "demo_data"
SEED = 20251010

# Stories on the same kind of deed; pairs inside a cluster are the hard negatives.
CLUSTERS: dict[str, tuple[str, ...]] = {
    "hien_mau": ("s01", "s02", "s03", "s04", "s05", "a01"),
    "giao_vien_kho_khan": ("s06", "s07", "s08", "s09", "s10", "a02"),
    "canh_sat_khu_vuc": ("s11", "s12", "s13", "s14", "s15", "a03"),
    "hien_dat_lam_duong": ("s16", "s17", "s18", "s19", "s20", "a07"),
    "kham_benh_mien_phi": ("s21", "s22", "s23", "s24", "s25", "a05"),
    "thanh_nien_tinh_nguyen": ("s26", "s27", "s28", "s29", "s30", "a08"),
    "bep_an_tu_thien": ("s31", "s32", "s33", "s34", "s35", "a04"),
    "ngon_ngu_ky_hieu": ("s36", "s37", "s38", "s39", "s40", "a06"),
    "cai_cach_hanh_chinh": ("s41", "s42", "s43", "s44"),
    "sang_kien_ky_thuat": ("s45", "s46", "s47", "s48"),
    "day_boi_mien_phi": ("s49", "s50", "s51", "s52"),
}
CLUSTER_OF = {sid: name for name, ids in CLUSTERS.items() for sid in ids}

PARTIAL_FRACTIONS = (0.10, 0.30, 0.60)
MECHANICAL_TYPES = (
    "verbatim",
    "partial_10",
    "partial_30",
    "partial_60",
    "reordered",
    "nfd",
    "old_tone",
    "no_accents",
    "noise",
)
POSITIVE_TYPES = (*MECHANICAL_TYPES, "paraphrase")
NEGATIVE_TYPES = ("hard_negative", "random_negative")

Span = tuple[int, int]


@dataclass(frozen=True)
class Case:
    """One labelled pair: is ``suspect`` copied from ``source``?

    ``suspect_spans[i]`` (offsets into ``suspect``) was copied from ``source_spans[i]``
    (offsets into ``source``); both are empty for negatives.
    """

    case_id: str
    case_type: str
    label: bool
    suspect: str
    source: str
    suspect_id: str
    source_id: str
    suspect_spans: tuple[Span, ...] = ()
    source_spans: tuple[Span, ...] = ()
    tags: tuple[str, ...] = ()


def load_json(name: str) -> list[dict]:
    """Read one demo-data file (a list of objects)."""
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def load_stories(*, archive: bool = False) -> dict[str, dict]:
    """This year's stories by id (plus last year's archive when ``archive``)."""
    rows = load_json("stories.json") + (
        load_json("archive_2025.json") if archive else []
    )
    return {row["id"]: row for row in rows}


# -- text transforms ------------------------------------------------------------

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_SENTENCE_END = re.compile(r"[.!?…][”\"’)]*(?=\s)")


def sentence_bounds(text: str) -> list[Span]:
    """(start, end) of each sentence; a paragraph end also ends a sentence.

    A full stop inside “…” does not end a sentence: a cut there would leave an
    unbalanced quotation mark, and an insertion there would land inside a quotation.
    """
    bounds: list[Span] = []
    for para in re.finditer(r"[^\n]+", text):
        start = para.start()
        for end_mark in _SENTENCE_END.finditer(text, para.start(), para.end()):
            opened = text.count("“", para.start(), end_mark.end())
            if opened > text.count("”", para.start(), end_mark.end()):
                continue
            bounds.append((start, end_mark.end()))
            start = end_mark.end() + 1
        if start < para.end():
            bounds.append((start, para.end()))
    return bounds


def paragraph_bounds(text: str) -> list[Span]:
    """(start, end) of each paragraph (paragraphs are separated by blank lines)."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text)]


def _old_tone_word(word: str) -> str:
    """Move the tone of an open oa/oe/uy syllable to the last vowel ("hòa"→"hoà")."""
    clusters: list[list[str]] = []
    for ch in unicodedata.normalize("NFD", word):
        if unicodedata.combining(ch) and clusters:
            clusters[-1].append(ch)
        else:
            clusters.append([ch])
    if len(clusters) < 2:
        return word
    pen, last = clusters[-2], clusters[-1]
    pair = (pen[0].lower(), last[0].lower())
    tones = [m for m in pen[1:] if m in _TONE_MARKS]
    plain = len(pen) == 2 and len(last) == 1  # no circumflex/horn/breve, one tone
    after_q = len(clusters) >= 3 and clusters[-3][0].lower() == "q"  # "quý"
    if pair not in {("o", "a"), ("o", "e"), ("u", "y")} or not tones or not plain:
        return word
    if after_q:  # "qu" is an onset: the mark already sits on the nucleus
        return word
    moved = [*clusters[:-2], [pen[0]], [last[0], tones[0]]]
    return unicodedata.normalize("NFC", "".join("".join(c) for c in moved))


def old_tone(text: str) -> str:
    """Old-style tone placement, as typed on some keyboards ("hòa"→"hoà")."""
    return re.sub(r"\w+", lambda m: _old_tone_word(m.group()), text)


def strip_accents(text: str) -> str:
    """Remove every diacritic (đ→d), as in text typed without a Vietnamese keyboard."""
    bare = "".join(
        ch
        for ch in unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
        if not unicodedata.combining(ch)
    )
    return unicodedata.normalize("NFC", bare)


def add_noise(text: str, rng: random.Random) -> str:
    """Whitespace and punctuation noise of copy-paste and PDF extraction."""
    text = text.translate({0x201C: '"', 0x201D: '"', 0x2018: "'", 0x2019: "'"})
    text = text.replace(" – ", " - ")
    out: list[str] = []
    for ch in text:
        roll = rng.random()
        if ch == " ":
            spaces = ("  ", "\u00a0", "\t", "\n", " \u200b")
            out.append(spaces[int(roll * 50)] if roll < 0.1 else " ")
        elif ch == ",":
            out.append("" if roll < 0.3 else " ," if roll < 0.45 else ",")
        elif ch == ".":
            out.append(" ." if roll < 0.15 else "..." if roll < 0.2 else ".")
        else:
            out.append(ch)
    noisy = "".join(out)
    return noisy.replace("\n\n", "\r\n\r\n") if rng.random() < 0.5 else noisy


# -- case builders --------------------------------------------------------------


def _whole_copy(kind: str, sid: str, suspect: str, source: str) -> Case:
    """A case where the whole suspect was copied from the whole source."""
    spans = {"suspect_spans": ((0, len(suspect)),), "source_spans": ((0, len(source)),)}
    return Case(f"{kind}:{sid}", kind, True, suspect, source, sid, sid, **spans)


def _pair(kind: str, a: str, b: str, stories: dict[str, dict], tags=()) -> Case:
    """A negative case: two different original stories."""
    prefix = "hard" if kind == "hard_negative" else "random"
    text_a, text_b = stories[a]["text"], stories[b]["text"]
    return Case(f"{prefix}:{a}~{b}", kind, False, text_a, text_b, a, b, tags=tags)


def _reordered(sid: str, text: str, rng: random.Random) -> Case:
    """The source's paragraphs in another order; gold spans map each paragraph."""
    paras = paragraph_bounds(text)
    order = list(range(len(paras)))
    while order == sorted(order):
        rng.shuffle(order)
    pieces, sus_spans, src_spans, pos = [], [], [], 0
    for k in order:
        start, end = paras[k]
        pieces.append(text[start:end])
        sus_spans.append((pos, pos + end - start))
        src_spans.append((start, end))
        pos += end - start + 2
    suspect = "\n\n".join(pieces)
    spans = {"suspect_spans": tuple(sus_spans), "source_spans": tuple(src_spans)}
    return Case(f"reordered:{sid}", "reordered", True, suspect, text, sid, sid, **spans)


def _partial(
    sid: str, source: str, host_id: str, host: str, frac: float, rng: random.Random
) -> Case:
    """``frac`` of ``source`` (whole sentences) inserted into ``host`` at a boundary."""
    sents = sentence_bounds(source)
    chunks = []
    for i, (start, _end) in enumerate(sents):
        for _s, end in sents[i:]:
            if end - start >= frac * len(source):
                chunks.append((start, end))
                break
    start, end = rng.choice(chunks)
    chunk = source[start:end]
    at_paragraph = rng.random() < 0.5
    if at_paragraph:  # the chunk becomes its own paragraph(s) between two others
        pos = rng.choice([p for p, _ in paragraph_bounds(host)[1:]])
        suspect = host[:pos] + chunk + "\n\n" + host[pos:]
    else:  # after a sentence that does not end its paragraph
        ends = [e for _, e in sentence_bounds(host) if host[e : e + 1] == " "]
        at = rng.choice(ends)
        pos = at + 1
        suspect = host[:at] + " " + chunk + host[at:]
    kind = f"partial_{round(frac * 100)}"
    where = "paragraph" if at_paragraph else "sentence"
    spans = {
        "suspect_spans": ((pos, pos + len(chunk)),),
        "source_spans": ((start, end),),
    }
    tags = (f"inserted_at_{where}", f"share_{len(chunk) / len(source):.2f}")
    case_id = f"{kind}:{sid}>{host_id}"
    return Case(case_id, kind, True, suspect, source, host_id, sid, **spans, tags=tags)


def positive_cases(
    stories: dict[str, dict], ids: Sequence[str], rng: random.Random
) -> list[Case]:
    """All mechanical positive cases for the source stories ``ids``."""
    cases: list[Case] = []
    for sid in ids:
        text = stories[sid]["text"]
        simple = {
            "verbatim": text,
            "nfd": unicodedata.normalize("NFD", text),
            "old_tone": old_tone(text),
            "no_accents": strip_accents(text),
            "noise": add_noise(text, rng),
        }
        for kind, suspect in simple.items():
            if kind != "old_tone" or suspect != text:  # some stories have no oa/oe/uy
                cases.append(_whole_copy(kind, sid, suspect, text))
        cases.append(_reordered(sid, text, rng))
        # The host is a story on the same kind of deed: plagiarists borrow from
        # entries like their own, where the genre formulas overlap as well.
        mates = [m for m in CLUSTERS[CLUSTER_OF[sid]] if m != sid and m in stories]
        for frac in PARTIAL_FRACTIONS:
            host_id = rng.choice(mates)
            cases.append(
                _partial(sid, text, host_id, stories[host_id]["text"], frac, rng)
            )
    return cases


def paraphrase_cases(stories: dict[str, dict]) -> list[Case]:
    """The hand-written light paraphrases against their originals."""
    return [
        _whole_copy("paraphrase", row["id"], row["text"], stories[row["id"]]["text"])
        for row in load_json("paraphrases.json")
    ]


def _same_person(a: dict, b: dict) -> bool:
    """True when two stories feature the same person or collective."""
    return a["featured"]["name"] == b["featured"]["name"]


def negative_cases(
    stories: dict[str, dict], random_pairs: int, rng: random.Random
) -> list[Case]:
    """Every pair inside a cluster, plus ``random_pairs`` cross-cluster pairs."""
    cases = []
    ids = sorted(stories)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            if CLUSTER_OF.get(a) == CLUSTER_OF.get(b):
                tags = ("same_person",) if _same_person(stories[a], stories[b]) else ()
                tags += ("archive",) if a.startswith("a") or b.startswith("a") else ()
                cases.append(_pair("hard_negative", a, b, stories, tags))
    cross = [
        (a, b)
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
        if CLUSTER_OF.get(a) != CLUSTER_OF.get(b)
    ]
    for a, b in sorted(rng.sample(cross, min(random_pairs, len(cross)))):
        cases.append(_pair("random_negative", a, b, stories))
    return cases


def build_cases(
    *,
    sources_per_type: int | None = None,
    random_pairs: int = 60,
    archive: bool = True,
    seed: int = SEED,
) -> list[Case]:
    """The evaluation set; ``sources_per_type`` limits the mechanical cases (small set).

    Paraphrases and hard negatives are always complete: they are the hard part.
    """
    rng = random.Random(seed)
    stories = load_stories(archive=archive)
    current = sorted(s for s in stories if s.startswith("s"))
    sources = current
    if sources_per_type is not None and sources_per_type < len(current):
        sources = sorted(rng.sample(current, sources_per_type))
    return (
        positive_cases({s: stories[s] for s in current}, sources, rng)
        + paraphrase_cases(stories)
        + negative_cases(stories, random_pairs, rng)
    )


# -- PAN plagdet ----------------------------------------------------------------


@dataclass(frozen=True)
class Annotation:
    """A copied (gold) or reported (detection) passage of one case's text pair."""

    pair: str
    suspect: Span
    source: Span


@dataclass(frozen=True)
class PlagdetScore:
    """PAN measures over character spans (macro-averaged, both texts counted)."""

    precision: float
    recall: float
    granularity: float
    plagdet: float


def _overlap(x: Span, y: Span) -> Span | None:
    """The intersection of two half-open spans, or None."""
    lo, hi = max(x[0], y[0]), min(x[1], y[1])
    return (lo, hi) if lo < hi else None


def _union_len(spans: Iterable[Span]) -> int:
    """Number of characters covered by a set of spans."""
    total, reach = 0, -1
    for lo, hi in sorted(spans):
        if hi > reach:
            total += hi - max(lo, reach)
            reach = hi
    return total


def _covered(target: Annotation, others: Sequence[Annotation]) -> tuple[float, int]:
    """Share of ``target``'s characters inside ``others`` that detect it, and count."""
    sus, src, count = [], [], 0
    for other in others:
        s_part = _overlap(target.suspect, other.suspect)
        r_part = _overlap(target.source, other.source)
        if s_part and r_part:  # PAN: r detects s only if it overlaps in both texts
            sus.append(s_part)
            src.append(r_part)
            count += 1
    size = (target.suspect[1] - target.suspect[0]) + (
        target.source[1] - target.source[0]
    )
    return (_union_len(sus) + _union_len(src)) / size, count


def plagdet(gold: Sequence[Annotation], detected: Sequence[Annotation]) -> PlagdetScore:
    """Precision, recall, granularity and plagdet = F1 / log2(1 + granularity).

    Definitions of Potthast et al. (PAN 2010): a detection counts for a gold case when
    they overlap in the suspect AND in the source text; granularity is the mean number
    of detections per detected gold case (1.0 = every copy reported in one piece).
    """
    by_pair: dict[str, list[Annotation]] = defaultdict(list)
    gold_by_pair: dict[str, list[Annotation]] = defaultdict(list)
    for d in detected:
        by_pair[d.pair].append(d)
    for g in gold:
        gold_by_pair[g.pair].append(g)
    recall_parts = [_covered(g, by_pair[g.pair]) for g in gold]
    precision_parts = [_covered(d, gold_by_pair[d.pair])[0] for d in detected]
    recall = sum(r for r, _ in recall_parts) / len(gold) if gold else 1.0
    precision = sum(precision_parts) / len(detected) if detected else 0.0
    counts = [n for _, n in recall_parts if n]
    granularity = sum(counts) / len(counts) if counts else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PlagdetScore(precision, recall, granularity, f1 / math.log2(1 + granularity))


def gold_annotations(case: Case) -> list[Annotation]:
    """The gold spans of a positive case as PAN annotations."""
    return [
        Annotation(case.case_id, s, r)
        for s, r in zip(case.suspect_spans, case.source_spans, strict=True)
    ]


def join_touching(detections: Sequence[Annotation], gap: int = 3) -> list[Annotation]:
    """Join detections that touch or overlap in both texts (one region in pieces).

    Used to tell fragmentation (the same region reported as several passages, which
    PAN granularity punishes) apart from misplaced passages.
    """
    out: list[Annotation] = []
    for d in sorted(detections, key=lambda d: (d.pair, d.suspect, d.source)):
        last = out[-1] if out else None
        if (
            last is not None
            and last.pair == d.pair
            and d.suspect[0] <= last.suspect[1] + gap
            and d.source[0] <= last.source[1] + gap
            and d.source[1] >= last.source[0] - gap
        ):
            out[-1] = Annotation(
                d.pair,
                (last.suspect[0], max(last.suspect[1], d.suspect[1])),
                (min(last.source[0], d.source[0]), max(last.source[1], d.source[1])),
            )
        else:
            out.append(d)
    return out

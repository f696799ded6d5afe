"""Quality targets of the plagiarism engine on a small labelled set of real-looking entries.

The set (tests/plagiarism_eval.py) derives copies from the demo corpus: verbatim,
partial, reordered, Unicode variants, accents stripped, noisy, lightly paraphrased; its
negatives are different stories on the same kind of deed, in the same genre formulas.
An organizer relies on these targets: mechanical copies are flagged (recall ≥ 0.98),
light paraphrases mostly (≥ 0.9), honest entries never (no false positive among the
hard negatives), and the side-by-side view shows the copied passage (plagdet ≥ 0.9).
"""

from __future__ import annotations

import math
import re
import unicodedata

import pytest

from contest.defaults import DEFAULT_FIELDS
from judging.plagiarism.core import DEFAULT_THRESHOLD, Match, SimilarityIndex, compare
from tests.plagiarism_eval import (
    CLUSTER_OF,
    MECHANICAL_TYPES,
    Annotation,
    Case,
    build_cases,
    gold_annotations,
    load_json,
    load_stories,
    old_tone,
    plagdet,
    strip_accents,
)

SMALL = {"sources_per_type": 12, "random_pairs": 24}


@pytest.fixture(scope="module")
def cases() -> list[Case]:
    """The small evaluation set (all paraphrases and hard negatives included)."""
    return build_cases(**SMALL)


@pytest.fixture(scope="module")
def matches(cases: list[Case]) -> dict[str, Match]:
    """compare(suspect, source) for every case, computed once."""
    return {c.case_id: compare(c.suspect, c.source) for c in cases}


@pytest.fixture(scope="module")
def originals() -> SimilarityIndex:
    """An index of this year's stories and last year's archive."""
    index = SimilarityIndex()
    index.add_many(
        (sid, row["text"], "archive" if sid.startswith("a") else "edition", None)
        for sid, row in load_stories(archive=True).items()
    )
    return index


def _of_type(cases: list[Case], case_type: str) -> list[Case]:
    """The cases of one type (never empty: a typo must not make a test pass)."""
    group = [c for c in cases if c.case_type == case_type]
    assert group, case_type
    return group


def _recall(group: list[Case], flagged: set[str]) -> tuple[float, list[str]]:
    """Share of the group flagged, and the case ids missed."""
    missed = [c.case_id for c in group if c.case_id not in flagged]
    return 1 - len(missed) / len(group), missed


def _flagged_by_compare(matches: dict[str, Match]) -> set[str]:
    """Case ids whose pair scores at or above the default threshold."""
    return {cid for cid, m in matches.items() if m.score >= DEFAULT_THRESHOLD}


# -- the engine's targets -------------------------------------------------------------


@pytest.mark.parametrize("case_type", MECHANICAL_TYPES)
def test_mechanical_copies_are_flagged_pairwise(cases, matches, case_type):
    """Comparing a copy with its source flags it, whatever the disguise."""
    rate, missed = _recall(_of_type(cases, case_type), _flagged_by_compare(matches))
    assert rate >= 0.98, missed


@pytest.mark.parametrize("case_type", MECHANICAL_TYPES)
def test_mechanical_copies_are_found_in_the_index(cases, originals, case_type):
    """A new entry checked against every story on file finds the one it copies."""
    group = _of_type(cases, case_type)
    found = {
        c.case_id
        for c in group
        if any(m.b == c.source_id for m in originals.check(c.suspect))
    }
    rate, missed = _recall(group, found)
    assert rate >= 0.98, missed


@pytest.mark.parametrize("case_id", ["partial_10:s04>s05", "partial_10:s22>s21"])
def test_copied_testimony_with_its_attribution_is_flagged(case_id):
    """Lifting a neighbour's words *and* who said them from another entry is copying.

    Both cases come from the full set (the small set happens not to sample them):
    ~10 % of the source, three quarters of it inside “…”. The side-by-side view shows
    the copy as a counted passage, not as a quotation.
    """
    case = next(c for c in build_cases() if c.case_id == case_id)
    m = compare(case.suspect, case.source)
    assert m.score >= DEFAULT_THRESHOLD
    (gold_start, gold_end), *_ = case.suspect_spans
    assert any(
        p.counted and p.a_start < gold_end and gold_start < p.a_end for p in m.passages
    )
    assert not any(p.quoted for p in m.passages)


def test_light_paraphrases_are_flagged(cases, matches, originals):
    """Swapped synonyms and reordered clauses do not hide a copied story."""
    group = _of_type(cases, "paraphrase")
    rate, missed = _recall(group, _flagged_by_compare(matches))
    assert rate >= 0.9, missed
    found = {
        c.case_id
        for c in group
        if any(m.b == c.source_id for m in originals.check(c.suspect))
    }
    rate, missed = _recall(group, found)
    assert rate >= 0.9, missed


def test_stories_on_the_same_kind_of_deed_are_not_flagged(cases, matches):
    """Two honest stories about blood donors (even the same donor) are not copies."""
    false_positives = [
        (c.case_id, round(matches[c.case_id].score, 3))
        for c in _of_type(cases, "hard_negative")
        if matches[c.case_id].score >= DEFAULT_THRESHOLD
    ]
    assert false_positives == []


def test_scanning_the_corpus_flags_no_honest_pair(originals):
    """An organizer's scan of the untouched corpus reports nothing."""
    flagged = [(m.a, m.b, round(m.score, 3)) for m in originals.scan()]
    assert flagged == []


def test_unrelated_stories_are_not_flagged(cases, matches):
    """Stories from different fields share formulas only, never a flag."""
    group = _of_type(cases, "random_negative")
    assert [
        c.case_id for c in group if matches[c.case_id].score >= DEFAULT_THRESHOLD
    ] == []


def _partial_plagdet(cases, matches):
    """PAN scores of the passages reported for the partial copies."""
    group = [c for c in cases if c.case_type.startswith("partial")]
    gold = [g for c in group for g in gold_annotations(c)]
    found = [
        Annotation(c.case_id, (p.a_start, p.a_end), (p.b_start, p.b_end))
        for c in group
        for p in matches[c.case_id].passages
    ]
    return plagdet(gold, found)


def test_partial_copies_are_shown_as_one_exact_passage(cases, matches):
    """The side-by-side view highlights each copied region once, in both texts.

    PAN plagdet over character spans: precision (nothing else highlighted), recall
    (the whole copy highlighted), granularity (one passage per copied region).
    """
    score = _partial_plagdet(cases, matches)
    assert score.precision >= 0.95
    assert score.recall >= 0.95
    assert score.plagdet >= 0.9


# -- the evaluation set itself --------------------------------------------------------


def test_the_corpus_reads_like_contest_entries():
    """≥ 48 NFC stories of ~250–450 words, in clusters, with the contest's fields."""
    stories = load_stories()
    assert len(stories) >= 48
    for sid, row in load_stories(archive=True).items():
        assert unicodedata.is_normalized("NFC", row["text"]), sid
        assert 230 <= len(re.findall(r"\w+", row["text"])) <= 470, sid
        assert row["field"] in DEFAULT_FIELDS, sid
        assert row["track"] in ("bai_viet", "bao_chi"), sid
        assert sid in CLUSTER_OF, sid
    assert len(load_json("paraphrases.json")) >= 16


def test_the_set_is_deterministic():
    """Two builds give the same cases, so results can be compared across runs."""
    assert build_cases(**SMALL) == build_cases(**SMALL)


def test_gold_spans_point_at_the_copied_text(cases):
    """For exact copies the gold suspect span holds the gold source span's text."""
    exact = [c for c in cases if c.case_type in ("verbatim", "reordered")]
    exact += [c for c in cases if c.case_type.startswith("partial")]
    for c in exact:
        for (s0, s1), (r0, r1) in zip(c.suspect_spans, c.source_spans, strict=True):
            assert c.suspect[s0:s1] == c.source[r0:r1], c.case_id


def test_unicode_variants_differ_only_in_encoding(cases):
    """NFD and old-style tone copies change the bytes, not what a reader sees."""
    for c in _of_type(cases, "nfd"):
        assert c.suspect != c.source
        assert unicodedata.normalize("NFC", c.suspect) == c.source
    for c in _of_type(cases, "old_tone"):
        assert c.suspect != c.source and len(c.suspect) == len(c.source)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hòa thuận, khỏe mạnh", "Hoà thuận, khoẻ mạnh"),
        ("Thúy và Thủy", "Thuý và Thuỷ"),
        ("Ủy ban, văn hóa", "Uỷ ban, văn hoá"),
        ("quý, hoàng, ngoài, khuya", "quý, hoàng, ngoài, khuya"),
    ],
)
def test_old_tone_moves_the_mark_of_open_oa_oe_uy(text, expected):
    """Only open oa/oe/uy syllables change; quý, hoàng, ngoài stay as they are."""
    assert old_tone(text) == expected


def test_strip_accents_leaves_plain_ascii_letters():
    """Text typed without accents: đ→d and no diacritic left."""
    assert strip_accents("Đặng Thị Thúy, Ủy ban") == "Dang Thi Thuy, Uy ban"


@pytest.mark.parametrize(
    ("detected", "precision", "recall", "granularity"),
    [
        ([((0, 100), (0, 100))], 1.0, 1.0, 1.0),
        ([((0, 50), (0, 50))], 1.0, 0.5, 1.0),
        ([((0, 50), (0, 50)), ((50, 100), (50, 100))], 1.0, 1.0, 2.0),
        ([((0, 200), (0, 200))], 0.5, 1.0, 1.0),
        ([((0, 100), (300, 400))], 0.0, 0.0, 1.0),
        ([], 0.0, 0.0, 1.0),
    ],
)
def test_plagdet_follows_the_pan_definitions(detected, precision, recall, granularity):
    """Exact, half, split, too long, wrong-source and missing detections."""
    gold = [Annotation("p", (0, 100), (0, 100))]
    score = plagdet(gold, [Annotation("p", s, r) for s, r in detected])
    assert score.precision == pytest.approx(precision)
    assert score.recall == pytest.approx(recall)
    assert score.granularity == pytest.approx(granularity)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0
    assert score.plagdet == pytest.approx(f1 / math.log2(1 + granularity))

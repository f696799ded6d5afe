"""Closing a round: top N per track or field, score thresholds, manual changes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from judging.scoring.core.advancement import (
    Candidate,
    ChangeAction,
    ChangeError,
    GroupBy,
    ManualChange,
    ManualChangeError,
    Selection,
    above_score,
    apply_changes,
    top_n,
)


@pytest.fixture
def candidates() -> list[Candidate]:
    """Two tracks; in 'written', three entries share 80 around the 3rd place."""
    return [
        Candidate("W1", 92.0, "written", "health"),
        Candidate("W2", 85.0, "written", "education"),
        Candidate("W3", 80.0, "written", "health"),
        Candidate("W4", 80.0, "written", "education"),
        Candidate("W5", 80.0, "written", "health"),
        Candidate("W6", 70.0, "written", "health"),
        Candidate("P1", 88.0, "press", "health"),
        Candidate("P2", 75.5, "press", "education"),
    ]


@pytest.mark.parametrize(
    ("n", "advancing", "tied", "seats_left", "cut"),
    [
        (1, ("W1",), (), 0, 92.0),
        (2, ("W1", "W2"), (), 0, 85.0),
        (3, ("W1", "W2"), ("W3", "W4", "W5"), 1, 80.0),  # 3 tied for 1 seat
        (4, ("W1", "W2"), ("W3", "W4", "W5"), 2, 80.0),
        (5, ("W1", "W2", "W3", "W4", "W5"), (), 0, 80.0),  # the tie fits exactly
        (10, ("W1", "W2", "W3", "W4", "W5", "W6"), (), 0, 70.0),  # fewer than N
        (0, (), (), 0, None),
    ],
)
def test_top_n_per_track_shows_ties_at_the_cut(
    candidates: list[Candidate],
    n: int,
    advancing: tuple,
    tied: tuple,
    seats_left: int,
    cut: float | None,
) -> None:
    """The organizer sees who advances and which equal scores share the last seats."""
    selection = top_n(candidates, n)
    written = next(c for c in selection.cuts if c.group == "written")
    assert written.advancing == advancing
    assert written.tied_at_cut == tied
    assert written.seats_left == seats_left
    assert written.cut_score == cut
    assert set(tied) <= set(selection.tied_at_cut)


def test_top_n_per_track_cuts_each_track_separately(
    candidates: list[Candidate],
) -> None:
    """The press track's cut does not depend on the written track's scores."""
    selection = top_n(candidates, 1)
    assert selection.advancing == ("P1", "W1")  # tracks in a fixed order
    assert selection.cut_score == {"press": 88.0, "written": 92.0}


def test_top_n_per_field(candidates: list[Candidate]) -> None:
    """Counting per field, each field sends its own best, ties included."""
    selection = top_n(candidates, 2, per=GroupBy.FIELD)
    cuts = {c.group: c for c in selection.cuts}
    assert cuts["education"].advancing == ("W2", "W4")
    assert cuts["health"].advancing == ("W1", "P1")
    assert cuts["health"].tied_at_cut == ()


def test_top_n_whole_round(candidates: list[Candidate]) -> None:
    """Without grouping, the round's best N advance regardless of track."""
    selection = top_n(candidates, 3, per=GroupBy.ROUND)
    assert selection.advancing == ("W1", "P1", "W2")


def test_top_n_compares_at_published_precision() -> None:
    """85.001 and 84.999 both publish as 85.00, so they tie for the last seat."""
    selection = top_n(
        [Candidate("A", 90), Candidate("B", 85.001), Candidate("C", 84.999)], 2
    )
    assert selection.advancing == ("A",)
    assert selection.tied_at_cut == ("B", "C")


@pytest.mark.parametrize(
    ("threshold", "advancing"),
    [
        (85.0, ("W1", "P1", "W2")),  # 85 itself advances
        (80.0, ("W1", "P1", "W2", "W3", "W4", "W5")),
        (99.0, ()),
    ],
)
def test_above_score(
    candidates: list[Candidate], threshold: float, advancing: tuple
) -> None:
    """Everyone at or above the announced score advances, whatever the track."""
    selection = above_score(candidates, threshold)
    assert selection.advancing == advancing
    assert selection.tied_at_cut == ()
    assert selection.cut_score == {None: threshold}


def test_duplicate_candidate_is_refused() -> None:
    """An entry listed twice is a data error, not a double chance."""
    with pytest.raises(ValueError):
        top_n([Candidate("A", 80), Candidate("A", 70)], 1)


@pytest.fixture
def tied_selection(candidates: list[Candidate]) -> Selection:
    """Top 3 of the written track: W3, W4, W5 tie for the last seat."""
    return top_n([c for c in candidates if c.track == "written"], 3)


def test_manual_changes_settle_a_tie_and_are_logged(tied_selection: Selection) -> None:
    """The organizer picks W4, drops W3, and adds W6; the log keeps every reason."""
    changes = [
        ManualChange("W4", ChangeAction.ADD, "Hội đồng biểu quyết"),
        ManualChange("W3", ChangeAction.REMOVE, "Hội đồng biểu quyết"),
        ManualChange("W6", ChangeAction.ADD, "Nhân vật tiêu biểu của năm"),
        ManualChange("W2", ChangeAction.REMOVE, "Vi phạm thể lệ"),
    ]
    result = apply_changes(tied_selection, changes)
    assert result.advancing == ("W1", "W4", "W6")
    assert result.tied_at_cut == ("W5",)  # still undecided, still shown
    assert result.log == tuple(changes)
    assert tied_selection.advancing == ("W1", "W2")  # the input is not mutated


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (ManualChange("W4", ChangeAction.ADD, "  "), ChangeError.REASON_REQUIRED),
        (ManualChange("W4", ChangeAction.ADD, ""), ChangeError.REASON_REQUIRED),
        (ManualChange("ZZ", ChangeAction.ADD, "lý do"), ChangeError.UNKNOWN_ENTRY),
        (ManualChange("W1", ChangeAction.ADD, "lý do"), ChangeError.ALREADY_ADVANCING),
        (ManualChange("W6", ChangeAction.REMOVE, "lý do"), ChangeError.NOT_ADVANCING),
    ],
)
def test_invalid_manual_change_is_refused(
    tied_selection: Selection, change: ManualChange, code: ChangeError
) -> None:
    """A change without a reason, or that makes no sense, is refused with a code."""
    with pytest.raises(ManualChangeError) as info:
        apply_changes(tied_selection, [change])
    assert info.value.problems == ((change, code),)


def test_all_problems_are_reported_together(tied_selection: Selection) -> None:
    """The form lists every refused change at once, and nothing is applied."""
    bad = [
        ManualChange("W4", ChangeAction.ADD, ""),
        ManualChange("W6", ChangeAction.REMOVE, "lý do"),
    ]
    with pytest.raises(ManualChangeError) as info:
        apply_changes(tied_selection, bad)
    assert [code for _, code in info.value.problems] == [
        ChangeError.REASON_REQUIRED,
        ChangeError.NOT_ADVANCING,
    ]


@given(
    scores=st.lists(st.sampled_from([50.0, 60.0, 70.0, 80.0]), max_size=30),
    n=st.integers(0, 12),
)
def test_top_n_never_breaks_a_tie_silently(scores: list[float], n: int) -> None:
    """At most N advance; advancing plus tied fill N when possible; no tie is split."""
    candidates = [Candidate(i, s) for i, s in enumerate(scores)]
    selection = top_n(candidates, n)
    advancing, tied = set(selection.advancing), set(selection.tied_at_cut)
    assert len(advancing) <= n
    assert not advancing & tied
    if tied:
        assert len(advancing) < n < len(advancing) + len(tied)
    else:
        assert len(advancing) == min(n, len(scores))
    out = [c for c in candidates if c.entry_id not in advancing | tied]
    for c in candidates:
        if c.entry_id in advancing:
            assert all(c.score > o.score for o in out)
        if c.entry_id in tied:
            assert all(c.score > o.score for o in out)
            assert all(c.score == t.score for t in candidates if t.entry_id in tied)

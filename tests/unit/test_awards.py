"""Award lists per track, boundary ties, overrides, unit ranking and featured people."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from judging.awards.core import (
    DEFAULT_COUNTS,
    TIER_LABELS_VI,
    TIER_ORDER,
    BoundaryTie,
    RankedEntry,
    TieDecision,
    Tier,
    TrackAwards,
    propose_awards,
)
from judging.awards.core.collective import (
    Mention,
    UnitTally,
    UnitWeights,
    group_featured_people,
    rank_units,
)
from judging.awards.core.overrides import (
    Override,
    OverrideAction,
    OverrideError,
    OverrideProblem,
    apply_overrides,
    ranked_placements,
    resolve_tie,
    tie_order,
)
from judging.scoring.core.ranking import TieRule

SMALL = {Tier.DAC_BIET: 1, Tier.NHAT: 2, Tier.NHI: 2, Tier.BA: 0, Tier.KHUYEN_KHICH: 1}


def ranking(*pairs: tuple[str, float], track: str = "written") -> list[RankedEntry]:
    """A ranking from (entry, score) pairs in one track."""
    return [RankedEntry(e, s, track) for e, s in pairs]


@pytest.fixture
def tied_ranking() -> list[RankedEntry]:
    """C, D, E share 88: one Nhất seat is left for them, then two Nhì seats."""
    return ranking(
        ("A", 95), ("B", 90), ("C", 88), ("D", 88), ("E", 88), ("F", 80), ("G", 70)
    )


def test_default_tiers_and_labels() -> None:
    """Five tiers, best first, 1-2-4-6-10 seats, with their Vietnamese names."""
    assert TIER_ORDER == (
        Tier.DAC_BIET,
        Tier.NHAT,
        Tier.NHI,
        Tier.BA,
        Tier.KHUYEN_KHICH,
    )
    assert [DEFAULT_COUNTS[t] for t in TIER_ORDER] == [1, 2, 4, 6, 10]
    assert TIER_LABELS_VI[Tier.KHUYEN_KHICH] == "Khuyến khích"


def test_default_counts_fill_tiers_in_rank_order() -> None:
    """30 distinct scores: 23 prizes in order, the last 7 entries get none."""
    lines = [RankedEntry(i, 100 - i, "written") for i in range(30)]
    awards = propose_awards(lines)["written"]
    assert awards.tiers[Tier.DAC_BIET] == (0,)
    assert awards.tiers[Tier.NHAT] == (1, 2)
    assert awards.tiers[Tier.NHI] == (3, 4, 5, 6)
    assert awards.tiers[Tier.BA] == tuple(range(7, 13))
    assert awards.tiers[Tier.KHUYEN_KHICH] == tuple(range(13, 23))
    assert awards.ties == () and awards.decisions == ()
    assert awards.tier_of(25) is None


def test_excluded_entries_are_skipped() -> None:
    """A disqualified entry is left out and the next one moves up."""
    lines = ranking(("A", 95), ("B", 90), ("C", 85), ("D", 80))
    awards = propose_awards(lines, SMALL, excluded={"A"})["written"]
    assert awards.tiers[Tier.DAC_BIET] == ("B",)
    assert "A" not in awards.eligible


def test_tracks_have_their_own_counts() -> None:
    """The press track may have fewer prizes than the written track."""
    lines = ranking(("A", 95), ("B", 90)) + ranking(("P", 99), ("Q", 98), track="press")
    awards = propose_awards(
        lines, SMALL, track_counts={"press": {Tier.DAC_BIET: 0, Tier.NHAT: 1}}
    )
    assert awards["press"].tiers[Tier.DAC_BIET] == ()
    assert awards["press"].tiers[Tier.NHAT] == ("P",)
    assert awards["press"].tier_of("Q") is None
    assert awards["written"].tiers[Tier.DAC_BIET] == ("A",)


def test_tie_at_a_boundary_is_reported_not_broken(
    tied_ranking: list[RankedEntry],
) -> None:
    """Three entries at 88 for one Nhất seat: none is placed, the tie is shown."""
    awards = propose_awards(tied_ranking, SMALL)["written"]
    assert awards.tiers[Tier.NHAT] == ("B",)
    assert awards.ties == (
        BoundaryTie(
            "written",
            Tier.NHAT,
            ("C", "D", "E"),
            seats_left=1,
            spans=((Tier.NHAT, 1), (Tier.NHI, 2)),
        ),
    )
    assert awards.pending == ("C", "D", "E")
    # The tie keeps its seats: the next entry still gets the next free seat.
    assert awards.tiers[Tier.NHI] == ()
    assert awards.tiers[Tier.KHUYEN_KHICH] == ("F",)


def test_tie_over_the_last_seat_spans_no_prize() -> None:
    """Two entries tied for the last Khuyến khích seat: one of them gets no prize."""
    lines = ranking(
        ("A", 9), ("B", 8), ("C", 7), ("D", 6), ("E", 5), ("F", 4), ("G", 4)
    )
    awards = propose_awards(lines, SMALL)["written"]
    (tie,) = awards.ties
    assert tie.tier == Tier.KHUYEN_KHICH
    assert tie.spans == ((Tier.KHUYEN_KHICH, 1), (None, 1))


def test_extra_seat_after_judging_absorbs_the_tie() -> None:
    """Adding a second Đặc biệt seat puts both top entries in it."""
    lines = ranking(("A", 95), ("B", 95), ("C", 90))
    assert propose_awards(lines, SMALL)["written"].ties
    more = {**SMALL, Tier.DAC_BIET: 2}
    awards = propose_awards(lines, more)["written"]
    assert awards.tiers[Tier.DAC_BIET] == ("A", "B")
    assert awards.ties == ()


def test_tie_rules_decide_and_record_the_rule(tied_ranking: list[RankedEntry]) -> None:
    """The edition's first rule puts C in Nhất; the log says which rule decided."""
    content = TieRule("criterion:content", {"C": 9.5, "D": 9.0, "E": 9.0})
    awards = propose_awards(tied_ranking, SMALL, tie_rules=[content])["written"]
    assert awards.tiers[Tier.NHAT] == ("B", "C")
    assert awards.tiers[Tier.NHI] == ("D", "E")  # both land in Nhì: no tie left
    assert awards.ties == ()
    assert awards.decisions == (
        TieDecision(
            "written", "criterion:content", ("C",), Tier.NHAT, ("D", "E"), Tier.NHI
        ),
    )


def test_tie_rules_that_do_not_separate_leave_the_tie(
    tied_ranking: list[RankedEntry],
) -> None:
    """If the rules only push E down, C and D still tie for the Nhất seat."""
    content = TieRule("criterion:content", {"C": 9.0, "D": 9.0, "E": 8.0})
    awards = propose_awards(tied_ranking, SMALL, tie_rules=[content])["written"]
    (tie,) = awards.ties
    assert tie.entries == ("C", "D")
    assert tie.spans == ((Tier.NHAT, 1), (Tier.NHI, 1))
    assert awards.tiers[Tier.NHI] == ("E",)
    assert awards.decisions == ()  # E's place needed no boundary decision


@pytest.mark.parametrize("counts", [{Tier.NHAT: -1}, {"nhất": 2}])
def test_bad_counts_are_refused(counts: dict) -> None:
    """A negative count or a misspelt tier is a configuration error, not zero seats."""
    with pytest.raises(ValueError):
        propose_awards(ranking(("A", 1)), counts)


def test_duplicate_entry_in_ranking_is_refused() -> None:
    """One entry in two tracks is a data error."""
    with pytest.raises(ValueError):
        propose_awards(ranking(("A", 1)) + ranking(("A", 2), track="press"))


@pytest.fixture
def proposal(tied_ranking: list[RankedEntry]) -> TrackAwards:
    """The written track with C, D, E tied for the last Nhất seat."""
    return propose_awards(tied_ranking, SMALL)["written"]


def test_resolve_tie_then_override(proposal: TrackAwards) -> None:
    """The council orders the tie; the organizer also removes F; all is logged."""
    (tie,) = proposal.ties
    overrides = resolve_tie(tie, ["D", "C", "E"], "Hội đồng chung khảo biểu quyết")
    overrides.append(Override("F", OverrideAction.REMOVE, "Tác giả rút bài"))
    final = apply_overrides(proposal, overrides)
    assert final.tiers[Tier.NHAT] == ("B", "D")
    assert final.tiers[Tier.NHI] == ("C", "E")
    assert final.tiers[Tier.KHUYEN_KHICH] == ()
    assert final.open_ties == ()
    assert [(c.entry_id, c.from_tier, c.to_tier) for c in final.log] == [
        ("D", None, Tier.NHAT),
        ("C", None, Tier.NHI),
        ("E", None, Tier.NHI),
        ("F", Tier.KHUYEN_KHICH, None),
    ]


def test_undecided_tie_stays_open(proposal: TrackAwards) -> None:
    """Deciding only one tied entry leaves the tie open on the final list."""
    final = apply_overrides(
        proposal, [Override("D", OverrideAction.MOVE, "lý do", Tier.NHAT)]
    )
    assert final.open_ties == proposal.ties


def test_swap_between_tiers_is_validated_as_a_whole(proposal: TrackAwards) -> None:
    """Swapping A and B is fine even though Đặc biệt is briefly two-full."""
    final = apply_overrides(
        proposal,
        [
            Override("B", OverrideAction.MOVE, "đổi", Tier.DAC_BIET),
            Override("A", OverrideAction.MOVE, "đổi", Tier.NHAT),
        ],
    )
    assert final.tiers[Tier.DAC_BIET] == ("B",)
    assert final.tiers[Tier.NHAT] == ("A",)


@pytest.mark.parametrize(
    ("overrides", "problems"),
    [
        (
            [Override("A", OverrideAction.REMOVE, " ")],
            [(OverrideProblem.REASON_REQUIRED, "A")],
        ),
        (
            [Override("A", OverrideAction.MOVE, "lý do")],
            [(OverrideProblem.TIER_REQUIRED, "A")],
        ),
        (
            [Override("A", OverrideAction.MOVE, "lý do", "hang_bet")],  # type: ignore[arg-type]
            [(OverrideProblem.TIER_REQUIRED, "A")],
        ),
        (
            [Override("X", OverrideAction.MOVE, "lý do", Tier.BA)],
            [(OverrideProblem.UNKNOWN_ENTRY, "X")],
        ),
        (
            [Override("G", OverrideAction.REMOVE, "lý do")],
            [(OverrideProblem.NOT_IN_LIST, "G")],
        ),
        (
            [
                Override("F", OverrideAction.MOVE, "lý do", Tier.BA),
                Override("F", OverrideAction.MOVE, "lý do", Tier.NHI),
            ],
            [(OverrideProblem.TWICE, "F")],
        ),
        (
            [Override("F", OverrideAction.MOVE, "lý do", Tier.DAC_BIET)],
            [(OverrideProblem.OVER_QUOTA, Tier.DAC_BIET)],
        ),
        (
            [Override("G", OverrideAction.MOVE, "lý do", Tier.BA)],  # Ba has 0 seats
            [(OverrideProblem.OVER_QUOTA, Tier.BA)],
        ),
    ],
)
def test_invalid_overrides_are_refused(
    proposal: TrackAwards, overrides: list[Override], problems: list
) -> None:
    """The organizer sees why an override cannot be applied; nothing changes."""
    with pytest.raises(OverrideError) as info:
        apply_overrides(proposal, overrides)
    assert list(info.value.problems) == problems


def test_resolve_tie_needs_every_tied_entry(proposal: TrackAwards) -> None:
    """An order forgetting a tied entry, or naming one twice, is refused."""
    (tie,) = proposal.ties
    with pytest.raises(ValueError):
        resolve_tie(tie, ["C", "D"], "lý do")
    with pytest.raises(ValueError):
        resolve_tie(tie, ["C", "C", "D"], "lý do")


counts_strategy = st.fixed_dictionaries({t: st.integers(0, 4) for t in TIER_ORDER})
scores_strategy = st.lists(st.sampled_from([60.0, 70.0, 75.0, 80.0, 90.0]), max_size=25)


@given(scores=scores_strategy, counts=counts_strategy)
def test_proposal_properties(scores: list[float], counts: dict[Tier, int]) -> None:
    """Never more prizes than seats, no entry twice, every boundary tie reported."""
    lines = [RankedEntry(i, s) for i, s in enumerate(scores)]
    awards = propose_awards(lines, counts)[None] if lines else None
    if awards is None:
        return
    placed = [e for ids in awards.tiers.values() for e in ids]
    assert len(placed) == len(set(placed))
    assert not set(placed) & set(awards.pending)
    for tier in TIER_ORDER:
        assert len(awards.tiers[tier]) <= counts[tier]
    # Equal scores always end up together: same tier, or in one reported tie.
    for a in lines:
        for b in lines:
            if a.score == b.score:
                tie_a = next((t for t in awards.ties if a.entry_id in t.entries), None)
                tie_b = next((t for t in awards.ties if b.entry_id in t.entries), None)
                assert tie_a == tie_b
                assert awards.tier_of(a.entry_id) == awards.tier_of(b.entry_id)
    # Better tiers hold strictly better scores.
    score = {line.entry_id: line.score for line in lines}
    for i, upper in enumerate(TIER_ORDER):
        for lower in TIER_ORDER[i + 1 :]:
            for u in awards.tiers[upper]:
                assert all(score[u] > score[d] for d in awards.tiers[lower])


@given(
    scores=scores_strategy,
    moves=st.lists(
        st.tuples(st.integers(0, 24), st.sampled_from([*TIER_ORDER, None])),
        max_size=8,
    ),
)
def test_overrides_never_put_an_entry_in_two_tiers(
    scores: list[float], moves: list[tuple[int, Tier | None]]
) -> None:
    """Whatever the organizer clicks, the final list is valid or refused as a whole."""
    lines = [RankedEntry(i, s) for i, s in enumerate(scores)]
    counts = {t: 3 for t in TIER_ORDER}
    if not lines:
        return
    proposal = propose_awards(lines, counts)[None]
    overrides = [
        Override(e, OverrideAction.MOVE if t else OverrideAction.REMOVE, "lý do", t)
        for e, t in moves
    ]
    try:
        final = apply_overrides(proposal, overrides)
    except OverrideError as error:
        assert error.problems
        return
    placed = [e for ids in final.tiers.values() for e in ids]
    assert len(placed) == len(set(placed))
    assert all(len(final.tiers[t]) <= counts[t] for t in TIER_ORDER)
    assert len(final.log) == len(overrides)


# ------------------------------------------------------ collective awards ----


def test_units_ranked_by_weighted_formula_with_ties() -> None:
    """Units earn points for entries forwarded, shortlisted and prizes; ties share."""
    tallies = [
        UnitTally("Quận Ba Đình", forwarded=40, shortlisted=5, prizes={Tier.NHAT: 1}),
        UnitTally("Sở Y tế", forwarded=10, shortlisted=2, prizes={Tier.DAC_BIET: 1}),
        UnitTally("Huyện Sóc Sơn", forwarded=30, shortlisted=4, prizes={Tier.BA: 1}),
        UnitTally("Báo Hà Nội mới", forwarded=36, shortlisted=2, prizes={}),
    ]
    standings = rank_units(tallies)
    # 40+15+15=70; 10+6+20=36; 30+12+6=48; 36+6=42
    assert [(s.rank, s.unit_id, s.points) for s in standings] == [
        (1, "Quận Ba Đình", 70.0),
        (2, "Huyện Sóc Sơn", 48.0),
        (3, "Báo Hà Nội mới", 42.0),
        (4, "Sở Y tế", 36.0),
    ]
    flat = rank_units(tallies, UnitWeights(forwarded=1, shortlisted=0, prizes={}))
    assert [(s.rank, s.tied) for s in flat if s.unit_id != "Sở Y tế"] == [
        (1, False),
        (2, False),
        (3, False),
    ]
    prizes_only = rank_units(
        tallies, UnitWeights(forwarded=0, shortlisted=0, prizes={Tier.NHI: 1})
    )
    assert all(s.rank == 1 and s.tied for s in prizes_only)


def test_unit_tallied_twice_is_refused() -> None:
    """Two tallies for one unit would double its points."""
    with pytest.raises(ValueError):
        rank_units([UnitTally("U"), UnitTally("U")])


def test_featured_people_one_row_per_person() -> None:
    """Three entries about one teacher give one row with her best prize."""
    mentions = [
        Mention(1, ("nguyen thi lan", "thcs a"), "Nguyễn Thị Lan", "THCS A"),
        Mention(2, ("tran van binh", "ubnd b"), "Trần Văn Bình", "UBND xã B"),
        Mention(3, ("nguyen thi lan", "thcs a"), "Nguyễn Thị Lan", "THCS A"),
        Mention(4, ("nguyen thi lan", "thcs a"), "Nguyễn Thi Lan", "Trường THCS A"),
        Mention(5, ("le c", "x"), "Lê C", "X"),
    ]
    rows = group_featured_people(mentions, {3: Tier.NHI, 4: Tier.BA, 2: Tier.NHAT})
    assert [(r.name, r.entry_ids, r.best_tier) for r in rows] == [
        ("Trần Văn Bình", (2,), Tier.NHAT),
        ("Nguyễn Thị Lan", (1, 3, 4), Tier.NHI),
        ("Lê C", (5,), None),
    ]
    assert rows[1].unit == "THCS A"  # the most frequent spelling is shown


# -- placements and tie choices (what the award service stores) ---------------------


def test_ranked_placements_number_tiers_best_first_by_score():
    """Positions run through the tiers; a moved entry sits by its score in its tier."""
    proposal = propose_awards(
        ranking(("a", 90), ("b", 80), ("c", 70), ("d", 60), ("e", 50)), SMALL
    )["written"]
    final = apply_overrides(
        proposal,
        [
            Override("c", OverrideAction.REMOVE, "Trùng lặp"),
            Override("e", OverrideAction.MOVE, "Hội đồng đề nghị", Tier.NHI),
        ],
    )
    scores = {"a": 90, "b": 80, "c": 70, "d": 60, "e": 50}
    assert ranked_placements(final, scores) == [
        ("a", Tier.DAC_BIET, 1),
        ("b", Tier.NHAT, 2),
        ("d", Tier.NHI, 3),
        ("e", Tier.NHI, 4),
    ]


def test_ranked_placements_keep_the_decided_order_of_equal_scores():
    """Two tied entries resolved into one tier stay in the organizers' order."""
    counts = {Tier.NHAT: 1, Tier.NHI: 2}
    proposal = propose_awards(ranking(("x", 80), ("y", 80), ("z", 80)), counts)[
        "written"
    ]
    (tie,) = proposal.ties
    order = tie_order(tie, {"x": Tier.NHI, "y": Tier.NHAT, "z": Tier.NHI})
    assert order == ["y", "x", "z"]
    final = apply_overrides(proposal, resolve_tie(tie, order, "Bốc thăm"))
    assert final.open_ties == ()
    scores = dict.fromkeys("xyz", 80)
    assert ranked_placements(final, scores) == [
        ("y", Tier.NHAT, 1),
        ("x", Tier.NHI, 2),
        ("z", Tier.NHI, 3),
    ]


@pytest.mark.parametrize(
    "chosen",
    [
        {"x": Tier.NHAT, "y": Tier.NHAT, "z": Tier.NHI},  # two in the one Nhất seat
        {"x": Tier.NHAT, "y": Tier.NHI},  # one entry forgotten
        {"x": Tier.NHAT, "y": Tier.NHI, "z": None},  # a seat left empty
        {"x": Tier.NHAT, "y": Tier.NHI, "z": Tier.NHI, "w": Tier.BA},  # a stranger
    ],
)
def test_tie_order_refuses_a_choice_that_does_not_fill_the_seats(chosen):
    """The choice must seat every tied entry and fill the tied seats exactly."""
    proposal = propose_awards(
        ranking(("x", 80), ("y", 80), ("z", 80)), {Tier.NHAT: 1, Tier.NHI: 2}
    )["written"]
    with pytest.raises(ValueError):
        tie_order(proposal.ties[0], chosen)


def test_tie_order_past_the_last_seat_means_no_prize():
    """A tie across the last seat is resolved with "no prize" for the others."""
    proposal = propose_awards(ranking(("a", 90), ("x", 80), ("y", 80)), {Tier.NHAT: 2})[
        "written"
    ]
    (tie,) = proposal.ties
    assert tie.spans == ((Tier.NHAT, 1), (None, 1))
    assert tie_order(tie, {"x": None, "y": Tier.NHAT}) == ["y", "x"]


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf")])
def test_propose_awards_refuses_a_non_finite_score(bad):
    """A NaN score is refused with the entry named, instead of taking the Đặc biệt
    prize (NaN compares false with everything, so it used to sort first)."""
    from judging.scoring.core import NonFiniteScore

    ranking = [RankedEntry(1, 90.0), RankedEntry(2, bad), RankedEntry(3, 70.0)]
    with pytest.raises(NonFiniteScore, match="entry 2 is not a finite number"):
        propose_awards(ranking)
    # An excluded (disqualified) entry's score is never looked at.
    assert propose_awards(ranking, excluded=[2])[None].tier_of(1) == Tier.DAC_BIET

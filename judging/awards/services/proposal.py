"""The award proposal of an edition, read from the database (no writes).

The chosen round's results (``judging.scoring.services.results.round_results``, on the round's
score basis) are ranked per track; entries not eligible or withdrawn (a plagiarism
ruling makes an entry one or the other) are left out; each track gets the tier counts
of its set-up (``AwardTier.count``); the list's tie rules split equal scores where
they can (``judging.awards.core.propose_awards``); then the active overrides apply.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select

from contest.extensions import db
from contest.models import Edition, Entry, EntryStatus, Track
from contest.models.edition import AwardTier
from judging.awards.core import RankedEntry, Tier, TrackAwards, propose_awards
from judging.awards.core.overrides import (
    FinalAwards,
    Override,
    OverrideAction,
    OverrideError,
    OverrideProblem,
    apply_overrides,
)
from judging.awards.models.lists import AwardList, AwardOverride
from judging.rounds.models import Round
from judging.scoring.core import DEFAULT_DECIMALS, Reading
from judging.scoring.core.ranking import TieRule, first_place_votes
from judging.scoring.services.results import (
    EntryResult,
    round_results,
    submitted_readings,
)

OUT = frozenset({EntryStatus.NOT_ELIGIBLE, EntryStatus.WITHDRAWN})
FIRST_PLACE_VOTES = "first_place_votes"


@dataclass
class AwardBoard:
    """Everything the award page shows of the live proposal."""

    round: Round | None
    results: dict[int, EntryResult]  # eligible, ranked entries of the round
    proposals: dict[int, TrackAwards]  # track id ->
    finals: dict[int, FinalAwards]  # track id -> (missing when overrides clash)
    problems: dict[int, OverrideError] = field(default_factory=dict)
    excluded: int = 0  # ranked entries left out (not eligible, withdrawn)

    @property
    def open_ties(self) -> list:
        """Boundary ties nobody decided yet, over all tracks."""
        return [tie for final in self.finals.values() for tie in final.open_ties]

    def score_of(self, entry_id: int) -> float | None:
        """The entry's final score in the round."""
        result = self.results.get(entry_id)
        return result.final if result else None


def last_round(edition: Edition) -> Round | None:
    """The edition's last judging round (by position), the default for awards."""
    return db.session.scalar(
        select(Round)
        .where(Round.edition_id == edition.id, Round.unit_id.is_(None))
        .order_by(Round.position.desc(), Round.id.desc())
        .limit(1)
    )


def tracks_of(edition: Edition) -> list[Track]:
    """The edition's tracks in their order."""
    return list(
        db.session.scalars(
            select(Track)
            .where(Track.edition_id == edition.id)
            .order_by(Track.position, Track.id)
        )
    )


def track_counts(edition: Edition) -> dict[int, dict[Tier, int]]:
    """Tier counts per track, from the tracks' set-up (unknown tier codes ignored)."""
    counts: dict[int, dict[Tier, int]] = {t.id: {} for t in tracks_of(edition)}
    tiers = db.session.scalars(
        select(AwardTier).join(Track).where(Track.edition_id == edition.id)
    )
    for tier in tiers:
        if tier.code in set(Tier):
            counts[tier.track_id][Tier(tier.code)] = tier.count or 0
    return counts


def tie_rule_choices(edition: Edition) -> list[tuple[str, str]]:
    """The tie rules an edition may use: each criterion, then first-place votes.

    The criteria are the edition's rubric, then each round's own rubric (named with
    its round); a rule on a criterion the ranked round does not score separates
    nobody, so offering them all is safe whichever round the list ranks.
    """
    choices = [(f"criterion:{c.id}", c.name) for c in edition.criteria]
    for round_ in edition.rounds:
        choices += [
            (f"criterion:{c.id}", f"{c.name} ({round_.name})") for c in round_.criteria
        ]
    return [*choices, (FIRST_PLACE_VOTES, FIRST_PLACE_VOTES)]


def tie_rules(round_: Round, codes: list[str], results: list[EntryResult]) -> list:
    """The list's tie-rule codes as ``TieRule``s with a value for each ranked entry.

    A criterion's value is the entry's mean points on it; first-place votes are
    counted among the entries sharing one score in one track (the tied group).
    """
    rows = submitted_readings(round_)
    entries = {r.entry.id for r in results}
    rules = []
    for code in codes:
        if code.startswith("criterion:"):
            key = code.partition(":")[2]
            points: dict[int, list[float]] = defaultdict(list)
            for row in rows:
                points[row.assignment.entry_id].append(
                    float(row.score.values.get(key, 0) or 0)
                )
            values = {e: sum(points[e]) / len(points[e]) for e in entries}
            rules.append(TieRule(code, values))
        elif code == FIRST_PLACE_VOTES:
            readings = [
                Reading(r.assignment.entry_id, r.assignment.judge_id, r.total)
                for r in rows
            ]
            groups: dict[tuple, list[int]] = defaultdict(list)
            for r in results:
                groups[(r.entry.track_id, round(r.final, DEFAULT_DECIMALS))].append(
                    r.entry.id
                )
            votes: dict[int, float] = {}
            for members in groups.values():
                votes |= first_place_votes(readings, members)
            rules.append(TieRule(code, votes))
    return rules


def active_overrides(award_list: AwardList) -> list[AwardOverride]:
    """The overrides not revoked, oldest first."""
    return [o for o in award_list.overrides if o.revoked_at is None]


def build_board(edition: Edition, award_list: AwardList) -> AwardBoard:
    """The live proposal of the list's round with its overrides applied."""
    round_ = db.session.get(Round, award_list.round_id) if award_list.round_id else None
    if round_ is None or round_.edition_id != edition.id:
        return AwardBoard(None, {}, {}, {})
    results = round_results(round_).entries
    eligible = [r for r in results if r.entry.status not in OUT and r.entry.track_id]
    counts = track_counts(edition)
    proposals = propose_awards(
        [RankedEntry(r.entry.id, r.final, r.entry.track_id) for r in eligible],
        {},
        track_counts=counts,
        tie_rules=tie_rules(round_, list(award_list.tie_rules or []), eligible),
    )
    board = AwardBoard(
        round_,
        {r.entry.id: r for r in eligible},
        proposals,
        {},
        excluded=len(results) - len(eligible),
    )
    by_track: dict[int, list[Override]] = defaultdict(list)
    track_of = {r.entry.id: r.entry.track_id for r in results}
    for row in active_overrides(award_list):
        by_track[track_of.get(row.entry_id)].append(
            Override(
                row.entry_id,
                OverrideAction(row.action),
                row.reason,
                Tier(row.tier) if row.tier else None,
            )
        )
    for track_id, proposal in proposals.items():
        try:
            board.finals[track_id] = apply_overrides(proposal, by_track[track_id])
        except OverrideError as error:
            board.problems[track_id] = error
    orphans = [o for t, group in by_track.items() if t not in proposals for o in group]
    if orphans:  # overrides of entries no longer ranked (not eligible, other round)
        board.problems[0] = OverrideError(
            [(OverrideProblem.UNKNOWN_ENTRY, o.entry_id) for o in orphans]
        )
    return board


def ranked_entries(board: AwardBoard) -> list[Entry]:
    """The eligible ranked entries, best first (for the override form)."""
    return [r.entry for r in board.results.values()]

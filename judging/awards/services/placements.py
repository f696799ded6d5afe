"""Rebuild the prizes (``AwardPlacement``) of a draft award list from its live
proposal and overrides; the one writer of that table."""

from __future__ import annotations

from sqlalchemy import delete

from contest.extensions import db
from judging.awards.core.overrides import ranked_placements
from judging.awards.models.lists import AwardList, AwardPlacement
from judging.awards.services.ledger import AwardError, AwardRefused
from judging.awards.services.proposal import AwardBoard, build_board


def rebuild_placements(award_list: AwardList) -> AwardBoard:
    """Replace the list's placements by the live proposal with its overrides.

    Refused (OVERRIDES) when the overrides no longer fit the proposal: the caller
    rolls back, so a change that would break the list is not made.
    """
    board = build_board(award_list.edition, award_list)
    if board.problems:
        raise AwardRefused(
            AwardError.OVERRIDES,
            [p for error in board.problems.values() for p in error.problems],
        )
    db.session.execute(
        delete(AwardPlacement).where(AwardPlacement.award_list_id == award_list.id)
    )
    db.session.expire(award_list, ["placements"])
    for track_id, final in board.finals.items():
        scores = {e: r.final for e, r in board.results.items()}
        for entry_id, tier, position in ranked_placements(final, scores):
            db.session.add(
                AwardPlacement(
                    award_list_id=award_list.id,
                    entry_id=entry_id,
                    track_id=track_id,
                    tier=tier.value,
                    position=position,
                    score=round(scores[entry_id], 2),
                )
            )
    db.session.flush()
    return board

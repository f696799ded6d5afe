"""Award-list verbs of the organizers: start the list, choose its round and tie rules,
change a track's tier counts, decide boundary ties, override and revoke; sign-off.

Every verb locks the list's row (``locked``), refuses a stale form (``version``),
writes one ``AwardLogEntry`` (who, what, why) and rebuilds ``AwardPlacement`` — the
one table everybody reads prizes from — while the list is a draft. The sign-off verbs
(``submit``, ``approve``, ``return_to_draft``, ``publish``, ``reopen``,
``save_documents``) live in ``judging.awards.services.signoff`` and are re-exported here.
Services flush; views commit.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from contest.defaults import DEFAULT_TIERS
from contest.extensions import db
from contest.locking import locked
from contest.models import Edition, Entry, Track, User
from contest.models.edition import AwardTier
from judging.awards.core import Tier
from judging.awards.core.overrides import OverrideAction, resolve_tie, tie_order
from judging.awards.models.lists import AwardList, AwardOverride, AwardStage
from judging.awards.services.ledger import (
    AwardError,
    AwardRefused,
    lock_at,
    record,
    required_reason,
)
from judging.awards.services.placements import rebuild_placements
from judging.awards.services.proposal import build_board, last_round
from judging.awards.services.signoff import (
    approve,
    publish,
    reopen,
    return_to_draft,
    save_documents,
    submit,
)
from judging.rounds.models import Round

__all__ = [
    "AwardError",
    "AwardRefused",
    "add_override",
    "approve",
    "award_list_of",
    "decide_tie",
    "publish",
    "rebuild_placements",
    "reopen",
    "return_to_draft",
    "revoke_override",
    "save_documents",
    "save_settings",
    "set_counts",
    "start",
    "submit",
]


def award_list_of(edition: Edition) -> AwardList | None:
    """The edition's award list, if one was started."""
    return db.session.scalar(
        select(AwardList).where(AwardList.edition_id == edition.id)
    )


def start(actor: User, edition: Edition) -> AwardList:
    """Get the edition's award list, or start a draft ranked on the last round."""
    locked(edition)  # two organizers starting at once make one list
    award_list = award_list_of(edition)
    if award_list is not None:
        return award_list
    round_ = last_round(edition)
    if round_ is None:
        raise AwardRefused(AwardError.NO_ROUND)
    award_list = AwardList(edition_id=edition.id, round_id=round_.id, tie_rules=[])
    db.session.add(award_list)
    db.session.flush()
    record(award_list, actor, "start", round=round_.id)
    rebuild_placements(award_list)
    return award_list


def save_settings(
    actor: User,
    award_list: AwardList,
    version: int | None,
    round_id: int,
    tie_rules: list[str],
) -> None:
    """Rank on another round and/or with other tie rules (draft only)."""
    lock_at(award_list, version, AwardStage.DRAFT)
    round_ = db.session.get(Round, round_id)
    if (
        round_ is None
        or round_.edition_id != award_list.edition_id
        or round_.unit_id is not None  # the city ranks on its own rounds only
    ):
        raise AwardRefused(AwardError.BAD_ROUND)
    before = {"round": award_list.round_id, "tie_rules": list(award_list.tie_rules)}
    award_list.round_id, award_list.tie_rules = round_.id, list(tie_rules)
    after = {"round": round_.id, "tie_rules": list(tie_rules)}
    record(award_list, actor, "settings", before=before, after=after)
    rebuild_placements(award_list)


def set_counts(
    actor: User,
    award_list: AwardList,
    version: int | None,
    track: Track,
    counts: dict[Tier, int],
    reason: str,
) -> None:
    """Change how many prizes of each tier a track gives (e.g. one more Đặc biệt).

    Stored in the track's set-up (``AwardTier.count``, a missing tier is added), so
    the set-up page and the award list never disagree; the reason is mandatory.
    """
    lock_at(award_list, version, AwardStage.DRAFT)
    reason = required_reason(reason)
    if track.edition_id != award_list.edition_id:
        raise AwardRefused(AwardError.UNKNOWN_ENTRY)
    rows = {t.code: t for t in track.tiers}
    names = {code: (name, rank) for code, name, rank, _n in DEFAULT_TIERS}
    before = {code: row.count for code, row in rows.items()}
    for tier, count in counts.items():
        row = rows.get(tier.value)
        if row is None:
            name, rank = names[tier.value]
            row = AwardTier(code=tier.value, name=name, rank=rank, count=0)
            track.tiers.append(row)
        row.count = count
    after = {t.code: t.count for t in track.tiers}
    if before == after:
        return
    record(
        award_list,
        actor,
        "counts",
        reason=reason,
        track=track.id,
        before=before,
        after=after,
    )
    rebuild_placements(award_list)


def add_override(
    actor: User,
    award_list: AwardList,
    version: int | None,
    entry: Entry,
    action: OverrideAction,
    tier: Tier | None,
    reason: str,
) -> AwardOverride:
    """Move an entry to a tier or take it off the list, with a mandatory reason.

    A new override of the same entry replaces the active one (which is revoked).
    """
    lock_at(award_list, version, AwardStage.DRAFT)
    reason = required_reason(reason)
    if entry.edition_id != award_list.edition_id:
        raise AwardRefused(AwardError.UNKNOWN_ENTRY)
    now = datetime.now(UTC)
    for row in award_list.overrides:
        if row.entry_id == entry.id and row.revoked_at is None:
            row.revoked_at, row.revoked_by_id = now, actor.id
    override = AwardOverride(
        award_list_id=award_list.id,
        entry_id=entry.id,
        action=action.value,
        tier=tier.value if action == OverrideAction.MOVE and tier else None,
        reason=reason,
        actor_id=actor.id,
    )
    award_list.overrides.append(override)
    record(
        award_list,
        actor,
        "override",
        entry_id=entry.id,
        reason=reason,
        override_action=action.value,
        tier=override.tier,
    )
    rebuild_placements(award_list)
    return override


def decide_tie(
    actor: User,
    award_list: AwardList,
    version: int | None,
    chosen: dict[int, Tier | None],
    reason: str,
) -> None:
    """Decide a boundary tie: the organizers' tier (or no prize) for each tied entry.

    Stored as one override per tied entry (revocable like any other), logged once.
    """
    lock_at(award_list, version, AwardStage.DRAFT)
    reason = required_reason(reason)
    board = build_board(award_list.edition, award_list)
    tie = next((t for t in board.open_ties if set(t.entries) == set(chosen)), None)
    if tie is None:
        raise AwardRefused(AwardError.BAD_TIE)
    try:
        order = tie_order(tie, chosen)
    except ValueError as error:
        raise AwardRefused(AwardError.BAD_TIE) from error
    for override in resolve_tie(tie, order, reason):
        award_list.overrides.append(
            AwardOverride(
                award_list_id=award_list.id,
                entry_id=override.entry_id,
                action=override.action.value,
                tier=override.tier.value if override.tier else None,
                reason=reason,
                actor_id=actor.id,
            )
        )
    record(
        award_list,
        actor,
        "tie",
        reason=reason,
        track=tie.track,
        decision={str(e): (chosen[e].value if chosen[e] else None) for e in order},
    )
    rebuild_placements(award_list)


def revoke_override(
    actor: User,
    award_list: AwardList,
    version: int | None,
    override_id: int,
    reason: str,
) -> None:
    """Revoke an override (the entry goes back to its proposed place); logged."""
    lock_at(award_list, version, AwardStage.DRAFT)
    override = db.session.get(AwardOverride, override_id)
    if (
        override is None
        or override.award_list_id != award_list.id
        or override.revoked_at is not None
    ):
        raise AwardRefused(AwardError.UNKNOWN_OVERRIDE)
    override.revoked_at, override.revoked_by_id = datetime.now(UTC), actor.id
    record(
        award_list,
        actor,
        "revoke",
        entry_id=override.entry_id,
        reason=(reason or "").strip(),
        override=override.id,
    )
    rebuild_placements(award_list)

"""Sign-off of an award list: submit (organizer) → approve or return (council chair,
not the submitter) → publish (organizer); reopening (with a reason) goes back to draft.

Submitting, approving and publishing wait for the stage model (``judging.stages.core``):
entries closed and the last round closed, else ``StageRefused``. An approved list is
frozen: no verb of ``judging.awards.services.lists`` changes it until it
is reopened. Publishing marks the placed entries AWARDED (the other helpers' public
results page, emails and "My entries" read ``AwardList.stage == PUBLISHED`` and
``AwardPlacement``); reopening a published list gives them back their earlier status.
The documents' fields (decision number and date, award date, place, preface) may be
edited at every stage: they name the decision, they do not change who wins.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from contest.extensions import db
from contest.models import Entry, EntryStatus, Role, User
from judging.awards.models.lists import AwardList, AwardLogEntry, AwardStage
from judging.awards.services.ledger import (
    AwardError,
    AwardRefused,
    lock_at,
    record,
    required_reason,
)
from judging.awards.services.placements import rebuild_placements
from judging.stages.core import EditionAction
from judging.stages.services import require_edition


def may_approve(user: User, award_list: AwardList) -> bool:
    """A council chair who did not submit the list may approve or return it."""
    return (
        user.is_authenticated
        and user.has_role(Role.CHAIR)
        and award_list.stage == AwardStage.SUBMITTED
        and award_list.submitted_by_id != user.id
    )


def submit(actor: User, award_list: AwardList, version: int | None) -> None:
    """Send the draft to the council chair; every boundary tie must be decided."""
    lock_at(award_list, version, AwardStage.DRAFT)
    require_edition(award_list.edition, EditionAction.SUBMIT_AWARDS)
    board = rebuild_placements(award_list)
    if board.open_ties:
        raise AwardRefused(AwardError.OPEN_TIES)
    if not award_list.placements:
        raise AwardRefused(AwardError.NO_RESULTS)
    award_list.stage = AwardStage.SUBMITTED
    award_list.submitted_by_id, award_list.submitted_at = actor.id, datetime.now(UTC)
    record(award_list, actor, "submit", prizes=len(award_list.placements))


def _chair_check(actor: User, award_list: AwardList) -> None:
    if not actor.has_role(Role.CHAIR):
        raise AwardRefused(AwardError.NOT_CHAIR)
    if award_list.submitted_by_id == actor.id:
        raise AwardRefused(AwardError.OWN_SUBMISSION)


def approve(actor: User, award_list: AwardList, version: int | None) -> None:
    """The chair approves: the list is frozen."""
    lock_at(award_list, version, AwardStage.SUBMITTED)
    _chair_check(actor, award_list)
    require_edition(award_list.edition, EditionAction.APPROVE_AWARDS)
    award_list.stage = AwardStage.APPROVED
    award_list.approved_by_id, award_list.approved_at = actor.id, datetime.now(UTC)
    record(award_list, actor, "approve")


def return_to_draft(
    actor: User, award_list: AwardList, version: int | None, reason: str
) -> None:
    """The chair sends the list back to the organizers, saying why."""
    lock_at(award_list, version, AwardStage.SUBMITTED)
    _chair_check(actor, award_list)
    reason = required_reason(reason)
    award_list.stage = AwardStage.DRAFT
    award_list.submitted_by_id = award_list.submitted_at = None
    record(award_list, actor, "return", reason=reason)


def publish(actor: User, award_list: AwardList, version: int | None = None) -> None:
    """Publish an approved list: its entries become AWARDED (previous status logged)."""
    lock_at(award_list, version, AwardStage.APPROVED)
    require_edition(award_list.edition, EditionAction.PUBLISH_AWARDS)
    ids = [p.entry_id for p in award_list.placements]
    entries = db.session.scalars(select(Entry).where(Entry.id.in_(ids))).all()
    previous = {str(e.id): str(e.status) for e in entries}
    for entry in entries:
        entry.status = EntryStatus.AWARDED
    award_list.stage = AwardStage.PUBLISHED
    award_list.published_by_id, award_list.published_at = actor.id, datetime.now(UTC)
    record(award_list, actor, "publish", previous_status=previous)


def reopen(
    actor: User, award_list: AwardList, version: int | None, reason: str
) -> None:
    """Unfreeze an approved or published list, back to draft; the reason is logged.

    A published list is withdrawn from publication: its entries get back the status
    they had before publishing (from the publish line of the log).
    """
    lock_at(award_list, version, AwardStage.APPROVED, AwardStage.PUBLISHED)
    reason = required_reason(reason)
    was = award_list.stage
    if was == AwardStage.PUBLISHED:
        published = db.session.scalar(
            select(AwardLogEntry)
            .where(
                AwardLogEntry.award_list_id == award_list.id,
                AwardLogEntry.action == "publish",
            )
            .order_by(AwardLogEntry.id.desc())
            .limit(1)
        )
        previous = (
            (published.detail or {}).get("previous_status", {}) if published else {}
        )
        for entry in db.session.scalars(
            select(Entry).where(Entry.id.in_([int(i) for i in previous]))
        ):
            if entry.status == EntryStatus.AWARDED:
                entry.status = EntryStatus(previous[str(entry.id)])
    award_list.stage = AwardStage.DRAFT
    award_list.submitted_by_id = award_list.submitted_at = None
    award_list.approved_by_id = award_list.approved_at = None
    award_list.published_by_id = award_list.published_at = None
    record(award_list, actor, "reopen", reason=reason, was=str(was))


DOCUMENT_FIELDS = ("decision_number", "decision_date", "award_date", "place", "preface")


def save_documents(
    actor: User, award_list: AwardList, version: int | None, values: dict
) -> bool:
    """Store what the documents print; True when something changed (then logged)."""
    lock_at(award_list, version, *AwardStage)
    changed = {}
    for name in DOCUMENT_FIELDS:
        value = values.get(name)
        value = value.strip() if isinstance(value, str) else value
        if getattr(award_list, name) != value:
            changed[name] = (
                f"{len(value)} ký tự" if name == "preface" else _plain(value)
            )
            setattr(award_list, name, value)
    if not changed:
        return False
    record(award_list, actor, "documents", changed=changed)
    return True


def _plain(value) -> str | None:
    """A JSON-friendly copy of a field value for the log (dates as ISO text)."""
    if isinstance(value, date):
        return value.isoformat()
    return value


__all__ = [
    "approve",
    "may_approve",
    "publish",
    "reopen",
    "return_to_draft",
    "save_documents",
    "submit",
]


def awaiting_approval(user: User) -> list[AwardList]:
    """For a council chair: the award lists submitted and waiting for them (not the
    ones they submitted themselves: someone else must approve those)."""
    if not user.has_role(Role.CHAIR):
        return []
    return list(
        db.session.scalars(
            select(AwardList)
            .where(
                AwardList.stage == AwardStage.SUBMITTED,
                AwardList.submitted_by_id != user.id,
            )
            .order_by(AwardList.submitted_at)
        )
    )

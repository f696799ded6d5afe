"""What every change of an award list shares: refusals, the row lock with the stage
and version checks, and the log line (award log + audit log + version bump).

Used by ``judging.awards.services.lists`` (draft edits) and ``judging.awards.services.signoff``.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from enum import StrEnum

from contest.extensions import db
from contest.locking import locked
from contest.models import User
from contest.services.audit import audit
from judging.awards.models.lists import AwardList, AwardLogEntry, AwardStage


class AwardError(StrEnum):
    """Why a change of the award list is refused (the web layer words them)."""

    FROZEN = "frozen"  # approved or published: reopen first
    NOT_DRAFT = "not_draft"  # submitted: waiting for the chair
    STALE = "stale"  # the form was shown with an older version
    WRONG_STAGE = "wrong_stage"  # e.g. approving a list that was not submitted
    REASON_REQUIRED = "reason_required"
    NO_ROUND = "no_round"  # the edition has no judging round to rank from
    BAD_ROUND = "bad_round"
    NO_RESULTS = "no_results"  # nothing to submit: no prize placed
    OPEN_TIES = "open_ties"  # boundary ties not decided yet
    OVERRIDES = "overrides"  # the overrides do not fit the proposal (see problems)
    BAD_TIE = "bad_tie"  # the choice does not fill the tied seats
    UNKNOWN_ENTRY = "unknown_entry"
    UNKNOWN_OVERRIDE = "unknown_override"
    NOT_CHAIR = "not_chair"
    OWN_SUBMISSION = "own_submission"  # the chair submitted it themselves


class AwardRefused(Exception):
    """A refused change; ``problems`` lists override problems for ``OVERRIDES``."""

    def __init__(
        self, code: AwardError, problems: Sequence[tuple[str, Hashable]] = ()
    ) -> None:
        super().__init__(code.value)
        self.code = code
        self.problems = tuple(problems)


def lock_at(
    award_list: AwardList, version: int | None, *stages: AwardStage
) -> AwardList:
    """Lock the list's row, then check its stage and the form's version.

    A list outside ``stages`` is refused as FROZEN (approved or published),
    NOT_DRAFT (submitted) or WRONG_STAGE; a ``version`` other than the current one
    is STALE (``None`` skips the check, for scripts).
    """
    locked(award_list)
    if award_list.stage not in stages:
        if AwardStage.DRAFT in stages and award_list.frozen:
            raise AwardRefused(AwardError.FROZEN)
        if stages == (AwardStage.DRAFT,):
            raise AwardRefused(AwardError.NOT_DRAFT)
        raise AwardRefused(AwardError.WRONG_STAGE)
    if version is not None and version != award_list.version:
        raise AwardRefused(AwardError.STALE)
    return award_list


def required_reason(reason: str | None) -> str:
    """The stripped reason, or REASON_REQUIRED."""
    cleaned = (reason or "").strip()
    if not cleaned:
        raise AwardRefused(AwardError.REASON_REQUIRED)
    return cleaned


def record(
    award_list: AwardList,
    actor: User | None,
    action: str,
    *,
    entry_id: int | None = None,
    reason: str = "",
    **detail,
) -> AwardLogEntry:
    """Append one line to the award log and the audit log, and bump the version."""
    line = AwardLogEntry(
        award_list_id=award_list.id,
        actor_id=actor.id if actor is not None else None,
        action=action,
        entry_id=entry_id,
        detail=detail,
        reason=reason,
    )
    db.session.add(line)
    award_list.version = (award_list.version or 1) + 1
    audit(
        actor,
        f"awards.{action}",
        award_list.edition,
        award_list=award_list.id,
        entry=entry_id,
        reason=reason or None,
        **detail,
    )
    db.session.flush()
    return line

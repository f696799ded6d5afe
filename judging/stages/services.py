"""Enforce the stage model (``judging.stages.core``): gather the facts from the rows, ask the
table, refuse with ``StageRefused`` (HTTP 409) or let an organizer override.

Every service verb that moves an edition or a round on, or changes a result, calls one
``require_*`` here first; pages call ``round_verdict``/``edition_verdict`` to show the
same blockers beside their buttons (``judging.stages.messages`` words them).
An override (identity findings or plagiarism pairs only) is written to the audit log
with the list of what was pending.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from werkzeug.exceptions import Conflict

from contest.extensions import db
from contest.locking import locked
from contest.models import Edition, EditionStatus, Entry, User, utcnow
from contest.services.audit import audit
from judging.assignment.models import Assignment
from judging.awards.models.lists import AwardList
from judging.plagiarism.models import KIND_COPY, MatchStatus, SimilarityMatch
from judging.rounds.models import Round
from judging.stages.core import (
    EditionAction,
    EditionFacts,
    RoundAction,
    RoundFacts,
    Verdict,
    check_edition,
    check_round,
    edition_stage,
    overridden,
)


class StageRefused(Conflict):
    """An action the stage model refuses now; ``verdict`` says why (HTTP 409)."""

    def __init__(self, verdict: Verdict, edition: Edition | None = None) -> None:
        super().__init__()
        self.verdict = verdict
        self.edition = edition

    @property
    def description(self) -> str:  # type: ignore[override]
        """The blockers in the user's words (worded when read, in a request or CLI
        context; scripts can read ``verdict`` instead)."""
        # Imported late: the words live with the pages (they also give the links).
        from judging.stages.messages import describe

        lines = [describe(block, self.edition).text for block in self.verdict.blocks]
        return " ".join(lines) or _("Not allowed now.")

    @description.setter
    def description(self, value: str) -> None:
        """Ignored: the description is always worded from the verdict."""


def entries_close_at(edition: Edition) -> datetime | None:
    """The last entry deadline: writers' (with the grace period) or units'."""
    closes = edition.submission_closes_at
    if closes is None:
        return None
    closes = closes + timedelta(minutes=edition.grace_minutes or 0)
    if edition.unit_deadline_at is not None:
        closes = max(closes, edition.unit_deadline_at)
    return closes


def award_list_of(edition: Edition) -> AwardList | None:
    """The edition's award list, if one was started."""
    return db.session.scalar(
        select(AwardList).where(AwardList.edition_id == edition.id)
    )


def readings_of(round_: Round) -> int:
    """The round's active readings."""
    return db.session.scalar(
        select(func.count(Assignment.id)).where(
            Assignment.round_id == round_.id, Assignment.recused_at.is_(None)
        )
    )


def _plain_round(round_: Round, previous: Round | None) -> RoundFacts:
    return RoundFacts(
        position=round_.position,
        readings=readings_of(round_),
        opened=round_.opened_at is not None,
        closed=round_.closed_at is not None,
        previous_pending=previous is not None and previous.advanced_at is None,
    )


def edition_facts(edition: Edition, now: datetime | None = None) -> EditionFacts:
    """The plain facts the stage table reads, from the edition's rows."""
    rounds = list(edition.rounds)
    award_list = award_list_of(edition)
    ranking = award_list.round if award_list is not None else None
    return EditionFacts(
        published=edition.status != EditionStatus.DRAFT,
        archived=edition.status == EditionStatus.CLOSED,
        entries_close_at=entries_close_at(edition),
        now=now or utcnow(),
        rounds=tuple(
            _plain_round(r, rounds[i - 1] if i else None) for i, r in enumerate(rounds)
        ),
        award_stage=str(award_list.stage) if award_list is not None else None,
        ranking_round=ranking.position if ranking is not None else None,
    )


@dataclass(frozen=True)
class Pending:
    """What a round's entries still wait for, by entry (shown and logged)."""

    identity: tuple[Entry, ...]
    pairs: tuple[SimilarityMatch, ...]
    scans: tuple[Entry, ...]

    def as_log(self) -> dict:
        """The pending lists for the audit log (entry numbers and pair ids)."""
        return {
            "identity": [e.number or e.id for e in self.identity],
            "plagiarism": [m.id for m in self.pairs],
        }


def pending(round_: Round) -> Pending:
    """The round's entries with identity findings judges would still see, the
    undecided plagiarism pairs touching them, and the untyped scans left out."""
    from judging.assignment.services.roster import round_entries, untyped_scans
    from judging.identity.services import identity_scan

    ids = {e.id for e in round_entries(round_)}
    # Advisory hits (a featured person's village address, which the rules ask for)
    # are shown on the identity page but do not hold a round back.
    identity = tuple(
        s.entry for s in identity_scan(round_.edition, entry_ids=ids) if s.open_hits
    )
    pairs = tuple(open_pairs(round_.edition, ids)) if ids else ()
    return Pending(identity, pairs, tuple(untyped_scans(round_)))


def open_pairs(edition: Edition, entry_ids: set[int] | None = None):
    """The edition's undecided copy pairs (touching these entries, if given).

    Same-template and quotation pairs are listed for organizers but hold nothing back.
    """
    query = select(SimilarityMatch).where(
        SimilarityMatch.edition_id == edition.id,
        SimilarityMatch.status == MatchStatus.OPEN,
        SimilarityMatch.kind == KIND_COPY,
    )
    if entry_ids is not None:
        query = query.where(
            or_(
                SimilarityMatch.a_entry_id.in_(entry_ids),
                SimilarityMatch.b_entry_id.in_(entry_ids),
            )
        )
    return db.session.scalars(query.order_by(SimilarityMatch.id)).all()


def entries_with_open_pairs(edition: Edition) -> set[int]:
    """Ids of the edition's entries in an undecided similar pair (for the marks)."""
    found: set[int] = set()
    for match in open_pairs(edition):
        found.add(match.a_entry_id)
        if match.b_entry_id is not None:
            found.add(match.b_entry_id)
    return found


def round_verdict(
    round_: Round, action: RoundAction, now: datetime | None = None
) -> tuple[Verdict, Pending | None]:
    """The verdict on a round action, and (for assigning and opening) what is pending."""
    facts = edition_facts(round_.edition, now)
    if round_.unit_id is None:
        plain = next(r for r in facts.rounds if r.position == round_.position)
    else:
        # A unit's round stands alone: no round before it, and the city's rounds do
        # not wait for it (it is not among the edition's facts).
        plain = _plain_round(round_, None)
    found = None
    if action != RoundAction.CLOSE:
        found = pending(round_)
        plain = replace(
            plain,
            identity_pending=len(found.identity),
            # Copy pairs are the organizers' to decide, at the city's reading.
            plagiarism_pending=len(found.pairs) if round_.unit_id is None else 0,
            untyped_scans=len(found.scans),
        )
    return check_round(facts, plain, action), found


def require_round(
    actor: User | None,
    round_: Round,
    action: RoundAction,
    *,
    now: datetime | None = None,
    override_reason: str | None = None,
) -> None:
    """Raise StageRefused unless the round may take the action; an override with a
    reason lets identity findings and plagiarism pairs pass, logged with the list."""
    locked(round_.edition)  # two organizers' steps on one edition: one at a time
    verdict, found = round_verdict(round_, action, now)
    if verdict.allowed:
        return
    if overridden(verdict, override_reason) and found is not None:
        audit(
            actor,
            "judging.stage_override",
            round_.edition,
            round_id=round_.id,
            stage_action=str(action),
            reason=(override_reason or "").strip(),
            pending=found.as_log(),
        )
        return
    raise StageRefused(verdict, round_.edition)


def edition_verdict(
    edition: Edition, action: EditionAction, now: datetime | None = None
) -> Verdict:
    """The verdict on an edition action."""
    return check_edition(edition_facts(edition, now), action)


def require_edition(
    edition: Edition, action: EditionAction, now: datetime | None = None
) -> None:
    """Raise StageRefused unless the edition may take the action now (the edition's
    row is locked first, so "publish" and "reopen a sheet" cannot both pass)."""
    locked(edition)
    verdict = edition_verdict(edition, action, now)
    if not verdict.allowed:
        raise StageRefused(verdict, edition)


def require_results_open(edition: Edition) -> None:
    """Refuse a change to a result (sheet, reading, advancement, entry status) once
    the results are published, until the award list is reopened."""
    require_edition(edition, EditionAction.CHANGE_RESULTS)


def being_corrected(edition: Edition) -> bool:
    """True when a published award list was reopened and is not published again."""
    from judging.awards.models.lists import AwardLogEntry, AwardStage

    award_list = award_list_of(edition)
    if award_list is None or award_list.stage == AwardStage.PUBLISHED:
        return False
    return (
        db.session.scalar(
            select(AwardLogEntry.id)
            .where(
                AwardLogEntry.award_list_id == award_list.id,
                AwardLogEntry.action == "publish",
            )
            .limit(1)
        )
        is not None
    )


def landing_facts(edition: Edition) -> dict:
    """For the public landing page (contest.hooks.landing_facts)."""
    return {"results_corrected": being_corrected(edition)}


__all__ = [
    "EditionAction",
    "RoundAction",
    "StageRefused",
    "being_corrected",
    "edition_facts",
    "edition_stage",
    "edition_verdict",
    "entries_with_open_pairs",
    "landing_facts",
    "pending",
    "require_edition",
    "require_results_open",
    "require_round",
    "round_verdict",
]

"""The stages of an edition and of a judging round, and what each stage allows.

One model, written once: an edition goes set-up → open for entries → entries closed
→ rounds → award list → sign-off → published → archived; a round goes draft → assigned → open
→ closed. ``EDITION_TABLE`` and ``ROUND_TABLE`` say, for every (stage, action), whether
the action is allowed or why it is refused; ``check_edition`` and ``check_round`` add
the blockers that depend on counts (identity findings and plagiarism pairs still
undecided) and the warnings that do not block (scans nobody typed).

Pure: plain values in (``EditionFacts``, ``RoundFacts``), a ``Verdict`` out; no Flask,
no database. ``judging.stages.services`` gathers the facts from the rows, and services
raise ``StageRefused`` on a refusal; pages show the same verdict beside the button.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class EditionStage(StrEnum):
    """Where an edition stands, in order."""

    SETUP = "setup"  # a draft: invisible to the public
    OPEN = "open"  # accepting entries (or about to)
    ENTRIES_CLOSED = "entries_closed"  # deadlines passed, no round opened yet
    ROUNDS = "rounds"  # judging: a round is open, or the last one is not closed
    AWARD_LIST = "award_list"  # every round closed: the award list is made
    SIGN_OFF = "sign_off"  # the list is submitted or approved: results are frozen
    PUBLISHED = "published"  # the award list is public
    ARCHIVED = "archived"  # the edition is closed and read-only


class RoundStage(StrEnum):
    """Where a judging round stands, in order."""

    DRAFT = "draft"  # no reading yet
    ASSIGNED = "assigned"  # readings given, judges cannot read yet
    OPEN = "open"  # judges read and score
    CLOSED = "closed"


class EditionAction(StrEnum):
    """What organizers do to an edition as a whole."""

    OPEN_ROUND = "open_round"  # open a round, or commit an assignment (it opens it)
    SUBMIT_AWARDS = "submit_awards"
    APPROVE_AWARDS = "approve_awards"
    PUBLISH_AWARDS = "publish_awards"
    # Anything that changes a result: score sheets (and reopening one), readings,
    # advancement, an entry's status.
    CHANGE_RESULTS = "change_results"
    REOPEN_AWARDS = "reopen_awards"


class RoundAction(StrEnum):
    """What organizers do to one round."""

    ASSIGN = "assign"  # commit an assignment run (it opens a round not open yet)
    OPEN = "open"
    CLOSE = "close"


class Blocker(StrEnum):
    """Why an action is refused now (the web layer words each, with a link)."""

    EDITION_DRAFT = "edition_draft"  # the edition is still being set up
    ENTRIES_OPEN = "entries_open"  # the entry (or unit) deadline has not passed
    ROUNDS_NOT_CLOSED = "rounds_not_closed"  # a round open, or the last not closed
    AWARDS_SIGNING = "awards_signing"  # the list is with the chair: return it first
    RESULTS_PUBLISHED = "results_published"  # reopen the award list first
    ARCHIVED = "archived"  # the edition is closed and read-only
    NOT_ASSIGNED = "not_assigned"  # run the assignment first
    ROUND_ALREADY_OPEN = "round_already_open"
    ROUND_NOT_OPEN = "round_not_open"
    ROUND_CLOSED = "round_closed"
    PREVIOUS_ROUND = "previous_round"  # who advances from the round before: undecided
    IDENTITY_PENDING = "identity_pending"  # findings judges would still see
    PLAGIARISM_PENDING = "plagiarism_pending"  # similar pairs not decided
    UNTYPED_SCANS = "untyped_scans"  # a warning only: paper entries left out


# Blockers an organizer may override with a written reason (logged with the list).
OVERRIDABLE = frozenset({Blocker.IDENTITY_PENDING, Blocker.PLAGIARISM_PENDING})

_A = EditionAction
_ALL_AWARDS = (_A.SUBMIT_AWARDS, _A.APPROVE_AWARDS, _A.PUBLISH_AWARDS)


def _row(default: Blocker | None, **overrides: Blocker | None) -> dict:
    row = {action: default for action in EditionAction}
    row.update({EditionAction(k): v for k, v in overrides.items()})
    return row


def _awards(blocker: Blocker | None) -> dict[str, Blocker | None]:
    return {str(action): blocker for action in _ALL_AWARDS}


# (edition stage, action) -> None (allowed) or the blocker.
EDITION_TABLE: dict[EditionStage, dict[EditionAction, Blocker | None]] = {
    EditionStage.SETUP: _row(
        None,
        open_round=Blocker.EDITION_DRAFT,
        **_awards(Blocker.EDITION_DRAFT),
    ),
    EditionStage.OPEN: _row(None, **_awards(Blocker.ENTRIES_OPEN)),
    EditionStage.ENTRIES_CLOSED: _row(None, **_awards(Blocker.ROUNDS_NOT_CLOSED)),
    EditionStage.ROUNDS: _row(None, **_awards(Blocker.ROUNDS_NOT_CLOSED)),
    EditionStage.AWARD_LIST: _row(None),
    EditionStage.SIGN_OFF: _row(
        None,
        open_round=Blocker.AWARDS_SIGNING,
        change_results=Blocker.AWARDS_SIGNING,
    ),
    EditionStage.PUBLISHED: _row(
        Blocker.RESULTS_PUBLISHED, publish_awards=None, reopen_awards=None
    ),
    EditionStage.ARCHIVED: _row(Blocker.ARCHIVED),
}

_R = RoundAction
# (round stage, action) -> None (allowed) or the blocker.
ROUND_TABLE: dict[RoundStage, dict[RoundAction, Blocker | None]] = {
    RoundStage.DRAFT: {
        _R.ASSIGN: None,
        _R.OPEN: Blocker.NOT_ASSIGNED,
        _R.CLOSE: Blocker.ROUND_NOT_OPEN,
    },
    RoundStage.ASSIGNED: {
        _R.ASSIGN: None,
        _R.OPEN: None,
        _R.CLOSE: Blocker.ROUND_NOT_OPEN,
    },
    RoundStage.OPEN: {
        _R.ASSIGN: None,
        _R.OPEN: Blocker.ROUND_ALREADY_OPEN,
        _R.CLOSE: None,
    },
    RoundStage.CLOSED: {
        _R.ASSIGN: Blocker.ROUND_CLOSED,
        _R.OPEN: None,  # reopened, e.g. for a late reading
        _R.CLOSE: Blocker.ROUND_CLOSED,
    },
}


@dataclass(frozen=True)
class RoundFacts:
    """What decides a round's stage and whether it may open (plain values)."""

    position: int
    readings: int = 0  # active assignment rows
    opened: bool = False
    closed: bool = False
    previous_pending: bool = False  # the round before has not committed advancement
    identity_pending: int = 0  # entries of the round with findings not redacted
    plagiarism_pending: int = 0  # undecided pairs touching the round's entries
    untyped_scans: int = 0  # paper entries left out until someone types them


@dataclass(frozen=True)
class EditionFacts:
    """What decides an edition's stage (plain values)."""

    published: bool  # EditionStatus.PUBLISHED (visible), not a draft
    archived: bool  # EditionStatus.CLOSED
    entries_close_at: datetime | None  # the last deadline (writers' with grace, units')
    now: datetime
    rounds: tuple[RoundFacts, ...] = ()
    award_stage: str | None = None  # AwardStage value, None when not started
    ranking_round: int | None = None  # position of the round the awards rank on

    @property
    def entries_closed(self) -> bool:
        """True once the last deadline has passed (no deadline: still open)."""
        return self.entries_close_at is not None and self.now > self.entries_close_at


@dataclass(frozen=True)
class Block:
    """One reason an action cannot happen now; ``count`` for the pending kinds."""

    code: Blocker
    count: int = 0

    @property
    def overridable(self) -> bool:
        """True when an organizer may go ahead anyway, giving a reason."""
        return self.code in OVERRIDABLE


@dataclass(frozen=True)
class Verdict:
    """Allowed or not, with every blocker and the warnings that do not block."""

    blocks: tuple[Block, ...] = ()
    warnings: tuple[Block, ...] = field(default=())

    @property
    def allowed(self) -> bool:
        """True when nothing blocks the action."""
        return not self.blocks

    @property
    def overridable(self) -> bool:
        """True when every blocker may be overridden with a reason."""
        return bool(self.blocks) and all(b.overridable for b in self.blocks)

    def codes(self) -> tuple[Blocker, ...]:
        """The blockers' codes, in order."""
        return tuple(b.code for b in self.blocks)


def edition_stage(facts: EditionFacts) -> EditionStage:
    """The edition's stage from its facts (the later stages win)."""
    if facts.archived:
        return EditionStage.ARCHIVED
    if facts.award_stage == "published":
        return EditionStage.PUBLISHED
    if not facts.published:
        return EditionStage.SETUP
    if not facts.entries_closed:
        return EditionStage.OPEN
    if not any(r.opened for r in facts.rounds):
        return EditionStage.ENTRIES_CLOSED
    if not rounds_done(facts):
        return EditionStage.ROUNDS
    if facts.award_stage in ("submitted", "approved"):
        return EditionStage.SIGN_OFF
    return EditionStage.AWARD_LIST


def rounds_done(facts: EditionFacts) -> bool:
    """No round open, and the round the awards rank on (the last) closed."""
    if not facts.rounds or any(_is_open(r) for r in facts.rounds):
        return False
    position = facts.ranking_round
    ranking = [r for r in facts.rounds if r.position == position] or [
        max(facts.rounds, key=lambda r: r.position)
    ]
    return ranking[0].closed


def _is_open(facts: RoundFacts) -> bool:
    return facts.opened and not facts.closed


def round_stage(facts: RoundFacts) -> RoundStage:
    """The round's stage from its facts."""
    if facts.closed:
        return RoundStage.CLOSED
    if facts.opened:
        return RoundStage.OPEN
    return RoundStage.ASSIGNED if facts.readings else RoundStage.DRAFT


def check_edition(facts: EditionFacts, action: EditionAction) -> Verdict:
    """May the edition take this action now? (the table, nothing else)."""
    blocker = EDITION_TABLE[edition_stage(facts)][action]
    return Verdict((Block(blocker),) if blocker else ())


def check_round(
    edition: EditionFacts, round_: RoundFacts, action: RoundAction
) -> Verdict:
    """May the round take this action now? Assigning and opening also need the
    edition's leave, the previous round's advancement, and no undecided identity
    findings or plagiarism pairs (those two may be overridden with a reason)."""
    blocks: list[Block] = []
    warnings: list[Block] = []
    blocker = ROUND_TABLE[round_stage(round_)][action]
    if blocker is not None:
        blocks.append(Block(blocker))
    if action == RoundAction.CLOSE:
        # Closing a round changes no result, but not after publication.
        blocks += check_edition(edition, EditionAction.CHANGE_RESULTS).blocks
        return Verdict(tuple(blocks))
    blocks += check_edition(edition, EditionAction.OPEN_ROUND).blocks
    if round_.previous_pending:
        blocks.append(Block(Blocker.PREVIOUS_ROUND))
    if round_.identity_pending:
        blocks.append(Block(Blocker.IDENTITY_PENDING, round_.identity_pending))
    if round_.plagiarism_pending:
        blocks.append(Block(Blocker.PLAGIARISM_PENDING, round_.plagiarism_pending))
    if round_.untyped_scans:
        warnings.append(Block(Blocker.UNTYPED_SCANS, round_.untyped_scans))
    return Verdict(tuple(blocks), tuple(warnings))


def overridden(verdict: Verdict, reason: str | None) -> bool:
    """True when the verdict refuses only what a written reason may override."""
    return verdict.overridable and bool((reason or "").strip())

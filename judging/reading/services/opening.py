"""One judge's request about one reading (the reading view, the score form, an
autosave) in as few statements as possible.

``find_reading`` answers, in ONE statement, everything the judge area asks before it
can show or save anything: the judge's own active reading with this code in an open
round of an edition that is not closed (judging.reading.services.queue.readable:
the same rules, so anything else still looks like a code that does not exist), its
round and edition, its score sheet, whether the judge still has a declaration to
sign, the stamp that says whether the round's rubric is frozen and, for a page, the
entry's columns (labels, owner, latest version) and the edition's same-person
fingerprint. ``blind_view`` then reads the entry's short lists (authors, featured
people, photos, redactions) in one more statement and builds the BlindEntry with
judging.reading.services.blind (the one way to build it: anonymity by construction).

The judge's views keep the reading for the rest of the request, so the
closed-edition guard's resolver (a POST's first question) and the view share one
statement (judging.reading.views.judge.find_reading).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sqlalchemy import (
    Integer,
    String,
    bindparam,
    cast,
    func,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import aliased, contains_eager

from contest.extensions import db
from contest.models import (
    Attachment,
    AttachmentKind,
    Edition,
    EditionStaff,
    EditionStatus,
    Entry,
    EntryAuthor,
    EntryChannel,
    EntryVersion,
    FeaturedPerson,
    Field,
    StaffRole,
    Track,
    Unit,
    User,
)
from contest.subjects import SubjectKind
from judging.assignment.models import Assignment, JudgeProfile, JudgingCode, UnitJudge
from judging.identity.models import Redaction
from judging.reading.core import BlindEntry
from judging.reading.services.blind import BlindSource, blind_from, identity_from
from judging.reading.services.notes import fingerprint_of
from judging.reading.services.queue import readable
from judging.rounds.models import Round
from judging.scoring.models import Score, ScoreStatus


@dataclass(frozen=True)
class SeenSheet:
    """The judge's sheet as a save's reading found it: id, version and state."""

    id: int
    version: int
    status: str

    @property
    def submitted(self) -> bool:
        """True once the judge submitted the sheet."""
        return self.status == ScoreStatus.SUBMITTED


@dataclass
class Reading:
    """The judge's reading of one code, with what the request needs beside it."""

    row: Assignment  # with its round and the round's edition loaded
    code: str  # as stored
    # The judge's sheet (a Score for a page, a SeenSheet for a save), None before
    # the first save.
    score: Score | SeenSheet | None
    pending_declaration: bool  # a declaration to sign first (any edition judged)
    first_sheet: str | None  # the judge's first sheet in the round (rubric frozen)
    entry: tuple | None = None  # the entry's columns (pages only)
    fingerprint: str | None = None  # the edition's same-person fingerprint (pages)


def _pending_declaration(judge):
    """SQL: the judge judges an edition that is not closed without having signed its
    declaration (judging.assignment.services.pool.has_pending_declaration, as a
    column)."""
    edition, round_ = aliased(Edition), aliased(Round)
    staff, unit_judge = aliased(EditionStaff), aliased(UnitJudge)
    profile = aliased(JudgeProfile)
    judged = (
        select(staff.edition_id)
        .where(staff.user_id == judge, staff.role == StaffRole.JUDGE)
        .union(
            select(round_.edition_id)
            .join(unit_judge, unit_judge.round_id == round_.id)
            .where(unit_judge.user_id == judge)
        )
    )
    signed = select(profile.edition_id).where(
        profile.user_id == judge, profile.declaration_signed_at.is_not(None)
    )
    return (
        select(edition.id)
        .where(
            edition.id.in_(judged),
            edition.status != EditionStatus.CLOSED,
            edition.id.not_in(signed),
        )
        .exists()
    )


def _first_sheet(judge):
    """SQL: the judge's first sheet in the reading's round as "id@created time" (None
    before one is saved). A round's rubric is frozen once any sheet of it is saved
    (judging.rounds.services), so while this sheet exists the rubric stays the same;
    its creation time tells it from a sheet of a database made again with the same
    ids (a restored copy, the tests)."""
    sheet, reading = aliased(Score), aliased(Assignment)
    return (
        select(cast(sheet.id, String) + "@" + cast(sheet.created_at, String))
        .join(reading, reading.id == sheet.assignment_id)
        .where(reading.round_id == Assignment.round_id, reading.judge_id == judge)
        .order_by(sheet.id)
        .limit(1)
        .scalar_subquery()
    )


@cache
def _statement(page: bool):
    """The statement of find_reading, built once per process (judge and code bound
    at execution); ``page`` adds the entry's columns and the notes' fingerprint, and
    the sheet as an object (a save needs its id, version and state only; without
    ``page`` the reading's row is locked: PostgreSQL's FOR UPDATE). Of the
    edition, only what these requests use is read (its id, status and time zone:
    the rest, long texts, would be read and described on every request)."""
    judge = bindparam("judge_id", type_=Integer)
    sheet = (Score,) if page else (Score.id, Score.version, Score.status)
    query = (
        readable(judge)
        .with_only_columns(Assignment, JudgingCode.code)
        .where(JudgingCode.code == bindparam("code"))
        .outerjoin(Score, Score.assignment_id == Assignment.id)
        .add_columns(_pending_declaration(judge), _first_sheet(judge), *sheet)
        .options(
            contains_eager(Assignment.round)
            .contains_eager(Round.edition)
            .load_only(Edition.id, Edition.status, Edition.timezone)
        )
    )
    if not page:
        # A write (a save, a recusal, the closed-edition guard's question) holds
        # the reading's row to its commit, as the locked save did: a save waits for
        # a recusal under way in another tab, then finds the reading ended.
        return query.with_for_update(of=Assignment)
    owner, owner_unit = aliased(User), aliased(Unit)
    version = aliased(EntryVersion)
    latest = (
        select(func.max(EntryVersion.number))
        .where(EntryVersion.entry_id == Entry.id)
        .scalar_subquery()
    )
    return (
        query.add_columns(
            Entry.title,
            Entry.genre,
            Entry.channel,
            Track.name,
            Field.name,
            Unit.name,
            owner.full_name,
            owner.phone,
            owner.email,
            owner_unit.name,
            owner.address,
            owner.pen_names,
            version.id,
            version.title,
            version.text,
            version.word_count,
            fingerprint_of(Round.edition_id),
        )
        .outerjoin(Track, Track.id == Entry.track_id)
        .outerjoin(Field, Field.id == Entry.field_id)
        .outerjoin(Unit, Unit.id == Entry.unit_id)
        .join(owner, owner.id == Entry.owner_id)
        .outerjoin(owner_unit, owner_unit.id == owner.unit_id)
        .outerjoin(version, (version.entry_id == Entry.id) & (version.number == latest))
    )


def find_reading(user: User, code: str, page: bool = False) -> Reading | None:
    """The judge's reading with this code (see the module docstring), or None."""
    found = db.session.execute(
        _statement(page), {"judge_id": user.id, "code": str(code).strip().upper()}
    ).first()
    if found is None:
        return None
    row, shown, pending, first_sheet = found[:4]
    if page:
        score, entry = found[4], tuple(found[5:-1])
        reading = Reading(row, shown, score, bool(pending), first_sheet, entry)
        reading.fingerprint = found[-1]
    else:
        seen = None if found[4] is None else SeenSheet(*found[4:7])
        reading = Reading(row, shown, seen, bool(pending), first_sheet)
    return reading


@cache
def _lists_statement():
    """The entry's authors, featured people, photos with a clean copy and the latest
    version's redactions, as one list of typed rows (kind, order, id, text columns,
    numbers), built once per process."""
    entry_id = bindparam("entry_id", type_=Integer)
    version_id = bindparam("version_id", type_=Integer)
    no_text, no_number = null().cast(String), null().cast(Integer)
    authors = select(
        literal("a").label("kind"),
        EntryAuthor.position.label("position"),
        EntryAuthor.id.label("id"),
        EntryAuthor.full_name.label("t1"),
        EntryAuthor.phone.label("t2"),
        EntryAuthor.email.label("t3"),
        EntryAuthor.unit_name.label("t4"),
        EntryAuthor.address.label("t5"),
        EntryAuthor.pen_names.label("t6"),
        no_text.label("t7"),
        no_number.label("n1"),
    ).where(EntryAuthor.entry_id == entry_id)
    featured = select(
        literal("f"),
        FeaturedPerson.position,
        FeaturedPerson.id,
        FeaturedPerson.name,
        FeaturedPerson.subject_kind,
        FeaturedPerson.collective_type,
        FeaturedPerson.unit_name,
        FeaturedPerson.locality,
        FeaturedPerson.field_name,
        FeaturedPerson.summary,
        FeaturedPerson.birth_year,
    ).where(FeaturedPerson.entry_id == entry_id)
    photos = select(
        literal("p"),
        literal(0, Integer),
        Attachment.id,
        *([no_text] * 7),
        no_number,
    ).where(
        Attachment.entry_id == entry_id,
        Attachment.kind == AttachmentKind.PHOTO,
        Attachment.clean_key.is_not(None),
        Attachment.clean_key != "",
    )
    redactions = select(
        literal("r"),
        Redaction.span_start,
        Redaction.id,
        *([no_text] * 7),
        Redaction.span_end,
    ).where(Redaction.version_id == version_id)
    both = union_all(authors, featured, photos, redactions).subquery()
    return select(both).order_by(both.c.kind, both.c.position, both.c.id)


def blind_view(reading: Reading) -> BlindEntry:
    """What the judge sees of the reading's entry (a reading found with ``page``)."""
    (
        title,
        genre,
        channel,
        track,
        field,
        unit,
        *owner,
        version_id,
        version_title,
        version_text,
        word_count,
    ) = reading.entry
    authors, featured, photo_ids, spans = [], [], [], []
    rows = db.session.execute(
        _lists_statement(),
        {"entry_id": reading.row.entry_id, "version_id": version_id or 0},
    )
    for kind, position, row_id, *texts, number in rows:
        if kind == "a":
            authors.append(tuple(texts[:6]))
        elif kind == "f":
            name, subject_kind, collective_type, unit_name, *rest = texts
            featured.append(
                (
                    name,
                    subject_kind != SubjectKind.INDIVIDUAL,
                    number,
                    collective_type,
                    unit_name,
                    *rest,
                )
            )
        elif kind == "p":
            photo_ids.append(row_id)
        else:
            spans.append((position, number))
    return blind_from(
        BlindSource(
            code=reading.code,
            round_name=reading.row.round.name,
            identity=identity_from(
                authors,
                tuple(owner) if channel == EntryChannel.ONLINE else None,
                unit,
            ),
            entry_title=title,
            track=track or "",
            field=field or "",
            genre=genre,
            version=None
            if version_id is None
            else (version_title, version_text, word_count, tuple(spans)),
            featured=tuple(featured),
            photo_ids=tuple(photo_ids),
        )
    )

"""A judge's queue: every reading they may open now, as lines (QueueItem values).

A judge may have ~1,000 readings and opens the queue between readings. The lines
are built from plain columns (no ORM graph) in two statements whatever the queue's
length: the readings with their headings, and the authors their titles are cleaned
of (judging.reading.services.blind: the one place that decides what a judge sees).
They are then kept per judge in this process under fingerprints of every value they
were built from; each visit runs one statement giving those fingerprints and the
readings' states (judging.reading.services.queue_stamp), and builds again only when
a fingerprint changed. The set of readings is selected by the same rules as an
opened entry (judging.reading.services.queue.readable), on every visit.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from functools import cache
from threading import Lock
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, Select, bindparam, func, select
from sqlalchemy.orm import aliased

from contest.extensions import db
from contest.models import (
    Edition,
    Entry,
    EntryAuthor,
    EntryChannel,
    EntryVersion,
    Field,
    Track,
    Unit,
    User,
)
from contest.sql_stamps import digest, fingerprint, ordered, stamp_of_rows
from judging.assignment.models import Assignment, JudgingCode
from judging.reading.core import (
    BlindHeading,
    QueueItem,
    ReadingState,
    RoundProgress,
    progress,
    state_of,
)
from judging.reading.services.blind import heading_of, identity_from
from judging.reading.services.queue import readable
from judging.reading.services.queue_stamp import (
    AUTHOR_ORDER,
    READING,
    STATE_SEP,
    stamp_query,
    state_token,
)
from judging.rounds.models import Round
from judging.scoring.models import Score


def _heading_columns() -> tuple[list, list]:
    """What a queue line is built from (each a column of the readings query), and
    the joins they need: the reading, its code and round (with what progress shows),
    the latest title, labels, the entry's unit and channel, the owner's identity."""
    latest_title = (
        select(EntryVersion.title)
        .where(EntryVersion.entry_id == Entry.id)
        .order_by(EntryVersion.number.desc())
        .limit(1)
        .scalar_subquery()
    )
    owner, owner_unit = aliased(User), aliased(Unit)
    columns = [
        Assignment.id,
        Assignment.entry_id,
        Assignment.round_id,
        JudgingCode.code,
        Round.name,
        Round.ends_at,
        Round.edition_id,
        Round.position,
        Edition.timezone,
        func.coalesce(latest_title, Entry.title),
        Track.name,
        Field.name,
        Unit.name,
        Entry.channel,
        owner.full_name,
        owner.phone,
        owner.email,
        owner_unit.name,
        owner.address,
        owner.pen_names,
    ]
    joins = [
        (Track, Track.id == Entry.track_id, True),
        (Field, Field.id == Entry.field_id, True),
        (Unit, Unit.id == Entry.unit_id, True),
        (owner, owner.id == Entry.owner_id, False),
        (owner_unit, owner_unit.id == owner.unit_id, True),
    ]
    return columns, joins


_AUTHOR_COLUMNS = (
    EntryAuthor.entry_id,
    EntryAuthor.full_name,
    EntryAuthor.phone,
    EntryAuthor.email,
    EntryAuthor.unit_name,
    EntryAuthor.address,
    EntryAuthor.pen_names,
)
_AUTHOR_ORDER = (EntryAuthor.entry_id, EntryAuthor.position, EntryAuthor.id)


@cache
def _statements(dialect: str) -> tuple[Select, Select, Select]:
    """The stamp, the readings and the authors statements, built once per process
    (building them costs more than running the stamp); the judge is bound at
    execution. The readings: heading columns, the state's, the row's fingerprint;
    the authors of their entries: columns, fingerprint; both in fingerprint order."""
    judge_id = bindparam("judge_id", type_=Integer)
    columns, joins = _heading_columns()
    rows = readable(judge_id).with_only_columns(
        *columns,
        Assignment.opened_at,
        Score.status,
        fingerprint(columns),
        state_token(Assignment.opened_at, Score.status).label("state"),
        Assignment.id.label(READING),
    )
    rows = rows.outerjoin(Score, Score.assignment_id == Assignment.id)
    for target, on, outer in joins:
        rows = rows.join(target, on, isouter=outer)
    entries = readable(judge_id).with_only_columns(Assignment.entry_id)
    authors = select(
        *_AUTHOR_COLUMNS,
        fingerprint(_AUTHOR_COLUMNS),
        *(c.label(n) for n, c in zip(AUTHOR_ORDER, _AUTHOR_ORDER, strict=True)),
    ).where(EntryAuthor.entry_id.in_(entries))
    return (
        stamp_query(rows, authors, dialect),
        ordered(rows, [READING]),
        ordered(authors, AUTHOR_ORDER),
    )


@dataclass(frozen=True)
class _Built:
    """A judge's queue lines as built, under the fingerprints of what they show."""

    stamp: bytes  # digest of the headings' and authors' stamps
    headings: dict[str, tuple[BlindHeading, int]]  # assignment id → line, round id
    order: tuple[str, ...]  # assignment ids by round name, then code
    rounds: tuple[tuple[int, str, datetime | None], ...]  # in edition, round order
    zones: dict[int, tzinfo]
    items: dict[tuple[str, str], QueueItem] = field(default_factory=dict)

    def item(self, reading: str, token: str) -> QueueItem:
        """The reading's QueueItem in the state ``token`` says (kept: the same few
        states come back on every visit)."""
        found = self.items.get((reading, token))
        if found is None:
            heading, round_id = self.headings[reading]
            found = QueueItem(heading, round_id=round_id, state=_state(token))
            self.items[(reading, token)] = found
        return found


@cache
def _state(token: str) -> ReadingState:
    """The reading state of a state token ("<sheet status><opened 0/1>")."""
    return state_of(token[-1] == "1", token[:-1] or None)


# Per process: the built queues of the judges seen last (each ~1,000 lines).
_BUILT: OrderedDict[int, _Built] = OrderedDict()
_BUILT_MAX = 32
_LOCK = Lock()


@dataclass(frozen=True)
class JudgeQueue:
    """A judge's queue: its items in order and its rounds (for the progress)."""

    items: list[QueueItem]
    rounds: tuple[tuple[int, str, datetime | None], ...]
    zones: dict[int, tzinfo]

    def progress(self, now: datetime) -> list[RoundProgress]:
        """Per open round of the queue, in round order: submitted / total, deadline."""
        return progress(self.items, self.rounds, now, self.zones)


def queue_of(user: User) -> JudgeQueue:
    """The judge's entries in open rounds: new first, submitted last, then by round
    name and code, with their rounds.

    One statement on most visits: the fingerprints of what the lines show and the
    readings' states (judging.reading.services.queue_stamp); the lines are built
    again (two column queries, whatever the queue's length) only when a fingerprint
    changed, and are otherwise those this process built last for this judge."""
    db.session.flush()  # as the session's autoflush would
    connection = db.session.connection()
    stamp, rows, authors = _statements(connection.dialect.name)
    judge = {"judge_id": user.id}
    heads, people, states = connection.execute(stamp, judge).one()
    with _LOCK:
        built = _BUILT.get(user.id)
        if built is not None:
            _BUILT.move_to_end(user.id)
    if built is not None and built.stamp == digest(heads, people):
        tokens = (
            dict(part.split(":", 1) for part in states.split(STATE_SEP))
            if states
            else {}
        )
    else:
        built, tokens = _build(
            connection.execute(rows, judge).all(),
            connection.execute(authors, judge).all(),
        )
        with _LOCK:
            _BUILT[user.id] = built
            while len(_BUILT) > _BUILT_MAX:
                _BUILT.popitem(last=False)
    by_state: dict[ReadingState, list[QueueItem]] = {s: [] for s in ReadingState}
    for reading in built.order:
        item = built.item(reading, tokens[reading])
        by_state[item.state].append(item)
    return JudgeQueue(
        [item for items in by_state.values() for item in items],
        built.rounds,
        built.zones,
    )


def judge_queue(user: User) -> list[QueueItem]:
    """The judge's entries in open rounds: new first, submitted last, then by code."""
    return queue_of(user).items


def _build(found: list, people: list) -> tuple[_Built, dict[str, str]]:
    """The queue's lines from the readings' and authors' rows (and the states read
    with them), under the fingerprints of those rows."""
    by_entry: dict[int, list[tuple]] = {}
    for person in people:
        by_entry.setdefault(person[0], []).append(tuple(person[1:7]))
    headings, tokens, rounds, zones = {}, {}, {}, {}
    for row in found:
        reading, entry_id, round_id, code, round_name, ends_at = row[:6]
        edition_id, position, zone, title, track, field_, unit, channel = row[6:14]
        identity = identity_from(
            by_entry.get(entry_id, ()),
            tuple(row[14:20]) if channel == EntryChannel.ONLINE else None,
            unit,
        )
        key = str(reading)
        headings[key] = (
            heading_of(code, round_name, title, track or "", field_ or "", identity),
            round_id,
        )
        tokens[key] = row.state
        rounds[round_id] = (edition_id, position, round_id, round_name, ends_at)
        zones[round_id] = ZoneInfo(zone)
    order = sorted(
        headings, key=lambda k: (headings[k][0].round_name, headings[k][0].code)
    )
    built = _Built(
        digest(stamp_of_rows(found), stamp_of_rows(people)),
        headings,
        tuple(order),
        tuple(r[2:] for r in sorted(rounds.values(), key=lambda r: r[:3])),
        zones,
    )
    return built, tokens

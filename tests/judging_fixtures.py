"""Builders shared by the judging tests: judges in a pool, rounds, committed runs.

Plain functions taking the app (the factories of tests/conftest.py make users,
editions and entries); each commits, like a view would, and returns plain values.
One fixture, ``make_judged_round`` (registered by tests/conftest.py), puts them
together: judges reading entries in an open round.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from contest.extensions import db
from contest.models import Edition, Role, User
from judging.assignment.services import pool as services
from judging.assignment.services import roster, runs
from judging.rounds.models import Round
from tests.conftest import Person, SampleEntry, page_text

XSS = "<script>alert('x')</script>"  # a title typed with HTML: must show as text


def shown(response) -> str:
    """The page's text with HTML entities decoded (what the user reads)."""
    return html.unescape(page_text(response))


def first_round_id(app, edition_id: int) -> int:
    """The id of the edition's first round (sơ khảo)."""
    with app.app_context():
        return db.session.get(Edition, edition_id).rounds[0].id


def judging_objects(app, edition_id: int) -> dict[str, int]:
    """Ids the access walker needs for judging URLs: a round and a photo position."""
    return {"round_id": first_round_id(app, edition_id), "index": 1}


def add_judge(
    app,
    make_user,
    edition_id: int,
    *,
    unit_id: int | None = None,
    fields: tuple[str, ...] = (),
    max_load: int | None = None,
    sign: bool = True,
    full_name: str = "Giám Khảo Thử",
):
    """A judge account in the edition's pool (every round), declaration signed."""
    person = make_user(Role.JUDGE, unit_id=unit_id, full_name=full_name)
    with app.test_request_context():
        edition = db.session.get(Edition, edition_id)
        user = db.session.get(User, person.id)
        services.save_profile(
            None,
            edition,
            user,
            locality="",
            field_ids=[f.id for f in edition.fields if f.name in fields],
            max_load=max_load,
            round_ids=[r.id for r in edition.rounds],
        )
        if sign:
            services.sign_declaration(user, edition, datetime.now(UTC))
        db.session.commit()
    return person


def set_readers(app, round_id: int, readers: int | None) -> None:
    """Change how many judges read each entry of the round."""
    with app.app_context():
        db.session.get(Round, round_id).readers_per_entry = readers
        db.session.commit()


def commit_round(app, round_id: int, *, seed: int = 7, balance: bool = True):
    """Commit an assignment run like the organizer's button; the new (judge, entry) pairs."""
    with app.test_request_context():
        round_ = db.session.get(Round, round_id)
        plan = runs.commit_round(
            None, round_, seed=seed, balance=balance, now=datetime.now(UTC)
        )
        db.session.commit()
        return plan.new_pairs()


def active_pairs(app, round_id: int) -> set[tuple[int, int]]:
    """(judge id, entry id) of every active reading in the round."""
    with app.app_context():
        round_ = db.session.get(Round, round_id)
        return {
            (r.judge_id, r.entry_id)
            for r in roster.round_assignments(round_)
            if r.active
        }


def codes(app, round_id: int) -> dict[int, str]:
    """Entry id → judging code in the round."""
    from judging.assignment.models import JudgingCode

    with app.app_context():
        rows = db.session.scalars(
            db.select(JudgingCode).where(JudgingCode.round_id == round_id)
        )
        return {r.entry_id: r.code for r in rows}


@dataclass(frozen=True)
class JudgedRound:
    """Judges reading entries in the open first round of a new edition."""

    edition_id: int
    round_id: int
    judges: list[Person]
    entries: list[SampleEntry]
    codes: dict[int, str]  # entry id → judging code in the round


@pytest.fixture
def make_judged_round(app, make_edition, make_user, make_entry):
    """A new edition's sơ khảo round with ``readers`` judges per entry: the judges
    (one per name) in the pool with their declarations signed, the entries submitted,
    the assignment committed."""

    def _make(
        *,
        readers: int,
        titles: Sequence[str],
        judge_names: Sequence[str] = ("Giám Khảo Thử", "Giám Khảo Thử"),
        with_photo: bool = False,
    ) -> JudgedRound:
        edition_id = make_edition()
        round_id = first_round_id(app, edition_id)
        set_readers(app, round_id, readers)
        judges = [
            add_judge(app, make_user, edition_id, full_name=name)
            for name in judge_names
        ]
        entries = [
            make_entry(title=title, with_photo=with_photo, edition_id=edition_id)
            for title in titles
        ]
        commit_round(app, round_id)
        return JudgedRound(edition_id, round_id, judges, entries, codes(app, round_id))

    return _make

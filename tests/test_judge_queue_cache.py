"""The judge's queue kept per process (judging.reading.services.queue_list): a judge
sees the same page as if it were built on every visit; whatever changes in the
database, from this process or another, shows on the next visit; nothing of one
judge's queue reaches another; titles stay cleaned of the authors as they are now."""

from __future__ import annotations

import re
from collections import OrderedDict
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select, update

from contest.extensions import db
from contest.models import Entry, EntryAuthor, EntryVersion, Track, User
from judging.assignment.models import Assignment
from judging.reading.services import queue_list
from judging.rounds.models import Round
from tests.conftest import login
from tests.judging_fixtures import shown

TITLES = ("Bếp cơm của Lê Văn Bốn", "Người lái đò", "Cô giáo vùng cao")
MARK = "▇▇▇"


@pytest.fixture
def desk(app, make_judged_round, monkeypatch):
    """One judge reading three entries (another judge reads none of them: one
    reader per entry, both in the pool), an empty per-process cache and a count of
    how many times the queue is built."""
    monkeypatch.setattr(queue_list, "_BUILT", OrderedDict())
    builds = []
    real = queue_list._build

    def counted(*args):
        builds.append(1)
        return real(*args)

    monkeypatch.setattr(queue_list, "_build", counted)
    made = make_judged_round(readers=1, titles=TITLES)
    with app.app_context():
        for judge in made.judges[1:]:  # every reading to the first judge
            db.session.execute(
                update(Assignment)
                .where(Assignment.judge_id == judge.id)
                .values(judge_id=made.judges[0].id)
            )
        db.session.commit()
    judge = made.judges[0]
    client = app.test_client()
    assert login(client, judge.email, judge.password).status_code == 302
    client.get("/lang/en")
    by_title = dict(zip(TITLES, made.entries, strict=True))
    return {"client": client, "made": made, "builds": builds, "by_title": by_title}


def _lines(client) -> dict[str, tuple[str, str]]:
    """Code → (state, title) of each line of the queue."""
    page = shown(client.get("/judge/"))
    return {
        code: (state, title)
        for state, code, title in re.findall(
            r'data-state="(\w+)">\s*<a class="queue-code" href="/judge/entries/'
            r'[^"]+">([^<]+)</a>\s*<span class="queue-title">([^<]*)</span>',
            page,
        )
    }


def _code(desk, title: str) -> str:
    return desk["made"].codes[desk["by_title"][title].id]


def test_a_second_visit_shows_the_same_queue_without_building_it(app, desk):
    """Nothing changed: the second visit shows the same lines, built once."""
    client = desk["client"]
    first = client.get("/judge/").get_data(as_text=True)
    second = client.get("/judge/").get_data(as_text=True)
    strip = re.compile(r'name="csrf_token"[^>]*')
    assert strip.sub("", first) == strip.sub("", second)
    assert len(desk["builds"]) == 1
    assert len(_lines(client)) == 3


def test_a_reading_opened_shows_its_new_state_without_a_rebuild(app, desk):
    """Opening an entry changes its state on the next visit; the lines are kept
    (only the states are read again)."""
    client = desk["client"]
    code = _code(desk, "Người lái đò")
    assert _lines(client)[code][0] == "new"
    assert client.get(f"/judge/entries/{code}").status_code == 200
    lines = _lines(client)
    assert lines[code][0] == "opened"
    assert list(lines)[-1] == code  # new first, then opened
    assert len(desk["builds"]) == 1


def test_a_new_author_is_cleaned_from_the_title_at_once(app, desk):
    """An author added elsewhere (another process, straight in the database) whose
    name is in a title: the next visit shows the title cleaned of it."""
    client = desk["client"]
    code = _code(desk, TITLES[0])
    assert _lines(client)[code][1] == TITLES[0]
    with app.app_context():
        db.session.execute(
            insert(EntryAuthor).values(
                entry_id=desk["by_title"][TITLES[0]].id,
                position=1,
                full_name="Lê Văn Bốn",
            )
        )
        db.session.commit()
    title = _lines(client)[code][1]
    assert "Lê Văn Bốn" not in title and MARK in title
    assert len(desk["builds"]) == 2


def test_the_owners_new_name_is_cleaned_from_the_title(app, desk):
    """The writer (owner of an online entry) renames their account to a name in the
    title: the queue cleans it on the next visit."""
    client = desk["client"]
    code = _code(desk, TITLES[0])
    _lines(client)
    with app.app_context():
        owner_id = db.session.get(Entry, desk["by_title"][TITLES[0]].id).owner_id
        db.session.execute(
            update(User).where(User.id == owner_id).values(full_name="Lê Văn Bốn")
        )
        db.session.commit()
    assert MARK in _lines(client)[code][1]


def test_a_new_version_title_track_and_deadline_show_on_the_next_visit(app, desk):
    """A new submitted version's title, a renamed track and a new deadline: each
    shows on the next visit."""
    client = desk["client"]
    code = _code(desk, "Cô giáo vùng cao")
    _lines(client)
    entry_id = desk["by_title"]["Cô giáo vùng cao"].id
    with app.app_context():
        latest = db.session.scalars(
            select(EntryVersion)
            .where(EntryVersion.entry_id == entry_id)
            .order_by(EntryVersion.number.desc())
        ).first()
        db.session.execute(
            insert(EntryVersion).values(
                entry_id=entry_id,
                number=latest.number + 1,
                title="Cô giáo bản vùng cao",
                text=latest.text,
                word_count=latest.word_count,
                source=latest.source,
            )
        )
        track_id = db.session.get(Entry, entry_id).track_id
        db.session.execute(
            update(Track).where(Track.id == track_id).values(name="Bài viết mới")
        )
        ends = datetime.now(UTC) + timedelta(days=3, hours=1)
        db.session.execute(
            update(Round).where(Round.id == desk["made"].round_id).values(ends_at=ends)
        )
        db.session.commit()
    assert _lines(client)[code][1] == "Cô giáo bản vùng cao"
    page = shown(client.get("/judge/"))
    assert "Bài viết mới" in page and "3 days left" in page


def test_a_recused_reading_and_a_closed_round_leave_the_queue(app, desk):
    """A reading ended (recusal) or its round closed, from anywhere: gone at once."""
    client = desk["client"]
    code = _code(desk, "Người lái đò")
    assert code in _lines(client)
    with app.app_context():
        db.session.execute(
            update(Assignment)
            .where(Assignment.entry_id == desk["by_title"]["Người lái đò"].id)
            .values(recused_at=datetime.now(UTC))
        )
        db.session.commit()
    lines = _lines(client)
    assert code not in lines and len(lines) == 2
    with app.app_context():
        db.session.execute(
            update(Round)
            .where(Round.id == desk["made"].round_id)
            .values(closed_at=datetime.now(UTC))
        )
        db.session.commit()
    assert _lines(client) == {}
    assert "You have no entries to read" in shown(client.get("/judge/"))


def test_two_judges_never_see_each_others_queue(app, make_judged_round, monkeypatch):
    """Two judges served by the same process one after the other each see only
    their own codes."""
    monkeypatch.setattr(queue_list, "_BUILT", OrderedDict())
    made = make_judged_round(readers=1, titles=TITLES[:2])
    seen = {}
    for judge in made.judges:
        client = app.test_client()
        assert login(client, judge.email, judge.password).status_code == 302
        for _visit in range(2):
            seen[judge.id] = set(_lines(client))
    with app.app_context():
        mine = {
            judge.id: {
                made.codes[e]
                for e in db.session.scalars(
                    select(Assignment.entry_id).where(Assignment.judge_id == judge.id)
                )
            }
            for judge in made.judges
        }
    assert seen == mine
    assert all(seen.values()) and not set.intersection(*seen.values())

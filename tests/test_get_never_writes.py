"""Opening a page never writes: the main GET pages of the organizer, judge, unit and
writer areas, on a fresh edition, execute no INSERT, UPDATE or DELETE.

Rows a page needs but that do not exist yet (a judge's profile, the edition's
judging options) are shown with their defaults and written by the form that
changes them; so a GET commits nothing and may run on a read-only replica. The few
GET views that do write (a download's audit row, a judge's first opening of an entry,
an email confirmation) are marked ``@writes_on_get``, which makes them take the write
lock first on SQLite; the last tests hold both rules.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from contest.extensions import db
from contest.models import Edition, Role, User
from contest.services.editions import set_judge
from judging.assignment.models import JudgeProfile
from tests.conftest import login, post_form

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)

ORGANIZER_PAGES = (
    "/organizer/",
    "/organizer/editions/new",
    "/organizer/editions/{edition}",
    "/organizer/editions/{edition}/timeline",
    "/organizer/editions/{edition}/tracks",
    "/organizer/editions/{edition}/fields",
    "/organizer/editions/{edition}/rubric",
    "/organizer/editions/{edition}/rounds",
    "/organizer/editions/{edition}/rounds/{round}/rubric",
    "/organizer/editions/{edition}/prizes",
    "/organizer/editions/{edition}/entries",
    "/organizer/editions/{edition}/participation",
    "/organizer/editions/{edition}/grassroots",
    "/organizer/editions/{edition}/targets",
    "/organizer/editions/{edition}/judging",
    "/organizer/editions/{edition}/judging/judges",
    "/organizer/editions/{edition}/judging/judges/{judge}",
    "/organizer/editions/{edition}/judging/conflicts",
    "/organizer/editions/{edition}/judging/identity",
    "/organizer/editions/{edition}/judging/rounds/{round}",
    "/organizer/editions/{edition}/judging/rounds/{round}/preview",
    "/organizer/editions/{edition}/judging/rounds/{round}/readings",
    "/organizer/editions/{edition}/judging/rounds/{round}/results",
    "/organizer/editions/{edition}/judging/rounds/{round}/calibration",
    "/organizer/editions/{edition}/judging/rounds/{round}/advance",
    "/organizer/editions/{edition}/plagiarism",
    "/organizer/editions/{edition}/plagiarism/boilerplate",
    "/organizer/editions/{edition}/plagiarism/same-person",
    "/organizer/editions/{edition}/awards/",
    "/organizer/editions/{edition}/awards/collective",
    "/organizer/editions/{edition}/awards/featured",
    "/organizer/editions/{edition}/awards/notifications",
    "/organizer/editions/{edition}/awards/documents",
    "/organizer/editions/{edition}/official-documents",
    "/organizer/editions/{edition}/statistics",
    "/organizer/editions/{edition}/archive",
    "/organizer/editions/{edition}/register/plan",
    "/organizer/entries/{entry}",
    "/organizer/awards",
    "/organizer/register",
    "/organizer/register/statistics",
    "/organizer/units",
    "/organizer/units/{unit}",
    "/organizer/units/new",
    "/organizer/users",
    "/organizer/users/{judge}",
    "/organizer/jobs",
    "/organizer/outbox",
    "/organizer/plagiarism/references",
)
# A judge who has not signed the declaration is sent to it from the queue (302).
JUDGE_PAGES = ("/judge/declaration", "/judge/", "/account/", "/account/profile")
UNIT_PAGES = (
    "/unit/",
    "/unit/entries/new",
    "/unit/entries/{unit_entry}",
    "/unit/batches",
    "/unit/import",
    "/unit/register",
)
WRITER_PAGES = (
    "/writer/",
    "/writer/entries/new",
    "/writer/entries/{entry}/edit",
    "/writer/entries/{entry}/review",
    "/writer/entries/{entry}/receipt",
    "/account/",
)


@contextmanager
def statements_written(app):
    """Collect the INSERT/UPDATE/DELETE statements sent to the database meanwhile."""
    written: list[str] = []

    def record(_conn, _cursor, statement, _params, _context, _executemany):
        if WRITE.match(statement):
            written.append(statement.split("\n")[0][:120])

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield written
    finally:
        event.remove(engine, "before_cursor_execute", record)


@pytest.fixture
def fresh_edition(app, make_user, make_edition, make_unit, make_entry):
    """A fresh edition with a judge (no profile yet), a unit with its focal point and
    an entry of one of its writers, a writer with an entry; the people's accounts."""
    edition_id = make_edition()
    unit_id = make_unit()
    judge = make_user(Role.JUDGE, full_name="Giám Khảo Mới")
    focal = make_user(Role.UNIT, unit_id=unit_id, full_name="Đầu Mối Đơn Vị")
    organizer = make_user(Role.ORGANIZER, full_name="Ban Tổ Chức")
    writer = make_user(full_name="Người Viết")
    entry = make_entry(owner=writer, edition_id=edition_id)
    unit_entry = make_entry(edition_id=edition_id, unit_id=unit_id)
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        set_judge(None, edition, db.session.get(User, judge.id), True)
        round_id = edition.rounds[0].id
        db.session.commit()
    ids = {
        "edition": edition_id,
        "round": round_id,
        "judge": judge.id,
        "unit": unit_id,
        "entry": entry.id,
        "unit_entry": unit_entry.id,
    }
    people = {"organizer": organizer, "judge": judge, "unit": focal, "writer": writer}
    return ids, people


@pytest.mark.parametrize(
    ("role", "pages"),
    [
        ("organizer", ORGANIZER_PAGES),
        ("judge", JUDGE_PAGES),
        ("unit", UNIT_PAGES),
        ("writer", WRITER_PAGES),
    ],
)
def test_get_pages_write_nothing(app, client, fresh_edition, role, pages):
    """Each page opens (200) and sends no INSERT, UPDATE or DELETE to the database."""
    ids, people = fresh_edition
    person = people[role]
    assert login(client, person.email, person.password).status_code == 302
    client.get("/")  # the session's first page after login
    failures = {}
    for page in pages:
        url = page.format(**ids)
        with statements_written(app) as written:
            response = client.get(url)
        expected = 302 if (role, page) == ("judge", "/judge/") else 200
        if response.status_code != expected or written:
            failures[url] = (response.status_code, written)
    assert failures == {}


def test_judge_queue_after_signing_writes_nothing(app, client, fresh_edition):
    """Signing the declaration writes the judge's profile (a POST); the queue and the
    organizer's pool pages then read it without writing."""
    ids, people = fresh_edition
    judge = people["judge"]
    assert login(client, judge.email, judge.password).status_code == 302
    signed = post_form(client, "/judge/declaration", {"accept": "y"})
    assert signed.status_code == 302
    with statements_written(app) as written:
        assert client.get("/judge/").status_code == 200
    assert written == []
    with app.app_context():
        profile = db.session.scalar(db.select(JudgeProfile).filter_by(user_id=judge.id))
        assert profile.declaration_signed_at is not None
        assert [r.id for r in profile.rounds] == [
            r.id for r in db.session.get(Edition, ids["edition"]).rounds
        ]


def test_a_download_that_audits_survives_a_concurrent_write(
    app, make_user, make_edition, monkeypatch
):
    """Downloading the entries sheet writes one audit row after reading the entries;
    another user's save committed meanwhile must not turn the download into an error
    (on SQLite a GET that writes takes the write lock first: ``@writes_on_get``)."""
    import sqlite3

    from sqlalchemy import func, select

    from contest.exports import registry
    from contest.models import AuditLog

    edition_id = make_edition()
    organizer = make_user(Role.ORGANIZER)
    client = app.test_client()
    login(client, organizer.email)
    real_run = registry.run
    with app.app_context():
        engine = db.engine
    is_sqlite = engine.dialect.name == "sqlite"

    def run_while_someone_writes(name, **params):
        result = real_run(name, **params)
        if is_sqlite:
            # Another process tries to write while the request holds its lock: it
            # waits (busy timeout) instead of slipping in between.
            other = sqlite3.connect(engine.url.database, timeout=0.05)
            try:
                other.execute("UPDATE edition SET title = title")
                other.commit()
                wrote = True
            except sqlite3.OperationalError:
                wrote = False
            finally:
                other.close()
            assert not wrote, "the download did not hold the write lock"
        return result

    monkeypatch.setattr(registry, "run", run_while_someone_writes)
    response = client.get(f"/organizer/editions/{edition_id}/entries.xlsx")
    assert response.status_code == 200
    with app.app_context():
        audited = db.session.scalar(
            select(func.count()).where(AuditLog.action.like("export.%"))
        )
    assert audited == 1


def test_only_marked_get_views_may_write(app):
    """Every GET view that writes is marked ``@writes_on_get``; the marked ones are
    the downloads (audit rows), a judge's first opening and email confirmation."""
    marked = sorted(
        endpoint
        for endpoint, view in app.view_functions.items()
        if getattr(view, "writes_on_get", False)
    )
    assert "judge.read" in marked and "auth.confirm_email" in marked
    assert "organizer.export_entries" in marked and "files.attachment" in marked
    assert all(
        endpoint.split(".")[0] in {"organizer", "unit", "judge", "files", "auth"}
        for endpoint in marked
    ), marked

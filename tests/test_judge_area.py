"""The judge area: declaration first, a queue of codes, blind reading, 404 elsewhere."""

from __future__ import annotations

import html
import io
import re
from datetime import UTC, datetime

import pytest
from PIL import Image
from sqlalchemy import select

from contest.extensions import db
from contest.models import Entry, EntryStatus, Role
from judging.assignment.models import Assignment, JudgeProfile
from judging.rounds.models import Round
from tests.conftest import login, page_text, post_form
from tests.judging_fixtures import (
    XSS,
    active_pairs,
    add_judge,
    codes,
    commit_round,
    first_round_id,
    set_readers,
    shown,
)


@pytest.fixture
def judged(app, make_judged_round):
    """Two judges, each reading one entry (with a photo) in the open sơ khảo round."""
    made = make_judged_round(
        readers=1, titles=(f"Bếp cơm {XSS}", "Người lái đò"), with_photo=True
    )
    round_id, judges = made.round_id, made.judges
    pairs = dict(active_pairs(app, round_id))  # judge id → entry id (one each)
    assert len(pairs) == 2
    code_of = made.codes
    return {
        "round_id": round_id,
        "edition_id": made.edition_id,
        "judges": judges,
        "entries": {e.id: e for e in made.entries},
        "mine": {j.id: code_of[pairs[j.id]] for j in judges},
        "entry_of": {j.id: pairs[j.id] for j in judges},
    }


def log_in_judge(client, judged, index: int = 0):
    """Log in as one of the judges; return (person, their code)."""
    person = judged["judges"][index]
    assert login(client, person.email, person.password).status_code == 302
    client.get("/lang/en")
    return person, judged["mine"][person.id]


def test_first_visit_asks_for_the_declaration(app, client, make_edition, make_user):
    """A new judge signs the declaration (checkbox) before seeing entries; it is dated."""
    edition_id = make_edition()
    person = add_judge(app, make_user, edition_id, sign=False)
    login(client, person.email, person.password)
    client.get("/lang/en")
    response = client.get("/judge/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/judge/declaration")
    page = shown(client.get("/judge/declaration"))
    assert "I declare that I have no conflict of interest" in page
    refused = post_form(client, "/judge/declaration", {})
    assert "Please tick the declaration to continue." in shown(refused)
    with app.app_context():
        assert db.session.scalar(select(JudgeProfile.declaration_signed_at)) is None
    signed = post_form(
        client, "/judge/declaration", {"accept": "y"}, follow_redirects=True
    )
    assert "Your declaration has been recorded." in shown(signed)
    with app.app_context():
        assert db.session.scalar(select(JudgeProfile.declaration_signed_at))
    assert client.get("/judge/").status_code == 200


def test_queue_lists_only_the_judges_codes(app, client, judged):
    """The queue shows the judge's own code, never numbers, names or other codes."""
    _person, code = log_in_judge(client, judged)
    page = shown(client.get("/judge/"))
    assert f"/judge/entries/{code}" in page
    other = judged["mine"][judged["judges"][1].id]
    assert other not in page
    for entry in judged["entries"].values():
        assert entry.number not in page
    assert "Trần Thị Tác Giả" not in page


def test_reading_view_shows_the_blind_entry(app, client, judged):
    """Code, title, text and the featured person are shown, escaped, without contacts."""
    person, code = log_in_judge(client, judged)
    response = client.get(f"/judge/entries/{code}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store, private"
    raw = page_text(response)
    assert XSS not in raw  # a writer's markup is shown as text, never run
    page = html.unescape(raw)
    assert code in page and "Nguyễn Thị Hoa" in page and "Phường Hàng Bạc" in page
    assert "Mỗi sáng, bà dậy từ bốn giờ" in page
    entry = judged["entries"][judged["entry_of"][person.id]]
    assert entry.number not in page and "0912 000 111" not in page
    with app.app_context():
        row = db.session.scalar(
            select(Assignment).where(Assignment.judge_id == person.id)
        )
        assert row.opened_at is not None  # the organizers' progress counts it


@pytest.mark.parametrize(
    "url",
    [
        "/judge/entries/{other}",
        "/judge/entries/{other}/photos/1",
        "/judge/entries/{other}/conflict",
        "/judge/entries/SK-2345AB",
        "/judge/entries/{entry_id}",
        "/judge/entries/{number}",
        "/judge/entries/{code}/photos/2",
        "/judge/entries/{code}/photos/0",
    ],
)
def test_anything_but_own_readings_is_404(client, judged, url):
    """Another judge's code, a guessed code, an id or a number all look like nothing."""
    person, code = log_in_judge(client, judged)
    other_judge = judged["judges"][1].id
    entry_id = judged["entry_of"][person.id]
    target = url.format(
        other=judged["mine"][other_judge],
        code=code,
        entry_id=entry_id,
        number=judged["entries"][entry_id].number,
    )
    assert client.get(target).status_code == 404


def test_codes_are_case_insensitive_for_the_judge(client, judged):
    """A code typed in lower case still opens the judge's own entry."""
    _person, code = log_in_judge(client, judged)
    assert client.get(f"/judge/entries/{code.lower()}").status_code == 200


def test_closed_round_and_withdrawn_entries_disappear(app, client, judged):
    """Closing the round (or ruling the entry out) ends access at once."""
    person, code = log_in_judge(client, judged)
    with app.app_context():
        db.session.get(
            Entry, judged["entry_of"][person.id]
        ).status = EntryStatus.NOT_ELIGIBLE
        db.session.commit()
    assert client.get(f"/judge/entries/{code}").status_code == 404
    with app.app_context():
        db.session.get(
            Entry, judged["entry_of"][person.id]
        ).status = EntryStatus.UNDER_REVIEW
        db.session.get(Round, judged["round_id"]).closed_at = datetime.now(UTC)
        db.session.commit()
    assert client.get(f"/judge/entries/{code}").status_code == 404
    assert f"/judge/entries/{code}" not in page_text(client.get("/judge/"))


def test_photo_is_the_clean_copy_named_by_the_code(client, judged):
    """The judge gets the photo without EXIF/GPS, under a name made of the code."""
    _person, code = log_in_judge(client, judged)
    response = client.get(f"/judge/entries/{code}/photos/1")
    assert response.status_code == 200
    assert response.mimetype.startswith("image/")
    assert f"{code}-1." in response.headers["Content-Disposition"]
    image = Image.open(io.BytesIO(response.data))
    assert not image.getexif() and b"Exif" not in response.data
    assert "Bích Ngọc".encode() not in response.data  # the EXIF artist is gone


def test_recusal_needs_the_box_ticked(app, client, judged):
    """Nothing happens until the judge confirms the conflict."""
    person, code = log_in_judge(client, judged)
    page = shown(client.get(f"/judge/entries/{code}/conflict"))
    assert "Declare a conflict with entry" in page
    refused = post_form(client, f"/judge/entries/{code}/conflict", {})
    assert "Please tick the box to confirm." in shown(refused)
    assert (person.id, judged["entry_of"][person.id]) in active_pairs(
        app, judged["round_id"]
    )


@pytest.mark.parametrize("role", [Role.WRITER, Role.UNIT, Role.ORGANIZER])
def test_the_judge_area_is_for_judges_only(client, login_as, role):
    """Other roles get 403 on the judge pages."""
    login_as(role)
    assert client.get("/judge/").status_code == 403


def test_a_judge_with_nothing_assigned_sees_an_empty_queue(client, login_as):
    """A judge account outside any pool sees a friendly empty list."""
    login_as(Role.JUDGE)
    client.get("/lang/en")
    assert "You have no entries to read" in shown(client.get("/judge/"))


def _statements_of(app, call) -> int:
    """How many SQL statements the app sends while `call()` runs."""
    from sqlalchemy import event

    count = 0

    def counted(*_args):
        nonlocal count
        count += 1

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", counted)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", counted)
    return count


def test_queue_and_reading_cost_the_same_for_a_long_queue(
    app, client, make_edition, make_user, make_entry
):
    """A judge with 9 entries waits no longer than one with 3: the queue and the
    reading view load entries in a fixed number of statements, never one per entry
    (628 statements for a 90-entry queue before)."""
    edition_id = make_edition()
    round_id = first_round_id(app, edition_id)
    set_readers(app, round_id, 1)
    judges = [add_judge(app, make_user, edition_id) for _ in range(2)]
    for i in range(12):
        make_entry(title=f"Bài số {i}", with_photo=i % 2 == 0)
    commit_round(app, round_id)
    code_of = codes(app, round_id)
    with app.app_context():  # an uneven split: move readings to the first judge
        rows = db.session.scalars(
            select(Assignment).where(Assignment.round_id == round_id)
        ).all()
        for row in rows[:9]:
            row.judge_id = judges[0].id
        for row in rows[9:]:
            row.judge_id = judges[1].id
        db.session.commit()
    mine = {
        j.id: [code_of[e] for jid, e in active_pairs(app, round_id) if jid == j.id]
        for j in judges
    }
    assert sorted(len(c) for c in mine.values()) == [3, 9]
    costs = {}
    for judge in judges:
        reader = app.test_client()
        assert login(reader, judge.email, judge.password).status_code == 302
        reader.get(f"/judge/entries/{mine[judge.id][0]}")  # opened once already
        queue = _statements_of(app, lambda r=reader: r.get("/judge/"))
        opened = _statements_of(
            app, lambda r=reader, c=mine[judge.id][0]: r.get(f"/judge/entries/{c}")
        )
        costs[len(mine[judge.id])] = (queue, opened)
    assert costs[9] == costs[3], costs


def test_a_judge_lands_on_the_queue_with_the_readings_left(app, client, judged):
    """After login a judge goes straight to their queue, which says how many readings
    are left; the filter form is folded (details/summary) so a phone shows the list
    first, and open when filters are in use."""
    person = judged["judges"][0]
    response = login(client, person.email, person.password)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/judge/")
    client.get("/lang/vi")
    page = client.get("/judge/").get_data(as_text=True)
    assert "Số bài còn phải chấm: 1 trên 1." in html.unescape(page)
    assert '<details class="mb-3" id="queue-filter-box" data-open-wide>' in page
    assert "<summary" in page.split('id="queue-filter-box"')[1].split("<form")[0]
    filtered = client.get("/judge/?state=new").get_data(as_text=True)
    assert 'id="queue-filter-box" data-open-wide open>' in filtered
    # Already logged in: the login page sends the judge to the queue as well.
    assert client.get("/auth/login").headers["Location"].endswith("/judge/")


def test_an_organizer_who_also_judges_lands_on_the_account_home(
    client, login_as, make_user
):
    """Someone with an organizer role keeps the account home, which leads to both."""
    person = make_user(Role.JUDGE, Role.ORGANIZER)
    response = login(client, person.email, person.password)
    assert response.headers["Location"].endswith("/account/")


def test_text_size_buttons_are_named_by_what_they_show(client, judged):
    """axe-core's label-content-name-mismatch: the A−/A+ buttons' accessible name
    begins with their visible text ("A−: Smaller text"), no aria-label hides it."""
    _person, code = log_in_judge(client, judged)
    page = client.get(f"/judge/entries/{code}").get_data(as_text=True)
    for button, visible, words in (
        ("text-smaller", "A−", "Smaller text"),
        ("text-larger", "A+", "Larger text"),
    ):
        tag = re.search(rf'<button[^>]*id="{button}"[^>]*>(.*?)</button>', page, re.S)
        assert tag and "aria-label" not in tag.group(0).split(">")[0]
        name = re.sub(r"<[^>]+>", "", tag.group(1))
        assert name.startswith(visible) and words in name

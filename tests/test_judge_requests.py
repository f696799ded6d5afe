"""The judge's three hot requests made cheaper (issue #19): the reading view, the score
form and the autosave read the reading, its sheet and the declaration in one
statement, the entry's lists in one more, keep a frozen rubric per process and save
a draft with one conditional statement. What a judge sees and what is saved must not
change: the same blind entry (nothing of the authors), the same refusals, no lost
update, and a cached rubric that follows the database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from contest.extensions import db
from contest.models import (
    Edition,
    EditionStatus,
    Entry,
    EntryAuthor,
    FeaturedPerson,
    User,
)
from judging.assignment.models import Assignment, JudgeProfile
from judging.identity.models import Redaction
from judging.reading.services import opening
from judging.reading.services.blind import REDACTION_MARK, blind_entry
from judging.rounds.models import Criterion, Round
from judging.scoring.models import Score
from judging.scoring.services.drafts import criteria_for, save_draft_seen
from judging.scoring.services.sheets import ScoreRefused, SheetInput
from tests.conftest import client_as, page_text, post_form
from tests.judging_fixtures import add_judge, codes, commit_round, first_round_id
from tests.lock_fixtures import race


@pytest.fixture
def reading(app, make_edition, make_user, make_entry):
    """One judge's reading of a rich entry (two authors, a photo, an author's name in
    the title and in the featured person's fields, a redacted span)."""
    edition_id = make_edition()
    round_id = first_round_id(app, edition_id)
    with app.app_context():
        db.session.get(Round, round_id).readers_per_entry = 1
        db.session.commit()
    judge = add_judge(app, make_user, edition_id)
    sample = make_entry(title="Bếp cơm của Trần Thị Tác Giả", with_photo=True)
    with app.app_context():
        entry = db.session.get(Entry, sample.id)
        entry.authors.append(
            EntryAuthor(
                position=1,
                full_name="Lê Văn Đồng Tác",
                phone="0987 654 321",
                email="dong.tac@example.vn",
                unit_name="Trường THCS Láng Thượng",
                address="12 phố Chùa Láng",
            )
        )
        person = entry.featured[0]
        person.summary = "Được Lê Văn Đồng Tác kể lại, gọi 0987 654 321."
        entry.featured.append(
            FeaturedPerson(position=1, name="Bếp ăn 0 đồng", subject_kind="collective")
        )
        version = entry.latest_version
        db.session.add(Redaction(version_id=version.id, span_start=0, span_end=5))
        db.session.commit()
    commit_round(app, round_id)
    code = codes(app, round_id)[sample.id]
    return {
        "edition_id": edition_id,
        "round_id": round_id,
        "judge": judge,
        "entry_id": sample.id,
        "code": code,
    }


def test_the_blind_view_from_columns_is_the_one_from_the_entry(app, reading):
    """The reading view's entry, read as columns, is exactly what the one builder
    makes of the ORM entry: the same cleaned title and featured people, the same
    redacted text, the same photos, nothing of the authors."""
    with app.test_request_context():
        judge = db.session.get(User, reading["judge"].id)
        found = opening.find_reading(judge, reading["code"].lower(), page=True)
        shown = opening.blind_view(found)
        entry = db.session.get(Entry, reading["entry_id"])
        assert shown == blind_entry(entry, found.code, found.row.round.name)
        assert shown.text.startswith(REDACTION_MARK)
        assert len(shown.photo_ids) == 1 and len(shown.featured) == 2
        text = repr(shown)
        for secret in ("Trần Thị Tác Giả", "Lê Văn Đồng Tác", "0987 654 321"):
            assert secret not in text


def test_a_save_reading_is_the_same_reading(app, reading):
    """Without the page's columns the reading is the same, its sheet as (id, version,
    state); another judge's code is None (404)."""
    with app.test_request_context():
        judge = db.session.get(User, reading["judge"].id)
        found = opening.find_reading(judge, reading["code"])
        assert found.code == reading["code"] and found.score is None
        assert found.entry is None and not found.pending_declaration
        other = db.session.scalar(select(User).where(User.id != judge.id))
        assert opening.find_reading(other, reading["code"]) is None


def test_a_pending_declaration_sends_the_judge_to_it_first(app, reading):
    """A judge whose declaration is unsigned is sent to it from the reading view, the
    score form and an autosave, as before (asked with the reading now)."""
    with app.app_context():
        profile = db.session.scalar(
            select(JudgeProfile).where(JudgeProfile.user_id == reading["judge"].id)
        )
        profile.declaration_signed_at = None
        db.session.commit()
    client = client_as(app, reading["judge"])
    code = reading["code"]
    for reply in (
        client.get(f"/judge/entries/{code}"),
        client.get(f"/judge/entries/{code}/score"),
        client.get("/judge/entries/NO-SUCH/score"),
        _autosave(client, code, 0, "Một"),
    ):
        assert reply.status_code == 302
        assert reply.location.endswith("/judge/declaration")


def _autosave(client, code: str, version: int, comment: str):
    return post_form(
        client,
        f"/judge/entries/{code}/score",
        {"version": str(version), "overall_comment": comment},
        headers={"X-Autosave": "1", "Accept": "application/json"},
    )


def test_autosaves_keep_the_optimistic_lock(app, reading):
    """First draft, next draft, an old version refused as stale, a submitted sheet
    refused as locked: the one-statement save answers as the locked one did."""
    client = client_as(app, reading["judge"])
    code = reading["code"]
    first = _autosave(client, code, 0, "Một")
    assert first.status_code == 200 and first.json["version"] == 1
    second = _autosave(client, code, 1, "Hai")
    assert second.json["version"] == 2
    stale = _autosave(client, code, 1, "Cũ")
    assert stale.status_code == 409 and stale.json["reason"] == "stale"
    with app.app_context():
        sheet = db.session.scalar(select(Score))
        assert (sheet.overall_comment, sheet.version) == ("Hai", 2)
        sheet.status = "submitted"
        db.session.commit()
    locked = _autosave(client, code, 2, "Sau khi nộp")
    assert locked.status_code == 409 and locked.json["reason"] == "locked"


def test_two_first_drafts_at_once_never_lose_an_update(app, reading):
    """Two tabs save the first draft of one reading at once through the
    one-statement save: one wins, the other is told it is stale, one sheet."""

    def save(comment):
        def work():
            judge = db.session.get(User, reading["judge"].id)
            row = db.session.scalar(select(Assignment))
            sheet = SheetInput(overall_comment=comment)
            return save_draft_seen(
                judge, row, None, sheet, 0, datetime.now(UTC), []
            ).version

        return work

    outcome = race(app, save("Tab thứ nhất"), save("Tab thứ hai"))
    assert outcome["first"] == 1
    assert isinstance(outcome["second"], ScoreRefused)
    assert outcome["second"].args[0] == "stale"
    with app.app_context():
        sheets = db.session.scalars(select(Score)).all()
        assert [s.overall_comment for s in sheets] == ["Tab thứ nhất"]


def test_the_rubric_is_kept_only_once_frozen_and_per_sheet(app, reading):
    """Before a sheet is saved the rubric is read each time (an organizer may still
    change it); once frozen it is kept, under the sheet that froze it, so a rubric
    of a database made again (same ids, another sheet) is not taken for it."""
    client = client_as(app, reading["judge"])
    code = reading["code"]
    with app.app_context():
        criterion = db.session.scalar(
            select(Criterion)
            .where(Criterion.edition_id == reading["edition_id"])
            .order_by(Criterion.position)
        )
        criterion.name = "Tính chân thực (sửa)"
        db.session.commit()
    assert "Tính chân thực (sửa)" in page_text(client.get(f"/judge/entries/{code}"))
    assert _autosave(client, code, 0, "Một").status_code == 200
    with app.test_request_context():
        judge = db.session.get(User, reading["judge"].id)
        found = opening.find_reading(judge, code)
        assert found.first_sheet is not None
        kept = criteria_for(found.row, found.first_sheet)
        assert kept[0].name == "Tính chân thực (sửa)"
        assert criteria_for(found.row, found.first_sheet) == kept
        other = criteria_for(found.row, "0@another sheet")
        assert [c.id for c in other] == [c.id for c in kept]


def test_a_closed_edition_still_refuses_the_save(app, reading):
    """A save to a reading of a closed edition is refused by the closed-edition
    guard (409), as before: the reading is not readable, so the guard looks it up."""
    client = client_as(app, reading["judge"])
    with app.app_context():
        db.session.get(Edition, reading["edition_id"]).status = EditionStatus.CLOSED
        db.session.commit()
    reply = _autosave(client, reading["code"], 0, "Muộn")
    assert reply.status_code == 409
    with app.app_context():
        assert db.session.scalar(select(Score)) is None

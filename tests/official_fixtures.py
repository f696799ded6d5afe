"""Builders for the official-documents tests: an edition whose award list was
approved by a named chair, with winners in two tracks, and one issued document for
the access walker. Plain functions taking the app; each commits."""

from __future__ import annotations

from datetime import UTC, date, datetime

from contest.extensions import db
from contest.models import Edition, Entry, PrizeAmount
from judging.awards.models.lists import AwardList, AwardStage
from tests.award_fixtures import award_list

# (author, title, track index, tier) in the jury's rank order within each track.
WINNERS = (
    ("Nguyễn Thị Dư", "Bếp cơm yêu thương", 0, "dac_biet"),
    ("Trần Văn Dương", "Người thầy của bản", 0, "nhat"),
    ("Đặng Thị Ánh", "Cô giáo vùng cao", 0, "nhat"),
    ("Lý Văn Mạnh", "Người gác rừng", 1, "nhi"),
)
AMOUNTS = {"dac_biet": 20_000_000, "nhat": 10_000_000, "nhi": 7_000_000}


def approved_awards(
    app, make_user, make_entry, make_edition, *, stage=AwardStage.APPROVED
):
    """An edition with WINNERS on an award list approved by "Lê Hồng Sơn"."""
    edition_id = make_edition()
    chair = make_user(full_name="Lê Hồng Sơn")
    entries = []
    for author, title, track_index, _tier in WINNERS:
        sample = make_entry(
            owner=make_user(full_name=author), title=title, edition_id=edition_id
        )
        entries.append(sample.id)
        with app.app_context():
            edition = db.session.get(Edition, edition_id)
            db.session.get(Entry, sample.id).track_id = edition.tracks[track_index].id
            db.session.commit()
    list_id = award_list(
        app,
        edition_id,
        [(e, w[3]) for e, w in zip(entries, WINNERS, strict=True)],
        stage=stage,
    )
    with app.app_context():
        row = db.session.get(AwardList, list_id)
        row.approved_by_id = chair.id
        row.approved_at = datetime(2026, 10, 1, 3, 0, tzinfo=UTC)
        row.decision_date = date(2026, 10, 5)
        row.award_date = date(2026, 10, 10)
        db.session.commit()
    return {"edition_id": edition_id, "entries": entries, "list_id": list_id}


def set_amounts(app, edition_id: int) -> None:
    """AMOUNTS for every track of the edition."""
    with app.app_context():
        for track in db.session.get(Edition, edition_id).tracks:
            for tier, amount in AMOUNTS.items():
                db.session.add(PrizeAmount(track_id=track.id, tier=tier, amount=amount))
        db.session.commit()


def official_objects(app, edition_id: int) -> dict:
    """URL values for the access walker: an issued decision of the (published) list."""
    from judging.official.services.award_issue import issue_award_decision

    with app.app_context():
        issued = issue_award_decision(None, db.session.get(Edition, edition_id))
        db.session.commit()
        return {"document_id": issued.id, "fmt": "pdf"}

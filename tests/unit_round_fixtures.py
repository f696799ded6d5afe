"""Builders of the unit-round tests: a district that holds entries, its focal point
and its people, and the steps a focal point takes through its pages (each a real
request, so each commits like the app does)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from contest.extensions import db
from contest.models import Edition, Entry, Role
from judging.assignment.models import JudgingCode
from judging.rounds.models import Round
from tests.conftest import Person, client_as, post_form


@dataclass(frozen=True)
class UnitWorld:
    """An open edition; Ba Đình district holds three entries (its commune Điện Biên
    holds a fourth, Cầu Giấy district a fifth); focal points and people of each."""

    edition_id: int
    district: int
    commune: int
    other_district: int
    focal: Person  # focal point of Ba Đình
    other_focal: Person  # focal point of Cầu Giấy
    district_person: Person  # an account of Ba Đình (a future judge)
    commune_person: Person  # an account of Điện Biên, below Ba Đình
    held: list[int]  # the entries Ba Đình holds
    commune_entry: int
    other_entry: int


@pytest.fixture
def unit_world(app, make_edition, make_user, make_entry, unit_tree_ids) -> UnitWorld:
    """See UnitWorld."""
    tree = unit_tree_ids
    edition_id = make_edition()
    titles = ("Bếp cơm yêu thương", "Người lái đò", "Cô giáo vùng cao")
    held = [
        make_entry(
            owner=make_user(unit_id=tree.district, full_name=f"Tác Giả {i}"),
            title=title,
            edition_id=edition_id,
        ).id
        for i, title in enumerate(titles)
    ]
    commune_entry = make_entry(
        owner=make_user(unit_id=tree.commune_a, full_name="Tác Giả Phường"),
        title="Tổ dân phố",
        edition_id=edition_id,
    ).id
    other_entry = make_entry(
        owner=make_user(unit_id=tree.district2, full_name="Tác Giả Cầu Giấy"),
        title="Chợ quê",
        edition_id=edition_id,
    ).id
    return UnitWorld(
        edition_id=edition_id,
        district=tree.district,
        commune=tree.commune_a,
        other_district=tree.district2,
        focal=make_user(Role.UNIT, unit_id=tree.district, full_name="Đầu Mối Ba Đình"),
        other_focal=make_user(
            Role.UNIT, unit_id=tree.district2, full_name="Đầu Mối Cầu Giấy"
        ),
        district_person=make_user(unit_id=tree.district, full_name="Lê Văn Quận"),
        commune_person=make_user(unit_id=tree.commune_a, full_name="Phạm Thị Phường"),
        held=held,
        commune_entry=commune_entry,
        other_entry=other_entry,
    )


def create_round(client, name: str = "Vòng chấm quận", readers: str = "2") -> int:
    """The focal point creates a round on the unit's page; its id."""
    response = post_form(
        client, "/unit/rounds", {"name": name, "readers_per_entry": readers}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"/unit/rounds/(\d+)", response.headers["Location"]).group(1))


def add_judges(client, round_id: int, *people: Person) -> None:
    """The focal point adds accounts of the unit as judges of the round."""
    for person in people:
        response = post_form(
            client, f"/unit/rounds/{round_id}/judges", {"user_id": str(person.id)}
        )
        assert response.status_code == 302


def assign_and_open(client, round_id: int) -> None:
    """The focal point gives out the entries (which opens the round)."""
    response = post_form(client, f"/unit/rounds/{round_id}/assign")
    assert response.status_code == 302


def round_codes(app, round_id: int) -> dict[int, str]:
    """Entry id → code in the round."""
    with app.app_context():
        rows = db.session.scalars(
            select(JudgingCode).where(JudgingCode.round_id == round_id)
        )
        return {r.entry_id: r.code for r in rows}


def full_marks(app, round_id: int, share: float = 1.0) -> dict[str, str]:
    """A complete score sheet of the round's rubric (``share`` of each maximum)."""
    with app.app_context():
        round_ = db.session.get(Round, round_id)
        criteria = (
            round_.criteria or db.session.get(Edition, round_.edition_id).criteria
        )
        return {f"value-{c.id}": f"{round(c.max_points * share):g}" for c in criteria}


def judge_client(app, person: Person):
    """A unit judge's browser, logged in, declaration signed."""
    client = client_as(app, person)
    response = post_form(client, "/judge/declaration", {"accept": "y"})
    assert response.status_code == 302
    return client


def entry_status(app, entry_id: int) -> tuple[str, int | None]:
    """(status, holder unit id) of an entry."""
    with app.app_context():
        entry = db.session.get(Entry, entry_id)
        return str(entry.status), entry.holder_unit_id

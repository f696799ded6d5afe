"""The edges of a unit's own round: it reads only what the unit holds (never an
entry its writer sent straight to the city), its focal point never judges its own
blind round, inviting a judge by email tells nothing about other units' accounts,
a submitted sheet can be unlocked by the unit with a reason, the identity check looks
only at the round's entries, and the shortlist form refuses two choices at once."""

from __future__ import annotations

from contest.extensions import db
from contest.models import Entry
from tests.conftest import client_as
from tests.judging_fixtures import shown
from tests.unit_round_fixtures import (
    add_judges,
    assign_and_open,
    create_round,
    round_codes,
)


def test_an_entry_sent_straight_to_the_city_is_not_read_by_the_unit(app, unit_world):
    """The writer of one of Ba Đình's entries sent it past the unit: the unit's round
    neither counts it nor gives it to the unit's judges."""
    w = unit_world
    with app.app_context():
        db.session.get(Entry, w.held[0]).direct_to_city = True
        db.session.commit()
    focal = client_as(app, w.focal)
    round_id = create_round(focal, readers="1")
    page = shown(focal.get(f"/unit/rounds/{round_id}"))
    assert "Entries the round reads (those your unit holds): 2." in page
    add_judges(focal, round_id, w.district_person)
    assign_and_open(focal, round_id)
    assert sorted(round_codes(app, round_id)) == sorted(w.held[1:])

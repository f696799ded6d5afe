"""Helpers of the unit award list tests: three entries of the sample unit tree, a
focal point's browser, and the unit award page's forms driven as a user does."""

import html

from contest.extensions import db
from contest.models import Entry, Role
from judging.grassroots.models import UnitAward, UnitAwardList, UnitPrizeLevel
from tests.conftest import STORY, client_as, page_text, post_form


def award_entries(make_entry, make_edition, tree) -> dict:
    """A submitted entry by a writer of each commune (two of Ba Đình, one of Cầu
    Giấy): {"edition": id, "a"|"b"|"c": entry}."""
    edition_id = make_edition(year=2026)
    made = {
        key: make_entry(
            unit_id=unit,
            title=title,
            text=f"{STORY}\n\n{title}.",
            edition_id=edition_id,
        )
        for key, unit, title in (
            ("a", tree.commune_a, "Bếp cơm Điện Biên"),
            ("b", tree.commune_b, "Ông lái đò Đội Cấn"),
            ("c", tree.commune_c, "Cô giáo Dịch Vọng"),
        )
    }
    return {"edition": edition_id, **made}


def focal(app, make_user, unit_id):
    return client_as(app, make_user(Role.UNIT, unit_id=unit_id))


def shown(response) -> str:
    return html.unescape(page_text(response))


def url(edition_id, tail=""):
    return f"/unit/editions/{edition_id}/awards{tail}"


def add_level(client, edition_id, name):
    return shown(
        post_form(
            client, url(edition_id, "/levels"), {"name": name}, follow_redirects=True
        )
    )


def level_id(app, unit_id, name):
    with app.app_context():
        return db.session.scalar(
            db.select(UnitPrizeLevel.id)
            .join(UnitAwardList)
            .where(UnitAwardList.unit_id == unit_id, UnitPrizeLevel.name == name)
        )


def award(client, edition_id, entry_id, level):
    return shown(
        post_form(
            client,
            url(edition_id, "/entries"),
            {"entry_id": entry_id, "level_id": level or 0},
            follow_redirects=True,
        )
    )


HEAD = {
    "head_name": "Nguyễn Văn Trưởng",
    "head_title": "Chủ tịch UBND phường",
    "signed_on": "2026-10-05",
}


def sign(client, edition_id, **values):
    return shown(
        post_form(client, url(edition_id, "/sign"), values, follow_redirects=True)
    )


def awards_of(app, unit_id) -> dict[str, str]:
    """Entry title → level name on the unit's list."""
    with app.app_context():
        rows = db.session.execute(
            db.select(Entry.title, UnitPrizeLevel.name)
            .join(UnitAward, UnitAward.entry_id == Entry.id)
            .join(UnitPrizeLevel, UnitPrizeLevel.id == UnitAward.level_id)
            .join(UnitAwardList, UnitAwardList.id == UnitAward.list_id)
            .where(UnitAwardList.unit_id == unit_id)
        )
        return dict(rows.all())

"""Units' award lists read from above and on the entry's pages: a district reads the
lists of its communes (read only, from its own award page), never a sibling's or a
parent's; the organizer's and the focal point's pages of an entry show the unit
prizes it received on its way up (a focal point: its own subtree's only); the award
page counts the entries of each prize level."""

import pytest

from contest.models import Role
from tests.conftest import client_as, post_form
from tests.unit_award_fixtures import (
    HEAD,
    add_level,
    award,
    award_entries,
    focal,
    level_id,
    shown,
    sign,
    url,
)


@pytest.fixture
def entries(make_entry, make_edition, unit_tree_ids):
    return award_entries(make_entry, make_edition, unit_tree_ids)


def below(edition_id, unit_id):
    return url(edition_id, f"/units/{unit_id}")


def main(page: str) -> str:
    return page.split("<main", 1)[-1]


def test_a_district_reads_its_communes_lists_never_a_siblings_or_parents(
    app, make_user, unit_tree_ids, entries
):
    """Điện Biên signs its list and Dịch Vọng (another district) keeps one: Ba Đình
    sees Điện Biên's on its award page and opens it read only; it cannot open Dịch
    Vọng's; the communes cannot open their district's or each other's lists."""
    t, edition = unit_tree_ids, entries["edition"]
    commune = focal(app, make_user, t.commune_a)
    add_level(commune, edition, "Giải A")
    add_level(commune, edition, "Khuyến khích")
    award(commune, edition, entries["a"].id, level_id(app, t.commune_a, "Giải A"))
    sign(commune, edition, **HEAD)
    other = focal(app, make_user, t.commune_c)
    add_level(other, edition, "Giải Dịch Vọng")
    award(other, edition, entries["c"].id, level_id(app, t.commune_c, "Giải Dịch Vọng"))
    district = focal(app, make_user, t.district)
    add_level(district, edition, "Giải Quận")

    page = shown(district.get(url(edition)))
    assert "Award lists of the units below" in page
    lists = page.split('id="lists-below"', 1)[1].split("</table>", 1)[0]
    assert "Phường Điện Biên" in lists and "Nguyễn Văn Trưởng" in lists
    assert f'href="{below(edition, t.commune_a)}"' in lists
    assert "Phường Dịch Vọng" not in page and "Giải Dịch Vọng" not in page

    response = district.get(below(edition, t.commune_a))
    assert response.status_code == 200
    page = shown(response)
    assert "Award list of the unit: Phường Điện Biên" in page
    assert "Bếp cơm Điện Biên" in page and "Giải A" in page
    assert "Signed by Nguyễn Văn Trưởng, Chủ tịch UBND phường" in page
    assert "<form" not in main(page)  # read only
    # Đội Cấn, below too, has no list yet: said so, not refused.
    page = shown(district.get(below(edition, t.commune_b)))
    assert "This unit has not started an award list for this edition." in page

    for client, unit_id in (
        (district, t.commune_c),  # another district's commune
        (district, t.district2),  # a sibling district
        (district, t.district),  # its own list is on its award page, not here
        (commune, t.district),  # the parent's
        (commune, t.commune_b),  # a sibling's
        (other, t.commune_a),
    ):
        response = client.get(below(edition, unit_id))
        assert response.status_code == 404, unit_id
    # A commune has no unit below: no such section on its page.
    assert "Award lists of the units below" not in shown(commune.get(url(edition)))
    # The district's forms act on its own list only: Điện Biên's is unchanged.
    post_form(
        district,
        url(edition, "/entries"),
        {"entry_id": entries["a"].id, "level_id": level_id(app, t.commune_a, "Giải A")},
    )
    page = shown(district.get(below(edition, t.commune_a)))
    assert page.count('data-entry-id="') == 1
    organizer = client_as(app, make_user(Role.ORGANIZER))
    assert organizer.get(below(edition, t.commune_a)).status_code == 403


def test_each_prize_level_counts_its_entries(app, make_user, unit_tree_ids, entries):
    """The award page shows, beside each level, how many entries hold it (also in
    Vietnamese), and the district's read-only view of the list shows the same."""
    t, edition = unit_tree_ids, entries["edition"]
    district = focal(app, make_user, t.district)
    for name in ("Giải A", "Giải B"):
        add_level(district, edition, name)
    giai_a = level_id(app, t.district, "Giải A")
    award(district, edition, entries["a"].id, giai_a)
    page = award(district, edition, entries["b"].id, giai_a)
    levels = page.split('id="levels"', 1)[1].split("</ol>", 1)[0]
    assert 'data-count="2">2 entries</span>' in levels
    assert 'data-count="0">0 entries</span>' in levels

    commune = focal(app, make_user, t.commune_a)
    add_level(commune, edition, "Giải Nhất")
    award(commune, edition, entries["a"].id, level_id(app, t.commune_a, "Giải Nhất"))
    page = shown(district.get(below(edition, t.commune_a)))
    assert 'data-count="1">1 entry</span>' in page

    vietnamese = client_as(app, make_user(Role.UNIT, unit_id=t.district), lang="vi")
    page = shown(vietnamese.get(url(edition)))
    assert 'data-count="2">2 tác phẩm</span>' in page
    assert "Danh sách đạt giải của các đơn vị cấp dưới" in page


def test_entry_pages_show_the_unit_prizes_on_the_way_up(
    app, make_user, unit_tree_ids, entries
):
    """Điện Biên awards and signs, forwards the entry to Ba Đình, which awards it
    too (not signed): the organizer's page and the district's page list both, the
    commune first; the commune's page only its own (never its parent's); an entry
    with no unit prize has no such section."""
    t, edition = unit_tree_ids, entries["edition"]
    entry_id = entries["a"].id
    commune = focal(app, make_user, t.commune_a)
    add_level(commune, edition, "Giải A")
    award(commune, edition, entry_id, level_id(app, t.commune_a, "Giải A"))
    sign(commune, edition, **HEAD)
    post_form(commune, "/unit/forward", {"entry_ids": [entry_id]})
    district = focal(app, make_user, t.district)
    add_level(district, edition, "Giải Nhất quận")
    award(district, edition, entry_id, level_id(app, t.district, "Giải Nhất quận"))

    commune_line = "Giải A — Phường Điện Biên (signed)"
    district_line = "Giải Nhất quận — Quận Ba Đình (not signed yet)"
    organizer = client_as(app, make_user(Role.ORGANIZER))
    page = shown(organizer.get(f"/organizer/entries/{entry_id}"))
    assert "Prizes of the units" in page and "Forwarded through the units" in page
    assert commune_line in page and district_line in page
    assert page.index(commune_line) < page.index(district_line)  # its way up

    page = shown(district.get(f"/unit/entries/{entry_id}"))
    assert commune_line in page and district_line in page
    page = shown(commune.get(f"/unit/entries/{entry_id}"))
    assert commune_line in page
    assert "Giải Nhất quận" not in page and "Quận Ba Đình (" not in page

    page = shown(organizer.get(f"/organizer/entries/{entries['b'].id}"))
    assert "Prizes of the units" not in page and 'id="unit-prizes"' not in page

    vietnamese = client_as(app, make_user(Role.ORGANIZER), lang="vi")
    page = shown(vietnamese.get(f"/organizer/entries/{entry_id}"))
    assert "Giải của các đơn vị" in page
    assert "Giải A — Phường Điện Biên (đã ký)" in page
    assert "Giải Nhất quận — Quận Ba Đình (chưa ký)" in page

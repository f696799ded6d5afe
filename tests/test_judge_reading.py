"""The judge's desk: queue progress, states, due dates and filters; the reading view's
typography helpers; the same-person note; the earlier-round score hint."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import select

from contest.extensions import db
from contest.models import Edition, Entry, EntryStatus, FeaturedPerson, Role
from judging.rounds.models import Round
from judging.scoring.services.results import round_results
from tests.conftest import client_as, page_text, post_form
from tests.judging_fixtures import (
    add_judge,
    codes,
    commit_round,
    first_round_id,
    shown,
)

TITLES = ("Bếp cơm yêu thương", "Người lái đò", "Thầy giáo vùng cao", "Cô y tá")


def full_sheet(app, edition_id: int, points=(27, 20, 20, 15), **extra) -> dict:
    """Score form data: these points for the edition's criteria, in order."""
    with app.app_context():
        criteria = db.session.get(Edition, edition_id).criteria
        data = {f"value-{c.id}": str(p) for c, p in zip(criteria, points, strict=True)}
    return data | {"version": "0"} | extra


@pytest.fixture
def desk(app, make_edition, make_user, make_entry):
    """One judge reading four entries of the open sơ khảo round, due in 3 days."""
    edition_id = make_edition()
    round_id = first_round_id(app, edition_id)
    judge = add_judge(app, make_user, edition_id, full_name="Giám Khảo Bàn Đọc")
    entries = [make_entry(title=t) for t in TITLES]
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        round_ = db.session.get(Round, round_id)
        round_.readers_per_entry = 1
        zone = edition.zone
        today = datetime.now(zone).date()
        round_.ends_at = datetime.combine(
            today + timedelta(days=3), time(17, 30), zone
        ).astimezone(UTC)
        # Entry 2 is in another track and field; entries 2 and 3 are about others.
        other = db.session.get(Entry, entries[2].id)
        other.field_id, other.track_id = edition.fields[1].id, edition.tracks[1].id
        for index, name in ((2, "Lò Văn Páo"), (3, "Hà Thị Mai")):
            person = db.session.scalar(
                select(FeaturedPerson).where(
                    FeaturedPerson.entry_id == entries[index].id
                )
            )
            person.name, person.unit_name = name, "Xã Mường Lay"
        names = (edition.fields[1].name, edition.tracks[1].name)
        db.session.commit()
    commit_round(app, round_id)
    code_of = codes(app, round_id)
    return {
        "edition_id": edition_id,
        "round_id": round_id,
        "judge": judge,
        "entries": entries,
        "codes": [code_of[e.id] for e in entries],
        "field": names[0],
        "track": names[1],
    }


def states(page: str) -> dict[str, str]:
    """Code → state of every queue row on the page."""
    rows = re.findall(
        r'data-state="(\w+)">\s*<a class="queue-code" href="/judge/entries/([^"]+)"',
        page,
    )
    return {code: state for state, code in rows}


def test_queue_shows_progress_states_and_the_due_date(app, desk):
    """ "1 / 4 scored" with a progress bar, the due date in Hanoi time and each state."""
    client = client_as(app, desk["judge"])
    new, opened, draft, done = desk["codes"]
    assert client.get(f"/judge/entries/{opened}").status_code == 200
    saved = post_form(
        client,
        f"/judge/entries/{draft}/score",
        full_sheet(app, desk["edition_id"], ("20", "", "", ""), action="save"),
    )
    assert saved.status_code == 302
    submitted = post_form(
        client,
        f"/judge/entries/{done}/score",
        full_sheet(app, desk["edition_id"], action="submit"),
    )
    assert submitted.status_code == 302
    response = client.get("/judge/")
    page = page_text(response)
    text = shown(response)
    assert "1 / 4 scored" in text
    assert re.search(r'<progress[^>]*max="4" value="1"', page)
    assert states(page) == {
        new: "new",
        opened: "opened",
        draft: "draft",
        done: "submitted",
    }
    for label in ("New", "Opened", "Draft saved, not submitted", "Submitted (locked)"):
        assert label in text
    with app.app_context():
        edition = db.session.get(Edition, desk["edition_id"])
        ends = db.session.get(Round, desk["round_id"]).ends_at.astimezone(edition.zone)
    assert f"Due {ends:%d/%m/%Y} 17:30" in text and "3 days left" in text
    # The score sheet's link is gone once submitted (only the reading remains).
    assert f"/judge/entries/{done}/score" not in page
    assert f"/judge/entries/{new}/score" in page


def test_an_overdue_round_says_so(app, desk):
    """A round whose end has passed is marked overdue (still readable until closed)."""
    with app.app_context():
        round_ = db.session.get(Round, desk["round_id"])
        round_.ends_at = datetime.now(UTC) - timedelta(hours=2)
        db.session.commit()
    client = client_as(app, desk["judge"], lang="vi")
    text = shown(client.get("/judge/"))
    assert "quá hạn" in text and "0 / 4 đã chấm" in text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "nguoi lai do"}, [1]),  # accents and case folded
        ({"q": "THẦY GIÁO"}, [2]),
        ({"q": "{code1_lower}"}, [1]),  # the code, typed in lower case
        ({"field": "{field}"}, [2]),
        ({"track": "{track}"}, [2]),
        ({"state": "submitted"}, [3]),
        ({"state": "new", "q": "cô"}, [0]),  # "co" is in "Bếp cơm"; "Cô y tá" is done
        ({"q": "không có bài nào"}, []),
    ],
)
def test_queue_filters(app, desk, query, expected):
    """Filters by state, track, field and a search on code or title, with GET."""
    client = client_as(app, desk["judge"])
    post_form(
        client,
        f"/judge/entries/{desk['codes'][3]}/score",
        full_sheet(app, desk["edition_id"], action="submit"),
    )
    fill = {
        "code1_lower": desk["codes"][1].lower(),
        "field": desk["field"],
        "track": desk["track"],
    }
    args = {k: v.format(**fill) for k, v in query.items()}
    response = client.get("/judge/", query_string=args)
    assert response.status_code == 200
    found = states(page_text(response))
    assert sorted(found) == sorted(desk["codes"][i] for i in expected)
    text = shown(response)
    assert f"Showing {len(expected)} of 4 entries" in text
    assert "Clear filters" in text
    if not expected:
        assert "No entry of this round matches the filters." in text
    # Progress counts the whole queue, whatever the filters show.
    assert "1 / 4 scored" in text


@pytest.mark.parametrize(
    "args",
    [{"state": "bogus"}, {"field": "Không có"}, {"q": "x" * 201}],
)
def test_bad_filters_show_everything_with_a_message(app, desk, args):
    """A stale or hand-made filter is ignored with a message beside it, never a 500."""
    client = client_as(app, desk["judge"])
    response = client.get("/judge/", query_string=args)
    assert response.status_code == 200
    assert len(states(page_text(response))) == 4
    assert 'class="invalid-feedback d-block"' in page_text(response)


def test_reading_view_numbers_paragraphs_and_offers_text_size(app, desk):
    """Paragraph numbers sit in the margin (not in the text); A−/A+ come with reading.js."""
    client = client_as(app, desk["judge"])
    page = page_text(client.get(f"/judge/entries/{desk['codes'][0]}"))
    numbers = re.findall(
        r'<p id="p-(\d+)"><span class="para-no" data-n="(\d+)" aria-hidden="true">'
        r"</span>([^<]*)",
        page,
    )
    assert [(p, n) for p, n, _t in numbers] == [("1", "1"), ("2", "2")]
    assert numbers[0][2].startswith("Bà Nguyễn Thị Hoa, 68 tuổi")  # no "1" typed in
    for control in ('id="text-smaller"', 'id="text-larger"', "data-reading-status"):
        assert control in page
    assert re.search(
        r'<div class="reading-tools[^"]*"[^>]*hidden>', page
    )  # no JS: hidden
    assert "/static/js/reading.js" in page and "/static/css/reading.css" in page
    assert 'id="rubric"' in page  # the rubric beside the text (below it on a phone)
    script = client.get("/static/js/reading.js").get_data(as_text=True)
    assert "localStorage" in script
    css = client.get("/static/css/reading.css").get_data(as_text=True)
    assert "line-height: 1.7" in css and "max-width: 70ch" in css
    assert "content: attr(data-n)" in css
    # The score page reads the same way.
    score = page_text(client.get(f"/judge/entries/{desk['codes'][0]}/score"))
    assert 'data-n="2"' in score and 'id="text-larger"' in score


def test_same_person_note_gives_the_count_only(app, desk, make_entry):
    """Entries about one person (any case or accent) are counted; nothing else is told."""
    extra = make_entry(title="Người nấu cơm từ thiện")
    withdrawn = make_entry(title="Bài đã rút")
    with app.app_context():
        person = db.session.scalar(
            select(FeaturedPerson).where(FeaturedPerson.entry_id == extra.id)
        )
        person.name, person.unit_name = "NGUYỄN THI HOA", "phường hàng bạc"
        db.session.get(Entry, withdrawn.id).status = EntryStatus.WITHDRAWN
        db.session.commit()
    client = client_as(app, desk["judge"], lang="vi")
    first, second, third, _fourth = desk["codes"]
    response = client.get(f"/judge/entries/{first}")
    text = shown(response)
    assert "Có 2 bài dự thi khác viết về cùng nhân vật này." in text
    for other in (extra, withdrawn, desk["entries"][1]):
        assert other.number not in text
    for title in ("Người nấu cơm từ thiện", "Bài đã rút", TITLES[1]):
        assert title not in text
    assert second not in text
    assert "Có 2 bài dự thi khác" in shown(client.get(f"/judge/entries/{second}"))
    lone = shown(client.get(f"/judge/entries/{third}"))
    assert "cùng nhân vật này" not in lone


def test_score_page_shows_the_same_person_note(app, desk, make_entry):
    """The score page tells the judge the same count as the reading view, nothing more."""
    client = client_as(app, desk["judge"], lang="vi")
    first, second, third, _fourth = desk["codes"]
    text = shown(client.get(f"/judge/entries/{first}/score"))
    assert "Có 1 bài dự thi khác viết về cùng nhân vật này." in text
    assert second not in text and TITLES[1] not in text
    assert desk["entries"][1].number not in text
    lone = page_text(client.get(f"/judge/entries/{third}/score"))
    assert 'id="same-person-note"' not in lone
    # A sheet refused for a bad score is shown again with the note.
    refused = post_form(
        client,
        f"/judge/entries/{first}/score",
        full_sheet(app, desk["edition_id"], (99, 20, 20, 15), action="submit"),
    )
    assert refused.status_code == 422
    assert "Có 1 bài dự thi khác" in shown(refused)


def test_same_person_note_follows_changes_after_it_was_shown(app, desk, make_entry):
    """The count is kept between pages, yet a renamed person, a withdrawn entry or a
    new entry about the same person shows on the next page the judge opens."""
    client = client_as(app, desk["judge"], lang="vi")
    first = desk["codes"][0]
    note = "bài dự thi khác viết về cùng nhân vật này"
    assert f"Có 1 {note}" in shown(client.get(f"/judge/entries/{first}"))
    with app.app_context():
        person = db.session.scalar(
            select(FeaturedPerson).where(
                FeaturedPerson.entry_id == desk["entries"][1].id
            )
        )
        person.name = "Một Người Hoàn Toàn Khác Hẳn"
        db.session.commit()
    assert note not in shown(client.get(f"/judge/entries/{first}"))
    twins = [make_entry(title=f"Bài mới {i}") for i in range(2)]
    assert f"Có 2 {note}" in shown(client.get(f"/judge/entries/{first}"))
    with app.app_context():
        db.session.get(Entry, twins[0].id).status = EntryStatus.WITHDRAWN
        db.session.commit()
    assert f"Có 1 {note}" in shown(client.get(f"/judge/entries/{first}"))


@pytest.fixture
def final_round(app, make_edition, make_user, make_entry):
    """Two judges score both entries in sơ khảo (82 and 83), both advance, and the final
    round is assigned to both judges."""
    edition_id = make_edition()
    prelim_id = first_round_id(app, edition_id)
    judges = [
        add_judge(app, make_user, edition_id, full_name=name)
        for name in ("Giám Khảo Thứ Nhất", "Giám Khảo Thứ Hai")
    ]
    entries = [make_entry(title=t) for t in TITLES[:2]]
    commit_round(app, prelim_id)
    prelim_codes = codes(app, prelim_id)
    sheets = ((27, 20, 20, 15), (27, 20, 20, 16))
    for number, (person, points) in enumerate(zip(judges, sheets, strict=True), 1):
        client = client_as(app, person)
        for entry in entries:
            response = post_form(
                client,
                f"/judge/entries/{prelim_codes[entry.id]}/score",
                full_sheet(
                    app,
                    edition_id,
                    points,
                    action="submit",
                    overall_comment=f"Nhận xét riêng của giám khảo {number}",
                ),
            )
            assert response.status_code == 302
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        prelim, final = edition.rounds
        expected = {r.entry.id: r.final for r in round_results(prelim).entries}
        prelim.closed_at = prelim.advanced_at = datetime.now(UTC)  # both advance
        for entry in entries:
            db.session.get(Entry, entry.id).status = EntryStatus.SHORTLISTED
        final_id = final.id
        db.session.commit()
    commit_round(app, final_id)
    return {
        "edition_id": edition_id,
        "prelim_id": prelim_id,
        "final_id": final_id,
        "judges": judges,
        "entries": entries,
        "codes": codes(app, final_id),
        "expected": expected,
    }


def set_hint(app, round_id: int, on: bool) -> None:
    """Turn the earlier-round hint on or off for a round."""
    with app.app_context():
        db.session.get(Round, round_id).show_previous_scores = on
        db.session.commit()


def test_previous_score_hint_only_when_enabled_in_the_final_round(app, final_round):
    """Off by default; on, the final-round judge sees "Điểm vòng Sơ khảo: 82,5" only."""
    world = final_round
    assert world["expected"] == {e.id: 82.5 for e in world["entries"]}
    client = client_as(app, world["judges"][0], lang="vi")
    url = f"/judge/entries/{world['codes'][world['entries'][0].id]}"
    assert 'id="previous-score"' not in page_text(client.get(url))
    set_hint(app, world["prelim_id"], True)  # on a sơ khảo round it means nothing
    assert 'id="previous-score"' not in page_text(client.get(url))
    set_hint(app, world["final_id"], True)
    text = shown(client.get(url))
    assert "Điểm vòng Sơ khảo: 82,5" in text
    for word in ("Giám Khảo Thứ Hai", "Nhận xét riêng"):
        assert word not in text  # neither the previous judges nor their comments


def test_score_page_shows_the_previous_score_hint(app, final_round):
    """The final-round score page shows the hint exactly when the reading view does."""
    world = final_round
    client = client_as(app, world["judges"][0], lang="vi")
    url = f"/judge/entries/{world['codes'][world['entries'][0].id]}/score"
    assert 'id="previous-score"' not in page_text(client.get(url))
    set_hint(app, world["final_id"], True)
    text = shown(client.get(url))
    assert "Điểm vòng Sơ khảo: 82,5" in text
    for word in ("Giám Khảo Thứ Hai", "Nhận xét riêng"):
        assert word not in text
    # Still shown once the judge's final sheet is submitted (the read-only sheet).
    sheet = full_sheet(app, world["edition_id"], action="submit")
    assert post_form(client, url, sheet).status_code == 302
    locked = shown(client.get(url))
    assert 'id="score-submitted"' in page_text(client.get(url))
    assert "Điểm vòng Sơ khảo: 82,5" in locked


def test_previous_score_hint_not_in_a_preliminary_round(app, desk):
    """A sơ khảo reading never shows a hint, even with the setting on."""
    set_hint(app, desk["round_id"], True)
    client = client_as(app, desk["judge"])
    for tail in ("", "/score"):
        page = page_text(client.get(f"/judge/entries/{desk['codes'][0]}{tail}"))
        assert 'id="previous-score"' not in page


def test_organizer_turns_the_hint_on_in_the_round_settings(
    app, client, login_as, make_edition
):
    """The rounds form carries the setting; it is saved per round and shown ticked."""
    edition_id = make_edition()
    login_as(Role.ORGANIZER)
    url = f"/organizer/editions/{edition_id}/rounds"
    response = post_form(
        client,
        url,
        {
            "rounds-0-name": "Sơ khảo",
            "rounds-0-kind": "preliminary",
            "rounds-0-readers_per_entry": "2",
            "rounds-1-name": "Chung khảo",
            "rounds-1-kind": "final",
            "rounds-1-show_previous_scores": "y",
            "submit": "1",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        rounds = db.session.get(Edition, edition_id).rounds
        assert [r.show_previous_scores for r in rounds] == [False, True]
    page = page_text(client.get(url))
    boxes = {
        name: " checked" in tag
        for tag, name in re.findall(
            r'(<input[^>]*name="(rounds-\d-show_previous_scores)"[^>]*>)', page
        )
    }
    assert boxes == {
        "rounds-0-show_previous_scores": False,
        "rounds-1-show_previous_scores": True,
    }

"""Organizers list, search, filter and open entries, and rule them (not) eligible."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from contest.extensions import db
from contest.models import AuditLog, Edition, Entry, EntryStatus, Role, User
from contest.services import entries as service
from contest.services import entry_filters
from contest.services import entry_queries as q
from contest.textdiff import word_diff
from tests.conftest import STORY, login, page_text, post_form

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
LONG_TEXT = "chữ " * 2100  # over the default limit of 2,000 words


@pytest.fixture
def organizer(login_as):
    """The test client is logged in as an organizer."""
    return login_as(Role.ORGANIZER, full_name="Trần Thị Minh Thư")


def listed(client, edition_id: int, **params) -> list[str]:
    """Titles shown on the list page for these query parameters, in order."""
    response = client.get(
        f"/organizer/editions/{edition_id}/entries", query_string=params
    )
    assert response.status_code == 200, page_text(response)
    html = page_text(response)
    return re.findall(r'<span class="entry-title">([^<]*)</span>', html)


@pytest.fixture
def varied(add_entry, make_unit, app, edition_id):
    """A small edition: two clusters, three units, entries with every kind of problem."""
    dong_da = make_unit("UBND quận Đống Đa", cluster="Cụm 1")
    ba_vi = make_unit("UBND huyện Ba Vì", cluster="Cụm 2")
    add_entry(
        "Người thầy trên bản",
        authors=("Đặng Thu Hà",),
        featured=("Thầy Lò Văn Pó",),
        unit_id=dong_da,
        forwarded=True,
    )
    add_entry(
        "Bếp cơm yêu thương",
        authors=("Nguyễn Văn Bình",),
        featured=("Nguyễn Thị Hoa",),
        unit_id=dong_da,
        field=5,
    )
    add_entry(
        "Giọt hồng trao đi",
        authors=("Lê Thị Dư",),
        featured=("nguyen thi hoa",),
        unit_id=ba_vi,
        track=1,
    )
    add_entry(
        "Bản thảo chưa gửi",
        authors=("Phạm Văn Nháp",),
        featured=("Ông Mạc",),
        submit=False,
    )
    add_entry(
        "Bài viết quá dài",
        authors=("Vũ Minh Tuấn",),
        featured=("Chu Văn An",),
        text=LONG_TEXT,
    )
    add_entry(
        "Bản chép tay",
        authors=("Hoàng Văn Sơn",),
        featured=("Bà Tô Thị Lý",),
        needs_typing=True,
        unit_id=ba_vi,
    )
    return {"dong_da": dong_da, "ba_vi": ba_vi}


# -- pure helpers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "phrase"),
    [
        ("Đặng", " dang"),
        ("  Nguyễn   Văn ", " nguyen van"),
        ("HN2026-000012", " hn2026 000012"),
        ("50%_off", " 50 off"),  # LIKE wildcards never reach the database
        ("  ", ""),
    ],
)
def test_search_phrase_is_accent_free(query, phrase):
    """What an organizer types is matched without accents, case or punctuation."""
    assert entry_filters.search_phrase(query) == phrase


def test_search_text_keeps_names_apart_and_numbers_short():
    """A phrase cannot run across two names; "123" finds HN2026-000123."""
    text = entry_filters.build_search_text(
        "HN2026-000123", "Bếp cơm", ["Đặng Văn", "An"]
    )
    assert text == " hn2026 000123 123 | bep com | dang van | an "


def test_shared_featured_people_are_found_across_spellings():
    """The same person typed with and without accents in two entries is flagged in both."""
    pairs = [(1, "Nguyễn Thị Hoa"), (2, "nguyen thi hoa"), (3, "Lò Văn Pó"), (3, "Hoa")]
    assert entry_filters.shared_entry_ids(pairs) == {1, 2}


def test_word_diff_marks_removed_and_added_words():
    """The diff shows what changed, and the new text can be rebuilt from it."""
    old = "Bà Hoa nấu cơm.\n\nMỗi sáng bà dậy sớm."
    new = "Bà Hoa nấu cơm miễn phí.\n\nMỗi sáng bà dậy sớm."
    pieces = word_diff(old, new)
    assert ("insert", " miễn phí") in pieces
    assert [op for op, _text in pieces] == ["equal", "insert", "equal"]
    assert word_diff(new, old)[1] == ("delete", " miễn phí")
    assert "".join(t for op, t in pieces if op != "delete") == new


# -- search and filters ------------------------------------------------------------------


SEARCHES = [
    ("Dang", ["Người thầy trên bản"]),  # "Dang" finds the author "Đặng Thu Hà"
    ("nguyen van", ["Bếp cơm yêu thương"]),  # finds "Nguyễn Văn Bình"
    ("NGUYEN THI HOA", ["Bếp cơm yêu thương", "Giọt hồng trao đi"]),  # featured
    ("giot hong", ["Giọt hồng trao đi"]),  # title without accents
    ("tren ban", ["Người thầy trên bản"]),  # words inside a title
    ("HN2026-000003", ["Giọt hồng trao đi"]),  # number
    ("4", ["Bài viết quá dài"]),  # number without its zeros
    ("lo van po", ["Người thầy trên bản"]),
    ("ha nguoi", []),  # words of two different fields do not make a phrase
    ("hoa dang", []),
    ("không có ai", []),
    ("%", []),  # not a wildcard: only punctuation matches nothing
    ("_", []),
    ("%_%", []),
]


def test_search_is_accent_insensitive(client, organizer, varied, edition_id, subtests):
    """Organizers find entries by number, title, author or featured person, with or without accents."""
    for query, expected in SEARCHES:
        with subtests.test(query=query):
            assert listed(client, edition_id, q=query) == expected


def test_filters_narrow_the_list(client, organizer, varied, edition_id, app):
    """Track, field, unit and cluster filters each keep only the matching entries."""
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        press, health = edition.tracks[1].id, edition.fields[5].id
    assert listed(client, edition_id, track_id=press) == ["Giọt hồng trao đi"]
    assert listed(client, edition_id, field_id=health) == ["Bếp cơm yêu thương"]
    assert listed(client, edition_id, unit_id=varied["ba_vi"]) == [
        "Giọt hồng trao đi",
        "Bản chép tay",
    ]
    with app.app_context():
        from contest.models import Unit

        cluster_1 = db.session.get(Unit, varied["dong_da"]).cluster_id
    assert listed(client, edition_id, cluster_id=cluster_1) == [
        "Người thầy trên bản",
        "Bếp cơm yêu thương",
    ]


PROBLEMS = [
    ("needs_typing", ["Bản chép tay"]),
    ("over_limit", ["Bài viết quá dài"]),
    ("shared_featured", ["Bếp cơm yêu thương", "Giọt hồng trao đi"]),
    ("never_submitted", ["Bản thảo chưa gửi"]),
    ("no_unit", ["Bài viết quá dài"]),  # drafts are hidden unless asked for
    (
        "unverified",  # the forwarded entry counts as checked by its unit
        [
            "Bếp cơm yêu thương",
            "Giọt hồng trao đi",
            "Bài viết quá dài",
            "Bản chép tay",
        ],
    ),
]


def test_problem_filters(client, organizer, varied, edition_id, subtests):
    """Each kind of problem can be listed on its own."""
    for problem, expected in PROBLEMS:
        with subtests.test(problem=problem):
            assert listed(client, edition_id, problem=problem) == expected


def test_drafts_are_hidden_unless_asked_for(client, organizer, varied, edition_id):
    """The default list shows submitted entries; "all" adds drafts; a status narrows."""
    assert "Bản thảo chưa gửi" not in listed(client, edition_id)
    assert "Bản thảo chưa gửi" in listed(client, edition_id, status="all")
    assert listed(client, edition_id, status="forwarded") == ["Người thầy trên bản"]


def test_problems_are_shown_next_to_the_title(client, organizer, varied, edition_id):
    """Each row carries readable badges for its problems."""
    html = page_text(client.get(f"/organizer/editions/{edition_id}/entries?q=qua+dai"))
    assert "Over the word limit" in html or "Vượt quá số chữ" in html
    assert "2.100" in html  # the word count of the latest version


def test_sorting_follows_vietnamese_collation(client, organizer, add_entry, edition_id):
    """Titles sort Dư < Dương < Đặng; authors sort by given name (An < Bình)."""
    add_entry("Đặng", authors=("Trần An",))
    add_entry("Dương", authors=("Lê Văn Bình",))
    add_entry("Dư", authors=("Nguyễn Chí",))
    assert listed(client, edition_id, sort="title") == ["Dư", "Dương", "Đặng"]
    assert listed(client, edition_id, sort="author") == ["Đặng", "Dương", "Dư"]
    assert listed(client, edition_id, sort="number") == ["Đặng", "Dương", "Dư"]
    assert listed(client, edition_id, sort="newest") == ["Dư", "Dương", "Đặng"]


def test_pages_split_a_long_list(app, add_entry, edition_id):
    """Pages hold a fixed number of rows; a page past the end shows the last one."""
    for title in ("Một", "Hai", "Ba"):
        add_entry(title)
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        first = q.list_entries(
            edition, entry_filters.EntryFilters(), page=1, per_page=2
        )
        late = q.list_entries(
            edition, entry_filters.EntryFilters(), page=99, per_page=2
        )
        assert (first.total, first.pages) == (3, 2)
        assert [r.title for r in first.rows] == ["Một", "Hai"]
        assert late.page == 2 and [r.title for r in late.rows] == ["Ba"]


NONSENSE = [
    "track_id=abc&status=zzz&sort=evil&problem=x&page=abc",
    "edition_id=999&page=-5&unit_id=99999&cluster_id=-1",
    "q=" + "a" * 500,
    "q=%00%ff&sort=title&status=all",
]


def test_nonsense_parameters_never_break_the_list(
    client, organizer, varied, edition_id, subtests
):
    """Hand-edited URLs show a list (bad values are ignored), never an error page."""
    for query in NONSENSE:
        with subtests.test(query=query):
            for page in ("entries", "entries.xlsx"):
                url = f"/organizer/editions/{edition_id}/{page}?{query}"
                assert client.get(url).status_code == 200


# -- detail and rulings ------------------------------------------------------------------


def test_detail_shows_identities_versions_files_and_history(
    app, client, organizer, make_entry, edition_id
):
    """The organizer sees the author's contacts, every version with a diff, files and history."""
    sample = make_entry(with_document=True, with_photo=True)
    with app.test_request_context():
        entry = db.session.get(Entry, sample.id)
        user = db.session.get(User, sample.owner.id)
        entry.draft_text = STORY + "\n\nBà nói: làm được việc tốt là vui."
        service.submit(entry, user, datetime.now(UTC) + timedelta(hours=1))
        db.session.commit()
    html = page_text(client.get(f"/organizer/entries/{sample.id}"))
    assert "0912 000 111" in html and sample.owner.email in html
    assert "Nguyễn Thị Hoa" in html and "Phường Hàng Bạc" in html
    assert html.count("<details") == 3  # two versions and the diff
    assert re.search(r"<ins[^>]*>.*làm được việc tốt là vui", html, re.S)
    assert f"/files/{sample.document_id}" in html
    assert f"/files/{sample.photo_id}/thumbnail" in html
    assert "entry.submit" not in html  # actions have readable names


def test_not_eligible_emails_the_writer_and_shows_the_reason(
    app, client, organizer, make_entry, outbox
):
    """A ruling with a reason: the writer gets an email and sees it in "My entries"."""
    sample = make_entry()
    outbox.clear()
    reason = "Bài viết không phải người thật, việc thật."
    response = post_form(
        client, f"/organizer/entries/{sample.id}/not-eligible", {"reason": reason}
    )
    assert response.status_code == 302
    assert outbox[-1]["To"] == sample.owner.email and reason in outbox[-1].get_content()
    assert reason in page_text(client.get(f"/organizer/entries/{sample.id}"))
    writer = app.test_client()
    login(writer, sample.owner.email, sample.owner.password)
    assert reason in page_text(writer.get("/writer/"))


def test_a_ruling_needs_a_reason(app, client, organizer, make_entry, outbox):
    """Without a reason nothing changes and nobody is emailed."""
    sample = make_entry()
    outbox.clear()
    response = post_form(
        client, f"/organizer/entries/{sample.id}/not-eligible", {"reason": "  "}
    )
    assert response.status_code == 422
    assert 'id="reason-error"' in page_text(response)
    with app.app_context():
        assert db.session.get(Entry, sample.id).status == EntryStatus.SUBMITTED
    assert outbox == []


def test_eligible_again_restores_the_previous_status_and_logs_why(
    app, client, organizer, add_entry
):
    """Undoing a ruling gives the entry back its status; both reasons stay in the log."""
    entry_id = add_entry(forwarded=True)
    post_form(
        client, f"/organizer/entries/{entry_id}/not-eligible", {"reason": "Trùng bài"}
    )
    response = post_form(
        client, f"/organizer/entries/{entry_id}/eligible", {"reason": "Nhầm bài khác"}
    )
    assert response.status_code == 302
    with app.app_context():
        entry = db.session.get(Entry, entry_id)
        assert entry.status == EntryStatus.FORWARDED and entry.status_reason == ""
        actions = db.session.scalars(
            db.select(AuditLog.action).where(AuditLog.object_id == entry_id)
        ).all()
        assert actions[-2:] == ["entry.not_eligible", "entry.eligible_again"]
    assert "Nhầm bài khác" in page_text(client.get(f"/organizer/entries/{entry_id}"))
    # A second undo finds nothing to undo.
    again = post_form(
        client, f"/organizer/entries/{entry_id}/eligible", {"reason": "x"}
    )
    assert again.status_code == 302
    with app.app_context():
        assert db.session.get(Entry, entry_id).status == EntryStatus.FORWARDED


def test_a_draft_cannot_be_ruled_not_eligible(
    app, client, organizer, add_entry, outbox
):
    """Drafts were never entered: the ruling is refused without email."""
    entry_id = add_entry(submit=False)
    outbox.clear()
    post_form(
        client, f"/organizer/entries/{entry_id}/not-eligible", {"reason": "Không"}
    )
    with app.app_context():
        assert db.session.get(Entry, entry_id).status == EntryStatus.DRAFT
    assert outbox == []


def test_writers_text_is_escaped_on_list_and_detail(
    client, organizer, add_entry, edition_id
):
    """Script in a title, a name or a featured person is shown as text, never run."""
    entry_id = add_entry(XSS, authors=(XSS,), featured=(XSS,), phone="<b>0912</b>")
    for url in (
        f"/organizer/editions/{edition_id}/entries",
        f"/organizer/entries/{entry_id}",
    ):
        html = page_text(client.get(url))
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "&lt;b&gt;0912&lt;/b&gt;" in html  # the author's phone, on the detail page


# -- access ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.WRITER, Role.UNIT, Role.JUDGE])
def test_other_roles_are_refused(client, login_as, make_entry, edition_id, role):
    """Writers, unit focal points and judges get 403 on every organizer entry page."""
    sample = make_entry()
    login_as(role)
    for url in (
        f"/organizer/editions/{edition_id}/entries",
        f"/organizer/editions/{edition_id}/entries.xlsx",
        f"/organizer/editions/{edition_id}/participation",
        f"/organizer/entries/{sample.id}",
    ):
        assert client.get(url).status_code == 403
    response = post_form(
        client, f"/organizer/entries/{sample.id}/not-eligible", {"reason": "x"}
    )
    assert response.status_code == 403


def test_visitors_are_sent_to_login(client, edition_id):
    """Anonymous visitors are redirected to the login page."""
    response = client.get(f"/organizer/editions/{edition_id}/entries")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


# -- what the list keeps per process ------------------------------------------------------


def test_kept_choices_and_shared_people_follow_the_database(
    app, client, organizer, varied, edition_id
):
    """The filter choices and the "shared featured person" flags are kept per
    process, and a change made elsewhere (another process, straight in the
    database) shows on the next page: a renamed unit and cluster, a featured
    person renamed to match another entry's."""
    from sqlalchemy import update

    from contest.models import Cluster, FeaturedPerson, Unit

    assert "Bếp cơm yêu thương" in listed(client, edition_id, problem="shared_featured")
    assert "Người thầy trên bản" not in listed(
        client, edition_id, problem="shared_featured"
    )
    page = page_text(client.get(f"/organizer/editions/{edition_id}/entries"))
    assert "UBND huyện Ba Vì" in page and "Cụm 9" not in page
    with app.app_context():
        db.session.execute(
            update(Unit)
            .where(Unit.id == varied["ba_vi"])
            .values(name="UBND thị xã Sơn Tây")
        )
        cluster_id = db.session.get(Unit, varied["ba_vi"]).cluster_id
        db.session.execute(
            update(Cluster).where(Cluster.id == cluster_id).values(name="Cụm 9")
        )
        db.session.execute(
            update(FeaturedPerson)
            .where(FeaturedPerson.name == "Thầy Lò Văn Pó")
            .values(name="Nguyễn Thị Hoa")
        )
        db.session.commit()
    page = page_text(client.get(f"/organizer/editions/{edition_id}/entries"))
    assert "UBND thị xã Sơn Tây" in page and "Cụm 9" in page
    assert "UBND huyện Ba Vì" not in page
    assert "Người thầy trên bản" in listed(
        client, edition_id, problem="shared_featured"
    )


def test_kept_field_choices_follow_a_new_order(app, client, organizer, edition_id):
    """Fields put in a new order (same names, same ids) are offered in that order
    on the next page: the kept choices' stamp covers the order too."""
    import re

    from sqlalchemy import select, update

    from contest.models import Field

    def offered() -> list[str]:
        html = client.get(f"/organizer/editions/{edition_id}/entries").text
        select_html = re.search(r'<select[^>]*name="field_id".*?</select>', html, re.S)
        return re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', select_html[0])

    before = offered()
    assert len(before) >= 2
    with app.app_context():
        fields = db.session.scalars(
            select(Field).where(Field.edition_id == edition_id).order_by(Field.position)
        ).all()
        count = len(fields)
        for field in fields:  # reversed, through free positions (unique order)
            db.session.execute(
                update(Field)
                .where(Field.id == field.id)
                .values(position=2 * count - field.position + 100)
            )
        db.session.commit()
    assert offered() == list(reversed(before))


def test_the_list_reads_the_same_few_statements_whatever_its_length(
    app, client, organizer, add_entry, edition_id
):
    """A page of the list costs a fixed number of statements (the kept values are
    checked with one), not one per entry: as many for 9 entries as for 3."""
    from sqlalchemy import event

    url = f"/organizer/editions/{edition_id}/entries"
    with app.app_context():
        engine = db.engine
    counts = []

    def counted(*_args):
        counts[-1] += 1

    for batch in (range(3), range(3, 9)):
        for i in batch:
            add_entry(f"Bài {i}", authors=(f"Tác Giả {i}",), featured=("Bà Hoa",))
        client.get(url)  # the kept values built again (new entries)
        event.listen(engine, "before_cursor_execute", counted)
        try:
            for query in ("", "?sort=title"):
                counts.append(0)
                assert client.get(url + query).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", counted)
    assert counts[:2] == counts[2:], counts
    assert counts[0] <= 6, counts  # user, edition, stamps, lines, people (+BEGIN)

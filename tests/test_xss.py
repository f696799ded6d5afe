"""No HTML or script a writer (or a unit) types ever runs in anyone's browser.

Every payload goes into every text field of an online entry (title, text, authors,
featured person, press outlet and link) and of the writer's profile, and of a unit's
paper entry; then every page that shows them is rendered for its reader (writer,
unit focal point, organizer, judge through a real assignment) along with the PDF
receipt and the Excel export. A payload may only come back as text.
"""

import html
import io
import re
from datetime import UTC, datetime
from html.parser import HTMLParser

import openpyxl
import pytest
from pypdf import PdfReader

from contest.extensions import db
from contest.models import Edition, EntryChannel, Role, User
from contest.services import entries as service
from tests.conftest import client_as, page_text, post_form
from tests.judging_fixtures import (
    add_judge,
    codes,
    commit_round,
    first_round_id,
    set_readers,
)

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)">bấm</a>',
    "</textarea><script>alert(1)</script>",
    "<iframe src=javascript:alert(1)></iframe>",
    "{{7*7}} {% raw %} ${7*7}",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "＜script＞alert(1)＜/script＞",  # full-width: harmless unless NFKC'd into markup
    "<ScRiPt>alert(1)</sCrIpT><body onload=alert(1)>",
    '=HYPERLINK("http://x.example","bấm")',
]
TEMPLATE = "{{7*7}}"  # in every title too: each entry page must show it unevaluated
# Unsafe links a writer may try as the press work's link (URL validators let some in).
LINKS = ["javascript:alert(1)", "javascript://x.example/%0aalert(1)", "JaVaScRiPt:1"]

URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href")


class Tags(HTMLParser):
    """The elements a browser would build from a page (what can run), not its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        if tag in ("svg", "iframe", "object", "embed"):
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}=")
            if name in URL_ATTRIBUTES and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"{tag} {name}={value}")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.problems.append("<img src=x>")
        if tag == "script":
            self.in_script = True
            if not (dict(attrs).get("src") or "").startswith("/static/"):
                self.problems.append("inline <script>")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False


def assert_inert(body: str, where: str) -> None:
    """The page holds no payload as markup: no script, svg or iframe from a user, no
    event-handler attribute, no javascript: link (text that shows them is fine)."""
    parser = Tags()
    parser.feed(body)
    parser.close()
    assert parser.problems == [], f"{where}: {parser.problems}"
    assert "<script>alert" not in body.lower(), where


def filled(payload: str, link: str) -> service.EntryData:
    """An entry with ``payload`` in every text field (and two authors)."""
    return service.EntryData(
        title=f"Tiêu đề {payload} {TEMPLATE}",
        genre="Ký",
        text=f"Câu chuyện {payload}\n\nĐoạn hai {payload}",
        outlet=f"Báo {payload}",
        link=link,
        authors=[
            service.AuthorData(
                full_name=f"Tác giả {payload}",
                phone=f"09 {payload}"[:30],
                email=f"{payload}@x"[:254],
                address=f"Địa chỉ {payload}",
                unit_name=f"Đơn vị {payload}",
            ),
            service.AuthorData(full_name=f"Đồng tác giả {payload}", phone=payload[:30]),
        ],
        featured=[
            service.FeaturedData(
                name=f"Nhân vật {payload}",
                collective_type=f"Tập thể {payload}",
                unit_name=f"Nơi làm {payload}",
                locality=f"Phường {payload}",
                field_name=f"Lĩnh vực {payload}",
                contact=f"Liên hệ {payload}",
                summary=f"Việc tốt {payload}",
            )
        ],
    )


@pytest.fixture
def world(app, make_edition, make_unit, make_user):
    """One online entry per payload by a writer whose profile holds the payload too,
    a paper entry of the unit, all submitted and assigned to a judge."""
    edition_id = make_edition()
    unit_id = make_unit("UBND quận Hoàn Kiếm")
    hostile = " ".join(PAYLOADS[:3])  # the unit's paper entry; fits every column
    writer = make_user(
        Role.WRITER, unit_id=unit_id, full_name=f"Người viết {PAYLOADS[1]}"
    )
    focal = make_user(Role.UNIT, unit_id=unit_id)
    judge = add_judge(app, make_user, edition_id)
    entry_ids = []
    with app.test_request_context():
        edition = db.session.get(Edition, edition_id)
        user = db.session.get(User, writer.id)
        user.address = "Số 1 " + " ".join(PAYLOADS[3:8])
        user.phone = PAYLOADS[1][:30]
        unit_user = db.session.get(User, focal.id)
        plans = [(user, p, LINKS[i % len(LINKS)]) for i, p in enumerate(PAYLOADS)]
        plans.append((unit_user, hostile, LINKS[0]))
        for number, (owner, payload, link) in enumerate(plans):
            paper = owner is unit_user
            entry = service.start_entry(
                owner,
                edition,
                key=f"xss-{number}",
                channel=EntryChannel.UNIT if paper else EntryChannel.ONLINE,
                unit_id=unit_id,
            )
            data = filled(payload, link)
            data.track_id, data.field_id = edition.tracks[1].id, edition.fields[0].id
            service.save_draft(entry, owner, data)
            entry.declaration_accepted = True
            service.submit(entry, owner, datetime.now(UTC), notify=False)
            entry_ids.append(entry.id)
        db.session.commit()
    return {
        "edition_id": edition_id,
        "writer": writer,
        "focal": focal,
        "judge": judge,
        "online": entry_ids[:-1],
        "paper": entry_ids[-1],
    }


def check_pages(client, urls: list[str]) -> None:
    """Each page answers 200, holds no live payload, and shows {{7*7}} unevaluated."""
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = page_text(response)
        assert_inert(body, url)
        if "entries/" in url:
            assert TEMPLATE in html.unescape(body), url


def test_writer_pages_show_payloads_as_text(app, world):
    """The writer's list, form, review, receipt, PDF receipt and profile."""
    client = client_as(app, world["writer"], lang=None)
    urls = ["/writer/", "/account/", "/account/profile"]
    for entry_id in world["online"]:
        urls += [
            f"/writer/entries/{entry_id}/edit",
            f"/writer/entries/{entry_id}/review",
            f"/writer/entries/{entry_id}/receipt",
        ]
    check_pages(client, urls)
    seven = world["online"][PAYLOADS.index("{{7*7}} {% raw %} ${7*7}")]
    receipt = client.get(f"/writer/entries/{seven}/receipt.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(receipt.data)).pages)
    # The receipt's times ("22:49 02/12/2026") may hold a 49 of their own.
    text = re.sub(r"\d{2}:\d{2} \d{2}/\d{2}/\d{4}", "", text)
    assert "{{7*7}}" in text and "49" not in text


def test_unit_pages_show_payloads_as_text(app, world):
    """The unit's dashboard, each entry, and its paper entry's form and submit page."""
    client = client_as(app, world["focal"], lang=None)
    urls = ["/unit/"] + [f"/unit/entries/{i}" for i in world["online"]]
    urls += [
        f"/unit/entries/{world['paper']}",
        f"/unit/entries/{world['paper']}/edit",
        f"/unit/entries/{world['paper']}/submit",
    ]
    check_pages(client, urls)


def test_organizer_pages_and_export_show_payloads_as_text(app, login_as, world):
    """The list, each entry's detail, the users list and the writer's account page;
    every export cell is plain text, never a formula."""
    organizer = login_as(Role.ORGANIZER)
    client = client_as(app, organizer, lang=None)
    edition_id = world["edition_id"]
    urls = [f"/organizer/editions/{edition_id}/entries", "/organizer/users"]
    urls += [f"/organizer/entries/{i}" for i in world["online"] + [world["paper"]]]
    urls.append(f"/organizer/users/{world['writer'].id}")
    check_pages(client, urls)
    export = client.get(f"/organizer/editions/{edition_id}/entries.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(export.data)).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert any("HYPERLINK" in str(c.value) for c in cells)
    assert all(c.data_type != "f" for c in cells)


def test_judge_reads_payloads_as_text(app, world):
    """The judge's queue and the reading and score pages of each code assigned to
    them by a real sơ khảo assignment run."""
    round_id = first_round_id(app, world["edition_id"])
    set_readers(app, round_id, 1)
    commit_round(app, round_id)
    client = client_as(app, world["judge"], lang=None)
    urls = ["/judge/"]
    assigned = codes(app, round_id)
    assert len(assigned) == len(world["online"]) + 1
    for code in assigned.values():
        urls += [f"/judge/entries/{code}", f"/judge/entries/{code}/score"]
    check_pages(client, urls)


@pytest.mark.parametrize(
    ("link", "accepted"),
    [(link, False) for link in LINKS] + [("https://hanoimoi.vn/bai-viet", True)],
)
def test_the_press_link_must_be_a_web_address(
    app, login_as, make_edition, link, accepted
):
    """A press work's link must be a web address: anything else is refused at the
    field (and the refused page is inert); a real address is saved."""
    edition_id = make_edition()
    client = client_as(app, login_as(Role.WRITER), lang=None)
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        track_id, field_id = edition.tracks[1].id, edition.fields[0].id
    response = post_form(
        client,
        "/writer/entries/new",
        {
            "key": "link-1",
            "title": "Phóng sự",
            "track_id": str(track_id),
            "field_id": str(field_id),
            "genre": "Phóng sự",
            "outlet": "Báo Hà Nội mới",
            "link": link,
        },
    )
    assert response.status_code == (302 if accepted else 200)
    if not accepted:
        assert 'id="link"' in page_text(response) and "is-invalid" in page_text(
            response
        )
        assert_inert(page_text(response), "the refused form")

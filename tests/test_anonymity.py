"""The canary test: nothing a judge can reach names, reaches or places an author.

Entries are built whose authors carry distinctive "canary" names, phones, emails and
units, a street address and a declared pen name, in the entry's fields, in the
uploaded .docx's metadata and hidden text (hidden runs and paragraphs, white and
1-pt text, an AUTHOR field, paragraphs hidden through the Normal style), in the uploaded PDF's Info dictionary and XMP packet,
in the photo's EXIF, in the uploaded file names, in the title and the featured
person's summary, and (for one entry) in the text itself, which the organizers then
redact through the identity-scan page. A judge reading every entry
then requests every page, fragment, JSON answer and download they can reach: every
judge route with real codes, every other GET route with every id we know, and every
link found on those pages. No canary may appear anywhere, in any case or accent.

This test must grow with the judge area: it fails when a judge route was not
visited with a successful answer, so a new judge route gets canary coverage first.
The same walk is made by a judge of the authors' own unit reading the unit's own
round (units select before forwarding, on the same judge pages).
"""

from __future__ import annotations

import html
import io
import itertools
import re
import zipfile
from collections import deque
from datetime import UTC, datetime
from urllib.parse import unquote, urlencode, urljoin, urlsplit

import pytest
from PIL import Image
from sqlalchemy import select

from contest.extensions import db
from contest.models import (
    Attachment,
    Edition,
    Entry,
    EntryStatus,
    EntryVersion,
    Role,
    User,
)
from contest.services import entries as service
from contest.services import entry_files
from contest.services.clean_copies import ensure_clean_copy
from contest.storage import path_of
from contest.textnorm import search_key
from judging.assignment.services import runs
from judging.rounds.models import Round
from tests import docfactory
from tests.conftest import STORY, client_as, draft_entry, login, page_text, post_form
from tests.judging_fixtures import add_judge, codes, commit_round, first_round_id
from tests.unit_round_fixtures import add_judges, assign_and_open, create_round

NAME = "Khổng Thị Canary Ưng"
CO_AUTHOR = "Lạc Long Canarius"
OWNER_EMAIL = "canary.author@canary-mail.vn"
CO_EMAIL = "coauthor.canary@canary-mail.vn"
PHONE = "0987 654 321"
CO_PHONE = "+84 913 579 246"
AUTHOR_UNIT = "Hợp tác xã Canaryville"
ENTRY_UNIT = "Phường Canarytown"
FEATURED_CONTACT = "0966 123 987, canary.featured@canary-mail.vn"
FILE_TOKEN = "canaryfile"  # in every uploaded file name
ADDRESS = "Số 77 ngõ 12 phố Canarylane, phường Canaryward, quận Hoàn Kiếm"
PEN_NAME = "Hoài Canaryvũ"  # declared in the profile; written bare in the text
HIDDEN = "Canaryhidden"  # only in text Word hides
NORMAL_HIDDEN = "Canarynormal"  # only in paragraphs hidden through the Normal style
WORDS = [NAME, CO_AUTHOR, OWNER_EMAIL, CO_EMAIL, AUTHOR_UNIT, FILE_TOKEN]
WORDS += ["Canarylane", "Canaryward", "Canaryvu", HIDDEN, NORMAL_HIDDEN]
WORDS += ["canary-mail", "canary.featured"]
# The author's unit is a row of the units list, which pages such as the judge's own
# profile (a unit picker) rightly show; it must not appear next to an entry.
ENTRY_WORDS = [ENTRY_UNIT]
PHONES = [PHONE, CO_PHONE, "0966 123 987"]
PDF_STORY = (
    "Ông Lê Văn Bình, 72 tuổi, ở phường Hàng Bạc, sáng nào cũng quét sạch con ngõ "
    "trước khi mọi người đi làm.",
    "Ông nói: “Ngõ sạch thì lòng người cũng sáng”.",
)
PDF_NAME = f"{NAME} {FILE_TOKEN} {PHONE} bài dự thi.pdf"
LEAKY_TEXT = (
    f"{STORY}\n\nAnh {CO_AUTHOR} cùng tôi ghi lại câu chuyện này "
    f"(KHONG THI CANARY UNG). Nhà tôi ở {ADDRESS}, gần nhà bà Hoa.\n\n"
    f"Những trang ghi chép này {PEN_NAME} viết trong ba mùa hè.\n\n"
    f"Tác giả: {NAME}, {AUTHOR_UNIT}\n"
    f"Điện thoại: {PHONE} – Email: {OWNER_EMAIL}\n"
    f"{NAME}"
)


def phone_pattern(phone: str) -> re.Pattern[str]:
    """The phone's national digits with any separators between them."""
    digits = re.sub(r"\D", "", phone)
    digits = digits[2:] if digits.startswith("84") else digits.lstrip("0")
    return re.compile(r"\D{0,3}".join(digits))


PHONE_PATTERNS = [phone_pattern(p) for p in PHONES]


def canary_photo() -> bytes:
    """A JPEG whose EXIF (artist, GPS) and XMP name the canary author."""
    image = Image.new("RGB", (48, 32), (200, 30, 30))
    exif = Image.Exif()
    exif[0x013B] = "Khong Thi Canary Ung"  # Artist (EXIF is ASCII)
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 42.0), 3: "E", 4: (105.0, 51.0, 0.0)}
    out = io.BytesIO()
    image.save(
        out,
        "JPEG",
        exif=exif.tobytes(),
        xmp=f"<x:xmpmeta><dc:creator>{NAME}</dc:creator></x:xmpmeta>".encode(),
    )
    return out.getvalue()


def canary_pdf() -> bytes:
    """A PDF whose Info dictionary and XMP name, phone and email the canary author;
    its text (what the judge reads) is a clean story."""
    return docfactory.make_pdf_with_author_everywhere(
        NAME, phone=PHONE, email=OWNER_EMAIL, paragraphs=PDF_STORY
    )


def pdf_metadata(data: bytes) -> str:
    """The Info dictionary and XMP packet of a PDF, as text (PDF strings are often
    UTF-16, so the raw bytes would hide them from ``leaks``)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    info = " ".join(str(v) for v in (reader.metadata or {}).values())
    xmp = reader.root_object.get("/Metadata")
    return info + (xmp.get_object().get_data().decode() if xmp is not None else "")


def leaks(data: bytes, headers: str = "", *, about_entry: bool = True) -> list[str]:
    """Canaries found in a response (body and headers), any case, any accents."""
    text = data.decode("utf-8", "ignore") + "\n" + headers
    text = html.unescape(unquote(text))
    key = search_key(text)
    words = WORDS + (ENTRY_WORDS if about_entry else [])
    found = [w for w in words if search_key(w) in key]
    found += [p.pattern for p in PHONE_PATTERNS if p.search(text)]
    return found


@pytest.fixture
def canary_world(app, make_edition, make_unit, make_user):
    """Three canary entries (uploaded .docx; pasted text with identity; uploaded PDF
    with the author in its metadata), two judges."""
    edition_id = make_edition()
    unit_id = make_unit(ENTRY_UNIT)
    owner = make_user(Role.WRITER, email=OWNER_EMAIL, full_name=NAME, unit_id=unit_id)
    judges = [
        add_judge(app, make_user, edition_id, full_name=f"Giám Khảo {i}", sign=False)
        for i in (1, 2)
    ]
    ids, numbers = [], []
    with app.test_request_context():
        edition = db.session.get(Edition, edition_id)
        user = db.session.get(User, owner.id)
        user.phone = PHONE
        user.address = ADDRESS
        user.pen_names = f"{PEN_NAME}, Bút Canaryvu"
        for index, text in enumerate((None, LEAKY_TEXT, None)):
            entry = draft_entry(
                user,
                edition,
                key=f"canary-{index}",
                title=f"Người giữ lửa {index} (bài của {CO_AUTHOR})"
                + (f" – {ADDRESS}" if index == 1 else "")
                + (f" – {PEN_NAME}" if index == 2 else ""),
                text=text,
                authors=[
                    service.AuthorData(
                        full_name=NAME,
                        email=OWNER_EMAIL,
                        phone=PHONE,
                        unit_name=AUTHOR_UNIT,
                        address=ADDRESS,
                        pen_names=PEN_NAME,
                    ),
                    service.AuthorData(
                        full_name=CO_AUTHOR, email=CO_EMAIL, phone=CO_PHONE
                    ),
                ],
                featured=[
                    service.FeaturedData(
                        name="Nguyễn Thị Hoa",
                        unit_name="Phường Hàng Bạc",
                        contact=FEATURED_CONTACT,
                        summary=f"Nấu cơm miễn phí. Hỏi thêm tác giả: {PHONE}"
                        f" ({PEN_NAME}, {ADDRESS}).",
                    )
                ],
            )
            if index == 0:
                entry_files.attach_document(
                    entry,
                    user,
                    docfactory.hide_through_normal_style(
                        docfactory.add_hidden_text(
                            docfactory.make_docx_with_author_everywhere(NAME),
                            f"{HIDDEN} {NAME} {PEN_NAME} {ADDRESS}",
                        ),
                        f"Tác giả: {NAME}",
                        f"Bà {NORMAL_HIDDEN} kể lại chuyện này cho tôi nghe vào một "
                        "buổi chiều mùa đông năm ấy, bên bếp lửa nhà bà.",
                    ),
                    f"{NAME} {FILE_TOKEN} bài dự thi.docx",
                )
            elif index == 2:
                entry_files.attach_document(entry, user, canary_pdf(), PDF_NAME)
            entry_files.add_photo(
                entry, user, canary_photo(), f"{NAME}-{FILE_TOKEN}.jpg"
            )
            entry.declaration_accepted = True
            service.submit(entry, user, datetime.now(UTC))
            ids.append(entry.id)
            numbers.append(entry.number)
        db.session.commit()
    WORDS.extend(n for n in numbers if n not in WORDS)  # entry numbers are canaries too
    yield {"edition_id": edition_id, "entries": ids, "judges": judges, "unit": unit_id}
    for number in numbers:
        WORDS.remove(number)


def redact_every_hit(client, edition_id: int) -> None:
    """The organizer hides every identity-scan hit with one click each."""
    url = f"/organizer/editions/{edition_id}/judging/identity"
    page = page_text(client.get(url))
    forms = re.findall(
        r'name="version_id" value="(\d+)">\s*'
        r'<input type="hidden" name="start" value="(\d+)">\s*'
        r'<input type="hidden" name="end" value="(\d+)">',
        page,
    )
    assert forms, "the identity scan found nothing in the leaky entry"
    for version_id, start, end in forms:
        response = post_form(
            client,
            url,
            {"version_id": version_id, "start": start, "end": end, "redact": "1"},
        )
        assert response.status_code == 302
    assert "0" in re.search(
        r'id="identity-total">([^<]*)<', page_text(client.get(url))
    ).group(1)


def known_values(app, world, round_id: int | None = None) -> dict[str, list]:
    """Every id and code we know, by URL argument name, to fill routes with (the
    codes of ``round_id``, by default the edition's first round)."""
    round_id = round_id or first_round_id(app, world["edition_id"])
    with app.app_context():
        attachments = db.session.scalars(select(Attachment.id)).all()
        versions = db.session.scalars(select(EntryVersion.id)).all()
        rounds = db.session.scalars(select(Round.id)).all()
        users = db.session.scalars(select(User.id)).all()
    all_codes = list(codes(app, round_id).values())
    return {
        "entry_id": world["entries"],
        "attachment_id": attachments,
        "version_id": versions,
        "round_id": rounds,
        "edition_id": [world["edition_id"]],
        "user_id": users,
        "unit_id": [world["unit"]],
        "index": [1, 2],
        "code": all_codes + [c.lower() for c in all_codes],
        "variant": ["file", "thumbnail"],
    }


def urls_for(rule, values: dict[str, list]) -> list[str]:
    """Concrete URLs of a rule: each argument filled with every known value."""
    choices = [values.get(arg, [1]) for arg in sorted(rule.arguments)]
    urls = []
    for combo in itertools.product(*choices):
        url = rule.rule
        for arg, value in zip(sorted(rule.arguments), combo, strict=True):
            url = re.sub(rf"<(?:[^:<>]+:)?{arg}>", str(value), url)
        urls.append(url)
    return urls


def queue_filter_urls(world, all_codes: list[str]) -> list[str]:
    """The judge's queue under every filter: states, track, field, searches for codes
    and titles. (Searches for the canaries are checked apart: the search box rightly
    shows what the judge typed.)"""
    args = [{"state": s} for s in ("new", "opened", "draft", "submitted", "bogus")]
    args += [{"track": "Bài viết"}, {"field": "x"}, {"q": "Người giữ lửa"}]
    args += [{"q": code.lower()} for code in all_codes]
    return ["/judge/?" + urlencode(a) for a in args]


LINK_RE = re.compile(r'(?:href|src|action)="([^"]+)"')
SKIP = ("/auth/logout", "/static/", "/lang/")


def test_no_canary_reaches_a_judge(app, client, canary_world, login_as, outbox):
    """A judge reads every canary entry; no author detail shows on any reachable URL."""
    world = canary_world
    login_as(Role.ORGANIZER)
    redact_every_hit(client, world["edition_id"])
    round_id = first_round_id(app, world["edition_id"])
    commit_round(app, round_id)

    judge_client = app.test_client()
    judge = world["judges"][0]
    assert login(judge_client, judge.email, judge.password).status_code == 302
    declaration = judge_client.get("/judge/")
    assert declaration.headers["Location"].endswith("/judge/declaration")
    assert (
        post_form(judge_client, "/judge/declaration", {"accept": "y"}).status_code
        == 302
    )

    values = known_values(app, world)
    visited, ok_endpoints, problems = walk(app, judge_client, world, values)

    # The judge really read every entry (the walk is not vacuous)…
    mine = codes(app, round_id)
    assert len(mine) == len(world["entries"])
    others = len(world["entries"]) - 1
    for code in mine.values():
        assert visited.get(f"/judge/entries/{code}") == 200
        assert visited.get(f"/judge/entries/{code}/photos/1") == 200
        # …and was told (a count only) that the others are about the same person,
        # on the reading view and on the score page alike.
        for tail in ("", "/score"):
            url = f"/judge/entries/{code}{tail}"
            page = html.unescape(page_text(judge_client.get(url)))
            assert f"Có {others} bài dự thi khác viết về cùng nhân vật này." in page
    # The PDF entry is read as the PDF's text, without its metadata or file name.
    pdf_code = mine[world["entries"][2]]
    page = html.unescape(page_text(judge_client.get(f"/judge/entries/{pdf_code}")))
    assert PDF_STORY[1] in page
    problems += pdf_copy_leaks(app, world["entries"][2])
    # Searching the queue for an author finds nothing: only codes and blind titles.
    for word in (NAME, CO_AUTHOR, OWNER_EMAIL, PHONE, "canary"):
        page = page_text(judge_client.get("/judge/?" + urlencode({"q": word})))
        assert 'class="queue-code"' not in page, word
        assert re.search(r'id="queue-count">[^<]*\b0\b', page), word
    # No stored file (original upload, photo, thumbnail) is served to the judge…
    files = [u for u in visited if u.startswith("/files/")]
    assert files and all(visited[u] == 404 for u in files)
    # Scoring (autosave JSON, submit, the locked sheet) shows nothing either…
    for code in mine.values():
        url = f"/judge/entries/{code}/score"
        data = score_sheet(app, world["edition_id"]) | {"version": "0"}
        autosave = post_form(judge_client, url, data, headers={"X-Autosave": "1"})
        assert autosave.status_code == 200
        data |= {"version": str(autosave.json["version"]), "action": "submit"}
        submitted = post_form(judge_client, url, data, follow_redirects=True)
        assert submitted.status_code == 200
        for response in (autosave, submitted):
            if leaks(response.get_data()):
                problems.append(f"{url} (POST): {leaks(response.get_data())}")
    # …and declaring a conflict shows nothing either.
    code = next(iter(mine.values()))
    response = post_form(
        judge_client,
        f"/judge/entries/{code}/conflict",
        {"confirm": "y"},
        follow_redirects=True,
    )
    if leaks(response.get_data()):
        problems.append(f"recusal: {leaks(response.get_data())}")
    problems += final_round_leaks(app, judge_client, world)
    for message in outbox:
        if message["To"] == db_email(app, judge.id) and leaks(message.as_bytes()):
            problems.append(f"email to the judge: {leaks(message.as_bytes())}")

    assert problems == [], "\n".join(problems)
    judge_endpoints = {
        r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith("judge.")
    }
    missing = judge_endpoints - ok_endpoints
    assert missing == set(), f"judge routes the canary walk never reached: {missing}"


def walk(app, judge_client, world, values) -> tuple[dict, set, list]:
    """The judge requests every GET route with every known value and follows every
    link found: (url → status, endpoints answered successfully, canaries found)."""
    adapter = app.url_map.bind("localhost")
    visited: dict[str, int] = {}  # url → status
    ok_endpoints: set[str] = set()
    problems: list[str] = []

    def fetch(url: str) -> str:
        if url in visited:
            return ""
        response = judge_client.get(url)
        visited[url] = response.status_code
        assert response.status_code != 500, url
        headers = "\n".join(f"{k}: {v}" for k, v in response.headers.items())
        found = leaks(
            response.get_data(), headers, about_entry=url.startswith("/judge/")
        )
        if found:
            problems.append(f"{url}: {found}")
        path = urlsplit(url).path
        try:
            endpoint, _args = adapter.match(path, method="GET")
        except Exception:
            endpoint = None
        if endpoint and response.status_code < 400:
            ok_endpoints.add(endpoint)
        if response.mimetype == "text/html":
            return page_text(response)
        return ""

    queue = deque(["/judge/", "/", "/account/"])
    queue.extend(queue_filter_urls(world, values["code"][:2]))
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and not rule.rule.startswith("/static"):
            queue.extend(urls_for(rule, values))
    while queue:
        url = queue.popleft()
        if url.startswith(SKIP) or url in visited:
            continue
        for link in LINK_RE.findall(fetch(url)):
            target = urljoin("http://localhost" + url, html.unescape(link))
            parts = urlsplit(target)
            if parts.netloc == "localhost" and not parts.path.startswith(SKIP):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return visited, ok_endpoints, problems


def pdf_copy_leaks(app, entry_id: int) -> list[str]:
    """The metadata-free copy of the canary PDF (the only file anyone but the author
    and organizers may be given) carries no canary, neither in its bytes nor in its
    Info dictionary or XMP packet."""
    with app.app_context():
        document = db.session.get(Entry, entry_id).documents[-1]
        assert document.mime == "application/pdf"
        data = path_of(ensure_clean_copy(document)).read_bytes()
        db.session.commit()
    found = leaks(data) + leaks(pdf_metadata(data).encode())
    return [f"clean copy of the PDF: {found}"] if found else []


def final_round_leaks(app, judge_client, world) -> list[str]:
    """Chung khảo with the earlier-round hint on: the judge's final pages (queue with
    filters, reading view with the sơ khảo score) leak nothing either."""
    with app.test_request_context():
        edition = db.session.get(Edition, world["edition_id"])
        prelim, final = edition.rounds
        prelim.closed_at = prelim.advanced_at = datetime.now(UTC)  # all advance
        for entry_id in world["entries"]:
            db.session.get(Entry, entry_id).status = EntryStatus.SHORTLISTED
        final.show_previous_scores = True
        runs.commit_round(None, final, seed=3, balance=True, now=datetime.now(UTC))
        db.session.commit()
        final_id = final.id
    final_codes = list(codes(app, final_id).values())
    problems = []
    seen_hint = False
    for url in ["/judge/", *queue_filter_urls(world, final_codes)] + [
        f"/judge/entries/{c}{tail}" for c in final_codes for tail in ("", "/score")
    ]:
        response = judge_client.get(url)
        if response.status_code != 200:
            continue  # a recused entry stays out of the judge's final list
        seen_hint |= 'id="previous-score"' in page_text(response)
        found = leaks(response.get_data())
        if found:
            problems.append(f"{url} (final round): {found}")
    assert seen_hint, "the final-round judge never saw the earlier-round hint"
    return problems


def score_sheet(app, edition_id: int) -> dict[str, str]:
    """Form data of a complete, valid score sheet (full marks) for the edition."""
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        return {f"value-{c.id}": f"{c.max_points:g}" for c in edition.criteria}


def db_email(app, user_id: int) -> str:
    """A user's email address."""
    with app.app_context():
        return db.session.get(User, user_id).email


def test_the_canaries_would_be_caught(app, canary_world, login_as, client):
    """Control: the same walk's detector finds the canaries where they are expected."""
    login_as(Role.ORGANIZER)
    page = client.get(
        f"/organizer/editions/{canary_world['edition_id']}/judging/identity"
    )
    text = html.unescape(page_text(page))
    assert NAME in text
    assert leaks(page.get_data())
    # The address and the bare pen name are found in the text (and hidden by the
    # organizers in the walk above); the docx's hidden text never reached the text,
    # and the review says the file had some.
    assert ADDRESS in text and PEN_NAME in text
    assert "địa chỉ nhà" in text and "bút danh của tác giả" in text
    assert "Tệp tải lên có chữ bị ẩn" not in text  # that entry has no open hit…
    page = client.get(
        f"/organizer/editions/{canary_world['edition_id']}/judging/identity?all=1"
    )
    text = html.unescape(page_text(page))
    assert "Tệp tải lên có chữ bị ẩn" in text  # …but it is listed with all of them
    assert HIDDEN not in text and NORMAL_HIDDEN not in text
    with app.app_context():
        document = db.session.get(Entry, canary_world["entries"][0]).documents[-1]
        assert document.hidden_words > 0
        assert set(document.hidden_kinds.split(",")) == {
            "field",
            "hidden",
            "tiny",
            "white",
        }
        original = path_of(document.storage_key).read_bytes()
    body = zipfile.ZipFile(io.BytesIO(original)).read("word/document.xml")
    assert HIDDEN.encode() in body and NORMAL_HIDDEN.encode() in body
    with app.app_context():
        entry = db.session.get(Entry, canary_world["entries"][0])
        document = entry.documents[-1]
        assert FILE_TOKEN in document.original_name
    assert leaks(canary_photo())
    # The uploaded PDF really carries the canaries, in its metadata and its name.
    with app.app_context():
        pdf = db.session.get(Entry, canary_world["entries"][2]).documents[-1]
        assert FILE_TOKEN in pdf.original_name
        original = path_of(pdf.storage_key).read_bytes()
    metadata = pdf_metadata(original)
    for field in ("/Author", "/Title", "/Subject", "/Keywords", "/Creator"):
        assert field.encode() in original, field
    found = leaks(metadata.encode())
    assert {NAME, OWNER_EMAIL, PHONE_PATTERNS[0].pattern} <= set(found)
    assert NAME in metadata.split("<dc:creator>")[1]  # the XMP packet, too


def test_no_canary_reaches_a_unit_judge(
    app, client, canary_world, login_as, make_user, outbox
):
    """The same walk for a judge of the authors' own unit, reading the unit's own
    round (its focal point chose the judge and gave out the entries): the unit-level
    judging pages (queue, reading view, photos, score sheet, recusal) show codes and
    blind text only, though the judge belongs to the authors' unit."""
    world = canary_world
    login_as(Role.ORGANIZER)
    redact_every_hit(client, world["edition_id"])
    focal = client_as(
        app, make_user(Role.UNIT, unit_id=world["unit"], full_name="Đầu Mối Phường")
    )
    judge = make_user(unit_id=world["unit"], full_name="Giám Khảo Phường")
    round_id = create_round(focal, name="Vòng chấm phường", readers="1")
    add_judges(focal, round_id, judge)
    assign_and_open(focal, round_id)
    mine = codes(app, round_id)
    assert len(mine) == len(world["entries"])  # the unit holds the three entries

    judge_client = client_as(app, judge, lang=None)
    declaration = judge_client.get("/judge/")
    assert declaration.headers["Location"].endswith("/judge/declaration")
    assert (
        post_form(judge_client, "/judge/declaration", {"accept": "y"}).status_code
        == 302
    )
    values = known_values(app, world, round_id)
    visited, ok_endpoints, problems = walk(app, judge_client, world, values)
    for code in mine.values():
        assert visited.get(f"/judge/entries/{code}") == 200
        assert visited.get(f"/judge/entries/{code}/photos/1") == 200
    assert all(visited[u] == 404 for u in visited if u.startswith("/files/"))
    # Nothing of the unit's own pages is reachable for the judge.
    assert all(visited[u] == 403 for u in visited if u.startswith("/unit/"))
    for code in mine.values():
        url = f"/judge/entries/{code}/score"
        data = score_sheet(app, world["edition_id"]) | {"version": "0"}
        data |= {"action": "submit"}
        submitted = post_form(judge_client, url, data, follow_redirects=True)
        assert submitted.status_code == 200
        assert f"Đã nộp điểm cho bài {code}" in html.unescape(page_text(submitted))
        if leaks(submitted.get_data()):
            problems.append(f"{url} (POST): {leaks(submitted.get_data())}")
    code = next(iter(mine.values()))
    response = post_form(
        judge_client,
        f"/judge/entries/{code}/conflict",
        {"confirm": "y"},
        follow_redirects=True,
    )
    if leaks(response.get_data()):
        problems.append(f"recusal: {leaks(response.get_data())}")
    for message in outbox:
        if message["To"] == db_email(app, judge.id) and leaks(message.as_bytes()):
            problems.append(f"email to the judge: {leaks(message.as_bytes())}")
    assert problems == [], "\n".join(problems)
    judge_endpoints = {
        r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith("judge.")
    }
    missing = judge_endpoints - ok_endpoints
    assert missing == set(), (
        f"judge routes the unit judge's walk never reached: {missing}"
    )

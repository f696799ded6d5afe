"""Bulk ZIP import by a unit: manifest parsing, zip safety, the per-row report, reruns."""

import csv
import io
import re
import unicodedata

import pytest

from contest.extensions import db
from contest.models import AttachmentKind, Entry, EntryChannel, EntryStatus, Role
from contest.services.unit_bundle import Bundle, BundleError, BundleRejected, RowError
from contest.services.unit_manifest import (
    MAX_ROWS,
    Choice,
    ManifestRow,
    import_key,
    match_field,
    match_track,
    parse_manifest,
    resolve_row,
)
from tests import docfactory
from tests.conftest import page_text, post_form

VI_HEADER = [
    "Tên tệp",
    "Tên bài",
    "Tác giả",
    "Điện thoại",
    "Đơn vị",
    "Nhân vật",
    "Bảng",
    "Lĩnh vực",
]
EN_HEADER = ["File", "Title", "Author", "Phone", "Unit", "Featured", "Track", "Field"]
TRACKS = [Choice(1, "Bài viết", "written"), Choice(2, "Tác phẩm báo chí", "press")]
FIELDS = [Choice(7, "Y tế"), Choice(8, "Văn hóa, văn nghệ, thể dục, thể thao")]
XSS = '<script>alert("x")</script>'


def csv_bytes(rows, header=VI_HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def xlsx_bytes(rows, header=EN_HEADER) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def row(file, title, track="Bài viết", field="Y tế", author="Lê Văn Tác"):
    return [
        file,
        title,
        author,
        "0912 000 111",
        "Phường Hàng Bạc",
        "Bà Hoa",
        track,
        field,
    ]


# -- pure parts: no app -----------------------------------------------------------


@pytest.mark.parametrize(
    "header", [VI_HEADER, EN_HEADER, [h.upper() for h in EN_HEADER]]
)
def test_manifest_headers_are_read_in_vietnamese_or_english(header):
    """Headers in either language, with or without accents or capitals, are understood."""
    plain = [unicodedata.normalize("NFD", h) for h in header]  # macOS spelling
    rows = parse_manifest(csv_bytes([row("a.docx", "Bài một")], plain), "m.csv")
    assert rows == [
        ManifestRow(
            row=2,
            file="a.docx",
            title="Bài một",
            author="Lê Văn Tác",
            phone="0912 000 111",
            unit="Phường Hàng Bạc",
            featured="Bà Hoa",
            track="Bài viết",
            field="Y tế",
        )
    ]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Bài viết", 1),
        ("bai viet", 1),
        ("Bảng A - Bài viết", 1),
        ("Tác phẩm báo chí", 2),
        ("BAO CHI", 2),
        ("thơ", None),
        ("", None),
    ],
)
def test_tracks_are_matched_by_name_or_by_kind(cell, expected):
    """A track is found by its name or by "bài viết"/"báo chí", accent-insensitively."""
    assert match_track(cell, TRACKS) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("y te", 7),
        ("Y TẾ", 7),
        ("Văn hoá, văn nghệ, thể dục, thể thao", 8),
        ("Y", None),
    ],
)
def test_fields_are_matched_accent_insensitively(cell, expected):
    """Fields match whatever the accents, capitals or tone-mark placement."""
    assert match_field(cell, FIELDS) == expected


def test_missing_columns_and_too_many_rows_refuse_the_whole_manifest():
    """A manifest without a title column, or over the row limit, is refused whole."""
    with pytest.raises(BundleRejected) as refused:
        parse_manifest(csv_bytes([["a.docx", "x"]], ["File", "Author"]), "m.csv")
    assert refused.value.code == BundleError.MISSING_COLUMNS
    many = [row(f"{i}.docx", f"Bài {i}") for i in range(MAX_ROWS + 1)]
    with pytest.raises(BundleRejected) as refused:
        parse_manifest(csv_bytes(many), "m.csv")
    assert refused.value.code == BundleError.TOO_MANY_ROWS


def test_member_names_are_matched_safely():
    """Names match whatever the case or Unicode form; dangerous or doubled names never."""
    archive = docfactory.write_zip(
        {
            "Bài Một.docx": b"1",
            "thu muc/hai.docx": b"2",
            "../../evil.docx": b"3",
            "/etc/passwd.docx": b"4",
            "a/dup.docx": b"5",
            "b/dup.docx": b"6",
            "__MACOSX/._hai.docx": b"7",
        }
    )
    bundle = Bundle(archive)
    nfd = unicodedata.normalize("NFD", "bài một.DOCX")
    assert bundle.lookup(nfd) == ("bài một.docx", None)
    assert bundle.lookup("hai.docx") == ("thu muc/hai.docx", None)
    assert bundle.lookup("evil.docx") == (None, RowError.UNSAFE_FILE)
    assert bundle.lookup("../../evil.docx") == (None, RowError.UNSAFE_FILE)
    assert bundle.lookup("passwd.docx") == (None, RowError.UNSAFE_FILE)
    assert bundle.lookup("dup.docx") == (None, RowError.UNSAFE_FILE)
    assert bundle.lookup("ba.docx") == (None, RowError.MISSING_FILE)


def test_zip_limits_refuse_bombs_before_reading():
    """A ratio bomb member is refused alone; a ZIP declaring too much is refused whole."""
    bundle = Bundle(
        docfactory.write_zip({"bom.txt": b"\0" * (2 << 20), "ok.txt": b"x"})
    )
    assert bundle.lookup("bom.txt") == (None, RowError.ZIP_BOMB)
    assert bundle.lookup("ok.txt") == ("ok.txt", None)
    with pytest.raises(BundleRejected) as refused:
        Bundle(b"not a zip at all")
    assert refused.value.code == BundleError.NOT_A_ZIP


def test_row_resolution_reports_the_first_problem():
    """Each row gets its file, track and field, or one reason."""
    bundle = Bundle(docfactory.write_zip({"a.docx": b"1"}))
    cells = dict(
        zip(
            ["file", "title", "author", "phone", "unit", "featured", "track", "field"],
            row("a.docx", "T"),
            strict=True,
        )
    )
    good = resolve_row(ManifestRow(row=2, **cells), bundle, TRACKS, FIELDS)
    assert (good.member, good.track_id, good.field_id, good.error) == (
        "a.docx",
        1,
        7,
        None,
    )
    assert (
        resolve_row(
            ManifestRow(row=3, **{**cells, "track": "Thơ"}), bundle, TRACKS, FIELDS
        ).error
        == RowError.UNKNOWN_TRACK
    )
    assert (
        resolve_row(
            ManifestRow(row=4, **{**cells, "field": "?"}), bundle, TRACKS, FIELDS
        ).error
        == RowError.UNKNOWN_FIELD
    )
    assert (
        resolve_row(
            ManifestRow(row=5, **{**cells, "file": "b.docx"}), bundle, TRACKS, FIELDS
        ).error
        == RowError.MISSING_FILE
    )
    missing = resolve_row(
        ManifestRow(row=6, **{**cells, "author": ""}), bundle, TRACKS, FIELDS
    )
    assert (missing.error, missing.missing) == (RowError.MISSING_CELLS, ["author"])


def test_import_key_depends_on_unit_file_and_title():
    """The same file and title from the same unit give the same key; any change differs."""
    key = import_key(1, b"file", "Bài một")
    assert key == import_key(1, b"file", " Bài một ")
    assert (
        len(
            {
                key,
                import_key(2, b"file", "Bài một"),
                import_key(1, b"other", "Bài một"),
                import_key(1, b"file", "Bài hai"),
            }
        )
        == 4
    )


# -- through the web: the focal point imports ---------------------------------------


@pytest.fixture
def unit_id(make_unit):
    return make_unit("UBND quận Hoàn Kiếm")


@pytest.fixture
def focal(client, login_as, unit_id, edition_id):
    """The unit's focal point, logged in, reading the pages in English."""
    person = login_as(Role.UNIT, unit_id=unit_id)
    client.get("/lang/en")
    return person


def upload(client, archive: bytes, manifest: tuple[bytes, str] | None = None):
    data = {"archive": (io.BytesIO(archive), "bai-du-thi.zip")}
    if manifest is not None:
        data["manifest"] = (io.BytesIO(manifest[0]), manifest[1])
    return post_form(client, "/unit/import", data, content_type="multipart/form-data")


def rejected_reasons(html: str) -> dict[int, str]:
    """Row number → reason code, read from the report's rejected table."""
    return {
        int(number): reason
        for reason, number in re.findall(
            r'<tr data-reason="(\w+)"><td>(\d+)</td>', html
        )
    }


@pytest.fixture(scope="module")
def mixed_zip() -> bytes:
    """Good and bad rows in one ZIP, with the CSV manifest at its root."""
    files = {
        "bai-mot.docx": docfactory.make_docx(),
        "thu muc/bai-hai.pdf": docfactory.make_pdf(),
        "ban-quet.pdf": docfactory.make_image_pdf(),
        "qua-dai.docx": docfactory.make_docx(docfactory.lorem_vi(2100)),
        "bom.docx": docfactory.make_zip_bomb_docx(5),
        "nen.txt": b"\0" * (2 << 20),
        "../../evil.docx": docfactory.make_docx(),
        "khong-doc-duoc.docx": docfactory.make_legacy_doc(),
    }
    rows = [
        row("bai-mot.docx", "Bếp cơm yêu thương"),  # 2 imported
        row(
            "bai-hai.pdf", "Người lái đò", track="bao chi", field="Y TE"
        ),  # 3 press: no outlet
        row("ban-quet.pdf", "Bản quét"),  # 4 imported, needs typing
        row("qua-dai.docx", "Quá dài"),  # 5 over the word limit
        row("bom.docx", "Bom"),  # 6 zip bomb inside the .docx
        row("nen.txt", "Nén"),  # 7 ratio bomb member of the outer zip
        row("evil.docx", "Ác"),  # 8 path traversal member
        row("vang-mat.docx", "Vắng"),  # 9 not in the zip
        row("bai-mot.docx", "Thơ", track="Thơ"),  # 10 unknown track
        row("bai-mot.docx", "Lạ", field="Thiên văn"),  # 11 unknown field
        row("khong-doc-duoc.docx", "Cũ"),  # 12 old Word file
        row("bai-mot.docx", "Bếp cơm yêu thương"),  # 13 same as row 2
        row("bai-mot.docx", XSS, author=XSS),  # 14 imported, escaped
    ]
    files["manifest.csv"] = csv_bytes(rows)
    return docfactory.write_zip(files)


def test_a_zip_with_good_and_bad_rows_imports_the_good_ones(
    app, client, focal, unit_id, mixed_zip, outbox
):
    """Good rows become numbered entries; each bad row says why; nothing half-saved."""
    response = upload(client, mixed_zip)
    assert response.status_code == 200
    html = page_text(response)
    assert "Imported: 3. Already imported before: 0. Rejected: 10." in html
    assert rejected_reasons(html) == {
        3: "incomplete",
        5: "too_long",
        6: "bad_document",
        7: "zip_bomb",
        8: "unsafe_file",
        9: "missing_file",
        10: "unknown_track",
        11: "unknown_field",
        12: "bad_document",
        13: "duplicate_in_file",
    }
    assert "2,100 words, more than the track&#39;s limit of 2,000." in html
    assert "old Word file" in html and "abnormally large" in html
    assert XSS not in html and "&lt;script&gt;" in html
    with app.app_context():
        entries = db.session.scalars(db.select(Entry).order_by(Entry.number)).all()
        assert [e.number for e in entries] == [
            "HN2026-000001",
            "HN2026-000002",
            "HN2026-000003",
        ]
        assert all(
            e.channel == EntryChannel.IMPORT and e.unit_id == unit_id for e in entries
        )
        assert all(
            e.status == EntryStatus.SUBMITTED and e.owner_id == focal.id
            for e in entries
        )
        scan = next(e for e in entries if e.title == "Bản quét")
        assert scan.needs_typing and scan.attachments[0].kind == AttachmentKind.SCAN
        first = next(e for e in entries if e.title == "Bếp cơm yêu thương")
        assert (
            first.authors[0].full_name == "Lê Văn Tác"
            and first.featured[0].name == "Bà Hoa"
        )
        assert first.authors[0].unit_name == "Phường Hàng Bạc"
        assert first.latest_version.text.startswith("Người giữ lửa ở xóm chài")
        assert db.session.scalar(db.select(db.func.count()).select_from(Entry)) == 3
    for number in ("HN2026-000001", "HN2026-000002", "HN2026-000003"):
        assert number in html


def test_reimporting_the_same_zip_creates_nothing(app, client, focal, mixed_zip):
    """The second upload reports every good row as already imported, with its number."""
    upload(client, mixed_zip)
    html = page_text(upload(client, mixed_zip))
    assert "Imported: 0. Already imported before: 3. Rejected: 10." in html
    assert "HN2026-000003" in html
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Entry)) == 3


def test_an_xlsx_manifest_uploaded_beside_the_zip(app, client, focal):
    """An Excel manifest uploaded next to the ZIP works, press works included."""
    archive = docfactory.write_zip(
        {"Bài Một.docx": docfactory.make_docx(), "bao.pdf": docfactory.make_pdf()}
    )
    header = [*EN_HEADER, "Outlet", "Published on", "Link"]
    teacher_row = row(
        "bài một.docx", "Người thầy", field="Văn hoá, văn nghệ, thể dục, thể thao"
    )
    press_row = row("bao.pdf", "Phóng sự", track="Báo chí")
    manifest = xlsx_bytes(
        [
            [*teacher_row, "", "", ""],
            [*press_row, "Báo Hà Nội mới", "01/03/2026", "https://hanoimoi.vn/bai"],
        ],
        header,
    )
    html = page_text(upload(client, archive, (manifest, "danh-sach.xlsx")))
    assert "Imported: 2." in html and "HN2026-000002" in html
    with app.app_context():
        teacher, press = db.session.scalars(db.select(Entry).order_by(Entry.id))
        assert teacher.field.name == "Văn hóa, văn nghệ, thể dục, thể thao"
        assert press.track.kind == "press" and press.outlet == "Báo Hà Nội mới"
        assert press.published_on.isoformat() == "2026-03-01"


@pytest.mark.parametrize(
    ("archive", "message"),
    [
        (b"PK\x03\x04 broken", "not a ZIP file"),
        (docfactory.write_zip({"a.docx": b"1"}), "No manifest was found"),
        (
            docfactory.write_zip(
                {
                    "manifest.csv": csv_bytes(
                        [row(f"{i}.docx", str(i)) for i in range(MAX_ROWS + 1)]
                    )
                }
            ),
            "more than 300 rows",
        ),
        (docfactory.write_zip({"manifest.csv": b"\xff\xfe bad"}), "not in UTF-8"),
    ],
)
def test_a_refused_zip_says_why_and_imports_nothing(
    app, client, focal, archive, message
):
    """A ZIP refused as a whole gets one message next to the field; nothing is created."""
    html = page_text(upload(client, archive))
    assert message in html and 'id="archive-error"' in html
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Entry)) == 0


def test_another_unit_importing_the_same_zip_gets_its_own_entries(
    app, client, focal, make_user, make_unit
):
    """Import keys are per unit: another unit's identical ZIP is not "already imported"."""
    archive = docfactory.write_zip(
        {
            "a.txt": docfactory.make_txt(),
            "manifest.csv": csv_bytes([row("a.txt", "Một")]),
        }
    )
    upload(client, archive)
    other = app.test_client()
    from tests.conftest import login

    login(other, make_user(Role.UNIT, unit_id=make_unit("Sở Y tế")).email)
    upload(other, archive)
    with app.app_context():
        units = sorted(e.unit_id for e in db.session.scalars(db.select(Entry)))
        assert len(set(units)) == 2


def test_overlong_cells_and_script_links_are_rejected_not_crashed(app, client, focal):
    """A title longer than 300 characters or a "javascript:" link rejects only its row."""
    header = [*EN_HEADER, "Outlet", "Link"]
    rows = [
        [*row("a.txt", "Dài " * 100), "", ""],
        [*row("a.txt", "Liên kết", track="Báo chí"), "Báo", "javascript:alert(1)"],
        [*row("a.txt", "Được"), "", ""],
    ]
    archive = docfactory.write_zip(
        {"a.txt": docfactory.make_txt(), "manifest.csv": csv_bytes(rows, header)}
    )
    response = upload(client, archive)
    assert response.status_code == 200
    html = page_text(response)
    assert rejected_reasons(html) == {2: "cell_too_long", 3: "bad_link"}
    assert "Too long: Title." in html and "Imported: 1." in html
    assert 'href="javascript' not in html


@pytest.mark.parametrize("header", ["Địa chỉ nhân vật", "dia chi", "Locality"])
def test_the_featured_persons_address_is_imported_when_the_edition_requires_it(
    app, client, focal, edition_id, header
):
    """With the edition asking for the featured person's address, a row that gives it
    (under any usual header) is imported with it; a row without it is rejected with
    the message that says what to add, and the help names the column."""
    from contest.models import Edition

    with app.app_context():
        db.session.get(Edition, edition_id).featured_locality_required = True
        db.session.commit()
    assert "Địa chỉ nhân vật" in page_text(client.get("/unit/import"))
    archive = docfactory.write_zip(
        {"mot.docx": docfactory.make_docx(), "hai.docx": docfactory.make_docx()}
    )
    address = "Số 5 phố Hàng Bạc, phường Hoàn Kiếm"
    manifest = csv_bytes(
        [[*row("mot.docx", "Có địa chỉ"), address], [*row("hai.docx", "Thiếu"), ""]],
        [*VI_HEADER, header],
    )
    html = page_text(upload(client, archive, (manifest, "danh-sach.csv")))
    assert "Imported: 1." in html and "Rejected: 1." in html
    assert rejected_reasons(html) == {3: "incomplete"}
    assert "Please give the full address of every person the story is about" in html
    with app.app_context():
        entry = db.session.scalar(db.select(Entry))
        assert entry.title == "Có địa chỉ"
        assert entry.featured[0].locality == address

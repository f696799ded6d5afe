"""Award documents read back as users get them: the XLSX list, the PDF annex and
certificates (through pdftotext), and the anthology EPUB (through epubcheck)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import unicodedata
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook
from PIL import Image

from contest.exports import registry
from judging.anthology.exports.epub import render_anthology_epub
from judging.anthology.exports.pdf import render_anthology_pdf
from judging.awards.core import Tier
from judging.awards.exports.annex_pdf import render_annex_pdf
from judging.awards.exports.certificates_pdf import render_certificates_pdf
from judging.awards.exports.data import AnthologyStory, AwardRow, EditionInfo
from judging.awards.exports.xlsx import AWARD_HEADERS, render_award_xlsx

# Names with many diacritics; the NFD one must come out composed like the others.
NAMES = [
    "Nguyễn Thị Dư",
    "Trần Thùy Dương",
    "Phạm Văn Đặng",
    "Đặng Văn Ánh",
    "Lưu Quỳnh Hương",
    unicodedata.normalize("NFD", "Huỳnh Thị Ngọc Diễm"),
    "Hoàng Thị Thuỷ Tiên",
]


@pytest.fixture
def edition() -> EditionInfo:
    """The 2025 edition, decided by decision 125/QĐ-BTC."""
    return EditionInfo(
        title="Cuộc thi viết về gương điển hình tiên tiến, người tốt, việc tốt",
        year=2025,
        organizer_name="Ban Tổ chức cuộc thi",
        decision_number="125/QĐ-BTC",
        decision_date=date(2025, 10, 5),
        award_date=date(2025, 10, 10),
        preface='Những câu chuyện đẹp.\nGửi tới bạn đọc & "mọi người" <3',
    )


@pytest.fixture
def awards() -> list[AwardRow]:
    """Two tracks; the Nhất tier of "Bài viết" lists Đặng, Dư, Dương out of order."""
    return [
        AwardRow(
            5, Tier.NHAT, "=1+1", ("Phạm Văn Đặng",), "Sở Y tế", ("Bà Tư",), "Bài viết"
        ),
        AwardRow(
            2, Tier.NHAT, "Mẹ", ("Trần Thùy Dương",), "Quận Ba Đình", (), "Bài viết"
        ),
        AwardRow(
            3, Tier.NHAT, "Thầy", ("Nguyễn Thị Dư",), "Xã Minh Quang", (), "Bài viết"
        ),
        AwardRow(
            1,
            "dac_biet",
            "Bác sĩ",
            ("Lưu Quỳnh Hương",),
            "Bệnh viện E",
            ("Ông Ba",),
            "Bài viết",
        ),
        AwardRow(
            1,
            Tier.KHUYEN_KHICH,
            "Người gác rừng",
            (NAMES[5], "Hoàng Thị Thuỷ Tiên"),
            "Báo Hà Nội Mới",
            ("Anh Bảy",),
            "Tác phẩm báo chí",
            track_order=1,
        ),
        AwardRow(
            2,
            Tier.NHI,
            "Ánh sáng",
            ("Đặng Văn Ánh",),
            "Đài PT-TH",
            (),
            "Tác phẩm báo chí",
            track_order=1,
        ),
    ]


def _sheet_rows(data: bytes) -> list[tuple]:
    """All rows of the award list's only sheet, as values."""
    return list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))


def test_award_list_has_official_headers_and_grouping(edition, awards):
    """The organizer opens the list: track headings, tier headings, then the winners of
    each prize in the jury's rank order (not by name)."""
    rows = _sheet_rows(render_award_xlsx(edition, awards))
    header_at = rows.index(AWARD_HEADERS)
    body = [r for r in rows[header_at + 1 :]]
    labels = [r[0] for r in body if not isinstance(r[0], int)]
    assert labels == [
        "I. Bài viết",
        "Giải Đặc biệt (1)",
        "Giải Nhất (3)",
        "II. Tác phẩm báo chí",
        "Giải Nhì (1)",
        "Giải Khuyến khích (1)",
    ]
    winners = [(r[0], r[1], r[5]) for r in body if isinstance(r[0], int)]
    assert winners == [
        (1, "Lưu Quỳnh Hương", "Đặc biệt"),
        (2, "Trần Thùy Dương", "Nhất"),
        (3, "Nguyễn Thị Dư", "Nhất"),
        (4, "Phạm Văn Đặng", "Nhất"),
        (1, "Đặng Văn Ánh", "Nhì"),
        (2, "Huỳnh Thị Ngọc Diễm, Hoàng Thị Thuỷ Tiên", "Khuyến khích"),
    ]
    assert "125/QĐ-BTC" in rows[2][0]


def test_award_list_keeps_formula_like_titles_as_text(edition, awards):
    """A title typed as "=1+1" shows as that text in Excel, never as the number 2."""
    sheet = load_workbook(io.BytesIO(render_award_xlsx(edition, awards))).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value == "=1+1"]
    assert len(cells) == 1
    assert cells[0].data_type == "s"
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


# -- PDFs read back with pdftotext ----------------------------------------------------


def _pdftotext(data: bytes, tmp_path: Path) -> str:
    """The PDF's text as poppler's pdftotext extracts it (skip when it is missing)."""
    if shutil.which("pdftotext") is None:
        if os.environ.get("REQUIRE_PDFTOTEXT") == "1":
            pytest.fail("pdftotext is required (apt-get install poppler-utils)")
        pytest.skip("pdftotext not installed (Debian package poppler-utils)")
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return result.stdout.decode("utf-8")


def test_annex_prints_every_name_exactly(edition, awards, tmp_path):
    """The annex PDF shows each winner's name with its exact Vietnamese diacritics."""
    text = _pdftotext(render_annex_pdf(edition, awards), tmp_path)
    for name in NAMES:
        assert unicodedata.normalize("NFC", name) in text
    assert "PHỤ LỤC" in text
    assert "Kèm theo Quyết định số 125/QĐ-BTC ngày 05/10/2025" in text
    assert text.index("I. Bài viết") < text.index("II. Tác phẩm báo chí")


def test_annex_repeats_headings_on_every_page(edition, tmp_path):
    """A long annex runs over several pages and each page starts with the headings."""
    many = [
        AwardRow(i, Tier.KHUYEN_KHICH, f"Tác phẩm {i}", (f"Tác giả Số {i}",), "Hà Nội")
        for i in range(1, 121)
    ]
    text = _pdftotext(render_annex_pdf(edition, many), tmp_path)
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) >= 3
    assert all("Họ và tên tác giả" in page for page in pages)
    lines = set(text.splitlines())
    assert all(f"Tác giả Số {i}" in lines for i in range(1, 121))


def test_certificates_one_page_per_author(edition, awards, tmp_path):
    """Each author (co-authors too) gets a landscape page with name, title and prize."""
    data = render_certificates_pdf(edition, awards)
    text = _pdftotext(data, tmp_path)
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) == 7  # six entries, one of them by two authors
    for name in NAMES:
        assert sum(unicodedata.normalize("NFC", name) in p for p in pages) == 1
    page = next(p for p in pages if "Lưu Quỳnh Hương" in p)
    assert "GIẤY CHỨNG NHẬN" in page
    assert "BAN TỔ CHỨC CUỘC THI" in page
    assert "“Bác sĩ”" in page
    assert "Đạt giải Đặc biệt – Bài viết" in page
    assert "Hà Nội, ngày 10 tháng 10 năm 2025" in page
    from pypdf import PdfReader

    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert box.width > box.height  # landscape


# -- the anthology EPUB ----------------------------------------------------------------


def _photo() -> bytes:
    """A small PNG photo with text metadata the e-book must not carry."""
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "GPS 21.0285,105.8542")
    out = io.BytesIO()
    Image.new("RGB", (320, 240), (180, 60, 60)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


HOSTILE_TITLE = "Tom & Jerry <b>\"đẹp\"</b> 'x'"
HOSTILE_TEXT = "Đoạn một <i>nghiêng</i>\n<script>alert('x')</script>\nA & B \x01 < C"


@pytest.fixture
def stories() -> list[AnthologyStory]:
    """Three stories in two fields; one hostile, one with a photo, one broken photo."""
    return [
        AnthologyStory(
            HOSTILE_TITLE,
            ("Lưu Quỳnh Hương",),
            HOSTILE_TEXT,
            featured_line="Nhân vật: <Bà Tư>",
            field="Y tế",
            tier=Tier.NHAT,
            photo=_photo(),
        ),
        AnthologyStory(
            "Thầy giáo vùng cao",
            ("Nguyễn Thị Dư", "Đặng Văn Ánh"),
            "Đoạn một.\n\nĐoạn hai.",
            featured_line="Nhân vật: Thầy Ba",
            field="Giáo dục",
            tier="dac_biet",
            photo=b"not an image",
        ),
        AnthologyStory("Người gác rừng", ("Trần Thùy Dương",), "Rừng.", field=""),
    ]


@pytest.fixture
def epub(edition, stories) -> bytes:
    """The anthology grouped by field, with a fixed modification time."""
    return render_anthology_epub(
        edition, stories, modified=datetime(2025, 10, 1, 8, 0, tzinfo=UTC)
    )


def test_epub_container_layout(epub):
    """Readers recognise the file: mimetype first, uncompressed, then the package."""
    with zipfile.ZipFile(io.BytesIO(epub)) as archive:
        first = archive.infolist()[0]
        assert first.filename == "mimetype"
        assert first.compress_type == zipfile.ZIP_STORED
        assert archive.read("mimetype") == b"application/epub+zip"
        opf = archive.read("OEBPS/content.opf").decode()
    assert "<dc:language>vi</dc:language>" in opf
    assert '<meta property="dcterms:modified">2025-10-01T08:00:00Z</meta>' in opf
    assert "urn:uuid:" in opf and 'properties="nav"' in opf
    assert 'properties="cover-image"' in opf


def test_epub_escapes_user_text_and_every_page_is_well_formed(epub):
    """A story with <script>, & and quotes prints as text; every XHTML page parses."""
    with zipfile.ZipFile(io.BytesIO(epub)) as archive:
        pages = {
            n: archive.read(n)
            for n in archive.namelist()
            if n.endswith((".xhtml", ".opf"))
        }
    for name, data in pages.items():
        ElementTree.fromstring(data)  # raises on any ill-formed page
        assert b"<script" not in data, name
    story = next(d for n, d in pages.items() if "story-" in n and b"Tom &amp;" in d)
    root = ElementTree.fromstring(story)
    text = "".join(root.itertext())
    assert HOSTILE_TITLE in text
    assert "<script>alert('x')</script>" in text
    assert "\x01" not in text


def test_epub_toc_groups_by_field_or_tier(edition, stories):
    """The contents list fields alphabetically (or prizes best first), others last."""

    def toc(group_by: str) -> str:
        data = render_anthology_epub(edition, stories, group_by=group_by)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            root = ElementTree.fromstring(archive.read("OEBPS/nav.xhtml"))
        ns = "{http://www.w3.org/1999/xhtml}"
        return [s.text for s in root.iter(f"{ns}span")]

    assert toc("field") == ["Giáo dục", "Y tế", "Lĩnh vực khác"]
    assert toc("tier") == ["Giải Đặc biệt", "Giải Nhất", "Tác phẩm khác"]
    with pytest.raises(ValueError):
        render_anthology_epub(edition, stories, group_by="author")


def test_epub_photo_is_reencoded_without_metadata(epub):
    """The featured person's photo is in the book as JPEG, its hidden GPS note gone."""
    with zipfile.ZipFile(io.BytesIO(epub)) as archive:
        photos = [n for n in archive.namelist() if n.startswith("OEBPS/images/photo")]
        assert len(photos) == 1  # the unreadable second photo is left out
        data = archive.read(photos[0])
    assert data.startswith(b"\xff\xd8") and b"GPS" not in data


def _epubcheck_command() -> list[str] | None:
    """How to run epubcheck here: the Debian jar through java (binfmt is often off)."""
    found = shutil.which("epubcheck")
    if found and shutil.which("java"):
        return ["java", "-jar", os.path.realpath(found)]
    return None


def test_epub_passes_epubcheck(epub, tmp_path):
    """The e-book validates with the reference checker: no errors, no warnings."""
    command = _epubcheck_command()
    if command is None:
        if os.environ.get("REQUIRE_EPUBCHECK") == "1":
            pytest.fail("epubcheck is required (apt-get install epubcheck)")
        pytest.skip("epubcheck not installed (Debian package epubcheck, needs java)")
    path = tmp_path / "anthology.epub"
    path.write_bytes(epub)
    result = subprocess.run(
        [*command, str(path)], capture_output=True, text=True, timeout=180
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    assert "0 fatals / 0 errors / 0 warnings" in report, report


@pytest.mark.parametrize(
    ("name", "mimetype", "suffix", "items"),
    [
        ("award_list", "spreadsheetml", ".xlsx", "awards"),
        ("award_annex", "application/pdf", ".pdf", "awards"),
        ("award_certificates", "application/pdf", ".pdf", "awards"),
        ("anthology_epub", "application/epub+zip", ".epub", "stories"),
        ("anthology_pdf", "application/pdf", ".pdf", "stories"),
    ],
)
def test_registry_runs_award_exports(request, edition, name, mimetype, suffix, items):
    """Views get each award document by name with a server-made ASCII file name."""
    made = registry.run(name, edition=edition, items=request.getfixturevalue(items))
    assert mimetype in made.mimetype
    assert made.filename.endswith(f"-2025{suffix}") and made.filename.isascii()
    assert len(made.data) > 500


def test_anthology_pdf_book_reads_back(edition, stories, tmp_path):
    """The printable book has the preface, contents by prize and each story's text."""
    data = render_anthology_pdf(edition, stories, group_by="tier")
    text = _pdftotext(data, tmp_path)
    assert "Lời giới thiệu" in text and "Mục lục" in text
    contents = text[text.index("Mục lục") :]
    assert contents.index("Giải Đặc biệt") < contents.index("Giải Nhất")
    assert "Nguyễn Thị Dư, Đặng Văn Ánh" in text
    assert "<script>alert('x')</script>" in text  # printed as the writer typed it


def test_certificates_date_falls_back_to_the_decision_and_quotes_once(awards, tmp_path):
    """No award day entered: the certificate carries the decision's day, never the
    "ngày ….. tháng ….." blanks; a title typed in quotes is not quoted twice."""
    info = EditionInfo(
        title="Cuộc thi viết",
        year=2026,
        organizer_name="Ban Tổ chức cuộc thi",
        decision_date=date(2026, 10, 5),
    )
    quoted_row = AwardRow(
        1, Tier.NHAT, "“Mẹ”", ("Trần Thùy Dương",), "", (), "Bài viết"
    )
    text = _pdftotext(render_certificates_pdf(info, [quoted_row]), tmp_path)
    assert "Hà Nội, ngày 05 tháng 10 năm 2026" in text and "....." not in text
    assert "“Mẹ”" in text and "““" not in text

"""The cover letter of a forwarded batch, built as an official document and read back
as the office gets it: the Word file through python-docx, the PDF through pdftotext
and pdffonts. Pure builder, no app."""

from __future__ import annotations

import io
import subprocess
from datetime import date

import docx

from contest.exports.official.cover_letter import (
    CoverEntry,
    cover_letter,
    letter_number,
)
from contest.exports.official.docx_writer import render_docx
from contest.exports.official.pdf_writer import render_pdf
from tests.document_text import pdf_text, word_text

CONTEST = "Cuộc thi viết về gương điển hình tiên tiến, người tốt, việc tốt năm 2026"


def letter(entries=None):
    return cover_letter(
        unit="Phường Điện Biên",
        superior="Quận Ba Đình",
        number=letter_number(7, "pđb"),
        place="Ba Đình",
        day=date(2026, 3, 5),
        contest=CONTEST,
        addressee="Quận Ba Đình",
        entries=entries
        if entries is not None
        else [
            CoverEntry("BV-0001", "Bếp cơm Điện Biên", "Trần Thị Lan", "Bà Tư"),
            CoverEntry("BV-0002", "Người gác cầu", "Lê Văn Hùng, Phạm An", ""),
        ],
        head_title="Chủ tịch UBND phường",
        head_name="Nguyễn Văn Trưởng",
    )


def test_number_takes_the_units_symbol_or_dv():
    assert letter_number(7, "pđb") == "07/CV-PĐB"
    assert letter_number(123, "") == "123/CV-ĐV"
    assert letter_number(4, " / ") == "04/CV-ĐV"


def test_the_word_file_reads_back_as_a_letter():
    """National title, both bodies, number, V/v, Kính gửi, the entries in a table with
    its headings, the head's title and name, Nơi nhận."""
    data = render_docx(letter())
    text = word_text(data)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "QUẬN BA ĐÌNH",
        "PHƯỜNG ĐIỆN BIÊN",
        "Số: 07/CV-PĐB",
        f"V/v giới thiệu bài dự thi {CONTEST}",
        "Ba Đình, ngày 05 tháng 3 năm 2026",
        "Kính gửi: Quận Ba Đình",
        "trân trọng giới thiệu 2 bài dự thi",
        "CHỦ TỊCH UBND PHƯỜNG",
        "Nguyễn Văn Trưởng",
        "Nơi nhận:",
    ):
        assert expected in text, expected
    tables = docx.Document(io.BytesIO(data)).tables
    entries = next(t for t in tables if t.rows[0].cells[0].text == "STT")
    assert [c.text for c in entries.rows[0].cells] == [
        "STT",
        "Mã bài",
        "Tên bài dự thi",
        "Tác giả",
        "Nhân vật",
    ]
    assert [c.text for c in entries.rows[2].cells] == [
        "2",
        "BV-0002",
        "Người gác cầu",
        "Lê Văn Hùng, Phạm An",
        "",
    ]
    assert "QUYẾT ĐỊNH" not in text  # a letter has no document name


def test_the_pdf_says_the_same_with_fonts_embedded():
    data = render_pdf(letter())
    text = pdf_text(data)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 07/CV-PĐB",
        "Kính gửi: Quận Ba Đình",
        "BV-0001",
        "Bếp cơm Điện Biên",
        "Trần Thị Lan",
        "Bà Tư",
        "Nguyễn Văn Trưởng",
    ):
        assert expected in text, expected
    fonts = subprocess.run(
        ["pdffonts", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    rows = [line for line in fonts.splitlines()[2:] if line.strip()]
    assert rows and all(" yes " in line for line in rows)


def test_a_long_batch_runs_onto_more_pages_and_keeps_every_entry():
    many = [
        CoverEntry(f"BV-{i:04d}", f"Bài số {i}", f"Tác giả {i}", "") for i in range(60)
    ]
    data = render_pdf(letter(many))
    text = pdf_text(data)
    assert "BV-0000" in text and "BV-0059" in text and "Nguyễn Văn Trưởng" in text
    assert len(docx.Document(io.BytesIO(render_docx(letter(many)))).tables) >= 1

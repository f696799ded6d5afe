"""Structured Word files (headings, lists, a table, line breaks, hidden text) and their
LibreOffice conversions (.odt, .pdf, and .docx saved back by LibreOffice).

python-docx writes the .docx the way Word structures it; LibreOffice (Debian's
libreoffice-writer-nogui, ``soffice``) reads it and writes the .odt and .pdf, so the
conversions prove that a real office suite sees the structure we built.
"""

from __future__ import annotations

import functools
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from lxml import etree

from tests.docfactory.office import W_NS

TITLE = "Người giữ lửa ở xóm chài"
HIDDEN_WORDS = "Tác giả Ẩn Danh Canary số 77 ngõ Bí Mật"
WHITE_WORDS = "Chữ trắng Canary"
TINY_WORDS = "Chữ tí hon Canary"
FIELD_AUTHOR = "Field Canary Author"

# The 20 paragraphs a judge must see, numbered 1–20, after the repeated title.
TWENTY: tuple[str, ...] = (
    "Những năm tháng đầu tiên",  # a heading
    *(
        f"Đoạn {n}: ông Hoà dạy chữ cho trẻ em nghèo ở xóm chài suốt hai mươi năm, "
        "mỗi tối lớp học tình thương lại sáng đèn và các em chăm chỉ đọc bài."
        for n in range(1, 9)
    ),
    "Điều ông dạy các em",  # a heading
    "Chữ là ánh sáng.",  # bulleted list items
    "Sống thật thà.",
    "Thương người như thể thương thân.",
    "Đến lớp đúng giờ mỗi tối.",  # numbered list items
    "Giúp bạn cùng học.",
    *(
        f"Đoạn kết {n}: những đứa trẻ ngày ấy nay đã trưởng thành, có người trở "
        "thành kỹ sư, bác sĩ, giáo viên và vẫn nhớ lớp học của ông."
        for n in range(1, 6)
    ),
)
_BULLETS = range(10, 13)  # indexes in TWENTY
_NUMBERED = range(13, 15)
_HEADINGS = (0, 9)


def make_twenty_docx() -> bytes:
    """A .docx: the title as a Heading 1, then TWENTY (headings, lists, paragraphs)."""
    import docx

    document = docx.Document()
    document.add_heading(TITLE, level=1)
    for index, text in enumerate(TWENTY):
        if index in _HEADINGS:
            document.add_heading(text, level=2)
        elif index in _BULLETS:
            document.add_paragraph(text, style="List Bullet")
        elif index in _NUMBERED:
            document.add_paragraph(text, style="List Number")
        else:
            document.add_paragraph(text)
    return _save(document)


def make_rich_docx() -> bytes:
    """A .docx with every structure and every kind of hidden text we leave out.

    Visible paragraphs, in order: TITLE; "Mở đầu câu chuyện." (a hidden run inside);
    a paragraph with a line break ("Dòng thứ nhất" / "Dòng thứ hai"); a bulleted item;
    a numbered item; the table's four cells; "Chữ thường." (white run inside);
    "Chữ nhỏ." (1-pt run inside); "Theo lời kể." (an AUTHOR field inside); "Hết.".
    A whole paragraph is hidden as well.
    """
    import docx
    from docx.shared import Pt, RGBColor

    document = docx.Document()
    document.add_heading(TITLE, level=1)
    paragraph = document.add_paragraph("Mở đầu ")
    paragraph.add_run(HIDDEN_WORDS + " ").font.hidden = True
    paragraph.add_run("câu chuyện.")
    hidden = document.add_paragraph()
    hidden.add_run("Cả đoạn ẩn Canary Hidden Paragraph").font.hidden = True
    lines = document.add_paragraph("Dòng thứ nhất")
    lines.runs[0].add_break()
    lines.add_run("Dòng thứ hai")
    document.add_paragraph("Gạch đầu dòng.", style="List Bullet")
    document.add_paragraph("Mục đánh số.", style="List Number")
    table = document.add_table(rows=2, cols=2)
    for cell, value in zip(
        (c for row in table.rows for c in row.cells),
        ("Ô một", "Ô hai", "Ô ba", "Ô bốn"),
        strict=True,
    ):
        cell.text = value
    white = document.add_paragraph("Chữ ")
    white.add_run(WHITE_WORDS + " ").font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    white.add_run("thường.")
    tiny = document.add_paragraph("Chữ ")
    tiny.add_run(TINY_WORDS + " ").font.size = Pt(1)
    tiny.add_run("nhỏ.")
    _add_author_field(document.add_paragraph("Theo lời kể. "), FIELD_AUTHOR)
    document.add_paragraph("Hết.")
    document.core_properties.author = FIELD_AUTHOR
    return _save(document)


RICH_VISIBLE: tuple[str, ...] = (
    TITLE,
    "Mở đầu câu chuyện.",
    "Dòng thứ nhất\nDòng thứ hai",
    "Gạch đầu dòng.",
    "Mục đánh số.",
    "Ô một",
    "Ô hai",
    "Ô ba",
    "Ô bốn",
    "Chữ thường.",
    "Chữ nhỏ.",
    "Theo lời kể.",
    "Hết.",
)


def _add_author_field(paragraph, shown: str) -> None:
    """A complex AUTHOR field whose last shown result is ``shown`` (as Word saves it)."""
    w = f"{{{W_NS}}}"

    def run() -> etree._Element:
        element = etree.SubElement(paragraph._p, w + "r")
        return element

    etree.SubElement(run(), w + "fldChar", {w + "fldCharType": "begin"})
    instruction = etree.SubElement(run(), w + "instrText")
    instruction.text = " AUTHOR \\* MERGEFORMAT "
    etree.SubElement(run(), w + "fldChar", {w + "fldCharType": "separate"})
    etree.SubElement(run(), w + "t").text = shown
    etree.SubElement(run(), w + "fldChar", {w + "fldCharType": "end"})


def _save(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def have_libreoffice() -> bool:
    """Whether LibreOffice's ``soffice`` is installed (apt: libreoffice-writer-nogui)."""
    return shutil.which("soffice") is not None


@functools.cache
def libreoffice_convert(data: bytes, source: str, target: str) -> bytes:
    """``data`` (a ``source`` file: "docx", "odt") converted by LibreOffice to
    ``target`` ("odt", "pdf", "docx"), with a throw-away user profile."""
    with tempfile.TemporaryDirectory(prefix="lo-") as work:
        folder = Path(work)
        (folder / f"in.{source}").write_bytes(data)
        filters = {"docx": "docx:MS Word 2007 XML", "odt": "odt", "pdf": "pdf"}
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                filters[target],
                "--outdir",
                str(folder / "out"),
                str(folder / f"in.{source}"),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        return (folder / "out" / f"in.{target}").read_bytes()


def hide_through_normal_style(data: bytes, *secrets: str) -> bytes:
    """``data`` (a .docx) with its "Normal" style hidden (the default paragraph
    style, ``w:default="1"``) and ``secrets`` paragraphs without a style of their own:
    Word hides it. Every other paragraph style shows its text again and every
    paragraph that was in Normal moves to one of them, so they stay visible."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn

    document = docx.Document(io.BytesIO(data))
    normal = document.styles["Normal"]
    for style in document.styles:
        paragraph_style = style.type == WD_STYLE_TYPE.PARAGRAPH
        if paragraph_style and style.style_id != "Normal" and style.font.hidden is None:
            style.font.hidden = False
    shown = document.styles.add_style("Shown Body", WD_STYLE_TYPE.PARAGRAPH)
    shown.base_style, shown.font.hidden = normal, False
    for paragraph in document.element.body.iter(qn("w:p")):
        if paragraph.style in (None, "Normal"):
            paragraph.style = shown.style_id
    normal.font.hidden = True
    for secret in secrets:
        document.add_paragraph(secret)
    return _save(document)


def add_hidden_text(data: bytes, secret: str) -> bytes:
    """``data`` (a .docx) with ``secret`` hidden four ways Word allows: a hidden run,
    a whole hidden paragraph, white text and 1-pt text, plus an AUTHOR field showing
    it (as Word saves a field's last result)."""
    import docx
    from docx.shared import Pt, RGBColor

    document = docx.Document(io.BytesIO(data))
    paragraph = document.add_paragraph("Lời kết. ")
    paragraph.add_run(secret).font.hidden = True
    document.add_paragraph().add_run(secret).font.hidden = True
    colored = document.add_paragraph("Hết ")
    colored.add_run(secret).font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    document.add_paragraph("truyện. ").add_run(secret).font.size = Pt(1)
    _add_author_field(document.add_paragraph("Ghi chép. "), secret)
    return _save(document)

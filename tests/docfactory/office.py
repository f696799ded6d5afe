"""Office documents a writer's software would save: .docx, .odt, .xlsx, .txt."""

from __future__ import annotations

import io
import random
import shutil
import unicodedata
import zipfile
from collections.abc import Sequence
from pathlib import Path

from lxml import etree

# A short true-story-like text with every kind of Vietnamese mark, smart quotes and a
# number, split into paragraphs (judges must see the same paragraphs).
VI_PARAGRAPHS: tuple[str, ...] = (
    "Người giữ lửa ở xóm chài",
    "Ông Nguyễn Văn Hoà, 67 tuổi, đã dành hơn hai mươi năm dạy chữ miễn phí cho "
    "trẻ em nghèo ở phường Chương Dương, quận Hoàn Kiếm.",
    "“Chữ là ánh sáng, con ạ”, ông thường nói với các học trò nhỏ của mình.",
    "Mỗi tối, lớp học tình thương lại sáng đèn; những đứa trẻ ngày ấy nay đã trưởng "
    "thành, có người trở thành kỹ sư, bác sĩ, giáo viên.",
)
AUTHOR_NAME = "Trần Thị Bích Ngọc"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FIXED_TIME = (2024, 5, 1, 8, 0, 0)


def lorem_vi(words: int, *, seed: int = 0) -> list[str]:
    """Vietnamese-looking paragraphs, ``words`` words in all (80 per paragraph)."""
    rng = random.Random(seed)
    vocab = " ".join(VI_PARAGRAPHS).replace("“", "").replace("”", "").split()
    paragraphs, left = [], words
    while left > 0:
        size = min(left, 80)
        paragraphs.append(" ".join(rng.choice(vocab) for _ in range(size)))
        left -= size
    return paragraphs


def make_docx(
    paragraphs: Sequence[str] = VI_PARAGRAPHS,
    *,
    author: str | None = None,
    comment_by: str | None = None,
    table_rows: Sequence[Sequence[str]] = (),
    picture: bytes | None = None,
) -> bytes:
    """A .docx written by python-docx, optionally with an author, a comment by
    ``comment_by``, a table after the paragraphs and an inline picture."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table_rows:
        table = document.add_table(rows=len(table_rows), cols=len(table_rows[0]))
        for row, values in zip(table.rows, table_rows, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    if picture:
        document.add_picture(io.BytesIO(picture))
    if author:
        document.core_properties.author = author
        document.core_properties.last_modified_by = author
    if comment_by:
        run = document.paragraphs[0].runs[0]
        document.add_comment(
            run, text="Góp ý của tác giả", author=comment_by, initials="TN"
        )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_docx_with_author_everywhere(name: str = AUTHOR_NAME) -> bytes:
    """A .docx that leaks ``name`` in core/app/custom props, comments, people.xml,
    a tracked insertion and a tracked deletion — what Word leaves in a real file."""
    data = make_docx(author=name, comment_by=name)
    parts = read_zip(data)
    parts["docProps/app.xml"] = parts["docProps/app.xml"].replace(
        b"</Properties>",
        f"<Company>Công ty của {name}</Company><Manager>{name}</Manager>"
        "</Properties>".encode(),
    )
    parts["docProps/custom.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
        '2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" '
        f'pid="2" name="Người soạn"><vt:lpwstr>{name}</vt:lpwstr></property></Properties>'
    ).encode()
    parts["word/people.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">'
        f'<w15:person w15:author="{name}"><w15:presenceInfo w15:providerId="None" '
        f'w15:userId="{name}"/></w15:person></w15:people>'
    ).encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/docProps/custom.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.custom-properties+xml"/>'
        b'<Override PartName="/word/people.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.wordprocessingml.people+xml"/></Types>',
    )
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdCustom" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/custom-properties" '
        b'Target="docProps/custom.xml"/></Relationships>',
    )
    rels = "word/_rels/document.xml.rels"
    parts[rels] = parts[rels].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdPeople" Type="http://schemas.microsoft.com/office/2011/'
        b'relationships/people" Target="people.xml"/></Relationships>',
    )
    parts["word/document.xml"] = _add_tracked_changes(parts["word/document.xml"], name)
    return write_zip(parts)


def _add_tracked_changes(document_xml: bytes, author: str) -> bytes:
    """Append a paragraph with a tracked insertion and deletion by ``author``."""
    root = etree.fromstring(document_xml)
    body = root.find(f"{{{W_NS}}}body")
    w = f"{{{W_NS}}}"
    para = etree.Element(w + "p")
    ins = etree.SubElement(para, w + "ins", {w + "id": "901", w + "author": author})
    etree.SubElement(etree.SubElement(ins, w + "r"), w + "t").text = "Đoạn thêm mới."
    dele = etree.SubElement(para, w + "del", {w + "id": "902", w + "author": author})
    etree.SubElement(
        etree.SubElement(dele, w + "r"), w + "delText"
    ).text = "Đoạn bị xoá."
    body.insert(len(body) - 1, para)  # before w:sectPr
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def make_xlsx() -> bytes:
    """A real spreadsheet (openpyxl): a zip, but not a document we accept."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "Danh sách tác giả"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_zip(data: bytes) -> dict[str, bytes]:
    """All members of a zip, in order, by name."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_zip(parts: dict[str, bytes]) -> bytes:
    """A deflated zip of ``parts`` (names kept as given, even hostile ones)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return out.getvalue()


def make_docx_with_part(name: str, content: bytes) -> bytes:
    """A .docx with one part replaced (e.g. a broken word/document.xml)."""
    parts = read_zip(make_docx())
    parts[name] = content
    return write_zip(parts)


def make_odt(paragraphs: Sequence[str] = VI_PARAGRAPHS) -> bytes:
    """An OpenDocument text written by odfpy, first paragraph as a heading."""
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    document = OpenDocumentText()
    for index, text in enumerate(paragraphs):
        element = H(outlinelevel=1, text=text) if index == 0 else P(text=text)
        document.text.addElement(element)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def make_txt(text: str = "\n\n".join(VI_PARAGRAPHS), encoding: str = "utf-8") -> bytes:
    """Text as Windows Notepad would save it in ``encoding`` (CRLF line ends).

    "utf-8-sig" and "utf-16" write a BOM. For "cp1258" tone marks are written as
    combining characters after the base letter, as that code page requires.
    """
    if encoding == "cp1258":
        text = "".join(_cp1258_spelling(char) for char in text)
    return text.replace("\n", "\r\n").encode(encoding)


def _cp1258_spelling(char: str) -> str:
    """One letter as base (with ă â ê ô ơ ư) + separate combining tone mark."""
    decomposed = unicodedata.normalize("NFD", char)
    base = "".join(mark for mark in decomposed if mark not in _TONE_MARKS)
    tones = "".join(mark for mark in decomposed if mark in _TONE_MARKS)
    return unicodedata.normalize("NFC", base) + tones


def real_executable() -> bytes:
    """The bytes of a real program on this machine (/bin/true)."""
    return Path(shutil.which("true") or "/bin/true").read_bytes()

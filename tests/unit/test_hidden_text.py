"""Hidden text in .docx and .odt: what Word or LibreOffice would not show is left out
of the text and counted by kind; what they show stays (through the sandboxed reader).
The files are real python-docx / odfpy documents with the markup Word and LibreOffice
write for each case; tests/test_faithful_documents.py checks LibreOffice's own files.
"""

from __future__ import annotations

import io

import pytest

from contest.documents import extract_document
from contest.paragraphs import paragraphs
from tests import docfactory as f
from tests.docfactory.office import W_NS

W = f"{{{W_NS}}}"
SECRET = "Bí Mật Canary"


def docx_with(body_xml: str, styles_xml: str = "", background: str = "") -> bytes:
    """A python-docx file whose body gets ``body_xml`` paragraphs (w: prefix) and
    whose styles part gets ``styles_xml`` styles."""
    parts = f.read_zip(f.make_docx(["Mở đầu."]))
    ns = f'xmlns:w="{W_NS}"'
    document = parts["word/document.xml"].decode()
    document = document.replace("<w:body>", f"{background}<w:body>{body_xml}", 1)
    document = (
        document.replace("<w:document ", f"<w:document {ns} ", 1)
        if (ns not in document)
        else document
    )
    parts["word/document.xml"] = document.encode()
    if styles_xml:
        styles = parts["word/styles.xml"].decode()
        parts["word/styles.xml"] = styles.replace(
            "</w:styles>", styles_xml + "</w:styles>"
        ).encode()
    return f.write_zip(parts)


def run(text: str, props: str = "") -> str:
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'


def para(*runs: str, style: str = "") -> str:
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{props}{''.join(runs)}</w:p>"


def read(data: bytes, name: str = "a.docx"):
    result = extract_document(data, name)
    return paragraphs(result.text), dict(result.hidden)


@pytest.mark.parametrize(
    ("body", "styles", "kind"),
    [
        (para(run("Thấy "), run(SECRET, "<w:vanish/>")), "", "hidden"),
        (para(run("Thấy "), run(SECRET, "<w:specVanish/>")), "", "hidden"),
        (para(run("Thấy "), run(SECRET, '<w:color w:val="FFFFFF"/>')), "", "white"),
        (para(run("Thấy "), run(SECRET, '<w:sz w:val="2"/>')), "", "tiny"),
        (
            para(run("Thấy "), run(SECRET, '<w:rStyle w:val="An"/>')),
            '<w:style w:type="character" w:styleId="An"><w:rPr><w:vanish/></w:rPr>'
            "</w:style>",
            "hidden",
        ),
        (  # a paragraph style based on a hidden one
            para(run("Thấy "), para(run(SECRET), style="Con")),
            '<w:style w:type="paragraph" w:styleId="Me"><w:rPr><w:vanish/></w:rPr>'
            '</w:style><w:style w:type="paragraph" w:styleId="Con">'
            '<w:basedOn w:val="Me"/></w:style>',
            "hidden",
        ),
        (
            para(
                run("Thấy "),
                f'<w:fldSimple w:instr=" AUTHOR "><w:r><w:t>{SECRET}</w:t></w:r>'
                "</w:fldSimple>",
            ),
            "",
            "field",
        ),
        (
            para(
                run("Thấy "),
                '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                '<w:r><w:instrText xml:space="preserve"> USERNAME </w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                f"<w:r><w:t>{SECRET}</w:t></w:r>"
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
            ),
            "",
            "field",
        ),
    ],
)
def test_hidden_word_text_is_left_out(body, styles, kind):
    text, hidden = read(docx_with(body, styles))
    assert SECRET not in " ".join(text)
    assert "Thấy" in " ".join(text)
    assert hidden == {kind: len(SECRET.split())}


@pytest.mark.parametrize(
    "body",
    [
        para(run(SECRET, '<w:vanish w:val="0"/>')),  # hidden switched off
        para(run(SECRET, '<w:color w:val="FFFFFF"/><w:highlight w:val="black"/>')),
        para(run(SECRET, '<w:color w:val="FFFFFF"/><w:shd w:fill="1F3864"/>')),
        para(run(SECRET, '<w:sz w:val="16"/>')),  # 8 pt is small, not hidden
        para(
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            "<w:r><w:instrText> PAGE </w:instrText></w:r>"
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f"<w:r><w:t>{SECRET}</w:t></w:r>"
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        ),
    ],
)
def test_visible_word_text_stays(body):
    text, hidden = read(docx_with(body))
    assert SECRET in text and hidden == {}


def test_white_text_on_a_dark_page_is_visible():
    body = para(run(SECRET, '<w:color w:val="FFFFFF"/>'))
    text, hidden = read(docx_with(body, background='<w:background w:color="000080"/>'))
    assert SECRET in text and hidden == {}


def odt_with(*elements, automatic: list | None = None) -> bytes:
    """An odfpy text document with these body elements and automatic styles."""
    from odf.opendocument import OpenDocumentText

    document = OpenDocumentText()
    for style in automatic or []:
        document.automaticstyles.addElement(style)
    for element in elements:
        document.text.addElement(element)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def test_hidden_odt_text_is_left_out():
    from odf.style import Style, TextProperties
    from odf.text import AuthorName, HiddenParagraph, P, Section, Span

    hidden = Style(name="An", family="text")
    hidden.addElement(TextProperties(display="none"))
    white = Style(name="Trang", family="text")
    white.addElement(TextProperties(color="#ffffff"))
    tiny = Style(name="Nho", family="text")
    tiny.addElement(TextProperties(fontsize="1pt"))
    visible = P(text="Thấy rõ. ")
    for style in ("An", "Trang", "Nho"):
        visible.addElement(Span(stylename=style, text=SECRET))
    whole = P(text=SECRET)
    whole.addElement(HiddenParagraph(condition="ooow:1", ishidden="true"))
    section = Section(name="S", display="none")
    section.addElement(P(text=SECRET))
    field = P(text="Người viết: ")
    author = AuthorName()
    author.addText(SECRET)
    field.addElement(author)
    data = odt_with(visible, whole, section, field, automatic=[hidden, white, tiny])
    text, found = read(data, "a.odt")
    assert text == ["Thấy rõ.", "Người viết:"]
    assert found == {"hidden": 9, "white": 3, "tiny": 3, "field": 3}


def test_invisible_pdf_text_is_left_out():
    """White, 1-pt and render-mode-3 text in a PDF is counted, not read."""
    from datetime import datetime

    from fpdf import FPDF
    from fpdf.enums import TextMode

    pdf = FPDF(format="A4")
    pdf.set_creation_date(datetime(2024, 5, 1))
    pdf.add_font("DejaVu", fname=str(f.FONT_PATH))
    pdf.set_font("DejaVu", size=12)
    pdf.add_page()
    pdf.multi_cell(
        0,
        7,
        "Ông Hoà dạy chữ cho trẻ em nghèo ở xóm chài.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_text_color(255, 255, 255)
    pdf.multi_cell(0, 7, f"Trắng {SECRET}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font_size(1)
    pdf.multi_cell(0, 2, f"Nhỏ {SECRET}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font_size(12)
    pdf.multi_cell(0, 7, "Mỗi tối lớp học lại sáng đèn.", new_x="LMARGIN", new_y="NEXT")
    # Last: fpdf2 does not write "0 Tr" back, so text after it would stay invisible.
    pdf.text_mode = TextMode.INVISIBLE
    pdf.multi_cell(0, 7, f"Ẩn {SECRET}", new_x="LMARGIN", new_y="NEXT")
    text, hidden = read(bytes(pdf.output()), "a.pdf")
    assert SECRET not in " ".join(text)
    assert " ".join(text) == (
        "Ông Hoà dạy chữ cho trẻ em nghèo ở xóm chài. Mỗi tối lớp học lại sáng đèn."
    )
    assert hidden == {"white": 4, "tiny": 4, "hidden": 4}


def test_a_loop_of_based_on_styles_is_read_once():
    """A hostile styles part whose styles are based on each other still reads."""
    styles = (
        '<w:style w:type="paragraph" w:styleId="A"><w:basedOn w:val="B"/>'
        "<w:rPr><w:vanish/></w:rPr></w:style>"
        '<w:style w:type="paragraph" w:styleId="B"><w:basedOn w:val="A"/></w:style>'
    )
    text, hidden = read(docx_with(para(run(SECRET), style="B"), styles))
    assert SECRET not in text and hidden == {"hidden": 3}


def _docx_bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


AUTHOR_LINE = "Tác giả: Nguyễn Văn An"


def test_a_paragraph_hidden_through_the_normal_style_is_left_out():
    """Word's default paragraph style ("Normal", w:default="1") is what a paragraph
    without w:pStyle is in: hidden there, its text is hidden (python-docx file)."""
    import docx

    document = docx.Document()
    document.styles["Normal"].font.hidden = True
    document.styles["Body Text"].font.hidden = False  # based on Normal, shown again
    document.add_paragraph("Ông Hoà dạy chữ.", style="Body Text")
    document.add_paragraph(AUTHOR_LINE)  # no w:pStyle: Normal
    document.add_paragraph("Hết.", style="Body Text")
    text, hidden = read(_docx_bytes(document))
    assert text == ["Ông Hoà dạy chữ.", "Hết."]
    assert hidden == {"hidden": len(AUTHOR_LINE.split())}


def test_a_paragraph_naming_a_missing_style_is_in_the_default_one():
    styles = (
        '<w:style w:type="paragraph" w:default="1" w:styleId="Thuong">'
        "<w:rPr><w:vanish/></w:rPr></w:style>"
        '<w:style w:type="paragraph" w:styleId="Hien"><w:rPr><w:vanish w:val="0"/>'
        "</w:rPr></w:style>"
    )
    body = para(run("Thấy "), style="Hien") + para(run(SECRET), style="Khong")
    text, hidden = read(docx_with(body, styles))  # (the last default counts)
    assert text == ["Thấy"]
    assert hidden == {"hidden": 3 + 2}  # and "Mở đầu.", in the default style


def test_a_run_hidden_through_the_default_character_style_is_left_out():
    """A run without w:rStyle is in the default character style."""
    import docx

    document = docx.Document()
    document.styles["Default Paragraph Font"].font.hidden = True
    shown = document.styles.add_style("Shown", docx.enum.style.WD_STYLE_TYPE.CHARACTER)
    shown.font.hidden = False
    paragraph = document.add_paragraph()
    paragraph.add_run("Ông Hoà dạy chữ.", style="Shown")
    document.add_paragraph(AUTHOR_LINE)
    text, hidden = read(_docx_bytes(document))
    assert text == ["Ông Hoà dạy chữ."]
    assert hidden == {"hidden": len(AUTHOR_LINE.split())}


def test_a_paragraph_hidden_through_the_odt_default_style_is_left_out():
    """ODF's style:default-style of the paragraph family is the root of every
    paragraph's style; a paragraph style may show its text again."""
    from odf.opendocument import OpenDocumentText
    from odf.style import DefaultStyle, Style, TextProperties
    from odf.text import P

    document = OpenDocumentText()
    default = DefaultStyle(family="paragraph")
    default.addElement(TextProperties(display="none"))
    document.styles.addElement(default)
    shown = Style(name="Hien", family="paragraph")
    shown.addElement(TextProperties(display="true"))
    document.styles.addElement(shown)
    white = Style(name="Trang", family="paragraph")  # inherits "none", then white
    white.addElement(TextProperties(display="true", color="#ffffff"))
    document.styles.addElement(white)
    document.text.addElement(P(stylename="Hien", text="Ông Hoà dạy chữ."))
    document.text.addElement(P(text=AUTHOR_LINE))
    document.text.addElement(P(stylename="Trang", text=SECRET))
    out = io.BytesIO()
    document.write(out)
    text, hidden = read(out.getvalue(), "a.odt")
    assert text == ["Ông Hoà dạy chữ."]
    assert hidden == {"hidden": len(AUTHOR_LINE.split()), "white": 3}

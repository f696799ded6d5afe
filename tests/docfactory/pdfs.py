"""PDFs: text (fpdf2 + DejaVu for Vietnamese), scanned, blank, locked, heavy."""

from __future__ import annotations

import io
import zlib
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from tests.docfactory.images import make_image
from tests.docfactory.office import VI_PARAGRAPHS

# Debian's fonts-dejavu-core, else the copy the app ships for its own PDF exports.
_FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path(__file__).resolve().parents[2] / "contest/data/fonts/DejaVuSans.ttf",
)
FONT_PATH = next((p for p in _FONT_CANDIDATES if p.is_file()), _FONT_CANDIDATES[0])


def have_unicode_font() -> bool:
    """Whether the DejaVu TTF needed for Vietnamese PDFs is installed."""
    return FONT_PATH.is_file()


def make_pdf(
    paragraphs: Sequence[str] = VI_PARAGRAPHS, *, first_line_indent: bool = False
) -> bytes:
    """A text PDF from fpdf2 with DejaVu: wrapped lines, a gap between paragraphs."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(datetime(2024, 5, 1))
    pdf.add_font("DejaVu", fname=str(FONT_PATH))
    pdf.set_font("DejaVu", size=12)
    pdf.add_page()
    for text in paragraphs:
        pdf.multi_cell(0, 7, ("    " if first_line_indent else "") + text)
        pdf.ln(4)
    return bytes(pdf.output())


def make_pdf_with_author_everywhere(
    name: str,
    *,
    phone: str = "",
    email: str = "",
    paragraphs: Sequence[str] = VI_PARAGRAPHS,
) -> bytes:
    """A text PDF whose Info dictionary (/Author, /Title, /Subject, /Keywords,
    /Creator) and XMP packet name ``name`` with ``phone`` and ``email``: what a
    writer's word processor leaves in an exported PDF. The text itself is clean."""
    from fpdf import FPDF

    contact = ", ".join(v for v in (name, phone, email) if v)
    pdf = FPDF(format="A4")
    pdf.set_creation_date(datetime(2024, 5, 1))
    pdf.set_author(name)
    pdf.set_title(f"Bài dự thi của {contact}")
    pdf.set_subject(f"Liên hệ: {contact}")
    pdf.set_keywords(f"{name} {phone} {email}")
    pdf.set_creator(f"Máy của {name}")
    pdf.set_xmp_metadata(
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:xmp="http://ns.adobe.com/xap/1.0/">'
        f"<dc:creator><rdf:Seq><rdf:li>{name}</rdf:li></rdf:Seq></dc:creator>"
        f"<dc:rights><rdf:Alt><rdf:li>{contact}</rdf:li></rdf:Alt></dc:rights>"
        f"<xmp:CreatorTool>{email}</xmp:CreatorTool>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    pdf.add_font("DejaVu", fname=str(FONT_PATH))
    pdf.set_font("DejaVu", size=12)
    pdf.add_page()
    for text in paragraphs:
        pdf.multi_cell(0, 7, text)
        pdf.ln(4)
    return bytes(pdf.output())


def make_image_pdf() -> bytes:
    """A "scanned" PDF: one page that is only a picture, no text layer."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.image(make_image("PNG", (600, 800)), x=10, y=10, w=190)
    return bytes(pdf.output())


def make_blank_pdf() -> bytes:
    """A PDF with one empty page: no text and no picture."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    return bytes(pdf.output())


def make_encrypted_pdf(password: str = "matkhau") -> bytes:
    """A text PDF locked with a user password by pypdf (RC4: no crypto package)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf())))
    writer.encrypt(user_password=password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_heavy_pdf(operators: int = 150_000) -> bytes:
    """A one-page PDF whose content stream has ``operators`` tiny text shows.

    Valid and small once compressed, yet parsing it takes seconds of CPU: what a
    hostile or broken generator produces.
    """
    body = b"BT /F1 1 Tf " + b"1 0 0 1 10 10 Tm (a) Tj " * operators + b"ET"
    stream = zlib.compress(body)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
        + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, obj in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, xref)
    )
    return out.getvalue()

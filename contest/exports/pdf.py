"""A small PDF base with a font that covers Vietnamese (DejaVu, shipped in contest/data)."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

FONT_DIR = Path(__file__).resolve().parent.parent / "data" / "fonts"


def new_document(title: str) -> FPDF:
    """An A4 portrait PDF with DejaVu Sans regular/bold registered as 'body'."""
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_creator("Writing contest")
    pdf.add_font("body", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("body", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    pdf.set_font("body", size=11)
    return pdf

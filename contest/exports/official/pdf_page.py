"""The page of an official PDF (fpdf2), pure: A4 with the decree's margins, the
embedded serif face, page numbers from the second page on, and the paragraph, run and
rule primitives ``pdf_writer`` and the certificates and blanks draw with.
"""

from __future__ import annotations

from fpdf import FPDF

from contest.exports.pdf import FONT_DIR

__all__ = ["ALIGN", "PT", "OfficialPDF"]

PT = 0.3528  # mm per point
ALIGN = {"L": "LEFT", "C": "CENTER", "R": "RIGHT", "J": "JUSTIFY"}


class OfficialPDF(FPDF):
    """A4 with the serif face registered as "serif" (regular, bold, italic)."""

    def __init__(self, title: str, landscape: bool = False) -> None:
        super().__init__(orientation="L" if landscape else "P", format="A4")
        self.set_title(title)
        self.set_creator("Writing contest")
        self.set_lang("vi")
        for style, suffix in (("", ""), ("B", "-Bold"), ("I", "-Italic")):
            self.add_font(
                "serif", style, str(FONT_DIR / f"DejaVuSerifCondensed{suffix}.ttf")
            )
        self.add_font(
            "serif", "BI", str(FONT_DIR / "DejaVuSerifCondensed-BoldItalic.ttf")
        )
        self.set_auto_page_break(auto=True, margin=20)
        self._margins(landscape)

    def _margins(self, landscape: bool) -> None:
        self.set_margins(20 if landscape else 30, 20, 15)

    def header(self) -> None:
        """The page number, centred at the top, from page 2 on."""
        if self.page_no() > 1:
            self.set_font("serif", size=12)
            self.set_y(10)
            self.cell(0, 5, str(self.page_no()), align="C")
            self.set_y(20)

    def line_height(self, size: float) -> float:
        """A comfortable line height (mm) for a font size in points."""
        return size * PT * 1.35

    def para(self, text_: str, size=14, style="", align="J", indent: float = 0) -> None:
        """A paragraph across the text block; ``indent`` indents its first line."""
        self.runs([(text_, style)], size, align, indent)

    def runs(self, parts, size=14, align="J", indent: float = 0) -> None:
        """One paragraph made of (text, style) runs, e.g. a bold "Điều 1." and text."""
        self.set_x(self.l_margin)
        with (
            self.text_columns(
                text_align=ALIGN.get(align, "JUSTIFY"),
                line_height=1.35,
                l_margin=self.l_margin,
                r_margin=self.r_margin,
            ) as columns,
            columns.paragraph(first_line_indent=indent) as paragraph,
        ):
            for text_, style in parts:
                self.set_font("serif", style, size)
                paragraph.write(text_)

    def rule(
        self, length: float, centre_x: float | None = None, gap: float = 0.8
    ) -> None:
        """A horizontal line of ``length`` mm centred on ``centre_x`` under the cursor."""
        centre = (
            centre_x
            if centre_x is not None
            else (self.l_margin + self.w - self.r_margin) / 2
        )
        y = self.get_y() + gap
        self.set_line_width(0.3)
        self.line(centre - length / 2, y, centre + length / 2, y)
        self.set_y(y + 1.5)

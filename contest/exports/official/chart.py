"""Grouped bar charts for the official documents, pure: drawn with vector shapes in
the PDF, and as a PNG picture (Pillow, DejaVu Sans) in the Word file. Bars are
labelled with their values, so the chart still reads when printed in grey."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from contest.exports.official.layout import Chart
from contest.exports.pdf import FONT_DIR

__all__ = ["chart_png", "draw_chart"]

COLOURS = ((70, 110, 170), (200, 120, 50), (90, 150, 90))


def _top(chart: Chart) -> int:
    return max([v for _name, values in chart.series for v in values] + [1])


def draw_chart(pdf, chart: Chart, width: float, height: float = 60) -> None:
    """The chart at the cursor, ``width`` × ``height`` mm, then the cursor below it."""
    x0, y0 = pdf.l_margin, pdf.get_y()
    if y0 + height + 20 > pdf.h - pdf.b_margin:
        pdf.add_page()
        y0 = pdf.get_y()
    pdf.set_font("serif", "B", 11)
    pdf.set_xy(x0, y0)
    pdf.cell(width, 6, chart.title, align="C")
    top, base = y0 + 12, y0 + 8 + height
    groups = max(len(chart.labels), 1)
    slot = width / groups
    bar = slot * 0.7 / max(len(chart.series), 1)
    scale = (base - top) / _top(chart)
    pdf.set_font("serif", "", 7)
    for index, label in enumerate(chart.labels):
        for number, (_name, values) in enumerate(chart.series):
            value = values[index]
            left = x0 + index * slot + slot * 0.15 + number * bar
            pdf.set_fill_color(*COLOURS[number % len(COLOURS)])
            pdf.rect(left, base - value * scale, bar * 0.95, value * scale, style="F")
            pdf.set_xy(left - 2, base - value * scale - 4)
            pdf.cell(bar + 4, 4, str(value), align="C")
        pdf.set_xy(x0 + index * slot, base + 1)
        pdf.multi_cell(slot, 3.2, label, align="C")
    pdf.set_draw_color(0, 0, 0)
    pdf.line(x0, base, x0 + width, base)
    legend_y = base + 12
    for number, (name, _values) in enumerate(chart.series):
        pdf.set_fill_color(*COLOURS[number % len(COLOURS)])
        pdf.rect(x0 + number * 40, legend_y, 4, 4, style="F")
        pdf.set_xy(x0 + number * 40 + 5, legend_y)
        pdf.cell(30, 4, name)
    pdf.set_fill_color(255, 255, 255)
    pdf.set_xy(pdf.l_margin, legend_y + 8)


def chart_png(chart: Chart, width: int = 1200, height: int = 600) -> bytes:
    """The chart as a PNG image."""
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT_DIR / "DejaVuSans.ttf"), 20)
    bold = ImageFont.truetype(str(FONT_DIR / "DejaVuSans-Bold.ttf"), 24)
    draw.text((width / 2, 20), chart.title, fill="black", font=bold, anchor="mt")
    top, base, left = 80, height - 120, 40
    slot = (width - 2 * left) / max(len(chart.labels), 1)
    bar = slot * 0.7 / max(len(chart.series), 1)
    scale = (base - top) / _top(chart)
    for index, label in enumerate(chart.labels):
        for number, (_name, values) in enumerate(chart.series):
            value = values[index]
            x = left + index * slot + slot * 0.15 + number * bar
            colour = COLOURS[number % len(COLOURS)]
            draw.rectangle((x, base - value * scale, x + bar * 0.95, base), fill=colour)
            draw.text(
                (x + bar / 2, base - value * scale - 4),
                str(value),
                fill="black",
                font=font,
                anchor="mb",
            )
        centre = left + index * slot + slot / 2
        draw.text((centre, base + 8), label[:28], fill="black", font=font, anchor="ma")
    draw.line((left, base, width - left, base), fill="black", width=2)
    for number, (name, _values) in enumerate(chart.series):
        x = left + number * 220
        draw.rectangle(
            (x, height - 50, x + 24, height - 26), fill=COLOURS[number % len(COLOURS)]
        )
        draw.text((x + 32, height - 38), name, fill="black", font=font, anchor="lm")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()

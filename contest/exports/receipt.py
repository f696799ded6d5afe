"""The receipt of a submitted entry as a PDF (Giấy biên nhận bài dự thi)."""

from __future__ import annotations

from flask_babel import gettext as _

from contest.exports.pdf import new_document
from contest.models import Entry
from contest.timezones import format_datetime


def render_receipt_pdf(entry: Entry) -> bytes:
    """A one-page receipt: number, title, track, field, authors, featured people, dates."""
    edition = entry.edition
    pdf = new_document(_("Receipt %(number)s", number=entry.number))
    pdf.set_font("body", "B", 14)
    pdf.multi_cell(
        0,
        8,
        edition.organizer_name or edition.title,
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.multi_cell(0, 8, _("Entry receipt"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("body", size=11)
    version = entry.latest_version
    rows = [
        (_("Contest"), f"{edition.title} {edition.year}"),
        (_("Entry number"), entry.number),
        (_("Title"), entry.title),
        (_("Track"), entry.track.name if entry.track else ""),
        (_("Field"), entry.field.name if entry.field else ""),
        (_("Authors"), ", ".join(a.full_name for a in entry.authors)),
        (_("About"), ", ".join(p.name for p in entry.featured)),
        (_("Words"), str(version.word_count if version else 0)),
        (_("Version"), str(version.number if version else 0)),
        (
            _("First submitted"),
            format_datetime(entry.submitted_at, tz=edition.timezone),
        ),
        (
            _("This version"),
            format_datetime(
                version.created_at if version else None, tz=edition.timezone
            ),
        ),
    ]
    for label, value in rows:
        pdf.set_font("body", "B", 11)
        pdf.cell(45, 7, label)
        pdf.set_font("body", size=11)
        pdf.multi_cell(0, 7, value or "—", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.multi_cell(
        0,
        6,
        _("Keep this number: use it in any question about your entry."),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output())

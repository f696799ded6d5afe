"""The cover letter of a unit's forwarded batch, registered in the export registry as
"forward_cover_letter" (.docx or .pdf). What it says is built by
``contest.exports.official.cover_letter`` and rendered by the official-document
writers, like every document the committee signs; this module only gathers the
batch's values. Always in Vietnamese."""

from __future__ import annotations

from sqlalchemy import select

from contest.exports.official.cover_letter import (
    CoverEntry,
    cover_letter,
    letter_number,
)
from contest.exports.official.docx_writer import DOCX_MIME, render_docx
from contest.exports.official.layout import OfficialDocument
from contest.exports.official.pdf_writer import render_pdf
from contest.exports.registry import ExportFile
from contest.extensions import db
from contest.models import DocumentSettings
from judging.grassroots.models import ForwardBatch
from judging.official.core.context import Issuer, contest_name

PDF_MIME = "application/pdf"
FORMATS = ("pdf", "docx")


def _city_body(edition_id: int) -> tuple[str, str]:
    """The city's body above the committee and the place its documents carry (the
    edition's document settings when set; read only, never created here)."""
    settings = db.session.scalar(
        select(DocumentSettings).where(DocumentSettings.edition_id == edition_id)
    )
    if settings is None:
        default = Issuer()
        return default.parent_body, default.place
    return settings.parent_body, settings.place


def letter_of(batch: ForwardBatch) -> OfficialDocument:
    """The signed batch's letter (the caller checks that it is signed)."""
    edition = batch.edition
    unit, parent = batch.from_unit, batch.from_unit.parent if batch.from_unit else None
    city_body, city_place = _city_body(edition.id)
    name = contest_name(edition.title, edition.year)
    if batch.to_unit is not None:
        addressee = batch.to_unit.name
    elif name.lower().startswith("cuộc thi"):
        addressee = f"Ban Tổ chức {name}"
    else:
        addressee = f"Ban Tổ chức Cuộc thi {name}"
    return cover_letter(
        unit=unit.name if unit else "",
        superior=parent.name if parent else city_body,
        number=letter_number(batch.id, unit.code if unit else ""),
        place=(unit.locality if unit else "") or city_place,
        day=batch.signed_at.astimezone(edition.zone).date(),
        contest=name,
        addressee=addressee,
        entries=[
            CoverEntry(
                step.entry.number or "",
                step.entry.title,
                ", ".join(a.full_name for a in step.entry.authors),
                ", ".join(p.name for p in step.entry.featured),
            )
            for step in batch.steps
        ],
        head_title=batch.head_title,
        head_name=batch.head_name,
    )


def forward_cover_letter(batch: ForwardBatch, fmt: str = "pdf") -> ExportFile:
    """The signed cover letter of one forwarded batch, as Word or PDF."""
    document = letter_of(batch)
    if fmt == "docx":
        return ExportFile(render_docx(document), DOCX_MIME, f"cong-van-{batch.id}.docx")
    return ExportFile(render_pdf(document), PDF_MIME, f"cong-van-{batch.id}.pdf")


# Registered by the app factory (contest.app.register_exports).
EXPORTS = {
    "forward_cover_letter": forward_cover_letter,
}

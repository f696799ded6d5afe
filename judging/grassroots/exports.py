"""The grassroots documents in the export registry: the cover letter of a unit's
forwarded batch ("forward_cover_letter", .docx or .pdf), and a unit's own award list
as certificates that name the unit as issuer ("unit_award_certificates", .pdf or
.docx: the official certificate layout of ``judging.official.core.certificates``
given the unit's issuer and signer) and as a sheet ("unit_award_list"). What the
letter says is built by ``contest.exports.official.cover_letter`` and rendered by the
official-document writers, like every document the committee signs; this module only
gathers the values. Always in Vietnamese."""

from __future__ import annotations

from sqlalchemy import select

from contest.exports.official.cover_letter import (
    CoverEntry,
    cover_letter,
    letter_number,
)
from contest.exports.official.docx_writer import DOCX_MIME, render_docx
from contest.exports.official.layout import OfficialDocument, Signer
from contest.exports.official.pdf_writer import render_pdf
from contest.exports.registry import ExportFile
from contest.exports.xlsx import XLSX_MIME, write_xlsx
from contest.extensions import db
from contest.models import DocumentSettings
from judging.awards.core import Tier
from judging.awards.exports.data import AwardRow
from judging.awards.exports.source import author_unit_of
from judging.grassroots.core import certificate_number, prize_phrase
from judging.grassroots.models import ForwardBatch, UnitAwardList
from judging.grassroots.services.unit_awards import standing_awards
from judging.official.core.certificates import (
    Certificate,
    certificates_docx,
    certificates_pdf,
)
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


def unit_issuer(award_list: UnitAwardList) -> Issuer:
    """The unit as the issuer of its certificates: the body above it (its parent
    unit, else the city's), its name, its locality, its head as signer."""
    unit = award_list.unit
    city_body, city_place = _city_body(award_list.edition_id)
    return Issuer(
        parent_body=unit.parent.name if unit.parent else city_body,
        name=unit.name,
        symbol=(unit.code or "").strip(),
        place=(unit.locality or "").strip() or city_place,
        signer=Signer(award_list.head_title.upper(), award_list.head_name),
        authority_title=unit.name.upper(),
        short_name=unit.name,
    )


def unit_award_rows(award_list: UnitAwardList) -> list[AwardRow]:
    """One row per awarded entry that still stands, best level first (a void prize
    is left out); the unit's level names its prize (the city's tiers do not apply:
    ``tier`` is a placeholder the label overrides)."""
    rows = []
    for rank, award in enumerate(standing_awards(award_list), start=1):
        entry = award.entry
        rows.append(
            AwardRow(
                rank=rank,
                tier=Tier.KHUYEN_KHICH,
                tier_label=prize_phrase(award.level.name),
                title=entry.title,
                authors=tuple(a.full_name for a in entry.authors),
                author_unit=author_unit_of(entry),
                featured=tuple(p.name for p in entry.featured),
                track=entry.track.name if entry.track else "",
                entry_number=entry.number or "",
            )
        )
    return rows


def _stem(award_list: UnitAwardList) -> str:
    unit = award_list.unit
    code = "".join(ch for ch in (unit.code or "") if ch.isascii() and ch.isalnum())
    return f"{code or unit.id}-{award_list.edition.year}"


def unit_award_certificates(award_list: UnitAwardList, fmt: str = "pdf") -> ExportFile:
    """One certificate per author of each awarded entry, issued and signed by the
    unit (the caller checks that the list is signed), as PDF or Word."""
    unit = award_list.unit
    pairs = [(a, row) for row in unit_award_rows(award_list) for a in row.authors]
    certificates = [
        Certificate(author, row, certificate_number(seq, unit.code))
        for seq, (author, row) in enumerate(pairs, start=1)
    ]
    edition = award_list.edition
    values = (
        certificates,
        unit_issuer(award_list),
        contest_name(edition.title, edition.year),
        award_list.signed_on,
        "gcn",
    )
    stem = f"giay-chung-nhan-{_stem(award_list)}"
    if fmt == "docx":
        return ExportFile(certificates_docx(*values), DOCX_MIME, f"{stem}.docx")
    return ExportFile(certificates_pdf(*values), PDF_MIME, f"{stem}.pdf")


UNIT_LIST_HEADERS = (
    "STT",
    "Giải",
    "Số hiệu",
    "Tên tác phẩm",
    "Tác giả",
    "Đơn vị tác giả",
    "Nhân vật",
    "Thể loại",
)


def unit_award_xlsx(award_list: UnitAwardList) -> ExportFile:
    """The unit's award list as a sheet, best level first (void prizes left out)."""
    awards = standing_awards(award_list)  # the rows' order: one award per row
    rows = [
        [
            row.rank,
            award.level.name,
            row.entry_number,
            row.title,
            row.author_names,
            row.author_unit,
            row.featured_names,
            row.track,
        ]
        for award, row in zip(awards, unit_award_rows(award_list), strict=True)
    ]
    data = write_xlsx(
        "Danh sách đạt giải",
        UNIT_LIST_HEADERS,
        rows,
        widths=(6, 16, 14, 40, 28, 28, 28, 18),
    )
    return ExportFile(data, XLSX_MIME, f"danh-sach-dat-giai-{_stem(award_list)}.xlsx")


# Registered by the app factory (contest.app.register_exports).
EXPORTS = {
    "forward_cover_letter": forward_cover_letter,
    "unit_award_certificates": unit_award_certificates,
    "unit_award_list": unit_award_xlsx,
}

"""The award documents in the one export registry: ``EXPORTS`` (name → export),
registered by the app factory (contest.app.register_exports)."""

from __future__ import annotations

from contest.exports.registry import (
    ExportFile,
    document_export,
    edition_stem,
)
from contest.exports.xlsx import XLSX_MIME
from contest.models import Edition
from judging.awards.exports.annex_pdf import PDF_MIME, render_annex_pdf
from judging.awards.exports.certificates_pdf import render_certificates_pdf
from judging.awards.exports.collective_xlsx import (
    CollectiveLine,
    render_collective_xlsx,
)
from judging.awards.exports.xlsx import render_award_xlsx
from judging.awards.services.collective import collective_table


def collective_awards_xlsx(edition: Edition) -> ExportFile:
    """The units ranked for the collective awards, with the proposed cut, as XLSX."""
    lines = [
        CollectiveLine(
            r.rank,
            r.unit_name,
            r.cluster or "",
            r.forwarded,
            r.shortlisted,
            r.prizes,
            r.points,
            r.award,
            r.tied_at_cut,
        )
        for r in collective_table(edition).rows
    ]
    return ExportFile(
        render_collective_xlsx(lines),
        XLSX_MIME,
        f"khen-thuong-tap-the-{edition_stem(edition)}.xlsx",
    )


# The award list, annex and certificates take ``edition: EditionInfo`` and the rows
# (plain dataclasses of judging.awards.exports.data), built by the award layer.
EXPORTS = {
    "award_list": document_export(
        render_award_xlsx, XLSX_MIME, "danh-sach-doat-giai", "xlsx"
    ),
    "award_annex": document_export(
        render_annex_pdf, PDF_MIME, "phu-luc-quyet-dinh", "pdf"
    ),
    "award_certificates": document_export(
        render_certificates_pdf, PDF_MIME, "giay-chung-nhan", "pdf"
    ),
    "collective_awards": collective_awards_xlsx,
}

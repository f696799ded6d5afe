"""The register's documents: the dossier sheet (XLSX) and one-page PDF profiles of
the people (with the person's photo from a story of the edition, when one was sent),
registered in the one export registry. Always in Vietnamese, like the other working
documents sent to the central board and the press."""

from __future__ import annotations

import io
from collections.abc import Sequence

from PIL import Image, UnidentifiedImageError

from contest.exports.pdf import new_document
from contest.exports.registry import ExportFile
from contest.exports.xlsx import XLSX_MIME, safe_text, write_xlsx
from contest.timezones import format_date
from judging.commendation.core import Level, Status, SubjectKind
from judging.commendation.models import Commendation, RegisterPerson
from judging.commendation.services.photos import edition_photo_keys, profile_photo

PDF_MIME = "application/pdf"
SUBJECT_VI = {
    SubjectKind.INDIVIDUAL: "Cá nhân",
    SubjectKind.COLLECTIVE: "Tập thể",
    SubjectKind.HOUSEHOLD: "Hộ gia đình",
}
STATUS_VI = {
    Status.INTRODUCED: "Đơn vị giới thiệu",
    Status.PROPOSED: "Đề nghị khen thưởng",
    Status.COMMENDED: "Đã khen thưởng",
    Status.TITLE_NOMINATED: "Đề nghị tặng danh hiệu",
}
LEVEL_VI = {
    Level.COMMUNE: "Cấp xã",
    Level.DISTRICT: "Cấp huyện",
    Level.CITY: "Cấp Thành phố",
    Level.CENTRAL: "Cấp Trung ương",
}
HEADERS = (
    "STT",
    "Họ và tên / Tập thể",
    "Loại",
    "Năm sinh",
    "Đơn vị",
    "Địa phương",
    "Lĩnh vực",
    "Đối tượng",
    "Phong trào thi đua",
    "Tình trạng",
    "Cấp khen thưởng",
    "Quyết định",
    "Ngày quyết định",
    "Điển hình giới thiệu Trung ương, báo chí",
    "Đơn vị xác nhận",
    "Bài viết về nhân vật",
    "Giải cao nhất",
)
WIDTHS = (6, 28, 12, 10, 28, 20, 20, 18, 24, 20, 16, 28, 14, 16, 24, 50, 16)
PHOTO_BOX = (40, 52)  # mm: the photo fits this box at the top right, aspect kept


def dossier_rows(standings: Sequence[Commendation]) -> list[list]:
    """One row per person's standing, already in words."""
    rows = []
    for position, c in enumerate(standings, start=1):
        p = c.person
        rows.append(
            [
                position,
                p.name,
                SUBJECT_VI[SubjectKind(p.subject_kind)],
                p.birth_year,
                p.unit_name,
                p.locality,
                p.field_name,
                p.social_group,
                p.movement,
                STATUS_VI[Status(c.status)],
                LEVEL_VI.get(c.level, ""),
                c.decision,
                format_date(c.decided_on) if c.decided_on else "",
                "Có" if c.exemplar else "",
                c.confirmed_by_unit,
                "\n".join(c.entries),
                c.best_prize,
            ]
        )
    return rows


def dossier_xlsx(edition, standings: Sequence[Commendation]) -> ExportFile:
    """The dossier sheet of the given standings (the exemplars, or everyone)."""
    data = write_xlsx(
        "Hồ sơ điển hình", HEADERS, dossier_rows(standings), widths=WIDTHS
    )
    return ExportFile(data, XLSX_MIME, f"ho-so-dien-hinh-{edition.year}.xlsx")


def _line(pdf, label: str, value: str) -> None:
    if not value:
        return
    pdf.set_font("body", "B", 10)
    pdf.cell(45, 6, label)
    pdf.set_font("body", "", 10)
    pdf.multi_cell(0, 6, safe_text(value), new_x="LMARGIN", new_y="NEXT")


def _photo(pdf, photo: bytes | None) -> float | None:
    """Place the photo at the top right, scaled into PHOTO_BOX with its aspect kept;
    the bottom of the photo (mm), or None when there is none or it cannot be read."""
    if not photo:
        return None
    try:
        with Image.open(io.BytesIO(photo)) as image:
            width, height = image.size
    except (UnidentifiedImageError, OSError):
        return None
    scale = min(PHOTO_BOX[0] / width, PHOTO_BOX[1] / height)
    w, h = width * scale, height * scale
    x = pdf.w - pdf.r_margin - PHOTO_BOX[0] + (PHOTO_BOX[0] - w) / 2
    pdf.image(io.BytesIO(photo), x=x, y=pdf.t_margin, w=w, h=h)
    return pdf.t_margin + h


def _profile_page(
    pdf, person: RegisterPerson, focus: Commendation | None, photo: bytes | None
) -> None:
    """One page: who, where, what they did, the stories, their history by year; the
    person's photo beside the first lines when there is one."""
    margin = pdf.r_margin
    photo_bottom = _photo(pdf, photo)
    if photo_bottom is not None:  # the first lines wrap beside the photo
        pdf.set_right_margin(margin + PHOTO_BOX[0] + 5)
    pdf.set_font("body", "B", 15)
    pdf.multi_cell(0, 8, safe_text(person.name), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", "", 10)
    pdf.cell(
        0,
        6,
        "Hồ sơ điển hình tiên tiến, người tốt - việc tốt",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    _line(pdf, "Loại", SUBJECT_VI[SubjectKind(person.subject_kind)])
    _line(pdf, "Năm sinh", str(person.birth_year or ""))
    _line(pdf, "Đơn vị", person.unit_name)
    _line(pdf, "Địa phương", person.locality)
    _line(pdf, "Lĩnh vực", person.field_name)
    _line(pdf, "Đối tượng", person.social_group)
    _line(pdf, "Phong trào thi đua", person.movement)
    if photo_bottom is not None:
        pdf.set_right_margin(margin)
        pdf.set_y(max(pdf.get_y(), photo_bottom + 2))
    _line(pdf, "Thành tích, việc làm", person.summary[:1500])
    stories = focus.entries if focus else []
    if stories:
        _line(pdf, "Bài viết về nhân vật", "\n".join(stories[:8]))
    pdf.ln(2)
    pdf.set_font("body", "B", 11)
    pdf.cell(0, 7, "Quá trình qua các năm", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", "", 10)
    for c in person.standings:
        parts = [str(c.year), STATUS_VI[Status(c.status)]]
        parts += [LEVEL_VI.get(c.level, ""), c.decision, c.best_prize]
        if c.exemplar:
            parts.append("điển hình giới thiệu Trung ương, báo chí")
        if c.confirmed_by_unit:
            parts.append(f"xác nhận: {c.confirmed_by_unit}")
        pdf.multi_cell(
            0,
            6,
            safe_text(" · ".join(p for p in parts if p)),
            new_x="LMARGIN",
            new_y="NEXT",
        )


def profiles_pdf(edition, standings: Sequence[Commendation]) -> ExportFile:
    """One page per person of the given standings (the dossier's profiles)."""
    pdf = new_document(f"Hồ sơ điển hình {edition.year}")
    photos = edition_photo_keys(edition.id)
    for index, standing in enumerate(standings):
        if index:
            pdf.add_page()
        photo = profile_photo(standing.person, photos)
        _profile_page(pdf, standing.person, standing, photo)
    return ExportFile(
        bytes(pdf.output()), PDF_MIME, f"ho-so-dien-hinh-{edition.year}.pdf"
    )


def profile_pdf(person: RegisterPerson) -> ExportFile:
    """One person's one-page profile (their latest standing's stories, the photo of
    the latest year that has one)."""
    pdf = new_document(person.name)
    latest = person.standings[-1] if person.standings else None
    photo = None
    for standing in reversed(person.standings):  # the latest year with a photo
        photo = profile_photo(person, edition_photo_keys(standing.edition_id))
        if photo:
            break
    _profile_page(pdf, person, latest, photo)
    return ExportFile(bytes(pdf.output()), PDF_MIME, f"ho-so-{person.id}.pdf")


# Registered by the app factory (contest.app.register_exports).
EXPORTS = {
    "register_dossier_xlsx": dossier_xlsx,
    "register_profiles_pdf": profiles_pdf,
    "register_profile_pdf": profile_pdf,
}

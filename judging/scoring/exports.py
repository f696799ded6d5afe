"""Scoring exports in the one registry: every reading of a round, and its results.

Organizers only (the readings name the judges). Always in Vietnamese, like the other
working documents; numbers stay numbers, typed text stays text.
"""

from __future__ import annotations

from sqlalchemy import select

from contest.exports.registry import ExportFile
from contest.exports.xlsx import XLSX_MIME, write_xlsx
from contest.extensions import db
from judging.assignment.models import JudgingCode
from judging.rounds.models import Round
from judging.rounds.services import round_criteria
from judging.scoring.services.results import round_results


def _name(round_: Round, what: str) -> str:
    """A server-made ASCII file name."""
    prefix = "".join(
        ch for ch in round_.edition.code_prefix if ch.isascii() and ch.isalnum()
    )
    return f"{prefix}-vong{round_.position + 1}-{what}.xlsx"


def round_readings(round_: Round) -> ExportFile:
    """One row per submitted reading: entry, judge, each criterion's score and comment."""
    criteria = round_criteria(round_)  # the round's own rubric, else the edition's
    results = round_results(round_)
    headers = ["Mã chấm", "Số hiệu", "Giám khảo"]
    for c in criteria:
        headers += [f"{c.name} (tối đa {c.max_points:g})", f"Nhận xét: {c.name}"]
    headers += ["Tổng (thang 100)", "Nhận xét chung", "Nghi sao chép", "Ngày nộp"]
    codes = {c.entry_id: c.code for c in _codes(round_)}
    rows = []
    for reading in results.readings:
        a, s = reading.assignment, reading.score
        row = [codes.get(a.entry_id, ""), a.entry.number or "", a.judge.full_name]
        for c in criteria:
            row += [s.values.get(str(c.id)), s.comments.get(str(c.id), "")]
        row += [
            round(reading.total, 2),
            s.overall_comment,
            s.copying_note if s.suspected_copying else "",
            s.submitted_at.astimezone(round_.edition.zone).strftime("%d/%m/%Y")
            if s.submitted_at
            else "",
        ]
        rows.append(row)
    data = write_xlsx("Phiếu chấm", headers, rows)
    return ExportFile(data, XLSX_MIME, _name(round_, "phieu-cham"))


def round_results_xlsx(round_: Round) -> ExportFile:
    """One row per entry: readings, raw, calibrated and final score."""
    results = round_results(round_)
    headers = [
        "STT",
        "Số hiệu",
        "Tên bài",
        "Bảng",
        "Lĩnh vực",
        "Số lượt chấm",
        "Điểm thô",
        "Điểm hiệu chỉnh",
        "Điểm xếp hạng",
    ]
    rows = [
        [
            i,
            r.entry.number or "",
            r.entry.title,
            r.entry.track.name if r.entry.track else "",
            r.entry.field.name if r.entry.field else "",
            r.readings,
            round(r.raw, 2),
            round(r.calibrated, 2) if r.calibrated is not None else None,
            round(r.final, 2),
        ]
        for i, r in enumerate(results.entries, 1)
    ]
    data = write_xlsx("Kết quả", headers, rows)
    return ExportFile(data, XLSX_MIME, _name(round_, "ket-qua"))


def _codes(round_: Round):
    """The round's judging codes."""
    return db.session.scalars(
        select(JudgingCode).where(JudgingCode.round_id == round_.id)
    ).all()


# Registered by the app factory (contest.app.register_exports).
EXPORTS = {
    "round_readings": round_readings,
    "round_results": round_results_xlsx,
}

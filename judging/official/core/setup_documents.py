"""Documents made from an edition's set-up, pure: the launch plan (Kế hoạch) with the
rules (Thể lệ) as its annex, and the decisions forming the organizing committee (Ban
Tổ chức) and the jury (Hội đồng Giám khảo) from the people of the edition.

The wording follows the city's own plans (seed documents of the contest): purpose and
requirements, content, timeline, prizes, and the duties of the organizers and of the
units, which run a first reading and forward the best entries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from contest.exports.official.amounts import figures
from contest.exports.official.layout import (
    Annex,
    Article,
    Heading,
    OfficialDocument,
    Paragraph,
    Table,
)
from judging.official.core.award_decision import annex_note
from judging.official.core.context import Issuer, contest_name

__all__ = [
    "Member",
    "PlanFacts",
    "TrackFacts",
    "committee_decision",
    "plan_document",
]


@dataclass(frozen=True)
class TrackFacts:
    """A track as the plan describes it; tiers are (label, count, amount)."""

    name: str
    description: str
    word_limit: int
    tiers: tuple[tuple[str, int, int], ...] = ()


@dataclass(frozen=True)
class PlanFacts:
    """What the edition's set-up says, as plain values."""

    title: str
    year: int
    intro: str = ""
    rules_text: str = ""
    how_to_submit: str = ""
    prizes_text: str = ""
    contact_text: str = ""
    tracks: tuple[TrackFacts, ...] = ()
    fields: tuple[str, ...] = ()
    dates: tuple[tuple[str, date | None], ...] = ()  # (what, day), in order
    unit_deadline: date | None = None


def _paragraphs(text: str) -> list[Paragraph]:
    return [
        Paragraph(line.strip()) for line in (text or "").splitlines() if line.strip()
    ]


def _day(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "(chưa xác định)"


def _prize_table(tracks: Sequence[TrackFacts]) -> Table:
    rows = [
        (track.name, label, str(count), figures(amount) if amount else "")
        for track in tracks
        for label, count, amount in track.tiers
        if count
    ]
    return Table(
        ("Bảng", "Giải", "Số giải", "Mức thưởng mỗi giải (đồng)"),
        tuple(rows),
        (50, 45, 25, 45),
        ("L", "L", "C", "R"),
    )


def plan_document(
    facts: PlanFacts, *, issuer: Issuer, number: str, day: date
) -> OfficialDocument:
    """The launch plan, with the rules as its annex."""
    name = contest_name(facts.title, facts.year)
    heading = Heading(issuer.parent_body, issuer.name, number, issuer.place, day)
    purpose = _paragraphs(facts.intro) or [
        Paragraph(
            "Phát hiện, biểu dương, tôn vinh và nhân rộng các gương điển hình tiên"
            " tiến, người tốt, việc tốt trong các phong trào thi đua yêu nước; lan tỏa"
            " những giá trị tốt đẹp, khơi dậy tinh thần thi đua trong các tầng lớp"
            " nhân dân."
        )
    ]
    tracks = [
        Paragraph(
            f"- {t.name}: {t.description.strip() + '; ' if t.description.strip() else ''}"
            f"dung lượng không quá {figures(t.word_limit)} chữ."
        )
        for t in facts.tracks
    ]
    timeline = [Paragraph(f"- {what}: {_day(when)}.") for what, when in facts.dates]
    deadline = _day(facts.unit_deadline) if facts.unit_deadline else "thời hạn trên"
    body = [
        Paragraph(f"{issuer.short_name} ban hành Kế hoạch tổ chức {name} như sau:"),
        Paragraph("I. MỤC ĐÍCH, YÊU CẦU", bold=True),
        Paragraph("1. Mục đích", bold=True),
        *purpose,
        Paragraph("2. Yêu cầu", bold=True),
        Paragraph(
            "Cuộc thi được triển khai sâu rộng, thiết thực, hiệu quả, phấn đấu 100%"
            " các cơ quan, đơn vị, địa phương tham gia. Tác phẩm dự thi viết về người"
            " thật, việc thật, có tên, địa chỉ cụ thể."
        ),
        Paragraph("II. NỘI DUNG", bold=True),
        Paragraph("1. Các bảng dự thi", bold=True),
        *tracks,
    ]
    if facts.fields:
        body += [
            Paragraph("2. Lĩnh vực", bold=True),
            Paragraph("Nhân vật thuộc các lĩnh vực: " + "; ".join(facts.fields) + "."),
        ]
    body += [
        Paragraph("3. Thời gian", bold=True),
        *timeline,
        Paragraph("4. Cơ cấu giải thưởng", bold=True),
        _prize_table(facts.tracks),
        *_paragraphs(facts.prizes_text),
        Paragraph("III. TỔ CHỨC THỰC HIỆN", bold=True),
        Paragraph("1. Ban Tổ chức", bold=True),
        Paragraph(
            "Xây dựng Kế hoạch, Thể lệ; thành lập Hội đồng Giám khảo; hướng dẫn, đôn"
            " đốc các đơn vị; tổ chức chấm sơ khảo, chung khảo; tổng kết, trao giải và"
            " xuất bản tuyển tập “Những bông hoa đẹp”."
        ),
        Paragraph("2. Các cơ quan, đơn vị, địa phương", bold=True),
        Paragraph(
            "Tuyên truyền, phát động cán bộ, đảng viên, hội viên và nhân dân tham gia"
            " Cuộc thi; tổ chức sơ khảo tại đơn vị, lựa chọn tác phẩm tiêu biểu gửi về"
            f" Ban Tổ chức trước ngày {deadline}."
        ),
    ]
    if facts.contact_text.strip():
        body += [Paragraph("3. Liên hệ", bold=True), *_paragraphs(facts.contact_text)]
    rules = [
        *(_paragraphs(facts.rules_text) or [Paragraph("(Chưa có nội dung thể lệ.)")]),
        Paragraph("Cách thức gửi tác phẩm", bold=True),
        *(
            _paragraphs(facts.how_to_submit)
            or [Paragraph("Theo hướng dẫn của Ban Tổ chức.")]
        ),
    ]
    annex = Annex(
        "PHỤ LỤC",
        f"THỂ LỆ\n{name.upper()}",
        annex_note("Kế hoạch", number, day, issuer),
        tuple(rules),
        landscape=False,
    )
    return OfficialDocument(
        heading=heading,
        kind_name="KẾ HOẠCH",
        summary=f"Tổ chức {name}",
        body=tuple(body),
        signer=issuer.signer,
        recipients=issuer.recipients
        or ("Các cơ quan, đơn vị, địa phương;", f"Lưu: VT, {issuer.symbol}."),
        annexes=(annex,),
        title=f"Kế hoạch {number} - {name}",
    )


@dataclass(frozen=True)
class Member:
    """A member of the committee or the jury: name, workplace, task."""

    name: str
    unit: str
    task: str  # "Trưởng ban", "Thành viên", "Chủ tịch Hội đồng", "Ủy viên"


BODIES = {
    "committee": (
        "Ban Tổ chức",
        "Ban Tổ chức có nhiệm vụ xây dựng Kế hoạch, Thể lệ; chỉ đạo, hướng dẫn, kiểm"
        " tra việc tổ chức Cuộc thi; tổng kết, trao giải. Ban Tổ chức sử dụng con dấu"
        " của cơ quan thường trực và tự giải thể sau khi hoàn thành nhiệm vụ.",
    ),
    "jury": (
        "Hội đồng Giám khảo",
        "Hội đồng Giám khảo có nhiệm vụ chấm sơ khảo, chung khảo các tác phẩm dự thi"
        " theo Thể lệ, bảo đảm khách quan, công bằng, không biết tên tác giả khi chấm;"
        " đề xuất danh sách tác phẩm đoạt giải. Thành viên Hội đồng không được tham"
        " gia dự thi. Hội đồng tự giải thể sau khi hoàn thành nhiệm vụ.",
    ),
}


def committee_decision(
    body: str,
    title: str,
    year: int,
    members: Sequence[Member],
    *,
    issuer: Issuer,
    number: str,
    day: date,
) -> OfficialDocument:
    """The decision forming the committee (``body="committee"``) or the jury."""
    label, duties = BODIES[body]
    name = contest_name(title, year)
    rows = tuple(
        (str(i), m.name, m.unit, m.task) for i, m in enumerate(members, start=1)
    )
    annex = Annex(
        "PHỤ LỤC",
        f"DANH SÁCH THÀNH VIÊN {label.upper()}\n{name.upper()}",
        annex_note("Quyết định", number, day, issuer),
        (
            Table(
                ("STT", "Họ và tên", "Đơn vị công tác", "Nhiệm vụ"),
                rows,
                (14, 55, 60, 36),
                ("C", "L", "L", "L"),
            ),
        ),
        landscape=False,
    )
    return OfficialDocument(
        heading=Heading(issuer.parent_body, issuer.name, number, issuer.place, day),
        kind_name="QUYẾT ĐỊNH",
        summary=f"Về việc thành lập {label} {name}",
        authority_line=issuer.authority_title,
        grounds=issuer.grounds,
        enacting="QUYẾT ĐỊNH:",
        body=(
            Article(
                1,
                f"Thành lập {label} {name} gồm {len(members):02d} thành viên có tên"
                " tại Phụ lục kèm theo.",
            ),
            Article(2, duties),
            Article(
                3,
                "Quyết định này có hiệu lực kể từ ngày ký. Các ông, bà có tên tại"
                " Điều 1 và các đơn vị, cá nhân có liên quan chịu trách nhiệm thi hành"
                " Quyết định này./.",
            ),
        ),
        signer=issuer.signer,
        recipients=issuer.recipients or ("Như Điều 3;", f"Lưu: VT, {issuer.symbol}."),
        annexes=(annex,),
        title=f"Quyết định {number} - thành lập {label}",
    )

"""The demo contest: a realistic edition, units, staff and writers (idempotent)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from contest.demo.entries import load_archive_edition, load_demo_entries
from contest.extensions import db
from contest.models import Edition, EditionStatus, Role, Unit, UnitKind, User
from contest.services import editions
from contest.services.accounts import normalize_email
from contest.services.units import save_unit

DEMO_PASSWORD = "hoa-sen-demo-2026"
DEMO_TITLE = "Cuộc thi viết về gương điển hình tiên tiến, người tốt, việc tốt"

# (cluster, [(unit name, kind, locality)])
DEMO_UNITS = (
    (
        "Cụm thi đua số 1 - các quận",
        (
            ("UBND quận Hoàn Kiếm", UnitKind.DISTRICT, "Hoàn Kiếm"),
            ("UBND quận Ba Đình", UnitKind.DISTRICT, "Ba Đình"),
            ("UBND quận Đống Đa", UnitKind.DISTRICT, "Đống Đa"),
            ("UBND quận Hai Bà Trưng", UnitKind.DISTRICT, "Hai Bà Trưng"),
            ("UBND quận Cầu Giấy", UnitKind.DISTRICT, "Cầu Giấy"),
            ("UBND quận Long Biên", UnitKind.DISTRICT, "Long Biên"),
            ("UBND quận Thanh Xuân", UnitKind.DISTRICT, "Thanh Xuân"),
        ),
    ),
    (
        "Cụm thi đua số 2 - các huyện, thị xã",
        (
            ("UBND huyện Sóc Sơn", UnitKind.DISTRICT, "Sóc Sơn"),
            ("UBND huyện Đông Anh", UnitKind.DISTRICT, "Đông Anh"),
            ("UBND huyện Gia Lâm", UnitKind.DISTRICT, "Gia Lâm"),
            ("UBND huyện Ba Vì", UnitKind.DISTRICT, "Ba Vì"),
            ("UBND huyện Mỹ Đức", UnitKind.DISTRICT, "Mỹ Đức"),
            ("UBND thị xã Sơn Tây", UnitKind.DISTRICT, "Sơn Tây"),
        ),
    ),
    (
        "Cụm thi đua số 3 - sở, ngành, đoàn thể",
        (
            ("Sở Y tế", UnitKind.DEPARTMENT, "Hà Nội"),
            ("Sở Giáo dục và Đào tạo", UnitKind.DEPARTMENT, "Hà Nội"),
            ("Công an thành phố", UnitKind.ARMED_FORCES, "Hà Nội"),
            ("Thành đoàn", UnitKind.MASS_ORGANISATION, "Hà Nội"),
            ("Hội Liên hiệp Phụ nữ thành phố", UnitKind.MASS_ORGANISATION, "Hà Nội"),
            ("Hội Cựu chiến binh thành phố", UnitKind.MASS_ORGANISATION, "Hà Nội"),
            ("Báo Người Thủ đô", UnitKind.PRESS, "Hà Nội"),
        ),
    ),
)

# (role, email local part, full name, unit name or None)
DEMO_PEOPLE = (
    (Role.ADMIN, "quantri", "Nguyễn Quang Huy", None),
    (Role.ORGANIZER, "bantochuc", "Trần Thị Minh Thư", None),
    (Role.CHAIR, "chutich", "Lê Hồng Sơn", None),
    (Role.JUDGE, "giamkhao1", "Phạm Văn Đức", "Báo Người Thủ đô"),
    (Role.JUDGE, "giamkhao2", "Lê Thị Hồng Nhung", "Sở Giáo dục và Đào tạo"),
    (Role.JUDGE, "giamkhao3", "Vũ Minh Tuấn", "Sở Y tế"),
    (Role.JUDGE, "giamkhao4", "Đặng Thu Hà", "Hội Liên hiệp Phụ nữ thành phố"),
    (Role.JUDGE, "giamkhao5", "Hoàng Văn Sơn", "Hội Cựu chiến binh thành phố"),
    (Role.JUDGE, "giamkhao6", "Ngô Thị Lan Anh", "Thành đoàn"),
    (Role.UNIT, "donvi.hoankiem", "Bùi Thị Thanh Hương", "UBND quận Hoàn Kiếm"),
    (Role.UNIT, "donvi.socson", "Đỗ Mạnh Cường", "UBND huyện Sóc Sơn"),
    (Role.WRITER, "tacgia1", "Nguyễn Thị Dư", "UBND quận Đống Đa"),
    (Role.WRITER, "tacgia2", "Trần Văn Dương", "UBND huyện Đông Anh"),
    (Role.WRITER, "tacgia3", "Lý Thị Mai", "UBND quận Cầu Giấy"),
    (Role.WRITER, "tacgia4", "Phan Quốc Bảo", "Công an thành phố"),
    (Role.WRITER, "tacgia5", "Đinh Thị Ngọc Ánh", "Sở Y tế"),
    (Role.WRITER, "tacgia6", "Cao Văn Khải", "UBND huyện Ba Vì"),
    (Role.WRITER, "tacgia7", "Mai Thị Hạnh", "UBND quận Long Biên"),
    (Role.WRITER, "tacgia8", "Tạ Đình Phong", "UBND thị xã Sơn Tây"),
    (Role.WRITER, "tacgia9", "Kiều Thị Oanh", "UBND huyện Mỹ Đức"),
    (Role.WRITER, "tacgia10", "Lương Văn Hùng", "Hội Cựu chiến binh thành phố"),
)
DEMO_DOMAIN = "demo.vn"

DEMO_TEXTS = {
    "organizer_name": "Ban Thi đua - Khen thưởng thành phố",
    "intro": (
        "Cuộc thi nhằm phát hiện, tôn vinh và lan tỏa những tấm gương điển hình tiên tiến, "
        "người tốt, việc tốt trên mọi lĩnh vực của đời sống Thủ đô. Mỗi bài viết là một câu "
        "chuyện có thật về một con người, một tập thể cụ thể."
    ),
    "rules_text": (
        "1. Đối tượng dự thi: mọi công dân Việt Nam đang sinh sống, học tập, công tác trên địa "
        "bàn thành phố. Thành viên Ban Tổ chức, Ban Giám khảo không được dự thi.\n\n"
        "2. Nội dung: viết về người thật, việc thật; nhân vật có họ tên, địa chỉ cụ thể. "
        "Không hư cấu.\n\n"
        "3. Hình thức: bài viết (chưa đăng tải) hoặc tác phẩm báo chí đã đăng, phát; độ dài "
        "không quá 2.000 chữ. Khuyến khích gửi kèm ảnh nhân vật.\n\n"
        "4. Mỗi tác giả hoặc nhóm tác giả được gửi nhiều bài. Bài dự thi không trả lại.\n\n"
        "5. Ban Tổ chức được quyền sử dụng các bài đoạt giải để tuyên truyền và in trong sách "
        "\u201cNhững bông hoa đẹp\u201d."
    ),
    "how_to_submit": (
        "Gửi bài trực tuyến trên trang này (tải tệp .docx, .pdf hoặc dán nội dung), hoặc gửi qua "
        "đơn vị nơi công tác, sinh sống để đơn vị tổng hợp gửi về Ban Tổ chức."
    ),
    "prizes_text": "Mỗi bảng: 1 giải Đặc biệt, 2 giải Nhất, 4 giải Nhì, 6 giải Ba, 10 giải Khuyến khích.",
    "contact_text": "Ban Thi đua - Khen thưởng thành phố, điện thoại 024 0000 0000, email cuocthi@demo.vn",
}


def demo_logins() -> list[tuple[str, str]]:
    """(role, email) of every demo account, for printing."""
    return [
        (str(role), f"{local}@{DEMO_DOMAIN}")
        for role, local, _name, _unit in DEMO_PEOPLE
    ]


def _at(day: datetime, hour: int = 23, minute: int = 59) -> datetime:
    """That day at that local time in Hanoi, as UTC."""
    local = datetime.combine(
        day.date(), time(hour, minute), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")
    )
    return local.astimezone(UTC)


def load_demo(now: datetime | None = None) -> bool:
    """Create the demo edition, units and accounts; False if already present."""
    now = now or datetime.now(UTC)
    exists = db.session.scalar(
        select(Edition).where(Edition.year == now.year, Edition.title == DEMO_TITLE)
    )
    if exists is not None:
        return False
    units = {}
    for cluster, members in DEMO_UNITS:
        for name, kind, locality in members:
            existing = db.session.scalar(select(Unit).where(Unit.name == name))
            units[name] = existing or save_unit(
                None,
                None,
                name=name,
                kind=kind,
                cluster_name=cluster,
                locality=locality,
                code="",
            )
    edition = editions.create_edition(None, title=DEMO_TITLE, year=now.year)
    for name, value in DEMO_TEXTS.items():
        setattr(edition, name, value)
    # Open now, so the demo can be tried end to end.
    edition.submission_opens_at = _at(now - timedelta(days=30), 8, 0)
    edition.submission_closes_at = _at(now + timedelta(days=45))
    edition.grace_minutes = 15
    edition.unit_deadline_at = _at(now + timedelta(days=52))
    for offset, round_ in zip((55, 80), edition.rounds, strict=False):
        round_.starts_at = _at(now + timedelta(days=offset), 8, 0)
        round_.ends_at = _at(now + timedelta(days=offset + 20))
    edition.results_at = _at(now + timedelta(days=105))
    edition.ceremony_at = _at(now + timedelta(days=110), 9, 0)
    edition.status = EditionStatus.PUBLISHED
    for role, local, full_name, unit_name in DEMO_PEOPLE:
        email = normalize_email(f"{local}@{DEMO_DOMAIN}")
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = User(email=email, full_name=full_name, email_confirmed_at=now)
            user.set_password(DEMO_PASSWORD)
            db.session.add(user)
        user.unit = units.get(unit_name) if unit_name else None
        user.set_roles(
            user.roles | {role} | ({Role.ORGANIZER} if role == Role.ADMIN else set())
        )
        db.session.flush()
        if role == Role.JUDGE:
            editions.set_judge(None, edition, user, True)
    db.session.flush()
    load_archive_edition(DEMO_TITLE, DEMO_PASSWORD, now)
    load_demo_entries(edition, DEMO_PASSWORD, now)
    db.session.flush()
    return True

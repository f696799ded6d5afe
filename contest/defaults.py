"""Default set-up of a new edition, taken from the real contest's rules and plans.

These are contest data (shown as organizers entered them), not interface strings.
"""

from contest.models.enums import RoundKind, TrackKind

DEFAULT_TRACKS = (
    (
        TrackKind.WRITTEN,
        "Bài viết",
        "Bài viết chưa đăng tải trên các phương tiện thông tin đại chúng.",
        2000,
    ),
    (
        TrackKind.PRESS,
        "Tác phẩm báo chí",
        "Tác phẩm đã đăng, phát trên báo in, báo điện tử, phát thanh, truyền hình.",
        2000,
    ),
)

DEFAULT_FIELDS = (
    "Xây dựng Đảng, chính quyền, đoàn thể",
    "Quốc phòng, an ninh",
    "Công thương, xây dựng, giao thông vận tải",
    "Nông nghiệp",
    "Tài chính ngân hàng",
    "Y tế",
    "Giáo dục và đào tạo",
    "Khoa học và công nghệ",
    "Văn hóa, văn nghệ, thể dục, thể thao",
    "Đối ngoại",
    "Thông tin và truyền thông",
    "Cải cách hành chính",
    "An sinh xã hội",
    "Đời sống xã hội",
)

# (code, name, rank, count)
DEFAULT_TIERS = (
    ("dac_biet", "Giải Đặc biệt", 1, 1),
    ("nhat", "Giải Nhất", 2, 2),
    ("nhi", "Giải Nhì", 3, 4),
    ("ba", "Giải Ba", 4, 6),
    ("khuyen_khich", "Giải Khuyến khích", 5, 10),
)

# (name, description, max points, weight)
DEFAULT_RUBRIC = (
    (
        "Tính chân thực, rõ người rõ việc",
        "Câu chuyện có thật về người thật, việc thật; nhân vật có họ tên, địa chỉ cụ thể.",
        30,
        1.0,
    ),
    (
        "Tính phát hiện, điển hình",
        "Phát hiện được nhân tố mới, gương điển hình tiêu biểu, có giá trị nêu gương.",
        25,
        1.0,
    ),
    (
        "Sức lan tỏa, tác dụng tuyên truyền, giáo dục",
        "Câu chuyện truyền cảm hứng, có tác dụng giáo dục và nhân rộng trong cộng đồng.",
        25,
        1.0,
    ),
    (
        "Bố cục, ngôn ngữ, nghệ thuật",
        "Bố cục chặt chẽ, ngôn ngữ trong sáng, có tính nghệ thuật.",
        20,
        1.0,
    ),
)

# (kind, name, readers per entry; None = every judge of the round)
DEFAULT_ROUNDS = (
    (RoundKind.PRELIMINARY, "Sơ khảo", 2),
    (RoundKind.FINAL, "Chung khảo", None),
)

DEFAULT_GENRES = ("Ký", "Phóng sự", "Ghi chép", "Bài viết", "Tản văn", "Phỏng vấn")

"""Made-up Vietnamese stories (NFC) and .docx files for the submission surge benchmark.

Each story reads like a contest entry (a real-sounding person, places, what they did)
without copying any real text: sentences are assembled from word lists, with enough
independent choices that two entries share short phrases but not long runs (the
app's plagiarism check runs after each submission and must not see a copy). Every
submission is a new story (a writer does not send the same text twice, and stored
files are content-addressed: identical uploads would share one file and hide a lost
one), carrying a unique code in its first paragraph so the check can tell which
version text came from which submission. Lengths vary as real entries' do, between
half the track's word limit and just under it, so every entry passes the limit check
as a real one would.
"""

from __future__ import annotations

import io
import random
import unicodedata
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape

from docx import Document

from contest.textnorm import word_count

PLACEHOLDER = "SURGE-PLACEHOLDER"  # the paragraph DocxFactory swaps for a story's


def _words(text: str) -> list[str]:
    """A word list written as "a|b c|d" (words may have several syllables)."""
    return [w.strip() for w in text.split("|") if w.strip()]


FAMILY = _words(
    "Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý|Đinh|Mai|Trịnh|Lương|Tạ"
)
MIDDLE = _words(
    "Văn|Thị|Đức|Minh|Thu|Ngọc|Quang|Thanh|Hữu|Kim|Xuân|Bảo|Gia|Thùy|Anh|Công"
)
GIVEN = _words(
    "Hoa|Lực|Dư|Hùng|Lan|Tâm|Bình|Hạnh|Phúc|Thảo|Sơn|Nga|Khoa|Yến|Huệ|Dũng|Hải|Hằng|Tuấn|"
    "Trang|Long|Mai|Nhung|Quân|Thắng|Vinh|Hòa|Đạt|Linh|Oanh|Phương|Sáu|Tư|Năm|Lợi|Hậu"
)
PLACE_KINDS = _words("phường|xã|thôn|tổ dân phố|khu tập thể|ngõ|bản|thị trấn")
ROLES = _words(
    "bà|ông|chị|anh|cô giáo|thầy giáo|bác sĩ|y tá|cựu chiến binh|tổ trưởng|bí thư chi bộ|"
    "công nhân|nông dân|tiểu thương|sinh viên|kỹ sư|thợ may|thợ điện|lái xe|bộ đội|công an xã"
)
VERBS = _words(
    "giúp|dạy|chăm sóc|đưa|nấu cơm cho|sửa nhà cho|trồng cây cùng|quét dọn cho|nhặt rác cùng|"
    "vận động|quyên góp cho|tặng quà cho|thăm hỏi|động viên|hướng dẫn|bảo vệ|cứu|che chở|"
    "chữa bệnh cho|xây cầu cho|may áo cho|cắt tóc miễn phí cho|đón|kèm cặp|nuôi|cưu mang|"
    "lắng nghe|an ủi|tìm việc cho|dẫn đường cho|sửa xe cho|gánh nước cho|đọc sách cho"
)
PEOPLE = _words(
    "trẻ em mồ côi|người già neo đơn|bệnh nhân nghèo|học sinh vùng cao|bà con lối xóm|"
    "những gia đình khó khăn|công nhân xa quê|người khuyết tật|các cháu thiếu nhi|"
    "thương binh|người vô gia cư|sản phụ|người mù|nạn nhân chất độc da cam|"
    "đồng bào vùng lũ|bạn bè cùng lớp|hàng xóm|người lao động tự do|các cụ hưu trí|"
    "trẻ sơ sinh|người bán hàng rong|học sinh nghèo vượt khó|người nhà bệnh nhân"
)
WHEN = _words(
    "mỗi sáng|mỗi tối|suốt nhiều năm|từ ngày nghỉ hưu|trong mùa mưa lũ|vào cuối tuần|"
    "khi trời còn tối|sau giờ làm|trong đợt dịch|từ năm ấy|những ngày giáp Tết|lúc nửa đêm|"
    "giữa trưa hè|trong mùa đông giá|mỗi dịp khai giảng|ngày này qua ngày khác"
)
WHERE = _words(
    "ở đầu ngõ|bên bờ sông|trong căn bếp nhỏ|ngoài cổng bệnh viện|trên con dốc|"
    "giữa chợ|ở trạm y tế|trong gian nhà cấp bốn|dưới gốc đa|trên chuyến xe khách|"
    "ở điểm trường|bên hiên nhà|trong khu trọ|ngoài cánh đồng|ở nhà văn hóa"
)
HOW = _words(
    "lặng lẽ|tận tụy|không quản ngại|kiên nhẫn|âm thầm|vui vẻ|chu đáo|bền bỉ|"
    "tất bật|cần mẫn|hết lòng|nhẫn nại|say sưa|không đòi hỏi gì"
)
RESULTS = _words(
    "cả xóm đều biết tiếng|nhiều người đã đổi đời|lũ trẻ đến lớp đầy đủ|"
    "bà con bớt vất vả|phong trào lan rộng khắp phường|chính quyền trao bằng khen|"
    "báo địa phương viết bài|các nhà hảo tâm góp sức|học trò cũ quay về giúp|"
    "con cháu noi gương|mái ấm được dựng lại|nhiều mảnh đời được sưởi ấm"
)
LINKS = _words("Nhờ vậy|Từ đó|Dần dần|Không lâu sau|Cũng vì thế|Đến nay|Sau này|Về sau")
SAYINGS = _words(
    "còn sức thì còn làm|giúp được ai thì giúp|có gì đâu mà khen|thấy người ta vui là đủ|"
    "cái nghèo không đáng sợ bằng sự thờ ơ|làm việc tốt không cần ai biết|"
    "mình cũng từng được người khác giúp"
)


def person(rng: random.Random) -> str:
    """A Vietnamese full name."""
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def place(rng: random.Random) -> str:
    """A locality such as "phường Kim Liên"."""
    return f"{rng.choice(PLACE_KINDS)} {rng.choice(GIVEN)} {rng.choice(GIVEN)}"


def sentence(rng: random.Random, name: str) -> str:
    """One sentence of the story about `name`, from several independent choices.

    Many slots with many choices each: two entries share short phrases (as real ones
    do) but not long runs, so the plagiarism check sees distinct texts.
    """
    short = name.split()[-1]
    kind = rng.randrange(6)
    if kind == 0:
        text = f"{rng.choice(WHEN)}, {rng.choice(ROLES)} {short} {rng.choice(HOW)} {rng.choice(VERBS)} {rng.choice(PEOPLE)} {rng.choice(WHERE)}"
    elif kind == 1:
        text = f"{rng.choice(LINKS)}, {rng.choice(RESULTS)}, {rng.choice(PEOPLE)} {rng.choice(WHERE)} vẫn nhắc tên {short}"
    elif kind == 2:
        text = f"“{rng.choice(SAYINGS).capitalize()}”, {rng.choice(ROLES)} {short} nói khi chúng tôi ghé {place(rng)}"
    elif kind == 3:
        text = f"Năm {rng.randint(1975, 2025)}, {rng.choice(ROLES)} {person(rng)} ở {place(rng)} cùng {short} {rng.choice(VERBS)} {rng.randint(2, 300)} {rng.choice(PEOPLE)}"
    elif kind == 4:
        text = f"{rng.choice(HOW).capitalize()} {rng.choice(WHEN)}, {short} {rng.choice(VERBS)} {rng.choice(PEOPLE)}, {rng.choice(RESULTS)}"
    else:
        text = f"{rng.choice(PEOPLE).capitalize()} {rng.choice(WHERE)} kể rằng {short} đã {rng.choice(VERBS)} họ {rng.choice(WHEN)}"
    return text[0].upper() + text[1:] + "."


@dataclass(frozen=True)
class Story:
    """One made-up entry: title, featured person, paragraphs and their word count."""

    title: str
    featured: str
    paragraphs: list[str]
    words: int

    @property
    def text(self) -> str:
        """The paragraphs as a writer pastes them into the form."""
        return "\n\n".join(self.paragraphs)


def story(rng: random.Random, words: int, code: str) -> Story:
    """A story of at most `words` words whose first paragraph carries `code`.

    Words are counted the app's way (contest.textnorm.word_count, the count the
    track's word limit is checked with); the story stops at the last sentence that
    fits, so it is a little under `words`.
    """
    name = person(rng)
    title = f"{rng.choice(HOW).capitalize()} {rng.choice(VERBS)} {rng.choice(PEOPLE)}: chuyện về {name}"
    paragraphs = [f"Mã bài: {code}."]
    count = word_count(paragraphs[0])
    full = False
    while not full:
        sentences = []
        for _ in range(rng.randint(4, 8)):
            text = sentence(rng, name)
            size = word_count(text)
            if count + size > words:
                full = True
                break
            sentences.append(text)
            count += size
        if sentences:
            paragraphs.append(" ".join(sentences))
    return Story(
        title=unicodedata.normalize("NFC", title),
        featured=name,
        paragraphs=[unicodedata.normalize("NFC", p) for p in paragraphs],
        words=count,
    )


def story_words(rng: random.Random, word_limit: int) -> int:
    """How long the next story is: between half the track's limit and just under it."""
    return rng.randint(word_limit // 2, word_limit * 95 // 100)


def build_docx(paragraphs: list[str]) -> bytes:
    """A .docx with one paragraph per item (python-docx)."""
    document = Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class DocxFactory:
    """Word files with any text in the package python-docx makes, without its cost.

    python-docx needs ~50 ms per 30 KB document; here its package (styles, settings,
    theme…) is built once and each new document only gets a new body: one <w:p> per
    paragraph in place of the placeholder paragraph, then a re-zip (~7 ms).
    """

    def __init__(self) -> None:
        source = zipfile.ZipFile(io.BytesIO(build_docx([PLACEHOLDER])))
        self.members = [
            (item, source.read(item.filename)) for item in source.infolist()
        ]
        body = next(
            data for item, data in self.members if item.filename == "word/document.xml"
        ).decode()
        placeholder = f"<w:p><w:r><w:t>{PLACEHOLDER}</w:t></w:r></w:p>"
        assert placeholder in body, "python-docx wrote the paragraph differently"
        self.head, self.tail = body.split(placeholder)

    def make(self, paragraphs: list[str]) -> bytes:
        """A .docx whose body is these paragraphs."""
        runs = "".join(
            f'<w:p><w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r></w:p>'
            for p in paragraphs
        )
        document = (self.head + runs + self.tail).encode()
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for item, data in self.members:
                target.writestr(
                    item, document if item.filename == "word/document.xml" else data
                )
        return out.getvalue()


def submission_code(client: int, serial: int, run: str) -> str:
    """A unique code for one submission, e.g. SURGE-ab12000700000123."""
    return f"SURGE-{run[:4]}{client:04d}{serial:08d}"

"""Unit tests of judging.plagiarism.core: copies are found, genre language is not flagged."""

import unicodedata
from pathlib import Path

import pytest

from contest.textnorm import strip_accents, syllables
from judging.plagiarism.core import (
    DEFAULT_THRESHOLD,
    Match,
    SimilarityIndex,
    check_texts,
    compare,
)

NURSE = (
    "Chị Nguyễn Thị Lan năm nay bốn mươi hai tuổi, là điều dưỡng ở trạm y tế xã "
    "Tân Minh. Mười lăm năm qua, chị đi bộ qua những con dốc đất đỏ để tiêm chủng "
    "cho trẻ nhỏ ở các thôn xa, nhiều hôm về đến nhà khi con đã ngủ say. "
    "Mùa mưa năm ngoái, nước suối dâng cao chia cắt thôn Khe Mát, chị buộc túi thuốc "
    "lên lưng, bám dây thừng lội qua dòng nước đục để đỡ đẻ cho một sản phụ người Dao. "
    "Em bé cất tiếng khóc lúc ba giờ sáng, cả bản thắp đuốc đứng chờ bên bờ suối.\n\n"
    "Ngoài giờ trực, chị mở lớp dạy các bà mẹ trẻ cách nấu cháo dinh dưỡng từ bí đỏ, "
    "đậu xanh và cá suối, nhờ vậy tỷ lệ trẻ suy dinh dưỡng của xã giảm rõ rệt. "
    "Chị còn vận động chồng góp tiền mua chiếc xe máy cũ để chở người bệnh nặng "
    "xuống huyện, chiếc xe ấy đã chạy gần bốn vạn cây số trên đường núi. "
    "Người dân gọi chị bằng cái tên thân thương là cô Lan thuốc, còn chị chỉ cười "
    "bảo rằng mình làm đúng việc của người điều dưỡng.\n\n"
    "Tấm gương sáng của chị đã lan tỏa trong phong trào thi đua yêu nước của huyện, "
    "nhiều bạn trẻ trong ngành y tình nguyện lên công tác ở các xã vùng cao."
)

TEACHER = (
    "Ông Trần Văn Hùng nghỉ hưu đã mười năm nhưng căn nhà nhỏ của ông ở phường "
    "Quang Trung chưa bao giờ vắng tiếng trẻ con. Mỗi tối, ông kê ba chiếc bàn gỗ "
    "ngoài hiên, dạy toán và tiếng Việt miễn phí cho con em công nhân từ các khu trọ "
    "quanh khu công nghiệp. Có em mười hai tuổi chưa đọc thông viết thạo, sau một "
    "năm theo ông đã đoạt giải khuyến khích học sinh giỏi cấp quận.\n\n"
    "Tiền lương hưu, ông dành một phần mua vở, bút và sách cũ; những hôm mất điện, "
    "ông thắp đèn dầu và kể chuyện lịch sử cho các cháu nghe. Các bậc phụ huynh "
    "làm ca đêm yên tâm gửi con, vì biết ông luôn đưa từng đứa về tận cửa phòng trọ. "
    "Hàng xóm cảm động, người góp tấm bạt che mưa, người mang đến nồi chè đậu đen "
    "cho lũ trẻ ăn khuya sau giờ học. Ông vẫn khỏe, sống hòa thuận với mọi người "
    "và quý từng đứa trẻ như con cháu trong nhà.\n\n"
    "Việc làm bền bỉ của ông là một tấm gương sáng về người tốt, việc tốt, góp phần "
    "lan tỏa phong trào thi đua yêu nước trong khu dân cư."
)

RESCUER = (
    "Anh Lê Minh Tuấn là thợ sửa thuyền ở bến Đò Quan. Đêm bão số ba đổ bộ, "
    "nước sông lên nhanh, anh nghe tiếng kêu cứu từ một chiếc ghe chở cát bị đứt neo. "
    "Không kịp gọi ai, anh nổ máy chiếc xuồng nhôm tự đóng, lao ra giữa dòng nước "
    "xoáy, ném phao và kéo được bốn người lên bờ an toàn. Sáng hôm sau, anh lại "
    "cùng đội thanh niên xung kích chở gạo, mì tôm và nước sạch vào các xóm bị ngập. "
    "Suốt một tuần nước lũ, anh ngủ ngay trên xuồng để ai gọi là có mặt. "
    "Khi được hỏi, anh chỉ nói đơn giản rằng người ở bến sông thì phải biết cứu "
    "người trên sông. Từ số tiền được tặng thưởng, anh mua thêm áo phao cho trẻ em "
    "trong xóm chài."
)

PHRASES = [
    "Mỗi người tốt, mỗi việc tốt là một bông hoa đẹp góp phần làm nên vườn hoa "
    "tươi thắm của thành phố anh hùng"
]


def words(text: str) -> list[str]:
    """Whitespace words of a text."""
    return text.split()


@pytest.fixture
def index() -> SimilarityIndex:
    """An index holding the three original stories."""
    idx = SimilarityIndex(feature_bits=18)
    idx.add("nurse", NURSE, source="archive:2025", author_key="u1")
    idx.add("teacher", TEACHER, source="edition", author_key="u2")
    idx.add("rescuer", RESCUER, source="edition", author_key="u3")
    return idx


def lifted_copy() -> tuple[str, str]:
    """A copier's text: the rescuer story with a third of the nurse story spliced in."""
    lifted = " ".join(words(NURSE)[:75])
    return RESCUER + "\n\n" + lifted + "\n\nAnh vẫn sống giản dị.", lifted


def test_verbatim_copy_is_found_with_full_share() -> None:
    """An entry sent twice shows a score of about 1 on both sides."""
    m = compare(NURSE, NURSE)
    assert m.score == pytest.approx(1.0, abs=0.02)
    assert m.a_share == pytest.approx(1.0, abs=0.02)
    assert m.b_share == pytest.approx(1.0, abs=0.02)


def test_partial_copy_gives_its_share_and_points_at_the_copied_text() -> None:
    """A third lifted from another story: a_share ≈ 0.3; highlights cover the lift."""
    copy, lifted = lifted_copy()
    m = compare(copy, NURSE)
    expected = len(syllables(lifted)) / len(syllables(copy))
    assert 0.25 < expected < 0.4
    assert m.a_share == pytest.approx(expected, abs=0.04)
    assert m.score >= DEFAULT_THRESHOLD
    counted = [p for p in m.passages if p.counted]
    assert counted
    start = copy.index(lifted)
    for p in counted:
        assert start <= p.a_start < p.a_end <= start + len(lifted)
        assert syllables(copy[p.a_start : p.a_end]) == syllables(
            NURSE[p.b_start : p.b_end]
        )


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(lambda t: unicodedata.normalize("NFD", t), id="nfd"),
        pytest.param(
            lambda t: t.replace("hòa", "hoà").replace("khỏe", "khoẻ"), id="old-tones"
        ),
        pytest.param(strip_accents, id="accents-stripped"),
        pytest.param(str.upper, id="upper-case"),
    ],
)
def test_unicode_and_accent_variants_still_match(variant) -> None:
    """Copies retyped without accents or in another Unicode form are still caught."""
    m = compare(variant(TEACHER), TEACHER)
    assert m.a_share > 0.95


def test_reordered_paragraphs_are_still_a_copy() -> None:
    """Swapping the paragraphs of a copied story does not hide it."""
    paragraphs = NURSE.split("\n\n")
    m = compare("\n\n".join(reversed(paragraphs)), NURSE)
    assert m.a_share > 0.9


def test_quoted_passage_is_reported_but_not_counted() -> None:
    """Quoting another story in quotation marks is shown but adds nothing to the score."""
    quote = " ".join(words(NURSE)[:60])
    quoting = RESCUER + " Báo huyện từng viết: “" + quote + "”."
    m = compare(quoting, NURSE)
    assert m.a_share < 0.02
    assert any(p.quoted and not p.counted for p in m.passages)
    assert m.excluded_share > 0.2
    unquoted = compare(RESCUER + " " + quote + ".", NURSE)
    assert unquoted.a_share > 0.2


def test_dialogue_lifted_with_its_paragraph_counts_as_copying() -> None:
    """A copied paragraph keeps its full share even when it contains a quoted line."""
    w = words(NURSE)
    with_dialogue = " ".join([*w[:30], "“" + w[30], *w[31:41], w[41] + "”", *w[42:]])
    lifted = " ".join(with_dialogue.split()[:75])
    m = compare(RESCUER + "\n\n" + lifted, with_dialogue)
    plain = compare(RESCUER + "\n\n" + " ".join(w[:75]), NURSE)
    assert m.a_share == pytest.approx(plain.a_share, abs=0.02)
    assert not any(p.quoted for p in m.passages)


# A neighbour's words as a writer records them, with the line saying who spoke.
TESTIMONY = (
    "Bà Lò Thị Sa ở thôn Khe Mát kể lại: "
    "“Đêm ấy nước suối to lắm, tôi tưởng không ai dám qua. Thế mà cô Lan buộc túi "
    "thuốc lên lưng, bám dây thừng mà sang, người ướt sũng vẫn cười bảo bà đừng lo”."
)
# A famous saying both writers may quote, each with a lead-in of their own.
SAYING = (
    "“Mỗi người tốt, mỗi việc tốt là một bông hoa đẹp, cả dân tộc ta là một rừng "
    "hoa đẹp”"
)


def test_testimony_lifted_with_its_attribution_counts_as_copying() -> None:
    """A neighbour's quoted words lifted with who said them is a copy, not a quote."""
    source = NURSE + "\n\n" + TESTIMONY
    copy = RESCUER + "\n\n" + TESTIMONY
    m = compare(copy, source)
    assert m.score >= DEFAULT_THRESHOLD
    counted = [p for p in m.passages if p.counted]
    assert len(counted) == 1
    start = copy.index(TESTIMONY)
    assert counted[0].a_start == start  # the attribution line is highlighted too
    assert counted[0].a_end >= start + len(TESTIMONY) - 3
    assert m.excluded_share == 0.0


@pytest.mark.parametrize(
    ("lead_a", "lead_b"),
    [
        pytest.param("Bác Hồ đã dạy: ", "Bác Hồ đã dạy: ", id="same-short-lead-in"),
        pytest.param("Như lời Bác dạy, ", "Anh luôn nhớ câu nói ", id="own-lead-ins"),
    ],
)
def test_famous_saying_quoted_by_two_writers_is_not_counted(
    lead_a: str, lead_b: str
) -> None:
    """Two honest stories quoting the same saying are shown the quote, not a copy."""
    a = TEACHER + " " + lead_a + SAYING + "."
    b = RESCUER + " " + lead_b + SAYING + "."
    m = compare(a, b)
    assert m.score < DEFAULT_THRESHOLD
    assert [p.quoted for p in m.passages] == [True]
    plain = compare(*(t.replace("“", "").replace("”", "") for t in (a, b)))
    assert plain.score >= DEFAULT_THRESHOLD  # the same words unquoted would count


def test_testimony_quoted_under_another_attribution_is_not_counted() -> None:
    """Only the quoted words shared, each writer naming the speaker: a quotation.

    (The engine cannot tell this from a lifted testimony whose attribution line was
    rewritten; the passage is still shown to the organizer, marked as a quote.)
    """
    words_only = TESTIMONY[TESTIMONY.index("“") :]
    copy = RESCUER + "\n\nMột cụ bà trong bản nhớ lại: " + words_only
    m = compare(copy, NURSE + "\n\n" + TESTIMONY)
    assert m.score < DEFAULT_THRESHOLD
    assert any(p.quoted for p in m.passages)


def test_shared_official_name_and_stock_phrases_are_not_a_passage() -> None:
    """Two donors' stories naming the same board and genre formula are not copies.

    The runs shared here ("Ban Chỉ đạo vận động hiến máu tình nguyện thành phố",
    "người tốt, việc tốt", "trong phong trào thi đua") chain across differing words
    into ~30 syllables, but no run is a copied sentence.
    """
    a = TEACHER + (
        " Anh được Ban Chỉ đạo vận động hiến máu tình nguyện thành phố khen thưởng."
        " Anh là một trong những tấm gương người tốt, việc tốt được quận giới thiệu"
        " trong phong trào thi đua."
    )
    b = RESCUER + (
        " Anh được Ban Chỉ đạo vận động hiến máu tình nguyện thành phố tặng nhiều"
        " bằng khen và được suy tôn là gương người tốt, việc tốt của quận. Trong"
        " phong trào thi đua, anh luôn đi đầu."
    )
    m = compare(a, b)
    assert m.score == 0.0
    assert not any(p.counted for p in m.passages)


def test_boilerplate_phrase_is_reported_but_not_counted() -> None:
    """The contest slogan shared by two entries never makes them look copied."""
    slogan = PHRASES[0] + "."
    a, b = TEACHER + " " + slogan, RESCUER + " " + slogan
    plain = compare(a, b)
    assert any(p.counted for p in plain.passages)
    m = compare(a, b, boilerplate=PHRASES)
    assert not any(p.counted for p in m.passages)
    assert any(p.boilerplate for p in m.passages)
    assert m.score < 0.01


@pytest.mark.parametrize(("left", "right"), [(NURSE, TEACHER), (TEACHER, RESCUER)])
def test_different_stories_in_the_same_genre_stay_below_threshold(
    left: str, right: str
) -> None:
    """Two stories both praising a "tấm gương sáng" in "phong trào thi đua" are fine."""
    assert compare(left, right).score < DEFAULT_THRESHOLD
    assert check_texts({"left": left, "right": right}) == []


def test_incremental_add_then_check_finds_the_source(index: SimilarityIndex) -> None:
    """A new entry lifted from last year's archive is traced to it, with its source."""
    copy, _ = lifted_copy()
    index.add("new", copy, source="edition", author_key="u9")
    found = {m.b: m for m in index.check("new")}
    assert set(found) == {"nurse", "rescuer"}  # the copier's own story is indexed too
    assert found["nurse"].b_source == "archive:2025"
    assert found["nurse"].same_author is False
    assert found["nurse"].a_share == pytest.approx(compare(copy, NURSE).a_share)
    assert index.check("teacher") == []


def test_check_of_free_text_flags_same_author_resubmission(
    index: SimilarityIndex,
) -> None:
    """Last year's entry resubmitted by its author is marked as a same-author copy."""
    found = index.check(NURSE + " Xin cảm ơn.", author_key="u1")
    assert found[0].b == "nurse"
    assert found[0].same_author is True
    assert found[0].score > 0.95
    assert index.check(NURSE, exclude=["nurse"]) == []


def test_remove_forgets_a_document(index: SimilarityIndex) -> None:
    """A withdrawn entry is no longer reported as a source."""
    index.remove("nurse")
    assert len(index) == 2
    assert "nurse" not in index
    assert index.check(NURSE) == []


def test_save_load_round_trip_gives_the_same_results(
    index: SimilarityIndex, tmp_path: Path
) -> None:
    """An index saved to disk and loaded back answers exactly as before."""
    copy, _ = lifted_copy()
    index.add("new", copy)
    before = index.check("new")
    path = tmp_path / "index.npz"
    index.save(str(path))
    loaded = SimilarityIndex.load(str(path))
    assert len(loaded) == len(index)
    assert loaded.check("new") == before
    assert loaded.text("teacher") == TEACHER
    loaded.add("again", TEACHER)
    assert [m.b for m in loaded.check("again")] == ["teacher"]


def test_scan_reports_each_copy_once_with_progress(index: SimilarityIndex) -> None:
    """A full scan lists each copied pair once and reports its progress."""
    copy, _ = lifted_copy()
    index.add("new", copy)
    index.add("dup", TEACHER + " Hết.")
    calls: list[tuple[int, int]] = []
    found = index.scan(progress=lambda done, total: calls.append((done, total)))
    pairs = {(m.a, m.b) for m in found}
    assert pairs == {("new", "nurse"), ("new", "rescuer"), ("dup", "teacher")}
    assert all(isinstance(m, Match) for m in found)
    assert calls and calls[-1] == (5, 5)
    only_new = index.scan(sources=["archive:2025"])
    assert {(m.a, m.b) for m in only_new} == {("nurse", "new")}


def test_check_texts_compares_a_folder_of_files() -> None:
    """`flask plagiarism check-dir` lists the copied pair of a folder and nothing else."""
    copy, _ = lifted_copy()
    found = check_texts({"a.txt": NURSE, "b.txt": TEACHER, "c.txt": copy})
    assert [(m.a, m.b) for m in found] == [("c.txt", "a.txt")]


def test_index_still_answers_after_many_removals_compact_it() -> None:
    """After most entries are withdrawn (the index compacts itself), copies are found."""
    idx = SimilarityIndex(feature_bits=16)
    for k in range(70):
        idx.add(f"n{k}", " ".join(words(NURSE)[k % 9 :]) + f" Bài số {k}.")
    idx.add("teacher", TEACHER)
    for k in range(1, 66):
        idx.remove(f"n{k}")
    assert len(idx) == 6
    assert {m.b for m in idx.check("n0")} == {"n66", "n67", "n68", "n69"}
    assert [m.b for m in idx.check(TEACHER + " Hết.")] == ["teacher"]

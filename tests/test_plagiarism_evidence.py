"""Evidence rules of the copy check on Vietnamese text: what an organizer sees listed.

Each test builds two short real-looking texts and checks what the engine reports:
a phrase repeated in one text counts once; a single inserted sentence of 8 syllables
is found; a long quotation with a short lead-in is listed as a quotation; a series
written from one template with changed numbers is listed as "template", not copying;
shipped award and offence names are boilerplate; a phrase common in the collection
weighs less than a rare one.
"""

from __future__ import annotations

from judging.plagiarism.core import (
    COPY,
    DEFAULT_THRESHOLD,
    QUOTATION,
    TEMPLATE,
    SimilarityIndex,
    check_texts,
    compare,
)
from judging.plagiarism.core.formulae import shipped_formulae
from judging.plagiarism.core.rarity import rarity

HOST = (
    "Sáng nay, đoàn công tác của huyện đã về thăm trường tiểu học xã Yên Bình. "
    "Các thầy cô giới thiệu mô hình thư viện xanh do phụ huynh cùng góp sách. "
    "Học sinh được mượn sách về nhà vào cuối tuần và kể lại cho cả lớp nghe. "
    "Nhà trường mong muốn nhân rộng cách làm này ra các điểm trường lẻ."
)
SOURCE = (
    "Ông Hoàng Văn Sinh ở bản Nà Phầy đã hiến gần một nghìn mét vuông đất vườn. "
    "Con đường bê tông rộng bốn mét nay nối thẳng ra trục xã. "
    "Trẻ em trong bản không còn phải lội bùn đến lớp mỗi mùa mưa. "
    "Nhiều hộ khác noi theo, tự tháo dỡ tường rào để mở rộng lối đi chung."
)


def test_a_phrase_repeated_in_one_text_counts_once() -> None:
    """Five repeats of one copied sentence cover no more than the sentence itself."""
    sentence = "Con đường bê tông rộng bốn mét nay nối thẳng ra trục xã."
    once = compare(HOST + " " + sentence, SOURCE)
    five = compare(" ".join([HOST, *[sentence] * 5]), SOURCE)
    copied = [p for p in five.passages if p.counted]
    assert len(copied) == 1
    assert five.a_share <= once.a_share


def test_one_inserted_sentence_of_eight_syllables_is_found() -> None:
    """A whole sentence of 8 syllables taken from another text is a copied passage."""
    sentence = "Trẻ em trong bản không còn phải lội"  # 8 syllables, a sentence here
    source = SOURCE.replace(
        "Trẻ em trong bản không còn phải lội bùn đến lớp mỗi mùa mưa.", sentence + "."
    )
    m = compare(HOST + " " + sentence + ".", source)
    counted = [p for p in m.passages if p.counted]
    assert len(counted) == 1
    assert m.a_share > 0.1


def test_a_shared_name_inside_different_sentences_is_not_a_passage() -> None:
    """The same 9-syllable phrase inside two different sentences is not a sentence."""
    phrase = "Ban Chỉ đạo vận động hiến máu tình nguyện thành phố"
    a = HOST + f" Anh được {phrase} khen thưởng vì đã hiến máu nhiều lần."
    b = SOURCE + f" Nhờ {phrase} tặng nhiều bằng khen, ông càng hăng hái."
    assert not any(p.counted for p in compare(a, b).passages)


def test_a_long_quotation_with_a_short_lead_in_is_listed_as_a_quotation() -> None:
    """An article quoted at length with "Báo chí từng viết:" is listed, apart."""
    quoting = (
        "Xã Yên Bình có nhiều tấm gương đẹp.\n\nBáo chí từng viết: “" + SOURCE + "”"
    )
    m = compare(quoting, SOURCE)
    assert m.score < DEFAULT_THRESHOLD  # not counted as copying
    assert m.quoted_share > 0.5
    assert m.report_kind(DEFAULT_THRESHOLD) == QUOTATION
    pairs = check_texts({"source": SOURCE, "quoting": quoting})
    assert [(p.kind, p.a, p.b) for p in pairs] == [(QUOTATION, "quoting", "source")]


def _bulletin(day: int, buy: str, sell: str, change: str) -> str:
    """A gold-price bulletin written from the newsroom's template."""
    return (
        f"Giá vàng hôm nay {day}/9: Sáng nay, giá vàng SJC tại Hà Nội được niêm yết "
        f"ở mức {buy} triệu đồng/lượng mua vào và {sell} triệu đồng/lượng bán ra, "
        f"{change} 50.000 đồng so với phiên hôm qua. Tại TP Hồ Chí Minh, giá vàng SJC "
        f"được giao dịch ở mức {buy} triệu đồng/lượng mua vào và {sell} triệu "
        f"đồng/lượng bán ra. Trên thị trường thế giới, giá vàng giao ngay ở mức "
        f"1.2{day} USD/ounce, {change} 3 USD so với phiên trước."
    )


def test_bulletins_from_one_template_are_listed_as_template_not_copy() -> None:
    """Two days' gold prices share the template's words, not a copied text."""
    a = _bulletin(12, "36,52", "36,70", "tăng")
    b = _bulletin(13, "36,41", "36,61", "giảm")
    m = compare(a, b)
    assert m.score < DEFAULT_THRESHOLD
    assert m.template_share >= DEFAULT_THRESHOLD
    assert any(p.template and not p.counted for p in m.passages)
    pairs = check_texts({"a": a, "b": b, "other": SOURCE})
    assert [p.kind for p in pairs] == [TEMPLATE]


def test_a_verbatim_copy_with_one_changed_number_is_still_a_copy() -> None:
    """Changing one figure in a copied text does not make it a template."""
    m = compare(SOURCE.replace("bốn mét", "5 mét"), SOURCE)
    assert m.report_kind(DEFAULT_THRESHOLD) == COPY
    assert m.score > 0.9


def test_award_and_offence_names_are_shipped_boilerplate() -> None:
    """Award, movement and offence names shared by two texts are greyed, not counted."""
    formulae = shipped_formulae()
    assert "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh" in formulae
    assert "Lừa đảo chiếm đoạt tài sản" in formulae
    phrase = (
        "trong phong trào Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí "
        "Minh và được tặng Huân chương Lao động hạng Ba"
    )
    m = compare(HOST + " Cô là tấm gương " + phrase + ".", SOURCE + " Ông " + phrase)
    assert not any(p.counted for p in m.passages)
    assert any(p.boilerplate for p in m.passages)


def test_rarity_falls_gradually_with_document_frequency() -> None:
    """A phrase in few documents weighs fully, in many nothing, graded in between."""
    weights = rarity([1, 4, 8, 16, 32, 64, 500])
    assert weights[0] == weights[1] == 1.0
    assert 1.0 > weights[2] > weights[3] > weights[4] > 0.0
    assert weights[5] == weights[6] == 0.0


def test_a_sentence_common_in_the_collection_weighs_less() -> None:
    """A sentence found in many indexed texts adds less to a pair's score."""
    stock = "Mọi thông tin chi tiết xin liên hệ văn phòng ủy ban nhân dân xã để được hỗ trợ."
    rare = "Thư viện xanh mở cửa cả ngày chủ nhật cho các em học sinh đến đọc sách."
    index = SimilarityIndex(feature_bits=18)
    for n in range(80):
        index.add(f"notice-{n}", f"Thông báo số {n} của xã. {stock}")
    index.add("common-source", HOST + " " + stock)
    index.add("rare-source", HOST + " " + rare)
    common = index.check(SOURCE + " " + stock, threshold=0.0)
    rare_hits = index.check(SOURCE + " " + rare, threshold=0.0)
    common_share = max((m.a_share for m in common if m.b == "common-source"), default=0)
    (rare_share,) = [m.a_share for m in rare_hits if m.b == "rare-source"]
    assert rare_share > 0.1
    assert common_share < rare_share / 4


def test_a_quotation_holding_an_inner_quote_stays_one_quotation() -> None:
    """“… tội “Giết người” …” is one quotation, not a quote followed by open text."""
    inner = SOURCE.replace("hiến gần", "bị “đồn” là hiến gần")
    quoting = (
        "Xã Yên Bình có nhiều tấm gương đẹp.\n\nBáo chí từng viết: “" + inner + "”"
    )
    m = compare(quoting, inner)
    assert m.score < DEFAULT_THRESHOLD
    assert m.report_kind(DEFAULT_THRESHOLD) == QUOTATION

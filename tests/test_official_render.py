"""Official documents read back as the office gets them: Word files through
python-docx (headings, number, names, amounts, font), PDFs through pdftotext and
pdffonts (text, embedded fonts). Pure builders, no app."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date

import docx
import pytest

from contest.exports.official.docx_writer import render_docx
from contest.exports.official.layout import Signer
from contest.exports.official.pdf_writer import render_pdf
from judging.awards.core import Tier
from judging.awards.exports.data import AwardRow, EditionInfo
from judging.official.core.award_decision import award_decision
from judging.official.core.blanks import calibration_pdf, overlay_pdf
from judging.official.core.certificates import (
    certificate_list,
    certificates_docx,
    certificates_pdf,
)
from judging.official.core.context import Issuer, PrizeMoney, quoted
from judging.official.core.payment import payment_list
from tests.document_text import pdf_text, word_text

TITLE = "Cuộc thi viết về gương điển hình tiên tiến, người tốt, việc tốt"
BAI_VIET, BAO_CHI = "Bài viết", "Tác phẩm báo chí"


@pytest.fixture
def issuer() -> Issuer:
    return Issuer(
        signer=Signer("TRƯỞNG BAN", "Lê Hồng Sơn", "TM. BAN TỔ CHỨC"),
        grounds=("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",),
    )


@pytest.fixture
def rows() -> list[AwardRow]:
    """Nhất of "Bài viết": ranks 2 (Vũ) and 3 (An) — by name An would come first."""
    return [
        AwardRow(3, Tier.NHAT, "Thầy giáo bản", ("Nguyễn Văn An",), "Xã Minh Quang", (), BAI_VIET),
        AwardRow(1, Tier.DAC_BIET, "“Bếp cơm yêu thương”", ("Lưu Quỳnh Hương", "Phạm Thu Trang"), "Bệnh viện E", ("Bà Nguyễn Thị Hoa",), BAI_VIET),
        AwardRow(2, Tier.NHAT, "Mẹ", ("Vũ Thị Yến",), "Quận Ba Đình", (), BAI_VIET),
        AwardRow(1, Tier.NHI, "Người gác rừng", ("Đặng Văn Ánh",), "Báo Hà Nội Mới", (), BAO_CHI, track_order=1),
    ]  # fmt: skip


@pytest.fixture
def money() -> PrizeMoney:
    return PrizeMoney(
        {
            (BAI_VIET, Tier.DAC_BIET): 20_000_000,
            (BAI_VIET, Tier.NHAT): 10_000_000,
            (BAO_CHI, Tier.NHI): 5_000_000,
        }
    )


@pytest.fixture
def decision(issuer, rows, money):
    return award_decision(
        EditionInfo(TITLE, 2026, "Ban Tổ chức"),
        rows,
        issuer=issuer,
        number="05/QĐ-BTC",
        day=date(2026, 10, 5),
        money=money,
        approved_on=date(2026, 10, 1),
    )


def test_decision_in_word_has_the_decree_layout(decision):
    """The Word decision: national title, motto underlined, issuer, number, place and
    date, name and summary, grounds, articles, signer; Times New Roman."""
    data = render_docx(decision)
    text = word_text(data)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BAN TỔ CHỨC CUỘC THI",
        "Số: 05/QĐ-BTC",
        "Hà Nội, ngày 05 tháng 10 năm 2026",
        "QUYẾT ĐỊNH",
        f"Về việc trao giải {TITLE} năm 2026",
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "QUYẾT ĐỊNH:",
        "Điều 1. Trao giải",
        "Điều 3.",
        "Nơi nhận:",
        "TM. BAN TỔ CHỨC",
        "Lê Hồng Sơn",
        "PHỤ LỤC",
        "(Kèm theo Quyết định số 05/QĐ-BTC ngày 05 tháng 10 năm 2026",
    ):
        assert expected in text, expected
    assert "Tổng số tiền thưởng: 45.000.000 đồng" in text
    assert "Bốn mươi lăm triệu đồng chẵn" in text
    document = docx.Document(io.BytesIO(data))
    assert document.styles["Normal"].font.name == "Times New Roman"
    motto = [
        run
        for table in document.tables[:1]
        for p in table.rows[0].cells[1].paragraphs
        for run in p.runs
        if run.text == "Độc lập - Tự do - Hạnh phúc"
    ]
    assert motto and motto[0].underline and motto[0].bold


def test_annex_lists_a_prize_in_rank_order_with_totals(decision):
    """Within "Giải Nhất", Vũ (rank 2) comes before An (rank 3); totals per track."""
    document = docx.Document(io.BytesIO(render_docx(decision)))
    annex = document.tables[2]  # heading, signature, then the first track's table
    rows = [[c.text for c in row.cells] for row in annex.rows]
    assert rows[0][:2] == ["STT", "Tác giả"]
    names = [r[1] for r in rows[1:] if r[0].isdigit()]
    assert names == ["Lưu Quỳnh Hương\nPhạm Thu Trang", "Vũ Thị Yến", "Nguyễn Văn An"]
    assert rows[-1][1] == "Cộng" and rows[-1][-1] == "40.000.000"
    summary = document.tables[-1]
    assert [c.text for c in summary.rows[-1].cells][-1] == "45.000.000"


def test_decision_pdf_embeds_its_fonts_and_reads_back(decision):
    data = render_pdf(decision)
    text = pdf_text(data)
    assert "Số: 05/QĐ-BTC" in text and "Lê Hồng Sơn" in text
    assert text.index("Vũ Thị Yến") < text.index("Nguyễn Văn An")
    assert "Bốn mươi lăm triệu đồng chẵn" in text
    fonts = subprocess.run(
        ["pdffonts", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    lines = [line for line in fonts.splitlines()[2:] if line.strip()]
    assert lines and all(" yes yes " in line for line in lines)  # embedded subsets


def test_certificates_full_page(issuer, rows):
    """One page per author, each numbered; the date in full; the title quoted once."""
    certificates = certificate_list(rows, 6, issuer, "gcn")
    assert [c.number for c in certificates] == [
        f"{n:02d}/GCN-BTC" for n in range(6, 11)
    ]
    contest = f"{TITLE} năm 2026"
    pdf = pdf_text(
        certificates_pdf(certificates, issuer, contest, date(2026, 10, 10), "gcn")
    )
    assert pdf.count("GIẤY CHỨNG NHẬN") == 5
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pdf and "Lê Hồng Sơn" in pdf
    assert "Hà Nội, ngày 10 tháng 10 năm 2026" in pdf and "....." not in pdf
    assert "“Bếp cơm yêu thương”" in pdf and "““" not in pdf
    assert "Số: 06/GCN-BTC" in pdf and "Phạm Thu Trang" in pdf
    word = word_text(
        certificates_docx(
            certificates, issuer, contest, date(2026, 10, 10), "giay_khen"
        )
    )
    assert "GIẤY KHEN" in word and "Số: 10/GCN-BTC" in word and "Vũ Thị Yến" in word


def test_blanks_print_only_the_values_moved_by_the_offsets(issuer, rows):
    certificates = certificate_list(rows, 1, issuer, "gcn")
    plain = overlay_pdf(certificates, date(2026, 10, 10), 0, 0)
    text = pdf_text(plain)
    assert "Nguyễn Văn An" in text and "GIẤY CHỨNG NHẬN" not in text
    assert "CỘNG HÒA" not in text and "2026" in text
    bbox = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", "-", "-"],
        input=overlay_pdf(certificates[:1], date(2026, 10, 10), 10, 5),
        capture_output=True,
        check=True,
    ).stdout.decode()
    base = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", "-", "-"],
        input=overlay_pdf(certificates[:1], date(2026, 10, 10), 0, 0),
        capture_output=True,
        check=True,
    ).stdout.decode()
    x_moved = float(re.search(r'xMin="([\d.]+)"', bbox).group(1))
    x_base = float(re.search(r'xMin="([\d.]+)"', base).group(1))
    assert abs((x_moved - x_base) - 10 / 25.4 * 72) < 0.5  # 10 mm in points
    calibration = pdf_text(calibration_pdf(10, 5))
    assert "Họ và tên" in calibration and "+10.0 mm" in calibration


def test_payment_list_totals_in_figures_and_words(issuer, rows, money):
    """One row per prize, a signature column, the total in figures and in words."""
    doc = payment_list(
        TITLE, 2026, rows, issuer=issuer, number="12/DS-BTC", day=date(2026, 10, 12),
        money=money, decision=("05/QĐ-BTC", date(2026, 10, 5)),
        preparer="Phạm Thu Trang", accountant="Đỗ Minh Hà",
    )  # fmt: skip
    data = render_docx(doc)
    document = docx.Document(io.BytesIO(data))
    table = document.tables[1]
    assert [c.text for c in table.rows[0].cells][-1] == "Ký nhận"
    assert [c.text for c in table.rows[-1].cells][-2] == "45.000.000"
    text = word_text(data)
    assert "Bốn mươi lăm triệu đồng chẵn" in text
    for who in ("NGƯỜI LẬP BIỂU", "KẾ TOÁN", "Đỗ Minh Hà", "Lê Hồng Sơn"):
        assert who in text
    assert "theo Quyết định số 05/QĐ-BTC ngày 05 tháng 10 năm 2026" in text
    pdf = pdf_text(render_pdf(doc))
    assert "Số: 12/DS-BTC" in pdf and "Bốn mươi lăm triệu đồng chẵn" in pdf


@pytest.mark.parametrize(
    ("typed", "printed"),
    [("Mẹ", "“Mẹ”"), ('"Mẹ"', "“Mẹ”"), ("“Mẹ”", "“Mẹ”"), ("«Mẹ»", "“Mẹ”")],
)
def test_titles_are_quoted_once(typed, printed):
    assert quoted(typed) == printed


def test_plan_carries_the_set_up_and_the_rules_annex(issuer):
    """The plan: tracks with word limits, dates, the prize table, the units' duties
    with their deadline; the rules as an annex tied to the plan's number."""
    from judging.official.core.setup_documents import (
        PlanFacts,
        TrackFacts,
        plan_document,
    )

    facts = PlanFacts(
        title=TITLE,
        year=2026,
        rules_text="Đối tượng: công dân đang sinh sống, học tập, làm việc tại Hà Nội.",
        how_to_submit="Gửi bài trực tuyến hoặc qua đơn vị.",
        tracks=(
            TrackFacts(
                BAI_VIET, "Chưa đăng báo", 2000, (("Giải Nhất", 2, 10_000_000),)
            ),
        ),
        fields=("Y tế", "Giáo dục"),
        dates=(
            ("Hạn cuối nhận tác phẩm", date(2026, 8, 31)),
            ("Công bố kết quả", None),
        ),
        unit_deadline=date(2026, 9, 10),
    )
    doc = plan_document(facts, issuer=issuer, number="01/KH-BTC", day=date(2026, 3, 2))
    text = word_text(render_docx(doc))
    for expected in (
        "KẾ HOẠCH",
        f"Tổ chức {TITLE} năm 2026",
        "Số: 01/KH-BTC",
        "Hà Nội, ngày 02 tháng 3 năm 2026",
        "dung lượng không quá 2.000 chữ",
        "Hạn cuối nhận tác phẩm: 31/08/2026",
        "Công bố kết quả: (chưa xác định)",
        "trước ngày 10/09/2026",
        "10.000.000",
        "THỂ LỆ",
        "(Kèm theo Kế hoạch số 01/KH-BTC ngày 02 tháng 3 năm 2026",
        "Đối tượng: công dân",
    ):
        assert expected in text, expected
    assert "Y tế; Giáo dục" in pdf_text(render_pdf(doc))


def test_committee_and_jury_decisions_list_their_members(issuer):
    from judging.official.core.setup_documents import Member, committee_decision

    people = [
        Member("Lê Hồng Sơn", "Sở Nội vụ", "Chủ tịch Hội đồng"),
        Member("Phạm Thu Trang", "Báo Hà Nội Mới", "Ủy viên"),
    ]
    doc = committee_decision(
        "jury", TITLE, 2026, people, issuer=issuer, number="03/QĐ-BTC", day=date(2026, 5, 4)
    )  # fmt: skip
    data = render_docx(doc)
    text = word_text(data)
    assert f"Về việc thành lập Hội đồng Giám khảo {TITLE} năm 2026" in text
    assert "gồm 02 thành viên" in text and "không biết tên tác giả" in text
    table = docx.Document(io.BytesIO(data)).tables[-1]
    assert [c.text for c in table.rows[1].cells] == [
        "1", "Lê Hồng Sơn", "Sở Nội vụ", "Chủ tịch Hội đồng",
    ]  # fmt: skip
    assert "Phạm Thu Trang" in pdf_text(render_pdf(doc))


@pytest.mark.parametrize("count", [2, 7])
def test_reminder_letter_addresses_the_lagging_units(issuer, count):
    """A công văn: no name line, "V/v …" under the number, "Kính gửi" the units by
    name (or, past five, "the units listed" and an annex)."""
    from judging.official.core.reminder import Lagging, reminder_letter

    units = [Lagging(f"UBND phường {i}", "Cụm 1", 0) for i in range(1, count + 1)]
    doc = reminder_letter(
        TITLE, 2026, units, issuer=issuer, number="08/BTC", day=date(2026, 8, 1),
        totals=(120, 30, 30 + count), target=1, deadline=date(2026, 8, 31),
        plan=("01/KH-BTC", date(2026, 3, 2)),
    )  # fmt: skip
    data = render_docx(doc)
    text = word_text(data)
    assert "V/v đôn đốc tham gia" in text and "Số: 08/BTC" in text
    assert "QUYẾT ĐỊNH" not in text and "KẾ HOẠCH" not in text
    assert "Thực hiện Kế hoạch số 01/KH-BTC ngày 02 tháng 3 năm 2026" in text
    assert f"120 tác phẩm dự thi của 30/{30 + count}" in text
    assert "trước ngày 31/08/2026" in text
    if count == 2:
        assert "- UBND phường 1;" in text and "danh sách kèm theo" not in text
    else:
        assert "Kính gửi: Các cơ quan, đơn vị có tên tại danh sách kèm theo" in text
        assert "UBND phường 7" in text
    assert "V/v đôn đốc" in pdf_text(render_pdf(doc))


def test_final_report_compares_with_the_previous_edition(issuer):
    """Figures of both years side by side with the change, tables by track, field,
    cluster, unit and round, and a chart (a picture in Word, vector bars in PDF)."""
    from contest.tally import Tally
    from judging.official.core.final_report import final_report
    from judging.statistics.core import (
        ClusterParticipation,
        Histogram,
        StatisticsReport,
        UnitPrizes,
    )

    def report(year, total, tracks, taking_part, prizes):
        return StatisticsReport(
            title=TITLE,
            year=year,
            total=total,
            by_unit=[Tally("UBND quận Ba Đình", total - 10), Tally(None, 10)],
            by_cluster=[Tally("Cụm 1", total)],
            by_field=[Tally("Y tế", total // 2), Tally("Giáo dục", total - total // 2)],
            by_track=[Tally(BAI_VIET, tracks[0]), Tally(BAO_CHI, tracks[1])],
            participation=[ClusterParticipation("Cụm 1", 30, taking_part)],
            histograms=[Histogram("Chung khảo", BAI_VIET, (0, 0, 5, 15))],
            prizes=[UnitPrizes("UBND quận Ba Đình", {Tier.NHAT: prizes})],
        )

    doc = final_report(
        report(2026, 220, (150, 70), 27, 4),
        report(2025, 200, (140, 60), 24, 3),
        issuer=issuer,
        number="09/BC-BTC",
        day=date(2026, 10, 20),
    )
    data = render_docx(doc)
    text = word_text(data)
    for expected in (
        "BÁO CÁO",
        f"Tổng kết {TITLE} năm 2026",
        "Số: 09/BC-BTC",
        "220 tác phẩm dự thi của 27/30 cơ quan, đơn vị (đạt 90,0%",
        "So với năm 2025: +20 (+10,0%) tác phẩm",
        "Năm 2025",
        "Chung khảo",
        "(Cá nhân tự gửi)",
        "Còn 3 cơ quan, đơn vị chưa có tác phẩm",
    ):
        assert expected in text, expected
    document = docx.Document(io.BytesIO(data))
    assert document.inline_shapes  # the chart
    rows = [[c.text for c in r.cells] for r in document.tables[1].rows]
    assert rows[1] == ["Tác phẩm dự thi", "200", "220", "+20 (+10,0%)"]
    pdf = pdf_text(render_pdf(doc))
    assert "Tác phẩm dự thi theo bảng và lĩnh vực" in pdf and "+10 (+7,1%)" in pdf

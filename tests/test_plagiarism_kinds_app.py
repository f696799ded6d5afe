"""Same-template and quotation pairs in the app: recorded by the real check job with
their kind, listed under their own tab of the organizer's report, explained in the
pair view, and never holding a judging round back nor marking entries as suspects."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from contest.demo.entries import load_stories
from contest.extensions import db
from contest.models import Edition, Entry, Role
from judging.plagiarism.core import KINDS
from judging.plagiarism.models import MATCH_KINDS, MatchStatus, SimilarityMatch
from judging.plagiarism.services import record as plagiarism_record
from judging.plagiarism.views.unit_suspects import suspects
from judging.stages import services as stage_gates
from tests.conftest import post_form
from tests.judging_fixtures import shown
from tests.plagiarism_fixtures import add_entry, run_queued_jobs

ORIGINAL = load_stories("stories.json")[0]["text"]


def _report(ward: str, year: int, drives: int, units: int, money: int, homes: int):
    """A Red Cross branch's yearly report written from the city's template."""
    return (
        f"Báo cáo thành tích năm {year} của Hội Chữ thập đỏ {ward}. "
        f"Trong năm {year}, Hội đã phối hợp với các chi hội tổ chức {drives} đợt hiến "
        f"máu tình nguyện, tiếp nhận được {units} đơn vị máu. Tổng số tiền và hiện "
        f"vật vận động được trị giá {money} triệu đồng, hỗ trợ xây mới và sửa chữa "
        f"{homes} căn nhà nhân đạo cho hộ nghèo trên địa bàn. Hội đã thăm hỏi, tặng "
        f"quà cho {units} lượt người cao tuổi cô đơn, trẻ em mồ côi và người khuyết "
        f"tật có hoàn cảnh đặc biệt khó khăn với tổng trị giá {money} triệu đồng. "
        f"Công tác tập huấn sơ cấp cứu được tổ chức {drives} lớp cho {homes}0 hội "
        f"viên và tình nguyện viên."
    )


def _quoting() -> str:
    """Two paragraphs of the original story quoted with a one-line lead-in."""
    first, second = ORIGINAL.split("\n\n")[:2]
    return (
        "Tôi xin mượn lời của người trong cuộc để kể lại câu chuyện này.\n\n"
        f"Ông kể: “{first} {second}”"
    )


@pytest.fixture(autouse=True)
def similarity_dir(app, tmp_path):
    app.config["SIMILARITY_DIR"] = str(tmp_path / "similarity")


@pytest.fixture
def kinds(app, make_edition, make_user):
    """An edition where the submission check found one same-template pair and one
    quotation pair (and no copy): entry ids by role."""
    edition_id = make_edition()
    names = ("Lê Văn Thật", "Phạm Thị Mẫu", "Đỗ Văn Mẫu", "Ngô Thị Dẫn")
    owners = [make_user(Role.WRITER, full_name=name).id for name in names]
    ids = {"edition": edition_id}
    for key, owner, author, title, text in (
        ("original", owners[0], names[0], "Người thợ hàn", ORIGINAL),
        (
            "report_a",
            owners[1],
            names[1],
            "Một năm nhân đạo ở Hàng Đào",
            _report("phường Hàng Đào", 2024, 9, 1210, 640, 5),
        ),
        (
            "report_b",
            owners[2],
            names[2],
            "Một năm nhân đạo ở Hàng Bạc",
            _report("phường Hàng Bạc", 2025, 12, 1450, 860, 7),
        ),
        ("quoting", owners[3], names[3], "Lời người trong cuộc", _quoting()),
    ):
        ids[key] = add_entry(
            app, edition_id, owner, title=title, text=text, author=author
        )
        run_queued_jobs(app)  # the check at submission, as a worker runs it
    return ids


def _pairs(app, edition_id: int) -> dict[str, tuple[int, int | None, str]]:
    with app.app_context():
        rows = db.session.scalars(
            select(SimilarityMatch).where(SimilarityMatch.edition_id == edition_id)
        )
        return {m.kind: (m.a_entry_id, m.b_entry_id, m.id) for m in rows}


def test_the_kinds_match_the_engines() -> None:
    assert MATCH_KINDS == KINDS


def test_the_check_job_records_template_and_quotation_pairs_with_their_kind(app, kinds):
    """The later entry is A; each pair carries its kind; no copy is recorded."""
    pairs = _pairs(app, kinds["edition"])
    assert set(pairs) == {"template", "quotation"}
    assert pairs["template"][:2] == (kinds["report_b"], kinds["report_a"])
    assert pairs["quotation"][:2] == (kinds["quoting"], kinds["original"])


def test_the_report_lists_each_kind_under_its_tab(app, client, login_as, kinds):
    """Copies first (none here), then "Cùng mẫu" and "Trích dẫn" with their counts."""
    login_as(Role.ORGANIZER)
    base = f"/organizer/editions/{kinds['edition']}/plagiarism"
    with app.app_context():
        numbers = {
            key: db.session.get(Entry, kinds[key]).number
            for key in ("original", "report_a", "report_b", "quoting")
        }
    client.get("/lang/vi")
    page = shown(client.get(base))
    tabs = re.findall(r'data-kind="(\w+)"[^>]*>([^<]+)<span[^>]*>(\d+)<', page)
    assert [(k, label.strip(), int(n)) for k, label, n in tabs] == [
        ("copy", "Sao chép", 0),
        ("template", "Cùng mẫu", 1),
        ("quotation", "Trích dẫn", 1),
    ]
    assert 'aria-current="page" data-kind="copy"' in page
    assert "0 cặp" in page and numbers["report_b"] not in page
    client.get("/lang/en")
    template = shown(client.get(f"{base}?kind=template"))
    assert "Same template: both texts follow one fixed wording" in template
    assert numbers["report_b"] in template and numbers["report_a"] in template
    assert numbers["quoting"] not in template
    quotation = shown(client.get(f"{base}?kind=quotation&status=open"))
    assert numbers["quoting"] in quotation and numbers["original"] in quotation
    assert numbers["report_b"] not in quotation
    assert '<input type="hidden" name="kind" value="quotation">' in quotation
    # an unknown tab falls back to the copies
    assert numbers["quoting"] not in shown(client.get(f"{base}?kind=bogus"))


def test_the_pair_view_explains_the_kind(app, client, login_as, kinds):
    login_as(Role.ORGANIZER)
    pairs = _pairs(app, kinds["edition"])
    client.get("/lang/vi")
    page = shown(client.get(f"/organizer/plagiarism/pairs/{pairs['quotation'][2]}"))
    assert "Loại cặp" in page and "Trích dẫn: một bài trích nguyên một đoạn" in page
    assert "/plagiarism?kind=quotation" in page  # the breadcrumb leads to its tab
    client.get("/lang/en")
    page = shown(client.get(f"/organizer/plagiarism/pairs/{pairs['template'][2]}"))
    assert "Same template: both texts follow one fixed wording" in page


def test_deciding_a_quotation_returns_to_its_tab(app, client, login_as, kinds):
    login_as(Role.ORGANIZER)
    match_id = _pairs(app, kinds["edition"])["quotation"][2]
    response = post_form(
        client,
        f"/organizer/plagiarism/pairs/{match_id}/decide",
        {"decision": "not_copying", "note": "Trích dẫn có nêu nguồn."},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/plagiarism?kind=quotation")
    with app.app_context():
        assert db.session.get(SimilarityMatch, match_id).status == (
            MatchStatus.NOT_COPYING
        )


def test_template_and_quotation_pairs_hold_nothing_back(app, kinds):
    """Undecided, they count in no gate and mark no entry; a copy pair still does."""
    with app.app_context():
        edition = db.session.get(Edition, kinds["edition"])
        entries = db.session.scalars(
            select(Entry).where(Entry.edition_id == edition.id)
        ).all()
        assert stage_gates.open_pairs(edition) == []
        assert stage_gates.entries_with_open_pairs(edition) == set()
        assert plagiarism_record.open_pairs(edition.id) == 0
        assert suspects(edition, entries, None) == {}
        copy = SimilarityMatch(
            edition_id=edition.id,
            pair_key=f"{edition.id}:e{kinds['quoting']}:e{kinds['report_a']}",
            a_entry_id=kinds["quoting"],
            b_entry_id=kinds["report_a"],
            score=0.5,
            a_share=0.5,
            b_share=0.5,
        )
        db.session.add(copy)
        db.session.commit()
        assert [m.id for m in stage_gates.open_pairs(edition)] == [copy.id]
        assert stage_gates.entries_with_open_pairs(edition) == {
            kinds["quoting"],
            kinds["report_a"],
        }
        assert plagiarism_record.open_pairs(edition.id) == 1
        assert set(suspects(edition, entries, None)) == {
            kinds["quoting"],
            kinds["report_a"],
        }


def test_a_formula_inside_a_copied_passage_is_greyed(
    app, client, login_as, make_user, kinds
):
    """A copy holding a shipped formula: the pair view greys the formula inside the
    counted passage, on both sides."""
    formula = "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
    first, second = ORIGINAL.split("\n\n")[:2]
    second = second.replace(
        "Anh Thành sinh năm 1978, là thợ tiện",
        "Anh Thành sinh năm 1978, nhiều năm liền là điển hình của phong trào "
        f"{formula} ở phường, là thợ tiện",
    )
    assert formula in second
    text = f"{first}\n\n{second}"
    names = ("Trần Văn Gốc", "Vũ Thị Chép")
    owners = [make_user(Role.WRITER, full_name=name).id for name in names]
    base = add_entry(app, kinds["edition"], owners[0], title="Bản gốc", text=text)
    run_queued_jobs(app)
    copied = "Lời mở đầu của tôi.\n\n" + text
    copy = add_entry(app, kinds["edition"], owners[1], title="Bản chép", text=copied)
    run_queued_jobs(app)
    with app.app_context():
        copy_id = db.session.scalar(
            select(SimilarityMatch.id).where(
                SimilarityMatch.a_entry_id == copy, SimilarityMatch.b_entry_id == base
            )
        )
    login_as(Role.ORGANIZER)
    page = shown(client.get(f"/organizer/plagiarism/pairs/{copy_id}"))
    greyed = re.findall(r"<span class=\"sim-boilerplate[^>]*>([^<]*)</span>", page)
    assert greyed == [formula, formula]
    assert re.search(r'class="sim-passage">[^<]*<span class="sim-boilerplate', page)

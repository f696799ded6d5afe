"""Organizers set up an edition: defaults, texts, timeline, tracks, fields, rubric, rounds."""

from datetime import UTC, datetime

import pytest

from contest.extensions import db
from contest.models import AuditLog, Edition, EditionStatus, Role
from judging.rounds.models import Criterion
from tests.conftest import page_text, post_form


@pytest.fixture
def organizer(login_as):
    return login_as(Role.ORGANIZER)


def edition(app, edition_id):
    """Load an edition in a fresh context (callers use it inside app.app_context())."""
    return db.session.get(Edition, edition_id)


def test_new_edition_gets_the_contest_defaults(app, client, organizer):
    """A new edition starts with both tracks, 14 fields, prizes 1/2/4/6/10 and the rubric."""
    response = post_form(
        client,
        "/organizer/editions/new",
        {"title": "Cuộc thi viết 2027", "year": "2027", "clone_from": "0"},
    )
    assert response.status_code == 302
    with app.app_context():
        created = db.session.scalar(db.select(Edition))
        assert created.status == EditionStatus.DRAFT
        assert [t.name for t in created.tracks] == ["Bài viết", "Tác phẩm báo chí"]
        assert (
            len(created.fields) == 14
            and created.fields[0].name == "Xây dựng Đảng, chính quyền, đoàn thể"
        )
        assert [(tier.name, tier.count) for tier in created.tracks[0].tiers] == [
            ("Giải Đặc biệt", 1),
            ("Giải Nhất", 2),
            ("Giải Nhì", 4),
            ("Giải Ba", 6),
            ("Giải Khuyến khích", 10),
        ]
        assert created.criteria[0].name == "Tính chân thực, rõ người rõ việc"
        assert [r.name for r in created.rounds] == ["Sơ khảo", "Chung khảo"]
        assert created.timezone == "Asia/Ho_Chi_Minh"
        assert (
            db.session.scalar(db.select(AuditLog).filter_by(action="edition.create"))
            is not None
        )


def test_general_texts_keep_long_pasted_rules(app, client, organizer, make_edition):
    """A long rules text (hundreds of KB pasted from Word) is saved whole, in NFC."""
    edition_id = make_edition()
    long_rules = ("Điều 1. Thể lệ cuộc thi viết về người tốt, việc tốt.\n" * 6000)[
        :300_000
    ]
    nfd_title = "Cuộc thi viết Người tốt, việc tốt".encode().decode()
    import unicodedata

    response = post_form(
        client,
        f"/organizer/editions/{edition_id}",
        {
            "title": unicodedata.normalize("NFD", nfd_title),
            "year": "2026",
            "code_prefix": "HN",
            "organizer_name": "Ban Thi đua - Khen thưởng",
            "rules_text": long_rules,
        },
    )
    assert response.status_code == 302
    with app.app_context():
        saved = edition(app, edition_id)
        assert saved.rules_text == long_rules.strip()
        assert saved.title == unicodedata.normalize("NFC", nfd_title)


def test_general_form_errors_stand_next_to_fields(client, organizer, make_edition):
    """A bad prefix gets a Vietnamese message at the field; typed values stay."""
    edition_id = make_edition()
    html = page_text(
        post_form(
            client,
            f"/organizer/editions/{edition_id}",
            {"title": "Tên mới giữ nguyên", "year": "2026", "code_prefix": "hn1"},
        )
    )
    assert "Dùng từ 1 đến 6 chữ in hoa, ví dụ HN." in html
    assert 'value="Tên mới giữ nguyên"' in html


def test_timeline_is_entered_in_hanoi_time_and_stored_in_utc(
    app, client, organizer, make_edition
):
    """23:59 on 30/06 in Hanoi is 16:59 UTC; the deadline shows back as typed."""
    edition_id = make_edition()
    response = post_form(
        client,
        f"/organizer/editions/{edition_id}/timeline",
        {
            "submission_opens_at": "2026-03-01T08:00",
            "submission_closes_at": "2026-06-30T23:59",
            "grace_minutes": "30",
            "file_types": ["docx", "pdf"],
            "max_photos": "3",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        saved = edition(app, edition_id)
        assert saved.submission_closes_at == datetime(2026, 6, 30, 16, 59, tzinfo=UTC)
        assert saved.grace_minutes == 30 and saved.file_types == ["docx", "pdf"]
    html = page_text(client.get(f"/organizer/editions/{edition_id}/timeline"))
    assert 'value="2026-06-30T23:59"' in html


def test_timeline_refuses_closing_before_opening(client, organizer, make_edition):
    """Closing before opening is refused with a message at the closing date."""
    edition_id = make_edition()
    html = page_text(
        post_form(
            client,
            f"/organizer/editions/{edition_id}/timeline",
            {
                "submission_opens_at": "2026-06-30T08:00",
                "submission_closes_at": "2026-03-01T08:00",
                "file_types": ["docx"],
                "max_photos": "3",
                "grace_minutes": "0",
            },
        )
    )
    assert "Hạn cuối phải sau ngày bắt đầu nhận bài." in html


def test_tracks_word_limits_and_prize_counts(app, client, organizer, make_edition):
    """Organizers change a word limit and add an extra special prize."""
    edition_id = make_edition()
    data = {}
    with app.app_context():
        for i, track in enumerate(edition(app, edition_id).tracks):
            data[f"tracks-{i}-name"] = track.name
            data[f"tracks-{i}-description"] = track.description
            data[f"tracks-{i}-word_limit"] = "1500" if i == 0 else "2000"
            for j, tier in enumerate(track.tiers):
                data[f"tracks-{i}-tiers-{j}-name"] = tier.name
                data[f"tracks-{i}-tiers-{j}-count"] = (
                    "2" if (i, j) == (0, 0) else str(tier.count)
                )
    assert (
        post_form(client, f"/organizer/editions/{edition_id}/tracks", data).status_code
        == 302
    )
    with app.app_context():
        written = edition(app, edition_id).tracks[0]
        assert written.word_limit == 1500 and written.tiers[0].count == 2
    assert "tối đa 1.500 chữ" in page_text(client.get("/"))


def test_fields_one_per_line(app, client, organizer, make_edition):
    """The field list is edited as lines; blanks and repeats are ignored."""
    edition_id = make_edition()
    post_form(
        client,
        f"/organizer/editions/{edition_id}/fields",
        {"names": "Y tế\n\nGiáo dục và đào tạo\nY tế\nMôi trường"},
    )
    with app.app_context():
        assert [f.name for f in edition(app, edition_id).fields] == [
            "Y tế",
            "Giáo dục và đào tạo",
            "Môi trường",
        ]


def test_rubric_add_and_remove_criteria(app, client, organizer, make_edition):
    """Add a row, fill it, remove another: the rubric is saved in that order."""
    edition_id = make_edition()
    page = page_text(
        post_form(
            client,
            f"/organizer/editions/{edition_id}/rubric",
            {
                "criteria-0-name": "Tính chân thực",
                "criteria-0-max_points": "40",
                "criteria-0-weight": "1",
                "criteria-0-step": "1",
                "add_row": "1",
            },
        )
    )
    assert 'name="criteria-1-name"' in page
    response = post_form(
        client,
        f"/organizer/editions/{edition_id}/rubric",
        {
            "criteria-0-name": "Tính chân thực",
            "criteria-0-max_points": "40",
            "criteria-0-weight": "1",
            "criteria-0-step": "1",
            "criteria-1-name": "Bỏ đi",
            "criteria-1-max_points": "10",
            "criteria-1-weight": "1",
            "criteria-1-step": "1",
            "criteria-1-remove": "y",
            "criteria-2-name": "Nghệ thuật",
            "criteria-2-max_points": "20",
            "criteria-2-weight": "0.5",
            "criteria-2-step": "0.5",
            "submit": "1",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        criteria = edition(app, edition_id).criteria
        assert [(c.name, c.max_points, c.weight, c.step) for c in criteria] == [
            ("Tính chân thực", 40, 1, 1),
            ("Nghệ thuật", 20, 0.5, 0.5),
        ]


def test_rubric_needs_maximum_points(client, organizer, make_edition):
    """A criterion without maximum points is refused at that row."""
    edition_id = make_edition()
    html = page_text(
        post_form(
            client,
            f"/organizer/editions/{edition_id}/rubric",
            {
                "criteria-0-name": "Tính chân thực",
                "criteria-0-step": "1",
                "submit": "1",
            },
        )
    )
    assert "Vui lòng nhập điểm tối đa của tiêu chí này." in html


def test_rounds_are_saved_in_order(app, client, organizer, make_edition):
    """Rounds keep their order, windows (Hanoi time) and readers per entry."""
    edition_id = make_edition()
    response = post_form(
        client,
        f"/organizer/editions/{edition_id}/rounds",
        {
            "rounds-0-name": "Sơ khảo",
            "rounds-0-kind": "preliminary",
            "rounds-0-starts_at": "2026-07-01T08:00",
            "rounds-0-ends_at": "2026-07-31T17:00",
            "rounds-0-readers_per_entry": "3",
            "rounds-1-name": "Chung khảo",
            "rounds-1-kind": "final",
            "submit": "1",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        rounds = edition(app, edition_id).rounds
        assert [(r.name, r.readers_per_entry) for r in rounds] == [
            ("Sơ khảo", 3),
            ("Chung khảo", None),
        ]
        assert rounds[0].starts_at == datetime(2026, 7, 1, 1, 0, tzinfo=UTC)


def test_clone_last_year(app, client, organizer, make_edition):
    """Cloning copies the set-up and moves dates one year on."""
    source_id = make_edition(year=2025, title="Cuộc thi 2025")
    with app.app_context():
        source = edition(app, source_id)
        source.tracks[0].word_limit = 1300
        source.fields[0].name = "Lĩnh vực riêng"
        final = source.rounds[-1]
        final.gap_points = 12.0
        final.criteria = [
            Criterion(edition=source, name="Sức lan tỏa", max_points=50, position=0)
        ]
        closes = source.submission_closes_at
        db.session.commit()
    response = post_form(
        client,
        "/organizer/editions/new",
        {"title": "Cuộc thi 2026", "year": "2026", "clone_from": str(source_id)},
    )
    assert response.status_code == 302
    with app.app_context():
        clone = db.session.scalar(db.select(Edition).filter_by(title="Cuộc thi 2026"))
        assert (
            clone.tracks[0].word_limit == 1300
            and clone.fields[0].name == "Lĩnh vực riêng"
        )
        assert clone.submission_closes_at.year == closes.year + 1
        assert clone.cloned_from_id == source_id and clone.status == EditionStatus.DRAFT
        own = clone.rounds[-1]
        assert own.gap_points == 12.0
        assert [(c.name, c.max_points, c.edition_id) for c in own.criteria] == [
            ("Sức lan tỏa", 50, clone.id)
        ]
        assert "Sức lan tỏa" not in [c.name for c in clone.criteria]


def test_publishing_puts_the_edition_on_the_landing_page(
    client, organizer, make_edition
):
    """A draft becomes visible once published."""
    edition_id = make_edition(status=EditionStatus.DRAFT, title="Cuộc thi mới công bố")
    assert "Cuộc thi mới công bố" not in page_text(client.get("/"))
    post_form(
        client, f"/organizer/editions/{edition_id}/status", {"status": "published"}
    )
    assert "Cuộc thi mới công bố" in page_text(client.get("/"))


def test_closed_edition_is_read_only(client, organizer, make_edition):
    """Once closed, set-up changes are refused with a clear page."""
    edition_id = make_edition(status=EditionStatus.CLOSED)
    response = post_form(
        client, f"/organizer/editions/{edition_id}/fields", {"names": "Y tế"}
    )
    assert response.status_code == 409
    assert "Cuộc thi này đã kết thúc" in page_text(response)


def test_unknown_edition_is_404(client, organizer):
    """A wrong id gives the 'not found' page."""
    response = client.get("/organizer/editions/999/timeline")
    assert response.status_code == 404 and "Không tìm thấy trang" in page_text(response)


def rounds_form(**first) -> dict:
    """The rounds form: sơ khảo (with these extra fields) and chung khảo."""
    data = {
        "rounds-0-name": "Sơ khảo",
        "rounds-0-kind": "preliminary",
        "rounds-0-readers_per_entry": "2",
        "rounds-1-name": "Chung khảo",
        "rounds-1-kind": "final",
        "submit": "1",
    }
    return data | {f"rounds-0-{k}": v for k, v in first.items()}


def test_round_gap_is_configurable_with_the_default_explained(
    app, client, organizer, make_edition
):
    """The rounds page explains the 2.5-spread default; a gap is saved per round."""
    edition_id = make_edition()
    url = f"/organizer/editions/{edition_id}/rounds"
    client.get("/lang/en")
    page = page_text(client.get(url))
    assert "empty = 2.5" in page and "about 5–10% of entries" in page
    saved = post_form(client, url, rounds_form(gap_spreads="3", gap_points=""))
    assert saved.status_code == 302
    with app.app_context():
        first, final = edition(app, edition_id).rounds
        assert (first.gap_spreads, first.gap_points) == (3.0, None)
        assert (final.gap_spreads, final.gap_points) == (None, None)
    fixed = post_form(client, url, rounds_form(gap_points="12"))
    assert fixed.status_code == 302
    with app.app_context():
        assert edition(app, edition_id).rounds[0].gap_points == 12.0


@pytest.mark.parametrize(("name", "value"), [("gap_spreads", "9"), ("gap_points", "0")])
def test_round_gap_out_of_range_is_refused(
    app, client, organizer, make_edition, name, value
):
    """A gap outside its range is refused next to the field; nothing is saved."""
    edition_id = make_edition()
    client.get("/lang/en")
    response = post_form(
        client, f"/organizer/editions/{edition_id}/rounds", rounds_form(**{name: value})
    )
    assert response.status_code == 200
    assert "Number must be between" in page_text(response)
    assert f'id="rounds-0-{name}"' in page_text(response)
    with app.app_context():
        first = edition(app, edition_id).rounds[0]
        assert first.gap_spreads is None and first.gap_points is None

"""Duplicate and plagiarism detection as organizers use it: the check at submission, the
full scan of the demo, the report and its side-by-side evidence, decisions, entries
about the same person, boilerplate phrases and the reference corpus."""

from __future__ import annotations

import html
import io
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from contest.demo import load_demo
from contest.demo.entries import load_stories
from contest.extensions import db
from contest.jobs import latest_job
from contest.jobs.runner import run_job
from contest.models import (
    AuditLog,
    Edition,
    EditionStatus,
    Entry,
    EntryChannel,
    EntryStatus,
    Job,
    JobStatus,
    Role,
    User,
)
from contest.services import entries as service
from judging.plagiarism.models import MatchStatus, ReferenceDocument, SimilarityMatch
from judging.plagiarism.services import checks as plagiarism
from judging.plagiarism.services import incremental
from tests import docfactory
from tests.conftest import csrf_token, login, page_text, post_form
from tests.plagiarism_fixtures import add_entry, matches, run_queued_jobs

STORIES = load_stories("stories.json")
ORIGINAL, OTHER, THIRD = STORIES[0]["text"], STORIES[1]["text"], STORIES[2]["text"]
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture(autouse=True)
def similarity_dir(app, tmp_path):
    """Each test keeps its indexes in its own folder (ids restart with every test)."""
    app.config["SIMILARITY_DIR"] = str(tmp_path / "similarity")


@pytest.fixture
def writers(make_user):
    """Three writers: the honest author, a copier and a third one."""
    return [
        make_user(Role.WRITER, full_name=name)
        for name in ("Lê Văn Thật", "Vương Sao Chép", "Phạm Thị Khác")
    ]


@pytest.fixture
def copied_pair(app, edition_id, writers):
    """An original entry and, submitted later by someone else, a copy of it."""
    original = add_entry(
        app,
        edition_id,
        writers[0].id,
        title="Người thợ hàn",
        text=ORIGINAL,
        author="Lê Văn Thật",
    )
    run_queued_jobs(app)
    copy = add_entry(
        app,
        edition_id,
        writers[1].id,
        title="Bài chép lại",
        text="Lời mở đầu của tôi.\n\n" + ORIGINAL,
        author="Vương Sao Chép",
    )
    run_queued_jobs(app)
    return original, copy


def _organizer(login_as):
    return login_as(Role.ORGANIZER)


# -- the check at submission -------------------------------------------------------


def test_submission_check_finds_a_copy_of_an_existing_entry(app, copied_pair):
    """Soon after the copy is submitted, the report holds it with the original as B."""
    original, copy = copied_pair
    [pair] = matches(app, db_edition_of(app, copy))
    assert (pair["a"], pair["b"]) == (copy, original)
    assert pair["source"] == "edition" and not pair["same_author"]
    assert pair["b_share"] > 0.95 and pair["score"] > 0.9
    assert pair["status"] == "open"


def db_edition_of(app, entry_id: int) -> int:
    with app.app_context():
        return db.session.get(Entry, entry_id).edition_id


def test_a_surge_of_submissions_shares_one_queued_check(app, edition_id, writers):
    """Ten submissions before the worker wakes up queue one check job, not ten."""
    for i in range(3):
        add_entry(
            app, edition_id, writers[i].id, title=f"Bài {i}", text=STORIES[i]["text"]
        )
    with app.app_context():
        queued = db.session.scalars(
            select(Job).where(Job.kind == plagiarism.CHECK_KIND)
        ).all()
        assert [j.status for j in queued] == [JobStatus.QUEUED]
    assert run_queued_jobs(app) == 1
    assert matches(app, edition_id) == []  # three different stories: nothing flagged


def test_honest_entries_are_not_flagged_and_a_new_version_is_rechecked(
    app, edition_id, writers
):
    """Different stories stay out of the report; a copy added in a new version is found."""
    first = add_entry(app, edition_id, writers[0].id, title="Một", text=ORIGINAL)
    second = add_entry(app, edition_id, writers[1].id, title="Hai", text=OTHER)
    run_queued_jobs(app)
    assert matches(app, edition_id) == []
    with app.test_request_context():
        entry = db.session.get(Entry, second)
        user = db.session.get(User, writers[1].id)
        entry.draft_text = OTHER + "\n\n" + ORIGINAL
        service.submit(entry, user, datetime.now(UTC))
        db.session.commit()
    run_queued_jobs(app)
    [pair] = matches(app, edition_id)
    assert (pair["a"], pair["b"]) == (second, first)


def test_a_failing_check_never_blocks_the_submission(
    app, edition_id, writers, monkeypatch, caplog
):
    """If the check cannot be queued, the entry is still submitted and it is logged."""

    def broken(*_args, **_kwargs):
        raise RuntimeError("queue down")

    monkeypatch.setattr(plagiarism, "submit_job", broken)
    entry_id = add_entry(app, edition_id, writers[0].id, title="Vẫn nộp", text=OTHER)
    with app.app_context():
        assert db.session.get(Entry, entry_id).status == EntryStatus.SUBMITTED
    assert "not queued" in caplog.text


def test_the_index_persists_and_is_rebuilt_when_missing(
    app, edition_id, writers, tmp_path
):
    """The index is kept on disk between checks; deleted, it is rebuilt from the
    database and the next copy is still caught."""
    add_entry(app, edition_id, writers[0].id, title="Gốc", text=ORIGINAL)
    run_queued_jobs(app)
    folder = tmp_path / "similarity"
    saved = list(folder.glob("edition-*.npz"))
    assert len(saved) == 1
    saved[0].unlink()
    copy = add_entry(app, edition_id, writers[1].id, title="Chép", text=ORIGINAL)
    run_queued_jobs(app)
    assert [p["a"] for p in matches(app, edition_id)] == [copy]
    assert len(list(folder.glob("edition-*.npz"))) == 1


@pytest.fixture
def index_reads(monkeypatch) -> list[str]:
    """Paths of every index file read from disk from now on."""
    from judging.plagiarism.core import SimilarityIndex

    reads: list[str] = []
    real = SimilarityIndex.load.__func__

    def load(cls, path):
        reads.append(path)
        return real(cls, path)

    monkeypatch.setattr(SimilarityIndex, "load", classmethod(load))
    return reads


def test_the_next_check_takes_the_index_from_memory_until_another_worker_saves(
    app, edition_id, writers, tmp_path, index_reads
):
    """A worker checks the next entries with the index it just saved, without reading
    the file again; once another worker has saved its own (a new file), it reads that
    one; every copy is caught either way."""
    add_entry(app, edition_id, writers[0].id, title="Gốc", text=ORIGINAL)
    run_queued_jobs(app)
    first = add_entry(app, edition_id, writers[1].id, title="Chép", text=ORIGINAL)
    run_queued_jobs(app)
    assert index_reads == []
    assert [p["a"] for p in matches(app, edition_id)] == [first]

    [saved] = (tmp_path / "similarity").glob("edition-*.npz")
    other_worker = saved.with_suffix(".other")
    other_worker.write_bytes(saved.read_bytes())
    other_worker.replace(saved)  # what another process's save does: a new file
    second = add_entry(app, edition_id, writers[2].id, title="Lại chép", text=ORIGINAL)
    run_queued_jobs(app)
    assert index_reads == [str(saved)]
    assert {p["a"] for p in matches(app, edition_id)} == {first, second}


def test_a_check_that_fails_before_saving_leaves_no_index_in_memory(
    app, edition_id, writers, monkeypatch, index_reads
):
    """A check that dies half-way (after changing the index and writing it to the
    journal, before recording the pairs) is failed and leaves the entry waiting; the
    next check reads the index saved before it with its journal, finds the copy
    indexed already and catches it."""
    add_entry(app, edition_id, writers[0].id, title="Gốc", text=ORIGINAL)
    run_queued_jobs(app)

    def broken(*_args, **_kwargs):
        raise RuntimeError("the database went away")

    real_record = incremental.record_matches
    monkeypatch.setattr(incremental, "record_matches", broken)
    copy = add_entry(app, edition_id, writers[1].id, title="Chép", text=ORIGINAL)
    run_queued_jobs(app)
    with app.app_context():
        assert latest_job(plagiarism.CHECK_KIND).status == JobStatus.FAILED
    assert index_reads == []  # the failed check had the copy kept in memory
    assert matches(app, edition_id) == []

    monkeypatch.setattr(incremental, "record_matches", real_record)
    with app.app_context():
        plagiarism.queue_check(edition_id)
        db.session.commit()
    run_queued_jobs(app)
    assert len(index_reads) == 1  # the file saved before the failed check
    assert [p["a"] for p in matches(app, edition_id)] == [copy]


# -- the full scan of the demo --------------------------------------------------------


@pytest.fixture
def demo(app):
    """The demo contest (with last year's closed edition); the current edition's id."""
    with app.test_request_context():
        load_demo()
        db.session.commit()
        return db.session.scalar(
            select(Edition.id).where(Edition.status != EditionStatus.CLOSED)
        )


def _start_scan(app, client, edition_id: int) -> int:
    """The organizer presses "Run the full scan"; the job runs as a worker would."""
    response = post_form(client, f"/organizer/editions/{edition_id}/plagiarism/scan")
    assert response.status_code == 302
    with app.app_context():
        job_id = latest_job(plagiarism.SCAN_KIND, edition_id=edition_id).id
    assert run_job(app, job_id) == JobStatus.SUCCEEDED
    return job_id


def _planted(app, edition_id: int) -> dict[str, int]:
    """The demo's planted copies by kind (see contest/demo/entries.py)."""
    with app.app_context():
        entries = db.session.scalars(
            select(Entry).where(Entry.edition_id == edition_id)
        ).all()
        archive_author = load_stories("archive_2025.json")[0]["author"]["full_name"]
        return {
            "duplicate": next(e.id for e in entries if e.channel == EntryChannel.UNIT),
            "partial": next(
                e.id for e in entries if e.title == "Những tấm lòng thầm lặng"
            ),
            "archive": next(
                e.id
                for e in entries
                if e.authors[0].full_name == archive_author
                and e.title == load_stories("archive_2025.json")[0]["title"]
            ),
            "paraphrase": next(e.id for e in entries if e.title == "Giọt hồng trao đi"),
        }


def test_full_scan_finds_the_planted_copies_and_no_honest_pair(
    app, client, login_as, demo
):
    """The scan of the demo lists the duplicate, the partial copy, last year's entry
    sent again (same author, archive) and the paraphrase, and nothing else."""
    _organizer(login_as)
    job_id = _start_scan(app, client, demo)
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert job.progress == 100 and job.result["pairs"] >= 4
    planted = _planted(app, demo)
    found = matches(app, demo)
    by_a = {}
    for pair in found:
        by_a.setdefault(pair["a"], []).append(pair)
    assert set(by_a) == set(planted.values()), "an honest entry was flagged"
    [archive] = by_a[planted["archive"]]
    assert archive["source"].startswith("archive:") and archive["same_author"]
    assert archive["score"] > 0.9
    assert any(p["same_author"] for p in by_a[planted["duplicate"]])
    assert any(0.2 < p["b_share"] < 0.6 for p in by_a[planted["partial"]])
    assert max(p["score"] for p in by_a[planted["paraphrase"]]) > 0.5
    page = page_text(client.get(f"/organizer/editions/{demo}/plagiarism"))
    assert "Những tấm lòng thầm lặng" in page and "Giọt hồng trao đi" in page
    archived = page_text(
        client.get(f"/organizer/editions/{demo}/plagiarism?source=archive")
    )
    assert "Những tấm lòng thầm lặng" not in archived
    same = page_text(
        client.get(f"/organizer/editions/{demo}/plagiarism?same_author=yes")
    )
    assert "Giọt hồng trao đi" not in same
    assert "Cùng tác giả: có thể là nộp lại" in same


def test_scan_from_the_command_line(app, runner, demo):
    """`flask plagiarism scan EDITION_ID` records the same pairs and says how many."""
    result = runner.invoke(args=["plagiarism", "scan", str(demo)])
    assert result.exit_code == 0, result.output
    assert len(matches(app, demo)) >= 4
    assert "pairs" in result.output


# -- the side-by-side evidence --------------------------------------------------------


MARK = re.compile(r'<mark id="(?P<id>[ab]-p\d+)"[^>]*>(?P<text>.*?)</mark>', re.S)


def test_side_by_side_marks_the_copied_passages_in_both_texts(
    app, client, login_as, copied_pair
):
    """Each highlighted passage is exactly the copied text, on both sides, linked to
    its twin by an anchor."""
    _organizer(login_as)
    original, copy = copied_pair
    [pair] = matches(app, db_edition_of(app, copy))
    page = page_text(client.get(f"/organizer/plagiarism/pairs/{pair['id']}"))
    with app.app_context():
        a_text = db.session.get(Entry, copy).latest_version.text
        b_text = db.session.get(Entry, original).latest_version.text
    marks = {  # greyed boilerplate inside a passage is a <span> of its text
        m["id"]: html.unescape(re.sub(r"<[^>]+>", "", m["text"]))
        for m in MARK.finditer(page)
    }
    assert marks, "no highlighted passage"
    for number, (a0, a1, b0, b1, *_flags) in enumerate(pair["passages"], 1):
        assert marks[f"a-p{number}"] == a_text[a0:a1]
        assert marks[f"b-p{number}"] == b_text[b0:b1]
        assert f'href="#b-p{number}"' in page and f'href="#a-p{number}"' in page
    assert sum(len(t) for k, t in marks.items() if k.startswith("b-")) > 0.9 * len(
        b_text
    )
    assert "side_by_side.js" in page
    assert "<script>" not in page.split("<main", 1)[-1].split("</main>")[0]


def test_writers_text_is_escaped_in_the_side_by_side_view(
    app, client, login_as, edition_id, writers
):
    """Markup typed in an entry shows as text, in plain parts and in marked passages."""
    hostile = ORIGINAL + "\n\n" + XSS
    add_entry(app, edition_id, writers[0].id, title=XSS, text=hostile)
    add_entry(app, edition_id, writers[1].id, title="Chép", text=XSS + "\n\n" + hostile)
    run_queued_jobs(app)
    [pair] = matches(app, edition_id)
    _organizer(login_as)
    page = page_text(client.get(f"/organizer/plagiarism/pairs/{pair['id']}"))
    assert XSS not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(" in page and "&lt;img src=x onerror" in page
    report = page_text(client.get(f"/organizer/editions/{edition_id}/plagiarism"))
    assert XSS not in report and "&lt;script&gt;" in report


# -- decisions -------------------------------------------------------------------------


def _decide(client, match_id: int, **data):
    return post_form(client, f"/organizer/plagiarism/pairs/{match_id}/decide", data)


def test_not_copying_keeps_both_entries(app, client, login_as, copied_pair):
    """ "Not copying" closes the pair, changes no entry, and is in the audit log."""
    _organizer(login_as)
    _original, copy = copied_pair
    [pair] = matches(app, db_edition_of(app, copy))
    response = _decide(client, pair["id"], decision="not_copying", note="Trích dẫn")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(SimilarityMatch, pair["id"]).status == "not_copying"
        assert db.session.get(Entry, copy).status == EntryStatus.SUBMITTED
        assert (
            db.session.scalar(
                select(AuditLog).where(AuditLog.action == "plagiarism.decide")
            ).detail["decision"]
            == "not_copying"
        )


def test_same_entry_twice_withdraws_the_chosen_one(
    app, client, login_as, copied_pair, writers, outbox
):
    """The organizer withdraws the earlier copy of a duplicate, with the reason; the
    writer gets it by email and reads it in "My entries"."""
    _organizer(login_as)
    original, copy = copied_pair
    [pair] = matches(app, db_edition_of(app, copy))
    outbox.clear()
    response = _decide(
        client,
        pair["id"],
        decision="duplicate",
        target=str(original),
        note="Bài gửi hai lần; giữ bản sau.",
    )
    assert response.status_code == 302
    with app.app_context():
        kept, gone = db.session.get(Entry, copy), db.session.get(Entry, original)
        assert kept.status == EntryStatus.SUBMITTED
        assert gone.status == EntryStatus.WITHDRAWN
        assert gone.status_reason == "Bài gửi hai lần; giữ bản sau."
        match = db.session.get(SimilarityMatch, pair["id"])
        assert (
            match.status == MatchStatus.DUPLICATE and match.acted_entry_id == original
        )
    [email] = outbox
    assert email["To"] == writers[0].email
    assert "Bài gửi hai lần; giữ bản sau." in email.get_content()
    writer = app.test_client()
    assert login(writer, writers[0].email).status_code == 302
    assert "Bài gửi hai lần; giữ bản sau." in page_text(writer.get("/writer/"))


def test_copying_disqualifies_and_the_writer_is_told(
    app, client, login_as, copied_pair, writers, outbox
):
    """The copier's entry becomes not eligible; the writer reads why in "My entries"
    and gets it by email."""
    _organizer(login_as)
    original, copy = copied_pair
    [pair] = matches(app, db_edition_of(app, copy))
    reason = "Sao chép gần như toàn bộ bài của tác giả khác."
    outbox.clear()
    assert (
        _decide(client, pair["id"], decision="copying", target=str(copy), note=reason)
    ).status_code == 302
    with app.app_context():
        assert db.session.get(Entry, copy).status == EntryStatus.NOT_ELIGIBLE
        assert db.session.get(Entry, original).status == EntryStatus.SUBMITTED
    [email] = outbox
    assert email["To"] == writers[1].email and reason in email.get_content()
    writer = app.test_client()
    assert login(writer, writers[1].email).status_code == 302
    assert reason in page_text(writer.get("/writer/"))


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"decision": "copying", "note": ""}, "reason"),
        ({"decision": "duplicate", "note": "  "}, "reason"),
        ({"note": "không chọn"}, "decision"),
        ({"decision": "copying", "target": "999999", "note": "Lý do"}, "target"),
    ],
)
def test_an_incomplete_decision_changes_nothing(
    app, client, login_as, copied_pair, data, problem
):
    """Without a reason, a decision or a valid entry the page says so (422); nothing
    is withdrawn or ruled out."""
    _organizer(login_as)
    _original, copy = copied_pair
    [pair] = matches(app, db_edition_of(app, copy))
    response = _decide(client, pair["id"], **data)
    assert response.status_code == 422
    assert "is-invalid" in page_text(response) or "invalid-feedback" in page_text(
        response
    )
    with app.app_context():
        assert db.session.get(SimilarityMatch, pair["id"]).status == "open"
        assert db.session.get(Entry, copy).status == EntryStatus.SUBMITTED


def test_a_decided_pair_can_be_reopened(app, client, login_as, copied_pair):
    """Reopening puts the pair back in the queue, and is logged."""
    _organizer(login_as)
    _original, copy = copied_pair
    [pair] = matches(app, db_edition_of(app, copy))
    _decide(client, pair["id"], decision="not_copying")
    post_form(client, f"/organizer/plagiarism/pairs/{pair['id']}/reopen")
    with app.app_context():
        assert db.session.get(SimilarityMatch, pair["id"]).status == "open"
        assert db.session.scalar(
            select(AuditLog.id).where(AuditLog.action == "plagiarism.reopen")
        )


def test_a_rescan_keeps_decisions(app, client, login_as, copied_pair):
    """A decided pair found again by the full scan keeps its decision."""
    _organizer(login_as)
    _original, copy = copied_pair
    edition = db_edition_of(app, copy)
    [pair] = matches(app, edition)
    _decide(client, pair["id"], decision="not_copying")
    _start_scan(app, client, edition)
    [again] = matches(app, edition)
    assert again["id"] == pair["id"] and again["status"] == "not_copying"


# -- same featured person --------------------------------------------------------------


def test_entries_about_the_same_person_are_grouped(
    app, client, login_as, edition_id, writers
):
    """Names typed with or without accents and spacing group together; the same name in
    another unit is another person."""
    people = [
        ("Đặng Văn Hùng", "Phường Láng Hạ"),
        ("dang  van hung", "phuong Lang Ha"),
        ("Đặng Văn Hùng", "Xã Vân Hòa"),
    ]
    for i, person in enumerate(people):
        add_entry(
            app,
            edition_id,
            writers[i].id,
            title=f"Về anh Hùng {i}",
            text=STORIES[i]["text"],
            featured=person,
        )
    _organizer(login_as)
    page = page_text(
        client.get(f"/organizer/editions/{edition_id}/plagiarism/same-person")
    )
    assert page.count("Về anh Hùng 0") == 1 and "Về anh Hùng 1" in page
    assert "Về anh Hùng 2" not in page


# -- boilerplate and the reference corpus ---------------------------------------------


SLOGAN = (
    "Hưởng ứng cuộc thi viết về gương điển hình tiên tiến, người tốt, việc tốt do "
    "Thành ủy và Ủy ban nhân dân thành phố phát động, học tập và làm theo tư tưởng, "
    "đạo đức, phong cách Hồ Chí Minh, mỗi người dân Thủ đô hãy là một bông hoa đẹp "
    "góp vào vườn hoa người tốt, việc tốt của thành phố."
)


def test_boilerplate_is_shown_but_not_counted(
    app, client, login_as, edition_id, writers
):
    """Two stories sharing only the contest's slogan: flagged until the organizers
    mark the slogan as boilerplate and scan again."""
    add_entry(app, edition_id, writers[0].id, title="Một", text=SLOGAN + "\n\n" + THIRD)
    add_entry(
        app, edition_id, writers[1].id, title="Hai", text=SLOGAN + "\n\n" + OTHER[:900]
    )
    run_queued_jobs(app)
    assert len(matches(app, edition_id)) == 1
    _organizer(login_as)
    url = f"/organizer/editions/{edition_id}/plagiarism/boilerplate"
    assert (
        post_form(client, url, {"phrases": SLOGAN + "\n\n" + SLOGAN}).status_code == 302
    )
    assert SLOGAN in page_text(client.get(url))
    _start_scan(app, client, edition_id)
    assert matches(app, edition_id) == []


def test_reference_import_page_and_check_against_it(
    app, client, login_as, edition_id, writers
):
    """A published story uploaded by organizers is found in a later entry copying it."""
    _organizer(login_as)
    docx = docfactory.make_docx(paragraphs=OTHER.split("\n\n"))
    response = client.post(
        "/organizer/plagiarism/references",
        data={
            "csrf_token": csrf_token(client),
            "files": [(io.BytesIO(docx), "bong-hoa-dep.docx")],
            "source": "Những bông hoa đẹp 2024",
            "year": "2024",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, page_text(response)
    listing = page_text(client.get("/organizer/plagiarism/references"))
    assert "bong hoa dep" in listing and "Những bông hoa đẹp 2024" in listing
    add_entry(app, edition_id, writers[2].id, title="Chép báo", text=OTHER)
    run_queued_jobs(app)
    [pair] = matches(app, edition_id)
    assert pair["source"] == "reference" and pair["score"] > 0.9


def test_a_refused_reference_file_imports_nothing(app, client, login_as):
    """A scanned PDF among the files: nothing is imported and the file is named."""
    _organizer(login_as)
    response = client.post(
        "/organizer/plagiarism/references",
        data={
            "csrf_token": csrf_token(client),
            "files": [
                (io.BytesIO(OTHER.encode()), "tot.txt"),
                (io.BytesIO(docfactory.make_image_pdf()), "ban-scan.pdf"),
            ],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "ban-scan.pdf" in page_text(response)
    with app.app_context():
        assert db.session.scalar(select(func.count(ReferenceDocument.id))) == 0


def test_reference_and_archive_import_from_the_command_line(
    app, runner, tmp_path, edition_id, writers
):
    """`import-reference DIR` adds the folder's stories once; `import-archive` brings a
    closed edition's entries into the open editions' indexes."""
    folder = tmp_path / "refs"
    folder.mkdir()
    (folder / "bai-mot.txt").write_text(OTHER, encoding="utf-8")
    (folder / "bai-hai.txt").write_text(THIRD, encoding="utf-8")
    args = ["plagiarism", "import-reference", str(folder), "--source", "Báo Hà Nội"]
    result = runner.invoke(args=[*args, "--year", "2023"])
    assert result.exit_code == 0, result.output
    assert "2" in result.output
    again = runner.invoke(args=[*args, "--year", "2023"])
    assert again.exit_code == 0 and "0" in again.output
    add_entry(app, edition_id, writers[0].id, title="Chép", text=THIRD)
    run_queued_jobs(app)
    assert [p["source"] for p in matches(app, edition_id)] == ["reference"]
    refused = runner.invoke(args=["plagiarism", "import-archive", str(edition_id)])
    assert refused.exit_code != 0  # an open edition is not an archive


# -- access ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.WRITER, Role.JUDGE, Role.UNIT])
def test_only_organizers_reach_the_plagiarism_pages(
    app, client, login_as, copied_pair, role
):
    """Writers, judges and unit focal points get 403 on every plagiarism page."""
    _original, copy = copied_pair
    edition = db_edition_of(app, copy)
    [pair] = matches(app, edition)
    login_as(role)
    for url in (
        f"/organizer/editions/{edition}/plagiarism",
        f"/organizer/plagiarism/pairs/{pair['id']}",
        f"/organizer/editions/{edition}/plagiarism/same-person",
        "/organizer/plagiarism/references",
    ):
        assert client.get(url).status_code == 403, url
    decided = _decide(
        client, pair["id"], decision="copying", target=str(copy), note="x"
    )
    assert decided.status_code == 403
    with app.app_context():
        assert db.session.get(Entry, copy).status == EntryStatus.SUBMITTED

"""The check at submission checks only the new entries against the saved index, and
the organizers see exactly what a full re-check would show them: the same pairs, the
same shares and passages, the same kinds. It keeps the index right when an entry is
resubmitted or withdrawn, loses nothing when a worker dies half-way (run again, it
records the same rows), and two workers checking at once do not spoil the index."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from contest.demo.entries import load_stories
from contest.extensions import db
from contest.jobs import submit_job
from contest.jobs.runner import JOBS, claim_job, reap_stale_jobs, run_job
from contest.models import Entry, Job, JobStatus, Role, User
from contest.services import entries as service
from judging.plagiarism.models import PendingCheck
from judging.plagiarism.services import checks, incremental
from judging.plagiarism.services import index as index_files
from judging.plagiarism.services.decisions import import_reference
from judging.plagiarism.services.scan import full_scan
from tests.plagiarism_fixtures import (
    add_entry,
    indexed_docs,
    pair_rows,
    run_queued_jobs,
)

STORIES = [story["text"] for story in load_stories("stories.json")]
ARCHIVED = [story["text"] for story in load_stories("archive_2025.json")]


def _half(text: str) -> str:
    paragraphs = text.split("\n\n")
    return "\n\n".join(paragraphs[: max(1, len(paragraphs) // 2)])


def _edited(text: str) -> str:
    """A copy with light edits: a word changed here and there, a sentence dropped."""
    edited = text.replace(" và ", " cùng ").replace("những", "các")
    sentences = edited.split(". ")
    return ". ".join(s for i, s in enumerate(sentences) if i % 7 != 3)


# Honest stories, and copies of them (whole, a lifted half, lightly edited) and of
# a published story, in the order they are submitted.
SUBMISSIONS = [
    ("Người thợ hàn", STORIES[0]),
    ("Bà giáo làng", STORIES[1]),
    ("Chép nguyên bài", "Lời mở đầu của tôi.\n\n" + STORIES[0]),
    ("Góp nhặt", _half(STORIES[1]) + "\n\n" + STORIES[2]),
    ("Ông tổ trưởng", STORIES[3]),
    ("Sửa đôi chữ", _edited(STORIES[3])),
    ("Chép báo", "Tôi kể lại.\n\n" + _half(ARCHIVED[0])),
    ("Chị y tá", STORIES[4]),
]


@pytest.fixture(autouse=True)
def similarity_dir(app, tmp_path):
    """Each test keeps its indexes in its own folder (ids restart with every test)."""
    app.config["SIMILARITY_DIR"] = str(tmp_path / "similarity")


@pytest.fixture
def writers(make_user):
    return [
        make_user(Role.WRITER, full_name=f"Người Viết Số {i}")
        for i in range(len(SUBMISSIONS))
    ]


@pytest.fixture
def reference(app):
    """A published story in the reference corpus (imported as organizers do)."""
    with app.test_request_context():
        import_reference(ARCHIVED[0].encode("utf-8"), "bai-bao.txt", actor=None)
        db.session.commit()


def _submit_all(app, edition_id, writers, *, one_by_one: bool) -> list[int]:
    ids = []
    for writer, (title, text) in zip(writers, SUBMISSIONS, strict=True):
        ids.append(add_entry(app, edition_id, writer.id, title=title, text=text))
        if one_by_one:
            run_queued_jobs(app)
    run_queued_jobs(app)
    return ids


def _full_rescan(app, edition_id: int) -> None:
    with app.app_context():
        full_scan(edition_id)


def _resubmit(app, entry_id: int, text: str) -> None:
    with app.test_request_context():
        entry = db.session.get(Entry, entry_id)
        entry.draft_text = text
        service.submit(entry, entry.owner, datetime.now(UTC))
        db.session.commit()


def _waiting(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(PendingCheck.id)))


@pytest.mark.parametrize("one_by_one", [True, False], ids=["one-by-one", "surge"])
def test_the_check_at_submission_records_what_a_full_scan_records(
    app, edition_id, writers, reference, one_by_one
):
    """Entries checked one by one as they come (or a surge checked by one job) leave
    the same pair rows as a full re-check of the edition: the copies of an entry,
    the lifted half, the edited copy and the copied newspaper story."""
    _submit_all(app, edition_id, writers, one_by_one=one_by_one)
    incremental_rows = pair_rows(app, edition_id)
    assert _waiting(app) == 0
    _full_rescan(app, edition_id)
    assert pair_rows(app, edition_id) == incremental_rows
    sources = {row[6] for row in incremental_rows}
    assert len(incremental_rows) >= 4 and sources == {"edition", "reference"}


def test_running_the_check_again_changes_nothing(app, edition_id, writers, reference):
    """Every entry checked a second time (a retried job) leaves the same rows and
    each document once in the index."""
    ids = _submit_all(app, edition_id, writers, one_by_one=True)
    rows, docs = pair_rows(app, edition_id), indexed_docs(app, edition_id)
    with app.app_context():
        for entry_id in ids:
            db.session.add(PendingCheck(edition_id=edition_id, entry_id=entry_id))
        checks.queue_check(edition_id)
        db.session.commit()
    run_queued_jobs(app)
    assert pair_rows(app, edition_id) == rows
    assert indexed_docs(app, edition_id) == docs


def test_a_worker_dying_after_indexing_loses_nothing(
    app, edition_id, writers, monkeypatch
):
    """The worker dies after writing the copy to the index's journal, before the
    pairs are committed: the entry stays waiting, the retried job finds it indexed
    and records the pair a full scan records."""
    add_entry(app, edition_id, writers[0].id, title="Gốc", text=STORIES[0])
    run_queued_jobs(app)

    def dies(*_args, **_kwargs):
        raise RuntimeError("worker killed")

    monkeypatch.setattr(incremental, "record_matches", dies)
    add_entry(app, edition_id, writers[1].id, title="Chép", text=STORIES[0])
    run_queued_jobs(app)
    assert pair_rows(app, edition_id) == [] and _waiting(app) == 1
    monkeypatch.undo()
    with app.app_context():
        failed = db.session.scalars(select(Job).order_by(Job.id.desc())).first()
        assert failed.status == JobStatus.FAILED
        checks.queue_check(edition_id)
        db.session.commit()
    run_queued_jobs(app)
    rows = pair_rows(app, edition_id)
    assert len(rows) == 1 and _waiting(app) == 0
    _full_rescan(app, edition_id)
    assert pair_rows(app, edition_id) == rows


def test_a_check_whose_worker_died_is_queued_again_and_finishes(
    app, edition_id, writers
):
    """A check job whose worker stopped answering is put back in the queue (not
    failed), and its entry is checked when it runs again."""
    add_entry(app, edition_id, writers[0].id, title="Gốc", text=STORIES[0])
    run_queued_jobs(app)
    add_entry(app, edition_id, writers[1].id, title="Chép", text=STORIES[0])
    with app.app_context():
        job_id = db.session.scalar(
            select(Job.id).where(
                Job.status == JobStatus.QUEUED, Job.kind == "plagiarism.check"
            )
        )
        assert claim_job(db.engine, job_id, "dead-worker")
        with db.engine.begin() as conn:  # its heartbeat stopped long ago
            conn.execute(
                update(JOBS)
                .where(JOBS.c.id == job_id)
                .values(heartbeat_at=datetime.now(UTC) - timedelta(hours=1))
            )
        assert reap_stale_jobs(db.engine, 60) == 1
        assert db.session.get(Job, job_id).status == JobStatus.QUEUED
    assert run_job(app, job_id) == JobStatus.SUCCEEDED
    assert len(pair_rows(app, edition_id)) == 1


def test_a_resubmitted_version_replaces_the_old_one_in_the_index(
    app, edition_id, writers
):
    """A new version takes the old one's place in the index: a copy added in it is
    found, and once removed again the pair is dropped; each time the rows are what
    a full scan records."""
    first = add_entry(app, edition_id, writers[0].id, title="Gốc", text=STORIES[0])
    second = add_entry(app, edition_id, writers[1].id, title="Hai", text=STORIES[1])
    run_queued_jobs(app)
    assert pair_rows(app, edition_id) == []

    _resubmit(app, second, STORIES[1] + "\n\n" + STORIES[0])
    run_queued_jobs(app)
    rows = pair_rows(app, edition_id)
    assert [(r[1], r[3]) for r in rows] == [(second, first)]
    with app.app_context():
        version = db.session.get(Entry, second).latest_version.id
    docs = indexed_docs(app, edition_id)
    assert f"e{second}.{version}" in docs
    assert [d for d in docs if d.startswith(f"e{second}.")] == [f"e{second}.{version}"]
    _full_rescan(app, edition_id)
    assert pair_rows(app, edition_id) == rows

    _resubmit(app, second, STORIES[1])
    run_queued_jobs(app)
    assert pair_rows(app, edition_id) == []


def test_a_withdrawn_entry_leaves_the_index_and_its_pairs(app, edition_id, writers):
    """Withdrawn, the original leaves the index at the next check: its open pair is
    dropped and a later copy of it is not flagged."""
    original = add_entry(app, edition_id, writers[0].id, title="Gốc", text=STORIES[0])
    add_entry(app, edition_id, writers[1].id, title="Chép", text=STORIES[0])
    run_queued_jobs(app)
    assert len(pair_rows(app, edition_id)) == 1
    with app.test_request_context():
        entry = db.session.get(Entry, original)
        service.withdraw(entry, db.session.get(User, writers[0].id))
        db.session.commit()
    run_queued_jobs(app)
    assert pair_rows(app, edition_id) == []
    assert not [
        d for d in indexed_docs(app, edition_id) if d.startswith(f"e{original}.")
    ]
    add_entry(app, edition_id, writers[2].id, title="Chép nữa", text=STORIES[1])
    run_queued_jobs(app)
    assert pair_rows(app, edition_id) == []


def test_a_worker_whose_index_in_memory_is_behind_reads_the_journal(
    app, edition_id, writers
):
    """Worker A keeps its index in memory; worker B (another process) checks a new
    entry; A's next check reads B's journal lines and catches a copy of B's entry."""
    add_entry(app, edition_id, writers[0].id, title="Một", text=STORIES[0])
    run_queued_jobs(app)
    worker_a = dict(index_files._kept)
    index_files._kept.clear()  # worker B: nothing in memory, reads the files
    source = add_entry(app, edition_id, writers[1].id, title="Hai", text=STORIES[1])
    run_queued_jobs(app)
    index_files._kept.clear()
    index_files._kept.update(worker_a)  # back on worker A
    copy = add_entry(app, edition_id, writers[2].id, title="Chép", text=STORIES[1])
    run_queued_jobs(app)
    assert [(r[1], r[3]) for r in pair_rows(app, edition_id)] == [(copy, source)]


def test_two_workers_checking_at_once_keep_the_index_whole(app, edition_id, writers):
    """Two check jobs of the edition run at the same time on two threads: both
    finish, every entry is indexed once and the rows are a full scan's."""
    for writer, (title, text) in zip(writers, SUBMISSIONS, strict=True):
        add_entry(app, edition_id, writer.id, title=title, text=text)
    with app.app_context():
        jobs = [
            db.session.scalar(select(Job.id).where(Job.status == JobStatus.QUEUED)),
            submit_job("plagiarism.check", {"edition_id": edition_id}).id,
        ]
        db.session.commit()
    results: list = []
    threads = [
        threading.Thread(target=lambda j=j: results.append(run_job(app, j)))
        for j in jobs
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert results == [JobStatus.SUCCEEDED, JobStatus.SUCCEEDED]
    rows = pair_rows(app, edition_id)
    docs = indexed_docs(app, edition_id)
    with app.app_context():
        assert len(docs) == db.session.scalar(select(func.count(Entry.id)))
    _full_rescan(app, edition_id)
    assert pair_rows(app, edition_id) == rows and rows


def test_an_earlier_entry_resubmitted_with_a_copy_is_aligned_as_a_full_scan_aligns_it(
    app, edition_id, writers
):
    """An entry sent first, resubmitted later with a passage of a later entry twice
    over: its pair is measured from the later entry's side, as in a full scan (the
    shares of a repeated passage depend on which side is A)."""
    earlier = add_entry(app, edition_id, writers[0].id, title="Một", text=STORIES[2])
    add_entry(app, edition_id, writers[1].id, title="Hai", text=STORIES[0])
    run_queued_jobs(app)
    _resubmit(
        app, earlier, f"{_half(STORIES[0])}\n\n{_half(STORIES[0])}\n\n{STORIES[2]}"
    )
    run_queued_jobs(app)
    rows = pair_rows(app, edition_id)
    assert len(rows) == 1
    _full_rescan(app, edition_id)
    assert pair_rows(app, edition_id) == rows

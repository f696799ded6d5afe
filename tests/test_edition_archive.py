"""Exporting a whole edition to one archive file and importing it elsewhere: the copy
is complete (every row, every file, same checksums), people are matched by email and
never carry a password, and a damaged, altered, foreign or hostile file is refused
with a plain message before anything is written."""

from __future__ import annotations

import hashlib
import io
import json
import uuid
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from contest.app import create_app
from contest.archive.jobs import archive_dir
from contest.archive.tables import PARTS
from contest.archive.writer import collect
from contest.defaults import DEFAULT_FIELDS
from contest.demo.entries import load_stories
from contest.extensions import db
from contest.models import (
    Attachment,
    AuditLog,
    Edition,
    EditionStatus,
    Entry,
    Role,
    Unit,
    User,
)
from contest.storage import path_of
from judging.assignment.models import Assignment, Conflict, ConflictSource
from judging.awards.models.lists import (
    AwardList,
    AwardLogEntry,
    AwardOverride,
    AwardPlacement,
)
from judging.awards.models.notices import AwardNoticeDelivery, AwardNoticeTemplate
from judging.featured.models import FeaturedMerge, MergeDecision
from judging.identity.models import Redaction
from judging.plagiarism.models import BoilerplatePhrase, MatchStatus, SimilarityMatch
from judging.rounds.models import Criterion, JudgingSettings
from judging.scoring.models import Score, ScoreStatus
from tests.conftest import app_test_config, empty_database, login, page_text, post_form
from tests.judging_fixtures import add_judge, commit_round, first_round_id, set_readers
from tests.plagiarism_fixtures import plagiarism_objects, run_queued_jobs

STORIES = load_stories("stories.json")


# -- fixtures --------------------------------------------------------------------------


@pytest.fixture
def fresh_app(app, tmp_path):
    """Another installation: an empty database of the same kind, its own uploads."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    with empty_database(url, tmp_path / "other.sqlite3", "archive") as fresh_url:
        other = create_app(app_test_config(tmp_path / "other", fresh_url))
        other.config["SIMILARITY_DIR"] = str(tmp_path / "other-similarity")
        with other.app_context():
            db.create_all()
        yield other
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(autouse=True)
def similarity_dir(app, tmp_path):
    app.config["SIMILARITY_DIR"] = str(tmp_path / "similarity")


@pytest.fixture
def rich(app, make_user, make_edition, make_entry, make_unit) -> int:
    """A 2025 edition with something in every table: entries with files, a unit,
    judges with readings and a score sheet, a conflict, a redaction, plagiarism pairs
    (within the edition, with a reference, with an earlier year), awards."""
    earlier = make_edition(year=2024, status=EditionStatus.CLOSED)
    old_entry = make_entry(edition_id=earlier, title="Chuyện cũ")
    edition_id = make_edition(year=2025)
    unit_id = make_unit()
    round_id = first_round_id(app, edition_id)
    set_readers(app, round_id, 1)
    judge = add_judge(
        app, make_user, edition_id, full_name="Giám Khảo Một", fields=DEFAULT_FIELDS[:2]
    )
    writer = make_user(full_name="Trần Thị Tác Giả", email="TacGia@Example.vn")
    first = make_entry(
        owner=writer, edition_id=edition_id, with_document=True, with_photo=True
    )
    second = make_entry(
        edition_id=edition_id, title="Người lái đò", text=STORIES[1]["text"]
    )
    commit_round(app, round_id)
    plagiarism_objects(app, first.id)  # a pair with a reference document
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        entry = db.session.get(Entry, first.id)
        entry.unit_id = entry.featured[0].unit_id = unit_id
        criteria = edition.criteria
        reading = db.session.scalar(select(Assignment).filter_by(entry_id=first.id))
        db.session.add_all(
            [
                Score(
                    assignment_id=reading.id,
                    values={str(c.id): c.max_points - 1 for c in criteria}
                    | {"99999": 3},
                    comments={str(criteria[0].id): "Giàu cảm xúc"},
                    status=ScoreStatus.SUBMITTED,
                    submitted_at=datetime.now(UTC),
                ),
                Conflict(
                    edition_id=edition_id,
                    judge_id=judge.id,
                    author_user_id=second.owner.id,
                    source=ConflictSource.ORGANIZER,
                    note="Cùng cơ quan",
                ),
                Redaction(version_id=entry.latest_version.id, span_start=0, span_end=7),
                # Saved when an organizer changes the option (never on reading).
                JudgingSettings(edition_id=edition_id, conflict_same_locality=True),
                BoilerplatePhrase(edition_id=edition_id, phrase="Người tốt việc tốt"),
                SimilarityMatch(
                    edition_id=edition_id,
                    pair_key=f"{edition_id}:e{first.id}:e{second.id}",
                    a_entry_id=first.id,
                    b_entry_id=second.id,
                    score=0.4,
                    status=MatchStatus.NOT_COPYING,
                    decided_by_id=judge.id,
                    decision_note="Trùng nhân vật, khác bài",
                ),
                SimilarityMatch(
                    edition_id=edition_id,
                    pair_key=f"{edition_id}:e{second.id}:e{old_entry.id}",
                    a_entry_id=second.id,
                    b_entry_id=old_entry.id,
                    source="archive:2024",
                    score=0.8,
                    status=MatchStatus.COPYING,
                    acted_entry_id=second.id,
                ),
            ]
        )
        awards = AwardList(
            edition_id=edition_id,
            round_id=round_id,
            tie_rules=[
                f"criterion:{criteria[0].id}",
                "first_place_votes",
                "criterion:0",
            ],
            decision_number="123/QĐ-BTC",
        )
        awards.placements = [
            AwardPlacement(
                entry_id=first.id,
                track_id=entry.track_id,
                tier="nhat",
                position=1,
                score=88.5,
            )
        ]
        awards.overrides = [
            AwardOverride(
                entry_id=second.id, action="remove", reason="Đạo văn", actor_id=judge.id
            )
        ]
        db.session.add(awards)
        db.session.flush()
        db.session.add(
            FeaturedMerge(
                edition_id=edition_id,
                key_a="nguyen thi hoa|phuong hang bac",
                key_b="nguyen thi hoa|hang bac",
                decision=MergeDecision.CONFIRMED,
                actor_id=judge.id,
            )
        )
        db.session.add(
            AwardLogEntry(
                award_list_id=awards.id,
                action="override",
                entry_id=second.id,
                actor_id=judge.id,
                reason="Đạo văn",
            )
        )
        db.session.add(
            AwardNoticeTemplate(
                edition_id=edition_id,
                audience="winner",
                subject="Chúc mừng {ten_tac_gia}",
                body="Bài {ten_bai} đạt giải {giai}.",
                updated_by_id=judge.id,
            )
        )
        db.session.add(
            AwardNoticeDelivery(
                edition_id=edition_id,
                audience="winner",
                entry_id=first.id,
                recipient_name="Người Viết",
                to_address="nguoiviet@example.vn",
                actor_id=judge.id,
            )
        )
        official_rows(edition, judge.id)
        grassroots_rows(edition, first.id, unit_id, judge.id)
        db.session.commit()
    return edition_id


def grassroots_rows(edition: Edition, entry_id: int, unit_id: int, user_id: int):
    """Intake policy, a unit target and reminder, a forwarded batch with its step,
    the unit's own award list with a level and a prize, the commendation plan and a
    unit's confirmation of an entry's people, and a unit's own round."""
    from judging.commendation.models import CommendationPlan, EntryConfirmation
    from judging.grassroots.models import (
        EntryForward,
        ForwardBatch,
        IntakeSettings,
        UnitAward,
        UnitAwardList,
        UnitPrizeLevel,
        UnitReminder,
        UnitTarget,
    )

    batch = ForwardBatch(
        edition_id=edition.id, from_unit_id=unit_id, head_name="Trưởng Đơn Vị"
    )
    db.session.add_all(
        [
            IntakeSettings(edition_id=edition.id),
            UnitTarget(edition_id=edition.id, kind="district", minimum=10),
            UnitReminder(
                edition_id=edition.id,
                unit_id=unit_id,
                to_address="donvi@example.vn",
                progress=1,
                target=10,
                sent_by_id=user_id,
            ),
            batch,
            CommendationPlan(edition_id=edition.id, individuals_target=700),
        ]
    )
    db.session.flush()
    db.session.add(
        EntryForward(entry_id=entry_id, batch_id=batch.id, from_unit_id=unit_id)
    )
    db.session.add(
        EntryConfirmation(
            entry_id=entry_id,
            unit_id=unit_id,
            unit_name="Quận Ba Đình",
            confirmed_by_id=user_id,
            people_text="Nguyễn Thị Hoa",
        )
    )
    level = UnitPrizeLevel(name="Giải A", position=1)
    db.session.add(
        UnitAwardList(
            edition_id=edition.id,
            unit_id=unit_id,
            head_name="Trưởng Đơn Vị",
            levels=[level],
            awards=[UnitAward(entry_id=entry_id, level=level, awarded_by_id=user_id)],
        )
    )
    unit_round_rows(edition, entry_id, unit_id, user_id)


def unit_round_rows(edition: Edition, entry_id: int, unit_id: int, user_id: int):
    """A unit's own round with its judge and the entry it shortlisted."""
    from judging.assignment.models import UnitJudge
    from judging.grassroots.models import UnitShortlist
    from judging.rounds.models import Round

    round_ = Round(
        edition_id=edition.id,
        unit_id=unit_id,
        position=0,
        name="Vòng chấm quận",
        kind="preliminary",
    )
    db.session.add(round_)
    db.session.flush()
    db.session.add_all(
        [
            UnitJudge(round_id=round_.id, user_id=user_id),
            UnitShortlist(round_id=round_.id, entry_id=entry_id, rank=1),
        ]
    )


def official_rows(edition: Edition, user_id: int) -> None:
    """Prize money, document settings and an issued decision with its files."""
    from contest.models import DocumentSettings, IssuedDocument, PrizeAmount
    from contest.storage import store_bytes

    db.session.add_all(
        [
            PrizeAmount(track_id=edition.tracks[0].id, tier="nhat", amount=10_000_000),
            DocumentSettings(edition_id=edition.id, signer_name="Lê Hồng Sơn"),
            IssuedDocument(
                edition_id=edition.id,
                kind="award_decision",
                first_seq=1,
                last_seq=1,
                number="01/QĐ-BTC",
                title="Về việc trao giải",
                issued_on=date(2025, 10, 5),
                signer_name="Lê Hồng Sơn",
                issued_by_id=user_id,
                docx_key=store_bytes(b"PK word file", ".docx").key,
                pdf_key=store_bytes(b"%PDF-1.7 decision", ".pdf").key,
            ),
        ]
    )


def counts(app, edition_id: int) -> dict[str, int]:
    """Rows per archived table (and audit rows) of an edition, as the exporter sees it."""
    with app.app_context():
        document = collect(db.session.get(Edition, edition_id))
        return {n: len(r) for n, r in document["tables"].items()} | {
            "audit_log": len(document["audit_log"])
        }


def everything(app) -> dict[str, int]:
    """Rows in every table of the database, and the files under its uploads."""
    with app.app_context():
        rows = {
            table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables
        }
        uploads = sorted(
            p.name for p in Path(app.config["UPLOAD_DIR"]).rglob("*") if p.is_file()
        )
    return rows | {"uploads": uploads}


def file_hashes(app, edition_id: int) -> list[tuple[str, str, str]]:
    """(entry number, kind, sha256 of the stored bytes) of every attachment."""
    with app.app_context():
        rows = db.session.execute(
            select(Entry.number, Attachment.kind, Attachment.storage_key)
            .join(Entry, Entry.id == Attachment.entry_id)
            .where(Entry.edition_id == edition_id)
            .order_by(Entry.number, Attachment.kind)
        ).all()
        return [
            (n, k, hashlib.sha256(path_of(key).read_bytes()).hexdigest())
            for n, k, key in rows
        ]


def export(app, edition_id: int, path: Path) -> Path:
    result = app.test_cli_runner().invoke(
        args=["edition", "export", str(edition_id), str(path)]
    )
    assert result.exit_code == 0, result.output
    return path


def import_(app, path: Path):
    return app.test_cli_runner().invoke(args=["edition", "import", str(path)])


def imported_id(app) -> int:
    with app.app_context():
        return db.session.scalar(
            select(Edition.id).where(Edition.status == EditionStatus.CLOSED)
        )


# -- round trip ------------------------------------------------------------------------


def test_export_then_import_elsewhere_is_a_complete_copy(
    app, fresh_app, rich, tmp_path
):
    """Every row and file arrives, with the same checksums, as a closed edition."""
    before = counts(app, rich)
    assert [p.table for p in PARTS if not before[p.table]] == []
    path = export(app, rich, tmp_path / "2025.zip")
    with fresh_app.app_context():  # this writer already has an account here
        user = User(email="tacgia@example.vn", full_name="Tác Giả", password_hash="x")
        db.session.add(user)
        db.session.commit()
    result = import_(fresh_app, path)
    assert result.exit_code == 0, result.output
    new_id = imported_id(fresh_app)
    after = counts(fresh_app, new_id)
    assert after == before | {"audit_log": before["audit_log"] + 1}  # + the import
    assert file_hashes(fresh_app, new_id) == file_hashes(app, rich)
    assert len(file_hashes(app, rich)) == 2
    with app.app_context():
        source = db.session.get(Edition, rich)
        numbers = sorted(
            e.number for e in db.session.scalars(select(Entry)) if e.edition_id == rich
        )
        archive_id, title = source.archive_uuid, source.title
    with fresh_app.app_context():
        edition = db.session.get(Edition, new_id)
        assert edition.status == EditionStatus.CLOSED
        assert (edition.archive_uuid, edition.title) == (archive_id, title)
        assert sorted(e.number for e in db.session.scalars(select(Entry))) == numbers
        writers = db.session.scalars(
            select(User).filter(func.lower(User.email) == "tacgia@example.vn")
        ).all()
        assert len(writers) == 1  # matched by email, not duplicated
        judge = db.session.scalar(select(User).filter_by(full_name="Giám Khảo Một"))
        assert not judge.is_active and not judge.check_password("Mat-khau-rat-dai-2026")
        assert judge.roles == set()
        assert db.session.scalar(select(Unit)).is_active is False
        criteria = {str(c.id) for c in db.session.scalars(select(Criterion))}
        score = db.session.scalar(select(Score))
        assert set(score.values) == criteria and set(score.comments) <= criteria
        awards = db.session.scalar(select(AwardList))
        first_criterion = min(int(c) for c in criteria)
        assert awards.tie_rules == [f"criterion:{first_criterion}", "first_place_votes"]
        pairs = db.session.scalars(select(SimilarityMatch)).all()
        assert all(p.pair_key.startswith(f"{new_id}:e") for p in pairs)
        archived = next(p for p in pairs if p.source == "archive:2024")
        assert archived.b_entry_id is None and archived.status == MatchStatus.COPYING
        assert archived.acted_entry_id == archived.a_entry_id
        assert db.session.scalar(select(AuditLog).filter_by(action="edition.import"))
    with zipfile.ZipFile(path) as archive:
        document = archive.read("edition.json").decode()
    assert "scrypt" not in document and "password" not in document


def test_an_edition_is_imported_only_once(app, fresh_app, rich, tmp_path):
    """The same archive twice, or back into its own database: refused, nothing added."""
    path = export(app, rich, tmp_path / "2025.zip")
    assert import_(fresh_app, path).exit_code == 0
    before = everything(fresh_app)
    again = import_(fresh_app, path)
    assert again.exit_code != 0 and "already in the database" in again.output
    assert everything(fresh_app) == before
    home = import_(app, path)
    assert home.exit_code != 0 and "already in the database" in home.output


def test_clashing_entry_numbers_are_refused(app, make_edition, make_entry, tmp_path):
    """An archive whose entry numbers are taken here is refused, naming them."""
    edition_id = make_edition(year=2025)
    number = make_entry(edition_id=edition_id).number
    path = export(app, edition_id, tmp_path / "a.zip")
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        edition.archive_uuid = str(uuid.uuid4())  # as if it were another edition
        db.session.commit()
    before = everything(app)
    refused = import_(app, path)
    assert refused.exit_code != 0
    assert "already used in this database" in refused.output
    assert f"entry.number {number}" in refused.output
    assert everything(app) == before


def _as_before_subject_kinds(document: dict) -> None:
    """The rows of an archive made before featured people had a kind of subject and
    before "the address is required" moved from the commendation plan to the edition."""
    tables = document["tables"]
    for person in tables["featured_person"]:
        for name in ("subject_kind", "social_group", "movement"):
            del person[name]
        person["is_collective"] = True
    for edition in tables["edition"]:
        del edition["featured_locality_required"]
    for plan in tables["commendation_plan"]:
        plan["locality_required"] = True


def test_an_archive_made_before_subject_kinds_keeps_collectives_and_the_address_rule(
    app, fresh_app, rich, tmp_path
):
    """An old archive's collective stays a collective, and its edition still asks
    for the featured person's address."""
    good = export(app, rich, tmp_path / "new.zip")
    old = tmp_path / "old.zip"
    forged(_as_before_subject_kinds)(good, old)
    result = import_(fresh_app, old)
    assert result.exit_code == 0, result.output
    with fresh_app.app_context():
        edition = db.session.get(Edition, imported_id(fresh_app))
        entries = db.session.scalars(select(Entry).filter_by(edition_id=edition.id))
        people = [p for entry in entries for p in entry.featured]
        assert people and all(p.is_collective for p in people)
        assert edition.featured_locality_required


# -- refused archives ------------------------------------------------------------------


def rewrite(change):
    """A builder of a copy of the archive whose members ``change(name, data)`` alters
    (None drops one); ``change("", None)`` may return members to add."""

    def build(good: Path, bad: Path) -> None:
        with zipfile.ZipFile(good) as old, zipfile.ZipFile(bad, "w") as new:
            for info in old.infolist():
                data = change(info.filename, old.read(info.filename))
                if data is not None:
                    new.writestr(info.filename, data, zipfile.ZIP_DEFLATED)
            for name, data in (change("", None) or {}).items():
                new.writestr(name, data, zipfile.ZIP_DEFLATED)

    return build


def forged(change_document):
    """A builder of an archive whose edition.json was changed and its checksum listed
    again in the manifest, as a forger would: the content checks must still refuse."""

    def build(good: Path, bad: Path) -> None:
        with zipfile.ZipFile(good) as archive:
            manifest = json.loads(archive.read("manifest.json"))
            document = json.loads(archive.read("edition.json"))
        change_document(document)
        data = json.dumps(document).encode()
        manifest["members"]["edition.json"] = {
            "sha256": hashlib.sha256(data).hexdigest(),
            "size": len(data),
        }
        replaced = {
            "edition.json": data,
            "manifest.json": json.dumps(manifest).encode(),
        }
        rewrite(lambda name, value: replaced.get(name, value))(good, bad)

    return build


def _flip_last_byte(name: str, data):
    return data[:-1] + bytes([data[-1] ^ 1]) if name.startswith("files/") else data


def _edit_json(name: str, data):
    if name == "edition.json":
        return data.replace(b"bai-du-thi.txt", b"bai-da-sua.txt")
    return data


def _future_version(name: str, data):
    if name == "manifest.json":
        return json.dumps(json.loads(data) | {"version": 2}).encode()
    return data


def _adding(member: str, data: bytes):
    return lambda name, value: {member: data} if name == "" else value


def _outside_uploads(document: dict) -> None:
    """A row naming a file outside the uploads, as missing from the archive."""
    document["tables"]["attachment"][0]["storage_key"] = "../../secret.txt"
    document["files"]["../../secret.txt"] = None


def _dangling(document: dict) -> None:
    document["tables"]["entry_version"][0]["entry_id"] = 987654


BOMB = b"\0" * (20 * 1024 * 1024)
BAD_ARCHIVES = {
    "not_a_zip": (
        lambda good, bad: bad.write_bytes(b"Not a zip at all"),
        "not a ZIP archive",
    ),
    "truncated": (
        lambda good, bad: bad.write_bytes(
            good.read_bytes()[: good.stat().st_size // 2]
        ),
        "not a ZIP archive",
    ),
    "damaged_file": (rewrite(_flip_last_byte), "Checksum mismatch"),
    "edited_json": (rewrite(_edit_json), "Checksum mismatch"),
    "future_version": (rewrite(_future_version), "format version 2"),
    "extra_member": (
        rewrite(_adding("notes.txt", b"hello")),
        "does not match its manifest",
    ),
    "traversal": (
        rewrite(_adding("../evil.txt", b"owned")),
        "unsafe or duplicate file name: ../evil.txt",
    ),
    "zip_bomb": (
        rewrite(_adding("files/" + hashlib.sha256(BOMB).hexdigest(), BOMB)),
        "zip bomb",
    ),
    "key_outside_uploads": (forged(_outside_uploads), "does not match its manifest"),
    "dangling_link": (
        forged(_dangling),
        "inconsistent (entry_version.entry_id = 987654)",
    ),
}


@pytest.mark.parametrize("variant", BAD_ARCHIVES)
def test_damaged_or_hostile_archives_are_refused_with_nothing_written(
    app, fresh_app, make_edition, make_entry, tmp_path, variant
):
    """Each bad archive is refused with a plain reason; the other database and its
    uploads are exactly as before."""
    edition_id = make_edition(year=2025)
    make_entry(edition_id=edition_id, with_document=True)
    good = export(app, edition_id, tmp_path / "good.zip")
    build, message = BAD_ARCHIVES[variant]
    bad = tmp_path / "bad.zip"
    build(good, bad)
    before = everything(fresh_app)
    result = import_(fresh_app, bad)
    assert result.exit_code != 0 and message in result.output
    assert everything(fresh_app) == before


# -- through the organizers' pages -----------------------------------------------------


def test_organizer_exports_and_admin_imports_through_the_pages(
    app, fresh_app, rich, login_as, client, make_user
):
    """Export runs as a job and is downloaded from the edition's archive page; an
    administrator of the other installation uploads it; a job imports it, and its
    entries reach the other installation's plagiarism archive."""
    run_queued_jobs(app)  # the entries' plagiarism checks
    login_as(Role.ORGANIZER)
    page = f"/organizer/editions/{rich}/archive"
    assert post_form(client, f"{page}/export", {}).status_code == 302
    assert run_queued_jobs(app) == 1
    listing = page_text(client.get(page))
    link = listing.split(f'href="{page}/exports/', 1)[1].split('"', 1)[0]
    download = client.get(f"{page}/exports/{link}")
    assert download.status_code == 200 and download.mimetype == "application/zip"
    data = download.get_data()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["rows"]["entry"] == 2 and manifest["edition"]["year"] == 2025
    with app.app_context():
        assert db.session.scalar(select(AuditLog).filter_by(action="edition.export"))

    other = fresh_app.test_client()
    with fresh_app.app_context():
        admin = User(
            email="admin@other.vn",
            full_name="Quản Trị",
            password_hash="",
            email_confirmed_at=datetime.now(UTC),
        )
        admin.set_password("Mat-khau-rat-dai-2026")
        admin.set_roles({Role.ADMIN, Role.ORGANIZER})
        db.session.add(admin)
        db.session.commit()
    assert login(other, "admin@other.vn").status_code == 302
    refused = post_form(
        other,
        "/organizer/archive/import",
        {"archive": (io.BytesIO(b"PK\x03\x04 not really"), "x.zip")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422
    assert "không phải tệp ZIP" in page_text(refused)
    with fresh_app.app_context():
        assert list(archive_dir().iterdir()) == []
    sent = post_form(
        other,
        "/organizer/archive/import",
        {"archive": (io.BytesIO(data), "cuoc-thi-2025.zip")},
        content_type="multipart/form-data",
    )
    assert sent.status_code == 302 and "/organizer/jobs/" in sent.headers["Location"]
    assert run_queued_jobs(fresh_app) == 2  # the import, then the archive update
    with fresh_app.app_context():
        edition = db.session.scalar(select(Edition))
        assert edition.status == EditionStatus.CLOSED and edition.year == 2025
        assert list(archive_dir().iterdir()) == []  # the upload is gone once imported
    assert "cuoc-thi-2025" not in page_text(other.get(sent.headers["Location"]))


def test_only_admins_import_and_writers_reach_nothing(app, client, login_as, rich):
    """Organizers may export but not import; other roles reach neither."""
    login_as(Role.ORGANIZER)
    assert client.get("/organizer/archive/import").status_code == 403
    post_form(client, "/auth/logout")
    login_as(Role.WRITER)
    assert client.get(f"/organizer/editions/{rich}/archive").status_code == 403
    assert (
        post_form(client, f"/organizer/editions/{rich}/archive/export").status_code
        == 403
    )

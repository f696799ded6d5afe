"""Judging glue: conflicts, assignment runs (preview, commit, re-run), moves, recusal.

The solver itself has property tests (tests/unit/test_assignment.py); here the rows
around it: who conflicts with whom, that no conflicted pair is ever assigned, that a
preview writes nothing, that re-runs keep what exists, and what organizers read.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from contest.extensions import db
from contest.models import (
    AuditLog,
    Edition,
    Entry,
    EntryStatus,
    EntryVersion,
    FeaturedPerson,
    Role,
    User,
)
from judging.assignment.models import Assignment, JudgeProfile, JudgingCode
from judging.assignment.services import conflicts, roster, runs
from judging.assignment.services import pool as services
from judging.assignment.services.conflicts import ConflictReason
from judging.identity.models import Redaction
from judging.reading.services.blind import blind_entry
from judging.rounds.models import Round
from tests.conftest import STORY, post_form
from tests.judging_fixtures import (
    active_pairs,
    add_judge,
    codes,
    commit_round,
    first_round_id,
    set_readers,
    shown,
)

STORY_START = STORY.split("\n")[0]
CODE_RE = re.compile(r"^SK-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$")


@pytest.fixture
def round_id(app, edition_id):
    """The sơ khảo round."""
    return first_round_id(app, edition_id)


@pytest.fixture
def organizer(login_as, english):
    """The test client, logged in as an organizer, in English."""
    login_as(Role.ORGANIZER)
    return english


def set_featured_unit(app, entry_id: int, unit_id: int) -> None:
    """Say that the entry's featured person belongs to a unit."""
    with app.app_context():
        person = db.session.scalar(
            select(FeaturedPerson).where(FeaturedPerson.entry_id == entry_id)
        )
        person.unit_id = unit_id
        db.session.commit()


def conflicts_of(app, edition_id: int) -> dict[tuple[int, int], set[ConflictReason]]:
    """The computed conflict map of the edition's pool and sơ khảo entries."""
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        entries = roster.round_entries(edition.rounds[0])
        return conflicts.conflict_map(edition, services.judge_pool(edition), entries)


def count(app, model) -> int:
    """Rows of a table."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


# -- conflicts -------------------------------------------------------------------------


def test_same_unit_and_featured_unit_are_conflicts(
    app, edition_id, make_unit, make_user, make_entry
):
    """A judge never reads an author of their unit, nor a story about their unit."""
    home, other = make_unit("Sở Y tế"), make_unit("Thành đoàn")
    judge = add_judge(app, make_user, edition_id, unit_id=home)
    same = make_entry(unit_id=home, title="Cùng đơn vị")
    about = make_entry(unit_id=other, title="Nhân vật cùng đơn vị")
    set_featured_unit(app, about.id, home)
    free = make_entry(unit_id=other, title="Không liên quan")
    found = conflicts_of(app, edition_id)
    assert found[(judge.id, same.id)] == {ConflictReason.SAME_UNIT}
    assert found[(judge.id, about.id)] == {ConflictReason.FEATURED_UNIT}
    assert (judge.id, free.id) not in found


def test_same_locality_is_a_conflict_only_when_the_edition_asks(
    app, edition_id, make_unit, make_user, make_entry
):
    """Organizers can extend conflicts to the judge's whole locality."""
    judge_unit, author_unit = make_unit("Sở Y tế"), make_unit("Quận Ba Đình")
    judge = add_judge(app, make_user, edition_id, unit_id=judge_unit)
    entry = make_entry(unit_id=author_unit)  # both units are in "Hà Nội"
    assert (judge.id, entry.id) not in conflicts_of(app, edition_id)
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        services.set_conflict_same_locality(None, edition, True)
        db.session.commit()
    assert conflicts_of(app, edition_id)[(judge.id, entry.id)] == {
        ConflictReason.SAME_LOCALITY
    }


def test_declared_conflicts_cover_every_entry_of_an_author_or_one_entry(
    app, edition_id, make_user, make_entry
):
    """Organizers declare judge × author (all their entries) or judge × one entry."""
    judge = add_judge(app, make_user, edition_id)
    writer = make_user(full_name="Tác Giả Quen")
    first = make_entry(owner=writer, title="Bài một")
    second = make_entry(owner=writer, title="Bài hai")
    third = make_entry(title="Bài ba")
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        judge_row = db.session.get(User, judge.id)
        conflicts.add_conflict(
            None, edition, judge_row, author=db.session.get(User, writer.id)
        )
        conflicts.add_conflict(
            None, edition, judge_row, entry=db.session.get(Entry, third.id)
        )
        db.session.commit()
    found = conflicts_of(app, edition_id)
    assert found[(judge.id, first.id)] == {ConflictReason.DECLARED_AUTHOR}
    assert found[(judge.id, second.id)] == {ConflictReason.DECLARED_AUTHOR}
    assert found[(judge.id, third.id)] == {ConflictReason.DECLARED_ENTRY}


def test_no_conflicted_pair_is_ever_assigned(
    app, edition_id, round_id, make_unit, make_user, make_entry
):
    """Every entry gets exactly two readers, none of them in conflict with it."""
    units = [make_unit(f"Đơn vị {i}") for i in range(3)]
    for i in range(6):
        add_judge(app, make_user, edition_id, unit_id=units[i % 3])
    entries = [make_entry(unit_id=units[i % 3], title=f"Bài {i}") for i in range(12)]
    set_featured_unit(app, entries[0].id, units[1])
    set_featured_unit(app, entries[1].id, units[2])
    commit_round(app, round_id)
    pairs = active_pairs(app, round_id)
    assert not pairs & set(conflicts_of(app, edition_id))
    readers = {e.id: 0 for e in entries}
    for _judge, entry in pairs:
        readers[entry] += 1
    assert set(readers.values()) == {2}


def test_a_final_council_reads_everything_it_may(
    app, edition_id, round_id, make_unit, make_user, make_entry
):
    """With "every judge" readers, each judge reads every entry except conflicted ones."""
    home = make_unit("Sở Y tế")
    near = add_judge(app, make_user, edition_id, unit_id=home)
    others = [add_judge(app, make_user, edition_id) for _ in range(2)]
    mine = make_entry(unit_id=home, title="Bài của Sở")
    rest = [make_entry(title=f"Bài {i}") for i in range(3)]
    set_readers(app, round_id, None)
    commit_round(app, round_id)
    pairs = active_pairs(app, round_id)
    assert (near.id, mine.id) not in pairs
    expected = {(j.id, e.id) for j in [near, *others] for e in [mine, *rest]}
    assert pairs == expected - {(near.id, mine.id)}


# -- runs ---------------------------------------------------------------------------------


def test_only_submitted_or_forwarded_entries_enter_so_khao(
    app, edition_id, round_id, make_user, make_entry
):
    """Drafts, withdrawn and ineligible entries are not read; forwarded ones are."""
    for _ in range(2):
        add_judge(app, make_user, edition_id)
    kept = make_entry(title="Đã nộp")
    forwarded = make_entry(title="Đơn vị gửi")
    draft = make_entry(title="Bản nháp", submit=False)
    withdrawn = make_entry(title="Đã rút")
    ineligible = make_entry(title="Không hợp lệ")
    with app.app_context():
        db.session.get(Entry, forwarded.id).status = EntryStatus.FORWARDED
        db.session.get(Entry, withdrawn.id).status = EntryStatus.WITHDRAWN
        db.session.get(Entry, ineligible.id).status = EntryStatus.NOT_ELIGIBLE
        db.session.commit()
    commit_round(app, round_id)
    read = {entry for _judge, entry in active_pairs(app, round_id)}
    assert read == {kept.id, forwarded.id}
    with app.app_context():
        statuses = {e.id: e.status for e in db.session.scalars(select(Entry))}
    assert statuses[kept.id] == statuses[forwarded.id] == EntryStatus.UNDER_REVIEW
    assert statuses[draft.id] == EntryStatus.DRAFT
    assert statuses[withdrawn.id] == EntryStatus.WITHDRAWN


def test_preview_shows_loads_and_expertise_and_writes_nothing(
    app, organizer, edition_id, round_id, make_user, make_entry, outbox
):
    """The organizer sees the plan's figures; no reading, code, email or log is saved."""
    with app.app_context():
        field = db.session.get(Edition, edition_id).fields[0].name
    add_judge(app, make_user, edition_id, fields=(field,), full_name="Chuyên Gia")
    add_judge(app, make_user, edition_id, full_name="Không Chuyên")
    add_judge(app, make_user, edition_id, full_name="Người Thứ Ba")
    entries = [make_entry(title=f"Bài {i}") for i in range(3)]
    before = [count(app, m) for m in (Assignment, JudgingCode, AuditLog, JudgeProfile)]
    outbox.clear()
    url = f"/organizer/editions/{edition_id}/judging/rounds/{round_id}/preview?seed=42"
    response = organizer.get(url)
    text = shown(response)
    assert response.status_code == 200
    assert "Load per judge (min / max / average)" in text
    # 6 readings over 3 judges, within ±1 of 2: the field's expert reads all three.
    assert "1 / 3 / 2.0" in text
    assert (
        "<tr><td>Chuyên Gia</td><td>0</td><td>3</td><td>3</td><td>3</td></tr>" in text
    )
    assert "Entries without an expert reader" in text
    assert "Chuyên Gia" in text and "Commit this assignment" in text
    after = [count(app, m) for m in (Assignment, JudgingCode, AuditLog, JudgeProfile)]
    assert after == before and outbox == []
    with app.app_context():
        assert {db.session.get(Entry, e.id).status for e in entries} == {
            EntryStatus.SUBMITTED
        }


def test_commit_gives_exactly_the_previewed_plan(
    app, organizer, edition_id, round_id, make_user, make_entry, outbox
):
    """Committing after a preview saves the same pairs (same seed), codes and emails."""
    judges = [add_judge(app, make_user, edition_id) for _ in range(3)]
    for i in range(4):
        make_entry(title=f"Bài {i}")
    with app.test_request_context():
        planned = set(
            runs.plan_round(db.session.get(Round, round_id), seed=99).new_pairs()
        )
        db.session.rollback()
    outbox.clear()
    response = post_form(
        organizer,
        f"/organizer/editions/{edition_id}/judging/rounds/{round_id}/commit",
        {"seed": "99", "balance": "y"},
        follow_redirects=True,
    )
    assert "Assignment saved: 8 new readings" in shown(response)
    assert active_pairs(app, round_id) == planned
    given = codes(app, round_id)
    assert len(given) == 4 and all(CODE_RE.match(c) for c in given.values())
    emailed = {m["To"] for m in outbox}
    with app.app_context():
        assert emailed == {db.session.get(User, j.id).email for j in judges}
    assert all("/judge/" in m.get_content() for m in outbox)
    with app.app_context():
        assert db.session.get(Round, round_id).is_open


def test_rerun_keeps_existing_and_started_readings_and_fills_gaps(
    app, edition_id, round_id, make_user, make_entry
):
    """Late entries get readers; nobody loses an entry they already had or started."""
    for _ in range(4):
        add_judge(app, make_user, edition_id)
    for i in range(6):
        make_entry(title=f"Bài {i}")
    commit_round(app, round_id, seed=1)
    before = active_pairs(app, round_id)
    with app.app_context():
        started = db.session.scalar(select(Assignment).limit(1))
        started.opened_at = datetime.now(UTC)
        started_pair = (started.judge_id, started.entry_id)
        db.session.commit()
    late = make_entry(title="Bài nộp muộn")
    new_pairs = commit_round(app, round_id, seed=2)
    after = active_pairs(app, round_id)
    assert before <= after and started_pair in after
    assert {entry for _judge, entry in new_pairs} == {late.id}
    assert len(new_pairs) == 2


def test_codes_are_random_per_round_and_unrelated_to_numbers(
    app, edition_id, make_user, make_entry
):
    """Each round gives fresh random codes; none contains the entry's number or id."""
    for _ in range(2):
        add_judge(app, make_user, edition_id)
    entries = [make_entry(title=f"Bài {i}") for i in range(5)]
    with app.app_context():
        rounds = db.session.get(Edition, edition_id).rounds
        first = runs.ensure_codes(rounds[0], db.session.scalars(select(Entry)).all())
        second = runs.ensure_codes(rounds[1], db.session.scalars(select(Entry)).all())
        again = runs.ensure_codes(rounds[0], db.session.scalars(select(Entry)).all())
        db.session.commit()
    assert again == first  # kept once given
    assert len(set(first.values())) == len(entries)
    for entry in entries:
        assert first[entry.id] != second[entry.id].replace("CK-", "SK-")
        body = first[entry.id][3:]
        assert entry.number[-6:] not in body and str(entry.id) != body


def test_infeasible_round_is_explained_in_plain_words(
    app, organizer, edition_id, round_id, make_user, make_entry
):
    """One judge cannot give two readings: the organizer reads why, no trace, no rows."""
    add_judge(app, make_user, edition_id)
    entry = make_entry()
    url = f"/organizer/editions/{edition_id}/judging/rounds/{round_id}/preview?seed=3"
    text = shown(organizer.get(url))
    assert f"Entry {entry.number} needs 2 readers, but only 1 judges" in text
    assert "Traceback" not in text and "AssignmentInfeasible" not in text
    response = post_form(
        organizer,
        f"/organizer/editions/{edition_id}/judging/rounds/{round_id}/commit",
        {"seed": "3", "balance": "y"},
        follow_redirects=True,
    )
    assert f"Entry {entry.number} needs 2 readers" in shown(response)
    assert count(app, Assignment) == 0 and count(app, JudgingCode) == 0


def test_balance_refusal_suggests_running_without_balancing(
    app, organizer, edition_id, round_id, make_unit, make_user, make_entry
):
    """When only balancing blocks the run, the explanation says so and it then works."""
    home = make_unit("Sở Y tế")
    add_judge(app, make_user, edition_id, unit_id=home, full_name="Giám Khảo A")
    add_judge(app, make_user, edition_id, unit_id=home, full_name="Giám Khảo B")
    add_judge(app, make_user, edition_id)
    for i in range(3):
        make_entry(unit_id=home, title=f"Bài {i}")  # A and B may read none of these
    make_entry(title="Bài khác")
    set_readers(app, round_id, 1)
    base = f"/organizer/editions/{edition_id}/judging/rounds/{round_id}/preview?seed=3"
    text = shown(organizer.get(base))
    assert "Balanced loads need 2 more readings for Giám Khảo A, Giám Khảo B" in text
    assert "Run it again without balancing" in text
    assert "Commit this assignment" in shown(organizer.get(base + "&balance=0"))


# -- moves and recusal ------------------------------------------------------------------


def test_move_checks_the_target_and_moves_the_reading(
    app, organizer, edition_id, round_id, make_unit, make_user, make_entry
):
    """A move to a conflicted judge is refused with a reason; a valid one goes through."""
    home = make_unit("Sở Y tế")
    a = add_judge(app, make_user, edition_id)
    b = add_judge(app, make_user, edition_id)
    near = add_judge(app, make_user, edition_id, unit_id=home)
    free = add_judge(app, make_user, edition_id, full_name="Người Nhận")
    entry = make_entry(unit_id=home)
    set_readers(app, round_id, 1)
    commit_round(app, round_id)
    (reader,) = [j for j, _ in active_pairs(app, round_id)]
    assert reader in {a.id, b.id, free.id}
    target = a.id if reader != a.id else b.id
    url = f"/organizer/editions/{edition_id}/judging/rounds/{round_id}/move"
    refused = post_form(
        organizer,
        url,
        {"entry": entry.number, "source_id": reader, "target_id": near.id},
        follow_redirects=True,
    )
    assert "has a conflict with this entry" in shown(refused)
    assert active_pairs(app, round_id) == {(reader, entry.id)}
    moved = post_form(
        organizer,
        url,
        {
            "entry": codes(app, round_id)[entry.id],
            "source_id": reader,
            "target_id": target,
        },
        follow_redirects=True,
    )
    assert "The entry has been moved." in shown(moved)
    assert active_pairs(app, round_id) == {(target, entry.id)}


def test_recusal_reassigns_the_entry_and_ends_access(
    app, client, edition_id, round_id, make_user, make_entry, outbox
):
    """ "I have a conflict": the entry goes to another judge and the first never sees it."""
    judges = [add_judge(app, make_user, edition_id) for _ in range(3)]
    entry = make_entry()
    commit_round(app, round_id)
    code = codes(app, round_id)[entry.id]
    (leaving, staying) = sorted(j for j, _ in active_pairs(app, round_id))
    person = next(j for j in judges if j.id == leaving)
    post_form(
        client, "/auth/login", {"email": person.email, "password": person.password}
    )
    assert client.get(f"/judge/entries/{code}").status_code == 200
    outbox.clear()
    response = post_form(
        client,
        f"/judge/entries/{code}/conflict",
        {"confirm": "y"},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert f"/judge/entries/{code}" not in shown(response)
    pairs = active_pairs(app, round_id)
    assert len(pairs) == 2 and (leaving, entry.id) not in pairs
    assert (staying, entry.id) in pairs
    assert client.get(f"/judge/entries/{code}").status_code == 404
    assert client.get(f"/judge/entries/{code}/conflict").status_code == 404
    newcomer = next(j for j, _ in pairs if j != staying)
    with app.app_context():
        assert [m["To"] for m in outbox] == [db.session.get(User, newcomer).email]
    # A later run never gives it back to the judge who recused.
    commit_round(app, round_id, seed=11)
    assert (leaving, entry.id) not in active_pairs(app, round_id)


def test_organizer_conflict_ends_a_reading_already_given(
    app, organizer, edition_id, round_id, make_user, make_entry
):
    """Declaring a conflict late removes the entry from that judge; a re-run refills."""
    for _ in range(3):
        add_judge(app, make_user, edition_id)
    entry = make_entry()
    commit_round(app, round_id)
    reader = min(j for j, _ in active_pairs(app, round_id))
    response = post_form(
        organizer,
        f"/organizer/editions/{edition_id}/judging/conflicts",
        {"judge_id": reader, "entry_number": entry.number, "add_conflict": "1"},
        follow_redirects=True,
    )
    assert "The conflict has been recorded." in shown(response)
    assert (reader, entry.id) not in active_pairs(app, round_id)
    commit_round(app, round_id, seed=5)
    pairs = active_pairs(app, round_id)
    assert len(pairs) == 2 and (reader, entry.id) not in pairs


def test_conflict_form_needs_exactly_one_target(app, organizer, edition_id, make_user):
    """An author's email or an entry number, not both, not neither, not unknown ones."""
    judge = add_judge(app, make_user, edition_id)
    url = f"/organizer/editions/{edition_id}/judging/conflicts"
    empty = post_form(organizer, url, {"judge_id": judge.id, "add_conflict": "1"})
    assert "Give either an author's email or an entry number." in shown(empty)
    unknown = post_form(
        organizer,
        url,
        {"judge_id": judge.id, "author_email": "ai@khong.vn", "add_conflict": "1"},
    )
    assert "No account has this email." in shown(unknown)


# -- the pool ------------------------------------------------------------------------------


def test_pool_shows_unit_locality_expertise_load_and_rounds(
    app, organizer, edition_id, make_unit, make_user
):
    """The organizer sets a judge's profile and sees it in the pool table."""
    unit = make_unit("Báo Người Thủ đô")
    person = make_user(Role.JUDGE, unit_id=unit, full_name="Phạm Văn Đức")
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        field = edition.fields[1]
        final = edition.rounds[1]
        field_id, field_name, final_id, final_name = (
            field.id,
            field.name,
            final.id,
            final.name,
        )
    url = f"/organizer/editions/{edition_id}/judging/judges/{person.id}"
    assert "not in the pool of this edition yet" in shown(organizer.get(url))
    response = post_form(
        organizer,
        url,
        {
            "locality": "Ba Đình",
            "fields": field_id,
            "max_load": "40",
            "rounds": final_id,
        },
        follow_redirects=True,
    )
    row = re.search(r"<tr>\s*<td><a[^>]*>Phạm Văn Đức.*?</tr>", shown(response), re.S)
    assert row, shown(response)
    cells = row.group(0)
    for value in ("Báo Người Thủ đô", "Ba Đình", field_name, "40", final_name):
        assert value in cells
    assert "Not yet" in cells  # the declaration is signed on the first visit
    bad = post_form(organizer, url, {"max_load": "0"})
    assert "Number must be between 1 and 10000." in shown(bad)
    with app.app_context():
        assert db.session.scalar(select(JudgeProfile.max_load)) == 40  # kept


# -- identity scan and redaction ----------------------------------------------------------


def test_identity_hit_is_redacted_for_judges_only_and_logged(
    app, organizer, edition_id, round_id, make_user, make_entry
):
    """One click hides the author's line from judges; the original and log keep no copy."""
    text = f"{STORY_START}\n\nTác giả: Trần Thị Tác Giả, 0912 000 111"
    entry = make_entry(text=text)
    url = f"/organizer/editions/{edition_id}/judging/identity"
    page = shown(organizer.get(url))
    assert "Tác giả: Trần Thị Tác Giả, 0912 000 111" in page
    start = text.index("Tác giả:")
    with app.app_context():
        version_id = db.session.scalar(select(EntryVersion.id))
    response = post_form(
        organizer,
        url,
        {"version_id": version_id, "start": start, "end": len(text), "redact": "1"},
        follow_redirects=True,
    )
    assert "Hidden from judges. The original text is kept." in shown(response)
    assert "Entries with findings: 0" in shown(response)
    with app.app_context():
        version = db.session.get(EntryVersion, version_id)
        assert version.text == text  # the original is intact
        blind = blind_entry(version.entry, "SK-TEST22")
        assert "Trần Thị Tác Giả" not in blind.text and "▇▇▇" in blind.text
        log = db.session.scalar(
            select(AuditLog).where(AuditLog.action == "judging.redact")
        )
        assert log.object_id == entry.id and "Tác Giả" not in str(log.detail)


@pytest.mark.parametrize(
    "data",
    [
        {"version_id": "x", "start": "0", "end": "5", "redact": "1"},
        {"version_id": "{version}", "start": "5", "end": "2", "redact": "1"},
        {"version_id": "{version}", "start": "0", "end": "999999", "redact": "1"},
        {"version_id": "999999", "start": "0", "end": "5", "redact": "1"},
        {"redaction_id": "abc", "unredact": "1"},
    ],
)
def test_bad_redaction_requests_are_refused_cleanly(
    app, organizer, edition_id, make_entry, data
):
    """Tampered forms get 400/404, never a 500 or a half-saved redaction."""
    make_entry()
    with app.app_context():
        version_id = db.session.scalar(select(EntryVersion.id))
    payload = {k: v.format(version=version_id) for k, v in data.items()}
    url = f"/organizer/editions/{edition_id}/judging/identity"
    assert post_form(organizer, url, payload).status_code in (400, 404)
    assert count(app, Redaction) == 0


def test_bad_conflict_id_is_refused(app, organizer, edition_id):
    """A tampered conflict id answers 400, not 500."""
    url = f"/organizer/editions/{edition_id}/judging/conflicts"
    response = post_form(organizer, url, {"conflict_id": "x", "remove_conflict": "1"})
    assert response.status_code == 400

"""Gates between stages, as organizers, chairs and units meet them in the app.

A round does not open while identity findings or similar pairs of its entries are
undecided (unless overridden with a logged reason); the award list waits for the
entry deadline and the last round; after publication nothing that changes a result
moves until the list is reopened. Every refusal says why, on the page, with a link.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from contest.extensions import db
from contest.models import AuditLog, Edition, Entry, EntryStatus, Role, User
from judging.assignment.models import Assignment
from judging.assignment.services import runs
from judging.awards.models.lists import AwardStage
from judging.awards.services import lists as award_service
from judging.plagiarism.models import MatchStatus, SimilarityMatch
from judging.rounds.models import Round
from judging.scoring.models import Score, ScoreStatus
from judging.stages.core import Blocker
from judging.stages.services import StageRefused
from tests.award_fixtures import award_list
from tests.conftest import STORY, login, post_form
from tests.judging_fixtures import add_judge, first_round_id, shown
from tests.stage_fixtures import close_entries, judging_done

LEAK = f"{STORY}\n\nTác giả: Trần Thị Tác Giả, điện thoại 0912 000 111"


@pytest.fixture
def organizer(login_as, english):
    """The test client, logged in as an organizer, in English."""
    login_as(Role.ORGANIZER)
    return english


@pytest.fixture
def world(app, make_edition, make_user, make_entry):
    """An edition open for entries with two entries (one names its author and phone)
    and two judges in every round."""
    edition_id = make_edition()
    clean = make_entry(title="Bếp cơm yêu thương")
    leaky = make_entry(title="Người gác đêm", text=LEAK)
    for name in ("Giám Khảo Một", "Giám Khảo Hai"):
        add_judge(app, make_user, edition_id, full_name=name)
    return {
        "edition_id": edition_id,
        "round_id": first_round_id(app, edition_id),
        "clean": clean,
        "leaky": leaky,
    }


def round_url(world, tail: str = "") -> str:
    return (
        f"/organizer/editions/{world['edition_id']}/judging/rounds/"
        f"{world['round_id']}{tail}"
    )


def commit(organizer, world, **extra):
    """Post the commit form of a preview with seed 7."""
    return post_form(
        organizer,
        round_url(world, "/commit"),
        {"seed": "7", "balance": "y", **extra},
        follow_redirects=True,
    )


def round_row(app, world) -> Round:
    with app.app_context():
        row = db.session.get(Round, world["round_id"])
        db.session.expunge(row)
        return row


def test_identity_findings_block_the_round_until_overridden_with_a_reason(
    app, organizer, world
):
    """The round page and the preview name what blocks; committing is refused with
    the reason; a written reason opens it, logged with the entries that were pending."""
    page = shown(organizer.get(round_url(world)))
    assert "1 entries with identity findings to check." in page
    assert f"/organizer/editions/{world['edition_id']}/judging/identity" in page
    preview = shown(organizer.get(round_url(world, "/preview?seed=7")))
    assert "Committing opens the round to judges, but first:" in preview
    assert "Open anyway: why (logged)" in preview

    refused = commit(organizer, world)
    assert "The assignment was not saved:" in shown(refused)
    assert "1 entries with identity findings to check." in shown(refused)
    assert round_row(app, world).opened_at is None
    with app.app_context():
        assert db.session.scalar(select(Assignment.id)) is None

    done = shown(
        commit(organizer, world, override_reason="Đã đọc: chỉ là tên nhân vật")
    )
    assert "The round is now open to judges" in done
    assert "Open the round to judges" not in done  # no longer offered
    assert round_row(app, world).opened_at is not None
    with app.app_context():
        log = db.session.scalar(
            select(AuditLog).where(AuditLog.action == "judging.stage_override")
        )
        assert log.detail["reason"] == "Đã đọc: chỉ là tên nhân vật"
        assert log.detail["pending"]["identity"] == [world["leaky"].number]
        assert log.detail["pending"]["plagiarism"] == []


def test_redacting_the_finding_clears_the_gate(app, organizer, world):
    """Once the finding is hidden from judges, the round opens without a reason."""
    with app.app_context():
        version = db.session.get(Entry, world["leaky"].id).latest_version
        start = version.text.index("Tác giả:")
        version_id, end = version.id, len(version.text)
    post_form(
        organizer,
        f"/organizer/editions/{world['edition_id']}/judging/identity",
        {"version_id": version_id, "start": start, "end": end, "redact": "1"},
    )
    assert "identity findings" not in shown(organizer.get(round_url(world)))
    assert "The round is now open to judges" in shown(commit(organizer, world))


def test_a_heroes_village_address_does_not_hold_the_round(
    app, organizer, make_edition, make_user, make_entry
):
    """The rules ask for the featured person's address, so a "thôn …, xã …" in the
    story is listed for review but does not block the round."""
    edition_id = make_edition()
    make_entry(
        title="Cô giáo vùng cao",
        text=f"{STORY}\n\nCô Lò Thị Mai sống ở thôn Nà Pồng, xã Mường Lầm.",
    )
    for name in ("Giám Khảo Một", "Giám Khảo Hai"):
        add_judge(app, make_user, edition_id, full_name=name)
    world = {"edition_id": edition_id, "round_id": first_round_id(app, edition_id)}
    assert "identity findings" not in shown(organizer.get(round_url(world)))
    assert "The round is now open to judges" in shown(commit(organizer, world))


def test_undecided_similar_pair_blocks_and_is_marked(app, organizer, world):
    """A pair awaiting a decision blocks the round and marks its entries in the
    preview; deciding it clears the gate (the identity finding is redacted first)."""
    with app.app_context():
        version = db.session.get(Entry, world["leaky"].id).latest_version
        version.text = STORY + "\n\nMột câu khác."
        pair = SimilarityMatch(
            edition_id=world["edition_id"],
            pair_key=f"{world['edition_id']}:e{world['leaky'].id}:e{world['clean'].id}",
            a_entry_id=world["leaky"].id,
            b_entry_id=world["clean"].id,
            score=1.0,
            a_share=1.0,
            b_share=1.0,
            same_author=True,
        )
        db.session.add(pair)
        db.session.commit()
        pair_id = pair.id
    preview = shown(organizer.get(round_url(world, "/preview?seed=7")))
    assert "1 similar pairs still to decide." in preview
    assert "Entries in a similar pair nobody has decided yet:" in preview
    assert world["leaky"].number in preview and world["clean"].number in preview
    assert "The assignment was not saved" in shown(commit(organizer, world))
    with app.app_context():
        db.session.get(SimilarityMatch, pair_id).status = MatchStatus.NOT_COPYING
        db.session.commit()
    assert "The round is now open to judges" in shown(commit(organizer, world))


def test_untyped_scans_are_listed_with_their_deadline(app, organizer, world):
    """A scanned paper entry nobody typed is named on the round page, with the
    typing deadline; it does not block."""
    with app.app_context():
        db.session.get(Entry, world["clean"].id).needs_typing = True
        db.session.commit()
    page = shown(organizer.get(round_url(world)))
    assert "1 scanned paper entries nobody has typed yet are left out" in page
    assert "Typing deadline:" in page and world["clean"].number in page


def test_preview_says_seed_in_words_and_warns_without_field_readers(organizer, world):
    """No judge has a field: the preview says so instead of a silent 0.0%."""
    page = shown(organizer.get(round_url(world, "/preview?seed=7")))
    assert "Draw number: 7." in page and "same assignment again" in page
    assert "2 of 2 entries get no reader who works in their field." in page
    assert "choose each judge's fields in the judge pool" in page


def test_a_round_does_not_open_in_a_draft_edition(app, world):
    """Set-up first: the service refuses with the stage's reason."""
    with app.test_request_context():
        edition = db.session.get(Edition, world["edition_id"])
        edition.status = "draft"
        round_ = db.session.get(Round, world["round_id"])
        with pytest.raises(StageRefused) as refused:
            runs.commit_round(None, round_, seed=1, balance=True, now=datetime.now(UTC))
        assert Blocker.EDITION_DRAFT in refused.value.verdict.codes()


# -- the award list and publication ------------------------------------------------


@pytest.fixture
def scored(app, make_edition, make_user, make_entry):
    """One entry read and scored in the final round (nothing closed yet)."""
    edition_id = make_edition()
    entry = make_entry(title="Câu chuyện A")
    judge = make_user(Role.JUDGE, full_name="Giám Khảo Chung")
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        final = edition.rounds[-1]
        reading = Assignment(round_id=final.id, judge_id=judge.id, entry_id=entry.id)
        db.session.add(reading)
        db.session.flush()
        db.session.add(
            Score(
                assignment_id=reading.id,
                values={str(c.id): c.max_points * 0.9 for c in edition.criteria},
                status=ScoreStatus.SUBMITTED,
                submitted_at=datetime.now(UTC),
            )
        )
        db.session.get(Entry, entry.id).status = EntryStatus.SHORTLISTED
        final.opened_at = datetime.now(UTC) - timedelta(days=2)
        db.session.commit()
        return {
            "edition_id": edition_id,
            "entry_id": entry.id,
            "round_id": final.id,
            "reading_id": reading.id,
        }


def _submit(app, scored, organizer_id: int):
    with app.test_request_context():
        edition = db.session.get(Edition, scored["edition_id"])
        actor = db.session.get(User, organizer_id)
        award = award_service.start(actor, edition)
        award_service.submit(actor, award, None)
        db.session.commit()


def test_award_list_waits_for_entries_and_the_last_round(app, scored, make_user):
    """Submitting is refused while entries are accepted, then while the final round
    is open; once both are closed it goes to the chair."""
    person = make_user(Role.ORGANIZER)
    with pytest.raises(StageRefused) as early:
        _submit(app, scored, person.id)
    assert early.value.verdict.codes() == (Blocker.ENTRIES_OPEN,)
    close_entries(app, scored["edition_id"])
    with pytest.raises(StageRefused) as judging:
        _submit(app, scored, person.id)
    assert judging.value.verdict.codes() == (Blocker.ROUNDS_NOT_CLOSED,)
    judging_done(app, scored["edition_id"])
    _submit(app, scored, person.id)
    with app.app_context():
        edition = db.session.get(Edition, scored["edition_id"])
        assert award_service.award_list_of(edition).stage == AwardStage.SUBMITTED


def _publish(app, scored, make_user) -> None:
    """Entries and rounds closed, list submitted, approved by a chair, published."""
    judging_done(app, scored["edition_id"])
    organizer_person = make_user(Role.ORGANIZER)
    chair_person = make_user(Role.CHAIR)
    _submit(app, scored, organizer_person.id)
    with app.test_request_context():
        edition = db.session.get(Edition, scored["edition_id"])
        award = award_service.award_list_of(edition)
        award_service.approve(db.session.get(User, chair_person.id), award, None)
        award_service.publish(db.session.get(User, organizer_person.id), award, None)
        db.session.commit()


def test_after_publication_results_stay_until_the_list_is_reopened(
    app, client, login_as, scored, make_user
):
    """Reopening a judge's sheet, ruling the entry out, reopening a round: each is
    refused with the reason on the page; reopening the list with a reason unblocks
    them, and the public results page says the results are being corrected."""
    _publish(app, scored, make_user)
    login_as(Role.ORGANIZER)
    client.get("/lang/en")
    base = f"/organizer/editions/{scored['edition_id']}"
    readings = f"{base}/judging/rounds/{scored['round_id']}/readings"
    with app.app_context():
        score_id = db.session.scalar(select(Score.id))
    page = shown(client.get(readings))
    assert "The results are published: reopen the award list" in page
    unlock = post_form(
        client,
        f"{base}/judging/rounds/{scored['round_id']}/unlock",
        {"score_id": score_id, "reason": "Giám khảo xin sửa"},
        follow_redirects=True,
    )
    assert "The score sheet was not reopened:" in shown(unlock)
    ruled = post_form(
        client,
        f"/organizer/entries/{scored['entry_id']}/not-eligible",
        {"reason": "Sai thể lệ"},
        headers={"Referer": f"http://localhost/organizer/entries/{scored['entry_id']}"},
        follow_redirects=True,
    )
    assert "The results are published" in shown(ruled)
    reopen_round = post_form(
        client,
        f"{base}/judging/rounds/{scored['round_id']}/state",
        {"state": "open"},
        follow_redirects=True,
    )
    assert "The round's state was not changed:" in shown(reopen_round)
    with app.app_context():
        assert db.session.get(Score, score_id).status == ScoreStatus.SUBMITTED
        assert db.session.get(Entry, scored["entry_id"]).status == EntryStatus.AWARDED
        assert db.session.get(Round, scored["round_id"]).closed_at is not None

    results = f"/editions/{scored['edition_id']}/results"
    assert client.get(results).status_code == 200
    reopener = make_user(Role.ORGANIZER)
    with app.test_request_context():
        edition = db.session.get(Edition, scored["edition_id"])
        award = award_service.award_list_of(edition)
        award_service.reopen(
            db.session.get(User, reopener.id),
            award,
            None,
            "Sửa điểm một bài",
        )
        db.session.commit()
    corrected = shown(client.get(results))
    assert "The results are being corrected." in corrected
    assert "The results are being corrected." in shown(client.get("/"))
    again = post_form(
        client,
        f"{base}/judging/rounds/{scored['round_id']}/unlock",
        {"score_id": score_id, "reason": "Giám khảo xin sửa"},
        follow_redirects=True,
    )
    assert "The score sheet was reopened for its judge." in shown(again)


def test_landing_page_never_calls_for_entries_beside_published_results(
    app, client, make_edition, make_entry
):
    """Old data with results published while the edition is open: the landing page
    shows the results and no call for entries."""
    edition_id = make_edition()
    entry = make_entry(title="Câu chuyện A")
    award_list(app, edition_id, [(entry.id, "nhat")])
    client.get("/lang/en")
    page = shown(client.get("/"))
    assert "The results are out." in page
    assert "Submissions are open" not in page and "Take part" not in page


def test_chair_home_lists_lists_awaiting_approval(app, client, scored, make_user):
    """A chair lands on their page and sees the list waiting, linked; the reason
    field stands with "return" only."""
    judging_done(app, scored["edition_id"])
    _submit(app, scored, make_user(Role.ORGANIZER).id)
    chair = make_user(Role.CHAIR)
    assert login(client, chair.email, chair.password).status_code == 302
    client.get("/lang/en")
    home = shown(client.get("/account/"))
    assert "Award lists awaiting your approval" in home
    assert f"/organizer/editions/{scored['edition_id']}/awards/" in home
    page = client.get(f"/organizer/editions/{scored['edition_id']}/awards/")
    html = page.get_data(as_text=True)
    approve = html[html.index("/awards/approve") : html.index('id="return-form"')]
    assert 'name="reason"' not in approve
    returning = html[html.index('id="return-form"') :]
    assert 'name="reason"' in returning[: returning.index("</form>")]


# -- units ------------------------------------------------------------------------


def test_unit_is_warned_before_forwarding_a_duplicate(
    app, client, login_as, make_unit, make_edition, make_user, make_entry
):
    """The same author sent the same story twice: the list marks it, forwarding asks
    for confirmation first, and the confirmed forward is logged."""
    make_edition()
    unit_id = make_unit("UBND quận Hoàn Kiếm")
    author = make_user(full_name="Lê Văn Tám", unit_id=unit_id)
    first = make_entry(owner=author, title="Người lái đò", unit_id=unit_id)
    copy = make_entry(owner=author, title="Người lái đò (bản 2)", unit_id=unit_id)
    login_as(Role.UNIT, unit_id=unit_id, full_name="Bùi Thị Hương")
    client.get("/lang/en")
    listing = shown(client.get("/unit/"))
    assert listing.count("Possible duplicate") == 2
    warned = post_form(client, "/unit/forward", {"entry_ids": [str(copy.id)]})
    assert warned.status_code == 200
    page = shown(warned)
    assert "Check before forwarding" in page and first.number in page
    with app.app_context():
        assert db.session.get(Entry, copy.id).status == EntryStatus.SUBMITTED
    confirmed = post_form(
        client,
        "/unit/forward",
        {"entry_ids": [str(copy.id)], "confirm_suspected": "1"},
        follow_redirects=True,
    )
    assert "Entries forwarded to the city: 1." in shown(confirmed)
    with app.app_context():
        assert db.session.get(Entry, copy.id).status == EntryStatus.FORWARDED
        log = db.session.scalar(
            select(AuditLog).where(AuditLog.action == "entry.forward_suspected")
        )
        assert log.detail["entries"] == [copy.number]


def _published_refusals(app, scored, actor_id: int) -> dict[str, tuple]:
    """Try every other verb that changes a result on the published edition; the
    blockers each refusal carried, by verb."""
    from judging.assignment.services import moves
    from judging.plagiarism.services import decisions as plagiarism_decisions
    from judging.scoring.core.advancement import Selection
    from judging.scoring.services.results import (
        add_reader,
        commit_advancement,
        set_basis,
    )

    found = {}
    with app.test_request_context():
        actor = db.session.get(User, actor_id)
        edition = db.session.get(Edition, scored["edition_id"])
        final = db.session.get(Round, scored["round_id"])
        entry = db.session.get(Entry, scored["entry_id"])
        judge = db.session.get(
            User, db.session.get(Assignment, scored["reading_id"]).judge_id
        )
        pair = SimilarityMatch(
            edition_id=edition.id,
            pair_key=f"{edition.id}:e{entry.id}:judge{actor_id}",
            a_entry_id=entry.id,
        )
        db.session.add(pair)
        db.session.flush()
        attempts = {
            "move": lambda: moves.move_entry(actor, final, entry, judge, actor),
            "advance": lambda: commit_advancement(
                actor,
                edition.rounds[0],
                Selection((entry.id,), (), (), frozenset({entry.id})),
                datetime.now(UTC),
            ),
            "rule_copying": lambda: plagiarism_decisions.decide(
                pair, actor, MatchStatus.COPYING, "Chép", entry, datetime.now(UTC)
            ),
            "close_round": lambda: runs.set_round_open(
                actor, final, False, datetime.now(UTC)
            ),
            "extra_reader": lambda: add_reader(actor, final, [entry]),
            "score_basis": lambda: set_basis(actor, final, "raw"),
        }
        for name, attempt in attempts.items():
            with pytest.raises(StageRefused) as refused:
                attempt()
            found[name] = refused.value.verdict.codes()
        db.session.rollback()
    return found


def test_every_verb_that_changes_a_result_waits_after_publication(
    app, scored, make_user
):
    """Moving a reading, advancement, a copying ruling, closing a round, an extra
    reader, re-ranking on another score: refused with "results published" until the
    list is reopened."""
    _publish(app, scored, make_user)
    actor = make_user(Role.ORGANIZER, full_name="Người Thứ Hai")
    refusals = _published_refusals(app, scored, actor.id)
    assert set(refusals) == {
        "move",
        "advance",
        "rule_copying",
        "close_round",
        "extra_reader",
        "score_basis",
    }
    assert all(Blocker.RESULTS_PUBLISHED in codes for codes in refusals.values())


def test_a_list_with_the_chair_freezes_results_until_returned(
    app, client, login_as, scored, make_user
):
    """Submitted to the chair: reopening a judge's sheet is refused, with the reason
    on the page, until the list is returned to draft."""
    judging_done(app, scored["edition_id"])
    _submit(app, scored, make_user(Role.ORGANIZER).id)
    login_as(Role.ORGANIZER)
    client.get("/lang/en")
    with app.app_context():
        score_id = db.session.scalar(select(Score.id))
    unlock = post_form(
        client,
        f"/organizer/editions/{scored['edition_id']}/judging/rounds/"
        f"{scored['round_id']}/unlock",
        {"score_id": score_id, "reason": "Giám khảo xin sửa"},
        follow_redirects=True,
    )
    assert "The award list is with the chair: return it to draft" in shown(unlock)
    with app.app_context():
        assert db.session.get(Score, score_id).status == ScoreStatus.SUBMITTED


def test_template_and_quotation_pairs_do_not_hold_the_round(app, organizer, world):
    """Undecided same-template and quotation pairs are listed for organizers but
    neither block the round nor mark its entries; a copy pair would."""
    with app.app_context():
        version = db.session.get(Entry, world["leaky"].id).latest_version
        version.text = STORY + "\n\nMột câu khác."
        for kind, b in (("template", world["clean"].id), ("quotation", None)):
            db.session.add(
                SimilarityMatch(
                    edition_id=world["edition_id"],
                    pair_key=f"{world['edition_id']}:e{world['leaky'].id}:{kind}",
                    a_entry_id=world["leaky"].id,
                    b_entry_id=b,
                    kind=kind,
                    score=0.0,
                    a_share=0.0,
                    b_share=0.0,
                )
            )
        db.session.commit()
    preview = shown(organizer.get(round_url(world, "/preview?seed=7")))
    assert "similar pairs still to decide" not in preview
    assert "Entries in a similar pair nobody has decided yet:" not in preview
    assert "The round is now open to judges" in shown(commit(organizer, world))

"""The stack benchmark's data, made with the app's own services inside the instance.

An edition open for submissions (``_surge_server.seed``: default tracks and limits,
one writer account per simulated writer), then: judges in the edition's pool with the
declaration signed (``judging.assignment.services.pool``), pre-seeded submitted entries (made-up
stories, ``contest.services.entries``), the first round's assignment committed like
the organizer's button (``judging.assignment.services.runs.commit_round``, which opens the round), and
organizer accounts. Every account gets the cheap password hash of the surge.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from _surge_server import PASSWORD
from _surge_server import seed as seed_edition
from _surge_text import story


def _account(email: str, name: str, role, now: datetime):
    """A confirmed account with one role."""
    from contest.extensions import db
    from contest.models import User

    user = User(email=email, full_name=name, email_confirmed_at=now)
    user.set_password(PASSWORD)
    user.set_roles({role})
    db.session.add(user)
    return user


def _seed_entries(
    edition, owners: list, count: int, now: datetime, key: str = "stack-seed"
) -> None:
    """Submitted entries with new stories, spread over the owners."""
    from contest.services import entries as service

    rng = random.Random(2026)
    track = edition.tracks[0]
    for i in range(count):
        owner = owners[i % len(owners)]
        piece = story(rng, min(800, track.word_limit // 2), f"SEED-{i:05d}")
        entry = service.start_entry(owner, edition, key=f"{key}-{i}")
        service.save_draft(
            entry,
            owner,
            service.EntryData(
                title=piece.title,
                track_id=track.id,
                field_id=edition.fields[i % len(edition.fields)].id,
                genre="Ký",
                text=piece.text,
                authors=[
                    service.AuthorData(
                        full_name=owner.full_name,
                        phone="0912 000 111",
                        email=owner.email,
                    )
                ],
                featured=[
                    service.FeaturedData(
                        name=piece.featured,
                        unit_name="Phường Hàng Bạc",
                        summary="Nhiều năm lặng lẽ giúp đỡ người khó khăn.",
                    )
                ],
            ),
        )
        entry.declaration_accepted = True
        service.submit(entry, owner, now, notify=False)


def seed(
    app, writers: int, judges: int, organizers: int, entries: int, readers: int
) -> dict:
    """Everything the simulated users need: accounts, ids, codes per judge, rubric."""
    from sqlalchemy import delete, select

    from contest.extensions import db
    from contest.models import Edition, Job, OutboxMessage, Role, User
    from judging.assignment.models import Assignment, JudgingCode
    from judging.assignment.services import pool as services
    from judging.assignment.services import runs
    from judging.rounds.models import Criterion

    info = seed_edition(app, writers)
    now = datetime.now(UTC)
    with app.test_request_context():
        edition = db.session.get(Edition, info["edition_id"])
        owners = [
            _account(
                f"seed{i:03d}@stack.example.vn", f"Tác giả {i:03d}", Role.WRITER, now
            )
            for i in range(max(1, entries // 4))
        ]
        judge_users = [
            _account(
                f"judge{i:03d}@stack.example.vn", f"Giám khảo {i:03d}", Role.JUDGE, now
            )
            for i in range(judges)
        ]
        organizer_users = [
            _account(
                f"organizer{i:02d}@stack.example.vn",
                f"Ban tổ chức {i:02d}",
                Role.ORGANIZER,
                now,
            )
            for i in range(organizers)
        ]
        db.session.flush()
        for user in judge_users:
            services.save_profile(
                None,
                edition,
                user,
                locality="",
                field_ids=[],
                max_load=None,
                round_ids=[r.id for r in edition.rounds],
            )
            services.sign_declaration(user, edition, now)
        _seed_entries(edition, owners, entries, now)
        round_ = edition.rounds[0]
        round_.readers_per_entry = readers
        db.session.flush()
        runs.commit_round(None, round_, seed=7, balance=True, now=now)
        db.session.commit()
        # The seeded entries' checks and the judges' emails are not the load.
        db.session.execute(delete(Job))
        db.session.execute(delete(OutboxMessage))
        db.session.commit()
        codes: dict[str, list[str]] = {u.email: [] for u in judge_users}
        rows = db.session.execute(
            select(User.email, JudgingCode.code)
            .join(Assignment, Assignment.judge_id == User.id)
            .join(
                JudgingCode,
                (JudgingCode.round_id == Assignment.round_id)
                & (JudgingCode.entry_id == Assignment.entry_id),
            )
            .where(Assignment.round_id == round_.id, Assignment.recused_at.is_(None))
        )
        for email, code in rows:
            codes[email].append(code)
        criteria = [
            (c.id, c.max_points, c.step or 1.0)
            for c in db.session.scalars(
                select(Criterion)
                .where(Criterion.edition_id == edition.id)
                .order_by(Criterion.position)
            )
        ]
        info |= {
            "round_id": round_.id,
            "round_open": round_.is_open,
            "judge_codes": codes,
            "criteria": criteria,
            "organizers": [u.email for u in organizer_users],
            "seeded_entries": entries,
            "seed_owners": [u.email for u in owners],
        }
        db.session.remove()
        db.engine.dispose()
    return info


def seed_results(app, entries: int = 12) -> int:
    """A closed 2025 edition whose award list is published; its id."""
    from sqlalchemy import delete, select

    from contest.extensions import db
    from contest.models import EditionStatus, Entry, Job, Role
    from contest.services.editions import create_edition
    from judging.awards.models.lists import AwardList, AwardPlacement, AwardStage

    now = datetime.now(UTC)
    tiers = ("nhat", "nhi", "dac_biet")
    with app.test_request_context():
        edition = create_edition(None, title="Cuộc thi viết năm 2025", year=2025)
        edition.submission_opens_at = now - timedelta(days=400)
        edition.submission_closes_at = now + timedelta(days=1)
        edition.status = EditionStatus.PUBLISHED
        owners = [
            _account(
                f"past{i:03d}@stack.example.vn", f"Tác giả cũ {i:03d}", Role.WRITER, now
            )
            for i in range(entries)
        ]
        db.session.flush()
        _seed_entries(edition, owners, entries, now, key="stack-past")
        edition.submission_closes_at = now - timedelta(days=300)
        edition.status = EditionStatus.CLOSED
        award_list = AwardList(
            edition_id=edition.id, stage=AwardStage.PUBLISHED, published_at=now
        )
        db.session.add(award_list)
        db.session.flush()
        past = db.session.scalars(
            select(Entry).where(Entry.edition_id == edition.id).order_by(Entry.id)
        )
        for position, entry in enumerate(past, start=1):
            db.session.add(
                AwardPlacement(
                    award_list_id=award_list.id,
                    entry_id=entry.id,
                    track_id=entry.track_id,
                    tier=tiers[min(position - 1, 2)],
                    position=position,
                    score=90.0 - position,
                )
            )
        db.session.commit()
        db.session.execute(delete(Job))  # their plagiarism checks are not the load
        db.session.commit()
        edition_id = edition.id
        db.session.remove()
        db.engine.dispose()
    return edition_id

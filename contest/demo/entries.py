"""Demo entries: the original stories of contest/demo/demo_data as submitted entries, a few
planted copies for the plagiarism checks, and last year's edition as the archive."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from contest.extensions import db
from contest.models import (
    Edition,
    EditionStatus,
    Entry,
    EntryChannel,
    Role,
    TrackKind,
    Unit,
    User,
)
from contest.services import editions
from contest.services import entries as service
from contest.textnorm import strip_accents

DATA = Path(__file__).resolve().parent / "demo_data"
TRACKS = {"bai_viet": TrackKind.WRITTEN, "bao_chi": TrackKind.PRESS}
DEMO_DOMAIN = "demo.vn"


def load_stories(name: str) -> list[dict]:
    """One of the JSON files of original demo stories."""
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def demo_writer(
    author: dict, units: dict[str, Unit], password: str, now: datetime
) -> User:
    """The writer account of a story's author (created once, confirmed)."""
    local = re.sub(r"[^a-z0-9]+", ".", strip_accents(author["full_name"])).strip(".")
    email = f"{local}@{DEMO_DOMAIN}"
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(
            email=email,
            full_name=author["full_name"],
            birth_year=author.get("birth_year"),
            email_confirmed_at=now,
        )
        user.unit = units.get(author.get("unit", ""))
        user.set_password(password)
        user.set_roles({Role.WRITER})
        db.session.add(user)
        db.session.flush()
    return user


def add_story(
    edition: Edition,
    story: dict,
    owner: User,
    units: dict[str, Unit],
    *,
    submitted_at: datetime,
    channel: EntryChannel = EntryChannel.ONLINE,
    text: str | None = None,
    title: str | None = None,
    submit: bool = True,
) -> Entry:
    """One story as an entry of the edition, submitted at the given time."""
    track = next(t for t in edition.tracks if t.kind == TRACKS[story["track"]])
    field = next(
        (f for f in edition.fields if f.name == story["field"]), edition.fields[-1]
    )
    author, featured = story["author"], story["featured"]
    unit = (
        units.get(author.get("unit", ""))
        if channel == EntryChannel.ONLINE
        else owner.unit
    )
    entry = service.start_entry(
        owner,
        edition,
        key=f"demo-{edition.year}-{story['id']}-{channel}-{title or ''}"[:64],
        channel=channel,
        unit_id=unit.id if unit else None,
    )
    press = track.kind == TrackKind.PRESS
    service.save_draft(
        entry,
        owner,
        service.EntryData(
            title=title or story["title"],
            track_id=track.id,
            field_id=field.id,
            genre=story.get("genre", "").capitalize(),
            text=text or story["text"],
            outlet="Báo Người Thủ đô" if press else "",
            published_on=(submitted_at - timedelta(days=40)).date() if press else None,
            link="https://nguoithudo.example/bai-viet" if press else "",
            authors=[
                service.AuthorData(
                    full_name=author["full_name"],
                    birth_year=author.get("birth_year"),
                    unit_name=author.get("unit", ""),
                    address=author.get("locality", ""),
                )
            ],
            featured=[
                service.FeaturedData(
                    name=featured["name"],
                    subject_kind="collective"
                    if featured.get("collective")
                    else "individual",
                    birth_year=featured.get("birth_year"),
                    unit_name=featured.get("unit", ""),
                    locality=featured.get("locality", ""),
                    field_name=story["field"],
                    summary=featured.get("summary", ""),
                )
            ],
        ),
    )
    for person in entry.featured:
        person.unit_id = (
            units[person.unit_name].id if person.unit_name in units else None
        )
    entry.declaration_accepted = True
    entry.created_at = submitted_at - timedelta(hours=2)
    if submit:
        service.submit(entry, owner, submitted_at, notify=False)
    return entry


def load_demo_entries(edition: Edition, password: str, now: datetime) -> int:
    """Every demo story as an entry, plus planted copies; how many entries were made."""
    units = {unit.name: unit for unit in db.session.scalars(select(Unit))}
    stories = load_stories("stories.json")
    by_id = {story["id"]: story for story in stories}
    count = 0
    for i, story in enumerate(stories):
        owner = demo_writer(story["author"], units, password, now)
        submitted_at = now - timedelta(days=29 - (i * 29) // len(stories), hours=i % 9)
        add_story(edition, story, owner, units, submitted_at=submitted_at)
        count += 1
    count += _plant_copies(edition, by_id, units, password, now)
    return count


def _plant_copies(
    edition: Edition,
    stories: dict[str, dict],
    units: dict[str, Unit],
    password: str,
    now: datetime,
) -> int:
    """Cases the plagiarism report must show: a duplicate sent by a unit, a partial
    copy, last year's entry sent again, and a light paraphrase."""
    focal = db.session.scalar(
        select(User).where(User.email == f"donvi.hoankiem@{DEMO_DOMAIN}")
    )
    first = stories["s01"]
    add_story(
        edition,
        first,
        focal,
        units,
        submitted_at=now - timedelta(days=3),
        channel=EntryChannel.UNIT,
    )

    copier = demo_writer(
        {"full_name": "Vương Đình Khôi", "unit": "UBND quận Thanh Xuân"},
        units,
        password,
        now,
    )
    own, lifted = stories["s20"], stories["s02"]["text"].split("\n\n")
    mixed = own["text"] + "\n\n" + "\n\n".join(lifted[: max(2, len(lifted) * 2 // 5)])
    add_story(
        edition,
        own | {"id": "copy-partial"},
        copier,
        units,
        submitted_at=now - timedelta(days=2),
        text=mixed,
        title="Những tấm lòng thầm lặng",
    )

    archived = load_stories("archive_2025.json")[0]
    again = demo_writer(archived["author"], units, password, now)
    add_story(
        edition,
        archived | {"id": "copy-archive"},
        again,
        units,
        submitted_at=now - timedelta(days=1),
    )

    paraphrase = load_stories("paraphrases.json")[0]
    disguiser = demo_writer(
        {"full_name": "Hồ Thị Lụa", "unit": "UBND huyện Gia Lâm"}, units, password, now
    )
    source = stories[paraphrase["id"]]
    add_story(
        edition,
        source | {"id": "copy-paraphrase"},
        disguiser,
        units,
        submitted_at=now - timedelta(hours=20),
        text=paraphrase["text"],
        title="Giọt hồng trao đi",
    )
    return 4


def load_archive_edition(title: str, password: str, now: datetime) -> Edition:
    """Last year's closed edition with its entries (the archive later years compare with)."""
    year = now.year - 1
    edition = editions.create_edition(None, title=title, year=year)
    edition.submission_opens_at = datetime(year, 3, 1, 1, 0, tzinfo=UTC)
    edition.submission_closes_at = datetime(year, 6, 30, 16, 59, tzinfo=UTC)
    units = {unit.name: unit for unit in db.session.scalars(select(Unit))}
    for i, story in enumerate(load_stories("archive_2025.json")):
        owner = demo_writer(story["author"], units, password, now)
        add_story(
            edition,
            story,
            owner,
            units,
            submitted_at=datetime.combine(
                date(year, 5, 1 + i), datetime.min.time(), tzinfo=UTC
            ),
        )
    edition.status = EditionStatus.CLOSED
    return edition

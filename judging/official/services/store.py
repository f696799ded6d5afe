"""The register of an edition's official documents and what every document needs:
the settings and issuer, the prize money, the next numbers, and keeping the issued
files. The verbs that issue each document are ``award_issue`` and ``setup_issue``
(``issuers.ISSUERS`` maps a kind to its verb). Verbs flush; the view commits.

Numbers come from one sequence per edition: the next number is one past the highest
ever taken, read under a lock on the edition's row, and (edition, first number) is
unique, so two organizers issuing at once never get the same number.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum

from sqlalchemy import func, select

from contest.exports.official.layout import Signer
from contest.extensions import db
from contest.locking import locked
from contest.models import (
    DocumentKind,
    DocumentSettings,
    Edition,
    IssuedDocument,
    PrizeAmount,
    User,
)
from contest.services.audit import audit
from contest.storage import store_bytes
from judging.awards.core import Tier
from judging.awards.models.lists import AwardList
from judging.awards.services.lists import award_list_of
from judging.official.core.context import Issuer, PrizeMoney, contest_name


class DocumentError(StrEnum):
    """Why a document cannot be issued (the view words it)."""

    NOT_APPROVED = "not_approved"  # the award list is not approved yet
    NO_WINNERS = "no_winners"
    NO_AMOUNTS = "no_amounts"  # no prize money set in the edition's set-up
    NO_PEOPLE = "no_people"  # nobody in the roles the committee or jury is made of
    NO_LAGGING = "no_lagging"  # every active unit has taken part


class DocumentRefused(Exception):
    """A document the edition cannot issue yet."""

    def __init__(self, code: DocumentError) -> None:
        super().__init__(code.value)
        self.code = code


def _settings_row(edition: Edition) -> DocumentSettings | None:
    """The edition's saved document settings, if an organizer ever saved them."""
    return db.session.scalar(
        select(DocumentSettings).where(DocumentSettings.edition_id == edition.id)
    )


def settings_of(edition: Edition) -> DocumentSettings:
    """The edition's document settings: the saved row, else the defaults (an object
    not added to the session: reading never writes)."""
    found = _settings_row(edition)
    if found is None:
        defaults = {
            column.key: column.default.arg
            for column in DocumentSettings.__table__.columns
            if column.default is not None and column.default.is_scalar
        }
        name = contest_name(edition.title, edition.year)
        defaults["grounds"] = (
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\n"
            f"Căn cứ Kế hoạch và Thể lệ {name};"
        )
        found = DocumentSettings(edition_id=edition.id, **defaults)
    return found


def saved_settings(edition: Edition) -> DocumentSettings:
    """The settings row to change, written with the defaults if there is none yet."""
    found = _settings_row(edition)
    if found is None:
        # Two first saves at once: the second waits here, then finds the first's row.
        locked(edition)
        found = _settings_row(edition)
    if found is None:
        found = settings_of(edition)
        db.session.add(found)
        db.session.flush()
    return found


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def issuer_of(settings: DocumentSettings, award_list: AwardList | None) -> Issuer:
    """The issuer as documents print it; the signer defaults to the list's approver."""
    name = settings.signer_name
    if not name and award_list is not None and award_list.approved_by is not None:
        name = award_list.approved_by.full_name
    return Issuer(
        parent_body=settings.parent_body,
        name=settings.issuer_name,
        symbol=settings.symbol,
        place=settings.place,
        signer=Signer(settings.signer_position, name, settings.signer_authority),
        authority_title=settings.authority_title,
        grounds=_lines(settings.grounds),
        recipients=_lines(settings.recipients),
        short_name=settings.short_name,
    )


def prize_money(edition: Edition) -> PrizeMoney:
    """The amounts set for the edition's tracks, keyed by (track name, tier)."""
    names = {track.id: track.name for track in edition.tracks}
    rows = db.session.scalars(
        select(PrizeAmount).where(PrizeAmount.track_id.in_(names))
    ).all()
    return PrizeMoney({(names[r.track_id], Tier(r.tier)): r.amount for r in rows})


def save_amounts(actor: User, edition: Edition, amounts: dict[tuple[int, str], int]):
    """Set the amount of each (track id, tier code); audit-logged."""
    existing = {
        (r.track_id, r.tier): r
        for r in db.session.scalars(
            select(PrizeAmount).where(
                PrizeAmount.track_id.in_([t.id for t in edition.tracks])
            )
        )
    }
    for (track_id, tier), amount in amounts.items():
        row = existing.get((track_id, tier))
        if row is None:
            db.session.add(PrizeAmount(track_id=track_id, tier=tier, amount=amount))
        else:
            row.amount = amount
    db.session.flush()
    audit(actor, "documents.prize_amounts", edition, total=sum(amounts.values()))


def register_of(edition: Edition) -> list[IssuedDocument]:
    """Every issued document of the edition, newest first."""
    return list(
        db.session.scalars(
            select(IssuedDocument)
            .where(IssuedDocument.edition_id == edition.id)
            .order_by(IssuedDocument.first_seq.desc())
        )
    )


def local_today(edition: Edition) -> date:
    """Today in the edition's time zone."""
    return datetime.now(UTC).astimezone(edition.zone).date()


def next_seq(edition: Edition) -> int:
    """One past the highest number ever taken in the edition (edition row locked)."""
    locked(edition)
    highest = db.session.scalar(
        select(func.max(IssuedDocument.last_seq)).where(
            IssuedDocument.edition_id == edition.id
        )
    )
    return (highest or 0) + 1


def latest(edition: Edition, kind: DocumentKind) -> IssuedDocument | None:
    """The latest issued document of a kind."""
    return db.session.scalars(
        select(IssuedDocument)
        .where(IssuedDocument.edition_id == edition.id, IssuedDocument.kind == kind)
        .order_by(IssuedDocument.first_seq.desc())
        .limit(1)
    ).first()


def keep(
    edition, actor, kind, seqs, number, title, day, signer, files
) -> IssuedDocument:
    """Store the files and write the register row."""
    docx, pdf, overlay = files
    row = IssuedDocument(
        edition_id=edition.id,
        kind=kind,
        first_seq=seqs[0],
        last_seq=seqs[1],
        number=number,
        title=title,
        issued_on=day,
        signer_name=signer,
        issued_by_id=actor.id if actor else None,
        docx_key=store_bytes(docx, ".docx").key if docx else None,
        pdf_key=store_bytes(pdf, ".pdf").key,
        overlay_key=store_bytes(overlay, ".pdf").key if overlay else None,
    )
    db.session.add(row)
    db.session.flush()
    audit(actor, f"documents.issue.{kind}", edition, number=number)
    return row


def approved_list(edition: Edition) -> AwardList:
    award_list = award_list_of(edition)
    if award_list is None or not award_list.frozen:
        raise DocumentRefused(DocumentError.NOT_APPROVED)
    if not award_list.placements:
        raise DocumentRefused(DocumentError.NO_WINNERS)
    return award_list

"""Issue the award documents: the decision with its annex, the certificates (one
register number per certificate), and the payment list of the prize money. Each is
built from the approved award list by the pure builders and kept by ``service.keep``.
"""

from __future__ import annotations

from datetime import date

from contest.exports.official.docx_writer import render_docx
from contest.exports.official.pdf_writer import render_pdf
from contest.models import DocumentKind, Edition, IssuedDocument, User
from judging.awards.exports import source as award_source
from judging.awards.models.lists import AwardList
from judging.official.core.award_decision import DECISION_KIND, award_decision
from judging.official.core.blanks import overlay_pdf
from judging.official.core.certificates import (
    KINDS,
    certificate_list,
    certificates_docx,
    certificates_pdf,
)
from judging.official.core.context import contest_name
from judging.official.core.payment import PAYMENT_KIND, payment_list
from judging.official.services.store import (
    DocumentError,
    DocumentRefused,
    approved_list,
    issuer_of,
    keep,
    latest,
    local_today,
    next_seq,
    prize_money,
    settings_of,
)


def _decision_day(edition: Edition, award_list: AwardList) -> date:
    """The decision's date: as entered on the list, else the day it was approved."""
    if award_list.decision_date:
        return award_list.decision_date
    if award_list.approved_at:
        return award_list.approved_at.astimezone(edition.zone).date()
    return local_today(edition)


def issue_award_decision(actor: User, edition: Edition) -> IssuedDocument:
    """The decision awarding the prizes, with its annex, numbered and kept."""
    award_list = approved_list(edition)
    issuer = issuer_of(settings_of(edition), award_list)
    seq = next_seq(edition)
    number = issuer.number(seq, DECISION_KIND)
    day = _decision_day(edition, award_list)
    approved = (
        award_list.approved_at.astimezone(edition.zone).date()
        if award_list.approved_at
        else None
    )
    doc = award_decision(
        award_source.edition_info(edition, award_list),
        award_source.award_rows(award_list),
        issuer=issuer,
        number=number,
        day=day,
        money=prize_money(edition),
        approved_on=approved,
    )
    files = (render_docx(doc), render_pdf(doc), None)
    return keep(
        edition, actor, DocumentKind.AWARD_DECISION, (seq, seq), number,
        doc.summary, day, issuer.signer.name, files,
    )  # fmt: skip


def decision_reference(
    edition: Edition, award_list: AwardList
) -> tuple[str, date] | None:
    """The awarding decision's number and date: the latest issued, else as entered."""
    issued = latest(edition, DocumentKind.AWARD_DECISION)
    if issued is not None:
        return issued.number, issued.issued_on
    if award_list.decision_number and award_list.decision_date:
        return award_list.decision_number, award_list.decision_date
    return None


def certificate_day(edition: Edition, award_list: AwardList) -> date:
    """The certificates' date: the award day, else the decision's, else today."""
    if award_list.award_date:
        return award_list.award_date
    reference = decision_reference(edition, award_list)
    return reference[1] if reference else local_today(edition)


def issue_certificates(actor: User, edition: Edition) -> IssuedDocument:
    """One certificate per winning author, each with its own register number."""
    award_list = approved_list(edition)
    settings = settings_of(edition)
    issuer = issuer_of(settings, award_list)
    kind = settings.certificate_kind if settings.certificate_kind in KINDS else "gcn"
    rows = award_source.award_rows(award_list)
    first = next_seq(edition)
    certificates = certificate_list(rows, first, issuer, kind)
    if not certificates:
        raise DocumentRefused(DocumentError.NO_WINNERS)
    last = first + len(certificates) - 1
    day = certificate_day(edition, award_list)
    name = contest_name(edition.title, edition.year)
    files = (
        certificates_docx(certificates, issuer, name, day, kind),
        certificates_pdf(certificates, issuer, name, day, kind),
        overlay_pdf(certificates, day, settings.offset_x_mm, settings.offset_y_mm),
    )
    number = (
        certificates[0].number
        if first == last
        else f"{first:02d}–{last:02d}/{KINDS[kind][2]}-{issuer.symbol}"
    )
    title = f"{KINDS[kind][0].capitalize()} ({len(certificates)}) – {name}"
    return keep(
        edition, actor, DocumentKind.CERTIFICATES, (first, last), number, title,
        day, issuer.signer.name, files,
    )  # fmt: skip


def issue_payment_list(actor: User, edition: Edition) -> IssuedDocument:
    """The payment list of the prize money, numbered and kept."""
    award_list = approved_list(edition)
    money = prize_money(edition)
    if not money.any:
        raise DocumentRefused(DocumentError.NO_AMOUNTS)
    settings = settings_of(edition)
    issuer = issuer_of(settings, award_list)
    seq = next_seq(edition)
    number = issuer.number(seq, PAYMENT_KIND)
    day = local_today(edition)
    doc = payment_list(
        edition.title,
        edition.year,
        award_source.award_rows(award_list),
        issuer=issuer,
        number=number,
        day=day,
        money=money,
        decision=decision_reference(edition, award_list),
        preparer=settings.preparer_name,
        accountant=settings.accountant_name,
    )
    files = (render_docx(doc), render_pdf(doc), None)
    return keep(
        edition, actor, DocumentKind.PAYMENT_LIST, (seq, seq), number, doc.summary,
        day, issuer.signer.name, files,
    )  # fmt: skip

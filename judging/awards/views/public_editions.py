"""The public record of past editions: a list of the editions whose results are
published, and a page per edition with its winners (names, units, titles, featured
people; never contacts), the stories whose writers agreed to publication, the
anthology to download (EPUB, PDF: those stories only) and the rules.

An edition appears only once its award list is published (else 404, like the
results). The anthology files are made once per (edition, publication, format) and
kept in a small in-process cache.
"""

from __future__ import annotations

from flask import abort, render_template
from sqlalchemy import select

from contest.exports import registry as exports
from contest.extensions import db
from contest.models import Edition
from contest.public import bp
from contest.responses import download_response
from judging.awards.exports import source as award_source
from judging.awards.models.lists import AwardList, AwardStage
from judging.awards.services import published as service
from judging.awards.views.collective_forms import TIER_LABELS
from judging.awards.views.public import CACHE_SECONDS, RenderedCache, paragraphs

books = RenderedCache(size=8)
FORMATS = {"epub": "anthology_epub", "pdf": "anthology_pdf"}


def _public(edition_id: int) -> tuple[Edition, AwardList]:
    award_list = service.published_award_list(edition_id)
    if award_list is None:
        abort(404)
    return db.session.get(Edition, edition_id), award_list


def _stories(award_list: AwardList):
    return award_source.anthology_stories(award_list, readable=service.may_be_read)


@bp.route("/editions")
def editions():
    """Every edition whose results are published, newest first."""
    rows = db.session.execute(
        select(Edition, AwardList)
        .join(AwardList, AwardList.edition_id == Edition.id)
        .where(
            AwardList.stage == AwardStage.PUBLISHED,
            Edition.status.in_(service.PUBLIC_EDITIONS),
        )
        .order_by(Edition.year.desc(), Edition.id.desc())
    ).all()
    listed = [
        (edition, len([p for p in award_list.placements]), award_list)
        for edition, award_list in rows
    ]
    return render_template("public/editions.html", editions=listed)


@bp.route("/editions/<int:edition_id>")
def edition_record(edition_id: int):
    """One edition: winners, readable stories, anthology downloads, rules."""
    edition, award_list = _public(edition_id)
    tracks = service.edition_results(award_list)
    readable = [w for t in tracks for _tier, ws in t.tiers for w in ws if w.readable]
    prizes = sum(len(ws) for t in tracks for _tier, ws in t.tiers)
    return render_template(
        "public/edition_record.html",
        edition=edition,
        award_list=award_list,
        tracks=tracks,
        readable=readable,
        prizes=prizes,
        tier_labels=TIER_LABELS,
        intro=paragraphs(edition.intro or ""),
        rules=paragraphs(edition.rules_text or ""),
    )


@bp.route("/editions/<int:edition_id>/anthology.<fmt>")
def edition_anthology(edition_id: int, fmt: str):
    """The anthology of the published stories (consent given), as EPUB or PDF."""
    if fmt not in FORMATS:
        abort(404)
    edition, award_list = _public(edition_id)
    published = award_list.published_at.isoformat() if award_list.published_at else ""
    key = (edition.id, award_list.id, published, fmt)
    made = books.get(key)
    if made is None:
        stories = _stories(award_list)
        if not stories:
            abort(404)
        info = award_source.edition_info(edition, award_list)
        made = exports.run(FORMATS[fmt], edition=info, items=stories)
        books.put(key, made, CACHE_SECONDS)
    return download_response(
        made.data, made.filename, made.mimetype, cache="public, max-age=600"
    )

"""The statistics report of an edition (for the page and the PDF).

Entry counts are the platform's (contest.services.entry_stats: aggregate SQL, the
same entries as on the participation page); this adds participation per cluster,
score distributions (histograms of each round's final scores per track, from
``round_results``: raw or calibrated, as the round says) and prizes per unit (from
the edition's award list) and the featured people by social group and movement year
on year (the editions up to this one).
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, or_, select

from contest.extensions import db
from contest.models import (
    Cluster,
    Edition,
    EditionStatus,
    Entry,
    EntryStatus,
    FeaturedPerson,
    Unit,
)
from contest.services.entry_stats import (
    counted,
    entries_by_cluster,
    entries_by_field,
    entries_by_track,
    entries_by_unit,
)
from contest.textnorm import vi_sort_key
from judging.awards.core import TIER_ORDER, Tier
from judging.awards.models.lists import AwardList, AwardPlacement
from judging.scoring.services.results import round_results
from judging.statistics.core import (
    ClusterParticipation,
    Histogram,
    StatisticsReport,
    UnitPrizes,
    YearTable,
    histogram,
    year_table,
)


def participation_by_cluster(edition: Edition) -> list[ClusterParticipation]:
    """Per cluster: active units, and those with at least one counted entry."""
    active = dict(
        db.session.execute(
            select(Unit.cluster_id, func.count(Unit.id))
            .where(Unit.is_active.is_(True))
            .group_by(Unit.cluster_id)
        ).all()
    )
    taking_part = dict(
        db.session.execute(
            select(Unit.cluster_id, func.count(func.distinct(Unit.id)))
            .join(Entry, Entry.unit_id == Unit.id)
            .where(Unit.is_active.is_(True), counted(edition))
            .group_by(Unit.cluster_id)
        ).all()
    )
    names = dict(db.session.execute(select(Cluster.id, Cluster.name)).all())
    rows = [
        ClusterParticipation(
            names.get(cid) if cid else None, n, taking_part.get(cid, 0)
        )
        for cid, n in active.items()
    ]
    return sorted(rows, key=lambda p: (p.cluster is None, vi_sort_key(p.cluster or "")))


def score_histograms(edition: Edition) -> list[Histogram]:
    """Per round (in order) and track: final scores counted per band."""
    track_names = {t.id: t.name for t in edition.tracks}
    out = []
    for round_ in edition.rounds:
        per_track: dict[int | None, list[float]] = defaultdict(list)
        for result in round_results(round_).entries:
            per_track[result.entry.track_id].append(result.final)
        order = [t.id for t in edition.tracks if t.id in per_track]
        order += [tid for tid in per_track if tid not in track_names]
        for track_id in order:
            out.append(
                Histogram(
                    round_.name,
                    track_names.get(track_id),
                    histogram(per_track[track_id]),
                )
            )
    return out


def prizes_by_unit(edition: Edition) -> list[UnitPrizes]:
    """Prizes of the edition's award list per unit of the winning entries."""
    award_list_id = db.session.scalar(
        select(AwardList.id).where(AwardList.edition_id == edition.id)
    )
    if award_list_id is None:
        return []
    per_unit: dict[str | None, dict[Tier, int]] = defaultdict(dict)
    for unit, tier, n in db.session.execute(
        select(Unit.name, AwardPlacement.tier, func.count(AwardPlacement.id))
        .join(Entry, Entry.id == AwardPlacement.entry_id)
        .outerjoin(Unit, Unit.id == Entry.unit_id)
        .where(AwardPlacement.award_list_id == award_list_id)
        .group_by(Unit.id, Unit.name, AwardPlacement.tier)
    ):
        if tier in set(Tier):
            per_unit[unit][Tier(tier)] = per_unit[unit].get(Tier(tier), 0) + n
    rows = [
        UnitPrizes(unit, {t: prizes[t] for t in TIER_ORDER if prizes.get(t)})
        for unit, prizes in per_unit.items()
    ]
    # Best prizes first (most Đặc biệt, then most Nhất …), then by name.
    return sorted(
        rows,
        key=lambda r: (
            tuple(-r.prizes.get(t, 0) for t in TIER_ORDER),
            r.unit is None,
            vi_sort_key(r.unit or ""),
        ),
    )


def featured_by_year(edition: Edition, column) -> YearTable:
    """Featured people of the counted entries (submitted, not withdrawn) per value
    of ``column`` and per edition year: this edition for its own year (not another
    edition of that year, such as an imported archive or a draft), and the earlier
    editions that are not drafts."""
    rows = db.session.execute(
        select(Edition.year, column, func.count(FeaturedPerson.id))
        .join(Entry, Entry.id == FeaturedPerson.entry_id)
        .join(Edition, Edition.id == Entry.edition_id)
        .where(
            or_(
                Edition.id == edition.id,
                (Edition.year < edition.year) & (Edition.status != EditionStatus.DRAFT),
            ),
            Entry.number.is_not(None),
            Entry.status != EntryStatus.WITHDRAWN,
        )
        .group_by(Edition.year, column)
    ).all()
    return year_table(rows, edition.year)


def statistics_report(edition: Edition) -> StatisticsReport:
    """The whole report of one edition."""
    by_unit = entries_by_unit(edition)
    return StatisticsReport(
        title=edition.title,
        year=edition.year,
        total=sum(c.count for c in by_unit),
        by_unit=by_unit,
        by_cluster=entries_by_cluster(edition),
        by_field=entries_by_field(edition),
        by_track=entries_by_track(edition),
        participation=participation_by_cluster(edition),
        histograms=score_histograms(edition),
        prizes=prizes_by_unit(edition),
        by_group=featured_by_year(edition, FeaturedPerson.social_group),
        by_movement=featured_by_year(edition, FeaturedPerson.movement),
    )

"""Read-only queries shared by several views."""

from __future__ import annotations

from sqlalchemy import select

from contest.extensions import db
from contest.models import Edition, EditionStatus, Unit
from contest.textnorm import vi_sort_key


def current_edition() -> Edition | None:
    """The edition shown on the public site: the latest published one."""
    return db.session.scalar(
        select(Edition)
        .where(Edition.status == EditionStatus.PUBLISHED)
        .order_by(Edition.year.desc(), Edition.id.desc())
        .limit(1)
    )


def unit_choices() -> list[tuple[int, str]]:
    """Active units as (id, name) pairs, sorted the Vietnamese way."""
    units = db.session.scalars(select(Unit).where(Unit.is_active.is_(True))).all()
    return [
        (unit.id, unit.name)
        for unit in sorted(units, key=lambda u: vi_sort_key(u.name))
    ]

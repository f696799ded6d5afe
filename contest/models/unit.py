"""Participating units (đơn vị), a tree of any depth, and their emulation clusters.

A unit with no parent reports to the city itself (districts, departments, mass
organisations); communes, wards and branches name their district or organisation as
parent. The tree rules (subtree, ancestors, cycles) live in contest.unit_tree.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.extensions import db
from contest.models.enums import UnitKind


class Cluster(db.Model):
    """An emulation cluster grouping several units."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)

    units: Mapped[list[Unit]] = relationship(back_populates="cluster")


class Unit(db.Model):
    """A district, commune, department, mass organisation, press agency…"""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    code: Mapped[str | None] = mapped_column(String(40), unique=True)
    kind: Mapped[UnitKind] = mapped_column(String(30), default=UnitKind.OTHER)
    locality: Mapped[str | None] = mapped_column(String(160))
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("cluster.id"))
    is_active: Mapped[bool] = mapped_column(default=True)
    # The unit above this one (None: it reports to the city itself).
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("unit.id", ondelete="SET NULL"), index=True
    )
    # Cadres, civil servants and workers: a "5% of staff" target is computed on it.
    staff_count: Mapped[int | None] = mapped_column(Integer)

    cluster: Mapped[Cluster | None] = relationship(back_populates="units")
    parent: Mapped[Unit | None] = relationship(
        remote_side="Unit.id", back_populates="children"
    )
    children: Mapped[list[Unit]] = relationship(back_populates="parent")

    def __repr__(self) -> str:
        return f"<Unit {self.id} {self.name}>"

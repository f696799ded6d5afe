"""Participating units (đơn vị) and their emulation clusters (cụm thi đua)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
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

    cluster: Mapped[Cluster | None] = relationship(back_populates="units")

    def __repr__(self) -> str:
        return f"<Unit {self.id} {self.name}>"

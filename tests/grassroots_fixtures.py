"""Fixtures of the unit-tree, intake and targets tests: a small city of units."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from contest.extensions import db


@dataclass(frozen=True)
class Tree:
    """Ids of a small city: two districts, with two communes and one commune."""

    district: int  # Quận Ba Đình
    commune_a: int  # Phường Điện Biên (under Ba Đình)
    commune_b: int  # Phường Đội Cấn (under Ba Đình)
    district2: int  # Quận Cầu Giấy
    commune_c: int  # Phường Dịch Vọng (under Cầu Giấy)


@pytest.fixture
def unit_tree_ids(app) -> Tree:
    """city ← Ba Đình ← (Điện Biên, Đội Cấn); city ← Cầu Giấy ← Dịch Vọng."""
    from contest.models import Unit, UnitKind
    from contest.services.units import save_unit

    def add(name, kind, parent=None):
        return save_unit(
            None,
            None,
            name=name,
            kind=kind,
            cluster_name="Cụm 1",
            locality="Hà Nội",
            code="",
            parent=db.session.get(Unit, parent) if parent else None,
        ).id

    with app.test_request_context():
        district = add("Quận Ba Đình", UnitKind.DISTRICT)
        a = add("Phường Điện Biên", UnitKind.COMMUNE, district)
        b = add("Phường Đội Cấn", UnitKind.COMMUNE, district)
        district2 = add("Quận Cầu Giấy", UnitKind.DISTRICT)
        c = add("Phường Dịch Vọng", UnitKind.COMMUNE, district2)
        db.session.commit()
    return Tree(district, a, b, district2, c)


def register_objects(app, edition_id: int) -> dict[str, int]:
    """Ids the access walker needs for the register's and batches' URLs: the
    edition's featured people brought into the register, one person and their
    standing, and a forwarded batch of no unit of the walker's."""
    from contest.models import Edition
    from judging.commendation.models import Commendation
    from judging.commendation.services.sync import sync_edition

    with app.test_request_context():
        sync_edition(None, db.session.get(Edition, edition_id))
        db.session.commit()
        standing = db.session.scalars(db.select(Commendation)).first()
        from judging.grassroots.models import ForwardBatch

        batch = ForwardBatch(edition_id=edition_id)
        db.session.add(batch)
        db.session.commit()
        return {
            "person_id": standing.person_id,
            "standing_id": standing.id,
            "batch_id": batch.id,
        }

"""Unit verbs: create, edit and import the participating units and their clusters."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from contest.extensions import db
from contest.models import Cluster, Unit, UnitKind, User
from contest.services.audit import audit
from contest.textnorm import clean_text, search_key

UNIT_COLUMNS = {
    "name": "name",
    "ten": "name",
    "ten don vi": "name",
    "don vi": "name",
    "unit": "name",
    "kind": "kind",
    "loai": "kind",
    "loai don vi": "kind",
    "type": "kind",
    "cluster": "cluster",
    "cum": "cluster",
    "cum thi dua": "cluster",
    "locality": "locality",
    "dia ban": "locality",
    "dia chi": "locality",
    "code": "code",
    "ma": "code",
    "ma don vi": "code",
}

# Accent-insensitive spellings of each kind accepted in imports.
KIND_SPELLINGS = {
    UnitKind.DISTRICT: ("district", "quan huyen", "quan", "huyen", "thi xa"),
    UnitKind.COMMUNE: ("commune", "xa phuong", "xa", "phuong", "thi tran"),
    UnitKind.DEPARTMENT: ("department", "so nganh", "so", "nganh", "co quan"),
    UnitKind.MASS_ORGANISATION: (
        "mass_organisation",
        "mass organisation",
        "doan the",
        "hoi",
    ),
    UnitKind.PRESS: ("press", "bao chi", "co quan bao chi", "bao"),
    UnitKind.SCHOOL: ("school", "truong", "truong hoc"),
    UnitKind.ENTERPRISE: ("enterprise", "doanh nghiep", "cong ty"),
    UnitKind.ARMED_FORCES: (
        "armed_forces",
        "armed forces",
        "luc luong vu trang",
        "quan doi",
        "cong an",
    ),
    UnitKind.OTHER: ("other", "khac", ""),
}


@dataclass
class ImportReport:
    """What an import did, row by row (row numbers as in the file, header = 1)."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    rejected: list[tuple[int, str, str]] = field(
        default_factory=list
    )  # (row, name, reason code)


def parse_kind(text: str) -> UnitKind | None:
    """The unit kind named by a cell, in Vietnamese or English, or None."""
    key = search_key(text)
    for kind, spellings in KIND_SPELLINGS.items():
        if key in spellings:
            return kind
    return None


def get_or_create_cluster(name: str) -> Cluster | None:
    """The cluster with this name (created if new); None for an empty name."""
    name = clean_text(name or "").strip()
    if not name:
        return None
    clusters = db.session.scalars(select(Cluster)).all()
    for cluster in clusters:
        if search_key(cluster.name) == search_key(name):
            return cluster
    cluster = Cluster(name=name)
    db.session.add(cluster)
    return cluster


def find_unit_by_name(name: str) -> Unit | None:
    """The unit whose name matches accent- and case-insensitively."""
    key = search_key(name)
    for unit in db.session.scalars(select(Unit)).all():
        if search_key(unit.name) == key:
            return unit
    return None


def save_unit(
    actor: User,
    unit: Unit | None,
    *,
    name: str,
    kind: UnitKind,
    cluster_name: str,
    locality: str,
    code: str,
    is_active: bool = True,
) -> Unit:
    """Create a unit (unit=None) or update one."""
    if unit is None:
        unit = Unit()
        db.session.add(unit)
    unit.name = clean_text(name).strip()
    unit.kind = kind
    unit.cluster = get_or_create_cluster(cluster_name)
    unit.locality = clean_text(locality or "").strip() or None
    unit.code = (code or "").strip() or None
    unit.is_active = is_active
    db.session.flush()
    audit(actor, "unit.save", unit, name=unit.name)
    return unit


def import_units(actor: User, rows: list[dict[str, str]]) -> ImportReport:
    """Create or update units from table rows; bad rows are reported, not half-saved."""
    report = ImportReport()
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        name = clean_text(row.get("name", "")).strip()
        if not name:
            report.rejected.append((number, "", "missing_name"))
            continue
        if search_key(name) in seen:
            report.rejected.append((number, name, "duplicate_in_file"))
            continue
        kind = parse_kind(row.get("kind", ""))
        if kind is None:
            report.rejected.append((number, name, "unknown_kind"))
            continue
        code = row.get("code", "").strip()
        existing = find_unit_by_name(name)
        if code:
            other = db.session.scalar(select(Unit).where(Unit.code == code))
            if other is not None and other is not existing:
                report.rejected.append((number, name, "code_taken"))
                continue
        seen.add(search_key(name))
        save_unit(
            actor,
            existing,
            name=name,
            kind=kind,
            cluster_name=row.get("cluster", ""),
            locality=row.get("locality", ""),
            code=code or (existing.code if existing else ""),
        )
        (report.updated if existing else report.created).append(name)
    audit(
        actor,
        "unit.import",
        None,
        created=len(report.created),
        updated=len(report.updated),
        rejected=len(report.rejected),
    )
    return report

"""Unit verbs: create, edit and import the participating units, their clusters and
their place in the unit tree (each unit's parent)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from contest import unit_tree
from contest.extensions import db
from contest.models import Cluster, Unit, UnitKind, User
from contest.services.audit import audit
from contest.services.unit_tree import forget_tree
from contest.textnorm import clean_text, search_key

KEEP = object()  # save_unit: leave this attribute as it is

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
    "parent": "parent",
    "parent unit": "parent",
    "don vi cap tren": "parent",
    "cap tren": "parent",
    "truc thuoc": "parent",
    "staff": "staff",
    "staff count": "staff",
    "so can bo": "staff",
    "so nguoi": "staff",
    "so can bo cong chuc": "staff",
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
    parent=KEEP,
    staff_count=KEEP,
) -> Unit:
    """Create a unit (unit=None) or update one; `parent` (a Unit or None) and
    `staff_count` are changed only when given. The caller checks the parent makes no
    cycle (contest.unit_tree.would_cycle)."""
    if unit is None:
        unit = Unit()
        db.session.add(unit)
    if parent is not KEEP:
        unit.parent = parent
    if staff_count is not KEEP:
        unit.staff_count = staff_count
    unit.name = clean_text(name).strip()
    unit.kind = kind
    unit.cluster = get_or_create_cluster(cluster_name)
    unit.locality = clean_text(locality or "").strip() or None
    unit.code = (code or "").strip() or None
    unit.is_active = is_active
    db.session.flush()
    forget_tree()
    audit(actor, "unit.save", unit, name=unit.name)
    return unit


def _parse_staff(text: str) -> int | str | None:
    """A staff count cell: a whole number, None when empty, "bad" otherwise."""
    text = (text or "").replace(".", "").replace(",", "").replace(" ", "")
    if not text:
        return None
    return int(text) if text.isdigit() else "bad"


def import_units(actor: User, rows: list[dict[str, str]]) -> ImportReport:
    """Create or update units from table rows; bad rows are reported, not half-saved.

    A row may name its parent unit (by name or code, in the file or already known);
    parents are saved before their children whatever the order of the rows.
    """
    report = ImportReport()
    seen: set[str] = set()
    good: dict[str, tuple[int, dict[str, str], str, UnitKind, int | None]] = {}
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
        staff = _parse_staff(row.get("staff", ""))
        if staff == "bad":
            report.rejected.append((number, name, "bad_staff"))
            continue
        code = row.get("code", "").strip()
        existing = find_unit_by_name(name)
        if code:
            other = db.session.scalar(select(Unit).where(Unit.code == code))
            if other is not None and other is not existing:
                report.rejected.append((number, name, "code_taken"))
                continue
        seen.add(search_key(name))
        good[search_key(name)] = (number, row, name, kind, staff)
    codes = {row.get("code", "").strip(): key for key, (_n, row, *_r) in good.items()}
    parent_keys = {
        key: _parent_key(row.get("parent", ""), good, codes)
        for key, (_n, row, *_r) in good.items()
    }
    saved: dict[str, Unit] = {}
    for key in unit_tree.import_order(parent_keys):
        number, row, name, kind, staff = good[key]
        parent_cell = clean_text(row.get("parent", "")).strip()
        parent, reason = _resolve_parent(parent_cell, parent_keys[key], saved, name)
        if reason is not None:
            report.rejected.append((number, name, reason))
            continue
        existing = find_unit_by_name(name)
        if (
            existing is not None
            and parent is not None
            and parent.id is not None
            and unit_tree.would_cycle(
                {i: p for i, p in db.session.execute(select(Unit.id, Unit.parent_id))},
                existing.id,
                parent.id,
            )
        ):
            report.rejected.append((number, name, "parent_cycle"))
            continue
        extra = {}
        if parent_cell:
            extra["parent"] = parent
        if staff is not None:
            extra["staff_count"] = staff
        code = row.get("code", "").strip()
        saved[key] = save_unit(
            actor,
            existing,
            name=name,
            kind=kind,
            cluster_name=row.get("cluster", ""),
            locality=row.get("locality", ""),
            code=code or (existing.code if existing else ""),
            **extra,
        )
        (report.updated if existing else report.created).append(name)
    report.rejected.sort()
    audit(
        actor,
        "unit.import",
        None,
        created=len(report.created),
        updated=len(report.updated),
        rejected=len(report.rejected),
    )
    return report


def _parent_key(cell: str, good: dict, codes: dict[str, str]) -> str:
    """The file key of the parent a row names ("" when it is not a row of the file)."""
    cell = clean_text(cell or "").strip()
    if not cell:
        return ""
    if search_key(cell) in good:
        return search_key(cell)
    return codes.get(cell, "")


def _resolve_parent(
    cell: str, key: str, saved: dict[str, Unit], name: str
) -> tuple[Unit | None, str | None]:
    """The parent unit a row names, or a reason code why it cannot be used."""
    if not cell:
        return None, None
    if key:
        if key == search_key(name):
            return None, "parent_cycle"
        if key not in saved:  # its parent's row was rejected, or they form a loop
            return None, "parent_not_imported"
        return saved[key], None
    unit = find_unit_by_name(cell) or db.session.scalar(
        select(Unit).where(Unit.code == cell)
    )
    if unit is None:
        return None, "unknown_parent"
    return unit, None

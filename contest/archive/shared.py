"""Rows an archive refers to that every edition shares: people, units, reference
documents. Exported as a minimal identity; on import matched with what is here
(people by email, units by code then name, references by the hash of their text)
and created when missing: people as inactive accounts that cannot log in, units as
inactive units. Password hashes, phones and addresses of accounts never leave.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import func, insert, select

from contest.archive.tables import BY_TABLE, SHARED, IdMaps
from contest.archive.values import encode_row, remap_row
from contest.extensions import db
from contest.models import Cluster, Unit, UnitKind, User
from contest.services.accounts import normalize_email

# The reference corpus is a feature's table (plagiarism): known here by its name only.
REFERENCES = "reference_document"
# No password matches it (werkzeug refuses the format): the account cannot log in.
UNUSABLE_PASSWORD = "!archived"
CHUNK = 500


def _chunks(values: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def referenced(tables: dict[str, list[dict]], audit_rows: list[dict]) -> dict:
    """The ids of shared rows the archived rows link to, by shared table."""
    found: dict[str, set[int]] = {name: set() for name in SHARED}
    for name, rows in tables.items():
        for column in BY_TABLE[name].columns.columns:
            for foreign_key in column.foreign_keys:
                target = foreign_key.column.table.name
                if target in found:
                    found[target] |= {r[column.name] for r in rows} - {None}
    found["user"] |= {r["actor_id"] for r in audit_rows} - {None}
    return found


def export_shared(ids: dict[str, set[int]]) -> dict[str, list[dict[str, Any]]]:
    """The shared rows as they go into the archive."""
    table = db.metadata.tables[REFERENCES]
    references = []
    for chunk in _chunks(sorted(ids["reference_document"])):
        rows = db.session.execute(
            select(table).where(table.c.id.in_(chunk)).order_by(table.c.id)
        ).mappings()
        references += [encode_row(table, row) for row in rows]
    users = ids["user"] | {r["imported_by_id"] for r in references} - {None}
    people = []
    for chunk in _chunks(sorted(users)):
        people += [
            {"id": user_id, "email": email, "full_name": name}
            for user_id, email, name in db.session.execute(
                select(User.id, User.email, User.full_name)
                .where(User.id.in_(chunk))
                .order_by(User.id)
            )
        ]
    units = []
    for chunk in _chunks(sorted(ids["unit"])):
        for unit in db.session.scalars(select(Unit).where(Unit.id.in_(chunk))):
            units.append(
                {
                    "id": unit.id,
                    "name": unit.name,
                    "code": unit.code,
                    "kind": str(unit.kind),
                    "locality": unit.locality,
                    "cluster": unit.cluster.name if unit.cluster else None,
                }
            )
    return {"user": people, "unit": units, "reference_document": references}


def import_shared(shared: dict[str, list[dict]], ids: IdMaps) -> dict[str, int]:
    """Match or create the shared rows; fills ``ids``; how many were created."""
    created = {
        "user": _import_users(shared.get("user", []), ids.setdefault("user", {})),
        "unit": _import_units(shared.get("unit", []), ids.setdefault("unit", {})),
    }
    created["reference_document"] = _import_references(
        shared.get("reference_document", []), ids
    )
    return created


def _existing(
    id_column, column, values: Iterable[str], key=lambda c: c
) -> dict[str, int]:
    """Existing rows' ids by the (normalised) value of a column of their table."""
    found: dict[str, int] = {}
    for chunk in _chunks(sorted(set(values))):
        for row_id, value in db.session.execute(
            select(id_column, key(column)).where(key(column).in_(chunk))
        ):
            found[value] = row_id
    return found


def _import_users(rows: list[dict], ids: dict[int, int]) -> int:
    emails = {row["id"]: normalize_email(row["email"]) for row in rows}
    known = _existing(User.id, User.email, emails.values(), key=func.lower)
    new: dict[str, User] = {}
    for row in rows:
        email = emails[row["id"]]
        if email not in known and email not in new:
            new[email] = User(
                email=email,
                full_name=row.get("full_name") or email,
                password_hash=UNUSABLE_PASSWORD,
                is_active_account=False,
            )
            db.session.add(new[email])
    db.session.flush()
    for row in rows:
        email = emails[row["id"]]
        ids[row["id"]] = known[email] if email in known else new[email].id
    return len(new)


def _import_units(rows: list[dict], ids: dict[int, int]) -> int:
    units = db.session.scalars(select(Unit)).all()
    by_code = {u.code: u for u in units if u.code}
    by_name = {u.name: u for u in units}
    clusters = {c.name: c for c in db.session.scalars(select(Cluster))}
    created = 0
    for row in rows:
        unit = by_code.get(row.get("code") or "") or by_name.get(row["name"])
        if unit is None:
            kind = row.get("kind")
            unit = Unit(
                name=row["name"],
                code=row.get("code") or None,
                kind=kind if kind in set(UnitKind) else UnitKind.OTHER,
                locality=row.get("locality"),
                cluster=clusters.get(row.get("cluster") or ""),
                is_active=False,
            )
            db.session.add(unit)
            db.session.flush()
            by_name[unit.name] = unit
            created += 1
        ids[row["id"]] = unit.id
    return created


def _import_references(rows: list[dict], ids: IdMaps) -> int:
    table = db.metadata.tables[REFERENCES]
    mapped = ids.setdefault("reference_document", {})
    known = _existing(table.c.id, table.c.sha256, (r["sha256"] for r in rows))
    created = 0
    for row in rows:
        if row["sha256"] in known:
            mapped[row["id"]] = known[row["sha256"]]
            continue
        values = remap_row(table, row, ids, {}, frozenset())
        new_id = db.session.execute(insert(table).returning(table.c.id), values)
        mapped[row["id"]] = known[row["sha256"]] = new_id.scalar_one()
        created += 1
    return created

"""What an archive must be before anything of it is written: well formed (rows with
their ids, storage keys that stay inside the uploads, every required link inside the
archive), not imported here before, and clashing with nothing this database holds."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import UniqueConstraint, select

from contest.archive.reader import ArchiveError, key_columns
from contest.archive.tables import EDITION, PARTS, Part, own_id
from contest.extensions import db
from contest.models import Edition

CHUNK = 500
SHOWN = 5  # clashing values named in the message
STORAGE_KEY = re.compile(r"[0-9a-f]{2}/[0-9a-f]{64}[a-z0-9.]{0,10}")  # contest.storage


def _chunks(values: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def admit(document: dict[str, Any]) -> str:
    """Raise ArchiveError unless this database can take the archive; its archive id."""
    archive_id = _archive_id(document)
    _check_shape(document)
    _check_links(document)
    _refuse_if_present(archive_id)
    _refuse_clashes(document["tables"])
    return archive_id


def _archive_id(document: dict[str, Any]) -> str:
    """The archived edition's identity, checked to be a uuid."""
    try:
        return str(uuid.UUID(str(document.get("archive_id"))))
    except ValueError:
        raise ArchiveError(_("This file is not an edition archive.")) from None


def _check_shape(document: dict[str, Any]) -> None:
    """Rows are lists of objects with their ids; every file key is a storage key (a
    hand-made archive must not point rows at files outside the uploads)."""
    tables, files = document.get("tables"), document.get("files") or {}
    known = {part.table: part for part in PARTS}
    if not isinstance(files, dict) or set(tables) - set(known):
        raise ArchiveError(_("This file is not an edition archive."))
    if not isinstance(tables.get(EDITION), list) or len(tables[EDITION]) != 1:
        raise ArchiveError(_("This file is not an edition archive."))
    named = set()
    for name, rows in tables.items():
        numbered = own_id(known[name].columns) is not None
        if not isinstance(rows, list) or not all(
            isinstance(r, dict) and (not numbered or isinstance(r.get("id"), int))
            for r in rows
        ):
            raise ArchiveError(_("This file is not an edition archive."))
        for column in (c for t, c in key_columns() if t == name):
            named |= {r.get(column) for r in rows} - {None}
    if named - set(files) or not all(
        isinstance(k, str) and STORAGE_KEY.fullmatch(k) for k in files
    ):
        raise ArchiveError(_("The archive does not match its manifest."))


def _check_links(document: dict[str, Any]) -> None:
    """Every required link of a row points at a row the archive brings."""
    tables, shared = document["tables"], document.get("shared") or {}
    present = {
        name: {row.get("id") for row in rows}
        for name, rows in [*tables.items(), *shared.items()]
        if isinstance(rows, list)
    }
    for part in PARTS:
        for column in part.columns.columns:
            if column.nullable or not column.foreign_keys:
                continue
            (foreign_key,) = column.foreign_keys
            known = present.get(foreign_key.column.table.name, set())
            for row in tables.get(part.table, []):
                if row.get(column.name) not in known:
                    link = f"{part.table}.{column.name} = {row.get(column.name)}"
                    raise ArchiveError(
                        _("The archive is inconsistent (%(link)s).", link=link)
                    )


def _refuse_if_present(archive_id: str) -> None:
    """The same edition is never imported twice (nor imported where it came from)."""
    present = db.session.scalar(
        select(Edition).where(Edition.archive_uuid == archive_id)
    )
    if present is not None:
        raise ArchiveError(
            _(
                "This edition is already in the database: %(title)s (%(year)s).",
                title=present.title,
                year=present.year,
            )
        )


def _global_unique_columns(part: Part) -> list[str]:
    """Columns unique across the database on their own (entry numbers, codes)."""
    found = []
    for constraint in part.columns.constraints:
        if not isinstance(constraint, UniqueConstraint):
            continue
        columns = list(constraint.columns)
        if len(columns) != 1 or columns[0].foreign_keys:
            continue
        name = columns[0].name
        if name not in part.reset and name not in part.derived:
            found.append(name)
    return found


def _refuse_clashes(tables: dict[str, list[dict]]) -> None:
    """Refuse values that must be unique and are already used here."""
    clashes = []
    for part in PARTS[1:]:
        table = part.columns
        for name in _global_unique_columns(part):
            values = sorted({r[name] for r in tables.get(part.table, [])} - {None})
            for chunk in _chunks(values):
                clashes += [
                    f"{part.table}.{name} {value}"
                    for value in db.session.scalars(
                        select(table.c[name]).where(table.c[name].in_(chunk))
                    )
                ]
    if clashes:
        raise ArchiveError(
            _(
                "Some values of this archive are already used in this database "
                "(%(values)s): is this edition already here under another name?",
                values=", ".join(sorted(clashes)[:SHOWN]),
            )
        )

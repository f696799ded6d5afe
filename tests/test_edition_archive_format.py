"""The archive's table list stays complete and importable as the data model grows:
a new table tied to an edition must be listed, in an order that can be imported."""

from __future__ import annotations

from contest.archive.tables import (  # and every model
    AUDIT,
    EDITION,
    PARTS,
    REGISTER_OWNED,
    SHARED,
)
from contest.extensions import db

ARCHIVED = [part.table for part in PARTS]


def tied_to_edition() -> set[str]:
    """Every table whose rows reach the edition through foreign keys."""
    tied = {EDITION}
    grew = True
    while grew:
        grew = False
        for table in db.metadata.sorted_tables:
            if table.name in tied or table.name in (*SHARED, *REGISTER_OWNED, AUDIT):
                continue
            targets = {fk.column.table.name for fk in table.foreign_keys}
            if targets & tied:
                tied.add(table.name)
                grew = True
    return tied


def test_every_table_tied_to_an_edition_is_archived(app):
    """A table of an edition missing from PARTS would be lost by export and import
    (``app``: every model the app uses is registered)."""
    assert tied_to_edition() - set(ARCHIVED) == set()
    assert set(ARCHIVED) <= set(db.metadata.tables)


def test_parts_are_listed_in_an_order_that_imports(app):
    """Each part hangs from the edition or a part above it, and every link to another
    part points upwards (its new id is known when the row is inserted)."""
    seen: set[str] = set()
    for part in PARTS:
        if part.via is not None:
            assert part.columns.c[part.via].foreign_keys, part
            assert part.parent in seen, part
        for column in part.columns.columns:
            for foreign_key in column.foreign_keys:
                target = foreign_key.column.table.name
                if target in ARCHIVED:
                    assert target in seen | {part.table}, (part.table, column.name)
                else:
                    assert target in SHARED or column.nullable, (
                        part.table,
                        column.name,
                    )
        seen.add(part.table)

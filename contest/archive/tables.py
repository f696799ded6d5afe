"""Which tables an edition archive holds, and how each row belongs to the edition.

PARTS is read top to bottom. Each table is tied to the edition by one foreign-key
column (``via``) pointing at the edition or at a table listed above it, so a new table
of an edition is one line here (tests/test_edition_archive_format.py fails while a
table tied to an edition is missing here). Rows are exported whole,
every column. On import every row gets a new id and every foreign key is remapped: to
a row imported before it, to a shared row matched by identity (SHARED: users by email,
units by code or name, reference documents by hash), else to NULL (a link outside the
edition, e.g. the archive entry of an earlier year a pair was found with).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Select, Table, select, update

import contest.models  # noqa: F401  (the tables listed below, whatever imported us)
from contest.extensions import db

IdMaps = dict[str, dict[int, int]]  # table -> old id -> new id
# fix(new_row, old_row, ids): adjust values that hold ids outside foreign keys, or
# carry the values of an archive made before a column moved to where they live now.
Fix = Callable[[dict, dict, IdMaps], None]

EDITION = "edition"
AUDIT = "audit_log"
# Shared with other editions: matched on import, never duplicated (contest.archive.shared).
SHARED = ("user", "unit", "reference_document")


@dataclass(frozen=True)
class Part:
    """One table of the archive and the column that ties its rows to the edition."""

    table: str
    via: str | None  # None for the edition row itself
    # One-off keys of the source database, cleared on import (e.g. form idempotency).
    reset: tuple[str, ...] = ()
    # Columns ``fix`` computes again on import (never compared with existing rows).
    derived: tuple[str, ...] = ()
    fix: Fix | None = None

    @property
    def columns(self) -> Table:
        """The SQLAlchemy table."""
        return db.metadata.tables[self.table]

    @property
    def parent(self) -> str | None:
        """The table ``via`` points at."""
        if self.via is None:
            return None
        (foreign_key,) = self.columns.c[self.via].foreign_keys
        return foreign_key.column.table.name


def _criterion_keys(*names: str) -> Fix:
    """Score sheets key their values by criterion id: map the keys to the new ids
    (a key of a criterion no longer in the rubric is dropped, it points nowhere)."""

    def fix(row: dict, _old: dict, ids: IdMaps) -> None:
        criteria = ids.get("criterion", {})
        for name in names:
            value = row.get(name)
            if isinstance(value, dict):
                row[name] = {
                    str(criteria[int(key)]): item
                    for key, item in value.items()
                    if key.isdigit() and int(key) in criteria
                }

    return fix


def _tie_rules(row: dict, _old: dict, ids: IdMaps) -> None:
    """Award tie-break rules name criteria as "criterion:<id>"."""
    criteria = ids.get("criterion", {})
    rules = []
    for rule in row.get("tie_rules") or []:
        kind, _, value = str(rule).partition(":")
        if kind != "criterion":
            rules.append(rule)
        elif value.isdigit() and int(value) in criteria:
            rules.append(f"criterion:{criteria[int(value)]}")
    row["tie_rules"] = rules


def _pair_key(row: dict, old: dict, _ids: IdMaps) -> None:
    """A pair's key names its edition and entries: build it from the new ids."""
    if row.get("b_entry_id"):
        other = f"e{row['b_entry_id']}"
    elif row.get("b_reference_id"):
        other = f"r{row['b_reference_id']}"
    else:
        other = f"x{old['id']}"  # its entry B stayed in another edition
    row["pair_key"] = f"{row['edition_id']}:e{row['a_entry_id']}:{other}"


def _old_collective(row: dict, old: dict, _ids: IdMaps) -> None:
    """Archives made before featured people had a kind of subject say only whether
    the subject is a collective."""
    if "subject_kind" not in old and old.get("is_collective"):
        row["subject_kind"] = "collective"


def _old_locality_rule(row: dict, old: dict, _ids: IdMaps) -> None:
    """Archives made before the rule moved to the edition keep "the featured person's
    address is required" on the commendation plan: set it on the imported edition."""
    if old.get("locality_required"):
        edition = db.metadata.tables[EDITION]
        db.session.execute(
            update(edition)
            .where(edition.c.id == row["edition_id"])
            .values(featured_locality_required=True)
        )


PARTS: tuple[Part, ...] = (
    Part(EDITION, None),
    Part("track", "edition_id"),
    Part("award_tier", "track_id"),
    Part("field", "edition_id"),
    Part("edition_staff", "edition_id"),
    Part("round", "edition_id"),
    Part("criterion", "edition_id"),
    Part("judging_settings", "edition_id"),
    Part("judge_profile", "edition_id"),
    Part("judge_profile_field", "profile_id"),
    Part("judge_profile_round", "profile_id"),
    Part("entry", "edition_id", reset=("idempotency_key", "import_key")),
    Part("attachment", "entry_id"),
    Part("entry_version", "entry_id"),
    Part("entry_author", "entry_id"),
    Part("featured_person", "entry_id", fix=_old_collective),
    Part("redaction", "version_id"),
    Part("judging_code", "round_id"),
    Part("assignment", "round_id"),
    Part("unit_round_judge", "round_id"),
    Part("unit_shortlist", "round_id"),
    Part("score", "assignment_id", fix=_criterion_keys("values", "comments")),
    Part("conflict", "edition_id"),
    Part("boilerplate_phrase", "edition_id"),
    Part("similarity_match", "edition_id", derived=("pair_key",), fix=_pair_key),
    Part("similarity_pending", "edition_id"),
    Part("award_list", "edition_id", fix=_tie_rules),
    Part("award_override", "award_list_id"),
    Part("award_placement", "award_list_id"),
    Part("award_log", "award_list_id"),
    Part("featured_merge", "edition_id"),
    Part("award_notice_template", "edition_id"),
    Part("award_notice_delivery", "edition_id"),
    Part("prize_amount", "track_id"),
    Part("document_settings", "edition_id"),
    Part("issued_document", "edition_id"),
    Part("intake_settings", "edition_id"),
    Part("unit_target", "edition_id"),
    Part("unit_reminder", "edition_id"),
    Part("forward_batch", "edition_id"),
    Part("entry_forward", "entry_id"),
    Part("unit_award_list", "edition_id"),
    Part("unit_prize_level", "list_id"),
    Part("unit_award", "list_id"),
    Part("commendation_plan", "edition_id", fix=_old_locality_rule),
    Part("entry_confirmation", "entry_id"),
)
# Tied to an edition but owned by a register that spans editions: a person's standing
# in the commendation register (judging.commendation) hangs from the register's person,
# which no single edition's archive holds; the register keeps it, whatever happens to
# the edition's archive.
REGISTER_OWNED = ("commendation",)
BY_TABLE = {part.table: part for part in PARTS}


def own_id(table: Table):
    """The table's own integer id column, or None (association tables)."""
    column = table.c.get("id")
    if column is None or not column.primary_key or column.foreign_keys:
        return None
    return column


def scope(table_name: str, edition_id: int) -> Select:
    """The ids of the table's rows that belong to the edition (a subquery)."""
    part = BY_TABLE[table_name]
    table = part.columns
    if part.via is None:
        return select(table.c.id).where(table.c.id == edition_id)
    return select(own_id(table)).where(_belongs(part, edition_id))


def _belongs(part: Part, edition_id: int):
    """The condition that a row of the part belongs to the edition."""
    column = part.columns.c[part.via]
    if part.parent == EDITION:
        return column == edition_id
    return column.in_(scope(part.parent, edition_id))


def rows_of(part: Part, edition_id: int) -> Select:
    """Every row of the part that belongs to the edition, in a stable order."""
    table = part.columns
    query = select(table)
    query = query.where(
        table.c.id == edition_id if part.via is None else _belongs(part, edition_id)
    )
    return query.order_by(*table.primary_key.columns)


def object_types() -> dict[str, str]:
    """Audit rows name their object by class ("similaritymatch"): class -> table."""
    return {
        mapper.class_.__name__.lower(): mapper.local_table.name
        for mapper in db.Model.registry.mappers
    }

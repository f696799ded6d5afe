"""Unit tree verbs: load the tree, a focal point's subtree, who may forward an entry.

The tree is small (a city has a few hundred to a thousand units), so it is read whole,
once per request (kept in flask.g), and handed to the pure rules in contest.unit_tree.
Forwarding (judging.grassroots.services.forward) moves an entry one level up, to the
parent of the unit that forwards it; a unit with no parent forwards to the city, where
the entry becomes FORWARDED. Every step is kept as an EntryForward row (the entry's
lower-level history).
"""

from __future__ import annotations

from flask import g, has_app_context
from sqlalchemy import select

from contest import unit_tree
from contest.extensions import db
from contest.models import Entry, EntryStatus, Unit, User

_CACHE = "_unit_parent_map"


def parent_map() -> dict[int, int | None]:
    """{unit id: parent id} of every unit, read once per request."""
    cached = getattr(g, _CACHE, None) if has_app_context() else None
    if cached is None:
        cached = {i: p for i, p in db.session.execute(select(Unit.id, Unit.parent_id))}
        if has_app_context():
            setattr(g, _CACHE, cached)
    return cached


def forget_tree() -> None:
    """Drop the cached tree (after a unit's parent changed)."""
    if has_app_context() and hasattr(g, _CACHE):
        delattr(g, _CACHE)


def subtree_ids(unit_id: int | None) -> set[int]:
    """The unit and every unit below it (empty for no unit)."""
    if unit_id is None:
        return set()
    return unit_tree.subtree(parent_map(), unit_id)


def holder_id(entry: Entry) -> int | None:
    """The unit the entry now stands with (None: at the city, or no unit at all;
    an entry its writer sent straight to the city is never with a unit)."""
    if entry.status != EntryStatus.SUBMITTED or entry.direct_to_city:
        return None
    return entry.holder_unit_id or entry.unit_id


def may_forward(entry: Entry, unit_id: int) -> bool:
    """A submitted entry held anywhere in the unit's subtree may be forwarded by it."""
    holder = holder_id(entry)
    return holder is not None and holder in subtree_ids(unit_id)


def set_parent(actor: User | None, unit: Unit, parent: Unit | None) -> bool:
    """Give the unit a parent; False (and nothing changed) when it would cycle."""
    parents = dict(parent_map())
    if unit.id is not None and unit_tree.would_cycle(
        parents, unit.id, parent.id if parent else None
    ):
        return False
    unit.parent = parent
    db.session.flush()
    forget_tree()
    return True

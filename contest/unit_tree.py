"""The unit tree, pure: subtrees, ancestors, cycle checks and display order.

Units form a forest (city ← district / department / mass organisation ← commune /
ward / branch); a unit with no parent reports to the city itself. Everything here
takes a plain ``{unit id: parent id or None}`` map and returns plain values, so the
same rules serve access checks, forwarding, conflicts and imports.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping

ParentMap = Mapping[int, int | None]


def children_of(parents: ParentMap) -> dict[int, list[int]]:
    """Each unit's direct children (units with no child are absent)."""
    children: dict[int, list[int]] = defaultdict(list)
    for unit_id, parent_id in parents.items():
        if parent_id is not None:
            children[parent_id].append(unit_id)
    return children


def subtree(parents: ParentMap, root: int) -> set[int]:
    """The unit and every unit below it, at any depth (a cycle cannot loop forever)."""
    children = children_of(parents)
    found, stack = {root}, [root]
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def ancestors(parents: ParentMap, unit_id: int) -> list[int]:
    """The unit's parent, grandparent, … up to a unit that reports to the city."""
    chain: list[int] = []
    seen = {unit_id}
    current = parents.get(unit_id)
    while current is not None and current not in seen:
        chain.append(current)
        seen.add(current)
        current = parents.get(current)
    return chain


def would_cycle(parents: ParentMap, unit_id: int, new_parent: int | None) -> bool:
    """True when giving the unit this parent would make it its own ancestor."""
    if new_parent is None:
        return False
    return new_parent == unit_id or unit_id in ancestors(parents, new_parent)


def depth(parents: ParentMap, unit_id: int) -> int:
    """0 for a unit reporting to the city, 1 for its children, and so on."""
    return len(ancestors(parents, unit_id))


def tree_order(
    parents: ParentMap, sort_key: Callable[[int], object]
) -> list[tuple[int, int]]:
    """(unit id, depth) in depth-first order, siblings sorted by ``sort_key``.

    A unit whose parent is unknown (or on a cycle) is shown as a root, so no unit is
    ever hidden from the organizers' list.
    """
    children = children_of(parents)
    roots = [u for u, p in parents.items() if p is None or p not in parents]
    out: list[tuple[int, int]] = []
    seen: set[int] = set()

    def walk(unit_id: int, level: int) -> None:
        if unit_id in seen:
            return
        seen.add(unit_id)
        out.append((unit_id, level))
        for child in sorted(children.get(unit_id, ()), key=sort_key):
            walk(child, level + 1)

    for root in sorted(roots, key=sort_key):
        walk(root, 0)
    for unit_id in sorted(parents, key=sort_key):  # what a cycle left unreached
        walk(unit_id, 0)
    return out


def import_order(rows: Mapping[str, str]) -> list[str]:
    """Row keys ordered so that every parent named in the file comes before its
    children (``rows`` maps a row's key to its parent's key, "" for none). Keys on a
    cycle come last, in file order; the importer rejects them."""
    placed: list[str] = []
    done: set[str] = set()
    remaining = list(rows)
    progress = True
    while remaining and progress:
        progress = False
        for key in list(remaining):
            parent = rows[key]
            if not parent or parent not in rows or parent in done:
                placed.append(key)
                done.add(key)
                remaining.remove(key)
                progress = True
    return placed + remaining

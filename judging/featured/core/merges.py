"""Merging featured people that are likely one person (pure).

Rows of the featured-people table carry a person key ``name|place``
(``judging.featured.core.names``). Two rows with the same name key but a different place
(one writer typed "Phường Hàng Bạc", another "P. Hàng Bạc") are *proposed* for a merge;
the organizer confirms or rejects each proposal. Confirmed pairs join their rows (and
chain: a–b and b–c make one person); a rejected pair is never proposed again. Nothing
merges without a confirmation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from judging.featured.core.names import name_part

Pair = tuple[str, str]


def pair(a: str, b: str) -> Pair:
    """The pair in its stored order (smaller key first)."""
    return (a, b) if a <= b else (b, a)


def canonical_keys(keys: Iterable[str], confirmed: Iterable[Pair]) -> dict[str, str]:
    """Each key → the smallest key of its merged group (itself when never merged).

    Confirmed pairs may name keys no longer present (an entry left the shortlist):
    they still chain the keys that are present.
    """
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for a, b in confirmed:
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            low, high = sorted((root_a, root_b))
            parent[high] = low
    return {key: find(key) for key in keys}


def merge_proposals(
    keys: Iterable[str], confirmed: Iterable[Pair], rejected: Iterable[Pair]
) -> list[Pair]:
    """Pairs of groups with the same name key, not merged and not rejected yet.

    Each proposal names the smallest key of each group, in stored order; groups
    already separated by a rejection of any of their members are not proposed.
    """
    keys = sorted(set(keys))
    root = canonical_keys(keys, confirmed)
    members: dict[str, set[str]] = defaultdict(set)
    for key in keys:
        members[root[key]].add(key)
    refused = {pair(*p) for p in rejected}
    by_name: dict[str, list[str]] = defaultdict(list)
    for group in sorted(members):
        by_name[name_part(group)].append(group)
    proposals = []
    for groups in by_name.values():
        for i, a in enumerate(groups):
            for b in groups[i + 1 :]:
                if any(pair(x, y) in refused for x in members[a] for y in members[b]):
                    continue
                proposals.append(pair(a, b))
    return proposals

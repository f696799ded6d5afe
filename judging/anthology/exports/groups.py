"""How the anthology's stories are grouped for its table of contents (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from contest.textnorm import vi_sort_key
from judging.awards.core import TIER_ORDER
from judging.awards.exports.data import AnthologyStory

__all__ = ["OTHER_FIELD", "group_stories"]

OTHER_FIELD = "Lĩnh vực khác"


def group_stories(
    stories: Sequence[AnthologyStory], group_by: Literal["field", "tier"]
) -> list[tuple[str, list[AnthologyStory]]]:
    """(heading, stories) groups; stories keep the given order inside a group.

    By field: fields in Vietnamese alphabetical order, stories without a field last.
    By tier: Đặc biệt, Nhất, … in prize order; stories without a tier last.
    """
    if group_by not in ("field", "tier"):
        raise ValueError(f"group_by must be 'field' or 'tier', not {group_by!r}")
    groups: dict[str, list[AnthologyStory]] = {}
    order: dict[str, tuple] = {}
    for story in stories:
        if group_by == "field":
            label = story.field or OTHER_FIELD
            key = (not story.field, vi_sort_key(label), label)
        else:
            label = f"Giải {story.tier_label}" if story.tier_label else "Tác phẩm khác"
            rank = TIER_ORDER.index(story.tier) if story.tier else len(TIER_ORDER)
            key = (rank, not story.tier_label, vi_sort_key(label), label)
        groups.setdefault(label, []).append(story)
        order.setdefault(label, key)
    return [(label, groups[label]) for label in sorted(groups, key=order.__getitem__)]
